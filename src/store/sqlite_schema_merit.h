/*
 * sqlite_schema_merit.h — migration 28: the register of rewards and
 * sanctions (奖惩登记, INC-2, INSP-3). Private to src/store; included by
 * sqlite_schema.h.
 *
 * - merit: one decision about one person: a sanction on an incident (the
 *   level involved copied from the incident when decided, the factors that
 *   let it leave the level's range) or a reward; who decided, when, under
 *   which document. A decision revoked on appeal is a new line, so nothing
 *   here is ever changed or deleted.
 */
#ifndef BM_SQLITE_SCHEMA_MERIT_H
#define BM_SQLITE_SCHEMA_MERIT_H

static const char *const migration_28[] = {
        "CREATE TABLE merit ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('reward','sanction')),"
        "  measure TEXT NOT NULL,"
        "  incident_id INTEGER REFERENCES incident(id),"
        "  level TEXT,"
        "  factor TEXT CHECK (factor IN ('aggravating','mitigating')),"
        "  factor_text TEXT,"
        "  reason TEXT,"
        "  decided_by TEXT NOT NULL,"
        "  decided_on TEXT NOT NULL,"
        "  document TEXT NOT NULL,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL,"
        "  CHECK ((kind = 'sanction') = (incident_id IS NOT NULL)));",
        "CREATE INDEX merit_unit ON merit(unit_id, decided_on);",
        "CREATE INDEX merit_person ON merit(person_id, decided_on);",
        "CREATE INDEX merit_incident ON merit(incident_id) WHERE incident_id IS NOT NULL;",
        "CREATE TRIGGER merit_no_change BEFORE UPDATE ON merit"
        "  BEGIN SELECT RAISE(ABORT, 'the reward and sanction register is permanent'); END;",
        "CREATE TRIGGER merit_no_delete BEFORE DELETE ON merit"
        "  BEGIN SELECT RAISE(ABORT, 'the reward and sanction register is permanent'); END;",
        NULL,
};

#endif
