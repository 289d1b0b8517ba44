/*
 * duty.c — the unit's responsibility system (保密工作责任制, ORG-1): see
 * duty.h.
 */
#include "common.h"
#include "policy/duty.h"

#include <stdio.h>

#include "policy/rules_int.h"

const bm_vocab_entry bm_duty_role_names[BM_DUTY_ROLE_COUNT] = {
        {"head", "组长", "head"},
        {"deputy", "副组长", "deputy head"},
        {"member", "成员", "member"},
};

/* ORG-1: the appointment's day and document. */
static bool appointment(bm_decision *out, int32_t on, int32_t today, bool document_given)
{
	if (on == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_date_required");
		ZH(out, "须填写任命日期（YYYY-MM-DD）");
		EN(out, "the day of the appointment (YYYY-MM-DD) is required");
		return false;
	}
	if (on > today) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_date_in_future");
		ZH(out, "任命日期不能晚于今天：任命后再登记");
		EN(out, "an appointment is recorded once made: its day is not after today");
		return false;
	}
	if (!document_given) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_document_required");
		ZH(out, "须填写任命文件的文号");
		EN(out, "the number of the appointing document is required");
		return false;
	}
	return true;
}

bool bm_rules_duty_member(bm_decision *out, const bm_duty_member_facts *f)
{
	allow(out, "ORG-1");
	if (f->role < 0 || f->role >= BM_DUTY_ROLE_COUNT) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_role_invalid");
		ZH(out, "领导小组职务须为组长（head）、副组长（deputy）或成员（member）");
		EN(out, "the role in the group is 'head', 'deputy' or 'member'");
		return false;
	}
	if (!f->person_active) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_person_inactive");
		ZH(out, "领导小组成员须为本单位在岗人员");
		EN(out, "a member of the leadership group is an active person of the unit");
		return false;
	}
	if (f->already_member) {
		refuse(out, BM_ECONFLICT, "ORG-1", "duty_already_member");
		ZH(out, "此人已是领导小组成员：先结束其现任职务，再重新任命");
		EN(out, "this person already has a place in the group: end it before a new one");
		return false;
	}
	if (f->role == BM_DUTY_HEAD && !f->person_leads) {
		refuse(out, BM_EDENIED, "ORG-1", "duty_head_not_leader");
		ZH(out, "领导小组组长须由单位主要领导或分管领导担任");
		EN(out, "the head of the group is the principal or a leader of the unit");
		return false;
	}
	if (f->role == BM_DUTY_HEAD && f->head_taken) {
		refuse(out, BM_ECONFLICT, "ORG-1", "duty_head_taken");
		ZH(out, "领导小组只有一名组长：先结束现任组长的职务");
		EN(out, "the group has one head: end the present head's place first");
		return false;
	}
	if (f->in_charge && !f->person_leader) {
		refuse(out, BM_EDENIED, "ORG-1", "duty_in_charge_not_leader");
		ZH(out, "分管保密工作的领导须具有“分管领导”角色");
		EN(out, "the leader in charge of secrecy work holds the 'leader' role");
		return false;
	}
	if (f->in_charge && f->in_charge_taken) {
		refuse(out, BM_ECONFLICT, "ORG-1", "duty_in_charge_taken");
		ZH(out, "分管保密工作的领导只有一名：先结束现任者的职务");
		EN(out, "there is one leader in charge of secrecy work: end the present one's "
		        "place first");
		return false;
	}
	return appointment(out, f->appointed_on, f->today, f->document_given);
}

bool bm_rules_duty_member_end(bm_decision *out, int64_t id, bool ended, int32_t appointed_on,
                              int32_t on, int32_t today)
{
	allow(out, "ORG-1");
	if (ended) {
		refuse(out, BM_ECONFLICT, "ORG-1", "duty_member_ended");
		ZH(out, "领导小组成员记录 %lld 已结束", (long long)id);
		EN(out, "leadership group place %lld has already ended", (long long)id);
		return false;
	}
	if (on == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_date_required");
		ZH(out, "须填写结束日期（YYYY-MM-DD）");
		EN(out, "the day it ends (YYYY-MM-DD) is required");
		return false;
	}
	if (on > today || (appointed_on != BM_DATE_NONE && on < appointed_on)) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_end_date_invalid");
		ZH(out, "结束日期须在任命日期之后、不晚于今天");
		EN(out, "the end is on or after the appointment and not after today");
		return false;
	}
	return true;
}

