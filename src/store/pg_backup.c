/*
 * pg_backup.c — `baomi backup` on PostgreSQL (issue 12 point 4): the copy is
 * pg_dump's, the tool PostgreSQL provides for a consistent copy of a live
 * database, in its custom archive format (one self-contained file, read
 * back by pg_restore).
 *
 * The copy is exactly the caller's read snapshot: the open REPEATABLE READ
 * transaction exports its snapshot (pg_export_snapshot) and pg_dump runs
 * with --snapshot, so the audit tail read here, the rows the service checks
 * against the chain in the same transaction, and the rows pg_dump writes
 * are one state; the writers never wait for it (MVCC).
 *
 * Both programs are run from PATH without a shell (argv, posix_spawnp); the
 * connection's parameters go to pg_dump as a conninfo string built from
 * libpq's own view of the connection, its password (if any) through the
 * child's PGPASSWORD, never on a command line that ps shows.
 *
 * An archive is read back with pg_restore (COPY text format, one parser:
 * bm_pg_copy_fields): its chain (bm_store_pg_archive_rows) and, unpacked
 * table by table into a private directory (bm_store_pg_archive_unpack),
 * any table's rows typed as copy_scan types a live row
 * (bm_store_pg_archive_scan), so the backup's check verifies the archive
 * itself, not the database it came from.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "store/pg_int.h"
#include "util/buf.h"

extern char **environ;

/* ---- running a client program ---------------------------------------------- */

typedef struct child {
	pid_t pid;
	int out; /* its stdout, or -1 */
	int err; /* its stderr */
} child;

/* A pipe whose ends close on exec (the child gets its dup2 copies only). */
static int cloexec_pipe(int fd[2])
{
	if (pipe(fd) != 0)
		return -1;
	if (fcntl(fd[0], F_SETFD, FD_CLOEXEC) != 0 || fcntl(fd[1], F_SETFD, FD_CLOEXEC) != 0) {
		close(fd[0]);
		close(fd[1]);
		fd[0] = fd[1] = -1;
		return -1;
	}
	return 0;
}

/*
 * Starts `argv` (argv[0] looked up in PATH) with stdin /dev/null, its
 * stderr on a pipe and, when `want_out`, its stdout on another; `password`
 * (may be NULL) in its PGPASSWORD.
 */
static int child_start(child *c, char *const argv[], const char *password, bool want_out)
{
	int out[2] = {-1, -1}, err[2] = {-1, -1}, rc = 0;
	posix_spawn_file_actions_t fa;
	char **env = NULL, *pw = NULL;
	size_t n = 0;

	c->pid = -1;
	c->out = c->err = -1;
	while (environ[n])
		n++;
	if (!(env = bm_calloc(n + 2, sizeof(*env))))
		return bm_error_nomem();
	for (size_t i = 0, j = 0; i < n; i++)
		if (strncmp(environ[i], "PGPASSWORD=", 11) != 0)
			env[j++] = environ[i];
	if (password && *password) {
		size_t len = strlen(password) + 12;
		if (!(pw = bm_malloc(len))) {
			bm_free(env);
			return bm_error_nomem();
		}
		snprintf(pw, len, "PGPASSWORD=%s", password);
		for (n = 0; env[n]; n++)
			;
		env[n] = pw;
	}
	if (cloexec_pipe(err) != 0 || (want_out && cloexec_pipe(out) != 0)) {
		rc = bm_error_set(BM_ERROR, "backup_io", NULL, "无法创建管道：%s",
		                  "cannot make a pipe: %s", strerror(errno));
		goto done;
	}
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&fa, err[1], 2);
	if (want_out)
		posix_spawn_file_actions_adddup2(&fa, out[1], 1);
	errno = posix_spawnp(&c->pid, argv[0], &fa, NULL, argv, env);
	posix_spawn_file_actions_destroy(&fa);
	if (errno != 0) {
		c->pid = -1;
		rc = bm_error_set(BM_ERROR, "pg_client_missing", NULL,
		                  "无法运行 %s（请安装 Debian 的 postgresql-client）：%s",
		                  "cannot run %s (install Debian's postgresql-client): %s", argv[0],
		                  strerror(errno));
		goto done;
	}
	c->err = err[0];
	err[0] = -1;
	if (want_out) {
		c->out = out[0];
		out[0] = -1;
	}
