/*
 * test_pipeline.c — the commit pipeline (src/store/pipeline.c): use cases
 * from several threads share one writer connection and its commits; each
 * runs in its own savepoint, so a refusal rolls back alone while its
 * neighbours in the batch commit; the audit chain written through the batch
 * stays one gap-free sequence; a reader's snapshot never waits for it.
 *
 * The interleavings are forced, not hoped for: the main thread holds the
 * writer while the others queue (bm_pipeline_waiting says when they do).
 * Threads never call cmocka's assertions; they record, main asserts.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "audit/audit.h"
#include "common.h"
#include "store/pipeline.h"
#include "store/store.h"

typedef struct fixture {
	char dir[64];
	char path[128];
	bm_store *writer;
	bm_pipeline *pipe;
} fixture;

static int setup(void **state)
{
	fixture *f = calloc(1, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/bm-pipeline-XXXXXX");
	if (!mkdtemp(f->dir))
		return -1;
	snprintf(f->path, sizeof(f->path), "%s/unit.db", f->dir);
	if (bm_store_open(&f->writer, f->path) != 0)
		return -1;
	f->pipe = bm_store_pipeline(f->writer);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	fixture *f = *state;
	const char *sfx[] = {"", "-wal", "-shm"};
	bm_store_close(f->writer);
	for (size_t i = 0; i < 3; i++) {
		char p[160];
		snprintf(p, sizeof(p), "%s%s", f->path, sfx[i]);
		unlink(p);
	}
	rmdir(f->dir);
	free(f);
	return 0;
}

static int append(bm_store *w, const char *action)
{
	bm_audit_event ev = {.at = 1767225600,
	                     .actor = "test",
	                     .action = action,
	                     .object = "",
	                     .outcome = "ok",
	                     .rule = "",
	                     .detail = "{}"};
	return bm_audit_append(w, &ev, NULL);
}

/* The actions of the stored chain, in order, joined by ','. */
typedef struct chain {
	char text[1024];
	int64_t n;
} chain;

static int chain_cb(const bm_audit_row *r, void *cls)
{
	chain *c = cls;
	size_t len = strlen(c->text);
	snprintf(c->text + len, sizeof(c->text) - len, "%s%s", len ? "," : "", r->action);
	c->n++;
	return 0;
}

/* Reads the chain through a connection of its own: only what is committed. */
static void read_chain(fixture *f, chain *out)
{
	bm_store *r;
	bm_audit_verify_result v;
	memset(out, 0, sizeof(*out));
	assert_int_equal(bm_store_open(&r, f->path), 0);
	assert_int_equal(BM_STORE(r, audit_foreach)(r, chain_cb, out), 0);
	/* gap-free and intact; an empty chain is never "intact" (SYS-3) */
	assert_int_equal(bm_audit_verify(r, &v), out->n ? 0 : BM_ECORRUPT);
	assert_int_equal(v.count, out->n);
	bm_store_close(r);
}

static void wait_for_waiters(bm_pipeline *p, int n)
{
	for (int i = 0; i < 5000 && bm_pipeline_waiting(p) < n; i++)
		usleep(1000);
	assert_int_equal(bm_pipeline_waiting(p), n);
}

typedef struct uc {
	bm_pipeline *pipe;
	const char *action;
	bool refuse; /* write, then undo and record a refusal instead */
	bool drop;   /* write, then drop the whole transaction (as the engine may) */
	int rc;
	bool returned;
} uc;

static void *uc_main(void *arg)
{
	uc *u = arg;
	bm_store *w;
	if ((u->rc = bm_pipeline_enter(u->pipe, &w)) != 0)
		return NULL;
	if (u->drop) {
		append(w, u->action);
		BM_STORE(w, rollback)(w);
	} else if ((u->rc = append(w, u->action)) == 0 && u->refuse) {
		if ((u->rc = bm_pipeline_undo(u->pipe)) == 0)
			u->rc = append(w, "refused");
	}
	{
		int lrc = bm_pipeline_leave(u->pipe); /* always: the writer is let go */
		u->rc = u->rc ? u->rc : lrc;
	}
	u->returned = true;
	return NULL;
}

/*
 * Three use cases in one batch: the first (main) holds the writer while two
 * others queue; the middle one writes and is refused. One commit holds the
 * first and third use cases' events and the refusal's, not the refused
 * write; every one returns only after that commit.
 */
