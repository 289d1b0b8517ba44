/*
 * selfcheck.c — the yearly self-assessment's decisions (保密自查自评,
 * INSP-4, INSP-1's month). See selfcheck.h.
 */
#include "common.h"
#include "policy/selfcheck.h"

#include "model/device.h"
#include "policy/inspection.h"
#include "policy/rules_int.h"

const bm_sa_item_def bm_sa_items[BM_SA_ITEM_COUNT] = {
        [BM_SA_COMMITMENT] = {"commitment", "PERSON-2", "核心、重要涉密人员均已签订保密承诺书",
                              "every core and important cleared person has signed the "
                              "secrecy commitment"},
        [BM_SA_TRAINING] = {"training", "PERSON-6", "涉密人员本年度保密教育培训学时达标",
                            "every cleared person has this year's training hours"},
        [BM_SA_STATEMENT] = {"statement", "ORG-1", "保密工作责任书均在有效期内",
                             "no responsibility statement has expired"},
        [BM_SA_COUNT] = {"count", "INV-1", "各密级载体均按期清查",
                         "carriers of every level are counted within the policy's period"},
        [BM_SA_DEVICE] = {"device", "DEV-1", "涉密设备均定机定人",
                          "every device in use has its one responsible person"},
        [BM_SA_DEVICE_LABEL] = {"device_label", "DEV-1", "涉密设备均已粘贴密级标识，标识与现状一致",
                                "every device in use carries its label, showing its level and "
                                "responsible person as they are"},
        [BM_SA_LOAN] = {"loan", "BORROW-2", "借出载体均按期归还", "no borrowed carrier is overdue"},
        [BM_SA_INCIDENT] = {"incident", "INC-4", "泄密事件均已查处结案",
                            "every incident is investigated and closed"},
        [BM_SA_RECTIFICATION] = {"rectification", "INSP-2", "整改通知书均已整改销号",
                                 "every rectification notice is rectified and closed"},
};

const bm_vocab_entry bm_sa_answer_names[BM_SA_ANSWER_COUNT] = {
        [BM_SA_YES] = {"yes", "符合", "complies"},
        [BM_SA_NO] = {"no", "不符合", "does not comply"},
        [BM_SA_NA] = {"na", "不适用", "not applicable"},
};

int bm_sa_item_find(const char *code)
{
	for (int i = 0; code && i < BM_SA_ITEM_COUNT; i++)
		if (strcmp(bm_sa_items[i].code, code) == 0)
			return i;
	return -1;
}

bool bm_rules_insp_sa_start(bm_decision *out, int year, bool exists, int32_t today)
{
	int y = 0, m = 0, d = 0;
	allow(out, "INSP-4");
	bm_date_to_ymd(today, &y, &m, &d);
	if (year < 2000 || year > 9999) {
		refuse(out, BM_EINVALID, "INSP-4", "invalid_year");
		ZH(out, "年度无效：%d", year);
		EN(out, "invalid year %d", year);
		return false;
	}
	/* INSP-4: a year's records are assessed in that year or after, never before. */
	if (year > y) {
		refuse(out, BM_EINVALID, "INSP-4", "year_in_future");
		ZH(out, "%d 年度尚未到来，不能开展自查自评", year);
		EN(out, "the year %d has not come; its self-assessment cannot start", year);
		return false;
	}
	/* INSP-4: one self-assessment a year, kept as it was signed. */
	if (exists) {
		refuse(out, BM_ECONFLICT, "INSP-4", "self_assessment_exists");
		ZH(out, "%d 年度的保密自查自评已开展，每年一次", year);
		EN(out, "the self-assessment of %d exists already: one a year", year);
		return false;
	}
	return true;
}