done:
	for (int i = 0; i < 2; i++) {
		if (err[i] >= 0)
			close(err[i]);
		if (out[i] >= 0)
			close(out[i]);
	}
	if (pw) {
		memset(pw, 0, strlen(pw));
		bm_free(pw);
	}
	bm_free(env);
	return rc;
}

/* Waits for the child: 0 when it exited 0, else the error naming it and its first words. */
static int child_wait(child *c, const char *what)
{
	char msg[600];
	size_t len = 0;
	int status = 0;
	ssize_t got;

	if (c->out >= 0) {
		close(c->out);
		c->out = -1;
	}
	while (c->err >= 0 && ((got = read(c->err, msg + len, sizeof(msg) - 1 - len)) > 0 ||
	                       (got < 0 && errno == EINTR))) {
		if (got > 0)
			len += (size_t)got;
		if (len == sizeof(msg) - 1) { /* keep the start, drain the rest */
			char sink[4096];
			while (read(c->err, sink, sizeof(sink)) > 0)
				;
			break;
		}
	}
	msg[len] = '\0';
	for (size_t i = 0; i < len; i++)
		if (msg[i] == '\n')
			msg[i] = ' ';
	if (c->err >= 0)
		close(c->err);
	c->err = -1;
	while (c->pid > 0 && waitpid(c->pid, &status, 0) < 0 && errno == EINTR)
		;
	c->pid = -1;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return 0;
	return bm_error_set(BM_ERROR, "pg_client_failed", NULL, "%s 失败：%s", "%s failed: %s",
	                    what, len ? msg : "no message");
}

/* ---- the backup ---------------------------------------------------------------- */

/* `v` quoted for a conninfo string: '…' with ' and \ escaped. */
static int conninfo_value(bm_buf *b, const char *v)
{
	int rc = bm_buf_putc(b, '\'');
	for (; rc == 0 && *v; v++) {
		if (*v == '\'' || *v == '\\')
			rc = bm_buf_putc(b, '\\');
		if (rc == 0)
			rc = bm_buf_putc(b, *v);
	}
	return rc ? rc : bm_buf_putc(b, '\'');
}

/*
 * The connection as a conninfo string (libpq's own values, the password
 * left out: *password gets it, borrowed from libpq).
 */
static int conninfo_of(pg_store *s, bm_buf *b, const char **password)
{
	PQconninfoOption *opts = PQconninfo(s->conn), *o;
	int rc = 0;

	*password = PQpass(s->conn);
	if (!opts)
		return bm_error_nomem();
	for (o = opts; rc == 0 && o->keyword; o++) {
		if (!o->val || !*o->val || strcmp(o->keyword, "password") == 0)
			continue;
		if ((rc = bm_buf_printf(b, "%s%s=", b->len ? " " : "", o->keyword)) == 0)
			rc = conninfo_value(b, o->val);
	}
	if (rc == 0)
		rc = bm_buf_putc(b, '\0');
	PQconninfoFree(opts);
	return rc;
}

/*
 * The file `path` made the owner's alone (mode 0600, as a SQLite backup:
 * it holds the accounts' password hashes) and synced; its size in *size.
 */
static int sync_file(const char *path, off_t *size)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC), rc = 0;
	struct stat st;
	if (fd < 0 || fchmod(fd, 0600) != 0 || fstat(fd, &st) != 0 || fsync(fd) != 0)
		rc = bm_error_set(BM_ERROR, "backup_io", NULL, "无法同步备份文件 '%s'：%s",
		                  "cannot sync the backup file '%s': %s", path, strerror(errno));
	else
		*size = st.st_size;
	if (fd >= 0)
		close(fd);
	return rc;
}

