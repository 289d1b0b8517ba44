/*
 * sqlite_ledger.c — the ledgers of issue 3 in the SQLite back end:
 * dispatches and their receipts (SEND-1..5), count sessions and their
 * ticks (INV-1..4), incidents (BORROW-6, INV-4, INC-1/4), and the
 * read-only queries behind alerts and registers. Tables in migration 3
 * (sqlite_schema_workflow.h). Every statement is constant text with bound
 * parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

static int not_found(const char *what_zh, const char *what_en, int64_t id)
{
	char zh[128], en[128];
	snprintf(zh, sizeof(zh), "%s %lld 不存在", what_zh, (long long)id);
	snprintf(en, sizeof(en), "%s %lld does not exist", what_en, (long long)id);
	return bm_error_set_msg(BM_ENOTFOUND, "not_found", NULL, zh, en);
}

/* ---- dispatches (SEND-1..5) --------------------------------------------------- */

int bm_sq_dispatch_insert(bm_store *bs, bm_dispatch_row *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO dispatch(unit_id, channel, courier, escorts,"
	                     " created_by, created_at, status, note, foreign_party, request_id)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->unit_id);
	bm_sq_bind_text(st, 2, bm_channel_names[d->channel].code);
	bm_sq_bind_text(st, 3, d->courier);
	bm_sq_bind_text(st, 4, d->escorts ? d->escorts : "[]");
	sqlite3_bind_int64(st, 5, d->created_by);
	bm_sq_bind_text(st, 6, d->created_at);
	bm_sq_bind_text(st, 7, d->status ? d->status : "open");
	bm_sq_bind_text(st, 8, d->note);
	sqlite3_bind_int(st, 9, d->foreign_party ? 1 : 0);
	if (d->request_id)
		sqlite3_bind_int64(st, 10, d->request_id);
	else
		sqlite3_bind_null(st, 10);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	d->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < d->n_items; i++) {
		const bm_dispatch_item_row *it = &d->items[i];
		if ((rc = bm_sq_prep(s, &st,
		                     "INSERT INTO dispatch_item(dispatch_id, carrier_id, recipient,"
		                     " signed_at, signed_by) VALUES (?,?,?,?,?)")) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, it->carrier_id);
		bm_sq_bind_text(st, 3, it->recipient);
		bm_sq_bind_text(st, 4, it->signed_at);
		bm_sq_bind_text(st, 5, it->signed_by);
		if ((rc = bm_sq_step_done(s, st)) != 0)
			return rc;
	}
	return 0;
}

#define DISPATCH_COLS                                                                              \
	"SELECT d.id, d.unit_id, d.channel, d.courier, d.escorts, d.created_by, d.created_at,"     \
	" d.status, d.note, p.name, d.foreign_party, d.request_id"                                 \
	" FROM dispatch d LEFT JOIN person p ON p.id = d.created_by"

static int read_dispatch(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_dispatch_row *d = (bm_dispatch_row *)rows + n;
	int v, rc;
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->unit_id = sqlite3_column_int64(st, 1);
	if ((rc = bm_sq_col_vocab(st, 2, bm_channel_names, BM_CHANNEL_COUNT, &v)) != 0)
		return rc;
	d->channel = (bm_channel)v;
	d->courier = bm_sq_col_text(a, st, 3);
	d->escorts = bm_sq_col_text(a, st, 4);
	d->created_by = sqlite3_column_int64(st, 5);
	d->created_at = bm_sq_col_text(a, st, 6);
	d->status = bm_sq_col_text(a, st, 7);
	d->note = bm_sq_col_text(a, st, 8);
	d->created_by_name = bm_sq_col_text(a, st, 9);
	d->foreign_party = sqlite3_column_int(st, 10) != 0;
	d->request_id = sqlite3_column_int64(st, 11);
	return 0;
}

