/*
 * audit.c — the append-only, hash-chained audit log (SYS-3).
 *
 * The chain rule and the canonical bytes are specified in audit/audit.h;
 * docs/audit.md repeats them with the off-line verification procedure
 * (scripts/verify-audit-export.py). This file reaches the database only
 * through the store interface (audit_tail, audit_insert, audit_foreach).
 */
#include "common.h"

#include <errno.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "audit/checkpoint.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define CANON_TAG       "baomi-audit-v1\n"
#define GENESIS_HASH    "0000000000000000000000000000000000000000000000000000000000000000"
#define EXPORT_LINE_MAX (16u * 1024u * 1024u)

/* Hash algorithms a chain may name in its `alg` column, and OpenSSL's name for each. */
static const struct {
	const char *alg;
	const char *evp_name;
} known_algs[] = {
        {BM_AUDIT_ALG, "SM3"},
};

/* ---- hashing -------------------------------------------------------------- */

/* One digest context, reused for every event of a walk. */
typedef struct hasher {
	const char *alg; /* known_algs[].alg the digest was fetched for, or NULL */
	EVP_MD *md;
	EVP_MD_CTX *mdctx;
} hasher;

static void hasher_release(hasher *h)
{
	EVP_MD_CTX_free(h->mdctx);
	EVP_MD_free(h->md);
	memset(h, 0, sizeof(*h));
}

/*
 * The digest of known_algs[i], fetched from OpenSSL once per process (a
 * fetch walks the provider tables under a lock: every audit append paid it,
 * holding the writer) and handed out with a reference of its own.
 */
static EVP_MD *fetched[BM_ARRAY_LEN(known_algs)];
static pthread_mutex_t fetch_mu = PTHREAD_MUTEX_INITIALIZER;

static EVP_MD *fetch_md(size_t i)
{
	EVP_MD *md;
	pthread_mutex_lock(&fetch_mu);
	if (!fetched[i])
		fetched[i] = EVP_MD_fetch(NULL, known_algs[i].evp_name, NULL);
	md = fetched[i];
	if (md && !EVP_MD_up_ref(md))
		md = NULL;
	pthread_mutex_unlock(&fetch_mu);
	return md;
}

/*
 * Makes `h` ready to hash with `alg`. Returns 0, BM_ENOTFOUND for an
 * algorithm this build does not know (no error set), BM_ERROR when OpenSSL
 * cannot provide it.
 */
static int hasher_select(hasher *h, const char *alg)
{
	size_t i = 0;

	if (h->alg && strcmp(h->alg, alg) == 0)
		return 0;
	while (i < BM_ARRAY_LEN(known_algs) && strcmp(known_algs[i].alg, alg) != 0)
		i++;
	if (i == BM_ARRAY_LEN(known_algs))
		return BM_ENOTFOUND;
	hasher_release(h);
	h->md = fetch_md(i);
	h->mdctx = EVP_MD_CTX_new();
	if (!h->md || !h->mdctx) {
		hasher_release(h);
		return bm_error_set(
		        BM_ERROR, "crypto_unavailable", "SYS-3", "密码库不提供哈希算法 '%s'",
		        "the crypto library does not provide hash '%s'", known_algs[i].evp_name);
	}
	h->alg = known_algs[i].alg; /* static storage: outlives the row it came from */
	return 0;
}

/*
 * hex_out = lower-case hex of H(prev_hash || canon); hex_out holds
 * BM_AUDIT_HASH_HEX + 1. One update over the bytes as they lie: `canon`
 * starts with the BM_AUDIT_HASH_HEX bytes of prev_hash (canonical() puts
 * them there) so that a verify costs SM3's rate, not a call per piece.
 */
static int hasher_chain(hasher *h, const bm_buf *canon, char *hex_out)
{
	static const char digits[] = "0123456789abcdef";
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0;

	if (EVP_DigestInit_ex(h->mdctx, h->md, NULL) != 1 ||
	    EVP_DigestUpdate(h->mdctx, canon->ptr, canon->len) != 1 ||
	    EVP_DigestFinal_ex(h->mdctx, digest, &len) != 1 || len * 2 != BM_AUDIT_HASH_HEX)
		return bm_error_set(BM_ERROR, "crypto_failed", "SYS-3", "计算审计哈希失败",
		                    "computing the audit hash failed");
	for (unsigned int i = 0; i < len; i++) {
		hex_out[2 * i] = digits[digest[i] >> 4];
		hex_out[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	hex_out[2 * len] = '\0';
	return 0;
}

/* ---- a digest of many rows (bm_audit_digest_*) ----------------------------- */

struct bm_audit_digest {
	hasher h;
};

bm_audit_digest *bm_audit_digest_new(void)
{
	bm_audit_digest *d = calloc(1, sizeof(*d));
	if (!d) {
		bm_error_nomem();
		return NULL;
	}
	/* BM_AUDIT_ALG is known: a failure here is OpenSSL's, with the error set */
	if (hasher_select(&d->h, BM_AUDIT_ALG) != 0) {
		bm_audit_digest_free(d);
		return NULL;
	}
	if (EVP_DigestInit_ex(d->h.mdctx, d->h.md, NULL) != 1) {
		bm_error_set(BM_ERROR, "crypto_failed", "SYS-3", "计算摘要失败",
		             "computing a digest failed");
		bm_audit_digest_free(d);
		return NULL;
	}
	return d;
}

int bm_audit_digest_update(bm_audit_digest *d, const void *p, size_t n)
{
	if (EVP_DigestUpdate(d->h.mdctx, p, n) != 1)
		return bm_error_set(BM_ERROR, "crypto_failed", "SYS-3", "计算摘要失败",
		                    "computing a digest failed");
	return 0;
}

int bm_audit_digest_final(bm_audit_digest *d, char hex_out[BM_AUDIT_HASH_HEX + 1])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char digest[EVP_MAX_MD_SIZE];
	unsigned int len = 0;
	int rc = 0;
	if (EVP_DigestFinal_ex(d->h.mdctx, digest, &len) != 1 || len * 2 != BM_AUDIT_HASH_HEX)
		rc = bm_error_set(BM_ERROR, "crypto_failed", "SYS-3", "计算摘要失败",
		                  "computing a digest failed");
	for (unsigned int i = 0; rc == 0 && i < len; i++) {
		hex_out[2 * i] = digits[digest[i] >> 4];
		hex_out[2 * i + 1] = digits[digest[i] & 0x0f];
	}
	if (rc == 0)
		hex_out[2 * len] = '\0';
	bm_audit_digest_free(d);
	return rc;
}

void bm_audit_digest_free(bm_audit_digest *d)
{
	if (!d)
		return;
	hasher_release(&d->h);
	free(d);
}

/* True when `s` is exactly BM_AUDIT_HASH_HEX lower-case hex digits. */
static bool is_hash_hex(const char *s)
{
	size_t n = 0;
	if (!s)
		return false;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == BM_AUDIT_HASH_HEX;
}

/* ---- canonical bytes (the table in audit.h) -------------------------------- */

/* Writes `v` in decimal at the end of `out` (24 bytes); returns the digits' count. */
static size_t decimal(uint64_t v, char *out)
{
	char tmp[24];
	size_t n = 0, i = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n)
		out[i++] = tmp[--n];
	return i;
}