static int dump_in(pg_store *s, const char *dest, bm_store_backup_info *out)
{
	PGresult *r;
	bm_buf conn, snap_arg, file_arg;
	const char *password = NULL;
	char *argv[8];
	off_t size = 0;
	child c;
	int rc;

	bm_buf_init(&conn, 0);
	bm_buf_init(&snap_arg, 0);
	bm_buf_init(&file_arg, 0);
	if ((rc = bm_pg_query(s, "SELECT pg_export_snapshot()", NULL, &r)) != 0)
		goto done;
	rc = bm_buf_printf(&snap_arg, "--snapshot=%s%c", PQgetvalue(r, 0, 0), '\0');
	PQclear(r);
	if (rc)
		goto done;
	/* The tail of the chain in the same snapshot. */
	if ((rc = bm_pg_query(s, "SELECT seq, hash, at FROM audit_head WHERE id = 1", NULL, &r)) !=
	    0)
		goto done;
	if (PQntuples(r) == 1) {
		out->audit_count = bm_pg_i64(r, 0, 0);
		snprintf(out->last_hash, sizeof(out->last_hash), "%s", PQgetvalue(r, 0, 1));
		snprintf(out->last_at, sizeof(out->last_at), "%s", PQgetvalue(r, 0, 2));
	}
	PQclear(r);
	if ((rc = conninfo_of(s, &conn, &password)) != 0 ||
	    (rc = bm_buf_printf(&file_arg, "--file=%s%c", dest, '\0')) != 0)
		goto done;
	argv[0] = "pg_dump";
	argv[1] = "--format=custom";
	argv[2] = "--no-password";
	argv[3] = snap_arg.ptr;
	argv[4] = file_arg.ptr;
	argv[5] = "--dbname";
	argv[6] = conn.ptr;
	argv[7] = NULL;
	if ((rc = child_start(&c, argv, password, false)) != 0)
		goto done;
	if ((rc = child_wait(&c, "pg_dump")) != 0) {
		unlink(dest);
		goto done;
	}
	if ((rc = sync_file(dest, &size)) != 0)
		goto done;
	out->pages = (int64_t)size;
	out->page_size = 1;
	out->steps = 1;
done:
	bm_buf_release(&conn);
	bm_buf_release(&snap_arg);
	bm_buf_release(&file_arg);
	return rc;
}

/*
 * store.h backup(): the open read transaction's snapshot (or one of its
 * own) into the new file `dest`, a pg_dump custom archive. `dest` must not
 * exist (the service writes a temporary name and renames it).
 */
static int pg_backup(bm_store *bs, const char *dest, bm_store_backup_info *out)
{
	pg_store *s = bm_pg_of(bs);
	bool own = !s->in_tx;
	struct stat st;
	int rc;

	memset(out, 0, sizeof(*out));
	if (stat(dest, &st) == 0)
		return bm_error_set(BM_ECONFLICT, "backup_exists", NULL,
		                    "'%s' 已存在；备份从不覆盖已有文件",
		                    "'%s' exists; a backup never overwrites a file", dest);
	if (s->in_tx && !s->read_tx)
		return bm_error_set(BM_ERROR, "backup_in_write", NULL, "备份须在只读快照中进行",
		                    "a backup is taken in a read snapshot");
	if (own && (rc = bs->ops->begin_read(bs)) != 0)
		return rc;
	rc = dump_in(s, dest, out);
	if (own)
		bs->ops->rollback(bs);
	return rc;
}

void bm_pg_backup_ops(struct bm_store_ops *ops)
{
	ops->backup = pg_backup;
}

/* ---- an archive's rows ------------------------------------------------------------ */

bool bm_store_pg_is_archive(const char *path)
{
	char magic[5];
	FILE *f = fopen(path, "rb");
	bool yes = f && fread(magic, 1, sizeof(magic), f) == sizeof(magic) &&
	           memcmp(magic, "PGDMP", 5) == 0;
	if (f)
		fclose(f);
	return yes;
}

/*
 * The start of audit_event's data as pg_dump writes it: "COPY " and the
 * table in baomi's schema (whichever the role's search path named), then
 * the columns in pg_schema_1.sql's order.
 */
static const char audit_copy[] = ".audit_event (seq, at, actor, action, object, outcome, rule,"
                                 " detail, alg, prev_hash, hash) FROM stdin;";

static bool is_audit_copy(const char *line, size_t len)
{
	size_t n = sizeof(audit_copy) - 1;
	return strncmp(line, "COPY ", 5) == 0 && len > n + 5 &&
	       memcmp(line + len - n, audit_copy, n) == 0;
}
#define AUDIT_FIELDS 11

static bool is_hex(char c)
{
	return (c >= '0' && c <= '9') || ((c | 32) >= 'a' && (c | 32) <= 'f');
}

