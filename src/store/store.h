/*
 * store.h — the one interface to persistent data.
 *
 * Nothing above the store sees SQL or an engine's types. Each back end
 * (sqlite.c today; a PostgreSQL one later) provides a `struct bm_store_ops`
 * table; callers go through the bm_store_* wrappers below.
 *
 * Ownership: records read from the store are allocated in the caller's
 * arena and live as long as it. Records passed in are borrowed for the call.
 * Identifiers are int64 > 0. Text is UTF-8. Dates are "YYYY-MM-DD",
 * instants "YYYY-MM-DDTHH:MM:SSZ" (util/timeutil.h), NULL when unset.
 *
 * Transactions: every use case runs inside bm_store_begin()/commit(); a
 * failure calls rollback() and nothing it wrote remains. begin() takes the
 * write lock at once, so two writers never interleave (the audit chain
 * relies on it). begin_read() opens a read-only snapshot instead: it takes
 * no write lock, never waits for a writer and is never waited for; a write
 * inside it fails. End it with commit() (or rollback(), the same for it).
 *
 * Errors: BM_ENOTFOUND when a row does not exist, BM_ECONFLICT when a
 * uniqueness rule is broken (duplicate username, serial copy number…),
 * BM_ERROR for engine failures (detail in bm_error_last()). The store
 * reports facts and constraints only — a stable machine code and a plain
 * message, never a rule ID: a refusal under REGULATIONS.md is decided by a
 * pure function of src/policy before the store is asked.
 */
#ifndef BM_STORE_H
#define BM_STORE_H

#include "common.h"
#include "model/vocab.h"
#include "util/arena.h"

typedef struct bm_store bm_store;

/*
 * The records of each domain (model/org.h, model/carrier.h, …), read and
 * written through the table below.
 */
#include "model/data.h"

/*
 * The table every back end fills. abi_version, engine and close stay the
 * first three fields in every version, so that bm_store_open_with() can read
 * a mismatching table's version and engine and close it safely.
 */
/* A POST's Idempotency-Key and its answer (issue 9); strings borrowed or arena. */
typedef struct bm_idem_row {
	int64_t person_id;
	const char *key;
	const char *method;
	const char *path;
	const char *body_digest; /* hex BLAKE2b-256 of the request body */
	const char *object;      /* the audit object of the use case that claimed it */
	int status;              /* 0 until the answer is known */
	const char *answer;      /* the JSON body answered; NULL until known */
	const char *created_at;
} bm_idem_row;

/* What backup() copied: the snapshot's audit tail and the copy's size. */
typedef struct bm_store_backup_info {
	int64_t audit_count; /* events in the snapshot's chain (its last seq) */
	char last_hash[65];  /* the last event's hash, "" when none */
	char last_at[21];    /* the last event's time, "" when none */
	int64_t pages;       /* pages copied */
	int64_t page_size;   /* bytes per page */
	int steps;           /* backup steps the copy took */
} bm_store_backup_info;

/*
 * Issue 12 point 4 (`baomi migrate`, service/migrate.c): one column value of
 * a row copied between engines, typed by its storage class as the row's
 * canonical bytes are ("baomi-row-v1"): 0 NULL, 'i' integer, 'r' real, 't'
 * text, 'b' blob (p, n: borrowed for the call).
 */
typedef struct bm_copy_value {
	char type;
	int64_t i;
	double r;
	const char *p;
	size_t n;
} bm_copy_value;
/* One row of `table`: ncol columns named names[k] with values vals[k]; borrowed. */
typedef int (*bm_copy_row_cb)(void *ctx, const char *table, size_t ncol, const char *const *names,
                              const bm_copy_value *vals);

struct bm_store_ops {
	int abi_version; /* BM_STORE_ABI the back end was built against */
	const char *engine;
	void (*close)(bm_store *s);

	int (*begin)(bm_store *s);
	int (*commit)(bm_store *s);
	int (*rollback)(bm_store *s);
	int (*begin_read)(bm_store *s);
	/*
	 * The two halves of commit(), for the commit pipeline (pipeline.h):
	 * commit_unsynced() ends the write transaction so that it is committed,
	 * ordered after every earlier commit and visible to later snapshots, but
	 * not yet necessarily on disk; sync() returns once every transaction
	 * committed on this store so far is on disk. sync() may run on another
	 * thread while the next transaction is being written. A back end whose
	 * commits are always synced sets both to NULL and the pipeline calls
	 * commit(). If sync() fails, what the unsynced commits wrote is in doubt.
	 */
	int (*commit_unsynced)(bm_store *s);
	int (*sync)(bm_store *s);
	/*
	 * A use case's savepoint inside the open write transaction (the commit
	 * pipeline, pipeline.h): savepoint() opens it, release() keeps its work
	 * in the transaction and closes it, rollback_to() undoes its work and
	 * leaves it open. One level only. rollback_to() fails when the engine
	 * has rolled the whole transaction back.
	 */
	int (*savepoint)(bm_store *s);
	int (*release)(bm_store *s);
	int (*rollback_to)(bm_store *s);
	int (*schema_version)(bm_store *s, int *out);

	int (*unit_insert)(bm_store *s, bm_unit *u);
	int (*unit_get)(bm_store *s, bm_arena *a, int64_t id, bm_unit **out);
	int (*unit_first)(bm_store *s, bm_arena *a, bm_unit **out);

	int (*department_insert)(bm_store *s, bm_department *d);
	int (*department_get)(bm_store *s, bm_arena *a, int64_t id, bm_department **out);
	int (*department_find)(bm_store *s, bm_arena *a, int64_t unit_id, const char *name,
	                       bm_department **out);
	int (*department_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_department **out,
	                       size_t *count);
	/* department_list without the counts (people, carriers held: zero), for a rule that
	 * reads ids and names only: the counts read every carrier (issue 17 point 5). */
	int (*department_names)(bm_store *s, bm_arena *a, int64_t unit_id, bm_department **out,
	                        size_t *count);
	/* Issue 14 point 14: writes name, code and retired_on. */
	int (*department_update)(bm_store *s, const bm_department *d);

	int (*person_insert)(bm_store *s, bm_person *p);
	int (*person_update)(bm_store *s, const bm_person *p);
	int (*person_get)(bm_store *s, bm_arena *a, int64_t id, bm_person **out);
	int (*person_find)(bm_store *s, bm_arena *a, const char *username_or_name, bm_person **out);
	int (*person_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_person **out,
	                   size_t *count);
	int (*role_grant)(bm_store *s, int64_t person_id, bm_role role, int64_t department_id);
	int (*role_revoke)(bm_store *s, int64_t person_id, bm_role role, int64_t department_id);

	int (*place_insert)(bm_store *s, bm_place *p);
	int (*place_get)(bm_store *s, bm_arena *a, int64_t id, bm_place **out);
	int (*place_find)(bm_store *s, bm_arena *a, int64_t unit_id, const char *name,
	                  bm_place **out);
	int (*place_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_place **out, size_t *count);
	/* Issue 14 point 14: writes name and retired_on. */
	int (*place_update)(bm_store *s, const bm_place *p);
	/*
	 * Issue 14 point 14: keeps a former name of a department or place
	 * (`kind` "department" or "place") given up on `on` by `by`.
	 */
	int (*org_rename_insert)(bm_store *s, int64_t unit_id, const char *kind, int64_t id,
	                         const char *old_name, const char *new_name, const char *on,
	                         int64_t by);
	/* What department or place `id` (`kind` as above) still holds. */
	int (*org_holdings)(bm_store *s, const char *kind, int64_t id, bm_org_holdings *out);

