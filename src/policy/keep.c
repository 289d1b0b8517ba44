/*
 * keep.c — custody decisions of the ledger: storage places, custodians,
 * personal keeping, what a registration records. See keep.h.
 */
#include "common.h"
#include "policy/keep.h"

#include "policy/rules_int.h"

static bool given(const char *s)
{
	return s && *s;
}

/*
 * KEEP-1: the place is rated for the level, and from keep.safe_level
 * (机密 by default) up it is a safe (保密柜). `name` NULL: the reasons do
 * not name the place. `too_low` is the refusal's code.
 */
static bool place_rated(bm_decision *out, const bm_policy *p, bm_level level, bm_place_kind kind,
                        bm_level place_max, const char *name, const char *too_low)
{
	bm_level safe = (bm_level)p->safe_level;

	allow(out, "KEEP-1");
	if (level > place_max) {
		refuse(out, BM_EDENIED, "KEEP-1", too_low);
		if (!name) {
			ZH(out, "该存放地点最高只能存放%s载体", lz(place_max));
			EN(out, "the place holds carriers up to '%s' only", le(place_max));
			return false;
		}
		ZH(out, "存放地点“%s”最高只能存放%s载体，不能存放%s载体", name, lz(place_max),
		   lz(level));
		EN(out, "storage place '%s' may hold up to %s, not %s", name, le(place_max),
		   le(level));
		return false;
	}
	if ((int)level >= p->safe_level && kind != BM_PLACE_SAFE) {
		refuse(out, BM_EDENIED, "KEEP-1", "safe_required");
		if (!name) {
			ZH(out, "%s及以上密级载体须存放于保密柜", lz(safe));
			EN(out, "'%s' and above are kept in a safe", le(safe));
			return false;
		}
		ZH(out, "%s及以上密级载体必须存放在保密柜，“%s”不是保密柜", lz(safe), name);
		EN(out, "%s and above belong in a safe; '%s' is not one", le(safe), name);
		return false;
	}
	return true;
}

bool bm_rules_place(bm_decision *out, const bm_policy *p, bm_level level, bm_place_kind kind,
                    bm_level place_max)
{
	return place_rated(out, p, level, kind, place_max, NULL, "place_level");
}

bool bm_rules_store_place(bm_decision *out, const bm_policy *p, bm_level level,
                          const bm_place_facts *place)
{
	if (!place_rated(out, p, level, place->kind, place->max_level, place->name,
	                 "place_level_too_low"))
		return false;
	/*
	 * REG-4: classified and ordinary items are stored separately — a 非密
	 * item never goes into a place rated for classified carriers.
	 */
	if (level == BM_LEVEL_PUBLIC && bm_level_is_classified(place->max_level)) {
		refuse(out, BM_EDENIED, "REG-4", "ordinary_in_classified_place");
		ZH(out, "非密载体与涉密载体分开存放，不能放入涉密存放地点“%s”", place->name);
		EN(out,
		   "public items are stored apart from classified ones, not in '%s', a place for "
		   "classified carriers",
		   place->name);
		return false;
	}
	return true;
}

bool bm_rules_custodian(bm_decision *out, const bm_keeper_facts *keeper, bm_level level)
{
	allow(out, "KEEP-1");
	/* KEEP-1: somebody who is gone keeps nothing. */
	if (!keeper->active) {
		refuse(out, BM_EDENIED, "KEEP-1", "custodian_inactive");
		ZH(out, "保管人“%s”已停用或离岗", keeper->name);
		EN(out, "custodian '%s' is disabled or has left", keeper->name);
		return false;
	}
	/* PERSON-1: nobody keeps what they may not know. */
	if (keeper->clearance < level) {
		refuse(out, BM_EDENIED, "PERSON-1", "custodian_not_cleared");
		ZH(out, "保管人“%s”无权知悉%s载体", keeper->name, lz(level));
		EN(out, "custodian '%s' is not cleared for %s", keeper->name, le(level));
		return false;
	}
	return true;
}