static int read_dispatch_item(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_dispatch_item_row *it = (bm_dispatch_item_row *)rows + n;
	it->carrier_id = sqlite3_column_int64(st, 0);
	it->recipient = bm_sq_col_text(a, st, 1);
	it->signed_at = bm_sq_col_text(a, st, 2);
	it->signed_by = bm_sq_col_text(a, st, 3);
	return 0;
}

/* Fills the items of each dispatch, in the order they were listed. */
static int load_dispatch_items(sq_store *s, bm_arena *a, bm_dispatch_row *d, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		sqlite3_stmt *st;
		void *items;
		int rc;
		if ((rc = bm_sq_prep(s, &st,
		                     "SELECT carrier_id, recipient, signed_at, signed_by"
		                     " FROM dispatch_item WHERE dispatch_id = ? ORDER BY rowid")) !=
		    0)
			return rc;
		sqlite3_bind_int64(st, 1, d[i].id);
		if ((rc = bm_sq_collect(s, a, st, sizeof(bm_dispatch_item_row), read_dispatch_item,
		                        &items, &d[i].n_items)) != 0)
			return rc;
		d[i].items = items;
	}
	return 0;
}

int bm_sq_dispatch_get(bm_store *bs, bm_arena *a, int64_t id, bm_dispatch_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, DISPATCH_COLS " WHERE d.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_dispatch_row), read_dispatch, &rows, &n)) != 0)
		return rc;
	if (n == 0)
		return not_found("发文记录", "dispatch", id);
	if ((rc = load_dispatch_items(s, a, rows, 1)) != 0)
		return rc;
	*out = rows;
	return 0;
}

int bm_sq_dispatch_list(bm_store *bs, bm_arena *a, bool open_only, bm_dispatch_row **out,
                        size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	size_t n = 0;
	int rc;
	/* Two statements, not "(?1 = 0 OR …)": SQLite cannot index that (dispatch_status). */
	if ((rc = bm_sq_prep(s, &st,
	                     open_only ? DISPATCH_COLS " WHERE d.status = 'open' ORDER BY d.id"
	                               : DISPATCH_COLS " ORDER BY d.id")) != 0)
		return rc;
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_dispatch_row), read_dispatch, &rows, &n)) !=
	            0 ||
	    (rc = load_dispatch_items(s, a, rows, n)) != 0)
		return rc;
	*out = rows;
	*count = n;
	return 0;
}

int bm_sq_dispatch_sign(bm_store *bs, int64_t dispatch_id, int64_t carrier_id,
                        const char *signed_at, const char *signed_by)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc, signed_already;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT signed_at IS NOT NULL FROM dispatch_item"
	                     " WHERE dispatch_id = ? AND carrier_id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, dispatch_id);
	sqlite3_bind_int64(st, 2, carrier_id);
	rc = sqlite3_step(st);
	signed_already = rc == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	bm_sq_release(s, st);
	if (rc == SQLITE_DONE)
		return bm_error_set(BM_ENOTFOUND, "not_on_dispatch", NULL,
		                    "carrier %lld is not on dispatch %lld",
		                    "carrier %lld is not on dispatch %lld", (long long)carrier_id,
		                    (long long)dispatch_id);
	if (rc != SQLITE_ROW)
		return bm_sq_db_fail(s, rc);
	if (signed_already)
		return bm_error_set(BM_ECONFLICT, "already_signed", NULL,
		                    "carrier %lld has been signed for already",
		                    "carrier %lld has been signed for already",
		                    (long long)carrier_id);
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE dispatch_item SET signed_at = ?, signed_by = ?"
	                     " WHERE dispatch_id = ? AND carrier_id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, signed_at);
	bm_sq_bind_text(st, 2, signed_by);
	sqlite3_bind_int64(st, 3, dispatch_id);
	sqlite3_bind_int64(st, 4, carrier_id);
	return bm_sq_step_done(s, st);
}

int bm_sq_dispatch_set_status(bm_store *bs, int64_t id, const char *status)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "UPDATE dispatch SET status = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, status);
	sqlite3_bind_int64(st, 2, id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	return sqlite3_changes(s->db) ? 0 : not_found("发文记录", "dispatch", id);
}

