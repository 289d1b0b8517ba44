/*
 * model/report.h — the unit's reports to its leadership (ORG-2): the
 * monthly report and the yearly statistics, made of figures, each figure
 * the records behind it.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_REPORT_H
#define BM_MODEL_REPORT_H

#include "common.h"

/*
 * The period a report covers and the instant its state figures are read
 * at. `from`/`to` are UTC instants (ISO text, `to` excluded) for the
 * timestamp columns; `from_day`/`to_day` the unit's local dates (both
 * included) for the date columns; `as_of` is the instant the overdue and
 * standing figures are taken at (the period's end, or now when sooner).
 */
typedef struct bm_report_period {
	int64_t unit_id;
	const char *from, *to;
	const char *from_day, *to_day;
	const char *as_of;
} bm_report_period;

/*
 * One record behind a figure: the figure's key (e.g. "carriers.made"),
 * its level (0..4; -1 when the figure has none), its class or kind
 * (people by class; NULL otherwise), the record's id in the figure's
 * table, and its amount (training hours in tenths; 1 otherwise); for the
 * drill-down (ORG-2 with SYS-2) the carrier it concerns, a label and a day.
 */
typedef struct bm_report_fact {
	const char *figure;
	int level;
	const char *sub;
	int64_t id;
	int64_t amount;
	int64_t carrier_id; /* the carrier the record concerns (SYS-2), 0: none */
	const char *label;  /* what the record is (a title, a name, a finding), or NULL */
	const char *day;    /* its day (YYYY-MM-DD) or instant, or NULL */
	const char *due;    /* a rectification's deadline at the period's end, or NULL */
} bm_report_fact;

/*
 * ORG-2: a month's report recorded as delivered to the leadership: who
 * handed it over (delivered_by), to whom (recipient_id), on which day, and
 * the report as it was handed over (`content`, canonical JSON) with its
 * digest (`alg`, SM3 hex), so that what was delivered stays fixed. One per
 * unit, kind and period; never changed or deleted. The names are filled on
 * reading.
 */
typedef struct bm_report_delivery_row {
	int64_t id;
	int64_t unit_id;
	const char *kind;   /* monthly */
	const char *period; /* YYYY-MM */
	const char *delivered_on;
	int64_t recipient_id;
	int64_t delivered_by;
	const char *digest, *alg;
	const char *content;
	const char *note;
	const char *created_at;
	const char *recipient_name, *delivered_by_name; /* on reading */
} bm_report_delivery_row;

#endif
