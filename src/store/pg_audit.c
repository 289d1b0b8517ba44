/*
 * pg_audit.c — the audit chain on PostgreSQL (issue 12).
 *
 * The chain's tail is its head row (audit_head, migration 1). In a write
 * transaction audit_tail reads it FOR UPDATE: the lock is held to the commit,
 * so a second server's writer waits there, then reads the tail this one left
 * — the chain stays one gap-free sequence however requests are spread. The
 * insert trigger (bm_audit_chain) checks that each event follows the head
 * and moves it, whatever the caller did; a read snapshot reads it plainly.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"
#include "util/buf.h"

static int pg_audit_tail(bm_store *bs, int64_t *seq_out, char *hash_out, size_t hash_size,
                         char *at_out, size_t at_size)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r;
	int rc = bm_pg_query(
	        s,
	        s->read_tx || !s->in_tx
	                ? "SELECT seq, hash, at FROM audit_head WHERE id = 1"
	                : "SELECT seq, hash, at FROM audit_head WHERE id = 1 FOR UPDATE",
	        NULL, &r);
	if (rc)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return bm_error_set(BM_ECORRUPT, "audit_head_missing", NULL, "审计链头记录缺失",
		                    "the audit chain's head row is missing");
	}
	*seq_out = bm_pg_i64(r, 0, 0);
	if (hash_size)
		snprintf(hash_out, hash_size, "%s", PQgetvalue(r, 0, 1));
	if (at_out && at_size)
		snprintf(at_out, at_size, "%s", PQgetvalue(r, 0, 2));
	PQclear(r);
	return 0;
}

static int pg_audit_insert(bm_store *bs, const bm_audit_row *row)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, row->seq);
	bm_pg_p_text(&p, row->at);
	bm_pg_p_text(&p, row->actor ? row->actor : "");
	bm_pg_p_text(&p, row->action ? row->action : "");
	bm_pg_p_text(&p, row->object ? row->object : "");
	bm_pg_p_text(&p, row->outcome ? row->outcome : "");
	bm_pg_p_text(&p, row->rule ? row->rule : "");
	bm_pg_p_text(&p, row->detail ? row->detail : "{}");
	bm_pg_p_text(&p, row->alg);
	bm_pg_p_text(&p, row->prev_hash);
	bm_pg_p_text(&p, row->hash);
	return bm_pg_run(
	        bm_pg_of(bs),
	        "INSERT INTO audit_event(seq, at, actor, action, object, outcome, rule,"
	        " detail, alg, prev_hash, hash) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11)",
	        &p);
}

int bm_pg_audit_rows(PGresult *r, bm_audit_row_cb cb, void *ctx)
{
	int rc = 0;
	for (int i = 0; rc == 0 && i < PQntuples(r); i++) {
		bm_audit_row row = {
		        .seq = bm_pg_i64(r, i, 0),
		        .at = PQgetvalue(r, i, 1),
		        .actor = PQgetvalue(r, i, 2),
		        .action = PQgetvalue(r, i, 3),
		        .object = PQgetvalue(r, i, 4),
		        .outcome = PQgetvalue(r, i, 5),
		        .rule = PQgetvalue(r, i, 6),
		        .detail = PQgetvalue(r, i, 7),
		        .alg = PQgetvalue(r, i, 8),
		        .prev_hash = PQgetvalue(r, i, 9),
		        .hash = PQgetvalue(r, i, 10),
		};
		rc = cb(&row, ctx);
	}
	return rc;
}

/*
 * Every event in seq order, in pages of 10,000 on the primary key, so a long
 * chain is never held in memory whole. (SQLite walks rowid order, which is
 * seq order: PostgreSQL has no physical order to show.)
 */
static int pg_audit_range(bm_store *bs, int64_t after, int64_t last, int64_t limit,
                          bm_audit_row_cb cb, void *ctx)
{
	pg_store *s = bm_pg_of(bs);
	int rc = 0;
	int64_t left = limit > 0 ? limit : INT64_MAX;
	while (rc == 0 && left > 0) {
		bm_pg_params p = {0};
		PGresult *r;
		int n;
		bm_pg_p_i64(&p, after);
		bm_pg_p_i64(&p, last);
		bm_pg_p_i64(&p, left < 10000 ? left : 10000);
		if ((rc = bm_pg_query(s,
		                      BM_PG_AUDIT_COLS
		                      " WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3",
		                      &p, &r)) != 0)
			return rc;
		n = PQntuples(r);
		if (n > 0)
			after = bm_pg_i64(r, n - 1, 0);
		rc = bm_pg_audit_rows(r, cb, ctx);
		PQclear(r);
		if (n < 10000)
			break;
		left -= n;
	}
	return rc;
}

