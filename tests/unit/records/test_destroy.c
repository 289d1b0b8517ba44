/*
 * test_destroy.c — src/service/records.c bm_svc_destroy_execute: destruction
 * of an approved, item-by-item list (DESTROY-1..4). Every refusal asserts
 * class, code and rule and that nothing changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rec_fixture.h"
#include "util/alloc.h"

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

#define FX() svc_fx_get()
#define W()  wf_get()

static const char *const two_witnesses[] = {"张三", "zhao"};

static int64_t paper(const char *title)
{
	bm_carrier_input in = {
	        .title = title, .level = "秘密", .place = "档案室", .scope = "科技处"};
	return rec_register(&t_arena, &in);
}

static int destroy(bm_person *who, int64_t req, const char *place, const char *method,
                   const char *const *witnesses, size_t n, bm_destruction_row **out)
{
	bm_ctx ctx;
	bm_svc_receipt own[8];
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_destroy_execute(&ctx, req, place, method, witnesses,
	                              svc_fx_witness_receipts(witnesses, n < 8 ? n : 8, own), n,
	                              out);
}

/* DESTROY-1: nothing is destroyed before the supervising leader approves the list. */
static void destroy_1_needs_approval(void **state)
{
	int64_t id = paper("待销毁文件一");
	int64_t req = rec_pending(&t_arena, FX()->li, "destroy", &id, 1, "{\"method\":\"shred\"}");
	bm_destruction_row *d = NULL;
	rec_snap before;
	(void)state;

	assert_string_equal(wf_request_get(&t_arena, req)->chain, "[\"leader\"]");
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-1", "not_approved", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, id)->status, BM_STATUS_IN_STORE);
	/* A rejected list is never destroyed either. */
	assert_int_equal(wf_decide(&t_arena, W()->leader, req, false), 0);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-1", "not_approved", &before);
}

/* DESTROY-1/4: the approved list is destroyed item by item and stays in the ledger. */
static void destroy_1_4_batch_destroyed_and_kept(void **state)
{
	int64_t ids[2] = {paper("待销毁文件二"), paper("待销毁文件三")};
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", ids, 2,
	                           "{\"method\":\"shred\",\"place\":\"机关销毁室\"}");
	bm_destruction_row *d = NULL, *again = NULL;
	bm_carrier_event *ev;
	size_t n_ev;
	bm_carrier *c;
	fx_audit last;
	bm_ctx ctx;
	int64_t count = svc_fx_carrier_count();
	(void)state;

	assert_int_equal(destroy(FX()->clerk, req, NULL, NULL, two_witnesses, 2, &d), 0);
	assert_string_equal(d->place, "机关销毁室");
	assert_string_equal(d->method, "shred");
	assert_int_equal(d->n_witnesses, 2);
	assert_int_equal(d->n_carriers, 2);
	assert_int_equal(d->executed_by, FX()->clerk->id);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "request.execute_destroy");
	assert_string_equal(last.outcome, "ok");
	/* DESTROY-4: still in the ledger, destroyed, with the destruction record. */
	assert_int_equal(svc_fx_carrier_count(), count);
	for (size_t i = 0; i < 2; i++) {
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_carrier_show(&ctx, ids[i], &c, &ev, &n_ev), 0);
		assert_int_equal(c->status, BM_STATUS_DESTROYED);
		assert_string_equal(ev[n_ev - 1].action, "destroy");
		assert_non_null(strstr(ev[n_ev - 1].detail, "机关销毁室"));
		assert_int_equal(BM_STORE(FX()->store, destruction_for_carrier)(
		                         FX()->store, &t_arena, ids[i], &again),
		                 0);
		assert_int_equal(again->id, d->id);
		assert_int_equal(again->n_witnesses, 2);
		assert_int_equal(again->witness_ids[1], FX()->zhao->id);
		/* DESTROY-2, REG-1: how each witness confirmed is kept with them. */
		assert_non_null(again->witness_signatures);
		assert_string_equal(again->witness_signatures[0], "#paper");
		assert_string_equal(again->witness_signatures[1], "#password");
		assert_int_equal(again->n_carriers, 2);
	}
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
}

