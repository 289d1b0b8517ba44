-- PostgreSQL migration 7 (issue 14 point 5): the twin of SQLite migration 47. A
-- hand-over list is kept as it was handed over (KEEP-2, REG-1): each carrier's 文号,
-- 份号, 标题, level and marking then; the devices on the list (handover_device, the
-- lists before it get what the devices' `device.handover` history names); and the
-- 登记序号 of each list in its book of the 移交登记簿 (handover_entry, REG-4: the lists
-- as they stand numbered in order, carriers by their level now). All permanent.
ALTER TABLE handover_item ADD COLUMN doc_number TEXT;
ALTER TABLE handover_item ADD COLUMN serial_number BIGINT;
ALTER TABLE handover_item ADD COLUMN title TEXT;
ALTER TABLE handover_item ADD COLUMN level BIGINT;
ALTER TABLE handover_item ADD COLUMN marking TEXT;
CREATE TABLE handover_device (  handover_id BIGINT NOT NULL REFERENCES handover(id),  position BIGINT NOT NULL,  device_id BIGINT NOT NULL REFERENCES device(id),  number TEXT NOT NULL,  kind TEXT NOT NULL,  model TEXT,  level BIGINT NOT NULL CHECK (level BETWEEN 0 AND 4),  PRIMARY KEY (handover_id, device_id));
CREATE TRIGGER handover_device_no_update BEFORE UPDATE ON handover_device
  FOR EACH ROW
  EXECUTE FUNCTION bm_refuse('hand-over lists are permanent');
CREATE TRIGGER handover_device_no_delete BEFORE DELETE ON handover_device
  FOR EACH ROW
  EXECUTE FUNCTION bm_refuse('hand-over lists are permanent');
INSERT INTO handover_device(handover_id, position, device_id, number, kind, model, level)
  SELECT h.id, row_number() OVER (PARTITION BY h.id ORDER BY e.id), d.id, d.number, d.kind,
   d.model, d.level
  FROM device_event e JOIN device d ON d.id = e.device_id
  JOIN handover h ON h.id = (e.detail::jsonb ->> 'handover_id')::bigint
  WHERE e.action = 'device.handover'
  ON CONFLICT DO NOTHING;
CREATE TABLE handover_entry (  handover_id BIGINT NOT NULL REFERENCES handover(id),  class TEXT NOT NULL CHECK (class IN ('classified','ordinary')),  seq BIGINT NOT NULL CHECK (seq > 0),  PRIMARY KEY (handover_id, class),  UNIQUE (class, seq));
CREATE TRIGGER handover_entry_no_update BEFORE UPDATE ON handover_entry
  FOR EACH ROW
  EXECUTE FUNCTION bm_refuse('register numbers are permanent');
CREATE TRIGGER handover_entry_no_delete BEFORE DELETE ON handover_entry
  FOR EACH ROW
  EXECUTE FUNCTION bm_refuse('register numbers are permanent');
INSERT INTO handover_entry(handover_id, class, seq)
  SELECT id, k, row_number() OVER (PARTITION BY k ORDER BY id) FROM (
   SELECT h.id, 'classified' AS k FROM handover h WHERE
    EXISTS (SELECT 1 FROM handover_item i JOIN carrier c ON c.id = i.carrier_id
     WHERE i.handover_id = h.id AND c.level >= 2)
    OR EXISTS (SELECT 1 FROM handover_device v WHERE v.handover_id = h.id AND v.level >= 2)
    OR (NOT EXISTS (SELECT 1 FROM handover_item i WHERE i.handover_id = h.id)
     AND NOT EXISTS (SELECT 1 FROM handover_device v WHERE v.handover_id = h.id))
   UNION ALL
   SELECT h.id, 'ordinary' FROM handover h WHERE
    EXISTS (SELECT 1 FROM handover_item i JOIN carrier c ON c.id = i.carrier_id
     WHERE i.handover_id = h.id AND c.level < 2)
    OR EXISTS (SELECT 1 FROM handover_device v WHERE v.handover_id = h.id AND v.level < 2)) AS b
  ORDER BY k, id;
-- TRUNCATE fires no row trigger: refused by a statement trigger, as on every permanent table.
CREATE TRIGGER handover_device_no_truncate BEFORE TRUNCATE ON handover_device
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('hand-over lists are permanent');
CREATE TRIGGER handover_entry_no_truncate BEFORE TRUNCATE ON handover_entry
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('register numbers are permanent');
