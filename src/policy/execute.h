/*
 * execute.h — the refusals of carrying out approved requests at the
 * clerk's desk: the carrier handled (PERSON-1), copies and extracts
 * (COPY-1/4/5), making and its waste (MAKE-1/2/3), widening a scope
 * (CIRC-1) and destruction (DESTROY-1/2). Same contract as rules.h: facts
 * in, a bm_decision out; no I/O.
 */
#ifndef BM_EXECUTE_H
#define BM_EXECUTE_H

#include "policy/rules.h"

/* PERSON-1: carrier `id` of `level` is handled only within the handler's `clearance`. */
bool bm_rules_handle_level(bm_decision *out, int64_t id, bm_level level, bm_level clearance);

/* COPY-1 (a copy) or COPY-4 (`extract`): the request names exactly one carrier (one_source). */
bool bm_rules_one_source(bm_decision *out, bool extract, size_t n_carriers);

/* COPY-5: copies are made on the `designated` copier when the request names one (wrong_copier). */
bool bm_rules_copier(bm_decision *out, const char *designated, const char *copier);

/* MAKE-1: what the clerk gives at execution against what was approved. */
typedef struct bm_make_facts {
	bm_level approved_level;
	const char *approved_scope; /* the request's distribution scope; may be NULL */
	const char *level;          /* the clerk's level word; NULL or "" when not given */
	int level_value;            /* its parsed value, -1 when unknown */
	const char *scope;          /* the clerk's scope; NULL or "" when not given */
} bm_make_facts;

/*
 * MAKE-1: the approved level is the level made (level_not_approved), and
 * the approved scope is not changed, nor one given where the request
 * named none (scope_not_approved).
 */
bool bm_rules_make_approved(bm_decision *out, const bm_make_facts *f);

/* LEVEL-4/9: the classification decision the clerk finds in the approved make request. */
typedef struct bm_make_classified {
	int64_t approved_classifier; /* the request's classifier, 0 = none */
	const char *approved_basis;  /* the request's basis; may be NULL */
	const char
	        *approved_period; /* the request's period as written; NULL = the level's maximum */
	int64_t classifier;       /* the clerk's classifier, 0 = not given */
	const char *basis;        /* the clerk's basis; NULL or "" when not given */
	bool period_given;        /* the clerk gave a period (or condition) */
	bool period_same;         /* ... and it resolves to the approved one */
} bm_make_classified;

/*
 * LEVEL-4/9: the clerk carries out the classification authority's decision
 * as approved: another classifier (classifier_not_approved, LEVEL-4),
 * another basis (basis_not_approved, LEVEL-9) or another period
 * (period_not_approved, LEVEL-4: the period is the authority's decision)
 * is refused.
 */
bool bm_rules_make_classified(bm_decision *out, const bm_make_classified *f);

/* MAKE-2: a carrier made here has a document number (doc_number_required). */
bool bm_rules_make_doc_number(bm_decision *out, bool given);

/* MAKE-2: the number of copies made lies in 1..max (copies_required). */
bool bm_rules_make_copies(bm_decision *out, long n, long max);

/* MAKE-3: waste is registered against an approved or executed make request (not_a_make_request). */
bool bm_rules_waste_request(bm_decision *out, int64_t request_id, bm_op op, const char *status);

/* MAKE-3: waste names the document it belongs to (doc_number_required). */
bool bm_rules_waste_doc_number(bm_decision *out, bool given);

/* MAKE-3: the document is a carrier made here (`found`; unknown_document, BM_ENOTFOUND). */
bool bm_rules_waste_document(bm_decision *out, bool found, const char *doc_number);

/* MAKE-3: 1..max waste sheets at once (invalid_count). */
bool bm_rules_waste_count(bm_decision *out, int count, int max);

/* CIRC-1: a widening request adds somebody (`n_added`) to some carrier (nothing_to_add). */
bool bm_rules_widen_request(bm_decision *out, int64_t request_id, size_t n_added,
                            size_t n_carriers);

/*
 * CIRC-1: department `dept` joins the scope of carrier `carrier_id`
 * (`scope`, n of them; borrowed) only once (already_in_scope, BM_ECONFLICT).
 */
bool bm_rules_widen_department(bm_decision *out, int64_t carrier_id, const bm_scope_ref *scope,
                               size_t n, int64_t dept);

/*
 * DESTROY-2: a witness (监销人) named `name` is a person of the unit
 * (witness_outside_unit) and active (witness_inactive). Each witness then
 * confirms themselves (bm_rules_holder_receipt under DESTROY-2).
 */
bool bm_rules_witness(bm_decision *out, const char *name, bool active, bool of_unit);

/* DESTROY-1: a destroy request lists its carriers one by one (no_items). */
bool bm_rules_destroy_list(bm_decision *out, int64_t request_id, size_t n_carriers);

#endif
