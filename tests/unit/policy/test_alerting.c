/*
 * test_alerting.c — src/policy/alerting.c: the rule, code and urgency of
 * each dated alert (BORROW-2/6, CARRY-2, SEND-4, SYS-5, LEVEL-6, REG-2,
 * INV-1/2/4). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/alerting.h"
#include "rules_assert.h"

static void is(bm_alert_kind kind, const char *rule, const char *code, const char *urgency)
{
	const bm_alert_rule *k = bm_policy_alert(kind);
	assert_string_equal(k->rule, rule);
	assert_string_equal(k->code, code);
	assert_string_equal(k->urgency, urgency);
}

static void borrow_2_carry_2_borrow_6_overdue_loans(void **state)
{
	BM_UNUSED(state);
	is(bm_rules_loan_alert(BM_OVERDUE_YES, false), "BORROW-2", "borrow_overdue", "medium");
	is(bm_rules_loan_alert(BM_OVERDUE_YES, true), "CARRY-2", "take_out_overdue", "medium");
	is(bm_rules_loan_alert(BM_OVERDUE_INCIDENT, false), "BORROW-6", "overdue_incident", "high");
	is(bm_rules_loan_alert(BM_OVERDUE_INCIDENT, true), "BORROW-6", "overdue_incident", "high");
}

static void send_4_sys_5_reg_2_inv_4_fixed_alerts(void **state)
{
	BM_UNUSED(state);
	is(BM_ALERT_RECEIPT_UNSIGNED, "SEND-4", "receipt_unsigned", "medium");
	is(BM_ALERT_APPROVAL_PENDING, "SYS-5", "approval_pending", "medium");
	is(BM_ALERT_LATE_REGISTRATION, "REG-2", "late_registration", "low");
	is(BM_ALERT_CARRIER_MISSING, "INV-4", "carrier_missing", "high");
	is(BM_ALERT_YEAR_END_COUNT, "INV-1", "year_end_count", "low");
}

static void level_6_period_ending_then_ended(void **state)
{
	int32_t end = day_of("2026-06-30");
	BM_UNUSED(state);
	is(bm_rules_period_alert(end, end - 1), "LEVEL-6", "period_ending", "low");
	is(bm_rules_period_alert(end, end), "LEVEL-6", "period_ended", "medium");
	is(bm_rules_period_alert(end, end + 9), "LEVEL-6", "period_ended", "medium");
}

static void inv_1_inv_2_count_schedule(void **state)
{
	int32_t due = day_of("2026-09-30");
	BM_UNUSED(state);
	is(bm_rules_count_alert(false), "INV-1", "count_due", "low");
	is(bm_rules_count_alert(true), "INV-1", "count_overdue", "medium");
	is(bm_rules_holiday_alert(due, due - 4), "INV-2", "holiday_count_due", "low");
	is(bm_rules_holiday_alert(due, due - 3), "INV-2", "holiday_count_due", "medium");
	is(bm_rules_holiday_alert(due, due), "INV-2", "holiday_count_due", "medium");
}

static void every_alert_kind_names_a_rule(void **state)
{
	BM_UNUSED(state);
	for (int k = 0; k < BM_ALERT_KIND_COUNT_; k++) {
		const bm_alert_rule *r = bm_policy_alert((bm_alert_kind)k);
		assert_non_null(r->rule);
		assert_non_null(strchr(r->rule, '-'));
		assert_true(r->code && *r->code);
		assert_true(strcmp(r->urgency, "low") == 0 || strcmp(r->urgency, "medium") == 0 ||
		            strcmp(r->urgency, "high") == 0);
	}
}

/*
 * SYS-2, issue 14 point 13: an alert reaches the clerk and the person it is
 * about; the leadership and the classification authority only the kinds
 * meant for them; staff who merely may see the carrier, none.
 */
static void sys_2_alert_reaches_who_can_act(void **state)
{
	const bm_alert_reader clerk = {.clerk = true}, staff = {0}, leader = {.leadership = true},
	                      classifier = {.classifier = true};
	const bm_alert_audience all[] = {BM_AUDIENCE_CLERK, BM_AUDIENCE_LEADERSHIP,
	                                 BM_AUDIENCE_CLASSIFIER};
	BM_UNUSED(state);
	for (size_t i = 0; i < BM_ARRAY_LEN(all); i++) {
		assert_true(bm_policy_alert_reaches(&clerk, all[i], false));
		assert_true(bm_policy_alert_reaches(&staff, all[i], true));
		assert_false(bm_policy_alert_reaches(&staff, all[i], false));
		assert_true(bm_policy_alert_reaches(&leader, all[i], true));
		assert_true(bm_policy_alert_reaches(&classifier, all[i], true));
	}
	assert_true(bm_policy_alert_reaches(&leader, BM_AUDIENCE_LEADERSHIP, false));
	assert_false(bm_policy_alert_reaches(&leader, BM_AUDIENCE_CLERK, false));
	assert_false(bm_policy_alert_reaches(&leader, BM_AUDIENCE_CLASSIFIER, false));
	assert_true(bm_policy_alert_reaches(&classifier, BM_AUDIENCE_CLASSIFIER, false));
	assert_false(bm_policy_alert_reaches(&classifier, BM_AUDIENCE_LEADERSHIP, false));
	assert_false(bm_policy_alert_reaches(&classifier, BM_AUDIENCE_CLERK, false));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(borrow_2_carry_2_borrow_6_overdue_loans),
	        cmocka_unit_test(send_4_sys_5_reg_2_inv_4_fixed_alerts),
	        cmocka_unit_test(level_6_period_ending_then_ended),
	        cmocka_unit_test(inv_1_inv_2_count_schedule),
	        cmocka_unit_test(every_alert_kind_names_a_rule),
	        cmocka_unit_test(sys_2_alert_reaches_who_can_act),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
