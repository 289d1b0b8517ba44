/*
 * test_decisions.c — src/policy/rules.c: the decisions the services used to
 * make inline (SEND-2's courier, SEND-4's receipts, LEVEL-4/10 proposals,
 * CIRC-1 widening, DESTROY-1/3/4 at request time, approvals under a stored
 * chain). Each is called directly, its refusals included. Test names carry
 * the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/policy.h"
#include "policy/rules.h"
#include "util/timeutil.h"

static bm_policy P;
static bm_decision d;

enum { DEPT = 10, OTHER_DEPT = 20, CUSTODIAN = 99, TODAY = 20558 /* 2026-04-15 */ };

static const bm_scope_ref dept_scope[] = {{0, DEPT}};
static const bm_grant classifier_grant[] = {{BM_ROLE_CLASSIFIER, 0}};
static const bm_grant dept_head_grant[] = {{BM_ROLE_DEPT_HEAD, DEPT}};
static const bm_grant leader_grant[] = {{BM_ROLE_LEADER, 0}};

static void use_policy(const char *text)
{
	if (bm_policy_parse(&P, text) != 0)
		fail_msg("policy refused: %s", bm_error_last()->message_en);
}

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	memset(&d, 0, sizeof(d));
	bm_error_clear();
	return 0;
}

#define assert_refused(rule_id, code_str, klass_)                                                  \
	do {                                                                                       \
		assert_false(d.allowed);                                                           \
		assert_string_equal(d.rule, rule_id);                                              \
		assert_string_equal(d.code, code_str);                                             \
		assert_int_equal(d.klass, klass_);                                                 \
		assert_bilingual(d.reason_zh, d.reason_en, false);                                 \
	} while (0)

/* The decision's chain equals `l`, in order. */
static void assert_chain(const bm_role_list *l)
{
	assert_true(d.allowed);
	assert_int_equal(d.n_approvers, l->n);
	for (int i = 0; i < l->n; i++)
		assert_int_equal(d.approvers[i], l->roles[i]);
}

/* A cleared, trained, committed person of DEPT. */
static bm_actor person(int64_t id, bm_class c)
{
	bm_actor a;
	bm_actor_init(&a);
	a.id = id;
	a.department_id = DEPT;
	a.person_class = c;
	a.commitment_on = TODAY - 365;
	a.last_training = TODAY - 30;
	return a;
}

/* A carrier of DEPT in store, scope = DEPT. */
static bm_item item(bm_level level)
{
	bm_item it = {0};
	it.id = 1;
	it.level = level;
	it.kind = BM_KIND_PAPER;
	it.status = BM_STATUS_IN_STORE;
	it.department_id = DEPT;
	it.custodian_id = CUSTODIAN;
	it.scope = dept_scope;
	it.n_scope = 1;
	return it;
}

/* ---- SEND-1/2/3: bm_rules_dispatch ---- */

static void send_2_secret_needs_a_named_courier(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(P.send_courier_level, BM_LEVEL_SECRET); /* REGULATIONS.md: 机密 */
	assert_false(bm_rules_dispatch(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_COURIER, false, 0));
	assert_refused("SEND-2", "courier_required", BM_EDENIED);
	assert_false(bm_rules_dispatch(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_COURIER, false, 0));
	assert_refused("SEND-2", "courier_required", BM_EDENIED);
	assert_true(bm_rules_dispatch(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_COURIER, true, 1));
	/* Below the courier level nobody need be named. */
	assert_true(bm_rules_dispatch(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_COURIER, false, 0));
	assert_true(bm_rules_dispatch(&d, &P, BM_LEVEL_INTERNAL, BM_CHANNEL_MAIL, false, 0));
}

static void send_2_courier_level_is_the_units_policy(void **state)
{
	BM_UNUSED(state);
	use_policy("send.courier_level = top_secret\n");
	assert_true(bm_rules_dispatch(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_COURIER, false, 0));
	assert_false(bm_rules_dispatch(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_COURIER, false, 0));
	assert_refused("SEND-2", "courier_required", BM_EDENIED);
	use_policy("send.courier_level = confidential\n");
	assert_false(
	        bm_rules_dispatch(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_COURIER, false, 0));
	assert_refused("SEND-2", "courier_required", BM_EDENIED);
}