static void refusal_in_a_batch_rolls_back_alone(void **state)
{
	fixture *f = *state;
	uc b = {.pipe = f->pipe, .action = "b.undone", .refuse = true};
	uc c = {.pipe = f->pipe, .action = "c.ok"};
	pthread_t tb, tc;
	bm_store *w;
	int64_t batches, ucs;
	chain ch;

	assert_int_equal(bm_pipeline_enter(f->pipe, &w), 0);
	assert_int_equal(append(w, "a.ok"), 0);
	assert_int_equal(pthread_create(&tb, NULL, uc_main, &b), 0);
	wait_for_waiters(f->pipe, 1);
	assert_int_equal(pthread_create(&tc, NULL, uc_main, &c), 0);
	wait_for_waiters(f->pipe, 2);
	/* Nothing is committed while the batch is open. */
	read_chain(f, &ch);
	assert_int_equal(ch.n, 0);
	assert_int_equal(bm_pipeline_leave(f->pipe), 0); /* returns after the commit */
	read_chain(f, &ch);
	assert_string_equal(ch.text, "a.ok,refused,c.ok");
	assert_int_equal(pthread_join(tb, NULL), 0);
	assert_int_equal(pthread_join(tc, NULL), 0);
	assert_int_equal(b.rc, 0);
	assert_int_equal(c.rc, 0);
	bm_pipeline_stats(f->pipe, &batches, &ucs);
	assert_int_equal(batches, 1); /* one synced commit for three use cases */
	assert_int_equal(ucs, 3);
}

/*
 * A batch that cannot commit answers every member with the error and keeps
 * nothing. Here the second use case drops the whole transaction under the
 * pipeline, as SQLite does after an I/O error or a full disk; the first,
 * already released into the batch and waiting for the commit, is told it
 * failed too. The next use case starts a new batch and the chain stays whole.
 */
static void lost_batch_fails_every_member(void **state)
{
	fixture *f = *state;
	uc c = {.pipe = f->pipe, .action = "c.lost", .drop = true};
	uc d = {.pipe = f->pipe, .action = "d.ok"};
	pthread_t tc;
	bm_store *w;
	chain ch;

	assert_int_equal(bm_pipeline_enter(f->pipe, &w), 0);
	assert_int_equal(append(w, "a.lost"), 0);
	assert_int_equal(pthread_create(&tc, NULL, uc_main, &c), 0);
	wait_for_waiters(f->pipe, 1);
	/* a leaves into the batch and waits; c takes the writer and loses the batch. */
	assert_int_not_equal(bm_pipeline_leave(f->pipe), 0);
	assert_int_equal(pthread_join(tc, NULL), 0);
	assert_int_not_equal(c.rc, 0);
	read_chain(f, &ch);
	assert_int_equal(ch.n, 0); /* neither a nor c was acknowledged, nor kept */
	uc_main(&d);
	assert_int_equal(d.rc, 0);
	read_chain(f, &ch);
	assert_string_equal(ch.text, "d.ok");
}

/* The chain grows by one gap-free sequence under many concurrent use cases. */
#define THREADS 8
#define EACH    25
static void *many_main(void *arg)
{
	uc *u = arg;
	for (int i = 0; i < EACH && u->rc == 0; i++) {
		uc one = *u;
		one.refuse = i % 5 == 0;
		uc_main(&one);
		u->rc = one.rc;
	}
	return NULL;
}

static void concurrent_use_cases_share_commits(void **state)
{
	fixture *f = *state;
	pthread_t t[THREADS];
	uc u[THREADS];
	int64_t b0, u0, b1, u1;
	chain ch;

	bm_pipeline_stats(f->pipe, &b0, &u0);
	for (int i = 0; i < THREADS; i++) {
		u[i] = (uc){.pipe = f->pipe, .action = "many"};
		assert_int_equal(pthread_create(&t[i], NULL, many_main, &u[i]), 0);
	}
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(u[i].rc, 0);
	}
	bm_pipeline_stats(f->pipe, &b1, &u1);
	assert_int_equal(u1 - u0, THREADS * EACH);
	print_message("# %d use cases in %lld commits\n", THREADS * EACH, (long long)(b1 - b0));
	read_chain(f, &ch); /* verifies: one sequence, no gap */
	assert_int_equal(ch.n, THREADS * EACH);
}