/* Appends `len ":" value LF` (the table in audit.h). */
static int canon_field(bm_buf *b, const char *value, size_t len)
{
	char head[24];
	size_t n = decimal(len, head);
	int rc;
	head[n++] = ':';
	if ((rc = bm_buf_put(b, head, n)) != 0 || (rc = bm_buf_put(b, value, len)) != 0 ||
	    (rc = bm_buf_putc(b, '\n')) != 0)
		return rc;
	return 0;
}

/*
 * Appends to `b` (canonical(): emptied first) the bytes the chain hashes for `r`:
 * `prev_hash` (BM_AUDIT_HASH_HEX bytes) followed by the canonical bytes of
 * `r`. Every field of `r` must be non-NULL; `prev_hash` must be a hash.
 */
static int canonical_append(bm_buf *b, const char *prev_hash, const bm_audit_row *r)
{
	char seq[24];
	const char *fields[] = {seq,        r->at,   r->actor,  r->action, r->object,
	                        r->outcome, r->rule, r->detail, r->alg};
	size_t seq_len = decimal((uint64_t)r->seq, seq);
	int rc;

	if (r->seq < 0) /* never written; hashed as the decimal text it would print */
		seq_len = (size_t)snprintf(seq, sizeof(seq), "%" PRId64, r->seq);
	if ((rc = bm_buf_put(b, prev_hash, BM_AUDIT_HASH_HEX)) != 0 ||
	    (rc = bm_buf_puts(b, CANON_TAG)) != 0 || (rc = canon_field(b, seq, seq_len)) != 0)
		return rc;
	for (size_t i = 1; i < BM_ARRAY_LEN(fields); i++)
		if ((rc = canon_field(b, fields[i], strlen(fields[i]))) != 0)
			return rc;
	return 0;
}

static int canonical(bm_buf *b, const char *prev_hash, const bm_audit_row *r)
{
	bm_buf_clear(b);
	return canonical_append(b, prev_hash, r);
}

/* ---- append ----------------------------------------------------------------- */

/* The length a UTF-8 sequence starting with `lead` must have; 0 when it cannot start one. */
static size_t utf8_seq_len(unsigned char lead)
{
	if (lead < 0x80)
		return 1;
	if (lead >= 0xc2 && lead <= 0xdf)
		return 2;
	if (lead >= 0xe0 && lead <= 0xef)
		return 3;
	if (lead >= 0xf0 && lead <= 0xf4)
		return 4;
	return 0;
}

/*
 * A copy of `s` (NULL gives `dflt`) in which every byte that does not start a
 * well-formed UTF-8 sequence is replaced by U+FFFD, so that any event can be
 * stored and exported as JSON. `*out` is freed by the caller with bm_free.
 */
static int clean_text(const char *s, const char *dflt, char **out)
{
	bm_buf b;
	size_t len, i = 0;
	int rc = 0;

	if (!s)
		s = dflt;
	len = strlen(s);
	if (bm_utf8_valid(s, len)) {
		if (!(*out = bm_strdup(s)))
			return bm_error_nomem();
		return 0;
	}
	bm_buf_init(&b, 0);
	while (i < len && rc == 0) {
		size_t n = utf8_seq_len((unsigned char)s[i]);
		if (n && i + n <= len && bm_utf8_valid(s + i, n)) {
			rc = bm_buf_put(&b, s + i, n);
			i += n;
		} else {
			rc = bm_buf_puts(&b, "\xef\xbf\xbd");
			i++;
		}
	}
	if (rc == 0 && !(*out = bm_buf_detach(&b)))
		rc = bm_error_nomem();
	bm_buf_release(&b);
	return rc;
}

/* ---- the ledger bound to the chain (issue 9 point 3) ---------------------- */

int bm_audit_check_failed(bool integrity_ok, bool chain_ok, size_t findings)
{
	return bm_error_set(BM_ECORRUPT, "check_failed", "SYS-3",
	                    "检查未通过：文件完整性 %s，审计链 %s，%zu 行台账与审计链不符",
	                    "check failed: file integrity %s, audit chain %s, %zu ledger rows do "
	                    "not match the chain",
	                    integrity_ok ? "ok" : "FAILED", chain_ok ? "ok" : "FAILED", findings);
}

int bm_audit_row_digest(const unsigned char *bytes, size_t n, char hex_out[BM_AUDIT_HASH_HEX + 1])
{
	hasher h = {0};
	bm_buf view = {.ptr = (char *)bytes, .len = n, .cap = n, .max = n};
	int rc = hasher_select(&h, BM_AUDIT_ALG);
	if (rc == 0)
		rc = hasher_chain(&h, &view, hex_out);
	hasher_release(&h);
	return rc;
}

/*
 * Issue 17 point 5: more rows than this of one table make a bound set. A
 * test build (meson -Dtest_clock=true) takes $BAOMI_TEST_BIND_SET_MIN, so
 * that the suites try a set with a handful of rows; production code has
 * no way to change it.
 */
static size_t bound_set_min(void)
{
#ifdef BM_TEST_CLOCK
	const char *v = getenv("BAOMI_TEST_BIND_SET_MIN");
	if (v && *v) {
		char *end = NULL;
		unsigned long n = strtoul(v, &end, 10);
		if (end && *end == '\0' && n >= 1 && n <= BM_BOUND_SET_MIN)
			return (size_t)n;
	}
#endif
	return BM_BOUND_SET_MIN;
}

/* One row of the current table held back until its table's count is known. */
typedef struct bound_pending {
	int64_t id;
	char hex[BM_AUDIT_HASH_HEX + 1]; /* "-": deleted */
} bound_pending;

/* The "bound_rows" and "bound_sets" being built for one event. */
typedef struct bound_list {
	bm_store *s;
	hasher *h;
	int64_t seq; /* the event being appended */
	size_t set_min;
	bm_buf rows; /* the per-row entries, comma-separated */
	size_t n;
	bm_buf sets; /* the set entries, comma-separated */
	size_t n_sets;
	/* the current table's rows (they come ordered by table, then id) */
	const char *table;
	bound_pending *pend; /* up to set_min rows, while the table is under it */
	size_t n_pend, cap_pend;
	/* once over set_min: the set, streamed */
	bm_audit_digest *set;
	size_t count;
	int64_t first, last, chunk;
	size_t n_chunk;
	int64_t *chunk_ids;           /* BM_BOUND_CHUNK */
	unsigned char *chunk_digests; /* BM_BOUND_CHUNK * BM_BOUND_DIGEST */
} bound_list;

