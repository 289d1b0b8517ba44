/*
 * test_store.c — the contract every store back end honours (store.h).
 *
 * Written against store.h only; each test opens a fresh store on a temp
 * file. sqlite3 is used directly only where a test must look at the file
 * itself (journal mode, append-only triggers, the migrations table).
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
#include "policy/visibility.h"   /* SYS-2: the rule the store renders */
#include "store/sqlite_grams.h"  /* bm_sq_ngram_terms, GRAMS_OF */
#include "store/sqlite_schema.h" /* only for the number of migrations */
#include "store/store.h"
#include "util/arena.h"

#define NOW "2026-11-23T02:00:00Z"

typedef struct fx {
	char dir[64];
	char path[128];
	bm_store *s;
	bm_arena a;
	bm_unit unit;
	bm_department office, tech, finance;
	bm_person clerk, li, zhao, zhang;
	bm_place safe, tech_safe, room;
} fx;

static void remove_db(const fx *f)
{
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	for (size_t i = 0; i < BM_ARRAY_LEN(sfx); i++) {
		snprintf(p, sizeof(p), "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
}

static int setup(void **state)
{
	fx *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bm_store_XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/unit.db", f->dir);
	if (bm_store_open(&f->s, f->path) != 0)
		return -1;
	bm_arena_init(&f->a, 0);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fx *f = *state;
	bm_store_close(f->s);
	bm_arena_release(&f->a);
	remove_db(f);
	free(f);
	return 0;
}

#define S(f, fn) BM_STORE((f)->s, fn)

static void add_unit(fx *f)
{
	f->unit = (bm_unit){.name = "测试单位", .code = "T01", .created_at = NOW};
	assert_int_equal(S(f, unit_insert)(f->s, &f->unit), 0);
	assert_true(f->unit.id > 0);
}

static void add_department(fx *f, bm_department *d, const char *name, const char *code)
{
	*d = (bm_department){.unit_id = f->unit.id, .name = name, .code = code};
	assert_int_equal(S(f, department_insert)(f->s, d), 0);
	assert_true(d->id > 0);
}

static void add_person(fx *f, bm_person *p, const char *username, const char *name, int64_t dept,
                       bm_class cls)
{
	*p = (bm_person){.unit_id = f->unit.id,
	                 .department_id = dept,
	                 .username = username,
	                 .name = name,
	                 .person_class = cls,
	                 .commitment_signed_on = cls != BM_CLASS_NONE ? "2026-01-05" : NULL,
	                 .created_at = NOW};
	assert_int_equal(S(f, person_insert)(f->s, p), 0);
	assert_true(p->id > 0);
}

static void add_place(fx *f, bm_place *p, const char *name, bm_place_kind kind, bm_level max,
                      int64_t dept)
{
	*p = (bm_place){.unit_id = f->unit.id,
	                .department_id = dept,
	                .name = name,
	                .kind = kind,
	                .max_level = max};
	assert_int_equal(S(f, place_insert)(f->s, p), 0);
	assert_true(p->id > 0);
}

/* A unit with three departments, four people and three places. */
static void add_org(fx *f)
{
	add_unit(f);
	add_department(f, &f->office, "办公室", "BGS");
	add_department(f, &f->tech, "科技处", "KJC");
	add_department(f, &f->finance, "财务处", NULL);
	add_person(f, &f->clerk, "clerk", "王秘书", f->office.id, BM_CLASS_CORE);
	add_person(f, &f->li, "li", "李四", f->tech.id, BM_CLASS_IMPORTANT);
	add_person(f, &f->zhao, "zhao", "赵六", f->finance.id, BM_CLASS_CORE);
	add_person(f, &f->zhang, NULL, "张三", f->tech.id, BM_CLASS_GENERAL);
	add_place(f, &f->safe, "机要室保密柜", BM_PLACE_SAFE, BM_LEVEL_TOP_SECRET, 0);
	add_place(f, &f->tech_safe, "科技处保密柜", BM_PLACE_SAFE, BM_LEVEL_SECRET, f->tech.id);
	add_place(f, &f->room, "档案室", BM_PLACE_ROOM, BM_LEVEL_CONFIDENTIAL, 0);
}

/* A carrier record with every required field filled; the caller adjusts it. */
static bm_carrier make_carrier(const fx *f, const char *title, bm_level level)
{
	bm_carrier c = {
	        .unit_id = f->unit.id,
	        .kind = BM_KIND_PAPER,
	        .title = title,
	        .copies = 1,
	        .level = level,
	        .original_level = level,
	        .period_kind = bm_level_is_classified(level) ? BM_PERIOD_YEARS : BM_PERIOD_NONE,
	        .period_years = bm_level_is_classified(level) ? 10 : 0,
	        .origin = BM_ORIGIN_INCOMING,
	        .urgency = BM_URGENCY_NORMAL,
	        .received_on = "2026-11-23",
	        .registered_at = NOW,
	        .department_id = f->office.id,
	        .custodian_id = f->clerk.id,
	        .place_id = f->safe.id,
	        .status = BM_STATUS_IN_STORE,
	        .registered_by = f->clerk.id,
	        .updated_at = NOW,
	};
	return c;
}

static int64_t bm_carrier_insert(fx *f, bm_carrier c)
{
	assert_int_equal(S(f, carrier_insert)(f->s, &c), 0);
	assert_true(c.id > 0);
	return c.id;
}

static bm_viewer clerk_viewer(const fx *f)
{
	bm_viewer v = {.unit_id = f->unit.id,
	               .rule = bm_policy_sys2_rule(),
	               .person_id = f->clerk.id,
	               .department_id = f->office.id,
	               .max_level = BM_LEVEL_TOP_SECRET,
	               .clerk = true};
	return v;
}

static bm_carrier_filter any_filter(const bm_viewer *v)
{
	bm_carrier_filter flt = {
	        .viewer = v, .level = -1, .status = -1, .kind = -1, .origin = -1, .limit = 1000};
	return flt;
}

static int64_t count_carriers(fx *f)
{
	bm_viewer v = clerk_viewer(f);
	bm_carrier_filter flt = any_filter(&v);
	bm_carrier_page page = {0};
	assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
	assert_int_equal(page.total, (int64_t)page.count);
	return page.total;
}

/* True when `id` is among the page's items. */
static bool page_has(const bm_carrier_page *page, int64_t id)
{
	for (size_t i = 0; i < page->count; i++)
		if (page->items[i].id == id)
			return true;
	return false;
}

static sqlite3 *raw_open(const fx *f)
{
	sqlite3 *db = NULL;
	assert_int_equal(sqlite3_open_v2(f->path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
	sqlite3_busy_timeout(db, 2000);
	return db;
}

static int64_t raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ---- lifecycle ------------------------------------------------------------
 */

static void store_migrations_applied(void **state)
{
	fx *f = *state;
	int version = -1;
	assert_int_equal(S(f, schema_version)(f->s, &version), 0);
	assert_int_equal(version, (int)BM_ARRAY_LEN(sqlite_migrations));
	assert_string_equal(f->s->ops->engine, "sqlite");
	assert_int_equal(f->s->ops->abi_version, BM_STORE_ABI);
}

/*
 * BM_STORE_ABI: a back end whose table was built against another version is
 * closed again and refused at open, naming the engine and both versions.
 */
static struct bm_store_ops fake_ops;
static struct bm_store fake_store;
static int fake_closed;

static void fake_close(bm_store *s)
{
	assert_ptr_equal(s, &fake_store);
	fake_closed++;
}

static int fake_open(bm_store **out, const char *target)
{
	assert_string_equal(target, "fake:db");
	fake_store.ops = &fake_ops;
	*out = &fake_store;
	return 0;
}

static void store_open_refuses_other_abi_version(void **state)
{
	bm_store *s = NULL;
	char want[128];
	(void)state;
	fake_ops = (struct bm_store_ops){
	        .abi_version = BM_STORE_ABI + 1, .engine = "fake", .close = fake_close};
	fake_closed = 0;
	assert_int_equal(bm_store_open_with(&s, fake_open, "fake:db"), BM_ERROR);
	assert_null(s);
	assert_int_equal(fake_closed, 1);
	assert_string_equal(bm_error_last()->code, "store_abi_mismatch");
	snprintf(want, sizeof(want),
	         "store back end 'fake' has interface version %d, this build needs %d",
	         BM_STORE_ABI + 1, BM_STORE_ABI);
	assert_string_equal(bm_error_last()->message_en, want);
	assert_non_null(strstr(bm_error_last()->message, "接口版本"));

	fake_ops.abi_version = BM_STORE_ABI - 1; /* older as well as newer */
	assert_int_equal(bm_store_open_with(&s, fake_open, "fake:db"), BM_ERROR);
	assert_null(s);
	assert_int_equal(fake_closed, 2);
}

static void store_open_accepts_same_abi_version(void **state)
{
	bm_store *s = NULL;
	(void)state;
	fake_ops = (struct bm_store_ops){
	        .abi_version = BM_STORE_ABI, .engine = "fake", .close = fake_close};
	fake_closed = 0;
	assert_int_equal(bm_store_open_with(&s, fake_open, "fake:db"), 0);
	assert_ptr_equal(s, &fake_store);
	assert_int_equal(fake_closed, 0);
}

static void store_reopen_is_idempotent(void **state)
{
	fx *f = *state;
	int version = -1;
	bm_unit *u;
	sqlite3 *db;
	add_unit(f);
	for (int i = 0; i < 3; i++) {
		bm_store_close(f->s);
		f->s = NULL;
		assert_int_equal(bm_store_open(&f->s, f->path), 0);
	}
	assert_int_equal(S(f, schema_version)(f->s, &version), 0);
	assert_int_equal(version, (int)BM_ARRAY_LEN(sqlite_migrations));
	assert_int_equal(S(f, unit_first)(f->s, &f->a, &u), 0);
	assert_int_equal(u->id, f->unit.id);
	assert_string_equal(u->name, "测试单位");
	/* Each migration recorded once, the data not duplicated. */
	db = raw_open(f);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM schema_migrations"),
	                 (int64_t)BM_ARRAY_LEN(sqlite_migrations));
	assert_int_equal(raw_int(db, "SELECT count(*) FROM unit"), 1);
	sqlite3_close(db);
}

static void store_refuses_newer_schema(void **state)
{
	fx *f = *state;
	sqlite3 *db;
	bm_store *s2 = NULL;
	bm_store_close(f->s);
	f->s = NULL;
	db = raw_open(f);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO schema_migrations VALUES (999, 'x')", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	bm_error_clear();
	assert_int_equal(bm_store_open(&s2, f->path), BM_ERROR);
	assert_null(s2);
	assert_string_equal(bm_error_last()->code, "schema_too_new");
	/* Reopen for teardown after removing the foreign row. */
	db = raw_open(f);
	sqlite3_exec(db, "DELETE FROM schema_migrations WHERE version = 999", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(bm_store_open(&f->s, f->path), 0);
}

static void store_open_targets(void **state)
{
	fx *f = *state;
	bm_store *s2 = NULL;
	char p[200];
	(void)f;
	assert_int_equal(bm_store_open(&s2, ""), BM_EINVALID);
	assert_int_equal(bm_store_open(&s2, NULL), BM_EINVALID);
	/* A PostgreSQL URL goes to the PostgreSQL back end (issue 12): no server here. */
	assert_int_equal(bm_store_open(&s2, "postgresql://baomi@/baomi?host=/nonexistent-dir-bm"),
	                 BM_ERROR);
	assert_string_equal(bm_error_last()->code, "open_failed");
	assert_null(s2);
	assert_int_equal(bm_store_open(&s2, "postgres://baomi@/baomi?host=/nonexistent-dir-bm"),
	                 BM_ERROR);
	assert_string_equal(bm_error_last()->code, "open_failed");
	assert_int_equal(bm_store_open(&s2, "/nonexistent-dir-bm/x/unit.db"), BM_ERROR);
	assert_null(s2);
	/* "sqlite:" prefix names the same file. */
	snprintf(p, sizeof(p), "sqlite:%s", f->path);
	assert_int_equal(bm_store_open(&s2, p), 0);
	assert_non_null(s2);
	bm_store_close(s2);
	bm_store_close(NULL);
}

/* Durability settings: WAL in the file, synchronous=FULL on the store's
 * connection. */
static void store_wal_and_synchronous_full(void **state)
{
	fx *f = *state;
	sqlite3 *db = raw_open(f);
	sqlite3_stmt *st;
	assert_int_equal(sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_string_equal((const char *)sqlite3_column_text(st, 0), "wal");
	sqlite3_finalize(st);
	sqlite3_close(db);
	{
		/*
		 * synchronous is a property of a connection, not of the file, so it
		 * can only be read on the store's own handle. This mirrors the
		 * private layout of sq_store in src/store/sqlite.c (base, then db)
		 * and checks the handle names our file before trusting it.
		 */
		struct peek {
			bm_store base;
			sqlite3 *db;
		} *pk = (struct peek *)f->s;
		const char *name = sqlite3_db_filename(pk->db, "main");
		assert_non_null(name);
		assert_non_null(strstr(name, f->dir));
		assert_int_equal(sqlite3_prepare_v2(pk->db, "PRAGMA synchronous", -1, &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 2); /* FULL */
		sqlite3_finalize(st);
		assert_int_equal(sqlite3_prepare_v2(pk->db, "PRAGMA foreign_keys", -1, &st, NULL),
		                 SQLITE_OK);
		assert_int_equal(sqlite3_step(st), SQLITE_ROW);
		assert_int_equal(sqlite3_column_int(st, 0), 1);
		sqlite3_finalize(st);
	}
}

/* ---- units and departments ----------------------------------------------- */

/* The last error is the store's plain constraint: its code, no rule ID, no Chinese text. */
static void expect_plain(int rc, int klass, const char *code)
{
	const bm_error *e = bm_error_last();
	assert_int_equal(rc, klass);
	assert_string_equal(e->code, code);
	assert_string_equal(e->rule, "");
	for (const char *c = e->message; *c; c++)
		assert_true((unsigned char)*c < 0x80);
	for (const char *c = e->message_en; *c; c++)
		assert_true((unsigned char)*c < 0x80);
}

/*
 * Issue 16: the store reports facts and constraints; the refusals under a
 * rule (SEND-4, INV-3, DESTROY-2/4, PERSON-4, SYS-4) come from src/policy.
 */
static void store_constraints_name_no_rule(void **state)
{
	fx *f = *state;
	bm_session *sess;
	bm_departure_row *dep;
	bm_destruction_row *des;
	int64_t one = 1;
	bm_destruction_row row = {.request_id = 1,
	                          .executed_by = 1,
	                          .executed_at = NOW,
	                          .place = "x",
	                          .method = "shred",
	                          .witness_ids = &one,
	                          .n_witnesses = 1};

	expect_plain(S(f, session_find)(f->s, &f->a, "no-such-hash", &sess), BM_ENOTFOUND,
	             "unknown_session");
	expect_plain(S(f, departure_last)(f->s, &f->a, 42, &dep), BM_ENOTFOUND, "no_departure");
	expect_plain(S(f, destruction_get)(f->s, &f->a, 42, &des), BM_ENOTFOUND,
	             "unknown_destruction");
	expect_plain(S(f, destruction_insert)(f->s, &row), BM_EINVALID, "witness_columns");
	expect_plain(S(f, count_close)(f->s, 42, NOW, "{}"), BM_ECONFLICT, "count_closed");
	expect_plain(S(f, dispatch_sign)(f->s, 42, 7, NOW, "li"), BM_ENOTFOUND, "not_on_dispatch");
}

/* SYS-4's idle clock: session_touch only moves forward, and outside a transaction commits alone. */
static void store_session_touch_moves_forward_and_commits_alone(void **state)
{
	fx *f = *state;
	bm_session sess = {.token_hash = "h-touch",
	                   .channel = "api",
	                   .created_at = NOW,
	                   .last_seen_at = NOW},
	           *got = NULL;
	bm_store *other = NULL;
	add_org(f);
	sess.person_id = f->clerk.id;
	assert_int_equal(S(f, session_insert)(f->s, &sess), 0);

	assert_int_equal(S(f, session_touch)(f->s, sess.id, "2026-11-23T02:00:10Z"), 0);
	/* Committed: another connection reads it. */
	assert_int_equal(bm_store_open(&other, f->path), 0);
	assert_int_equal(BM_STORE(other, session_find)(other, &f->a, "h-touch", &got), 0);
	assert_string_equal(got->last_seen_at, "2026-11-23T02:00:10Z");
	/* A clock that is behind never moves the time back. */
	assert_int_equal(S(f, session_touch)(f->s, sess.id, "2026-11-23T02:00:05Z"), 0);
	assert_int_equal(BM_STORE(other, session_find)(other, &f->a, "h-touch", &got), 0);
	assert_string_equal(got->last_seen_at, "2026-11-23T02:00:10Z");
	/* Inside a transaction it is part of it. */
	assert_int_equal(S(f, begin)(f->s), 0);
	assert_int_equal(S(f, session_touch)(f->s, sess.id, "2026-11-23T02:00:20Z"), 0);
	assert_int_equal(S(f, rollback)(f->s), 0);
	assert_int_equal(BM_STORE(other, session_find)(other, &f->a, "h-touch", &got), 0);
	assert_string_equal(got->last_seen_at, "2026-11-23T02:00:10Z");
	/* An ended session keeps its last activity. */
	assert_int_equal(S(f, session_end)(f->s, sess.id, "2026-11-23T02:00:30Z", "logout"), 0);
	assert_int_equal(S(f, session_touch)(f->s, sess.id, "2026-11-23T02:00:40Z"), 0);
	assert_int_equal(BM_STORE(other, session_find)(other, &f->a, "h-touch", &got), 0);
	assert_string_equal(got->last_seen_at, "2026-11-23T02:00:10Z");
	bm_store_close(other);
}

static void store_unit_insert_get_first(void **state)
{
	fx *f = *state;
	bm_unit *u = NULL;
	assert_int_equal(S(f, unit_first)(f->s, &f->a, &u), BM_ENOTFOUND);
	assert_null(u);
	add_unit(f);
	assert_int_equal(S(f, unit_get)(f->s, &f->a, f->unit.id, &u), 0);
	assert_int_equal(u->id, f->unit.id);
	assert_string_equal(u->name, "测试单位");
	assert_string_equal(u->code, "T01");
	assert_string_equal(u->created_at, NOW);
	assert_int_equal(S(f, unit_get)(f->s, &f->a, f->unit.id + 100, &u), BM_ENOTFOUND);
}

static void store_department_insert_get_find_list(void **state)
{
	fx *f = *state;
	bm_department *d = NULL, *list = NULL;
	size_t n = 0;
	add_org(f);
	assert_int_equal(S(f, department_get)(f->s, &f->a, f->tech.id, &d), 0);
	assert_string_equal(d->name, "科技处");
	assert_string_equal(d->code, "KJC");
	assert_int_equal(d->unit_id, f->unit.id);
	assert_int_equal(S(f, department_find)(f->s, &f->a, f->unit.id, "办公室", &d), 0);
	assert_int_equal(d->id, f->office.id);
	assert_int_equal(S(f, department_find)(f->s, &f->a, f->unit.id, "KJC", &d), 0);
	assert_int_equal(d->id, f->tech.id);
	assert_int_equal(S(f, department_get)(f->s, &f->a, f->finance.id, &d), 0);
	assert_null(d->code);
	assert_int_equal(S(f, department_find)(f->s, &f->a, f->unit.id, "保卫处", &d),
	                 BM_ENOTFOUND);
	assert_int_equal(S(f, department_get)(f->s, &f->a, 9999, &d), BM_ENOTFOUND);
	assert_int_equal(S(f, department_list)(f->s, &f->a, f->unit.id, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_string_equal(list[0].name, "办公室");
	assert_string_equal(list[1].name, "科技处");
	assert_string_equal(list[2].name, "财务处");
}

static void store_department_duplicate_name_conflicts(void **state)
{
	fx *f = *state;
	bm_department dup;
	bm_department *list;
	size_t n;
	add_org(f);
	dup = (bm_department){.unit_id = f->unit.id, .name = "科技处", .code = "OTHER"};
	assert_int_equal(S(f, department_insert)(f->s, &dup), BM_ECONFLICT);
	assert_int_equal(bm_error_last()->klass, BM_ECONFLICT);
	assert_int_equal(S(f, department_list)(f->s, &f->a, f->unit.id, &list, &n), 0);
	assert_int_equal(n, 3);
}

static void store_department_list_beyond_initial_capacity(void **state)
{
	fx *f = *state;
	bm_department *list;
	size_t n;
	char names[40][16];
	add_unit(f);
	for (int i = 0; i < 40; i++) {
		bm_department d;
		snprintf(names[i], sizeof(names[i]), "部门%02d", i);
		add_department(f, &d, names[i], NULL);
	}
	assert_int_equal(S(f, department_list)(f->s, &f->a, f->unit.id, &list, &n), 0);
	assert_int_equal(n, 40);
	for (int i = 0; i < 40; i++)
		assert_string_equal(list[i].name, names[i]);
}

/* ---- people -----------------------------------------------------------------
 */

static void store_person_insert_get_list(void **state)
{
	fx *f = *state;
	bm_person *p, *list;
	size_t n;
	add_org(f);
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->li.id, &p), 0);
	assert_int_equal(p->id, f->li.id);
	assert_int_equal(p->unit_id, f->unit.id);
	assert_int_equal(p->department_id, f->tech.id);
	assert_string_equal(p->username, "li");
	assert_string_equal(p->name, "李四");
	assert_int_equal(p->person_class, BM_CLASS_IMPORTANT);
	assert_false(p->temporary);
	assert_int_equal(p->status, BM_PERSON_ACTIVE);
	assert_null(p->password_hash);
	assert_string_equal(p->commitment_signed_on, "2026-01-05");
	assert_string_equal(p->created_at, NOW);
	assert_int_equal(p->n_roles, 0);
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->zhang.id, &p), 0);
	assert_null(p->username);
	assert_int_equal(S(f, person_get)(f->s, &f->a, 424242, &p), BM_ENOTFOUND);
	assert_int_equal(S(f, person_list)(f->s, &f->a, f->unit.id, &list, &n), 0);
	assert_int_equal(n, 4);
	assert_string_equal(list[0].name, "王秘书");
	assert_string_equal(list[3].name, "张三");
}

static void store_person_update(void **state)
{
	fx *f = *state;
	bm_person *p, ghost;
	add_org(f);
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->zhang.id, &p), 0);
	p->person_class = BM_CLASS_IMPORTANT;
	p->status = BM_PERSON_DISABLED;
	p->temporary = true;
	p->password_hash = "$argon2id$fake";
	p->must_change_password = true;
	p->commitment_signed_on = "2026-02-01";
	assert_int_equal(S(f, person_update)(f->s, p), 0);
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->zhang.id, &p), 0);
	assert_int_equal(p->person_class, BM_CLASS_IMPORTANT);
	assert_int_equal(p->status, BM_PERSON_DISABLED);
	assert_true(p->temporary);
	assert_string_equal(p->password_hash, "$argon2id$fake");
	assert_true(p->must_change_password);
	assert_string_equal(p->commitment_signed_on, "2026-02-01");
	ghost = *p;
	ghost.id = 9999;
	assert_int_equal(S(f, person_update)(f->s, &ghost), BM_ENOTFOUND);
}

