/*
 * sqlite.c — the embedded SQLite back end of store.h.
 *
 * WAL journal with synchronous=FULL: a committed transaction survives a
 * power cut. Foreign keys on. Every statement is parameterised; the only
 * SQL assembled at run time is the ledger filter, and it joins constant
 * fragments chosen from whitelists, never user text.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "store/sqlite_int.h"
#include "store/sqlite_schema.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- lifecycle ------------------------------------------------------------ */

static void ckpt_stop(sq_store *s);
static void ckpt_catch_up(sq_store *s);

static void sq_close(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	if (s->in_tx)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	if (s->sync_lowered) { /* the last connection's closing checkpoint runs as before */
		bm_error saved;
		bm_error_save(&saved);
		bm_sq_restore_sync(s);
		bm_error_restore(&saved);
	}
	bm_sq_cache_clear(s);
	bm_free(s->unit_text);
	ckpt_stop(s);
	sqlite3_close_v2(s->db);
	bm_sq_bound_free(s);
	if (s->wal_fd >= 0)
		close(s->wal_fd);
	pthread_mutex_destroy(&s->sync_mu);
	pthread_cond_destroy(&s->ckpt_wake);
	pthread_cond_destroy(&s->ckpt_done);
	pthread_mutex_destroy(&s->ckpt_mu);
	bm_free(s);
}

/*
 * A write transaction runs at synchronous=NORMAL: its commit appends to the
 * WAL without an fsync, and the store syncs the WAL itself — at once in
 * sq_commit(), or in sq_sync() for the pipeline's split commit. Checkpoints
 * (the checkpointer's, below, at FULL) sync the log before copying it and the
 * database before the log restarts (SQLite's safe WAL mode), so nothing
 * synced can be lost by a later unsynced commit. The connection stays at
 * NORMAL after the commit (commit_only); FULL comes back before any write
 * outside a transaction.
 */
static int sq_begin(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	int rc;
	if (s->in_tx)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	ckpt_catch_up(s);
	if ((rc = bm_sq_lower_sync(s)) != 0)
		return rc;
	/* IMMEDIATE: take the write lock now, so writers never interleave. */
	if ((rc = bm_sq_exec_cached(s, "BEGIN IMMEDIATE")) == 0)
		s->in_tx = true;
	else
		bm_sq_restore_sync(s);
	return rc;
}

/*
 * A read snapshot: DEFERRED takes no lock until the first read, and then
 * only a WAL read mark, so neither a writer nor another reader waits for it.
 * While it is open, bm_sq_prep() and bm_sq_exec_sql() refuse any statement
 * that would write (sqlite3_stmt_readonly), so a "read" use case that
 * writes is found at once instead of upgrading to the write lock. (Not
 * PRAGMA query_only: setting it expires every prepared statement of the
 * connection, and the statement cache was re-prepared twice per request.)
 */
static int sq_begin_read(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	int rc;
	if (s->in_tx)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	if ((rc = bm_sq_exec_cached(s, "BEGIN DEFERRED")) != 0)
		return rc;
	s->in_tx = true;
	s->read_tx = true;
	return 0;
}

/* Leaves read-only mode after a read snapshot ends, however it ends. */
static void end_read(sq_store *s)
{
	s->read_tx = false;
}

/*
 * COMMIT; a write transaction's is counted for sq_sync(). The connection
 * stays at NORMAL for the next transaction (the writer begins one batch
 * after another): anything run outside a transaction that could write gets
 * FULL back first (bm_sq_prep, bm_sq_exec_sql), and so does the close.
 */
static int commit_only(sq_store *s)
{
	bool write = !s->read_tx;
	int rc = bm_sq_exec_cached(s, "COMMIT");
	if (rc)
		return rc;
	s->in_tx = false;
	end_read(s);
	if (write) {
		pthread_mutex_lock(&s->sync_mu);
		s->committed++;
		pthread_mutex_unlock(&s->sync_mu);
	}
	return 0;
}

static int sq_sync(bm_store *bs);
static int ckpt_setup(sq_store *s);

/* A durable commit: the transaction is on disk when this returns 0. */
static int sq_commit(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	bool write = !s->read_tx;
	int rc = commit_only(s);
	return rc == 0 && write ? sq_sync(bs) : rc;
}

/* The pipeline's first half (store.h): committed and visible, synced later. */
static int sq_commit_unsynced(bm_store *bs)
{
	return commit_only(bm_sq_of(bs));
}

static int sync_fail(const char *what, const char *path)
{
	return bm_error_set(BM_ERROR, "sync_failed", NULL, "无法将日志写入磁盘（%s '%s'）：%s",
	                    "cannot write the log to disk (%s '%s'): %s", what, path,
	                    strerror(errno));
}

/*
 * Opens the WAL file on a descriptor of our own, again when the file was
 * replaced (the last connection to close deletes it), and fsyncs its
 * directory once so that a log created since is found after a power cut.
 */
static int wal_open(sq_store *s)
{
	const char *wal = sqlite3_filename_wal(sqlite3_db_filename(s->db, "main"));
	char dir[4096];
	const char *slash;
	int fd;

	if (!wal || !*wal)
		return 0; /* an in-memory database: nothing to sync */
	/*
	 * Once open, the descriptor is kept without looking at the path again (a
	 * stat per sync was 1% of a registration's CPU): the log is deleted or
	 * replaced only by the last connection to close, after an exclusive lock
	 * on the database that this connection's shared one refuses while it is
	 * open; a TRUNCATE checkpoint cuts the same file.
	 */
	if (s->wal_fd >= 0)
		return 0;
	if ((fd = open(wal, O_RDONLY | O_CLOEXEC)) < 0)
		return sync_fail("open", wal);
	slash = strrchr(wal, '/');
	if (slash && (size_t)(slash - wal) < sizeof(dir)) {
		int dfd;
		memcpy(dir, wal, (size_t)(slash - wal));
		dir[slash - wal] = '\0';
		if (slash == wal)
			snprintf(dir, sizeof(dir), "/");
		dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (dfd < 0 || fsync(dfd) != 0) {
			int rc = sync_fail("fsync", dir);
			if (dfd >= 0)
				close(dfd);
			close(fd);
			return rc;
		}
		close(dfd);
	}
	s->wal_fd = fd;
	return 0;
}

/* ---- checkpoints ------------------------------------------------------------ */

/*
 * Issue 17, point 4. SQLite's automatic checkpoint runs inside the COMMIT
 * that takes the log past its threshold, so the pipeline's writer was held
 * through it (94 commits of a registration run over 2 ms, half the commit
 * time). On a read-write connection it is off: the WAL hook below takes its
 * place and only records the log's size. After a sync (sq_sync, on the
 * pipeline's syncing thread, the writer already let go), a log past
 * SQ_CHECKPOINT_PAGES wakes this store's checkpointer thread, which runs a
 * PASSIVE checkpoint on a connection of its own: it copies what no reader
 * still needs into the database beside the writer and the readers, waiting
 * for nobody. The writer's next transaction then starts the log over once
 * every frame is copied and no reader is on it, as it did before.
 *
 * Durability is as before: the checkpointing connection runs at
 * synchronous=FULL, and in WAL mode a checkpoint syncs the log before it
 * copies it and the database file after (at NORMAL as at FULL), so a frame
 * leaves the log only once it is on disk in the database.
 *
 * The log is bounded: a reader that holds an old snapshot (an export) keeps
 * the frames after it in the log, as it did under the automatic checkpoint;
 * then the checkpointer tries again every SQ_CHECKPOINT_PAGES frames, and
 * once the reader is gone the log starts over and journal_size_limit cuts
 * the file back to SQ_WAL_SIZE_LIMIT. When no commit came for
 * SQ_CHECKPOINT_IDLE_MS the checkpointer empties the log (TRUNCATE, never
 * waiting: busy, it gives up until the next idle spell). A failed checkpoint
 * (disk full, a lock held by another process) only counts as failed: the
 * frames stay in the log, synced, and the next one tries again.
 *
 * One case is the writer's own: the log starts over only when the writer
 * begins a transaction while every frame is copied, and under a steady load
 * it always commits again while a checkpoint runs beside it. So once the log
 * has passed SQ_WAL_FORCE_PAGES although the last checkpoint left nothing
 * behind for a reader, the writer, before it begins, waits for one more
 * checkpoint (sq_begin: before BEGIN, holding no lock of SQLite's): then
 * every frame is copied when it begins and the log starts over. That is the
 * old automatic checkpoint's wait, but once per SQ_WAL_FORCE_PAGES frames
 * instead of once per SQ_CHECKPOINT_PAGES, and only when the load never
 * pauses.
 *
 * A short-lived process (the CLI) gets the same: its commits sync in
 * sq_commit, and its last connection to close checkpoints and deletes the
 * log, as SQLite always does.
 */
#define SQ_CHECKPOINT_PAGES   1000 /* SQLite's own automatic threshold */
#define SQ_CHECKPOINT_IDLE_MS 1000
#define SQ_WAL_FORCE_PAGES    (4 * SQ_CHECKPOINT_PAGES)
#define SQ_WAL_SIZE_LIMIT     (16 * 1024 * 1024)

/* After every commit on the connection (sqlite3_wal_hook): the log's size. */
static int wal_hook(void *arg, sqlite3 *db, const char *name, int frames)
{
	sq_store *s = arg;
	(void)db;
	(void)name;
	pthread_mutex_lock(&s->ckpt_mu);
	if (frames < s->ckpt.wal_frames) { /* the log started over */
		s->ckpt_next = SQ_CHECKPOINT_PAGES;
		s->force_next = SQ_WAL_FORCE_PAGES;
	}
	s->ckpt.wal_frames = frames;
	s->commits_seen++;
	pthread_mutex_unlock(&s->ckpt_mu);
	return SQLITE_OK;
}

/* The checkpointer's connection, opened at its first checkpoint. */
static int ckpt_open(sq_store *s)
{
	const char *path = sqlite3_db_filename(s->db, "main");
	if (s->ckpt_db)
		return SQLITE_OK;
	if (!path || !*path)
		return SQLITE_MISUSE;
	if (sqlite3_open_v2(path, &s->ckpt_db, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK ||
	    sqlite3_exec(s->ckpt_db, "PRAGMA synchronous=FULL", NULL, NULL, NULL) != SQLITE_OK) {
		sqlite3_close_v2(s->ckpt_db);
		s->ckpt_db = NULL;
		return SQLITE_CANTOPEN;
	}
	sqlite3_busy_timeout(s->ckpt_db, 0); /* never wait: try again later */
	return SQLITE_OK;
}

static void *ckpt_main(void *arg)
{
	sq_store *s = arg;
	pthread_mutex_lock(&s->ckpt_mu);
	while (!s->ckpt_stop) {
		uint64_t seen = s->commits_seen;
		bool idle = false;
		int mode, log = -1, done = -1, rc;
		if (!s->ckpt_wanted) {
			struct timespec until;
			int w;
			clock_gettime(CLOCK_REALTIME, &until);
			until.tv_sec += SQ_CHECKPOINT_IDLE_MS / 1000;
			until.tv_nsec += (long)(SQ_CHECKPOINT_IDLE_MS % 1000) * 1000000L;
			if (until.tv_nsec >= 1000000000L) {
				until.tv_sec++;
				until.tv_nsec -= 1000000000L;
			}
			w = pthread_cond_timedwait(&s->ckpt_wake, &s->ckpt_mu, &until);
			if (s->ckpt_stop)
				break;
			idle = !s->ckpt_wanted && w == ETIMEDOUT && s->commits_seen == seen &&
			       s->ckpt.wal_frames > 0;
			if (!s->ckpt_wanted && !idle)
				continue;
		}
		s->ckpt_wanted = false;
		seen = s->commits_seen;
		mode = idle ? SQLITE_CHECKPOINT_TRUNCATE : SQLITE_CHECKPOINT_PASSIVE;
		s->ckpt_began++;
		pthread_mutex_unlock(&s->ckpt_mu);
		if ((rc = ckpt_open(s)) == SQLITE_OK)
			rc = sqlite3_wal_checkpoint_v2(s->ckpt_db, "main", mode, &log, &done);
		pthread_mutex_lock(&s->ckpt_mu);
		s->ckpt_ended++;
		pthread_cond_broadcast(&s->ckpt_done);
		if (rc != SQLITE_OK) {
			s->ckpt.failed++;
			/* Not at every sync meanwhile: after another tenth of the threshold. */
			s->ckpt_next = s->ckpt.wal_frames + SQ_CHECKPOINT_PAGES / 10;
			continue;
		}
		s->ckpt.log_frames = log;
		s->ckpt.backfilled = done;
		if (idle) {
			s->ckpt.truncate++;
			if (s->commits_seen == seen) /* else the hook has the newer size */
				s->ckpt.wal_frames = 0;
			s->ckpt_next = SQ_CHECKPOINT_PAGES;
		} else {
			s->ckpt.passive++;
			/*
			 * The next one after as many frames again, whether a reader kept
			 * part of the log or the writer went on committing meanwhile (then
			 * the log cannot start over yet, and a checkpoint at every sync
			 * would only add fsyncs); the log's start over resets it.
			 */
			s->ckpt_next = log + SQ_CHECKPOINT_PAGES;
		}
	}
	pthread_mutex_unlock(&s->ckpt_mu);
	return NULL;
}

/*
 * Before the writer begins (above): when the log has passed
 * SQ_WAL_FORCE_PAGES without starting over, and no reader held the last
 * checkpoint back (waiting would not help then), waits for a checkpoint that
 * begins now, so that this transaction finds every frame copied.
 */
static void ckpt_catch_up(sq_store *s)
{
	uint64_t want;
	pthread_mutex_lock(&s->ckpt_mu);
	if (!s->ckpt_running || s->ckpt_stop || s->ckpt.wal_frames < s->force_next ||
	    s->ckpt.backfilled < s->ckpt.log_frames) {
		pthread_mutex_unlock(&s->ckpt_mu);
		return;
	}
	want = s->ckpt_began + 1;
	s->ckpt_wanted = true;
	pthread_cond_signal(&s->ckpt_wake);
	while (s->ckpt_ended < want && !s->ckpt_stop)
		pthread_cond_wait(&s->ckpt_done, &s->ckpt_mu);
	s->ckpt.waited++;
	s->force_next = s->ckpt.wal_frames + SQ_CHECKPOINT_PAGES; /* if it did not start over */
	pthread_mutex_unlock(&s->ckpt_mu);
}

/* After a sync: wakes (or starts) the checkpointer when the log is past the threshold. */
static void wake_checkpointer(sq_store *s)
{
	pthread_mutex_lock(&s->ckpt_mu);
	if (!s->ckpt_stop && s->ckpt.wal_frames >= s->ckpt_next) {
		if (!s->ckpt_running) {
			/* No signal is ever delivered to it: they stay with the threads that handle
			 * them. */
			sigset_t all, old;
			sigfillset(&all);
			pthread_sigmask(SIG_SETMASK, &all, &old);
			s->ckpt_running = pthread_create(&s->ckpt_thread, NULL, ckpt_main, s) == 0;
			pthread_sigmask(SIG_SETMASK, &old, NULL);
		}
		s->ckpt_wanted = true;
		pthread_cond_signal(&s->ckpt_wake);
	}
	pthread_mutex_unlock(&s->ckpt_mu);
}

/* Stops the checkpointer; before the writer's connection closes (the last one checkpoints). */
static void ckpt_stop(sq_store *s)
{
	bool running;
	pthread_mutex_lock(&s->ckpt_mu);
	s->ckpt_stop = true;
	running = s->ckpt_running;
	pthread_cond_signal(&s->ckpt_wake);
	pthread_cond_broadcast(&s->ckpt_done);
	pthread_mutex_unlock(&s->ckpt_mu);
	if (running)
		pthread_join(s->ckpt_thread, NULL);
	s->ckpt_running = false;
	if (s->ckpt_db)
		sqlite3_close_v2(s->ckpt_db);
	s->ckpt_db = NULL;
}

/* Turns the automatic checkpoint into the checkpointer's (above), on a read-write open. */
static int ckpt_setup(sq_store *s)
{
	char sql[64];
	sqlite3_wal_hook(s->db, wal_hook, s);
	snprintf(sql, sizeof(sql), "PRAGMA journal_size_limit=%d", SQ_WAL_SIZE_LIMIT);
	return bm_sq_exec_sql(s, sql);
}

void bm_store_sqlite_ckpt_stats(bm_store *bs, bm_store_sqlite_ckpt *out)
{
	sq_store *s = bm_sq_of(bs);
	pthread_mutex_lock(&s->ckpt_mu);
	*out = s->ckpt;
	pthread_mutex_unlock(&s->ckpt_mu);
}

/*
 * The pipeline's commit, second half (store.h): fdatasync of the WAL, which
 * holds every commit not yet checkpointed (a checkpointed one is in the
 * database file, synced by the checkpoint). Syncs run one at a time; one
 * that starts after a commit covers it, so a caller whose commit a sync
 * already covered returns at once.
 */
static int sq_sync(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	uint64_t target;
	int rc = 0;

	pthread_mutex_lock(&s->sync_mu);
	target = s->committed;
	if (s->synced >= target)
		goto out;
	if ((rc = wal_open(s)) != 0 || s->wal_fd < 0)
		goto out;
	if (fdatasync(s->wal_fd) != 0) {
		rc = sync_fail("fdatasync",
		               sqlite3_filename_wal(sqlite3_db_filename(s->db, "main")));
		goto out;
	}
	s->synced = target;
out:
	pthread_mutex_unlock(&s->sync_mu);
	if (rc == 0)
		wake_checkpointer(s);
	return rc;
}

static int sq_rollback(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	int rc = 0;
	if (!s->in_tx)
		return 0;
	s->in_tx = false;
	bm_sq_bound_forget(s);              /* the writes noted are undone */
	if (!sqlite3_get_autocommit(s->db)) /* else SQLite already rolled back (I/O error) */
		rc = bm_sq_exec_sql(s, "ROLLBACK");
	end_read(s);
	bm_sq_restore_sync(s);
	return rc;
}

/* The use case's savepoint in the pipeline's batch (pipeline.h). */
static int sq_savepoint(bm_store *bs)
{
	bm_sq_bound_forget(bm_sq_of(bs)); /* the use case's own writes from here */
	return bm_sq_exec_cached(bm_sq_of(bs), "SAVEPOINT use_case");
}

static int sq_release(bm_store *bs)
{
	return bm_sq_exec_cached(bm_sq_of(bs), "RELEASE use_case");
}

static int sq_rollback_to(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	if (sqlite3_get_autocommit(s->db)) /* the engine rolled the whole batch back */
		return bm_error_set(BM_ERROR, "transaction_lost", NULL, "事务已被数据库回滚",
		                    "the database rolled the transaction back");
	bm_sq_bound_forget(s); /* the writes noted are undone */
	return bm_sq_exec_cached(s, "ROLLBACK TO use_case");
}

static int sq_schema_version(bm_store *bs, int *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int64_t version;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "SELECT coalesce(max(version), 0) FROM schema_migrations")) !=
	    0)
		return rc;
	if ((rc = bm_sq_step_int64(s, st, &version)) == 0)
		*out = (int)version;
	return rc;
}

static int migrate(sq_store *s)
{
	int version = 0, rc;
	const int latest = (int)BM_ARRAY_LEN(sqlite_migrations);

	if ((rc = bm_sq_exec_sql(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                            " version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")) !=
	    0)
		return rc;
	if ((rc = sq_schema_version(&s->base, &version)) != 0)
		return rc;
	if (version > latest)
		return bm_error_set(
		        BM_ERROR, "schema_too_new", NULL,
		        "数据库结构版本 %d 高于本程序支持的 %d，请升级程序",
		        "database schema %d is newer than this program's %d; upgrade baomi",
		        version, latest);
	for (int v = version + 1; v <= latest; v++) {
		sqlite3_stmt *st;
		if ((rc = sq_begin(&s->base)) != 0)
			return rc;
		for (const char *const *sql = sqlite_migrations[v - 1]; *sql; sql++)
			if ((rc = bm_sq_exec_sql(s, *sql)) != 0)
				goto fail;
		if ((rc = bm_sq_prep(s, &st,
		                     "INSERT INTO schema_migrations(version, applied_at)"
		                     " VALUES (?, strftime('%Y-%m-%dT%H:%M:%SZ','now'))")) != 0)
			goto fail;
		sqlite3_bind_int(st, 1, v);
		if ((rc = bm_sq_step_done(s, st)) != 0)
			goto fail;
		if ((rc = sq_commit(&s->base)) != 0)
			goto fail;
		continue;
	fail : {
		bm_error saved;
		bm_error_save(&saved);
		sq_rollback(&s->base);
		bm_error_restore(&saved);
		return rc;
	}
	}
	return 0;
}

/* ---- units and departments ----------------------------------------------- */

static int sq_unit_insert(bm_store *bs, bm_unit *u)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "INSERT INTO unit(name, code, created_at) VALUES (?,?,?)")) !=
	    0)
		return rc;
	bm_sq_bind_text(st, 1, u->name);
	bm_sq_bind_text(st, 2, u->code);
	bm_sq_bind_text(st, 3, u->created_at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		u->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int read_unit(bm_store *bs, bm_arena *a, const char *sql, int64_t id, bm_unit **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	if (id)
		sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		bm_unit *u = bm_arena_alloc(a, sizeof(*u));
		if (!u) {
			rc = bm_error_nomem();
		} else {
			u->id = sqlite3_column_int64(st, 0);
			u->name = bm_sq_col_text(a, st, 1);
			u->code = bm_sq_col_text(a, st, 2);
			u->created_at = bm_sq_col_text(a, st, 3);
			*out = u;
			rc = 0;
		}
	} else if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "no_unit", NULL,
		                  "单位不存在（请先运行 baomi init）",
		                  "no unit (run baomi init first)");
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}

static int sq_unit_get(bm_store *bs, bm_arena *a, int64_t id, bm_unit **out)
{
	return read_unit(bs, a, "SELECT id, name, code, created_at FROM unit WHERE id = ?", id,
	                 out);
}

/* Keeps a committed first unit on the handle (sq_store.unit_first); a failure only skips it. */
static void remember_unit(sq_store *s, const bm_unit *u)
{
	const char *parts[3] = {u->name, u->code, u->created_at};
	size_t len[3], total = 0;
	char *p;
	for (size_t i = 0; i < 3; i++)
		total += (len[i] = parts[i] ? strlen(parts[i]) + 1 : 0);
	if (!(p = bm_malloc(total ? total : 1)))
		return;
	s->unit_text = p;
	s->unit_first = (bm_unit){.id = u->id};
	for (size_t i = 0; i < 3; i++) {
		const char **field = i == 0   ? &s->unit_first.name
		                     : i == 1 ? &s->unit_first.code
		                              : &s->unit_first.created_at;
		if (!parts[i])
			continue;
		memcpy(p, parts[i], len[i]);
		*field = p;
		p += len[i];
	}
}

/*
 * The first unit: every request's context reads it (bm_ctx_init), so it is
 * read once per handle. Unit rows are only inserted, never changed or
 * deleted, so the first committed one stays first; one read inside a write
 * transaction is not kept (it may yet roll back).
 */
static int sq_unit_first(bm_store *bs, bm_arena *a, bm_unit **out)
{
	sq_store *s = bm_sq_of(bs);
	bm_unit *u;
	int rc;
	if (s->unit_text) {
		const char *src[3] = {s->unit_first.name, s->unit_first.code,
		                      s->unit_first.created_at};
		const char *copy[3] = {NULL, NULL, NULL};
		if (!(u = bm_arena_alloc(a, sizeof(*u))))
			return bm_error_nomem();
		for (size_t i = 0; i < 3; i++)
			if (src[i] && !(copy[i] = bm_arena_strdup(a, src[i])))
				return bm_error_nomem();
		*u = (bm_unit){.id = s->unit_first.id,
		               .name = copy[0],
		               .code = copy[1],
		               .created_at = copy[2]};
		*out = u;
		return 0;
	}
	rc = read_unit(bs, a, "SELECT id, name, code, created_at FROM unit ORDER BY id LIMIT 1", 0,
	               out);
	if (rc == 0 && (!s->in_tx || s->read_tx))
		remember_unit(s, *out);
	return rc;
}

static int sq_department_insert(bm_store *bs, bm_department *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO department(unit_id, name, code) VALUES (?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->unit_id);
	bm_sq_bind_text(st, 2, d->name);
	bm_sq_bind_text(st, 3, d->code);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		d->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

/* Issue 14 point 14: a department's or place's former names, oldest first (JSON). */
#define FORMER_NAMES(kind, tbl)                                                                    \
	"(SELECT json_group_array(json_object('name', r.old_name, 'until', r.renamed_on))"         \
	" FROM (SELECT old_name, renamed_on FROM org_rename WHERE kind = '" kind "'"               \
	" AND object_id = " tbl ".id ORDER BY id) r)"
/* Carriers still held (not returned, destroyed or missing). */
#define HELD_STATUSES "('in_store','lent','taken_out','circulating')"

#define DEPT_COLS                                                                                  \
	"SELECT id, unit_id, name, code, retired_on,"                                              \
	" CASE WHEN EXISTS (SELECT 1 FROM org_rename WHERE kind = 'department'"                    \
	" AND object_id = department.id) THEN " FORMER_NAMES(                                      \
	        "department", "department") " END, 0, 0, 0 FROM department "
#define DEPT_LIST_COLS                                                                             \
	"SELECT id, unit_id, name, code, retired_on,"                                              \
	" CASE WHEN EXISTS (SELECT 1 FROM org_rename WHERE kind = 'department'"                    \
	" AND object_id = department.id) THEN " FORMER_NAMES(                                      \
	        "department", "department") " END, (SELECT count(*) FROM person p WHERE "          \
	                                    "p.department_id = department.id"                      \
	                                    " AND p.status <> 'left'),"                            \
	                                    " (SELECT count(*) FROM carrier c WHERE "              \
	                                    "c.department_id = department.id"                      \
	                                    " AND c.status IN " HELD_STATUSES "),"                 \
	                                    " EXISTS (SELECT 1 FROM duty_department dd WHERE "     \
	                                    "dd.department_id = department.id"                     \
	                                    " AND dd.ended_on IS NULL) FROM department "

static void read_department(bm_arena *a, sqlite3_stmt *st, bm_department *d)
{
	d->id = sqlite3_column_int64(st, 0);
	d->unit_id = sqlite3_column_int64(st, 1);
	d->name = bm_sq_col_text(a, st, 2);
	d->code = bm_sq_col_text(a, st, 3);
	d->retired_on = bm_sq_col_text(a, st, 4);
	d->former = bm_sq_col_text(a, st, 5);
	d->n_people = sqlite3_column_int64(st, 6);
	d->n_carriers = sqlite3_column_int64(st, 7);
	d->on_duty = sqlite3_column_int(st, 8) != 0;
}

/* Runs a query returning department rows into an arena array. */
static int department_query(sq_store *s, bm_arena *a, sqlite3_stmt *st, bm_department **out,
                            size_t *count)
{
	size_t n = 0, cap = 16;
	bm_department *items = bm_arena_alloc(a, cap * sizeof(*items));
	int rc;
	if (!items)
		return bm_error_nomem();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			bm_department *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*items));
			if (!bigger)
				return bm_error_nomem();
			memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
			cap *= 2;
		}
		read_department(a, st, &items[n++]);
	}
	if (rc != SQLITE_DONE)
		return bm_sq_db_fail(s, rc);
	*out = items;
	*count = n;
	return 0;
}

