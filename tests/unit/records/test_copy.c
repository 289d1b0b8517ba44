/*
 * test_copy.c — src/service/records.c: copies and extracts (COPY-1..5,
 * BORROW-4), making (MAKE-1..3) and widening a scope (CIRC-1) carried out at
 * the clerk's desk on approved requests. Every test names the rule it proves;
 * every refusal asserts class, code and rule and that nothing changed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "rec_fixture.h"
#include "service/ledger.h"
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

/* A 秘密 carrier of 科技处 in 档案室, period 5 years, optionally with a document number. */
static int64_t secret_doc(const char *title, const char *doc_number, const char *serial)
{
	bm_carrier_input in = {.title = title,
	                       .level = "秘密",
	                       .period = "5",
	                       .place = "档案室",
	                       .scope = "科技处,zhao",
	                       .doc_number = doc_number,
	                       .serial_number = serial,
	                       .producer = "省科技厅"};
	return rec_register(&t_arena, &in);
}

static int copy_exec(bm_person *who, int64_t req, const char *copier, int made, bm_carrier **out,
                     size_t *n)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_copy_execute(&ctx, req, copier, made, out, n);
}

/* COPY-1: nothing is copied before the leader approves; then exactly what was approved. */
static void copy_1_needs_approval(void **state)
{
	int64_t src = secret_doc("科研项目申报材料", NULL, NULL);
	int64_t req = rec_pending(&t_arena, FX()->li, "copy", &src, 1, "{\"copies\":2}");
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	assert_string_equal(wf_request_get(&t_arena, req)->chain, "[\"leader\"]");
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 2, &out, &n), BM_EDENIED,
	                   "COPY-1", "not_approved", &before);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "pending");

	assert_int_equal(wf_decide(&t_arena, W()->leader, req, true), 0);
	assert_int_equal(copy_exec(FX()->clerk, req, "A3复印机", 2, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
	assert_int_equal(svc_fx_carrier_count(), before.carriers + 2);
}

/* COPY-3: each copy is a new carrier: copy-of the source, same level, period and scope. */
static void copy_3_copies_keep_level_period_scope(void **state)
{
	int64_t src = secret_doc("技术方案（复制源）", NULL, NULL);
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &src, 1, "{\"copies\":3}");
	bm_carrier *out = NULL, *s = svc_fx_carrier(&t_arena, src);
	bm_carrier_event *ev;
	size_t n = 0, n_ev;
	fx_audit last;
	bm_ctx ctx;
	(void)state;

	assert_int_equal(copy_exec(FX()->clerk, req, "A3复印机", 3, &out, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c = svc_fx_carrier(&t_arena, out[i].id);
		assert_true(c->id != src);
		assert_int_equal(c->origin, BM_ORIGIN_COPY);
		assert_int_equal(c->copy_of, src);
		assert_int_equal(c->extract_of, 0);
		assert_int_equal(c->level, BM_LEVEL_CONFIDENTIAL);
		assert_int_equal(c->period_kind, BM_PERIOD_YEARS);
		assert_int_equal(c->period_years, 5);
		assert_int_equal(c->status, BM_STATUS_IN_STORE);
		assert_int_equal(c->place_id, s->place_id);
		/* Own serial numbers 1..N, marked as copies; stamped by the copying unit. */
		assert_int_equal(c->serial_number, (int)i + 1);
		assert_non_null(strstr(c->note, "复制件"));
		assert_string_equal(c->producer, "测试单位");
		assert_int_equal(c->custodian_id, FX()->clerk->id);
		assert_int_equal(c->n_scope, s->n_scope);
		for (size_t k = 0; k < c->n_scope; k++) {
			assert_int_equal(c->scope[k].person_id, s->scope[k].person_id);
			assert_int_equal(c->scope[k].department_id, s->scope[k].department_id);
		}
	}
	/* REG-1/COPY-5: the source's history names the copies, copier and operator. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_show(&ctx, src, &s, &ev, &n_ev), 0);
	assert_string_equal(ev[n_ev - 1].action, "copied");
	assert_non_null(strstr(ev[n_ev - 1].detail, "A3复印机"));
	assert_non_null(strstr(ev[n_ev - 1].detail, "\"operator\":\"clerk\""));
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "carrier.show");
}

/* COPY-3: copies of a numbered document continue after its highest serial number. */
static void copy_3_serials_follow_the_document(void **state)
{
	int64_t src = secret_doc("关于科研经费管理的通知", "科发〔2026〕7号", "3");
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &src, 1, "{\"copies\":2}");
	bm_carrier *out = NULL;
	size_t n = 0;
	(void)state;

	assert_int_equal(copy_exec(FX()->clerk, req, "A3复印机", 2, &out, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(svc_fx_carrier(&t_arena, out[0].id)->serial_number, 4);
	assert_int_equal(svc_fx_carrier(&t_arena, out[1].id)->serial_number, 5);
	assert_string_equal(svc_fx_carrier(&t_arena, out[1].id)->doc_number, "科发〔2026〕7号");
}

/* MAKE-2 (COPY-1): exactly the approved number of copies, no more, no fewer. */
static void copy_1_exactly_the_approved_number(void **state)
{
	int64_t src = secret_doc("会议纪要（份数）", NULL, NULL);
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &src, 1, "{\"copies\":2}");
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 3, &out, &n), BM_EDENIED,
	                   "MAKE-2", "extra_copies", &before);
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 1, &out, &n), BM_EDENIED,
	                   "MAKE-2", "missing_copies", &before);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
	assert_int_equal(copy_exec(FX()->clerk, req, "A3复印机", 2, &out, &n), 0);
	/* Executed once: a second run is refused. */
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 2, &out, &n), BM_ECONFLICT,
	                   "COPY-1", "already_executed", &before);
}

