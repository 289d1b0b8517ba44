/*
 * sqlite_schema_audit_tally.h — migration 12: the audit list's totals
 * without counting the chain (issue 17). Private to src/store; included by
 * sqlite_schema.h.
 *
 * audit_tally holds how many events share one UTC hour (the first 13 bytes
 * of `at`, "YYYY-MM-DDTHH") and one actor, action, outcome and rule. A
 * trigger adds each appended event; the chain is append-only (migration 1's
 * triggers), so the tally stays equal to a count of audit_event. A filter's
 * total is the sum of the tally rows it keeps, plus a direct count of the
 * events in a partial hour at either end of a date range (local dates in a
 * zone off whole hours): a few hundred rows, not a million.
 *
 * The composite indexes answer the filter combinations in seq order from
 * one index (the rowid, seq, ends every index): actor with outcome, and
 * outcome with action (an action prefix is a range after the equality).
 */
#ifndef BM_SQLITE_SCHEMA_AUDIT_TALLY_H
#define BM_SQLITE_SCHEMA_AUDIT_TALLY_H

static const char *const migration_12[] = {
        "CREATE TABLE audit_tally ("
        "  hour TEXT NOT NULL,"
        "  actor TEXT NOT NULL,"
        "  action TEXT NOT NULL,"
        "  outcome TEXT NOT NULL,"
        "  rule TEXT NOT NULL,"
        "  n INTEGER NOT NULL,"
        "  PRIMARY KEY (hour, actor, action, outcome, rule)) WITHOUT ROWID;",
        "INSERT INTO audit_tally(hour, actor, action, outcome, rule, n)"
        "  SELECT substr(at, 1, 13), actor, action, outcome, rule, count(*)"
        "  FROM audit_event GROUP BY 1, 2, 3, 4, 5;",
        "CREATE TRIGGER audit_event_tally AFTER INSERT ON audit_event BEGIN"
        "  INSERT INTO audit_tally(hour, actor, action, outcome, rule, n)"
        "  VALUES (substr(new.at, 1, 13), new.actor, new.action, new.outcome, new.rule, 1)"
        "  ON CONFLICT DO UPDATE SET n = n + 1; END;",
        "CREATE INDEX audit_event_actor_outcome ON audit_event(actor, outcome);",
        "CREATE INDEX audit_event_outcome_action ON audit_event(outcome, action);",
        NULL,
};

#endif
