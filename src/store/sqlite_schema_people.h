/*
 * sqlite_schema_people.h — migration 23: the register of cleared people
 * (涉密人员, PERSON-1..8, ORG-1) and the training records (PERSON-6).
 * Private to src/store; included by sqlite_schema.h.
 *
 * - person gets the register's columns, NULL until recorded (so the rows
 *   bound to the chain before keep their digests, docs/audit.md § 4b).
 * - person_event: the person's history (class, post, vetting, clearance,
 *   statements, commitments, leaving), append-only.
 * - training_session / training_attendance: sessions and who attended,
 *   taken and signed by the clerk; a signed sheet never changes.
 * - person_trip: trips abroad (PERSON-8) and the report back.
 */
#ifndef BM_SQLITE_SCHEMA_PEOPLE_H
#define BM_SQLITE_SCHEMA_PEOPLE_H

static const char *const migration_23[] = {
        "ALTER TABLE person ADD COLUMN post TEXT;",
        "ALTER TABLE person ADD COLUMN vetted_on TEXT;",
        "ALTER TABLE person ADD COLUMN vetting_result TEXT"
        " CHECK (vetting_result IS NULL OR vetting_result IN ('pass','fail'));",
        "ALTER TABLE person ADD COLUMN vetting_note TEXT;",
        "ALTER TABLE person ADD COLUMN cleared_on TEXT;",
        "ALTER TABLE person ADD COLUMN statement_on TEXT;",
        "ALTER TABLE person ADD COLUMN exit_commitment_on TEXT;",
        "ALTER TABLE person ADD COLUMN left_on TEXT;",
        "ALTER TABLE person ADD COLUMN leave_kind TEXT"
        " CHECK (leave_kind IS NULL OR leave_kind IN ('left','moved'));",
        "ALTER TABLE person ADD COLUMN decl_until TEXT;",

        "CREATE TABLE person_event ("
        "  id INTEGER PRIMARY KEY,"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  kind TEXT NOT NULL,"
        "  from_value TEXT,"
        "  to_value TEXT,"
        "  note TEXT);",
        "CREATE INDEX person_event_person ON person_event(person_id, id);",
        "CREATE TRIGGER person_event_no_update BEFORE UPDATE ON person_event"
        "  BEGIN SELECT RAISE(ABORT, 'person history is permanent'); END;",
        "CREATE TRIGGER person_event_no_delete BEFORE DELETE ON person_event"
        "  BEGIN SELECT RAISE(ABORT, 'person history is permanent'); END;",

        "CREATE TABLE training_session ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  held_on TEXT NOT NULL,"
        "  topic TEXT NOT NULL,"
        "  hours_tenths INTEGER NOT NULL CHECK (hours_tenths > 0),"
        "  trainer TEXT NOT NULL,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL,"
        "  signed_by INTEGER REFERENCES person(id),"
        "  signed_at TEXT);",
        "CREATE INDEX training_session_held ON training_session(unit_id, held_on);",
        "CREATE TABLE training_attendance ("
        "  session_id INTEGER NOT NULL REFERENCES training_session(id),"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL,"
        "  PRIMARY KEY (session_id, person_id)) WITHOUT ROWID;",
        "CREATE INDEX training_attendance_person ON training_attendance(person_id);",
        "CREATE TRIGGER training_attendance_signed BEFORE INSERT ON training_attendance"
        "  WHEN (SELECT signed_at FROM training_session WHERE id = NEW.session_id) IS NOT NULL"
        "  BEGIN SELECT RAISE(ABORT, 'the attendance sheet is signed'); END;",
        "CREATE TRIGGER training_attendance_no_delete BEFORE DELETE ON training_attendance"
        "  BEGIN SELECT RAISE(ABORT, 'attendance is permanent'); END;",

        "CREATE TABLE person_trip ("
        "  id INTEGER PRIMARY KEY,"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  destination TEXT NOT NULL,"
        "  purpose TEXT,"
        "  depart_on TEXT NOT NULL,"
        "  return_on TEXT NOT NULL,"
        "  briefed_on TEXT NOT NULL,"
        "  approved_by TEXT NOT NULL,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL,"
        "  reported_on TEXT,"
        "  report_note TEXT);",
        "CREATE INDEX person_trip_person ON person_trip(person_id, id);",
        "CREATE INDEX person_trip_open ON person_trip(return_on) WHERE reported_on IS NULL;",
        NULL,
};

/*
 * 31: PERSON-8's approval by class. A trip is recorded, approved by the
 * chain person.trip_approver.<class> names (approvals given so far; the
 * approvers' names in approved_by), then recorded as departed. Trips
 * recorded before, under a named approver, count as approved and departed.
 */
static const char *const migration_31[] = {
        "ALTER TABLE person_trip ADD COLUMN approvals INTEGER NOT NULL DEFAULT 0;",
        "ALTER TABLE person_trip ADD COLUMN departed_on TEXT;",
        "UPDATE person_trip SET approvals = 1, departed_on = depart_on;",
        NULL,
};

#endif
