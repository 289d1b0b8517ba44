/*
 * pg_int.h — private to the PostgreSQL back end (pg*.c, issue 12).
 *
 * One libpq connection per store handle. Every statement is parameterised
 * (PQexecParams, text format); values come back as text and are converted
 * here. Errors map SQLSTATE classes to the store's codes (pg_util.c).
 */
#ifndef BM_PG_INT_H
#define BM_PG_INT_H

#include <libpq-fe.h>

#include "common.h"
#include "store/store.h"
#include "util/buf.h"

typedef struct pg_store {
	bm_store base; /* first: a bm_store * is a pg_store * */
	PGconn *conn;
	bool in_tx;
	bool read_tx;
	/*
	 * Every write transaction takes the chain's head first (pg_begin), once
	 * the migrations have made it: writers on every server sharing the
	 * database queue there, as SQLite's one writer does, so no two can
	 * wait on each other's rows in a cycle.
	 */
	bool head_first;
	/*
	 * bm_touched, the session's list of bound rows written (pg_audit.c), is
	 * made just before the first statement that may write (bm_pg_query:
	 * bm_pg_may_write), never for a read, so a connection that only reads
	 * or writes no row of a bound table writes no catalog row for it:
	 * `touched` once it stands for the session (made outside a transaction,
	 * or by one that committed), `touched_tx` while the open transaction
	 * made it (its rollback, or one to a savepoint, may take it away);
	 * `touch_guard` on a connection opened for writing (its migrations too).
	 */
	bool touched;
	bool touched_tx;
	bool touched_maybe; /* touched_tx until a rollback to a savepoint: it may stand */
	bool touch_guard;
} pg_store;

static inline pg_store *bm_pg_of(bm_store *bs)
{
	return (pg_store *)bs;
}

/* Up to 40 parameters of one statement, as text (NULL for SQL NULL). */
#define BM_PG_MAX_PARAMS 40
typedef struct bm_pg_params {
	const char *v[BM_PG_MAX_PARAMS];
	char num[BM_PG_MAX_PARAMS][24];
	int n;
} bm_pg_params;

void bm_pg_p_text(bm_pg_params *p, const char *v);
void bm_pg_p_i64(bm_pg_params *p, int64_t v);
void bm_pg_p_id(bm_pg_params *p, int64_t id); /* 0: NULL */
void bm_pg_p_bool(bm_pg_params *p, bool v);

/*
 * A read, decide and write-back use case's row lock (pg_workflow.c's header): in a write
 * transaction (*lock true) takes the audit chain's head FOR UPDATE, held to the commit, so
 * the row's FOR UPDATE that follows is always taken after the head; in a read snapshot or
 * outside a transaction *lock is false and nothing is locked. 0 or the error.
 */
int bm_pg_lock_head(pg_store *s, bool *lock);
/*
 * Makes the session's bm_touched unless this connection made it already
 * (pg_store.touched, .touched_tx). 0 or the error.
 */
int bm_pg_touched(pg_store *s);
/*
 * Whether `sql` may write a row of a bound table: anything but a SELECT (the
 * store's call no function that writes), SHOW, a transaction's own statement
 * and the writes of a login and of an audit event (tables neither bound nor
 * writing one by trigger); a leading comment counts as a write.
 */
bool bm_pg_may_write(const char *sql);
/* Whether the session's bm_touched may hold rows (pg_bound_take); 0 or the error. */
int bm_pg_touched_exists(pg_store *s, bool *out);
/* The error of a failed result (SQLSTATE mapped), which is cleared; returns the code. */
int bm_pg_fail(pg_store *s, PGresult *r);
/* Runs `sql` without parameters; 0 or the error. */
int bm_pg_exec(pg_store *s, const char *sql);
/*
 * Runs `sql` with `p` (may be NULL); the result (rows or none) in *out, to
 * PQclear, or the error with *out NULL.
 */
int bm_pg_query(pg_store *s, const char *sql, const bm_pg_params *p, PGresult **out);
/* Runs `sql` with `p` and expects no rows back. */
int bm_pg_run(pg_store *s, const char *sql, const bm_pg_params *p);
/*
 * Runs a write `sql` … RETURNING (an UPDATE, or an INSERT … ON CONFLICT DO NOTHING) with `p`;
 * *changed says whether it touched a row (the caller words the not-found). 0 or the error.
 */
int bm_pg_changed(pg_store *s, const char *sql, const bm_pg_params *p, bool *changed);
/* Runs an INSERT … RETURNING id and puts the id in *id. */
int bm_pg_insert_id(pg_store *s, const char *sql, const bm_pg_params *p, int64_t *id);

