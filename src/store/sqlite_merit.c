/*
 * sqlite_merit.c — the register of rewards and sanctions (奖惩登记, INC-2,
 * INSP-3) in the SQLite back end. Table in migration 28
 * (sqlite_schema_merit.h). Every statement is constant text with bound
 * parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

#define MERIT_COLS                                                                                 \
	"SELECT m.id, m.unit_id, m.person_id, m.kind, m.measure, m.incident_id, m.level,"          \
	" m.factor, m.factor_text, m.reason, m.decided_by, m.decided_on, m.document,"              \
	" m.recorded_by, m.recorded_at, p.name, d.name, r.name"                                    \
	" FROM merit m JOIN person p ON p.id = m.person_id"                                        \
	" LEFT JOIN department d ON d.id = p.department_id"                                        \
	" LEFT JOIN person r ON r.id = m.recorded_by"

static int read_merit(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_merit_row *m = (bm_merit_row *)rows + n;
	memset(m, 0, sizeof(*m));
	m->id = sqlite3_column_int64(st, 0);
	m->unit_id = sqlite3_column_int64(st, 1);
	m->person_id = sqlite3_column_int64(st, 2);
	m->kind = bm_sq_col_text(a, st, 3);
	m->measure = bm_sq_col_text(a, st, 4);
	m->incident_id = sqlite3_column_int64(st, 5);
	m->level = bm_sq_col_text(a, st, 6);
	m->factor = bm_sq_col_text(a, st, 7);
	m->factor_text = bm_sq_col_text(a, st, 8);
	m->reason = bm_sq_col_text(a, st, 9);
	m->decided_by = bm_sq_col_text(a, st, 10);
	m->decided_on = bm_sq_col_text(a, st, 11);
	m->document = bm_sq_col_text(a, st, 12);
	m->recorded_by = sqlite3_column_int64(st, 13);
	m->recorded_at = bm_sq_col_text(a, st, 14);
	m->person_name = bm_sq_col_text(a, st, 15);
	m->department_name = bm_sq_col_text(a, st, 16);
	m->recorded_by_name = bm_sq_col_text(a, st, 17);
	return 0;
}

int bm_sq_merit_insert(bm_store *bs, bm_merit_row *m)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO merit(unit_id, person_id, kind, measure, incident_id,"
	                     " level, factor, factor_text, reason, decided_by, decided_on,"
	                     " document, recorded_by, recorded_at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, m->unit_id);
	sqlite3_bind_int64(st, 2, m->person_id);
	bm_sq_bind_text(st, 3, m->kind);
	bm_sq_bind_text(st, 4, m->measure);
	bm_sq_bind_id(st, 5, m->incident_id);
	bm_sq_bind_text(st, 6, m->level);
	bm_sq_bind_text(st, 7, m->factor);
	bm_sq_bind_text(st, 8, m->factor_text);
	bm_sq_bind_text(st, 9, m->reason);
	bm_sq_bind_text(st, 10, m->decided_by);
	bm_sq_bind_text(st, 11, m->decided_on);
	bm_sq_bind_text(st, 12, m->document);
	sqlite3_bind_int64(st, 13, m->recorded_by);
	bm_sq_bind_text(st, 14, m->recorded_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	m->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_merit_list(bm_store *bs, bm_arena *a, const bm_merit_filter *f, bm_merit_row **out,
                     size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     MERIT_COLS " WHERE m.unit_id = ?1 AND (?2 IS NULL OR m.person_id = ?2)"
	                                " AND (?3 IS NULL OR m.incident_id = ?3)"
	                                " AND (?4 IS NULL OR m.kind = ?4)"
	                                " AND (?5 IS NULL OR m.decided_on >= ?5)"
	                                " AND (?6 IS NULL OR m.decided_on <= ?6)"
	                                " ORDER BY m.decided_on, m.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, f->unit_id);
	bm_sq_bind_id(st, 2, f->person_id);
	bm_sq_bind_id(st, 3, f->incident_id);
	bm_sq_bind_text(st, 4, f->kind);
	bm_sq_bind_text(st, 5, f->from);
	bm_sq_bind_text(st, 6, f->to);
	return bm_sq_collect(s, a, st, sizeof(**out), read_merit, (void **)out, count);
}
