/*
 * custody.c — the refusals of hand-overs, returns, volumes and departures.
 * See custody.h.
 */
#include "common.h"
#include "policy/custody.h"

#include "policy/rules_int.h"

bool bm_rules_handover(bm_decision *out, const bm_handover_facts *h)
{
	allow(out, "KEEP-2");
	if (h->from_id == h->to_id) {
		refuse(out, BM_EINVALID, "KEEP-2", "same_person");
		ZH(out, "移交双方不能是同一人");
		EN(out, "the two sides of a hand-over must be different people");
		return false;
	}
	if (!h->to_active) {
		refuse(out, BM_EDENIED, "KEEP-2", "successor_inactive");
		ZH(out, "接收人“%s”已停用或离岗", h->to_name);
		EN(out, "successor '%s' is disabled or has left", h->to_name);
		return false;
	}
	return true;
}

bool bm_rules_handover_keeping(bm_decision *out, int64_t carrier_id, bool to_clerk, bool has_terms,
                               const char *to_name)
{
	allow(out, "KEEP-6");
	if (to_clerk || has_terms)
		return true;
	refuse(out, BM_EINVALID, "KEEP-6", "keeping_terms_required");
	ZH(out,
	   "载体 %lld 没有个人保管的批准记录，不能移交给非保密员“%s”；"
	   "请以移存登记保管理由、批准人和保管期限",
	   (long long)carrier_id, to_name);
	EN(out,
	   "carrier %lld has no approved personal keeping and cannot go to '%s', who is not a "
	   "secrecy clerk; move it with a reason, an approver and an end date",
	   (long long)carrier_id, to_name);
	return false;
}

/* KEEP-2: `ids[i]` is not listed before it. */
static bool listed_once(bm_decision *out, const int64_t *ids, size_t n, bool device)
{
	for (size_t i = 0; i < n; i++)
		for (size_t j = 0; j < i; j++)
			if (ids[j] == ids[i]) {
				refuse(out, BM_EINVALID, "KEEP-2", "duplicate_item");
				if (device) {
					ZH(out, "设备 %lld 在移交清单中重复列出",
					   (long long)ids[i]);
					EN(out, "device %lld is listed twice on the hand-over list",
					   (long long)ids[i]);
				} else {
					ZH(out, "载体 %lld 在移交清单中重复列出",
					   (long long)ids[i]);
					EN(out,
					   "carrier %lld is listed twice on the hand-over list",
					   (long long)ids[i]);
				}
				return false;
			}
	return true;
}

bool bm_rules_handover_choice(bm_decision *out, const int64_t *carriers, size_t n_carriers,
                              const int64_t *devices, size_t n_devices)
{
	allow(out, "KEEP-2");
	if (n_carriers + n_devices == 0) {
		refuse(out, BM_EINVALID, "KEEP-2", "nothing_chosen");
		ZH(out, "移交清单未选择任何载体或设备");
		EN(out, "the hand-over list names no carrier and no device");
		return false;
	}
	return listed_once(out, carriers, n_carriers, false) &&
	       listed_once(out, devices, n_devices, true);
}

bool bm_rules_handover_kept(bm_decision *out, bool device, int64_t id, bool kept,
                            const char *from_name)
{
	allow(out, "KEEP-2");
	if (kept)
		return true;
	refuse(out, BM_ECONFLICT, "KEEP-2", "not_kept_by_from");
	if (device) {
		ZH(out, "设备 %lld 不由移交人“%s”负责，不能列入其移交清单", (long long)id,
		   from_name);
		EN(out, "device %lld is not held by '%s' and cannot be on their hand-over list",
		   (long long)id, from_name);
	} else {
		ZH(out, "载体 %lld 不由移交人“%s”保管，不能列入其移交清单", (long long)id,
		   from_name);
		EN(out, "carrier %lld is not kept by '%s' and cannot be on their hand-over list",
		   (long long)id, from_name);
	}
	return false;
}

bool bm_rules_handover_read(bm_decision *out, int64_t id, bool whole, size_t n_visible)
{
	allow(out, "SYS-2");
	if (whole || n_visible > 0)
		return true;
	refuse(out, BM_ENOTFOUND, "SYS-2", "unknown_handover");
	ZH(out, "没有移交记录 %lld", (long long)id);
	EN(out, "no hand-over %lld", (long long)id);
	return false;
}

