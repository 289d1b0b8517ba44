/*
 * test_concurrency.c — several connections on one database at once, through
 * the service layer: writers registering carriers while readers list them
 * and verify the audit chain (SYS-3), each thread on its own store handle as
 * the CLI processes and the server's connections are. And what lock
 * contention looks like: a writer that cannot get the lock within the
 * store's busy timeout (5 s) is refused with the error "busy", and nothing is
 * half-written.
 *
 * What happens today under contention: SQLite's busy handler is not fair,
 * so on a loaded machine a connection can wait out the whole 5 s while the
 * others keep taking the lock; the use case is then refused with "busy"
 * (BM_ERROR, zh and en), having written nothing, not even its audit event.
 * No other error and no damage appears. The threads here do what a client
 * should: retry on "busy" (counted), and fail on anything else.
 *
 * Threads never call cmocka's assertions (they are not thread-safe): each
 * records what it saw, and the main thread asserts after joining them.
 */
#define _GNU_SOURCE /* fopencookie */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "fixture.h"

#define WRITERS    4
#define PER_WRITER 15
#define READERS    2
#define RETRIES    20 /* tries of one step refused with "busy" */

static atomic_int writers_left;

typedef struct worker {
	int index;
	int ok;        /* writers: registrations that succeeded */
	int busy;      /* refusals with "busy", retried */
	int reads;     /* readers: lists and verifications done */
	int64_t first; /* readers: carriers seen in the first list */
	int64_t last;  /* readers: carriers seen in the last list */
	char error[512];
} worker;

/* True when the last error is lock contention (the store's "busy"). */
static bool busy(void)
{
	return strcmp(bm_error_last()->code, "busy") == 0;
}

/* A store handle and a context logged in as `user`, for one thread. */
static int open_as(worker *w, bm_store **st, bm_arena *a, bm_ctx *ctx, const char *user)
{
	const char *step = "open";
	int rc, tries = 0;
	bm_arena_init(a, 0);
	if ((rc = bm_store_open(st, svc_fx_get()->path)) == 0 &&
	    (step = "context", rc = bm_ctx_init(ctx, *st, a, svc_fx_get()->now, "test")) == 0) {
		step = "login";
		while ((rc = bm_svc_login(ctx, user, FX_PW)) != 0 && busy() && ++tries < RETRIES)
			w->busy++;
	}
	if (rc != 0)
		snprintf(w->error, sizeof(w->error), "%s as %s: %s %.300s", step, user,
		         bm_error_last()->code, bm_error_last()->message_en);
	return rc;
}

/*
 * Registers PER_WRITER carriers titled <prefix><index>-<j>, retrying a busy
 * store up to `tries` times in all (1: no retry, every write must succeed first).
 */
static void *write_carriers(worker *w, char prefix, int tries)
{
	bm_store *st = NULL;
	bm_arena a;
	bm_ctx ctx;

	if (open_as(w, &st, &a, &ctx, "clerk") == 0) {
		for (int j = 0; j < PER_WRITER; j++) {
			char title[32];
			bm_carrier *c = NULL;
			snprintf(title, sizeof(title), "%c%d-%02d", prefix, w->index, j);
			bm_carrier_input in = {.title = title,
			                       .level = "秘密",
			                       .place = "机要室保密柜",
			                       .scope = "dept:办公室"};
			int rc, n = 0;
			while ((rc = bm_svc_carrier_register_incoming(&ctx, &in, &c)) != 0 &&
			       busy() && ++n < tries)
				w->busy++;
			if (rc != 0) {
				snprintf(w->error, sizeof(w->error), "%s: %s %.300s", title,
				         bm_error_last()->code, bm_error_last()->message_en);
				break;
			}
			w->ok++;
		}
	}
	bm_store_close(st);
	bm_arena_release(&a);
	atomic_fetch_sub(&writers_left, 1);
	return NULL;
}

static void *writer_main(void *p)
{
	return write_carriers(p, 'w', RETRIES);
}

/*
 * One list must be a snapshot: every writer registers in order, one commit
 * each, so the titles seen of each writer are w<i>-00 up to some w<i>-NN with
 * none missing, and the page's total is the number of rows it holds.
 */
