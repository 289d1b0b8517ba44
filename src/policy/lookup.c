/*
 * lookup.c — records that do not exist for the actor, references that name
 * nothing. See lookup.h.
 */
#include "common.h"
#include "policy/lookup.h"

#include <stdlib.h>

#include "policy/rules_int.h"

bool bm_rules_found(bm_decision *out, bm_record rec, int64_t id, bool found)
{
	allow(out, NULL);
	if (found)
		return true;
	switch (rec) {
	case BM_RECORD_CARRIER:
		refuse(out, BM_ENOTFOUND, "SYS-2", "unknown_carrier");
		ZH(out, "载体 %lld 不存在", (long long)id);
		EN(out, "carrier %lld does not exist", (long long)id);
		break;
	case BM_RECORD_DISPATCH:
		refuse(out, BM_ENOTFOUND, "SEND-4", "unknown_dispatch");
		ZH(out, "发文记录 %lld 不存在", (long long)id);
		EN(out, "dispatch %lld does not exist", (long long)id);
		break;
	case BM_RECORD_INCIDENT:
		refuse(out, BM_ENOTFOUND, "INC-1", "unknown_incident");
		ZH(out, "事件 %lld 不存在", (long long)id);
		EN(out, "incident %lld does not exist", (long long)id);
		break;
	}
	return false;
}

bool bm_rules_letter_ref(bm_decision *out, const char *ref, int64_t *id)
{
	char *end = NULL;
	long long v = ref ? strtoll(ref, &end, 10) : 0;

	allow(out, "REG-3");
	if (ref && *ref && !*end && v > 0) {
		*id = (int64_t)v;
		return true;
	}
	refuse(out, BM_EINVALID, "REG-3", "invalid_letter");
	ZH(out, "信件编号无效 '%s'", ref ? ref : "");
	EN(out, "invalid letter id '%s'", ref ? ref : "");
	return false;
}

bool bm_rules_scope_entries(bm_decision *out, bm_scope_list list, bool valid_text,
                            const char *unknown)
{
	const char *rule = list == BM_SCOPE_CARRIER ? "LEVEL-2" : "CIRC-1";

	allow(out, rule);
	if (!valid_text) {
		refuse(out, BM_EINVALID, rule, "invalid_utf8");
		ZH(out, "知悉范围不是有效文本");
		EN(out, "the knowledge scope is not valid UTF-8");
		return false;
	}
	if (!unknown)
		return true;
	refuse(out, BM_ENOTFOUND, rule, "unknown_scope_entry");
	if (list == BM_SCOPE_CARRIER) {
		ZH(out, "知悉范围中的 '%s' 既不是人员也不是部门", unknown);
		EN(out, "'%s' in the knowledge scope is neither a person nor a department",
		   unknown);
	} else {
		ZH(out, "'%s' 既不是人员也不是部门", unknown);
		EN(out, "'%s' is neither a person nor a department", unknown);
	}
	return false;
}
