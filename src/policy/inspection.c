/*
 * inspection.c — inspections (保密检查, INSP-1) and rectification notices
 * (整改通知书, INSP-2): see inspection.h.
 */
#include "common.h"
#include "policy/inspection.h"

#include <stdio.h>

#include "policy/calendar.h"
#include "policy/rules_int.h"

/* How many days before its due day a regular inspection is announced (INSP-1). */
#define INSP_DUE_NOTICE_DAYS 14

const bm_vocab_entry bm_insp_kind_names[BM_INSP_KIND_COUNT] = {
        {"regular", "定期检查", "regular inspection"},
        {"spot", "抽查", "spot check"},
        {"special", "专项检查", "special inspection"},
};

const bm_vocab_entry bm_insp_answer_names[BM_INSP_ANSWER_COUNT] = {
        {"yes", "符合", "yes"},
        {"no", "不符合", "no"},
        {"na", "不适用", "not applicable"},
};

const bm_vocab_entry bm_insp_rect_status_names[BM_RECT_STATUS_COUNT] = {
        {"open", "待整改", "open"},
        {"reported", "已报告待复查", "reported back"},
        {"closed", "已销号", "closed"},
};

bool bm_rules_insp_record(bm_decision *out, const bm_insp_facts *f)
{
	allow(out, "INSP-1");
	if (f->kind < 0 || f->kind >= BM_INSP_KIND_COUNT) {
		refuse(out, BM_EINVALID, "INSP-1", "inspection_kind_invalid");
		ZH(out, "检查类型须为定期检查（regular）、抽查（spot）或专项检查（special）");
		EN(out, "the kind is 'regular', 'spot' or 'special'");
		return false;
	}
	if (f->held_on == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "INSP-1", "inspection_date_required");
		ZH(out, "须填写检查日期（YYYY-MM-DD）");
		EN(out, "the day of the inspection (YYYY-MM-DD) is required");
		return false;
	}
	/* INSP-1: an inspection is recorded once held, never ahead of it. */
	if (f->held_on > f->today) {
		refuse(out, BM_EINVALID, "INSP-1", "inspection_in_future");
		ZH(out, "检查日期不能晚于今天");
		EN(out, "an inspection is recorded once held: its day is not after today");
		return false;
	}
	if (f->bad_department) {
		refuse(out, BM_EINVALID, "INSP-1", "department_not_of_unit");
		ZH(out, "检查范围中的部门 '%.64s' 不是本单位的部门", f->bad_department);
		EN(out, "'%.64s' in the scope is not a department of the unit", f->bad_department);
		return false;
	}
	if (!f->whole_unit && f->n_departments == 0) {
		refuse(out, BM_EINVALID, "INSP-1", "inspection_scope_required");
		ZH(out, "须指明检查范围：全单位，或本单位的一个或几个部门");
		EN(out, "name the scope: the whole unit, or one or more of its departments");
		return false;
	}
	if (f->bad_inspector) {
		refuse(out, BM_EINVALID, "INSP-1", "inspector_not_of_unit");
		ZH(out, "检查人员 '%.64s' 不是本单位在岗人员", f->bad_inspector);
		EN(out, "inspector '%.64s' is not an active person of the unit", f->bad_inspector);
		return false;
	}
	if (f->n_inspectors == 0) {
		refuse(out, BM_EINVALID, "INSP-1", "inspectors_required");
		ZH(out, "须列明检查人员（本单位人员）");
		EN(out, "name the inspectors (people of the unit)");
		return false;
	}
	if (f->bad_answer >= 0) {
		refuse(out, BM_EINVALID, "INSP-1", "checklist_answer_invalid");
		ZH(out,
		   "检查表第 %d "
		   "项的结论须为符合（yes）、不符合（no）或不适用（na），且须写明检查项目",
		   f->bad_answer + 1);
		EN(out, "checklist line %d needs an item and an answer 'yes', 'no' or 'na'",
		   f->bad_answer + 1);
		return false;
	}
	return true;
}

bool bm_rules_insp_calendar(bm_decision *out, const bm_policy *p, int32_t last, int32_t since,
                            int32_t today)
{
	char d[BM_DATE_LEN];
	int32_t from = last != BM_DATE_NONE ? last : since;
	int32_t due = bm_calendar_add_months(from, p->inspection_months);

	allow(out, "INSP-1");
	out->due_date = due;
	bm_date_format(due, d);
	if (today > due) {
		flag(out, "INSP-1", "inspection_overdue");
		ZH(out, "本期保密检查（每 %d 个月一次）应于 %s 前进行，已逾期",
		   p->inspection_months, d);
		EN(out, "the regular inspection (every %d months) was due by %s and is overdue",
		   p->inspection_months, d);
		return true;
	}
	if (today >= due - INSP_DUE_NOTICE_DAYS) {
		flag(out, "INSP-1", "inspection_due");
		ZH(out, "本期保密检查（每 %d 个月一次）应于 %s 前进行", p->inspection_months, d);
		EN(out, "the regular inspection (every %d months) is due by %s",
		   p->inspection_months, d);
		return true;
	}
	return false;
}

int32_t bm_rules_insp_default_deadline(const bm_policy *p, int32_t today)
{
	return today + p->inspection_rectify_days;
}

