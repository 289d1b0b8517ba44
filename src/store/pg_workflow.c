/*
 * pg_workflow.c — requests, approvals and loans (sqlite_workflow.c), the records of
 * sqlite_records.c (destruction, level decisions, hand-over lists, departures, a carrier's
 * links and highest serial) and dispatches (sqlite_ledger.c) in the PostgreSQL back end
 * (issue 12), with the same SQL; store.h says the contract of each operation.
 *
 * Deciding twice, executing twice. On SQLite the single writer serialises a use case
 * that reads a request, decides and writes it back. Here writes are READ COMMITTED and
 * several servers may share the database (issue 12 point 2), so request_get in a write
 * transaction locks the row (FOR UPDATE, held to the commit): a second server's decision
 * or execution of the same request waits there, then reads the status the first left
 * (PostgreSQL re-reads a row it waited for) and is refused by the service's own check
 * (not_pending, already_executed), as on SQLite. It first takes the audit chain's head
 * (pg_audit.c), which every writer takes before it commits: one lock order, head then
 * request, so two servers' batches (the commit pipeline joins several use cases in one
 * transaction) never wait on each other in a cycle. A read snapshot locks nothing.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

/* ---- requests ----------------------------------------------------------------- */

/* One request as sqlite_workflow.c reads it: its items as "12,15,3", the requester's name. */
#define REQUEST_COLS                                                                               \
	"SELECT r.id, r.unit_id, r.kind, r.status, r.requester_id, coalesce(r.department_id, 0),"  \
	" r.level, r.reason, r.params, r.chain, r.step, r.rule, r.created_at, r.updated_at,"       \
	" r.decided_at, r.executed_at,"                                                            \
	" (SELECT string_agg(i.carrier_id::text, ',' ORDER BY i.carrier_id) FROM request_item i"   \
	"   WHERE i.request_id = r.id),"                                                           \
	" p.name FROM request r LEFT JOIN person p ON p.id = r.requester_id "

static int unknown_request(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_request", NULL, "申请 %lld 不存在",
	                    "request %lld does not exist", (long long)id);
}

static int read_request(bm_arena *a, PGresult *res, int i, bm_request_row *r)
{
	int op, rc;
	memset(r, 0, sizeof(*r));
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	if ((rc = bm_pg_vocab(res, i, 2, bm_op_names, BM_OP_COUNT, &op)) != 0)
		return rc;
	r->op = (bm_op)op;
	r->status = bm_pg_text(a, res, i, 3);
	r->requester_id = bm_pg_i64(res, i, 4);
	r->department_id = bm_pg_i64(res, i, 5);
	r->level = (bm_level)bm_pg_i64(res, i, 6);
	r->reason = bm_pg_text(a, res, i, 7);
	r->params = bm_pg_text(a, res, i, 8);
	r->chain = bm_pg_text(a, res, i, 9);
	r->step = (int)bm_pg_i64(res, i, 10);
	r->rule = bm_pg_text(a, res, i, 11);
	r->created_at = bm_pg_text(a, res, i, 12);
	r->updated_at = bm_pg_text(a, res, i, 13);
	r->decided_at = bm_pg_text(a, res, i, 14);
	r->executed_at = bm_pg_text(a, res, i, 15);
	if ((rc = bm_pg_ids(a, res, i, 16, &r->carrier_ids, &r->n_carriers)) != 0)
		return rc;
	r->requester_name = bm_pg_text(a, res, i, 17);
	return 0;
}

static int pg_request_insert(bm_store *bs, bm_request_row *r)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	int rc;
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_text(&p, bm_op_names[r->op].code);
	bm_pg_p_text(&p, r->status ? r->status : "pending");
	bm_pg_p_i64(&p, r->requester_id);
	bm_pg_p_id(&p, r->department_id);
	bm_pg_p_i64(&p, (int64_t)r->level);
	bm_pg_p_text(&p, r->reason ? r->reason : "");
	bm_pg_p_text(&p, r->params ? r->params : "{}");
	bm_pg_p_text(&p, r->chain ? r->chain : "[]");
	bm_pg_p_i64(&p, r->step);
	bm_pg_p_text(&p, r->rule ? r->rule : "");
	bm_pg_p_text(&p, r->created_at);
	bm_pg_p_text(&p, r->updated_at ? r->updated_at : r->created_at);
	bm_pg_p_text(&p, r->decided_at);
	bm_pg_p_text(&p, r->executed_at);
	if ((rc = bm_pg_insert_id(s,
	                          "INSERT INTO request(unit_id, kind, status, requester_id,"
	                          " department_id, level, reason, params, chain, step, rule,"
	                          " created_at, updated_at, decided_at, executed_at)"
	                          " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)"
	                          " RETURNING id",
	                          &p, &r->id)) != 0)
		return rc;
	for (size_t i = 0; i < r->n_carriers; i++) {
		bm_pg_params q = {0};
		bm_pg_p_i64(&q, r->id);
		bm_pg_p_i64(&q, r->carrier_ids[i]);
		/* A carrier named twice is one item (SQLite's INSERT OR IGNORE). */
		if ((rc = bm_pg_run(
		             s,
		             "INSERT INTO request_item(request_id, carrier_id) VALUES ($1,$2)"
		             " ON CONFLICT DO NOTHING",
		             &q)) != 0)
			return rc;
	}
	return 0;
}

