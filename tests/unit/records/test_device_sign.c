/*
 * test_device_sign.c — src/service/device.c: the people who sign for a
 * device confirm themselves (issue 14 point 5, REG-1). The 验收人 who
 * accepts a repaired device (DEV-5) and the witnesses of its scrapping
 * (DEV-6 as DESTROY-2/3) each give their own password on the clerk's
 * screen, or sign the printed register by hand when they have no account.
 * Every refusal asserts class, code and rule, that the device and its
 * history are unchanged, and that it was audited.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rec_fixture.h"
#include "service/device.h"
#include "service/service_int.h"

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

/* What a refusal must leave as it was: the device's status and its history. */
typedef struct dev_snap {
	rec_snap rec;
	int status;
	size_t events;
} dev_snap;

static void dev_snapshot(int64_t id, dev_snap *out)
{
	bm_device *d = NULL;
	bm_device_event *ev = NULL;
	rec_snapshot(&out->rec);
	assert_int_equal(BM_STORE(FX()->store, device_get)(FX()->store, &t_arena, id, &d), 0);
	assert_int_equal(
	        BM_STORE(FX()->store, device_events)(FX()->store, &t_arena, id, &ev, &out->events),
	        0);
	out->status = (int)d->status;
}

/* A refusal: as rec_assert_refused, and the device and its history unchanged. */
static void dev_refused(int rc, int klass, const char *rule, const char *code, int64_t id,
                        const dev_snap *before)
{
	dev_snap now;
	rec_assert_refused(rc, klass, rule, code, &before->rec);
	dev_snapshot(id, &now);
	assert_int_equal(now.status, before->status);
	assert_int_equal(now.events, before->events);
}

/* The last line of the device's history. */
static const bm_device_event *last_event(int64_t id)
{
	bm_device_event *ev = NULL;
	size_t n = 0;
	assert_int_equal(BM_STORE(FX()->store, device_events)(FX()->store, &t_arena, id, &ev, &n),
	                 0);
	assert_true(n > 0);
	return &ev[n - 1];
}

static int64_t add_device(const char *number, const char *kind)
{
	bm_device_input in = {
	        .number = number, .kind = kind, .level = "秘密", .holder = "li", .place = "保密室"};
	bm_device *d = NULL;
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(svc_fx_step(bm_svc_device_register(&ctx, &in, &d), "device"), 0);
	return d->id;
}

/* The repair register's row of device `id` (its last repair). */
static json_t *register_row(int64_t id, json_t **all)
{
	json_t *arr = NULL, *row = NULL, *o;
	size_t i;
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(svc_fx_step(bm_svc_device_repairs(&ctx, &arr), "repairs"), 0);
	json_array_foreach(arr, i, o) if (json_integer_value(json_object_get(o, "device_id")) == id)
	        row = o;
	assert_non_null(row);
	*all = arr;
	return row;
}

static int repair_end(int64_t id, const char *who, bm_svc_receipt receipt)
{
	bm_device_repair_end_input in = {
	        .checked_by = who, .receipt = receipt, .result = "更换电源，硬盘已复装"};
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_device_repair_end(&ctx, id, &in);
}

/*
 * DEV-5 with REG-1: the 验收人 accepts the repaired device themselves. A
 * named person who did not confirm, a typed name, paper for somebody with
 * an account, a wrong password, somebody not of the unit: each refused
 * under DEV-5, nothing changed; the wrong password is audited (never the
 * password) and counts towards their lockout (SYS-4).
 */
