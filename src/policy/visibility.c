/*
 * visibility.c — SYS-2 and SYS-1 (visibility.h).
 */
#include "common.h"
#include "policy/visibility.h"

#include <stdio.h>

/* SYS-2: these hold together … */
static const bm_sight sys2_all[] = {BM_SIGHT_SAME_UNIT, BM_SIGHT_CLEARED};

/* … with any one of these. */
static const bm_sight sys2_any[] = {
        BM_SIGHT_CLERK,        BM_SIGHT_CUSTODIAN,        BM_SIGHT_NO_SCOPE,
        BM_SIGHT_SCOPE_PERSON, BM_SIGHT_SCOPE_DEPARTMENT, BM_SIGHT_HOLDER,
};

static const bm_sight_rule sys2_rule = {
        .all = sys2_all,
        .n_all = BM_ARRAY_LEN(sys2_all),
        .any = sys2_any,
        .n_any = BM_ARRAY_LEN(sys2_any),
};

const bm_sight_rule *bm_policy_sys2_rule(void)
{
	return &sys2_rule;
}

/* Person terms need a person: nobody (id 0) matches an unset id. */
static bool same_person(int64_t a, int64_t b)
{
	return a != 0 && a == b;
}

bool bm_policy_sight_holds(bm_sight term, const bm_viewer *v, const bm_item *item)
{
	switch (term) {
	case BM_SIGHT_SAME_UNIT: return v->unit_id != 0 && item->unit_id == v->unit_id;
	case BM_SIGHT_CLEARED: return item->level <= v->max_level;
	case BM_SIGHT_CLERK: return v->clerk;
	case BM_SIGHT_CUSTODIAN: return same_person(item->custodian_id, v->person_id);
	case BM_SIGHT_NO_SCOPE: return item->n_scope == 0;
	case BM_SIGHT_SCOPE_PERSON:
		for (size_t i = 0; i < item->n_scope; i++)
			if (same_person(item->scope[i].person_id, v->person_id))
				return true;
		return false;
	case BM_SIGHT_SCOPE_DEPARTMENT:
		for (size_t i = 0; i < item->n_scope; i++)
			if (v->department_id != 0 &&
			    item->scope[i].department_id == v->department_id)
				return true;
		return false;
	case BM_SIGHT_HOLDER:
		return bm_status_is_out(item->status) && same_person(item->holder_id, v->person_id);
	case BM_SIGHT_COUNT: break;
	}
	return false;
}

bool bm_policy_sight_rule_holds(const bm_sight_rule *rule, const bm_viewer *v, const bm_item *item)
{
	for (size_t i = 0; i < rule->n_all; i++)
		if (!bm_policy_sight_holds(rule->all[i], v, item))
			return false;
	for (size_t i = 0; i < rule->n_any; i++)
		if (bm_policy_sight_holds(rule->any[i], v, item))
			return true;
	return false;
}

bool bm_policy_sys2_visible(const bm_viewer *v, const bm_item *item)
{
	/* SYS-2: otherwise the carrier does not exist for the viewer. */
	return bm_policy_sight_rule_holds(&sys2_rule, v, item);
}

bool bm_policy_request_list_all(bool clerk, bool classifier, bool level_changes)
{
	/* SYS-2: the clerk's register; LEVEL-4: the level changes the authority decides. */
	return clerk || (classifier && level_changes);
}

bool bm_policy_sys1_admin(const bm_grant *grants, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (bm_role_is_admin(grants[i].role))
			return true;
	return false;
}

bool bm_policy_sys1_carriers(bm_decision *out, const bm_grant *grants, size_t n, bm_sys1_act act)
{
	memset(out, 0, sizeof(*out));
	out->due_date = BM_DATE_NONE;
	out->rule = "SYS-1";
	out->code = "";
	out->allowed = !bm_policy_sys1_admin(grants, n);
	if (out->allowed)
		return true;
	/* SYS-1: none of the three administrators handles (or sees) carriers. */
	out->klass = BM_EDENIED;
	out->code = "admin_no_business";
	snprintf(out->reason_zh, sizeof(out->reason_zh),
	         "三员（系统、安全、审计管理员）不得%s涉密载体",
	         act == BM_SYS1_SEE ? "查阅" : "处理");
	snprintf(out->reason_en, sizeof(out->reason_en),
	         "the three administrators may not %s carriers",
	         act == BM_SYS1_SEE ? "see" : "handle");
	return false;
}

bool bm_policy_sys2_approver(bm_decision *out, const bm_viewer *v, const bm_item *item)
{
	memset(out, 0, sizeof(*out));
	out->due_date = BM_DATE_NONE;
	out->rule = "SYS-2";
	out->code = "";
	out->allowed = bm_policy_sys2_visible(v, item);
	if (out->allowed)
		return true;
	/* SYS-2: who approves what a carrier is used for is inside its knowledge scope too. */
	out->klass = BM_EDENIED;
	out->code = "approver_outside_scope";
	snprintf(out->reason_zh, sizeof(out->reason_zh),
	         "审批人不在载体 %lld 的知悉范围内（或密级未获准），不能审批", (long long)item->id);
	snprintf(out->reason_en, sizeof(out->reason_en),
	         "the approver is outside the knowledge scope (or clearance) of carrier %lld",
	         (long long)item->id);
	return false;
}
