/*
 * sqlite_report.c — the records behind the unit's reports (ORG-2) in the
 * SQLite back end: one row per record and figure, so that
 * every figure the service counts carries the ids it was counted from.
 * Parameters: ?1 unit, ?2/?3 the period's instants (from included, to
 * excluded), ?4/?5 its local dates (both included), ?6 the instant of the
 * standing figures. Every statement is constant text with bound parameters.
 * The records carry what the drill-down shows (ORG-2 with SYS-2): the
 * carrier a record concerns, so the service can withhold it from a reader
 * who may not see that carrier, a label and a day.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>

#include "store/sqlite_int.h"

/* An incident's level: the one recorded on it (INC-2), else its carrier's, else -1. */
#define INCIDENT_LEVEL                                                                             \
	"coalesce(CASE json_extract(n.detail, '$.level') WHEN 'public' THEN 0"                     \
	" WHEN 'internal' THEN 1 WHEN 'confidential' THEN 2 WHEN 'secret' THEN 3"                  \
	" WHEN 'top_secret' THEN 4 END, c.level, -1)"

/* A rectification notice's last change before ?6 (open, report, close, reopen). */
#define RECT_LAST_ACTION                                                                           \
	"(SELECT e.action FROM rectification_event e WHERE e.rectification_id = r.id"              \
	" AND e.at < ?6 ORDER BY e.id DESC LIMIT 1)"

/*
 * Its deadline at ?6: the one the latest reopening before ?6 set, else the
 * opening's, else the notice's own. Each is read from the history line's
 * deadline column (migration 39); a line written before it has none, and
 * its text is then the only record: the form that code wrote, fixed since
 * (the table is never changed): a reopening's detail ends "（YYYY-MM-DD）",
 * the opening's is the deadline.
 */
#define RECT_DEADLINE_THEN                                                                         \
	"coalesce((SELECT coalesce(e.deadline, substr(e.detail, length(e.detail) - 10, 10))"       \
	" FROM rectification_event e WHERE e.rectification_id = r.id AND e.action = 'reopen'"      \
	" AND e.at < ?6 ORDER BY e.id DESC LIMIT 1), (SELECT coalesce(e.deadline, e.detail)"       \
	" FROM rectification_event e WHERE e.rectification_id = r.id AND e.action = 'open'"        \
	" ORDER BY e.id LIMIT 1), r.deadline)"

/*
 * Columns: figure, level, breakdown, id, amount, then for the drill-down
 * (ORG-2 with SYS-2) the carrier the record concerns (NULL: none), a label,
 * a day and a deadline.
 */
static const char report_sql_carriers[] =
        /* what was registered in the period, at the level it was registered at */
        "SELECT 'carriers.registered', c.original_level, c.origin, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL FROM carrier c"
        " WHERE c.unit_id = ?1 AND c.registered_at >= ?2 AND c.registered_at < ?3"
        " UNION ALL SELECT 'carriers.made', c.original_level, NULL, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL FROM carrier c WHERE c.unit_id = ?1 AND c.origin = 'made'"
        " AND c.registered_at >= ?2 AND c.registered_at < ?3"
        " UNION ALL SELECT 'carriers.received', c.original_level, NULL, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL FROM carrier c WHERE c.unit_id = ?1 AND c.origin = 'incoming'"
        " AND c.registered_at >= ?2 AND c.registered_at < ?3"
        " UNION ALL SELECT 'carriers.copied', c.original_level, c.origin, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL FROM carrier c WHERE c.unit_id = ?1"
        " AND c.origin IN ('copy', 'extract') AND c.registered_at >= ?2 AND c.registered_at < ?3"
        /* sent: one row per carrier of a dispatch made in the period */
        " UNION ALL SELECT 'carriers.sent', c.level, NULL, c.id, 1, c.id, c.title, d.created_at,"
        " NULL FROM dispatch d"
        " JOIN dispatch_item i ON i.dispatch_id = d.id JOIN carrier c ON c.id = i.carrier_id"
        " WHERE d.unit_id = ?1 AND d.created_at >= ?2 AND d.created_at < ?3"
        /* destroyed: the carriers of the destructions carried out in the period */
        " UNION ALL SELECT 'carriers.destroyed', c.level, NULL, c.id, 1, c.id, c.title,"
        " x.executed_at, NULL FROM destruction x"
        " JOIN request_item ri ON ri.request_id = x.request_id"
        " JOIN carrier c ON c.id = ri.carrier_id"
        " WHERE c.unit_id = ?1 AND c.status = 'destroyed'"
        " AND x.executed_at >= ?2 AND x.executed_at < ?3"
        /* loans issued in the period (ids are loans) */
        " UNION ALL SELECT 'loans.issued', c.level, l.kind, l.id, 1, c.id, c.title, l.issued_at,"
        " l.due_at FROM loan l JOIN carrier c ON c.id = l.carrier_id"
        " WHERE c.unit_id = ?1 AND l.issued_at >= ?2 AND l.issued_at < ?3"
        /* level decisions in the period (ids are level_change rows), by the new level */
        " UNION ALL SELECT 'levels.changed', lc.to_level,"
        " CASE WHEN lc.to_level > lc.from_level THEN 'raised'"
        " WHEN lc.to_level < lc.from_level THEN 'lowered' ELSE 'kept' END, lc.id, 1, c.id,"
        " c.title, lc.at, NULL FROM level_change lc JOIN carrier c ON c.id = lc.carrier_id"
        " WHERE c.unit_id = ?1 AND lc.at >= ?2 AND lc.at < ?3 ORDER BY 1, 4";

