/*
 * pg_oversight.c — inspections and rectification notices (INSP-1, INSP-2;
 * sqlite_inspection.c), the yearly self-assessment (INSP-4; sqlite_selfcheck.c) and
 * the responsibility system (ORG-1; sqlite_duty.c) in the PostgreSQL back end (issue 12),
 * with the same SQL; store.h says the contract of each operation. The monthly report's
 * records and deliveries are in pg_oversight_report.c.
 *
 * Closing twice, signing twice. A rectification's report back, follow-up and reopening,
 * a self-assessment's answers and signatures, and a leadership place's end each read a
 * row, let the service decide on what it holds, and write it back. On SQLite the single
 * writer makes that one step; here several servers may share the database (issue 12
 * point 2), so insp_rect_get, sa_get, sa_find_year and duty_member_get in a write
 * transaction take the chain's head and then lock the row (FOR UPDATE, held to the
 * commit), as pg_workflow.c's request_get does: a second server's attempt waits, re-reads
 * what the first committed and is refused by the service's own check (rectification_closed,
 * already signed, ended). A read snapshot locks nothing. Text orders are COLLATE "C",
 * bytewise as SQLite's BINARY.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

/* ---- inspections (INSP-1) ------------------------------------------------------- */

#define INSP_COLS                                                                                  \
	"SELECT i.id, i.unit_id, i.kind, i.held_on, i.whole_unit, i.departments, i.inspectors,"    \
	" i.checklist, i.summary, i.created_by, i.created_at, p.name,"                             \
	" (SELECT count(*) FROM rectification r WHERE r.inspection_id = i.id),"                    \
	" (SELECT count(*) FROM rectification r WHERE r.inspection_id = i.id"                      \
	"   AND r.status <> 'closed')"                                                             \
	" FROM inspection i LEFT JOIN person p ON p.id = i.created_by"

static int read_insp(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_insp_row *r = row;
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	r->kind = bm_pg_text(a, res, i, 2);
	r->held_on = bm_pg_text(a, res, i, 3);
	r->whole_unit = bm_pg_i64(res, i, 4) != 0;
	r->departments = bm_pg_text(a, res, i, 5);
	r->inspectors = bm_pg_text(a, res, i, 6);
	r->checklist = bm_pg_text(a, res, i, 7);
	r->summary = bm_pg_text(a, res, i, 8);
	r->created_by = bm_pg_i64(res, i, 9);
	r->created_at = bm_pg_text(a, res, i, 10);
	r->created_by_name = bm_pg_text(a, res, i, 11);
	r->n_findings = bm_pg_i64(res, i, 12);
	r->n_open = bm_pg_i64(res, i, 13);
	return 0;
}

