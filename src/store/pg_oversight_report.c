/*
 * pg_oversight_report.c — the records behind the unit's reports (ORG-2;
 * sqlite_report.c) and the monthly report's deliveries in the PostgreSQL back end
 * (issue 12), beside pg_oversight.c; store.h says the contract of each operation.
 *
 * report_facts is SQLite's three statements translated figure by figure, so that every
 * figure counts the same records: $1 unit, $2/$3 the period's instants (from included, to
 * excluded), $4/$5 its local dates (both included), $6 the instant of the standing
 * figures. JSON is read with jsonb's operators where SQLite calls json_extract and
 * json_each. Times and dates are ISO text compared bytewise (COLLATE "C", SQLite's
 * BINARY), whatever the database's collation. Each statement sorts by figure and id as
 * SQLite's does; where one figure holds the same id twice (a carrier sent in two
 * dispatches, a person at two sessions, an inspection's several findings) two more
 * columns, not read, keep the order SQLite's plan gives them (the statement's arm, then
 * the dispatch, the session's day and id as its index walks them, or the checklist's
 * line).
 */
#include "common.h"

#include <string.h>

#include "store/pg_int.h"

/* Bytewise comparison of ISO times and dates (SQLite's BINARY). */
#define C " COLLATE \"C\""

/* An incident's level: the one recorded on it (INC-2), else its carrier's, else -1. */
#define INCIDENT_LEVEL                                                                             \
	"coalesce(CASE n.detail::jsonb ->> 'level' WHEN 'public' THEN 0"                           \
	" WHEN 'internal' THEN 1 WHEN 'confidential' THEN 2 WHEN 'secret' THEN 3"                  \
	" WHEN 'top_secret' THEN 4 END, c.level, -1)"

/* A rectification notice's last change before $6 (open, report, close, reopen). */
#define RECT_LAST_ACTION                                                                           \
	"(SELECT e.action FROM rectification_event e WHERE e.rectification_id = r.id"              \
	" AND e.at" C " < $6 ORDER BY e.id DESC LIMIT 1)"

/* Its deadline at $6: sqlite_report.c's RECT_DEADLINE_THEN, which says why each form. */
#define RECT_DEADLINE_THEN                                                                         \
	"coalesce((SELECT coalesce(e.deadline, substr(e.detail, length(e.detail) - 10, 10))"       \
	" FROM rectification_event e WHERE e.rectification_id = r.id AND e.action = 'reopen'"      \
	" AND e.at" C " < $6 ORDER BY e.id DESC LIMIT 1), (SELECT coalesce(e.deadline, e.detail)"  \
	" FROM rectification_event e WHERE e.rectification_id = r.id AND e.action = 'open'"        \
	" ORDER BY e.id LIMIT 1), r.deadline)"

/*
 * Columns: figure, level, breakdown, id, amount, the carrier the record concerns (NULL:
 * none), a label, a day and a deadline (sqlite_report.c), then the arm and the order
 * within one id (the header says why), which are not read. The first arm's figure is
 * COLLATE "C", so the statement sorts figures bytewise.
 */
