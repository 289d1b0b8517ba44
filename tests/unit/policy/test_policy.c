/*
 * test_policy.c — src/policy/policy.c and print.c: the key table, defaults,
 * the strict parser, the round trip and the printed regulation (SYS-5).
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <cmocka.h>

#include "policy/policy.h"
#include "policy/policy_int.h"
#include "util/buf.h"
#include "util/timeutil.h"

static bm_policy P;

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	bm_error_clear();
	return 0;
}

static int32_t D(const char *s)
{
	int32_t out = 0;
	if (!bm_date_parse(s, &out))
		fail_msg("bad test date '%s'", s);
	return out;
}

/* Parses `text`, expecting a refusal with `code`; checks the message names `line` and `rule`. */
static void refused(const char *text, const char *code, int line, const char *rule)
{
	bm_policy out;
	char where[32];
	const bm_error *e;

	out.version = 4242;
	assert_int_equal(bm_policy_parse(&out, text), BM_EINVALID);
	assert_int_equal(out.version, 4242); /* untouched */
	e = bm_error_last();
	assert_string_equal(e->code, code);
	assert_string_equal(e->rule, rule);
	snprintf(where, sizeof(where), "line %d", line);
	if (!strstr(e->message_en, where))
		fail_msg("'%s' does not name %s", e->message_en, where);
	snprintf(where, sizeof(where), "第 %d 行", line);
	if (!strstr(e->message, where))
		fail_msg("'%s' does not name %s", e->message, where);
}

static char *get(const bm_policy *p, const char *key)
{
	static char value[4096];
	bm_buf b;
	bm_buf_init(&b, 0);
	assert_int_equal(bm_policy_get(p, key, &b), 0);
	snprintf(value, sizeof(value), "%s", b.ptr ? b.ptr : "");
	bm_buf_release(&b);
	return value;
}

/* ---- the table ---- */

static void sys_5_every_policy_number_is_a_key(void **state)
{
	static const char *const expected[] = {
	        "period.max_years.top_secret",
	        "period.warning_days",
	        "registration.max_days",
	        "registration.handling_days",
	        "registration.circulation_days",
	        "approver.borrow.confidential",
	        "approver.borrow.top_secret",
	        "approver.read.secret",
	        "approver.copy.top_secret",
	        "approver.extract.secret",
	        "approver.take_out.top_secret",
	        "approver.make.secret",
	        "approver.widen_scope.secret",
	        "approver.destroy.secret",
	        "approver.level_change.secret",
	        "approver.foreign.top_secret",
	        "approver.outside_reader.secret",
	        "send.forbidden.top_secret",
	        "send.escorts.secret",
	        "circulation.same_day_level",
	        "circulation.immediate_level",
	        "borrow.mode.top_secret",
	        "borrow.term_days.confidential",
	        "borrow.term_days.secret",
	        "borrow.overdue_incident_months",
	        "copy.top_secret",
	        "keep.safe_level",
	        "destroy.min_witnesses",
	        "inventory.interval_months.top_secret",
	        "inventory.year_end",
	        "inventory.holiday_counts",
	        "person.decl_months.core",
	        "training.min_hours",
	        "training.lapse_blocks",
	        "device.electronic_max_level",
	        "device.password_days",
	        "auth.password_min_length.secret",
	        "auth.lockout_failures",
	        "auth.session_idle_minutes",
	        "incident.findings_months",
	        "inspection.interval_months",
	        "approval.max_pending_days",
	        "calendar.holidays",
	        "calendar.workdays",
	        "unit.tz_offset_minutes",
	};
	BM_UNUSED(state);
	assert_true(bm_policy_key_count() >= 100);
	for (size_t i = 0; i < BM_ARRAY_LEN(expected); i++) {
		bool found = false;
		for (size_t j = 0; bm_policy_key_name(j); j++)
			found |= strcmp(bm_policy_key_name(j), expected[i]) == 0;
		if (!found)
			fail_msg("no key '%s'", expected[i]);
	}
	assert_null(bm_policy_key_name(bm_policy_key_count()));
}

