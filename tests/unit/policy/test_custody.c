/*
 * test_custody.c — src/policy/custody.c: hand-overs (KEEP-2, KEEP-6),
 * returns to the issuer (KEEP-3), volumes (LEVEL-5) and departures
 * (PERSON-4). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/custody.h"
#include "rules_assert.h"

static bm_decision d;

#define refused(rule_id, code_str, klass_)                                                         \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, klass_);                                                 \
		assert_bilingual(d.reason_zh, d.reason_en, true);                                  \
	} while (0)

/*
 * KEEP-2 with SYS-2 (issue 14 point 5): the clerk, either side and the one who
 * recorded it read a kept list whole; another reader one they may see a
 * carrier of; a list they may see nothing of does not exist for them.
 */
static void sys_2_kept_handover_list_read(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_handover_read(&d, 7, true, 0));
	assert_true(bm_rules_handover_read(&d, 7, false, 1));
	assert_false(bm_rules_handover_read(&d, 7, false, 0));
	refused("SYS-2", "unknown_handover", BM_ENOTFOUND);
	assert_non_null(strstr(d.reason_zh, "没有移交记录 7"));
}

static void keep_2_hand_over_to_another_active_person(void **state)
{
	bm_handover_facts h = {1, 1, "李四", true};
	BM_UNUSED(state);
	assert_false(bm_rules_handover(&d, &h));
	refused("KEEP-2", "same_person", BM_EINVALID);
	h.to_id = 2;
	h.to_active = false;
	assert_false(bm_rules_handover(&d, &h));
	refused("KEEP-2", "successor_inactive", BM_EDENIED);
	h.to_active = true;
	assert_true(bm_rules_handover(&d, &h));
}

/*
 * KEEP-2 with REG-1 (issue 14 point 5): each side of a hand-over confirms
 * the list themselves, as a holder at the desk: a typed name is no
 * signature, a side with an account types their own password, one without
 * signs the printed list; the refusal names the side.
 */