/* DESTROY-4: a destroyed carrier is not destroyed again. */
static void destroy_4_destroyed_stays_destroyed(void **state)
{
	int64_t id = paper("已销毁的文件");
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", &id, 1, "{\"method\":\"pulp\"}");
	bm_request_input in = {.op = "destroy",
	                       .carrier_ids = &id,
	                       .n_carriers = 1,
	                       .reason = "再次销毁",
	                       .params = "{\"method\":\"shred\"}"};
	bm_destruction_row *d = NULL;
	bm_request_row *r;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	assert_int_equal(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d), 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_request_create(&ctx, &in, &r), BM_ECONFLICT, "DESTROY-4",
	                   "already_destroyed", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_ECONFLICT, "DESTROY-1", "already_executed", &before);
}

/* DESTROY-2: at least two distinct witnesses, neither of them the requester. */
static void destroy_2_two_witnesses_not_the_requester(void **state)
{
	int64_t id = paper("监销测试文件");
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", &id, 1, "{\"method\":\"shred\"}");
	static const char *const one[] = {"张三"};
	static const char *const same_twice[] = {"张三", "张三"};
	static const char *const with_requester[] = {"张三", "li"};
	static const char *const unknown[] = {"张三", "无此人"};
	bm_destruction_row *d = NULL;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, NULL, 0, &d), BM_EDENIED,
	                   "DESTROY-2", "witnesses_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, one, 1, &d), BM_EDENIED,
	                   "DESTROY-2", "witnesses_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, same_twice, 2, &d), BM_EDENIED,
	                   "DESTROY-2", "witnesses_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, with_requester, 2, &d),
	                   BM_EDENIED, "DESTROY-2", "requester_witness", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, unknown, 2, &d), BM_ENOTFOUND,
	                   "DESTROY-2", "unknown_person", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, id)->status, BM_STATUS_IN_STORE);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
	/* The executing clerk may witness; the requester may not. */
	{
		static const char *const ok[] = {"clerk", "张三"};
		assert_int_equal(destroy(FX()->clerk, req, "销毁室", NULL, ok, 2, &d), 0);
	}
}

/*
 * DESTROY-2 with REG-1 (issue 14 point 5): each witness confirms the
 * destruction themselves. Nothing given, a typed name, paper for a witness
 * with an account, a wrong password: each refused under DESTROY-2 naming
 * the witness, nothing destroyed; the audit says whether a password was
 * wrong, never the password.
 */
static void destroy_2_each_witness_confirms(void **state)
{
	int64_t id = paper("本人确认监销文件");
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", &id, 1, "{\"method\":\"shred\"}");
	bm_svc_receipt none[2] = {{0}, {0}}, typed[2] = {{.paper = true}, {.typed = "赵六"}},
	               paper[2] = {{.paper = true}, {.paper = true}},
	               wrong[2] = {{.paper = true}, {.password = "not-his-password"}};
	bm_destruction_row *d = NULL;
	fx_audit last;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(
	        bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, two_witnesses, NULL, 2, &d),
	        BM_EINVALID, "DESTROY-2", "holder_confirmation_required", &before);
	assert_non_null(strstr(bm_error_last()->message, "监销人“张三”"));
	rec_snapshot(&before);
	rec_assert_refused(
	        bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, two_witnesses, none, 2, &d),
	        BM_EINVALID, "DESTROY-2", "holder_confirmation_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(
	        bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, two_witnesses, typed, 2, &d),
	        BM_EINVALID, "DESTROY-2", "typed_signature", &before);
	assert_non_null(strstr(bm_error_last()->message, "监销人“赵六”"));
	rec_snapshot(&before);
	rec_assert_refused(
	        bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, two_witnesses, paper, 2, &d),
	        BM_EINVALID, "DESTROY-2", "holder_password_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(
	        bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, two_witnesses, wrong, 2, &d),
	        BM_EDENIED, "DESTROY-2", "holder_password_wrong", &before);
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "refused");
	assert_non_null(strstr(last.detail, "\"wrong\""));
	assert_null(strstr(last.detail, "not-his-password"));
	assert_int_equal(svc_fx_carrier(&t_arena, id)->status, BM_STATUS_IN_STORE);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
	/* Confirmed, each their own way: 张三 by hand (no account), 赵六 with his password. */
	assert_int_equal(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d), 0);
	assert_string_equal(d->witness_signatures[0], "#paper");
	assert_string_equal(d->witness_signatures[1], "#password");
	svc_fx_audit_last(&last);
	assert_non_null(strstr(last.detail, "\"ok\""));
}

