/*
 * sqlite_int.h — private to the SQLite back end's files (SQLite's btreeInt.h
 * habit): the handle and the helpers every sqlite_*.c shares. Nothing outside
 * src/store includes it.
 */
#ifndef BM_SQLITE_INT_H
#define BM_SQLITE_INT_H

#include <pthread.h>
#include <sqlite3.h>

#include "store/store.h"

/*
 * The prepared-statement cache of one connection (issue 17: preparing was
 * 38% of a read's CPU). Keyed by the SQL text (a hash, then the text
 * itself), so the statements a filter assembles are cached like constant
 * ones. At most SQ_CACHE_SIZE statements; the least recently used idle one
 * makes room. A statement handed out is `busy` until bm_sq_release(). Most
 * SQL is a string constant passed from the same place each time: a slot whose
 * last caller passed the same pointer is tried first, its text compared
 * (a pointer may be reused for other text), before hashing the whole text.
 */
#define SQ_CACHE_SIZE 96

typedef struct sq_cached {
	uint64_t hash;      /* of the SQL text; 0 = empty slot */
	const char *sql;    /* where the text was at the last hand-out: a hint, checked */
	sqlite3_stmt *st;   /* prepared with SQLITE_PREPARE_PERSISTENT */
	uint64_t last_used; /* the cache's clock at the last hand-out */
	bool busy;          /* handed out and not yet released */
} sq_cached;

typedef struct sq_stmt_cache {
	sq_cached slot[SQ_CACHE_SIZE];
	uint64_t clock;
} sq_stmt_cache;

/*
 * A bound row written in the use case (sqlite_bind.c): its table's index in
 * BM_BOUND_TABLES in the top 8 bits, its id in the low 56 (8 bytes a row:
 * a million-row close notes 8 MB, not 16).
 */
typedef uint64_t sq_touched;

typedef struct sq_store {
	bm_store base;
	sqlite3 *db;
	bool in_tx;
	bool sync_lowered; /* synchronous=NORMAL: a write transaction's, or a lazy write's */
	sq_stmt_cache cache;
	bool read_tx; /* the open transaction is a read snapshot: writes are refused */
	/*
	 * unit_first() once found (sqlite.c): unit rows are only ever inserted,
	 * so the first one, once committed, never changes. `unit_text` holds its
	 * strings; NULL until then.
	 */
	bm_unit unit_first;
	char *unit_text;
	/*
	 * sync(): the WAL file, opened on its own descriptor so that it can be
	 * fsynced from any thread while this connection writes the next batch
	 * (sqlite.c). `committed` counts unsynced commits, `synced` the count the
	 * last finished sync covered; all three under `sync_mu`.
	 */
	pthread_mutex_t sync_mu;
	int wal_fd;
	uint64_t committed, synced;
	/*
	 * Issue 9 point 3: the bound rows written since the savepoint
	 * (sqlite_bind.c). Issue 17 point 5: past `touch_spill` entries the list
	 * is sorted into temp.bm_touched (`spilled`), so a use case writing a
	 * million rows holds at most `touch_spill` of them in memory.
	 */
	sq_touched *touched;
	size_t n_touched, cap_touched, touch_spill;
	bool spilled;
	/*
	 * Checkpoints off the writer (sqlite.c, "checkpoints"): SQLite's own
	 * automatic checkpoint is off on a read-write connection; the WAL hook
	 * records the log's size after each commit, and a sync that finds it past
	 * SQ_CHECKPOINT_PAGES wakes `ckpt_thread`, which checkpoints on a
	 * connection of its own (`ckpt_db`). All under `ckpt_mu`.
	 */
	pthread_mutex_t ckpt_mu;
	pthread_cond_t ckpt_wake;
	pthread_t ckpt_thread;
	bool ckpt_running, ckpt_stop, ckpt_wanted;
	sqlite3 *ckpt_db;
	pthread_cond_t ckpt_done; /* a checkpoint ended (ckpt_ended advanced) */
	uint64_t ckpt_began, ckpt_ended;
	int ckpt_next;         /* wake the checkpointer once the log reaches this many frames */
	int force_next;        /* the writer waits for one at this many (sq_begin) */
	uint64_t commits_seen; /* commits the WAL hook saw (idle = no change) */
	bm_store_sqlite_ckpt ckpt;
} sq_store;

/* The SQLite handle behind a store. */
sq_store *bm_sq_of(bm_store *s);

/*
 * Maps an SQLite result code (and the handle's extended code) to a bm error;
 * returns it. SQLITE_CORRUPT* and SQLITE_NOTADB are "database_corrupt".
 */