static int unhex(const char *hex, unsigned char *out)
{
	for (size_t i = 0; i < BM_BOUND_DIGEST; i++) {
		int v = 0;
		for (int k = 0; k < 2; k++) {
			char c = hex[2 * i + (size_t)k];
			int d = c >= '0' && c <= '9'   ? c - '0'
			        : c >= 'a' && c <= 'f' ? c - 'a' + 10
			                               : -1;
			if (d < 0)
				return bm_error_set(BM_ERROR, "digest_invalid", "SYS-3", "摘要无效",
				                    "invalid digest");
			v = v * 16 + d;
		}
		out[i] = (unsigned char)v;
	}
	return 0;
}

static int set_flush_chunk(bound_list *l)
{
	int rc;
	if (!l->n_chunk)
		return 0;
	if (!l->s->ops->bound_set_put)
		return bm_error_set(BM_ERROR, "bound_set_unsupported", "SYS-3",
		                    "存储不支持批量绑定", "the store cannot keep a bound set");
	rc = BM_STORE(l->s, bound_set_put)(l->s, l->seq, l->table, l->chunk, l->chunk_ids,
	                                   l->chunk_digests, l->n_chunk);
	l->chunk++;
	l->n_chunk = 0;
	return rc;
}

/* One row into the set: its digest (docs/audit.md § 4b) and the store's chunk. */
static int set_add(bound_list *l, int64_t id, const char *hex)
{
	char num[32];
	int n = snprintf(num, sizeof(num), "%" PRId64, id);
	char head[48];
	int hn = snprintf(head, sizeof(head), "%d:%s\n%zu:", n, num, strlen(hex));
	int rc;
	if ((rc = bm_audit_digest_update(l->set, head, (size_t)hn)) != 0 ||
	    (rc = bm_audit_digest_update(l->set, hex, strlen(hex))) != 0 ||
	    (rc = bm_audit_digest_update(l->set, "\n", 1)) != 0)
		return rc;
	if (!l->count)
		l->first = id;
	l->last = id;
	l->count++;
	l->chunk_ids[l->n_chunk] = id;
	if (strcmp(hex, "-") == 0)
		memset(l->chunk_digests + l->n_chunk * BM_BOUND_DIGEST, 0, BM_BOUND_DIGEST);
	else if ((rc = unhex(hex, l->chunk_digests + l->n_chunk * BM_BOUND_DIGEST)) != 0)
		return rc;
	if (++l->n_chunk == BM_BOUND_CHUNK)
		return set_flush_chunk(l);
	return 0;
}

/* The current table passed set_min rows: its held-back rows start a set. */
static int set_begin(bound_list *l)
{
	char head[64];
	int hn, rc;
	if (!l->chunk_ids && (!(l->chunk_ids = bm_calloc(BM_BOUND_CHUNK, sizeof(*l->chunk_ids))) ||
	                      !(l->chunk_digests = bm_calloc(BM_BOUND_CHUNK, BM_BOUND_DIGEST))))
		return bm_error_nomem();
	if (!(l->set = bm_audit_digest_new()))
		return BM_ERROR;
	l->count = 0;
	l->chunk = 0;
	l->n_chunk = 0;
	hn = snprintf(head, sizeof(head), "baomi-set-v1\n%zu:%s\n", strlen(l->table), l->table);
	if ((rc = bm_audit_digest_update(l->set, head, (size_t)hn)) != 0)
		return rc;
	for (size_t i = 0; i < l->n_pend; i++)
		if ((rc = set_add(l, l->pend[i].id, l->pend[i].hex)) != 0)
			return rc;
	l->n_pend = 0;
	return 0;
}

/* The current table is done: its rows as entries, or its set as one. */
static int table_end(bound_list *l)
{
	char hex[BM_AUDIT_HASH_HEX + 1];
	int rc = 0;
	if (!l->table)
		return 0;
	if (l->set) {
		bm_audit_digest *d = l->set;
		l->set = NULL;
		if ((rc = set_flush_chunk(l)) != 0) {
			bm_audit_digest_free(d);
			return rc;
		}
		if ((rc = bm_audit_digest_final(d, hex)) != 0)
			return rc;
		rc = bm_buf_printf(&l->sets, "%s[\"%s\",%zu,%" PRId64 ",%" PRId64 ",\"%s\"]",
		                   l->n_sets++ ? "," : "", l->table, l->count, l->first, l->last,
		                   hex);
	} else {
		for (size_t i = 0; rc == 0 && i < l->n_pend; i++)
			rc = bm_buf_printf(&l->rows, "%s[\"%s\",%" PRId64 ",\"%s\"]",
			                   l->n++ ? "," : "", l->table, l->pend[i].id,
			                   l->pend[i].hex);
	}
	l->n_pend = 0;
	l->table = NULL;
	return rc;
}

/* One row: held back, or into its table's set ("-" for a row that is gone). */
static int bound_entry(void *ctx, const char *table, int64_t id, const unsigned char *bytes,
                       size_t n)
{
	bound_list *l = ctx;
	char hex[BM_AUDIT_HASH_HEX + 1] = "-";
	int rc;
	if (bytes) {
		bm_buf view = {.ptr = (char *)bytes, .len = n, .cap = n, .max = n};
		if ((rc = hasher_chain(l->h, &view, hex)) != 0)
			return rc;
	}
	if (l->table != table && (!l->table || strcmp(l->table, table) != 0)) {
		if ((rc = table_end(l)) != 0)
			return rc;
		l->table = table; /* static (BM_BOUND_TABLES) */
	}
	if (l->set)
		return set_add(l, id, hex);
	if (l->n_pend == l->set_min) {
		if ((rc = set_begin(l)) != 0)
			return rc;
		return set_add(l, id, hex);
	}
	if (l->n_pend == l->cap_pend) { /* grows to set_min at most */
		size_t cap = l->cap_pend ? l->cap_pend * 4 : 8;
		bound_pending *bigger;
		if (cap > l->set_min)
			cap = l->set_min;
		if (!(bigger = bm_realloc(l->pend, cap * sizeof(*bigger))))
			return bm_error_nomem();
		l->pend = bigger;
		l->cap_pend = cap;
	}
	l->pend[l->n_pend].id = id;
	memcpy(l->pend[l->n_pend].hex, hex, sizeof(hex));
	l->n_pend++;
	return 0;
}

/*
 * SYS-3, issue 9 point 3: the rows the use case wrote (the store's
 * bound_take) go into the event's detail as "bound_rows", so the chain
 * covers their state; a table with more than BM_BOUND_SET_MIN of them goes
 * in as one entry of "bound_sets" (issue 17 point 5), its rows' digests to
 * the store (bound_set_put). `*detail` (a JSON object's text) is replaced
 * by the longer one. Nothing changes when no row was written.
 */