static void sys_5_keys_are_unique_and_cite_a_rule(void **state)
{
	BM_UNUSED(state);
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const policy_key *k = &bm_policy_keys[i];
		assert_non_null(k->rule);
		assert_true(strchr(k->rule, '-') != NULL);
		assert_true(k->chapter >= 1 && k->chapter <= 15);
		if (i == 0 || k->chapter != bm_policy_keys[i - 1].chapter)
			assert_non_null(k->lead_zh); /* a chapter starts with an article */
		assert_true((k->lead_zh == NULL) == (k->lead_en == NULL));
		if (!k->key)
			continue;
		assert_non_null(k->zh);
		assert_non_null(strstr(k->zh, "%s"));
		assert_non_null(strstr(k->en, "%s"));
		for (size_t j = 0; j < i; j++)
			if (bm_policy_keys[j].key && strcmp(bm_policy_keys[j].key, k->key) == 0)
				fail_msg("key '%s' twice", k->key);
	}
}

static void sys_5_every_default_parses_as_written(void **state)
{
	BM_UNUSED(state);
	/* A default the parser refused, or wrote differently, would show here. */
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const policy_key *k = &bm_policy_keys[i];
		if (k->key && strcmp(get(&P, k->key), k->def) != 0)
			fail_msg("'%s' default '%s' reads back as '%s'", k->key, k->def,
			         get(&P, k->key));
	}
}

static void sys_5_defaults_follow_the_catalogue(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(P.version, 0);
	assert_int_equal(P.period_max_years[BM_LEVEL_CONFIDENTIAL], 10); /* LEVEL-3 */
	assert_int_equal(P.period_max_years[BM_LEVEL_SECRET], 20);
	assert_int_equal(P.period_max_years[BM_LEVEL_TOP_SECRET], 30);
	assert_int_equal(P.registration_max_days, 0); /* REG-2 */
	assert_int_equal(P.handling_days, 35);        /* REG-5 */
	assert_int_equal(P.circulation_days, 7);
	assert_int_equal(P.borrow_term_days[BM_LEVEL_CONFIDENTIAL], 10); /* BORROW-2 */
	assert_int_equal(P.borrow_term_days[BM_LEVEL_SECRET], 5);
	assert_int_equal(P.borrow_mode[BM_LEVEL_TOP_SECRET], BM_BORROW_ONSITE);    /* BORROW-3 */
	assert_int_equal(P.overdue_incident_months, 3);                            /* BORROW-6 */
	assert_string_equal(get(&P, "approver.borrow.confidential"), "dept_head"); /* BORROW-1 */
	assert_string_equal(get(&P, "approver.borrow.secret"), "leader");
	assert_string_equal(get(&P, "approver.borrow.top_secret"), "principal");
	assert_string_equal(get(&P, "approver.take_out.top_secret"), "principal");  /* CARRY-1 */
	assert_string_equal(get(&P, "approver.level_change.secret"), "classifier"); /* LEVEL-4 */
	assert_int_equal(P.copy_top_secret, BM_COPY_TOP_FORBIDDEN);                 /* COPY-2 */
	assert_int_equal(P.same_day_level, BM_LEVEL_CONFIDENTIAL);                  /* CIRC-3 */
	assert_int_equal(P.immediate_level, BM_LEVEL_TOP_SECRET);
	assert_int_equal(P.inventory_months[BM_LEVEL_TOP_SECRET], 1); /* INV-1 */
	assert_int_equal(P.inventory_months[BM_LEVEL_SECRET], 3);
	assert_int_equal(P.inventory_months[BM_LEVEL_CONFIDENTIAL], 3);
	assert_true(P.inventory_year_end);
	assert_int_equal(P.send_escorts[BM_LEVEL_SECRET], 1); /* SEND-2 */
	assert_int_equal(P.send_escorts[BM_LEVEL_TOP_SECRET], 2);
	assert_true(bm_policy_channel_forbidden(&P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_MAIL));
	assert_true(bm_policy_channel_forbidden(&P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_ENCRYPTED_FAX));
	assert_false(bm_policy_channel_forbidden(&P, BM_LEVEL_SECRET, BM_CHANNEL_ENCRYPTED_FAX));
	assert_false(bm_policy_channel_forbidden(&P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_COURIER));
	assert_int_equal(P.destroy_min_witnesses, 2);         /* DESTROY-2 */
	assert_int_equal(P.decl_months[BM_CLASS_GENERAL], 6); /* PERSON-4 */
	assert_int_equal(P.decl_months[BM_CLASS_IMPORTANT], 12);
	assert_int_equal(P.decl_months[BM_CLASS_CORE], 24);
	assert_int_equal(P.electronic_max_level, BM_LEVEL_SECRET);         /* DEV-4 */
	assert_int_equal(P.password_min_length[BM_LEVEL_CONFIDENTIAL], 8); /* SYS-4 */
	assert_int_equal(P.password_min_length[BM_LEVEL_SECRET], 10);
	assert_int_equal(P.incident_findings_months, 3); /* INC-4 */
	assert_int_equal(P.tz_offset_minutes, 480);
	assert_true(bm_date_list_has(&P.holidays, D("2026-10-01")));
	assert_true(bm_date_list_has(&P.workdays, D("2026-10-10")));
	assert_false(bm_date_list_has(&P.holidays, D("2026-10-10")));
}

