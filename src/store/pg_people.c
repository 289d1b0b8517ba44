/*
 * pg_people.c — the register of cleared people (issue 10 points 1-2) in the
 * PostgreSQL back end (issue 12): a person's register columns and history, the training
 * sessions and their attendance (PERSON-6), trips abroad (PERSON-8), with the SQL of
 * sqlite_people.c, and the register of rewards and sanctions (INC-2, INSP-3) with
 * sqlite_merit.c's. Text orders and comparisons are COLLATE "C", bytewise as SQLite's.
 *
 * A training session's attendance is taken and signed, a trip approved, departed and
 * reported back: each use case reads the row, lets the service decide, and writes. As
 * request_get does (pg_workflow.c's header), training_get and trip_get in a write
 * transaction take the audit chain's head and then lock the row (FOR UPDATE OF, to the
 * commit), so a second server's use case on the same session or trip waits, reads what
 * the first committed and is refused by the service's own check (training_signed,
 * trip_approved, …). The signed sheet is also guarded in the database (PostgreSQL migration 8's
 * training_attendance_signed), and training_sign and trip_report write only a row not
 * yet signed or reported.
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

/* ---- training (PERSON-6) ---- */

#define TRAINING_COLS                                                                              \
	"SELECT t.id, t.unit_id, t.held_on, t.topic, t.hours_tenths, t.trainer, t.recorded_by,"    \
	" t.recorded_at, coalesce(t.signed_by, 0), t.signed_at,"                                   \
	" (SELECT count(*) FROM training_attendance x WHERE x.session_id = t.id)"                  \
	" FROM training_session t "

static int read_training(bm_arena *a, PGresult *r, int i, void *item)
{
	bm_training *t = item;
	t->id = bm_pg_i64(r, i, 0);
	t->unit_id = bm_pg_i64(r, i, 1);
	t->held_on = bm_pg_text(a, r, i, 2);
	t->topic = bm_pg_text(a, r, i, 3);
	t->hours_tenths = (int)bm_pg_i64(r, i, 4);
	t->trainer = bm_pg_text(a, r, i, 5);
	t->recorded_by = bm_pg_i64(r, i, 6);
	t->recorded_at = bm_pg_text(a, r, i, 7);
	t->signed_by = bm_pg_i64(r, i, 8);
	t->signed_at = bm_pg_text(a, r, i, 9);
	t->n_attendees = (size_t)bm_pg_i64(r, i, 10);
	return 0;
}

static int training_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                         bm_training **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_training, (void **)out, count);
}

static int pg_training_insert(bm_store *bs, bm_training *t)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, t->unit_id);
	bm_pg_p_text(&p, t->held_on);
	bm_pg_p_text(&p, t->topic);
	bm_pg_p_i64(&p, t->hours_tenths);
	bm_pg_p_text(&p, t->trainer);
	bm_pg_p_i64(&p, t->recorded_by);
	bm_pg_p_text(&p, t->recorded_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO training_session(unit_id, held_on, topic, hours_tenths,"
	                       " trainer, recorded_by, recorded_at) VALUES ($1,$2,$3,$4,$5,$6,$7)"
	                       " RETURNING id",
	                       &p, &t->id);
}

static int pg_training_get(bm_store *bs, bm_arena *a, int64_t id, bm_training **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_training *t = NULL;
	PGresult *r;
	int count, rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, TRAINING_COLS "WHERE t.id = $1",
	                    TRAINING_COLS "WHERE t.id = $1 FOR UPDATE OF t", &p, sizeof(**out),
	                    read_training, (void **)&t)) != 0)
		return rc;
	if (!t)
		return bm_error_set(BM_ENOTFOUND, "unknown_training", NULL, "培训 %lld 不存在",
		                    "training session %lld does not exist", (long long)id);
	if ((rc = bm_pg_query(s,
	                      "SELECT x.person_id, p.name FROM training_attendance x"
	                      " JOIN person p ON p.id = x.person_id WHERE x.session_id = $1"
	                      " ORDER BY x.person_id",
	                      &p, &r)) != 0)
		return rc;
	count = PQntuples(r);
	t->attendee_ids = bm_arena_alloc(a, (size_t)(count + 1) * sizeof(*t->attendee_ids));
	t->attendee_names = bm_arena_alloc(a, (size_t)(count + 1) * sizeof(*t->attendee_names));
	if (!t->attendee_ids || !t->attendee_names) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < count; i++) {
		t->attendee_ids[i] = bm_pg_i64(r, i, 0);
		t->attendee_names[i] = bm_pg_text(a, r, i, 1);
	}
	PQclear(r);
	t->n_attendees = (size_t)count;
	*out = t;
	return 0;
}

