/*
 * test_audit.c — src/audit/audit.c: the hash chain of SYS-3.
 *
 * Each test builds a chain in a fresh SQLite file through the store
 * interface, closes the store, tampers with the file through SQLite itself
 * (as an intruder with file access would), then verifies.
 */
#include "common.h"

#include <inttypes.h>
#include <openssl/evp.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "audit/audit.h"
#include "util/timeutil.h"

#define N_EVENTS 5
#define T0       1767225600 /* 2026-01-01T00:00:00Z */
#define GENESIS  "0000000000000000000000000000000000000000000000000000000000000000"

typedef struct fixture {
	char dir[64];
	char db[128];
	char export_path[128];
} fixture;

/* ---- helpers ------------------------------------------------------------------ */

static void rm_file(const char *dir, const char *name)
{
	char path[160];
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	unlink(path);
}

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	if (!f)
		return -1;
	snprintf(f->dir, sizeof(f->dir), "/tmp/bm_audit_XXXXXX");
	if (!mkdtemp(f->dir)) {
		free(f);
		return -1;
	}
	snprintf(f->db, sizeof(f->db), "%s/audit.db", f->dir);
	snprintf(f->export_path, sizeof(f->export_path), "%s/export.jsonl", f->dir);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	static const char *const names[] = {"audit.db", "audit.db-wal", "audit.db-shm",
	                                    "audit.db-journal", "export.jsonl"};
	for (size_t i = 0; i < BM_ARRAY_LEN(names); i++)
		rm_file(f->dir, names[i]);
	rmdir(f->dir);
	free(f);
	bm_alloc_fail_after(-1);
	return 0;
}

static bm_store *open_store(const fixture *f)
{
	bm_store *s = NULL;
	assert_int_equal(bm_store_open(&s, f->db), 0);
	assert_non_null(s);
	return s;
}

/* Appends event number `i` (1-based) in a transaction of its own, as the services do. */
static void append_one(bm_store *s, int i)
{
	char actor[32], object[32], detail[64];
	int64_t seq = 0;
	bm_audit_event ev = {
	        .at = T0 + 60 * i,
	        .actor = actor,
	        .action = i % 2 ? "carrier.register" : "login",
	        .object = object,
	        .outcome = i == 4 ? "refused" : "ok",
	        .rule = i == 4 ? "KEEP-1" : "",
	        .detail = detail,
	};
	snprintf(actor, sizeof(actor), "user%d", i);
	snprintf(object, sizeof(object), "carrier:%d", i);
	snprintf(detail, sizeof(detail), "{\"n\":%d,\"title\":\"第%d号文件\"}", i, i);
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	assert_int_equal(bm_audit_append(s, &ev, &seq), 0);
	assert_int_equal(BM_STORE(s, commit)(s), 0);
	assert_int_equal(seq, i);
}

/* A chain of N_EVENTS events in the fixture's database (store closed afterwards). */
static void make_chain(const fixture *f)
{
	bm_store *s = open_store(f);
	for (int i = 1; i <= N_EVENTS; i++)
		append_one(s, i);
	bm_store_close(s);
}

/* Runs SQL on the closed database file directly, with the protective triggers dropped. */
static void tamper(const fixture *f, const char *sql)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	                              "DROP TRIGGER IF EXISTS audit_event_no_update;"
	                              "DROP TRIGGER IF EXISTS audit_event_no_delete;",
	                              NULL, NULL, &err),
	                 SQLITE_OK);
	if (sqlite3_exec(db, sql, NULL, NULL, &err) != SQLITE_OK) {
		print_error("tamper SQL failed: %s\n", err ? err : "?");
		sqlite3_free(err);
		sqlite3_close(db);
		fail();
	}
	sqlite3_close(db);
}