/* ---- round trip ---- */

static void sys_5_format_parses_back_to_the_same_policy(void **state)
{
	bm_buf b;
	bm_policy q;
	BM_UNUSED(state);
	bm_buf_init(&b, 0);
	assert_int_equal(bm_policy_format(&P, &b), 0);
	assert_non_null(strstr(b.ptr, "borrow.term_days.secret = 5\n"));
	assert_non_null(strstr(b.ptr, "approver.borrow.top_secret = principal\n"));
	assert_non_null(strstr(b.ptr, "copy.top_secret = forbidden\n"));
	assert_non_null(strstr(b.ptr, "# BORROW-2"));
	memset(&q, 0, sizeof(q));
	assert_int_equal(bm_policy_parse(&q, b.ptr), 0);
	assert_true(bm_policy_equal(&P, &q));
	bm_buf_release(&b);
}

static void sys_5_changed_policy_round_trips(void **state)
{
	const char *text = "# a unit's own choices\n"
	                   "borrow.term_days.secret = 7\n"
	                   "approver.borrow.secret = dept_head, principal\n"
	                   "approver.make.internal = dept_head\n"
	                   "copy.top_secret = originator\n"
	                   "borrow.mode.top_secret = forbidden\n"
	                   "inventory.interval_months.secret = 6\n"
	                   "inventory.year_end = false\n"
	                   "send.forbidden.confidential = mail,fax,phone,internet\n"
	                   "calendar.holidays = 2027-01-01, 2026-12-31\n"
	                   "calendar.workdays = none\n"
	                   "training.lapse_blocks = false\n"
	                   "circulation.same_day_level = secret\n";
	bm_policy a, b;
	bm_buf buf;
	BM_UNUSED(state);
	assert_int_equal(bm_policy_parse(&a, text), 0);
	assert_false(bm_policy_equal(&a, &P));
	assert_int_equal(a.borrow_term_days[BM_LEVEL_SECRET], 7);
	assert_int_equal(a.approvers[BM_OP_BORROW][BM_LEVEL_SECRET].n, 2);
	assert_int_equal(a.holidays.n, 2);
	assert_int_equal(a.holidays.dates[0], D("2026-12-31")); /* kept sorted */
	assert_int_equal(a.workdays.n, 0);
	bm_buf_init(&buf, 0);
	assert_int_equal(bm_policy_format(&a, &buf), 0);
	assert_non_null(strstr(buf.ptr, "approver.borrow.secret = dept_head,principal\n"));
	assert_non_null(strstr(buf.ptr, "calendar.workdays = none\n"));
	assert_int_equal(bm_policy_parse(&b, buf.ptr), 0);
	assert_true(bm_policy_equal(&a, &b));
	bm_buf_release(&buf);
}

