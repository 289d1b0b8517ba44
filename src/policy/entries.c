/*
 * entries.c — what register queries, requests and records must hold. See
 * entries.h.
 */
#include "common.h"
#include "policy/entries.h"

#include "policy/rules_int.h"
#include "util/timeutil.h"

/* REG-1: one date of the span, named `zh`/`en`. */
static bool register_day(bm_decision *out, const char *text, const char *zh, const char *en,
                         int32_t *day)
{
	*day = BM_DATE_NONE;
	if (!text || !*text || bm_date_parse(text, day))
		return true;
	refuse(out, BM_EINVALID, "REG-1", "invalid_date");
	ZH(out, "%s不是有效日期：'%.32s'（格式 YYYY-MM-DD）", zh, text);
	EN(out, "'%s' is not a valid date: '%.32s' (YYYY-MM-DD)", en, text);
	return false;
}

bool bm_rules_register_query(bm_decision *out, const bm_register_query *q, int32_t *from,
                             int32_t *to, bool *classified)
{
	allow(out, "REG-1");
	*from = *to = BM_DATE_NONE;
	*classified = true;
	if (!q->kind_known) {
		refuse(out, BM_EINVALID, "REG-1", "invalid_register");
		ZH(out,
		   "未知登记簿 '%s'（incoming/dispatch/borrow/copy/take-out/destroy/handover）",
		   q->kind ? q->kind : "");
		EN(out,
		   "unknown register '%s' (incoming, dispatch, borrow, copy, take-out, destroy, "
		   "handover)",
		   q->kind ? q->kind : "");
		return false;
	}
	if (!register_day(out, q->from, "起始日期", "from", from) ||
	    !register_day(out, q->to, "截止日期", "to", to))
		return false;
	if (*from != BM_DATE_NONE && *to != BM_DATE_NONE && *from > *to) {
		refuse(out, BM_EINVALID, "REG-1", "invalid_range");
		ZH(out, "起始日期晚于截止日期");
		EN(out, "'from' is after 'to'");
		return false;
	}
	/* REG-4: one book, classified or ordinary; never both in one register. */
	if (q->book && *q->book) {
		if (strcmp(q->book, "classified") == 0 || strcmp(q->book, "涉密") == 0)
			*classified = true;
		else if (strcmp(q->book, "ordinary") == 0 || strcmp(q->book, "普通") == 0)
			*classified = false;
		else {
			refuse(out, BM_EINVALID, "REG-4", "invalid_register_book");
			ZH(out,
			   "涉密载体与普通文件分别登记：登记簿须为 classified（涉密）或 "
			   "ordinary（普通），不是 '%.32s'",
			   q->book);
			EN(out,
			   "classified and ordinary items are registered apart: the register is "
			   "classified or ordinary, not '%.32s'",
			   q->book);
			return false;
		}
	}
	return true;
}

bool bm_rules_request_carriers(bm_decision *out, bm_op op, size_t n_carriers)
{
	allow(out, bm_op_rule(op));
	if (op == BM_OP_MAKE && n_carriers != 0) {
		refuse(out, BM_EINVALID, "MAKE-1", "no_carriers_for_make");
		ZH(out, "制作申请不针对已有载体");
		EN(out, "a request to make names no carriers");
		return false;
	}
	/* DEV-6: scrapping names its device in the params, never a carrier. */
	if (op == BM_OP_SCRAP && n_carriers != 0) {
		refuse(out, BM_EINVALID, "DEV-6", "no_carriers_for_scrap");
		ZH(out, "设备报废申请不针对载体，请在参数中指定设备");
		EN(out, "a request to scrap names its device in the params, not carriers");
		return false;
	}
	/* PUB-1: a publication attaches carriers only when it has some (PUB-2: 非密 ones). */
	if (op != BM_OP_MAKE && op != BM_OP_SCRAP && op != BM_OP_PUBLISH && n_carriers == 0) {
		refuse(out, BM_EINVALID, bm_op_rule(op), "carriers_required");
		ZH(out, "请指定载体");
		EN(out, "name the carriers concerned");
		return false;
	}
	return true;
}