static void send_2_courier_level_below_confidential_is_refused_by_the_parser(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_policy_parse(&P, "send.courier_level = internal\n"), BM_EINVALID);
	assert_string_equal(bm_error_last()->rule, "SEND-2");
}

static void send_1_channel_refused_before_send_2_courier(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_dispatch(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_MAIL, false, 0));
	assert_refused("SEND-1", "channel_forbidden", BM_EDENIED);
	assert_false(bm_rules_dispatch(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_FAX, false, 0));
	assert_refused("SEND-3", "channel_forbidden", BM_EDENIED);
}

static void send_2_dedicated_delivery_counts_escorts_after_the_courier(void **state)
{
	BM_UNUSED(state);
	assert_false(
	        bm_rules_dispatch(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_DEDICATED, false, 2));
	assert_refused("SEND-2", "courier_required", BM_EDENIED);
	assert_false(bm_rules_dispatch(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_DEDICATED, true, 1));
	assert_refused("SEND-2", "escorts_required", BM_EDENIED);
	assert_true(bm_rules_dispatch(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_DEDICATED, true, 2));
	/* 秘密 by a dedicated person: no courier level, but the escorts still count. */
	assert_false(
	        bm_rules_dispatch(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_DEDICATED, false, 0));
	assert_refused("SEND-2", "escorts_required", BM_EDENIED);
}

/* ---- SEND-4: bm_rules_receipt ---- */

static void send_4_receipt_signed_once_for_a_listed_carrier(void **state)
{
	bm_receipt r = {.dispatch_id = 7, .carrier_id = 3, .dispatch_open = true, .listed = true};
	BM_UNUSED(state);
	assert_true(bm_rules_receipt(&d, &r));
	assert_string_equal(d.rule, "SEND-4");
	r.signed_already = true;
	assert_false(bm_rules_receipt(&d, &r));
	assert_refused("SEND-4", "already_signed", BM_ECONFLICT);
	r.listed = false;
	r.signed_already = false;
	assert_false(bm_rules_receipt(&d, &r));
	assert_refused("SEND-4", "not_on_dispatch", BM_ENOTFOUND);
	assert_non_null(strstr(d.reason_en, "carrier 3 is not on dispatch 7"));
}

static void send_4_complete_dispatch_takes_no_receipt(void **state)
{
	bm_receipt r = {.dispatch_id = 7, .carrier_id = 3, .dispatch_open = false, .listed = true};
	BM_UNUSED(state);
	r.signed_already = true;
	assert_false(bm_rules_receipt(&d, &r));
	assert_refused("SEND-4", "dispatch_complete", BM_ECONFLICT);
	/* The refusal reaches the error side channel with its rule and class. */
	assert_int_equal(bm_decision_error(&d), BM_ECONFLICT);
	assert_string_equal(bm_error_last()->rule, "SEND-4");
	assert_string_equal(bm_error_last()->code, "dispatch_complete");
}

/* ---- LEVEL-4/10: bm_rules_level_proposal ---- */

static void level_4_handler_proposes_without_the_authoritys_role(void **state)
{
	bm_actor handler = person(1, BM_CLASS_CORE);
	BM_UNUSED(state);
	/* The decision itself is refused to the handler … */
	assert_false(bm_rules_level_change(&d, &P, &handler, BM_LEVEL_SECRET, BM_LEVEL_CONFIDENTIAL,
	                                   TODAY));
	assert_refused("LEVEL-4", "not_classification_authority", BM_EDENIED);
	/* … the proposal is not, and goes to the authority's chain. */
	assert_true(bm_rules_level_proposal(&d, &P, &handler, BM_LEVEL_SECRET,
	                                    BM_LEVEL_CONFIDENTIAL, TODAY));
	assert_string_equal(d.rule, "LEVEL-4");
	assert_chain(bm_rules_chain(&P, BM_OP_LEVEL_CHANGE, BM_LEVEL_SECRET));
}