static int pg_training_list(bm_store *bs, bm_arena *a, int64_t unit_id, const char *from,
                            const char *to, bm_training **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, from);
	bm_pg_p_text(&p, to);
	return training_rows(
	        bm_pg_of(bs), a,
	        TRAINING_COLS
	        "WHERE t.unit_id = $1 AND ($2::text IS NULL OR t.held_on >= $2"
	        " COLLATE \"C\") AND ($3::text IS NULL OR t.held_on <= $3 COLLATE \"C\")"
	        " ORDER BY t.held_on COLLATE \"C\", t.id",
	        &p, out, count);
}

static int pg_training_of_person(bm_store *bs, bm_arena *a, int64_t person_id, bm_training **out,
                                 size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, person_id);
	return training_rows(bm_pg_of(bs), a,
	                     TRAINING_COLS "JOIN training_attendance y ON y.session_id = t.id"
	                                   " WHERE y.person_id = $1"
	                                   " ORDER BY t.held_on COLLATE \"C\", t.id",
	                     &p, out, count);
}

static int pg_training_attend(bm_store *bs, int64_t session_id, int64_t person_id, int64_t by,
                              const char *at)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_i64(&p, session_id);
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_i64(&p, by);
	bm_pg_p_text(&p, at);
	if ((rc = bm_pg_changed(
	             bm_pg_of(bs),
	             "INSERT INTO training_attendance(session_id, person_id, recorded_by,"
	             " recorded_at) VALUES ($1,$2,$3,$4) ON CONFLICT DO NOTHING"
	             " RETURNING session_id",
	             &p, &changed)) != 0)
		return rc;
	return changed ? 0
	               : bm_error_set(BM_ECONFLICT, "already_attended", NULL,
	                              "该人员已记入本次培训",
	                              "the person is already on the attendance of this session");
}

static int pg_training_sign(bm_store *bs, int64_t id, int64_t by, const char *at)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_i64(&p, by);
	bm_pg_p_text(&p, at);
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE training_session SET signed_by = $1, signed_at = $2"
	                        " WHERE id = $3 AND signed_at IS NULL RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0
	               : bm_error_set(BM_ECONFLICT, "training_signed", NULL,
	                              "培训 %lld 的签到表已签署",
	                              "the attendance of training session %lld is already signed",
	                              (long long)id);
}

/* ---- trips abroad (PERSON-8) ---- */

#define TRIP_COLS                                                                                  \
	"SELECT r.id, r.person_id, r.destination, r.purpose, r.depart_on, r.return_on,"            \
	" r.briefed_on, r.approved_by, r.recorded_by, r.recorded_at, r.reported_on,"               \
	" r.report_note, p.name, r.approvals, r.departed_on"                                       \
	" FROM person_trip r JOIN person p ON p.id = r.person_id "

static int unknown_trip(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_trip", NULL, "出国（境）记录 %lld 不存在",
	                    "trip %lld does not exist", (long long)id);
}

static int read_trip(bm_arena *a, PGresult *r, int i, void *item)
{
	bm_person_trip *t = item;
	t->id = bm_pg_i64(r, i, 0);
	t->person_id = bm_pg_i64(r, i, 1);
	t->destination = bm_pg_text(a, r, i, 2);
	t->purpose = bm_pg_text(a, r, i, 3);
	t->depart_on = bm_pg_text(a, r, i, 4);
	t->return_on = bm_pg_text(a, r, i, 5);
	t->briefed_on = bm_pg_text(a, r, i, 6);
	t->approved_by = bm_pg_text(a, r, i, 7);
	t->recorded_by = bm_pg_i64(r, i, 8);
	t->recorded_at = bm_pg_text(a, r, i, 9);
	t->reported_on = bm_pg_text(a, r, i, 10);
	t->report_note = bm_pg_text(a, r, i, 11);
	t->person_name = bm_pg_text(a, r, i, 12);
	t->approvals = (int)bm_pg_i64(r, i, 13);
	t->departed_on = bm_pg_text(a, r, i, 14);
	return 0;
}

