-- PostgreSQL migration 5 (issue 12): what migration 1 left NOT YET for the ledger's reads.
-- First the incoming carriers not yet handled, kept as on
-- SQLite (migration 21's carrier_unhandled_in/_out, marked NOT YET in migration 1), so
-- that the handling alert (REG-2, carrier_alerts' BM_ALERT_SET_HANDLING) reads the same
-- rows on both engines. An incoming carrier of 秘密 or above with a day received is
-- unhandled from that day until its first event that is not a registration.
INSERT INTO carrier_unhandled(carrier_id, unhandled_since)
  SELECT c.id, c.received_on FROM carrier c
  WHERE c.origin = 'incoming' AND c.received_on IS NOT NULL AND c.level >= 2
    AND NOT EXISTS (SELECT 1 FROM carrier_event e WHERE e.carrier_id = c.id
      AND e.action NOT LIKE 'register%')
  ON CONFLICT DO NOTHING;
CREATE FUNCTION bm_carrier_unhandled_in() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO carrier_unhandled(carrier_id, unhandled_since) VALUES (NEW.id, NEW.received_on)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_unhandled_in AFTER INSERT ON carrier FOR EACH ROW
  WHEN (NEW.origin = 'incoming' AND NEW.received_on IS NOT NULL AND NEW.level >= 2)
  EXECUTE FUNCTION bm_carrier_unhandled_in();
CREATE FUNCTION bm_carrier_unhandled_out() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM carrier_unhandled WHERE carrier_id = NEW.carrier_id;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_unhandled_out AFTER INSERT ON carrier_event FOR EACH ROW
  WHEN (NEW.action NOT LIKE 'register%')
  EXECUTE FUNCTION bm_carrier_unhandled_out();

-- The shared SYS-2 keys (SQLite migrations 11 and 17, marked NOT YET in migration 1):
-- carrier_sight holds a carrier's row of term 4 (BM_SIGHT_NO_SCOPE: it has no scope) or
-- of term 6 (BM_SIGHT_SCOPE_DEPARTMENT, ref: a department in its scope), with its unit,
-- level and status, and carrier_sight_tally counts them, each kept by triggers in the
-- carrier's own transaction as on SQLite, so a unit moved between engines carries the
-- same keys. The list here decides SYS-2 with the terms themselves (pg_ledger.c).
INSERT INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)
  SELECT c.id, 4, 0, c.unit_id, c.level, c.status FROM carrier c
  WHERE NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id)
  ON CONFLICT DO NOTHING;
INSERT INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)
  SELECT c.id, 6, x.department_id, c.unit_id, c.level, c.status
  FROM carrier_scope x JOIN carrier c ON c.id = x.carrier_id
  WHERE x.department_id IS NOT NULL
  ON CONFLICT DO NOTHING;
INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)
  SELECT unit_id, term, ref, level, status, count(*) FROM carrier_sight
  GROUP BY 1, 2, 3, 4, 5
  ON CONFLICT (unit_id, term, ref, level, status) DO UPDATE SET n = EXCLUDED.n;

-- The tally follows the keys (an update stands aside while a bulk write keeps it).
CREATE FUNCTION bm_carrier_sight_tally() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND EXISTS (SELECT 1 FROM bulk_guard) THEN
    RETURN NULL;
  END IF;
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    UPDATE carrier_sight_tally SET n = n - 1 WHERE unit_id = OLD.unit_id
      AND term = OLD.term AND ref = OLD.ref AND level = OLD.level AND status = OLD.status;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    INSERT INTO carrier_sight_tally(unit_id, term, ref, level, status, n)
      VALUES (NEW.unit_id, NEW.term, NEW.ref, NEW.level, NEW.status, 1)
      ON CONFLICT (unit_id, term, ref, level, status)
      DO UPDATE SET n = carrier_sight_tally.n + 1;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_sight_tally_keep AFTER INSERT OR UPDATE OR DELETE ON carrier_sight
  FOR EACH ROW EXECUTE FUNCTION bm_carrier_sight_tally();

-- The keys follow the carrier: a new one has no scope yet; its unit, level and status
-- ride in its keys (an update stands aside while a bulk write keeps them).
CREATE FUNCTION bm_carrier_sight_carrier() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)
      SELECT NEW.id, 4, 0, NEW.unit_id, NEW.level, NEW.status
      WHERE NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = NEW.id)
      ON CONFLICT DO NOTHING;
  ELSIF (OLD.unit_id IS DISTINCT FROM NEW.unit_id OR OLD.level IS DISTINCT FROM NEW.level
         OR OLD.status IS DISTINCT FROM NEW.status) AND NOT EXISTS (SELECT 1 FROM bulk_guard) THEN
    UPDATE carrier_sight SET unit_id = NEW.unit_id, level = NEW.level, status = NEW.status
      WHERE carrier_id = NEW.id;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_sight_carrier AFTER INSERT OR UPDATE OF unit_id, level, status
  ON carrier FOR EACH ROW EXECUTE FUNCTION bm_carrier_sight_carrier();

-- … and its scope rows: a row gone drops its department's key when no other row names
-- it, and the carrier without any row has the no-scope key; a row added removes that
-- key and adds its department's.
CREATE FUNCTION bm_carrier_sight_scope() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('DELETE', 'UPDATE') THEN
    DELETE FROM carrier_sight WHERE carrier_id = OLD.carrier_id AND term = 6
      AND ref = OLD.department_id AND NOT EXISTS (SELECT 1 FROM carrier_scope x
        WHERE x.carrier_id = OLD.carrier_id AND x.department_id = OLD.department_id);
    INSERT INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)
      SELECT c.id, 4, 0, c.unit_id, c.level, c.status FROM carrier c
      WHERE c.id = OLD.carrier_id
        AND NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id)
      ON CONFLICT DO NOTHING;
  END IF;
  IF TG_OP IN ('INSERT', 'UPDATE') THEN
    DELETE FROM carrier_sight WHERE carrier_id = NEW.carrier_id AND term = 4 AND ref = 0;
    INSERT INTO carrier_sight(carrier_id, term, ref, unit_id, level, status)
      SELECT c.id, 6, NEW.department_id, c.unit_id, c.level, c.status FROM carrier c
      WHERE c.id = NEW.carrier_id AND NEW.department_id IS NOT NULL
      ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;
CREATE TRIGGER carrier_sight_scope AFTER INSERT OR UPDATE OR DELETE ON carrier_scope
  FOR EACH ROW EXECUTE FUNCTION bm_carrier_sight_scope();