/* COPY-5: the designated operator (the clerk) on the designated copier, which is recorded. */
static void copy_5_designated_operator_and_copier(void **state)
{
	int64_t src = secret_doc("设备清单（复印机）", NULL, NULL);
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &src, 1,
	                           "{\"copies\":1,\"copier\":\"机要室复印机\"}");
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->li, req, "机要室复印机", 1, &out, &n), BM_EDENIED,
	                   "COPY-5", "role_required", &before);
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->secadmin, req, "机要室复印机", 1, &out, &n), BM_EDENIED,
	                   "SYS-1", "admin_no_business", &before);
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, NULL, 1, &out, &n), BM_EINVALID, "COPY-5",
	                   "required", &before);
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "办公室打印机", 1, &out, &n), BM_EDENIED,
	                   "COPY-5", "wrong_copier", &before);
	assert_int_equal(copy_exec(FX()->clerk, req, "机要室复印机", 1, &out, &n), 0);
	assert_non_null(strstr(wf_request_get(&t_arena, req)->params, "机要室复印机"));
}

/* COPY-2: 绝密 copying is forbidden by default, refused when filed. */
static void copy_2_top_secret_forbidden_by_default(void **state)
{
	bm_carrier_input in = {.title = "绝密方案（复制）",
	                       .level = "绝密",
	                       .place = "机要室保密柜",
	                       .scope = "zhao"};
	int64_t src = rec_register(&t_arena, &in);
	bm_request_input rin = {
	        .op = "copy",
	        .carrier_ids = &src,
	        .n_carriers = 1,
	        .reason = "工作需要",
	        .params = "{\"copies\":1,\"originator_approval\":{\"by\":\"省教育厅办公室王五\","
	                  "\"document\":\"教办函〔2026〕3号\",\"date\":\"2026-03-01\"}}"};
	bm_request_row *r;
	bm_ctx ctx;
	int64_t before = wf_request_count();
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->zhao);
	rec_assert_refused(bm_svc_request_create(&ctx, &rin, &r), BM_EDENIED, "COPY-2",
	                   "copy_forbidden", NULL);
	assert_int_equal(wf_request_count(), before);
}

/*
 * COPY-2: with the policy "originator", 绝密 needs the originating authority's
 * recorded approval; a policy tightened after approval refuses at execution.
 */
