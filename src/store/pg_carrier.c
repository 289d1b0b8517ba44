/*
 * pg_carrier.c — carriers in the PostgreSQL back end (issue 12): a carrier's row, its
 * scope (知悉范围), its marking and its history, with the SQL of sqlite.c's carrier
 * section. The ledger's query, search and SYS-2 are pg_ledger.c's.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

#define CARRIER_COLS BM_PG_CARRIER_COLS
#define CARRIER_FROM " FROM carrier c" BM_PG_CARRIER_JOINS

static int unknown_carrier(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
	                    "carrier %lld does not exist", (long long)id);
}

int bm_pg_read_carrier(bm_arena *a, PGresult *r, int i, bm_carrier *c)
{
	int v, rc;
	memset(c, 0, sizeof(*c));
	c->id = bm_pg_i64(r, i, 0);
	c->unit_id = bm_pg_i64(r, i, 1);
	if ((rc = bm_pg_vocab(r, i, 2, bm_kind_names, BM_KIND_COUNT, &v)) != 0)
		return rc;
	c->kind = (bm_kind)v;
	c->title = bm_pg_text(a, r, i, 3);
	c->doc_number = bm_pg_text(a, r, i, 4);
	c->serial_number = (int)bm_pg_i64(r, i, 5);
	c->pages = (int)bm_pg_i64(r, i, 6);
	c->copies = (int)bm_pg_i64(r, i, 7);
	c->producer = bm_pg_text(a, r, i, 8);
	c->sender = bm_pg_text(a, r, i, 9);
	c->level = (bm_level)bm_pg_i64(r, i, 10);
	c->original_level = (bm_level)bm_pg_i64(r, i, 11);
	if ((rc = bm_pg_vocab(r, i, 12, bm_period_kind_names, BM_PERIOD_COUNT, &v)) != 0)
		return rc;
	c->period_kind = (bm_period_kind)v;
	c->period_years = (int)bm_pg_i64(r, i, 13);
	c->period_until = bm_pg_text(a, r, i, 14);
	c->period_event = bm_pg_text(a, r, i, 15);
	c->review_date = bm_pg_text(a, r, i, 16);
	c->period_start = bm_pg_text(a, r, i, 17);
	if ((rc = bm_pg_vocab(r, i, 18, bm_origin_names, BM_ORIGIN_COUNT, &v)) != 0)
		return rc;
	c->origin = (bm_origin)v;
	if ((rc = bm_pg_vocab(r, i, 19, bm_urgency_names, BM_URGENCY_COUNT, &v)) != 0)
		return rc;
	c->urgency = (bm_urgency)v;
	c->received_on = bm_pg_text(a, r, i, 20);
	c->registered_at = bm_pg_text(a, r, i, 21);
	c->department_id = bm_pg_i64(r, i, 22);
	c->custodian_id = bm_pg_i64(r, i, 23);
	c->place_id = bm_pg_i64(r, i, 24);
	if ((rc = bm_pg_vocab(r, i, 25, bm_status_names, BM_STATUS_COUNT, &v)) != 0)
		return rc;
	c->status = (bm_status)v;
	c->copy_of = bm_pg_i64(r, i, 26);
	c->extract_of = bm_pg_i64(r, i, 27);
	c->volume_id = bm_pg_i64(r, i, 28);
	c->note = bm_pg_text(a, r, i, 29);
	c->registered_by = bm_pg_i64(r, i, 30);
	c->updated_at = bm_pg_text(a, r, i, 31);
	c->custodian_name = bm_pg_text(a, r, i, 32);
	c->place_name = bm_pg_text(a, r, i, 33);
	c->department_name = bm_pg_text(a, r, i, 34);
	c->keep_reason = bm_pg_text(a, r, i, 35);
	c->keep_approver_id = bm_pg_i64(r, i, 36);
	c->keep_until = bm_pg_text(a, r, i, 37);
	c->keep_approver_name = bm_pg_text(a, r, i, 38);
	c->original_marking = bm_pg_text(a, r, i, 39);
	c->original_marking_en = bm_pg_text(a, r, i, 40);
	c->marking_changed_on = bm_pg_text(a, r, i, 41);
	c->declassified = bm_pg_i64(r, i, 42) != 0;
	c->classifier_id = bm_pg_i64(r, i, 43);
	c->classification_basis = bm_pg_text(a, r, i, 44);
	c->classifier_name = bm_pg_text(a, r, i, 45);
	return 0;
}

/* The writable carrier columns as $1..$36, in the order of the INSERT/UPDATE below. */
static void carrier_params(bm_pg_params *p, const bm_carrier *c)
{
	bm_pg_p_i64(p, c->unit_id);
	bm_pg_p_text(p, bm_kind_names[c->kind].code);
	bm_pg_p_text(p, c->title);
	bm_pg_p_text(p, c->doc_number);
	bm_pg_p_id(p, c->serial_number); /* 0: NULL */
	bm_pg_p_i64(p, c->pages);
	bm_pg_p_i64(p, c->copies > 0 ? c->copies : 1);
	bm_pg_p_text(p, c->producer);
	bm_pg_p_text(p, c->sender);
	bm_pg_p_i64(p, (int64_t)c->level);
	bm_pg_p_i64(p, (int64_t)c->original_level);
	bm_pg_p_text(p, bm_period_kind_names[c->period_kind].code);
	if (c->period_kind == BM_PERIOD_YEARS)
		bm_pg_p_i64(p, c->period_years);
	else
		bm_pg_p_text(p, NULL);
	bm_pg_p_text(p, c->period_until);
	bm_pg_p_text(p, c->period_event);
	bm_pg_p_text(p, c->review_date);
	bm_pg_p_text(p, c->period_start);
	bm_pg_p_text(p, bm_origin_names[c->origin].code);
	bm_pg_p_text(p, bm_urgency_names[c->urgency].code);
	bm_pg_p_text(p, c->received_on);
	bm_pg_p_text(p, c->registered_at);
	bm_pg_p_id(p, c->department_id);
	bm_pg_p_id(p, c->custodian_id);
	bm_pg_p_id(p, c->place_id);
	bm_pg_p_text(p, bm_status_names[c->status].code);
	bm_pg_p_id(p, c->copy_of);
	bm_pg_p_id(p, c->extract_of);
	bm_pg_p_id(p, c->volume_id);
	bm_pg_p_text(p, c->note);
	bm_pg_p_id(p, c->registered_by);
	bm_pg_p_text(p, c->updated_at);
	bm_pg_p_text(p, c->keep_reason);
	bm_pg_p_id(p, c->keep_approver_id);
	bm_pg_p_text(p, c->keep_until);
	bm_pg_p_id(p, c->classifier_id);
	bm_pg_p_text(p, c->classification_basis);
}

