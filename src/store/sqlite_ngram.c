/*
 * sqlite_ngram.c — the FTS5 tokenizer behind the ledger search
 * (carrier_ngram, migration 10): every character is a unigram and every
 * pair of neighbouring characters a bigram, so that a substring query of
 * any length is answered from the index, and answered exactly.
 *
 * A document of characters c0 c1 … c(n-1) gives, at position i, the
 * unigram ci and, colocated with it, the bigram ci c(i+1):
 *
 *   "京保〔2026〕3号"  pos 0: 京, 京保   pos 1: 保, 保〔   pos 2: 〔, 〔2  …
 *
 * A query (FTS5_TOKENIZE_QUERY, always one quoted phrase: fts_phrase in
 * sqlite.c) of one character is its unigram; a query of n >= 2 characters
 * is the phrase of its n-1 bigrams, which FTS5 matches only at consecutive
 * positions i, i+1, …: exactly the documents in which the n characters
 * stand together, the rows `LIKE '%query%'` finds. Every character counts,
 * CJK or not: spaces, digits, the full-width 〔〕 of document numbers.
 * ASCII letters are folded to lower case and nothing else is, which is
 * LIKE's own case rule, so the index and a LIKE count agree row for row.
 *
 * Bytes that are not UTF-8 (the edge validates, so only a damaged row has
 * them) are one character each: the tokenizer never fails on them.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "store/sqlite_grams.h"
#include "store/sqlite_int.h"

/* The length of the character starting at s[0], at most `left` bytes. */
static int char_len(const unsigned char *s, int left)
{
	int n = 1;
	if (s[0] >= 0xF0 && s[0] < 0xF5)
		n = 4;
	else if (s[0] >= 0xE0)
		n = 3;
	else if (s[0] >= 0xC2 && s[0] < 0xE0)
		n = 2;
	if (n > left)
		return 1;
	for (int k = 1; k < n; k++)
		if ((s[k] & 0xC0) != 0x80)
			return 1;
	return n;
}

/* Copies the character (folding ASCII A-Z as LIKE does) into `out`; returns its length. */
static int put_char(char *out, const unsigned char *s, int n)
{
	memcpy(out, s, (size_t)n);
	if (n == 1 && s[0] >= 'A' && s[0] <= 'Z')
		out[0] = (char)(s[0] - 'A' + 'a');
	return n;
}

typedef int (*token_cb)(void *ctx, int flags, const char *token, int n, int start, int end);

/* The tokenizer holds no state: every instance is this one non-NULL token. */
static char ngram_instance;

static int ngram_create(void *ctx, const char **argv, int argc, Fts5Tokenizer **out)
{
	(void)ctx;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&ngram_instance;
	return SQLITE_OK;
}

static void ngram_delete(Fts5Tokenizer *t)
{
	(void)t;
}

static int ngram_tokenize(Fts5Tokenizer *t, void *ctx, int flags, const char *text, int len,
                          token_cb emit)
{
	const unsigned char *s = (const unsigned char *)text;
	bool query = (flags & FTS5_TOKENIZE_QUERY) != 0;
	char gram[8];
	int rc = SQLITE_OK, i = 0;
	(void)t;
	if (query && len > 0 && char_len(s, len) == len) /* one character: its unigram */
		return emit(ctx, 0, gram, put_char(gram, s, len), 0, len);
	while (rc == SQLITE_OK && i < len) {
		int a = char_len(s + i, len - i);
		int b = i + a < len ? char_len(s + i + a, len - i - a) : 0;
		int n = put_char(gram, s + i, a);
		if (!query)
			rc = emit(ctx, 0, gram, n, i, i + a);
		if (rc == SQLITE_OK && b > 0) {
			n += put_char(gram + n, s + i + a, b);
			rc = emit(ctx, query ? 0 : FTS5_TOKEN_COLOCATED, gram, n, i, i + a + b);
		}
		i += a;
	}
	return rc;
}

