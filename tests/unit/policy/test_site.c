/*
 * test_site.c — src/policy/site.c: key departments and places (SITE-1),
 * with PERSON-1 (the class of the people who work there) and PERSON-3 (no
 * temporary hire). Test names carry the rule.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/site.h"
#include "rules_assert.h"

static bm_decision d;

static void site_1_what_and_where(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_site_where(&d, -1, true, true, true));
	assert_refused_by(d, "SITE-1", "invalid_site_kind");
	assert_int_equal(d.klass, BM_EINVALID);
	assert_false(bm_rules_site_where(&d, BM_SITE_DEPARTMENT, false, true, true));
	assert_refused_by(d, "SITE-1", "site_department_required");
	assert_true(bm_rules_site_where(&d, BM_SITE_DEPARTMENT, true, false, false));
	assert_false(bm_rules_site_where(&d, BM_SITE_PLACE, true, false, false));
	assert_refused_by(d, "SITE-1", "site_location_required");
	assert_true(bm_rules_site_where(&d, BM_SITE_PLACE, false, true, false));
	assert_true(bm_rules_site_where(&d, BM_SITE_PLACE, false, false, true));
}

static void site_1_confirmed_by_whom_and_when(void **state)
{
	int32_t today = day_of("2026-12-05");
	BM_UNUSED(state);
	assert_false(bm_rules_site_confirmation(&d, NULL, day_of("2026-03-01"), today));
	assert_refused_by(d, "SITE-1", "site_confirmed_by_required");
	assert_false(bm_rules_site_confirmation(&d, "", day_of("2026-03-01"), today));
	assert_refused_by(d, "SITE-1", "site_confirmed_by_required");
	assert_false(bm_rules_site_confirmation(&d, "市国家保密局", BM_DATE_NONE, today));
	assert_refused_by(d, "SITE-1", "site_confirmed_on_required");
	assert_false(bm_rules_site_confirmation(&d, "市国家保密局", today + 1, today));
	assert_refused_by(d, "SITE-1", "site_confirmed_in_future");
	assert_true(bm_rules_site_confirmation(&d, "市国家保密局", today, today));
	assert_true(d.allowed);
}

static void site_1_responsible_leader_in_post(void **state)
{
	bm_site_person_facts gone = {"王领导", BM_CLASS_CORE, false, false};
	bm_site_person_facts ok = {"王领导", BM_CLASS_NONE, false, true};
	BM_UNUSED(state);
	assert_false(bm_rules_site_leader(&d, NULL));
	assert_refused_by(d, "SITE-1", "site_leader_required");
	assert_false(bm_rules_site_leader(&d, &gone));
	assert_refused_by(d, "SITE-1", "site_leader_inactive");
	assert_true(bm_rules_site_leader(&d, &ok));
}

static void site_1_nothing_added_to_a_revoked_entry(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_site_active(&d, false, 7));
	assert_refused_by(d, "SITE-1", "site_revoked");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_true(bm_rules_site_active(&d, true, 7));
}

static void site_1_person_1_staff_at_least_important(void **state)
{
	bm_site_person_facts p = {"李员工", BM_CLASS_GENERAL, false, true};
	BM_UNUSED(state);
	assert_false(bm_rules_site_member(&d, BM_SITE_STAFF, &p));
	assert_refused_by(d, "SITE-1", "site_class_too_low");
	assert_int_equal(d.klass, BM_EDENIED);
	assert_non_null(strstr(d.reason_en, "PERSON-1"));
	p.person_class = BM_CLASS_NONE;
	assert_false(bm_rules_site_member(&d, BM_SITE_STAFF, &p));
	assert_refused_by(d, "SITE-1", "site_class_too_low");
	p.person_class = BM_CLASS_IMPORTANT;
	assert_true(bm_rules_site_member(&d, BM_SITE_STAFF, &p));
	p.person_class = BM_CLASS_CORE;
	assert_true(bm_rules_site_member(&d, BM_SITE_STAFF, &p));
}

static void person_3_no_temporary_hire_works_at_a_key_site(void **state)
{
	bm_site_person_facts p = {"钱临时", BM_CLASS_CORE, true, true};
	BM_UNUSED(state);
	assert_false(bm_rules_site_member(&d, BM_SITE_STAFF, &p));
	assert_refused_by(d, "PERSON-3", "temporary_hire");
	/* the access list is not a post */
	assert_true(bm_rules_site_member(&d, BM_SITE_ACCESS, &p));
}

static void site_1_access_list_any_person_in_post(void **state)
{
	bm_site_person_facts p = {"李员工", BM_CLASS_NONE, false, true};
	BM_UNUSED(state);
	assert_true(bm_rules_site_member(&d, BM_SITE_ACCESS, &p));
	p.active = false;
	assert_false(bm_rules_site_member(&d, BM_SITE_ACCESS, &p));
	assert_refused_by(d, "SITE-1", "site_person_inactive");
	assert_false(bm_rules_site_member(&d, BM_SITE_STAFF, &p));
	assert_refused_by(d, "SITE-1", "site_person_inactive");
}

