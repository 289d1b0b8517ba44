/*
 * test_states.c — src/policy/states.c: the state a carrier must be in for
 * each operation (SEND-4, BORROW-4, CIRC-1/2, LEVEL-5/8, KEEP-3,
 * DESTROY-1). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/states.h"
#include "rules_assert.h"

static bm_decision d;

#define refused(rule_id, code_str, klass_)                                                         \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, klass_);                                                 \
		assert_bilingual(d.reason_zh, d.reason_en, true);                                  \
	} while (0)

static bm_carrier_state carrier(bm_status status, bool on_loan)
{
	bm_carrier_state c = {7, status, on_loan};
	return c;
}

static void send_4_only_what_is_in_store_is_sent(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_IN_STORE, false);
	BM_UNUSED(state);
	assert_true(bm_rules_carrier_state(&d, BM_NEED_SEND, &c));
	c = carrier(BM_STATUS_LENT, true);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_SEND, &c));
	refused("SEND-4", "not_in_store", BM_ECONFLICT);
	assert_non_null(strstr(d.reason_en, "carrier 7"));
}

static void borrow_4_circ_2_what_is_out_comes_back_first(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_LENT, true);
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_LEND, &c));
	refused("BORROW-4", "not_in_store", BM_EDENIED);
	c = carrier(BM_STATUS_CIRCULATING, true);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_PASS, &c));
	refused("CIRC-2", "not_in_store", BM_EDENIED);
	c = carrier(BM_STATUS_DESTROYED, false);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_LEND, &c));
	refused("BORROW-4", "not_available", BM_ECONFLICT);
	c = carrier(BM_STATUS_IN_STORE, false);
	assert_true(bm_rules_carrier_state(&d, BM_NEED_PASS, &c));
}

static void circ_2_only_what_is_out_is_taken_back(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_IN_STORE, false);
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_RETURN, &c));
	refused("CIRC-2", "not_out", BM_ECONFLICT);
	c = carrier(BM_STATUS_LENT, true);
	assert_true(bm_rules_carrier_state(&d, BM_NEED_RETURN, &c));
}

static void level_8_marking_changed_in_store_only(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_TAKEN_OUT, true);
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_MARK, &c));
	refused("LEVEL-8", "not_in_store", BM_ECONFLICT);
}

static void keep_3_returned_to_issuer_only_from_store(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_IN_STORE, true);
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_CLEAR_OUT, &c));
	refused("KEEP-3", "on_loan", BM_ECONFLICT);
	c = carrier(BM_STATUS_DESTROYED, false);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_CLEAR_OUT, &c));
	refused("KEEP-3", "not_in_store", BM_ECONFLICT);
	c = carrier(BM_STATUS_IN_STORE, false);
	assert_true(bm_rules_carrier_state(&d, BM_NEED_CLEAR_OUT, &c));
}

static void destroy_1_nothing_on_loan_is_destroyed(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_IN_STORE, true);
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_DESTROY, &c));
	refused("DESTROY-1", "on_loan", BM_ECONFLICT);
	c.on_loan = false;
	assert_true(bm_rules_carrier_state(&d, BM_NEED_DESTROY, &c));
}

static void circ_1_level_5_what_left_the_ledger_is_untouched(void **state)
{
	bm_carrier_state c = carrier(BM_STATUS_RETURNED, false);
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_WIDEN, &c));
	refused("CIRC-1", "not_in_ledger", BM_ECONFLICT);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_VOLUME_PART, &c));
	refused("LEVEL-5", "not_in_ledger", BM_ECONFLICT);
	c = carrier(BM_STATUS_DESTROYED, false);
	assert_false(bm_rules_carrier_state(&d, BM_NEED_VOLUME, &c));
	refused("LEVEL-5", "not_in_ledger", BM_ECONFLICT);
	c = carrier(BM_STATUS_LENT, true);
	assert_true(bm_rules_carrier_state(&d, BM_NEED_WIDEN, &c));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(send_4_only_what_is_in_store_is_sent),
	        cmocka_unit_test(borrow_4_circ_2_what_is_out_comes_back_first),
	        cmocka_unit_test(circ_2_only_what_is_out_is_taken_back),
	        cmocka_unit_test(level_8_marking_changed_in_store_only),
	        cmocka_unit_test(keep_3_returned_to_issuer_only_from_store),
	        cmocka_unit_test(destroy_1_nothing_on_loan_is_destroyed),
	        cmocka_unit_test(circ_1_level_5_what_left_the_ledger_is_untouched),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
