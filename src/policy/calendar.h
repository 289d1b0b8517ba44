/*
 * calendar.h — the unit's working-day calendar (BORROW-2 and every term
 * counted in working days).
 *
 * A working day is Monday to Friday, minus the policy's holidays
 * (calendar.holidays), plus its make-up working days (调休,
 * calendar.workdays). Dates are days since 1970-01-01 (util/timeutil.h).
 * Pure: the calendar is the policy's data, nothing is read from outside.
 */
#ifndef BM_CALENDAR_H
#define BM_CALENDAR_H

#include <stdbool.h>
#include <stdint.h>

#include "policy/policy.h"
#include "policy/rules.h"

/* True when `date` is a working day under the policy's calendar. */
bool bm_calendar_is_workday(const bm_policy *p, int32_t date);

/*
 * The date `n` working days after `date` (n > 0), or before it (n < 0).
 * With n == 0 the date itself is returned, working day or not: a term of
 * 0 working days means "back the same day". So a 5-working-day borrowing
 * that starts on `date` is due on bm_calendar_add_workdays(p, date, 5).
 */
int32_t bm_calendar_add_workdays(const bm_policy *p, int32_t date, int n);

/*
 * The number of working days in (from, to]: how many working days `to` lies
 * after `from`. Negative when `to` is before `from` (then it counts (to, from]).
 * bm_calendar_workdays_between(p, d, bm_calendar_add_workdays(p, d, n)) == n.
 */
int bm_calendar_workdays_between(const bm_policy *p, int32_t from, int32_t to);

/* The first working day on or after `date`. */
int32_t bm_calendar_next_workday(const bm_policy *p, int32_t date);

/* The last working day on or before `date`. */
int32_t bm_calendar_prev_workday(const bm_policy *p, int32_t date);

/*
 * BORROW-2: the calendar must know the holidays of the year its terms run
 * into. Past the last listed holiday every weekday counts as a working day,
 * so a term running into a year the policy does not list silently ignores
 * its National Day. The State Council publishes next year's schedule in the
 * autumn: from October 1 (BM_CALENDAR_NOTICE_MONTH) the next year's
 * holidays are due, and the current year's always are.
 *
 * Returns true and fills `out` as an alert (rule BORROW-2, code
 * "calendar_next_year_missing", due_date January 1 of the year missing,
 * reasons in zh and en) when `today` falls in a year whose holidays are not
 * listed in calendar.holidays, or on or after October 1 of a year whose
 * next year's are not. Returns false otherwise (`out` allowed, no alert).
 */
#define BM_CALENDAR_NOTICE_MONTH 10
bool bm_calendar_next_year_missing(bm_decision *out, const bm_policy *p, int32_t today);

/*
 * Adds calendar months: the same day of the month `months` later, or the
 * month's last day when it is shorter (Jan 31 + 1 month = Feb 28/29).
 */
int32_t bm_calendar_add_months(int32_t date, int months);

#endif