bool bm_rules_carrier_record(bm_decision *out, bm_level level, bool has_place, size_t n_scope)
{
	allow(out, "KEEP-1");
	if (!bm_level_is_classified(level))
		return true;
	/* KEEP-1: a classified carrier has its storage place from the start. */
	if (!has_place) {
		refuse(out, BM_EINVALID, "KEEP-1", "place_required");
		ZH(out, "涉密载体必须指定存放地点");
		EN(out, "a classified carrier needs a storage place");
		return false;
	}
	/* LEVEL-2: a classified carrier records who may know it. */
	if (n_scope == 0) {
		refuse(out, BM_EINVALID, "LEVEL-2", "scope_required");
		ZH(out, "涉密载体必须登记知悉范围（人员或部门）");
		EN(out, "a classified carrier needs a knowledge scope (people or departments)");
		return false;
	}
	return true;
}

bool bm_rules_keeping_terms(bm_decision *out, const bm_keeping_facts *k)
{
	char miss_zh[128] = "", miss_en[128] = "";
	size_t zl = 0, el = 0;
	const struct {
		const char *value, *zh, *en;
	} terms[] = {
	        {k->reason, "保管理由", "why (keep_reason)"},
	        {k->approver, "批准人", "who approved (keep_approver)"},
	        {k->until, "保管期限", "until when (keep_until)"},
	};

	allow(out, "KEEP-6");
	/* KEEP-1: the clerk's safe needs no terms. */
	if (k->keeper_is_clerk)
		return true;
	for (size_t i = 0; i < BM_ARRAY_LEN(terms); i++) {
		if (given(terms[i].value))
			continue;
		zl += (size_t)snprintf(miss_zh + zl, sizeof(miss_zh) - zl, "%s%s", zl ? "、" : "",
		                       terms[i].zh);
		el += (size_t)snprintf(miss_en + el, sizeof(miss_en) - el, "%s%s", el ? ", " : "",
		                       terms[i].en);
	}
	if (zl == 0)
		return true;
	/* KEEP-6: a keeper who is not a clerk records why, who approved, until when. */
	refuse(out, BM_EINVALID, "KEEP-6", "keeping_terms_required");
	ZH(out, "“%s”不是保密员，个人保管须登记%s", k->keeper_name, miss_zh);
	EN(out, "'%s' is not a secrecy clerk: personal keeping must record %s", k->keeper_name,
	   miss_en);
	return false;
}

bool bm_rules_keeping(bm_decision *out, const bm_keeping_facts *k, int32_t today)
{
	int32_t until;

	allow(out, "KEEP-6");
	if (k->keeper_is_clerk)
		return true;
	/* KEEP-6: approval is somebody else's act … */
	if (k->approver_id == k->keeper_id) {
		refuse(out, BM_EINVALID, "KEEP-6", "keeping_self_approved");
		ZH(out, "保管人不能批准自己保管");
		EN(out, "the keeper cannot approve their own keeping");
		return false;
	}
	/* … by a person still in post … */
	if (!k->approver_active) {
		refuse(out, BM_EINVALID, "KEEP-6", "keeping_approver_inactive");
		ZH(out, "批准人“%s”已停用或离岗", k->approver_name);
		EN(out, "approver '%s' is disabled or has left", k->approver_name);
		return false;
	}
	/* … who is none of the three administrators (SYS-1: they handle no carrier). */
	if (k->approver_admin) {
		refuse(out, BM_EINVALID, "KEEP-6", "keeping_approver_admin");
		ZH(out, "三员不得批准个人保管涉密载体");
		EN(out, "the three administrators do not approve the keeping of carriers");
		return false;
	}
	/* KEEP-6: for a stated time that has not run out. */
	if (!given(k->until) || !bm_date_parse(k->until, &until)) {
		refuse(out, BM_EINVALID, "KEEP-6", "invalid_date");
		ZH(out, "保管期限不是有效日期：'%.32s'（格式 YYYY-MM-DD）",
		   k->until ? k->until : "");
		EN(out, "the keeping end date is not a valid date: '%.32s' (YYYY-MM-DD)",
		   k->until ? k->until : "");
		return false;
	}
	if (until < today) {
		refuse(out, BM_EINVALID, "KEEP-6", "keeping_until_past");
		ZH(out, "保管期限 %.32s 已过", k->until);
		EN(out, "the keeping end date %.32s is in the past", k->until);
		return false;
	}
	out->due_date = until;
	return true;
}

