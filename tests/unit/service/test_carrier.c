/*
 * test_carrier.c — src/service/carrier.c: registering, moving, reading
 * carriers through the use cases, on a unit built by fixture.c.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "msg_check.h"
#include <jansson.h>

#include "audit/audit.h"
#include "fixture.h"
#include "service/service_int.h"
#include "util/timeutil.h"

/* Per-test scratch: each test's context lives in this arena. */
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
	bm_alloc_fail_after(-1);
	bm_arena_release(&t_arena);
	return 0;
}

static svc_fx *F(void)
{
	return svc_fx_get();
}

static void as(bm_ctx *ctx, bm_person *actor)
{
	svc_fx_ctx(ctx, &t_arena, actor);
}

/* A valid incoming 秘密 item the clerk keeps in the top safe. */
static bm_carrier_input classified(const char *title, const char *level)
{
	bm_carrier_input in = {
	        .title = title, .level = level, .place = "机要室保密柜", .scope = "dept:办公室"};
	return in;
}

static void expect_refused(int rc, int klass, const char *rule, const char *code)
{
	const bm_error *e = bm_error_last();
	if (rc != klass)
		fail_msg("expected %d, got %d (%s, rule '%s': %s)", klass, rc, e->code, e->rule,
		         e->message_en);
	assert_int_equal(e->klass, klass);
	if (rule)
		assert_string_equal(e->rule, rule);
	if (code)
		assert_string_equal(e->code, code);
	assert_bilingual(e->message, e->message_en, true);
}

static bm_carrier *register_ok(bm_ctx *ctx, const bm_carrier_input *in)
{
	bm_carrier *c = NULL;
	int rc = bm_svc_carrier_register_incoming(ctx, in, &c);
	if (rc != 0)
		fail_msg("registration of '%s' refused: %d %s rule '%s': %s", in->title, rc,
		         bm_error_last()->code, bm_error_last()->rule, bm_error_last()->message_en);
	assert_non_null(c);
	assert_true(c->id > 0);
	return c;
}

/* Registers and expects a refusal that leaves no carrier, no history, one audit
 * event. */
static void register_refused(const bm_carrier_input *in, int klass, const char *rule,
                             const char *code)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	fx_audit before, after;
	int64_t carriers = svc_fx_carrier_count();
	int64_t history = svc_fx_history_count();
	int rc;
	as(&ctx, F()->clerk);
	svc_fx_audit_last(&before);
	rc = bm_svc_carrier_register_incoming(&ctx, in, &c);
	expect_refused(rc, klass, rule, code);
	assert_null(c);
	assert_int_equal(svc_fx_carrier_count(), carriers);
	assert_int_equal(svc_fx_history_count(), history);
	svc_fx_audit_last(&after);
	assert_int_equal(after.count, before.count + 1);
	assert_string_equal(after.action, "carrier.register_incoming");
	assert_string_equal(after.outcome, "refused");
	assert_string_equal(after.actor, "clerk");
	if (rule)
		assert_string_equal(after.rule, rule);
}

static json_t *history_detail(bm_arena *a, int64_t id, size_t index, const char *action)
{
	bm_carrier_event *ev;
	size_t n;
	json_t *d;
	assert_int_equal(BM_STORE(F()->store, carrier_event_list)(F()->store, a, id, &ev, &n), 0);
	assert_true(index < n);
	assert_string_equal(ev[index].action, action);
	d = json_loads(ev[index].detail, 0, NULL);
	assert_non_null(d);
	return d;
}

static size_t history_len(bm_arena *a, int64_t id)
{
	bm_carrier_event *ev;
	size_t n = 0;
	assert_int_equal(BM_STORE(F()->store, carrier_event_list)(F()->store, a, id, &ev, &n), 0);
	return n;
}

/* ---- registration
 * ------------------------------------------------------------ */

static void reg_1_register_incoming_happy_path(void **state)
{
	bm_ctx ctx;
	bm_carrier *c, *g;
	bm_carrier_event *ev;
	size_t n;
	fx_audit before, after;
	int64_t count = svc_fx_carrier_count();
	bm_carrier_input in = {
	        .kind = "纸质",
	        .title = "关于做好年终保密检查的通知",
	        .doc_number = "国保发〔2026〕12号",
	        .serial_number = "3",
	        .pages = "12",
	        .producer = "国家保密局",
	        .sender = "省保密局",
	        .level = "机密",
	        .period = "10",
	        .urgency = "急件",
	        .received_on = "2026-11-23",
	        .department = "办公室",
	        .custodian = "clerk",
	        .place = "机要室保密柜",
	        .scope = "dept:科技处, person:zhao",
	        .note = "附件两份",
	};
	(void)state;
	as(&ctx, F()->clerk);
	svc_fx_audit_last(&before);
	c = register_ok(&ctx, &in);

	g = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(g->kind, BM_KIND_PAPER);
	assert_string_equal(g->title, "关于做好年终保密检查的通知");
	assert_string_equal(g->doc_number, "国保发〔2026〕12号");
	assert_int_equal(g->serial_number, 3);
	assert_int_equal(g->pages, 12);
	assert_int_equal(g->copies, 1);
	assert_string_equal(g->producer, "国家保密局");
	assert_string_equal(g->sender, "省保密局");
	assert_int_equal(g->level, BM_LEVEL_SECRET);
	assert_int_equal(g->original_level, BM_LEVEL_SECRET);
	assert_int_equal(g->period_kind, BM_PERIOD_YEARS);
	assert_int_equal(g->period_years, 10);
	assert_string_equal(g->period_start, "2026-11-23");
	assert_int_equal(g->origin, BM_ORIGIN_INCOMING);
	assert_int_equal(g->urgency, BM_URGENCY_URGENT);
	assert_string_equal(g->received_on, "2026-11-23");
	assert_string_equal(g->registered_at, FX_NOW);
	assert_string_equal(g->updated_at, FX_NOW);
	assert_int_equal(g->department_id, F()->office_id);
	assert_int_equal(g->custodian_id, F()->clerk->id);
	assert_string_equal(g->place_name, "机要室保密柜");
	assert_int_equal(g->status, BM_STATUS_IN_STORE);
	assert_int_equal(g->registered_by, F()->clerk->id);
	assert_string_equal(g->note, "附件两份");
	assert_int_equal(g->n_scope, 2);
	assert_int_equal(g->scope[0].department_id, F()->tech_id);
	assert_int_equal(g->scope[1].person_id, F()->zhao->id);
	assert_string_equal(bm_carrier_marking(&t_arena, g, false), "机密★10年");
	assert_int_equal(svc_fx_carrier_count(), count + 1);

	/* One history line, "register", by the clerk, with the facts. */
	assert_int_equal(
	        BM_STORE(F()->store, carrier_event_list)(F()->store, &t_arena, c->id, &ev, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].action, "register");
	assert_int_equal(ev[0].actor_id, F()->clerk->id);
	assert_string_equal(ev[0].at, FX_NOW);
	{
		json_t *d = json_loads(ev[0].detail, 0, NULL);
		assert_non_null(d);
		assert_string_equal(json_string_value(json_object_get(d, "title")),
		                    "关于做好年终保密检查的通知");
		assert_string_equal(json_string_value(json_object_get(d, "level")), "secret");
		assert_null(json_object_get(d, "late_registration"));
		json_decref(d);
	}
	/* Exactly one audit event for the use case. */
	svc_fx_audit_last(&after);
	assert_int_equal(after.count, before.count + 1);
	assert_string_equal(after.action, "carrier.register_incoming");
	assert_string_equal(after.outcome, "ok");
	assert_string_equal(after.actor, "clerk");
	assert_string_equal(after.rule, "");
	assert_string_equal(after.object,
	                    bm_arena_printf(&t_arena, "carrier:%lld", (long long)c->id));
}