static int pg_insp_insert(bm_store *bs, bm_insp_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_text(&p, r->kind);
	bm_pg_p_text(&p, r->held_on);
	bm_pg_p_bool(&p, r->whole_unit);
	bm_pg_p_text(&p, r->whole_unit ? NULL : r->departments);
	bm_pg_p_text(&p, r->inspectors);
	bm_pg_p_text(&p, r->checklist ? r->checklist : "[]");
	bm_pg_p_text(&p, r->summary);
	bm_pg_p_i64(&p, r->created_by);
	bm_pg_p_text(&p, r->created_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO inspection(unit_id, kind, held_on, whole_unit,"
	                       " departments, inspectors, checklist, summary, created_by,"
	                       " created_at) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10) RETURNING id",
	                       &p, &r->id);
}

static int pg_insp_get(bm_store *bs, bm_arena *a, int64_t id, bm_insp_row **out)
{
	bm_pg_params p = {0};
	bm_insp_row *rows;
	size_t n;
	int rc;
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_collect(bm_pg_of(bs), a, INSP_COLS " WHERE i.id = $1", &p, sizeof(*rows),
	                        read_insp, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_inspection", NULL, "检查 %lld 不存在",
		                    "inspection %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

static int pg_insp_list(bm_store *bs, bm_arena *a, const bm_insp_filter *f, bm_insp_row **out,
                        size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, f->unit_id);
	bm_pg_p_text(&p, f->kind);
	bm_pg_p_text(&p, f->from);
	bm_pg_p_text(&p, f->to);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     INSP_COLS " WHERE i.unit_id = $1 AND ($2::text IS NULL OR i.kind = $2)"
	                               " AND ($3::text IS NULL OR i.held_on COLLATE \"C\" >= $3)"
	                               " AND ($4::text IS NULL OR i.held_on COLLATE \"C\" <= $4)"
	                               " ORDER BY i.held_on COLLATE \"C\" DESC, i.id DESC",
	                     &p, sizeof(**out), read_insp, (void **)out, count);
}

/* ---- rectification notices (INSP-2) ------------------------------------------------ */

#define RECT_COLS                                                                                  \
	"SELECT r.id, r.unit_id, r.inspection_id, r.source, r.finding, r.department_id,"           \
	" r.responsible_id, r.deadline, r.status, r.report, r.reported_at, r.reported_by,"         \
	" r.follow_up, r.followed_at, r.followed_by, r.reopened, r.created_by, r.created_at,"      \
	" r.updated_at, d.name, p.name, i.kind, i.held_on"                                         \
	" FROM rectification r LEFT JOIN department d ON d.id = r.department_id"                   \
	" LEFT JOIN person p ON p.id = r.responsible_id"                                           \
	" LEFT JOIN inspection i ON i.id = r.inspection_id"

static int read_rect(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_insp_rectification *r = row;
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	r->inspection_id = bm_pg_i64(res, i, 2);
	r->source = bm_pg_text(a, res, i, 3);
	r->finding = bm_pg_text(a, res, i, 4);
	r->department_id = bm_pg_i64(res, i, 5);
	r->responsible_id = bm_pg_i64(res, i, 6);
	r->deadline = bm_pg_text(a, res, i, 7);
	r->status = bm_pg_text(a, res, i, 8);
	r->report = bm_pg_text(a, res, i, 9);
	r->reported_at = bm_pg_text(a, res, i, 10);
	r->reported_by = bm_pg_i64(res, i, 11);
	r->follow_up = bm_pg_text(a, res, i, 12);
	r->followed_at = bm_pg_text(a, res, i, 13);
	r->followed_by = bm_pg_i64(res, i, 14);
	r->reopened = bm_pg_i64(res, i, 15);
	r->created_by = bm_pg_i64(res, i, 16);
	r->created_at = bm_pg_text(a, res, i, 17);
	r->updated_at = bm_pg_text(a, res, i, 18);
	r->department_name = bm_pg_text(a, res, i, 19);
	r->responsible_name = bm_pg_text(a, res, i, 20);
	r->inspection_kind = bm_pg_text(a, res, i, 21);
	r->inspection_held_on = bm_pg_text(a, res, i, 22);
	return 0;
}

static int unknown_rect(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_rectification", NULL, "整改通知 %lld 不存在",
	                    "rectification %lld does not exist", (long long)id);
}

static int pg_insp_rect_insert(bm_store *bs, bm_insp_rectification *r)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_id(&p, r->inspection_id);
	bm_pg_p_text(&p, r->source);
	bm_pg_p_text(&p, r->finding);
	bm_pg_p_i64(&p, r->department_id);
	bm_pg_p_i64(&p, r->responsible_id);
	bm_pg_p_text(&p, r->deadline);
	bm_pg_p_text(&p, r->status ? r->status : "open");
	bm_pg_p_i64(&p, r->created_by);
	bm_pg_p_text(&p, r->created_at);
	bm_pg_p_text(&p, r->updated_at ? r->updated_at : r->created_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO rectification(unit_id, inspection_id, source, finding,"
	                       " department_id, responsible_id, deadline, status, created_by,"
	                       " created_at, updated_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
	                       &p, &r->id);
}

static int pg_insp_rect_update(bm_store *bs, const bm_insp_rectification *r)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_text(&p, r->deadline);
	bm_pg_p_text(&p, r->status);
	bm_pg_p_text(&p, r->report);
	bm_pg_p_text(&p, r->reported_at);
	bm_pg_p_id(&p, r->reported_by);
	bm_pg_p_text(&p, r->follow_up);
	bm_pg_p_text(&p, r->followed_at);
	bm_pg_p_id(&p, r->followed_by);
	bm_pg_p_i64(&p, r->reopened);
	bm_pg_p_text(&p, r->updated_at);
	bm_pg_p_i64(&p, r->id);
	if ((rc = bm_pg_changed(
	             bm_pg_of(bs),
	             "UPDATE rectification SET deadline = $1, status = $2, report = $3,"
	             " reported_at = $4, reported_by = $5, follow_up = $6,"
	             " followed_at = $7, followed_by = $8, reopened = $9, updated_at = $10"
	             " WHERE id = $11 RETURNING id",
	             &p, &changed)) != 0)
		return rc;
	return changed ? 0 : unknown_rect(r->id);
}

