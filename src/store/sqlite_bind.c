/*
 * sqlite_bind.c — the ledger and the registers bound to the chain (issue 9
 * point 3, issue 10, issue 17 point 5; SYS-3).
 *
 * Which rows did a use case write? Temporary triggers on this connection
 * (never in the file: a direct edit with the sqlite3 shell fires nothing of
 * ours) call bm_touch(table, id) on every insert, update and delete of a
 * bound table (model/audit.h), which notes the row in the connection's
 * list. bm_audit_append takes the list (bound_take): each row read back
 * inside the same savepoint, as canonical bytes, for the event to digest.
 * The list starts empty at each use case's savepoint and is dropped with
 * its writes on rollback, so it names exactly the rows the use case wrote.
 * The canonical bytes are specified in store.h (bound_take). The noted list
 * costs 8 bytes a row up to SQ_TOUCH_SPILL rows; past that it moves, sorted,
 * into the temporary table bm_touched (a temp file: temp_store=FILE), so a
 * use case's memory does not grow with the rows it writes (issue 17 point
 * 5); bm_audit_append streams the rows of a bulk use case into a bound set
 * (bound_set_put, kept in bind_set, migration 32) rather than into the
 * detail.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/sqlite_int.h"
#include "util/buf.h"

static const char *const bound_table[BM_BOUND_TABLE_COUNT] = BM_BOUND_TABLES;

/* The index of training_attendance, whose bound id is composite (model/audit.h). */
#define ATTENDANCE 6
#define ATT_MASK   "268435455" /* 2^28 - 1 */

/* Constant SQL per table: table names are never spliced into SQL at run time. */
#define ONE(t) "SELECT * FROM main." t " WHERE id = ?"
static const char *const select_one[BM_BOUND_TABLE_COUNT] = {
        ONE("carrier"),
        ONE("loan"),
        ONE("request"),
        ONE("person"),
        ONE("person_event"),
        ONE("training_session"),
        "SELECT * FROM main.training_attendance WHERE session_id = (?1 >> 28)"
        " AND person_id = (?1 & " ATT_MASK ")",
        ONE("person_trip"),
        ONE("device"),
        ONE("device_event"),
        ONE("site"),
        ONE("site_member"),
        ONE("site_measure"),
        ONE("site_visit"),
        ONE("site_event"),
        ONE("inspection"),
        ONE("rectification"),
        ONE("rectification_event"),
        ONE("self_assessment"),
        ONE("self_assessment_item"),
        ONE("meeting"),
        ONE("meeting_participant"),
        ONE("meeting_document"),
        ONE("meeting_event"),
        ONE("merit"),
        ONE("report_delivery"),
        ONE("duty_member"),
        ONE("duty_department"),
        ONE("duty_event"),
        ONE("register_entry"),
};
#define ALL(t) "SELECT * FROM main." t " ORDER BY id"
static const char *const select_all[BM_BOUND_TABLE_COUNT] = {
        ALL("carrier"),
        ALL("loan"),
        ALL("request"),
        ALL("person"),
        ALL("person_event"),
        ALL("training_session"),
        "SELECT * FROM main.training_attendance ORDER BY session_id, person_id",
        ALL("person_trip"),
        ALL("device"),
        ALL("device_event"),
        ALL("site"),
        ALL("site_member"),
        ALL("site_measure"),
        ALL("site_visit"),
        ALL("site_event"),
        ALL("inspection"),
        ALL("rectification"),
        ALL("rectification_event"),
        ALL("self_assessment"),
        ALL("self_assessment_item"),
        ALL("meeting"),
        ALL("meeting_participant"),
        ALL("meeting_document"),
        ALL("meeting_event"),
        ALL("merit"),
        ALL("report_delivery"),
        ALL("duty_member"),
        ALL("duty_department"),
        ALL("duty_event"),
        ALL("register_entry"),
};

/*
 * An update notes the row once (twice only when its id changes): a
 * million-row UPDATE notes a million entries.
 */
