/*
 * test_faults.c — faults leave it serving (issue 9 point 5): a disk that
 * fills up under the store fails the use case with "disk_full" (zh and en),
 * loses nothing acknowledged, keeps the audit chain intact, and the very
 * same store handle (no reopen, no restart) serves again as soon as the
 * space is back: the pipeline's writer is not left inside a transaction.
 *
 * The full disk is tests/tools/nospace.c, linked in: while
 * "<db>.full" exists, writes to the database and its log fail with ENOSPC,
 * as the kernel answers on a full file system; SQLite reports SQLITE_FULL.
 *
 * And a damaged file is told from a check that could not run (SYS-3: the
 * evidence is not served from a damaged store; the server's state comes from
 * bm_svc_integrity): a page SQLite cannot read, which stops its integrity
 * check with SQLITE_CORRUPT after its first findings, and a file it no
 * longer reads as a database (SQLITE_NOTADB) are "database_corrupt"; a disk
 * that cannot read (nospace.c's "<db>.eio": EIO, SQLITE_IOERR_READ) is not.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "msg_check.h"

#include "audit/audit.h"
#include "fixture.h"
#include "store/pipeline.h"

static char flag[200];

static void disk_full(bool full)
{
	if (full) {
		FILE *f = fopen(flag, "w");
		assert_non_null(f);
		fclose(f);
	} else {
		assert_int_equal(unlink(flag), 0);
	}
}

static int register_one(const char *title, int64_t *id)
{
	svc_fx *fx = svc_fx_get();
	bm_arena arena;
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_input in = {
	        .title = title, .level = "秘密", .place = "机要室保密柜", .scope = "dept:办公室"};
	int rc;
	bm_arena_init(&arena, 0);
	svc_fx_ctx(&ctx, &arena, fx->clerk);
	rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
	if (rc == 0 && id)
		*id = c->id;
	bm_arena_release(&arena);
	return rc;
}

static int show_one(int64_t id)
{
	svc_fx *fx = svc_fx_get();
	bm_arena arena;
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_event *ev = NULL;
	size_t n = 0;
	int rc;
	bm_arena_init(&arena, 0);
	svc_fx_ctx(&ctx, &arena, fx->clerk);
	rc = bm_svc_carrier_show(&ctx, id, &c, &ev, &n);
	bm_arena_release(&arena);
	return rc;
}

static void expect_disk_full(int rc)
{
	const bm_error *e = bm_error_last();
	if (rc != BM_ERROR || strcmp(e->code, "disk_full") != 0)
		fail_msg("expected disk_full, got %d (%s: %s)", rc, e->code, e->message_en);
	assert_bilingual(e->message, e->message_en, false);
}

static void a_full_disk_fails_with_disk_full_and_the_store_serves_once_freed(void **state)
{
	svc_fx *fx = svc_fx_get();
	int64_t before, acked = 0, after_id = 0;
	fx_audit a0, a1, a2;
	bm_audit_verify_result v;
	(void)state;

	assert_int_equal(register_one("满盘之前登记的文件", &acked), 0);
	before = svc_fx_carrier_count();
	svc_fx_audit_last(&a0);

	disk_full(true);
	for (int i = 0; i < 3; i++) { /* again and again: nothing sticks */
		expect_disk_full(register_one("满盘时登记的文件", NULL));
		expect_disk_full(show_one(acked)); /* a read cannot be audited either */
	}
	disk_full(false);

	/* Nothing half-written, nothing acknowledged lost, the chain intact. */
	assert_int_equal(svc_fx_carrier_count(), before);
	svc_fx_audit_last(&a1);
	assert_int_equal(a1.count, a0.count);
	assert_int_equal(bm_audit_verify(fx->store, &v), 0);
	assert_int_equal(v.first_bad_seq, 0);
	assert_int_equal(v.count, a1.count);

	/* The same handle serves again: no "transaction already open". */
	assert_int_equal(register_one("满盘之后登记的文件", &after_id), 0);
	assert_true(after_id > acked);
	assert_int_equal(show_one(acked), 0);
	assert_int_equal(svc_fx_carrier_count(), before + 1);
	svc_fx_audit_last(&a2);
	assert_int_equal(a2.count, a1.count + 2);
	assert_string_equal(a2.action, "carrier.show");
	assert_int_equal(bm_audit_verify(fx->store, &v), 0);
	assert_int_equal(v.first_bad_seq, 0);
	assert_int_equal(v.count, a2.count);
}

/* One use case on the pipeline: an audit event (its only write), then leave. */
typedef struct member {
	bm_pipeline *pipe;
	const char *action;
	int rc;
	char code[64];
} member;

static int append(bm_store *w, const char *action)
{
	bm_audit_event ev = {.at = svc_fx_get()->now,
	                     .actor = "test",
	                     .action = action,
	                     .object = "",
	                     .outcome = "ok",
	                     .rule = "",
	                     .detail = "{}"};
	return bm_audit_append(w, &ev, NULL);
}

