/*
 * sqlite_grams.h — the terms of a carrier as carrier_gram holds them, in SQL
 * (GRAMS_OF: migrations 45 and 48, the update trigger, the copy) and in C
 * (bm_sq_ngram_terms: a new carrier's, migration 51). Private to src/store
 * and its tests.
 */
#ifndef BM_STORE_SQLITE_GRAMS_H
#define BM_STORE_SQLITE_GRAMS_H

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

/* One term of the n-gram index: a character or two, at most 8 bytes, NUL-terminated. */
typedef struct {
	char text[9];
} bm_sq_term;

/*
 * The distinct terms of a carrier's title and document number (either may be
 * NULL) as the tokenizer makes them and as GRAMS_OF above lists
 * them for every valid UTF-8 text: each character and each pair of
 * neighbours within one text, ASCII letters folded, in bytewise order.
 * *out (*count terms) belongs to the caller, freed with bm_free; NULL when
 * there are none. BM_ENOMEM when memory runs out.
 */
int bm_sq_ngram_terms(const char *title, const char *doc, bm_sq_term **out, size_t *count);

#endif
