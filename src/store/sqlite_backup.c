/*
 * sqlite_backup.c — backup and restore of the SQLite back end (issue 9,
 * point 8; store.h says the contract).
 *
 * The copy is SQLite's online backup (sqlite3_backup_*), stepped a few
 * pages at a time from a read transaction the source connection holds for
 * the whole copy. In WAL mode a reader never blocks the writer, and a held
 * snapshot is never "modified under" the backup, so the copy does not
 * restart however busy the server is: it is exactly the state of the
 * snapshot, which holds every transaction committed (and so every write
 * acknowledged: the commit pipeline answers only after the commit) before
 * the snapshot's first read. The price is that the WAL cannot be
 * checkpointed past the snapshot while the copy runs.
 *
 * The copy is switched to journal_mode=DELETE, so the file alone is the
 * database (no -wal beside it); whoever opens it for serving switches it
 * back to WAL.
 *
 * The hold for a restore takes SQLite's own locks by hand (fcntl byte-range
 * locks, which the unix VFS uses): the SHARED..PENDING bytes of the
 * database file, which every connection in WAL mode holds shared while it
 * is open, and the "DMS" byte of the -shm file, which each connection holds
 * shared while the WAL index is mapped. A write lock on them is refused
 * while any other process has the database open, idle or not.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/sqlite_int.h"

/* Pages per backup step: 4 MiB at 4 KiB pages, then the source is let go a moment. */
#define BACKUP_STEP_PAGES 1024

/* SQLite's lock bytes (os_unix.c): PENDING_BYTE, then RESERVED, then 510 SHARED bytes. */
#define SQ_PENDING_BYTE 0x40000000L
#define SQ_LOCK_BYTES   512
/* The WAL index's dead-man-switch lock byte in -shm (wal.c: 120 + WAL_NREADER + 3). */
#define SQ_SHM_DMS 128

static int file_fail(const char *what, const char *path)
{
	return bm_error_set(BM_ERROR, "backup_io", NULL, "备份文件操作失败（%s '%s'）：%s",
	                    "backup file operation failed (%s '%s'): %s", what, path,
	                    strerror(errno));
}

/* fsync of the file at `path`. */
static int sync_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	int rc = 0;
	if (fd < 0)
		return file_fail("open", path);
	if (fsync(fd) != 0)
		rc = file_fail("fsync", path);
	close(fd);
	return rc;
}

/* fsync of the directory holding `path`, so a rename in it survives a power cut. */
static int sync_dir_of(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else if (slash == path)
		snprintf(dir, sizeof(dir), "/");
	else if ((size_t)(slash - path) < sizeof(dir))
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - path), path);
	else
		return bm_error_set(BM_ETOOLARGE, "path_too_long", NULL, "路径过长：'%s'",
		                    "path too long: '%s'", path);
	{
		int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC), rc = 0;
		if (fd < 0)
			return file_fail("open", dir);
		if (fsync(fd) != 0)
			rc = file_fail("fsync", dir);
		close(fd);
		return rc;
	}
}

/* Runs `sql` on a connection that is not a store's (the copy's). */
static int dest_exec(sqlite3 *db, const char *sql, const char *dest)
{
	char *msg = NULL;
	int rc = sqlite3_exec(db, sql, NULL, NULL, &msg);
	if (rc == SQLITE_OK)
		return 0;
	rc = bm_error_set(BM_ERROR, "backup_failed", NULL, "写入备份 '%s' 失败：%s",
	                  "writing the backup '%s' failed: %s", dest,
	                  msg ? msg : sqlite3_errstr(rc));
	sqlite3_free(msg);
	return rc;
}

/* Copies every page of the source snapshot into `ddb`, a few at a time. */
static int copy_pages(sq_store *s, sqlite3 *ddb, const char *dest, bm_store_backup_info *out)
{
	sqlite3_backup *b = sqlite3_backup_init(ddb, "main", s->db, "main");
	int rc, busy = 0;

	if (!b)
		return bm_error_set(BM_ERROR, "backup_failed", NULL, "无法开始备份到 '%s'：%s",
		                    "cannot start the backup to '%s': %s", dest,
		                    sqlite3_errmsg(ddb));
	for (;;) {
		rc = sqlite3_backup_step(b, BACKUP_STEP_PAGES);
		out->steps++;
		if (rc == SQLITE_DONE)
			break;
		if (rc == SQLITE_OK)
			continue;
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && busy++ < 500) {
			sqlite3_sleep(10);
			continue;
		}
		break;
	}
	out->pages = sqlite3_backup_pagecount(b);
	sqlite3_backup_finish(b);
	if (rc != SQLITE_DONE)
		return bm_error_set(BM_ERROR, "backup_failed", NULL, "备份到 '%s' 失败：%s",
		                    "the backup to '%s' failed: %s", dest, sqlite3_errstr(rc));
	return 0;
}

