/*
 * sqlite_copy.c — a unit's rows read for `baomi migrate` (issue 12 point 4,
 * store.h copy_*): every row of a table with its columns typed by their
 * storage class, as the row's canonical bytes are. SQLite is the source of
 * a move to PostgreSQL; the way back (a SQLite file as the target) is not
 * built yet and says so.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "store/sqlite_int.h"

/* A table name a statement may name: lower-case letters, digits and '_'. */
static int plain_name(const char *table)
{
	if (!table || !*table || strlen(table) > 64)
		goto bad;
	for (const char *c = table; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			goto bad;
	return 0;
bad:
	return bm_error_set(BM_EINVALID, "bad_table", NULL, "表名无效：%s", "not a table name: %s",
	                    table ? table : "");
}

/* Whether `table` is one of the file's tables, and whether it has a rowid. */
static int table_kind(sq_store *s, const char *table, bool *rowid)
{
	sqlite3_stmt *st = NULL;
	int rc, src;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT instr(upper(sql), 'WITHOUT ROWID') = 0 FROM sqlite_master"
	                     " WHERE type = 'table' AND name = ?")) != 0)
		return rc;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*rowid = sqlite3_column_int(st, 0) != 0;
		rc = 0;
	} else if (src == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "no_such_table", NULL, "源数据库没有表 %s",
		                  "the source database has no table %s", table);
	} else {
		rc = bm_sq_db_fail(s, src);
	}
	bm_sq_release(s, st);
	return rc;
}

#define COPY_MAX_COLS 96

int bm_sq_copy_scan(bm_store *bs, const char *table, bm_copy_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	const char *names[COPY_MAX_COLS];
	bm_copy_value vals[COPY_MAX_COLS];
	sqlite3_stmt *st = NULL;
	char sql[160];
	bool rowid = true;
	int rc, src, n;

	if ((rc = plain_name(table)) != 0 || (rc = table_kind(s, table, &rowid)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\"%s", table, rowid ? " ORDER BY rowid" : "");
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	n = sqlite3_column_count(st);
	if (n > COPY_MAX_COLS) {
		bm_sq_release(s, st);
		return bm_error_set(BM_ERROR, "too_many_columns", NULL, "表 %s 的列过多",
		                    "table %s has too many columns", table);
	}
	for (int k = 0; k < n; k++)
		names[k] = sqlite3_column_name(st, k);
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		for (int k = 0; k < n; k++) {
			bm_copy_value *v = &vals[k];
			memset(v, 0, sizeof(*v));
			switch (sqlite3_column_type(st, k)) {
			case SQLITE_INTEGER:
				v->type = 'i';
				v->i = sqlite3_column_int64(st, k);
				break;
			case SQLITE_FLOAT:
				v->type = 'r';
				v->r = sqlite3_column_double(st, k);
				break;
			case SQLITE_TEXT:
				v->type = 't';
				v->p = (const char *)sqlite3_column_text(st, k);
				v->n = (size_t)sqlite3_column_bytes(st, k);
				break;
			case SQLITE_BLOB:
				v->type = 'b';
				v->p = sqlite3_column_blob(st, k);
				v->n = (size_t)sqlite3_column_bytes(st, k);
				break;
			default: break;
			}
		}
		if ((rc = cb(ctx, table, (size_t)n, names, vals)) != 0) {
			bm_sq_release(s, st);
			return rc;
		}
	}
	rc = src == SQLITE_DONE ? 0 : bm_sq_db_fail(s, src);
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_copy_count(bm_store *bs, const char *table, int64_t *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	char sql[128];
	bool rowid;
	int rc, src;

	if ((rc = plain_name(table)) != 0 || (rc = table_kind(s, table, &rowid)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	src = sqlite3_step(st);
	if (src == SQLITE_ROW) {
		*out = sqlite3_column_int64(st, 0);
		rc = 0;
	} else {
		rc = bm_sq_db_fail(s, src);
	}
	bm_sq_release(s, st);
	return rc;
}

/* The way back, a SQLite file as a migration's target: not built yet (issue 12 point 4). */
static int target_not_yet(void)
{
	return bm_error_set(BM_EINVALID, "migrate_to_sqlite_not_yet", NULL,
	                    "尚不支持迁移到 SQLite 数据库（目前只能从 SQLite 迁移到 PostgreSQL）",
	                    "migrating into a SQLite database is not supported yet (only from "
	                    "SQLite to PostgreSQL)");
}

int bm_sq_copy_tables(bm_store *bs, bm_arena *a, const char ***out, size_t *count)
{
	(void)bs, (void)a, (void)out, (void)count;
	return target_not_yet();
}

int bm_sq_copy_open(bm_store *bs)
{
	(void)bs;
	return target_not_yet();
}

int bm_sq_copy_put(bm_store *bs, const char *table, size_t ncol, const char *const *names,
                   const bm_copy_value *vals)
{
	(void)bs, (void)table, (void)ncol, (void)names, (void)vals;
	return target_not_yet();
}

int bm_sq_copy_close(bm_store *bs)
{
	(void)bs;
	return target_not_yet();
}
