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
 * Adds calendar months: the same day of the month `months` later, or the
 * month's last day when it is shorter (Jan 31 + 1 month = Feb 28/29).
 */
int32_t bm_calendar_add_months(int32_t date, int months);

#endif
