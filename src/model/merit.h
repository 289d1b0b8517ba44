/*
 * model/merit.h — the register of rewards and sanctions (奖惩登记, INSP-3):
 * one line per decision about one person, a sanction on an incident
 * (INC-2) or a reward.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_MERIT_H
#define BM_MODEL_MERIT_H

#include "common.h"

/* One reward or sanction. Names are filled by the reads. */
typedef struct bm_merit_row {
	int64_t id;
	int64_t unit_id;
	int64_t person_id;
	const char *kind;        /* "reward" or "sanction" */
	const char *measure;     /* a bm_sanction_names or bm_reward_names code */
	int64_t incident_id;     /* a sanction's incident; 0 for a reward */
	const char *level;       /* a sanction: the incident's level code (INC-2) */
	const char *factor;      /* "aggravating", "mitigating" or NULL */
	const char *factor_text; /* the circumstances of the factor */
	const char *reason;      /* what it is for */
	const char *decided_by;  /* the authority or person that decided */
	const char *decided_on;  /* date */
	const char *document;    /* the decision's document number */
	int64_t recorded_by;
	const char *recorded_at;
	/* filled by the reads: */
	const char *person_name, *department_name, *recorded_by_name;
} bm_merit_row;

/* Which lines merit_list gives (every field optional). */
typedef struct bm_merit_filter {
	int64_t unit_id;
	int64_t person_id;   /* 0 = everybody */
	int64_t incident_id; /* 0 = any */
	const char *kind;    /* NULL = both */
	const char *from;    /* decided on or after (date), NULL = any */
	const char *to;      /* decided on or before (date), NULL = any */
} bm_merit_filter;

#endif