	int (*carrier_insert)(bm_store *s, bm_carrier *c);
	int (*carrier_update)(bm_store *s, const bm_carrier *c);
	/*
	 * LEVEL-7/8: records c's original marking (zh, en), marking_changed_on
	 * and declassified beside the carrier (one row per decided carrier,
	 * replaced on each decision; carrier_update does not write them).
	 */
	int (*carrier_marking_set)(bm_store *s, const bm_carrier *c);
	int (*carrier_get)(bm_store *s, bm_arena *a, int64_t id, bm_carrier **out);
	int (*carrier_list)(bm_store *s, bm_arena *a, const bm_carrier_filter *f,
	                    bm_carrier_page *out);
	/* The counts by level and status of what carrier_list would match (paging ignored). */
	int (*carrier_stats)(bm_store *s, bm_arena *a, const bm_carrier_filter *f,
	                     bm_carrier_stats *out);
	int (*carrier_serial_taken)(bm_store *s, int64_t unit_id, const char *doc_number,
	                            int serial_number, bool *out);
	int (*carrier_event_insert)(bm_store *s, bm_carrier_event *e);
	int (*carrier_event_list)(bm_store *s, bm_arena *a, int64_t carrier_id,
	                          bm_carrier_event **out, size_t *count);

	/*
	 * The last event's seq (0 when none), hash and time ("" when none);
	 * `at_out` may be NULL. bm_audit_append keeps event times from going
	 * backwards with it (SYS-3).
	 */
	int (*audit_tail)(bm_store *s, int64_t *seq_out, char *hash_out, size_t hash_size,
	                  char *at_out, size_t at_size);
	int (*audit_insert)(bm_store *s, const bm_audit_row *row);
	int (*audit_foreach)(bm_store *s, bm_audit_row_cb cb, void *ctx);
	/*
	 * The audit list (sqlite_audit.c), every filter on an index. audit_count
	 * counts the events `f` keeps. audit_page gives `cb` (rows borrowed for
	 * the call; a non-zero return stops and is returned) the events `f`
	 * keeps, in seq order, newest first when `newest_first`, skipping
	 * `offset` of them, at most `limit` (<= 0: all); `total` is
	 * audit_count's answer for `f` in the same transaction, or -1. audit_get
	 * reads the event stored under `seq` into `a` (BM_ENOTFOUND: none).
	 */
	int (*audit_count)(bm_store *s, const bm_audit_filter *f, int64_t *out);
	int (*audit_page)(bm_store *s, const bm_audit_filter *f, bool newest_first, int64_t offset,
	                  int64_t limit, int64_t total, bm_audit_row_cb cb, void *ctx);
	int (*audit_get)(bm_store *s, bm_arena *a, int64_t seq, bm_audit_row **out);
	/*
	 * The export's read (sqlite_audit.c): gives `cb` the events whose seq is
	 * over `after` and at most `last`, in seq order, at most `limit`, on the
	 * primary key alone; a non-zero return from `cb` stops and is returned.
	 */
	int (*audit_range)(bm_store *s, int64_t after, int64_t last, int64_t limit,
	                   bm_audit_row_cb cb, void *ctx);
	/*
	 * The audit list's export (sqlite_audit.c): gives `cb` up to `limit`
	 * events `f` keeps whose seq is in (after, last], in seq order.
	 * audit_actions gives `cb` each distinct action the chain holds, from
	 * the tally (migration 12), not from the chain.
	 */
	int (*audit_scan)(bm_store *s, const bm_audit_filter *f, int64_t after, int64_t last,
	                  int64_t limit, bm_audit_row_cb cb, void *ctx);
	int (*audit_actions)(bm_store *s, int (*cb)(const char *action, void *cls), void *cls);
	/*
	 * Issue 9 point 3 (SYS-3): the ledger bound to the chain (sqlite_bind.c).
	 * bound_take gives `cb` each row of a bound table (model/audit.h) written
	 * through this connection since the use case's savepoint or the last
	 * bound_take, once, ordered by table and id, read as it stands in the
	 * open transaction, and forgets them (bm_audit_append calls it). Writes
	 * undone (rollback_to, rollback) are forgotten too. bound_scan gives `cb`
	 * every row of the bound table `table`, in id order. The canonical bytes
	 * of a row (format "baomi-row-v1"):
	 *   "baomi-row-v1" LF, len ":" table LF, len ":" id LF, then for each
	 *   column in the table's order whose value is not NULL:
	 *   len ":" name LF, type, len ":" value LF
	 * where type is 'i' (integer, decimal), 'r' (real, %.17g), 't' (text)
	 * or 'b' (blob, raw bytes), and len is the byte length in decimal, as
	 * in the audit event's canonical bytes. A column added with NULL values
	 * leaves every digest as it was. bound_floor gives the largest id of
	 * `table` and the last event's seq when binding began (migration 19): 0
	 * and 0 on a unit created with it.
	 */
	int (*bound_take)(bm_store *s, bm_bound_row_cb cb, void *ctx);
	int (*bound_scan)(bm_store *s, const char *table, bm_bound_row_cb cb, void *ctx);
	int (*bound_floor)(bm_store *s, const char *table, int64_t *max_id, int64_t *seq);
	/*
	 * Issue 17 point 5: the digests of a bound set (audit/audit.h,
	 * "bound_sets"). bound_set_put stores one chunk of the set of `table`
	 * that the event `seq` (the one being appended, in the open
	 * transaction) binds: chunk number `chunk` from 0, `n` (at most
	 * BM_BOUND_CHUNK) ids in ascending order and their digests, n *
	 * BM_BOUND_DIGEST bytes (all zero: the row was deleted). bound_set_scan
	 * gives `cb` every stored chunk, ordered by seq, table and chunk.
	 */
	int (*bound_set_put)(bm_store *s, int64_t seq, const char *table, int64_t chunk,
	                     const int64_t *ids, const unsigned char *digests, size_t n);
	int (*bound_set_scan)(bm_store *s, bm_bound_chunk_cb cb, void *ctx);
	/*
	 * SQLite's full integrity check (PRAGMA integrity_check): "ok", or its
	 * first findings, joined by "; ", written into `out` (truncated to `size`);
	 * a page that stops the check (SQLITE_CORRUPT*, NOTADB) is a finding, its
	 * message after the others. An error that kept the check from seeing the
	 * file (I/O, out of memory, busy) is returned as that error.
	 */
	int (*integrity)(bm_store *s, char *out, size_t size);

	int (*policy_current)(bm_store *s, bm_arena *a, bm_policy_version **out);
	int (*policy_insert)(bm_store *s, const bm_policy_version *v);
	int (*policy_list)(bm_store *s, bm_arena *a, bm_policy_version **out, size_t *count);

