/*
 * checkpoint.c — signed checkpoints of the audit chain (SYS-3): the unit's
 * SM2 key file, signing and checking a statement, the append-only
 * checkpoint file. The format is specified in audit/checkpoint.h.
 */
#include "common.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <jansson.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "audit/checkpoint.h"
#include "util/buf.h"

/* GM/T 0009-2012's default distinguishing ID, used for every signature. */
#define SM2_ID      "1234567812345678"
#define LINE_MAX_   4096
#define N_LINE_KEYS 8

struct bm_audit_key {
	EVP_PKEY *pkey;
	char public_key[256]; /* base64 DER SubjectPublicKeyInfo */
};

static int crypto_failed(const char *what)
{
	return bm_error_set(BM_ERROR, "crypto_failed", "SYS-3", "密码运算失败：%s",
	                    "a cryptographic operation failed: %s", what);
}

/* Formats the SYS-3 refusal of a checkpoint line; returns BM_ECORRUPT. */
static int bad_line(long line_no, const char *zh, const char *en)
{
	char m_zh[BM_ERROR_MSG_MAX], m_en[BM_ERROR_MSG_MAX];
	snprintf(m_zh, sizeof(m_zh), "检查点第 %ld 行无效：%s", line_no, zh);
	snprintf(m_en, sizeof(m_en), "checkpoint line %ld is invalid: %s", line_no, en);
	return bm_error_set_msg(BM_ECORRUPT, "checkpoint_invalid", "SYS-3", m_zh, m_en);
}

/* ---- paths ------------------------------------------------------------------ */

int bm_audit_anchor_paths(const char *db, char *key, char *checkpoints, size_t size)
{
	const char *path = db ? db : "";
	int n1, n2;

	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	if (!*path || strstr(path, "://"))
		return bm_error_set(BM_EINVALID, "anchor_paths_needed", "SYS-3",
		                    "数据库 '%s' 不是文件，须指定审计密钥和检查点文件的路径",
		                    "the database '%s' is not a file: give the paths of the audit "
		                    "key and of the checkpoint file",
		                    db ? db : "");
	n1 = snprintf(key, size, "%s.sm2key", path);
	n2 = snprintf(checkpoints, size, "%s.checkpoints", path);
	if (n1 < 0 || n2 < 0 || (size_t)n1 >= size || (size_t)n2 >= size)
		return bm_error_set(BM_ETOOLARGE, "path_too_long", NULL, "路径过长：'%s'",
		                    "path too long: '%s'", path);
	return 0;
}

/* ---- base64 and base32 ------------------------------------------------------ */

/* Base64 of `len` bytes into `out` (`size` bytes); BM_ETOOLARGE when it does not fit. */
static int b64_encode(const unsigned char *in, size_t len, char *out, size_t size)
{
	if ((len + 2) / 3 * 4 + 1 > size)
		return bm_error_set(BM_ETOOLARGE, "too_large", NULL, "数据过长", "data too long");
	EVP_EncodeBlock((unsigned char *)out, in, (int)len);
	return 0;
}

/* Decodes base64 `in` into `out` (`size` bytes); the byte count, or -1 when not base64. */
static long b64_decode(const char *in, unsigned char *out, size_t size)
{
	size_t len = strlen(in), pad = 0;
	int n;

	if (len == 0 || len % 4 != 0 || len / 4 * 3 > size)
		return -1;
	for (size_t i = 0; i < len; i++) {
		char c = in[i];
		bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		          (c >= '0' && c <= '9') || c == '+' || c == '/' ||
		          (c == '=' && i >= len - 2);
		if (!ok || (i == len - 2 && c == '=' && in[len - 1] != '='))
			return -1;
	}
	pad = (in[len - 1] == '=') + (in[len - 2] == '=');
	n = EVP_DecodeBlock(out, (const unsigned char *)in, (int)len);
	if (n < 0 || (size_t)n < pad)
		return -1;
	return (long)((size_t)n - pad);
}

