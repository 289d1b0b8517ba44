/*
 * policy_svc.c — the unit's policy as versioned data (SYS-5).
 */
#include "common.h"

#include "service/service_int.h"
#include "util/buf.h"

enum { MAX_POLICY_TEXT = BM_POLICY_TEXT_MAX };

int bm_svc_policy_import(bm_ctx *ctx, const char *text, const char *comment, int *version_out)
{
	bm_policy parsed;
	bm_policy_version *current = NULL, v = {0};
	json_t *d = json_object();
	bm_decision dec;
	int rc;

	if (comment)
		json_object_set_new(d, "comment", json_string(comment));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	/* SYS-5: only the security administrator changes the unit's policy. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_POLICY)) != 0)
		goto done;
	if (!bm_rules_policy_text(&dec, text != NULL, text ? strlen(text) : 0)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = bm_svc_check_text(text, "策略文本", "policy text", MAX_POLICY_TEXT, true)) != 0 ||
	    (rc = bm_svc_check_text(comment, "修改说明", "comment", 500, true)) != 0)
		goto done;
	if ((rc = bm_policy_parse(&parsed, text)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, policy_current)(ctx->store, ctx->arena, &current);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		current = NULL;
	} else if (rc) {
		goto done;
	}
	v.version = current ? current->version + 1 : 1;
	v.text = text;
	v.created_at = bm_svc_now_iso(ctx);
	v.created_by = ctx->actor->id;
	v.comment = comment;
	if ((rc = BM_STORE(ctx->store, policy_insert)(ctx->store, &v)) != 0)
		goto done;
	json_object_set_new(d, "version", json_integer(v.version));
	ctx->policy = parsed;
	ctx->policy.version = v.version;
	if (version_out)
		*version_out = v.version;
done:
	return bm_svc_end(ctx, rc, "policy.import",
	                  v.version ? bm_arena_printf(ctx->arena, "policy:%d", v.version) : "",
	                  bm_svc_json(ctx, d));
}

int bm_svc_policy_export(bm_ctx *ctx, const char **text_out)
{
	bm_buf b;
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	bm_buf_init(&b, MAX_POLICY_TEXT * 2);
	if ((rc = bm_buf_printf(&b, "# baomi policy, version %d\n", ctx->policy.version)) == 0 &&
	    (rc = bm_policy_format(&ctx->policy, &b)) == 0) {
		*text_out = bm_arena_strdup(ctx->arena, b.ptr ? b.ptr : "");
		if (!*text_out)
			rc = bm_error_nomem();
	}
	bm_buf_release(&b);
	return rc;
}

int bm_svc_policy_print(bm_ctx *ctx, bool english, const char **text_out)
{
	bm_buf b;
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	bm_buf_init(&b, MAX_POLICY_TEXT * 4);
	if ((rc = bm_policy_print(&ctx->policy, ctx->unit ? ctx->unit->name : "", english, &b)) ==
	    0) {
		*text_out = bm_arena_strdup(ctx->arena, b.ptr ? b.ptr : "");
		if (!*text_out)
			rc = bm_error_nomem();
	}
	bm_buf_release(&b);
	return rc;
}

int bm_svc_rule_article(const char *rule)
{
	return bm_policy_rule_article(rule);
}

int bm_svc_policy_history(bm_ctx *ctx, bm_policy_version **out, size_t *count)
{
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	return BM_STORE(ctx->store, policy_list)(ctx->store, ctx->arena, out, count);
}
