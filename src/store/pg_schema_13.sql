-- PostgreSQL migration 13 (REG-2, issue 17): SQLite migration 14's carrier_reg_lateness.
-- REG-2's alert is the incoming carriers registered at least a bound after the start (UTC)
-- of the day received (the policy's same-day rule read as seconds), registered since the
-- lookback: one range of an index by that lateness, with registered_at. Without it the
-- count and the page read the carrier table (29–44 ms at 100k, growing with the ledger).
--
-- An index expression must be IMMUTABLE, and `text::timestamptz` is only STABLE (it reads
-- TimeZone and DateStyle), so the lateness is bm_reg_lateness, below, computed from the
-- text alone: the store writes an instant as "YYYY-MM-DDTHH:MM:SSZ" (UTC, fixed width,
-- util/timeutil.h) and a day as "YYYY-MM-DD", and for those forms the result is the
-- whole days between the two dates times 86400 plus the time of day: what SQLite's
-- strftime('%s', registered_at) - strftime('%s', received_on) and this engine's earlier
-- extract(epoch …) expression give. Only immutable built-ins are read: the "C" collation's
-- regular expression (bytes, no locale), substr, text-to-integer casts, make_date of a
-- month's first day (which always exists) and date + integer / date - date, which are
-- calendar arithmetic with no time zone. The day is added to the 1st rather than given to
-- make_date, so that no stored text can make the expression raise (an index expression
-- that raises would refuse the row's INSERT, or this migration): a day past the month's
-- end runs into the next month, as SQLite's date functions normalise it, and any other
-- text (not the store's forms, a year 0000) is NULL, outside every range, as strftime's
-- NULL is on SQLite. The body names built-ins only, so it means the same under any
-- search_path (pg_restore runs with an empty one).
CREATE FUNCTION bm_reg_lateness(registered_at TEXT, received_on TEXT) RETURNS BIGINT
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $fn$
  SELECT CASE
    WHEN registered_at COLLATE "C" ~
         '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$'
     AND received_on COLLATE "C" ~ '^[1-9][0-9]{3}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
    THEN ((make_date(substr(registered_at, 1, 4)::int, substr(registered_at, 6, 2)::int, 1)
           + (substr(registered_at, 9, 2)::int - 1))
          - (make_date(substr(received_on, 1, 4)::int, substr(received_on, 6, 2)::int, 1)
             + (substr(received_on, 9, 2)::int - 1)))::bigint * 86400
         + substr(registered_at, 12, 2)::bigint * 3600
         + substr(registered_at, 15, 2)::bigint * 60
         + substr(registered_at, 18, 2)::bigint
  END
$fn$;
-- The range: lateness >= the bound, registered_at (bytewise, as every instant compares
-- here) >= the lookback's start; partial on the carriers REG-2 reads at all.
CREATE INDEX carrier_reg_lateness ON carrier
  (bm_reg_lateness(registered_at, received_on), registered_at COLLATE "C")
  WHERE origin = 'incoming' AND received_on IS NOT NULL;

-- LEVEL-6 (periods ending): SQLite migration 14's carrier_period_day. The alert is the
-- classified carriers whose period ends in a range of days; without an index the count
-- and the page read the carrier table (69 ms at 100k, twice per /alerts request). The
-- query's day was to_char(period_start::date + make_interval(years => …)), and both the
-- cast and to_char are only STABLE (DateStyle, the locale), so the day is bm_period_day,
-- below, by bm_reg_lateness's reasoning: the store writes period_start as "YYYY-MM-DD";
-- for that form the day is the start's month's 1st plus the day (so no text can make it
-- raise: a day past the month's end runs into the next month, as SQLite's date functions
-- normalise it), plus the years by date + interval (calendar arithmetic without a time
-- zone, immutable), whose month arithmetic makes 29 February + N years the 28th where
-- that year has none (the policy's calendar; SQLite's index reaches it by taking a day off
-- its 1 March), printed with the integer casts and lpad (immutable) as to_char's
-- YYYY-MM-DD would. Any other start, years outside 0..9000 or an end past the year 9999
-- is NULL (never an error), outside every range; 'until' and 'event' are the stored day.
-- Built-ins only, so it means the same under pg_restore's empty search_path.
CREATE FUNCTION bm_period_day(period_kind TEXT, period_start TEXT, period_years BIGINT,
                              period_until TEXT, review_date TEXT) RETURNS TEXT
  LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $fn$
  SELECT CASE period_kind
    WHEN 'until' THEN period_until
    WHEN 'event' THEN review_date
    WHEN 'years' THEN CASE
      WHEN period_start COLLATE "C" ~ '^[0-9]{4}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$'
       AND period_years BETWEEN 0 AND 9000
      THEN CASE
        WHEN substr(period_start, 1, 4)::int BETWEEN 1 AND 9999 - period_years
        THEN lpad(extract(year FROM ((make_date(substr(period_start, 1, 4)::int, substr(period_start, 6, 2)::int, 1)
                + (substr(period_start, 9, 2)::int - 1))
               + make_interval(years => period_years::int)))::int::text, 4, '0') || '-'
          || lpad(extract(month FROM ((make_date(substr(period_start, 1, 4)::int, substr(period_start, 6, 2)::int, 1)
                + (substr(period_start, 9, 2)::int - 1))
               + make_interval(years => period_years::int)))::int::text, 2, '0') || '-'
          || lpad(extract(day FROM ((make_date(substr(period_start, 1, 4)::int, substr(period_start, 6, 2)::int, 1)
                + (substr(period_start, 9, 2)::int - 1))
               + make_interval(years => period_years::int)))::int::text, 2, '0')
      END
    END
  END
$fn$;
-- The range of days, then the level and status the count is tallied by; partial on the
-- carriers LEVEL-6 reads at all (a period, a classified level), as on SQLite.
CREATE INDEX carrier_period_day ON carrier
  (bm_period_day(period_kind, period_start, period_years, period_until, review_date)
   COLLATE "C", level, status)
  WHERE period_kind <> 'none' AND level >= 2;