static void copy_2_top_secret_rechecked_at_execution(void **state)
{
	bm_carrier_input in = {.title = "绝密方案（原机关）",
	                       .level = "绝密",
	                       .place = "机要室保密柜",
	                       .scope = "zhao"};
	int64_t src = rec_register(&t_arena, &in);
	bm_request_input rin = {.op = "copy",
	                        .carrier_ids = &src,
	                        .n_carriers = 1,
	                        .reason = "工作需要",
	                        .params = "{\"copies\":1}"};
	bm_request_row *r;
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	bm_ctx ctx;
	int64_t req, req2;
	(void)state;

	rec_policy(&t_arena, "copy.top_secret = originator\n");
	svc_fx_ctx(&ctx, &t_arena, FX()->zhao);
	rec_assert_refused(bm_svc_request_create(&ctx, &rin, &r), BM_EDENIED, "COPY-2",
	                   "originator_approval_required", NULL);
	/* Issue 13 point 11: the old boolean is refused, saying what to send; nothing filed. */
	{
		int64_t n_before = wf_request_count();
		bm_request_input flag = rin;
		flag.params = "{\"copies\":1,\"originator_approved\":true}";
		int frc = bm_svc_request_create(&ctx, &flag, &r);
		char said[512];
		snprintf(said, sizeof(said), "%s", bm_error_last()->message_en);
		rec_assert_refused(frc, BM_EINVALID, "COPY-2", "outside_approval_flag", NULL);
		assert_non_null(strstr(said, "send 'originator_approval'"));
		flag.params = "{\"copies\":1,\"originator_approval\":{\"by\":\"王五\"}}";
		rec_assert_refused(bm_svc_request_create(&ctx, &flag, &r), BM_EINVALID, "COPY-2",
		                   "outside_approval_incomplete", NULL);
		flag.params = "{\"copies\":1,\"originator_approval\":{\"by\":\"王五\","
		              "\"document\":\"教办函〔2026〕3号\",\"date\":\"2999-01-01\"}}";
		rec_assert_refused(bm_svc_request_create(&ctx, &flag, &r), BM_EINVALID, "COPY-2",
		                   "outside_approval_future", NULL);
		assert_int_equal(wf_request_count(), n_before);
	}
	req = rec_approved(&t_arena, FX()->zhao, "copy", &src, 1,
	                   "{\"copies\":1,\"originator_approval\":{\"by\":\"省教育厅办公室王五\","
	                   "\"document\":\"教办函〔2026〕3号\",\"date\":\"2026-03-01\"}}");
	assert_string_equal(wf_request_get(&t_arena, req)->chain, "[\"principal\"]");
	req2 = rec_approved(&t_arena, FX()->zhao, "copy", &src, 1,
	                    "{\"copies\":1,\"originator_approval\":{\"by\":\"省教育厅办公室王五\","
	                    "\"document\":\"教办函〔2026〕3号\",\"date\":\"2026-03-01\"}}");
	assert_int_equal(copy_exec(FX()->clerk, req, "机要室复印机", 1, &out, &n), 0);
	assert_int_equal(svc_fx_carrier(&t_arena, out[0].id)->level, BM_LEVEL_TOP_SECRET);
	/* Issue 13 point 11: the copy register shows who approved, their document and date. */
	{
		bm_register reg = {0};
		bool shown = false;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_register(&ctx, "copy", NULL, NULL, NULL, &reg), 0);
		for (size_t i = 0; i < reg.n_rows; i++)
			for (size_t k = 0; k < reg.n_cols; k++) {
				const char *cell = reg.cells[i * reg.n_cols + k];
				if (strcmp(reg.cols[k].key, "originator_approval") == 0 && cell &&
				    strcmp(cell,
				           "省教育厅办公室王五（教办函〔2026〕3号，2026-03-01）") ==
				            0)
					shown = true;
			}
		assert_true(shown);
	}

	rec_policy(&t_arena, "copy.top_secret = forbidden\n");
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req2, "机要室复印机", 1, &out, &n), BM_EDENIED,
	                   "COPY-2", "copy_forbidden", &before);
	assert_string_equal(wf_request_get(&t_arena, req2)->status, "approved");
}

