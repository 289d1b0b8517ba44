/*
 * pg_count.c — counting (清查, INV-1..4) and incidents (BORROW-6, INV-4, INC-1/4) in the
 * PostgreSQL back end (issue 12), with the SQL of sqlite_ledger.c, sqlite.c's counts
 * compared in SQL (issue 17) and sqlite_count_device.c; store.h says each operation's
 * contract. Rows, orders and errors are SQLite's, so the services cannot tell the engines
 * apart; orders of text are bytewise (COLLATE "C"), as SQLite's BINARY.
 *
 * Closing twice. On SQLite the single writer serialises a close. Here several servers may
 * share the database (issue 12 point 2), so count_get in a write transaction locks the
 * session's row (FOR UPDATE, held to the commit) after the audit chain's head, the one
 * lock order of every writer (pg_workflow.c's header): a second server's close of the
 * same count waits, then reads the closed_at the first wrote (PostgreSQL re-reads a row
 * it waited for) and is refused by the service's own check (count_closed, INV-3). The
 * same holds for incident_get (closing an incident, recording findings). A read snapshot
 * locks nothing.
 *
 * At scale every lookup is on an index, and a statement never holds a predicate an index
 * cannot use ("($2 = 0 OR col = $2)", issue 17): a choice is a different statement. The
 * expected set is the ledger's filter (pg_ledger.c, bm_pg_ledger_filter: SYS-2 by the
 * same predicate as the list) with the session's scope, $1..$19; a count's own
 * parameters follow from $20.
 *
 * The close's writes bind one parameter row q (CLOSE_ROW) that every statement names,
 * since PostgreSQL refuses a parameter a statement does not use. JSON the close writes
 * (history details, the incident's INC-1 record) is spelt as SQLite's json_object spells
 * it (no spaces, keys in the order given), so the same close reads the same on both.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store/pg_int.h"

static int not_found(const char *what_zh, const char *what_en, int64_t id)
{
	char zh[128], en[128];
	snprintf(zh, sizeof(zh), "%s %lld 不存在", what_zh, (long long)id);
	snprintf(en, sizeof(en), "%s %lld does not exist", what_en, (long long)id);
	return bm_error_set_msg(BM_ENOTFOUND, "not_found", NULL, zh, en);
}

/* Runs a write and puts its row count in *changes (may be NULL). */
static int run_count(pg_store *s, const char *sql, const bm_pg_params *p, int64_t *changes)
{
	PGresult *r;
	int rc = bm_pg_query(s, sql, p, &r);
	if (rc)
		return rc;
	if (changes)
		*changes = (int64_t)strtoll(PQcmdTuples(r), NULL, 10);
	PQclear(r);
	return 0;
}

/* ---- sessions and ticks (sqlite_ledger.c) ------------------------------------------ */

static int pg_count_insert(bm_store *bs, bm_count_session_row *c)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, c->unit_id);
	bm_pg_p_text(&p, c->scope_kind);
	bm_pg_p_id(&p, c->scope_id);
	bm_pg_p_text(&p, c->reason);
	bm_pg_p_i64(&p, c->started_by);
	bm_pg_p_text(&p, c->started_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO count_session(unit_id, scope_kind, scope_id, reason,"
	                       " started_by, started_at) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
	                       &p, &c->id);
}

#define COUNT_COLS                                                                                 \
	"SELECT c.id, c.unit_id, c.scope_kind, coalesce(c.scope_id, 0), c.reason, c.started_by,"   \
	" c.started_at, c.closed_at, c.result, p.name FROM count_session c"                        \
	" LEFT JOIN person p ON p.id = c.started_by"

static int read_count(bm_arena *a, PGresult *r, int i, void *item)
{
	bm_count_session_row *c = item;
	c->id = bm_pg_i64(r, i, 0);
	c->unit_id = bm_pg_i64(r, i, 1);
	c->scope_kind = bm_pg_text(a, r, i, 2);
	c->scope_id = bm_pg_i64(r, i, 3);
	c->reason = bm_pg_text(a, r, i, 4);
	c->started_by = bm_pg_i64(r, i, 5);
	c->started_at = bm_pg_text(a, r, i, 6);
	c->closed_at = bm_pg_text(a, r, i, 7);
	c->result = bm_pg_text(a, r, i, 8);
	c->started_by_name = bm_pg_text(a, r, i, 9);
	return 0;
}

static int count_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                      bm_count_session_row **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_count, (void **)out, count);
}

static int pg_count_get(bm_store *bs, bm_arena *a, int64_t id, bm_count_session_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_count_session_row *rows;
	bm_pg_params p = {0};
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, COUNT_COLS " WHERE c.id = $1",
	                    COUNT_COLS " WHERE c.id = $1 FOR UPDATE OF c", &p, sizeof(**out),
	                    read_count, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return not_found("清查", "count session", id);
	*out = rows;
	return 0;
}

static int pg_count_list(bm_store *bs, bm_arena *a, bm_count_session_row **out, size_t *count)
{
	return count_rows(bm_pg_of(bs), a, COUNT_COLS " ORDER BY c.id", NULL, out, count);
}

static int pg_count_close(bm_store *bs, int64_t id, const char *closed_at, const char *result)
{
	bm_pg_params p = {0};
	int64_t n = 0;
	int rc;
	bm_pg_p_text(&p, closed_at);
	bm_pg_p_text(&p, result);
	bm_pg_p_i64(&p, id);
	if ((rc = run_count(bm_pg_of(bs),
	                    "UPDATE count_session SET closed_at = $1, result = $2"
	                    " WHERE id = $3 AND closed_at IS NULL",
	                    &p, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ECONFLICT, "count_closed", NULL,
		                    "count session %lld does not exist or is closed",
		                    "count session %lld does not exist or is closed",
		                    (long long)id);
	return 0;
}

/* Rows of (session_id, carrier_id, state, note, at) into an arena array. */
static int read_item(bm_arena *a, PGresult *r, int i, void *item)
{
	bm_count_item_row *it = item;
	it->session_id = bm_pg_i64(r, i, 0);
	it->carrier_id = bm_pg_i64(r, i, 1);
	it->incomplete = !bm_pg_null(r, i, 2) && strcmp(PQgetvalue(r, i, 2), "incomplete") == 0;
	it->note = bm_pg_text(a, r, i, 3);
	it->at = bm_pg_text(a, r, i, 4);
	return 0;
}

static int item_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                     bm_count_item_row **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_item, (void **)out, count);
}

static int pg_count_tick(bm_store *bs, bm_arena *a, const bm_count_item_row *it,
                         bm_count_item_row **prev)
{
	pg_store *s = bm_pg_of(bs);
	bm_count_item_row *rows = NULL;
	bm_pg_params p = {0}, q = {0};
	size_t n = 0;
	int rc;
	if (prev)
		*prev = NULL;
	/* The first tick, if any (count_item's key): a repeated scan is told apart. */
	bm_pg_p_i64(&p, it->session_id);
	bm_pg_p_i64(&p, it->carrier_id);
	if ((rc = item_rows(s, a,
	                    "SELECT session_id, carrier_id, state, note, at FROM count_item"
	                    " WHERE session_id = $1 AND carrier_id = $2",
	                    &p, &rows, &n)) != 0)
		return rc;
	if (prev && n)
		*prev = rows;
	if (n && !it->note && (!it->incomplete || rows->incomplete))
		return 0; /* nothing to learn: nothing written */
	/* As on SQLite (issue 14 point 6): the first tick's time stays; a note is the clerk's word.
	 */
	bm_pg_p_i64(&q, it->session_id);
	bm_pg_p_i64(&q, it->carrier_id);
	bm_pg_p_text(&q, it->incomplete ? "incomplete" : "found");
	bm_pg_p_text(&q, it->note);
	bm_pg_p_text(&q, it->at);
	return bm_pg_run(s,
	                 "INSERT INTO count_item(session_id, carrier_id, state, note, at)"
	                 " VALUES ($1,$2,$3,$4,$5) ON CONFLICT (session_id, carrier_id) DO UPDATE"
	                 " SET state = CASE WHEN excluded.note IS NOT NULL OR"
	                 " excluded.state = 'incomplete' THEN excluded.state ELSE count_item.state"
	                 " END, note = coalesce(excluded.note, count_item.note)",
	                 &q);
}

