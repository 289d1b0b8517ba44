/*
 * test_visibility.c — src/policy/visibility.c: SYS-2 (who sees which
 * carrier) term by term, and SYS-1 (the three administrators handle no
 * carrier). The store's SQL reading of SYS-2 is held to this one by
 * tests/unit/service/test_visibility.c.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/visibility.h"

enum { UNIT = 1, ME = 7, OTHER = 8, MY_DEPT = 10, OTHER_DEPT = 20 };

static const bm_scope_ref me_named[] = {{ME, 0}};
static const bm_scope_ref my_dept[] = {{0, MY_DEPT}};
static const bm_scope_ref others[] = {{OTHER, 0}, {0, OTHER_DEPT}};

/* A staff member of MY_DEPT cleared to 机密. */
static bm_viewer staff(void)
{
	return (bm_viewer){.unit_id = UNIT,
	                   .person_id = ME,
	                   .department_id = MY_DEPT,
	                   .max_level = BM_LEVEL_SECRET,
	                   .rule = bm_policy_sys2_rule()};
}

/* A 机密 carrier of the unit, kept by OTHER, scoped to others, in store. */
static bm_item item(void)
{
	return (bm_item){.id = 1,
	                 .unit_id = UNIT,
	                 .level = BM_LEVEL_SECRET,
	                 .status = BM_STATUS_IN_STORE,
	                 .custodian_id = OTHER,
	                 .scope = others,
	                 .n_scope = BM_ARRAY_LEN(others)};
}

static void sys_2_outside_scope_does_not_exist(void **state)
{
	bm_viewer v = staff();
	bm_item c = item();
	(void)state;
	assert_false(bm_policy_sys2_visible(&v, &c));
}

static void sys_2_in_scope_by_name_or_department(void **state)
{
	bm_viewer v = staff();
	bm_item c = item();
	(void)state;
	c.scope = me_named;
	c.n_scope = 1;
	assert_true(bm_policy_sys2_visible(&v, &c));
	c.scope = my_dept;
	assert_true(bm_policy_sys2_visible(&v, &c));
	/* Without a department, a department scope never matches. */
	v.department_id = 0;
	assert_false(bm_policy_sys2_visible(&v, &c));
	/* A person entry (department 0) is not a department match for them either. */
	c.scope = others;
	c.n_scope = BM_ARRAY_LEN(others);
	assert_false(bm_policy_sys2_visible(&v, &c));
}

static void sys_2_custodian_and_borrower_see_it(void **state)
{
	bm_viewer v = staff();
	bm_item c = item();
	(void)state;
	c.custodian_id = ME;
	assert_true(bm_policy_sys2_visible(&v, &c));
	c = item();
	c.status = BM_STATUS_LENT;
	c.holder_id = ME;
	assert_true(bm_policy_sys2_visible(&v, &c));
	c.status = BM_STATUS_TAKEN_OUT;
	assert_true(bm_policy_sys2_visible(&v, &c));
	c.status = BM_STATUS_CIRCULATING;
	assert_true(bm_policy_sys2_visible(&v, &c));
	/* Back in store (or missing), the loan no longer shows it. */
	c.status = BM_STATUS_MISSING;
	assert_false(bm_policy_sys2_visible(&v, &c));
	c.status = BM_STATUS_LENT;
	c.holder_id = OTHER;
	assert_false(bm_policy_sys2_visible(&v, &c));
	/* Nobody (id 0) is never the custodian or the holder of a carrier without one. */
	v.person_id = 0;
	c.custodian_id = 0;
	c.holder_id = 0;
	assert_false(bm_policy_sys2_visible(&v, &c));
}

static void sys_2_clerk_keeps_whole_ledger_within_clearance(void **state)
{
	bm_viewer v = staff();
	bm_item c = item();
	(void)state;
	v.clerk = true;
	assert_true(bm_policy_sys2_visible(&v, &c));
	c.level = BM_LEVEL_TOP_SECRET;
	assert_false(bm_policy_sys2_visible(&v, &c));
}

static void sys_2_level_above_clearance_hidden_even_to_custodian(void **state)
{
	bm_viewer v = staff();
	bm_item c = item();
	(void)state;
	c.level = BM_LEVEL_TOP_SECRET;
	c.custodian_id = ME;
	c.scope = me_named;
	c.n_scope = 1;
	assert_false(bm_policy_sys2_visible(&v, &c));
	v.max_level = BM_LEVEL_TOP_SECRET;
	assert_true(bm_policy_sys2_visible(&v, &c));
}

static void sys_2_no_scope_is_the_whole_unit(void **state)
{
	bm_viewer v = staff();
	bm_item c = item();
	(void)state;
	c.level = BM_LEVEL_INTERNAL;
	c.n_scope = 0;
	c.scope = NULL;
	assert_true(bm_policy_sys2_visible(&v, &c));
	/* Another unit's carrier, or no unit at all, is never visible. */
	c.unit_id = UNIT + 1;
	assert_false(bm_policy_sys2_visible(&v, &c));
	c.unit_id = UNIT;
	v.unit_id = 0;
	assert_false(bm_policy_sys2_visible(&v, &c));
}

