/*
 * pg_audit_list.c — the audit list on PostgreSQL (issue 12): counting and
 * paging the events a filter keeps, in SQL, reading one event by seq, the
 * export's filtered scan and the actions the chain holds. The SQL is
 * sqlite_audit.c's, translated: the same rows in the same order.
 *
 * A query is assembled from constant fragments, one per filter present
 * (numbered $n in order), so that every filter is a plain comparison the
 * planner can answer from migration 1's indexes; values are always passed
 * as parameters. The action prefix is starts_with (bytes, as SQLite's
 * [prefix, successor) range); an action set is one text[] parameter
 * (`= ANY`), so a long list needs no more parameters. Actions sort in byte
 * order (COLLATE "C") whatever the database's collation.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "store/pg_int.h"
#include "util/buf.h"
#include "util/timeutil.h"

static bool given(const char *s)
{
	return s && *s;
}

static bool filtered(const bm_audit_filter *f)
{
	return given(f->actor) || given(f->action) || given(f->outcome) || given(f->rule) ||
	       given(f->since) || given(f->before) || f->n_actions > 0;
}

/* The WHERE clause of a filter and its parameters ($1.. in order). */
typedef struct where {
	bm_buf sql;
	bm_buf actions; /* the action set as a text[] literal */
	bm_pg_params p;
} where;

/* Adds "`left`$n`right`" with `value` as parameter n. */
static int clause2(where *w, const char *left, const char *right, const char *value)
{
	int rc = bm_buf_puts(&w->sql, w->p.n ? " AND " : " WHERE ");
	if (rc == 0 && (rc = bm_buf_puts(&w->sql, left)) == 0 &&
	    (rc = bm_buf_printf(&w->sql, "$%d", w->p.n + 1)) == 0)
		rc = bm_buf_puts(&w->sql, right);
	bm_pg_p_text(&w->p, value);
	return rc;
}

static int clause(where *w, const char *left, const char *value)
{
	return clause2(w, left, "", value);
}

/* `s` as one element of an array literal: double-quoted, '"' and '\' escaped. */
static int array_elem(bm_buf *b, const char *s)
{
	int rc = bm_buf_putc(b, '"');
	for (; rc == 0 && *s; s++) {
		if (*s == '"' || *s == '\\')
			rc = bm_buf_putc(b, '\\');
		if (rc == 0)
			rc = bm_buf_putc(b, *s);
	}
	return rc ? rc : bm_buf_putc(b, '"');
}

static int where_build(where *w, const bm_audit_filter *f)
{
	int rc = 0;

	memset(w, 0, sizeof(*w));
	bm_buf_init(&w->sql, 0);
	bm_buf_init(&w->actions, 0);
	if (given(f->actor))
		rc = clause(w, "actor = ", f->actor);
	if (rc == 0 && given(f->action))
		rc = clause2(w, "starts_with(action, ", ")", f->action);
	if (rc == 0 && given(f->outcome))
		rc = clause(w, "outcome = ", f->outcome);
	if (rc == 0 && given(f->rule))
		rc = clause(w, "rule = ", f->rule);
	if (rc == 0 && given(f->since))
		rc = clause(w, "at >= ", f->since);
	if (rc == 0 && given(f->before))
		rc = clause(w, "at < ", f->before);
	/* The business events or the reads: one array on the action index. */
	if (rc == 0 && f->n_actions > 0) {
		rc = bm_buf_putc(&w->actions, '{');
		for (size_t i = 0; rc == 0 && i < f->n_actions; i++)
			if ((i == 0 || (rc = bm_buf_putc(&w->actions, ',')) == 0))
				rc = array_elem(&w->actions, f->actions[i]);
		if (rc == 0 && (rc = bm_buf_puts(&w->actions, "}")) == 0)
			rc = bm_buf_putc(&w->actions, '\0');
		if (rc == 0)
			rc = clause2(w, "action = ANY(", "::text[])", w->actions.ptr);
	}
	return rc;
}

static void where_release(where *w)
{
	bm_buf_release(&w->sql);
	bm_buf_release(&w->actions);
}

/* `head` + the clause + `tail` (whose own parameters follow the clause's), run. */
static int where_query(pg_store *s, where *w, const char *head, const char *tail, PGresult **out)
{
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 0);
	if ((rc = bm_buf_puts(&sql, head)) == 0 &&
	    (!w->sql.len || (rc = bm_buf_put(&sql, w->sql.ptr, w->sql.len)) == 0) &&
	    (rc = bm_buf_puts(&sql, tail)) == 0 && (rc = bm_buf_putc(&sql, '\0')) == 0)
		rc = bm_pg_query(s, sql.ptr, &w->p, out);
	bm_buf_release(&sql);
	return rc;
}

/*
 * A count(*) or sum(n) of `head` + the filter's clause, and on the tally
 * the hour range [lo_hour, hi_hour) (either may be NULL).
 */