int bm_sq_db_fail(sq_store *s, int src);
/* SQLITE_CORRUPT (any extended code) or SQLITE_NOTADB: the file is damaged. */
bool bm_sq_is_damage(int code);
/*
 * PRAGMA integrity_check reports a page it could not get as a finding
 * ("unable to get the page. error code=N"); when N is not damage (an I/O
 * error, out of memory) the check did not see the page: that error
 * ("database"), not a verdict on the file. 0 when every finding is damage.
 */
int bm_sq_unread_pages(const char *findings);

/*
 * Hands out a prepared statement for `sql`: the connection's cached one when
 * it is idle, else a fresh one (cached when there is room). On failure *st is
 * NULL and the error is set. Every statement obtained here goes back through
 * bm_sq_release(), never sqlite3_finalize() (banned below in store files).
 */
int bm_sq_prep(sq_store *s, sqlite3_stmt **st, const char *sql);

/*
 * Gives a statement from bm_sq_prep() back: a cached one is reset and its
 * bindings cleared for the next use, any other is finalised. NULL is a no-op.
 * Column values read from it are gone afterwards (copy them first, as before).
 */
void bm_sq_release(sq_store *s, sqlite3_stmt *st);

/* Makes room for element n of an arena array of `elem`-byte records (doubling from 16;
 * the old block stays in the arena). */
int bm_sq_grow(bm_arena *a, void **arr, size_t *cap, size_t n, size_t elem);

/* Gives `cb` every audit_event row of `st` (seq, at, actor, action, object, outcome,
 * rule, detail, alg, prev_hash, hash; released here); the row's strings are SQLite's. */
int bm_sq_audit_rows(sq_store *s, sqlite3_stmt *st, bm_audit_row_cb cb, void *ctx);

/* Reads one row of `st` into element n of `rows`. */
typedef int (*bm_sq_row_reader)(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n);

/* Steps through every row of `st` (released here) into an arena array read by `row`;
 * an empty result is a one-element array with *count 0. */
int bm_sq_collect(sq_store *s, bm_arena *a, sqlite3_stmt *st, size_t elem, bm_sq_row_reader row,
                  void **out, size_t *count);

/* A count_item row (session_id, carrier_id, state, note, at) as bm_count_item_row. */
int bm_sq_read_count_item(bm_arena *a, sqlite3_stmt *st, void *rows, size_t n);

/*
 * The ledger bound to the chain (sqlite_bind.c, issue 9 point 3).
 * bm_sq_bound_install registers bm_touch() and the temporary triggers that
 * note every write of a bound table on a writing connection;
 * bm_sq_bound_forget empties the list (a savepoint begins, writes are
 * undone; what was spilled to temp.bm_touched is emptied at the next
 * spill); bm_sq_bound_free frees it (close). The rest are store ops.
 */
int bm_sq_bound_install(sq_store *s);
void bm_sq_bound_forget(sq_store *s);
void bm_sq_bound_free(sq_store *s);
int bm_sq_bound_take(bm_store *bs, bm_bound_row_cb cb, void *ctx);
int bm_sq_bound_scan(bm_store *bs, const char *table, bm_bound_row_cb cb, void *ctx);
int bm_sq_bound_floor(bm_store *bs, const char *table, int64_t *max_id, int64_t *seq);
int bm_sq_bound_set_put(bm_store *bs, int64_t seq, const char *table, int64_t chunk,
                        const int64_t *ids, const unsigned char *digests, size_t n);
int bm_sq_bound_set_scan(bm_store *bs, bm_bound_chunk_cb cb, void *ctx);
int bm_sq_integrity(bm_store *bs, char *out, size_t size);
/* sqlite_copy.c: `baomi migrate`'s rows (store.h copy_*). */
int bm_sq_copy_tables(bm_store *bs, bm_arena *a, const char ***out, size_t *count);
int bm_sq_copy_scan(bm_store *bs, const char *table, bm_copy_row_cb cb, void *ctx);
int bm_sq_copy_count(bm_store *bs, const char *table, int64_t *out);
int bm_sq_copy_open(bm_store *bs);
int bm_sq_copy_put(bm_store *bs, const char *table, size_t ncol, const char *const *names,
                   const bm_copy_value *vals);
int bm_sq_copy_close(bm_store *bs);

/* Finalises every cached statement; the connection can then be closed. */
void bm_sq_cache_clear(sq_store *s);

/* Binds text, or NULL for a NULL pointer. */
void bm_sq_bind_text(sqlite3_stmt *st, int i, const char *v);

