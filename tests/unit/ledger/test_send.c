/*
 * test_send.c — src/service/send.c: sending and transmission (发文、传递).
 * Every test names the rule it proves (SEND-1..5); every refusal asserts the
 * error class, code and rule, and that nothing was written (no dispatch, no
 * status change, no history line, the refusal audited, the chain intact).
 * "Now" is Monday 2026-11-23 10:00 in Beijing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ld_fixture.h"

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

/* Sends `n` carriers as `who` to the recipients listed (one each unless `n_to` differs). */
static int send_as(bm_person *who, const int64_t *ids, size_t n, const char *const *to, size_t n_to,
                   const char *channel, const char *courier, const char *escorts,
                   bm_dispatch_row **out)
{
	bm_ctx ctx;
	bm_dispatch_input in = {.carrier_ids = ids,
	                        .n_carriers = n,
	                        .recipients = to,
	                        .n_recipients = n_to,
	                        .channel = channel,
	                        .courier = courier,
	                        .escorts = escorts};
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_dispatch_create(&ctx, &in, out);
}

/* One carrier to one recipient, as the clerk. */
static int send1(int64_t id, const char *channel, const char *courier, const char *escorts,
                 bm_dispatch_row **out)
{
	static const char *const to[] = {"市教育局办公室"};
	return send_as(FX()->clerk, &id, 1, to, 1, channel, courier, escorts, out);
}

static int sign_as(bm_person *who, int64_t dispatch, int64_t carrier, const char *by)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_dispatch_sign(&ctx, dispatch, carrier, by);
}

static bm_dispatch_row *show(int64_t id)
{
	bm_ctx ctx;
	bm_dispatch_row *d = NULL;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_show(&ctx, id, &d), 0);
	return d;
}

/* SEND-4 alerts about dispatch `id` at now + `days`: one per unsigned receipt. */
static size_t unsigned_alerts(int64_t id, int days)
{
	bm_ctx ctx;
	bm_alert *v;
	size_t n, k = 0;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_alerts(&ctx, FX()->now + days * 86400LL, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (v[i].dispatch_id == id) {
			assert_string_equal(v[i].rule, "SEND-4");
			assert_string_equal(v[i].code, "receipt_unsigned");
			assert_int_equal(v[i].days_overdue, days);
			k++;
		}
	return k;
}

/* A refused send wrote nothing: no dispatch, the carrier in store with no new history. */
static void send_refused(int rc, int klass, const char *rule, const char *code, int64_t carrier,
                         size_t dispatches, size_t history)
{
	ld_refused(rc, klass, rule, code);
	assert_int_equal(ld_dispatch_count(), dispatches);
	assert_int_equal(ld_status(carrier), BM_STATUS_IN_STORE);
	assert_int_equal(ld_history(carrier, NULL), history);
	ld_audit_refused(rule);
}

/* SEND-1: ordinary mail, express, fax, phone and the internet are refused for 秘密. */
static void send_1_forbidden_channel_refused(void **state)
{
	static const char *const forbidden[] = {"mail", "普通邮寄", "express",
	                                        "fax",  "phone",    "internet"};
	bm_dispatch_row *d = NULL;
	int64_t c =
	        ld_register(&t_arena, "秘密通知（邮寄）", "秘密", "档案室", "科技处", NULL, NULL);
	size_t n = ld_dispatch_count(), h = ld_history(c, NULL);
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(forbidden); i++)
		send_refused(send1(c, forbidden[i], "刘机要", NULL, &d), BM_EDENIED, "SEND-1",
		             "channel_forbidden", c, n, h);
	/* The channel is a recorded choice: required, and from the closed list. */
	send_refused(send1(c, NULL, "刘机要", NULL, &d), BM_EINVALID, "SEND-1", "channel_required",
	             c, n, h);
	send_refused(send1(c, "信鸽", "刘机要", NULL, &d), BM_EINVALID, "SEND-1", "invalid_channel",
	             c, n, h);
}

