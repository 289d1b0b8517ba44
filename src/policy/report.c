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

bool bm_rules_report_missing(bm_decision *out, const bm_policy *p, bool submitted, int32_t since,
                             int32_t today, int *year, int *month)
{
	int d = 0;
	int32_t due = BM_DATE_NONE, first = BM_DATE_NONE;

	allow(out, "ORG-2");
	bm_date_to_ymd(today, year, month, &d);
	bm_rules_report_previous_month(year, month);
	due = bm_rules_report_due_on(p, *year, *month);
	out->due_date = due;
	/* The month's last day is the day before the first of the next. */
	if (submitted || today <= due ||
	    (since != BM_DATE_NONE && bm_date_from_ymd(*year, *month, 1, &first) &&
	     bm_calendar_add_months(first, 1) - 1 < since))
		return false;
	flag(out, "ORG-2", "monthly_report_missing");
	ZH(out, "%04d年%d月的保密工作月报尚未报送领导", *year, *month);
	EN(out, "the monthly report for %04d-%02d has not been submitted to the leadership", *year,
	   *month);
	return true;
}

bool bm_rules_report_deliver(bm_decision *out, const bm_report_delivery_facts *f)
{
	char last[BM_DATE_LEN];

	allow(out, "ORG-2");
	bm_date_format(f->period_last, last);
	if (f->today <= f->period_last) {
		refuse(out, BM_EINVALID, "ORG-2", "period_not_ended");
		ZH(out, "月报在当月结束（%s）之后才能报送", last);
		EN(out, "a month's report is delivered after the month ends (%s)", last);
		return false;
	}
	if (f->delivered_on == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "ORG-2", "invalid_date");
		ZH(out, "报送日期无效（YYYY-MM-DD）");
		EN(out, "invalid delivery date (YYYY-MM-DD)");
		return false;
	}
	if (f->delivered_on <= f->period_last) {
		refuse(out, BM_EINVALID, "ORG-2", "delivered_before_period_end");
		ZH(out, "报送日期不能早于报告期结束（%s）", last);
		EN(out, "the delivery date cannot be before the period ends (%s)", last);
		return false;
	}
	if (f->delivered_on > f->today) {
		refuse(out, BM_EINVALID, "ORG-2", "delivered_in_future");
		ZH(out, "报送日期不能晚于今天");
		EN(out, "the delivery date cannot be after today");
		return false;
	}
	if (!f->recipient_given) {
		refuse(out, BM_EINVALID, "ORG-2", "recipient_required");
		ZH(out, "须写明月报报送给哪位单位领导");
		EN(out, "name the member of the leadership the report was delivered to");
		return false;
	}
	/* ORG-2 with ORG-1: to the leadership group once it is recorded, else by role. */
	if (f->group_recorded && !f->recipient_in_group) {
		refuse(out, BM_EINVALID, "ORG-2", "recipient_not_in_group");
		ZH(out, "月报须报送本单位保密工作领导小组的现任成员（含分管保密工作的领导）");
		EN(out, "the report goes to a current member of the unit's leadership group, the "
		        "leader in charge of secrecy work among them (ORG-1)");
		return false;
	}
	if (!f->group_recorded && !f->recipient_leader) {
		refuse(out, BM_EINVALID, "ORG-2", "recipient_not_leadership");
		ZH(out, "月报须报送本单位领导（领导或主要负责人角色）");
		EN(out, "the report goes to the unit's leadership (a leader or the principal)");
		return false;
	}
	if (f->already_delivered) {
		refuse(out, BM_ECONFLICT, "ORG-2", "already_delivered");
		ZH(out, "该月的月报已登记报送");
		EN(out, "the month's report is already recorded as delivered");
		return false;
	}
	return true;
}

bool bm_rules_report_record_shown(bm_decision *out, const bm_viewer *v, const bm_item *item)
{
	allow(out, "SYS-2");
	if (!item || bm_policy_sys2_visible(v, item))
		return true;
	refuse(out, BM_EDENIED, "SYS-2", "record_withheld");
	ZH(out, "部分记录超出您的知悉范围或密级，只计入数字，不列出");
	EN(out, "some records are outside your clearance or scope: counted, not listed");
	return false;
}
