/*
 * pg_device.c — the device and media register (涉密设备与存储介质, DEV-1..7) in the
 * PostgreSQL back end (issue 12), with the SQL of sqlite_device.c; store.h says the
 * contract of each operation. The tables are PostgreSQL migration 1's twins of SQLite 26,
 * 27 and 36 (SQLite keeps no trigger on them, so neither does PostgreSQL).
 *
 * Changing a device twice. A use case that changes a device (level, holder, repair,
 * password, label, scrapping) reads it, lets the policy decide on what it read (DEV-6: a
 * scrapped device is never changed again) and writes it back. On SQLite the single writer
 * makes that one step; here several servers may share the database (issue 12 point 2), so
 * device_get in a write transaction takes the chain's head and then the device's row
 * (FOR UPDATE, held to the commit), as pg_workflow.c's request_get does: a second server
 * scrapping the same device waits there, re-reads the row the first committed and is
 * refused by the service's own check (DEV-6, `device_scrapped`). A read snapshot locks nothing.
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

static int device_not_found(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "not_found", NULL, "设备 %lld 不存在",
	                    "device %lld does not exist", (long long)id);
}

/* The number is the unit's own: a second device with it is a conflict. */
static int number_taken(pg_store *s, int64_t unit_id, const char *number, int64_t id, bool *out)
{
	bm_pg_params p = {0};
	PGresult *res;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, number);
	bm_pg_p_i64(&p, id);
	if ((rc = bm_pg_query(s,
	                      "SELECT count(*) FROM device WHERE unit_id = $1 AND number = $2"
	                      " AND id <> $3",
	                      &p, &res)) != 0)
		return rc;
	*out = PQntuples(res) == 1 && bm_pg_i64(res, 0, 0) > 0;
	PQclear(res);
	return 0;
}

static int pg_device_insert(bm_store *bs, bm_device *d)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	bool taken = false;
	int rc;
	if ((rc = number_taken(s, d->unit_id, d->number, 0, &taken)) != 0)
		return rc;
	if (taken)
		return bm_error_set(BM_ECONFLICT, "number_taken", NULL, "编号 '%s' 已登记",
		                    "number '%s' is already registered", d->number);
	bm_pg_p_i64(&p, d->unit_id);
	bm_pg_p_text(&p, d->number);
	bm_pg_p_text(&p, bm_device_kind_names[d->kind].code);
	bm_pg_p_text(&p, d->model);
	bm_pg_p_text(&p, d->serial);
	bm_pg_p_i64(&p, (int64_t)d->level);
	bm_pg_p_id(&p, d->holder_id);
	bm_pg_p_id(&p, d->operator_id);
	bm_pg_p_text(&p, d->place);
	bm_pg_p_text(&p, bm_device_status_names[d->status].code);
	bm_pg_p_bool(&p, d->encrypted);
	bm_pg_p_text(&p, d->password_changed_on);
	bm_pg_p_id(&p, d->carrier_id);
	bm_pg_p_text(&p, d->note);
	bm_pg_p_text(&p, d->created_at);
	bm_pg_p_text(&p, d->updated_at);
	return bm_pg_insert_id(s,
	                       "INSERT INTO device(unit_id, number, kind, model, serial, level,"
	                       " holder_id, operator_id, place, status, encrypted,"
	                       " password_changed_on, carrier_id, note, created_at, updated_at)"
	                       " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)"
	                       " RETURNING id",
	                       &p, &d->id);
}

static int pg_device_update(bm_store *bs, const bm_device *d)
{
	bm_pg_params p = {0};
	bool changed;
	int rc;
	bm_pg_p_text(&p, d->model);
	bm_pg_p_text(&p, d->serial);
	bm_pg_p_i64(&p, (int64_t)d->level);
	bm_pg_p_id(&p, d->holder_id);
	bm_pg_p_id(&p, d->operator_id);
	bm_pg_p_text(&p, d->place);
	bm_pg_p_text(&p, bm_device_status_names[d->status].code);
	bm_pg_p_bool(&p, d->encrypted);
	bm_pg_p_text(&p, d->password_changed_on);
	bm_pg_p_id(&p, d->carrier_id);
	bm_pg_p_text(&p, d->note);
	bm_pg_p_text(&p, d->updated_at);
	bm_pg_p_text(&p, d->label_affixed_on);
	bm_pg_p_id(&p, d->label_affixed_by);
	if (d->label_affixed_on && d->label_level >= 0)
		bm_pg_p_i64(&p, d->label_level);
	else
		bm_pg_p_text(&p, NULL);
	bm_pg_p_id(&p, d->label_holder_id);
	bm_pg_p_i64(&p, d->id);
	if ((rc = bm_pg_changed(bm_pg_of(bs),
	                        "UPDATE device SET model = $1, serial = $2, level = $3,"
	                        " holder_id = $4, operator_id = $5, place = $6, status = $7,"
	                        " encrypted = $8, password_changed_on = $9, carrier_id = $10,"
	                        " note = $11, updated_at = $12, label_affixed_on = $13,"
	                        " label_affixed_by = $14, label_level = $15, label_holder_id = $16"
	                        " WHERE id = $17 RETURNING id",
	                        &p, &changed)) != 0)
		return rc;
	return changed ? 0 : device_not_found(d->id);
}

