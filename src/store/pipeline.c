/*
 * pipeline.c — leader/follower group commit over one writer connection
 * (pipeline.h says the contract).
 *
 * State, under `mu`:
 *   held      a use case holds the writer (between enter and leave, or the
 *             leader while it commits)
 *   waiting   use cases blocked in enter, waiting for the writer
 *   open      the batch's transaction is open on the writer
 *   members   the use cases that left into the open batch, each waiting on
 *             its own `member` (on its stack) until the batch ends
 *   pending_m the pending leader's member (below), while there is one
 *   lost      the open batch can no longer commit (the engine rolled it
 *             back, or a savepoint could not be kept): it ends failed
 *   syncing   committed batches whose sync is still running (split commit)
 *   pending   the open batch has a leader waiting for the disk
 *   broken    a sync failed: nothing more is let in
 * A use case leaving hands the writer to the next waiter when there is one
 * and the batch is not full. Otherwise, when the previous batch is still
 * being synced, it becomes the batch's pending leader: it lets the writer go
 * so that use cases arriving meanwhile join the batch, and commits once the
 * disk is free. Otherwise it is the leader at once: it commits (or, for a
 * lost batch, rolls back), lets the writer go, syncs, and wakes every member
 * with the outcome.
 *
 * Wake-ups are targeted (issue 17 point 4: a broadcast woke every waiter at
 * every batch's end and every hand-over, most of them to sleep again; futex
 * calls were a sixth of an audited read's pipeline). Every thread that waits
 * for the batch or the writer waits on its own member's `cv`: a batch's end
 * signals its members; the writer let go (or a sync over) signals the
 * pending leader and the submitter of the oldest queued job, the two that
 * may take it next (wake_free). Use cases waiting in enter wait on `turn`.
 * A member's `cv` is signalled under `mu`, so its owner cannot return and
 * pop it off its stack before the signal is done.
 */
#include "common.h"

#include <pthread.h>

#include "store/pipeline.h"
#include "store/store.h"

typedef struct member {
	struct member *next;
	pthread_cond_t cv; /* its thread waits here: for the batch's end, or the writer */
	bool done;
	bool failed; /* a job refused on its own: rc and err are its own */
	int rc;
	bm_error err;
} member;

/* A piece of writing queued by bm_pipeline_run, run by whoever holds the writer. */
typedef struct job {
	struct job *next;
	bm_pipeline_job_fn fn;
	void *arg;
	bool taken; /* a holder took it off the queue */
	member m;
} job;

struct bm_pipeline {
	pthread_mutex_t mu;
	pthread_cond_t turn; /* the writer was let go (use cases in enter wait here) */
	bm_store *writer;
	bool held;
	int waiting;
	bool open;
	int n_members;
	member *members;
	bool lost;
	bm_error lost_err;
	int lost_rc;
	int syncing;       /* committed batches still syncing */
	bool pending;      /* the open batch's leader waits for the disk */
	member *pending_m; /* that leader's member, to wake it */
	bool broken;       /* a sync failed: every later use case is refused */
	bm_error broken_err;
	int broken_rc;
	int64_t batches, use_cases;
	job *jobs; /* queued by bm_pipeline_run, oldest first */
	job **jobs_end;
};

int bm_pipeline_new(bm_pipeline **out, bm_store *writer)
{
	bm_pipeline *p = bm_calloc(1, sizeof(*p));
	if (!p)
		return bm_error_nomem();
	if (pthread_mutex_init(&p->mu, NULL) != 0) {
		bm_free(p);
		return bm_error_nomem();
	}
	pthread_cond_init(&p->turn, NULL);
	p->writer = writer;
	p->jobs_end = &p->jobs;
	*out = p;
	return 0;
}

void bm_pipeline_free(bm_pipeline *p)
{
	if (!p)
		return;
	pthread_cond_destroy(&p->turn);
	pthread_mutex_destroy(&p->mu);
	bm_free(p);
}

/* Marks the open batch lost with the current error (the first cause is kept). */
static void lose_batch(bm_pipeline *p, int rc)
{
	pthread_mutex_lock(&p->mu);
	if (!p->lost) {
		p->lost = true;
		p->lost_rc = rc;
		bm_error_save(&p->lost_err);
	}
	pthread_mutex_unlock(&p->mu);
}

