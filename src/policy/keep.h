/*
 * keep.h — the pure decisions of the ledger's custody: where a carrier is
 * kept (KEEP-1, REG-4), by whom (KEEP-1, PERSON-1), under which personal
 * keeping terms (KEEP-6), and what a registration must record (KEEP-1,
 * LEVEL-2). Same contract as rules.h: facts + the policy + today in, a
 * bm_decision out; no I/O, no clock, no allocation.
 */
#ifndef BM_KEEP_H
#define BM_KEEP_H

#include "policy/rules.h"

/* A storage place as KEEP-1 sees it. */
typedef struct bm_place_facts {
	const char *name; /* for the reason; borrowed */
	bm_place_kind kind;
	bm_level max_level; /* the highest level it is rated for */
} bm_place_facts;

/* A custodian (保管人) as KEEP-1 sees them. */
typedef struct bm_keeper_facts {
	const char *name; /* borrowed */
	bool active;      /* not disabled, not left */
	bm_level clearance;
} bm_keeper_facts;

/*
 * KEEP-6: personal keeping by somebody who is not a secrecy clerk. Texts
 * are as given (NULL or "" when missing); the approver's facts count only
 * once `approver_id` is set (the approver was found).
 */
typedef struct bm_keeping_facts {
	const char *keeper_name; /* borrowed */
	int64_t keeper_id;
	bool keeper_is_clerk; /* a clerk's keeping needs no terms */
	const char *reason, *approver, *until;
	int64_t approver_id;
	const char *approver_name;
	bool approver_active;
	bool approver_admin; /* holds one of the three administrator roles */
} bm_keeping_facts;

/*
 * KEEP-1, REG-4: may a carrier of `level` go into `place`? The place must be
 * rated for the level (place_level_too_low); from keep.safe_level up only a
 * safe will do (safe_required); a 非密 item is kept apart from classified
 * ones, never in a place rated for them (REG-4 ordinary_in_classified_place).
 */
bool bm_rules_store_place(bm_decision *out, const bm_policy *p, bm_level level,
                          const bm_place_facts *place);

/* KEEP-1, PERSON-1: may `keeper` be the custodian of a carrier of `level`? */
bool bm_rules_custodian(bm_decision *out, const bm_keeper_facts *keeper, bm_level level);

/*
 * KEEP-1, LEVEL-2: a classified carrier is registered with a storage place
 * and a knowledge scope; public and internal ones need neither.
 */
bool bm_rules_carrier_record(bm_decision *out, bm_level level, bool has_place, size_t n_scope);

/*
 * KEEP-6: are the personal keeping terms complete (why, who approved, until
 * when)? A clerk's keeping needs none. Decided before anything is looked up.
 */
bool bm_rules_keeping_terms(bm_decision *out, const bm_keeping_facts *k);

/*
 * KEEP-6: may the approver approve this keeping, and is the end date valid
 * and not past `today`? The keeper never approves their own keeping; the
 * approver is active and none of the three administrators. On success
 * out->due_date is the keeping's last day.
 */
bool bm_rules_keeping(bm_decision *out, const bm_keeping_facts *k, int32_t today);

/*
 * MAKE-2 (made here) / REG-1 (incoming): each copy of a document is
 * registered once; `taken`: copy `serial` of `doc_number` is already in the
 * ledger (duplicate_serial, BM_ECONFLICT).
 */
bool bm_rules_serial_unique(bm_decision *out, bool made, const char *doc_number, int serial,
                            bool taken);

/* KEEP-1: only a carrier in store (status `status`) moves to another place or custodian. */
bool bm_rules_movable(bm_decision *out, bm_status status);

/*
 * KEEP-6: alerts (code keeping_expired) once personal keeping runs past its
 * last day `until`; out->due_date = until. True when expired.
 */
bool bm_rules_keeping_expired(bm_decision *out, int32_t until, int32_t today);

/* DEV-4: an electronic medium (USB stick, disk, disc) is not registered above the policy's level.
 */
bool bm_rules_medium_electronic(bm_decision *out, const bm_policy *p, bm_kind kind, bm_level level);

/*
 * PERSON-1, KEEP-1: a person's class is not lowered to `to` while they keep
 * or hold `n_above` carriers above the highest level `to` may see
 * (`highest` the highest of them): they could no longer open what they are
 * answerable for (class_below_held); hand them over first.
 */
bool bm_rules_class_lowering(bm_decision *out, bm_class to, size_t n_above, bm_level highest);

/*
 * KEEP-2: an account is not disabled while its person keeps `n_kept`
 * carriers or has `n_loans` out (carriers_held), as a departure is refused:
 * the hand-over comes first.
 */
bool bm_rules_disable_holder(bm_decision *out, size_t n_kept, size_t n_loans);

#endif
