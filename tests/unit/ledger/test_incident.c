/*
 * test_incident.c — src/service/incident.c: losses and leaks (失泄密事件).
 * INC-1: the record (what, level, quantity, form, harm, circumstances,
 * responsible people, remedies) and its 24-hour limit; INC-4: findings
 * before closing, and their limit; who may open, handle and see an
 * incident. Every refusal asserts the error class, code and rule, and that
 * the store is unchanged.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ld_fixture.h"
#include "service/merit.h"

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

static int open_as(bm_person *who, const bm_incident_input *in, bm_incident_row **out)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_incident_open(&ctx, in, out);
}

static int report_as(bm_person *who, int64_t id, const bm_incident_input *in)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_incident_report(&ctx, id, in);
}

static int findings_as(bm_person *who, int64_t id, const char *text)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_incident_findings(&ctx, id, text);
}

static int notify_as(bm_person *who, int64_t id, const char *at, const char *to, const char *doc)
{
	bm_ctx ctx;
	bm_incident_notice_input in = {.sent_at = at, .to = to, .document = doc};
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_incident_notify(&ctx, id, &in);
}

static int close_as(bm_person *who, int64_t id, const char *note)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_incident_close(&ctx, id, note);
}

static bm_incident_row *get(int64_t id)
{
	bm_incident_row *i = NULL;
	bm_store *s = FX()->store;
	assert_int_equal(BM_STORE(s, incident_get)(s, &t_arena, id, &i), 0);
	return i;
}

/* The value of `key` in the incident's INC-1 record, copied to the arena, or NULL. */
static const char *field(int64_t id, const char *key)
{
	json_t *d = json_loads(get(id)->detail, 0, NULL);
	const char *v = json_string_value(json_object_get(d, key));
	const char *copy = v ? bm_arena_strdup(&t_arena, v) : NULL;
	json_decref(d);
	return copy;
}

static const bm_incident_input rest = {.harm = "可能造成考试泄密",
                                       .circumstances = "复印后未及时收回",
                                       .responsible = "李四",
                                       .remedies = "已通知相关单位，更换试题"};

/* Alerts of `rule` about incident `id` at `now`, as `who`. */
static size_t alerts_for(bm_person *who, int64_t now, const char *rule, int64_t id)
{
	bm_ctx ctx;
	bm_alert *v;
	size_t n, k = 0;
	svc_fx_ctx(&ctx, &t_arena, who);
	assert_int_equal(bm_svc_alerts(&ctx, now, &v, &n), 0);
	for (size_t i = 0; i < n; i++)
		k += v[i].incident_id == id && strcmp(v[i].rule, rule) == 0;
	return k;
}

/* INC-1: anyone handling carriers reports; the record starts from what the ledger knows. */
static void inc_1_open_with_carrier(void **state)
{
	int64_t c =
	        ld_register(&t_arena, "考试试题", "机密", "科技处保密柜", "科技处", "科技处", NULL);
	bm_incident_input in = {.kind = "leak", .carrier_id = c, .harm = "可能泄露试题"};
	bm_incident_row *i = NULL;
	const char *last;
	(void)state;
	assert_int_equal(open_as(FX()->li, &in, &i), 0);
	assert_string_equal(i->kind, "leak");
	assert_string_equal(i->status, "open");
	assert_int_equal(i->carrier_id, c);
	assert_int_equal(i->opened_by, FX()->li->id);
	assert_string_equal(i->opened_at, FX_NOW);
	assert_string_equal(field(i->id, "what"), "考试试题");
	assert_string_equal(field(i->id, "level"), "secret");
	assert_string_equal(field(i->id, "quantity"), "1");
	assert_string_equal(field(i->id, "form"), "paper");
	assert_string_equal(field(i->id, "harm"), "可能泄露试题");
	assert_string_equal(field(i->id, "rule"), "INC-1");
	/* Not complete yet: no report time. */
	assert_null(field(i->id, "reported_at"));
	ld_history(c, &last);
	assert_string_equal(last, "incident.open");
	/* INC-1: an incomplete report raises an alert, high once 24 hours have passed. */
	assert_int_equal(alerts_for(FX()->clerk, FX()->now, "INC-1", i->id), 1);
	assert_int_equal(alerts_for(FX()->clerk, FX()->now + 25 * 3600, "INC-1", i->id), 1);
	{
		bm_ctx ctx;
		bm_alert *v;
		size_t n;
		bool late = false;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_alerts(&ctx, FX()->now + 25 * 3600, &v, &n), 0);
		for (size_t k = 0; k < n; k++)
			if (v[k].incident_id == i->id)
				late = strcmp(v[k].code, "report_overdue") == 0 &&
				       strcmp(v[k].urgency, "high") == 0;
		assert_true(late);
	}
	/* An incident without a carrier says what was lost. */
	{
		bm_incident_input w = {.kind = "other", .what = "会议记录本一册", .level = "秘密"};
		assert_int_equal(open_as(FX()->clerk, &w, &i), 0);
		assert_int_equal(i->carrier_id, 0);
		assert_string_equal(field(i->id, "level"), "confidential");
	}
	ld_audit_intact();
}

