/*
 * sqlite_util.c — helpers every SQLite store file shares (sqlite_int.h).
 */
#define SQ_CACHE_OWNER /* this file finalises statements (sqlite_int.h) */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <sqlite3.h>

#include "store/sqlite_int.h"

sq_store *bm_sq_of(bm_store *s)
{
	return (sq_store *)s;
}

bool bm_sq_is_damage(int code)
{
	return (code & 0xff) == SQLITE_CORRUPT || (code & 0xff) == SQLITE_NOTADB;
}

int bm_sq_unread_pages(const char *findings)
{
	static const char mark[] = "unable to get the page. error code=";
	for (const char *p = strstr(findings, mark); p; p = strstr(p + 1, mark)) {
		char *end;
		long code = strtol(p + sizeof(mark) - 1, &end, 10);
		if (end == p + sizeof(mark) - 1 || code < 0 || code > INT_MAX)
			continue;
		if (!bm_sq_is_damage((int)code))
			return bm_error_set(
			        BM_ERROR, "database", NULL, "完整性检查未能读取数据库的页：%s",
			        "the integrity check could not read the database's pages: %s",
			        sqlite3_errstr((int)code));
	}
	return 0;
}

/* Maps an SQLite failure to a bm error. */
int bm_sq_db_fail(sq_store *s, int src)
{
	int ext = sqlite3_extended_errcode(s->db);
	const char *msg = sqlite3_errmsg(s->db);

	if (src == SQLITE_CONSTRAINT || (ext & 0xff) == SQLITE_CONSTRAINT) {
		if (ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY)
			return bm_error_set(BM_ECONFLICT, "duplicate", NULL, "记录重复：%s",
			                    "duplicate record: %s", msg);
		if (ext == SQLITE_CONSTRAINT_FOREIGNKEY)
			return bm_error_set(BM_EINVALID, "dangling_reference", NULL,
			                    "引用的记录不存在",
			                    "a referenced record does not exist");
		return bm_error_set(BM_EINVALID, "constraint", NULL, "数据不符合约束：%s",
		                    "data violates a constraint: %s", msg);
	}
	if (src == SQLITE_BUSY || src == SQLITE_LOCKED)
		return bm_error_set(BM_ERROR, "busy", NULL, "数据库忙，请稍后重试",
		                    "the database is busy, try again");
	/*
	 * A full disk (issue 9 point 5): SQLITE_FULL, or a write that failed
	 * with ENOSPC / EDQUOT (the engine may report it as an I/O error). The
	 * engine has rolled back what was unwritten; nothing acknowledged is
	 * lost, and the same connection works again once space is freed.
	 */
	if (src == SQLITE_FULL || (ext & 0xff) == SQLITE_FULL ||
	    ((src == SQLITE_IOERR || (ext & 0xff) == SQLITE_IOERR) &&
	     (sqlite3_system_errno(s->db) == ENOSPC || sqlite3_system_errno(s->db) == EDQUOT)))
		return bm_error_set(BM_ERROR, "disk_full", NULL,
		                    "磁盘已满，无法写入数据库，请释放磁盘空间后重试",
		                    "the disk is full: the database cannot be written; free some "
		                    "space and try again");
	/*
	 * A page SQLite cannot make sense of (SQLITE_CORRUPT and its extended
	 * codes) or a file it no longer reads as a database (SQLITE_NOTADB):
	 * the file is damaged, whichever statement met it first (the integrity
	 * check, a request's read, an open). A real I/O error (SQLITE_IOERR*)
	 * or out-of-memory is not damage: "database" and "out_of_memory" below.
	 */
	if (bm_sq_is_damage(src) || bm_sq_is_damage(ext))
		return bm_error_set(BM_ERROR, "database_corrupt", NULL, "数据库文件已损坏：%s",
		                    "the database file is damaged: %s", msg);
	if (src == SQLITE_NOMEM)
		return bm_error_nomem();
	return bm_error_set(BM_ERROR, "database", NULL, "数据库错误：%s", "database error: %s",
	                    msg);
}

