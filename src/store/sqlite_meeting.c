/*
 * sqlite_meeting.c — classified meetings (涉密会议, MEET-1, MEET-2) in the
 * SQLite back end: the meeting, its participants, the documents issued
 * (each a loan of kind "meeting") and its history. Tables in migration 28
 * (sqlite_schema_meeting.h). Every statement is constant text with bound
 * parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

#define MEETING_COLS                                                                               \
	"SELECT m.id, m.unit_id, m.title, m.level, m.site_id, m.room, m.starts_at, m.ends_at,"     \
	" m.organiser_id, m.no_wireless, m.phones_collected, m.room_checked, m.measures_at,"       \
	" m.measures_by, m.note, m.status, m.opened_at, m.closed_at, m.created_by, m.created_at,"  \
	" m.updated_at, s.name, o.name,"                                                           \
	" (SELECT count(*) FROM meeting_participant p WHERE p.meeting_id = m.id"                   \
	"   AND p.removed_at IS NULL),"                                                            \
	" (SELECT count(*) FROM meeting_document d WHERE d.meeting_id = m.id),"                    \
	" (SELECT count(*) FROM meeting_document d JOIN loan l ON l.id = d.loan_id"                \
	"   WHERE d.meeting_id = m.id AND l.returned_at IS NULL)"                                  \
	" FROM meeting m LEFT JOIN site s ON s.id = m.site_id"                                     \
	" LEFT JOIN person o ON o.id = m.organiser_id"

static int read_meeting(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_meeting_row *r = (bm_meeting_row *)rows + n;
	int level = sqlite3_column_int(st, 3);
	memset(r, 0, sizeof(*r));
	if (level < 0 || level >= BM_LEVEL_COUNT)
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL, "会议密级无效",
		                    "invalid meeting level");
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	r->title = bm_sq_col_text(a, st, 2);
	r->level = (bm_level)level;
	r->site_id = sqlite3_column_int64(st, 4);
	r->room = bm_sq_col_text(a, st, 5);
	r->starts_at = bm_sq_col_text(a, st, 6);
	r->ends_at = bm_sq_col_text(a, st, 7);
	r->organiser_id = sqlite3_column_int64(st, 8);
	r->no_wireless = sqlite3_column_int(st, 9) != 0;
	r->phones_collected = sqlite3_column_int(st, 10) != 0;
	r->room_checked = sqlite3_column_int(st, 11) != 0;
	r->measures_at = bm_sq_col_text(a, st, 12);
	r->measures_by = sqlite3_column_int64(st, 13);
	r->note = bm_sq_col_text(a, st, 14);
	r->status = bm_sq_col_text(a, st, 15);
	r->opened_at = bm_sq_col_text(a, st, 16);
	r->closed_at = bm_sq_col_text(a, st, 17);
	r->created_by = sqlite3_column_int64(st, 18);
	r->created_at = bm_sq_col_text(a, st, 19);
	r->updated_at = bm_sq_col_text(a, st, 20);
	r->site_name = bm_sq_col_text(a, st, 21);
	r->organiser_name = bm_sq_col_text(a, st, 22);
	r->n_participants = sqlite3_column_int64(st, 23);
	r->n_documents = sqlite3_column_int64(st, 24);
	r->n_out = sqlite3_column_int64(st, 25);
	return 0;
}

/* Binds the fields meeting_insert and meeting_update share, from parameter 1. */
static void bind_meeting(sqlite3_stmt *st, const bm_meeting_row *r)
{
	bm_sq_bind_text(st, 1, r->title);
	sqlite3_bind_int(st, 2, (int)r->level);
	bm_sq_bind_id(st, 3, r->site_id);
	bm_sq_bind_text(st, 4, r->room);
	bm_sq_bind_text(st, 5, r->starts_at);
	bm_sq_bind_text(st, 6, r->ends_at);
	sqlite3_bind_int64(st, 7, r->organiser_id);
	sqlite3_bind_int(st, 8, r->no_wireless ? 1 : 0);
	sqlite3_bind_int(st, 9, r->phones_collected ? 1 : 0);
	sqlite3_bind_int(st, 10, r->room_checked ? 1 : 0);
	bm_sq_bind_text(st, 11, r->measures_at);
	bm_sq_bind_id(st, 12, r->measures_by);
	bm_sq_bind_text(st, 13, r->note);
	bm_sq_bind_text(st, 14, r->status ? r->status : "planned");
	bm_sq_bind_text(st, 15, r->opened_at);
	bm_sq_bind_text(st, 16, r->closed_at);
	bm_sq_bind_text(st, 17, r->updated_at);
}