static int pg_count_items(bm_store *bs, bm_arena *a, int64_t session_id, bm_count_item_row **out,
                          size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, session_id);
	return item_rows(bm_pg_of(bs), a,
	                 "SELECT session_id, carrier_id, state, note, at FROM count_item"
	                 " WHERE session_id = $1 ORDER BY carrier_id",
	                 &p, out, count);
}

static int pg_count_last_closed(bm_store *bs, bm_arena *a, const char *scope_kind, const char **out)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_text(&p, scope_kind);
	/* ISO instants of one format: the greatest text is the latest (count_session_closed). */
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT max(closed_at COLLATE \"C\") FROM count_session"
	                      " WHERE scope_kind = $1 AND closed_at IS NOT NULL",
	                      &p, &r)) != 0)
		return rc;
	*out = bm_pg_text(a, r, 0, 0);
	PQclear(r);
	return 0;
}

/* ---- incidents (sqlite_ledger.c) ----------------------------------------------------- */

static int pg_incident_insert(bm_store *bs, bm_incident_row *i)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, i->unit_id);
	bm_pg_p_text(&p, i->kind);
	bm_pg_p_id(&p, i->carrier_id);
	bm_pg_p_text(&p, i->status ? i->status : "open");
	bm_pg_p_id(&p, i->opened_by);
	bm_pg_p_text(&p, i->opened_at);
	bm_pg_p_text(&p, i->detail ? i->detail : "{}");
	bm_pg_p_text(&p, i->findings);
	bm_pg_p_text(&p, i->closed_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO incident(unit_id, kind, carrier_id, status, opened_by,"
	                       " opened_at, detail, findings, closed_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
	                       &p, &i->id);
}

static int pg_incident_update(bm_store *bs, const bm_incident_row *i)
{
	bm_pg_params p = {0};
	int64_t n = 0;
	int rc;
	bm_pg_p_text(&p, i->detail ? i->detail : "{}");
	bm_pg_p_text(&p, i->findings);
	bm_pg_p_text(&p, i->status);
	bm_pg_p_text(&p, i->closed_at);
	bm_pg_p_i64(&p, i->id);
	if ((rc = run_count(bm_pg_of(bs),
	                    "UPDATE incident SET detail = $1, findings = $2, status = $3,"
	                    " closed_at = $4 WHERE id = $5",
	                    &p, &n)) != 0)
		return rc;
	return n ? 0 : not_found("事件", "incident", i->id);
}

#define INCIDENT_COLS                                                                              \
	"SELECT i.id, i.unit_id, i.kind, coalesce(i.carrier_id, 0), i.status,"                     \
	" coalesce(i.opened_by, 0), i.opened_at, i.detail, i.findings, i.closed_at, p.name"        \
	" FROM incident i LEFT JOIN person p ON p.id = i.opened_by"

static int read_incident(bm_arena *a, PGresult *r, int k, void *item)
{
	bm_incident_row *i = item;
	i->id = bm_pg_i64(r, k, 0);
	i->unit_id = bm_pg_i64(r, k, 1);
	i->kind = bm_pg_text(a, r, k, 2);
	i->carrier_id = bm_pg_i64(r, k, 3);
	i->status = bm_pg_text(a, r, k, 4);
	i->opened_by = bm_pg_i64(r, k, 5);
	i->opened_at = bm_pg_text(a, r, k, 6);
	i->detail = bm_pg_text(a, r, k, 7);
	i->findings = bm_pg_text(a, r, k, 8);
	i->closed_at = bm_pg_text(a, r, k, 9);
	i->opened_by_name = bm_pg_text(a, r, k, 10);
	return 0;
}

static int incident_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                         bm_incident_row **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_incident, (void **)out, count);
}

static int pg_incident_get(bm_store *bs, bm_arena *a, int64_t id, bm_incident_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_incident_row *rows;
	bm_pg_params p = {0};
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, INCIDENT_COLS " WHERE i.id = $1",
	                    INCIDENT_COLS " WHERE i.id = $1 FOR UPDATE OF i", &p, sizeof(**out),
	                    read_incident, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return not_found("事件", "incident", id);
	*out = rows;
	return 0;
}

static int pg_incident_list(bm_store *bs, bm_arena *a, const char *status, int64_t carrier_id,
                            bm_incident_row **out, size_t *count)
{
	/* One statement per combination, each on an index (incident_status, incident_carrier). */
	static const char *const sql[2][2] = {
	        {INCIDENT_COLS " ORDER BY i.id",
	         INCIDENT_COLS " WHERE i.status = $1 ORDER BY i.id"},
	        {INCIDENT_COLS " WHERE i.carrier_id = $1 ORDER BY i.id",
	         INCIDENT_COLS " WHERE i.carrier_id = $1 AND i.status = $2 ORDER BY i.id"},
	};
	bm_pg_params p = {0};
	if (carrier_id)
		bm_pg_p_i64(&p, carrier_id);
	if (status)
		bm_pg_p_text(&p, status);
	return incident_rows(bm_pg_of(bs), a, sql[carrier_id != 0][status != NULL], p.n ? &p : NULL,
	                     out, count);
}

/* ---- counts compared in SQL (INV-3, issue 17; sqlite.c) ------------------------------ */

/* The columns after BM_PG_CARRIER_COLS in count_expected's and count_lines' statements. */
enum { COUNT_COL = 46 };

/*
 * The expected set's filter: what `v` may see (SYS-2) in the session's scope (a
 * department's or a custodian's on carrier_department_status / carrier_custodian_status),
 * one 存放地点 (place > 0) or the carriers with none (place < 0); the statements add "live".
 */
static int count_filter(bm_arena *a, const bm_viewer *v, const bm_count_session_row *sess,
                        int64_t place, bm_pg_ledger_sql *ls)
{
	bm_carrier_filter f = {.viewer = v, .level = -1, .status = -1, .kind = -1, .origin = -1};
	int rc;
	/* scope_kind is NOT NULL in the table: NULL here is a text not copied for want of memory */
	if (!sess->scope_kind)
		return bm_error_nomem();
	if (!v || !v->rule)
		return bm_error_set(BM_ERROR, "no_viewer", NULL,
		                    "the ledger needs a viewer and its visibility rule",
		                    "the ledger needs a viewer and its visibility rule");
	if (strcmp(sess->scope_kind, "department") == 0)
		f.department_id = sess->scope_id;
	else if (strcmp(sess->scope_kind, "custodian") == 0)
		f.custodian_id = sess->scope_id;
	if (place > 0)
		f.place_id = place;
	if ((rc = bm_pg_ledger_filter(a, &f, ls)) != 0)
		return rc;
	return place < 0 ? bm_buf_puts(&ls->where, " AND c.place_id IS NULL") : 0;
}

/*
 * An expected carrier the count did not tick that is out with something to show for it:
 * lent, taken out or circulating with an open loan, or on an open dispatch whose item is
 * unsigned (loan_open_carrier, dispatch_item_unsigned). Any other untouched one is missing.
 */
#define COUNT_OUT_SQL                                                                              \
	"(c.status IN ('lent', 'taken_out', 'circulating') AND (EXISTS (SELECT 1 FROM loan o"      \
	" WHERE o.carrier_id = c.id AND o.returned_at IS NULL) OR EXISTS (SELECT 1"                \
	" FROM dispatch_item i JOIN dispatch d ON d.id = i.dispatch_id WHERE i.carrier_id = c.id"  \
	" AND i.signed_at IS NULL AND d.status = 'open')))"

/* The session's tick of carrier c ($20: the session), on count_item's key. */
#define COUNT_TICK " LEFT JOIN count_item t ON t.session_id = $20 AND t.carrier_id = c.id"
#define COUNT_TICKED                                                                               \
	"EXISTS (SELECT 1 FROM count_item k WHERE k.session_id = $20 AND k.carrier_id = c.id)"
#define LIVE " AND c.status NOT IN ('destroyed', 'returned')"

