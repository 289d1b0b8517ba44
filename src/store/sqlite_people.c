/*
 * sqlite_people.c — the register of cleared people and the training
 * records (issue 10 points 1-2) in the SQLite back end. Tables in
 * migration 23 (sqlite_schema_people.h). Every statement is constant text
 * with bound parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

static int person_missing(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 %lld 不存在",
	                    "person %lld does not exist", (long long)id);
}

int bm_sq_person_record_get(bm_store *bs, bm_arena *a, int64_t person_id, bm_person_record **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_person_record *r;
	int rc;
	if (!(r = bm_arena_alloc(a, sizeof(*r))))
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT post, vetted_on, vetting_result, vetting_note, cleared_on,"
	                     " statement_on, exit_commitment_on, left_on, leave_kind, decl_until"
	                     " FROM person WHERE id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		memset(r, 0, sizeof(*r));
		r->person_id = person_id;
		r->post = bm_sq_col_text(a, st, 0);
		r->vetted_on = bm_sq_col_text(a, st, 1);
		r->vetting_result = bm_sq_col_text(a, st, 2);
		r->vetting_note = bm_sq_col_text(a, st, 3);
		r->cleared_on = bm_sq_col_text(a, st, 4);
		r->statement_on = bm_sq_col_text(a, st, 5);
		r->exit_commitment_on = bm_sq_col_text(a, st, 6);
		r->left_on = bm_sq_col_text(a, st, 7);
		r->leave_kind = bm_sq_col_text(a, st, 8);
		r->decl_until = bm_sq_col_text(a, st, 9);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = person_missing(person_id);
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	if (rc == 0)
		*out = r;
	return rc;
}

int bm_sq_person_record_set(bm_store *bs, const bm_person_record *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE person SET post = ?, vetted_on = ?, vetting_result = ?,"
	                     " vetting_note = ?, cleared_on = ?, statement_on = ?,"
	                     " exit_commitment_on = ?, left_on = ?, leave_kind = ?, decl_until = ?"
	                     " WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, r->post);
	bm_sq_bind_text(st, 2, r->vetted_on);
	bm_sq_bind_text(st, 3, r->vetting_result);
	bm_sq_bind_text(st, 4, r->vetting_note);
	bm_sq_bind_text(st, 5, r->cleared_on);
	bm_sq_bind_text(st, 6, r->statement_on);
	bm_sq_bind_text(st, 7, r->exit_commitment_on);
	bm_sq_bind_text(st, 8, r->left_on);
	bm_sq_bind_text(st, 9, r->leave_kind);
	bm_sq_bind_text(st, 10, r->decl_until);
	sqlite3_bind_int64(st, 11, r->person_id);
	if ((rc = bm_sq_step_done(s, st)) == 0 && sqlite3_changes(s->db) == 0)
		rc = person_missing(r->person_id);
	return rc;
}

int bm_sq_person_event_insert(bm_store *bs, const bm_person_event *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO person_event(person_id, at, actor_id, kind, from_value,"
	                     " to_value, note) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->person_id);
	bm_sq_bind_text(st, 2, e->at);
	bm_sq_bind_id(st, 3, e->actor_id);
	bm_sq_bind_text(st, 4, e->kind);
	bm_sq_bind_text(st, 5, e->from_value);
	bm_sq_bind_text(st, 6, e->to_value);
	bm_sq_bind_text(st, 7, e->note);
	return bm_sq_step_done(s, st);
}

static int read_event(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_person_event *e = &((bm_person_event *)rows)[n];
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->person_id = sqlite3_column_int64(st, 1);
	e->at = bm_sq_col_text(a, st, 2);
	e->actor_id = sqlite3_column_int64(st, 3);
	e->kind = bm_sq_col_text(a, st, 4);
	e->from_value = bm_sq_col_text(a, st, 5);
	e->to_value = bm_sq_col_text(a, st, 6);
	e->note = bm_sq_col_text(a, st, 7);
	e->actor_name = bm_sq_col_text(a, st, 8);
	return 0;
}

int bm_sq_person_event_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_person_event **out,
                            size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT e.id, e.person_id, e.at, coalesce(e.actor_id, 0), e.kind,"
	                     " e.from_value, e.to_value, e.note, p.name FROM person_event e"
	                     " LEFT JOIN person p ON p.id = e.actor_id WHERE e.person_id = ?"
	                     " ORDER BY e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_event, (void **)out, count);
}

/* ---- training (PERSON-6) ---- */

