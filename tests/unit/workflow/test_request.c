/*
 * test_request.c — src/service/request.c: filing, deciding, withdrawing and
 * reading requests; every test names the rule it proves.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wf_fixture.h"

static bm_arena t_arena;

static int t_setup(void **state)
{
	(void)state;
	bm_arena_init(&t_arena, 0);
	bm_error_clear();
	return 0;
}

static int t_teardown(void **state)
{
	(void)state;
	bm_arena_release(&t_arena);
	return 0;
}

#define W()  wf_get()
#define FX() svc_fx_get()

static void assert_refused(int rc, int klass, const char *rule, const char *code)
{
	const bm_error *e = bm_error_last();
	if (rc != klass || strcmp(e->rule, rule) != 0 || strcmp(e->code, code) != 0)
		fprintf(stderr, "# expected %d %s %s, got %d %s %s (%s)\n", klass, rule, code, rc,
		        e->rule, e->code, e->message_en);
	assert_int_equal(rc, klass);
	assert_string_equal(e->rule, rule);
	assert_string_equal(e->code, code);
	assert_true(e->message[0] != '\0' && e->message_en[0] != '\0');
}

/* BORROW-1: the chain by level, from the policy's defaults. */
static void borrow_1_chain_by_level(void **state)
{
	bm_request_row *r;
	int64_t conf = wf_register(&t_arena, "秘密通知", "秘密", "档案室", "科技处");
	int64_t sec = wf_register(&t_arena, "机密方案", "机密", "科技处保密柜", "科技处");
	int64_t top = wf_register(&t_arena, "绝密文件", "绝密", "机要室保密柜", "zhao");
	(void)state;

	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", conf, NULL, &r), 0);
	assert_string_equal(r->status, "pending");
	assert_string_equal(r->chain, "[\"dept_head\"]");
	assert_string_equal(r->rule, "BORROW-1");
	assert_int_equal(r->department_id, FX()->tech_id);

	assert_int_equal(wf_request(&t_arena, FX()->li, "借阅", sec, NULL, &r), 0);
	assert_string_equal(r->chain, "[\"leader\"]");
	assert_int_equal(r->level, BM_LEVEL_SECRET);

	assert_int_equal(wf_request(&t_arena, FX()->zhao, "borrow", top, NULL, &r), 0);
	assert_string_equal(r->chain, "[\"principal\"]");
	assert_int_equal(r->level, BM_LEVEL_TOP_SECRET);
}

/* BORROW-1: an item the policy asks no approval for is approved at once. */
static void borrow_1_internal_needs_no_approval(void **state)
{
	bm_request_row *r;
	int64_t id = wf_register(&t_arena, "内部通知", "内部", NULL, NULL);
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), 0);
	assert_string_equal(r->status, "approved");
	assert_string_equal(r->chain, "[]");
}

/* BORROW-1: the department head approves; the comment is kept; last step approves. */
static void borrow_1_dept_head_approves(void **state)
{
	bm_request_row *r, *shown;
	bm_approval_row *aps;
	size_t n;
	bm_ctx ctx;
	int64_t id = wf_register(&t_arena, "秘密通知二", "秘密", "档案室", "科技处");
	fx_audit last;
	(void)state;

	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), 0);
	svc_fx_ctx(&ctx, &t_arena, W()->kjhead);
	assert_refused(bm_svc_request_decide(&ctx, r->id, true, "  "), BM_EINVALID, "BORROW-1",
	               "required");
	assert_int_equal(wf_decide(&t_arena, W()->kjhead, r->id, true), 0);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "request.approve");
	assert_string_equal(last.outcome, "ok");
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "approved");

	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	assert_int_equal(bm_svc_request_show(&ctx, r->id, &shown, &aps, &n), 0);
	assert_int_equal(n, 1);
	assert_true(aps[0].approved);
	assert_int_equal(aps[0].role, BM_ROLE_DEPT_HEAD);
	assert_int_equal(aps[0].approver_id, W()->kjhead->id);
	assert_string_equal(aps[0].comment, "同意");

	/* Decided: nothing more to approve. */
	assert_refused(wf_decide(&t_arena, W()->leader, r->id, true), BM_ECONFLICT, "BORROW-1",
	               "not_pending");
}