static int sq_department_get(bm_store *bs, bm_arena *a, int64_t id, bm_department **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_department *items;
	size_t n;
	int rc;
	if ((rc = bm_sq_prep(s, &st, DEPT_COLS "WHERE id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = department_query(s, a, st, &items, &n);
	bm_sq_release(s, st);
	if (rc)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_department", NULL, "部门 %lld 不存在",
		                    "department %lld does not exist", (long long)id);
	*out = items;
	return 0;
}

static int sq_department_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *name,
                              bm_department **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_department *items;
	size_t n;
	int rc;
	if ((rc = bm_sq_prep(s, &st, DEPT_COLS "WHERE unit_id = ? AND (name = ? OR code = ?)")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, name);
	bm_sq_bind_text(st, 3, name);
	rc = department_query(s, a, st, &items, &n);
	bm_sq_release(s, st);
	if (rc)
		return rc;
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "unknown_department", NULL, "部门 '%s' 不存在",
		                    "department '%s' does not exist", name);
	*out = items;
	return 0;
}

/* The unit's departments: `sql` selects them, the unit its one parameter. */
static int unit_departments(bm_store *bs, bm_arena *a, const char *sql, int64_t unit_id,
                            bm_department **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	rc = department_query(s, a, st, out, count);
	bm_sq_release(s, st);
	return rc;
}

static int sq_department_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_department **out,
                              size_t *count)
{
	return unit_departments(bs, a, DEPT_LIST_COLS "WHERE unit_id = ? ORDER BY id", unit_id, out,
	                        count);
}

/* The unit's departments without their counts (store.h department_names). */
static int sq_department_names(bm_store *bs, bm_arena *a, int64_t unit_id, bm_department **out,
                               size_t *count)
{
	return unit_departments(bs, a, DEPT_COLS "WHERE unit_id = ? ORDER BY id", unit_id, out,
	                        count);
}

static int sq_department_update(bm_store *bs, const bm_department *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "UPDATE department SET name = ?, code = ?, retired_on = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, d->name);
	bm_sq_bind_text(st, 2, d->code);
	bm_sq_bind_text(st, 3, d->retired_on);
	sqlite3_bind_int64(st, 4, d->id);
	return bm_sq_step_done(s, st);
}

static int sq_org_rename_insert(bm_store *bs, int64_t unit_id, const char *kind, int64_t id,
                                const char *old_name, const char *new_name, const char *on,
                                int64_t by)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO org_rename(unit_id, kind, object_id, old_name, new_name,"
	                     " renamed_on, renamed_by) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, kind);
	sqlite3_bind_int64(st, 3, id);
	bm_sq_bind_text(st, 4, old_name);
	bm_sq_bind_text(st, 5, new_name);
	bm_sq_bind_text(st, 6, on);
	bm_sq_bind_id(st, 7, by);
	return bm_sq_step_done(s, st);
}

static int sq_org_holdings(bm_store *bs, const char *kind, int64_t id, bm_org_holdings *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bool dept = strcmp(kind, "department") == 0;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = bm_sq_prep(
	             s, &st,
	             dept ? "SELECT (SELECT count(*) FROM person WHERE department_id = ?1"
	                    " AND status <> 'left'),"
	                    " (SELECT count(*) FROM carrier WHERE department_id = ?1"
	                    " AND status IN " HELD_STATUSES "), 0,"
	                    " EXISTS (SELECT 1 FROM duty_department WHERE department_id = ?1"
	                    " AND ended_on IS NULL)"
	                  : "SELECT 0, (SELECT count(*) FROM carrier WHERE place_id = ?1"
	                    " AND status IN " HELD_STATUSES "),"
	                    " (SELECT count(*) FROM device d, storage_place sp WHERE sp.id = ?1"
	                    " AND d.unit_id = sp.unit_id AND d.place = sp.name"
	                    " AND d.status <> 'scrapped'), 0")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		out->people = sqlite3_column_int64(st, 0);
		out->carriers = sqlite3_column_int64(st, 1);
		out->devices = sqlite3_column_int64(st, 2);
		out->on_duty = sqlite3_column_int(st, 3) != 0;
		rc = 0;
	} else
		rc = bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* ---- people --------------------------------------------------------------- */

static const char *const person_status_codes[] = {"active", "disabled", "left"};

static int sq_person_insert(bm_store *bs, bm_person *p)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO person(unit_id, department_id, username, name, person_class,"
	             " temporary, status, password_hash, must_change_password,"
	             " commitment_signed_on, created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->unit_id);
	bm_sq_bind_id(st, 2, p->department_id);
	bm_sq_bind_text(st, 3, p->username);
	bm_sq_bind_text(st, 4, p->name);
	bm_sq_bind_text(st, 5, bm_class_names[p->person_class].code);
	sqlite3_bind_int(st, 6, p->temporary);
	bm_sq_bind_text(st, 7, person_status_codes[p->status]);
	bm_sq_bind_text(st, 8, p->password_hash);
	sqlite3_bind_int(st, 9, p->must_change_password);
	bm_sq_bind_text(st, 10, p->commitment_signed_on);
	bm_sq_bind_text(st, 11, p->created_at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		p->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_person_update(bm_store *bs, const bm_person *p)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE person SET department_id = ?, username = ?, name = ?,"
	                     " person_class = ?, temporary = ?, status = ?, password_hash = ?,"
	                     " must_change_password = ?, commitment_signed_on = ? WHERE id = ?")) !=
	    0)
		return rc;
	bm_sq_bind_id(st, 1, p->department_id);
	bm_sq_bind_text(st, 2, p->username);
	bm_sq_bind_text(st, 3, p->name);
	bm_sq_bind_text(st, 4, bm_class_names[p->person_class].code);
	sqlite3_bind_int(st, 5, p->temporary);
	bm_sq_bind_text(st, 6, person_status_codes[p->status]);
	bm_sq_bind_text(st, 7, p->password_hash);
	sqlite3_bind_int(st, 8, p->must_change_password);
	bm_sq_bind_text(st, 9, p->commitment_signed_on);
	sqlite3_bind_int64(st, 10, p->id);
	if ((rc = bm_sq_step_done(s, st)) == 0 && sqlite3_changes(s->db) == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 %lld 不存在",
		                  "person %lld does not exist", (long long)p->id);
	return rc;
}

#define PERSON_COLS                                                                                \
	"SELECT id, unit_id, coalesce(department_id, 0), username, name, person_class,"            \
	" temporary, status, password_hash, must_change_password, commitment_signed_on,"           \
	" created_at FROM person "

static int read_person(bm_arena *a, sqlite3_stmt *st, bm_person *p)
{
	int cls, rc;
	const char *status = (const char *)sqlite3_column_text(st, 7);

	p->id = sqlite3_column_int64(st, 0);
	p->unit_id = sqlite3_column_int64(st, 1);
	p->department_id = sqlite3_column_int64(st, 2);
	p->username = bm_sq_col_text(a, st, 3);
	p->name = bm_sq_col_text(a, st, 4);
	if ((rc = bm_sq_col_vocab(st, 5, bm_class_names, BM_CLASS_COUNT, &cls)) != 0)
		return rc;
	p->person_class = (bm_class)cls;
	p->temporary = sqlite3_column_int(st, 6) != 0;
	p->status = BM_PERSON_ACTIVE;
	for (size_t i = 0; i < BM_ARRAY_LEN(person_status_codes); i++)
		if (status && strcmp(status, person_status_codes[i]) == 0)
			p->status = (bm_person_status)i;
	p->password_hash = bm_sq_col_text(a, st, 8);
	p->must_change_password = sqlite3_column_int(st, 9) != 0;
	p->commitment_signed_on = bm_sq_col_text(a, st, 10);
	p->created_at = bm_sq_col_text(a, st, 11);
	return 0;
}

static int load_roles(sq_store *s, bm_arena *a, bm_person *p)
{
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT role, department_id FROM person_role WHERE person_id = ?"
	                     " ORDER BY role, department_id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->id);
	p->roles = bm_arena_alloc(a, BM_ROLE_COUNT * 8 * sizeof(*p->roles));
	if (!p->roles) {
		bm_sq_release(s, st);
		return bm_error_nomem();
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n < BM_ROLE_COUNT * 8) {
		int role;
		if (bm_sq_col_vocab(st, 0, bm_role_names, BM_ROLE_COUNT, &role) != 0)
			continue; /* a role this build does not know grants nothing */
		p->roles[n].role = (bm_role)role;
		p->roles[n].department_id = sqlite3_column_int64(st, 1);
		n++;
	}
	bm_sq_release(s, st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return bm_sq_db_fail(s, rc);
	p->n_roles = n;
	return 0;
}

static int person_one(sq_store *s, bm_arena *a, sqlite3_stmt *st, bm_person **out)
{
	int rc = sqlite3_step(st);
	bm_person *p;
	if (rc == SQLITE_DONE)
		return BM_ENOTFOUND;
	if (rc != SQLITE_ROW)
		return bm_sq_db_fail(s, rc);
	if (!(p = bm_arena_alloc(a, sizeof(*p))))
		return bm_error_nomem();
	if ((rc = read_person(a, st, p)) != 0 || (rc = load_roles(s, a, p)) != 0)
		return rc;
	*out = p;
	return 0;
}

static int sq_person_get(bm_store *bs, bm_arena *a, int64_t id, bm_person **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, PERSON_COLS "WHERE id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = person_one(s, a, st, out);
	bm_sq_release(s, st);
	if (rc == BM_ENOTFOUND)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 %lld 不存在",
		                  "person %lld does not exist", (long long)id);
	return rc;
}

static int sq_person_find(bm_store *bs, bm_arena *a, const char *ref, bm_person **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* A username wins over a display name; two people with one name are ambiguous. */
	if ((rc = bm_sq_prep(s, &st,
	                     PERSON_COLS "WHERE username = ?1 OR (name = ?1 AND"
	                                 " (SELECT count(*) FROM person WHERE name = ?1) = 1)"
	                                 " ORDER BY username = ?1 DESC LIMIT 1")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, ref);
	rc = person_one(s, a, st, out);
	bm_sq_release(s, st);
	if (rc == BM_ENOTFOUND)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_person", NULL,
		                  "人员 '%s' 不存在或同名无法区分",
		                  "person '%s' does not exist or the name is ambiguous", ref);
	return rc;
}

static int sq_person_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_person **out,
                          size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n = 0, cap = 32;
	bm_person *items;
	int rc;
	if ((rc = bm_sq_prep(s, &st, PERSON_COLS "WHERE unit_id = ? ORDER BY id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	if (!(items = bm_arena_alloc(a, cap * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			bm_person *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*items));
			if (!bigger) {
				rc = bm_error_nomem();
				goto done;
			}
			memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
			cap *= 2;
		}
		if ((rc = read_person(a, st, &items[n])) != 0)
			goto done;
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++)
		rc = load_roles(s, a, &items[i]);
	if (rc == 0) {
		*out = items;
		*count = n;
	}
done:
	bm_sq_release(s, st);
	return rc;
}

static int sq_role_grant(bm_store *bs, int64_t person_id, bm_role role, int64_t department_id)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT OR IGNORE INTO person_role(person_id, role, department_id)"
	                     " VALUES (?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	bm_sq_bind_text(st, 2, bm_role_names[role].code);
	sqlite3_bind_int64(st, 3, department_id);
	return bm_sq_step_done(s, st);
}

static int sq_role_revoke(bm_store *bs, int64_t person_id, bm_role role, int64_t department_id)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "DELETE FROM person_role WHERE person_id = ? AND role = ?"
	                     " AND department_id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	bm_sq_bind_text(st, 2, bm_role_names[role].code);
	sqlite3_bind_int64(st, 3, department_id);
	return bm_sq_step_done(s, st);
}

/* ---- storage places ------------------------------------------------------- */

static int sq_place_insert(bm_store *bs, bm_place *p)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO storage_place(unit_id, department_id, name, kind,"
	                     " max_level) VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->unit_id);
	bm_sq_bind_id(st, 2, p->department_id);
	bm_sq_bind_text(st, 3, p->name);
	bm_sq_bind_text(st, 4, bm_place_kind_names[p->kind].code);
	sqlite3_bind_int(st, 5, (int)p->max_level);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		p->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

#define PLACE_COLS                                                                                 \
	"SELECT id, unit_id, coalesce(department_id, 0), name, kind, max_level, retired_on,"       \
	" CASE WHEN EXISTS (SELECT 1 FROM org_rename WHERE kind = 'place'"                         \
	" AND object_id = storage_place.id) THEN " FORMER_NAMES(                                   \
	        "place", "storage_place") " END, 0, 0 FROM storage_place "
#define PLACE_LIST_COLS                                                                            \
	"SELECT id, unit_id, coalesce(department_id, 0), name, kind, max_level, retired_on,"       \
	" CASE WHEN EXISTS (SELECT 1 FROM org_rename WHERE kind = 'place'"                         \
	" AND object_id = storage_place.id) THEN " FORMER_NAMES(                                   \
	        "place", "storage_place") " END, (SELECT count(*) FROM carrier c WHERE "           \
	                                  "c.place_id = storage_place.id"                          \
	                                  " AND c.status IN " HELD_STATUSES "),"                   \
	                                  " (SELECT count(*) FROM device d WHERE d.unit_id = "     \
	                                  "storage_place.unit_id"                                  \
	                                  " AND d.place = storage_place.name AND d.status <> "     \
	                                  "'scrapped') FROM storage_place "

static int place_query(sq_store *s, bm_arena *a, sqlite3_stmt *st, bm_place **out, size_t *count)
{
	size_t n = 0, cap = 16;
	bm_place *items = bm_arena_alloc(a, cap * sizeof(*items));
	int rc;
	if (!items)
		return bm_error_nomem();
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind;
		if (n == cap) {
			bm_place *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*items));
			if (!bigger)
				return bm_error_nomem();
			memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
			cap *= 2;
		}
		items[n].id = sqlite3_column_int64(st, 0);
		items[n].unit_id = sqlite3_column_int64(st, 1);
		items[n].department_id = sqlite3_column_int64(st, 2);
		items[n].name = bm_sq_col_text(a, st, 3);
		if ((rc = bm_sq_col_vocab(st, 4, bm_place_kind_names, BM_PLACE_COUNT, &kind)) != 0)
			return rc;
		items[n].kind = (bm_place_kind)kind;
		items[n].max_level = (bm_level)sqlite3_column_int(st, 5);
		items[n].retired_on = bm_sq_col_text(a, st, 6);
		items[n].former = bm_sq_col_text(a, st, 7);
		items[n].n_carriers = sqlite3_column_int64(st, 8);
		items[n].n_devices = sqlite3_column_int64(st, 9);
		n++;
	}
	if (rc != SQLITE_DONE)
		return bm_sq_db_fail(s, rc);
	*out = items;
	*count = n;
	return 0;
}

static int sq_place_get(bm_store *bs, bm_arena *a, int64_t id, bm_place **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n;
	int rc;
	if ((rc = bm_sq_prep(s, &st, PLACE_COLS "WHERE id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = place_query(s, a, st, out, &n);
	bm_sq_release(s, st);
	if (rc == 0 && n == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_place", NULL, "存放地点 %lld 不存在",
		                  "storage place %lld does not exist", (long long)id);
	return rc;
}

static int sq_place_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *name,
                         bm_place **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n;
	int rc;
	if ((rc = bm_sq_prep(s, &st, PLACE_COLS "WHERE unit_id = ? AND name = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, name);
	rc = place_query(s, a, st, out, &n);
	bm_sq_release(s, st);
	if (rc == 0 && n == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_place", NULL, "存放地点 '%s' 不存在",
		                  "storage place '%s' does not exist", name);
	return rc;
}

static int sq_place_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_place **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, PLACE_LIST_COLS "WHERE unit_id = ? ORDER BY id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	rc = place_query(s, a, st, out, count);
	bm_sq_release(s, st);
	return rc;
}

static int sq_place_update(bm_store *bs, const bm_place *p)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE storage_place SET name = ?, retired_on = ? WHERE id = ?")) !=
	    0)
		return rc;
	bm_sq_bind_text(st, 1, p->name);
	bm_sq_bind_text(st, 2, p->retired_on);
	sqlite3_bind_int64(st, 3, p->id);
	return bm_sq_step_done(s, st);
}

/* ---- carriers ------------------------------------------------------------- */

#define CARRIER_COLS                                                                               \
	"c.id, c.unit_id, c.kind, c.title, c.doc_number, coalesce(c.serial_number, 0), c.pages,"   \
	" c.copies, c.producer, c.sender, c.level, c.original_level, c.period_kind,"               \
	" coalesce(c.period_years, 0), c.period_until, c.period_event, c.review_date,"             \
	" c.period_start, c.origin, c.urgency, c.received_on, c.registered_at,"                    \
	" coalesce(c.department_id, 0), coalesce(c.custodian_id, 0), coalesce(c.place_id, 0),"     \
	" c.status, coalesce(c.copy_of, 0), coalesce(c.extract_of, 0), coalesce(c.volume_id, 0),"  \
	" c.note, coalesce(c.registered_by, 0), c.updated_at, cp.name, sp.name, cd.name,"          \
	" c.keep_reason, coalesce(c.keep_approver_id, 0), c.keep_until, ka.name,"                  \
	" cm.original_marking, cm.original_marking_en, cm.changed_on, coalesce(cm.declassified, "  \
	"0), coalesce(c.classifier_id, 0), c.classification_basis,"                                \
	" (SELECT cf.name FROM person cf WHERE cf.id = c.classifier_id)"

/* The carrier table with the names a ledger shows beside it. */
#define CARRIER_JOINS                                                                              \
	" LEFT JOIN person cp ON cp.id = c.custodian_id"                                           \
	" LEFT JOIN storage_place sp ON sp.id = c.place_id"                                        \
	" LEFT JOIN department cd ON cd.id = c.department_id"                                      \
	" LEFT JOIN person ka ON ka.id = c.keep_approver_id"                                       \
	" LEFT JOIN carrier_marking cm ON cm.carrier_id = c.id"
#define CARRIER_FROM " FROM carrier c" CARRIER_JOINS

static int read_carrier(bm_arena *a, sqlite3_stmt *st, bm_carrier *c)
{
	int v, rc;
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->unit_id = sqlite3_column_int64(st, 1);
	if ((rc = bm_sq_col_vocab(st, 2, bm_kind_names, BM_KIND_COUNT, &v)) != 0)
		return rc;
	c->kind = (bm_kind)v;
	c->title = bm_sq_col_text(a, st, 3);
	c->doc_number = bm_sq_col_text(a, st, 4);
	c->serial_number = sqlite3_column_int(st, 5);
	c->pages = sqlite3_column_int(st, 6);
	c->copies = sqlite3_column_int(st, 7);
	c->producer = bm_sq_col_text(a, st, 8);
	c->sender = bm_sq_col_text(a, st, 9);
	c->level = (bm_level)sqlite3_column_int(st, 10);
	c->original_level = (bm_level)sqlite3_column_int(st, 11);
	if ((rc = bm_sq_col_vocab(st, 12, bm_period_kind_names, BM_PERIOD_COUNT, &v)) != 0)
		return rc;
	c->period_kind = (bm_period_kind)v;
	c->period_years = sqlite3_column_int(st, 13);
	c->period_until = bm_sq_col_text(a, st, 14);
	c->period_event = bm_sq_col_text(a, st, 15);
	c->review_date = bm_sq_col_text(a, st, 16);
	c->period_start = bm_sq_col_text(a, st, 17);
	if ((rc = bm_sq_col_vocab(st, 18, bm_origin_names, BM_ORIGIN_COUNT, &v)) != 0)
		return rc;
	c->origin = (bm_origin)v;
	if ((rc = bm_sq_col_vocab(st, 19, bm_urgency_names, BM_URGENCY_COUNT, &v)) != 0)
		return rc;
	c->urgency = (bm_urgency)v;
	c->received_on = bm_sq_col_text(a, st, 20);
	c->registered_at = bm_sq_col_text(a, st, 21);
	c->department_id = sqlite3_column_int64(st, 22);
	c->custodian_id = sqlite3_column_int64(st, 23);
	c->place_id = sqlite3_column_int64(st, 24);
	if ((rc = bm_sq_col_vocab(st, 25, bm_status_names, BM_STATUS_COUNT, &v)) != 0)
		return rc;
	c->status = (bm_status)v;
	c->copy_of = sqlite3_column_int64(st, 26);
	c->extract_of = sqlite3_column_int64(st, 27);
	c->volume_id = sqlite3_column_int64(st, 28);
	c->note = bm_sq_col_text(a, st, 29);
	c->registered_by = sqlite3_column_int64(st, 30);
	c->updated_at = bm_sq_col_text(a, st, 31);
	c->custodian_name = bm_sq_col_text(a, st, 32);
	c->place_name = bm_sq_col_text(a, st, 33);
	c->department_name = bm_sq_col_text(a, st, 34);
	c->keep_reason = bm_sq_col_text(a, st, 35);
	c->keep_approver_id = sqlite3_column_int64(st, 36);
	c->keep_until = bm_sq_col_text(a, st, 37);
	c->keep_approver_name = bm_sq_col_text(a, st, 38);
	c->original_marking = bm_sq_col_text(a, st, 39);
	c->original_marking_en = bm_sq_col_text(a, st, 40);
	c->marking_changed_on = bm_sq_col_text(a, st, 41);
	c->declassified = sqlite3_column_int(st, 42) != 0;
	c->classifier_id = sqlite3_column_int64(st, 43);
	c->classification_basis = bm_sq_col_text(a, st, 44);
	c->classifier_name = bm_sq_col_text(a, st, 45);
	return 0;
}

/* Binds the writable carrier columns in the order of the INSERT/UPDATE below. */
static void bind_carrier(sqlite3_stmt *st, const bm_carrier *c)
{
	sqlite3_bind_int64(st, 1, c->unit_id);
	bm_sq_bind_text(st, 2, bm_kind_names[c->kind].code);
	bm_sq_bind_text(st, 3, c->title);
	bm_sq_bind_text(st, 4, c->doc_number);
	if (c->serial_number)
		sqlite3_bind_int(st, 5, c->serial_number);
	else
		sqlite3_bind_null(st, 5);
	sqlite3_bind_int(st, 6, c->pages);
	sqlite3_bind_int(st, 7, c->copies > 0 ? c->copies : 1);
	bm_sq_bind_text(st, 8, c->producer);
	bm_sq_bind_text(st, 9, c->sender);
	sqlite3_bind_int(st, 10, (int)c->level);
	sqlite3_bind_int(st, 11, (int)c->original_level);
	bm_sq_bind_text(st, 12, bm_period_kind_names[c->period_kind].code);
	if (c->period_kind == BM_PERIOD_YEARS)
		sqlite3_bind_int(st, 13, c->period_years);
	else
		sqlite3_bind_null(st, 13);
	bm_sq_bind_text(st, 14, c->period_until);
	bm_sq_bind_text(st, 15, c->period_event);
	bm_sq_bind_text(st, 16, c->review_date);
	bm_sq_bind_text(st, 17, c->period_start);
	bm_sq_bind_text(st, 18, bm_origin_names[c->origin].code);
	bm_sq_bind_text(st, 19, bm_urgency_names[c->urgency].code);
	bm_sq_bind_text(st, 20, c->received_on);
	bm_sq_bind_text(st, 21, c->registered_at);
	bm_sq_bind_id(st, 22, c->department_id);
	bm_sq_bind_id(st, 23, c->custodian_id);
	bm_sq_bind_id(st, 24, c->place_id);
	bm_sq_bind_text(st, 25, bm_status_names[c->status].code);
	bm_sq_bind_id(st, 26, c->copy_of);
	bm_sq_bind_id(st, 27, c->extract_of);
	bm_sq_bind_id(st, 28, c->volume_id);
	bm_sq_bind_text(st, 29, c->note);
	bm_sq_bind_id(st, 30, c->registered_by);
	bm_sq_bind_text(st, 31, c->updated_at);
	bm_sq_bind_text(st, 32, c->keep_reason);
	bm_sq_bind_id(st, 33, c->keep_approver_id);
	bm_sq_bind_text(st, 34, c->keep_until);
	bm_sq_bind_id(st, 35, c->classifier_id);
	bm_sq_bind_text(st, 36, c->classification_basis);
}

/*
 * *same = true when carrier `carrier_id`'s scope rows are `scope[0..n)`,
 * in their order (the order load_scope reads them in).
 */
static int scope_unchanged(sq_store *s, int64_t carrier_id, const bm_scope_entry *scope, size_t n,
                           bool *same)
{
	sqlite3_stmt *st;
	size_t i = 0;
	int rc;
	*same = false;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT person_id, department_id FROM carrier_scope"
	                     " WHERE carrier_id = ? ORDER BY rowid")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, carrier_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (i == n || sqlite3_column_int64(st, 0) != scope[i].person_id ||
		    sqlite3_column_int64(st, 1) != scope[i].department_id)
			break;
		i++;
	}
	if (rc == SQLITE_DONE)
		*same = i == n;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/*
 * The carrier's scope rows replaced by `scope[0..n)`. An update that keeps
 * the scope (most do: an issue, a return, a status) leaves the rows alone,
 * and with them the SYS-2 key rows and the tallies their triggers keep
 * (migrations 11 and 48), which a delete and re-insert would move out and
 * back for nothing.
 */
static int write_scope(sq_store *s, int64_t carrier_id, const bm_scope_entry *scope, size_t n,
                       bool replace)
{
	sqlite3_stmt *st;
	bool same = false;
	int rc;
	if (replace && ((rc = scope_unchanged(s, carrier_id, scope, n, &same)) != 0 || same))
		return rc;
	if (replace) { /* a carrier just inserted has no scope rows to delete */
		if ((rc = bm_sq_prep(s, &st, "DELETE FROM carrier_scope WHERE carrier_id = ?")) !=
		    0)
			return rc;
		sqlite3_bind_int64(st, 1, carrier_id);
		if ((rc = bm_sq_step_done(s, st)) != 0)
			return rc;
	}
	if (!n)
		return 0;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO carrier_scope(carrier_id, person_id, department_id)"
	                     " VALUES (?,?,?)")) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, carrier_id);
		bm_sq_bind_id(st, 2, scope[i].person_id);
		bm_sq_bind_id(st, 3, scope[i].department_id);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			rc = bm_sq_db_fail(s, rc);
			bm_sq_release(s, st);
			return rc;
		}
	}
	bm_sq_release(s, st);
	return 0;
}

