/*
 * test_scenario.c — the scenario of issue 3 at service level: one 机密
 * document through its life. Received (REG-1/2) → 李四 asks to borrow it
 * (BORROW-1) → the leader approves → the clerk issues it against signature
 * → "now" moves past the due date: the overdue alert (BORROW-2), and three
 * months later the incident candidate (BORROW-6) → check-in → a copy is
 * requested, approved and made (COPY-1/3/5) → the original and the copy
 * are destroyed before two witnesses (DESTROY-1..4). After each step the
 * matching register (收文/借阅/复制/销毁) shows the row, and the audit chain
 * verifies whole with more events than before (SYS-3).
 *
 * The clock moves: each step runs with its own "now" (ctx.now), as the
 * front ends would pass it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "al_util.h"

static bm_arena t_arena;
static int64_t audit_events; /* the chain's length after the last step */

/* A context acting as `who` at `iso`. */
static bm_ctx *act(bm_ctx *ctx, bm_person *who, const char *iso)
{
	svc_fx_ctx(ctx, &t_arena, who);
	ctx->now = al_at(iso);
	return ctx;
}

/* SYS-3: after each step the chain verifies whole and has grown. */
static void audit_grew(const char *step)
{
	int64_t n = al_audit_verified();
	if (n <= audit_events)
		fprintf(stderr, "# step '%s': audit events %lld, before %lld\n", step, (long long)n,
		        (long long)audit_events);
	assert_true(n > audit_events);
	audit_events = n;
}

static const char *id_text(int64_t id)
{
	return bm_arena_printf(&t_arena, "%lld", (long long)id);
}

static int64_t request(bm_person *who, const char *iso, const char *op, const int64_t *ids,
                       size_t n, const char *params)
{
	bm_ctx ctx;
	bm_request_row *r = NULL;
	bm_request_input in = {.op = op,
	                       .carrier_ids = ids,
	                       .n_carriers = n,
	                       .reason = "工作需要",
	                       .params = params};
	assert_int_equal(bm_svc_request_create(act(&ctx, who, iso), &in, &r), 0);
	assert_string_equal(r->status, "pending");
	return r->id;
}

static void approve(bm_person *who, const char *iso, int64_t id)
{
	bm_ctx ctx;
	assert_int_equal(bm_svc_request_decide(act(&ctx, who, iso), id, true, "同意"), 0);
	assert_string_equal(wf_request_get(&t_arena, id)->status, "approved");
}