/* Nobody approves their own request (BORROW-1 names the approval). */
static void borrow_1_nobody_approves_own_request(void **state)
{
	bm_request_row *r;
	int64_t id = wf_register(&t_arena, "秘密通知三", "秘密", "档案室", "科技处");
	int64_t before;
	(void)state;
	assert_int_equal(wf_request(&t_arena, W()->kjhead, "borrow", id, NULL, &r), 0);
	before = wf_request_count();
	assert_refused(wf_decide(&t_arena, W()->kjhead, r->id, true), BM_EDENIED, "BORROW-1",
	               "self_approval");
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "pending");
	assert_int_equal(wf_request_count(), before);
}

/* BORROW-1: an approver without the step's role for the department is refused. */
static void borrow_1_approver_without_role_refused(void **state)
{
	bm_request_row *r;
	int64_t id = wf_register(&t_arena, "秘密通知四", "秘密", "档案室", "科技处");
	fx_audit last;
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), 0);
	/* A staff member, and the head of another department. */
	assert_refused(wf_decide(&t_arena, FX()->zhao, r->id, true), BM_EDENIED, "BORROW-1",
	               "approver_role");
	assert_refused(wf_decide(&t_arena, W()->cwhead, r->id, true), BM_EDENIED, "BORROW-1",
	               "approver_role");
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "refused");
	assert_string_equal(last.rule, "BORROW-1");
	assert_string_equal(last.action, "request.approve");
	/* SYS-1: an administrator never decides. */
	assert_refused(wf_decide(&t_arena, FX()->secadmin, r->id, true), BM_EDENIED, "SYS-1",
	               "admin_no_business");
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "pending");
}

/* A rejection ends the request. */
static void borrow_1_reject(void **state)
{
	bm_request_row *r;
	int64_t id = wf_register(&t_arena, "机密方案二", "机密", "科技处保密柜", "科技处");
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), 0);
	assert_int_equal(wf_decide(&t_arena, W()->leader, r->id, false), 0);
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "rejected");
	assert_refused(wf_decide(&t_arena, W()->leader, r->id, true), BM_ECONFLICT, "BORROW-1",
	               "not_pending");
}

/* Withdraw: only the requester, only before execution. */
static void borrow_1_withdraw(void **state)
{
	bm_request_row *r;
	bm_ctx ctx;
	int64_t id = wf_register(&t_arena, "秘密通知五", "秘密", "档案室", "科技处");
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), 0);
	svc_fx_ctx(&ctx, &t_arena, W()->kjhead);
	assert_refused(bm_svc_request_withdraw(&ctx, r->id, "不要了"), BM_EDENIED, "BORROW-1",
	               "not_requester");
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	assert_int_equal(bm_svc_request_withdraw(&ctx, r->id, "不需要了"), 0);
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "withdrawn");
	assert_refused(bm_svc_request_withdraw(&ctx, r->id, "再撤"), BM_ECONFLICT, "BORROW-1",
	               "not_withdrawable");
	assert_refused(wf_decide(&t_arena, W()->kjhead, r->id, true), BM_ECONFLICT, "BORROW-1",
	               "not_pending");
}

/* approval.max_pending_days: a request left pending too long expires, and the decision is refused.
 */
static void request_expires_after_max_pending_days(void **state)
{
	bm_request_row *r;
	bm_request_input in = {.op = "borrow", .n_carriers = 1, .reason = "旧申请"};
	bm_ctx ctx;
	int64_t id = wf_register(&t_arena, "秘密通知六", "秘密", "档案室", "科技处");
	fx_audit last;
	(void)state;
	in.carrier_ids = &id;
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	ctx.now -= 10 * 86400; /* filed ten days ago; the default allows 7 */
	assert_int_equal(bm_svc_request_create(&ctx, &in, &r), 0);
	assert_refused(wf_decide(&t_arena, W()->kjhead, r->id, true), BM_EDENIED, "BORROW-1",
	               "request_expired");
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "expired");
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "refused");
	assert_string_equal(last.action, "request.approve");
}

