/*
 * sqlite_schema_keep.h — migration 6: personal keeping (个人保管, KEEP-6).
 * Private to src/store; included by sqlite_schema.h.
 *
 * A carrier kept by a person who is not a secrecy clerk records why, who
 * approved and until when, on the carrier row itself: the unit, department
 * and personal ledgers stay views of that one row. All three are NULL while
 * a clerk keeps it; the history (carrier_event) keeps every earlier set.
 */
#ifndef BM_SQLITE_SCHEMA_KEEP_H
#define BM_SQLITE_SCHEMA_KEEP_H

static const char *const migration_6[] = {
        "ALTER TABLE carrier ADD COLUMN keep_reason TEXT;",
        "ALTER TABLE carrier ADD COLUMN keep_approver_id INTEGER REFERENCES person(id);",
        "ALTER TABLE carrier ADD COLUMN keep_until TEXT;",
        "CREATE INDEX carrier_keep_until ON carrier(keep_until) WHERE keep_until IS NOT NULL;",
        NULL,
};

#endif