static int trip_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                     bm_person_trip **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_trip, (void **)out, count);
}

static int pg_trip_insert(bm_store *bs, bm_person_trip *t)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, t->person_id);
	bm_pg_p_text(&p, t->destination);
	bm_pg_p_text(&p, t->purpose);
	bm_pg_p_text(&p, t->depart_on);
	bm_pg_p_text(&p, t->return_on);
	bm_pg_p_text(&p, t->briefed_on);
	bm_pg_p_text(&p, t->approved_by ? t->approved_by : "");
	bm_pg_p_i64(&p, t->recorded_by);
	bm_pg_p_text(&p, t->recorded_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO person_trip(person_id, destination, purpose, depart_on,"
	                       " return_on, briefed_on, approved_by, recorded_by, recorded_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9) RETURNING id",
	                       &p, &t->id);
}

static int pg_trip_get(bm_store *bs, bm_arena *a, int64_t id, bm_person_trip **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_person_trip *t = NULL;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, TRIP_COLS "WHERE r.id = $1",
	                    TRIP_COLS "WHERE r.id = $1 FOR UPDATE OF r", &p, sizeof(**out),
	                    read_trip, (void **)&t)) != 0)
		return rc;
	if (!t)
		return unknown_trip(id);
	*out = t;
	return 0;
}

static int pg_trip_update(bm_store *bs, const bm_person_trip *t)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_i64(&p, t->approvals);
	bm_pg_p_text(&p, t->approved_by ? t->approved_by : "");
	bm_pg_p_text(&p, t->departed_on);
	bm_pg_p_i64(&p, t->id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE person_trip SET approvals = $1, approved_by = $2,"
	                        " departed_on = $3 WHERE id = $4 RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0 : unknown_trip(t->id);
}

static int pg_trip_report(bm_store *bs, int64_t id, const char *reported_on, const char *note)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_text(&p, reported_on);
	bm_pg_p_text(&p, note);
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE person_trip SET reported_on = $1, report_note = $2"
	                        " WHERE id = $3 AND reported_on IS NULL RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0
	               : bm_error_set(BM_ECONFLICT, "trip_reported", NULL,
	                              "出国（境）记录 %lld 已报告",
	                              "trip %lld is already reported back", (long long)id);
}

static int pg_trip_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t person_id,
                        bool open_only, bm_person_trip **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_bool(&p, open_only);
	return trip_rows(bm_pg_of(bs), a,
	                 TRIP_COLS "WHERE p.unit_id = $1 AND ($2::bigint = 0 OR r.person_id = $2)"
	                           " AND ($3::bigint = 0 OR (r.reported_on IS NULL"
	                           " AND r.departed_on IS NOT NULL))"
	                           " ORDER BY r.depart_on COLLATE \"C\" DESC, r.id DESC",
	                 &p, out, count);
}

/* ---- rewards and sanctions (INC-2, INSP-3) ---- */

#define MERIT_COLS                                                                                 \
	"SELECT m.id, m.unit_id, m.person_id, m.kind, m.measure, coalesce(m.incident_id, 0),"      \
	" m.level, m.factor, m.factor_text, m.reason, m.decided_by, m.decided_on, m.document,"     \
	" m.recorded_by, m.recorded_at, p.name, d.name, r.name"                                    \
	" FROM merit m JOIN person p ON p.id = m.person_id"                                        \
	" LEFT JOIN department d ON d.id = p.department_id"                                        \
	" LEFT JOIN person r ON r.id = m.recorded_by "