static void *member_main(void *arg)
{
	member *m = arg;
	bm_store *w;
	if ((m->rc = bm_pipeline_enter(m->pipe, &w)) == 0) {
		int lrc;
		m->rc = append(w, m->action);
		lrc = bm_pipeline_leave(m->pipe);
		m->rc = m->rc ? m->rc : lrc;
	}
	snprintf(m->code, sizeof(m->code), "%s", m->rc ? bm_error_last()->code : "");
	return NULL;
}

/*
 * The pipeline itself: a batch of two use cases whose commit finds the disk
 * full. The first has left into the batch and waits; the second commits for
 * both, the commit fails, and both are told disk_full (neither is
 * acknowledged, neither event is kept). The writer is left outside any
 * transaction: the next batch, once space is back, commits on it.
 */
static void a_batch_whose_commit_finds_the_disk_full_fails_whole_and_the_next_commits(void **state)
{
	svc_fx *fx = svc_fx_get();
	bm_pipeline *p = bm_store_pipeline(fx->store);
	member b = {.pipe = p, .action = "test.b"}, c = {.pipe = p, .action = "test.c"};
	pthread_t tb;
	bm_store *w;
	fx_audit a0, a1;
	bm_audit_verify_result v;
	int64_t batches0, batches1, ucs;
	(void)state;

	svc_fx_audit_last(&a0);
	bm_pipeline_stats(p, &batches0, &ucs);
	assert_int_equal(bm_pipeline_enter(p, &w), 0); /* a: holds the writer */
	assert_int_equal(append(w, "test.a"), 0);
	assert_int_equal(pthread_create(&tb, NULL, member_main, &b), 0);
	for (int i = 0; i < 5000 && bm_pipeline_waiting(p) < 1; i++)
		usleep(1000);
	assert_int_equal(bm_pipeline_waiting(p), 1);
	disk_full(true);
	{
		int rc = bm_pipeline_leave(p); /* a is followed by b: b commits for both */
		assert_int_equal(pthread_join(tb, NULL), 0);
		expect_disk_full(rc);
	}
	assert_int_equal(b.rc, BM_ERROR);
	assert_string_equal(b.code, "disk_full");
	member_main(&c); /* still full: a batch of its own fails the same way */
	assert_string_equal(c.code, "disk_full");
	disk_full(false);

	svc_fx_audit_last(&a1);
	assert_int_equal(a1.count, a0.count); /* nothing of the failed batches */
	bm_pipeline_stats(p, &batches1, &ucs);
	assert_int_equal(batches1, batches0);

	c.action = "test.after";
	member_main(&c);
	assert_int_equal(c.rc, 0);
	svc_fx_audit_last(&a1);
	assert_int_equal(a1.count, a0.count + 1);
	assert_string_equal(a1.action, "test.after");
	assert_int_equal(bm_audit_verify(fx->store, &v), 0);
	assert_int_equal(v.count, a1.count);
}

/* A self-contained copy of the fixture's database, `name` in its directory. */
static void copy_db(char *dest, size_t size, const char *name)
{
	svc_fx *fx = svc_fx_get();
	bm_store_backup_info info;
	snprintf(dest, size, "%s/%s", fx->dir, name);
	unlink(dest);
	assert_int_equal(BM_STORE(fx->store, backup)(fx->store, dest, &info), 0);
}

/* The first leaf page of `table`'s b-tree that is not its root (0: none); its page size. */
static int64_t inner_leaf(const char *path, const char *table, int64_t *page_size)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	int64_t page = 0;
	assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                                    "SELECT pageno, pgsize FROM dbstat WHERE name = ?"
	                                    " AND pagetype = 'leaf' AND path <> '/'"
	                                    " ORDER BY pageno LIMIT 1",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		page = sqlite3_column_int64(st, 0);
		*page_size = sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return page;
}

