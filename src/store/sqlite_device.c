/*
 * sqlite_device.c — the device and media register in the SQLite back end
 * (DEV-1..7, issue 10 point 3): devices and their history. Tables in
 * migration 26 (sqlite_schema_device.h). Every statement is constant text
 * with bound parameters.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

static int device_not_found(int64_t id)
{
	char zh[128], en[128];
	snprintf(zh, sizeof(zh), "设备 %lld 不存在", (long long)id);
	snprintf(en, sizeof(en), "device %lld does not exist", (long long)id);
	return bm_error_set_msg(BM_ENOTFOUND, "not_found", NULL, zh, en);
}

/* The number is the unit's own: a second device with it is a conflict. */
static int number_taken(sq_store *s, int64_t unit_id, const char *number, int64_t id, bool *out)
{
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT count(*) FROM device WHERE unit_id = ? AND number = ? AND id <> ?")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, number);
	sqlite3_bind_int64(st, 3, id);
	/* a failed read is that error, never "not taken" */
	if ((rc = bm_sq_step_int64(s, st, &n)) != 0)
		return rc;
	*out = n > 0;
	return 0;
}

int bm_sq_device_insert(bm_store *bs, bm_device *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	bool taken = false;
	int rc;
	if ((rc = number_taken(s, d->unit_id, d->number, 0, &taken)) != 0)
		return rc;
	if (taken)
		return bm_error_set(BM_ECONFLICT, "number_taken", NULL, "编号 '%s' 已登记",
		                    "number '%s' is already registered", d->number);
	if ((rc = bm_sq_prep(
	             s, &st,
	             "INSERT INTO device(unit_id, number, kind, model, serial, level,"
	             " holder_id, operator_id, place, status, encrypted, password_changed_on,"
	             " carrier_id, note, created_at, updated_at)"
	             " VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, d->unit_id);
	bm_sq_bind_text(st, 2, d->number);
	bm_sq_bind_text(st, 3, bm_device_kind_names[d->kind].code);
	bm_sq_bind_text(st, 4, d->model);
	bm_sq_bind_text(st, 5, d->serial);
	sqlite3_bind_int(st, 6, (int)d->level);
	bm_sq_bind_id(st, 7, d->holder_id);
	bm_sq_bind_id(st, 8, d->operator_id);
	bm_sq_bind_text(st, 9, d->place);
	bm_sq_bind_text(st, 10, bm_device_status_names[d->status].code);
	sqlite3_bind_int(st, 11, d->encrypted);
	bm_sq_bind_text(st, 12, d->password_changed_on);
	bm_sq_bind_id(st, 13, d->carrier_id);
	bm_sq_bind_text(st, 14, d->note);
	bm_sq_bind_text(st, 15, d->created_at);
	bm_sq_bind_text(st, 16, d->updated_at);
	if ((rc = bm_sq_step_done(s, st)) == 0)
		d->id = sqlite3_last_insert_rowid(s->db);
	return rc;
}

int bm_sq_device_update(bm_store *bs, const bm_device *d)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "UPDATE device SET model = ?, serial = ?, level = ?, holder_id = ?,"
	                     " operator_id = ?, place = ?, status = ?, encrypted = ?,"
	                     " password_changed_on = ?, carrier_id = ?, note = ?, updated_at = ?,"
	                     " label_affixed_on = ?, label_affixed_by = ?, label_level = ?,"
	                     " label_holder_id = ? WHERE id = ?")) != 0)
		return rc;
	bm_sq_bind_text(st, 1, d->model);
	bm_sq_bind_text(st, 2, d->serial);
	sqlite3_bind_int(st, 3, (int)d->level);
	bm_sq_bind_id(st, 4, d->holder_id);
	bm_sq_bind_id(st, 5, d->operator_id);
	bm_sq_bind_text(st, 6, d->place);
	bm_sq_bind_text(st, 7, bm_device_status_names[d->status].code);
	sqlite3_bind_int(st, 8, d->encrypted);
	bm_sq_bind_text(st, 9, d->password_changed_on);
	bm_sq_bind_id(st, 10, d->carrier_id);
	bm_sq_bind_text(st, 11, d->note);
	bm_sq_bind_text(st, 12, d->updated_at);
	bm_sq_bind_text(st, 13, d->label_affixed_on);
	bm_sq_bind_id(st, 14, d->label_affixed_by);
	if (d->label_affixed_on && d->label_level >= 0)
		sqlite3_bind_int(st, 15, d->label_level);
	else
		sqlite3_bind_null(st, 15);
	bm_sq_bind_id(st, 16, d->label_holder_id);
	sqlite3_bind_int64(st, 17, d->id);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	return sqlite3_changes(s->db) ? 0 : device_not_found(d->id);
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