/* A refused request writes nothing but one audited refusal (BORROW-3 here). */
static void borrow_3_refusal_writes_only_the_audit(void **state)
{
	bm_request_row *r = NULL;
	int64_t id = wf_register(&t_arena, "绝密文件二", "绝密", "机要室保密柜", "zhao");
	int64_t requests = wf_request_count(), history = svc_fx_history_count();
	fx_audit before, after;
	(void)state;
	svc_fx_audit_last(&before);
	assert_refused(wf_request(&t_arena, FX()->zhao, "borrow", id, "{\"take_away\":true}", &r),
	               BM_EDENIED, "BORROW-3", "onsite_only");
	assert_null(r);
	assert_int_equal(wf_request_count(), requests);
	assert_int_equal(svc_fx_history_count(), history);
	svc_fx_audit_last(&after);
	assert_int_equal(after.count, before.count + 1);
	assert_string_equal(after.outcome, "refused");
	assert_string_equal(after.rule, "BORROW-3");
	assert_string_equal(after.action, "request.create");
	/* Read on site, it may be asked for: the principal approves. */
	assert_int_equal(wf_request(&t_arena, FX()->zhao, "borrow", id, NULL, &r), 0);
	assert_string_equal(r->chain, "[\"principal\"]");
}

/* SYS-2: a carrier the requester may not see does not exist for them. */
static void sys_2_hidden_carrier_is_not_found(void **state)
{
	bm_request_row *r = NULL;
	int64_t id = wf_register(&t_arena, "绝密文件三", "绝密", "机要室保密柜", "zhao");
	(void)state;
	assert_refused(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), BM_ENOTFOUND,
	               "SYS-2", "unknown_carrier");
}

/* BORROW-5: somebody outside the scope needs the outside-reader approval on top. */
static void borrow_5_outside_reader_needs_leader(void **state)
{
	bm_request_row *r = NULL;
	int64_t id = wf_register(&t_arena, "财务秘密报表", "秘密", "档案室", "财务处");
	(void)state;
	assert_int_equal(
	        wf_request(&t_arena, FX()->clerk, "outside_reader", id, "{\"reader\":\"li\"}", &r),
	        0);
	assert_string_equal(r->rule, "BORROW-5");
	assert_string_equal(r->chain, "[\"dept_head\",\"leader\"]");
	/* From another unit: only with a letter of introduction. */
	assert_refused(wf_request(&t_arena, FX()->clerk, "outside_reader", id,
	                          "{\"reader\":\"钱某\",\"organisation\":\"市审计局\"}", &r),
	               BM_EDENIED, "BORROW-5", "introduction_letter_required");
	assert_int_equal(wf_request(&t_arena, FX()->clerk, "outside_reader", id,
	                            "{\"reader\":\"钱某\",\"organisation\":\"市审计局\","
	                            "\"introduction_letter\":true}",
	                            &r),
	                 0);
	assert_string_equal(r->rule, "BORROW-5");
	assert_string_equal(r->status, "pending");
}

