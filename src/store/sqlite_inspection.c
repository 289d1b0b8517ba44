/*
 * sqlite_inspection.c — inspections (保密检查, INSP-1) and rectification
 * notices (整改通知书, INSP-2) in the SQLite back end. Tables in migration
 * 33 (sqlite_schema_inspection.h). Every statement is constant text with
 * bound parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

#define INSP_COLS                                                                                  \
	"SELECT i.id, i.unit_id, i.kind, i.held_on, i.whole_unit, i.departments, i.inspectors,"    \
	" i.checklist, i.summary, i.created_by, i.created_at, p.name,"                             \
	" (SELECT count(*) FROM rectification r WHERE r.inspection_id = i.id),"                    \
	" (SELECT count(*) FROM rectification r WHERE r.inspection_id = i.id"                      \
	"   AND r.status <> 'closed')"                                                             \
	" FROM inspection i LEFT JOIN person p ON p.id = i.created_by"

static int read_insp(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_insp_row *r = (bm_insp_row *)rows + n;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	r->kind = bm_sq_col_text(a, st, 2);
	r->held_on = bm_sq_col_text(a, st, 3);
	r->whole_unit = sqlite3_column_int(st, 4) != 0;
	r->departments = bm_sq_col_text(a, st, 5);
	r->inspectors = bm_sq_col_text(a, st, 6);
	r->checklist = bm_sq_col_text(a, st, 7);
	r->summary = bm_sq_col_text(a, st, 8);
	r->created_by = sqlite3_column_int64(st, 9);
	r->created_at = bm_sq_col_text(a, st, 10);
	r->created_by_name = bm_sq_col_text(a, st, 11);
	r->n_findings = sqlite3_column_int64(st, 12);
	r->n_open = sqlite3_column_int64(st, 13);
	return 0;
}

int bm_sq_insp_insert(bm_store *bs, bm_insp_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO inspection(unit_id, kind, held_on, whole_unit, departments,"
	             " inspectors, checklist, summary, created_by, created_at)"
	             " VALUES (?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->unit_id);
	bm_sq_bind_text(st, 2, r->kind);
	bm_sq_bind_text(st, 3, r->held_on);
	sqlite3_bind_int(st, 4, r->whole_unit ? 1 : 0);
	bm_sq_bind_text(st, 5, r->whole_unit ? NULL : r->departments);
	bm_sq_bind_text(st, 6, r->inspectors);
	bm_sq_bind_text(st, 7, r->checklist ? r->checklist : "[]");
	bm_sq_bind_text(st, 8, r->summary);
	sqlite3_bind_int64(st, 9, r->created_by);
	bm_sq_bind_text(st, 10, r->created_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_insp_get(bm_store *bs, bm_arena *a, int64_t id, bm_insp_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_insp_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, INSP_COLS " WHERE i.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_insp, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_inspection", NULL, "检查 %lld 不存在",
		                    "inspection %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

int bm_sq_insp_list(bm_store *bs, bm_arena *a, const bm_insp_filter *f, bm_insp_row **out,
                    size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* A few inspections a quarter: one statement, every filter optional. */
	if ((rc = bm_sq_prep(s, &st,
	                     INSP_COLS " WHERE i.unit_id = ?1 AND (?2 IS NULL OR i.kind = ?2)"
	                               " AND (?3 IS NULL OR i.held_on >= ?3)"
	                               " AND (?4 IS NULL OR i.held_on <= ?4)"
	                               " ORDER BY i.held_on DESC, i.id DESC")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, f->unit_id);
	bm_sq_bind_text(st, 2, f->kind);
	bm_sq_bind_text(st, 3, f->from);
	bm_sq_bind_text(st, 4, f->to);
	return bm_sq_collect(s, a, st, sizeof(**out), read_insp, (void **)out, count);
}

#define RECT_COLS                                                                                  \
	"SELECT r.id, r.unit_id, r.inspection_id, r.source, r.finding, r.department_id,"           \
	" r.responsible_id, r.deadline, r.status, r.report, r.reported_at, r.reported_by,"         \
	" r.follow_up, r.followed_at, r.followed_by, r.reopened, r.created_by, r.created_at,"      \
	" r.updated_at, d.name, p.name, i.kind, i.held_on"                                         \
	" FROM rectification r LEFT JOIN department d ON d.id = r.department_id"                   \
	" LEFT JOIN person p ON p.id = r.responsible_id"                                           \
	" LEFT JOIN inspection i ON i.id = r.inspection_id"

static int read_rect(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_insp_rectification *r = (bm_insp_rectification *)rows + n;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	r->inspection_id = sqlite3_column_int64(st, 2);
	r->source = bm_sq_col_text(a, st, 3);
	r->finding = bm_sq_col_text(a, st, 4);
	r->department_id = sqlite3_column_int64(st, 5);
	r->responsible_id = sqlite3_column_int64(st, 6);
	r->deadline = bm_sq_col_text(a, st, 7);
	r->status = bm_sq_col_text(a, st, 8);
	r->report = bm_sq_col_text(a, st, 9);
	r->reported_at = bm_sq_col_text(a, st, 10);
	r->reported_by = sqlite3_column_int64(st, 11);
	r->follow_up = bm_sq_col_text(a, st, 12);
	r->followed_at = bm_sq_col_text(a, st, 13);
	r->followed_by = sqlite3_column_int64(st, 14);
	r->reopened = sqlite3_column_int64(st, 15);
	r->created_by = sqlite3_column_int64(st, 16);
	r->created_at = bm_sq_col_text(a, st, 17);
	r->updated_at = bm_sq_col_text(a, st, 18);
	r->department_name = bm_sq_col_text(a, st, 19);
	r->responsible_name = bm_sq_col_text(a, st, 20);
	r->inspection_kind = bm_sq_col_text(a, st, 21);
	r->inspection_held_on = bm_sq_col_text(a, st, 22);
	return 0;
}