static int bind_rows(bm_store *s, hasher *h, int64_t seq, char **detail)
{
	bound_list l = {.s = s, .h = h, .seq = seq, .set_min = bound_set_min()};
	const char *d = *detail;
	size_t len = strlen(d);
	bm_buf out;
	int rc;

	if (!s->ops->bound_take)
		return 0;
	bm_buf_init(&l.rows, 0);
	bm_buf_init(&l.sets, 0);
	bm_buf_init(&out, 0);
	if ((rc = BM_STORE(s, bound_take)(s, bound_entry, &l)) != 0 || (rc = table_end(&l)) != 0 ||
	    (l.n == 0 && l.n_sets == 0))
		goto done;
	if (len < 2 || d[0] != '{' || d[len - 1] != '}') {
		/* every use case's detail is an object; anything else is a defect */
		rc = bm_error_set(BM_ERROR, "audit_detail_invalid", "SYS-3",
		                  "审计事件的详情不是 JSON 对象",
		                  "an audit detail is not a JSON object");
		goto done;
	}
	if ((rc = bm_buf_put(&out, d, len - 1)) != 0)
		goto done;
	if (l.n && ((rc = bm_buf_printf(&out, "%s\"bound_rows\":[", len > 2 ? "," : "")) != 0 ||
	            (rc = bm_buf_put(&out, l.rows.ptr, l.rows.len)) != 0 ||
	            (rc = bm_buf_puts(&out, "]")) != 0))
		goto done;
	if (l.n_sets &&
	    ((rc = bm_buf_printf(&out, "%s\"bound_sets\":[", len > 2 || l.n ? "," : "")) != 0 ||
	     (rc = bm_buf_put(&out, l.sets.ptr, l.sets.len)) != 0 ||
	     (rc = bm_buf_puts(&out, "]")) != 0))
		goto done;
	if ((rc = bm_buf_puts(&out, "}")) == 0) {
		char *longer = bm_buf_detach(&out);
		if (!longer) {
			rc = bm_error_nomem();
			goto done;
		}
		bm_free(*detail);
		*detail = longer;
	}
done:
	bm_audit_digest_free(l.set);
	bm_free(l.pend);
	bm_free(l.chunk_ids);
	bm_free(l.chunk_digests);
	bm_buf_release(&l.rows);
	bm_buf_release(&l.sets);
	bm_buf_release(&out);
	return rc;
}

int bm_audit_append(bm_store *s, const bm_audit_event *ev, int64_t *seq_out)
{
	/* Wider than a hash so that an over-long (tampered) tail hash is noticed. */
	char prev[2 * BM_AUDIT_HASH_HEX + 2] = "";
	char hash[BM_AUDIT_HASH_HEX + 1];
	char at[BM_ISO_TIME_LEN], tail_at[BM_ISO_TIME_LEN + 8] = "";
	char *text[6] = {NULL};
	const char *const raw[6] = {ev->actor,   ev->action, ev->object,
	                            ev->outcome, ev->rule,   ev->detail};
	const char *const dflt[6] = {"-", "", "", "", "", "{}"};
	hasher h = {0};
	bm_buf canon;
	bm_audit_row row;
	int64_t tail_seq = 0;
	int rc;

	bm_buf_init(&canon, 0);
	if ((rc = BM_STORE(s, audit_tail)(s, &tail_seq, prev, sizeof(prev), tail_at,
	                                  sizeof(tail_at))) != 0)
		goto done;
	if (tail_seq == 0) {
		snprintf(prev, sizeof(prev), "%s", GENESIS_HASH);
	} else if (!is_hash_hex(prev)) {
		rc = bm_error_set(BM_ECORRUPT, "audit_chain_broken", "SYS-3",
		                  "审计链末条事件（第 %" PRId64 " 条）的哈希无效，无法续接",
		                  "the last audit event (%" PRId64 ") has an invalid hash; "
		                  "cannot extend the chain",
		                  tail_seq);
		goto done;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(text); i++)
		if ((rc = clean_text(raw[i], dflt[i], &text[i])) != 0)
			goto done;
	bm_time_format(ev->at, at);
	/*
	 * SYS-3: event times never go backwards along the chain (verify checks
	 * it). Use cases take their "now" when they start and commit in the
	 * pipeline's order, and a clock may be stepped back: an event is then
	 * dated at its predecessor's time, never before it.
	 */
	if (strlen(tail_at) == BM_ISO_TIME_LEN - 1 && strcmp(at, tail_at) < 0)
		memcpy(at, tail_at, BM_ISO_TIME_LEN);

	row = (bm_audit_row){
	        .seq = tail_seq + 1,
	        .at = at,
	        .actor = text[0],
	        .action = text[1],
	        .object = text[2],
	        .outcome = text[3],
	        .rule = text[4],
	        .detail = text[5],
	        .alg = BM_AUDIT_ALG,
	        .prev_hash = prev,
	        .hash = hash,
	};
	if ((rc = hasher_select(&h, BM_AUDIT_ALG)) != 0) {
		if (rc == BM_ENOTFOUND) /* cannot happen: BM_AUDIT_ALG is in known_algs */
			rc = bm_error_set(BM_ERROR, "crypto_unavailable", "SYS-3", "未知哈希算法",
			                  "unknown hash algorithm");
		goto done;
	}
	/* Issue 9 point 3: the rows the use case left behind, inside its savepoint. */
	if ((rc = bind_rows(s, &h, row.seq, &text[5])) != 0)
		goto done;
	row.detail = text[5];
	if ((rc = canonical(&canon, prev, &row)) != 0 || (rc = hasher_chain(&h, &canon, hash)) != 0)
		goto done;
	if ((rc = BM_STORE(s, audit_insert)(s, &row)) != 0)
		goto done;
	if (seq_out)
		*seq_out = row.seq;
done:
	for (size_t i = 0; i < BM_ARRAY_LEN(text); i++)
		bm_free(text[i]);
	bm_buf_release(&canon);
	hasher_release(&h);
	return rc;
}

/* ---- the walk shared by verify and verify_export ---------------------------- */

typedef struct walker {
	hasher h;
	bm_buf canon;
	int64_t expected; /* the seq the next row must carry */
	char prev[BM_AUDIT_HASH_HEX + 1];
	char prev_at[64]; /* the time of the event before (SYS-3: never later than the next) */
	bm_audit_verify_result *res;
	char reason_zh[512];
	const bm_checkpoint **cps; /* the checkpoints to meet, by count */
	size_t n_cps, next_cp;     /* cps[next_cp] is the next one the walk reaches */
} walker;

