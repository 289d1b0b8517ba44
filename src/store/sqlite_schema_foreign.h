/*
 * sqlite_schema_foreign.h — migration 16 (issue 13 point 9): a dispatch
 * says whether its addressee is a foreign party, and which approved
 * provision request (FOREIGN-1) it carries out. A dispatch to a foreign
 * party always names its request (the service refuses one without).
 */
#ifndef BM_SQLITE_SCHEMA_FOREIGN_H
#define BM_SQLITE_SCHEMA_FOREIGN_H

static const char *const migration_16[] = {
        "ALTER TABLE dispatch ADD COLUMN foreign_party INTEGER NOT NULL DEFAULT 0"
        " CHECK (foreign_party IN (0, 1));",
        "ALTER TABLE dispatch ADD COLUMN request_id INTEGER REFERENCES request(id);",
        "CREATE UNIQUE INDEX dispatch_request ON dispatch(request_id)"
        " WHERE request_id IS NOT NULL;",
        NULL,
};

#endif
