/*
 * forms.c — the fields and words a form carries, and the rule each belongs
 * to. See forms.h.
 */
#include "common.h"
#include "policy/forms.h"

#include "policy/rules_int.h"

typedef struct field_rule {
	bm_form form;
	const char *field;
	const char *rule;
} field_rule;

/* REGULATIONS.md: the rule each field of a form records. */
static const field_rule fields[] = {
        {BM_FORM_OUTSIDE_READER, "reader", "BORROW-5"},
        {BM_FORM_OUTSIDE_READER, "organisation", "BORROW-5"},
        {BM_FORM_TAKE_OUT, "purpose", "CARRY-2"},
        {BM_FORM_TAKE_OUT, "destination", "CARRY-2"},
        {BM_FORM_TAKE_OUT, "return_date", "CARRY-2"},
        {BM_FORM_DESTROY, "method", "DESTROY-3"},
        {BM_FORM_DESTROY, "witnesses", "DESTROY-2"},
        {BM_FORM_DESTROY, "place", "DESTROY-1"},
        {BM_FORM_LEVEL_CHANGE, "to_level", "LEVEL-4"},
        {BM_FORM_LEVEL_CHANGE, "basis", "LEVEL-9"},
        {BM_FORM_LEVEL_CHANGE, "reason", "LEVEL-9"},
        {BM_FORM_COPY, "copies", "COPY-1"},
        {BM_FORM_COPY, "source", "COPY-1"},
        {BM_FORM_COPY, "copier", "COPY-5"},
        {BM_FORM_EXTRACT, "copies", "COPY-4"},
        {BM_FORM_EXTRACT, "source", "COPY-4"},
        {BM_FORM_FOREIGN, "recipient", "FOREIGN-1"},
        {BM_FORM_FOREIGN, "higher_approval", "FOREIGN-1"},
        {BM_FORM_PUBLISH, "channel", "PUB-1"},
        {BM_FORM_PUBLISH, "title", "PUB-1"},
        {BM_FORM_PUBLISH, "text", "PUB-1"},
        {BM_FORM_PUBLISH, "attachment", "PUB-1"},
        {BM_FORM_PUBLISH, "department", "PUB-1"},
        {BM_FORM_PUBLISH, "publisher", "PUB-1"},
        {BM_FORM_PUBLISH, "reviewers", "PUB-1"},
        {BM_FORM_PUBLISH, "opinion", "PUB-1"},
        {BM_FORM_PUBLISH, "where", "PUB-1"},
        {BM_FORM_COPY, "originator_approval", "COPY-2"},
        {BM_FORM_EXTRACT, "originator_approval", "COPY-2"},
        {BM_FORM_TAKE_OUT, "higher_approval", "CARRY-3"},
        {BM_FORM_MAKE, "title", "MAKE-1"},
        {BM_FORM_MAKE, "level", "MAKE-1"},
        {BM_FORM_MAKE, "doc_number", "MAKE-1"},
        {BM_FORM_MAKE, "copies", "MAKE-2"},
        {BM_FORM_MAKE, "classifier", "LEVEL-9"},
        {BM_FORM_MAKE, "basis", "LEVEL-9"},
        {BM_FORM_MAKE_WASTE, "count", "MAKE-3"},
        {BM_FORM_MAKE_WASTE, "description", "MAKE-3"},
        {BM_FORM_WIDEN, "add", "CIRC-1"},
        {BM_FORM_ISSUE, "carrier", "REG-1"},
        {BM_FORM_ISSUE, "signature", "REG-1"},
        {BM_FORM_ISSUE_TAKE_OUT, "carrier", "CARRY-2"},
        {BM_FORM_ISSUE_TAKE_OUT, "signature", "CARRY-2"},
        {BM_FORM_CIRCULATE, "place", "CIRC-4"},
        {BM_FORM_CIRCULATE, "signature", "CIRC-5"},
        {BM_FORM_HANDOVER, "from", "KEEP-2"},
        {BM_FORM_HANDOVER, "to", "KEEP-2"},
        {BM_FORM_HANDOVER, "signature", "KEEP-2"},
        {BM_FORM_KEEPING, "reason", "KEEP-6"},
        {BM_FORM_KEEPING, "approver", "KEEP-6"},
        {BM_FORM_KEEPING, "until", "KEEP-6"},
};

