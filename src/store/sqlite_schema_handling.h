/*
 * sqlite_schema_handling.h — migration 21: the incoming classified carriers
 * not yet handled (REG-5, issue 13 point 8). Private to src/store; included
 * by sqlite_schema.h.
 *
 * "Handled" is what the ledger records: an incoming classified carrier
 * (origin 'incoming', a day received, level 秘密 or above) is unhandled from
 * its registration until the first history event that is not a registration
 * (carrier_event.action not 'register…'): issued, circulated, lent, moved to
 * a custodian, handed over, copied, level decided, returned to the issuer,
 * destroyed. Triggers keep the table, so that no use case can forget it and
 * the alert reads only the unhandled ones (issue 17: never every carrier).
 * The table is not a ledger row: nothing of the carrier itself changes, and
 * the ledger's binding to the chain (migration 19) is untouched.
 */
#ifndef BM_SQLITE_SCHEMA_HANDLING_H
#define BM_SQLITE_SCHEMA_HANDLING_H

static const char *const migration_21[] = {
        "CREATE TABLE carrier_unhandled ("
        "  carrier_id INTEGER PRIMARY KEY REFERENCES carrier(id),"
        "  unhandled_since TEXT NOT NULL);", /* the day received */
        "CREATE INDEX carrier_unhandled_since ON carrier_unhandled(unhandled_since);",
        "INSERT INTO carrier_unhandled(carrier_id, unhandled_since)"
        "  SELECT c.id, c.received_on FROM carrier c"
        "  WHERE c.origin = 'incoming' AND c.received_on IS NOT NULL AND c.level >= 2"
        "    AND NOT EXISTS (SELECT 1 FROM carrier_event e WHERE e.carrier_id = c.id"
        "      AND e.action NOT LIKE 'register%');",
        "CREATE TRIGGER carrier_unhandled_in AFTER INSERT ON carrier"
        "  WHEN NEW.origin = 'incoming' AND NEW.received_on IS NOT NULL AND NEW.level >= 2"
        "  BEGIN INSERT OR IGNORE INTO carrier_unhandled(carrier_id, unhandled_since)"
        "    VALUES (NEW.id, NEW.received_on); END;",
        "CREATE TRIGGER carrier_unhandled_out AFTER INSERT ON carrier_event"
        "  WHEN NEW.action NOT LIKE 'register%'"
        "  BEGIN DELETE FROM carrier_unhandled WHERE carrier_id = NEW.carrier_id; END;",
        NULL,
};

#endif