bool bm_rules_insp_sa_answer(bm_decision *out, const bm_sa_answer_facts *f)
{
	allow(out, "INSP-4");
	/* INSP-4: signed, it is kept as it is. */
	if (f->is_signed) {
		refuse(out, BM_ECONFLICT, "INSP-4", "self_assessment_signed");
		ZH(out, "自查自评已签字，不能再修改");
		EN(out, "the self-assessment is signed and can no longer change");
		return false;
	}
	/* INSP-2: the finding is a rectification notice now; it is closed by its follow-up. */
	if (f->rectification_opened) {
		refuse(out, BM_ECONFLICT, "INSP-2", "rectification_opened");
		ZH(out, "该项已判定不符合并下发整改通知书，不能再改答复；整改按通知书跟踪办结");
		EN(out, "this item was found not to comply and its rectification notice is issued; "
		        "the answer stays, and the notice is followed up to its close");
		return false;
	}
	if (f->answer < 0 || f->answer >= BM_SA_ANSWER_COUNT) {
		refuse(out, BM_EINVALID, "INSP-4", "invalid_answer");
		ZH(out, "答复只能是 yes（符合）、no（不符合）或 na（不适用）");
		EN(out, "an answer is 'yes' (complies), 'no' (does not comply) or 'na' (not "
		        "applicable)");
		return false;
	}
	/* INSP-4: the clerk answers with the evidence, not from memory. */
	if (f->answer == BM_SA_YES && f->evidence > 0 && !f->note_given) {
		refuse(out, BM_EINVALID, "INSP-4", "evidence_contradicts");
		ZH(out, "本单位记录显示 %lld 条不符合事项，答复“符合”须说明理由",
		   (long long)f->evidence);
		EN(out,
		   "the unit's records show %lld cases; a 'complies' answer needs a note saying "
		   "why",
		   (long long)f->evidence);
		return false;
	}
	if (f->answer == BM_SA_NA && !f->note_given) {
		refuse(out, BM_EINVALID, "INSP-4", "note_required");
		ZH(out, "答复“不适用”须说明理由");
		EN(out, "a 'not applicable' answer needs a note saying why");
		return false;
	}
	if (f->answer != BM_SA_NO)
		return true;
	/* INSP-4 → INSP-2: a finding becomes a rectification notice with a department and a
	 * deadline. */
	if (!f->department_given) {
		refuse(out, BM_EINVALID, "INSP-2", "department_required");
		ZH(out, "“不符合”须指定负责整改的部门");
		EN(out, "a 'does not comply' answer names the department that rectifies it");
		return false;
	}
	if (!f->responsible_given) {
		refuse(out, BM_EINVALID, "INSP-2", "responsible_required");
		ZH(out, "“不符合”须指定整改责任人");
		EN(out,
		   "a 'does not comply' answer names the person answering for its rectification");
		return false;
	}
	if (!f->deadline_valid) {
		refuse(out, BM_EINVALID, "INSP-2", "invalid_date");
		ZH(out, "整改期限不是有效日期");
		EN(out, "the rectification deadline is not a valid date");
		return false;
	}
	if (f->deadline == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "INSP-2", "deadline_required");
		ZH(out, "“不符合”须写明整改期限");
		EN(out, "a 'does not comply' answer sets the rectification's deadline");
		return false;
	}
	if (f->deadline < f->today) {
		refuse(out, BM_EINVALID, "INSP-2", "deadline_past");
		ZH(out, "整改期限已过");
		EN(out, "the rectification deadline has passed");
		return false;
	}
	return true;
}