static int pg_merit_insert(bm_store *bs, bm_merit_row *m)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, m->unit_id);
	bm_pg_p_i64(&p, m->person_id);
	bm_pg_p_text(&p, m->kind);
	bm_pg_p_text(&p, m->measure);
	bm_pg_p_id(&p, m->incident_id);
	bm_pg_p_text(&p, m->level);
	bm_pg_p_text(&p, m->factor);
	bm_pg_p_text(&p, m->factor_text);
	bm_pg_p_text(&p, m->reason);
	bm_pg_p_text(&p, m->decided_by);
	bm_pg_p_text(&p, m->decided_on);
	bm_pg_p_text(&p, m->document);
	bm_pg_p_i64(&p, m->recorded_by);
	bm_pg_p_text(&p, m->recorded_at);
	return bm_pg_insert_id(
	        bm_pg_of(bs),
	        "INSERT INTO merit(unit_id, person_id, kind, measure, incident_id,"
	        " level, factor, factor_text, reason, decided_by, decided_on,"
	        " document, recorded_by, recorded_at)"
	        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14) RETURNING id",
	        &p, &m->id);
}

static int read_merit(bm_arena *a, PGresult *r, int i, void *item)
{
	bm_merit_row *m = item;
	m->id = bm_pg_i64(r, i, 0);
	m->unit_id = bm_pg_i64(r, i, 1);
	m->person_id = bm_pg_i64(r, i, 2);
	m->kind = bm_pg_text(a, r, i, 3);
	m->measure = bm_pg_text(a, r, i, 4);
	m->incident_id = bm_pg_i64(r, i, 5);
	m->level = bm_pg_text(a, r, i, 6);
	m->factor = bm_pg_text(a, r, i, 7);
	m->factor_text = bm_pg_text(a, r, i, 8);
	m->reason = bm_pg_text(a, r, i, 9);
	m->decided_by = bm_pg_text(a, r, i, 10);
	m->decided_on = bm_pg_text(a, r, i, 11);
	m->document = bm_pg_text(a, r, i, 12);
	m->recorded_by = bm_pg_i64(r, i, 13);
	m->recorded_at = bm_pg_text(a, r, i, 14);
	m->person_name = bm_pg_text(a, r, i, 15);
	m->department_name = bm_pg_text(a, r, i, 16);
	m->recorded_by_name = bm_pg_text(a, r, i, 17);
	return 0;
}

static int pg_merit_list(bm_store *bs, bm_arena *a, const bm_merit_filter *f, bm_merit_row **out,
                         size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, f->unit_id);
	bm_pg_p_i64(&p, f->person_id);
	bm_pg_p_i64(&p, f->incident_id);
	bm_pg_p_text(&p, f->kind);
	bm_pg_p_text(&p, f->from);
	bm_pg_p_text(&p, f->to);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     MERIT_COLS
	                     "WHERE m.unit_id = $1"
	                     " AND ($2::bigint = 0 OR m.person_id = $2)"
	                     " AND ($3::bigint = 0 OR m.incident_id = $3)"
	                     " AND ($4::text IS NULL OR m.kind = $4)"
	                     " AND ($5::text IS NULL OR m.decided_on >= $5 COLLATE \"C\")"
	                     " AND ($6::text IS NULL OR m.decided_on <= $6 COLLATE \"C\")"
	                     " ORDER BY m.decided_on COLLATE \"C\", m.id",
	                     &p, sizeof(**out), read_merit, (void **)out, count);
}

void bm_pg_people_ops(struct bm_store_ops *ops)
{
	ops->person_record_get = pg_person_record_get;
	ops->person_record_set = pg_person_record_set;
	ops->person_event_insert = pg_person_event_insert;
	ops->person_event_list = pg_person_event_list;
	ops->training_hours = pg_training_hours;
	ops->training_insert = pg_training_insert;
	ops->training_get = pg_training_get;
	ops->training_list = pg_training_list;
	ops->training_of_person = pg_training_of_person;
	ops->training_attend = pg_training_attend;
	ops->training_sign = pg_training_sign;
	ops->trip_insert = pg_trip_insert;
	ops->trip_get = pg_trip_get;
	ops->trip_update = pg_trip_update;
	ops->trip_report = pg_trip_report;
	ops->trip_list = pg_trip_list;
	ops->merit_insert = pg_merit_insert;
	ops->merit_list = pg_merit_list;
}