bool bm_rules_holder_receipt(bm_decision *out, const char *rule, const bm_receipt_facts *f)
{
	const char *who = f->holder ? f->holder : "";
	const char *side_zh = f->side_zh ? f->side_zh : "领取人";
	const char *side_en = f->side_en ? f->side_en : "holder";
	allow(out, rule);
	switch (f->kind) {
	case BM_RECEIPT_TYPED:
		refuse(out, BM_EINVALID, rule, "typed_signature");
		ZH(out, "录入的姓名不是签字：请%s“%s”本人输入口令确认，或在纸质登记簿上手签",
		   side_zh, who);
		EN(out,
		   "a typed name is not a signature: the %s '%s' confirms with their own "
		   "password, or signs the printed register by hand",
		   side_en, who);
		return false;
	case BM_RECEIPT_NONE:
		refuse(out, BM_EINVALID, rule, "holder_confirmation_required");
		ZH(out, "须由%s“%s”本人确认：输入本人口令%s", side_zh, who,
		   f->has_account ? "" : "，或在纸质登记簿上手签");
		EN(out, "the %s '%s' must confirm themselves%s", side_en, who,
		   f->has_account ? " with their own password"
		                  : ": by hand on the printed register");
		return false;
	case BM_RECEIPT_PAPER:
		if (!f->has_account)
			return true;
		refuse(out, BM_EINVALID, rule, "holder_password_required");
		ZH(out, "%s“%s”有系统账号，须本人输入口令确认", side_zh, who);
		EN(out, "the %s '%s' has an account and confirms with their own password", side_en,
		   who);
		return false;
	case BM_RECEIPT_PASSWORD:
		if (!f->has_account) {
			refuse(out, BM_EINVALID, rule, "holder_has_no_account");
			ZH(out, "%s“%s”没有系统账号，请在纸质登记簿上手签", side_zh, who);
			EN(out,
			   "the %s '%s' has no account: they sign the printed register by hand",
			   side_en, who);
			return false;
		}
		if (f->holder_changed) {
			refuse(out, BM_ECONFLICT, rule, "holder_changed");
			ZH(out, "%s“%s”的账号在确认期间发生变化，请重新输入口令", side_zh, who);
			EN(out,
			   "the account of the %s '%s' changed during the confirmation; try "
			   "again",
			   side_en, who);
			return false;
		}
		if (!f->password_matched) {
			refuse(out, BM_EDENIED, rule, "holder_password_wrong");
			ZH(out, "%s“%s”的口令不正确，未予办理", side_zh, who);
			EN(out, "the password of the %s '%s' is wrong; nothing was done", side_en,
			   who);
			return false;
		}
		return true;
	}
	return true;
}

static const char *list_rule(bm_item_list list)
{
	return list == BM_LIST_CLEAR_OUT ? "KEEP-3" : list == BM_LIST_VOLUME ? "LEVEL-5" : "SEND-4";
}

/* SEND-4: a dispatch lists its copies, not too many at once. */
static bool dispatch_list(bm_decision *out, size_t n, size_t max)
{
	if (n == 0) {
		refuse(out, BM_EINVALID, "SEND-4", "no_carriers");
		ZH(out, "未列出发送的载体");
		EN(out, "no carriers listed to send");
		return false;
	}
	if (n > max) {
		refuse(out, BM_ETOOLARGE, "SEND-4", "too_many_carriers");
		ZH(out, "一次最多发送 %d 件", (int)max);
		EN(out, "at most %d carriers per dispatch", (int)max);
		return false;
	}
	return true;
}

bool bm_rules_distribution(bm_decision *out, size_t n_recipients, size_t n_copies)
{
	allow(out, "SEND-4");
	if (n_recipients == n_copies)
		return true;
	refuse(out, BM_EINVALID, "SEND-4", "distribution_mismatch");
	ZH(out, "清点不符：发放范围列出 %zu 个收件人，实发 %zu 份，须一份对应一个收件人",
	   n_recipients, n_copies);
	EN(out,
	   "count mismatch: the distribution list names %zu recipients for %zu copies; each "
	   "copy goes to exactly one recipient",
	   n_recipients, n_copies);
	return false;
}

bool bm_rules_item_list(bm_decision *out, bm_item_list list, size_t n, size_t max)
{
	const char *rule = list_rule(list);

	allow(out, rule);
	if (list == BM_LIST_DISPATCH)
		return dispatch_list(out, n, max);
	if (n == 0 || n > max) {
		if (list == BM_LIST_CLEAR_OUT) {
			refuse(out, BM_EINVALID, rule, "no_items");
			ZH(out, "请列出要清退的载体（1 到 %d 件）", (int)max);
			EN(out, "list the carriers to return (1 to %d)", (int)max);
		} else {
			refuse(out, BM_EINVALID, rule, "no_parts");
			ZH(out, "案卷应包含 1 到 %d 件载体", (int)max);
			EN(out, "a volume holds 1 to %d carriers", (int)max);
		}
		return false;
	}
	return true;
}

bool bm_rules_item_once(bm_decision *out, bm_item_list list, const int64_t *ids, size_t i)
{
	const char *rule = list_rule(list);

	allow(out, rule);
	for (size_t j = 0; j < i; j++)
		if (ids[j] == ids[i]) {
			refuse(out, BM_EINVALID, rule,
			       list == BM_LIST_DISPATCH ? "duplicate_carrier" : "duplicate_item");
			ZH(out, "载体 %lld 重复列出", (long long)ids[i]);
			EN(out, "carrier %lld is listed twice", (long long)ids[i]);
			return false;
		}
	return true;
}

