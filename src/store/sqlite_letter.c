/*
 * sqlite_letter.c — personal letters (领导亲启, REG-3) in the SQLite back
 * end: the envelope record and the carriers registered from its contents.
 * Tables in migration 5 (sqlite_schema_letter.h). Every statement is
 * constant text with bound parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

#define LETTER_COLS                                                                                \
	"SELECT l.id, l.unit_id, l.sender, l.received_on, l.addressee_id, l.note, l.logged_by,"    \
	" l.logged_at, l.status, l.opened_at, l.classified, l.open_note, l.registered_at,"         \
	" a.name, b.name FROM personal_letter l LEFT JOIN person a ON a.id = l.addressee_id"       \
	" LEFT JOIN person b ON b.id = l.logged_by"

int bm_sq_letter_insert(bm_store *bs, bm_letter_row *l)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO personal_letter(unit_id, sender, received_on,"
	                     " addressee_id, note, logged_by, logged_at, status)"
	                     " VALUES (?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, l->unit_id);
	bm_sq_bind_text(st, 2, l->sender);
	bm_sq_bind_text(st, 3, l->received_on);
	sqlite3_bind_int64(st, 4, l->addressee_id);
	bm_sq_bind_text(st, 5, l->note);
	sqlite3_bind_int64(st, 6, l->logged_by);
	bm_sq_bind_text(st, 7, l->logged_at);
	bm_sq_bind_text(st, 8, l->status ? l->status : "sealed");
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	l->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_letter_update(bm_store *bs, const bm_letter_row *l)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE personal_letter SET status = ?, opened_at = ?,"
	                     " classified = ?, open_note = ?, registered_at = ? WHERE id = ?")) !=
	    0)
		return rc;
	bm_sq_bind_text(st, 1, l->status);
	bm_sq_bind_text(st, 2, l->opened_at);
	sqlite3_bind_int(st, 3, l->classified ? 1 : 0);
	bm_sq_bind_text(st, 4, l->open_note);
	bm_sq_bind_text(st, 5, l->registered_at);
	sqlite3_bind_int64(st, 6, l->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	if (sqlite3_changes(s->db) == 0)
		return bm_error_set(BM_ENOTFOUND, "not_found", NULL, "信件 %lld 不存在",
		                    "letter %lld does not exist", (long long)l->id);
	return 0;
}

/* Reads one row of LETTER_COLS into `l` (its carriers are read separately). */
static void read_letter(bm_arena *a, sqlite3_stmt *st, bm_letter_row *l)
{
	memset(l, 0, sizeof(*l));
	l->id = sqlite3_column_int64(st, 0);
	l->unit_id = sqlite3_column_int64(st, 1);
	l->sender = bm_sq_col_text(a, st, 2);
	l->received_on = bm_sq_col_text(a, st, 3);
	l->addressee_id = sqlite3_column_int64(st, 4);
	l->note = bm_sq_col_text(a, st, 5);
	l->logged_by = sqlite3_column_int64(st, 6);
	l->logged_at = bm_sq_col_text(a, st, 7);
	l->status = bm_sq_col_text(a, st, 8);
	l->opened_at = bm_sq_col_text(a, st, 9);
	l->classified = sqlite3_column_int(st, 10) != 0;
	l->open_note = bm_sq_col_text(a, st, 11);
	l->registered_at = bm_sq_col_text(a, st, 12);
	l->addressee_name = bm_sq_col_text(a, st, 13);
	l->logged_by_name = bm_sq_col_text(a, st, 14);
}

/* Fills l->carrier_ids from personal_letter_carrier, in id order. */
static int read_carriers(sq_store *s, bm_arena *a, bm_letter_row *l)
{
	sqlite3_stmt *st;
	size_t n = 0, cap = 4;
	int64_t *ids = bm_arena_alloc(a, cap * sizeof(*ids));
	int rc;
	if (!ids)
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT carrier_id FROM personal_letter_carrier"
	                     " WHERE letter_id = ? ORDER BY carrier_id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, l->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*ids));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			memcpy(bigger, ids, n * sizeof(*ids));
			ids = bigger;
			cap *= 2;
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	bm_sq_release(s, st);
	if (rc != SQLITE_DONE)
		return bm_sq_db_fail(s, rc);
	l->carrier_ids = ids;
	l->n_carriers = n;
	return 0;
}

int bm_sq_letter_get(bm_store *bs, bm_arena *a, int64_t id, bm_letter_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_letter_row *l;
	int rc;
	if (!(l = bm_arena_alloc(a, sizeof(*l))))
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &st, LETTER_COLS " WHERE l.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_letter(a, st, l);
		rc = 0;
	} else if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_letter", NULL, "信件 %lld 不存在",
		                  "letter %lld does not exist", (long long)id);
	} else {
		rc = bm_sq_db_fail(s, rc);
	}
	bm_sq_release(s, st);
	if (rc == 0 && (rc = read_carriers(s, a, l)) == 0)
		*out = l;
	return rc;
}

int bm_sq_letter_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t addressee_id,
                      const char *status, bm_letter_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_letter_row *rows;
	size_t n = 0, cap = 16;
	int rc;
	if (!(rows = bm_arena_alloc(a, cap * sizeof(*rows))))
		return bm_error_nomem();
	/* One statement per combination, each on an index ("?2 = 0 OR …" cannot use one). */
	static const char *const sql[2][2] = {
	        {LETTER_COLS " WHERE l.unit_id = ?1 ORDER BY l.id",
	         LETTER_COLS " WHERE l.unit_id = ?1 AND l.status = ?3 ORDER BY l.id"},
	        {LETTER_COLS " WHERE l.unit_id = ?1 AND l.addressee_id = ?2 ORDER BY l.id",
	         LETTER_COLS " WHERE l.unit_id = ?1 AND l.addressee_id = ?2 AND l.status = ?3"
	                     " ORDER BY l.id"},
	};
	if ((rc = bm_sq_prep(s, &st, sql[addressee_id != 0][status != NULL])) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	if (addressee_id)
		sqlite3_bind_int64(st, 2, addressee_id);
	if (status)
		bm_sq_bind_text(st, 3, status);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			bm_letter_row *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*rows));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			cap *= 2;
		}
		read_letter(a, st, &rows[n++]);
	}
	bm_sq_release(s, st);
	if (rc != SQLITE_DONE)
		return bm_sq_db_fail(s, rc);
	for (size_t i = 0; i < n; i++)
		if ((rc = read_carriers(s, a, &rows[i])) != 0)
			return rc;
	*out = rows;
	*count = n;
	return 0;
}

int bm_sq_letter_link(bm_store *bs, int64_t letter_id, int64_t carrier_id)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO personal_letter_carrier(letter_id, carrier_id)"
	                     " VALUES (?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, letter_id);
	sqlite3_bind_int64(st, 2, carrier_id);
	return bm_sq_step_done(s, st);
}