static int by_count(const void *a, const void *b)
{
	const bm_checkpoint *x = *(const bm_checkpoint *const *)a;
	const bm_checkpoint *y = *(const bm_checkpoint *const *)b;
	if (x->count != y->count)
		return x->count < y->count ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

static int walker_init(walker *w, const bm_checkpoint_set *cps, bm_audit_verify_result *res)
{
	memset(w, 0, sizeof(*w));
	bm_buf_init(&w->canon, 0);
	w->expected = 1;
	snprintf(w->prev, sizeof(w->prev), "%s", GENESIS_HASH);
	memset(res, 0, sizeof(*res));
	w->res = res;
	if (cps && cps->count) {
		if (!(w->cps = bm_calloc(cps->count, sizeof(*w->cps))))
			return bm_error_nomem();
		for (size_t i = 0; i < cps->count; i++)
			w->cps[i] = &cps->items[i];
		w->n_cps = cps->count;
		qsort(w->cps, w->n_cps, sizeof(*w->cps), by_count);
	}
	return 0;
}

static void walker_release(walker *w)
{
	hasher_release(&w->h);
	bm_buf_release(&w->canon);
	bm_free(w->cps);
}

/* Records the first break and returns BM_ECORRUPT (the error is set by walker_finish). */
static int broken(walker *w, int64_t seq, const char *zh, const char *en)
{
	w->res->first_bad_seq = seq;
	snprintf(w->res->reason, sizeof(w->res->reason), "%s", en);
	snprintf(w->reason_zh, sizeof(w->reason_zh), "%s", zh);
	return BM_ECORRUPT;
}

/*
 * SYS-3: the checks of a row whose hash verified: its time is not before
 * its predecessor's, and every signed checkpoint that counted n events
 * names its hash. 0, or BM_ECORRUPT at the row.
 */
static int check_time_and_checkpoints(walker *w, const bm_audit_row *r, const char *hash)
{
	char zh[512], en[256];
	int64_t n = w->expected;

	/* SYS-3: event times never go backwards (bm_audit_append keeps them so). */
	if (n > 1 && strcmp(r->at, w->prev_at) < 0) {
		snprintf(zh, sizeof(zh),
		         "第 %" PRId64 " 条事件的时间 %.32s 早于前一条的 %.32s（时间倒流或被倒签）",
		         n, r->at, w->prev_at);
		snprintf(en, sizeof(en),
		         "event %" PRId64 "'s time %.32s is before the previous event's %.32s "
		         "(back-dated)",
		         n, r->at, w->prev_at);
		return broken(w, n, zh, en);
	}
	/* SYS-3: every signed checkpoint that counted n events names this hash. */
	for (; w->next_cp < w->n_cps && w->cps[w->next_cp]->count == n; w->next_cp++) {
		const bm_checkpoint *cp = w->cps[w->next_cp];
		if (strcmp(cp->last_hash, hash) != 0) {
			snprintf(zh, sizeof(zh),
			         "第 %" PRId64 " 条事件的哈希与 %s 的检查点（第 %ld 行）不符："
			         "审计链在此处或之前被重写（最后一个相符的检查点在第 %" PRId64
			         " 条）",
			         n, cp->at, cp->line, w->res->anchored);
			snprintf(en, sizeof(en),
			         "event %" PRId64 "'s hash differs from the checkpoint of %s (line "
			         "%ld): the chain was rewritten at or before this event (last "
			         "checkpoint that matches: event %" PRId64 ")",
			         n, cp->at, cp->line, w->res->anchored);
			return broken(w, n, zh, en);
		}
		w->res->checkpoints++;
		w->res->anchored = n;
	}
	return 0;
}

/*
 * The checks of a row before its hash: its seq is the next, it has every
 * field, its algorithm is known, its prev_hash is the chain's hash so far.
 * 0, BM_ECORRUPT at the row, or an error of the crypto library.
 */
static int row_links(walker *w, const bm_audit_row *r)
{
	static const char *const names[] = {"at",   "actor",  "action", "object",    "outcome",
	                                    "rule", "detail", "alg",    "prev_hash", "hash"};
	const char *values[] = {r->at,   r->actor,  r->action, r->object,    r->outcome,
	                        r->rule, r->detail, r->alg,    r->prev_hash, r->hash};
	char zh[512], en[256];
	int64_t n = w->expected;
	int rc;

	if (r->seq != n) {
		if (r->seq > n) {
			snprintf(zh, sizeof(zh),
			         "第 %" PRId64 " 条事件缺失（其后存有第 %" PRId64 " 条）", n,
			         r->seq);
			snprintf(en, sizeof(en),
			         "event %" PRId64 " is missing (the next stored event is %" PRId64
			         ")",
			         n, r->seq);
		} else {
			snprintf(zh, sizeof(zh),
			         "应为第 %" PRId64 " 条事件，却是第 %" PRId64
			         " 条（顺序错乱或重复）",
			         n, r->seq);
			snprintf(en, sizeof(en),
			         "expected event %" PRId64 ", found event %" PRId64
			         " (out of order or duplicated)",
			         n, r->seq);
		}
		return broken(w, n, zh, en);
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(names); i++) {
		if (!values[i]) {
			snprintf(zh, sizeof(zh), "第 %" PRId64 " 条事件缺少字段 %s", n, names[i]);
			snprintf(en, sizeof(en), "event %" PRId64 " lacks the field '%s'", n,
			         names[i]);
			return broken(w, n, zh, en);
		}
	}
	if ((rc = hasher_select(&w->h, r->alg)) != 0) {
		if (rc != BM_ENOTFOUND)
			return rc;
		snprintf(zh, sizeof(zh), "第 %" PRId64 " 条事件使用未知哈希算法 '%.32s'", n,
		         r->alg);
		snprintf(en, sizeof(en),
		         "event %" PRId64 " names an unknown hash algorithm '%.32s'", n, r->alg);
		return broken(w, n, zh, en);
	}
	if (strcmp(r->prev_hash, w->prev) != 0) {
		if (n == 1) {
			snprintf(zh, sizeof(zh), "第 1 条事件的 prev_hash 不是创世值（64 个 0）");
			snprintf(en, sizeof(en),
			         "event 1's prev_hash is not the genesis value (64 zeros)");
		} else {
			snprintf(zh, sizeof(zh),
			         "第 %" PRId64 " 条事件的 prev_hash 与第 %" PRId64
			         " 条事件的哈希不符",
			         n, n - 1);
			snprintf(en, sizeof(en),
			         "event %" PRId64
			         "'s prev_hash does not match the hash of event %" PRId64,
			         n, n - 1);
		}
		return broken(w, n, zh, en);
	}
	return 0;
}

/* Accepts a row whose hash is `hash` (verified): the next row must link to it. */
static void row_accepted(walker *w, const bm_audit_row *r, const char *hash)
{
	snprintf(w->prev_at, sizeof(w->prev_at), "%s", r->at);
	snprintf(w->prev, sizeof(w->prev), "%s", hash);
	w->res->count = w->expected;
	w->expected++;
}

static int altered(walker *w, int64_t n)
{
	char zh[512], en[256];
	snprintf(zh, sizeof(zh), "第 %" PRId64 " 条事件的内容与其哈希不符（已被改动）", n);
	snprintf(en, sizeof(en), "event %" PRId64 "'s contents do not match its hash (altered)", n);
	return broken(w, n, zh, en);
}

/* Checks one row against the chain so far; 0 when it links, BM_ECORRUPT when not. */
static int walk_row(walker *w, const bm_audit_row *r)
{
	char hash[BM_AUDIT_HASH_HEX + 1];
	int rc;

	if ((rc = row_links(w, r)) != 0)
		return rc;
	if ((rc = canonical(&w->canon, w->prev, r)) != 0 ||
	    (rc = hasher_chain(&w->h, &w->canon, hash)) != 0)
		return rc;
	if (strcmp(hash, r->hash) != 0)
		return altered(w, w->expected);
	if ((rc = check_time_and_checkpoints(w, r, hash)) != 0)
		return rc;
	row_accepted(w, r, hash);
	return 0;
}

/* Turns the walk's outcome into the result and the error; returns rc. */
static int walker_finish(walker *w, int rc)
{
	if (rc == 0 && w->res->count == 0) /* nothing was ever recorded, or all was removed */
		rc = broken(w, 1, "审计链为空（没有任何事件）",
		            "the chain is empty (no event at all)");
	if (rc == 0 && w->next_cp < w->n_cps) {
		/* A checkpoint counted events the chain no longer has: cut off or rebuilt. */
		const bm_checkpoint *cp = w->cps[w->n_cps - 1];
		char zh[512], en[256];
		snprintf(zh, sizeof(zh),
		         "%s 的检查点（第 %ld 行）记有 %" PRId64 " 条事件，审计链只有 %" PRId64
		         " 条（末尾被删除或整链被重建）",
		         cp->at, cp->line, cp->count, w->res->count);
		snprintf(en, sizeof(en),
		         "the checkpoint of %s (line %ld) counts %" PRId64
		         " events; the chain has only %" PRId64 " (cut off or rebuilt)",
		         cp->at, cp->line, cp->count, w->res->count);
		rc = broken(w, w->res->count + 1, zh, en);
	}
	if (rc == 0) {
		w->res->first_bad_seq = 0;
		w->res->reason[0] = '\0';
		if (w->res->count > 0)
			snprintf(w->res->last_hash, sizeof(w->res->last_hash), "%s", w->prev);
		return 0;
	}
	w->res->last_hash[0] = '\0';
	if (rc == BM_ECORRUPT) {
		char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
		snprintf(zh, sizeof(zh), "审计链在第 %" PRId64 " 条事件处断裂：%.400s",
		         w->res->first_bad_seq, w->reason_zh);
		snprintf(en, sizeof(en), "audit chain broken at event %" PRId64 ": %s",
		         w->res->first_bad_seq, w->res->reason);
		bm_error_set_msg(BM_ECORRUPT, "audit_chain_broken", "SYS-3", zh, en);
	}
	return rc;
}

static int verify_cb_one(const bm_audit_row *row, void *ctx)
{
	return walk_row(ctx, row);
}

/*
 * Verifying a stored chain runs on two threads: this one reads each row,
 * makes every check but its hash (row_links, time, checkpoints — against
 * the row's stored hash) and appends its canonical bytes to a block; a
 * hasher thread hashes the blocks and compares each digest with the stored
 * hash. Every stored hash the walk relied on is thereby confirmed, so the
 * outcome is the one-thread walk's; when both sides find a fault, the
 * earlier event is reported, and at one event the hash first, as walk_row
 * orders its checks.
 */
#define VBLOCK_ROWS 256
#define VBLOCK_RING 4

typedef struct vblock {
	bm_buf canon;                                  /* each row's bytes, one after another */
	size_t end[VBLOCK_ROWS];                       /* where each row's bytes end */
	char hash[VBLOCK_ROWS][BM_AUDIT_HASH_HEX + 1]; /* each row's stored hash ("" if not one) */
	const char *alg;                               /* known_algs[].alg of every row in it */
	int64_t first_seq;
	int n;
} vblock;

typedef struct vpipe {
	pthread_mutex_t mu;
	pthread_cond_t cv;
	vblock block[VBLOCK_RING];
	int fill;      /* the block the reader fills */
	int hash_next; /* the next block the hasher takes */
	int queued;    /* blocks handed over and not yet hashed */
	bool closing;  /* the reader hands over nothing more */
	int64_t bad;   /* first event whose digest differs from its stored hash; 0 none */
	int rc;        /* the crypto library's failure, with `err` */
	bm_error err;
	walker *w;
} vpipe;

static void *vpipe_hasher(void *arg)
{
	vpipe *p = arg;
	hasher h = {0};
	bm_buf one;
	char hash[BM_AUDIT_HASH_HEX + 1];

	bm_buf_init(&one, 0);
	pthread_mutex_lock(&p->mu);
	for (;;) {
		vblock *b;
		int rc = 0;
		int64_t bad = 0;
		while (p->queued == 0 && !p->closing)
			pthread_cond_wait(&p->cv, &p->mu);
		if (p->queued == 0)
			break;
		b = &p->block[p->hash_next];
		pthread_mutex_unlock(&p->mu);
		if (p->bad == 0 && p->rc == 0 && (rc = hasher_select(&h, b->alg)) == 0) {
			size_t start = 0;
			for (int i = 0; i < b->n && rc == 0; i++) {
				/* hasher_chain takes a buffer: one that borrows the row's bytes */
				one.ptr = b->canon.ptr + start;
				one.len = b->end[i] - start;
				if ((rc = hasher_chain(&h, &one, hash)) == 0 &&
				    strcmp(hash, b->hash[i]) != 0)
					bad = b->first_seq + i;
				if (bad)
					break;
				start = b->end[i];
			}
		}
		pthread_mutex_lock(&p->mu);
		if (rc && p->rc == 0) {
			p->rc = rc;
			bm_error_save(&p->err);
		}
		if (bad && p->bad == 0)
			p->bad = bad;
		b->n = 0;
		bm_buf_clear(&b->canon);
		p->hash_next = (p->hash_next + 1) % VBLOCK_RING;
		p->queued--;
		pthread_cond_broadcast(&p->cv);
	}
	pthread_mutex_unlock(&p->mu);
	one.ptr = NULL; /* borrowed: nothing of its own to free */
	hasher_release(&h);
	return NULL;
}

/*
 * Hands the block being filled to the hasher (waiting while every block is
 * queued); true when the hasher has found a fault or failed, so the reader
 * can stop.
 */
static bool vpipe_submit(vpipe *p)
{
	bool stop;
	pthread_mutex_lock(&p->mu);
	if (p->block[p->fill].n > 0) {
		p->queued++;
		p->fill = (p->fill + 1) % VBLOCK_RING;
		pthread_cond_broadcast(&p->cv);
		while (p->queued == VBLOCK_RING)
			pthread_cond_wait(&p->cv, &p->mu);
	}
	stop = p->bad != 0 || p->rc != 0;
	pthread_mutex_unlock(&p->mu);
	return stop;
}

/* The reader's side of one row: the checks but the hash, then the row to the hasher. */
static int vpipe_row(const bm_audit_row *r, void *ctx)
{
	vpipe *p = ctx;
	walker *w = p->w;
	vblock *b = &p->block[p->fill];
	bool stop = false;
	int rc;

	if ((rc = row_links(w, r)) != 0)
		return rc;
	if (b->n > 0 && b->alg != w->h.alg) { /* one algorithm per block */
		stop = vpipe_submit(p);
		b = &p->block[p->fill];
	}
	if (b->n == 0) {
		b->first_seq = w->expected;
		b->alg = w->h.alg;
	}
	if ((rc = canonical_append(&b->canon, w->prev, r)) != 0)
		return rc;
	b->end[b->n] = b->canon.len;
	if (strlen(r->hash) == BM_AUDIT_HASH_HEX)
		memcpy(b->hash[b->n], r->hash, BM_AUDIT_HASH_HEX + 1);
	else
		b->hash[b->n][0] = '\0'; /* not a hash: no digest equals it */
	if (++b->n == VBLOCK_ROWS)
		stop = vpipe_submit(p);
	if ((rc = check_time_and_checkpoints(w, r, r->hash)) != 0)
		return rc;
	row_accepted(w, r, r->hash);
	return stop ? BM_ECORRUPT : 0; /* the hasher found one: stop reading */
}

/* Walks the stored chain on two threads; the walk's outcome as walk_row's would be. */
static int verify_pipelined(bm_audit_rows_fn rows, void *src, walker *w)
{
	vpipe *p = bm_calloc(1, sizeof(*p));
	pthread_t hasher_thread;
	int rc;

	if (!p)
		return bm_error_nomem();
	p->w = w;
	pthread_mutex_init(&p->mu, NULL);
	pthread_cond_init(&p->cv, NULL);
	for (int i = 0; i < VBLOCK_RING; i++)
		bm_buf_init(&p->block[i].canon, 0);
	if (pthread_create(&hasher_thread, NULL, vpipe_hasher, p) != 0) {
		rc = rows(src, verify_cb_one, w); /* one thread, then */
		goto out;
	}
	rc = rows(src, vpipe_row, p);
	vpipe_submit(p); /* the rows before a fault the reader found are hashed too */
	pthread_mutex_lock(&p->mu);
	p->closing = true;
	pthread_cond_broadcast(&p->cv);
	pthread_mutex_unlock(&p->mu);
	pthread_join(hasher_thread, NULL);

	if (p->rc) { /* the crypto library failed: that is the error */
		bm_error_restore(&p->err);
		rc = p->rc;
	} else if (p->bad && (rc != BM_ECORRUPT || w->res->first_bad_seq == 0 ||
	                      p->bad <= w->res->first_bad_seq)) {
		/*
		 * An altered event, before (or at) any fault the reader found. The
		 * reader ran ahead: what it counted past the event does not stand.
		 */
		w->res->count = p->bad - 1;
		w->res->checkpoints = 0;
		w->res->anchored = 0;
		for (size_t i = 0; i < w->n_cps && w->cps[i]->count < p->bad; i++) {
			w->res->checkpoints++;
			w->res->anchored = w->cps[i]->count;
		}
		rc = altered(w, p->bad);
	} else if (rc == BM_ECORRUPT && w->res->first_bad_seq == 0) {
		rc = 0; /* stopped for the hasher's fault, which was then not found: cannot be */
	}
out:
	for (int i = 0; i < VBLOCK_RING; i++)
		bm_buf_release(&p->block[i].canon);
	pthread_cond_destroy(&p->cv);
	pthread_mutex_destroy(&p->mu);
	bm_free(p);
	return rc;
}

/* The stored chain, row by row (bm_audit_rows_fn over a store). */
static int store_rows(void *src, bm_audit_row_cb cb, void *ctx)
{
	bm_store *s = src;
	return BM_STORE(s, audit_foreach)(s, cb, ctx);
}

static int verify_rows(bm_audit_rows_fn rows, void *src, const bm_checkpoint_set *cps,
                       bm_audit_verify_result *out)
{
	bm_audit_verify_result local;
	walker w;
	int rc;

	if ((rc = walker_init(&w, cps, out ? out : &local)) == 0) {
		rc = verify_pipelined(rows, src, &w);
		rc = walker_finish(&w, rc);
	}
	walker_release(&w);
	return rc;
}

int bm_audit_verify_anchored(bm_store *s, const bm_checkpoint_set *cps, bm_audit_verify_result *out)
{
	return verify_rows(store_rows, s, cps, out);
}

int bm_audit_verify_backup_rows(bm_audit_rows_fn rows, void *src, const bm_checkpoint_set *cps,
                                bm_audit_verify_result *out)
{
	const bm_checkpoint *last = cps ? bm_checkpoint_set_last(cps) : NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!last)
		return bm_error_set(BM_ECORRUPT, "backup_not_anchored", "SYS-3",
		                    "备份没有签名检查点（检查点文件缺失或为空）",
		                    "the backup has no signed checkpoint (its checkpoint file is "
		                    "missing or empty)");
	if ((rc = verify_rows(rows, src, cps, out)) != 0)
		return rc;
	if (out->count != last->count)
		return bm_error_set(BM_ECORRUPT, "backup_chain_mismatch", "SYS-3",
		                    "备份的审计链有 %" PRId64 " 条事件，其检查点（%s）记为 %" PRId64
		                    " 条",
		                    "the backup's audit chain has %" PRId64
		                    " events; its checkpoint (%s) counts %" PRId64,
		                    out->count, last->code, last->count);
	return 0;
}

