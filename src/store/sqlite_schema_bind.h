/*
 * sqlite_schema_bind.h — migrations 19 and 32: where the ledger's binding
 * to the chain began (issue 9 point 3, SYS-3), and where the registers'
 * began and bulk sets are kept (below). Private to src/store; included by
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

/*
 * Migration 32 (issue 10, issue 17 point 5).
 *
 * The registers of issue 10 join the binding (model/audit.h,
 * BM_BOUND_TABLES): their floor is their largest id now, as migration 19's
 * was for the ledger, so their rows written before are "not bound (before
 * binding)" and every later one must be in the chain. training_attendance's
 * id is session_id * 2^28 + person_id.
 *
 * bind_set holds the row digests of a bound set: an event that writes more
 * than BM_BOUND_SET_MIN rows of one table records in its detail one digest
 * over them ("bound_sets", audit/audit.h) and the digests themselves go
 * here, in chunks of up to BM_BOUND_CHUNK rows: `ids` 8 bytes big-endian
 * each, ascending, `digests` 32 bytes each (all zero: deleted). The chain
 * covers them through the set's digest, so `baomi check` can tell any
 * change here (a chunk edited, removed or added) from the event's own; it
 * needs them for the rows a later event wrote again, whose state at the
 * set's event the table no longer holds.
 */
static const char *const migration_32[] = {
        "CREATE TABLE bind_set ("
        "  id INTEGER PRIMARY KEY,"
        "  seq INTEGER NOT NULL," /* the event that binds the set */
        "  tbl TEXT NOT NULL,"
        "  chunk INTEGER NOT NULL," /* from 0, in id order */
        "  n INTEGER NOT NULL,"
        "  ids BLOB NOT NULL,"
        "  digests BLOB NOT NULL,"
        "  UNIQUE (seq, tbl, chunk));",
        "CREATE TRIGGER bind_set_no_update BEFORE UPDATE ON bind_set"
        "  BEGIN SELECT RAISE(ABORT, 'a bound set never changes'); END;",
        "CREATE TRIGGER bind_set_no_delete BEFORE DELETE ON bind_set"
        "  BEGIN SELECT RAISE(ABORT, 'a bound set never changes'); END;",
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'person_event', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM person_event"
        "  UNION ALL SELECT 'training_session', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM training_session"
        "  UNION ALL SELECT 'training_attendance', coalesce(max((session_id << 28) + person_id), "
        "0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM training_attendance"
        "  UNION ALL SELECT 'person_trip', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM person_trip"
        "  UNION ALL SELECT 'device', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM device"
        "  UNION ALL SELECT 'device_event', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM device_event"
        "  UNION ALL SELECT 'site', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM site"
        "  UNION ALL SELECT 'site_member', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM site_member"
        "  UNION ALL SELECT 'site_measure', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM site_measure"
        "  UNION ALL SELECT 'site_visit', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM site_visit"
        "  UNION ALL SELECT 'site_event', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM site_event;",
        NULL,
};

/*
 * Migration 35 (issue 11): the meetings (migration 30) and the reward and
 * sanction register (migration 28) join the binding. As in migration 32,
 * their floor is their largest id now: rows written before read "not bound
 * (before binding)", every later one must be in the chain.
 */
static const char *const migration_35[] = {
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'meeting', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM meeting"
        "  UNION ALL SELECT 'meeting_participant', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM meeting_participant"
        "  UNION ALL SELECT 'meeting_document', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM meeting_document"
        "  UNION ALL SELECT 'meeting_event', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM meeting_event"
        "  UNION ALL SELECT 'merit', coalesce(max(id), 0),"
        "    (SELECT coalesce(max(seq), 0) FROM audit_event) FROM merit;",
        NULL,
};

#endif