/* BORROW-4: the requester may not copy what is lent to them; re-checked at execution. */
static void borrow_4_lent_source_not_copied(void **state)
{
	int64_t src = secret_doc("借阅中的文件", NULL, NULL);
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &src, 1, "{\"copies\":1}");
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_circulate(&t_arena, src, "li");
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 1, &out, &n), BM_EDENIED,
	                   "BORROW-4", "borrower_may_not", &before);
	/* Out with somebody else: not in store. */
	rec_checkin(&t_arena, src);
	rec_circulate(&t_arena, src, "zhao");
	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 1, &out, &n), BM_ECONFLICT,
	                   "COPY-1", "not_in_store", &before);
	rec_checkin(&t_arena, src);
	assert_int_equal(copy_exec(FX()->clerk, req, "A3复印机", 1, &out, &n), 0);
}

/* COPY-1: a request of another kind is not executed as a copy. */
static void copy_1_wrong_request_kind(void **state)
{
	int64_t src = secret_doc("借阅申请的文件", NULL, NULL);
	int64_t req = rec_approved(&t_arena, FX()->li, "borrow", &src, 1, NULL);
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(copy_exec(FX()->clerk, req, "A3复印机", 1, &out, &n), BM_EINVALID,
	                   "COPY-1", "wrong_request_kind", &before);
	rec_snapshot(&before);
	assert_int_equal(copy_exec(FX()->clerk, 99999, "A3复印机", 1, &out, &n), BM_ENOTFOUND);
}

/* COPY-4: an extract is a carrier of its own, extract-of the source, same level/period/scope. */
static void copy_4_extract(void **state)
{
	int64_t src = secret_doc("年度工作要点", "科发〔2026〕9号", "1");
	int64_t req = rec_approved(&t_arena, FX()->li, "extract", &src, 1, NULL);
	bm_carrier *c = NULL, *s = svc_fx_carrier(&t_arena, src);
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_extract_execute(&ctx, req, NULL, NULL, &c), BM_EDENIED, "COPY-4",
	                   "role_required", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_extract_execute(&ctx, req, NULL, NULL, &c), 0);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(c->origin, BM_ORIGIN_EXTRACT);
	assert_int_equal(c->extract_of, src);
	assert_int_equal(c->copy_of, 0);
	assert_int_equal(c->level, s->level);
	assert_int_equal(c->period_kind, s->period_kind);
	assert_int_equal(c->period_years, 5);
	assert_int_equal(c->n_scope, s->n_scope);
	assert_string_equal(c->title, "摘录：年度工作要点");
	assert_null(c->doc_number);
	assert_non_null(strstr(c->note, "科发〔2026〕9号"));
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
	/* A copy request is not an extract request. */
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_extract_execute(&ctx, req, NULL, NULL, &c), BM_ECONFLICT,
	                   "COPY-4", "already_executed", &before);
}

/* COPY-4: an extract of 绝密 omits the date and number of its source. */
static void copy_4_top_secret_extract_omits_number(void **state)
{
	bm_carrier_input in = {.title = "绝密电报",
	                       .level = "绝密",
	                       .place = "机要室保密柜",
	                       .scope = "zhao",
	                       .doc_number = "机电〔2026〕1号",
	                       .serial_number = "1"};
	int64_t src = rec_register(&t_arena, &in);
	int64_t req = rec_approved(&t_arena, FX()->zhao, "extract", &src, 1, NULL);
	bm_carrier *c = NULL;
	bm_ctx ctx;
	(void)state;

	assert_string_equal(wf_request_get(&t_arena, req)->chain, "[\"principal\"]");
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_extract_execute(&ctx, req, "电报摘要", NULL, &c), 0);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(c->level, BM_LEVEL_TOP_SECRET);
	assert_string_equal(c->title, "电报摘要");
	assert_null(c->doc_number);
	assert_null(strstr(c->note, "机电"));
	assert_null(strstr(c->note, "2026"));
}

/* ---- making (MAKE-1..3) ---- */

static int make_exec(bm_person *who, int64_t req, const bm_carrier_input *in, bm_carrier **out,
                     size_t *n)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_make_execute(&ctx, req, in, out, n);
}

#define MAKE_PARAMS(doc)                                                                           \
	"{\"title\":\"科技处年度总结\",\"level\":\"秘密\",\"copies\":3,\"doc_number\":\"" doc      \
	"\",\"scope\":\"科技处\",\"classifier\":\"dingmi\",\"basis\":\"一览表第2项\"}"