static void keep_2_each_side_confirms_themselves(void **state)
{
	bm_receipt_facts f = {.kind = BM_RECEIPT_TYPED,
	                      .has_account = true,
	                      .holder = "李四",
	                      .side_zh = "接收人",
	                      .side_en = "successor"};
	BM_UNUSED(state);
	assert_false(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	refused("KEEP-2", "typed_signature", BM_EINVALID);
	assert_non_null(strstr(d.reason_zh, "接收人“李四”"));
	assert_non_null(strstr(d.reason_en, "successor '李四'"));
	f.kind = BM_RECEIPT_NONE;
	assert_false(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	refused("KEEP-2", "holder_confirmation_required", BM_EINVALID);
	f.kind = BM_RECEIPT_PAPER;
	assert_false(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	refused("KEEP-2", "holder_password_required", BM_EINVALID);
	f.kind = BM_RECEIPT_PASSWORD;
	assert_false(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	refused("KEEP-2", "holder_password_wrong", BM_EDENIED);
	f.password_matched = true;
	assert_true(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	f.has_account = false;
	assert_false(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	refused("KEEP-2", "holder_has_no_account", BM_EINVALID);
	f.kind = BM_RECEIPT_PAPER;
	assert_true(bm_rules_holder_receipt(&d, "KEEP-2", &f));
	/* Without a side: the desk's holder (领取人). */
	f.side_zh = f.side_en = NULL;
	f.kind = BM_RECEIPT_TYPED;
	assert_false(bm_rules_holder_receipt(&d, "REG-1", &f));
	assert_non_null(strstr(d.reason_zh, "领取人“李四”"));
}

static void keep_6_item_without_terms_goes_to_a_clerk_only(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_handover_keeping(&d, 5, false, false, "李四"));
	refused("KEEP-6", "keeping_terms_required", BM_EINVALID);
	assert_true(bm_rules_handover_keeping(&d, 5, true, false, "李四"));
	assert_true(bm_rules_handover_keeping(&d, 5, false, true, "李四"));
}

static void keep_3_level_5_lists_hold_each_carrier_once(void **state)
{
	static const int64_t ids[] = {3, 4, 3};
	BM_UNUSED(state);
	assert_false(bm_rules_item_list(&d, BM_LIST_CLEAR_OUT, 0, 10));
	refused("KEEP-3", "no_items", BM_EINVALID);
	assert_false(bm_rules_item_list(&d, BM_LIST_VOLUME, 11, 10));
	refused("LEVEL-5", "no_parts", BM_EINVALID);
	assert_true(bm_rules_item_list(&d, BM_LIST_VOLUME, 10, 10));
	assert_true(bm_rules_item_once(&d, BM_LIST_CLEAR_OUT, ids, 1));
	assert_false(bm_rules_item_once(&d, BM_LIST_CLEAR_OUT, ids, 2));
	refused("KEEP-3", "duplicate_item", BM_EINVALID);
	assert_false(bm_rules_item_once(&d, BM_LIST_VOLUME, ids, 2));
	refused("LEVEL-5", "duplicate_item", BM_EINVALID);
}

static void send_4_dispatch_counts_copies_against_the_list(void **state)
{
	static const int64_t ids[] = {3, 3};
	BM_UNUSED(state);
	assert_false(bm_rules_item_list(&d, BM_LIST_DISPATCH, 0, 200));
	refused("SEND-4", "no_carriers", BM_EINVALID);
	assert_false(bm_rules_item_list(&d, BM_LIST_DISPATCH, 201, 200));
	refused("SEND-4", "too_many_carriers", BM_ETOOLARGE);
	assert_false(bm_rules_item_once(&d, BM_LIST_DISPATCH, ids, 1));
	refused("SEND-4", "duplicate_carrier", BM_EINVALID);
	assert_false(bm_rules_distribution(&d, 2, 3));
	refused("SEND-4", "distribution_mismatch", BM_EINVALID);
	assert_true(bm_rules_distribution(&d, 3, 3));
}

static void level_5_volume_parts(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_volume_part(&d, 9, 0, 9));
	refused("LEVEL-5", "volume_self", BM_EINVALID);
	assert_false(bm_rules_volume_part(&d, 8, 7, 9));
	refused("LEVEL-5", "already_in_volume", BM_ECONFLICT);
	assert_true(bm_rules_volume_part(&d, 8, 0, 9));
	assert_false(bm_rules_is_volume(&d, 8, false));
	refused("LEVEL-5", "not_a_volume", BM_EINVALID);
	assert_true(bm_rules_is_volume(&d, 9, true));
}

static void person_4_departure_date_and_once(void **state)
{
	bm_departure_facts f = {.name = "王五", .left_on = "2026-13-01"};
	BM_UNUSED(state);
	assert_false(bm_rules_departure_record(&d, &f));
	refused("PERSON-4", "invalid_date", BM_EINVALID);
	f.valid = f.in_future = true;
	assert_false(bm_rules_departure_record(&d, &f));
	refused("PERSON-4", "date_in_future", BM_EINVALID);
	f.in_future = false;
	f.already_left = true;
	assert_false(bm_rules_departure_record(&d, &f));
	refused("PERSON-4", "already_left", BM_ECONFLICT);
	f.already_left = false;
	assert_true(bm_rules_departure_record(&d, &f));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(keep_2_hand_over_to_another_active_person),
	        cmocka_unit_test(keep_2_each_side_confirms_themselves),
	        cmocka_unit_test(keep_6_item_without_terms_goes_to_a_clerk_only),
	        cmocka_unit_test(keep_3_level_5_lists_hold_each_carrier_once),
	        cmocka_unit_test(send_4_dispatch_counts_copies_against_the_list),
	        cmocka_unit_test(level_5_volume_parts),
	        cmocka_unit_test(person_4_departure_date_and_once),
	        cmocka_unit_test(sys_2_kept_handover_list_read),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
