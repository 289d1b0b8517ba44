/*
 * audit_words.c — the audit actions and objects in words (audit_words.h).
 * The table is sorted by code (bytes) for bsearch; a unit test checks it.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "model/audit_words.h"

const bm_audit_action_word bm_audit_actions[] = {
        {"account.approve", "批准账户申请", "approved an account filing", false},
        {"account.create", "建立账户", "created an account", false},
        {"account.disable", "停用账户", "disabled an account", false},
        {"account.enable", "启用账户", "enabled an account", false},
        {"account.filings", "查看账户申请", "viewed account filings", true},
        {"account.locks", "查看锁定的账户", "viewed locked accounts", true},
        {"account.refuse", "驳回账户申请", "refused an account filing", false},
        {"account.reset_file", "提出重置口令申请", "filed a password reset", false},
        {"account.unlock", "解除账户锁定", "lifted an account lock", false},
        {"alert.ack", "确认提醒", "acknowledged an alert", false},
        {"alerts.list", "查看提醒", "viewed alerts", true},
        {"audit.checkpoint", "签署审计检查点", "signed an audit checkpoint", false},
        {"audit.export", "导出审计日志", "exported the audit log", true},
        {"audit.list", "查阅审计日志", "read the audit log", true},
        {"audit.verify", "校验审计链", "verified the audit chain", true},
        {"carrier.import", "导入载体台账", "imported carriers", false},
        {"carrier.import_dry_run", "试导入载体台账", "dry-ran a carrier import", false},
        {"carrier.level_decide", "确定密级变更", "decided a level change", false},
        {"carrier.level_history", "查看密级变更记录", "viewed level changes", true},
        {"carrier.list", "查询载体台账", "searched the ledger", true},
        {"carrier.move", "变更存放地点或保管人", "moved a carrier", false},
        {"carrier.register_bulk", "批量登记载体", "registered carriers in bulk", false},
        {"carrier.register_incoming", "收文登记", "registered an incoming carrier", false},
        {"carrier.register_made", "制作登记", "registered a made carrier", false},
        {"carrier.register_waste", "废件登记", "registered waste", false},
        {"carrier.return_to_issuer", "清退登记", "returned a carrier to its issuer", false},
        {"carrier.show", "查阅载体", "viewed a carrier", true},
        {"carrier.stats", "查看台账统计", "viewed ledger figures", true},
        {"count.close", "结束清查", "closed a count", false},
        {"count.export", "导出清查表", "exported a count's result sheet", true},
        {"count.list", "查看清查", "viewed counts", true},
        {"count.places", "查看清查分处进度", "viewed a count's progress by place", true},
        {"count.show", "查看清查详情", "viewed a count", true},
        {"count.start", "开始清查", "started a count", false},
        {"count.tick", "清查点验", "ticked an item in a count", false},
        {"custody.handover", "保管交接", "handed custody over", false},
        {"demo.keep_passwords", "示范账户保留示范口令", "demo accounts keep the demo password",
         false},
        {"department.add", "增设部门", "added a department", false},
        {"department.rename", "部门更名", "renamed a department", false},
        {"department.retire", "停用部门", "retired a department", false},
        {"desk.checkin", "归还登记", "checked a carrier in", false},
        {"desk.circulate", "传阅登记", "circulated a carrier", false},
        {"desk.issue", "发放登记", "issued a carrier", false},
        {"desk.out", "查看借出载体", "viewed carriers out", true},
        {"device.assign", "设备移交", "assigned a device", false},
        {"device.handover", "设备交接", "handed a device over", false},
        {"device.import", "导入设备台账", "imported devices", false},
        {"device.import_dry_run", "试导入设备台账", "dry-ran a device import", false},
        {"device.label_affixed", "粘贴设备密级标识", "affixed a device label", false},
        {"device.level", "变更设备密级", "changed a device's level", false},
        {"device.level_follow_carrier", "设备随载体升密", "raised a device's level with a carrier",
         false},
        {"device.list", "查看设备台账", "viewed devices", true},
        {"device.password", "更换设备口令", "changed a device password", false},
        {"device.register", "设备登记", "registered a device", false},
        {"device.repair", "设备送修", "sent a device for repair", false},
        {"device.repair_end", "设备维修完毕", "ended a device repair", false},
        {"device.repairs", "查看设备维修登记", "viewed the device repair register", true},
        {"device.scrap", "设备报废", "scrapped a device", false},
        {"device.show", "查看设备", "viewed a device", true},
        {"dispatch.create", "发文登记", "registered a dispatch", false},
        {"dispatch.envelope", "制作信封", "made an envelope", false},
        {"dispatch.list", "查看发文登记", "viewed dispatches", true},
        {"dispatch.show", "查看发文", "viewed a dispatch", true},
        {"dispatch.sign", "发文签收", "recorded a dispatch receipt", false},
        {"dispatch.signed", "发文已签收", "dispatch signed for", false},
        {"duty.department_set", "登记部门保密工作责任", "recorded a department's responsibility",
         false},
        {"duty.member_add", "任命保密工作领导小组成员", "appointed a leadership group member",
         false},
        {"duty.member_end", "免去保密工作领导小组成员", "ended a leadership group member's place",
         false},
        {"duty.view", "查看保密工作责任制", "viewed the responsibility system", true},
        {"handover.list", "查看移交登记簿", "viewed the hand-over register", true},
        {"handover.show", "查看移交清单", "viewed a hand-over list", true},
        {"incident.close", "失泄密事件办结", "closed an incident", false},
        {"incident.findings", "记录调查结论", "recorded findings", false},
        {"incident.list", "查看失泄密事件", "viewed incidents", true},
        {"incident.missing", "载体下落不明立案", "opened a missing-carrier incident", false},
        {"incident.notice", "报告保密行政管理部门", "reported to the secrecy bureau", false},
        {"incident.notice_amend", "更正报告记录", "amended a report record", false},
        {"incident.open", "失泄密事件立案", "opened an incident", false},
        {"incident.report", "报告失泄密事件", "reported an incident", false},
        {"incident.sanction", "责任追究", "recorded a sanction", false},
        {"incident.show", "查看失泄密事件", "viewed an incident", true},
        {"inspection.add", "登记保密检查", "recorded an inspection", false},
        {"inspection.calendar", "查看检查计划", "viewed the inspection calendar", true},
        {"inspection.list", "查看保密检查", "viewed inspections", true},
        {"inspection.show", "查看保密检查详情", "viewed an inspection", true},
        {"letter.list", "查看领导亲启信件", "viewed letters", true},
        {"letter.log", "领导亲启信件登记", "logged a letter", false},
        {"letter.open", "拆封领导亲启信件", "opened a letter", false},
        {"letter.show", "查看领导亲启信件详情", "viewed a letter", true},
        {"login", "登录", "logged in", false},
        {"login.lockout", "账户锁定", "locked an account out", false},
        {"logout", "退出登录", "logged out", false},
        {"meeting.add", "登记涉密会议", "recorded a meeting", false},
        {"meeting.close", "会议结束", "closed a meeting", false},
        {"meeting.edit", "修改涉密会议", "edited a meeting", false},
        {"meeting.issue", "会议发放文件", "issued a meeting document", false},
        {"meeting.list", "查看涉密会议", "viewed meetings", true},
        {"meeting.measures", "记录会议保密措施", "recorded meeting measures", false},
        {"meeting.open", "会议召开", "opened a meeting", false},
        {"meeting.participant_add", "添加参会人员", "added a participant", false},
        {"meeting.participant_remove", "移出参会人员", "removed a participant", false},
        {"meeting.return", "会议收回文件", "took a meeting document back", false},
        {"meeting.show", "查看涉密会议详情", "viewed a meeting", true},
        {"merit.list", "查看奖惩登记", "viewed merits", true},
        {"merit.reward", "奖励登记", "recorded a reward", false},
        {"password.change", "修改口令", "changed a password", false},
        {"people.list", "查看涉密人员", "viewed people", true},
        {"people.roster", "查看涉密人员名册", "viewed the roster", true},
        {"person.add", "登记人员", "added a person", false},
        {"person.clear", "涉密人员审查", "cleared a person", false},
        {"person.commit", "签订保密承诺书", "signed a commitment", false},
        {"person.depart", "离岗登记", "recorded a departure", false},
        {"person.exit_commit", "签订离岗保密承诺书", "signed an exit commitment", false},
        {"person.grant", "授予角色与涉密等级", "granted roles and class", false},
        {"person.import", "导入涉密人员登记表", "imported people", false},
        {"person.import_dry_run", "试导入涉密人员登记表", "dry-ran a people import", false},
        {"person.leave", "离岗", "left the post", false},
        {"person.post", "岗位变动", "changed post", false},
        {"person.statement", "签订保密责任书", "signed a responsibility statement", false},
        {"person.trip", "出境登记", "recorded a trip abroad", false},
        {"person.trip_approve", "批准出境", "approved a trip", false},
        {"person.trip_depart", "出境出发", "departed on a trip", false},
        {"person.trip_report", "出境回国报告", "reported back from a trip", false},
        {"person.trips_pending", "查看待批出境", "viewed pending trips", true},
        {"person.trips_register", "查看出国（境）登记", "viewed the register of trips abroad",
         true},
        {"person.vet", "上岗审查", "vetted a person", false},
        {"person.view", "查看人员", "viewed a person", true},
        {"place.add", "增设存放地点", "added a place", false},
        {"place.rename", "存放地点更名", "renamed a place", false},
        {"place.retire", "停用存放地点", "retired a place", false},
        {"policy.import", "导入保密工作制度", "imported the policy", false},
        {"publication.list", "查看信息公开审查", "viewed publication reviews", true},
        {"publication.release", "信息公开发布", "released a publication", false},
        {"publication.review", "信息公开保密审查", "reviewed a publication", false},
        {"rectification.close", "整改销号", "closed a rectification", false},
        {"rectification.list", "查看整改通知", "viewed rectifications", true},
        {"rectification.open", "下达整改通知", "opened a rectification", false},
        {"rectification.reopen", "重新整改", "reopened a rectification", false},
        {"rectification.report", "报告整改情况", "reported on a rectification", false},
        {"rectification.show", "查看整改通知详情", "viewed a rectification", true},
        {"register.read", "查阅登记簿", "read a register", true},
        {"report.deliver", "报送保密工作报告", "delivered a report", false},
        {"report.deliveries", "查看报送记录", "viewed report deliveries", true},
        {"report.monthly", "查看月度报告", "viewed a monthly report", true},
        {"report.records", "查看报告明细", "viewed report records", true},
        {"report.yearly", "查看年度报告", "viewed a yearly report", true},
        {"request.approve", "审批同意", "approved a request", false},
        {"request.create", "提出申请", "filed a request", false},
        {"request.execute_copy", "办理复制", "executed a copy", false},
        {"request.execute_destroy", "办理销毁", "executed a destruction", false},
        {"request.execute_extract", "办理摘抄", "executed an extract", false},
        {"request.execute_level_change", "办理密级变更", "executed a level change", false},
        {"request.execute_make", "办理制作", "executed a making", false},
        {"request.execute_widen_scope", "办理扩大知悉范围", "executed a scope widening", false},
        {"request.expire", "申请过期", "a request expired", false},
        {"request.list", "查看申请", "viewed requests", true},
        {"request.reject", "审批不同意", "rejected a request", false},
        {"request.show", "查看申请详情", "viewed a request", true},
        {"request.withdraw", "撤回申请", "withdrew a request", false},
        {"selfcheck.answer", "填写自查项", "answered a self-check item", false},
        {"selfcheck.list", "查看自查自评", "viewed self-checks", true},
        {"selfcheck.show", "查看自查自评详情", "viewed a self-check", true},
        {"selfcheck.sign", "自查自评签字", "signed a self-check", false},
        {"selfcheck.start", "开始自查自评", "started a self-check", false},
        {"session.expire", "会话超时退出", "session expired", false},
        {"site.access_add", "列入准入人员名单", "added to the access list", false},
        {"site.access_remove", "移出准入人员名单", "removed from the access list", false},
        {"site.add", "登记要害部门部位", "recorded a key site", false},
        {"site.edit", "修改要害部门部位", "edited a key site", false},
        {"site.list", "查看要害部门部位", "viewed key sites", true},
        {"site.measure", "防护措施检查", "checked a protective measure", false},
        {"site.revoke", "撤销要害部门部位", "revoked a key site", false},
        {"site.show", "查看要害部门部位详情", "viewed a key site", true},
        {"site.staff_add", "列入工作人员名单", "added to the staff list", false},
        {"site.staff_remove", "移出工作人员名单", "removed from the staff list", false},
        {"site.visit_in", "来访进入", "visitor entered", false},
        {"site.visit_out", "来访离开", "visitor left", false},
        {"site.visits", "查看来访登记", "viewed visits", true},
        {"system.backup", "备份数据库", "backed the database up", false},
        {"system.restore", "恢复数据库", "restored the database", false},
        {"training.add", "登记保密教育培训", "recorded a training", false},
        {"training.attend", "培训签到", "attended a training", false},
        {"training.list", "查看培训", "viewed trainings", true},
        {"training.sign", "培训签字确认", "signed a training", false},
        {"training.summary", "查看培训统计", "viewed the training summary", true},
        {"training.view", "查看培训详情", "viewed a training", true},
        {"unit.init", "建立单位", "set the unit up", false},
        {"volume.add", "卷内增加载体", "added to a volume", false},
        {"volume.create", "组卷", "created a volume", false},
};
const size_t bm_audit_action_count = BM_ARRAY_LEN(bm_audit_actions);

typedef struct noun {
	const char *type, *zh, *en;
} noun;

/* Object types (the part before ':' of an object, before '.' of an action). */
static const noun nouns[] = {
        {"account", "账户", "account"},
        {"alert", "提醒", "alert"},
        {"alerts", "提醒", "alerts"},
        {"audit", "审计日志", "audit log"},
        {"carrier", "载体", "carrier"},
        {"count", "清查", "count"},
        {"custody", "保管", "custody"},
        {"department", "部门", "department"},
        {"desk", "发放与归还", "desk"},
        {"device", "涉密设备", "device"},
        {"dispatch", "发文", "dispatch"},
        {"document", "文件", "document"},
        {"duty_department", "部门保密工作责任", "department responsibility"},
        {"duty_member", "保密工作领导小组成员", "leadership group member"},
        {"filing", "账户申请", "filing"},
        {"handover", "移交清单", "hand-over list"},
        {"incident", "失泄密事件", "incident"},
        {"inspection", "保密检查", "inspection"},
        {"letter", "领导亲启信件", "letter"},
        {"loan", "借阅", "loan"},
        {"meeting", "涉密会议", "meeting"},
        {"merit", "奖惩", "merit"},
        {"people", "涉密人员", "people"},
        {"person", "人员", "person"},
        {"place", "存放地点", "place"},
        {"policy", "保密工作制度", "policy"},
        {"publication", "信息公开审查", "publication"},
        {"rectification", "整改通知", "rectification"},
        {"register", "登记簿", "register"},
        {"report", "保密工作报告", "report"},
        {"report_delivery", "保密工作报告报送", "report delivery"},
        {"request", "申请", "request"},
        {"self_assessment", "自查自评", "self-check"},
        {"selfcheck", "自查自评", "self-check"},
        {"session", "会话", "session"},
        {"site", "要害部门部位", "key site"},
        {"system", "系统", "system"},
        {"training", "保密教育培训", "training"},
        {"unit", "单位", "unit"},
        {"volume", "案卷", "volume"},
};

