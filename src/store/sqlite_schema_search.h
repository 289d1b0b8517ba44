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

/*
 * The distinct one- and two-character terms of a carrier's title and
 * document number as the index has them (baomi_ngram, sqlite_ngram.c: every
 * character and every pair of neighbours of each column, ASCII letters
 * folded as LIKE folds them, which is the built-in lower() of a SQLite
 * without ICU), one json_each row per term (`value`). Plain SQL, no
 * function of baomi's: a connection without baomi's functions (the bare
 * sqlite3 shell) can still change a carrier's level or scope and keep the
 * tally. substr() and length() count characters as the tokenizer does for
 * every valid UTF-8 text (the edge lets no other in).
 */
#define GRAMS_OF(title, doc)                                                                       \
	"json_each((SELECT json_group_array(value) FROM (WITH RECURSIVE"                           \
	" s(t) AS (SELECT coalesce(" title ", '') UNION ALL SELECT coalesce(" doc ", '')),"        \
	" p(t, k) AS (SELECT t, 1 FROM s WHERE length(t) > 0"                                      \
	"   UNION ALL SELECT t, k + 1 FROM p WHERE k < length(t))"                                 \
	" SELECT lower(substr(t, k, 1)) AS value FROM p"                                           \
	" UNION SELECT lower(substr(t, k, 2)) FROM p WHERE k < length(t))))"

/*
 * 45 (issue 17 point 5): a staff member's one- or two-character search
 * total without walking the term's matches. carrier_gram_tally counts the
 * carriers of each index term (the rows a one- or two-character query
 * matches, bm_sq_ngram_term) by SYS-2 key (carrier_sight's unit, term and
 * ref, migration 11) and level: the keyed part of a staff member's total is
 * the few tally rows of that term and their keys, as carrier_sight_tally is
 * for their ledger total (sqlite.c, key_term_total); their personal
 * candidates are checked one by one. Status is no dimension: a search
 * filters by nothing else, and a count's bulk status change (migration 17)
 * leaves the terms alone. Kept by triggers in the carrier's transaction: a
 * key row brings or takes its carrier's terms, a carrier whose unit, level,
 * title or document number changes moves its terms under each of its keys.
 * Rows that fall to 0 stay.
 */
static const char *const migration_45[] = {
        "CREATE TABLE carrier_gram_tally ("
        "  gram TEXT NOT NULL,"
        "  unit_id INTEGER NOT NULL,"
        "  term INTEGER NOT NULL,"
        "  ref INTEGER NOT NULL,"
        "  level INTEGER NOT NULL,"
        "  n INTEGER NOT NULL,"
        "  PRIMARY KEY (gram, unit_id, term, ref, level)) WITHOUT ROWID;",
        "INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "  SELECT j.value, x.unit_id, x.term, x.ref, x.level, count(*)"
        "  FROM carrier_sight x JOIN carrier c ON c.id = x.carrier_id,"
        "  " GRAMS_OF("c.title", "c.doc_number") " j GROUP BY 1, 2, 3, 4, 5;",
        "CREATE TRIGGER carrier_gram_sight_insert AFTER INSERT ON carrier_sight BEGIN"
        "  INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "    SELECT j.value, new.unit_id, new.term, new.ref, new.level, 1"
        "    FROM carrier c, " GRAMS_OF("c.title",
                                        "c.doc_number") " j"
                                                        "    WHERE c.id = new.carrier_id"
                                                        "    ON CONFLICT(gram, unit_id, term, ref, "
                                                        "level) DO UPDATE SET n = n + 1;"
                                                        " END;",
        "CREATE TRIGGER carrier_gram_sight_delete AFTER DELETE ON carrier_sight BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND gram IN (SELECT j.value FROM carrier c, " GRAMS_OF(
                "c.title", "c.doc_number") " j WHERE c.id = old.carrier_id);"
                                           " END;",
        "CREATE TRIGGER carrier_gram_carrier_update"
        " AFTER UPDATE OF unit_id, level, title, doc_number ON carrier"
        " WHEN old.unit_id IS NOT new.unit_id OR old.level IS NOT new.level"
        "   OR old.title IS NOT new.title OR old.doc_number IS NOT new.doc_number BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1"
        "    WHERE unit_id = old.unit_id AND level = old.level"
        "    AND gram IN (SELECT j.value FROM " GRAMS_OF(
                "old.title",
                "old.doc_number") " j)"
                                  "    AND (term, ref) IN (SELECT x.term, x.ref FROM carrier_sight "
                                  "x"
                                  "      WHERE x.carrier_id = new.id);"
                                  "  INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, "
                                  "level, n)"
                                  "    SELECT j.value, new.unit_id, x.term, x.ref, new.level, 1"
                                  "    FROM carrier_sight x, " GRAMS_OF(
                                          "new.title",
                                          "new.doc_number") " j"
                                                            "    WHERE x.carrier_id = new.id"
                                                            "    ON CONFLICT(gram, unit_id, term, "
                                                            "ref, level) DO UPDATE SET n = n + 1;"
                                                            " END;",
        NULL,
};

#endif