static int check_snapshot(const bm_carrier_page *page, int64_t base, char *err, size_t n)
{
	int seen[WRITERS][PER_WRITER] = {{0}};
	int64_t ours = 0;
	if ((int64_t)page->count != page->total) {
		snprintf(err, n, "total %lld but %zu rows", (long long)page->total, page->count);
		return -1;
	}
	for (size_t i = 0; i < page->count; i++) {
		int wi, j;
		if (sscanf(page->items[i].title, "w%d-%d", &wi, &j) == 2 && wi >= 0 &&
		    wi < WRITERS && j >= 0 && j < PER_WRITER) {
			seen[wi][j]++;
			ours++;
		}
	}
	if (page->total - ours != base) {
		snprintf(err, n, "%lld carriers not ours, expected %lld",
		         (long long)(page->total - ours), (long long)base);
		return -1;
	}
	for (int wi = 0; wi < WRITERS; wi++) {
		int j = 0;
		while (j < PER_WRITER && seen[wi][j] == 1)
			j++;
		for (int k = j; k < PER_WRITER; k++)
			if (seen[wi][k]) {
				snprintf(err, n, "w%d-%02d seen without w%d-%02d", wi, k, wi, j);
				return -1;
			}
	}
	return 0;
}

typedef struct reader_arg {
	worker w;
	int64_t base;
} reader_arg;

static void *reader_main(void *p)
{
	reader_arg *r = p;
	worker *w = &r->w;
	bm_store *st = NULL;
	bm_arena a;
	bm_ctx ctx;
	bool more = true;

	if (open_as(w, &st, &a, &ctx, "clerk") == 0) {
		/* One more round after the last writer is done: it sees everything. */
		while (more) {
			bm_carrier_filter f = {
			        .level = -1, .status = -1, .kind = -1, .origin = -1, .limit = 1000};
			bm_carrier_page page = {0};
			bm_audit_verify_result v;
			int rc, tries = 0;
			more = atomic_load(&writers_left) > 0;
			while ((rc = bm_svc_carrier_list(&ctx, &f, &page)) != 0 && busy() &&
			       ++tries < RETRIES)
				w->busy++;
			if (rc != 0) {
				snprintf(w->error, sizeof(w->error), "list: %s %.300s",
				         bm_error_last()->code, bm_error_last()->message_en);
				break;
			}
			if (check_snapshot(&page, r->base, w->error, sizeof(w->error)) != 0)
				break;
			if (w->reads == 0)
				w->first = page.total;
			else if (page.total < w->last) {
				snprintf(w->error, sizeof(w->error),
				         "the ledger shrank from %lld to %lld", (long long)w->last,
				         (long long)page.total);
				break;
			}
			w->last = page.total;
			if (bm_audit_verify(st, &v) != 0) {
				snprintf(w->error, sizeof(w->error), "audit verify: seq %lld: %s",
				         (long long)v.first_bad_seq, v.reason);
				break;
			}
			w->reads++;
		}
	}
	bm_store_close(st);
	bm_arena_release(&a);
	return NULL;
}

/* The number of events in the audit log. */
static int64_t audit_events(void)
{
	fx_audit last;
	svc_fx_audit_last(&last);
	return last.count;
}