/* Column values of row `r`: NULL text stays NULL; integers read 0 when NULL. */
const char *bm_pg_text(bm_arena *a, PGresult *res, int r, int c);
int64_t bm_pg_i64(PGresult *res, int r, int c);
bool bm_pg_null(PGresult *res, int r, int c);
/*
 * Column c of row r holding ids as "12,15,3" (a string_agg of the ids of a row's items)
 * as an arena array in that order in *out (NULL, 0 for NULL or ""), or corrupt_row.
 */
int bm_pg_ids(bm_arena *a, PGresult *res, int r, int c, int64_t **out, size_t *count);
/* A stored vocabulary code (column c of row r) as its index, or a corrupt_row error. */
int bm_pg_vocab(PGresult *res, int r, int c, const bm_vocab_entry *table, int count, int *out);

/* Reads row `r` of `res` into `item` (zeroed before the call); 0 or the error. */
typedef int (*bm_pg_row_reader)(bm_arena *a, PGresult *res, int r, void *item);
/*
 * Runs `sql` with `p` and reads every row with `read` into an arena array of
 * `elem`-sized items (sqlite_util.c's bm_sq_collect): *out (never NULL on
 * success, owned by the arena) and *count, written only on success.
 */
int bm_pg_collect(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p, size_t elem,
                  bm_pg_row_reader read, void **out, size_t *count);

/*
 * A use case's read of one row (the *_get operations that read, decide and write back):
 * in a write transaction takes the chain's head (bm_pg_lock_head) and runs `locked`, the
 * same query with the row's FOR UPDATE; otherwise `sql`. The first row, read with `read`
 * into an arena item (owned by the arena), in *out, or NULL when there is none (the
 * caller words the not-found); 0 or the error.
 */
int bm_pg_get(pg_store *s, bm_arena *a, const char *sql, const char *locked, const bm_pg_params *p,
              size_t elem, bm_pg_row_reader read, void **out);

/* BM_ENOTIMPL-like refusal of an operation not yet built on PostgreSQL (pg_todo.c). */
int bm_pg_not_yet(const char *op);
/* Fills every NULL operation of `ops` (but the pipeline's optional halves) with a refusal. */
void bm_pg_fill_todo(struct bm_store_ops *ops);

/*
 * A carrier row as the ledger reads it (pg_carrier.c, shared with pg_ledger.c): the
 * columns over `carrier c` and the joins that name its keeper, place, department and
 * approver, read by bm_pg_read_carrier (scope not loaded: n_scope 0).
 */
/* A loan's columns (pg_workflow.c's read order) and every row of a query on them. */
#define BM_PG_LOAN_COLS                                                                            \
	"SELECT l.id, l.carrier_id, coalesce(l.request_id, 0), l.kind, l.holder_id, l.issued_by,"  \
	" l.issued_at, l.due_at, l.place, l.destination, l.purpose, l.signature, l.returned_at,"   \
	" coalesce(l.received_by, 0), l.return_note, l.incomplete, p.name, c.title,"               \
	" coalesce(c.level, -1)"                                                                   \
	" FROM loan l LEFT JOIN person p ON p.id = l.holder_id"                                    \
	" LEFT JOIN carrier c ON c.id = l.carrier_id "
int bm_pg_loan_rows(pg_store *s, bm_arena *a, const char *sql, const bm_pg_params *p,
                    bm_loan_row **out, size_t *count);

#define BM_PG_CARRIER_COLS                                                                         \
	"c.id, c.unit_id, c.kind, c.title, c.doc_number, coalesce(c.serial_number, 0), c.pages,"   \
	" c.copies, c.producer, c.sender, c.level, c.original_level, c.period_kind,"               \
	" coalesce(c.period_years, 0), c.period_until, c.period_event, c.review_date,"             \
	" c.period_start, c.origin, c.urgency, c.received_on, c.registered_at,"                    \
	" coalesce(c.department_id, 0), coalesce(c.custodian_id, 0), coalesce(c.place_id, 0),"     \
	" c.status, coalesce(c.copy_of, 0), coalesce(c.extract_of, 0), coalesce(c.volume_id, 0),"  \
	" c.note, coalesce(c.registered_by, 0), c.updated_at, cp.name, sp.name, cd.name,"          \
	" c.keep_reason, coalesce(c.keep_approver_id, 0), c.keep_until, ka.name,"                  \
	" cm.original_marking, cm.original_marking_en, cm.changed_on, coalesce(cm.declassified, "  \
	"0), coalesce(c.classifier_id, 0), c.classification_basis,"                                \
	" (SELECT cf.name FROM person cf WHERE cf.id = c.classifier_id)"