int bm_audit_verify_backup(bm_store *s, const bm_checkpoint_set *cps, bm_audit_verify_result *out)
{
	return bm_audit_verify_backup_rows(store_rows, s, cps, out);
}

int bm_audit_verify(bm_store *s, bm_audit_verify_result *out)
{
	return bm_audit_verify_anchored(s, NULL, out);
}

/* ---- export ------------------------------------------------------------------ */

/* The keys of an export line, in the order they are written. */
static const char *const export_keys[] = {"seq",    "at",        "actor", "action",
                                          "object", "outcome",   "rule",  "detail",
                                          "alg",    "prev_hash", "hash"};

/* Where export lines go: a stream (the CLI's file) or a buffer (HTTP's chunks). */
typedef struct export_ctx {
	FILE *out;
	bm_buf *buf;
	int64_t last_seq; /* the seq of the last line written */
	int64_t rows;     /* lines written */
} export_ctx;

static int write_failed(void)
{
	return bm_error_set(BM_ERROR, "write_failed", NULL, "写入导出文件失败：%s",
	                    "writing the export failed: %s", strerror(errno));
}

static int export_cb(const bm_audit_row *r, void *ctx)
{
	export_ctx *x = ctx;
	const char *values[] = {r->at,   r->actor,  r->action, r->object,    r->outcome,
	                        r->rule, r->detail, r->alg,    r->prev_hash, r->hash};
	json_t *obj = json_object();
	char *text = NULL;
	int rc = 0;

	if (!obj || json_object_set_new(obj, export_keys[0], json_integer(r->seq)) != 0) {
		rc = bm_error_nomem();
		goto done;
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(values); i++) {
		/* json_string refuses NULL and text that is not UTF-8: the row cannot be exported
		 * as is. */
		json_t *v = values[i] ? json_string(values[i]) : NULL;
		if (!v || json_object_set_new(obj, export_keys[i + 1], v) != 0) {
			rc = bm_error_set(BM_ECORRUPT, "audit_unexportable", "SYS-3",
			                  "第 %" PRId64
			                  " 条审计事件的字段 %s 缺失或不是 UTF-8 文本，无法导出",
			                  "audit event %" PRId64
			                  "'s field '%s' is missing or not UTF-8 text; "
			                  "it cannot be exported",
			                  r->seq, export_keys[i + 1]);
			goto done;
		}
	}
	if (!(text = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER))) {
		rc = bm_error_nomem();
		goto done;
	}
	if (x->buf) {
		if ((rc = bm_buf_puts(x->buf, text)) != 0 || (rc = bm_buf_putc(x->buf, '\n')) != 0)
			goto done;
	} else if (fputs(text, x->out) == EOF || fputc('\n', x->out) == EOF) {
		rc = write_failed();
		goto done;
	}
	x->last_seq = r->seq;
	x->rows++;
