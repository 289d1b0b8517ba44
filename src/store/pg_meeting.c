/*
 * pg_meeting.c — classified meetings (涉密会议, MEET-1, MEET-2; sqlite_meeting.c) and
 * personal letters (领导亲启, REG-3; sqlite_letter.c) in the PostgreSQL back end
 * (issue 12), with the same SQL; store.h says the contract of each operation. Text orders
 * and comparisons are COLLATE "C", bytewise as SQLite's BINARY.
 *
 * Reading, deciding, writing back. A meeting's use cases (open, close, measures, its
 * participants, a document issued or handed back) read the meeting, let the service decide
 * on its status, participants and documents, then write; a letter's (opened by its
 * addressee, its contents registered) read the letter's status the same way. As
 * request_get does (pg_workflow.c's header), meeting_get and letter_get in a write
 * transaction first take the audit chain's head, then lock the row (FOR UPDATE OF, held to
 * the commit): a second server's use case on the same meeting or letter waits there, reads
 * what the first committed and is refused by the service's own check (meeting_not_open,
 * meeting_document_back, letter_opened, …), as on SQLite. A read snapshot locks nothing.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

/* ---- meetings ------------------------------------------------------------------------- */

#define MEETING_COLS                                                                               \
	"SELECT m.id, m.unit_id, m.title, m.level, coalesce(m.site_id, 0), m.room, m.starts_at,"   \
	" m.ends_at, m.organiser_id, m.no_wireless, m.phones_collected, m.room_checked,"           \
	" m.measures_at, coalesce(m.measures_by, 0), m.note, m.status, m.opened_at, m.closed_at,"  \
	" m.created_by, m.created_at, m.updated_at, s.name, o.name,"                               \
	" (SELECT count(*) FROM meeting_participant p WHERE p.meeting_id = m.id"                   \
	"   AND p.removed_at IS NULL),"                                                            \
	" (SELECT count(*) FROM meeting_document d WHERE d.meeting_id = m.id),"                    \
	" (SELECT count(*) FROM meeting_document d JOIN loan l ON l.id = d.loan_id"                \
	"   WHERE d.meeting_id = m.id AND l.returned_at IS NULL)"                                  \
	" FROM meeting m LEFT JOIN site s ON s.id = m.site_id"                                     \
	" LEFT JOIN person o ON o.id = m.organiser_id "

static int unknown_meeting(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_meeting", NULL, "会议 %lld 不存在",
	                    "meeting %lld does not exist", (long long)id);
}

static int read_meeting(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_meeting_row *r = item;
	int64_t level = bm_pg_i64(res, i, 3);
	if (level < 0 || level >= BM_LEVEL_COUNT)
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL, "会议密级无效",
		                    "invalid meeting level");
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	r->title = bm_pg_text(a, res, i, 2);
	r->level = (bm_level)level;
	r->site_id = bm_pg_i64(res, i, 4);
	r->room = bm_pg_text(a, res, i, 5);
	r->starts_at = bm_pg_text(a, res, i, 6);
	r->ends_at = bm_pg_text(a, res, i, 7);
	r->organiser_id = bm_pg_i64(res, i, 8);
	r->no_wireless = bm_pg_i64(res, i, 9) != 0;
	r->phones_collected = bm_pg_i64(res, i, 10) != 0;
	r->room_checked = bm_pg_i64(res, i, 11) != 0;
	r->measures_at = bm_pg_text(a, res, i, 12);
	r->measures_by = bm_pg_i64(res, i, 13);
	r->note = bm_pg_text(a, res, i, 14);
	r->status = bm_pg_text(a, res, i, 15);
	r->opened_at = bm_pg_text(a, res, i, 16);
	r->closed_at = bm_pg_text(a, res, i, 17);
	r->created_by = bm_pg_i64(res, i, 18);
	r->created_at = bm_pg_text(a, res, i, 19);
	r->updated_at = bm_pg_text(a, res, i, 20);
	r->site_name = bm_pg_text(a, res, i, 21);
	r->organiser_name = bm_pg_text(a, res, i, 22);
	r->n_participants = bm_pg_i64(res, i, 23);
	r->n_documents = bm_pg_i64(res, i, 24);
	r->n_out = bm_pg_i64(res, i, 25);
	return 0;
}

/* Every row of a query on MEETING_COLS. */
static int meeting_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                        bm_meeting_row **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_meeting, (void **)out, count);
}