bool bm_sq_ngram_term(const char *query, char *out)
{
	const unsigned char *s = (const unsigned char *)query;
	int len = (int)strlen(query), a, b, n;
	if (len == 0 || len > 8)
		return false;
	a = char_len(s, len);
	if (a == len) {
		out[put_char(out, s, a)] = '\0';
		return true;
	}
	b = char_len(s + a, len - a);
	if (a + b != len)
		return false;
	n = put_char(out, s, a);
	n += put_char(out + n, s + a, b);
	out[n] = '\0';
	return true;
}

bool bm_sq_ngram_bigram(const char *query, size_t i, char *out)
{
	const unsigned char *s = (const unsigned char *)query;
	int len = (int)strlen(query), at = 0, a, b, n;
	for (size_t k = 0; at < len && k < i; k++)
		at += char_len(s + at, len - at);
	if (at >= len)
		return false;
	a = char_len(s + at, len - at);
	if (at + a >= len)
		return false;
	b = char_len(s + at + a, len - at - a);
	n = put_char(out, s + at, a);
	n += put_char(out + n, s + at + a, b);
	out[n] = '\0';
	return true;
}

/* Orders terms bytewise, as SQLite's BINARY collation (GRAMS_OF's UNION) does. */
static int term_cmp(const void *x, const void *y)
{
	return strcmp(((const bm_sq_term *)x)->text, ((const bm_sq_term *)y)->text);
}

int bm_sq_ngram_terms(const char *title, const char *doc, bm_sq_term **out, size_t *count)
{
	const char *texts[2] = {title ? title : "", doc ? doc : ""};
	size_t cap = 2 * (strlen(texts[0]) + strlen(texts[1])), n = 0, kept = 0;
	bm_sq_term *terms;

	*out = NULL;
	*count = 0;
	if (!cap)
		return 0;
	if (!(terms = bm_malloc(cap * sizeof(*terms))))
		return bm_error_set(BM_ENOMEM, "out_of_memory", NULL, "内存不足", "out of memory");
	for (size_t t = 0; t < 2; t++) {
		const unsigned char *s = (const unsigned char *)texts[t];
		int len = (int)strlen(texts[t]), i = 0;
		while (i < len) {
			int a = char_len(s + i, len - i);
			int b = i + a < len ? char_len(s + i + a, len - i - a) : 0;
			int k = put_char(terms[n].text, s + i, a);
			terms[n++].text[k] = '\0';
			if (b > 0) {
				memcpy(terms[n].text, terms[n - 1].text, (size_t)k);
				k += put_char(terms[n].text + k, s + i + a, b);
				terms[n++].text[k] = '\0';
			}
			i += a;
		}
	}
	qsort(terms, n, sizeof(*terms), term_cmp);
	for (size_t i = 0; i < n; i++)
		if (kept == 0 || strcmp(terms[i].text, terms[kept - 1].text) != 0)
			terms[kept++] = terms[i];
	*out = terms;
	*count = kept;
	return 0;
}

int bm_sq_ngram_register(sq_store *s)
{
	static fts5_tokenizer ngram = {ngram_create, ngram_delete, ngram_tokenize};
	fts5_api *api = NULL;
	sqlite3_stmt *st;
	int rc;
	/* The documented way to reach FTS5's API: a pointer bound to SELECT fts5(?1). */
	if ((rc = bm_sq_prep(s, &st, "SELECT fts5(?1)")) != 0)
		return rc;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	rc = sqlite3_step(st);
	bm_sq_release(s, st);
	if (rc != SQLITE_ROW || !api || api->iVersion < 2)
		return bm_error_set(BM_ERROR, "no_fts5", NULL, "SQLite 缺少 FTS5 全文检索模块",
		                    "this SQLite has no usable FTS5 module");
	rc = api->xCreateTokenizer(api, "baomi_ngram", NULL, &ngram, NULL);
	return rc == SQLITE_OK ? 0 : bm_sq_db_fail(s, rc);
}