/* Binds an id, or NULL for 0 (the "none" of the records). */
void bm_sq_bind_id(sqlite3_stmt *st, int i, int64_t v);

/* A text column copied into the arena (NULL stays NULL). */
const char *bm_sq_col_text(bm_arena *a, sqlite3_stmt *st, int i);

/* Runs SQL without results. */
int bm_sq_exec_sql(sq_store *s, const char *sql);

/*
 * Runs one statement without results through the statement cache: for the
 * transaction statements every use case runs (BEGIN, COMMIT, SAVEPOINT…),
 * prepared once per connection instead of parsed each time. Not for PRAGMAs
 * that act when compiled (synchronous): those go through bm_sq_exec_sql().
 */
int bm_sq_exec_cached(sq_store *s, const char *sql);

/*
 * synchronous=NORMAL for a write whose commit is synced by the store itself
 * (a write transaction, sqlite.c) or not at all (a lazy session refresh,
 * sqlite_session.c); bm_sq_restore_sync() puts FULL back. 0 or the error.
 * The level cannot change inside a transaction: call both outside one.
 * A connection may stay lowered between transactions (the pipeline's
 * writer, sqlite.c: two PRAGMAs compiled per batch were ~2% of an audited
 * read): bm_sq_prep() and bm_sq_exec_sql() put FULL back before anything
 * that could write runs outside a transaction, so a write that commits on
 * its own is synced by SQLite as before.
 */
int bm_sq_lower_sync(sq_store *s);
int bm_sq_restore_sync(sq_store *s);

/* Steps a prepared write to SQLITE_DONE and releases it. */
int bm_sq_step_done(sq_store *s, sqlite3_stmt *st);
/* Steps a statement that answers one row and reads its first column as an integer into
 * *out; releases it either way. 0 or the error (no row is a database error). */
int bm_sq_step_int64(sq_store *s, sqlite3_stmt *st, int64_t *out);

/* Reads a vocabulary code column into its enum; unknown codes are corrupt data. */
int bm_sq_col_vocab(sqlite3_stmt *st, int i, const bm_vocab_entry *table, int count, int *out);

/* The audit list (sqlite_audit.c); see struct bm_store_ops for the contract. */
int bm_sq_audit_count(bm_store *bs, const bm_audit_filter *f, int64_t *out);
int bm_sq_audit_page(bm_store *bs, const bm_audit_filter *f, bool newest_first, int64_t offset,
                     int64_t limit, int64_t total, bm_audit_row_cb cb, void *ctx);
int bm_sq_audit_get(bm_store *bs, bm_arena *a, int64_t seq, bm_audit_row **out);
int bm_sq_audit_scan(bm_store *bs, const bm_audit_filter *f, int64_t after, int64_t last,
                     int64_t limit, bm_audit_row_cb cb, void *ctx);
int bm_sq_audit_actions(bm_store *bs, int (*cb)(const char *action, void *cls), void *cls);
int bm_sq_audit_range(bm_store *bs, int64_t after, int64_t last, int64_t limit, bm_audit_row_cb cb,
                      void *ctx);

/*
 * Registers the baomi_ngram FTS5 tokenizer (sqlite_ngram.c) on the handle;
 * every connection needs it before it touches carrier_ngram.
 */
int bm_sq_ngram_register(sq_store *s);

/*
 * When `query` is one term of the n-gram index (one character: its unigram;
 * two: their bigram), writes that term, folded as the tokenizer folds it,
 * into `out` (at least 9 bytes) and answers true: the query's rows are then
 * the term's rows, whose number carrier_ngram_vocab keeps (migration 43).
 */
bool bm_sq_ngram_term(const char *query, char *out);

/*
 * The `i`-th bigram (from 0) of `query` as the index has it (ASCII letters
 * folded) into `out` (at least 9 bytes): the term at position i of the
 * query's phrase. false when the query has no such bigram.
 */
bool bm_sq_ngram_bigram(const char *query, size_t i, char *out);

/* SYS-4 store operations (sqlite_session.c); see struct bm_store_ops for the contract. */
int bm_sq_session_insert(bm_store *bs, bm_session *sess);
int bm_sq_session_find(bm_store *bs, bm_arena *a, const char *token_hash, bm_session **out);
int bm_sq_session_touch(bm_store *bs, int64_t id, const char *last_seen_at);
int bm_sq_session_end(bm_store *bs, int64_t id, const char *ended_at, const char *reason);
int bm_sq_session_end_person(bm_store *bs, int64_t person_id, int64_t except_id,
                             const char *ended_at, const char *reason);