#define TRAINING_COLS                                                                              \
	"SELECT t.id, t.unit_id, t.held_on, t.topic, t.hours_tenths, t.trainer, t.recorded_by,"    \
	" t.recorded_at, coalesce(t.signed_by, 0), t.signed_at,"                                   \
	" (SELECT count(*) FROM training_attendance x WHERE x.session_id = t.id)"                  \
	" FROM training_session t"

static int read_training(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_training *t = &((bm_training *)rows)[n];
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->unit_id = sqlite3_column_int64(st, 1);
	t->held_on = bm_sq_col_text(a, st, 2);
	t->topic = bm_sq_col_text(a, st, 3);
	t->hours_tenths = sqlite3_column_int(st, 4);
	t->trainer = bm_sq_col_text(a, st, 5);
	t->recorded_by = sqlite3_column_int64(st, 6);
	t->recorded_at = bm_sq_col_text(a, st, 7);
	t->signed_by = sqlite3_column_int64(st, 8);
	t->signed_at = bm_sq_col_text(a, st, 9);
	t->n_attendees = (size_t)sqlite3_column_int64(st, 10);
	return 0;
}

int bm_sq_training_insert(bm_store *bs, bm_training *t)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO training_session(unit_id, held_on, topic, hours_tenths,"
	                     " trainer, recorded_by, recorded_at) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, t->unit_id);
	bm_sq_bind_text(st, 2, t->held_on);
	bm_sq_bind_text(st, 3, t->topic);
	sqlite3_bind_int(st, 4, t->hours_tenths);
	bm_sq_bind_text(st, 5, t->trainer);
	sqlite3_bind_int64(st, 6, t->recorded_by);
	bm_sq_bind_text(st, 7, t->recorded_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	t->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int read_attendee(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_person_event *e = &((bm_person_event *)rows)[n];
	memset(e, 0, sizeof(*e));
	e->person_id = sqlite3_column_int64(st, 0);
	e->note = bm_sq_col_text(a, st, 1);
	return 0;
}

int bm_sq_training_get(bm_store *bs, bm_arena *a, int64_t id, bm_training **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_training *t = NULL;
	bm_person_event *att = NULL;
	size_t n = 0, count = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, TRAINING_COLS " WHERE t.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*t), read_training, (void **)&t, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_training", NULL, "培训 %lld 不存在",
		                    "training session %lld does not exist", (long long)id);
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT x.person_id, p.name FROM training_attendance x"
	                     " JOIN person p ON p.id = x.person_id WHERE x.session_id = ?"
	                     " ORDER BY x.person_id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*att), read_attendee, (void **)&att, &count)) != 0)
		return rc;
	t->attendee_ids = bm_arena_alloc(a, (count + 1) * sizeof(*t->attendee_ids));
	t->attendee_names = bm_arena_alloc(a, (count + 1) * sizeof(*t->attendee_names));
	if (!t->attendee_ids || !t->attendee_names)
		return bm_error_nomem();
	for (size_t i = 0; i < count; i++) {
		t->attendee_ids[i] = att[i].person_id;
		t->attendee_names[i] = att[i].note;
	}
	t->n_attendees = count;
	*out = t;
	return 0;
}

int bm_sq_training_list(bm_store *bs, bm_arena *a, int64_t unit_id, const char *from,
                        const char *to, bm_training **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     TRAINING_COLS
	                     " WHERE t.unit_id = ?1 AND (?2 IS NULL OR t.held_on >= ?2)"
	                     " AND (?3 IS NULL OR t.held_on <= ?3)"
	                     " ORDER BY t.held_on, t.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, from);
	bm_sq_bind_text(st, 3, to);
	return bm_sq_collect(s, a, st, sizeof(**out), read_training, (void **)out, count);
}

int bm_sq_training_of_person(bm_store *bs, bm_arena *a, int64_t person_id, bm_training **out,
                             size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     TRAINING_COLS " JOIN training_attendance y ON y.session_id = t.id"
	                                   " WHERE y.person_id = ? ORDER BY t.held_on, t.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_training, (void **)out, count);
}

int bm_sq_training_attend(bm_store *bs, int64_t session_id, int64_t person_id, int64_t by,
                          const char *at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO training_attendance(session_id, person_id, recorded_by,"
	                     " recorded_at) VALUES (?,?,?,?) ON CONFLICT DO NOTHING")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	sqlite3_bind_int64(st, 2, person_id);
	sqlite3_bind_int64(st, 3, by);
	bm_sq_bind_text(st, 4, at);
	if ((rc = bm_sq_step_done(s, st)) == 0 && sqlite3_changes(s->db) == 0)
		rc = bm_error_set(BM_ECONFLICT, "already_attended", NULL, "该人员已记入本次培训",
		                  "the person is already on the attendance of this session");
	return rc;
}

int bm_sq_training_sign(bm_store *bs, int64_t id, int64_t by, const char *at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE training_session SET signed_by = ?, signed_at = ?"
	                     " WHERE id = ? AND signed_at IS NULL")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, by);
	bm_sq_bind_text(st, 2, at);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = bm_sq_step_done(s, st)) == 0 && sqlite3_changes(s->db) == 0)
		rc = bm_error_set(BM_ECONFLICT, "training_signed", NULL, "培训 %lld 的签到表已签署",
		                  "the attendance of training session %lld is already signed",
		                  (long long)id);
	return rc;
}

