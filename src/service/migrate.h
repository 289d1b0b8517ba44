/*
 * migrate.h — `baomi migrate` (issue 12 point 4): a unit moved between
 * engines with its whole history, a copy of its rows (not a replay of its
 * use cases), so its audit chain verifies on the target with the same events,
 * hashes and checkpoints.
 *
 * The source must pass `baomi check` first (its file, its chain against its
 * checkpoints, every bound row against the chain: SYS-3); a broken source is
 * refused and nothing is written. The target must be empty; opening it brings
 * it to the latest schema. In ONE write transaction on the target: every
 * table the target has, in the order of its foreign keys, row by row with the
 * ids kept (store.h copy_*), the audit events in seq order (each must follow
 * the chain's head); then, before the commit, each table's row count against
 * the source's, the chain verified (the same count and last hash) and every
 * bound row compared with the chain (the proof a row's canonical bytes are
 * the same on both engines). Anything that fails rolls the whole copy back:
 * the target stays empty. After the commit the target passes `baomi check`
 * against the same checkpoints. Nothing is written to the source, and no
 * event is added to the chain (it would change the last hash).
 */
#ifndef BM_SERVICE_MIGRATE_H
#define BM_SERVICE_MIGRATE_H

#include "common.h"
#include "service/check.h"

/* One table copied. */
typedef struct bm_migrate_table {
	char name[65];
	int64_t rows;
} bm_migrate_table;

typedef struct bm_migrate_report {
	bm_migrate_table *tables; /* in the order copied; bm_migrate_report_release frees */
	size_t n_tables;
	int64_t rows;                          /* rows copied in all */
	int64_t events;                        /* the chain's events, the same on both */
	char last_hash[BM_AUDIT_HASH_HEX + 1]; /* the chain's last hash, the same on both */
	int64_t checkpoints; /* checkpoints the target's chain was checked against */
	int64_t bound;       /* bound rows equal to the chain on the target */
	/* When the source failed its check: its report (else zeroed). */
	bm_check_report source;
} bm_migrate_report;

/*
 * Moves the unit at `from` into the empty database `to`: a SQLite file to a
 * PostgreSQL URL, or back into a new SQLite file ("migrate_same_engine"
 * otherwise).
 * `opts` (may be NULL) names the checkpoints and the audit key, used for both.
 * Errors: "source_check_failed" (SYS-3, BM_ECORRUPT; out->source says why),
 * "target_not_empty" (BM_ECONFLICT), "migrate_rows_differ" and
 * "migrate_chain_differs" (BM_ECORRUPT: the copy was rolled back), the
 * target's check failing after the commit ("check_failed"), or the store's.
 * Release `*out` with bm_migrate_report_release in every case.
 */
int bm_migrate_run(const char *from, const char *to, const bm_check_opts *opts,
                   bm_migrate_report *out);

void bm_migrate_report_release(bm_migrate_report *r);

#endif
