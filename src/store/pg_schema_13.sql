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
