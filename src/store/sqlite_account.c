/*
 * sqlite_account.c — two-administrator account filings and the last logins
 * an account's owner is told of (SYS-1, SYS-4; issue 9, migration 18).
 */
#include "common.h"

#include "store/sqlite_int.h"

#define FILING_COLS                                                                                \
	"f.id, f.unit_id, f.person_id, f.kind, f.filed_by, f.filed_at, f.expires_at,"              \
	" f.half_hash, f.status, f.decided_by, f.decided_at, f.reason, p.name, p.username,"        \
	" fb.name, db.name"
#define FILING_FROM                                                                                \
	" FROM account_filing f JOIN person p ON p.id = f.person_id"                               \
	" JOIN person fb ON fb.id = f.filed_by LEFT JOIN person db ON db.id = f.decided_by"

static int filing_row(bm_arena *a, sqlite3_stmt *st, bm_account_filing *f)
{
	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->unit_id = sqlite3_column_int64(st, 1);
	f->person_id = sqlite3_column_int64(st, 2);
	f->kind = bm_sq_col_text(a, st, 3);
	f->filed_by = sqlite3_column_int64(st, 4);
	f->filed_at = bm_sq_col_text(a, st, 5);
	f->expires_at = bm_sq_col_text(a, st, 6);
	f->half_hash = bm_sq_col_text(a, st, 7);
	f->status = bm_sq_col_text(a, st, 8);
	f->decided_by = sqlite3_column_int64(st, 9);
	f->decided_at = bm_sq_col_text(a, st, 10);
	f->reason = bm_sq_col_text(a, st, 11);
	f->person_name = bm_sq_col_text(a, st, 12);
	f->username = bm_sq_col_text(a, st, 13);
	f->filed_by_name = bm_sq_col_text(a, st, 14);
	f->decided_by_name = bm_sq_col_text(a, st, 15);
	if (!f->kind || !f->filed_at || !f->expires_at || !f->half_hash || !f->status)
		return bm_error_nomem();
	return 0;
}

/* One filing from a prepared statement; BM_ENOTFOUND when no row. */
static int one_filing(sq_store *s, bm_arena *a, sqlite3_stmt *st, bm_account_filing **out)
{
	bm_account_filing *f = NULL;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_filing", NULL, "没有这项账户申请",
		                  "no such account filing");
	else if (rc != SQLITE_ROW)
		rc = bm_sq_db_fail(s, rc);
	else if (!(f = bm_arena_alloc(a, sizeof(*f))))
		rc = bm_error_nomem();
	else if ((rc = filing_row(a, st, f)) == 0)
		*out = f;
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_filing_insert(bm_store *bs, bm_account_filing *f)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO account_filing(unit_id, person_id, kind, filed_by,"
	                     " filed_at, expires_at, half_hash) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, f->unit_id);
	sqlite3_bind_int64(st, 2, f->person_id);
	bm_sq_bind_text(st, 3, f->kind);
	sqlite3_bind_int64(st, 4, f->filed_by);
	bm_sq_bind_text(st, 5, f->filed_at);
	bm_sq_bind_text(st, 6, f->expires_at);
	bm_sq_bind_text(st, 7, f->half_hash);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		f->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_filing_get(bm_store *bs, bm_arena *a, int64_t id, bm_account_filing **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "SELECT " FILING_COLS FILING_FROM " WHERE f.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return one_filing(s, a, st, out);
}

int bm_sq_filing_decide(bm_store *bs, const bm_account_filing *f)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE account_filing SET status = ?, decided_by = ?,"
	                     " decided_at = ?, reason = ? WHERE id = ? AND status = 'pending'")) !=
	    0)
		return rc;
	bm_sq_bind_text(st, 1, f->status);
	bm_sq_bind_id(st, 2, f->decided_by);
	bm_sq_bind_text(st, 3, f->decided_at);
	bm_sq_bind_text(st, 4, f->reason);
	sqlite3_bind_int64(st, 5, f->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) != 1)
		return bm_error_set(BM_ECONFLICT, "filing_decided", NULL, "这项账户申请已有决定",
		                    "the account filing is already decided");
	return 0;
}

static int read_filing(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	return filing_row(a, st, &((bm_account_filing *)rows)[n]);
}

int bm_sq_filing_list(bm_store *bs, bm_arena *a, int64_t unit_id, const char *since, int limit,
                      bm_account_filing **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT " FILING_COLS FILING_FROM
	                     " WHERE f.unit_id = ? AND (?2 IS NULL OR f.filed_at >= ?2"
	                     " OR f.decided_at >= ?2) ORDER BY f.id DESC LIMIT ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, since);
	sqlite3_bind_int(st, 3, limit > 0 ? limit : 1000);
	return bm_sq_collect(s, a, st, sizeof(bm_account_filing), read_filing, (void **)out, count);
}

int bm_sq_filing_pending(bm_store *bs, bm_arena *a, int64_t person_id, bm_account_filing **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT " FILING_COLS FILING_FROM
	                     " WHERE f.person_id = ? AND f.status = 'pending'"
	                     " ORDER BY f.id DESC LIMIT 1")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	return one_filing(s, a, st, out);
}

int bm_sq_filing_last_approved(bm_store *bs, bm_arena *a, int64_t person_id,
                               bm_account_filing **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT " FILING_COLS FILING_FROM
	                     " WHERE f.person_id = ? AND f.status = 'approved'"
	                     " ORDER BY f.id DESC LIMIT 1")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	return one_filing(s, a, st, out);
}