/* DESTROY-2: the number of witnesses is the unit's policy (destroy.min_witnesses). */
static void destroy_2_min_witnesses_from_policy(void **state)
{
	int64_t id = paper("三人监销文件");
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", &id, 1, "{\"method\":\"shred\"}");
	static const char *const three[] = {"张三", "zhao", "周一般"};
	bm_destruction_row *d = NULL;
	rec_snap before;
	(void)state;

	rec_policy(&t_arena, "destroy.min_witnesses = 3\n");
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-2", "witnesses_required", &before);
	assert_int_equal(destroy(FX()->clerk, req, "销毁室", NULL, three, 3, &d), 0);
	assert_int_equal(d->n_witnesses, 3);
	rec_policy(&t_arena, "destroy.min_witnesses = 2\n");
}

/* DESTROY-3: a recoverable method (format, overwrite, delete) or an unfit one is refused. */
static void destroy_3_recoverable_methods_refused(void **state)
{
	bm_carrier_input usb_in = {.title = "涉密U盘",
	                           .level = "秘密",
	                           .kind = "usb",
	                           .place = "档案室",
	                           .scope = "科技处"};
	int64_t usb = rec_register(&t_arena, &usb_in);
	int64_t doc = paper("销毁方式测试文件");
	int64_t req_usb = rec_approved(&t_arena, FX()->li, "destroy", &usb, 1, NULL);
	int64_t req_doc = rec_approved(&t_arena, FX()->li, "destroy", &doc, 1, NULL);
	bm_destruction_row *d = NULL;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req_usb, "销毁室", "format", two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-3", "method_recoverable", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req_usb, "销毁室", "覆写", two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-3", "method_recoverable", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req_usb, "销毁室", "delete", two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-3", "method_recoverable", &before);
	/* Degaussing leaves a flash drive readable; pulping is for paper. */
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req_usb, "销毁室", "degauss", two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-3", "method_recoverable", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req_usb, "销毁室", "pulp", two_witnesses, 2, &d),
	                   BM_EDENIED, "DESTROY-3", "method_recoverable", &before);
	rec_snapshot(&before);
	rec_assert_refused(
	        destroy(FX()->clerk, req_usb, "销毁室", "当废品卖", two_witnesses, 2, &d),
	        BM_EINVALID, "DESTROY-3", "invalid_method", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req_usb, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_EINVALID, "DESTROY-3", "method_required", &before);
	assert_int_equal(destroy(FX()->clerk, req_usb, "销毁室", "物理销毁", two_witnesses, 2, &d),
	                 0);
	assert_string_equal(d->method, "physical");
	/* Paper: never physical destruction of media, but shredding. */
	rec_snapshot(&before);
	rec_assert_refused(
	        destroy(FX()->clerk, req_doc, "销毁室", "physical", two_witnesses, 2, &d),
	        BM_EDENIED, "DESTROY-3", "method_recoverable", &before);
	assert_int_equal(destroy(FX()->clerk, req_doc, "销毁室", "粉碎", two_witnesses, 2, &d), 0);
}

/* DESTROY-1: what is out on loan comes back before it is destroyed. */
static void destroy_1_carrier_on_loan_refused(void **state)
{
	int64_t ids[2] = {paper("传阅中待销毁"), paper("在库待销毁")};
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", ids, 2, "{\"method\":\"shred\"}");
	bm_destruction_row *d = NULL;
	rec_snap before;
	(void)state;

	rec_circulate(&t_arena, ids[0], "li");
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_ECONFLICT, "DESTROY-1", "on_loan", &before);
	/* Nothing of the batch was destroyed. */
	assert_int_equal(svc_fx_carrier(&t_arena, ids[0])->status, BM_STATUS_CIRCULATING);
	assert_int_equal(svc_fx_carrier(&t_arena, ids[1])->status, BM_STATUS_IN_STORE);
	rec_checkin(&t_arena, ids[0]);
	assert_int_equal(destroy(FX()->clerk, req, "销毁室", NULL, two_witnesses, 2, &d), 0);
	assert_int_equal(svc_fx_carrier(&t_arena, ids[0])->status, BM_STATUS_DESTROYED);
}

