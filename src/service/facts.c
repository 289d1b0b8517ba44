/*
 * facts.c — the facts the pure rules (policy/rules.h) decide on, read from
 * the store for one person or one carrier, and the one carrier visible to
 * the actor (SYS-2) that the workflow executions load.
 */
#include "common.h"

#include "service/service_int.h"
#include "util/timeutil.h"

int bm_svc_actor_facts(bm_ctx *ctx, const bm_person *p, bm_actor *out)
{
	bm_grant *grants = NULL;
	int32_t day;

	bm_actor_init(out);
	out->id = p->id;
	out->department_id = p->department_id;
	out->person_class = p->person_class;
	out->temporary = p->temporary;
	out->disabled = p->status != BM_PERSON_ACTIVE;
	if (p->commitment_signed_on && bm_date_parse(p->commitment_signed_on, &day))
		out->commitment_on = day;
	/*
	 * PERSON-6: the store keeps no training records yet (they come with the
	 * personnel register). Until it does, nobody counts as lapsed: treating
	 * "unknown" as "never trained" would lock every classified carrier away
	 * under training.lapse_blocks.
	 */
	out->last_training = bm_svc_today_days(ctx);
	if (p->n_roles) {
		if (!(grants = bm_arena_alloc(ctx->arena, p->n_roles * sizeof(*grants))))
			return bm_error_nomem();
		for (size_t i = 0; i < p->n_roles; i++) {
			grants[i].role = p->roles[i].role;
			grants[i].department_id = p->roles[i].department_id;
		}
	}
	out->grants = grants;
	out->n_grants = p->n_roles;
	return 0;
}

static bool is_out(bm_status s)
{
	return s == BM_STATUS_LENT || s == BM_STATUS_TAKEN_OUT || s == BM_STATUS_CIRCULATING;
}

int bm_svc_item_facts(bm_ctx *ctx, const bm_carrier *c, bm_item *out)
{
	bm_scope_ref *scope = NULL;

	memset(out, 0, sizeof(*out));
	out->id = c->id;
	out->level = c->level;
	out->kind = c->kind;
	out->origin = c->origin;
	out->status = c->status;
	out->department_id = c->department_id;
	out->custodian_id = c->custodian_id;
	if (c->n_scope) {
		if (!(scope = bm_arena_alloc(ctx->arena, c->n_scope * sizeof(*scope))))
			return bm_error_nomem();
		for (size_t i = 0; i < c->n_scope; i++) {
			scope[i].person_id = c->scope[i].person_id;
			scope[i].department_id = c->scope[i].department_id;
		}
	}
	out->scope = scope;
	out->n_scope = c->n_scope;
	if (is_out(c->status)) {
		/* BORROW-4, CIRC-2: who holds it now decides what they may not do with it. */
		bm_loan_row *loan;
		int rc = BM_STORE(ctx->store, loan_current)(ctx->store, ctx->arena, c->id, &loan);
		if (rc == 0)
			out->holder_id = loan->holder_id;
		else if (rc == BM_ENOTFOUND)
			bm_error_clear();
		else
			return rc;
	}
	return 0;
}

int bm_svc_carrier_visible(bm_ctx *ctx, int64_t id, bm_carrier **out)
{
	bm_carrier *c;
	bm_viewer v;
	bool seen = false;
	int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c);

	if (rc == BM_ENOTFOUND)
		goto hidden;
	if (rc)
		return rc;
	/* SYS-2: the same rule as the ledger (carrier.c can_see, VISIBLE_SQL) … */
	bm_svc_viewer(ctx, &v);
	if (!ctx->unit || c->unit_id != ctx->unit->id || c->level > v.max_level)
		goto hidden;
	seen = v.whole_ledger || c->custodian_id == v.person_id || c->n_scope == 0;
	for (size_t i = 0; !seen && i < c->n_scope; i++)
		seen = c->scope[i].person_id == v.person_id ||
		       (v.department_id && c->scope[i].department_id == v.department_id);
	/* … plus the approved borrower who holds it now. */
	if (!seen && is_out(c->status)) {
		bm_loan_row *loan;
		if (BM_STORE(ctx->store, loan_current)(ctx->store, ctx->arena, c->id, &loan) == 0)
			seen = loan->holder_id == v.person_id;
	}
	if (!seen)
		goto hidden;
	*out = c;
	return 0;
hidden:
	return bm_error_set(BM_ENOTFOUND, "unknown_carrier", "SYS-2", "载体 %lld 不存在",
	                    "carrier %lld does not exist", (long long)id);
}
