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
#include <string.h>

#include "store/pg_int.h"

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

/* Hands each row of `r` (the eleven columns of audit_event) to `cb`. */
static int audit_rows(PGresult *r, bm_audit_row_cb cb, void *ctx)
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

#define AUDIT_COLS                                                                                 \
	"SELECT seq, at, actor, action, object, outcome, rule, detail, alg, prev_hash, hash"       \
	" FROM audit_event "

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
		if ((rc = bm_pg_query(
		             s, AUDIT_COLS "WHERE seq > $1 AND seq <= $2 ORDER BY seq LIMIT $3", &p,
		             &r)) != 0)
			return rc;
		n = PQntuples(r);
		if (n > 0)
			after = bm_pg_i64(r, n - 1, 0);
		rc = audit_rows(r, cb, ctx);
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

void bm_pg_audit_ops(struct bm_store_ops *ops)
{
	ops->audit_tail = pg_audit_tail;
	ops->audit_insert = pg_audit_insert;
	ops->audit_foreach = pg_audit_foreach;
	ops->audit_range = pg_audit_range;
}
