/*
 * sqlite_schema_audit.h — migration 8: indexes behind the audit list's
 * filters (issue 17). Private to src/store; included by sqlite_schema.h.
 *
 * Each index holds one filter column and, implicitly, the rowid (seq), so a
 * filter on one column is answered in seq order from its index alone:
 * counted without reading the events and paged without sorting. `at` serves
 * the local-date bounds (from/to) as a range.
 */
#ifndef BM_SQLITE_SCHEMA_AUDIT_H
#define BM_SQLITE_SCHEMA_AUDIT_H

static const char *const migration_8[] = {
        "CREATE INDEX audit_event_actor ON audit_event(actor);",
        "CREATE INDEX audit_event_action ON audit_event(action);",
        "CREATE INDEX audit_event_outcome ON audit_event(outcome);",
        "CREATE INDEX audit_event_rule ON audit_event(rule);",
        "CREATE INDEX audit_event_at ON audit_event(at);",
        NULL,
};

#endif
