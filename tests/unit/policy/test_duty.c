/*
 * test_duty.c — src/policy/duty.c and BM_TASK_DUTY: the unit's
 * responsibility system (保密工作责任制, ORG-1): the leadership group, its
 * head and leader in charge, the departments' responsible leaders and
 * clerks, who records them, and the alerts of its gaps and of the members'
 * statements. Test names carry the rule; each refusal is asserted by ID and
 * code.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/duty.h"
#include "policy/tasks.h"
#include "rules_assert.h"

static bm_decision d;
static bm_policy pol;

static int setup(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&pol);
	return 0;
}

static bm_duty_member_facts member(void)
{
	bm_duty_member_facts f = {0};
	f.role = BM_DUTY_HEAD;
	f.person_active = true;
	f.person_leads = true;
	f.person_leader = false; /* the principal */
	f.appointed_on = day_of("2026-01-05");
	f.today = day_of("2026-12-05");
	f.document_given = true;
	return f;
}

static void org_1_member_is_an_active_person_in_a_known_role(void **state)
{
	bm_duty_member_facts f = member();
	BM_UNUSED(state);
	assert_true(bm_rules_duty_member(&d, &f));
	assert_string_equal(d.rule, "ORG-1");
	f.role = -1;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_role_invalid");
	f = member();
	f.person_active = false;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_person_inactive");
	f = member();
	f.already_member = true;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_already_member");
	assert_int_equal(d.klass, BM_ECONFLICT);
	/* A plain member needs no leader's role. */
	f = member();
	f.role = BM_DUTY_MEMBER;
	f.person_leads = false;
	assert_true(bm_rules_duty_member(&d, &f));
}

static void org_1_one_head_the_principal_or_a_leader(void **state)
{
	bm_duty_member_facts f = member();
	BM_UNUSED(state);
	f.person_leads = false;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_head_not_leader");
	assert_int_equal(d.klass, BM_EDENIED);
	f = member();
	f.head_taken = true;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_head_taken");
	/* A deputy while there is a head: fine. */
	f.role = BM_DUTY_DEPUTY;
	assert_true(bm_rules_duty_member(&d, &f));
}

static void org_1_one_leader_in_charge_holding_the_leader_role(void **state)
{
	bm_duty_member_facts f = member();
	BM_UNUSED(state);
	f.role = BM_DUTY_DEPUTY;
	f.in_charge = true;
	assert_false(bm_rules_duty_member(&d, &f)); /* the principal is not 分管领导 */
	assert_refused_by(d, "ORG-1", "duty_in_charge_not_leader");
	f.person_leader = true;
	assert_true(bm_rules_duty_member(&d, &f));
	f.in_charge_taken = true;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_in_charge_taken");
}

