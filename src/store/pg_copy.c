/*
 * pg_copy.c — PostgreSQL as the target of `baomi migrate` (issue 12 point 4,
 * store.h copy_*): a unit's rows inserted as they are, their ids kept.
 *
 * Inside the one write transaction of the move: copy_open refuses a database
 * that holds a unit or an event, then disables the user triggers of every
 * table but the audit log (ALTER TABLE … DISABLE TRIGGER USER, which the
 * schema's owner may do, undone by a rollback): the tallies, the SYS-2 keys,
 * the handling alert and the registers' numbers are copied as the source
 * kept them, not counted twice or numbered anew, and a signed sheet's rows
 * are not refused; the search's grams are made anew by this engine's own
 * function (KEPT_TABLES). The audit log keeps its triggers, so
 * each event copied must follow the chain's head (seq + 1, the head's hash)
 * and moves it, and its tally counts it. copy_close enables the triggers
 * again before the commit and moves every identity past the largest id
 * copied. Constraints (keys, checks, foreign keys) are checked as always.
 */
#include "common.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"
#include "util/buf.h"

/*
 * The tables the target keeps itself: the chain's head and tally (its triggers count each
 * event copied), the engine's own, and the search's grams, made by PostgreSQL's own
 * function (bm_grams: lower() of every character and pair) in copy_close, since SQLite's
 * baomi_ngram folds ASCII letters only and a gram table of the other engine's folding
 * would miss a short query for a non-ASCII capital.
 */
#define KEPT_TABLES "'schema_migrations', 'audit_head', 'audit_tally', 'bulk_guard', 'carrier_gram'"