/* Marks every member of a finished batch done with the outcome, and wakes each; under `mu`. */
static void tell_members(member *m, int rc, const bm_error *err)
{
	while (m) {
		member *next = m->next; /* read before the owner may run on */
		if (!m->failed) {
			m->rc = rc;
			if (rc)
				m->err = *err;
		}
		m->done = true;
		pthread_cond_signal(&m->cv);
		m = next;
	}
}

/*
 * The writer was let go, or a sync ended: wakes those who may take the
 * writer next besides the use cases in enter (`turn`) — the pending leader,
 * and the submitter of the oldest queued job (who runs every queued job);
 * under `mu`.
 */
static void wake_free(bm_pipeline *p)
{
	if (p->pending_m)
		pthread_cond_signal(&p->pending_m->cv);
	if (p->jobs)
		pthread_cond_signal(&p->jobs->m.cv);
}

/*
 * The leader's part, holding the writer: commits the open batch (or rolls a
 * lost one back) and lets the writer go. When the store splits its commit
 * (commit_unsynced + sync), the writer goes to the next batch as soon as
 * this one is committed, and this batch's members wait while the leader
 * syncs: the next batch is written during the sync, and gathers the use
 * cases that arrive meanwhile. Either way nobody is told "done" before the
 * batch is on disk. A failed sync leaves the pipeline broken: what the
 * unsynced commits wrote is in doubt, so no later use case may build on it.
 * Returns the outcome with its error set.
 */
static int end_batch(bm_pipeline *p)
{
	bm_store *w = p->writer;
	bool split = w->ops->commit_unsynced && w->ops->sync;
	member *batch;
	bm_error err;
	int rc, n;

	if (p->lost) { /* only the writer's holder changes it: no lock needed to read */
		rc = p->lost_rc;
		bm_error_restore(&p->lost_err);
		BM_STORE(w, rollback)(w);
	} else if ((rc = split ? BM_STORE(w, commit_unsynced)(w) : BM_STORE(w, commit)(w)) != 0) {
		bm_error saved;
		bm_error_save(&saved);
		BM_STORE(w, rollback)(w);
		bm_error_restore(&saved);
	}
	bm_error_save(&err);
	pthread_mutex_lock(&p->mu);
	batch = p->members;
	n = p->n_members;
	p->members = NULL;
	p->n_members = 0;
	p->open = false;
	p->lost = false;
	p->pending = false;
	p->pending_m = NULL;
	p->held = false;
	pthread_cond_signal(&p->turn);
	wake_free(p); /* a job's submitter takes the writer */
	if (rc || !split) {
		if (rc == 0) {
			p->batches++;
			p->use_cases += n;
		}
		tell_members(batch, rc, &err);
		pthread_mutex_unlock(&p->mu);
		return rc;
	}
	p->syncing++;
	pthread_mutex_unlock(&p->mu);

	rc = BM_STORE(w, sync)(w); /* outside the lock: the next batch writes meanwhile */
	bm_error_save(&err);
	pthread_mutex_lock(&p->mu);
	p->syncing--;
	if (rc == 0) {
		p->batches++;
		p->use_cases += n;
	} else if (!p->broken) {
		p->broken = true;
		p->broken_rc = rc;
		p->broken_err = err;
	}
	tell_members(batch, rc, &err);
	if (p->syncing == 0)
		wake_free(p); /* the next batch's pending leader waits for the disk */
	pthread_mutex_unlock(&p->mu);
	return rc;
}

int bm_pipeline_enter(bm_pipeline *p, bm_store **writer)
{
	bm_store *w = p->writer;
	int rc;

	pthread_mutex_lock(&p->mu);
	p->waiting++;
	while (p->held)
		pthread_cond_wait(&p->turn, &p->mu);
	p->waiting--;
	if (p->broken) {
		bm_error err = p->broken_err;
		rc = p->broken_rc;
		pthread_cond_signal(&p->turn); /* the next waiter learns it too */
		pthread_mutex_unlock(&p->mu);
		bm_error_restore(&err);
		return rc;
	}
	p->held = true;
	pthread_mutex_unlock(&p->mu);

	if (!p->open) {
		if ((rc = BM_STORE(w, begin)(w)) != 0) {
			pthread_mutex_lock(&p->mu);
			p->held = false;
			pthread_cond_signal(&p->turn);
			wake_free(p);
			pthread_mutex_unlock(&p->mu);
			return rc;
		}
		p->open = true;
	}
	if ((rc = BM_STORE(w, savepoint)(w)) != 0) {
		/* The batch cannot take this use case: it ends now, failed as a whole. */
		bm_error saved;
		bm_error_save(&saved);
		lose_batch(p, rc);
		end_batch(p);
		bm_error_restore(&saved);
		return rc;
	}
	*writer = w;
	return 0;
}

