/*
 * meeting.c — classified meetings (涉密会议, MEET-1, MEET-2): see meeting.h.
 */
#include "common.h"
#include "policy/meeting.h"

#include <stdio.h>

#include "policy/calendar.h"
#include "policy/rules_int.h"

const bm_vocab_entry bm_meeting_measure_names[BM_MEETING_MEASURE_COUNT] = {
        {"no_wireless", "不使用无线话筒", "no wireless microphones"},
        {"phones_collected", "手机集中保管", "phones collected"},
        {"room_checked", "会场保密检查", "room checked"},
};

const bm_vocab_entry bm_meeting_status_names[BM_MEETING_STATUS_COUNT] = {
        {"planned", "筹备中", "planned"},
        {"open", "进行中", "open"},
        {"closed", "已结束", "closed"},
};

bool bm_rules_meeting_record(bm_decision *out, const bm_meeting_facts *f)
{
	allow(out, "MEET-1");
	/* MEET-1: a classified meeting has a level; 非密 is no classified meeting. */
	if (f->level < BM_LEVEL_INTERNAL || f->level >= BM_LEVEL_COUNT) {
		refuse(out, BM_EINVALID, "MEET-1", "meeting_level_invalid");
		ZH(out, "涉密会议的密级须为内部、秘密、机密或绝密");
		EN(out, "a classified meeting is 'internal', 'confidential', 'secret' or "
		        "'top_secret'");
		return false;
	}
	/* MEET-1: one place: a key site of the register, or a room. */
	if (f->site_given == f->room_given) {
		refuse(out, BM_EINVALID, "MEET-1", "meeting_place_required");
		ZH(out, "须指明一个会议地点：要害部门部位，或一个会议室");
		EN(out, "name one place: a key site of the register, or a room");
		return false;
	}
	if (f->site_given && !f->site_active) {
		refuse(out, BM_ECONFLICT, "MEET-1", "meeting_site_revoked");
		ZH(out, "该要害部门部位已撤销，不能作为会议地点");
		EN(out, "the key site has been revoked and cannot hold the meeting");
		return false;
	}
	if (!f->starts_at || !f->ends_at) {
		refuse(out, BM_EINVALID, "MEET-1", "meeting_time_required");
		ZH(out, "须填写会议的开始和结束时间");
		EN(out, "the meeting's start and end are required");
		return false;
	}
	if (f->ends_at <= f->starts_at) {
		refuse(out, BM_EINVALID, "MEET-1", "meeting_ends_before_start");
		ZH(out, "会议结束时间须晚于开始时间");
		EN(out, "the meeting ends after it starts");
		return false;
	}
	if (!f->organiser_given) {
		refuse(out, BM_EINVALID, "MEET-1", "meeting_organiser_required");
		ZH(out, "须指定会议组织人");
		EN(out, "the organiser is required");
		return false;
	}
	return true;
}

bool bm_rules_meeting_change(bm_decision *out, int64_t id, bm_meeting_status status,
                             bool place_or_time)
{
	allow(out, "MEET-1");
	if (status == BM_MEETING_CLOSED) {
		refuse(out, BM_ECONFLICT, "MEET-1", "meeting_closed");
		ZH(out, "会议 %lld 已结束，记录不再变更", (long long)id);
		EN(out, "meeting %lld is closed and its record no longer changes", (long long)id);
		return false;
	}
	/* MEET-1: what the measures were taken for does not move under them. */
	if (place_or_time && status != BM_MEETING_PLANNED) {
		refuse(out, BM_ECONFLICT, "MEET-1", "meeting_already_open");
		ZH(out, "会议 %lld 已召开，地点、时间和密级不再变更", (long long)id);
		EN(out, "meeting %lld is open: its place, time and level no longer change",
		   (long long)id);
		return false;
	}
	return true;
}

bool bm_rules_meeting_open(bm_decision *out, int64_t id, bm_meeting_status status, bm_level level,
                           const bool measures[BM_MEETING_MEASURE_COUNT])
{
	char zh[160] = "", en[160] = "";
	allow(out, "MEET-1");
	if (status != BM_MEETING_PLANNED) {
		refuse(out, BM_ECONFLICT, "MEET-1", "meeting_not_planned");
		ZH(out, "会议 %lld 不是筹备中，不能召开", (long long)id);
		EN(out, "meeting %lld is not planned and cannot be opened", (long long)id);
		return false;
	}
	if (!bm_level_is_classified(level))
		return true;
	/* MEET-1: 秘密 and above are held only with every measure taken. */
	for (int i = 0; i < BM_MEETING_MEASURE_COUNT; i++) {
		size_t lz_ = strlen(zh), le_ = strlen(en);
		if (measures[i])
			continue;
		snprintf(zh + lz_, sizeof(zh) - lz_, "%s%s", lz_ ? "、" : "",
		         bm_meeting_measure_names[i].zh);
		snprintf(en + le_, sizeof(en) - le_, "%s%s", le_ ? ", " : "",
		         bm_meeting_measure_names[i].en);
	}
	if (*zh) {
		refuse(out, BM_EDENIED, "MEET-1", "meeting_measures_missing");
		ZH(out, "%s会议须落实保密措施后方可召开，尚未记录：%s", lz(level), zh);
		EN(out, "a '%s' meeting is held only with its measures taken; not recorded: %s",
		   le(level), en);
		return false;
	}
	return true;
}