bool bm_rules_keeping_expired(bm_decision *out, int32_t until, int32_t today)
{
	char d[BM_DATE_LEN];

	allow(out, "KEEP-6");
	out->due_date = until;
	/* KEEP-6: past its end the carrier goes back to the clerk, or is approved again. */
	if (until == BM_DATE_NONE || today <= until)
		return false;
	bm_date_format(until, d);
	flag(out, "KEEP-6", "keeping_expired");
	ZH(out, "保管期限 %s 已过 %d 天，须交回保密员或重新批准", d, (int)(today - until));
	EN(out,
	   "personal keeping past its end date %s by %d days; hand it back to the clerk or "
	   "approve it again",
	   d, (int)(today - until));
	return true;
}

bool bm_rules_serial_unique(bm_decision *out, bool made, const char *doc_number, int serial,
                            bool taken)
{
	const char *rule = made ? "MAKE-2" : "REG-1";

	allow(out, rule);
	/* MAKE-2 / REG-1: one line per copy: a serial number is never registered twice. */
	if (taken) {
		refuse(out, BM_ECONFLICT, rule, "duplicate_serial");
		ZH(out, "文号“%s”的第 %d 份已经登记", doc_number, serial);
		EN(out, "copy %d of document '%s' is already registered", serial, doc_number);
		return false;
	}
	return true;
}

bool bm_rules_movable(bm_decision *out, bm_status status)
{
	allow(out, "KEEP-1");
	/* KEEP-1: what is lent, out or gone is not in a place to move from. */
	if (status != BM_STATUS_IN_STORE) {
		refuse(out, BM_ECONFLICT, "KEEP-1", "not_in_store");
		ZH(out, "载体当前状态为“%s”，不在库，不能移存", bm_status_names[status].zh);
		EN(out, "the carrier is '%s', not in store, and cannot be moved",
		   bm_status_names[status].en);
		return false;
	}
	return true;
}

bool bm_rules_class_lowering(bm_decision *out, bm_class to, size_t n_above, bm_level highest)
{
	allow(out, "PERSON-1");
	if (n_above == 0)
		return true;
	refuse(out, BM_ECONFLICT, "PERSON-1", "class_below_held");
	ZH(out, "该人员保管或持有 %zu 件高于新类别可知悉密级（%s）的载体（最高%s），须先移交",
	   n_above, lz(bm_class_max_level(to)), lz(highest));
	EN(out,
	   "the person keeps or holds %zu 'carriers' above what the new class may see ('%s'; "
	   "highest '%s'): hand them over first",
	   n_above, le(bm_class_max_level(to)), le(highest));
	return false;
}

bool bm_rules_disable_holder(bm_decision *out, size_t n_kept, size_t n_loans)
{
	allow(out, "KEEP-2");
	if (n_kept + n_loans == 0)
		return true;
	refuse(out, BM_ECONFLICT, "KEEP-2", "carriers_held");
	ZH(out, "该人员尚保管 %zu 件、借出未还 %zu 件载体，移交完毕前不得停用账户", n_kept,
	   n_loans);
	EN(out,
	   "the person still keeps %zu 'carriers' and has %zu on loan: hand them over before the "
	   "account is disabled",
	   n_kept, n_loans);
	return false;
}

bool bm_rules_medium_electronic(bm_decision *out, const bm_policy *p, bm_kind kind, bm_level level)
{
	allow(out, "DEV-4");
	/* DEV-4: paper (and other kinds) hold no electronic content. */
	if (kind != BM_KIND_USB && kind != BM_KIND_REMOVABLE_DISK && kind != BM_KIND_OPTICAL_DISC &&
	    kind != BM_KIND_HARD_DISK)
		return true;
	return bm_rules_electronic(out, p, level);
}
