/*
 * test_letter.c — src/service/letter.c: personal letters (领导亲启, REG-3).
 * The clerk logs the sealed envelope; only the addressee records the
 * opening; classified contents are registered as incoming carriers linked
 * to the letter; who sees which letter; and letters are never deleted (the
 * store's trigger). Every refusal asserts code, rule, both messages, the
 * refused audit event and that no row was written.
 *
 * On the service fixture (tests/unit/service/fixture.h): clerk 王秘书 logs,
 * li 李四 is the addressee, zhao 赵六 a colleague.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "msg_check.h"
#include <sqlite3.h>

#include "../service/fixture.h"
#include "service/letter.h"

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

/* What a refusal must leave unchanged. */
typedef struct snap {
	int64_t letters, carriers, audit;
	char statuses[256]; /* every letter's status, in order */
} snap;

static void snapshot(snap *out)
{
	bm_letter_row *rows;
	size_t n, used = 0;
	fx_audit last;
	bm_ctx ctx;
	memset(out, 0, sizeof(*out));
	/* Straight from the store: every letter of the unit, whoever it is for. */
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(BM_STORE(FX()->store, letter_list)(FX()->store, &t_arena, ctx.unit->id, 0,
	                                                    NULL, &rows, &n),
	                 0);
	out->letters = (int64_t)n;
	for (size_t i = 0; i < n && used + 16 < sizeof(out->statuses); i++)
		used += (size_t)snprintf(out->statuses + used, sizeof(out->statuses) - used, "%s,",
		                         rows[i].status);
	out->carriers = svc_fx_carrier_count();
	svc_fx_audit_last(&last);
	out->audit = last.count;
}

/*
 * Asserts a refusal: code `klass`, rule and code with both messages, the last
 * audit event refused with the rule, and nothing else changed since `before`.
 */
static void assert_refused(int rc, int klass, const char *rule, const char *code,
                           const snap *before)
{
	const bm_error *e = bm_error_last();
	char e_rule[sizeof(e->rule)];
	fx_audit last;
	snap now;

	if (rc != klass || strcmp(e->rule, rule) != 0 || strcmp(e->code, code) != 0)
		fprintf(stderr, "# expected %d %s %s, got %d %s %s (%s)\n", klass, rule, code, rc,
		        e->rule, e->code, e->message_en);
	assert_int_equal(rc, klass);
	assert_string_equal(e->rule, rule);
	assert_string_equal(e->code, code);
	assert_bilingual(e->message, e->message_en, true);
	snprintf(e_rule, sizeof(e_rule), "%s", e->rule);
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "refused");
	assert_string_equal(last.rule, e_rule);
	snapshot(&now);
	assert_int_equal(now.letters, before->letters);
	assert_string_equal(now.statuses, before->statuses);
	assert_int_equal(now.carriers, before->carriers);
	assert_int_equal(now.audit, before->audit + 1);
}

static int log_letter(bm_person *who, const char *sender, const char *addressee,
                      const char *received_on, bm_letter_row **out)
{
	bm_ctx ctx;
	bm_letter_input in = {
	        .sender = sender, .addressee = addressee, .received_on = received_on, .note = NULL};
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_letter_log(&ctx, &in, out);
}

static int open_letter(bm_person *who, int64_t id, bool classified, bm_letter_row **out)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_letter_open(&ctx, id, classified, "拆封说明", out);
}

static int show(bm_person *who, int64_t id, bm_letter_row **out)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_letter_show(&ctx, id, out);
}

static int list(bm_person *who, const char *status, size_t *n)
{
	bm_ctx ctx;
	bm_letter_row *rows;
	svc_fx_ctx(&ctx, &t_arena, who);
	return bm_svc_letter_list(&ctx, status, &rows, n);
}

/* Registers the contents of `letter` as the clerk. */
static int register_contents(const char *letter, const char *level, bm_carrier **out)
{
	bm_ctx ctx;
	bm_carrier_input in = {.title = "信中所附文件",
	                       .level = level,
	                       .place = "机要室保密柜",
	                       .scope = "li",
	                       .sender = "市科技局",
	                       .letter = letter};
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_carrier_register_incoming(&ctx, &in, out);
}

