/*
 * model/selfcheck.h — the yearly self-assessment (保密自查自评, INSP-4): one
 * per unit and year, its checklist compiled from the unit's own records
 * when it is started, each item with its evidence, answered by the clerk
 * and signed by the clerk and the leader in charge.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_SELFCHECK_H
#define BM_MODEL_SELFCHECK_H

#include "common.h"

/* A self-assessment. Names are filled by the reads. */
typedef struct bm_sa_row {
	int64_t id;
	int64_t unit_id;
	int year;
	int64_t started_by;
	const char *started_at;
	int64_t clerk_signed_by; /* 0: not signed */
	const char *clerk_signed_at;
	int64_t leader_signed_by; /* 0: not signed; signed: kept, immutable */
	const char *leader_signed_at;
	/* filled by the reads: */
	const char *started_by_name, *clerk_name, *leader_name;
	int64_t n_items, n_answered, n_findings;
} bm_sa_row;

/*
 * One item of the checklist: what the records showed when it was compiled
 * (`evidence_count` and `evidence`, a JSON object {"table": "...", "ids":
 * [...]} naming the records behind the count) and the clerk's answer.
 */
typedef struct bm_sa_item_row {
	int64_t id;
	int64_t assessment_id;
	int position;     /* the printed order */
	const char *item; /* a bm_sa_items code */
	const char *rule;
	int64_t evidence_count;
	const char *evidence; /* JSON object */
	const char *answer;   /* yes, no, na; NULL: not answered */
	const char *note;
	int64_t department_id;    /* no: the department that rectifies (INSP-2) */
	const char *deadline;     /* no: YYYY-MM-DD */
	int64_t rectification_id; /* no: the rectification notice opened (INSP-2), 0: none */
	int64_t answered_by;
	const char *answered_at;
	/* filled by the reads: */
	const char *department_name, *answered_by_name;
} bm_sa_item_row;

#endif