int bm_sq_dispatch_for_carrier(bm_store *bs, int64_t carrier_id, int64_t *dispatch_id)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT d.id FROM dispatch d JOIN dispatch_item i"
	                     " ON i.dispatch_id = d.id WHERE i.carrier_id = ?"
	                     " AND i.signed_at IS NULL AND d.status = 'open'"
	                     " ORDER BY d.id DESC LIMIT 1")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, carrier_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*dispatch_id = sqlite3_column_int64(st, 0);
	else if (rc == SQLITE_DONE)
		*dispatch_id = 0;
	rc = rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* ---- counts (INV-1..4) --------------------------------------------------------- */

int bm_sq_count_insert(bm_store *bs, bm_count_session_row *c)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO count_session(unit_id, scope_kind, scope_id, reason,"
	                     " started_by, started_at) VALUES (?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, c->unit_id);
	bm_sq_bind_text(st, 2, c->scope_kind);
	bm_sq_bind_id(st, 3, c->scope_id);
	bm_sq_bind_text(st, 4, c->reason);
	sqlite3_bind_int64(st, 5, c->started_by);
	bm_sq_bind_text(st, 6, c->started_at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		c->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

#define COUNT_COLS                                                                                 \
	"SELECT c.id, c.unit_id, c.scope_kind, coalesce(c.scope_id, 0), c.reason, c.started_by,"   \
	" c.started_at, c.closed_at, c.result, p.name FROM count_session c"                        \
	" LEFT JOIN person p ON p.id = c.started_by"

static int read_count(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_count_session_row *c = (bm_count_session_row *)rows + n;
	memset(c, 0, sizeof(*c));
	c->id = sqlite3_column_int64(st, 0);
	c->unit_id = sqlite3_column_int64(st, 1);
	c->scope_kind = bm_sq_col_text(a, st, 2);
	c->scope_id = sqlite3_column_int64(st, 3);
	c->reason = bm_sq_col_text(a, st, 4);
	c->started_by = sqlite3_column_int64(st, 5);
	c->started_at = bm_sq_col_text(a, st, 6);
	c->closed_at = bm_sq_col_text(a, st, 7);
	c->result = bm_sq_col_text(a, st, 8);
	c->started_by_name = bm_sq_col_text(a, st, 9);
	return 0;
}

int bm_sq_count_get(bm_store *bs, bm_arena *a, int64_t id, bm_count_session_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, COUNT_COLS " WHERE c.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_count_session_row), read_count, &rows, &n)) !=
	    0)
		return rc;
	if (n == 0)
		return not_found("清查", "count session", id);
	*out = rows;
	return 0;
}

int bm_sq_count_list(bm_store *bs, bm_arena *a, bm_count_session_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st, COUNT_COLS " ORDER BY c.id")) != 0)
		return rc;
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_count_session_row), read_count, &rows,
	                        count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

int bm_sq_count_close(bm_store *bs, int64_t id, const char *closed_at, const char *result)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE count_session SET closed_at = ?, result = ?"
	                     " WHERE id = ? AND closed_at IS NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, closed_at);
	bm_sq_bind_text(st, 2, result);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ECONFLICT, "count_closed", NULL,
		                    "count session %lld does not exist or is closed",
		                    "count session %lld does not exist or is closed",
		                    (long long)id);
	return 0;
}