static void reg_1_defaults_custodian_department_and_received_today(void **state)
{
	bm_ctx ctx;
	bm_carrier *c, *g;
	bm_carrier_input in = {.title = "内部通报", .level = "内部"};
	(void)state;
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	g = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(g->custodian_id, F()->clerk->id);
	assert_int_equal(g->department_id, F()->office_id);
	assert_string_equal(g->received_on, "2026-11-23");
	assert_int_equal(g->kind, BM_KIND_PAPER);
	assert_int_equal(g->urgency, BM_URGENCY_NORMAL);
	assert_int_equal(g->period_kind, BM_PERIOD_NONE);
	assert_int_equal(g->place_id, 0);
	assert_string_equal(bm_carrier_marking(&t_arena, g, false), "内部");
}

static void level_8_no_period_gets_level_maximum(void **state)
{
	static const struct {
		const char *level;
		int years;
		const char *marking;
	} cases[] = {
	        {"秘密", 10, "秘密★10年"},
	        {"机密", 20, "机密★20年"},
	        {"绝密", 30, "绝密★30年"},
	        {"top_secret", 30, "绝密★30年"},
	};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(cases); i++) {
		bm_ctx ctx;
		bm_carrier *c, *g;
		bm_carrier_input in = classified("无期限文件", cases[i].level);
		as(&ctx, F()->clerk);
		c = register_ok(&ctx, &in);
		g = svc_fx_carrier(&t_arena, c->id);
		assert_int_equal(g->period_kind, BM_PERIOD_YEARS);
		assert_int_equal(g->period_years, cases[i].years);
		assert_string_equal(bm_carrier_marking(&t_arena, g, false), cases[i].marking);
	}
}

static void level_3_period_years_beyond_maximum_refused(void **state)
{
	bm_carrier_input in;
	(void)state;
	in = classified("超期", "秘密");
	in.period = "11";
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_too_long");
	in = classified("超期", "机密");
	in.period = "21年";
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_too_long");
	in = classified("超期", "绝密");
	in.period = "31y";
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_too_long");
	in = classified("格式", "秘密");
	in.period = "0";
	register_refused(&in, BM_EINVALID, "LEVEL-8", "invalid_period");
	in.period = "十年";
	register_refused(&in, BM_EINVALID, "LEVEL-8", "invalid_period");
	in.period = "-5";
	register_refused(&in, BM_EINVALID, "LEVEL-8", "invalid_period");
	{
		/* The maximum itself, in each spelling, is accepted. */
		static const char *const ok[] = {"10", "10年", "10y", "3"};
		for (size_t i = 0; i < BM_ARRAY_LEN(ok); i++) {
			bm_ctx ctx;
			bm_carrier *c;
			in = classified("期限内", "秘密");
			in.period = ok[i];
			as(&ctx, F()->clerk);
			c = register_ok(&ctx, &in);
			c = svc_fx_carrier(&t_arena, c->id);
			assert_int_equal(c->period_kind, BM_PERIOD_YEARS);
			assert_int_equal(c->period_years, i == 3 ? 3 : 10);
		}
	}
}

static void level_3_period_date_beyond_maximum_refused(void **state)
{
	bm_carrier_input in;
	bm_ctx ctx;
	bm_carrier *c;
	(void)state;
	in = classified("解密日期", "秘密");
	in.period = "2036-11-24"; /* one day past 10 years from today */
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_too_long");
	in.period = "2026-11-23"; /* not after registration */
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_in_past");
	in.period = "2030-02-30";
	register_refused(&in, BM_EINVALID, NULL, "invalid_date");
	/* Counted from the day it was received. */
	in.period = "2036-11-21";
	in.received_on = "2026-11-20";
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_too_long");

	in = classified("解密日期", "秘密");
	in.period = "2036-11-23";
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(c->period_kind, BM_PERIOD_UNTIL);
	assert_string_equal(c->period_until, "2036-11-23");
	assert_string_equal(bm_carrier_marking(&t_arena, c, false), "秘密★2036年11月23日");
}

static void level_3_event_period_needs_review_date(void **state)
{
	bm_carrier_input in;
	bm_ctx ctx;
	bm_carrier *c;
	(void)state;
	in = classified("解密条件", "机密");
	in.period_event = "项目验收后";
	register_refused(&in, BM_EINVALID, "LEVEL-3", "review_date_required");
	in.review_date = "2046-11-24"; /* beyond 20 years */
	register_refused(&in, BM_EINVALID, "LEVEL-3", "period_too_long");
	/* Both texts name the 20 years (the English once printed a pointer as %d). */
	assert_string_equal(bm_error_last()->message,
	                    "审核日期 2046-11-24 超出机密最长保密期限 20 年");
	assert_string_equal(
	        bm_error_last()->message_en,
	        "the review date '2046-11-24' is beyond the 20-year maximum for 'secret'");
	in.review_date = "2026-11-01";
	register_refused(&in, BM_EINVALID, "LEVEL-3", "review_date_past");
	in.review_date = "2027-13-01";
	register_refused(&in, BM_EINVALID, NULL, "invalid_date");
	in.review_date = "2030-06-30";
	in.period = "5";
	register_refused(&in, BM_EINVALID, "LEVEL-8", "period_conflict");

	in.period = NULL;
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(c->period_kind, BM_PERIOD_EVENT);
	assert_string_equal(c->period_event, "项目验收后");
	assert_string_equal(c->review_date, "2030-06-30");
	assert_string_equal(bm_carrier_marking(&t_arena, c, false), "机密★项目验收后");
}

static void level_2_classified_without_scope_refused(void **state)
{
	bm_carrier_input in = classified("无范围", "秘密");
	(void)state;
	in.scope = NULL;
	register_refused(&in, BM_EINVALID, "LEVEL-2", "scope_required");
	in.scope = " , ，";
	register_refused(&in, BM_EINVALID, "LEVEL-2", "scope_required");
	in.scope = "dept:保卫处";
	register_refused(&in, BM_ENOTFOUND, "LEVEL-2", "unknown_scope_entry");
	in.scope = "nobody-here";
	register_refused(&in, BM_ENOTFOUND, "LEVEL-2", "unknown_scope_entry");
}

