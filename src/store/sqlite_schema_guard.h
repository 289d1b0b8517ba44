/*
 * sqlite_schema_guard.h — migration 17: the tally triggers stand aside
 * while a bulk statement keeps the tallies itself (issue 17). Private to
 * src/store; included by sqlite_schema.h.
 *
 * carrier_tally (migration 7) and carrier_sight / carrier_sight_tally
 * (migration 11) follow each carrier's unit, level and status through
 * triggers that run three statements per changed carrier. A count closing
 * over a million carriers flags each missing one: the triggers were most of
 * its time. A bulk write now puts a row in bulk_guard, keeps the tallies and
 * the keys in a few set-based statements (sqlite.c, count_flag_missing) and
 * deletes the row, all in its own transaction: no other connection ever
 * sees a row there, and every other write still goes through the triggers,
 * whose only change is the guard's NOT EXISTS (one lookup in an empty table).
 */
#ifndef BM_SQLITE_SCHEMA_GUARD_H
#define BM_SQLITE_SCHEMA_GUARD_H

/* A trigger's condition that holds when no bulk write keeps the tallies itself. */
#define BULK_UNGUARDED "NOT EXISTS (SELECT 1 FROM bulk_guard)"

static const char *const migration_17[] = {
        "CREATE TABLE bulk_guard (name TEXT PRIMARY KEY) WITHOUT ROWID;",
        "DROP TRIGGER carrier_tally_update;",
        "CREATE TRIGGER carrier_tally_update AFTER UPDATE OF unit_id, level, status ON carrier"
        " WHEN (old.unit_id IS NOT new.unit_id OR old.level IS NOT new.level"
        "   OR old.status IS NOT new.status) AND " BULK_UNGUARDED " BEGIN"
        "  UPDATE carrier_tally SET n = n - 1"
        "    WHERE unit_id = old.unit_id AND level = old.level AND status = old.status;"
        "  INSERT INTO carrier_tally(unit_id, level, status, n)"
        "    VALUES (new.unit_id, new.level, new.status, 1)"
        "    ON CONFLICT(unit_id, level, status) DO UPDATE SET n = n + 1;"
        " END;",
        "DROP TRIGGER carrier_sight_carrier_update;",
        "CREATE TRIGGER carrier_sight_carrier_update AFTER UPDATE OF unit_id, level, status"
        " ON carrier WHEN (old.unit_id IS NOT new.unit_id OR old.level IS NOT new.level"
        "   OR old.status IS NOT new.status) AND " BULK_UNGUARDED " BEGIN"
        "  UPDATE carrier_sight SET unit_id = new.unit_id, level = new.level,"
        "    status = new.status WHERE carrier_id = new.id;"
        " END;",
        "DROP TRIGGER carrier_sight_tally_update;",
        "CREATE TRIGGER carrier_sight_tally_update AFTER UPDATE ON carrier_sight"
        " WHEN " BULK_UNGUARDED " BEGIN"
        "  UPDATE carrier_sight_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND status = old.status;"
        "  INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)"
        "    VALUES (new.unit_id, new.term, new.ref, new.level, new.status, 1)"
        "    ON CONFLICT(unit_id, term, ref, level, status) DO UPDATE SET n = n + 1;"
        " END;",
        NULL,
};

#endif