static void level_4_proposal_chain_is_the_higher_levels(void **state)
{
	bm_actor handler = person(1, BM_CLASS_CORE);
	BM_UNUSED(state);
	use_policy("approver.level_change.top_secret = classifier,principal\n");
	assert_true(bm_rules_level_proposal(&d, &P, &handler, BM_LEVEL_TOP_SECRET, BM_LEVEL_SECRET,
	                                    TODAY));
	assert_int_equal(d.n_approvers, 2);
	assert_int_equal(d.approvers[0], BM_ROLE_CLASSIFIER);
	assert_int_equal(d.approvers[1], BM_ROLE_PRINCIPAL);
	assert_true(bm_rules_level_proposal(&d, &P, &handler, BM_LEVEL_CONFIDENTIAL,
	                                    BM_LEVEL_SECRET, TODAY));
	assert_int_equal(d.n_approvers, 1);
}

static void level_10_nobody_proposes_above_own_clearance(void **state)
{
	bm_actor handler = person(1, BM_CLASS_GENERAL); /* up to 秘密 */
	bm_actor authority = person(2, BM_CLASS_GENERAL);
	BM_UNUSED(state);
	authority.grants = classifier_grant;
	authority.n_grants = 1;
	assert_false(bm_rules_level_proposal(&d, &P, &handler, BM_LEVEL_CONFIDENTIAL,
	                                     BM_LEVEL_SECRET, TODAY));
	assert_refused("LEVEL-10", "above_own_clearance", BM_EDENIED);
	assert_non_null(strstr(d.reason_en, "proposes"));
	/* Issue 13 point 12: the person's own clearance (秘密) is named, the proposal beside it. */
	assert_non_null(strstr(d.reason_zh, "本人可知悉的密级（秘密）"));
	assert_non_null(strstr(d.reason_zh, "所提密级为机密"));
	/* An authority proposing above their clearance is refused by the decision's own check. */
	assert_false(bm_rules_level_proposal(&d, &P, &authority, BM_LEVEL_CONFIDENTIAL,
	                                     BM_LEVEL_SECRET, TODAY));
	assert_refused("LEVEL-10", "above_own_clearance", BM_EDENIED);
	assert_true(bm_rules_level_proposal(&d, &P, &handler, BM_LEVEL_INTERNAL,
	                                    BM_LEVEL_CONFIDENTIAL, TODAY));
}

static void level_7_proposal_to_the_same_level_refused(void **state)
{
	bm_actor handler = person(1, BM_CLASS_CORE);
	BM_UNUSED(state);
	assert_false(
	        bm_rules_level_proposal(&d, &P, &handler, BM_LEVEL_SECRET, BM_LEVEL_SECRET, TODAY));
	assert_refused("LEVEL-7", "level_unchanged", BM_EINVALID);
}

/* ---- CIRC-1: bm_rules_widen_scope ---- */

static void circ_1_widening_needs_the_policys_chain(void **state)
{
	bm_item it = item(BM_LEVEL_SECRET);
	const int64_t depts[] = {OTHER_DEPT};
	BM_UNUSED(state);
	assert_true(bm_rules_widen_scope(&d, &P, &it, depts, 1));
	assert_string_equal(d.rule, "CIRC-1");
	assert_chain(bm_rules_chain(&P, BM_OP_WIDEN_SCOPE, BM_LEVEL_SECRET));
	assert_true(d.n_approvers > 0);
	use_policy("approver.widen_scope.secret = dept_head,leader\n");
	assert_true(bm_rules_widen_scope(&d, &P, &it, NULL, 0));
	assert_int_equal(d.n_approvers, 2);
	assert_int_equal(d.approvers[0], BM_ROLE_DEPT_HEAD);
}