/* The 校验码 of a signature: base32 of the first 80 bits of its SM3, grouped by 4. */
static int code_of(const unsigned char *sig, size_t len, char out[BM_CHECKPOINT_CODE_LEN + 1])
{
	static const char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
	unsigned char md[EVP_MAX_MD_SIZE];
	size_t md_len = 0;
	size_t o = 0;

	if (EVP_Q_digest(NULL, "SM3", NULL, sig, len, md, &md_len) != 1 || md_len < 10)
		return crypto_failed("SM3");
	/* 80 bits = 16 groups of 5, taken most significant first. */
	for (int i = 0; i < 16; i++) {
		int bit = i * 5, v = 0;
		for (int b = 0; b < 5; b++, bit++)
			v = (v << 1) | ((md[bit / 8] >> (7 - bit % 8)) & 1);
		if (i && i % 4 == 0)
			out[o++] = '-';
		out[o++] = alphabet[v];
	}
	out[o] = '\0';
	return 0;
}

/* ---- the key ------------------------------------------------------------------ */

void bm_audit_key_free(bm_audit_key *k)
{
	if (!k)
		return;
	EVP_PKEY_free(k->pkey);
	bm_free(k);
}

const char *bm_audit_key_public(const bm_audit_key *k)
{
	return k->public_key;
}

/* The base64 DER SubjectPublicKeyInfo of `pkey` into `out`. */
static int public_b64(EVP_PKEY *pkey, char *out, size_t size)
{
	unsigned char *der = NULL;
	int len = i2d_PUBKEY(pkey, &der), rc;

	if (len <= 0)
		return crypto_failed("i2d_PUBKEY");
	rc = b64_encode(der, (size_t)len, out, size);
	OPENSSL_free(der);
	return rc;
}

/* Wraps `pkey` (taken over) in a new key. */
static int key_wrap(EVP_PKEY *pkey, bm_audit_key **out)
{
	bm_audit_key *k = bm_calloc(1, sizeof(*k));
	int rc;

	if (!k) {
		EVP_PKEY_free(pkey);
		return bm_error_nomem();
	}
	k->pkey = pkey;
	if ((rc = public_b64(pkey, k->public_key, sizeof(k->public_key))) != 0) {
		bm_audit_key_free(k);
		return rc;
	}
	*out = k;
	return 0;
}

int bm_audit_key_create(const char *path, bm_audit_key **out)
{
	EVP_PKEY *pkey = EVP_PKEY_Q_keygen(NULL, NULL, "SM2");
	FILE *f = NULL;
	int fd = -1, rc = 0;

	if (!pkey)
		return crypto_failed("SM2 key generation");
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd < 0) {
		rc = bm_error_set(errno == EEXIST ? BM_ECONFLICT : BM_ERROR, "audit_key_write",
		                  "SYS-3", "无法建立审计密钥文件 '%s'：%s",
		                  "cannot create the audit key file '%s': %s", path,
		                  strerror(errno));
		goto done;
	}
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		rc = bm_error_set(BM_ERROR, "audit_key_write", "SYS-3", "无法写入 '%s'：%s",
		                  "cannot write '%s': %s", path, strerror(errno));
		unlink(path);
		goto done;
	}
	if (PEM_write_PrivateKey(f, pkey, NULL, NULL, 0, NULL, NULL) != 1 || fflush(f) != 0 ||
	    fsync(fileno(f)) != 0) {
		fclose(f);
		unlink(path);
		rc = bm_error_set(BM_ERROR, "audit_key_write", "SYS-3", "写入审计密钥 '%s' 失败",
		                  "writing the audit key '%s' failed", path);
		goto done;
	}
	if (fclose(f) != 0) {
		unlink(path);
		rc = bm_error_set(BM_ERROR, "audit_key_write", "SYS-3", "写入审计密钥 '%s' 失败",
		                  "writing the audit key '%s' failed", path);
		goto done;
	}
	if (out) {
		rc = key_wrap(pkey, out);
		pkey = NULL;
	}
done:
	EVP_PKEY_free(pkey);
	return rc;
}

