/*
 * pg_site.c — key departments and places (保密要害部门部位, SITE-1) in the PostgreSQL
 * back end (issue 12), with the SQL of sqlite_site.c: the register entry, its lists of
 * people, its measures checked, its visits and its history; store.h says the contract of
 * each operation. The tables and their permanence triggers (nothing is deleted; a
 * measure's check and a history line are never rewritten) are PostgreSQL migration 1's
 * twins of SQLite 24.
 *
 * Ending a visit twice, revoking twice. A use case that reads an entry or a visit,
 * decides on it (SITE-1: a visitor leaves once; a revoked site is not changed) and writes
 * it back is one step on SQLite's single writer. Here several servers may share the
 * database (issue 12 point 2), so site_get and site_visit_get in a write transaction take
 * the chain's head and then the row (FOR UPDATE, held to the commit), as pg_workflow.c's
 * request_get does: a second server ending the same visit waits there, re-reads the
 * time_out the first committed and is refused by the service's own check
 * (SITE-1, `site_visit_closed`), as on SQLite. A read snapshot locks nothing.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

static int unknown_site(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_site", NULL, "要害部门部位 %lld 不存在",
	                    "key site %lld does not exist", (long long)id);
}

static int unknown_visit(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_visit", NULL, "来访记录 %lld 不存在",
	                    "visit %lld does not exist", (long long)id);
}

/* ---- the register entry ------------------------------------------------------- */

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

static int read_site(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_site_row *r = item;
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	r->name = bm_pg_text(a, res, i, 2);
	r->kind = bm_pg_text(a, res, i, 3);
	r->department_id = bm_pg_i64(res, i, 4);
	r->place_id = bm_pg_i64(res, i, 5);
	r->location = bm_pg_text(a, res, i, 6);
	r->confirmed_by = bm_pg_text(a, res, i, 7);
	r->confirmed_on = bm_pg_text(a, res, i, 8);
	r->confirm_doc = bm_pg_text(a, res, i, 9);
	r->leader_id = bm_pg_i64(res, i, 10);
	r->note = bm_pg_text(a, res, i, 11);
	r->status = bm_pg_text(a, res, i, 12);
	r->revoked_at = bm_pg_text(a, res, i, 13);
	r->revoke_reason = bm_pg_text(a, res, i, 14);
	r->created_by = bm_pg_i64(res, i, 15);
	r->created_at = bm_pg_text(a, res, i, 16);
	r->updated_at = bm_pg_text(a, res, i, 17);
	r->department_name = bm_pg_text(a, res, i, 18);
	r->place_name = bm_pg_text(a, res, i, 19);
	r->leader_name = bm_pg_text(a, res, i, 20);
	r->n_staff = bm_pg_i64(res, i, 21);
	r->n_access = bm_pg_i64(res, i, 22);
	r->n_open_visits = bm_pg_i64(res, i, 23);
	return 0;
}

/* The fields site_insert and site_update share, as $1..$14. */
static void site_params(bm_pg_params *p, const bm_site_row *r)
{
	bm_pg_p_text(p, r->name);
	bm_pg_p_text(p, r->kind);
	bm_pg_p_id(p, r->department_id);
	bm_pg_p_id(p, r->place_id);
	bm_pg_p_text(p, r->location);
	bm_pg_p_text(p, r->confirmed_by);
	bm_pg_p_text(p, r->confirmed_on);
	bm_pg_p_text(p, r->confirm_doc);
	bm_pg_p_i64(p, r->leader_id);
	bm_pg_p_text(p, r->note);
	bm_pg_p_text(p, r->status ? r->status : "active");
	bm_pg_p_text(p, r->revoked_at);
	bm_pg_p_text(p, r->revoke_reason);
	bm_pg_p_text(p, r->updated_at);
}

