/*
 * model/inspection.h — inspections (保密检查, INSP-1) and the rectification
 * notices their findings become (整改通知书, INSP-2): the records the store
 * reads and writes and the services return. Include "model/data.h".
 * Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_INSPECTION_H
#define BM_MODEL_INSPECTION_H

#include "common.h"
#include "model/vocab.h"

/* One inspection as recorded; never changed. Names are filled by the reads. */
typedef struct bm_insp_row {
	int64_t id;
	int64_t unit_id;
	const char *kind;        /* "regular", "spot" or "special" */
	const char *held_on;     /* YYYY-MM-DD */
	bool whole_unit;         /* the scope is the whole unit… */
	const char *departments; /* …else these department ids: a JSON array (NULL: whole unit) */
	const char *inspectors;  /* person ids: a JSON array */
	const char *checklist;   /* [{"item","answer","note"}]: a JSON array */
	const char *summary;     /* NULL: none */
	int64_t created_by;
	const char *created_at;
	/* filled by the reads: */
	const char *created_by_name;
	int64_t n_findings, n_open; /* rectifications, those not closed */
} bm_insp_row;

/* Which inspections insp_list gives (latest first). */
typedef struct bm_insp_filter {
	int64_t unit_id;
	const char *kind; /* NULL = any */
	const char *from; /* NULL = any; held_on >= from (date) */
	const char *to;   /* NULL = any; held_on <= to (date) */
} bm_insp_filter;

/* A rectification notice (整改通知书). Names are filled by the reads. */
typedef struct bm_insp_rectification {
	int64_t id;
	int64_t unit_id;
	int64_t inspection_id; /* 0: not from an inspection (see `source`) */
	const char *source;    /* "inspection:12", "self_assessment:3", … */
	const char *finding;
	int64_t department_id;
	int64_t responsible_id; /* person answering for it */
	const char *deadline;   /* YYYY-MM-DD */
	const char *status;     /* "open", "reported" or "closed" */
	const char *report;     /* the department's report back; NULL before */
	const char *reported_at;
	int64_t reported_by;
	const char *follow_up; /* the last follow-up's note */
	const char *followed_at;
	int64_t followed_by;
	int64_t reopened; /* times reopened by a follow-up */
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
	/* filled by the reads: */
	const char *department_name, *responsible_name, *inspection_kind, *inspection_held_on;
} bm_insp_rectification;

/* Which rectifications insp_rect_list gives (by deadline, then id). */
typedef struct bm_insp_rect_filter {
	int64_t unit_id;
	int64_t inspection_id;  /* 0 = any */
	const char *status;     /* NULL = any */
	int64_t department_id;  /* 0 = any */
	int64_t responsible_id; /* 0 = any */
	const char *due_before; /* NULL = any; not closed and deadline < this date */
} bm_insp_rect_filter;

/* A line of a rectification's history. */
typedef struct bm_insp_rect_event {
	int64_t id;
	int64_t rectification_id;
	const char *at;
	int64_t actor_id;
	const char *action;
	const char *detail;
	const char *deadline;   /* open, reopen: the deadline it set (YYYY-MM-DD); else NULL */
	const char *actor_name; /* filled by the reads */
} bm_insp_rect_event;

#endif