static void issue_3_scenario_top_to_bottom(void **state)
{
	bm_carrier_input in = {.title = "关于2027年高考命题工作的通知",
	                       .doc_number = "教密〔2026〕8号",
	                       .serial_number = "5",
	                       .pages = "6",
	                       .copies = "1",
	                       .producer = "省教育厅",
	                       .sender = "市教育局",
	                       .level = "机密",
	                       .period = "10",
	                       .received_on = "2026-11-23",
	                       .place = "科技处保密柜",
	                       .scope = "科技处"};
	bm_carrier *doc = NULL, *copy = NULL, *c;
	bm_loan_row *loan = NULL;
	bm_destruction_row *d = NULL;
	bm_register reg;
	bm_alert *v;
	const bm_alert *a;
	bm_ctx ctx;
	size_t n;
	long row;
	int64_t borrow_req, copy_req, destroy_req, ids[2];
	(void)state;

	audit_events = al_audit_verified();

	/* 1. Received and registered the same day (REG-1, REG-2: no late flag). */
	assert_int_equal(bm_svc_carrier_register_incoming(
	                         act(&ctx, FX()->clerk, "2026-11-23T01:30:00Z"), &in, &doc),
	                 0);
	reg = al_register(&t_arena, FX()->clerk, "incoming", NULL, NULL);
	assert_true((row = al_row_of(&reg, doc->id)) >= 0);
	assert_string_equal(al_cell(&reg, row, "doc_number"), "教密〔2026〕8号");
	assert_string_equal(al_cell(&reg, row, "serial_number"), "5");
	assert_string_equal(al_cell(&reg, row, "level"), "机密★10年");
	assert_string_equal(al_cell(&reg, row, "registered_at"), "2026-11-23 09:30");
	assert_string_equal(al_cell(&reg, row, "handler"), "王秘书");
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-23T02:00:00Z", &n);
	assert_null(al_find(v, n, "REG-2", doc->id));
	audit_grew("receive");

	/* 2. 李四 asks to borrow it (BORROW-1: 机密 goes to the office head, here the leader). */
	borrow_req = request(FX()->li, "2026-11-23T02:00:00Z", "borrow", &doc->id, 1, NULL);
	audit_grew("borrow request");

	/* 3. The leader approves. */
	approve(W()->leader, "2026-11-23T03:00:00Z", borrow_req);
	audit_grew("approve borrowing");

	/* 4. The clerk issues it; 李四 confirms with his own password (REG-1); due in 5 working
	 * days (BORROW-2). */
	assert_int_equal(bm_svc_issue(act(&ctx, FX()->clerk, "2026-11-23T03:30:00Z"), borrow_req, 0,
	                              &(bm_svc_receipt){.password = FX_PW}, NULL, &loan),
	                 0);
	assert_string_equal(loan->due_at, "2026-11-30T15:59:59Z");
	reg = al_register(&t_arena, FX()->clerk, "borrow", NULL, NULL);
	assert_true((row = al_row_of(&reg, doc->id)) >= 0);
	assert_string_equal(al_cell(&reg, row, "borrower"), "李四");
	assert_string_equal(al_cell(&reg, row, "issued_at"), "2026-11-23 11:30");
	/* REG-1: the 签字 cell is left for the pen; the register says how he confirmed. */
	assert_string_equal(al_cell(&reg, row, "signature"), "");
	assert_string_equal(al_cell(&reg, row, "receipt"), "本人口令确认 2026-11-23 11:30");
	assert_string_equal(al_cell(&reg, row, "request_id"), id_text(borrow_req));
	assert_string_equal(al_cell(&reg, row, "due_at"), "2026-11-30 23:59");
	assert_string_equal(al_cell(&reg, row, "returned_at"), "");
	audit_grew("issue");

	/* 5. Past the due date: the overdue alert, for the clerk and the borrower. */
	v = al_alerts(&t_arena, FX()->clerk, "2026-11-30T15:59:59Z", &n);
	assert_null(al_find(v, n, "BORROW-2", doc->id));
	v = al_alerts(&t_arena, FX()->clerk, "2026-12-02T02:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "BORROW-2", doc->id));
	assert_int_equal(a->days_overdue, 2);
	assert_int_equal(a->loan_id, loan->id);
	assert_false(a->incident_candidate);
	v = al_alerts(&t_arena, FX()->li, "2026-12-02T02:00:00Z", &n);
	assert_non_null(al_find(v, n, "BORROW-2", doc->id));
	audit_grew("overdue alert");
	/* ... and three months after the due date (11-30 → 02-28) the incident candidate. */
	v = al_alerts(&t_arena, FX()->clerk, "2027-02-27T02:00:00Z", &n);
	assert_null(al_find(v, n, "BORROW-6", doc->id));
	v = al_alerts(&t_arena, FX()->clerk, "2027-02-28T02:00:00Z", &n);
	assert_non_null(a = al_find(v, n, "BORROW-6", doc->id));
	assert_true(a->incident_candidate);
	assert_string_equal(a->urgency, "high");
	assert_int_equal(a->days_overdue, 90);
	assert_string_equal(v[0].urgency, "high");
	audit_grew("incident candidate");

	/* 6. Checked back in: the register shows the return, the alerts stop. */
	assert_int_equal(bm_svc_checkin(act(&ctx, FX()->clerk, "2027-03-01T02:00:00Z"), doc->id,
	                                false, NULL),
	                 0);
	reg = al_register(&t_arena, FX()->clerk, "borrow", NULL, NULL);
	row = al_row_of(&reg, doc->id);
	assert_string_equal(al_cell(&reg, row, "returned_at"), "2027-03-01 10:00");
	assert_string_equal(al_cell(&reg, row, "received_by"), "王秘书");
	v = al_alerts(&t_arena, FX()->clerk, "2027-03-01T03:00:00Z", &n);
	assert_null(al_find(v, n, "BORROW-2", doc->id));
	assert_null(al_find(v, n, "BORROW-6", doc->id));
	audit_grew("check-in");

	/* 7. A copy: requested, approved by the leader (COPY-1), made on the copier (COPY-5). */
	copy_req = request(FX()->li, "2027-03-01T03:00:00Z", "copy", &doc->id, 1, "{\"copies\":1}");
	approve(W()->leader, "2027-03-01T04:00:00Z", copy_req);
	{
		size_t made = 0;
		assert_int_equal(bm_svc_copy_execute(act(&ctx, FX()->clerk, "2027-03-01T05:00:00Z"),
		                                     copy_req, "机要室复印机", 1, &copy, &made),
		                 0);
		assert_int_equal(made, 1);
	}
	/* COPY-3: a new carrier linked to the source, with its level, period, scope, own serial. */
	c = svc_fx_carrier(&t_arena, copy->id);
	doc = svc_fx_carrier(&t_arena, doc->id);
	assert_true(c->id != doc->id);
	assert_int_equal(c->origin, BM_ORIGIN_COPY);
	assert_int_equal(c->copy_of, doc->id);
	assert_int_equal(c->level, BM_LEVEL_SECRET);
	assert_int_equal(c->period_kind, doc->period_kind);
	assert_int_equal(c->period_years, 10);
	assert_string_equal(bm_carrier_marking(&t_arena, c, false), "机密★10年");
	assert_int_equal(c->n_scope, doc->n_scope);
	for (size_t i = 0; i < c->n_scope; i++) {
		assert_int_equal(c->scope[i].person_id, doc->scope[i].person_id);
		assert_int_equal(c->scope[i].department_id, doc->scope[i].department_id);
	}
	assert_true(c->serial_number > 0 && c->serial_number != doc->serial_number);
	assert_string_equal(c->doc_number, doc->doc_number);
	reg = al_register(&t_arena, FX()->clerk, "copy", NULL, NULL);
	assert_true((row = al_row_of(&reg, c->id)) >= 0);
	assert_string_equal(al_cell(&reg, row, "source"),
	                    bm_arena_printf(&t_arena, "%lld 教密〔2026〕8号", (long long)doc->id));
	assert_string_equal(al_cell(&reg, row, "copier"), "机要室复印机");
	assert_string_equal(al_cell(&reg, row, "request_id"), id_text(copy_req));
	assert_string_equal(al_cell(&reg, row, "serial_number"), id_text(c->serial_number));
	assert_string_equal(al_cell(&reg, row, "date"), "2027-03-01");
	audit_grew("copy");

	/* 8. Both destroyed (DESTROY-1: listed item by item, approved by the leader). */
	ids[0] = doc->id;
	ids[1] = c->id;
	destroy_req = request(FX()->li, "2027-03-02T02:00:00Z", "destroy", ids, 2,
	                      "{\"method\":\"shred\",\"place\":\"机要室\"}");
	approve(W()->leader, "2027-03-02T03:00:00Z", destroy_req);
	audit_grew("destroy approved");
	/* DESTROY-2: two witnesses, neither the requester; refusals change nothing and are audited.
	 */
	{
		const char *one[] = {"张三"};
		const char *with_requester[] = {"张三", "li"};
		bm_svc_receipt own[2];
		fx_audit last;
		act(&ctx, FX()->clerk, "2027-03-02T04:00:00Z");
		al_assert_refused(bm_svc_destroy_execute(&ctx, destroy_req, NULL, NULL, one,
		                                         svc_fx_witness_receipts(one, 1, own), 1,
		                                         &d),
		                  BM_EDENIED, "DESTROY-2", "witnesses_required");
		svc_fx_audit_last(&last);
		assert_string_equal(last.outcome, "refused");
		assert_string_equal(last.rule, "DESTROY-2");
		act(&ctx, FX()->clerk, "2027-03-02T04:00:00Z");
		al_assert_refused(bm_svc_destroy_execute(
		                          &ctx, destroy_req, NULL, NULL, with_requester,
		                          svc_fx_witness_receipts(with_requester, 2, own), 2, &d),
		                  BM_EDENIED, "DESTROY-2", "requester_witness");
		assert_int_equal(svc_fx_carrier(&t_arena, doc->id)->status, BM_STATUS_IN_STORE);
		audit_grew("destroy refused");
	}
	{
		const char *witnesses[] = {"张三", "周一般"};
		bm_svc_receipt own[2];
		assert_int_equal(
		        bm_svc_destroy_execute(act(&ctx, FX()->clerk, "2027-03-02T05:00:00Z"),
		                               destroy_req, NULL, NULL, witnesses,
		                               svc_fx_witness_receipts(witnesses, 2, own), 2, &d),
		        0);
	}
	/* DESTROY-4: both stay in the ledger, destroyed, with the record. */
	assert_int_equal(svc_fx_carrier(&t_arena, doc->id)->status, BM_STATUS_DESTROYED);
	assert_int_equal(svc_fx_carrier(&t_arena, c->id)->status, BM_STATUS_DESTROYED);
	reg = al_register(&t_arena, FX()->clerk, "destroy", NULL, NULL);
	for (size_t k = 0; k < 2; k++) {
		assert_true((row = al_row_of(&reg, ids[k])) >= 0);
		assert_string_equal(al_cell(&reg, row, "destruction_id"), id_text(d->id));
		assert_string_equal(al_cell(&reg, row, "date"), "2027-03-02");
		assert_string_equal(al_cell(&reg, row, "method"), "粉碎");
		assert_string_equal(al_cell(&reg, row, "place"), "机要室");
		assert_string_equal(al_cell(&reg, row, "approvers"), "分管领导");
		assert_string_equal(al_cell(&reg, row, "witnesses"), "张三、周一般");
		assert_string_equal(al_cell(&reg, row, "request_id"), id_text(destroy_req));
	}
	/* The earlier registers still show the document's life. */
	reg = al_register(&t_arena, FX()->clerk, "incoming", NULL, NULL);
	assert_true(al_row_of(&reg, doc->id) >= 0);
	reg = al_register(&t_arena, FX()->clerk, "borrow", NULL, NULL);
	assert_true(al_row_of(&reg, doc->id) >= 0);
	/* Destroyed: no more alerts about it, not even its period (LEVEL-6) ten years on. */
	v = al_alerts(&t_arena, FX()->clerk, "2036-11-23T02:00:00Z", &n);
	for (size_t i = 0; i < n; i++)
		assert_true(v[i].carrier_id != doc->id && v[i].carrier_id != c->id);
	audit_grew("destroy");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(issue_3_scenario_top_to_bottom),
	};
	int rc;
	bm_arena_init(&t_arena, 0);
	rc = cmocka_run_group_tests(tests, wf_group_setup, wf_group_teardown);
	bm_arena_release(&t_arena);
	return rc;
}