static void circ_1_department_already_in_scope_refused(void **state)
{
	bm_item it = item(BM_LEVEL_SECRET);
	const int64_t depts[] = {OTHER_DEPT, DEPT};
	BM_UNUSED(state);
	assert_false(bm_rules_widen_scope(&d, &P, &it, depts, 2));
	assert_refused("CIRC-1", "already_in_scope", BM_ECONFLICT);
	assert_int_equal(d.n_approvers, 0);
}

/* ---- DESTROY-1/3/4: bm_rules_destroy_request ---- */

static void destroy_1_request_names_no_witnesses_yet(void **state)
{
	bm_actor clerk = person(1, BM_CLASS_CORE);
	bm_item it = item(BM_LEVEL_SECRET);
	bm_destruction none = {.witnesses = NULL, .n_witnesses = 0, .method = BM_DESTROY_CENTRE};
	BM_UNUSED(state);
	/* Carrying it out without witnesses is refused (DESTROY-2) … */
	assert_false(bm_rules_destroy(&d, &P, &clerk, &it, &none, TODAY));
	assert_refused("DESTROY-2", "witnesses_required", BM_EDENIED);
	/* … asking for it is not: the witnesses come when it is done. */
	assert_true(bm_rules_destroy_request(&d, &P, &clerk, &it, BM_DESTROY_CENTRE, TODAY));
	assert_string_equal(d.rule, "DESTROY-1");
	assert_chain(bm_rules_chain(&P, BM_OP_DESTROY, BM_LEVEL_SECRET));
}

static void destroy_4_request_for_a_destroyed_carrier_refused(void **state)
{
	bm_actor clerk = person(1, BM_CLASS_CORE);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	it.status = BM_STATUS_DESTROYED;
	assert_false(bm_rules_destroy_request(&d, &P, &clerk, &it, BM_DESTROY_SHRED, TODAY));
	assert_refused("DESTROY-4", "already_destroyed", BM_ECONFLICT);
	it.status = BM_STATUS_LENT;
	assert_false(bm_rules_destroy_request(&d, &P, &clerk, &it, BM_DESTROY_SHRED, TODAY));
	assert_refused("DESTROY-1", "not_in_store", BM_ECONFLICT);
}

static void destroy_3_request_with_a_recoverable_method_refused(void **state)
{
	bm_actor clerk = person(1, BM_CLASS_CORE);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	it.kind = BM_KIND_USB;
	assert_false(bm_rules_destroy_request(&d, &P, &clerk, &it, BM_DESTROY_FORMAT, TODAY));
	assert_refused("DESTROY-3", "method_recoverable", BM_EDENIED);
	assert_false(bm_rules_destroy_request(&d, &P, &clerk, &it, -1, TODAY));
	assert_refused("DESTROY-3", "method_required", BM_EINVALID);
}

static void destroy_2_witness_count_is_the_units_policy(void **state)
{
	bm_actor clerk = person(1, BM_CLASS_CORE);
	bm_item it = item(BM_LEVEL_SECRET);
	const int64_t three[] = {5, 6, 7};
	bm_destruction how = {.witnesses = three, .n_witnesses = 2, .method = BM_DESTROY_SHRED};
	BM_UNUSED(state);
	assert_true(bm_rules_destroy(&d, &P, &clerk, &it, &how, TODAY));
	use_policy("destroy.min_witnesses = 3\n");
	assert_false(bm_rules_destroy(&d, &P, &clerk, &it, &how, TODAY));
	assert_refused("DESTROY-2", "witnesses_required", BM_EDENIED);
	assert_non_null(strstr(d.reason_en, "at least 3"));
	how.n_witnesses = 3;
	assert_true(bm_rules_destroy(&d, &P, &clerk, &it, &how, TODAY));
}

/* ---- approvals under the stored chain: bm_rules_approve_chain ---- */