static void org_1_appointment_day_and_document(void **state)
{
	bm_duty_member_facts f = member();
	BM_UNUSED(state);
	f.appointed_on = BM_DATE_NONE;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_date_required");
	f.appointed_on = f.today + 1;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_date_in_future");
	f.appointed_on = f.today;
	assert_true(bm_rules_duty_member(&d, &f));
	f.document_given = false;
	assert_false(bm_rules_duty_member(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_document_required");
}

static void org_1_a_place_ends_once_in_order(void **state)
{
	int32_t app = day_of("2026-01-05"), today = day_of("2026-12-05");
	BM_UNUSED(state);
	assert_true(bm_rules_duty_member_end(&d, 7, false, app, today, today));
	assert_true(bm_rules_duty_member_end(&d, 7, false, app, app, today));
	assert_false(bm_rules_duty_member_end(&d, 7, true, app, today, today));
	assert_refused_by(d, "ORG-1", "duty_member_ended");
	assert_false(bm_rules_duty_member_end(&d, 7, false, app, BM_DATE_NONE, today));
	assert_refused_by(d, "ORG-1", "duty_date_required");
	assert_false(bm_rules_duty_member_end(&d, 7, false, app, app - 1, today));
	assert_refused_by(d, "ORG-1", "duty_end_date_invalid");
	assert_false(bm_rules_duty_member_end(&d, 7, false, app, today + 1, today));
	assert_refused_by(d, "ORG-1", "duty_end_date_invalid");
}

static bm_duty_dept_facts dept(void)
{
	bm_duty_dept_facts f = {0};
	f.department_of_unit = true;
	f.leader_active = true;
	f.clerk_active = true;
	f.clerk_of_department = true;
	f.since = day_of("2026-03-01");
	f.current_since = day_of("2026-01-05");
	f.today = day_of("2026-12-05");
	return f;
}

static void org_1_department_leader_and_clerk_active_clerk_of_it(void **state)
{
	bm_duty_dept_facts f = dept();
	BM_UNUSED(state);
	assert_true(bm_rules_duty_dept(&d, &f));
	f.department_of_unit = false;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "department_not_of_unit");
	f = dept();
	f.leader_active = false;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_leader_inactive");
	f = dept();
	f.clerk_active = false;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_clerk_inactive");
	f = dept();
	f.clerk_of_department = false;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_clerk_not_of_department");
	f = dept();
	f.since = BM_DATE_NONE;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_date_required");
	f = dept();
	f.since = f.today + 1;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_since_invalid");
	f = dept();
	f.since = f.current_since - 1;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_since_invalid");
	f = dept();
	f.unchanged = true;
	assert_false(bm_rules_duty_dept(&d, &f));
	assert_refused_by(d, "ORG-1", "duty_unchanged");
	/* The first line of a department: any day up to today. */
	f = dept();
	f.current_since = BM_DATE_NONE;
	f.since = day_of("2020-01-01");
	assert_true(bm_rules_duty_dept(&d, &f));
}

static void org_1_the_clerk_records_no_administrator(void **state)
{
	const bm_grant clerk[] = {{BM_ROLE_CLERK, 0}}, leader[] = {{BM_ROLE_LEADER, 0}};
	const bm_grant secadmin[] = {{BM_ROLE_SECADMIN, 0}},
	               both[] = {{BM_ROLE_CLERK, 0}, {BM_ROLE_SYSADMIN, 0}};
	BM_UNUSED(state);
	assert_string_equal(bm_policy_task_rule(BM_TASK_DUTY), "ORG-1");
	assert_true(bm_policy_may(&d, BM_TASK_DUTY, clerk, 1));
	assert_false(bm_policy_may(&d, BM_TASK_DUTY, leader, 1));
	assert_refused_by(d, "ORG-1", "role_required");
	assert_false(bm_policy_may(&d, BM_TASK_DUTY, secadmin, 1));
	assert_refused_by(d, "ORG-1", "admin_no_business");
	assert_false(bm_policy_may(&d, BM_TASK_DUTY, both, 2));
	assert_refused_by(d, "ORG-1", "admin_no_business");
}

static void org_1_group_gaps_alert(void **state)
{
	bm_duty_group_facts g = {0};
	BM_UNUSED(state);
	assert_true(bm_rules_duty_group_gap(&d, &g, 0));
	assert_true(d.alert);
	assert_string_equal(d.rule, "ORG-1");
	assert_string_equal(d.code, "duty_group_missing");
	/* No group: no head and no leader in charge are not told besides. */
	assert_false(bm_rules_duty_group_gap(&d, &g, 1));
	assert_false(bm_rules_duty_group_gap(&d, &g, 2));
	g.n_members = 2;
	assert_false(bm_rules_duty_group_gap(&d, &g, 0));
	assert_true(bm_rules_duty_group_gap(&d, &g, 1));
	assert_string_equal(d.code, "duty_head_missing");
	assert_true(bm_rules_duty_group_gap(&d, &g, 2));
	assert_string_equal(d.code, "duty_in_charge_missing");
	g.n_heads = 1;
	g.n_in_charge = 1;
	for (int i = 0; i < 3; i++)
		assert_false(bm_rules_duty_group_gap(&d, &g, i));
}

static void org_1_department_gaps_alert(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_duty_dept_gap(&d, "财务科", false, false, false));
	assert_string_equal(d.rule, "ORG-1");
	assert_string_equal(d.code, "duty_department_unassigned");
	assert_non_null(strstr(d.reason_zh, "财务科"));
	assert_true(bm_rules_duty_dept_gap(&d, "财务科", true, false, true));
	assert_string_equal(d.code, "duty_leader_gone");
	assert_true(bm_rules_duty_dept_gap(&d, "财务科", true, true, false));
	assert_string_equal(d.code, "duty_clerk_gone");
	assert_false(bm_rules_duty_dept_gap(&d, "财务科", true, true, true));
}

static void org_1_statement_missing_or_lapsed_yearly(void **state)
{
	bm_person_facts f;
	int32_t today = day_of("2026-12-05");
	BM_UNUSED(state);
	bm_person_facts_init(&f);
	assert_true(bm_rules_duty_statement(&d, &pol, &f, today));
	assert_string_equal(d.rule, "ORG-1");
	assert_string_equal(d.code, "duty_statement_missing");
	f.statement_on = day_of("2026-01-05");
	assert_false(bm_rules_duty_statement(&d, &pol, &f, today));
	f.statement_on = day_of("2025-12-04"); /* 12 months (person.statement_months) end 12-04 */
	assert_true(bm_rules_duty_statement(&d, &pol, &f, today));
	assert_string_equal(d.code, "duty_statement_lapsed");
	assert_int_equal(d.due_date, day_of("2026-12-04"));
	pol.statement_months = 24;
	assert_false(bm_rules_duty_statement(&d, &pol, &f, today));
	bm_policy_defaults(&pol);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(org_1_member_is_an_active_person_in_a_known_role),
	        cmocka_unit_test(org_1_one_head_the_principal_or_a_leader),
	        cmocka_unit_test(org_1_one_leader_in_charge_holding_the_leader_role),
	        cmocka_unit_test(org_1_appointment_day_and_document),
	        cmocka_unit_test(org_1_a_place_ends_once_in_order),
	        cmocka_unit_test(org_1_department_leader_and_clerk_active_clerk_of_it),
	        cmocka_unit_test(org_1_the_clerk_records_no_administrator),
	        cmocka_unit_test(org_1_group_gaps_alert),
	        cmocka_unit_test(org_1_department_gaps_alert),
	        cmocka_unit_test(org_1_statement_missing_or_lapsed_yearly),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