static void sys_5_each_key_change_is_seen_by_equal(void **state)
{
	BM_UNUSED(state);
	/* Changing any single key makes the policies differ: equal() looks at every key. */
	for (size_t i = 0; bm_policy_key_name(i); i++) {
		const char *key = bm_policy_key_name(i);
		bm_policy q = P;
		if (strcmp(key, "calendar.holidays") == 0)
			q.holidays.dates[0]++;
		else if (strcmp(key, "calendar.workdays") == 0)
			q.workdays.n--;
		else if (strcmp(key, "inventory.holiday_counts") == 0)
			q.holiday_counts.n--;
		else if (strncmp(key, "approver.", 9) == 0) {
			const policy_key *k = NULL;
			for (size_t j = 0; j < bm_policy_nkeys; j++)
				if (bm_policy_keys[j].key &&
				    strcmp(bm_policy_keys[j].key, key) == 0)
					k = &bm_policy_keys[j];
			assert_non_null(k);
			((bm_role_list *)((char *)&q + k->offset))->n ^= 1;
		} else {
			const policy_key *k = NULL;
			for (size_t j = 0; j < bm_policy_nkeys; j++)
				if (bm_policy_keys[j].key &&
				    strcmp(bm_policy_keys[j].key, key) == 0)
					k = &bm_policy_keys[j];
			assert_non_null(k);
			((unsigned char *)&q)[k->offset] ^= 1;
		}
		if (bm_policy_equal(&P, &q))
			fail_msg("changing '%s' is not seen", key);
	}
}

static void sys_5_parse_accepts_comments_chinese_names_and_crlf(void **state)
{
	bm_policy q;
	BM_UNUSED(state);
	assert_int_equal(
	        bm_policy_parse(&q, "\n   # comment\r\n"
	                            "approver.borrow.secret = 主要领导   # 机密由主要领导批\r\n"
	                            "circulation.same_day_level=机密\r\n"
	                            "\t\n"),
	        0);
	assert_int_equal(q.approvers[BM_OP_BORROW][BM_LEVEL_SECRET].roles[0], BM_ROLE_PRINCIPAL);
	assert_int_equal(q.same_day_level, BM_LEVEL_SECRET);
	assert_int_equal(bm_policy_parse(&q, ""), 0);
	assert_true(bm_policy_equal(&q, &P));
	assert_int_equal(bm_policy_parse(&q, "approver.borrow.internal = none"), 0);
}

/* ---- strict parsing ---- */

static void sys_5_unknown_key_refused(void **state)
{
	BM_UNUSED(state);
	refused("borrow.term_days.secret = 5\nborrow.term_days.topsecret = 3\n",
	        "policy_unknown_key", 2, "SYS-5");
	assert_non_null(strstr(bm_error_last()->message_en, "'borrow.term_days.topsecret'"));
	/* 绝密 has no term: it is read on site. */
	refused("borrow.term_days.top_secret = 1\n", "policy_unknown_key", 1, "SYS-5");
}

static void sys_5_malformed_lines_refused(void **state)
{
	BM_UNUSED(state);
	refused("# ok\nborrow.term_days.secret 5\n", "policy_syntax", 2, "SYS-5");
	refused("borrow.term_days.secret = five\n", "policy_bad_value", 1, "BORROW-2");
	refused("borrow.term_days.secret = 5x\n", "policy_bad_value", 1, "BORROW-2");
	refused("borrow.term_days.secret =\n", "policy_bad_value", 1, "BORROW-2");
	refused("inventory.year_end = yes\n", "policy_bad_value", 1, "INV-1");
	refused("copy.top_secret = sometimes\n", "policy_bad_value", 1, "COPY-2");
	assert_non_null(strstr(bm_error_last()->message_en, "forbidden|originator"));
}

static void sys_5_duplicate_key_refused(void **state)
{
	BM_UNUSED(state);
	refused("borrow.term_days.secret = 5\n\nborrow.term_days.secret = 6\n",
	        "policy_duplicate_key", 3, "BORROW-2");
	assert_non_null(strstr(bm_error_last()->message_en, "line 1"));
}