/*
 * One COPY text field unescaped in place (PostgreSQL's COPY, text format:
 * \b \f \n \r \t \v, \ooo octal, \xh[h] hex, any other character after a
 * backslash stands for itself); false for \N, the NULL marker.
 */
static bool unescape(char *f)
{
	char *w = f;
	if (strcmp(f, "\\N") == 0)
		return false;
	for (char *r = f; *r; r++) {
		if (*r != '\\' || !r[1]) {
			*w++ = *r;
			continue;
		}
		r++;
		switch (*r) {
		case 'b': *w++ = '\b'; break;
		case 'f': *w++ = '\f'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 't': *w++ = '\t'; break;
		case 'v': *w++ = '\v'; break;
		case 'x': {
			int v = 0, k = 0;
			for (; k < 2 && is_hex(r[1]); k++) {
				char d = *++r;
				v = v * 16 + (d <= '9' ? d - '0' : (d | 32) - 'a' + 10);
			}
			*w++ = k ? (char)v : 'x'; /* "\x" without a digit is an x */
			break;
		}
		default:
			if (*r >= '0' && *r <= '7') {
				int v = *r - '0';
				for (int k = 0; k < 2 && r[1] >= '0' && r[1] <= '7'; k++)
					v = v * 8 + (*++r - '0');
				*w++ = (char)v;
			} else {
				*w++ = *r;
			}
		}
	}
	*w = '\0';
	return true;
}

int bm_pg_copy_fields(char *line, char **field, size_t max, size_t *n)
{
	char *p = line;
	size_t k = 0;

	for (;;) {
		if (k == max)
			return -1;
		field[k++] = p;
		if (!(p = strchr(p, '\t')))
			break;
		*p++ = '\0';
	}
	for (size_t i = 0; i < k; i++)
		if (!unescape(field[i]))
			field[i] = NULL;
	*n = k;
	return 0;
}

/* Reads the next line of `in` into `b` (without its LF, NUL-terminated); false at the end. */
static bool read_line(FILE *in, bm_buf *b, int *rc)
{
	int ch;
	bm_buf_clear(b);
	while ((ch = getc(in)) != EOF && ch != '\n')
		if ((*rc = bm_buf_putc(b, (char)ch)) != 0)
			return false;
	if (ch == EOF && b->len == 0)
		return false;
	*rc = bm_buf_putc(b, '\0');
	return *rc == 0;
}

/* Each line `pg_restore` prints: `cb` gets it NUL-terminated, without its LF (may change it). */
typedef int (*line_cb)(void *ctx, char *line, size_t len);

/*
 * Runs pg_restore with `argv` (argv[0] "pg_restore") and hands `cb` each
 * line of its output; 0, `cb`'s error, or BM_ECORRUPT ("archive_invalid")
 * when pg_restore cannot read the archive.
 */
static int restore_lines(char *const argv[], line_cb cb, void *ctx)
{
	FILE *in = NULL;
	bm_buf line;
	bm_error why;
	child c;
	int rc, wrc;

	if ((rc = child_start(&c, argv, NULL, true)) != 0)
		return rc;
	bm_buf_init(&line, 0);
	if (!(in = fdopen(c.out, "r")))
		rc = bm_error_nomem();
	else
		c.out = -1; /* the FILE has it */
	while (rc == 0 && read_line(in, &line, &rc))
		rc = cb(ctx, line.ptr, line.len - 1);
	if (in) {
		if (rc) /* stop reading: the child may be blocked writing */
			kill(c.pid, SIGTERM);
		fclose(in);
	}
	if (rc)
		bm_error_save(&why);
	wrc = child_wait(&c, "pg_restore");
	if (rc) {
		bm_error_restore(&why); /* the first error, not the stopped child's */
	} else if (wrc != 0) {
		char msg[BM_ERROR_MSG_MAX];
		snprintf(msg, sizeof(msg), "%s", bm_error_last()->message_en);
		rc = bm_error_set(BM_ECORRUPT, "archive_invalid", NULL, "备份归档无法读取：%s",
		                  "the backup archive cannot be read: %s", msg);
	}
	bm_buf_release(&line);
	return rc;
}

/* A row kept back, its ordering key and its line (bm_malloc). */
typedef struct held_line {
	int64_t key;
	char *line;
} held_line;

