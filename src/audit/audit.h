/*
 * audit.h — the append-only, hash-chained audit log (SYS-3).
 *
 * Every use case, refusal and login appends one event inside the same store
 * transaction as the change it records. The chain rule and the canonical
 * bytes are specified in the table below (see also docs/audit.md).
 *
 * Chain rule (format version 1)
 * -----------------------------
 *   hash(n) = lower-hex( H_alg( prev_hash(n) || canonical(n) ) )
 *   prev_hash(1) = "000…0" (64 ASCII '0'), prev_hash(n) = hash(n-1)
 * prev_hash and hash are 64 lower-case hex characters; H_alg takes the 64
 * ASCII bytes of prev_hash (not the 32 binary ones) followed by the
 * canonical bytes. seq starts at 1 and has no gaps. H_alg is the algorithm
 * the row names in `alg`; "sm3" (GB/T 32905) is the only one written and
 * the only one accepted today (OpenSSL EVP name "SM3").
 *
 * Canonical bytes of event n (UTF-8 throughout, no BOM, no trailing NUL)
 * ----------------------------------------------------------------------
 *   | #  | bytes                            | meaning                        |
 *   |----|----------------------------------|--------------------------------|
 *   | 0  | "baomi-audit-v1" LF              | format tag (15 bytes)          |
 *   | 1  | len ":" seq LF                   | seq in decimal, no sign/zeros  |
 *   | 2  | len ":" at LF                    | "YYYY-MM-DDTHH:MM:SSZ" (UTC)   |
 *   | 3  | len ":" actor LF                 | username, "-" when nobody      |
 *   | 4  | len ":" action LF                | "login", "carrier.register"…   |
 *   | 5  | len ":" object LF                | "carrier:12" or ""             |
 *   | 6  | len ":" outcome LF               | "ok", "refused", "failed"      |
 *   | 7  | len ":" rule LF                  | REGULATIONS.md ID or ""        |
 *   | 8  | len ":" detail LF                | JSON text exactly as stored    |
 *   | 9  | len ":" alg LF                   | "sm3"                          |
 * `len` is the field's length in bytes, in decimal ASCII without leading
 * zeros ("0" for an empty field); LF is 0x0A. The length prefix makes the
 * encoding unambiguous whatever the field holds (LF, ':', digits…).
 *
 * Example: seq 1, at 2026-01-01T00:00:00Z, actor "-", action "login",
 * object "", outcome "failed", rule "SYS-4", detail {} gives
 *   "baomi-audit-v1\n1:1\n20:2026-01-01T00:00:00Z\n1:-\n5:login\n0:\n"
 *   "6:failed\n5:SYS-4\n2:{}\n3:sm3\n"
 *
 * Why this detects tampering: an altered field changes canonical(n), so
 * hash(n) no longer matches; a deleted or inserted event leaves a gap, a
 * duplicate or a broken prev_hash link; a reordering puts an event under a
 * seq its hash was not computed with. What it cannot show alone: events cut
 * off the end, or a whole chain recomputed by someone with write access —
 * signed checkpoints kept outside the database (audit/checkpoint.h) catch
 * those: bm_audit_verify_anchored checks the chain against each.
 *
 * Event times never go backwards along the chain: bm_audit_append dates an
 * event no earlier than its predecessor, and verify reports an event dated
 * before the one it follows (back-dating).
 *
 * Text is stored as valid UTF-8: bm_audit_append replaces any malformed
 * byte with U+FFFD before hashing, so every event can be exported as JSON.
 * The export format (JSON lines) is described in docs/audit.md.
 */
#ifndef BM_AUDIT_H
#define BM_AUDIT_H

#include <stdio.h>

#include "store/store.h"
#include "util/buf.h"

/* BM_AUDIT_ALG, BM_AUDIT_HASH_HEX and bm_audit_verify_result: model/audit.h. */

/*
 * One event to append. Every string may be NULL: actor is then stored as
 * "-", detail as "{}", the others as "". Strings are borrowed for the call.
 */
typedef struct bm_audit_event {
	int64_t at;          /* instant (seconds since epoch, UTC) */
	const char *actor;   /* username, or "-" when nobody is logged in */
	const char *action;  /* "carrier.register", "login", … */
	const char *object;  /* "carrier:12", "person:3", "" */
	const char *outcome; /* "ok", "refused", "failed" */
	const char *rule;    /* REGULATIONS.md ID of the rule that refused, or "" */
	const char *detail;  /* compact JSON object with the use case's facts */
} bm_audit_event;

/*
 * Appends `ev` to the chain. Must be called inside a store transaction
 * (bm_store begin/commit); the event lands or vanishes with it.
 * On success `*seq_out` (may be NULL) holds the new event's sequence number.
 * Returns 0, BM_ECORRUPT when the last stored hash is not a hash (the chain
 * cannot be extended), BM_ENOMEM, or the store's error.
 *
 * Issue 9 point 3 / issue 17 point 5 (SYS-3): the detail gets the digests
 * of the bound rows the use case wrote (store.h, bound_take): per table,
 * "bound_rows": [[table, id, digest or "-"], …] for up to BM_BOUND_SET_MIN
 * rows, or, above it, one "bound_sets": [[table, count, first id, last id,
 * set digest]] entry whose rows' digests go to the store in chunks
 * (bound_set_put) as they stream past. The set digest is SM3 over
 * "baomi-set-v1" LF len:table LF, then per row in id order len:id LF
 * len:digest LF (docs/audit.md § 4b).
 */
int bm_audit_append(bm_store *s, const bm_audit_event *ev, int64_t *seq_out);

