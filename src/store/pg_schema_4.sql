-- PostgreSQL migration 4 (issue 14 point 5): the twin of SQLite migration 46. How each
-- 监销人 of a destruction confirmed it (DESTROY-2 with REG-1): '#password' (their own
-- password on the clerk's screen) or '#paper' (by hand on the printed register); NULL for
-- a batch destroyed before, whose witnesses the clerk named. Set once with the row
-- (destruction_witness_no_change refuses updates).
ALTER TABLE destruction_witness ADD COLUMN signature TEXT;