/*
 * Rows come in the table's physical order, which is key order (the chain's
 * seq, a dispatch's items' ord) but where a later row filled the space a
 * rolled-back insert left: such rows wait here, sorted by key, until their
 * turn (few, however long the table), and `fn` gets each in key order.
 */
typedef struct reorder {
	held_line *held;
	size_t n, cap;
	int64_t next; /* the key the walk wants next */
	size_t key;   /* the key's field */
	int (*fn)(void *ctx, char *line);
	void *ctx;
} reorder;

static int emit_ready(reorder *o)
{
	int rc = 0;
	while (rc == 0 && o->n > 0 && o->held[0].key <= o->next) {
		held_line h = o->held[0];
		memmove(o->held, o->held + 1, (o->n - 1) * sizeof(*o->held));
		o->n--;
		rc = o->fn(o->ctx, h.line);
		o->next = h.key + 1;
		bm_free(h.line);
	}
	return rc;
}

/* A copy of `line` held in key order, then whatever is ready handed on. */
static int hold_line(reorder *o, const char *line, size_t len)
{
	const char *k = line;
	held_line h;
	size_t at;

	for (size_t f = 0; k && f < o->key; f++)
		if ((k = strchr(k, '\t')))
			k++;
	h.key = k ? strtoll(k, NULL, 10) : 0;
	if (o->n == o->cap) {
		size_t cap = o->cap ? o->cap * 2 : 16;
		held_line *more = bm_realloc(o->held, cap * sizeof(*more));
		if (!more)
			return bm_error_nomem();
		o->held = more;
		o->cap = cap;
	}
	if (!(h.line = bm_malloc(len + 1)))
		return bm_error_nomem();
	memcpy(h.line, line, len + 1);
	for (at = o->n; at > 0 && o->held[at - 1].key > h.key; at--)
		;
	memmove(o->held + at + 1, o->held + at, (o->n - at) * sizeof(*o->held));
	o->held[at] = h;
	o->n++;
	return emit_ready(o);
}

/* What is left at the end (after a gap), in key order. */
static int reorder_flush(reorder *o)
{
	if (o->n == 0)
		return 0;
	o->next = o->held[o->n - 1].key;
	return emit_ready(o);
}

static void reorder_release(reorder *o)
{
	for (size_t i = 0; i < o->n; i++)
		bm_free(o->held[i].line);
	bm_free(o->held);
}

/* ---- the chain ---- */

typedef struct audit_read {
	reorder o;
	bm_audit_row_cb cb;
	void *ctx;
	bool in_copy, seen;
} audit_read;

static int audit_row(void *ctx, char *line)
{
	audit_read *a = ctx;
	char *field[AUDIT_FIELDS];
	size_t n = 0;

	if (bm_pg_copy_fields(line, field, AUDIT_FIELDS, &n) != 0 || n != AUDIT_FIELDS)
		return bm_error_set(BM_ECORRUPT, "archive_invalid", NULL,
		                    "备份归档中的审计事件行无法读取",
		                    "an audit event line of the backup archive cannot be read");
	for (int i = 0; i < AUDIT_FIELDS; i++)
		if (!field[i])
			field[i] = "";
	bm_audit_row row = {
	        .seq = strtoll(field[0], NULL, 10),
	        .at = field[1],
	        .actor = field[2],
	        .action = field[3],
	        .object = field[4],
	        .outcome = field[5],
	        .rule = field[6],
	        .detail = field[7],
	        .alg = field[8],
	        .prev_hash = field[9],
	        .hash = field[10],
	};
	return a->cb(&row, a->ctx);
}

static int audit_line(void *ctx, char *line, size_t len)
{
	audit_read *a = ctx;
	if (!a->in_copy) {
		if (is_audit_copy(line, len))
			a->in_copy = a->seen = true;
		return 0;
	}
	if (strcmp(line, "\\.") == 0) {
		a->in_copy = false;
		return 0;
	}
	return hold_line(&a->o, line, len);
}

