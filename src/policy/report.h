/*
 * report.h — the pure decisions of the unit's reports to its leadership
 * (ORG-2): which period a report may cover, and when the month's report
 * to the leadership falls due. Same contract as rules.h: facts in, a
 * bm_decision out; no I/O, no clock (the caller passes "today").
 */
#ifndef BM_POLICY_REPORT_H
#define BM_POLICY_REPORT_H

#include "policy/policy.h"
#include "policy/rules.h"

/*
 * ORG-2: the period of a report: month `month` (1..12) of `year`, or the
 * whole year when `month` is 0. Refused (BM_EINVALID) when malformed
 * (invalid_period: a year outside 2000..2099, a month outside 0..12) or
 * when it begins after `today` (period_in_future). On success `*first` and
 * `*last` are the period's first and last days.
 */
bool bm_rules_report_period(bm_decision *out, int year, int month, int32_t today, int32_t *first,
                            int32_t *last);

/*
 * ORG-2: the day the report of month `month` of `year` is due to the
 * leadership: report.monthly_day of the month after it.
 */
int32_t bm_rules_report_due_on(const bm_policy *p, int year, int month);

/*
 * ORG-2: the report of the month before `today`'s is late when it is not
 * recorded as submitted (`submitted`) and its due day has passed. The
 * month asked about is written to `*year`/`*month` whatever the answer;
 * an alert (code monthly_report_missing) carries the due day.
 */
bool bm_rules_report_missing(bm_decision *out, const bm_policy *p, bool submitted, int32_t today,
                             int *year, int *month);

/* ORG-2: the month before (`*year`, `*month`); January goes to December of the year before. */
void bm_rules_report_previous_month(int *year, int *month);

#endif