static void dev_5_acceptor_confirms(void **state)
{
	int64_t id = add_device("JSJ-验收-01", "computer");
	bm_device_repair_input rep = {.supervisor = "王秘书",
	                              .technician = "维修工程师",
	                              .storage = "removed",
	                              .on_site = true};
	bm_svc_receipt none = {0}, typed = {.typed = "李四"}, paper = {.paper = true},
	               wrong = {.password = "not-his-password"}, own = {.password = FX_PW};
	const bm_device_event *e;
	size_t failures = 0, failures_before = 0;
	int64_t until = 0;
	fx_audit last;
	dev_snap before;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(svc_fx_step(bm_svc_device_repair(&ctx, id, &rep), "repair"), 0);
	dev_snapshot(id, &before);
	dev_refused(repair_end(id, "li", none), BM_EINVALID, "DEV-5",
	            "holder_confirmation_required", id, &before);
	assert_non_null(strstr(bm_error_last()->message, "验收人“李四”"));
	dev_snapshot(id, &before);
	dev_refused(repair_end(id, "li", typed), BM_EINVALID, "DEV-5", "typed_signature", id,
	            &before);
	dev_snapshot(id, &before);
	dev_refused(repair_end(id, "li", paper), BM_EINVALID, "DEV-5", "holder_password_required",
	            id, &before);
	dev_snapshot(id, &before);
	dev_refused(repair_end(id, "外单位维修人员", own), BM_ENOTFOUND, "DEV-5", "unknown_person",
	            id, &before);
	/* 张三 has no account: no password to give, only the pen. */
	dev_snapshot(id, &before);
	dev_refused(repair_end(id, "张三", own), BM_EINVALID, "DEV-5", "holder_has_no_account", id,
	            &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_lock_of(&ctx, "li", &until, &failures_before), 0);
	dev_snapshot(id, &before);
	dev_refused(repair_end(id, "li", wrong), BM_EDENIED, "DEV-5", "holder_password_wrong", id,
	            &before);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "device.repair_end");
	assert_non_null(strstr(last.detail, "\"wrong\""));
	assert_null(strstr(last.detail, "not-his-password"));
	/* SYS-4: the wrong password is a failed login of li's. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_lock_of(&ctx, "li", &until, &failures), 0);
	assert_int_equal(failures, failures_before + 1);

	/* 李四 accepts with his own password: the person and how are kept. */
	assert_int_equal(svc_fx_step(repair_end(id, "li", own), "repair_end"), 0);
	e = last_event(id);
	assert_string_equal(e->action, "device.repair_end");
	assert_non_null(strstr(e->detail, "\"checked_by_receipt\":\"password\""));
	assert_non_null(strstr(e->detail, "\"checked_by\":\"李四\""));
	assert_null(strstr(e->detail, FX_PW));
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "ok");
	assert_non_null(strstr(last.detail, "\"ok\""));
	assert_null(strstr(last.detail, FX_PW));
}

/* DEV-5: a person without an account accepts by hand on the printed register. */
static void dev_5_acceptor_on_paper(void **state)
{
	int64_t id = add_device("JSJ-验收-02", "computer");
	bm_device_repair_input rep = {.supervisor = "王秘书",
	                              .technician = "维修工程师",
	                              .storage = "removed",
	                              .on_site = true};
	bm_svc_receipt paper = {.paper = true};
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(svc_fx_step(bm_svc_device_repair(&ctx, id, &rep), "repair"), 0);
	assert_int_equal(svc_fx_step(repair_end(id, "张三", paper), "repair_end"), 0);
	assert_non_null(strstr(last_event(id)->detail, "\"checked_by_receipt\":\"paper\""));
	{
		json_t *all, *row = register_row(id, &all);
		assert_string_equal(json_string_value(json_object_get(row, "acceptance")),
		                    "纸质登记簿手签");
		json_decref(all);
	}
}

/*
 * REG-1 (issue 14 point 5): the repair register says how each 验收人
 * confirmed; a repair ended before, whose 验收人 the clerk typed, reads
 * 录入姓名（非本人签字）, never as a signature.
 */
static void dev_5_register_says_how(void **state)
{
	int64_t id = add_device("JSJ-旧-01", "computer");
	bm_device_event e = {.device_id = id,
	                     .at = "2025-01-02T02:00:00Z",
	                     .actor_id = FX()->clerk->id,
	                     .action = "device.repair",
	                     .detail = "{\"on\":\"2025-01-02\",\"supervisor\":\"王秘书\","
	                               "\"technician\":\"维修工\",\"storage\":\"removed\"}"};
	json_t *all, *row;
	(void)state;

	/* Written as a repair ended before issue 14 was: a typed checked_by only. */
	assert_int_equal(BM_STORE(FX()->store, device_event_add)(FX()->store, &e), 0);
	e.at = "2025-01-03T02:00:00Z";
	e.action = "device.repair_end";
	e.detail = "{\"on\":\"2025-01-03\",\"checked_by\":\"张三\",\"result\":\"已修复\"}";
	assert_int_equal(BM_STORE(FX()->store, device_event_add)(FX()->store, &e), 0);
	row = register_row(id, &all);
	assert_string_equal(json_string_value(json_object_get(row, "checked_by")), "张三");
	assert_string_equal(json_string_value(json_object_get(row, "checked_by_receipt")), "typed");
	assert_string_equal(json_string_value(json_object_get(row, "acceptance")),
	                    "录入姓名（非本人签字）");
	assert_string_equal(json_string_value(json_object_get(row, "storage_zh")), "已拆除");
	assert_string_equal(json_string_value(json_object_get(row, "started_on")), "2025-01-02");
	json_decref(all);
}

