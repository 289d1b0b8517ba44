-- PostgreSQL migration 10 (issue 12): what migration 1 left NOT YET for the oversight
-- records (inspections, rectifications, the self-assessment, the monthly report's
-- deliveries, the responsibility system), which pg_oversight.c now writes.
-- The twin of SQLite migration 34's self_assessment_item_signed (INSP-4): once the clerk
-- has signed a self-assessment its answers are final, and the table refuses to change an
-- item, whoever writes (the service refuses first, as on SQLite).
CREATE FUNCTION bm_sa_item_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT clerk_signed_at FROM self_assessment WHERE id = OLD.assessment_id) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
      MESSAGE = 'a signed self-assessment is kept as it is';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER self_assessment_item_signed BEFORE UPDATE ON self_assessment_item
  FOR EACH ROW EXECUTE FUNCTION bm_sa_item_signed();
-- TRUNCATE fires no row trigger: refused by a statement trigger, as on every permanent
-- table (SQLite has no TRUNCATE; its DELETE triggers are migration 1's bm_refuse twins).
CREATE TRIGGER inspection_no_truncate BEFORE TRUNCATE ON inspection
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('inspections are permanent');
CREATE TRIGGER rectification_no_truncate BEFORE TRUNCATE ON rectification
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('rectifications are permanent');
CREATE TRIGGER rectification_event_no_truncate BEFORE TRUNCATE ON rectification_event
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('rectifications are permanent');
CREATE TRIGGER self_assessment_no_truncate BEFORE TRUNCATE ON self_assessment
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('a self-assessment is kept');
CREATE TRIGGER self_assessment_item_no_truncate BEFORE TRUNCATE ON self_assessment_item
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('a self-assessment is kept');
CREATE TRIGGER report_delivery_no_truncate BEFORE TRUNCATE ON report_delivery
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('a delivered report is kept as it is');
CREATE TRIGGER duty_member_no_truncate BEFORE TRUNCATE ON duty_member
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('the leadership group is permanent');
CREATE TRIGGER duty_department_no_truncate BEFORE TRUNCATE ON duty_department
  FOR EACH STATEMENT EXECUTE FUNCTION bm_refuse('the responsibility system is permanent');
CREATE TRIGGER duty_event_no_truncate BEFORE TRUNCATE ON duty_event
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('the responsibility system''s history is permanent');
