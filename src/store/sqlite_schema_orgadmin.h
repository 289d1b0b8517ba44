/*
 * sqlite_schema_orgadmin.h — migration 44 (issue 14 point 14): the unit's
 * departments and storage places (存放地点) are renamed and retired (停用)
 * by their administrators (SYS-1), never deleted: the rows old records
 * point at stay. `retired_on` is the day from which a department takes no
 * new people (ORG-1) and a place no new carriers (KEEP-1); NULL while in
 * use. org_rename keeps every former name with the day it was given up,
 * so the screens show a department's or place's history; old audit events
 * keep the name they were written with (the detail), printed registers show
 * the current one.
 */
#ifndef BM_SQLITE_SCHEMA_ORGADMIN_H
#define BM_SQLITE_SCHEMA_ORGADMIN_H

static const char *const migration_44[] = {
        "ALTER TABLE department ADD COLUMN retired_on TEXT;",
        "ALTER TABLE storage_place ADD COLUMN retired_on TEXT;",
        "CREATE TABLE org_rename ("
        "  id INTEGER PRIMARY KEY,"
        "  unit_id INTEGER NOT NULL REFERENCES unit(id),"
        "  kind TEXT NOT NULL CHECK (kind IN ('department','place')),"
        "  object_id INTEGER NOT NULL,"
        "  old_name TEXT NOT NULL,"
        "  new_name TEXT NOT NULL,"
        "  renamed_on TEXT NOT NULL,"
        "  renamed_by INTEGER REFERENCES person(id));",
        "CREATE INDEX org_rename_object ON org_rename(kind, object_id, id);",
        "CREATE TRIGGER org_rename_no_change BEFORE UPDATE ON org_rename"
        "  BEGIN SELECT RAISE(ABORT, 'a former name is history'); END;",
        "CREATE TRIGGER org_rename_no_delete BEFORE DELETE ON org_rename"
        "  BEGIN SELECT RAISE(ABORT, 'a former name is history'); END;",
        NULL,
};

#endif
