/*
 * calendar.c — working days from weekends and the policy's holiday list.
 */
#include "common.h"
#include "policy/calendar.h"

#include "util/timeutil.h"

#include <stdio.h>

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

/* True when calendar.holidays lists a day of `year`. */
static bool lists_year(const bm_policy *p, int year)
{
	int32_t first, last;
	if (!bm_date_from_ymd(year, 1, 1, &first) || !bm_date_from_ymd(year, 12, 31, &last))
		return false;
	for (int i = 0; i < p->holidays.n; i++)
		if (p->holidays.dates[i] >= first && p->holidays.dates[i] <= last)
			return true;
	return false;
}

bool bm_calendar_next_year_missing(bm_decision *out, const bm_policy *p, int32_t today)
{
	int y, m, d, missing;
	int32_t jan1;

	memset(out, 0, sizeof(*out));
	out->allowed = true;
	out->rule = "BORROW-2";
	out->code = "";
	out->due_date = BM_DATE_NONE;
	bm_date_to_ymd(today, &y, &m, &d);
	/* BORROW-2: this year's holidays always; next year's from the notice month. */
	if (!lists_year(p, y))
		missing = y;
	else if (m >= BM_CALENDAR_NOTICE_MONTH && !lists_year(p, y + 1))
		missing = y + 1;
	else
		return false;
	if (!bm_date_from_ymd(missing, 1, 1, &jan1))
		return false;
	out->alert = true;
	out->code = "calendar_next_year_missing";
	out->due_date = jan1;
	snprintf(out->reason_zh, sizeof(out->reason_zh),
	         "工作日历尚未录入 %d 年的节假日，其期限将不扣除国庆等假期；"
	         "请安全保密管理员录入",
	         missing);
	snprintf(out->reason_en, sizeof(out->reason_en),
	         "next year's holidays are not entered: the calendar lists no day off in %d, so "
	         "its terms count National Day as working days; the security administrator "
	         "enters them",
	         missing);
	return true;
}
