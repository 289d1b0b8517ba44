/*
 * sqlite_schema_classify.h — migration 25: who classified a carrier made
 * here, and on what basis (LEVEL-4, LEVEL-9; issue 13 point 6). Private to
 * src/store; included by sqlite_schema.h.
 *
 * A carrier made here carries out an approved make request, which names the
 * classification authority (定密责任人) who decided its level and period and
 * the catalogue entry followed (定密依据). Both are kept on the carrier row:
 * NULL on incoming carriers (classified by their originator) and on rows
 * made before this migration, so no bound row's digest changes (store.h).
 */
#ifndef BM_SQLITE_SCHEMA_CLASSIFY_H
#define BM_SQLITE_SCHEMA_CLASSIFY_H

static const char *const migration_25[] = {
        "ALTER TABLE carrier ADD COLUMN classifier_id INTEGER REFERENCES person(id);",
        "ALTER TABLE carrier ADD COLUMN classification_basis TEXT;",
        NULL,
};

#endif
