/*
 * sqlite_schema_letter.h — migration 5: personal letters (领导亲启, REG-3).
 * Private to src/store; included by sqlite_schema.h.
 *
 * - personal_letter: the envelope the clerk logs unopened (sender, date
 *   received, addressee); the addressee records the opening and whether it
 *   held classified contents; status sealed → to_register → registered, or
 *   sealed → closed when nothing classified was inside;
 * - personal_letter_carrier: the incoming carriers registered from its
 *   contents. Letters are never deleted and their links never change.
 */
#ifndef BM_SQLITE_SCHEMA_LETTER_H
#define BM_SQLITE_SCHEMA_LETTER_H

static const char *const migration_5[] = {
        "CREATE TABLE personal_letter ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  sender TEXT NOT NULL,"
        "  received_on TEXT NOT NULL,"
        "  addressee_id INTEGER NOT NULL REFERENCES person(id),"
        "  note TEXT,"
        "  logged_by INTEGER NOT NULL REFERENCES person(id),"
        "  logged_at TEXT NOT NULL,"
        "  status TEXT NOT NULL DEFAULT 'sealed'"
        "    CHECK (status IN ('sealed','to_register','registered','closed')),"
        "  opened_at TEXT,"
        "  classified INTEGER NOT NULL DEFAULT 0,"
        "  open_note TEXT,"
        "  registered_at TEXT);",
        "CREATE INDEX personal_letter_addressee ON personal_letter(addressee_id, id);",
        "CREATE TRIGGER personal_letter_no_delete BEFORE DELETE ON personal_letter"
        "  BEGIN SELECT RAISE(ABORT, 'letters are permanent'); END;",
        "CREATE TABLE personal_letter_carrier ("
        "  letter_id INTEGER NOT NULL REFERENCES personal_letter(id),"
        "  carrier_id INTEGER NOT NULL UNIQUE REFERENCES carrier(id),"
        "  PRIMARY KEY (letter_id, carrier_id));",
        "CREATE TRIGGER personal_letter_carrier_no_update BEFORE UPDATE ON personal_letter_carrier"
        "  BEGIN SELECT RAISE(ABORT, 'letters are permanent'); END;",
        "CREATE TRIGGER personal_letter_carrier_no_delete BEFORE DELETE ON personal_letter_carrier"
        "  BEGIN SELECT RAISE(ABORT, 'letters are permanent'); END;",
        NULL,
};

#endif
