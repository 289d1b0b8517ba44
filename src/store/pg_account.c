/*
 * pg_account.c — two-administrator account filings, the last logins an
 * account's owner is told of and the audit administrator's alerts on
 * PostgreSQL (SYS-1, SYS-4; issue 12). The SQL of sqlite_account.c.
 *
 * A filing is decided by an UPDATE that also requires it still pending:
 * under READ COMMITTED a second server deciding the same filing waits for
 * the first's row lock, re-reads the row, finds it decided and changes
 * nothing (filing_decided) — a filing cannot be decided twice.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

#define FILING_COLS                                                                                \
	"f.id, f.unit_id, f.person_id, f.kind, f.filed_by, f.filed_at, f.expires_at,"              \
	" f.half_hash, f.status, f.decided_by, f.decided_at, f.reason, p.name, p.username,"        \
	" fb.name, db.name"
#define FILING_FROM                                                                                \
	" FROM account_filing f JOIN person p ON p.id = f.person_id"                               \
	" JOIN person fb ON fb.id = f.filed_by LEFT JOIN person db ON db.id = f.decided_by"

static int filing_row(bm_arena *a, PGresult *r, int i, bm_account_filing *f)
{
	memset(f, 0, sizeof(*f));
	f->id = bm_pg_i64(r, i, 0);
	f->unit_id = bm_pg_i64(r, i, 1);
	f->person_id = bm_pg_i64(r, i, 2);
	f->kind = bm_pg_text(a, r, i, 3);
	f->filed_by = bm_pg_i64(r, i, 4);
	f->filed_at = bm_pg_text(a, r, i, 5);
	f->expires_at = bm_pg_text(a, r, i, 6);
	f->half_hash = bm_pg_text(a, r, i, 7);
	f->status = bm_pg_text(a, r, i, 8);
	f->decided_by = bm_pg_i64(r, i, 9);
	f->decided_at = bm_pg_text(a, r, i, 10);
	f->reason = bm_pg_text(a, r, i, 11);
	f->person_name = bm_pg_text(a, r, i, 12);
	f->username = bm_pg_text(a, r, i, 13);
	f->filed_by_name = bm_pg_text(a, r, i, 14);
	f->decided_by_name = bm_pg_text(a, r, i, 15);
	if (!f->kind || !f->filed_at || !f->expires_at || !f->half_hash || !f->status)
		return bm_error_nomem();
	return 0;
}

/* The filings `sql` selects; with `one`, exactly one or unknown_filing. */
static int filings(bm_store *bs, bm_arena *a, const char *sql, const bm_pg_params *p, bool one,
                   bm_account_filing **out, size_t *count)
{
	bm_account_filing *items;
	PGresult *r;
	int n, rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	n = PQntuples(r);
	if (one && n == 0) {
		PQclear(r);
		return bm_error_set(BM_ENOTFOUND, "unknown_filing", NULL, "没有这项账户申请",
		                    "no such account filing");
	}
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n && rc == 0; i++)
		rc = filing_row(a, r, i, &items[i]);
	PQclear(r);
	if (rc)
		return rc;
	*out = items;
	if (count)
		*count = (size_t)n;
	return 0;
}

static int pg_filing_insert(bm_store *bs, bm_account_filing *f)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, f->unit_id);
	bm_pg_p_i64(&p, f->person_id);
	bm_pg_p_text(&p, f->kind);
	bm_pg_p_i64(&p, f->filed_by);
	bm_pg_p_text(&p, f->filed_at);
	bm_pg_p_text(&p, f->expires_at);
	bm_pg_p_text(&p, f->half_hash);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO account_filing(unit_id, person_id, kind, filed_by,"
	                       " filed_at, expires_at, half_hash) VALUES ($1,$2,$3,$4,$5,$6,$7)"
	                       " RETURNING id",
	                       &p, &f->id);
}

static int pg_filing_get(bm_store *bs, bm_arena *a, int64_t id, bm_account_filing **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, id);
	return filings(bs, a, "SELECT " FILING_COLS FILING_FROM " WHERE f.id = $1", &p, true, out,
	               NULL);
}

