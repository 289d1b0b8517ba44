/*
 * test_alerts.c — src/service/alerts.c: one test per alert kind, each with
 * "now" fixed just before and just after its threshold (working days from
 * the policy calendar, local dates in Beijing). Every test names the rule it
 * proves. The fixture's "now" is Monday 2026-11-23 10:00 in Beijing.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "al_util.h"

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

/*
 * BORROW-2: 机密 is due after 5 working days: issued Monday 11-23, due
 * Monday 11-30 (the weekend does not count). Not overdue on the due day's
 * last second, overdue from the next local midnight (16:00Z), 1 day.
 */
static void borrow_2_overdue_after_working_day_term(void **state)
{
	int64_t c = wf_register(&t_arena, "机密方案（借阅提醒）", "机密", "科技处保密柜", "科技处");
	int64_t r = al_request(&t_arena, FX()->li, "borrow", c, NULL, W()->leader);
	bm_loan_row *loan = al_issue(&t_arena, r, NULL);
	const bm_alert *a;
	bm_alert *v;
	size_t n;
	(void)state;

	/* Saturday 11-28 would be the due day in calendar days: not overdue in working days. */
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-29T03:00:00Z", &n);
	assert_null(al_find(v, n, "BORROW-2", c));
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-30T15:59:59Z", &n);
	assert_null(al_find(v, n, "BORROW-2", c));
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-30T16:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "BORROW-2", c));
	assert_string_equal(a->code, "borrow_overdue");
	assert_string_equal(a->urgency, "medium");
	assert_string_equal(a->due, "2026-11-30");
	assert_int_equal(a->days_overdue, 1);
	assert_int_equal(a->loan_id, loan->id);
	assert_int_equal(a->request_id, r);
	assert_false(a->incident_candidate);
	assert_non_null(strstr(a->text_zh, "李四"));
	assert_non_null(strstr(a->text_en, "1 days overdue"));
	/* The borrower sees the alert about what they hold. */
	v = al_alerts(&t_arena, FX()->li, "2026-11-30T16:00:00Z", &n);
	assert_non_null(al_find(v, n, "BORROW-2", c));
	/* Checked in: no more alert. */
	al_checkin(&t_arena, c, NULL);
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-10T02:00:00Z", &n);
	assert_null(al_find(v, n, "BORROW-2", c));
}

/*
 * BORROW-6: not back 3 months (policy) after the due date: an incident
 * candidate. 秘密: 10 working days from 11-23 is 12-07; + 3 months is
 * 2027-03-07. The day before is still BORROW-2.
 */
static void borrow_6_incident_candidate_three_months_after_due(void **state)
{
	int64_t c = wf_register(&t_arena, "秘密通知（久借不还）", "秘密", "档案室", "科技处");
	int64_t r = al_request(&t_arena, FX()->li, "borrow", c, NULL, W()->kjhead);
	const bm_alert *a;
	bm_alert *v;
	size_t n;
	(void)state;

	assert_string_equal(al_issue(&t_arena, r, NULL)->due_at, "2026-12-07T15:59:59Z");
	v = al_alerts(&t_arena, FX()->clerk, "2027-03-06T15:59:59Z", &n);
	assert_null(al_find(v, n, "BORROW-6", c));
	assert_non_null(a = al_find(v, n, "BORROW-2", c));
	assert_int_equal(a->days_overdue, 89);
	assert_false(a->incident_candidate);

	v = al_alerts(&t_arena, FX()->clerk, "2027-03-06T16:00:00Z", &n);
	assert_null(al_find(v, n, "BORROW-2", c));
	assert_non_null(a = al_find(v, n, "BORROW-6", c));
	assert_string_equal(a->code, "overdue_incident");
	assert_string_equal(a->urgency, "high");
	assert_true(a->incident_candidate);
	assert_string_equal(a->due, "2026-12-07");
	assert_int_equal(a->days_overdue, 90);
	assert_non_null(strstr(a->text_zh, "失泄密"));
	/* High urgency comes first. */
	assert_string_equal(v[0].urgency, "high");
	al_checkin(&t_arena, c, NULL);
}

