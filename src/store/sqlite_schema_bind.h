/*
 * sqlite_schema_bind.h — migration 19: where the ledger's binding to the
 * chain began (issue 9 point 3, SYS-3). Private to src/store; included by
 * sqlite_schema.h.
 *
 * From this migration on, every audit event records the digest of each
 * carrier, loan, request and person row its use case wrote (store.h,
 * bound_take). Rows last written before it carry no digest: `baomi check`
 * reports a row with no digest whose id is at most its table's max_id here
 * as "not bound (before binding)", and any later one as not in the chain.
 * On a unit created with this migration every max_id and seq is 0, so
 * every row must be bound.
 */
#ifndef BM_SQLITE_SCHEMA_BIND_H
#define BM_SQLITE_SCHEMA_BIND_H

static const char *const migration_19[] = {
        "CREATE TABLE bind_floor ("
        "  tbl TEXT PRIMARY KEY,"
        "  max_id INTEGER NOT NULL," /* the table's largest id when binding began */
        "  seq INTEGER NOT NULL);",  /* the chain's last event then */
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'carrier', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM carrier"
        "  UNION ALL SELECT 'loan', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM loan"
        "  UNION ALL SELECT 'request', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM request"
        "  UNION ALL SELECT 'person', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM person;",
        "CREATE TRIGGER bind_floor_no_change BEFORE UPDATE ON bind_floor"
        "  BEGIN SELECT RAISE(ABORT, 'the binding floor never changes'); END;",
        NULL,
};

#endif
