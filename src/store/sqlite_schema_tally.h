/*
 * sqlite_schema_tally.h — migration 7: the ledger's running tally, carriers
 * by unit, level and status, kept by triggers in the carrier's own
 * transaction (carriers are never deleted: carrier_no_delete). The list's
 * total and the stats read it when the viewer sees every carrier of its
 * unit up to its clearance (a clerk), instead of counting a million rows
 * (sqlite.c, tally_where). Included by sqlite_schema.h only.
 */
#ifndef BM_STORE_SQLITE_SCHEMA_TALLY_H
#define BM_STORE_SQLITE_SCHEMA_TALLY_H

/* 7: the carrier tally (issue 17: totals without recounting) */
static const char *const migration_7[] = {
        "CREATE TABLE carrier_tally ("
        "  unit_id INTEGER NOT NULL,"
        "  level INTEGER NOT NULL,"
        "  status TEXT NOT NULL,"
        "  n INTEGER NOT NULL,"
        "  PRIMARY KEY (unit_id, level, status)) WITHOUT ROWID;",
        "INSERT INTO carrier_tally(unit_id, level, status, n)"
        "  SELECT unit_id, level, status, count(*) FROM carrier GROUP BY 1, 2, 3;",
        "CREATE TRIGGER carrier_tally_insert AFTER INSERT ON carrier BEGIN"
        "  INSERT INTO carrier_tally(unit_id, level, status, n)"
        "    VALUES (new.unit_id, new.level, new.status, 1)"
        "    ON CONFLICT(unit_id, level, status) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_tally_update AFTER UPDATE OF unit_id, level, status ON carrier"
        " WHEN old.unit_id IS NOT new.unit_id OR old.level IS NOT new.level"
        "   OR old.status IS NOT new.status BEGIN"
        "  UPDATE carrier_tally SET n = n - 1"
        "    WHERE unit_id = old.unit_id AND level = old.level AND status = old.status;"
        "  INSERT INTO carrier_tally(unit_id, level, status, n)"
        "    VALUES (new.unit_id, new.level, new.status, 1)"
        "    ON CONFLICT(unit_id, level, status) DO UPDATE SET n = n + 1;"
        " END;",
        NULL,
};

#endif
