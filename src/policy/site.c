/*
 * site.c — key departments and places (保密要害部门部位, SITE-1): see site.h.
 */
#include "common.h"
#include "policy/site.h"

#include "policy/rules_int.h"

const bm_vocab_entry bm_site_kind_names[BM_SITE_KIND_COUNT] = {
        {"department", "要害部门", "key department"},
        {"place", "要害部位", "key place"},
};

const bm_vocab_entry bm_site_measure_names[BM_MEASURE_COUNT] = {
        {"iron_door", "铁门", "iron door"},
        {"iron_window", "铁窗", "iron window bars"},
        {"safe", "保密柜", "safe"},
        {"alarm", "报警器", "alarm"},
        {"extinguisher", "灭火器", "extinguisher"},
        {"video", "视频监控", "video surveillance"},
};

const bm_vocab_entry bm_site_member_names[BM_SITE_MEMBER_COUNT] = {
        {"staff", "工作人员", "works there"},
        {"access", "准入人员", "may enter"},
};

static const char *who(const bm_site_person_facts *p)
{
	return p && p->name ? p->name : "-";
}

bool bm_rules_site_where(bm_decision *out, int kind, bool has_department, bool has_place,
                         bool has_location)
{
	allow(out, "SITE-1");
	if (kind < 0 || kind >= BM_SITE_KIND_COUNT) {
		refuse(out, BM_EINVALID, "SITE-1", "invalid_site_kind");
		ZH(out, "要害部门部位的类别只能是 department（部门）或 place（部位）");
		EN(out, "a key site is a 'department' or a 'place'");
		return false;
	}
	/* SITE-1: a key department is one of the unit's departments. */
	if (kind == BM_SITE_DEPARTMENT && !has_department) {
		refuse(out, BM_EINVALID, "SITE-1", "site_department_required");
		ZH(out, "要害部门必须指明本单位的部门");
		EN(out, "a key department names one of the unit's departments");
		return false;
	}
	/* SITE-1: a key place says where it is. */
	if (kind == BM_SITE_PLACE && !has_place && !has_location) {
		refuse(out, BM_EINVALID, "SITE-1", "site_location_required");
		ZH(out, "要害部位必须指明存放场所或具体位置");
		EN(out, "a key place names a storage place or its location");
		return false;
	}
	return true;
}

bool bm_rules_site_confirmation(bm_decision *out, const char *confirmed_by, int32_t confirmed_on,
                                int32_t today)
{
	allow(out, "SITE-1");
	/* SITE-1: who confirmed it as a key department or place, and when. */
	if (!confirmed_by || !*confirmed_by) {
		refuse(out, BM_EINVALID, "SITE-1", "site_confirmed_by_required");
		ZH(out, "必须填写确定要害部门部位的机关或人员");
		EN(out, "who confirmed the key site is required");
		return false;
	}
	if (confirmed_on == BM_DATE_NONE) {
		refuse(out, BM_EINVALID, "SITE-1", "site_confirmed_on_required");
		ZH(out, "必须填写确定日期");
		EN(out, "the date of the confirmation is required");
		return false;
	}
	if (confirmed_on > today) {
		char day[BM_DATE_LEN];
		bm_date_format(confirmed_on, day);
		refuse(out, BM_EINVALID, "SITE-1", "site_confirmed_in_future");
		ZH(out, "确定日期 %s 晚于今天", day);
		EN(out, "the confirmation date %s is in the future", day);
		return false;
	}
	return true;
}

bool bm_rules_site_leader(bm_decision *out, const bm_site_person_facts *leader)
{
	allow(out, "SITE-1");
	if (!leader) {
		refuse(out, BM_EINVALID, "SITE-1", "site_leader_required");
		ZH(out, "必须指定要害部门部位的责任领导");
		EN(out, "the responsible leader is required");
		return false;
	}
	if (!leader->active) {
		refuse(out, BM_EDENIED, "SITE-1", "site_leader_inactive");
		ZH(out, "“%s”已停用或离岗，不能担任责任领导", who(leader));
		EN(out, "'%s' is disabled or has left and cannot be the responsible leader",
		   who(leader));
		return false;
	}
	return true;
}

bool bm_rules_site_active(bm_decision *out, bool active, int64_t site_id)
{
	allow(out, "SITE-1");
	if (!active) {
		refuse(out, BM_ECONFLICT, "SITE-1", "site_revoked");
		ZH(out, "要害部门部位 %lld 已撤销", (long long)site_id);
		EN(out, "key site %lld has been revoked", (long long)site_id);
		return false;
	}
	return true;
}