	/*
	 * SYS-4: sessions, login failures and password history (sqlite_session.c).
	 * session_find answers BM_ENOTFOUND for an unknown hash (ended sessions
	 * are found, with ended_at set). session_touch moves an open session's
	 * last activity forward to `last_seen_at`, never back; called outside a
	 * transaction it is a transaction of its own that need not wait for the
	 * disk (a refresh lost to a crash makes the session look older, never
	 * younger). session_end_person ends every open
	 * session of a person except `except_id` (0 = none). session_open_list
	 * returns a person's sessions not yet ended, oldest first (created_at,
	 * then id), as an arena array (token_hash not filled). login_failure_list
	 * returns the instants of a username's failures at or after `since`,
	 * oldest first, as arena strings; login_failure_purge forgets those
	 * before `before`. password_history keeps the hashes a person's passwords
	 * had before they were replaced; password_history_list returns the newest
	 * `limit` of them, newest first. password_set_at answers when the current
	 * password was set (SYS-4 password age): the newest history row's time,
	 * else the person's creation; BM_ENOTFOUND for an unknown person.
	 */
	int (*session_insert)(bm_store *s, bm_session *sess);
	int (*session_find)(bm_store *s, bm_arena *a, const char *token_hash, bm_session **out);
	int (*session_touch)(bm_store *s, int64_t id, const char *last_seen_at);
	int (*session_end)(bm_store *s, int64_t id, const char *ended_at, const char *reason);
	int (*session_end_person)(bm_store *s, int64_t person_id, int64_t except_id,
	                          const char *ended_at, const char *reason);
	int (*session_open_list)(bm_store *s, bm_arena *a, int64_t person_id, bm_session **out,
	                         size_t *count);
	/*
	 * Issue 9: POSTs with an Idempotency-Key (sqlite_session.c). idempotency_find
	 * answers BM_ENOTFOUND for a key `person_id` has not used. idempotency_claim
	 * inserts `r` (status 0, no answer yet) inside the use case's savepoint,
	 * BM_ECONFLICT ("idempotency_key_in_use") when the key is already there,
	 * and forgets rows created before `purge_before`. idempotency_answer keeps
	 * the answer of the row with r's person, key and body digest, inserting
	 * the row when the request ran no writing use case.
	 */
	int (*idempotency_find)(bm_store *s, bm_arena *a, int64_t person_id, const char *key,
	                        bm_idem_row **out);
	int (*idempotency_claim)(bm_store *s, const bm_idem_row *r, const char *purge_before);
	int (*idempotency_answer)(bm_store *s, const bm_idem_row *r);
	int (*login_failure_insert)(bm_store *s, const char *username, const char *at);
	int (*login_failure_list)(bm_store *s, bm_arena *a, const char *username, const char *since,
	                          const char ***out, size_t *count);
	int (*login_failure_clear)(bm_store *s, const char *username);
	int (*login_failure_purge)(bm_store *s, const char *before);
	/*
	 * SYS-1 (issue 9): two-administrator account filings. filing_insert
	 * sets f->id; filing_decide writes status, decided_by, decided_at and
	 * reason of a pending filing (BM_ECONFLICT when it is no longer
	 * pending); filing_list gives the unit's filings filed at or after
	 * `since` (all when NULL), newest first, at most `limit`, with names;
	 * filing_pending gives a person's pending filing (BM_ENOTFOUND when
	 * none); filing_last_approved the person's latest approved one.
	 */
	int (*filing_insert)(bm_store *s, bm_account_filing *f);
	int (*filing_get)(bm_store *s, bm_arena *a, int64_t id, bm_account_filing **out);
	int (*filing_decide)(bm_store *s, const bm_account_filing *f);
	int (*filing_list)(bm_store *s, bm_arena *a, int64_t unit_id, const char *since, int limit,
	                   bm_account_filing **out, size_t *count);
	int (*filing_pending)(bm_store *s, bm_arena *a, int64_t person_id, bm_account_filing **out);
	int (*filing_last_approved)(bm_store *s, bm_arena *a, int64_t person_id,
	                            bm_account_filing **out);
	/*
	 * SYS-1 (issue 9): the audit administrator's alerts. admin_alert_insert
	 * sets a->id; admin_alert_open gives the unit's unacknowledged alerts
	 * and its pending filings expired at `now` not yet acknowledged (id 0),
	 * oldest first; admin_alert_ack acknowledges alert `id` (BM_ENOTFOUND
	 * when not the unit's open one); admin_alert_ack_expired writes the
	 * acknowledgement of the expiry of filing `filing_id` (BM_ENOTFOUND when
	 * it is not a pending filing of the unit expired at `now`, or is
	 * acknowledged already).
	 */
	int (*admin_alert_insert)(bm_store *s, bm_admin_alert *a);
	int (*admin_alert_open)(bm_store *s, bm_arena *a, int64_t unit_id, const char *now,
	                        bm_admin_alert **out, size_t *count);
	int (*admin_alert_ack)(bm_store *s, int64_t unit_id, int64_t id, int64_t by,
	                       const char *at);
	int (*admin_alert_ack_expired)(bm_store *s, int64_t unit_id, int64_t filing_id,
	                               const char *now, int64_t by);
	/*
	 * SYS-4 (issue 9): a person's last successful and failed logins.
	 * login_seen_get fills `out` (fields NULL when never); login_seen_note
	 * sets the non-NULL of `ok_at`, `failed_at`.
	 */
	int (*login_seen_get)(bm_store *s, bm_arena *a, int64_t person_id, bm_login_seen *out);
	int (*login_seen_note)(bm_store *s, int64_t person_id, const char *ok_at,
	                       const char *failed_at);
	int (*password_history_insert)(bm_store *s, int64_t person_id, const char *password_hash,
	                               const char *at);
	int (*password_history_list)(bm_store *s, bm_arena *a, int64_t person_id, int limit,
	                             const char ***out, size_t *count);
	int (*password_set_at)(bm_store *s, bm_arena *a, int64_t person_id, const char **out);

	/*
	 * Issue 3, requests, approvals, loans (sqlite_workflow.c). request_insert
	 * writes the row and its items and sets r->id; request_update writes
	 * status, step, params, decided_at, executed_at, updated_at. loan_open
	 * lists loans not yet returned (all holders when holder_id is 0).
	 */
	int (*request_insert)(bm_store *s, bm_request_row *r);
	int (*request_update)(bm_store *s, const bm_request_row *r);
	int (*request_get)(bm_store *s, bm_arena *a, int64_t id, bm_request_row **out);
	int (*request_list)(bm_store *s, bm_arena *a, const bm_request_filter *f,
	                    bm_request_row **out, size_t *count, int64_t *total);
	int (*approval_insert)(bm_store *s, bm_approval_row *ap);
	int (*approval_list)(bm_store *s, bm_arena *a, int64_t request_id, bm_approval_row **out,
	                     size_t *count);
	int (*loan_insert)(bm_store *s, bm_loan_row *l);
	int (*loan_update)(bm_store *s, const bm_loan_row *l);
	int (*loan_get)(bm_store *s, bm_arena *a, int64_t id, bm_loan_row **out);
	int (*loan_current)(bm_store *s, bm_arena *a, int64_t carrier_id, bm_loan_row **out);
	int (*loan_open)(bm_store *s, bm_arena *a, int64_t holder_id, bm_loan_row **out,
	                 size_t *count);
	int (*loan_list)(bm_store *s, bm_arena *a, int64_t carrier_id, bm_loan_row **out,
	                 size_t *count);

