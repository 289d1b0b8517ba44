/*
 * test_stmt_cache.c — the SQLite back end's prepared-statement cache
 * (sqlite_util.c) and its lazy session refresh (sqlite_session.c), issue 17
 * point 3. White-box: it looks at sqlite_int.h, the back end's private
 * header, as SQLite's own tests look inside.
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
#include <sqlite3.h>

#include "common.h"
#include "store/sqlite_int.h"

typedef struct fx {
	char dir[64];
	char path[128];
	bm_store *store;
	sq_store *s;
} fx;

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bm_stmt_XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/unit.db", f->dir);
	if (bm_store_open(&f->store, f->path) != 0)
		return -1;
	f->s = bm_sq_of(f->store);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm"};
	bm_store_close(f->store);
	for (size_t i = 0; i < BM_ARRAY_LEN(sfx); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static size_t cached(const sq_store *s)
{
	size_t n = 0;
	for (size_t i = 0; i < SQ_CACHE_SIZE; i++)
		n += s->cache.slot[i].hash != 0;
	return n;
}

/* The one value `SELECT ?1` gives back, as text, or "(null)". */
static const char *step_text(sqlite3_stmt *st, char *buf, size_t size)
{
	const unsigned char *t;
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	t = sqlite3_column_text(st, 0);
	snprintf(buf, size, "%s", t ? (const char *)t : "(null)");
	return buf;
}

static void same_text_gets_the_same_statement_reset_and_unbound(void **state)
{
	fx *f = *state;
	sqlite3_stmt *a, *b;
	char sql[32], buf[32];

	assert_int_equal(bm_sq_prep(f->s, &a, "SELECT ?1"), 0);
	sqlite3_bind_text(a, 1, "first", -1, SQLITE_TRANSIENT);
	assert_string_equal(step_text(a, buf, sizeof(buf)), "first");
	bm_sq_release(f->s, a);
	assert_false(sqlite3_stmt_busy(a)); /* reset: no read transaction held */

	/* Keyed by the text, not the pointer: a query assembled in a buffer hits too. */
	snprintf(sql, sizeof(sql), "SELECT %s", "?1");
	assert_int_equal(bm_sq_prep(f->s, &b, sql), 0);
	assert_ptr_equal(a, b);
	assert_string_equal(step_text(b, buf, sizeof(buf)), "(null)"); /* bindings cleared */
	bm_sq_release(f->s, b);
}

static void a_reused_buffer_with_other_text_gets_its_own_statement(void **state)
{
	fx *f = *state;
	sqlite3_stmt *a, *b, *c;
	char sql[32], buf[32];
	size_t before = cached(f->s);

	/* One buffer, two queries: the pointer seen last time is only a hint. */
	snprintf(sql, sizeof(sql), "SELECT 'one'");
	assert_int_equal(bm_sq_prep(f->s, &a, sql), 0);
	assert_string_equal(step_text(a, buf, sizeof(buf)), "one");
	bm_sq_release(f->s, a);
	snprintf(sql, sizeof(sql), "SELECT 'two'");
	assert_int_equal(bm_sq_prep(f->s, &b, sql), 0);
	assert_ptr_not_equal(a, b);
	assert_string_equal(step_text(b, buf, sizeof(buf)), "two");
	bm_sq_release(f->s, b);
	/* The first text again, from a constant this time: its cached statement. */
	assert_int_equal(bm_sq_prep(f->s, &c, "SELECT 'one'"), 0);
	assert_ptr_equal(a, c);
	assert_string_equal(step_text(c, buf, sizeof(buf)), "one");
	bm_sq_release(f->s, c);
	assert_int_equal(cached(f->s), before + 2);
}

static void a_statement_in_use_is_not_handed_out_twice(void **state)
{
	fx *f = *state;
	sqlite3_stmt *outer, *inner, *again;
	char buf[32];

	assert_int_equal(bm_sq_prep(f->s, &outer, "SELECT ?1"), 0);
	sqlite3_bind_int(outer, 1, 1);
	assert_int_equal(sqlite3_step(outer), SQLITE_ROW);
	/* The same query while the first still steps: its own statement. */
	assert_int_equal(bm_sq_prep(f->s, &inner, "SELECT ?1"), 0);
	assert_ptr_not_equal(outer, inner);
	sqlite3_bind_int(inner, 1, 2);
	assert_string_equal(step_text(inner, buf, sizeof(buf)), "2");
	assert_int_equal(sqlite3_column_int(outer, 0), 1); /* untouched by the inner one */
	bm_sq_release(f->s, inner);
	bm_sq_release(f->s, outer);
	assert_int_equal(bm_sq_prep(f->s, &again, "SELECT ?1"), 0);
	assert_true(again == outer || again == inner);
	bm_sq_release(f->s, again);
}