static int scrap(int64_t id, int64_t req, const char *const *w, const bm_svc_receipt *r, size_t n)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_device_scrap(&ctx, id, req, w, r, n, "physical");
}

/*
 * DEV-6 as DESTROY-2 with REG-1: a device's scrapping is witnessed exactly
 * as a destruction: each witness confirms themselves; only listed, typed,
 * a wrong password, the same person twice (the clerk cannot be both), the
 * requester: refused under DESTROY-2, nothing changed.
 */
static void dev_6_witnesses_confirm(void **state)
{
	int64_t id = add_device("U-报废-01", "usb");
	char params[64];
	int64_t req;
	static const char *const pair[] = {"zhao", "张三"};
	static const char *const clerk_twice[] = {"clerk", "clerk"};
	static const char *const with_requester[] = {"zhao", "li"};
	static const char *const clerk_and_paper[] = {"clerk", "张三"};
	bm_svc_receipt none[2] = {{0}, {0}}, typed[2] = {{.password = FX_PW}, {.typed = "张三"}},
	               wrong[2] = {{.password = "not-his-password"}, {.paper = true}},
	               own[2] = {{.password = FX_PW}, {.password = FX_PW}},
	               good[2] = {{.password = FX_PW}, {.paper = true}};
	const bm_device_event *e;
	fx_audit last;
	dev_snap before;
	(void)state;

	snprintf(params, sizeof(params), "{\"device_id\":%lld,\"method\":\"physical\"}",
	         (long long)id);
	req = rec_approved(&t_arena, FX()->li, "scrap", NULL, 0, params);
	dev_snapshot(id, &before);
	dev_refused(scrap(id, req, pair, NULL, 2), BM_EINVALID, "DESTROY-2",
	            "holder_confirmation_required", id, &before);
	dev_snapshot(id, &before);
	dev_refused(scrap(id, req, pair, none, 2), BM_EINVALID, "DESTROY-2",
	            "holder_confirmation_required", id, &before);
	dev_snapshot(id, &before);
	dev_refused(scrap(id, req, pair, typed, 2), BM_EINVALID, "DESTROY-2", "typed_signature", id,
	            &before);
	assert_non_null(strstr(bm_error_last()->message, "监销人“张三”"));
	dev_snapshot(id, &before);
	dev_refused(scrap(id, req, clerk_twice, own, 2), BM_EDENIED, "DESTROY-2",
	            "witnesses_required", id, &before);
	dev_snapshot(id, &before);
	dev_refused(scrap(id, req, with_requester, own, 2), BM_EDENIED, "DESTROY-2",
	            "requester_witness", id, &before);
	dev_snapshot(id, &before);
	dev_refused(scrap(id, req, pair, wrong, 2), BM_EDENIED, "DESTROY-2",
	            "holder_password_wrong", id, &before);
	svc_fx_audit_last(&last);
	assert_non_null(strstr(last.detail, "\"wrong\""));
	assert_null(strstr(last.detail, "not-his-password"));
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");

	/* The clerk is one witness with their password, 张三 (no account) the other by hand. */
	assert_int_equal(svc_fx_step(scrap(id, req, clerk_and_paper, good, 2), "scrap"), 0);
	e = last_event(id);
	assert_string_equal(e->action, "device.scrap");
	assert_non_null(strstr(e->detail, "\"witness_receipts\":[\"password\",\"paper\"]"));
	assert_null(strstr(e->detail, FX_PW));
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(dev_5_acceptor_confirms, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(dev_5_acceptor_on_paper, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(dev_5_register_says_how, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(dev_6_witnesses_confirm, t_setup, t_teardown),
	};
	return cmocka_run_group_tests_name("records_device_sign", tests, rec_group_setup,
	                                   rec_group_teardown);
}
