/*
 * sqlite_workflow.c — issue 3 in the SQLite back end: requests and their
 * items, approvals, loans (tables of migration 3, sqlite_schema_workflow.h).
 * See struct bm_store_ops in store.h for the contract of each operation.
 *
 * Every statement is a constant with bound parameters: optional filters are
 * written as "(? IS NULL OR column = ?)" rather than assembled at run time.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdlib.h>

#include "store/sqlite_int.h"

/* ---- helpers ---------------------------------------------------------------- */

/* ---- requests ----------------------------------------------------------------- */

int bm_sq_read_request(bm_arena *a, sqlite3_stmt *st, bm_request_row *r)
{
	int op, rc;
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	if ((rc = bm_sq_col_vocab(st, 2, bm_op_names, BM_OP_COUNT, &op)) != 0)
		return rc;
	r->op = (bm_op)op;
	r->status = bm_sq_col_text(a, st, 3);
	r->requester_id = sqlite3_column_int64(st, 4);
	r->department_id = sqlite3_column_int64(st, 5);
	r->level = (bm_level)sqlite3_column_int(st, 6);
	r->reason = bm_sq_col_text(a, st, 7);
	r->params = bm_sq_col_text(a, st, 8);
	r->chain = bm_sq_col_text(a, st, 9);
	r->step = sqlite3_column_int(st, 10);
	r->rule = bm_sq_col_text(a, st, 11);
	r->created_at = bm_sq_col_text(a, st, 12);
	r->updated_at = bm_sq_col_text(a, st, 13);
	r->decided_at = bm_sq_col_text(a, st, 14);
	r->executed_at = bm_sq_col_text(a, st, 15);
	if ((rc = bm_arena_ids(a, (const char *)sqlite3_column_text(st, 16), &r->carrier_ids,
	                       &r->n_carriers)) != 0)
		return rc;
	r->requester_name = bm_sq_col_text(a, st, 17);
	return 0;
}