/*
 * Carrier `c`'s rows of carrier_gram (migrations 48 and 51): its distinct
 * one- and two-character terms, listed in C (bm_sq_ngram_terms: the
 * tokenizer's own splitting, the list GRAMS_OF makes in SQL for the update
 * trigger, without the recursive CTE). Run once the carrier's scope rows are
 * written, so that carrier_gram_tally's trigger counts each term against the
 * carrier's final SYS-2 key rows only.
 */
static int carrier_terms_add(sq_store *s, const bm_carrier *c)
{
	/*
	 * Up to 128 terms a statement: each INSERT fires carrier_gram's tally
	 * triggers and so opens a statement journal, whose first chunk is
	 * SQ_JOURNAL_SPILL bytes (allocated and freed per statement); a
	 * statement a term made each registration allocate it ~23 times (under
	 * ASan an mmap and munmap each). Three statement texts (8, 32 or 128
	 * places; the places left unbound are NULL and skipped), so the
	 * statement cache holds them all.
	 */
	static const size_t sizes[] = {8, 32, 128};
	sqlite3_stmt *st = NULL;
	bm_sq_term *terms = NULL;
	size_t n = 0;
	bm_buf sql;
	int rc;
	if ((rc = bm_sq_ngram_terms(c->title, c->doc_number, &terms, &n)) != 0 || n == 0)
		return rc;
	bm_buf_init(&sql, 0);
	for (size_t at = 0; at < n && rc == 0;) {
		size_t k = n - at, places = sizes[0];
		for (size_t i = 0; i < BM_ARRAY_LEN(sizes) && places < k; i++)
			places = sizes[i];
		if (k > places)
			k = places;
		bm_buf_clear(&sql);
		rc = bm_buf_puts(&sql, "INSERT INTO carrier_gram(carrier_id, gram)"
		                       " SELECT ?1, column1 FROM (VALUES ");
		for (size_t i = 0; i < places && rc == 0; i++)
			rc = bm_buf_printf(&sql, "%s(?%zu)", i ? "," : "", i + 2);
		if (rc == 0)
			rc = bm_buf_puts(&sql, ") WHERE column1 IS NOT NULL");
		if (rc != 0 || (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
			break;
		sqlite3_bind_int64(st, 1, c->id);
		for (size_t i = 0; i < k; i++)
			sqlite3_bind_text(st, (int)(i + 2), terms[at + i].text, -1, SQLITE_STATIC);
		rc = bm_sq_step_done(s, st);
		at += k;
	}
	bm_buf_release(&sql);
	bm_free(terms);
	return rc;
}

static int sq_carrier_insert(bm_store *bs, bm_carrier *c)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO carrier(unit_id, kind, title, doc_number, serial_number, pages,"
	             " copies, producer, sender, level, original_level, period_kind, period_years,"
	             " period_until, period_event, review_date, period_start, origin, urgency,"
	             " received_on, registered_at, department_id, custodian_id, place_id, status,"
	             " copy_of, extract_of, volume_id, note, registered_by, updated_at,"
	             " keep_reason, keep_approver_id, keep_until, classifier_id,"
	             " classification_basis)"
	             " VALUES "
	             "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?"
	             ")")) != 0)
		return rc;
	bind_carrier(st, c);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	c->id = sqlite3_last_insert_rowid(s->db);
	if ((rc = write_scope(s, c->id, c->scope, c->n_scope, false)) != 0)
		return rc;
	return carrier_terms_add(s, c);
}

static int sq_carrier_update(bm_store *bs, const bm_carrier *c)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "UPDATE carrier SET unit_id=?1, kind=?2, title=?3, doc_number=?4,"
	             " serial_number=?5, pages=?6, copies=?7, producer=?8, sender=?9, level=?10,"
	             " original_level=?11, period_kind=?12, period_years=?13, period_until=?14,"
	             " period_event=?15, review_date=?16, period_start=?17, origin=?18,"
	             " urgency=?19, received_on=?20, registered_at=?21, department_id=?22,"
	             " custodian_id=?23, place_id=?24, status=?25, copy_of=?26, extract_of=?27,"
	             " volume_id=?28, note=?29, registered_by=?30, updated_at=?31,"
	             " keep_reason=?32, keep_approver_id=?33, keep_until=?34,"
	             " classifier_id=?35, classification_basis=?36"
	             " WHERE id=?37")) != 0)
		return rc;
	bind_carrier(st, c);
	sqlite3_bind_int64(st, 37, c->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
		                    "carrier %lld does not exist", (long long)c->id);
	return write_scope(s, c->id, c->scope, c->n_scope, true);
}

static int sq_carrier_marking_set(bm_store *bs, const bm_carrier *c)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if (!c->original_marking || !c->original_marking_en || !c->marking_changed_on)
		return bm_error_set(BM_EINVALID, "marking_incomplete", NULL,
		                    "载体 %lld 的原标志或变更日期缺失",
		                    "carrier %lld: the original marking or the date is missing",
		                    (long long)c->id);
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT OR REPLACE INTO carrier_marking(carrier_id, original_marking,"
	             " original_marking_en, changed_on, declassified) VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	bm_sq_bind_text(st, 2, c->original_marking);
	bm_sq_bind_text(st, 3, c->original_marking_en);
	bm_sq_bind_text(st, 4, c->marking_changed_on);
	sqlite3_bind_int(st, 5, c->declassified ? 1 : 0);
	return bm_sq_step_done(s, st);
}

static int load_scope(sq_store *s, bm_arena *a, bm_carrier *c)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 8;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT coalesce(person_id, 0), coalesce(department_id, 0)"
	                     " FROM carrier_scope WHERE carrier_id = ? ORDER BY rowid")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->id);
	c->scope = bm_arena_alloc(a, cap * sizeof(*c->scope));
	if (!c->scope) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			bm_scope_entry *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*bigger));
			if (!bigger) {
				rc = bm_error_nomem();
				goto done;
			}
			memcpy(bigger, c->scope, n * sizeof(*bigger));
			c->scope = bigger;
			cap *= 2;
		}
		c->scope[n].person_id = sqlite3_column_int64(st, 0);
		c->scope[n].department_id = sqlite3_column_int64(st, 1);
		n++;
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	c->n_scope = n;
done:
	bm_sq_release(s, st);
	return rc;
}

static int sq_carrier_get(bm_store *bs, bm_arena *a, int64_t id, bm_carrier **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_carrier *c;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "SELECT " CARRIER_COLS CARRIER_FROM " WHERE c.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
		                  "carrier %lld does not exist", (long long)id);
	} else if (rc != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
	} else if (!(c = bm_arena_alloc(a, sizeof(*c)))) {
		rc = bm_error_nomem();
	} else if ((rc = read_carrier(a, st, c)) == 0 && (rc = load_scope(s, a, c)) == 0) {
		*out = c;
	}
	bm_sq_release(s, st);
	return rc;
}

static int sq_carrier_serial_taken(bm_store *bs, int64_t unit_id, const char *doc_number,
                                   int serial_number, bool *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT 1 FROM carrier WHERE unit_id = ? AND doc_number = ?"
	                     " AND serial_number = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, doc_number);
	sqlite3_bind_int(st, 3, serial_number);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
		*out = rc == SQLITE_ROW;
		rc = 0;
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}

/*
 * SYS-2 as SQL. The store decides nothing here: the rule is the policy's
 * (viewer->rule, bm_policy_sys2_rule() in src/policy/visibility.c), a list
 * of terms this table renders one by one. Each row is the SQL reading of the
 * term whose C reading is bm_policy_sight_holds(); a new term needs a row
 * in both, and tests/unit/service/test_visibility.c proves the two readings
 * list the same carriers for every combination of level, class, role,
 * scope, custodian and loan. Parameters: ?1 viewer id, ?2 viewer
 * department, ?3 clearance, ?4 clerk, ?5 unit, ?20 + s the code of status
 * s when bm_status_is_out(s) (else NULL, which matches nothing). The
 * unary `+` keeps SQLite on the per-carrier indexes (carrier_scope_carrier,
 * loan_carrier): a department's or a person's index would be scanned once
 * per carrier. Totals, stats and id-order pages read the same terms from
 * kept forms where they can (tally_where for the clerk, sight_keys for
 * anyone else); a term with no kept reading leaves them here.
 */
static const char *const sight_sql[BM_SIGHT_COUNT] = {
        [BM_SIGHT_SAME_UNIT] = "(?5 <> 0 AND c.unit_id = ?5)",
        [BM_SIGHT_CLEARED] = "c.level <= ?3",
        [BM_SIGHT_CLERK] = "?4 = 1",
        [BM_SIGHT_CUSTODIAN] = "(?1 <> 0 AND c.custodian_id = ?1)",
        [BM_SIGHT_NO_SCOPE] =
                "NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id)",
        [BM_SIGHT_SCOPE_PERSON] = "(?1 <> 0 AND EXISTS (SELECT 1 FROM carrier_scope x"
                                  " WHERE x.carrier_id = c.id AND +x.person_id = ?1))",
        [BM_SIGHT_SCOPE_DEPARTMENT] = "(?2 <> 0 AND EXISTS (SELECT 1 FROM carrier_scope x"
                                      " WHERE x.carrier_id = c.id AND +x.department_id = ?2))",
        /* The holder is the one of the newest open loan, as loan_current reads it. */
        [BM_SIGHT_HOLDER] = "(?1 <> 0 AND c.status IN (?20, ?21, ?22, ?23, ?24, ?25, ?26)"
                            " AND (SELECT l.holder_id FROM loan l WHERE l.carrier_id = c.id"
                            " AND +l.returned_at IS NULL ORDER BY l.id DESC LIMIT 1) = ?1)",
};
#define SIGHT_STATUS_PARAM 20
_Static_assert(BM_STATUS_COUNT == 7, "sight_sql binds one parameter per status");

/* Appends `rule` as one parenthesised condition: the `all` terms AND any `any` term. */
static int sight_where(bm_buf *b, const bm_sight_rule *rule)
{
	int rc = bm_buf_puts(b, " (");
	for (size_t i = 0; rc == 0 && i < rule->n_all; i++) {
		if ((unsigned)rule->all[i] >= BM_SIGHT_COUNT)
			return bm_error_set(BM_ERROR, "unknown_sight", NULL, "未知的可见性条件",
			                    "unknown visibility term");
		rc = bm_buf_printf(b, "%s AND ", sight_sql[rule->all[i]]);
	}
	if (rc == 0)
		rc = bm_buf_puts(b, "(");
	for (size_t i = 0; rc == 0 && i < rule->n_any; i++) {
		if ((unsigned)rule->any[i] >= BM_SIGHT_COUNT)
			return bm_error_set(BM_ERROR, "unknown_sight", NULL, "未知的可见性条件",
			                    "unknown visibility term");
		rc = bm_buf_printf(b, "%s%s", i ? " OR " : "", sight_sql[rule->any[i]]);
	}
	if (rc == 0)
		rc = bm_buf_puts(b, rule->n_any ? "))" : "0))");
	return rc; /* the buffer's own error (BM_ENOMEM or BM_ETOOLARGE), set */
}

/* Quotes a query as one FTS5 phrase: a substring match under the n-gram tokenizer. */
static char *fts_phrase(bm_arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = bm_arena_alloc(a, n * 2 + 3), *w = p;
	if (!p)
		return NULL;
	*w++ = '"';
	for (; *q; q++) {
		if (*q == '"')
			*w++ = '"';
		*w++ = *q;
	}
	*w++ = '"';
	*w = '\0';
	return p;
}

/*
 * The list's orders. Each ends on c.id, so rows never tie and a keyset
 * position (the sort key and the id of the row before) is exact: `key` is
 * the leading column (NULL when the order is by id alone), `key_desc` and
 * `id_desc` the directions. The keys are NOT NULL (a nullable column sorts
 * by COALESCE), and each has an index on the key alone (migration 38, or
 * carrier_registered), so a page is an index range in either direction.
 */
#define KEY_OF(col) "SELECT " col " FROM carrier c WHERE c.id = ?"
static const struct sort_order {
	const char *name;
	const char *order;
	const char *key;     /* the leading column, NULL: by id alone */
	const char *key_sql; /* reads `key` of one carrier */
	bool key_desc, id_desc;
} sort_orders[] = {
        {"id", " ORDER BY c.id", NULL, NULL, false, false},
        {"-id", " ORDER BY c.id DESC", NULL, NULL, false, true},
#define ORDERS(name, key)                                                                          \
	{name, " ORDER BY " key ", c.id", key, KEY_OF(key), false, false},                         \
	{                                                                                          \
		"-" name, " ORDER BY " key " DESC, c.id DESC", key, KEY_OF(key), true, true        \
	}
        ORDERS("level", "c.level"),
        ORDERS("title", "c.title"),
        ORDERS("doc", "COALESCE(c.doc_number, '')"),
        ORDERS("kind", "c.kind"),
        ORDERS("status", "c.status"),
        ORDERS("custodian", "COALESCE(c.custodian_id, 0)"),
        ORDERS("place", "COALESCE(c.place_id, 0)"),
        ORDERS("registered", "c.registered_at"),
#undef ORDERS
};

/* ?30 is the keyset id, ?31 its sort key (keyset_bind). */
#define KEYSET_ID_PARAM  30
#define KEYSET_KEY_PARAM 31

/* Appends the keyset condition: rows strictly after (?31, ?30) in `o`. */
static int keyset_where(bm_buf *b, const struct sort_order *o)
{
	const char *id_op = o->id_desc ? "<" : ">";
	if (!o->key)
		return bm_buf_printf(b, " AND c.id %s ?30", id_op);
	return bm_buf_printf(b, " AND (%s %s ?31 OR (%s = ?31 AND c.id %s ?30))", o->key,
	                     o->key_desc ? "<" : ">", o->key, id_op);
}

/*
 * Reads the sort key of carrier `after` into `*out` (a copy the caller
 * frees with sqlite3_value_free; NULL for an order by id alone).
 * BM_ENOTFOUND when no such carrier exists.
 */
static int keyset_key(sq_store *s, const struct sort_order *o, int64_t after, sqlite3_value **out)
{
	sqlite3_stmt *st;
	int rc;
	*out = NULL;
	if ((rc = bm_sq_prep(s, &st, o->key_sql ? o->key_sql : KEY_OF("c.id"))) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		rc = 0;
		if (o->key && !(*out = sqlite3_value_dup(sqlite3_column_value(st, 0))))
			rc = bm_error_nomem();
	} else if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
		                  "carrier %lld does not exist", (long long)after);
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}

/* Builds the WHERE clause of the ledger filter and binds it on a prepared statement. */
typedef struct filter_sql {
	bm_buf where;
	const char *fts;
} filter_sql;

static int build_filter(bm_arena *a, const bm_carrier_filter *f, filter_sql *out)
{
	const char *clause[16];
	size_t n = 0;
	int rc;
	bm_buf_init(&out->where, 8192);
	out->fts = NULL;
	/* Each append fails with the buffer's own error (BM_ENOMEM or BM_ETOOLARGE), set. */
	if ((rc = bm_buf_puts(&out->where, " WHERE")) != 0 ||
	    (rc = sight_where(&out->where, f->viewer->rule)) != 0)
		return rc;
	if (f->level >= 0)
		clause[n++] = " AND c.level = ?6";
	if (f->status >= 0)
		clause[n++] = " AND c.status = ?7";
	if (f->kind >= 0)
		clause[n++] = " AND c.kind = ?8";
	if (f->origin >= 0)
		clause[n++] = " AND c.origin = ?9";
	if (f->department_id)
		clause[n++] = " AND c.department_id = ?10";
	if (f->custodian_id)
		clause[n++] = " AND c.custodian_id = ?11";
	if (f->place_id)
		clause[n++] = " AND c.place_id = ?12";
	/* ?17 and ?18 are the list's LIMIT and OFFSET. */
	if (f->derived_from)
		clause[n++] = " AND (c.copy_of = ?19 OR c.extract_of = ?19 OR c.volume_id = ?19)";
	/* Instants are fixed-width UTC text: they compare as they sort. */
	if (f->registered_since)
		clause[n++] = " AND c.registered_at >= ?13";
	if (f->registered_before)
		clause[n++] = " AND c.registered_at < ?14";
	if (f->query && *f->query) {
		/* Every length is one phrase of the n-gram index (sqlite_ngram.c). */
		out->fts = fts_phrase(a, f->query);
		clause[n++] = " AND c.id IN (SELECT rowid FROM carrier_ngram"
		              " WHERE carrier_ngram MATCH ?15)";
		if (!out->fts)
			return bm_error_nomem();
	}
	for (size_t i = 0; i < n; i++)
		if ((rc = bm_buf_puts(&out->where, clause[i])) != 0)
			return rc;
	return 0;
}

static void bind_filter(sqlite3_stmt *st, const bm_carrier_filter *f, const filter_sql *fs)
{
	const bm_viewer *v = f->viewer;
	sqlite3_bind_int64(st, 1, v->person_id);
	sqlite3_bind_int64(st, 2, v->department_id);
	sqlite3_bind_int(st, 3, (int)v->max_level);
	sqlite3_bind_int(st, 4, v->clerk ? 1 : 0);
	sqlite3_bind_int64(st, 5, v->unit_id);
	for (int k = 0; k < BM_STATUS_COUNT; k++)
		if (bm_status_is_out((bm_status)k))
			bm_sq_bind_text(st, SIGHT_STATUS_PARAM + k, bm_status_names[k].code);
	if (f->level >= 0)
		sqlite3_bind_int(st, 6, f->level);
	if (f->status >= 0)
		bm_sq_bind_text(st, 7, bm_status_names[f->status].code);
	if (f->kind >= 0)
		bm_sq_bind_text(st, 8, bm_kind_names[f->kind].code);
	if (f->origin >= 0)
		bm_sq_bind_text(st, 9, bm_origin_names[f->origin].code);
	if (f->department_id)
		sqlite3_bind_int64(st, 10, f->department_id);
	if (f->custodian_id)
		sqlite3_bind_int64(st, 11, f->custodian_id);
	if (f->place_id)
		sqlite3_bind_int64(st, 12, f->place_id);
	if (f->derived_from)
		sqlite3_bind_int64(st, 19, f->derived_from);
	if (f->registered_since)
		bm_sq_bind_text(st, 13, f->registered_since);
	if (f->registered_before)
		bm_sq_bind_text(st, 14, f->registered_before);
	if (fs->fts)
		bm_sq_bind_text(st, 15, fs->fts);
}

/*
 * SYS-2 over the tally (migration 7, carrier_tally: carriers by unit,
 * level and status). The rule can be answered there when each of its
 * `all` terms has a reading over those columns, the same as sight_sql's,
 * and one of its `any` terms holds for this viewer whatever the carrier
 * (the clerk's "?4 = 1"), so that the disjunction is true; and when the
 * filter asks only for a level or a status. NULL: no reading.
 */
static const char *const tally_sql[BM_SIGHT_COUNT] = {
        [BM_SIGHT_SAME_UNIT] = "(?5 <> 0 AND t.unit_id = ?5)",
        [BM_SIGHT_CLEARED] = "t.level <= ?3",
};

/* The `any` terms that depend on the viewer alone, read as sight_sql binds them. */
static bool viewer_term_holds(bm_sight term, const bm_viewer *v)
{
	return term == BM_SIGHT_CLERK && v->clerk;
}

/* Appends the tally's WHERE clause for `f` to `b`; *usable = false when it has none. */
static int tally_where(bm_buf *b, const bm_carrier_filter *f, bool *usable)
{
	const bm_sight_rule *rule = f->viewer->rule;
	bool any = false;
	int rc = bm_buf_puts(b, " WHERE 1");
	*usable = false;
	if (!bm_carrier_filter_level_status_only(f))
		return rc;
	for (size_t i = 0; i < rule->n_any; i++)
		if ((unsigned)rule->any[i] < BM_SIGHT_COUNT &&
		    viewer_term_holds(rule->any[i], f->viewer))
			any = true;
	if (!any)
		return rc;
	for (size_t i = 0; rc == 0 && i < rule->n_all; i++) {
		if ((unsigned)rule->all[i] >= BM_SIGHT_COUNT || !tally_sql[rule->all[i]])
			return rc;
		rc = bm_buf_printf(b, " AND %s", tally_sql[rule->all[i]]);
	}
	if (rc == 0 && f->level >= 0)
		rc = bm_buf_puts(b, " AND t.level = ?6");
	if (rc == 0 && f->status >= 0)
		rc = bm_buf_puts(b, " AND t.status = ?7");
	*usable = rc == 0;
	return rc;
}

/*
 * SYS-2 over the keys (migration 13, carrier_sight), for a viewer the tally
 * above cannot answer (anyone but the clerk). The rule's `any` terms split
 * three ways, each read from the same rule data as sight_sql:
 *   - a term of the viewer alone (the clerk's) that does not hold for this
 *     viewer, and so adds nothing;
 *   - a keyed term (sight_key_sql): its carriers are the rows of one key of
 *     carrier_sight; walked in id order there and counted in
 *     carrier_sight_tally. A viewer's keyed terms never hold together for one
 *     carrier (no scope at all, or the viewer's one department in the
 *     scope; one row per key and carrier), so their counts add up without
 *     counting a carrier twice;
 *   - a personal term (sight_candidates_sql): its carriers are among a few
 *     rows of the viewer's own index (custodian, named in the scope, loan).
 *     Those candidates are checked against the whole rule (sight_where), and
 *     counted only when no keyed term holds, so that a carrier seen through
 *     two terms is counted once.
 * The `all` terms read over carrier_sight as tally_sql reads them (columns
 * unit_id, level, status under the alias t). Any other term: no reading,
 * and the list falls back to sight_where alone.
 */
static const char *const sight_key_sql[BM_SIGHT_COUNT] = {
        [BM_SIGHT_NO_SCOPE] = "(t.term = 4 AND t.ref = 0)",
        [BM_SIGHT_SCOPE_DEPARTMENT] = "(?2 <> 0 AND t.term = 6 AND t.ref = ?2)",
};
_Static_assert(BM_SIGHT_NO_SCOPE == 4 && BM_SIGHT_SCOPE_DEPARTMENT == 6,
               "carrier_sight.term is the bm_sight number (sqlite_schema_sight.h)");

static const char *const sight_candidates_sql[BM_SIGHT_COUNT] = {
        [BM_SIGHT_CUSTODIAN] = "SELECT k.id FROM carrier k WHERE ?1 <> 0 AND k.custodian_id = ?1",
        [BM_SIGHT_SCOPE_PERSON] = "SELECT k.carrier_id FROM carrier_scope k"
                                  " WHERE ?1 <> 0 AND k.person_id = ?1",
        [BM_SIGHT_HOLDER] = "SELECT k.carrier_id FROM loan k WHERE ?1 <> 0 AND k.holder_id = ?1"
                            " AND k.returned_at IS NULL",
};

/* The terms that depend on the viewer alone (their sight_sql reads no carrier). */
static bool viewer_term(bm_sight term)
{
	return term == BM_SIGHT_CLERK;
}

/*
 * The parts of the keyed reading of `f`: `where` the condition over
 * carrier_sight t that every keyed row must meet (the `all` terms, the
 * level and status filters), `key` each keyed term's key, `personal` the
 * personal terms' candidate ids (a UNION), `nokey` the condition that no
 * keyed term holds for carrier c (those terms' sight_sql rows).
 * usable = false when the rule or the filter has no such reading; the
 * caller then reads sight_where alone.
 */
typedef struct sight_keys {
	bm_buf where, personal, nokey;
	const char *key[BM_SIGHT_COUNT];
	size_t n_key;
	bool usable;
} sight_keys;

static void sight_keys_release(sight_keys *k)
{
	bm_buf_release(&k->where);
	bm_buf_release(&k->personal);
	bm_buf_release(&k->nokey);
}