static int read_device(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_device *d = (bm_device *)rows + n;
	int kind = 0, status = 0, rc;
	d->id = sqlite3_column_int64(st, 0);
	d->unit_id = sqlite3_column_int64(st, 1);
	d->number = bm_sq_col_text(a, st, 2);
	if ((rc = bm_sq_col_vocab(st, 3, bm_device_kind_names, BM_DEVICE_KIND_COUNT, &kind)) != 0 ||
	    (rc = bm_sq_col_vocab(st, 10, bm_device_status_names, BM_DEVICE_STATUS_COUNT,
	                          &status)) != 0)
		return rc;
	d->kind = (bm_device_kind)kind;
	d->model = bm_sq_col_text(a, st, 4);
	d->serial = bm_sq_col_text(a, st, 5);
	d->level = (bm_level)sqlite3_column_int(st, 6);
	d->holder_id = sqlite3_column_int64(st, 7);
	d->operator_id = sqlite3_column_int64(st, 8);
	d->place = bm_sq_col_text(a, st, 9);
	d->status = (bm_device_status)status;
	d->encrypted = sqlite3_column_int(st, 11) != 0;
	d->password_changed_on = bm_sq_col_text(a, st, 12);
	d->carrier_id = sqlite3_column_int64(st, 13);
	d->note = bm_sq_col_text(a, st, 14);
	d->created_at = bm_sq_col_text(a, st, 15);
	d->updated_at = bm_sq_col_text(a, st, 16);
	d->holder_name = bm_sq_col_text(a, st, 17);
	d->operator_name = bm_sq_col_text(a, st, 18);
	d->label_affixed_on = bm_sq_col_text(a, st, 19);
	d->label_affixed_by = sqlite3_column_int64(st, 20);
	d->label_level = sqlite3_column_int(st, 21);
	d->label_holder_id = sqlite3_column_int64(st, 22);
	d->label_affixed_by_name = bm_sq_col_text(a, st, 23);
	return 0;
}

int bm_sq_device_get(bm_store *bs, bm_arena *a, int64_t id, bm_device **out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st, DEVICE_COLS " WHERE d.id = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_device), read_device, &rows, &n)) != 0)
		return rc;
	if (n == 0)
		return device_not_found(id);
	*out = rows;
	return 0;
}

int bm_sq_device_list(bm_store *bs, bm_arena *a, int64_t unit_id, const bm_device_filter *f,
                      bm_device **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     DEVICE_COLS " WHERE d.unit_id = ?1 AND (?2 IS NULL OR d.kind = ?2)"
	                                 " AND (?3 IS NULL OR d.status = ?3)"
	                                 " AND (?4 < 0 OR d.level = ?4)"
	                                 " AND (?5 = 0 OR d.holder_id = ?5)"
	                                 " AND (?6 IS NULL OR instr(d.number, ?6) > 0"
	                                 "  OR instr(coalesce(d.model, ''), ?6) > 0"
	                                 "  OR instr(coalesce(d.serial, ''), ?6) > 0"
	                                 "  OR instr(coalesce(d.place, ''), ?6) > 0"
	                                 "  OR instr(coalesce(h.name, ''), ?6) > 0)"
	                                 " AND (?7 = 0 OR d.carrier_id = ?7)"
	                                 " ORDER BY d.number, d.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2,
	                f->kind >= 0 && f->kind < BM_DEVICE_KIND_COUNT
	                        ? bm_device_kind_names[f->kind].code
	                        : NULL);
	bm_sq_bind_text(st, 3,
	                f->status >= 0 && f->status < BM_DEVICE_STATUS_COUNT
	                        ? bm_device_status_names[f->status].code
	                        : NULL);
	sqlite3_bind_int(st, 4, f->level);
	sqlite3_bind_int64(st, 5, f->holder_id);
	bm_sq_bind_text(st, 6, f->q && *f->q ? f->q : NULL);
	sqlite3_bind_int64(st, 7, f->carrier_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_device), read_device, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