/* CARRY-2: a take-out is due back on its return date; overdue the day after. */
static void carry_2_take_out_overdue_after_return_date(void **state)
{
	int64_t c = wf_register(&t_arena, "出差材料（外出提醒）", "秘密", "档案室", "科技处");
	int64_t r = al_request(&t_arena, FX()->li, "take_out", c,
	                       "{\"purpose\":\"汇报\",\"destination\":\"省厅\","
	                       "\"return_date\":\"2026-11-25\"}",
	                       W()->kjhead);
	const bm_alert *a;
	bm_alert *v;
	size_t n;
	(void)state;

	al_issue(&t_arena, r, NULL);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-25T15:59:59Z", &n);
	assert_null(al_find(v, n, "CARRY-2", c));
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-25T16:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "CARRY-2", c));
	assert_string_equal(a->code, "take_out_overdue");
	assert_string_equal(a->due, "2026-11-25");
	assert_int_equal(a->days_overdue, 1);
	assert_null(al_find(v, n, "BORROW-2", c));
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-28T02:00:00Z", &n);
	assert_int_equal(al_find(v, n, "CARRY-2", c)->days_overdue, 3);
	al_checkin(&t_arena, c, NULL);
}

/* The reader confirms with their own password (CIRC-5; every fixture account has FX_PW). */
static bm_loan_row *circulate(int64_t carrier, const char *reader)
{
	bm_ctx ctx;
	bm_loan_row *loan = NULL;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_circulate(&ctx, carrier, reader, "阅文室",
	                                  &(bm_svc_receipt){.password = FX_PW}, &loan),
	                 0);
	return loan;
}

/* CIRC-3: 秘密 and above never stay out overnight: overdue at local midnight. */
static void circ_3_confidential_back_the_same_day(void **state)
{
	int64_t c = wf_register(&t_arena, "秘密传阅件（当日退回）", "秘密", "档案室", "科技处");
	const bm_alert *a;
	bm_alert *v;
	size_t n;
	(void)state;

	circulate(c, "li");
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T15:59:59Z", &n);
	assert_null(al_find(v, n, "CIRC-3", c));
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T16:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "CIRC-3", c));
	assert_string_equal(a->code, "return_overdue");
	assert_string_equal(a->urgency, "medium");
	assert_string_equal(a->due, "2026-11-23");
	assert_int_equal(a->days_overdue, 1);
	assert_non_null(strstr(a->text_zh, "应当日退回"));
	al_checkin(&t_arena, c, NULL);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T16:00:00Z", &n);
	assert_null(al_find(v, n, "CIRC-3", c));
}

/* CIRC-3: 绝密 goes back right after reading: 60 minutes (policy) after it was handed out. */
static void circ_3_top_secret_back_right_after_reading(void **state)
{
	int64_t c = wf_register(&t_arena, "绝密传阅件（立即退回）", "绝密", "机要室保密柜", "zhao");
	const bm_alert *a;
	bm_alert *v;
	size_t n;
	(void)state;

	circulate(c, "zhao");
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T02:59:59Z", &n);
	assert_null(al_find(v, n, "CIRC-3", c));
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T03:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "CIRC-3", c));
	assert_string_equal(a->urgency, "high");
	assert_int_equal(a->days_overdue, 0);
	assert_non_null(strstr(a->text_zh, "应阅后立即退回"));
	/* SYS-2: 李四 (机密 at most) never hears of it. */
	v = al_alerts(&t_arena, FX()->li, "2026-11-23T03:00:00Z", &n);
	assert_null(al_find(v, n, "CIRC-3", c));
	al_checkin(&t_arena, c, NULL);
}

/*
 * LEVEL-6: flagged for declassification review from period.warning_days
 * (30 by default, then 10 by the unit's policy) before the period ends.
 */