static const char report_sql_carriers[] =
        "SELECT 'carriers.registered'" C ", c.original_level, c.origin, c.id, 1, c.id,"
        " c.title, c.registered_at, NULL, 1, 0 FROM carrier c"
        " WHERE c.unit_id = $1 AND c.registered_at" C " >= $2 AND c.registered_at" C " < $3"
        " UNION ALL SELECT 'carriers.made', c.original_level, NULL, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL, 2, 0 FROM carrier c WHERE c.unit_id = $1 AND c.origin = 'made'"
        " AND c.registered_at" C " >= $2 AND c.registered_at" C " < $3"
        " UNION ALL SELECT 'carriers.received', c.original_level, NULL, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL, 3, 0 FROM carrier c WHERE c.unit_id = $1"
        " AND c.origin = 'incoming' AND c.registered_at" C " >= $2 AND c.registered_at" C " < $3"
        " UNION ALL SELECT 'carriers.copied', c.original_level, c.origin, c.id, 1, c.id, c.title,"
        " c.registered_at, NULL, 4, 0 FROM carrier c WHERE c.unit_id = $1"
        " AND c.origin IN ('copy', 'extract') AND c.registered_at" C " >= $2"
        " AND c.registered_at" C " < $3"
        " UNION ALL SELECT 'carriers.sent', c.level, NULL, c.id, 1, c.id, c.title, d.created_at,"
        " NULL, 5, d.id FROM dispatch d"
        " JOIN dispatch_item i ON i.dispatch_id = d.id JOIN carrier c ON c.id = i.carrier_id"
        " WHERE d.unit_id = $1 AND d.created_at" C " >= $2 AND d.created_at" C " < $3"
        " UNION ALL SELECT 'carriers.destroyed', c.level, NULL, c.id, 1, c.id, c.title,"
        " x.executed_at, NULL, 6, x.id FROM destruction x"
        " JOIN request_item ri ON ri.request_id = x.request_id"
        " JOIN carrier c ON c.id = ri.carrier_id"
        " WHERE c.unit_id = $1 AND c.status = 'destroyed'"
        " AND x.executed_at" C " >= $2 AND x.executed_at" C " < $3"
        " UNION ALL SELECT 'loans.issued', c.level, l.kind, l.id, 1, c.id, c.title, l.issued_at,"
        " l.due_at, 7, 0 FROM loan l JOIN carrier c ON c.id = l.carrier_id"
        " WHERE c.unit_id = $1 AND l.issued_at" C " >= $2 AND l.issued_at" C " < $3"
        " UNION ALL SELECT 'levels.changed', lc.to_level,"
        " CASE WHEN lc.to_level > lc.from_level THEN 'raised'"
        " WHEN lc.to_level < lc.from_level THEN 'lowered' ELSE 'kept' END, lc.id, 1, c.id,"
        " c.title, lc.at, NULL, 8, 0 FROM level_change lc JOIN carrier c ON c.id = lc.carrier_id"
        " WHERE c.unit_id = $1 AND lc.at" C " >= $2 AND lc.at" C " < $3"
        " ORDER BY 1, 4, 10, 11";

