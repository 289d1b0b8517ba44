/*
 * test_count.c — src/service/count.c: counting (清查), INV-1..4. Sessions
 * per custodian, department and the whole unit; ticks by id; the result
 * lists found, missing, out (accounted for), unexpected and incomplete;
 * a missing carrier opens an incident. Every refusal asserts the error
 * class, code and rule, and that the store is unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

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
#define W()  wf_get()

static int start_as(bm_person *who, const char *kind, const char *ref, bm_count_session_row **out)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_count_start(&ctx, kind, ref, "季度清查", out);
}

static int64_t start(const char *kind, const char *ref)
{
	bm_count_session_row *s = NULL;
	int rc = start_as(FX()->clerk, kind, ref, &s);
	if (rc)
		fprintf(stderr, "# count start failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	assert_null(s->closed_at);
	return s->id;
}

static int tick_as(bm_person *who, int64_t session, int64_t carrier, bool incomplete,
                   const char *note)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_count_tick(&ctx, session, carrier, incomplete, note);
}

static void tick(int64_t session, int64_t carrier, bool incomplete, const char *note)
{
	assert_int_equal(tick_as(FX()->clerk, session, carrier, incomplete, note), 0);
}

/* The review of an open count (INV-4): what its close must confirm. */
static void review_count(int64_t session, bm_count_confirm *k)
{
	bm_ctx ctx;
	bm_count_page pg = {.review = true, .limit = 1};
	bm_count_result pre;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_show_page(&ctx, session, &pg, &pre), 0);
	assert_true(pre.review_asked);
	assert_non_null(pre.confirm.token);
	assert_int_equal(strlen(pre.confirm.token), 16);
	*k = pre.confirm;
}

static int close_confirmed(int64_t session, const bm_count_confirm *k, const bm_count_page *pg,
                           bm_count_result *r)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_count_close_confirmed(&ctx, session, k, pg, r);
}

/* The close as the clerk makes it (INV-4): reviewed, then confirmed; a closed count as is. */
static int close_count(int64_t session, bm_count_result *r)
{
	bm_ctx ctx;
	bm_count_page pg = {.review = true, .limit = 1};
	bm_count_result pre;
	bm_count_confirm k;
	int rc;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	if ((rc = bm_svc_count_show_page(&ctx, session, &pg, &pre)) != 0)
		return rc;
	k = pre.confirm;
	return close_confirmed(session, pre.review_asked ? &k : NULL, NULL, r);
}

/* One statement straight on the fixture's database: its single integer. */
static int64_t direct(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(FX()->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/*
 * The tallies the close keeps in bulk (migration 17, triggers guarded) are
 * what counting the rows gives, each key row follows its carrier, and the
 * guard is down again.
 */
static void assert_tallies_recount(void)
{
	assert_int_equal(direct("SELECT count(*) FROM (SELECT unit_id, level, status, count(*)"
	                        " FROM carrier GROUP BY 1, 2, 3 EXCEPT SELECT unit_id, level,"
	                        " status, n FROM carrier_tally WHERE n <> 0)"),
	                 0);
	assert_int_equal(direct("SELECT count(*) FROM (SELECT unit_id, level, status, n"
	                        " FROM carrier_tally WHERE n <> 0 EXCEPT SELECT unit_id, level,"
	                        " status, count(*) FROM carrier GROUP BY 1, 2, 3)"),
	                 0);
	assert_int_equal(direct("SELECT count(*) FROM (SELECT unit_id, term, ref, level, status,"
	                        " count(*) FROM carrier_sight GROUP BY 1, 2, 3, 4, 5 EXCEPT"
	                        " SELECT unit_id, term, ref, level, status, n"
	                        " FROM carrier_sight_tally WHERE n <> 0)"),
	                 0);
	assert_int_equal(direct("SELECT count(*) FROM (SELECT unit_id, term, ref, level, status, n"
	                        " FROM carrier_sight_tally WHERE n <> 0 EXCEPT SELECT unit_id,"
	                        " term, ref, level, status, count(*) FROM carrier_sight"
	                        " GROUP BY 1, 2, 3, 4, 5)"),
	                 0);
	assert_int_equal(direct("SELECT count(*) FROM carrier_sight x JOIN carrier c"
	                        " ON c.id = x.carrier_id WHERE x.status <> c.status"
	                        " OR x.level <> c.level OR x.unit_id <> c.unit_id"),
	                 0);
	assert_int_equal(direct("SELECT count(*) FROM bulk_guard"), 0);
}

static void show_count(int64_t session, bm_count_result *r)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_show(&ctx, session, r), 0);
}

static const bm_count_line *line_of(const bm_count_line *v, size_t n, int64_t id)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].carrier_id == id)
			return &v[i];
	return NULL;
}

static size_t tick_count(int64_t session)
{
	bm_count_item_row *rows;
	size_t n;
	bm_store *s = FX()->store;
	assert_int_equal(BM_STORE(s, count_items)(s, &t_arena, session, &rows, &n), 0);
	return n;
}