static void sys_3_concurrent_writers_and_readers_keep_one_ledger(void **state)
{
	pthread_t wt[WRITERS], rt[READERS];
	worker w[WRITERS];
	reader_arg r[READERS];
	int64_t base = svc_fx_carrier_count();
	int64_t events_before = audit_events();
	bm_audit_verify_result v;
	(void)state;

	atomic_store(&writers_left, WRITERS);
	for (int i = 0; i < READERS; i++) {
		memset(&r[i], 0, sizeof(r[i]));
		r[i].w.index = i;
		r[i].base = base;
		assert_int_equal(pthread_create(&rt[i], NULL, reader_main, &r[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].index = i;
		assert_int_equal(pthread_create(&wt[i], NULL, writer_main, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_join(wt[i], NULL), 0);
	for (int i = 0; i < READERS; i++)
		assert_int_equal(pthread_join(rt[i], NULL), 0);

	for (int i = 0; i < WRITERS; i++) {
		if (w[i].error[0])
			fail_msg("writer %d: %s", i, w[i].error);
		assert_int_equal(w[i].ok, PER_WRITER); /* every write landed */
	}
	for (int i = 0; i < READERS; i++) {
		if (r[i].w.error[0])
			fail_msg("reader %d: %s", i, r[i].w.error);
		assert_true(r[i].w.reads >= 1);
		/* The last round began after the last writer was done. */
		assert_int_equal(r[i].w.last, base + WRITERS * PER_WRITER);
	}
	{
		int retried = 0;
		for (int i = 0; i < WRITERS; i++)
			retried += w[i].busy;
		for (int i = 0; i < READERS; i++)
			retried += r[i].w.busy;
		print_message("# %d steps refused with \"busy\" and retried\n", retried);
	}
	assert_int_equal(svc_fx_carrier_count(), base + WRITERS * PER_WRITER);
	/* Each registration, list and login is one event; none lost, the chain intact. */
	{
		int64_t logins = WRITERS + READERS, lists = 0;
		for (int i = 0; i < READERS; i++)
			lists += r[i].w.reads;
		assert_int_equal(audit_events(),
		                 events_before + logins + lists + WRITERS * PER_WRITER);
	}
	assert_int_equal(bm_audit_verify(svc_fx_get()->store, &v), 0);
	assert_int_equal(v.first_bad_seq, 0);
}

/* ---- reads never take the write lock (issue 17 point 1) ----------------------- */

/*
 * A slow export: the output stream of an audit export blocks on its first
 * write until the writers are done (or STALL_LIMIT_S passes, longer than the
 * store's 5 s busy timeout). An export that held the write lock meanwhile
 * would make every writer fail with "busy".
 */
#define STALL_LIMIT_S 8

typedef struct stall {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	bool release; /* the writers are done */
	bool stalled; /* the export reached its first write and waited */
	size_t bytes; /* bytes written by the export */
	bool timed_out;
} stall;

static ssize_t stall_write(void *cookie, const char *buf, size_t size)
{
	stall *s = cookie;
	struct timespec until;
	BM_UNUSED(buf);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += STALL_LIMIT_S;
	pthread_mutex_lock(&s->mu);
	if (!s->stalled) {
		s->stalled = true;
		pthread_cond_broadcast(&s->cv);
		while (!s->release && !s->timed_out)
			if (pthread_cond_timedwait(&s->cv, &s->mu, &until) != 0)
				s->timed_out = true;
	}
	s->bytes += size;
	pthread_mutex_unlock(&s->mu);
	return (ssize_t)size;
}

typedef struct export_arg {
	stall *s;
	int rc;
	char error[512];
} export_arg;

static void *exporter_main(void *p)
{
	export_arg *e = p;
	cookie_io_functions_t io = {.write = stall_write};
	FILE *out = fopencookie(e->s, "w", io);
	worker w = {0};
	bm_store *st = NULL;
	bm_arena a;
	bm_ctx ctx;

	if (!out) {
		e->rc = -1;
		snprintf(e->error, sizeof(e->error), "fopencookie failed");
		return NULL;
	}
	setvbuf(out, NULL, _IONBF, 0); /* every write reaches stall_write at once */
	if ((e->rc = open_as(&w, &st, &a, &ctx, "auditor")) != 0)
		snprintf(e->error, sizeof(e->error), "%s", w.error);
	else if ((e->rc = bm_svc_audit_export(&ctx, out, "test")) != 0)
		snprintf(e->error, sizeof(e->error), "export: %s %.300s", bm_error_last()->code,
		         bm_error_last()->message_en);
	fclose(out);
	bm_store_close(st);
	bm_arena_release(&a);
	return NULL;
}

/* A writer that may not retry: every registration must succeed at the first try. */
static void *eager_writer_main(void *p)
{
	return write_carriers(p, 'e', 1);
}

/* Ledger scans, no retries, until the writers are done. */
static void *scanner_main(void *p)
{
	worker *w = p;
	bm_store *st = NULL;
	bm_arena a;
	bm_ctx ctx;

	if (open_as(w, &st, &a, &ctx, "clerk") == 0) {
		bool more = true;
		while (more) {
			bm_carrier_filter f = {
			        .level = -1, .status = -1, .kind = -1, .origin = -1, .limit = 1000};
			bm_carrier_page page = {0};
			more = atomic_load(&writers_left) > 0;
			if (bm_svc_carrier_list(&ctx, &f, &page) != 0) {
				snprintf(w->error, sizeof(w->error), "list: %s %.300s",
				         bm_error_last()->code, bm_error_last()->message_en);
				break;
			}
			w->reads++;
		}
	}
	bm_store_close(st);
	bm_arena_release(&a);
	return NULL;
}

/*
 * SYS-3, issue 17 point 1: an audit export stalled mid-stream (a slow
 * client) and ledger scans run while writers register; every write succeeds
 * at its first try, and the export, once released, still answers and is
 * itself on the record.
 */
static void sys_3_writers_never_wait_for_a_long_export_or_scan(void **state)
{
	stall s = {.mu = PTHREAD_MUTEX_INITIALIZER, .cv = PTHREAD_COND_INITIALIZER};
	export_arg e = {.s = &s};
	worker w[WRITERS], scan = {0};
	pthread_t et, st, wt[WRITERS];
	int64_t base = svc_fx_carrier_count();
	bm_audit_verify_result v;
	(void)state;

	atomic_store(&writers_left, WRITERS);
	assert_int_equal(pthread_create(&et, NULL, exporter_main, &e), 0);
	/* The writers start once the export holds its transaction open, stalled. */
	pthread_mutex_lock(&s.mu);
	while (!s.stalled && !s.timed_out)
		pthread_cond_wait(&s.cv, &s.mu);
	pthread_mutex_unlock(&s.mu);
	assert_int_equal(pthread_create(&st, NULL, scanner_main, &scan), 0);
	for (int i = 0; i < WRITERS; i++) {
		memset(&w[i], 0, sizeof(w[i]));
		w[i].index = i;
		assert_int_equal(pthread_create(&wt[i], NULL, eager_writer_main, &w[i]), 0);
	}
	for (int i = 0; i < WRITERS; i++)
		assert_int_equal(pthread_join(wt[i], NULL), 0);
	assert_int_equal(pthread_join(st, NULL), 0);
	pthread_mutex_lock(&s.mu);
	s.release = true;
	pthread_cond_broadcast(&s.cv);
	pthread_mutex_unlock(&s.mu);
	assert_int_equal(pthread_join(et, NULL), 0);

	for (int i = 0; i < WRITERS; i++) {
		if (w[i].error[0])
			fail_msg("writer %d: %s", i, w[i].error);
		assert_int_equal(w[i].ok, PER_WRITER);
	}
	assert_false(s.timed_out); /* the writers finished while the export was stalled */
	if (scan.error[0])
		fail_msg("scanner: %s", scan.error);
	assert_true(scan.reads >= 1);
	if (e.rc != 0)
		fail_msg("exporter: %s", e.error);
	assert_true(s.bytes > 0);
	assert_int_equal(svc_fx_carrier_count(), base + WRITERS * PER_WRITER);
	{
		fx_audit last;
		svc_fx_audit_last(&last);
		assert_string_equal(last.action, "audit.export"); /* the last to finish */
	}
	assert_int_equal(bm_audit_verify(svc_fx_get()->store, &v), 0);
}

/*
 * A writer that cannot take the lock: another connection holds a write
 * transaction for longer than the busy timeout. The use case is refused with
 * "busy" in both languages, writes nothing, and once the lock is free the
 * same registration goes through and the chain verifies.
 */
static void busy_database_is_a_clear_error_not_corruption(void **state)
{
	bm_store *holder = NULL, *st = NULL;
	bm_arena a;
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_audit_verify_result v;
	int64_t carriers = svc_fx_carrier_count();
	int64_t events = audit_events();
	bm_carrier_input in = {.title = "锁等待",
	                       .level = "秘密",
	                       .place = "机要室保密柜",
	                       .scope = "dept:办公室"};
	(void)state;

	worker w = {0};
	if (open_as(&w, &st, &a, &ctx, "clerk") != 0)
		fail_msg("%s", w.error);
	events++; /* the login */
	assert_int_equal(bm_store_open(&holder, svc_fx_get()->path), 0);
	assert_int_equal(BM_STORE(holder, begin)(holder), 0);

	bm_error_clear();
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), BM_ERROR);
	assert_null(c);
	assert_string_equal(bm_error_last()->code, "busy");
	assert_string_equal(bm_error_last()->message_en, "the database is busy, try again");
	assert_true(strlen(bm_error_last()->message) > 0);

	assert_int_equal(BM_STORE(holder, rollback)(holder), 0);
	bm_store_close(holder);
	/* Nothing was written, not even the refusal: it could not get the lock. */
	assert_int_equal(svc_fx_carrier_count(), carriers);
	assert_int_equal(audit_events(), events);
	assert_int_equal(bm_audit_verify(svc_fx_get()->store, &v), 0);

	/* Once the lock is free the same registration goes through. */
	assert_int_equal(bm_svc_carrier_register_incoming(&ctx, &in, &c), 0);
	assert_non_null(c);
	assert_int_equal(svc_fx_carrier_count(), carriers + 1);
	assert_int_equal(bm_audit_verify(svc_fx_get()->store, &v), 0);
	bm_store_close(st);
	bm_arena_release(&a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sys_3_concurrent_writers_and_readers_keep_one_ledger),
	        cmocka_unit_test(busy_database_is_a_clear_error_not_corruption),
	        cmocka_unit_test(sys_3_writers_never_wait_for_a_long_export_or_scan),
	};
	return cmocka_run_group_tests(tests, svc_fx_group_setup, svc_fx_group_teardown);
}
