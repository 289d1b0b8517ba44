/*
 * backup.c — backup and restore of the unit's database (issue 9, point 8).
 *
 * A backup is two files: Y, the database as one read snapshot saw it
 * (store.h backup(): SQLite's online backup, the writers never wait), and
 * Y.checkpoints, the unit's checkpoint file as it was before the snapshot
 * began, with one more checkpoint signed for the snapshot's chain. Y and
 * Y.checkpoints are where `baomi audit verify --db Y` looks, and carry no
 * key: anybody can verify a backup, nobody can extend it. The same
 * checkpoint goes into the live checkpoint file, and the live chain gets a
 * "system.backup" event naming Y and the chain position copied.
 *
 * Checking a backup (before it is written out, and again before it is
 * restored): SQLite's full integrity check, the chain against every
 * checkpoint of Y.checkpoints (signed by one key, the unit's when its key
 * file is readable), and a chain that ends exactly at the backup's own
 * checkpoint, the file's last: an event added to the copy afterwards is
 * found like one removed. Then `baomi check` (service/check.h, issue 9
 * point 3) on the same file: every carrier, loan, request and person row
 * must match the digest its last event recorded, so a row edited in the
 * copy behind the chain (a carrier's level lowered) is refused too.
 *
 * A restore copies Y beside the target, checks that copy (so what is
 * checked is what is put in place), takes the target for itself (refused
 * while a server has it open), keeps the replaced database as
 * DB.before-restore-TIME (and its checkpoint file likewise), and renames
 * the copy into place. The replaced database's chain is not written to: it
 * is set aside whole, as evidence. The restored database's chain records
 * the restore as its next event ("system.restore": from where, which
 * checkpoint, where the replaced file went).
 */
#include "common.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/audit.h"
#include "audit/checkpoint.h"
#include "service/check.h"
#include "service/service_int.h"
#include "util/timeutil.h"

/* "PATH" + suffix in new memory (bm_free), or NULL after setting BM_ENOMEM. */
static char *suffixed(const char *path, const char *suffix)
{
	size_t n = strlen(path) + strlen(suffix) + 1;
	char *p = bm_malloc(n);
	if (!p) {
		bm_error_nomem();
		return NULL;
	}
	snprintf(p, n, "%s%s", path, suffix);
	return p;
}

static const char *file_of(const char *target)
{
	return strncmp(target, "sqlite:", 7) == 0 ? target + 7 : target;
}

static int io_fail(const char *what, const char *path)
{
	return bm_error_set(BM_ERROR, "backup_io", NULL, "备份文件操作失败（%s '%s'）：%s",
	                    "backup file operation failed (%s '%s'): %s", what, path,
	                    strerror(errno));
}

/* fsync of the directory of `path`. */
static int sync_dir(const char *path)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	int fd, rc = 0;
	if (!slash)
		snprintf(dir, sizeof(dir), ".");
	else
		snprintf(dir, sizeof(dir), "%.*s", slash == path ? 1 : (int)(slash - path), path);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return io_fail("open", dir);
	if (fsync(fd) != 0)
		rc = io_fail("fsync", dir);
	close(fd);
	return rc;
}

/*
 * Writes `len` bytes of `data`, then the whole of the file `from` when not
 * NULL, into the new file `to` (mode 0600; an existing file is refused),
 * and syncs it.
 */
static int write_new(const char *to, const void *data, size_t len, const char *from)
{
	int out = open(to, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600), in = -1, rc = 0;
	const char *p = data;
	char buf[65536];

	if (out < 0)
		return io_fail("create", to);
	while (len > 0) {
		ssize_t n = write(out, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			rc = io_fail("write", to);
			goto done;
		}
		p += n;
		len -= (size_t)n;
	}
	if (from && (in = open(from, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = io_fail("open", from);
		goto done;
	}
	while (in >= 0) {
		ssize_t n = read(in, buf, sizeof(buf)), off = 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = io_fail("read", from);
			goto done;
		}
		if (n == 0)
			break;
		while (off < n) {
			ssize_t w = write(out, buf + off, (size_t)(n - off));
			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = io_fail("write", to);
				goto done;
			}
			off += w;
		}
	}
	if (fsync(out) != 0)
		rc = io_fail("fsync", to);
done:
	if (in >= 0)
		close(in);
	if (close(out) != 0 && rc == 0)
		rc = io_fail("close", to);
	if (rc)
		unlink(to);
	return rc;
}

