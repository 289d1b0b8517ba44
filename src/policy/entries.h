/*
 * entries.h — what the entries of the registers, requests and records must
 * hold before a use case goes on: the dates of a register query (REG-1),
 * the carriers a request names (MAKE-1), a move's target (KEEP-1), the
 * approved copies of a making (MAKE-2), a commitment date (PERSON-2), the
 * policy text (SYS-5), a level change's list and marking (LEVEL-4/8) and
 * its custodian's clearance (PERSON-1). Same contract as rules.h: facts
 * in, a bm_decision out; no I/O.
 */
#ifndef BM_ENTRIES_H
#define BM_ENTRIES_H

#include "policy/rules.h"

/* REG-1: a register asked for, and the span of days it covers. */
typedef struct bm_register_query {
	const char *kind;      /* as asked, may be NULL */
	bool kind_known;       /* it names one of the registers */
	const char *from, *to; /* YYYY-MM-DD, NULL or "" when not given */
	const char *book; /* REG-4: classified (涉密), ordinary (普通); NULL or "" = classified */
} bm_register_query;

/*
 * REG-1: the register is known (invalid_register), its dates parse
 * (invalid_date) into `*from`/`*to` (BM_DATE_NONE when not given) and
 * `from` is not after `to` (invalid_range). REG-4: classified and ordinary
 * items are registered apart, so a register is one book or the other, never
 * both: `*classified` says which (invalid_register_book when it names
 * neither).
 */
bool bm_rules_register_query(bm_decision *out, const bm_register_query *q, int32_t *from,
                             int32_t *to, bool *classified);

/*
 * MAKE-1 and the rule of `op`: a request to make names no carriers
 * (no_carriers_for_make); any other names some (carriers_required).
 */
bool bm_rules_request_carriers(bm_decision *out, bm_op op, size_t n_carriers);

/* KEEP-1: a move names a new place or a new custodian (nothing_to_move). */
bool bm_rules_move_target(bm_decision *out, bool place_given, bool custodian_given);

/*
 * MAKE-1: a made carrier is registered against an approved make request
 * (make_request_required when none is `given`).
 */
bool bm_rules_make_request_given(bm_decision *out, bool given);

/*
 * MAKE-1: a request to make a classified carrier names the distribution
 * scope the leader approves with level and copies (scope_required).
 */
bool bm_rules_make_scope_named(bm_decision *out, bm_level level, bool scope_given);

/*
 * LEVEL-9 (with LEVEL-4): making a classified carrier is a classification
 * decision, so its make request names the classification authority who
 * decides it (`classifier_given`) and the catalogue entry followed
 * (`basis_given`); otherwise classification_required. Below 秘密 neither
 * is needed.
 */
bool bm_rules_make_classification(bm_decision *out, bm_level level, bool classifier_given,
                                  bool basis_given);

/* PERSON-2: a commitment's signing date `text` parses (invalid_date) into `*day`. */
bool bm_rules_commitment_date(bm_decision *out, const char *text, int32_t *day);

/* SYS-5: the most policy text a unit keeps, in bytes. */
#define BM_POLICY_TEXT_MAX (256 * 1024)

/* SYS-5: a policy text is given and at most BM_POLICY_TEXT_MAX bytes (policy_too_large). */
bool bm_rules_policy_text(bm_decision *out, bool given, size_t length);

/* LEVEL-4: the approved level-change request `request_id` lists carriers (no_items). */
bool bm_rules_level_change_items(bm_decision *out, int64_t request_id, size_t n_carriers);

/* LEVEL-8: the marking fits its field (`fits`: bm_rules_marking returned 0; marking_too_long). */
bool bm_rules_marking_fits(bm_decision *out, bool fits);

/*
 * PERSON-1: a carrier rising to `level` keeps a custodian (`name`) cleared
 * for it (`clearance`, bm_rules_clearance); otherwise custodian_not_cleared.
 */
bool bm_rules_custodian_cleared(bm_decision *out, const char *name, bm_level clearance,
                                bm_level level);

#endif