int bm_audit_key_load(const char *path, bm_audit_key **out)
{
	EVP_PKEY *pkey = NULL;
	struct stat st;
	FILE *f;

	if (!(f = fopen(path, "r")))
		return bm_error_set(errno == ENOENT ? BM_ENOTFOUND : BM_ERROR, "audit_key_missing",
		                    "SYS-3", "无法读取审计密钥文件 '%s'：%s",
		                    "cannot read the audit key file '%s': %s", path,
		                    strerror(errno));
	if (fstat(fileno(f), &st) != 0 || (st.st_mode & 077) != 0) {
		fclose(f);
		return bm_error_set(BM_EDENIED, "audit_key_exposed", "SYS-3",
		                    "审计密钥文件 '%s' 可被他人读取（权限应为 0600）",
		                    "the audit key file '%s' is readable by others (mode must be "
		                    "0600)",
		                    path);
	}
	pkey = PEM_read_PrivateKey(f, NULL, NULL, NULL);
	fclose(f);
	if (!pkey || !EVP_PKEY_is_a(pkey, "SM2")) {
		EVP_PKEY_free(pkey);
		return bm_error_set(BM_ECORRUPT, "audit_key_invalid", "SYS-3",
		                    "审计密钥文件 '%s' 不是 SM2 私钥",
		                    "the audit key file '%s' is not an SM2 private key", path);
	}
	return key_wrap(pkey, out);
}

int bm_audit_key_may_create(const char *key_path, const char *checkpoints_path)
{
	struct stat st;

	if (stat(key_path, &st) == 0)
		return 0; /* it exists: bm_audit_key_load judges it */
	if (errno != ENOENT)
		return bm_error_set(
		        BM_ERROR, "audit_key_unreadable", "SYS-3", "无法读取审计密钥文件 '%s'：%s",
		        "cannot read the audit key file '%s': %s", key_path, strerror(errno));
	if (stat(checkpoints_path, &st) != 0 || st.st_size == 0)
		return 0;
	/* SYS-3: checkpoints exist, so their key did: a new one would sign a second anchor. */
	return bm_error_set(BM_ECONFLICT, "audit_key_missing", "SYS-3",
	                    "审计密钥 '%s' 缺失，而检查点文件 '%s' 已存在（由该密钥签署）；"
	                    "不会另建新密钥，请从备份中恢复审计密钥",
	                    "the audit key '%s' is missing beside the existing checkpoint file "
	                    "'%s' (signed by it); no new key is made: restore the key from its "
	                    "backup",
	                    key_path, checkpoints_path);
}

/* ---- the statement ------------------------------------------------------------- */

static int field(bm_buf *b, const char *value)
{
	int rc;
	if ((rc = bm_buf_printf(b, "%zu:", strlen(value))) != 0 ||
	    (rc = bm_buf_puts(b, value)) != 0 || (rc = bm_buf_putc(b, '\n')) != 0)
		return rc;
	return 0;
}

/* The signed bytes of `cp` (checkpoint.h) into `b`. */
static int statement(bm_buf *b, const bm_checkpoint *cp)
{
	char count[24];
	int rc;

	snprintf(count, sizeof(count), "%" PRId64, cp->count);
	bm_buf_clear(b);
	if ((rc = bm_buf_puts(b, BM_CHECKPOINT_TAG "\n")) != 0 || (rc = field(b, cp->unit)) != 0 ||
	    (rc = field(b, count)) != 0 || (rc = field(b, cp->last_hash)) != 0 ||
	    (rc = field(b, cp->at)) != 0 || (rc = field(b, BM_CHECKPOINT_ALG)) != 0 ||
	    (rc = field(b, cp->public_key)) != 0)
		return rc;
	return 0;
}

static bool is_hash_hex(const char *s)
{
	size_t n = 0;
	for (; s[n]; n++)
		if (!((s[n] >= '0' && s[n] <= '9') || (s[n] >= 'a' && s[n] <= 'f')))
			return false;
	return n == BM_AUDIT_HASH_HEX;
}

/*
 * A digest-sign or -verify context for SM2 with SM3 and the fixed ID
 * (OpenSSL 3.0 takes the ID only once the context exists, and its own
 * default is an empty ID, not GM/T 0009's).
 */
static EVP_MD_CTX *sm2_ctx(EVP_PKEY *pkey, bool sign)
{
	EVP_MD_CTX *m = EVP_MD_CTX_new();
	EVP_PKEY_CTX *pctx = NULL;
	int ok;

	if (!m)
		return NULL;
	ok = sign ? EVP_DigestSignInit_ex(m, &pctx, "SM3", NULL, NULL, pkey, NULL)
	          : EVP_DigestVerifyInit_ex(m, &pctx, "SM3", NULL, NULL, pkey, NULL);
	if (ok != 1 || EVP_PKEY_CTX_set1_id(pctx, SM2_ID, sizeof(SM2_ID) - 1) != 1) {
		EVP_MD_CTX_free(m);
		return NULL;
	}
	return m;
}

