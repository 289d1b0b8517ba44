/*
 * sqlite_schema_handling_due.h — migration 50 (REG-5, issue 17 point 5): the
 * unhandled incoming carriers (migration 21) keep what the handling alert's
 * due condition reads, so that the alert reads only what is due. Private to
 * src/store; included by sqlite_schema.h.
 *
 * REG-5: an urgent item (急件/特急) is due the day after it arrives, an
 * ordinary one after handling_days (35 by default). Migration 21 indexed
 * the day received alone, so the alert read every unhandled item received
 * by yesterday and looked each one up in `carrier` for its urgency and day:
 * a busy registry holds a month of ordinary items that are not yet due
 * (700k in the 1M bench, to find the 52 that were due). Each row now carries
 * `urgent` (urgency other than 'normal'), the day received (kept equal to
 * the carrier's), `live` (neither destroyed nor returned, with a day
 * received), and the carrier's unit and level, which the clerk's SYS-2
 * terms read (tally_where). carrier_unhandled_due orders them by
 * (urgent, day, carrier): the due set is two ranges of it (ordinary: day <=
 * today - handling_days - 1; urgent: day <= yesterday), each in the order the
 * alerts list (day received, id). carrier_unhandled_tally counts the live
 * rows by (urgent, day, unit, level), kept by triggers on carrier_unhandled:
 * the clerk's count sums one row a day and level (a month of ordinary items
 * all due at once, 700k at 1M, is still a few hundred rows), and any other
 * viewer's count reads the due rows of the index with their carriers.
 *
 * Triggers keep the columns: a carrier's insert as before, and an update
 * that changes one of the columns read (the generic carrier UPDATE rewrites
 * them all; the WHEN clause leaves an unrelated update at no cost, and a
 * count's close, which flags carriers missing, changes no liveness).
 * Membership is unchanged: a row from registration to the first event that
 * is not a registration (carrier_unhandled_out).
 *
 * KEEP-6 (the same shape): a keeper's alert read the unit's expired
 * keepings on carrier_keep_until and kept their own; carrier_keep_custodian
 * makes it a range of their own.
 */
#ifndef BM_SQLITE_SCHEMA_HANDLING_DUE_H
#define BM_SQLITE_SCHEMA_HANDLING_DUE_H

/*
 * The row of a carrier `R`: urgent = coalesce(R.urgency <> 'normal', 0),
 * live = R.status NOT IN ('destroyed', 'returned') AND R.received_on IS NOT NULL.
 * The table is rebuilt (its rows kept, the columns filled from `carrier`)
 * rather than altered, so that the migration can run again (as
 * test_store's migration tests run every migration after 48 again); the
 * triggers go first, since a rename re-reads every trigger that names the
 * table.
 */