const char *bm_policy_field_rule(bm_form form, const char *field)
{
	for (size_t i = 0; i < BM_ARRAY_LEN(fields); i++)
		if (fields[i].form == form && strcmp(fields[i].field, field) == 0)
			return fields[i].rule;
	return NULL;
}

bool bm_rules_param(bm_decision *out, bm_form form, const char *field, bm_param_fault fault,
                    long min, long max)
{
	const char *zh = "", *en = "";

	allow(out, NULL);
	refuse(out, BM_EINVALID, bm_policy_field_rule(form, field), "invalid_param");
	switch (fault) {
	case BM_PARAM_MISSING: zh = "必须填写", en = "is required"; break;
	case BM_PARAM_NOT_TEXT: zh = "应为文本", en = "must be text"; break;
	case BM_PARAM_NOT_DATE:
		zh = "不是有效日期（YYYY-MM-DD）", en = "is not a valid date (YYYY-MM-DD)";
		break;
	case BM_PARAM_NOT_INT: zh = "应为整数", en = "must be a whole number"; break;
	case BM_PARAM_RANGE:
		ZH(out, "参数 %s 应在 %ld 到 %ld 之间", field, min, max);
		EN(out, "parameter '%s' must be between %ld and %ld", field, min, max);
		return false;
	}
	ZH(out, "参数 %s %s", field, zh);
	EN(out, "parameter '%s' %s", field, en);
	return false;
}

/* Who approves `field`, in words, for the messages. */
static void approver_words(const char *field, const char **zh, const char **en)
{
	if (strcmp(field, "originator_approval") == 0) {
		*zh = "原定密机关";
		*en = "the originating authority";
	} else {
		*zh = "上级保密行政管理部门";
		*en = "the higher secrecy authority";
	}
}

bool bm_rules_outside_approval(bm_decision *out, bm_form form, const char *field,
                               const char *legacy, const bm_outside_approval *a, int32_t today)
{
	const char *rule = bm_policy_field_rule(form, field), *who_zh, *who_en;

	approver_words(field, &who_zh, &who_en);
	allow(out, rule);
	/* A flag the requester sets proves nothing: say what to send instead. */
	if (a->legacy_given) {
		refuse(out, BM_EINVALID, rule, "outside_approval_flag");
		ZH(out,
		   "参数 %s 已停用：请以 %s 记录%s的批准 {\"by\": 批准人, \"document\": 批准文号, "
		   "\"date\": \"YYYY-MM-DD\"}",
		   legacy, field, who_zh);
		EN(out,
		   "parameter '%s' is no longer taken: send '%s' {\"by\": who approved, "
		   "\"document\": their document number, \"date\": \"YYYY-MM-DD\"}, the record of "
		   "%s's approval",
		   legacy, field, who_en);
		return false;
	}
	if (!a->given)
		return true;
	if (!a->is_record || !a->by || !a->document || !a->date_given) {
		refuse(out, BM_EINVALID, rule, "outside_approval_incomplete");
		ZH(out, "%s的批准须记录批准人、批准文号和日期：%s {by, document, date}", who_zh,
		   field);
		EN(out,
		   "%s's approval is recorded as who approved, their document number and the date: "
		   "'%s' {by, document, date}",
		   who_en, field);
		return false;
	}
	if (!a->date_valid) {
		refuse(out, BM_EINVALID, rule, "outside_approval_date");
		ZH(out, "%s.date 不是有效日期（YYYY-MM-DD）", field);
		EN(out, "'%s.date' is not a valid date (YYYY-MM-DD)", field);
		return false;
	}
	if (a->date > today) {
		refuse(out, BM_EINVALID, rule, "outside_approval_future");
		ZH(out, "%s的批准日期不能晚于今天", who_zh);
		EN(out, "%s's approval cannot be dated after today", who_en);
		return false;
	}
	return true;
}

