/*
 * sqlite_schema_duty.h — migration 40: the unit's responsibility system
 * (保密工作责任制, ORG-1, issue 11 point 6). Private to src/store; included
 * by sqlite_schema.h.
 *
 * - duty_member: a place in the leadership group (保密工作领导小组): the
 *   person, the role in the group (head 组长, deputy 副组长, member 成员),
 *   whether they are the leader in charge of secrecy work (分管保密工作的
 *   领导), the day and document of the appointment, and its end (day and
 *   document). Never deleted; the only change ever made is the end, once.
 *   A person holds one current place; a unit has at most one current head
 *   and one current leader in charge (the rules refuse before the indexes).
 * - duty_department: a department's responsible leader (责任领导) and
 *   secrecy clerk (保密员) since a day. A change ends the current line and
 *   adds one, so at most one line of a department is current. Never
 *   deleted; the only change is the end, once.
 * - duty_event: the history of both, one line per change; never changed.
 *
 * The three tables are bound to the audit chain (model/audit.h,
 * BM_BOUND_TABLES); created here empty, their binding floor is 0.
 */
#ifndef BM_SQLITE_SCHEMA_DUTY_H
#define BM_SQLITE_SCHEMA_DUTY_H

static const char *const migration_40[] = {
        "CREATE TABLE duty_member ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  role TEXT NOT NULL CHECK (role IN ('head','deputy','member')),"
        "  in_charge INTEGER NOT NULL DEFAULT 0 CHECK (in_charge IN (0,1)),"
        "  appointed_on TEXT NOT NULL,"
        "  document TEXT NOT NULL,"
        "  ended_on TEXT,"
        "  end_document TEXT,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL);",
        "CREATE UNIQUE INDEX duty_member_current ON duty_member(unit_id, person_id)"
        "  WHERE ended_on IS NULL;",
        "CREATE UNIQUE INDEX duty_member_head ON duty_member(unit_id)"
        "  WHERE ended_on IS NULL AND role = 'head';",
        "CREATE UNIQUE INDEX duty_member_in_charge ON duty_member(unit_id)"
        "  WHERE ended_on IS NULL AND in_charge = 1;",
        "CREATE TRIGGER duty_member_no_delete BEFORE DELETE ON duty_member"
        "  BEGIN SELECT RAISE(ABORT, 'the leadership group is permanent'); END;",
        "CREATE TRIGGER duty_member_end_once BEFORE UPDATE ON duty_member"
        "  WHEN OLD.ended_on IS NOT NULL OR NEW.ended_on IS NULL OR NEW.id IS NOT OLD.id"
        "    OR NEW.unit_id IS NOT OLD.unit_id OR NEW.person_id IS NOT OLD.person_id"
        "    OR NEW.role IS NOT OLD.role OR NEW.in_charge IS NOT OLD.in_charge"
        "    OR NEW.appointed_on IS NOT OLD.appointed_on OR NEW.document IS NOT OLD.document"
        "    OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at"
        "  BEGIN SELECT RAISE(ABORT, 'a place in the leadership group is only ended, once'); END;",
        "CREATE TABLE duty_department ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  department_id INTEGER NOT NULL REFERENCES department(id),"
        "  leader_id INTEGER NOT NULL REFERENCES person(id),"
        "  clerk_id INTEGER NOT NULL REFERENCES person(id),"
        "  since TEXT NOT NULL,"
        "  document TEXT,"
        "  ended_on TEXT,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL);",
        "CREATE UNIQUE INDEX duty_department_current ON duty_department(department_id)"
        "  WHERE ended_on IS NULL;",
        "CREATE INDEX duty_department_unit ON duty_department(unit_id, department_id, id);",
        "CREATE TRIGGER duty_department_no_delete BEFORE DELETE ON duty_department"
        "  BEGIN SELECT RAISE(ABORT, 'the responsibility system is permanent'); END;",
        "CREATE TRIGGER duty_department_end_once BEFORE UPDATE ON duty_department"
        "  WHEN OLD.ended_on IS NOT NULL OR NEW.ended_on IS NULL OR NEW.id IS NOT OLD.id"
        "    OR NEW.unit_id IS NOT OLD.unit_id OR NEW.department_id IS NOT OLD.department_id"
        "    OR NEW.leader_id IS NOT OLD.leader_id OR NEW.clerk_id IS NOT OLD.clerk_id"
        "    OR NEW.since IS NOT OLD.since OR NEW.document IS NOT OLD.document"
        "    OR NEW.recorded_by IS NOT OLD.recorded_by OR NEW.recorded_at IS NOT OLD.recorded_at"
        "  BEGIN SELECT RAISE(ABORT, 'a department''s responsibility is only ended, once'); END;",
        "CREATE TABLE duty_event ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  action TEXT NOT NULL,"
        "  member_id INTEGER REFERENCES duty_member(id),"
        "  department_id INTEGER REFERENCES department(id),"
        "  detail TEXT);",
        "CREATE INDEX duty_event_unit ON duty_event(unit_id, id);",
        "CREATE TRIGGER duty_event_no_change BEFORE UPDATE ON duty_event"
        "  BEGIN SELECT RAISE(ABORT, 'the responsibility system''s history is permanent'); END;",
        "CREATE TRIGGER duty_event_no_delete BEFORE DELETE ON duty_event"
        "  BEGIN SELECT RAISE(ABORT, 'the responsibility system''s history is permanent'); END;",
        "INSERT INTO bind_floor(tbl, max_id, seq)"
        "  SELECT 'duty_member', 0, (SELECT coalesce(max(seq), 0) FROM audit_event)"
        "  UNION ALL SELECT 'duty_department', 0, (SELECT coalesce(max(seq), 0) FROM audit_event)"
        "  UNION ALL SELECT 'duty_event', 0, (SELECT coalesce(max(seq), 0) FROM audit_event);",
        NULL,
};

#endif