/* What selects one list's lines of the expected set (unexpected: none). */
static const char *count_list_where(bm_count_list list)
{
	switch (list) {
	/* Driven by the ticks (count_item's key), not by the ledger. */
	case BM_COUNT_FOUND:
		return " AND t.carrier_id IS NOT NULL AND c.id IN (SELECT carrier_id FROM "
		       "count_item"
		       " WHERE session_id = $20)";
	case BM_COUNT_INCOMPLETE:
		return " AND t.state = 'incomplete' AND c.id IN (SELECT carrier_id FROM count_item"
		       " WHERE session_id = $20 AND state = 'incomplete')";
	/* The carriers out, by status (carrier_sort_status). */
	case BM_COUNT_OUT:
		return " AND t.carrier_id IS NULL AND " COUNT_OUT_SQL
		       " AND c.status IN ('lent', 'taken_out', 'circulating')";
	case BM_COUNT_MISSING: return " AND t.carrier_id IS NULL AND NOT " COUNT_OUT_SQL;
	default: return " AND false";
	}
}

/* An open incident a close names for a missing carrier cid of status st (INV-4). */
#define PRIOR_INCIDENT(cid, st)                                                                    \
	"coalesce((SELECT x.id FROM incident x WHERE x.carrier_id = " cid                          \
	" AND x.status = 'open' ORDER BY x.id LIMIT 1), CASE " st " WHEN 'missing' THEN"           \
	" (SELECT x.id FROM carrier_event e JOIN incident x"                                       \
	" ON x.id = (e.detail::jsonb ->> 'incident_id')::bigint WHERE e.carrier_id = " cid         \
	" AND e.action = 'count.missing' AND x.status = 'open' AND x.carrier_id IS NULL"           \
	" ORDER BY e.id DESC LIMIT 1) END"
/* The first open loan of carrier cid, and its open dispatch with an unsigned item. */
#define FIRST_LOAN(cid)                                                                            \
	"(SELECT o.id FROM loan o WHERE o.carrier_id = " cid " AND o.returned_at IS NULL"          \
	" ORDER BY o.issued_at COLLATE \"C\", o.id LIMIT 1)"
#define OPEN_DISPATCH(cid)                                                                         \
	"(SELECT d.id FROM dispatch_item i JOIN dispatch d ON d.id = i.dispatch_id"                \
	" WHERE i.carrier_id = " cid " AND i.signed_at IS NULL AND d.status = 'open'"              \
	" ORDER BY d.id DESC LIMIT 1)"

/* Reads the carrier and the count's columns of an expected line. */
static int read_expected(bm_arena *a, PGresult *r, int i, bm_count_expected *e)
{
	int rc;
	memset(e, 0, sizeof(*e));
	if ((rc = bm_pg_read_carrier(a, r, i, &e->c)) != 0)
		return rc;
	e->ticked = bm_pg_i64(r, i, COUNT_COL) != 0;
	e->incomplete = bm_pg_i64(r, i, COUNT_COL + 1) != 0;
	e->note = bm_pg_text(a, r, i, COUNT_COL + 2);
	e->loan_id = bm_pg_i64(r, i, COUNT_COL + 3);
	e->loan_holder = bm_pg_text(a, r, i, COUNT_COL + 4);
	e->loan_kind = bm_pg_text(a, r, i, COUNT_COL + 5);
	e->loan_due = bm_pg_text(a, r, i, COUNT_COL + 6);
	e->dispatch_id = bm_pg_i64(r, i, COUNT_COL + 7);
	e->incident_id = bm_pg_i64(r, i, COUNT_COL + 8);
	return 0;
}

/*
 * One statement: the expected carriers left-joined with the session's ticks, each absent
 * one's first open loan, open dispatch and open incident (the one a close would name);
 * one list's lines after $21 by id, at most $22 (NULL: all), whereabouts looked up for
 * absent carriers of the page only.
 */
static int pg_count_expected(bm_store *bs, bm_arena *a, const bm_viewer *v,
                             const bm_count_session_row *sess, const bm_count_slice *sl,
                             bm_count_expected **out, size_t *count)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_ledger_sql ls = {0};
	bm_count_expected *rows;
	PGresult *r = NULL;
	bm_buf sql;
	int n, rc;

	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, sl ? sl->place : 0, &ls)) != 0 ||
	    (rc = bm_buf_printf(
	             &sql,
	             "SELECT " BM_PG_CARRIER_COLS
	             ", (t.carrier_id IS NOT NULL)::int, (t.state = 'incomplete')::int, t.note,"
	             " l.id, lp.name, l.kind, l.due_at,"
	             " CASE WHEN t.carrier_id IS NULL THEN " OPEN_DISPATCH(
	                     "c.id") " END,"
	                             " CASE WHEN t.carrier_id IS NULL THEN " PRIOR_INCIDENT(
	                                     "c.id",
	                                     "c.status") ") END"
	                                                 /* The page's ids first, then whereabouts
	                                                    for those rows alone. */
	                                                 " FROM (SELECT c.id FROM carrier "
	                                                 "c" BM_PG_VIEWER_ROW COUNT_TICK "%s" LIVE
	                                                 "%s AND c.id > $21::bigint ORDER BY c.id "
	                                                 "LIMIT $22::bigint) pg"
	                                                 " JOIN carrier c ON c.id = "
	                                                 "pg.id" BM_PG_CARRIER_JOINS COUNT_TICK
	                                                 " LEFT JOIN loan l ON t.carrier_id IS "
	                                                 "NULL AND l.id = " FIRST_LOAN(
	                                                         "c.id") " LEFT JOIN person lp ON "
	                                                                 "lp.id = l.holder_id "
	                                                                 "ORDER BY c.id",
	             ls.where.ptr, sl ? count_list_where(sl->list) : "")) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, sess->id);
	bm_pg_p_i64(&ls.p, sl ? sl->after : 0);
	if (sl && sl->limit > 0)
		bm_pg_p_i64(&ls.p, sl->limit);
	else
		bm_pg_p_text(&ls.p, NULL);
	if ((rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0)
		goto done;
	n = PQntuples(r);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (int i = 0; i < n; i++)
		if ((rc = read_expected(a, r, i, &rows[i])) != 0)
			goto done;
	*out = rows;
	*count = (size_t)n;
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/* The session's ticks outside the expected set ("%s": the filter), on the carrier's key. */
#define COUNT_UNEXPECTED_FROM                                                                      \
	" FROM count_item t WHERE t.session_id = $20 AND NOT EXISTS (SELECT 1 FROM carrier "       \
	"c" BM_PG_VIEWER_ROW "%s AND c.id = t.carrier_id" LIVE ")"

static int pg_count_unexpected(bm_store *bs, bm_arena *a, const bm_viewer *v,
                               const bm_count_session_row *sess, int64_t after, int64_t limit,
                               bm_count_item_row **out, size_t *count)
{
	bm_pg_ledger_sql ls = {0};
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, 0, &ls)) != 0 ||
	    (rc = bm_buf_printf(&sql,
	                        "SELECT t.session_id, t.carrier_id, t.state, t.note,"
	                        " t.at" COUNT_UNEXPECTED_FROM " AND t.carrier_id > $21::bigint"
	                        " ORDER BY t.carrier_id LIMIT $22::bigint",
	                        ls.where.ptr)) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, sess->id);
	bm_pg_p_i64(&ls.p, after);
	if (limit > 0)
		bm_pg_p_i64(&ls.p, limit);
	else
		bm_pg_p_text(&ls.p, NULL);
	rc = item_rows(bm_pg_of(bs), a, sql.ptr, &ls.p, out, count);
done:
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/* Appends `tmpl` with each "%s" in it replaced by `where` (a template, not a format). */
static int put_template(bm_buf *sql, const char *tmpl, const char *where)
{
	const char *at;
	int rc;
	while ((at = strstr(tmpl, "%s")) != NULL) {
		if ((rc = bm_buf_put(sql, tmpl, (size_t)(at - tmpl))) != 0 ||
		    (rc = bm_buf_puts(sql, where)) != 0)
			return rc;
		tmpl = at + 2;
	}
	return bm_buf_puts(sql, tmpl);
}