/* A name a statement may quote: lower-case letters, digits and '_'. */
static int plain_name(const char *name)
{
	if (!name || !*name || strlen(name) > 64)
		goto bad;
	for (const char *c = name; *c; c++)
		if (!((*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') || *c == '_'))
			goto bad;
	return 0;
bad:
	return bm_error_set(BM_EINVALID, "bad_name", NULL, "名称无效：%s", "not a plain name: %s",
	                    name ? name : "");
}

/*
 * The schema's tables, each after every table its foreign keys name (the
 * longest chain of references above it first), then by name.
 */
static int pg_copy_tables(bm_store *bs, bm_arena *a, const char ***out, size_t *count)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r = NULL;
	const char **names;
	int rc, n;

	rc = bm_pg_query(
	        s,
	        "WITH RECURSIVE t AS (SELECT c.oid, c.relname FROM pg_class c"
	        "  WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind = 'r'"
	        "  AND c.relname NOT IN (" KEPT_TABLES ")),"
	        " fk AS (SELECT DISTINCT conrelid AS child, confrelid AS parent FROM pg_constraint"
	        "  WHERE contype = 'f' AND conrelid <> confrelid),"
	        " d(oid, depth) AS (SELECT oid, 0 FROM t UNION ALL"
	        "  SELECT fk.child, d.depth + 1 FROM d JOIN fk ON fk.parent = d.oid WHERE d.depth "
	        "< 64)"
	        " SELECT t.relname FROM t JOIN d ON d.oid = t.oid GROUP BY t.relname"
	        " ORDER BY max(d.depth), t.relname COLLATE \"C\"",
	        NULL, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	names = bm_arena_alloc(a, sizeof(*names) * (size_t)(n ? n : 1));
	if (!names) {
		PQclear(r);
		return bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
	}
	for (int i = 0; i < n; i++)
		names[i] = bm_pg_text(a, r, i, 0);
	PQclear(r);
	*out = names;
	*count = (size_t)n;
	return 0;
}

static int pg_copy_count(bm_store *bs, const char *table, int64_t *out)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r = NULL;
	char sql[128];
	int rc;

	if ((rc = plain_name(table)) != 0)
		return rc;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", table);
	if ((rc = bm_pg_query(s, sql, NULL, &r)) != 0)
		return rc;
	*out = bm_pg_i64(r, 0, 0);
	PQclear(r);
	return 0;
}

static int pg_copy_open(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r = NULL;
	int64_t held;
	int rc;

	if (!s->in_tx || s->read_tx)
		return bm_error_set(BM_ERROR, "no_write_transaction", NULL, "没有打开的写事务",
		                    "no open write transaction");
	if ((rc = bm_pg_query(
	             s,
	             "SELECT (SELECT count(*) FROM unit) + (SELECT count(*) FROM audit_event)"
	             " + (SELECT count(*) FROM person)",
	             NULL, &r)) != 0)
		return rc;
	held = bm_pg_i64(r, 0, 0);
	PQclear(r);
	if (held)
		return bm_error_set(BM_ECONFLICT, "target_not_empty", NULL,
		                    "目标数据库已有单位或审计记录，迁移只写入空数据库",
		                    "the target database already holds a unit or audit events; a "
		                    "migration writes only into an empty database");
	if ((rc = bm_pg_exec(s, "DO $$DECLARE t record; BEGIN"
	                        " FOR t IN SELECT c.relname FROM pg_class c"
	                        "  WHERE c.relnamespace = current_schema()::regnamespace"
	                        "  AND c.relkind = 'r' AND c.relname <> 'audit_event' LOOP"
	                        " EXECUTE format('ALTER TABLE %I DISABLE TRIGGER USER', t.relname);"
	                        " END LOOP; END$$")) != 0)
		return rc;
	/*
	 * The one row the migrations wrote into a database without a unit: the registers'
	 * binding floor (PostgreSQL migration 9). The source's floors come with its rows.
	 */
	return bm_pg_exec(s, "DELETE FROM bind_floor");
}

static const char hexdig[] = "0123456789abcdef";

/*
 * The text form of one value as a statement parameter: *v points at it (NULL for NULL),
 * *own holds what was allocated for it (integers, reals %.17g, a blob as bytea's hex).
 */
static int param_of(const bm_copy_value *x, const char **v, char **own)
{
	switch (x->type) {
	case 'i':
	case 'r':
		*own = malloc(32);
		if (*own && x->type == 'i')
			snprintf(*own, 32, "%" PRId64, x->i);
		else if (*own)
			snprintf(*own, 32, "%.17g", x->r);
		*v = *own;
		break;
	case 't': *v = x->p; return 0;
	case 'b':
		*own = malloc(2 * x->n + 3);
		if (*own) {
			(*own)[0] = '\\';
			(*own)[1] = 'x';
			for (size_t j = 0; j < x->n; j++) {
				unsigned char c = (unsigned char)x->p[j];
				(*own)[2 + 2 * j] = hexdig[c >> 4];
				(*own)[3 + 2 * j] = hexdig[c & 15];
			}
			(*own)[2 + 2 * x->n] = '\0';
		}
		*v = *own;
		break;
	default: *v = NULL; return 0;
	}
	if (!*own)
		return bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
	return 0;
}

static int pg_copy_put(bm_store *bs, const char *table, size_t ncol, const char *const *names,
                       const bm_copy_value *vals)
{
	pg_store *s = bm_pg_of(bs);
	const char **v = NULL;
	char **own = NULL;
	bm_buf sql;
	PGresult *r;
	ExecStatusType st;
	int rc;

	bm_buf_init(&sql, 0);
	if ((rc = plain_name(table)) != 0)
		return rc;
	for (size_t k = 0; k < ncol; k++)
		if ((rc = plain_name(names[k])) != 0)
			return rc;
	v = calloc(ncol ? ncol : 1, sizeof(*v));
	own = calloc(ncol ? ncol : 1, sizeof(*own));
	if (!v || !own) {
		rc = bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
		goto out;
	}
	bm_buf_printf(&sql, "INSERT INTO \"%s\" (", table);
	for (size_t k = 0; k < ncol; k++)
		bm_buf_printf(&sql, "%s\"%s\"", k ? ", " : "", names[k]);
	bm_buf_puts(&sql, ") VALUES (");
	for (size_t k = 0; k < ncol; k++)
		bm_buf_printf(&sql, "%s$%zu", k ? ", " : "", k + 1);
	bm_buf_puts(&sql, ")");
	for (size_t k = 0; k < ncol; k++)
		if ((rc = param_of(&vals[k], &v[k], &own[k])) != 0)
			goto out;
	if (bm_buf_putc(&sql, '\0') != 0) {
		rc = bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
		goto out;
	}
	/* Past bm_pg_query: an INSERT (its triggers are off, but a bound one notes the row). */
	if ((rc = bm_pg_touched(s)) != 0)
		goto out;
	r = PQexecParams(s->conn, sql.ptr, (int)ncol, NULL, v, NULL, NULL, 0);
	st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (st != PGRES_COMMAND_OK)
		rc = bm_pg_fail(s, r);
	else
		PQclear(r);
out:
	if (own)
		for (size_t k = 0; k < ncol; k++)
			free(own[k]);
	free(own);
	free(v);
	bm_buf_release(&sql);
	return rc;
}

static int pg_copy_close(bm_store *bs)
{
	pg_store *s = bm_pg_of(bs);
	int rc;

	if ((rc = bm_pg_exec(s, "DO $$DECLARE t record; BEGIN"
	                        " FOR t IN SELECT c.relname FROM pg_class c"
	                        "  WHERE c.relnamespace = current_schema()::regnamespace"
	                        "  AND c.relkind = 'r' AND c.relname <> 'audit_event' LOOP"
	                        " EXECUTE format('ALTER TABLE %I ENABLE TRIGGER USER', t.relname);"
	                        " END LOOP; END$$")) != 0)
		return rc;
	if ((rc = bm_pg_exec(s,
	                     "INSERT INTO carrier_gram(gram, carrier_id)"
	                     " SELECT g, c.id FROM carrier c, bm_grams(coalesce(c.title, '')) AS g"
	                     " UNION SELECT g, c.id FROM carrier c,"
	                     " bm_grams(coalesce(c.doc_number, '')) AS g"
	                     " ON CONFLICT DO NOTHING")) != 0)
		return rc;
	/* Each identity's next value past the largest copied (setval's false: not yet used). */
	return bm_pg_exec(s, "DO $$DECLARE t record; m bigint; BEGIN"
	                     " FOR t IN SELECT c.relname, a.attname FROM pg_attribute a"
	                     "  JOIN pg_class c ON c.oid = a.attrelid"
	                     "  WHERE c.relnamespace = current_schema()::regnamespace"
	                     "  AND c.relkind = 'r' AND a.attidentity <> '' AND NOT a.attisdropped"
	                     " LOOP"
	                     " EXECUTE format('SELECT coalesce(max(%I), 0) FROM %I', t.attname,"
	                     "  t.relname) INTO m;"
	                     " PERFORM setval(pg_get_serial_sequence(quote_ident(t.relname),"
	                     "  t.attname), m + 1, false);"
	                     " END LOOP; END$$");
}

/*
 * PostgreSQL as the source (the way back): every row of `table` in its primary key's
 * order, each value typed by its column's type as migration 1 mirrors SQLite's storage
 * classes (BIGINT 'i', DOUBLE PRECISION 'r', BYTEA 'b', else 't'). dispatch_item.ord
 * (migration 6) is SQLite's rowid made explicit: the items come in its order and it is
 * left out.
 */
/* Column c of row i as a typed value; a bytea's bytes in *blob (PQfreemem). */
static int value_of(PGresult *r, int i, int c, bm_copy_value *v, unsigned char **blob)
{
	const char *t = PQgetvalue(r, i, c);

	memset(v, 0, sizeof(*v));
	if (PQgetisnull(r, i, c))
		return 0;
	switch (PQftype(r, c)) {
	case 20: /* int8 */
	case 21: /* int2 */
	case 23: /* int4 */
		v->type = 'i';
		v->i = strtoll(t, NULL, 10);
		break;
	case 700: /* float4 */
	case 701: /* float8 */
		v->type = 'r';
		v->r = strtod(t, NULL);
		break;
	case 17: /* bytea */
		v->type = 'b';
		*blob = PQunescapeBytea((const unsigned char *)t, &v->n);
		v->p = (const char *)*blob;
		if (!*blob)
			return bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足",
			                    "out of memory");
		break;
	default:
		v->type = 't';
		v->p = t;
		v->n = (size_t)PQgetlength(r, i, c);
		break;
	}
	return 0;
}

#define COPY_MAX_COLS 96
static int pg_copy_scan(bm_store *bs, const char *table, bm_copy_row_cb cb, void *ctx)
{
	pg_store *s = bm_pg_of(bs);
	const char *names[COPY_MAX_COLS];
	bm_copy_value vals[COPY_MAX_COLS];
	unsigned char *blobs[COPY_MAX_COLS];
	int col[COPY_MAX_COLS];
	PGresult *r = NULL, *k = NULL;
	bm_pg_params p = {0};
	char sql[512];
	bool ord = strcmp(table, "dispatch_item") == 0;
	int rc, n, cols = 0;

	if ((rc = plain_name(table)) != 0)
		return rc;
	bm_pg_p_text(&p, table);
	if ((rc = bm_pg_query(s,
	                      "SELECT (SELECT string_agg(quote_ident(a.attname), ', ' ORDER BY x.i)"
	                      "  FROM pg_index i, unnest(i.indkey) WITH ORDINALITY AS x(att, i),"
	                      "  pg_attribute a WHERE i.indrelid = c.oid AND i.indisprimary"
	                      "  AND a.attrelid = c.oid AND a.attnum = x.att)"
	                      " FROM pg_class c WHERE c.relname = $1 AND c.relkind = 'r'"
	                      " AND c.relnamespace = current_schema()::regnamespace",
	                      &p, &k)) != 0)
		return rc;
	if (PQntuples(k) != 1) {
		PQclear(k);
		return bm_error_set(BM_ENOTFOUND, "no_such_table", NULL, "源数据库没有表 %s",
		                    "the source database has no table %s", table);
	}
	snprintf(sql, sizeof(sql), "SELECT * FROM \"%s\" ORDER BY %s", table,
	         ord                    ? "ord"
	         : PQgetisnull(k, 0, 0) ? "ctid"
	                                : PQgetvalue(k, 0, 0));
	PQclear(k);
	if ((rc = bm_pg_query(s, sql, NULL, &r)) != 0)
		return rc;
	n = PQnfields(r);
	if (n > COPY_MAX_COLS) {
		PQclear(r);
		return bm_error_set(BM_ERROR, "too_many_columns", NULL, "表 %s 的列过多",
		                    "table %s has too many columns", table);
	}
	for (int c = 0; c < n; c++) {
		if (ord && strcmp(PQfname(r, c), "ord") == 0)
			continue;
		col[cols] = c;
		names[cols++] = PQfname(r, c);
	}
	for (int i = 0; i < PQntuples(r) && rc == 0; i++) {
		memset(blobs, 0, sizeof(blobs));
		for (int j = 0; j < cols && rc == 0; j++)
			rc = value_of(r, i, col[j], &vals[j], &blobs[j]);
		if (rc == 0)
			rc = cb(ctx, table, (size_t)cols, names, vals);
		for (int j = 0; j < cols; j++)
			PQfreemem(blobs[j]);
	}
	PQclear(r);
	return rc;
}

void bm_pg_copy_ops(struct bm_store_ops *ops)
{
	ops->copy_tables = pg_copy_tables;
	ops->copy_scan = pg_copy_scan;
	ops->copy_count = pg_copy_count;
	ops->copy_open = pg_copy_open;
	ops->copy_put = pg_copy_put;
	ops->copy_close = pg_copy_close;
}