/* SEND-1: the confidential courier is accepted and the channel is recorded with the dispatch. */
static void send_1_channel_recorded(void **state)
{
	bm_dispatch_row *d = NULL;
	const char *last;
	int64_t c =
	        ld_register(&t_arena, "秘密通知（机要）", "秘密", "档案室", "科技处", NULL, NULL);
	(void)state;
	assert_int_equal(send1(c, "机要通信", NULL, NULL, &d), 0);
	assert_int_equal(d->channel, BM_CHANNEL_COURIER);
	assert_string_equal(d->status, "open");
	assert_int_equal(d->n_items, 1);
	assert_int_equal(d->items[0].carrier_id, c);
	assert_string_equal(d->items[0].recipient, "市教育局办公室");
	assert_null(d->items[0].signed_at);
	{
		fx_audit a;
		svc_fx_audit_last(&a);
		assert_string_equal(a.action, "dispatch.create");
		assert_string_equal(a.outcome, "ok");
		assert_non_null(strstr(a.detail, "\"channel\""));
	}
	assert_int_equal(show(d->id)->channel, BM_CHANNEL_COURIER);
	/* On its way (ledger.h): taken out until the receipt is signed, history "dispatch". */
	assert_int_equal(ld_status(c), BM_STATUS_TAKEN_OUT);
	ld_history(c, &last);
	assert_string_equal(last, "dispatch");
	{
		json_t *j = bm_dispatch_to_json(show(d->id));
		assert_string_equal(
		        json_string_value(json_object_get(json_object_get(j, "channel"), "code")),
		        "courier");
		assert_int_equal(json_integer_value(json_object_get(j, "unsigned")), 1);
		json_decref(j);
	}
	/* Non-classified carriers may go by ordinary mail. */
	c = ld_register(&t_arena, "内部通知", "内部", "普通文件柜", NULL, NULL, NULL);
	assert_int_equal(send1(c, "mail", NULL, NULL, &d), 0);
	assert_int_equal(d->channel, BM_CHANNEL_MAIL);
	ld_audit_intact();
}

/* SEND-2: 机密 travels with a named courier, whatever the channel. */
static void send_2_secret_needs_named_courier(void **state)
{
	bm_dispatch_row *d = NULL;
	int64_t c = ld_register(&t_arena, "机密方案（发出）", "机密", "科技处保密柜", "科技处",
	                        NULL, NULL);
	size_t n = ld_dispatch_count(), h = ld_history(c, NULL);
	(void)state;
	send_refused(send1(c, "courier", NULL, NULL, &d), BM_EDENIED, "SEND-2", "courier_required",
	             c, n, h);
	send_refused(send1(c, "courier", "　 ", NULL, &d), BM_EDENIED, "SEND-2", "courier_required",
	             c, n, h);
	assert_int_equal(send1(c, "courier", "刘机要", NULL, &d), 0);
	assert_string_equal(d->courier, "刘机要");
	assert_int_equal(ld_status(c), BM_STATUS_TAKEN_OUT);
}

/* SEND-2: 绝密 by a dedicated person needs at least two people; a name counts once. */
static void send_2_top_secret_two_people(void **state)
{
	bm_dispatch_row *d = NULL;
	int64_t c = ld_register(&t_arena, "绝密文件（专人）", "绝密", "机要室保密柜", "zhao", NULL,
	                        NULL);
	size_t n = ld_dispatch_count(), h = ld_history(c, NULL);
	(void)state;
	send_refused(send1(c, "dedicated", "刘机要", NULL, &d), BM_EDENIED, "SEND-2",
	             "escorts_required", c, n, h);
	/* The courier named again as an escort is still one person. */
	send_refused(send1(c, "专人递送", "刘机要", "刘机要", &d), BM_EDENIED, "SEND-2",
	             "escorts_required", c, n, h);
	send_refused(send1(c, "dedicated", NULL, "陈护送,王护送", &d), BM_EDENIED, "SEND-2",
	             "courier_required", c, n, h);
	assert_int_equal(send1(c, "dedicated", "刘机要", "陈护送，刘机要", &d), 0);
	assert_string_equal(d->courier, "刘机要");
	assert_string_equal(d->escorts, "[\"陈护送\"]");
	assert_int_equal(d->channel, BM_CHANNEL_DEDICATED);
	/* 秘密 by a dedicated person names at least one. */
	c = ld_register(&t_arena, "秘密通知（专人）", "秘密", "档案室", "科技处", NULL, NULL);
	n = ld_dispatch_count(), h = ld_history(c, NULL);
	send_refused(send1(c, "dedicated", NULL, NULL, &d), BM_EDENIED, "SEND-2",
	             "escorts_required", c, n, h);
	assert_int_equal(send1(c, "dedicated", NULL, "陈护送", &d), 0);
}

