/*
 * test_keeping.c — KEEP-6 in src/service (keeping.c, carrier.c,
 * carrier_stats.c, alerts.c): the unit, department and personal ledgers
 * are views of one record, so their counts agree level by level with the
 * stats; and a person who keeps an item records why, who approved and
 * until when, refused otherwise, flagged once the end date has passed.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "fixture.h"
#include "service/ledger.h"
#include "service/service_int.h"
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

static svc_fx *F(void)
{
	return svc_fx_get();
}

static const bm_keep_terms terms = {
        .reason = "项目研究需要", .approver = "zhao", .until = "2027-06-30"};

static int64_t reg(const char *title, const char *level, const char *place, const char *dept,
                   const char *custodian, const char *scope)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_input in = {.title = title,
	                       .level = level,
	                       .place = place,
	                       .department = dept,
	                       .custodian = custodian,
	                       .scope = scope,
	                       .keep = terms};
	int rc;
	if (custodian && strcmp(custodian, "zhao") == 0)
		in.keep.approver = "li"; /* nobody approves their own keeping */
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
	if (rc)
		fail_msg("register '%s': %s", title, bm_error_last()->message_en);
	return c->id;
}

/* Populates the ledger once: every level, three departments, four keepers. */
static int populate(void **state)
{
	int rc = svc_fx_group_setup(state);
	if (rc)
		return rc;
	bm_arena_init(&t_arena, 0);
	{
		static const char *const levels[] = {"非密", "内部", "秘密", "机密", "绝密"};
		static const char *const depts[] = {"办公室", "科技处", "财务处"};
		for (int i = 0; i < 30; i++) {
			const char *level = levels[i % 5];
			const char *dept = depts[i % 3];
			const char *custodian = "clerk";
			char title[64];
			/* li (科技处, 机密), 张三 (科技处, 机密), zhao (财务处, 绝密) keep some. */
			if (i % 4 == 1 && i % 5 <= 3)
				custodian = "li";
			else if (i % 7 == 2 && i % 5 <= 3)
				custodian = "张三";
			else if (i % 6 == 5)
				custodian = "zhao";
			snprintf(title, sizeof(title), "台账视图测试%d", i);
			reg(title, level, i % 5 >= 2 ? "机要室保密柜" : "普通文件柜", dept,
			    custodian, i % 5 >= 2 ? "dept:科技处, person:zhao" : NULL);
		}
	}
	bm_arena_release(&t_arena);
	return 0;
}

static bm_carrier_filter any(void)
{
	bm_carrier_filter f;
	memset(&f, 0, sizeof(f));
	f.level = f.status = f.kind = f.origin = -1;
	f.limit = 1;
	return f;
}

static int64_t total(bm_person *who, bm_carrier_filter f)
{
	bm_ctx ctx;
	bm_carrier_page page = {0};
	svc_fx_ctx(&ctx, &t_arena, who);
	assert_int_equal(bm_svc_carrier_list(&ctx, &f, &page), 0);
	return page.total;
}

/* KEEP-6: the unit total is the sum over departments and over custodians, as the stats say. */
static void keep_6_ledgers_are_views_of_one_record(void **state)
{
	bm_ctx ctx;
	bm_carrier_stats st;
	bm_department *depts;
	bm_person *people;
	size_t n_depts, n_people;
	int64_t unit_total;
	(void)state;

	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_department_list(&ctx, &depts, &n_depts), 0);
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_person_list(&ctx, &people, &n_people), 0);
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_stats(&ctx, &st), 0);
	unit_total = total(F()->clerk, any());
	assert_int_equal(unit_total, 30);
	assert_int_equal(st.total, unit_total);

	for (int level = -1; level < BM_LEVEL_COUNT; level++) {
		bm_carrier_filter f = any();
		int64_t unit, by_dept = 0, by_custodian = 0, kept_personally = 0;
		f.level = level;
		unit = total(F()->clerk, f);
		for (size_t i = 0; i < n_depts; i++) {
			bm_carrier_filter g = f;
			g.department_id = depts[i].id;
			by_dept += total(F()->clerk, g);
		}
		for (size_t i = 0; i < n_people; i++) {
			bm_carrier_filter g = f;
			int64_t n;
			g.custodian_id = people[i].id;
			n = total(F()->clerk, g);
			by_custodian += n;
			if (people[i].id != F()->clerk->id)
				kept_personally += n;
		}
		assert_int_equal(by_dept, unit);
		assert_int_equal(by_custodian, unit);
		assert_int_equal(unit, level < 0 ? st.total : st.by_level[level]);
		if (level < 0)
			assert_true(kept_personally > 0);
	}
	/* Each status too, against the stats. */
	for (int status = 0; status < BM_STATUS_COUNT; status++) {
		bm_carrier_filter f = any();
		f.status = status;
		assert_int_equal(total(F()->clerk, f), st.by_status[status]);
	}
}

