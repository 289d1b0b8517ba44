/*
 * pipeline.h — the commit pipeline: one writer connection per process,
 * shared by every use case that writes, with group commit.
 *
 * A use case that writes takes the writer (bm_pipeline_enter), which opens
 * the batch's transaction if none is open and then the use case's own
 * savepoint. It works, undoes its own work alone on refusal
 * (bm_pipeline_undo: back to its savepoint; its neighbours' work stays), and
 * leaves (bm_pipeline_leave): its savepoint is released into the batch and
 * the writer passes to the next use case waiting. The last one out — nobody
 * else waiting, or the batch full — commits once: one synced commit for the
 * whole batch. When the store splits its commit (commit_unsynced, then
 * sync), the leader lets the writer go as soon as the batch is committed and
 * syncs it while the next batch is written, so a batch gathers the use cases
 * that arrive during the previous one's sync. Every use case returns from
 * bm_pipeline_leave only once the batch holding it is committed and on disk,
 * with 0; if the commit or the sync fails, every use case of that batch gets
 * the error and none is acknowledged. After a failed sync the pipeline is
 * broken: every later bm_pipeline_enter fails with that error (what the
 * unsynced commits wrote is in doubt; the process must restart and let the
 * engine recover from what is on disk).
 *
 * Because one connection holds one transaction at a time, the audit chain's
 * tail is read and extended inside it by one use case at a time: the chain
 * stays one gap-free sequence across a batch. A use case holds the writer
 * from enter to leave; it must always leave, failed or not, and never enter
 * twice.
 *
 * The pipeline uses only the store's ops (begin, commit or commit_unsynced
 * and sync, rollback, savepoint, release, rollback_to), so every back end
 * gets it as it is: SQLite today, PostgreSQL (issue 12) tomorrow. Reads do not come here at all:
 * they run in read snapshots on their own connections (begin_read).
 */
#ifndef BM_PIPELINE_H
#define BM_PIPELINE_H

#include "common.h"

typedef struct bm_store bm_store;
typedef struct bm_pipeline bm_pipeline;

/* Batches end at this many use cases even while more wait (bounds latency). */
#define BM_PIPELINE_BATCH_LIMIT 64

/*
 * Creates a pipeline writing through `writer`, borrowed: it must outlive
 * the pipeline. `*out` belongs to the caller, freed by bm_pipeline_free.
 */
int bm_pipeline_new(bm_pipeline **out, bm_store *writer);

/* Frees a pipeline nobody is inside. NULL is ignored. */
void bm_pipeline_free(bm_pipeline *p);

/*
 * Takes the writer for one use case: waits its turn, opens the batch's
 * transaction when none is open, and the use case's savepoint. `*writer` is
 * the store to write through until bm_pipeline_leave. On failure the writer
 * is not held.
 */
int bm_pipeline_enter(bm_pipeline *p, bm_store **writer);

/*
 * Undoes what the use case wrote since it entered (its neighbours' work in
 * the batch stays); it still holds the writer and may write again (its
 * refusal's audit event). Fails when the batch itself is lost (the engine
 * rolled the whole transaction back); the batch then fails as a whole.
 */
int bm_pipeline_undo(bm_pipeline *p);

/*
 * Leaves the writer: the use case's work joins the batch, and the call
 * returns when the batch is committed (0) or has failed (the batch's error,
 * also set with bm_error_set). Always releases the writer.
 */
int bm_pipeline_leave(bm_pipeline *p);

/* A piece of writing for bm_pipeline_run: writes through `writer`; 0 or an error (set). */
typedef int (*bm_pipeline_job_fn)(bm_store *writer, void *arg);

/*
 * Runs `fn(writer, arg)` as a use case of its own, in its own savepoint,
 * without taking the writer through bm_pipeline_enter: the job is queued
 * and whoever holds the writer runs it into the open batch before letting
 * go (when nobody holds it, this thread takes it and runs every queued job).
 * Meant for short writes such as a read's audit event: a batch gathers them
 * without passing the writer from thread to thread. Returns, like
 * bm_pipeline_leave, once the batch holding the job is committed and on
 * disk (0), or fn's own error (its work undone alone), or the batch's.
 * `fn` runs on another thread: it must not use thread-local state (the
 * error it sets is carried back).
 */
int bm_pipeline_run(bm_pipeline *p, bm_pipeline_job_fn fn, void *arg);

/* Batches committed and use cases they held, since the pipeline began. */
void bm_pipeline_stats(bm_pipeline *p, int64_t *batches, int64_t *use_cases);

/* Use cases waiting in bm_pipeline_enter, and jobs queued, now (for monitoring and tests). */
int bm_pipeline_waiting(bm_pipeline *p);

/* True while a use case holds the writer, or a leader commits (for tests). */
bool bm_pipeline_held(bm_pipeline *p);

#endif