static const char report_sql_records[] =
        /* overdue at ?6: issued before, due before, not back by then */
        " SELECT 'overdue.loans', c.level, l.kind, l.id, 1, c.id, c.title, l.issued_at,"
        " l.due_at FROM loan l JOIN carrier c ON c.id = l.carrier_id"
        " WHERE c.unit_id = ?1 AND l.issued_at < ?6 AND l.due_at < ?6"
        " AND (l.returned_at IS NULL OR l.returned_at > ?6)"
        /* incidents opened in the period, and those still open at ?6 */
        " UNION ALL SELECT 'found.incidents', " INCIDENT_LEVEL ", n.kind, n.id, 1, n.carrier_id,"
        " c.title, n.opened_at, NULL"
        " FROM incident n LEFT JOIN carrier c ON c.id = n.carrier_id"
        " WHERE n.unit_id = ?1 AND n.opened_at >= ?2 AND n.opened_at < ?3"
        " UNION ALL SELECT 'overdue.incidents_open', " INCIDENT_LEVEL ", n.kind, n.id, 1,"
        " n.carrier_id, c.title, n.opened_at, NULL"
        " FROM incident n LEFT JOIN carrier c ON c.id = n.carrier_id"
        " WHERE n.unit_id = ?1 AND n.opened_at < ?6"
        " AND (n.closed_at IS NULL OR n.closed_at > ?6)"
        /* counts closed in the period, and those among them that did not tally */
        " UNION ALL SELECT 'counts.closed', -1, s.scope_kind, s.id, 1, NULL, s.reason,"
        " s.closed_at, NULL FROM count_session s"
        " WHERE s.unit_id = ?1 AND s.closed_at >= ?2 AND s.closed_at < ?3"
        " UNION ALL SELECT 'found.count_discrepancies', -1, s.scope_kind, s.id, 1, NULL, s.reason,"
        " s.closed_at, NULL FROM count_session s"
        " WHERE s.unit_id = ?1 AND s.closed_at >= ?2 AND s.closed_at < ?3"
        " AND EXISTS (SELECT 1 FROM count_line l WHERE l.session_id = s.id"
        " AND l.list IN ('missing', 'unexpected', 'incomplete'))"
        /* standing at the period's end: cleared people on post, devices not scrapped */
        " UNION ALL SELECT 'people.cleared', -1, p.person_class, p.id, 1, NULL, p.name, NULL,"
        " NULL FROM person p"
        " WHERE p.unit_id = ?1 AND p.person_class <> 'none' AND p.status = 'active'"
        " AND p.created_at < ?3"
        " UNION ALL SELECT 'devices', d.level, d.kind, d.id, 1, NULL,"
        " d.number || coalesce(' ' || d.model, ''), NULL, NULL FROM device d"
        " WHERE d.unit_id = ?1 AND d.status <> 'scrapped' AND d.created_at < ?3"
        /* training sessions held in the period with their hours; who attended (person ids) */
        " UNION ALL SELECT 'trainings', -1, NULL, t.id, t.hours_tenths, NULL, t.topic, t.held_on,"
        " NULL FROM training_session t"
        " WHERE t.unit_id = ?1 AND t.held_on >= ?4 AND t.held_on <= ?5"
        " UNION ALL SELECT 'trainings.attendance', -1, NULL, a.person_id, 1, NULL, p.name,"
        " t.held_on, NULL FROM training_session t"
        " JOIN training_attendance a ON a.session_id = t.id JOIN person p ON p.id = a.person_id"
        " WHERE t.unit_id = ?1 AND t.held_on >= ?4 AND t.held_on <= ?5 ORDER BY 1, 4";