done:
	free(text); /* jansson's allocation */
	json_decref(obj);
	return rc;
}

int bm_audit_export(bm_store *s, FILE *out)
{
	export_ctx x = {.out = out};
	int rc = BM_STORE(s, audit_foreach)(s, export_cb, &x);
	if (rc == 0 && fflush(out) != 0)
		rc = write_failed();
	return rc;
}

int bm_audit_export_range(bm_store *s, int64_t *after, int64_t last, int64_t limit, bm_buf *out)
{
	export_ctx x = {.buf = out, .last_seq = *after};
	int rc = BM_STORE(s, audit_range)(s, *after, last, limit, export_cb, &x);
	if (rc != 0)
		return rc;
	/* Fewer rows than asked for: none is left up to `last` (a broken chain may have gaps). */
	*after = limit <= 0 || x.rows < limit ? last : x.last_seq;
	return 0;
}

/* ---- verify an export ---------------------------------------------------------- */

/* Reads one line without its '\n' into `b`; 1 = a line, 0 = end of file, else an error. */
static int read_line(FILE *in, bm_buf *b)
{
	int c, rc;
	bool any = false;

	bm_buf_clear(b);
	while ((c = getc(in)) != EOF) {
		any = true;
		if (c == '\n')
			return 1;
		if ((rc = bm_buf_putc(b, (char)c)) != 0)
			return rc;
	}
	if (ferror(in))
		return bm_error_set(BM_ERROR, "read_failed", NULL, "读取导出文件失败",
		                    "reading the export failed");
	return any ? 1 : 0;
}