bool bm_rules_duty_dept(bm_decision *out, const bm_duty_dept_facts *f)
{
	allow(out, "ORG-1");
	if (!f->department_of_unit) {
		refuse(out, BM_EINVALID, "ORG-1", "department_not_of_unit");
		ZH(out, "须指明本单位的部门");
		EN(out, "name a department of the unit");
		return false;
	}
	if (!f->leader_active) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_leader_inactive");
		ZH(out, "部门保密工作责任领导须为本单位在岗人员");
		EN(out, "a department's responsible leader is an active person of the unit");
		return false;
	}
	if (!f->clerk_active) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_clerk_inactive");
		ZH(out, "部门保密员须为本单位在岗人员");
		EN(out, "a department's secrecy clerk is an active person of the unit");
		return false;
	}
	if (!f->clerk_of_department) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_clerk_not_of_department");
		ZH(out, "部门保密员须为本部门人员");
		EN(out, "a department's secrecy clerk is a person of that department");
		return false;
	}
	if (f->since == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_date_required");
		ZH(out, "须填写起始日期（YYYY-MM-DD）");
		EN(out, "the day it starts (YYYY-MM-DD) is required");
		return false;
	}
	if (f->since > f->today ||
	    (f->current_since != BM_DATE_NONE && f->since < f->current_since)) {
		refuse(out, BM_EINVALID, "ORG-1", "duty_since_invalid");
		ZH(out, "起始日期不能晚于今天，也不能早于现任责任人的起始日期");
		EN(out, "the start is not after today nor before the present line's start");
		return false;
	}
	if (f->unchanged) {
		refuse(out, BM_ECONFLICT, "ORG-1", "duty_unchanged");
		ZH(out, "责任领导和保密员与现记录相同，无需变更");
		EN(out, "the responsible leader and the clerk are those recorded already");
		return false;
	}
	return true;
}

bool bm_rules_duty_group_gap(bm_decision *out, const bm_duty_group_facts *f, int which)
{
	allow(out, "ORG-1");
	if (which == 0 && f->n_members == 0) {
		flag(out, "ORG-1", "duty_group_missing");
		ZH(out, "未登记保密工作领导小组");
		EN(out, "the leadership group for secrecy work is not recorded");
		return true;
	}
	if (which == 1 && f->n_members && f->n_heads == 0) {
		flag(out, "ORG-1", "duty_head_missing");
		ZH(out, "保密工作领导小组没有组长");
		EN(out, "the leadership group has no head");
		return true;
	}
	if (which == 2 && f->n_members && f->n_in_charge == 0) {
		flag(out, "ORG-1", "duty_in_charge_missing");
		ZH(out, "未明确分管保密工作的领导");
		EN(out, "no leader in charge of secrecy work is recorded");
		return true;
	}
	return false;
}

bool bm_rules_duty_dept_gap(bm_decision *out, const char *name, bool recorded, bool leader_active,
                            bool clerk_active)
{
	allow(out, "ORG-1");
	if (!recorded) {
		flag(out, "ORG-1", "duty_department_unassigned");
		ZH(out, "部门“%.64s”未明确保密工作责任领导和保密员", name);
		EN(out, "department '%.64s' has no responsible leader and secrecy clerk recorded",
		   name);
		return true;
	}
	if (!leader_active) {
		flag(out, "ORG-1", "duty_leader_gone");
		ZH(out, "部门“%.64s”的保密工作责任领导已不在岗", name);
		EN(out, "the responsible leader of department '%.64s' is no longer active", name);
		return true;
	}
	if (!clerk_active) {
		flag(out, "ORG-1", "duty_clerk_gone");
		ZH(out, "部门“%.64s”的保密员已不在岗", name);
		EN(out, "the secrecy clerk of department '%.64s' is no longer active", name);
		return true;
	}
	return false;
}

bool bm_rules_duty_statement(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                             int32_t today)
{
	int32_t until = bm_rules_statement_until(p, f);

	allow(out, "ORG-1");
	if (until == BM_DATE_NONE) {
		flag(out, "ORG-1", "duty_statement_missing");
		ZH(out, "未签订保密工作责任书");
		EN(out, "no responsibility statement signed");
		return true;
	}
	if (today > until) {
		flag(out, "ORG-1", "duty_statement_lapsed");
		out->due_date = until;
		ZH(out, "保密工作责任书已过期（每 %d 个月续签）", p->statement_months);
		EN(out, "the responsibility statement has lapsed (renewed every %d months)",
		   p->statement_months);
		return true;
	}
	return false;
}
