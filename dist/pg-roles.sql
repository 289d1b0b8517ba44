-- pg-roles.sql — baomi's two PostgreSQL roles and their least privileges (issue 12 point 6;
-- README § PostgreSQL). Installed as PREFIX/share/baomi/pg-roles.sql.
--
-- Run by an administrator (a superuser, e.g. postgres) connected to baomi's database, twice:
--
--   psql -X -v owner=baomi_owner -v serving=baomi_app -v schema=baomi \
--        -d DBNAME -f pg-roles.sql     # 1. the roles and their schema
--   baomi init --db 'postgresql://baomi_owner@HOST/DBNAME' …       # 2. the owner migrates
--   psql … -f pg-roles.sql            # 3. again: the serving role's grants on the tables
--
-- and step 3 again after every upgrade of baomi that migrates the schema, once the owner has
-- migrated it (e.g. `baomi audit list` as the owner migrates; a read-only command such as
-- `audit verify` does not). The script is idempotent: it creates what is missing and sets
-- every grant anew. The variables default to owner=baomi_owner, serving=baomi_app,
-- schema=baomi. It sets no password: give each role one afterwards (`\password baomi_app`)
-- or let pg_hba.conf authenticate them otherwise.
--
--   owner    owns the schema and every table, sequence, function and trigger in it: the
--            migrations run as this role (`baomi init`, or its first command that migrates
--            after an upgrade). Login, no superuser, no createdb, no createrole.
--   serving  what `baomi serve` and the day-to-day CLI use. Login, no superuser, no
--            createdb, no createrole; it creates nothing in the schema. It may SELECT and
--            INSERT on every table but the migrations' own list (read only); UPDATE only
--            the tables the use cases update (below), DELETE only the working tables baomi
--            deletes from (none of them a record or a history), TRUNCATE nothing. So the
--            audit log and every history and permanent table is append-only for it by
--            privilege, as well as by the tables' own triggers (which hold for the owner
--            too).
--
-- Before the first run the database must exist with pg_trgm made in it by an administrator
-- (`CREATE EXTENSION pg_trgm;`). baomi opens a database already at its schema version
-- without migrating, so the serving role never needs more; given an older database it
-- refuses (`migrate_denied`) until the owner has migrated it.
\set ON_ERROR_STOP on
\if :{?owner}
\else
\set owner baomi_owner
\endif
\if :{?serving}
\else
\set serving baomi_app
\endif
\if :{?schema}
\else
\set schema baomi
\endif
-- The PostgreSQL schema version this script's grants name the tables of (src/store/
-- pg_schema_N.sql; tests/cli/t_pg_roles.sh checks it is the last one).
\set schema_version 13

SELECT :'owner' <> :'serving' AS roles_differ \gset
\if :roles_differ
\else
DO $$ BEGIN RAISE EXCEPTION 'pg-roles.sql: the owner and the serving role must be two roles'; END $$;
\endif

-- 1. The roles, their database and their schema.
SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'owner') AS make_owner,
       NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'serving') AS make_serving \gset
\if :make_owner
CREATE ROLE :"owner" LOGIN;
\endif
\if :make_serving
CREATE ROLE :"serving" LOGIN;
\endif
ALTER ROLE :"owner" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
ALTER ROLE :"serving" NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
-- TEMPORARY: each baomi session keeps its list of bound rows written in a temporary table.
GRANT CONNECT, TEMPORARY ON DATABASE :"DBNAME" TO :"owner", :"serving";
CREATE SCHEMA IF NOT EXISTS :"schema" AUTHORIZATION :"owner";
SELECT set_config('baomi.msg', format('pg-roles.sql: schema %s exists and is not owned by %s',
                  :'schema', :'owner'), false) IS NOT NULL AS msg_set,
       (SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = :'schema')
         = quote_ident(:'owner') AS owner_ok \gset