static void level_6_period_ending_within_warning_window(void **state)
{
	bm_carrier_input in = {.title = "秘密期限将满",
	                       .level = "秘密",
	                       .period = "2027-01-15",
	                       .place = "档案室",
	                       .scope = "科技处"};
	bm_carrier *c = NULL;
	const bm_alert *a;
	bm_alert *v;
	bm_ctx ctx;
	size_t n;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-15T02:00:00Z", &n);
	assert_null(al_find(v, n, "LEVEL-6", c->id));
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-16T02:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "LEVEL-6", c->id));
	assert_string_equal(a->code, "period_ending");
	assert_string_equal(a->urgency, "low");
	assert_string_equal(a->due, "2027-01-15");
	assert_int_equal(a->days_overdue, 0);
	/* Staff in the scope may see the carrier but are not told: the review is the
	 * clerk's and the classification authority's (issue 14 point 13). */
	v = al_alerts(&t_arena, FX()->li, "2026-12-16T02:00:00Z", &n);
	assert_null(al_find(v, n, "LEVEL-6", c->id));
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-15T02:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "LEVEL-6", c->id));
	assert_string_equal(a->code, "period_ended");
	assert_string_equal(a->urgency, "medium");
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-16T02:00:00Z", &n);
	assert_int_equal(al_find(v, n, "LEVEL-6", c->id)->days_overdue, 1);

	/* The window is the unit's policy: 10 days. */
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx, "period.warning_days = 10\n", "提醒期", NULL),
	                 0);
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-04T02:00:00Z", &n);
	assert_null(al_find(v, n, "LEVEL-6", c->id));
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-05T02:00:00Z", &n);
	assert_non_null(al_find(v, n, "LEVEL-6", c->id));
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx, "period.warning_days = 30\n", "恢复", NULL), 0);
}

/* REG-2: incoming items are registered the day they arrive; a day later is flagged. */
static void reg_2_late_registration_flagged(void **state)
{
	bm_carrier_input in = {.title = "当日登记件",
	                       .level = "秘密",
	                       .place = "档案室",
	                       .scope = "科技处",
	                       .received_on = "2026-11-23"};
	bm_carrier *today = NULL, *late = NULL;
	const bm_alert *a;
	bm_alert *v;
	bm_ctx ctx;
	size_t n;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &today), 0);
	in.title = "隔日登记件";
	in.received_on = "2026-11-20";
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &late), 0);
	v = al_alerts(&t_arena, FX()->clerk, FX_NOW, &n);
	assert_null(al_find(v, n, "REG-2", today->id));
	assert_non_null(a = al_find(v, n, "REG-2", late->id));
	assert_string_equal(a->code, "late_registration");
	assert_string_equal(a->due, "2026-11-20");
	assert_int_equal(a->days_overdue, 3);
	assert_non_null(strstr(a->text_zh, "2026-11-20"));
	/* It stays flagged for 30 days after the registration, then drops off. */
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-23T02:00:00Z", &n);
	assert_non_null(al_find(v, n, "REG-2", late->id));
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-24T02:00:00Z", &n);
	assert_null(al_find(v, n, "REG-2", late->id));
}

/* SEND-4: a dispatch stays open, and alerts, until the recipient signs. */
static void send_4_unsigned_receipt_until_signed(void **state)
{
	int64_t c = wf_register(&t_arena, "秘密发文件", "秘密", "档案室", "科技处");
	const char *recipients[] = {"市教育局办公室"};
	bm_dispatch_input in = {.carrier_ids = &c,
	                        .n_carriers = 1,
	                        .recipients = recipients,
	                        .n_recipients = 1,
	                        .channel = "courier"};
	bm_dispatch_row *d = NULL;
	const bm_alert *a;
	bm_alert *v;
	bm_ctx ctx;
	size_t n;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_create(&ctx, &in, &d), 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-25T02:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "SEND-4", c));
	assert_string_equal(a->code, "receipt_unsigned");
	assert_int_equal(a->dispatch_id, d->id);
	assert_string_equal(a->due, "2026-11-23");
	assert_int_equal(a->days_overdue, 2);
	assert_non_null(strstr(a->text_zh, "市教育局办公室"));
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_sign(&ctx, d->id, c, "张收文"), 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-25T02:00:00Z", &n);
	assert_null(al_find(v, n, "SEND-4", c));
}

