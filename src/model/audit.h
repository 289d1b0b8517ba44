/*
 * model/audit.h — the audit chain as stored (rows in seq order; the
 * chain rule lives in audit/audit.h).
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_AUDIT_H
#define BM_MODEL_AUDIT_H

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

/*
 * Which events an audit query keeps; NULL or "" = any. Strings are
 * borrowed for the call. `since` and `before` are instants in the stored
 * form of `at` ("YYYY-MM-DDTHH:MM:SSZ", which compares as it sorts).
 */
typedef struct bm_audit_filter {
	const char *actor;   /* equal */
	const char *action;  /* starts with (bytes): "carrier." */
	const char *outcome; /* equal */
	const char *rule;    /* equal */
	const char *since;   /* at >= since */
	const char *before;  /* at < before */
	/*
	 * One of these actions (an IN list on the action index): the business
	 * events or the reads, resolved by the service from the actions the
	 * chain holds (model/audit_words.h). Ignored when n_actions is 0.
	 */
	const char *const *actions;
	size_t n_actions;
} bm_audit_filter;

/*
 * The chain's hash, as every row records it (audit/audit.h holds the chain
 * rule and computes it).
 */
#define BM_AUDIT_ALG      "sm3"
#define BM_AUDIT_HASH_HEX 64 /* SM3 digest as lower-case hex */

/* What a walk of the chain found (bm_audit_verify, bm_svc_audit_verify). */
typedef struct bm_audit_verify_result {
	int64_t count;                         /* events that verified (all of them when intact) */
	int64_t first_bad_seq;                 /* 0 when intact; else the first event that fails */
	char reason[256];                      /* English, why it failed */
	char last_hash[BM_AUDIT_HASH_HEX + 1]; /* hash of the last event when intact, else "" */
	int64_t checkpoints; /* signed checkpoints the chain was checked against */
	int64_t anchored;    /* the last event a checkpoint confirmed (0: none) */
} bm_audit_verify_result;

/*
 * Issue 9 point 3 (SYS-3): the ledger tables whose rows are bound to the
 * chain. Every audit event records, under "bound_rows" in its detail, the
 * digest of each row of these tables the use case wrote (audit/audit.h);
 * `baomi check` compares them with the rows as they stand. The first four
 * are the ledger's (migration 19); the rest are the registers of issue 10
 * (people, training, trips, devices, key sites), bound from migration 32,
 * and the inspections and rectification notices of issue 11 point 5,
 * bound since their tables were made (migration 33, floor 0),
 * the self-assessments of INSP-4 (migration 34, floor 0), and the
 * meetings and the reward and sanction register of issue 11, bound from
 * migration 35, and the responsibility system of ORG-1 (migration 40,
 * floor 0). A count's lines (carriers' and devices') are not bound row
 * by row: their digest is in the count's close event.
 * training_attendance has no id column: its bound id is
 * session_id * 2^28 + person_id (BM_BOUND_ATTENDANCE_SHIFT).
 */
#define BM_BOUND_TABLES                                                                            \
	{                                                                                          \
		"carrier", "loan", "request", "person", "person_event", "training_session",        \
		        "training_attendance", "person_trip", "device", "device_event", "site",    \
		        "site_member", "site_measure", "site_visit", "site_event", "inspection",   \
		        "rectification", "rectification_event", "self_assessment",                 \
		        "self_assessment_item", "meeting", "meeting_participant",                  \
		        "meeting_document", "meeting_event", "merit", "report_delivery",           \
		        "duty_member", "duty_department", "duty_event", "register_entry"           \
	}
#define BM_BOUND_TABLE_COUNT      30
#define BM_BOUND_ATTENDANCE_SHIFT 28

/*
 * Issue 17 point 5: a use case that writes more than BM_BOUND_SET_MIN rows
 * of one table binds them as one set ("bound_sets", audit/audit.h) instead
 * of one "bound_rows" entry each; the rows' digests go to the store in
 * chunks of BM_BOUND_CHUNK (store.h, bound_set_put).
 */
#define BM_BOUND_SET_MIN 1000
#define BM_BOUND_CHUNK   1024
#define BM_BOUND_DIGEST  32 /* bytes of one row digest (SM3) */

/*
 * A bound row as the store hands it out: its table (one of
 * BM_BOUND_TABLES, a static string), its id, and its canonical bytes
 * (store.h), or NULL and 0 when the row no longer exists. Borrowed for the
 * call; a non-zero return stops the walk and is returned.
 */
typedef int (*bm_bound_row_cb)(void *ctx, const char *table, int64_t id, const unsigned char *bytes,
                               size_t n);

/*
 * One stored chunk of a bound set (store.h, bound_set_scan): the event
 * `seq`, the table (one of BM_BOUND_TABLES, static), the chunk's number
 * from 0, and `n` rows: ids[i] and digests + i * BM_BOUND_DIGEST (all zero
 * for a row the use case deleted). Borrowed for the call; a non-zero
 * return stops the walk and is returned.
 */
typedef int (*bm_bound_chunk_cb)(void *ctx, int64_t seq, const char *table, int64_t chunk,
                                 const int64_t *ids, const unsigned char *digests, size_t n);

#endif
