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
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

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
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
