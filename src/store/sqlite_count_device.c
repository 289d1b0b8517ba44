/*
 * sqlite_count_device.c — devices counted like carriers (清查, INV-3/INV-4,
 * issue 10 point 3) in the SQLite back end. Tables in migration 29
 * (sqlite_schema_device.h): a count's device ticks and a closed count's
 * device lines. A count's devices are those of the unit not scrapped in its
 * scope (a department's: held by its people; a custodian's: held by them);
 * a register is hundreds of devices, not a million carriers, yet every
 * write of the close is one set-based statement all the same.
 */
#include "common.h"

#include <sqlite3.h>

#include "store/sqlite_int.h"

/* The devices of session :sid's scope (alias d): the unit's, not scrapped. */
#define DEV_SCOPE(d)                                                                               \
	" " d ".unit_id = :unit AND " d ".status <> 'scrapped' AND (:kind = 'unit'"                \
	" OR (:kind = 'custodian' AND " d ".holder_id = :scope)"                                   \
	" OR (:kind = 'department' AND " d ".holder_id IN (SELECT p.id FROM person p"              \
	" WHERE p.department_id = :scope)))"

/* A device already missing: the open incident an earlier count listed it on. */
#define DEV_PRIOR_INCIDENT                                                                         \
	"(SELECT x.id FROM device_event e JOIN incident x"                                         \
	" ON x.id = json_extract(e.detail, '$.incident_id') WHERE e.device_id = d.id"              \
	" AND e.action = 'count.missing' AND x.status = 'open' ORDER BY e.id DESC LIMIT 1)"

/* Why a tick is outside the scope: not in the unit's register, scrapped, or elsewhere. */
#define DEV_REASON                                                                                 \
	"CASE WHEN d.id IS NULL OR d.unit_id <> :unit THEN 'unknown'"                              \
	" WHEN d.status = 'scrapped' THEN 'scrapped' ELSE 'outside' END"

/* The session's ticks outside its scope (alias t, the device d left-joined). */
#define DEV_UNEXPECTED                                                                             \
	" FROM count_device_item t LEFT JOIN device d ON d.id = t.device_id"                       \
	" LEFT JOIN person h ON h.id = d.holder_id AND d.unit_id = :unit"                          \
	" WHERE t.session_id = :sid AND NOT EXISTS (SELECT 1 FROM device s WHERE"                  \
	" s.id = t.device_id AND" DEV_SCOPE("s") ")"

/* Prepares `sql` and binds the names it uses. */
static int dev_prep(sq_store *s, sqlite3_stmt **st, const char *sql,
                    const bm_count_session_row *sess, const bm_count_apply *ap)
{
	int rc;
	if (!sess->scope_kind)
		return bm_error_nomem();
	if ((rc = bm_sq_prep(s, st, sql)) != 0)
		return rc;
	for (int i = 1; i <= sqlite3_bind_parameter_count(*st); i++) {
		const char *name = sqlite3_bind_parameter_name(*st, i);
		if (!name)
			continue;
		if (strcmp(name, ":sid") == 0)
			sqlite3_bind_int64(*st, i, sess->id);
		else if (strcmp(name, ":unit") == 0)
			sqlite3_bind_int64(*st, i, sess->unit_id);
		else if (strcmp(name, ":kind") == 0)
			bm_sq_bind_text(*st, i, sess->scope_kind);
		else if (strcmp(name, ":scope") == 0)
			sqlite3_bind_int64(*st, i, sess->scope_id);
		else if (ap && strcmp(name, ":inc") == 0)
			sqlite3_bind_int64(*st, i, ap->incident_id);
		else if (ap && strcmp(name, ":now") == 0)
			bm_sq_bind_text(*st, i, ap->now);
		else if (ap && strcmp(name, ":actor") == 0)
			bm_sq_bind_id(*st, i, ap->actor_id);
	}
	return 0;
}