/*
 * BUG (src/service/carrier.c, resolve_scope): strtok_r(copy, ",，;；") treats
 * the delimiters as a set of BYTES, so the UTF-8 bytes of "，" (EF BC 8C) and
 * "；" (EF BC 9B) split any name containing 0xBC, 0x8C, 0x9B or 0xEF, e.g.
 * 张 (E5 BC A0), 传 (E4 BC A0), 综 (E7 BB BC). "张三" becomes "\xE5" and
 * "\xA0三", and the scope is refused as unknown. Same in org.c parse_roles
 * (",，"), e.g. "staff@综合处".
 */
static void level_2_scope_names_with_any_utf8_bytes(void **state)
{
	static const char *const scopes[] = {"张三", "person:张三", "dept:科技处，张三"};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(scopes); i++) {
		bm_ctx ctx;
		bm_carrier *c = NULL;
		bm_carrier_input in = classified("知悉范围含张三", "秘密");
		int rc;
		in.scope = scopes[i];
		as(&ctx, F()->clerk);
		rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
		if (rc != 0)
			fail_msg("scope '%s' refused: %s (%s)", scopes[i], bm_error_last()->code,
			         bm_error_last()->message_en);
		c = svc_fx_carrier(&t_arena, c->id);
		assert_int_equal(c->n_scope, i == 2 ? 2 : 1);
		assert_true(c->scope[c->n_scope - 1].person_id > 0);
	}
}

static void level_2_scope_separators(void **state)
{
	static const char *const scopes[] = {"dept:科技处,person:zhao", "dept:科技处，person:zhao",
	                                     "dept:科技处；zhao", "dept:科技处;  zhao,zhao"};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(scopes); i++) {
		bm_ctx ctx;
		bm_carrier *c;
		bm_carrier_input in = classified("分隔符", "秘密");
		in.scope = scopes[i];
		as(&ctx, F()->clerk);
		c = register_ok(&ctx, &in);
		c = svc_fx_carrier(&t_arena, c->id);
		assert_int_equal(c->n_scope, 2); /* duplicates collapse */
		assert_int_equal(c->scope[0].department_id, F()->tech_id);
		assert_int_equal(c->scope[1].person_id, F()->zhao->id);
	}
}

static void level_2_non_classified_with_period_refused(void **state)
{
	bm_carrier_input in = {.title = "内部带期限", .level = "内部", .period = "5"};
	(void)state;
	register_refused(&in, BM_EINVALID, "LEVEL-2", "period_not_applicable");
	in = (bm_carrier_input){.title = "非密带条件",
	                        .level = "非密",
	                        .period_event = "公开后",
	                        .review_date = "2027-01-01"};
	register_refused(&in, BM_EINVALID, "LEVEL-2", "period_not_applicable");
}

static void level_1_unknown_level_refused(void **state)
{
	bm_carrier_input in = classified("未知密级", "超密");
	(void)state;
	register_refused(&in, BM_EINVALID, "LEVEL-1", "invalid_level");
	in.level = "SECRET!";
	register_refused(&in, BM_EINVALID, "LEVEL-1", "invalid_level");
	in.level = NULL;
	register_refused(&in, BM_EINVALID, "LEVEL-2", "level_required");
	in.level = "";
	register_refused(&in, BM_EINVALID, "LEVEL-2", "level_required");
}

static void reg_1_unknown_kind_refused(void **state)
{
	bm_carrier_input in = classified("未知形态", "秘密");
	(void)state;
	in.kind = "磁带";
	register_refused(&in, BM_EINVALID, "REG-1", "invalid_kind");
	in.kind = "PAPER ";
	register_refused(&in, BM_EINVALID, "REG-1", "invalid_kind");
}

static void reg_1_empty_and_blank_title_refused(void **state)
{
	static const char *const blank[] = {"", "   ", "\t\n", "\xE3\x80\x80\xE3\x80\x80",
	                                    " \xE3\x80\x80 "};
	bm_carrier_input in = classified(NULL, "秘密");
	(void)state;
	register_refused(&in, BM_EINVALID, NULL, "required");
	for (size_t i = 0; i < BM_ARRAY_LEN(blank); i++) {
		in.title = blank[i];
		register_refused(&in, BM_EINVALID, NULL, "required");
	}
}

static void reg_1_title_length_limit_in_characters(void **state)
{
	char title[201 * 3 + 1];
	bm_carrier_input in;
	bm_ctx ctx;
	bm_carrier *c;
	(void)state;
	for (int i = 0; i < 201; i++)
		memcpy(title + i * 3, "密", 3);
	title[201 * 3] = '\0';
	in = classified(title, "秘密");
	register_refused(&in, BM_EINVALID, NULL, "too_long");
	title[200 * 3] = '\0'; /* 200 characters, 600 bytes */
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(strlen(c->title), 600);
}

static void reg_1_invalid_utf8_refused(void **state)
{
	bm_carrier_input in = classified("\xE6\x9C"
	                                 "坏",
	                                 "秘密");
	(void)state;
	register_refused(&in, BM_EINVALID, NULL, "invalid_utf8");
	in = classified("好标题", "秘密");
	in.note = "\xC0\xAF";
	register_refused(&in, BM_EINVALID, NULL, "invalid_utf8");
	in = classified("好标题", "秘密");
	in.scope = "dept:\xED\xA0\x80";
	register_refused(&in, BM_EINVALID, "LEVEL-2", "invalid_utf8");
}

static void reg_2_impossible_and_future_received_date_refused(void **state)
{
	bm_carrier_input in = classified("收到日期", "秘密");
	(void)state;
	in.received_on = "2026-02-30";
	register_refused(&in, BM_EINVALID, NULL, "invalid_date");
	in.received_on = "2026/11/23";
	register_refused(&in, BM_EINVALID, NULL, "invalid_date");
	in.received_on = "2026-11-24";
	register_refused(&in, BM_EINVALID, "REG-2", "date_in_future");
}

static void reg_2_today_is_the_local_date(void **state)
{
	bm_ctx ctx;
	bm_carrier *c;
	bm_carrier_input in = classified("跨零点", "秘密");
	int64_t late;
	(void)state;
	/* 16:30Z is 00:30 on the 24th in Beijing: the 24th is today, not the future.
	 */
	assert_true(bm_time_parse("2026-11-23T16:30:00Z", &late));
	as(&ctx, F()->clerk);
	ctx.now = late;
	in.received_on = "2026-11-24";
	c = register_ok(&ctx, &in);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_string_equal(c->received_on, "2026-11-24");
	assert_string_equal(c->period_start, "2026-11-24");
	/* Without a date the local day is used too. */
	as(&ctx, F()->clerk);
	ctx.now = late;
	in.received_on = NULL;
	c = register_ok(&ctx, &in);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_string_equal(c->received_on, "2026-11-24");
}