/* MAKE-1: making needs the leader's approval of level, scope and copies. */
static void make_1_needs_approval_of_level(void **state)
{
	int64_t req =
	        rec_pending(&t_arena, FX()->li, "make", NULL, 0, MAKE_PARAMS("科发〔2026〕20号"));
	bm_carrier_input in = {.place = "档案室"};
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	assert_string_equal(wf_request_get(&t_arena, req)->chain, "[\"leader\"]");
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_EDENIED, "MAKE-1",
	                   "not_approved", &before);
	assert_int_equal(wf_decide(&t_arena, W()->leader, req, true), 0);
	/* Another level than the approved one is refused. */
	in.level = "机密";
	in.place = "保密室";
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_EDENIED, "MAKE-1",
	                   "level_not_approved", &before);
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->li, req, &in, &out, &n), BM_EDENIED, "MAKE-1",
	                   "role_required", &before);
	/* The approved distribution scope is not widened at the desk. */
	in.level = NULL;
	in.place = "档案室";
	in.scope = "科技处,财务处";
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_EDENIED, "MAKE-1",
	                   "scope_not_approved", &before);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
}

/* MAKE-2: exactly the approved copies, serial numbers 1..N, no extra copy. */
static void make_2_exact_copies_serials_1_to_n(void **state)
{
	int64_t req =
	        rec_approved(&t_arena, FX()->li, "make", NULL, 0, MAKE_PARAMS("科发〔2026〕21号"));
	bm_carrier_input in = {.place = "档案室", .copies = "4"};
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_EDENIED, "MAKE-2",
	                   "extra_copies", &before);
	in.copies = "2";
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_EDENIED, "MAKE-2",
	                   "missing_copies", &before);
	in.copies = NULL;
	assert_int_equal(make_exec(FX()->clerk, req, &in, &out, &n), 0);
	assert_int_equal(n, 3);
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c = svc_fx_carrier(&t_arena, out[i].id);
		assert_int_equal(c->serial_number, (int)i + 1);
		assert_int_equal(c->origin, BM_ORIGIN_MADE);
		assert_int_equal(c->level, BM_LEVEL_CONFIDENTIAL);
		assert_string_equal(c->doc_number, "科发〔2026〕21号");
		assert_string_equal(c->title, "科技处年度总结");
		assert_int_equal(c->n_scope, 1);
		assert_int_equal(c->scope[0].department_id, FX()->tech_id);
	}
	assert_int_equal(svc_fx_carrier_count(), before.carriers + 3);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_ECONFLICT, "MAKE-1",
	                   "already_executed", &before);
}

/*
 * MAKE-1 (issue 13): the ledger's route (carrier make, POST /carriers/made)
 * consumes an approved make request once; a make request for a classified
 * carrier names its scope; a scope the request did not name is refused.
 */
static void make_1_ledger_route_consumes_the_request(void **state)
{
	int64_t req =
	        rec_approved(&t_arena, FX()->li, "make", NULL, 0, MAKE_PARAMS("科发〔2026〕23号"));
	int64_t bare = rec_approved(&t_arena, FX()->li, "make", NULL, 0,
	                            "{\"title\":\"内部通报\",\"level\":\"内部\",\"copies\":1,"
	                            "\"doc_number\":\"科发〔2026〕24号\"}");
	bm_carrier_input in = {.place = "档案室"};
	bm_carrier *out = NULL;
	bm_request_row *r = NULL;
	size_t n = 0;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	rec_snapshot(&before);
	rec_assert_refused(wf_request(&t_arena, FX()->li, "make", 0,
	                              "{\"title\":\"无范围\",\"level\":\"秘密\",\"copies\":1}", &r),
	                   BM_EINVALID, "MAKE-1", "scope_required", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_carrier_register_made(&ctx, 0, &in, &out, &n), BM_EDENIED,
	                   "MAKE-1", "make_request_required", &before);
	/* The request named no scope: none is given at the desk. */
	in.scope = "科技处";
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_carrier_register_made(&ctx, bare, &in, &out, &n), BM_EDENIED,
	                   "MAKE-1", "scope_not_approved", &before);
	in.scope = NULL;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_register_made(&ctx, req, &in, &out, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(svc_fx_carrier(&t_arena, out[2].id)->serial_number, 3);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_carrier_register_made(&ctx, req, &in, &out, &n), BM_ECONFLICT,
	                   "MAKE-1", "already_executed", &before);
}

