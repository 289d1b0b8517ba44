/*
 * sqlite_schema_search.h — migration 10: the ledger search index of every
 * length (issue 17); 43, 45 and 48: the counts of its one- and
 * two-character terms. Private to src/store; included by sqlite_schema.h.
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

/* GRAMS_OF(title, doc): sqlite_grams.h (the store and the copy use it too). */
#include "store/sqlite_grams.h"

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
/* clang-format off */
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
        "    FROM carrier c, " GRAMS_OF("c.title", "c.doc_number") " j"
        "    WHERE c.id = new.carrier_id"
        "    ON CONFLICT(gram, unit_id, term, ref, level) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_gram_sight_delete AFTER DELETE ON carrier_sight BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND gram IN (SELECT j.value FROM carrier c, " GRAMS_OF("c.title", "c.doc_number") " j WHERE c.id = old.carrier_id);"
        " END;",
        "CREATE TRIGGER carrier_gram_carrier_update"
        " AFTER UPDATE OF unit_id, level, title, doc_number ON carrier"
        " WHEN old.unit_id IS NOT new.unit_id OR old.level IS NOT new.level"
        "   OR old.title IS NOT new.title OR old.doc_number IS NOT new.doc_number BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1"
        "    WHERE unit_id = old.unit_id AND level = old.level"
        "    AND gram IN (SELECT j.value FROM " GRAMS_OF("old.title", "old.doc_number") " j)"
        "    AND (term, ref) IN (SELECT x.term, x.ref FROM carrier_sight x"
        "      WHERE x.carrier_id = new.id);"
        "  INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "    SELECT j.value, new.unit_id, x.term, x.ref, new.level, 1"
        "    FROM carrier_sight x, " GRAMS_OF("new.title", "new.doc_number") " j"
        "    WHERE x.carrier_id = new.id"
        "    ON CONFLICT(gram, unit_id, term, ref, level) DO UPDATE SET n = n + 1;"
        " END;",
        NULL,
};
/* clang-format on */

/*
 * 48 (issue 17): the term tally kept at the cost of what changed. Migration
 * 45's triggers computed a carrier's terms (GRAMS_OF: a recursive CTE
 * through json) once per carrier_sight row inserted or deleted, and again on
 * every change of its unit or level; a carrier's update rewrites its scope
 * rows (sqlite.c, write_scope), so each scoped carrier paid it four times per
 * scope row, and the SYS-2 property test took minutes.
 *
 * Now carrier_gram holds each carrier's distinct terms, computed once when
 * the carrier is registered and again only when its title or document number
 * changes (then only the terms that differ are deleted or added). The tally
 * is the count of carrier_sight ⋈ carrier_gram by (gram, unit, term, ref,
 * level) of the key row, and each side's triggers apply their own row's
 * change against the other side as it stands: a key row inserted or deleted
 * adds or takes one per term of its carrier, a term inserted or deleted one
 * per key row of its carrier, a key row moved (its carrier's unit or level,
 * migration 11/17's carrier_sight_carrier_update) moves its terms. Whatever
 * order SQLite fires the carrier's triggers in, each pair of a key row and a
 * term is counted once. Status changes touch none of this (the WHENs), and
 * carriers are never deleted (carrier_no_delete). Plain SQL still: the bare
 * sqlite3 shell keeps the tally too. The tally is rebuilt from the rows, so
 * a ledger migrates whatever its tally held.
 */