static void the_cache_is_bounded_and_keeps_the_recent(void **state)
{
	fx *f = *state;
	sqlite3_stmt *st, *last = NULL, *st2;
	char sql[64];

	for (int i = 0; i < SQ_CACHE_SIZE + 40; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_int_equal(bm_sq_prep(f->s, &st, sql), 0);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), i);
		last = st;
		bm_sq_release(f->s, st);
		assert_true(cached(f->s) <= SQ_CACHE_SIZE);
	}
	assert_int_equal(cached(f->s), SQ_CACHE_SIZE);
	snprintf(sql, sizeof(sql), "SELECT %d", SQ_CACHE_SIZE + 39);
	assert_int_equal(bm_sq_prep(f->s, &st2, sql), 0);
	assert_ptr_equal(st2, last); /* the most recent stayed */
	bm_sq_release(f->s, st2);
	/* The oldest made room: SELECT 0 is prepared anew and still answers. */
	assert_int_equal(bm_sq_prep(f->s, &st2, "SELECT 0"), 0);
	assert_int_equal(sqlite3_step(st2), SQLITE_ROW);
	assert_int_equal(sqlite3_column_int(st2, 0), 0);
	bm_sq_release(f->s, st2);
}

static void when_every_slot_is_busy_a_statement_is_not_cached(void **state)
{
	fx *f = *state;
	sqlite3_stmt *held[SQ_CACHE_SIZE], *extra, *st;
	char sql[64];

	for (int i = 0; i < SQ_CACHE_SIZE; i++) {
		snprintf(sql, sizeof(sql), "SELECT %d", i);
		assert_int_equal(bm_sq_prep(f->s, &held[i], sql), 0);
	}
	assert_int_equal(bm_sq_prep(f->s, &extra, "SELECT 'extra'"), 0);
	assert_int_equal(sqlite3_step(extra), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(extra, 0), "extra");
	bm_sq_release(f->s, extra); /* finalised: it was never in the cache */
	for (int i = 0; i < SQ_CACHE_SIZE; i++)
		bm_sq_release(f->s, held[i]);
	assert_int_equal(bm_sq_prep(f->s, &st, "SELECT 'extra'"), 0); /* now it fits */
	bm_sq_release(f->s, st);
	assert_int_equal(cached(f->s), SQ_CACHE_SIZE);
}

static void clearing_finalises_every_statement(void **state)
{
	fx *f = *state;
	sqlite3_stmt *st;
	assert_int_equal(bm_sq_prep(f->s, &st, "SELECT 1"), 0);
	bm_sq_release(f->s, st);
	assert_non_null(sqlite3_next_stmt(f->s->db, NULL));
	bm_sq_cache_clear(f->s);
	/* None of the cache's is left; FTS5's own statements on the search index are the
	 * virtual table's, finalised when it disconnects at close. */
	for (sqlite3_stmt *o = sqlite3_next_stmt(f->s->db, NULL); o;
	     o = sqlite3_next_stmt(f->s->db, o))
		assert_string_not_equal(sqlite3_sql(o), "SELECT 1");
	assert_int_equal(cached(f->s), 0);
}

static void a_failed_prepare_sets_the_error_and_caches_nothing(void **state)
{
	fx *f = *state;
	sqlite3_stmt *st = (sqlite3_stmt *)1;
	size_t before = cached(f->s);
	assert_int_equal(bm_sq_prep(f->s, &st, "SELEKT nonsense"), BM_ERROR);
	assert_null(st);
	assert_string_equal(bm_error_last()->code, "database");
	assert_int_equal(cached(f->s), before);
	bm_sq_release(f->s, NULL); /* a no-op */
}

/* The connection's synchronous level (2 = FULL). */
static int synchronous(sq_store *s)
{
	sqlite3_stmt *st;
	int level;
	assert_int_equal(bm_sq_prep(s, &st, "PRAGMA synchronous"), 0);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	level = sqlite3_column_int(st, 0);
	bm_sq_release(s, st);
	return level;
}