static const char report_sql_records[] =
        "SELECT 'overdue.loans'" C ", c.level, l.kind, l.id, 1, c.id, c.title, l.issued_at,"
        " l.due_at, 1, ''" C " FROM loan l JOIN carrier c ON c.id = l.carrier_id"
        " WHERE c.unit_id = $1 AND l.issued_at" C " < $6 AND l.due_at" C " < $6"
        " AND (l.returned_at IS NULL OR l.returned_at" C " > $6)"
        " UNION ALL SELECT 'found.incidents', " INCIDENT_LEVEL ", n.kind, n.id, 1, n.carrier_id,"
        " c.title, n.opened_at, NULL, 2, ''"
        " FROM incident n LEFT JOIN carrier c ON c.id = n.carrier_id"
        " WHERE n.unit_id = $1 AND n.opened_at" C " >= $2 AND n.opened_at" C " < $3"
        " UNION ALL SELECT 'overdue.incidents_open', " INCIDENT_LEVEL ", n.kind, n.id, 1,"
        " n.carrier_id, c.title, n.opened_at, NULL, 3, ''"
        " FROM incident n LEFT JOIN carrier c ON c.id = n.carrier_id"
        " WHERE n.unit_id = $1 AND n.opened_at" C " < $6"
        " AND (n.closed_at IS NULL OR n.closed_at" C " > $6)"
        " UNION ALL SELECT 'counts.closed', -1, s.scope_kind, s.id, 1, NULL, s.reason,"
        " s.closed_at, NULL, 4, '' FROM count_session s"
        " WHERE s.unit_id = $1 AND s.closed_at" C " >= $2 AND s.closed_at" C " < $3"
        " UNION ALL SELECT 'found.count_discrepancies', -1, s.scope_kind, s.id, 1, NULL,"
        " s.reason, s.closed_at, NULL, 5, '' FROM count_session s"
        " WHERE s.unit_id = $1 AND s.closed_at" C " >= $2 AND s.closed_at" C " < $3"
        " AND EXISTS (SELECT 1 FROM count_line l WHERE l.session_id = s.id"
        " AND l.list IN ('missing', 'unexpected', 'incomplete'))"
        " UNION ALL SELECT 'people.cleared', -1, p.person_class, p.id, 1, NULL, p.name, NULL,"
        " NULL, 6, '' FROM person p"
        " WHERE p.unit_id = $1 AND p.person_class <> 'none' AND p.status = 'active'"
        " AND p.created_at" C " < $3"
        " UNION ALL SELECT 'devices', d.level, d.kind, d.id, 1, NULL,"
        " d.number || coalesce(' ' || d.model, ''), NULL, NULL, 7, '' FROM device d"
        " WHERE d.unit_id = $1 AND d.status <> 'scrapped' AND d.created_at" C " < $3"
        " UNION ALL SELECT 'trainings', -1, NULL, t.id, t.hours_tenths, NULL, t.topic,"
        " t.held_on, NULL, 8, '' FROM training_session t"
        " WHERE t.unit_id = $1 AND t.held_on" C " >= $4 AND t.held_on" C " <= $5"
        " UNION ALL SELECT 'trainings.attendance', -1, NULL, a.person_id, 1, NULL, p.name,"
        " t.held_on, NULL, 9, t.held_on || lpad(t.id::text, 20, '0') FROM training_session t"
        " JOIN training_attendance a ON a.session_id = t.id JOIN person p ON p.id = a.person_id"
        " WHERE t.unit_id = $1 AND t.held_on" C " >= $4 AND t.held_on" C " <= $5"
        " ORDER BY 1, 4, 10, 11";

static const char report_sql_inspections[] =
        "SELECT 'inspections.held'" C ", -1, i.kind, i.id, 1, NULL, i.summary, i.held_on,"
        " NULL, 1, 0::bigint FROM inspection i"
        " WHERE i.unit_id = $1 AND i.held_on" C " >= $4 AND i.held_on" C " <= $5"
        " UNION ALL SELECT 'inspections.findings', -1, i.kind, i.id, 1, NULL,"
        " j.value ->> 'item', i.held_on, NULL, 2, j.ord"
        " FROM inspection i, jsonb_array_elements(i.checklist::jsonb) WITH ORDINALITY"
        " AS j(value, ord)"
        " WHERE i.unit_id = $1 AND i.held_on" C " >= $4 AND i.held_on" C " <= $5"
        " AND j.value ->> 'answer' = 'no'"
        " UNION ALL SELECT 'rectifications.opened', -1,"
        " CASE WHEN r.inspection_id IS NULL THEN 'self_assessment' ELSE 'inspection' END, r.id,"
        " 1, NULL, r.finding, r.created_at, r.deadline, 3, 0 FROM rectification r"
        " WHERE r.unit_id = $1 AND r.created_at" C " >= $2 AND r.created_at" C " < $3"
        " UNION ALL SELECT 'rectifications.closed', -1, NULL, r.id, 1, NULL, r.finding,"
        " (SELECT max(e.at" C ") FROM rectification_event e WHERE e.rectification_id = r.id"
        " AND e.action = 'close' AND e.at" C " >= $2 AND e.at" C " < $3), NULL, 4, 0"
        " FROM rectification r"
        " WHERE r.unit_id = $1 AND EXISTS (SELECT 1 FROM rectification_event e"
        " WHERE e.rectification_id = r.id AND e.action = 'close' AND e.at" C " >= $2"
        " AND e.at" C " < $3)"
        " UNION ALL SELECT 'rectifications.open', -1,"
        " CASE " RECT_LAST_ACTION " WHEN 'report' THEN 'reported' ELSE 'open' END, r.id, 1,"
        " NULL, r.finding, r.created_at, " RECT_DEADLINE_THEN ", 5, 0 FROM rectification r"
        " WHERE r.unit_id = $1 AND r.created_at" C " < $6"
        " AND coalesce(" RECT_LAST_ACTION ", 'open') <> 'close'"
        " UNION ALL SELECT 'self_assessment', -1,"
        " CASE WHEN a.leader_signed_at IS NOT NULL THEN 'leader_signed'"
        " WHEN a.clerk_signed_at IS NOT NULL THEN 'clerk_signed' ELSE 'in_progress' END, a.id,"
        " 1, NULL, a.year::text, a.started_at, NULL, 6, 0 FROM self_assessment a"
        " WHERE a.unit_id = $1 AND a.year = substr($4, 1, 4)::bigint"
        " UNION ALL SELECT 'self_assessment.findings', -1, NULL, it.id, 1, NULL, it.item,"
        " it.answered_at, it.deadline, 7, 0 FROM self_assessment a"
        " JOIN self_assessment_item it ON it.assessment_id = a.id"
        " WHERE a.unit_id = $1 AND a.year = substr($4, 1, 4)::bigint"
        " AND it.answer = 'no'"
        " ORDER BY 1, 4, 10, 11";