/* clang-format off */
static const char *const migration_48[] = {
        "DROP TRIGGER carrier_gram_sight_insert;",
        "DROP TRIGGER carrier_gram_sight_delete;",
        "DROP TRIGGER carrier_gram_carrier_update;",
        "CREATE TABLE carrier_gram ("
        "  carrier_id INTEGER NOT NULL,"
        "  gram TEXT NOT NULL,"
        "  PRIMARY KEY (carrier_id, gram)) WITHOUT ROWID;",
        "INSERT INTO carrier_gram(carrier_id, gram)"
        "  SELECT c.id, j.value FROM carrier c, " GRAMS_OF("c.title", "c.doc_number") " j;",
        "DELETE FROM carrier_gram_tally;",
        "INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "  SELECT g.gram, x.unit_id, x.term, x.ref, x.level, count(*)"
        "  FROM carrier_sight x JOIN carrier_gram g ON g.carrier_id = x.carrier_id"
        "  GROUP BY 1, 2, 3, 4, 5;",

        /* A carrier's terms follow its title and document number … */
        "CREATE TRIGGER carrier_gram_carrier_insert AFTER INSERT ON carrier BEGIN"
        "  INSERT INTO carrier_gram(carrier_id, gram)"
        "    SELECT new.id, j.value FROM " GRAMS_OF("new.title", "new.doc_number") " j;"
        " END;",
        "CREATE TRIGGER carrier_gram_carrier_update AFTER UPDATE OF title, doc_number ON carrier"
        " WHEN old.title IS NOT new.title OR old.doc_number IS NOT new.doc_number BEGIN"
        "  DELETE FROM carrier_gram WHERE carrier_id = new.id AND gram NOT IN"
        "    (SELECT j.value FROM " GRAMS_OF("new.title", "new.doc_number") " j);"
        "  INSERT OR IGNORE INTO carrier_gram(carrier_id, gram)"
        "    SELECT new.id, j.value FROM " GRAMS_OF("new.title", "new.doc_number") " j;"
        " END;",

        /* … and the tally follows the terms … */
        "CREATE TRIGGER carrier_gram_tally_gram_insert AFTER INSERT ON carrier_gram BEGIN"
        "  INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "    SELECT new.gram, x.unit_id, x.term, x.ref, x.level, 1 FROM carrier_sight x"
        "    WHERE x.carrier_id = new.carrier_id"
        "    ON CONFLICT(gram, unit_id, term, ref, level) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_gram_tally_gram_delete AFTER DELETE ON carrier_gram BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1 WHERE gram = old.gram"
        "    AND (unit_id, term, ref, level) IN (SELECT x.unit_id, x.term, x.ref, x.level"
        "      FROM carrier_sight x WHERE x.carrier_id = old.carrier_id);"
        " END;",

        /* … and the SYS-2 key rows. */
        "CREATE TRIGGER carrier_gram_tally_sight_insert AFTER INSERT ON carrier_sight BEGIN"
        "  INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "    SELECT g.gram, new.unit_id, new.term, new.ref, new.level, 1 FROM carrier_gram g"
        "    WHERE g.carrier_id = new.carrier_id"
        "    ON CONFLICT(gram, unit_id, term, ref, level) DO UPDATE SET n = n + 1;"
        " END;",
        "CREATE TRIGGER carrier_gram_tally_sight_delete AFTER DELETE ON carrier_sight BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND gram IN (SELECT g.gram FROM carrier_gram g WHERE g.carrier_id = old.carrier_id);"
        " END;",
        "CREATE TRIGGER carrier_gram_tally_sight_update"
        " AFTER UPDATE OF carrier_id, term, ref, unit_id, level ON carrier_sight"
        " WHEN old.carrier_id IS NOT new.carrier_id OR old.term IS NOT new.term"
        "   OR old.ref IS NOT new.ref OR old.unit_id IS NOT new.unit_id"
        "   OR old.level IS NOT new.level BEGIN"
        "  UPDATE carrier_gram_tally SET n = n - 1 WHERE unit_id = old.unit_id"
        "    AND term = old.term AND ref = old.ref AND level = old.level"
        "    AND gram IN (SELECT g.gram FROM carrier_gram g WHERE g.carrier_id = old.carrier_id);"
        "  INSERT INTO carrier_gram_tally(gram, unit_id, term, ref, level, n)"
        "    SELECT g.gram, new.unit_id, new.term, new.ref, new.level, 1 FROM carrier_gram g"
        "    WHERE g.carrier_id = new.carrier_id"
        "    ON CONFLICT(gram, unit_id, term, ref, level) DO UPDATE SET n = n + 1;"
        " END;",
        NULL,
};
/* clang-format on */

#endif