int bm_store_pg_archive_rows(const char *archive, bm_audit_row_cb cb, void *ctx)
{
	char *argv[] = {"pg_restore", "--data-only",   "--table=audit_event",
	                "--file=-",   (char *)archive, NULL};
	audit_read a = {.o = {.next = 1, .key = 0, .fn = audit_row}, .cb = cb, .ctx = ctx};
	int rc;

	a.o.ctx = &a;
	rc = restore_lines(argv, audit_line, &a);
	if (rc == 0 && !a.seen)
		rc = bm_error_set(BM_ECORRUPT, "archive_invalid", NULL,
		                  "备份归档中没有审计链（audit_event）",
		                  "the backup archive holds no audit chain (audit_event)");
	/* What is left (after a gap): in seq order; the walk names the gap. */
	if (rc == 0)
		rc = reorder_flush(&a.o);
	reorder_release(&a.o);
	return rc;
}

/* ---- any table ---- */

#define ARCHIVE_MAX_COLS 96
#define ARCHIVE_NAME_MAX 64

/*
 * One table of an archive read: its columns' types from its CREATE TABLE
 * (pg_restore --schema-only), then its rows (--data-only), each value typed
 * by its column's type as pg_copy.c's copy_scan types a live row.
 */
typedef struct table_read {
	const char *table;
	bm_copy_row_cb cb;
	void *ctx;
	reorder o;
	bool keyed, in_create, in_copy;
	/* the CREATE TABLE's columns */
	char decl[ARCHIVE_MAX_COLS][ARCHIVE_NAME_MAX];
	char decl_type[ARCHIVE_MAX_COLS];
	size_t n_decl;
	/* the COPY's columns (into `header`), ord's place or SIZE_MAX */
	char *header;
	const char *names[ARCHIVE_MAX_COLS];
	char type[ARCHIVE_MAX_COLS];
	size_t ncol, ord;
} table_read;

/* Whether `line` ends with "." table `tail` (pg_dump's schema-qualified name). */
static bool names_table(const char *line, size_t len, const char *table, const char *tail)
{
	size_t t = strlen(table), n = strlen(tail);
	return len > t + n + 1 && memcmp(line + len - n, tail, n) == 0 &&
	       memcmp(line + len - n - t, table, t) == 0 && line[len - n - t - 1] == '.';
}

/* A column name at *p ("name" or name), copied into out; *p moved past it. */
static void take_name(const char **p, char out[ARCHIVE_NAME_MAX])
{
	const char *s = *p, *e;
	if (*s == '"') {
		e = strchr(++s, '"');
		if (!e)
			e = s + strlen(s);
		*p = *e ? e + 1 : e;
	} else {
		e = s + strcspn(s, " ,)");
		*p = e;
	}
	snprintf(out, ARCHIVE_NAME_MAX, "%.*s", (int)(e - s), s);
}

/* The storage class of a PostgreSQL type as migration 1 mirrors SQLite's. */
static char type_class(const char *t)
{
	if (strncmp(t, "bigint", 6) == 0 || strncmp(t, "integer", 7) == 0 ||
	    strncmp(t, "smallint", 8) == 0)
		return 'i';
	if (strncmp(t, "double precision", 16) == 0 || strncmp(t, "real", 4) == 0)
		return 'r';
	if (strncmp(t, "bytea", 5) == 0)
		return 'b';
	return 't';
}

static int schema_line(void *ctx, char *line, size_t len)
{
	table_read *t = ctx;
	const char *p = line;

	if (!t->in_create) {
		t->in_create = strncmp(line, "CREATE TABLE ", 13) == 0 &&
		               names_table(line, len, t->table, " (");
		return 0;
	}
	if (*line == ')') {
		t->in_create = false;
		return 0;
	}
	while (*p == ' ')
		p++;
	if (strncmp(p, "CONSTRAINT ", 11) == 0 || t->n_decl == ARCHIVE_MAX_COLS)
		return 0;
	take_name(&p, t->decl[t->n_decl]);
	while (*p == ' ')
		p++;
	t->decl_type[t->n_decl++] = type_class(p);
	return 0;
}

static int invalid_row(const table_read *t)
{
	return bm_error_set(BM_ECORRUPT, "archive_invalid", NULL, "备份归档中表 %s 的行无法读取",
	                    "a row of table %s in the backup archive cannot be read", t->table);
}