static const char *const incident_kinds[] = {"missing", "overdue", "leak", "other"};
static const char *const incident_statuses[] = {"open", "closed"};

static int find(const char *const *words, size_t n, const char *text)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(words[i], text) == 0)
			return (int)i;
	return -1;
}

/* The word's value, or -1. */
static int term_value(bm_term term, const char *text)
{
	switch (term) {
	case BM_TERM_LEVEL:
	case BM_TERM_CARRIER_LEVEL:
	case BM_TERM_PLACE_LEVEL:
	case BM_TERM_INCIDENT_LEVEL: return bm_level_parse(text);
	case BM_TERM_KIND: return bm_kind_parse(text);
	case BM_TERM_URGENCY: return bm_urgency_parse(text);
	case BM_TERM_CHANNEL: return bm_channel_parse(text);
	case BM_TERM_METHOD:
	case BM_TERM_REQUEST_METHOD: return bm_destroy_method_parse(text);
	case BM_TERM_CLASS: return bm_class_parse(text);
	case BM_TERM_PLACE_KIND: return bm_place_kind_parse(text);
	case BM_TERM_INCIDENT_KIND: return find(incident_kinds, BM_ARRAY_LEN(incident_kinds), text);
	case BM_TERM_INCIDENT_STATUS:
		return find(incident_statuses, BM_ARRAY_LEN(incident_statuses), text);
	}
	return -1;
}

/* The word a missing text stands for, or NULL when it must be given. */
static const char *term_default(bm_term term)
{
	switch (term) {
	case BM_TERM_KIND: return "paper";
	case BM_TERM_URGENCY: return "normal";
	case BM_TERM_PLACE_KIND: return "safe";
	default: return NULL;
	}
}

/* Words the refusal of an unknown `text` of the terms refuse_term does not. */
static void refuse_term_more(bm_decision *out, bm_term term, const char *text)
{
	switch (term) {
	case BM_TERM_CHANNEL:
		refuse(out, BM_EINVALID, "SEND-1", "invalid_channel");
		ZH(out,
		   "未知传递方式 '%s'（机要通信/专人递送/普通邮寄/快递/普通传真/密码传真/"
		   "普通电话/互联网）",
		   text);
		EN(out,
		   "unknown channel '%s' (courier, dedicated, mail, express, fax, encrypted_fax, "
		   "phone, internet)",
		   text);
		break;
	case BM_TERM_METHOD:
		refuse(out, BM_EINVALID, "DESTROY-3", "invalid_method");
		ZH(out, "未知销毁方式 '%s'（粉碎、焚烧、化浆、物理销毁、消磁、送销毁中心）", text);
		EN(out,
		   "unknown destruction method '%s' (shred, incinerate, pulp, physical, degauss, "
		   "centre)",
		   text);
		break;
	case BM_TERM_REQUEST_METHOD:
		refuse(out, BM_EINVALID, "DESTROY-3", "invalid_method");
		ZH(out, "未知销毁方式 '%s'", text);
		EN(out, "unknown destruction method '%s'", text);
		break;
	case BM_TERM_CLASS:
		refuse(out, BM_EINVALID, "PERSON-1", "unknown_class");
		ZH(out, "未知涉密人员类别 '%s'", text);
		EN(out, "unknown personnel class '%s'", text);
		break;
	case BM_TERM_PLACE_KIND:
		refuse(out, BM_EINVALID, "KEEP-1", "unknown_place_kind");
		ZH(out, "未知存放地点类型 '%s'", text);
		EN(out, "unknown place kind '%s'", text);
		break;
	case BM_TERM_INCIDENT_KIND:
		refuse(out, BM_EINVALID, "INC-1", "invalid_kind");
		ZH(out, "未知事件类型 '%s'（missing/overdue/leak/other）", text);
		EN(out, "unknown incident kind '%s' (missing, overdue, leak, other)", text);
		break;
	case BM_TERM_INCIDENT_STATUS:
		refuse(out, BM_EINVALID, "INC-1", "invalid_status");
		ZH(out, "未知事件状态 '%s'（open/closed）", text);
		EN(out, "unknown incident status '%s' (open, closed)", text);
		break;
	default: break;
	}
}