/*
 * SYS-5 (approval.max_pending_days, 7): a request pending longer alerts under
 * its own rule, to the requester and to the approver whose step it is.
 */
static void sys_5_approval_pending_longer_than_policy(void **state)
{
	int64_t c = wf_register(&t_arena, "待批借阅件", "秘密", "档案室", "li");
	int64_t r = al_request(&t_arena, FX()->li, "borrow", c, NULL, NULL);
	const bm_alert *a = NULL;
	bm_alert *v;
	size_t n;
	(void)state;

	v = al_alerts(&t_arena, FX()->clerk, "2026-11-30T15:59:59Z", &n);
	for (size_t i = 0; i < n; i++)
		assert_false(v[i].request_id == r && strcmp(v[i].code, "approval_pending") == 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-30T16:00:00Z", &n);
	for (size_t i = 0; i < n; i++)
		if (v[i].request_id == r && strcmp(v[i].code, "approval_pending") == 0)
			a = &v[i];
	assert_non_null(a);
	assert_string_equal(a->rule, "BORROW-1");
	assert_string_equal(a->due, "2026-11-30");
	assert_int_equal(a->days_overdue, 1);
	assert_int_equal(a->carrier_id, c);
	/* The requester sees it; 赵六 (another department, outside the scope) does not. */
	v = al_alerts(&t_arena, FX()->li, "2026-11-30T16:00:00Z", &n);
	assert_int_equal(al_count(v, n, "BORROW-1", c), 1);
	v = al_alerts(&t_arena, FX()->zhao, "2026-11-30T16:00:00Z", &n);
	assert_int_equal(al_count(v, n, "BORROW-1", c), 0);
	/* The approver whose step it is sees it, though outside the carrier's scope (李四 only). */
	v = al_alerts(&t_arena, W()->kjhead, "2026-11-30T16:00:00Z", &n);
	assert_int_equal(al_count(v, n, "BORROW-1", c), 1);
	assert_non_null(strstr(al_find(v, n, "BORROW-1", c)->text_zh, "待您审批"));
	/* Another department's head does not. */
	v = al_alerts(&t_arena, W()->cwhead, "2026-11-30T16:00:00Z", &n);
	assert_int_equal(al_count(v, n, "BORROW-1", c), 0);
	{
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, FX()->li);
		assert_int_equal(bm_svc_request_withdraw(&ctx, r, "不再需要"), 0);
	}
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-30T16:00:00Z", &n);
	assert_int_equal(al_count(v, n, "BORROW-1", c), 0);
}