/* CARRY-3: never abroad; CARRY-2: purpose, destination, return date recorded. */
static void carry_3_abroad_refused(void **state)
{
	bm_request_row *r = NULL;
	int64_t id = wf_register(&t_arena, "出差材料", "秘密", "档案室", "科技处");
	(void)state;
	assert_refused(wf_request(&t_arena, FX()->li, "take_out", id,
	                          "{\"purpose\":\"开会\",\"destination\":\"香港\","
	                          "\"return_date\":\"2026-11-27\",\"abroad\":true}",
	                          &r),
	               BM_EDENIED, "CARRY-3", "abroad_forbidden");
	assert_refused(wf_request(&t_arena, FX()->li, "携带外出", id,
	                          "{\"purpose\":\"开会\",\"destination\":\"省厅\"}", &r),
	               BM_EINVALID, "CARRY-2", "return_date_required");
	assert_int_equal(wf_request(&t_arena, FX()->li, "take_out", id,
	                            "{\"purpose\":\"开会\",\"destination\":\"省厅\","
	                            "\"return_date\":\"2026-11-27\"}",
	                            &r),
	                 0);
	assert_string_equal(r->rule, "CARRY-1");
	assert_string_equal(r->chain, "[\"dept_head\"]");
}

/* COPY-2: 绝密 is never copied by default; COPY-1: copying needs the leader. */
static void copy_2_top_secret_never_copied(void **state)
{
	bm_request_row *r = NULL;
	int64_t top = wf_register(&t_arena, "绝密文件四", "绝密", "机要室保密柜", "zhao");
	int64_t conf = wf_register(&t_arena, "财务秘密报表二", "秘密", "档案室", "财务处");
	(void)state;
	assert_refused(wf_request(&t_arena, FX()->zhao, "copy", top, NULL, &r), BM_EDENIED,
	               "COPY-2", "copy_forbidden");
	assert_int_equal(wf_request(&t_arena, FX()->zhao, "copy", conf, "{\"copies\":2}", &r), 0);
	assert_string_equal(r->chain, "[\"leader\"]");
	assert_string_equal(r->rule, "COPY-1");
}

/* MAKE-1: making needs the leader; the level comes from the params. */
static void make_1_chain_from_params_level(void **state)
{
	bm_request_row *r = NULL;
	(void)state;
	assert_refused(wf_request(&t_arena, FX()->li, "make", 0,
	                          "{\"title\":\"年度方案\",\"level\":\"机密\",\"copies\":3}", &r),
	               BM_EINVALID, "MAKE-1", "scope_required");
	/* LEVEL-9: a classified make names its classifier and basis; LEVEL-4: an authority. */
	assert_refused(wf_request(&t_arena, FX()->li, "make", 0,
	                          "{\"title\":\"年度方案\",\"level\":\"机密\",\"copies\":3,"
	                          "\"scope\":\"科技处\",\"classifier\":\"principal\"}",
	                          &r),
	               BM_EINVALID, "LEVEL-9", "classification_required");
	assert_refused(wf_request(&t_arena, FX()->li, "make", 0,
	                          "{\"title\":\"年度方案\",\"level\":\"机密\",\"copies\":3,"
	                          "\"scope\":\"科技处\",\"classifier\":\"leader\","
	                          "\"basis\":\"一览表第1项\"}",
	                          &r),
	               BM_EDENIED, "LEVEL-4", "not_classification_authority");
	assert_int_equal(wf_request(&t_arena, FX()->li, "make", 0,
	                            "{\"title\":\"年度方案\",\"level\":\"机密\",\"copies\":3,"
	                            "\"scope\":\"科技处\",\"classifier\":\"principal\","
	                            "\"basis\":\"一览表第1项\"}",
	                            &r),
	                 0);
	assert_int_equal(r->level, BM_LEVEL_SECRET);
	/* LEVEL-4/9: the person resolved is kept; no period given: the level's maximum (20). */
	assert_non_null(strstr(r->params, "\"classifier_id\":"));
	assert_non_null(strstr(r->params, "\"period\":\"20\""));
	assert_string_equal(r->chain, "[\"leader\"]");
	assert_refused(wf_request(&t_arena, FX()->li, "make", 0,
	                          "{\"title\":\"年度方案\",\"level\":\"机密\"}", &r),
	               BM_EINVALID, "MAKE-2", "invalid_param");
}

