/*
 * pg.c — the PostgreSQL back end of store.h (issue 12): connection,
 * transactions, migrations and the operations table.
 *
 * One libpq connection per handle. A write transaction is READ COMMITTED;
 * the audit chain's tail is serialised by its head row (audit_head, locked by
 * audit_tail and by the insert trigger until the commit), so several
 * servers on one database append one gap-free chain. A read snapshot is
 * REPEATABLE READ READ ONLY: PostgreSQL itself refuses a write in it.
 * Commits are synced by the server (synchronous_commit), so the pipeline's
 * split commit is not used (commit_unsynced and sync stay NULL).
 * The operations are spread over pg_*.c by domain; one not built yet answers
 * `not_on_postgresql` (pg_todo.c, generated from store.h).
 */
#include "common.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"
#include "store/pg_schema.h"
#include "util/buf.h"

static void pg_close(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	if (s->conn) {
		if (s->in_tx)
			bm_pg_exec(s, "ROLLBACK");
		PQfinish(s->conn);
	}
	bm_free(s);
}

static int pg_begin(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	int rc;
	if (s->in_tx)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	if ((rc = bm_pg_exec(s, "BEGIN ISOLATION LEVEL READ COMMITTED")) != 0)
		return rc;
	s->in_tx = true;
	/* The head before any row (pg_store.head_first): held to the commit or rollback. */
	if (s->head_first &&
	    (rc = bm_pg_exec(s, "SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE")) != 0) {
		bm_pg_exec(s, "ROLLBACK");
		s->in_tx = false;
	}
	return rc;
}