#define TRIGGERS_KEY(t, n, NEWK, OLDK)                                                             \
	"CREATE TEMP TRIGGER IF NOT EXISTS bm_bind_" t "_i AFTER INSERT ON main." t                \
	" BEGIN SELECT bm_touch(" n ", " NEWK "); END;",                                           \
	        "CREATE TEMP TRIGGER IF NOT EXISTS bm_bind_" t "_u AFTER UPDATE ON main." t        \
	        " BEGIN SELECT bm_touch(" n ", " OLDK ");"                                         \
	        " SELECT bm_touch(" n ", " NEWK ") WHERE " NEWK " IS NOT " OLDK "; END;",          \
	        "CREATE TEMP TRIGGER IF NOT EXISTS bm_bind_" t "_d AFTER DELETE ON main." t        \
	        " BEGIN SELECT bm_touch(" n ", " OLDK "); END;"
#define TRIGGERS(t, n) TRIGGERS_KEY(t, n, "NEW.id", "OLD.id")

static const char *const triggers[] = {
        TRIGGERS("carrier", "0"),
        TRIGGERS("loan", "1"),
        TRIGGERS("request", "2"),
        TRIGGERS("person", "3"),
        TRIGGERS("person_event", "4"),
        TRIGGERS("training_session", "5"),
        TRIGGERS_KEY("training_attendance", "6", "((NEW.session_id << 28) + NEW.person_id)",
                     "((OLD.session_id << 28) + OLD.person_id)"),
        TRIGGERS("person_trip", "7"),
        TRIGGERS("device", "8"),
        TRIGGERS("device_event", "9"),
        TRIGGERS("site", "10"),
        TRIGGERS("site_member", "11"),
        TRIGGERS("site_measure", "12"),
        TRIGGERS("site_visit", "13"),
        TRIGGERS("site_event", "14"),
        TRIGGERS("inspection", "15"),
        TRIGGERS("rectification", "16"),
        TRIGGERS("rectification_event", "17"),
        TRIGGERS("self_assessment", "18"),
        TRIGGERS("self_assessment_item", "19"),
        TRIGGERS("meeting", "20"),
        TRIGGERS("meeting_participant", "21"),
        TRIGGERS("meeting_document", "22"),
        TRIGGERS("meeting_event", "23"),
        TRIGGERS("merit", "24"),
        TRIGGERS("report_delivery", "25"),
        TRIGGERS("duty_member", "26"),
        TRIGGERS("duty_department", "27"),
        TRIGGERS("duty_event", "28"),
        TRIGGERS("register_entry", "29"),
};

#define ID_MASK UINT64_C(0x00ffffffffffffff)

/*
 * Issue 17 point 5: the noted entries a connection keeps in memory (512 KiB)
 * before it sorts them into temp.bm_touched. A test build (meson
 * -Dtest_clock=true) takes $BAOMI_TEST_BIND_SPILL, so that the suites spill
 * with a handful of rows; production code has no way to change it.
 */
#define SQ_TOUCH_SPILL 65536

static size_t touch_spill(void)
{
#ifdef BM_TEST_CLOCK
	const char *v = getenv("BAOMI_TEST_BIND_SPILL");
	if (v && *v) {
		char *end = NULL;
		unsigned long n = strtoul(v, &end, 10);
		if (end && *end == '\0' && n >= 1 && n <= SQ_TOUCH_SPILL)
			return (size_t)n;
	}
#endif
	return SQ_TOUCH_SPILL;
}

static int cmp_touched(const void *a, const void *b)
{
	sq_touched x = *(const sq_touched *)a, y = *(const sq_touched *)b;
	return x < y ? -1 : x > y;
}

/* Sorts the noted list and drops repeats; returns how many stay. */
static size_t touched_unique(sq_store *s)
{
	size_t kept = 0;
	qsort(s->touched, s->n_touched, sizeof(*s->touched), cmp_touched);
	for (size_t i = 0; i < s->n_touched; i++)
		if (!kept || s->touched[kept - 1] != s->touched[i])
			s->touched[kept++] = s->touched[i];
	return kept;
}

/*
 * Moves the noted list into temp.bm_touched (its key: the same 8 bytes,
 * under 2^63, so the table's order is the list's). The first spill of a
 * use case empties the table of whatever an earlier, rolled-back or taken,
 * use case left there.
 */