/* INV-1: a count covers a custodian, a department or the whole unit; only the clerk starts one. */
static void inv_1_sessions_per_scope(void **state)
{
	bm_count_session_row *s = NULL, *rows;
	size_t n, before = ld_count_session_count();
	bm_ctx ctx;
	(void)state;
	assert_int_equal(start_as(FX()->clerk, "unit", NULL, &s), 0);
	assert_string_equal(s->scope_kind, "unit");
	assert_int_equal(s->scope_id, 0);
	assert_string_equal(s->reason, "季度清查");
	assert_string_equal(s->started_by_name, "王秘书");
	assert_int_equal(start_as(FX()->clerk, "部门", "科技处", &s), 0);
	assert_string_equal(s->scope_kind, "department");
	assert_int_equal(s->scope_id, FX()->tech_id);
	assert_int_equal(start_as(FX()->clerk, "custodian", "li", &s), 0);
	assert_string_equal(s->scope_kind, "custodian");
	assert_int_equal(s->scope_id, FX()->li->id);
	assert_int_equal(ld_count_session_count(), before + 3);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_list(&ctx, &rows, &n), 0);
	assert_int_equal(n, before + 3);
	assert_string_equal(rows[n - 1].scope_kind, "custodian");

	/* Refusals start nothing. */
	before = ld_count_session_count();
	ld_refused(start_as(FX()->clerk, "shelf", "A", &s), BM_EINVALID, "INV-3", "invalid_scope");
	ld_refused(start_as(FX()->clerk, "unit", "科技处", &s), BM_EINVALID, "INV-3",
	           "scope_ref_unexpected");
	ld_refused(start_as(FX()->li, "unit", NULL, &s), BM_EDENIED, "INV-1", "role_required");
	ld_audit_refused("INV-1");
	ld_refused(start_as(FX()->auditor, "unit", NULL, &s), BM_EDENIED, "SYS-1",
	           "admin_no_business");
	assert_int_equal(start_as(FX()->clerk, "department", "无此部门", &s), BM_ENOTFOUND);
	assert_int_equal(start_as(FX()->clerk, "custodian", "nobody", &s), BM_ENOTFOUND);
	assert_int_equal(ld_count_session_count(), before);
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	ld_refused(bm_svc_count_list(&ctx, &rows, &n), BM_EDENIED, "INV-1", "role_required");
	ld_audit_intact();
}

/*
 * INV-3: the result lists found, missing, unexpected and incomplete items;
 * INV-4: each missing carrier becomes `missing` and opens an incident.
 */
static void inv_3_found_missing_unexpected_incomplete(void **state)
{
	int64_t a = ld_register(&t_arena, "财务甲", "秘密", "档案室", "财务处", "财务处", NULL);
	int64_t b = ld_register(&t_arena, "财务乙", "秘密", "档案室", "财务处", "财务处", NULL);
	int64_t c =
	        ld_register(&t_arena, "财务丙", "机密", "机要室保密柜", "财务处", "财务处", NULL);
	int64_t other =
	        ld_register(&t_arena, "办公室件", "内部", "普通文件柜", NULL, "办公室", NULL);
	int64_t s = start("department", "财务处");
	size_t incidents = ld_incident_count();
	bm_count_result r;
	const bm_count_line *l;
	(void)state;
	tick(s, a, false, NULL);
	tick(s, b, true, "缺附件二");
	tick(s, 987654, false, "标签无法识别");
	tick(s, other, false, NULL);

	/* Before the close: a preview that changes nothing. */
	show_count(s, &r);
	assert_int_equal(r.n_expected, 3);
	assert_int_equal(r.n_found, 2);
	assert_int_equal(r.n_missing, 1);
	assert_int_equal(r.missing[0].carrier_id, c);
	assert_int_equal(r.missing[0].incident_id, 0);
	assert_false(r.accounted);
	assert_int_equal(ld_status(c), BM_STATUS_IN_STORE);
	assert_int_equal(ld_incident_count(), incidents);

	assert_int_equal(close_count(s, &r), 0);
	assert_non_null(r.session->closed_at);
	assert_int_equal(r.n_expected, 3);
	assert_int_equal(r.n_found, 2);
	assert_non_null(line_of(r.found, r.n_found, a));
	assert_non_null(l = line_of(r.found, r.n_found, b));
	assert_string_equal(l->title, "财务乙");
	assert_string_equal(l->note, "缺附件二");
	/* INV-3: found without all attachments. */
	assert_int_equal(r.n_incomplete, 1);
	assert_int_equal(r.incomplete[0].carrier_id, b);
	/* INV-3: ticked but not expected: an id the ledger lacks, and one outside the scope. */
	assert_int_equal(r.n_unexpected, 2);
	assert_non_null(l = line_of(r.unexpected, r.n_unexpected, 987654));
	assert_null(l->title);
	assert_string_equal(l->where, "台账中没有此编号");
	assert_non_null(l = line_of(r.unexpected, r.n_unexpected, other));
	assert_string_equal(l->where, "不属于本次清查范围");
	/* INV-4: missing → status missing, an incident opened, history written. */
	assert_int_equal(r.n_missing, 1);
	assert_int_equal(r.missing[0].carrier_id, c);
	assert_string_equal(r.missing[0].status, "missing");
	assert_true(r.missing[0].incident_id > 0);
	assert_false(r.accounted);
	assert_int_equal(ld_status(c), BM_STATUS_MISSING);
	assert_int_equal(ld_incident_count(), incidents + 1);
	{
		bm_incident_row *i;
		bm_store *st = FX()->store;
		assert_int_equal(
		        BM_STORE(st, incident_get)(st, &t_arena, r.missing[0].incident_id, &i), 0);
		/* One incident for the count (issue 17): no carrier of its own, the quantity
		   (INC-1) the number of missing carriers, which its lines name. */
		assert_string_equal(i->kind, "missing");
		assert_int_equal(i->carrier_id, 0);
		assert_string_equal(i->status, "open");
		assert_non_null(strstr(i->detail, "\"rule\":\"INV-4\""));
		assert_non_null(strstr(i->detail, "\"quantity\":\"1\""));
		assert_non_null(strstr(i->detail, "清查"));
	}
	{
		const char *last;
		ld_history(c, &last);
		assert_string_equal(last, "count.missing");
	}
	/* The stored result reads back the same. */
	{
		bm_count_result back;
		show_count(s, &back);
		assert_int_equal(back.n_expected, 3);
		assert_int_equal(back.n_found, 2);
		assert_int_equal(back.n_missing, 1);
		assert_int_equal(back.missing[0].incident_id, r.missing[0].incident_id);
		assert_int_equal(back.n_unexpected, 2);
		assert_int_equal(back.n_incomplete, 1);
		assert_false(back.accounted);
	}
	/* Closing twice, or ticking a closed count, is refused and changes nothing. */
	incidents = ld_incident_count();
	ld_refused(close_count(s, &r), BM_ECONFLICT, "INV-3", "count_closed");
	ld_audit_refused("INV-3");
	ld_refused(tick_as(FX()->clerk, s, c, false, NULL), BM_ECONFLICT, "INV-3", "count_closed");
	assert_int_equal(tick_count(s), 4);
	assert_int_equal(ld_incident_count(), incidents);
}

