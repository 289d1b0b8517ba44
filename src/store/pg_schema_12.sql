-- PostgreSQL migration 12 (REG-5, issue 17 point 5): SQLite migration 50's shape. Each
-- unhandled incoming carrier keeps what the handling alert's due condition reads: urgent
-- (urgency other than 'normal': due the day after it arrives; ordinary ones after
-- handling_days), the day received kept equal to the carrier's, live (neither destroyed
-- nor returned, with a day received) and the carrier's unit and level (the clerk's SYS-2
-- terms). carrier_unhandled_due orders them by (urgent, day, carrier): the due set is two
-- ranges of it, so the alert reads only what is due, never the month of ordinary items
-- not yet due. Membership is unchanged (migration 5's triggers); a trigger follows an
-- update of the columns read (the generic carrier UPDATE rewrites them all: the WHEN
-- clause leaves an unrelated one at no cost). Columns are BIGINT, as SQLite's INTEGER, so
-- `baomi migrate` copies the rows as they are.
ALTER TABLE carrier_unhandled
  ADD COLUMN urgent BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN live BIGINT NOT NULL DEFAULT 1,
  ADD COLUMN unit_id BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN level BIGINT NOT NULL DEFAULT 0;
UPDATE carrier_unhandled u SET
  unhandled_since = coalesce(c.received_on, u.unhandled_since),
  urgent = CASE WHEN c.urgency <> 'normal' THEN 1 ELSE 0 END,
  live = CASE WHEN c.status NOT IN ('destroyed', 'returned') AND c.received_on IS NOT NULL
         THEN 1 ELSE 0 END,
  unit_id = c.unit_id, level = c.level
  FROM carrier c WHERE c.id = u.carrier_id;
DROP INDEX IF EXISTS carrier_unhandled_since;
CREATE INDEX carrier_unhandled_due ON carrier_unhandled
  (urgent, unhandled_since COLLATE "C", carrier_id) INCLUDE (live, unit_id, level);
CREATE OR REPLACE FUNCTION bm_carrier_unhandled_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO carrier_unhandled(carrier_id, unhandled_since, urgent, live, unit_id, level)
    VALUES (NEW.id, NEW.received_on, CASE WHEN NEW.urgency <> 'normal' THEN 1 ELSE 0 END,
            CASE WHEN NEW.status NOT IN ('destroyed', 'returned') THEN 1 ELSE 0 END,
            NEW.unit_id, NEW.level)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE FUNCTION bm_carrier_unhandled_edit() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE carrier_unhandled SET
    unhandled_since = coalesce(NEW.received_on, unhandled_since),
    urgent = CASE WHEN NEW.urgency <> 'normal' THEN 1 ELSE 0 END,
    live = CASE WHEN NEW.status NOT IN ('destroyed', 'returned') AND NEW.received_on IS NOT NULL
           THEN 1 ELSE 0 END,
    unit_id = NEW.unit_id, level = NEW.level
    WHERE carrier_id = NEW.id;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_unhandled_edit
  AFTER UPDATE OF urgency, received_on, status, unit_id, level ON carrier FOR EACH ROW
  WHEN (OLD.urgency IS DISTINCT FROM NEW.urgency
        OR OLD.received_on IS DISTINCT FROM NEW.received_on
        OR (OLD.status IN ('destroyed', 'returned'))
           IS DISTINCT FROM (NEW.status IN ('destroyed', 'returned'))
        OR OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.level IS DISTINCT FROM NEW.level)
  EXECUTE FUNCTION bm_carrier_unhandled_edit();
-- The live rows counted by urgency, day, unit and level (SQLite's carrier_unhandled_tally,
-- which the clerk's count sums there), kept here too so that a unit moved between engines
-- carries a true tally; this engine's reads are the general query's (pg_ledger.c).
CREATE TABLE carrier_unhandled_tally (
  urgent BIGINT NOT NULL,
  unhandled_since TEXT NOT NULL,
  unit_id BIGINT NOT NULL,
  level BIGINT NOT NULL,
  n BIGINT NOT NULL,
  PRIMARY KEY (urgent, unhandled_since, unit_id, level));
INSERT INTO carrier_unhandled_tally(urgent, unhandled_since, unit_id, level, n)
  SELECT urgent, unhandled_since, unit_id, level, count(*) FROM carrier_unhandled
  WHERE live = 1 GROUP BY 1, 2, 3, 4;
CREATE FUNCTION bm_carrier_unhandled_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.live = 1 THEN
    UPDATE carrier_unhandled_tally SET n = n - 1 WHERE urgent = OLD.urgent
      AND unhandled_since = OLD.unhandled_since AND unit_id = OLD.unit_id
      AND level = OLD.level;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.live = 1 THEN
    INSERT INTO carrier_unhandled_tally(urgent, unhandled_since, unit_id, level, n)
      VALUES (NEW.urgent, NEW.unhandled_since, NEW.unit_id, NEW.level, 1)
      ON CONFLICT (urgent, unhandled_since, unit_id, level) DO UPDATE
      SET n = carrier_unhandled_tally.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_unhandled_tally AFTER INSERT OR UPDATE OR DELETE ON carrier_unhandled
  FOR EACH ROW EXECUTE FUNCTION bm_carrier_unhandled_tally();
-- KEEP-6 told to a keeper: their own expired keepings, a range of their own (SQLite 50's
-- carrier_keep_custodian).
CREATE INDEX carrier_keep_custodian ON carrier(custodian_id, keep_until COLLATE "C")
  WHERE keep_until IS NOT NULL;