/* FNV-1a over the SQL text, never 0 (0 marks an empty slot). */
static uint64_t sql_hash(const char *sql)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)sql; *p; p++)
		h = (h ^ *p) * 1099511628211u;
	return h ? h : 1;
}

/* The slot a new statement may take: an empty one, else the least recently used idle one. */
static sq_cached *free_slot(sq_stmt_cache *c)
{
	sq_cached *victim = NULL;
	for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
		sq_cached *e = &c->slot[i];
		if (!e->hash)
			return e;
		if (!e->busy && (!victim || e->last_used < victim->last_used))
			victim = e;
	}
	if (victim) {
		sqlite3_finalize(victim->st);
		memset(victim, 0, sizeof(*victim));
	}
	return victim;
}

static int prep(sq_store *s, sqlite3_stmt **st, const char *sql);

/* A write attempted inside a read snapshot (sq_begin_read): refused, never run. */
static int write_in_snapshot(const char *sql)
{
	return bm_error_set(BM_ERROR, "write_in_read_snapshot", NULL,
	                    "只读事务中不能写入数据库：%.80s",
	                    "a read snapshot cannot write to the database: %.80s", sql);
}

/*
 * True when a statement about to run on a connection left at NORMAL would
 * commit on its own (no transaction open in the engine): FULL must come back
 * first (bm_sq_lower_sync). A writer stays at NORMAL between its batches.
 */
static bool lowered_autocommit(sq_store *s, const char *sql)
{
	/* BEGIN IMMEDIATE takes the write lock, so it is not read-only to SQLite,
	   but it writes nothing, and the level cannot change once it ran. */
	return s->sync_lowered && sqlite3_get_autocommit(s->db) && strncmp(sql, "BEGIN", 5) != 0;
}

int bm_sq_prep(sq_store *s, sqlite3_stmt **st, const char *sql)
{
	int rc = prep(s, st, sql);
	if (rc == 0 && s->read_tx && !sqlite3_stmt_readonly(*st)) {
		bm_sq_release(s, *st);
		*st = NULL;
		return write_in_snapshot(sql);
	}
	/* A write outside a transaction syncs its own commit. */
	if (rc == 0 && lowered_autocommit(s, sql) && !sqlite3_stmt_readonly(*st) &&
	    (rc = bm_sq_restore_sync(s)) != 0) {
		bm_sq_release(s, *st);
		*st = NULL;
	}
	return rc;
}

static int prep(sq_store *s, sqlite3_stmt **st, const char *sql)
{
	sq_stmt_cache *c = &s->cache;
	uint64_t h;
	sq_cached *slot;
	int rc;

	/* The same pointer as last time (no hash of the text); the text still decides. */
	for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
		sq_cached *e = &c->slot[i];
		if (e->sql == sql && e->hash && !e->busy && strcmp(sqlite3_sql(e->st), sql) == 0) {
			e->busy = true;
			e->last_used = ++c->clock;
			*st = e->st;
			return 0;
		}
	}
	h = sql_hash(sql);
	for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
		sq_cached *e = &c->slot[i];
		if (e->hash == h && !e->busy && strcmp(sqlite3_sql(e->st), sql) == 0) {
			e->busy = true;
			e->sql = sql;
			e->last_used = ++c->clock;
			*st = e->st;
			return 0;
		}
	}
	/*
	 * Not cached, or its statement is in use (a query run while another
	 * copy of itself steps): prepare one, kept when a slot is free.
	 */
	if (!(slot = free_slot(c))) {
		rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);
	} else if ((rc = sqlite3_prepare_v3(s->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st, NULL)) ==
	           SQLITE_OK) {
		*slot = (sq_cached){
		        .hash = h, .sql = sql, .st = *st, .last_used = ++c->clock, .busy = true};
	}
	if (rc != SQLITE_OK) {
		*st = NULL;
		return bm_sq_db_fail(s, rc);
	}
	return 0;
}

void bm_sq_release(sq_store *s, sqlite3_stmt *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
		sq_cached *e = &s->cache.slot[i];
		if (e->st == st) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			e->busy = false;
			return;
		}
	}
	sqlite3_finalize(st);
}

