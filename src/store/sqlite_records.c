/*
 * sqlite_records.c — the records of issue 3 in the SQLite back end:
 * destruction batches (DESTROY-1..4), level decisions (LEVEL-4/7/8/9),
 * hand-over lists (KEEP-2), departures (PERSON-4), and the few carrier
 * queries the record-keeping services need (links, highest serial).
 *
 * Every statement is constant SQL with bound parameters. The tables are
 * append-only: triggers (migrations 3 and 4) refuse UPDATE and DELETE.
 */
#include "common.h"

#include <sqlite3.h>

#include "store/sqlite_int.h"

/* ---- shared helpers ------------------------------------------------------ */

/* Steps `st` collecting column 0 of every row as an id into an arena array; finalizes. */
static int collect_ids(sq_store *s, bm_arena *a, sqlite3_stmt *st, int64_t **ids, size_t *count)
{
	size_t n = 0, cap = 8;
	int64_t *v = bm_arena_alloc(a, cap * sizeof(*v));
	int rc;

	if (!v) {
		bm_sq_release(s, st);
		return bm_error_nomem();
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			int64_t *bigger = bm_arena_alloc(a, cap * 2 * sizeof(*bigger));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			memcpy(bigger, v, n * sizeof(*v));
			v = bigger;
			cap *= 2;
		}
		v[n++] = sqlite3_column_int64(st, 0);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	if (rc == 0) {
		*ids = v;
		*count = n;
	}
	return rc;
}

/* Runs `sql` with one bound id and collects the ids it returns. */
static int ids_for(sq_store *s, bm_arena *a, const char *sql, int64_t id, int64_t **ids,
                   size_t *count)
{
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	return collect_ids(s, a, st, ids, count);
}

/* ---- destruction (DESTROY-1..4) ----------------------------------------- */

int bm_sq_destruction_insert(bm_store *bs, bm_destruction_row *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	/*
	 * A constraint of the table (witness1_id, witness2_id are NOT NULL), not
	 * the rule: how many witnesses DESTROY-2 asks is the policy's
	 * destroy.min_witnesses (at least 2), decided by bm_rules_destroy first.
	 */
	if (d->n_witnesses < 2)
		return bm_error_set(BM_EINVALID, "witness_columns", NULL,
		                    "a destruction row holds at least two witnesses",
		                    "a destruction row holds at least two witnesses");
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO destruction(request_id, executed_by, executed_at,"
	                     " place, method, witness1_id, witness2_id)"
	                     " VALUES (?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->request_id);
	sqlite3_bind_int64(st, 2, d->executed_by);
	bm_sq_bind_text(st, 3, d->executed_at);
	bm_sq_bind_text(st, 4, d->place);
	bm_sq_bind_text(st, 5, d->method);
	sqlite3_bind_int64(st, 6, d->witness_ids[0]);
	sqlite3_bind_int64(st, 7, d->witness_ids[1]);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	d->id = sqlite3_last_insert_rowid(s->db);
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO destruction_witness(destruction_id, position,"
	                     " person_id, signature) VALUES (?,?,?,?)")) != 0)
		return rc;
	for (size_t i = 0; i < d->n_witnesses; i++) {
		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, d->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_int64(st, 3, d->witness_ids[i]);
		bm_sq_bind_text(st, 4, d->witness_signatures ? d->witness_signatures[i] : NULL);
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			rc = bm_sq_db_fail(s, rc);
			bm_sq_release(s, st);
			return rc;
		}
	}
	bm_sq_release(s, st);
	return 0;
}

#define DESTRUCTION_COLS                                                                           \
	"SELECT d.id, d.request_id, d.executed_by, d.executed_at, d.place, d.method FROM "         \
	"destruction d "

static void read_destruction(bm_arena *a, sqlite3_stmt *st, bm_destruction_row *d)
{
	memset(d, 0, sizeof(*d));
	d->id = sqlite3_column_int64(st, 0);
	d->request_id = sqlite3_column_int64(st, 1);
	d->executed_by = sqlite3_column_int64(st, 2);
	d->executed_at = bm_sq_col_text(a, st, 3);
	d->place = bm_sq_col_text(a, st, 4);
	d->method = bm_sq_col_text(a, st, 5);
}

