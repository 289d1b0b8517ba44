/*
 * fuzz_audit.c — the audit-export verifier (src/audit: bm_audit_verify_export,
 * `baomi audit verify-export`), fed any bytes as an export file.
 *
 * The oracle is a second, independent reading of the chain rule in
 * audit.h and docs/audit.md, written here from the specification: every
 * line one JSON object of exactly the keys seq (an integer) and ten text
 * fields without NUL, seq running 1, 2, 3 …, alg "sm3", prev_hash the
 * previous event's hash (64 '0' for the first) and hash the lower-hex SM3
 * of prev_hash and the canonical bytes, and `at` never before the previous
 * event's (byte order; SYS-3: no back-dating). Invariants: the verifier accepts
 * exactly the files the oracle accepts (so a mutated export whose chain
 * is broken is never accepted); on acceptance it counts every event and
 * names the last hash; on refusal it blames the event after the last one
 * that verified, and sets the SYS-3 error.
 */
#include <openssl/evp.h>
#include <stdbool.h>
#include <string.h>

#include <jansson.h>

#include "audit/audit.h"
#include "common.h"
#include "fuzz.h"
#include "util/buf.h"

#define FUZZ_MAX_INPUT (1024u * 1024u)
#define GENESIS        "0000000000000000000000000000000000000000000000000000000000000000"

static const char *const text_keys[] = {"at",   "actor",  "action", "object",    "outcome",
                                        "rule", "detail", "alg",    "prev_hash", "hash"};

/* Appends "<len>:<bytes>\n". */
static void field(bm_buf *b, const char *s)
{
	FUZZ_CHECK(bm_buf_printf(b, "%zu:", strlen(s)) == 0 && bm_buf_puts(b, s) == 0 &&
	                   bm_buf_putc(b, '\n') == 0,
	           "buffer");
}

/* The lower-hex SM3 of `prev` (64 ASCII characters) followed by `canon`. */
static void sm3_hex(const char *prev, const bm_buf *canon, char out[65])
{
	static const char digits[] = "0123456789abcdef";
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int n = 0;
	EVP_MD_CTX *c = EVP_MD_CTX_new();
	EVP_MD *sm3 = EVP_MD_fetch(NULL, "SM3", NULL);

	FUZZ_CHECK(c && sm3 && EVP_DigestInit_ex(c, sm3, NULL) && EVP_DigestUpdate(c, prev, 64) &&
	                   EVP_DigestUpdate(c, canon->ptr, canon->len) &&
	                   EVP_DigestFinal_ex(c, md, &n) && n == 32,
	           "SM3 from OpenSSL");
	for (unsigned int i = 0; i < n; i++) {
		out[2 * i] = digits[md[i] >> 4];
		out[2 * i + 1] = digits[md[i] & 15];
	}
	out[64] = '\0';
	EVP_MD_free(sm3);
	EVP_MD_CTX_free(c);
}

/* Whether one line is event `seq` linking to `prev`; on success `prev` becomes its hash. */
static bool oracle_line(const char *line, size_t len, int64_t seq, char prev[65], char prev_at[64])
{
	json_t *obj = json_loadb(line, len, JSON_REJECT_DUPLICATES, NULL);
	const char *v[BM_ARRAY_LEN(text_keys)];
	bm_buf canon;
	char hash[65];
	bool ok = false;

	if (!obj || !json_is_object(obj) || json_object_size(obj) != 11)
		goto done;
	if (!json_is_integer(json_object_get(obj, "seq")) ||
	    json_integer_value(json_object_get(obj, "seq")) != seq)
		goto done;
	for (size_t i = 0; i < BM_ARRAY_LEN(text_keys); i++) {
		json_t *s = json_object_get(obj, text_keys[i]);
		if (!json_is_string(s) || memchr(json_string_value(s), 0, json_string_length(s)))
			goto done;
		v[i] = json_string_value(s);
	}
	/* v: at actor action object outcome rule detail alg prev_hash hash */
	if (strcmp(v[7], "sm3") != 0 || strcmp(v[8], prev) != 0)
		goto done;
	bm_buf_init(&canon, 0);
	FUZZ_CHECK(bm_buf_puts(&canon, "baomi-audit-v1\n") == 0, "buffer");
	{
		char seq_text[32];
		snprintf(seq_text, sizeof(seq_text), "%lld", (long long)seq);
		field(&canon, seq_text);
	}
	for (size_t i = 0; i < 8; i++)
		field(&canon, v[i]);
	sm3_hex(prev, &canon, hash);
	bm_buf_release(&canon);
	if (strcmp(hash, v[9]) != 0)
		goto done;
	if (seq > 1 && strcmp(v[0], prev_at) < 0)
		goto done;
	snprintf(prev_at, 64, "%s", v[0]);
	memcpy(prev, hash, 65);
	ok = true;
done:
	json_decref(obj);
	return ok;
}

/* How many events verify from the start, and whether all lines did. */
static bool oracle(const uint8_t *data, size_t size, int64_t *good, char last[65])
{
	size_t at = 0;
	char prev_at[64] = "";
	memcpy(last, GENESIS, 65);
	*good = 0;
	while (at < size) {
		const uint8_t *nl = memchr(data + at, '\n', size - at);
		size_t len = nl ? (size_t)(nl - (data + at)) : size - at;
		if (!oracle_line((const char *)data + at, len, *good + 1, last, prev_at))
			return false;
		++*good;
		at += len + (nl ? 1 : 0);
	}
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bm_audit_verify_result res;
	int64_t good;
	char last[65];
	bool want;
	FILE *f;
	int rc;

	if (size == 0 || size > FUZZ_MAX_INPUT)
		return 0; /* fmemopen refuses an empty buffer; an empty export is checked by unit
		             tests */
	FUZZ_CHECK((f = fmemopen((void *)data, size, "r")) != NULL, "fmemopen");
	bm_error_clear();
	rc = bm_audit_verify_export(f, &res);
	fclose(f);
	want = oracle(data, size, &good, last);

	if (want) {
		FUZZ_CHECK(rc == 0, "a valid chain of %lld events refused (rc %d): %s",
		           (long long)good, rc, res.reason);
		FUZZ_CHECK(res.count == good && res.first_bad_seq == 0,
		           "accepted with count %lld, oracle %lld", (long long)res.count,
		           (long long)good);
		FUZZ_CHECK(strcmp(res.last_hash, good ? last : "") == 0,
		           "last hash '%s', oracle '%s'", res.last_hash, last);
		return 0;
	}
	FUZZ_CHECK(rc != 0, "a broken chain accepted (%lld events verified by the oracle)",
	           (long long)good);
	FUZZ_CHECK(rc == BM_ECORRUPT, "refused with rc %d", rc);
	FUZZ_CHECK(res.count == good && res.first_bad_seq == good + 1,
	           "blames event %lld after %lld verified; oracle: %lld verified",
	           (long long)res.first_bad_seq, (long long)res.count, (long long)good);
	FUZZ_CHECK(res.last_hash[0] == '\0', "a refused chain names a last hash");
	FUZZ_CHECK(strcmp(bm_error_last()->code, "audit_chain_broken") == 0 &&
	                   strcmp(bm_error_last()->rule, "SYS-3") == 0,
	           "refusal error %s [%s]", bm_error_last()->code, bm_error_last()->rule);
	return 0;
}
