/*
 * report.h — the unit's reports to its leadership (ORG-2), service/report.c.
 *
 * The monthly report (what changed, what is overdue, what was found) and
 * the yearly statistics (people by class, carriers made, received, sent
 * and destroyed by level, devices by level, trainings, incidents, counts)
 * are computed from the records, never typed: each figure carries the
 * table and the ids of the records it counts (report_facts in the store),
 * so that any number can be traced back. Read by the clerk and the
 * leadership (SYS-1: no administrator); each reading is audited.
 */
#ifndef BM_SERVICE_REPORT_H
#define BM_SERVICE_REPORT_H

#include <jansson.h>

#include "service/service.h"
#include "util/buf.h"

#define BM_REPORT_MAX_SUBS 8

/* A breakdown line of a figure: by class, kind or origin. */
typedef struct bm_report_sub {
	const char *code;
	int64_t count;
} bm_report_sub;

/* One figure of a report and the records behind it. */
typedef struct bm_report_figure {
	const char *key;     /* "carriers.made" */
	const char *section; /* changed, overdue, found, standing */
	const char *zh, *en; /* what it counts */
	const char *table;   /* the table its ids are in */
	bool by_level;       /* broken down by level */
	int64_t count;       /* the records behind it */
	int64_t amount;      /* trainings: hours in tenths; attendance: attendances */
	int64_t levels[BM_LEVEL_COUNT];
	int64_t no_level; /* by_level figures: records without a level (an incident without one) */
	bm_report_sub subs[BM_REPORT_MAX_SUBS];
	size_t n_subs;
	int64_t *ids; /* count of them, in id order (a carrier sent twice is there twice) */
} bm_report_figure;

/* A report: its period and its figures (arena memory). */
typedef struct bm_report {
	const char *kind;   /* monthly, yearly */
	const char *period; /* 2026-11 or 2026 */
	const char *unit_name;
	const char *from_day, *to_day; /* the period's first and last days */
	const char *as_of;             /* when the standing and overdue figures are read */
	const char *due_on;            /* monthly: the day it is due to the leadership */
	const char *generated_at;
	bm_report_figure *figures;
	size_t n_figures;
} bm_report;

/*
 * ORG-2: the report of `period`, "YYYY-MM" for the month (`yearly` false)
 * or "YYYY" for the year. Refused with ORG-2: a malformed period
 * (invalid_period), one not begun (period_in_future); SYS-1/ORG-2: an
 * actor other than the clerk or the leadership. `*out` lives in ctx->arena.
 */
int bm_svc_report_make(bm_ctx *ctx, bool yearly, const char *period, bm_report **out);

/* The report as JSON (new reference): its period and each figure with its ids. */
json_t *bm_report_to_json(const bm_report *r);

/*
 * The report as CSV (UTF-8 with a BOM): one row per figure, then one per
 * level and per breakdown line, each with the table and ids behind it;
 * appended to `out`.
 */
int bm_report_csv(const bm_report *r, bm_buf *out);

#endif