/* DESTROY-2, REG-1: how each witness confirmed, in position order (NULL: named only). */
static int witness_signatures(sq_store *s, bm_arena *a, bm_destruction_row *d)
{
	sqlite3_stmt *st;
	size_t k = 0;
	int rc;

	d->witness_signatures = NULL;
	if (!d->n_witnesses)
		return 0;
	if (!(d->witness_signatures = bm_arena_alloc(a, d->n_witnesses * sizeof(char *))))
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT signature FROM destruction_witness WHERE destruction_id = ?"
	                     " ORDER BY position")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && k < d->n_witnesses)
		d->witness_signatures[k++] = bm_sq_col_text(a, st, 0);
	for (; k < d->n_witnesses; k++)
		d->witness_signatures[k] = NULL;
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		bm_sq_release(s, st);
		return rc;
	}
	bm_sq_release(s, st);
	return 0;
}

/* Fills the witnesses and items of a destruction read from its row. */
static int destruction_lists(sq_store *s, bm_arena *a, bm_destruction_row *d)
{
	int rc = ids_for(s, a,
	                 "SELECT person_id FROM destruction_witness WHERE destruction_id = ?"
	                 " ORDER BY position",
	                 d->id, &d->witness_ids, &d->n_witnesses);
	if (rc || (rc = witness_signatures(s, a, d)) != 0)
		return rc;
	return ids_for(
	        s, a,
	        "SELECT carrier_id FROM request_item WHERE request_id = ? ORDER BY carrier_id",
	        d->request_id, &d->carrier_ids, &d->n_carriers);
}

/* Runs a query for at most one destruction bound to `id`. */
static int destruction_one(sq_store *s, bm_arena *a, const char *sql, int64_t id,
                           bm_destruction_row **out)
{
	sqlite3_stmt *st;
	bm_destruction_row *d;
	int rc;

	if ((rc = bm_sq_prep(s, &st, sql)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		bm_sq_release(s, st);
		return bm_error_set(BM_ENOTFOUND, "unknown_destruction", NULL,
		                    "no destruction record %lld", "no destruction record %lld",
		                    (long long)id);
	}
	if (rc != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
		bm_sq_release(s, st);
		return rc;
	}
	if (!(d = bm_arena_alloc(a, sizeof(*d)))) {
		bm_sq_release(s, st);
		return bm_error_nomem();
	}
	read_destruction(a, st, d);
	bm_sq_release(s, st);
	if ((rc = destruction_lists(s, a, d)) != 0)
		return rc;
	*out = d;
	return 0;
}

int bm_sq_destruction_get(bm_store *bs, bm_arena *a, int64_t id, bm_destruction_row **out)
{
	return destruction_one(bm_sq_of(bs), a, DESTRUCTION_COLS "WHERE d.id = ?", id, out);
}

int bm_sq_destruction_for_carrier(bm_store *bs, bm_arena *a, int64_t carrier_id,
                                  bm_destruction_row **out)
{
	return destruction_one(bm_sq_of(bs), a,
	                       DESTRUCTION_COLS
	                       "JOIN request_item ri ON ri.request_id = d.request_id"
	                       " WHERE ri.carrier_id = ? ORDER BY d.id DESC LIMIT 1",
	                       carrier_id, out);
}

int bm_sq_destruction_list(bm_store *bs, bm_arena *a, bm_destruction_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_destruction_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = bm_sq_prep(s, &st, DESTRUCTION_COLS "ORDER BY d.id")) != 0)
		return rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			size_t next = cap ? cap * 2 : 8;
			bm_destruction_row *bigger = bm_arena_alloc(a, next * sizeof(*bigger));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			if (n)
				memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			cap = next;
		}
		read_destruction(a, st, &rows[n++]);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = destruction_lists(s, a, &rows[i]);
	if (rc == 0) {
		*out = rows;
		*count = n;
	}
	return rc;
}

/* ---- level decisions (LEVEL-4/7/8/9) ------------------------------------ */