int bm_sq_count_tick(bm_store *bs, bm_arena *a, const bm_count_item_row *it,
                     bm_count_item_row **prev)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n = 0;
	void *rows = NULL;
	int rc;
	if (prev)
		*prev = NULL;
	/* The first tick, if any (count_item's key): a repeated scan is told apart. */
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT session_id, carrier_id, state, note, at FROM count_item"
	                     " WHERE session_id = ? AND carrier_id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, it->session_id);
	sqlite3_bind_int64(st, 2, it->carrier_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_count_item_row), bm_sq_read_count_item, &rows,
	                        &n)) != 0)
		return rc;
	if (prev && n)
		*prev = rows;
	if (n && !it->note && (!it->incomplete || ((bm_count_item_row *)rows)->incomplete))
		return 0; /* nothing to learn: nothing written */
	/*
	 * A repeated scan counts nothing twice (issue 14 point 6): the first
	 * tick's time stays. A plain rescan only learns that attachments are
	 * missing, never clears it; a rescan with a note is the clerk's word
	 * and replaces the state and the note (e.g. "补齐").
	 */
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO count_item(session_id, carrier_id, state, note, at)"
	                     " VALUES (?,?,?,?,?) ON CONFLICT(session_id, carrier_id) DO UPDATE"
	                     " SET state = CASE WHEN excluded.note IS NOT NULL OR"
	                     " excluded.state = 'incomplete' THEN excluded.state ELSE state END,"
	                     " note = coalesce(excluded.note, note)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, it->session_id);
	sqlite3_bind_int64(st, 2, it->carrier_id);
	bm_sq_bind_text(st, 3, it->incomplete ? "incomplete" : "found");
	bm_sq_bind_text(st, 4, it->note);
	bm_sq_bind_text(st, 5, it->at);
	return bm_sq_step_done(s, st);
}

int bm_sq_read_count_item(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_count_item_row *it = (bm_count_item_row *)rows + n;
	const unsigned char *state;
	it->session_id = sqlite3_column_int64(st, 0);
	it->carrier_id = sqlite3_column_int64(st, 1);
	state = sqlite3_column_text(st, 2);
	it->incomplete = state && strcmp((const char *)state, "incomplete") == 0;
	it->note = bm_sq_col_text(a, st, 3);
	it->at = bm_sq_col_text(a, st, 4);
	return 0;
}

int bm_sq_count_items(bm_store *bs, bm_arena *a, int64_t session_id, bm_count_item_row **out,
                      size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT session_id, carrier_id, state, note, at FROM count_item"
	                     " WHERE session_id = ? ORDER BY carrier_id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_count_item_row), bm_sq_read_count_item, &rows,
	                        count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/* ---- incidents (BORROW-6, INV-4, INC-1/4) --------------------------------------- */

int bm_sq_incident_insert(bm_store *bs, bm_incident_row *i)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO incident(unit_id, kind, carrier_id, status, opened_by,"
	             " opened_at, detail, findings, closed_at) VALUES (?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, i->unit_id);
	bm_sq_bind_text(st, 2, i->kind);
	bm_sq_bind_id(st, 3, i->carrier_id);
	bm_sq_bind_text(st, 4, i->status ? i->status : "open");
	bm_sq_bind_id(st, 5, i->opened_by);
	bm_sq_bind_text(st, 6, i->opened_at);
	bm_sq_bind_text(st, 7, i->detail ? i->detail : "{}");
	bm_sq_bind_text(st, 8, i->findings);
	bm_sq_bind_text(st, 9, i->closed_at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		i->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_incident_update(bm_store *bs, const bm_incident_row *i)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE incident SET detail = ?, findings = ?, status = ?,"
	                     " closed_at = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, i->detail ? i->detail : "{}");
	bm_sq_bind_text(st, 2, i->findings);
	bm_sq_bind_text(st, 3, i->status);
	bm_sq_bind_text(st, 4, i->closed_at);
	sqlite3_bind_int64(st, 5, i->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	return sqlite3_changes(s->db) ? 0 : not_found("事件", "incident", i->id);
}

#define INCIDENT_COLS                                                                              \
	"SELECT i.id, i.unit_id, i.kind, coalesce(i.carrier_id, 0), i.status,"                     \
	" coalesce(i.opened_by, 0), i.opened_at, i.detail, i.findings, i.closed_at, p.name"        \
	" FROM incident i LEFT JOIN person p ON p.id = i.opened_by"

static int read_incident(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_incident_row *i = (bm_incident_row *)rows + n;
	i->id = sqlite3_column_int64(st, 0);
	i->unit_id = sqlite3_column_int64(st, 1);
	i->kind = bm_sq_col_text(a, st, 2);
	i->carrier_id = sqlite3_column_int64(st, 3);
	i->status = bm_sq_col_text(a, st, 4);
	i->opened_by = sqlite3_column_int64(st, 5);
	i->opened_at = bm_sq_col_text(a, st, 6);
	i->detail = bm_sq_col_text(a, st, 7);
	i->findings = bm_sq_col_text(a, st, 8);
	i->closed_at = bm_sq_col_text(a, st, 9);
	i->opened_by_name = bm_sq_col_text(a, st, 10);
	return 0;
}

int bm_sq_incident_get(bm_store *bs, bm_arena *a, int64_t id, bm_incident_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, INCIDENT_COLS " WHERE i.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_incident_row), read_incident, &rows, &n)) != 0)
		return rc;
	if (n == 0)
		return not_found("事件", "incident", id);
	*out = rows;
	return 0;
}

int bm_sq_incident_list(bm_store *bs, bm_arena *a, const char *status, int64_t carrier_id,
                        bm_incident_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	/*
	 * One statement per combination: "(?2 = 0 OR i.carrier_id = ?2)" cannot
	 * use an index, and a count closing over 100k carriers asked it once per
	 * missing carrier (issue 17). incident_status, incident_carrier.
	 */
	static const char *const sql[2][2] = {
	        {INCIDENT_COLS " ORDER BY i.id",
	         INCIDENT_COLS " WHERE i.status = ?1 ORDER BY i.id"},
	        {INCIDENT_COLS " WHERE i.carrier_id = ?2 ORDER BY i.id",
	         INCIDENT_COLS " WHERE i.carrier_id = ?2 AND i.status = ?1 ORDER BY i.id"},
	};
	if ((rc = bm_sq_prep(s, &st, sql[carrier_id != 0][status != NULL])) != 0)
		return rc;
	if (status)
		bm_sq_bind_text(st, 1, status);
	if (carrier_id)
		sqlite3_bind_int64(st, 2, carrier_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_incident_row), read_incident, &rows, count)) !=
	    0)
		return rc;
	*out = rows;
	return 0;
}