#define DEVICE_COLS                                                                                \
	"SELECT d.id, d.unit_id, d.number, d.kind, d.model, d.serial, d.level,"                    \
	" coalesce(d.holder_id, 0), coalesce(d.operator_id, 0), d.place, d.status, d.encrypted,"   \
	" d.password_changed_on, coalesce(d.carrier_id, 0), d.note, d.created_at, d.updated_at,"   \
	" h.name, o.name, d.label_affixed_on, coalesce(d.label_affixed_by, 0),"                    \
	" coalesce(d.label_level, -1), coalesce(d.label_holder_id, 0), l.name"                     \
	" FROM device d LEFT JOIN person h ON h.id = d.holder_id"                                  \
	" LEFT JOIN person o ON o.id = d.operator_id LEFT JOIN person l ON l.id = "                \
	"d.label_affixed_by"

static int read_device(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_device *d = item;
	int kind = 0, status = 0, rc;
	if ((rc = bm_pg_vocab(res, i, 3, bm_device_kind_names, BM_DEVICE_KIND_COUNT, &kind)) != 0 ||
	    (rc = bm_pg_vocab(res, i, 10, bm_device_status_names, BM_DEVICE_STATUS_COUNT,
	                      &status)) != 0)
		return rc;
	d->id = bm_pg_i64(res, i, 0);
	d->unit_id = bm_pg_i64(res, i, 1);
	d->number = bm_pg_text(a, res, i, 2);
	d->kind = (bm_device_kind)kind;
	d->model = bm_pg_text(a, res, i, 4);
	d->serial = bm_pg_text(a, res, i, 5);
	d->level = (bm_level)bm_pg_i64(res, i, 6);
	d->holder_id = bm_pg_i64(res, i, 7);
	d->operator_id = bm_pg_i64(res, i, 8);
	d->place = bm_pg_text(a, res, i, 9);
	d->status = (bm_device_status)status;
	d->encrypted = bm_pg_i64(res, i, 11) != 0;
	d->password_changed_on = bm_pg_text(a, res, i, 12);
	d->carrier_id = bm_pg_i64(res, i, 13);
	d->note = bm_pg_text(a, res, i, 14);
	d->created_at = bm_pg_text(a, res, i, 15);
	d->updated_at = bm_pg_text(a, res, i, 16);
	d->holder_name = bm_pg_text(a, res, i, 17);
	d->operator_name = bm_pg_text(a, res, i, 18);
	d->label_affixed_on = bm_pg_text(a, res, i, 19);
	d->label_affixed_by = bm_pg_i64(res, i, 20);
	d->label_level = (int)bm_pg_i64(res, i, 21);
	d->label_holder_id = bm_pg_i64(res, i, 22);
	d->label_affixed_by_name = bm_pg_text(a, res, i, 23);
	return 0;
}

static int pg_device_get(bm_store *bs, bm_arena *a, int64_t id, bm_device **out)
{
	pg_store *s = bm_pg_of(bs);
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, id);
	/* In a write transaction: the chain's head, then the row (the header says why). */
	if ((rc = bm_pg_get(s, a, DEVICE_COLS " WHERE d.id = $1",
	                    DEVICE_COLS " WHERE d.id = $1 FOR UPDATE OF d", &p, sizeof(**out),
	                    read_device, (void **)&rows)) != 0)
		return rc;
	if (!rows)
		return device_not_found(id);
	*out = rows;
	return 0;
}

static int pg_device_list(bm_store *bs, bm_arena *a, int64_t unit_id, const bm_device_filter *f,
                          bm_device **out, size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, f->kind >= 0 && f->kind < BM_DEVICE_KIND_COUNT
	                         ? bm_device_kind_names[f->kind].code
	                         : NULL);
	bm_pg_p_text(&p, f->status >= 0 && f->status < BM_DEVICE_STATUS_COUNT
	                         ? bm_device_status_names[f->status].code
	                         : NULL);
	bm_pg_p_i64(&p, f->level);
	bm_pg_p_i64(&p, f->holder_id);
	bm_pg_p_text(&p, f->q && *f->q ? f->q : NULL);
	bm_pg_p_i64(&p, f->carrier_id);
	/* SQLite's instr is strpos; its byte order of the number is COLLATE "C". */
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        DEVICE_COLS
	                        " WHERE d.unit_id = $1 AND ($2::text IS NULL OR d.kind = $2)"
	                        " AND ($3::text IS NULL OR d.status = $3)"
	                        " AND ($4::bigint < 0 OR d.level = $4)"
	                        " AND ($5::bigint = 0 OR d.holder_id = $5)"
	                        " AND ($6::text IS NULL OR strpos(d.number, $6) > 0"
	                        "  OR strpos(coalesce(d.model, ''), $6) > 0"
	                        "  OR strpos(coalesce(d.serial, ''), $6) > 0"
	                        "  OR strpos(coalesce(d.place, ''), $6) > 0"
	                        "  OR strpos(coalesce(h.name, ''), $6) > 0)"
	                        " AND ($7::bigint = 0 OR d.carrier_id = $7)"
	                        " ORDER BY d.number COLLATE \"C\", d.id",
	                        &p, sizeof(bm_device), read_device, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