/* One text column of one row, copied into `out`. */
static void select_text(const fixture *f, const char *column, int64_t seq, char *out, size_t size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char sql[128];
	snprintf(sql, sizeof(sql), "SELECT %s FROM audit_event WHERE seq = ?", column);
	assert_int_equal(sqlite3_open(f->db, &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, seq);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	snprintf(out, size, "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static int verify_db(const fixture *f, bm_audit_verify_result *res)
{
	bm_store *s = open_store(f);
	int rc;
	bm_error_clear();
	rc = bm_audit_verify(s, res);
	bm_store_close(s);
	return rc;
}

/* Asserts that the database's chain is broken first at `bad_seq`, for a reason containing `why`. */
static void expect_broken_at(const fixture *f, int64_t bad_seq, const char *why)
{
	bm_audit_verify_result res;
	const bm_error *e;
	assert_int_equal(verify_db(f, &res), BM_ECORRUPT);
	assert_int_equal(res.first_bad_seq, bad_seq);
	assert_int_equal(res.count, bad_seq - 1);
	assert_string_equal(res.last_hash, "");
	if (why && !strstr(res.reason, why)) {
		print_error("reason '%s' lacks '%s'\n", res.reason, why);
		fail();
	}
	e = bm_error_last();
	assert_int_equal(e->klass, BM_ECORRUPT);
	assert_string_equal(e->code, "audit_chain_broken");
	assert_string_equal(e->rule, "SYS-3");
	assert_non_null(strstr(e->message, "审计链"));
	assert_non_null(strstr(e->message_en, "audit chain broken"));
}

/*
 * The chain rule computed here from the documentation, independently of
 * audit.c: lower-hex SM3(prev || "baomi-audit-v1\n" || len:field\n ...).
 */
static void doc_hash(const char *prev, int64_t seq, const char *const fields[8], char out[65])
{
	EVP_MD *md = EVP_MD_fetch(NULL, "SM3", NULL);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	char num[32];

	assert_non_null(md);
	assert_non_null(ctx);
	assert_int_equal(EVP_DigestInit_ex(ctx, md, NULL), 1);
	EVP_DigestUpdate(ctx, prev, strlen(prev));
	EVP_DigestUpdate(ctx, "baomi-audit-v1\n", 15);
	snprintf(num, sizeof(num), "%" PRId64, seq);
	for (int i = -1; i < 8; i++) {
		const char *v = i < 0 ? num : fields[i];
		char prefix[32];
		int n = snprintf(prefix, sizeof(prefix), "%zu:", strlen(v));
		EVP_DigestUpdate(ctx, prefix, (size_t)n);
		EVP_DigestUpdate(ctx, v, strlen(v));
		EVP_DigestUpdate(ctx, "\n", 1);
	}
	assert_int_equal(EVP_DigestFinal_ex(ctx, digest, &len), 1);
	assert_int_equal(len, 32);
	for (unsigned int i = 0; i < len; i++)
		snprintf(out + 2 * i, 3, "%02x", digest[i]);
	EVP_MD_CTX_free(ctx);
	EVP_MD_free(md);
}

static void export_db(const fixture *f)
{
	bm_store *s = open_store(f);
	FILE *out = fopen(f->export_path, "w");
	assert_non_null(out);
	assert_int_equal(bm_audit_export(s, out), 0);
	assert_int_equal(fclose(out), 0);
	bm_store_close(s);
}

static int verify_export_file(const fixture *f, bm_audit_verify_result *res)
{
	FILE *in = fopen(f->export_path, "r");
	int rc;
	assert_non_null(in);
	bm_error_clear();
	rc = bm_audit_verify_export(in, res);
	fclose(in);
	return rc;
}

#define MAX_LINES    16
#define LINE_MAX_LEN 1024

typedef struct lines {
	char text[MAX_LINES][LINE_MAX_LEN];
	int n;
} lines;

static void read_export(const fixture *f, lines *l)
{
	FILE *in = fopen(f->export_path, "r");
	assert_non_null(in);
	l->n = 0;
	while (l->n < MAX_LINES && fgets(l->text[l->n], LINE_MAX_LEN, in))
		l->n++;
	fclose(in);
}

static void write_export(const fixture *f, const lines *l)
{
	FILE *out = fopen(f->export_path, "w");
	assert_non_null(out);
	for (int i = 0; i < l->n; i++)
		fputs(l->text[i], out);
	fclose(out);
}

/* Replaces the first `from` in line `i` (0-based) with `to`. */
static void edit_line(lines *l, int i, const char *from, const char *to)
{
	char copy[LINE_MAX_LEN];
	char *at = strstr(l->text[i], from);
	assert_non_null(at);
	snprintf(copy, sizeof(copy), "%.*s%s%s", (int)(at - l->text[i]), l->text[i], to,
	         at + strlen(from));
	snprintf(l->text[i], LINE_MAX_LEN, "%s", copy);
}

static void expect_export_broken_at(const fixture *f, int64_t bad_seq, const char *why)
{
	bm_audit_verify_result res;
	assert_int_equal(verify_export_file(f, &res), BM_ECORRUPT);
	assert_int_equal(res.first_bad_seq, bad_seq);
	if (why && !strstr(res.reason, why)) {
		print_error("reason '%s' lacks '%s'\n", res.reason, why);
		fail();
	}
	assert_string_equal(bm_error_last()->code, "audit_chain_broken");
	assert_string_equal(bm_error_last()->rule, "SYS-3");
}

/* ---- an intact chain --------------------------------------------------------------- */

/* Issue 9 point 2: an emptied (or dropped and recreated) chain is not "intact". */
static void sys_3_empty_chain_is_not_intact(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	bm_store *s = open_store(f);
	bm_store_close(s);
	assert_int_equal(verify_db(f, &res), BM_ECORRUPT);
	assert_int_equal(res.count, 0);
	assert_int_equal(res.first_bad_seq, 1);
	assert_string_equal(res.last_hash, "");
	assert_string_equal(bm_error_last()->rule, "SYS-3");
	export_db(f);
	assert_int_equal(verify_export_file(f, &res), BM_ECORRUPT);
	assert_int_equal(res.first_bad_seq, 1);
}

static void sys_3_appended_events_verify_intact(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	char hash[128];
	make_chain(f);
	assert_int_equal(verify_db(f, &res), 0);
	assert_int_equal(res.count, N_EVENTS);
	assert_int_equal(res.first_bad_seq, 0);
	select_text(f, "hash", N_EVENTS, hash, sizeof(hash));
	assert_string_equal(res.last_hash, hash);
	select_text(f, "prev_hash", 1, hash, sizeof(hash));
	assert_string_equal(hash, GENESIS);
	select_text(f, "alg", 3, hash, sizeof(hash));
	assert_string_equal(hash, "sm3");
	select_text(f, "at", 2, hash, sizeof(hash));
	assert_string_equal(hash, "2026-01-01T00:02:00Z");
	/* verify reads only: the chain is unchanged and still extends */
	{
		bm_store *s = open_store(f);
		append_one(s, N_EVENTS + 1);
		bm_store_close(s);
	}
	assert_int_equal(verify_db(f, &res), 0);
	assert_int_equal(res.count, N_EVENTS + 1);
}

static void sys_3_hash_follows_the_documented_canonical_bytes(void **state)
{
	fixture *f = *state;
	/* The example in audit.h and docs/audit.md, with its published hash. */
	static const char *const fields[8] = {
	        "2026-01-01T00:00:00Z", "-", "login", "", "failed", "SYS-4", "{}", "sm3"};
	bm_audit_event ev = {.at = T0,
	                     .actor = NULL,
	                     .action = "login",
	                     .object = NULL,
	                     .outcome = "failed",
	                     .rule = "SYS-4",
	                     .detail = NULL};
	char want[65], stored[128], prev[128];
	bm_store *s = open_store(f);

	assert_int_equal(BM_STORE(s, begin)(s), 0);
	assert_int_equal(bm_audit_append(s, &ev, NULL), 0);
	assert_int_equal(BM_STORE(s, commit)(s), 0);
	append_one(s, 2);
	bm_store_close(s);

	doc_hash(GENESIS, 1, fields, want);
	assert_string_equal(want,
	                    "53f9657bc23709085d90f5b5ac99202e61ee547670ec25e06a14c55af6a0ca9d");
	select_text(f, "hash", 1, stored, sizeof(stored));
	assert_string_equal(stored, want);

	/* Event 2 chains on event 1's hash. */
	{
		static const char *const f2[8] = {"2026-01-01T00:02:00Z",
		                                  "user2",
		                                  "login",
		                                  "carrier:2",
		                                  "ok",
		                                  "",
		                                  "{\"n\":2,\"title\":\"第2号文件\"}",
		                                  "sm3"};
		select_text(f, "prev_hash", 2, prev, sizeof(prev));
		assert_string_equal(prev, want);
		doc_hash(want, 2, f2, want);
		select_text(f, "hash", 2, stored, sizeof(stored));
		assert_string_equal(stored, want);
	}
}

static void sys_3_fields_with_separators_and_bad_utf8_still_verify(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	char actor[64];
	/* Length prefixes keep "1:x\n" inside a field from reading as a field boundary. */
	bm_audit_event ev = {.at = T0,
	                     .actor = "a\xff"
	                              "b",
	                     .action = "x\n3:sm3\n",
	                     .object = "1:2:3",
	                     .outcome = "ok",
	                     .rule = "",
	                     .detail = "{\"k\":\"\\n\"}"};
	bm_store *s = open_store(f);
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	assert_int_equal(bm_audit_append(s, &ev, NULL), 0);
	assert_int_equal(BM_STORE(s, commit)(s), 0);
	bm_store_close(s);
	select_text(f, "actor", 1, actor, sizeof(actor));
	assert_string_equal(actor, "a\xef\xbf\xbd"
	                           "b"); /* U+FFFD replaces the bad byte */
	assert_int_equal(verify_db(f, &res), 0);
	assert_int_equal(res.count, 1);
	export_db(f);
	assert_int_equal(verify_export_file(f, &res), 0);
	assert_int_equal(res.count, 1);
}

/* ---- tampering with the database ---------------------------------------------------- */

/* A chain of n events appended in one transaction (long enough to span many hash blocks). */
static void make_long_chain(const fixture *f, int n)
{
	bm_store *s = open_store(f);
	bm_audit_event ev = {.actor = "clerk",
	                     .action = "carrier.show",
	                     .outcome = "ok",
	                     .rule = "",
	                     .detail = "{}"};
	char object[32];
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	for (int i = 1; i <= n; i++) {
		snprintf(object, sizeof(object), "carrier:%d", i);
		ev.at = T0 + i;
		ev.object = object;
		assert_int_equal(bm_audit_append(s, &ev, NULL), 0);
	}
	assert_int_equal(BM_STORE(s, commit)(s), 0);
	bm_store_close(s);
}

/*
 * verify reads and hashes on two threads, in blocks of rows: over a chain of
 * many blocks the first fault is still the one reported, whichever side finds
 * it — an altered event before a broken sequence, a broken sequence before an
 * altered event.
 */
static void sys_3_long_chain_reports_the_first_fault(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	make_long_chain(f, 1000);
	assert_int_equal(verify_db(f, &res), 0);
	assert_int_equal(res.count, 1000);
	tamper(f, "UPDATE audit_event SET object = 'carrier:x' WHERE seq = 600;"
	          "DELETE FROM audit_event WHERE seq = 900");
	expect_broken_at(f, 600, "altered");
	tamper(f, "DELETE FROM audit_event WHERE seq = 300");
	expect_broken_at(f, 300, "missing");
}

static void sys_3_altered_row_breaks_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "UPDATE audit_event SET actor = 'mallory' WHERE seq = 3");
	expect_broken_at(f, 3, "do not match its hash");
}

static void sys_3_altering_any_field_breaks_chain(void **state)
{
	fixture *f = *state;
	static const char *const columns[] = {"at",   "actor",  "action", "object",    "outcome",
	                                      "rule", "detail", "alg",    "prev_hash", "hash"};
	for (size_t i = 0; i < BM_ARRAY_LEN(columns); i++) {
		char sql[160];
		teardown(state);
		assert_int_equal(setup(state), 0);
		f = *state;
		make_chain(f);
		/* One character more is the smallest change; the hash columns get a valid-looking
		 * hash. */
		if (strstr(columns[i], "hash"))
			snprintf(
			        sql, sizeof(sql), "UPDATE audit_event SET %s = '%s' WHERE seq = 3",
			        columns[i],
			        "1111111111111111111111111111111111111111111111111111111111111111");
		else
			snprintf(sql, sizeof(sql),
			         "UPDATE audit_event SET %s = %s || ' ' WHERE seq = 3", columns[i],
			         columns[i]);
		tamper(f, sql);
		expect_broken_at(f, 3, NULL);
	}
}

static void sys_3_rehashed_altered_row_breaks_next_link(void **state)
{
	fixture *f = *state;
	static const char *const fields[8] = {"2026-01-01T00:03:00Z",
	                                      "mallory",
	                                      "carrier.register",
	                                      "carrier:3",
	                                      "ok",
	                                      "",
	                                      "{\"n\":3,\"title\":\"第3号文件\"}",
	                                      "sm3"};
	char prev[128], forged[65], sql[256];
	make_chain(f);
	/* The intruder knows the format and recomputes event 3's hash after changing it. */
	select_text(f, "hash", 2, prev, sizeof(prev));
	doc_hash(prev, 3, fields, forged);
	snprintf(sql, sizeof(sql),
	         "UPDATE audit_event SET actor = 'mallory', hash = '%s' WHERE seq = 3", forged);
	tamper(f, sql);
	expect_broken_at(f, 4, "prev_hash does not match the hash of event 3");
}

static void sys_3_deleted_row_breaks_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "DELETE FROM audit_event WHERE seq = 3");
	expect_broken_at(f, 3, "event 3 is missing");
}

