/*
 * sqlite_audit.c — the audit list in the SQLite back end: counting and
 * paging the events a filter keeps, in SQL, on the indexes of migration 8
 * (sqlite_schema_audit.h), reading one event by seq, and the export's
 * reads: a range of seqs on the primary key.
 *
 * A query is assembled from constant fragments, one per filter present, so
 * that every filter is a plain comparison SQLite can answer from an index
 * (a "(? IS NULL OR col = ?)" form cannot be); values are always bound.
 * The action filter is a prefix: [prefix, successor) as a byte range.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define AUDIT_COLS                                                                                 \
	"SELECT seq, at, actor, action, object, outcome, rule, detail, alg, prev_hash, hash"       \
	" FROM audit_event"

/* The WHERE clause of a filter and the values it binds, in order. */
typedef struct where {
	bm_buf sql;
	const char **value; /* bm_malloc: 6 + the action list */
	int *len;
	int n;
	char *action_end; /* the action prefix's successor (bm_malloc) or NULL */
} where;

static bool given(const char *s)
{
	return s && *s;
}

static bool filtered(const bm_audit_filter *f)
{
	return given(f->actor) || given(f->action) || given(f->outcome) || given(f->rule) ||
	       given(f->since) || given(f->before) || f->n_actions > 0;
}

static int clause(where *w, const char *sql, const char *value, int len)
{
	int rc = bm_buf_puts(&w->sql, w->n ? " AND " : " WHERE ");
	if (rc == 0)
		rc = bm_buf_puts(&w->sql, sql);
	w->value[w->n] = value;
	w->len[w->n] = len < 0 ? (int)strlen(value) : len;
	w->n++;
	return rc;
}

/*
 * The smallest byte string greater than every string starting with
 * `prefix`: the prefix with trailing 0xff bytes dropped and its last byte
 * raised by one. NULL in `*out` when there is none (all bytes 0xff).
 */
static int prefix_end(const char *prefix, char **out, int *len_out)
{
	size_t n = strlen(prefix);
	char *end;

	*out = NULL;
	while (n > 0 && (unsigned char)prefix[n - 1] == 0xff)
		n--;
	if (n == 0)
		return 0;
	if (!(end = bm_malloc(n + 1)))
		return bm_error_nomem();
	memcpy(end, prefix, n);
	end[n - 1] = (char)((unsigned char)end[n - 1] + 1);
	end[n] = '\0';
	*out = end;
	*len_out = (int)n;
	return 0;
}

static int where_build(where *w, const bm_audit_filter *f)
{
	int rc = 0, end_len = 0;

	memset(w, 0, sizeof(*w));
	bm_buf_init(&w->sql, 0);
	if (!(w->value = bm_calloc(7 + f->n_actions, sizeof(*w->value))) ||
	    !(w->len = bm_calloc(7 + f->n_actions, sizeof(*w->len))))
		return bm_error_nomem();
	if (given(f->actor))
		rc = clause(w, "actor = ?", f->actor, -1);
	if (rc == 0 && given(f->action)) {
		rc = clause(w, "action >= ?", f->action, -1);
		if (rc == 0)
			rc = prefix_end(f->action, &w->action_end, &end_len);
		if (rc == 0 && w->action_end)
			rc = clause(w, "action < ?", w->action_end, end_len);
	}
	if (rc == 0 && given(f->outcome))
		rc = clause(w, "outcome = ?", f->outcome, -1);
	if (rc == 0 && given(f->rule))
		rc = clause(w, "rule = ?", f->rule, -1);
	if (rc == 0 && given(f->since))
		rc = clause(w, "at >= ?", f->since, -1);
	if (rc == 0 && given(f->before))
		rc = clause(w, "at < ?", f->before, -1);
	/* The business events or the reads: an IN list on the action index. */
	for (size_t i = 0; rc == 0 && i < f->n_actions; i++) {
		rc = bm_buf_puts(&w->sql,
		                 i == 0 ? (w->n ? " AND action IN (?" : " WHERE action IN (?")
		                        : ", ?");
		w->value[w->n] = f->actions[i];
		w->len[w->n] = (int)strlen(f->actions[i]);
		w->n++;
	}
	if (rc == 0 && f->n_actions)
		rc = bm_buf_putc(&w->sql, ')');
	return rc;
}

