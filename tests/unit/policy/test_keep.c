/*
 * test_keep.c — src/policy/keep.c: custody decisions of the ledger, each
 * refusal and its allowed path. Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/keep.h"
#include "rules_assert.h"

static bm_policy P;
static bm_decision d;

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	memset(&d, 0, sizeof(d));
	return 0;
}

static void keep_1_place_rated_for_the_level_names_the_place(void **state)
{
	bm_place_facts room = {"保密室", BM_PLACE_ROOM, BM_LEVEL_CONFIDENTIAL};
	BM_UNUSED(state);
	assert_false(bm_rules_store_place(&d, &P, BM_LEVEL_TOP_SECRET, &room));
	assert_refused_by(d, "KEEP-1", "place_level_too_low");
	assert_non_null(strstr(d.reason_zh, "保密室"));
	assert_non_null(strstr(d.reason_en, "保密室"));
	assert_true(bm_rules_store_place(&d, &P, BM_LEVEL_CONFIDENTIAL, &room));
	assert_true(d.allowed);
}

static void keep_1_safe_level_from_the_policy(void **state)
{
	bm_place_facts cabinet = {"档案柜", BM_PLACE_CABINET, BM_LEVEL_TOP_SECRET};
	bm_place_facts safe = {"保密柜", BM_PLACE_SAFE, BM_LEVEL_TOP_SECRET};
	BM_UNUSED(state);
	/* default keep.safe_level: 机密 and above in a safe */
	assert_false(bm_rules_store_place(&d, &P, BM_LEVEL_SECRET, &cabinet));
	assert_refused_by(d, "KEEP-1", "safe_required");
	assert_true(bm_rules_store_place(&d, &P, BM_LEVEL_SECRET, &safe));
	assert_true(bm_rules_store_place(&d, &P, BM_LEVEL_CONFIDENTIAL, &cabinet));
	/* the policy moves the line */
	P.safe_level = BM_LEVEL_TOP_SECRET;
	assert_true(bm_rules_store_place(&d, &P, BM_LEVEL_SECRET, &cabinet));
	P.safe_level = BM_LEVEL_CONFIDENTIAL;
	assert_false(bm_rules_store_place(&d, &P, BM_LEVEL_CONFIDENTIAL, &cabinet));
	assert_refused_by(d, "KEEP-1", "safe_required");
}

static void reg_4_public_item_not_in_a_classified_place(void **state)
{
	bm_place_facts room = {"保密室", BM_PLACE_ROOM, BM_LEVEL_SECRET};
	bm_place_facts ordinary = {"文件柜", BM_PLACE_CABINET, BM_LEVEL_INTERNAL};
	BM_UNUSED(state);
	assert_false(bm_rules_store_place(&d, &P, BM_LEVEL_PUBLIC, &room));
	assert_refused_by(d, "REG-4", "ordinary_in_classified_place");
	assert_true(bm_rules_store_place(&d, &P, BM_LEVEL_PUBLIC, &ordinary));
	/* an internal item may share a classified place */
	assert_true(bm_rules_store_place(&d, &P, BM_LEVEL_INTERNAL, &room));
}

static void keep_1_bm_rules_place_keeps_its_own_code(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_place(&d, &P, BM_LEVEL_SECRET, BM_PLACE_SAFE, BM_LEVEL_CONFIDENTIAL));
	assert_refused_by(d, "KEEP-1", "place_level");
}

static void keep_1_custodian_inactive_refused(void **state)
{
	bm_keeper_facts gone = {"王五", false, BM_LEVEL_TOP_SECRET};
	BM_UNUSED(state);
	assert_false(bm_rules_custodian(&d, &gone, BM_LEVEL_INTERNAL));
	assert_refused_by(d, "KEEP-1", "custodian_inactive");
	assert_non_null(strstr(d.reason_en, "王五"));
}

static void person_1_custodian_cleared_for_the_level(void **state)
{
	bm_keeper_facts k = {"李四", true, BM_LEVEL_CONFIDENTIAL};
	BM_UNUSED(state);
	assert_false(bm_rules_custodian(&d, &k, BM_LEVEL_SECRET));
	assert_refused_by(d, "PERSON-1", "custodian_not_cleared");
	assert_true(bm_rules_custodian(&d, &k, BM_LEVEL_CONFIDENTIAL));
}

static void keep_1_level_2_classified_record_needs_place_and_scope(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_carrier_record(&d, BM_LEVEL_SECRET, false, 1));
	assert_refused_by(d, "KEEP-1", "place_required");
	assert_false(bm_rules_carrier_record(&d, BM_LEVEL_SECRET, true, 0));
	assert_refused_by(d, "LEVEL-2", "scope_required");
	assert_true(bm_rules_carrier_record(&d, BM_LEVEL_SECRET, true, 1));
	assert_true(bm_rules_carrier_record(&d, BM_LEVEL_INTERNAL, false, 0));
}

