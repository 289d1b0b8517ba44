/*
 * cases.c — letters, count sessions and incidents: see cases.h.
 */
#include "common.h"
#include "policy/cases.h"

#include "policy/calendar.h"
#include "policy/rules_int.h"

bool bm_rules_letter_addressee(bm_decision *out, const bm_addressee_facts *addressee)
{
	allow(out, "REG-3");
	/* REG-3: a personal letter names who alone may open it. */
	if (!addressee) {
		refuse(out, BM_EINVALID, "REG-3", "addressee_required");
		ZH(out, "必须填写收信人（亲启人）");
		EN(out, "the addressee is required");
		return false;
	}
	/* REG-3: … and that person can record the opening. */
	if (!addressee->active || !addressee->has_account) {
		refuse(out, BM_EINVALID, "REG-3", "addressee_cannot_open");
		ZH(out, "收信人“%s”没有可用账户，无法登记拆封", addressee->name);
		EN(out, "addressee '%s' has no active account to record the opening",
		   addressee->name);
		return false;
	}
	return true;
}

bool bm_rules_letter_open(bm_decision *out, const bm_letter_facts *letter, int64_t opener_id)
{
	const char *name = letter->addressee_name ? letter->addressee_name : "-";

	allow(out, "REG-3");
	/* REG-3: opened only by its addressee — not the clerk, nobody else. */
	if (letter->addressee_id != opener_id) {
		refuse(out, BM_EDENIED, "REG-3", "not_addressee");
		ZH(out, "亲启信件只能由收信人“%s”本人拆封", name);
		EN(out, "a personal letter is opened only by its addressee, '%s'", name);
		return false;
	}
	if (strcmp(letter->status, "sealed") != 0) {
		const char *at = letter->opened_at ? letter->opened_at : "-";
		refuse(out, BM_ECONFLICT, "REG-3", "letter_opened");
		ZH(out, "信件 %lld 已于 %s 拆封", (long long)letter->id, at);
		EN(out, "letter %lld was opened on %s", (long long)letter->id, at);
		return false;
	}
	return true;
}

bool bm_rules_letter_contents(bm_decision *out, const bm_letter_facts *letter)
{
	allow(out, "REG-3");
	/* REG-3: only what the addressee opened and handed back is registered. */
	if (strcmp(letter->status, "sealed") == 0) {
		refuse(out, BM_ECONFLICT, "REG-3", "letter_sealed");
		ZH(out, "信件 %lld 尚未由收信人拆封，内容不能登记", (long long)letter->id);
		EN(out, "letter %lld is still sealed: only its addressee opens it",
		   (long long)letter->id);
		return false;
	}
	if (strcmp(letter->status, "closed") == 0) {
		refuse(out, BM_ECONFLICT, "REG-3", "letter_not_classified");
		ZH(out, "收信人已说明信件 %lld 无涉密内容", (long long)letter->id);
		EN(out, "the addressee stated letter %lld held nothing classified",
		   (long long)letter->id);
		return false;
	}
	return true;
}

bool bm_rules_count_open(bm_decision *out, int64_t id, const char *closed_at)
{
	allow(out, "INV-3");
	/* INV-3: a closed count's result stands; nothing is ticked after it. */
	if (closed_at) {
		refuse(out, BM_ECONFLICT, "INV-3", "count_closed");
		ZH(out, "清查 %lld 已于 %s 结束", (long long)id, closed_at);
		EN(out, "count session %lld was closed at %s", (long long)id, closed_at);
		return false;
	}
	return true;
}