static int touched_spill(sq_store *s)
{
	size_t kept = touched_unique(s);
	sqlite3_stmt *st;
	int rc;

	s->n_touched = 0;
	if (!s->spilled && (rc = bm_sq_exec_cached(s, "DELETE FROM temp.bm_touched")) != 0)
		return rc;
	s->spilled = true;
	if ((rc = bm_sq_prep(s, &st, "INSERT OR IGNORE INTO temp.bm_touched(k) VALUES (?)")) != 0)
		return rc;
	for (size_t i = 0; rc == 0 && i < kept; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, (sqlite3_int64)s->touched[i]);
		if (sqlite3_step(st) != SQLITE_DONE)
			rc = bm_sq_db_fail(s, sqlite3_errcode(s->db));
	}
	bm_sq_release(s, st);
	return rc;
}

/* bm_touch(table, id): notes a written row (a repeat is dropped at take). */
static void touch_fn(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	sq_store *s = sqlite3_user_data(cx);
	int table = sqlite3_value_int(argv[0]);
	sq_touched key;
	(void)argc;
	if (table < 0 || table >= BM_BOUND_TABLE_COUNT)
		return;
	key = ((uint64_t)table << 56) | ((uint64_t)sqlite3_value_int64(argv[1]) & ID_MASK);
	if (s->n_touched && s->touched[s->n_touched - 1] == key)
		return; /* the same row again (an UPDATE … WHERE id = ? twice in a row) */
	if (s->n_touched == s->touch_spill && touched_spill(s) != 0) {
		sqlite3_result_error(cx, "bm_touch: the written rows could not be noted", -1);
		return;
	}
	if (s->n_touched == s->cap_touched) {
		size_t cap = s->cap_touched ? s->cap_touched * 2 : 16;
		sq_touched *bigger;
		if (cap > s->touch_spill)
			cap = s->touch_spill;
		bigger = bm_realloc(s->touched, cap * sizeof(*bigger));
		if (!bigger) {
			sqlite3_result_error_nomem(cx);
			return;
		}
		s->touched = bigger;
		s->cap_touched = cap;
	}
	s->touched[s->n_touched++] = key;
	sqlite3_result_null(cx);
}

int bm_sq_bound_install(sq_store *s)
{
	int rc;
	if (sqlite3_create_function_v2(s->db, "bm_touch", 2, SQLITE_UTF8, s, touch_fn, NULL, NULL,
	                               NULL) != SQLITE_OK)
		return bm_sq_db_fail(s, sqlite3_errcode(s->db));
	/* One transaction for all of them: one per trigger cost a temp-file commit each, 75 per
	 * connection, and several seconds at a server's start under ASan. */
	s->touch_spill = touch_spill();
	if ((rc = bm_sq_exec_sql(s, "SAVEPOINT bm_bind_install")) != 0)
		return rc;
	if ((rc = bm_sq_exec_sql(s, "CREATE TEMP TABLE IF NOT EXISTS bm_touched"
	                            "(k INTEGER PRIMARY KEY)")) != 0) {
		bm_sq_exec_sql(s, "ROLLBACK TO bm_bind_install");
		bm_sq_exec_sql(s, "RELEASE bm_bind_install");
		return rc;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(triggers); i++)
		if ((rc = bm_sq_exec_sql(s, triggers[i])) != 0) {
			bm_sq_exec_sql(s, "ROLLBACK TO bm_bind_install");
			bm_sq_exec_sql(s, "RELEASE bm_bind_install");
			return rc;
		}
	return bm_sq_exec_sql(s, "RELEASE bm_bind_install");
}

void bm_sq_bound_forget(sq_store *s)
{
	s->n_touched = 0;
	s->spilled = false; /* the next spill empties temp.bm_touched first */
}

void bm_sq_bound_free(sq_store *s)
{
	bm_free(s->touched);
	s->touched = NULL;
	s->n_touched = s->cap_touched = 0;
}

/* Decimal digits of `v` at the end of `num` (32 bytes); returns where they start. */
static char *decimal(char num[32], int64_t v)
{
	uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;
	char *p = num + 31;
	*p = '\0';
	do
		*--p = (char)('0' + (int)(u % 10));
	while ((u /= 10) != 0);
	if (v < 0)
		*--p = '-';
	return p;
}