/* LEVEL-4: the handler proposes, the classification authority decides; LEVEL-9 basis. */
static void level_4_proposal_goes_to_classifier(void **state)
{
	bm_request_row *r = NULL;
	int64_t id = wf_register(&t_arena, "待解密文件", "秘密", "档案室", "科技处");
	(void)state;
	assert_refused(
	        wf_request(&t_arena, FX()->li, "level_change", id, "{\"to_level\":\"public\"}", &r),
	        BM_EINVALID, "LEVEL-9", "invalid_param");
	assert_int_equal(wf_request(&t_arena, FX()->li, "level_change", id,
	                            "{\"to_level\":\"非密\",\"basis\":\"保密事项一览表第3项\"}",
	                            &r),
	                 0);
	assert_string_equal(r->chain, "[\"classifier\"]");
	assert_string_equal(r->rule, "LEVEL-4");
	/* LEVEL-10: not above one's own clearance (li is cleared to 机密). */
	assert_refused(wf_request(&t_arena, FX()->li, "level_change", id,
	                          "{\"to_level\":\"绝密\",\"basis\":\"x\"}", &r),
	               BM_EDENIED, "LEVEL-10", "above_own_clearance");
}

/* CIRC-1: widening the scope needs the leader; a person already in it is refused. */
static void circ_1_widen_scope(void **state)
{
	bm_request_row *r = NULL;
	int64_t id = wf_register(&t_arena, "科技秘密", "秘密", "档案室", "科技处");
	(void)state;
	assert_int_equal(
	        wf_request(&t_arena, FX()->li, "widen_scope", id, "{\"add\":\"zhao\"}", &r), 0);
	assert_string_equal(r->chain, "[\"leader\"]");
	assert_non_null(strstr(r->params, "\"add_person_ids\""));
	assert_refused(
	        wf_request(&t_arena, FX()->li, "widen_scope", id, "{\"add\":\"周一般\"}", &r),
	        BM_ECONFLICT, "CIRC-1", "already_in_scope");
}

/* Lists: the inbox shows what the actor may approve next; the requester sees their own. */
static void request_inbox_and_mine(void **state)
{
	bm_request_row *r, *rows;
	size_t n;
	int64_t total;
	bm_ctx ctx;
	bool found = false;
	int64_t id = wf_register(&t_arena, "秘密通知七", "秘密", "档案室", "科技处");
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", id, NULL, &r), 0);
	svc_fx_ctx(&ctx, &t_arena, W()->kjhead);
	assert_int_equal(bm_svc_request_list(&ctx, true, NULL, &rows, &n, &total), 0);
	for (size_t i = 0; i < n; i++)
		found |= rows[i].id == r->id;
	assert_true(found);
	svc_fx_ctx(&ctx, &t_arena, W()->cwhead);
	assert_int_equal(bm_svc_request_list(&ctx, true, NULL, &rows, &n, &total), 0);
	for (size_t i = 0; i < n; i++)
		assert_true(rows[i].id != r->id);
	svc_fx_ctx(&ctx, &t_arena, FX()->zhao);
	assert_int_equal(bm_svc_request_list(&ctx, false, NULL, &rows, &n, &total), 0);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(rows[i].requester_id, FX()->zhao->id);
	/* Somebody outside the chain cannot read it at all. */
	{
		bm_request_row *shown;
		bm_approval_row *aps;
		size_t k;
		assert_int_equal(bm_svc_request_show(&ctx, r->id, &shown, &aps, &k), BM_ENOTFOUND);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(borrow_1_chain_by_level, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_1_internal_needs_no_approval, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_1_dept_head_approves, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_1_nobody_approves_own_request, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_1_approver_without_role_refused, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_1_reject, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_1_withdraw, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(request_expires_after_max_pending_days, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_3_refusal_writes_only_the_audit, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_2_hidden_carrier_is_not_found, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_5_outside_reader_needs_leader, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(carry_3_abroad_refused, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(copy_2_top_secret_never_copied, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(make_1_chain_from_params_level, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_4_proposal_goes_to_classifier, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_1_widen_scope, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(request_inbox_and_mine, t_setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, wf_group_setup, wf_group_teardown);
}