int bm_sq_backup(bm_store *bs, const char *dest, bm_store_backup_info *out)
{
	sq_store *s = bm_sq_of(bs);
	bool own_tx = !s->in_tx;
	sqlite3 *ddb = NULL;
	int rc, fd;

	memset(out, 0, sizeof(*out));
	if (s->in_tx && !s->read_tx)
		return bm_error_set(BM_ERROR, "backup_in_write", NULL, "写事务中不能备份",
		                    "no backup inside a write transaction");
	/* The file must be new: a backup never overwrites anything. */
	if ((fd = open(dest, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600)) < 0)
		return file_fail("create", dest);
	close(fd);
	if (own_tx && (rc = bm_sq_exec_sql(s, "BEGIN DEFERRED")) != 0)
		goto done;
	/* The snapshot's first read fixes it: the chain's tail is read in it. */
	if ((rc = bs->ops->audit_tail(bs, &out->audit_count, out->last_hash, sizeof(out->last_hash),
	                              out->last_at, sizeof(out->last_at))) != 0)
		goto done;
	if (sqlite3_open_v2(dest, &ddb, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK) {
		rc = bm_error_set(BM_ERROR, "backup_failed", NULL, "无法打开备份 '%s'：%s",
		                  "cannot open the backup '%s': %s", dest,
		                  ddb ? sqlite3_errmsg(ddb) : "out of memory");
		goto done;
	}
	if ((rc = copy_pages(s, ddb, dest, out)) != 0)
		goto done;
	{
		sqlite3_stmt *st;
		if (bm_sq_prep(s, &st, "PRAGMA page_size") == 0)
			(void)bm_sq_step_int64(s, st, &out->page_size);
		bm_error_clear();
	}
	/* One self-contained file: no -wal needed beside it. */
	if ((rc = dest_exec(ddb, "PRAGMA journal_mode=DELETE", dest)) != 0)
		goto done;
	if (sqlite3_close(ddb) != SQLITE_OK) {
		rc = bm_error_set(BM_ERROR, "backup_failed", NULL, "无法关闭备份 '%s'：%s",
		                  "cannot close the backup '%s': %s", dest, sqlite3_errmsg(ddb));
		goto done;
	}
	ddb = NULL;
	rc = sync_path(dest);
done:
	if (ddb)
		sqlite3_close_v2(ddb);
	if (own_tx && s->db && sqlite3_get_autocommit(s->db) == 0)
		sqlite3_exec(s->db, "COMMIT", NULL, NULL, NULL);
	if (rc)
		unlink(dest);
	return rc;
}

int bm_sq_integrity_check(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	char found[512] = "";
	size_t used = 0;
	int rc;

	if ((rc = bm_sq_prep(s, &st, "PRAGMA integrity_check(8)")) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		int n = snprintf(found + used, sizeof(found) - used, "%s%s", used ? "; " : "",
		                 t ? (const char *)t : "");
		if (n > 0)
			used = used + (size_t)n < sizeof(found) ? used + (size_t)n
			                                        : sizeof(found) - 1;
	}
	/*
	 * A page the check cannot read stops it with SQLITE_CORRUPT (or NOTADB),
	 * maybe after findings: damage, SQLite's message after what it found.
	 * Anything else (an I/O error, out of memory) is not a verdict on the
	 * file: that error as it is (bm_sq_db_fail).
	 */
	if (rc != SQLITE_DONE && !bm_sq_is_damage(rc)) {
		rc = bm_sq_db_fail(s, rc);
		bm_sq_release(s, st);
		return rc;
	}
	if (rc != SQLITE_DONE)
		snprintf(found + used, sizeof(found) - used, "%s%s", used ? "; " : "",
		         sqlite3_errmsg(s->db));
	bm_sq_release(s, st);
	if ((rc = bm_sq_unread_pages(found)) != 0)
		return rc;
	if (strcmp(found, "ok") != 0)
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL,
		                    "数据库未通过完整性检查：%s",
		                    "the database fails its integrity check: %s", found);
	return 0;
}

/* ---- the hold for a restore ----------------------------------------------- */

struct bm_store_hold {
	char *path;   /* the database file */
	int db_fd;    /* -1: there was no file */
	int shm_fd;   /* -1: there was no -shm */
	bool existed; /* the target existed when taken */
};