/* A sealed letter for li, logged by the clerk (asserts). */
static bm_letter_row *sealed_for_li(const char *sender)
{
	bm_letter_row *l = NULL;
	assert_int_equal(log_letter(FX()->clerk, sender, "li", "2026-11-20", &l), 0);
	return l;
}

static const char *id_text(int64_t id)
{
	return bm_arena_printf(&t_arena, "%lld", (long long)id);
}

/* REG-3: the clerk logs the envelope unopened; the log is audited. */
static void reg_3_clerk_logs_sealed_letter(void **state)
{
	bm_letter_row *l = NULL, *again = NULL;
	fx_audit last;
	snap before;
	(void)state;

	snapshot(&before);
	assert_int_equal(log_letter(FX()->clerk, "市委办公室", "李四", "2026-11-20", &l), 0);
	assert_true(l->id > 0);
	assert_string_equal(l->status, "sealed");
	assert_string_equal(l->sender, "市委办公室");
	assert_string_equal(l->received_on, "2026-11-20");
	assert_int_equal(l->addressee_id, FX()->li->id);
	assert_null(l->opened_at);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "letter.log");
	assert_string_equal(last.outcome, "ok");
	assert_string_equal(last.object,
	                    bm_arena_printf(&t_arena, "letter:%lld", (long long)l->id));
	assert_int_equal(last.count, before.audit + 1);

	/* The clerk and the addressee read it back from the store. */
	assert_int_equal(show(FX()->clerk, l->id, &again), 0);
	assert_string_equal(again->addressee_name, "李四");
	assert_string_equal(again->logged_by_name, "王秘书");
	assert_int_equal(show(FX()->li, l->id, &again), 0);
	assert_string_equal(again->status, "sealed");

	/* The date received defaults to today (fixture now: 2026-11-23). */
	assert_int_equal(log_letter(FX()->clerk, "某单位", "li", NULL, &l), 0);
	assert_string_equal(l->received_on, "2026-11-23");
}

/* REG-3: only the clerk logs; bad envelopes are refused whole with no row written. */
static void reg_3_log_refusals_write_nothing(void **state)
{
	bm_letter_row *l = NULL;
	snap before;
	(void)state;

	snapshot(&before);
	assert_refused(log_letter(FX()->li, "某单位", "li", NULL, &l), BM_EDENIED, "REG-3",
	               "role_required", &before);
	snapshot(&before);
	assert_refused(log_letter(FX()->sysadmin, "某单位", "li", NULL, &l), BM_EDENIED, "SYS-1",
	               "admin_no_business", &before);
	snapshot(&before);
	assert_refused(log_letter(FX()->clerk, "某单位", NULL, NULL, &l), BM_EINVALID, "REG-3",
	               "addressee_required", &before);
	snapshot(&before);
	/* 张三 has no account: nobody could record the opening. */
	assert_refused(log_letter(FX()->clerk, "某单位", "张三", NULL, &l), BM_EINVALID, "REG-3",
	               "addressee_cannot_open", &before);
	snapshot(&before);
	assert_refused(log_letter(FX()->clerk, "某单位", "li", "2026-11-24", &l), BM_EINVALID,
	               "REG-2", "date_in_future", &before);
	snapshot(&before);
	assert_refused(log_letter(FX()->clerk, "某单位", "li", "2026-02-30", &l), BM_EINVALID, "",
	               "invalid_date", &before);
	snapshot(&before);
	assert_int_equal(log_letter(FX()->clerk, "", "li", NULL, &l), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "required");
	{
		snap now;
		snapshot(&now);
		assert_int_equal(now.letters, before.letters);
	}
}

/*
 * REG-3: neither the clerk nor a colleague may open a personal letter; the
 * refusal is audited with the rule and the letter stays sealed.
 */