/* SEND-3: 绝密 never by fax, not even encrypted (机密 may go by encrypted fax). */
static void send_3_top_secret_never_by_fax(void **state)
{
	bm_dispatch_row *d = NULL;
	int64_t c = ld_register(&t_arena, "绝密文件（传真）", "绝密", "机要室保密柜", "zhao", NULL,
	                        NULL);
	int64_t s = ld_register(&t_arena, "机密文件（传真）", "机密", "科技处保密柜", "科技处",
	                        NULL, NULL);
	size_t n = ld_dispatch_count(), h = ld_history(c, NULL);
	(void)state;
	send_refused(send1(c, "fax", "刘机要", "陈护送", &d), BM_EDENIED, "SEND-3",
	             "channel_forbidden", c, n, h);
	send_refused(send1(c, "密码传真", "刘机要", "陈护送", &d), BM_EDENIED, "SEND-3",
	             "channel_forbidden", c, n, h);
	/* 机密 by ordinary fax is SEND-1's; by encrypted fax it is allowed. */
	send_refused(send1(s, "fax", "刘机要", NULL, &d), BM_EDENIED, "SEND-1", "channel_forbidden",
	             s, n, ld_history(s, NULL));
	assert_int_equal(send1(s, "encrypted_fax", "刘机要", NULL, &d), 0);
	assert_int_equal(d->channel, BM_CHANNEL_ENCRYPTED_FAX);
	/* A mixed dispatch is held to its highest level. */
	{
		int64_t ids[2];
		static const char *const to[] = {"甲", "乙"};
		ids[0] = ld_register(&t_arena, "秘密附件", "秘密", "档案室", "科技处", NULL, NULL);
		ids[1] = c;
		n = ld_dispatch_count();
		ld_refused(send_as(FX()->clerk, ids, 2, to, 2, "encrypted_fax", "刘机要", "陈护送",
		                   &d),
		           BM_EDENIED, "SEND-3", "channel_forbidden");
		assert_int_equal(ld_dispatch_count(), n);
		assert_int_equal(ld_status(ids[0]), BM_STATUS_IN_STORE);
	}
}

/* SEND-4: the copies are counted against the distribution list before dispatch. */
static void send_4_distribution_list_counted(void **state)
{
	static const char *const one[] = {"市教育局"};
	static const char *const three[] = {"甲", "乙", "丙"};
	bm_dispatch_row *d = NULL;
	int64_t ids[3];
	size_t n, h;
	(void)state;
	ids[0] = ld_register(&t_arena, "发放件一", "秘密", "档案室", "科技处", NULL, NULL);
	ids[1] = ld_register(&t_arena, "发放件二", "秘密", "档案室", "科技处", NULL, NULL);
	n = ld_dispatch_count(), h = ld_history(ids[0], NULL);
	send_refused(send_as(FX()->clerk, ids, 2, one, 1, "courier", NULL, NULL, &d), BM_EINVALID,
	             "SEND-4", "distribution_mismatch", ids[0], n, h);
	send_refused(send_as(FX()->clerk, ids, 2, three, 3, "courier", NULL, NULL, &d), BM_EINVALID,
	             "SEND-4", "distribution_mismatch", ids[0], n, h);
	send_refused(send_as(FX()->clerk, ids, 0, three, 0, "courier", NULL, NULL, &d), BM_EINVALID,
	             "SEND-4", "no_carriers", ids[0], n, h);
	ids[2] = ids[1];
	send_refused(send_as(FX()->clerk, ids + 1, 2, three, 2, "courier", NULL, NULL, &d),
	             BM_EINVALID, "SEND-4", "duplicate_carrier", ids[0], n, h);
	/* An unknown carrier answers "not found" (SYS-2), the others stay in store. */
	ids[2] = 999999;
	send_refused(send_as(FX()->clerk, ids, 3, three, 3, "courier", NULL, NULL, &d),
	             BM_ENOTFOUND, "SYS-2", "unknown_carrier", ids[0], n, h);
	/* A blank recipient is not a recipient. */
	{
		static const char *const blank[] = {"甲", " "};
		ld_refused(send_as(FX()->clerk, ids, 2, blank, 2, "courier", NULL, NULL, &d),
		           BM_EINVALID, "", "required");
		assert_int_equal(ld_dispatch_count(), n);
	}
	assert_int_equal(send_as(FX()->clerk, ids, 2, three, 2, "courier", NULL, NULL, &d), 0);
	/* A carrier already on its way is not in store and is not sent again. */
	n = ld_dispatch_count();
	ld_refused(send_as(FX()->clerk, ids, 1, one, 1, "courier", NULL, NULL, &d), BM_ECONFLICT,
	           "SEND-4", "not_in_store");
	assert_int_equal(ld_dispatch_count(), n);
	assert_int_equal(ld_status(ids[0]), BM_STATUS_TAKEN_OUT);
	ld_audit_refused("SEND-4");
}