/* Words the refusal of an unknown `text` of `term`. */
static void refuse_term(bm_decision *out, bm_term term, const char *text)
{
	switch (term) {
	case BM_TERM_LEVEL:
	case BM_TERM_CARRIER_LEVEL:
		refuse(out, BM_EINVALID, "LEVEL-1", "invalid_level");
		ZH(out, "未知密级 '%s'（应为 非密/内部/秘密/机密/绝密）", text);
		EN(out, "unknown level '%s' (public, internal, confidential, secret, top_secret)",
		   text);
		break;
	case BM_TERM_PLACE_LEVEL:
	case BM_TERM_INCIDENT_LEVEL:
		refuse(out, BM_EINVALID, term == BM_TERM_PLACE_LEVEL ? "LEVEL-1" : "INC-1",
		       "invalid_level");
		ZH(out, "未知密级 '%s'", text);
		EN(out, "unknown level '%s'", text);
		break;
	case BM_TERM_KIND:
		refuse(out, BM_EINVALID, "REG-1", "invalid_kind");
		ZH(out, "未知载体形式 '%s'（纸质/U盘/移动硬盘/光盘/硬盘/其他）", text);
		EN(out,
		   "unknown carrier kind '%s' (paper, usb, removable_disk, optical_disc, "
		   "hard_disk, "
		   "other)",
		   text);
		break;
	case BM_TERM_URGENCY:
		refuse(out, BM_EINVALID, "REG-5", "invalid_urgency");
		ZH(out, "未知紧急程度 '%s'（平件/加急/特急）", text);
		EN(out, "unknown urgency '%s' (normal, urgent, extra_urgent)", text);
		break;
	default: refuse_term_more(out, term, text); break;
	}
}

bool bm_rules_term(bm_decision *out, bm_term term, const char *text, int *value)
{
	int v;

	allow(out, NULL);
	if (!text)
		text = term_default(term);
	if (!text || !*text) {
		/* LEVEL-2 and SEND-1: the level and the channel are recorded choices. */
		if (term == BM_TERM_CARRIER_LEVEL) {
			refuse(out, BM_EINVALID, "LEVEL-2", "level_required");
			ZH(out, "必须填写密级");
			EN(out, "the level is required");
			return false;
		}
		if (term == BM_TERM_CHANNEL) {
			refuse(out, BM_EINVALID, "SEND-1", "channel_required");
			ZH(out, "必须填写传递方式");
			EN(out, "the channel is required");
			return false;
		}
	}
	if ((v = text ? term_value(term, text) : -1) < 0) {
		refuse_term(out, term, text ? text : "");
		return false;
	}
	*value = v;
	return true;
}

const char *bm_rules_incident_rule(const char *kind)
{
	if (strcmp(kind, "overdue") == 0)
		return "BORROW-6";
	if (strcmp(kind, "missing") == 0)
		return "INV-4";
	return "INC-1";
}

bool bm_rules_reading_place(bm_decision *out, bool required, bool given)
{
	allow(out, "CIRC-4");
	if (!required || given)
		return true;
	refuse(out, BM_EINVALID, "CIRC-4", "place_required");
	ZH(out, "须登记阅读地点（阅文室、保密室）");
	EN(out, "the place of reading (reading room, secure room) must be recorded");
	return false;
}
