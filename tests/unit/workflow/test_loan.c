/*
 * test_loan.c — src/service/loan.c: the clerk's desk. Issue against
 * signature, check-in, circulation through the clerk; every test names the
 * rule it proves. "Now" is Monday 2026-11-23 10:00 in Beijing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "wf_fixture.h"
#include "util/timeutil.h"

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
}

/* Files a request as `who` and has `approver` approve it; returns its id. */
static int64_t approved(bm_person *who, const char *op, int64_t carrier, const char *params,
                        bm_person *approver)
{
	bm_request_row *r = NULL;
	int rc = wf_request(&t_arena, who, op, carrier, params, &r);
	if (rc)
		fprintf(stderr, "# request failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	if (approver)
		assert_int_equal(wf_decide(&t_arena, approver, r->id, true), 0);
	assert_string_equal(wf_request_get(&t_arena, r->id)->status, "approved");
	return r->id;
}

/* `password`: the holder's own, typed on the clerk's screen (REG-1); NULL: none. */
static int issue(int64_t request, int64_t carrier, const char *password, const char *place,
                 bm_loan_row **out)
{
	bm_ctx ctx;
	bm_svc_receipt receipt = {.password = password};
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_issue(&ctx, request, carrier, &receipt, place, out);
}

static int checkin(int64_t carrier, bool incomplete, const char *note)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_checkin(&ctx, carrier, incomplete, note);
}

static int circulate(bm_person *by, int64_t carrier, const char *reader, const char *place,
                     const char *password, bm_loan_row **out)
{
	bm_ctx ctx;
	bm_svc_receipt receipt = {.password = password};
	svc_fx_ctx(&ctx, &t_arena, by);
	return bm_svc_circulate(&ctx, carrier, reader, place, &receipt, out);
}

static bm_status status_of(int64_t id)
{
	return svc_fx_carrier(&t_arena, id)->status;
}

/* BORROW-2: 机密 is due after 5 working days: Monday → the next Monday, over the weekend. */
static void borrow_2_due_in_working_days_over_weekend(void **state)
{
	bm_loan_row *loan = NULL;
	int64_t c = wf_register(&t_arena, "机密方案", "机密", "科技处保密柜", "科技处");
	int64_t r = approved(FX()->li, "borrow", c, NULL, W()->leader);
	(void)state;
	assert_int_equal(issue(r, 0, FX_PW, NULL, &loan), 0);
	assert_string_equal(loan->kind, "borrow");
	/* 2026-11-30 23:59:59 in Beijing. */
	assert_string_equal(loan->due_at, "2026-11-30T15:59:59Z");
	assert_int_equal(status_of(c), BM_STATUS_LENT);
	assert_string_equal(wf_request_get(&t_arena, r)->status, "executed");
	/* Executed: it is not issued twice. */
	assert_refused(issue(r, 0, FX_PW, NULL, &loan), BM_ECONFLICT, "BORROW-1",
	               "already_executed");
	assert_int_equal(checkin(c, false, NULL), 0);
	assert_int_equal(status_of(c), BM_STATUS_IN_STORE);
}