static void where_release(where *w)
{
	bm_buf_release(&w->sql);
	bm_free(w->action_end);
	bm_free(w->value);
	bm_free(w->len);
}

/* Prepares `head` + the clause + `tail` and binds the clause's values from 1. */
static int where_prep(sq_store *s, where *w, const char *head, const char *tail, sqlite3_stmt **st)
{
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 0);
	if ((rc = bm_buf_puts(&sql, head)) != 0 ||
	    (w->sql.len && (rc = bm_buf_put(&sql, w->sql.ptr, w->sql.len)) != 0) ||
	    (rc = bm_buf_puts(&sql, tail)) != 0 || (rc = bm_buf_putc(&sql, '\0')) != 0)
		goto done;
	if ((rc = bm_sq_prep(s, st, sql.ptr)) != 0)
		goto done;
	for (int i = 0; i < w->n; i++)
		sqlite3_bind_text(*st, i + 1, w->value[i], w->len[i], SQLITE_STATIC);
done:
	bm_buf_release(&sql);
	return rc;
}

/* Runs a count(*) or sum(n) query of `head` + the filter's clause + `tail`. */
static int count_query(sq_store *s, const bm_audit_filter *f, const char *head, const char *tail,
                       const char *const *extra, int n_extra, int64_t *out)
{
	sqlite3_stmt *st = NULL;
	where w;
	int rc;

	if ((rc = where_build(&w, f)) != 0 || (rc = where_prep(s, &w, head, tail, &st)) != 0)
		goto done;
	for (int i = 0; i < n_extra; i++)
		sqlite3_bind_text(st, w.n + 1 + i, extra[i], -1, SQLITE_STATIC);
	rc = bm_sq_step_int64(s, st, out);
done:
	where_release(&w);
	return rc;
}

/*
 * Gives `cb` the rows of `head` + the filter's clause + `tail`, whose last
 * two parameters are the page's LIMIT and OFFSET.
 */
static int page_query(sq_store *s, const bm_audit_filter *f, const char *head, const char *tail,
                      int64_t offset, int64_t limit, bm_audit_row_cb cb, void *ctx)
{
	sqlite3_stmt *st = NULL;
	where w;
	int rc;

	if ((rc = where_build(&w, f)) != 0 || (rc = where_prep(s, &w, head, tail, &st)) != 0)
		goto done;
	sqlite3_bind_int64(st, w.n + 1, limit > 0 ? limit : -1);
	sqlite3_bind_int64(st, w.n + 2, offset);
	rc = bm_sq_audit_rows(s, st, cb, ctx);
	st = NULL;
done:
	bm_sq_release(s, st);
	where_release(&w);
	return rc;
}

/* Adds to `*sum` the events `f` keeps in [since, before), counted directly. */
static int count_direct(sq_store *s, const bm_audit_filter *f, const char *since,
                        const char *before, int64_t *sum)
{
	bm_audit_filter part = *f;
	int64_t n = 0;
	int rc;
	part.since = since;
	part.before = before;
	if ((rc = count_query(s, &part, "SELECT count(*) FROM audit_event", "", NULL, 0, &n)) == 0)
		*sum += n;
	return rc;
}

/*
 * Events a filter keeps, without walking them: the tally's whole UTC hours
 * (migration 12) plus a direct count, on the `at` index, of the partial
 * hour at either end of the date range (a zone off whole hours), if any.
 */