/* MAKE-2: a serial number already in the ledger rolls every copy back. */
static void make_2_partial_conflict_rolls_back_every_copy(void **state)
{
	int64_t req =
	        rec_approved(&t_arena, FX()->li, "make", NULL, 0, MAKE_PARAMS("科发〔2026〕25号"));
	bm_carrier_input came = {.title = "外来第3份",
	                         .level = "秘密",
	                         .place = "档案室",
	                         .scope = "科技处",
	                         .doc_number = "科发〔2026〕25号",
	                         .serial_number = "3"};
	bm_carrier_input in = {.place = "档案室"};
	bm_carrier *out = NULL;
	size_t n = 0;
	rec_snap before;
	(void)state;

	rec_register(&t_arena, &came);
	rec_snapshot(&before);
	rec_assert_refused(make_exec(FX()->clerk, req, &in, &out, &n), BM_ECONFLICT, "MAKE-2",
	                   "duplicate_serial", &before);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
}

/* MAKE-3: drafts and misprints are registered, at the document's level, for destruction. */
static void make_3_waste_registered_for_destruction(void **state)
{
	int64_t req =
	        rec_approved(&t_arena, FX()->li, "make", NULL, 0, MAKE_PARAMS("科发〔2026〕22号"));
	bm_carrier_input in = {.place = "档案室"};
	bm_carrier *out = NULL, *waste = NULL, *doc;
	bm_carrier_event *ev;
	size_t n = 0, n_ev;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	/* Before the document is made there is nothing to register waste against. */
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_register_waste(&ctx, req, NULL, "校样", 2, &waste, &n),
	                   BM_ENOTFOUND, "MAKE-3", "unknown_document", &before);
	assert_int_equal(make_exec(FX()->clerk, req, &in, &out, &n), 0);
	doc = svc_fx_carrier(&t_arena, out[0].id);

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_register_waste(&ctx, req, NULL, "校样", 2, &waste, &n), 0);
	assert_int_equal(n, 2);
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_carrier_show(&ctx, waste[i].id, &c, &ev, &n_ev), 0);
		assert_int_equal(c->level, doc->level);
		assert_int_equal(c->status, BM_STATUS_IN_STORE);
		assert_int_equal(c->kind, BM_KIND_PAPER);
		assert_int_equal(c->place_id, doc->place_id);
		assert_string_equal(c->note, "waste: 校样");
		assert_string_equal(ev[0].action, "register_waste");
		assert_non_null(strstr(ev[0].detail, "\"queued_for\":\"destroy\""));
	}
	/* By document number as well. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(
	        bm_svc_register_waste(&ctx, 0, "科发〔2026〕22号", "错印页", 1, &waste, &n), 0);
	assert_int_equal(n, 1);

	/* MAKE-3 refusals. */
	rec_snapshot(&before);
	rec_assert_refused(
	        bm_svc_register_waste(&ctx, 0, "无此文号〔2026〕1号", "校样", 1, &waste, &n),
	        BM_ENOTFOUND, "MAKE-3", "unknown_document", &before);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_register_waste(&ctx, req, NULL, "", 1, &waste, &n), BM_EINVALID,
	                   "MAKE-3", "required", &before);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_register_waste(&ctx, req, NULL, "校样", 0, &waste, &n),
	                   BM_EINVALID, "MAKE-3", "invalid_count", &before);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_register_waste(&ctx, 0, NULL, "校样", 1, &waste, &n), BM_EINVALID,
	                   "MAKE-3", "doc_number_required", &before);
	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_register_waste(&ctx, req, NULL, "校样", 1, &waste, &n),
	                   BM_EDENIED, "MAKE-3", "role_required", &before);
}

/* CIRC-1: widening a scope adds exactly the approved people and departments. */
static void circ_1_widen_scope(void **state)
{
	int64_t src = secret_doc("扩大范围的文件", NULL, NULL);
	int64_t req = rec_approved(&t_arena, FX()->li, "widen_scope", &src, 1,
	                           "{\"add\":\"dingmi,dept:财务处\"}");
	bm_carrier *c = NULL;
	size_t before_scope = svc_fx_carrier(&t_arena, src)->n_scope;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_widen_scope_execute(&ctx, req, &c), 0);
	c = svc_fx_carrier(&t_arena, src);
	assert_int_equal(c->n_scope, before_scope + 2);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
}