static void reg_2_late_registration_accepted_but_flagged(void **state)
{
	bm_ctx ctx;
	bm_carrier *c;
	json_t *d;
	bm_carrier_input in = classified("迟到的文件", "秘密");
	(void)state;
	in.received_on = "2026-11-20";
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	d = history_detail(&t_arena, c->id, 0, "register");
	assert_true(json_is_true(json_object_get(d, "late_registration")));
	assert_int_equal(json_integer_value(json_object_get(d, "late_days")), 3);
	assert_string_equal(json_string_value(json_object_get(d, "received_on")), "2026-11-20");
	json_decref(d);

	/* Registered the same day: no flag. */
	in.received_on = "2026-11-23";
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	d = history_detail(&t_arena, c->id, 0, "register");
	assert_null(json_object_get(d, "late_registration"));
	json_decref(d);
}

static void keep_1_place_with_lower_max_level_refused(void **state)
{
	bm_carrier_input in = classified("机密进档案室", "机密");
	bm_ctx ctx;
	(void)state;
	in.place = "档案室"; /* room, up to 秘密 */
	register_refused(&in, BM_EDENIED, "KEEP-1", "place_level_too_low");
	in = classified("秘密进普通柜", "秘密");
	in.place = "普通文件柜";
	register_refused(&in, BM_EDENIED, "KEEP-1", "place_level_too_low");
	/* 秘密 in the archive room is allowed. */
	in = classified("秘密进档案室", "秘密");
	in.place = "档案室";
	as(&ctx, F()->clerk);
	register_ok(&ctx, &in);
}

static void keep_1_secret_only_in_a_safe(void **state)
{
	bm_carrier_input in = classified("机密进保密室", "机密");
	bm_ctx ctx;
	(void)state;
	in.place = "保密室"; /* room that may hold 机密, but not a safe */
	register_refused(&in, BM_EDENIED, "KEEP-1", "safe_required");
	in.level = "绝密";
	register_refused(&in, BM_EDENIED, "KEEP-1", "place_level_too_low");
	in = classified("机密进科技处柜", "机密");
	in.place = "科技处保密柜";
	as(&ctx, F()->clerk);
	register_ok(&ctx, &in);
	in = classified("秘密进保密室", "秘密");
	in.place = "保密室";
	as(&ctx, F()->clerk);
	register_ok(&ctx, &in);
	/* SYS-5: the level from which a safe is needed is the policy's keep.safe_level */
	in = classified("秘密进保密室（严格制度）", "秘密");
	in.place = "保密室";
	as(&ctx, F()->clerk);
	ctx.policy.safe_level = BM_LEVEL_CONFIDENTIAL;
	expect_refused(bm_svc_carrier_register_incoming(&ctx, &in, &(bm_carrier *){NULL}),
	               BM_EDENIED, "KEEP-1", "safe_required");
	assert_non_null(strstr(bm_error_last()->message, "秘密及以上"));
}

static void keep_1_classified_needs_a_place(void **state)
{
	bm_carrier_input in = classified("无地点", "秘密");
	(void)state;
	in.place = NULL;
	register_refused(&in, BM_EINVALID, "KEEP-1", "place_required");
}

static void person_1_custodian_not_cleared_refused(void **state)
{
	bm_carrier_input in = classified("绝密给张三", "绝密");
	bm_ctx ctx;
	bm_carrier *c;
	(void)state;
	in.custodian = "张三"; /* important: up to 机密 */
	register_refused(&in, BM_EDENIED, "PERSON-1", "custodian_not_cleared");
	in.level = "机密";
	in.keep = (bm_keep_terms){.reason = "项目研究", .approver = "zhao", .until = "2027-06-30"};
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	c = svc_fx_carrier(&t_arena, c->id);
	assert_string_equal(c->custodian_name, "张三");
	/* A person with no class cannot keep even 秘密. */
	in = classified("秘密给审计员", "秘密");
	in.custodian = "auditor";
	register_refused(&in, BM_EDENIED, "PERSON-1", "custodian_not_cleared");
}

static void person_2_no_commitment_means_no_clearance(void **state)
{
	bm_ctx ctx;
	bm_person *p, copy;
	bm_carrier_input in;
	(void)state;
	as(&ctx, F()->clerk);
	assert_int_equal(bm_svc_person_resolve(&ctx, "孙未签", &p), 0);
	assert_int_equal(p->person_class, BM_CLASS_IMPORTANT);
	assert_null(p->commitment_signed_on);
	assert_int_equal(bm_svc_clearance(p), BM_LEVEL_INTERNAL);
	assert_int_equal(bm_svc_person_resolve(&ctx, "张三", &p), 0);
	assert_int_equal(bm_svc_clearance(p), BM_LEVEL_SECRET);
	assert_int_equal(bm_svc_person_resolve(&ctx, "周一般", &p), 0);
	assert_int_equal(bm_svc_clearance(p), BM_LEVEL_CONFIDENTIAL);
	assert_int_equal(bm_svc_clearance(F()->clerk), BM_LEVEL_TOP_SECRET);
	assert_int_equal(bm_svc_clearance(F()->li), BM_LEVEL_SECRET);
	/* Not a secret-bearing person: 内部 (work secrets) only, never 秘密. */
	assert_int_equal(bm_svc_clearance(F()->sysadmin), BM_LEVEL_INTERNAL);
	assert_int_equal(bm_svc_clearance(NULL), BM_LEVEL_PUBLIC);
	copy = *F()->zhao;
	copy.status = BM_PERSON_DISABLED;
	assert_int_equal(bm_svc_clearance(&copy), BM_LEVEL_PUBLIC);

	in = classified("秘密给孙", "秘密");
	in.custodian = "孙未签";
	/* Issue 13 point 2: the class reaches 秘密; the missing commitment is named (PERSON-2). */
	register_refused(&in, BM_EDENIED, "PERSON-2", "no_commitment");
	in = classified("秘密知悉孙", "秘密");
	in.scope = "dept:办公室, 孙未签";
	register_refused(&in, BM_EDENIED, "PERSON-2", "no_commitment");
	in = classified("机密知悉周", "机密");
	in.scope = "dept:办公室, 周一般";
	register_refused(&in, BM_EDENIED, "PERSON-1", "clearance_too_low");
	in = (bm_carrier_input){
	        .title = "内部给孙",
	        .level = "内部",
	        .custodian = "孙未签",
	        .keep = {.reason = "核对", .approver = "zhao", .until = "2027-06-30"}};
	as(&ctx, F()->clerk);
	register_ok(&ctx, &in);
}

