/*
 * model/workflow.h — the approval workflows: requests, approvals, loans.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_WORKFLOW_H
#define BM_MODEL_WORKFLOW_H

#include "common.h"
#include "model/vocab.h"

/*
 * Issue 3: the approval workflows. A request asks for one operation (bm_op)
 * on zero or more carriers; its approvers come from the unit's policy.
 */
typedef struct bm_request_row {
	int64_t id;
	int64_t unit_id;
	bm_op op;
	const char *status; /* pending, approved, rejected, withdrawn, executed, expired */
	int64_t requester_id;
	int64_t department_id; /* whose role holders approve; 0 = unit */
	bm_level level;        /* the level that chose the chain */
	const char *reason;
	const char *params; /* kind-specific facts, compact JSON object */
	const char *chain;  /* approver role codes in order, JSON array */
	int step;           /* approvals given so far */
	const char *rule;   /* the rule that requires the approval */
	const char *created_at;
	const char *updated_at;
	const char *decided_at;
	const char *executed_at;
	int64_t *carrier_ids; /* request_item rows (filled by request_get) */
	size_t n_carriers;
	const char *requester_name; /* display, filled on reads */
	/* display, filled by list reads (issue 14 point 3): each carrier named, in
	 * carrier_ids' order, NULL where not found; NULL on other reads */
	const struct bm_carrier *const *carriers;
} bm_request_row;

typedef struct bm_approval_row {
	int64_t id;
	int64_t request_id;
	int step;
	bm_role role;
	int64_t approver_id;
	bool approved; /* false = rejected */
	const char *comment;
	const char *at;
	const char *approver_name; /* display, filled on reads */
} bm_approval_row;

typedef struct bm_request_filter {
	int64_t requester_id; /* 0 = any */
	const char *status;   /* NULL = any */
	int op;               /* -1 = any */
	int64_t carrier_id;   /* 0 = any */
	int limit, offset;
} bm_request_filter;

/* An issue against signature and its return (BORROW, CARRY, CIRC). */
typedef struct bm_loan_row {
	int64_t id;
	int64_t carrier_id;
	int64_t request_id; /* 0 = none (circulation by the clerk) */
	const char *kind;   /* borrow, read_on_site, take_out, circulation */
	int64_t holder_id;
	int64_t issued_by;
	const char *issued_at;
	const char *due_at; /* instant */
	const char *place;
	const char *destination;
	const char *purpose;
	/*
	 * The holder's receipt (REG-1, CIRC-5): BM_RECEIPT_MARK_PASSWORD (their
	 * own password at the desk), BM_RECEIPT_MARK_PAPER (by hand on the
	 * printed register); any other text is a name typed before issue 14,
	 * which is never shown as a signature (bm_loan_receipt).
	 */
	const char *signature;
	const char *returned_at; /* NULL while out */
	int64_t received_by;
	const char *return_note;
	bool incomplete;
	const char *holder_name; /* display, filled on reads */
	const char *carrier_title;
	bool overdue;      /* set by bm_svc_loans_out: out and now > due_at */
	int carrier_level; /* the carrier's level now (a bm_level), -1 unknown; filled on reads */
} bm_loan_row;

#define BM_RECEIPT_MARK_PASSWORD "#password"
#define BM_RECEIPT_MARK_PAPER    "#paper"

/* How a loan's receipt was confirmed: "password", "paper" or "typed" (before issue 14). */
static inline const char *bm_loan_receipt(const char *signature)
{
	if (signature && strcmp(signature, BM_RECEIPT_MARK_PASSWORD) == 0)
		return "password";
	if (signature && strcmp(signature, BM_RECEIPT_MARK_PAPER) == 0)
		return "paper";
	return "typed";
}

#endif