/*
 * Turns one export line into a row whose strings borrow from `obj`. Returns
 * 0, or BM_ECORRUPT with the walker's reason set (the line is not an event).
 */
static int parse_line(walker *w, long line_no, const bm_buf *line, json_t **obj_out,
                      bm_audit_row *r)
{
	const char **slots[] = {&r->at,   &r->actor,  &r->action, &r->object,    &r->outcome,
	                        &r->rule, &r->detail, &r->alg,    &r->prev_hash, &r->hash};
	char zh[256], en[256];
	json_error_t jerr;
	json_t *obj, *v;

	*obj_out = obj =
	        json_loadb(line->ptr ? line->ptr : "", line->len, JSON_REJECT_DUPLICATES, &jerr);
	if (!obj || !json_is_object(obj)) {
		snprintf(zh, sizeof(zh), "第 %ld 行不是 JSON 对象", line_no);
		snprintf(en, sizeof(en), "line %ld is not a JSON object", line_no);
		return broken(w, w->expected, zh, en);
	}
	if (json_object_size(obj) != BM_ARRAY_LEN(export_keys))
		goto bad_keys;
	v = json_object_get(obj, "seq");
	if (!json_is_integer(v))
		goto bad_keys;
	r->seq = json_integer_value(v);
	for (size_t i = 0; i < BM_ARRAY_LEN(slots); i++) {
		v = json_object_get(obj, export_keys[i + 1]);
		if (!json_is_string(v))
			goto bad_keys;
		/* A NUL inside would make the C string differ from the JSON text. */
		if (strlen(json_string_value(v)) != json_string_length(v))
			goto bad_keys;
		*slots[i] = json_string_value(v);
	}
	return 0;
bad_keys:
	snprintf(zh, sizeof(zh), "第 %ld 行的键不是恰好 seq（整数）及 10 个文本字段", line_no);
	snprintf(en, sizeof(en),
	         "line %ld does not hold exactly the keys seq (integer) and 10 text fields",
	         line_no);
	return broken(w, w->expected, zh, en);
}

int bm_audit_verify_export_anchored(FILE *in, const bm_checkpoint_set *cps,
                                    bm_audit_verify_result *out)
{
	bm_audit_verify_result local;
	walker w;
	bm_buf line;
	long line_no = 0;
	int rc;

	bm_buf_init(&line, EXPORT_LINE_MAX);
	if ((rc = walker_init(&w, cps, out ? out : &local)) != 0)
		goto done;
	while ((rc = read_line(in, &line)) == 1) {
		json_t *obj = NULL;
		bm_audit_row r = {0};
		line_no++;
		rc = parse_line(&w, line_no, &line, &obj, &r);
		if (rc == 0)
			rc = walk_row(&w, &r);
		json_decref(obj);
		if (rc)
			break;
	}
	rc = walker_finish(&w, rc);
done:
	bm_buf_release(&line);
	walker_release(&w);
	return rc;
}

int bm_audit_verify_export(FILE *in, bm_audit_verify_result *out)
{
	return bm_audit_verify_export_anchored(in, NULL, out);
}