static int pg_site_insert(bm_store *bs, bm_site_row *r)
{
	bm_pg_params p = {0};
	site_params(&p, r);
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_i64(&p, r->created_by);
	bm_pg_p_text(&p, r->created_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO site(name, kind, department_id, place_id, location,"
	                       " confirmed_by, confirmed_on, confirm_doc, leader_id, note, status,"
	                       " revoked_at, revoke_reason, updated_at, unit_id, created_by,"
	                       " created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
	                       "$14,$15,$16,$17) RETURNING id",
	                       &p, &r->id);
}

static int pg_site_update(bm_store *bs, const bm_site_row *r)
{
	bm_pg_params p = {0};
	bool changed = false;
	int rc;
	site_params(&p, r);
	bm_pg_p_i64(&p, r->id);
	if ((rc = bm_pg_changed(
	             bm_pg_of(bs),
	             "UPDATE site SET name = $1, kind = $2, department_id = $3,"
	             " place_id = $4, location = $5, confirmed_by = $6, confirmed_on = $7,"
	             " confirm_doc = $8, leader_id = $9, note = $10, status = $11,"
	             " revoked_at = $12, revoke_reason = $13, updated_at = $14"
	             " WHERE id = $15 RETURNING id",
	             &p, &changed)) != 0)
		return rc;
	return changed ? 0 : unknown_site(r->id);
}

static int pg_site_get(bm_store *bs, bm_arena *a, int64_t id, bm_site_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, SITE_COLS " WHERE s.id = $1",
	                    SITE_COLS " WHERE s.id = $1 FOR UPDATE OF s", &p, sizeof(**out),
	                    read_site, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return unknown_site(id);
	*out = rows;
	return 0;
}

static int pg_site_list(bm_store *bs, bm_arena *a, const bm_site_filter *f, bm_site_row **out,
                        size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, f->unit_id);
	bm_pg_p_text(&p, f->status);
	bm_pg_p_text(&p, f->kind);
	bm_pg_p_id(&p, f->department_id);
	bm_pg_p_text(&p, f->q);
	/* The register is small (tens of entries): one statement, every filter optional. */
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        SITE_COLS
	                        " WHERE s.unit_id = $1 AND ($2::text IS NULL OR s.status = $2)"
	                        " AND ($3::text IS NULL OR s.kind = $3)"
	                        " AND ($4::bigint IS NULL OR s.department_id = $4)"
	                        " AND ($5::text IS NULL OR strpos(s.name, $5) > 0"
	                        "  OR strpos(coalesce(s.location, ''), $5) > 0"
	                        "  OR strpos(s.confirmed_by, $5) > 0"
	                        "  OR strpos(coalesce(s.confirm_doc, ''), $5) > 0"
	                        "  OR strpos(coalesce(d.name, ''), $5) > 0"
	                        "  OR strpos(coalesce(p.name, ''), $5) > 0"
	                        "  OR strpos(coalesce(l.name, ''), $5) > 0)"
	                        " ORDER BY s.name COLLATE \"C\", s.id",
	                        &p, sizeof(bm_site_row), read_site, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/* ---- its lists of people ------------------------------------------------------ */

static int pg_site_member_add(bm_store *bs, bm_site_member_row *m)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, m->site_id);
	bm_pg_p_i64(&p, m->person_id);
	bm_pg_p_text(&p, m->kind);
	bm_pg_p_i64(&p, m->added_by);
	bm_pg_p_text(&p, m->added_at);
	/* Listed already: the partial unique index site_member_listed says 23505, a conflict. */
	return bm_pg_insert_id(
	        bm_pg_of(bs),
	        "INSERT INTO site_member(site_id, person_id, kind, added_by, added_at)"
	        " VALUES ($1,$2,$3,$4,$5) RETURNING id",
	        &p, &m->id);
}

static int pg_site_member_remove(bm_store *bs, int64_t site_id, int64_t person_id, const char *kind,
                                 int64_t removed_by, const char *removed_at)
{
	bm_pg_params p = {0};
	bool changed = false;
	int rc;
	bm_pg_p_i64(&p, removed_by);
	bm_pg_p_text(&p, removed_at);
	bm_pg_p_i64(&p, site_id);
	bm_pg_p_i64(&p, person_id);
	bm_pg_p_text(&p, kind);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE site_member SET removed_by = $1, removed_at = $2"
	                        " WHERE site_id = $3 AND person_id = $4 AND kind = $5"
	                        " AND removed_at IS NULL RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	if (!changed)
		return bm_error_set(BM_ENOTFOUND, "not_listed", NULL, "此人不在该名单上",
		                    "the person is not on that list");
	return 0;
}

static int read_member(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_site_member_row *m = item;
	int cls = BM_CLASS_NONE, rc;
	if ((rc = bm_pg_vocab(res, i, 9, bm_class_names, BM_CLASS_COUNT, &cls)) != 0)
		return rc;
	m->id = bm_pg_i64(res, i, 0);
	m->site_id = bm_pg_i64(res, i, 1);
	m->person_id = bm_pg_i64(res, i, 2);
	m->kind = bm_pg_text(a, res, i, 3);
	m->added_by = bm_pg_i64(res, i, 4);
	m->added_at = bm_pg_text(a, res, i, 5);
	m->removed_by = bm_pg_i64(res, i, 6);
	m->removed_at = bm_pg_text(a, res, i, 7);
	m->person_name = bm_pg_text(a, res, i, 8);
	m->person_class = (bm_class)cls;
	m->department_id = bm_pg_i64(res, i, 10);
	return 0;
}