#define BM_PG_CARRIER_JOINS                                                                        \
	" LEFT JOIN person cp ON cp.id = c.custodian_id"                                           \
	" LEFT JOIN storage_place sp ON sp.id = c.place_id"                                        \
	" LEFT JOIN department cd ON cd.id = c.department_id"                                      \
	" LEFT JOIN person ka ON ka.id = c.keep_approver_id"                                       \
	" LEFT JOIN carrier_marking cm ON cm.carrier_id = c.id"
int bm_pg_read_carrier(bm_arena *a, PGresult *r, int i, bm_carrier *c);

/*
 * The ledger's filter (pg_ledger.c, shared with pg_count.c): the WHERE clause of a
 * carrier filter over `carrier c` and the parameter row v (BM_PG_VIEWER_ROW, $1..$19:
 * the viewer's SYS-2 facts, then each filter, NULL when not asked), so a statement
 * names every parameter whatever it filters on; a statement's own ones follow ($20..).
 */
#define BM_PG_VIEWER_ROW                                                                           \
	" CROSS JOIN (SELECT $1::bigint AS pid, $2::bigint AS dept, $3::bigint AS clear,"          \
	" $4::bigint AS clerk, $5::bigint AS unit, $6::text[] AS outs, $7::bigint AS level,"       \
	" $8::text AS status, $9::text AS kind, $10::text AS origin, $11::bigint AS f_dept,"       \
	" $12::bigint AS custodian, $13::bigint AS place, $14::bigint AS derived,"                 \
	" $15::text AS since, $16::text AS before, $17::text AS q, $18::text AS pat,"              \
	" $19::bigint AS after) v"
#define BM_PG_VIEWER_PARAMS 19
/* A built statement: its WHERE clause and the parameter row's values. */
typedef struct bm_pg_ledger_sql {
	bm_buf where;
	bm_pg_params p;
	char outs[160];
	char *q, *pat;
	bool short_query; /* one or two characters: carrier_gram */
} bm_pg_ledger_sql;
/* Builds ls->where (released by the caller with bm_buf_release) and ls->p for `f`. */
int bm_pg_ledger_filter(bm_arena *a, const bm_carrier_filter *f, bm_pg_ledger_sql *ls);

/* The eleven columns of an audit event, in bm_audit_row's order (pg_audit.c, pg_audit_list.c). */
#define BM_PG_AUDIT_COLS                                                                           \
	"SELECT seq, at, actor, action, object, outcome, rule, detail, alg, prev_hash, hash"       \
	" FROM audit_event"
/* Hands each row of `r` (BM_PG_AUDIT_COLS) to `cb`, borrowed for the call; stops at cb's error. */
int bm_pg_audit_rows(PGresult *r, bm_audit_row_cb cb, void *ctx);

/* The operations of each file, filled into the table by pg.c. */
void bm_pg_org_ops(struct bm_store_ops *ops);
void bm_pg_audit_ops(struct bm_store_ops *ops);
void bm_pg_session_ops(struct bm_store_ops *ops);
void bm_pg_account_ops(struct bm_store_ops *ops);
void bm_pg_people_ops(struct bm_store_ops *ops);
void bm_pg_carrier_ops(struct bm_store_ops *ops);
void bm_pg_ledger_ops(struct bm_store_ops *ops);
void bm_pg_workflow_ops(struct bm_store_ops *ops);
void bm_pg_device_ops(struct bm_store_ops *ops);
void bm_pg_site_ops(struct bm_store_ops *ops);
void bm_pg_meeting_ops(struct bm_store_ops *ops);
void bm_pg_audit_list_ops(struct bm_store_ops *ops);
void bm_pg_handover_ops(struct bm_store_ops *ops);
void bm_pg_backup_ops(struct bm_store_ops *ops);
/*
 * One line of PostgreSQL's COPY text format split at its tabs into at most
 * `max` fields (in place: field[k] points into `line`), each unescaped
 * (\b \f \n \r \t \v \\, \ooo, \xhh); a NULL (\N) is field[k] == NULL.
 * *n the number of fields; -1 when there are more than `max`.
 */
int bm_pg_copy_fields(char *line, char **field, size_t max, size_t *n);
void bm_pg_oversight_ops(struct bm_store_ops *ops);
void bm_pg_report_ops(struct bm_store_ops *ops);
void bm_pg_count_ops(struct bm_store_ops *ops);
void bm_pg_copy_ops(struct bm_store_ops *ops);

#endif