int bm_sq_count_device_tick(bm_store *bs, bm_arena *a, int64_t session_id, int64_t device_id,
                            const char *note, const char *at, const char **first_at)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	/* The earlier tick's time, when the device was ticked before in the count. */
	*first_at = NULL;
	if ((rc = bm_sq_prep(
	             s, &st,
	             "SELECT at FROM count_device_item WHERE session_id = ? AND device_id = ?")) !=
	    0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	sqlite3_bind_int64(st, 2, device_id);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!(*first_at = bm_sq_col_text(a, st, 0))) {
			bm_sq_release(s, st);
			return bm_error_nomem();
		}
	} else if (rc != SQLITE_DONE) {
		rc = bm_sq_db_fail(s, rc);
		bm_sq_release(s, st);
		return rc;
	}
	bm_sq_release(s, st);
	if (*first_at && !note)
		return 0; /* a plain rescan: nothing to learn, nothing written */
	/*
	 * Like a carrier's tick (issue 14 point 6): a repeated scan counts once and the
	 * first tick's time stays; a rescan with a note is the clerk's word and
	 * replaces the note. (A device is never incomplete: INV-3.)
	 */
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO count_device_item(session_id, device_id, note, at)"
	                     " VALUES (?,?,?,?) ON CONFLICT(session_id, device_id)"
	                     " DO UPDATE SET note = coalesce(excluded.note, note)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, session_id);
	sqlite3_bind_int64(st, 2, device_id);
	bm_sq_bind_text(st, 3, note);
	bm_sq_bind_text(st, 4, at);
	return bm_sq_step_done(s, st);
}

static int read_line(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_count_device_line *l = (bm_count_device_line *)rows + n;
	int kind = 0;
	memset(l, 0, sizeof(*l));
	l->list = sqlite3_column_int(st, 0);
	l->device_id = sqlite3_column_int64(st, 1);
	l->known = sqlite3_column_int(st, 2) != 0;
	if (l->known) {
		l->number = bm_sq_col_text(a, st, 3);
		if (bm_sq_col_vocab(st, 4, bm_device_kind_names, BM_DEVICE_KIND_COUNT, &kind) != 0)
			return BM_ERROR;
		l->kind = (bm_device_kind)kind;
		l->level = (bm_level)sqlite3_column_int(st, 5);
		l->status = bm_sq_col_text(a, st, 6);
		l->holder_name = bm_sq_col_text(a, st, 7);
	}
	l->note = bm_sq_col_text(a, st, 8);
	l->reason = bm_sq_col_text(a, st, 9);
	l->incident_id = sqlite3_column_int64(st, 10);
	return 0;
}

/*
 * An open count's device lines compared in SQL (found: ticked; missing: in
 * scope, not ticked; unexpected: ticked outside it), or a closed count's
 * stored lines; by list, then device id.
 */
int bm_sq_count_device_lines(bm_store *bs, bm_arena *a, const bm_count_session_row *sess,
                             bm_count_device_line **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st = NULL;
	void *rows = NULL;
	int rc;
	const char *sql =
	        sess->closed_at
	                ? "SELECT CASE l.list WHEN 'found' THEN 0 WHEN 'missing' THEN 1 ELSE 3 END,"
	                  " l.device_id, d.id IS NOT NULL AND d.unit_id = :unit, d.number, d.kind,"
	                  " d.level, l.status, h.name, l.note, l.place, coalesce(l.incident_id, 0)"
	                  " FROM count_device_line l LEFT JOIN device d ON d.id = l.device_id"
	                  " LEFT JOIN person h ON h.id = d.holder_id"
	                  " WHERE l.session_id = :sid ORDER BY 1, 2"
	                : "SELECT CASE WHEN t.device_id IS NOT NULL THEN 0 ELSE 1 END, d.id, 1,"
	                  " d.number, d.kind, d.level, d.status, h.name, t.note, NULL,"
	                  " CASE WHEN t.device_id IS NULL AND d.status = 'missing'"
	                  " THEN coalesce(" DEV_PRIOR_INCIDENT ", 0) ELSE 0 END"
	                  " FROM device d LEFT JOIN count_device_item t ON t.session_id = :sid"
	                  " AND t.device_id = d.id LEFT JOIN person h ON h.id = d.holder_id"
	                  " WHERE" DEV_SCOPE("d") " UNION ALL"
	                                          " SELECT 3, t.device_id, d.id IS NOT NULL AND "
	                                          "d.unit_id = :unit,"
	                                          " d.number, d.kind, d.level, d.status, h.name, "
	                                          "t.note, " DEV_REASON ", 0" DEV_UNEXPECTED
	                                          " ORDER BY 1, 2";
	if ((rc = dev_prep(s, &st, sql, sess, NULL)) != 0)
		return rc;
	if ((rc = bm_sq_collect(s, a, st, sizeof(bm_count_device_line), read_line, &rows, count)) !=
	    0)
		return rc;
	*out = rows;
	return 0;
}