/* The scope replaced whole; its entries in the given order (ord, as SQLite's rowid). */
static int write_scope(pg_store *s, int64_t carrier_id, const bm_scope_entry *scope, size_t n)
{
	bm_pg_params p = {0};
	int rc;
	bm_pg_p_i64(&p, carrier_id);
	if ((rc = bm_pg_run(s, "DELETE FROM carrier_scope WHERE carrier_id = $1", &p)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_pg_params q = {0};
		bm_pg_p_i64(&q, carrier_id);
		bm_pg_p_id(&q, scope[i].person_id);
		bm_pg_p_id(&q, scope[i].department_id);
		if ((rc = bm_pg_run(
		             s,
		             "INSERT INTO carrier_scope(carrier_id, person_id, department_id)"
		             " VALUES ($1,$2,$3)",
		             &q)) != 0)
			return rc;
	}
	return 0;
}

static int pg_carrier_insert(bm_store *bs, bm_carrier *c)
{
	bm_pg_params p = {0};
	int rc;
	carrier_params(&p, c);
	if ((rc = bm_pg_insert_id(
	             bm_pg_of(bs),
	             "INSERT INTO carrier(unit_id, kind, title, doc_number, serial_number, pages,"
	             " copies, producer, sender, level, original_level, period_kind, period_years,"
	             " period_until, period_event, review_date, period_start, origin, urgency,"
	             " received_on, registered_at, department_id, custodian_id, place_id, status,"
	             " copy_of, extract_of, volume_id, note, registered_by, updated_at,"
	             " keep_reason, keep_approver_id, keep_until, classifier_id,"
	             " classification_basis) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,"
	             "$14,$15,$16,$17,$18,$19,$20,$21,$22,$23,$24,$25,$26,$27,$28,$29,$30,$31,$32,"
	             "$33,$34,$35,$36) RETURNING id",
	             &p, &c->id)) != 0)
		return rc;
	return write_scope(bm_pg_of(bs), c->id, c->scope, c->n_scope);
}

static int pg_carrier_update(bm_store *bs, const bm_carrier *c)
{
	bm_pg_params p = {0};
	PGresult *r;
	int n, rc;
	carrier_params(&p, c);
	bm_pg_p_i64(&p, c->id);
	if ((rc = bm_pg_query(
	             bm_pg_of(bs),
	             "UPDATE carrier SET unit_id=$1, kind=$2, title=$3, doc_number=$4,"
	             " serial_number=$5, pages=$6, copies=$7, producer=$8, sender=$9, level=$10,"
	             " original_level=$11, period_kind=$12, period_years=$13, period_until=$14,"
	             " period_event=$15, review_date=$16, period_start=$17, origin=$18,"
	             " urgency=$19, received_on=$20, registered_at=$21, department_id=$22,"
	             " custodian_id=$23, place_id=$24, status=$25, copy_of=$26, extract_of=$27,"
	             " volume_id=$28, note=$29, registered_by=$30, updated_at=$31,"
	             " keep_reason=$32, keep_approver_id=$33, keep_until=$34,"
	             " classifier_id=$35, classification_basis=$36 WHERE id=$37 RETURNING id",
	             &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	PQclear(r);
	if (!n)
		return unknown_carrier(c->id);
	return write_scope(bm_pg_of(bs), c->id, c->scope, c->n_scope);
}

static int pg_carrier_marking_set(bm_store *bs, const bm_carrier *c)
{
	bm_pg_params p = {0};
	if (!c->original_marking || !c->original_marking_en || !c->marking_changed_on)
		return bm_error_set(BM_EINVALID, "marking_incomplete", NULL,
		                    "载体 %lld 的原标志或变更日期缺失",
		                    "carrier %lld: the original marking or the date is missing",
		                    (long long)c->id);
	bm_pg_p_i64(&p, c->id);
	bm_pg_p_text(&p, c->original_marking);
	bm_pg_p_text(&p, c->original_marking_en);
	bm_pg_p_text(&p, c->marking_changed_on);
	bm_pg_p_i64(&p, c->declassified ? 1 : 0);
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO carrier_marking(carrier_id, original_marking,"
	                 " original_marking_en, changed_on, declassified) VALUES ($1,$2,$3,$4,$5)"
	                 " ON CONFLICT (carrier_id) DO UPDATE SET original_marking ="
	                 " EXCLUDED.original_marking, original_marking_en ="
	                 " EXCLUDED.original_marking_en, changed_on = EXCLUDED.changed_on,"
	                 " declassified = EXCLUDED.declassified",
	                 &p);
}

/* The scope in the order written (ctid: the rows of one write_scope, in insertion order). */
static int load_scope(pg_store *s, bm_arena *a, bm_carrier *c)
{
	bm_pg_params p = {0};
	PGresult *r;
	int n, rc;
	bm_pg_p_i64(&p, c->id);
	if ((rc = bm_pg_query(s,
	                      "SELECT coalesce(person_id, 0), coalesce(department_id, 0)"
	                      " FROM carrier_scope WHERE carrier_id = $1 ORDER BY ctid",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(c->scope = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*c->scope)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		c->scope[i].person_id = bm_pg_i64(r, i, 0);
		c->scope[i].department_id = bm_pg_i64(r, i, 1);
	}
	c->n_scope = (size_t)n;
	PQclear(r);
	return 0;
}

static int pg_carrier_get(bm_store *bs, bm_arena *a, int64_t id, bm_carrier **out)
{
	bm_pg_params p = {0};
	bm_carrier *c;
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(bm_pg_of(bs), "SELECT " CARRIER_COLS CARRIER_FROM " WHERE c.id = $1",
	                      &p, &r)) != 0)
		return rc;
	if (PQntuples(r) == 0)
		rc = unknown_carrier(id);
	else if (!(c = bm_arena_alloc(a, sizeof(*c))))
		rc = bm_error_nomem();
	else if ((rc = bm_pg_read_carrier(a, r, 0, c)) == 0 &&
	         (rc = load_scope(bm_pg_of(bs), a, c)) == 0)
		*out = c;
	PQclear(r);
	return rc;
}

static int pg_carrier_serial_taken(bm_store *bs, int64_t unit_id, const char *doc_number,
                                   int serial_number, bool *out)
{
	bm_pg_params p = {0};
	PGresult *r;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, doc_number);
	bm_pg_p_i64(&p, serial_number);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT 1 FROM carrier WHERE unit_id = $1 AND doc_number = $2"
	                      " AND serial_number = $3",
	                      &p, &r)) != 0)
		return rc;
	*out = PQntuples(r) > 0;
	PQclear(r);
	return 0;
}

