/*
 * keeping.c — personal keeping (个人保管, KEEP-6): a carrier kept by a
 * person who is not a secrecy clerk records why, who approved and until
 * when. The terms live on the carrier row (the one record every ledger is
 * a view of) and in its history; a clerk's keeping has none.
 */
#include "common.h"

#include <stdio.h>

#include "service/service_int.h"
#include "util/timeutil.h"

enum { MAX_KEEP_REASON = 500 };

static bool given(const char *s)
{
	return s && *s;
}

bool bm_svc_person_is_clerk(const bm_person *p)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (p->roles[i].role == BM_ROLE_CLERK)
			return true;
	return false;
}

/* Names the missing terms in both languages and refuses under KEEP-6. */
static int terms_missing(const bm_person *keeper, const bm_keep_terms *k)
{
	char zh[512], en[512];
	char miss_zh[128] = "", miss_en[128] = "";
	size_t zl = 0, el = 0;
	const struct {
		const char *value, *zh, *en;
	} terms[] = {
	        {k ? k->reason : NULL, "保管理由", "why (keep_reason)"},
	        {k ? k->approver : NULL, "批准人", "who approved (keep_approver)"},
	        {k ? k->until : NULL, "保管期限", "until when (keep_until)"},
	};
	for (size_t i = 0; i < BM_ARRAY_LEN(terms); i++) {
		if (given(terms[i].value))
			continue;
		zl += (size_t)snprintf(miss_zh + zl, sizeof(miss_zh) - zl, "%s%s", zl ? "、" : "",
		                       terms[i].zh);
		el += (size_t)snprintf(miss_en + el, sizeof(miss_en) - el, "%s%s", el ? ", " : "",
		                       terms[i].en);
	}
	snprintf(zh, sizeof(zh), "「%s」不是保密员，个人保管须登记%s", keeper->name, miss_zh);
	snprintf(en, sizeof(en), "'%s' is not a secrecy clerk: personal keeping must record %s",
	         keeper->name, miss_en);
	return bm_error_set_msg(BM_EINVALID, "keeping_terms_required", "KEEP-6", zh, en);
}

int bm_svc_keeping_apply(bm_ctx *ctx, bm_carrier *c, const bm_person *keeper,
                         const bm_keep_terms *keep)
{
	bm_person *approver;
	int32_t until;
	char buf[BM_DATE_LEN];
	int rc;

	c->keep_reason = NULL;
	c->keep_approver_id = 0;
	c->keep_approver_name = NULL;
	c->keep_until = NULL;
	/* KEEP-1: the clerk's safe needs no terms. */
	if (bm_svc_person_is_clerk(keeper))
		return 0;
	if (!keep || !given(keep->reason) || !given(keep->approver) || !given(keep->until))
		return terms_missing(keeper, keep);
	if ((rc = bm_svc_check_text(keep->reason, "保管理由", "keeping reason", MAX_KEEP_REASON,
	                            true)) != 0)
		goto rule;
	if ((rc = bm_svc_person_resolve(ctx, keep->approver, &approver)) != 0)
		goto rule;
	if (approver->id == keeper->id)
		return bm_error_set(BM_EINVALID, "keeping_self_approved", "KEEP-6",
		                    "保管人不能批准自己保管",
		                    "the keeper cannot approve their own keeping");
	if (approver->status != BM_PERSON_ACTIVE)
		return bm_error_set(BM_EINVALID, "keeping_approver_inactive", "KEEP-6",
		                    "批准人「%s」已停用或离岗",
		                    "approver '%s' is disabled or has left", approver->name);
	for (size_t i = 0; i < approver->n_roles; i++)
		if (bm_role_is_admin(approver->roles[i].role))
			return bm_error_set(
			        BM_EINVALID, "keeping_approver_admin", "KEEP-6",
			        "三员不得批准个人保管涉密载体",
			        "the three administrators do not approve the keeping of carriers");
	if (!bm_date_parse(keep->until, &until))
		return bm_error_set(
		        BM_EINVALID, "invalid_date", "KEEP-6",
		        "保管期限不是有效日期：'%.32s'（格式 YYYY-MM-DD）",
		        "the keeping end date is not a valid date: '%.32s' (YYYY-MM-DD)",
		        keep->until);
	if (until < bm_svc_today_days(ctx))
		return bm_error_set(BM_EINVALID, "keeping_until_past", "KEEP-6", "保管期限 %s 已过",
		                    "the keeping end date %s is in the past", keep->until);
	bm_date_format(until, buf);
	if (!(c->keep_until = bm_arena_strdup(ctx->arena, buf)))
		return bm_error_nomem();
	c->keep_reason = keep->reason;
	c->keep_approver_id = approver->id;
	c->keep_approver_name = approver->name;
	return 0;
rule:
	/* The field's own code, under this rule. */
	{
		bm_error e;
		bm_error_save(&e);
		snprintf(e.rule, sizeof(e.rule), "KEEP-6");
		bm_error_restore(&e);
	}
	return rc;
}

void bm_svc_keeping_facts(const bm_carrier *c, json_t *d)
{
	if (!c->keep_until)
		return;
	json_object_set_new(d, "keep_reason", json_string(c->keep_reason ? c->keep_reason : ""));
	json_object_set_new(d, "keep_approver_id", json_integer(c->keep_approver_id));
	json_object_set_new(d, "keep_until", json_string(c->keep_until));
}