/* INC-1: refusals on opening, each writing nothing. */
static void inc_1_open_refusals(void **state)
{
	int64_t hidden =
	        ld_register(&t_arena, "绝密件", "绝密", "机要室保密柜", "zhao", "财务处", "zhao");
	bm_incident_input in = {0};
	bm_incident_row *i = NULL;
	size_t n = ld_incident_count(), h = ld_history(hidden, NULL);
	(void)state;
	in.kind = "lost";
	in.what = "某文件";
	ld_refused(open_as(FX()->clerk, &in, &i), BM_EINVALID, "INC-1", "invalid_kind");
	in.kind = "leak";
	in.what = "  ";
	ld_refused(open_as(FX()->clerk, &in, &i), BM_EINVALID, "INC-1", "what_required");
	in.kind = "overdue";
	in.what = "某文件";
	ld_refused(open_as(FX()->clerk, &in, &i), BM_EINVALID, "BORROW-6", "carrier_required");
	in.kind = "leak";
	in.level = "顶级";
	ld_refused(open_as(FX()->clerk, &in, &i), BM_EINVALID, "INC-1", "invalid_level");
	in.level = NULL;
	/* SYS-2: an unknown carrier, or one beyond the reporter's clearance, does not exist. */
	in.carrier_id = 999999;
	ld_refused(open_as(FX()->clerk, &in, &i), BM_ENOTFOUND, "SYS-2", "unknown_carrier");
	in.carrier_id = hidden;
	ld_refused(open_as(FX()->li, &in, &i), BM_ENOTFOUND, "SYS-2", "unknown_carrier");
	ld_audit_refused("SYS-2");
	/* SYS-1: the administrators handle no carrier. */
	ld_refused(open_as(FX()->secadmin, &in, &i), BM_EDENIED, "SYS-1", "admin_no_business");
	ld_refused(open_as(NULL, &in, &i), BM_EDENIED, "SYS-4", "login_required");
	assert_int_equal(ld_incident_count(), n);
	assert_int_equal(ld_history(hidden, NULL), h);
	ld_audit_intact();
}