static int pg_insp_rect_get(bm_store *bs, bm_arena *a, int64_t id, bm_insp_rectification **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_insp_rectification *rows;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, RECT_COLS " WHERE r.id = $1",
	                    RECT_COLS " WHERE r.id = $1 FOR UPDATE OF r", &p, sizeof(**out),
	                    read_rect, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return unknown_rect(id);
	*out = rows;
	return 0;
}

static int pg_insp_rect_list(bm_store *bs, bm_arena *a, const bm_insp_rect_filter *f,
                             bm_insp_rectification **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, f->unit_id);
	bm_pg_p_id(&p, f->inspection_id);
	bm_pg_p_text(&p, f->status);
	bm_pg_p_id(&p, f->department_id);
	bm_pg_p_id(&p, f->responsible_id);
	bm_pg_p_text(&p, f->due_before);
	return bm_pg_collect(
	        bm_pg_of(bs), a,
	        RECT_COLS " WHERE r.unit_id = $1 AND ($2::bigint IS NULL OR r.inspection_id = $2)"
	                  " AND ($3::text IS NULL OR r.status = $3)"
	                  " AND ($4::bigint IS NULL OR r.department_id = $4)"
	                  " AND ($5::bigint IS NULL OR r.responsible_id = $5)"
	                  " AND ($6::text IS NULL OR (r.status <> 'closed'"
	                  "  AND r.deadline COLLATE \"C\" < $6))"
	                  " ORDER BY r.deadline COLLATE \"C\", r.id",
	        &p, sizeof(**out), read_rect, (void **)out, count);
}

static int pg_insp_rect_event_add(bm_store *bs, bm_insp_rect_event *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->rectification_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->action);
	bm_pg_p_text(&p, e->detail);
	bm_pg_p_text(&p, e->deadline);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO rectification_event(rectification_id, at, actor_id,"
	                       " action, detail, deadline) VALUES ($1,$2,$3,$4,$5,$6) RETURNING id",
	                       &p, &e->id);
}

static int read_rect_event(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_insp_rect_event *e = row;
	e->id = bm_pg_i64(res, i, 0);
	e->rectification_id = bm_pg_i64(res, i, 1);
	e->at = bm_pg_text(a, res, i, 2);
	e->actor_id = bm_pg_i64(res, i, 3);
	e->action = bm_pg_text(a, res, i, 4);
	e->detail = bm_pg_text(a, res, i, 5);
	e->actor_name = bm_pg_text(a, res, i, 6);
	e->deadline = bm_pg_text(a, res, i, 7);
	return 0;
}

static int pg_insp_rect_events(bm_store *bs, bm_arena *a, int64_t rectification_id,
                               bm_insp_rect_event **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, rectification_id);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     "SELECT e.id, e.rectification_id, e.at, e.actor_id, e.action,"
	                     " e.detail, p.name, e.deadline FROM rectification_event e"
	                     " LEFT JOIN person p ON p.id = e.actor_id"
	                     " WHERE e.rectification_id = $1 ORDER BY e.id",
	                     &p, sizeof(**out), read_rect_event, (void **)out, count);
}

/* ---- the yearly self-assessment (INSP-4) ------------------------------------------ */

#define SA_COLS                                                                                    \
	"SELECT a.id, a.unit_id, a.year, a.started_by, a.started_at, a.clerk_signed_by,"           \
	" a.clerk_signed_at, a.leader_signed_by, a.leader_signed_at, s.name, c.name, l.name,"      \
	" (SELECT count(*) FROM self_assessment_item i WHERE i.assessment_id = a.id),"             \
	" (SELECT count(*) FROM self_assessment_item i WHERE i.assessment_id = a.id"               \
	"   AND i.answer IS NOT NULL),"                                                            \
	" (SELECT count(*) FROM self_assessment_item i WHERE i.assessment_id = a.id"               \
	"   AND i.answer = 'no')"                                                                  \
	" FROM self_assessment a LEFT JOIN person s ON s.id = a.started_by"                        \
	" LEFT JOIN person c ON c.id = a.clerk_signed_by"                                          \
	" LEFT JOIN person l ON l.id = a.leader_signed_by"

