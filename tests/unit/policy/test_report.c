/*
 * test_report.c — src/policy/report.c: the unit's reports to its
 * leadership (ORG-2): the period a report covers, the day the month's
 * report is due and the alert when it is late, and who may read them
 * (the task table). Test names carry the rule.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/report.h"
#include "policy/tasks.h"
#include "rules_assert.h"

static bm_decision d;

/* ORG-2: a month or a year that has begun; its first and last days. */
static void org_2_period(void **state)
{
	int32_t first = 0, last = 0, today = day_of("2026-12-05");
	BM_UNUSED(state);
	assert_true(bm_rules_report_period(&d, 2026, 11, today, &first, &last));
	assert_int_equal(first, day_of("2026-11-01"));
	assert_int_equal(last, day_of("2026-11-30"));
	assert_true(bm_rules_report_period(&d, 2026, 12, today, &first, &last));
	assert_int_equal(last, day_of("2026-12-31"));
	assert_true(bm_rules_report_period(&d, 2024, 2, today, &first, &last));
	assert_int_equal(last, day_of("2024-02-29"));
	assert_true(bm_rules_report_period(&d, 2026, 0, today, &first, &last));
	assert_int_equal(first, day_of("2026-01-01"));
	assert_int_equal(last, day_of("2026-12-31"));
}

/* ORG-2: a malformed period, or one not begun, is refused. */
static void org_2_period_refusals(void **state)
{
	int32_t first = 7, last = 7, today = day_of("2026-12-05");
	BM_UNUSED(state);
	assert_false(bm_rules_report_period(&d, 2026, 13, today, &first, &last));
	assert_refused_by(d, "ORG-2", "invalid_period");
	assert_false(bm_rules_report_period(&d, -1, -1, today, &first, &last));
	assert_refused_by(d, "ORG-2", "invalid_period");
	assert_false(bm_rules_report_period(&d, 1999, 5, today, &first, &last));
	assert_refused_by(d, "ORG-2", "invalid_period");
	assert_false(bm_rules_report_period(&d, 2027, 1, today, &first, &last));
	assert_refused_by(d, "ORG-2", "period_in_future");
	assert_false(bm_rules_report_period(&d, 2027, 0, today, &first, &last));
	assert_refused_by(d, "ORG-2", "period_in_future");
	/* nothing written on a refusal */
	assert_int_equal(first, 7);
	assert_int_equal(last, 7);
}

/* ORG-2: due on report.monthly_day of the next month; late only when not submitted. */
static void org_2_monthly_due_and_missing(void **state)
{
	bm_policy p;
	int y = 0, m = 0;
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	assert_int_equal(p.report_monthly_day, 5);
	assert_int_equal(bm_rules_report_due_on(&p, 2026, 11), day_of("2026-12-05"));
	assert_int_equal(bm_rules_report_due_on(&p, 2026, 12), day_of("2027-01-05"));
	/* on the due day: not late yet */
	assert_false(
	        bm_rules_report_missing(&d, &p, false, BM_DATE_NONE, day_of("2026-12-05"), &y, &m));
	assert_true(d.allowed);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	/* the day after: the alert, with its due day */
	assert_true(
	        bm_rules_report_missing(&d, &p, false, BM_DATE_NONE, day_of("2026-12-06"), &y, &m));
	assert_true(d.alert);
	assert_string_equal(d.rule, "ORG-2");
	assert_string_equal(d.code, "monthly_report_missing");
	assert_int_equal(d.due_date, day_of("2026-12-05"));
	/* submitted: no alert */
	assert_false(
	        bm_rules_report_missing(&d, &p, true, BM_DATE_NONE, day_of("2026-12-20"), &y, &m));
	/* January asks for December of the year before */
	assert_true(
	        bm_rules_report_missing(&d, &p, false, BM_DATE_NONE, day_of("2027-01-10"), &y, &m));
	assert_int_equal(y, 2026);
	assert_int_equal(m, 12);
	/* the policy's day moves the due day */
	p.report_monthly_day = 15;
	assert_false(
	        bm_rules_report_missing(&d, &p, false, BM_DATE_NONE, day_of("2026-12-10"), &y, &m));
	assert_true(
	        bm_rules_report_missing(&d, &p, false, BM_DATE_NONE, day_of("2026-12-16"), &y, &m));
}

/* ORG-2: a month that ended before the unit was set up owes no report; one it saw part of does. */
static void org_2_no_report_before_the_unit(void **state)
{
	bm_policy p;
	int y = 0, m = 0;
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	assert_false(bm_rules_report_missing(&d, &p, false, day_of("2026-12-01"),
	                                     day_of("2026-12-20"), &y, &m));
	assert_int_equal(m, 11);
	assert_true(bm_rules_report_missing(&d, &p, false, day_of("2026-11-30"),
	                                    day_of("2026-12-20"), &y, &m));
	assert_string_equal(d.code, "monthly_report_missing");
}