static int sight_keys_build(const bm_carrier_filter *f, sight_keys *k)
{
	const bm_sight_rule *rule = f->viewer->rule;
	size_t n_personal = 0;
	int rc = 0;
	bm_buf_init(&k->where, 4096);
	bm_buf_init(&k->personal, 4096);
	bm_buf_init(&k->nokey, 4096);
	k->n_key = 0;
	k->usable = false;
	if (!bm_carrier_filter_level_status_only(f))
		return 0;
	if ((rc = bm_buf_puts(&k->where, " WHERE 1")) != 0 ||
	    (rc = bm_buf_puts(&k->nokey, "NOT (0")) != 0)
		return rc;
	for (size_t i = 0; i < rule->n_all; i++) {
		if ((unsigned)rule->all[i] >= BM_SIGHT_COUNT || !tally_sql[rule->all[i]])
			return 0;
		if ((rc = bm_buf_printf(&k->where, " AND %s", tally_sql[rule->all[i]])) != 0)
			return rc;
	}
	for (size_t i = 0; i < rule->n_any; i++) {
		bm_sight t = rule->any[i];
		if ((unsigned)t >= BM_SIGHT_COUNT)
			return 0;
		if (viewer_term(t)) {
			if (viewer_term_holds(t, f->viewer))
				return 0; /* every row of the unit: the tally's case */
		} else if (sight_key_sql[t]) {
			k->key[k->n_key++] = sight_key_sql[t];
			if ((rc = bm_buf_printf(&k->nokey, " OR %s", sight_sql[t])) != 0)
				return rc;
		} else if (sight_candidates_sql[t]) {
			if ((rc = bm_buf_printf(&k->personal, "%s%s", n_personal++ ? " UNION " : "",
			                        sight_candidates_sql[t])) != 0)
				return rc;
		} else {
			return 0;
		}
	}
	if ((rc = bm_buf_puts(&k->nokey, ")")) != 0 ||
	    (f->level >= 0 && (rc = bm_buf_puts(&k->where, " AND t.level = ?6")) != 0) ||
	    (f->status >= 0 && (rc = bm_buf_puts(&k->where, " AND t.status = ?7")) != 0) ||
	    (!n_personal && (rc = bm_buf_puts(&k->personal, "SELECT 0 WHERE 0")) != 0))
		return rc;
	k->usable = true;
	return 0;
}

/* Appends the keyed terms' keys to `b` as one condition, " AND (k1 OR k2 …)". */
static int sight_keys_any(bm_buf *b, const sight_keys *k)
{
	int rc = bm_buf_puts(b, " AND (0");
	for (size_t i = 0; rc == 0 && i < k->n_key; i++)
		rc = bm_buf_printf(b, " OR %s", k->key[i]);
	return rc ? rc : bm_buf_puts(b, ")");
}

/*
 * Appends the count of what `f`'s viewer sees through the keys: the keyed
 * terms' tally, plus the personal terms' candidates that the whole rule
 * lets through (fs) and no keyed term does. `group` groups both by level
 * and status (the stats).
 */
static int sight_keys_count(bm_buf *b, const sight_keys *k, const filter_sql *fs, bool group)
{
	int rc;
	if ((rc = bm_buf_puts(b, group ? "SELECT t.level, t.status, sum(t.n)"
	                               : "SELECT (SELECT coalesce(sum(t.n), 0)")) != 0 ||
	    (rc = bm_buf_printf(b, " FROM carrier_sight_tally t%s", k->where.ptr)) != 0 ||
	    (rc = sight_keys_any(b, k)) != 0)
		return rc;
	if (group)
		return bm_buf_printf(b,
		                     " GROUP BY t.level, t.status UNION ALL"
		                     " SELECT c.level, c.status, count(*) FROM carrier c%s"
		                     " AND c.id IN (%s) AND %s GROUP BY c.level, c.status",
		                     fs->where.ptr, k->personal.ptr, k->nokey.ptr);
	return bm_buf_printf(b, ") + (SELECT count(*) FROM carrier c%s AND c.id IN (%s) AND %s)",
	                     fs->where.ptr, k->personal.ptr, k->nokey.ptr);
}

/*
 * The list's total: what the viewer may see (SYS-2) among the rows the
 * filter matches, ignoring paging; from the tally when it can answer, else
 * from the keys (sight_keys) when they can.
 */
static int count_total(sq_store *s, const bm_carrier_filter *f, const filter_sql *fs,
                       const sight_keys *k, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	bm_buf sql;
	bool tally;
	int rc;
	bm_buf_init(&sql, 16384);
	if ((rc = bm_buf_puts(&sql, "SELECT coalesce(sum(t.n), 0) FROM carrier_tally t")) != 0 ||
	    (rc = tally_where(&sql, f, &tally)) != 0)
		goto done;
	if (!tally) {
		bm_buf_clear(&sql);
		rc = k->usable ? sight_keys_count(&sql, k, fs, false)
		               : bm_buf_printf(&sql, "SELECT count(*) FROM carrier c%s",
		                               fs->where.ptr);
		if (rc != 0)
			goto done;
	}
	if ((rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, f, fs);
	rc = bm_sq_step_int64(s, st, out);
done:
	bm_buf_release(&sql);
	return rc;
}

/*
 * A list page in id order through the keys: each keyed term's carriers
 * walked in id order on carrier_sight_key, and the personal terms'
 * candidates the rule lets through, merged (UNION, so a carrier seen
 * through two terms is listed once), paged, then read; `after` adds the
 * keyset condition on the id.
 */
static int sight_keys_page(bm_buf *b, const sight_keys *k, const filter_sql *fs,
                           const struct sort_order *o, bool after)
{
	const char *op = o->id_desc ? "<" : ">";
	int rc = bm_buf_puts(b, "SELECT " CARRIER_COLS CARRIER_FROM
	                        " WHERE c.id IN (SELECT id FROM (");
	for (size_t i = 0; rc == 0 && i < k->n_key; i++) {
		rc = bm_buf_printf(b, "SELECT t.carrier_id AS id FROM carrier_sight t%s AND %s",
		                   k->where.ptr, k->key[i]);
		if (rc == 0 && after)
			rc = bm_buf_printf(b, " AND t.carrier_id %s ?30", op);
		if (rc == 0)
			rc = bm_buf_puts(b, " UNION ");
	}
	if (rc == 0)
		rc = bm_buf_printf(b, "SELECT c.id FROM carrier c%s AND c.id IN (%s)",
		                   fs->where.ptr, k->personal.ptr);
	if (rc == 0 && after)
		rc = bm_buf_printf(b, " AND c.id %s ?30", op);
	if (rc == 0)
		rc = bm_buf_printf(b, " ORDER BY 1%s LIMIT ?17 OFFSET ?18))%s",
		                   o->id_desc ? " DESC" : "", o->order);
	return rc;
}

/* The sort order named `name` (NULL: by id), or NULL after setting the error. */
static const struct sort_order *find_order(const char *name)
{
	if (!name)
		return &sort_orders[0];
	for (size_t i = 0; i < BM_ARRAY_LEN(sort_orders); i++)
		if (strcmp(name, sort_orders[i].name) == 0)
			return &sort_orders[i];
	bm_error_set(BM_EINVALID, "invalid_sort", NULL, "未知排序方式 '%s'",
	             "unknown sort order '%s'", name);
	return NULL;
}

/* ---- the ledger search (issue 17) ----------------------------------------- */

/*
 * A search (f->query) in id order is walked from the n-gram index itself
 * (sqlite_ngram.c): the index gives its rows in id order, ascending or
 * descending, so the page is the first rows of the walk that the list would
 * keep and the total those rows counted, with no join of every match to the
 * carrier table and no sort. Whether a row the index finds is kept is the
 * list's own question, answered the cheapest way that is exact:
 *   - every row, when the filter asks for nothing but the query and the
 *     viewer's SYS-2 rule holds for every carrier of the store: one of its
 *     `any` terms holds for this viewer whatever the carrier (the clerk's) and
 *     the tally shows no carrier outside its `all` terms (sight_everywhere);
 *     the index's matches are then the answer, and when the query is one
 *     term of the index (one or two characters: bm_sq_ngram_term) the total
 *     is that term's row count (term_total, migration 43) and the walk stops
 *     with the page, so a common character costs a page, not its matches;
 *   - else row by row, by the list's WHERE clause (sight_where, every filter
 *     but the query) on that one carrier, for at most SEARCH_PROBES rows;
 *     when the query is one term of the index and the filter nothing else,
 *     the total is the term's tally under the viewer's SYS-2 keys plus their
 *     personal candidates (key_term_total, migrations 45 and 48), and the
 *     walk stops with the page or with the last match kept;
 *   - with the total known, a page after a cursor walks from the cursor
 *     (walk_sql), not from the first match;
 *   - a query of three or more characters that many document numbers start
 *     with is not walked as a phrase at all (prefix_list);
 *   - a longer walk is left to the general query (sq_carrier_list).
 * Other orders than by id are left to the general query too.
 */
/* The filter that selects everything its viewer may see (SYS-2), for build_filter. */
static bm_carrier_filter viewer_filter(const bm_viewer *v)
{
	bm_carrier_filter f = {.viewer = v, .level = -1, .status = -1, .kind = -1, .origin = -1};
	return f;
}

#define SEARCH_PROBES   2048
#define SEARCH_ID_PARAM 40
/* key_term_total's term. */
#define SEARCH_TERM_PARAM 41

/* The filter asks for the query and nothing else (paging and order aside). */
static bool query_only(const bm_carrier_filter *f)
{
	return f->level < 0 && f->status < 0 && f->kind < 0 && f->origin < 0 && !f->department_id &&
	       !f->custodian_id && !f->place_id && !f->derived_from && !f->registered_since &&
	       !f->registered_before;
}

/*
 * *out = true when the viewer's SYS-2 rule holds for every carrier in the
 * store: an `any` term holds whatever the carrier (viewer_term_holds) and the
 * tally counts no carrier outside the `all` terms (tally_sql, as
 * tally_where reads them). false when it does not, or cannot be told there.
 */
static int sight_everywhere(sq_store *s, const bm_viewer *v, bool *out)
{
	const bm_sight_rule *rule = v->rule;
	bm_carrier_filter vf = viewer_filter(v);
	filter_sql none = {.fts = NULL};
	sqlite3_stmt *st = NULL;
	bool any = false;
	bm_buf sql;
	int rc;
	*out = false;
	for (size_t i = 0; i < rule->n_any; i++)
		if ((unsigned)rule->any[i] < BM_SIGHT_COUNT && viewer_term_holds(rule->any[i], v))
			any = true;
	for (size_t i = 0; any && i < rule->n_all; i++)
		if ((unsigned)rule->all[i] >= BM_SIGHT_COUNT || !tally_sql[rule->all[i]])
			any = false;
	if (!any)
		return 0;
	bm_buf_init(&sql, 4096);
	rc = bm_buf_puts(&sql, "SELECT coalesce(sum(t.n), 0) FROM carrier_tally t WHERE NOT (1");
	for (size_t i = 0; rc == 0 && i < rule->n_all; i++)
		rc = bm_buf_printf(&sql, " AND %s", tally_sql[rule->all[i]]);
	if (rc == 0 && (rc = bm_buf_puts(&sql, ")")) == 0 &&
	    (rc = bm_sq_prep(s, &st, sql.ptr)) == 0) {
		int64_t hidden;
		bind_filter(st, &vf, &none);
		if ((rc = bm_sq_step_int64(s, st, &hidden)) == 0)
			*out = hidden == 0;
	}
	bm_buf_release(&sql);
	return rc;
}

/*
 * How search_list decides whether the list keeps a row the index finds:
 * `every` row; or `probe`, the list's WHERE clause on one carrier, for the
 * first SEARCH_PROBES rows; then `set`, the carriers the viewer may see by
 * the SYS-2 keys (sight_keys: each keyed term's rows of carrier_sight, and
 * the personal terms' candidates the whole rule lets through), one bit per
 * carrier id, when the keys can read the filter.
 */
typedef struct search_keep {
	bool every;
	bm_carrier_filter rest; /* the list's filter without the query */
	filter_sql fs;          /* its WHERE clause */
	sqlite3_stmt *probe;    /* SELECT 1 … AND c.id = ?40 */
	size_t probes;
	bool no_set;     /* the keys cannot read the filter */
	uint8_t *set;    /* bit id: the viewer may see carrier id */
	int64_t set_max; /* the highest id of the set */
} search_keep;

static int keep_open(sq_store *s, bm_arena *a, const bm_carrier_filter *f, search_keep *k)
{
	bm_buf sql;
	int rc;
	memset(k, 0, sizeof(*k));
	k->rest = *f;
	k->rest.query = NULL;
	if (query_only(f) && ((rc = sight_everywhere(s, f->viewer, &k->every)) != 0 || k->every))
		return rc;
	bm_buf_init(&sql, 16384);
	if ((rc = build_filter(a, &k->rest, &k->fs)) == 0 &&
	    (rc = bm_buf_printf(&sql, "SELECT 1 FROM carrier c%s AND c.id = ?%d", k->fs.where.ptr,
	                        SEARCH_ID_PARAM)) == 0 &&
	    (rc = bm_sq_prep(s, &k->probe, sql.ptr)) == 0)
		bind_filter(k->probe, &k->rest, &k->fs);
	bm_buf_release(&sql);
	return rc;
}

static void keep_close(sq_store *s, search_keep *k)
{
	bm_sq_release(s, k->probe);
	bm_buf_release(&k->fs.where);
}

/* Sets the bit of every id `sql` (over the filter's parameters) gives. */
static int keep_set_add(sq_store *s, search_keep *k, const char *sql)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	bind_filter(st, &k->rest, &k->fs);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && id <= k->set_max)
			k->set[id >> 3] |= (uint8_t)(1u << (id & 7));
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* Builds k->set from the SYS-2 keys; k->no_set when they cannot read the filter. */
static int keep_set(sq_store *s, bm_arena *a, search_keep *k)
{
	sight_keys keys = {.usable = false};
	sqlite3_stmt *st = NULL;
	bm_buf sql;
	int rc;
	bm_buf_init(&sql, 16384);
	k->no_set = true;
	if ((rc = sight_keys_build(&k->rest, &keys)) != 0 || !keys.usable ||
	    (rc = bm_sq_prep(s, &st, "SELECT coalesce(max(id), 0) FROM carrier")) != 0 ||
	    (rc = bm_sq_step_int64(s, st, &k->set_max)) != 0)
		goto done;
	if (!(k->set = bm_arena_alloc(a, (size_t)(k->set_max >> 3) + 1))) {
		rc = bm_error_nomem();
		goto done;
	}
	/* Each keyed term on its own range of carrier_sight_key, then the personal terms. */
	for (size_t i = 0; rc == 0 && i <= keys.n_key; i++) {
		bm_buf_clear(&sql);
		if (i < keys.n_key)
			rc = bm_buf_printf(&sql,
			                   "SELECT t.carrier_id FROM carrier_sight t%s AND %s",
			                   keys.where.ptr, keys.key[i]);
		else
			rc = bm_buf_printf(&sql, "SELECT c.id FROM carrier c%s AND c.id IN (%s)",
			                   k->fs.where.ptr, keys.personal.ptr);
		if (rc == 0)
			rc = keep_set_add(s, k, sql.ptr);
	}
	k->no_set = rc != 0;
done:
	sight_keys_release(&keys);
	bm_buf_release(&sql);
	return rc;
}

/* *keep = the list keeps carrier `id`; *long_walk = too many rows to tell that way. */
static int keep_row(sq_store *s, bm_arena *a, search_keep *k, int64_t id, bool *keep,
                    bool *long_walk)
{
	int rc = 0;
	*keep = *long_walk = false;
	if (k->every) {
		*keep = true;
		return 0;
	}
	if (!k->set && ++k->probes > SEARCH_PROBES) {
		if (k->no_set || (rc = keep_set(s, a, k)) != 0 || k->no_set) {
			*long_walk = true;
			return rc;
		}
	}
	if (k->set) {
		*keep = id > 0 && id <= k->set_max && (k->set[id >> 3] >> (id & 7) & 1);
		return 0;
	}
	sqlite3_bind_int64(k->probe, SEARCH_ID_PARAM, id);
	rc = sqlite3_step(k->probe);
	sqlite3_reset(k->probe);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return bm_sq_db_fail(s, rc);
	*keep = rc == SQLITE_ROW;
	return 0;
}

/*
 * *known = true and *total = the rows of the index's one term `query` is
 * (bm_sq_ngram_term), from carrier_ngram_vocab: the total of a search that
 * keeps every match, with no walk of the matches in SQL.
 */
static int term_total(sq_store *s, const char *query, int64_t *total, bool *known)
{
	char term[16];
	sqlite3_stmt *st;
	int rc;
	*known = false;
	*total = 0;
	if (!bm_sq_ngram_term(query, term))
		return 0;
	if ((rc = bm_sq_prep(s, &st, "SELECT doc FROM carrier_ngram_vocab WHERE term = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, term);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		*total = sqlite3_column_int64(st, 0);
	*known = rc == SQLITE_ROW || rc == SQLITE_DONE;
	rc = *known ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/*
 * *known = true and *total = what a viewer who is not the clerk finds for
 * the index's one term `f->query` (bm_sq_ngram_term) when the filter asks
 * for nothing else (query_only), without walking the term's matches: its
 * keyed carriers from carrier_gram_tally (migration 45) under the viewer's
 * keys and `all` terms, as sight_keys_count reads carrier_sight_tally, plus
 * the personal terms' candidates the whole rule lets through, no keyed
 * term does, and that hold the term (each one by its row of carrier_gram,
 * migration 48: one lookup in a b-tree, where a MATCH on the index with
 * `rowid = c.id` read the term's doclist once per candidate).
 * *known = false when the keys cannot read the viewer's rule.
 */
static int key_term_total(sq_store *s, const bm_carrier_filter *f, const search_keep *k,
                          int64_t *total, bool *known)
{
	sight_keys keys = {.usable = false};
	sqlite3_stmt *st = NULL;
	char term[16];
	bm_buf sql;
	int rc;
	*known = false;
	*total = 0;
	if (!query_only(f) || !bm_sq_ngram_term(f->query, term))
		return 0;
	bm_buf_init(&sql, 16384);
	if ((rc = sight_keys_build(&k->rest, &keys)) != 0 || !keys.usable)
		goto done;
	if ((rc = bm_buf_printf(&sql,
	                        "SELECT (SELECT coalesce(sum(t.n), 0) FROM carrier_gram_tally t%s"
	                        " AND t.gram = ?%d",
	                        keys.where.ptr, SEARCH_TERM_PARAM)) != 0 ||
	    (rc = sight_keys_any(&sql, &keys)) != 0 ||
	    (rc = bm_buf_printf(&sql,
	                        ") + (SELECT count(*) FROM carrier c%s AND c.id IN (%s) AND %s"
	                        " AND EXISTS (SELECT 1 FROM carrier_gram g"
	                        " WHERE g.carrier_id = c.id AND g.gram = ?%d))",
	                        k->fs.where.ptr, keys.personal.ptr, keys.nokey.ptr,
	                        SEARCH_TERM_PARAM)) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &k->rest, &k->fs);
	bm_sq_bind_text(st, SEARCH_TERM_PARAM, term);
	if ((rc = bm_sq_step_int64(s, st, total)) == 0)
		*known = true;
done:
	sight_keys_release(&keys);
	bm_buf_release(&sql);
	return rc;
}

/* Reads the page's carriers, `ids[0..n)`, in that order into out->items. */
static int search_rows(sq_store *s, bm_arena *a, const int64_t *ids, size_t n, bm_carrier_page *out)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "SELECT " CARRIER_COLS CARRIER_FROM " WHERE c.id = ?")) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < n; i++) {
		sqlite3_bind_int64(st, 1, ids[i]);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW)
			rc = read_carrier(a, st, &out->items[i]);
		else
			rc = bm_sq_db_fail(s, rc == SQLITE_DONE ? SQLITE_CORRUPT : rc);
		sqlite3_reset(st);
	}
	bm_sq_release(s, st);
	out->count = n;
	return rc;
}

/*
 * A document-number prefix (教体财〔202, 教保〔2025〕: three characters or
 * more that many document numbers start with) walked as a phrase reads the
 * doclists of its common bigrams (〔2, 20, 02: nearly every document
 * number) in full and checks positions at each of the prefix's matches
 * (134,687 at 1M), so its total cost what the matches cost. It is counted
 * instead from two cheaper walks, exactly:
 *   - P, the carriers whose document number starts with the query byte for
 *     byte: a range of carrier_sort_doc (migration 38). Each holds the
 *     query, so each is a match;
 *   - the matches outside P (the query inside a title, or later in a
 *     number: 示教体财〔2026〕 for 教体财〔202) hold every bigram of the query,
 *     so they are among the rows of its rarest bigrams (rare_grams), whose
 *     doclists alone are walked; a row there outside P that the viewer may
 *     see is checked by LIKE on the row, the reading the index agrees with
 *     row for row (sqlite_ngram.c). The clerk sees every row, so P is read
 *     first; a staff member sees few (1,286 of 134,687 for the bench's 杨帆),
 *     so P is read only once PREFIX_CHECKS of them needed a check.
 * The matches are kept as one bit per carrier id; for a viewer whose SYS-2
 * rule does not hold everywhere, those outside the set of the SYS-2 keys
 * (keep_set) are dropped, so the total is the bits and the page the next
 * bits from the cursor in the list's order. Taken when P holds at least
 * PREFIX_MIN carriers (fewer: the phrase's own walk is cheap); left to the
 * walk when the keys cannot read the filter or more than PREFIX_CHECKS rows
 * outside P need a check.
 */
#define PREFIX_MIN    SEARCH_PROBES
#define PREFIX_CHECKS SEARCH_PROBES

/* The bits set in `set[0..bytes)`. */
static int64_t bits_count(const uint8_t *set, size_t bytes)
{
	int64_t n = 0;
	for (size_t i = 0; i < bytes; i++)
		for (unsigned x = set[i]; x; x &= x - 1)
			n++;
	return n;
}

/* Sets the bit of each carrier whose document number starts with `lo` (below `hi`). */
static int prefix_rows(sq_store *s, const char *lo, const char *hi, uint8_t *bits, int64_t max)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id FROM carrier WHERE coalesce(doc_number, '') >= ?1"
	                     " AND coalesce(doc_number, '') < ?2")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, lo);
	bm_sq_bind_text(st, 2, hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if (id > 0 && id <= max)
			bits[id >> 3] |= (uint8_t)(1u << (id & 7));
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* *many = at least PREFIX_MIN document numbers start with `lo` (below `hi`). */
static int prefix_many(sq_store *s, const char *lo, const char *hi, bool *many)
{
	sqlite3_stmt *st;
	int64_t n;
	int rc;
	*many = false;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT count(*) FROM (SELECT 1 FROM carrier"
	                     " WHERE coalesce(doc_number, '') >= ?1"
	                     " AND coalesce(doc_number, '') < ?2 LIMIT ?3)")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, lo);
	bm_sq_bind_text(st, 2, hi);
	sqlite3_bind_int(st, 3, PREFIX_MIN);
	if ((rc = bm_sq_step_int64(s, st, &n)) == 0)
		*many = n >= PREFIX_MIN;
	return rc;
}

/*
 * The FTS5 query that finds every match of `query` outside P cheaply, into
 * *out: its rarest bigrams by carrier_gram_tally (the fewest carriers, and
 * any other with at most twice as many, up to RARE_GRAMS of them), each a
 * phrase, all of them required (FTS5's implicit AND: a walk of those
 * doclists without positions). The common ones (〔2, 20, 02) are left out:
 * reading them is the cost being avoided. 教体财〔2020〕 is 0〕 AND 体财:
 * 19,094 rows at 1M, where 体财 alone has 134,687. Every match holds every
 * bigram of the query, so whichever are taken the walk finds them all.
 */
#define RARE_GRAMS 4
static int rare_grams(sq_store *s, bm_arena *a, const char *query, const char **out)
{
	char gram[RARE_GRAMS * 4][16];
	int64_t n[RARE_GRAMS * 4], best = -1;
	size_t at[RARE_GRAMS * 4], taken[RARE_GRAMS];
	size_t count = 0, used = 0;
	sqlite3_stmt *st;
	bm_buf q;
	int rc;
	*out = NULL;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT coalesce(sum(n), 0) FROM carrier_gram_tally WHERE gram = ?")) != 0)
		return rc;
	for (size_t i = 0;
	     rc == 0 && count < BM_ARRAY_LEN(gram) && bm_sq_ngram_bigram(query, i, gram[count]);
	     i++) {
		bool seen = false;
		for (size_t j = 0; j < count; j++)
			seen = seen || strcmp(gram[j], gram[count]) == 0;
		if (seen)
			continue;
		bm_sq_bind_text(st, 1, gram[count]);
		if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			at[count] = i;
			n[count] = sqlite3_column_int64(st, 0);
			if (best < 0 || n[count] < best)
				best = n[count];
			count++;
			rc = 0;
		} else {
			rc = bm_sq_db_fail(s, rc);
		}
		sqlite3_reset(st);
	}
	bm_sq_release(s, st);
	if (rc != 0 || count == 0)
		return rc;
	bm_buf_init(&q, 4096);
	/*
	 * The rarest first, then the others within twice its count that share no
	 * character with one taken (体财 and 财〔 stand together in every number
	 * that has either: the second would cost its doclist and narrow nothing).
	 */
	while (rc == 0 && used < RARE_GRAMS) {
		const char *phrase;
		size_t pick = count;
		for (size_t j = 0; j < count; j++) {
			bool apart = true;
			for (size_t t = 0; t < used; t++)
				apart = apart && (at[j] > taken[t] + 1 || taken[t] > at[j] + 1);
			if (apart && n[j] >= 0 && n[j] <= 2 * best &&
			    (pick == count || n[j] < n[pick]))
				pick = j;
		}
		if (pick == count)
			break;
		n[pick] = -1;
		taken[used] = at[pick];
		if (!(phrase = fts_phrase(a, gram[pick])))
			rc = bm_error_nomem();
		else
			rc = bm_buf_printf(&q, "%s%s", used++ ? " " : "", phrase);
	}
	if (rc == 0 && !(*out = bm_arena_strdup(a, q.ptr)))
		rc = bm_error_nomem();
	bm_buf_release(&q);
	return rc;
}