/* REG-1: nothing leaves the desk unsigned; BORROW-1: nothing without approval. */
static void reg_1_signature_and_approval_required(void **state)
{
	bm_request_row *r = NULL;
	bm_loan_row *loan = NULL;
	int64_t c = wf_register(&t_arena, "秘密通知", "秘密", "档案室", "科技处");
	int64_t history = svc_fx_history_count();
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", c, NULL, &r), 0);
	assert_refused(issue(r->id, 0, FX_PW, NULL, &loan), BM_EDENIED, "BORROW-1", "not_approved");
	assert_int_equal(wf_decide(&t_arena, W()->kjhead, r->id, true), 0);
	history = svc_fx_history_count();
	assert_refused(issue(r->id, 0, NULL, NULL, &loan), BM_EINVALID, "REG-1",
	               "holder_confirmation_required");
	assert_int_equal(svc_fx_history_count(), history);
	assert_int_equal(status_of(c), BM_STATUS_IN_STORE);
	/* Only the clerk issues. */
	{
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, W()->kjhead);
		assert_refused(bm_svc_issue(&ctx, r->id, c, &(bm_svc_receipt){.password = FX_PW},
		                            NULL, &loan),
		               BM_EDENIED, "REG-1", "role_required");
	}
	assert_int_equal(issue(r->id, c, FX_PW, NULL, &loan), 0);
	assert_string_equal(loan->signature, BM_RECEIPT_MARK_PASSWORD);
	assert_int_equal(loan->holder_id, FX()->li->id);
	assert_int_equal(checkin(c, true, "缺附件一份"), 0);
	{
		bm_carrier_event *ev;
		size_t n;
		bm_store *s = FX()->store;
		assert_int_equal(BM_STORE(s, carrier_event_list)(s, &t_arena, c, &ev, &n), 0);
		assert_string_equal(ev[n - 1].action, "checkin");
		assert_non_null(strstr(ev[n - 1].detail, "\"incomplete\":true"));
		assert_string_equal(ev[n - 2].action, "issue");
		assert_string_equal(ev[n - 3].action, "approve");
		assert_string_equal(ev[n - 4].action, "request");
	}
}

/* BORROW-3: 绝密 is read on site: a place is required and it is due back at once. */
static void borrow_3_top_secret_read_on_site(void **state)
{
	bm_loan_row *loan = NULL;
	int64_t c = wf_register(&t_arena, "绝密文件", "绝密", "机要室保密柜", "zhao");
	int64_t r = approved(FX()->zhao, "borrow", c, NULL, W()->principal);
	(void)state;
	assert_refused(issue(r, 0, FX_PW, NULL, &loan), BM_EINVALID, "CIRC-4", "place_required");
	assert_int_equal(issue(r, 0, FX_PW, "机要室阅文室", &loan), 0);
	assert_string_equal(loan->kind, "read_on_site");
	assert_string_equal(loan->place, "机要室阅文室");
	/* CIRC-3: immediately = within 60 minutes by default. */
	assert_string_equal(loan->due_at, "2026-11-23T02:59:59Z");
	assert_int_equal(checkin(c, false, NULL), 0);
}

/* BORROW-4: a lent item is not issued again (re-lent); the borrower may not copy it. */
static void borrow_4_no_re_lending(void **state)
{
	bm_loan_row *loan = NULL;
	bm_request_row *r = NULL;
	int64_t c = wf_register(&t_arena, "机密方案二", "机密", "科技处保密柜", "科技处");
	int64_t first = approved(FX()->li, "borrow", c, NULL, W()->leader);
	int64_t second = approved(W()->kjhead, "borrow", c, NULL, W()->leader);
	(void)state;
	assert_int_equal(issue(first, 0, FX_PW, NULL, &loan), 0);
	assert_refused(issue(second, 0, FX_PW, NULL, &loan), BM_EDENIED, "BORROW-4",
	               "not_in_store");
	assert_refused(wf_request(&t_arena, FX()->li, "copy", c, NULL, &r), BM_EDENIED, "BORROW-4",
	               "borrower_may_not");
	assert_int_equal(checkin(c, false, NULL), 0);
	assert_int_equal(issue(second, 0, FX_PW, NULL, &loan), 0);
	assert_int_equal(loan->holder_id, W()->kjhead->id);
	assert_int_equal(checkin(c, false, NULL), 0);
	assert_refused(checkin(c, false, NULL), BM_ECONFLICT, "CIRC-2", "not_out");
}