int bm_checkpoint_sign(const bm_audit_key *k, const char *unit, int64_t count,
                       const char *last_hash, int64_t at, bm_checkpoint *out)
{
	unsigned char sig[160];
	size_t sig_len = sizeof(sig);
	bm_checkpoint cp = {0};
	EVP_MD_CTX *m = NULL;
	bm_buf b;
	int rc;

	if (count < 1 || !last_hash || !is_hash_hex(last_hash))
		return bm_error_set(BM_EINVALID, "checkpoint_empty_chain", "SYS-3",
		                    "审计链为空，无可签署的检查点",
		                    "the audit chain is empty: there is nothing to checkpoint");
	if (strlen(unit) >= sizeof(cp.unit))
		return bm_error_set(BM_ETOOLARGE, "too_large", NULL, "单位名称过长",
		                    "the unit name is too long");
	snprintf(cp.unit, sizeof(cp.unit), "%s", unit);
	cp.count = count;
	snprintf(cp.last_hash, sizeof(cp.last_hash), "%s", last_hash);
	bm_time_format(at, cp.at);
	snprintf(cp.public_key, sizeof(cp.public_key), "%s", k->public_key);

	bm_buf_init(&b, 0);
	if ((rc = statement(&b, &cp)) != 0)
		goto done;
	if (!(m = sm2_ctx(k->pkey, true)) ||
	    EVP_DigestSign(m, sig, &sig_len, (const unsigned char *)b.ptr, b.len) != 1) {
		rc = crypto_failed("SM2 sign");
		goto done;
	}
	if ((rc = b64_encode(sig, sig_len, cp.signature, sizeof(cp.signature))) != 0 ||
	    (rc = code_of(sig, sig_len, cp.code)) != 0)
		goto done;
	*out = cp;
done:
	EVP_MD_CTX_free(m);
	bm_buf_release(&b);
	return rc;
}

/* ---- lines ---------------------------------------------------------------------- */

/* `cp` as its JSON line, without LF; `*out` is freed with free() (jansson's). */
static int line_of(const bm_checkpoint *cp, char **out)
{
	json_t *o = json_pack("{s:s, s:s, s:I, s:s, s:s, s:s, s:s, s:s}", "checkpoint",
	                      BM_CHECKPOINT_TAG, "unit", cp->unit, "count", (json_int_t)cp->count,
	                      "last_hash", cp->last_hash, "at", cp->at, "alg", BM_CHECKPOINT_ALG,
	                      "public_key", cp->public_key, "signature", cp->signature);
	if (!o)
		return bm_error_nomem();
	*out = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);
	json_decref(o);
	return *out ? 0 : bm_error_nomem();
}

int bm_checkpoint_append(const char *path, const bm_checkpoint *cp)
{
	char *text = NULL;
	bm_buf line;
	int fd = -1, rc;
	size_t done = 0;

	bm_buf_init(&line, 0);
	if ((rc = line_of(cp, &text)) != 0 || (rc = bm_buf_puts(&line, text)) != 0 ||
	    (rc = bm_buf_putc(&line, '\n')) != 0)
		goto done;
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		goto failed;
	/* One write: a line is whole or absent even with two writers. */
	while (done < line.len) {
		ssize_t n = write(fd, line.ptr + done, line.len - done);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			goto failed;
		done += (size_t)n;
	}
	if (fsync(fd) != 0)
		goto failed;
	goto done;
failed:
	rc = bm_error_set(BM_ERROR, "checkpoint_write", "SYS-3", "无法写入检查点文件 '%s'：%s",
	                  "cannot write the checkpoint file '%s': %s", path, strerror(errno));
done:
	if (fd >= 0)
		close(fd);
	free(text);
	bm_buf_release(&line);
	return rc;
}

/* Copies the JSON string `key` of `o` into `dst`; false when absent, not text or too long. */
static bool take(json_t *o, const char *key, char *dst, size_t size)
{
	json_t *v = json_object_get(o, key);
	if (!json_is_string(v) || json_string_length(v) >= size ||
	    strlen(json_string_value(v)) != json_string_length(v))
		return false;
	memcpy(dst, json_string_value(v), json_string_length(v) + 1);
	return true;
}