/* The fields meeting_insert and meeting_update share, as $1..$17. */
static void param_meeting(bm_pg_params *p, const bm_meeting_row *r)
{
	bm_pg_p_text(p, r->title);
	bm_pg_p_i64(p, (int64_t)r->level);
	bm_pg_p_id(p, r->site_id);
	bm_pg_p_text(p, r->room);
	bm_pg_p_text(p, r->starts_at);
	bm_pg_p_text(p, r->ends_at);
	bm_pg_p_i64(p, r->organiser_id);
	bm_pg_p_bool(p, r->no_wireless);
	bm_pg_p_bool(p, r->phones_collected);
	bm_pg_p_bool(p, r->room_checked);
	bm_pg_p_text(p, r->measures_at);
	bm_pg_p_id(p, r->measures_by);
	bm_pg_p_text(p, r->note);
	bm_pg_p_text(p, r->status ? r->status : "planned");
	bm_pg_p_text(p, r->opened_at);
	bm_pg_p_text(p, r->closed_at);
	bm_pg_p_text(p, r->updated_at);
}

static int pg_meeting_insert(bm_store *bs, bm_meeting_row *r)
{
	bm_pg_params p = {0};
	param_meeting(&p, r);
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_i64(&p, r->created_by);
	bm_pg_p_text(&p, r->created_at);
	return bm_pg_insert_id(
	        bm_pg_of(bs),
	        "INSERT INTO meeting(title, level, site_id, room, starts_at, ends_at,"
	        " organiser_id, no_wireless, phones_collected, room_checked,"
	        " measures_at, measures_by, note, status, opened_at, closed_at,"
	        " updated_at, unit_id, created_by, created_at) VALUES ($1,$2,$3,$4,"
	        "$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20)"
	        " RETURNING id",
	        &p, &r->id);
}

static int pg_meeting_update(bm_store *bs, const bm_meeting_row *r)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	param_meeting(&p, r);
	bm_pg_p_i64(&p, r->id);
	if ((rc = bm_pg_changed(
	             bm_pg_of(bs),
	             "UPDATE meeting SET title = $1, level = $2, site_id = $3, room = $4,"
	             " starts_at = $5, ends_at = $6, organiser_id = $7, no_wireless = $8,"
	             " phones_collected = $9, room_checked = $10, measures_at = $11,"
	             " measures_by = $12, note = $13, status = $14, opened_at = $15,"
	             " closed_at = $16, updated_at = $17 WHERE id = $18 RETURNING id",
	             &p, &changed)) != 0)
		return rc;
	return changed ? 0 : unknown_meeting(r->id);
}

static int pg_meeting_get(bm_store *bs, bm_arena *a, int64_t id, bm_meeting_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_meeting_row *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, MEETING_COLS "WHERE m.id = $1",
	                    MEETING_COLS "WHERE m.id = $1 FOR UPDATE OF m", &p, sizeof(**out),
	                    read_meeting, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return unknown_meeting(id);
	*out = rows;
	return 0;
}

static int pg_meeting_list(bm_store *bs, bm_arena *a, const bm_meeting_filter *f,
                           bm_meeting_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, f->unit_id);
	bm_pg_p_text(&p, f->status);
	bm_pg_p_i64(&p, f->level);
	bm_pg_p_text(&p, f->from);
	bm_pg_p_text(&p, f->to);
	bm_pg_p_bool(&p, f->out_only);
	bm_pg_p_text(&p, f->q);
	bm_pg_p_i64(&p, f->person_id);
	/* A unit holds some meetings a month: one statement, every filter optional. */
	return meeting_rows(bm_pg_of(bs), a,
	                    MEETING_COLS
	                    "WHERE m.unit_id = $1 AND ($2::text IS NULL OR m.status = $2)"
	                    " AND ($3::bigint < 0 OR m.level = $3)"
	                    " AND ($4::text IS NULL OR m.starts_at >= $4 COLLATE \"C\")"
	                    " AND ($5::text IS NULL OR m.starts_at < $5 COLLATE \"C\")"
	                    " AND ($6::bigint = 0 OR EXISTS (SELECT 1 FROM meeting_document d"
	                    "  JOIN loan l ON l.id = d.loan_id WHERE d.meeting_id = m.id"
	                    "  AND l.returned_at IS NULL))"
	                    " AND ($7::text IS NULL OR strpos(m.title, $7) > 0"
	                    "  OR strpos(coalesce(m.room, ''), $7) > 0"
	                    "  OR strpos(coalesce(s.name, ''), $7) > 0"
	                    "  OR strpos(coalesce(o.name, ''), $7) > 0)"
	                    " AND ($8::bigint = 0 OR m.organiser_id = $8 OR EXISTS (SELECT 1"
	                    "  FROM meeting_participant p WHERE p.meeting_id = m.id"
	                    "  AND p.person_id = $8 AND p.removed_at IS NULL))"
	                    " ORDER BY m.starts_at COLLATE \"C\" DESC, m.id DESC",
	                    &p, out, count);
}