/* "<len>:" then `len` bytes of `v`, as "%zu:" and the bytes would print. */
static int put_counted(bm_buf *b, const void *v, size_t len)
{
	char num[32];
	const char *d = decimal(num, (int64_t)len);
	int rc;
	if ((rc = bm_buf_put(b, d, (size_t)(num + 31 - d))) != 0 || (rc = bm_buf_putc(b, ':')) != 0)
		return rc;
	return bm_buf_put(b, v ? v : "", len);
}

/*
 * A statement's column names and their lengths, read once before its rows
 * (they do not change while it steps): a bulk take canonicalises a million
 * rows of some forty columns each (issue 17 point 5).
 */
enum { SQ_CANON_COLS = 128, SQ_CANON_NAMES = 8192 };
typedef struct col_names {
	int n;
	const char *name[SQ_CANON_COLS];
	size_t len[SQ_CANON_COLS];
	char text[SQ_CANON_NAMES]; /* the names themselves, copied */
} col_names;

/*
 * Read at a statement's first row and copied: sqlite3_column_name's pointer
 * lives only until the statement is prepared again, which sqlite3_step does
 * by itself when the schema changed since it was prepared (a cached
 * statement after a migration or a temporary table made on the connection):
 * names read before the step were freed under the read-back (ASan, the HTTP
 * fuzz replay). Once a step has given a row the statement stays as it is
 * for the walk, which runs inside one transaction.
 */
static int col_names_of(col_names *cn, sqlite3_stmt *st)
{
	size_t used = 0;
	cn->n = sqlite3_column_count(st);
	if (cn->n > SQ_CANON_COLS)
		return bm_error_set(BM_ERROR, "bound_columns", NULL, "绑定的表列数过多",
		                    "a bound table has too many columns");
	for (int c = 0; c < cn->n; c++) {
		const char *name = sqlite3_column_name(st, c);
		size_t len;
		if (!name)
			return bm_error_nomem();
		len = strlen(name);
		if (len + 1 > sizeof(cn->text) - used)
			return bm_error_set(BM_ERROR, "bound_columns", NULL, "绑定的表列名过长",
			                    "a bound table's column names are too long");
		memcpy(cn->text + used, name, len + 1);
		cn->name[c] = cn->text + used;
		cn->len[c] = len;
		used += len + 1;
	}
	return 0;
}

/*
 * The canonical bytes of the row `st` stands on (store.h, bound_take), its
 * columns from `first` on; `cn` holds st's column names (col_names_of).
 * Written piece by piece, not through printf: a bulk use case (a count's
 * close) canonicalises every row it wrote, and printf's parsing was the
 * larger part of that (issue 17 point 5). Each column is read through its
 * sqlite3_value: one call into the statement a column rather than one for
 * its type and one for its value, each taking the connection's mutex.
 * Reading the value outside that mutex is safe because one thread at a time
 * uses a connection (the writer's is held by one use case, pipeline.c; a
 * reader's by its borrower), and the bytes are those the column calls give.
 */
