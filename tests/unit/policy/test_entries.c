/*
 * test_entries.c — src/policy/entries.c: register queries (REG-1), the
 * carriers of a request (MAKE-1), moves (KEEP-1), made copies (MAKE-2),
 * commitment dates (PERSON-2), the policy text (SYS-5), level changes
 * (LEVEL-4/8, PERSON-1); and account.c's no_account and demo_only (SYS-1).
 * Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/account.h"
#include "policy/entries.h"
#include "rules_assert.h"

static bm_decision d;

#define refused(rule_id, code_str, klass_)                                                         \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, klass_);                                                 \
		assert_bilingual(d.reason_zh, d.reason_en, true);                                  \
	} while (0)

static void reg_1_register_query(void **state)
{
	bm_register_query q = {"borrow", true, "2026-01-02", "2026-03-04", NULL};
	int32_t from, to;
	bool classified;
	BM_UNUSED(state);
	assert_true(bm_rules_register_query(&d, &q, &from, &to, &classified));
	assert_int_equal(from, day_of("2026-01-02"));
	assert_int_equal(to, day_of("2026-03-04"));
	q.from = NULL;
	q.to = "";
	assert_true(bm_rules_register_query(&d, &q, &from, &to, &classified));
	assert_int_equal(from, BM_DATE_NONE);
	assert_int_equal(to, BM_DATE_NONE);
	q.kind_known = false;
	q.kind = "nope";
	assert_false(bm_rules_register_query(&d, &q, &from, &to, &classified));
	refused("REG-1", "invalid_register", BM_EINVALID);
	q.kind_known = true;
	q.to = "2026-13-01";
	assert_false(bm_rules_register_query(&d, &q, &from, &to, &classified));
	refused("REG-1", "invalid_date", BM_EINVALID);
	assert_string_equal(d.reason_en, "'to' is not a valid date: '2026-13-01' (YYYY-MM-DD)");
	q.from = "2026-05-01";
	q.to = "2026-04-30";
	assert_false(bm_rules_register_query(&d, &q, &from, &to, &classified));
	refused("REG-1", "invalid_range", BM_EINVALID);
}

/* REG-4: a register is the book of classified items or that of ordinary ones, never both. */
static void reg_4_register_book(void **state)
{
	bm_register_query q = {"incoming", true, NULL, NULL, NULL};
	int32_t from, to;
	bool classified = false;
	BM_UNUSED(state);
	assert_true(bm_rules_register_query(&d, &q, &from, &to, &classified));
	assert_true(classified); /* the classified book unless asked otherwise */
	q.book = "ordinary";
	assert_true(bm_rules_register_query(&d, &q, &from, &to, &classified));
	assert_false(classified);
	q.book = "涉密";
	assert_true(bm_rules_register_query(&d, &q, &from, &to, &classified));
	assert_true(classified);
	q.book = "普通";
	assert_true(bm_rules_register_query(&d, &q, &from, &to, &classified));
	assert_false(classified);
	q.book = "all";
	assert_false(bm_rules_register_query(&d, &q, &from, &to, &classified));
	refused("REG-4", "invalid_register_book", BM_EINVALID);
}

static void make_1_request_carriers(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_request_carriers(&d, BM_OP_MAKE, 0));
	assert_false(bm_rules_request_carriers(&d, BM_OP_MAKE, 1));
	refused("MAKE-1", "no_carriers_for_make", BM_EINVALID);
	assert_true(bm_rules_request_carriers(&d, BM_OP_BORROW, 1));
	assert_false(bm_rules_request_carriers(&d, BM_OP_BORROW, 0));
	refused(bm_op_rule(BM_OP_BORROW), "carriers_required", BM_EINVALID);
}

static void keep_1_make_2_person_2_form_entries(void **state)
{
	int32_t day = 0;
	BM_UNUSED(state);
	assert_true(bm_rules_move_target(&d, true, false));
	assert_true(bm_rules_move_target(&d, false, true));
	assert_false(bm_rules_move_target(&d, false, false));
	refused("KEEP-1", "nothing_to_move", BM_EINVALID);
	assert_true(bm_rules_make_request_given(&d, true));
	assert_false(bm_rules_make_request_given(&d, false));
	refused("MAKE-1", "make_request_required", BM_EDENIED);
	assert_true(bm_rules_make_scope_named(&d, BM_LEVEL_INTERNAL, false));
	assert_true(bm_rules_make_scope_named(&d, BM_LEVEL_CONFIDENTIAL, true));
	assert_false(bm_rules_make_scope_named(&d, BM_LEVEL_CONFIDENTIAL, false));
	refused("MAKE-1", "scope_required", BM_EINVALID);
	assert_true(bm_rules_commitment_date(&d, "2026-02-03", &day));
	assert_int_equal(day, day_of("2026-02-03"));
	assert_false(bm_rules_commitment_date(&d, "yesterday", &day));
	refused("PERSON-2", "invalid_date", BM_EINVALID);
	assert_string_equal(d.reason_en, "invalid date 'yesterday'");
}

static void sys_5_policy_text_size(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_policy_text(&d, true, BM_POLICY_TEXT_MAX));
	assert_false(bm_rules_policy_text(&d, true, BM_POLICY_TEXT_MAX + 1));
	refused("SYS-5", "policy_too_large", BM_ETOOLARGE);
	assert_false(bm_rules_policy_text(&d, false, 0));
	refused("SYS-5", "policy_too_large", BM_ETOOLARGE);
}

static void level_4_8_person_1_level_change(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_level_change_items(&d, 5, 1));
	assert_false(bm_rules_level_change_items(&d, 5, 0));
	refused("LEVEL-4", "no_items", BM_EINVALID);
	assert_string_equal(d.reason_en, "request 5 lists no carriers");
	assert_true(bm_rules_marking_fits(&d, true));
	assert_false(bm_rules_marking_fits(&d, false));
	refused("LEVEL-8", "marking_too_long", BM_ETOOLARGE);
	assert_true(bm_rules_custodian_cleared(&d, "张三", BM_LEVEL_SECRET, BM_LEVEL_SECRET));
	assert_false(
	        bm_rules_custodian_cleared(&d, "张三", BM_LEVEL_CONFIDENTIAL, BM_LEVEL_SECRET));
	refused("PERSON-1", "custodian_not_cleared", BM_EDENIED);
	assert_string_equal(d.reason_zh, "保管人“张三”无权知悉机密载体，须先移交");
}

static void sys_1_account_and_demo_password(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_has_account(&d, "张三", true));
	assert_false(bm_rules_has_account(&d, "张三", false));
	refused("SYS-1", "no_account", BM_EINVALID);
	assert_true(bm_rules_demo_password(&d, 0));
	assert_false(bm_rules_demo_password(&d, 3));
	refused("SYS-1", "demo_only", BM_ECONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(reg_1_register_query),
	        cmocka_unit_test(reg_4_register_book),
	        cmocka_unit_test(make_1_request_carriers),
	        cmocka_unit_test(keep_1_make_2_person_2_form_entries),
	        cmocka_unit_test(sys_5_policy_text_size),
	        cmocka_unit_test(level_4_8_person_1_level_change),
	        cmocka_unit_test(sys_1_account_and_demo_password),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
