/*
 * pg_handover.c — the kept hand-over lists on PostgreSQL (KEEP-2, REG-1,
 * REG-4; issue 12): sqlite_records.c's hand-over operations, translated.
 * A list is written whole: its carriers as the list showed them
 * (handover_item's copies of 文号, 份号, 标题, level and marking,
 * pg_schema_7.sql), its devices as they were (handover_device) and its
 * 登记序号 in the classified and/or ordinary book of the 移交登记簿
 * (handover_entry). Every write runs after pg_begin took the chain's head,
 * so two servers numbering a book queue there: max(seq) + 1 is read by one
 * writer at a time, and UNIQUE (class, seq) stands behind it.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

static int pg_handover_insert(bm_store *bs, bm_handover_row *h)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	int rc;
	bm_pg_p_i64(&p, h->unit_id);
	bm_pg_p_i64(&p, h->from_person_id);
	bm_pg_p_i64(&p, h->to_person_id);
	bm_pg_p_text(&p, h->note);
	bm_pg_p_text(&p, h->from_signature);
	bm_pg_p_text(&p, h->to_signature);
	bm_pg_p_i64(&p, h->recorded_by);
	bm_pg_p_text(&p, h->at);
	if ((rc = bm_pg_insert_id(s,
	                          "INSERT INTO handover(unit_id, from_person_id, to_person_id,"
	                          " note, from_signature, to_signature, recorded_by, at)"
	                          " VALUES ($1,$2,$3,$4,$5,$6,$7,$8) RETURNING id",
	                          &p, &h->id)) != 0)
		return rc;
	for (size_t i = 0; i < h->n_carriers; i++) {
		const bm_handover_item *it = h->items ? &h->items[i] : NULL;
		bm_pg_params q = {0};
		bm_pg_p_i64(&q, h->id);
		bm_pg_p_i64(&q, (int64_t)i + 1);
		bm_pg_p_i64(&q, h->carrier_ids[i]);
		/* KEEP-2, REG-1: the carrier as the list shows it. */
		bm_pg_p_text(&q, it ? it->doc_number : NULL);
		if (it && it->serial_number)
			bm_pg_p_i64(&q, it->serial_number);
		else
			bm_pg_p_text(&q, NULL);
		bm_pg_p_text(&q, it ? it->title : NULL);
		if (it && it->level >= 0)
			bm_pg_p_i64(&q, it->level);
		else
			bm_pg_p_text(&q, NULL);
		bm_pg_p_text(&q, it ? it->marking : NULL);
		if ((rc = bm_pg_run(s,
		                    "INSERT INTO handover_item(handover_id, position, carrier_id,"
		                    " doc_number, serial_number, title, level, marking)"
		                    " VALUES ($1,$2,$3,$4,$5,$6,$7,$8)",
		                    &q)) != 0)
			return rc;
	}
	return 0;
}

/* REG-4: each book list h is written in, its next number there. */
static int pg_handover_finish(bm_store *bs, const bm_handover_row *h)
{
	pg_store *s = bm_pg_of(bs);
	bool classified = false, ordinary = false;
	int rc;

	for (size_t i = 0; i < h->n_devices; i++) {
		const bm_handover_device *d = &h->devices[i];
		bm_pg_params p = {0};
		bm_pg_p_i64(&p, h->id);
		bm_pg_p_i64(&p, (int64_t)i + 1);
		bm_pg_p_i64(&p, d->device_id);
		bm_pg_p_text(&p, d->number);
		bm_pg_p_text(&p, d->kind);
		bm_pg_p_text(&p, d->model);
		bm_pg_p_i64(&p, d->level);
		if ((rc = bm_pg_run(s,
		                    "INSERT INTO handover_device(handover_id, position, device_id,"
		                    " number, kind, model, level) VALUES ($1,$2,$3,$4,$5,$6,$7)",
		                    &p)) != 0)
			return rc;
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
		bm_pg_params p = {0};
		if (!(k == 0 ? classified : ordinary))
			continue;
		bm_pg_p_i64(&p, h->id);
		bm_pg_p_text(&p, k == 0 ? "classified" : "ordinary");
		if ((rc = bm_pg_run(
		             s,
		             "INSERT INTO handover_entry(handover_id, class, seq)"
		             " SELECT $1, $2::text, coalesce(max(seq), 0) + 1 FROM handover_entry"
		             " WHERE class = $2::text",
		             &p)) != 0)
			return rc;
	}
	return 0;
}