void bm_sq_cache_clear(sq_store *s)
{
	for (size_t i = 0; i < SQ_CACHE_SIZE; i++) {
		sqlite3_finalize(s->cache.slot[i].st);
		memset(&s->cache.slot[i], 0, sizeof(s->cache.slot[i]));
	}
}

int bm_sq_grow(bm_arena *a, void **arr, size_t *cap, size_t n, size_t elem)
{
	void *bigger;
	size_t new_cap;
	if (n < *cap)
		return 0;
	new_cap = *cap ? *cap * 2 : 16;
	if (!(bigger = bm_arena_alloc(a, new_cap * elem)))
		return bm_error_nomem();
	if (n)
		memcpy(bigger, *arr, n * elem);
	*arr = bigger;
	*cap = new_cap;
	return 0;
}

int bm_sq_collect(sq_store *s, bm_arena *a, sqlite3_stmt *st, size_t elem, bm_sq_row_reader row,
                  void **out, size_t *count)
{
	void *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = bm_sq_grow(a, &rows, &cap, n, elem)) != 0 ||
		    (rc = row(a, st, rows, n)) != 0)
			goto done;
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	if (!rows && !(rows = bm_arena_alloc(a, elem))) {
		rc = bm_error_nomem();
		goto done;
	}
	*out = rows;
	*count = n;
	rc = 0;
done:
	bm_sq_release(s, st);
	return rc;
}

void bm_sq_bind_text(sqlite3_stmt *st, int i, const char *v)
{
	if (v)
		sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds an id, or NULL for 0 (the "none" of the records). */
void bm_sq_bind_id(sqlite3_stmt *st, int i, int64_t v)
{
	if (v)
		sqlite3_bind_int64(st, i, v);
	else
		sqlite3_bind_null(st, i);
}

const char *bm_sq_col_text(bm_arena *a, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? bm_arena_strdup(a, (const char *)t) : NULL;
}

int bm_sq_exec_sql(sq_store *s, const char *sql)
{
	int rc;
	if (s->read_tx) { /* one statement, checked before it runs */
		sqlite3_stmt *st = NULL;
		if ((rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL)) != SQLITE_OK)
			return bm_sq_db_fail(s, rc);
		if (st && !sqlite3_stmt_readonly(st)) {
			sqlite3_finalize(st);
			return write_in_snapshot(sql);
		}
		sqlite3_finalize(st);
	}
	if (lowered_autocommit(s, sql) && (rc = bm_sq_restore_sync(s)) != 0)
		return rc;
	rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : bm_sq_db_fail(s, rc);
}

/* A PRAGMA synchronous, compiled each time: it acts when compiled, not when stepped. */
static int set_sync(sq_store *s, const char *sql)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : bm_sq_db_fail(s, rc);
}

int bm_sq_exec_cached(sq_store *s, const char *sql)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	return bm_sq_step_done(s, st);
}

int bm_sq_lower_sync(sq_store *s)
{
	int rc;
	if (s->sync_lowered)
		return 0;
	if ((rc = set_sync(s, "PRAGMA synchronous=NORMAL")) == 0)
		s->sync_lowered = true;
	return rc;
}

int bm_sq_restore_sync(sq_store *s)
{
	int rc;
	if (!s->sync_lowered)
		return 0;
	if ((rc = set_sync(s, "PRAGMA synchronous=FULL")) == 0)
		s->sync_lowered = false;
	return rc;
}

/* Runs a prepared write to completion and releases it. */
int bm_sq_step_done(sq_store *s, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int out = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return out;
}

int bm_sq_step_int64(sq_store *s, sqlite3_stmt *st, int64_t *out)
{
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else
		rc = bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* Reads one vocabulary code column into an enum; unknown codes are corrupt data. */
int bm_sq_col_vocab(sqlite3_stmt *st, int i, const bm_vocab_entry *table, int count, int *out)
{
	const char *t = (const char *)sqlite3_column_text(st, i);
	int v = bm_vocab_find(table, count, t);
	if (v < 0)
		return bm_error_set(BM_ECORRUPT, "corrupt_row", NULL,
		                    "数据库中有无法识别的取值 '%s'",
		                    "unrecognised stored value '%s'", t ? t : "");
	*out = v;
	return 0;
}
