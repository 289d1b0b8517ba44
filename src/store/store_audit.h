/*
 * store/store_audit.h — the audit chain as stored (rows in seq order; the
 * chain rule lives in audit/audit.h).
 *
 * Part of the store interface: include "store/store.h", which includes
 * every domain's records and holds the table of operations (bm_store_ops)
 * that reads and writes them. Ownership and conventions: store.h.
 */
#ifndef BM_STORE_AUDIT_H
#define BM_STORE_AUDIT_H

#include "common.h"
#include "model/vocab.h"

/*
 * One audit event as stored. The chain rule and canonical bytes are
 * documented in audit/audit.h; the store only keeps rows in `seq` order.
 */
typedef struct bm_audit_row {
	int64_t seq;
	const char *at;
	const char *actor; /* username or "-" */
	const char *action;
	const char *object;  /* "carrier:12", "" */
	const char *outcome; /* "ok", "refused", "failed" */
	const char *rule;    /* REGULATIONS.md ID or "" */
	const char *detail;  /* compact JSON object */
	const char *alg;     /* "sm3" */
	const char *prev_hash;
	const char *hash;
} bm_audit_row;

typedef int (*bm_audit_row_cb)(const bm_audit_row *row, void *ctx);

#endif