static int pg_audit_foreach(bm_store *bs, bm_audit_row_cb cb, void *ctx)
{
	return pg_audit_range(bs, 0, INT64_MAX, 0, cb, ctx);
}

/* ---- the ledger bound to the chain (store.h, bound_take) ------------------ */

static const char *const bound_table[BM_BOUND_TABLE_COUNT] = BM_BOUND_TABLES;

/* The index of `table` among the bound tables, or -1. */
static int table_index(const char *table)
{
	for (int i = 0; i < BM_BOUND_TABLE_COUNT; i++)
		if (strcmp(bound_table[i], table) == 0)
			return i;
	return -1;
}

static bool is_attendance(int table)
{
	return strcmp(bound_table[table], "training_attendance") == 0;
}

/* PostgreSQL type oids (pg_type.dat) of the columns migration 1 makes. */
enum {
	OID_BYTEA = 17,
	OID_INT8 = 20,
	OID_INT2 = 21,
	OID_INT4 = 23,
	OID_FLOAT4 = 700,
	OID_FLOAT8 = 701
};

/*
 * The canonical bytes (baomi-row-v1, store.h) of row `i` of `r`: the same
 * bytes SQLite gives, since each column's type mirrors its storage class
 * (BIGINT 'i', DOUBLE PRECISION 'r' as %.17g, BYTEA 'b' raw, TEXT 't').
 */
static int canonical_from(bm_buf *b, int table, int64_t id, PGresult *r, int i, int first)
{
	const char *name = bound_table[table];
	char num[40];
	int rc;

	bm_buf_clear(b);
	snprintf(num, sizeof(num), "%lld", (long long)id);
	rc = bm_buf_printf(b, "baomi-row-v1\n%zu:%s\n%zu:%s\n", strlen(name), name, strlen(num),
	                   num);
	for (int c = first; rc == 0 && c < PQnfields(r); c++) {
		const char *col = PQfname(r, c), *v = PQgetvalue(r, i, c);
		unsigned char *raw = NULL;
		size_t len = (size_t)PQgetlength(r, i, c);
		char type = 't';
		if (PQgetisnull(r, i, c))
			continue;
		switch (PQftype(r, c)) {
		case OID_INT2:
		case OID_INT4:
		case OID_INT8: type = 'i'; break;
		case OID_FLOAT4:
		case OID_FLOAT8:
			type = 'r';
			snprintf(num, sizeof(num), "%.17g", strtod(v, NULL));
			v = num;
			len = strlen(num);
			break;
		case OID_BYTEA:
			type = 'b';
			if (!(raw = PQunescapeBytea((const unsigned char *)v, &len)))
				return bm_error_nomem();
			v = (const char *)raw;
			break;
		default: break;
		}
		if ((rc = bm_buf_printf(b, "%zu:%s\n%c%zu:", strlen(col), col, type, len)) == 0 &&
		    (rc = bm_buf_put(b, v, len)) == 0)
			rc = bm_buf_putc(b, '\n');
		PQfreemem(raw);
	}
	return rc;
}

static int canonical(bm_buf *b, int table, int64_t id, PGresult *r, int i)
{
	return canonical_from(b, table, id, r, i, 0);
}