int bm_sq_audit_count(bm_store *bs, const bm_audit_filter *f, int64_t *out)
{
	static const char *const tails[2][4] = {
	        {"", " WHERE hour >= ?", " WHERE hour < ?", " WHERE hour >= ? AND hour < ?"},
	        {"", " AND hour >= ?", " AND hour < ?", " AND hour >= ? AND hour < ?"},
	};
	sq_store *s = bm_sq_of(bs);
	bm_audit_filter tags = *f;
	char lo_key[BM_HOUR_KEY_LEN], hi_key[BM_HOUR_KEY_LEN], lo_iso[BM_ISO_TIME_LEN],
	        hi_iso[BM_ISO_TIME_LEN];
	const bool has_lo = given(f->since), has_hi = given(f->before);
	const char *bounds[2];
	int64_t lo = 0, hi = 0, sum = 0;
	int nb = 0, rc;

	if ((has_lo && !bm_time_parse(f->since, &lo)) || (has_hi && !bm_time_parse(f->before, &hi)))
		return count_query(s, f, "SELECT count(*) FROM audit_event", "", NULL, 0, out);
	/* The whole hours: from the first at or after `since`, up to the one `before` is in. */
	bm_time_hour_key(lo + 3599, lo_key);
	bm_time_hour_key(hi, hi_key);
	if (has_lo && has_hi && strcmp(lo_key, hi_key) >= 0)
		/* Within one hour or less: the events themselves. */
		return count_query(s, f, "SELECT count(*) FROM audit_event", "", NULL, 0, out);
	tags.since = tags.before = NULL;
	if (has_lo)
		bounds[nb++] = lo_key;
	if (has_hi)
		bounds[nb++] = hi_key;
	if ((rc = count_query(s, &tags, "SELECT coalesce(sum(n), 0) FROM audit_tally",
	                      tails[filtered(&tags)][(has_lo ? 1 : 0) + (has_hi ? 2 : 0)], bounds,
	                      nb, &sum)) != 0)
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

int bm_sq_audit_rows(sq_store *s, sqlite3_stmt *st, bm_audit_row_cb cb, void *ctx)
{
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bm_audit_row r;
		r.seq = sqlite3_column_int64(st, 0);
		r.at = (const char *)sqlite3_column_text(st, 1);
		r.actor = (const char *)sqlite3_column_text(st, 2);
		r.action = (const char *)sqlite3_column_text(st, 3);
		r.object = (const char *)sqlite3_column_text(st, 4);
		r.outcome = (const char *)sqlite3_column_text(st, 5);
		r.rule = (const char *)sqlite3_column_text(st, 6);
		r.detail = (const char *)sqlite3_column_text(st, 7);
		r.alg = (const char *)sqlite3_column_text(st, 8);
		r.prev_hash = (const char *)sqlite3_column_text(st, 9);
		r.hash = (const char *)sqlite3_column_text(st, 10);
		if ((rc = cb(&r, ctx)) != 0) {
			bm_sq_release(s, st);
			return rc;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/*
 * The whole chain, `total` rows: when its seqs run from min to max without
 * a gap (as the chain rule wants), the page starts at a seq computed from
 * the offset and is read by the primary key alone. Sets `*done` when it
 * answered; a chain with gaps (tampered) is left to the general query.
 */
static int page_by_seq(sq_store *s, bool newest_first, int64_t offset, int64_t limit, int64_t total,
                       bm_audit_row_cb cb, void *ctx, bool *done)
{
	sqlite3_stmt *st;
	int64_t lo, hi;
	int rc;

	*done = false;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT (SELECT min(seq) FROM audit_event),"
	                     " (SELECT max(seq) FROM audit_event)")) != 0)
		return rc;
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
		bm_sq_release(s, st);
		return rc;
	}
	lo = sqlite3_column_int64(st, 0);
	hi = sqlite3_column_int64(st, 1);
	bm_sq_release(s, st);
	if (total == 0 || hi - lo + 1 != total)
		return 0;
	*done = true;
	if (offset >= total)
		return 0;
	if ((rc = bm_sq_prep(s, &st,
	                     newest_first ? AUDIT_COLS " WHERE seq <= ? ORDER BY seq DESC LIMIT ?"
	                                  : AUDIT_COLS " WHERE seq >= ? ORDER BY seq LIMIT ?")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, newest_first ? hi - offset : lo + offset);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	return bm_sq_audit_rows(s, st, cb, ctx);
}