/* CIRC-2..5: through the clerk, signed, in a recorded place, back the same day. */
static void circ_2_no_lateral_passing(void **state)
{
	bm_loan_row *loan = NULL;
	int64_t c = wf_register(&t_arena, "传阅件", "秘密", "档案室", "科技处");
	(void)state;
	assert_refused(circulate(FX()->clerk, c, "li", NULL, FX_PW, &loan), BM_EINVALID, "CIRC-4",
	               "place_required");
	assert_refused(circulate(FX()->clerk, c, "li", "科技处办公室", NULL, &loan), BM_EINVALID,
	               "CIRC-5", "holder_confirmation_required");
	/* CIRC-1: only inside the scope. */
	assert_refused(circulate(FX()->clerk, c, "zhao", "财务处", FX_PW, &loan), BM_EDENIED,
	               "CIRC-1", "outside_scope");
	assert_int_equal(circulate(FX()->clerk, c, "li", "科技处办公室", FX_PW, &loan), 0);
	assert_string_equal(loan->kind, "circulation");
	assert_string_equal(loan->place, "科技处办公室");               /* CIRC-4 */
	assert_string_equal(loan->signature, BM_RECEIPT_MARK_PASSWORD); /* CIRC-5 */
	assert_string_equal(loan->due_at, "2026-11-23T15:59:59Z"); /* CIRC-3: never overnight */
	assert_int_equal(status_of(c), BM_STATUS_CIRCULATING);
	/* The reader may not pass it on; the clerk neither, before it is back. */
	assert_refused(circulate(FX()->li, c, "kjhead", "科技处", FX_PW, &loan), BM_EDENIED,
	               "CIRC-2", "lateral_passing");
	assert_refused(circulate(FX()->clerk, c, "kjhead", "科技处", FX_PW, &loan), BM_EDENIED,
	               "CIRC-2", "not_in_store");
	assert_int_equal(checkin(c, false, NULL), 0);
	assert_int_equal(circulate(FX()->clerk, c, "kjhead", "科技处", FX_PW, &loan), 0);
	assert_int_equal(checkin(c, false, NULL), 0);
}

/* CIRC-3: 绝密 goes back right after reading. */
static void circ_3_top_secret_back_immediately(void **state)
{
	bm_loan_row *loan = NULL;
	int64_t c = wf_register(&t_arena, "绝密传阅件", "绝密", "机要室保密柜", "zhao");
	(void)state;
	assert_int_equal(circulate(FX()->clerk, c, "zhao", "机要室", FX_PW, &loan), 0);
	assert_string_equal(loan->due_at, "2026-11-23T02:59:59Z");
	assert_int_equal(checkin(c, false, NULL), 0);
}

/* An instant from its ISO text (asserts it parses). */
static int64_t T(const char *iso)
{
	int64_t t = 0;
	assert_true(bm_time_parse(iso, &t));
	return t;
}