static void sys_3_deleted_and_renumbered_rows_break_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "DELETE FROM audit_event WHERE seq = 3;"
	          "UPDATE audit_event SET seq = seq - 1 WHERE seq > 3;");
	expect_broken_at(f, 3, NULL);
}

static void sys_3_deleted_first_row_breaks_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "DELETE FROM audit_event WHERE seq = 1");
	expect_broken_at(f, 1, "event 1 is missing");
}

static void sys_3_inserted_row_breaks_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	/* Make room at seq 3 and forge an event there, linked to event 2. */
	tamper(f, "UPDATE audit_event SET seq = seq + 100 WHERE seq >= 3;"
	          "UPDATE audit_event SET seq = seq - 99 WHERE seq >= 103;"
	          "INSERT INTO audit_event SELECT 3, at, 'mallory', 'carrier.destroy', 'carrier:1',"
	          " 'ok', '', '{}', alg, hash,"
	          " '2222222222222222222222222222222222222222222222222222222222222222'"
	          " FROM audit_event WHERE seq = 2;");
	expect_broken_at(f, 3, "do not match its hash");
}

static void sys_3_inserted_row_with_valid_hash_breaks_next_event(void **state)
{
	fixture *f = *state;
	static const char *const fields[8] = {"2026-01-01T00:02:30Z",
	                                      "mallory",
	                                      "carrier.destroy",
	                                      "carrier:1",
	                                      "ok",
	                                      "",
	                                      "{}",
	                                      "sm3"};
	char prev[128], forged[65], sql[768];
	make_chain(f);
	/* Even a forged event whose own hash is right cannot be slipped in: seq is hashed. */
	select_text(f, "hash", 2, prev, sizeof(prev));
	doc_hash(prev, 3, fields, forged);
	snprintf(
	        sql, sizeof(sql),
	        "UPDATE audit_event SET seq = seq + 100 WHERE seq >= 3;"
	        "UPDATE audit_event SET seq = seq - 99 WHERE seq >= 103;"
	        "INSERT INTO audit_event VALUES (3, '%s', '%s', '%s', '%s', '%s', '%s', '%s', '%s',"
	        " '%s', '%s');",
	        fields[0], fields[1], fields[2], fields[3], fields[4], fields[5], fields[6],
	        fields[7], prev, forged);
	tamper(f, sql);
	expect_broken_at(f, 4, "prev_hash does not match the hash of event 3");
}

