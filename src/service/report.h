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
#include "util/xlsx.h"

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
	int64_t count;       /* the records behind it (the unit's, whoever reads) */
	int64_t amount;      /* trainings: hours in tenths; attendance: attendances */
	int64_t levels[BM_LEVEL_COUNT];
	int64_t no_level; /* by_level figures: records without a level (an incident without one) */
	bm_report_sub subs[BM_REPORT_MAX_SUBS];
	size_t n_subs;
	/*
	 * The records behind it, in id order (a carrier sent twice is there
	 * twice): all `count` of them when made, then only those the reader is
	 * shown (ORG-2 with SYS-2, bm_rules_report_record_shown) once
	 * bm_svc_report_make has filtered them; `withheld` says how many not.
	 */
	const bm_report_fact **recs;
	int64_t n_recs;
	int64_t withheld;
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
	const char *digest; /* SM3 of the unit's report as it stands (bm_report_canonical) */
	const bm_report_delivery_row *delivery; /* monthly: recorded as delivered, or NULL */
	int64_t withheld;                       /* records withheld from the reader, all figures */
	bm_report_figure *figures;
	size_t n_figures;
} bm_report;

/*
 * ORG-2: the report of `period`, "YYYY-MM" for the month (`yearly` false)
 * or "YYYY" for the year. Refused with ORG-2: a malformed period
 * (invalid_period), one not begun (period_in_future); SYS-1/ORG-2: an
 * actor other than the clerk or the leadership. The figures count every
 * record of the unit; the records listed under them are only those the
 * reader may see (SYS-2; the others are counted in `withheld`). `*out`
 * lives in ctx->arena.
 */
int bm_svc_report_make(bm_ctx *ctx, bool yearly, const char *period, bm_report **out);

/*
 * ORG-2 with SYS-2, the drill-down: the report of `period` as
 * bm_svc_report_make makes it, and its figure `key` (`*fig`, inside
 * `*out`), whose records are those the reader may see; an unknown figure
 * is BM_ENOTFOUND (unknown_figure). Audited as a reading of that figure.
 */
int bm_svc_report_records(bm_ctx *ctx, bool yearly, const char *period, const char *key,
                          bm_report **out, const bm_report_figure **fig);

/* The figure `key` of `r`, or NULL. */
const bm_report_figure *bm_report_figure_of(const bm_report *r, const char *key);

/*
 * ORG-2: the report as delivered to the leadership, canonical JSON (new
 * reference): its kind, period, unit, days, as_of and every figure with
 * its breakdowns and the ids of all its records. Its SM3 is the report's
 * digest. Only for a report not yet filtered (the service's own use).
 */
json_t *bm_report_canonical(const bm_report *r);

/* The report as JSON (new reference): its period and each figure with the ids shown. */
json_t *bm_report_to_json(const bm_report *r);

/*
 * ORG-2 with SYS-2: the records behind figure `f` as the reader is shown
 * them (new reference): {figure, records: [{id, label, day, due, level,
 * kind, link}], withheld, rule}.
 */
json_t *bm_report_records_json(const bm_report *r, const bm_report_figure *f);

/*
 * The report as CSV (UTF-8 with a BOM) or an Excel workbook (issue 15
 * point 2): the unit and period in the title row, one row per figure, then
 * one per level and per breakdown line, each with the table and the ids
 * shown behind it; a signature row for the clerk and the leader.
 * Appended to `out`.
 */
int bm_report_sheet(bm_ctx *ctx, const bm_report *r, bm_sheet_format format, bm_buf *out);

/* What recording a month's report as delivered is given (ORG-2). */
typedef struct bm_report_deliver_input {
	const char *month;        /* YYYY-MM */
	const char *to;           /* the member of the leadership it went to (a person ref) */
	const char *delivered_on; /* YYYY-MM-DD; NULL: today */
	const char *note;
} bm_report_deliver_input;

/*
 * ORG-2: records the month's report as delivered to the leadership: the
 * report is made as it stands (every record of the unit), kept as
 * delivered with its SM3 digest, and the month's ORG-2 alert ends. The
 * clerk's (ORG-2 role_required); refused with ORG-2 when the month is not
 * over, the day is malformed, before the month's end or in the future,
 * the recipient is not of the unit's leadership, or the month's report is
 * already delivered (BM_ECONFLICT). One transaction, audited (refusals
 * too). `*out` lives in ctx->arena.
 */
int bm_svc_report_deliver(bm_ctx *ctx, const bm_report_deliver_input *in,
                          bm_report_delivery_row **out);

/*
 * ORG-2: the unit's deliveries, latest month first (`limit` 0: all). Read
 * by the clerk and the leadership; audited. `*out` lives in ctx->arena.
 */
int bm_svc_report_deliveries(bm_ctx *ctx, int64_t limit, bm_report_delivery_row **out,
                             size_t *count);

/* A delivery as JSON (new reference), without the content. */
json_t *bm_report_delivery_to_json(const bm_report_delivery_row *d);

#endif