/* The rule as data is what the C reading evaluates, term by term. */
static void sys_2_rule_is_all_of_then_any_of(void **state)
{
	const bm_sight_rule *r = bm_policy_sys2_rule();
	bm_viewer v = staff();
	bm_item c = item();
	bool seen[BM_SIGHT_COUNT] = {false};
	(void)state;
	assert_int_equal(r->n_all, 2);
	assert_int_equal(r->n_all + r->n_any, BM_SIGHT_COUNT);
	for (size_t i = 0; i < r->n_all; i++)
		seen[r->all[i]] = true;
	for (size_t i = 0; i < r->n_any; i++)
		seen[r->any[i]] = true;
	for (int t = 0; t < BM_SIGHT_COUNT; t++)
		assert_true(seen[t]);
	/* Each `any` term alone is enough; none at all hides it. */
	assert_false(bm_policy_sight_rule_holds(r, &v, &c));
	c.custodian_id = ME;
	assert_true(bm_policy_sight_holds(BM_SIGHT_CUSTODIAN, &v, &c));
	assert_false(bm_policy_sight_holds(BM_SIGHT_SCOPE_PERSON, &v, &c));
	assert_true(bm_policy_sight_rule_holds(r, &v, &c));
	assert_false(bm_policy_sight_holds(BM_SIGHT_COUNT, &v, &c));
}

static void sys_1_administrators_handle_no_carrier(void **state)
{
	static const bm_grant sysadmin[] = {{BM_ROLE_SYSADMIN, 0}};
	static const bm_grant secadmin[] = {{BM_ROLE_SECADMIN, 0}};
	static const bm_grant auditor[] = {{BM_ROLE_AUDITOR, 0}};
	static const bm_grant staff_and_auditor[] = {{BM_ROLE_STAFF, MY_DEPT},
	                                             {BM_ROLE_AUDITOR, 0}};
	const bm_grant *admins[] = {sysadmin, secadmin, auditor};
	bm_decision d;
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(admins); i++) {
		assert_true(bm_policy_sys1_admin(admins[i], 1));
		assert_false(bm_policy_sys1_carriers(&d, admins[i], 1, BM_SYS1_HANDLE));
		assert_false(d.allowed);
		assert_int_equal(d.klass, BM_EDENIED);
		assert_string_equal(d.rule, "SYS-1");
		assert_string_equal(d.code, "admin_no_business");
		assert_non_null(strstr(d.reason_zh, "不得处理涉密载体"));
		assert_string_equal(d.reason_en,
		                    "the three administrators may not handle carriers");
	}
	/* Reading the ledgers is refused in the same words, saying "see". */
	assert_false(bm_policy_sys1_carriers(&d, auditor, 1, BM_SYS1_SEE));
	assert_string_equal(d.reason_en, "the three administrators may not see carriers");
	assert_non_null(strstr(d.reason_zh, "不得查阅涉密载体"));
	/* One administrator role among others is enough. */
	assert_false(bm_policy_sys1_carriers(&d, staff_and_auditor, 2, BM_SYS1_SEE));
}

static void sys_1_business_roles_and_nobody_are_allowed(void **state)
{
	bm_decision d;
	(void)state;
	for (int r = 0; r < BM_ROLE_COUNT; r++) {
		bm_grant g = {(bm_role)r, 0};
		bool admin = r == BM_ROLE_SYSADMIN || r == BM_ROLE_SECADMIN || r == BM_ROLE_AUDITOR;
		assert_int_equal(bm_policy_sys1_admin(&g, 1), admin);
		assert_int_equal(bm_policy_sys1_carriers(&d, &g, 1, BM_SYS1_HANDLE), !admin);
	}
	/* A person with no role is no administrator. */
	assert_false(bm_policy_sys1_admin(NULL, 0));
	assert_true(bm_policy_sys1_carriers(&d, NULL, 0, BM_SYS1_HANDLE));
	assert_true(d.allowed);
	assert_int_equal(bm_decision_error(&d), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sys_2_outside_scope_does_not_exist),
	        cmocka_unit_test(sys_2_in_scope_by_name_or_department),
	        cmocka_unit_test(sys_2_custodian_and_borrower_see_it),
	        cmocka_unit_test(sys_2_clerk_keeps_whole_ledger_within_clearance),
	        cmocka_unit_test(sys_2_level_above_clearance_hidden_even_to_custodian),
	        cmocka_unit_test(sys_2_no_scope_is_the_whole_unit),
	        cmocka_unit_test(sys_2_rule_is_all_of_then_any_of),
	        cmocka_unit_test(sys_1_administrators_handle_no_carrier),
	        cmocka_unit_test(sys_1_business_roles_and_nobody_are_allowed),
	};
	return cmocka_run_group_tests_name("policy_visibility", tests, NULL, NULL);
}