/* "COPY schema.table (a, b, …) FROM stdin;": the columns and their types. */
static int copy_header(table_read *t, const char *line)
{
	const char *p = strchr(line, '(');
	char name[ARCHIVE_NAME_MAX];

	bm_free(t->header);
	t->ncol = 0;
	t->ord = SIZE_MAX;
	if (!p)
		return invalid_row(t);
	if (!(t->header = bm_malloc(strlen(line) + 1)))
		return bm_error_nomem();
	char *w = t->header;
	for (p++; *p && *p != ')';) {
		if (t->ncol == ARCHIVE_MAX_COLS)
			return invalid_row(t);
		take_name(&p, name);
		t->type[t->ncol] = 't';
		for (size_t k = 0; k < t->n_decl; k++)
			if (strcmp(t->decl[k], name) == 0)
				t->type[t->ncol] = t->decl_type[k];
		/* dispatch_item.ord: SQLite's rowid made explicit (pg_copy.c): the order, left out
		 */
		if (strcmp(t->table, "dispatch_item") == 0 && strcmp(name, "ord") == 0)
			t->ord = t->ncol;
		t->names[t->ncol++] = w;
		w += snprintf(w, strlen(name) + 1, "%s", name) + 1;
		while (*p == ',' || *p == ' ')
			p++;
	}
	t->keyed = t->ord != SIZE_MAX || strcmp(t->table, "audit_event") == 0;
	t->o.key = t->ord != SIZE_MAX ? t->ord : 0;
	return 0;
}

static int table_row(void *ctx, char *line)
{
	table_read *t = ctx;
	char *field[ARCHIVE_MAX_COLS];
	const char *names[ARCHIVE_MAX_COLS];
	bm_copy_value vals[ARCHIVE_MAX_COLS];
	unsigned char *blobs[ARCHIVE_MAX_COLS];
	size_t n = 0, m = 0;
	int rc = 0;

	if (bm_pg_copy_fields(line, field, ARCHIVE_MAX_COLS, &n) != 0 || n != t->ncol)
		return invalid_row(t);
	for (size_t k = 0; k < n && rc == 0; k++) {
		bm_copy_value *v = &vals[m];
		if (k == t->ord)
			continue;
		memset(v, 0, sizeof(*v));
		blobs[m] = NULL;
		names[m++] = t->names[k];
		if (!field[k])
			continue;
		switch (t->type[k]) {
		case 'i':
			v->type = 'i';
			v->i = strtoll(field[k], NULL, 10);
			break;
		case 'r':
			v->type = 'r';
			v->r = strtod(field[k], NULL);
			break;
		case 'b':
			v->type = 'b';
			blobs[m - 1] = PQunescapeBytea((const unsigned char *)field[k], &v->n);
			v->p = (const char *)blobs[m - 1];
			if (!v->p)
				rc = bm_error_nomem();
			break;
		default:
			v->type = 't';
			v->p = field[k];
			v->n = strlen(field[k]);
		}
	}
	if (rc == 0)
		rc = t->cb(t->ctx, t->table, m, names, vals);
	for (size_t k = 0; k < m; k++)
		PQfreemem(blobs[k]);
	return rc;
}

static int data_line(void *ctx, char *line, size_t len)
{
	table_read *t = ctx;
	if (!t->in_copy) {
		if (strncmp(line, "COPY ", 5) != 0 || !strstr(line, " FROM stdin;"))
			return 0;
		size_t head = (size_t)(strchr(line, '(') ? strchr(line, '(') - line : 0);
		if (head < 2 || !names_table(line, head, t->table, " "))
			return 0;
		t->in_copy = true;
		return copy_header(t, line);
	}
	if (strcmp(line, "\\.") == 0) {
		t->in_copy = false;
		return 0;
	}
	return t->keyed ? hold_line(&t->o, line, len) : table_row(t, line);
}

/* Each line of the file `path` to `cb`, as restore_lines gives pg_restore's; none when absent. */
static int file_lines(const char *path, line_cb cb, void *ctx)
{
	FILE *in = fopen(path, "r");
	bm_buf line;
	int rc = 0;

	if (!in)
		return errno == ENOENT
		               ? 0
		               : bm_error_set(BM_ERROR, "backup_io", NULL, "无法读取 '%s'：%s",
		                              "cannot read '%s': %s", path, strerror(errno));
	bm_buf_init(&line, 0);
	while (rc == 0 && read_line(in, &line, &rc))
		rc = cb(ctx, line.ptr, line.len - 1);
	fclose(in);
	bm_buf_release(&line);
	return rc;
}