static void store_person_duplicate_username_conflicts(void **state)
{
	fx *f = *state;
	bm_person dup;
	add_org(f);
	dup = (bm_person){
	        .unit_id = f->unit.id, .username = "li", .name = "另一个李四", .created_at = NOW};
	assert_int_equal(S(f, person_insert)(f->s, &dup), BM_ECONFLICT);
}

static void store_person_find_by_username_and_unique_name(void **state)
{
	fx *f = *state;
	bm_person *p = NULL, other, same_name;
	add_org(f);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "li", &p), 0);
	assert_int_equal(p->id, f->li.id);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "张三", &p), 0);
	assert_int_equal(p->id, f->zhang.id);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "nobody", &p), BM_ENOTFOUND);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "", &p), BM_ENOTFOUND);

	/* Two people named 李四: the name is ambiguous, the username still works. */
	add_person(f, &same_name, NULL, "李四", f->office.id, BM_CLASS_NONE);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "李四", &p), BM_ENOTFOUND);
	assert_int_equal(bm_error_last()->klass, BM_ENOTFOUND);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "li", &p), 0);
	assert_int_equal(p->id, f->li.id);

	/* A username wins over somebody else's display name. */
	add_person(f, &other, NULL, "zhao", f->office.id, BM_CLASS_NONE);
	assert_int_equal(S(f, person_find)(f->s, &f->a, "zhao", &p), 0);
	assert_int_equal(p->id, f->zhao.id);
}