static void reg_1_unknown_person_place_department_not_found(void **state)
{
	bm_carrier_input in = classified("未知引用", "秘密");
	(void)state;
	in.custodian = "nobody";
	register_refused(&in, BM_ENOTFOUND, NULL, NULL);
	in.custodian = "424242";
	register_refused(&in, BM_ENOTFOUND, NULL, NULL);
	in = classified("未知引用", "秘密");
	in.place = "地下室";
	register_refused(&in, BM_ENOTFOUND, NULL, NULL);
	in.place = "999";
	register_refused(&in, BM_ENOTFOUND, NULL, NULL);
	in = classified("未知引用", "秘密");
	in.department = "保卫处";
	register_refused(&in, BM_ENOTFOUND, NULL, NULL);
}

static void reg_1_duplicate_serial_refused_and_nothing_written(void **state)
{
	bm_carrier_input in = classified("重复份号", "秘密");
	bm_ctx ctx;
	(void)state;
	in.doc_number = "京发〔2026〕8号";
	in.serial_number = "1";
	as(&ctx, F()->clerk);
	register_ok(&ctx, &in);
	register_refused(&in, BM_ECONFLICT, "REG-1", "duplicate_serial");
	/* Another copy number of the same document is a different carrier. */
	in.serial_number = "2";
	as(&ctx, F()->clerk);
	register_ok(&ctx, &in);
	in.serial_number = "0";
	register_refused(&in, BM_EINVALID, NULL, "out_of_range");
	in.serial_number = "2a";
	register_refused(&in, BM_EINVALID, NULL, "not_a_number");
}

/* ---- made here (MAKE-2)
 * --------------------------------------------------------- */

/*
 * MAKE-1 (issue 13): the ledger's route makes nothing without an approved
 * make request; the attempt is audited with the rule, nothing written. The
 * route with a request is tested with the make requests (records/test_copy.c).
 */
static void make_1_made_registration_without_request_refused(void **state)
{
	bm_ctx ctx;
	bm_carrier *items = NULL;
	size_t n = 0;
	fx_audit before, after;
	int64_t count = svc_fx_carrier_count(), history = svc_fx_history_count();
	bm_carrier_input in = classified("本单位制作的文件", "秘密");
	(void)state;
	in.doc_number = "办字〔2026〕20号";
	in.copies = "2";
	as(&ctx, F()->clerk);
	svc_fx_audit_last(&before);
	expect_refused(bm_svc_carrier_register_made(&ctx, 0, &in, &items, &n), BM_EDENIED, "MAKE-1",
	               "make_request_required");
	assert_null(items);
	assert_int_equal(svc_fx_carrier_count(), count);
	assert_int_equal(svc_fx_history_count(), history);
	svc_fx_audit_last(&after);
	assert_int_equal(after.count, before.count + 1);
	assert_string_equal(after.action, "carrier.register_made");
	assert_string_equal(after.outcome, "refused");
	assert_string_equal(after.rule, "MAKE-1");
}

/* ---- refusals are audited (SYS-3)
 * ---------------------------------------------- */

static void sys_3_refusal_writes_no_carrier_no_history_one_audit_event(void **state)
{
	bm_carrier_input in = classified("被拒绝的", "超密");
	fx_audit a;
	json_t *d;
	(void)state;
	register_refused(&in, BM_EINVALID, "LEVEL-1", "invalid_level");
	svc_fx_audit_last(&a);
	assert_string_equal(a.object, "");
	d = json_loads(a.detail, 0, NULL);
	assert_non_null(d);
	assert_string_equal(json_string_value(json_object_get(d, "code")), "invalid_level");
	assert_string_equal(json_string_value(json_object_get(d, "channel")), "test");
	assert_non_null(json_object_get(d, "reason"));
	json_decref(d);
	/* A refusal found late (after the carrier row was written) leaves nothing
	 * either. */
	in = classified("晚拒绝", "秘密");
	in.doc_number = "京发〔2026〕8号"; /* serial 1 taken in an earlier test or here */
	in.serial_number = "7";
	{
		bm_ctx ctx;
		as(&ctx, F()->clerk);
		register_ok(&ctx, &in);
	}
	register_refused(&in, BM_ECONFLICT, "REG-1", "duplicate_serial");
	{
		bm_audit_verify_result res;
		memset(&res, 0, sizeof(res));
		assert_int_equal(bm_audit_verify(F()->store, &res), 0);
		assert_int_equal(res.first_bad_seq, 0);
		assert_true(res.count > 0);
	}
}

/* ---- moving (KEEP-1)
 * ------------------------------------------------------------ */

static void keep_1_move_to_permitted_place(void **state)
{
	bm_ctx ctx;
	bm_carrier *c, *g;
	json_t *d;
	bm_carrier_input in = classified("待移存", "秘密");
	int64_t archive_id;
	(void)state;
	in.place = "档案室";
	/* CIRC-1 (issue 13.5): the new custodian is inside the scope. */
	in.scope = "dept:办公室,li";
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	archive_id = svc_fx_carrier(&t_arena, c->id)->place_id;
	as(&ctx, F()->clerk);
	{
		const bm_keep_terms keep = {
		        .reason = "项目研究", .approver = "zhao", .until = "2027-06-30"};
		assert_int_equal(bm_svc_carrier_move_kept(&ctx, c->id, "机要室保密柜", "li",
		                                          "集中保管", &keep),
		                 0);
	}
	g = svc_fx_carrier(&t_arena, c->id);
	assert_string_equal(g->place_name, "机要室保密柜");
	assert_int_equal(g->custodian_id, F()->li->id);
	assert_int_equal(g->status, BM_STATUS_IN_STORE);
	assert_int_equal(history_len(&t_arena, c->id), 2);
	d = history_detail(&t_arena, c->id, 1, "move");
	assert_int_equal(json_integer_value(json_object_get(d, "from_place_id")), archive_id);
	assert_int_equal(json_integer_value(json_object_get(d, "to_place_id")), g->place_id);
	assert_int_equal(json_integer_value(json_object_get(d, "to_custodian_id")), F()->li->id);
	assert_string_equal(json_string_value(json_object_get(d, "reason")), "集中保管");
	json_decref(d);
	/* The knowledge scope survives the move. */
	assert_int_equal(g->n_scope, 2);
	assert_int_equal(g->scope[0].department_id, F()->office_id);
}

/*
 * CIRC-1 (issue 13.5): a classified carrier does not go to a custodian
 * outside its scope; the refusal is audited and nothing changes.
 */