static void reg_3_only_addressee_opens(void **state)
{
	bm_letter_row *l = sealed_for_li("市委组织部"), *opened = NULL, *again = NULL;
	snap before;
	int rc;
	(void)state;

	snapshot(&before);
	rc = open_letter(FX()->clerk, l->id, true, &opened);
	/* The refusal names the addressee. */
	assert_non_null(strstr(bm_error_last()->message, "李四"));
	assert_non_null(strstr(bm_error_last()->message_en, "addressee"));
	assert_refused(rc, BM_EDENIED, "REG-3", "not_addressee", &before);
	snapshot(&before);
	assert_refused(open_letter(FX()->zhao, l->id, false, &opened), BM_EDENIED, "REG-3",
	               "not_addressee", &before);
	snapshot(&before);
	assert_refused(open_letter(FX()->auditor, l->id, false, &opened), BM_EDENIED, "SYS-1",
	               "admin_no_business", &before);
	assert_int_equal(show(FX()->li, l->id, &again), 0);
	assert_string_equal(again->status, "sealed");
	assert_null(again->opened_at);

	/* The addressee opens it and declares classified contents. */
	assert_int_equal(open_letter(FX()->li, l->id, true, &opened), 0);
	assert_string_equal(opened->status, "to_register");
	assert_true(opened->classified);
	assert_string_equal(opened->opened_at, FX_NOW);
	assert_int_equal(show(FX()->clerk, l->id, &again), 0);
	assert_string_equal(again->status, "to_register");
	assert_true(again->classified);
	assert_string_equal(again->open_note, "拆封说明");

	/* A letter is opened once. */
	snapshot(&before);
	assert_refused(open_letter(FX()->li, l->id, false, &opened), BM_ECONFLICT, "REG-3",
	               "letter_opened", &before);
	snapshot(&before);
	assert_refused(open_letter(FX()->li, 999999, false, &opened), BM_ENOTFOUND, "",
	               "unknown_letter", &before);
}

/* REG-3: nothing classified inside: the letter closes and nothing is registered from it. */
static void reg_3_nothing_classified_closes(void **state)
{
	bm_letter_row *l = sealed_for_li("同学"), *opened = NULL;
	bm_carrier *c = NULL;
	snap before;
	(void)state;

	assert_int_equal(open_letter(FX()->li, l->id, false, &opened), 0);
	assert_string_equal(opened->status, "closed");
	assert_false(opened->classified);
	snapshot(&before);
	assert_refused(register_contents(id_text(l->id), "秘密", &c), BM_ECONFLICT, "REG-3",
	               "letter_not_classified", &before);
}

/*
 * REG-3: the clerk registers the classified contents linked to the letter:
 * the letter becomes registered, names the carrier, and the carrier's
 * history names the letter. A sealed letter's contents are refused whole.
 */
static void reg_3_register_from_letter_links_carrier(void **state)
{
	bm_letter_row *l = sealed_for_li("市科技局"), *opened = NULL, *again = NULL;
	bm_carrier *c = NULL, *shown = NULL;
	bm_carrier_event *ev = NULL;
	size_t n_ev = 0;
	char want[64];
	snap before;
	bm_ctx ctx;
	(void)state;

	snapshot(&before);
	assert_refused(register_contents(id_text(l->id), "秘密", &c), BM_ECONFLICT, "REG-3",
	               "letter_sealed", &before);
	snapshot(&before);
	assert_refused(register_contents("abc", "秘密", &c), BM_EINVALID, "REG-3", "invalid_letter",
	               &before);

	assert_int_equal(open_letter(FX()->li, l->id, true, &opened), 0);
	/* A registration failing after the letter check rolls back whole: no link. */
	snapshot(&before);
	assert_int_equal(register_contents(id_text(l->id), "无此密级", &c), BM_EINVALID);
	{
		snap now;
		fx_audit last;
		snapshot(&now);
		assert_int_equal(now.carriers, before.carriers);
		assert_string_equal(now.statuses, before.statuses);
		svc_fx_audit_last(&last);
		assert_string_equal(last.action, "carrier.register_incoming");
		assert_string_not_equal(last.outcome, "ok");
	}
	assert_int_equal(show(FX()->clerk, l->id, &again), 0);
	assert_string_equal(again->status, "to_register");
	assert_int_equal(again->n_carriers, 0);

	assert_int_equal(register_contents(id_text(l->id), "秘密", &c), 0);
	assert_int_equal(svc_fx_carrier_count(), before.carriers + 1);
	assert_int_equal(show(FX()->clerk, l->id, &again), 0);
	assert_string_equal(again->status, "registered");
	assert_non_null(again->registered_at);
	assert_int_equal(again->n_carriers, 1);
	assert_int_equal(again->carrier_ids[0], c->id);

	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_carrier_show(&ctx, c->id, &shown, &ev, &n_ev), 0);
	assert_true(n_ev >= 1);
	assert_string_equal(ev[0].action, "register");
	snprintf(want, sizeof(want), "\"letter_id\":%lld", (long long)l->id);
	assert_non_null(strstr(ev[0].detail, want));

	/* A second item from the same letter is linked too; the letter stays registered. */
	assert_int_equal(register_contents(id_text(l->id), "内部", &c), 0);
	assert_int_equal(show(FX()->li, l->id, &again), 0);
	assert_string_equal(again->status, "registered");
	assert_int_equal(again->n_carriers, 2);
}