static int pg_request_update(bm_store *bs, const bm_request_row *r)
{
	bm_pg_params p = {0};
	PGresult *res;
	int n, rc;
	bm_pg_p_text(&p, r->status);
	bm_pg_p_i64(&p, r->step);
	bm_pg_p_text(&p, r->params ? r->params : "{}");
	bm_pg_p_text(&p, r->decided_at);
	bm_pg_p_text(&p, r->executed_at);
	bm_pg_p_text(&p, r->updated_at);
	bm_pg_p_i64(&p, r->id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "UPDATE request SET status = $1, step = $2, params = $3,"
	                      " decided_at = $4, executed_at = $5, updated_at = $6 WHERE id = $7"
	                      " RETURNING id",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	PQclear(res);
	return n ? 0 : unknown_request(r->id);
}

static int pg_request_get(bm_store *bs, bm_arena *a, int64_t id, bm_request_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bool lock;
	bm_pg_params p = {0};
	bm_request_row *r;
	PGresult *res;
	int rc;
	/* In a write transaction: the chain's head, then the request (the header says why). */
	if ((rc = bm_pg_lock_head(s, &lock)) != 0)
		return rc;
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(s,
	                      lock ? REQUEST_COLS "WHERE r.id = $1 FOR UPDATE OF r"
	                           : REQUEST_COLS "WHERE r.id = $1",
	                      &p, &res)) != 0)
		return rc;
	if (PQntuples(res) == 0)
		rc = unknown_request(id);
	else if (!(r = bm_arena_alloc(a, sizeof(*r))))
		rc = bm_error_nomem();
	else if ((rc = read_request(a, res, 0, r)) == 0)
		*out = r;
	PQclear(res);
	return rc;
}

/* The filter of request_list: every clause is inert when its parameter is unset. */
#define REQUEST_WHERE                                                                              \
	"WHERE ($1::bigint = 0 OR r.requester_id = $1) AND ($2::text IS NULL OR r.status = $2)"    \
	" AND ($3::text IS NULL OR r.kind = $3) AND ($4::bigint = 0 OR EXISTS (SELECT 1"           \
	"  FROM request_item i WHERE i.request_id = r.id AND i.carrier_id = $4)) "

static void request_filter(bm_pg_params *p, const bm_request_filter *f)
{
	bm_pg_p_i64(p, f->requester_id);
	bm_pg_p_text(p, f->status);
	bm_pg_p_text(p, f->op >= 0 && f->op < BM_OP_COUNT ? bm_op_names[f->op].code : NULL);
	bm_pg_p_i64(p, f->carrier_id);
}

static int pg_request_list(bm_store *bs, bm_arena *a, const bm_request_filter *f,
                           bm_request_row **out, size_t *count, int64_t *total)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0}, q = {0};
	bm_request_row *items;
	PGresult *res;
	int n, rc;

	request_filter(&p, f);
	if ((rc = bm_pg_query(s, "SELECT count(*) FROM request r " REQUEST_WHERE, &p, &res)) != 0)
		return rc;
	if (total)
		*total = bm_pg_i64(res, 0, 0);
	PQclear(res);

	request_filter(&q, f);
	bm_pg_p_i64(&q, f->limit > 0 ? f->limit : 100);
	bm_pg_p_i64(&q, f->offset > 0 ? f->offset : 0);
	if ((rc = bm_pg_query(s, REQUEST_COLS REQUEST_WHERE "ORDER BY r.id DESC LIMIT $5 OFFSET $6",
	                      &q, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++)
		if ((rc = read_request(a, res, i, &items[i])) != 0) {
			PQclear(res);
			return rc;
		}
	PQclear(res);
	*out = items;
	*count = (size_t)n;
	return 0;
}

/* ---- approvals ------------------------------------------------------------------- */

static int pg_approval_insert(bm_store *bs, bm_approval_row *ap)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, ap->request_id);
	bm_pg_p_i64(&p, ap->step);
	bm_pg_p_text(&p, bm_role_names[ap->role].code);
	bm_pg_p_i64(&p, ap->approver_id);
	bm_pg_p_text(&p, ap->approved ? "approved" : "rejected");
	bm_pg_p_text(&p, ap->comment ? ap->comment : "");
	bm_pg_p_text(&p, ap->at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO approval(request_id, step, role, approver_id,"
	                       " decision, comment, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
	                       &p, &ap->id);
}