int bm_sq_request_insert(bm_store *bs, bm_request_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO request(unit_id, kind, status, requester_id,"
	                     " department_id, level, reason, params, chain, step, rule,"
	                     " created_at, updated_at, decided_at, executed_at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->unit_id);
	bm_sq_bind_text(st, 2, bm_op_names[r->op].code);
	bm_sq_bind_text(st, 3, r->status ? r->status : "pending");
	sqlite3_bind_int64(st, 4, r->requester_id);
	bm_sq_bind_id(st, 5, r->department_id);
	sqlite3_bind_int(st, 6, (int)r->level);
	bm_sq_bind_text(st, 7, r->reason ? r->reason : "");
	bm_sq_bind_text(st, 8, r->params ? r->params : "{}");
	bm_sq_bind_text(st, 9, r->chain ? r->chain : "[]");
	sqlite3_bind_int(st, 10, r->step);
	bm_sq_bind_text(st, 11, r->rule ? r->rule : "");
	bm_sq_bind_text(st, 12, r->created_at);
	bm_sq_bind_text(st, 13, r->updated_at ? r->updated_at : r->created_at);
	bm_sq_bind_text(st, 14, r->decided_at);
	bm_sq_bind_text(st, 15, r->executed_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	for (size_t i = 0; i < r->n_carriers; i++) {
		if ((rc = bm_sq_prep(s, &st,
		                     "INSERT OR IGNORE INTO request_item(request_id, carrier_id)"
		                     " VALUES (?,?)")) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, r->id);
		sqlite3_bind_int64(st, 2, r->carrier_ids[i]);
		if ((rc = bm_sq_step_done(s, st)) != 0)
			return rc;
	}
	return 0;
}

int bm_sq_request_update(bm_store *bs, const bm_request_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE request SET status = ?, step = ?, params = ?,"
	                     " decided_at = ?, executed_at = ?, updated_at = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, r->status);
	sqlite3_bind_int(st, 2, r->step);
	bm_sq_bind_text(st, 3, r->params ? r->params : "{}");
	bm_sq_bind_text(st, 4, r->decided_at);
	bm_sq_bind_text(st, 5, r->executed_at);
	bm_sq_bind_text(st, 6, r->updated_at);
	sqlite3_bind_int64(st, 7, r->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_request", NULL, "申请 %lld 不存在",
		                    "request %lld does not exist", (long long)r->id);
	return 0;
}

int bm_sq_request_get(bm_store *bs, bm_arena *a, int64_t id, bm_request_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_request_row *r;
	int rc;
	if ((rc = bm_sq_prep(s, &st, SQ_REQUEST_COLS "WHERE r.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_request", NULL, "申请 %lld 不存在",
		                  "request %lld does not exist", (long long)id);
	else if (rc != SQLITE_ROW)
		rc = bm_sq_db_fail(s, rc);
	else if (!(r = bm_arena_alloc(a, sizeof(*r))))
		rc = bm_error_nomem();
	else if ((rc = bm_sq_read_request(a, st, r)) == 0)
		*out = r;
	bm_sq_release(s, st);
	return rc;
}

/* The filter of request_list: every clause is inert when its parameter is unset. */
#define REQUEST_WHERE                                                                              \
	"WHERE (?1 = 0 OR r.requester_id = ?1) AND (?2 IS NULL OR r.status = ?2)"                  \
	" AND (?3 IS NULL OR r.kind = ?3) AND (?4 = 0 OR EXISTS (SELECT 1 FROM request_item i"     \
	"  WHERE i.request_id = r.id AND i.carrier_id = ?4)) "

static void bind_request_filter(sqlite3_stmt *st, const bm_request_filter *f)
{
	sqlite3_bind_int64(st, 1, f->requester_id);
	bm_sq_bind_text(st, 2, f->status);
	bm_sq_bind_text(st, 3, f->op >= 0 && f->op < BM_OP_COUNT ? bm_op_names[f->op].code : NULL);
	sqlite3_bind_int64(st, 4, f->carrier_id);
}

int bm_sq_request_list(bm_store *bs, bm_arena *a, const bm_request_filter *f, bm_request_row **out,
                       size_t *count, int64_t *total)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n = 0, cap = 16;
	bm_request_row *items;
	int64_t matched;
	int rc;

	if ((rc = bm_sq_prep(s, &st, "SELECT count(*) FROM request r " REQUEST_WHERE)) != 0)
		return rc;
	bind_request_filter(st, f);
	if ((rc = bm_sq_step_int64(s, st, &matched)) != 0)
		return rc;
	if (total)
		*total = matched;

	if ((rc = bm_sq_prep(s, &st,
	                     SQ_REQUEST_COLS REQUEST_WHERE
	                     "ORDER BY r.id DESC LIMIT ?5 OFFSET ?6")) != 0)
		return rc;
	bind_request_filter(st, f);
	sqlite3_bind_int(st, 5, f->limit > 0 ? f->limit : 100);
	sqlite3_bind_int(st, 6, f->offset > 0 ? f->offset : 0);
	if (!(items = bm_arena_alloc(a, cap * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = bm_sq_grow(a, (void **)&items, &cap, n, sizeof(*items))) != 0)
			goto done;
		if ((rc = bm_sq_read_request(a, st, &items[n])) != 0)
			goto done;
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	rc = 0;
	*out = items;
	*count = n;
done:
	bm_sq_release(s, st);
	return rc;
}

/* ---- approvals ------------------------------------------------------------------- */

int bm_sq_approval_insert(bm_store *bs, bm_approval_row *ap)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO approval(request_id, step, role, approver_id,"
	                     " decision, comment, at) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, ap->request_id);
	sqlite3_bind_int(st, 2, ap->step);
	bm_sq_bind_text(st, 3, bm_role_names[ap->role].code);
	sqlite3_bind_int64(st, 4, ap->approver_id);
	bm_sq_bind_text(st, 5, ap->approved ? "approved" : "rejected");
	bm_sq_bind_text(st, 6, ap->comment ? ap->comment : "");
	bm_sq_bind_text(st, 7, ap->at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		ap->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_approval_list(bm_store *bs, bm_arena *a, int64_t request_id, bm_approval_row **out,
                        size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	size_t n = 0, cap = 4;
	bm_approval_row *items;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT a.id, a.request_id, a.step, a.role, a.approver_id,"
	                     " a.decision, a.comment, a.at, p.name FROM approval a"
	                     " LEFT JOIN person p ON p.id = a.approver_id"
	                     " WHERE a.request_id = ? ORDER BY a.step, a.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, request_id);
	if (!(items = bm_arena_alloc(a, cap * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bm_approval_row *ap;
		const char *decision = (const char *)sqlite3_column_text(st, 5);
		int role;
		if ((rc = bm_sq_grow(a, (void **)&items, &cap, n, sizeof(*items))) != 0)
			goto done;
		ap = &items[n];
		memset(ap, 0, sizeof(*ap));
		ap->id = sqlite3_column_int64(st, 0);
		ap->request_id = sqlite3_column_int64(st, 1);
		ap->step = sqlite3_column_int(st, 2);
		if ((rc = bm_sq_col_vocab(st, 3, bm_role_names, BM_ROLE_COUNT, &role)) != 0)
			goto done;
		ap->role = (bm_role)role;
		ap->approver_id = sqlite3_column_int64(st, 4);
		ap->approved = decision && strcmp(decision, "approved") == 0;
		ap->comment = bm_sq_col_text(a, st, 6);
		ap->at = bm_sq_col_text(a, st, 7);
		ap->approver_name = bm_sq_col_text(a, st, 8);
		n++;
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	rc = 0;
	*out = items;
	*count = n;
done:
	bm_sq_release(s, st);
	return rc;
}

/* ---- loans --------------------------------------------------------------------- */

void bm_sq_read_loan(bm_arena *a, sqlite3_stmt *st, bm_loan_row *l)
{
	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(st, 0);
	l->carrier_id = sqlite3_column_int64(st, 1);
	l->request_id = sqlite3_column_int64(st, 2);
	l->kind = bm_sq_col_text(a, st, 3);
	l->holder_id = sqlite3_column_int64(st, 4);
	l->issued_by = sqlite3_column_int64(st, 5);
	l->issued_at = bm_sq_col_text(a, st, 6);
	l->due_at = bm_sq_col_text(a, st, 7);
	l->place = bm_sq_col_text(a, st, 8);
	l->destination = bm_sq_col_text(a, st, 9);
	l->purpose = bm_sq_col_text(a, st, 10);
	l->signature = bm_sq_col_text(a, st, 11);
	l->returned_at = bm_sq_col_text(a, st, 12);
	l->received_by = sqlite3_column_int64(st, 13);
	l->return_note = bm_sq_col_text(a, st, 14);
	l->incomplete = sqlite3_column_int(st, 15) != 0;
	l->holder_name = bm_sq_col_text(a, st, 16);
	l->carrier_title = bm_sq_col_text(a, st, 17);
	l->carrier_level = sqlite3_column_int(st, 18);
}

/* Runs a loan query with its parameters bound; every row into an arena array. */
static int loan_rows(sq_store *s, bm_arena *a, sqlite3_stmt *st, bm_loan_row **out, size_t *count)
{
	size_t n = 0, cap = 8;
	bm_loan_row *items;
	int rc;
	if (!(items = bm_arena_alloc(a, cap * sizeof(*items)))) {
		rc = bm_error_nomem();
		goto done;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if ((rc = bm_sq_grow(a, (void **)&items, &cap, n, sizeof(*items))) != 0)
			goto done;
		bm_sq_read_loan(a, st, &items[n++]);
	}
	if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		goto done;
	}
	rc = 0;
	*out = items;
	*count = n;
done:
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_loan_insert(bm_store *bs, bm_loan_row *l)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO loan(carrier_id, request_id, kind, holder_id,"
	                     " issued_by, issued_at, due_at, place, destination, purpose,"
	                     " signature, returned_at, received_by, return_note, incomplete)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, l->carrier_id);
	bm_sq_bind_id(st, 2, l->request_id);
	bm_sq_bind_text(st, 3, l->kind);
	sqlite3_bind_int64(st, 4, l->holder_id);
	sqlite3_bind_int64(st, 5, l->issued_by);
	bm_sq_bind_text(st, 6, l->issued_at);
	bm_sq_bind_text(st, 7, l->due_at);
	bm_sq_bind_text(st, 8, l->place);
	bm_sq_bind_text(st, 9, l->destination);
	bm_sq_bind_text(st, 10, l->purpose);
	bm_sq_bind_text(st, 11, l->signature);
	bm_sq_bind_text(st, 12, l->returned_at);
	bm_sq_bind_id(st, 13, l->received_by);
	bm_sq_bind_text(st, 14, l->return_note);
	sqlite3_bind_int(st, 15, l->incomplete ? 1 : 0);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		l->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_loan_update(bm_store *bs, const bm_loan_row *l)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* What an issue records is fixed; only the return is written later. */
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE loan SET due_at = ?, returned_at = ?, received_by = ?,"
	                     " return_note = ?, incomplete = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, l->due_at);
	bm_sq_bind_text(st, 2, l->returned_at);
	bm_sq_bind_id(st, 3, l->received_by);
	bm_sq_bind_text(st, 4, l->return_note);
	sqlite3_bind_int(st, 5, l->incomplete ? 1 : 0);
	sqlite3_bind_int64(st, 6, l->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_loan", NULL, "借出记录 %lld 不存在",
		                    "loan %lld does not exist", (long long)l->id);
	return 0;
}

/* One loan row from a prepared query (finalized here), or BM_ENOTFOUND naming `key`. */
static int loan_one(sq_store *s, bm_arena *a, sqlite3_stmt *st, long long key, bm_loan_row **out)
{
	bm_loan_row *l;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_DONE)
		rc = bm_error_set(BM_ENOTFOUND, "no_loan", NULL, "没有借出记录（%lld）",
		                  "no loan found (%lld)", key);
	else if (rc != SQLITE_ROW)
		rc = bm_sq_db_fail(s, rc);
	else if (!(l = bm_arena_alloc(a, sizeof(*l))))
		rc = bm_error_nomem();
	else {
		bm_sq_read_loan(a, st, l);
		*out = l;
		rc = 0;
	}
	bm_sq_release(s, st);
	return rc;
}

int bm_sq_loan_get(bm_store *bs, bm_arena *a, int64_t id, bm_loan_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, SQ_LOAN_COLS "WHERE l.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return loan_one(s, a, st, (long long)id, out);
}

int bm_sq_loan_current(bm_store *bs, bm_arena *a, int64_t carrier_id, bm_loan_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     SQ_LOAN_COLS "WHERE l.carrier_id = ? AND l.returned_at IS NULL"
	                                  " ORDER BY l.id DESC LIMIT 1")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, carrier_id);
	return loan_one(s, a, st, (long long)carrier_id, out);
}

int bm_sq_loan_open(bm_store *bs, bm_arena *a, int64_t holder_id, bm_loan_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     SQ_LOAN_COLS "WHERE l.returned_at IS NULL"
	                                  " AND (?1 = 0 OR l.holder_id = ?1)"
	                                  " ORDER BY l.due_at, l.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, holder_id);
	return loan_rows(s, a, st, out, count);
}

int bm_sq_loan_list(bm_store *bs, bm_arena *a, int64_t carrier_id, bm_loan_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     SQ_LOAN_COLS "WHERE (?1 = 0 OR l.carrier_id = ?1) ORDER BY l.id")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, carrier_id);
	return loan_rows(s, a, st, out, count);
}
