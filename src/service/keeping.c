/*
 * keeping.c — personal keeping (个人保管, KEEP-6): a carrier kept by a
 * person who is not a secrecy clerk records why, who approved and until
 * when. The terms live on the carrier row (the one record every ledger is
 * a view of) and in its history; a clerk's keeping has none.
 */
#include "common.h"

#include <stdio.h>

#include "policy/custody.h"
#include "policy/keep.h"
#include "service/service_int.h"
#include "util/timeutil.h"

enum { MAX_KEEP_REASON = 500 };

bool bm_svc_person_is_clerk(const bm_person *p)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (p->roles[i].role == BM_ROLE_CLERK)
			return true;
	return false;
}

int bm_svc_custodian_scope(bm_ctx *ctx, const bm_carrier *c, const bm_person *to,
                           const bm_actor *to_facts)
{
	bm_actor facts;
	bm_item item;
	bm_decision d;
	int rc;

	if (!to_facts) {
		if ((rc = bm_svc_actor_facts(ctx, to, &facts)) != 0)
			return rc;
		to_facts = &facts;
	}
	if ((rc = bm_svc_item_facts(ctx, c, &item)) != 0)
		return rc;
	if (!bm_rules_custodian_scope(&d, &item, to_facts, bm_svc_person_is_clerk(to))) {
		char zh[BM_REASON_MAX + 64], en[BM_REASON_MAX + 64];
		snprintf(zh, sizeof(zh), "“%s”%s", to->name, d.reason_zh);
		snprintf(en, sizeof(en), "'%s': %s", to->name, d.reason_en);
		return bm_error_set_msg(d.klass, d.code, d.rule, zh, en);
	}
	return 0;
}

static bool holds_admin_role(const bm_person *p)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (bm_role_is_admin(p->roles[i].role))
			return true;
	return false;
}

/* The field's own error (text too long, approver unknown …), under the field's rule (KEEP-6). */
static int under_field(int rc, const char *field)
{
	bm_error e;
	bm_error_save(&e);
	snprintf(e.rule, sizeof(e.rule), "%s", bm_policy_field_rule(BM_FORM_KEEPING, field));
	bm_error_restore(&e);
	return rc;
}

int bm_svc_keeping_apply(bm_ctx *ctx, bm_carrier *c, const bm_person *keeper,
                         const bm_keep_terms *keep)
{
	bm_keeping_facts k = {
	        .keeper_name = keeper->name,
	        .keeper_id = keeper->id,
	        .keeper_is_clerk = bm_svc_person_is_clerk(keeper),
	        .reason = keep ? keep->reason : NULL,
	        .approver = keep ? keep->approver : NULL,
	        .until = keep ? keep->until : NULL,
	};
	bm_person *approver;
	bm_decision d;
	char buf[BM_DATE_LEN];
	int rc;

	c->keep_reason = NULL;
	c->keep_approver_id = 0;
	c->keep_approver_name = NULL;
	c->keep_until = NULL;
	/* KEEP-6 (KEEP-1: the clerk's safe needs no terms). */
	if (!bm_rules_keeping_terms(&d, &k))
		return bm_decision_error(&d);
	if (k.keeper_is_clerk)
		return 0;
	if ((rc = bm_svc_check_text(keep->reason, "保管理由", "keeping reason", MAX_KEEP_REASON,
	                            true)) != 0)
		return under_field(rc, "reason");
	if ((rc = bm_svc_person_resolve(ctx, keep->approver, &approver)) != 0)
		return under_field(rc, "approver");
	k.approver_id = approver->id;
	k.approver_name = approver->name;
	k.approver_active = approver->status == BM_PERSON_ACTIVE;
	k.approver_admin = holds_admin_role(approver);
	if (!bm_rules_keeping(&d, &k, bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	bm_date_format(d.due_date, buf);
	if (!(c->keep_until = bm_arena_strdup(ctx->arena, buf)))
		return bm_error_nomem();
	c->keep_reason = keep->reason;
	c->keep_approver_id = approver->id;
	c->keep_approver_name = approver->name;
	return 0;
}

void bm_svc_keeping_facts(const bm_carrier *c, json_t *d)
{
	if (!c->keep_until)
		return;
	json_object_set_new(d, "keep_reason", json_string(c->keep_reason ? c->keep_reason : ""));
	json_object_set_new(d, "keep_approver_id", json_integer(c->keep_approver_id));
	json_object_set_new(d, "keep_until", json_string(c->keep_until));
}