static int pg_meeting_participant_add(bm_store *bs, bm_meeting_participant_row *row)
{
	bm_pg_params p = {0};
	PGresult *res;
	int rc;
	bm_pg_p_i64(&p, row->meeting_id);
	bm_pg_p_i64(&p, row->person_id);
	bm_pg_p_i64(&p, row->added_by);
	bm_pg_p_text(&p, row->added_at);
	/*
	 * Listed already: BM_ECONFLICT as SQLite's unique index gives it, but without failing
	 * the statement (meeting_edit goes on after it when the organiser is listed, and a
	 * failed statement would abort the transaction here).
	 */
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "INSERT INTO meeting_participant(meeting_id, person_id, added_by,"
	                      " added_at) VALUES ($1,$2,$3,$4) ON CONFLICT (meeting_id, person_id)"
	                      " WHERE removed_at IS NULL DO NOTHING RETURNING id",
	                      &p, &res)) != 0)
		return rc;
	if (PQntuples(res) == 0)
		rc = bm_error_set(BM_ECONFLICT, "duplicate", NULL, "记录重复：%s",
		                  "duplicate record: %s", "meeting_participant_listed");
	else
		row->id = bm_pg_i64(res, 0, 0);
	PQclear(res);
	return rc;
}

static int pg_meeting_participant_remove(bm_store *bs, int64_t meeting_id, int64_t person_id,
                                         int64_t removed_by, const char *removed_at)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_i64(&p, removed_by);
	bm_pg_p_text(&p, removed_at);
	bm_pg_p_i64(&p, meeting_id);
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE meeting_participant SET removed_by = $1, removed_at = $2"
	                        " WHERE meeting_id = $3 AND person_id = $4 AND removed_at IS NULL"
	                        " RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0
	               : bm_error_set(BM_ENOTFOUND, "not_participant", NULL, "此人不是会议参加人员",
	                              "the person is not a participant");
}

static int read_participant(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_meeting_participant_row *m = item;
	int cls = BM_CLASS_NONE, rc;
	if ((rc = bm_pg_vocab(res, i, 8, bm_class_names, BM_CLASS_COUNT, &cls)) != 0)
		return rc;
	m->id = bm_pg_i64(res, i, 0);
	m->meeting_id = bm_pg_i64(res, i, 1);
	m->person_id = bm_pg_i64(res, i, 2);
	m->added_by = bm_pg_i64(res, i, 3);
	m->added_at = bm_pg_text(a, res, i, 4);
	m->removed_by = bm_pg_i64(res, i, 5);
	m->removed_at = bm_pg_text(a, res, i, 6);
	m->person_name = bm_pg_text(a, res, i, 7);
	m->person_class = (bm_class)cls;
	m->department_name = bm_pg_text(a, res, i, 9);
	return 0;
}

static int pg_meeting_participants(bm_store *bs, bm_arena *a, int64_t meeting_id,
                                   bm_meeting_participant_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, meeting_id);
	return bm_pg_collect(
	        bm_pg_of(bs), a,
	        "SELECT m.id, m.meeting_id, m.person_id, m.added_by, m.added_at,"
	        " coalesce(m.removed_by, 0), m.removed_at, p.name, p.person_class,"
	        " d.name FROM meeting_participant m JOIN person p ON p.id = m.person_id"
	        " LEFT JOIN department d ON d.id = p.department_id"
	        " WHERE m.meeting_id = $1 AND m.removed_at IS NULL ORDER BY m.id",
	        &p, sizeof(**out), read_participant, (void **)out, count);
}

static int pg_meeting_document_add(bm_store *bs, bm_meeting_document_row *d)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, d->meeting_id);
	bm_pg_p_i64(&p, d->loan_id);
	bm_pg_p_i64(&p, d->carrier_id);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO meeting_document(meeting_id, loan_id, carrier_id)"
	                       " VALUES ($1,$2,$3) RETURNING id",
	                       &p, &d->id);
}

