/*
 * sqlite_schema_device.h — migration 26: the register of classified devices
 * and storage media (涉密设备与存储介质, DEV-1..7, issue 10 point 3) and each
 * device's history. Private to src/store; included by sqlite_schema.h.
 *
 * The store keeps facts; the rules (a level only rises, DEV-2; office
 * equipment has an operator, DEV-7 …) are decided in src/policy before the
 * store is asked. Levels are the bm_level numbers, kinds and statuses the
 * codes of model/device.h.
 */
#ifndef BM_SQLITE_SCHEMA_DEVICE_H
#define BM_SQLITE_SCHEMA_DEVICE_H

static const char *const migration_26[] = {
        "CREATE TABLE device ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  number TEXT NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  model TEXT,"
        "  serial TEXT,"
        "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),"
        "  holder_id INTEGER REFERENCES person(id),"
        "  operator_id INTEGER REFERENCES person(id),"
        "  place TEXT,"
        "  status TEXT NOT NULL DEFAULT 'in_use',"
        "  encrypted INTEGER NOT NULL DEFAULT 0,"
        "  password_changed_on TEXT,"
        "  carrier_id INTEGER REFERENCES carrier(id),"
        "  note TEXT,"
        "  created_at TEXT NOT NULL,"
        "  updated_at TEXT NOT NULL,"
        "  UNIQUE (unit_id, number));",
        "CREATE INDEX device_holder ON device(holder_id) WHERE status <> 'scrapped';",
        "CREATE TABLE device_event ("
        "  id INTEGER PRIMARY KEY,"
        "  device_id INTEGER NOT NULL REFERENCES device(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  action TEXT NOT NULL,"
        "  detail TEXT NOT NULL DEFAULT '{}');",
        "CREATE INDEX device_event_device ON device_event(device_id, id);",
        NULL,
};

/* 27: DEV-3's alerts read the computers and laptops in use by the day their
 * login password last changed ('' when never), not every device. */
static const char *const migration_27[] = {
        "CREATE INDEX device_password ON device(unit_id, coalesce(password_changed_on, ''))"
        " WHERE kind IN ('computer', 'laptop') AND status <> 'scrapped';",
        NULL,
};

/*
 * 29: devices are counted like carriers (清查, INV-3/INV-4, issue 10 point
 * 3). count_device_item holds a count's device ticks (a scanned
 * "baomi:device:N" label), count_device_line a closed count's device
 * lines: found, missing (status `missing`, listed on the count's one
 * `missing` incident) or unexpected (`place` the reason: unknown, scrapped,
 * outside).
 */
static const char *const migration_29[] = {
        "CREATE TABLE count_device_item ("
        "  session_id INTEGER NOT NULL REFERENCES count_session(id),"
        "  device_id INTEGER NOT NULL," /* may name an id the register lacks: unexpected */
        "  note TEXT,"
        "  at TEXT NOT NULL,"
        "  PRIMARY KEY (session_id, device_id)) WITHOUT ROWID;",
        "CREATE TABLE count_device_line ("
        "  session_id INTEGER NOT NULL REFERENCES count_session(id),"
        "  list TEXT NOT NULL CHECK (list IN ('found','missing','unexpected')),"
        "  device_id INTEGER NOT NULL,"
        "  status TEXT,"
        "  incident_id INTEGER,"
        "  note TEXT,"
        "  place TEXT,"
        "  PRIMARY KEY (session_id, list, device_id)) WITHOUT ROWID;",
        /* INV-3: a count's result is a record; it is never rewritten once complete */
        "CREATE TRIGGER count_device_line_no_delete BEFORE DELETE ON count_device_line"
        "  BEGIN SELECT RAISE(ABORT, 'count results are permanent'); END;",
        NULL,
};

/*
 * 36: DEV-1, a device's label affixed (issue 11 point 5: INSP-4's "devices
 * unlabelled" counts what is recorded, not a guess). The clerk (or the
 * device's responsible person) records the day the printed label
 * ("baomi:device:N", its level and responsible person) was affixed, who
 * recorded it, and the level and responsible person the label shows: once
 * either changes the label affixed is out of date and the device counts
 * as unlabelled again. NULL columns: a device bound to the chain keeps its
 * row digest (store.h, bound_take).
 */
static const char *const migration_36[] = {
        "ALTER TABLE device ADD COLUMN label_affixed_on TEXT;",
        "ALTER TABLE device ADD COLUMN label_affixed_by INTEGER REFERENCES person(id);",
        "ALTER TABLE device ADD COLUMN label_level INTEGER"
        "  CHECK (label_level IS NULL OR label_level BETWEEN 0 AND 4);",
        "ALTER TABLE device ADD COLUMN label_holder_id INTEGER REFERENCES person(id);",
        NULL,
};

#endif