/*
 * A filter that keeps much of the chain (an action prefix like "carrier.":
 * its index range is ordered by action, then seq, and would be sorted
 * whole): the page is found walking the primary key in seq order and
 * testing each event. The walk passes the events beyond the date range on
 * its side first (`skip`, from the tally; times follow seqs but for a
 * stepped clock, and a wrong guess costs time, never a wrong answer), then
 * about (offset + limit) x in_range / total rows. Taken when that is fewer
 * than the `total` rows the index would read. Sets `*done` when it answered.
 */
static int page_by_walk(sq_store *s, const bm_audit_filter *f, bool newest_first, int64_t offset,
                        int64_t limit, int64_t total, bm_audit_row_cb cb, void *ctx, bool *done)
{
	bm_audit_filter range = {.since = f->since, .before = f->before}, beyond = {0};
	int64_t in_range = 0, skip = 0;
	int rc;

	*done = false;
	if ((rc = bm_sq_audit_count(&s->base, &range, &in_range)) != 0)
		return rc;
	if (newest_first && given(f->before))
		beyond.since = f->before;
	else if (!newest_first && given(f->since))
		beyond.before = f->since;
	if ((beyond.since || beyond.before) &&
	    (rc = bm_sq_audit_count(&s->base, &beyond, &skip)) != 0)
		return rc;
	if ((double)skip + (double)(offset + (limit > 0 ? limit : total)) * (double)in_range /
	                           (double)total >=
	    (double)total)
		return 0;
	*done = true;
	return page_query(s, f, AUDIT_COLS " NOT INDEXED",
	                  newest_first ? " ORDER BY seq DESC LIMIT ? OFFSET ?"
	                               : " ORDER BY seq LIMIT ? OFFSET ?",
	                  offset, limit, cb, ctx);
}

/*
 * True in `*out` when the date range keeps fewer events than the filter's
 * other terms do (both counted on the tally): the `at` index is then the
 * one to read. Without statistics SQLite would take an equality index
 * (actor, outcome) over a range and test a million rows for the dates.
 */
static int narrow_dates(sq_store *s, const bm_audit_filter *f, bool *out)
{
	bm_audit_filter range = {.since = f->since, .before = f->before}, rest = *f;
	int64_t in_range = 0, kept = 0;
	int rc;

	*out = false;
	rest.since = rest.before = NULL;
	if ((!given(f->since) && !given(f->before)) || !filtered(&rest))
		return 0;
	if ((rc = bm_sq_audit_count(&s->base, &range, &in_range)) != 0 ||
	    (rc = bm_sq_audit_count(&s->base, &rest, &kept)) != 0)
		return rc;
	*out = in_range < kept;
	return 0;
}

int bm_sq_audit_page(bm_store *bs, const bm_audit_filter *f, bool newest_first, int64_t offset,
                     int64_t limit, int64_t total, bm_audit_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	bool done = false, by_date = false;
	int rc;

	if (offset < 0)
		offset = 0;
	if (!filtered(f) && total >= 0 &&
	    ((rc = page_by_seq(s, newest_first, offset, limit, total, cb, ctx, &done)) != 0 ||
	     done))
		return rc;
	if (filtered(f) && total > 0 &&
	    ((rc = page_by_walk(s, f, newest_first, offset, limit, total, cb, ctx, &done)) != 0 ||
	     done))
		return rc;
	if ((rc = narrow_dates(s, f, &by_date)) != 0)
		return rc;
	/* The page's seqs from the filter's index alone, then their rows by primary key. */
	return page_query(s, f,
	                  by_date ? AUDIT_COLS " WHERE seq IN (SELECT seq FROM audit_event"
	                                       " INDEXED BY audit_event_at"
	                          : AUDIT_COLS " WHERE seq IN (SELECT seq FROM audit_event",
	                  newest_first ? " ORDER BY seq DESC LIMIT ? OFFSET ?) ORDER BY seq DESC"
	                               : " ORDER BY seq LIMIT ? OFFSET ?) ORDER BY seq",
	                  offset, limit, cb, ctx);
}