static int read_document(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_meeting_document_row *d = item;
	int64_t level = bm_pg_i64(res, i, 16);
	if (level < 0 || level >= BM_LEVEL_COUNT)
		return bm_error_set(BM_ECORRUPT, "database_corrupt", NULL, "载体密级无效",
		                    "invalid carrier level");
	d->id = bm_pg_i64(res, i, 0);
	d->meeting_id = bm_pg_i64(res, i, 1);
	d->loan_id = bm_pg_i64(res, i, 2);
	d->carrier_id = bm_pg_i64(res, i, 3);
	d->holder_id = bm_pg_i64(res, i, 4);
	d->holder_name = bm_pg_text(a, res, i, 5);
	d->issued_at = bm_pg_text(a, res, i, 6);
	d->due_at = bm_pg_text(a, res, i, 7);
	d->signature = bm_pg_text(a, res, i, 8);
	d->returned_at = bm_pg_text(a, res, i, 9);
	d->received_by = bm_pg_i64(res, i, 10);
	d->received_by_name = bm_pg_text(a, res, i, 11);
	d->return_note = bm_pg_text(a, res, i, 12);
	d->carrier_title = bm_pg_text(a, res, i, 13);
	d->carrier_number = bm_pg_text(a, res, i, 14);
	d->carrier_serial = bm_pg_i64(res, i, 15);
	d->carrier_level = (bm_level)level;
	return 0;
}

static int pg_meeting_documents(bm_store *bs, bm_arena *a, int64_t meeting_id, int64_t loan_id,
                                bm_meeting_document_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, meeting_id);
	bm_pg_p_i64(&p, loan_id);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     "SELECT d.id, d.meeting_id, d.loan_id, d.carrier_id, l.holder_id,"
	                     " h.name, l.issued_at, l.due_at, l.signature, l.returned_at,"
	                     " coalesce(l.received_by, 0), r.name, l.return_note, c.title,"
	                     " c.doc_number, coalesce(c.serial_number, 0), c.level"
	                     " FROM meeting_document d JOIN loan l ON l.id = d.loan_id"
	                     " JOIN carrier c ON c.id = d.carrier_id"
	                     " LEFT JOIN person h ON h.id = l.holder_id"
	                     " LEFT JOIN person r ON r.id = l.received_by"
	                     " WHERE ($1::bigint = 0 OR d.meeting_id = $1)"
	                     " AND ($2::bigint = 0 OR d.loan_id = $2) ORDER BY d.id",
	                     &p, sizeof(**out), read_document, (void **)out, count);
}

static int pg_meeting_event_add(bm_store *bs, bm_meeting_event_row *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->meeting_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->action);
	bm_pg_p_text(&p, e->detail);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO meeting_event(meeting_id, at, actor_id, action, detail)"
	                       " VALUES ($1,$2,$3,$4,$5) RETURNING id",
	                       &p, &e->id);
}

static int read_event(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_meeting_event_row *e = item;
	e->id = bm_pg_i64(res, i, 0);
	e->meeting_id = bm_pg_i64(res, i, 1);
	e->at = bm_pg_text(a, res, i, 2);
	e->actor_id = bm_pg_i64(res, i, 3);
	e->action = bm_pg_text(a, res, i, 4);
	e->detail = bm_pg_text(a, res, i, 5);
	e->actor_name = bm_pg_text(a, res, i, 6);
	return 0;
}

static int pg_meeting_events(bm_store *bs, bm_arena *a, int64_t meeting_id,
                             bm_meeting_event_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, meeting_id);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     "SELECT e.id, e.meeting_id, e.at, coalesce(e.actor_id, 0), e.action,"
	                     " e.detail, p.name FROM meeting_event e"
	                     " LEFT JOIN person p ON p.id = e.actor_id"
	                     " WHERE e.meeting_id = $1 ORDER BY e.id",
	                     &p, sizeof(**out), read_event, (void **)out, count);
}

/* ---- personal letters (REG-3) ------------------------------------------------------------ */

#define LETTER_COLS                                                                                \
	"SELECT l.id, l.unit_id, l.sender, l.received_on, l.addressee_id, l.note, l.logged_by,"    \
	" l.logged_at, l.status, l.opened_at, l.classified, l.open_note, l.registered_at,"         \
	" a.name, b.name,"                                                                         \
	" (SELECT string_agg(k.carrier_id::text, ',' ORDER BY k.carrier_id)"                       \
	"   FROM personal_letter_carrier k WHERE k.letter_id = l.id)"                              \
	" FROM personal_letter l LEFT JOIN person a ON a.id = l.addressee_id"                      \
	" LEFT JOIN person b ON b.id = l.logged_by "

