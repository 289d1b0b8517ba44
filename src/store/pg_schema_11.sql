-- PostgreSQL migration 11 (issue 12): counting (清查) on PostgreSQL. A closed count's
-- lines, carriers and devices, are its result (INV-3): migration 1 refuses their DELETE,
-- as SQLite does, but TRUNCATE fires no row trigger: refused by a statement trigger, as on
-- every permanent table. The rest a count needs is there already: the twins of SQLite's
-- tables and indexes (migration 1), the carrier's tallies and SYS-2 keys that stand aside
-- while a close flags its missing carriers in bulk (bulk_guard, migrations 1 and 5).
CREATE TRIGGER count_line_no_truncate BEFORE TRUNCATE ON count_line
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('count results are permanent');
CREATE TRIGGER count_device_line_no_truncate BEFORE TRUNCATE ON count_device_line
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('count results are permanent');
