-- PostgreSQL migration 8 (issue 12): what migration 1 left NOT YET for the people
-- register, the meetings, the letters and the reward and sanction register, now that
-- their store operations run on PostgreSQL (pg_people.c, pg_meeting.c).
-- A signed attendance sheet takes nobody more (PERSON-6, SQLite migration 23's
-- training_attendance_signed): SQLite's trigger reads the session in its WHEN, which a
-- PostgreSQL trigger's WHEN may not, so the function reads it.
CREATE FUNCTION bm_attendance_signed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF (SELECT signed_at FROM training_session WHERE id = NEW.session_id) IS NOT NULL THEN
    RAISE EXCEPTION USING ERRCODE = 'integrity_constraint_violation',
      MESSAGE = 'the attendance sheet is signed';
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER training_attendance_signed BEFORE INSERT ON training_attendance
  FOR EACH ROW
  EXECUTE FUNCTION bm_attendance_signed();
-- TRUNCATE fires no row trigger: refused by a statement trigger, as on every permanent
-- table (SQLite has no TRUNCATE; its DELETE triggers on these tables are migration 1's).
CREATE TRIGGER person_event_no_truncate BEFORE TRUNCATE ON person_event
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('person history is permanent');
CREATE TRIGGER training_attendance_no_truncate BEFORE TRUNCATE ON training_attendance
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('attendance is permanent');
CREATE TRIGGER meeting_no_truncate BEFORE TRUNCATE ON meeting
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('meetings are permanent');
CREATE TRIGGER meeting_participant_no_truncate BEFORE TRUNCATE ON meeting_participant
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('meetings are permanent');
CREATE TRIGGER meeting_document_no_truncate BEFORE TRUNCATE ON meeting_document
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('meetings are permanent');
CREATE TRIGGER meeting_event_no_truncate BEFORE TRUNCATE ON meeting_event
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('meetings are permanent');
CREATE TRIGGER personal_letter_no_truncate BEFORE TRUNCATE ON personal_letter
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('letters are permanent');
CREATE TRIGGER personal_letter_carrier_no_truncate BEFORE TRUNCATE ON personal_letter_carrier
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('letters are permanent');
CREATE TRIGGER merit_no_truncate BEFORE TRUNCATE ON merit
  FOR EACH STATEMENT
  EXECUTE FUNCTION bm_refuse('the reward and sanction register is permanent');
