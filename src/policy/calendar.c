/*
 * calendar.c — working days from weekends and the policy's holiday list.
 */
#include "common.h"
#include "policy/calendar.h"

#include "util/timeutil.h"

/* A policy calendar never has this many days off in a row; a guard against loops. */
enum { MAX_SCAN = 3660 };

bool bm_calendar_is_workday(const bm_policy *p, int32_t date)
{
	if (bm_date_list_has(&p->workdays, date))
		return true;
	if (bm_date_list_has(&p->holidays, date))
		return false;
	return bm_date_weekday(date) < 5;
}

int32_t bm_calendar_add_workdays(const bm_policy *p, int32_t date, int n)
{
	int step = n < 0 ? -1 : 1;
	int left = n < 0 ? -n : n;

	/* Ends: past the last listed holiday every weekday is a working day. */
	while (left > 0) {
		date += step;
		if (bm_calendar_is_workday(p, date))
			left--;
	}
	return date;
}

int bm_calendar_workdays_between(const bm_policy *p, int32_t from, int32_t to)
{
	int count = 0;
	int sign = 1;

	if (to < from) {
		int32_t t = from;
		from = to;
		to = t;
		sign = -1;
	}
	for (int32_t d = from + 1; d <= to; d++)
		count += bm_calendar_is_workday(p, d);
	return sign * count;
}

int32_t bm_calendar_next_workday(const bm_policy *p, int32_t date)
{
	for (int i = 0; i < MAX_SCAN && !bm_calendar_is_workday(p, date); i++)
		date++;
	return date;
}

int32_t bm_calendar_prev_workday(const bm_policy *p, int32_t date)
{
	for (int i = 0; i < MAX_SCAN && !bm_calendar_is_workday(p, date); i++)
		date--;
	return date;
}

int32_t bm_calendar_add_months(int32_t date, int months)
{
	static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	int y, m, d, last;
	long total;
	int32_t out;

	bm_date_to_ymd(date, &y, &m, &d);
	total = (long)y * 12 + (m - 1) + months;
	y = (int)(total / 12);
	m = (int)(total % 12) + 1;
	last = mdays[m - 1] + (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
	if (d > last)
		d = last;
	if (!bm_date_from_ymd(y, m, d, &out))
		return date;
	return out;
}