/* ---- read-only queries for alerts and registers ------------------------------------ */

static int read_id(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	(void)a;
	((int64_t *)rows)[n] = sqlite3_column_int64(st, 0);
	return 0;
}

int bm_sq_ledger_carrier_ids(bm_store *bs, bm_arena *a, const bm_ledger_query *q, int64_t **out,
                             size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	const char *scope = q->scope_kind ? q->scope_kind : "unit";
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT c.id FROM carrier c WHERE c.unit_id = (SELECT min(id) FROM unit)"
	             " AND (?1 = 'unit' OR (?1 = 'department' AND c.department_id = ?2)"
	             "      OR (?1 = 'custodian' AND c.custodian_id = ?2))"
	             " AND (?3 = 0 OR c.status NOT IN ('destroyed', 'returned'))"
	             " AND (?4 IS NULL OR c.status = ?4)"
	             " AND (?5 IS NULL OR c.origin = ?5 OR c.origin = ?6)"
	             " ORDER BY c.id")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, scope);
	sqlite3_bind_int64(st, 2, q->scope_id);
	sqlite3_bind_int(st, 3, q->live_only ? 1 : 0);
	bm_sq_bind_text(st, 4,
	                q->status >= 0 && q->status < BM_STATUS_COUNT
	                        ? bm_status_names[q->status].code
	                        : NULL);
	bm_sq_bind_text(st, 5,
	                q->origin >= 0 && q->origin < BM_ORIGIN_COUNT
	                        ? bm_origin_names[q->origin].code
	                        : NULL);
	bm_sq_bind_text(st, 6,
	                q->origin2 >= 0 && q->origin2 < BM_ORIGIN_COUNT
	                        ? bm_origin_names[q->origin2].code
	                        : NULL);
	if ((rc = bm_sq_collect(s, a, st, sizeof(int64_t), read_id, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/* The loan row as sqlite_workflow.c reads it, for collect(). */
static int read_loan(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_sq_read_loan(a, st, (bm_loan_row *)rows + n);
	return 0;
}

int bm_sq_ledger_loans(bm_store *bs, bm_arena *a, const char *kind, bool open_only,
                       bm_loan_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	/* One statement per combination, each on an index (loan_open, loan_open_kind). */
	static const char *const sql[2][2] = {
	        {SQ_LOAN_COLS "ORDER BY l.issued_at, l.id",
	         SQ_LOAN_COLS "WHERE l.kind = ?1 ORDER BY l.issued_at, l.id"},
	        {SQ_LOAN_COLS "WHERE l.returned_at IS NULL ORDER BY l.issued_at, l.id",
	         SQ_LOAN_COLS "WHERE l.kind = ?1 AND l.returned_at IS NULL"
	                      " ORDER BY l.issued_at, l.id"},
	};
	if ((rc = bm_sq_prep(s, &st, sql[open_only][kind != NULL])) != 0)
		return rc;
	if (kind)
		bm_sq_bind_text(st, 1, kind);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_loan_row), read_loan, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

static int read_register_entry(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_register_entry_row *e = (bm_register_entry_row *)rows + n;
	(void)a;
	e->ref_id = sqlite3_column_int64(st, 0);
	e->carrier_id = sqlite3_column_int64(st, 1);
	e->seq = sqlite3_column_int64(st, 2);
	return 0;
}

int bm_sq_register_entries(bm_store *bs, bm_arena *a, const char *reg, const char *cls,
                           bm_register_entry_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT ref_id, carrier_id, seq FROM register_entry"
	                     " WHERE register = ?1 AND class = ?2 ORDER BY ref_id, carrier_id")) !=
	    0)
		return rc;
	bm_sq_bind_text(st, 1, reg);
	bm_sq_bind_text(st, 2, cls);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_register_entry_row), read_register_entry, &rows,
	                        count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/* The request row, with its carriers, as sqlite_workflow.c reads it, for collect(). */