static int pg_begin_read(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	int rc;
	if (s->in_tx)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	if ((rc = bm_pg_exec(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY")) == 0) {
		s->in_tx = true;
		s->read_tx = true;
	}
	return rc;
}

static int pg_commit(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	int rc = bm_pg_exec(s, "COMMIT");
	if (rc == 0 && PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		rc = bm_error_set(BM_ERROR, "commit_failed", NULL, "提交失败", "the commit failed");
	/* COMMIT of a failed transaction rolls back and says ROLLBACK: not a commit. */
	if (rc == 0 && s->touched_tx)
		s->touched = true; /* bm_touched, made in it, now lasts the session */
	s->touched_tx = false;
	s->in_tx = false;
	s->read_tx = false;
	return rc;
}

static int pg_rollback(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	int rc = 0;
	if (!s->in_tx)
		return 0;
	s->in_tx = false;
	s->read_tx = false;
	s->touched_tx = false; /* what the transaction made, it took away */
	if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
		rc = bm_pg_exec(s, "ROLLBACK");
	return rc;
}

/* The use case's savepoint in the pipeline's batch (pipeline.h); bm_touched rolls back with it. */
static int pg_savepoint(bm_store *bs)
{
	return bm_pg_exec(bm_pg_of(bs), "SAVEPOINT use_case");
}

static int pg_release(bm_store *bs)
{
	return bm_pg_exec(bm_pg_of(bs), "RELEASE SAVEPOINT use_case");
}

static int pg_rollback_to(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	if (PQtransactionStatus(s->conn) == PQTRANS_IDLE)
		return bm_error_set(BM_ERROR, "transaction_lost", NULL, "事务已被数据库回滚",
		                    "the database rolled the transaction back");
	/* Made after the savepoint it is gone, before it it stands (bm_pg_touched_exists asks). */
	s->touched_maybe = s->touched_maybe || s->touched_tx;
	s->touched_tx = false;
	return bm_pg_exec(s, "ROLLBACK TO SAVEPOINT use_case");
}

static int pg_schema_version(bm_store *bs, int *out)
{
	PGresult *r;
	int rc = bm_pg_query(bm_pg_of(bs),
	                     "SELECT coalesce(max(version), 0) FROM schema_migrations", NULL, &r);
	if (rc)
		return rc;
	*out = (int)bm_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

/* Whether the database holds baomi's tables (schema_migrations) in the search path. */
static int has_schema(pg_store *s, bool *out)
{
	PGresult *r;
	int rc = bm_pg_query(s, "SELECT to_regclass('schema_migrations') IS NOT NULL", NULL, &r);
	if (rc)
		return rc;
	*out = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	return 0;
}

/*
 * Whether the database needs migrating. A database already at this program's
 * version needs nothing: the serving role (README § PostgreSQL,
 * share/baomi/pg-roles.sql), which may create nothing, opens it without the
 * migrations' lock or their CREATE. An older one (or none) needs a role that
 * may create in the schema: any other is refused before anything runs. A
 * newer one is left to migrate()'s own check.
 */
static int migration_needed(pg_store *s, bool present, bool *needed)
{
	const int latest = (int)BM_ARRAY_LEN(pg_migrations);
	PGresult *r;
	int version = 0, rc;
	bool may;
	char who[128];

	*needed = true;
	if (present && (rc = pg_schema_version(&s->base, &version)) != 0)
		return rc;
	if (version == latest)
		*needed = false;
	if (version >= latest)
		return 0;
	if ((rc = bm_pg_query(s,
	                      "SELECT coalesce(has_schema_privilege(current_schema(), 'CREATE'),"
	                      " false), current_user",
	                      NULL, &r)) != 0)
		return rc;
	may = strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	snprintf(who, sizeof(who), "%s", PQgetvalue(r, 0, 1));
	PQclear(r);
	if (may)
		return 0;
	return bm_error_set(BM_ERROR, "migrate_denied", NULL,
	                    "数据库结构版本 %d 低于本程序的 %d，而角色 %s 无权建表或迁移："
	                    "请先以属主角色运行一次 baomi（见 README “PostgreSQL”）",
	                    "the database's schema %d is older than this program's %d, and "
	                    "role %s may not create or migrate tables: run baomi once as the "
	                    "owner role first (README, PostgreSQL)",
	                    version, latest, who);
}

/*
 * The numbered migrations (pg_schema_*.sql), each in one transaction with its
 * row. A transaction-scoped advisory lock makes a second server starting at
 * the same moment wait, then find the migration done.
 */
static int migrate(pg_store *s, bool present)
{
	const int latest = (int)BM_ARRAY_LEN(pg_migrations);
	PGresult *r;
	int version, rc;
	bool needed;

	if ((rc = migration_needed(s, present, &needed)) != 0 || !needed)
		return rc;
	if ((rc = pg_begin(&s->base)) != 0)
		return rc;
	if ((rc = bm_pg_exec(s, "SELECT pg_advisory_xact_lock(7275696)")) != 0 ||
	    (rc = bm_pg_exec(s, "CREATE TABLE IF NOT EXISTS schema_migrations ("
	                        " version BIGINT PRIMARY KEY, applied_at TEXT NOT NULL)")) != 0)
		goto fail;
	/* pg_trgm (docs/ARCHITECTURE.md § PostgreSQL): made by the operator, checked here. */
	if ((rc = bm_pg_query(s, "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'", NULL,
	                      &r)) != 0)
		goto fail;
	if (PQntuples(r) == 0) {
		PQclear(r);
		rc = bm_error_set(
		        BM_ERROR, "pg_trgm_missing", NULL,
		        "数据库缺少 pg_trgm 扩展（须由管理员执行 CREATE EXTENSION pg_trgm）",
		        "the database lacks the pg_trgm extension (an administrator runs "
		        "CREATE EXTENSION pg_trgm)");
		goto fail;
	}
	PQclear(r);
	/* Under the lock: a second server may have migrated meanwhile. */
	if ((rc = pg_schema_version(&s->base, &version)) != 0)
		goto fail;
	if (version > latest) {
		rc = bm_error_set(
		        BM_ERROR, "schema_too_new", NULL,
		        "数据库结构版本 %d 高于本程序支持的 %d，请升级程序",
		        "database schema %d is newer than this program's %d; upgrade baomi",
		        version, latest);
		goto fail;
	}
	for (int v = version + 1; v <= latest; v++) {
		bm_pg_params p = {0};
		bm_buf text;
		bm_buf_init(&text, 0);
		for (const char *const *piece = pg_migrations[v - 1]; *piece && rc == 0; piece++)
			rc = bm_buf_put(&text, *piece, strlen(*piece));
		if (rc == 0)
			rc = bm_buf_putc(&text, '\0');
		if (rc == 0)
			rc = bm_pg_exec(s, text.ptr);
		bm_buf_release(&text);
		if (rc)
			goto fail;
		bm_pg_p_i64(&p, v);
		if ((rc = bm_pg_run(s,
		                    "INSERT INTO schema_migrations(version, applied_at) VALUES ($1,"
		                    " to_char(now() AT TIME ZONE 'UTC', "
		                    "'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"'))",
		                    &p)) != 0)
			goto fail;
	}
	return pg_commit(&s->base);
fail : {
	bm_error saved;
	bm_error_save(&saved);
	pg_rollback(&s->base);
	bm_error_restore(&saved);
	return rc;
}
}

static const struct bm_store_ops *pg_ops(void);

/*
 * What the database is before anything runs on it, as SQLite's open judges
 * its file (sqlite.c): without baomi's log of migrations, another program's
 * tables are not_baomi and an empty schema not_initialised (unless `init`
 * makes it); with it, the log must run 1..N with N at most this program's
 * (schema_unknown, schema_too_new), and a read-only open, which never
 * migrates, refuses an older schema (schema_old). Before this a log such as
 * {-1} sent migrate() to a migration before the first.
 */
static int schema_judge(pg_store *s, bool present, bm_store_sqlite_mode mode)
{
	const int latest = (int)BM_ARRAY_LEN(pg_migrations);
	const char *db = PQdb(s->conn);
	PGresult *r;
	int64_t lo, hi, n;
	int rc;

	if (!present) {
		if ((rc = bm_pg_query(
		             s,
		             "SELECT count(*) FROM pg_class c JOIN pg_namespace n"
		             " ON n.oid = c.relnamespace WHERE n.nspname = current_schema()"
		             " AND c.relkind IN ('r', 'p', 'v', 'm')",
		             NULL, &r)) != 0)
			return rc;
		n = bm_pg_i64(r, 0, 0);
		PQclear(r);
		if (n > 0)
			return bm_error_set(
			        BM_EINVALID, "not_baomi", NULL,
			        "PostgreSQL 数据库 '%s' 不是 baomi 数据库（没有结构版本表）",
			        "the PostgreSQL database '%s' is not a baomi database (no "
			        "schema_migrations)",
			        db);
		return mode == BM_STORE_SQLITE_CREATE ? 0 : BM_ENOTFOUND;
	}
	if ((rc = bm_pg_query(s,
	                      "SELECT coalesce(min(version), 0), coalesce(max(version), 0),"
	                      " count(*) FROM schema_migrations",
	                      NULL, &r)) != 0)
		return rc;
	lo = bm_pg_i64(r, 0, 0);
	hi = bm_pg_i64(r, 0, 1);
	n = bm_pg_i64(r, 0, 2);
	PQclear(r);
	if (n == 0)
		return mode == BM_STORE_SQLITE_CREATE ? 0 : BM_ENOTFOUND;
	if (hi > latest)
		return bm_error_set(BM_ERROR, "schema_too_new", NULL,
		                    "数据库结构版本 %lld 高于本程序支持的 %d，请升级程序",
		                    "database schema %lld is newer than this program's %d; upgrade "
		                    "baomi",
		                    (long long)hi, latest);
	if (lo != 1 || hi != n)
		return bm_error_set(
		        BM_EINVALID, "schema_unknown", NULL,
		        "PostgreSQL 数据库 '%s' 的结构版本无法识别（%lld 到 %lld，共 %lld 条）",
		        "the PostgreSQL database '%s' has an unknown schema version (%lld "
		        "to %lld, %lld entries)",
		        db, (long long)lo, (long long)hi, (long long)n);
	if (mode == BM_STORE_SQLITE_READONLY && hi < latest)
		return bm_error_set(
		        BM_EINVALID, "schema_old", NULL,
		        "PostgreSQL 数据库 '%s' 的结构版本 %lld 低于本程序的 %d；只读打开不升级，"
		        "请先用本程序（属主角色）打开一次后再校验",
		        "the PostgreSQL database '%s' has schema %lld, older than this "
		        "program's %d; a read-only open does not migrate: open it once "
		        "with this program (as the owner role), then verify it",
		        db, (long long)hi, latest);
	return 0;
}

/*
 * Whether a failed connection's message is the server's refusal of a
 * database that does not exist (SQLSTATE 3D000, which libpq reports only as
 * text: English, or the server's zh_CN translation).
 */
static bool no_such_database(const char *msg)
{
	const char *en = strstr(msg, "database \"");
	const char *zh = strstr(msg, "数据库 \"");
	return (en && strstr(en, "\" does not exist")) || (zh && strstr(zh, "\" 不存在"));
}

/*
 * The session's settings, sent in the startup packet (no round trip of
 * their own): UTF-8 text, times as the store writes them (text, UTC), floats
 * that read back exactly, no notices below a warning. The user's own
 * `options` (the URL's, else $PGOPTIONS, as libpq would take them) come
 * first, ours after them: of two -c of one setting the server keeps the last.
 */
#define SESSION_OPTIONS "-c TimeZone=UTC -c extra_float_digits=3 -c client_min_messages=warning"

/* The options to connect with, user's then ours, in *b (NUL-terminated); 0 or the error. */
static int session_options(bm_buf *b, const char *url)
{
	PQconninfoOption *opts = PQconninfoParse(url, NULL);
	const char *user = NULL;
	int rc = 0;

	/* A URL libpq cannot parse: its own error comes from the connection. */
	for (PQconninfoOption *o = opts; o && o->keyword; o++)
		if (strcmp(o->keyword, "options") == 0)
			user = o->val;
	if (!user)
		user = getenv("PGOPTIONS");
	if (user && *user)
		rc = bm_buf_put(b, user, strlen(user));
	if (rc == 0 && user && *user)
		rc = bm_buf_putc(b, ' ');
	if (rc == 0)
		rc = bm_buf_put(b, SESSION_OPTIONS, sizeof(SESSION_OPTIONS));
	PQconninfoFree(opts);
	return rc;
}

int bm_store_pg_open_mode(bm_store **out, const char *url, bm_store_sqlite_mode mode)
{
	pg_store *s = bm_calloc(1, sizeof(*s));
	bool present = false;
	bm_buf options;
	int rc;

	if (!s)
		return bm_error_nomem();
	s->base.ops = pg_ops();
	bm_buf_init(&options, 0);
	if ((rc = session_options(&options, url)) != 0) {
		bm_buf_release(&options);
		bm_free(s);
		return rc;
	}
	{
		/*
		 * The URL expanded in place of dbname; what follows it overrides
		 * it (libpq § connect): our encoding, and the merged options.
		 */
		const char *const keys[] = {"dbname", "client_encoding", "options", NULL};
		const char *const values[] = {url, "UTF8", options.ptr, NULL};
		s->conn = PQconnectdbParams(keys, values, 1);
	}
	bm_buf_release(&options);
	if (!s->conn || PQstatus(s->conn) != CONNECTION_OK) {
		char msg[512];
		snprintf(msg, sizeof(msg), "%s",
		         s->conn ? PQerrorMessage(s->conn) : "out of memory");
		msg[strcspn(msg, "\n")] = '\0';
		pg_close(&s->base);
		/* as a missing SQLite file: BM_ENOTFOUND, nothing made (exit 4) */
		if (no_such_database(msg))
			return bm_error_set(
			        BM_ENOTFOUND, "database_missing", NULL,
			        "PostgreSQL 数据库不存在（请先建立数据库并运行 baomi init）：%s",
			        "the PostgreSQL database does not exist (create it and run "
			        "baomi init first): %s",
			        msg);
		return bm_error_set(BM_ERROR, "open_failed", NULL, "无法连接 PostgreSQL 数据库：%s",
		                    "cannot connect to the PostgreSQL database: %s", msg);
	}
	/*
	 * The settings came with the startup packet; bm_touched waits for the
	 * first write (pg_int.h), a migration's too. A read-only open never writes.
	 */
	s->touch_guard = mode != BM_STORE_SQLITE_READONLY;
	if ((rc = has_schema(s, &present)) != 0)
		goto fail;
	if ((rc = schema_judge(s, present, mode)) == BM_ENOTFOUND) {
		/* as SQLite's empty file: exit 4, nothing made */
		rc = bm_error_set(
		        BM_ENOTFOUND, "not_initialised", NULL,
		        "PostgreSQL 数据库 '%s' 尚未建立 baomi 的表（请先运行 baomi init）",
		        "the PostgreSQL database '%s' is not an initialised baomi database "
		        "(run baomi init first)",
		        PQdb(s->conn));
		goto fail;
	}
	if (rc)
		goto fail;
	if (mode != BM_STORE_SQLITE_READONLY && (rc = migrate(s, present)) != 0)
		goto fail;
	s->head_first = mode != BM_STORE_SQLITE_READONLY;
	*out = &s->base;
	return 0;
fail:
	pg_close(&s->base);
	return rc;
}

static struct bm_store_ops table = {
        .abi_version = BM_STORE_ABI,
        .engine = "postgresql",
        .close = pg_close,
        .begin = pg_begin,
        .commit = pg_commit,
        .rollback = pg_rollback,
        .begin_read = pg_begin_read,
        .savepoint = pg_savepoint,
        .release = pg_release,
        .rollback_to = pg_rollback_to,
        .schema_version = pg_schema_version,
};

static void fill_table(void)
{
	bm_pg_org_ops(&table);
	bm_pg_audit_ops(&table);
	bm_pg_session_ops(&table);
	bm_pg_account_ops(&table);
	bm_pg_people_ops(&table);
	bm_pg_carrier_ops(&table);
	bm_pg_ledger_ops(&table);
	bm_pg_workflow_ops(&table);
	bm_pg_device_ops(&table);
	bm_pg_site_ops(&table);
	bm_pg_meeting_ops(&table);
	bm_pg_audit_list_ops(&table);
	bm_pg_handover_ops(&table);
	bm_pg_backup_ops(&table);
	bm_pg_oversight_ops(&table);
	bm_pg_report_ops(&table);
	bm_pg_count_ops(&table);
	bm_pg_copy_ops(&table);
	bm_pg_fill_todo(&table); /* last: what no file gave refuses loudly */
}

static const struct bm_store_ops *pg_ops(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;
	pthread_once(&once, fill_table);
	return &table;
}
