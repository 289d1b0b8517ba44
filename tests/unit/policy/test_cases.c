/*
 * test_cases.c — src/policy/cases.c: letters (REG-3), count sessions
 * (INV-3) and incidents (INC-1, INC-4, BORROW-6). Test names carry the rule.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/cases.h"
#include "rules_assert.h"

static bm_decision d;

static void reg_3_letter_names_an_addressee_who_can_open_it(void **state)
{
	bm_addressee_facts ok = {"张三", true, true};
	bm_addressee_facts no_account = {"李四", true, false};
	bm_addressee_facts gone = {"王五", false, true};
	BM_UNUSED(state);
	assert_false(bm_rules_letter_addressee(&d, NULL));
	assert_refused_by(d, "REG-3", "addressee_required");
	assert_false(bm_rules_letter_addressee(&d, &no_account));
	assert_refused_by(d, "REG-3", "addressee_cannot_open");
	assert_non_null(strstr(d.reason_en, "李四"));
	assert_false(bm_rules_letter_addressee(&d, &gone));
	assert_refused_by(d, "REG-3", "addressee_cannot_open");
	assert_true(bm_rules_letter_addressee(&d, &ok));
}

static void reg_3_only_the_addressee_opens_once(void **state)
{
	bm_letter_facts l = {5, 42, "张三", "sealed", NULL};
	BM_UNUSED(state);
	assert_false(bm_rules_letter_open(&d, &l, 7));
	assert_refused_by(d, "REG-3", "not_addressee");
	assert_int_equal(d.klass, BM_EDENIED);
	assert_true(bm_rules_letter_open(&d, &l, 42));
	l.status = "to_register";
	l.opened_at = "2026-06-01T09:00:00Z";
	assert_false(bm_rules_letter_open(&d, &l, 42));
	assert_refused_by(d, "REG-3", "letter_opened");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

static void reg_3_contents_registered_only_when_opened_and_classified(void **state)
{
	bm_letter_facts l = {5, 42, "张三", "sealed", NULL};
	BM_UNUSED(state);
	assert_false(bm_rules_letter_contents(&d, &l));
	assert_refused_by(d, "REG-3", "letter_sealed");
	l.status = "closed";
	assert_false(bm_rules_letter_contents(&d, &l));
	assert_refused_by(d, "REG-3", "letter_not_classified");
	l.status = "to_register";
	assert_true(bm_rules_letter_contents(&d, &l));
}

static void inv_3_closed_count_takes_no_ticks(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_count_open(&d, 3, NULL));
	assert_false(bm_rules_count_open(&d, 3, "2026-06-01T10:00:00Z"));
	assert_refused_by(d, "INV-3", "count_closed");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

static void inv_3_count_scope_word_and_reference(void **state)
{
	bm_count_scope scope = BM_COUNT_SCOPE_CUSTODIAN;
	BM_UNUSED(state);
	assert_true(bm_rules_count_scope(&d, "全单位", false, &scope));
	assert_int_equal(scope, BM_COUNT_SCOPE_UNIT);
	assert_true(bm_rules_count_scope(&d, "部门", true, &scope));
	assert_int_equal(scope, BM_COUNT_SCOPE_DEPARTMENT);
	assert_true(bm_rules_count_scope(&d, "custodian", true, &scope));
	assert_int_equal(scope, BM_COUNT_SCOPE_CUSTODIAN);
	assert_false(bm_rules_count_scope(&d, "unit", true, &scope));
	assert_refused_by(d, "INV-3", "scope_ref_unexpected");
	assert_int_equal(d.klass, BM_EINVALID);
	assert_false(bm_rules_count_scope(&d, "楼层", false, &scope));
	assert_refused_by(d, "INV-3", "invalid_scope");
	assert_non_null(strstr(d.reason_zh, "楼层"));
}

static void inv_3_count_found_tick_and_result(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_count_found(&d, 9, true));
	assert_false(bm_rules_count_found(&d, 9, false));
	assert_refused_by(d, "INV-3", "unknown_count");
	assert_int_equal(d.klass, BM_ENOTFOUND);
	assert_non_null(strstr(d.reason_en, "9"));
	assert_true(bm_rules_count_tick(&d, 1));
	assert_false(bm_rules_count_tick(&d, 0));
	assert_refused_by(d, "INV-3", "invalid_carrier_id");
	/* Issue 10 point 3: a device tick names a device and is never incomplete. */
	assert_true(bm_rules_count_tick_device(&d, 3, false));
	assert_false(bm_rules_count_tick_device(&d, 0, false));
	assert_refused_by(d, "INV-3", "invalid_device_id");
	assert_false(bm_rules_count_tick_device(&d, 3, true));
	assert_refused_by(d, "INV-3", "device_incomplete");
	assert_int_equal(d.klass, BM_EINVALID);
	assert_true(bm_rules_count_result(&d, 4, true));
	assert_false(bm_rules_count_result(&d, 4, false));
	assert_refused_by(d, "INV-3", "corrupt_count_result");
	assert_int_equal(d.klass, BM_ECORRUPT);
}

