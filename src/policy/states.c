/*
 * states.c — the carrier states operations need. See states.h.
 */
#include "common.h"
#include "policy/states.h"

#include "policy/rules_int.h"

static bool is_out(bm_status s)
{
	return s == BM_STATUS_LENT || s == BM_STATUS_TAKEN_OUT || s == BM_STATUS_CIRCULATING;
}

static bool gone(bm_status s)
{
	return s == BM_STATUS_DESTROYED || s == BM_STATUS_RETURNED;
}

/* "carrier N is 'status'; what": the wording of a refusal by state. */
static void by_status(bm_decision *out, const bm_carrier_state *c, const char *what_zh,
                      const char *what_en)
{
	ZH(out, "载体 %lld 当前状态为“%s”，%s", (long long)c->id, bm_status_names[c->status].zh,
	   what_zh);
	EN(out, "carrier %lld is '%s'; %s", (long long)c->id, bm_status_names[c->status].en,
	   what_en);
}

/* BORROW-4, CIRC-2: what is out comes back to the clerk first; never lent on or passed. */
static bool at_desk(bm_decision *out, const char *rule, const bm_carrier_state *c)
{
	const char *zh = bm_status_names[c->status].zh, *en = bm_status_names[c->status].en;
	if (c->status == BM_STATUS_IN_STORE)
		return true;
	if (is_out(c->status)) {
		refuse(out, BM_EDENIED, rule, "not_in_store");
		ZH(out, "载体当前%s，须先交回保密员登记入库，不得转借或横传", zh);
		EN(out, "the carrier is '%s': it comes back to the clerk first, never passed on",
		   en);
		return false;
	}
	refuse(out, BM_ECONFLICT, rule, "not_available");
	ZH(out, "载体当前状态为%s，不能发出", zh);
	EN(out, "the carrier is '%s' and cannot be handed out", en);
	return false;
}

/* KEEP-3: what is on loan or out comes back first; only what is in store is returned. */
static bool clear_out(bm_decision *out, const bm_carrier_state *c)
{
	if (c->on_loan || is_out(c->status)) {
		refuse(out, BM_ECONFLICT, "KEEP-3", "on_loan");
		by_status(out, c, "收回后方可清退",
		          "it is returned to the issuer only once back in store");
		return false;
	}
	if (c->status != BM_STATUS_IN_STORE) {
		refuse(out, BM_ECONFLICT, "KEEP-3", "not_in_store");
		by_status(out, c, "不能清退", "it cannot be returned to the issuer");
		return false;
	}
	return true;
}

/* CIRC-1, LEVEL-5: what is destroyed or returned has left the ledger. */
static bool in_ledger(bm_decision *out, const char *rule, const bm_carrier_state *c,
                      const char *what_zh, const char *what_en)
{
	if (!gone(c->status))
		return true;
	refuse(out, BM_ECONFLICT, rule, "not_in_ledger");
	by_status(out, c, what_zh, what_en);
	return false;
}

bool bm_rules_carrier_state(bm_decision *out, bm_carrier_need need, const bm_carrier_state *c)
{
	allow(out, NULL);
	switch (need) {
	case BM_NEED_SEND:
		/* SEND-4: the copies counted out are in store. */
		if (c->status == BM_STATUS_IN_STORE)
			return true;
		refuse(out, BM_ECONFLICT, "SEND-4", "not_in_store");
		ZH(out, "载体 %lld 当前状态为“%s”，不在库，不能发出", (long long)c->id,
		   bm_status_names[c->status].zh);
		EN(out, "carrier %lld is '%s', not in store, and cannot be sent", (long long)c->id,
		   bm_status_names[c->status].en);
		return false;
	case BM_NEED_LEND: return at_desk(out, "BORROW-4", c);
	case BM_NEED_PASS: return at_desk(out, "CIRC-2", c);
	case BM_NEED_RETURN:
		if (c->on_loan)
			return true;
		refuse(out, BM_ECONFLICT, "CIRC-2", "not_out");
		ZH(out, "载体 %lld 没有借出，无需归还", (long long)c->id);
		EN(out, "carrier %lld is not out", (long long)c->id);
		return false;
	case BM_NEED_MARK:
		/* LEVEL-8: the marking is changed on the carrier itself, which must be at hand. */
		if (c->status == BM_STATUS_IN_STORE)
			return true;
		refuse(out, BM_ECONFLICT, "LEVEL-8", "not_in_store");
		by_status(out, c, "在库时方可变更密级标志", "its marking is changed only in store");
		return false;
	case BM_NEED_CLEAR_OUT: return clear_out(out, c);
	case BM_NEED_DESTROY:
		if (!c->on_loan)
			return true;
		refuse(out, BM_ECONFLICT, "DESTROY-1", "on_loan");
		ZH(out, "载体 %lld 尚未归还，不能销毁", (long long)c->id);
		EN(out, "carrier %lld is out on loan and cannot be destroyed", (long long)c->id);
		return false;
	case BM_NEED_WIDEN:
		return in_ledger(out, "CIRC-1", c, "不能扩大知悉范围",
		                 "its scope cannot be widened");
	case BM_NEED_VOLUME_PART:
		return in_ledger(out, "LEVEL-5", c, "不能编入案卷", "it cannot join a volume");
	case BM_NEED_VOLUME:
		return in_ledger(out, "LEVEL-5", c, "不能再编入载体", "nothing more can join it");
	}
	return true;
}