bool bm_rules_site_member(bm_decision *out, bm_site_member_kind kind, const bm_site_person_facts *p)
{
	allow(out, "SITE-1");
	if (!p->active) {
		refuse(out, BM_EDENIED, "SITE-1", "site_person_inactive");
		ZH(out, "“%s”已停用或离岗，不能列入要害部门部位名单", who(p));
		EN(out, "'%s' is disabled or has left and cannot be listed for a key site", who(p));
		return false;
	}
	if (kind != BM_SITE_STAFF)
		return true;
	/* PERSON-3: temporary hires never hold a classified post. */
	if (p->temporary) {
		refuse(out, BM_EDENIED, "PERSON-3", "temporary_hire");
		ZH(out, "“%s”为临时聘用人员，不能在要害部门部位工作", who(p));
		EN(out, "'%s' is a temporary hire and cannot work at a key site", who(p));
		return false;
	}
	/* SITE-1, PERSON-1: the people who work there are at least 重要 class. */
	if (p->person_class < BM_CLASS_IMPORTANT) {
		refuse(out, BM_EDENIED, "SITE-1", "site_class_too_low");
		ZH(out, "“%s”为%s涉密人员；要害部门部位工作人员须为重要或核心涉密人员（PERSON-1）",
		   who(p), bm_class_names[p->person_class].zh);
		EN(out,
		   "'%s' is of class %s; people working at a key site are of class important or "
		   "core (PERSON-1)",
		   who(p), bm_class_names[p->person_class].en);
		return false;
	}
	return true;
}

bool bm_rules_site_class_lowering(bm_decision *out, bm_class to, size_t n_sites)
{
	allow(out, "SITE-1");
	/* SITE-1, PERSON-1: nobody works at a key site below 重要 class. */
	if (to < BM_CLASS_IMPORTANT && n_sites > 0) {
		refuse(out, BM_EDENIED, "SITE-1", "site_staff_class");
		ZH(out, "此人在 %zu 个要害部门部位工作，须先从其工作人员名单中移出，才能降为%s",
		   n_sites, bm_class_names[to].zh);
		EN(out,
		   "the person works at %zu key site(s): take them off the staff list before "
		   "lowering the class to %s",
		   n_sites, bm_class_names[to].en);
		return false;
	}
	return true;
}

bool bm_rules_site_visit(bm_decision *out, const bm_site_visit_facts *v)
{
	allow(out, "SITE-1");
	if (v->escort_given && v->escort_is_visitor) {
		refuse(out, BM_EDENIED, "SITE-1", "site_escort_self");
		ZH(out, "来访人员不能自己陪同自己");
		EN(out, "a visitor cannot escort themself");
		return false;
	}
	/* SITE-1: an escort is somebody who works there. */
	if (v->escort_given && !v->escort_on_staff) {
		refuse(out, BM_EDENIED, "SITE-1", "site_escort_not_staff");
		ZH(out, "陪同人员须为该要害部门部位的工作人员");
		EN(out, "the escort must be on the site's staff list");
		return false;
	}
	/* SITE-1: unrelated persons are not brought in without an escort. */
	if (!v->visitor_listed && !v->escort_given) {
		refuse(out, BM_EDENIED, "SITE-1", "site_escort_required");
		ZH(out, "来访人员不在准入名单上，须由该处工作人员陪同进入");
		EN(out,
		   "the visitor is not on the access list and needs an escort who works there");
		return false;
	}
	return true;
}

bool bm_rules_site_visit_out(bm_decision *out, int64_t visit_id, bool already_out, int64_t time_in,
                             int64_t time_out)
{
	allow(out, "SITE-1");
	if (already_out) {
		refuse(out, BM_ECONFLICT, "SITE-1", "site_visit_closed");
		ZH(out, "来访 %lld 已登记离开", (long long)visit_id);
		EN(out, "visit %lld has already been signed out", (long long)visit_id);
		return false;
	}
	if (time_out < time_in) {
		refuse(out, BM_EINVALID, "SITE-1", "site_visit_out_before_in");
		ZH(out, "离开时间早于进入时间");
		EN(out, "the time out is before the time in");
		return false;
	}
	return true;
}

bool bm_rules_site_whole_register(const bm_site_viewer *v)
{
	/* SYS-2, SITE-1: the keeper of the register and the leadership see all of it. */
	return v->keeper || v->leadership;
}

bool bm_rules_site_visible(const bm_site_viewer *v, const bm_site_sight *s)
{
	if (bm_rules_site_whole_register(v))
		return true;
	/* SYS-2, SITE-1: need to know: its responsible leader, its staff and access list. */
	return v->person_id != 0 && (s->leader_id == v->person_id || s->listed);
}