static void inc_1_borrow_6_incident_says_what_and_overdue_names_carrier(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_incident_record(&d, "leak", false, false));
	assert_refused_by(d, "INC-1", "what_required");
	assert_true(bm_rules_incident_record(&d, "leak", false, true));
	assert_true(bm_rules_incident_record(&d, "missing", true, false));
	assert_false(bm_rules_incident_record(&d, "overdue", false, true));
	assert_refused_by(d, "BORROW-6", "carrier_required");
	assert_true(bm_rules_incident_record(&d, "overdue", true, false));
}

static void inc_4_closed_incident_stays_closed(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_incident_open(&d, 9, "open"));
	assert_false(bm_rules_incident_open(&d, 9, "closed"));
	assert_refused_by(d, "INC-4", "incident_closed");
}

static void inc_1_inc_4_close_needs_report_and_findings(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_incident_close(&d, false, true));
	assert_refused_by(d, "INC-1", "report_incomplete");
	assert_false(bm_rules_incident_close(&d, true, false));
	assert_refused_by(d, "INC-4", "findings_required");
	assert_true(bm_rules_incident_close(&d, true, true));
}

static void reg_3_contents_handed_back_within_registration_days(void **state)
{
	bm_policy p;
	int32_t opened = day_of("2026-06-01");
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	p.registration_max_days = 0;
	assert_false(bm_rules_letter_handback_overdue(&d, &p, opened, opened));
	assert_true(bm_rules_letter_handback_overdue(&d, &p, opened, opened + 2));
	assert_true(d.alert);
	assert_string_equal(d.rule, "REG-3");
	assert_string_equal(d.code, "letter_not_handed_back");
	assert_int_equal(d.due_date, opened);
	p.registration_max_days = 3;
	assert_false(bm_rules_letter_handback_overdue(&d, &p, opened, opened + 2));
}

static void inc_1_report_due_within_policy_hours(void **state)
{
	bm_policy p;
	const int64_t opened = 1700000000;
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	assert_true(bm_rules_incident_report_due(&d, &p, opened, opened + 3600));
	assert_string_equal(d.rule, "INC-1");
	assert_string_equal(d.code, "report_due");
	assert_int_equal(d.due_at, opened + (int64_t)p.incident_report_hours * 3600);
	assert_true(bm_rules_incident_report_due(&d, &p, opened, d.due_at));
	assert_string_equal(d.code, "report_overdue");
	p.incident_report_hours = 2;
	bm_rules_incident_report_due(&d, &p, opened, opened + 3 * 3600);
	assert_string_equal(d.code, "report_overdue");
}

static void inc_4_findings_due_within_policy_months(void **state)
{
	bm_policy p;
	int32_t reported = day_of("2026-01-15");
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	p.incident_findings_months = 3;
	assert_false(bm_rules_incident_findings_overdue(&d, &p, reported, day_of("2026-04-15")));
	assert_int_equal(d.due_date, day_of("2026-04-15"));
	assert_true(bm_rules_incident_findings_overdue(&d, &p, reported, day_of("2026-04-16")));
	assert_string_equal(d.rule, "INC-4");
	assert_string_equal(d.code, "findings_overdue");
	p.incident_findings_months = 6;
	assert_false(bm_rules_incident_findings_overdue(&d, &p, reported, day_of("2026-04-16")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reg_3_letter_names_an_addressee_who_can_open_it),
	        cmocka_unit_test(reg_3_only_the_addressee_opens_once),
	        cmocka_unit_test(reg_3_contents_registered_only_when_opened_and_classified),
	        cmocka_unit_test(inv_3_closed_count_takes_no_ticks),
	        cmocka_unit_test(inv_3_count_scope_word_and_reference),
	        cmocka_unit_test(inv_3_count_found_tick_and_result),
	        cmocka_unit_test(inc_1_borrow_6_incident_says_what_and_overdue_names_carrier),
	        cmocka_unit_test(inc_4_closed_incident_stays_closed),
	        cmocka_unit_test(inc_1_inc_4_close_needs_report_and_findings),
	        cmocka_unit_test(reg_3_contents_handed_back_within_registration_days),
	        cmocka_unit_test(inc_1_report_due_within_policy_hours),
	        cmocka_unit_test(inc_4_findings_due_within_policy_months),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
