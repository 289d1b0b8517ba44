/*
 * sqlite_schema_session.h — migration 2: login sessions, login failures and
 * password history (SYS-4, issue 4). Private to src/store; included by
 * sqlite_schema.h.
 *
 * A session row keeps only the hash of its bearer token. Login failures are
 * recorded by the username string that was tried, known or not, so a lockout
 * cannot be used to tell which accounts exist. Password history keeps
 * Argon2id strings only.
 */
#ifndef BM_SQLITE_SCHEMA_SESSION_H
#define BM_SQLITE_SCHEMA_SESSION_H

static const char *const migration_2[] = {
        "CREATE TABLE session ("
        "  id INTEGER PRIMARY KEY,"
        "  token_hash TEXT NOT NULL UNIQUE,"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  channel TEXT NOT NULL,"
        "  created_at TEXT NOT NULL,"
        "  last_seen_at TEXT NOT NULL,"
        "  ended_at TEXT,"
        "  end_reason TEXT);",
        "CREATE INDEX session_person ON session(person_id, ended_at);",

        "CREATE TABLE login_failure ("
        "  id INTEGER PRIMARY KEY,"
        "  username TEXT NOT NULL,"
        "  at TEXT NOT NULL);",
        "CREATE INDEX login_failure_username ON login_failure(username, at);",
        "CREATE INDEX login_failure_at ON login_failure(at);",

        "CREATE TABLE password_history ("
        "  id INTEGER PRIMARY KEY,"
        "  person_id INTEGER NOT NULL REFERENCES person(id),"
        "  password_hash TEXT NOT NULL,"
        "  created_at TEXT NOT NULL);",
        "CREATE INDEX password_history_person ON password_history(person_id, id);",
        NULL,
};

#endif