/* The whole file `path` in new memory (*out, bm_free; *len), or nothing (NULL, 0) when missing. */
static int slurp(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t cap = 0, n = 0;

	*out = NULL;
	*len = 0;
	if (!f)
		return errno == ENOENT ? 0 : io_fail("open", path);
	for (;;) {
		size_t got;
		if (n == cap) {
			char *more = bm_realloc(buf, cap ? cap * 2 : 65536);
			if (!more) {
				bm_free(buf);
				fclose(f);
				return bm_error_nomem();
			}
			buf = more;
			cap = cap ? cap * 2 : 65536;
		}
		got = fread(buf + n, 1, cap - n, f);
		n += got;
		if (got == 0)
			break;
	}
	if (ferror(f)) {
		bm_free(buf);
		fclose(f);
		return io_fail("read", path);
	}
	fclose(f);
	*out = buf;
	*len = n;
	return 0;
}

/* "20261205T081500Z": a file-name-safe instant. */
static void stamp(int64_t t, char out[BM_ISO_TIME_LEN])
{
	char iso[BM_ISO_TIME_LEN];
	size_t j = 0;
	bm_time_format(t, iso);
	for (size_t i = 0; iso[i] && j + 1 < BM_ISO_TIME_LEN; i++)
		if (iso[i] != '-' && iso[i] != ':')
			out[j++] = iso[i];
	out[j] = '\0';
}

/*
 * The outcome of `baomi check`'s ledger part (issue 9 points 3 and 8,
 * SYS-3): a failure names the first row that does not match, and how many
 * do not. `rep` is released.
 */
static int ledger_outcome(int rc, bm_check_report *rep)
{
	char zh[256], en[256], mzh[BM_ERROR_MSG_MAX], men[BM_ERROR_MSG_MAX];
	char rule[sizeof(bm_error_last()->rule)];

	if (rc != BM_ECORRUPT || rep->n_findings == 0) {
		if (rc == BM_ECORRUPT)
			bm_check_report_release(rep);
		return rc;
	}
	bm_check_finding_text(&rep->findings[0], zh, en, sizeof(zh));
	snprintf(mzh, sizeof(mzh), "台账与审计链不符（%zu 行）：%s", rep->n_findings, zh);
	snprintf(men, sizeof(men), "the ledger does not match the audit chain (%zu rows): %s",
	         rep->n_findings, en);
	snprintf(rule, sizeof(rule), "%s", bm_error_last()->rule); /* check_failed's */
	rc = bm_error_set_msg(BM_ECORRUPT, "check_failed", rule, mzh, men);
	bm_check_report_release(rep);
	return rc;
}

/* `baomi check`'s ledger part on the file `path`. */
static int check_ledger(const char *path)
{
	/* check_copy has checked the file and its chain: only the rows are left. */
	bm_check_opts opts = {.ledger_only = true};
	bm_check_report rep;
	return ledger_outcome(bm_check_run(path, &opts, &rep), &rep);
}

/* The same in the open read snapshot of `store` (a PostgreSQL backup's). */
static int check_ledger_in(bm_store *store)
{
	bm_check_report rep;
	int rc = bm_check_ledger_in(store, &rep);
	if (rc == 0)
		bm_check_report_release(&rep);
	return ledger_outcome(rc, &rep);
}

/*
 * Checks the database file `path` as a backup, against the checkpoint file
 * `cps_path` (and the unit's key at `key_path`, when readable): integrity,
 * chain, checkpoints, the chain ending at the file's last checkpoint, and
 * the ledger rows bound to the chain (`baomi check`).
 */