/* SYS-2: alerts only about carriers the actor may see; SYS-1: the administrators get none. */
static void sys_2_alerts_only_about_visible_carriers(void **state)
{
	int64_t top = wf_register(&t_arena, "绝密借阅件（可见性）", "绝密", "机要室保密柜", "zhao");
	int64_t fin = wf_register(&t_arena, "财务处秘密件（可见性）", "秘密", "档案室", "财务处");
	int64_t r1 = al_request(&t_arena, FX()->zhao, "borrow", fin, NULL, W()->cwhead);
	bm_alert *v;
	size_t n;
	bm_ctx ctx;
	(void)state;

	al_issue(&t_arena, r1, NULL);
	circulate(top, "zhao");
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-05T02:00:00Z", &n);
	assert_non_null(al_find(v, n, "BORROW-2", fin));
	assert_non_null(al_find(v, n, "CIRC-3", top));
	v = al_alerts(&t_arena, FX()->zhao, "2027-01-05T02:00:00Z", &n);
	assert_non_null(al_find(v, n, "BORROW-2", fin));
	assert_non_null(al_find(v, n, "CIRC-3", top));
	/* 李四: outside 财务处's scope and not cleared for 绝密. */
	v = al_alerts(&t_arena, FX()->li, "2027-01-05T02:00:00Z", &n);
	assert_null(al_find(v, n, "BORROW-2", fin));
	assert_null(al_find(v, n, "CIRC-3", top));
	for (size_t i = 0; i < n; i++)
		assert_true(v[i].carrier_id != fin && v[i].carrier_id != top);
	/* INV-1: the count schedule is the clerk's. */
	assert_int_equal(al_count(v, n, "INV-1", 0), 0);
	/* Most urgent first. */
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-05T02:00:00Z", &n);
	for (size_t i = 1; i < n; i++) {
		int prev = strcmp(v[i - 1].urgency, "high") == 0     ? 0
		           : strcmp(v[i - 1].urgency, "medium") == 0 ? 1
		                                                     : 2;
		int cur = strcmp(v[i].urgency, "high") == 0     ? 0
		          : strcmp(v[i].urgency, "medium") == 0 ? 1
		                                                : 2;
		assert_true(prev <= cur);
	}
	/* SYS-1: the three administrators see no carrier, hence no carrier's alert. */
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	al_assert_refused(bm_svc_alerts(&ctx, al_at(FX_NOW), &v, &n), BM_EDENIED, "SYS-1",
	                  "admin_no_business");
	/* The audit administrator sees only the alerts about the administrators (issue 9). */
	svc_fx_ctx(&ctx, &t_arena, FX()->auditor);
	assert_int_equal(bm_svc_alerts(&ctx, al_at("2027-01-05T02:00:00Z"), &v, &n), 0);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(v[i].rule, "SYS-1");
		assert_int_equal(v[i].carrier_id, 0);
	}
	al_checkin(&t_arena, fin, NULL);
	al_checkin(&t_arena, top, NULL);
}

/* The listing is audited as a read (SYS-3) with its "now" and count. */
static void sys_3_alert_listing_audited(void **state)
{
	fx_audit last;
	bm_alert *v;
	size_t n;
	(void)state;

	v = al_alerts(&t_arena, FX()->clerk, "2026-12-01T02:00:00Z", &n);
	(void)v;
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "alerts.list");
	assert_string_equal(last.outcome, "ok");
	assert_string_equal(last.actor, "clerk");
	assert_non_null(strstr(last.detail, "\"now\":\"2026-12-01T02:00:00Z\""));
}

/* INV-1 alerts of the level schedule (not the year-end full count). */
static size_t level_counts(const bm_alert *v, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(v[i].rule, "INV-1") == 0 && strcmp(v[i].code, "year_end_count") != 0;
	return k;
}

static const bm_alert *level_find(const bm_alert *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].rule, "INV-1") == 0 && strcmp(v[i].code, "year_end_count") != 0)
			return &v[i];
	return NULL;
}

/* The close as the clerk makes it (INV-4): the review's figures and token confirmed. */
static int close_reviewed(bm_ctx *ctx, int64_t session, bm_count_result *res)
{
	bm_count_page pg = {.review = true, .limit = 1};
	bm_count_result pre;
	bm_count_confirm k;
	int rc;
	if ((rc = bm_svc_count_show_page(ctx, session, &pg, &pre)) != 0)
		return rc;
	k = pre.confirm;
	return bm_svc_count_close_confirmed(ctx, session, &k, NULL, res);
}

/*
 * INV-1: counts due by level: never counted, every level present is due
 * today; after a whole-unit count on 11-23, 绝密 is due a month later
 * (12-23) and overdue the day after, 秘密/机密 a quarter later. INV-4: a
 * carrier the count did not find is missing and alerts at once; INC-1: its
 * incident must be reported within 24 hours. Runs last: it closes a count.
 */

/* The INC-1 alert of incident `id` (0 is never one). */
static const bm_alert *inc_find(const bm_alert *v, size_t n, int64_t id)
{
	for (size_t i = 0; id && i < n; i++)
		if (strcmp(v[i].rule, "INC-1") == 0 && v[i].incident_id == id)
			return &v[i];
	return NULL;
}