static void sys_3_forged_row_appended_with_bad_hash_breaks_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "INSERT INTO audit_event SELECT seq + 1, at, 'mallory', 'login', '', 'ok', '',"
	          " '{}', alg, hash,"
	          " '3333333333333333333333333333333333333333333333333333333333333333'"
	          " FROM audit_event WHERE seq = 5;");
	expect_broken_at(f, 6, "do not match its hash");
}

static void sys_3_reordered_rows_break_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "UPDATE audit_event SET seq = -2 WHERE seq = 2;"
	          "UPDATE audit_event SET seq = 2 WHERE seq = 4;"
	          "UPDATE audit_event SET seq = 4 WHERE seq = -2;");
	expect_broken_at(f, 2, NULL);
}

static void sys_3_unknown_algorithm_breaks_chain(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "UPDATE audit_event SET alg = 'md5' WHERE seq = 2");
	expect_broken_at(f, 2, "unknown hash algorithm 'md5'");
}

static void sys_3_cut_off_tail_shows_only_in_last_hash(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result before, after;
	make_chain(f);
	assert_int_equal(verify_db(f, &before), 0);
	tamper(f, "DELETE FROM audit_event WHERE seq = 5");
	/* A prefix of a chain is a valid chain: the recorded last hash is what exposes the cut. */
	assert_int_equal(verify_db(f, &after), 0);
	assert_int_equal(after.count, N_EVENTS - 1);
	assert_string_not_equal(after.last_hash, before.last_hash);
}

