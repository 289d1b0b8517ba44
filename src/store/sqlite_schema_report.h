/*
 * sqlite_schema_report.h — migration 37: the monthly report recorded as
 * delivered to the unit's leadership (ORG-2, issue 11 point 6). Private to
 * src/store; included by sqlite_schema.h.
 *
 * - report_delivery: one per unit, kind and period — the day it was handed
 *   over, to whom (a member of the leadership) and by whom, and the report
 *   as delivered (`content`, canonical JSON) with its SM3 digest, so that
 *   what the leadership received stays fixed whatever happens to the
 *   records later. Never changed or deleted.
 *
 * The table is bound to the audit chain (model/audit.h, BM_BOUND_TABLES):
 * created here empty, its binding floor is 0.
 */
#ifndef BM_SQLITE_SCHEMA_REPORT_H
#define BM_SQLITE_SCHEMA_REPORT_H

static const char *const migration_37[] = {
        "CREATE TABLE report_delivery ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('monthly')),"
        "  period TEXT NOT NULL,"
        "  delivered_on TEXT NOT NULL,"
        "  recipient_id INTEGER NOT NULL REFERENCES person(id),"
        "  delivered_by INTEGER NOT NULL REFERENCES person(id),"
        "  digest TEXT NOT NULL,"
        "  alg TEXT NOT NULL,"
        "  content TEXT NOT NULL,"
        "  note TEXT,"
        "  created_at TEXT NOT NULL,"
        "  UNIQUE (unit_id, kind, period));",
        "CREATE TRIGGER report_delivery_no_change BEFORE UPDATE ON report_delivery"
        "  BEGIN SELECT RAISE(ABORT, 'a delivered report is kept as it is'); END;",
        "CREATE TRIGGER report_delivery_no_delete BEFORE DELETE ON report_delivery"
        "  BEGIN SELECT RAISE(ABORT, 'a delivered report is kept as it is'); END;",
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'report_delivery', 0, (SELECT coalesce(max(seq), 0) FROM audit_event);",
        NULL,
};

#endif