/* INC-1, INC-4: complete the report, record the findings, then close; never twice. */
static void inc_4_findings_before_close(void **state)
{
	int64_t c = ld_register(&t_arena, "试卷袋", "秘密", "档案室", "科技处", "科技处", NULL);
	bm_incident_input in = {.kind = "missing", .carrier_id = c};
	bm_incident_row *i = NULL;
	int64_t id;
	(void)state;
	assert_int_equal(open_as(FX()->clerk, &in, &i), 0);
	id = i->id;
	assert_string_equal(field(id, "rule"), "INV-4");

	/* Closing before the report is complete is refused (INC-1). */
	ld_refused(close_as(FX()->clerk, id, NULL), BM_EDENIED, "INC-1", "report_incomplete");
	ld_audit_refused("INC-1");
	assert_string_equal(get(id)->status, "open");
	/* Only the clerk or the leadership completes the report. */
	ld_refused(report_as(FX()->li, id, &rest), BM_EDENIED, "INC-1", "role_required");
	ld_refused(report_as(FX()->auditor, id, &rest), BM_EDENIED, "SYS-1", "admin_no_business");
	ld_refused(report_as(FX()->clerk, 999999, &rest), BM_ENOTFOUND, "INC-1",
	           "unknown_incident");
	assert_null(field(id, "harm"));

	/* A partial report is kept; the report is made when every field is there. */
	{
		bm_incident_input part = {.harm = "可能造成考试泄密"};
		assert_int_equal(report_as(FX()->clerk, id, &part), 0);
		assert_string_equal(field(id, "harm"), "可能造成考试泄密");
		assert_null(field(id, "reported_at"));
	}
	assert_int_equal(report_as(W()->leader, id, &rest), 0);
	assert_string_equal(field(id, "responsible"), "李四");
	assert_string_equal(field(id, "reported_at"), FX_NOW);
	/* The record is complete, but INC-1 waits for the report to the higher authority. */
	assert_int_equal(alerts_for(FX()->clerk, FX()->now, "INC-1", id), 1);
	assert_int_equal(notify_as(FX()->clerk, id, NULL, "上级保密局", "保发〔2026〕7号"), 0);
	/* Reported: no INC-1 alert any more, and no INC-4 alert before its months pass. */
	assert_int_equal(alerts_for(FX()->clerk, FX()->now, "INC-1", id), 0);
	assert_int_equal(alerts_for(FX()->clerk, FX()->now, "INC-4", id), 0);
	/* INC-4: past the policy's 3 months without findings, an alert. */
	assert_int_equal(alerts_for(FX()->clerk, FX()->now + 100LL * 86400, "INC-4", id), 1);

	/* INC-4: no closing without findings; findings are required text. */
	ld_refused(close_as(FX()->clerk, id, NULL), BM_EDENIED, "INC-4", "findings_required");
	ld_refused(findings_as(FX()->clerk, id, " "), BM_EINVALID, "", "required");
	ld_refused(findings_as(FX()->li, id, "结论"), BM_EDENIED, "INC-4", "role_required");
	assert_null(get(id)->findings);
	assert_int_equal(findings_as(FX()->clerk, id, "系保管人未按规定登记，已批评教育"), 0);
	assert_string_equal(get(id)->findings, "系保管人未按规定登记，已批评教育");
	assert_int_equal(alerts_for(FX()->clerk, FX()->now + 100LL * 86400, "INC-4", id), 0);

	ld_refused(close_as(FX()->li, id, NULL), BM_EDENIED, "INC-4", "role_required");
	assert_int_equal(close_as(W()->principal, id, "已整改"), 0);
	i = get(id);
	assert_string_equal(i->status, "closed");
	assert_string_equal(i->closed_at, FX_NOW);
	assert_string_equal(field(id, "closing_note"), "已整改");
	{
		const char *last;
		ld_history(c, &last);
		assert_string_equal(last, "incident.close");
	}
	/* Closed is final: closing twice, reporting or adding findings is refused. */
	ld_refused(close_as(FX()->clerk, id, NULL), BM_ECONFLICT, "INC-4", "incident_closed");
	ld_audit_refused("INC-4");
	ld_refused(report_as(FX()->clerk, id, &rest), BM_ECONFLICT, "INC-4", "incident_closed");
	ld_refused(findings_as(FX()->clerk, id, "改写"), BM_ECONFLICT, "INC-4", "incident_closed");
	assert_string_equal(get(id)->findings, "系保管人未按规定登记，已批评教育");
	assert_string_equal(get(id)->closed_at, FX_NOW);
}

/* Who sees which incidents: investigators all, others the ones they reported. */
/*
 * INC-4: the findings are due within the policy's months of the report, not
 * of the opening: a report made a month late moves the INC-4 alert with it.
 */