static const char report_sql_inspections[] =
        /* INSP-1: inspections held in the period, by kind, and their lines answered 不符合 */
        " SELECT 'inspections.held', -1, i.kind, i.id, 1, NULL, i.summary, i.held_on,"
        " NULL FROM inspection i WHERE i.unit_id = ?1 AND i.held_on >= ?4 AND i.held_on <= ?5"
        " UNION ALL SELECT 'inspections.findings', -1, i.kind, i.id, 1, NULL,"
        " json_extract(j.value, '$.item'), i.held_on, NULL"
        " FROM inspection i, json_each(i.checklist) j"
        " WHERE i.unit_id = ?1 AND i.held_on >= ?4 AND i.held_on <= ?5"
        " AND json_extract(j.value, '$.answer') = 'no'"
        /* INSP-2: notices opened and closed in the period, and those not closed at ?6 with
         * their status and deadline then (the service decides which are overdue) */
        " UNION ALL SELECT 'rectifications.opened', -1,"
        " CASE WHEN r.inspection_id IS NULL THEN 'self_assessment' ELSE 'inspection' END, r.id,"
        " 1, NULL, r.finding, r.created_at, r.deadline FROM rectification r"
        " WHERE r.unit_id = ?1 AND r.created_at >= ?2 AND r.created_at < ?3"
        " UNION ALL SELECT 'rectifications.closed', -1, NULL, r.id, 1, NULL, r.finding,"
        " (SELECT max(e.at) FROM rectification_event e WHERE e.rectification_id = r.id"
        " AND e.action = 'close' AND e.at >= ?2 AND e.at < ?3), NULL FROM rectification r"
        " WHERE r.unit_id = ?1 AND EXISTS (SELECT 1 FROM rectification_event e"
        " WHERE e.rectification_id = r.id AND e.action = 'close' AND e.at >= ?2 AND e.at < ?3)"
        " UNION ALL SELECT 'rectifications.open', -1,"
        " CASE " RECT_LAST_ACTION " WHEN 'report' THEN 'reported' ELSE 'open' END, r.id, 1,"
        " NULL, r.finding, r.created_at, " RECT_DEADLINE_THEN " FROM rectification r"
        " WHERE r.unit_id = ?1 AND r.created_at < ?6"
        " AND coalesce(" RECT_LAST_ACTION ", 'open') <> 'close'"
        /* INSP-4: the year's self-assessment and its items answered 不符合 */
        " UNION ALL SELECT 'self_assessment', -1,"
        " CASE WHEN a.leader_signed_at IS NOT NULL THEN 'leader_signed'"
        " WHEN a.clerk_signed_at IS NOT NULL THEN 'clerk_signed' ELSE 'in_progress' END, a.id,"
        " 1, NULL, CAST(a.year AS TEXT), a.started_at, NULL FROM self_assessment a"
        " WHERE a.unit_id = ?1 AND a.year = CAST(substr(?4, 1, 4) AS INTEGER)"
        " UNION ALL SELECT 'self_assessment.findings', -1, NULL, it.id, 1, NULL, it.item,"
        " it.answered_at, it.deadline FROM self_assessment a"
        " JOIN self_assessment_item it ON it.assessment_id = a.id"
        " WHERE a.unit_id = ?1 AND a.year = CAST(substr(?4, 1, 4) AS INTEGER)"
        " AND it.answer = 'no'"
        " ORDER BY 1, 4";

static int read_fact(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_report_fact *f = (bm_report_fact *)rows + n;
	memset(f, 0, sizeof(*f));
	f->figure = bm_sq_col_text(a, st, 0);
	f->level = sqlite3_column_int(st, 1);
	f->sub = bm_sq_col_text(a, st, 2);
	f->id = sqlite3_column_int64(st, 3);
	f->amount = sqlite3_column_int64(st, 4);
	f->carrier_id = sqlite3_column_int64(st, 5);
	f->label = bm_sq_col_text(a, st, 6);
	f->day = bm_sq_col_text(a, st, 7);
	f->due = bm_sq_col_text(a, st, 8);
	return f->figure ? 0 : bm_error_nomem();
}