/* SEND-4: each recipient signs one by one; the record is open until every receipt is signed. */
static void send_4_receipts_signed_one_by_one(void **state)
{
	static const char *const to[] = {"市教育局", "区教育局", "市教育局"};
	bm_dispatch_row *d = NULL, *rows;
	int64_t ids[3];
	size_t n;
	const char *last;
	(void)state;
	for (int i = 0; i < 3; i++)
		ids[i] = ld_register(&t_arena, "签收件", "秘密", "档案室", "科技处", NULL, NULL);
	assert_int_equal(send_as(FX()->clerk, ids, 3, to, 3, "courier", NULL, NULL, &d), 0);
	int64_t id = d->id;

	assert_int_equal(sign_as(FX()->clerk, id, ids[1], "区教育局 张收"), 0);
	d = show(id);
	assert_string_equal(d->status, "open");
	assert_string_equal(d->items[1].signed_by, "区教育局 张收");
	assert_string_equal(d->items[1].signed_at, FX_NOW);
	assert_null(d->items[0].signed_at);
	/* Signed for: out of the unit's custody; the others still on their way. */
	assert_int_equal(ld_status(ids[1]), BM_STATUS_RETURNED);
	ld_history(ids[1], &last);
	assert_string_equal(last, "dispatch.signed");
	assert_int_equal(ld_status(ids[0]), BM_STATUS_TAKEN_OUT);

	/* SEND-4: each unsigned receipt raises an alert, dated from the dispatch. */
	assert_int_equal(unsigned_alerts(id, 3), 2);
	/* The unsigned receipts are listed: the open list holds it, with two unsigned. */
	{
		bm_ctx ctx;
		bool listed = false;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_dispatch_list(&ctx, true, &rows, &n), 0);
		for (size_t i = 0; i < n; i++)
			if (rows[i].id == id) {
				json_t *j = bm_dispatch_to_json(&rows[i]);
				listed = true;
				assert_int_equal(json_integer_value(json_object_get(j, "signed")),
				                 1);
				assert_int_equal(json_integer_value(json_object_get(j, "unsigned")),
				                 2);
				json_decref(j);
			}
		assert_true(listed);
	}

	/* A receipt is signed once; only what is on the dispatch; by somebody named. */
	{
		size_t h = ld_history(ids[1], NULL);
		ld_refused(sign_as(FX()->clerk, id, ids[1], "又一人"), BM_ECONFLICT, "SEND-4",
		           "already_signed");
		assert_int_equal(ld_history(ids[1], NULL), h);
		ld_audit_refused("SEND-4");
	}
	ld_refused(sign_as(FX()->clerk, id, 999999, "某人"), BM_ENOTFOUND, "SEND-4",
	           "not_on_dispatch");
	ld_refused(sign_as(FX()->clerk, id, ids[0], "  "), BM_EINVALID, "", "required");
	ld_refused(sign_as(FX()->clerk, 999999, ids[0], "某人"), BM_ENOTFOUND, "SEND-4",
	           "unknown_dispatch");
	ld_refused(sign_as(FX()->li, id, ids[0], "李四"), BM_EDENIED, "SEND-4", "role_required");
	assert_null(show(id)->items[0].signed_at);
	assert_int_equal(ld_status(ids[0]), BM_STATUS_TAKEN_OUT);

	assert_int_equal(sign_as(FX()->clerk, id, ids[0], "市教育局 王收"), 0);
	assert_string_equal(show(id)->status, "open");
	assert_int_equal(sign_as(FX()->clerk, id, ids[2], "市教育局 王收"), 0);
	/* Complete only when all are signed; then it leaves the open list and the alerts. */
	assert_string_equal(show(id)->status, "complete");
	assert_int_equal(unsigned_alerts(id, 3), 0);
	{
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_dispatch_list(&ctx, true, &rows, &n), 0);
		for (size_t i = 0; i < n; i++)
			assert_true(rows[i].id != id);
		assert_int_equal(bm_svc_dispatch_list(&ctx, false, &rows, &n), 0);
		assert_int_equal(n, ld_dispatch_count());
	}
	ld_refused(sign_as(FX()->clerk, id, ids[0], "再签"), BM_ECONFLICT, "SEND-4",
	           "dispatch_complete");
	ld_audit_refused("SEND-4");
}