int bm_sq_training_hours(bm_store *bs, bm_arena *a, int64_t person_id, const char *from,
                         const char *to, bm_training_hours *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT coalesce(sum(CASE WHEN (?2 IS NULL OR t.held_on >= ?2)"
	                     " THEN t.hours_tenths END), 0),"
	                     " count(CASE WHEN (?2 IS NULL OR t.held_on >= ?2) THEN 1 END),"
	                     " max(t.held_on) FROM training_attendance x"
	                     " JOIN training_session t ON t.id = x.session_id"
	                     " WHERE x.person_id = ?1 AND (?3 IS NULL OR t.held_on <= ?3)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	bm_sq_bind_text(st, 2, from);
	bm_sq_bind_text(st, 3, to);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		out->tenths = sqlite3_column_int(st, 0);
		out->sessions = sqlite3_column_int(st, 1);
		out->last_on = bm_sq_col_text(a, st, 2);
		rc = 0;
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	return rc;
}

/* ---- trips abroad (PERSON-8) ---- */

#define TRIP_COLS                                                                                  \
	"SELECT r.id, r.person_id, r.destination, r.purpose, r.depart_on, r.return_on,"            \
	" r.briefed_on, r.approved_by, r.recorded_by, r.recorded_at, r.reported_on,"               \
	" r.report_note, p.name, r.approvals, r.departed_on"                                       \
	" FROM person_trip r JOIN person p ON p.id = r.person_id"

static int read_trip(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_person_trip *t = &((bm_person_trip *)rows)[n];
	memset(t, 0, sizeof(*t));
	t->id = sqlite3_column_int64(st, 0);
	t->person_id = sqlite3_column_int64(st, 1);
	t->destination = bm_sq_col_text(a, st, 2);
	t->purpose = bm_sq_col_text(a, st, 3);
	t->depart_on = bm_sq_col_text(a, st, 4);
	t->return_on = bm_sq_col_text(a, st, 5);
	t->briefed_on = bm_sq_col_text(a, st, 6);
	t->approved_by = bm_sq_col_text(a, st, 7);
	t->recorded_by = sqlite3_column_int64(st, 8);
	t->recorded_at = bm_sq_col_text(a, st, 9);
	t->reported_on = bm_sq_col_text(a, st, 10);
	t->report_note = bm_sq_col_text(a, st, 11);
	t->person_name = bm_sq_col_text(a, st, 12);
	t->approvals = sqlite3_column_int(st, 13);
	t->departed_on = bm_sq_col_text(a, st, 14);
	return 0;
}

int bm_sq_trip_insert(bm_store *bs, bm_person_trip *t)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO person_trip(person_id, destination, purpose, depart_on,"
	                     " return_on, briefed_on, approved_by, recorded_by, recorded_at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, t->person_id);
	bm_sq_bind_text(st, 2, t->destination);
	bm_sq_bind_text(st, 3, t->purpose);
	bm_sq_bind_text(st, 4, t->depart_on);
	bm_sq_bind_text(st, 5, t->return_on);
	bm_sq_bind_text(st, 6, t->briefed_on);
	bm_sq_bind_text(st, 7, t->approved_by ? t->approved_by : "");
	sqlite3_bind_int64(st, 8, t->recorded_by);
	bm_sq_bind_text(st, 9, t->recorded_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	t->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_trip_get(bm_store *bs, bm_arena *a, int64_t id, bm_person_trip **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_person_trip *t = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, TRIP_COLS " WHERE r.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*t), read_trip, (void **)&t, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_trip", NULL,
		                    "出国（境）记录 %lld 不存在", "trip %lld does not exist",
		                    (long long)id);
	*out = t;
	return 0;
}

int bm_sq_trip_update(bm_store *bs, const bm_person_trip *t)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "UPDATE person_trip SET approvals = ?, approved_by = ?, departed_on = ?"
	             " WHERE id = ?")) != 0)
		return rc;
	sqlite3_bind_int(st, 1, t->approvals);
	bm_sq_bind_text(st, 2, t->approved_by ? t->approved_by : "");
	bm_sq_bind_text(st, 3, t->departed_on);
	sqlite3_bind_int64(st, 4, t->id);
	if ((rc = bm_sq_step_done(s, st)) == 0 && sqlite3_changes(s->db) == 0)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_trip", NULL, "出国（境）记录 %lld 不存在",
		                  "trip %lld does not exist", (long long)t->id);
	return rc;
}

int bm_sq_trip_report(bm_store *bs, int64_t id, const char *reported_on, const char *note)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE person_trip SET reported_on = ?, report_note = ?"
	                     " WHERE id = ? AND reported_on IS NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, reported_on);
	bm_sq_bind_text(st, 2, note);
	sqlite3_bind_int64(st, 3, id);
	if ((rc = bm_sq_step_done(s, st)) == 0 && sqlite3_changes(s->db) == 0)
		rc = bm_error_set(BM_ECONFLICT, "trip_reported", NULL, "出国（境）记录 %lld 已报告",
		                  "trip %lld is already reported back", (long long)id);
	return rc;
}

int bm_sq_trip_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t person_id, bool open_only,
                    bm_person_trip **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     TRIP_COLS " WHERE p.unit_id = ?1 AND (?2 = 0 OR r.person_id = ?2)"
	                               " AND (?3 = 0 OR (r.reported_on IS NULL"
	                               " AND r.departed_on IS NOT NULL))"
	                               " ORDER BY r.depart_on DESC, r.id DESC")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, person_id);
	sqlite3_bind_int(st, 3, open_only ? 1 : 0);
	return bm_sq_collect(s, a, st, sizeof(**out), read_trip, (void **)out, count);
}
