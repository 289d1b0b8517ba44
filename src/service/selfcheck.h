/*
 * selfcheck.h — the yearly self-assessment (保密自查自评, INSP-4),
 * service/selfcheck.c.
 *
 * The clerk starts the year's self-assessment (one a year); its checklist
 * is compiled then from the unit's own records, each item with the count
 * and the ids of the records behind it, so the clerk answers with the
 * evidence instead of from memory: 符合, 不符合 (a finding: the department
 * that rectifies it and a deadline, INSP-2) or 不适用, with a note. The
 * clerk signs once every item is answered, then the leader in charge; it is
 * then kept as it is. Every step is one transaction, audited; the decisions
 * are policy/selfcheck.c's. Read by the clerk and the leadership.
 */
#ifndef BM_SERVICE_SELFCHECK_H
#define BM_SERVICE_SELFCHECK_H

#include <jansson.h>

#include "service/service.h"

/* A self-assessment with its checklist. Lives in ctx->arena. */
typedef struct bm_sa_view {
	bm_sa_row *sa;
	bm_sa_item_row *items;
	size_t n_items;
} bm_sa_view;

/* An answer as typed (raw input; NULL: not given). */
typedef struct bm_sa_answer_input {
	const char *item;   /* the item's id or code (commitment, training, …) */
	const char *answer; /* yes, no, na */
	const char *note;
	const char *department;  /* no: the department that rectifies (id or name) */
	const char *responsible; /* no: the person of the unit answering for it */
	const char *deadline;    /* no: YYYY-MM-DD */
} bm_sa_answer_input;

/* INSP-4: starts the self-assessment of `year` (NULL or "": this year) and compiles it. */
int bm_svc_insp_sa_start(bm_ctx *ctx, const char *year, bm_sa_view *out);

/* INSP-4: the self-assessment `id`, or when id is 0 the one of `year`. */
int bm_svc_insp_sa_show(bm_ctx *ctx, int64_t id, const char *year, bm_sa_view *out);

/* INSP-4: answers one item; a 不符合 opens its rectification (INSP-2). */
int bm_svc_insp_sa_answer(bm_ctx *ctx, int64_t id, const bm_sa_answer_input *in, bm_sa_view *out);

/* INSP-4: signs as `as` ("clerk" or "leader"; NULL or "": the signature due next). */
int bm_svc_insp_sa_sign(bm_ctx *ctx, int64_t id, const char *as, bm_sa_view *out);

/* INSP-4: the unit's self-assessments, latest year first. Rows live in ctx->arena. */
int bm_svc_insp_sa_list(bm_ctx *ctx, bm_sa_row **out, size_t *count);

/* JSON (new references): a self-assessment's summary; with its items. */
json_t *bm_sa_row_to_json(const bm_sa_row *a);
json_t *bm_sa_to_json(const bm_sa_view *v);

#endif