static int count_query(pg_store *s, const bm_audit_filter *f, const char *head, const char *lo_hour,
                       const char *hi_hour, int64_t *out)
{
	PGresult *r = NULL;
	where w;
	int rc;

	if ((rc = where_build(&w, f)) == 0 && lo_hour)
		rc = clause(&w, "hour >= ", lo_hour);
	if (rc == 0 && hi_hour)
		rc = clause(&w, "hour < ", hi_hour);
	if (rc == 0 && (rc = where_query(s, &w, head, "", &r)) == 0)
		*out = PQntuples(r) ? bm_pg_i64(r, 0, 0) : 0;
	PQclear(r);
	where_release(&w);
	return rc;
}

static int count_direct(pg_store *s, const bm_audit_filter *f, const char *since,
                        const char *before, int64_t *sum)
{
	bm_audit_filter part = *f;
	int64_t n = 0;
	int rc;
	part.since = since;
	part.before = before;
	if ((rc = count_query(s, &part, "SELECT count(*) FROM audit_event", NULL, NULL, &n)) == 0)
		*sum += n;
	return rc;
}

/*
 * Events a filter keeps, without walking them, as on SQLite: the tally's
 * whole UTC hours (audit_tally, kept by the chain's trigger) plus a direct
 * count of the partial hour at either end of the date range, if any.
 */
static int pg_audit_count(bm_store *bs, const bm_audit_filter *f, int64_t *out)
{
	pg_store *s = bm_pg_of(bs);
	bm_audit_filter tags = *f;
	char lo_key[BM_HOUR_KEY_LEN], hi_key[BM_HOUR_KEY_LEN], lo_iso[BM_ISO_TIME_LEN],
	        hi_iso[BM_ISO_TIME_LEN];
	const bool has_lo = given(f->since), has_hi = given(f->before);
	int64_t lo = 0, hi = 0, sum = 0;
	int rc;

	if ((has_lo && !bm_time_parse(f->since, &lo)) || (has_hi && !bm_time_parse(f->before, &hi)))
		return count_query(s, f, "SELECT count(*) FROM audit_event", NULL, NULL, out);
	/* The whole hours: from the first at or after `since`, up to the one `before` is in. */
	bm_time_hour_key(lo + 3599, lo_key);
	bm_time_hour_key(hi, hi_key);
	if (has_lo && has_hi && strcmp(lo_key, hi_key) >= 0)
		/* Within one hour or less: the events themselves. */
		return count_query(s, f, "SELECT count(*) FROM audit_event", NULL, NULL, out);
	tags.since = tags.before = NULL;
	if ((rc = count_query(s, &tags, "SELECT coalesce(sum(n), 0) FROM audit_tally",
	                      has_lo ? lo_key : NULL, has_hi ? hi_key : NULL, &sum)) != 0)
		return rc;
	snprintf(lo_iso, sizeof(lo_iso), "%s:00:00Z", lo_key);
	snprintf(hi_iso, sizeof(hi_iso), "%s:00:00Z", hi_key);
	if (has_lo && strcmp(lo_iso, f->since) != 0 &&
	    (rc = count_direct(s, &tags, f->since, lo_iso, &sum)) != 0)
		return rc;
	if (has_hi && strcmp(hi_iso, f->before) != 0 &&
	    (rc = count_direct(s, &tags, hi_iso, f->before, &sum)) != 0)
		return rc;
	*out = sum;
	return 0;
}

/*
 * The whole chain, `total` rows, as SQLite's page_by_seq: when its seqs run
 * from min to max without a gap, the page is a keyset on the primary key
 * (a seq computed from the offset), never an OFFSET over the chain. Sets
 * `*done` when it answered; a chain with gaps is left to the general query.
 */
static int page_by_seq(pg_store *s, bool newest_first, int64_t offset, int64_t limit, int64_t total,
                       bm_audit_row_cb cb, void *ctx, bool *done)
{
	bm_pg_params p = {0};
	PGresult *r;
	int64_t lo, hi;
	int rc;

	*done = false;
	if ((rc = bm_pg_query(
	             s, "SELECT coalesce(min(seq), 0), coalesce(max(seq), 0) FROM audit_event",
	             NULL, &r)) != 0)
		return rc;
	lo = bm_pg_i64(r, 0, 0);
	hi = bm_pg_i64(r, 0, 1);
	PQclear(r);
	if (total == 0 || hi - lo + 1 != total)
		return 0;
	*done = true;
	if (offset >= total)
		return 0;
	bm_pg_p_i64(&p, newest_first ? hi - offset : lo + offset);
	if (limit > 0)
		bm_pg_p_i64(&p, limit);
	else
		bm_pg_p_text(&p, NULL); /* LIMIT NULL: all */
	if ((rc = bm_pg_query(
	             s,
	             newest_first ? BM_PG_AUDIT_COLS " WHERE seq <= $1 ORDER BY seq DESC LIMIT $2"
	                          : BM_PG_AUDIT_COLS " WHERE seq >= $1 ORDER BY seq LIMIT $2",
	             &p, &r)) != 0)
		return rc;
	rc = bm_pg_audit_rows(r, cb, ctx);
	PQclear(r);
	return rc;
}