static int pg_filing_decide(bm_store *bs, const bm_account_filing *f)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_text(&p, f->status);
	bm_pg_p_id(&p, f->decided_by);
	bm_pg_p_text(&p, f->decided_at);
	bm_pg_p_text(&p, f->reason);
	bm_pg_p_i64(&p, f->id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "UPDATE account_filing SET status = $1, decided_by = $2,"
	                      " decided_at = $3, reason = $4 WHERE id = $5 AND status = 'pending'",
	                      &p, &r)) != 0)
		return rc;
	if (strcmp(PQcmdTuples(r), "1") != 0)
		rc = bm_error_set(BM_ECONFLICT, "filing_decided", NULL, "这项账户申请已有决定",
		                  "the account filing is already decided");
	PQclear(r);
	return rc;
}

static int pg_filing_list(bm_store *bs, bm_arena *a, int64_t unit_id, const char *since, int limit,
                          bm_account_filing **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, since);
	bm_pg_p_i64(&p, limit > 0 ? limit : 1000);
	return filings(bs, a,
	               "SELECT " FILING_COLS FILING_FROM
	               " WHERE f.unit_id = $1 AND ($2::text IS NULL OR f.filed_at >= $2"
	               " OR f.decided_at >= $2) ORDER BY f.id DESC LIMIT $3",
	               &p, false, out, count);
}

static int pg_filing_pending(bm_store *bs, bm_arena *a, int64_t person_id, bm_account_filing **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	return filings(
	        bs, a,
	        "SELECT " FILING_COLS FILING_FROM
	        " WHERE f.person_id = $1 AND f.status = 'pending' ORDER BY f.id DESC LIMIT 1",
	        &p, true, out, NULL);
}

static int pg_filing_last_approved(bm_store *bs, bm_arena *a, int64_t person_id,
                                   bm_account_filing **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	return filings(
	        bs, a,
	        "SELECT " FILING_COLS FILING_FROM
	        " WHERE f.person_id = $1 AND f.status = 'approved' ORDER BY f.id DESC LIMIT 1",
	        &p, true, out, NULL);
}

static int pg_login_seen_get(bm_store *bs, bm_arena *a, int64_t person_id, bm_login_seen *out)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	memset(out, 0, sizeof(*out));
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             "SELECT last_ok_at, last_failed_at FROM login_seen WHERE person_id = $1", &p,
	             &r)) != 0)
		return rc;
	if (PQntuples(r) == 1) {
		out->last_ok_at = bm_pg_text(a, r, 0, 0);
		out->last_failed_at = bm_pg_text(a, r, 0, 1);
	}
	PQclear(r);
	return 0;
}

static int pg_login_seen_note(bm_store *bs, int64_t person_id, const char *ok_at,
                              const char *failed_at)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, ok_at);
	bm_pg_p_text(&p, failed_at);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO login_seen(person_id, last_ok_at, last_failed_at)"
	                 " VALUES ($1, $2, $3) ON CONFLICT(person_id) DO UPDATE SET"
	                 " last_ok_at = coalesce($2, login_seen.last_ok_at),"
	                 " last_failed_at = coalesce($3, login_seen.last_failed_at)",
	                 &p);
}

/* ---- SYS-1: the audit administrator's alerts ------------------------------ */

static int pg_admin_alert_insert(bm_store *bs, bm_admin_alert *al)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, al->unit_id);
	bm_pg_p_text(&p, al->kind);
	bm_pg_p_id(&p, al->person_id);
	bm_pg_p_id(&p, al->filing_id);
	bm_pg_p_id(&p, al->actor_id);
	bm_pg_p_text(&p, al->at);
	bm_pg_p_text(&p, al->detail);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO admin_alert(unit_id, kind, person_id, filing_id,"
	                       " actor_id, at, detail) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
	                       &p, &al->id);
}

