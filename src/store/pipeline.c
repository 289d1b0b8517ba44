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
 *   lost      the open batch can no longer commit (the engine rolled it
 *             back, or a savepoint could not be kept): it ends failed
 * A use case leaving hands the writer to the next waiter when there is one
 * and the batch is not full; otherwise it is the leader: it commits (or, for
 * a lost batch, rolls back) and wakes every member with the outcome.
 */
#include "common.h"

#include <pthread.h>

#include "store/pipeline.h"
#include "store/store.h"

typedef struct member {
	struct member *next;
	bool done;
	int rc;
	bm_error err;
} member;

struct bm_pipeline {
	pthread_mutex_t mu;
	pthread_cond_t turn; /* the writer was let go */
	pthread_cond_t done; /* a batch ended */
	bm_store *writer;
	bool held;
	int waiting;
	bool open;
	int n_members;
	member *members;
	bool lost;
	bm_error lost_err;
	int lost_rc;
	int64_t batches, use_cases;
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
	pthread_cond_init(&p->done, NULL);
	p->writer = writer;
	*out = p;
	return 0;
}

void bm_pipeline_free(bm_pipeline *p)
{
	if (!p)
		return;
	pthread_cond_destroy(&p->turn);
	pthread_cond_destroy(&p->done);
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

/*
 * The leader's part, holding the writer: commits the open batch (or rolls a
 * lost one back), tells every member the outcome, and lets the writer go.
 * Returns the outcome with its error set.
 */
static int end_batch(bm_pipeline *p)
{
	bm_store *w = p->writer;
	bm_error err;
	int rc;

	if (p->lost) { /* only the writer's holder changes it: no lock needed to read */
		rc = p->lost_rc;
		bm_error_restore(&p->lost_err);
		BM_STORE(w, rollback)(w);
	} else if ((rc = BM_STORE(w, commit)(w)) != 0) {
		bm_error saved;
		bm_error_save(&saved);
		BM_STORE(w, rollback)(w);
		bm_error_restore(&saved);
	}
	bm_error_save(&err);
	pthread_mutex_lock(&p->mu);
	for (member *m = p->members; m; m = m->next) {
		m->rc = rc;
		if (rc)
			m->err = err;
		m->done = true;
	}
	if (rc == 0) {
		p->batches++;
		p->use_cases += p->n_members;
	}
	p->members = NULL;
	p->n_members = 0;
	p->open = false;
	p->lost = false;
	p->held = false;
	pthread_cond_signal(&p->turn);
	pthread_cond_broadcast(&p->done);
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
	p->held = true;
	pthread_mutex_unlock(&p->mu);

	if (!p->open) {
		if ((rc = BM_STORE(w, begin)(w)) != 0) {
			pthread_mutex_lock(&p->mu);
			p->held = false;
			pthread_cond_signal(&p->turn);
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

int bm_pipeline_leave(bm_pipeline *p)
{
	member me = {0};
	int rc;

	if ((rc = BM_STORE(p->writer, release)(p->writer)) != 0)
		lose_batch(p, rc);
	pthread_mutex_lock(&p->mu);
	me.next = p->members;
	p->members = &me;
	p->n_members++;
	if (p->waiting > 0 && p->n_members < BM_PIPELINE_BATCH_LIMIT && !p->lost) {
		/* A follower: the next use case joins the batch; wait for its commit. */
		p->held = false;
		pthread_cond_signal(&p->turn);
		while (!me.done)
			pthread_cond_wait(&p->done, &p->mu);
		pthread_mutex_unlock(&p->mu);
		if (me.rc)
			bm_error_restore(&me.err);
		return me.rc;
	}
	pthread_mutex_unlock(&p->mu);
	return end_batch(p); /* the leader: nobody else is coming, commit once */
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
	pthread_mutex_unlock(&p->mu);
	return n;
}