	/* Issue 3, records: destruction, level changes, hand-overs (sqlite_records.c). */
	/*
	 * destruction_insert writes the batch with its witnesses and sets d->id;
	 * destruction_for_carrier finds the batch that destroyed a carrier
	 * (BM_ENOTFOUND when none). handover_insert writes the list and sets h->id;
	 * handover_list gives the lists a person signed on either side (0: all),
	 * each with its items as handed over, its devices and its 登记序号;
	 * handover_get one of them (BM_ENOTFOUND when none). handover_finish
	 * (migration 47) writes the devices of list h (h->devices) and numbers
	 * the list in its book or books (REG-4), once its items are written.
	 * departure_last is the person's latest departure (BM_ENOTFOUND when none).
	 * carrier_linked lists carrier ids by link, in id order. carrier_max_serial
	 * is the highest serial copy number of a document (0 when none).
	 */
	int (*destruction_insert)(bm_store *s, bm_destruction_row *d);
	int (*destruction_get)(bm_store *s, bm_arena *a, int64_t id, bm_destruction_row **out);
	int (*destruction_for_carrier)(bm_store *s, bm_arena *a, int64_t carrier_id,
	                               bm_destruction_row **out);
	int (*destruction_list)(bm_store *s, bm_arena *a, bm_destruction_row **out, size_t *count);
	int (*level_change_insert)(bm_store *s, bm_level_change_row *r);
	int (*level_change_list)(bm_store *s, bm_arena *a, int64_t carrier_id,
	                         bm_level_change_row **out, size_t *count);
	int (*handover_insert)(bm_store *s, bm_handover_row *h);
	int (*handover_list)(bm_store *s, bm_arena *a, int64_t person_id, bm_handover_row **out,
	                     size_t *count);
	int (*handover_get)(bm_store *s, bm_arena *a, int64_t id, bm_handover_row **out);
	int (*handover_finish)(bm_store *s, const bm_handover_row *h);
	int (*departure_insert)(bm_store *s, bm_departure_row *d);
	int (*departure_last)(bm_store *s, bm_arena *a, int64_t person_id, bm_departure_row **out);
	int (*carrier_linked)(bm_store *s, bm_arena *a, bm_carrier_link link, int64_t id,
	                      int64_t **ids, size_t *count);
	int (*carrier_max_serial)(bm_store *s, int64_t unit_id, const char *doc_number, int *out);

	/* Issue 3, ledgers: dispatches, counts, incidents (sqlite_ledger.c). */
	/*
	 * dispatch_insert writes the row and its items and sets d->id;
	 * dispatch_sign signs one item (BM_ENOTFOUND: not on the dispatch,
	 * BM_ECONFLICT: signed already); dispatch_for_carrier gives the open
	 * dispatch holding a carrier (0 = none). incident_update writes detail, findings, status,
	 * closed_at. ledger_carrier_ids selects carrier ids (every viewer filter is the caller's);
	 * ledger_loans lists loans of `kind` (NULL = any), open ones only with `open_only`, oldest
	 * first; ledger_requests lists requests of a status (NULL = any) with their carrier ids.
	 * Lists are oldest first.
	 */
	int (*dispatch_insert)(bm_store *s, bm_dispatch_row *d);
	int (*dispatch_get)(bm_store *s, bm_arena *a, int64_t id, bm_dispatch_row **out);
	int (*dispatch_list)(bm_store *s, bm_arena *a, bool open_only, bm_dispatch_row **out,
	                     size_t *count);
	int (*dispatch_sign)(bm_store *s, int64_t dispatch_id, int64_t carrier_id,
	                     const char *signed_at, const char *signed_by);
	int (*dispatch_set_status)(bm_store *s, int64_t id, const char *status);
	int (*dispatch_for_carrier)(bm_store *s, int64_t carrier_id, int64_t *dispatch_id);
	int (*count_insert)(bm_store *s, bm_count_session_row *c);
	int (*count_get)(bm_store *s, bm_arena *a, int64_t id, bm_count_session_row **out);
	int (*count_list)(bm_store *s, bm_arena *a, bm_count_session_row **out, size_t *count);
	int (*count_close)(bm_store *s, int64_t id, const char *closed_at, const char *result);
	/*
	 * count_tick records one tick; a carrier ticked before in the session
	 * keeps its first tick's time (issue 14 point 6: a repeated scan counts
	 * nothing twice); a plain rescan only adds `incomplete`, one with a
	 * note replaces the state and the note; `*prev`
	 * (may be NULL) gets that first tick (NULL: a new one).
	 */
	int (*count_tick)(bm_store *s, bm_arena *a, const bm_count_item_row *it,
	                  bm_count_item_row **prev);
	int (*count_items)(bm_store *s, bm_arena *a, int64_t session_id, bm_count_item_row **out,
	                   size_t *count);
	int (*incident_insert)(bm_store *s, bm_incident_row *i);
	int (*incident_update)(bm_store *s, const bm_incident_row *i);
	int (*incident_get)(bm_store *s, bm_arena *a, int64_t id, bm_incident_row **out);
	int (*incident_list)(bm_store *s, bm_arena *a, const char *status, int64_t carrier_id,
	                     bm_incident_row **out, size_t *count);
	int (*ledger_carrier_ids)(bm_store *s, bm_arena *a, const bm_ledger_query *q, int64_t **out,
	                          size_t *count);
	int (*ledger_loans)(bm_store *s, bm_arena *a, const char *kind, bool open_only,
	                    bm_loan_row **out, size_t *count);
	int (*ledger_requests)(bm_store *s, bm_arena *a, const char *status, bm_request_row **out,
	                       size_t *count);
	/*
	 * REG-1, REG-4 (issue 14 point 11): the entries of the register
	 * `reg` (a code of bm_register_names) in the book `cls` ("classified"
	 * or "ordinary"), ordered by ref_id then carrier_id; the schema numbers
	 * them as they are made (migration 41).
	 */
	int (*register_entries)(bm_store *s, bm_arena *a, const char *reg, const char *cls,
	                        bm_register_entry_row **out, size_t *count);

	/*
	 * Issue 17, candidates read by indexed bounds for the alerts; the
	 * caller's rules decide each one. carrier_alerts counts into *total (when
	 * not NULL) the
	 * live carriers `v` may see (SYS-2, as carrier_list) inside the range
	 * `r` (an index range each), and when limit > 0 lists `limit` of them
	 * from `offset` in the range's order (LEVEL-6 and KEEP-6: the earliest
	 * day first; REG-2: the latest registration relative to arrival
	 * first; INV-4: by id; ties by id), without their scope (n_scope 0);
	 * carrier_levels_present sets out[level] when `v` sees a live carrier of
	 * that level; loans_open_due lists the open loans: borrow and take_out
	 * ones due before the instant `due_before`, every other kind, oldest
	 * issue first; count_last_closed gives the newest closed_at of a closed
	 * count of `scope_kind` (NULL: none).
	 */
	int (*carrier_alerts)(bm_store *s, bm_arena *a, const bm_viewer *v, const bm_alert_range *r,
	                      int64_t offset, int64_t limit, int64_t *total, bm_carrier **out,
	                      size_t *count);
	int (*carrier_levels_present)(bm_store *s, bm_arena *a, const bm_viewer *v,
	                              bool out[BM_LEVEL_COUNT]);
	int (*loans_open_due)(bm_store *s, bm_arena *a, const char *due_before, bm_loan_row **out,
	                      size_t *count);
	int (*count_last_closed)(bm_store *s, bm_arena *a, const char *scope_kind,
	                         const char **out);