bool bm_rules_insp_rect_open(bm_decision *out, const bm_insp_rect_facts *f)
{
	allow(out, "INSP-2");
	if (!f->finding_given) {
		refuse(out, BM_EINVALID, "INSP-2", "finding_required");
		ZH(out, "须写明检查发现的问题");
		EN(out, "the finding is required");
		return false;
	}
	/* INSP-2: the notice goes to a department of the unit, which answers for it. */
	if (!f->department_of_unit) {
		refuse(out, BM_EINVALID, "INSP-2", "department_not_of_unit");
		ZH(out, "整改通知须下达给本单位的部门");
		EN(out, "a rectification notice goes to a department of the unit");
		return false;
	}
	if (!f->responsible_of_unit) {
		refuse(out, BM_EINVALID, "INSP-2", "responsible_not_of_unit");
		ZH(out, "整改责任人须为本单位在岗人员");
		EN(out, "the person answering for it is an active person of the unit");
		return false;
	}
	if (f->deadline == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "INSP-2", "deadline_invalid");
		ZH(out, "整改期限须为日期（YYYY-MM-DD）");
		EN(out, "the deadline is a date (YYYY-MM-DD)");
		return false;
	}
	if (f->deadline < f->today) {
		refuse(out, BM_EINVALID, "INSP-2", "deadline_in_past");
		ZH(out, "整改期限不能早于今天");
		EN(out, "the deadline cannot be in the past");
		return false;
	}
	return true;
}

/* A notice already closed: nothing more happens to it (INSP-2). */
static bool refuse_closed(bm_decision *out, int64_t id)
{
	refuse(out, BM_ECONFLICT, "INSP-2", "rectification_closed");
	ZH(out, "整改通知 %lld 已销号", (long long)id);
	EN(out, "rectification %lld is closed already", (long long)id);
	return false;
}

bool bm_rules_insp_rect_report(bm_decision *out, int64_t id, bm_insp_rect_status status,
                               bool text_given, bool responsible, bool inspects)
{
	allow(out, "INSP-2");
	if (!responsible && !inspects) {
		refuse(out, BM_EDENIED, "INSP-2", "not_responsible");
		ZH(out, "整改情况由整改责任人或保密员、领导报告");
		EN(out, "the report back comes from the person answering for it, the clerk or the "
		        "leadership");
		return false;
	}
	if (status == BM_RECT_CLOSED)
		return refuse_closed(out, id);
	if (status == BM_RECT_REPORTED) {
		refuse(out, BM_ECONFLICT, "INSP-2", "rectification_reported");
		ZH(out, "整改通知 %lld 已报告整改情况，待复查", (long long)id);
		EN(out, "rectification %lld was reported back already and awaits its follow-up",
		   (long long)id);
		return false;
	}
	if (!text_given) {
		refuse(out, BM_EINVALID, "INSP-2", "report_required");
		ZH(out, "须写明整改情况");
		EN(out, "the report back is required");
		return false;
	}
	return true;
}

bool bm_rules_insp_rect_follow(bm_decision *out, int64_t id, bm_insp_rect_status status, bool close,
                               bool note_given, int32_t deadline, int32_t today)
{
	allow(out, "INSP-2");
	if (status == BM_RECT_CLOSED)
		return refuse_closed(out, id);
	/* INSP-2: the follow-up checks what the department reported. */
	if (status == BM_RECT_OPEN) {
		refuse(out, BM_ECONFLICT, "INSP-2", "follow_up_before_report");
		ZH(out, "整改通知 %lld 尚未报告整改情况，不能复查", (long long)id);
		EN(out,
		   "rectification %lld has not been reported back: no follow-up before the report",
		   (long long)id);
		return false;
	}
	if (!note_given) {
		refuse(out, BM_EINVALID, "INSP-2", "follow_up_required");
		ZH(out, "须写明复查意见");
		EN(out, "the follow-up's finding is required");
		return false;
	}
	if (close)
		return true;
	if (deadline == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "INSP-2", "deadline_invalid");
		ZH(out, "重新整改须给出新的整改期限（YYYY-MM-DD）");
		EN(out, "reopening needs a new deadline (YYYY-MM-DD)");
		return false;
	}
	if (deadline < today) {
		refuse(out, BM_EINVALID, "INSP-2", "deadline_in_past");
		ZH(out, "整改期限不能早于今天");
		EN(out, "the deadline cannot be in the past");
		return false;
	}
	return true;
}

bool bm_rules_insp_rect_overdue(bm_decision *out, int64_t id, bm_insp_rect_status status,
                                int32_t deadline, int32_t today)
{
	char d[BM_DATE_LEN];
	allow(out, "INSP-2");
	out->due_date = deadline;
	if (status == BM_RECT_CLOSED || deadline == BM_DATE_NONE || today <= deadline)
		return false;
	bm_date_format(deadline, d);
	flag(out, "INSP-2", "rectification_overdue");
	ZH(out, "整改通知 %lld 已过整改期限（%s）未销号", (long long)id, d);
	EN(out, "rectification %lld is past its deadline '%s' and not closed", (long long)id, d);
	return true;
}