/* SEND-5: one envelope per recipient with level, number, sender, receiver and contents. */
static void send_5_envelope_lists_documents(void **state)
{
	static const char *const to[] = {"省保密局", "市保密局", "省保密局"};
	bm_dispatch_row *d = NULL;
	bm_buf out;
	bm_ctx ctx;
	int64_t ids[3];
	const char *text;
	char no[64];
	(void)state;
	ids[0] = ld_register(&t_arena, "信封甲件", "机密", "科技处保密柜", "科技处", NULL, NULL);
	ids[1] = ld_register(&t_arena, "信封乙件", "秘密", "档案室", "科技处", NULL, NULL);
	ids[2] = ld_register(&t_arena, "信封丙件", "秘密", "档案室", "科技处", NULL, NULL);
	assert_int_equal(send_as(FX()->clerk, ids, 3, to, 3, "courier", "刘机要", NULL, &d), 0);
	bm_buf_init(&out, 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_envelope(&ctx, d->id, &out), 0);
	assert_int_equal(bm_buf_putc(&out, '\0'), 0);
	text = out.ptr;
	/* Two envelopes: 省保密局 holds 机密 + 秘密 (marked 机密), 市保密局 holds 秘密. */
	snprintf(no, sizeof(no), "%lld-1", (long long)d->id);
	assert_non_null(strstr(text, no));
	snprintf(no, sizeof(no), "%lld-2", (long long)d->id);
	assert_non_null(strstr(text, no));
	snprintf(no, sizeof(no), "%lld-3", (long long)d->id);
	assert_null(strstr(text, no));
	assert_non_null(strstr(text, "收件 To:         省保密局"));
	assert_non_null(strstr(text, "收件 To:         市保密局"));
	assert_non_null(strstr(text, "测试单位（王秘书）"));
	assert_non_null(strstr(text, "内装文件 Contents (2)"));
	assert_non_null(strstr(text, "内装文件 Contents (1)"));
	assert_non_null(strstr(text, "信封甲件"));
	assert_non_null(strstr(text, "信封丙件"));
	assert_non_null(strstr(text, "  机密  secret\n"));
	assert_non_null(strstr(text, "递送人 Courier:  刘机要"));
	/* The first envelope lists 甲 and 丙 and is marked with the higher level. */
	assert_true(strstr(text, "信封甲件") < strstr(text, "市保密局"));
	assert_true(strstr(text, "信封丙件") < strstr(text, "市保密局"));
	bm_buf_release(&out);
	/* Only the clerk prints envelopes. */
	bm_buf_init(&out, 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	ld_refused(bm_svc_dispatch_envelope(&ctx, d->id, &out), BM_EDENIED, "SEND-5",
	           "role_required");
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ld_refused(bm_svc_dispatch_envelope(&ctx, 999999, &out), BM_ENOTFOUND, "SEND-4",
	           "unknown_dispatch");
	bm_buf_release(&out);
}

/* SYS-1 / SEND-1: only the clerk sends; the administrators handle no carrier. */
static void send_1_only_the_clerk_sends(void **state)
{
	bm_dispatch_row *d = NULL, *rows;
	size_t n;
	bm_ctx ctx;
	int64_t c =
	        ld_register(&t_arena, "秘密通知（越权）", "秘密", "档案室", "科技处", NULL, NULL);
	static const char *const to[] = {"甲"};
	size_t count = ld_dispatch_count(), h = ld_history(c, NULL);
	(void)state;
	send_refused(send_as(FX()->li, &c, 1, to, 1, "courier", NULL, NULL, &d), BM_EDENIED,
	             "SEND-1", "role_required", c, count, h);
	send_refused(send_as(FX()->secadmin, &c, 1, to, 1, "courier", NULL, NULL, &d), BM_EDENIED,
	             "SYS-1", "admin_no_business", c, count, h);
	send_refused(send_as(NULL, &c, 1, to, 1, "courier", NULL, NULL, &d), BM_EDENIED, "SYS-4",
	             "login_required", c, count, h);
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	ld_refused(bm_svc_dispatch_list(&ctx, false, &rows, &n), BM_EDENIED, "SEND-4",
	           "role_required");
	ld_refused(bm_svc_dispatch_show(&ctx, 1, &rows), BM_EDENIED, "SEND-4", "role_required");
	ld_audit_intact();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(send_1_forbidden_channel_refused, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_1_channel_recorded, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(send_1_only_the_clerk_sends, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(send_2_secret_needs_named_courier, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_2_top_secret_two_people, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(send_3_top_secret_never_by_fax, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_4_distribution_list_counted, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_4_receipts_signed_one_by_one, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_5_envelope_lists_documents, t_setup,
	                                        t_teardown),
	};
	return cmocka_run_group_tests_name("ledger_send", tests, wf_group_setup, wf_group_teardown);
}