	/*
	 * INV-3, a count compared with the ledger in SQL (issue 17).
	 * count_expected lists, by id, the live carriers of the session's scope
	 * that `v` may see (SYS-2) with the session's tick and whereabouts: the
	 * lines of `sl->list` (found, missing, out or incomplete) after
	 * `sl->after`, at most `sl->limit` (0: all); sl NULL: every one.
	 * count_unexpected lists, by carrier id, the session's ticks that are
	 * not among them (the set difference, on the count_item key), after
	 * `after`, at most `limit` (0: all). count_tally counts every list in
	 * one pass, nothing loaded.
	 */
	int (*count_expected)(bm_store *s, bm_arena *a, const bm_viewer *v,
	                      const bm_count_session_row *sess, const bm_count_slice *sl,
	                      bm_count_expected **out, size_t *count);
	int (*count_unexpected)(bm_store *s, bm_arena *a, const bm_viewer *v,
	                        const bm_count_session_row *sess, int64_t after, int64_t limit,
	                        bm_count_item_row **out, size_t *count);
	int (*count_tally)(bm_store *s, bm_arena *a, const bm_viewer *v,
	                   const bm_count_session_row *sess, bm_count_tally *out);
	/*
	 * Issue 14 point 6, counting safe by safe: each 存放地点's expected,
	 * found, missing, out and incomplete carriers, by place id (no place
	 * first), only `place` with place != 0 (-1: the carriers with none); an
	 * open session compared in SQL (as count_tally, one grouped pass), a
	 * closed one from its stored lines (count_line's key, the carrier's
	 * place as the ledger holds it now).
	 */
	int (*count_places)(bm_store *s, bm_arena *a, const bm_viewer *v,
	                    const bm_count_session_row *sess, int64_t place, bm_count_place **out,
	                    size_t *count);
	/*
	 * A close, set-based (INV-3/INV-4, issue 17): writes the session's
	 * lines of the expected set into count_line, opens one `missing`
	 * incident for the count listing its missing carriers without another
	 * open one (INC-1 detail from `ap`; their lines carry its id,
	 * ap->incident_id), flags the missing carriers `missing` and puts found
	 * missing ones back in store, each change with its history event; a few
	 * statements, whatever the size. count_line_add stores one unexpected
	 * line. count_lines gives a page of a closed session's stored lines;
	 * count_line_each walks every stored line in (list, carrier) order.
	 */
	int (*count_apply)(bm_store *s, bm_arena *a, const bm_viewer *v,
	                   const bm_count_session_row *sess, bm_count_apply *ap);
	int (*count_line_add)(bm_store *s, int64_t session_id, const bm_count_line_row *l);
	int (*count_lines)(bm_store *s, bm_arena *a, int64_t session_id, const bm_count_slice *sl,
	                   bm_count_stored **out, size_t *count);
	int (*count_line_each)(bm_store *s, int64_t session_id,
	                       int (*cb)(void *ud, const bm_count_line_row *l), void *ud);

	/*
	 * REG-3, personal letters (sqlite_letter.c). letter_insert sets l->id;
	 * letter_update writes status, opened_at, classified, open_note and
	 * registered_at; letter_list gives a unit's letters to `addressee_id`
	 * (0 = any) in `status` (NULL = any), oldest first; letter_link records
	 * a carrier registered from a letter's contents.
	 */
	int (*letter_insert)(bm_store *s, bm_letter_row *l);
	int (*letter_update)(bm_store *s, const bm_letter_row *l);
	int (*letter_get)(bm_store *s, bm_arena *a, int64_t id, bm_letter_row **out);
	int (*letter_list)(bm_store *s, bm_arena *a, int64_t unit_id, int64_t addressee_id,
	                   const char *status, bm_letter_row **out, size_t *count);
	int (*letter_link)(bm_store *s, int64_t letter_id, int64_t carrier_id);

	/*
	 * Issue 10, the people register and training (sqlite_people.c).
	 * person_record_get reads the register's columns of a person (NULL text
	 * when not recorded); person_record_set writes them all.
	 * person_event_insert appends a line to a person's history (never
	 * changed), person_event_list gives it oldest first. training_insert sets
	 * t->id; training_get fills the attendees (by name); training_list gives
	 * a unit's sessions held in [from, to] (NULL = open), oldest first, with
	 * n_attendees; training_of_person the sessions a person attended.
	 * training_attend records one attendee (BM_ECONFLICT when already
	 * there); training_sign closes the sheet. training_hours sums the
	 * attended hours in [from, to] and gives the last session attended on
	 * or before `to`. trip_insert sets t->id; trip_report writes
	 * reported_on and report_note; trip_list gives the trips of a unit (or
	 * of `person_id` when not 0), only those departed and not reported
	 * back when `open_only`, newest first.
	 */
	int (*person_record_get)(bm_store *s, bm_arena *a, int64_t person_id,
	                         bm_person_record **out);
	int (*person_record_set)(bm_store *s, const bm_person_record *r);
	int (*person_event_insert)(bm_store *s, const bm_person_event *e);
	int (*person_event_list)(bm_store *s, bm_arena *a, int64_t person_id, bm_person_event **out,
	                         size_t *count);
	int (*training_insert)(bm_store *s, bm_training *t);
	int (*training_get)(bm_store *s, bm_arena *a, int64_t id, bm_training **out);
	int (*training_list)(bm_store *s, bm_arena *a, int64_t unit_id, const char *from,
	                     const char *to, bm_training **out, size_t *count);
	int (*training_of_person)(bm_store *s, bm_arena *a, int64_t person_id, bm_training **out,
	                          size_t *count);
	int (*training_attend)(bm_store *s, int64_t session_id, int64_t person_id, int64_t by,
	                       const char *at);
	int (*training_sign)(bm_store *s, int64_t id, int64_t by, const char *at);
	int (*training_hours)(bm_store *s, bm_arena *a, int64_t person_id, const char *from,
	                      const char *to, bm_training_hours *out);
	int (*trip_insert)(bm_store *s, bm_person_trip *t);
	int (*trip_get)(bm_store *s, bm_arena *a, int64_t id, bm_person_trip **out);
	int (*trip_report)(bm_store *s, int64_t id, const char *reported_on, const char *note);
	/* PERSON-8: writes t's approvals, approved_by and departed_on. */
	int (*trip_update)(bm_store *s, const bm_person_trip *t);
	int (*trip_list)(bm_store *s, bm_arena *a, int64_t unit_id, int64_t person_id,
	                 bool open_only, bm_person_trip **out, size_t *count);

	/*
	 * SITE-1, key departments and places (sqlite_site.c). site_insert sets
	 * r->id; site_update writes every field but id, unit_id, created_*;
	 * site_get and site_list fill the names and the counts of people listed
	 * and visitors inside; site_list gives the filter's entries by name.
	 * site_member_add sets m->id (BM_ECONFLICT: listed already);
	 * site_member_remove sets removed_at/by of the listed row
	 * (BM_ENOTFOUND: not listed); site_members lists those listed now, by
	 * kind then name; site_staff_count counts the active sites a person
	 * works at. site_measures lists every check, newest first.
	 * site_visit_update writes time_out; site_visits lists a site's visits
	 * (0: every site's), newest first, only those still inside with
	 * open_only. site_events lists a site's history, oldest first.
	 */
	int (*site_insert)(bm_store *s, bm_site_row *r);
	int (*site_update)(bm_store *s, const bm_site_row *r);
	int (*site_get)(bm_store *s, bm_arena *a, int64_t id, bm_site_row **out);
	int (*site_list)(bm_store *s, bm_arena *a, const bm_site_filter *f, bm_site_row **out,
	                 size_t *count);
	int (*site_member_add)(bm_store *s, bm_site_member_row *m);
	int (*site_member_remove)(bm_store *s, int64_t site_id, int64_t person_id, const char *kind,
	                          int64_t removed_by, const char *removed_at);
	int (*site_members)(bm_store *s, bm_arena *a, int64_t site_id, bm_site_member_row **out,
	                    size_t *count);
	int (*site_staff_count)(bm_store *s, int64_t person_id, int64_t *out);
	int (*site_measure_add)(bm_store *s, bm_site_measure_row *m);
	int (*site_measures)(bm_store *s, bm_arena *a, int64_t site_id, bm_site_measure_row **out,
	                     size_t *count);
	int (*site_visit_insert)(bm_store *s, bm_site_visit_row *v);
	int (*site_visit_update)(bm_store *s, const bm_site_visit_row *v);
	int (*site_visit_get)(bm_store *s, bm_arena *a, int64_t id, bm_site_visit_row **out);
	int (*site_visits)(bm_store *s, bm_arena *a, int64_t unit_id, int64_t site_id,
	                   bool open_only, bm_site_visit_row **out, size_t *count);
	int (*site_event_add)(bm_store *s, bm_site_event_row *e);
	int (*site_events)(bm_store *s, bm_arena *a, int64_t site_id, bm_site_event_row **out,
	                   size_t *count);

