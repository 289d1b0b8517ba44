/*
 * orgadmin.c — renaming and retiring departments and places. See orgadmin.h.
 */
#include "common.h"
#include "policy/orgadmin.h"

#include "policy/rules_int.h"

bool bm_rules_place_open(bm_decision *out, const char *name, const char *retired_on)
{
	allow(out, "KEEP-1");
	if (retired_on) {
		refuse(out, BM_ECONFLICT, "KEEP-1", "place_retired");
		ZH(out, "存放地点“%s”已于%s停用，不再存放载体", name, retired_on);
		EN(out, "storage place '%s' was retired on %s and takes no carriers", name,
		   retired_on);
		return false;
	}
	return true;
}

/* The day of a retirement, and that it is the first (`rule` names the refusal). */
static bool retire_day(bm_decision *out, const char *rule, const bm_retire_facts *f)
{
	if (f->retired_on) {
		refuse(out, BM_ECONFLICT, rule, "already_retired");
		ZH(out, "“%s”已于%s停用", f->name, f->retired_on);
		EN(out, "'%s' was already retired on %s", f->name, f->retired_on);
		return false;
	}
	if (f->on == BM_DATE_NONE || f->on > f->today) {
		refuse(out, BM_EINVALID, rule, "retire_day_invalid");
		ZH(out, "停用日期须为不晚于今天的日期（YYYY-MM-DD）");
		EN(out, "the day of retirement is a date (YYYY-MM-DD) not after today");
		return false;
	}
	return true;
}

bool bm_rules_place_retire(bm_decision *out, const bm_retire_facts *f)
{
	allow(out, "KEEP-1");
	if (!retire_day(out, "KEEP-1", f))
		return false;
	if (f->held.carriers > 0) {
		refuse(out, BM_ECONFLICT, "KEEP-1", "place_not_empty");
		ZH(out, "存放地点“%s”仍存放 %lld 件载体，须先变更其存放地点", f->name,
		   (long long)f->held.carriers);
		EN(out, "storage place '%s' still holds %lld carrier(s); move them first", f->name,
		   (long long)f->held.carriers);
		return false;
	}
	if (f->held.devices > 0) {
		refuse(out, BM_ECONFLICT, "DEV-1", "place_has_devices");
		ZH(out, "存放地点“%s”仍登记有 %lld 台设备，须先变更设备的存放地点", f->name,
		   (long long)f->held.devices);
		EN(out,
		   "storage place '%s' still has %lld device(s) recorded there; move them first",
		   f->name, (long long)f->held.devices);
		return false;
	}
	return true;
}

bool bm_rules_department_open(bm_decision *out, const char *name, const char *retired_on)
{
	allow(out, "ORG-1");
	if (retired_on) {
		refuse(out, BM_ECONFLICT, "ORG-1", "department_retired");
		ZH(out, "部门“%s”已于%s停用，不再增加人员、载体或责任人", name, retired_on);
		EN(out,
		   "department '%s' was retired on %s and takes no new people, carriers or duty",
		   name, retired_on);
		return false;
	}
	return true;
}

bool bm_rules_department_retire(bm_decision *out, const bm_retire_facts *f)
{
	allow(out, "ORG-1");
	if (!retire_day(out, "ORG-1", f))
		return false;
	if (f->held.people > 0) {
		refuse(out, BM_ECONFLICT, "ORG-1", "department_has_people");
		ZH(out, "部门“%s”仍有 %lld 名在职人员，须先调整其所在部门", f->name,
		   (long long)f->held.people);
		EN(out,
		   "department '%s' still has %lld person(s) who have not left; move them first",
		   f->name, (long long)f->held.people);
		return false;
	}
	if (f->held.on_duty) {
		refuse(out, BM_ECONFLICT, "ORG-1", "department_on_duty");
		ZH(out, "部门“%s”仍在保密工作责任制中登记有现行责任人，须先结束", f->name);
		EN(out,
		   "department '%s' still has a current line in the responsibility table; end it "
		   "first",
		   f->name);
		return false;
	}
	if (f->held.carriers > 0) {
		refuse(out, BM_ECONFLICT, "KEEP-6", "department_holds_carriers");
		ZH(out, "部门“%s”名下仍有 %lld 件载体，须先移交", f->name,
		   (long long)f->held.carriers);
		EN(out, "department '%s' still owns %lld carrier(s); hand them over first", f->name,
		   (long long)f->held.carriers);
		return false;
	}
	return true;
}