/* The data pass spilt table by table: DIR/TABLE.copy, the COPY block as pg_restore wrote it. */
typedef struct spill {
	const char *dir;
	FILE *out;
} spill;

static int spill_io(const char *path)
{
	return bm_error_set(BM_ERROR, "backup_io", NULL, "无法写入临时文件 '%s'：%s",
	                    "cannot write the temporary file '%s': %s", path, strerror(errno));
}

static int spill_line(void *ctx, char *line, size_t len)
{
	spill *sp = ctx;
	char path[PATH_MAX], name[ARCHIVE_NAME_MAX];
	const char *open = strchr(line, '('), *dot;

	if (!sp->out) {
		/* "COPY schema.table (…) FROM stdin;": a plain table name, else not baomi's */
		if (strncmp(line, "COPY ", 5) != 0 || !open || !strstr(line, " FROM stdin;"))
			return 0;
		for (dot = open - 1; dot > line + 5 && *dot != '.'; dot--)
			;
		snprintf(name, sizeof(name), "%.*s", (int)(open - 1 - dot - 1), dot + 1);
		if (!*name || strspn(name, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(name))
			return 0;
		if ((size_t)snprintf(path, sizeof(path), "%s/%s.copy", sp->dir, name) >=
		    sizeof(path))
			return spill_io(sp->dir);
		if (!(sp->out = fopen(path, "wx")))
			return spill_io(path);
	}
	if (fwrite(line, 1, len, sp->out) != len || putc('\n', sp->out) == EOF)
		return spill_io(sp->dir);
	if (strcmp(line, "\\.") == 0) {
		int bad = fclose(sp->out);
		sp->out = NULL;
		if (bad)
			return spill_io(sp->dir);
	}
	return 0;
}

int bm_store_pg_archive_unpack(const char *archive, const char *dir)
{
	char *data[] = {"pg_restore", "--data-only", "--file=-", (char *)archive, NULL};
	char *schema[] = {"pg_restore", "--schema-only", NULL, (char *)archive, NULL};
	spill sp = {.dir = dir};
	bm_buf arg;
	child c;
	int rc;

	bm_buf_init(&arg, 0);
	if ((rc = bm_buf_printf(&arg, "--file=%s/schema.sql%c", dir, '\0')) != 0)
		goto done;
	schema[2] = arg.ptr;
	if ((rc = child_start(&c, schema, NULL, false)) != 0)
		goto done;
	if ((rc = child_wait(&c, "pg_restore")) != 0) {
		char msg[BM_ERROR_MSG_MAX];
		snprintf(msg, sizeof(msg), "%s", bm_error_last()->message_en);
		rc = bm_error_set(BM_ECORRUPT, "archive_invalid", NULL, "备份归档无法读取：%s",
		                  "the backup archive cannot be read: %s", msg);
		goto done;
	}
	rc = restore_lines(data, spill_line, &sp);
	if (sp.out)
		fclose(sp.out);
done:
	bm_buf_release(&arg);
	return rc;
}

int bm_store_pg_archive_scan(const char *dir, const char *table, bm_copy_row_cb cb, void *ctx)
{
	table_read *t;
	char path[PATH_MAX];
	int rc;

	if (strspn(table, "abcdefghijklmnopqrstuvwxyz0123456789_") != strlen(table) ||
	    strlen(table) >= ARCHIVE_NAME_MAX)
		return bm_error_set(BM_EINVALID, "bad_table", NULL, "表名无效：%s",
		                    "not a table name: %s", table);
	if (!(t = bm_calloc(1, sizeof(*t))))
		return bm_error_nomem();
	t->table = table;
	t->cb = cb;
	t->ctx = ctx;
	t->ord = SIZE_MAX;
	t->o = (reorder){.next = 1, .fn = table_row, .ctx = t};
	snprintf(path, sizeof(path), "%s/schema.sql", dir);
	if ((rc = file_lines(path, schema_line, t)) != 0)
		goto done;
	if ((size_t)snprintf(path, sizeof(path), "%s/%s.copy", dir, table) >= sizeof(path)) {
		rc = spill_io(dir);
		goto done;
	}
	if ((rc = file_lines(path, data_line, t)) != 0)
		goto done;
	rc = reorder_flush(&t->o);
done:
	reorder_release(&t->o);
	bm_free(t->header);
	bm_free(t);
	return rc;
}
