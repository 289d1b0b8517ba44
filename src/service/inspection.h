/*
 * inspection.h — inspections (保密检查, INSP-1) and rectification notices
 * (整改通知书, INSP-2), service/inspection.c.
 *
 * An inspection records its kind (regular: the policy's calendar, every
 * inspection.interval_months; spot 抽查; special 专项), the day it was
 * held, its scope (the whole unit or some of its departments), its
 * inspectors (people of the unit), its checklist answers and a summary.
 * Each finding becomes a rectification notice with a department of the
 * unit, the person answering for it and a deadline (by default
 * inspection.rectify_days later); the department reports back; a follow-up
 * closes it or reopens it with a new deadline. Overdue regular inspections
 * and rectifications past their deadline are alerts (alerts.c).
 *
 * Who: the clerk and the leadership (BM_TASK_INSPECTION, INSP-1;
 * BM_TASK_RECTIFY, INSP-2; never an administrator, SYS-1); the person
 * answering for a notice reads it and reports back on it too. Each change
 * is one transaction, audited, with a line of the notice's history; the
 * rows are bound to the audit chain (model/audit.h).
 */
#ifndef BM_SERVICE_INSPECTION_H
#define BM_SERVICE_INSPECTION_H

#include <jansson.h>

#include "service/service.h"

/* One checklist line as typed (raw input). */
typedef struct bm_insp_check_line {
	const char *item;
	const char *answer; /* yes, no, na */
	const char *note;   /* NULL: none */
} bm_insp_check_line;

/* An inspection as typed. Text fields are raw user input; NULL: not given. */
typedef struct bm_insp_input {
	const char *kind;       /* regular, spot, special */
	const char *held_on;    /* YYYY-MM-DD */
	const char *scope;      /* "unit", or department refs separated by ',' */
	const char *inspectors; /* person refs separated by ',' */
	const bm_insp_check_line *checklist;
	size_t n_checklist;
	const char *summary;
} bm_insp_input;

/* A finding to become a rectification notice (raw input). */
typedef struct bm_insp_rectification_in {
	int64_t inspection_id;   /* the inspection it was found at; 0: none (say `source`) */
	const char *source;      /* with inspection_id 0: what found it, e.g. "self_assessment:3"
	                            (required then; ignored otherwise: "inspection:<id>") */
	const char *finding;     /* what was found (required) */
	const char *department;  /* department ref (id or name) of the unit (required) */
	const char *responsible; /* person ref of the unit answering for it (required) */
	const char *deadline;    /* YYYY-MM-DD; NULL or "": inspection.rectify_days from today */
} bm_insp_rectification_in;

/* An inspection with what its page shows (arena). */
typedef struct bm_insp_record {
	bm_insp_row *inspection;
	const char **inspector_names; /* in the order recorded */
	size_t n_inspectors;
	const char **department_names; /* the scope, when not the whole unit */
	size_t n_departments;
	bm_insp_rectification *rectifications; /* its findings, by deadline */
	size_t n_rectifications;
	int32_t today;
} bm_insp_record;

/* A rectification notice with its history (arena). */
typedef struct bm_insp_rect_record {
	bm_insp_rectification *rect;
	bm_insp_rect_event *events; /* oldest first */
	size_t n_events;
	int32_t today;
} bm_insp_rect_record;

/* The inspection calendar (INSP-1): the last regular inspection and the next one due. */
typedef struct bm_insp_calendar {
	const char *last; /* YYYY-MM-DD of the latest regular inspection; NULL: none */
	const char *due;  /* YYYY-MM-DD the next one is due by */
	bool alert;       /* due soon or overdue */
	const char *code; /* "inspection_due", "inspection_overdue" or "" */
	const char *reason_zh, *reason_en;
	int interval_months; /* inspection.interval_months */
} bm_insp_calendar;

/* What the rectification list is filtered by (raw input, NULL = any). */
typedef struct bm_insp_rect_query {
	const char *status; /* open, reported, closed */
	const char *department;
	bool overdue_only;
} bm_insp_rect_query;

/* Records an inspection held (clerk or leadership, INSP-1). */
int bm_svc_insp_add(bm_ctx *ctx, const bm_insp_input *in, bm_insp_row **out);

/*
 * Opens a rectification notice from a finding (INSP-2), INSIDE THE
 * CALLER'S TRANSACTION: the caller has begun its use case (bm_svc_begin)
 * and ends it (bm_svc_end, which audits it and binds the rows written
 * here: the notice and its first line of history). Another use case — an
 * inspection's finding, the October self-assessment (INSP-4) — calls it
 * for each finding; a refusal (INSP-2, with zh+en messages) is returned
 * with the error set, and the caller's bm_svc_end undoes everything.
 * Requires BM_TASK_RECTIFY (the clerk or the leadership). The decisions:
 * the finding given, a department of the unit, an active person of the
 * unit answering for it, a deadline not in the past (default: today +
 * inspection.rectify_days). `*out` is arena memory (ctx->arena), with the
 * department and person names filled. Outside a transaction it refuses
 * with "no_transaction".
 */
int bm_svc_insp_rectification_open(bm_ctx *ctx, const bm_insp_rectification_in *in,
                                   bm_insp_rectification **out);

/*
 * The use case: a finding of inspection `in->inspection_id` becomes a
 * rectification notice (bm_svc_insp_rectification_open in its own
 * transaction, audited "rectification.open").
 */
int bm_svc_insp_finding(bm_ctx *ctx, const bm_insp_rectification_in *in,
                        bm_insp_rectification **out);

/* The department reports back on an open notice with `text` (INSP-2). */
int bm_svc_insp_rect_report(bm_ctx *ctx, int64_t id, const char *text, bm_insp_rectification **out);

/*
 * A follow-up (复查, INSP-2) of a notice reported back: `close` closes it,
 * else it is reopened with `deadline` (YYYY-MM-DD, not in the past); `note`
 * says what the follow-up found.
 */
int bm_svc_insp_rect_follow(bm_ctx *ctx, int64_t id, bool close, const char *note,
                            const char *deadline, bm_insp_rectification **out);

/* One inspection with its inspectors, scope and findings. */
int bm_svc_insp_show(bm_ctx *ctx, int64_t id, bm_insp_record *out);

/* The inspections, latest first (`kind` NULL: any). */
int bm_svc_insp_list(bm_ctx *ctx, const char *kind, bm_insp_row **out, size_t *count);

/* The calendar of regular inspections (INSP-1). */
int bm_svc_insp_calendar(bm_ctx *ctx, bm_insp_calendar *out);

/* One notice with its history: the clerk, the leadership, or the person answering for it. */
int bm_svc_insp_rect_show(bm_ctx *ctx, int64_t id, bm_insp_rect_record *out);

/* The notices by deadline: all for the clerk and leadership, else those one answers for. */
int bm_svc_insp_rect_list(bm_ctx *ctx, const bm_insp_rect_query *q, bm_insp_rectification **out,
                          size_t *count, int32_t *today);

/* JSON (new references; names in zh and en). `today`: marks an overdue notice. */
json_t *bm_insp_to_json(const bm_insp_row *r);
json_t *bm_insp_record_to_json(const bm_insp_record *r);
json_t *bm_insp_rect_to_json(const bm_insp_rectification *r, int32_t today);
json_t *bm_insp_rect_record_to_json(const bm_insp_rect_record *r);
json_t *bm_insp_calendar_to_json(const bm_insp_calendar *c);

#endif