int bm_sq_audit_get(bm_store *bs, bm_arena *a, int64_t seq, bm_audit_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_audit_row *r;
	int rc;

	if ((rc = bm_sq_prep(s, &st, AUDIT_COLS " WHERE seq = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, seq);
	if ((rc = sqlite3_step(st)) != SQLITE_ROW) {
		rc = rc == SQLITE_DONE ? BM_ENOTFOUND : bm_sq_db_fail(s, rc);
		goto done;
	}
	if (!(r = bm_arena_alloc(a, sizeof(*r)))) {
		rc = bm_error_nomem();
		goto done;
	}
	r->seq = sqlite3_column_int64(st, 0);
	r->at = bm_sq_col_text(a, st, 1);
	r->actor = bm_sq_col_text(a, st, 2);
	r->action = bm_sq_col_text(a, st, 3);
	r->object = bm_sq_col_text(a, st, 4);
	r->outcome = bm_sq_col_text(a, st, 5);
	r->rule = bm_sq_col_text(a, st, 6);
	r->detail = bm_sq_col_text(a, st, 7);
	r->alg = bm_sq_col_text(a, st, 8);
	r->prev_hash = bm_sq_col_text(a, st, 9);
	r->hash = bm_sq_col_text(a, st, 10);
	*out = r;
	rc = 0;
done:
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_audit_range(bm_store *bs, int64_t after, int64_t last, int64_t limit, bm_audit_row_cb cb,
                      void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     AUDIT_COLS " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, after);
	sqlite3_bind_int64(st, 2, last);
	sqlite3_bind_int64(st, 3, limit > 0 ? limit : -1);
	return bm_sq_audit_rows(s, st, cb, ctx);
}

/*
 * The export of a filtered list, a piece at a time: a filter on an action
 * set or prefix keeps events spread over the chain, and its index would be
 * read and sorted whole for each piece: the primary key is walked from
 * `after` instead, once over the export. An equality filter (actor,
 * outcome, rule) or a date range alone reads its index in seq order.
 */
int bm_sq_audit_scan(bm_store *bs, const bm_audit_filter *f, int64_t after, int64_t last,
                     int64_t limit, bm_audit_row_cb cb, void *ctx)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	const bool walk = f->n_actions > 0 || given(f->action);
	where w;
	int rc;

	if ((rc = where_build(&w, f)) != 0 ||
	    (rc = where_prep(s, &w, walk ? AUDIT_COLS " NOT INDEXED" : AUDIT_COLS,
	                     w.n ? " AND seq > ? AND seq <= ? ORDER BY seq LIMIT ?"
	                         : " WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?",
	                     &st)) != 0)
		goto done;
	sqlite3_bind_int64(st, w.n + 1, after);
	sqlite3_bind_int64(st, w.n + 2, last);
	sqlite3_bind_int64(st, w.n + 3, limit > 0 ? limit : -1);
	rc = bm_sq_audit_rows(s, st, cb, ctx);
	st = NULL;
done:
	bm_sq_release(s, st);
	where_release(&w);
	return rc;
}

int bm_sq_audit_actions(bm_store *bs, int (*cb)(const char *action, void *cls), void *cls)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bm_sq_prep(s, &st, "SELECT DISTINCT action FROM audit_tally ORDER BY action")) !=
	    0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((rc = cb((const char *)sqlite3_column_text(st, 0), cls)) != 0) {
			bm_sq_release(s, st);
			return rc;
		}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}
