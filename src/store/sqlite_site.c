/*
 * sqlite_site.c — key departments and places (保密要害部门部位, SITE-1) in
 * the SQLite back end: the register entry, its lists of people, its
 * measures checked, its visits and its history. Tables in migration 24
 * (sqlite_schema_site.h). Every statement is constant text with bound
 * parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

#define SITE_COLS                                                                                  \
	"SELECT s.id, s.unit_id, s.name, s.kind, s.department_id, s.place_id, s.location,"         \
	" s.confirmed_by, s.confirmed_on, s.confirm_doc, s.leader_id, s.note, s.status,"           \
	" s.revoked_at, s.revoke_reason, s.created_by, s.created_at, s.updated_at, d.name,"        \
	" p.name, l.name,"                                                                         \
	" (SELECT count(*) FROM site_member m WHERE m.site_id = s.id AND m.kind = 'staff'"         \
	"   AND m.removed_at IS NULL),"                                                            \
	" (SELECT count(*) FROM site_member m WHERE m.site_id = s.id AND m.kind = 'access'"        \
	"   AND m.removed_at IS NULL),"                                                            \
	" (SELECT count(*) FROM site_visit v WHERE v.site_id = s.id AND v.time_out IS NULL)"       \
	" FROM site s LEFT JOIN department d ON d.id = s.department_id"                            \
	" LEFT JOIN storage_place p ON p.id = s.place_id LEFT JOIN person l ON l.id = s.leader_id"

static int read_site(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_site_row *r = (bm_site_row *)rows + n;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	r->name = bm_sq_col_text(a, st, 2);
	r->kind = bm_sq_col_text(a, st, 3);
	r->department_id = sqlite3_column_int64(st, 4);
	r->place_id = sqlite3_column_int64(st, 5);
	r->location = bm_sq_col_text(a, st, 6);
	r->confirmed_by = bm_sq_col_text(a, st, 7);
	r->confirmed_on = bm_sq_col_text(a, st, 8);
	r->confirm_doc = bm_sq_col_text(a, st, 9);
	r->leader_id = sqlite3_column_int64(st, 10);
	r->note = bm_sq_col_text(a, st, 11);
	r->status = bm_sq_col_text(a, st, 12);
	r->revoked_at = bm_sq_col_text(a, st, 13);
	r->revoke_reason = bm_sq_col_text(a, st, 14);
	r->created_by = sqlite3_column_int64(st, 15);
	r->created_at = bm_sq_col_text(a, st, 16);
	r->updated_at = bm_sq_col_text(a, st, 17);
	r->department_name = bm_sq_col_text(a, st, 18);
	r->place_name = bm_sq_col_text(a, st, 19);
	r->leader_name = bm_sq_col_text(a, st, 20);
	r->n_staff = sqlite3_column_int64(st, 21);
	r->n_access = sqlite3_column_int64(st, 22);
	r->n_open_visits = sqlite3_column_int64(st, 23);
	return 0;
}

/* Binds the fields site_insert and site_update share, from parameter 1. */
static void bind_site(sqlite3_stmt *st, const bm_site_row *r)
{
	bm_sq_bind_text(st, 1, r->name);
	bm_sq_bind_text(st, 2, r->kind);
	bm_sq_bind_id(st, 3, r->department_id);
	bm_sq_bind_id(st, 4, r->place_id);
	bm_sq_bind_text(st, 5, r->location);
	bm_sq_bind_text(st, 6, r->confirmed_by);
	bm_sq_bind_text(st, 7, r->confirmed_on);
	bm_sq_bind_text(st, 8, r->confirm_doc);
	sqlite3_bind_int64(st, 9, r->leader_id);
	bm_sq_bind_text(st, 10, r->note);
	bm_sq_bind_text(st, 11, r->status ? r->status : "active");
	bm_sq_bind_text(st, 12, r->revoked_at);
	bm_sq_bind_text(st, 13, r->revoke_reason);
	bm_sq_bind_text(st, 14, r->updated_at);
}

