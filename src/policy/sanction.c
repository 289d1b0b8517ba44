/*
 * sanction.c — incidents carried to their end (INC-1, INC-2, INSP-3): see
 * sanction.h.
 */
#include "common.h"
#include "policy/sanction.h"

#include "policy/rules_int.h"

const bm_vocab_entry bm_sanction_names[BM_SANCTION_COUNT] = {
        {"warning", "警告", "warning"},
        {"demerit", "记过", "demerit"},
        {"major_demerit", "记大过", "major demerit"},
        {"demotion", "降级/降职", "demotion"},
        {"dismissal", "开除", "dismissal"},
};

const bm_vocab_entry bm_reward_names[BM_REWARD_COUNT] = {
        {"commendation", "表彰", "commendation"},
        {"award", "奖励", "award"},
};

const bm_vocab_entry bm_factor_names[BM_FACTOR_COUNT] = {
        {"none", "无", "none"},
        {"aggravating", "从重情节", "aggravating factors"},
        {"mitigating", "从轻情节", "mitigating factors"},
};

/* INC-2 (S0 制度12 十五): the range of each level involved, lightest and heaviest. */
static const bm_sanction_range ranges[BM_LEVEL_COUNT] = {
        [BM_LEVEL_PUBLIC] = {false, BM_SANCTION_WARNING, BM_SANCTION_WARNING},
        [BM_LEVEL_INTERNAL] = {false, BM_SANCTION_WARNING, BM_SANCTION_WARNING},
        [BM_LEVEL_CONFIDENTIAL] = {true, BM_SANCTION_WARNING, BM_SANCTION_DEMERIT},
        [BM_LEVEL_SECRET] = {true, BM_SANCTION_DEMERIT, BM_SANCTION_DEMOTION},
        [BM_LEVEL_TOP_SECRET] = {true, BM_SANCTION_MAJOR_DEMERIT, BM_SANCTION_DISMISSAL},
};

bm_sanction_range bm_rules_sanction_range_of(bm_level level)
{
	bm_sanction_range none = {false, BM_SANCTION_WARNING, BM_SANCTION_WARNING};
	if ((int)level < 0 || level >= BM_LEVEL_COUNT)
		return none;
	return ranges[level];
}