static void level_3_period_above_the_law_refused(void **state)
{
	BM_UNUSED(state);
	refused("period.max_years.top_secret = 31\n", "policy_out_of_range", 1, "LEVEL-3");
	assert_non_null(strstr(bm_error_last()->message_en, "from 1 to 30"));
	refused("period.max_years.confidential = 0\n", "policy_out_of_range", 1, "LEVEL-3");
}

static void borrow_2_term_out_of_range_refused(void **state)
{
	BM_UNUSED(state);
	refused("borrow.term_days.secret = 61\n", "policy_out_of_range", 1, "BORROW-2");
	refused("borrow.term_days.secret = -1\n", "policy_out_of_range", 1, "BORROW-2");
	refused("borrow.term_days.secret = 99999999999999999999\n", "policy_bad_value", 1,
	        "BORROW-2");
}

static void borrow_3_top_secret_cannot_be_lent_by_policy(void **state)
{
	BM_UNUSED(state);
	refused("borrow.mode.top_secret = lend\n", "policy_out_of_range", 1, "BORROW-3");
}

static void borrow_1_approver_roles_checked(void **state)
{
	BM_UNUSED(state);
	refused("approver.borrow.secret = boss\n", "policy_bad_value", 1, "BORROW-1");
	/* SYS-1: the administrators never approve business. */
	refused("approver.borrow.secret = secadmin\n", "policy_bad_value", 1, "BORROW-1");
	refused("approver.borrow.secret = leader,leader\n", "policy_bad_value", 1, "BORROW-1");
	/* A classified level always needs an approver. */
	refused("approver.borrow.secret = none\n", "policy_out_of_range", 1, "BORROW-1");
	refused("approver.destroy.top_secret = clerk,dept_head,leader,principal,classifier\n",
	        "policy_out_of_range", 1, "DESTROY-1");
}

static void send_1_forbidden_channels_cannot_be_loosened(void **state)
{
	BM_UNUSED(state);
	refused("send.forbidden.secret = express\n", "policy_below_floor", 1, "SEND-1");
	assert_non_null(strstr(bm_error_last()->message_en, "'mail'"));
	refused("send.forbidden.top_secret = mail,fax,phone,internet\n", "policy_below_floor", 1,
	        "SEND-3");
	assert_non_null(strstr(bm_error_last()->message_en, "'encrypted_fax'"));
	refused("send.forbidden.secret = mail,fax,phone,internet,pigeon\n", "policy_bad_value", 1,
	        "SEND-1");
	refused("send.escorts.top_secret = 1\n", "policy_out_of_range", 1, "SEND-2");
}

static void destroy_2_two_witnesses_at_least(void **state)
{
	BM_UNUSED(state);
	refused("destroy.min_witnesses = 1\n", "policy_out_of_range", 1, "DESTROY-2");
}

static void dev_4_top_secret_never_allowed_electronically(void **state)
{
	BM_UNUSED(state);
	refused("device.electronic_max_level = top_secret\n", "policy_out_of_range", 1, "DEV-4");
}

static void borrow_2_calendar_dates_checked(void **state)
{
	BM_UNUSED(state);
	refused("calendar.holidays = 2026-02-30\n", "policy_bad_value", 1, "BORROW-2");
	refused("calendar.holidays = 2026-10-01,2026-10-01\n", "policy_bad_value", 1, "BORROW-2");
	refused("calendar.holidays = 2026/10/01\n", "policy_bad_value", 1, "BORROW-2");
	/* A day cannot be both off and worked. */
	refused("calendar.workdays = 2026-10-01\n", "policy_conflict", 1, "BORROW-2");
}

static void circ_3_immediate_not_below_same_day(void **state)
{
	BM_UNUSED(state);
	refused("circulation.same_day_level = top_secret\ncirculation.immediate_level = secret\n",
	        "policy_conflict", 2, "CIRC-3");
}

static void sys_5_get_unknown_key(void **state)
{
	bm_buf b;
	BM_UNUSED(state);
	bm_buf_init(&b, 0);
	assert_int_equal(bm_policy_get(&P, "no.such.key", &b), BM_ENOTFOUND);
	assert_int_equal(bm_policy_get(&P, "calendar.workdays", &b), 0);
	assert_string_equal(b.ptr,
	                    "2026-01-04,2026-02-14,2026-02-28,2026-05-09,2026-09-20,2026-10-10");
	bm_buf_release(&b);
}