/* The open alerts and the pending filings past their time, each by a partial index. */
static int pg_admin_alert_open(bm_store *bs, bm_arena *a, int64_t unit_id, const char *now,
                               bm_admin_alert **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_admin_alert *items;
	PGresult *r;
	int n, rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, now);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             "SELECT x.id, x.kind, x.person_id, x.filing_id, x.actor_id, x.at, x.detail,"
	             " p.name, ac.name FROM ("
	             "  SELECT id, kind, person_id, filing_id, actor_id, at, detail FROM "
	             "admin_alert"
	             "   WHERE unit_id = $1 AND acked_at IS NULL"
	             "  UNION ALL"
	             "  SELECT 0, 'expired', f.person_id, f.id, f.filed_by, f.expires_at, f.kind"
	             "   FROM account_filing f WHERE f.unit_id = $1 AND f.status = 'pending'"
	             "   AND f.expires_at <= $2 AND NOT EXISTS (SELECT 1 FROM admin_alert e"
	             "    WHERE e.filing_id = f.id AND e.kind = 'expired')"
	             " ) x LEFT JOIN person p ON p.id = x.person_id"
	             " LEFT JOIN person ac ON ac.id = x.actor_id"
	             " ORDER BY x.at, x.id",
	             &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n && rc == 0; i++) {
		bm_admin_alert *al = &items[i];
		memset(al, 0, sizeof(*al));
		al->unit_id = unit_id;
		al->id = bm_pg_i64(r, i, 0);
		al->kind = bm_pg_text(a, r, i, 1);
		al->person_id = bm_pg_i64(r, i, 2);
		al->filing_id = bm_pg_i64(r, i, 3);
		al->actor_id = bm_pg_i64(r, i, 4);
		al->at = bm_pg_text(a, r, i, 5);
		al->detail = bm_pg_text(a, r, i, 6);
		al->person_name = bm_pg_text(a, r, i, 7);
		al->actor_name = bm_pg_text(a, r, i, 8);
		if (!al->kind || !al->at)
			rc = bm_error_nomem();
	}
	PQclear(r);
	if (rc)
		return rc;
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int no_open_alert(void)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_alert", NULL, "没有这条未确认的提醒",
	                    "no such unacknowledged alert");
}

/* Runs `sql` with `p`; exactly one row changed, or no_open_alert. */
static int one_alert_changed(bm_store *bs, const char *sql, const bm_pg_params *p)
{
	PGresult *r;
	int rc = bm_pg_query(bm_pg_of(bs), sql, p, &r);
	if (rc)
		return rc;
	rc = strcmp(PQcmdTuples(r), "1") == 0 ? 0 : no_open_alert();
	PQclear(r);
	return rc;
}

static int pg_admin_alert_ack(bm_store *bs, int64_t unit_id, int64_t id, int64_t by, const char *at)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, by);
	bm_pg_p_text(&p, at);
	bm_pg_p_i64(&p, id);
	bm_pg_p_i64(&p, unit_id);
	return one_alert_changed(bs,
	                         "UPDATE admin_alert SET acked_by = $1, acked_at = $2"
	                         " WHERE id = $3 AND unit_id = $4 AND acked_at IS NULL",
	                         &p);
}

static int pg_admin_alert_ack_expired(bm_store *bs, int64_t unit_id, int64_t filing_id,
                                      const char *now, int64_t by)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_i64(&p, filing_id);
	bm_pg_p_i64(&p, by);
	bm_pg_p_text(&p, now);
	return one_alert_changed(
	        bs,
	        "INSERT INTO admin_alert(unit_id, kind, person_id, filing_id,"
	        " actor_id, at, detail, acked_by, acked_at)"
	        " SELECT f.unit_id, 'expired', f.person_id, f.id, f.filed_by,"
	        " f.expires_at, f.kind, $3, $4 FROM account_filing f"
	        " WHERE f.id = $2 AND f.unit_id = $1 AND f.status = 'pending'"
	        " AND f.expires_at <= $4 AND NOT EXISTS (SELECT 1 FROM admin_alert e"
	        "  WHERE e.filing_id = f.id AND e.kind = 'expired')",
	        &p);
}

void bm_pg_account_ops(struct bm_store_ops *ops)
{
	ops->filing_insert = pg_filing_insert;
	ops->filing_get = pg_filing_get;
	ops->filing_decide = pg_filing_decide;
	ops->filing_list = pg_filing_list;
	ops->filing_pending = pg_filing_pending;
	ops->filing_last_approved = pg_filing_last_approved;
	ops->login_seen_get = pg_login_seen_get;
	ops->login_seen_note = pg_login_seen_note;
	ops->admin_alert_insert = pg_admin_alert_insert;
	ops->admin_alert_open = pg_admin_alert_open;
	ops->admin_alert_ack = pg_admin_alert_ack;
	ops->admin_alert_ack_expired = pg_admin_alert_ack_expired;
}