	/*
	 * Issue 10 point 3, the device and media register (sqlite_device.c).
	 * device_insert sets d->id and refuses a number the unit already has
	 * (number_taken, BM_ECONFLICT); device_update writes everything but
	 * the unit, number, kind and created_at (the label affixed too,
	 * DEV-1, migration 36); device_list gives a unit's
	 * devices matching `f` by number; device_held counts the devices not
	 * scrapped whose holder is `person_id` (KEEP-2); device_event_add
	 * appends one line of a device's history, device_events reads them
	 * oldest first; device_repair_events reads, in one statement, the
	 * repair lines (device.repair, device.repair_end) of every device of
	 * the unit, by device id and then oldest first (DEV-5's register).
	 * device_password_due gives, by the device_password
	 * index, the unit's computers and laptops not scrapped whose login
	 * password last changed on or before `changed_by` (YYYY-MM-DD) or never
	 * (DEV-3's alerts), only those held by `holder_id` unless it is 0.
	 */
	int (*device_insert)(bm_store *s, bm_device *d);
	int (*device_update)(bm_store *s, const bm_device *d);
	int (*device_get)(bm_store *s, bm_arena *a, int64_t id, bm_device **out);
	int (*device_list)(bm_store *s, bm_arena *a, int64_t unit_id, const bm_device_filter *f,
	                   bm_device **out, size_t *count);
	int (*device_held)(bm_store *s, int64_t person_id, size_t *out);
	int (*device_event_add)(bm_store *s, const bm_device_event *e);
	int (*device_events)(bm_store *s, bm_arena *a, int64_t device_id, bm_device_event **out,
	                     size_t *count);
	int (*device_repair_events)(bm_store *s, bm_arena *a, int64_t unit_id,
	                            bm_device_event **out, size_t *count);
	int (*device_password_due)(bm_store *s, bm_arena *a, int64_t unit_id, int64_t holder_id,
	                           const char *changed_by, bm_device **out, size_t *count);
	/*
	 * Devices counted like carriers (INV-3/4, sqlite_count_device.c).
	 * count_device_tick records a count's tick of a device (any id: one
	 * the register lacks is unexpected at the close); a device ticked
	 * before keeps its first tick (issue 14 point 6: a plain rescan writes
	 * nothing, one with a note replaces the note) and `*first_at` (in `a`)
	 * gets that tick's time, NULL for a first tick;
	 * count_device_lines gives an open count's device lines compared with
	 * the register in SQL (found, missing, unexpected), or a closed
	 * count's stored ones, by list then id. count_apply writes a close's
	 * device lines (missing devices flagged `missing`, listed on the
	 * count's one incident; missing ones found again back `in_use`).
	 */
	int (*count_device_tick)(bm_store *s, bm_arena *a, int64_t session_id, int64_t device_id,
	                         const char *note, const char *at, const char **first_at);
	int (*count_device_lines)(bm_store *s, bm_arena *a, const bm_count_session_row *sess,
	                          bm_count_device_line **out, size_t *count);

	/*
	 * INC-2, INSP-3, the register of rewards and sanctions (sqlite_merit.c).
	 * merit_insert sets m->id; lines are never changed. merit_list gives
	 * the filter's lines by decision date, with the person's name and
	 * department.
	 */
	int (*merit_insert)(bm_store *s, bm_merit_row *m);
	int (*merit_list)(bm_store *s, bm_arena *a, const bm_merit_filter *f, bm_merit_row **out,
	                  size_t *count);

	/*
	 * MEET-1/2, classified meetings (sqlite_meeting.c). meeting_insert sets
	 * r->id; meeting_update writes every field but id, unit_id, created_*;
	 * meeting_get and meeting_list fill the site and organiser names and the
	 * counts of participants, documents issued and documents still out;
	 * meeting_list gives the filter's meetings, latest start first.
	 * meeting_participant_add sets p->id (BM_ECONFLICT: listed already);
	 * meeting_participant_remove sets removed_at/by of the listed row
	 * (BM_ENOTFOUND: not listed); meeting_participants lists those listed
	 * now, in the order added. meeting_document_add links a loan to its
	 * meeting and sets d->id; meeting_documents gives the documents with
	 * their loan and carrier facts in issue order, of one meeting and/or of
	 * one loan (0: any). meeting_events lists a meeting's history, oldest
	 * first.
	 */
	int (*meeting_insert)(bm_store *s, bm_meeting_row *r);
	int (*meeting_update)(bm_store *s, const bm_meeting_row *r);
	int (*meeting_get)(bm_store *s, bm_arena *a, int64_t id, bm_meeting_row **out);
	int (*meeting_list)(bm_store *s, bm_arena *a, const bm_meeting_filter *f,
	                    bm_meeting_row **out, size_t *count);
	int (*meeting_participant_add)(bm_store *s, bm_meeting_participant_row *p);
	int (*meeting_participant_remove)(bm_store *s, int64_t meeting_id, int64_t person_id,
	                                  int64_t removed_by, const char *removed_at);
	int (*meeting_participants)(bm_store *s, bm_arena *a, int64_t meeting_id,
	                            bm_meeting_participant_row **out, size_t *count);
	int (*meeting_document_add)(bm_store *s, bm_meeting_document_row *d);
	int (*meeting_documents)(bm_store *s, bm_arena *a, int64_t meeting_id, int64_t loan_id,
	                         bm_meeting_document_row **out, size_t *count);
	int (*meeting_event_add)(bm_store *s, bm_meeting_event_row *e);
	int (*meeting_events)(bm_store *s, bm_arena *a, int64_t meeting_id,
	                      bm_meeting_event_row **out, size_t *count);

	/*
	 * INSP-1/2, inspections and rectification notices (sqlite_inspection.c).
	 * insp_insert sets r->id; an inspection never changes. insp_get and
	 * insp_list fill the recorder's name and the counts of findings and of
	 * those not closed; insp_list gives the filter's inspections, latest
	 * held first. insp_rect_insert sets r->id; insp_rect_update writes the
	 * course (deadline, status, report, follow-up, reopened, updated_at);
	 * insp_rect_get and insp_rect_list fill the department, responsible
	 * person and inspection; insp_rect_list orders by deadline, then id.
	 * insp_rect_event_add appends a line of a notice's history,
	 * insp_rect_events reads them oldest first.
	 */
	int (*insp_insert)(bm_store *s, bm_insp_row *r);
	int (*insp_get)(bm_store *s, bm_arena *a, int64_t id, bm_insp_row **out);
	int (*insp_list)(bm_store *s, bm_arena *a, const bm_insp_filter *f, bm_insp_row **out,
	                 size_t *count);
	int (*insp_rect_insert)(bm_store *s, bm_insp_rectification *r);
	int (*insp_rect_update)(bm_store *s, const bm_insp_rectification *r);
	int (*insp_rect_get)(bm_store *s, bm_arena *a, int64_t id, bm_insp_rectification **out);
	int (*insp_rect_list)(bm_store *s, bm_arena *a, const bm_insp_rect_filter *f,
	                      bm_insp_rectification **out, size_t *count);
	int (*insp_rect_event_add)(bm_store *s, bm_insp_rect_event *e);
	int (*insp_rect_events)(bm_store *s, bm_arena *a, int64_t rectification_id,
	                        bm_insp_rect_event **out, size_t *count);

