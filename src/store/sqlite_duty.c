/*
 * sqlite_duty.c — the responsibility system (保密工作责任制, ORG-1) in the
 * SQLite back end: the leadership group's members, the departments'
 * responsible leaders and secrecy clerks, and their history. Tables in
 * migration 40 (sqlite_schema_duty.h). Every statement is constant text
 * with bound parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

/* A person's status as bm_person_status (0 active, 1 disabled, 2 left). */
#define STATUS(p) "CASE " p ".status WHEN 'active' THEN 0 WHEN 'disabled' THEN 1 ELSE 2 END"

#define MEMBER_COLS                                                                                \
	"SELECT m.id, m.unit_id, m.person_id, m.role, m.in_charge, m.appointed_on, m.document,"    \
	" m.ended_on, m.end_document, m.recorded_by, m.recorded_at, p.name, d.name, " STATUS(      \
	        "p") " FROM duty_member m JOIN person p ON p.id = m.person_id"                     \
	             " LEFT JOIN department d ON d.id = p.department_id"

static int read_member(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_duty_member *m = (bm_duty_member *)rows + n;
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->unit_id = sqlite3_column_int64(st, 1);
	m->person_id = sqlite3_column_int64(st, 2);
	m->role = bm_sq_col_text(a, st, 3);
	m->in_charge = sqlite3_column_int(st, 4) != 0;
	m->appointed_on = bm_sq_col_text(a, st, 5);
	m->document = bm_sq_col_text(a, st, 6);
	m->ended_on = bm_sq_col_text(a, st, 7);
	m->end_document = bm_sq_col_text(a, st, 8);
	m->recorded_by = sqlite3_column_int64(st, 9);
	m->recorded_at = bm_sq_col_text(a, st, 10);
	m->person_name = bm_sq_col_text(a, st, 11);
	m->department_name = bm_sq_col_text(a, st, 12);
	m->person_status = sqlite3_column_int(st, 13);
	return 0;
}