static int check_copy(const char *path, const char *cps_path, const char *key_path,
                      bm_backup_check *out)
{
	bm_checkpoint_set set = {0};
	bm_audit_verify_result res;
	const bm_checkpoint *last;
	bm_audit_key *key = NULL;
	bm_store *st = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bm_store_open_readonly(&st, path)) != 0)
		goto done;
	if ((rc = BM_STORE(st, integrity_check)(st)) != 0)
		goto done;
	if ((rc = bm_checkpoint_read_file(cps_path, &set, NULL)) != 0)
		goto done;
	if (key_path && bm_audit_key_load(key_path, &key) == 0) {
		rc = bm_checkpoint_set_same_key(&set, bm_audit_key_public(key));
		out->key_checked = true;
	} else {
		bm_error_clear();
		rc = bm_checkpoint_set_same_key(&set, NULL);
	}
	if (rc || (rc = bm_audit_verify_backup(st, &set, &res)) != 0)
		goto done;
	/* The chain is whole: are the rows what it recorded? (`baomi check`) */
	if ((rc = check_ledger(path)) != 0)
		goto done;
	last = bm_checkpoint_set_last(&set);
	out->count = res.count;
	out->checkpoints = res.checkpoints;
	snprintf(out->last_hash, sizeof(out->last_hash), "%s", res.last_hash);
	snprintf(out->code, sizeof(out->code), "%s", last->code);
	snprintf(out->at, sizeof(out->at), "%s", last->at);
done:
	bm_audit_key_free(key);
	bm_checkpoint_set_release(&set);
	bm_store_close(st);
	return rc;
}

/* The directory `dir` and the files in it removed (the scratch copy's, nothing else). */
static void remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[PATH_MAX];

	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, e->d_name) < sizeof(path))
			unlink(path);
	}
	if (d)
		closedir(d);
	rmdir(dir);
}

/*
 * `baomi check`'s ledger part on the pg_dump archive `path` (issue 12
 * point 4, SYS-3), as check_copy runs it on a SQLite backup: the archive's
 * rows (pg_restore, bm_store_pg_archive_unpack and _scan) copied as
 * `baomi migrate` copies a PostgreSQL unit into SQLite (store.h copy_*, into a new file at
 * the latest schema in a private temporary directory), and every row bound
 * to the chain compared with it (bm_check_ledger_in). The copy is never
 * committed, and the directory is removed on every path: nothing is written
 * anywhere else.
 */
static int archive_ledger(const char *path)
{
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX - 16], db[PATH_MAX];
	bm_arena arena;
	const char **names = NULL;
	bm_store *st = NULL;
	bool tx = false;
	size_t n = 0;
	int rc;

	if (!tmp || !*tmp)
		tmp = "/tmp";
	if ((size_t)snprintf(dir, sizeof(dir), "%s/baomi-check-XXXXXX", tmp) >= sizeof(dir))
		return bm_error_set(BM_EINVALID, "backup_io", NULL, "临时目录路径过长",
		                    "the temporary directory's path is too long");
	if (!mkdtemp(dir))
		return io_fail("mkdtemp", dir);
	snprintf(db, sizeof(db), "%s/archive.db", dir);
	bm_arena_init(&arena, 0);
	if ((rc = bm_svc_open(&st, db)) != 0 || (rc = BM_STORE(st, begin)(st)) != 0)
		goto done;
	tx = true;
	if ((rc = BM_STORE(st, copy_open)(st)) != 0 ||
	    (rc = BM_STORE(st, copy_tables)(st, &arena, &names, &n)) != 0)
		goto done;
	if ((rc = bm_store_pg_archive_unpack(path, dir)) != 0)
		goto done;
	for (size_t i = 0; i < n && rc == 0; i++) {
		bm_svc_copy_sink p = {.to = st};
		rc = bm_store_pg_archive_scan(dir, names[i], bm_svc_copy_sink_row, &p);
	}
	if (rc == 0)
		rc = BM_STORE(st, copy_close)(st);
	if (rc != 0 && rc != BM_ENOMEM && rc != BM_ECORRUPT) {
		/* SYS-3: rows the schema refuses (a key, a reference) are no backup of a unit. */
		char why[BM_ERROR_MSG_MAX];
		snprintf(why, sizeof(why), "%s", bm_error_last()->message_en);
		rc = bm_error_set(BM_ECORRUPT, "archive_invalid", BM_RULE_CHAIN_INTACT,
		                  "备份归档的行无法复制以供检查：%s",
		                  "the backup archive's rows cannot be copied for the check: %s",
		                  why);
	}
	if (rc == 0)
		rc = check_ledger_in(st);
done:
	if (tx)
		BM_STORE(st, rollback)(st);
	bm_svc_close(st);
	bm_arena_release(&arena);
	remove_dir(dir);
	return rc;
}