int bm_sq_session_open_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_session **out,
                            size_t *count);
int bm_sq_idempotency_find(bm_store *bs, bm_arena *a, int64_t person_id, const char *key,
                           bm_idem_row **out);
int bm_sq_idempotency_claim(bm_store *bs, const bm_idem_row *r, const char *purge_before);
int bm_sq_idempotency_answer(bm_store *bs, const bm_idem_row *r);
int bm_sq_filing_insert(bm_store *bs, bm_account_filing *f);
int bm_sq_filing_get(bm_store *bs, bm_arena *a, int64_t id, bm_account_filing **out);
int bm_sq_filing_decide(bm_store *bs, const bm_account_filing *f);
int bm_sq_filing_list(bm_store *bs, bm_arena *a, int64_t unit_id, const char *since, int limit,
                      bm_account_filing **out, size_t *count);
int bm_sq_filing_pending(bm_store *bs, bm_arena *a, int64_t person_id, bm_account_filing **out);
int bm_sq_filing_last_approved(bm_store *bs, bm_arena *a, int64_t person_id,
                               bm_account_filing **out);
int bm_sq_admin_alert_insert(bm_store *bs, bm_admin_alert *a);
int bm_sq_admin_alert_open(bm_store *bs, bm_arena *a, int64_t unit_id, const char *now,
                           bm_admin_alert **out, size_t *count);
int bm_sq_admin_alert_ack(bm_store *bs, int64_t unit_id, int64_t id, int64_t by, const char *at);
int bm_sq_admin_alert_ack_expired(bm_store *bs, int64_t unit_id, int64_t filing_id, const char *now,
                                  int64_t by);
int bm_sq_login_seen_get(bm_store *bs, bm_arena *a, int64_t person_id, bm_login_seen *out);
int bm_sq_login_seen_note(bm_store *bs, int64_t person_id, const char *ok_at,
                          const char *failed_at);
int bm_sq_login_failure_insert(bm_store *bs, const char *username, const char *at);
int bm_sq_login_failure_list(bm_store *bs, bm_arena *a, const char *username, const char *since,
                             const char ***out, size_t *count);
int bm_sq_login_failure_clear(bm_store *bs, const char *username);
int bm_sq_login_failure_purge(bm_store *bs, const char *before);
int bm_sq_password_history_insert(bm_store *bs, int64_t person_id, const char *password_hash,
                                  const char *at);
int bm_sq_password_history_list(bm_store *bs, bm_arena *a, int64_t person_id, int limit,
                                const char ***out, size_t *count);
int bm_sq_password_set_at(bm_store *bs, bm_arena *a, int64_t person_id, const char **out);

/*
 * Issue 3 store operations: requests, approvals, loans (sqlite_workflow.c).
 * SQ_REQUEST_COLS / SQ_LOAN_COLS select one row as bm_sq_read_request /
 * bm_sq_read_loan read it (into arena strings); append a WHERE clause. The
 * ledgers (sqlite_ledger.c) read the same rows the same way.
 */
#define SQ_REQUEST_COLS                                                                            \
	"SELECT r.id, r.unit_id, r.kind, r.status, r.requester_id, coalesce(r.department_id, 0),"  \
	" r.level, r.reason, r.params, r.chain, r.step, r.rule, r.created_at, r.updated_at,"       \
	" r.decided_at, r.executed_at,"                                                            \
	" (SELECT group_concat(carrier_id) FROM (SELECT carrier_id FROM request_item"              \
	"   WHERE request_id = r.id ORDER BY carrier_id)),"                                        \
	" p.name FROM request r LEFT JOIN person p ON p.id = r.requester_id "

#define SQ_LOAN_COLS                                                                               \
	"SELECT l.id, l.carrier_id, coalesce(l.request_id, 0), l.kind, l.holder_id, l.issued_by,"  \
	" l.issued_at, l.due_at, l.place, l.destination, l.purpose, l.signature, l.returned_at,"   \
	" coalesce(l.received_by, 0), l.return_note, l.incomplete, p.name, c.title,"               \
	" coalesce(c.level, -1)"                                                                   \
	" FROM loan l LEFT JOIN person p ON p.id = l.holder_id"                                    \
	" LEFT JOIN carrier c ON c.id = l.carrier_id "