int bm_sq_insp_rect_insert(bm_store *bs, bm_insp_rectification *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO rectification(unit_id, inspection_id, source, finding,"
	                     " department_id, responsible_id, deadline, status, created_by,"
	                     " created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->unit_id);
	bm_sq_bind_id(st, 2, r->inspection_id);
	bm_sq_bind_text(st, 3, r->source);
	bm_sq_bind_text(st, 4, r->finding);
	sqlite3_bind_int64(st, 5, r->department_id);
	sqlite3_bind_int64(st, 6, r->responsible_id);
	bm_sq_bind_text(st, 7, r->deadline);
	bm_sq_bind_text(st, 8, r->status ? r->status : "open");
	sqlite3_bind_int64(st, 9, r->created_by);
	bm_sq_bind_text(st, 10, r->created_at);
	bm_sq_bind_text(st, 11, r->updated_at ? r->updated_at : r->created_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_insp_rect_update(bm_store *bs, const bm_insp_rectification *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE rectification SET deadline = ?1, status = ?2, report = ?3,"
	                     " reported_at = ?4, reported_by = ?5, follow_up = ?6,"
	                     " followed_at = ?7, followed_by = ?8, reopened = ?9, updated_at = ?10"
	                     " WHERE id = ?11")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, r->deadline);
	bm_sq_bind_text(st, 2, r->status);
	bm_sq_bind_text(st, 3, r->report);
	bm_sq_bind_text(st, 4, r->reported_at);
	bm_sq_bind_id(st, 5, r->reported_by);
	bm_sq_bind_text(st, 6, r->follow_up);
	bm_sq_bind_text(st, 7, r->followed_at);
	bm_sq_bind_id(st, 8, r->followed_by);
	sqlite3_bind_int64(st, 9, r->reopened);
	bm_sq_bind_text(st, 10, r->updated_at);
	sqlite3_bind_int64(st, 11, r->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_rectification", NULL,
		                    "整改通知 %lld 不存在", "rectification %lld does not exist",
		                    (long long)r->id);
	return 0;
}

int bm_sq_insp_rect_get(bm_store *bs, bm_arena *a, int64_t id, bm_insp_rectification **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_insp_rectification *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, RECT_COLS " WHERE r.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_rect, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_rectification", NULL,
		                    "整改通知 %lld 不存在", "rectification %lld does not exist",
		                    (long long)id);
	*out = rows;
	return 0;
}

int bm_sq_insp_rect_list(bm_store *bs, bm_arena *a, const bm_insp_rect_filter *f,
                         bm_insp_rectification **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     RECT_COLS
	                     " WHERE r.unit_id = ?1 AND (?2 IS NULL OR r.inspection_id = ?2)"
	                     " AND (?3 IS NULL OR r.status = ?3)"
	                     " AND (?4 IS NULL OR r.department_id = ?4)"
	                     " AND (?5 IS NULL OR r.responsible_id = ?5)"
	                     " AND (?6 IS NULL OR (r.status <> 'closed'"
	                     "  AND r.deadline < ?6))"
	                     " ORDER BY r.deadline, r.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, f->unit_id);
	bm_sq_bind_id(st, 2, f->inspection_id);
	bm_sq_bind_text(st, 3, f->status);
	bm_sq_bind_id(st, 4, f->department_id);
	bm_sq_bind_id(st, 5, f->responsible_id);
	bm_sq_bind_text(st, 6, f->due_before);
	return bm_sq_collect(s, a, st, sizeof(**out), read_rect, (void **)out, count);
}

int bm_sq_insp_rect_event_add(bm_store *bs, bm_insp_rect_event *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO rectification_event(rectification_id, at, actor_id,"
	                     " action, detail, deadline) VALUES (?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->rectification_id);
	bm_sq_bind_text(st, 2, e->at);
	bm_sq_bind_id(st, 3, e->actor_id);
	bm_sq_bind_text(st, 4, e->action);
	bm_sq_bind_text(st, 5, e->detail);
	bm_sq_bind_text(st, 6, e->deadline);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	e->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

static int read_event(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_insp_rect_event *e = (bm_insp_rect_event *)rows + n;
	memset(e, 0, sizeof(*e));
	e->id = sqlite3_column_int64(st, 0);
	e->rectification_id = sqlite3_column_int64(st, 1);
	e->at = bm_sq_col_text(a, st, 2);
	e->actor_id = sqlite3_column_int64(st, 3);
	e->action = bm_sq_col_text(a, st, 4);
	e->detail = bm_sq_col_text(a, st, 5);
	e->actor_name = bm_sq_col_text(a, st, 6);
	e->deadline = bm_sq_col_text(a, st, 7);
	return 0;
}

int bm_sq_insp_rect_events(bm_store *bs, bm_arena *a, int64_t rectification_id,
                           bm_insp_rect_event **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT e.id, e.rectification_id, e.at, e.actor_id, e.action,"
	                     " e.detail, p.name, e.deadline FROM rectification_event e"
	                     " LEFT JOIN person p ON p.id = e.actor_id"
	                     " WHERE e.rectification_id = ? ORDER BY e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, rectification_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_event, (void **)out, count);
}