/* Verbs of actions outside the catalogue, named with their object's noun. */
static const noun verbs[] = {
        {"add", "登记", "added"},       {"close", "办结", "closed"},
        {"create", "建立", "created"},  {"edit", "修改", "edited"},
        {"import", "导入", "imported"}, {"import_dry_run", "试导入", "dry-ran an import of"},
        {"list", "查看", "viewed"},     {"open", "开始", "opened"},
        {"read", "查阅", "read"},       {"register", "登记", "registered"},
        {"remove", "移除", "removed"},  {"show", "查看", "viewed"},
        {"sign", "签字", "signed"},     {"view", "查看", "viewed"},
};

static int cmp_action(const void *key, const void *elem)
{
	return strcmp(key, ((const bm_audit_action_word *)elem)->code);
}

const bm_audit_action_word *bm_audit_action_find(const char *action)
{
	if (!action)
		return NULL;
	return bsearch(action, bm_audit_actions, bm_audit_action_count, sizeof(bm_audit_actions[0]),
	               cmp_action);
}

bool bm_audit_action_is_read(const char *action)
{
	const bm_audit_action_word *w = bm_audit_action_find(action);
	return w && w->read;
}

static const noun *find_noun(const noun *t, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(t[i].type) == len && memcmp(t[i].type, s, len) == 0)
			return &t[i];
	return NULL;
}