static int read_sa(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_sa_row *r = row;
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	r->year = (int)bm_pg_i64(res, i, 2);
	r->started_by = bm_pg_i64(res, i, 3);
	r->started_at = bm_pg_text(a, res, i, 4);
	r->clerk_signed_by = bm_pg_i64(res, i, 5);
	r->clerk_signed_at = bm_pg_text(a, res, i, 6);
	r->leader_signed_by = bm_pg_i64(res, i, 7);
	r->leader_signed_at = bm_pg_text(a, res, i, 8);
	r->started_by_name = bm_pg_text(a, res, i, 9);
	r->clerk_name = bm_pg_text(a, res, i, 10);
	r->leader_name = bm_pg_text(a, res, i, 11);
	r->n_items = bm_pg_i64(res, i, 12);
	r->n_answered = bm_pg_i64(res, i, 13);
	r->n_findings = bm_pg_i64(res, i, 14);
	return 0;
}

static int pg_sa_insert(bm_store *bs, bm_sa_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_i64(&p, r->year);
	bm_pg_p_i64(&p, r->started_by);
	bm_pg_p_text(&p, r->started_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO self_assessment(unit_id, year, started_by, started_at)"
	                       " VALUES ($1,$2,$3,$4) RETURNING id",
	                       &p, &r->id);
}

static int pg_sa_sign(bm_store *bs, const bm_sa_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_id(&p, r->clerk_signed_by);
	bm_pg_p_text(&p, r->clerk_signed_at);
	bm_pg_p_id(&p, r->leader_signed_by);
	bm_pg_p_text(&p, r->leader_signed_at);
	bm_pg_p_i64(&p, r->id);
	return bm_pg_run(bm_pg_of(bs),
	                 "UPDATE self_assessment SET clerk_signed_by = $1, clerk_signed_at = $2,"
	                 " leader_signed_by = $3, leader_signed_at = $4 WHERE id = $5",
	                 &p);
}

/*
 * The one assessment `where` selects with `p`, locked in a write transaction (the
 * header says why); BM_ENOTFOUND without an error when none (the service words it).
 */
static int one_sa(pg_store *s, bm_arena *a, const char *where, const char *where_locked,
                  const bm_pg_params *p, bm_sa_row **out)
{
	bm_sa_row *rows;
	int rc;
	if ((rc = bm_pg_get(s, a, where, where_locked, p, sizeof(*rows), read_sa,
	                    (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return BM_ENOTFOUND;
	*out = rows;
	return 0;
}

static int pg_sa_get(bm_store *bs, bm_arena *a, int64_t id, bm_sa_row **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, id);
	return one_sa(bm_pg_of(bs), a, SA_COLS " WHERE a.id = $1",
	              SA_COLS " WHERE a.id = $1 FOR UPDATE OF a", &p, out);
}

static int pg_sa_find_year(bm_store *bs, bm_arena *a, int64_t unit_id, int year, bm_sa_row **out)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_i64(&p, year);
	return one_sa(bm_pg_of(bs), a, SA_COLS " WHERE a.unit_id = $1 AND a.year = $2",
	              SA_COLS " WHERE a.unit_id = $1 AND a.year = $2 FOR UPDATE OF a", &p, out);
}

static int pg_sa_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_sa_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	return bm_pg_collect(bm_pg_of(bs), a, SA_COLS " WHERE a.unit_id = $1 ORDER BY a.year DESC",
	                     &p, sizeof(**out), read_sa, (void **)out, count);
}

#define ITEM_COLS                                                                                  \
	"SELECT i.id, i.assessment_id, i.position, i.item, i.rule, i.evidence_count, i.evidence,"  \
	" i.answer, i.note, i.department_id, i.deadline, i.rectification_id, i.answered_by,"       \
	" i.answered_at, d.name, p.name"                                                           \
	" FROM self_assessment_item i LEFT JOIN department d ON d.id = i.department_id"            \
	" LEFT JOIN person p ON p.id = i.answered_by"

static int read_item(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_sa_item_row *r = row;
	r->id = bm_pg_i64(res, i, 0);
	r->assessment_id = bm_pg_i64(res, i, 1);
	r->position = (int)bm_pg_i64(res, i, 2);
	r->item = bm_pg_text(a, res, i, 3);
	r->rule = bm_pg_text(a, res, i, 4);
	r->evidence_count = bm_pg_i64(res, i, 5);
	r->evidence = bm_pg_text(a, res, i, 6);
	r->answer = bm_pg_text(a, res, i, 7);
	r->note = bm_pg_text(a, res, i, 8);
	r->department_id = bm_pg_i64(res, i, 9);
	r->deadline = bm_pg_text(a, res, i, 10);
	r->rectification_id = bm_pg_i64(res, i, 11);
	r->answered_by = bm_pg_i64(res, i, 12);
	r->answered_at = bm_pg_text(a, res, i, 13);
	r->department_name = bm_pg_text(a, res, i, 14);
	r->answered_by_name = bm_pg_text(a, res, i, 15);
	return 0;
}

static int pg_sa_item_insert(bm_store *bs, bm_sa_item_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, r->assessment_id);
	bm_pg_p_i64(&p, r->position);
	bm_pg_p_text(&p, r->item);
	bm_pg_p_text(&p, r->rule);
	bm_pg_p_i64(&p, r->evidence_count);
	bm_pg_p_text(&p, r->evidence);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO self_assessment_item(assessment_id, position, item,"
	                       " rule, evidence_count, evidence) VALUES ($1,$2,$3,$4,$5,$6)"
	                       " RETURNING id",
	                       &p, &r->id);
}

