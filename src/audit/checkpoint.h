/*
 * checkpoint.h — signed checkpoints: the audit chain anchored outside the
 * database (SYS-3).
 *
 * The chain alone cannot show events cut off its end, nor a chain rebuilt
 * by someone with write access to the file. A checkpoint is a statement
 * "the unit's chain had COUNT events and event COUNT's hash was LAST_HASH
 * at time AT", signed with SM2 (GB/T 32918, digest SM3, distinguishing ID
 * "1234567812345678") by the unit's key, which lives in a file outside the
 * database (by default DB.sm2key, PEM PKCS#8, mode 0600). Checkpoints are
 * appended to a file beside the database (by default DB.checkpoints), one
 * line each, never rewritten; `audit verify` checks the chain against every
 * one of them, and the auditor copies each one's 校验码 into the paper
 * register, so that a checkpoint file replaced together with the key is
 * found out too.
 *
 * A checkpoint line (format version 1) is one JSON object:
 *   {"checkpoint":"baomi-checkpoint-v1","unit":"…","count":N,
 *    "last_hash":"<64 hex>","at":"YYYY-MM-DDTHH:MM:SSZ","alg":"sm2-sm3",
 *    "public_key":"<base64 DER SubjectPublicKeyInfo>",
 *    "signature":"<base64 DER SM2 signature>"}
 * The public key is on every line, so the file verifies on its own.
 *
 * Signed bytes (UTF-8, the length-prefixed fields of audit.h's table):
 *   "baomi-checkpoint-v1" LF, then len ":" value LF for unit, count
 *   (decimal), last_hash, at, alg, public_key, in that order.
 *
 * 校验码 (code): the first 80 bits of SM3(signature's DER bytes) in
 * RFC 4648 base32, 16 characters in four groups: "ABCD-EFGH-IJKL-MNOP".
 * It names one checkpoint; nobody without the key can make another
 * checkpoint carrying the same code.
 */
#ifndef BM_AUDIT_CHECKPOINT_H
#define BM_AUDIT_CHECKPOINT_H

#include <stdio.h>

#include "model/audit.h"
#include "util/timeutil.h"

#define BM_CHECKPOINT_TAG      "baomi-checkpoint-v1"
#define BM_CHECKPOINT_ALG      "sm2-sm3"
#define BM_CHECKPOINT_CODE_LEN 19 /* "ABCD-EFGH-IJKL-MNOP" */

/* One checkpoint, as signed and as read back. */
typedef struct bm_checkpoint {
	char unit[512];
	int64_t count; /* events the chain had, >= 1 */
	char last_hash[BM_AUDIT_HASH_HEX + 1];
	char at[BM_ISO_TIME_LEN];
	char public_key[256]; /* base64 */
	char signature[256];  /* base64 */
	char code[BM_CHECKPOINT_CODE_LEN + 1];
	long line; /* its line in the file it was read from; 0 when signed here */
} bm_checkpoint;

/* Checkpoints read from files, in file order; bm_checkpoint_set_release frees them. */
typedef struct bm_checkpoint_set {
	bm_checkpoint *items;
	size_t count;
	size_t cap;
} bm_checkpoint_set;

/* The unit's signing key (opaque). */
typedef struct bm_audit_key bm_audit_key;

/*
 * The default paths beside a database target ("PATH", "sqlite:PATH"):
 * PATH.sm2key and PATH.checkpoints, written into `key` and `checkpoints`
 * (each `size` bytes). Returns 0, BM_EINVALID when the target is not a file
 * (a URL: the paths must then be given), BM_ETOOLARGE when a path is too long.
 */
int bm_audit_anchor_paths(const char *db, char *key, char *checkpoints, size_t size);

/*
 * Makes a new SM2 key in a new file `path` (mode 0600; an existing file is
 * BM_ECONFLICT and left alone). `*out` (may be NULL) is the key, freed with
 * bm_audit_key_free.
 */
int bm_audit_key_create(const char *path, bm_audit_key **out);

/*
 * Reads the key at `path`. Returns 0, BM_ENOTFOUND when there is no file,
 * BM_EDENIED when others may read it (mode not 0600/0400), BM_ECORRUPT when
 * it is not an SM2 private key. `*out` is freed with bm_audit_key_free.
 */
int bm_audit_key_load(const char *path, bm_audit_key **out);
void bm_audit_key_free(bm_audit_key *k);

/*
 * SYS-3: may the unit's key be made at `key_path` now? Only while no
 * checkpoint exists: checkpoints in `checkpoints_path` (a file that is not
 * empty) were signed by a key that is now missing, and a new key's
 * checkpoints would follow them, signed by another key, so that `audit
 * verify` fails from then on. Returns 0 (the key exists, or none and no
 * checkpoint either), BM_ECONFLICT "audit_key_missing" naming both files
 * (restore the key from its backup), or an error reading the key.
 */
int bm_audit_key_may_create(const char *key_path, const char *checkpoints_path);

/* The key's public half as it appears on checkpoint lines (base64); borrowed. */
const char *bm_audit_key_public(const bm_audit_key *k);

/*
 * Signs the statement (unit, count, last_hash, at) with `k` into `*out`,
 * code included. count must be >= 1 and last_hash a hash.
 */
int bm_checkpoint_sign(const bm_audit_key *k, const char *unit, int64_t count,
                       const char *last_hash, int64_t at, bm_checkpoint *out);

/*
 * Appends `cp` as one line to the checkpoint file `path` (created, mode
 * 0644, when missing) and syncs it to disk before returning 0.
 */
int bm_checkpoint_append(const char *path, const bm_checkpoint *cp);

/*
 * Reads one checkpoint line (`len` bytes, no LF) and checks its signature
 * against the public key it carries. Returns 0 or BM_ECORRUPT (error set
 * under SYS-3, naming line `line_no`).
 */
int bm_checkpoint_parse(const char *text, size_t len, long line_no, bm_checkpoint *out);

/*
 * Appends every line of `in` to `set`, each parsed and its signature
 * checked (bm_checkpoint_parse; an empty line is an error too). `name`
 * labels errors. Returns 0, BM_ECORRUPT, BM_ENOMEM or a read error.
 */
int bm_checkpoint_read(FILE *in, const char *name, bm_checkpoint_set *set);

/*
 * bm_checkpoint_read on the file `path`; a missing file adds nothing and
 * sets `*found` (may be NULL) to false.
 */
int bm_checkpoint_read_file(const char *path, bm_checkpoint_set *set, bool *found);

/*
 * SYS-3: every checkpoint of `set` is signed by the key whose public half
 * is `public_key` (NULL: by the key of the first checkpoint). Returns 0 or
 * BM_ECORRUPT naming the first line signed by another key.
 */
int bm_checkpoint_set_same_key(const bm_checkpoint_set *set, const char *public_key);

/* The checkpoint of `set` whose code is `code` (case and '-' ignored), or NULL. */
const bm_checkpoint *bm_checkpoint_set_find_code(const bm_checkpoint_set *set, const char *code);

/*
 * SYS-3: the checkpoint of `set` with the 校验码 `code` from the paper
 * register into `*out` (borrowed from `set`); BM_ECORRUPT when none has it
 * (a checkpoint removed, or the file replaced).
 */
int bm_checkpoint_set_require_code(const bm_checkpoint_set *set, const char *code,
                                   const bm_checkpoint **out);

/* The newest checkpoint of `set` (the last line), or NULL. */
const bm_checkpoint *bm_checkpoint_set_last(const bm_checkpoint_set *set);

void bm_checkpoint_set_release(bm_checkpoint_set *set);

#endif
