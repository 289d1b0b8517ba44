/*
 * test_publication.c — src/policy/publication.c: publication review
 * (PUB-1, PUB-2), each refusal by its rule ID and its allowed path, the
 * approver.publish chain from the unit's policy, and FOREIGN-1's chain
 * kept to the unit's leadership.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/publication.h"
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

static bm_pub_filing filing(void)
{
	bm_pub_filing f = {.channel = BM_PUB_WEBSITE, .text_given = true, .n_reviewers = 2};
	return f;
}

static void pub_1_filing_names_channel_content_and_reviewers(void **state)
{
	bm_pub_filing f = filing();
	BM_UNUSED(state);
	f.channel = -1;
	assert_false(bm_rules_pub_filing(&d, &P, &f));
	assert_refused_by(d, "PUB-1", "pub_channel_unknown");
	f = filing();
	f.text_given = false;
	assert_false(bm_rules_pub_filing(&d, &P, &f));
	assert_refused_by(d, "PUB-1", "pub_content_required");
	f.attachment_given = true;
	assert_true(bm_rules_pub_filing(&d, &P, &f));
	f = filing();
	f.n_reviewers = 0;
	assert_false(bm_rules_pub_filing(&d, &P, &f));
	assert_refused_by(d, "PUB-1", "pub_reviewers_required");
	f = filing();
	f.reviewer_twice = true;
	assert_false(bm_rules_pub_filing(&d, &P, &f));
	assert_refused_by(d, "PUB-1", "pub_reviewer_twice");
	f = filing();
	f.reviewer_is_requester = true;
	assert_false(bm_rules_pub_filing(&d, &P, &f));
	assert_refused_by(d, "PUB-1", "pub_self_review");
	assert_int_equal(d.klass, BM_EDENIED);
}

static void pub_1_chain_is_the_policys_and_never_empty(void **state)
{
	bm_pub_filing f = filing();
	bm_policy q;
	BM_UNUSED(state);
	assert_true(bm_rules_pub_filing(&d, &P, &f));
	assert_string_equal(d.rule, "PUB-1");
	assert_int_equal(d.n_approvers, 1);
	assert_int_equal(d.approvers[0], BM_ROLE_LEADER);
	assert_int_equal(bm_policy_parse(&q, "approver.publish = dept_head,principal\n"), 0);
	assert_true(bm_rules_pub_filing(&d, &q, &f));
	assert_int_equal(d.n_approvers, 2);
	assert_int_equal(d.approvers[0], BM_ROLE_DEPT_HEAD);
	assert_int_equal(d.approvers[1], BM_ROLE_PRINCIPAL);
	/* PUB-1: approved before release, always: the policy cannot drop the approval. */
	assert_int_not_equal(bm_policy_parse(&q, "approver.publish = none\n"), 0);
	assert_string_equal(bm_op_rule(BM_OP_PUBLISH), "PUB-1");
}

static void pub_2_only_public_markings_attach(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_pub_attachment(&d, 7, BM_LEVEL_PUBLIC, "非密", "public"));
	assert_true(bm_rules_pub_attachment(&d, 7, BM_LEVEL_PUBLIC, "解密", "declassified"));
	for (int l = BM_LEVEL_INTERNAL; l < BM_LEVEL_COUNT; l++) {
		assert_false(bm_rules_pub_attachment(&d, 7, (bm_level)l, "某标志", "some marking"));
		assert_refused_by(d, "PUB-2", "classified_attachment");
		assert_int_equal(d.klass, BM_EDENIED);
	}
	/* The refusal quotes the marking the carrier reads now (a lowered one). */
	assert_false(bm_rules_pub_attachment(&d, 9, BM_LEVEL_INTERNAL, "内部", "internal"));
	assert_non_null(strstr(d.reason_zh, "内部"));
	assert_non_null(strstr(d.reason_en, "'internal'"));
	assert_non_null(strstr(d.reason_en, "carrier 9"));
}

static void pub_1_review_by_named_reviewers_once_while_pending(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_pub_review(&d, true, true, false));
	assert_false(bm_rules_pub_review(&d, true, false, false));
	assert_refused_by(d, "PUB-1", "not_named_reviewer");
	assert_false(bm_rules_pub_review(&d, false, true, false));
	assert_refused_by(d, "PUB-1", "pub_not_in_review");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_false(bm_rules_pub_review(&d, true, true, true));
	assert_refused_by(d, "PUB-1", "already_reviewed");
}

static void pub_1_approval_after_every_review_none_objecting(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_pub_approve(&d, 2, 0, 0));
	assert_refused_by(d, "PUB-1", "reviews_pending");
	assert_false(bm_rules_pub_approve(&d, 2, 1, 0));
	assert_refused_by(d, "PUB-1", "reviews_pending");
	assert_false(bm_rules_pub_approve(&d, 2, 2, 1));
	assert_refused_by(d, "PUB-1", "review_objection");
	assert_true(bm_rules_pub_approve(&d, 2, 2, 0));
}

static void pub_1_release_by_the_named_publisher(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_pub_release(&d, false));
	assert_refused_by(d, "PUB-1", "not_publisher");
	assert_true(bm_rules_pub_release(&d, true));
}

static void foreign_1_chain_is_the_units_leadership(void **state)
{
	bm_policy q;
	BM_UNUSED(state);
	assert_int_equal(bm_policy_parse(&q, "approver.foreign.secret = leader,principal\n"), 0);
	/* FOREIGN-1: nobody below the unit's leadership approves a provision abroad. */
	assert_int_not_equal(bm_policy_parse(&q, "approver.foreign.secret = clerk\n"), 0);
	assert_int_not_equal(bm_policy_parse(&q, "approver.foreign.confidential = dept_head\n"), 0);
	assert_int_not_equal(bm_policy_parse(&q, "approver.foreign.top_secret = none\n"), 0);
	/* Other chains still take any business role. */
	assert_int_equal(bm_policy_parse(&q, "approver.borrow.secret = dept_head\n"), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(pub_1_filing_names_channel_content_and_reviewers, reset),
	        cmocka_unit_test_setup(pub_1_chain_is_the_policys_and_never_empty, reset),
	        cmocka_unit_test_setup(pub_2_only_public_markings_attach, reset),
	        cmocka_unit_test_setup(pub_1_review_by_named_reviewers_once_while_pending, reset),
	        cmocka_unit_test_setup(pub_1_approval_after_every_review_none_objecting, reset),
	        cmocka_unit_test_setup(pub_1_release_by_the_named_publisher, reset),
	        cmocka_unit_test_setup(foreign_1_chain_is_the_units_leadership, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