static bm_keeping_facts keeping(void)
{
	bm_keeping_facts k = {
	        .keeper_name = "赵六",
	        .keeper_id = 7,
	        .reason = "项目需要",
	        .approver = "leader",
	        .until = "2026-12-31",
	        .approver_id = 8,
	        .approver_name = "领导",
	        .approver_active = true,
	};
	return k;
}

static void keep_6_terms_required_unless_clerk(void **state)
{
	bm_keeping_facts k = keeping();
	BM_UNUSED(state);
	assert_true(bm_rules_keeping_terms(&d, &k));
	k.approver = "";
	k.until = NULL;
	assert_false(bm_rules_keeping_terms(&d, &k));
	assert_refused_by(d, "KEEP-6", "keeping_terms_required");
	assert_non_null(strstr(d.reason_en, "keep_approver"));
	assert_non_null(strstr(d.reason_en, "keep_until"));
	assert_null(strstr(d.reason_en, "keep_reason"));
	k.keeper_is_clerk = true;
	assert_true(bm_rules_keeping_terms(&d, &k));
}

static void keep_6_approver_is_another_active_non_admin(void **state)
{
	int32_t today = day_of("2026-06-01");
	bm_keeping_facts k = keeping();
	BM_UNUSED(state);
	assert_true(bm_rules_keeping(&d, &k, today));
	assert_int_equal(d.due_date, day_of("2026-12-31"));
	k.approver_id = k.keeper_id;
	assert_false(bm_rules_keeping(&d, &k, today));
	assert_refused_by(d, "KEEP-6", "keeping_self_approved");
	k = keeping();
	k.approver_active = false;
	assert_false(bm_rules_keeping(&d, &k, today));
	assert_refused_by(d, "KEEP-6", "keeping_approver_inactive");
	k = keeping();
	k.approver_admin = true;
	assert_false(bm_rules_keeping(&d, &k, today));
	assert_refused_by(d, "KEEP-6", "keeping_approver_admin");
}

static void keep_6_end_date_valid_and_not_past(void **state)
{
	bm_keeping_facts k = keeping();
	BM_UNUSED(state);
	k.until = "2026-13-01";
	assert_false(bm_rules_keeping(&d, &k, day_of("2026-06-01")));
	assert_refused_by(d, "KEEP-6", "invalid_date");
	k.until = "2026-05-31";
	assert_false(bm_rules_keeping(&d, &k, day_of("2026-06-01")));
	assert_refused_by(d, "KEEP-6", "keeping_until_past");
	k.until = "2026-06-01"; /* the last day may be today */
	assert_true(bm_rules_keeping(&d, &k, day_of("2026-06-01")));
}

static void keep_6_keeping_past_its_end_alerts(void **state)
{
	int32_t until = day_of("2026-06-30");
	BM_UNUSED(state);
	assert_false(bm_rules_keeping_expired(&d, until, until));
	assert_false(d.alert);
	assert_int_equal(d.due_date, until);
	assert_true(bm_rules_keeping_expired(&d, until, until + 3));
	assert_true(d.allowed);
	assert_true(d.alert);
	assert_string_equal(d.rule, "KEEP-6");
	assert_string_equal(d.code, "keeping_expired");
	assert_non_null(strstr(d.reason_en, "3 days"));
}

static void make_2_reg_1_each_copy_registered_once(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_serial_unique(&d, true, "办〔2026〕1号", 2, false));
	assert_false(bm_rules_serial_unique(&d, true, "办〔2026〕1号", 2, true));
	assert_refused_by(d, "MAKE-2", "duplicate_serial");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_non_null(strstr(d.reason_en, "copy 2"));
	assert_false(bm_rules_serial_unique(&d, false, "外〔2026〕9号", 1, true));
	assert_refused_by(d, "REG-1", "duplicate_serial");
}

static void keep_1_only_a_carrier_in_store_moves(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_movable(&d, BM_STATUS_IN_STORE));
	assert_false(bm_rules_movable(&d, BM_STATUS_LENT));
	assert_refused_by(d, "KEEP-1", "not_in_store");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_false(bm_rules_movable(&d, BM_STATUS_DESTROYED));
}

int main(void)
{
#define T_(f) cmocka_unit_test_setup(f, reset)
	const struct CMUnitTest tests[] = {
	        T_(keep_1_place_rated_for_the_level_names_the_place),
	        T_(keep_1_safe_level_from_the_policy),
	        T_(reg_4_public_item_not_in_a_classified_place),
	        T_(keep_1_bm_rules_place_keeps_its_own_code),
	        T_(keep_1_custodian_inactive_refused),
	        T_(person_1_custodian_cleared_for_the_level),
	        T_(keep_1_level_2_classified_record_needs_place_and_scope),
	        T_(keep_6_terms_required_unless_clerk),
	        T_(keep_6_approver_is_another_active_non_admin),
	        T_(keep_6_end_date_valid_and_not_past),
	        T_(keep_6_keeping_past_its_end_alerts),
	        T_(make_2_reg_1_each_copy_registered_once),
	        T_(keep_1_only_a_carrier_in_store_moves),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
