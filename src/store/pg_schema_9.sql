-- pg_schema_9.sql — issue 12: the 登记序号 of every printed register on PostgreSQL (REG-1,
-- REG-4), the twins of SQLite's migration 41 triggers (sqlite_schema_register.h). Each entry
-- gets the next number of its book when it is made, in the transaction that makes it, so
-- every path that registers numbers alike; classified (秘密 and above) and ordinary items
-- have separate books:
--   incoming  a carrier of origin incoming, by its registered level;
--   copy      a carrier of origin copy or extract, by its registered level;
--   borrow    a loan of kind borrow or read_on_site, by the carrier's level;
--   take-out  a loan of kind take_out, by the carrier's level;
--   dispatch  an item of a dispatch, by the carrier's level;
--   destroy   a carrier becoming destroyed, by its level then.
-- max(seq) + 1 is read by one writer at a time: every write transaction holds the chain's
-- head first (pg_begin), and UNIQUE (register, class, seq) stands behind it.
-- A database made before this migration gets its books numbered here in registration
-- order, as SQLite's migration 41 did (a dispatch's items in their order, migration 6's
-- `ord`, where SQLite took its rowid); those rows predate their binding to the chain, so
-- the register's binding floor is set after them (bind_floor, as SQLite's migration 42).

CREATE FUNCTION bm_register_class(level BIGINT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE WHEN level >= 2 THEN 'classified' ELSE 'ordinary' END
$$;
CREATE FUNCTION bm_register_next(r TEXT, k TEXT) RETURNS BIGINT LANGUAGE sql AS $$
  SELECT coalesce(max(seq), 0) + 1 FROM register_entry WHERE register = r AND class = k
$$;

-- The books as they stand, numbered in registration order.
INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
  SELECT r, k, row_number() OVER (PARTITION BY r, k ORDER BY id), id, id FROM
  (SELECT id, CASE origin WHEN 'incoming' THEN 'incoming' ELSE 'copy' END AS r,
     bm_register_class(original_level) AS k
   FROM carrier WHERE origin IN ('incoming','copy','extract')) x
  ORDER BY r, k, id;
INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
  SELECT r, k, row_number() OVER (PARTITION BY r, k ORDER BY issued_at, id), id, carrier_id FROM
  (SELECT l.id, l.carrier_id, l.issued_at,
     CASE l.kind WHEN 'take_out' THEN 'take-out' ELSE 'borrow' END AS r,
     bm_register_class(c.level) AS k
   FROM loan l JOIN carrier c ON c.id = l.carrier_id
   WHERE l.kind IN ('borrow','read_on_site','take_out')) x
  ORDER BY r, k, issued_at, id;
INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
  SELECT 'dispatch', k, row_number() OVER (PARTITION BY k ORDER BY created_at, dispatch_id,
     ord), dispatch_id, carrier_id FROM
  (SELECT i.dispatch_id, i.carrier_id, i.ord, d.created_at, bm_register_class(c.level) AS k
   FROM dispatch_item i JOIN dispatch d ON d.id = i.dispatch_id
   JOIN carrier c ON c.id = i.carrier_id) x
  ORDER BY k, created_at, dispatch_id, ord;
INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
  SELECT 'destroy', k, row_number() OVER (PARTITION BY k ORDER BY at, id), id, id FROM
  (SELECT c.id, bm_register_class(c.level) AS k,
     coalesce((SELECT d.executed_at FROM destruction d
       JOIN request_item ri ON ri.request_id = d.request_id
       WHERE ri.carrier_id = c.id ORDER BY d.id DESC LIMIT 1), c.updated_at) AS at
   FROM carrier c WHERE c.status = 'destroyed') x
  ORDER BY k, at, id;
-- The rows numbered above were never written by a use case: below the binding floor, and
-- not taken into the next event of the connection that migrated.
INSERT INTO bind_floor(tbl, max_id, seq)
  SELECT 'register_entry', coalesce(max(id), 0), (SELECT seq FROM audit_head WHERE id = 1)
  FROM register_entry
  ON CONFLICT (tbl) DO NOTHING;
DELETE FROM pg_temp.bm_touched WHERE tbl = 'register_entry';

-- Every entry made from now on.
CREATE FUNCTION bm_register_carrier() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r TEXT := CASE NEW.origin WHEN 'incoming' THEN 'incoming' ELSE 'copy' END;
  k TEXT := bm_register_class(NEW.original_level);
BEGIN
  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
    VALUES (r, k, bm_register_next(r, k), NEW.id, NEW.id);
  RETURN NULL;
END $$;
CREATE TRIGGER register_entry_carrier AFTER INSERT ON carrier
  FOR EACH ROW WHEN (NEW.origin IN ('incoming','copy','extract'))
  EXECUTE FUNCTION bm_register_carrier();

CREATE FUNCTION bm_register_loan() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  r TEXT := CASE NEW.kind WHEN 'take_out' THEN 'take-out' ELSE 'borrow' END;
BEGIN
  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
    SELECT r, k, bm_register_next(r, k), NEW.id, NEW.carrier_id FROM
    (SELECT bm_register_class(c.level) AS k FROM carrier c WHERE c.id = NEW.carrier_id) x;
  RETURN NULL;
END $$;
CREATE TRIGGER register_entry_loan AFTER INSERT ON loan
  FOR EACH ROW WHEN (NEW.kind IN ('borrow','read_on_site','take_out'))
  EXECUTE FUNCTION bm_register_loan();

CREATE FUNCTION bm_register_dispatch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
    SELECT 'dispatch', k, bm_register_next('dispatch', k), NEW.dispatch_id, NEW.carrier_id FROM
    (SELECT bm_register_class(c.level) AS k FROM carrier c WHERE c.id = NEW.carrier_id) x;
  RETURN NULL;
END $$;
CREATE TRIGGER register_entry_dispatch AFTER INSERT ON dispatch_item
  FOR EACH ROW EXECUTE FUNCTION bm_register_dispatch();

CREATE FUNCTION bm_register_destroy() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  k TEXT := bm_register_class(NEW.level);
BEGIN
  INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
    VALUES ('destroy', k, bm_register_next('destroy', k), NEW.id, NEW.id)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END $$;
CREATE TRIGGER register_entry_destroy AFTER UPDATE OF status ON carrier
  FOR EACH ROW WHEN (NEW.status = 'destroyed' AND OLD.status <> 'destroyed')
  EXECUTE FUNCTION bm_register_destroy();
