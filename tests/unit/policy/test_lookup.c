/*
 * test_lookup.c — src/policy/lookup.c: records that do not exist for the
 * actor (SYS-2, SEND-4, INC-1), letter references (REG-3) and the entries
 * of a knowledge scope (LEVEL-2, CIRC-1). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/lookup.h"
#include "rules_assert.h"

static bm_decision d;

#define refused(rule_id, code_str, klass_)                                                         \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, klass_);                                                 \
		assert_bilingual(d.reason_zh, d.reason_en, true);                                  \
	} while (0)

static void sys_2_hidden_carrier_does_not_exist(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_found(&d, BM_RECORD_CARRIER, 7, true));
	assert_false(bm_rules_found(&d, BM_RECORD_CARRIER, 7, false));
	refused("SYS-2", "unknown_carrier", BM_ENOTFOUND);
	assert_string_equal(d.reason_en, "carrier 7 does not exist");
	assert_string_equal(d.reason_zh, "载体 7 不存在");
}

static void send_4_and_inc_1_unknown_records(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_found(&d, BM_RECORD_DISPATCH, 3, false));
	refused("SEND-4", "unknown_dispatch", BM_ENOTFOUND);
	assert_string_equal(d.reason_en, "dispatch 3 does not exist");
	assert_true(bm_rules_found(&d, BM_RECORD_DISPATCH, 3, true));
	assert_false(bm_rules_found(&d, BM_RECORD_INCIDENT, 9, false));
	refused("INC-1", "unknown_incident", BM_ENOTFOUND);
	assert_string_equal(d.reason_en, "incident 9 does not exist");
	assert_true(bm_rules_found(&d, BM_RECORD_INCIDENT, 9, true));
}

static void reg_3_letter_reference_is_a_positive_number(void **state)
{
	int64_t id = 0;
	BM_UNUSED(state);
	assert_true(bm_rules_letter_ref(&d, "42", &id));
	assert_int_equal(id, 42);
	const char *bad[] = {NULL, "", "0", "-1", "4x", "x"};
	for (size_t i = 0; i < BM_ARRAY_LEN(bad); i++) {
		assert_false(bm_rules_letter_ref(&d, bad[i], &id));
		refused("REG-3", "invalid_letter", BM_EINVALID);
	}
	assert_string_equal(d.reason_en, "invalid letter id 'x'");
}

static void level_2_circ_1_scope_entries_resolve(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_scope_entries(&d, BM_SCOPE_CARRIER, true, NULL));
	assert_false(bm_rules_scope_entries(&d, BM_SCOPE_CARRIER, false, NULL));
	refused("LEVEL-2", "invalid_utf8", BM_EINVALID);
	assert_false(bm_rules_scope_entries(&d, BM_SCOPE_CARRIER, true, "某某"));
	refused("LEVEL-2", "unknown_scope_entry", BM_ENOTFOUND);
	assert_non_null(strstr(d.reason_en, "'某某' in the knowledge scope"));
	assert_false(bm_rules_scope_entries(&d, BM_SCOPE_WIDEN, true, "某某"));
	refused("CIRC-1", "unknown_scope_entry", BM_ENOTFOUND);
	assert_string_equal(d.reason_en, "'某某' is neither a person nor a department");
	assert_true(bm_rules_scope_entries(&d, BM_SCOPE_WIDEN, true, NULL));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sys_2_hidden_carrier_does_not_exist),
	        cmocka_unit_test(send_4_and_inc_1_unknown_records),
	        cmocka_unit_test(reg_3_letter_reference_is_a_positive_number),
	        cmocka_unit_test(level_2_circ_1_scope_entries_resolve),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