int bm_checkpoint_parse(const char *text, size_t len, long line_no, bm_checkpoint *out)
{
	unsigned char der[256], sig[160];
	const unsigned char *p = der;
	char tag[32], alg[16];
	bm_checkpoint cp = {0};
	EVP_PKEY *pkey = NULL;
	EVP_MD_CTX *m = NULL;
	json_t *o = NULL, *count;
	long der_len, sig_len;
	int64_t t;
	bm_buf b;
	int rc = 0;

	bm_buf_init(&b, 0);
	o = json_loadb(text, len, JSON_REJECT_DUPLICATES, NULL);
	if (!json_is_object(o) || json_object_size(o) != N_LINE_KEYS) {
		rc = bad_line(line_no, "不是恰好 8 个键的 JSON 对象",
		              "not a JSON object of exactly 8 keys");
		goto done;
	}
	count = json_object_get(o, "count");
	if (!take(o, "checkpoint", tag, sizeof(tag)) || strcmp(tag, BM_CHECKPOINT_TAG) != 0 ||
	    !take(o, "alg", alg, sizeof(alg)) || strcmp(alg, BM_CHECKPOINT_ALG) != 0) {
		rc = bad_line(line_no, "不是 baomi-checkpoint-v1 / sm2-sm3 格式",
		              "not in the baomi-checkpoint-v1 / sm2-sm3 format");
		goto done;
	}
	if (!take(o, "unit", cp.unit, sizeof(cp.unit)) ||
	    !take(o, "last_hash", cp.last_hash, sizeof(cp.last_hash)) ||
	    !is_hash_hex(cp.last_hash) || !take(o, "at", cp.at, sizeof(cp.at)) ||
	    !bm_time_parse(cp.at, &t) || !json_is_integer(count) || json_integer_value(count) < 1 ||
	    !take(o, "public_key", cp.public_key, sizeof(cp.public_key)) ||
	    !take(o, "signature", cp.signature, sizeof(cp.signature))) {
		rc = bad_line(line_no, "字段缺失或格式错误", "a field is missing or malformed");
		goto done;
	}
	cp.count = json_integer_value(count);
	der_len = b64_decode(cp.public_key, der, sizeof(der));
	sig_len = b64_decode(cp.signature, sig, sizeof(sig));
	if (der_len > 0)
		pkey = d2i_PUBKEY(NULL, &p, der_len);
	if (!pkey || p != der + der_len || !EVP_PKEY_is_a(pkey, "SM2") || sig_len <= 0) {
		rc = bad_line(line_no, "公钥或签名不是 SM2 格式",
		              "the public key or the signature is not SM2");
		goto done;
	}
	if ((rc = statement(&b, &cp)) != 0)
		goto done;
	if (!(m = sm2_ctx(pkey, false))) {
		rc = crypto_failed("SM2 verify");
		goto done;
	}
	if (EVP_DigestVerify(m, sig, (size_t)sig_len, (const unsigned char *)b.ptr, b.len) != 1) {
		rc = bad_line(line_no, "签名与内容不符（检查点被伪造或改动）",
		              "the signature does not match (the checkpoint is forged or altered)");
		goto done;
	}
	if ((rc = code_of(sig, (size_t)sig_len, cp.code)) != 0)
		goto done;
	cp.line = line_no;
	*out = cp;
done:
	EVP_MD_CTX_free(m);
	EVP_PKEY_free(pkey);
	json_decref(o);
	bm_buf_release(&b);
	return rc;
}

/* ---- sets ------------------------------------------------------------------------- */

static int set_add(bm_checkpoint_set *set, const bm_checkpoint *cp)
{
	if (set->count == set->cap) {
		size_t cap = set->cap ? set->cap * 2 : 16;
		bm_checkpoint *items = bm_realloc(set->items, cap * sizeof(*items));
		if (!items)
			return bm_error_nomem();
		set->items = items;
		set->cap = cap;
	}
	set->items[set->count++] = *cp;
	return 0;
}