static void store_role_grant_revoke(void **state)
{
	fx *f = *state;
	bm_person *p;
	bool clerk = false, head = false;
	add_org(f);
	assert_int_equal(S(f, role_grant)(f->s, f->clerk.id, BM_ROLE_CLERK, 0), 0);
	assert_int_equal(S(f, role_grant)(f->s, f->clerk.id, BM_ROLE_DEPT_HEAD, f->office.id), 0);
	assert_int_equal(S(f, role_grant)(f->s, f->clerk.id, BM_ROLE_CLERK, 0), 0); /* again */
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->clerk.id, &p), 0);
	assert_int_equal(p->n_roles, 2);
	for (size_t i = 0; i < p->n_roles; i++) {
		if (p->roles[i].role == BM_ROLE_CLERK && p->roles[i].department_id == 0)
			clerk = true;
		if (p->roles[i].role == BM_ROLE_DEPT_HEAD &&
		    p->roles[i].department_id == f->office.id)
			head = true;
	}
	assert_true(clerk && head);
	/* person_find fills roles too. */
	assert_int_equal(S(f, person_find)(f->s, &f->a, "clerk", &p), 0);
	assert_int_equal(p->n_roles, 2);

	/* Revoking needs the same department scope. */
	assert_int_equal(S(f, role_revoke)(f->s, f->clerk.id, BM_ROLE_DEPT_HEAD, 0), 0);
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->clerk.id, &p), 0);
	assert_int_equal(p->n_roles, 2);
	assert_int_equal(S(f, role_revoke)(f->s, f->clerk.id, BM_ROLE_DEPT_HEAD, f->office.id), 0);
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->clerk.id, &p), 0);
	assert_int_equal(p->n_roles, 1);
	assert_int_equal(p->roles[0].role, BM_ROLE_CLERK);
	/* Other people are untouched. */
	assert_int_equal(S(f, person_get)(f->s, &f->a, f->li.id, &p), 0);
	assert_int_equal(p->n_roles, 0);
}

/* ---- places
 * ------------------------------------------------------------------ */

static void store_place_insert_get_find_list(void **state)
{
	fx *f = *state;
	bm_place *p, *list, dup;
	size_t n;
	add_org(f);
	assert_int_equal(S(f, place_get)(f->s, &f->a, f->tech_safe.id, &p), 0);
	assert_string_equal(p->name, "科技处保密柜");
	assert_int_equal(p->kind, BM_PLACE_SAFE);
	assert_int_equal(p->max_level, BM_LEVEL_SECRET);
	assert_int_equal(p->department_id, f->tech.id);
	assert_int_equal(p->unit_id, f->unit.id);
	assert_int_equal(S(f, place_find)(f->s, &f->a, f->unit.id, "档案室", &p), 0);
	assert_int_equal(p->id, f->room.id);
	assert_int_equal(p->kind, BM_PLACE_ROOM);
	assert_int_equal(p->max_level, BM_LEVEL_CONFIDENTIAL);
	assert_int_equal(p->department_id, 0);
	assert_int_equal(S(f, place_find)(f->s, &f->a, f->unit.id, "地下室", &p), BM_ENOTFOUND);
	assert_int_equal(S(f, place_get)(f->s, &f->a, 777, &p), BM_ENOTFOUND);
	assert_int_equal(S(f, place_list)(f->s, &f->a, f->unit.id, &list, &n), 0);
	assert_int_equal(n, 3);
	assert_int_equal(list[0].id, f->safe.id);
	assert_int_equal(list[2].id, f->room.id);
	dup = (bm_place){.unit_id = f->unit.id,
	                 .name = "档案室",
	                 .kind = BM_PLACE_SAFE,
	                 .max_level = BM_LEVEL_SECRET};
	assert_int_equal(S(f, place_insert)(f->s, &dup), BM_ECONFLICT);
}

/* ---- carriers ---------------------------------------------------------------
 */

static void store_carrier_insert_get_round_trip(void **state)
{
	fx *f = *state;
	bm_scope_entry scope[] = {{.department_id = 0, .person_id = 0}, {0}, {0}};
	bm_carrier c, *g;
	add_org(f);
	scope[0].department_id = f->tech.id;
	scope[1].person_id = f->zhao.id;
	scope[2].person_id = f->zhang.id;
	c = make_carrier(f, "关于加强保密工作的通知", BM_LEVEL_SECRET);
	c.kind = BM_KIND_USB;
	c.doc_number = "国保发〔2026〕3号";
	c.serial_number = 12;
	c.pages = 7;
	c.copies = 2;
	c.producer = "国家保密局";
	c.sender = "省保密局";
	c.original_level = BM_LEVEL_TOP_SECRET;
	c.period_kind = BM_PERIOD_UNTIL;
	c.period_until = "2036-01-01";
	c.period_start = "2026-11-20";
	c.urgency = BM_URGENCY_EXTRA_URGENT;
	c.received_on = "2026-11-20";
	c.note = "备注：内含附件";
	c.scope = scope;
	c.n_scope = 3;
	c.id = bm_carrier_insert(f, c);

	assert_int_equal(S(f, carrier_get)(f->s, &f->a, c.id, &g), 0);
	assert_int_equal(g->id, c.id);
	assert_int_equal(g->unit_id, f->unit.id);
	assert_int_equal(g->kind, BM_KIND_USB);
	assert_string_equal(g->title, "关于加强保密工作的通知");
	assert_string_equal(g->doc_number, "国保发〔2026〕3号");
	assert_int_equal(g->serial_number, 12);
	assert_int_equal(g->pages, 7);
	assert_int_equal(g->copies, 2);
	assert_string_equal(g->producer, "国家保密局");
	assert_string_equal(g->sender, "省保密局");
	assert_int_equal(g->level, BM_LEVEL_SECRET);
	assert_int_equal(g->original_level, BM_LEVEL_TOP_SECRET);
	assert_int_equal(g->period_kind, BM_PERIOD_UNTIL);
	assert_string_equal(g->period_until, "2036-01-01");
	assert_null(g->period_event);
	assert_null(g->review_date);
	assert_string_equal(g->period_start, "2026-11-20");
	assert_int_equal(g->origin, BM_ORIGIN_INCOMING);
	assert_int_equal(g->urgency, BM_URGENCY_EXTRA_URGENT);
	assert_string_equal(g->received_on, "2026-11-20");
	assert_string_equal(g->registered_at, NOW);
	assert_int_equal(g->department_id, f->office.id);
	assert_int_equal(g->custodian_id, f->clerk.id);
	assert_int_equal(g->place_id, f->safe.id);
	assert_int_equal(g->status, BM_STATUS_IN_STORE);
	assert_int_equal(g->copy_of, 0);
	assert_int_equal(g->extract_of, 0);
	assert_int_equal(g->volume_id, 0);
	assert_string_equal(g->note, "备注：内含附件");
	assert_int_equal(g->registered_by, f->clerk.id);
	assert_string_equal(g->updated_at, NOW);
	assert_string_equal(g->custodian_name, "王秘书");
	assert_string_equal(g->place_name, "机要室保密柜");
	assert_string_equal(g->department_name, "办公室");
	assert_int_equal(g->n_scope, 3);
	assert_int_equal(g->scope[0].department_id, f->tech.id);
	assert_int_equal(g->scope[0].person_id, 0);
	assert_int_equal(g->scope[1].person_id, f->zhao.id);
	assert_int_equal(g->scope[1].department_id, 0);
	assert_int_equal(g->scope[2].person_id, f->zhang.id);

	assert_int_equal(S(f, carrier_get)(f->s, &f->a, c.id + 1000, &g), BM_ENOTFOUND);
}

static void store_carrier_years_and_event_periods_round_trip(void **state)
{
	fx *f = *state;
	bm_carrier c, *g;
	int64_t id;
	add_org(f);
	c = make_carrier(f, "年限", BM_LEVEL_CONFIDENTIAL);
	c.period_years = 7;
	id = bm_carrier_insert(f, c);
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, id, &g), 0);
	assert_int_equal(g->period_kind, BM_PERIOD_YEARS);
	assert_int_equal(g->period_years, 7);
	assert_null(g->doc_number);
	assert_int_equal(g->serial_number, 0);
	assert_int_equal(g->n_scope, 0);

	c = make_carrier(f, "事件", BM_LEVEL_SECRET);
	c.period_kind = BM_PERIOD_EVENT;
	c.period_event = "项目验收后";
	c.review_date = "2030-06-30";
	id = bm_carrier_insert(f, c);
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, id, &g), 0);
	assert_int_equal(g->period_kind, BM_PERIOD_EVENT);
	assert_string_equal(g->period_event, "项目验收后");
	assert_string_equal(g->review_date, "2030-06-30");

	c = make_carrier(f, "内部", BM_LEVEL_INTERNAL);
	c.place_id = 0;
	c.department_id = 0;
	id = bm_carrier_insert(f, c);
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, id, &g), 0);
	assert_int_equal(g->period_kind, BM_PERIOD_NONE);
	assert_int_equal(g->place_id, 0);
	assert_null(g->place_name);
	assert_int_equal(g->department_id, 0);
	assert_null(g->department_name);
}

static void reg_1_store_duplicate_serial_conflicts(void **state)
{
	fx *f = *state;
	bm_carrier c;
	bool taken = true;
	add_org(f);
	c = make_carrier(f, "文件一", BM_LEVEL_INTERNAL);
	c.doc_number = "办发〔2026〕1号";
	c.serial_number = 1;
	bm_carrier_insert(f, c);
	assert_int_equal(S(f, carrier_serial_taken)(f->s, f->unit.id, "办发〔2026〕1号", 1, &taken),
	                 0);
	assert_true(taken);
	assert_int_equal(S(f, carrier_serial_taken)(f->s, f->unit.id, "办发〔2026〕1号", 2, &taken),
	                 0);
	assert_false(taken);
	assert_int_equal(S(f, carrier_serial_taken)(f->s, f->unit.id, "办发〔2026〕9号", 1, &taken),
	                 0);
	assert_false(taken);

	c.title = "文件一（重复）";
	assert_int_equal(S(f, carrier_insert)(f->s, &c), BM_ECONFLICT);
	assert_int_equal(count_carriers(f), 1);
	/* Another serial of the same document, or no document number, is fine. */
	c.serial_number = 2;
	bm_carrier_insert(f, c);
	c.doc_number = NULL;
	c.serial_number = 1;
	bm_carrier_insert(f, c);
	bm_carrier_insert(f, c);
	assert_int_equal(count_carriers(f), 4);
}

static void store_carrier_update(void **state)
{
	fx *f = *state;
	bm_scope_entry scope[1] = {{0}};
	bm_carrier c, *g, ghost;
	add_org(f);
	scope[0].department_id = f->office.id;
	c = make_carrier(f, "旧标题甲乙丙", BM_LEVEL_SECRET);
	c.scope = scope;
	c.n_scope = 1;
	c.id = bm_carrier_insert(f, c);

	assert_int_equal(S(f, carrier_get)(f->s, &f->a, c.id, &g), 0);
	g->title = "新标题丁戊己";
	g->place_id = f->tech_safe.id;
	g->custodian_id = f->li.id;
	g->status = BM_STATUS_LENT;
	g->level = BM_LEVEL_CONFIDENTIAL;
	g->updated_at = "2026-11-24T00:00:00Z";
	scope[0].department_id = 0;
	scope[0].person_id = f->li.id;
	g->scope = scope;
	g->n_scope = 1;
	assert_int_equal(S(f, carrier_update)(f->s, g), 0);

	assert_int_equal(S(f, carrier_get)(f->s, &f->a, c.id, &g), 0);
	assert_string_equal(g->title, "新标题丁戊己");
	assert_int_equal(g->place_id, f->tech_safe.id);
	assert_string_equal(g->place_name, "科技处保密柜");
	assert_int_equal(g->custodian_id, f->li.id);
	assert_string_equal(g->custodian_name, "李四");
	assert_int_equal(g->status, BM_STATUS_LENT);
	assert_int_equal(g->level, BM_LEVEL_CONFIDENTIAL);
	assert_int_equal(g->original_level, BM_LEVEL_SECRET);
	assert_string_equal(g->updated_at, "2026-11-24T00:00:00Z");
	assert_string_equal(g->registered_at, NOW);
	assert_int_equal(g->n_scope, 1);
	assert_int_equal(g->scope[0].person_id, f->li.id);

	/* The search index follows the new title. */
	{
		bm_viewer v = clerk_viewer(f);
		bm_carrier_filter flt = any_filter(&v);
		bm_carrier_page page;
		flt.query = "新标题丁";
		assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
		assert_int_equal(page.total, 1);
		flt.query = "旧标题甲";
		assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
		assert_int_equal(page.total, 0);
	}

	ghost = *g;
	ghost.id = c.id + 50;
	assert_int_equal(S(f, carrier_update)(f->s, &ghost), BM_ENOTFOUND);
}

