/*
 * sqlite_schema_handover_list.h — migration 47 (KEEP-2, REG-1, REG-4;
 * issue 14 points 5 and 11): a hand-over list is kept as it was handed
 * over, and the hand-overs have their register (移交登记簿).
 *
 * - handover_item gains what the list showed of each carrier at the
 *   instant of the hand-over: 文号, 份号, 标题, the level and its marking
 *   as printed. A later level change, a move or a destruction never
 *   changes a printed list. Lists written before this migration keep their
 *   carrier numbers only (the columns stay NULL: nothing was recorded).
 * - handover_device: the devices handed over on the list, with their
 *   编号, kind, model and level then. Lists written before this migration
 *   get what the devices' history records (a `device.handover` line names
 *   the hand-over); the number, kind and level are the device's now.
 * - handover_entry: the 登记序号 of each hand-over in its book. REG-4: a
 *   list that holds classified items (秘密 and above, carriers or devices)
 *   is written in the classified book, one that holds ordinary ones in the
 *   ordinary book (a mixed list in both, each counting its own items); a
 *   list with nothing on it (the person held nothing) in the classified
 *   book. Numbers are never reused, changed or deleted.
 */
#ifndef BM_SQLITE_SCHEMA_HANDOVER_LIST_H
#define BM_SQLITE_SCHEMA_HANDOVER_LIST_H

static const char *const migration_47[] = {
        "ALTER TABLE handover_item ADD COLUMN doc_number TEXT;",
        "ALTER TABLE handover_item ADD COLUMN serial_number INTEGER;",
        "ALTER TABLE handover_item ADD COLUMN title TEXT;",
        "ALTER TABLE handover_item ADD COLUMN level INTEGER;",
        "ALTER TABLE handover_item ADD COLUMN marking TEXT;",

        "CREATE TABLE handover_device ("
        "  handover_id INTEGER NOT NULL REFERENCES handover(id),"
        "  position INTEGER NOT NULL,"
        "  device_id INTEGER NOT NULL REFERENCES device(id),"
        "  number TEXT NOT NULL,"
        "  kind TEXT NOT NULL,"
        "  model TEXT,"
        "  level INTEGER NOT NULL CHECK (level BETWEEN 0 AND 4),"
        "  PRIMARY KEY (handover_id, device_id));",
        "CREATE TRIGGER handover_device_no_update BEFORE UPDATE ON handover_device"
        "  BEGIN SELECT RAISE(ABORT, 'hand-over lists are permanent'); END;",
        "CREATE TRIGGER handover_device_no_delete BEFORE DELETE ON handover_device"
        "  BEGIN SELECT RAISE(ABORT, 'hand-over lists are permanent'); END;",
        /* Lists before this migration: the devices their history names. */
        "INSERT OR IGNORE INTO handover_device(handover_id, position, device_id, number, kind,"
        "  model, level)"
        "  SELECT CAST(json_extract(e.detail, '$.handover_id') AS INTEGER),"
        "   row_number() OVER (PARTITION BY json_extract(e.detail, '$.handover_id')"
        "     ORDER BY e.id), d.id, d.number, d.kind, d.model, d.level"
        "  FROM device_event e JOIN device d ON d.id = e.device_id"
        "  JOIN handover h ON h.id = json_extract(e.detail, '$.handover_id')"
        "  WHERE e.action = 'device.handover' ORDER BY e.id;",

        "CREATE TABLE handover_entry ("
        "  handover_id INTEGER NOT NULL REFERENCES handover(id),"
        "  class TEXT NOT NULL CHECK (class IN ('classified','ordinary')),"
        "  seq INTEGER NOT NULL CHECK (seq > 0),"
        "  PRIMARY KEY (handover_id, class),"
        "  UNIQUE (class, seq));",
        "CREATE TRIGGER handover_entry_no_update BEFORE UPDATE ON handover_entry"
        "  BEGIN SELECT RAISE(ABORT, 'register numbers are permanent'); END;",
        "CREATE TRIGGER handover_entry_no_delete BEFORE DELETE ON handover_entry"
        "  BEGIN SELECT RAISE(ABORT, 'register numbers are permanent'); END;",
        /* The lists as they stand, numbered in order; carriers by their level now. */
        "INSERT INTO handover_entry(handover_id, class, seq)"
        "  SELECT id, k, row_number() OVER (PARTITION BY k ORDER BY id) FROM ("
        "   SELECT h.id, 'classified' AS k FROM handover h WHERE"
        "    EXISTS (SELECT 1 FROM handover_item i JOIN carrier c ON c.id = i.carrier_id"
        "     WHERE i.handover_id = h.id AND c.level >= 2)"
        "    OR EXISTS (SELECT 1 FROM handover_device v WHERE v.handover_id = h.id"
        "     AND v.level >= 2)"
        "    OR (NOT EXISTS (SELECT 1 FROM handover_item i WHERE i.handover_id = h.id)"
        "     AND NOT EXISTS (SELECT 1 FROM handover_device v WHERE v.handover_id = h.id))"
        "   UNION ALL"
        "   SELECT h.id, 'ordinary' FROM handover h WHERE"
        "    EXISTS (SELECT 1 FROM handover_item i JOIN carrier c ON c.id = i.carrier_id"
        "     WHERE i.handover_id = h.id AND c.level < 2)"
        "    OR EXISTS (SELECT 1 FROM handover_device v WHERE v.handover_id = h.id"
        "     AND v.level < 2))"
        "  ORDER BY k, id;",
        NULL,
};

#endif
