/*
 * sqlite_bind.c — the ledger bound to the chain (issue 9 point 3, SYS-3).
 *
 * Which rows did a use case write? Temporary triggers on this connection
 * (never in the file: a direct edit with the sqlite3 shell fires nothing of
 * ours) call bm_touch(table, id) on every insert, update and delete of a
 * bound table (model/audit.h), which notes the row in the connection's
 * list. bm_audit_append takes the list (bound_take): each row read back
 * inside the same savepoint, as canonical bytes, for the event to digest.
 * The list starts empty at each use case's savepoint and is dropped with
 * its writes on rollback, so it names exactly the rows the use case wrote.
 * The canonical bytes are specified in store.h (bound_take).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite_int.h"
#include "util/buf.h"

static const char *const bound_table[BM_BOUND_TABLE_COUNT] = BM_BOUND_TABLES;

/* Constant SQL per table: table names are never spliced into SQL at run time. */
static const char *const select_one[BM_BOUND_TABLE_COUNT] = {
        "SELECT * FROM main.carrier WHERE id = ?",
        "SELECT * FROM main.loan WHERE id = ?",
        "SELECT * FROM main.request WHERE id = ?",
        "SELECT * FROM main.person WHERE id = ?",
};
static const char *const select_all[BM_BOUND_TABLE_COUNT] = {
        "SELECT * FROM main.carrier ORDER BY id",
        "SELECT * FROM main.loan ORDER BY id",
        "SELECT * FROM main.request ORDER BY id",
        "SELECT * FROM main.person ORDER BY id",
};

#define TRIGGERS(t, n)                                                                             \
	"CREATE TEMP TRIGGER IF NOT EXISTS bm_bind_" t "_i AFTER INSERT ON main." t                \
	" BEGIN SELECT bm_touch(" n ", NEW.id); END;",                                             \
	        "CREATE TEMP TRIGGER IF NOT EXISTS bm_bind_" t "_u AFTER UPDATE ON main." t        \
	        " BEGIN SELECT bm_touch(" n ", OLD.id), bm_touch(" n ", NEW.id); END;",            \
	        "CREATE TEMP TRIGGER IF NOT EXISTS bm_bind_" t "_d AFTER DELETE ON main." t        \
	        " BEGIN SELECT bm_touch(" n ", OLD.id); END;"

static const char *const triggers[] = {
        TRIGGERS("carrier", "0"),
        TRIGGERS("loan", "1"),
        TRIGGERS("request", "2"),
        TRIGGERS("person", "3"),
};

/* bm_touch(table, id): notes a written row (a repeat is dropped at take). */
static void touch_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	sq_store *s = sqlite3_user_data(cx);
	int table = sqlite3_value_int(argv[0]);
	(void)argc;
	if (table < 0 || table >= BM_BOUND_TABLE_COUNT)
		return;
	if (s->n_touched == s->cap_touched) {
		size_t cap = s->cap_touched ? s->cap_touched * 2 : 16;
		sq_touched *bigger = bm_realloc(s->touched, cap * sizeof(*bigger));
		if (!bigger) {
			sqlite3_result_error_nomem(cx);
			return;
		}
		s->touched = bigger;
		s->cap_touched = cap;
	}
	s->touched[s->n_touched].table = table;
	s->touched[s->n_touched].id = sqlite3_value_int64(argv[1]);
	s->n_touched++;
	sqlite3_result_null(cx);
}

int bm_sq_bound_install(sq_store *s)
{
	int rc;
	if (sqlite3_create_function_v2(s->db, "bm_touch", 2, SQLITE_UTF8, s, touch_fn, NULL, NULL,
	                               NULL) != SQLITE_OK)
		return bm_sq_db_fail(s, sqlite3_errcode(s->db));
	for (size_t i = 0; i < BM_ARRAY_LEN(triggers); i++)
		if ((rc = bm_sq_exec_sql(s, triggers[i])) != 0)
			return rc;
	return 0;
}

void bm_sq_bound_forget(sq_store *s)
{
	s->n_touched = 0;
}

void bm_sq_bound_free(sq_store *s)
{
	bm_free(s->touched);
	s->touched = NULL;
	s->n_touched = s->cap_touched = 0;
}