/* Runs a counting statement over the expected set's filter; vals[0..n) get its one row. */
static int count_numbers(pg_store *s, bm_arena *a, const bm_viewer *v,
                         const bm_count_session_row *sess, const char *tmpl, int64_t *vals, int n)
{
	bm_pg_ledger_sql ls = {0};
	PGresult *r = NULL;
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, 0, &ls)) != 0 ||
	    (rc = put_template(&sql, tmpl, ls.where.ptr)) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, sess->id);
	if ((rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0)
		goto done;
	for (int i = 0; i < n; i++)
		vals[i] = bm_pg_i64(r, 0, i);
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/*
 * Every list's size, nothing loaded: one pass over the expected set counts it and its
 * out carriers (the tick looked up only for a carrier that is out); one pass driven by
 * the ticks counts the found, incomplete and unexpected ones; missing is the rest.
 */
static int pg_count_tally(bm_store *bs, bm_arena *a, const bm_viewer *v,
                          const bm_count_session_row *sess, bm_count_tally *out)
{
	pg_store *s = bm_pg_of(bs);
	int64_t x[3] = {0};
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = count_numbers(s, a, v, sess,
	                        "SELECT count(*), count(*) FILTER (WHERE " COUNT_OUT_SQL
	                        " AND NOT " COUNT_TICKED ") FROM carrier c" BM_PG_VIEWER_ROW
	                        "%s" LIVE,
	                        x, 2)) != 0)
		return rc;
	out->expected = x[0];
	out->n[BM_COUNT_OUT] = x[1];
	if ((rc = count_numbers(s, a, v, sess,
	                        "SELECT count(*), count(*) FILTER (WHERE t.state = 'incomplete'),"
	                        " (SELECT count(*)" COUNT_UNEXPECTED_FROM
	                        ") FROM carrier c" BM_PG_VIEWER_ROW COUNT_TICK "%s" LIVE
	                        " AND c.id IN (SELECT carrier_id FROM count_item"
	                        " WHERE session_id = $20)",
	                        x, 3)) != 0)
		return rc;
	out->n[BM_COUNT_FOUND] = x[0];
	out->n[BM_COUNT_INCOMPLETE] = x[1];
	out->n[BM_COUNT_UNEXPECTED] = x[2];
	out->n[BM_COUNT_MISSING] = out->expected - out->n[BM_COUNT_FOUND] - out->n[BM_COUNT_OUT];
	return 0;
}

/* Rows of (place, name, expected, found, incomplete, out, missing) into an arena array. */
static int place_rows(bm_arena *a, PGresult *r, bool derive_missing, bm_count_place **out,
                      size_t *count)
{
	int n = PQntuples(r);
	bm_count_place *rows;
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows))))
		return bm_error_nomem();
	for (int i = 0; i < n; i++) {
		bm_count_place *p = &rows[i];
		p->place_id = bm_pg_i64(r, i, 0);
		p->name = bm_pg_text(a, r, i, 1);
		p->expected = bm_pg_i64(r, i, 2);
		p->found = bm_pg_i64(r, i, 3);
		p->incomplete = bm_pg_i64(r, i, 4);
		p->out = bm_pg_i64(r, i, 5);
		p->missing = derive_missing ? p->expected - p->found - p->out : bm_pg_i64(r, i, 6);
	}
	*out = rows;
	*count = (size_t)n;
	return 0;
}

/*
 * Each 存放地点's part of a count (issue 14 point 6). An open count: one grouped pass over
 * the expected set (one place's on carrier_place). A closed count: its stored lines on
 * count_line's key, each carrier's place by its primary key; one statement per choice of
 * place, so each one's predicate stays on an index.
 */
#define PLACES_CLOSED                                                                              \
	"SELECT coalesce(c.place_id, 0), sp.name, count(*) FILTER (WHERE l.list <> 'incomplete')," \
	" count(*) FILTER (WHERE l.list = 'found'), count(*) FILTER (WHERE l.list = "              \
	"'incomplete'),"                                                                           \
	" count(*) FILTER (WHERE l.list = 'out'), count(*) FILTER (WHERE l.list = 'missing')"      \
	" FROM count_line l JOIN carrier c ON c.id = l.carrier_id"                                 \
	" LEFT JOIN storage_place sp ON sp.id = c.place_id WHERE l.session_id = $1"                \
	" AND l.list IN ('found', 'missing', 'out', 'incomplete')"
#define PLACES_GROUP " GROUP BY 1, 2 ORDER BY 1"

static int pg_count_places(bm_store *bs, bm_arena *a, const bm_viewer *v,
                           const bm_count_session_row *sess, int64_t place, bm_count_place **out,
                           size_t *count)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_ledger_sql ls = {0};
	PGresult *r = NULL;
	bm_buf sql;
	int rc;

	*out = NULL;
	*count = 0;
	if (sess->closed_at) {
		bm_pg_params p = {0};
		bm_pg_p_i64(&p, sess->id);
		if (place > 0)
			bm_pg_p_i64(&p, place);
		if ((rc = bm_pg_query(s,
		                      place > 0 ? PLACES_CLOSED " AND c.place_id = $2" PLACES_GROUP
		                      : place < 0 ? PLACES_CLOSED
		                              " AND c.place_id IS NULL" PLACES_GROUP
		                                  : PLACES_CLOSED PLACES_GROUP,
		                      &p, &r)) != 0)
			return rc;
		rc = place_rows(a, r, false, out, count);
		PQclear(r);
		return rc;
	}
	bm_buf_init(&sql, 16384);
	if ((rc = count_filter(a, v, sess, place, &ls)) != 0 ||
	    (rc = put_template(&sql,
	                       "SELECT coalesce(c.place_id, 0), sp.name, count(*),"
	                       " count(t.carrier_id), count(*) FILTER (WHERE t.state ="
	                       " 'incomplete'), count(*) FILTER (WHERE t.carrier_id IS NULL "
	                       "AND " COUNT_OUT_SQL "), 0 FROM carrier c" BM_PG_VIEWER_ROW
	                       " LEFT JOIN storage_place sp ON sp.id = c.place_id" COUNT_TICK
	                       "%s" LIVE PLACES_GROUP,
	                       ls.where.ptr)) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, sess->id);
	if ((rc = bm_pg_query(s, sql.ptr, &ls.p, &r)) != 0)
		goto done;
	rc = place_rows(a, r, true, out, count);
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

/* ---- the close (INV-3, INV-4) ---------------------------------------------------------- */

/*
 * The close's parameter row: the session and its unit, scope kind and id, the actor, the
 * instant, the incident's number and its INC-1 texts (close_params gives them in order).
 */
#define CLOSE_ROW                                                                                  \
	" (SELECT $1::bigint AS sid, $2::bigint AS unit, $3::text AS kind, $4::bigint AS scope,"   \
	" $5::bigint AS inc, $6::text AS now, $7::bigint AS actor, $8::text AS circ,"              \
	" $9::text AS src, $10::text AS rule, $11::text AS what) q"

static void close_params(bm_pg_params *p, const bm_count_session_row *sess,
                         const bm_count_apply *ap)
{
	memset(p, 0, sizeof(*p));
	bm_pg_p_i64(p, sess->id);
	bm_pg_p_i64(p, sess->unit_id);
	bm_pg_p_text(p, sess->scope_kind);
	bm_pg_p_i64(p, sess->scope_id);
	bm_pg_p_i64(p, ap->incident_id);
	bm_pg_p_text(p, ap->now);
	bm_pg_p_id(p, ap->actor_id);
	bm_pg_p_text(p, ap->circumstances);
	bm_pg_p_text(p, ap->source);
	bm_pg_p_text(p, ap->rule);
	bm_pg_p_text(p, ap->what);
}

/* Runs the close's statements in order, each with the close's parameter row. */
static int close_steps(pg_store *s, const char *const *steps, size_t n,
                       const bm_count_session_row *sess, const bm_count_apply *ap)
{
	bm_pg_params p;
	int rc;
	close_params(&p, sess, ap);
	for (size_t i = 0; i < n; i++)
		if ((rc = bm_pg_run(s, steps[i], &p)) != 0)
			return rc;
	return 0;
}

/* A JSON text of value x as SQLite's json_object writes one (null for NULL). */
#define JSON_TEXT(x) "coalesce(to_json(" x ")::text, 'null')"

/* The lines of one list of the session in count_line, with the carrier's row. */
#define COUNT_LINES_OF(list)                                                                       \
	" FROM count_line l JOIN carrier c ON c.id = l.carrier_id CROSS JOIN" CLOSE_ROW            \
	" WHERE l.session_id = q.sid AND l.list = '" list "'"

/* A missing line's history detail: {"count_id":N,"incident_id":M}. */
#define MISSING_DETAIL(inc)                                                                        \
	"'{\"count_id\":' || q.sid || ',\"incident_id\":' || coalesce(" inc "::text, 'null')"      \
	" || '}'"

