/*
 * sqlite_schema_alerts.h — migration 9: indexes behind the alerts and the
 * counts (issue 17), so that neither reads every carrier.
 * Private to src/store; included by sqlite_schema.h.
 *
 * The alerts ask the store for candidates by indexed bounds only; the pure
 * rules of src/policy decide each one. CARRIER_PERIOD_END (replaced by
 * CARRIER_PERIOD_DAY in migration 14) is the day a
 * carrier's secrecy period ends (LEVEL-6) as SQL computes it: the index on
 * it and the query that reads it (sqlite.c) must spell it alike. SQLite
 * moves 29 February + N years to 1 March where the policy's calendar says
 * 28 February, so a bound read through it needs a day or more of slack.
 */
#ifndef BM_SQLITE_SCHEMA_ALERTS_H
#define BM_SQLITE_SCHEMA_ALERTS_H

#define CARRIER_PERIOD_END                                                                         \
	"(CASE period_kind WHEN 'years' THEN date(period_start, '+' || period_years || ' years')"  \
	" WHEN 'until' THEN period_until WHEN 'event' THEN review_date END)"

static const char *const migration_9[] = {
        /* LEVEL-6: periods ending by a day */
        "CREATE INDEX carrier_period_end ON carrier(" CARRIER_PERIOD_END ")"
        "  WHERE period_kind <> 'none';",
        /* INV-4: the missing carriers */
        "CREATE INDEX carrier_missing ON carrier(id) WHERE status = 'missing';",
        /* INV-3: the carriers a department's or a custodian's count expects */
        "CREATE INDEX carrier_department_status ON carrier(department_id, status);",
        "CREATE INDEX carrier_custodian_status ON carrier(custodian_id, status);",
        /* BORROW-2, CARRY-2, CIRC-3: open loans by kind and due time */
        "CREATE INDEX loan_open_kind ON loan(kind, due_at) WHERE returned_at IS NULL;",
        "CREATE INDEX loan_open_carrier ON loan(carrier_id, id) WHERE returned_at IS NULL;",
        /* SEND-4: open dispatches, and the unsigned item of a carrier */
        "CREATE INDEX dispatch_status ON dispatch(status, id);",
        "CREATE INDEX dispatch_item_unsigned ON dispatch_item(carrier_id) WHERE signed_at IS NULL;",
        /* INC-1, INC-4, INV-4: open incidents, and a carrier's */
        "CREATE INDEX incident_status ON incident(status, id);",
        "CREATE INDEX incident_carrier ON incident(carrier_id, status, id);",
        /* INV-1: the last closed count of a scope */
        "CREATE INDEX count_session_closed ON count_session(scope_kind, closed_at);",
        /* REG-3: letters by status */
        "CREATE INDEX personal_letter_status ON personal_letter(unit_id, status, id);",
        NULL,
};

/*
 * Migration 14: the alerts counted and paged by index (issue 17). The day a
 * period ends as the policy's calendar reckons it (bm_date_add_years: 29
 * February + N years is 28 February when that year has none, where SQLite
 * says 1 March), so that a range of the index is exactly the carriers
 * LEVEL-6 flags; and REG-2's lateness, the seconds from the start of the
 * day received to the registration, so that the late ones are a range too.
 * The level and status ride in the period index so that counting a range
 * for the clerk reads the index alone.
 */
#define CARRIER_PERIOD_YEARS_END "date(period_start, '+' || period_years || ' years')"
#define CARRIER_PERIOD_DAY                                                                         \
	"(CASE period_kind WHEN 'years' THEN CASE WHEN substr(period_start, 6, 5) = '02-29'"       \
	" AND substr(" CARRIER_PERIOD_YEARS_END ", 6, 5) = '03-01'"                                \
	" THEN date(period_start, '+' || period_years || ' years', '-1 day')"                      \
	" ELSE " CARRIER_PERIOD_YEARS_END " END"                                                   \
	" WHEN 'until' THEN period_until WHEN 'event' THEN review_date END)"
#define CARRIER_REG_LATENESS                                                                       \
	"(CAST(strftime('%s', registered_at) AS INTEGER)"                                          \
	" - CAST(strftime('%s', received_on) AS INTEGER))"

static const char *const migration_14[] = {
        "DROP INDEX IF EXISTS carrier_period_end;",
        /* LEVEL-6: periods ending by a day, classified levels only */
        "CREATE INDEX carrier_period_day ON carrier(" CARRIER_PERIOD_DAY ", level, status)"
        "  WHERE period_kind <> 'none' AND level >= 2;",
        /* REG-2: incoming carriers by how late they were registered */
        "CREATE INDEX carrier_reg_lateness ON carrier(" CARRIER_REG_LATENESS ", registered_at)"
        "  WHERE origin = 'incoming' AND received_on IS NOT NULL;",
        NULL,
};

#endif