/* The canonical bytes of the row `st` stands on (store.h, bound_take). */
static int canonical(bm_buf *b, int table, int64_t id, sqlite3_stmt *st)
{
	const char *name = bound_table[table];
	char num[32];
	int rc, n = sqlite3_column_count(st);

	bm_buf_clear(b);
	snprintf(num, sizeof(num), "%lld", (long long)id);
	rc = bm_buf_printf(b, "baomi-row-v1\n%zu:%s\n%zu:%s\n", strlen(name), name, strlen(num),
	                   num);
	for (int c = 0; rc == 0 && c < n; c++) {
		const char *col = sqlite3_column_name(st, c);
		const void *v = NULL;
		char type = 't';
		size_t len = 0;
		switch (sqlite3_column_type(st, c)) {
		case SQLITE_NULL: continue;
		case SQLITE_INTEGER:
			type = 'i';
			snprintf(num, sizeof(num), "%lld", (long long)sqlite3_column_int64(st, c));
			v = num;
			len = strlen(num);
			break;
		case SQLITE_FLOAT:
			type = 'r';
			snprintf(num, sizeof(num), "%.17g", sqlite3_column_double(st, c));
			v = num;
			len = strlen(num);
			break;
		case SQLITE_BLOB:
			type = 'b';
			v = sqlite3_column_blob(st, c);
			len = (size_t)sqlite3_column_bytes(st, c);
			break;
		default: v = sqlite3_column_text(st, c); len = (size_t)sqlite3_column_bytes(st, c);
		}
		if (!col)
			return bm_error_nomem();
		if ((rc = bm_buf_printf(b, "%zu:%s\n%c%zu:", strlen(col), col, type, len)) == 0 &&
		    (rc = bm_buf_put(b, v ? v : "", len)) == 0)
			rc = bm_buf_putc(b, '\n');
	}
	return rc;
}

static int cmp_touched(const void *a, const void *b)
{
	const sq_touched *x = a, *y = b;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

int bm_sq_bound_take(bm_store *bs, bm_bound_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	size_t n = s->n_touched, kept = 0;
	bm_buf b;
	int rc = 0;

	if (!n)
		return 0;
	qsort(s->touched, n, sizeof(*s->touched), cmp_touched);
	for (size_t i = 0; i < n; i++)
		if (!kept || cmp_touched(&s->touched[kept - 1], &s->touched[i]) != 0)
			s->touched[kept++] = s->touched[i];
	s->n_touched = 0;
	bm_buf_init(&b, 0);
	for (size_t i = 0; rc == 0 && i < kept; i++) {
		int table = s->touched[i].table;
		int64_t id = s->touched[i].id;
		sqlite3_stmt *st;
		if ((rc = bm_sq_prep(s, &st, select_one[table])) != 0)
			break;
		sqlite3_bind_int64(st, 1, id);
		switch (sqlite3_step(st)) {
		case SQLITE_ROW:
			if ((rc = canonical(&b, table, id, st)) == 0)
				rc = cb(ctx, bound_table[table], id, (const unsigned char *)b.ptr,
				        b.len);
			break;
		case SQLITE_DONE: rc = cb(ctx, bound_table[table], id, NULL, 0); break;
		default: rc = bm_sq_db_fail(s, sqlite3_errcode(s->db));
		}
		bm_sq_release(s, st);
	}
	bm_buf_release(&b);
	return rc;
}

/* The index of `table` among the bound tables, or -1 with the error set. */
static int table_index(const char *table)
{
	for (int i = 0; i < BM_BOUND_TABLE_COUNT; i++)
		if (table && strcmp(table, bound_table[i]) == 0)
			return i;
	return bm_error_set(BM_EINVALID, "not_bound", NULL, "'%s' 不是与审计链绑定的表",
	                    "'%s' is not a table bound to the chain", table ? table : ""),
	       -1;
}

int bm_sq_bound_scan(bm_store *bs, const char *table, bm_bound_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	int t = table_index(table), rc, step = SQLITE_DONE;
	sqlite3_stmt *st;
	bm_buf b;

	if (t < 0)
		return BM_EINVALID;
	if ((rc = bm_sq_prep(s, &st, select_all[t])) != 0)
		return rc;
	bm_buf_init(&b, 0);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0);
		if ((rc = canonical(&b, t, id, st)) != 0 ||
		    (rc = cb(ctx, bound_table[t], id, (const unsigned char *)b.ptr, b.len)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = bm_sq_db_fail(s, step);
	bm_buf_release(&b);
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_bound_floor(bm_store *bs, const char *table, int64_t *max_id, int64_t *seq)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	if (table_index(table) < 0)
		return BM_EINVALID;
	if ((rc = bm_sq_prep(s, &st, "SELECT max_id, seq FROM bind_floor WHERE tbl = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, table);
	switch (sqlite3_step(st)) {
	case SQLITE_ROW:
		*max_id = sqlite3_column_int64(st, 0);
		*seq = sqlite3_column_int64(st, 1);
		break;
	case SQLITE_DONE: /* a unit created with binding has its floor at 0 */
		*max_id = *seq = 0;
		break;
	default: rc = bm_sq_db_fail(s, sqlite3_errcode(s->db));
	}
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_integrity(bm_store *bs, char *out, size_t size)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_buf b;
	int rc = 0, step = SQLITE_DONE;

	if ((rc = bm_sq_prep(s, &st, "PRAGMA integrity_check(20)")) != 0)
		return rc;
	rc = 0;
	bm_buf_init(&b, 0);
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *t = sqlite3_column_text(st, 0);
		if (b.len)
			rc = bm_buf_puts(&b, "; ");
		if (rc == 0)
			rc = bm_buf_puts(&b, t ? (const char *)t : "?");
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = bm_sq_db_fail(s, step);
	if (rc == 0)
		snprintf(out, size, "%s", b.len ? b.ptr : "ok");
	bm_buf_release(&b);
	bm_sq_release(s, st);
	return rc;
}