/*
 * INV-4: the carriers the close found missing are flagged `missing` and the missing ones
 * found again go back in store, each with its history event. The flags are set by group
 * with bulk_guard standing the per-row tally triggers aside (pg_schema_1/5.sql), the same
 * changes they would make made here: carrier_tally's and carrier_sight_tally's counts
 * moved from each old status to `missing`, the carrier_sight rows following the carrier.
 */
static int count_apply_flags(pg_store *s, const bm_count_session_row *sess, bm_count_apply *ap)
{
	static const char *const events[] = {
	        /* One event a missing carrier: flagged now, or listed on the count's incident. */
	        "INSERT INTO carrier_event(carrier_id, at, actor_id, action, detail)"
	        " SELECT c.id, q.now, q.actor, 'count.missing', " MISSING_DETAIL("l.incident_id")
	                COUNT_LINES_OF("missing") " AND (c.status <> 'missing'"
	                                          " OR l.incident_id = q.inc)"
	                                          " ORDER BY c.id",
	        "INSERT INTO carrier_event(carrier_id, at, actor_id, action, detail)"
	        " SELECT c.id, q.now, q.actor, 'count.found', '{\"count_id\":' || q.sid || "
	        "'}'" COUNT_LINES_OF("found") " AND c.status = 'missing' ORDER BY c.id",
	};
	static const char *const flags[] = {
	        "WITH d AS (SELECT c.unit_id AS u, c.level AS lv, c.status AS st, count(*) AS "
	        "k" COUNT_LINES_OF(
	                "missing") " AND c.status <> 'missing' GROUP BY 1, 2, 3)"
	                           " INSERT INTO carrier_tally(unit_id, level, status, n)"
	                           " SELECT u, lv, st, -k FROM d UNION ALL"
	                           " SELECT u, lv, 'missing', sum(k)::bigint FROM d GROUP BY 1, 2"
	                           " ON CONFLICT (unit_id, level, status) DO UPDATE SET n = "
	                           "carrier_tally.n + excluded.n",
	        "WITH d AS (SELECT x.unit_id AS u, x.term AS tm, x.ref AS rf, x.level AS lv,"
	        " x.status AS st, count(*) AS k FROM count_line l JOIN carrier_sight x"
	        " ON x.carrier_id = l.carrier_id CROSS JOIN" CLOSE_ROW
	        " WHERE l.session_id = q.sid AND l.list = 'missing' AND x.status <> 'missing'"
	        " GROUP BY 1, 2, 3, 4, 5)"
	        " INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)"
	        " SELECT u, tm, rf, lv, st, -k FROM d UNION ALL"
	        " SELECT u, tm, rf, lv, 'missing', sum(k)::bigint FROM d GROUP BY 1, 2, 3, 4"
	        " ON CONFLICT (unit_id, term, ref, level, status)"
	        " DO UPDATE SET n = carrier_sight_tally.n + excluded.n",
	        "UPDATE carrier_sight x SET status = 'missing' FROM" CLOSE_ROW
	        " WHERE x.carrier_id IN (SELECT carrier_id FROM count_line WHERE session_id = q.sid"
	        " AND list = 'missing') AND x.status <> 'missing'",
	};
	bm_pg_params p;
	int64_t n = 0, m = 0;
	int rc;
	if ((rc = close_steps(s, events, BM_ARRAY_LEN(events), sess, ap)) != 0 ||
	    (rc = bm_pg_exec(s, "INSERT INTO bulk_guard(name) VALUES ('count')")) != 0 ||
	    (rc = close_steps(s, flags, BM_ARRAY_LEN(flags), sess, ap)) != 0)
		return rc;
	close_params(&p, sess, ap);
	if ((rc = run_count(
	             s,
	             "UPDATE carrier c SET status = 'missing', updated_at = q.now FROM" CLOSE_ROW
	             " WHERE c.id IN (SELECT carrier_id FROM count_line"
	             " WHERE session_id = q.sid AND list = 'missing') AND c.status <> 'missing'",
	             &p, &n)) != 0 ||
	    (rc = bm_pg_exec(s, "DELETE FROM bulk_guard WHERE name = 'count'")) != 0 ||
	    (rc = run_count(
	             s,
	             "UPDATE carrier c SET status = 'in_store', updated_at = q.now FROM" CLOSE_ROW
	             " WHERE c.id IN (SELECT carrier_id FROM count_line"
	             " WHERE session_id = q.sid AND list = 'found') AND c.status = 'missing'",
	             &p, &m)) != 0)
		return rc;
	ap->status_changed = n + m;
	return 0;
}

/* ---- devices counted like carriers (sqlite_count_device.c) ---------------------------- */

/* The devices of the session's scope (alias d): the unit's, not scrapped. */
#define DEV_SCOPE(d)                                                                               \
	" " d ".unit_id = q.unit AND " d ".status <> 'scrapped' AND (q.kind = 'unit'"              \
	" OR (q.kind = 'custodian' AND " d ".holder_id = q.scope)"                                 \
	" OR (q.kind = 'department' AND " d ".holder_id IN (SELECT p.id FROM person p"             \
	" WHERE p.department_id = q.scope)))"

/* A device already missing: the open incident an earlier count listed it on. */
#define DEV_PRIOR_INCIDENT                                                                         \
	"(SELECT x.id FROM device_event e JOIN incident x"                                         \
	" ON x.id = (e.detail::jsonb ->> 'incident_id')::bigint WHERE e.device_id = d.id"          \
	" AND e.action = 'count.missing' AND x.status = 'open' ORDER BY e.id DESC LIMIT 1)"

/* Why a tick is outside the scope: not in the unit's register, scrapped, or elsewhere. */
#define DEV_REASON                                                                                 \
	"CASE WHEN d.id IS NULL OR d.unit_id <> q.unit THEN 'unknown'"                             \
	" WHEN d.status = 'scrapped' THEN 'scrapped' ELSE 'outside' END"

/* The session's ticks outside its scope (alias t, the device d left-joined). */
#define DEV_UNEXPECTED                                                                             \
	" FROM count_device_item t CROSS JOIN" CLOSE_ROW                                           \
	" LEFT JOIN device d ON d.id = t.device_id"                                                \
	" LEFT JOIN person h ON h.id = d.holder_id AND d.unit_id = q.unit"                         \
	" WHERE t.session_id = q.sid AND NOT EXISTS (SELECT 1 FROM device s WHERE"                 \
	" s.id = t.device_id AND" DEV_SCOPE("s") ")"

static int pg_count_device_tick(bm_store *bs, bm_arena *a, int64_t session_id, int64_t device_id,
                                const char *note, const char *at, const char **first_at)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0}, q = {0};
	PGresult *r;
	int rc;
	/* The earlier tick's time, when the device was ticked before in the count. */
	*first_at = NULL;
	bm_pg_p_i64(&p, session_id);
	bm_pg_p_i64(&p, device_id);
	if ((rc = bm_pg_query(s,
	                      "SELECT at FROM count_device_item WHERE session_id = $1"
	                      " AND device_id = $2",
	                      &p, &r)) != 0)
		return rc;
	if (PQntuples(r) > 0 && !(*first_at = bm_pg_text(a, r, 0, 0))) {
		PQclear(r);
		return bm_error_nomem();
	}
	PQclear(r);
	if (*first_at && !note)
		return 0; /* a plain rescan: nothing to learn, nothing written */
	bm_pg_p_i64(&q, session_id);
	bm_pg_p_i64(&q, device_id);
	bm_pg_p_text(&q, note);
	bm_pg_p_text(&q, at);
	return bm_pg_run(s,
	                 "INSERT INTO count_device_item(session_id, device_id, note, at)"
	                 " VALUES ($1,$2,$3,$4) ON CONFLICT (session_id, device_id)"
	                 " DO UPDATE SET note = coalesce(excluded.note, count_device_item.note)",
	                 &q);
}

/*
 * An open count's device lines compared in SQL (found: ticked; missing: in scope, not
 * ticked; unexpected: ticked outside it), or a closed count's stored lines; by list,
 * then device id.
 */
