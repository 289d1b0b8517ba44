/*
 * sqlite_schema_meeting.h — migration 30: classified meetings (涉密会议,
 * MEET-1, MEET-2). Private to src/store; included by sqlite_schema.h.
 *
 * - meeting: level, place (a key site, or a room), start and end, the
 *   organiser, the measures taken and when they were recorded, and its
 *   status (planned, open, closed); never deleted;
 * - meeting_participant: the participant list (the meeting's scope); a
 *   person leaves it by removed_at, the row stays;
 * - meeting_document: a document issued at the meeting, as the loan (of the
 *   new kind "meeting") that records its issue against signature and its
 *   return (who received it back, when);
 * - meeting_event: the meeting's history, one line per change.
 *
 * The loan table is rebuilt with the same columns and rows (ids kept, so
 * the digests binding them to the audit chain still match) only to admit
 * the kind "meeting" in its CHECK; its indexes are made again.
 */
#ifndef BM_SQLITE_SCHEMA_MEETING_H
#define BM_SQLITE_SCHEMA_MEETING_H

static const char *const migration_30[] = {
        "CREATE TABLE loan_next ("
        "  id INTEGER PRIMARY KEY,"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  request_id INTEGER REFERENCES request(id),"
        "  kind TEXT NOT NULL CHECK (kind IN"
        "    ('borrow','read_on_site','take_out','circulation','meeting')),"
        "  holder_id INTEGER NOT NULL REFERENCES person(id),"
        "  issued_by INTEGER NOT NULL REFERENCES person(id),"
        "  issued_at TEXT NOT NULL,"
        "  due_at TEXT NOT NULL,"
        "  place TEXT,"
        "  destination TEXT,"
        "  purpose TEXT,"
        "  signature TEXT NOT NULL,"
        "  returned_at TEXT,"
        "  received_by INTEGER REFERENCES person(id),"
        "  return_note TEXT,"
        "  incomplete INTEGER NOT NULL DEFAULT 0);",
        "INSERT INTO loan_next SELECT id, carrier_id, request_id, kind, holder_id, issued_by,"
        "  issued_at, due_at, place, destination, purpose, signature, returned_at, received_by,"
        "  return_note, incomplete FROM loan;",
        "DROP TABLE loan;",
        "ALTER TABLE loan_next RENAME TO loan;",
        "CREATE INDEX loan_open ON loan(returned_at, due_at);",
        "CREATE INDEX loan_carrier ON loan(carrier_id);",
        "CREATE INDEX loan_holder ON loan(holder_id);",
        "CREATE INDEX loan_open_kind ON loan(kind, due_at) WHERE returned_at IS NULL;",
        "CREATE INDEX loan_open_carrier ON loan(carrier_id, id) WHERE returned_at IS NULL;",

        "CREATE TABLE meeting ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  title TEXT NOT NULL,"
        "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),"
        "  site_id INTEGER REFERENCES site(id),"
        "  room TEXT,"
        "  starts_at TEXT NOT NULL,"
        "  ends_at TEXT NOT NULL,"
        "  organiser_id INTEGER NOT NULL REFERENCES person(id),"
        "  no_wireless INTEGER NOT NULL DEFAULT 0,"
        "  phones_collected INTEGER NOT NULL DEFAULT 0,"
        "  room_checked INTEGER NOT NULL DEFAULT 0,"
        "  measures_at TEXT,"
        "  measures_by INTEGER REFERENCES person(id),"
        "  note TEXT,"
        "  status TEXT NOT NULL DEFAULT 'planned' CHECK (status IN ('planned','open','closed')),"
        "  opened_at TEXT,"
        "  closed_at TEXT,"
        "  created_by INTEGER NOT NULL REFERENCES person(id),"
        "  created_at TEXT NOT NULL,"
        "  updated_at TEXT NOT NULL,"
        "  CHECK ((site_id IS NULL) <> (room IS NULL)));",
        "CREATE INDEX meeting_unit ON meeting(unit_id, starts_at);",
        "CREATE TRIGGER meeting_no_delete BEFORE DELETE ON meeting"
        "  BEGIN SELECT RAISE(ABORT, 'meetings are permanent'); END;",
        "CREATE TABLE meeting_participant ("
        "  id INTEGER PRIMARY KEY,"
        "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  added_by INTEGER NOT NULL REFERENCES person(id),"
        "  added_at TEXT NOT NULL,"
        "  removed_by INTEGER REFERENCES person(id),"
        "  removed_at TEXT);",
        "CREATE UNIQUE INDEX meeting_participant_listed ON meeting_participant(meeting_id,"
        "  person_id) WHERE removed_at IS NULL;",
        "CREATE TRIGGER meeting_participant_no_delete BEFORE DELETE ON meeting_participant"
        "  BEGIN SELECT RAISE(ABORT, 'meetings are permanent'); END;",
        "CREATE TABLE meeting_document ("
        "  id INTEGER PRIMARY KEY,"
        "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
        "  loan_id INTEGER NOT NULL UNIQUE REFERENCES loan(id),"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id));",
        "CREATE INDEX meeting_document_meeting ON meeting_document(meeting_id, id);",
        "CREATE TRIGGER meeting_document_no_change BEFORE UPDATE ON meeting_document"
        "  BEGIN SELECT RAISE(ABORT, 'meetings are permanent'); END;",
        "CREATE TRIGGER meeting_document_no_delete BEFORE DELETE ON meeting_document"
        "  BEGIN SELECT RAISE(ABORT, 'meetings are permanent'); END;",
        "CREATE TABLE meeting_event ("
        "  id INTEGER PRIMARY KEY,"
        "  meeting_id INTEGER NOT NULL REFERENCES meeting(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  action TEXT NOT NULL,"
        "  detail TEXT);",
        "CREATE INDEX meeting_event_meeting ON meeting_event(meeting_id, id);",
        "CREATE TRIGGER meeting_event_no_change BEFORE UPDATE ON meeting_event"
        "  BEGIN SELECT RAISE(ABORT, 'meetings are permanent'); END;",
        "CREATE TRIGGER meeting_event_no_delete BEFORE DELETE ON meeting_event"
        "  BEGIN SELECT RAISE(ABORT, 'meetings are permanent'); END;",
        NULL,
};

#endif