/* INV-3: carriers on loan, in circulation or on their way count as "out, accounted for". */
static void inv_3_out_is_accounted_for(void **state)
{
	int64_t lent =
	        ld_register(&t_arena, "借出件", "秘密", "档案室", "科技处", "科技处", "zhao");
	int64_t circ =
	        ld_register(&t_arena, "传阅件", "秘密", "档案室", "科技处", "科技处", "zhao");
	int64_t sent =
	        ld_register(&t_arena, "发出件", "秘密", "档案室", "科技处", "科技处", "zhao");
	int64_t kept =
	        ld_register(&t_arena, "在库件", "秘密", "档案室", "科技处", "科技处", "zhao");
	bm_request_row *req = NULL;
	bm_loan_row *loan = NULL;
	bm_dispatch_row *d = NULL;
	bm_count_result r;
	const bm_count_line *l;
	bm_ctx ctx;
	int64_t s;
	(void)state;
	assert_int_equal(wf_request(&t_arena, FX()->li, "borrow", lent, NULL, &req), 0);
	assert_int_equal(wf_decide(&t_arena, W()->kjhead, req->id, true), 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_issue(&ctx, req->id, lent, &(bm_svc_receipt){.password = FX_PW},
	                              NULL, &loan),
	                 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_circulate(&ctx, circ, "li", "科技处办公室",
	                                  &(bm_svc_receipt){.password = FX_PW}, &loan),
	                 0);
	{
		static const char *const to[] = {"市科技局"};
		bm_dispatch_input in = {.carrier_ids = &sent,
		                        .n_carriers = 1,
		                        .recipients = to,
		                        .n_recipients = 1,
		                        .channel = "courier"};
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_dispatch_create(&ctx, &in, &d), 0);
	}
	assert_int_equal(ld_status(lent), BM_STATUS_LENT);
	assert_int_equal(ld_status(circ), BM_STATUS_CIRCULATING);
	assert_int_equal(ld_status(sent), BM_STATUS_TAKEN_OUT);

	s = start("保管人", "zhao");
	tick(s, kept, false, NULL);
	assert_int_equal(close_count(s, &r), 0);
	assert_int_equal(r.n_expected, 4);
	assert_int_equal(r.n_found, 1);
	assert_int_equal(r.n_missing, 0);
	assert_int_equal(r.n_unexpected, 0);
	assert_int_equal(r.n_out, 3);
	assert_true(r.accounted);
	assert_non_null(l = line_of(r.out, r.n_out, lent));
	assert_non_null(strstr(l->where, "李四"));
	assert_non_null(strstr(l->where, "借阅记录"));
	assert_null(strstr(l->where, " / ")); /* one language, no codes */
	assert_null(strstr(l->where, "borrow"));
	assert_non_null(l = line_of(r.out, r.n_out, circ));
	assert_non_null(strstr(l->where, "借阅记录"));
	assert_non_null(l = line_of(r.out, r.n_out, sent));
	assert_non_null(strstr(l->where, "发出途中"));
	/* Nothing out was flagged. */
	assert_int_equal(ld_status(lent), BM_STATUS_LENT);
	assert_int_equal(ld_status(sent), BM_STATUS_TAKEN_OUT);

	/* Once the receipt is signed it has left the unit's custody: no longer expected. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_dispatch_sign(&ctx, d->id, sent, "市科技局 收"), 0);
	s = start("custodian", "zhao");
	show_count(s, &r);
	assert_int_equal(r.n_expected, 3);
	assert_null(line_of(r.out, r.n_out, sent));
	/* A signed-for carrier ticked anyway is unexpected, and says why. */
	tick(s, sent, false, NULL);
	show_count(s, &r);
	assert_non_null(l = line_of(r.unexpected, r.n_unexpected, sent));
	assert_non_null(strstr(l->where, "台账记为"));
	assert_null(strstr(l->where, " / ")); /* one language, kept as the sheet prints it */
}

/* INV-4: a missing carrier found at a later count goes back in store; its incident is not doubled.
 */