int bm_sq_read_request(bm_arena *a, sqlite3_stmt *st, bm_request_row *r);
void bm_sq_read_loan(bm_arena *a, sqlite3_stmt *st, bm_loan_row *l);
int bm_sq_request_insert(bm_store *bs, bm_request_row *r);
int bm_sq_request_update(bm_store *bs, const bm_request_row *r);
int bm_sq_request_get(bm_store *bs, bm_arena *a, int64_t id, bm_request_row **out);
int bm_sq_request_list(bm_store *bs, bm_arena *a, const bm_request_filter *f, bm_request_row **out,
                       size_t *count, int64_t *total);
int bm_sq_approval_insert(bm_store *bs, bm_approval_row *ap);
int bm_sq_approval_list(bm_store *bs, bm_arena *a, int64_t request_id, bm_approval_row **out,
                        size_t *count);
int bm_sq_loan_insert(bm_store *bs, bm_loan_row *l);
int bm_sq_loan_update(bm_store *bs, const bm_loan_row *l);
int bm_sq_loan_get(bm_store *bs, bm_arena *a, int64_t id, bm_loan_row **out);
int bm_sq_loan_current(bm_store *bs, bm_arena *a, int64_t carrier_id, bm_loan_row **out);
int bm_sq_loan_open(bm_store *bs, bm_arena *a, int64_t holder_id, bm_loan_row **out, size_t *count);
int bm_sq_loan_list(bm_store *bs, bm_arena *a, int64_t carrier_id, bm_loan_row **out,
                    size_t *count);

/* Issue 3 records (sqlite_records.c); see struct bm_store_ops for the contract. */
int bm_sq_destruction_insert(bm_store *bs, bm_destruction_row *d);
int bm_sq_destruction_get(bm_store *bs, bm_arena *a, int64_t id, bm_destruction_row **out);
int bm_sq_destruction_for_carrier(bm_store *bs, bm_arena *a, int64_t carrier_id,
                                  bm_destruction_row **out);
int bm_sq_destruction_list(bm_store *bs, bm_arena *a, bm_destruction_row **out, size_t *count);
int bm_sq_level_change_insert(bm_store *bs, bm_level_change_row *r);
int bm_sq_level_change_list(bm_store *bs, bm_arena *a, int64_t carrier_id,
                            bm_level_change_row **out, size_t *count);
int bm_sq_handover_insert(bm_store *bs, bm_handover_row *h);
int bm_sq_handover_get(bm_store *bs, bm_arena *a, int64_t id, bm_handover_row **out);
int bm_sq_handover_finish(bm_store *bs, const bm_handover_row *h);
int bm_sq_handover_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_handover_row **out,
                        size_t *count);
int bm_sq_departure_insert(bm_store *bs, bm_departure_row *d);
int bm_sq_departure_last(bm_store *bs, bm_arena *a, int64_t person_id, bm_departure_row **out);
int bm_sq_carrier_linked(bm_store *bs, bm_arena *a, bm_carrier_link link, int64_t id, int64_t **ids,
                         size_t *count);
int bm_sq_carrier_max_serial(bm_store *bs, int64_t unit_id, const char *doc_number, int *out);

/* Issue 3 ledgers (sqlite_ledger.c); see struct bm_store_ops for the contract. */
int bm_sq_dispatch_insert(bm_store *bs, bm_dispatch_row *d);
int bm_sq_dispatch_get(bm_store *bs, bm_arena *a, int64_t id, bm_dispatch_row **out);
int bm_sq_dispatch_list(bm_store *bs, bm_arena *a, bool open_only, bm_dispatch_row **out,
                        size_t *count);
int bm_sq_dispatch_sign(bm_store *bs, int64_t dispatch_id, int64_t carrier_id,
                        const char *signed_at, const char *signed_by);
int bm_sq_dispatch_set_status(bm_store *bs, int64_t id, const char *status);
int bm_sq_dispatch_for_carrier(bm_store *bs, int64_t carrier_id, int64_t *dispatch_id);
int bm_sq_count_insert(bm_store *bs, bm_count_session_row *c);
int bm_sq_count_get(bm_store *bs, bm_arena *a, int64_t id, bm_count_session_row **out);
int bm_sq_count_list(bm_store *bs, bm_arena *a, bm_count_session_row **out, size_t *count);
int bm_sq_count_close(bm_store *bs, int64_t id, const char *closed_at, const char *result);
int bm_sq_count_tick(bm_store *bs, bm_arena *a, const bm_count_item_row *it,
                     bm_count_item_row **prev);
int bm_sq_count_items(bm_store *bs, bm_arena *a, int64_t session_id, bm_count_item_row **out,
                      size_t *count);