int bm_checkpoint_read(FILE *in, const char *name, bm_checkpoint_set *set)
{
	bm_buf line;
	long line_no = 0;
	int c, rc = 0;
	bool any = false;

	bm_buf_init(&line, LINE_MAX_);
	for (;;) {
		c = getc(in);
		if (c != EOF && c != '\n') {
			any = true;
			if ((rc = bm_buf_putc(&line, (char)c)) != 0) {
				rc = bad_line(line_no + 1, "行过长", "the line is too long");
				break;
			}
			continue;
		}
		if (c == EOF && !any)
			break;
		{
			bm_checkpoint cp;
			line_no++;
			if ((rc = bm_checkpoint_parse(line.ptr ? line.ptr : "", line.len, line_no,
			                              &cp)) != 0 ||
			    (rc = set_add(set, &cp)) != 0)
				break;
		}
		bm_buf_clear(&line);
		any = false;
		if (c == EOF)
			break;
	}
	if (rc == 0 && ferror(in))
		rc = bm_error_set(BM_ERROR, "read_failed", NULL, "读取检查点文件 '%s' 失败",
		                  "reading the checkpoint file '%s' failed", name);
	else if (rc == BM_ECORRUPT) {
		const bm_error *e = bm_error_last();
		char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
		snprintf(zh, sizeof(zh), "%.300s（%.180s）", e->message, name);
		snprintf(en, sizeof(en), "%.300s (%.180s)", e->message_en, name);
		bm_error_set_msg(BM_ECORRUPT, "checkpoint_invalid", "SYS-3", zh, en);
	}
	bm_buf_release(&line);
	return rc;
}

int bm_checkpoint_read_file(const char *path, bm_checkpoint_set *set, bool *found)
{
	FILE *f = fopen(path, "r");
	int rc;

	if (found)
		*found = f != NULL;
	if (!f) {
		if (errno == ENOENT)
			return 0;
		return bm_error_set(BM_ERROR, "open_failed", NULL, "无法打开 '%s'：%s",
		                    "cannot open '%s': %s", path, strerror(errno));
	}
	rc = bm_checkpoint_read(f, path, set);
	fclose(f);
	return rc;
}

int bm_checkpoint_set_same_key(const bm_checkpoint_set *set, const char *public_key)
{
	const char *want = public_key;
	for (size_t i = 0; i < set->count; i++) {
		if (!want)
			want = set->items[i].public_key;
		if (strcmp(set->items[i].public_key, want) != 0)
			return bm_error_set(BM_ECORRUPT, "checkpoint_foreign_key", "SYS-3",
			                    "检查点第 %ld 行由另一把密钥签署，不是本单位的审计密钥",
			                    "checkpoint line %ld is signed by another key, not the "
			                    "unit's audit key",
			                    set->items[i].line);
	}
	return 0;
}

/* `code` without '-' and spaces, upper case, into `out` (17 bytes); false when too long. */
static bool code_norm(const char *code, char out[17])
{
	size_t n = 0;
	for (; *code; code++) {
		char c = *code;
		if (c == '-' || c == ' ')
			continue;
		if (n == 16)
			return false;
		out[n++] = (char)(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
	}
	out[n] = '\0';
	return n == 16;
}

const bm_checkpoint *bm_checkpoint_set_find_code(const bm_checkpoint_set *set, const char *code)
{
	char want[17], have[17];
	if (!code_norm(code, want))
		return NULL;
	for (size_t i = 0; i < set->count; i++)
		if (code_norm(set->items[i].code, have) && strcmp(have, want) == 0)
			return &set->items[i];
	return NULL;
}

int bm_checkpoint_set_require_code(const bm_checkpoint_set *set, const char *code,
                                   const bm_checkpoint **out)
{
	if ((*out = bm_checkpoint_set_find_code(set, code)))
		return 0;
	return bm_error_set(BM_ECORRUPT, "checkpoint_code_unknown", "SYS-3",
	                    "校验码 %.32s 不在检查点文件中（检查点被删除或文件被替换）",
	                    "no checkpoint in the file has the code %.32s (removed, or the file "
	                    "was replaced)",
	                    code);
}

const bm_checkpoint *bm_checkpoint_set_last(const bm_checkpoint_set *set)
{
	return set->count ? &set->items[set->count - 1] : NULL;
}

void bm_checkpoint_set_release(bm_checkpoint_set *set)
{
	bm_free(set->items);
	memset(set, 0, sizeof(*set));
}