/* `q` as a LIKE pattern '%q%' with '\' escaping %, _ and itself. */
static char *like_pattern(bm_arena *a, const char *q)
{
	size_t n = strlen(q);
	char *p = bm_arena_alloc(a, n * 2 + 3), *w = p;
	if (!p)
		return NULL;
	*w++ = '%';
	for (; *q; q++) {
		if (*q == '%' || *q == '_' || *q == '\\')
			*w++ = '\\';
		*w++ = *q;
	}
	*w++ = '%';
	*w = '\0';
	return p;
}

/*
 * Sets in `bits` the matches of `f->query` the viewer may see, from the walk
 * of `fts` (rare_grams): a row in P (prefix_rows: `have_p`, or read once
 * PREFIX_CHECKS rows needed a check) is one, any other is checked by LIKE.
 * *too_many when more than PREFIX_CHECKS rows outside P needed a check (bits
 * then incomplete).
 */
static int prefix_walk(sq_store *s, bm_arena *a, const bm_carrier_filter *f, const search_keep *k,
                       const char *fts, const char *hi, bool have_p, uint8_t *bits, int64_t max,
                       bool *too_many)
{
	sqlite3_stmt *walk = NULL, *check = NULL;
	const char *like = like_pattern(a, f->query);
	size_t checks = 0;
	int rc;
	*too_many = false;
	if (!like)
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &walk,
	                     "SELECT rowid FROM carrier_ngram WHERE carrier_ngram MATCH ?1")) !=
	            0 ||
	    (rc = bm_sq_prep(s, &check,
	                     "SELECT 1 FROM carrier WHERE id = ?1 AND (title LIKE ?2 ESCAPE '\\'"
	                     " OR coalesce(doc_number, '') LIKE ?2 ESCAPE '\\')")) != 0)
		goto done;
	bm_sq_bind_text(walk, 1, fts);
	bm_sq_bind_text(check, 2, like);
	while ((rc = sqlite3_step(walk)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(walk, 0);
		if (id <= 0 || id > max || (bits[id >> 3] >> (id & 7) & 1))
			continue;
		if (!k->every && !(k->set[id >> 3] >> (id & 7) & 1))
			continue; /* hidden from the viewer: whatever it holds */
		if (checks == PREFIX_CHECKS && !have_p) {
			/*
			 * The viewer sees many of the rare bigrams' rows: P answers for
			 * most of them. A row checked already and not kept is no match,
			 * so in no P either.
			 */
			if ((rc = prefix_rows(s, f->query, hi, bits, max)) != 0)
				goto done;
			have_p = true;
			checks = 0;
			if (bits[id >> 3] >> (id & 7) & 1)
				continue;
		}
		if (++checks > PREFIX_CHECKS) {
			*too_many = true;
			rc = SQLITE_DONE;
			break;
		}
		sqlite3_bind_int64(check, 1, id);
		rc = sqlite3_step(check);
		sqlite3_reset(check);
		if (rc == SQLITE_ROW)
			bits[id >> 3] |= (uint8_t)(1u << (id & 7));
		else if (rc != SQLITE_DONE)
			break;
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
done:
	bm_sq_release(s, check);
	bm_sq_release(s, walk);
	return rc;
}

/*
 * The search `f` of a document-number prefix (above), its page into
 * `ids` (room for limit + 1) and out->total; *answered = false when it is
 * not one or cannot be counted this way, and then nothing is set.
 */
static int prefix_list(sq_store *s, bm_arena *a, const bm_carrier_filter *f,
                       const struct sort_order *order, search_keep *k, int64_t *ids,
                       bm_carrier_page *out, bool *answered)
{
	int limit = f->limit > 0 ? f->limit : 50, skip = f->offset > 0 ? f->offset : 0;
	size_t qlen = strlen(f->query), n = 0;
	const char *fts;
	char term[16], *hi;
	sqlite3_stmt *st = NULL;
	uint8_t *bits;
	int64_t max, id, step = order->id_desc ? -1 : 1;
	bool many, too_many;
	int rc;

	*answered = false;
	if (bm_sq_ngram_term(f->query, term))
		return 0; /* one term: its tallies give the total */
	if (!(hi = bm_arena_alloc(a, qlen + 2)))
		return bm_error_nomem();
	/* Every text starting with the query sorts below it and one 0xFF byte, which UTF-8 never
	 * holds; every other one above it sorts above that too. */
	memcpy(hi, f->query, qlen);
	hi[qlen] = (char)0xFF;
	hi[qlen + 1] = '\0';
	if ((rc = prefix_many(s, f->query, hi, &many)) != 0 || !many)
		return rc;
	if (!k->every && !k->set && !k->no_set && (rc = keep_set(s, a, k)) != 0)
		return rc;
	if (!k->every && k->no_set)
		return 0;
	if (k->every) {
		if ((rc = bm_sq_prep(s, &st, "SELECT coalesce(max(id), 0) FROM carrier")) != 0 ||
		    (rc = bm_sq_step_int64(s, st, &max)) != 0)
			return rc;
	} else {
		max = k->set_max;
	}
	if (!(bits = bm_arena_alloc(a, (size_t)(max >> 3) + 1)))
		return bm_error_nomem();
	/* The clerk checks every row of the walk: P first. Anyone else checks only what
	 * they may see, often a few rows: P when they turn out many (prefix_walk). */
	if ((k->every && (rc = prefix_rows(s, f->query, hi, bits, max)) != 0) ||
	    (rc = rare_grams(s, a, f->query, &fts)) != 0 || !fts ||
	    (rc = prefix_walk(s, a, f, k, fts, hi, k->every, bits, max, &too_many)) != 0 ||
	    too_many)
		return rc;
	if (!k->every)
		for (size_t i = 0; i <= (size_t)(max >> 3); i++)
			bits[i] &= k->set[i];
	out->total = bits_count(bits, (size_t)(max >> 3) + 1);
	id = f->after ? f->after + step : (order->id_desc ? max : 1);
	for (; id >= 1 && id <= max && n <= (size_t)limit; id += step) {
		if (!bits[id >> 3]) {
			/* A byte with no match: on to the next byte's first (or last) id. */
			id = order->id_desc ? (id & ~(int64_t)7) : (id | 7);
			continue;
		}
		if (!(bits[id >> 3] >> (id & 7) & 1))
			continue;
		if (skip > 0)
			skip--;
		else
			ids[n++] = id; /* one more than the page: is there a next page? */
	}
	out->next = n > (size_t)limit ? ids[limit - 1] : 0;
	if ((rc = search_rows(s, a, ids, n > (size_t)limit ? (size_t)limit : n, out)) == 0)
		*answered = true;
	return rc;
}

/*
 * The walk of the index's matches, in id order [desc] and [from]
 * the cursor `after` (?2) or from the first match. A walk from the cursor
 * is taken when the total is known without the walk: the matches before
 * the cursor then need no check, so a page costs its own rows, not every
 * row before it.
 */
static const char *const walk_sql[2][2] = {
        {"SELECT rowid FROM carrier_ngram WHERE carrier_ngram MATCH ?1 ORDER BY rowid",
         "SELECT rowid FROM carrier_ngram WHERE carrier_ngram MATCH ?1 AND rowid > ?2"
         " ORDER BY rowid"},
        {"SELECT rowid FROM carrier_ngram WHERE carrier_ngram MATCH ?1 ORDER BY rowid DESC",
         "SELECT rowid FROM carrier_ngram WHERE carrier_ngram MATCH ?1 AND rowid < ?2"
         " ORDER BY rowid DESC"},
};

/*
 * The search `f` walked from the index (above); *answered = false when it
 * is the general query's to answer (another order, a walk too long to check
 * row by row), and then nothing is set.
 */
static int search_list(sq_store *s, bm_arena *a, const bm_carrier_filter *f,
                       const struct sort_order *order, bm_carrier_page *out, bool *answered)
{
	search_keep k = {.probe = NULL};
	sqlite3_stmt *walk = NULL;
	sqlite3_value *key = NULL;
	const char *phrase;
	int limit = f->limit > 0 ? f->limit : 50, skip = f->offset > 0 ? f->offset : 0;
	int64_t *ids, total = 0, known_total = 0;
	bool known = false;
	size_t n = 0;
	int rc;

	*answered = false;
	if (order->key)
		return 0;
	if (!(phrase = fts_phrase(a, f->query)) ||
	    !(ids = bm_arena_alloc(a, ((size_t)limit + 1) * sizeof(int64_t))) ||
	    !(out->items = bm_arena_alloc(a, (size_t)limit * sizeof(bm_carrier))))
		return bm_error_nomem();
	/* The cursor must name a carrier, as the general query's keyset_key asks. */
	if ((f->after && (rc = keyset_key(s, order, f->after, &key)) != 0) ||
	    (rc = keep_open(s, a, f, &k)) != 0 ||
	    (rc = k.every ? term_total(s, f->query, &known_total, &known)
	                  : key_term_total(s, f, &k, &known_total, &known)) != 0 ||
	    (!known &&
	     ((rc = prefix_list(s, a, f, order, &k, ids, out, answered)) != 0 || *answered)) ||
	    (rc = bm_sq_prep(s, &walk, walk_sql[order->id_desc][known && f->after])) != 0)
		goto done;
	bm_sq_bind_text(walk, 1, phrase);
	if (known && f->after)
		sqlite3_bind_int64(walk, 2, f->after);
	for (;;) {
		int64_t id;
		bool keep, long_walk;
		/*
		 * The total known, the walk ends with the page or with the last
		 * match kept (which a walk from the cursor cannot know: it did not
		 * count the matches before it).
		 */
		if (known && (n > (size_t)limit || (!f->after && total == known_total))) {
			rc = SQLITE_DONE;
			break;
		}
		if ((rc = sqlite3_step(walk)) != SQLITE_ROW)
			break;
		id = sqlite3_column_int64(walk, 0);
		if ((rc = keep_row(s, a, &k, id, &keep, &long_walk)) != 0 || long_walk)
			goto done; /* rc 0: not answered, the general query's */
		if (!keep)
			continue;
		total++;
		if (f->after && (order->id_desc ? id >= f->after : id <= f->after))
			continue;
		if (skip > 0)
			skip--;
		else if (n <= (size_t)limit)
			ids[n++] = id; /* one more than the page: is there a next page? */
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	out->total = known ? known_total : total;
	out->next = n > (size_t)limit ? ids[limit - 1] : 0;
	if ((rc = search_rows(s, a, ids, n > (size_t)limit ? (size_t)limit : n, out)) == 0)
		*answered = true;
done:
	bm_sq_release(s, walk);
	keep_close(s, &k);
	sqlite3_value_free(key);
	return rc;
}

static int sq_carrier_list(bm_store *bs, bm_arena *a, const bm_carrier_filter *f,
                           bm_carrier_page *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	sqlite3_value *key = NULL;
	const struct sort_order *order;
	filter_sql fs = {0};
	sight_keys keys = {0};
	bm_buf sql;
	int limit = f->limit > 0 ? f->limit : 50;
	size_t n = 0;
	int rc;

	if (!f->viewer || !f->viewer->rule)
		return bm_error_set(BM_ERROR, "no_viewer", NULL,
		                    "the ledger needs a viewer and its visibility rule",
		                    "the ledger needs a viewer and its visibility rule");
	if (!(order = find_order(f->sort)))
		return BM_EINVALID;
	if (f->query && *f->query) {
		bool answered;
		if ((rc = search_list(s, a, f, order, out, &answered)) != 0 || answered)
			return rc;
	}
	bm_buf_init(&sql, 16384);
	if ((rc = build_filter(a, f, &fs)) != 0 || (rc = sight_keys_build(f, &keys)) != 0 ||
	    (rc = count_total(s, f, &fs, &keys, &out->total)) != 0)
		goto done;
	if (f->after && (rc = keyset_key(s, order, f->after, &key)) != 0)
		goto done;
	/* One row more than the page tells whether a next page exists. */
	if (keys.usable && !order->key)
		rc = sight_keys_page(&sql, &keys, &fs, order, f->after != 0);
	else if ((rc = bm_buf_printf(&sql, "SELECT " CARRIER_COLS CARRIER_FROM "%s",
	                             fs.where.ptr)) == 0 &&
	         (!f->after || (rc = keyset_where(&sql, order)) == 0))
		rc = bm_buf_printf(&sql, "%s LIMIT ?17 OFFSET ?18", order->order);
	if (rc != 0 || (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, f, &fs);
	sqlite3_bind_int(st, 17, limit + 1);
	sqlite3_bind_int(st, 18, f->offset > 0 ? f->offset : 0);
	if (f->after) {
		sqlite3_bind_int64(st, KEYSET_ID_PARAM, f->after);
		if (key)
			sqlite3_bind_value(st, KEYSET_KEY_PARAM, key);
	}
	if (!(out->items = bm_arena_alloc(a, (size_t)limit * sizeof(bm_carrier)))) {
		rc = bm_error_nomem();
		goto done;
	}
	out->next = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == (size_t)limit) {
			out->next = out->items[n - 1].id;
			continue;
		}
		if ((rc = read_carrier(a, st, &out->items[n])) != 0)
			goto done;
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	out->count = n;
	rc = 0;
done:
	bm_sq_release(s, st);
	sqlite3_value_free(key);
	bm_buf_release(&fs.where);
	sight_keys_release(&keys);
	bm_buf_release(&sql);
	return rc;
}

/*
 * The counts of the ledger query: the same WHERE clause as sq_carrier_list
 * (the viewer's SYS-2 rule, sight_sql, and every filter), grouped by level and status, so the
 * counts always add up to the list's total (SYS-2); read from the tally when it can answer
 * (tally_where), as the list's total is.
 */
static int sq_carrier_stats(bm_store *bs, bm_arena *a, const bm_carrier_filter *f,
                            bm_carrier_stats *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	bm_carrier_stats r;
	filter_sql fs;
	sight_keys keys = {0};
	bm_buf sql;
	bool tally;
	int rc;

	if (!f->viewer || !f->viewer->rule)
		return bm_error_set(BM_ERROR, "no_viewer", NULL,
		                    "the ledger needs a viewer and its visibility rule",
		                    "the ledger needs a viewer and its visibility rule");
	memset(&r, 0, sizeof(r));
	bm_buf_init(&sql, 16384);
	if ((rc = build_filter(a, f, &fs)) != 0 ||
	    (rc = bm_buf_puts(&sql, "SELECT t.level, t.status, sum(t.n) FROM carrier_tally t")) !=
	            0 ||
	    (rc = tally_where(&sql, f, &tally)) != 0)
		goto done;
	if (tally) {
		rc = bm_buf_puts(&sql, " GROUP BY t.level, t.status");
	} else if ((rc = sight_keys_build(f, &keys)) != 0) {
		goto done;
	} else if (keys.usable) {
		bm_buf_clear(&sql);
		rc = sight_keys_count(&sql, &keys, &fs, true);
	} else {
		bm_buf_clear(&sql);
		rc = bm_buf_printf(&sql,
		                   "SELECT c.level, c.status, count(*) FROM carrier c%s"
		                   " GROUP BY c.level, c.status",
		                   fs.where.ptr);
	}
	if (rc != 0)
		goto done;
	if ((rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, f, &fs);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int level = sqlite3_column_int(st, 0);
		const char *status = (const char *)sqlite3_column_text(st, 1);
		int k = status ? bm_status_parse(status) : -1;
		int64_t n = sqlite3_column_int64(st, 2);
		if (level < 0 || level >= BM_LEVEL_COUNT || k < 0) {
			rc = bm_error_set(BM_ECORRUPT, "corrupt_row", NULL, "载体记录损坏",
			                  "a carrier row is corrupt");
			goto done;
		}
		r.total += n;
		r.by_level[level] += n;
		r.by_status[k] += n;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	*out = r;
	rc = 0;
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	sight_keys_release(&keys);
	bm_buf_release(&sql);
	return rc;
}

/* bm_sq_row_reader over read_carrier. */
static int carrier_row(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	return read_carrier(a, st, (bm_carrier *)rows + n);
}

/*
 * The live carriers the viewer may see inside one alert's range (issue 17):
 * each range is one range of an index (migration 14's carrier_period_day
 * and carrier_reg_lateness, migration 6's carrier_keep_until or, for one
 * keeper, migration 50's carrier_keep_custodian, migration 9's
 * carrier_missing), so counting and paging read what the alerts are and
 * nothing else. The bounds are the policy's (policy/alerting.h); the rules
 * still word each listed row.
 */
static int alert_range_sql(const bm_alert_range *r, const char **index, const char **cond,
                           const char **order)
{
	switch (r->set) {
	case BM_ALERT_SET_PERIOD:
		*index = "carrier_period_day";
		*cond = " AND c.period_kind <> 'none' AND c.level >= 2"
		        " AND " CARRIER_PERIOD_DAY " >= coalesce(?30, '')"
		        " AND " CARRIER_PERIOD_DAY " <= coalesce(?31, '9999')";
		*order = " ORDER BY " CARRIER_PERIOD_DAY ", c.id";
		return 0;
	case BM_ALERT_SET_REGISTRATION:
		*index = "carrier_reg_lateness";
		*cond = " AND c.origin = 'incoming' AND c.received_on IS NOT NULL"
		        " AND " CARRIER_REG_LATENESS " >= ?33 AND c.registered_at >= ?32";
		*order = " ORDER BY " CARRIER_REG_LATENESS " DESC, c.id DESC";
		return 0;
	case BM_ALERT_SET_KEEPING:
		if (r->custodian_id) {
			/* one keeper's (migration 50): their expired keepings, not the unit's */
			*index = "carrier_keep_custodian";
			*cond = " AND c.keep_until IS NOT NULL AND c.custodian_id = ?34"
			        " AND c.keep_until >= coalesce(?30, '')"
			        " AND c.keep_until <= coalesce(?31, '9999')";
			*order = " ORDER BY c.keep_until, c.id";
			return 0;
		}
		*index = "carrier_keep_until";
		*cond = " AND c.keep_until IS NOT NULL AND c.keep_until >= coalesce(?30, '')"
		        " AND c.keep_until <= coalesce(?31, '9999')";
		*order = " ORDER BY c.keep_until, c.id";
		return 0;
	case BM_ALERT_SET_MISSING:
		*index = "carrier_missing";
		*cond = " AND c.status = 'missing'";
		*order = " ORDER BY c.id";
		return 0;
	case BM_ALERT_SET_HANDLING: break; /* handling_alerts, below */
	}
	return bm_error_set(BM_EINVALID, "unknown_alert_set", NULL, "未知的提醒类别",
	                    "unknown kind of alert");
}

/*
 * Whether pass `pass` of an alert kind's read runs: the count (0) only when
 * the caller asks for the total, the page (1) only when it can hold a row.
 */
static bool alert_pass_runs(int pass, const int64_t *total, int64_t offset, int64_t limit)
{
	if (pass == 0)
		return total != NULL;
	return limit > 0 && !(total && offset >= *total);
}

/*
 * Runs one prepared pass of an alert kind, its filter and range bound: the
 * count into *total (`counting`), or the page at ?35 LIMIT / ?36 OFFSET into
 * *out. Releases `st` either way.
 */
static int alert_pass(sq_store *s, bm_arena *a, sqlite3_stmt *st, bool counting, int64_t offset,
                      int64_t limit, int64_t *total, bm_carrier **out, size_t *count)
{
	if (counting)
		return bm_sq_step_int64(s, st, total);
	sqlite3_bind_int64(st, 35, limit);
	sqlite3_bind_int64(st, 36, offset);
	return bm_sq_collect(s, a, st, sizeof(bm_carrier), carrier_row, (void **)out, count);
}

/*
 * One range of REG-5's due set (migration 50): the live unhandled items of
 * one urgency received by the day bound as ?30 (ordinary) or ?31 (urgent).
 * `count` with `tally` (the clerk's SYS-2 filter over a unit and levels,
 * tally_where): the sum of carrier_unhandled_tally's rows, one a day and
 * level, never a row per carrier. Otherwise the range of
 * carrier_unhandled_due in the order the alerts list (day received, id), as
 * `SELECT t.carrier_id, t.unhandled_since` or `SELECT count(*)`, filtered by
 * the row's own unit and level (`tally`) or joined to `carrier` for the due
 * rows only (any other viewer's filter, fs over `c`).
 */
static int handling_arm(bm_buf *sql, bool count, bool urgent, const char *tally,
                        const filter_sql *fs)
{
	int param = urgent ? 31 : 30;
	if (count && tally)
		return bm_buf_printf(
		        sql,
		        "SELECT coalesce(sum(t.n), 0) FROM carrier_unhandled_tally t%s"
		        " AND t.urgent = %d AND t.unhandled_since <= coalesce(?%d, '9999')",
		        tally, urgent ? 1 : 0, param);
	return bm_buf_printf(
	        sql,
	        "SELECT %s FROM carrier_unhandled t INDEXED BY carrier_unhandled_due%s%s"
	        " AND t.urgent = %d AND t.unhandled_since <= coalesce(?%d, '9999')"
	        " AND t.live = 1",
	        count ? "count(*)" : "t.carrier_id, t.unhandled_since",
	        tally ? "" : " CROSS JOIN carrier c ON c.id = t.carrier_id",
	        tally ? tally : fs->where.ptr, urgent ? 1 : 0, param);
}

/*
 * REG-5's alerts (issue 17 point 5): the unhandled items that are due,
 * read as two index ranges, never the unhandled ones not yet due. The
 * count adds the two ranges' counts (the clerk's from the tally); the page merges them in order
 * (SQLite's compound ORDER BY walks both ranges in index order) and stops
 * at its LIMIT, then reads those carriers: the same rows, in the same
 * order (c.received_on, c.id), as the rule says.
 */
static int handling_alerts(sq_store *s, bm_arena *a, const bm_viewer *v, const bm_alert_range *r,
                           int64_t offset, int64_t limit, int64_t *total, bm_carrier **out,
                           size_t *count)
{
	bm_carrier_filter f = viewer_filter(v);
	sqlite3_stmt *st = NULL;
	filter_sql fs;
	bm_buf sql, tw;
	bool tally = false;
	int rc;

	bm_buf_init(&sql, 16384);
	bm_buf_init(&tw, 1024);
	if ((rc = build_filter(a, &f, &fs)) != 0 || (rc = tally_where(&tw, &f, &tally)) != 0)
		goto done;
	for (int pass = 0; pass < 2; pass++) {
		if (!alert_pass_runs(pass, total, offset, limit))
			continue;
		bm_buf_clear(&sql);
		if (pass == 0) {
			if ((rc = bm_buf_puts(&sql, "SELECT (")) != 0 ||
			    (rc = handling_arm(&sql, true, false, tally ? tw.ptr : NULL, &fs)) !=
			            0 ||
			    (rc = bm_buf_puts(&sql, ") + (")) != 0 ||
			    (rc = handling_arm(&sql, true, true, tally ? tw.ptr : NULL, &fs)) !=
			            0 ||
			    (rc = bm_buf_puts(&sql, ")")) != 0)
				goto done;
		} else if ((rc = bm_buf_puts(&sql, "SELECT " CARRIER_COLS " FROM (")) != 0 ||
		           (rc = handling_arm(&sql, false, false, tally ? tw.ptr : NULL, &fs)) !=
		                   0 ||
		           (rc = bm_buf_puts(&sql, " UNION ALL ")) != 0 ||
		           (rc = handling_arm(&sql, false, true, tally ? tw.ptr : NULL, &fs)) !=
		                   0 ||
		           (rc = bm_buf_puts(
		                    &sql,
		                    " ORDER BY 2, 1 LIMIT ?35 OFFSET ?36) p"
		                    " CROSS JOIN carrier c ON c.id = p.carrier_id" CARRIER_JOINS
		                    " ORDER BY p.unhandled_since, p.carrier_id")) != 0) {
			goto done;
		}
		if ((rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
			goto done;
		bind_filter(st, &f, &fs);
		bm_sq_bind_text(st, 30, r->from);
		bm_sq_bind_text(st, 31, r->to);
		rc = alert_pass(s, a, st, pass == 0, offset, limit, total, out, count);
		st = NULL; /* released by alert_pass */
		if (rc != 0)
			goto done;
	}
	rc = 0;
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	bm_buf_release(&tw);
	bm_buf_release(&sql);
	return rc;
}

static int sq_carrier_alerts(bm_store *bs, bm_arena *a, const bm_viewer *v, const bm_alert_range *r,
                             int64_t offset, int64_t limit, int64_t *total, bm_carrier **out,
                             size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	bm_carrier_filter f = viewer_filter(v);
	sqlite3_stmt *st = NULL;
	const char *index = NULL, *cond = NULL, *order = NULL;
	filter_sql fs;
	bm_buf sql;
	int rc;

	*out = NULL;
	*count = 0;
	if (total)
		*total = 0;
	if (!v || !v->rule)
		return bm_error_set(BM_ERROR, "no_viewer", NULL,
		                    "the ledger needs a viewer and its visibility rule",
		                    "the ledger needs a viewer and its visibility rule");
	if (r->set == BM_ALERT_SET_HANDLING)
		return handling_alerts(s, a, v, r, offset, limit, total, out, count);
	if ((rc = alert_range_sql(r, &index, &cond, &order)) != 0)
		return rc;
	bm_buf_init(&sql, 16384);
	for (int pass = 0; pass < 2; pass++) {
		if (!alert_pass_runs(pass, total, offset, limit))
			continue;
		bm_buf_clear(&sql);
		if ((rc = build_filter(a, &f, &fs)) != 0 ||
		    (rc = pass == 0
		                  ? bm_buf_printf(
		                            &sql,
		                            "SELECT count(*) FROM carrier c%s%s%s"
		                            " AND c.status NOT IN ('destroyed', 'returned')%s",
		                            index ? " INDEXED BY " : "", index ? index : "",
		                            fs.where.ptr, cond)
		                  : bm_buf_printf(&sql,
		                                  "SELECT " CARRIER_COLS
		                                  " FROM carrier c%s%s%s%s AND c.status"
		                                  " NOT IN ('destroyed', 'returned')%s%s"
		                                  " LIMIT ?35 OFFSET ?36",
		                                  index ? " INDEXED BY " : "", index ? index : "",
		                                  CARRIER_JOINS, fs.where.ptr, cond, order)) != 0 ||
		    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0) {
			bm_buf_release(&fs.where);
			goto done;
		}
		bm_buf_release(&fs.where);
		bind_filter(st, &f, &fs);
		bm_sq_bind_text(st, 30, r->from);
		bm_sq_bind_text(st, 31, r->to);
		bm_sq_bind_text(st, 32, r->since);
		sqlite3_bind_int64(st, 33, r->late_seconds);
		sqlite3_bind_int64(st, 34, r->custodian_id);
		rc = alert_pass(s, a, st, pass == 0, offset, limit, total, out, count);
		st = NULL; /* released by alert_pass */
		if (rc != 0)
			goto done;
	}
	rc = 0;
done:
	bm_sq_release(s, st);
	bm_buf_release(&sql);
	return rc;
}

/* For each level, whether the viewer sees a live carrier of it: one indexed probe a level. */
static int sq_carrier_levels_present(bm_store *bs, bm_arena *a, const bm_viewer *v,
                                     bool out[BM_LEVEL_COUNT])
{
	sq_store *s = bm_sq_of(bs);
	bool present[BM_LEVEL_COUNT] = {false};
	sqlite3_stmt *st = NULL;
	filter_sql fs;
	int64_t any;
	bm_buf sql;
	int rc;

	if (!v || !v->rule)
		return bm_error_set(BM_ERROR, "no_viewer", NULL,
		                    "the ledger needs a viewer and its visibility rule",
		                    "the ledger needs a viewer and its visibility rule");
	bm_buf_init(&sql, 16384);
	for (int level = 0; level < BM_LEVEL_COUNT; level++) {
		bm_carrier_filter f = viewer_filter(v);
		f.level = level;
		bm_buf_clear(&sql);
		if ((rc = build_filter(a, &f, &fs)) != 0)
			goto done;
		rc = bm_buf_printf(&sql,
		                   "SELECT EXISTS (SELECT 1 FROM carrier c%s AND c.status IN"
		                   " ('in_store', 'lent', 'taken_out', 'circulating', 'missing'))",
		                   fs.where.ptr);
		if (rc == 0)
			rc = bm_sq_prep(s, &st, sql.ptr);
		if (rc == 0)
			bind_filter(st, &f, &fs);
		bm_buf_release(&fs.where);
		if (rc != 0 || (rc = bm_sq_step_int64(s, st, &any)) != 0)
			goto done;
		present[level] = any != 0;
	}
	memcpy(out, present, sizeof(present));
done:
	bm_buf_release(&sql);
	return rc;
}

/* ---- counts compared in SQL (INV-3, issue 17) ---------------------------------------- */

/* The columns after CARRIER_COLS in count_expected's statement. */
enum { COUNT_COL = 46 };

/*
 * The filter of a count's expected set: what `v` may see (SYS-2) in the
 * session's scope; the statement adds "live" (neither destroyed nor
 * returned). carrier_department_status and carrier_custodian_status serve
 * a department's and a custodian's count. The statements bind the session
 * as ?40 and their own values from ?41.
 */
static int count_filter(bm_arena *a, const bm_viewer *v, const bm_count_session_row *sess,
                        int64_t place, bm_carrier_filter *f, filter_sql *fs)
{
	int rc;
	*f = viewer_filter(v);
	/* scope_kind is NOT NULL in the table: NULL here is a text not copied for want of memory */
	if (!sess->scope_kind)
		return bm_error_nomem();
	if (strcmp(sess->scope_kind, "department") == 0)
		f->department_id = sess->scope_id;
	else if (strcmp(sess->scope_kind, "custodian") == 0)
		f->custodian_id = sess->scope_id;
	if (!v || !v->rule)
		return bm_error_set(BM_ERROR, "no_viewer", NULL,
		                    "the ledger needs a viewer and its visibility rule",
		                    "the ledger needs a viewer and its visibility rule");
	/* One 存放地点 (carrier_place), or the carriers with none (issue 14 point 6). */
	if (place > 0)
		f->place_id = place;
	if ((rc = build_filter(a, f, fs)) != 0)
		return rc;
	return place < 0 ? bm_buf_puts(&fs->where, " AND c.place_id IS NULL") : 0;
}

/*
 * An expected carrier the count did not tick that is out with something to
 * show for it: lent, taken out or circulating with an open loan, or on an
 * open dispatch whose item is unsigned (loan_open_carrier,
 * dispatch_item_unsigned). Any other untouched one is missing (INV-3).
 */
#define COUNT_OUT_SQL                                                                              \
	"(c.status IN ('lent', 'taken_out', 'circulating') AND (EXISTS (SELECT 1 FROM loan o"      \
	" WHERE o.carrier_id = c.id AND o.returned_at IS NULL) OR EXISTS (SELECT 1"                \
	" FROM dispatch_item i JOIN dispatch d ON d.id = i.dispatch_id WHERE i.carrier_id = c.id"  \
	" AND i.signed_at IS NULL AND d.status = 'open')))"

/* The expected set left-joined with the session's ticks (count_item's key); WHERE follows. */
#define COUNT_FROM                                                                                 \
	CARRIER_FROM " LEFT JOIN count_item t ON t.session_id = ?40 AND t.carrier_id = c.id"

/* What selects one list's lines of the expected set (unexpected: none). */
static const char *count_list_where(bm_count_list list)
{
	switch (list) {
	/* Driven by the ticks (count_item's key), not by the ledger. */
	case BM_COUNT_FOUND:
		return " AND t.carrier_id IS NOT NULL AND c.id IN (SELECT carrier_id FROM "
		       "count_item"
		       " WHERE session_id = ?40)";
	case BM_COUNT_INCOMPLETE:
		return " AND t.state = 'incomplete' AND c.id IN (SELECT carrier_id FROM count_item"
		       " WHERE session_id = ?40 AND state = 'incomplete')";
	/* Driven by carrier_level(level, status): the carriers out, by status. */
	case BM_COUNT_OUT:
		return " AND t.carrier_id IS NULL AND " COUNT_OUT_SQL
		       " AND c.id IN (SELECT id FROM carrier"
		       " WHERE level IN (0, 1, 2, 3, 4) AND status IN ('lent', 'taken_out', "
		       "'circulating'))";
	case BM_COUNT_MISSING: return " AND t.carrier_id IS NULL AND NOT " COUNT_OUT_SQL;
	default: return " AND 0";
	}
}

static int read_count_expected(bm_arena *a, sqlite3_stmt *st, bm_count_expected *e)
{
	int rc;
	memset(e, 0, sizeof(*e));
	if ((rc = read_carrier(a, st, &e->c)) != 0)
		return rc;
	e->ticked = sqlite3_column_int(st, COUNT_COL) != 0;
	e->incomplete = sqlite3_column_int(st, COUNT_COL + 1) != 0;
	e->note = bm_sq_col_text(a, st, COUNT_COL + 2);
	e->loan_id = sqlite3_column_int64(st, COUNT_COL + 3);
	e->loan_holder = bm_sq_col_text(a, st, COUNT_COL + 4);
	e->loan_kind = bm_sq_col_text(a, st, COUNT_COL + 5);
	e->loan_due = bm_sq_col_text(a, st, COUNT_COL + 6);
	e->dispatch_id = sqlite3_column_int64(st, COUNT_COL + 7);
	e->incident_id = sqlite3_column_int64(st, COUNT_COL + 8);
	return 0;
}

/* bm_sq_row_reader over read_count_expected. */
static int count_expected_row(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	return read_count_expected(a, st, (bm_count_expected *)rows + n);
}

/*
 * One statement: the expected carriers left-joined with the session's
 * ticks, each absent one's first open loan (loan_open_carrier), open
 * dispatch (dispatch_item_unsigned) and open incident (incident_carrier;
 * for one already `missing`, else the open incident an earlier count
 * listed it on: the one a close would name, INV-4);
 * one list's lines after ?41 by id, at most ?42 (-1: all). Whereabouts are
 * looked up for absent carriers only, and only for the page.
 */
static int sq_count_expected(bm_store *bs, bm_arena *a, const bm_viewer *v,
                             const bm_count_session_row *sess, const bm_count_slice *sl,
                             bm_count_expected **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	bm_carrier_filter f;
	sqlite3_stmt *st = NULL;
	filter_sql fs = {0};
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, sl ? sl->place : 0, &f, &fs)) != 0 ||
	    (rc = bm_buf_printf(
	             &sql,
	             "SELECT " CARRIER_COLS
	             ", t.carrier_id IS NOT NULL, t.state = 'incomplete', t.note,"
	             " l.id, lp.name, l.kind, l.due_at,"
	             " CASE WHEN t.carrier_id IS NULL THEN (SELECT d.id FROM dispatch_item i"
	             "  JOIN dispatch d ON d.id = i.dispatch_id WHERE i.carrier_id = c.id"
	             "  AND i.signed_at IS NULL AND d.status = 'open' ORDER BY d.id DESC LIMIT 1) "
	             "END,"
	             /* The open incident a close names for it, as count_apply chooses. */
	             " CASE WHEN t.carrier_id IS NULL THEN coalesce((SELECT x.id FROM incident x"
	             "  WHERE x.carrier_id = c.id AND x.status = 'open' ORDER BY x.id LIMIT 1),"
	             "  CASE c.status WHEN 'missing' THEN (SELECT x.id FROM carrier_event e"
	             "  JOIN incident x ON x.id = json_extract(e.detail, '$.incident_id')"
	             "  WHERE e.carrier_id = c.id AND e.action = 'count.missing'"
	             "  AND x.status = 'open' AND x.carrier_id IS NULL ORDER BY e.id DESC LIMIT 1)"
	             "  END) END" COUNT_FROM
	             " LEFT JOIN loan l ON t.carrier_id IS NULL AND l.id = (SELECT o.id FROM loan o"
	             "  WHERE o.carrier_id = c.id AND o.returned_at IS NULL"
	             "  ORDER BY o.issued_at, o.id LIMIT 1)"
	             " LEFT JOIN person lp ON lp.id = l.holder_id"
	             "%s AND c.status NOT IN ('destroyed', 'returned')%s AND c.id > ?41"
	             " ORDER BY c.id LIMIT ?42",
	             fs.where.ptr, sl ? count_list_where(sl->list) : "")) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &f, &fs);
	sqlite3_bind_int64(st, 40, sess->id);
	sqlite3_bind_int64(st, 41, sl ? sl->after : 0);
	sqlite3_bind_int64(st, 42, sl && sl->limit > 0 ? sl->limit : -1);
	rc = bm_sq_collect(s, a, st, sizeof(bm_count_expected), count_expected_row, (void **)out,
	                   count);
	st = NULL; /* released by bm_sq_collect */
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	bm_buf_release(&sql);
	return rc;
}

/* The session's ticks outside the expected set: a NOT EXISTS on the carrier's primary key. */
#define COUNT_UNEXPECTED_FROM                                                                      \
	" FROM count_item t WHERE t.session_id = ?40 AND NOT EXISTS ("                             \
	"  SELECT 1" CARRIER_FROM "%s AND c.id = t.carrier_id"                                     \
	"  AND c.status NOT IN ('destroyed', 'returned'))"

static int sq_count_unexpected(bm_store *bs, bm_arena *a, const bm_viewer *v,
                               const bm_count_session_row *sess, int64_t after, int64_t limit,
                               bm_count_item_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	bm_carrier_filter f;
	sqlite3_stmt *st = NULL;
	filter_sql fs = {0};
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, 0, &f, &fs)) != 0 ||
	    (rc = bm_buf_printf(&sql,
	                        "SELECT t.session_id, t.carrier_id, t.state, t.note,"
	                        " t.at" COUNT_UNEXPECTED_FROM
	                        " AND t.carrier_id > ?41 ORDER BY t.carrier_id LIMIT ?42",
	                        fs.where.ptr)) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &f, &fs);
	sqlite3_bind_int64(st, 40, sess->id);
	sqlite3_bind_int64(st, 41, after);
	sqlite3_bind_int64(st, 42, limit > 0 ? limit : -1);
	rc = bm_sq_collect(s, a, st, sizeof(bm_count_item_row), bm_sq_read_count_item, (void **)out,
	                   count);
	st = NULL; /* released by bm_sq_collect */
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	bm_buf_release(&sql);
	return rc;
}

