/*
 * test_bind.c — issue 17 point 5 (SYS-3): a use case writing many rows of a
 * bound table binds them as one set, and `baomi check` still names a row of
 * the set changed or deleted behind baomi's back.
 *
 * The group runs with the test build's knobs lowered (meson.build adds it
 * to -Dtest_clock=true builds only): a table with more than 4 rows written
 * makes a set ($BAOMI_TEST_BIND_SET_MIN) and a connection's noted rows
 * spill to temp.bm_touched past 3 ($BAOMI_TEST_BIND_SPILL), so a count
 * close over a custodian's nine carriers takes the path a million-carrier
 * close takes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sqlite3.h>

#include "ld_fixture.h"
#include "service/check.h"
#include "util/alloc.h"

#define FX() svc_fx_get()
#define N    9

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

static int group_setup(void **state)
{
	setenv("BAOMI_TEST_BIND_SET_MIN", "4", 1);
	setenv("BAOMI_TEST_BIND_SPILL", "3", 1);
	return wf_group_setup(state);
}

/* N carriers of `custodian` (财务处), registered one by one: one bound row each. */
static void register_n(const char *custodian, const char *tag, int64_t ids[N])
{
	for (int i = 0; i < N; i++) {
		char title[64];
		snprintf(title, sizeof(title), "绑定%s第%d件", tag, i + 1);
		ids[i] = ld_register(&t_arena, title, i % 3 ? "秘密" : "机密",
		                     i % 3 ? "档案室" : "机要室保密柜", "财务处", "财务处",
		                     custodian);
	}
}

static int64_t start_count(const char *custodian)
{
	bm_ctx ctx;
	bm_count_session_row *s;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_start(&ctx, "custodian", custodian, NULL, &s), 0);
	return s->id;
}

/* What the review of the count showed (INV-4), kept apart from the arena. */
static int64_t t_missing;
static char t_token[17];

static void review(int64_t session)
{
	bm_ctx ctx;
	bm_count_page pg = {.review = true, .limit = 1};
	bm_count_result pre;
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	assert_int_equal(bm_svc_count_show_page(&ctx, session, &pg, &pre), 0);
	t_missing = pre.confirm.carriers + pre.confirm.devices;
	snprintf(t_token, sizeof(t_token), "%s", pre.confirm.token);
}

/* The close, confirming the last review (INV-4). */
static int do_close(int64_t session)
{
	bm_ctx ctx;
	bm_count_result r;
	bm_count_confirm k = {.carriers = t_missing, .token = t_token};
	svc_fx_ctx(&ctx, &t_arena, FX()->clerk);
	return bm_svc_count_close_confirmed(&ctx, session, &k, NULL, &r);
}