static void sys_5_format_fails_cleanly_when_the_buffer_is_full(void **state)
{
	bm_buf b;
	BM_UNUSED(state);
	bm_buf_init(&b, 64);
	assert_int_equal(bm_policy_format(&P, &b), BM_ETOOLARGE);
	bm_buf_release(&b);
	bm_buf_init(&b, 64);
	assert_int_equal(bm_policy_print(&P, "单位", false, &b), BM_ETOOLARGE);
	bm_buf_release(&b);
}

/* ---- the printed regulation ---- */

static char *print(const bm_policy *p, bool english)
{
	bm_buf b;
	bm_buf_init(&b, 0);
	assert_int_equal(bm_policy_print(p, "某某县教育体育局", english, &b), 0);
	return bm_buf_detach(&b);
}

static void sys_5_print_chinese_chapters_and_articles(void **state)
{
	static const char *const want[] = {
	        "某某县教育体育局保密工作制度",
	        "第一章　定密管理",
	        "第二章　登记",
	        "第六章　借阅与查阅",
	        "第十章　销毁",
	        "第十一章　清查",
	        "第十五章　附则",
	        "第一条　",
	        "第十条　",
	        "第二十条　",
	        "第二十一条　",
	        "借阅涉密载体须经审批：",
	        "机密级由分管领导审批",
	        "绝密级由主要领导审批",
	        "机密级5个工作日",
	        "秘密级10个工作日",
	        "仅限现场阅读、不得带离",
	        "绝密级载体一律不得复制",
	        "（BORROW-1）",
	        "（BORROW-2）",
	        "（COPY-2）",
	        "（INV-1）",
	        "（SEND-1、SEND-3）",
	        "2026-10-01至2026-10-07",
	        "2026-10-10",
	};
	char *text;
	BM_UNUSED(state);
	text = print(&P, false);
	for (size_t i = 0; i < BM_ARRAY_LEN(want); i++)
		if (!strstr(text, want[i]))
			fail_msg("the printed regulation lacks '%s'", want[i]);
	assert_null(strstr(text, "%s"));
	assert_null(strstr(text, "Chapter"));
	bm_free(text);
}

static void sys_5_print_english(void **state)
{
	static const char *const want[] = {
	        "某某县教育体育局 Confidentiality Rules",
	        "Chapter 1  Classification",
	        "Chapter 15  Supplementary provisions",
	        "Article 1. ",
	        "Borrowing needs approval: ",
	        "top secret: approved by the principal leader",
	        "secret 5 working days",
	        "(BORROW-1)",
	        "(COPY-2)",
	        "Top secret carriers are never copied",
	};
	char *text;
	BM_UNUSED(state);
	text = print(&P, true);
	for (size_t i = 0; i < BM_ARRAY_LEN(want); i++)
		if (!strstr(text, want[i]))
			fail_msg("the English regulation lacks '%s'", want[i]);
	assert_null(strstr(text, "第一章"));
	bm_free(text);
}

static void sys_5_print_follows_the_policy(void **state)
{
	bm_policy q;
	char *text;
	BM_UNUSED(state);
	assert_int_equal(bm_policy_parse(&q, "borrow.term_days.secret = 7\n"
	                                     "approver.borrow.secret = dept_head,principal\n"
	                                     "copy.top_secret = originator\n"),
	                 0);
	q.version = 3;
	text = print(&q, false);
	assert_non_null(strstr(text, "机密级7个工作日"));
	assert_non_null(strstr(text, "机密级由科室负责人、主要领导依次审批"));
	assert_non_null(strstr(text, "须经原定密机关批准方可复制"));
	assert_non_null(strstr(text, "第 3 版"));
	assert_null(strstr(text, "机密级5个工作日"));
	bm_free(text);
	text = print(&q, true);
	assert_non_null(strstr(text, "approved by the department head, then the principal leader"));
	bm_free(text);
}