/* REG-3, SYS-1: the clerk sees every letter, the addressee their own, anybody else none. */
static void reg_3_list_and_show_visibility(void **state)
{
	bm_letter_row *l, *got = NULL;
	size_t all = 0, mine = 0, other = 0, n = 0;
	snap before;
	(void)state;

	assert_int_equal(log_letter(FX()->clerk, "某学会", "zhao", NULL, &l), 0);
	assert_int_equal(list(FX()->clerk, NULL, &all), 0);
	assert_int_equal(list(FX()->li, NULL, &mine), 0);
	assert_int_equal(list(FX()->zhao, NULL, &other), 0);
	assert_true(all >= 2);
	assert_int_equal(other, 1);
	assert_int_equal(mine + other, all);

	assert_int_equal(list(FX()->clerk, "sealed", &n), 0);
	assert_true(n >= 1 && n < all);

	assert_int_equal(show(FX()->zhao, l->id, &got), 0);
	snapshot(&before);
	assert_refused(show(FX()->li, l->id, &got), BM_ENOTFOUND, "", "unknown_letter", &before);
	snapshot(&before);
	assert_refused(list(FX()->auditor, NULL, &n), BM_EDENIED, "SYS-1", "admin_no_business",
	               &before);
	snapshot(&before);
	assert_refused(show(FX()->secadmin, l->id, &got), BM_EDENIED, "SYS-1", "admin_no_business",
	               &before);
	snapshot(&before);
	assert_refused(list(FX()->clerk, "lost", &n), BM_EINVALID, "", "invalid_status", &before);
}

/* Runs `sql` on a second connection to the fixture's database; returns SQLite's code. */
static int exec_sql(const char *sql, char *msg, size_t msg_size)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	int rc;
	assert_int_equal(sqlite3_open_v2(FX()->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	rc = sqlite3_exec(db, sql, NULL, NULL, &err);
	snprintf(msg, msg_size, "%s", err ? err : "");
	sqlite3_free(err);
	sqlite3_close(db);
	return rc;
}

/* REG-3: letters and their links are permanent: the store's triggers refuse a delete. */
static void reg_3_letters_cannot_be_deleted(void **state)
{
	bm_letter_row *l = sealed_for_li("永久保存测试");
	char sql[128], msg[256];
	snap before, after;
	(void)state;

	snapshot(&before);
	snprintf(sql, sizeof(sql), "DELETE FROM personal_letter WHERE id = %lld", (long long)l->id);
	assert_int_not_equal(exec_sql(sql, msg, sizeof(msg)), SQLITE_OK);
	assert_non_null(strstr(msg, "letters are permanent"));
	assert_int_not_equal(exec_sql("DELETE FROM personal_letter", msg, sizeof(msg)), SQLITE_OK);
	assert_int_not_equal(exec_sql("DELETE FROM personal_letter_carrier", msg, sizeof(msg)),
	                     SQLITE_OK);
	assert_non_null(strstr(msg, "letters are permanent"));
	assert_int_not_equal(exec_sql("UPDATE personal_letter_carrier SET carrier_id = carrier_id",
	                              msg, sizeof(msg)),
	                     SQLITE_OK);
	snapshot(&after);
	assert_int_equal(after.letters, before.letters);
	assert_string_equal(after.statuses, before.statuses);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(reg_3_clerk_logs_sealed_letter, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_3_log_refusals_write_nothing, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_3_only_addressee_opens, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(reg_3_nothing_classified_closes, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_3_register_from_letter_links_carrier, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_3_list_and_show_visibility, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(reg_3_letters_cannot_be_deleted, t_setup,
	                                        t_teardown),
	};
	return cmocka_run_group_tests(tests, svc_fx_group_setup, svc_fx_group_teardown);
}
