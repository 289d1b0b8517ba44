/*
 * test_forms.c — src/policy/forms.c: the rule each field of a form records,
 * the refusal of a wrong parameter, and the vocabulary words a form takes
 * (LEVEL-1/2, REG-1/5, SEND-1, DESTROY-3, PERSON-1, KEEP-1, INC-1). Test
 * names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/forms.h"
#include "rules_assert.h"

static bm_decision d;

#define refused(rule_id, code_str)                                                                 \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, BM_EINVALID);                                            \
		assert_bilingual(d.reason_zh, d.reason_en, true);                                  \
	} while (0)

static void fields_name_their_rules(void **state)
{
	BM_UNUSED(state);
	assert_string_equal(bm_policy_field_rule(BM_FORM_TAKE_OUT, "purpose"), "CARRY-2");
	assert_string_equal(bm_policy_field_rule(BM_FORM_OUTSIDE_READER, "reader"), "BORROW-5");
	assert_string_equal(bm_policy_field_rule(BM_FORM_COPY, "copies"), "COPY-1");
	assert_string_equal(bm_policy_field_rule(BM_FORM_EXTRACT, "copies"), "COPY-4");
	assert_string_equal(bm_policy_field_rule(BM_FORM_COPY, "copier"), "COPY-5");
	assert_string_equal(bm_policy_field_rule(BM_FORM_MAKE, "copies"), "MAKE-2");
	assert_string_equal(bm_policy_field_rule(BM_FORM_LEVEL_CHANGE, "basis"), "LEVEL-9");
	assert_string_equal(bm_policy_field_rule(BM_FORM_LEVEL_CHANGE, "to_level"), "LEVEL-4");
	assert_string_equal(bm_policy_field_rule(BM_FORM_ISSUE_TAKE_OUT, "signature"), "CARRY-2");
	assert_string_equal(bm_policy_field_rule(BM_FORM_CIRCULATE, "signature"), "CIRC-5");
	assert_string_equal(bm_policy_field_rule(BM_FORM_HANDOVER, "to"), "KEEP-2");
	assert_string_equal(bm_policy_field_rule(BM_FORM_KEEPING, "until"), "KEEP-6");
	assert_null(bm_policy_field_rule(BM_FORM_TAKE_OUT, "colour"));
}

static void carry_2_missing_purpose_refused_under_the_fields_rule(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_param(&d, BM_FORM_TAKE_OUT, "purpose", BM_PARAM_MISSING, 0, 0));
	refused("CARRY-2", "invalid_param");
	assert_string_equal(d.reason_en, "parameter 'purpose' is required");
	assert_string_equal(d.reason_zh, "参数 purpose 必须填写");
}

static void make_2_copies_out_of_range_names_the_range(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_param(&d, BM_FORM_MAKE, "copies", BM_PARAM_RANGE, 1, 500));
	refused("MAKE-2", "invalid_param");
	assert_string_equal(d.reason_en, "parameter 'copies' must be between 1 and 500");
	assert_false(bm_rules_param(&d, BM_FORM_TAKE_OUT, "return_date", BM_PARAM_NOT_DATE, 0, 0));
	refused("CARRY-2", "invalid_param");
}

static void level_1_unknown_level_refused(void **state)
{
	int v = -1;
	BM_UNUSED(state);
	assert_true(bm_rules_term(&d, BM_TERM_LEVEL, "机密", &v));
	assert_int_equal(v, BM_LEVEL_SECRET);
	assert_false(bm_rules_term(&d, BM_TERM_LEVEL, "超密", &v));
	refused("LEVEL-1", "invalid_level");
	assert_false(bm_rules_term(&d, BM_TERM_PLACE_LEVEL, NULL, &v));
	refused("LEVEL-1", "invalid_level");
}

static void level_2_carrier_level_is_required(void **state)
{
	int v;
	BM_UNUSED(state);
	assert_false(bm_rules_term(&d, BM_TERM_CARRIER_LEVEL, "", &v));
	refused("LEVEL-2", "level_required");
	assert_false(bm_rules_term(&d, BM_TERM_CARRIER_LEVEL, "x", &v));
	refused("LEVEL-1", "invalid_level");
}

static void reg_1_reg_5_kind_and_urgency_default_when_missing(void **state)
{
	int v = -1;
	BM_UNUSED(state);
	assert_true(bm_rules_term(&d, BM_TERM_KIND, NULL, &v));
	assert_int_equal(v, BM_KIND_PAPER);
	assert_false(bm_rules_term(&d, BM_TERM_KIND, "scroll", &v));
	refused("REG-1", "invalid_kind");
	assert_true(bm_rules_term(&d, BM_TERM_URGENCY, NULL, &v));
	assert_false(bm_rules_term(&d, BM_TERM_URGENCY, "asap", &v));
	refused("REG-5", "invalid_urgency");
}

static void send_1_channel_is_a_recorded_choice(void **state)
{
	int v;
	BM_UNUSED(state);
	assert_false(bm_rules_term(&d, BM_TERM_CHANNEL, NULL, &v));
	refused("SEND-1", "channel_required");
	assert_false(bm_rules_term(&d, BM_TERM_CHANNEL, "pigeon", &v));
	refused("SEND-1", "invalid_channel");
	assert_true(bm_rules_term(&d, BM_TERM_CHANNEL, "courier", &v));
	assert_int_equal(v, BM_CHANNEL_COURIER);
}

static void destroy_3_person_1_keep_1_words(void **state)
{
	int v;
	BM_UNUSED(state);
	assert_false(bm_rules_term(&d, BM_TERM_METHOD, "bury", &v));
	refused("DESTROY-3", "invalid_method");
	assert_false(bm_rules_term(&d, BM_TERM_REQUEST_METHOD, "bury", &v));
	refused("DESTROY-3", "invalid_method");
	assert_false(bm_rules_term(&d, BM_TERM_CLASS, "vip", &v));
	refused("PERSON-1", "unknown_class");
	assert_true(bm_rules_term(&d, BM_TERM_PLACE_KIND, NULL, &v));
	assert_int_equal(v, BM_PLACE_SAFE);
	assert_false(bm_rules_term(&d, BM_TERM_PLACE_KIND, "", &v));
	refused("KEEP-1", "unknown_place_kind");
}

static void inc_1_incident_words_and_rules(void **state)
{
	int v;
	BM_UNUSED(state);
	assert_true(bm_rules_term(&d, BM_TERM_INCIDENT_KIND, "leak", &v));
	assert_false(bm_rules_term(&d, BM_TERM_INCIDENT_KIND, "fire", &v));
	refused("INC-1", "invalid_kind");
	assert_false(bm_rules_term(&d, BM_TERM_INCIDENT_STATUS, "pending", &v));
	refused("INC-1", "invalid_status");
	assert_false(bm_rules_term(&d, BM_TERM_INCIDENT_LEVEL, "x", &v));
	refused("INC-1", "invalid_level");
	assert_string_equal(bm_rules_incident_rule("overdue"), "BORROW-6");
	assert_string_equal(bm_rules_incident_rule("missing"), "INV-4");
	assert_string_equal(bm_rules_incident_rule("leak"), "INC-1");
}

static void circ_4_reading_place_recorded_when_required(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_reading_place(&d, true, false));
	refused("CIRC-4", "place_required");
	assert_true(bm_rules_reading_place(&d, true, true));
	assert_true(bm_rules_reading_place(&d, false, false));
}

/*
 * Issue 13 points 9 and 11: an outside approval is a record — who, document
 * number, date — never a flag; each refusal names the field's rule.
 */