/* CIRC-1, PERSON-7: each person added is re-checked at execution; a lost clearance refuses. */
static void circ_1_widen_scope_rechecks_people(void **state)
{
	bm_carrier_input in = {
	        .title = "财务处的文件", .level = "秘密", .place = "档案室", .scope = "zhao"};
	int64_t src = rec_register(&t_arena, &in);
	int64_t req =
	        rec_approved(&t_arena, FX()->zhao, "widen_scope", &src, 1, "{\"add\":\"接收乙\"}");
	bm_carrier *c = NULL;
	rec_snap before;
	bm_ctx ctx;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_person_grant(&ctx, "接收乙", "none", NULL, NULL), 0);
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	rec_snapshot(&before);
	rec_assert_refused(bm_svc_widen_scope_execute(&ctx, req, &c), BM_EDENIED, "PERSON-1",
	                   "clearance_too_low", &before);
	assert_int_equal(svc_fx_carrier(&t_arena, src)->n_scope, 1);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
	svc_fx_ctx(&ctx, &t_arena, FX()->secadmin);
	assert_int_equal(bm_svc_person_grant(&ctx, "接收乙", "general", NULL, NULL), 0);
}

/*
 * COPY-3 under allocation failure: every failing allocation of the execution
 * returns an error, leaves the ledger and the request as they were (the
 * transaction rolls back), and the execution succeeds once memory is back.
 */
static void copy_3_allocation_failures_change_nothing(void **state)
{
	int64_t src = secret_doc("内存不足测试文件", "科发〔2026〕40号", "1");
	int64_t req = rec_approved(&t_arena, FX()->li, "copy", &src, 1, "{\"copies\":3}");
	int64_t carriers = svc_fx_carrier_count(), history = svc_fx_history_count();
	bm_carrier *out = NULL;
	size_t n = 0;
	int rc = -1;
	long failures = 0;
	(void)state;

	for (long k = 0; k < 500 && rc != 0; k++) {
		bm_arena a;
		bm_ctx ctx;
		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, FX()->clerk);
		bm_alloc_fail_after(k);
		rc = bm_svc_copy_execute(&ctx, req, "A3复印机", 3, &out, &n);
		failures += bm_alloc_fail_after(-1) > 0;
		if (rc != 0) {
			assert_int_equal(rc, BM_ENOMEM);
			assert_int_equal(svc_fx_carrier_count(), carriers);
			assert_int_equal(svc_fx_history_count(), history);
			assert_string_equal(wf_request_get(&t_arena, req)->status, "approved");
		} else {
			assert_int_equal(n, 3);
		}
		bm_arena_release(&a);
	}
	assert_int_equal(rc, 0);
	assert_true(failures > 0);
	assert_int_equal(svc_fx_carrier_count(), carriers + 3);
	assert_string_equal(wf_request_get(&t_arena, req)->status, "executed");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(copy_1_needs_approval, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(copy_3_copies_keep_level_period_scope, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(copy_3_serials_follow_the_document, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(copy_1_exactly_the_approved_number, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(copy_5_designated_operator_and_copier, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(copy_2_top_secret_forbidden_by_default, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(copy_2_top_secret_rechecked_at_execution, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(borrow_4_lent_source_not_copied, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(copy_1_wrong_request_kind, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(copy_4_extract, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(copy_4_top_secret_extract_omits_number, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(make_1_needs_approval_of_level, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(make_1_ledger_route_consumes_the_request, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(make_2_partial_conflict_rolls_back_every_copy,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(make_2_exact_copies_serials_1_to_n, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(make_3_waste_registered_for_destruction, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_1_widen_scope, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(copy_3_allocation_failures_change_nothing, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(circ_1_widen_scope_rechecks_people, t_setup,
	                                        t_teardown),
	};
	return cmocka_run_group_tests_name("records_copy", tests, rec_group_setup,
	                                   rec_group_teardown);
}