int bm_sq_device_password_due(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t holder_id,
                              const char *changed_by, bm_device **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	/* DEV-3: the device_password index (migration 27) holds exactly these devices. */
	if ((rc = bm_sq_prep(s, &st,
	                     DEVICE_COLS
	                     " WHERE d.unit_id = ?1 AND d.kind IN ('computer', 'laptop')"
	                     " AND d.status <> 'scrapped'"
	                     " AND coalesce(d.password_changed_on, '') <= ?2"
	                     " AND (?3 = 0 OR d.holder_id = ?3)"
	                     " ORDER BY d.number, d.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, changed_by);
	sqlite3_bind_int64(st, 3, holder_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_device), read_device, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

int bm_sq_device_held(bm_store *bs, int64_t person_id, size_t *out)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int64_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT count(*) FROM device WHERE holder_id = ? AND status <> 'scrapped'")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, person_id);
	/* SQLite's error mapped as every read's (a damaged page is database_corrupt) */
	if ((rc = bm_sq_step_int64(s, st, &n)) != 0)
		return rc;
	*out = (size_t)n;
	return 0;
}

int bm_sq_device_event_add(bm_store *bs, const bm_device_event *e)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO device_event(device_id, at, actor_id, action, detail)"
	                     " VALUES (?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, e->device_id);
	bm_sq_bind_text(st, 2, e->at);
	bm_sq_bind_id(st, 3, e->actor_id);
	bm_sq_bind_text(st, 4, e->action);
	bm_sq_bind_text(st, 5, e->detail ? e->detail : "{}");
	return bm_sq_step_done(s, st);
}

/* The columns read_event reads, in its order: a history line and its actor's name. */
#define EVENT_COLS                                                                                 \
	"SELECT e.id, e.device_id, e.at, coalesce(e.actor_id, 0), e.action, e.detail, p.name"

static int read_event(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_device_event *e = (bm_device_event *)rows + n;
	e->id = sqlite3_column_int64(st, 0);
	e->device_id = sqlite3_column_int64(st, 1);
	e->at = bm_sq_col_text(a, st, 2);
	e->actor_id = sqlite3_column_int64(st, 3);
	e->action = bm_sq_col_text(a, st, 4);
	e->detail = bm_sq_col_text(a, st, 5);
	e->actor_name = bm_sq_col_text(a, st, 6);
	return 0;
}

int bm_sq_device_events(bm_store *bs, bm_arena *a, int64_t device_id, bm_device_event **out,
                        size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     EVENT_COLS " FROM device_event e"
	                                " LEFT JOIN person p ON p.id = e.actor_id"
	                                " WHERE e.device_id = ? ORDER BY e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, device_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_device_event), read_event, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}

int bm_sq_device_repair_events(bm_store *bs, bm_arena *a, int64_t unit_id, bm_device_event **out,
                               size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	void *rows = NULL;
	int rc;
	/* DEV-5's register: the whole unit in one statement, not one a device. */
	if ((rc = bm_sq_prep(
	             s, &st,
	             EVENT_COLS
	             " FROM device d"
	             " JOIN device_event e ON e.device_id = d.id"
	             " LEFT JOIN person p ON p.id = e.actor_id"
	             " WHERE d.unit_id = ? AND e.action IN ('device.repair', 'device.repair_end')"
	             " ORDER BY e.device_id, e.id")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_device_event), read_event, &rows, count)) != 0)
		return rc;
	*out = rows;
	return 0;
}