int bm_sq_meeting_insert(bm_store *bs, bm_meeting_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO meeting(title, level, site_id, room, starts_at, ends_at,"
	                     " organiser_id, no_wireless, phones_collected, room_checked,"
	                     " measures_at, measures_by, note, status, opened_at, closed_at,"
	                     " updated_at, unit_id, created_by, created_at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	bind_meeting(st, r);
	sqlite3_bind_int64(st, 18, r->unit_id);
	sqlite3_bind_int64(st, 19, r->created_by);
	bm_sq_bind_text(st, 20, r->created_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_meeting_update(bm_store *bs, const bm_meeting_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE meeting SET title = ?1, level = ?2, site_id = ?3, room = ?4,"
	                     " starts_at = ?5, ends_at = ?6, organiser_id = ?7, no_wireless = ?8,"
	                     " phones_collected = ?9, room_checked = ?10, measures_at = ?11,"
	                     " measures_by = ?12, note = ?13, status = ?14, opened_at = ?15,"
	                     " closed_at = ?16, updated_at = ?17 WHERE id = ?18")) != 0)
		return rc;
	bind_meeting(st, r);
	sqlite3_bind_int64(st, 18, r->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_meeting", NULL, "会议 %lld 不存在",
		                    "meeting %lld does not exist", (long long)r->id);
	return 0;
}

int bm_sq_meeting_get(bm_store *bs, bm_arena *a, int64_t id, bm_meeting_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_meeting_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, MEETING_COLS " WHERE m.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_meeting, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_meeting", NULL, "会议 %lld 不存在",
		                    "meeting %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

int bm_sq_meeting_list(bm_store *bs, bm_arena *a, const bm_meeting_filter *f, bm_meeting_row **out,
                       size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* A unit holds some meetings a month: one statement, every filter optional. */
	if ((rc = bm_sq_prep(s, &st,
	                     MEETING_COLS
	                     " WHERE m.unit_id = ?1 AND (?2 IS NULL OR m.status = ?2)"
	                     " AND (?3 < 0 OR m.level = ?3)"
	                     " AND (?4 IS NULL OR m.starts_at >= ?4)"
	                     " AND (?5 IS NULL OR m.starts_at < ?5)"
	                     " AND (?6 = 0 OR EXISTS (SELECT 1 FROM meeting_document d"
	                     "  JOIN loan l ON l.id = d.loan_id WHERE d.meeting_id = m.id"
	                     "  AND l.returned_at IS NULL))"
	                     " AND (?7 IS NULL OR instr(m.title, ?7) > 0"
	                     "  OR instr(coalesce(m.room, ''), ?7) > 0"
	                     "  OR instr(coalesce(s.name, ''), ?7) > 0"
	                     "  OR instr(coalesce(o.name, ''), ?7) > 0)"
	                     " AND (?8 IS NULL OR m.organiser_id = ?8 OR EXISTS (SELECT 1"
	                     "  FROM meeting_participant p WHERE p.meeting_id = m.id"
	                     "  AND p.person_id = ?8 AND p.removed_at IS NULL))"
	                     " ORDER BY m.starts_at DESC, m.id DESC")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, f->unit_id);
	bm_sq_bind_text(st, 2, f->status);
	sqlite3_bind_int(st, 3, f->level);
	bm_sq_bind_text(st, 4, f->from);
	bm_sq_bind_text(st, 5, f->to);
	sqlite3_bind_int(st, 6, f->out_only ? 1 : 0);
	bm_sq_bind_text(st, 7, f->q);
	bm_sq_bind_id(st, 8, f->person_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_meeting, (void **)out, count);
}

int bm_sq_meeting_participant_add(bm_store *bs, bm_meeting_participant_row *p)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO meeting_participant(meeting_id, person_id, added_by,"
	                     " added_at) VALUES (?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->meeting_id);
	sqlite3_bind_int64(st, 2, p->person_id);
	sqlite3_bind_int64(st, 3, p->added_by);
	bm_sq_bind_text(st, 4, p->added_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	p->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_meeting_participant_remove(bm_store *bs, int64_t meeting_id, int64_t person_id,
                                     int64_t removed_by, const char *removed_at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE meeting_participant SET removed_by = ?, removed_at = ?"
	                     " WHERE meeting_id = ? AND person_id = ? AND removed_at IS NULL")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, removed_by);
	bm_sq_bind_text(st, 2, removed_at);
	sqlite3_bind_int64(st, 3, meeting_id);
	sqlite3_bind_int64(st, 4, person_id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "not_participant", NULL, "此人不是会议参加人员",
		                    "the person is not a participant");
	return 0;
}

static int read_participant(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_meeting_participant_row *m = (bm_meeting_participant_row *)rows + n;
	int cls = BM_CLASS_NONE;
	int rc;
	memset(m, 0, sizeof(*m));
	if ((rc = bm_sq_col_vocab(st, 8, bm_class_names, BM_CLASS_COUNT, &cls)) != 0)
		return rc;
	m->id = sqlite3_column_int64(st, 0);
	m->meeting_id = sqlite3_column_int64(st, 1);
	m->person_id = sqlite3_column_int64(st, 2);
	m->added_by = sqlite3_column_int64(st, 3);
	m->added_at = bm_sq_col_text(a, st, 4);
	m->removed_by = sqlite3_column_int64(st, 5);
	m->removed_at = bm_sq_col_text(a, st, 6);
	m->person_name = bm_sq_col_text(a, st, 7);
	m->person_class = (bm_class)cls;
	m->department_name = bm_sq_col_text(a, st, 9);
	return 0;
}

int bm_sq_meeting_participants(bm_store *bs, bm_arena *a, int64_t meeting_id,
                               bm_meeting_participant_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT m.id, m.meeting_id, m.person_id, m.added_by, m.added_at,"
	                     " m.removed_by, m.removed_at, p.name, p.person_class, d.name"
	                     " FROM meeting_participant m JOIN person p ON p.id = m.person_id"
	                     " LEFT JOIN department d ON d.id = p.department_id"
	                     " WHERE m.meeting_id = ? AND m.removed_at IS NULL"
	                     " ORDER BY m.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, meeting_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_participant, (void **)out, count);
}

int bm_sq_meeting_document_add(bm_store *bs, bm_meeting_document_row *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO meeting_document(meeting_id, loan_id, carrier_id)"
	                     " VALUES (?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->meeting_id);
	sqlite3_bind_int64(st, 2, d->loan_id);
	sqlite3_bind_int64(st, 3, d->carrier_id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	d->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int read_document(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_meeting_document_row *d = (bm_meeting_document_row *)rows + n;
	int level = sqlite3_column_int(st, 16);
	memset(d, 0, sizeof(*d));
	if (level < 0 || level >= BM_LEVEL_COUNT)
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL, "载体密级无效",
		                    "invalid carrier level");
	d->id = sqlite3_column_int64(st, 0);
	d->meeting_id = sqlite3_column_int64(st, 1);
	d->loan_id = sqlite3_column_int64(st, 2);
	d->carrier_id = sqlite3_column_int64(st, 3);
	d->holder_id = sqlite3_column_int64(st, 4);
	d->holder_name = bm_sq_col_text(a, st, 5);
	d->issued_at = bm_sq_col_text(a, st, 6);
	d->due_at = bm_sq_col_text(a, st, 7);
	d->signature = bm_sq_col_text(a, st, 8);
	d->returned_at = bm_sq_col_text(a, st, 9);
	d->received_by = sqlite3_column_int64(st, 10);
	d->received_by_name = bm_sq_col_text(a, st, 11);
	d->return_note = bm_sq_col_text(a, st, 12);
	d->carrier_title = bm_sq_col_text(a, st, 13);
	d->carrier_number = bm_sq_col_text(a, st, 14);
	d->carrier_serial = sqlite3_column_int64(st, 15);
	d->carrier_level = (bm_level)level;
	return 0;
}

int bm_sq_meeting_documents(bm_store *bs, bm_arena *a, int64_t meeting_id, int64_t loan_id,
                            bm_meeting_document_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT d.id, d.meeting_id, d.loan_id, d.carrier_id, l.holder_id,"
	                     " h.name, l.issued_at, l.due_at, l.signature, l.returned_at,"
	                     " l.received_by, r.name, l.return_note, c.title, c.doc_number,"
	                     " c.serial_number, c.level"
	                     " FROM meeting_document d JOIN loan l ON l.id = d.loan_id"
	                     " JOIN carrier c ON c.id = d.carrier_id"
	                     " LEFT JOIN person h ON h.id = l.holder_id"
	                     " LEFT JOIN person r ON r.id = l.received_by"
	                     " WHERE (?1 IS NULL OR d.meeting_id = ?1)"
	                     " AND (?2 IS NULL OR d.loan_id = ?2) ORDER BY d.id")) != 0)
		return rc;
	bm_sq_bind_id(st, 1, meeting_id);
	bm_sq_bind_id(st, 2, loan_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_document, (void **)out, count);
}