static void sys_5_print_cites_every_rule_of_the_table(void **state)
{
	char *zh, *en;
	BM_UNUSED(state);
	zh = print(&P, false);
	en = print(&P, true);
	for (size_t i = 0; i < bm_policy_nkeys; i++)
		if (!strstr(zh, bm_policy_keys[i].rule) || !strstr(en, bm_policy_keys[i].rule))
			fail_msg("rule '%s' is not cited", bm_policy_keys[i].rule);
	bm_free(zh);
	bm_free(en);
}

/*
 * A refusal cites "本单位保密工作制度第N条" (issue 14 point 8): for every rule
 * of the table, the printed line starting 第N条 cites it; a rule no article
 * cites (SYS-2, or none) is 0.
 */
static void sys_5_rule_article_is_the_printed_article(void **state)
{
	char *zh;
	BM_UNUSED(state);
	zh = print(&P, false);
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const char *rule = bm_policy_keys[i].rule;
		int n = bm_policy_rule_article(rule);
		char num[32], head[64], *line, *end;
		if (n <= 0)
			fail_msg("rule '%s' has no article", rule);
		bm_policy_zh_number(n, num, sizeof(num));
		snprintf(head, sizeof(head), "\n第%s条　", num);
		if (!(line = strstr(zh, head)))
			fail_msg("no article %d for '%s'", n, rule);
		end = strchr(line + 1, '\n');
		*end = '\0';
		/* The first article citing the rule: its line names it. */
		if (!strstr(line, rule))
			fail_msg("article %d (%s) does not cite '%s'", n, line + 1, rule);
		*end = '\n';
	}
	assert_true(bm_policy_rule_article("KEEP-1") > bm_policy_rule_article("REG-1"));
	assert_int_equal(bm_policy_rule_article("SYS-2"), 0);
	assert_int_equal(bm_policy_rule_article("NO-1"), 0);
	assert_int_equal(bm_policy_rule_article(""), 0);
	assert_int_equal(bm_policy_rule_article(NULL), 0);
	bm_free(zh);
}

/* print.c fills a clause template's one "%s" itself (no printf): any other '%' would print raw. */
static void sys_5_clause_templates_hold_one_value(void **state)
{
	BM_UNUSED(state);
	for (size_t i = 0; i < bm_policy_nkeys; i++) {
		const char *t[2] = {bm_policy_keys[i].zh, bm_policy_keys[i].en};
		if (bm_policy_keys[i].type == KT_TEXT)
			continue;
		for (int j = 0; j < 2; j++) {
			const char *hole = t[j] ? strstr(t[j], "%s") : NULL;
			if (!hole || strchr(hole + 2, '%') || strchr(t[j], '%') != hole)
				fail_msg("key '%s': template '%s' needs exactly one %%s and no "
				         "other %%",
				         bm_policy_keys[i].key, t[j] ? t[j] : "(null)");
		}
	}
}

/*
 * The editor (GET /policy/schema, issue 14 point 14) shows every setting from
 * this catalogue alone: each has its clause in zh and en, a chapter, a rule the
 * printed regulation cites, words for every choice, and a number its unit and a
 * default inside its range.
 */