static void inv_4_missing_found_again(void **state)
{
	int64_t x = ld_register(&t_arena, "出纳甲", "秘密", "档案室", "财务处", "财务处", "zhao");
	int64_t y = ld_register(&t_arena, "出纳乙", "秘密", "档案室", "财务处", "财务处", "zhao");
	bm_count_result r;
	int64_t s, incident_y;
	size_t incidents;
	const char *last;
	(void)state;
	s = start("custodian", "zhao");
	assert_int_equal(close_count(s, &r), 0);
	/* Everything of zhao's still in store is missing now (the earlier tests' too). */
	assert_non_null(line_of(r.missing, r.n_missing, x));
	assert_non_null(line_of(r.missing, r.n_missing, y));
	incident_y = line_of(r.missing, r.n_missing, y)->incident_id;
	assert_true(incident_y > 0);
	assert_int_equal(ld_status(x), BM_STATUS_MISSING);

	incidents = ld_incident_count();
	s = start("custodian", "zhao");
	tick(s, x, false, "在抽屉中找到");
	assert_int_equal(close_count(s, &r), 0);
	assert_non_null(line_of(r.found, r.n_found, x));
	assert_string_equal(line_of(r.found, r.n_found, x)->status, "in_store");
	assert_int_equal(ld_status(x), BM_STATUS_IN_STORE);
	ld_history(x, &last);
	assert_string_equal(last, "count.found");
	/* Still missing: the open incident is kept, none added. */
	assert_int_equal(line_of(r.missing, r.n_missing, y)->incident_id, incident_y);
	assert_int_equal(ld_incident_count(), incidents);
	assert_int_equal(ld_status(y), BM_STATUS_MISSING);
	assert_tallies_recount();
}

/* INV-1 alerts at now + `days` naming the level (English name), as the clerk. */
static size_t count_alerts(int days, const char *level_en)
{
	bm_ctx ctx;
	bm_alert *v;
	size_t n, k = 0;
	char quoted[64];
	snprintf(quoted, sizeof(quoted), "'%s'", level_en);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_alerts(&ctx, FX()->now + days * 86400LL, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].rule, "INV-1") == 0 && strstr(v[i].text_en, quoted))
			k++;
	return k;
}

/* INV-1/INV-3: a count of the whole unit expects every live carrier the clerk may see. */
static void inv_1_whole_unit_count(void **state)
{
	bm_ledger_query q = {
	        .scope_kind = "unit", .live_only = true, .status = -1, .origin = -1, .origin2 = -1};
	int64_t *ids, gone;
	size_t n;
	bm_count_result r;
	bm_store *st = FX()->store;
	int64_t s;
	(void)state;
	gone = ld_register(&t_arena, "全单位清查缺件", "内部", "普通文件柜", NULL, NULL, NULL);
	ld_register(&t_arena, "全单位绝密件", "绝密", "机要室保密柜", "zhao", NULL, NULL);
	/* INV-1: never counted, so every level held is due now. */
	assert_int_equal(count_alerts(0, "top secret"), 1);
	assert_int_equal(count_alerts(0, "confidential"), 1);
	assert_int_equal(BM_STORE(st, ledger_carrier_ids)(st, &t_arena, &q, &ids, &n), 0);
	s = start("unit", NULL);
	for (size_t i = 0; i < n; i++)
		if (ids[i] != gone)
			tick(s, ids[i], false, NULL);
	assert_int_equal(close_count(s, &r), 0);
	assert_int_equal(r.n_expected, n);
	assert_int_equal(r.n_found, n - 1);
	assert_int_equal(r.n_missing, 1);
	assert_int_equal(r.missing[0].carrier_id, gone);
	assert_int_equal(r.n_unexpected, 0);
	assert_int_equal(ld_status(gone), BM_STATUS_MISSING);
	assert_tallies_recount();
	/* INV-1: counted today; 绝密 is due again after a month, the others after a quarter. */
	assert_int_equal(count_alerts(0, "top secret"), 0);
	assert_int_equal(count_alerts(0, "confidential"), 0);
	assert_int_equal(count_alerts(40, "top secret"), 1);
	assert_int_equal(count_alerts(40, "confidential"), 0);
	assert_int_equal(count_alerts(100, "confidential"), 1);
	{
		json_t *j = bm_count_result_to_json(&r);
		assert_int_equal(json_integer_value(json_object_get(j, "expected")), (json_int_t)n);
		assert_int_equal(json_array_size(json_object_get(j, "missing")), 1);
		assert_false(json_is_true(json_object_get(j, "accounted")));
		assert_string_equal(
		        json_string_value(json_object_get(json_object_get(j, "session"), "scope")),
		        "unit");
		json_decref(j);
	}
	ld_audit_intact();
}