bool bm_rules_count_confirmed(bm_decision *out, int64_t id, int64_t missing_now,
                              const char *token_now, bool given, int64_t missing_given,
                              const char *token_given)
{
	allow(out, "INV-4");
	/* INV-4: nobody closes a count without having seen what becomes 下落不明. */
	if (!given) {
		if (missing_now == 0)
			return true;
		refuse(out, BM_ECONFLICT, "INV-4", "count_unconfirmed");
		ZH(out,
		   "结束清查 %lld 将有 %lld 件（台）载体和设备记为下落不明并立案，须先核对清单，"
		   "以核对所示的件数和核对码确认后再结束",
		   (long long)id, (long long)missing_now);
		EN(out,
		   "closing count %lld records %lld carriers and devices as missing and opens an "
		   "incident: review them first and confirm with the review's number and token",
		   (long long)id, (long long)missing_now);
		return false;
	}
	/* INV-4: … and what was seen is still what closes: no tick, no new carrier since. */
	if (missing_given != missing_now || !token_given || !token_now ||
	    strcmp(token_given, token_now) != 0) {
		refuse(out, BM_ECONFLICT, "INV-4", "count_confirm_stale");
		ZH(out,
		   "清查 %lld 在核对之后有变化（确认的是 %lld 件（台）下落不明，现为 %lld 件（台）"
		   "或清点有增减），请重新核对后再结束",
		   (long long)id, (long long)missing_given, (long long)missing_now);
		EN(out,
		   "count %lld changed since the review (%lld missing confirmed, %lld now, or "
		   "ticks since): review it again before closing",
		   (long long)id, (long long)missing_given, (long long)missing_now);
		return false;
	}
	return true;
}

static bool word_is(const char *w, const char *a, const char *b, const char *c)
{
	return strcmp(w, a) == 0 || strcmp(w, b) == 0 || (c && strcmp(w, c) == 0);
}

bool bm_rules_count_scope(bm_decision *out, const char *kind, bool has_ref, bm_count_scope *scope)
{
	allow(out, "INV-3");
	if (word_is(kind, "unit", "单位", "全单位")) {
		*scope = BM_COUNT_SCOPE_UNIT;
		if (!has_ref)
			return true;
		refuse(out, BM_EINVALID, "INV-3", "scope_ref_unexpected");
		ZH(out, "全单位清查不需要指定范围对象");
		EN(out, "a count of the whole unit takes no scope reference");
		return false;
	}
	if (word_is(kind, "department", "部门", NULL)) {
		*scope = BM_COUNT_SCOPE_DEPARTMENT;
		return true;
	}
	if (word_is(kind, "custodian", "保管人", NULL)) {
		*scope = BM_COUNT_SCOPE_CUSTODIAN;
		return true;
	}
	refuse(out, BM_EINVALID, "INV-3", "invalid_scope");
	ZH(out, "未知清查范围 '%s'（单位/部门/保管人）", kind);
	EN(out, "unknown count scope '%s' (unit, department, custodian)", kind);
	return false;
}

bool bm_rules_count_found(bm_decision *out, int64_t id, bool found)
{
	allow(out, "INV-3");
	if (found)
		return true;
	refuse(out, BM_ENOTFOUND, "INV-3", "unknown_count");
	ZH(out, "清查 %lld 不存在", (long long)id);
	EN(out, "count session %lld does not exist", (long long)id);
	return false;
}

bool bm_rules_count_tick(bm_decision *out, int64_t carrier_id)
{
	allow(out, "INV-3");
	if (carrier_id > 0)
		return true;
	refuse(out, BM_EINVALID, "INV-3", "invalid_carrier_id");
	ZH(out, "载体编号无效");
	EN(out, "invalid carrier id");
	return false;
}

bool bm_rules_count_tick_device(bm_decision *out, int64_t device_id, bool incomplete)
{
	allow(out, "INV-3");
	if (device_id <= 0) {
		refuse(out, BM_EINVALID, "INV-3", "invalid_device_id");
		ZH(out, "设备编号无效");
		EN(out, "invalid device id");
		return false;
	}
	if (incomplete) {
		refuse(out, BM_EINVALID, "INV-3", "device_incomplete");
		ZH(out, "设备只清点在与不在，不记附件不全；请写在备注中");
		EN(out, "a device is found or not, never 'incomplete'; say what is wrong in the "
		        "'note'");
		return false;
	}
	return true;
}

bool bm_rules_count_result(bm_decision *out, int64_t id, bool readable)
{
	allow(out, "INV-3");
	if (readable)
		return true;
	refuse(out, BM_ECORRUPT, "INV-3", "corrupt_count_result");
	ZH(out, "清查 %lld 的结果无法读取", (long long)id);
	EN(out, "the result of count %lld is unreadable", (long long)id);
	return false;
}