/*
 * Walks the whole chain in seq order. Returns 0 when intact, BM_ECORRUPT
 * (with `out->first_bad_seq`, `out->reason` and an error "audit_chain_broken"
 * under rule SYS-3 naming it) when any row was altered, deleted, inserted or
 * reordered, another code on I/O failure. For a missing event
 * first_bad_seq is the seq that is missing. `out` may be NULL. Read-only.
 */
int bm_audit_verify(bm_store *s, bm_audit_verify_result *out);

struct bm_checkpoint_set;

/*
 * bm_audit_verify, and also against every signed checkpoint of `cps` (may
 * be NULL), whose signatures the caller has checked (bm_checkpoint_read):
 * the hash of event N must be the hash a checkpoint counting N events names,
 * and the chain must have as many events as every checkpoint counts. A
 * mismatch is BM_ECORRUPT at event N; a chain shorter than a checkpoint is
 * BM_ECORRUPT at the first event it lacks. An empty chain is never intact
 * (first_bad_seq 1). out->checkpoints counts the checkpoints met and
 * out->anchored is the last event one of them confirmed.
 */
int bm_audit_verify_anchored(bm_store *s, const struct bm_checkpoint_set *cps,
                             bm_audit_verify_result *out);

/*
 * SYS-3, a backup (issue 9, point 8): bm_audit_verify_anchored against the
 * backup's own checkpoints `cps`, which must not be empty
 * ("backup_not_anchored"), and whose last one (in file order: the
 * checkpoint signed for the backup) must count exactly the chain's events
 * ("backup_chain_mismatch": an event added after the backup was taken).
 * Returns 0 or BM_ECORRUPT (error set).
 */
int bm_audit_verify_backup(bm_store *s, const struct bm_checkpoint_set *cps,
                           bm_audit_verify_result *out);

/*
 * A chain read from elsewhere than a store (a PostgreSQL backup's archive,
 * issue 12): gives `cb` every event in seq order, borrowed for the call; a
 * non-zero return from `cb` stops and is returned.
 */
typedef int (*bm_audit_rows_fn)(void *src, bm_audit_row_cb cb, void *ctx);

/* bm_audit_verify_backup over the rows `rows` gives (`src` is its own). */
int bm_audit_verify_backup_rows(bm_audit_rows_fn rows, void *src,
                                const struct bm_checkpoint_set *cps, bm_audit_verify_result *out);

/*
 * Writes every stored event, as stored, as JSON lines (one object a line,
 * keys seq, at, actor, action, object, outcome, rule, detail, alg,
 * prev_hash, hash; see docs/audit.md). It does not verify: a broken chain is
 * exported as it is. Returns 0, BM_ECORRUPT when a row cannot be written as
 * JSON (missing field or invalid UTF-8), BM_ERROR on a write failure.
 */
int bm_audit_export(bm_store *s, FILE *out);

/*
 * A piece of the same export, for a reader that streams it: appends to `out`
 * the lines of the events whose seq is over `*after` and at most `last`, at
 * most `limit` of them (<= 0: all), in seq order, byte for byte as
 * bm_audit_export writes them; then sets `*after` to the last seq written,
 * or to `last` when no event up to `last` remains. Events up to the chain's
 * last seq never change, so pieces read in separate transactions make one
 * consistent export. Errors as bm_audit_export (BM_ETOOLARGE: `out` is full).
 */
int bm_audit_export_range(bm_store *s, int64_t *after, int64_t last, int64_t limit, bm_buf *out);

/*
 * Verifies an exported file without the database; same result contract as
 * bm_audit_verify. A line that is not exactly one event object is reported
 * as BM_ECORRUPT at the seq expected there. Lines longer than 16 MiB fail
 * with BM_ETOOLARGE. `out` may be NULL.
 */
int bm_audit_verify_export(FILE *in, bm_audit_verify_result *out);

/*
 * A running digest (BM_AUDIT_ALG, SM3) of any bytes, for an audit event
 * that stands for many rows (a count's result lines, INV-3): the event
 * keeps the digest, the rows stay in their table. bm_audit_digest_final
 * writes BM_AUDIT_HASH_HEX lower-case hex digits and a NUL and frees `d`;
 * bm_audit_digest_free frees one not finished (NULL is a no-op). new gives
 * NULL with the error set.
 */
typedef struct bm_audit_digest bm_audit_digest;
bm_audit_digest *bm_audit_digest_new(void);
int bm_audit_digest_update(bm_audit_digest *d, const void *p, size_t n);
int bm_audit_digest_final(bm_audit_digest *d, char hex_out[BM_AUDIT_HASH_HEX + 1]);
void bm_audit_digest_free(bm_audit_digest *d);

/*
 * Issue 9 point 3 (SYS-3): the digest an event's "bound_rows" records for
 * a row whose canonical bytes (store.h, bound_take) are `bytes`: BM_AUDIT_ALG
 * (SM3) as BM_AUDIT_HASH_HEX lower-case hex digits and a NUL.
 */
int bm_audit_row_digest(const unsigned char *bytes, size_t n, char hex_out[BM_AUDIT_HASH_HEX + 1]);

/*
 * Sets and returns the error of a `baomi check` that failed (SYS-3):
 * BM_ECORRUPT, "check_failed", naming which of its parts failed.
 */
int bm_audit_check_failed(bool integrity_ok, bool chain_ok, size_t findings);

/*
 * bm_audit_verify_export against the checkpoints `cps` (may be NULL), as
 * bm_audit_verify_anchored: an export later and longer than a checkpoint
 * passes when it extends it (event N carries the checkpoint's hash); an
 * export shorter than a checkpoint does not. An empty export is not intact.
 */
int bm_audit_verify_export_anchored(FILE *in, const struct bm_checkpoint_set *cps,
                                    bm_audit_verify_result *out);

#endif