static void circ_1_move_to_custodian_outside_scope_refused(void **state)
{
	bm_ctx ctx;
	bm_carrier *c, *g;
	fx_audit a;
	bm_carrier_input in = classified("范围外保管", "秘密");
	const bm_keep_terms keep = {
	        .reason = "项目研究", .approver = "zhao", .until = "2027-06-30"};
	size_t events;
	(void)state;
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	events = history_len(&t_arena, c->id);
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_carrier_move_kept(&ctx, c->id, NULL, "li", "集中保管", &keep),
	               BM_EDENIED, "CIRC-1", "custodian_outside_scope");
	svc_fx_audit_last(&a);
	assert_string_equal(a.action, "carrier.move");
	assert_string_equal(a.outcome, "refused");
	assert_string_equal(a.rule, "CIRC-1");
	g = svc_fx_carrier(&t_arena, c->id);
	assert_int_equal(g->custodian_id, F()->clerk->id);
	assert_null(g->keep_until);
	assert_int_equal(g->n_scope, 1);
	assert_int_equal(history_len(&t_arena, c->id), events);
}

static void keep_1_move_to_lower_place_refused(void **state)
{
	bm_ctx ctx;
	bm_carrier *c, *g;
	fx_audit a;
	bm_carrier_input in = classified("机密不能降柜", "机密");
	(void)state;
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_carrier_move(&ctx, c->id, "档案室", NULL, NULL), BM_EDENIED, "KEEP-1",
	               "place_level_too_low");
	svc_fx_audit_last(&a);
	assert_string_equal(a.action, "carrier.move");
	assert_string_equal(a.outcome, "refused");
	assert_string_equal(a.rule, "KEEP-1");
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_carrier_move(&ctx, c->id, "保密室", NULL, NULL), BM_EDENIED, "KEEP-1",
	               "safe_required");
	as(&ctx, F()->clerk);
	/* 孙未签's class reaches 机密 but there is no commitment (PERSON-2, issue 13 point 2). */
	expect_refused(bm_svc_carrier_move(&ctx, c->id, NULL, "孙未签", NULL), BM_EDENIED,
	               "PERSON-2", "no_commitment");
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_carrier_move(&ctx, c->id, NULL, NULL, NULL), BM_EINVALID, "KEEP-1",
	               "nothing_to_move");
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_carrier_move(&ctx, 987654, "机要室保密柜", NULL, NULL), BM_ENOTFOUND,
	               NULL, "unknown_carrier");
	g = svc_fx_carrier(&t_arena, c->id);
	assert_string_equal(g->place_name, "机要室保密柜");
	assert_int_equal(g->custodian_id, F()->clerk->id);
	assert_int_equal(history_len(&t_arena, c->id), 1);
}

static void keep_1_move_not_in_store_refused(void **state)
{
	bm_ctx ctx;
	bm_carrier *c, *g;
	bm_carrier_input in = classified("已借出", "秘密");
	(void)state;
	as(&ctx, F()->clerk);
	c = register_ok(&ctx, &in);
	/* Lending is another module's use case; set the status in the store. */
	g = svc_fx_carrier(&t_arena, c->id);
	g->status = BM_STATUS_LENT;
	assert_int_equal(BM_STORE(F()->store, carrier_update)(F()->store, g), 0);
	as(&ctx, F()->clerk);
	expect_refused(bm_svc_carrier_move(&ctx, c->id, "档案室", NULL, NULL), BM_ECONFLICT,
	               "KEEP-1", "not_in_store");
	assert_non_null(strstr(bm_error_last()->message_en, "'lent'"));
	g = svc_fx_carrier(&t_arena, c->id);
	assert_string_equal(g->place_name, "机要室保密柜");
	assert_int_equal(history_len(&t_arena, c->id), 1);
}

/* ---- separation of duties (SYS-1)
 * ------------------------------------------------ */

static void sys_1_administrators_cannot_handle_carriers(void **state)
{
	bm_person *admins[3];
	int64_t id;
	(void)state;
	admins[0] = F()->sysadmin;
	admins[1] = F()->secadmin;
	admins[2] = F()->auditor;
	{
		bm_ctx ctx;
		bm_carrier_input in = classified("给管理员看", "秘密");
		as(&ctx, F()->clerk);
		id = register_ok(&ctx, &in)->id;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(admins); i++) {
		bm_ctx ctx;
		bm_carrier *c = NULL, *items = NULL;
		bm_carrier_event *ev = NULL;
		size_t n = 0;
		bm_carrier_page page = {0};
		bm_carrier_filter flt = {
		        .level = -1, .status = -1, .kind = -1, .origin = -1, .limit = 10};
		bm_carrier_input in = {.title = "管理员登记", .level = "内部"};
		fx_audit a;
		int64_t count = svc_fx_carrier_count();

		as(&ctx, admins[i]);
		expect_refused(bm_svc_carrier_register_incoming(&ctx, &in, &c), BM_EDENIED, "SYS-1",
		               "admin_no_business");
		in.doc_number = "管〔2026〕1号";
		in.copies = "1";
		as(&ctx, admins[i]);
		expect_refused(bm_svc_carrier_register_made(&ctx, 0, &in, &items, &n), BM_EDENIED,
		               "SYS-1", NULL);
		as(&ctx, admins[i]);
		expect_refused(bm_svc_carrier_list(&ctx, &flt, &page), BM_EDENIED, "SYS-1", NULL);
		assert_int_equal(page.count, 0);
		as(&ctx, admins[i]);
		expect_refused(bm_svc_carrier_show(&ctx, id, &c, &ev, &n), BM_EDENIED, "SYS-1",
		               NULL);
		assert_null(c);
		as(&ctx, admins[i]);
		expect_refused(bm_svc_carrier_move(&ctx, id, "机要室保密柜", NULL, NULL),
		               BM_EDENIED, "SYS-1", NULL);
		svc_fx_audit_last(&a);
		assert_string_equal(a.actor, admins[i]->username);
		assert_string_equal(a.outcome, "refused");
		assert_string_equal(a.rule, "SYS-1");
		assert_int_equal(svc_fx_carrier_count(), count);
	}
}

static void keep_5_registration_needs_the_clerk_role(void **state)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_input in = {.title = "员工自行登记", .level = "内部"};
	(void)state;
	as(&ctx, F()->li);
	expect_refused(bm_svc_carrier_register_incoming(&ctx, &in, &c), BM_EDENIED, "KEEP-5",
	               "role_required");
	as(&ctx, NULL);
	expect_refused(bm_svc_carrier_register_incoming(&ctx, &in, &c), BM_EDENIED, "SYS-4",
	               "login_required");
}

/* ---- visibility through the services (SYS-2)
 * ------------------------------------- */