int bm_sq_login_seen_get(bm_store *bs, bm_arena *a, int64_t person_id, bm_login_seen *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	memset(out, 0, sizeof(*out));
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT last_ok_at, last_failed_at FROM login_seen"
	                     " WHERE person_id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->last_ok_at = bm_sq_col_text(a, st, 0);
		out->last_failed_at = bm_sq_col_text(a, st, 1);
		rc = 0;
	} else {
		rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_login_seen_note(bm_store *bs, int64_t person_id, const char *ok_at, const char *failed_at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO login_seen(person_id, last_ok_at, last_failed_at)"
	                     " VALUES (?1, ?2, ?3) ON CONFLICT(person_id) DO UPDATE SET"
	                     " last_ok_at = coalesce(?2, last_ok_at),"
	                     " last_failed_at = coalesce(?3, last_failed_at)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	bm_sq_bind_text(st, 2, ok_at);
	bm_sq_bind_text(st, 3, failed_at);
	return bm_sq_step_done(s, st);
}

/* ---- SYS-1: the audit administrator's alerts (migration 20) ---- */

int bm_sq_admin_alert_insert(bm_store *bs, bm_admin_alert *a)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO admin_alert(unit_id, kind, person_id, filing_id,"
	                     " actor_id, at, detail) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, a->unit_id);
	bm_sq_bind_text(st, 2, a->kind);
	bm_sq_bind_id(st, 3, a->person_id);
	bm_sq_bind_id(st, 4, a->filing_id);
	bm_sq_bind_id(st, 5, a->actor_id);
	bm_sq_bind_text(st, 6, a->at);
	bm_sq_bind_text(st, 7, a->detail);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		a->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

/*
 * Both parts by a partial index: the open alerts (admin_alert_open) and the
 * pending filings (account_filing_pending), whatever the size of the ledger
 * or of the audit chain (issue 17).
 */
static int read_admin_alert(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_admin_alert *r = &((bm_admin_alert *)rows)[n];
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->kind = bm_sq_col_text(a, st, 1);
	r->person_id = sqlite3_column_int64(st, 2);
	r->filing_id = sqlite3_column_int64(st, 3);
	r->actor_id = sqlite3_column_int64(st, 4);
	r->at = bm_sq_col_text(a, st, 5);
	r->detail = bm_sq_col_text(a, st, 6);
	r->person_name = bm_sq_col_text(a, st, 7);
	r->actor_name = bm_sq_col_text(a, st, 8);
	return r->kind && r->at ? 0 : bm_error_nomem();
}

int bm_sq_admin_alert_open(bm_store *bs, bm_arena *a, int64_t unit_id, const char *now,
                           bm_admin_alert **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT x.id, x.kind, x.person_id, x.filing_id, x.actor_id, x.at, x.detail,"
	             " p.name, ac.name FROM ("
	             "  SELECT id, kind, person_id, filing_id, actor_id, at, detail FROM "
	             "admin_alert"
	             "   WHERE unit_id = ?1 AND acked_at IS NULL"
	             "  UNION ALL"
	             "  SELECT 0, 'expired', f.person_id, f.id, f.filed_by, f.expires_at, f.kind"
	             "   FROM account_filing f WHERE f.unit_id = ?1 AND f.status = 'pending'"
	             "   AND f.expires_at <= ?2 AND NOT EXISTS (SELECT 1 FROM admin_alert e"
	             "    WHERE e.filing_id = f.id AND e.kind = 'expired')"
	             " ) x LEFT JOIN person p ON p.id = x.person_id"
	             " LEFT JOIN person ac ON ac.id = x.actor_id"
	             " ORDER BY x.at, x.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, now);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_admin_alert), read_admin_alert, (void **)out,
	                        count)) != 0)
		return rc;
	for (size_t i = 0; i < *count; i++)
		(*out)[i].unit_id = unit_id;
	return 0;
}

static int no_open_alert(void)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_alert", NULL, "没有这条未确认的提醒",
	                    "no such unacknowledged alert");
}

int bm_sq_admin_alert_ack(bm_store *bs, int64_t unit_id, int64_t id, int64_t by, const char *at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE admin_alert SET acked_by = ?, acked_at = ?"
	                     " WHERE id = ? AND unit_id = ? AND acked_at IS NULL")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, by);
	bm_sq_bind_text(st, 2, at);
	sqlite3_bind_int64(st, 3, id);
	sqlite3_bind_int64(st, 4, unit_id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	return sqlite3_changes(s->db) == 1 ? 0 : no_open_alert();
}

int bm_sq_admin_alert_ack_expired(bm_store *bs, int64_t unit_id, int64_t filing_id, const char *now,
                                  int64_t by)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO admin_alert(unit_id, kind, person_id, filing_id,"
	                     " actor_id, at, detail, acked_by, acked_at)"
	                     " SELECT f.unit_id, 'expired', f.person_id, f.id, f.filed_by,"
	                     " f.expires_at, f.kind, ?3, ?4 FROM account_filing f"
	                     " WHERE f.id = ?2 AND f.unit_id = ?1 AND f.status = 'pending'"
	                     " AND f.expires_at <= ?4 AND NOT EXISTS (SELECT 1 FROM admin_alert e"
	                     "  WHERE e.filing_id = f.id AND e.kind = 'expired')")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, filing_id);
	sqlite3_bind_int64(st, 3, by);
	bm_sq_bind_text(st, 4, now);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	return sqlite3_changes(s->db) == 1 ? 0 : no_open_alert();
}