/* DESTROY-1: the clerk destroys at a recorded place; nobody else executes the list. */
static void destroy_1_place_and_clerk(void **state)
{
	int64_t id = paper("地点测试文件");
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", &id, 1, "{\"method\":\"shred\"}");
	bm_destruction_row *d = NULL;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->clerk, req, "", NULL, two_witnesses, 2, &d), BM_EINVALID,
	                   "DESTROY-1", "required", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->li, req, "销毁室", NULL, two_witnesses, 2, &d), BM_EDENIED,
	                   "DESTROY-1", "role_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(destroy(FX()->auditor, req, "销毁室", NULL, two_witnesses, 2, &d),
	                   BM_EDENIED, "SYS-1", "admin_no_business", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, id)->status, BM_STATUS_IN_STORE);
}

/* MAKE-3 → DESTROY-1: registered waste is destroyed through a destroy request. */
static void make_3_waste_destroyed(void **state)
{
	int64_t req = rec_approved(&t_arena, FX()->li, "make", NULL, 0,
	                           "{\"title\":\"制作后销毁校样\",\"level\":\"秘密\",\"copies\":1,"
	                           "\"doc_number\":\"科发〔2026〕30号\",\"scope\":\"科技处\","
	                           "\"classifier\":\"dingmi\",\"basis\":\"一览表第2项\"}");
	bm_carrier_input in = {.place = "档案室"};
	bm_carrier *made = NULL, *waste = NULL;
	bm_destruction_row *d = NULL;
	size_t n = 0;
	int64_t del;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_make_execute(&ctx, req, &in, &made, &n), 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_register_waste(&ctx, req, NULL, "草稿", 1, &waste, &n), 0);
	del = rec_approved(&t_arena, FX()->li, "destroy", &waste[0].id, 1,
	                   "{\"method\":\"shred\"}");
	assert_int_equal(destroy(FX()->clerk, del, "销毁室", NULL, two_witnesses, 2, &d), 0);
	assert_int_equal(svc_fx_carrier(&t_arena, waste[0].id)->status, BM_STATUS_DESTROYED);
	assert_int_equal(svc_fx_carrier(&t_arena, made[0].id)->status, BM_STATUS_IN_STORE);
}

/* DESTROY-4 under allocation failure: a failed execution destroys nothing, then it succeeds. */
static void destroy_4_allocation_failures_change_nothing(void **state)
{
	int64_t ids[2] = {paper("内存不足销毁一"), paper("内存不足销毁二")};
	int64_t req = rec_approved(&t_arena, FX()->li, "destroy", ids, 2, "{\"method\":\"shred\"}");
	int64_t history = svc_fx_history_count();
	bm_destruction_row *d = NULL;
	long failures = 0;
	int rc = -1;
	(void)state;

	for (long k = 0; k < 500 && rc != 0; k++) {
		bm_arena a;
		bm_ctx ctx;
		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, FX()->clerk);
		bm_alloc_fail_after(k);
		bm_svc_receipt own[2];
		rc = bm_svc_destroy_execute(&ctx, req, "销毁室", NULL, two_witnesses,
		                            svc_fx_witness_receipts(two_witnesses, 2, own), 2, &d);
		failures += bm_alloc_fail_after(-1) > 0;
		if (rc != 0) {
			assert_int_equal(rc, BM_ENOMEM);
			assert_int_equal(svc_fx_history_count(), history);
			assert_int_equal(svc_fx_carrier(&t_arena, ids[0])->status,
			                 BM_STATUS_IN_STORE);
			assert_int_equal(svc_fx_carrier(&t_arena, ids[1])->status,
			                 BM_STATUS_IN_STORE);
		}
		bm_arena_release(&a);
	}
	assert_int_equal(rc, 0);
	assert_true(failures > 0);
	assert_int_equal(svc_fx_carrier(&t_arena, ids[1])->status, BM_STATUS_DESTROYED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(destroy_1_needs_approval, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_1_4_batch_destroyed_and_kept, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_4_destroyed_stays_destroyed, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_2_two_witnesses_not_the_requester, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_2_each_witness_confirms, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_2_min_witnesses_from_policy, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_3_recoverable_methods_refused, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_1_carrier_on_loan_refused, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_1_place_and_clerk, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(make_3_waste_destroyed, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(destroy_4_allocation_failures_change_nothing,
	                                        t_setup, t_teardown),
	};
	return cmocka_run_group_tests_name("records_destroy", tests, rec_group_setup,
	                                   rec_group_teardown);
}
