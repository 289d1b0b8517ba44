/*
 * sqlite_schema_idempotency.h — migration 15: POSTs made with an
 * Idempotency-Key (issue 9). Private to src/store; included by
 * sqlite_schema.h.
 *
 * A row is claimed inside the savepoint of the use case the request ran,
 * with that use case's writes and audit event, so a retry after a lost
 * answer, a crash or a restart finds it and registers nothing twice. The
 * answer (status and JSON body) is added once it is known; a row whose
 * answer was lost keeps the object the use case touched. Keys are per
 * person; rows older than a day are forgotten.
 */
#ifndef BM_SQLITE_SCHEMA_IDEMPOTENCY_H
#define BM_SQLITE_SCHEMA_IDEMPOTENCY_H

static const char *const migration_15[] = {
        "CREATE TABLE idempotency ("
        "  person_id INTEGER NOT NULL,"
        "  key TEXT NOT NULL,"
        "  method TEXT NOT NULL,"
        "  path TEXT NOT NULL,"
        "  body_digest TEXT NOT NULL,"
        "  object TEXT NOT NULL DEFAULT '',"
        "  status INTEGER,"
        "  answer TEXT,"
        "  created_at TEXT NOT NULL,"
        "  PRIMARY KEY (person_id, key)) WITHOUT ROWID;",
        "CREATE INDEX idempotency_created ON idempotency(created_at);",
        NULL,
};

#endif
