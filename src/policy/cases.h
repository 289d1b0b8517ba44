/*
 * cases.h — the pure decisions of the registers' cases: personal letters
 * (REG-3), count sessions (INV-3) and incident records (INC-1, INC-4,
 * BORROW-6). Same contract as rules.h: facts in, a bm_decision out; no I/O.
 */
#ifndef BM_CASES_H
#define BM_CASES_H

#include "policy/rules.h"

/* REG-3: the person a personal letter (亲启信件) is addressed to. */
typedef struct bm_addressee_facts {
	const char *name; /* borrowed */
	bool active;      /* not disabled, not left */
	bool has_account; /* can log in to record the opening */
} bm_addressee_facts;

/* REG-3: a logged letter. */
typedef struct bm_letter_facts {
	int64_t id;
	int64_t addressee_id;
	const char *addressee_name; /* borrowed, may be NULL */
	const char *status;         /* sealed, to_register, registered, closed */
	const char *opened_at;      /* may be NULL */
} bm_letter_facts;

/*
 * REG-3: may a letter be logged for this addressee? NULL: none was named
 * (addressee_required). The addressee must be able to record the opening.
 */
bool bm_rules_letter_addressee(bm_decision *out, const bm_addressee_facts *addressee);

/* REG-3: only the addressee opens a personal letter, and only once. */
bool bm_rules_letter_open(bm_decision *out, const bm_letter_facts *letter, int64_t opener_id);

/* REG-3: a letter's contents are registered only once opened and declared classified. */
bool bm_rules_letter_contents(bm_decision *out, const bm_letter_facts *letter);

/* INV-3: the scope a count covers, from its word (unit/department/custodian, zh or en). */
typedef enum bm_count_scope {
	BM_COUNT_SCOPE_UNIT,
	BM_COUNT_SCOPE_DEPARTMENT,
	BM_COUNT_SCOPE_CUSTODIAN,
} bm_count_scope;

/*
 * INV-3: `kind` names a count's scope (invalid_scope otherwise); a count of
 * the whole unit takes no scope reference (scope_ref_unexpected).
 */
bool bm_rules_count_scope(bm_decision *out, const char *kind, bool has_ref, bm_count_scope *scope);

/* INV-3: count session `id` exists in the viewer's unit (unknown_count otherwise). */
bool bm_rules_count_found(bm_decision *out, int64_t id, bool found);

/* INV-3: a tick names a carrier by a positive id (invalid_carrier_id otherwise). */
bool bm_rules_count_tick(bm_decision *out, int64_t carrier_id);

/*
 * INV-3: a device ticked (a scanned "baomi:device:N" label, issue 10 point
 * 3) names a positive id; a device is found or not, never "incomplete"
 * (its missing parts are a repair's or a note's matter).
 */
bool bm_rules_count_tick_device(bm_decision *out, int64_t device_id, bool incomplete);

/* INV-3: a closed count's stored result can be read back (corrupt_count_result otherwise). */
bool bm_rules_count_result(bm_decision *out, int64_t id, bool readable);

/* INV-3: a count session takes ticks only while open (`closed_at` NULL). */
bool bm_rules_count_open(bm_decision *out, int64_t id, const char *closed_at);

/*
 * INV-4 (issue 14 point 6): a close that makes anything 下落不明 is confirmed
 * by the caller with what its review showed — the number of carriers and
 * devices that become (or stay) missing and the review's token — and both
 * must still hold (count_unconfirmed, count_confirm_stale otherwise). With
 * nothing missing no confirmation is needed; one given must still hold.
 * `given` false: none given (`missing_given`, `token_given` unused).
 */
bool bm_rules_count_confirmed(bm_decision *out, int64_t id, int64_t missing_now,
                              const char *token_now, bool given, int64_t missing_given,
                              const char *token_given);

/*
 * INC-1, BORROW-6: may an incident of `kind` (missing, overdue, leak,
 * other) be opened? It says what was lost (or names the carrier); an
 * overdue incident names its carrier.
 */
bool bm_rules_incident_record(bm_decision *out, const char *kind, bool has_carrier,
                              bool what_given);

/* INC-4: a closed incident takes no more reports or findings. */
bool bm_rules_incident_open(bm_decision *out, int64_t id, const char *status);

/* INC-1, INC-4: an incident closes once its report is complete and its findings recorded. */
bool bm_rules_incident_close(bm_decision *out, bool report_complete, bool findings_given);

/*
 * REG-3 (REG-2's limit): alerts (letter_not_handed_back) when classified
 * contents of a letter opened on `opened_on` are not handed back within
 * registration.max_days; out->due_date is the last day. True when late.
 */
bool bm_rules_letter_handback_overdue(bm_decision *out, const bm_policy *p, int32_t opened_on,
                                      int32_t today);

/*
 * INC-1: an incident discovered at `discovered_at` and not yet reported to
 * the higher authority is reported within incident.report_hours of the
 * discovery: always alerts, report_due before the deadline and
 * report_overdue from it; out->due_at is the deadline.
 */
bool bm_rules_incident_report_due(bm_decision *out, const bm_policy *p, int64_t discovered_at,
                                  int64_t now);

/*
 * INC-4: alerts (findings_overdue) when no findings are recorded within
 * incident.findings_months of the report (`reported_on`, a local date);
 * out->due_date is the last day. True when late.
 */
bool bm_rules_incident_findings_overdue(bm_decision *out, const bm_policy *p, int32_t reported_on,
                                        int32_t today);

#endif
