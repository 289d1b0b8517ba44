/*
 * sqlite_schema_reg_late.h — migration 52 (REG-2, issue 17 point 5): the
 * late registrations by the time registered. Private to src/store; included
 * by sqlite_schema.h.
 *
 * REG-2 flags an incoming carrier registered after its day received (plus
 * the policy's registration.max_days), for REG2_LOOKBACK_DAYS after the
 * registration (service/alerts.c). Migration 14 indexed the carriers by
 * lateness: the alert's range, "at least late_seconds late", is every late
 * registration the ledger ever made, and the lookback was checked row by
 * row, so the read grew with the ledger's history, not with what the alert
 * shows. This index is keyed by the time registered, so the lookback is the
 * range; it holds only the registrations at least BM_SQ_REG_LATE_FLOOR
 * seconds after the start (UTC) of the day received, the least lateness any
 * policy flags (bm_rules_registration_late_seconds: registration.max_days
 * >= 0 and unit.tz_offset_minutes <= 840 give 86400 - 50400), so a range
 * reads the registrations of the lookback that some policy could call late,
 * and the exact lateness is checked on those entries only: the day received
 * rides in the index, so the check reads the index and the table is read for
 * the late ones alone (the bench's 100k ledger: the count 2.3 -> 1.5 ms).
 */
#ifndef BM_SQLITE_SCHEMA_REG_LATE_H
#define BM_SQLITE_SCHEMA_REG_LATE_H

/* The least lateness (seconds) any policy flags, as SQL text; sqlite.c repeats the term. */
#define BM_SQ_REG_LATE_FLOOR "36000"
#define CARRIER_REG_LATE_WHERE                                                                     \
	"origin = 'incoming' AND received_on IS NOT NULL"                                          \
	" AND " CARRIER_REG_LATENESS " >= " BM_SQ_REG_LATE_FLOOR

static const char *const migration_52[] = {
        "DROP INDEX IF EXISTS carrier_reg_lateness;",
        "DROP INDEX IF EXISTS carrier_reg_late;", /* repeatable (test_store runs 48 on again) */
        "CREATE INDEX carrier_reg_late ON carrier(registered_at, received_on) "
        "WHERE " CARRIER_REG_LATE_WHERE ";",
        NULL,
};

#endif