/*
 * The writer's table with sync() and release() wrapped: a sync waits at a
 * gate the test opens, or fails; releases are counted, so the test knows
 * when a use case has left into the open batch.
 */
static struct bm_store_ops gated_ops;
static const struct bm_store_ops *real_ops;
static pthread_mutex_t gate_mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t gate_cv = PTHREAD_COND_INITIALIZER;
static bool gate_open, sync_fails;
static int syncs_started, releases;

static int gated_sync(bm_store *s)
{
	pthread_mutex_lock(&gate_mu);
	syncs_started++;
	pthread_cond_broadcast(&gate_cv);
	while (!gate_open)
		pthread_cond_wait(&gate_cv, &gate_mu);
	pthread_mutex_unlock(&gate_mu);
	if (sync_fails)
		return bm_error_set(BM_ERROR, "sync_failed", NULL, "测试：同步失败",
		                    "test: the sync failed");
	return real_ops->sync(s);
}

static int counted_release(bm_store *s)
{
	int rc = real_ops->release(s);
	pthread_mutex_lock(&gate_mu);
	releases++;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
	return rc;
}

static void gate(fixture *f, bool open, bool fails)
{
	real_ops = f->writer->ops;
	gated_ops = *real_ops;
	gated_ops.sync = gated_sync;
	gated_ops.release = counted_release;
	gate_open = open;
	sync_fails = fails;
	syncs_started = releases = 0;
	f->writer->ops = &gated_ops;
}

static void ungate(fixture *f)
{
	f->writer->ops = real_ops;
}

static void open_gate(void)
{
	pthread_mutex_lock(&gate_mu);
	gate_open = true;
	pthread_cond_broadcast(&gate_cv);
	pthread_mutex_unlock(&gate_mu);
}

/* Waits (up to 5 s) until *counter reaches n; returns it. */
static int await_count(const int *counter, int n)
{
	struct timespec until;
	int v;
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 5;
	pthread_mutex_lock(&gate_mu);
	while (*counter < n && pthread_cond_timedwait(&gate_cv, &gate_mu, &until) == 0)
		;
	v = *counter;
	pthread_mutex_unlock(&gate_mu);
	return v;
}

/*
 * The split commit: a batch is committed, then synced while the writer is
 * free. Its use case is not answered before the sync ends; the use cases
 * arriving during the sync gather in the next batch, whose first member
 * waits for the disk and then commits them all at once.
 */
static void sync_gathers_the_next_batch(void **state)
{
	fixture *f = *state;
	uc a = {.pipe = f->pipe, .action = "a.ok"};
	uc b = {.pipe = f->pipe, .action = "b.ok"};
	uc c = {.pipe = f->pipe, .action = "c.ok"};
	pthread_t ta, tb, tc;
	int64_t batches, ucs;
	chain ch;

	assert_non_null(f->writer->ops->commit_unsynced);
	gate(f, false, false);
	assert_int_equal(pthread_create(&ta, NULL, uc_main, &a), 0);
	assert_int_equal(await_count(&syncs_started, 1), 1); /* a's batch is syncing */
	assert_false(a.returned);                            /* and a is not answered */
	assert_int_equal(pthread_create(&tb, NULL, uc_main, &b), 0);
	assert_int_equal(pthread_create(&tc, NULL, uc_main, &c), 0);
	assert_int_equal(await_count(&releases, 3), 3); /* b and c left into one batch */
	usleep(20000);
	assert_int_equal(syncs_started, 1); /* nobody commits while the disk is busy */
	assert_false(b.returned);
	assert_false(c.returned);
	open_gate();
	assert_int_equal(pthread_join(ta, NULL), 0);
	assert_int_equal(pthread_join(tb, NULL), 0);
	assert_int_equal(pthread_join(tc, NULL), 0);
	assert_int_equal(a.rc, 0);
	assert_int_equal(b.rc, 0);
	assert_int_equal(c.rc, 0);
	assert_int_equal(syncs_started, 2);
	bm_pipeline_stats(f->pipe, &batches, &ucs);
	assert_int_equal(batches, 2); /* a alone; b and c together */
	assert_int_equal(ucs, 3);
	ungate(f);
	read_chain(f, &ch);
	assert_int_equal(ch.n, 3);
}