/*
 * sqlite_count_device.c: devices counted like carriers (INV-3/4, issue 10
 * point 3). bm_sq_count_device_apply writes a close's device lines, their
 * history events and statuses, in the close's transaction, before the
 * count's one incident is opened (it lists the device lines naming
 * ap->incident_id as well).
 */
int bm_sq_count_device_tick(bm_store *bs, bm_arena *a, int64_t session_id, int64_t device_id,
                            const char *note, const char *at, const char **first_at);
int bm_sq_count_device_lines(bm_store *bs, bm_arena *a, const bm_count_session_row *sess,
                             bm_count_device_line **out, size_t *count);
int bm_sq_count_device_apply(sq_store *s, const bm_count_session_row *sess,
                             const bm_count_apply *ap);

/* sqlite_device.c: the device register (DEV-1..7). */
int bm_sq_device_insert(bm_store *bs, bm_device *d);
int bm_sq_device_update(bm_store *bs, const bm_device *d);
int bm_sq_device_get(bm_store *bs, bm_arena *a, int64_t id, bm_device **out);
int bm_sq_device_list(bm_store *bs, bm_arena *a, int64_t unit_id, const bm_device_filter *f,
                      bm_device **out, size_t *count);
int bm_sq_device_held(bm_store *bs, int64_t person_id, size_t *out);
int bm_sq_device_event_add(bm_store *bs, const bm_device_event *e);
int bm_sq_device_events(bm_store *bs, bm_arena *a, int64_t device_id, bm_device_event **out,
                        size_t *count);
int bm_sq_device_repair_events(bm_store *bs, bm_arena *a, int64_t unit_id, bm_device_event **out,
                               size_t *count);
int bm_sq_device_password_due(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t holder_id,
                              const char *changed_by, bm_device **out, size_t *count);
int bm_sq_incident_insert(bm_store *bs, bm_incident_row *i);
int bm_sq_incident_update(bm_store *bs, const bm_incident_row *i);
int bm_sq_incident_get(bm_store *bs, bm_arena *a, int64_t id, bm_incident_row **out);
int bm_sq_incident_list(bm_store *bs, bm_arena *a, const char *status, int64_t carrier_id,
                        bm_incident_row **out, size_t *count);
int bm_sq_ledger_carrier_ids(bm_store *bs, bm_arena *a, const bm_ledger_query *q, int64_t **out,
                             size_t *count);
int bm_sq_loans_open_due(bm_store *bs, bm_arena *a, const char *due_before, bm_loan_row **out,
                         size_t *count);
int bm_sq_count_last_closed(bm_store *bs, bm_arena *a, const char *scope_kind, const char **out);
int bm_sq_ledger_loans(bm_store *bs, bm_arena *a, const char *kind, bool open_only,
                       bm_loan_row **out, size_t *count);
int bm_sq_register_entries(bm_store *bs, bm_arena *a, const char *reg, const char *cls,
                           bm_register_entry_row **out, size_t *count);
int bm_sq_ledger_requests(bm_store *bs, bm_arena *a, const char *status, bm_request_row **out,
                          size_t *count);

/* REG-3 personal letters (sqlite_letter.c); see struct bm_store_ops for the contract. */
int bm_sq_letter_insert(bm_store *bs, bm_letter_row *l);
int bm_sq_letter_update(bm_store *bs, const bm_letter_row *l);
int bm_sq_letter_get(bm_store *bs, bm_arena *a, int64_t id, bm_letter_row **out);
int bm_sq_letter_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t addressee_id,
                      const char *status, bm_letter_row **out, size_t *count);
int bm_sq_letter_link(bm_store *bs, int64_t letter_id, int64_t carrier_id);

/* The people register and training (sqlite_people.c, issue 10). */
int bm_sq_person_record_get(bm_store *bs, bm_arena *a, int64_t person_id, bm_person_record **out);
int bm_sq_person_record_set(bm_store *bs, const bm_person_record *r);
int bm_sq_person_event_insert(bm_store *bs, const bm_person_event *e);
int bm_sq_person_event_list(bm_store *bs, bm_arena *a, int64_t person_id, bm_person_event **out,
                            size_t *count);
int bm_sq_training_insert(bm_store *bs, bm_training *t);
int bm_sq_training_get(bm_store *bs, bm_arena *a, int64_t id, bm_training **out);
int bm_sq_training_list(bm_store *bs, bm_arena *a, int64_t unit_id, const char *from,
                        const char *to, bm_training **out, size_t *count);
int bm_sq_training_of_person(bm_store *bs, bm_arena *a, int64_t person_id, bm_training **out,
                             size_t *count);