/* The chain of the pg_dump archive `src` (a path), row by row. */
static int archive_rows(void *src, bm_audit_row_cb cb, void *ctx)
{
	return bm_store_pg_archive_rows(src, cb, ctx);
}

/*
 * Checks the PostgreSQL backup `path` (a pg_dump archive, issue 12 point 4)
 * against the checkpoint file `cps_path`, as check_copy does a SQLite file:
 * the archive is read back whole by pg_restore, its chain verified against
 * every checkpoint and ending exactly at the backup's own; then, when
 * `ledger`, every row bound to the chain compared with it (archive_ledger).
 * take leaves that part out: it has just checked the very rows pg_dump
 * wrote, in the snapshot pg_dump copied.
 */
static int check_archive(const char *path, const char *cps_path, const char *key_path, bool ledger,
                         bm_backup_check *out)
{
	bm_checkpoint_set set = {0};
	bm_audit_verify_result res;
	const bm_checkpoint *last;
	bm_audit_key *key = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bm_checkpoint_read_file(cps_path, &set, NULL)) != 0)
		goto done;
	if (key_path && bm_audit_key_load(key_path, &key) == 0) {
		rc = bm_checkpoint_set_same_key(&set, bm_audit_key_public(key));
		out->key_checked = true;
	} else {
		bm_error_clear();
		rc = bm_checkpoint_set_same_key(&set, NULL);
	}
	if (rc || (rc = bm_audit_verify_backup_rows(archive_rows, (void *)path, &set, &res)) != 0)
		goto done;
	/* The chain is whole: are the rows what it recorded? (`baomi check`) */
	if (ledger && (rc = archive_ledger(path)) != 0)
		goto done;
	last = bm_checkpoint_set_last(&set);
	out->count = res.count;
	out->checkpoints = res.checkpoints;
	snprintf(out->last_hash, sizeof(out->last_hash), "%s", res.last_hash);
	snprintf(out->code, sizeof(out->code), "%s", last->code);
	snprintf(out->at, sizeof(out->at), "%s", last->at);
done:
	bm_audit_key_free(key);
	bm_checkpoint_set_release(&set);
	return rc;
}

int bm_svc_backup_check(const char *path, const char *checkpoints, const char *key_path,
                        bm_backup_check *out)
{
	char *cps = NULL;
	int rc;

	if (!checkpoints && !(cps = suffixed(file_of(path), ".checkpoints")))
		return BM_ENOMEM;
	rc = bm_store_pg_is_archive(file_of(path))
	             ? check_archive(file_of(path), checkpoints ? checkpoints : cps, key_path, true,
	                             out)
	             : check_copy(file_of(path), checkpoints ? checkpoints : cps, key_path, out);
	bm_free(cps);
	return rc;
}

/* ---- backup ---------------------------------------------------------------- */

/*
 * The unit's key, made when missing (*created), as for every checkpoint
 * (audit_anchor.c): never beside checkpoints its missing key signed (SYS-3).
 */