int bm_sq_site_insert(bm_store *bs, bm_site_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO site(name, kind, department_id, place_id, location,"
	                     " confirmed_by, confirmed_on, confirm_doc, leader_id, note, status,"
	                     " revoked_at, revoke_reason, updated_at, unit_id, created_by,"
	                     " created_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	bind_site(st, r);
	sqlite3_bind_int64(st, 15, r->unit_id);
	sqlite3_bind_int64(st, 16, r->created_by);
	bm_sq_bind_text(st, 17, r->created_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_site_update(bm_store *bs, const bm_site_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE site SET name = ?1, kind = ?2, department_id = ?3,"
	                     " place_id = ?4, location = ?5, confirmed_by = ?6, confirmed_on = ?7,"
	                     " confirm_doc = ?8, leader_id = ?9, note = ?10, status = ?11,"
	                     " revoked_at = ?12, revoke_reason = ?13, updated_at = ?14"
	                     " WHERE id = ?15")) != 0)
		return rc;
	bind_site(st, r);
	sqlite3_bind_int64(st, 15, r->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_site", NULL, "要害部门部位 %lld 不存在",
		                    "key site %lld does not exist", (long long)r->id);
	return 0;
}

int bm_sq_site_get(bm_store *bs, bm_arena *a, int64_t id, bm_site_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_site_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, SITE_COLS " WHERE s.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_site, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_site", NULL, "要害部门部位 %lld 不存在",
		                    "key site %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

int bm_sq_site_list(bm_store *bs, bm_arena *a, const bm_site_filter *f, bm_site_row **out,
                    size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* The register is small (tens of entries): one statement, every filter optional. */
	if ((rc = bm_sq_prep(s, &st,
	                     SITE_COLS " WHERE s.unit_id = ?1 AND (?2 IS NULL OR s.status = ?2)"
	                               " AND (?3 IS NULL OR s.kind = ?3)"
	                               " AND (?4 IS NULL OR s.department_id = ?4)"
	                               " AND (?5 IS NULL OR instr(s.name, ?5) > 0"
	                               "  OR instr(coalesce(s.location, ''), ?5) > 0"
	                               "  OR instr(s.confirmed_by, ?5) > 0"
	                               "  OR instr(coalesce(s.confirm_doc, ''), ?5) > 0"
	                               "  OR instr(coalesce(d.name, ''), ?5) > 0"
	                               "  OR instr(coalesce(p.name, ''), ?5) > 0"
	                               "  OR instr(coalesce(l.name, ''), ?5) > 0)"
	                               " ORDER BY s.name, s.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, f->unit_id);
	bm_sq_bind_text(st, 2, f->status);
	bm_sq_bind_text(st, 3, f->kind);
	bm_sq_bind_id(st, 4, f->department_id);
	bm_sq_bind_text(st, 5, f->q);
	return bm_sq_collect(s, a, st, sizeof(**out), read_site, (void **)out, count);
}

int bm_sq_site_member_add(bm_store *bs, bm_site_member_row *m)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO site_member(site_id, person_id, kind, added_by, added_at)"
	                     " VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, m->site_id);
	sqlite3_bind_int64(st, 2, m->person_id);
	bm_sq_bind_text(st, 3, m->kind);
	sqlite3_bind_int64(st, 4, m->added_by);
	bm_sq_bind_text(st, 5, m->added_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	m->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_site_member_remove(bm_store *bs, int64_t site_id, int64_t person_id, const char *kind,
                             int64_t removed_by, const char *removed_at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE site_member SET removed_by = ?, removed_at = ?"
	                     " WHERE site_id = ? AND person_id = ? AND kind = ?"
	                     " AND removed_at IS NULL")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, removed_by);
	bm_sq_bind_text(st, 2, removed_at);
	sqlite3_bind_int64(st, 3, site_id);
	sqlite3_bind_int64(st, 4, person_id);
	bm_sq_bind_text(st, 5, kind);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "not_listed", NULL, "此人不在该名单上",
		                    "the person is not on that list");
	return 0;
}

static int read_member(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_site_member_row *m = (bm_site_member_row *)rows + n;
	int cls = BM_CLASS_NONE;
	memset(m, 0, sizeof(*m));
	int rc = bm_sq_col_vocab(st, 9, bm_class_names, BM_CLASS_COUNT, &cls);
	if (rc)
		return rc;
	m->id = sqlite3_column_int64(st, 0);
	m->site_id = sqlite3_column_int64(st, 1);
	m->person_id = sqlite3_column_int64(st, 2);
	m->kind = bm_sq_col_text(a, st, 3);
	m->added_by = sqlite3_column_int64(st, 4);
	m->added_at = bm_sq_col_text(a, st, 5);
	m->removed_by = sqlite3_column_int64(st, 6);
	m->removed_at = bm_sq_col_text(a, st, 7);
	m->person_name = bm_sq_col_text(a, st, 8);
	m->person_class = (bm_class)cls;
	m->department_id = sqlite3_column_int64(st, 10);
	return 0;
}

int bm_sq_site_members(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_member_row **out,
                       size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT m.id, m.site_id, m.person_id, m.kind, m.added_by, m.added_at,"
	                     " m.removed_by, m.removed_at, p.name, p.person_class, p.department_id"
	                     " FROM site_member m JOIN person p ON p.id = m.person_id"
	                     " WHERE m.site_id = ? AND m.removed_at IS NULL"
	                     " ORDER BY m.kind DESC, p.name, p.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_member, (void **)out, count);
}

int bm_sq_site_staff_count(bm_store *bs, int64_t person_id, int64_t *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT count(*) FROM site_member m JOIN site s ON s.id = m.site_id"
	                     " WHERE m.person_id = ? AND m.kind = 'staff' AND m.removed_at IS NULL"
	                     " AND s.status = 'active'")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	return bm_sq_step_int64(s, st, out);
}

int bm_sq_site_measure_add(bm_store *bs, bm_site_measure_row *m)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO site_measure(site_id, kind, present, checked_on, note,"
	                     " checked_by, at) VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, m->site_id);
	bm_sq_bind_text(st, 2, m->kind);
	sqlite3_bind_int(st, 3, m->present ? 1 : 0);
	bm_sq_bind_text(st, 4, m->checked_on);
	bm_sq_bind_text(st, 5, m->note);
	sqlite3_bind_int64(st, 6, m->checked_by);
	bm_sq_bind_text(st, 7, m->at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	m->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int read_measure(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_site_measure_row *m = (bm_site_measure_row *)rows + n;
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->site_id = sqlite3_column_int64(st, 1);
	m->kind = bm_sq_col_text(a, st, 2);
	m->present = sqlite3_column_int(st, 3) != 0;
	m->checked_on = bm_sq_col_text(a, st, 4);
	m->note = bm_sq_col_text(a, st, 5);
	m->checked_by = sqlite3_column_int64(st, 6);
	m->at = bm_sq_col_text(a, st, 7);
	m->checked_by_name = bm_sq_col_text(a, st, 8);
	return 0;
}

int bm_sq_site_measures(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_measure_row **out,
                        size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT m.id, m.site_id, m.kind, m.present, m.checked_on, m.note,"
	                     " m.checked_by, m.at, p.name FROM site_measure m"
	                     " LEFT JOIN person p ON p.id = m.checked_by WHERE m.site_id = ?"
	                     " ORDER BY m.checked_on DESC, m.id DESC")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_measure, (void **)out, count);
}

int bm_sq_site_visit_insert(bm_store *bs, bm_site_visit_row *v)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO site_visit(site_id, visitor, visitor_id, organisation,"
	                     " reason, escort_id, time_in, time_out, recorded_by, recorded_at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, v->site_id);
	bm_sq_bind_text(st, 2, v->visitor);
	bm_sq_bind_id(st, 3, v->visitor_id);
	bm_sq_bind_text(st, 4, v->organisation);
	bm_sq_bind_text(st, 5, v->reason);
	bm_sq_bind_id(st, 6, v->escort_id);
	bm_sq_bind_text(st, 7, v->time_in);
	bm_sq_bind_text(st, 8, v->time_out);
	sqlite3_bind_int64(st, 9, v->recorded_by);
	bm_sq_bind_text(st, 10, v->recorded_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	v->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_site_visit_update(bm_store *bs, const bm_site_visit_row *v)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, "UPDATE site_visit SET time_out = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, v->time_out);
	sqlite3_bind_int64(st, 2, v->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_visit", NULL, "来访记录 %lld 不存在",
		                    "visit %lld does not exist", (long long)v->id);
	return 0;
}

#define VISIT_COLS                                                                                 \
	"SELECT v.id, v.site_id, v.visitor, v.visitor_id, v.organisation, v.reason, v.escort_id,"  \
	" v.time_in, v.time_out, v.recorded_by, v.recorded_at, e.name, s.name"                     \
	" FROM site_visit v JOIN site s ON s.id = v.site_id"                                       \
	" LEFT JOIN person e ON e.id = v.escort_id"

static int read_visit(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_site_visit_row *v = (bm_site_visit_row *)rows + n;
	memset(v, 0, sizeof(*v));
	v->id = sqlite3_column_int64(st, 0);
	v->site_id = sqlite3_column_int64(st, 1);
	v->visitor = bm_sq_col_text(a, st, 2);
	v->visitor_id = sqlite3_column_int64(st, 3);
	v->organisation = bm_sq_col_text(a, st, 4);
	v->reason = bm_sq_col_text(a, st, 5);
	v->escort_id = sqlite3_column_int64(st, 6);
	v->time_in = bm_sq_col_text(a, st, 7);
	v->time_out = bm_sq_col_text(a, st, 8);
	v->recorded_by = sqlite3_column_int64(st, 9);
	v->recorded_at = bm_sq_col_text(a, st, 10);
	v->escort_name = bm_sq_col_text(a, st, 11);
	v->site_name = bm_sq_col_text(a, st, 12);
	return 0;
}

int bm_sq_site_visit_get(bm_store *bs, bm_arena *a, int64_t id, bm_site_visit_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_site_visit_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, VISIT_COLS " WHERE v.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_visit, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_visit", NULL, "来访记录 %lld 不存在",
		                    "visit %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

int bm_sq_site_visits(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t site_id, bool open_only,
                      bm_site_visit_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     VISIT_COLS " WHERE s.unit_id = ?1 AND (?2 IS NULL OR v.site_id = ?2)"
	                                " AND (?3 = 0 OR v.time_out IS NULL)"
	                                " ORDER BY v.time_in DESC, v.id DESC")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_id(st, 2, site_id);
	sqlite3_bind_int(st, 3, open_only ? 1 : 0);
	return bm_sq_collect(s, a, st, sizeof(**out), read_visit, (void **)out, count);
}

int bm_sq_site_event_add(bm_store *bs, bm_site_event_row *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO site_event(site_id, at, actor_id, action, detail)"
	                     " VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->site_id);
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
	bm_site_event_row *e = (bm_site_event_row *)rows + n;
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->site_id = sqlite3_column_int64(st, 1);
	e->at = bm_sq_col_text(a, st, 2);
	e->actor_id = sqlite3_column_int64(st, 3);
	e->action = bm_sq_col_text(a, st, 4);
	e->detail = bm_sq_col_text(a, st, 5);
	e->actor_name = bm_sq_col_text(a, st, 6);
	return 0;
}

int bm_sq_site_events(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_event_row **out,
                      size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT e.id, e.site_id, e.at, e.actor_id, e.action, e.detail, p.name"
	                     " FROM site_event e LEFT JOIN person p ON p.id = e.actor_id"
	                     " WHERE e.site_id = ? ORDER BY e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, site_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_event, (void **)out, count);
}