static void inv_1_counts_due_by_level(void **state)
{
	int64_t lost = wf_register(&t_arena, "清查未见件", "秘密", "档案室", "科技处");
	bm_count_session_row *s = NULL;
	bm_count_result res;
	const bm_alert *a;
	bm_alert *v;
	bm_ctx ctx;
	size_t n;
	(void)state;

	v = al_alerts(&t_arena, FX()->clerk, FX_NOW, &n);
	assert_int_equal(level_counts(v, n), 3); /* 秘密, 机密, 绝密 present */
	assert_string_equal(level_find(v, n)->code, "count_due");
	assert_string_equal(level_find(v, n)->due, "2026-11-23");

	/* A whole-unit count: every carrier in store ticked except one. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_start(&ctx, "unit", NULL, "季度清查", &s), 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	memset(&res, 0, sizeof(res));
	assert_int_equal(bm_svc_count_show(&ctx, s->id, &res), 0);
	for (size_t i = 0; i < res.n_missing; i++)
		if (res.missing[i].carrier_id != lost) {
			bm_ctx t;
			svc_fx_ctx(&t, &t_arena, FX()->clerk);
			assert_int_equal(bm_svc_count_tick(&t, s->id, res.missing[i].carrier_id,
			                                   false, NULL),
			                 0);
		}
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	memset(&res, 0, sizeof(res));
	assert_int_equal(close_reviewed(&ctx, s->id, &res), 0);
	assert_int_equal(res.n_missing, 1);
	assert_int_equal(res.missing[0].carrier_id, lost);

	v = al_alerts(&t_arena, FX()->clerk, "2026-12-22T02:00:00Z", &n);
	assert_int_equal(level_counts(v, n), 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-23T02:00:00Z", &n);
	assert_int_equal(level_counts(v, n), 1);
	assert_non_null(a = level_find(v, n));
	assert_string_equal(a->code, "count_due");
	assert_string_equal(a->due, "2026-12-23");
	assert_non_null(strstr(a->text_zh, "绝密"));
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-24T02:00:00Z", &n);
	assert_non_null(a = level_find(v, n));
	assert_string_equal(a->code, "count_overdue");
	assert_string_equal(a->urgency, "medium");
	assert_int_equal(a->days_overdue, 1);
	/* A quarter later every level is due (绝密 long overdue, 机密 and 秘密 today). */
	v = al_alerts(&t_arena, FX()->clerk, "2027-02-23T02:00:00Z", &n);
	assert_int_equal(level_counts(v, n), 3);
	v = al_alerts(&t_arena, FX()->clerk, "2027-02-22T02:00:00Z", &n);
	assert_int_equal(level_counts(v, n), 1);

	/* INV-4: the one not found is missing; INC-1: report due within 24 hours, then late. */
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-24T01:59:59Z", &n);
	assert_non_null(a = al_find(v, n, "INV-4", lost));
	assert_string_equal(a->code, "carrier_missing");
	assert_string_equal(a->urgency, "high");
	/* The count's one incident (no carrier of its own) names the missing carrier's line. */
	assert_non_null(a = inc_find(v, n, res.missing[0].incident_id));
	assert_string_equal(a->code, "report_due");
	assert_int_equal(a->carrier_id, 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-24T02:00:00Z", &n);
	assert_non_null(a = inc_find(v, n, res.missing[0].incident_id));
	assert_string_equal(a->code, "report_overdue");
	assert_string_equal(a->urgency, "high");
	/* 李四 may see the missing carrier of his department but is told neither of it
	 * (the clerk's and the leadership's, issue 14 point 13) nor of the count schedule. */
	v = al_alerts(&t_arena, FX()->li, "2026-12-24T02:00:00Z", &n);
	assert_null(al_find(v, n, "INV-4", lost));
	assert_int_equal(level_counts(v, n), 0);
}

/* The INV-2 alert, or NULL. */
static const bm_alert *holiday_find(const bm_alert *v, size_t n)
{
	return al_find(v, n, "INV-2", 0);
}

/*
 * INV-2: a special count before each listed holiday, announced 14 days
 * before the last working day ahead of it. The default list holds only 2026
 * holidays, so none is ahead at the end of 2026; a list with 2027-01-01 puts
 * the count on Thursday 12-31, alerting from 12-17 (medium from 12-28); a
 * whole-unit count closed within a week of the due day clears it; another
 * list moves it. Runs after inv_1_counts_due_by_level: it closes a count.
 */
static void inv_2_special_count_before_holidays(void **state)
{
	bm_count_session_row *s = NULL;
	bm_count_result res;
	const bm_alert *a;
	bm_alert *v;
	bm_ctx ctx;
	size_t n;
	(void)state;

	/* Default list: its last holiday, 2026-10-01, is behind. */
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-20T02:00:00Z", &n);
	assert_null(holiday_find(v, n));

	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx, "inventory.holiday_counts = 2027-01-01\n",
	                                      "元旦清查", NULL),
	                 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-16T02:00:00Z", &n);
	assert_null(holiday_find(v, n));
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-17T02:00:00Z", &n);
	assert_non_null(a = holiday_find(v, n));
	assert_string_equal(a->code, "holiday_count_due");
	assert_string_equal(a->due, "2026-12-31");
	assert_string_equal(a->urgency, "low");
	assert_non_null(strstr(a->text_zh, "2027-01-01"));
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-28T02:00:00Z", &n);
	assert_non_null(a = holiday_find(v, n));
	assert_string_equal(a->urgency, "medium");
	/* Only the clerk keeps the count schedule. */
	v = al_alerts(&t_arena, FX()->li, "2026-12-28T02:00:00Z", &n);
	assert_null(holiday_find(v, n));
	/* After the holiday nothing listed is ahead. */
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-01T02:00:00Z", &n);
	assert_null(holiday_find(v, n));

	/* A whole-unit count closed on 12-28, within the week before the due day, clears it. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ctx.now = al_at("2026-12-28T02:00:00Z");
	assert_int_equal(bm_svc_count_start(&ctx, "unit", NULL, "元旦前专项清查", &s), 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ctx.now = al_at("2026-12-28T02:00:00Z");
	memset(&res, 0, sizeof(res));
	assert_int_equal(bm_svc_count_show(&ctx, s->id, &res), 0);
	for (size_t i = 0; i < res.n_missing; i++) {
		bm_ctx t;
		svc_fx_ctx(&t, &t_arena, FX()->clerk);
		t.now = al_at("2026-12-28T02:00:00Z");
		assert_int_equal(
		        bm_svc_count_tick(&t, s->id, res.missing[i].carrier_id, false, NULL), 0);
	}
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	ctx.now = al_at("2026-12-28T03:00:00Z");
	memset(&res, 0, sizeof(res));
	assert_int_equal(close_reviewed(&ctx, s->id, &res), 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-29T02:00:00Z", &n);
	assert_null(holiday_find(v, n));

	/* Another list moves it: 2027-02-06 (a Saturday) is counted for on Friday 02-05. */
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx, "inventory.holiday_counts = 2027-02-06\n",
	                                      "春节清查", NULL),
	                 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-17T02:00:00Z", &n);
	assert_null(holiday_find(v, n));
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-21T02:00:00Z", &n);
	assert_null(holiday_find(v, n));
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-22T02:00:00Z", &n);
	assert_non_null(a = holiday_find(v, n));
	assert_string_equal(a->due, "2027-02-05");

	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx,
	                                      "inventory.holiday_counts = "
	                                      "2026-01-01,2026-02-15,2026-05-01,2026-10-01\n",
	                                      "恢复", NULL),
	                 0);
}