/* Writes `n` bytes at `off` of the file `path`, in place. */
static void poke(const char *path, long off, const void *bytes, size_t n)
{
	FILE *f = fopen(path, "r+b");
	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

static void expect_corrupt(int rc, const char *what)
{
	const bm_error *e = bm_error_last();
	if (rc == 0 || strcmp(e->code, "database_corrupt") != 0)
		fail_msg("%s: expected database_corrupt, got %d (%s: %s)", what, rc, e->code,
		         e->message_en);
	assert_bilingual(e->message, e->message_en, true);
}

/*
 * A leaf page of the audit chain whose cell count is zeroed: SQLite's
 * b-tree pass reports the page ("Fragmentation of … on page N"), then its
 * scan of the table's rows cannot read the page and stops the check with
 * SQLITE_CORRUPT. That is damage, with the findings kept, never "the check
 * did not run": before, the step's error became "database" (unchecked).
 */
static void a_page_that_stops_the_check_is_damage_not_a_check_that_did_not_run(void **state)
{
	char path[200], out[512], page_no[64];
	int64_t page, page_size = 0;
	unsigned char hdr;
	bm_store *st = NULL;
	bm_audit_verify_result v;
	FILE *f;
	(void)state;

	copy_db(path, sizeof(path), "leaf.db");
	assert_int_equal(bm_svc_integrity(path, out, sizeof(out)), 0);
	assert_string_equal(out, "ok");
	page = inner_leaf(path, "audit_event", &page_size);
	assert_true(page > 1);
	assert_true(page_size >= 512);
	assert_non_null(f = fopen(path, "rb")); /* a table's leaf (0x0d) */
	assert_int_equal(fseek(f, (long)((page - 1) * page_size), SEEK_SET), 0);
	assert_int_equal(fread(&hdr, 1, 1, f), 1);
	fclose(f);
	assert_int_equal(hdr, 0x0d);
	poke(path, (long)((page - 1) * page_size + 3), "\0\0", 2);

	expect_corrupt(bm_svc_integrity(path, out, sizeof(out)), "bm_svc_integrity");
	snprintf(page_no, sizeof(page_no), "page %" PRId64, page);
	if (!strstr(out, page_no) || !strstr(out, "malformed"))
		fail_msg("the findings and SQLite's message, got '%s'", out);

	/* The store's own check (backup, restore) says the same, and so does a read. */
	assert_int_equal(bm_svc_open_readonly(&st, path), 0);
	expect_corrupt(BM_STORE(st, integrity_check)(st), "integrity_check");
	if (!strstr(bm_error_last()->message_en, page_no))
		fail_msg("integrity_check names the page, got '%s'", bm_error_last()->message_en);
	expect_corrupt(bm_audit_verify(st, &v), "a read of the chain");
	bm_svc_close(st);
	unlink(path);
}

/* A file SQLite no longer reads as a database (its header overwritten) is damaged. */
static void a_file_no_longer_a_database_is_damage(void **state)
{
	char path[200], out[512];
	(void)state;

	copy_db(path, sizeof(path), "header.db");
	poke(path, 0, "not a database!!", 16);
	expect_corrupt(bm_svc_integrity(path, out, sizeof(out)), "bm_svc_integrity");
	assert_non_null(strstr(out, "damaged"));
	unlink(path);
}

/*
 * A disk that cannot read (EIO: SQLITE_IOERR_READ) says nothing of the
 * pages, never "database_corrupt": the open fails ("open_failed") and the
 * check of a store already open fails ("database"); the server's
 * "unchecked" either way.
 */
static void a_disk_that_cannot_read_is_not_damage(void **state)
{
	svc_fx *fx = svc_fx_get();
	char path[200], eio[220], out[512];
	bm_store *st = NULL;
	int rc;
	FILE *f;
	(void)state;

	copy_db(path, sizeof(path), "eio.db");
	snprintf(eio, sizeof(eio), "%s.eio", path);
	setenv("BAOMI_TEST_NOSPACE_DB", path, 1);
	assert_int_equal(bm_svc_open_readonly(&st, path), 0); /* its schema read */
	assert_non_null(f = fopen(eio, "w"));
	fclose(f);

	rc = bm_svc_integrity(path, out, sizeof(out)); /* the open cannot read the header */
	assert_int_not_equal(rc, 0);
	assert_string_equal(bm_error_last()->code, "open_failed");
	if (!strstr(out, "I/O error"))
		fail_msg("the I/O error, got '%s'", out);
	/*
	 * SQLite's check reports the pages it could not get as findings ("unable
	 * to get the page. error code=8458", SQLITE_IOERR_READ): not damage.
	 */
	rc = BM_STORE(st, integrity)(st, out, sizeof(out));
	assert_int_not_equal(rc, 0);
	if (strcmp(bm_error_last()->code, "database") != 0 ||
	    !strstr(bm_error_last()->message_en, "I/O error"))
		fail_msg("integrity: expected database, got %s: %s", bm_error_last()->code,
		         bm_error_last()->message_en);
	assert_bilingual(bm_error_last()->message, bm_error_last()->message_en, false);
	rc = BM_STORE(st, integrity_check)(st);
	assert_int_not_equal(rc, 0);
	if (strcmp(bm_error_last()->code, "database") != 0)
		fail_msg("integrity_check: expected database, got %s: %s", bm_error_last()->code,
		         bm_error_last()->message_en);

	unlink(eio);
	setenv("BAOMI_TEST_NOSPACE_DB", fx->path, 1);
	bm_svc_close(st);
	unlink(path);
}

static int group_setup(void **state)
{
	int rc = svc_fx_group_setup(state);
	if (rc == 0) {
		snprintf(flag, sizeof(flag), "%s.full", svc_fx_get()->path);
		setenv("BAOMI_TEST_NOSPACE_DB", svc_fx_get()->path, 1);
	}
	return rc;
}

static int group_teardown(void **state)
{
	unlink(flag);
	unsetenv("BAOMI_TEST_NOSPACE_DB");
	return svc_fx_group_teardown(state);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(a_full_disk_fails_with_disk_full_and_the_store_serves_once_freed),
	        cmocka_unit_test(
	                a_batch_whose_commit_finds_the_disk_full_fails_whole_and_the_next_commits),
	        cmocka_unit_test(
	                a_page_that_stops_the_check_is_damage_not_a_check_that_did_not_run),
	        cmocka_unit_test(a_file_no_longer_a_database_is_damage),
	        cmocka_unit_test(a_disk_that_cannot_read_is_not_damage),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