static bm_report_delivery_facts delivery(void)
{
	bm_report_delivery_facts f = {
	        .period_last = day_of("2026-11-30"),
	        .delivered_on = day_of("2026-12-03"),
	        .today = day_of("2026-12-05"),
	        .recipient_given = true,
	        .recipient_leader = true,
	};
	return f;
}

/* ORG-2: a month's report is delivered after the month, to the leadership, once. */
static void org_2_delivery(void **state)
{
	bm_report_delivery_facts f = delivery();
	BM_UNUSED(state);
	assert_true(bm_rules_report_deliver(&d, &f));
	f.delivered_on = f.today;
	assert_true(bm_rules_report_deliver(&d, &f));
	f = delivery();
	f.today = f.period_last;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "period_not_ended");
	f = delivery();
	f.delivered_on = BM_DATE_NONE;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "invalid_date");
	f = delivery();
	f.delivered_on = f.period_last;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "delivered_before_period_end");
	f = delivery();
	f.delivered_on = f.today + 1;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "delivered_in_future");
	f = delivery();
	f.recipient_given = f.recipient_leader = false;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "recipient_required");
	f = delivery();
	f.recipient_leader = false;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "recipient_not_leadership");
	/* ORG-1's group recorded: a member of it, whatever the role; else refused by name */
	f = delivery();
	f.group_recorded = true;
	f.recipient_in_group = false;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "recipient_not_in_group");
	f = delivery();
	f.group_recorded = f.recipient_in_group = true;
	f.recipient_leader = false;
	assert_true(bm_rules_report_deliver(&d, &f));
	f = delivery();
	f.already_delivered = true;
	assert_false(bm_rules_report_deliver(&d, &f));
	assert_refused_by(d, "ORG-2", "already_delivered");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

/* ORG-2 with SYS-2: a record about a carrier the reader cannot see is withheld. */
static void org_2_sys_2_records_shown(void **state)
{
	bm_viewer v = {.unit_id = 1, .person_id = 7, .department_id = 2, .max_level = 2};
	bm_scope_ref scope[] = {{.department_id = 2}};
	bm_item item = {.id = 5, .unit_id = 1, .level = 2, .scope = scope, .n_scope = 1};
	BM_UNUSED(state);
	v.rule = bm_policy_sys2_rule();
	assert_true(bm_rules_report_record_shown(&d, &v, NULL));
	assert_true(bm_rules_report_record_shown(&d, &v, &item));
	item.level = 3; /* above the reader's clearance */
	assert_false(bm_rules_report_record_shown(&d, &v, &item));
	assert_refused_by(d, "SYS-2", "record_withheld");
	item.level = 2;
	scope[0].department_id = 9; /* outside the reader's scope */
	assert_false(bm_rules_report_record_shown(&d, &v, &item));
	assert_refused_by(d, "SYS-2", "record_withheld");
	v.clerk = true; /* the clerk keeps the whole ledger, within the clearance */
	assert_true(bm_rules_report_record_shown(&d, &v, &item));
	item.level = 3;
	assert_false(bm_rules_report_record_shown(&d, &v, &item));
}

/* ORG-2 (SYS-1): the clerk and the leadership read the reports; nobody else. */
static void org_2_readers(void **state)
{
	const bm_grant clerk[] = {{BM_ROLE_CLERK, 0}}, leader[] = {{BM_ROLE_LEADER, 0}},
	               principal[] = {{BM_ROLE_PRINCIPAL, 0}}, staff[] = {{BM_ROLE_STAFF, 0}},
	               secadmin[] = {{BM_ROLE_SECADMIN, 0}};
	BM_UNUSED(state);
	assert_true(bm_policy_may(&d, BM_TASK_REPORT, clerk, 1));
	assert_true(bm_policy_may(&d, BM_TASK_REPORT, leader, 1));
	assert_true(bm_policy_may(&d, BM_TASK_REPORT, principal, 1));
	assert_false(bm_policy_may(&d, BM_TASK_REPORT, staff, 1));
	assert_refused_by(d, "ORG-2", "role_required");
	assert_false(bm_policy_may(&d, BM_TASK_REPORT, secadmin, 1));
	assert_string_equal(d.rule, "SYS-1");
	/* recording the delivery is the clerk's alone */
	assert_true(bm_policy_may(&d, BM_TASK_REPORT_DELIVER, clerk, 1));
	assert_false(bm_policy_may(&d, BM_TASK_REPORT_DELIVER, leader, 1));
	assert_refused_by(d, "ORG-2", "role_required");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(org_2_period),
	        cmocka_unit_test(org_2_period_refusals),
	        cmocka_unit_test(org_2_monthly_due_and_missing),
	        cmocka_unit_test(org_2_no_report_before_the_unit),
	        cmocka_unit_test(org_2_delivery),
	        cmocka_unit_test(org_2_sys_2_records_shown),
	        cmocka_unit_test(org_2_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