static int pg_approval_list(bm_store *bs, bm_arena *a, int64_t request_id, bm_approval_row **out,
                            size_t *count)
{
	bm_pg_params p = {0};
	bm_approval_row *items;
	PGresult *res;
	int n, rc;
	bm_pg_p_i64(&p, request_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT a.id, a.request_id, a.step, a.role, a.approver_id,"
	                      " a.decision, a.comment, a.at, p.name FROM approval a"
	                      " LEFT JOIN person p ON p.id = a.approver_id"
	                      " WHERE a.request_id = $1 ORDER BY a.step, a.id",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_approval_row *ap = &items[i];
		const char *decision = bm_pg_null(res, i, 5) ? NULL : PQgetvalue(res, i, 5);
		int role;
		memset(ap, 0, sizeof(*ap));
		ap->id = bm_pg_i64(res, i, 0);
		ap->request_id = bm_pg_i64(res, i, 1);
		ap->step = (int)bm_pg_i64(res, i, 2);
		if ((rc = bm_pg_vocab(res, i, 3, bm_role_names, BM_ROLE_COUNT, &role)) != 0) {
			PQclear(res);
			return rc;
		}
		ap->role = (bm_role)role;
		ap->approver_id = bm_pg_i64(res, i, 4);
		ap->approved = decision && strcmp(decision, "approved") == 0;
		ap->comment = bm_pg_text(a, res, i, 6);
		ap->at = bm_pg_text(a, res, i, 7);
		ap->approver_name = bm_pg_text(a, res, i, 8);
	}
	PQclear(res);
	*out = items;
	*count = (size_t)n;
	return 0;
}

/* ---- loans --------------------------------------------------------------------- */

static void read_loan(bm_arena *a, PGresult *res, int i, bm_loan_row *l)
{
	memset(l, 0, sizeof(*l));
	l->id = bm_pg_i64(res, i, 0);
	l->carrier_id = bm_pg_i64(res, i, 1);
	l->request_id = bm_pg_i64(res, i, 2);
	l->kind = bm_pg_text(a, res, i, 3);
	l->holder_id = bm_pg_i64(res, i, 4);
	l->issued_by = bm_pg_i64(res, i, 5);
	l->issued_at = bm_pg_text(a, res, i, 6);
	l->due_at = bm_pg_text(a, res, i, 7);
	l->place = bm_pg_text(a, res, i, 8);
	l->destination = bm_pg_text(a, res, i, 9);
	l->purpose = bm_pg_text(a, res, i, 10);
	l->signature = bm_pg_text(a, res, i, 11);
	l->returned_at = bm_pg_text(a, res, i, 12);
	l->received_by = bm_pg_i64(res, i, 13);
	l->return_note = bm_pg_text(a, res, i, 14);
	l->incomplete = bm_pg_i64(res, i, 15) != 0;
	l->holder_name = bm_pg_text(a, res, i, 16);
	l->carrier_title = bm_pg_text(a, res, i, 17);
	l->carrier_level = (int)bm_pg_i64(res, i, 18);
}

int bm_pg_loan_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                    bm_loan_row **out, size_t *count)
{
	bm_loan_row *items;
	PGresult *res;
	int n, rc;
	if ((rc = bm_pg_query(s, sql, p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++)
		read_loan(a, res, i, &items[i]);
	PQclear(res);
	*out = items;
	*count = (size_t)n;
	return 0;
}

/* The first row of a loan query, or BM_ENOTFOUND naming `key`. */
static int loan_one(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p, long long key,
                    bm_loan_row **out)
{
	bm_loan_row *items;
	size_t n;
	int rc;
	if ((rc = bm_pg_loan_rows(s, a, sql, p, &items, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "no_loan", NULL, "没有借出记录（%lld）",
		                    "no loan found (%lld)", key);
	*out = &items[0];
	return 0;
}

static int pg_loan_insert(bm_store *bs, bm_loan_row *l)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, l->carrier_id);
	bm_pg_p_id(&p, l->request_id);
	bm_pg_p_text(&p, l->kind);
	bm_pg_p_i64(&p, l->holder_id);
	bm_pg_p_i64(&p, l->issued_by);
	bm_pg_p_text(&p, l->issued_at);
	bm_pg_p_text(&p, l->due_at);
	bm_pg_p_text(&p, l->place);
	bm_pg_p_text(&p, l->destination);
	bm_pg_p_text(&p, l->purpose);
	bm_pg_p_text(&p, l->signature);
	bm_pg_p_text(&p, l->returned_at);
	bm_pg_p_id(&p, l->received_by);
	bm_pg_p_text(&p, l->return_note);
	bm_pg_p_bool(&p, l->incomplete);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO loan(carrier_id, request_id, kind, holder_id,"
	                       " issued_by, issued_at, due_at, place, destination, purpose,"
	                       " signature, returned_at, received_by, return_note, incomplete)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15)"
	                       " RETURNING id",
	                       &p, &l->id);
}

static int pg_loan_update(bm_store *bs, const bm_loan_row *l)
{
	bm_pg_params p = {0};
	PGresult *res;
	int n, rc;
	bm_pg_p_text(&p, l->due_at);
	bm_pg_p_text(&p, l->returned_at);
	bm_pg_p_id(&p, l->received_by);
	bm_pg_p_text(&p, l->return_note);
	bm_pg_p_bool(&p, l->incomplete);
	bm_pg_p_i64(&p, l->id);
	/* What an issue records is fixed; only the return is written later. */
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "UPDATE loan SET due_at = $1, returned_at = $2, received_by = $3,"
	                      " return_note = $4, incomplete = $5 WHERE id = $6 RETURNING id",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	PQclear(res);
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_loan", NULL, "借出记录 %lld 不存在",
		                    "loan %lld does not exist", (long long)l->id);
	return 0;
}

static int pg_loan_get(bm_store *bs, bm_arena *a, int64_t id, bm_loan_row **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, id);
	return loan_one(bm_pg_of(bs), a, BM_PG_LOAN_COLS "WHERE l.id = $1", &p, (long long)id, out);
}