bool bm_rules_meeting_close(bm_decision *out, int64_t id, bm_meeting_status status)
{
	allow(out, "MEET-1");
	if (status != BM_MEETING_OPEN) {
		refuse(out, BM_ECONFLICT, "MEET-1", "meeting_not_open");
		ZH(out, "会议 %lld 未在进行中", (long long)id);
		EN(out, "meeting %lld is not open", (long long)id);
		return false;
	}
	return true;
}

bool bm_rules_meeting_participant(bm_decision *out, const bm_policy *p, const bm_actor *person,
                                  bm_level level, int32_t today)
{
	/* MEET-1: the participants are the meeting's scope, cleared as for a carrier's. */
	return bm_rules_named_person(out, p, person, level, today);
}

bool bm_rules_meeting_leave(bm_decision *out, const char *name, bool organiser,
                            int64_t held_carrier)
{
	allow(out, "MEET-1");
	if (organiser) {
		refuse(out, BM_ECONFLICT, "MEET-1", "meeting_organiser");
		ZH(out, "“%s”是会议组织人，不能移出参会人员名单", name);
		EN(out, "'%s' organises the meeting and stays on the list", name);
		return false;
	}
	/* MEET-2: whoever holds a meeting document stays answerable for it. */
	if (held_carrier) {
		refuse(out, BM_ECONFLICT, "MEET-2", "meeting_document_held");
		ZH(out, "“%s”持有会议文件 %lld，收回前不能移出", name, (long long)held_carrier);
		EN(out, "'%s' holds meeting document %lld; take it back first", name,
		   (long long)held_carrier);
		return false;
	}
	return true;
}

bool bm_rules_meeting_issue(bm_decision *out, const bm_meeting_issue_facts *f)
{
	allow(out, "MEET-2");
	if (f->status != BM_MEETING_OPEN) {
		refuse(out, BM_ECONFLICT, "MEET-2", "meeting_not_open");
		ZH(out, "会议文件只在会议进行中发放");
		EN(out, "meeting documents are issued while the meeting is open");
		return false;
	}
	if (!f->participant) {
		refuse(out, BM_EDENIED, "MEET-2", "meeting_not_participant");
		ZH(out, "会议文件只发给本次会议的参会人员");
		EN(out, "meeting documents are issued to the meeting's participants only");
		return false;
	}
	if (f->carrier_level > f->meeting_level) {
		refuse(out, BM_EDENIED, "MEET-2", "meeting_document_above_level");
		ZH(out, "%s文件不能在%s会议上发放", lz(f->carrier_level), lz(f->meeting_level));
		EN(out, "a '%s' document is not issued at a '%s' meeting", le(f->carrier_level),
		   le(f->meeting_level));
		return false;
	}
	return true;
}

bool bm_rules_meeting_holder_scope(bm_decision *out, const bm_item *item, const bm_actor *holder)
{
	allow(out, "CIRC-1");
	/* CIRC-1: a meeting circulates a document only within its approved scope. */
	if (!bm_level_is_classified(item->level) || item->custodian_id == holder->id ||
	    bm_rules_in_scope(item, holder))
		return true;
	refuse(out, BM_EDENIED, "CIRC-1", "outside_scope");
	ZH(out, "参会人员不在载体 %lld 的知悉范围内：须先经审批扩大知悉范围", (long long)item->id);
	EN(out,
	   "the participant is outside the 'scope' of carrier %lld: widen it by an approved "
	   "request first",
	   (long long)item->id);
	return false;
}

int64_t bm_rules_meeting_due(const bm_policy *p, bm_level level, int64_t ends_at)
{
	/* MEET-2: 绝密 back at the end; the rest within meeting.recall_hours. */
	if (level >= BM_LEVEL_TOP_SECRET)
		return ends_at;
	return ends_at + (int64_t)p->meeting_recall_hours * 3600;
}

bm_overdue bm_rules_meeting_overdue(bm_decision *out, const bm_policy *p, int64_t due_at,
                                    int32_t due_date, int64_t now, int32_t today)
{
	char d[BM_DATE_LEN];
	allow(out, "MEET-2");
	out->due_date = due_date;
	out->due_at = due_at;
	if (now <= due_at)
		return BM_OVERDUE_NO;
	bm_date_format(due_date, d);
	/* BORROW-6: not back months after the deadline: handled as a loss or leak. */
	if (today >= bm_calendar_add_months(due_date, p->overdue_incident_months)) {
		flag(out, "BORROW-6", "overdue_incident");
		ZH(out, "会议文件超过收回期限（%s）%d 个月未收回，按失泄密事件处理", d,
		   p->overdue_incident_months);
		EN(out,
		   "meeting document not back %d months after its recall '%s': handle as a loss",
		   p->overdue_incident_months, d);
		return BM_OVERDUE_INCIDENT;
	}
	/* MEET-2: recalled at the end and not back. */
	flag(out, "MEET-2", "meeting_overdue");
	ZH(out, "会议文件已过收回时间（%s）未收回", d);
	EN(out, "meeting document not back since its recall '%s'", d);
	return BM_OVERDUE_YES;
}

bool bm_rules_meeting_return(bm_decision *out, int64_t carrier_id, bool out_now)
{
	allow(out, "MEET-2");
	if (!out_now) {
		refuse(out, BM_ECONFLICT, "MEET-2", "meeting_document_back");
		ZH(out, "载体 %lld 已收回或未在本次会议上发放", (long long)carrier_id);
		EN(out, "carrier %lld is back already or was not issued at this meeting",
		   (long long)carrier_id);
		return false;
	}
	return true;
}