static int pg_count_device_lines(bm_store *bs, bm_arena *a, const bm_count_session_row *sess,
                                 bm_count_device_line **out, size_t *count)
{
	pg_store *s = bm_pg_of(bs);
	bm_count_apply none = {0};
	bm_count_device_line *rows;
	bm_pg_params p;
	PGresult *r;
	int n, rc;
	if (!sess->scope_kind)
		return bm_error_nomem();
	close_params(&p, sess, &none);
	if ((rc = bm_pg_query(
	             s,
	             sess->closed_at
	                     ? "SELECT CASE l.list WHEN 'found' THEN 0 WHEN 'missing' THEN 1 ELSE 3"
	                       " END, l.device_id, coalesce((d.id IS NOT NULL AND d.unit_id ="
	                       " q.unit)::int, 0), d.number, d.kind, d.level, l.status, h.name,"
	                       " l.note, l.place, coalesce(l.incident_id, 0)"
	                       " FROM count_device_line l CROSS JOIN" CLOSE_ROW
	                       " LEFT JOIN device d ON d.id = l.device_id"
	                       " LEFT JOIN person h ON h.id = d.holder_id"
	                       " WHERE l.session_id = q.sid ORDER BY 1, 2"
	                     : "SELECT CASE WHEN t.device_id IS NOT NULL THEN 0 ELSE 1 END, d.id, "
	                       "1,"
	                       " d.number, d.kind, d.level, d.status, h.name, t.note, NULL,"
	                       " CASE WHEN t.device_id IS NULL AND d.status = 'missing'"
	                       " THEN coalesce(" DEV_PRIOR_INCIDENT ", 0) ELSE 0 END"
	                       " FROM device d CROSS JOIN" CLOSE_ROW
	                       " LEFT JOIN count_device_item t ON t.session_id = q.sid"
	                       " AND t.device_id = d.id LEFT JOIN person h ON h.id = d.holder_id"
	                       " WHERE" DEV_SCOPE("d") " UNION ALL"
	                                               " SELECT 3, t.device_id, coalesce((d.id IS "
	                                               "NOT NULL AND d.unit_id ="
	                                               " q.unit)::int, 0), d.number, d.kind, "
	                                               "d.level, d.status, h.name,"
	                                               " t.note, " DEV_REASON ", 0" DEV_UNEXPECTED
	                                               " ORDER BY 1, 2",
	             &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_count_device_line *l = &rows[i];
		int kind = 0;
		memset(l, 0, sizeof(*l));
		l->list = (int)bm_pg_i64(r, i, 0);
		l->device_id = bm_pg_i64(r, i, 1);
		l->known = bm_pg_i64(r, i, 2) != 0;
		if (l->known) {
			l->number = bm_pg_text(a, r, i, 3);
			if ((rc = bm_pg_vocab(r, i, 4, bm_device_kind_names, BM_DEVICE_KIND_COUNT,
			                      &kind)) != 0) {
				PQclear(r);
				return rc;
			}
			l->kind = (bm_device_kind)kind;
			l->level = (bm_level)bm_pg_i64(r, i, 5);
			l->status = bm_pg_text(a, r, i, 6);
			l->holder_name = bm_pg_text(a, r, i, 7);
		}
		l->note = bm_pg_text(a, r, i, 8);
		l->reason = bm_pg_text(a, r, i, 9);
		l->incident_id = bm_pg_i64(r, i, 10);
	}
	PQclear(r);
	*out = rows;
	*count = (size_t)n;
	return 0;
}

/* The session's stored device lines of one list (alias l). */
#define DEV_LINES(list)                                                                            \
	" FROM count_device_line l CROSS JOIN" CLOSE_ROW                                           \
	" WHERE l.session_id = q.sid AND l.list = '" list "'"

/* A close's device lines (issue 10 point 3), each write one set-based statement. */
static int count_device_apply(pg_store *s, const bm_count_session_row *sess,
                              const bm_count_apply *ap)
{
	static const char *const steps[] = {
	        /* The scope's devices: found or missing; a missing one names its open
	           incident from an earlier count, else this count's (q.inc). */
	        "INSERT INTO count_device_line(session_id, list, device_id, status, incident_id,"
	        " note) SELECT sid, k, id, CASE k WHEN 'missing' THEN 'missing'"
	        " WHEN 'found' THEN (CASE st WHEN 'missing' THEN 'in_use' ELSE st END) END,"
	        " CASE k WHEN 'missing' THEN coalesce(prior, inc) END, note"
	        " FROM (SELECT q.sid AS sid, q.inc AS inc, d.id AS id, d.status AS st,"
	        " t.note AS note,"
	        " CASE WHEN t.device_id IS NOT NULL THEN 'found' ELSE 'missing' END AS k,"
	        " CASE WHEN d.status = 'missing' THEN " DEV_PRIOR_INCIDENT " END AS prior"
	        " FROM device d CROSS JOIN" CLOSE_ROW
	        " LEFT JOIN count_device_item t ON t.session_id = q.sid"
	        " AND t.device_id = d.id WHERE" DEV_SCOPE("d") " ORDER BY d.id) z",
	        /* The ticks outside the scope, with the reason. */
	        "INSERT INTO count_device_line(session_id, list, device_id, status, note, place)"
	        " SELECT q.sid, 'unexpected', t.device_id, CASE WHEN d.unit_id = q.unit"
	        " THEN d.status END, t.note, " DEV_REASON DEV_UNEXPECTED,
	        /* INV-4: each device newly missing, or listed on this count's incident,
	           has one history event; each missing one found again too. */
	        "INSERT INTO device_event(device_id, at, actor_id, action, detail)"
	        " SELECT l.device_id, q.now, q.actor, 'count.missing', " MISSING_DETAIL(
	                "l.incident_id") DEV_LINES("missing") " AND (l.incident_id = q.inc OR"
	                                                      " (SELECT d.status FROM device d"
	                                                      " WHERE d.id = l.device_id)"
	                                                      " <> 'missing') ORDER BY l.device_id",
	        "INSERT INTO device_event(device_id, at, actor_id, action, detail)"
	        " SELECT l.device_id, q.now, q.actor, 'count.found', '{\"count_id\":' || q.sid"
	        " || '}' FROM count_device_line l JOIN device d ON d.id = l.device_id"
	        " CROSS JOIN" CLOSE_ROW " WHERE l.session_id = q.sid AND l.list = 'found'"
	        " AND d.status = 'missing' ORDER BY l.device_id",
	        "UPDATE device SET status = 'missing', updated_at = q.now FROM" CLOSE_ROW
	        " WHERE device.id IN (SELECT l.device_id FROM count_device_line l"
	        " WHERE l.session_id = q.sid AND l.list = 'missing') AND device.status <> "
	        "'missing'",
	        "UPDATE device SET status = 'in_use', updated_at = q.now FROM" CLOSE_ROW
	        " WHERE device.id IN (SELECT l.device_id FROM count_device_line l"
	        " WHERE l.session_id = q.sid AND l.list = 'found') AND device.status = 'missing'",
	};
	return close_steps(s, steps, BM_ARRAY_LEN(steps), sess, ap);
}

/* The level code of `lv`, as bm_level_names spells it (an INC-1 record's "level"). */
#define COUNT_LEVEL_CODE(lv)                                                                       \
	"CASE " lv " WHEN 0 THEN 'public' WHEN 1 THEN 'internal' WHEN 2 THEN 'confidential'"       \
	" WHEN 3 THEN 'secret' WHEN 4 THEN 'top_secret' END"
_Static_assert(BM_LEVEL_COUNT == 5, "COUNT_LEVEL_CODE names every level");

/*
 * INV-4 / INC-1: one incident for the count, kind `missing`, holding every missing line
 * of the session (carriers, then devices) that names ap->incident_id, the number reserved
 * before the lines were written; its record: quantity the number of them (`devices`: how
 * many are devices), level the highest of theirs, form their kinds in the order first met
 * (SQLite's group_concat(DISTINCT)). None is opened when no line names it; when one is,
 * the incident's identity follows it, so the next incident_insert takes the next number.
 */
static int count_apply_incidents(pg_store *s, const bm_count_session_row *sess, bm_count_apply *ap)
{
	bm_pg_params p;
	int64_t n = 0;
	int rc;
	close_params(&p, sess, ap);
	if (
	        (rc = run_count(s,
	                        "WITH u AS (SELECT c.kind AS f, c.level AS lv, 0 AS dev, 0 "
	                        "AS grp, c.id AS pos" COUNT_LINES_OF(
	                                "missing") " AND l.incident_id = q.inc"
	                                           " UNION ALL SELECT d.kind, d.level, 1, "
	                                           "1, d.id FROM count_device_line l"
	                                           " JOIN device d ON d.id = l.device_id "
	                                           "CROSS JOIN" CLOSE_ROW
	                                           " WHERE l.session_id = q.sid AND l.list "
	                                           "= 'missing' AND l.incident_id = q.inc)"
	                                           " INSERT INTO incident(id, unit_id, "
	                                           "kind, carrier_id, status, opened_by,"
	                                           " opened_at, detail) SELECT q.inc, "
	                                           "q.unit, 'missing', NULL, 'open', "
	                                           "q.actor,"
	                                           " q.now, '{\"circumstances\":' "
	                                           "|| " JSON_TEXT("q.circ") " || ',\"count_id\":' "
	                                                                     "|| q.sid || "
	                                                                     "',\"form\":' "
	                                                                     "|| " JSON_TEXT("(SELE"
	                                                                                     "CT "
	                                                                                     "strin"
	                                                                                     "g_"
	                                                                                     "agg("
	                                                                                     "f, "
	                                                                                     "',' "
	                                                                                     "ORDER"
	                                                                                     " BY "
	                                                                                     "k) "
	                                                                                     "FROM "
	                                                                                     "(SELE"
	                                                                                     "CT f,"
	                                                                                     " min("
	                                                                                     "ARRAY"
	                                                                                     "[grp,"
	                                                                                     " pos]"
	                                                                                     ") AS "
	                                                                                     "k "
	                                                                                     "FROM "
	                                                                                     "u "
	                                                                                     "GROUP"
	                                                                                     " BY "
	                                                                                     "f) "
	                                                                                     "z)") " || ',\"level\":' || " JSON_TEXT(COUNT_LEVEL_CODE("max(u.lv)")) " || ',\"quantity\":' || " JSON_TEXT("count(*)::text") " || ',\"devices\":' || " JSON_TEXT("sum(u.dev)::text") " || ',\"rule\":' || " JSON_TEXT("q.rule") " || ',\"source\":' || " JSON_TEXT("q.src") " || ',\"what\":' || " JSON_TEXT("q.what") " || '}'"
	                                                                                                                                                                                                                                                                                                                                                                                                             " FROM u CROSS JOIN" CLOSE_ROW
	                                                                                                                                                                                                                                                                                                                                                                                                             " GROUP BY q.inc, q.unit, q.actor, q.now, q.circ, q.sid, q.rule, q.src, q.what"
	                                                                                                                                                                                                                                                                                                                                                                                                             " HAVING count(*) > 0",
	                        &p, &n)) != 0)
		return rc;
	ap->incidents_opened = n;
	if (n == 0) {
		ap->incident_id = 0;
		return 0;
	}
	bm_pg_params q = {0};
	bm_pg_p_i64(&q, ap->incident_id);
	return bm_pg_run(s, "SELECT setval(pg_get_serial_sequence('incident', 'id'), $1::bigint)",
	                 &q);
}

/* What the close wrote, by list, from count_line's key. */
static int count_apply_tally(pg_store *s, const bm_count_session_row *sess, bm_count_apply *ap)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, sess->id);
	if ((rc = bm_pg_query(s,
	                      "SELECT list, count(*) FROM count_line WHERE session_id = $1"
	                      " GROUP BY list",
	                      &p, &r)) != 0)
		return rc;
	for (int i = 0; i < PQntuples(r); i++)
		for (int k = 0; k < BM_COUNT_LISTS; k++)
			if (strcmp(PQgetvalue(r, i, 0), bm_count_list_names[k]) == 0)
				ap->tally.n[k] = bm_pg_i64(r, i, 1);
	PQclear(r);
	ap->tally.expected = ap->tally.n[BM_COUNT_FOUND] + ap->tally.n[BM_COUNT_MISSING] +
	                     ap->tally.n[BM_COUNT_OUT];
	return 0;
}