/* A write lock on `len` bytes at `start` of `fd`, without waiting: false when another has them. */
static bool lock_bytes(int fd, off_t start, off_t len)
{
	struct flock fl;
	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	fl.l_start = start;
	fl.l_len = len;
	return fcntl(fd, F_SETLK, &fl) == 0;
}

static int in_use(const char *path)
{
	return bm_error_set(
	        BM_ELOCKED, "database_in_use", NULL,
	        "数据库 '%s' 正被其他程序打开（运行中的 baomi serve？）；请先停止服务再恢复",
	        "the database '%s' is open in another program (a running baomi "
	        "serve?); stop it before restoring",
	        path);
}

/* "PATH" + suffix in new memory (bm_free), or NULL. */
static char *with_suffix(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p = bm_malloc(n);
	if (p)
		snprintf(p, n, "%s%s", path, suffix);
	return p;
}

int bm_store_hold_file(bm_store_hold **out, const char *target)
{
	bm_store_hold *h;
	char *shm = NULL;
	int rc = 0;

	if (!target || !*target)
		return bm_error_set(BM_EINVALID, "no_database", NULL, "未指定数据库",
		                    "no database given");
	if (strstr(target, "://"))
		return bm_error_set(BM_EINVALID, "engine_unavailable", NULL,
		                    "恢复只适用于 SQLite 数据库文件",
		                    "restore works on an SQLite database file only");
	if (strncmp(target, "sqlite:", 7) == 0)
		target += 7;
	if (!(h = bm_calloc(1, sizeof(*h))) || !(h->path = bm_strdup(target))) {
		bm_free(h);
		return bm_error_nomem();
	}
	h->db_fd = h->shm_fd = -1;
	if ((h->db_fd = open(target, O_RDWR | O_CLOEXEC)) < 0) {
		if (errno != ENOENT) {
			rc = file_fail("open", target);
			goto done;
		}
	} else {
		h->existed = true;
		if (!lock_bytes(h->db_fd, SQ_PENDING_BYTE, SQ_LOCK_BYTES)) {
			rc = in_use(target);
			goto done;
		}
	}
	if (!(shm = with_suffix(target, "-shm"))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((h->shm_fd = open(shm, O_RDWR | O_CLOEXEC)) >= 0 &&
	    !lock_bytes(h->shm_fd, SQ_SHM_DMS, 1))
		rc = in_use(target);
done:
	bm_free(shm);
	if (rc) {
		bm_store_hold_release(h);
		return rc;
	}
	*out = h;
	return 0;
}

/* Moves `from` to `to` when `from` exists. */
static int move_if_there(const char *from, const char *to)
{
	if (rename(from, to) == 0 || errno == ENOENT)
		return 0;
	return file_fail("rename", from);
}

int bm_store_replace_file(bm_store_hold *h, const char *fresh, const char *aside, bool *replaced)
{
	char *wal = with_suffix(h->path, "-wal"), *aside_wal = with_suffix(aside, "-wal");
	char *shm = with_suffix(h->path, "-shm"), *journal = with_suffix(h->path, "-journal");
	char *aside_journal = with_suffix(aside, "-journal");
	int rc = 0;

	*replaced = false;
	if (!wal || !aside_wal || !shm || !journal || !aside_journal) {
		rc = bm_error_nomem();
		goto done;
	}
	/* The old file stays whole under `aside`; the target's name never goes missing. */
	if (h->existed && link(h->path, aside) != 0) {
		rc = file_fail("link", aside);
		goto done;
	}
	/* Its log goes with it: a log left beside the new file would be replayed into it. */
	if ((rc = move_if_there(wal, aside_wal)) != 0 ||
	    (rc = move_if_there(journal, aside_journal)) != 0 ||
	    (unlink(shm) != 0 && errno != ENOENT && (rc = file_fail("unlink", shm)) != 0) ||
	    (rename(fresh, h->path) != 0 && (rc = file_fail("rename", fresh)) != 0)) {
		/* Nothing changes: the log goes back beside the old file, the extra name goes. */
		rename(aside_wal, wal);
		rename(aside_journal, journal);
		if (h->existed)
			unlink(aside);
		goto done;
	}
	*replaced = h->existed;
	rc = sync_dir_of(h->path);
done:
	bm_free(wal);
	bm_free(aside_wal);
	bm_free(shm);
	bm_free(journal);
	bm_free(aside_journal);
	return rc;
}

void bm_store_hold_release(bm_store_hold *h)
{
	if (!h)
		return;
	if (h->shm_fd >= 0)
		close(h->shm_fd);
	if (h->db_fd >= 0)
		close(h->db_fd);
	bm_free(h->path);
	bm_free(h);
}
