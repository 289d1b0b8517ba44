/*
 * sqlite_copy.c — a unit's rows read for `baomi migrate` (issue 12 point 4,
 * store.h copy_*): every row of a table with its columns typed by their
 * storage class, as the row's canonical bytes are, and written into a new
 * file on the way back from PostgreSQL (copy_open … copy_close).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_grams.h"
#include "store/sqlite_int.h"
#include "util/buf.h"

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
	int rc;

	if ((rc = plain_name(table)) != 0 || (rc = table_kind(s, table, &rowid)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	return bm_sq_step_int64(s, st, out);
}

/*
 * A SQLite file as the target (the way back from PostgreSQL). The tables a copy fills:
 * each after those its foreign keys name, without the file's own (sqlite_*), the
 * search's FTS table and its shadows, the grams and their tally (made from the carriers
 * and SYS-2 keys copied, by the search's trigger that stays and by copy_close), the
 * audit tally (counted by the audit log's trigger) and the engine's bookkeeping.
 */
int bm_sq_copy_tables(bm_store *bs, bm_arena *a, const char ***out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	const char **names = NULL;
	size_t n = 0, cap = 0;
	int rc, src;

	if ((rc = bm_sq_prep(
	             s, &st,
	             "WITH RECURSIVE t(name) AS (SELECT name FROM sqlite_master WHERE type = "
	             "'table'"
	             "  AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE "
	             "'carrier\\_ngram%' ESCAPE '\\'"
	             "  AND name NOT IN ('carrier_gram', 'carrier_gram_tally', 'audit_tally',"
	             "  'schema_migrations', 'bulk_guard')),"
	             " fk(child, parent) AS (SELECT DISTINCT t.name, f.\"table\" FROM t,"
	             "  pragma_foreign_key_list(t.name) f WHERE f.\"table\" <> t.name),"
	             " d(name, depth) AS (SELECT name, 0 FROM t UNION ALL"
	             "  SELECT fk.child, d.depth + 1 FROM d JOIN fk ON fk.parent = d.name"
	             "  WHERE d.depth < 64)"
	             " SELECT t.name FROM t JOIN d ON d.name = t.name GROUP BY t.name"
	             " ORDER BY max(d.depth), t.name")) != 0)
		return rc;
	while ((src = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = bm_sq_grow(a, (void **)&names, &cap, n, sizeof(*names))) != 0)
			break;
		names[n++] = bm_arena_strdup(a, (const char *)sqlite3_column_text(st, 0));
	}
	if (rc == 0 && src != SQLITE_DONE)
		rc = bm_sq_db_fail(s, src);
	bm_sq_release(s, st);
	if (rc)
		return rc;
	*out = names;
	*count = n;
	return 0;
}

/*
 * In the open write transaction: refuses a file that holds a unit, a person or an event,
 * then drops the triggers that would number, tally or refuse the rows copied, their text
 * kept in a temporary table for copy_close (SQLite has no switch for triggers; the drop
 * is undone by a rollback). The audit log's triggers stay (its tally counts each event),
 * and so do the search's (its FTS rows are made from the carriers copied, by this
 * engine's own tokenizer; their terms by copy_close). The registers' floors a migration
 * wrote go: the source's come with its rows.
 */
int bm_sq_copy_open(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	int64_t held = 0;
	int rc, src;

	if (!s->in_tx || s->read_tx)
		return bm_error_set(BM_ERROR, "no_write_transaction", NULL, "没有打开的写事务",
		                    "no open write transaction");
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT (SELECT count(*) FROM unit) + (SELECT count(*) FROM person)"
	                     " + (SELECT count(*) FROM audit_event)")) != 0 ||
	    (rc = bm_sq_step_int64(s, st, &held)) != 0)
		return rc;
	if (held)
		return bm_error_set(BM_ECONFLICT, "target_not_empty", NULL,
		                    "目标数据库已有单位或审计记录，迁移只写入空数据库",
		                    "the target database already holds a unit or audit events; a "
		                    "migration writes only into an empty database");
	if ((rc = bm_sq_exec_sql(s, "CREATE TEMP TABLE bm_copy_trigger AS SELECT name, sql"
	                            " FROM sqlite_master WHERE type = 'trigger'"
	                            " AND tbl_name <> 'audit_event'"
	                            " AND name NOT LIKE 'carrier\\_ngram\\_%' ESCAPE '\\'"
	                            " AND name NOT LIKE 'carrier\\_gram\\_%' ESCAPE '\\'")) != 0)
		return rc;
	for (;;) {
		char name[80], sql[128];
		if ((rc = bm_sq_prep(
		             s, &st,
		             "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name IN"
		             " (SELECT name FROM temp.bm_copy_trigger) LIMIT 1")) != 0)
			return rc;
		src = sqlite3_step(st);
		if (src == SQLITE_ROW)
			snprintf(name, sizeof(name), "%s",
			         (const char *)sqlite3_column_text(st, 0));
		else if (src != SQLITE_DONE)
			rc = bm_sq_db_fail(s, src);
		bm_sq_release(s, st);
		if (rc)
			return rc;
		if (src == SQLITE_DONE)
			break;
		if ((rc = plain_name(name)) != 0)
			return rc;
		snprintf(sql, sizeof(sql), "DROP TRIGGER \"%s\"", name);
		if ((rc = bm_sq_exec_sql(s, sql)) != 0)
			return rc;
	}
	return bm_sq_exec_sql(s, "DELETE FROM bind_floor");
}