/* INV-3: bad ticks: unknown count, no id, a duplicate (replaces), not the clerk. */
static void inv_3_bad_ticks(void **state)
{
	int64_t c = ld_register(&t_arena, "清点件", "秘密", "档案室", "科技处", "科技处", "li");
	int64_t s = start("custodian", "li");
	bm_count_item_row *rows;
	size_t n;
	bm_store *st = FX()->store;
	(void)state;
	ld_refused(tick_as(FX()->clerk, 999999, c, false, NULL), BM_ENOTFOUND, "INV-3",
	           "unknown_count");
	ld_refused(tick_as(FX()->clerk, s, 0, false, NULL), BM_EINVALID, "INV-3",
	           "invalid_carrier_id");
	ld_refused(tick_as(FX()->clerk, s, -5, false, NULL), BM_EINVALID, "INV-3",
	           "invalid_carrier_id");
	ld_refused(tick_as(FX()->li, s, c, false, NULL), BM_EDENIED, "INV-3", "role_required");
	ld_refused(tick_as(FX()->secadmin, s, c, false, NULL), BM_EDENIED, "SYS-1",
	           "admin_no_business");
	ld_audit_refused("SYS-1");
	assert_int_equal(tick_count(s), 0);
	/*
	 * A second scan of the same carrier is one tick (issue 14 point 6): a
	 * plain rescan keeps "incomplete", one with a note is the clerk's word.
	 */
	tick(s, c, true, "缺页");
	tick(s, c, false, NULL);
	assert_int_equal(BM_STORE(st, count_items)(st, &t_arena, s, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_true(rows[0].incomplete);
	assert_string_equal(rows[0].note, "缺页");
	tick(s, c, false, "补齐");
	assert_int_equal(BM_STORE(st, count_items)(st, &t_arena, s, &rows, &n), 0);
	assert_int_equal(n, 1);
	assert_false(rows[0].incomplete);
	assert_string_equal(rows[0].note, "补齐");
	{
		bm_ctx ctx;
		bm_count_result r;
		svc_fx_ctx(&ctx, &t_arena, FX()->li);
		ld_refused(bm_svc_count_show(&ctx, s, &r), BM_EDENIED, "INV-3", "role_required");
		ld_refused(bm_svc_count_close(&ctx, s, &r), BM_EDENIED, "INV-3", "role_required");
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		ld_refused(bm_svc_count_show(&ctx, 999999, &r), BM_ENOTFOUND, "INV-3",
		           "unknown_count");
		ld_refused(bm_svc_count_close(&ctx, 999999, &r), BM_ENOTFOUND, "INV-3",
		           "unknown_count");
	}
	/* The session is still open and closes normally. */
	assert_int_equal(close_count(s, NULL), 0);
	ld_audit_intact();
}

/* The ids of a list's lines, in order, after the ones already in `ids`. */
static size_t collect_ids(const bm_count_line *v, size_t n, int64_t *ids, size_t have)
{
	for (size_t i = 0; i < n; i++)
		ids[have + i] = v[i].carrier_id;
	return have + n;
}

static void show_page(int64_t session, const bm_count_page *pg, bm_count_result *r)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_show_page(&ctx, session, pg, r), 0);
}

/* Every line of list `k` read page by page (`limit` a page), as a client pages. */
static size_t read_pages(int64_t session, bm_count_list k, int64_t limit, int64_t *ids)
{
	bm_count_page pg = {.limit = limit, .one = true, .list = k};
	bm_count_result r;
	size_t n = 0;
	for (int guard = 0; guard < 100; guard++) {
		const bm_count_line *v[BM_COUNT_LISTS];
		size_t nv[BM_COUNT_LISTS];
		show_page(session, &pg, &r);
		v[BM_COUNT_FOUND] = r.found, nv[BM_COUNT_FOUND] = r.n_found;
		v[BM_COUNT_MISSING] = r.missing, nv[BM_COUNT_MISSING] = r.n_missing;
		v[BM_COUNT_OUT] = r.out, nv[BM_COUNT_OUT] = r.n_out;
		v[BM_COUNT_UNEXPECTED] = r.unexpected, nv[BM_COUNT_UNEXPECTED] = r.n_unexpected;
		v[BM_COUNT_INCOMPLETE] = r.incomplete, nv[BM_COUNT_INCOMPLETE] = r.n_incomplete;
		/* Only the list asked for is given, never more than a page of it. */
		for (int j = 0; j < BM_COUNT_LISTS; j++)
			assert_true(j == (int)k ? nv[j] <= (size_t)limit : nv[j] == 0);
		n = collect_ids(v[k], nv[k], ids, n);
		if (!r.next[k])
			return n;
		assert_int_equal(r.next[k], ids[n - 1]);
		pg.after = r.next[k];
	}
	fail_msg("paging did not end");
	return n;
}

/*
 * Issue 17: a count's answer is summarised (every list's size) and paged by
 * carrier id, before and after the close; the close is set-based and still
 * does what INV-3 and INV-4 require: each missing carrier flagged `missing`
 * with a history event, one incident each (kind missing, INC-1 detail
 * naming INV-4), and one audit event for the whole close with the counts and
 * the digest of the stored lines.
 */