bool bm_rules_volume_part(bm_decision *out, int64_t part_id, int64_t part_volume_id,
                          int64_t volume_id)
{
	allow(out, "LEVEL-5");
	if (part_id == volume_id) {
		refuse(out, BM_EINVALID, "LEVEL-5", "volume_self");
		ZH(out, "案卷不能包含自身");
		EN(out, "a volume cannot contain itself");
		return false;
	}
	if (part_volume_id) {
		refuse(out, BM_ECONFLICT, "LEVEL-5", "already_in_volume");
		ZH(out, "载体 %lld 已编入案卷 %lld", (long long)part_id, (long long)part_volume_id);
		EN(out, "carrier %lld is already in volume %lld", (long long)part_id,
		   (long long)part_volume_id);
		return false;
	}
	return true;
}

bool bm_rules_is_volume(bm_decision *out, int64_t id, bool is_volume)
{
	allow(out, "LEVEL-5");
	if (is_volume)
		return true;
	refuse(out, BM_EINVALID, "LEVEL-5", "not_a_volume");
	ZH(out, "载体 %lld 不是案卷或汇编", (long long)id);
	EN(out, "carrier %lld is not a volume or compilation", (long long)id);
	return false;
}

bool bm_rules_departure_record(bm_decision *out, const bm_departure_facts *f)
{
	allow(out, "PERSON-4");
	if (!f->valid) {
		refuse(out, BM_EINVALID, "PERSON-4", "invalid_date");
		ZH(out, "离岗日期无效：'%s'（格式 YYYY-MM-DD）", f->left_on ? f->left_on : "");
		EN(out, "the departure date is not valid: '%s' (YYYY-MM-DD)",
		   f->left_on ? f->left_on : "");
		return false;
	}
	if (f->in_future) {
		refuse(out, BM_EINVALID, "PERSON-4", "date_in_future");
		ZH(out, "离岗日期不能晚于今天");
		EN(out, "the departure date cannot be in the future");
		return false;
	}
	if (f->already_left) {
		refuse(out, BM_ECONFLICT, "PERSON-4", "already_left");
		ZH(out, "“%s”已登记离岗", f->name);
		EN(out, "'%s' has already left", f->name);
		return false;
	}
	return true;
}

bool bm_rules_custodian_scope(bm_decision *out, const bm_item *item, const bm_actor *to,
                              bool to_clerk)
{
	allow(out, "CIRC-1");
	/* CIRC-1: the clerk keeps the ledger; anybody else keeps only what they may know. */
	if (!bm_level_is_classified(item->level) || to_clerk || item->custodian_id == to->id ||
	    bm_rules_in_scope(item, to))
		return true;
	refuse(out, BM_EDENIED, "CIRC-1", "custodian_outside_scope");
	ZH(out, "新保管人不在载体 %lld 的知悉范围内：须先经批准扩大知悉范围", (long long)item->id);
	EN(out,
	   "the new custodian is outside the 'scope' of carrier %lld: an approved widening "
	   "comes first",
	   (long long)item->id);
	return false;
}

bool bm_rules_scope_holds(const bm_item *item, const bm_scope_ref *e, const bm_actor *person)
{
	if (!bm_level_is_classified(item->level))
		return true;
	if (e->person_id)
		return person && person->id == e->person_id && bm_rules_in_scope(item, person);
	for (size_t i = 0; i < item->n_scope; i++)
		if (item->scope[i].department_id == e->department_id)
			return true;
	return false;
}

bool bm_rules_volume_scope_within(bm_decision *out, int64_t part_id, bool within)
{
	allow(out, "CIRC-1");
	if (within)
		return true;
	refuse(out, BM_EDENIED, "CIRC-1", "volume_scope_wider");
	ZH(out, "案卷的知悉范围超出载体 %lld 的知悉范围：扩大知悉范围须经批准", (long long)part_id);
	EN(out,
	   "the volume's 'scope' reaches beyond that of carrier %lld: widening it needs an "
	   "approval",
	   (long long)part_id);
	return false;
}

bool bm_rules_volume_scope_common(bm_decision *out, size_t n_common)
{
	allow(out, "CIRC-1");
	if (n_common)
		return true;
	refuse(out, BM_EDENIED, "CIRC-1", "no_common_scope");
	ZH(out, "各组成载体的知悉范围没有共同的人员或部门，不能组成案卷");
	EN(out, "the parts' 'scopes' have nobody in common: no volume scope can be formed");
	return false;
}

bool bm_rules_volume_level_set(bm_decision *out, bm_level volume, bm_level highest)
{
	allow(out, "LEVEL-4");
	if (volume <= highest)
		return true;
	refuse(out, BM_EDENIED, "LEVEL-4", "level_set_by_authority");
	ZH(out, "案卷的密级为所含内容的最高密级（%s）；更高的密级由定密责任人作出定密决定",
	   lz(highest));
	EN(out,
	   "a volume takes the highest level of its parts ('%s'); a higher level is a "
	   "classification authority's decision",
	   le(highest));
	return false;
}