int bm_pipeline_undo(bm_pipeline *p)
{
	int rc = BM_STORE(p->writer, rollback_to)(p->writer);
	if (rc)
		lose_batch(p, rc);
	return rc;
}

/* Waits, under `mu`, until the batch holding `me` has ended; returns its outcome. */
static int follow(bm_pipeline *p, member *me)
{
	while (!me->done)
		pthread_cond_wait(&me->cv, &p->mu);
	pthread_mutex_unlock(&p->mu);
	if (me->rc)
		bm_error_restore(&me->err);
	return me->rc;
}

/* Lets the writer go to whoever waits for it (a use case, or the pending leader). */
static void let_go(bm_pipeline *p)
{
	p->held = false;
	pthread_cond_signal(&p->turn);
	wake_free(p);
}

/* Takes the oldest queued job off the queue; under `mu`. */
static job *pop_job(bm_pipeline *p)
{
	job *j = p->jobs;
	if (j) {
		if (!(p->jobs = j->next))
			p->jobs_end = &p->jobs;
		j->next = NULL;
		j->taken = true;
	}
	return j;
}

/* Adds `m` to the open batch; under `mu`. */
static void join_batch(bm_pipeline *p, member *m)
{
	m->next = p->members;
	p->members = m;
	p->n_members++;
}

/*
 * The holder runs the queued jobs, oldest first, each in its own savepoint,
 * into the open batch, until none is left or the batch is full. A job that
 * fails is undone alone (its neighbours' work stays) and keeps its own
 * error; it still waits for the batch like the others. On a broken pipeline
 * the jobs are refused with its error.
 */
static void drain_jobs(bm_pipeline *p)
{
	bm_store *w = p->writer;
	bm_error saved;

	bm_error_save(&saved);
	for (;;) {
		job *j;
		int rc;

		pthread_mutex_lock(&p->mu);
		if (!p->jobs || p->lost || p->n_members >= BM_PIPELINE_BATCH_LIMIT) {
			pthread_mutex_unlock(&p->mu);
			break;
		}
		j = pop_job(p);
		if (p->broken) {
			j->m.rc = p->broken_rc;
			j->m.err = p->broken_err;
			j->m.done = true;
			pthread_cond_signal(&j->m.cv);
			pthread_mutex_unlock(&p->mu);
			continue;
		}
		pthread_mutex_unlock(&p->mu);

		bm_error_clear();
		if ((rc = BM_STORE(w, savepoint)(w)) != 0) {
			lose_batch(p, rc); /* the batch cannot take it: it fails with the batch */
		} else if ((rc = j->fn(w, j->arg)) != 0) {
			j->m.failed = true;
			j->m.rc = rc;
			bm_error_save(&j->m.err);
			if ((rc = BM_STORE(w, rollback_to)(w)) != 0 ||
			    (rc = BM_STORE(w, release)(w)) != 0)
				lose_batch(p, rc);
		} else if ((rc = BM_STORE(w, release)(w)) != 0) {
			lose_batch(p, rc);
		}
		pthread_mutex_lock(&p->mu);
		join_batch(p, &j->m);
		pthread_mutex_unlock(&p->mu);
	}
	bm_error_restore(&saved);
}

/*
 * The holder's way out, once its own work (`me`) is in the batch or queued:
 * it runs the queued jobs, then lets the writer go to the next use case and
 * follows, waits as the pending leader, or commits as the leader.
 */
