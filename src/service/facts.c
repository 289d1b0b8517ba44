/*
 * facts.c — the facts the pure rules (policy/rules.h) decide on, read from
 * the store for one person or one carrier, and the one carrier visible to
 * the actor (SYS-2, decided by policy/visibility.h) that the use cases load.
 */
#include "common.h"

#include "policy/visibility.h"
#include "service/service_int.h"
#include "util/timeutil.h"

int bm_svc_actor_facts(bm_ctx *ctx, const bm_person *p, bm_actor *out)
{
	bm_grant *grants = NULL;
	int32_t day;
	int rc;

	bm_actor_init(out);
	out->id = p->id;
	out->department_id = p->department_id;
	out->person_class = p->person_class;
	out->temporary = p->temporary;
	out->disabled = p->status != BM_PERSON_ACTIVE;
	if (p->commitment_signed_on && bm_date_parse(p->commitment_signed_on, &day))
		out->commitment_on = day;
	/* PERSON-4/6/7, ORG-1: the 脱密期, training and statement the register records. */
	if ((rc = bm_svc_actor_register_facts(ctx, p, out)) != 0)
		return rc;
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

int bm_svc_check_named(bm_ctx *ctx, const bm_person *p, bm_level level, bool custodian)
{
	bm_actor facts;
	bm_decision d;
	char zh[BM_REASON_MAX + 96], en[BM_REASON_MAX + 96];
	int rc;

	if ((rc = bm_svc_actor_facts(ctx, p, &facts)) != 0)
		return rc;
	/* PERSON-1/2/3/7: the one rule for everybody a route names (bm_rules_named_person). */
	if (bm_rules_named_person(&d, &ctx->policy, &facts, level, bm_svc_today_days(ctx)))
		return 0;
	snprintf(zh, sizeof(zh), "%s“%s”不能列入：%s", custodian ? "保管人" : "知悉范围中的",
	         p->name, d.reason_zh);
	snprintf(en, sizeof(en), "%s '%s' cannot be named: %s",
	         custodian ? "custodian" : "scope member", p->name, d.reason_en);
	return bm_error_set_msg(d.klass ? d.klass : BM_EDENIED, d.code, d.rule, zh, en);
}

int bm_svc_check_scope_people(bm_ctx *ctx, const bm_carrier *c)
{
	for (size_t i = 0; i < c->n_scope; i++) {
		bm_person *p;
		int rc;
		if (!c->scope[i].person_id)
			continue;
		if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena,
		                                           c->scope[i].person_id, &p)) != 0 ||
		    (rc = bm_svc_check_named(ctx, p, c->level, false)) != 0)
			return rc;
	}
	return 0;
}

int bm_svc_item_facts(const bm_ctx *ctx, const bm_carrier *c, bm_item *out)
{
	memset(out, 0, sizeof(*out));
	out->id = c->id;
	out->unit_id = c->unit_id;
	out->level = c->level;
	out->kind = c->kind;
	out->origin = c->origin;
	out->status = c->status;
	out->department_id = c->department_id;
	out->custodian_id = c->custodian_id;
	out->scope = c->scope;
	out->n_scope = c->n_scope;
	if (bm_status_is_out(c->status)) {
		/* BORROW-4, CIRC-2, SYS-2: who holds it now. */
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

int bm_svc_sees(const bm_ctx *ctx, const bm_carrier *c, bool *out)
{
	bm_viewer v;
	bm_item item;
	int rc;

	if ((rc = bm_svc_item_facts(ctx, c, &item)) != 0)
		return rc;
	bm_svc_viewer(ctx, &v);
	*out = bm_policy_sys2_visible(&v, &item);
	return 0;
}

bool bm_svc_can_see(const bm_ctx *ctx, const bm_carrier *c)
{
	bool seen = false;
	if (bm_svc_sees(ctx, c, &seen) != 0) {
		bm_error_clear();
		return false; /* a fact we could not read hides the carrier */
	}
	return seen;
}

int bm_svc_carrier_visible(bm_ctx *ctx, int64_t id, bm_carrier **out)
{
	bm_carrier *c;
	bm_decision d;
	bool seen = false;
	int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c);

	if (rc == 0 && (rc = bm_svc_sees(ctx, c, &seen)) != 0)
		return rc;
	if (rc != 0 && rc != BM_ENOTFOUND)
		return rc;
	/* SYS-2: a hidden carrier does not exist for the actor, exactly like a missing one. */
	if (!bm_rules_found(&d, BM_RECORD_CARRIER, id, rc == 0 && seen))
		return bm_decision_error(&d);
	*out = c;
	return 0;
}

int bm_svc_person_holdings(bm_ctx *ctx, const bm_person *p, bm_level above, size_t *n_kept,
                           size_t *n_loans, size_t *n_above, bm_level *highest)
{
	bm_loan_row *loans = NULL;
	int64_t *kept = NULL;
	size_t nk = 0, nl = 0;
	int rc;

	*n_above = 0;
	*highest = BM_LEVEL_PUBLIC;
	if ((rc = BM_STORE(ctx->store, carrier_linked)(ctx->store, ctx->arena, BM_LINK_CUSTODIAN,
	                                               p->id, &kept, &nk)) != 0 ||
	    (rc = BM_STORE(ctx->store, loan_open)(ctx->store, ctx->arena, p->id, &loans, &nl)) != 0)
		return rc;
	for (size_t i = 0; i < nk + nl; i++) {
		bm_carrier *c = NULL;
		int64_t id = i < nk ? kept[i] : loans[i - nk].carrier_id;
		if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c)) != 0)
			return rc;
		if (c->level > above) {
			(*n_above)++;
			if (c->level > *highest)
				*highest = c->level;
		}
	}
	*n_kept = nk;
	*n_loans = nl;
	return 0;
}
