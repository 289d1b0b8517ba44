-- PostgreSQL migration 13 (REG-2, issue 17 point 5): SQLite migration 52's shape. REG-2
-- flags an incoming carrier registered after its day received (plus registration.max_days)
-- for 30 days after the registration (service/alerts.c's REG2_LOOKBACK_DAYS). Without an
-- index the alert read every carrier the ledger holds; this one is keyed by the time
-- registered, so the lookback is a range of it, and holds only the registrations at least
-- ten hours after the start (UTC) of the day received: the least lateness any policy flags
-- (registration.max_days >= 0, unit.tz_offset_minutes <= 840: 86400 - 50400 seconds). The
-- floor is written on the text (times are stored as YYYY-MM-DDTHH:MM:SSZ, so the text
-- order is the time order) because the cast to a time is not immutable; pg_ledger.c
-- repeats the predicate so that the planner may use the index, and checks the exact
-- lateness on the rows of the range only.
CREATE INDEX carrier_reg_late ON carrier(registered_at COLLATE "C")
  WHERE origin = 'incoming' AND received_on IS NOT NULL
    AND registered_at COLLATE "C" >= received_on || 'T10:00:00Z';