static int pg_loan_current(bm_store *bs, bm_arena *a, int64_t carrier_id, bm_loan_row **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, carrier_id);
	return loan_one(bm_pg_of(bs), a,
	                BM_PG_LOAN_COLS "WHERE l.carrier_id = $1 AND l.returned_at IS NULL"
	                                " ORDER BY l.id DESC LIMIT 1",
	                &p, (long long)carrier_id, out);
}

static int pg_loan_open(bm_store *bs, bm_arena *a, int64_t holder_id, bm_loan_row **out,
                        size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, holder_id);
	/* due_at in SQLite's order (bytes), whatever the database's collation. */
	return bm_pg_loan_rows(bm_pg_of(bs), a,
	                       BM_PG_LOAN_COLS "WHERE l.returned_at IS NULL"
	                                       " AND ($1::bigint = 0 OR l.holder_id = $1)"
	                                       " ORDER BY l.due_at COLLATE \"C\", l.id",
	                       &p, out, count);
}

static int pg_loan_list(bm_store *bs, bm_arena *a, int64_t carrier_id, bm_loan_row **out,
                        size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, carrier_id);
	return bm_pg_loan_rows(bm_pg_of(bs), a,
	                       BM_PG_LOAN_COLS
	                       "WHERE ($1::bigint = 0 OR l.carrier_id = $1) ORDER BY l.id",
	                       &p, out, count);
}

/* ---- destruction (DESTROY-1..4), level decisions, hand-over lists (KEEP-2) --------- */

/* Column 0 of every row of `sql` (one id parameter) as an arena array of ids. */
static int ids_for(pg_store *s, bm_arena *a, const char *sql, int64_t id, int64_t **ids,
                   size_t *count)
{
	bm_pg_params p = {0};
	PGresult *res;
	int64_t *v;
	int n, rc;
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(s, sql, &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(v = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*v)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++)
		v[i] = bm_pg_i64(res, i, 0);
	PQclear(res);
	*ids = v;
	*count = (size_t)n;
	return 0;
}

static int pg_destruction_insert(bm_store *bs, bm_destruction_row *d)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	int rc;
	/* A constraint of the table, not the rule (sqlite_records.c says why). */
	if (d->n_witnesses < 2)
		return bm_error_set(BM_EINVALID, "witness_columns", NULL,
		                    "a destruction row holds at least two witnesses",
		                    "a destruction row holds at least two witnesses");
	bm_pg_p_i64(&p, d->request_id);
	bm_pg_p_i64(&p, d->executed_by);
	bm_pg_p_text(&p, d->executed_at);
	bm_pg_p_text(&p, d->place);
	bm_pg_p_text(&p, d->method);
	bm_pg_p_i64(&p, d->witness_ids[0]);
	bm_pg_p_i64(&p, d->witness_ids[1]);
	if ((rc = bm_pg_insert_id(s,
	                          "INSERT INTO destruction(request_id, executed_by, executed_at,"
	                          " place, method, witness1_id, witness2_id)"
	                          " VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
	                          &p, &d->id)) != 0)
		return rc;
	for (size_t i = 0; i < d->n_witnesses; i++) {
		bm_pg_params q = {0};
		bm_pg_p_i64(&q, d->id);
		bm_pg_p_i64(&q, (int64_t)i + 1);
		bm_pg_p_i64(&q, d->witness_ids[i]);
		bm_pg_p_text(&q, d->witness_signatures ? d->witness_signatures[i] : NULL);
		if ((rc = bm_pg_run(s,
		                    "INSERT INTO destruction_witness(destruction_id, position,"
		                    " person_id, signature) VALUES ($1,$2,$3,$4)",
		                    &q)) != 0)
			return rc;
	}
	return 0;
}