/*
 * A sync that fails leaves the batch's writes in doubt: its use case is
 * told it failed, and every later use case is refused with the same error
 * instead of building on them, until the process restarts.
 */
static void failed_sync_breaks_the_pipeline(void **state)
{
	fixture *f = *state;
	uc a = {.pipe = f->pipe, .action = "a.doubt"};
	uc b = {.pipe = f->pipe, .action = "b.refused"};
	bm_store *w;

	gate(f, true, true);
	uc_main(&a);
	assert_int_equal(a.rc, BM_ERROR);
	assert_string_equal(bm_error_last()->code, "sync_failed");
	uc_main(&b);
	assert_int_equal(b.rc, BM_ERROR);
	assert_string_equal(bm_error_last()->code, "sync_failed");
	assert_int_equal(bm_pipeline_enter(f->pipe, &w), BM_ERROR);
	ungate(f);
}

/*
 * Issue 17, point 4: checkpoints run off the writer. SQLite's automatic
 * checkpoint is off on the writer; the store's checkpointer copies the log
 * after the syncs, so the log keeps starting over and stays near the
 * threshold (1000 frames) however many commits pass.
 */
#define EVENTS_PER_USE_CASE 20

/* One use case of `EVENTS_PER_USE_CASE` events through the pipeline. */
static void one_use_case(fixture *f)
{
	bm_store *w;
	assert_int_equal(bm_pipeline_enter(f->pipe, &w), 0);
	for (int i = 0; i < EVENTS_PER_USE_CASE; i++)
		assert_int_equal(append(w, "grow"), 0);
	assert_int_equal(bm_pipeline_leave(f->pipe), 0);
}

static off_t wal_size(fixture *f)
{
	char p[160];
	struct stat st;
	snprintf(p, sizeof(p), "%s-wal", f->path);
	return stat(p, &st) == 0 ? st.st_size : -1;
}

static void checkpoints_run_off_the_writer(void **state)
{
	fixture *f = *state;
	bm_store_sqlite_ckpt c = {0};
	int most = 0, i;
	chain ch;

	for (i = 0; i < 5000 && c.passive < 5; i++) {
		one_use_case(f);
		bm_store_sqlite_ckpt_stats(f->writer, &c);
		most = c.wal_frames > most ? c.wal_frames : most;
	}
	print_message("# %d commits, %lld checkpoints, log at most %d frames\n", i,
	              (long long)c.passive, most);
	assert_true(c.passive >= 5); /* the checkpointer ran, again and again */
	assert_int_equal(c.failed, 0);
	assert_true(most > 1000); /* the writer never checkpointed at 1000 itself */
	/* and the log kept starting over (the writer waits for it at 4000) */
	assert_true(most < 5 * 1000);
	read_chain(f, &ch); /* every event there, the chain intact */
	assert_int_equal(ch.n, (int64_t)i * EVENTS_PER_USE_CASE);
}

/*
 * A reader that holds an old snapshot keeps the log from starting over
 * while it reads; once it ends, the log starts over and its file is cut back
 * (journal_size_limit, 16 MiB), and after a second without commits it is
 * emptied (TRUNCATE).
 */
static void a_pinned_reader_does_not_grow_the_log_for_ever(void **state)
{
	fixture *f = *state;
	bm_store_sqlite_ckpt c = {0};
	bm_store *r;
	chain ch = {0};
	int i;

	one_use_case(f);
	assert_int_equal(bm_store_open(&r, f->path), 0);
	assert_int_equal(BM_STORE(r, begin_read)(r), 0);
	assert_int_equal(BM_STORE(r, audit_foreach)(r, chain_cb, &ch), 0); /* the snapshot */
	for (i = 0; i < 5000 && c.wal_frames < 4500; i++) {
		one_use_case(f);
		bm_store_sqlite_ckpt_stats(f->writer, &c);
	}
	assert_true(c.wal_frames >= 4500); /* pinned: it could not start over */
	assert_true(c.passive >= 1);
	assert_true(c.backfilled < c.log_frames); /* the reader held the checkpoint back */
	assert_true(wal_size(f) > 16 * 1024 * 1024);
	assert_int_equal(BM_STORE(r, rollback)(r), 0);
	bm_store_close(r);

	for (i = 0; i < 5000 && c.wal_frames >= 1000; i++) {
		one_use_case(f);
		bm_store_sqlite_ckpt_stats(f->writer, &c);
	}
	print_message("# the log started over %d commits after the reader left\n", i);
	assert_true(c.wal_frames < 1000);
	assert_true(wal_size(f) <= 16 * 1024 * 1024);

	for (i = 0; i < 50 && (c.truncate == 0 || wal_size(f) != 0); i++) {
		usleep(100 * 1000);
		bm_store_sqlite_ckpt_stats(f->writer, &c);
	}
	assert_true(c.truncate >= 1); /* idle: emptied */
	assert_int_equal(wal_size(f), 0);
	one_use_case(f); /* and the writer goes on */
	bm_store_sqlite_ckpt_stats(f->writer, &c);
	assert_true(c.wal_frames > 0);
}

