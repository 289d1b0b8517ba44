/*
 * report.c — the unit's reports to its leadership (ORG-2). See report.h.
 */
#include "common.h"
#include "policy/report.h"

#include "policy/calendar.h"
#include "policy/rules_int.h"
#include "util/timeutil.h"

bool bm_rules_report_period(bm_decision *out, int year, int month, int32_t today, int32_t *first,
                            int32_t *last)
{
	int32_t from = BM_DATE_NONE, next = BM_DATE_NONE;

	allow(out, "ORG-2");
	if (year < 2000 || year > 2099 || month < 0 || month > 12 ||
	    !bm_date_from_ymd(year, month ? month : 1, 1, &from)) {
		refuse(out, BM_EINVALID, "ORG-2", "invalid_period");
		ZH(out, "报告期无效：年份须在2000至2099之间，月份须在1至12之间");
		EN(out, "invalid period: the year is 2000 to 2099, the month 1 to 12");
		return false;
	}
	if (from > today) {
		refuse(out, BM_EINVALID, "ORG-2", "period_in_future");
		ZH(out, "报告期尚未开始");
		EN(out, "the period has not begun");
		return false;
	}
	next = bm_calendar_add_months(from, month ? 1 : 12);
	*first = from;
	*last = next - 1;
	return true;
}

void bm_rules_report_previous_month(int *year, int *month)
{
	if (*month <= 1) {
		*year -= 1;
		*month = 12;
	} else
		*month -= 1;
}

int32_t bm_rules_report_due_on(const bm_policy *p, int year, int month)
{
	int32_t first = BM_DATE_NONE;
	if (!bm_date_from_ymd(year, month, 1, &first))
		return BM_DATE_NONE;
	/* report.monthly_day is at most 28, so the day exists in every month. */
	return bm_calendar_add_months(first, 1) + p->report_monthly_day - 1;
}

bool bm_rules_report_missing(bm_decision *out, const bm_policy *p, bool submitted, int32_t today,
                             int *year, int *month)
{
	int d = 0;
	int32_t due = BM_DATE_NONE;

	allow(out, "ORG-2");
	bm_date_to_ymd(today, year, month, &d);
	bm_rules_report_previous_month(year, month);
	due = bm_rules_report_due_on(p, *year, *month);
	out->due_date = due;
	if (submitted || today <= due)
		return false;
	flag(out, "ORG-2", "monthly_report_missing");
	ZH(out, "%04d年%d月的保密工作月报尚未报送领导", *year, *month);
	EN(out, "the monthly report for %04d-%02d has not been submitted to the leadership", *year,
	   *month);
	return true;
}