#define DESTRUCTION_COLS                                                                           \
	"SELECT d.id, d.request_id, d.executed_by, d.executed_at, d.place, d.method FROM "         \
	"destruction d "

/* The witnesses (with how each confirmed) and the items of a destruction read from its row. */
static int destruction_lists(pg_store *s, bm_arena *a, bm_destruction_row *d)
{
	bm_pg_params p = {0};
	PGresult *res;
	int n, rc;
	bm_pg_p_i64(&p, d->id);
	if ((rc = bm_pg_query(s,
	                      "SELECT person_id, signature FROM destruction_witness"
	                      " WHERE destruction_id = $1 ORDER BY position",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	d->witness_ids = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*d->witness_ids));
	d->witness_signatures = NULL;
	if (n && !(d->witness_signatures = bm_arena_alloc(a, (size_t)n * sizeof(char *))))
		d->witness_ids = NULL;
	if (!d->witness_ids) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		d->witness_ids[i] = bm_pg_i64(res, i, 0);
		d->witness_signatures[i] = bm_pg_text(a, res, i, 1);
	}
	d->n_witnesses = (size_t)n;
	PQclear(res);
	return ids_for(
	        s, a,
	        "SELECT carrier_id FROM request_item WHERE request_id = $1 ORDER BY carrier_id",
	        d->request_id, &d->carrier_ids, &d->n_carriers);
}

/* Every destruction row of `sql` (one id parameter, or none when `id` < 0), with its lists. */
static int destruction_rows(pg_store *s, bm_arena *a, const char *sql, int64_t id,
                            bm_destruction_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_destruction_row *rows;
	PGresult *res;
	int n, rc;
	if (id >= 0)
		bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(s, sql, &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_destruction_row *d = &rows[i];
		memset(d, 0, sizeof(*d));
		d->id = bm_pg_i64(res, i, 0);
		d->request_id = bm_pg_i64(res, i, 1);
		d->executed_by = bm_pg_i64(res, i, 2);
		d->executed_at = bm_pg_text(a, res, i, 3);
		d->place = bm_pg_text(a, res, i, 4);
		d->method = bm_pg_text(a, res, i, 5);
	}
	PQclear(res);
	for (int i = 0; i < n; i++)
		if ((rc = destruction_lists(s, a, &rows[i])) != 0)
			return rc;
	*out = rows;
	*count = (size_t)n;
	return 0;
}