/*
 * The close's writes, in the caller's transaction (INV-3, INV-4), as on SQLite: the
 * incident's number reserved (the next after the greatest: every writer holds the chain's
 * head, so none other is writing one); the expected set's lines from one INSERT … SELECT,
 * the incomplete ones copied from the found ones; the history events and status changes;
 * the device lines; then the count's one incident and the tally of what was written.
 */
static int pg_count_apply(bm_store *bs, bm_arena *a, const bm_viewer *v,
                          const bm_count_session_row *sess, bm_count_apply *ap)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_ledger_sql ls = {0};
	bm_pg_params p = {0};
	PGresult *r = NULL;
	bm_buf sql;
	int rc;

	bm_buf_init(&sql, 16384);
	ap->incidents_opened = ap->status_changed = 0;
	memset(&ap->tally, 0, sizeof(ap->tally));
	if ((rc = bm_pg_query(s, "SELECT coalesce(max(id), 0) + 1 FROM incident", NULL, &r)) != 0)
		goto done;
	ap->incident_id = bm_pg_i64(r, 0, 0);
	PQclear(r);
	r = NULL;
	if ((rc = count_filter(a, v, sess, 0, &ls)) != 0 ||
	    (rc = bm_buf_printf(
	             &sql,
	             "INSERT INTO count_line(session_id, list, carrier_id, status, incident_id,"
	             " loan_id, dispatch_id, note)"
	             " SELECT $20::bigint, k, cid, CASE k WHEN 'missing' THEN 'missing'"
	             "  WHEN 'found' THEN (CASE st WHEN 'missing' THEN 'in_store' ELSE st END)"
	             "  ELSE st END,"
	             /* A missing line names the carrier's open incident: its own, else the
	                count's whose line an earlier close gave it, else this count's ($21). */
	             " CASE k WHEN 'missing' THEN coalesce(" PRIOR_INCIDENT(
	                     "cid",
	                     "st") "), $21::bigint) END,"
	                           " CASE k WHEN 'out' THEN " FIRST_LOAN(
	                                   "cid") " END,"
	                                          " CASE k WHEN 'out' THEN " OPEN_DISPATCH(
	                                                  "cid") " END, note"
	                                                         " FROM (SELECT c.id AS cid, "
	                                                         "c.status AS st, t.note AS note,"
	                                                         " CASE WHEN t.carrier_id IS NOT "
	                                                         "NULL THEN 'found' "
	                                                         "WHEN " COUNT_OUT_SQL
	                                                         " THEN 'out' ELSE 'missing' END "
	                                                         "AS k FROM carrier "
	                                                         "c" BM_PG_VIEWER_ROW COUNT_TICK
	                                                         "%s" LIVE " ORDER BY c.id) z",
	             ls.where.ptr)) != 0)
		goto done;
	bm_pg_p_i64(&ls.p, sess->id);
	bm_pg_p_i64(&ls.p, ap->incident_id);
	if ((rc = bm_pg_run(s, sql.ptr, &ls.p)) != 0)
		goto done;
	bm_pg_p_i64(&p, sess->id);
	if ((rc = bm_pg_run(s,
	                    "INSERT INTO count_line(session_id, list, carrier_id, status, note)"
	                    " SELECT l.session_id, 'incomplete', l.carrier_id, l.status, l.note"
	                    " FROM count_line l JOIN count_item t ON t.session_id = l.session_id"
	                    " AND t.carrier_id = l.carrier_id WHERE l.session_id = $1"
	                    " AND l.list = 'found' AND t.state = 'incomplete'",
	                    &p)) != 0 ||
	    (rc = count_apply_flags(s, sess, ap)) != 0 ||
	    (rc = count_device_apply(s, sess, ap)) != 0 ||
	    (rc = count_apply_incidents(s, sess, ap)) != 0 ||
	    (rc = count_apply_tally(s, sess, ap)) != 0)
		goto done;
done:
	PQclear(r);
	bm_buf_release(&ls.where);
	bm_buf_release(&sql);
	return rc;
}