static int dev_exec(sq_store *s, const char *sql, const bm_count_session_row *sess,
                    const bm_count_apply *ap)
{
	sqlite3_stmt *st = NULL;
	int rc;
	if ((rc = dev_prep(s, &st, sql, sess, ap)) != 0)
		return rc;
	return bm_sq_step_done(s, st);
}

/* The session's stored device lines of one list (alias l). */
#define DEV_LINES(list)                                                                            \
	" FROM count_device_line l WHERE l.session_id = :sid AND l.list = '" list "'"

int bm_sq_count_device_apply(sq_store *s, const bm_count_session_row *sess,
                             const bm_count_apply *ap)
{
	static const char *const steps[] = {
	        /* The scope's devices: found or missing; a missing one names its open
	           incident from an earlier count, else this count's (:inc). */
	        "INSERT INTO count_device_line(session_id, list, device_id, status, incident_id,"
	        " note) SELECT :sid, k, id, CASE k WHEN 'missing' THEN 'missing'"
	        " WHEN 'found' THEN (CASE st WHEN 'missing' THEN 'in_use' ELSE st END) END,"
	        " CASE k WHEN 'missing' THEN coalesce(prior, :inc) END, note"
	        " FROM (SELECT d.id AS id, d.status AS st, t.note AS note,"
	        " CASE WHEN t.device_id IS NOT NULL THEN 'found' ELSE 'missing' END AS k,"
	        " CASE WHEN d.status = 'missing' THEN " DEV_PRIOR_INCIDENT " END AS prior"
	        " FROM device d LEFT JOIN count_device_item t ON t.session_id = :sid"
	        " AND t.device_id = d.id WHERE" DEV_SCOPE("d") " ORDER BY d.id)",
	        /* The ticks outside the scope, with the reason. */
	        "INSERT INTO count_device_line(session_id, list, device_id, status, note, place)"
	        " SELECT :sid, 'unexpected', t.device_id, CASE WHEN d.unit_id = :unit"
	        " THEN d.status END, t.note, " DEV_REASON DEV_UNEXPECTED,
	        /* INV-4: each device newly missing, or listed on this count's incident,
	           has one history event; each missing one found again too. */
	        "INSERT INTO device_event(device_id, at, actor_id, action, detail)"
	        " SELECT l.device_id, :now, :actor, 'count.missing',"
	        " json_object('count_id', :sid, 'incident_id', l.incident_id)" DEV_LINES(
	                "missing") " AND (l.incident_id = :inc OR (SELECT d.status FROM device d"
	                           " WHERE d.id = l.device_id) <> 'missing') ORDER BY l.device_id",
	        "INSERT INTO device_event(device_id, at, actor_id, action, detail)"
	        " SELECT l.device_id, :now, :actor, 'count.found', json_object('count_id', :sid)"
	        " FROM count_device_line l JOIN device d ON d.id = l.device_id"
	        " WHERE l.session_id = :sid AND l.list = 'found' AND d.status = 'missing'"
	        " ORDER BY l.device_id",
	        "UPDATE device SET status = 'missing', updated_at = :now WHERE id IN"
	        " (SELECT l.device_id" DEV_LINES("missing") ") AND status <> 'missing'",
	        "UPDATE device SET status = 'in_use', updated_at = :now WHERE id IN"
	        " (SELECT l.device_id" DEV_LINES("found") ") AND status = 'missing'",
	};
	int rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(steps); i++)
		if ((rc = dev_exec(s, steps[i], sess, ap)) != 0)
			return rc;
	return 0;
}