static void site_1_person_1_class_not_lowered_while_working_there(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_site_class_lowering(&d, BM_CLASS_GENERAL, 1));
	assert_refused_by(d, "SITE-1", "site_staff_class");
	assert_false(bm_rules_site_class_lowering(&d, BM_CLASS_NONE, 2));
	assert_refused_by(d, "SITE-1", "site_staff_class");
	assert_true(bm_rules_site_class_lowering(&d, BM_CLASS_IMPORTANT, 3));
	assert_true(bm_rules_site_class_lowering(&d, BM_CLASS_GENERAL, 0));
}

static void site_1_unrelated_visitor_needs_a_staff_escort(void **state)
{
	bm_site_visit_facts v = {false, false, false, false};
	BM_UNUSED(state);
	assert_false(bm_rules_site_visit(&d, &v));
	assert_refused_by(d, "SITE-1", "site_escort_required");
	v.escort_given = true; /* an escort who does not work there */
	assert_false(bm_rules_site_visit(&d, &v));
	assert_refused_by(d, "SITE-1", "site_escort_not_staff");
	v.escort_on_staff = true;
	assert_true(bm_rules_site_visit(&d, &v));
	v.escort_is_visitor = true;
	assert_false(bm_rules_site_visit(&d, &v));
	assert_refused_by(d, "SITE-1", "site_escort_self");
	/* a listed visitor comes in alone */
	bm_site_visit_facts listed = {true, false, false, false};
	assert_true(bm_rules_site_visit(&d, &listed));
	/* … but an escort named for them still works there */
	listed.escort_given = true;
	assert_false(bm_rules_site_visit(&d, &listed));
	assert_refused_by(d, "SITE-1", "site_escort_not_staff");
}

static void site_1_visit_signed_out_once_after_in(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_site_visit_out(&d, 4, true, 100, 200));
	assert_refused_by(d, "SITE-1", "site_visit_closed");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_false(bm_rules_site_visit_out(&d, 4, false, 200, 100));
	assert_refused_by(d, "SITE-1", "site_visit_out_before_in");
	assert_true(bm_rules_site_visit_out(&d, 4, false, 200, 200));
}

static void site_1_vocabularies(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_vocab_find(bm_site_kind_names, BM_SITE_KIND_COUNT, "要害部位"),
	                 BM_SITE_PLACE);
	assert_int_equal(bm_vocab_find(bm_site_measure_names, BM_MEASURE_COUNT, "灭火器"),
	                 BM_MEASURE_EXTINGUISHER);
	assert_int_equal(bm_vocab_find(bm_site_measure_names, BM_MEASURE_COUNT, "iron_door"),
	                 BM_MEASURE_IRON_DOOR);
	assert_int_equal(bm_vocab_find(bm_site_member_names, BM_SITE_MEMBER_COUNT, "access"),
	                 BM_SITE_ACCESS);
}

static void sys_2_site_1_need_to_know(void **state)
{
	const bm_site_viewer clerk = {7, true, false}, leader = {8, false, true};
	const bm_site_viewer plain = {9, false, false}, nobody = {0, false, false};
	const bm_site_sight other = {8, false}, listed = {8, true}, led = {9, false};
	const bm_site_sight unled = {0, false};
	BM_UNUSED(state);
	/* The clerk and the leadership read the whole register. */
	assert_true(bm_rules_site_whole_register(&clerk));
	assert_true(bm_rules_site_whole_register(&leader));
	assert_false(bm_rules_site_whole_register(&plain));
	assert_true(bm_rules_site_visible(&clerk, &other));
	assert_true(bm_rules_site_visible(&leader, &unled));
	/* Anybody else: an entry they lead or are listed on, nothing else. */
	assert_false(bm_rules_site_visible(&plain, &other));
	assert_true(bm_rules_site_visible(&plain, &listed));
	assert_true(bm_rules_site_visible(&plain, &led));
	/* Nobody (id 0) is never the leader of an entry without one. */
	assert_false(bm_rules_site_visible(&nobody, &unled));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(site_1_what_and_where),
	        cmocka_unit_test(site_1_confirmed_by_whom_and_when),
	        cmocka_unit_test(site_1_responsible_leader_in_post),
	        cmocka_unit_test(site_1_nothing_added_to_a_revoked_entry),
	        cmocka_unit_test(site_1_person_1_staff_at_least_important),
	        cmocka_unit_test(person_3_no_temporary_hire_works_at_a_key_site),
	        cmocka_unit_test(site_1_access_list_any_person_in_post),
	        cmocka_unit_test(site_1_person_1_class_not_lowered_while_working_there),
	        cmocka_unit_test(site_1_unrelated_visitor_needs_a_staff_escort),
	        cmocka_unit_test(site_1_visit_signed_out_once_after_in),
	        cmocka_unit_test(site_1_vocabularies),
	        cmocka_unit_test(sys_2_site_1_need_to_know),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