static int pg_carrier_event_insert(bm_store *bs, bm_carrier_event *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->carrier_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->action);
	bm_pg_p_text(&p, e->detail ? e->detail : "{}");
	return bm_pg_insert_id(bm_pg_of(bs),
	                       "INSERT INTO carrier_event(carrier_id, at, actor_id, action, detail)"
	                       " VALUES ($1,$2,$3,$4,$5) RETURNING id",
	                       &p, &e->id);
}

static int pg_carrier_event_list(bm_store *bs, bm_arena *a, int64_t carrier_id,
                                 bm_carrier_event **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_carrier_event *items;
	PGresult *r;
	int n, rc;
	bm_pg_p_i64(&p, carrier_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT id, carrier_id, at, coalesce(actor_id, 0), action, detail"
	                      " FROM carrier_event WHERE carrier_id = $1 ORDER BY id",
	                      &p, &r)) != 0)
		return rc;
	n = PQntuples(r);
	if (!(items = bm_arena_alloc(a, (size_t)(n ? n : 1) * sizeof(*items)))) {
		PQclear(r);
		return bm_error_nomem();
	}
	for (int i = 0; i < n; i++) {
		memset(&items[i], 0, sizeof(items[i]));
		items[i].id = bm_pg_i64(r, i, 0);
		items[i].carrier_id = bm_pg_i64(r, i, 1);
		items[i].at = bm_pg_text(a, r, i, 2);
		items[i].actor_id = bm_pg_i64(r, i, 3);
		items[i].action = bm_pg_text(a, r, i, 4);
		items[i].detail = bm_pg_text(a, r, i, 5);
	}
	PQclear(r);
	*out = items;
	*count = (size_t)n;
	return 0;
}

void bm_pg_carrier_ops(struct bm_store_ops *ops)
{
	ops->carrier_insert = pg_carrier_insert;
	ops->carrier_update = pg_carrier_update;
	ops->carrier_marking_set = pg_carrier_marking_set;
	ops->carrier_get = pg_carrier_get;
	ops->carrier_serial_taken = pg_carrier_serial_taken;
	ops->carrier_event_insert = pg_carrier_event_insert;
	ops->carrier_event_list = pg_carrier_event_list;
}