/* A job for bm_pipeline_run (a read's audit event): appends, and refuses when asked. */
typedef struct jb {
	bm_pipeline *pipe;
	const char *action;
	bool refuse; /* append, then fail: the append must be undone alone */
	int rc;
	char code[64]; /* the error the submitter's thread sees */
} jb;

static int jb_fn(bm_store *w, void *arg)
{
	jb *j = arg;
	int rc = append(w, j->action);
	if (rc == 0 && j->refuse)
		rc = bm_error_set(BM_ECONFLICT, "job_refused", NULL, "拒绝", "refused");
	return rc;
}

static void *jb_main(void *arg)
{
	jb *j = arg;
	bm_error_clear();
	j->rc = bm_pipeline_run(j->pipe, jb_fn, j);
	snprintf(j->code, sizeof(j->code), "%s", j->rc ? bm_error_last()->code : "");
	return NULL;
}

/*
 * Jobs queued while a use case holds the writer are run by that holder,
 * oldest first, each in its own savepoint, into its batch: one commit for
 * all, and a job that fails is undone alone and gets its own error on its
 * own thread. A job with nobody holding the writer runs on its own thread.
 */
static void jobs_join_the_holders_batch(void **state)
{
	fixture *f = *state;
	jb j[3] = {{.pipe = f->pipe, .action = "j1.ok"},
	           {.pipe = f->pipe, .action = "j2.undone", .refuse = true},
	           {.pipe = f->pipe, .action = "j3.ok"}};
	jb alone = {.pipe = f->pipe, .action = "j4.alone"};
	pthread_t t[3];
	bm_store *w;
	int64_t batches, ucs;
	chain ch;

	assert_int_equal(bm_pipeline_enter(f->pipe, &w), 0);
	assert_int_equal(append(w, "a.ok"), 0);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(pthread_create(&t[i], NULL, jb_main, &j[i]), 0);
		wait_for_waiters(f->pipe, i + 1); /* queued in this order */
	}
	read_chain(f, &ch);
	assert_int_equal(ch.n, 0); /* nothing runs while the writer is held */
	assert_int_equal(bm_pipeline_leave(f->pipe), 0);
	read_chain(f, &ch);
	assert_string_equal(ch.text, "a.ok,j1.ok,j3.ok");
	for (int i = 0; i < 3; i++)
		assert_int_equal(pthread_join(t[i], NULL), 0);
	assert_int_equal(j[0].rc, 0);
	assert_int_equal(j[1].rc, BM_ECONFLICT);
	assert_string_equal(j[1].code, "job_refused");
	assert_int_equal(j[2].rc, 0);
	bm_pipeline_stats(f->pipe, &batches, &ucs);
	assert_int_equal(batches, 1); /* one commit for the use case and its jobs */

	jb_main(&alone);
	assert_int_equal(alone.rc, 0);
	read_chain(f, &ch);
	assert_string_equal(ch.text, "a.ok,j1.ok,j3.ok,j4.alone");
	bm_pipeline_stats(f->pipe, &batches, &ucs);
	assert_int_equal(batches, 2);
	assert_false(bm_pipeline_held(f->pipe));
}

/*
 * Reads' events (jobs) arriving while a batch syncs: the first takes the
 * writer and waits for the disk as the next batch's pending leader, the
 * others join its batch; when the sync ends the pending leader alone is
 * woken (its own condition, not a broadcast) and commits them all at once.
 */