static void sys_3_append_refuses_a_broken_tail(void **state)
{
	fixture *f = *state;
	bm_audit_event ev = {.at = T0, .actor = "x", .action = "login"};
	bm_store *s;
	make_chain(f);
	tamper(f, "UPDATE audit_event SET hash = 'not a hash' WHERE seq = 5");
	s = open_store(f);
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	assert_int_equal(bm_audit_append(s, &ev, NULL), BM_ECORRUPT);
	assert_string_equal(bm_error_last()->code, "audit_chain_broken");
	BM_STORE(s, rollback)(s);
	bm_store_close(s);
}

/* ---- export ---------------------------------------------------------------------------- */

static void sys_3_export_then_verify_export_intact(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result db_res, file_res;
	lines l;
	make_chain(f);
	assert_int_equal(verify_db(f, &db_res), 0);
	export_db(f);
	read_export(f, &l);
	assert_int_equal(l.n, N_EVENTS);
	assert_non_null(strstr(l.text[0], "{\"seq\":1,\"at\":\"2026-01-01T00:01:00Z\","
	                                  "\"actor\":\"user1\",\"action\":\"carrier.register\","));
	assert_non_null(strstr(l.text[0], "\"detail\":\"{\\\"n\\\":1,"));
	assert_non_null(strstr(l.text[0], "\"prev_hash\":\"" GENESIS "\""));
	assert_int_equal(verify_export_file(f, &file_res), 0);
	assert_int_equal(file_res.count, N_EVENTS);
	assert_string_equal(file_res.last_hash, db_res.last_hash);
}

static void sys_3_altered_export_line_fails(void **state)
{
	fixture *f = *state;
	lines l;
	make_chain(f);
	export_db(f);
	read_export(f, &l);
	edit_line(&l, 2, "\"actor\":\"user3\"", "\"actor\":\"user9\"");
	write_export(f, &l);
	expect_export_broken_at(f, 3, "do not match its hash");
}

static void sys_3_deleted_export_line_fails(void **state)
{
	fixture *f = *state;
	lines l;
	make_chain(f);
	export_db(f);
	read_export(f, &l);
	memmove(l.text[2], l.text[3], sizeof(l.text[0]) * (size_t)(l.n - 3));
	l.n--;
	write_export(f, &l);
	expect_export_broken_at(f, 3, "event 3 is missing");
}

static void sys_3_swapped_export_lines_fail(void **state)
{
	fixture *f = *state;
	char tmp[LINE_MAX_LEN];
	lines l;
	make_chain(f);
	export_db(f);
	read_export(f, &l);
	memcpy(tmp, l.text[1], sizeof(tmp));
	memcpy(l.text[1], l.text[3], sizeof(tmp));
	memcpy(l.text[3], tmp, sizeof(tmp));
	write_export(f, &l);
	expect_export_broken_at(f, 2, "event 2 is missing");
}

static void sys_3_malformed_export_lines_fail(void **state)
{
	fixture *f = *state;
	static const struct {
		const char *from, *to, *why;
	} edits[] = {
	        {"\"seq\":3", "\"seq\":\"3\"", "does not hold exactly the keys"},
	        {"\"rule\":\"\",", "", "does not hold exactly the keys"},
	        {"\"alg\":\"sm3\"", "\"alg\":\"sm3\",\"note\":\"x\"",
	         "does not hold exactly the keys"},
	        {"\"alg\":\"sm3\"", "\"alg\":\"sm3\",\"alg\":\"sm3\"", "not a JSON object"},
	        {"{\"seq\":3", "[\"seq\",3", "not a JSON object"},
	        {"\"actor\":\"user3\"", "\"actor\":\"user\\u00003\"", NULL},
	};
	for (size_t i = 0; i < BM_ARRAY_LEN(edits); i++) {
		lines l;
		teardown(state);
		assert_int_equal(setup(state), 0);
		f = *state;
		make_chain(f);
		export_db(f);
		read_export(f, &l);
		edit_line(&l, 2, edits[i].from, edits[i].to);
		write_export(f, &l);
		expect_export_broken_at(f, 3, edits[i].why);
	}
}