/* JSON: the stable shape of one alert. */
static void alert_json_shape(void **state)
{
	bm_alert a = {.rule = "BORROW-6",
	              .code = "overdue_incident",
	              .urgency = "high",
	              .text_zh = "中",
	              .text_en = "en",
	              .carrier_id = 7,
	              .loan_id = 3,
	              .due = "2026-12-07",
	              .days_overdue = 90,
	              .incident_candidate = true};
	json_t *o = bm_alert_to_json(&a);
	char *text = json_dumps(o, JSON_PRESERVE_ORDER | JSON_COMPACT);
	(void)state;
	assert_string_equal(text, "{\"rule\":\"BORROW-6\",\"code\":\"overdue_incident\","
	                          "\"urgency\":\"high\",\"message\":\"中\",\"message_en\":\"en\","
	                          "\"carrier_id\":7,\"request_id\":null,\"loan_id\":3,"
	                          "\"dispatch_id\":null,\"incident_id\":null,\"letter_id\":null,"
	                          "\"due\":\"2026-12-07\","
	                          "\"days_overdue\":90,\"incident_candidate\":true}");
	free(text);
	json_decref(o);
}

/* The alert with `code`, or NULL. */
static const bm_alert *find_code(const bm_alert *v, size_t n, const char *code)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].code, code) == 0)
			return &v[i];
	return NULL;
}