static int pg_audit_page(bm_store *bs, const bm_audit_filter *f, bool newest_first, int64_t offset,
                         int64_t limit, int64_t total, bm_audit_row_cb cb, void *ctx)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r = NULL;
	bool done = false;
	char tail[80];
	where w;
	int rc;

	if (offset < 0)
		offset = 0;
	if (!filtered(f) && total >= 0 &&
	    ((rc = page_by_seq(s, newest_first, offset, limit, total, cb, ctx, &done)) != 0 ||
	     done))
		return rc;
	/* A filter: the planner picks the index (or the primary key's order) itself. */
	if ((rc = where_build(&w, f)) != 0)
		goto done;
	snprintf(tail, sizeof(tail), " ORDER BY seq%s LIMIT $%d OFFSET $%d",
	         newest_first ? " DESC" : "", w.p.n + 1, w.p.n + 2);
	if (limit > 0)
		bm_pg_p_i64(&w.p, limit);
	else
		bm_pg_p_text(&w.p, NULL);
	bm_pg_p_i64(&w.p, offset);
	if ((rc = where_query(s, &w, BM_PG_AUDIT_COLS, tail, &r)) == 0)
		rc = bm_pg_audit_rows(r, cb, ctx);
	PQclear(r);
done:
	where_release(&w);
	return rc;
}

static int pg_audit_get(bm_store *bs, bm_arena *a, int64_t seq, bm_audit_row **out)
{
	bm_pg_params p = {0};
	bm_audit_row *row;
	PGresult *r;
	int rc;

	bm_pg_p_i64(&p, seq);
	if ((rc = bm_pg_query(bm_pg_of(bs), BM_PG_AUDIT_COLS " WHERE seq = $1", &p, &r)) != 0)
		return rc;
	if (PQntuples(r) != 1) {
		rc = BM_ENOTFOUND;
		goto done;
	}
	if (!(row = bm_arena_alloc(a, sizeof(*row)))) {
		rc = bm_error_nomem();
		goto done;
	}
	row->seq = bm_pg_i64(r, 0, 0);
	row->at = bm_pg_text(a, r, 0, 1);
	row->actor = bm_pg_text(a, r, 0, 2);
	row->action = bm_pg_text(a, r, 0, 3);
	row->object = bm_pg_text(a, r, 0, 4);
	row->outcome = bm_pg_text(a, r, 0, 5);
	row->rule = bm_pg_text(a, r, 0, 6);
	row->detail = bm_pg_text(a, r, 0, 7);
	row->alg = bm_pg_text(a, r, 0, 8);
	row->prev_hash = bm_pg_text(a, r, 0, 9);
	row->hash = bm_pg_text(a, r, 0, 10);
	if (!row->at || !row->actor || !row->action || !row->object || !row->outcome ||
	    !row->rule || !row->detail || !row->alg || !row->prev_hash || !row->hash) {
		rc = bm_error_nomem();
		goto done;
	}
	*out = row;
done:
	PQclear(r);
	return rc;
}

/*
 * The export of a filtered list, a piece at a time (the service asks for
 * pieces of `limit` rows after the last seq it wrote): the filter's events
 * whose seq is in (after, last], in seq order — a keyset on the primary
 * key, so the export streams in constant memory however long the chain.
 */
static int pg_audit_scan(bm_store *bs, const bm_audit_filter *f, int64_t after, int64_t last,
                         int64_t limit, bm_audit_row_cb cb, void *ctx)
{
	pg_store *s = bm_pg_of(bs);
	PGresult *r = NULL;
	char tail[96];
	where w;
	int rc;

	if ((rc = where_build(&w, f)) != 0)
		goto done;
	snprintf(tail, sizeof(tail), "%s seq > $%d AND seq <= $%d ORDER BY seq LIMIT $%d",
	         w.p.n ? " AND" : " WHERE", w.p.n + 1, w.p.n + 2, w.p.n + 3);
	bm_pg_p_i64(&w.p, after);
	bm_pg_p_i64(&w.p, last);
	if (limit > 0)
		bm_pg_p_i64(&w.p, limit);
	else
		bm_pg_p_text(&w.p, NULL);
	if ((rc = where_query(s, &w, BM_PG_AUDIT_COLS, tail, &r)) == 0)
		rc = bm_pg_audit_rows(r, cb, ctx);
	PQclear(r);
done:
	where_release(&w);
	return rc;
}

static int pg_audit_actions(bm_store *bs, int (*cb)(const char *action, void *cls), void *cls)
{
	PGresult *r;
	int rc = bm_pg_query(bm_pg_of(bs),
	                     "SELECT DISTINCT action COLLATE \"C\" FROM audit_tally ORDER BY 1",
	                     NULL, &r);
	for (int i = 0; rc == 0 && i < PQntuples(r); i++)
		rc = cb(PQgetvalue(r, i, 0), cls);
	if (r)
		PQclear(r);
	return rc;
}

void bm_pg_audit_list_ops(struct bm_store_ops *ops)
{
	ops->audit_count = pg_audit_count;
	ops->audit_page = pg_audit_page;
	ops->audit_get = pg_audit_get;
	ops->audit_scan = pg_audit_scan;
	ops->audit_actions = pg_audit_actions;
}