static void store_history_insert_list_in_order(void **state)
{
	fx *f = *state;
	static const char *const actions[] = {"register", "move", "lend", "return", "move"};
	bm_carrier_event *ev;
	size_t n = 99;
	int64_t id, other;
	add_org(f);
	id = bm_carrier_insert(f, make_carrier(f, "有历史", BM_LEVEL_INTERNAL));
	other = bm_carrier_insert(f, make_carrier(f, "另一个", BM_LEVEL_INTERNAL));
	assert_int_equal(S(f, carrier_event_list)(f->s, &f->a, id, &ev, &n), 0);
	assert_int_equal(n, 0);
	for (size_t i = 0; i < BM_ARRAY_LEN(actions); i++) {
		bm_carrier_event e = {.carrier_id = id,
		                      .at = NOW,
		                      .actor_id = f->clerk.id,
		                      .action = actions[i],
		                      .detail = i == 1 ? NULL : "{\"step\":1}"};
		bm_carrier_event o = {.carrier_id = other, .at = NOW, .action = "noise"};
		assert_int_equal(S(f, carrier_event_insert)(f->s, &e), 0);
		assert_true(e.id > 0);
		assert_int_equal(S(f, carrier_event_insert)(f->s, &o), 0);
	}
	assert_int_equal(S(f, carrier_event_list)(f->s, &f->a, id, &ev, &n), 0);
	assert_int_equal(n, BM_ARRAY_LEN(actions));
	for (size_t i = 0; i < n; i++) {
		assert_string_equal(ev[i].action, actions[i]);
		assert_int_equal(ev[i].carrier_id, id);
		assert_int_equal(ev[i].actor_id, f->clerk.id);
		assert_string_equal(ev[i].at, NOW);
		if (i > 0)
			assert_true(ev[i].id > ev[i - 1].id);
	}
	assert_string_equal(ev[1].detail, "{}");
	assert_string_equal(ev[0].detail, "{\"step\":1}");
	/* History of more than the first allocation. */
	for (int i = 0; i < 40; i++) {
		bm_carrier_event e = {.carrier_id = id, .at = NOW, .action = "inventory"};
		assert_int_equal(S(f, carrier_event_insert)(f->s, &e), 0);
	}
	assert_int_equal(S(f, carrier_event_list)(f->s, &f->a, id, &ev, &n), 0);
	assert_int_equal(n, BM_ARRAY_LEN(actions) + 40);
	assert_string_equal(ev[n - 1].action, "inventory");
	/* History for a carrier that does not exist is refused. */
	{
		bm_carrier_event e = {.carrier_id = 987654, .at = NOW, .action = "x"};
		assert_int_not_equal(S(f, carrier_event_insert)(f->s, &e), 0);
	}
}

static void store_rollback_discards_everything(void **state)
{
	fx *f = *state;
	bm_carrier_event *ev;
	bm_carrier *g;
	size_t n;
	int64_t kept, dropped;
	bm_department d;
	add_org(f);
	assert_int_equal(S(f, begin)(f->s), 0);
	kept = bm_carrier_insert(f, make_carrier(f, "提交的", BM_LEVEL_INTERNAL));
	assert_int_equal(S(f, commit)(f->s), 0);
	assert_int_equal(count_carriers(f), 1);

	assert_int_equal(S(f, begin)(f->s), 0);
	/* A second begin while a transaction is open is refused. */
	assert_int_not_equal(S(f, begin)(f->s), 0);
	dropped = bm_carrier_insert(f, make_carrier(f, "回滚的", BM_LEVEL_INTERNAL));
	{
		bm_carrier_event e = {.carrier_id = dropped, .at = NOW, .action = "register"};
		bm_carrier_event e2 = {.carrier_id = kept, .at = NOW, .action = "move"};
		assert_int_equal(S(f, carrier_event_insert)(f->s, &e), 0);
		assert_int_equal(S(f, carrier_event_insert)(f->s, &e2), 0);
	}
	add_department(f, &d, "临时部门", NULL);
	assert_int_equal(count_carriers(f), 2); /* visible inside the transaction */
	assert_int_equal(S(f, rollback)(f->s), 0);

	assert_int_equal(count_carriers(f), 1);
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, dropped, &g), BM_ENOTFOUND);
	assert_int_equal(S(f, carrier_event_list)(f->s, &f->a, kept, &ev, &n), 0);
	assert_int_equal(n, 0);
	{
		bm_department *dd;
		assert_int_equal(S(f, department_find)(f->s, &f->a, f->unit.id, "临时部门", &dd),
		                 BM_ENOTFOUND);
	}
	/* Rollback without a transaction is harmless, and a new one can start. */
	assert_int_equal(S(f, rollback)(f->s), 0);
	assert_int_equal(S(f, begin)(f->s), 0);
	assert_int_equal(S(f, commit)(f->s), 0);
}

/* ---- the ledger query -------------------------------------------------------
 */

typedef struct ledger {
	int64_t a, b, c, d, e, g;
} ledger;

/*
 * Six carriers for filter, sort and paging tests (whole-ledger viewer):
 *   a 秘密 paper  办公室 clerk 机要室  2026-11-01  in_store incoming
 *   b 机密 usb    科技处 li    科技处柜 2026-11-05  lent     incoming
 *   c 内部 paper  办公室 clerk  —      2026-11-05  in_store made
 *   d 绝密 paper  财务处 zhao  机要室  2026-11-10  in_store incoming
 *   e 秘密 disc   科技处 li    档案室  2026-11-20  destroyed made
 *   g 非密 paper  办公室 clerk  —      2026-11-23  in_store incoming
 */
static void add_ledger(fx *f, ledger *l)
{
	bm_carrier c;
	c = make_carrier(f, "丙-甲文件", BM_LEVEL_CONFIDENTIAL);
	c.registered_at = "2026-11-01T01:00:00Z";
	l->a = bm_carrier_insert(f, c);
	c = make_carrier(f, "乙-乙文件", BM_LEVEL_SECRET);
	c.kind = BM_KIND_USB;
	c.department_id = f->tech.id;
	c.custodian_id = f->li.id;
	c.place_id = f->tech_safe.id;
	c.status = BM_STATUS_LENT;
	c.registered_at = "2026-11-05T09:00:00Z";
	l->b = bm_carrier_insert(f, c);
	c = make_carrier(f, "甲-丙文件", BM_LEVEL_INTERNAL);
	c.place_id = 0;
	c.origin = BM_ORIGIN_MADE;
	c.registered_at = "2026-11-05T23:59:59Z";
	l->c = bm_carrier_insert(f, c);
	c = make_carrier(f, "丁-丁文件", BM_LEVEL_TOP_SECRET);
	c.department_id = f->finance.id;
	c.custodian_id = f->zhao.id;
	c.registered_at = "2026-11-10T00:00:00Z";
	l->d = bm_carrier_insert(f, c);
	c = make_carrier(f, "戊-戊文件", BM_LEVEL_CONFIDENTIAL);
	c.kind = BM_KIND_OPTICAL_DISC;
	c.department_id = f->tech.id;
	c.custodian_id = f->li.id;
	c.place_id = f->room.id;
	c.status = BM_STATUS_DESTROYED;
	c.origin = BM_ORIGIN_MADE;
	c.registered_at = "2026-11-20T08:00:00Z";
	l->e = bm_carrier_insert(f, c);
	c = make_carrier(f, "己-己文件", BM_LEVEL_PUBLIC);
	c.place_id = 0;
	c.registered_at = "2026-11-23T02:00:00Z";
	l->g = bm_carrier_insert(f, c);
}

/* Runs a filter and checks the exact set of ids (order-insensitive) and the
 * total. */
static void expect_ids(fx *f, bm_carrier_filter *flt, const int64_t *ids, size_t n)
{
	bm_carrier_page page = {0};
	assert_int_equal(S(f, carrier_list)(f->s, &f->a, flt, &page), 0);
	assert_int_equal(page.total, (int64_t)n);
	assert_int_equal(page.count, n);
	for (size_t i = 0; i < n; i++)
		if (!page_has(&page, ids[i]))
			fail_msg("carrier %lld missing from the result", (long long)ids[i]);
}

static void store_list_filters(void **state)
{
	fx *f = *state;
	ledger l;
	bm_viewer v;
	bm_carrier_filter flt;
	add_org(f);
	add_ledger(f, &l);
	v = clerk_viewer(f);

	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){l.a, l.b, l.c, l.d, l.e, l.g}, 6);

	flt = any_filter(&v);
	flt.level = BM_LEVEL_CONFIDENTIAL;
	expect_ids(f, &flt, (int64_t[]){l.a, l.e}, 2);

	flt = any_filter(&v);
	flt.status = BM_STATUS_IN_STORE;
	expect_ids(f, &flt, (int64_t[]){l.a, l.c, l.d, l.g}, 4);
	flt.status = BM_STATUS_DESTROYED;
	expect_ids(f, &flt, (int64_t[]){l.e}, 1);

	flt = any_filter(&v);
	flt.kind = BM_KIND_USB;
	expect_ids(f, &flt, (int64_t[]){l.b}, 1);

	flt = any_filter(&v);
	flt.origin = BM_ORIGIN_MADE;
	expect_ids(f, &flt, (int64_t[]){l.c, l.e}, 2);

	flt = any_filter(&v);
	flt.department_id = f->tech.id;
	expect_ids(f, &flt, (int64_t[]){l.b, l.e}, 2);

	flt = any_filter(&v);
	flt.custodian_id = f->zhao.id;
	expect_ids(f, &flt, (int64_t[]){l.d}, 1);

	flt = any_filter(&v);
	flt.place_id = f->safe.id;
	expect_ids(f, &flt, (int64_t[]){l.a, l.d}, 2);

	/*
	 * The store compares instants: `since` inclusive, `before` exclusive
	 * (the service makes them from the unit's local dates). The dates
	 * themselves are not the store's to read.
	 */
	flt = any_filter(&v);
	flt.registered_since = "2026-11-05T00:00:00Z";
	flt.registered_before = "2026-11-11T00:00:00Z";
	expect_ids(f, &flt, (int64_t[]){l.b, l.c, l.d}, 3);
	flt.registered_since = "2026-11-05T09:00:01Z";
	flt.registered_before = "2026-11-10T00:00:00Z";
	expect_ids(f, &flt, (int64_t[]){l.c}, 1);
	flt.registered_since = "2026-11-21T00:00:00Z";
	flt.registered_before = NULL;
	expect_ids(f, &flt, (int64_t[]){l.g}, 1);
	flt.registered_since = NULL;
	flt.registered_before = "2026-11-01T01:00:01Z";
	expect_ids(f, &flt, (int64_t[]){l.a}, 1);
	flt.registered_before = "2026-11-01T01:00:00Z";
	expect_ids(f, &flt, NULL, 0);
	flt.registered_before = NULL;
	flt.registered_from = "2026-11-21";
	flt.registered_to = "2026-11-21";
	expect_ids(f, &flt, (int64_t[]){l.a, l.b, l.c, l.d, l.e, l.g}, 6);

	/* Filters combine with AND. */
	flt = any_filter(&v);
	flt.department_id = f->office.id;
	flt.level = BM_LEVEL_INTERNAL;
	expect_ids(f, &flt, (int64_t[]){l.c}, 1);
	flt.level = BM_LEVEL_TOP_SECRET;
	expect_ids(f, &flt, NULL, 0);
}

static void expect_order(fx *f, const char *sort, const int64_t *ids, size_t n)
{
	bm_viewer v = clerk_viewer(f);
	bm_carrier_filter flt = any_filter(&v);
	bm_carrier_page page = {0};
	flt.sort = sort;
	assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
	assert_int_equal(page.count, n);
	for (size_t i = 0; i < n; i++)
		if (page.items[i].id != ids[i])
			fail_msg("sort '%s': position %zu is %lld, expected %lld", sort, i,
			         (long long)page.items[i].id, (long long)ids[i]);
}

