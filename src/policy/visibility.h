/*
 * visibility.h — who may see and handle carriers, decided once:
 *
 *   SYS-2  a person sees a carrier only if cleared for its level and inside
 *          its scope (or its custodian, its approved borrower, or the clerk
 *          who keeps the whole ledger); otherwise it does not exist for them.
 *   SYS-1  the three administrators (系统、安全、审计管理员) handle no carrier.
 *
 * SYS-2 is a rule made of terms (vocab.h bm_sight). bm_policy_sys2_rule()
 * is the rule as data; bm_policy_sys2_visible() is its C reading, which every
 * service check uses; the store renders the same rule as the ledger query's
 * SQL (src/store/sqlite.c, sight_sql; for totals and pages at scale, the
 * kept forms read from the same terms: carrier_tally and sight_keys over
 * carrier_sight). tests/unit/service/test_visibility.c proves the readings
 * list and count the same carriers for every combination of level, class,
 * role, scope, custodian and loan.
 *
 * Pure: facts in, a decision out; no I/O, no allocation.
 */
#ifndef BM_POLICY_VISIBILITY_H
#define BM_POLICY_VISIBILITY_H

#include "policy/rules.h"

/*
 * SYS-2 as data: same unit and cleared for the level, and any of clerk,
 * custodian, no scope at all (only non-classified items have none: LEVEL-2),
 * named in the scope, department in the scope, or holding it on a loan.
 * Static; lives for the program.
 */
const bm_sight_rule *bm_policy_sys2_rule(void);

/*
 * The C reading of one term: true when `term` holds for viewer `v` and
 * carrier `item` (item->holder_id is who holds it now, 0 when in store).
 */
bool bm_policy_sight_holds(bm_sight term, const bm_viewer *v, const bm_item *item);

/* True when every `all` term of `rule` holds and at least one `any` term. */
bool bm_policy_sight_rule_holds(const bm_sight_rule *rule, const bm_viewer *v, const bm_item *item);

/* SYS-2: true when viewer `v` may see carrier `item` (bm_policy_sys2_rule()). */
bool bm_policy_sys2_visible(const bm_viewer *v, const bm_item *item);

/*
 * SYS-2 for a decision on a request that names carriers: the person deciding
 * must see each of them by the same rule as the person filing
 * (bm_policy_sys2_visible for viewer `v`). Allows when `v` sees `item`;
 * otherwise refuses (BM_EDENIED, rule "SYS-2", code "approver_outside_scope",
 * naming the carrier). Unlike a lookup the carrier is not hidden: the request
 * already names it to whoever decides. Returns out->allowed.
 */
bool bm_policy_sys2_approver(bm_decision *out, const bm_viewer *v, const bm_item *item);

/*
 * SYS-2, LEVEL-4: whether a person lists everybody's requests rather than
 * their own: a clerk keeps the register of every request; a classification
 * authority (`classifier`) lists every level change (`level_changes`: the
 * list asks for that operation only), since they carry them out (issue 14
 * point 4). Anybody else lists their own.
 */
bool bm_policy_request_list_all(bool clerk, bool classifier, bool level_changes);

/* SYS-1: true when any of the `n` grants is one of the three administrator roles. */
bool bm_policy_sys1_admin(const bm_grant *grants, size_t n);

/* What an administrator was about to do with carriers: the refusal says which. */
typedef enum bm_sys1_act {
	BM_SYS1_HANDLE = 0, /* register, move, request, approve, issue … */
	BM_SYS1_SEE,        /* list, show, count, read the registers */
} bm_sys1_act;

/*
 * SYS-1: the three administrators handle no carrier. Allows anybody who
 * holds none of their roles; refuses an administrator (BM_EDENIED, rule
 * "SYS-1", code "admin_no_business", reason in zh/en). Returns out->allowed.
 */
bool bm_policy_sys1_carriers(bm_decision *out, const bm_grant *grants, size_t n, bm_sys1_act act);

#endif