static int read_fact(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_report_fact *f = row;
	f->figure = bm_pg_text(a, res, i, 0);
	f->level = (int)bm_pg_i64(res, i, 1);
	f->sub = bm_pg_text(a, res, i, 2);
	f->id = bm_pg_i64(res, i, 3);
	f->amount = bm_pg_i64(res, i, 4);
	f->carrier_id = bm_pg_i64(res, i, 5);
	f->label = bm_pg_text(a, res, i, 6);
	f->day = bm_pg_text(a, res, i, 7);
	f->due = bm_pg_text(a, res, i, 8);
	return f->figure ? 0 : bm_error_nomem();
}

static int pg_report_facts(bm_store *bs, bm_arena *a, const bm_report_period *per,
                           bm_report_fact **out, size_t *count)
{
	/* Three statements, as on SQLite; their figures are disjoint, each in id order. */
	static const char *const parts[] = {report_sql_carriers, report_sql_records,
	                                    report_sql_inspections};
	/* How many of the six each uses: PostgreSQL types every parameter it is given. */
	static const int used[BM_ARRAY_LEN(parts)] = {3, 6, 6};
	pg_store *s = bm_pg_of(bs);
	bm_report_fact *got[BM_ARRAY_LEN(parts)] = {0}, *all;
	size_t n[BM_ARRAY_LEN(parts)] = {0}, total = 0;
	int rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(parts); i++) {
		bm_pg_params p = {0};
		bm_pg_p_i64(&p, per->unit_id);
		bm_pg_p_text(&p, per->from);
		bm_pg_p_text(&p, per->to);
		bm_pg_p_text(&p, per->from_day);
		bm_pg_p_text(&p, per->to_day);
		bm_pg_p_text(&p, per->as_of);
		p.n = used[i];
		if ((rc = bm_pg_collect(s, a, parts[i], &p, sizeof(**out), read_fact,
		                        (void **)&got[i], &n[i])) != 0)
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

/* ---- ORG-2: the month's report delivered to the leadership ------------------------ */

#define DELIVERY_COLS                                                                              \
	"SELECT r.id, r.unit_id, r.kind, r.period, r.delivered_on, r.recipient_id,"                \
	" r.delivered_by, r.digest, r.alg, r.content, r.note, r.created_at, t.name, b.name"        \
	" FROM report_delivery r LEFT JOIN person t ON t.id = r.recipient_id"                      \
	" LEFT JOIN person b ON b.id = r.delivered_by"

static int read_delivery(bm_arena *a, PGresult *res, int i, void *row)
{
	bm_report_delivery_row *r = row;
	r->id = bm_pg_i64(res, i, 0);
	r->unit_id = bm_pg_i64(res, i, 1);
	r->kind = bm_pg_text(a, res, i, 2);
	r->period = bm_pg_text(a, res, i, 3);
	r->delivered_on = bm_pg_text(a, res, i, 4);
	r->recipient_id = bm_pg_i64(res, i, 5);
	r->delivered_by = bm_pg_i64(res, i, 6);
	r->digest = bm_pg_text(a, res, i, 7);
	r->alg = bm_pg_text(a, res, i, 8);
	r->content = bm_pg_text(a, res, i, 9);
	r->note = bm_pg_text(a, res, i, 10);
	r->created_at = bm_pg_text(a, res, i, 11);
	r->recipient_name = bm_pg_text(a, res, i, 12);
	r->delivered_by_name = bm_pg_text(a, res, i, 13);
	return r->kind && r->period && r->digest && r->content ? 0 : bm_error_nomem();
}

static int pg_report_delivery_insert(bm_store *bs, bm_report_delivery_row *r)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, r->unit_id);
	bm_pg_p_text(&p, r->kind);
	bm_pg_p_text(&p, r->period);
	bm_pg_p_text(&p, r->delivered_on);
	bm_pg_p_i64(&p, r->recipient_id);
	bm_pg_p_i64(&p, r->delivered_by);
	bm_pg_p_text(&p, r->digest);
	bm_pg_p_text(&p, r->alg);
	bm_pg_p_text(&p, r->content);
	bm_pg_p_text(&p, r->note);
	bm_pg_p_text(&p, r->created_at);
	return bm_pg_insert_id(
	        bm_pg_of(bs),
	        "INSERT INTO report_delivery(unit_id, kind, period, delivered_on,"
	        " recipient_id, delivered_by, digest, alg, content, note, created_at)"
	        " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11) RETURNING id",
	        &p, &r->id);
}

