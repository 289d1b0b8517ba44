/*
 * sqlite_schema_terms.h — migration 51: a new carrier's terms written by the
 * store after its scope rows, not by a trigger of the carrier's INSERT
 * (issue 17 point 4). Private to src/store; included by sqlite_schema.h.
 *
 * Migration 48's trigger made carrier_gram's rows while the new carrier
 * still had its "no scope" key row (migration 11, term 4), before the store
 * wrote the scope: each term was counted against that row, the first scope
 * row took the key row and every count away again, and only then were the
 * terms counted against the department's key: three tally writes per term
 * where one is needed, and the terms listed by GRAMS_OF's recursive CTE.
 *
 * Now sqlite.c (carrier_terms_add) inserts a new carrier's terms once its
 * scope rows are written, listed in C by the tokenizer's own splitting
 * (bm_sq_ngram_terms, the list GRAMS_OF makes in SQL; test_store compares
 * the two), and carrier_gram_tally_gram_insert counts each term against the
 * carrier's final key rows only. The tally counts what it counted (its rows
 * of n = 0 aside, which no reader sums differently). A carrier cannot be
 * inserted without baomi's tokenizer anyway (its search row, migration 10),
 * so the bare sqlite3 shell loses nothing; a copy from PostgreSQL makes the
 * terms of the carriers it copied in bm_sq_copy_close. A title changed later
 * still moves its terms through 48's update trigger.
 */
#ifndef BM_SQLITE_SCHEMA_TERMS_H
#define BM_SQLITE_SCHEMA_TERMS_H

static const char *const migration_51[] = {
        "DROP TRIGGER carrier_gram_carrier_insert;",
        NULL,
};

#endif