static void jobs_during_a_sync_gather_into_the_next_batch(void **state)
{
	fixture *f = *state;
	jb j[4] = {{.pipe = f->pipe, .action = "a.ok"},
	           {.pipe = f->pipe, .action = "b.ok"},
	           {.pipe = f->pipe, .action = "c.ok"},
	           {.pipe = f->pipe, .action = "d.ok"}};
	pthread_t t[4];
	int64_t batches, ucs;
	chain ch;

	gate(f, false, false);
	assert_int_equal(pthread_create(&t[0], NULL, jb_main, &j[0]), 0);
	assert_int_equal(await_count(&syncs_started, 1), 1); /* a's batch is syncing */
	for (int i = 1; i < 4; i++)
		assert_int_equal(pthread_create(&t[i], NULL, jb_main, &j[i]), 0);
	assert_int_equal(await_count(&releases, 4), 4); /* b, c and d ran into one batch */
	usleep(20000);
	assert_int_equal(syncs_started, 1); /* nobody commits while the disk is busy */
	assert_true(bm_pipeline_held(f->pipe) == false);
	open_gate();
	for (int i = 0; i < 4; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(j[i].rc, 0);
	}
	assert_int_equal(syncs_started, 2);
	bm_pipeline_stats(f->pipe, &batches, &ucs);
	assert_int_equal(batches, 2); /* a alone; b, c and d together */
	assert_int_equal(ucs, 4);
	ungate(f);
	read_chain(f, &ch);
	assert_int_equal(ch.n, 4);
	assert_int_equal(strncmp(ch.text, "a.ok,", 5), 0);
}

static void *mixed_jobs_main(void *arg)
{
	jb *j = arg;
	for (int i = 0; i < EACH && j->rc == 0; i++)
		jb_main(j);
	return NULL;
}

/*
 * Use cases and jobs from many threads at once, on the real disk: every one
 * returns (no wake-up is lost between the writer's hand-overs, the batches'
 * ends and the syncs), and the chain is one gap-free sequence of them all.
 */
static void jobs_and_use_cases_together_all_return(void **state)
{
	fixture *f = *state;
	pthread_t t[THREADS];
	uc u[THREADS];
	jb j[THREADS];
	int64_t b0, u0, b1, u1;
	chain ch;

	bm_pipeline_stats(f->pipe, &b0, &u0);
	for (int i = 0; i < THREADS; i++) {
		u[i] = (uc){.pipe = f->pipe, .action = "uc.ok"};
		j[i] = (jb){.pipe = f->pipe, .action = "job.ok"};
		assert_int_equal(pthread_create(&t[i], NULL, i % 2 ? mixed_jobs_main : many_main,
		                                i % 2 ? (void *)&j[i] : (void *)&u[i]),
		                 0);
	}
	for (int i = 0; i < THREADS; i++) {
		assert_int_equal(pthread_join(t[i], NULL), 0);
		assert_int_equal(i % 2 ? j[i].rc : u[i].rc, 0);
	}
	bm_pipeline_stats(f->pipe, &b1, &u1);
	assert_int_equal(u1 - u0, THREADS * EACH);
	print_message("# %d use cases and jobs in %lld commits\n", THREADS * EACH,
	              (long long)(b1 - b0));
	read_chain(f, &ch); /* verifies: one sequence, no gap */
	assert_int_equal(ch.n, THREADS * EACH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(refusal_in_a_batch_rolls_back_alone, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(lost_batch_fails_every_member, setup, teardown),
	        cmocka_unit_test_setup_teardown(jobs_join_the_holders_batch, setup, teardown),
	        cmocka_unit_test_setup_teardown(jobs_during_a_sync_gather_into_the_next_batch,
	                                        setup, teardown),
	        cmocka_unit_test_setup_teardown(jobs_and_use_cases_together_all_return, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(concurrent_use_cases_share_commits, setup,
	                                        teardown),
	        cmocka_unit_test_setup_teardown(sync_gathers_the_next_batch, setup, teardown),
	        cmocka_unit_test_setup_teardown(failed_sync_breaks_the_pipeline, setup, teardown),
	        cmocka_unit_test_setup_teardown(checkpoints_run_off_the_writer, setup, teardown),
	        cmocka_unit_test_setup_teardown(a_pinned_reader_does_not_grow_the_log_for_ever,
	                                        setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