static int pg_report_delivery_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *kind,
                                   const char *period, bm_report_delivery_row **out)
{
	bm_pg_params p = {0};
	bm_report_delivery_row *rows;
	size_t n;
	int rc;
	bm_pg_p_i64(&p, unit_id);
	bm_pg_p_text(&p, kind);
	bm_pg_p_text(&p, period);
	if ((rc = bm_pg_collect(bm_pg_of(bs), a,
	                        DELIVERY_COLS
	                        " WHERE r.unit_id = $1 AND r.kind = $2 AND r.period = $3",
	                        &p, sizeof(*rows), read_delivery, (void **)&rows, &n)) != 0)
		return rc;
	if (n == 0)
		return BM_ENOTFOUND; /* the service words it */
	*out = rows;
	return 0;
}

static int pg_report_delivery_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t limit,
                                   bm_report_delivery_row **out, size_t *count)
{
	bm_pg_params p = {0};
	bm_pg_p_i64(&p, unit_id);
	/* SQLite's LIMIT -1 is no limit; PostgreSQL's LIMIT NULL is the same. */
	if (limit > 0)
		bm_pg_p_i64(&p, limit);
	else
		bm_pg_p_text(&p, NULL);
	return bm_pg_collect(bm_pg_of(bs), a,
	                     DELIVERY_COLS " WHERE r.unit_id = $1"
	                                   " ORDER BY r.period" C
	                                   " DESC, r.id DESC LIMIT $2::bigint",
	                     &p, sizeof(**out), read_delivery, (void **)out, count);
}

void bm_pg_report_ops(struct bm_store_ops *ops)
{
	ops->report_facts = pg_report_facts;
	ops->report_delivery_insert = pg_report_delivery_insert;
	ops->report_delivery_find = pg_report_delivery_find;
	ops->report_delivery_list = pg_report_delivery_list;
}