static int read_request(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_request_row *r = (bm_request_row *)rows + n;
	memset(r, 0, sizeof(*r));
	return bm_sq_read_request(a, st, r);
}

int bm_sq_ledger_requests(bm_store *bs, bm_arena *a, const char *status, bm_request_row **out,
                          size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     status ? SQ_REQUEST_COLS "WHERE r.status = ?1 ORDER BY r.id"
	                            : SQ_REQUEST_COLS "ORDER BY r.id")) != 0)
		return rc;
	if (status)
		bm_sq_bind_text(st, 1, status);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_request_row), read_request, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/*
 * The open loans an alert may concern: borrow, take_out and meeting ones due before
 * `due_before` (an instant; the rules decide, so the bound may be loose) and
 * every open loan of another kind, whose terms run from the issue (CIRC-3,
 * REG-5). Each branch is a range of loan_open_kind (migration 9).
 */
int bm_sq_loans_open_due(bm_store *bs, bm_arena *a, const char *due_before, bm_loan_row **out,
                         size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     SQ_LOAN_COLS
	                     "WHERE l.id IN ("
	                     " SELECT id FROM loan WHERE returned_at IS NULL"
	                     "  AND kind IN ('borrow', 'take_out', 'meeting') AND due_at < ?1"
	                     " UNION ALL SELECT id FROM loan WHERE returned_at IS NULL"
	                     "  AND kind IN ('read_on_site', 'circulation'))"
	                     " ORDER BY l.issued_at, l.id")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, due_before);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_loan_row), read_loan, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

int bm_sq_count_last_closed(bm_store *bs, bm_arena *a, const char *scope_kind, const char **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* ISO instants of one format: the greatest text is the latest (count_session_closed). */
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT max(closed_at) FROM count_session"
	                     " WHERE scope_kind = ? AND closed_at IS NOT NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, scope_kind);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		*out = bm_sq_col_text(a, st, 0);
		rc = 0;
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}