static void inc_4_findings_counted_from_the_report(void **state)
{
	int64_t c = ld_register(&t_arena, "考场记录", "秘密", "档案室", "科技处", "科技处", NULL);
	bm_incident_input in = {.kind = "missing", .carrier_id = c};
	bm_incident_row *i = NULL;
	const int64_t day = 86400, month = 30 * day;
	int64_t id;
	(void)state;
	assert_int_equal(open_as(FX()->clerk, &in, &i), 0);
	id = i->id;
	{
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		ctx.now = FX()->now + month; /* the report is completed a month later */
		assert_int_equal(bm_svc_incident_report(&ctx, id, &rest), 0);
	}
	/* Three months and ten days after the opening: not yet three months after the report. */
	assert_int_equal(alerts_for(FX()->clerk, FX()->now + 3 * month + 10 * day, "INC-4", id), 0);
	/* Three months and ten days after the report: findings are late. */
	assert_int_equal(alerts_for(FX()->clerk, FX()->now + 4 * month + 10 * day, "INC-4", id), 1);
}

/* The detail of incident `id` as stored (arena copy). */
static const char *detail_of(int64_t id)
{
	return bm_arena_strdup(&t_arena, get(id)->detail);
}

/*
 * INC-1: the 24 hours count from the discovery recorded on the incident,
 * not from when it was typed in; the report to the higher authority
 * (when, to whom, document) clears the alert; each refusal changes nothing.
 */
static void inc_1_counts_from_discovery_until_notice(void **state)
{
	/* FX_NOW is 2026-11-23T02:00:00Z; discovered 20 hours before it was typed in. */
	bm_incident_input in = {
	        .kind = "leak", .what = "会议纪要一份", .discovered_at = "2026-11-22T06:00:00Z"};
	bm_incident_row *i = NULL;
	const char *before;
	bm_ctx ctx;
	bm_alert *v;
	size_t n;
	bool seen = false;
	int64_t id;
	(void)state;
	{
		bm_incident_input bad = in;
		size_t count = ld_incident_count();
		bad.discovered_at = "2026-11-24T00:00:00Z";
		ld_refused(open_as(FX()->clerk, &bad, &i), BM_EINVALID, "INC-1",
		           "discovered_in_future");
		bad.discovered_at = "昨天";
		ld_refused(open_as(FX()->clerk, &bad, &i), BM_EINVALID, "INC-1",
		           "discovered_invalid");
		assert_int_equal(ld_incident_count(), count);
	}
	assert_int_equal(open_as(FX()->clerk, &in, &i), 0);
	id = i->id;
	assert_string_equal(field(id, "discovered_at"), "2026-11-22T06:00:00Z");
	/* Due 24 hours after the discovery: 2026-11-23T06:00:00Z, 4 hours after the opening. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_alerts(&ctx, FX()->now + 4 * 3600 - 1, &v, &n), 0);
	for (size_t k = 0; k < n; k++)
		if (v[k].incident_id == id && strcmp(v[k].rule, "INC-1") == 0) {
			assert_string_equal(v[k].code, "report_due");
			assert_non_null(strstr(v[k].text_en, "INC-1"));
			seen = true;
		}
	assert_true(seen);
	seen = false;
	assert_int_equal(bm_svc_alerts(&ctx, FX()->now + 4 * 3600, &v, &n), 0);
	for (size_t k = 0; k < n; k++)
		if (v[k].incident_id == id && strcmp(v[k].rule, "INC-1") == 0) {
			assert_string_equal(v[k].code, "report_overdue");
			seen = true;
		}
	assert_true(seen);

	/* The report's refusals, each leaving the record as it was. */
	before = detail_of(id);
	ld_refused(notify_as(FX()->clerk, id, NULL, NULL, "保发〔2026〕8号"), BM_EINVALID, "INC-1",
	           "notice_to_required");
	ld_refused(notify_as(FX()->clerk, id, NULL, "上级保密局", " "), BM_EINVALID, "INC-1",
	           "notice_document_required");
	ld_refused(notify_as(FX()->clerk, id, "2026-11-22T05:00:00Z", "上级保密局", "8号"),
	           BM_EINVALID, "INC-1", "notice_before_discovery");
	ld_refused(notify_as(FX()->clerk, id, "2026-11-23T03:00:00Z", "上级保密局", "8号"),
	           BM_EINVALID, "INC-1", "notice_in_future");
	ld_refused(notify_as(FX()->clerk, id, "soon", "上级保密局", "8号"), BM_EINVALID, "INC-1",
	           "notice_time_invalid");
	ld_refused(notify_as(FX()->li, id, NULL, "上级保密局", "8号"), BM_EDENIED, "INC-1",
	           "role_required");
	ld_audit_refused("INC-1");
	assert_string_equal(detail_of(id), before);
	assert_int_equal(alerts_for(FX()->clerk, FX()->now, "INC-1", id), 1);

	/* Reported (at 01:30, within the 24 hours): the alert is gone, now and later. */
	assert_int_equal(
	        notify_as(W()->leader, id, "2026-11-23T01:30:00Z", "上级保密局", "保发〔2026〕8号"),
	        0);
	assert_int_equal(alerts_for(FX()->clerk, FX()->now, "INC-1", id), 0);
	assert_int_equal(alerts_for(FX()->clerk, FX()->now + 2 * 86400, "INC-1", id), 0);
	{
		json_t *d = json_loads(get(id)->detail, 0, NULL),
		       *no = json_object_get(d, "notice");
		assert_string_equal(json_string_value(json_object_get(no, "sent_at")),
		                    "2026-11-23T01:30:00Z");
		assert_string_equal(json_string_value(json_object_get(no, "to")), "上级保密局");
		assert_string_equal(json_string_value(json_object_get(no, "document")),
		                    "保发〔2026〕8号");
		json_decref(d);
	}
	/* Once only. */
	ld_refused(notify_as(FX()->clerk, id, NULL, "上级保密局", "9号"), BM_ECONFLICT, "INC-1",
	           "notice_recorded");
	ld_audit_intact();
}