static int destruction_one(pg_store *s, bm_arena *a, const char *sql, int64_t id,
                           bm_destruction_row **out)
{
	bm_destruction_row *rows;
	size_t n;
	int rc;
	if ((rc = destruction_rows(s, a, sql, id, &rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_destruction", NULL,
		                    "no destruction record %lld", "no destruction record %lld",
		                    (long long)id);
	*out = rows;
	return 0;
}

static int pg_destruction_get(bm_store *bs, bm_arena *a, int64_t id, bm_destruction_row **out)
{
	return destruction_one(bm_pg_of(bs), a, DESTRUCTION_COLS "WHERE d.id = $1", id, out);
}

static int pg_destruction_for_carrier(bm_store *bs, bm_arena *a, int64_t carrier_id,
                                      bm_destruction_row **out)
{
	return destruction_one(bm_pg_of(bs), a,
	                       DESTRUCTION_COLS
	                       "JOIN request_item ri ON ri.request_id = d.request_id"
	                       " WHERE ri.carrier_id = $1 ORDER BY d.id DESC LIMIT 1",
	                       carrier_id, out);
}

static int pg_destruction_list(bm_store *bs, bm_arena *a, bm_destruction_row **out, size_t *count)
{
	return destruction_rows(bm_pg_of(bs), a, DESTRUCTION_COLS "ORDER BY d.id", -1, out, count);
}

static int pg_level_change_insert(bm_store *bs, bm_level_change_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, r->carrier_id);
	bm_pg_p_id(&p, r->request_id);
	bm_pg_p_i64(&p, (int64_t)r->from_level);
	bm_pg_p_i64(&p, (int64_t)r->to_level);
	bm_pg_p_text(&p, r->old_marking);
	bm_pg_p_text(&p, r->new_marking);
	bm_pg_p_text(&p, r->basis);
	bm_pg_p_text(&p, r->reason);
	bm_pg_p_i64(&p, r->decided_by);
	bm_pg_p_text(&p, r->at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO level_change(carrier_id, request_id, from_level,"
	                       " to_level, old_marking, new_marking, basis, reason, decided_by, at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
	                       &p, &r->id);
}

static int pg_level_change_list(bm_store *bs, bm_arena *a, int64_t carrier_id,
                                bm_level_change_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_level_change_row *rows;
	PGresult *res;
	int n, rc;
	bm_pg_p_i64(&p, carrier_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT l.id, l.carrier_id, coalesce(l.request_id, 0),"
	                      " l.from_level, l.to_level, l.old_marking, l.new_marking, l.basis,"
	                      " l.reason, l.decided_by, l.at, p.name"
	                      " FROM level_change l LEFT JOIN person p ON p.id = l.decided_by"
	                      " WHERE $1::bigint = 0 OR l.carrier_id = $1 ORDER BY l.id",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_level_change_row *r = &rows[i];
		int64_t from = bm_pg_i64(res, i, 3), to = bm_pg_i64(res, i, 4);
		if (from < 0 || from >= BM_LEVEL_COUNT || to < 0 || to >= BM_LEVEL_COUNT) {
			PQclear(res);
			return bm_error_set(BM_ECORRUPT, "corrupt_row", NULL,
			                    "密级变更记录中的密级无效",
			                    "a level change row holds an invalid level");
		}
		memset(r, 0, sizeof(*r));
		r->id = bm_pg_i64(res, i, 0);
		r->carrier_id = bm_pg_i64(res, i, 1);
		r->request_id = bm_pg_i64(res, i, 2);
		r->from_level = (bm_level)from;
		r->to_level = (bm_level)to;
		r->old_marking = bm_pg_text(a, res, i, 5);
		r->new_marking = bm_pg_text(a, res, i, 6);
		r->basis = bm_pg_text(a, res, i, 7);
		r->reason = bm_pg_text(a, res, i, 8);
		r->decided_by = bm_pg_i64(res, i, 9);
		r->at = bm_pg_text(a, res, i, 10);
		r->decided_by_name = bm_pg_text(a, res, i, 11);
	}
	PQclear(res);
	*out = rows;
	*count = (size_t)n;
	return 0;
}

/* ---- departures (PERSON-4), the carrier queries of the records ------------------------ */

static int pg_departure_insert(bm_store *bs, bm_departure_row *d)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, d->person_id);
	bm_pg_p_text(&p, d->left_on);
	bm_pg_p_text(&p, d->decl_until);
	bm_pg_p_text(&p, bm_class_names[d->person_class].code);
	bm_pg_p_i64(&p, d->recorded_by);
	bm_pg_p_text(&p, d->at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO departure(person_id, left_on, decl_until,"
	                       " person_class, recorded_by, at) VALUES ($1,$2,$3,$4,$5,$6)"
	                       " RETURNING id",
	                       &p, &d->id);
}

static int pg_departure_last(bm_store *bs, bm_arena *a, int64_t person_id, bm_departure_row **out)
{
	bm_pg_params p = {0};
	bm_departure_row *d;
	PGresult *res;
	int cls, rc;
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT id, person_id, left_on, decl_until, person_class,"
	                      " recorded_by, at FROM departure WHERE person_id = $1"
	                      " ORDER BY id DESC LIMIT 1",
	                      &p, &res)) != 0)
		return rc;
	if (PQntuples(res) == 0)
		rc = bm_error_set(BM_ENOTFOUND, "no_departure", NULL,
		                  "person %lld has no departure record",
		                  "person %lld has no departure record", (long long)person_id);
	else if (!(d = bm_arena_alloc(a, sizeof(*d))))
		rc = bm_error_nomem();
	else if ((rc = bm_pg_vocab(res, 0, 4, bm_class_names, BM_CLASS_COUNT, &cls)) == 0) {
		d->id = bm_pg_i64(res, 0, 0);
		d->person_id = bm_pg_i64(res, 0, 1);
		d->left_on = bm_pg_text(a, res, 0, 2);
		d->decl_until = bm_pg_text(a, res, 0, 3);
		d->person_class = (bm_class)cls;
		d->recorded_by = bm_pg_i64(res, 0, 5);
		d->at = bm_pg_text(a, res, 0, 6);
		*out = d;
	}
	PQclear(res);
	return rc;
}

/* ---- dispatches (SEND-1..5) ------------------------------------------------------------ */

static int unknown_dispatch(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "not_found", NULL, "发文记录 %lld 不存在",
	                    "dispatch %lld does not exist", (long long)id);
}