bool bm_rules_sanction(bm_decision *out, const bm_sanction_facts *f)
{
	bm_sanction_range r;
	const char *mz, *me;

	allow(out, "INC-2");
	if (f->measure < 0 || f->measure >= BM_SANCTION_COUNT) {
		refuse(out, BM_EINVALID, "INC-2", "invalid_sanction");
		ZH(out, "处分只能是 warning（警告）、demerit（记过）、major_demerit（记大过）、"
		        "demotion（降级/降职）或 dismissal（开除）");
		EN(out, "a sanction is warning, demerit, major_demerit, demotion or dismissal");
		return false;
	}
	if (f->factor < 0 || f->factor >= BM_FACTOR_COUNT) {
		refuse(out, BM_EINVALID, "INC-2", "invalid_factor");
		ZH(out, "情节只能是 aggravating（从重）或 mitigating（从轻）");
		EN(out, "factors are 'aggravating' or 'mitigating'");
		return false;
	}
	/* INC-2: the factors are recorded, not only named. */
	if (f->factor != BM_FACTOR_NONE && !f->factor_text_given) {
		refuse(out, BM_EINVALID, "INC-2", "factors_text_required");
		ZH(out, "须写明%s的具体情况", bm_factor_names[f->factor].zh);
		EN(out, "describe the %s", bm_factor_names[f->factor].en);
		return false;
	}
	/* INC-2: the sanction follows the level involved … */
	if (f->level < 0 || f->level >= BM_LEVEL_COUNT) {
		refuse(out, BM_EDENIED, "INC-2", "sanction_level_unknown");
		ZH(out, "事件尚未记录所涉密级，不能决定处分");
		EN(out, "the incident's level is not recorded; no sanction can be decided");
		return false;
	}
	/* … and the investigation that established it (INC-4). */
	if (!f->findings_recorded) {
		refuse(out, BM_EDENIED, "INC-2", "sanction_findings_required");
		ZH(out, "尚未记录调查结论，不能决定处分");
		EN(out, "no findings recorded; no sanction can be decided yet");
		return false;
	}
	r = bm_rules_sanction_range_of((bm_level)f->level);
	mz = bm_sanction_names[f->measure].zh;
	me = bm_sanction_names[f->measure].en;
	if (!r.has_range) {
		if (f->factor != BM_FACTOR_NONE)
			return true;
		refuse(out, BM_EDENIED, "INC-2", "sanction_no_range");
		ZH(out, "%s事件没有规定的处分幅度；给予%s须记录从重或从轻情节", lz(f->level), mz);
		EN(out,
		   "a %s incident has no range of sanctions; a %s needs its aggravating or "
		   "mitigating factors recorded",
		   le(f->level), me);
		return false;
	}
	if (f->measure > (int)r.heaviest && f->factor != BM_FACTOR_AGGRAVATING) {
		refuse(out, BM_EDENIED, "INC-2", "sanction_above_range");
		ZH(out, "%s事件的处分为%s至%s；给予%s须记录从重情节", lz(f->level),
		   bm_sanction_names[r.lightest].zh, bm_sanction_names[r.heaviest].zh, mz);
		EN(out,
		   "a %s incident is sanctioned from %s to %s; a %s needs aggravating factors "
		   "recorded",
		   le(f->level), bm_sanction_names[r.lightest].en, bm_sanction_names[r.heaviest].en,
		   me);
		return false;
	}
	if (f->measure < (int)r.lightest && f->factor != BM_FACTOR_MITIGATING) {
		refuse(out, BM_EDENIED, "INC-2", "sanction_below_range");
		ZH(out, "%s事件的处分为%s至%s；给予%s须记录从轻情节", lz(f->level),
		   bm_sanction_names[r.lightest].zh, bm_sanction_names[r.heaviest].zh, mz);
		EN(out,
		   "a %s incident is sanctioned from %s to %s; a %s needs mitigating factors "
		   "recorded",
		   le(f->level), bm_sanction_names[r.lightest].en, bm_sanction_names[r.heaviest].en,
		   me);
		return false;
	}
	return true;
}

bool bm_rules_merit_decision(bm_decision *out, const char *rule, bool decided_by_given,
                             int32_t decided_on, bool document_given, int32_t today)
{
	allow(out, rule);
	/* INC-2, INSP-3: who decided, when, under which document. */
	if (!decided_by_given) {
		refuse(out, BM_EINVALID, rule, "decided_by_required");
		ZH(out, "须写明作出决定的机关或人员");
		EN(out, "who decided is required");
		return false;
	}
	if (decided_on == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, rule, "decided_on_required");
		ZH(out, "须写明决定日期");
		EN(out, "the date of the decision is required");
		return false;
	}
	if (decided_on > today) {
		char day[BM_DATE_LEN];
		bm_date_format(decided_on, day);
		refuse(out, BM_EINVALID, rule, "decided_in_future");
		ZH(out, "决定日期 %s 尚未到来", day);
		EN(out, "the date of the decision %s has not come", day);
		return false;
	}
	if (!document_given) {
		refuse(out, BM_EINVALID, rule, "document_required");
		ZH(out, "须写明决定文件的文号");
		EN(out, "the decision's document number is required");
		return false;
	}
	return true;
}

bool bm_rules_reward(bm_decision *out, int measure, bool reason_given)
{
	allow(out, "INSP-3");
	if (measure < 0 || measure >= BM_REWARD_COUNT) {
		refuse(out, BM_EINVALID, "INSP-3", "invalid_reward");
		ZH(out, "奖励只能是 commendation（表彰）或 award（奖励）");
		EN(out, "a reward is a 'commendation' or an 'award'");
		return false;
	}
	/* INSP-3: the register says what the reward is for. */
	if (!reason_given) {
		refuse(out, BM_EINVALID, "INSP-3", "reason_required");
		ZH(out, "须写明奖励事由");
		EN(out, "say what the reward is for");
		return false;
	}
	return true;
}