/* Appends `tmpl` with each "%s" in it replaced by `where` (a template, not a format). */
static int put_template(bm_buf *sql, const char *tmpl, const char *where)
{
	const char *at;
	int rc;
	while ((at = strstr(tmpl, "%s")) != NULL) {
		if ((rc = bm_buf_put(sql, tmpl, (size_t)(at - tmpl))) != 0 ||
		    (rc = bm_buf_puts(sql, where)) != 0)
			return rc;
		tmpl = at + 2;
	}
	return bm_buf_puts(sql, tmpl);
}

/*
 * Runs a counting statement of the expected set's filter; vals[0..n) get its
 * one row. Each "%s" of `tmpl` becomes the filter's WHERE terms.
 */
static int count_numbers(sq_store *s, bm_arena *a, const bm_viewer *v,
                         const bm_count_session_row *sess, const char *tmpl, int64_t *vals, int n)
{
	bm_carrier_filter f;
	sqlite3_stmt *st = NULL;
	filter_sql fs = {0};
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, 0, &f, &fs)) != 0 ||
	    (rc = put_template(&sql, tmpl, fs.where.ptr)) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &f, &fs);
	sqlite3_bind_int64(st, 40, sess->id);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	for (int i = 0; i < n; i++)
		vals[i] = sqlite3_column_int64(st, i);
	rc = 0;
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	bm_buf_release(&sql);
	return rc;
}

/* A tick's key: the session's tick of carrier c (count_item's primary key). */
#define COUNT_TICKED                                                                               \
	"EXISTS (SELECT 1 FROM count_item k WHERE k.session_id = ?40 AND k.carrier_id = c.id)"

/*
 * The size of the expected set from the tally (migration 7, carrier_tally)
 * when it can answer for `v` in the session's scope, as the list's total
 * does (tally_where: a clerk's unit-wide count): a few rows, not a pass
 * over a million carriers. *usable = false when it cannot.
 */
static int count_expected_tally(sq_store *s, bm_arena *a, const bm_viewer *v,
                                const bm_count_session_row *sess, int64_t *out, bool *usable)
{
	bm_carrier_filter f;
	sqlite3_stmt *st = NULL;
	filter_sql fs = {0};
	bm_buf sql;
	int rc;

	*usable = false;
	bm_buf_init(&sql, 1024);
	if ((rc = count_filter(a, v, sess, 0, &f, &fs)) != 0 ||
	    (rc = bm_buf_puts(&sql, "SELECT coalesce(sum(t.n), 0) FROM carrier_tally t")) != 0 ||
	    (rc = tally_where(&sql, &f, usable)) != 0 || !*usable ||
	    (rc = bm_buf_puts(&sql, " AND t.status NOT IN ('destroyed', 'returned')")) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &f, &fs);
	rc = bm_sq_step_int64(s, st, out);
done:
	if (rc != 0)
		*usable = false;
	bm_buf_release(&fs.where);
	bm_buf_release(&sql);
	return rc;
}

/*
 * Every list's size, nothing loaded: the expected set's size from the
 * tally where it answers (a clerk's unit-wide count) and its out carriers
 * on carrier_level, else one pass over the expected set counts both (the
 * tick looked up only for a carrier that is out); one pass over the ticks
 * counts the found, incomplete and unexpected ones; missing is the rest.
 */
static int sq_count_tally(bm_store *bs, bm_arena *a, const bm_viewer *v,
                          const bm_count_session_row *sess, bm_count_tally *out)
{
	sq_store *s = bm_sq_of(bs);
	int64_t x[3] = {0};
	bool tally = false;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = count_expected_tally(s, a, v, sess, &out->expected, &tally)) != 0)
		return rc;
	if (tally) {
		/* The out carriers walked on carrier_level(level, status), as the out list is. */
		if ((rc = count_numbers(s, a, v, sess,
		                        "SELECT count(*)" CARRIER_FROM "%s AND " COUNT_OUT_SQL
		                        " AND NOT " COUNT_TICKED
		                        " AND c.id IN (SELECT id FROM carrier"
		                        " WHERE level IN (0, 1, 2, 3, 4) AND status IN ('lent',"
		                        " 'taken_out', 'circulating'))",
		                        x, 1)) != 0)
			return rc;
		out->n[BM_COUNT_OUT] = x[0];
	} else {
		if ((rc = count_numbers(s, a, v, sess,
		                        "SELECT count(*), coalesce(sum(" COUNT_OUT_SQL
		                        " AND NOT " COUNT_TICKED "), 0)" CARRIER_FROM
		                        "%s AND c.status NOT IN ('destroyed', 'returned')",
		                        x, 2)) != 0)
			return rc;
		out->expected = x[0];
		out->n[BM_COUNT_OUT] = x[1];
	}
	if ((rc = count_numbers(s, a, v, sess,
	                        "SELECT count(*), coalesce(sum(t.state = 'incomplete'), 0),"
	                        " (SELECT count(*)" COUNT_UNEXPECTED_FROM ")" COUNT_FROM
	                        "%s AND c.status NOT IN ('destroyed', 'returned')"
	                        " AND c.id IN (SELECT carrier_id FROM count_item"
	                        " WHERE session_id = ?40)",
	                        x, 3)) != 0)
		return rc;
	out->n[BM_COUNT_FOUND] = x[0];
	out->n[BM_COUNT_INCOMPLETE] = x[1];
	out->n[BM_COUNT_UNEXPECTED] = x[2];
	out->n[BM_COUNT_MISSING] = out->expected - out->n[BM_COUNT_FOUND] - out->n[BM_COUNT_OUT];
	return 0;
}

/* A row of count_places: place, name, expected, found, incomplete, out[, missing]. */
static int read_count_place(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_count_place *p = (bm_count_place *)rows + n;
	p->place_id = sqlite3_column_int64(st, 0);
	p->name = bm_sq_col_text(a, st, 1);
	p->expected = sqlite3_column_int64(st, 2);
	p->found = sqlite3_column_int64(st, 3);
	p->incomplete = sqlite3_column_int64(st, 4);
	p->out = sqlite3_column_int64(st, 5);
	p->missing = sqlite3_column_int64(st, 6);
	return 0;
}

/*
 * Each 存放地点's part of a count (issue 14 point 6). An open count: one
 * grouped pass over the expected set (one place's on carrier_place), the
 * tick looked up on count_item's key and whereabouts only for an unticked
 * carrier that is out. A closed count: its stored lines on count_line's
 * key, each carrier's place by its primary key.
 */
static int sq_count_places(bm_store *bs, bm_arena *a, const bm_viewer *v,
                           const bm_count_session_row *sess, int64_t place, bm_count_place **out,
                           size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	bm_carrier_filter f;
	sqlite3_stmt *st = NULL;
	filter_sql fs = {0};
	bm_buf sql;
	int rc;

	*out = NULL;
	*count = 0;
	if (sess->closed_at) {
		if ((rc = bm_sq_prep(
		             s, &st,
		             "SELECT coalesce(c.place_id, 0), sp.name, sum(l.list <> 'incomplete'),"
		             " sum(l.list = 'found'), sum(l.list = 'incomplete'), sum(l.list = "
		             "'out'),"
		             " sum(l.list = 'missing')"
		             " FROM count_line l CROSS JOIN carrier c ON c.id = l.carrier_id"
		             " LEFT JOIN storage_place sp ON sp.id = c.place_id"
		             " WHERE l.session_id = ?1"
		             " AND l.list IN ('found', 'missing', 'out', 'incomplete')"
		             " AND (?2 = 0 OR (?2 < 0 AND c.place_id IS NULL) OR c.place_id = ?2)"
		             " GROUP BY coalesce(c.place_id, 0) ORDER BY 1")) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, sess->id);
		sqlite3_bind_int64(st, 2, place);
		return bm_sq_collect(s, a, st, sizeof(bm_count_place), read_count_place,
		                     (void **)out, count);
	}
	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, place, &f, &fs)) != 0 ||
	    (rc = put_template(&sql,
	                       "SELECT coalesce(c.place_id, 0), sp.name, count(*),"
	                       " count(t.carrier_id), coalesce(sum(t.state = 'incomplete'), 0),"
	                       " coalesce(sum(t.carrier_id IS NULL AND " COUNT_OUT_SQL "), 0),"
	                       " 0" COUNT_FROM "%s AND c.status NOT IN ('destroyed', 'returned')"
	                       " GROUP BY coalesce(c.place_id, 0) ORDER BY 1",
	                       fs.where.ptr)) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &f, &fs);
	sqlite3_bind_int64(st, 40, sess->id);
	rc = bm_sq_collect(s, a, st, sizeof(bm_count_place), read_count_place, (void **)out, count);
	st = NULL; /* released by bm_sq_collect */
	for (size_t i = 0; rc == 0 && i < *count; i++)
		(*out)[i].missing = (*out)[i].expected - (*out)[i].found - (*out)[i].out;
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	bm_buf_release(&sql);
	return rc;
}

/* Runs one prepared write of the close; `*changes` (may be NULL) gets its row count. */
static int count_write(sq_store *s, const char *sql, const bm_count_session_row *sess,
                       const bm_count_apply *ap, int64_t since, int64_t *changes)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	/* Bound by name: each statement uses a subset. */
	for (int i = 1; i <= sqlite3_bind_parameter_count(st); i++) {
		const char *name = sqlite3_bind_parameter_name(st, i);
		if (!name)
			continue;
		if (strcmp(name, ":sid") == 0)
			sqlite3_bind_int64(st, i, sess->id);
		else if (strcmp(name, ":unit") == 0)
			sqlite3_bind_int64(st, i, sess->unit_id);
		else if (strcmp(name, ":actor") == 0)
			bm_sq_bind_id(st, i, ap->actor_id);
		else if (strcmp(name, ":now") == 0)
			bm_sq_bind_text(st, i, ap->now);
		else if (strcmp(name, ":circ") == 0)
			bm_sq_bind_text(st, i, ap->circumstances);
		else if (strcmp(name, ":src") == 0)
			bm_sq_bind_text(st, i, ap->source);
		else if (strcmp(name, ":rule") == 0)
			bm_sq_bind_text(st, i, ap->rule);
		else if (strcmp(name, ":since") == 0)
			sqlite3_bind_int64(st, i, since);
		else if (strcmp(name, ":inc") == 0)
			sqlite3_bind_int64(st, i, ap->incident_id);
		else if (strcmp(name, ":what") == 0)
			bm_sq_bind_text(st, i, ap->what);
	}
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (changes)
		*changes = sqlite3_changes64(s->db);
	return 0;
}

/* The level code of `lv`, as bm_level_names spells it (an INC-1 record's "level"). */
#define COUNT_LEVEL_CODE(lv)                                                                       \
	"CASE " lv " WHEN 0 THEN 'public' WHEN 1 THEN 'internal' WHEN 2 THEN 'confidential'"       \
	" WHEN 3 THEN 'secret' WHEN 4 THEN 'top_secret' END"
_Static_assert(BM_LEVEL_COUNT == 5, "COUNT_LEVEL_CODE names every level");

/* The lines of one list of the session in count_line, with the carrier's row. */
#define COUNT_LINES_OF(list)                                                                       \
	" FROM count_line l JOIN carrier c ON c.id = l.carrier_id"                                 \
	" WHERE l.session_id = :sid AND l.list = '" list "'"

/* The session's missing lines whose carrier is not flagged `missing` yet, with the carrier. */
#define COUNT_NEWLY_MISSING COUNT_LINES_OF("missing") " AND c.status <> 'missing'"

/* The same carriers' carrier_sight rows (x), which follow the carrier's status. */
#define COUNT_SIGHT_NEWLY_MISSING                                                                  \
	" FROM count_line l JOIN carrier_sight x ON x.carrier_id = l.carrier_id"                   \
	" WHERE l.session_id = :sid AND l.list = 'missing' AND x.status <> 'missing'"

/*
 * Flags the session's missing carriers `missing` (INV-4) in a few set-based
 * statements, whatever their number: with bulk_guard set (migration 17) the
 * per-row tally triggers stand aside, and the same changes they would make,
 * carrier_tally's and carrier_sight_tally's counts moved from each old
 * status to `missing` and the carriers' carrier_sight rows following the
 * carrier, are made here by group, before the carriers change. `*n` gets
 * the number of carriers flagged.
 */