static int pg_sa_item_answer(bm_store *bs, const bm_sa_item_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_text(&p, r->answer);
	bm_pg_p_text(&p, r->note);
	bm_pg_p_id(&p, r->department_id);
	bm_pg_p_text(&p, r->deadline);
	bm_pg_p_id(&p, r->rectification_id);
	bm_pg_p_id(&p, r->answered_by);
	bm_pg_p_text(&p, r->answered_at);
	bm_pg_p_i64(&p, r->id);
	return bm_pg_run(bm_pg_of(bs),
	                 "UPDATE self_assessment_item SET answer = $1, note = $2,"
	                 " department_id = $3, deadline = $4, rectification_id = $5,"
	                 " answered_by = $6, answered_at = $7 WHERE id = $8",
	                 &p);
}

static int pg_sa_items(bm_store *bs, bm_arena *a, int64_t assessment_id, bm_sa_item_row **out,
                       size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, assessment_id);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     ITEM_COLS " WHERE i.assessment_id = $1 ORDER BY i.position", &p,
	                     sizeof(**out), read_item, (void **)out, count);
}

/* ---- the responsibility system (ORG-1) ------------------------------------------- */

/* A person's status as bm_person_status (0 active, 1 disabled, 2 left). */
#define STATUS(p) "CASE " p ".status WHEN 'active' THEN 0 WHEN 'disabled' THEN 1 ELSE 2 END"

#define MEMBER_COLS                                                                                \
	"SELECT m.id, m.unit_id, m.person_id, m.role, m.in_charge, m.appointed_on, m.document,"    \
	" m.ended_on, m.end_document, m.recorded_by, m.recorded_at, p.name, d.name, " STATUS(      \
	        "p") " FROM duty_member m JOIN person p ON p.id = m.person_id"                     \
	             " LEFT JOIN department d ON d.id = p.department_id"

static int read_member(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_duty_member *m = row;
	m->id = bm_pg_i64(res, i, 0);
	m->unit_id = bm_pg_i64(res, i, 1);
	m->person_id = bm_pg_i64(res, i, 2);
	m->role = bm_pg_text(a, res, i, 3);
	m->in_charge = bm_pg_i64(res, i, 4) != 0;
	m->appointed_on = bm_pg_text(a, res, i, 5);
	m->document = bm_pg_text(a, res, i, 6);
	m->ended_on = bm_pg_text(a, res, i, 7);
	m->end_document = bm_pg_text(a, res, i, 8);
	m->recorded_by = bm_pg_i64(res, i, 9);
	m->recorded_at = bm_pg_text(a, res, i, 10);
	m->person_name = bm_pg_text(a, res, i, 11);
	m->department_name = bm_pg_text(a, res, i, 12);
	m->person_status = (int)bm_pg_i64(res, i, 13);
	return 0;
}