/* Runs `sql` on the file `path` directly, with bind_set's guards dropped. */
static void direct(const char *path, const char *sql)
{
	sqlite3 *db;
	char *err = NULL;
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

static int64_t direct_int(const char *sql)
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

/* A copy of the fixture's database (VACUUM INTO), to tamper with. */
static void copy_db(char *out, size_t size, const char *name)
{
	char sql[256];
	snprintf(out, size, "%s/%s", FX()->dir, name);
	unlink(out);
	snprintf(sql, sizeof(sql), "VACUUM INTO '%s'", out);
	direct(FX()->path, sql);
}

/* The carrier entries of the last event's detail: per row, and its one set. */
typedef struct bound {
	int64_t seq;
	size_t carrier_rows; /* ["carrier", id, digest] entries */
	int64_t first_row;   /* the first of them */
	json_int_t set_count, set_first, set_last;
	size_t carrier_sets;
} bound;

static void last_bound(bound *b)
{
	fx_audit last;
	json_t *d, *e;
	size_t i;
	memset(b, 0, sizeof(*b));
	svc_fx_audit_last(&last);
	b->seq = last.seq;
	assert_non_null(d = json_loads(last.detail, 0, NULL));
	json_array_foreach(json_object_get(d, "bound_rows"), i, e)
	{
		if (strcmp(json_string_value(json_array_get(e, 0)), "carrier") == 0 &&
		    b->carrier_rows++ == 0)
			b->first_row = json_integer_value(json_array_get(e, 1));
	}
	json_array_foreach(json_object_get(d, "bound_sets"), i, e)
	{
		if (strcmp(json_string_value(json_array_get(e, 0)), "carrier") != 0)
			continue;
		b->carrier_sets++;
		b->set_count = json_integer_value(json_array_get(e, 1));
		b->set_first = json_integer_value(json_array_get(e, 2));
		b->set_last = json_integer_value(json_array_get(e, 3));
		assert_int_equal(strlen(json_string_value(json_array_get(e, 4))), 64);
	}
	json_decref(d);
}

/* Runs `baomi check`'s library call on `path`; returns its code, the findings in `r`. */
static int check(const char *path, bm_check_report *r)
{
	int rc = bm_check_run(path, NULL, r);
	for (size_t i = 0; i < r->n_findings; i++)
		fprintf(stderr, "# finding: %s:%lld %s after %lld\n", r->findings[i].table,
		        (long long)r->findings[i].id, bm_check_kind_code(r->findings[i].kind),
		        (long long)r->findings[i].seq);
	return rc;
}

static bool has_finding(const bm_check_report *r, const char *table, int64_t id, bm_check_kind k,
                        int64_t seq)
{
	for (size_t i = 0; i < r->n_findings; i++)
		if (strcmp(r->findings[i].table, table) == 0 && r->findings[i].id == id &&
		    r->findings[i].kind == k && r->findings[i].seq == seq)
			return true;
	return false;
}

static int64_t close_seq; /* the set-making close of the first test */
static int64_t set_ids[N];

/*
 * Issue 17 point 5: a close finding a custodian's nine carriers missing
 * writes nine carrier rows; the event binds them as one set (no per-row
 * carrier entries), the store keeps their nine digests, and the unit —
 * per-row events of the registrations before it, the set after — checks
 * clean and its chain verifies.
 */
static void sys_3_close_binds_its_carriers_as_one_set(void **state)
{
	bm_check_report r;
	bound b;
	char sql[160];
	int64_t session;
	(void)state;

	register_n("zhao", "甲", set_ids);
	last_bound(&b);
	/* a registration still binds its carrier row by row */
	assert_int_equal(b.carrier_rows, 1);
	assert_int_equal(b.first_row, set_ids[N - 1]);
	assert_int_equal(b.carrier_sets, 0);

	session = start_count("zhao");
	review(session);
	assert_int_equal(do_close(session), 0);
	for (int i = 0; i < N; i++)
		assert_int_equal(ld_status(set_ids[i]), BM_STATUS_MISSING);
	last_bound(&b);
	close_seq = b.seq;
	assert_int_equal(b.carrier_rows, 0);
	assert_int_equal(b.carrier_sets, 1);
	assert_int_equal(b.set_count, N);
	assert_int_equal(b.set_first, set_ids[0]);
	assert_int_equal(b.set_last, set_ids[N - 1]);
	snprintf(sql, sizeof(sql),
	         "SELECT sum(n) FROM bind_set WHERE seq = %lld AND tbl = 'carrier'",
	         (long long)close_seq);
	assert_int_equal(direct_int(sql), N);

	ld_audit_intact();
	assert_int_equal(check(FX()->path, &r), 0);
	assert_true(r.ok);
	assert_int_equal(r.n_findings, 0);
	assert_true(r.set_rows >= N);
	bm_check_report_release(&r);
}

/*
 * SYS-3: a carrier of the set edited behind baomi's back is named — its
 * table, its id, and the close's event — as is one deleted; the set's kept
 * digests rewritten break the set, named by the event and table.
 */
static void sys_3_check_names_a_tampered_row_of_a_set(void **state)
{
	bm_check_report r;
	char path[160], sql[256];
	(void)state;
	assert_true(close_seq > 0);

	copy_db(path, sizeof(path), "bind-edit.db");
	/* (the title is indexed with baomi's own tokenizer, which a bare sqlite3 lacks) */
	snprintf(sql, sizeof(sql),
	         "UPDATE carrier SET updated_at = '2026-01-01T00:00:00Z' WHERE id = %lld",
	         (long long)set_ids[4]);
	direct(path, sql);
	assert_int_equal(check(path, &r), BM_ECORRUPT);
	assert_false(r.ok);
	assert_int_equal(r.n_findings, 1);
	assert_true(has_finding(&r, "carrier", set_ids[4], BM_CHECK_CHANGED, close_seq));
	bm_check_report_release(&r);
	unlink(path);

	copy_db(path, sizeof(path), "bind-delete.db");
	snprintf(sql, sizeof(sql),
	         "PRAGMA foreign_keys = OFF; DROP TRIGGER IF EXISTS carrier_no_delete;"
	         " DELETE FROM carrier WHERE id = %lld",
	         (long long)set_ids[2]);
	direct(path, sql);
	assert_int_equal(check(path, &r), BM_ECORRUPT);
	assert_true(has_finding(&r, "carrier", set_ids[2], BM_CHECK_DELETED, close_seq));
	bm_check_report_release(&r);
	unlink(path);

	copy_db(path, sizeof(path), "bind-digest.db");
	snprintf(sql, sizeof(sql),
	         "DROP TRIGGER IF EXISTS bind_set_no_update;"
	         " UPDATE bind_set SET digests = zeroblob(32) || substr(digests, 33)"
	         " WHERE seq = %lld AND chunk = 0",
	         (long long)close_seq);
	direct(path, sql);
	assert_int_equal(check(path, &r), BM_ECORRUPT);
	assert_true(has_finding(&r, "carrier", 0, BM_CHECK_SET_BROKEN, close_seq));
	bm_check_report_release(&r);
	unlink(path);

	/* The unit itself was not touched. */
	assert_int_equal(check(FX()->path, &r), 0);
	bm_check_report_release(&r);
}

/*
 * What the close spilled to temp.bm_touched is its own: the next use case
 * on the connection binds only the row it wrote.
 */
static void sys_3_a_spill_ends_with_its_use_case(void **state)
{
	bound b;
	int64_t id;
	(void)state;
	id = ld_register(&t_arena, "绑定之后", "秘密", "档案室", "财务处", "财务处", "zhao");
	last_bound(&b);
	assert_int_equal(b.carrier_rows, 1);
	assert_int_equal(b.first_row, id);
	assert_int_equal(b.carrier_sets, 0);
}

/*
 * A close that fails part-way (the Nth allocation, N = 0, 1, 2 …) after
 * noting and spilling rows leaves no trace: statuses unchanged, no event;
 * the one that succeeds binds exactly its carriers, and the unit checks
 * clean (the spilled rows of the failed attempts never reach a set).
 */
static void sys_3_a_failed_close_binds_nothing(void **state)
{
	bm_check_report r;
	int64_t ids[N], session, events;
	bound b;
	int failures = 0, rc = -1;
	(void)state;

	register_n("li", "乙", ids);
	session = start_count("li");
	review(session);
	for (long n = 0; n < 5000 && rc != 0; n++) {
		fx_audit before;
		svc_fx_audit_last(&before);
		events = before.count;
		bm_alloc_fail_after(n);
		rc = do_close(session);
		bm_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, BM_ENOMEM);
		for (int i = 0; i < N; i++)
			assert_int_equal(ld_status(ids[i]), BM_STATUS_IN_STORE);
		svc_fx_audit_last(&before);
		assert_int_equal(before.count, events);
		failures++;
	}
	assert_int_equal(rc, 0);
	assert_true(failures > 0);
	last_bound(&b);
	assert_int_equal(b.carrier_sets, 1);
	assert_int_equal(b.set_count, N);
	assert_int_equal(b.set_first, ids[0]);
	assert_int_equal(b.set_last, ids[N - 1]);
	ld_audit_intact();
	assert_int_equal(check(FX()->path, &r), 0);
	assert_int_equal(r.n_findings, 0);
	bm_check_report_release(&r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, t_setup, t_teardown)
	        T(sys_3_close_binds_its_carriers_as_one_set),
	        T(sys_3_check_names_a_tampered_row_of_a_set),
	        T(sys_3_a_spill_ends_with_its_use_case),
	        T(sys_3_a_failed_close_binds_nothing),
#undef T
	};
	return cmocka_run_group_tests_name("ledger_bind", tests, group_setup, wf_group_teardown);
}