/*
 * BORROW-2: from October 1 the clerk is told that next year's holidays are
 * not in the calendar (the defaults list 2026 only), until they are.
 */
static void borrow_2_next_year_holidays_missing(void **state)
{
	const char *code = "calendar_next_year_missing";
	const bm_alert *a;
	bm_alert *v;
	bm_ctx ctx;
	size_t n;
	(void)state;

	v = al_alerts(&t_arena, FX()->clerk, "2026-09-30T15:59:59Z", &n);
	assert_null(find_code(v, n, code));
	v = al_alerts(&t_arena, FX()->clerk, "2026-09-30T16:00:00Z", &n); /* 10-01 in Beijing */
	assert_non_null(a = find_code(v, n, code));
	assert_string_equal(a->rule, "BORROW-2");
	assert_string_equal(a->urgency, "low");
	assert_string_equal(a->due, "2027-01-01");
	assert_int_equal(a->days_overdue, 0);
	assert_int_equal(a->carrier_id, 0);
	assert_non_null(strstr(a->text_en, "next year's holidays are not entered"));
	assert_non_null(strstr(a->text_zh, "尚未录入 2027 年的节假日"));
	/* Staff do not keep the calendar. */
	v = al_alerts(&t_arena, FX()->li, "2026-11-23T02:00:00Z", &n);
	assert_null(find_code(v, n, code));
	/* Into the year itself it is late. */
	v = al_alerts(&t_arena, FX()->clerk, "2027-01-05T02:00:00Z", &n);
	assert_non_null(a = find_code(v, n, code));
	assert_string_equal(a->urgency, "medium");
	assert_int_equal(a->days_overdue, 4);

	/* Entered: no alert. */
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx, "calendar.holidays = 2026-10-01,2027-10-01\n",
	                                      "2027 年节假日", NULL),
	                 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T02:00:00Z", &n);
	assert_null(find_code(v, n, code));
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_policy_import(&ctx, "period.warning_days = 30\n", "恢复", NULL), 0);
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T02:00:00Z", &n);
	assert_non_null(find_code(v, n, code));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(borrow_2_overdue_after_working_day_term, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_6_incident_candidate_three_months_after_due,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(carry_2_take_out_overdue_after_return_date, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_3_confidential_back_the_same_day, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_3_top_secret_back_right_after_reading, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(level_6_period_ending_within_warning_window,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_2_late_registration_flagged, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(send_4_unsigned_receipt_until_signed, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_5_approval_pending_longer_than_policy, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_2_alerts_only_about_visible_carriers, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_3_alert_listing_audited, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_1_counts_due_by_level, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_2_special_count_before_holidays, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(alert_json_shape, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_2_next_year_holidays_missing, t_setup,
	                                        t_teardown),
	};
	return cmocka_run_group_tests(tests, wf_group_setup, wf_group_teardown);
}