static int sanction_as(bm_person *who, int64_t id, const bm_merit_input *in)
{
	bm_ctx ctx;
	bm_merit_row *m = NULL;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_merit_sanction(&ctx, id, in, &m);
}

static size_t merits(void)
{
	bm_ctx ctx;
	bm_merit_query q = {0};
	bm_merit_row *rows;
	size_t n = 0;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_merit_list(&ctx, &q, &rows, &n), 0);
	return n;
}

/*
 * INC-2: a sanction per person by the level involved; outside the range
 * only with its factors; after the findings; each refusal writes nothing.
 * INSP-3: the register lists it per person.
 */
static void inc_2_sanction_by_level(void **state)
{
	bm_incident_input in = {.kind = "leak", .what = "机密文件一份", .level = "机密"};
	bm_merit_input s = {.person = "李四",
	                    .measure = "demerit",
	                    .reason = "未按规定保管",
	                    .decided_by = "单位保密委员会",
	                    .decided_on = "2026-11-20",
	                    .document = "保委〔2026〕3号"};
	bm_merit_input bad;
	bm_incident_row *i = NULL;
	size_t n0 = merits();
	int64_t id;
	(void)state;
	assert_int_equal(open_as(FX()->clerk, &in, &i), 0);
	id = i->id;
	/* No findings yet. */
	ld_refused(sanction_as(FX()->clerk, id, &s), BM_EDENIED, "INC-2",
	           "sanction_findings_required");
	assert_int_equal(findings_as(FX()->clerk, id, "保管人员未锁柜"), 0);
	bad = s;
	bad.measure = "dismissal";
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_EDENIED, "INC-2", "sanction_above_range");
	bad.measure = "warning";
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_EDENIED, "INC-2", "sanction_below_range");
	bad.factor = "aggravating";
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_EINVALID, "INC-2",
	           "factors_text_required");
	bad = s;
	bad.measure = "fine";
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_EINVALID, "INC-2", "invalid_sanction");
	bad = s;
	bad.person = "无此人";
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_ENOTFOUND, "", "unknown_person");
	bad = s;
	bad.document = NULL;
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_EINVALID, "INC-2", "document_required");
	bad = s;
	bad.decided_on = "2026-12-01";
	ld_refused(sanction_as(FX()->clerk, id, &bad), BM_EINVALID, "INC-2", "decided_in_future");
	ld_refused(sanction_as(FX()->li, id, &s), BM_EDENIED, "INC-2", "role_required");
	ld_audit_refused("INC-2");
	assert_int_equal(merits(), n0);

	/* Within the range; and dismissal with aggravating factors recorded. */
	assert_int_equal(sanction_as(FX()->clerk, id, &s), 0);
	bad = s;
	bad.measure = "dismissal";
	bad.factor = "aggravating";
	bad.factor_text = "多次违规，拒不改正";
	assert_int_equal(sanction_as(W()->principal, id, &bad), 0);
	assert_int_equal(merits(), n0 + 2);
	{
		bm_ctx ctx;
		bm_merit_query q = {.person = "李四", .year = "2026", .kind = "sanction"};
		bm_merit_row *rows;
		size_t n = 0;
		svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
		assert_int_equal(bm_svc_merit_list(&ctx, &q, &rows, &n), 0);
		assert_true(n >= 2);
		assert_string_equal(rows[n - 1].measure, "dismissal");
		assert_string_equal(rows[n - 1].level, "secret");
		assert_string_equal(rows[n - 1].factor, "aggravating");
		assert_int_equal(rows[n - 1].incident_id, id);
		q.year = "2025";
		assert_int_equal(bm_svc_merit_list(&ctx, &q, &rows, &n), 0);
		assert_int_equal(n, 0);
	}
	ld_audit_intact();
}