static void sys_3_export_of_tampered_chain_fails_verify_export(void **state)
{
	fixture *f = *state;
	make_chain(f);
	tamper(f, "UPDATE audit_event SET outcome = 'ok', rule = '' WHERE seq = 4");
	export_db(f); /* export writes what is stored, broken or not */
	expect_export_broken_at(f, 4, "do not match its hash");
}

/* ---- running out of memory ----------------------------------------------------------------- */

static void sys_3_allocation_failures_never_break_the_chain(void **state)
{
	fixture *f = *state;
	bm_audit_verify_result res;
	int64_t appended = 0;
	bm_store *s = open_store(f);
	bm_audit_event ev = {.at = T0, .actor = "a\xff", .action = "login", .detail = "{}"};

	/* Fail the Nth allocation for growing N until an append gets through. */
	for (long n = 0; n < 200; n++) {
		int rc;
		assert_int_equal(BM_STORE(s, begin)(s), 0);
		bm_alloc_fail_after(n);
		rc = bm_audit_append(s, &ev, NULL);
		bm_alloc_fail_after(-1);
		if (rc == 0) {
			assert_true(n > 0); /* the first attempts did meet a failure */
			assert_int_equal(BM_STORE(s, commit)(s), 0);
			appended++;
			break;
		}
		assert_int_equal(rc, BM_ENOMEM);
		BM_STORE(s, rollback)(s);
	}
	assert_int_equal(appended, 1);
	append_one(s, 2);
	append_one(s, 3);

	for (long n = 0; n < 200; n++) {
		int rc;
		bm_alloc_fail_after(n);
		rc = bm_audit_verify(s, &res);
		bm_alloc_fail_after(-1);
		if (rc == 0)
			break;
		assert_int_equal(rc, BM_ENOMEM);
	}
	assert_int_equal(bm_audit_verify(s, &res), 0);
	assert_int_equal(res.count, 3);
	bm_store_close(s);

	export_db(f);
	for (long n = 0; n < 200; n++) {
		FILE *in = fopen(f->export_path, "r");
		int rc;
		assert_non_null(in);
		bm_alloc_fail_after(n);
		rc = bm_audit_verify_export(in, &res);
		bm_alloc_fail_after(-1);
		fclose(in);
		if (rc == 0)
			break;
		assert_int_equal(rc, BM_ENOMEM);
	}
	assert_int_equal(verify_export_file(f, &res), 0);
	assert_int_equal(res.count, 3);
}

/* ---- issue 17 point 5: bound rows, then one bound set past the threshold ------ */

/* What the synthetic bound_take hands out: carriers 1..n_carriers, loans 1..n_loans. */
static size_t synth_carriers, synth_loans;

/* Row `id`'s canonical bytes in the synthetic take (every 7th carrier deleted). */
static int synth_bytes(const char *table, int64_t id, char *buf, size_t size)
{
	if (strcmp(table, "carrier") == 0 && id % 7 == 0)
		return -1;
	return snprintf(buf, size, "row %s %" PRId64, table, id);
}

static int synth_take(bm_store *s, bm_bound_row_cb cb, void *ctx)
{
	static const char *const tables[] = {"carrier", "loan"};
	const size_t counts[] = {synth_carriers, synth_loans};
	char buf[64];
	(void)s;
	for (size_t t = 0; t < 2; t++)
		for (int64_t id = 1; id <= (int64_t)counts[t]; id++) {
			int n = synth_bytes(tables[t], id, buf, sizeof(buf));
			int rc = cb(ctx, tables[t], id, n < 0 ? NULL : (const unsigned char *)buf,
			            n < 0 ? 0 : (size_t)n);
			if (rc)
				return rc;
		}
	return 0;
}