static int pg_duty_member_insert(bm_store *bs, bm_duty_member *m)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, m->unit_id);
	bm_pg_p_i64(&p, m->person_id);
	bm_pg_p_text(&p, m->role);
	bm_pg_p_bool(&p, m->in_charge);
	bm_pg_p_text(&p, m->appointed_on);
	bm_pg_p_text(&p, m->document);
	bm_pg_p_i64(&p, m->recorded_by);
	bm_pg_p_text(&p, m->recorded_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO duty_member(unit_id, person_id, role, in_charge,"
	                       " appointed_on, document, recorded_by, recorded_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
	                       &p, &m->id);
}

static int pg_duty_member_end(bm_store *bs, const bm_duty_member *m)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_text(&p, m->ended_on);
	bm_pg_p_text(&p, m->end_document);
	bm_pg_p_i64(&p, m->id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE duty_member SET ended_on = $1, end_document = $2"
	                        " WHERE id = $3 AND ended_on IS NULL RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	if (!changed)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_member", NULL,
		                    "领导小组成员记录 %lld 不存在或已结束",
		                    "leadership group place %lld does not exist or has ended",
		                    (long long)m->id);
	return 0;
}

static int pg_duty_member_get(bm_store *bs, bm_arena *a, int64_t id, bm_duty_member **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_duty_member *rows;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, MEMBER_COLS " WHERE m.id = $1",
	                    MEMBER_COLS " WHERE m.id = $1 FOR UPDATE OF m", &p, sizeof(**out),
	                    read_member, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_member", NULL,
		                    "领导小组成员记录 %lld 不存在",
		                    "leadership group place %lld does not exist", (long long)id);
	*out = rows;
	return 0;
}

static int pg_duty_members(bm_store *bs, bm_arena *a, int64_t unit_id, bool all,
                           bm_duty_member **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_bool(&p, all);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     MEMBER_COLS
	                     " WHERE m.unit_id = $1 AND ($2::bigint <> 0 OR m.ended_on IS NULL)"
	                     " ORDER BY m.ended_on IS NOT NULL,"
	                     " CASE m.role WHEN 'head' THEN 0 WHEN 'deputy' THEN 1"
	                     " ELSE 2 END, m.in_charge DESC, m.appointed_on COLLATE \"C\","
	                     " m.id",
	                     &p, sizeof(**out), read_member, (void **)out, count);
}

#define DEPT_COLS                                                                                  \
	"SELECT t.id, t.unit_id, t.department_id, t.leader_id, t.clerk_id, t.since, t.document,"   \
	" t.ended_on, t.recorded_by, t.recorded_at, d.name, l.name, c.name, " STATUS(              \
	        "l") ", " STATUS("c") " FROM duty_department t"                                    \
	                              " JOIN department d ON d.id = t.department_id"               \
	                              " JOIN person l ON l.id = t.leader_id"                       \
	                              " JOIN person c ON c.id = t.clerk_id"

static int read_dept(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_duty_dept *d = row;
	d->id = bm_pg_i64(res, i, 0);
	d->unit_id = bm_pg_i64(res, i, 1);
	d->department_id = bm_pg_i64(res, i, 2);
	d->leader_id = bm_pg_i64(res, i, 3);
	d->clerk_id = bm_pg_i64(res, i, 4);
	d->since = bm_pg_text(a, res, i, 5);
	d->document = bm_pg_text(a, res, i, 6);
	d->ended_on = bm_pg_text(a, res, i, 7);
	d->recorded_by = bm_pg_i64(res, i, 8);
	d->recorded_at = bm_pg_text(a, res, i, 9);
	d->department_name = bm_pg_text(a, res, i, 10);
	d->leader_name = bm_pg_text(a, res, i, 11);
	d->clerk_name = bm_pg_text(a, res, i, 12);
	d->leader_status = (int)bm_pg_i64(res, i, 13);
	d->clerk_status = (int)bm_pg_i64(res, i, 14);
	return 0;
}

static int pg_duty_dept_insert(bm_store *bs, bm_duty_dept *d)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, d->unit_id);
	bm_pg_p_i64(&p, d->department_id);
	bm_pg_p_i64(&p, d->leader_id);
	bm_pg_p_i64(&p, d->clerk_id);
	bm_pg_p_text(&p, d->since);
	bm_pg_p_text(&p, d->document);
	bm_pg_p_i64(&p, d->recorded_by);
	bm_pg_p_text(&p, d->recorded_at);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO duty_department(unit_id, department_id, leader_id,"
	                       " clerk_id, since, document, recorded_by, recorded_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
	                       &p, &d->id);
}

