/*
 * sqlite_report.c — the records behind the unit's reports (ORG-2) in the
 * SQLite back end: one statement, one row per record and figure, so that
 * every figure the service counts carries the ids it was counted from.
 * Parameters: ?1 unit, ?2/?3 the period's instants (from included, to
 * excluded), ?4/?5 its local dates (both included), ?6 the instant of the
 * standing figures. Every statement is constant text with bound parameters.
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

static const char report_sql[] =
        /* what was registered in the period, at the level it was registered at */
        "SELECT 'carriers.registered', c.original_level, c.origin, c.id, 1 FROM carrier c"
        " WHERE c.unit_id = ?1 AND c.registered_at >= ?2 AND c.registered_at < ?3"
        " UNION ALL SELECT 'carriers.made', c.original_level, NULL, c.id, 1 FROM carrier c"
        " WHERE c.unit_id = ?1 AND c.origin = 'made'"
        " AND c.registered_at >= ?2 AND c.registered_at < ?3"
        " UNION ALL SELECT 'carriers.received', c.original_level, NULL, c.id, 1 FROM carrier c"
        " WHERE c.unit_id = ?1 AND c.origin = 'incoming'"
        " AND c.registered_at >= ?2 AND c.registered_at < ?3"
        " UNION ALL SELECT 'carriers.copied', c.original_level, c.origin, c.id, 1 FROM carrier c"
        " WHERE c.unit_id = ?1 AND c.origin IN ('copy', 'extract')"
        " AND c.registered_at >= ?2 AND c.registered_at < ?3"
        /* sent: one row per carrier of a dispatch made in the period */
        " UNION ALL SELECT 'carriers.sent', c.level, NULL, c.id, 1 FROM dispatch d"
        " JOIN dispatch_item i ON i.dispatch_id = d.id JOIN carrier c ON c.id = i.carrier_id"
        " WHERE d.unit_id = ?1 AND d.created_at >= ?2 AND d.created_at < ?3"
        /* destroyed: the carriers of the destructions carried out in the period */
        " UNION ALL SELECT 'carriers.destroyed', c.level, NULL, c.id, 1 FROM destruction x"
        " JOIN request_item ri ON ri.request_id = x.request_id"
        " JOIN carrier c ON c.id = ri.carrier_id"
        " WHERE c.unit_id = ?1 AND c.status = 'destroyed'"
        " AND x.executed_at >= ?2 AND x.executed_at < ?3"
        /* loans issued in the period (ids are loans) */
        " UNION ALL SELECT 'loans.issued', c.level, l.kind, l.id, 1 FROM loan l"
        " JOIN carrier c ON c.id = l.carrier_id"
        " WHERE c.unit_id = ?1 AND l.issued_at >= ?2 AND l.issued_at < ?3"
        /* level decisions in the period (ids are level_change rows), by the new level */
        " UNION ALL SELECT 'levels.changed', lc.to_level,"
        " CASE WHEN lc.to_level > lc.from_level THEN 'raised'"
        " WHEN lc.to_level < lc.from_level THEN 'lowered' ELSE 'kept' END, lc.id, 1"
        " FROM level_change lc JOIN carrier c ON c.id = lc.carrier_id"
        " WHERE c.unit_id = ?1 AND lc.at >= ?2 AND lc.at < ?3"
        /* overdue at ?6: issued before, due before, not back by then */
        " UNION ALL SELECT 'overdue.loans', c.level, l.kind, l.id, 1 FROM loan l"
        " JOIN carrier c ON c.id = l.carrier_id"
        " WHERE c.unit_id = ?1 AND l.issued_at < ?6 AND l.due_at < ?6"
        " AND (l.returned_at IS NULL OR l.returned_at > ?6)"
        /* incidents opened in the period, and those still open at ?6 */
        " UNION ALL SELECT 'found.incidents', " INCIDENT_LEVEL ", n.kind, n.id, 1"
        " FROM incident n LEFT JOIN carrier c ON c.id = n.carrier_id"
        " WHERE n.unit_id = ?1 AND n.opened_at >= ?2 AND n.opened_at < ?3"
        " UNION ALL SELECT 'overdue.incidents_open', " INCIDENT_LEVEL ", n.kind, n.id, 1"
        " FROM incident n LEFT JOIN carrier c ON c.id = n.carrier_id"
        " WHERE n.unit_id = ?1 AND n.opened_at < ?6"
        " AND (n.closed_at IS NULL OR n.closed_at > ?6)"
        /* counts closed in the period, and those among them that did not tally */
        " UNION ALL SELECT 'counts.closed', -1, s.scope_kind, s.id, 1 FROM count_session s"
        " WHERE s.unit_id = ?1 AND s.closed_at >= ?2 AND s.closed_at < ?3"
        " UNION ALL SELECT 'found.count_discrepancies', -1, s.scope_kind, s.id, 1"
        " FROM count_session s"
        " WHERE s.unit_id = ?1 AND s.closed_at >= ?2 AND s.closed_at < ?3"
        " AND EXISTS (SELECT 1 FROM count_line l WHERE l.session_id = s.id"
        " AND l.list IN ('missing', 'unexpected', 'incomplete'))"
        /* standing at the period's end: cleared people on post, devices not scrapped */
        " UNION ALL SELECT 'people.cleared', -1, p.person_class, p.id, 1 FROM person p"
        " WHERE p.unit_id = ?1 AND p.person_class <> 'none' AND p.status = 'active'"
        " AND p.created_at < ?3"
        " UNION ALL SELECT 'devices', d.level, d.kind, d.id, 1 FROM device d"
        " WHERE d.unit_id = ?1 AND d.status <> 'scrapped' AND d.created_at < ?3"
        /* training sessions held in the period with their hours; who attended (person ids) */
        " UNION ALL SELECT 'trainings', -1, NULL, t.id, t.hours_tenths FROM training_session t"
        " WHERE t.unit_id = ?1 AND t.held_on >= ?4 AND t.held_on <= ?5"
        " UNION ALL SELECT 'trainings.attendance', -1, NULL, a.person_id, 1"
        " FROM training_session t JOIN training_attendance a ON a.session_id = t.id"
        " WHERE t.unit_id = ?1 AND t.held_on >= ?4 AND t.held_on <= ?5"
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
	return f->figure ? 0 : bm_error_nomem();
}

int bm_sq_report_facts(bm_store *bs, bm_arena *a, const bm_report_period *p, bm_report_fact **out,
                       size_t *count)
{
	sq_store *s = bm_sq_of(bs);
	sqlite3_stmt *st;
	int rc;
	if ((rc = bm_sq_prep(s, &st, report_sql)) != 0)
		return rc;
	sqlite3_bind_int64(st, 1, p->unit_id);
	bm_sq_bind_text(st, 2, p->from);
	bm_sq_bind_text(st, 3, p->to);
	bm_sq_bind_text(st, 4, p->from_day);
	bm_sq_bind_text(st, 5, p->to_day);
	bm_sq_bind_text(st, 6, p->as_of);
	return bm_sq_collect(s, a, st, sizeof(**out), read_fact, (void **)out, count);
}