static void a_lazy_refresh_or_a_write_leaves_the_connection_synced(void **state)
{
	fx *f = *state;
	assert_int_equal(synchronous(f->s), 2);
	/* No such session: the UPDATE matches nothing, the level still comes back. */
	assert_int_equal(BM_STORE(f->store, session_touch)(f->store, 42, "2026-11-23T02:00:00Z"),
	                 0);
	assert_false(f->s->sync_lowered);
	assert_int_equal(synchronous(f->s), 2);
	/*
	 * A write transaction runs at NORMAL (its commit is synced by the store
	 * itself, sq_sync); a rollback puts FULL back at once, a commit for the
	 * next write outside a transaction (below).
	 */
	assert_int_equal(BM_STORE(f->store, begin)(f->store), 0);
	assert_true(f->s->sync_lowered);
	assert_int_equal(synchronous(f->s), 1);
	assert_int_equal(BM_STORE(f->store, rollback)(f->store), 0);
	assert_false(f->s->sync_lowered);
	assert_int_equal(synchronous(f->s), 2);
	assert_int_equal(BM_STORE(f->store, begin)(f->store), 0);
	assert_int_equal(BM_STORE(f->store, commit)(f->store), 0);
	assert_true(f->s->committed > 0); /* commit() synced the WAL before returning */
	assert_true(f->s->synced == f->s->committed);
}

/*
 * Issue 17 point 4: after a commit the connection stays at NORMAL for its
 * next transaction (the pipeline's writer: no PRAGMA compiled per batch),
 * but whatever could write outside a transaction gets FULL back before it
 * runs, through the statement cache or bm_sq_exec_sql: a write that commits
 * on its own is synced by SQLite as it always was.
 */
static void after_a_commit_a_write_alone_runs_at_full(void **state)
{
	fx *f = *state;
	sqlite3_stmt *st;
	for (int way = 0; way < 3; way++) {
		int64_t committed = (int64_t)f->s->committed;
		assert_int_equal(BM_STORE(f->store, begin)(f->store), 0);
		assert_int_equal(BM_STORE(f->store, commit_unsynced)(f->store), 0);
		assert_int_equal((int64_t)f->s->committed, committed + 1);
		assert_int_equal(BM_STORE(f->store, sync)(f->store), 0);
		assert_true(f->s->sync_lowered);
		assert_int_equal(synchronous(f->s), 1); /* a read alone leaves it */
		assert_int_equal(bm_sq_prep(f->s, &st, "SELECT count(*) FROM schema_migrations"),
		                 0);
		bm_sq_release(f->s, st);
		assert_true(f->s->sync_lowered);
		if (way == 0) { /* a write prepared outside a transaction */
			assert_int_equal(bm_sq_prep(f->s, &st,
			                            "UPDATE schema_migrations SET version = version"
			                            " WHERE version < 0"),
			                 0);
			assert_false(f->s->sync_lowered);
			assert_int_equal(bm_sq_step_done(f->s, st), 0);
		} else if (way == 1) { /* run through sqlite3_exec */
			assert_int_equal(bm_sq_exec_sql(f->s, "DELETE FROM schema_migrations"
			                                      " WHERE version < 0"),
			                 0);
			assert_false(f->s->sync_lowered);
		} else { /* the next transaction keeps NORMAL: nothing compiled again */
			assert_int_equal(BM_STORE(f->store, begin)(f->store), 0);
			assert_true(f->s->sync_lowered);
			assert_int_equal(synchronous(f->s), 1);
			assert_int_equal(BM_STORE(f->store, rollback)(f->store), 0);
			assert_false(f->s->sync_lowered); /* a rollback puts FULL back at once */
		}
		assert_int_equal(synchronous(f->s), 2);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
	const struct CMUnitTest tests[] = {
	        T(same_text_gets_the_same_statement_reset_and_unbound),
	        T(a_reused_buffer_with_other_text_gets_its_own_statement),
	        T(a_statement_in_use_is_not_handed_out_twice),
	        T(the_cache_is_bounded_and_keeps_the_recent),
	        T(when_every_slot_is_busy_a_statement_is_not_cached),
	        T(clearing_finalises_every_statement),
	        T(a_failed_prepare_sets_the_error_and_caches_nothing),
	        T(a_lazy_refresh_or_a_write_leaves_the_connection_synced),
	        T(after_a_commit_a_write_alone_runs_at_full),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