static const char *const migration_50[] = {
        "DROP TRIGGER IF EXISTS carrier_unhandled_in;",
        "DROP TRIGGER IF EXISTS carrier_unhandled_out;",
        "DROP TRIGGER IF EXISTS carrier_unhandled_edit;",
        "DROP TABLE IF EXISTS carrier_unhandled_next;",
        "CREATE TABLE carrier_unhandled_next ("
        "  carrier_id INTEGER PRIMARY KEY REFERENCES carrier(id),"
        "  unhandled_since TEXT NOT NULL," /* the day received */
        "  urgent INTEGER NOT NULL,"
        "  live INTEGER NOT NULL,"
        "  unit_id INTEGER NOT NULL,"
        "  level INTEGER NOT NULL);",
        "INSERT INTO carrier_unhandled_next"
        "  (carrier_id, unhandled_since, urgent, live, unit_id, level)"
        "  SELECT u.carrier_id, coalesce(c.received_on, u.unhandled_since),"
        "    coalesce(c.urgency <> 'normal', 0),"
        "    c.status NOT IN ('destroyed', 'returned') AND c.received_on IS NOT NULL,"
        "    c.unit_id, c.level"
        "  FROM carrier_unhandled u JOIN carrier c ON c.id = u.carrier_id"
        "  ORDER BY u.carrier_id;",
        "DROP TABLE carrier_unhandled;",
        "ALTER TABLE carrier_unhandled_next RENAME TO carrier_unhandled;",
        "CREATE INDEX carrier_unhandled_due ON carrier_unhandled"
        "  (urgent, unhandled_since, carrier_id, live, unit_id, level);",
        /* the live rows counted by urgency and day (and unit, level: the clerk's SYS-2) */
        "DROP TABLE IF EXISTS carrier_unhandled_tally;",
        "CREATE TABLE carrier_unhandled_tally ("
        "  urgent INTEGER NOT NULL,"
        "  unhandled_since TEXT NOT NULL,"
        "  unit_id INTEGER NOT NULL,"
        "  level INTEGER NOT NULL,"
        "  n INTEGER NOT NULL,"
        "  PRIMARY KEY (urgent, unhandled_since, unit_id, level)) WITHOUT ROWID;",
        "INSERT INTO carrier_unhandled_tally(urgent, unhandled_since, unit_id, level, n)"
        "  SELECT urgent, unhandled_since, unit_id, level, count(*) FROM carrier_unhandled"
        "  WHERE live = 1 GROUP BY 1, 2, 3, 4;",
        "CREATE TRIGGER carrier_unhandled_tally_in AFTER INSERT ON carrier_unhandled"
        "  WHEN NEW.live = 1 BEGIN"
        "  INSERT INTO carrier_unhandled_tally(urgent, unhandled_since, unit_id, level, n)"
        "    VALUES (NEW.urgent, NEW.unhandled_since, NEW.unit_id, NEW.level, 1)"
        "    ON CONFLICT(urgent, unhandled_since, unit_id, level) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_unhandled_tally_out AFTER DELETE ON carrier_unhandled"
        "  WHEN OLD.live = 1 BEGIN"
        "  UPDATE carrier_unhandled_tally SET n = n - 1 WHERE urgent = OLD.urgent"
        "    AND unhandled_since = OLD.unhandled_since AND unit_id = OLD.unit_id"
        "    AND level = OLD.level;"
        " END;",
        "CREATE TRIGGER carrier_unhandled_tally_edit AFTER UPDATE ON carrier_unhandled BEGIN"
        "  UPDATE carrier_unhandled_tally SET n = n - 1 WHERE OLD.live = 1"
        "    AND urgent = OLD.urgent AND unhandled_since = OLD.unhandled_since"
        "    AND unit_id = OLD.unit_id AND level = OLD.level;"
        "  INSERT INTO carrier_unhandled_tally(urgent, unhandled_since, unit_id, level, n)"
        "    SELECT NEW.urgent, NEW.unhandled_since, NEW.unit_id, NEW.level, 1"
        "    WHERE NEW.live = 1"
        "    ON CONFLICT(urgent, unhandled_since, unit_id, level) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_unhandled_in AFTER INSERT ON carrier"
        "  WHEN NEW.origin = 'incoming' AND NEW.received_on IS NOT NULL AND NEW.level >= 2"
        "  BEGIN INSERT OR IGNORE INTO carrier_unhandled"
        "    (carrier_id, unhandled_since, urgent, live, unit_id, level)"
        "    VALUES (NEW.id, NEW.received_on, coalesce(NEW.urgency <> 'normal', 0),"
        "      NEW.status NOT IN ('destroyed', 'returned'), NEW.unit_id, NEW.level); END;",
        /* as migration 21's */
        "CREATE TRIGGER carrier_unhandled_out AFTER INSERT ON carrier_event"
        "  WHEN NEW.action NOT LIKE 'register%'"
        "  BEGIN DELETE FROM carrier_unhandled WHERE carrier_id = NEW.carrier_id; END;",
        "CREATE TRIGGER carrier_unhandled_edit"
        "  AFTER UPDATE OF urgency, received_on, status, unit_id, level ON carrier"
        "  WHEN OLD.urgency IS NOT NEW.urgency OR OLD.received_on IS NOT NEW.received_on"
        "    OR (OLD.status IN ('destroyed', 'returned')) IS NOT"
        "       (NEW.status IN ('destroyed', 'returned'))"
        "    OR OLD.unit_id IS NOT NEW.unit_id OR OLD.level IS NOT NEW.level"
        "  BEGIN UPDATE carrier_unhandled SET"
        "    unhandled_since = coalesce(NEW.received_on, unhandled_since),"
        "    urgent = coalesce(NEW.urgency <> 'normal', 0),"
        "    live = (NEW.status NOT IN ('destroyed', 'returned')"
        "      AND NEW.received_on IS NOT NULL),"
        "    unit_id = NEW.unit_id, level = NEW.level"
        "    WHERE carrier_id = NEW.id; END;",
        /* KEEP-6 told to a keeper: their own expired keepings, a range of their own */
        "CREATE INDEX IF NOT EXISTS carrier_keep_custodian ON carrier(custodian_id, keep_until)"
        "  WHERE keep_until IS NOT NULL;",
        NULL,
};

#endif