static void inv_3_paged_summary_and_set_based_close(void **state)
{
	int64_t id[7], ids[16], all[16];
	bm_count_page page2 = {.limit = 2};
	bm_count_result full, r;
	size_t n, incidents, missing;
	int64_t incident = 0;
	fx_audit before, after;
	int64_t s, prior;
	(void)state;
	/* li's carriers of the earlier tests are found: the new ones are the count's subject. */
	s = start("custodian", "li");
	show_count(s, &full);
	prior = full.tally.expected;
	assert_int_equal(full.n_missing + full.n_found, (size_t)prior);
	for (size_t i = 0; i < full.n_missing; i++)
		tick(s, full.missing[i].carrier_id, false, NULL);
	for (int i = 0; i < 7; i++)
		id[i] = ld_register(&t_arena, "分页件", "秘密", "档案室", "科技处", "科技处", "li");
	tick(s, id[0], false, NULL);
	tick(s, id[1], true, "缺附件");
	tick(s, 987001, false, NULL);

	/* The preview: the whole tally, two lines of each list, and where each continues. */
	show_count(s, &full);
	assert_int_equal(full.tally.expected, prior + 7);
	assert_int_equal(full.tally.n[BM_COUNT_FOUND], prior + 2);
	assert_int_equal(full.tally.n[BM_COUNT_INCOMPLETE], 1);
	assert_int_equal(full.tally.n[BM_COUNT_MISSING], 5);
	assert_int_equal(full.tally.n[BM_COUNT_OUT], 0);
	assert_int_equal(full.tally.n[BM_COUNT_UNEXPECTED], 1);
	assert_int_equal(full.n_missing, 5);
	for (int k = 0; k < BM_COUNT_LISTS; k++)
		assert_int_equal(full.next[k], 0);
	show_page(s, &page2, &r);
	assert_memory_equal(&r.tally, &full.tally, sizeof(r.tally));
	assert_int_equal(r.n_expected, (size_t)prior + 7);
	assert_false(r.accounted);
	assert_int_equal(r.n_missing, 2);
	assert_int_equal(r.missing[0].carrier_id, id[2]);
	assert_int_equal(r.next[BM_COUNT_MISSING], id[3]);
	assert_int_equal(r.n_found, 2);
	assert_int_equal(r.n_unexpected, 1);
	/* Page by page, the missing list is the whole one, in id order. */
	n = read_pages(s, BM_COUNT_MISSING, 2, ids);
	assert_int_equal(n, 5);
	assert_int_equal(collect_ids(full.missing, full.n_missing, all, 0), 5);
	assert_memory_equal(ids, all, 5 * sizeof(ids[0]));
	assert_int_equal(read_pages(s, BM_COUNT_UNEXPECTED, 1, ids), 1);
	assert_int_equal(ids[0], 987001);
	assert_int_equal(ld_status(id[2]), BM_STATUS_IN_STORE);

	/* The close, answered with a page of each list. */
	incidents = ld_incident_count();
	{
		bm_count_confirm k;
		review_count(s, &k);
		assert_int_equal(k.carriers, 5);
		assert_int_equal(k.on_open, 0);
		svc_fx_audit_last(&before);
		assert_int_equal(close_confirmed(s, &k, &page2, &r), 0);
	}
	svc_fx_audit_last(&after);
	missing = (size_t)r.tally.n[BM_COUNT_MISSING];
	assert_int_equal(missing, 5);
	assert_int_equal(r.n_missing, 2);
	assert_int_equal(r.next[BM_COUNT_MISSING], id[3]);
	assert_non_null(r.digest);
	assert_int_equal(strncmp(r.digest, "sm3:", 4), 0);
	assert_int_equal(strlen(r.digest), 4 + 64);
	/* INV-4: one incident for the count listing every missing carrier (INC-1 quantity),
	   each carrier flagged with its history event naming it. */
	assert_int_equal(ld_incident_count(), incidents + 1);
	n = read_pages(s, BM_COUNT_MISSING, 2, ids);
	assert_int_equal(n, missing);
	for (size_t i = 0; i < n; i++) {
		bm_count_page one = {
		        .limit = 1, .one = true, .list = BM_COUNT_MISSING, .after = ids[i] - 1};
		bm_incident_row *inc;
		bm_store *st = FX()->store;
		const char *last;
		assert_int_equal(ids[i], id[2 + i]);
		assert_int_equal(ld_status(ids[i]), BM_STATUS_MISSING);
		show_page(s, &one, &r);
		assert_int_equal(r.missing[0].carrier_id, ids[i]);
		assert_string_equal(r.missing[0].status, "missing");
		assert_int_equal(
		        BM_STORE(st, incident_get)(st, &t_arena, r.missing[0].incident_id, &inc),
		        0);
		if (i == 0)
			incident = r.missing[0].incident_id;
		assert_int_equal(r.missing[0].incident_id, incident);
		assert_string_equal(inc->kind, "missing");
		assert_int_equal(inc->carrier_id, 0);
		assert_string_equal(inc->status, "open");
		assert_non_null(strstr(inc->detail, "\"rule\":\"INV-4\""));
		assert_non_null(strstr(inc->detail, "\"quantity\":\"5\""));
		assert_non_null(strstr(inc->detail, "\"level\":\"confidential\""));
		assert_int_equal(ld_history(ids[i], &last), 2); /* registered, count.missing */
		assert_string_equal(last, "count.missing");
		{
			bm_carrier_event *ev;
			size_t ne;
			char want[64];
			assert_int_equal(
			        BM_STORE(st, carrier_event_list)(st, &t_arena, ids[i], &ev, &ne),
			        0);
			snprintf(want, sizeof(want), "\"incident_id\":%lld", (long long)incident);
			assert_non_null(strstr(ev[ne - 1].detail, want));
		}
	}
	/* Found ones are left alone. */
	assert_int_equal(ld_status(id[0]), BM_STATUS_IN_STORE);
	/* One audit event for the whole close: the counts and the digest, no list of carriers. */
	assert_int_equal(after.count, before.count + 1);
	assert_string_equal(after.action, "count.close");
	assert_string_equal(after.outcome, "ok");
	assert_non_null(strstr(after.detail, "\"missing\":5"));
	assert_non_null(strstr(after.detail, "\"incidents_opened\":1"));
	assert_non_null(strstr(after.detail, "\"unexpected\":1"));
	assert_non_null(strstr(after.detail, "\"digest\":\"sm3:"));
	assert_non_null(strstr(after.detail, "\"confirmed\":{\"missing\":5,"));
	/* The stored result: the same tally and digest, the same lines. */
	show_count(s, &r);
	assert_int_equal(r.tally.n[BM_COUNT_MISSING], 5);
	assert_int_equal(r.n_missing, 5);
	assert_int_equal(r.n_found, (size_t)prior + 2);
	assert_int_equal(r.n_incomplete, 1);
	assert_string_equal(r.incomplete[0].note, "缺附件");
	assert_int_equal(r.n_unexpected, 1);
	assert_string_equal(r.unexpected[0].where, "台账中没有此编号");
	assert_non_null(r.digest);
	assert_non_null(strstr(after.detail, r.digest));
	assert_tallies_recount();

	/* A later count that still misses them opens no second incident (INV-4): their lines
	   name the first count's, still open, and their history gains nothing. */
	{
		int64_t s2 = start("custodian", "li");
		show_count(s2, &full); /* nothing ticked yet: every expected carrier is missing */
		for (size_t i = 0; i < full.n_missing; i++)
			if (full.missing[i].carrier_id < id[2] ||
			    full.missing[i].carrier_id > id[6])
				tick(s2, full.missing[i].carrier_id, false, NULL);
		incidents = ld_incident_count();
		/* Issue 14 point 6: the review names the open incident each of them is on. */
		{
			bm_count_confirm k;
			bm_count_page one = {.one = true, .list = BM_COUNT_MISSING};
			review_count(s2, &k);
			assert_int_equal(k.carriers, 5);
			assert_int_equal(k.on_open, 5);
			show_page(s2, &one, &r);
			assert_int_equal(r.n_missing, 5);
			for (size_t i = 0; i < r.n_missing; i++)
				assert_int_equal(r.missing[i].incident_id, incident);
		}
		assert_int_equal(close_count(s2, &r), 0);
		assert_int_equal(r.tally.n[BM_COUNT_MISSING], 5);
		assert_int_equal(ld_incident_count(), incidents);
		for (size_t i = 0; i < r.n_missing; i++) {
			assert_int_equal(r.missing[i].incident_id, incident);
			assert_int_equal(ld_history(r.missing[i].carrier_id, NULL), 2);
		}
	}
	ld_audit_intact();
}