static void inc_1_visibility(void **state)
{
	bm_incident_input mine = {.kind = "leak", .what = "李四报告的泄密"};
	bm_incident_input theirs = {.kind = "leak", .what = "保密员登记的事件"};
	bm_incident_row *a = NULL, *b = NULL, *rows, *one;
	size_t n;
	bool saw_a = false, saw_b = false;
	bm_ctx ctx;
	(void)state;
	assert_int_equal(open_as(FX()->li, &mine, &a), 0);
	assert_int_equal(open_as(FX()->clerk, &theirs, &b), 0);

	svc_fx_ctx(&ctx, &t_arena, FX()->li);
	assert_int_equal(bm_svc_incident_list(&ctx, NULL, &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(rows[i].opened_by, FX()->li->id);
		saw_a |= rows[i].id == a->id;
	}
	assert_true(saw_a);
	assert_int_equal(bm_svc_incident_show(&ctx, a->id, &one), 0);
	assert_string_equal(one->opened_by_name, "李四");
	ld_refused(bm_svc_incident_show(&ctx, b->id, &one), BM_ENOTFOUND, "INC-1",
	           "unknown_incident");

	saw_a = false;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_incident_list(&ctx, "open", &rows, &n), 0);
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(rows[i].status, "open");
		saw_a |= rows[i].id == a->id;
		saw_b |= rows[i].id == b->id;
	}
	assert_true(saw_a && saw_b);
	assert_int_equal(bm_svc_incident_list(&ctx, "closed", &rows, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_string_equal(rows[i].status, "closed");
	ld_refused(bm_svc_incident_list(&ctx, "pending", &rows, &n), BM_EINVALID, "INC-1",
	           "invalid_status");
	svc_fx_ctx(&ctx, &t_arena, FX()->auditor);
	ld_refused(bm_svc_incident_list(&ctx, NULL, &rows, &n), BM_EDENIED, "SYS-1",
	           "admin_no_business");
	{
		json_t *j = bm_incident_to_json(a);
		assert_string_equal(json_string_value(json_object_get(j, "kind")), "leak");
		assert_true(json_is_null(json_object_get(j, "carrier_id")));
		assert_string_equal(
		        json_string_value(json_object_get(json_object_get(j, "detail"), "what")),
		        "李四报告的泄密");
		json_decref(j);
	}
	ld_audit_intact();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(inc_1_open_with_carrier, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inc_1_open_refusals, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inc_4_findings_before_close, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inc_4_findings_counted_from_the_report, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(inc_1_visibility, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(inc_1_counts_from_discovery_until_notice, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(inc_2_sanction_by_level, t_setup, t_teardown),
	};
	return cmocka_run_group_tests_name("ledger_incident", tests, wf_group_setup,
	                                   wf_group_teardown);
}