int bm_sq_training_attend(bm_store *bs, int64_t session_id, int64_t person_id, int64_t by,
                          const char *at);
int bm_sq_training_sign(bm_store *bs, int64_t id, int64_t by, const char *at);
int bm_sq_training_hours(bm_store *bs, bm_arena *a, int64_t person_id, const char *from,
                         const char *to, bm_training_hours *out);
int bm_sq_trip_insert(bm_store *bs, bm_person_trip *t);
int bm_sq_trip_get(bm_store *bs, bm_arena *a, int64_t id, bm_person_trip **out);
int bm_sq_trip_update(bm_store *bs, const bm_person_trip *t);
int bm_sq_trip_report(bm_store *bs, int64_t id, const char *reported_on, const char *note);
int bm_sq_trip_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t person_id, bool open_only,
                    bm_person_trip **out, size_t *count);
/* SITE-1 key departments and places (sqlite_site.c); see struct bm_store_ops for the contract. */
int bm_sq_site_insert(bm_store *bs, bm_site_row *r);
int bm_sq_site_update(bm_store *bs, const bm_site_row *r);
int bm_sq_site_get(bm_store *bs, bm_arena *a, int64_t id, bm_site_row **out);
int bm_sq_site_list(bm_store *bs, bm_arena *a, const bm_site_filter *f, bm_site_row **out,
                    size_t *count);
int bm_sq_site_member_add(bm_store *bs, bm_site_member_row *m);
int bm_sq_site_member_remove(bm_store *bs, int64_t site_id, int64_t person_id, const char *kind,
                             int64_t removed_by, const char *removed_at);
int bm_sq_site_members(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_member_row **out,
                       size_t *count);
int bm_sq_site_staff_count(bm_store *bs, int64_t person_id, int64_t *out);
int bm_sq_site_measure_add(bm_store *bs, bm_site_measure_row *m);
int bm_sq_site_measures(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_measure_row **out,
                        size_t *count);
int bm_sq_site_visit_insert(bm_store *bs, bm_site_visit_row *v);
int bm_sq_site_visit_update(bm_store *bs, const bm_site_visit_row *v);
int bm_sq_site_visit_get(bm_store *bs, bm_arena *a, int64_t id, bm_site_visit_row **out);
int bm_sq_site_visits(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t site_id, bool open_only,
                      bm_site_visit_row **out, size_t *count);
int bm_sq_site_event_add(bm_store *bs, bm_site_event_row *e);
int bm_sq_site_events(bm_store *bs, bm_arena *a, int64_t site_id, bm_site_event_row **out,
                      size_t *count);

/* sqlite_selfcheck.c: the yearly self-assessment (INSP-4) */
int bm_sq_sa_insert(bm_store *bs, bm_sa_row *r);
int bm_sq_sa_sign(bm_store *bs, const bm_sa_row *r);
int bm_sq_sa_get(bm_store *bs, bm_arena *a, int64_t id, bm_sa_row **out);
int bm_sq_sa_find_year(bm_store *bs, bm_arena *a, int64_t unit_id, int year, bm_sa_row **out);
int bm_sq_sa_list(bm_store *bs, bm_arena *a, int64_t unit_id, bm_sa_row **out, size_t *count);
int bm_sq_sa_item_insert(bm_store *bs, bm_sa_item_row *r);
int bm_sq_sa_item_answer(bm_store *bs, const bm_sa_item_row *r);
int bm_sq_sa_items(bm_store *bs, bm_arena *a, int64_t assessment_id, bm_sa_item_row **out,
                   size_t *count);

/* sqlite_merit.c: the register of rewards and sanctions (INC-2, INSP-3) */
int bm_sq_merit_insert(bm_store *bs, bm_merit_row *m);
int bm_sq_merit_list(bm_store *bs, bm_arena *a, const bm_merit_filter *f, bm_merit_row **out,
                     size_t *count);

/* sqlite_report.c: the records behind the unit's reports (ORG-2) */
int bm_sq_report_facts(bm_store *bs, bm_arena *a, const bm_report_period *p, bm_report_fact **out,
                       size_t *count);
int bm_sq_report_delivery_insert(bm_store *bs, bm_report_delivery_row *r);
int bm_sq_report_delivery_find(bm_store *bs, bm_arena *a, int64_t unit_id, const char *kind,
                               const char *period, bm_report_delivery_row **out);
int bm_sq_report_delivery_list(bm_store *bs, bm_arena *a, int64_t unit_id, int64_t limit,
                               bm_report_delivery_row **out, size_t *count);