/* The carriers of list h as handed over, in order. */
static int handover_items(pg_store *s, bm_arena *a, bm_handover_row *h)
{
	bm_pg_params p = {0};
	PGresult *r;
	int n, rc;

	bm_pg_p_i64(&p, h->id);
	if ((rc = bm_pg_query(s,
	                      "SELECT carrier_id, doc_number, serial_number, title, level, marking"
	                      " FROM handover_item WHERE handover_id = $1 ORDER BY position",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	h->n_carriers = 0;
	if (!(h->items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*h->items))) ||
	    !(h->carrier_ids = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*h->carrier_ids)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_handover_item *it = &h->items[i];
		memset(it, 0, sizeof(*it));
		it->carrier_id = bm_pg_i64(r, i, 0);
		it->doc_number = bm_pg_text(a, r, i, 1);
		it->serial_number = (int)bm_pg_i64(r, i, 2);
		it->title = bm_pg_text(a, r, i, 3);
		it->level = bm_pg_null(r, i, 4) ? -1 : (int)bm_pg_i64(r, i, 4);
		it->marking = bm_pg_text(a, r, i, 5);
		h->carrier_ids[i] = it->carrier_id;
	}
	h->n_carriers = (size_t)n;
	PQclear(r);
	return 0;
}

/* The devices of list h as handed over, in order. */
static int handover_devices(pg_store *s, bm_arena *a, bm_handover_row *h)
{
	bm_pg_params p = {0};
	PGresult *r;
	int n, rc;

	bm_pg_p_i64(&p, h->id);
	if ((rc = bm_pg_query(s,
	                      "SELECT device_id, number, kind, model, level FROM handover_device"
	                      " WHERE handover_id = $1 ORDER BY position",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	h->n_devices = 0;
	h->devices = NULL;
	if (n && !(h->devices = bm_arena_alloc(a, (size_t)n * sizeof(*h->devices)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		bm_handover_device *d = &h->devices[i];
		memset(d, 0, sizeof(*d));
		d->device_id = bm_pg_i64(r, i, 0);
		d->number = bm_pg_text(a, r, i, 1);
		d->kind = bm_pg_text(a, r, i, 2);
		d->model = bm_pg_text(a, r, i, 3);
		d->level = (int)bm_pg_i64(r, i, 4);
	}
	h->n_devices = (size_t)n;
	PQclear(r);
	return 0;
}

/* The items, devices and 登记序号 of list h. */
static int handover_details(pg_store *s, bm_arena *a, bm_handover_row *h)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;

	if ((rc = handover_items(s, a, h)) != 0 || (rc = handover_devices(s, a, h)) != 0)
		return rc;
	bm_pg_p_i64(&p, h->id);
	if ((rc = bm_pg_query(s, "SELECT class, seq FROM handover_entry WHERE handover_id = $1", &p,
	                      &r)) != 0)
		return rc;
	for (int i = 0; i < PQntuples(r); i++) {
		if (strcmp(PQgetvalue(r, i, 0), "classified") == 0)
			h->seq_classified = bm_pg_i64(r, i, 1);
		else
			h->seq_ordinary = bm_pg_i64(r, i, 1);
	}
	PQclear(r);
	return 0;
}

#define HANDOVER_COLS                                                                              \
	"SELECT id, unit_id, from_person_id, to_person_id, note, from_signature, to_signature,"    \
	" recorded_by, at FROM handover"

static void handover_columns(bm_arena *a, PGresult *r, int i, bm_handover_row *h)
{
	memset(h, 0, sizeof(*h));
	h->id = bm_pg_i64(r, i, 0);
	h->unit_id = bm_pg_i64(r, i, 1);
	h->from_person_id = bm_pg_i64(r, i, 2);
	h->to_person_id = bm_pg_i64(r, i, 3);
	h->note = bm_pg_text(a, r, i, 4);
	h->from_signature = bm_pg_text(a, r, i, 5);
	h->to_signature = bm_pg_text(a, r, i, 6);
	h->recorded_by = bm_pg_i64(r, i, 7);
	h->at = bm_pg_text(a, r, i, 8);
}

static int pg_handover_get(bm_store *bs, bm_arena *a, int64_t id, bm_handover_row **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_handover_row *h;
	PGresult *r;
	int rc;

	if (!(h = bm_arena_alloc(a, sizeof(*h))))
		return bm_error_nomem();
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(s, HANDOVER_COLS " WHERE id = $1", &p, &r)) != 0)
		return rc;
	if (PQntuples(r) != 1) {
		PQclear(r);
		return bm_error_set(BM_ENOTFOUND, "unknown_handover", NULL, "没有移交记录 %lld",
		                    "no hand-over %lld", (long long)id);
	}
	handover_columns(a, r, 0, h);
	PQclear(r);
	if ((rc = handover_details(s, a, h)) != 0)
		return rc;
	*out = h;
	return 0;
}

static int pg_handover_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_handover_row **out,
                            size_t *count)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bm_handover_row *rows;
	PGresult *r;
	int n, rc;

	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(s,
	                      HANDOVER_COLS " WHERE $1::bigint = 0 OR from_person_id = $1"
	                                    " OR to_person_id = $1 ORDER BY id",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(rows = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*rows)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++)
		handover_columns(a, r, i, &rows[i]);
	PQclear(r);
	for (int i = 0; i < n; i++)
		if ((rc = handover_details(s, a, &rows[i])) != 0)
			return rc;
	*out = rows;
	*count = (size_t)n;
	return 0;
}

void bm_pg_handover_ops(struct bm_store_ops *ops)
{
	ops->handover_insert = pg_handover_insert;
	ops->handover_list = pg_handover_list;
	ops->handover_get = pg_handover_get;
	ops->handover_finish = pg_handover_finish;
}
