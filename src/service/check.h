/*
 * check.h — `baomi check`: is this database what its chain says it is?
 * (issue 9 points 3 and 4, SYS-3)
 *
 * One read-only pass over a database file, never migrating or writing it:
 *   1. SQLite's integrity check of the whole file;
 *   2. the audit chain, against every signed checkpoint found beside the
 *      database or given (the same verification as `baomi audit verify`);
 *   3. the ledger binding: every row of the bound tables (BM_BOUND_TABLES,
 *      model/audit.h) is compared with the digest the last event that wrote
 *      it recorded ("bound_rows", or a "bound_sets" entry whose kept row
 *      digests (store.h, bound_set_scan) must give the event's set digest,
 *      else BM_CHECK_SET_BROKEN; audit/audit.h). A row that differs was changed after
 *      that event; a row the chain has but the table lacks was deleted; a row
 *      no event recorded is not in the chain — unless its id is at most its
 *      table's floor (store migration 19, or 32 for the registers: the
 *      largest id when the binding began on an older ledger), when it is
 *      counted as "not bound (before binding)" and does not fail the check.
 *
 * A library call for whoever needs the verdict (the CLI, a backup after its
 * copy): bm_check_run(path, opts, &report).
 */
#ifndef BM_SERVICE_CHECK_H
#define BM_SERVICE_CHECK_H

#include "common.h"
#include "model/data.h"
#include "util/error.h"

typedef enum bm_check_kind {
	BM_CHECK_CHANGED,      /* the row is not what the last event that wrote it recorded */
	BM_CHECK_DELETED,      /* the chain recorded the row; the table no longer has it */
	BM_CHECK_NOT_IN_CHAIN, /* no event recorded the row, and binding had begun */
	/*
	 * Issue 17 point 5: the row digests the store kept for event `seq`'s
	 * bound set of `table` (id 0) do not give the set's digest, count or
	 * ids, are missing, or no event recorded them.
	 */
	BM_CHECK_SET_BROKEN,
} bm_check_kind;

/* One row that does not match the chain. */
typedef struct bm_check_finding {
	const char *table; /* one of BM_BOUND_TABLES (static) */
	int64_t id;
	bm_check_kind kind;
	int64_t seq; /* the last event that recorded the row (0: none) */
} bm_check_finding;

/* Where the checkpoints come from; every field may be NULL. */
typedef struct bm_check_opts {
	const char *checkpoints; /* a checkpoint file; NULL: DB.checkpoints when it exists */
	const char *audit_key;   /* the unit's key; NULL: DB.sm2key */
	const char *code;        /* a 校验码 from the paper register that must be found */
	/*
	 * Only the ledger binding (3.): the caller has checked the file's
	 * integrity and its chain against the checkpoints itself (a backup's
	 * copy, which nothing writes); the report then says integrity "ok" and
	 * the chain intact without checking them again.
	 */
	bool ledger_only;
} bm_check_opts;

typedef struct bm_check_report {
	/* 1. the file */
	bool integrity_ok;
	char integrity[512]; /* "ok", or SQLite's first findings */
	/* 2. the chain: chain_rc 0 intact, BM_ECORRUPT broken, other: not checkable */
	int chain_rc;
	bm_error chain_error; /* why, when chain_rc != 0 */
	bm_audit_verify_result chain;
	bool checkpoints_found; /* a checkpoint file was read */
	/* 3. the ledger */
	int64_t rows;               /* rows of the bound tables */
	int64_t bound;              /* rows equal to their last recorded digest */
	int64_t before_binding;     /* rows last written before binding began (not failures) */
	int64_t set_rows;           /* row digests kept for the chain's bound sets, all matching */
	int64_t binding_seq;        /* the event count when binding began (0: from the start) */
	bm_check_finding *findings; /* by table, then id; bm_check_report_release frees */
	size_t n_findings;
	bool ok; /* all three clean */
} bm_check_report;

/*
 * Checks the database `db` (PATH or sqlite:PATH), opened read-only (an
 * older schema is refused, never migrated; the file is not changed).
 * Returns 0 when every check passes, BM_ECORRUPT (error "check_failed",
 * rule SYS-3, naming what failed) when any does — `*out` is filled in both
 * cases — or another error when the database cannot be read at all (then
 * `*out` holds nothing to free). `opts` may be NULL. Release `*out` with
 * bm_check_report_release.
 */
int bm_check_run(const char *db, const bm_check_opts *opts, bm_check_report *out);

/*
 * The ledger part of bm_check_run (rows against the digests the chain
 * recorded) on `store`, inside the caller's open read snapshot: a
 * PostgreSQL backup checks the very snapshot pg_dump copies (issue 12
 * point 4). Returns as bm_check_run; integrity and chain are left to the
 * caller (reported as passed).
 */
int bm_check_ledger_in(bm_store *store, bm_check_report *out);

/* Frees what a report holds (not the struct). */
void bm_check_report_release(bm_check_report *r);

/*
 * One finding said in zh and en, e.g. "载体 carrier:5 在第 12 条审计事件之后被改动" /
 * "carrier:5 changed after event 12"; each buffer holds `size` bytes.
 */
void bm_check_finding_text(const bm_check_finding *f, char *zh, char *en, size_t size);

/* "changed", "deleted", "not_in_chain" (stable codes for JSON). */
const char *bm_check_kind_code(bm_check_kind k);

#endif