static void copy_2_foreign_1_carry_3_outside_approval_is_a_record(void **state)
{
	const int32_t today = 20000;
	bm_outside_approval a = {.given = true,
	                         .is_record = true,
	                         .by = true,
	                         .document = true,
	                         .date_given = true,
	                         .date_valid = true,
	                         .date = today};
	bm_outside_approval none = {0}, flag = {.legacy_given = true}, part = a, later = a,
	                    not_date = a, not_record = {.given = true};
	BM_UNUSED(state);

	assert_true(bm_rules_outside_approval(&d, BM_FORM_COPY, "originator_approval",
	                                      "originator_approved", &a, today));
	/* Absent: the operation's own rule decides (COPY-2 originator_approval_required). */
	assert_true(bm_rules_outside_approval(&d, BM_FORM_FOREIGN, "higher_approval",
	                                      "higher_approved", &none, today));
	assert_false(bm_rules_outside_approval(&d, BM_FORM_COPY, "originator_approval",
	                                       "originator_approved", &flag, today));
	refused("COPY-2", "outside_approval_flag");
	assert_non_null(strstr(d.reason_en, "send 'originator_approval'"));
	assert_false(bm_rules_outside_approval(&d, BM_FORM_FOREIGN, "higher_approval",
	                                       "higher_approved", &flag, today));
	refused("FOREIGN-1", "outside_approval_flag");
	assert_false(bm_rules_outside_approval(&d, BM_FORM_TAKE_OUT, "higher_approval",
	                                       "higher_approved", &not_record, today));
	refused("CARRY-3", "outside_approval_incomplete");
	part.document = false;
	assert_false(bm_rules_outside_approval(&d, BM_FORM_FOREIGN, "higher_approval",
	                                       "higher_approved", &part, today));
	refused("FOREIGN-1", "outside_approval_incomplete");
	not_date.date_valid = false;
	assert_false(bm_rules_outside_approval(&d, BM_FORM_COPY, "originator_approval",
	                                       "originator_approved", &not_date, today));
	refused("COPY-2", "outside_approval_date");
	later.date = today + 1;
	assert_false(bm_rules_outside_approval(&d, BM_FORM_COPY, "originator_approval",
	                                       "originator_approved", &later, today));
	refused("COPY-2", "outside_approval_future");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(fields_name_their_rules),
	        cmocka_unit_test(copy_2_foreign_1_carry_3_outside_approval_is_a_record),
	        cmocka_unit_test(carry_2_missing_purpose_refused_under_the_fields_rule),
	        cmocka_unit_test(make_2_copies_out_of_range_names_the_range),
	        cmocka_unit_test(level_1_unknown_level_refused),
	        cmocka_unit_test(level_2_carrier_level_is_required),
	        cmocka_unit_test(reg_1_reg_5_kind_and_urgency_default_when_missing),
	        cmocka_unit_test(send_1_channel_is_a_recorded_choice),
	        cmocka_unit_test(destroy_3_person_1_keep_1_words),
	        cmocka_unit_test(inc_1_incident_words_and_rules),
	        cmocka_unit_test(circ_4_reading_place_recorded_when_required),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