bool bm_rules_move_target(bm_decision *out, bool place_given, bool custodian_given)
{
	allow(out, "KEEP-1");
	if (place_given || custodian_given)
		return true;
	refuse(out, BM_EINVALID, "KEEP-1", "nothing_to_move");
	ZH(out, "请指定新的存放地点或保管人");
	EN(out, "give a new storage place or custodian");
	return false;
}

bool bm_rules_make_request_given(bm_decision *out, bool given)
{
	allow(out, "MAKE-1");
	if (given)
		return true;
	refuse(out, BM_EDENIED, "MAKE-1", "make_request_required");
	ZH(out, "制作登记须依据经批准的制作申请（request_id）");
	EN(out, "a made carrier is registered only against an approved make request "
	        "('request_id')");
	return false;
}

bool bm_rules_make_scope_named(bm_decision *out, bm_level level, bool scope_given)
{
	allow(out, "MAKE-1");
	if (scope_given || !bm_level_is_classified(level))
		return true;
	refuse(out, BM_EINVALID, "MAKE-1", "scope_required");
	ZH(out, "制作涉密载体的申请须写明发放范围（scope），由领导一并审批");
	EN(out, "a request to make a classified carrier names its distribution 'scope' "
	        "for the leader to approve");
	return false;
}

bool bm_rules_make_classification(bm_decision *out, bm_level level, bool classifier_given,
                                  bool basis_given)
{
	allow(out, "LEVEL-9");
	if (!bm_level_is_classified(level) || (classifier_given && basis_given))
		return true;
	/* LEVEL-9: the decision names who classified (LEVEL-4) and the catalogue entry. */
	refuse(out, BM_EINVALID, "LEVEL-9", "classification_required");
	if (!classifier_given) {
		ZH(out,
		   "制作%"
		   "s载体须写明定密责任人（classifier）及定密依据（basis，保密事项一览表条目）",
		   lz(level));
		EN(out,
		   "making a '%s' carrier names the classification authority who decides it "
		   "('classifier') and the catalogue entry followed ('basis')",
		   le(level));
	} else {
		ZH(out, "制作%s载体须写明定密依据（basis，保密事项一览表条目）", lz(level));
		EN(out, "making a '%s' carrier names the catalogue entry followed ('basis')",
		   le(level));
	}
	return false;
}

bool bm_rules_commitment_date(bm_decision *out, const char *text, int32_t *day)
{
	allow(out, "PERSON-2");
	if (text && bm_date_parse(text, day))
		return true;
	refuse(out, BM_EINVALID, "PERSON-2", "invalid_date");
	ZH(out, "日期无效：'%s'", text ? text : "");
	EN(out, "invalid date '%s'", text ? text : "");
	return false;
}

bool bm_rules_policy_text(bm_decision *out, bool given, size_t length)
{
	allow(out, "SYS-5");
	if (given && length <= BM_POLICY_TEXT_MAX)
		return true;
	refuse(out, BM_ETOOLARGE, "SYS-5", "policy_too_large");
	ZH(out, "策略文本超过 256 KiB");
	EN(out, "the policy text exceeds 256 KiB");
	return false;
}

bool bm_rules_level_change_items(bm_decision *out, int64_t request_id, size_t n_carriers)
{
	allow(out, "LEVEL-4");
	if (n_carriers)
		return true;
	refuse(out, BM_EINVALID, "LEVEL-4", "no_items");
	ZH(out, "申请 %lld 没有列出载体", (long long)request_id);
	EN(out, "request %lld lists no carriers", (long long)request_id);
	return false;
}

bool bm_rules_marking_fits(bm_decision *out, bool fits)
{
	allow(out, "LEVEL-8");
	if (fits)
		return true;
	refuse(out, BM_ETOOLARGE, "LEVEL-8", "marking_too_long");
	ZH(out, "密级标志过长");
	EN(out, "the marking is too long");
	return false;
}

bool bm_rules_custodian_cleared(bm_decision *out, const char *name, bm_level clearance,
                                bm_level level)
{
	allow(out, "PERSON-1");
	if (clearance >= level)
		return true;
	refuse(out, BM_EDENIED, "PERSON-1", "custodian_not_cleared");
	ZH(out, "保管人“%s”无权知悉%s载体，须先移交", name, lz(level));
	EN(out, "custodian '%s' is not cleared for %s; hand it over first", name, le(level));
	return false;
}