bool bm_rules_incident_discovered(bm_decision *out, bool valid, int64_t discovered_at,
                                  int64_t opened_at, int64_t now)
{
	char iso[BM_ISO_TIME_LEN];
	allow(out, "INC-1");
	if (!valid) {
		refuse(out, BM_EINVALID, "INC-1", "discovered_invalid");
		ZH(out, "发现时间无效（如 2026-12-01T08:30:00Z）");
		EN(out, "the time of discovery is not a valid time (e.g. 2026-12-01T08:30:00Z)");
		return false;
	}
	bm_time_format(discovered_at, iso);
	/* INC-1: the 24 hours count from the discovery, which has happened. */
	if (discovered_at > now) {
		refuse(out, BM_EINVALID, "INC-1", "discovered_in_future");
		ZH(out, "发现时间 %s 尚未到来", iso);
		EN(out, "the time of discovery %s has not come", iso);
		return false;
	}
	if (opened_at && discovered_at > opened_at) {
		refuse(out, BM_EINVALID, "INC-1", "discovered_after_opening");
		ZH(out, "发现时间 %s 晚于立案时间", iso);
		EN(out, "the time of discovery %s is after the incident was opened", iso);
		return false;
	}
	return true;
}

bool bm_rules_incident_notice(bm_decision *out, const bm_incident_notice_facts *f)
{
	allow(out, "INC-1");
	/* INC-1: reported once; a correction is an amendment with its reason, the original kept. */
	if (f->already && !f->amend) {
		refuse(out, BM_ECONFLICT, "INC-1", "notice_recorded");
		ZH(out, "已记录向上级的报告；更正须另行记录更正及理由");
		EN(out, "the report to the higher authority is recorded already; amend it with a "
		        "reason");
		return false;
	}
	if (f->amend && !f->already) {
		refuse(out, BM_ECONFLICT, "INC-1", "notice_not_recorded");
		ZH(out, "尚未记录向上级的报告，无可更正");
		EN(out, "no report to the higher authority is recorded to amend");
		return false;
	}
	if (f->amend && !f->reason_given) {
		refuse(out, BM_EINVALID, "INC-1", "amend_reason_required");
		ZH(out, "更正向上级的报告须写明理由");
		EN(out, "an amendment of the report states its reason");
		return false;
	}
	if (f->amend && !f->changed) {
		refuse(out, BM_EINVALID, "INC-1", "notice_unchanged");
		ZH(out, "更正与已记录的报告相同");
		EN(out, "the amendment changes nothing in the report recorded");
		return false;
	}
	if (!f->to_given) {
		refuse(out, BM_EINVALID, "INC-1", "notice_to_required");
		ZH(out, "须写明报告对象（上级保密部门或领导小组）");
		EN(out, "say to whom the report was made");
		return false;
	}
	if (!f->document_given) {
		refuse(out, BM_EINVALID, "INC-1", "notice_document_required");
		ZH(out, "须写明报告的文号");
		EN(out, "the report's document number is required");
		return false;
	}
	if (!f->sent_at) {
		refuse(out, BM_EINVALID, "INC-1", "notice_time_invalid");
		ZH(out, "报告时间无效");
		EN(out, "the time of the report is not a valid time");
		return false;
	}
	if (f->sent_at > f->now) {
		refuse(out, BM_EINVALID, "INC-1", "notice_in_future");
		ZH(out, "报告时间尚未到来");
		EN(out, "the time of the report has not come");
		return false;
	}
	if (f->sent_at < f->discovered_at) {
		refuse(out, BM_EINVALID, "INC-1", "notice_before_discovery");
		ZH(out, "报告时间早于发现时间");
		EN(out, "the report is dated before the discovery");
		return false;
	}
	return true;
}