static int canonical(bm_buf *b, int table, int64_t id, sqlite3_stmt *st, int first,
                     const col_names *cn)
{
	const char *name = bound_table[table];
	char num[32];
	const char *d = decimal(num, id);
	int rc;

	bm_buf_clear(b);
	if ((rc = bm_buf_put(b, "baomi-row-v1\n", 13)) != 0 ||
	    (rc = put_counted(b, name, strlen(name))) != 0 || (rc = bm_buf_putc(b, '\n')) != 0 ||
	    (rc = put_counted(b, d, (size_t)(num + 31 - d))) != 0 ||
	    (rc = bm_buf_putc(b, '\n')) != 0)
		return rc;
	for (int c = first; rc == 0 && c < cn->n; c++) {
		sqlite3_value *val = sqlite3_column_value(st, c);
		const void *v = NULL;
		char type = 't', tag[2];
		size_t len = 0;
		switch (sqlite3_value_type(val)) {
		case SQLITE_NULL: continue;
		case SQLITE_INTEGER:
			type = 'i';
			v = decimal(num, sqlite3_value_int64(val));
			len = (size_t)(num + 31 - (const char *)v);
			break;
		case SQLITE_FLOAT:
			type = 'r';
			snprintf(num, sizeof(num), "%.17g", sqlite3_value_double(val));
			v = num;
			len = strlen(num);
			break;
		case SQLITE_BLOB:
			type = 'b';
			v = sqlite3_value_blob(val);
			len = (size_t)sqlite3_value_bytes(val);
			break;
		default: v = sqlite3_value_text(val); len = (size_t)sqlite3_value_bytes(val);
		}
		tag[0] = '\n';
		tag[1] = type;
		if ((rc = put_counted(b, cn->name[c], cn->len[c])) == 0 &&
		    (rc = bm_buf_put(b, tag, 2)) == 0 && (rc = put_counted(b, v, len)) == 0)
			rc = bm_buf_putc(b, '\n');
	}
	return rc;
}

/* The bound id of the row `st` stands on (column 0, or attendance's pair). */
static int64_t row_id(int table, sqlite3_stmt *st)
{
	if (table == ATTENDANCE)
		return (sqlite3_column_int64(st, 0) << BM_BOUND_ATTENDANCE_SHIFT) +
		       sqlite3_column_int64(st, 1);
	return sqlite3_column_int64(st, 0);
}

/* One noted row read back and handed to the take's callback. */
typedef struct take_walk {
	sq_store *s;
	sqlite3_stmt *st; /* select_one of st_table */
	int st_table;
	col_names cn; /* st's */
	bm_buf b;
	bm_bound_row_cb cb;
	void *ctx;
} take_walk;

static int take_one(take_walk *w, sq_touched key)
{
	sq_store *s = w->s;
	int table = (int)(key >> 56), rc = 0;
	int64_t id = (int64_t)(key & ID_MASK);

	if (table >= BM_BOUND_TABLE_COUNT)
		return bm_error_set(BM_ECORRUPT, "bound_key_invalid", NULL, "写入行的记录无效",
		                    "a noted written row is invalid");
	if (table != w->st_table) { /* one statement per table, not per row */
		bm_sq_release(s, w->st);
		w->st = NULL;
		if ((rc = bm_sq_prep(s, &w->st, select_one[table])) != 0)
			return rc;
		w->cn.n = -1; /* read at its first row */
		w->st_table = table;
	}
	sqlite3_reset(w->st);
	sqlite3_bind_int64(w->st, 1, id);
	switch (sqlite3_step(w->st)) {
	case SQLITE_ROW:
		if ((w->cn.n >= 0 || (rc = col_names_of(&w->cn, w->st)) == 0) &&
		    (rc = canonical(&w->b, table, id, w->st, 0, &w->cn)) == 0)
			rc = w->cb(w->ctx, bound_table[table], id, (const unsigned char *)w->b.ptr,
			           w->b.len);
		break;
	case SQLITE_DONE: rc = w->cb(w->ctx, bound_table[table], id, NULL, 0); break;
	default: rc = bm_sq_db_fail(s, sqlite3_errcode(s->db));
	}
	return rc;
}

/*
 * The spilled rows of one table, read back with their noted key by one
 * join over temp.bm_touched's key range (a missing row comes back with
 * NULL columns): one statement per table, not a lookup per row.
 */
#define JOIN_ON(t, on)                                                                             \
	"SELECT b.k, x.* FROM temp.bm_touched b LEFT JOIN main." t " x ON " on                     \
	" WHERE b.k >= ?1 AND b.k < ?2 ORDER BY b.k"