static void sys_2_show_outside_scope_is_not_found(void **state)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_event *ev = NULL;
	size_t n = 0;
	int64_t office_only, tech, for_zhao;
	char hidden_code[BM_ERROR_CODE_MAX];
	(void)state;
	{
		bm_carrier_input in = classified("办公室专用", "秘密");
		as(&ctx, F()->clerk);
		office_only = register_ok(&ctx, &in)->id;
		in = classified("科技处知悉", "秘密");
		in.scope = "dept:科技处";
		as(&ctx, F()->clerk);
		tech = register_ok(&ctx, &in)->id;
		in = classified("赵六知悉", "绝密");
		in.scope = "person:zhao";
		as(&ctx, F()->clerk);
		for_zhao = register_ok(&ctx, &in)->id;
	}
	/* zhao (财务处) may not see the office's item: it does not exist for him. */
	as(&ctx, F()->zhao);
	expect_refused(bm_svc_carrier_show(&ctx, office_only, &c, &ev, &n), BM_ENOTFOUND, NULL,
	               "unknown_carrier");
	assert_null(c);
	snprintf(hidden_code, sizeof(hidden_code), "%s", bm_error_last()->code);
	as(&ctx, F()->zhao);
	expect_refused(bm_svc_carrier_show(&ctx, 99999999, &c, &ev, &n), BM_ENOTFOUND, NULL,
	               hidden_code);
	/* In scope by department. */
	as(&ctx, F()->li);
	assert_int_equal(bm_svc_carrier_show(&ctx, tech, &c, &ev, &n), 0);
	assert_int_equal(c->id, tech);
	assert_int_equal(n, 1);
	assert_string_equal(ev[0].action, "register");
	as(&ctx, F()->zhao);
	c = NULL;
	expect_refused(bm_svc_carrier_show(&ctx, tech, &c, &ev, &n), BM_ENOTFOUND, NULL,
	               "unknown_carrier");
	/* In scope by name; li is named nowhere and not cleared for 绝密 either. */
	as(&ctx, F()->zhao);
	assert_int_equal(bm_svc_carrier_show(&ctx, for_zhao, &c, &ev, &n), 0);
	as(&ctx, F()->li);
	c = NULL;
	expect_refused(bm_svc_carrier_show(&ctx, for_zhao, &c, &ev, &n), BM_ENOTFOUND, NULL,
	               "unknown_carrier");
	assert_null(c);
	/* The clerk keeps the whole ledger. */
	as(&ctx, F()->clerk);
	assert_int_equal(bm_svc_carrier_show(&ctx, office_only, &c, &ev, &n), 0);
}

static void sys_2_moving_a_hidden_carrier_is_not_found(void **state)
{
	bm_ctx ctx;
	bm_carrier_input in = classified("不可见移存", "秘密");
	int64_t id;
	(void)state;
	as(&ctx, F()->clerk);
	id = register_ok(&ctx, &in)->id;
	/* li holds no clerk role: refused by role before anything is revealed. */
	as(&ctx, F()->li);
	expect_refused(bm_svc_carrier_move(&ctx, id, "机要室保密柜", NULL, NULL), BM_EDENIED,
	               "KEEP-1", "role_required");
}

static void sys_2_list_totals_exclude_hidden_carriers(void **state)
{
	static const struct {
		const char *title, *level, *scope, *place;
	} set[] = {
	        {"可见性测试甲", "秘密", "dept:科技处", "机要室保密柜"},
	        {"可见性测试乙", "秘密", "person:zhao", "机要室保密柜"},
	        {"可见性测试丙", "内部", NULL, NULL},
	        {"可见性测试丁", "绝密", "dept:科技处", "机要室保密柜"},
	        {"可见性测试戊", "机密", "dept:科技处", "机要室保密柜"},
	};
	int64_t ids[BM_ARRAY_LEN(set)];
	struct {
		bm_person *who;
		size_t n;
		int visible[5];
	} views[3];
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(set); i++) {
		bm_ctx ctx;
		bm_carrier_input in = {.title = set[i].title,
		                       .level = set[i].level,
		                       .scope = set[i].scope,
		                       .place = set[i].place};
		as(&ctx, F()->clerk);
		ids[i] = register_ok(&ctx, &in)->id;
	}
	views[0].who = F()->clerk;
	views[0].n = 5;
	memcpy(views[0].visible, (int[]){1, 1, 1, 1, 1}, sizeof(views[0].visible));
	views[1].who = F()->li; /* 科技处, up to 机密 */
	views[1].n = 3;
	memcpy(views[1].visible, (int[]){1, 0, 1, 0, 1}, sizeof(views[1].visible));
	views[2].who = F()->zhao; /* 财务处, core, named on 乙 */
	views[2].n = 2;
	memcpy(views[2].visible, (int[]){0, 1, 1, 0, 0}, sizeof(views[2].visible));

	for (size_t v = 0; v < BM_ARRAY_LEN(views); v++) {
		for (int limit = 1; limit <= 10; limit += 9) {
			bm_ctx ctx;
			bm_carrier_page page = {0};
			bm_carrier_filter flt = {.level = -1,
			                         .status = -1,
			                         .kind = -1,
			                         .origin = -1,
			                         .query = "可见性测试",
			                         .limit = limit};
			as(&ctx, views[v].who);
			assert_int_equal(bm_svc_carrier_list(&ctx, &flt, &page), 0);
			assert_null(flt.viewer); /* the service does not leave its viewer behind */
			if (page.total != (int64_t)views[v].n)
				fail_msg("%s sees a total of %lld, expected %zu",
				         views[v].who->username, (long long)page.total, views[v].n);
			assert_int_equal(page.count,
			                 limit < (int)views[v].n ? (size_t)limit : views[v].n);
			for (size_t i = 0; i < page.count; i++)
				for (size_t k = 0; k < BM_ARRAY_LEN(set); k++)
					if (page.items[i].id == ids[k] && !views[v].visible[k])
						fail_msg("%s sees hidden '%s'",
						         views[v].who->username, set[k].title);
		}
	}
	{
		bm_ctx ctx;
		bm_carrier_page page = {0};
		bm_carrier_filter flt = {
		        .level = -1, .status = -1, .kind = -1, .origin = -1, .limit = 1001};
		as(&ctx, F()->clerk);
		expect_refused(bm_svc_carrier_list(&ctx, &flt, &page), BM_EINVALID, NULL,
		               "invalid_limit");
		flt.limit = 10;
		flt.query = "\xFF\xFE";
		as(&ctx, F()->clerk);
		expect_refused(bm_svc_carrier_list(&ctx, &flt, &page), BM_EINVALID, NULL,
		               "invalid_utf8");
	}
}

/* ---- failure injection
 * ---------------------------------------------------------- */

static bm_carrier_input injection_input(char *doc, size_t size, const char *tag, long n)
{
	bm_carrier_input in = classified("内存故障注入测试", "机密");
	snprintf(doc, size, "注入%s〔2026〕%ld号", tag, n);
	in.doc_number = doc;
	in.serial_number = "1";
	in.custodian = "张三";
	in.keep = (bm_keep_terms){.reason = "项目研究", .approver = "zhao", .until = "2027-06-30"};
	in.department = "科技处";
	/* PERSON-1: everybody named is cleared for 机密 (张三; 周一般 is not). */
	in.scope = "dept:科技处, person:zhao, 张三";
	in.received_on = "2026-11-20";
	in.period = "2030-01-01";
	in.note = "注入";
	return in;
}