const char *bm_audit_noun(const char *type, bool zh)
{
	const noun *n = type ? find_noun(nouns, BM_ARRAY_LEN(nouns), type, strlen(type)) : NULL;
	return n ? (zh ? n->zh : n->en) : NULL;
}

void bm_audit_action_words(const char *action, char *zh, char *en, size_t size)
{
	const bm_audit_action_word *w = bm_audit_action_find(action);
	const char *dot = action ? strchr(action, '.') : NULL;
	const noun *obj, *verb;

	if (w) {
		snprintf(zh, size, "%s", w->zh);
		snprintf(en, size, "%s", w->en);
		return;
	}
	obj = dot ? find_noun(nouns, BM_ARRAY_LEN(nouns), action, (size_t)(dot - action)) : NULL;
	verb = dot ? find_noun(verbs, BM_ARRAY_LEN(verbs), dot + 1, strlen(dot + 1)) : NULL;
	if (obj && verb) {
		snprintf(zh, size, "%s%s", verb->zh, obj->zh);
		snprintf(en, size, "%s %s", verb->en, obj->en);
		return;
	}
	snprintf(zh, size, "%s", action ? action : "");
	snprintf(en, size, "%s", action ? action : "");
}

void bm_audit_object_words(const char *object, char *zh, char *en, size_t size)
{
	const char *colon = object ? strchr(object, ':') : NULL;
	size_t len = colon ? (size_t)(colon - object) : object ? strlen(object) : 0;
	const noun *n = len ? find_noun(nouns, BM_ARRAY_LEN(nouns), object, len) : NULL;

	if (!n) {
		snprintf(zh, size, "%s", object ? object : "");
		snprintf(en, size, "%s", object ? object : "");
	} else if (colon) {
		snprintf(zh, size, "%s #%s", n->zh, colon + 1);
		snprintf(en, size, "%s #%s", n->en, colon + 1);
	} else {
		snprintf(zh, size, "%s", n->zh);
		snprintf(en, size, "%s", n->en);
	}
}