/* Reads one bound row as it stands and hands its bytes (NULL when gone) to `cb`. */
static int take_one(pg_store *s, bm_buf *b, int table, int64_t id, bm_bound_row_cb cb, void *ctx)
{
	char sql[160];
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	if (is_attendance(table)) {
		snprintf(sql, sizeof(sql),
		         "SELECT * FROM training_attendance WHERE session_id = $1 AND person_id = "
		         "$2");
		bm_pg_p_i64(&p, id >> BM_BOUND_ATTENDANCE_SHIFT);
		bm_pg_p_i64(&p, id & ((INT64_C(1) << BM_BOUND_ATTENDANCE_SHIFT) - 1));
	} else {
		/* The name is one of BM_BOUND_TABLES, never the caller's text. */
		snprintf(sql, sizeof(sql), "SELECT * FROM %s WHERE id = $1", bound_table[table]);
		bm_pg_p_i64(&p, id);
	}
	if ((rc = bm_pg_query(s, sql, &p, &r)) != 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = cb(ctx, bound_table[table], id, NULL, 0);
	else if ((rc = canonical(b, table, id, r, 0)) == 0)
		rc = cb(ctx, bound_table[table], id, (const unsigned char *)b->ptr, b->len);
	PQclear(r);
	return rc;
}

typedef struct touched {
	int table;
	int64_t id;
} touched;

static int cmp_touched(const void *a, const void *b)
{
	const touched *x = a, *y = b;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * The rows the bound tables' triggers noted in bm_touched since the last
 * take, ordered by table (BM_BOUND_TABLES' order) and id, then forgotten.
 */
static int pg_bound_take(bm_store *bs, bm_bound_row_cb cb, void *ctx)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r;
	touched *list;
	bm_buf b;
	bool exists;
	int n, rc;

	/* A transaction that wrote nothing may find no bm_touched (pg_int.h): nothing noted. */
	if ((rc = bm_pg_touched_exists(s, &exists)) != 0 || !exists)
		return rc;
	if ((rc = bm_pg_query(s, "SELECT tbl, id FROM bm_touched", NULL, &r)) != 0)
		return rc;
	if ((n = PQntuples(r)) == 0) {
		PQclear(r);
		return 0;
	}
	if (!(list = bm_calloc((size_t)n, sizeof(*list)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n && rc == 0; i++) {
		list[i].table = table_index(PQgetvalue(r, i, 0));
		list[i].id = bm_pg_i64(r, i, 1);
		if (list[i].table < 0)
			rc = bm_error_set(BM_ECORRUPT, "bound_key_invalid", NULL,
			                  "写入行的记录无效", "a noted written row is invalid");
	}
	PQclear(r);
	qsort(list, (size_t)n, sizeof(*list), cmp_touched);
	bm_buf_init(&b, 0);
	for (int i = 0; i < n && rc == 0; i++)
		rc = take_one(s, &b, list[i].table, list[i].id, cb, ctx);
	bm_buf_release(&b);
	bm_free(list);
	if (rc == 0)
		rc = bm_pg_exec(s, "DELETE FROM bm_touched");
	return rc;
}

/* Every row of the bound table `table`, in id order, in pages of 1000. */
static int pg_bound_scan(bm_store *bs, const char *table, bm_bound_row_cb cb, void *ctx)
{
	pg_store *s = bm_pg_of(bs);
	int t = table_index(table), rc = 0;
	int64_t after = -1;
	char sql[300];
	bm_buf b;

	if (t < 0)
		return BM_EINVALID;
	if (is_attendance(t))
		snprintf(sql, sizeof(sql),
		         "SELECT (session_id << %d) + person_id AS bm_key, * FROM "
		         "training_attendance"
		         " WHERE (session_id << %d) + person_id > $1 ORDER BY 1 LIMIT 1000",
		         BM_BOUND_ATTENDANCE_SHIFT, BM_BOUND_ATTENDANCE_SHIFT);
	else
		snprintf(sql, sizeof(sql),
		         "SELECT id AS bm_key, * FROM %s WHERE id > $1 ORDER BY id LIMIT 1000",
		         bound_table[t]);
	bm_buf_init(&b, 0);
	for (;;) {
		bm_pg_params p = {0};
		PGresult *r;
		int n;
		bm_pg_p_i64(&p, after);
		if ((rc = bm_pg_query(s, sql, &p, &r)) != 0)
			break;
		n = PQntuples(r);
		for (int i = 0; i < n && rc == 0; i++) {
			/* The key column is not the row's: the bytes start at column 1. */
			after = bm_pg_i64(r, i, 0);
			rc = canonical_from(&b, t, after, r, i, 1);
			if (rc == 0)
				rc = cb(ctx, bound_table[t], after, (const unsigned char *)b.ptr,
				        b.len);
		}
		PQclear(r);
		if (rc || n < 1000)
			break;
	}
	bm_buf_release(&b);
	return rc;
}

static int pg_bound_floor(bm_store *bs, const char *table, int64_t *max_id, int64_t *seq)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	if (table_index(table) < 0)
		return BM_EINVALID;
	bm_pg_p_text(&p, table);
	if ((rc = bm_pg_query(bm_pg_of(bs), "SELECT max_id, seq FROM bind_floor WHERE tbl = $1", &p,
	                      &r)) != 0)
		return rc;
	/* a unit created with binding has its floor at 0 */
	*max_id = PQntuples(r) ? bm_pg_i64(r, 0, 0) : 0;
	*seq = PQntuples(r) ? bm_pg_i64(r, 0, 1) : 0;
	PQclear(r);
	return 0;
}

/*
 * What PostgreSQL keeps itself (its pages, with data checksums and the
 * operator's amcheck; every key and constraint, enforced at each write) is
 * not re-checked here; what is baomi's own is: the chain's head row against
 * the log it heads (the last event's seq, hash and time, and no gap). "ok",
 * or the findings.
 */
static int pg_integrity(bm_store *bs, char *out, size_t size)
{
	PGresult *r;
	int rc = bm_pg_query(
	        bm_pg_of(bs),
	        "SELECT h.seq, h.hash, h.at, l.n, l.last, e.hash, e.at"
	        " FROM audit_head h,"
	        " (SELECT count(*) AS n, coalesce(max(seq), 0) AS last FROM audit_event) l"
	        " LEFT JOIN audit_event e ON e.seq = l.last WHERE h.id = 1",
	        NULL, &r);
	if (rc)
		return rc;
	if (PQntuples(r) != 1)
		snprintf(out, size, "the audit chain's head row is missing");
	else if (bm_pg_i64(r, 0, 0) != bm_pg_i64(r, 0, 4))
		snprintf(out, size, "the audit chain's head says %s events, the log ends at %s",
		         PQgetvalue(r, 0, 0), PQgetvalue(r, 0, 4));
	else if (bm_pg_i64(r, 0, 3) != bm_pg_i64(r, 0, 4))
		snprintf(out, size, "the audit log holds %s events up to seq %s",
		         PQgetvalue(r, 0, 3), PQgetvalue(r, 0, 4));
	else if (bm_pg_i64(r, 0, 4) > 0 && (strcmp(PQgetvalue(r, 0, 1), PQgetvalue(r, 0, 5)) != 0 ||
	                                    strcmp(PQgetvalue(r, 0, 2), PQgetvalue(r, 0, 6)) != 0))
		snprintf(out, size, "the audit chain's head does not hold the last event's hash");
	else
		snprintf(out, size, "ok");
	PQclear(r);
	return 0;
}

/*
 * store.h integrity_check() on PostgreSQL: pg_integrity's findings as the
 * refusal SQLite's full check gives ("database_corrupt"), or 0.
 */
static int pg_integrity_check(bm_store *bs)
{
	char found[512];
	int rc = pg_integrity(bs, found, sizeof(found));
	if (rc)
		return rc;
	if (strcmp(found, "ok") != 0)
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL,
		                    "数据库未通过完整性检查：%s",
		                    "the database fails its integrity check: %s", found);
	return 0;
}

/* ---- bound sets (issue 17 point 5): a bulk use case's row digests --------- */

static const char hex_digits[] = "0123456789abcdef";

/* `n` bytes as a bytea literal in text form ("\\x…"), in `out` (2n + 3 bytes). */
static void bytea_hex(char *out, const unsigned char *p, size_t n)
{
	*out++ = '\\';
	*out++ = 'x';
	for (size_t i = 0; i < n; i++) {
		*out++ = hex_digits[p[i] >> 4];
		*out++ = hex_digits[p[i] & 15];
	}
	*out = '\0';
}

static int pg_bound_set_put(bm_store *bs, int64_t seq, const char *table, int64_t chunk,
                            const int64_t *ids, const unsigned char *digests, size_t n)
{
	unsigned char packed[BM_BOUND_CHUNK * 8];
	bm_pg_params p = {0};
	char *ids_hex, *dig_hex;
	int rc;

	if (table_index(table) < 0)
		return BM_EINVALID;
	if (n == 0 || n > BM_BOUND_CHUNK)
		return bm_error_set(BM_EINVALID, "bound_chunk_invalid", NULL,
		                    "绑定摘要块的行数无效", "a bound chunk's row count is invalid");
	for (size_t i = 0; i < n; i++) /* 8 bytes big-endian per id, as on SQLite */
		for (int k = 0; k < 8; k++)
			packed[i * 8 + (size_t)k] =
			        (unsigned char)((uint64_t)ids[i] >> (56 - 8 * k));
	ids_hex = bm_malloc(n * 8 * 2 + 3);
	dig_hex = bm_malloc(n * BM_BOUND_DIGEST * 2 + 3);
	if (!ids_hex || !dig_hex) {
		bm_free(ids_hex);
		bm_free(dig_hex);
		return bm_error_nomem();
	}
	bytea_hex(ids_hex, packed, n * 8);
	bytea_hex(dig_hex, digests, n * BM_BOUND_DIGEST);
	bm_pg_p_i64(&p, seq);
	bm_pg_p_text(&p, table);
	bm_pg_p_i64(&p, chunk);
	bm_pg_p_i64(&p, (int64_t)n);
	bm_pg_p_text(&p, ids_hex);
	bm_pg_p_text(&p, dig_hex);
	rc = bm_pg_run(bm_pg_of(bs),
	               "INSERT INTO bind_set(seq, tbl, chunk, n, ids, digests)"
	               " VALUES ($1, $2, $3, $4, $5::bytea, $6::bytea)",
	               &p);
	bm_free(ids_hex);
	bm_free(dig_hex);
	return rc;
}

/*
 * Every stored chunk in (seq, table, chunk) order as on SQLite (the table's
 * name in bytewise order, whatever the database's collation), 64 chunks a
 * query, each query after the last key seen.
 */
static int pg_bound_set_scan(bm_store *bs, bm_bound_chunk_cb cb, void *ctx)
{
	int64_t *ids = bm_malloc(BM_BOUND_CHUNK * sizeof(*ids)); /* 8 KiB: off the stack */
	int64_t after_seq = -1, after_chunk = -1;
	char after_tbl[64] = "";
	int rc = 0, n;

	if (!ids)
		return bm_error_nomem();
	do {
		bm_pg_params p = {0};
		PGresult *r;
		bm_pg_p_i64(&p, after_seq);
		bm_pg_p_text(&p, after_tbl);
		bm_pg_p_i64(&p, after_chunk);
		if ((rc = bm_pg_query(
		             bm_pg_of(bs),
		             "SELECT seq, tbl, chunk, ids, digests FROM bind_set"
		             " WHERE (seq, tbl COLLATE \"C\", chunk) > ($1, $2 COLLATE \"C\", $3)"
		             " ORDER BY seq, tbl COLLATE \"C\", chunk LIMIT 64",
		             &p, &r)) != 0)
			break;
		n = PQntuples(r);
		for (int i = 0; i < n && rc == 0; i++) {
			size_t np = 0, nd = 0, cnt;
			unsigned char *pk =
			        PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 3), &np);
			unsigned char *dg =
			        PQunescapeBytea((const unsigned char *)PQgetvalue(r, i, 4), &nd);
			int t = table_index(PQgetvalue(r, i, 1));
			after_seq = bm_pg_i64(r, i, 0);
			snprintf(after_tbl, sizeof(after_tbl), "%s", PQgetvalue(r, i, 1));
			after_chunk = bm_pg_i64(r, i, 2);
			cnt = np / 8;
			if (!pk || !dg)
				rc = bm_error_nomem();
			/* a chunk this program cannot read names no row: its set then fails */
			else if (t >= 0 && np % 8 == 0 && cnt <= BM_BOUND_CHUNK &&
			         nd == cnt * BM_BOUND_DIGEST) {
				for (size_t k = 0; k < cnt; k++) {
					uint64_t v = 0;
					for (int b = 0; b < 8; b++)
						v = (v << 8) | pk[k * 8 + (size_t)b];
					ids[k] = (int64_t)v;
				}
				rc = cb(ctx, bm_pg_i64(r, i, 0), bound_table[t], bm_pg_i64(r, i, 2),
				        ids, cnt ? dg : NULL, cnt);
			}
			PQfreemem(pk);
			PQfreemem(dg);
		}
		PQclear(r);
	} while (rc == 0 && n == 64);
	bm_free(ids);
	return rc;
}

void bm_pg_audit_ops(struct bm_store_ops *ops)
{
	ops->audit_tail = pg_audit_tail;
	ops->audit_insert = pg_audit_insert;
	ops->audit_foreach = pg_audit_foreach;
	ops->audit_range = pg_audit_range;
	ops->bound_take = pg_bound_take;
	ops->bound_scan = pg_bound_scan;
	ops->bound_floor = pg_bound_floor;
	ops->bound_set_put = pg_bound_set_put;
	ops->bound_set_scan = pg_bound_set_scan;
	ops->integrity = pg_integrity;
	ops->integrity_check = pg_integrity_check;
}