int bm_sq_level_change_insert(bm_store *bs, bm_level_change_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO level_change(carrier_id, request_id, from_level,"
	                     " to_level, old_marking, new_marking, basis, reason, decided_by, at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->carrier_id);
	bm_sq_bind_id(st, 2, r->request_id);
	sqlite3_bind_int(st, 3, (int)r->from_level);
	sqlite3_bind_int(st, 4, (int)r->to_level);
	bm_sq_bind_text(st, 5, r->old_marking);
	bm_sq_bind_text(st, 6, r->new_marking);
	bm_sq_bind_text(st, 7, r->basis);
	bm_sq_bind_text(st, 8, r->reason);
	sqlite3_bind_int64(st, 9, r->decided_by);
	bm_sq_bind_text(st, 10, r->at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		r->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_level_change_list(bm_store *bs, bm_arena *a, int64_t carrier_id,
                            bm_level_change_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_level_change_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT l.id, l.carrier_id, coalesce(l.request_id, 0),"
	                     " l.from_level, l.to_level, l.old_marking, l.new_marking, l.basis,"
	                     " l.reason, l.decided_by, l.at, p.name"
	                     " FROM level_change l LEFT JOIN person p ON p.id = l.decided_by"
	                     " WHERE ?1 = 0 OR l.carrier_id = ?1 ORDER BY l.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, carrier_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bm_level_change_row *r;
		int from = sqlite3_column_int(st, 3), to = sqlite3_column_int(st, 4);
		if (n == cap) {
			size_t next = cap ? cap * 2 : 8;
			bm_level_change_row *bigger = bm_arena_alloc(a, next * sizeof(*bigger));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			if (n)
				memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			cap = next;
		}
		if (from < 0 || from >= BM_LEVEL_COUNT || to < 0 || to >= BM_LEVEL_COUNT) {
			bm_sq_release(s, st);
			return bm_error_set(BM_ECORRUPT, "corrupt_row", NULL,
			                    "密级变更记录中的密级无效",
			                    "a level change row holds an invalid level");
		}
		r = &rows[n++];
		r->id = sqlite3_column_int64(st, 0);
		r->carrier_id = sqlite3_column_int64(st, 1);
		r->request_id = sqlite3_column_int64(st, 2);
		r->from_level = (bm_level)from;
		r->to_level = (bm_level)to;
		r->old_marking = bm_sq_col_text(a, st, 5);
		r->new_marking = bm_sq_col_text(a, st, 6);
		r->basis = bm_sq_col_text(a, st, 7);
		r->reason = bm_sq_col_text(a, st, 8);
		r->decided_by = sqlite3_column_int64(st, 9);
		r->at = bm_sq_col_text(a, st, 10);
		r->decided_by_name = bm_sq_col_text(a, st, 11);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	if (rc == 0) {
		*out = rows;
		*count = n;
	}
	return rc;
}

/* ---- hand-over lists (KEEP-2) ------------------------------------------- */

int bm_sq_handover_insert(bm_store *bs, bm_handover_row *h)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO handover(unit_id, from_person_id, to_person_id, note,"
	                     " from_signature, to_signature, recorded_by, at)"
	                     " VALUES (?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, h->unit_id);
	sqlite3_bind_int64(st, 2, h->from_person_id);
	sqlite3_bind_int64(st, 3, h->to_person_id);
	bm_sq_bind_text(st, 4, h->note);
	bm_sq_bind_text(st, 5, h->from_signature);
	bm_sq_bind_text(st, 6, h->to_signature);
	sqlite3_bind_int64(st, 7, h->recorded_by);
	bm_sq_bind_text(st, 8, h->at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	h->id = sqlite3_last_insert_rowid(s->db);
	if (!h->n_carriers)
		return 0;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO handover_item(handover_id, position, carrier_id,"
	                     " doc_number, serial_number, title, level, marking)"
	                     " VALUES (?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	for (size_t i = 0; i < h->n_carriers; i++) {
		const bm_handover_item *it = h->items ? &h->items[i] : NULL;
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		sqlite3_bind_int64(st, 1, h->id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
		sqlite3_bind_int64(st, 3, h->carrier_ids[i]);
		/* KEEP-2, REG-1: the carrier as the list shows it (migration 47). */
		if (it) {
			bm_sq_bind_text(st, 4, it->doc_number);
			if (it->serial_number)
				sqlite3_bind_int(st, 5, it->serial_number);
			bm_sq_bind_text(st, 6, it->title);
			if (it->level >= 0)
				sqlite3_bind_int(st, 7, it->level);
			bm_sq_bind_text(st, 8, it->marking);
		}
		if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
			rc = bm_sq_db_fail(s, rc);
			bm_sq_release(s, st);
			return rc;
		}
	}
	bm_sq_release(s, st);
	return 0;
}

/* REG-4: each book list h is written in, its next number there. */
int bm_sq_handover_finish(bm_store *bs, const bm_handover_row *h)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bool classified = false, ordinary = false;
	int rc;

	if (h->n_devices) {
		if ((rc = bm_sq_prep(s, &st,
		                     "INSERT INTO handover_device(handover_id, position, device_id,"
		                     " number, kind, model, level) VALUES (?,?,?,?,?,?,?)")) != 0)
			return rc;
		for (size_t i = 0; i < h->n_devices; i++) {
			const bm_handover_device *d = &h->devices[i];
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			sqlite3_bind_int64(st, 1, h->id);
			sqlite3_bind_int64(st, 2, (sqlite3_int64)i + 1);
			sqlite3_bind_int64(st, 3, d->device_id);
			bm_sq_bind_text(st, 4, d->number);
			bm_sq_bind_text(st, 5, d->kind);
			bm_sq_bind_text(st, 6, d->model);
			sqlite3_bind_int(st, 7, d->level);
			if ((rc = sqlite3_step(st)) != SQLITE_DONE) {
				rc = bm_sq_db_fail(s, rc);
				bm_sq_release(s, st);
				return rc;
			}
		}
		bm_sq_release(s, st);
	}
	/* REG-4: 秘密 and above in the classified book (bm_level_is_classified). */
	for (size_t i = 0; i < h->n_carriers && h->items; i++) {
		if (h->items[i].level >= 0 && bm_level_is_classified((bm_level)h->items[i].level))
			classified = true;
		else
			ordinary = true;
	}
	for (size_t i = 0; i < h->n_devices; i++) {
		if (bm_level_is_classified((bm_level)h->devices[i].level))
			classified = true;
		else
			ordinary = true;
	}
	if (!classified && !ordinary)
		classified = true; /* nothing held: the list is still the classified book's */
	for (int k = 0; k < 2; k++) {
		const char *book = k == 0 ? "classified" : "ordinary";
		if (!(k == 0 ? classified : ordinary))
			continue;
		if ((rc = bm_sq_prep(s, &st,
		                     "INSERT INTO handover_entry(handover_id, class, seq)"
		                     " SELECT ?1, ?2, coalesce(max(seq), 0) + 1 FROM handover_entry"
		                     " WHERE class = ?2")) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, h->id);
		bm_sq_bind_text(st, 2, book);
		if ((rc = bm_sq_step_done(s, st)) != 0)
			return rc;
	}
	return 0;
}

/* The carriers of list h as handed over (migration 47). */
static int handover_items(sq_store *s, bm_arena *a, bm_handover_row *h)
{
	sqlite3_stmt *st;
	int64_t rows;
	size_t n;
	int rc;

	if ((rc = bm_sq_prep(s, &st, "SELECT count(*) FROM handover_item WHERE handover_id = ?")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, h->id);
	if ((rc = bm_sq_step_int64(s, st, &rows)) != 0)
		return rc;
	n = (size_t)rows;
	h->n_carriers = 0;
	if (!(h->items = bm_arena_alloc(a, (n ? n : 1) * sizeof(*h->items))) ||
	    !(h->carrier_ids = bm_arena_alloc(a, (n ? n : 1) * sizeof(*h->carrier_ids))))
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT carrier_id, doc_number, serial_number, title, level, marking"
	                     " FROM handover_item WHERE handover_id = ? ORDER BY position")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, h->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && h->n_carriers < n) {
		bm_handover_item *it = &h->items[h->n_carriers];
		it->carrier_id = sqlite3_column_int64(st, 0);
		it->doc_number = bm_sq_col_text(a, st, 1);
		it->serial_number = sqlite3_column_int(st, 2);
		it->title = bm_sq_col_text(a, st, 3);
		it->level =
		        sqlite3_column_type(st, 4) == SQLITE_NULL ? -1 : sqlite3_column_int(st, 4);
		it->marking = bm_sq_col_text(a, st, 5);
		h->carrier_ids[h->n_carriers++] = it->carrier_id;
	}
	rc = rc == SQLITE_DONE || rc == SQLITE_ROW ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* The devices of list h as handed over (migration 47). */
static int handover_devices(sq_store *s, bm_arena *a, bm_handover_row *h)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT device_id, number, kind, model, level FROM handover_device"
	                     " WHERE handover_id = ? ORDER BY position")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, h->id);
	h->n_devices = 0;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bm_handover_device *d;
		if (h->n_devices == cap) {
			size_t next = cap ? cap * 2 : 8;
			bm_handover_device *bigger = bm_arena_alloc(a, next * sizeof(*bigger));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			if (h->n_devices)
				memcpy(bigger, h->devices, h->n_devices * sizeof(*bigger));
			h->devices = bigger;
			cap = next;
		}
		d = &h->devices[h->n_devices++];
		d->device_id = sqlite3_column_int64(st, 0);
		d->number = bm_sq_col_text(a, st, 1);
		d->kind = bm_sq_col_text(a, st, 2);
		d->model = bm_sq_col_text(a, st, 3);
		d->level = sqlite3_column_int(st, 4);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

/* The items, devices and 登记序号 of list h (migration 47). */
static int handover_details(sq_store *s, bm_arena *a, bm_handover_row *h)
{
	sqlite3_stmt *st;
	int rc;

	if ((rc = handover_items(s, a, h)) != 0 || (rc = handover_devices(s, a, h)) != 0)
		return rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT class, seq FROM handover_entry WHERE handover_id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, h->id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const unsigned char *k = sqlite3_column_text(st, 0);
		if (k && strcmp((const char *)k, "classified") == 0)
			h->seq_classified = sqlite3_column_int64(st, 1);
		else
			h->seq_ordinary = sqlite3_column_int64(st, 1);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	return rc;
}

static void handover_columns(bm_arena *a, sqlite3_stmt *st, bm_handover_row *h)
{
	memset(h, 0, sizeof(*h));
	h->id = sqlite3_column_int64(st, 0);
	h->unit_id = sqlite3_column_int64(st, 1);
	h->from_person_id = sqlite3_column_int64(st, 2);
	h->to_person_id = sqlite3_column_int64(st, 3);
	h->note = bm_sq_col_text(a, st, 4);
	h->from_signature = bm_sq_col_text(a, st, 5);
	h->to_signature = bm_sq_col_text(a, st, 6);
	h->recorded_by = sqlite3_column_int64(st, 7);
	h->at = bm_sq_col_text(a, st, 8);
}

int bm_sq_handover_get(bm_store *bs, bm_arena *a, int64_t id, bm_handover_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_handover_row *h;
	int rc;

	if (!(h = bm_arena_alloc(a, sizeof(*h))))
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id, unit_id, from_person_id, to_person_id, note,"
	                     " from_signature, to_signature, recorded_by, at FROM handover"
	                     " WHERE id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		handover_columns(a, st, h);
	bm_sq_release(s, st);
	if (rc == SQLITE_DONE)
		return bm_error_set(BM_ENOTFOUND, "unknown_handover", NULL, "没有移交记录 %lld",
		                    "no hand-over %lld", (long long)id);
	if (rc != SQLITE_ROW)
		return bm_sq_db_fail(s, rc);
	if ((rc = handover_details(s, a, h)) != 0)
		return rc;
	*out = h;
	return 0;
}

int bm_sq_handover_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_handover_row **out,
                        size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_handover_row *rows = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id, unit_id, from_person_id, to_person_id, note,"
	                     " from_signature, to_signature, recorded_by, at FROM handover"
	                     " WHERE ?1 = 0 OR from_person_id = ?1 OR to_person_id = ?1"
	                     " ORDER BY id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		bm_handover_row *h;
		if (n == cap) {
			size_t next = cap ? cap * 2 : 8;
			bm_handover_row *bigger = bm_arena_alloc(a, next * sizeof(*bigger));
			if (!bigger) {
				bm_sq_release(s, st);
				return bm_error_nomem();
			}
			if (n)
				memcpy(bigger, rows, n * sizeof(*rows));
			rows = bigger;
			cap = next;
		}
		h = &rows[n++];
		handover_columns(a, st, h);
	}
	rc = rc == SQLITE_DONE ? 0 : bm_sq_db_fail(s, rc);
	bm_sq_release(s, st);
	for (size_t i = 0; rc == 0 && i < n; i++)
		rc = handover_details(s, a, &rows[i]);
	if (rc == 0) {
		*out = rows;
		*count = n;
	}
	return rc;
}

