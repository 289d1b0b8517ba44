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
 * table, and its amount (training hours in tenths; 1 otherwise).
 */
typedef struct bm_report_fact {
	const char *figure;
	int level;
	const char *sub;
	int64_t id;
	int64_t amount;
} bm_report_fact;

#endif