int bm_sq_copy_put(bm_store *bs, const char *table, size_t ncol, const char *const *names,
                   const bm_copy_value *vals)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	bm_buf sql;
	int rc;

	if ((rc = plain_name(table)) != 0)
		return rc;
	for (size_t k = 0; k < ncol; k++)
		if ((rc = plain_name(names[k])) != 0)
			return rc;
	bm_buf_init(&sql, 0);
	bm_buf_printf(&sql, "INSERT INTO \"%s\" (", table);
	for (size_t k = 0; k < ncol; k++)
		bm_buf_printf(&sql, "%s\"%s\"", k ? ", " : "", names[k]);
	bm_buf_puts(&sql, ") VALUES (");
	for (size_t k = 0; k < ncol; k++)
		bm_buf_puts(&sql, k ? ", ?" : "?");
	if (bm_buf_puts(&sql, ")") != 0 || bm_buf_putc(&sql, '\0') != 0) {
		bm_buf_release(&sql);
		return bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
	}
	rc = bm_sq_prep(s, &st, sql.ptr);
	bm_buf_release(&sql);
	if (rc)
		return rc;
	for (size_t k = 0; k < ncol; k++) {
		const bm_copy_value *v = &vals[k];
		int i = (int)k + 1;
		switch (v->type) {
		case 'i': sqlite3_bind_int64(st, i, v->i); break;
		case 'r': sqlite3_bind_double(st, i, v->r); break;
		case 't': sqlite3_bind_text(st, i, v->p, (int)v->n, SQLITE_STATIC); break;
		case 'b': sqlite3_bind_blob(st, i, v->p, (int)v->n, SQLITE_STATIC); break;
		default: sqlite3_bind_null(st, i); break;
		}
	}
	return bm_sq_step_done(s, st);
}

/*
 * The carriers' terms (carrier_gram, which the store's insert makes since
 * migration 51, and through its trigger their tally against the SYS-2 keys
 * copied), then the triggers copy_open dropped, made again from their own
 * text, before the commit.
 */
int bm_sq_copy_close(bm_store *bs)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	int rc = 0, src;

	if ((rc = bm_sq_exec_sql(s, "INSERT INTO carrier_gram(carrier_id, gram)"
	                            " SELECT c.id, j.value FROM carrier c, " GRAMS_OF(
	                                    "c.title", "c.doc_number") " j")) != 0)
		return rc;
	for (int64_t after = 0;;) {
		char *text = NULL;
		if ((rc = bm_sq_prep(s, &st,
		                     "SELECT rowid, sql FROM temp.bm_copy_trigger WHERE rowid > ?"
		                     " ORDER BY rowid LIMIT 1")) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, after);
		src = sqlite3_step(st);
		if (src == SQLITE_ROW) {
			after = sqlite3_column_int64(st, 0);
			text = strdup((const char *)sqlite3_column_text(st, 1));
			if (!text)
				rc = bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足",
				                  "out of memory");
		} else if (src != SQLITE_DONE) {
			rc = bm_sq_db_fail(s, src);
		}
		bm_sq_release(s, st);
		if (rc == 0 && text)
			rc = bm_sq_exec_sql(s, text);
		free(text);
		if (rc || src == SQLITE_DONE)
			break;
	}
	if (rc)
		return rc;
	return bm_sq_exec_sql(s, "DROP TABLE temp.bm_copy_trigger");
}
