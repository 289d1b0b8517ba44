-- tests/check_pg12_sample.sql — one line for each feature of tests/check_pg12.py's table,
-- each ending in the start of the finding it must give ("-- PostgreSQL N: WHAT"), so that
-- `check_pg12.py --sample` (tests/checksrc.sh) fails when a row is lost, its pattern no
-- longer matches, or one matches a line that is not its own. Not SQL anyone runs.
SELECT gen_random_uuid(); -- PostgreSQL 13: gen_random_uuid() in core
SELECT id FROM carrier ORDER BY level FETCH FIRST 3 ROWS WITH TIES; -- PostgreSQL 13: FETCH FIRST … WITH TIES
SELECT pg_current_xact_id(); -- PostgreSQL 13: pg_snapshot / xid8 functions
DROP DATABASE baomi_old WITH (FORCE); -- PostgreSQL 13: DROP DATABASE … WITH (FORCE)
SELECT gcd(4, 6); -- PostgreSQL 13: trim_scale / min_scale / gcd / lcm
SELECT jsonb_set_lax(detail::jsonb, '{a}', NULL) FROM audit_event; -- PostgreSQL 13: jsonb_set_lax
SELECT title IS NFC NORMALIZED FROM carrier; -- PostgreSQL 13: normalize() / IS NORMALIZED
ALTER VIEW carrier_view RENAME COLUMN a TO b; -- PostgreSQL 13: ALTER VIEW … RENAME COLUMN
ALTER TABLE carrier ALTER COLUMN a DROP EXPRESSION; -- PostgreSQL 13: ALTER COLUMN … DROP EXPRESSION
\warn careful -- PostgreSQL 13: psql \warn
CREATE OR REPLACE TRIGGER t BEFORE UPDATE ON carrier FOR EACH ROW EXECUTE FUNCTION f(); -- PostgreSQL 14: CREATE OR REPLACE TRIGGER
SELECT string_to_table(title, ',') FROM carrier; -- PostgreSQL 14: string_to_table / trim_array
SELECT '{[1,2)}'::int4multirange; -- PostgreSQL 14: multirange types
WITH RECURSIVE r(id) AS (SELECT 1) SEARCH DEPTH FIRST BY id SET ord SELECT id FROM r; -- PostgreSQL 14: SEARCH / CYCLE
ALTER TABLE audit_event DETACH PARTITION audit_2025 CONCURRENTLY; -- PostgreSQL 14: DETACH PARTITION
SELECT detail['level'] FROM carrier_event; -- PostgreSQL 14: jsonb subscripting
SELECT level FROM carrier GROUP BY DISTINCT level; -- PostgreSQL 14: GROUP BY DISTINCT
SELECT id FROM carrier JOIN loan USING (id) AS j; -- PostgreSQL 14: JOIN … USING (…) AS alias
CREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC SELECT 1; END; -- PostgreSQL 14: SQL-standard function body
GRANT pg_read_all_data TO baomi; -- PostgreSQL 14: predefined roles
ALTER TABLE carrier ALTER COLUMN title SET COMPRESSION lz4; -- PostgreSQL 14: column COMPRESSION
SET idle_session_timeout = 0; -- PostgreSQL 14: settings idle_session_timeout
SELECT 'pg_dump --no-toast-compression'; -- PostgreSQL 14: pg_dump --no-toast-compression
MERGE INTO carrier c USING loan l ON c.id = l.carrier_id WHEN MATCHED THEN DO NOTHING; -- PostgreSQL 15: MERGE
CREATE TABLE u (a TEXT UNIQUE NULLS NOT DISTINCT); -- PostgreSQL 15: UNIQUE NULLS [NOT] DISTINCT
SELECT regexp_like(title, 'a') FROM carrier; -- PostgreSQL 15: regexp_count / regexp_instr
COPY carrier FROM STDIN WITH (FORMAT csv, HEADER MATCH); -- PostgreSQL 15: COPY … HEADER MATCH
CREATE VIEW v WITH (security_invoker = true) AS SELECT 1; -- PostgreSQL 15: security_invoker views
GRANT SET ON PARAMETER work_mem TO baomi; -- PostgreSQL 15: GRANT … ON PARAMETER
ALTER TABLE carrier SET ACCESS METHOD heap; -- PostgreSQL 15: ALTER TABLE … SET ACCESS METHOD
SELECT 'pg_restore --no-table-access-method'; -- PostgreSQL 15: pg_dump / pg_restore --no-table-access-method
\getenv home HOME -- PostgreSQL 15: psql \getenv
SELECT any_value(title) FROM carrier; -- PostgreSQL 16: any_value
SELECT detail IS JSON FROM audit_event; -- PostgreSQL 16: SQL/JSON: IS JSON
SELECT SYSTEM_USER; -- PostgreSQL 16: SYSTEM_USER
SELECT 0x1F; -- PostgreSQL 16: hexadecimal, octal, binary or underscored numeric literals
GRANT unit_app TO baomi WITH INHERIT TRUE; -- PostgreSQL 16: GRANT … WITH INHERIT / SET option
SELECT 'pg_dump --table-and-children=carrier'; -- PostgreSQL 16: pg_dump --table-and-children
SELECT json_value(detail::jsonb, '$.level') FROM audit_event; -- PostgreSQL 17: JSON_TABLE / json_exists
SELECT merge_action(); -- PostgreSQL 17: MERGE … RETURNING / merge_action()
SELECT 'pg_restore --transaction-size=100'; -- PostgreSQL 17: pg_dump / pg_restore --filter
GRANT pg_maintain TO baomi; -- PostgreSQL 17: pg_maintain / MAINTAIN privilege
SELECT uuidv7(); -- PostgreSQL 18: uuidv7 / uuidv4
UPDATE carrier SET title = 'x' RETURNING OLD.title; -- PostgreSQL 18: RETURNING OLD / NEW
CREATE EXTENSION IF NOT EXISTS pgcrypto; -- not PostgreSQL 12 alone: an extension other than pg_trgm
CREATE EXTENSION IF NOT EXISTS pg_trgm;
SELECT title FROM carrier WHERE ARRAY['a'] && tags;