static int read_letter(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_letter_row *l = item;
	l->id = bm_pg_i64(res, i, 0);
	l->unit_id = bm_pg_i64(res, i, 1);
	l->sender = bm_pg_text(a, res, i, 2);
	l->received_on = bm_pg_text(a, res, i, 3);
	l->addressee_id = bm_pg_i64(res, i, 4);
	l->note = bm_pg_text(a, res, i, 5);
	l->logged_by = bm_pg_i64(res, i, 6);
	l->logged_at = bm_pg_text(a, res, i, 7);
	l->status = bm_pg_text(a, res, i, 8);
	l->opened_at = bm_pg_text(a, res, i, 9);
	l->classified = bm_pg_i64(res, i, 10) != 0;
	l->open_note = bm_pg_text(a, res, i, 11);
	l->registered_at = bm_pg_text(a, res, i, 12);
	l->addressee_name = bm_pg_text(a, res, i, 13);
	l->logged_by_name = bm_pg_text(a, res, i, 14);
	return bm_pg_ids(a, res, i, 15, &l->carrier_ids, &l->n_carriers);
}

/* Every row of a query on LETTER_COLS, each with its carriers. */
static int letter_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                       bm_letter_row **out, size_t *count)
{
	return bm_pg_collect(s, a, sql, p, sizeof(**out), read_letter, (void **)out, count);
}

static int pg_letter_insert(bm_store *bs, bm_letter_row *l)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, l->unit_id);
	bm_pg_p_text(&p, l->sender);
	bm_pg_p_text(&p, l->received_on);
	bm_pg_p_i64(&p, l->addressee_id);
	bm_pg_p_text(&p, l->note);
	bm_pg_p_i64(&p, l->logged_by);
	bm_pg_p_text(&p, l->logged_at);
	bm_pg_p_text(&p, l->status ? l->status : "sealed");
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO personal_letter(unit_id, sender, received_on,"
	                       " addressee_id, note, logged_by, logged_at, status)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
	                       &p, &l->id);
}

static int pg_letter_update(bm_store *bs, const bm_letter_row *l)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_text(&p, l->status);
	bm_pg_p_text(&p, l->opened_at);
	bm_pg_p_bool(&p, l->classified);
	bm_pg_p_text(&p, l->open_note);
	bm_pg_p_text(&p, l->registered_at);
	bm_pg_p_i64(&p, l->id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE personal_letter SET status = $1, opened_at = $2,"
	                        " classified = $3, open_note = $4, registered_at = $5 WHERE id = $6"
	                        " RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0
	               : bm_error_set(BM_ENOTFOUND, "not_found", NULL, "信件 %lld 不存在",
	                              "letter %lld does not exist", (long long)l->id);
}

static int pg_letter_get(bm_store *bs, bm_arena *a, int64_t id, bm_letter_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_letter_row *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, LETTER_COLS "WHERE l.id = $1",
	                    LETTER_COLS "WHERE l.id = $1 FOR UPDATE OF l", &p, sizeof(**out),
	                    read_letter, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return bm_error_set(BM_ENOTFOUND, "unknown_letter", NULL, "信件 %lld 不存在",
		                    "letter %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

static int pg_letter_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t addressee_id,
                          const char *status, bm_letter_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_i64(&p, addressee_id);
	bm_pg_p_text(&p, status);
	return letter_rows(bm_pg_of(bs), a,
	                   LETTER_COLS "WHERE l.unit_id = $1"
	                               " AND ($2::bigint = 0 OR l.addressee_id = $2)"
	                               " AND ($3::text IS NULL OR l.status = $3) ORDER BY l.id",
	                   &p, out, count);
}

static int pg_letter_link(bm_store *bs, int64_t letter_id, int64_t carrier_id)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, letter_id);
	bm_pg_p_i64(&p, carrier_id);
	return bm_pg_run(
	        bm_pg_of(bs),
	        "INSERT INTO personal_letter_carrier(letter_id, carrier_id) VALUES ($1,$2)", &p);
}

void bm_pg_meeting_ops(struct bm_store_ops *ops)
{
	ops->meeting_insert = pg_meeting_insert;
	ops->meeting_update = pg_meeting_update;
	ops->meeting_get = pg_meeting_get;
	ops->meeting_list = pg_meeting_list;
	ops->meeting_participant_add = pg_meeting_participant_add;
	ops->meeting_participant_remove = pg_meeting_participant_remove;
	ops->meeting_participants = pg_meeting_participants;
	ops->meeting_document_add = pg_meeting_document_add;
	ops->meeting_documents = pg_meeting_documents;
	ops->meeting_event_add = pg_meeting_event_add;
	ops->meeting_events = pg_meeting_events;
	ops->letter_insert = pg_letter_insert;
	ops->letter_update = pg_letter_update;
	ops->letter_get = pg_letter_get;
	ops->letter_list = pg_letter_list;
	ops->letter_link = pg_letter_link;
}
