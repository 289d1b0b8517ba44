/*
 * sqlite_schema_sight.h — migration 11: the SYS-2 terms that many viewers
 * share, kept as keys (issue 17). Private to src/store; included by
 * sqlite_schema.h.
 *
 * SYS-2 lets a staff member see a carrier through its scope (their
 * department, or their name), its custodian, its loan, or because it has
 * no scope at all. Counted row by row that is a million subqueries per
 * total. Two of those terms are shared by many viewers and hold for most of
 * what a staff member sees: BM_SIGHT_NO_SCOPE (term 4: the carrier has no
 * scope; every cleared viewer of the unit sees it) and
 * BM_SIGHT_SCOPE_DEPARTMENT (term 6: a department is in its scope; ref is
 * that department). carrier_sight holds one row per carrier and such key it
 * has, with the carrier's unit, level and status, kept by triggers in the
 * carrier's own transaction; carrier_sight_key walks one key's carriers in
 * id order (the list's keyset order) and carrier_sight_tally counts them by
 * unit, term, ref, level and status (a staff member's total and stats).
 * The terms tied to one person (custodian, named in the scope, holder) are
 * read through their own indexes (sqlite.c, sight_candidates). sqlite.c
 * asserts that the term numbers here are vocab.h's; the property test
 * (tests/unit/service/test_visibility.c) proves the keyed reading lists
 * and counts what the C predicate sees.
 */
#ifndef BM_STORE_SQLITE_SCHEMA_SIGHT_H
#define BM_STORE_SQLITE_SCHEMA_SIGHT_H

/* The carrier's row of term 4 (no scope) when it has no scope rows; `id`: its id. */
#define SIGHT_NO_SCOPE_ROW(id)                                                                     \
	"INSERT OR IGNORE INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)"       \
	"  SELECT c.id, 4, 0, c.unit_id, c.level, c.status FROM carrier c WHERE c.id = " id        \
	"  AND NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id);"

/* Drops a scope row's key `dept` of carrier `id` when no other scope row still names it. */
#define SIGHT_DROP_DEPARTMENT(id, dept)                                                            \
	"DELETE FROM carrier_sight WHERE carrier_id = " id " AND term = 6 AND ref = " dept         \
	"  AND NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = " id                 \
	"  AND x.department_id = " dept ");"

/* A scope row's key: its department, and the carrier no longer has no scope. */
#define SIGHT_ADD_SCOPE(id, dept)                                                                  \
	"DELETE FROM carrier_sight WHERE carrier_id = " id " AND term = 4 AND ref = 0;"            \
	"INSERT OR IGNORE INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)"       \
	"  SELECT c.id, 6, " dept ", c.unit_id, c.level, c.status FROM carrier c"                  \
	"  WHERE c.id = " id " AND " dept " IS NOT NULL;"

/* 11: the shared SYS-2 keys and their tally (issue 17: a staff member's totals) */
static const char *const migration_11[] = {
        "CREATE TABLE carrier_sight ("
        "  carrier_id INTEGER NOT NULL,"
        "  term INTEGER NOT NULL,"
        "  ref INTEGER NOT NULL,"
        "  unit_id INTEGER NOT NULL,"
        "  level INTEGER NOT NULL,"
        "  status TEXT NOT NULL,"
        "  PRIMARY KEY (carrier_id, term, ref)) WITHOUT ROWID;",
        "INSERT INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)"
        "  SELECT c.id, 4, 0, c.unit_id, c.level, c.status FROM carrier c"
        "  WHERE NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id);",
        "INSERT OR IGNORE INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)"
        "  SELECT c.id, 6, x.department_id, c.unit_id, c.level, c.status"
        "  FROM carrier_scope x JOIN carrier c ON c.id = x.carrier_id"
        "  WHERE x.department_id IS NOT NULL;",
        "CREATE INDEX carrier_sight_key ON carrier_sight(unit_id, term, ref, carrier_id, level,"
        "  status);",
        "CREATE TABLE carrier_sight_tally ("
        "  unit_id INTEGER NOT NULL,"
        "  term INTEGER NOT NULL,"
        "  ref INTEGER NOT NULL,"
        "  level INTEGER NOT NULL,"
        "  status TEXT NOT NULL,"
        "  n INTEGER NOT NULL,"
        "  PRIMARY KEY (unit_id, term, ref, level, status)) WITHOUT ROWID;",
        "INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)"
        "  SELECT unit_id, term, ref, level, status, count(*) FROM carrier_sight"
        "  GROUP BY 1, 2, 3, 4, 5;",

        /* The tally follows the keys. */
        "CREATE TRIGGER carrier_sight_tally_insert AFTER INSERT ON carrier_sight BEGIN"
        "  INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)"
        "    VALUES (new.unit_id, new.term, new.ref, new.level, new.status, 1)"
        "    ON CONFLICT(unit_id, term, ref, level, status) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_sight_tally_delete AFTER DELETE ON carrier_sight BEGIN"
        "  UPDATE carrier_sight_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND status = old.status;"
        " END;",
        "CREATE TRIGGER carrier_sight_tally_update AFTER UPDATE ON carrier_sight BEGIN"
        "  UPDATE carrier_sight_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND status = old.status;"
        "  INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)"
        "    VALUES (new.unit_id, new.term, new.ref, new.level, new.status, 1)"
        "    ON CONFLICT(unit_id, term, ref, level, status) DO UPDATE SET n = n + 1;"
        " END;",

        /* The keys follow the carrier … */
        "CREATE TRIGGER carrier_sight_carrier_insert AFTER INSERT ON carrier "
        "BEGIN " SIGHT_NO_SCOPE_ROW("new.id") " END;",
        "CREATE TRIGGER carrier_sight_carrier_update AFTER UPDATE OF unit_id, level, status"
        " ON carrier WHEN old.unit_id IS NOT new.unit_id OR old.level IS NOT new.level"
        "   OR old.status IS NOT new.status BEGIN"
        "  UPDATE carrier_sight SET unit_id = new.unit_id, level = new.level,"
        "    status = new.status WHERE carrier_id = new.id;"
        " END;",
        /* … and its scope rows. */
        "CREATE TRIGGER carrier_sight_scope_insert AFTER INSERT ON carrier_scope "
        "BEGIN " SIGHT_ADD_SCOPE("new.carrier_id", "new.department_id") " END;",
        "CREATE TRIGGER carrier_sight_scope_delete AFTER DELETE ON carrier_scope "
        "BEGIN " SIGHT_DROP_DEPARTMENT("old.carrier_id", "old.department_id")
                SIGHT_NO_SCOPE_ROW("old.carrier_id") " END;",
        "CREATE TRIGGER carrier_sight_scope_update AFTER UPDATE ON carrier_scope "
        "BEGIN " SIGHT_DROP_DEPARTMENT("old.carrier_id", "old.department_id")
                SIGHT_NO_SCOPE_ROW("old.carrier_id")
                        SIGHT_ADD_SCOPE("new.carrier_id", "new.department_id") " END;",
        NULL,
};

#endif