/*
 * git's banned.h habit: a statement from the cache must go back through
 * bm_sq_release(); finalising it would leave the cache a dangling pointer.
 * sqlite_util.c, which owns the cache, is the one file that finalises.
 */
#ifndef SQ_CACHE_OWNER
#undef sqlite3_finalize
#define sqlite3_finalize(st) sorry_sqlite3_finalize_is_banned_use_bm_sq_release(st)
#endif

/* Issue 9: the backup() and integrity_check() operations (sqlite_backup.c, store.h). */
int bm_sq_backup(bm_store *bs, const char *dest, bm_store_backup_info *out);
int bm_sq_integrity_check(bm_store *bs);

/* MEET-1/2 classified meetings (sqlite_meeting.c); see struct bm_store_ops for the contract. */
int bm_sq_meeting_insert(bm_store *bs, bm_meeting_row *r);
int bm_sq_meeting_update(bm_store *bs, const bm_meeting_row *r);
int bm_sq_meeting_get(bm_store *bs, bm_arena *a, int64_t id, bm_meeting_row **out);
int bm_sq_meeting_list(bm_store *bs, bm_arena *a, const bm_meeting_filter *f, bm_meeting_row **out,
                       size_t *count);
int bm_sq_meeting_participant_add(bm_store *bs, bm_meeting_participant_row *p);
int bm_sq_meeting_participant_remove(bm_store *bs, int64_t meeting_id, int64_t person_id,
                                     int64_t removed_by, const char *removed_at);
int bm_sq_meeting_participants(bm_store *bs, bm_arena *a, int64_t meeting_id,
                               bm_meeting_participant_row **out, size_t *count);
int bm_sq_meeting_document_add(bm_store *bs, bm_meeting_document_row *d);
int bm_sq_meeting_documents(bm_store *bs, bm_arena *a, int64_t meeting_id, int64_t loan_id,
                            bm_meeting_document_row **out, size_t *count);
int bm_sq_meeting_event_add(bm_store *bs, bm_meeting_event_row *e);
int bm_sq_meeting_events(bm_store *bs, bm_arena *a, int64_t meeting_id, bm_meeting_event_row **out,
                         size_t *count);

/* INSP-1/2 inspections and rectifications (sqlite_inspection.c); contract: struct bm_store_ops. */
int bm_sq_insp_insert(bm_store *bs, bm_insp_row *r);
int bm_sq_insp_get(bm_store *bs, bm_arena *a, int64_t id, bm_insp_row **out);
int bm_sq_insp_list(bm_store *bs, bm_arena *a, const bm_insp_filter *f, bm_insp_row **out,
                    size_t *count);
int bm_sq_insp_rect_insert(bm_store *bs, bm_insp_rectification *r);
int bm_sq_insp_rect_update(bm_store *bs, const bm_insp_rectification *r);
int bm_sq_insp_rect_get(bm_store *bs, bm_arena *a, int64_t id, bm_insp_rectification **out);
int bm_sq_insp_rect_list(bm_store *bs, bm_arena *a, const bm_insp_rect_filter *f,
                         bm_insp_rectification **out, size_t *count);
int bm_sq_insp_rect_event_add(bm_store *bs, bm_insp_rect_event *e);
int bm_sq_insp_rect_events(bm_store *bs, bm_arena *a, int64_t rectification_id,
                           bm_insp_rect_event **out, size_t *count);

/* ORG-1 the responsibility system (sqlite_duty.c); contract: struct bm_store_ops. */
int bm_sq_duty_member_insert(bm_store *bs, bm_duty_member *m);
int bm_sq_duty_member_end(bm_store *bs, const bm_duty_member *m);
int bm_sq_duty_member_get(bm_store *bs, bm_arena *a, int64_t id, bm_duty_member **out);
int bm_sq_duty_members(bm_store *bs, bm_arena *a, int64_t unit_id, bool all, bm_duty_member **out,
                       size_t *count);
int bm_sq_duty_dept_insert(bm_store *bs, bm_duty_dept *d);
int bm_sq_duty_dept_end(bm_store *bs, const bm_duty_dept *d);
int bm_sq_duty_depts(bm_store *bs, bm_arena *a, int64_t unit_id, bool all, bm_duty_dept **out,
                     size_t *count);
int bm_sq_duty_event_add(bm_store *bs, bm_duty_event *e);
int bm_sq_duty_events(bm_store *bs, bm_arena *a, int64_t unit_id, bm_duty_event **out,
                      size_t *count);

#endif
