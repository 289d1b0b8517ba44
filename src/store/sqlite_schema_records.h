/*
 * sqlite_schema_records.h — migration 4: the records of issue 3 that
 * migration 3 lacks. Private to src/store; included by sqlite_schema.h.
 *
 * - destruction_witness: every 监销人 of a batch, in order (DESTROY-2 lets the
 *   policy ask for more than the two columns of `destruction`);
 * - handover, handover_item: KEEP-2 lists signed by both sides;
 * - departure: PERSON-4, the day a person left and the end of the 脱密期.
 * Destructions and level decisions become permanent like the rest (DESTROY-4,
 * LEVEL-7): triggers refuse UPDATE and DELETE.
 */
#ifndef BM_SQLITE_SCHEMA_RECORDS_H
#define BM_SQLITE_SCHEMA_RECORDS_H

static const char *const migration_4[] = {
        "CREATE TABLE destruction_witness ("
        "  destruction_id INTEGER NOT NULL REFERENCES destruction(id),"
        "  position INTEGER NOT NULL,"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  PRIMARY KEY (destruction_id, person_id));",
        "CREATE TRIGGER destruction_no_update BEFORE UPDATE ON destruction"
        "  BEGIN SELECT RAISE(ABORT, 'destruction records are permanent'); END;",
        "CREATE TRIGGER destruction_no_delete BEFORE DELETE ON destruction"
        "  BEGIN SELECT RAISE(ABORT, 'destruction records are permanent'); END;",
        "CREATE TRIGGER destruction_witness_no_change BEFORE UPDATE ON destruction_witness"
        "  BEGIN SELECT RAISE(ABORT, 'destruction records are permanent'); END;",
        "CREATE TRIGGER destruction_witness_no_delete BEFORE DELETE ON destruction_witness"
        "  BEGIN SELECT RAISE(ABORT, 'destruction records are permanent'); END;",
        "CREATE TRIGGER level_change_no_delete BEFORE DELETE ON level_change"
        "  BEGIN SELECT RAISE(ABORT, 'level history is permanent'); END;",
        "CREATE INDEX level_change_carrier ON level_change(carrier_id, id);",

        "CREATE TABLE handover ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  from_person_id INTEGER NOT NULL REFERENCES person(id),"
        "  to_person_id INTEGER NOT NULL REFERENCES person(id),"
        "  note TEXT,"
        "  from_signature TEXT NOT NULL,"
        "  to_signature TEXT NOT NULL,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  at TEXT NOT NULL,"
        "  CHECK (from_person_id <> to_person_id));",
        "CREATE TABLE handover_item ("
        "  handover_id INTEGER NOT NULL REFERENCES handover(id),"
        "  position INTEGER NOT NULL,"
        "  carrier_id INTEGER NOT NULL REFERENCES carrier(id),"
        "  PRIMARY KEY (handover_id, carrier_id));",
        "CREATE INDEX handover_from ON handover(from_person_id);",
        "CREATE INDEX handover_to ON handover(to_person_id);",
        "CREATE TRIGGER handover_no_update BEFORE UPDATE ON handover"
        "  BEGIN SELECT RAISE(ABORT, 'hand-over lists are permanent'); END;",
        "CREATE TRIGGER handover_no_delete BEFORE DELETE ON handover"
        "  BEGIN SELECT RAISE(ABORT, 'hand-over lists are permanent'); END;",
        "CREATE TRIGGER handover_item_no_update BEFORE UPDATE ON handover_item"
        "  BEGIN SELECT RAISE(ABORT, 'hand-over lists are permanent'); END;",
        "CREATE TRIGGER handover_item_no_delete BEFORE DELETE ON handover_item"
        "  BEGIN SELECT RAISE(ABORT, 'hand-over lists are permanent'); END;",

        "CREATE TABLE departure ("
        "  id INTEGER PRIMARY KEY,"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  left_on TEXT NOT NULL,"
        "  decl_until TEXT NOT NULL,"
        "  person_class TEXT NOT NULL,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  at TEXT NOT NULL);",
        "CREATE INDEX departure_person ON departure(person_id, id);",
        "CREATE TRIGGER departure_no_update BEFORE UPDATE ON departure"
        "  BEGIN SELECT RAISE(ABORT, 'departures are permanent'); END;",
        "CREATE TRIGGER departure_no_delete BEFORE DELETE ON departure"
        "  BEGIN SELECT RAISE(ABORT, 'departures are permanent'); END;",
        NULL,
};

#endif