static int pg_device_password_due(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t holder_id,
                                  const char *changed_by, bm_device **out, size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, changed_by);
	bm_pg_p_i64(&p, holder_id);
	/*
	 * DEV-3: the device_password index holds exactly these devices. The days are
	 * YYYY-MM-DD (or '' for never), which every collation orders as bytes do, so the
	 * comparison keeps the index's collation.
	 */
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        DEVICE_COLS
	                        " WHERE d.unit_id = $1 AND d.kind IN ('computer', 'laptop')"
	                        " AND d.status <> 'scrapped'"
	                        " AND coalesce(d.password_changed_on, '') <= $2"
	                        " AND ($3::bigint = 0 OR d.holder_id = $3)"
	                        " ORDER BY d.number COLLATE \"C\", d.id",
	                        &p, sizeof(bm_device), read_device, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

static int pg_device_held(bm_store *bs, int64_t person_id, size_t *out)
{
	bm_pg_params p = {0};
	PGresult *res;
	int rc;
	bm_pg_p_i64(&p, person_id);
	if ((rc = bm_pg_query(bm_pg_of(bs),
	                      "SELECT count(*) FROM device WHERE holder_id = $1"
	                      " AND status <> 'scrapped'",
	                      &p, &res)) != 0)
		return rc;
	*out = PQntuples(res) == 1 ? (size_t)bm_pg_i64(res, 0, 0) : 0;
	PQclear(res);
	return 0;
}

static int pg_device_event_add(bm_store *bs, const bm_device_event *e)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, e->device_id);
	bm_pg_p_text(&p, e->at);
	bm_pg_p_id(&p, e->actor_id);
	bm_pg_p_text(&p, e->action);
	bm_pg_p_text(&p, e->detail ? e->detail : "{}");
	return bm_pg_run(bm_pg_of(bs),
	                 "INSERT INTO device_event(device_id, at, actor_id, action, detail)"
	                 " VALUES ($1,$2,$3,$4,$5)",
	                 &p);
}

/* The columns read_event reads, in its order: a history line and its actor's name. */
#define EVENT_COLS                                                                                 \
	"SELECT e.id, e.device_id, e.at, coalesce(e.actor_id, 0), e.action, e.detail, p.name"

static int read_event(bm_arena *a, PGresult *res, int i, void *item)
{
	bm_device_event *e = item;
	e->id = bm_pg_i64(res, i, 0);
	e->device_id = bm_pg_i64(res, i, 1);
	e->at = bm_pg_text(a, res, i, 2);
	e->actor_id = bm_pg_i64(res, i, 3);
	e->action = bm_pg_text(a, res, i, 4);
	e->detail = bm_pg_text(a, res, i, 5);
	e->actor_name = bm_pg_text(a, res, i, 6);
	return 0;
}

static int pg_device_events(bm_store *bs, bm_arena *a, int64_t device_id, bm_device_event **out,
                            size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, device_id);
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        EVENT_COLS " FROM device_event e"
	                                   " LEFT JOIN person p ON p.id = e.actor_id"
	                                   " WHERE e.device_id = $1 ORDER BY e.id",
	                        &p, sizeof(bm_device_event), read_event, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

static int pg_device_repair_events(bm_store *bs, bm_arena *a, int64_t unit_id,
                                   bm_device_event **out, size_t *count)
{
	bm_pg_params p = {0};
	void *rows = NULL;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	/* DEV-5's register: the whole unit in one statement, not one a device. */
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        EVENT_COLS " FROM device d"
	                                   " JOIN device_event e ON e.device_id = d.id"
	                                   " LEFT JOIN person p ON p.id = e.actor_id"
	                                   " WHERE d.unit_id = $1"
	                                   " AND e.action IN ('device.repair', 'device.repair_end')"
	                                   " ORDER BY e.device_id, e.id",
	                        &p, sizeof(bm_device_event), read_event, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

void bm_pg_device_ops(struct bm_store_ops *ops)
{
	ops->device_insert = pg_device_insert;
	ops->device_update = pg_device_update;
	ops->device_get = pg_device_get;
	ops->device_list = pg_device_list;
	ops->device_held = pg_device_held;
	ops->device_event_add = pg_device_event_add;
	ops->device_events = pg_device_events;
	ops->device_repair_events = pg_device_repair_events;
	ops->device_password_due = pg_device_password_due;
}