static int pg_duty_dept_end(bm_store *bs, const bm_duty_dept *d)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_text(&p, d->ended_on);
	bm_pg_p_i64(&p, d->id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE duty_department SET ended_on = $1"
	                        " WHERE id = $2 AND ended_on IS NULL RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	if (!changed)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_department", NULL,
		                    "部门保密责任记录 %lld 不存在或已结束",
		                    "department responsibility %lld does not exist or has ended",
		                    (long long)d->id);
	return 0;
}

static int pg_duty_depts(bm_store *bs, bm_arena *a, int64_t unit_id, bool all, bm_duty_dept **out,
                         size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_bool(&p, all);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     DEPT_COLS
	                     " WHERE t.unit_id = $1 AND ($2::bigint <> 0 OR t.ended_on IS NULL)"
	                     " ORDER BY t.department_id, t.id",
	                     &p, sizeof(**out), read_dept, (void **)out, count);
}

static int read_duty_event(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_duty_event *e = row;
	e->id = bm_pg_i64(res, i, 0);
	e->unit_id = bm_pg_i64(res, i, 1);
	e->at = bm_pg_text(a, res, i, 2);
	e->actor_id = bm_pg_i64(res, i, 3);
	e->action = bm_pg_text(a, res, i, 4);
	e->member_id = bm_pg_i64(res, i, 5);
	e->department_id = bm_pg_i64(res, i, 6);
	e->detail = bm_pg_text(a, res, i, 7);
	e->actor_name = bm_pg_text(a, res, i, 8);
	return 0;
}

static int pg_duty_event_add(bm_store *bs, bm_duty_event *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->unit_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->action);
	bm_pg_p_id(&p, e->member_id);
	bm_pg_p_id(&p, e->department_id);
	bm_pg_p_text(&p, e->detail);
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO duty_event(unit_id, at, actor_id, action, member_id,"
	                       " department_id, detail) VALUES ($1,$2,$3,$4,$5,$6,$7) RETURNING id",
	                       &p, &e->id);
}

static int pg_duty_events(bm_store *bs, bm_arena *a, int64_t unit_id, bm_duty_event **out,
                          size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     "SELECT e.id, e.unit_id, e.at, e.actor_id, e.action, e.member_id,"
	                     " e.department_id, e.detail, p.name FROM duty_event e"
	                     " LEFT JOIN person p ON p.id = e.actor_id"
	                     " WHERE e.unit_id = $1 ORDER BY e.id",
	                     &p, sizeof(**out), read_duty_event, (void **)out, count);
}

void bm_pg_oversight_ops(struct bm_store_ops *ops)
{
	ops->insp_insert = pg_insp_insert;
	ops->insp_get = pg_insp_get;
	ops->insp_list = pg_insp_list;
	ops->insp_rect_insert = pg_insp_rect_insert;
	ops->insp_rect_update = pg_insp_rect_update;
	ops->insp_rect_get = pg_insp_rect_get;
	ops->insp_rect_list = pg_insp_rect_list;
	ops->insp_rect_event_add = pg_insp_rect_event_add;
	ops->insp_rect_events = pg_insp_rect_events;
	ops->sa_insert = pg_sa_insert;
	ops->sa_sign = pg_sa_sign;
	ops->sa_get = pg_sa_get;
	ops->sa_find_year = pg_sa_find_year;
	ops->sa_list = pg_sa_list;
	ops->sa_item_insert = pg_sa_item_insert;
	ops->sa_item_answer = pg_sa_item_answer;
	ops->sa_items = pg_sa_items;
	ops->duty_member_insert = pg_duty_member_insert;
	ops->duty_member_end = pg_duty_member_end;
	ops->duty_member_get = pg_duty_member_get;
	ops->duty_members = pg_duty_members;
	ops->duty_dept_insert = pg_duty_dept_insert;
	ops->duty_dept_end = pg_duty_dept_end;
	ops->duty_depts = pg_duty_depts;
	ops->duty_event_add = pg_duty_event_add;
	ops->duty_events = pg_duty_events;
}