	/*
	 * ORG-2, the unit's reports (sqlite_report.c). report_facts gives every
	 * record behind the figures of `p`'s period, one row per record and
	 * figure, ordered by figure then id: what was registered, made,
	 * received, sent, destroyed, lent, re-levelled, found (incidents, count
	 * discrepancies) and closed (counts) in the period; the loans overdue
	 * and incidents open at `as_of`; people by class and devices by level
	 * standing at its end; the training sessions held in it; the inspections,
	 * their findings and the rectification notices (opened, closed, open at
	 * `as_of` with their status and deadline then); the year's
	 * self-assessment. Each record carries the carrier it concerns (SYS-2),
	 * a label and a day for the drill-down.
	 */
	int (*report_facts)(bm_store *s, bm_arena *a, const bm_report_period *p,
	                    bm_report_fact **out, size_t *count);
	/*
	 * ORG-2, the month's report delivered to the leadership (migration 37).
	 * report_delivery_insert sets r->id (one per unit, kind and period: the
	 * table refuses a second); report_delivery_find gives the delivery of
	 * `period` (BM_ENOTFOUND, no error set, when none); report_delivery_list
	 * gives the unit's deliveries, latest period first, at most `limit`
	 * (0: all); both fill the names of the recipient and the deliverer.
	 */
	int (*report_delivery_insert)(bm_store *s, bm_report_delivery_row *r);
	int (*report_delivery_find)(bm_store *s, bm_arena *a, int64_t unit_id, const char *kind,
	                            const char *period, bm_report_delivery_row **out);
	int (*report_delivery_list)(bm_store *s, bm_arena *a, int64_t unit_id, int64_t limit,
	                            bm_report_delivery_row **out, size_t *count);

	/*
	 * INSP-4, the yearly self-assessment (sqlite_selfcheck.c). sa_insert
	 * sets r->id (one per unit and year: the table refuses a second);
	 * sa_sign writes the clerk's and the leader's signatures (refused by
	 * the table once the leader has signed); sa_get, sa_find_year
	 * (BM_ENOTFOUND, no error set, when the unit has none that year) and
	 * sa_list (latest year first) fill the signers' names and the counts
	 * of items, answered items and findings. sa_item_insert sets r->id;
	 * sa_item_answer writes the answer, note, department, deadline,
	 * rectification and who answered when (refused by the table once the
	 * clerk has signed); sa_items lists an assessment's items in order.
	 */
	int (*sa_insert)(bm_store *s, bm_sa_row *r);
	int (*sa_sign)(bm_store *s, const bm_sa_row *r);
	int (*sa_get)(bm_store *s, bm_arena *a, int64_t id, bm_sa_row **out);
	int (*sa_find_year)(bm_store *s, bm_arena *a, int64_t unit_id, int year, bm_sa_row **out);
	int (*sa_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_sa_row **out, size_t *count);
	int (*sa_item_insert)(bm_store *s, bm_sa_item_row *r);
	int (*sa_item_answer)(bm_store *s, const bm_sa_item_row *r);
	int (*sa_items)(bm_store *s, bm_arena *a, int64_t assessment_id, bm_sa_item_row **out,
	                size_t *count);

	/*
	 * ORG-1, the responsibility system (sqlite_duty.c). duty_member_insert
	 * and duty_dept_insert set the id; duty_member_end and duty_dept_end
	 * write the end (ended_on, and a member's end_document) of the line
	 * `id`, refused by the table once ended. duty_member_get, duty_members
	 * and duty_depts fill the names and the people's status; `all` false
	 * gives the current lines only (ended_on NULL). duty_members orders by
	 * role (head, deputy, member), then appointment; duty_depts by
	 * department, then id. duty_event_add appends a line of the history;
	 * duty_events reads the unit's, oldest first.
	 */
	int (*duty_member_insert)(bm_store *s, bm_duty_member *m);
	int (*duty_member_end)(bm_store *s, const bm_duty_member *m);
	int (*duty_member_get)(bm_store *s, bm_arena *a, int64_t id, bm_duty_member **out);
	int (*duty_members)(bm_store *s, bm_arena *a, int64_t unit_id, bool all,
	                    bm_duty_member **out, size_t *count);
	int (*duty_dept_insert)(bm_store *s, bm_duty_dept *d);
	int (*duty_dept_end)(bm_store *s, const bm_duty_dept *d);
	int (*duty_depts)(bm_store *s, bm_arena *a, int64_t unit_id, bool all, bm_duty_dept **out,
	                  size_t *count);
	int (*duty_event_add)(bm_store *s, bm_duty_event *e);
	int (*duty_events)(bm_store *s, bm_arena *a, int64_t unit_id, bm_duty_event **out,
	                   size_t *count);

	/*
	 * Issue 9, backup (sqlite_backup.c). backup() copies the database as one
	 * read snapshot sees it into the new file `dest` (which must not exist),
	 * a little at a time so that the writers never wait for it, and syncs
	 * it; the copy is one self-contained file. The snapshot is the open read
	 * transaction when there is one (begin_read), else one of its own: it
	 * holds every transaction committed before it began, and nothing later.
	 * `out` gets the audit chain's tail in that same snapshot. integrity_check()
	 * is the engine's full check of the file: 0, or BM_ECORRUPT naming the
	 * first problems ("database_corrupt"); an I/O error or out of memory is
	 * that error, not a verdict on the file.
	 */
	int (*backup)(bm_store *s, const char *dest, bm_store_backup_info *out);
	int (*integrity_check)(bm_store *s);

	/*
	 * Issue 12 point 4, `baomi migrate` (service/migrate.c): a unit copied
	 * row by row between engines, its ids kept. copy_tables gives the tables
	 * a copy fills on this engine (the target's), referenced tables before
	 * those that reference them; the tables the target keeps itself (the
	 * chain's head and tally, counted by its triggers as the events come in;
	 * PostgreSQL's search grams, made anew in copy_close) are not among them.
	 * copy_scan gives `cb` every row of `table` in its key's order (the
	 * source's; BM_ENOTFOUND when the engine has no such table). copy_count
	 * counts the rows of `table`. In the target's open write transaction:
	 * copy_open refuses a target that holds anything (BM_ECONFLICT,
	 * "target_not_empty") and sets aside the triggers that would number,
	 * tally or refuse what is copied (the audit log's own chain trigger
	 * stays: each event must follow the head); copy_put inserts one row as
	 * given; copy_close puts the triggers back and moves every identity
	 * past the ids copied.
	 */
	int (*copy_tables)(bm_store *s, bm_arena *a, const char ***out, size_t *count);
	int (*copy_scan)(bm_store *s, const char *table, bm_copy_row_cb cb, void *ctx);
	int (*copy_count)(bm_store *s, const char *table, int64_t *out);
	int (*copy_open)(bm_store *s);
	int (*copy_put)(bm_store *s, const char *table, size_t ncol, const char *const *names,
	                const bm_copy_value *vals);
	int (*copy_close)(bm_store *s);
};

/*
 * The version of struct bm_store_ops. Raise it whenever an operation is
 * added, removed, reordered or changes its signature, or a record's layout
 * changes: a back end built against another version is refused at open
 * (bm_store_open_with) instead of calling through a table of another shape.
 * src/store/ABI records this number with a fingerprint of the table, and
 * tests/checksrc.sh fails when the table changed under the same number:
 * after changing the table run `tools/store_abi.py --update`, which raises
 * the number and rewrites the record (a record's layout is not
 * fingerprinted: raise the number by hand, then run the same command).
 */