static int pg_site_members(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_member_row **out,
                           size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, site_id);
	if ((rc = bm_pg_collect(
	             bm_pg_of(bs), a,
	             "SELECT m.id, m.site_id, m.person_id, m.kind, m.added_by, m.added_at,"
	             " m.removed_by, m.removed_at, p.name, p.person_class, p.department_id"
	             " FROM site_member m JOIN person p ON p.id = m.person_id"
	             " WHERE m.site_id = $1 AND m.removed_at IS NULL"
	             " ORDER BY m.kind COLLATE \"C\" DESC, p.name COLLATE \"C\", p.id",
	             &p, sizeof(bm_site_member_row), read_member, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

static int pg_site_staff_count(bm_store *bs, int64_t person_id, int64_t *out)
{
	bm_pg_params p = {0};
	PGresult *res;
	int rc;
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             "SELECT count(*) FROM site_member m JOIN site s ON s.id = m.site_id"
	             " WHERE m.person_id = $1 AND m.kind = 'staff' AND m.removed_at IS NULL"
	             " AND s.status = 'active'",
	             &p, &res)) != 0)
		return rc;
	*out = PQntuples(res) == 1 ? bm_pg_i64(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

/* ---- its measures ------------------------------------------------------------- */

static int pg_site_measure_add(bm_store *bs, bm_site_measure_row *m)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, m->site_id);
	bm_pg_p_text(&p, m->kind);
	bm_pg_p_bool(&p, m->present);
	bm_pg_p_text(&p, m->checked_on);
	bm_pg_p_text(&p, m->note);
	bm_pg_p_i64(&p, m->checked_by);
	bm_pg_p_text(&p, m->at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO site_measure(site_id, kind, present, checked_on, note,"
	                       " checked_by, at) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
	                       &p, &m->id);
}

static int read_measure(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_site_measure_row *m = item;
	m->id = bm_pg_i64(res, i, 0);
	m->site_id = bm_pg_i64(res, i, 1);
	m->kind = bm_pg_text(a, res, i, 2);
	m->present = bm_pg_i64(res, i, 3) != 0;
	m->checked_on = bm_pg_text(a, res, i, 4);
	m->note = bm_pg_text(a, res, i, 5);
	m->checked_by = bm_pg_i64(res, i, 6);
	m->at = bm_pg_text(a, res, i, 7);
	m->checked_by_name = bm_pg_text(a, res, i, 8);
	return 0;
}

static int pg_site_measures(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_measure_row **out,
                            size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, site_id);
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        "SELECT m.id, m.site_id, m.kind, m.present, m.checked_on, m.note,"
	                        " m.checked_by, m.at, p.name FROM site_measure m"
	                        " LEFT JOIN person p ON p.id = m.checked_by WHERE m.site_id = $1"
	                        " ORDER BY m.checked_on COLLATE \"C\" DESC, m.id DESC",
	                        &p, sizeof(bm_site_measure_row), read_measure, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/* ---- its visits --------------------------------------------------------------- */

static int pg_site_visit_insert(bm_store *bs, bm_site_visit_row *v)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, v->site_id);
	bm_pg_p_text(&p, v->visitor);
	bm_pg_p_id(&p, v->visitor_id);
	bm_pg_p_text(&p, v->organisation);
	bm_pg_p_text(&p, v->reason);
	bm_pg_p_id(&p, v->escort_id);
	bm_pg_p_text(&p, v->time_in);
	bm_pg_p_text(&p, v->time_out);
	bm_pg_p_i64(&p, v->recorded_by);
	bm_pg_p_text(&p, v->recorded_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO site_visit(site_id, visitor, visitor_id, organisation,"
	                       " reason, escort_id, time_in, time_out, recorded_by, recorded_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
	                       &p, &v->id);
}