/* KEEP-6 with SYS-2: a keeper's own ledger is the unit ledger filtered by custodian. */
static void keep_6_personal_ledger_matches_the_unit_view(void **state)
{
	bm_carrier_filter f = any();
	bm_ctx ctx;
	bm_carrier_stats st;
	(void)state;
	f.custodian_id = F()->zhao->id;
	/* zhao is cleared for 绝密 and sees what they keep in any view. */
	assert_int_equal(total(F()->zhao, f), total(F()->clerk, f));
	assert_true(total(F()->zhao, f) > 0);
	svc_fx_ctx(&ctx, &t_arena, F()->zhao);
	assert_int_equal(bm_svc_carrier_stats(&ctx, &st), 0);
	assert_int_equal(st.total, total(F()->zhao, any()));
}

static void expect_keep6(int rc, int klass, const char *code)
{
	const bm_error *e = bm_error_last();
	if (rc != klass)
		fail_msg("expected %d, got %d (%s %s: %s)", klass, rc, e->code, e->rule,
		         e->message_en);
	assert_string_equal(e->rule, "KEEP-6");
	assert_string_equal(e->code, code);
	assert_true(e->message[0] && e->message_en[0]);
}

static int try_register(const char *custodian, bm_keep_terms keep)
{
	bm_ctx ctx;
	bm_carrier *c;
	bm_carrier_input in = {.title = "个人保管测试",
	                       .level = "秘密",
	                       .place = "机要室保密柜",
	                       .scope = "dept:科技处",
	                       .custodian = custodian,
	                       .keep = keep};
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	return bm_svc_carrier_register_incoming(&ctx, &in, &c);
}

/* KEEP-6: registration to a person who is not a clerk needs why, who approved, until when. */
static void keep_6_registration_needs_terms(void **state)
{
	int64_t before = svc_fx_carrier_count();
	const bm_error *e;
	fx_audit a;
	(void)state;
	expect_keep6(try_register("li", (bm_keep_terms){0}), BM_EINVALID, "keeping_terms_required");
	e = bm_error_last();
	assert_non_null(strstr(e->message, "保管理由"));
	assert_non_null(strstr(e->message, "批准人"));
	assert_non_null(strstr(e->message, "保管期限"));
	assert_non_null(strstr(e->message_en, "until when"));
	svc_fx_audit_last(&a);
	assert_string_equal(a.outcome, "refused");
	assert_string_equal(a.rule, "KEEP-6");
	expect_keep6(try_register("li", (bm_keep_terms){.reason = "研究", .approver = "zhao"}),
	             BM_EINVALID, "keeping_terms_required");
	e = bm_error_last();
	assert_null(strstr(e->message, "批准人"));
	assert_non_null(strstr(e->message, "保管期限"));
	expect_keep6(try_register("li", (bm_keep_terms){.reason = "研究",
	                                                .approver = "li",
	                                                .until = "2027-01-01"}),
	             BM_EINVALID, "keeping_self_approved");
	expect_keep6(try_register("li", (bm_keep_terms){.reason = "研究",
	                                                .approver = "auditor",
	                                                .until = "2027-01-01"}),
	             BM_EINVALID, "keeping_approver_admin");
	expect_keep6(try_register("li", (bm_keep_terms){.reason = "研究",
	                                                .approver = "nobody",
	                                                .until = "2027-01-01"}),
	             BM_ENOTFOUND, "unknown_person");
	expect_keep6(try_register("li", (bm_keep_terms){.reason = "研究",
	                                                .approver = "zhao",
	                                                .until = "2026-11-22"}),
	             BM_EINVALID, "keeping_until_past");
	expect_keep6(try_register("li", (bm_keep_terms){.reason = "研究",
	                                                .approver = "zhao",
	                                                .until = "2026-02-30"}),
	             BM_EINVALID, "invalid_date");
	assert_int_equal(svc_fx_carrier_count(), before);
	/* Today is not in the past; a clerk needs no terms (and keeps none). */
	assert_int_equal(try_register("li", (bm_keep_terms){.reason = "研究",
	                                                    .approver = "zhao",
	                                                    .until = "2026-11-23"}),
	                 0);
	assert_int_equal(try_register("clerk", (bm_keep_terms){0}), 0);
	assert_int_equal(svc_fx_carrier_count(), before + 2);
}