static int pg_dispatch_insert(bm_store *bs, bm_dispatch_row *d)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	int rc;
	bm_pg_p_i64(&p, d->unit_id);
	bm_pg_p_text(&p, bm_channel_names[d->channel].code);
	bm_pg_p_text(&p, d->courier);
	bm_pg_p_text(&p, d->escorts ? d->escorts : "[]");
	bm_pg_p_i64(&p, d->created_by);
	bm_pg_p_text(&p, d->created_at);
	bm_pg_p_text(&p, d->status ? d->status : "open");
	bm_pg_p_text(&p, d->note);
	bm_pg_p_bool(&p, d->foreign_party);
	bm_pg_p_id(&p, d->request_id);
	if ((rc = bm_pg_insert_id(s,
	                          "INSERT INTO dispatch(unit_id, channel, courier, escorts,"
	                          " created_by, created_at, status, note, foreign_party,"
	                          " request_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)"
	                          " RETURNING id",
	                          &p, &d->id)) != 0)
		return rc;
	/* One by one, so ord numbers the items in the order given (migration 6). */
	for (size_t i = 0; i < d->n_items; i++) {
		const bm_dispatch_item_row *it = &d->items[i];
		bm_pg_params q = {0};
		bm_pg_p_i64(&q, d->id);
		bm_pg_p_i64(&q, it->carrier_id);
		bm_pg_p_text(&q, it->recipient);
		bm_pg_p_text(&q, it->signed_at);
		bm_pg_p_text(&q, it->signed_by);
		if ((rc = bm_pg_run(s,
		                    "INSERT INTO dispatch_item(dispatch_id, carrier_id, recipient,"
		                    " signed_at, signed_by) VALUES ($1,$2,$3,$4,$5)",
		                    &q)) != 0)
			return rc;
	}
	return 0;
}

#define DISPATCH_COLS                                                                              \
	"SELECT d.id, d.unit_id, d.channel, d.courier, d.escorts, d.created_by, d.created_at,"     \
	" d.status, d.note, p.name, d.foreign_party, coalesce(d.request_id, 0)"                    \
	" FROM dispatch d LEFT JOIN person p ON p.id = d.created_by"