static void store_list_sorting(void **state)
{
	fx *f = *state;
	ledger l;
	add_org(f);
	add_ledger(f, &l);
	expect_order(f, "id", (int64_t[]){l.a, l.b, l.c, l.d, l.e, l.g}, 6);
	expect_order(f, "-id", (int64_t[]){l.g, l.e, l.d, l.c, l.b, l.a}, 6);
	expect_order(f, "level", (int64_t[]){l.g, l.c, l.a, l.e, l.b, l.d}, 6);
	/* A descending order is the exact reverse: ties by id descending too (one index, keyset).
	 */
	expect_order(f, "-level", (int64_t[]){l.d, l.b, l.e, l.a, l.c, l.g}, 6);
	expect_order(f, "registered", (int64_t[]){l.a, l.b, l.c, l.d, l.e, l.g}, 6);
	expect_order(f, "-registered", (int64_t[]){l.g, l.e, l.d, l.c, l.b, l.a}, 6);
	{
		/* Titles sort by their bytes; check the order is total and consistent. */
		bm_viewer v = clerk_viewer(f);
		bm_carrier_filter flt = any_filter(&v);
		bm_carrier_page page;
		flt.sort = "title";
		assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
		assert_int_equal(page.count, 6);
		for (size_t i = 1; i < page.count; i++)
			assert_true(strcmp(page.items[i - 1].title, page.items[i].title) <= 0);
	}
	{
		bm_viewer v = clerk_viewer(f);
		bm_carrier_filter flt = any_filter(&v);
		bm_carrier_page page;
		flt.sort = "level; DROP TABLE carrier";
		assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), BM_EINVALID);
		assert_int_equal(count_carriers(f), 6);
	}
}

static void store_list_paging_total_ignores_limit(void **state)
{
	fx *f = *state;
	bm_viewer v;
	bm_carrier_filter flt;
	bm_carrier_page page;
	int64_t seen[25];
	size_t n_seen = 0;
	add_org(f);
	for (int i = 0; i < 23; i++) {
		char *title = bm_arena_printf(&f->a, "分页测试 %02d", i);
		bm_carrier_insert(f, make_carrier(f, title, BM_LEVEL_INTERNAL));
	}
	v = clerk_viewer(f);
	for (int offset = 0; offset < 30; offset += 5) {
		flt = any_filter(&v);
		flt.limit = 5;
		flt.offset = offset;
		flt.sort = "id";
		assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
		assert_int_equal(page.total, 23);
		assert_int_equal(page.count,
		                 offset + 5 <= 23 ? 5 : (offset < 23 ? 23 - offset : 0));
		for (size_t i = 0; i < page.count; i++) {
			for (size_t k = 0; k < n_seen; k++)
				assert_int_not_equal(seen[k], page.items[i].id);
			seen[n_seen++] = page.items[i].id;
			if (n_seen > 1)
				assert_true(seen[n_seen - 1] > seen[n_seen - 2]);
		}
	}
	assert_int_equal(n_seen, 23);
	/* With a query and a level filter the total still counts every match. */
	flt = any_filter(&v);
	flt.query = "分页测试";
	flt.limit = 2;
	flt.offset = 20;
	assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
	assert_int_equal(page.total, 23);
	assert_int_equal(page.count, 2);
}

/* ---- search
 * ------------------------------------------------------------------ */

typedef struct search_set {
	int64_t t1, t2, t3, t4, t5, t6, t7, t8;
} search_set;

static int64_t add_titled(fx *f, const char *title, const char *doc)
{
	bm_carrier c = make_carrier(f, title, BM_LEVEL_INTERNAL);
	c.place_id = 0;
	c.doc_number = doc;
	return bm_carrier_insert(f, c);
}

static void add_search_set(fx *f, search_set *s)
{
	s->t1 = add_titled(f, "机密文件管理办法", NULL);
	s->t2 = add_titled(f, "关于机密载体清查的通知", "办发〔2026〕7号");
	s->t3 = add_titled(f, "会议通知", NULL);
	s->t4 = add_titled(f, "年度工作总结", "机发〔2026〕1号"); /* 机 only in the number */
	s->t5 = add_titled(f, "保密工作要点（机密）", "国保发〔2026〕3号");
	s->t6 = add_titled(f, "完成率100%的报告", NULL);
	s->t7 = add_titled(f, "file_name清单", "A_B-12");
	s->t8 = add_titled(f, "密码设备通知书", NULL);
}

static void expect_search(fx *f, const char *query, const int64_t *ids, size_t n)
{
	bm_viewer v = clerk_viewer(f);
	bm_carrier_filter flt = any_filter(&v);
	bm_carrier_page page = {0};
	flt.query = query;
	assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
	if (page.total != (int64_t)n || page.count != n)
		fail_msg("query '%s': %lld results, expected %zu", query, (long long)page.total, n);
	for (size_t i = 0; i < n; i++)
		if (!page_has(&page, ids[i]))
			fail_msg("query '%s' missed carrier %lld", query, (long long)ids[i]);
}

static void store_search_one_char_finds_every_match(void **state)
{
	fx *f = *state;
	search_set s;
	add_org(f);
	add_search_set(f, &s);
	expect_search(f, "机", (int64_t[]){s.t1, s.t2, s.t4, s.t5}, 4);
	expect_search(f, "密", (int64_t[]){s.t1, s.t2, s.t5, s.t8}, 4);
	expect_search(f, "号", (int64_t[]){s.t2, s.t4, s.t5}, 3);
	expect_search(f, "鑫", NULL, 0);
}

static void store_search_two_chars_finds_every_match(void **state)
{
	fx *f = *state;
	search_set s;
	add_org(f);
	add_search_set(f, &s);
	expect_search(f, "机密", (int64_t[]){s.t1, s.t2, s.t5}, 3);
	expect_search(f, "通知", (int64_t[]){s.t2, s.t3, s.t8}, 3);
	expect_search(f, "保发", (int64_t[]){s.t5}, 1); /* inside a document number */
	expect_search(f, "机发", (int64_t[]){s.t4}, 1);
}

/*
 * The search of `query` a page of one carrier at a time, by offset and by the
 * keyset cursor, newest first and oldest first: every page's total is `n`
 * (a one- or two-character query's comes from the index's term count, and
 * its walk stops with the page: sqlite.c, term_total) and the pages give
 * `ids` (ascending) in order.
 */
static void expect_search_paged(fx *f, const char *query, const int64_t *ids, size_t n)
{
	bm_viewer v = clerk_viewer(f);
	for (int desc = 0; desc < 2; desc++) {
		int64_t after = 0;
		for (size_t i = 0; i < n; i++) {
			int64_t want = ids[desc ? n - 1 - i : i];
			for (int by_cursor = 0; by_cursor < 2; by_cursor++) {
				bm_carrier_filter flt = any_filter(&v);
				bm_carrier_page page = {0};
				flt.query = query;
				flt.sort = desc ? "-id" : NULL;
				flt.limit = 1;
				if (by_cursor)
					flt.after = after;
				else
					flt.offset = (int)i;
				if (by_cursor && i == 0)
					continue;
				if (S(f, carrier_list)(f->s, &f->a, &flt, &page) != 0)
					fail_msg("query '%s' page %zu: %s", query, i,
					         bm_error_last()->message_en);
				if (page.total != (int64_t)n || page.count != 1 ||
				    page.items[0].id != want)
					fail_msg("query '%s' page %zu (%s, %s): total %lld, %zu "
					         "rows, "
					         "first %lld; expected total %zu, carrier %lld",
					         query, i, desc ? "-id" : "id",
					         by_cursor ? "after" : "offset",
					         (long long)page.total, page.count,
					         page.count ? (long long)page.items[0].id : 0, n,
					         (long long)want);
				assert_int_equal(page.next, i + 1 < n ? want : 0);
			}
			after = want;
		}
	}
}

static void store_search_short_query_pages_keep_the_total(void **state)
{
	fx *f = *state;
	search_set s;
	add_org(f);
	add_search_set(f, &s);
	expect_search_paged(f, "机", (int64_t[]){s.t1, s.t2, s.t4, s.t5}, 4);
	expect_search_paged(f, "密", (int64_t[]){s.t1, s.t2, s.t5, s.t8}, 4);
	expect_search_paged(f, "通知", (int64_t[]){s.t2, s.t3, s.t8}, 3);
	expect_search_paged(f, "〔2", (int64_t[]){s.t2, s.t4, s.t5}, 3);
	/* ASCII folds as LIKE does, in the query and in the index. */
	expect_search_paged(f, "F", (int64_t[]){s.t7}, 1);
	expect_search_paged(f, "FI", (int64_t[]){s.t7}, 1);
	expect_search_paged(f, "e_", (int64_t[]){s.t7}, 1);
	/* Longer queries are counted by their walk: the same pages. */
	expect_search_paged(f, "机密载", (int64_t[]){s.t2}, 1);
	expect_search_paged(f, "2026", (int64_t[]){s.t2, s.t4, s.t5}, 3);
}

static void store_search_three_or_more_chars_finds_every_match(void **state)
{
	fx *f = *state;
	search_set s;
	add_org(f);
	add_search_set(f, &s);
	expect_search(f, "机密载", (int64_t[]){s.t2}, 1);
	expect_search(f, "2026", (int64_t[]){s.t2, s.t4, s.t5}, 3);
	expect_search(f, "〔2026〕", (int64_t[]){s.t2, s.t4, s.t5}, 3);
	expect_search(f, "国保发〔2026〕3号", (int64_t[]){s.t5}, 1);
	expect_search(f, "通知书", (int64_t[]){s.t8}, 1);
	expect_search(f, "工作", (int64_t[]){s.t4, s.t5}, 2);
	expect_search(f, "保密工作要点", (int64_t[]){s.t5}, 1);
	expect_search(f, "（机密）", (int64_t[]){s.t5}, 1);
	expect_search(f, "不存在的标题", NULL, 0);
	/* A quote in the query is text, not FTS syntax. */
	expect_search(f, "机\"密 OR 会", NULL, 0);
}

static void store_search_like_wildcards_are_literal(void **state)
{
	fx *f = *state;
	search_set s;
	add_org(f);
	add_search_set(f, &s);
	expect_search(f, "%", (int64_t[]){s.t6}, 1);
	expect_search(f, "_", (int64_t[]){s.t7}, 1);
	expect_search(f, "0%", (int64_t[]){s.t6}, 1);
	expect_search(f, "e_", (int64_t[]){s.t7}, 1);
	expect_search(f, "A_", (int64_t[]){s.t7}, 1); /* in the document number */
	expect_search(f, "\\", NULL, 0);
	expect_search(f, "%%", NULL, 0);
	expect_search(f, "_%", NULL, 0);
	expect_search(f, "100%的", (int64_t[]){s.t6}, 1);
	expect_search(f, "e_n", (int64_t[]){s.t7}, 1);
	expect_search(f, "___", NULL, 0);
	expect_search(f, "%%%", NULL, 0);
}

/* ---- visibility (SYS-2)
 * ------------------------------------------------------ */

typedef struct vis_set {
	int64_t tech_conf, zhao_conf, internal_open, top_tech, secret_tech, li_custody, top_open;
} vis_set;

static void add_vis_set(fx *f, vis_set *s)
{
	bm_scope_entry tech[1] = {{0}}, zhao[1] = {{0}};
	bm_carrier c;
	tech[0].department_id = f->tech.id;
	zhao[0].person_id = f->zhao.id;

	c = make_carrier(f, "科技处秘密", BM_LEVEL_CONFIDENTIAL);
	c.scope = tech;
	c.n_scope = 1;
	s->tech_conf = bm_carrier_insert(f, c);
	c = make_carrier(f, "赵六秘密", BM_LEVEL_CONFIDENTIAL);
	c.scope = zhao;
	c.n_scope = 1;
	s->zhao_conf = bm_carrier_insert(f, c);
	c = make_carrier(f, "内部公开", BM_LEVEL_INTERNAL);
	s->internal_open = bm_carrier_insert(f, c);
	c = make_carrier(f, "科技处绝密", BM_LEVEL_TOP_SECRET);
	c.scope = tech;
	c.n_scope = 1;
	s->top_tech = bm_carrier_insert(f, c);
	c = make_carrier(f, "科技处机密", BM_LEVEL_SECRET);
	c.scope = tech;
	c.n_scope = 1;
	s->secret_tech = bm_carrier_insert(f, c);
	c = make_carrier(f, "李四保管", BM_LEVEL_CONFIDENTIAL);
	c.custodian_id = f->li.id;
	c.scope = zhao;
	c.n_scope = 1;
	s->li_custody = bm_carrier_insert(f, c);
	c = make_carrier(f, "无范围绝密", BM_LEVEL_TOP_SECRET);
	s->top_open = bm_carrier_insert(f, c);
}