#define JOIN(t) JOIN_ON(t, "x.id = (b.k & 72057594037927935)")
static const char *const select_joined[BM_BOUND_TABLE_COUNT] = {
        JOIN("carrier"),
        JOIN("loan"),
        JOIN("request"),
        JOIN("person"),
        JOIN("person_event"),
        JOIN("training_session"),
        JOIN_ON("training_attendance", "x.session_id = ((b.k & 72057594037927935) >> 28) AND "
                                       "x.person_id = (b.k & " ATT_MASK ")"),
        JOIN("person_trip"),
        JOIN("device"),
        JOIN("device_event"),
        JOIN("site"),
        JOIN("site_member"),
        JOIN("site_measure"),
        JOIN("site_visit"),
        JOIN("site_event"),
        JOIN("inspection"),
        JOIN("rectification"),
        JOIN("rectification_event"),
        JOIN("self_assessment"),
        JOIN("self_assessment_item"),
        JOIN("meeting"),
        JOIN("meeting_participant"),
        JOIN("meeting_document"),
        JOIN("meeting_event"),
        JOIN("merit"),
        JOIN("report_delivery"),
        JOIN("duty_member"),
        JOIN("duty_department"),
        JOIN("duty_event"),
        JOIN("register_entry"),
};

static int take_joined(take_walk *w, int table)
{
	sq_store *s = w->s;
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	if ((rc = bm_sq_prep(s, &st, select_joined[table])) != 0)
		return rc;
	w->cn.n = -1; /* read at its first row */
	sqlite3_bind_int64(st, 1, (sqlite3_int64)((uint64_t)table << 56));
	sqlite3_bind_int64(st, 2, (sqlite3_int64)((uint64_t)(table + 1) << 56));
	while (rc == 0 && (step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = (int64_t)((sq_touched)sqlite3_column_int64(st, 0) & ID_MASK);
		/* column 1 is the row's id (attendance: session_id), never NULL in a row */
		if (w->cn.n < 0 && (rc = col_names_of(&w->cn, st)) != 0)
			break;
		if (sqlite3_column_type(st, 1) == SQLITE_NULL)
			rc = w->cb(w->ctx, bound_table[table], id, NULL, 0);
		else if ((rc = canonical(&w->b, table, id, st, 1, &w->cn)) == 0)
			rc = w->cb(w->ctx, bound_table[table], id, (const unsigned char *)w->b.ptr,
			           w->b.len);
	}
	if (rc == 0 && step != SQLITE_DONE)
		rc = bm_sq_db_fail(s, step);
	bm_sq_release(s, st);
	return rc;
}

/* The spilled list and what was noted since, from temp.bm_touched in key order. */
static int take_spilled(take_walk *w)
{
	sq_store *s = w->s;
	int rc = 0;

	if (s->n_touched && (rc = touched_spill(s)) != 0)
		return rc;
	for (int t = 0; rc == 0 && t < BM_BOUND_TABLE_COUNT; t++)
		rc = take_joined(w, t);
	s->spilled = false;
	if (rc == 0) /* its pages back to the temp file's free list */
		rc = bm_sq_exec_cached(s, "DELETE FROM temp.bm_touched");
	return rc;
}

int bm_sq_bound_take(bm_store *bs, bm_bound_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	take_walk w = {.s = s, .st_table = -1, .cb = cb, .ctx = ctx};
	int rc = 0;

	if (!s->n_touched && !s->spilled)
		return 0;
	bm_buf_init(&w.b, 0);
	if (s->spilled) {
		rc = take_spilled(&w);
	} else {
		size_t kept = touched_unique(s);
		for (size_t i = 0; rc == 0 && i < kept; i++)
			rc = take_one(&w, s->touched[i]);
	}
	s->n_touched = 0;
	bm_sq_release(s, w.st);
	bm_buf_release(&w.b);
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
	col_names cn;
	bm_buf b;

	if (t < 0)
		return BM_EINVALID;
	if ((rc = bm_sq_prep(s, &st, select_all[t])) != 0)
		return rc;
	cn.n = -1; /* read at its first row */
	bm_buf_init(&b, 0);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = row_id(t, st);
		if ((cn.n < 0 && (rc = col_names_of(&cn, st)) != 0) ||
		    (rc = canonical(&b, t, id, st, 0, &cn)) != 0 ||
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
	/*
	 * The check reads every page: one it cannot make sense of may stop it
	 * with SQLITE_CORRUPT (or NOTADB) after some findings or before any,
	 * e.g. when its scan of a table's rows meets a leaf page the b-tree
	 * pass has just reported. That is a finding, not a failure to check:
	 * SQLite's message follows what it found. Any other code (an I/O
	 * error, out of memory, busy) means the check did not finish, and so
	 * does a page it reports it could not get for such a reason
	 * (bm_sq_unread_pages).
	 */
	if (rc == 0 && step != SQLITE_DONE && bm_sq_is_damage(step))
		rc = bm_buf_printf(&b, "%s%s", b.len ? "; " : "", sqlite3_errmsg(s->db));
	else if (rc == 0 && step != SQLITE_DONE)
		rc = bm_sq_db_fail(s, step);
	if (rc == 0 && b.len)
		rc = bm_sq_unread_pages(b.ptr);
	if (rc == 0)
		snprintf(out, size, "%s", b.len ? b.ptr : "ok");
	bm_buf_release(&b);
	bm_sq_release(s, st);
	return rc;
}

/* ---- bound sets (issue 17 point 5): a bulk use case's row digests ------------ */

int bm_sq_bound_set_put(bm_store *bs, int64_t seq, const char *table, int64_t chunk,
                        const int64_t *ids, const unsigned char *digests, size_t n)
{
	sq_store *s = bm_sq_of(bs);
	unsigned char packed[BM_BOUND_CHUNK * 8];
	sqlite3_stmt *st;
	int rc;

	if (table_index(table) < 0)
		return BM_EINVALID;
	if (n == 0 || n > BM_BOUND_CHUNK)
		return bm_error_set(BM_EINVALID, "bound_chunk_invalid", NULL,
		                    "绑定摘要块的行数无效", "a bound chunk's row count is invalid");
	for (size_t i = 0; i < n; i++) /* 8 bytes big-endian per id */
		for (int k = 0; k < 8; k++)
			packed[i * 8 + (size_t)k] =
			        (unsigned char)((uint64_t)ids[i] >> (56 - 8 * k));
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO bind_set(seq, tbl, chunk, n, ids, digests)"
	                     " VALUES (?, ?, ?, ?, ?, ?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	bm_sq_bind_text(st, 2, table);
	sqlite3_bind_int64(st, 3, chunk);
	sqlite3_bind_int64(st, 4, (sqlite3_int64)n);
	sqlite3_bind_blob(st, 5, packed, (int)(n * 8), SQLITE_STATIC);
	sqlite3_bind_blob(st, 6, digests, (int)(n * BM_BOUND_DIGEST), SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = bm_sq_db_fail(s, sqlite3_errcode(s->db));
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_bound_set_scan(bm_store *bs, bm_bound_chunk_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	int64_t ids[BM_BOUND_CHUNK];
	sqlite3_stmt *st;
	int rc, step = SQLITE_DONE;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT seq, tbl, chunk, ids, digests FROM bind_set"
	                     " ORDER BY seq, tbl, chunk")) != 0)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *tname = (const char *)sqlite3_column_text(st, 1);
		int t = -1;
		const unsigned char *p = sqlite3_column_blob(st, 3);
		size_t np = (size_t)sqlite3_column_bytes(st, 3);
		const unsigned char *d = sqlite3_column_blob(st, 4);
		size_t nd = (size_t)sqlite3_column_bytes(st, 4);
		size_t n = np / 8;
		for (int i = 0; tname && i < BM_BOUND_TABLE_COUNT; i++)
			if (strcmp(tname, bound_table[i]) == 0)
				t = i;
		/* a chunk this program cannot read names no row: its set then fails */
		if (t < 0 || np % 8 != 0 || n > BM_BOUND_CHUNK || nd != n * BM_BOUND_DIGEST)
			continue;
		for (size_t i = 0; i < n; i++) {
			uint64_t v = 0;
			for (int k = 0; k < 8; k++)
				v = (v << 8) | p[i * 8 + (size_t)k];
			ids[i] = (int64_t)v;
		}
		if ((rc = cb(ctx, sqlite3_column_int64(st, 0), bound_table[t],
		             sqlite3_column_int64(st, 2), ids, n ? d : NULL, n)) != 0)
			break;
	}
	if (rc == 0 && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = bm_sq_db_fail(s, step);
	bm_sq_release(s, st);
	return rc;
}