int bm_sq_meeting_event_add(bm_store *bs, bm_meeting_event_row *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO meeting_event(meeting_id, at, actor_id, action, detail)"
	                     " VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->meeting_id);
	bm_sq_bind_text(st, 2, e->at);
	bm_sq_bind_id(st, 3, e->actor_id);
	bm_sq_bind_text(st, 4, e->action);
	bm_sq_bind_text(st, 5, e->detail);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	e->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int read_event(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_meeting_event_row *e = (bm_meeting_event_row *)rows + n;
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->meeting_id = sqlite3_column_int64(st, 1);
	e->at = bm_sq_col_text(a, st, 2);
	e->actor_id = sqlite3_column_int64(st, 3);
	e->action = bm_sq_col_text(a, st, 4);
	e->detail = bm_sq_col_text(a, st, 5);
	e->actor_name = bm_sq_col_text(a, st, 6);
	return 0;
}

int bm_sq_meeting_events(bm_store *bs, bm_arena *a, int64_t meeting_id, bm_meeting_event_row **out,
                         size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT e.id, e.meeting_id, e.at, e.actor_id, e.action, e.detail, p.name"
	             " FROM meeting_event e LEFT JOIN person p ON p.id = e.actor_id"
	             " WHERE e.meeting_id = ? ORDER BY e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, meeting_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_event, (void **)out, count);
}
