/*
 * sqlite_schema_search.h — migration 10: the ledger search index of every
 * length (issue 17). Private to src/store; included by sqlite_schema.h.
 *
 * The trigram index of migration 1 answered only queries of three or more
 * characters; one and two (密, 通知) scanned the ledger with LIKE. The
 * baomi_ngram tokenizer (sqlite_ngram.c, registered on every connection
 * before the migrations run) indexes each character and each pair of
 * neighbours, so every length is a phrase of the index and every match is
 * exact. It replaces the trigram index; the rebuild reads every carrier once.
 * columnsize=0: no ranking is done, so no per-row sizes are kept.
 */
#ifndef BM_SQLITE_SCHEMA_SEARCH_H
#define BM_SQLITE_SCHEMA_SEARCH_H

static const char *const migration_10[] = {
        "DROP TRIGGER carrier_fts_insert;",
        "DROP TRIGGER carrier_fts_update;",
        "DROP TABLE carrier_fts;",
        "CREATE VIRTUAL TABLE carrier_ngram USING fts5("
        "  title, doc_number, content='carrier', content_rowid='id', tokenize='baomi_ngram',"
        "  columnsize=0);",
        "CREATE TRIGGER carrier_ngram_insert AFTER INSERT ON carrier BEGIN"
        "  INSERT INTO carrier_ngram(rowid, title, doc_number)"
        "  VALUES (new.id, new.title, coalesce(new.doc_number, '')); END;",
        "CREATE TRIGGER carrier_ngram_update AFTER UPDATE OF title, doc_number ON carrier BEGIN"
        "  INSERT INTO carrier_ngram(carrier_ngram, rowid, title, doc_number)"
        "  VALUES ('delete', old.id, old.title, coalesce(old.doc_number, ''));"
        "  INSERT INTO carrier_ngram(rowid, title, doc_number)"
        "  VALUES (new.id, new.title, coalesce(new.doc_number, '')); END;",
        "INSERT INTO carrier_ngram(carrier_ngram) VALUES ('rebuild');",
        NULL,
};

/*
 * 43 (issue 17 point 5): the number of rows of each term of the n-gram
 * index, for the total of a one- or two-character search (one term,
 * bm_sq_ngram_term) without walking its matches: fts5vocab reads the term's
 * doclist inside FTS5 (its `doc` column: rows holding the term in the title
 * or the document number), exactly the rows the phrase matches. Nothing is
 * stored: the table is a view of the index, so there is nothing to build.
 */
static const char *const migration_43[] = {
        "CREATE VIRTUAL TABLE carrier_ngram_vocab USING fts5vocab(carrier_ngram, 'row');",
        NULL,
};

#endif