bool bm_rules_insp_sa_sign(bm_decision *out, const bm_sa_sign_facts *f)
{
	allow(out, "INSP-4");
	/* INSP-4: signed by both, it is kept as it is. */
	if (f->leader_signed) {
		refuse(out, BM_ECONFLICT, "INSP-4", "self_assessment_signed");
		ZH(out, "自查自评已由保密员和分管领导签字，不能再修改");
		EN(out,
		   "the self-assessment is signed by the clerk and the leader in charge and can "
		   "no longer change");
		return false;
	}
	if (!f->as_leader) {
		if (!f->holds_role) {
			refuse(out, BM_EDENIED, "INSP-4", "clerk_required");
			ZH(out, "自查自评须由保密员签字");
			EN(out, "the secrecy clerk signs the self-assessment");
			return false;
		}
		if (f->clerk_signed) {
			refuse(out, BM_ECONFLICT, "INSP-4", "already_signed");
			ZH(out, "保密员已签字");
			EN(out, "the clerk has signed already");
			return false;
		}
		if (f->unanswered > 0) {
			refuse(out, BM_ECONFLICT, "INSP-4", "items_unanswered");
			ZH(out, "尚有 %d 项未答复，不能签字", f->unanswered);
			EN(out, "%d items are not answered yet; it cannot be signed",
			   f->unanswered);
			return false;
		}
		return true;
	}
	if (!f->holds_role) {
		refuse(out, BM_EDENIED, "INSP-4", "leader_required");
		ZH(out, "须由分管保密工作的领导签字");
		EN(out, "the leader in charge of secrecy work signs here");
		return false;
	}
	if (!f->clerk_signed) {
		refuse(out, BM_ECONFLICT, "INSP-4", "clerk_signature_first");
		ZH(out, "保密员签字后，分管领导方可签字");
		EN(out, "the clerk signs before the leader in charge");
		return false;
	}
	if (f->same_person) {
		refuse(out, BM_EDENIED, "INSP-4", "same_signer");
		ZH(out, "分管领导与签字的保密员不能是同一人");
		EN(out, "the leader in charge cannot be the clerk who signed");
		return false;
	}
	return true;
}

bool bm_rules_insp_sa_due(bm_decision *out, const bm_policy *p, bool started, bool completed,
                          int32_t today)
{
	int y = 0, m = 0, d = 0, month = p->self_assessment_month;
	int32_t first = BM_DATE_NONE, last = BM_DATE_NONE;
	allow(out, "INSP-4");
	if (completed || month < 1 || month > 12)
		return false;
	bm_date_to_ymd(today, &y, &m, &d);
	if (!bm_date_from_ymd(y, month, 1, &first) ||
	    !bm_date_from_ymd(month == 12 ? y + 1 : y, month == 12 ? 1 : month + 1, 1, &last))
		return false;
	last -= 1; /* the month's last day */
	if (today < first)
		return false;
	out->due_date = last;
	if (today <= last) {
		flag(out, "INSP-4", "self_assessment_due");
		if (started) {
			ZH(out, "%d 年度保密自查自评应于 %d 月内完成并签字", y, month);
			EN(out,
			   "the self-assessment of %d is to be completed and signed in month %d", y,
			   month);
		} else {
			ZH(out, "%d 年度保密自查自评应于 %d 月开展，尚未开始", y, month);
			EN(out, "the self-assessment of %d is due in month %d and has not started",
			   y, month);
		}
		return true;
	}
	flag(out, "INSP-4", "self_assessment_overdue");
	ZH(out, "%d 年度保密自查自评应于 %d 月完成，%s", y, month,
	   started ? "至今未签字完成" : "至今尚未开展");
	EN(out, "the self-assessment of %d was due in month %d and %s", y, month,
	   started ? "is not signed yet" : "has not started");
	return true;
}

bool bm_rules_insp_sa_training_short(const bm_policy *p, bm_class c, int year_tenths)
{
	return c > BM_CLASS_NONE && c < BM_CLASS_COUNT && year_tenths < p->training_min_hours * 10;
}

bool bm_rules_insp_sa_statement_expired(int32_t until, int32_t today)
{
	return until != BM_DATE_NONE && until < today;
}

bool bm_rules_insp_sa_commitment_missing(bm_class c, int32_t commitment_on)
{
	return (c == BM_CLASS_CORE || c == BM_CLASS_IMPORTANT) && commitment_on == BM_DATE_NONE;
}

bool bm_rules_insp_sa_device_unassigned(bool scrapped, int64_t holder_id)
{
	return !scrapped && holder_id <= 0;
}

bool bm_rules_insp_sa_device_unlabelled(bool scrapped, int label_state)
{
	return !scrapped && label_state != BM_LABEL_CURRENT;
}

bool bm_rules_insp_sa_rectification_open(int status)
{
	return status != BM_RECT_CLOSED;
}
