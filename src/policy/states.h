/*
 * states.h — what state a carrier must be in for an operation: in store to
 * be sent, lent, passed on, re-marked or returned to its issuer; out to be
 * taken back; not on loan to be destroyed; still in the ledger to widen its
 * scope or join a volume. Same contract as rules.h: facts in, a
 * bm_decision out; no I/O.
 */
#ifndef BM_STATES_H
#define BM_STATES_H

#include "policy/rules.h"

/* The operation whose state is checked, and the rule that asks for it. */
typedef enum bm_carrier_need {
	BM_NEED_SEND,        /* SEND-4: in store to be sent */
	BM_NEED_LEND,        /* BORROW-4: in store, never re-lent */
	BM_NEED_PASS,        /* CIRC-2: back at the desk before the next reader */
	BM_NEED_RETURN,      /* CIRC-2: out on loan to be taken back */
	BM_NEED_MARK,        /* LEVEL-8: in store to change its marking */
	BM_NEED_CLEAR_OUT,   /* KEEP-3: back in store to be returned to the issuer */
	BM_NEED_DESTROY,     /* DESTROY-1: not out on loan */
	BM_NEED_WIDEN,       /* CIRC-1: still in the ledger */
	BM_NEED_VOLUME_PART, /* LEVEL-5: still in the ledger to join a volume */
	BM_NEED_VOLUME,      /* LEVEL-5: the volume still in the ledger to take parts */
} bm_carrier_need;

/* A carrier's state as the checks see it. */
typedef struct bm_carrier_state {
	int64_t id;
	bm_status status;
	bool on_loan; /* a loan of it is open */
} bm_carrier_state;

/*
 * May the carrier `c` undergo the operation `need` names? Refuses
 * (not_in_store, not_available, not_out, on_loan, not_in_ledger; BM_ECONFLICT,
 * BM_EDENIED for BORROW-4/CIRC-2's "never passed on") under the need's rule.
 */
bool bm_rules_carrier_state(bm_decision *out, bm_carrier_need need, const bm_carrier_state *c);

#endif
