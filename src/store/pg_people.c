/*
 * pg_people.c — the register of cleared people (issue 10 points 1-2) in the
 * PostgreSQL back end (issue 12): a person's register columns and history and the
 * hours of training attended, with the SQL of sqlite_people.c. Recording training and trips
 * is still to come (not_on_postgresql).
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

static int person_missing(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 %lld 不存在",
	                    "person %lld does not exist", (long long)id);
}

static int pg_person_record_get(bm_store *bs, bm_arena *a, int64_t person_id,
                                bm_person_record **out)
{
	bm_pg_params p = {0};
	bm_person_record *r;
	PGresult *res;
	int rc;
	if (!(r = bm_arena_alloc(a, sizeof(*r))))
		return bm_error_nomem();
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT post, vetted_on, vetting_result, vetting_note, cleared_on,"
	                      " statement_on, exit_commitment_on, left_on, leave_kind, decl_until"
	                      " FROM person WHERE id = $1",
	                      &p, &res)) != 0)
		return rc;
	if (PQntuples(res) == 0) {
		PQclear(res);
		return person_missing(person_id);
	}
	memset(r, 0, sizeof(*r));
	r->person_id = person_id;
	r->post = bm_pg_text(a, res, 0, 0);
	r->vetted_on = bm_pg_text(a, res, 0, 1);
	r->vetting_result = bm_pg_text(a, res, 0, 2);
	r->vetting_note = bm_pg_text(a, res, 0, 3);
	r->cleared_on = bm_pg_text(a, res, 0, 4);
	r->statement_on = bm_pg_text(a, res, 0, 5);
	r->exit_commitment_on = bm_pg_text(a, res, 0, 6);
	r->left_on = bm_pg_text(a, res, 0, 7);
	r->leave_kind = bm_pg_text(a, res, 0, 8);
	r->decl_until = bm_pg_text(a, res, 0, 9);
	PQclear(res);
	*out = r;
	return 0;
}

static int pg_person_record_set(bm_store *bs, const bm_person_record *r)
{
	bm_pg_params p = {0};
	PGresult *res;
	int rc, n;
	bm_pg_p_text(&p, r->post);
	bm_pg_p_text(&p, r->vetted_on);
	bm_pg_p_text(&p, r->vetting_result);
	bm_pg_p_text(&p, r->vetting_note);
	bm_pg_p_text(&p, r->cleared_on);
	bm_pg_p_text(&p, r->statement_on);
	bm_pg_p_text(&p, r->exit_commitment_on);
	bm_pg_p_text(&p, r->left_on);
	bm_pg_p_text(&p, r->leave_kind);
	bm_pg_p_text(&p, r->decl_until);
	bm_pg_p_i64(&p, r->person_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "UPDATE person SET post = $1, vetted_on = $2, vetting_result = $3,"
	                      " vetting_note = $4, cleared_on = $5, statement_on = $6,"
	                      " exit_commitment_on = $7, left_on = $8, leave_kind = $9,"
	                      " decl_until = $10 WHERE id = $11 RETURNING id",
	                      &p, &res)) != 0)
		return rc;
	n = PQntuples(res);
	PQclear(res);
	return n ? 0 : person_missing(r->person_id);
}

static int pg_person_event_insert(bm_store *bs, const bm_person_event *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->person_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->kind);
	bm_pg_p_text(&p, e->from_value);
	bm_pg_p_text(&p, e->to_value);
	bm_pg_p_text(&p, e->note);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO person_event(person_id, at, actor_id, kind, from_value,"
	                 " to_value, note) VALUES ($1,$2,$3,$4,$5,$6,$7)",
	                 &p);
}

static int pg_person_event_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_person_event **out,
                                size_t *count)
{
	bm_pg_params p = {0};
	bm_person_event *items;
	PGresult *r;
	int n, rc;
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT e.id, e.person_id, e.at, coalesce(e.actor_id, 0), e.kind,"
	                      " e.from_value, e.to_value, e.note, p.name FROM person_event e"
	                      " LEFT JOIN person p ON p.id = e.actor_id WHERE e.person_id = $1"
	                      " ORDER BY e.id",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_person_event *e = &items[i];
		memset(e, 0, sizeof(*e));
		e->id = bm_pg_i64(r, i, 0);
		e->person_id = bm_pg_i64(r, i, 1);
		e->at = bm_pg_text(a, r, i, 2);
		e->actor_id = bm_pg_i64(r, i, 3);
		e->kind = bm_pg_text(a, r, i, 4);
		e->from_value = bm_pg_text(a, r, i, 5);
		e->to_value = bm_pg_text(a, r, i, 6);
		e->note = bm_pg_text(a, r, i, 7);
		e->actor_name = bm_pg_text(a, r, i, 8);
	}
	PQclear(r);
	*out = items;
	*count = (size_t)n;
	return 0;
}

static int pg_training_hours(bm_store *bs, bm_arena *a, int64_t person_id, const char *from,
                             const char *to, bm_training_hours *out)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, from);
	bm_pg_p_text(&p, to);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT coalesce(sum(CASE WHEN ($2::text IS NULL OR t.held_on >= $2)"
	                      " THEN t.hours_tenths END), 0),"
	                      " count(CASE WHEN ($2::text IS NULL OR t.held_on >= $2) THEN 1 END),"
	                      " max(t.held_on) FROM training_attendance x"
	                      " JOIN training_session t ON t.id = x.session_id"
	                      " WHERE x.person_id = $1 AND ($3::text IS NULL OR t.held_on <= $3)",
	                      &p, &r)) != 0)
		return rc;
	out->tenths = (int)bm_pg_i64(r, 0, 0);
	out->sessions = (int)bm_pg_i64(r, 0, 1);
	out->last_on = bm_pg_text(a, r, 0, 2);
	PQclear(r);
	return 0;
}

void bm_pg_people_ops(struct bm_store_ops *ops)
{
	ops->person_record_get = pg_person_record_get;
	ops->person_record_set = pg_person_record_set;
	ops->person_event_insert = pg_person_event_insert;
	ops->person_event_list = pg_person_event_list;
	ops->training_hours = pg_training_hours;
}