static int hand_over(bm_pipeline *p, member *me)
{
	bool full;

	drain_jobs(p);
	pthread_mutex_lock(&p->mu);
	full = p->n_members >= BM_PIPELINE_BATCH_LIMIT || p->lost;
	if (!full && (p->waiting > 0 || p->jobs || (p->pending && p->syncing > 0))) {
		/* A follower: the next use case joins the batch; wait for its commit. */
		let_go(p);
		return follow(p, me);
	}
	if (!full && !p->pending && p->syncing > 0) {
		/*
		 * The disk is busy with the previous batch: this one's leader lets
		 * the writer go so that use cases arriving meanwhile join, and
		 * commits them all once the sync is over and the writer is free.
		 */
		p->pending = true;
		p->pending_m = me;
		let_go(p);
		while (!me->done && (p->syncing > 0 || p->held))
			pthread_cond_wait(&me->cv, &p->mu);
		if (me->done) /* the batch filled up and another member ended it */
			return follow(p, me);
		p->held = true;
		pthread_mutex_unlock(&p->mu);
		drain_jobs(p); /* the jobs queued while it waited */
		return end_batch(p);
	}
	pthread_mutex_unlock(&p->mu);
	return end_batch(p); /* the leader: nobody else is coming, commit once */
}

int bm_pipeline_leave(bm_pipeline *p)
{
	member me = {.cv = PTHREAD_COND_INITIALIZER};
	int rc;

	if ((rc = BM_STORE(p->writer, release)(p->writer)) != 0)
		lose_batch(p, rc);
	pthread_mutex_lock(&p->mu);
	join_batch(p, &me);
	pthread_mutex_unlock(&p->mu);
	rc = hand_over(p, &me);
	pthread_cond_destroy(&me.cv);
	return rc;
}

static int run_job(bm_pipeline *p, job *jp);

int bm_pipeline_run(bm_pipeline *p, bm_pipeline_job_fn fn, void *arg)
{
	job j = {.fn = fn, .arg = arg, .m = {.cv = PTHREAD_COND_INITIALIZER}};
	int rc = run_job(p, &j);
	pthread_cond_destroy(&j.m.cv);
	return rc;
}

/* bm_pipeline_run's body, for the job `j` on its caller's stack. */
static int run_job(bm_pipeline *p, job *j)
{
	bm_store *w = p->writer;
	int rc;

	pthread_mutex_lock(&p->mu);
	*p->jobs_end = j;
	p->jobs_end = &j->next;
	for (;;) {
		/* Whoever holds the writer runs the job; when nobody does, this thread. */
		while (!j->m.done && (j->taken || p->held))
			pthread_cond_wait(&j->m.cv, &p->mu);
		if (j->m.done)
			return follow(p, &j->m);
		p->held = true;
		pthread_mutex_unlock(&p->mu);
		if (!p->open) {
			if ((rc = BM_STORE(w, begin)(w)) != 0) {
				job **q;
				pthread_mutex_lock(&p->mu);
				for (q = &p->jobs; *q != j; q = &(*q)->next)
					;
				if (!(*q = j->next))
					p->jobs_end = q;
				p->held = false;
				pthread_cond_signal(&p->turn);
				wake_free(p);
				pthread_mutex_unlock(&p->mu);
				return rc;
			}
			p->open = true;
		}
		rc = hand_over(p, &j->m);
		pthread_mutex_lock(&p->mu);
		if (j->m.done) {
			pthread_mutex_unlock(&p->mu);
			if (j->m.rc)
				bm_error_restore(&j->m.err);
			return j->m.rc;
		}
		/* The batch filled up before this job's turn: it waits for the next. */
	}
}

void bm_pipeline_stats(bm_pipeline *p, int64_t *batches, int64_t *use_cases)
{
	pthread_mutex_lock(&p->mu);
	*batches = p->batches;
	*use_cases = p->use_cases;
	pthread_mutex_unlock(&p->mu);
}

int bm_pipeline_waiting(bm_pipeline *p)
{
	int n;
	pthread_mutex_lock(&p->mu);
	n = p->waiting;
	for (const job *j = p->jobs; j; j = j->next)
		n++;
	pthread_mutex_unlock(&p->mu);
	return n;
}

bool bm_pipeline_held(bm_pipeline *p)
{
	bool held;
	pthread_mutex_lock(&p->mu);
	held = p->held;
	pthread_mutex_unlock(&p->mu);
	return held;
}
