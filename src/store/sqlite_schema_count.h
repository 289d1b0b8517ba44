/*
 * sqlite_schema_count.h — migration 13: a closed count's lines as rows
 * (INV-3, issue 17). Private to src/store; included by sqlite_schema.h.
 *
 * A close used to store its whole result as one JSON text with the session
 * (20 MB at 100k carriers) and to build it in memory. Now the close writes
 * one row per line with INSERT … SELECT and keeps only the summary (the
 * count of each list, the digest of the lines) in count_session.result;
 * pages are read by the key (session, list, carrier). A line of the
 * expected set keeps the carrier's status after the close and its
 * whereabouts by id (loan, dispatch, incident); its title, marking and
 * number are read from the carrier. An unexpected line keeps its texts (it
 * may name an id the ledger does not know). Sessions closed before this
 * migration keep their JSON result and are read from it.
 */
#ifndef BM_SQLITE_SCHEMA_COUNT_H
#define BM_SQLITE_SCHEMA_COUNT_H

static const char *const migration_13[] = {
        "CREATE TABLE count_line ("
        "  session_id INTEGER NOT NULL REFERENCES count_session(id),"
        "  list TEXT NOT NULL"
        "    CHECK (list IN ('found','missing','out','unexpected','incomplete')),"
        "  carrier_id INTEGER NOT NULL,"
        "  status TEXT,"
        "  incident_id INTEGER,"
        "  loan_id INTEGER,"
        "  dispatch_id INTEGER,"
        "  note TEXT,"
        "  title TEXT,"
        "  marking TEXT,"
        "  number TEXT,"
        "  place TEXT," /* where: the reason an unexpected tick is unexpected */
        "  PRIMARY KEY (session_id, list, carrier_id)) WITHOUT ROWID;",
        /* INV-3: a count's result is a record; it is never rewritten once complete */
        "CREATE TRIGGER count_line_no_delete BEFORE DELETE ON count_line"
        "  BEGIN SELECT RAISE(ABORT, 'count results are permanent'); END;",
        NULL,
};

#endif