/*
 * INV-4, issue 14 point 6: a close that makes anything missing is confirmed
 * with what the review showed. Without it, or after a tick or a new carrier
 * since the review, it is refused and changes nothing (the refusal alone is
 * audited); the review's own confirmation closes it.
 */
static void inv_4_close_confirmed(void **state)
{
	int64_t a = ld_register(&t_arena, "确认甲", "秘密", "档案室", "办公室", "办公室", NULL);
	int64_t b = ld_register(&t_arena, "确认乙", "秘密", "档案室", "办公室", "办公室", NULL);
	int64_t c = ld_register(&t_arena, "确认丙", "秘密", "档案室", "办公室", "办公室", NULL);
	int64_t s = start("department", "办公室");
	bm_count_confirm k, k2, wrong;
	bm_count_result r;
	fx_audit before, after;
	size_t incidents = ld_incident_count();
	(void)state;
	/* The office's earlier carriers are found: b and c are the count's subject. */
	show_count(s, &r);
	for (size_t i = 0; i < r.n_missing; i++)
		if (r.missing[i].carrier_id != b && r.missing[i].carrier_id != c)
			tick(s, r.missing[i].carrier_id, false, NULL);
	tick(s, a, false, NULL);
	review_count(s, &k);
	assert_int_equal(k.carriers, 2);
	assert_int_equal(k.devices, 0);
	assert_int_equal(k.on_open, 0);

	/* Nothing confirmed: refused before any write. */
	svc_fx_audit_last(&before);
	ld_refused(close_confirmed(s, NULL, NULL, &r), BM_ECONFLICT, "INV-4", "count_unconfirmed");
	svc_fx_audit_last(&after);
	assert_int_equal(after.count, before.count + 1);
	ld_audit_refused("INV-4");
	assert_non_null(strstr(bm_error_last()->message, "下落不明"));
	assert_int_equal(ld_incident_count(), incidents);
	assert_int_equal(ld_status(b), BM_STATUS_IN_STORE);
	assert_int_equal(ld_status(c), BM_STATUS_IN_STORE);

	/* A wrong number or token: refused, all the close's writes undone. */
	wrong = k;
	wrong.carriers = 1;
	ld_refused(close_confirmed(s, &wrong, NULL, &r), BM_ECONFLICT, "INV-4",
	           "count_confirm_stale");
	wrong = k;
	wrong.token = "0000000000000000";
	ld_refused(close_confirmed(s, &wrong, NULL, &r), BM_ECONFLICT, "INV-4",
	           "count_confirm_stale");
	ld_audit_refused("INV-4");
	assert_int_equal(ld_incident_count(), incidents);
	assert_int_equal(ld_status(b), BM_STATUS_IN_STORE);
	assert_int_equal(direct("SELECT count(*) FROM count_line"
	                        " WHERE session_id = (SELECT max(id) FROM count_session)"),
	                 0);

	/* A tick since the review makes it stale, though the number of missing ones is right. */
	tick(s, 987321, false, "标签模糊");
	ld_refused(close_confirmed(s, &k, NULL, &r), BM_ECONFLICT, "INV-4", "count_confirm_stale");
	review_count(s, &k2);
	assert_int_equal(k2.carriers, 2);
	assert_string_not_equal(k2.token, k.token);
	/* So does a tick of a missing carrier, and a new carrier in the scope. */
	tick(s, b, false, NULL);
	(void)ld_register(&t_arena, "确认丁", "秘密", "档案室", "办公室", "办公室", NULL);
	ld_refused(close_confirmed(s, &k2, NULL, &r), BM_ECONFLICT, "INV-4", "count_confirm_stale");
	assert_int_equal(ld_incident_count(), incidents);

	/* The review's own confirmation closes it: c and the new one missing, one incident. */
	review_count(s, &k);
	assert_int_equal(k.carriers, 2);
	assert_int_equal(close_confirmed(s, &k, NULL, &r), 0);
	assert_non_null(r.session->closed_at);
	assert_int_equal(r.tally.n[BM_COUNT_MISSING], 2);
	assert_int_equal(ld_status(c), BM_STATUS_MISSING);
	assert_int_equal(ld_status(b), BM_STATUS_IN_STORE);
	assert_int_equal(ld_incident_count(), incidents + 1);
	svc_fx_audit_last(&after);
	assert_string_equal(after.action, "count.close");
	assert_string_equal(after.outcome, "ok");
	assert_non_null(strstr(after.detail, k.token));
	ld_audit_intact();
}

