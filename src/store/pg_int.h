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

typedef struct pg_store {
	bm_store base; /* first: a bm_store * is a pg_store * */
	PGconn *conn;
	bool in_tx;
	bool read_tx;
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
/* Runs an INSERT … RETURNING id and puts the id in *id. */
int bm_pg_insert_id(pg_store *s, const char *sql, const bm_pg_params *p, int64_t *id);

/* Column values of row `r`: NULL text stays NULL; integers read 0 when NULL. */
const char *bm_pg_text(bm_arena *a, PGresult *res, int r, int c);
int64_t bm_pg_i64(PGresult *res, int r, int c);
bool bm_pg_null(PGresult *res, int r, int c);
/* A stored vocabulary code (column c of row r) as its index, or a corrupt_row error. */
int bm_pg_vocab(PGresult *res, int r, int c, const bm_vocab_entry *table, int count, int *out);

/* BM_ENOTIMPL-like refusal of an operation not yet built on PostgreSQL (pg_todo.c). */
int bm_pg_not_yet(const char *op);
/* Fills every NULL operation of `ops` (but the pipeline's optional halves) with a refusal. */
void bm_pg_fill_todo(struct bm_store_ops *ops);

/* The operations of each file, filled into the table by pg.c. */
void bm_pg_org_ops(struct bm_store_ops *ops);
void bm_pg_audit_ops(struct bm_store_ops *ops);
void bm_pg_session_ops(struct bm_store_ops *ops);
void bm_pg_account_ops(struct bm_store_ops *ops);
void bm_pg_people_ops(struct bm_store_ops *ops);
void bm_pg_carrier_ops(struct bm_store_ops *ops);

#endif