int bm_sq_report_facts(bm_store *bs, bm_arena *a, const bm_report_period *p, bm_report_fact **out,
                       size_t *count)
{
	/* Three statements (C's limit on a literal); their figures are disjoint, each in id order.
	 */
	static const char *const parts[] = {report_sql_carriers, report_sql_records,
	                                    report_sql_inspections};
	sq_store *s = bm_sq_of(bs);
	bm_report_fact *got[BM_ARRAY_LEN(parts)] = {0}, *all;
	size_t n[BM_ARRAY_LEN(parts)] = {0}, total = 0;
	int rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(parts); i++) {
		sqlite3_stmt *st;
		if ((rc = bm_sq_prep(s, &st, parts[i])) != 0)
			return rc;
		sqlite3_bind_int64(st, 1, p->unit_id);
		bm_sq_bind_text(st, 2, p->from);
		bm_sq_bind_text(st, 3, p->to);
		bm_sq_bind_text(st, 4, p->from_day);
		bm_sq_bind_text(st, 5, p->to_day);
		bm_sq_bind_text(st, 6, p->as_of);
		if ((rc = bm_sq_collect(s, a, st, sizeof(**out), read_fact, (void **)&got[i],
		                        &n[i])) != 0)
			return rc;
		total += n[i];
	}
	if (!(all = bm_arena_alloc(a, (total ? total : 1) * sizeof(*all))))
		return bm_error_nomem();
	total = 0;
	for (size_t i = 0; i < BM_ARRAY_LEN(parts); i++) {
		if (n[i])
			memcpy(all + total, got[i], n[i] * sizeof(*all));
		total += n[i];
	}
	*out = all;
	*count = total;
	return 0;
}

/* ---- ORG-2: the month's report delivered to the leadership (migration 37) ---- */

#define DELIVERY_COLS                                                                              \
	"SELECT r.id, r.unit_id, r.kind, r.period, r.delivered_on, r.recipient_id,"                \
	" r.delivered_by, r.digest, r.alg, r.content, r.note, r.created_at, t.name, b.name"        \
	" FROM report_delivery r LEFT JOIN person t ON t.id = r.recipient_id"                      \
	" LEFT JOIN person b ON b.id = r.delivered_by"

static int read_delivery(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n)
{
	bm_report_delivery_row *r = (bm_report_delivery_row *)rows + n;
	memset(r, 0, sizeof(*r));
	r->id = sqlite3_column_int64(st, 0);
	r->unit_id = sqlite3_column_int64(st, 1);
	r->kind = bm_sq_col_text(a, st, 2);
	r->period = bm_sq_col_text(a, st, 3);
	r->delivered_on = bm_sq_col_text(a, st, 4);
	r->recipient_id = sqlite3_column_int64(st, 5);
	r->delivered_by = sqlite3_column_int64(st, 6);
	r->digest = bm_sq_col_text(a, st, 7);
	r->alg = bm_sq_col_text(a, st, 8);
	r->content = bm_sq_col_text(a, st, 9);
	r->note = bm_sq_col_text(a, st, 10);
	r->created_at = bm_sq_col_text(a, st, 11);
	r->recipient_name = bm_sq_col_text(a, st, 12);
	r->delivered_by_name = bm_sq_col_text(a, st, 13);
	return r->kind && r->period && r->digest && r->content ? 0 : bm_error_nomem();
}

int bm_sq_report_delivery_insert(bm_store *bs, bm_report_delivery_row *r)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     "INSERT INTO report_delivery(unit_id, kind, period, delivered_on,"
	                     " recipient_id, delivered_by, digest, alg, content, note, created_at)"
	                     " VALUES (?,?,?,?,?,?,?,?,?,?,?)")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, r->unit_id);
	bm_sq_bind_text(st, 2, r->kind);
	bm_sq_bind_text(st, 3, r->period);
	bm_sq_bind_text(st, 4, r->delivered_on);
	sqlite3_bind_int64(st, 5, r->recipient_id);
	sqlite3_bind_int64(st, 6, r->delivered_by);
	bm_sq_bind_text(st, 7, r->digest);
	bm_sq_bind_text(st, 8, r->alg);
	bm_sq_bind_text(st, 9, r->content);
	bm_sq_bind_text(st, 10, r->note);
	bm_sq_bind_text(st, 11, r->created_at);
	if ((rc = bm_sq_step_done(s, st)) != 0)
		return rc;
	r->id = sqlite3_last_insert_rowid(s->db);
	return 0;
}

int bm_sq_report_delivery_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *kind,
                               const char *period, bm_report_delivery_row **out)
{
	sq_store *s = bm_sq_of(bs);
	bm_report_delivery_row *rows = NULL;
	sqlite3_stmt *st;
	size_t n = 0;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     DELIVERY_COLS
	                     " WHERE r.unit_id = ? AND r.kind = ? AND r.period = ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	bm_sq_bind_text(st, 2, kind);
	bm_sq_bind_text(st, 3, period);
	if ((rc = bm_sq_collect(s, a, st, sizeof(*rows), read_delivery, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return BM_ENOTFOUND; /* the service words it */
	*out = rows;
	return 0;
}

int bm_sq_report_delivery_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t limit,
                               bm_report_delivery_row **out, size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st,
	                     DELIVERY_COLS " WHERE r.unit_id = ? ORDER BY r.period DESC, r.id DESC"
	                                   " LIMIT ?")) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, unit_id);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	return bm_sq_collect(s, a, st, sizeof(**out), read_delivery, (void **)out, count);
}