static int count_flag_missing(sq_store *s, const bm_count_session_row *sess,
                              const bm_count_apply *ap, int64_t *n)
{
	static const char *const steps[] = {
	        "INSERT INTO bulk_guard(name) VALUES ('count')",
	        /* Each group's carriers leave their status for `missing`: one pass, two deltas. */
	        "WITH d AS (SELECT c.unit_id AS u, c.level AS lv, c.status AS st, count(*) AS "
	        "k" COUNT_NEWLY_MISSING " GROUP BY 1, 2, 3)"
	        " INSERT INTO carrier_tally(unit_id, level, status, n)"
	        " SELECT u, lv, st, -k FROM d WHERE true UNION ALL"
	        " SELECT u, lv, 'missing', sum(k) FROM d WHERE true GROUP BY 1, 2"
	        " ON CONFLICT(unit_id, level, status) DO UPDATE SET n = n + excluded.n",
	        /* carrier_sight follows the carrier (its rows are in step with it). */
	        "WITH d AS (SELECT x.unit_id AS u, x.term AS tm, x.ref AS rf, x.level AS lv,"
	        " x.status AS st, count(*) AS k" COUNT_SIGHT_NEWLY_MISSING
	        " GROUP BY 1, 2, 3, 4, 5)"
	        " INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)"
	        " SELECT u, tm, rf, lv, st, -k FROM d WHERE true UNION ALL"
	        " SELECT u, tm, rf, lv, 'missing', sum(k) FROM d WHERE true GROUP BY 1, 2, 3, 4"
	        " ON CONFLICT(unit_id, term, ref, level, status) DO UPDATE SET n = n + excluded.n",
	        "UPDATE carrier_sight SET status = 'missing' WHERE carrier_id IN (SELECT carrier_id"
	        " FROM count_line WHERE session_id = :sid AND list = 'missing') AND status <> "
	        "'missing'",
	};
	int rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(steps); i++)
		if ((rc = count_write(s, steps[i], sess, ap, 0, NULL)) != 0)
			return rc;
	if ((rc = count_write(
	             s,
	             "UPDATE carrier SET status = 'missing', updated_at = :now"
	             " WHERE id IN (SELECT carrier_id FROM count_line"
	             " WHERE session_id = :sid AND list = 'missing') AND status <> 'missing'",
	             sess, ap, 0, n)) != 0)
		return rc;
	return count_write(s, "DELETE FROM bulk_guard WHERE name = 'count'", sess, ap, 0, NULL);
}

/*
 * INV-4: the carriers the close found missing are flagged `missing`, and
 * the missing ones found again go back in store, each with its history
 * event.
 */
static int count_apply_flags(sq_store *s, const bm_count_session_row *sess, bm_count_apply *ap)
{
	int64_t n;
	int rc;
	/* One event a missing carrier: flagged now, or listed on the count's incident. */
	if ((rc = count_write(
	             s,
	             "INSERT INTO carrier_event(carrier_id, at, actor_id, action, detail)"
	             " SELECT c.id, :now, :actor, 'count.missing',"
	             " json_object('count_id', :sid, 'incident_id', l.incident_id)" COUNT_LINES_OF(
	                     "missing") " AND (c.status <> 'missing'"
	                                " OR l.incident_id = :inc) ORDER BY c.id",
	             sess, ap, 0, NULL)) != 0 ||
	    (rc = count_write(s,
	                      "INSERT INTO carrier_event(carrier_id, at, actor_id, action, detail)"
	                      " SELECT c.id, :now, :actor, 'count.found',"
	                      " json_object('count_id', :sid)" COUNT_LINES_OF(
	                              "found") " AND c.status = 'missing' ORDER BY c.id",
	                      sess, ap, 0, NULL)) != 0)
		return rc;
	/*
	 * The missing ones found again, walked on carrier_missing before this
	 * close adds to it: the carriers missing since earlier counts are few
	 * where the found lines are nearly all (a million at 1M); found and
	 * missing lines name different carriers, so the order changes nothing.
	 */
	if ((rc = count_write(s,
	                      "UPDATE carrier SET status = 'in_store', updated_at = :now"
	                      " WHERE id IN (SELECT c.id FROM carrier c INDEXED BY carrier_missing"
	                      " WHERE c.status = 'missing' AND EXISTS (SELECT 1 FROM count_line l"
	                      " WHERE l.session_id = :sid AND l.list = 'found'"
	                      " AND l.carrier_id = c.id))",
	                      sess, ap, 0, &n)) != 0)
		return rc;
	ap->status_changed = n;
	if ((rc = count_flag_missing(s, sess, ap, &n)) != 0)
		return rc;
	ap->status_changed += n;
	return 0;
}

/*
 * INV-4 / INC-1: one incident for the count, kind `missing`, holding every
 * missing line of the session without another open incident (the lines
 * carry its number, written by the lines' INSERT: ap->incident_id, the
 * next id, reserved in this writer's transaction), and every missing
 * device line naming it (count_device_line, issue 10 point 3). Its INC-1
 * record: quantity the number of those carriers and devices (`devices`:
 * how many of them are devices), level the highest of theirs, form their
 * kinds. None is opened when no line names it.
 */
static int count_apply_incidents(sq_store *s, const bm_count_session_row *sess, bm_count_apply *ap)
{
	int64_t n = 0;
	int rc;
	/* The count's missing carriers and devices (issue 10 point 3) on one record. */
	if ((rc = count_write(
	             s,
	             "INSERT INTO incident(id, unit_id, kind, carrier_id, status, opened_by,"
	             " opened_at, detail) SELECT :inc, :unit, 'missing', NULL, 'open', :actor,"
	             " :now, json_object('circumstances', :circ, 'count_id', :sid,"
	             " 'form', group_concat(DISTINCT f), 'level', " COUNT_LEVEL_CODE(
	                     "max(lv)") ", 'quantity', CAST(count(*) AS TEXT),"
	                                " 'devices', CAST(sum(dev) AS TEXT),"
	                                " 'rule', :rule, 'source', :src, 'what', :what)"
	                                " FROM (SELECT c.kind AS f, c.level AS lv, 0 AS "
	                                "dev" COUNT_LINES_OF(
	                                        "missing") " AND l.incident_id = :inc"
	                                                   " UNION ALL SELECT d.kind, d.level, 1"
	                                                   " FROM count_device_line l JOIN device d"
	                                                   " ON d.id = l.device_id"
	                                                   " WHERE l.session_id = :sid"
	                                                   " AND l.list = 'missing'"
	                                                   " AND l.incident_id = :inc)"
	                                                   " HAVING count(*) > 0",
	             sess, ap, 0, &n)) != 0)
		return rc;
	ap->incidents_opened = n;
	if (n == 0)
		ap->incident_id = 0;
	return 0;
}

/* The id the next incident row takes (no AUTOINCREMENT: max + 1), in the writer's transaction. */
static int count_next_incident(sq_store *s, int64_t *out)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "SELECT coalesce(max(id), 0) + 1 FROM incident")) != 0)
		return rc;
	return bm_sq_step_int64(s, st, out);
}

/* What the close wrote, by list, from count_line's key. */
static int count_apply_tally(sq_store *s, const bm_count_session_row *sess, bm_count_apply *ap)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT list, count(*) FROM count_line WHERE session_id = ?"
	                     " GROUP BY list")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, sess->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *list = (const char *)sqlite3_column_text(st, 0);
		for (int k = 0; k < BM_COUNT_LISTS; k++)
			if (list && strcmp(list, bm_count_list_names[k]) == 0)
				ap->tally.n[k] = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	ap->tally.expected = ap->tally.n[BM_COUNT_FOUND] + ap->tally.n[BM_COUNT_MISSING] +
	                     ap->tally.n[BM_COUNT_OUT];
	return rc;
}

/*
 * The close's writes, in the caller's transaction (INV-3, INV-4): the
 * expected set's lines from one INSERT … SELECT (the out test evaluated
 * once a row), the incomplete ones copied from the found ones; then the
 * history events and status changes of the carriers found missing and of
 * the missing carriers found again; then the count's one incident, which
 * lists the missing carriers without another open incident (their lines
 * and their history event carry its number).
 */
static int sq_count_apply(bm_store *bs, bm_arena *a, const bm_viewer *v,
                          const bm_count_session_row *sess, bm_count_apply *ap)
{
	sq_store *s = bm_sq_of(bs);
	bm_carrier_filter f;
	sqlite3_stmt *st = NULL;
	filter_sql fs = {0};
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	ap->incidents_opened = ap->status_changed = 0;
	memset(&ap->tally, 0, sizeof(ap->tally));
	if ((rc = count_next_incident(s, &ap->incident_id)) != 0 ||
	    (rc = count_filter(a, v, sess, 0, &f, &fs)) != 0 ||
	    (rc = bm_buf_printf(
	             &sql,
	             "INSERT INTO count_line(session_id, list, carrier_id, status, incident_id,"
	             " loan_id, dispatch_id, note)"
	             " SELECT ?40, k, cid, CASE k WHEN 'missing' THEN 'missing'"
	             "  WHEN 'found' THEN (CASE st WHEN 'missing' THEN 'in_store' ELSE st END)"
	             "  ELSE st END,"
	             /* A missing line names the carrier's open incident: its own, else
	                the count's whose line an earlier close gave it, else this
	                count's (?41). */
	             " CASE k WHEN 'missing' THEN coalesce((SELECT x.id FROM incident x"
	             "  WHERE x.carrier_id = cid AND x.status = 'open' ORDER BY x.id LIMIT 1),"
	             "  CASE st WHEN 'missing' THEN (SELECT x.id FROM carrier_event e"
	             "  JOIN incident x ON x.id = json_extract(e.detail, '$.incident_id')"
	             "  WHERE e.carrier_id = cid AND e.action = 'count.missing'"
	             "  AND x.status = 'open' AND x.carrier_id IS NULL ORDER BY e.id DESC LIMIT 1)"
	             "  END, ?41) END,"
	             " CASE k WHEN 'out' THEN (SELECT o.id FROM loan o WHERE o.carrier_id = cid"
	             "  AND o.returned_at IS NULL ORDER BY o.issued_at, o.id LIMIT 1) END,"
	             " CASE k WHEN 'out' THEN (SELECT d.id FROM dispatch_item i"
	             "  JOIN dispatch d ON d.id = i.dispatch_id WHERE i.carrier_id = cid"
	             "  AND i.signed_at IS NULL AND d.status = 'open' ORDER BY d.id DESC LIMIT 1)"
	             "  END, note FROM (SELECT c.id AS cid, c.status AS st, t.note AS note,"
	             " CASE WHEN t.carrier_id IS NOT NULL THEN 'found' WHEN " COUNT_OUT_SQL
	             " THEN 'out' ELSE 'missing' END AS k" COUNT_FROM
	             "%s AND c.status NOT IN ('destroyed', 'returned') ORDER BY c.id)",
	             fs.where.ptr)) != 0 ||
	    (rc = bm_sq_prep(s, &st, sql.ptr)) != 0)
		goto done;
	bind_filter(st, &f, &fs);
	sqlite3_bind_int64(st, 40, sess->id);
	sqlite3_bind_int64(st, 41, ap->incident_id);
	rc = bm_sq_step_done(s, st);
	st = NULL; /* released by bm_sq_step_done */
	if (rc != 0)
		goto done;
	if ((rc = count_write(s,
	                      "INSERT INTO count_line(session_id, list, carrier_id, status, note)"
	                      " SELECT l.session_id, 'incomplete', l.carrier_id, l.status, l.note"
	                      " FROM count_item t INDEXED BY count_item_incomplete"
	                      " JOIN count_line l ON l.session_id = t.session_id"
	                      " AND l.list = 'found' AND l.carrier_id = t.carrier_id"
	                      " WHERE t.session_id = :sid AND t.state = 'incomplete'",
	                      sess, ap, 0, NULL)) != 0)
		goto done;
	if ((rc = count_apply_flags(s, sess, ap)) != 0 ||
	    (rc = bm_sq_count_device_apply(s, sess, ap)) != 0)
		goto done;
	if ((rc = count_apply_incidents(s, sess, ap)) != 0 ||
	    (rc = count_apply_tally(s, sess, ap)) != 0)
		goto done;
	rc = 0;
done:
	bm_sq_release(s, st);
	bm_buf_release(&fs.where);
	bm_buf_release(&sql);
	return rc;
}

static int sq_count_line_add(bm_store *bs, int64_t session_id, const bm_count_line_row *l)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO count_line(session_id, list, carrier_id, status,"
	                     " incident_id, loan_id, dispatch_id, note, title, marking, number,"
	                     " place) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	bm_sq_bind_text(st, 2, bm_count_list_names[l->list]);
	sqlite3_bind_int64(st, 3, l->carrier_id);
	bm_sq_bind_text(st, 4, l->status);
	bm_sq_bind_id(st, 5, l->incident_id);
	bm_sq_bind_id(st, 6, l->loan_id);
	bm_sq_bind_id(st, 7, l->dispatch_id);
	bm_sq_bind_text(st, 8, l->note);
	bm_sq_bind_text(st, 9, l->title);
	bm_sq_bind_text(st, 10, l->marking);
	bm_sq_bind_text(st, 11, l->number);
	bm_sq_bind_text(st, 12, l->where);
	return bm_sq_step_done(s, st);
}

/* The columns after CARRIER_COLS in count_lines' statement. */
static int read_count_stored(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_count_stored *r = (bm_count_stored *)rows + n;
	int rc;
	memset(r, 0, sizeof(*r));
	if ((rc = read_carrier(a, st, &r->e.c)) != 0)
		return rc;
	r->has_carrier = true;
	r->status = bm_sq_col_text(a, st, COUNT_COL);
	r->e.incident_id = sqlite3_column_int64(st, COUNT_COL + 1);
	r->e.loan_id = sqlite3_column_int64(st, COUNT_COL + 2);
	r->e.loan_holder = bm_sq_col_text(a, st, COUNT_COL + 3);
	r->e.loan_kind = bm_sq_col_text(a, st, COUNT_COL + 4);
	r->e.loan_due = bm_sq_col_text(a, st, COUNT_COL + 5);
	r->e.dispatch_id = sqlite3_column_int64(st, COUNT_COL + 6);
	r->e.note = bm_sq_col_text(a, st, COUNT_COL + 7);
	return 0;
}

static int read_count_unexpected_line(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_count_stored *r = (bm_count_stored *)rows + n;
	memset(r, 0, sizeof(*r));
	r->e.c.id = sqlite3_column_int64(st, 0);
	r->status = bm_sq_col_text(a, st, 1);
	r->e.note = bm_sq_col_text(a, st, 2);
	r->title = bm_sq_col_text(a, st, 3);
	r->marking = bm_sq_col_text(a, st, 4);
	r->number = bm_sq_col_text(a, st, 5);
	r->where = bm_sq_col_text(a, st, 6);
	return 0;
}

/* A page of a closed session's stored lines of one list, on count_line's key. */
static int sq_count_lines(bm_store *bs, bm_arena *a, int64_t session_id, const bm_count_slice *sl,
                          bm_count_stored **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	bool unexpected = sl->list == BM_COUNT_UNEXPECTED;
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             unexpected ? "SELECT carrier_id, status, note, title, marking, number, place"
	                          " FROM count_line WHERE session_id = ?1 AND list = ?2"
	                          " AND carrier_id > ?3 ORDER BY carrier_id LIMIT ?4"
	                        : "SELECT " CARRIER_COLS
	                          ", l.status, l.incident_id, l.loan_id, lp.name,"
	                          " lo.kind, lo.due_at, l.dispatch_id, l.note"
	                          " FROM count_line l CROSS JOIN carrier c ON c.id = l.carrier_id"
	                          " LEFT JOIN person cp ON cp.id = c.custodian_id"
	                          " LEFT JOIN storage_place sp ON sp.id = c.place_id"
	                          " LEFT JOIN department cd ON cd.id = c.department_id"
	                          " LEFT JOIN person ka ON ka.id = c.keep_approver_id"
	                          " LEFT JOIN carrier_marking cm ON cm.carrier_id = c.id"
	                          " LEFT JOIN loan lo ON lo.id = l.loan_id"
	                          " LEFT JOIN person lp ON lp.id = lo.holder_id"
	                          " WHERE l.session_id = ?1 AND l.list = ?2 AND l.carrier_id > ?3"
	                          " AND (?5 = 0 OR (?5 < 0 AND c.place_id IS NULL)"
	                          " OR c.place_id = ?5)"
	                          " ORDER BY l.carrier_id LIMIT ?4")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	bm_sq_bind_text(st, 2, bm_count_list_names[sl->list]);
	sqlite3_bind_int64(st, 3, sl->after);
	sqlite3_bind_int64(st, 4, sl->limit > 0 ? sl->limit : -1);
	if (!unexpected)
		sqlite3_bind_int64(st, 5, sl->place);
	return bm_sq_collect(s, a, st, sizeof(bm_count_stored),
	                     unexpected ? read_count_unexpected_line : read_count_stored,
	                     (void **)out, count);
}

static int sq_count_line_each(bm_store *bs, int64_t session_id,
                              int (*cb)(void *ud, const bm_count_line_row *l), void *ud)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT list, carrier_id, status, coalesce(incident_id, 0),"
	             " coalesce(loan_id, 0), coalesce(dispatch_id, 0), note, title, marking,"
	             " number, place FROM count_line WHERE session_id = ?"
	             " ORDER BY list, carrier_id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *list = (const char *)sqlite3_column_text(st, 0);
		bm_count_line_row l = {
		        .carrier_id = sqlite3_column_int64(st, 1),
		        .status = (const char *)sqlite3_column_text(st, 2),
		        .incident_id = sqlite3_column_int64(st, 3),
		        .loan_id = sqlite3_column_int64(st, 4),
		        .dispatch_id = sqlite3_column_int64(st, 5),
		        .note = (const char *)sqlite3_column_text(st, 6),
		        .title = (const char *)sqlite3_column_text(st, 7),
		        .marking = (const char *)sqlite3_column_text(st, 8),
		        .number = (const char *)sqlite3_column_text(st, 9),
		        .where = (const char *)sqlite3_column_text(st, 10),
		};
		for (int k = 0; k < BM_COUNT_LISTS; k++)
			if (list && strcmp(list, bm_count_list_names[k]) == 0)
				l.list = (bm_count_list)k;
		if ((rc = cb(ud, &l)) != 0) {
			bm_sq_release(s, st);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

static int sq_carrier_event_insert(bm_store *bs, bm_carrier_event *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO carrier_event(carrier_id, at, actor_id, action, detail)"
	                     " VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->carrier_id);
	bm_sq_bind_text(st, 2, e->at);
	bm_sq_bind_id(st, 3, e->actor_id);
	bm_sq_bind_text(st, 4, e->action);
	bm_sq_bind_text(st, 5, e->detail ? e->detail : "{}");
	if ((rc = bm_sq_step_done(s, st)) == 0)
		e->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

static int sq_carrier_event_list(bm_store *bs, bm_arena *a, int64_t carrier_id,
                                 bm_carrier_event **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n = 0, cap = 16;
	bm_carrier_event *items;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id, carrier_id, at, coalesce(actor_id, 0), action, detail"
	                     " FROM carrier_event WHERE carrier_id = ? ORDER BY id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, carrier_id);
	if (!(items = bm_arena_alloc(a, cap * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			bm_carrier_event *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*items));
			if (!bigger) {
				rc = bm_error_nomem();
				goto done;
			}
			memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
			cap *= 2;
		}
		items[n].id = sqlite3_column_int64(st, 0);
		items[n].carrier_id = sqlite3_column_int64(st, 1);
		items[n].at = bm_sq_col_text(a, st, 2);
		items[n].actor_id = sqlite3_column_int64(st, 3);
		items[n].action = bm_sq_col_text(a, st, 4);
		items[n].detail = bm_sq_col_text(a, st, 5);
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	rc = 0;
	*out = items;
	*count = n;
done:
	bm_sq_release(s, st);
	return rc;
}

/* ---- audit ---------------------------------------------------------------- */

static int sq_audit_tail(bm_store *bs, int64_t *seq_out, char *hash_out, size_t hash_size,
                         char *at_out, size_t at_size)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT seq, hash, at FROM audit_event ORDER BY seq DESC LIMIT 1")) !=
	    0)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, 1);
		const char *at = (const char *)sqlite3_column_text(st, 2);
		*seq_out = sqlite3_column_int64(st, 0);
		snprintf(hash_out, hash_size, "%s", hash ? hash : "");
		if (at_out && at_size)
			snprintf(at_out, at_size, "%s", at ? at : "");
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		*seq_out = 0;
		if (hash_size)
			hash_out[0] = '\0';
		if (at_out && at_size)
			at_out[0] = '\0';
		rc = 0;
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}

static int sq_audit_insert(bm_store *bs, const bm_audit_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO audit_event(seq, at, actor, action, object, outcome,"
	             " rule, detail, alg, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->seq);
	bm_sq_bind_text(st, 2, r->at);
	bm_sq_bind_text(st, 3, r->actor ? r->actor : "");
	bm_sq_bind_text(st, 4, r->action ? r->action : "");
	bm_sq_bind_text(st, 5, r->object ? r->object : "");
	bm_sq_bind_text(st, 6, r->outcome ? r->outcome : "");
	bm_sq_bind_text(st, 7, r->rule ? r->rule : "");
	bm_sq_bind_text(st, 8, r->detail ? r->detail : "{}");
	bm_sq_bind_text(st, 9, r->alg);
	bm_sq_bind_text(st, 10, r->prev_hash);
	bm_sq_bind_text(st, 11, r->hash);
	return bm_sq_step_done(s, st);
}

static int sq_audit_foreach(bm_store *bs, bm_audit_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* Row order is the table's physical (rowid) order, so a reordering shows. */
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT seq, at, actor, action, object, outcome, rule, detail, alg,"
	                     " prev_hash, hash FROM audit_event ORDER BY rowid")) != 0)
		return rc;
	return bm_sq_audit_rows(s, st, cb, ctx);
}

/* ---- policy --------------------------------------------------------------- */

static int policy_rows(sq_store *s, bm_arena *a, const char *sql, bm_policy_version **out,
                       size_t *count)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 8;
	bm_policy_version *items;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	if (!(items = bm_arena_alloc(a, cap * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			bm_policy_version *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*items));
			if (!bigger) {
				rc = bm_error_nomem();
				goto done;
			}
			memcpy(bigger, items, n * sizeof(*items));
			items = bigger;
			cap *= 2;
		}
		items[n].version = sqlite3_column_int(st, 0);
		items[n].text = bm_sq_col_text(a, st, 1);
		items[n].created_at = bm_sq_col_text(a, st, 2);
		items[n].created_by = sqlite3_column_int64(st, 3);
		items[n].comment = bm_sq_col_text(a, st, 4);
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	rc = 0;
	*out = items;
	*count = n;
done:
	bm_sq_release(s, st);
	return rc;
}

#define POLICY_COLS                                                                                \
	"SELECT version, text, created_at, coalesce(created_by, 0), comment FROM policy_version"

static int sq_policy_current(bm_store *bs, bm_arena *a, bm_policy_version **out)
{
	size_t n;
	int rc =
	        policy_rows(bm_sq_of(bs), a, POLICY_COLS " ORDER BY version DESC LIMIT 1", out, &n);
	if (rc == 0 && n == 0)
		return BM_ENOTFOUND; /* no policy stored: the caller uses the defaults */
	return rc;
}

static int sq_policy_list(bm_store *bs, bm_arena *a, bm_policy_version **out, size_t *count)
{
	return policy_rows(bm_sq_of(bs), a, POLICY_COLS " ORDER BY version", out, count);
}

static int sq_policy_insert(bm_store *bs, const bm_policy_version *v)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO policy_version(version, text, created_at, created_by,"
	                     " comment) VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int(st, 1, v->version);
	bm_sq_bind_text(st, 2, v->text);
	bm_sq_bind_text(st, 3, v->created_at);
	bm_sq_bind_id(st, 4, v->created_by);
	bm_sq_bind_text(st, 5, v->comment);
	return bm_sq_step_done(s, st);
}

/* ---- the table ------------------------------------------------------------ */