static int key_get(const char *path, const char *checkpoints, bm_audit_key **out, bool *created)
{
	int rc = bm_audit_key_load(path, out);
	*created = false;
	if (rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	if ((rc = bm_audit_key_may_create(path, checkpoints)) != 0)
		return rc;
	if ((rc = bm_audit_key_create(path, out)) == 0)
		*created = true;
	return rc;
}

typedef struct backup_files {
	char *tmp, *tmp_cps; /* written first, beside the targets */
	char *cps;           /* out.checkpoints */
	char *live;          /* the live checkpoint file, as it was before the snapshot */
	size_t live_len;
} backup_files;

static void files_release(backup_files *f)
{
	if (f->tmp)
		unlink(f->tmp);
	if (f->tmp_cps)
		unlink(f->tmp_cps);
	bm_free(f->tmp);
	bm_free(f->tmp_cps);
	bm_free(f->cps);
	bm_free(f->live);
}

static int refuse_existing(const char *path)
{
	return bm_error_set(BM_ECONFLICT, "backup_exists", NULL,
	                    "'%s' 已存在；备份从不覆盖已有文件",
	                    "'%s' exists; a backup never overwrites a file", path);
}

/*
 * The copy and its checkpoints, written to the temporary names: the
 * snapshot copied, the checkpoint signed for it, and the pair checked.
 */
static int take(bm_ctx *ctx, const char *out_path, backup_files *f, bm_backup_outcome *out)
{
	const bm_svc_anchor *a = ctx->anchor;
	bm_store_backup_info info;
	bm_audit_key *key = NULL;
	bm_checkpoint cp;
	bm_backup_check check;
	int64_t at = ctx->now, last_t;
	const bool pg = strcmp(ctx->store->ops->engine, "postgresql") == 0;
	int rc, erc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	rc = BM_STORE(ctx->store, backup)(ctx->store, f->tmp, &info);
	/* PostgreSQL: the rows pg_dump copied, checked in its snapshot (`baomi check`). */
	if (rc == 0 && pg)
		rc = check_ledger_in(ctx->store);
	if ((erc = bm_svc_read_end(ctx)) != 0 && rc == 0)
		rc = erc;
	if (rc)
		return rc;
	out->count = info.audit_count;
	out->pages = info.pages;
	out->bytes = info.pages * info.page_size;
	out->steps = info.steps;
	snprintf(out->last_hash, sizeof(out->last_hash), "%s", info.last_hash);
	if (info.audit_count < 1)
		return bm_error_set(BM_ENOTFOUND, "not_initialised", NULL, "数据库尚未初始化",
		                    "the database is not initialised");
	/* SYS-3: a checkpoint is never dated before the event it covers. */
	if (bm_time_parse(info.last_at, &last_t) && last_t > at)
		at = last_t;
	if ((rc = key_get(a->key_path, a->checkpoints_path, &key, &out->key_created)) != 0)
		return rc;
	rc = bm_checkpoint_sign(key, ctx->unit->name, info.audit_count, info.last_hash, at, &cp);
	bm_audit_key_free(key);
	if (rc)
		return rc;
	snprintf(out->code, sizeof(out->code), "%s", cp.code);
	snprintf(out->at, sizeof(out->at), "%s", cp.at);
	if ((rc = write_new(f->tmp_cps, f->live, f->live_len, NULL)) != 0 ||
	    (rc = bm_checkpoint_append(f->tmp_cps, &cp)) != 0)
		return rc;
	/* Verified (`baomi check` included) before it is given the backup's name. */
	if ((rc = pg ? check_archive(f->tmp, f->tmp_cps, a->key_path, false, &check)
	             : check_copy(f->tmp, f->tmp_cps, a->key_path, &check)) != 0)
		return rc;
	out->checkpoints = check.checkpoints;
	/* Into place: the checkpoints first, so a backup file never lacks its anchor. */
	if (rename(f->tmp_cps, f->cps) != 0)
		return io_fail("rename", f->tmp_cps);
	bm_free(f->tmp_cps);
	f->tmp_cps = NULL;
	if (rename(f->tmp, out_path) != 0) {
		rc = io_fail("rename", f->tmp);
		unlink(f->cps);
		return rc;
	}
	bm_free(f->tmp);
	f->tmp = NULL;
	if ((rc = sync_dir(out_path)) != 0)
		return rc;
	/* The live file learns the backed-up state too (its checkpoints are sorted by count). */
	return bm_checkpoint_append(a->checkpoints_path, &cp);
}

int bm_svc_backup(bm_ctx *ctx, const char *out_path, bm_backup_outcome *out)
{
	backup_files f = {0};
	struct stat st;
	char pid[32];
	json_t *d;
	int rc, brc;

	memset(out, 0, sizeof(*out));
	if (!ctx->anchor || !ctx->anchor->key_path || !ctx->anchor->checkpoints_path)
		return bm_error_set(BM_EINVALID, "anchor_paths_needed", NULL,
		                    "未配置审计密钥和检查点文件的路径",
		                    "no path is set for the audit key and the checkpoint file");
	if (!ctx->unit)
		return bm_error_set(BM_ENOTFOUND, "not_initialised", NULL, "数据库尚未初始化",
		                    "the database is not initialised");
	if (!out_path || !*out_path)
		return bm_error_set(BM_EINVALID, "no_output", NULL, "未指定备份文件（--out PATH）",
		                    "no backup file given (--out PATH)");
	snprintf(pid, sizeof(pid), ".partial-%ld", (long)getpid());
	if (!(f.cps = suffixed(out_path, ".checkpoints")))
		return BM_ENOMEM;
	if (stat(out_path, &st) == 0 || stat(f.cps, &st) == 0) {
		rc = refuse_existing(stat(out_path, &st) == 0 ? out_path : f.cps);
		files_release(&f);
		return rc;
	}
	if (!(f.tmp = suffixed(out_path, pid)) || !(f.tmp_cps = suffixed(f.cps, pid))) {
		files_release(&f);
		return BM_ENOMEM;
	}
	/*
	 * The live checkpoints are read before the snapshot begins: each was
	 * signed over a chain committed before it was written, so none counts
	 * more events than the snapshot will hold.
	 */
	if ((rc = slurp(ctx->anchor->checkpoints_path, &f.live, &f.live_len)) == 0)
		rc = take(ctx, out_path, &f, out);
	files_release(&f);

	d = json_object();
	json_object_set_new(d, "channel", json_string(ctx->channel));
	json_object_set_new(d, "to", json_string(out_path));
	if (out->count) {
		json_object_set_new(d, "count", json_integer(out->count));
		json_object_set_new(d, "last_hash", json_string(out->last_hash));
	}
	if (rc == 0) {
		json_object_set_new(d, "code", json_string(out->code));
		json_object_set_new(d, "pages", json_integer(out->pages));
		if (out->key_created)
			json_object_set_new(d, "key_created", json_true());
	}
	/* The event follows the copy: it is in the live chain, not in the backup. */
	if ((brc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc ? rc : brc;
	}
	return bm_svc_end(ctx, rc, "system.backup", "database", bm_svc_json(ctx, d));
}

/* ---- restore --------------------------------------------------------------- */

/* The restored database's first event after the backup's: where it came from. */
static int record_restore(const char *db, int64_t now, const char *from,
                          const bm_restore_outcome *o)
{
	bm_store *st = NULL;
	bm_arena arena;
	bm_ctx ctx;
	json_t *d;
	int rc;

	bm_arena_init(&arena, 0);
	if ((rc = bm_svc_open(&st, db)) != 0 ||
	    (rc = bm_ctx_init(&ctx, st, &arena, now, "cli")) != 0)
		goto done;
	d = json_object();
	json_object_set_new(d, "channel", json_string("cli"));
	json_object_set_new(d, "from", json_string(from));
	json_object_set_new(d, "count", json_integer(o->backup.count));
	json_object_set_new(d, "last_hash", json_string(o->backup.last_hash));
	json_object_set_new(d, "code", json_string(o->backup.code));
	json_object_set_new(d, "replaced", o->replaced ? json_string(o->aside) : json_null());
	if ((rc = bm_svc_begin(&ctx)) != 0) {
		json_decref(d);
		goto done;
	}
	rc = bm_svc_end(&ctx, 0, "system.restore", "database", bm_svc_json(&ctx, d));
done:
	bm_svc_close(st);
	bm_arena_release(&arena);
	return rc;
}

/* Names of a restore's files; restore_release frees them and removes the temporary ones. */
typedef struct restore_files {
	char *tmp, *tmp_cps; /* the checked copies, beside the targets */
	char *from_cps;      /* the backup's checkpoints */
	char *cps_aside;     /* where the replaced checkpoint file goes */
} restore_files;

static void restore_release(restore_files *f)
{
	if (f->tmp)
		unlink(f->tmp);
	if (f->tmp_cps)
		unlink(f->tmp_cps);
	bm_free(f->tmp);
	bm_free(f->tmp_cps);
	bm_free(f->from_cps);
	bm_free(f->cps_aside);
}

/* A failed check of the backup, said as a refusal that changed nothing (the rule kept). */
static int refuse_backup(const char *from)
{
	bm_error e = *bm_error_last();
	char zh[2 * BM_ERROR_MSG_MAX], en[2 * BM_ERROR_MSG_MAX];
	snprintf(zh, sizeof(zh), "备份 '%s' 未通过校验，未作任何更改：%s", from, e.message);
	snprintf(en, sizeof(en), "the backup '%s' fails verification; nothing was changed: %s",
	         from, e.message_en);
	return bm_error_set_msg(e.klass ? e.klass : BM_ECORRUPT, "backup_invalid",
	                        e.rule[0] ? e.rule : NULL, zh, en);
}

/*
 * With the target held: the replaced files aside, the checked copies in
 * their place (the database first: it is what a server would open).
 */
static int put_in_place(bm_store_hold *hold, restore_files *f, const char *checkpoints,
                        bm_restore_outcome *out)
{
	struct stat st;
	int rc;

	if (stat(checkpoints, &st) == 0) {
		if (link(checkpoints, f->cps_aside) != 0)
			return io_fail("link", f->cps_aside);
		out->checkpoints_replaced = true;
	}
	if ((rc = bm_store_replace_file(hold, f->tmp, out->aside, &out->replaced)) != 0) {
		if (out->checkpoints_replaced)
			unlink(f->cps_aside);
		out->checkpoints_replaced = false;
		return rc;
	}
	if (!out->replaced)
		out->aside[0] = '\0';
	if (out->checkpoints_replaced)
		snprintf(out->checkpoints_aside, sizeof(out->checkpoints_aside), "%s",
		         f->cps_aside);
	if (access(f->tmp_cps, F_OK) == 0 && rename(f->tmp_cps, checkpoints) != 0)
		return io_fail("rename", f->tmp_cps);
	return sync_dir(checkpoints);
}

int bm_svc_restore(const char *from, const char *db, const char *checkpoints, const char *key_path,
                   int64_t now, bm_restore_outcome *out)
{
	restore_files f = {0};
	char pid[32], ts[BM_ISO_TIME_LEN];
	const char *target;
	bm_store_hold *hold = NULL;
	struct stat a, b;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!from || !*from || !db || !*db || !checkpoints)
		return bm_error_set(BM_EINVALID, "restore_paths", NULL,
		                    "恢复需要备份文件（--from）和数据库（--db）",
		                    "a restore needs the backup (--from) and the database (--db)");
	target = file_of(db);
	/* Issue 12 point 4: PostgreSQL's own tool restores its archive (README). */
	if (strstr(db, "://") || bm_store_pg_is_archive(from))
		return bm_error_set(BM_EINVALID, "restore_pg", NULL,
		                    "PostgreSQL 的备份用 pg_restore 恢复到新建的数据库，再用 baomi "
		                    "audit verify 核对（见 README）",
		                    "a PostgreSQL backup is restored with pg_restore into a new "
		                    "database, then checked with baomi audit verify (README)");
	if (stat(from, &a) != 0)
		return bm_error_set(BM_ENOTFOUND, "backup_not_found", NULL, "备份 '%s' 不存在",
		                    "the backup '%s' does not exist", from);
	if (stat(target, &b) == 0 && a.st_dev == b.st_dev && a.st_ino == b.st_ino)
		return bm_error_set(BM_EINVALID, "restore_same_file", NULL,
		                    "备份与数据库是同一个文件：'%s'",
		                    "the backup and the database are the same file: '%s'", from);
	snprintf(pid, sizeof(pid), ".restore-%ld", (long)getpid());
	stamp(now, ts);
	snprintf(out->aside, sizeof(out->aside), "%s.before-restore-%s", target, ts);
	if (!(f.tmp = suffixed(target, pid)) || !(f.tmp_cps = suffixed(checkpoints, pid)) ||
	    !(f.from_cps = suffixed(from, ".checkpoints")) ||
	    !(f.cps_aside = suffixed(checkpoints, out->aside + strlen(target)))) {
		rc = BM_ENOMEM;
		goto done;
	}
	/* What is checked is the copy that is put in place, not the file it came from. */
	if ((rc = write_new(f.tmp, NULL, 0, from)) != 0 ||
	    (access(f.from_cps, F_OK) == 0 &&
	     (rc = write_new(f.tmp_cps, NULL, 0, f.from_cps)) != 0))
		goto done;
	if ((rc = check_copy(f.tmp, f.tmp_cps, key_path, &out->backup)) != 0) {
		rc = refuse_backup(from);
		goto done;
	}
	/* A server holding the database keeps it: nothing is replaced under it. */
	if ((rc = bm_store_hold_file(&hold, db)) != 0 ||
	    (rc = put_in_place(hold, &f, checkpoints, out)) != 0)
		goto done;
	bm_store_hold_release(hold);
	hold = NULL;
	rc = record_restore(db, now, from, out);
done:
	bm_store_hold_release(hold);
	restore_release(&f);
	return rc;
}