static int pg_count_line_add(bm_store *bs, int64_t session_id, const bm_count_line_row *l)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, session_id);
	bm_pg_p_text(&p, bm_count_list_names[l->list]);
	bm_pg_p_i64(&p, l->carrier_id);
	bm_pg_p_text(&p, l->status);
	bm_pg_p_id(&p, l->incident_id);
	bm_pg_p_id(&p, l->loan_id);
	bm_pg_p_id(&p, l->dispatch_id);
	bm_pg_p_text(&p, l->note);
	bm_pg_p_text(&p, l->title);
	bm_pg_p_text(&p, l->marking);
	bm_pg_p_text(&p, l->number);
	bm_pg_p_text(&p, l->where);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO count_line(session_id, list, carrier_id, status, incident_id,"
	                 " loan_id, dispatch_id, note, title, marking, number, place)"
	                 " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)",
	                 &p);
}

/*
 * A page of a closed session's stored lines of one list, on count_line's key: the page's
 * lines first (with the carrier's place when a place is asked), then their carriers.
 */
#define LINES_OF_LIST(inner)                                                                       \
	"SELECT " BM_PG_CARRIER_COLS ", l.status, l.incident_id, l.loan_id, lp.name, lo.kind,"     \
	" lo.due_at, l.dispatch_id, l.note FROM (SELECT l.* FROM count_line l" inner               \
	" ORDER BY l.carrier_id LIMIT $4::bigint) l JOIN carrier c ON c.id = "                     \
	"l.carrier_id" BM_PG_CARRIER_JOINS " LEFT JOIN loan lo ON lo.id = l.loan_id"               \
	" LEFT JOIN person lp ON lp.id = lo.holder_id ORDER BY l.carrier_id"
#define LINES_WHERE    " WHERE l.session_id = $1 AND l.list = $2 AND l.carrier_id > $3"
#define LINES_AT_PLACE " JOIN carrier p ON p.id = l.carrier_id" LINES_WHERE

static int pg_count_lines(bm_store *bs, bm_arena *a, int64_t session_id, const bm_count_slice *sl,
                          bm_count_stored **out, size_t *count)
{
	bool unexpected = sl->list == BM_COUNT_UNEXPECTED;
	bm_count_stored *rows;
	bm_pg_params p = {0};
	const char *sql;
	PGresult *r;
	int n, rc;
	bm_pg_p_i64(&p, session_id);
	bm_pg_p_text(&p, bm_count_list_names[sl->list]);
	bm_pg_p_i64(&p, sl->after);
	if (sl->limit > 0)
		bm_pg_p_i64(&p, sl->limit);
	else
		bm_pg_p_text(&p, NULL);
	if (unexpected)
		sql = "SELECT carrier_id, status, note, title, marking, number, place"
		      " FROM count_line WHERE session_id = $1 AND list = $2"
		      " AND carrier_id > $3 ORDER BY carrier_id LIMIT $4::bigint";
	else if (sl->place > 0) {
		sql = LINES_OF_LIST(LINES_AT_PLACE " AND p.place_id = $5");
		bm_pg_p_i64(&p, sl->place);
	} else if (sl->place < 0)
		sql = LINES_OF_LIST(LINES_AT_PLACE " AND p.place_id IS NULL");
	else
		sql = LINES_OF_LIST(LINES_WHERE);
	if ((rc = bm_pg_query(bm_pg_of(bs), sql, &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_count_stored *x = &rows[i];
		memset(x, 0, sizeof(*x));
		if (unexpected) {
			x->e.c.id = bm_pg_i64(r, i, 0);
			x->status = bm_pg_text(a, r, i, 1);
			x->e.note = bm_pg_text(a, r, i, 2);
			x->title = bm_pg_text(a, r, i, 3);
			x->marking = bm_pg_text(a, r, i, 4);
			x->number = bm_pg_text(a, r, i, 5);
			x->where = bm_pg_text(a, r, i, 6);
			continue;
		}
		if ((rc = bm_pg_read_carrier(a, r, i, &x->e.c)) != 0) {
			PQclear(r);
			return rc;
		}
		x->has_carrier = true;
		x->status = bm_pg_text(a, r, i, COUNT_COL);
		x->e.incident_id = bm_pg_i64(r, i, COUNT_COL + 1);
		x->e.loan_id = bm_pg_i64(r, i, COUNT_COL + 2);
		x->e.loan_holder = bm_pg_text(a, r, i, COUNT_COL + 3);
		x->e.loan_kind = bm_pg_text(a, r, i, COUNT_COL + 4);
		x->e.loan_due = bm_pg_text(a, r, i, COUNT_COL + 5);
		x->e.dispatch_id = bm_pg_i64(r, i, COUNT_COL + 6);
		x->e.note = bm_pg_text(a, r, i, COUNT_COL + 7);
	}
	PQclear(r);
	*out = rows;
	*count = (size_t)n;
	return 0;
}

/*
 * Every stored line in (list, carrier) order, lists bytewise as SQLite's BINARY orders
 * them (the close's digest follows this order): each list walked on count_line's key, a
 * page of LINE_PAGE lines at a time, so a million lines are never held at once.
 */
enum { LINE_PAGE = 10000 };

static int pg_count_line_each(bm_store *bs, int64_t session_id,
                              int (*cb)(void *ud, const bm_count_line_row *l), void *ud)
{
	static const bm_count_list order[] = {BM_COUNT_FOUND, BM_COUNT_INCOMPLETE, BM_COUNT_MISSING,
	                                      BM_COUNT_OUT, BM_COUNT_UNEXPECTED};
	pg_store *s = bm_pg_of(bs);
	int rc;
	for (size_t k = 0; k < BM_ARRAY_LEN(order); k++) {
		int64_t after = 0;
		int n;
		do {
			bm_pg_params p = {0};
			PGresult *r;
			bm_pg_p_i64(&p, session_id);
			bm_pg_p_text(&p, bm_count_list_names[order[k]]);
			bm_pg_p_i64(&p, after);
			bm_pg_p_i64(&p, LINE_PAGE);
			if ((rc = bm_pg_query(
			             s,
			             "SELECT carrier_id, status, coalesce(incident_id, 0),"
			             " coalesce(loan_id, 0), coalesce(dispatch_id, 0), note,"
			             " title, marking, number, place FROM count_line"
			             " WHERE session_id = $1 AND list = $2 AND carrier_id > $3"
			             " ORDER BY carrier_id LIMIT $4",
			             &p, &r)) != 0)
				return rc;
			n = PQntuples(r);
			for (int i = 0; i < n; i++) {
#define TEXT_OR_NULL(c) (PQgetisnull(r, i, c) ? NULL : PQgetvalue(r, i, c))
				bm_count_line_row l = {
				        .list = order[k],
				        .carrier_id = bm_pg_i64(r, i, 0),
				        .status = TEXT_OR_NULL(1),
				        .incident_id = bm_pg_i64(r, i, 2),
				        .loan_id = bm_pg_i64(r, i, 3),
				        .dispatch_id = bm_pg_i64(r, i, 4),
				        .note = TEXT_OR_NULL(5),
				        .title = TEXT_OR_NULL(6),
				        .marking = TEXT_OR_NULL(7),
				        .number = TEXT_OR_NULL(8),
				        .where = TEXT_OR_NULL(9),
				};
#undef TEXT_OR_NULL
				after = l.carrier_id;
				if ((rc = cb(ud, &l)) != 0) {
					PQclear(r);
					return rc;
				}
			}
			PQclear(r);
		} while (n == LINE_PAGE);
	}
	return 0;
}

void bm_pg_count_ops(struct bm_store_ops *ops)
{
	ops->count_insert = pg_count_insert;
	ops->count_get = pg_count_get;
	ops->count_list = pg_count_list;
	ops->count_close = pg_count_close;
	ops->count_tick = pg_count_tick;
	ops->count_items = pg_count_items;
	ops->count_last_closed = pg_count_last_closed;
	ops->incident_insert = pg_incident_insert;
	ops->incident_update = pg_incident_update;
	ops->incident_get = pg_incident_get;
	ops->incident_list = pg_incident_list;
	ops->count_expected = pg_count_expected;
	ops->count_unexpected = pg_count_unexpected;
	ops->count_tally = pg_count_tally;
	ops->count_places = pg_count_places;
	ops->count_apply = pg_count_apply;
	ops->count_line_add = pg_count_line_add;
	ops->count_lines = pg_count_lines;
	ops->count_line_each = pg_count_line_each;
	ops->count_device_tick = pg_count_device_tick;
	ops->count_device_lines = pg_count_device_lines;
}