\if :owner_ok
\else
DO $$ BEGIN RAISE EXCEPTION '%', current_setting('baomi.msg'); END $$;
\endif
REVOKE ALL ON SCHEMA :"schema" FROM PUBLIC;
REVOKE CREATE ON SCHEMA :"schema" FROM :"serving";
GRANT USAGE ON SCHEMA :"schema" TO :"serving";
ALTER ROLE :"owner" IN DATABASE :"DBNAME" SET search_path = :"schema";
ALTER ROLE :"serving" IN DATABASE :"DBNAME" SET search_path = :"schema";
-- A table a later migration adds can at once be read and appended to by the serving
-- role; anything more waits for step 3.
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema"
  GRANT SELECT, INSERT ON TABLES TO :"serving";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA :"schema"
  GRANT USAGE, SELECT ON SEQUENCES TO :"serving";

-- 2. The grants on the tables, once the owner has migrated.
SELECT to_regclass(format('%I.schema_migrations', :'schema')) IS NOT NULL AS migrated \gset
\if :migrated
SELECT coalesce(max(version), 0) AS db_version FROM :"schema".schema_migrations \gset
SELECT :db_version = :schema_version AS version_ok,
       set_config('baomi.msg', format('pg-roles.sql: the database is at schema version %s and'
                  ' this script grants for %s (use the script of the same baomi release, and'
                  ' run baomi once as the owner first)', :db_version, :schema_version),
                  false) IS NOT NULL AS msg_set \gset
\if :version_ok
\else
DO $$ BEGIN RAISE EXCEPTION '%', current_setting('baomi.msg'); END $$;
\endif
SET search_path = :"schema";
BEGIN;
REVOKE ALL ON ALL TABLES IN SCHEMA :"schema" FROM :"serving";
REVOKE ALL ON ALL SEQUENCES IN SCHEMA :"schema" FROM :"serving";
-- Read everything; append wherever baomi writes (every table but the migrations' own list
-- and the search's view).
GRANT SELECT, INSERT ON ALL TABLES IN SCHEMA :"schema" TO :"serving";
REVOKE INSERT ON schema_migrations, carrier_ngram_vocab FROM :"serving";
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA :"schema" TO :"serving";
-- UPDATE: the rows the use cases (src/store/pg_*.c) and the tables' triggers update,
-- upsert (ON CONFLICT … DO UPDATE) or lock (SELECT … FOR UPDATE needs UPDATE): the chain's
-- head, the tallies, the handling alert's rows (following their carrier's edits), the
-- records whose status moves (a carrier, a request, a loan, a
-- device, a visit, a count, …), sessions and accounts. Everything else — audit_event and
-- every history and permanent table (carrier_event, person_event, device_event,
-- site_event, meeting_event, rectification_event, duty_event, count_line,
-- count_device_line, org_rename, level_change, destruction, destruction_witness,
-- departure, approval, handover*, register_entry, bind_set, bind_floor, inspection,
-- report_delivery, merit, meeting_document, personal_letter_carrier,
-- training_attendance, site_measure, …) — is INSERT and SELECT only.
GRANT UPDATE ON
  account_filing, admin_alert, audit_head, audit_tally, carrier, carrier_marking,
  carrier_sight, carrier_sight_tally, carrier_tally, carrier_unhandled,
  carrier_unhandled_tally, count_device_item, count_item, count_session, department,
  device, dispatch, dispatch_item, duty_department, duty_member, idempotency, incident,
  loan, login_seen, meeting, meeting_participant, person, person_trip, personal_letter,
  rectification, request, self_assessment, self_assessment_item, session, site,
  site_member, site_visit, storage_place, training_session
  TO :"serving";
-- DELETE: only working rows that are no record: a carrier's scope replaced, the kept
-- search and SYS-2 keys (by the triggers), the handling alert's rows, the bulk guard,
-- spent idempotency keys and login failures, a role taken away.
GRANT DELETE ON
  bulk_guard, carrier_gram, carrier_scope, carrier_sight, carrier_unhandled, idempotency,
  login_failure, person_role
  TO :"serving";
-- A count's close numbers its incidents itself (setval on incident's sequence).
SELECT pg_get_serial_sequence(format('%I.incident', :'schema'), 'id') AS incident_seq \gset
GRANT UPDATE ON SEQUENCE :incident_seq TO :"serving";
COMMIT;
\echo pg-roles.sql: grants of the serving role are set for schema version :db_version
\else
\echo pg-roles.sql: the roles and the schema are ready; now run baomi init as the owner, then this script again
\endif
