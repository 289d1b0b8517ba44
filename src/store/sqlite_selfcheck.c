/*
 * sqlite_selfcheck.c — the yearly self-assessment (保密自查自评, INSP-4) in
 * the SQLite back end. Tables in migration 34 (sqlite_schema_selfcheck.h).
 * Every statement is constant text with bound parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

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

static int read_sa(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_sa_row *r = (bm_sa_row *)rows + n;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	r->year = sqlite3_column_int(st, 2);
	r->started_by = sqlite3_column_int64(st, 3);
	r->started_at = bm_sq_col_text(a, st, 4);
	r->clerk_signed_by = sqlite3_column_int64(st, 5);
	r->clerk_signed_at = bm_sq_col_text(a, st, 6);
	r->leader_signed_by = sqlite3_column_int64(st, 7);
	r->leader_signed_at = bm_sq_col_text(a, st, 8);
	r->started_by_name = bm_sq_col_text(a, st, 9);
	r->clerk_name = bm_sq_col_text(a, st, 10);
	r->leader_name = bm_sq_col_text(a, st, 11);
	r->n_items = sqlite3_column_int64(st, 12);
	r->n_answered = sqlite3_column_int64(st, 13);
	r->n_findings = sqlite3_column_int64(st, 14);
	return 0;
}

int bm_sq_sa_insert(bm_store *bs, bm_sa_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO self_assessment(unit_id, year, started_by, started_at)"
	                     " VALUES (?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->unit_id);
	sqlite3_bind_int(st, 2, r->year);
	sqlite3_bind_int64(st, 3, r->started_by);
	bm_sq_bind_text(st, 4, r->started_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_sa_sign(bm_store *bs, const bm_sa_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE self_assessment SET clerk_signed_by = ?, clerk_signed_at = ?,"
	                     " leader_signed_by = ?, leader_signed_at = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_id(st, 1, r->clerk_signed_by);
	bm_sq_bind_text(st, 2, r->clerk_signed_at);
	bm_sq_bind_id(st, 3, r->leader_signed_by);
	bm_sq_bind_text(st, 4, r->leader_signed_at);
	sqlite3_bind_int64(st, 5, r->id);
	return bm_sq_step_done(s, st);
}

static int one_sa(sq_store *s, bm_arena *a, sqlite3_stmt *st, bm_sa_row **out)
{
	bm_sa_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_sa, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return BM_ENOTFOUND; /* the service words it */
	*out = rows;
	return 0;
}

int bm_sq_sa_get(bm_store *bs, bm_arena *a, int64_t id, bm_sa_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, SA_COLS " WHERE a.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return one_sa(s, a, st, out);
}

int bm_sq_sa_find_year(bm_store *bs, bm_arena *a, int64_t unit_id, int year, bm_sa_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, SA_COLS " WHERE a.unit_id = ? AND a.year = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int(st, 2, year);
	return one_sa(s, a, st, out);
}

int bm_sq_sa_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_sa_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, SA_COLS " WHERE a.unit_id = ? ORDER BY a.year DESC")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_sa, (void **)out, count);
}

#define ITEM_COLS                                                                                  \
	"SELECT i.id, i.assessment_id, i.position, i.item, i.rule, i.evidence_count, i.evidence,"  \
	" i.answer, i.note, i.department_id, i.deadline, i.rectification_id, i.answered_by,"       \
	" i.answered_at, d.name, p.name"                                                           \
	" FROM self_assessment_item i LEFT JOIN department d ON d.id = i.department_id"            \
	" LEFT JOIN person p ON p.id = i.answered_by"

static int read_item(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_sa_item_row *r = (bm_sa_item_row *)rows + n;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->assessment_id = sqlite3_column_int64(st, 1);
	r->position = sqlite3_column_int(st, 2);
	r->item = bm_sq_col_text(a, st, 3);
	r->rule = bm_sq_col_text(a, st, 4);
	r->evidence_count = sqlite3_column_int64(st, 5);
	r->evidence = bm_sq_col_text(a, st, 6);
	r->answer = bm_sq_col_text(a, st, 7);
	r->note = bm_sq_col_text(a, st, 8);
	r->department_id = sqlite3_column_int64(st, 9);
	r->deadline = bm_sq_col_text(a, st, 10);
	r->rectification_id = sqlite3_column_int64(st, 11);
	r->answered_by = sqlite3_column_int64(st, 12);
	r->answered_at = bm_sq_col_text(a, st, 13);
	r->department_name = bm_sq_col_text(a, st, 14);
	r->answered_by_name = bm_sq_col_text(a, st, 15);
	return 0;
}

int bm_sq_sa_item_insert(bm_store *bs, bm_sa_item_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO self_assessment_item(assessment_id, position, item, rule,"
	                     " evidence_count, evidence) VALUES (?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->assessment_id);
	sqlite3_bind_int(st, 2, r->position);
	bm_sq_bind_text(st, 3, r->item);
	bm_sq_bind_text(st, 4, r->rule);
	sqlite3_bind_int64(st, 5, r->evidence_count);
	bm_sq_bind_text(st, 6, r->evidence);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_sa_item_answer(bm_store *bs, const bm_sa_item_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE self_assessment_item SET answer = ?, note = ?,"
	                     " department_id = ?, deadline = ?, rectification_id = ?,"
	                     " answered_by = ?, answered_at = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, r->answer);
	bm_sq_bind_text(st, 2, r->note);
	bm_sq_bind_id(st, 3, r->department_id);
	bm_sq_bind_text(st, 4, r->deadline);
	bm_sq_bind_id(st, 5, r->rectification_id);
	bm_sq_bind_id(st, 6, r->answered_by);
	bm_sq_bind_text(st, 7, r->answered_at);
	sqlite3_bind_int64(st, 8, r->id);
	return bm_sq_step_done(s, st);
}

int bm_sq_sa_items(bm_store *bs, bm_arena *a, int64_t assessment_id, bm_sa_item_row **out,
                   size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, ITEM_COLS " WHERE i.assessment_id = ? ORDER BY i.position")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, assessment_id);
	return bm_sq_collect(s, a, st, sizeof(**out), read_item, (void **)out, count);
}