static void sys_2_store_level_above_clearance_never_seen(void **state)
{
	fx *f = *state;
	vis_set s;
	bm_viewer v = {0};
	bm_carrier_filter flt;
	add_org(f);
	add_vis_set(f, &s);
	/* li: 科技处, cleared to 机密; in scope of tech_conf, top_tech, secret_tech.
	 */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),

	                .person_id = f->li.id,
	                .department_id = f->tech.id,
	                .max_level = BM_LEVEL_SECRET};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.tech_conf, s.internal_open, s.secret_tech, s.li_custody},
	           4);
	/* The same person cleared only to 内部 sees only the open internal item. */
	v.max_level = BM_LEVEL_INTERNAL;
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.internal_open}, 1);
	/* Even a filter naming the hidden level counts nothing. */
	flt.level = BM_LEVEL_TOP_SECRET;
	expect_ids(f, &flt, NULL, 0);
	/* A whole-ledger viewer is still bounded by clearance. */
	v = clerk_viewer(f);
	v.max_level = BM_LEVEL_CONFIDENTIAL;
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.tech_conf, s.zhao_conf, s.internal_open, s.li_custody},
	           4);
}

static void sys_2_store_outside_scope_not_seen(void **state)
{
	fx *f = *state;
	vis_set s;
	bm_viewer v;
	bm_carrier_filter flt;
	bm_carrier_page page;
	add_org(f);
	add_vis_set(f, &s);
	/* zhao: 财务处, core; named in zhao_conf and li_custody only. */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),
	                .person_id = f->zhao.id,
	                .department_id = f->finance.id,
	                .max_level = BM_LEVEL_TOP_SECRET};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.zhao_conf, s.internal_open, s.li_custody, s.top_open}, 4);
	/* A search for a hidden title finds nothing and counts nothing. */
	flt.query = "科技处";
	assert_int_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
	assert_int_equal(page.total, 0);
	assert_int_equal(page.count, 0);
	/* No department (0) never matches a department scope. */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),

	                .person_id = f->zhang.id,
	                .department_id = 0,
	                .max_level = BM_LEVEL_TOP_SECRET};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.internal_open, s.top_open}, 2);
}

static void sys_2_store_in_scope_by_department_person_or_custody(void **state)
{
	fx *f = *state;
	vis_set s;
	bm_viewer v;
	bm_carrier_filter flt;
	add_org(f);
	add_vis_set(f, &s);
	/* By department: zhang (科技处, cleared to 秘密). */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),
	                .person_id = f->zhang.id,
	                .department_id = f->tech.id,
	                .max_level = BM_LEVEL_CONFIDENTIAL};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.tech_conf, s.internal_open}, 2);
	/* As custodian: li keeps li_custody although its scope names only zhao. */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),
	                .person_id = f->li.id,
	                .department_id = f->office.id,
	                .max_level = BM_LEVEL_CONFIDENTIAL};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.internal_open, s.li_custody}, 2);
	/* As a named person: zhao sees zhao_conf from another department. */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),
	                .person_id = f->zhao.id,
	                .department_id = f->tech.id,
	                .max_level = BM_LEVEL_CONFIDENTIAL};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.tech_conf, s.zhao_conf, s.internal_open, s.li_custody},
	           4);
}

static void sys_2_store_whole_ledger_sees_all_up_to_level(void **state)
{
	fx *f = *state;
	vis_set s;
	bm_viewer v;
	bm_carrier_filter flt;
	add_org(f);
	add_vis_set(f, &s);
	v = clerk_viewer(f);
	flt = any_filter(&v);
	expect_ids(f, &flt,
	           (int64_t[]){s.tech_conf, s.zhao_conf, s.internal_open, s.top_tech, s.secret_tech,
	                       s.li_custody, s.top_open},
	           7);
	v.max_level = BM_LEVEL_SECRET;
	flt = any_filter(&v);
	expect_ids(
	        f, &flt,
	        (int64_t[]){s.tech_conf, s.zhao_conf, s.internal_open, s.secret_tech, s.li_custody},
	        5);
}

static void sys_2_store_carrier_without_scope_visible_to_all(void **state)
{
	fx *f = *state;
	vis_set s;
	bm_viewer v;
	bm_carrier_filter flt;
	add_org(f);
	add_vis_set(f, &s);
	/* Somebody in no department, named nowhere, keeping nothing. */
	v = (bm_viewer){.unit_id = f->unit.id,
	                .rule = bm_policy_sys2_rule(),
	                .person_id = 99999,
	                .department_id = 0,
	                .max_level = BM_LEVEL_TOP_SECRET};
	flt = any_filter(&v);
	expect_ids(f, &flt, (int64_t[]){s.internal_open, s.top_open}, 2);
	v.max_level = BM_LEVEL_PUBLIC;
	flt = any_filter(&v);
	expect_ids(f, &flt, NULL, 0);
	/* No viewer, no ledger. */
	flt = any_filter(NULL);
	{
		bm_carrier_page page;
		assert_int_not_equal(S(f, carrier_list)(f->s, &f->a, &flt, &page), 0);
	}
}

/* ---- audit rows
 * ---------------------------------------------------------------- */

typedef struct audit_seen {
	int n;
	int64_t seqs[16];
	char actions[16][32];
	char hashes[16][72];
	int stop_after;
} audit_seen;

static int collect_audit(const bm_audit_row *r, void *ctx)
{
	audit_seen *a = ctx;
	if (a->n < 16) {
		a->seqs[a->n] = r->seq;
		snprintf(a->actions[a->n], sizeof(a->actions[0]), "%s", r->action);
		snprintf(a->hashes[a->n], sizeof(a->hashes[0]), "%s", r->hash);
	}
	a->n++;
	if (a->stop_after && a->n == a->stop_after)
		return 42;
	return 0;
}

static bm_audit_row audit_row(int64_t seq, const char *action, const char *prev, const char *hash)
{
	bm_audit_row r = {.seq = seq,
	                  .at = NOW,
	                  .actor = "clerk",
	                  .action = action,
	                  .object = "carrier:1",
	                  .outcome = "ok",
	                  .rule = "",
	                  .detail = "{}",
	                  .alg = "sm3",
	                  .prev_hash = prev,
	                  .hash = hash};
	return r;
}

static void store_audit_tail_on_empty_log(void **state)
{
	fx *f = *state;
	int64_t seq = 77;
	char hash[80];
	memset(hash, 'x', sizeof(hash));
	assert_int_equal(S(f, audit_tail)(f->s, &seq, hash, sizeof(hash), NULL, 0), 0);
	assert_int_equal(seq, 0);
	assert_string_equal(hash, "");
}

static void store_audit_insert_foreach_in_order(void **state)
{
	fx *f = *state;
	audit_seen seen = {0};
	int64_t seq;
	char hash[80];
	bm_audit_row r;
	r = audit_row(1, "login", "", "h1");
	assert_int_equal(S(f, audit_insert)(f->s, &r), 0);
	r = audit_row(2, "carrier.register_incoming", "h1", "h2");
	assert_int_equal(S(f, audit_insert)(f->s, &r), 0);
	r = audit_row(3, "carrier.show", "h2", "h3");
	r.actor = NULL;
	r.rule = NULL;
	r.detail = NULL;
	assert_int_equal(S(f, audit_insert)(f->s, &r), 0);
	assert_int_equal(S(f, audit_tail)(f->s, &seq, hash, sizeof(hash), NULL, 0), 0);
	assert_int_equal(seq, 3);
	assert_string_equal(hash, "h3");

	assert_int_equal(S(f, audit_foreach)(f->s, collect_audit, &seen), 0);
	assert_int_equal(seen.n, 3);
	assert_int_equal(seen.seqs[0], 1);
	assert_int_equal(seen.seqs[1], 2);
	assert_int_equal(seen.seqs[2], 3);
	assert_string_equal(seen.actions[0], "login");
	assert_string_equal(seen.actions[2], "carrier.show");
	assert_string_equal(seen.hashes[1], "h2");

	/* A callback's non-zero return stops the walk and is passed back. */
	memset(&seen, 0, sizeof(seen));
	seen.stop_after = 2;
	assert_int_equal(S(f, audit_foreach)(f->s, collect_audit, &seen), 42);
	assert_int_equal(seen.n, 2);

	/* A sequence number is used once. */
	r = audit_row(3, "again", "h3", "h3b");
	assert_int_equal(S(f, audit_insert)(f->s, &r), BM_ECONFLICT);
	/* A truncated tail hash is still NUL-terminated. */
	{
		char small[2] = {'z', 'z'};
		assert_int_equal(S(f, audit_tail)(f->s, &seq, small, sizeof(small), NULL, 0), 0);
		assert_int_equal(small[1], '\0');
	}
}

static void sys_3_store_audit_refuses_update_and_delete(void **state)
{
	fx *f = *state;
	sqlite3 *db;
	bm_audit_row r = audit_row(1, "login", "", "h1");
	audit_seen seen = {0};
	assert_int_equal(S(f, audit_insert)(f->s, &r), 0);
	db = raw_open(f);
	assert_int_equal(
	        sqlite3_exec(db, "UPDATE audit_event SET actor = 'mallory'", NULL, NULL, NULL) &
	                0xff,
	        SQLITE_CONSTRAINT);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM audit_event", NULL, NULL, NULL) & 0xff,
	                 SQLITE_CONSTRAINT);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM audit_event WHERE actor = 'clerk'"), 1);
	sqlite3_close(db);
	assert_int_equal(S(f, audit_foreach)(f->s, collect_audit, &seen), 0);
	assert_int_equal(seen.n, 1);
}

static void destroy_4_store_carriers_cannot_be_deleted(void **state)
{
	fx *f = *state;
	sqlite3 *db;
	int64_t id;
	bm_carrier *g;
	add_org(f);
	id = bm_carrier_insert(f, make_carrier(f, "永不删除", BM_LEVEL_INTERNAL));
	{
		bm_carrier_event e = {.carrier_id = id, .at = NOW, .action = "register"};
		assert_int_equal(S(f, carrier_event_insert)(f->s, &e), 0);
	}
	db = raw_open(f);
	assert_int_equal(sqlite3_exec(db, "DELETE FROM carrier", NULL, NULL, NULL) & 0xff,
	                 SQLITE_CONSTRAINT);
	/* The carrier's history is append-only too. */
	assert_int_equal(sqlite3_exec(db, "DELETE FROM carrier_event", NULL, NULL, NULL) & 0xff,
	                 SQLITE_CONSTRAINT);
	assert_int_equal(
	        sqlite3_exec(db, "UPDATE carrier_event SET action = 'x'", NULL, NULL, NULL) & 0xff,
	        SQLITE_CONSTRAINT);
	sqlite3_close(db);
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, id, &g), 0);
	assert_int_equal(count_carriers(f), 1);
}

/* ---- policy versions
 * ----------------------------------------------------------- */

