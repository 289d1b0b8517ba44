/*
 * test_tasks.c — src/policy/tasks.c: who may do each guarded task, under
 * which rule (KEEP-*, COPY-*, MAKE-*, SEND-*, REG-*, INV-*, INC-*, SYS-1,
 * SYS-5, PERSON-4). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/tasks.h"
#include "rules_assert.h"

static bm_decision d;

static const bm_grant clerk[] = {{BM_ROLE_CLERK, 0}};
static const bm_grant staff[] = {{BM_ROLE_STAFF, 0}};
static const bm_grant leader[] = {{BM_ROLE_LEADER, 0}};
static const bm_grant sysadmin[] = {{BM_ROLE_SYSADMIN, 0}};
static const bm_grant secadmin[] = {{BM_ROLE_SECADMIN, 0}};
static const bm_grant auditor[] = {{BM_ROLE_AUDITOR, 0}};
/* A clerk who was also made an administrator: SYS-1 refuses before the role counts. */
static const bm_grant clerk_and_auditor[] = {{BM_ROLE_CLERK, 0}, {BM_ROLE_AUDITOR, 0}};

#define refused(rule_id, code_str)                                                                 \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, BM_EDENIED);                                             \
		assert_bilingual(d.reason_zh, d.reason_en, false);                                 \
	} while (0)

static void keep_5_registering_is_the_clerks(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_policy_may(&d, BM_TASK_REGISTER, clerk, 1));
	assert_false(bm_policy_may(&d, BM_TASK_REGISTER, staff, 1));
	refused("KEEP-5", "role_required");
	assert_non_null(strstr(d.reason_zh, "保密员"));
	assert_false(bm_policy_may(&d, BM_TASK_REGISTER, NULL, 0));
	refused("KEEP-5", "role_required");
}

/* Every clerk's task refuses a non-clerk under its own rule. */
static void clerk_tasks_name_their_rules(void **state)
{
	static const struct {
		bm_task task;
		const char *rule;
	} cases[] = {
	        {BM_TASK_MOVE, "KEEP-1"},       {BM_TASK_COPY, "COPY-5"},
	        {BM_TASK_EXTRACT, "COPY-4"},    {BM_TASK_MAKE, "MAKE-1"},
	        {BM_TASK_MAKE_WASTE, "MAKE-3"}, {BM_TASK_WIDEN, "CIRC-1"},
	        {BM_TASK_DESTROY, "DESTROY-1"}, {BM_TASK_HANDOVER, "KEEP-2"},
	        {BM_TASK_CLEAR_OUT, "KEEP-3"},  {BM_TASK_VOLUME, "KEEP-4"},
	        {BM_TASK_ISSUE, "REG-1"},       {BM_TASK_TAKE_BACK, "CIRC-2"},
	        {BM_TASK_DISPATCH, "SEND-1"},   {BM_TASK_RECEIPT, "SEND-4"},
	        {BM_TASK_ENVELOPE, "SEND-5"},   {BM_TASK_LETTER, "REG-3"},
	        {BM_TASK_COUNT_PLAN, "INV-1"},  {BM_TASK_COUNT, "INV-3"},
	        {BM_TASK_SITE, "SITE-1"},
	};
	BM_UNUSED(state);
	for (size_t i = 0; i < BM_ARRAY_LEN(cases); i++) {
		assert_string_equal(bm_policy_task_rule(cases[i].task), cases[i].rule);
		assert_true(bm_policy_may(&d, cases[i].task, clerk, 1));
		assert_false(bm_policy_may(&d, cases[i].task, leader, 1));
		refused(cases[i].rule, "role_required");
	}
}

static void sys_1_administrators_handle_no_carrier(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_policy_may(&d, BM_TASK_REGISTER, clerk_and_auditor, 2));
	refused("SYS-1", "admin_no_business");
	assert_false(bm_policy_may(&d, BM_TASK_INCIDENT_OPEN, clerk_and_auditor, 2));
	refused("SYS-1", "admin_no_business");
}

static void inc_1_4_investigations_are_the_clerks_and_the_leaderships(void **state)
{
	static const bm_grant principal[] = {{BM_ROLE_PRINCIPAL, 0}};
	BM_UNUSED(state);
	assert_true(bm_policy_may(&d, BM_TASK_INCIDENT_OPEN, clerk, 1));
	assert_true(bm_policy_may(&d, BM_TASK_INCIDENT_OPEN, leader, 1));
	assert_true(bm_policy_may(&d, BM_TASK_INCIDENT_REPORT, principal, 1));
	assert_false(bm_policy_may(&d, BM_TASK_INCIDENT_OPEN, staff, 1));
	refused("INC-1", "role_required");
	assert_false(bm_policy_may(&d, BM_TASK_INCIDENT_REPORT, staff, 1));
	refused("INC-4", "role_required");
}

static void sys_1_each_administrator_does_their_own(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_policy_may(&d, BM_TASK_ACCOUNTS, sysadmin, 1));
	assert_false(bm_policy_may(&d, BM_TASK_ACCOUNTS, secadmin, 1));
	refused("SYS-1", "role_required");
	assert_string_equal(d.reason_en, "only the system administrator may do this");
	assert_true(bm_policy_may(&d, BM_TASK_GRANTS, secadmin, 1));
	assert_false(bm_policy_may(&d, BM_TASK_GRANTS, sysadmin, 1));
	refused("SYS-1", "role_required");
	assert_true(bm_policy_may(&d, BM_TASK_AUDIT_READ, auditor, 1));
	assert_false(bm_policy_may(&d, BM_TASK_AUDIT_READ, clerk, 1));
	refused("SYS-1", "auditor_required");
}

static void sys_5_policy_is_the_security_administrators(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_policy_may(&d, BM_TASK_POLICY, secadmin, 1));
	assert_false(bm_policy_may(&d, BM_TASK_POLICY, sysadmin, 1));
	refused("SYS-5", "role_required");
}

static void person_4_departures_are_the_security_administrators(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_policy_may(&d, BM_TASK_DEPARTURE, secadmin, 1));
	assert_false(bm_policy_may(&d, BM_TASK_DEPARTURE, clerk, 1));
	refused("PERSON-4", "role_required");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(keep_5_registering_is_the_clerks),
	        cmocka_unit_test(clerk_tasks_name_their_rules),
	        cmocka_unit_test(sys_1_administrators_handle_no_carrier),
	        cmocka_unit_test(inc_1_4_investigations_are_the_clerks_and_the_leaderships),
	        cmocka_unit_test(sys_1_each_administrator_does_their_own),
	        cmocka_unit_test(sys_5_policy_is_the_security_administrators),
	        cmocka_unit_test(person_4_departures_are_the_security_administrators),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
