/*
 * sqlite_schema_inspection.h — migration 33: inspections and their
 * rectification notices (保密检查、整改通知书, INSP-1, INSP-2, issue 11
 * point 5). Private to src/store; included by sqlite_schema.h.
 *
 * - inspection: one inspection of the unit — its kind (regular: the
 *   policy's calendar, every inspection.interval_months; spot; special),
 *   the day it was held, its scope (the whole unit, or the department ids
 *   in `departments`, a JSON array), its inspectors (person ids, a JSON
 *   array), its checklist answers (a JSON array of {item, answer, note};
 *   answer one of yes, no, na) and a summary; never changed or deleted.
 * - rectification: a finding turned into a rectification notice
 *   (整改通知书): the department and person answering for it, the
 *   deadline, and its course — open, reported (the department's report
 *   back, with its text), then closed or reopened (open again, with a new
 *   deadline) by a follow-up. `inspection_id` is NULL when the finding came
 *   from elsewhere (the October self-assessment, INSP-4): `source` then
 *   says what ("self_assessment:3"). Never deleted.
 * - rectification_event: a notice's history, one line per change.
 *
 * The three tables are bound to the audit chain (model/audit.h,
 * BM_BOUND_TABLES); created here empty, their binding floor is 0.
 */
#ifndef BM_SQLITE_SCHEMA_INSPECTION_H
#define BM_SQLITE_SCHEMA_INSPECTION_H

static const char *const migration_33[] = {
        "CREATE TABLE inspection ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('regular','spot','special')),"
        "  held_on TEXT NOT NULL,"
        "  whole_unit INTEGER NOT NULL DEFAULT 1,"
        "  departments TEXT,"
        "  inspectors TEXT NOT NULL,"
        "  checklist TEXT NOT NULL DEFAULT '[]',"
        "  summary TEXT,"
        "  created_by INTEGER NOT NULL REFERENCES person(id),"
        "  created_at TEXT NOT NULL);",
        "CREATE INDEX inspection_unit ON inspection(unit_id, kind, held_on);",
        "CREATE TRIGGER inspection_no_change BEFORE UPDATE ON inspection"
        "  BEGIN SELECT RAISE(ABORT, 'inspections are permanent'); END;",
        "CREATE TRIGGER inspection_no_delete BEFORE DELETE ON inspection"
        "  BEGIN SELECT RAISE(ABORT, 'inspections are permanent'); END;",
        "CREATE TABLE rectification ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  inspection_id INTEGER REFERENCES inspection(id),"
        "  source TEXT NOT NULL,"
        "  finding TEXT NOT NULL,"
        "  department_id INTEGER NOT NULL REFERENCES department(id),"
        "  responsible_id INTEGER NOT NULL REFERENCES person(id),"
        "  deadline TEXT NOT NULL,"
        "  status TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open','reported','closed')),"
        "  report TEXT,"
        "  reported_at TEXT,"
        "  reported_by INTEGER REFERENCES person(id),"
        "  follow_up TEXT,"
        "  followed_at TEXT,"
        "  followed_by INTEGER REFERENCES person(id),"
        "  reopened INTEGER NOT NULL DEFAULT 0,"
        "  created_by INTEGER NOT NULL REFERENCES person(id),"
        "  created_at TEXT NOT NULL,"
        "  updated_at TEXT NOT NULL);",
        "CREATE INDEX rectification_unit ON rectification(unit_id, status, deadline);",
        "CREATE INDEX rectification_inspection ON rectification(inspection_id, id);",
        "CREATE TRIGGER rectification_no_delete BEFORE DELETE ON rectification"
        "  BEGIN SELECT RAISE(ABORT, 'rectifications are permanent'); END;",
        "CREATE TABLE rectification_event ("
        "  id INTEGER PRIMARY KEY,"
        "  rectification_id INTEGER NOT NULL REFERENCES rectification(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  action TEXT NOT NULL,"
        "  detail TEXT);",
        "CREATE INDEX rectification_event_of ON rectification_event(rectification_id, id);",
        "CREATE TRIGGER rectification_event_no_change BEFORE UPDATE ON rectification_event"
        "  BEGIN SELECT RAISE(ABORT, 'rectifications are permanent'); END;",
        "CREATE TRIGGER rectification_event_no_delete BEFORE DELETE ON rectification_event"
        "  BEGIN SELECT RAISE(ABORT, 'rectifications are permanent'); END;",
        NULL,
};

#endif