static void sys_5_every_setting_has_label_unit_and_rule(void **state)
{
	bm_policy_key_info k;
	size_t n = 0;
	BM_UNUSED(state);
	for (size_t i = 0; bm_policy_key_info_at(i, &k); i++, n++) {
		const char *hole = strstr(k.zh, "%s");
		assert_string_equal(k.key, bm_policy_key_name(i));
		assert_true(*k.type);
		assert_non_null(hole);
		assert_non_null(strstr(k.en, "%s"));
		/* a clause that is the value alone is named by its article's lead or its words */
		if (strcmp(k.zh, "%s") == 0 && !*k.lead_zh && strcmp(k.type, "bool") != 0)
			fail_msg("key '%s': neither a clause nor a lead names it", k.key);
		assert_true(*k.chapter_zh && *k.chapter_en);
		assert_true(k.article >= 1);
		if (bm_policy_rule_article(k.rule) < 1)
			fail_msg("key '%s': rule '%s' is not cited by the regulation", k.key,
			         k.rule);
		if (strcmp(k.type, "int") == 0) {
			int def = (int)strtol(k.def, NULL, 10);
			if (!*k.unit_zh || !*k.unit_en)
				fail_msg("key '%s' has no unit", k.key);
			assert_true(k.min <= k.max);
			if (def < k.min || def > k.max) /* assert_in_range is unsigned: -720 */
				fail_msg("key '%s': default %d outside %d..%d", k.key, def, k.min,
				         k.max);
		} else {
			assert_string_equal(k.unit_zh, "");
			if (strcmp(k.type, "dates") != 0) {
				assert_non_null(k.vocab);
				for (int j = 0; j < k.nvocab; j++)
					assert_true(*k.vocab[j].zh && *k.vocab[j].en);
			}
		}
	}
	assert_int_equal(n, bm_policy_key_count());
	assert_true(bm_policy_key_info_at(0, &k));
	for (size_t i = 0; bm_policy_key_info_at(i, &k); i++)
		if (strcmp(k.key, "borrow.term_days.secret") == 0)
			break;
	assert_string_equal(k.unit_zh, "个工作日");
	assert_string_equal(k.unit_en, "working days");
	assert_false(bm_policy_key_info_at(bm_policy_key_count(), &k));
}

static void sys_5_article_numbers_in_chinese(void **state)
{
	static const struct {
		int n;
		const char *zh;
	} cases[] = {
	        {1, "一"},           {9, "九"},         {10, "十"},          {11, "十一"},
	        {20, "二十"},        {21, "二十一"},    {99, "九十九"},      {100, "一百"},
	        {101, "一百零一"},   {110, "一百一十"}, {115, "一百一十五"}, {120, "一百二十"},
	        {999, "九百九十九"},
	};
	char buf[64];
	BM_UNUSED(state);
	for (size_t i = 0; i < BM_ARRAY_LEN(cases); i++) {
		bm_policy_zh_number(cases[i].n, buf, sizeof(buf));
		assert_string_equal(buf, cases[i].zh);
	}
	bm_policy_zh_number(1000, buf, sizeof(buf));
	assert_string_equal(buf, "1000");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T_(f) cmocka_unit_test_setup(f, reset)
	        T_(sys_5_every_policy_number_is_a_key),
	        T_(sys_5_clause_templates_hold_one_value),
	        T_(sys_5_keys_are_unique_and_cite_a_rule),
	        T_(sys_5_every_default_parses_as_written),
	        T_(sys_5_defaults_follow_the_catalogue),
	        T_(sys_5_format_parses_back_to_the_same_policy),
	        T_(sys_5_changed_policy_round_trips),
	        T_(sys_5_each_key_change_is_seen_by_equal),
	        T_(sys_5_parse_accepts_comments_chinese_names_and_crlf),
	        T_(sys_5_unknown_key_refused),
	        T_(sys_5_malformed_lines_refused),
	        T_(sys_5_duplicate_key_refused),
	        T_(level_3_period_above_the_law_refused),
	        T_(borrow_2_term_out_of_range_refused),
	        T_(borrow_3_top_secret_cannot_be_lent_by_policy),
	        T_(borrow_1_approver_roles_checked),
	        T_(send_1_forbidden_channels_cannot_be_loosened),
	        T_(destroy_2_two_witnesses_at_least),
	        T_(dev_4_top_secret_never_allowed_electronically),
	        T_(borrow_2_calendar_dates_checked),
	        T_(circ_3_immediate_not_below_same_day),
	        T_(sys_5_get_unknown_key),
	        T_(sys_5_format_fails_cleanly_when_the_buffer_is_full),
	        T_(sys_5_print_chinese_chapters_and_articles),
	        T_(sys_5_print_english),
	        T_(sys_5_print_follows_the_policy),
	        T_(sys_5_print_cites_every_rule_of_the_table),
	        T_(sys_5_rule_article_is_the_printed_article),
	        T_(sys_5_article_numbers_in_chinese),
	        T_(sys_5_every_setting_has_label_unit_and_rule),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