/* ---- departures (PERSON-4) ---------------------------------------------- */

int bm_sq_departure_insert(bm_store *bs, bm_departure_row *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO departure(person_id, left_on, decl_until,"
	                     " person_class, recorded_by, at) VALUES (?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->person_id);
	bm_sq_bind_text(st, 2, d->left_on);
	bm_sq_bind_text(st, 3, d->decl_until);
	bm_sq_bind_text(st, 4, bm_class_names[d->person_class].code);
	sqlite3_bind_int64(st, 5, d->recorded_by);
	bm_sq_bind_text(st, 6, d->at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		d->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_departure_last(bm_store *bs, bm_arena *a, int64_t person_id, bm_departure_row **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bm_departure_row *d;
	int rc, cls;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT id, person_id, left_on, decl_until, person_class,"
	                     " recorded_by, at FROM departure WHERE person_id = ?"
	                     " ORDER BY id DESC LIMIT 1")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = bm_error_set(BM_ENOTFOUND, "no_departure", NULL,
		                  "person %lld has no departure record",
		                  "person %lld has no departure record", (long long)person_id);
	} else if (rc != SQLITE_ROW) {
		rc = bm_sq_db_fail(s, rc);
	} else if (!(d = bm_arena_alloc(a, sizeof(*d)))) {
		rc = bm_error_nomem();
	} else if ((rc = bm_sq_col_vocab(st, 4, bm_class_names, BM_CLASS_COUNT, &cls)) == 0) {
		d->id = sqlite3_column_int64(st, 0);
		d->person_id = sqlite3_column_int64(st, 1);
		d->left_on = bm_sq_col_text(a, st, 2);
		d->decl_until = bm_sq_col_text(a, st, 3);
		d->person_class = (bm_class)cls;
		d->recorded_by = sqlite3_column_int64(st, 5);
		d->at = bm_sq_col_text(a, st, 6);
		*out = d;
	}
	bm_sq_release(s, st);
	return rc;
}

/* ---- carrier queries ---------------------------------------------------- */

int bm_sq_carrier_linked(bm_store *bs, bm_arena *a, bm_carrier_link link, int64_t id, int64_t **ids,
                         size_t *count)
{
	static const char *const sql[] = {
	        [BM_LINK_COPY_OF] = "SELECT id FROM carrier WHERE copy_of = ? ORDER BY id",
	        [BM_LINK_EXTRACT_OF] = "SELECT id FROM carrier WHERE extract_of = ? ORDER BY id",
	        [BM_LINK_VOLUME] = "SELECT id FROM carrier WHERE volume_id = ? ORDER BY id",
	        /* One statement in two pieces: parenthesised, clang sees no missing comma. */
	        [BM_LINK_CUSTODIAN] = ("SELECT id FROM carrier WHERE custodian_id = ?"
	                               " AND status NOT IN ('destroyed', 'returned') ORDER BY id"),
	};
	if ((unsigned)link >= BM_ARRAY_LEN(sql))
		return bm_error_set(BM_EINVALID, "invalid_link", NULL, "未知的载体关联",
		                    "unknown carrier link");
	return ids_for(bm_sq_of(bs), a, sql[link], id, ids, count);
}

int bm_sq_carrier_max_serial(bm_store *bs, int64_t unit_id, const char *doc_number, int *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int64_t serial;
	int rc;

	if ((rc = bm_sq_prep(s, &st,
	                     "SELECT coalesce(max(serial_number), 0) FROM carrier"
	                     " WHERE unit_id = ? AND doc_number = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, doc_number);
	if ((rc = bm_sq_step_int64(s, st, &serial)) == 0)
		*out = (int)serial;
	return rc;
}