/* CARRY-2: a take-out records destination and purpose and is due on the return date. */
static void carry_2_take_out_issue(void **state)
{
	bm_loan_row *loan = NULL, *rows;
	size_t n;
	bool listed = false;
	bm_ctx ctx;
	int64_t c = wf_register(&t_arena, "出差材料", "秘密", "档案室", "科技处");
	int64_t r = approved(FX()->li, "take_out", c,
	                     "{\"purpose\":\"汇报\",\"destination\":\"省厅\","
	                     "\"return_date\":\"2026-11-25\"}",
	                     W()->kjhead);
	(void)state;
	assert_int_equal(issue(r, 0, FX_PW, NULL, &loan), 0);
	assert_string_equal(loan->kind, "take_out");
	assert_string_equal(loan->destination, "省厅");
	assert_string_equal(loan->due_at, "2026-11-25T15:59:59Z");
	assert_int_equal(status_of(c), BM_STATUS_TAKEN_OUT);
	/* The desk's list of what is out shows it, with its holder. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_loans_out(&ctx, &rows, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (rows[i].carrier_id == c) {
			listed = true;
			assert_string_equal(rows[i].holder_name, "李四");
			assert_false(rows[i].overdue);
		}
	assert_true(listed);
	/* CARRY-2: flagged overdue by the service once "now" passes the return date. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ctx.now = T("2026-11-25T15:59:59Z");
	assert_int_equal(bm_svc_loans_out(&ctx, &rows, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (rows[i].carrier_id == c)
			assert_false(rows[i].overdue);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ctx.now = T("2026-11-25T16:00:00Z");
	assert_int_equal(bm_svc_loans_out(&ctx, &rows, &n), 0);
	listed = false;
	for (size_t i = 0; i < n; i++)
		if (rows[i].carrier_id == c)
			listed = rows[i].overdue;
	assert_true(listed);
	assert_int_equal(checkin(c, false, NULL), 0);
}

/* BORROW-2: the calendar's holidays are skipped too (a policy with a holiday on Thursday). */
static void borrow_2_due_skips_holiday(void **state)
{
	bm_loan_row *loan = NULL;
	bm_ctx ctx;
	int64_t c = wf_register(&t_arena, "秘密通知八", "秘密", "档案室", "科技处");
	int64_t r;
	(void)state;
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(
	        bm_svc_policy_import(&ctx, "calendar.holidays = 2026-11-26\n", "测试节假日", NULL),
	        0);
	r = approved(FX()->li, "borrow", c, NULL, W()->kjhead);
	assert_int_equal(issue(r, 0, FX_PW, NULL, &loan), 0);
	/* 10 working days from Monday 11-23 without Thursday 11-26: Tuesday 12-08. */
	assert_string_equal(loan->due_at, "2026-12-08T15:59:59Z");
	assert_int_equal(checkin(c, false, NULL), 0);
}

/*
 * REG-1 (issue 14 point 5): a typed name is no signature; the holder's own
 * password is; a wrong one is refused and changes nothing; paper is for a
 * holder without an account only.
 */
static void reg_1_holder_confirms_themselves(void **state)
{
	bm_loan_row *loan = NULL;
	int64_t c = wf_register(&t_arena, "秘密通知（本人签收）", "秘密", "档案室", "科技处");
	int64_t r = approved(FX()->li, "borrow", c, NULL, W()->kjhead);
	int64_t history = svc_fx_history_count();
	bm_ctx ctx;
	(void)state;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_refused(bm_svc_issue(&ctx, r, 0, &(bm_svc_receipt){.typed = "张三"}, NULL, &loan),
	               BM_EINVALID, "REG-1", "typed_signature");
	assert_refused(issue(r, 0, "Wrong@2026pass", NULL, &loan), BM_EDENIED, "REG-1",
	               "holder_password_wrong");
	/* The clerk's own password is not the holder's. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_refused(bm_svc_issue(&ctx, r, 0, &(bm_svc_receipt){.paper = true}, NULL, &loan),
	               BM_EINVALID, "REG-1", "holder_password_required");
	/* Nothing changed. */
	assert_int_equal(svc_fx_history_count(), history);
	assert_int_equal(status_of(c), BM_STATUS_IN_STORE);
	assert_string_equal(wf_request_get(&t_arena, r)->status, "approved");
	assert_int_equal(issue(r, 0, FX_PW, NULL, &loan), 0);
	assert_string_equal(loan->signature, BM_RECEIPT_MARK_PASSWORD);
	assert_string_equal(bm_loan_receipt(loan->signature), "password");
	assert_int_equal(checkin(c, false, NULL), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(borrow_2_due_in_working_days_over_weekend, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_signature_and_approval_required, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_3_top_secret_read_on_site, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_4_no_re_lending, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_1_holder_confirms_themselves, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_2_no_lateral_passing, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(circ_3_top_secret_back_immediately, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(carry_2_take_out_issue, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_2_due_skips_holiday, t_setup, t_teardown),
	};
	return cmocka_run_group_tests(tests, wf_group_setup, wf_group_teardown);
}
