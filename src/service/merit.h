/*
 * merit.h — rewards and sanctions (奖惩登记, INC-2, INSP-3), service/merit.c.
 *
 * A sanction is decided on an incident, per person, by the level the
 * incident involved (INC-2: 秘密 warning or demerit; 机密 demerit, major
 * demerit or demotion; 绝密 major demerit up to dismissal); one outside the
 * level's range is recorded only with its aggravating (heavier) or
 * mitigating (lighter) factors written down. A reward (commendation,
 * award) is recorded per person too. Each records who decided, the date
 * and the document; the clerk or the leadership records it, one
 * transaction, audited. The register lists them per person and per unit,
 * by year; it is read by the clerk, the leadership and the keeper of the
 * register of people (the security administrator).
 */
#ifndef BM_SERVICE_MERIT_H
#define BM_SERVICE_MERIT_H

#include <jansson.h>

#include "service/service.h"
#include "util/buf.h"

/* A decision as typed. Text fields are raw user input; NULL: not given. */
typedef struct bm_merit_input {
	const char *person;      /* id, username or name of a person of the unit */
	const char *measure;     /* sanction: warning … dismissal; reward: commendation, award */
	const char *factor;      /* sanction only: aggravating, mitigating, NULL/"none" */
	const char *factor_text; /* the circumstances of the factor */
	const char *reason;      /* what it is for (required for a reward) */
	const char *decided_by;  /* the authority or person that decided */
	const char *decided_on;  /* date */
	const char *document;    /* the decision's document number */
} bm_merit_input;

/* What the register is filtered by (raw input; NULL = any). */
typedef struct bm_merit_query {
	const char *person;  /* person ref */
	const char *year;    /* YYYY: decided in that year */
	const char *kind;    /* reward, sanction */
	int64_t incident_id; /* 0 = any */
} bm_merit_query;

/* INC-2: records a sanction on incident `incident_id`. `*out` lives in ctx->arena. */
int bm_svc_merit_sanction(bm_ctx *ctx, int64_t incident_id, const bm_merit_input *in,
                          bm_merit_row **out);

/* INSP-3: records a reward. `*out` lives in ctx->arena. */
int bm_svc_merit_reward(bm_ctx *ctx, const bm_merit_input *in, bm_merit_row **out);

/* INSP-3: the register by decision date. Rows live in ctx->arena. */
int bm_svc_merit_list(bm_ctx *ctx, const bm_merit_query *q, bm_merit_row **out, size_t *count);

/* The register's rows as CSV (UTF-8 with a BOM, zh headers) or .xlsx (`meta`'s title row,
 * util/xlsx.h), appended to `out`. */
int bm_merit_sheet(const bm_merit_row *rows, size_t n, bm_sheet_format format,
                   const bm_xlsx_meta *meta, bm_buf *out);

/* A line as JSON (new reference; measure, level and factor named in zh and en). */
json_t *bm_merit_to_json(const bm_merit_row *m);

#endif