/* KEEP-6: the terms are on the record, in its JSON and its history. */
static void keep_6_terms_recorded_and_shown(void **state)
{
	bm_ctx ctx;
	bm_carrier *c;
	bm_carrier_event *ev;
	size_t n;
	json_t *o, *k, *d;
	int64_t id = reg("记录保管条件", "秘密", "机要室保密柜", "科技处", "li", "dept:科技处");
	(void)state;
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_show(&ctx, id, &c, &ev, &n), 0);
	assert_string_equal(c->keep_reason, "项目研究需要");
	assert_int_equal(c->keep_approver_id, F()->zhao->id);
	assert_string_equal(c->keep_approver_name, "赵六");
	assert_string_equal(c->keep_until, "2027-06-30");
	o = bm_carrier_to_json(&t_arena, c);
	k = json_object_get(o, "keeping");
	assert_true(json_is_object(k));
	assert_string_equal(json_string_value(json_object_get(k, "reason")), "项目研究需要");
	assert_string_equal(json_string_value(json_object_get(k, "approver")), "赵六");
	assert_string_equal(json_string_value(json_object_get(k, "until")), "2027-06-30");
	json_decref(o);
	d = json_loads(ev[0].detail, 0, NULL);
	assert_string_equal(json_string_value(json_object_get(d, "keep_until")), "2027-06-30");
	json_decref(d);

	/* A move back to the clerk ends the keeping; the history keeps what it was. */
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_move(&ctx, id, NULL, "clerk", "交回"), 0);
	c = svc_fx_carrier(&t_arena, id);
	assert_null(c->keep_until);
	assert_null(c->keep_reason);
	assert_int_equal(c->keep_approver_id, 0);
	o = bm_carrier_to_json(&t_arena, c);
	assert_true(json_is_null(json_object_get(o, "keeping")));
	json_decref(o);
	/* A move to a person needs the terms again. */
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	expect_keep6(bm_svc_carrier_move(&ctx, id, NULL, "li", "再借"), BM_EINVALID,
	             "keeping_terms_required");
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_move_kept(&ctx, id, NULL, "li", "再借", &terms), 0);
	/* Moving the place only keeps the terms. */
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_move(&ctx, id, "保密室", NULL, "换柜"), 0);
	assert_string_equal(svc_fx_carrier(&t_arena, id)->keep_until, "2027-06-30");
}

/* KEEP-6 with KEEP-2: a hand-over carries the terms; a term-less item does not go to a person. */
static void keep_6_handover(void **state)
{
	bm_svc_receipt paper = {.paper = true}, own = {.password = FX_PW};
	bm_ctx ctx;
	bm_carrier *items;
	size_t n;
	int64_t id;
	(void)state;
	/* 周一般 keeps an item with terms; handed to 张三, the terms go along. */
	id = reg("移交带条件", "秘密", "机要室保密柜", "科技处", "周一般", "dept:科技处");
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	/* KEEP-2: neither side has an account: both sign the printed list. */
	assert_int_equal(
	        bm_svc_handover(&ctx, "周一般", "张三", &paper, &paper, "调岗", &items, &n), 0);
	assert_int_equal(n, 1);
	assert_string_equal(svc_fx_carrier(&t_arena, id)->keep_until, "2027-06-30");
	assert_string_equal(svc_fx_carrier(&t_arena, id)->custodian_name, "张三");
	/* The clerk's items have no terms: handing them to a person is refused, nothing moves. */
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	expect_keep6(bm_svc_handover(&ctx, "clerk", "张三", &own, &paper, "调岗", &items, &n),
	             BM_EINVALID, "keeping_terms_required");
	{
		bm_carrier_filter f = any();
		f.custodian_id = F()->clerk->id;
		assert_true(total(F()->clerk, f) > 0);
	}
}

/* KEEP-6: personal keeping past its end date alerts the clerk and the keeper, nobody else. */
static void keep_6_alert_past_end_date(void **state)
{
	bm_ctx ctx;
	bm_alert *al;
	size_t n;
	int64_t later,
	        id = reg("逾期个人保管", "秘密", "机要室保密柜", "科技处", "li", "dept:科技处");
	int found;
	(void)state;
	assert_true(bm_time_parse("2027-07-02T02:00:00Z", &later));
	for (int who = 0; who < 3; who++) {
		bm_person *p = who == 0 ? F()->clerk : who == 1 ? F()->li : F()->zhao;
		found = 0;
		svc_fx_ctx(&ctx, &t_arena, p);
		assert_int_equal(bm_svc_alerts(&ctx, later, &al, &n), 0);
		for (size_t i = 0; i < n; i++)
			if (al[i].carrier_id == id && strcmp(al[i].rule, "KEEP-6") == 0) {
				found++;
				assert_string_equal(al[i].code, "keeping_expired");
				assert_string_equal(al[i].due, "2027-06-30");
				assert_int_equal(al[i].days_overdue, 2);
				assert_non_null(strstr(al[i].text_en, "past its end date"));
			}
		/* zhao approved it but neither keeps it nor is a clerk: not told. */
		assert_int_equal(found, who < 2 ? 1 : 0);
	}
	/* Not yet past: no alert on the end date itself. */
	assert_true(bm_time_parse("2027-06-30T02:00:00Z", &later));
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_alerts(&ctx, later, &al, &n), 0);
	for (size_t i = 0; i < n; i++)
		assert_false(al[i].carrier_id == id && strcmp(al[i].rule, "KEEP-6") == 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, t_setup, t_teardown)
	const struct CMUnitTest tests[] = {
	        T(keep_6_ledgers_are_views_of_one_record),
	        T(keep_6_personal_ledger_matches_the_unit_view),
	        T(keep_6_registration_needs_terms),
	        T(keep_6_terms_recorded_and_shown),
	        T(keep_6_handover),
	        T(keep_6_alert_past_end_date),
	};
#undef T
	return cmocka_run_group_tests(tests, populate, svc_fx_group_teardown);
}
