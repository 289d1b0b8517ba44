/*
 * sqlite_schema_site.h — migration 24: key departments and places
 * (保密要害部门部位, SITE-1). Private to src/store; included by sqlite_schema.h.
 *
 * - site: the register entry; it links to an existing department and/or
 *   storage place (never copies them) and records its confirmation and
 *   responsible leader; revoked, never deleted;
 * - site_member: who works there (staff) and who may enter (access); a
 *   person leaves a list by removed_at, the row stays;
 * - site_measure: each check of a physical measure, appended;
 * - site_visit: the visit log (visitor, reason, escort, time in and out);
 * - site_event: the entry's history, one line per change.
 * Nothing here is ever deleted.
 */
#ifndef BM_SQLITE_SCHEMA_SITE_H
#define BM_SQLITE_SCHEMA_SITE_H

static const char *const migration_24[] = {
        "CREATE TABLE site ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  name TEXT NOT NULL,"
        "  kind TEXT NOT NULL CHECK (kind IN ('department','place')),"
        "  department_id INTEGER REFERENCES department(id),"
        "  place_id INTEGER REFERENCES storage_place(id),"
        "  location TEXT,"
        "  confirmed_by TEXT NOT NULL,"
        "  confirmed_on TEXT NOT NULL,"
        "  confirm_doc TEXT,"
        "  leader_id INTEGER NOT NULL REFERENCES person(id),"
        "  note TEXT,"
        "  status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active','revoked')),"
        "  revoked_at TEXT,"
        "  revoke_reason TEXT,"
        "  created_by INTEGER NOT NULL REFERENCES person(id),"
        "  created_at TEXT NOT NULL,"
        "  updated_at TEXT NOT NULL);",
        "CREATE UNIQUE INDEX site_name ON site(unit_id, name);",
        "CREATE TRIGGER site_no_delete BEFORE DELETE ON site"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        "CREATE TABLE site_member ("
        "  id INTEGER PRIMARY KEY,"
        "  site_id INTEGER NOT NULL REFERENCES site(id),"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('staff','access')),"
        "  added_by INTEGER NOT NULL REFERENCES person(id),"
        "  added_at TEXT NOT NULL,"
        "  removed_by INTEGER REFERENCES person(id),"
        "  removed_at TEXT);",
        "CREATE UNIQUE INDEX site_member_listed ON site_member(site_id, person_id, kind)"
        "  WHERE removed_at IS NULL;",
        "CREATE INDEX site_member_person ON site_member(person_id, kind) WHERE removed_at IS NULL;",
        "CREATE TRIGGER site_member_no_delete BEFORE DELETE ON site_member"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        "CREATE TABLE site_measure ("
        "  id INTEGER PRIMARY KEY,"
        "  site_id INTEGER NOT NULL REFERENCES site(id),"
        "  kind TEXT NOT NULL,"
        "  present INTEGER NOT NULL,"
        "  checked_on TEXT NOT NULL,"
        "  note TEXT,"
        "  checked_by INTEGER NOT NULL REFERENCES person(id),"
        "  at TEXT NOT NULL);",
        "CREATE INDEX site_measure_site ON site_measure(site_id, id);",
        "CREATE TRIGGER site_measure_no_change BEFORE UPDATE ON site_measure"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        "CREATE TRIGGER site_measure_no_delete BEFORE DELETE ON site_measure"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        "CREATE TABLE site_visit ("
        "  id INTEGER PRIMARY KEY,"
        "  site_id INTEGER NOT NULL REFERENCES site(id),"
        "  visitor TEXT NOT NULL,"
        "  visitor_id INTEGER REFERENCES person(id),"
        "  organisation TEXT,"
        "  reason TEXT NOT NULL,"
        "  escort_id INTEGER REFERENCES person(id),"
        "  time_in TEXT NOT NULL,"
        "  time_out TEXT,"
        "  recorded_by INTEGER NOT NULL REFERENCES person(id),"
        "  recorded_at TEXT NOT NULL);",
        "CREATE INDEX site_visit_site ON site_visit(site_id, id);",
        "CREATE TRIGGER site_visit_no_delete BEFORE DELETE ON site_visit"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        "CREATE TABLE site_event ("
        "  id INTEGER PRIMARY KEY,"
        "  site_id INTEGER NOT NULL REFERENCES site(id),"
        "  at TEXT NOT NULL,"
        "  actor_id INTEGER REFERENCES person(id),"
        "  action TEXT NOT NULL,"
        "  detail TEXT);",
        "CREATE INDEX site_event_site ON site_event(site_id, id);",
        "CREATE TRIGGER site_event_no_change BEFORE UPDATE ON site_event"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        "CREATE TRIGGER site_event_no_delete BEFORE DELETE ON site_event"
        "  BEGIN SELECT RAISE(ABORT, 'key sites are permanent'); END;",
        NULL,
};

#endif
