-- PostgreSQL migration 5 (issue 12): the incoming carriers not yet handled, kept as on
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