#define BM_STORE_ABI 42

/* Every back end's handle starts with this; the rest is private to it. */
struct bm_store {
	const struct bm_store_ops *ops;
	/*
	 * Where the use cases on this handle write (pipeline.h): by default the
	 * handle's own pipeline, writing through the handle itself (the CLI's
	 * one connection); a server points its reading handles at the pipeline
	 * of its one writer handle (bm_store_share_pipeline).
	 */
	struct bm_pipeline *pipeline;
	struct bm_pipeline *own_pipeline;
};

/* The pipeline the use cases on `s` write through (borrowed). */
struct bm_pipeline *bm_store_pipeline(bm_store *s);

/*
 * Makes the use cases on `reader` write through `writer`'s pipeline (and so
 * its connection). `writer` must outlive `reader`.
 */
void bm_store_share_pipeline(bm_store *reader, bm_store *writer);

/*
 * Opens (creating if needed) the store at `target` and applies pending
 * migrations. `target` is a file path (SQLite, or sqlite:PATH) or a
 * postgresql:// (postgres://) URL. `*out` belongs to the caller; free with
 * bm_store_close.
 */
int bm_store_open(bm_store **out, const char *target);

/* Whether `target` names a PostgreSQL database (the test bm_store_open makes). */
bool bm_store_target_is_pg(const char *target);

/* A back end's open function (bm_store_sqlite_open). */
typedef int (*bm_store_open_fn)(bm_store **out, const char *target);

/*
 * Opens `target` with the back end `open` and checks the table it fills:
 * a back end built against another BM_STORE_ABI is closed again and
 * refused (BM_ERROR, "store_abi_mismatch", naming the engine and both
 * versions). `*out` is written only on success; it belongs to the caller
 * (bm_store_close). bm_store_open picks the back end and calls this.
 */
int bm_store_open_with(bm_store **out, bm_store_open_fn open, const char *target);

/* Closes the store; NULL is ignored. */
void bm_store_close(bm_store *s);

/*
 * Opens `target` as it already is, for serving: a missing file is refused
 * ("database_missing") and never created, an uninitialised one too
 * ("not_initialised"), and the whole file passes a quick integrity check
 * ("database_corrupt") before migrations run.
 */
int bm_store_open_existing(bm_store **out, const char *target);

/*
 * Opens `target` read-only, for evidence (audit verify): no WAL switch, no
 * migration, no write, no lock file created beside a closed database; an
 * older schema is refused ("schema_old") rather than migrated.
 */
int bm_store_open_readonly(bm_store **out, const char *target);

/*
 * The SQLite back end (sqlite.c). Every open first checks the file is a
 * baomi database of a schema this program knows (not_a_database, not_baomi,
 * schema_unknown, schema_too_new, database_corrupt) before writing anything.
 */
typedef enum {
	BM_STORE_SQLITE_CREATE,   /* created when missing, migrated */
	BM_STORE_SQLITE_EXISTING, /* must exist and be initialised; migrated */
	BM_STORE_SQLITE_READONLY, /* read-only, never migrated or changed */
} bm_store_sqlite_mode;
int bm_store_sqlite_open_mode(bm_store **out, const char *path, bm_store_sqlite_mode mode);
int bm_store_sqlite_open(bm_store **out, const char *path);
int bm_store_sqlite_open_existing(bm_store **out, const char *path);
int bm_store_sqlite_open_readonly(bm_store **out, const char *path);
/*
 * The PostgreSQL back end (pg.c, issue 12): `url` is a libpq connection URI
 * (postgresql://user@host/db, ?host=/socket/dir for a Unix socket). The modes
 * are the SQLite ones: CREATE migrates an empty database, EXISTING refuses
 * one without baomi's tables, READONLY never migrates.
 */
int bm_store_pg_open_mode(bm_store **out, const char *url, bm_store_sqlite_mode mode);

/*
 * The checkpoints of a read-write SQLite store (issue 17, point 4). SQLite's
 * automatic checkpoint would run inside the COMMIT that crosses its
 * threshold, while that commit holds the writer; instead a thread of the
 * store checkpoints on its own connection, after the sync, without the
 * writer: PASSIVE once the log passes SQ_CHECKPOINT_PAGES, TRUNCATE when no
 * commit came for a while. For monitoring and tests.
 */
typedef struct bm_store_sqlite_ckpt {
	int64_t passive;  /* PASSIVE checkpoints run */
	int64_t truncate; /* TRUNCATE checkpoints that emptied the log while idle */
	int64_t failed;   /* checkpoints that failed (busy, disk full): retried later */
	int64_t waited;   /* times the writer waited for one to let the log start over */
	int wal_frames;   /* frames in the log after the last commit */
	int backfilled;   /* frames the last checkpoint left copied into the database */
	int log_frames;   /* frames in the log at the last checkpoint */
} bm_store_sqlite_ckpt;
void bm_store_sqlite_ckpt_stats(bm_store *s, bm_store_sqlite_ckpt *out);

/*
 * Issue 9, restore (sqlite_backup.c): the database file at `target` taken
 * for this process alone, so that a restore never pulls the file from
 * under a running server. bm_store_hold_file answers BM_ELOCKED
 * ("database_in_use") when another process has the database open (a
 * `baomi serve`, or any program holding SQLite's locks), and holds it
 * otherwise (a missing file holds nothing) until bm_store_hold_release.
 * bm_store_replace_file then puts the complete, synced database file
 * `fresh` (beside the target) in the target's place with one rename, the
 * replaced file and its log kept under `aside` (its log as aside-wal), and
 * syncs the directory. `*out` belongs to the caller.
 */
/*
 * Issue 12 point 4: a PostgreSQL backup (pg_backup.c) is a pg_dump archive
 * in custom format. bm_store_pg_is_archive says whether the file `path`
 * is one ("PGDMP"). bm_store_pg_archive_rows gives `cb` the audit chain the
 * archive at `archive` holds, in seq order (read back with pg_restore), for
 * bm_audit_verify_backup_rows: BM_ECORRUPT ("archive_invalid") when the
 * archive cannot be read or holds no chain.
 */
bool bm_store_pg_is_archive(const char *path);
int bm_store_pg_archive_rows(const char *archive, bm_audit_row_cb cb, void *ctx);
/*
 * An archive's tables for a check (backup.c): bm_store_pg_archive_unpack
 * writes, into the private directory `dir`, its schema (schema.sql) and
 * each table's rows (TABLE.copy, COPY text), with one pg_restore each.
 * bm_store_pg_archive_scan then gives `cb` every row of `table` as
 * copy_scan gives a live one: each value typed by its column's type in the
 * archive (BIGINT 'i', DOUBLE PRECISION 'r', BYTEA 'b', else 't'), the
 * chain in seq order, a dispatch's items in their order with `ord` left
 * out. A table the archive does not hold gives no rows. BM_ECORRUPT
 * ("archive_invalid") as above, or `cb`'s error.
 */
int bm_store_pg_archive_unpack(const char *archive, const char *dir);
int bm_store_pg_archive_scan(const char *dir, const char *table, bm_copy_row_cb cb, void *ctx);

typedef struct bm_store_hold bm_store_hold;
int bm_store_hold_file(bm_store_hold **out, const char *target);
int bm_store_replace_file(bm_store_hold *h, const char *fresh, const char *aside, bool *replaced);
void bm_store_hold_release(bm_store_hold *h);

/* Shorthand for calling through the table: BM_STORE(s, carrier_get)(s, a, id, &c). */
#define BM_STORE(s, fn) ((s)->ops->fn)

#endif