bool bm_rules_incident_record(bm_decision *out, const char *kind, bool has_carrier, bool what_given)
{
	allow(out, "INC-1");
	/* INC-1: the report says what was lost or leaked. */
	if (!has_carrier && !what_given) {
		refuse(out, BM_EINVALID, "INC-1", "what_required");
		ZH(out, "须写明泄露或下落不明的内容（或指定载体）");
		EN(out, "say what was lost or leaked (or name the carrier)");
		return false;
	}
	/* BORROW-6: a borrowing so late it is handled as a loss is about one carrier. */
	if (strcmp(kind, "overdue") == 0 && !has_carrier) {
		refuse(out, BM_EINVALID, "BORROW-6", "carrier_required");
		ZH(out, "逾期未还事件须指定载体");
		EN(out, "an overdue incident names its carrier");
		return false;
	}
	return true;
}

bool bm_rules_incident_open(bm_decision *out, int64_t id, const char *status)
{
	allow(out, "INC-4");
	/* INC-4: a closed case stays closed. */
	if (strcmp(status, "open") != 0) {
		refuse(out, BM_ECONFLICT, "INC-4", "incident_closed");
		ZH(out, "事件 %lld 已结案", (long long)id);
		EN(out, "incident %lld is closed", (long long)id);
		return false;
	}
	return true;
}

bool bm_rules_incident_close(bm_decision *out, bool report_complete, bool findings_given)
{
	allow(out, "INC-4");
	/* INC-1: the report is complete before the case closes … */
	if (!report_complete) {
		refuse(out, BM_EDENIED, "INC-1", "report_incomplete");
		ZH(out, "事件报告不完整（内容、密级、数量、形式、危害、经过、责任人、补救措施），"
		        "不能结案");
		EN(out, "the report is incomplete (what, level, quantity, form, harm, "
		        "circumstances, responsible, remedies); the incident cannot close");
		return false;
	}
	/* INC-4: … and the investigation's findings are recorded. */
	if (!findings_given) {
		refuse(out, BM_EDENIED, "INC-4", "findings_required");
		ZH(out, "尚未记录调查结论，不能结案");
		EN(out, "no findings recorded; the incident cannot close");
		return false;
	}
	return true;
}

bool bm_rules_letter_handback_overdue(bm_decision *out, const bm_policy *p, int32_t opened_on,
                                      int32_t today)
{
	allow(out, "REG-3");
	out->due_date = opened_on + p->registration_max_days;
	/* REG-3: classified contents come back for registration as fast as REG-2 says. */
	if (today <= out->due_date)
		return false;
	flag(out, "REG-3", "letter_not_handed_back");
	ZH(out, "涉密内容尚未交回登记（已 %d 日）", (int)(today - out->due_date));
	EN(out, "the classified contents are not yet handed back for registration (%d days)",
	   (int)(today - out->due_date));
	return true;
}

bool bm_rules_incident_report_due(bm_decision *out, const bm_policy *p, int64_t discovered_at,
                                  int64_t now)
{
	char iso[BM_ISO_TIME_LEN];
	bool late;

	allow(out, "INC-1");
	/* INC-1: reported within the policy's hours of the discovery. */
	out->due_at = discovered_at + (int64_t)p->incident_report_hours * 3600;
	late = now >= out->due_at;
	bm_time_format(out->due_at, iso);
	flag(out, "INC-1", late ? "report_overdue" : "report_due");
	ZH(out, "须在发现后 %d 小时内向上级报告，期限 %s%s", p->incident_report_hours, iso,
	   late ? "，已逾期" : "");
	EN(out,
	   "the report to the higher authority is due within %d hours of the discovery, by %s%s",
	   p->incident_report_hours, iso, late ? "; it is late" : "");
	return true;
}

bool bm_rules_incident_findings_overdue(bm_decision *out, const bm_policy *p, int32_t reported_on,
                                        int32_t today)
{
	allow(out, "INC-4");
	/* INC-4: findings within the policy's months of the report. */
	out->due_date = bm_calendar_add_months(reported_on, p->incident_findings_months);
	if (today <= out->due_date)
		return false;
	flag(out, "INC-4", "findings_overdue");
	ZH(out, "调查结论应在 %d 个月内记录，已逾期 %d 日", p->incident_findings_months,
	   (int)(today - out->due_date));
	EN(out, "findings were due within %d months; %d days late", p->incident_findings_months,
	   (int)(today - out->due_date));
	return true;
}