/* A registration that reported success must have stored every field. */
static void expect_complete(int64_t id, const char *doc)
{
	bm_arena a;
	bm_carrier *c;
	bm_arena_init(&a, 0);
	c = svc_fx_carrier(&a, id);
	assert_string_equal(c->title, "内存故障注入测试");
	assert_string_equal(c->doc_number, doc);
	assert_int_equal(c->serial_number, 1);
	assert_int_equal(c->level, BM_LEVEL_SECRET);
	assert_int_equal(c->period_kind, BM_PERIOD_UNTIL);
	assert_non_null(c->period_until);
	assert_string_equal(c->period_until, "2030-01-01");
	if (!c->received_on || strcmp(c->received_on, "2026-11-20") != 0)
		fail_msg("carrier %lld registered without its received date", (long long)id);
	if (!c->period_start || strcmp(c->period_start, "2026-11-20") != 0)
		fail_msg("carrier %lld registered without its period start", (long long)id);
	assert_string_equal(c->registered_at, FX_NOW);
	assert_int_equal(c->department_id, F()->tech_id);
	assert_int_equal(c->n_scope, 3);
	assert_int_equal(history_len(&a, id), 1);
	bm_arena_release(&a);
}

/* The store is not left inside a transaction and still answers. */
static void expect_store_usable(void)
{
	bm_store *s = F()->store;
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	assert_int_equal(BM_STORE(s, rollback)(s), 0);
	(void)svc_fx_carrier_count();
}

/*
 * bm_malloc fails after n successful allocations, for n = 0, 1, … until a
 * run meets no failure. SQLite and jansson use their own allocators, so only
 * baomi's own allocations (arena chunks, buffers, the audit module) fail.
 */
static void failure_injection_register_incoming_malloc(void **state)
{
	long n;
	int failures = 0;
	(void)state;
	for (n = 0; n < 5000; n++) {
		bm_arena a;
		bm_ctx ctx;
		bm_carrier *c = NULL;
		char doc[64];
		bm_carrier_input in = injection_input(doc, sizeof(doc), "M", n);
		int64_t before = svc_fx_carrier_count();
		long failed;
		int rc;

		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, F()->clerk);
		bm_alloc_fail_after(n);
		rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
		failed = bm_alloc_fail_after(-1);
		if (rc != 0) {
			if (failed == 0)
				fail_msg("n=%ld: refused without an injected failure: %s", n,
				         bm_error_last()->message_en);
			assert_true(rc < 0);
			assert_int_equal(svc_fx_carrier_count(), before);
			failures++;
		} else {
			expect_complete(c->id, doc);
			assert_int_equal(svc_fx_carrier_count(), before + 1);
		}
		expect_store_usable();
		bm_arena_release(&a);
		if (rc == 0 && failed == 0)
			break;
	}
	assert_true(n < 5000);
	assert_true(failures > 0); /* the loop did inject something */
	{
		bm_audit_verify_result res;
		memset(&res, 0, sizeof(res));
		assert_int_equal(bm_audit_verify(F()->store, &res), 0);
	}
}

/*
 * The same with the arena: every arena allocation of the use case fails in
 * turn (the arena's limit moves up one block at a time). The store's and
 * the services' NULL checks on arena memory are exercised this way.
 */
static void failure_injection_register_incoming_arena(void **state)
{
	size_t used, step = 16;
	int failures = 0;
	(void)state;
	{
		/* How much one registration takes from the arena. */
		bm_arena a;
		bm_ctx ctx;
		bm_carrier *c = NULL;
		char doc[64];
		bm_carrier_input in = injection_input(doc, sizeof(doc), "A", 0);
		size_t base;
		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, F()->clerk);
		base = a.total;
		assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), 0);
		used = a.total - base;
		bm_arena_release(&a);
	}
	for (size_t limit = 0; limit <= used; limit += step) {
		bm_arena a;
		bm_ctx ctx;
		bm_carrier *c = NULL;
		char doc[64];
		bm_carrier_input in = injection_input(doc, sizeof(doc), "A", (long)limit + 1);
		int64_t before = svc_fx_carrier_count();
		int rc;

		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, F()->clerk);
		a.limit = a.total + limit;
		rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
		a.limit = 0;
		if (rc != 0) {
			assert_true(rc < 0);
			assert_int_equal(svc_fx_carrier_count(), before);
			failures++;
		} else {
			expect_complete(c->id, doc);
			assert_int_equal(svc_fx_carrier_count(), before + 1);
		}
		expect_store_usable();
		bm_arena_release(&a);
	}
	assert_true(failures > 0);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, t_setup, t_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        T(reg_1_register_incoming_happy_path),
	        T(reg_1_defaults_custodian_department_and_received_today),
	        T(level_8_no_period_gets_level_maximum),
	        T(level_3_period_years_beyond_maximum_refused),
	        T(level_3_period_date_beyond_maximum_refused),
	        T(level_3_event_period_needs_review_date),
	        T(level_2_classified_without_scope_refused),
	        T(level_2_scope_names_with_any_utf8_bytes),
	        T(level_2_scope_separators),
	        T(level_2_non_classified_with_period_refused),
	        T(level_1_unknown_level_refused),
	        T(reg_1_unknown_kind_refused),
	        T(reg_1_empty_and_blank_title_refused),
	        T(reg_1_title_length_limit_in_characters),
	        T(reg_1_invalid_utf8_refused),
	        T(reg_2_impossible_and_future_received_date_refused),
	        T(reg_2_today_is_the_local_date),
	        T(reg_2_late_registration_accepted_but_flagged),
	        T(keep_1_place_with_lower_max_level_refused),
	        T(keep_1_secret_only_in_a_safe),
	        T(keep_1_classified_needs_a_place),
	        T(person_1_custodian_not_cleared_refused),
	        T(person_2_no_commitment_means_no_clearance),
	        T(reg_1_unknown_person_place_department_not_found),
	        T(reg_1_duplicate_serial_refused_and_nothing_written),
	        T(make_1_made_registration_without_request_refused),
	        T(sys_3_refusal_writes_no_carrier_no_history_one_audit_event),
	        T(keep_1_move_to_permitted_place),
	        T(circ_1_move_to_custodian_outside_scope_refused),
	        T(keep_1_move_to_lower_place_refused),
	        T(keep_1_move_not_in_store_refused),
	        T(sys_1_administrators_cannot_handle_carriers),
	        T(keep_5_registration_needs_the_clerk_role),
	        T(sys_2_show_outside_scope_is_not_found),
	        T(sys_2_moving_a_hidden_carrier_is_not_found),
	        T(sys_2_list_totals_exclude_hidden_carriers),
	        T(failure_injection_register_incoming_malloc),
	        T(failure_injection_register_incoming_arena),
	};
	return cmocka_run_group_tests_name("service_carrier", tests, svc_fx_group_setup,
	                                   svc_fx_group_teardown);
}