static void borrow_1_approval_follows_the_chain_stored_with_the_request(void **state)
{
	bm_actor head = person(2, BM_CLASS_CORE), leader = person(3, BM_CLASS_CORE);
	bm_request r = {.op = BM_OP_BORROW,
	                .level = BM_LEVEL_SECRET,
	                .requester_id = 1,
	                .department_id = DEPT,
	                .requested_on = TODAY};
	bm_role_list stored = {.n = 1, .roles = {BM_ROLE_DEPT_HEAD}};
	bm_policy before;
	BM_UNUSED(state);
	head.grants = dept_head_grant;
	head.n_grants = 1;
	leader.grants = leader_grant;
	leader.n_grants = 1;
	before = P;
	/* Today's policy asks the leader for 机密 … */
	assert_false(bm_rules_approve(&d, &P, &r, &head, TODAY));
	assert_refused("BORROW-1", "approver_role", BM_EDENIED);
	/* … the request was filed when the department head sufficed. */
	assert_true(bm_rules_approve_chain(&d, &P, &r, &stored, &head, TODAY));
	assert_int_equal(d.n_approvers, 0);
	assert_false(bm_rules_approve_chain(&d, &P, &r, &stored, &leader, TODAY));
	assert_refused("BORROW-1", "approver_role", BM_EDENIED);
	/* The policy is read, never patched. */
	assert_true(bm_policy_equal(&P, &before));
	assert_int_equal(P.approvers[BM_OP_BORROW][BM_LEVEL_SECRET].roles[0], BM_ROLE_LEADER);
}

static void borrow_1_stored_chain_done_leaves_nothing_to_approve(void **state)
{
	bm_actor head = person(2, BM_CLASS_CORE);
	int64_t by[] = {4};
	bm_request r = {.op = BM_OP_BORROW,
	                .level = BM_LEVEL_SECRET,
	                .requester_id = 1,
	                .department_id = DEPT,
	                .requested_on = TODAY,
	                .approved_by = by,
	                .n_approved = 1};
	bm_role_list stored = {.n = 1, .roles = {BM_ROLE_DEPT_HEAD}};
	BM_UNUSED(state);
	head.grants = dept_head_grant;
	head.n_grants = 1;
	assert_false(bm_rules_approve_chain(&d, &P, &r, &stored, &head, TODAY));
	assert_refused("BORROW-1", "nothing_to_approve", BM_EINVALID);
	/* Lapsed: the policy's approval.max_pending_days still applies to a stored chain. */
	r.n_approved = 0;
	r.requested_on = TODAY - P.approval_max_pending_days - 1;
	assert_false(bm_rules_approve_chain(&d, &P, &r, &stored, &head, TODAY));
	assert_refused("BORROW-1", "request_expired", BM_EDENIED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T_(f) cmocka_unit_test_setup(f, reset)
	        T_(send_2_secret_needs_a_named_courier),
	        T_(send_2_courier_level_is_the_units_policy),
	        T_(send_2_courier_level_below_confidential_is_refused_by_the_parser),
	        T_(send_1_channel_refused_before_send_2_courier),
	        T_(send_2_dedicated_delivery_counts_escorts_after_the_courier),
	        T_(send_4_receipt_signed_once_for_a_listed_carrier),
	        T_(send_4_complete_dispatch_takes_no_receipt),
	        T_(level_4_handler_proposes_without_the_authoritys_role),
	        T_(level_4_proposal_chain_is_the_higher_levels),
	        T_(level_10_nobody_proposes_above_own_clearance),
	        T_(level_7_proposal_to_the_same_level_refused),
	        T_(circ_1_widening_needs_the_policys_chain),
	        T_(circ_1_department_already_in_scope_refused),
	        T_(destroy_1_request_names_no_witnesses_yet),
	        T_(destroy_4_request_for_a_destroyed_carrier_refused),
	        T_(destroy_3_request_with_a_recoverable_method_refused),
	        T_(destroy_2_witness_count_is_the_units_policy),
	        T_(borrow_1_approval_follows_the_chain_stored_with_the_request),
	        T_(borrow_1_stored_chain_done_leaves_nothing_to_approve),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
