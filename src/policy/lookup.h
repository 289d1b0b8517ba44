/*
 * lookup.h — records that do not exist for the actor, and references that
 * name nothing: a carrier hidden or missing (SYS-2), a dispatch (SEND-4),
 * an incident (INC-1), a letter (REG-3), an entry of a knowledge scope
 * (LEVEL-2, CIRC-1). Same contract as rules.h: facts in, a bm_decision
 * out; no I/O.
 */
#ifndef BM_LOOKUP_H
#define BM_LOOKUP_H

#include "policy/rules.h"

/* The records looked up by id, each under the rule that keeps it. */
typedef enum bm_record {
	BM_RECORD_CARRIER,  /* SYS-2: a hidden carrier does not exist, like a missing one */
	BM_RECORD_DISPATCH, /* SEND-4: the dispatch register */
	BM_RECORD_INCIDENT, /* INC-1: the incident records */
} bm_record;

/*
 * Record `id` of `rec` exists for the actor when `found` (it exists and the
 * actor may see it); otherwise refuses (BM_ENOTFOUND, unknown_carrier /
 * unknown_dispatch / unknown_incident) under the record's rule.
 */
bool bm_rules_found(bm_decision *out, bm_record rec, int64_t id, bool found);

/* REG-3: `ref` is a letter's id, a positive whole number (invalid_letter); `*id` on success. */
bool bm_rules_letter_ref(bm_decision *out, const char *ref, int64_t *id);

/* The knowledge scopes a list of people and departments is read for. */
typedef enum bm_scope_list {
	BM_SCOPE_CARRIER, /* LEVEL-2: a carrier's knowledge scope */
	BM_SCOPE_WIDEN,   /* CIRC-1: the people and departments a widening adds */
} bm_scope_list;

/*
 * LEVEL-2, CIRC-1: the scope's text is valid UTF-8 (`valid_text`;
 * invalid_utf8), and `unknown` (NULL when every entry resolved) names an
 * entry that is neither a person nor a department (unknown_scope_entry,
 * BM_ENOTFOUND).
 */
bool bm_rules_scope_entries(bm_decision *out, bm_scope_list list, bool valid_text,
                            const char *unknown);

#endif