/* The items of a dispatch, in the order they were listed. */
static int dispatch_items(pg_store *s, bm_arena *a, bm_dispatch_row *d)
{
	bm_pg_params p = {0};
	bm_dispatch_item_row *items;
	PGresult *res;
	int n, rc;
	bm_pg_p_i64(&p, d->id);
	if ((rc = bm_pg_query(s,
	                      "SELECT carrier_id, recipient, signed_at, signed_by"
	                      " FROM dispatch_item WHERE dispatch_id = $1 ORDER BY ord",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		memset(&items[i], 0, sizeof(items[i]));
		items[i].carrier_id = bm_pg_i64(res, i, 0);
		items[i].recipient = bm_pg_text(a, res, i, 1);
		items[i].signed_at = bm_pg_text(a, res, i, 2);
		items[i].signed_by = bm_pg_text(a, res, i, 3);
	}
	PQclear(res);
	d->items = items;
	d->n_items = (size_t)n;
	return 0;
}

/* Every dispatch of `sql` (parameters `p`), each with its items. */
static int dispatch_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                         bm_dispatch_row **out, size_t *count)
{
	bm_dispatch_row *rows;
	PGresult *res;
	int n, rc;
	if ((rc = bm_pg_query(s, sql, p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		PQclear(res);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_dispatch_row *d = &rows[i];
		int v;
		memset(d, 0, sizeof(*d));
		if ((rc = bm_pg_vocab(res, i, 2, bm_channel_names, BM_CHANNEL_COUNT, &v)) != 0) {
			PQclear(res);
			return rc;
		}
		d->id = bm_pg_i64(res, i, 0);
		d->unit_id = bm_pg_i64(res, i, 1);
		d->channel = (bm_channel)v;
		d->courier = bm_pg_text(a, res, i, 3);
		d->escorts = bm_pg_text(a, res, i, 4);
		d->created_by = bm_pg_i64(res, i, 5);
		d->created_at = bm_pg_text(a, res, i, 6);
		d->status = bm_pg_text(a, res, i, 7);
		d->note = bm_pg_text(a, res, i, 8);
		d->created_by_name = bm_pg_text(a, res, i, 9);
		d->foreign_party = bm_pg_i64(res, i, 10) != 0;
		d->request_id = bm_pg_i64(res, i, 11);
	}
	PQclear(res);
	for (int i = 0; i < n; i++)
		if ((rc = dispatch_items(s, a, &rows[i])) != 0)
			return rc;
	*out = rows;
	*count = (size_t)n;
	return 0;
}

/*
 * In a write transaction the dispatch is locked as a request is (the chain's head, then
 * the row; the header says why), and its items are read after the lock: two receipts
 * signed at once on two servers see each other, so one item is not signed twice and the
 * last signature closes the dispatch (SEND-4), as on SQLite.
 */
static int pg_dispatch_get(bm_store *bs, bm_arena *a, int64_t id, bm_dispatch_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bool lock;
	bm_pg_params p = {0};
	bm_dispatch_row *rows;
	size_t n;
	int rc;
	if ((rc = bm_pg_lock_head(s, &lock)) != 0)
		return rc;
	bm_pg_p_i64(&p, id);
	if ((rc = dispatch_rows(s, a,
	                        lock ? DISPATCH_COLS " WHERE d.id = $1 FOR UPDATE OF d"
	                             : DISPATCH_COLS " WHERE d.id = $1",
	                        &p, &rows, &n)) != 0)
		return rc;
	if (n == 0)
		return unknown_dispatch(id);
	*out = rows;
	return 0;
}

static int pg_dispatch_list(bm_store *bs, bm_arena *a, bool open_only, bm_dispatch_row **out,
                            size_t *count)
{
	bm_pg_params p = {0};
	return dispatch_rows(bm_pg_of(bs), a,
	                     open_only ? DISPATCH_COLS " WHERE d.status = 'open' ORDER BY d.id"
	                               : DISPATCH_COLS " ORDER BY d.id",
	                     &p, out, count);
}

static int pg_dispatch_sign(bm_store *bs, int64_t dispatch_id, int64_t carrier_id,
                            const char *signed_at, const char *signed_by)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	PGresult *res;
	int rc, n;
	bool signed_already;
	bm_pg_p_i64(&p, dispatch_id);
	bm_pg_p_i64(&p, carrier_id);
	bm_pg_p_text(&p, signed_at);
	bm_pg_p_text(&p, signed_by);
	/* Signed once: the WHERE decides, whatever the caller read before. */
	if ((rc = bm_pg_query(s,
	                      "UPDATE dispatch_item SET signed_at = $3, signed_by = $4"
	                      " WHERE dispatch_id = $1 AND carrier_id = $2 AND signed_at IS NULL"
	                      " RETURNING 1",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	PQclear(res);
	if (n)
		return 0;
	p.n = 2;
	if ((rc = bm_pg_query(s,
	                      "SELECT signed_at IS NOT NULL FROM dispatch_item"
	                      " WHERE dispatch_id = $1 AND carrier_id = $2",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	signed_already = n && strcmp(PQgetvalue(res, 0, 0), "t") == 0;
	PQclear(res);
	if (!n)
		return bm_error_set(BM_ENOTFOUND, "not_on_dispatch", NULL,
		                    "carrier %lld is not on dispatch %lld",
		                    "carrier %lld is not on dispatch %lld", (long long)carrier_id,
		                    (long long)dispatch_id);
	if (signed_already)
		return bm_error_set(BM_ECONFLICT, "already_signed", NULL,
		                    "carrier %lld has been signed for already",
		                    "carrier %lld has been signed for already",
		                    (long long)carrier_id);
	return bm_error_set(BM_ERROR, "sign_failed", NULL, "签收未能记录",
	                    "the receipt could not be recorded");
}

static int pg_dispatch_set_status(bm_store *bs, int64_t id, const char *status)
{
	bm_pg_params p = {0};
	PGresult *res;
	int n, rc;
	bm_pg_p_text(&p, status);
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "UPDATE dispatch SET status = $1 WHERE id = $2 RETURNING id", &p,
	                      &res)) != 0)
		return rc;
	n = PQntuples(res);
	PQclear(res);
	return n ? 0 : unknown_dispatch(id);
}

static int pg_dispatch_for_carrier(bm_store *bs, int64_t carrier_id, int64_t *dispatch_id)
{
	bm_pg_params p = {0};
	PGresult *res;
	int rc;
	bm_pg_p_i64(&p, carrier_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT d.id FROM dispatch d JOIN dispatch_item i"
	                      " ON i.dispatch_id = d.id WHERE i.carrier_id = $1"
	                      " AND i.signed_at IS NULL AND d.status = 'open'"
	                      " ORDER BY d.id DESC LIMIT 1",
	                      &p, &res)) != 0)
		return rc;
	*dispatch_id = PQntuples(res) ? bm_pg_i64(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

void bm_pg_workflow_ops(struct bm_store_ops *ops)
{
	ops->request_insert = pg_request_insert;
	ops->request_update = pg_request_update;
	ops->request_get = pg_request_get;
	ops->request_list = pg_request_list;
	ops->approval_insert = pg_approval_insert;
	ops->approval_list = pg_approval_list;
	ops->loan_insert = pg_loan_insert;
	ops->loan_update = pg_loan_update;
	ops->loan_get = pg_loan_get;
	ops->loan_current = pg_loan_current;
	ops->loan_open = pg_loan_open;
	ops->loan_list = pg_loan_list;
	ops->destruction_insert = pg_destruction_insert;
	ops->destruction_get = pg_destruction_get;
	ops->destruction_for_carrier = pg_destruction_for_carrier;
	ops->destruction_list = pg_destruction_list;
	ops->level_change_insert = pg_level_change_insert;
	ops->level_change_list = pg_level_change_list;
	ops->departure_insert = pg_departure_insert;
	ops->departure_last = pg_departure_last;
	ops->dispatch_insert = pg_dispatch_insert;
	ops->dispatch_get = pg_dispatch_get;
	ops->dispatch_list = pg_dispatch_list;
	ops->dispatch_sign = pg_dispatch_sign;
	ops->dispatch_set_status = pg_dispatch_set_status;
	ops->dispatch_for_carrier = pg_dispatch_for_carrier;
}