static void store_policy_insert_current_list(void **state)
{
	fx *f = *state;
	bm_policy_version *cur = NULL, *list = NULL, v;
	size_t n = 99;
	add_org(f);
	assert_int_equal(S(f, policy_current)(f->s, &f->a, &cur), BM_ENOTFOUND);
	assert_int_equal(S(f, policy_list)(f->s, &f->a, &list, &n), 0);
	assert_int_equal(n, 0);

	v = (bm_policy_version){.version = 1,
	                        .text = "registration.max_days = 0\n",
	                        .created_at = NOW,
	                        .created_by = f->clerk.id,
	                        .comment = "初始"};
	assert_int_equal(S(f, policy_insert)(f->s, &v), 0);
	v = (bm_policy_version){.version = 2,
	                        .text = "registration.max_days = 1\n",
	                        .created_at = "2026-11-24T00:00:00Z",
	                        .created_by = 0,
	                        .comment = NULL};
	assert_int_equal(S(f, policy_insert)(f->s, &v), 0);
	assert_int_equal(S(f, policy_insert)(f->s, &v), BM_ECONFLICT); /* same version */

	assert_int_equal(S(f, policy_current)(f->s, &f->a, &cur), 0);
	assert_int_equal(cur->version, 2);
	assert_string_equal(cur->text, "registration.max_days = 1\n");
	assert_int_equal(cur->created_by, 0);
	assert_null(cur->comment);

	assert_int_equal(S(f, policy_list)(f->s, &f->a, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(list[0].version, 1);
	assert_string_equal(list[0].comment, "初始");
	assert_int_equal(list[0].created_by, f->clerk.id);
	assert_string_equal(list[0].created_at, NOW);
	assert_int_equal(list[1].version, 2);
}

/*
 * A read snapshot refuses every write, also through a statement the cache
 * prepared before the snapshot began, and the refusal leaves nothing
 * behind: the snapshot ends normally and the same handle writes after it.
 */
static void store_read_snapshot_refuses_writes(void **state)
{
	fx *f = *state;
	bm_department d = {0}, later = {0};
	bm_department *got = NULL;
	add_unit(f);
	add_department(f, &d, "办公室", "BGS"); /* the INSERT is now cached */

	assert_int_equal(S(f, begin_read)(f->s), 0);
	d = (bm_department){.unit_id = f->unit.id, .name = "科技处", .code = "KJC"};
	assert_int_equal(S(f, department_insert)(f->s, &d), BM_ERROR);
	assert_string_equal(bm_error_last()->code, "write_in_read_snapshot");
	f->unit = (bm_unit){.name = "另一单位", .code = "T02", .created_at = NOW};
	assert_int_equal(S(f, unit_insert)(f->s, &f->unit), BM_ERROR); /* never prepared before */
	assert_int_equal(S(f, department_find)(f->s, &f->a, 1, "办公室", &got), 0); /* reads work */
	assert_int_equal(S(f, commit)(f->s), 0);
	assert_int_equal(S(f, department_find)(f->s, &f->a, 1, "科技处", &got), BM_ENOTFOUND);

	later = (bm_department){.unit_id = 1, .name = "科技处", .code = "KJC"};
	assert_int_equal(S(f, department_insert)(f->s, &later), 0); /* writes again after it */
	assert_int_equal(S(f, department_find)(f->s, &f->a, 1, "科技处", &got), 0);
}

/*
 * unit_first is kept on the handle once committed: the same answer every
 * time, in the caller's arena; one seen inside a write transaction that
 * rolls back is not kept.
 */
static void store_unit_first_kept_once_committed(void **state)
{
	fx *f = *state;
	bm_unit *u = NULL, *again = NULL;
	bm_unit rolled = {.name = "回滚单位", .code = "R01", .created_at = NOW};

	assert_int_equal(S(f, begin)(f->s), 0);
	assert_int_equal(S(f, unit_insert)(f->s, &rolled), 0);
	assert_int_equal(S(f, unit_first)(f->s, &f->a, &u), 0);
	assert_string_equal(u->name, "回滚单位");
	assert_int_equal(S(f, rollback)(f->s), 0);
	assert_int_equal(S(f, unit_first)(f->s, &f->a, &u), BM_ENOTFOUND);

	add_unit(f);
	assert_int_equal(S(f, unit_first)(f->s, &f->a, &u), 0);
	assert_int_equal(S(f, unit_first)(f->s, &f->a, &again), 0);
	assert_ptr_not_equal(u, again); /* each answer is the caller's own copy */
	assert_int_equal(again->id, f->unit.id);
	assert_string_equal(again->name, "测试单位");
	assert_string_equal(again->code, "T01");
	assert_string_equal(again->created_at, NOW);
}

/* ---- ORG-2 with INSP-2: a notice's deadline at a period's end ---------------- */

static void add_rect_event(fx *f, int64_t rect, const char *at, const char *action,
                           const char *detail, const char *deadline)
{
	bm_insp_rect_event e = {.rectification_id = rect,
	                        .at = at,
	                        .actor_id = f->clerk.id,
	                        .action = action,
	                        .detail = detail,
	                        .deadline = deadline};
	assert_int_equal(S(f, insp_rect_event_add)(f->s, &e), 0);
	assert_true(e.id > 0);
}

/* The deadline report_facts gives notice `id` open at `as_of` (NULL: not open then). */
static const char *rect_due_at(fx *f, int64_t id, const char *from, const char *as_of)
{
	bm_report_period p = {.unit_id = f->unit.id,
	                      .from = from,
	                      .to = as_of,
	                      .from_day = "2026-10-01",
	                      .to_day = "2026-12-31",
	                      .as_of = as_of};
	bm_report_fact *facts = NULL;
	size_t n = 0;
	assert_int_equal(S(f, report_facts)(f->s, &f->a, &p, &facts, &n), 0);
	for (size_t i = 0; i < n; i++)
		if (strcmp(facts[i].figure, "rectifications.open") == 0 && facts[i].id == id)
			return facts[i].due;
	return NULL;
}

/*
 * ORG-2: the deadline a notice had at a period's end is the one its latest
 * reopening before then recorded as data (migration 39), whatever the
 * wording of the history line: none of the texts here holds the date. A
 * line written before migration 39 (no deadline recorded) is read from the
 * one text form that code wrote, "note（YYYY-MM-DD）".
 */
static void org_2_store_rect_deadline_at_period_end_from_data_not_wording(void **state)
{
	fx *f = *state;
	bm_insp_rectification r = {0}, old = {0};
	const char *due;

	add_org(f);
	r = (bm_insp_rectification){.unit_id = f->unit.id,
	                            .source = "self_assessment:1",
	                            .finding = "保密柜密码逾期未更换",
	                            .department_id = f->finance.id,
	                            .responsible_id = f->zhao.id,
	                            .deadline = "2026-12-20",
	                            .status = "open",
	                            .reopened = 2,
	                            .created_by = f->clerk.id,
	                            .created_at = "2026-10-10T02:00:00Z",
	                            .updated_at = "2026-11-15T02:00:00Z"};
	assert_int_equal(S(f, insp_rect_insert)(f->s, &r), 0);
	add_rect_event(f, r.id, "2026-10-10T02:00:00Z", "open", "限两周内整改完毕", "2026-10-20");
	add_rect_event(f, r.id, "2026-10-15T02:00:00Z", "report", "已更换（2026-10-15）", NULL);
	add_rect_event(f, r.id, "2026-10-25T02:00:00Z", "reopen",
	               "复查未通过，限期至十一月十日前完成整改", "2026-11-10");
	add_rect_event(f, r.id, "2026-11-15T02:00:00Z", "reopen", "复查仍未通过（见附件2）",
	               "2026-12-20");
	/* A notice of the time before migration 39: its lines carry no deadline. */
	old = r;
	old.id = 0;
	old.deadline = "2026-11-25";
	old.reopened = 1;
	assert_int_equal(S(f, insp_rect_insert)(f->s, &old), 0);
	add_rect_event(f, old.id, "2026-10-10T02:00:00Z", "open", "2026-10-20", NULL);
	add_rect_event(f, old.id, "2026-10-26T02:00:00Z", "reopen", "仍未上锁（2026-11-25）", NULL);

	/* 15 October, before any reopening: the opening's deadline (its text is not a date). */
	due = rect_due_at(f, r.id, "2026-10-01T00:00:00Z", "2026-10-15T16:00:00Z");
	assert_non_null(due);
	assert_string_equal(due, "2026-10-20");
	/* The end of October: the first reopening's, though its line names no date. */
	due = rect_due_at(f, r.id, "2026-10-01T00:00:00Z", "2026-10-31T16:00:00Z");
	assert_non_null(due);
	assert_string_equal(due, "2026-11-10");
	/* The end of November: the second's, whose line ends in a bracket that is no date. */
	due = rect_due_at(f, r.id, "2026-11-01T00:00:00Z", "2026-11-30T16:00:00Z");
	assert_non_null(due);
	assert_string_equal(due, "2026-12-20");
	/* The older notice, from its lines' text as that code wrote it. */
	due = rect_due_at(f, old.id, "2026-10-01T00:00:00Z", "2026-10-20T16:00:00Z");
	assert_non_null(due);
	assert_string_equal(due, "2026-10-20");
	due = rect_due_at(f, old.id, "2026-10-01T00:00:00Z", "2026-10-31T16:00:00Z");
	assert_non_null(due);
	assert_string_equal(due, "2026-11-25");
}

/*
 * carrier_gram_tally (migrations 45 and 48) against a count made from the
 * rows themselves: each term of each carrier (GRAMS_OF, the index's one-
 * and two-character terms) under each of its SYS-2 key rows (carrier_sight)
 * by the key row's unit, term, ref and level; and carrier_gram against each
 * carrier's terms. Rows that fell to 0 may stay; none is below 0. Not
 * vacuous: at least `min_rows` (term, key, level) counts.
 */
#define GRAM_DIRECT                                                                                \
	"SELECT j.value AS gram, x.unit_id, x.term, x.ref, x.level, count(*) AS n"                 \
	" FROM carrier_sight x JOIN carrier c ON c.id = x.carrier_id,"                             \
	" " GRAMS_OF("c.title", "c.doc_number") " j GROUP BY 1, 2, 3, 4, 5"
#define GRAM_KEPT "SELECT gram, unit_id, term, ref, level, n FROM carrier_gram_tally WHERE n <> 0"
#define GRAM_OF_ROWS                                                                               \
	"SELECT c.id, j.value FROM carrier c, " GRAMS_OF("c.title", "c.doc_number") " j"

static void assert_gram_tally_exact(const fx *f, int64_t min_rows)
{
	sqlite3 *db = raw_open(f);
	assert_true(raw_int(db, "SELECT count(*) FROM (" GRAM_DIRECT ")") >= min_rows);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM (" GRAM_DIRECT " EXCEPT " GRAM_KEPT ")"),
	                 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM (" GRAM_KEPT " EXCEPT " GRAM_DIRECT ")"),
	                 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM carrier_gram_tally WHERE n < 0"), 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM (" GRAM_OF_ROWS
	                             " EXCEPT SELECT carrier_id, gram FROM carrier_gram)"),
	                 0);
	assert_int_equal(raw_int(db,
	                         "SELECT count(*) FROM (SELECT carrier_id, gram FROM carrier_gram"
	                         " EXCEPT " GRAM_OF_ROWS ")"),
	                 0);
	sqlite3_close(db);
}

/* Runs `sql` on a connection without baomi's functions (the bare sqlite3 shell's). */
static void raw_exec(const fx *f, const char *sql)
{
	sqlite3 *db = raw_open(f);
	char *err = NULL;
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK)
		fail_msg("%s: %s", sql, err ? err : "?");
	sqlite3_close(db);
}

/* Six carriers whose terms and keys overlap: no scope, departments, a person only, no number. */
static void add_gram_carriers(fx *f, int64_t *ids, int serial_base)
{
	static const char *const titles[] = {"绝密通知ABc",  "通知通知", "密密密",
	                                     "关于Ab的通知", "会议纪要", "x"};
	static const char *const docs[] = {"机发〔2026〕1号", NULL, "密1", "AB-7", NULL, "通知"};
	for (size_t i = 0; i < BM_ARRAY_LEN(titles); i++) {
		bm_carrier c = make_carrier(f, titles[i], (bm_level)(i % BM_LEVEL_COUNT));
		bm_scope_entry e[3] = {{.department_id = f->office.id},
		                       {.department_id = f->tech.id},
		                       {.person_id = f->li.id}};
		c.doc_number = docs[i];
		c.serial_number = serial_base + (int)i;
		switch (i % 4) {
		case 1: c.scope = e, c.n_scope = 1; break;
		case 2: c.scope = e, c.n_scope = 3; break;
		case 3: c.scope = e + 2, c.n_scope = 1; break;
		default: break;
		}
		ids[i] = bm_carrier_insert(f, c);
	}
}

/*
 * The term tally equals a direct count whatever changes and in what order:
 * titles and document numbers (only the terms that differ move), levels,
 * units and scopes, one at a time and together, through the store and
 * through a bare SQL connection (migration 45's promise), many rows in one
 * statement, a status alone (nothing moves).
 */