/* The number of count_device_item rows of `session`'s tick of `device` with `at` and `note`. */
static int64_t device_tick_rows(int64_t session, int64_t device, const char *at, const char *note)
{
	char sql[512];
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM count_device_item WHERE session_id = %lld"
	         " AND device_id = %lld AND at = '%s' AND note IS %s%s%s",
	         (long long)session, (long long)device, at, note ? "'" : "", note ? note : "NULL",
	         note ? "'" : "");
	return direct(sql);
}

static int tick_device(int64_t session, int64_t device, bool incomplete, const char *note,
                       bm_count_tick_info *info)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_count_tick_device_info(&ctx, session, device, incomplete, note, info);
}

/*
 * Issue 14 point 6, INV-3: a device scanned again is answered as a repeat,
 * with when it was first ticked, like a carrier: counted once, the first
 * tick's time kept; a plain rescan writes nothing, one with a note replaces
 * the note; the audit records the repeat. A refused rescan changes nothing.
 */
static void inv_3_device_rescan(void **state)
{
	int64_t s = start("custodian", "li"), dev = 424242, now = FX()->now;
	int64_t rows = direct("SELECT count(*) FROM count_device_item");
	char first[32], sql[160];
	bm_count_tick_info info;
	fx_audit before, after;
	(void)state;
	assert_int_equal(tick_device(s, dev, false, NULL, &info), 0);
	assert_false(info.repeat);
	assert_null(info.first_at);
	svc_fx_audit_last(&after);
	assert_null(strstr(after.detail, "\"repeat\""));
	assert_int_equal(direct("SELECT count(*) FROM count_device_item"), rows + 1);
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM count_device_item WHERE session_id = %lld AND at = '%s'",
	         (long long)s, "2026-11-23T02:00:00Z");
	assert_int_equal(direct(sql), 1);
	snprintf(first, sizeof(first), "%s", "2026-11-23T02:00:00Z");

	/* A minute later, the same device again: a repeat, the first time kept, nothing new. */
	FX()->now = now + 60;
	assert_int_equal(tick_device(s, dev, false, NULL, &info), 0);
	assert_true(info.repeat);
	assert_string_equal(info.first_at, first);
	assert_int_equal(direct("SELECT count(*) FROM count_device_item"), rows + 1);
	assert_int_equal(device_tick_rows(s, dev, first, NULL), 1);
	svc_fx_audit_last(&after);
	assert_string_equal(after.action, "count.tick");
	assert_string_equal(after.outcome, "ok");
	assert_non_null(strstr(after.detail, "\"repeat\":true"));
	assert_non_null(strstr(after.detail, "\"first_at\":\"2026-11-23T02:00:00Z\""));

	/* With a note: the clerk's word replaces the note, the first time stays. */
	FX()->now = now + 120;
	assert_int_equal(tick_device(s, dev, false, "在机房", &info), 0);
	assert_true(info.repeat);
	assert_string_equal(info.first_at, first);
	assert_int_equal(device_tick_rows(s, dev, first, "在机房"), 1);
	/* A plain rescan keeps it. */
	assert_int_equal(tick_device(s, dev, false, NULL, &info), 0);
	assert_true(info.repeat);
	assert_int_equal(device_tick_rows(s, dev, first, "在机房"), 1);

	/* Refused (a device is never incomplete, INV-3): the tick is as it was. */
	svc_fx_audit_last(&before);
	ld_refused(tick_device(s, dev, true, "缺件", &info), BM_EINVALID, "INV-3",
	           "device_incomplete");
	assert_false(info.repeat);
	ld_audit_refused("INV-3");
	svc_fx_audit_last(&after);
	assert_int_equal(after.count, before.count + 1);
	assert_int_equal(direct("SELECT count(*) FROM count_device_item"), rows + 1);
	assert_int_equal(device_tick_rows(s, dev, first, "在机房"), 1);

	/* The close counts it once, as unexpected (no such device in the register). */
	{
		bm_count_result r;
		assert_int_equal(close_count(s, &r), 0);
		assert_int_equal(r.device_tally.n[BM_COUNT_UNEXPECTED], 1);
	}
	/* A closed count: refused, nothing changed. */
	ld_refused(tick_device(s, dev, false, "再扫", &info), BM_ECONFLICT, "INV-3",
	           "count_closed");
	assert_int_equal(device_tick_rows(s, dev, first, "在机房"), 1);
	FX()->now = now;
	ld_audit_intact();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(inv_1_sessions_per_scope, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_3_found_missing_unexpected_incomplete, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(inv_3_out_is_accounted_for, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_4_missing_found_again, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_1_whole_unit_count, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_3_bad_ticks, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_4_close_confirmed, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_3_device_rescan, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inv_3_paged_summary_and_set_based_close, t_setup,
	                                        t_teardown),
	};
	return cmocka_run_group_tests_name("ledger_count", tests, wf_group_setup,
	                                   wf_group_teardown);
}