static const struct bm_store_ops sqlite_ops = {
        .abi_version = BM_STORE_ABI,
        .engine = "sqlite",
        .close = sq_close,
        .begin = sq_begin,
        .commit = sq_commit,
        .rollback = sq_rollback,
        .begin_read = sq_begin_read,
        .commit_unsynced = sq_commit_unsynced,
        .sync = sq_sync,
        .savepoint = sq_savepoint,
        .release = sq_release,
        .rollback_to = sq_rollback_to,
        .schema_version = sq_schema_version,
        .unit_insert = sq_unit_insert,
        .unit_get = sq_unit_get,
        .unit_first = sq_unit_first,
        .department_insert = sq_department_insert,
        .department_get = sq_department_get,
        .department_find = sq_department_find,
        .department_list = sq_department_list,
        .department_names = sq_department_names,
        .department_update = sq_department_update,
        .person_insert = sq_person_insert,
        .person_update = sq_person_update,
        .person_get = sq_person_get,
        .person_find = sq_person_find,
        .person_list = sq_person_list,
        .role_grant = sq_role_grant,
        .role_revoke = sq_role_revoke,
        .place_insert = sq_place_insert,
        .place_get = sq_place_get,
        .place_find = sq_place_find,
        .place_list = sq_place_list,
        .place_update = sq_place_update,
        .org_rename_insert = sq_org_rename_insert,
        .org_holdings = sq_org_holdings,
        .carrier_insert = sq_carrier_insert,
        .carrier_update = sq_carrier_update,
        .carrier_marking_set = sq_carrier_marking_set,
        .carrier_get = sq_carrier_get,
        .carrier_list = sq_carrier_list,
        .carrier_stats = sq_carrier_stats,
        .carrier_serial_taken = sq_carrier_serial_taken,
        .carrier_event_insert = sq_carrier_event_insert,
        .carrier_event_list = sq_carrier_event_list,
        .audit_tail = sq_audit_tail,
        .audit_insert = sq_audit_insert,
        .audit_foreach = sq_audit_foreach,
        .audit_count = bm_sq_audit_count,
        .audit_page = bm_sq_audit_page,
        .audit_get = bm_sq_audit_get,
        .audit_range = bm_sq_audit_range,
        .audit_scan = bm_sq_audit_scan,
        .audit_actions = bm_sq_audit_actions,
        .bound_take = bm_sq_bound_take,
        .bound_scan = bm_sq_bound_scan,
        .bound_floor = bm_sq_bound_floor,
        .bound_set_put = bm_sq_bound_set_put,
        .bound_set_scan = bm_sq_bound_set_scan,
        .integrity = bm_sq_integrity,
        .policy_current = sq_policy_current,
        .policy_insert = sq_policy_insert,
        .policy_list = sq_policy_list,
        .session_insert = bm_sq_session_insert,
        .session_find = bm_sq_session_find,
        .session_touch = bm_sq_session_touch,
        .session_end = bm_sq_session_end,
        .session_end_person = bm_sq_session_end_person,
        .session_open_list = bm_sq_session_open_list,
        .idempotency_find = bm_sq_idempotency_find,
        .idempotency_claim = bm_sq_idempotency_claim,
        .idempotency_answer = bm_sq_idempotency_answer,
        .filing_insert = bm_sq_filing_insert,
        .filing_get = bm_sq_filing_get,
        .filing_decide = bm_sq_filing_decide,
        .filing_list = bm_sq_filing_list,
        .filing_pending = bm_sq_filing_pending,
        .filing_last_approved = bm_sq_filing_last_approved,
        .admin_alert_insert = bm_sq_admin_alert_insert,
        .admin_alert_open = bm_sq_admin_alert_open,
        .admin_alert_ack = bm_sq_admin_alert_ack,
        .admin_alert_ack_expired = bm_sq_admin_alert_ack_expired,
        .login_seen_get = bm_sq_login_seen_get,
        .login_seen_note = bm_sq_login_seen_note,
        .login_failure_insert = bm_sq_login_failure_insert,
        .login_failure_list = bm_sq_login_failure_list,
        .login_failure_clear = bm_sq_login_failure_clear,
        .login_failure_purge = bm_sq_login_failure_purge,
        .password_history_insert = bm_sq_password_history_insert,
        .password_history_list = bm_sq_password_history_list,
        .password_set_at = bm_sq_password_set_at,
        .request_insert = bm_sq_request_insert,
        .request_update = bm_sq_request_update,
        .request_get = bm_sq_request_get,
        .request_list = bm_sq_request_list,
        .approval_insert = bm_sq_approval_insert,
        .approval_list = bm_sq_approval_list,
        .loan_insert = bm_sq_loan_insert,
        .loan_update = bm_sq_loan_update,
        .loan_get = bm_sq_loan_get,
        .loan_current = bm_sq_loan_current,
        .loan_open = bm_sq_loan_open,
        .loan_list = bm_sq_loan_list,
        .destruction_insert = bm_sq_destruction_insert,
        .destruction_get = bm_sq_destruction_get,
        .destruction_for_carrier = bm_sq_destruction_for_carrier,
        .destruction_list = bm_sq_destruction_list,
        .level_change_insert = bm_sq_level_change_insert,
        .level_change_list = bm_sq_level_change_list,
        .handover_insert = bm_sq_handover_insert,
        .handover_list = bm_sq_handover_list,
        .handover_get = bm_sq_handover_get,
        .handover_finish = bm_sq_handover_finish,
        .departure_insert = bm_sq_departure_insert,
        .departure_last = bm_sq_departure_last,
        .carrier_linked = bm_sq_carrier_linked,
        .carrier_max_serial = bm_sq_carrier_max_serial,
        .dispatch_insert = bm_sq_dispatch_insert,
        .dispatch_get = bm_sq_dispatch_get,
        .dispatch_list = bm_sq_dispatch_list,
        .dispatch_sign = bm_sq_dispatch_sign,
        .dispatch_set_status = bm_sq_dispatch_set_status,
        .dispatch_for_carrier = bm_sq_dispatch_for_carrier,
        .count_insert = bm_sq_count_insert,
        .count_get = bm_sq_count_get,
        .count_list = bm_sq_count_list,
        .count_close = bm_sq_count_close,
        .count_tick = bm_sq_count_tick,
        .count_items = bm_sq_count_items,
        .incident_insert = bm_sq_incident_insert,
        .incident_update = bm_sq_incident_update,
        .incident_get = bm_sq_incident_get,
        .incident_list = bm_sq_incident_list,
        .ledger_carrier_ids = bm_sq_ledger_carrier_ids,
        .ledger_loans = bm_sq_ledger_loans,
        .register_entries = bm_sq_register_entries,
        .ledger_requests = bm_sq_ledger_requests,
        .carrier_alerts = sq_carrier_alerts,
        .carrier_levels_present = sq_carrier_levels_present,
        .loans_open_due = bm_sq_loans_open_due,
        .count_last_closed = bm_sq_count_last_closed,
        .count_expected = sq_count_expected,
        .count_unexpected = sq_count_unexpected,
        .count_tally = sq_count_tally,
        .count_places = sq_count_places,
        .count_apply = sq_count_apply,
        .count_line_add = sq_count_line_add,
        .count_lines = sq_count_lines,
        .count_line_each = sq_count_line_each,
        .letter_insert = bm_sq_letter_insert,
        .letter_update = bm_sq_letter_update,
        .letter_get = bm_sq_letter_get,
        .letter_list = bm_sq_letter_list,
        .letter_link = bm_sq_letter_link,
        .person_record_get = bm_sq_person_record_get,
        .person_record_set = bm_sq_person_record_set,
        .person_event_insert = bm_sq_person_event_insert,
        .person_event_list = bm_sq_person_event_list,
        .training_insert = bm_sq_training_insert,
        .training_get = bm_sq_training_get,
        .training_list = bm_sq_training_list,
        .training_of_person = bm_sq_training_of_person,
        .training_attend = bm_sq_training_attend,
        .training_sign = bm_sq_training_sign,
        .training_hours = bm_sq_training_hours,
        .trip_insert = bm_sq_trip_insert,
        .trip_get = bm_sq_trip_get,
        .trip_report = bm_sq_trip_report,
        .trip_update = bm_sq_trip_update,
        .trip_list = bm_sq_trip_list,
        .site_insert = bm_sq_site_insert,
        .site_update = bm_sq_site_update,
        .site_get = bm_sq_site_get,
        .site_list = bm_sq_site_list,
        .site_member_add = bm_sq_site_member_add,
        .site_member_remove = bm_sq_site_member_remove,
        .site_members = bm_sq_site_members,
        .site_staff_count = bm_sq_site_staff_count,
        .site_measure_add = bm_sq_site_measure_add,
        .site_measures = bm_sq_site_measures,
        .site_visit_insert = bm_sq_site_visit_insert,
        .site_visit_update = bm_sq_site_visit_update,
        .site_visit_get = bm_sq_site_visit_get,
        .site_visits = bm_sq_site_visits,
        .site_event_add = bm_sq_site_event_add,
        .site_events = bm_sq_site_events,
        .device_insert = bm_sq_device_insert,
        .device_update = bm_sq_device_update,
        .device_get = bm_sq_device_get,
        .device_list = bm_sq_device_list,
        .device_held = bm_sq_device_held,
        .device_event_add = bm_sq_device_event_add,
        .device_events = bm_sq_device_events,
        .device_repair_events = bm_sq_device_repair_events,
        .device_password_due = bm_sq_device_password_due,
        .merit_insert = bm_sq_merit_insert,
        .merit_list = bm_sq_merit_list,
        .count_device_tick = bm_sq_count_device_tick,
        .count_device_lines = bm_sq_count_device_lines,
        .meeting_insert = bm_sq_meeting_insert,
        .meeting_update = bm_sq_meeting_update,
        .meeting_get = bm_sq_meeting_get,
        .meeting_list = bm_sq_meeting_list,
        .meeting_participant_add = bm_sq_meeting_participant_add,
        .meeting_participant_remove = bm_sq_meeting_participant_remove,
        .meeting_participants = bm_sq_meeting_participants,
        .meeting_document_add = bm_sq_meeting_document_add,
        .meeting_documents = bm_sq_meeting_documents,
        .meeting_event_add = bm_sq_meeting_event_add,
        .meeting_events = bm_sq_meeting_events,
        .insp_insert = bm_sq_insp_insert,
        .insp_get = bm_sq_insp_get,
        .insp_list = bm_sq_insp_list,
        .insp_rect_insert = bm_sq_insp_rect_insert,
        .insp_rect_update = bm_sq_insp_rect_update,
        .insp_rect_get = bm_sq_insp_rect_get,
        .insp_rect_list = bm_sq_insp_rect_list,
        .insp_rect_event_add = bm_sq_insp_rect_event_add,
        .insp_rect_events = bm_sq_insp_rect_events,
        .sa_insert = bm_sq_sa_insert,
        .sa_sign = bm_sq_sa_sign,
        .sa_get = bm_sq_sa_get,
        .sa_find_year = bm_sq_sa_find_year,
        .sa_list = bm_sq_sa_list,
        .sa_item_insert = bm_sq_sa_item_insert,
        .sa_item_answer = bm_sq_sa_item_answer,
        .sa_items = bm_sq_sa_items,
        .duty_member_insert = bm_sq_duty_member_insert,
        .duty_member_end = bm_sq_duty_member_end,
        .duty_member_get = bm_sq_duty_member_get,
        .duty_members = bm_sq_duty_members,
        .duty_dept_insert = bm_sq_duty_dept_insert,
        .duty_dept_end = bm_sq_duty_dept_end,
        .duty_depts = bm_sq_duty_depts,
        .duty_event_add = bm_sq_duty_event_add,
        .duty_events = bm_sq_duty_events,
        .report_facts = bm_sq_report_facts,
        .report_delivery_insert = bm_sq_report_delivery_insert,
        .report_delivery_find = bm_sq_report_delivery_find,
        .report_delivery_list = bm_sq_report_delivery_list,
        .backup = bm_sq_backup,
        .integrity_check = bm_sq_integrity_check,
        .copy_tables = bm_sq_copy_tables,
        .copy_scan = bm_sq_copy_scan,
        .copy_count = bm_sq_copy_count,
        .copy_open = bm_sq_copy_open,
        .copy_put = bm_sq_copy_put,
        .copy_close = bm_sq_copy_close,
};

/*
 * Is this file a baomi database, and of a schema this program knows? Asked
 * before anything is written or migrated, so a stranger's file is refused
 * as it is: a file that is not SQLite, a SQLite database of another program
 * (tables, but no schema_migrations), a schema version below 1 or with gaps
 * (forged or damaged), newer than this program, or (`need` EXISTING or
 * READONLY) a database never initialised. `*version` is 0 for an empty
 * file. Pages that cannot be read answer "database_corrupt".
 */
/* bm_sq_prep, answering SQLite's own code (the caller words the error). */
static int raw_prep(sq_store *s, sqlite3_stmt **st, const char *sql)
{
	if (bm_sq_prep(s, st, sql) == 0)
		return SQLITE_OK;
	bm_error_clear();
	return sqlite3_extended_errcode(s->db) ? sqlite3_extended_errcode(s->db) : SQLITE_ERROR;
}

static int check_schema(sq_store *s, const char *path, bm_store_sqlite_mode mode, int *version)
{
	const int latest = (int)BM_ARRAY_LEN(sqlite_migrations);
	sqlite3_stmt *st = NULL;
	int tables = 0, has_log = 0, lo = 0, hi = 0, n = 0, rc;

	*version = 0;
	rc = raw_prep(s, &st,
	              "SELECT count(*), count(*) FILTER (WHERE type = 'table' AND"
	              " name = 'schema_migrations') FROM sqlite_master");
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		tables = sqlite3_column_int(st, 0);
		has_log = sqlite3_column_int(st, 1);
		rc = SQLITE_OK;
	}
	bm_sq_release(s, st);
	if ((rc & 0xff) == SQLITE_NOTADB)
		return bm_error_set(BM_EINVALID, "not_a_database", NULL,
		                    "'%s' 不是 SQLite 数据库文件", "'%s' is not an SQLite database",
		                    path);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		goto corrupt;
	if (rc != SQLITE_OK)
		return bm_sq_db_fail(s, rc);
	if (!has_log) {
		if (tables > 0)
			return bm_error_set(BM_EINVALID, "not_baomi", NULL,
			                    "'%s' 不是 baomi 数据库（没有结构版本表）",
			                    "'%s' is not a baomi database (no schema_migrations)",
			                    path);
		if (mode != BM_STORE_SQLITE_CREATE)
			goto uninitialised;
		return 0;
	}
	rc = raw_prep(s, &st,
	              "SELECT coalesce(min(version), 0), coalesce(max(version), 0),"
	              " count(*) FROM schema_migrations");
	if (rc == SQLITE_OK && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		lo = sqlite3_column_int(st, 0);
		hi = sqlite3_column_int(st, 1);
		n = sqlite3_column_int(st, 2);
		rc = SQLITE_OK;
	}
	bm_sq_release(s, st);
	if ((rc & 0xff) == SQLITE_CORRUPT)
		goto corrupt;
	if (rc != SQLITE_OK)
		return bm_sq_db_fail(s, rc);
	if (n == 0 && mode != BM_STORE_SQLITE_CREATE)
		goto uninitialised;
	if (hi > latest)
		return bm_error_set(
		        BM_ERROR, "schema_too_new", NULL,
		        "数据库结构版本 %d 高于本程序支持的 %d，请升级程序",
		        "database schema %d is newer than this program's %d; upgrade baomi", hi,
		        latest);
	if (n > 0 && (lo != 1 || hi != n))
		return bm_error_set(BM_EINVALID, "schema_unknown", NULL,
		                    "'%s' 的数据库结构版本无法识别（%d 到 %d，共 %d 条）",
		                    "'%s' has an unknown schema version (%d to %d, %d entries)",
		                    path, lo, hi, n);
	*version = hi;
	return 0;
uninitialised:
	return bm_error_set(BM_ENOTFOUND, "not_initialised", NULL,
	                    "'%s' 不是已初始化的 baomi 数据库（请先运行 baomi init）",
	                    "'%s' is not an initialised baomi database (run baomi init first)",
	                    path);
corrupt:
	return bm_error_set(BM_ERROR, "database_corrupt", NULL, "数据库 '%s' 已损坏：%s",
	                    "database '%s' is damaged: %s", path, sqlite3_errmsg(s->db));
}

/*
 * The URI of a read-only open of `path`. With no -wal file beside it, no
 * connection has the database open in WAL mode and all of it is in the file:
 * it is opened immutable, so SQLite neither creates a -shm or -wal file nor
 * takes a lock (a file on read-only media opens as well). With a -wal file
 * (a server running), the log is read too, through the existing -shm.
 */
static char *readonly_uri(const char *path)
{
	char *wal = sqlite3_mprintf("%s-wal", path), *uri, *w;
	bool live = wal && access(wal, F_OK) == 0;
	size_t size = strlen(path) * 3 + 32;
	sqlite3_free(wal);
	if (!(uri = bm_malloc(size)))
		return NULL;
	memcpy(uri, "file:", 5);
	w = uri + 5;
	for (const char *c = path; *c; c++) {
		if (*c == '%' || *c == '?' || *c == '#') {
			snprintf(w, 4, "%%%02X", (unsigned)(unsigned char)*c);
			w += 3;
		} else {
			*w++ = *c;
		}
	}
	snprintf(w, size - (size_t)(w - uri), "%s", live ? "?mode=ro" : "?mode=ro&immutable=1");
	return uri;
}

/* The rest of a read-only open: no WAL switch, no migration, nothing written. */
static int finish_readonly(sq_store *s, const char *path, int version)
{
	const int latest = (int)BM_ARRAY_LEN(sqlite_migrations);
	int rc;
	if (version < latest)
		return bm_error_set(BM_EINVALID, "schema_old", NULL,
		                    "'%s' 的数据库结构版本 %d 低于本程序的 %d；只读打开不升级，"
		                    "请在副本上用本程序打开一次后再校验",
		                    "'%s' has schema %d, older than this program's %d; a "
		                    "read-only open does not migrate: open a copy once with "
		                    "this program, then verify it",
		                    path, version, latest);
	if ((rc = bm_sq_exec_sql(s, "PRAGMA query_only=1")) != 0)
		return rc;
	return bm_sq_ngram_register(s);
}

/*
 * Statement and savepoint journals are held in memory up to this size and
 * spill to a temp file past it (temp_store=FILE; SQLite's default spill is
 * 64 KiB). Every use case runs in a SAVEPOINT whose sub-journal keeps the
 * pages it first changes: a registration's (256 to 384 KiB under
 * bench_register's 16 clients) stays in memory, with no temp file (temp
 * files per 800 registrations: 592 at 64 KiB, 364 at 256 KiB, 0 from
 * 384 KiB up), while a count close over a million carriers spills its
 * hundreds of megabytes to disk instead of keeping them in the process, as
 * temp_store=MEMORY did (VmHWM 736 MB at 1M, issue 17 point 5).
 * SQLite allocates a memory journal's first chunk at this full size for
 * every statement that journals anything: 1 MiB, not the 8 MiB it was,
 * since under ASan each such chunk is an mmap, its shadow poisoned and a
 * munmap (at 8 MiB a third to half of the CPU of the sanitized store
 * tests; bench/README.md, "the statement-journal spill"). Two
 * processes whose work is thousands of such statements keep SQLite's
 * default under ASan (test_audit, bench/audit_chain): at 1 MiB they still
 * cost 30% and 4x more.
 */
#define SQ_JOURNAL_SPILL (1024 * 1024)

/*
 * SQLite keeps a memory journal in one chunk of the spill size and copies
 * it to its file in one write, which the unix VFS cuts to 128 KiB - 1
 * bytes (os_unix.c masks the length with 0x1ffff; 128 KiB or more fails as
 * SQLITE_FULL). The default VFS is wrapped: a statement or savepoint
 * journal's writes go down in pieces of SQ_WRITE_PIECE; every other file is
 * the unix VFS's own, untouched.
 */
#define SQ_WRITE_PIECE (64 * 1024)

typedef struct sq_piece_file {
	sqlite3_file base;
	sqlite3_file *real; /* the underlying VFS's file, right after this struct */
} sq_piece_file;

static sqlite3_vfs sq_vfs, *sq_vfs_real;

#define SQ_REAL(f) (((sq_piece_file *)(f))->real)

static int piece_close(sqlite3_file *f)
{
	return SQ_REAL(f)->pMethods->xClose(SQ_REAL(f));
}
static int piece_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
	return SQ_REAL(f)->pMethods->xRead(SQ_REAL(f), buf, n, off);
}
static int piece_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
	const char *p = buf;
	int rc = SQLITE_OK;
	while (n > 0 && rc == SQLITE_OK) {
		int k = n < SQ_WRITE_PIECE ? n : SQ_WRITE_PIECE;
		rc = SQ_REAL(f)->pMethods->xWrite(SQ_REAL(f), p, k, off);
		p += k;
		off += k;
		n -= k;
	}
	return rc;
}
static int piece_truncate(sqlite3_file *f, sqlite3_int64 size)
{
	return SQ_REAL(f)->pMethods->xTruncate(SQ_REAL(f), size);
}
static int piece_sync(sqlite3_file *f, int flags)
{
	return SQ_REAL(f)->pMethods->xSync(SQ_REAL(f), flags);
}
static int piece_size(sqlite3_file *f, sqlite3_int64 *size)
{
	return SQ_REAL(f)->pMethods->xFileSize(SQ_REAL(f), size);
}
static int piece_lock(sqlite3_file *f, int lock)
{
	return SQ_REAL(f)->pMethods->xLock(SQ_REAL(f), lock);
}
static int piece_unlock(sqlite3_file *f, int lock)
{
	return SQ_REAL(f)->pMethods->xUnlock(SQ_REAL(f), lock);
}
static int piece_reserved(sqlite3_file *f, int *out)
{
	return SQ_REAL(f)->pMethods->xCheckReservedLock(SQ_REAL(f), out);
}
static int piece_control(sqlite3_file *f, int op, void *arg)
{
	return SQ_REAL(f)->pMethods->xFileControl(SQ_REAL(f), op, arg);
}
static int piece_sector(sqlite3_file *f)
{
	return SQ_REAL(f)->pMethods->xSectorSize(SQ_REAL(f));
}
static int piece_device(sqlite3_file *f)
{
	return SQ_REAL(f)->pMethods->xDeviceCharacteristics(SQ_REAL(f));
}

static const sqlite3_io_methods piece_methods = {
        .iVersion = 1,
        .xClose = piece_close,
        .xRead = piece_read,
        .xWrite = piece_write,
        .xTruncate = piece_truncate,
        .xSync = piece_sync,
        .xFileSize = piece_size,
        .xLock = piece_lock,
        .xUnlock = piece_unlock,
        .xCheckReservedLock = piece_reserved,
        .xFileControl = piece_control,
        .xSectorSize = piece_sector,
        .xDeviceCharacteristics = piece_device,
};

static int sq_vfs_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out)
{
	sq_piece_file *pf = (sq_piece_file *)f;
	int rc;
	(void)vfs;
	if (!(flags & (SQLITE_OPEN_SUBJOURNAL | SQLITE_OPEN_TEMP_JOURNAL)))
		return sq_vfs_real->xOpen(sq_vfs_real, name, f, flags, out);
	pf->real = (sqlite3_file *)(pf + 1);
	pf->base.pMethods = NULL;
	if ((rc = sq_vfs_real->xOpen(sq_vfs_real, name, pf->real, flags, out)) == SQLITE_OK &&
	    pf->real->pMethods)
		pf->base.pMethods = &piece_methods;
	return rc;
}

static void sq_config_once(void)
{
	/* SQLITE_MISUSE when this process opened SQLite before (a test's raw
	   connection): the default spill then stays, which is only slower. */
	(void)sqlite3_config(SQLITE_CONFIG_STMTJRNL_SPILL, SQ_JOURNAL_SPILL);
	/*
	 * No memory statistics (nothing reads them; no soft heap limit is set):
	 * with them on, every SQLite malloc and free takes one process-wide mutex,
	 * which the server's workers then share (issue 17 point 4).
	 */
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (!(sq_vfs_real = sqlite3_vfs_find(NULL)))
		return;
	sq_vfs = *sq_vfs_real;
	sq_vfs.szOsFile = (int)sizeof(sq_piece_file) + sq_vfs_real->szOsFile;
	sq_vfs.zName = "baomi";
	sq_vfs.pNext = NULL;
	sq_vfs.xOpen = sq_vfs_open;
	(void)sqlite3_vfs_register(&sq_vfs, 1);
}

int bm_store_sqlite_open_mode(bm_store **out, const char *path, bm_store_sqlite_mode mode)
{
	static pthread_once_t config_once = PTHREAD_ONCE_INIT;
	sq_store *s;
	char *uri = NULL;
	int version = 0, flags, rc;

	pthread_once(&config_once, sq_config_once);
	if (!(s = bm_calloc(1, sizeof(*s))))
		return bm_error_nomem();
	s->base.ops = &sqlite_ops;
	s->wal_fd = -1;
	pthread_mutex_init(&s->sync_mu, NULL);
	pthread_mutex_init(&s->ckpt_mu, NULL);
	pthread_cond_init(&s->ckpt_wake, NULL);
	pthread_cond_init(&s->ckpt_done, NULL);
	s->ckpt_next = SQ_CHECKPOINT_PAGES;
	s->force_next = SQ_WAL_FORCE_PAGES;
	switch (mode) {
	case BM_STORE_SQLITE_CREATE: flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE; break;
	case BM_STORE_SQLITE_EXISTING: flags = SQLITE_OPEN_READWRITE; break;
	default:
		flags = SQLITE_OPEN_READONLY | SQLITE_OPEN_URI;
		if (!(uri = readonly_uri(path))) {
			rc = bm_error_nomem();
			goto fail;
		}
	}
	if (mode != BM_STORE_SQLITE_CREATE && access(path, F_OK) != 0) {
		rc = bm_error_set(BM_ENOTFOUND, "database_missing", NULL,
		                  "数据库 '%s' 不存在（请先运行 baomi init）",
		                  "database '%s' does not exist (run baomi init first)", path);
		bm_free(uri);
		goto fail;
	}
	rc = sqlite3_open_v2(uri ? uri : path, &s->db, flags, NULL);
	bm_free(uri);
	if (rc != SQLITE_OK) {
		rc = bm_error_set(BM_ERROR, "open_failed", NULL, "无法打开数据库 '%s'：%s",
		                  "cannot open database '%s': %s", path,
		                  s->db ? sqlite3_errmsg(s->db) : "out of memory");
		goto fail;
	}
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, 5000);
	if ((rc = check_schema(s, path, mode, &version)) != 0)
		goto fail;
	if (mode == BM_STORE_SQLITE_READONLY) {
		/* Evidence: no WAL switch, no migration, nothing written (issue 9, point 4). */
		if ((rc = finish_readonly(s, path, version)) != 0)
			goto fail;
		*out = &s->base;
		return 0;
	}
	/* No check of every page here (it grows with the file): bm_svc_integrity, beside. */
	/*
	 * WAL lets readers run beside the writer; synchronous=FULL syncs the WAL
	 * at every commit, so an acknowledged registration survives a power cut.
	 */
	if ((rc = bm_sq_exec_sql(s, "PRAGMA journal_mode=WAL")) != 0 ||
	    (rc = bm_sq_exec_sql(s, "PRAGMA synchronous=FULL")) != 0 ||
	    (rc = bm_sq_exec_sql(s, "PRAGMA foreign_keys=ON")) != 0 ||
	    (rc = bm_sq_exec_sql(s, "PRAGMA temp_store=FILE")) != 0 || (rc = ckpt_setup(s)) != 0)
		goto fail;
	/* Before any statement reaches carrier_ngram, its triggers or migration 10. */
	if ((rc = bm_sq_ngram_register(s)) != 0)
		goto fail;
	if ((rc = migrate(s)) != 0 || (rc = bm_sq_bound_install(s)) != 0)
		goto fail;
	*out = &s->base;
	return 0;
fail:
	bm_sq_cache_clear(s);
	sqlite3_close_v2(s->db);
	pthread_mutex_destroy(&s->sync_mu);
	pthread_cond_destroy(&s->ckpt_wake);
	pthread_cond_destroy(&s->ckpt_done);
	pthread_mutex_destroy(&s->ckpt_mu);
	bm_free(s);
	return rc;
}

int bm_store_sqlite_open(bm_store **out, const char *path)
{
	return bm_store_sqlite_open_mode(out, path, BM_STORE_SQLITE_CREATE);
}

int bm_store_sqlite_open_existing(bm_store **out, const char *path)
{
	return bm_store_sqlite_open_mode(out, path, BM_STORE_SQLITE_EXISTING);
}

int bm_store_sqlite_open_readonly(bm_store **out, const char *path)
{
	return bm_store_sqlite_open_mode(out, path, BM_STORE_SQLITE_READONLY);
}