static int pg_site_visit_update(bm_store *bs, const bm_site_visit_row *v)
{
	bm_pg_params p = {0};
	bool changed = false;
	int rc;
	bm_pg_p_text(&p, v->time_out);
	bm_pg_p_i64(&p, v->id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE site_visit SET time_out = $1 WHERE id = $2 RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0 : unknown_visit(v->id);
}

#define VISIT_COLS                                                                                 \
	"SELECT v.id, v.site_id, v.visitor, v.visitor_id, v.organisation, v.reason, v.escort_id,"  \
	" v.time_in, v.time_out, v.recorded_by, v.recorded_at, e.name, s.name"                     \
	" FROM site_visit v JOIN site s ON s.id = v.site_id"                                       \
	" LEFT JOIN person e ON e.id = v.escort_id"

static int read_visit(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_site_visit_row *v = item;
	v->id = bm_pg_i64(res, i, 0);
	v->site_id = bm_pg_i64(res, i, 1);
	v->visitor = bm_pg_text(a, res, i, 2);
	v->visitor_id = bm_pg_i64(res, i, 3);
	v->organisation = bm_pg_text(a, res, i, 4);
	v->reason = bm_pg_text(a, res, i, 5);
	v->escort_id = bm_pg_i64(res, i, 6);
	v->time_in = bm_pg_text(a, res, i, 7);
	v->time_out = bm_pg_text(a, res, i, 8);
	v->recorded_by = bm_pg_i64(res, i, 9);
	v->recorded_at = bm_pg_text(a, res, i, 10);
	v->escort_name = bm_pg_text(a, res, i, 11);
	v->site_name = bm_pg_text(a, res, i, 12);
	return 0;
}

static int pg_site_visit_get(bm_store *bs, bm_arena *a, int64_t id, bm_site_visit_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, VISIT_COLS " WHERE v.id = $1",
	                    VISIT_COLS " WHERE v.id = $1 FOR UPDATE OF v", &p, sizeof(**out),
	                    read_visit, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return unknown_visit(id);
	*out = rows;
	return 0;
}

static int pg_site_visits(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t site_id,
                          bool open_only, bm_site_visit_row **out, size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_id(&p, site_id);
	bm_pg_p_bool(&p, open_only);
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        VISIT_COLS
	                        " WHERE s.unit_id = $1 AND ($2::bigint IS NULL OR"
	                        " v.site_id = $2) AND ($3::bigint = 0 OR v.time_out IS NULL)"
	                        " ORDER BY v.time_in COLLATE \"C\" DESC, v.id DESC",
	                        &p, sizeof(bm_site_visit_row), read_visit, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

/* ---- its history -------------------------------------------------------------- */

static int pg_site_event_add(bm_store *bs, bm_site_event_row *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->site_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->action);
	bm_pg_p_text(&p, e->detail);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO site_event(site_id, at, actor_id, action, detail)"
	                       " VALUES ($1,$2,$3,$4,$5) RETURNING id",
	                       &p, &e->id);
}

static int read_event(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_site_event_row *e = item;
	e->id = bm_pg_i64(res, i, 0);
	e->site_id = bm_pg_i64(res, i, 1);
	e->at = bm_pg_text(a, res, i, 2);
	e->actor_id = bm_pg_i64(res, i, 3);
	e->action = bm_pg_text(a, res, i, 4);
	e->detail = bm_pg_text(a, res, i, 5);
	e->actor_name = bm_pg_text(a, res, i, 6);
	return 0;
}

static int pg_site_events(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_event_row **out,
                          size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, site_id);
	if ((rc = bm_pg_collect(
	             bm_pg_of(bs), a,
	             "SELECT e.id, e.site_id, e.at, e.actor_id, e.action, e.detail, p.name"
	             " FROM site_event e LEFT JOIN person p ON p.id = e.actor_id"
	             " WHERE e.site_id = $1 ORDER BY e.id",
	             &p, sizeof(bm_site_event_row), read_event, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

void bm_pg_site_ops(struct bm_store_ops *ops)
{
	ops->site_insert = pg_site_insert;
	ops->site_update = pg_site_update;
	ops->site_get = pg_site_get;
	ops->site_list = pg_site_list;
	ops->site_member_add = pg_site_member_add;
	ops->site_member_remove = pg_site_member_remove;
	ops->site_members = pg_site_members;
	ops->site_staff_count = pg_site_staff_count;
	ops->site_measure_add = pg_site_measure_add;
	ops->site_measures = pg_site_measures;
	ops->site_visit_insert = pg_site_visit_insert;
	ops->site_visit_update = pg_site_visit_update;
	ops->site_visit_get = pg_site_visit_get;
	ops->site_visits = pg_site_visits;
	ops->site_event_add = pg_site_event_add;
	ops->site_events = pg_site_events;
}