static void store_search_term_tally_follows_every_change(void **state)
{
	fx *f = *state;
	int64_t ids[6];
	bm_unit other = {.name = "另一单位", .code = "T02", .created_at = NOW};
	bm_carrier *c;
	char sql[256];
	add_org(f);
	assert_int_equal(S(f, unit_insert)(f->s, &other), 0);
	add_gram_carriers(f, ids, 1);
	assert_gram_tally_exact(f, 40);

	/* Through the store: title and level together, then the number alone. */
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, ids[1], &c), 0);
	c->title = "通知改密";
	c->level = BM_LEVEL_TOP_SECRET;
	assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	assert_gram_tally_exact(f, 40);
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, ids[2], &c), 0);
	c->doc_number = NULL;
	assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	assert_gram_tally_exact(f, 40);
	c->doc_number = "机发〔2026〕2号";
	c->title = "密";
	c->n_scope = 1; /* the office only: two key rows go */
	assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	assert_gram_tally_exact(f, 40);
	/* A status alone: the carrier's terms are not touched. */
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, ids[0], &c), 0);
	c->status = BM_STATUS_LENT;
	assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	assert_gram_tally_exact(f, 40);
	/* Scope given to the carrier without one, and taken from another. */
	{
		bm_scope_entry e = {.department_id = f->finance.id};
		c->scope = &e;
		c->n_scope = 1;
		c->level = BM_LEVEL_INTERNAL;
		assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	}
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, ids[1], &c), 0);
	c->scope = NULL;
	c->n_scope = 0;
	assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	assert_gram_tally_exact(f, 40);

	/* Through a bare connection: unit, level, both, many rows, scope rows. */
	snprintf(sql, sizeof(sql), "UPDATE carrier SET unit_id = %lld WHERE id = %lld",
	         (long long)other.id, (long long)ids[1]);
	raw_exec(f, sql);
	assert_gram_tally_exact(f, 40);
	snprintf(sql, sizeof(sql),
	         "UPDATE carrier SET unit_id = %lld, level = (level + 1) %% 5 WHERE id IN (%lld, "
	         "%lld)",
	         (long long)f->unit.id, (long long)ids[1], (long long)ids[4]);
	raw_exec(f, sql);
	raw_exec(f, "UPDATE carrier SET level = (level + 2) % 5");
	assert_gram_tally_exact(f, 40);
	snprintf(sql, sizeof(sql),
	         "DELETE FROM carrier_scope WHERE carrier_id = %lld AND person_id IS NULL;"
	         "INSERT INTO carrier_scope(carrier_id, department_id) VALUES (%lld, %lld);"
	         "UPDATE carrier_scope SET department_id = %lld WHERE carrier_id = %lld;",
	         (long long)ids[2], (long long)ids[5], (long long)f->tech.id,
	         (long long)f->finance.id, (long long)ids[5]);
	raw_exec(f, sql);
	assert_gram_tally_exact(f, 40);

	/* Back through the store: every title of the ledger changed, levels too. */
	for (size_t i = 0; i < BM_ARRAY_LEN(ids); i++) {
		assert_int_equal(S(f, carrier_get)(f->s, &f->a, ids[i], &c), 0);
		c->title = bm_arena_printf(&f->a, "%s密%zu", c->title, i);
		if (i % 2)
			c->level = (bm_level)((c->level + 1) % BM_LEVEL_COUNT);
		assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	}
	assert_gram_tally_exact(f, 40);
}

/*
 * A ledger at schema 47 (migration 45's triggers, its tally, no
 * carrier_gram) changed there and then opened by this program: migration 48
 * builds carrier_gram and the tally again from the rows (a tally that had
 * drifted is exact again), and its triggers keep it from then on.
 */
static void store_migration_48_rebuilds_the_term_tally(void **state)
{
	fx *f = *state;
	int64_t ids[6];
	bm_carrier *c;
	int version = -1;
	sqlite3 *db;
	char sql[256];
	add_org(f);
	add_gram_carriers(f, ids, 1);
	bm_store_close(f->s);
	f->s = NULL;

	/*
	 * Back to schema 47: migration 48 undone (its insert trigger is gone
	 * already, since 51), migration 45's triggers again.
	 */
	db = raw_open(f);
	for (const char *const *q = migration_48; *q; q++) {
		char name[64];
		if (sscanf(*q, "CREATE TRIGGER %63s", name) == 1) {
			snprintf(sql, sizeof(sql), "DROP TRIGGER IF EXISTS %s", name);
			assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
		}
	}
	assert_int_equal(sqlite3_exec(db, "DROP TABLE carrier_gram", NULL, NULL, NULL), SQLITE_OK);
	for (const char *const *q = migration_45; *q; q++)
		if (strncmp(*q, "CREATE TRIGGER", 14) == 0)
			assert_int_equal(sqlite3_exec(db, *q, NULL, NULL, NULL), SQLITE_OK);
	/* The later migrations (49 on, 51 dropping 48's insert trigger again) run again
	   after 48; theirs are repeatable. */
	assert_int_equal(sqlite3_exec(db, "DELETE FROM schema_migrations WHERE version >= 48", NULL,
	                              NULL, NULL),
	                 SQLITE_OK);
	/* Changed at 47 (migration 45's triggers keep the tally), and one count drifted. */
	assert_int_equal(sqlite3_exec(db,
	                              "UPDATE carrier SET level = (level + 1) % 5;"
	                              "UPDATE carrier_gram_tally SET n = n + 3 WHERE gram = '通';",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);

	assert_int_equal(bm_store_open(&f->s, f->path), 0);
	assert_int_equal(S(f, schema_version)(f->s, &version), 0);
	assert_int_equal(version, (int)BM_ARRAY_LEN(sqlite_migrations));
	assert_gram_tally_exact(f, 40);
	/* Kept by 48's triggers from then on. */
	assert_int_equal(S(f, carrier_get)(f->s, &f->a, ids[3], &c), 0);
	c->title = "通知已改";
	c->level = BM_LEVEL_SECRET;
	assert_int_equal(S(f, carrier_update)(f->s, c), 0);
	add_gram_carriers(f, ids, 11); /* six more, new serial numbers */
	assert_gram_tally_exact(f, 40);
}

/*
 * Migration 51: the store lists a new carrier's terms in C
 * (bm_sq_ngram_terms) where the update trigger lists them in SQL (GRAMS_OF);
 * both must give the same set, or a title changed later would leave terms
 * behind or miss some. Texts with ASCII of both cases (folded), Latin and
 * full-width capitals (not folded), four-byte characters, repeats, a NULL
 * and an empty document number, and a number equal to the title.
 */
static void store_terms_in_c_are_grams_of(void **state)
{
	static const char *const texts[][2] = {
	        {"关于2026年度保密工作的通知", "京保〔2026〕3号"},
	        {"GB/T 22239 ipv6 IPv6 Ab aB", NULL},
	        {"ÄÖÜ äöü ＡＢＣ ａｂｃ", ""},
	        {"密密密密 通知通知", "密密"},
	        {"😀x😀 𠀀𠀁", "X😀"},
	        {"同名", "同名"},
	        {"a", NULL},
	        {"\"'%_\\ 引号", "'\""},
	};
	sqlite3 *db;
	sqlite3_stmt *st;
	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(
	        sqlite3_prepare_v2(db,
	                           "SELECT j.value FROM " GRAMS_OF("?1", "?2") " j"
	                                                                       " ORDER BY 1",
	                           -1, &st, NULL),
	        SQLITE_OK);
	for (size_t t = 0; t < BM_ARRAY_LEN(texts); t++) {
		bm_sq_term *terms = NULL;
		size_t n = 0, i = 0;
		assert_int_equal(bm_sq_ngram_terms(texts[t][0], texts[t][1], &terms, &n), 0);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, texts[t][0], -1, SQLITE_STATIC);
		if (texts[t][1])
			sqlite3_bind_text(st, 2, texts[t][1], -1, SQLITE_STATIC);
		else
			sqlite3_bind_null(st, 2);
		while (sqlite3_step(st) == SQLITE_ROW) {
			assert_true(i < n);
			assert_string_equal(terms[i].text,
			                    (const char *)sqlite3_column_text(st, 0));
			i++;
		}
		assert_int_equal(i, n);
		assert_true(n > 0);
		bm_free(terms);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
}

/* The query plan's text of `sql` (every row's detail, joined by "; "), in `out`. */
static void raw_plan(sqlite3 *db, const char *sql, char *out, size_t size)
{
	char q[1024];
	sqlite3_stmt *st;
	size_t len = 0;
	snprintf(q, sizeof(q), "EXPLAIN QUERY PLAN %s", sql);
	assert_int_equal(sqlite3_prepare_v2(db, q, -1, &st, NULL), SQLITE_OK);
	out[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW && len + 1 < size) {
		int n = snprintf(out + len, size - len, "%s; ", sqlite3_column_text(st, 3));
		if (n < 0)
			break;
		len += (size_t)n;
	}
	sqlite3_finalize(st);
}

/*
 * Migration 50 (INV-4, issue 17 point 5): a change of status no longer
 * rewrites carrier_period_day, which keeps the day and the level; a
 * count's incomplete ticks have an index of their own; the
 * indexes that serve a read of the status without the row keep it; the
 * period alerts' range still names its index, and the departments' and
 * people's held carriers are still counted from an index alone.
 */
static void store_migration_49_period_index_leaves_status_alone(void **state)
{
	fx *f = *state;
	sqlite3 *db = raw_open(f);
	char plan[1024];
	sqlite3_stmt *st;

	assert_int_equal(raw_int(db, "SELECT count(*) FROM pragma_index_xinfo('carrier_period_day')"
	                             " WHERE name = 'status'"),
	                 0);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM pragma_index_xinfo('carrier_period_day')"
	                             " WHERE name = 'level' AND key"),
	                 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM pragma_index_info('carrier_level')"
	                             " WHERE name = 'status'"),
	                 1);
	assert_int_equal(raw_int(db, "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND"
	                             " name IN ('carrier_missing', 'carrier_sort_status',"
	                             " 'carrier_department_status', 'carrier_custodian_status')"),
	                 4);
	/* A count's incomplete ticks walked alone, not among all its ticks (INV-3). */
	raw_plan(db,
	         "SELECT carrier_id FROM count_item WHERE session_id = 1 AND state = 'incomplete'",
	         plan, sizeof(plan));
	assert_non_null(strstr(plan, "INDEX count_item_incomplete"));
	raw_plan(db,
	         "SELECT count(*) FROM carrier c WHERE c.department_id = 1"
	         " AND c.status IN ('in_store','lent','taken_out','circulating')",
	         plan, sizeof(plan));
	assert_non_null(strstr(plan, "COVERING INDEX carrier_department_status"));
	/* The period alerts' range (sqlite.c, alert_range_sql) still names its index. */
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT count(*) FROM carrier c INDEXED BY"
	                                    " carrier_period_day WHERE c.period_kind <> 'none'"
	                                    " AND c.level >= 2 AND " CARRIER_PERIOD_DAY
	                                    " >= '2026-01-01' AND " CARRIER_PERIOD_DAY
	                                    " <= '2026-12-31'",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        T(store_migrations_applied),
	        T(store_migration_49_period_index_leaves_status_alone),
	        T(store_reopen_is_idempotent),
	        T(store_session_touch_moves_forward_and_commits_alone),
	        cmocka_unit_test(store_open_refuses_other_abi_version),
	        cmocka_unit_test(store_open_accepts_same_abi_version),
	        T(store_refuses_newer_schema),
	        T(store_open_targets),
	        T(store_wal_and_synchronous_full),
	        T(store_read_snapshot_refuses_writes),
	        T(store_unit_first_kept_once_committed),
	        T(store_unit_insert_get_first),
	        T(org_2_store_rect_deadline_at_period_end_from_data_not_wording),
	        T(store_constraints_name_no_rule),
	        T(store_department_insert_get_find_list),
	        T(store_department_duplicate_name_conflicts),
	        T(store_department_list_beyond_initial_capacity),
	        T(store_person_insert_get_list),
	        T(store_person_update),
	        T(store_person_duplicate_username_conflicts),
	        T(store_person_find_by_username_and_unique_name),
	        T(store_role_grant_revoke),
	        T(store_place_insert_get_find_list),
	        T(store_carrier_insert_get_round_trip),
	        T(store_carrier_years_and_event_periods_round_trip),
	        T(reg_1_store_duplicate_serial_conflicts),
	        T(store_carrier_update),
	        T(store_history_insert_list_in_order),
	        T(store_rollback_discards_everything),
	        T(store_list_filters),
	        T(store_list_sorting),
	        T(store_list_paging_total_ignores_limit),
	        T(store_search_one_char_finds_every_match),
	        T(store_search_short_query_pages_keep_the_total),
	        T(store_search_two_chars_finds_every_match),
	        T(store_search_term_tally_follows_every_change),
	        T(store_migration_48_rebuilds_the_term_tally),
	        T(store_terms_in_c_are_grams_of),
	        T(store_search_three_or_more_chars_finds_every_match),
	        T(store_search_like_wildcards_are_literal),
	        T(sys_2_store_level_above_clearance_never_seen),
	        T(sys_2_store_outside_scope_not_seen),
	        T(sys_2_store_in_scope_by_department_person_or_custody),
	        T(sys_2_store_whole_ledger_sees_all_up_to_level),
	        T(sys_2_store_carrier_without_scope_visible_to_all),
	        T(store_audit_tail_on_empty_log),
	        T(store_audit_insert_foreach_in_order),
	        T(sys_3_store_audit_refuses_update_and_delete),
	        T(destroy_4_store_carriers_cannot_be_deleted),
	        T(store_policy_insert_current_list),
	};
	return cmocka_run_group_tests_name("store", tests, NULL, NULL);
}