int bm_sq_duty_member_insert(bm_store *bs, bm_duty_member *m)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO duty_member(unit_id, person_id, role, in_charge,"
	                     " appointed_on, document, recorded_by, recorded_at)"
	                     " VALUES (?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, m->unit_id);
	sqlite3_bind_int64(st, 2, m->person_id);
	bm_sq_bind_text(st, 3, m->role);
	sqlite3_bind_int(st, 4, m->in_charge ? 1 : 0);
	bm_sq_bind_text(st, 5, m->appointed_on);
	bm_sq_bind_text(st, 6, m->document);
	sqlite3_bind_int64(st, 7, m->recorded_by);
	bm_sq_bind_text(st, 8, m->recorded_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	m->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_duty_member_end(bm_store *bs, const bm_duty_member *m)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE duty_member SET ended_on = ?1, end_document = ?2"
	                     " WHERE id = ?3 AND ended_on IS NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, m->ended_on);
	bm_sq_bind_text(st, 2, m->end_document);
	sqlite3_bind_int64(st, 3, m->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_member", NULL,
		                    "领导小组成员记录 %lld 不存在或已结束",
		                    "leadership group place %lld does not exist or has ended",
		                    (long long)m->id);
	return 0;
}

int bm_sq_duty_member_get(bm_store *bs, bm_arena *a, int64_t id, bm_duty_member **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_duty_member *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, MEMBER_COLS " WHERE m.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_member, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_member", NULL,
		                    "领导小组成员记录 %lld 不存在",
		                    "leadership group place %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

int bm_sq_duty_members(bm_store *bs, bm_arena *a, int64_t unit_id, bool all, bm_duty_member **out,
                       size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     MEMBER_COLS " WHERE m.unit_id = ?1 AND (?2 OR m.ended_on IS NULL)"
	                                 " ORDER BY m.ended_on IS NOT NULL,"
	                                 " CASE m.role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1"
	                                 " ELSE 2 END, m.in_charge DESC, m.appointed_on, m.id")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int(st, 2, all ? 1 : 0);
	return bm_sq_collect(s, a, st, sizeof(**out), read_member, (void **)out, count);
}

#define DEPT_COLS                                                                                  \
	"SELECT t.id, t.unit_id, t.department_id, t.leader_id, t.clerk_id, t.since, t.document,"   \
	" t.ended_on, t.recorded_by, t.recorded_at, d.name, l.name, c.name, " STATUS(              \
	        "l") ", " STATUS("c") " FROM duty_department t JOIN department d ON d.id = "       \
	                              "t.department_id"                                            \
	                              " JOIN person l ON l.id = t.leader_id JOIN person c ON "     \
	                              "c.id = t.clerk_id"

static int read_dept(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_duty_dept *d = (bm_duty_dept *)rows + n;
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->unit_id = sqlite3_column_int64(st, 1);
	d->department_id = sqlite3_column_int64(st, 2);
	d->leader_id = sqlite3_column_int64(st, 3);
	d->clerk_id = sqlite3_column_int64(st, 4);
	d->since = bm_sq_col_text(a, st, 5);
	d->document = bm_sq_col_text(a, st, 6);
	d->ended_on = bm_sq_col_text(a, st, 7);
	d->recorded_by = sqlite3_column_int64(st, 8);
	d->recorded_at = bm_sq_col_text(a, st, 9);
	d->department_name = bm_sq_col_text(a, st, 10);
	d->leader_name = bm_sq_col_text(a, st, 11);
	d->clerk_name = bm_sq_col_text(a, st, 12);
	d->leader_status = sqlite3_column_int(st, 13);
	d->clerk_status = sqlite3_column_int(st, 14);
	return 0;
}

int bm_sq_duty_dept_insert(bm_store *bs, bm_duty_dept *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO duty_department(unit_id, department_id, leader_id,"
	                     " clerk_id, since, document, recorded_by, recorded_at)"
	                     " VALUES (?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->unit_id);
	sqlite3_bind_int64(st, 2, d->department_id);
	sqlite3_bind_int64(st, 3, d->leader_id);
	sqlite3_bind_int64(st, 4, d->clerk_id);
	bm_sq_bind_text(st, 5, d->since);
	bm_sq_bind_text(st, 6, d->document);
	sqlite3_bind_int64(st, 7, d->recorded_by);
	bm_sq_bind_text(st, 8, d->recorded_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	d->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_duty_dept_end(bm_store *bs, const bm_duty_dept *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE duty_department SET ended_on = ?1"
	                     " WHERE id = ?2 AND ended_on IS NULL")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, d->ended_on);
	sqlite3_bind_int64(st, 2, d->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_department", NULL,
		                    "部门保密责任记录 %lld 不存在或已结束",
		                    "department responsibility %lld does not exist or has ended",
		                    (long long)d->id);
	return 0;
}

int bm_sq_duty_depts(bm_store *bs, bm_arena *a, int64_t unit_id, bool all, bm_duty_dept **out,
                     size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     DEPT_COLS " WHERE t.unit_id = ?1 AND (?2 OR t.ended_on IS NULL)"
	                               " ORDER BY t.department_id, t.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int(st, 2, all ? 1 : 0);
	return bm_sq_collect(s, a, st, sizeof(**out), read_dept, (void **)out, count);
}

static int read_event(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_duty_event *e = (bm_duty_event *)rows + n;
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->unit_id = sqlite3_column_int64(st, 1);
	e->at = bm_sq_col_text(a, st, 2);
	e->actor_id = sqlite3_column_int64(st, 3);
	e->action = bm_sq_col_text(a, st, 4);
	e->member_id = sqlite3_column_int64(st, 5);
	e->department_id = sqlite3_column_int64(st, 6);
	e->detail = bm_sq_col_text(a, st, 7);
	e->actor_name = bm_sq_col_text(a, st, 8);
	return 0;
}

int bm_sq_duty_event_add(bm_store *bs, bm_duty_event *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO duty_event(unit_id, at, actor_id, action, member_id,"
	                     " department_id, detail) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->unit_id);
	bm_sq_bind_text(st, 2, e->at);
	bm_sq_bind_id(st, 3, e->actor_id);
	bm_sq_bind_text(st, 4, e->action);
	bm_sq_bind_id(st, 5, e->member_id);
	bm_sq_bind_id(st, 6, e->department_id);
	bm_sq_bind_text(st, 7, e->detail);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	e->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_duty_events(bm_store *bs, bm_arena *a, int64_t unit_id, bm_duty_event **out,
                      size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT e.id, e.unit_id, e.at, e.actor_id, e.action, e.member_id,"
	                     " e.department_id, e.detail, p.name FROM duty_event e"
	                     " LEFT JOIN person p ON p.id = e.actor_id"
	                     " WHERE e.unit_id = ? ORDER BY e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_event, (void **)out, count);
}
