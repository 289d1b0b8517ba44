/*
 * test_execute.c — src/policy/execute.c: carrying out approved requests:
 * the carrier handled (PERSON-1), copies and extracts (COPY-1/4/5), making
 * and its waste (MAKE-1/2/3), widening a scope (CIRC-1) and destruction
 * (DESTROY-1/2). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/execute.h"
#include "rules_assert.h"

static bm_decision d;

#define refused(rule_id, code_str, klass_)                                                         \
	do {                                                                                       \
		assert_refused_by(d, rule_id, code_str);                                           \
		assert_int_equal(d.klass, klass_);                                                 \
		assert_bilingual(d.reason_zh, d.reason_en, true);                                  \
	} while (0)

static void person_1_no_carrier_above_the_clearance(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_handle_level(&d, 7, BM_LEVEL_TOP_SECRET, BM_LEVEL_SECRET));
	refused("PERSON-1", "clearance_too_low", BM_EDENIED);
	assert_non_null(strstr(d.reason_en, "carrier 7"));
	assert_true(bm_rules_handle_level(&d, 7, BM_LEVEL_SECRET, BM_LEVEL_SECRET));
	assert_true(bm_rules_handle_level(&d, 7, BM_LEVEL_INTERNAL, BM_LEVEL_TOP_SECRET));
}

static void copy_1_copy_4_one_source_carrier(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_one_source(&d, false, 2));
	refused("COPY-1", "one_source", BM_EINVALID);
	assert_false(bm_rules_one_source(&d, true, 0));
	refused("COPY-4", "one_source", BM_EINVALID);
	assert_true(bm_rules_one_source(&d, false, 1));
	assert_true(bm_rules_one_source(&d, true, 1));
}

static void copy_5_the_designated_copier(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_copier(&d, "机要室复印机", "办公室复印机"));
	refused("COPY-5", "wrong_copier", BM_EDENIED);
	assert_non_null(strstr(d.reason_zh, "机要室复印机"));
	assert_true(bm_rules_copier(&d, "机要室复印机", "机要室复印机"));
	assert_true(bm_rules_copier(&d, NULL, "办公室复印机"));
}

static void make_1_approved_level_and_scope(void **state)
{
	bm_make_facts f = {BM_LEVEL_SECRET, "办公室", "绝密", BM_LEVEL_TOP_SECRET, NULL};
	BM_UNUSED(state);
	assert_false(bm_rules_make_approved(&d, &f));
	refused("MAKE-1", "level_not_approved", BM_EDENIED);
	f.level = "机密";
	f.level_value = BM_LEVEL_SECRET;
	assert_true(bm_rules_make_approved(&d, &f));
	f.level = NULL;
	f.level_value = -1;
	f.scope = "全体";
	assert_false(bm_rules_make_approved(&d, &f));
	refused("MAKE-1", "scope_not_approved", BM_EDENIED);
	f.scope = "办公室";
	assert_true(bm_rules_make_approved(&d, &f));
	f.scope = "全体";
	f.approved_scope = NULL; /* issue 13: a scope the request did not name is not approved */
	assert_false(bm_rules_make_approved(&d, &f));
	refused("MAKE-1", "scope_not_approved", BM_EDENIED);
	f.scope = NULL;
	assert_true(bm_rules_make_approved(&d, &f));
}

static void make_2_document_number_and_copies(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_make_doc_number(&d, false));
	refused("MAKE-2", "doc_number_required", BM_EINVALID);
	assert_true(bm_rules_make_doc_number(&d, true));
	assert_false(bm_rules_make_copies(&d, 0, 500));
	refused("MAKE-2", "copies_required", BM_EINVALID);
	assert_false(bm_rules_make_copies(&d, 501, 500));
	refused("MAKE-2", "copies_required", BM_EINVALID);
	assert_true(bm_rules_make_copies(&d, 1, 500));
	assert_true(bm_rules_make_copies(&d, 500, 500));
}

static void make_3_waste_of_a_made_document(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_waste_request(&d, 4, BM_OP_COPY, "approved"));
	refused("MAKE-3", "not_a_make_request", BM_EINVALID);
	assert_false(bm_rules_waste_request(&d, 4, BM_OP_MAKE, "pending"));
	refused("MAKE-3", "not_a_make_request", BM_EINVALID);
	assert_true(bm_rules_waste_request(&d, 4, BM_OP_MAKE, "approved"));
	assert_true(bm_rules_waste_request(&d, 4, BM_OP_MAKE, "executed"));
	assert_false(bm_rules_waste_doc_number(&d, false));
	refused("MAKE-3", "doc_number_required", BM_EINVALID);
	assert_true(bm_rules_waste_doc_number(&d, true));
	assert_false(bm_rules_waste_document(&d, false, "办〔2026〕1号"));
	refused("MAKE-3", "unknown_document", BM_ENOTFOUND);
	assert_true(bm_rules_waste_document(&d, true, "办〔2026〕1号"));
	assert_false(bm_rules_waste_count(&d, 0, 500));
	refused("MAKE-3", "invalid_count", BM_EINVALID);
	assert_false(bm_rules_waste_count(&d, 501, 500));
	refused("MAKE-3", "invalid_count", BM_EINVALID);
	assert_true(bm_rules_waste_count(&d, 3, 500));
}

static void circ_1_widening_adds_somebody_new(void **state)
{
	static const bm_scope_ref scope[] = {{.person_id = 9}, {.department_id = 2}};
	BM_UNUSED(state);
	assert_false(bm_rules_widen_request(&d, 8, 0, 1));
	refused("CIRC-1", "nothing_to_add", BM_EINVALID);
	assert_false(bm_rules_widen_request(&d, 8, 2, 0));
	refused("CIRC-1", "nothing_to_add", BM_EINVALID);
	assert_true(bm_rules_widen_request(&d, 8, 1, 1));
	assert_false(bm_rules_widen_department(&d, 5, scope, 2, 2));
	refused("CIRC-1", "already_in_scope", BM_ECONFLICT);
	assert_true(bm_rules_widen_department(&d, 5, scope, 2, 3));
	assert_true(bm_rules_widen_department(&d, 5, NULL, 0, 2));
}

static void destroy_1_destroy_2_list_and_witnesses(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_destroy_list(&d, 6, 0));
	refused("DESTROY-1", "no_items", BM_EINVALID);
	assert_true(bm_rules_destroy_list(&d, 6, 2));
	assert_false(bm_rules_witness(&d, "王五", false, true));
	refused("DESTROY-2", "witness_inactive", BM_EDENIED);
	assert_true(bm_rules_witness(&d, "王五", true, true));
	/* A person of another unit never witnesses, active or not. */
	assert_false(bm_rules_witness(&d, "王五", true, false));
	refused("DESTROY-2", "witness_outside_unit", BM_EDENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(person_1_no_carrier_above_the_clearance),
	        cmocka_unit_test(copy_1_copy_4_one_source_carrier),
	        cmocka_unit_test(copy_5_the_designated_copier),
	        cmocka_unit_test(make_1_approved_level_and_scope),
	        cmocka_unit_test(make_2_document_number_and_copies),
	        cmocka_unit_test(make_3_waste_of_a_made_document),
	        cmocka_unit_test(circ_1_widening_adds_somebody_new),
	        cmocka_unit_test(destroy_1_destroy_2_list_and_witnesses),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
