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
	assert_false(bm_rules_report_missing(&d, &p, false, day_of("2026-12-05"), &y, &m));
	assert_true(d.allowed);
	assert_int_equal(y, 2026);
	assert_int_equal(m, 11);
	/* the day after: the alert, with its due day */
	assert_true(bm_rules_report_missing(&d, &p, false, day_of("2026-12-06"), &y, &m));
	assert_true(d.alert);
	assert_string_equal(d.rule, "ORG-2");
	assert_string_equal(d.code, "monthly_report_missing");
	assert_int_equal(d.due_date, day_of("2026-12-05"));
	/* submitted: no alert */
	assert_false(bm_rules_report_missing(&d, &p, true, day_of("2026-12-20"), &y, &m));
	/* January asks for December of the year before */
	assert_true(bm_rules_report_missing(&d, &p, false, day_of("2027-01-10"), &y, &m));
	assert_int_equal(y, 2026);
	assert_int_equal(m, 12);
	/* the policy's day moves the due day */
	p.report_monthly_day = 15;
	assert_false(bm_rules_report_missing(&d, &p, false, day_of("2026-12-10"), &y, &m));
	assert_true(bm_rules_report_missing(&d, &p, false, day_of("2026-12-16"), &y, &m));
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
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(org_2_period),
	        cmocka_unit_test(org_2_period_refusals),
	        cmocka_unit_test(org_2_monthly_due_and_missing),
	        cmocka_unit_test(org_2_readers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