static void sm3_hex(const void *p, size_t n, char hex[BM_AUDIT_HASH_HEX + 1])
{
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	assert_int_equal(EVP_Digest(p, n, d, &len, EVP_sm3(), NULL), 1);
	assert_int_equal(len, 32);
	for (unsigned i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

/* The set digest docs/audit.md § 4b specifies, computed here independently. */
static void expected_set(const char *table, size_t n, char hex[BM_AUDIT_HASH_HEX + 1])
{
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	unsigned char d[EVP_MAX_MD_SIZE];
	unsigned len = 0;
	char head[64], row[64], rowhex[BM_AUDIT_HASH_HEX + 1];
	int k;
	assert_non_null(c);
	assert_int_equal(EVP_DigestInit_ex(c, EVP_sm3(), NULL), 1);
	k = snprintf(head, sizeof(head), "baomi-set-v1\n%zu:%s\n", strlen(table), table);
	EVP_DigestUpdate(c, head, (size_t)k);
	for (int64_t id = 1; id <= (int64_t)n; id++) {
		char num[32];
		int rn = synth_bytes(table, id, row, sizeof(row));
		snprintf(num, sizeof(num), "%" PRId64, id);
		if (rn < 0)
			strcpy(rowhex, "-");
		else
			sm3_hex(row, (size_t)rn, rowhex);
		k = snprintf(head, sizeof(head), "%zu:%s\n%zu:", strlen(num), num, strlen(rowhex));
		EVP_DigestUpdate(c, head, (size_t)k);
		EVP_DigestUpdate(c, rowhex, strlen(rowhex));
		EVP_DigestUpdate(c, "\n", 1);
	}
	assert_int_equal(EVP_DigestFinal_ex(c, d, &len), 1);
	EVP_MD_CTX_free(c);
	for (unsigned i = 0; i < len; i++)
		snprintf(hex + 2 * i, 3, "%02x", d[i]);
}

typedef struct last_detail {
	int64_t seq;
	char *detail;
} last_detail;

static int keep_detail(const bm_audit_row *r, void *p)
{
	last_detail *l = p;
	free(l->detail);
	l->detail = strdup(r->detail);
	l->seq = r->seq;
	return l->detail ? 0 : -1;
}

/* The chunks the store kept for one event: their sizes, ids and digests checked. */
typedef struct chunks_seen {
	int64_t seq;
	size_t chunks, rows, sizes[8];
	bool ok;
} chunks_seen;

static int see_chunk(void *p, int64_t seq, const char *table, int64_t chunk, const int64_t *ids,
                     const unsigned char *digests, size_t n)
{
	chunks_seen *cs = p;
	static const unsigned char zero[BM_BOUND_DIGEST] = {0};
	if (seq != cs->seq)
		return 0;
	if (strcmp(table, "carrier") != 0 || chunk != (int64_t)cs->chunks || cs->chunks >= 8)
		cs->ok = false;
	else
		cs->sizes[cs->chunks] = n;
	for (size_t i = 0; i < n; i++) {
		int64_t want = (int64_t)(cs->rows + i + 1);
		char row[64], hex[BM_AUDIT_HASH_HEX + 1], got[BM_AUDIT_HASH_HEX + 1];
		int rn = synth_bytes("carrier", want, row, sizeof(row));
		if (ids[i] != want) {
			cs->ok = false;
			continue;
		}
		if (rn < 0) {
			if (memcmp(digests + i * BM_BOUND_DIGEST, zero, BM_BOUND_DIGEST) != 0)
				cs->ok = false;
			continue;
		}
		sm3_hex(row, (size_t)rn, hex);
		for (size_t k = 0; k < BM_BOUND_DIGEST; k++)
			snprintf(got + 2 * k, 3, "%02x", digests[i * BM_BOUND_DIGEST + k]);
		if (strcmp(got, hex) != 0)
			cs->ok = false;
	}
	cs->rows += n;
	cs->chunks++;
	return 0;
}

/* Appends one event whose use case "wrote" the synthetic rows; returns its detail. */
static void append_synth(bm_store *s, size_t carriers, size_t loans, last_detail *out)
{
	struct bm_store_ops fake = *s->ops;
	const struct bm_store_ops *real = s->ops;
	bm_audit_event ev = {.at = T0,
	                     .actor = "clerk",
	                     .action = "count.close",
	                     .object = "count:1",
	                     .outcome = "ok",
	                     .detail = "{\"n\":1}"};
	int64_t seq = 0;
	synth_carriers = carriers;
	synth_loans = loans;
	fake.bound_take = synth_take;
	assert_int_equal(BM_STORE(s, begin)(s), 0);
	s->ops = &fake;
	assert_int_equal(bm_audit_append(s, &ev, &seq), 0);
	s->ops = real;
	assert_int_equal(BM_STORE(s, commit)(s), 0);
	assert_int_equal(BM_STORE(s, audit_foreach)(s, keep_detail, out), 0);
	assert_int_equal(out->seq, seq);
}

/*
 * SYS-3, issue 17 point 5: up to BM_BOUND_SET_MIN rows of a table an event
 * lists each row under "bound_rows"; one more, and the table's rows become
 * one "bound_sets" entry (count, first and last id, the set digest of
 * docs/audit.md § 4b) whose row digests the store keeps in chunks of
 * BM_BOUND_CHUNK; a table under the threshold in the same event stays row
 * by row. The detail no longer grows with the rows, and every event, per
 * row or per set, verifies.
 */
static void sys_3_bound_rows_up_to_the_threshold_then_one_set(void **state)
{
	fixture *f = *state;
	bm_store *s = open_store(f);
	last_detail l = {0};
	bm_audit_verify_result res;
	char digest[BM_AUDIT_HASH_HEX + 1], want[256];
	chunks_seen cs = {.ok = true};
	size_t big = 2 * BM_BOUND_CHUNK + 452;

	/* At the threshold: every row its own entry ("-" for a deleted one). */
	append_synth(s, BM_BOUND_SET_MIN, 2, &l);
	assert_null(strstr(l.detail, "bound_sets"));
	assert_non_null(strstr(l.detail, "\"bound_rows\":[[\"carrier\",1,\""));
	assert_non_null(strstr(l.detail, "[\"carrier\",7,\"-\"]"));
	snprintf(want, sizeof(want), "[\"carrier\",%d,\"", BM_BOUND_SET_MIN);
	assert_non_null(strstr(l.detail, want));
	assert_non_null(strstr(l.detail, "[\"loan\",2,\""));

	/* Past it: one set for the carriers, the loans still row by row. */
	append_synth(s, big, 3, &l);
	expected_set("carrier", big, digest);
	snprintf(want, sizeof(want), "\"bound_sets\":[[\"carrier\",%zu,1,%zu,\"%s\"]]}", big, big,
	         digest);
	assert_non_null(strstr(l.detail, want));
	assert_null(strstr(l.detail, "[\"carrier\",1,"));
	assert_non_null(strstr(l.detail, "\"bound_rows\":[[\"loan\",1,\""));
	assert_non_null(strstr(l.detail, "[\"loan\",3,\""));
	assert_true(strlen(l.detail) < 1024); /* not ~90 bytes a carrier */

	/* The kept digests: chunks 0, 1, 2 of 1024, 1024 and 452 rows, in id order. */
	cs.seq = l.seq;
	assert_int_equal(BM_STORE(s, bound_set_scan)(s, see_chunk, &cs), 0);
	assert_true(cs.ok);
	assert_int_equal(cs.chunks, 3);
	assert_int_equal(cs.sizes[0], BM_BOUND_CHUNK);
	assert_int_equal(cs.sizes[1], BM_BOUND_CHUNK);
	assert_int_equal(cs.sizes[2], 452);
	assert_int_equal(cs.rows, big);

	/* One row over the threshold is already a set. */
	append_synth(s, BM_BOUND_SET_MIN + 1, 0, &l);
	expected_set("carrier", BM_BOUND_SET_MIN + 1, digest);
	snprintf(want, sizeof(want), "{\"n\":1,\"bound_sets\":[[\"carrier\",%d,1,%d,\"%s\"]]}",
	         BM_BOUND_SET_MIN + 1, BM_BOUND_SET_MIN + 1, digest);
	assert_string_equal(l.detail, want);

	assert_int_equal(bm_audit_verify(s, &res), 0);
	assert_int_equal(res.count, 3);
	free(l.detail);
	bm_store_close(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	        T(sys_3_empty_chain_is_not_intact),
	        T(sys_3_appended_events_verify_intact),
	        T(sys_3_hash_follows_the_documented_canonical_bytes),
	        T(sys_3_fields_with_separators_and_bad_utf8_still_verify),
	        T(sys_3_altered_row_breaks_chain),
	        T(sys_3_long_chain_reports_the_first_fault),
	        T(sys_3_altering_any_field_breaks_chain),
	        T(sys_3_rehashed_altered_row_breaks_next_link),
	        T(sys_3_deleted_row_breaks_chain),
	        T(sys_3_deleted_and_renumbered_rows_break_chain),
	        T(sys_3_deleted_first_row_breaks_chain),
	        T(sys_3_inserted_row_breaks_chain),
	        T(sys_3_inserted_row_with_valid_hash_breaks_next_event),
	        T(sys_3_forged_row_appended_with_bad_hash_breaks_chain),
	        T(sys_3_reordered_rows_break_chain),
	        T(sys_3_unknown_algorithm_breaks_chain),
	        T(sys_3_cut_off_tail_shows_only_in_last_hash),
	        T(sys_3_append_refuses_a_broken_tail),
	        T(sys_3_export_then_verify_export_intact),
	        T(sys_3_altered_export_line_fails),
	        T(sys_3_deleted_export_line_fails),
	        T(sys_3_swapped_export_lines_fail),
	        T(sys_3_malformed_export_lines_fail),
	        T(sys_3_export_of_tampered_chain_fails_verify_export),
	        T(sys_3_allocation_failures_never_break_the_chain),
	        T(sys_3_bound_rows_up_to_the_threshold_then_one_set),
#undef T
	};
	/*
	 * Each chain here is appended inside transactions, each append opening a
	 * statement journal whose first chunk is the store's spill size (1 MiB,
	 * SQ_JOURNAL_SPILL): under ASan an mmap, 128 KiB of poisoned shadow and
	 * a munmap each (13.3 s of CPU against 10.1 s with the default below;
	 * 21.6 s at the former 8 MiB). What is tested is the chain, not how a journal
	 * spills: SQLite's default spill (64 KiB) for this process, set before
	 * any store opens, which then leaves it (sq_config_once).
	 */
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, 64 * 1024);
	(void)sqlite3_initialize();
	return cmocka_run_group_tests_name("audit", tests, NULL, NULL);
}
