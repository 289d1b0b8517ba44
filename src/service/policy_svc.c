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

/* The members of a vocabulary an entry of `k` may name, with their words. */
static json_t *schema_choices(const bm_policy_key_info *k)
{
	json_t *arr = json_array();
	bool roles = strcmp(k->type, "roles") == 0, set = strcmp(k->type, "set") == 0,
	     choice = strcmp(k->type, "choice") == 0;
	for (int i = 0; i < k->nvocab; i++) {
		json_t *o;
		if ((roles && !(k->must & (1u << (unsigned)i))) ||
		    (choice && (i < k->min || i > k->max)))
			continue;
		o = json_pack("{s:s,s:s,s:s}", "code", k->vocab[i].code, "zh", k->vocab[i].zh, "en",
		              k->vocab[i].en);
		if (set && (k->must & (1u << (unsigned)i)))
			json_object_set_new(o, "required", json_true());
		json_array_append_new(arr, o);
	}
	return arr;
}

int bm_svc_policy_schema(bm_ctx *ctx, json_t **out)
{
	bm_policy_key_info k;
	json_t *arr;
	bm_buf b;
	int rc;

	*out = NULL;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	arr = json_array();
	bm_buf_init(&b, MAX_POLICY_TEXT);
	for (size_t i = 0; rc == 0 && bm_policy_key_info_at(i, &k); i++) {
		json_t *o;
		bm_buf_clear(&b);
		if ((rc = bm_policy_get(&ctx->policy, k.key, &b)) != 0)
			break;
		o = json_pack("{s:s,s:s,s:s,s:s,s:s,s:i,s:i,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s}",
		              "key", k.key, "type", k.type, "value", b.ptr ? b.ptr : "", "default",
		              k.def, "rule", k.rule, "chapter", k.chapter, "article", k.article,
		              "chapter_zh", k.chapter_zh, "chapter_en", k.chapter_en, "lead_zh",
		              k.lead_zh, "lead_en", k.lead_en, "zh", k.zh, "en", k.en, "unit_zh",
		              k.unit_zh, "unit_en", k.unit_en);
		if (!o) {
			rc = bm_error_nomem();
			break;
		}
		if (strcmp(k.type, "bool") != 0) {
			json_object_set_new(o, "min", json_integer(k.min));
			json_object_set_new(o, "max", json_integer(k.max));
		}
		if (*k.label_zh) {
			json_object_set_new(o, "label_zh", json_string(k.label_zh));
			json_object_set_new(o, "label_en", json_string(k.label_en));
		}
		if (strcmp(k.type, "bool") == 0 && k.nvocab == 2)
			json_object_set_new(o, "words",
			                    json_pack("{s:s,s:s,s:s,s:s}", "false_zh",
			                              k.vocab[0].zh, "false_en", k.vocab[0].en,
			                              "true_zh", k.vocab[1].zh, "true_en",
			                              k.vocab[1].en));
		else if (k.vocab)
			json_object_set_new(o, "choices", schema_choices(&k));
		json_array_append_new(arr, o);
	}
	bm_buf_release(&b);
	if (rc) {
		json_decref(arr);
		return rc;
	}
	*out = arr;
	return 0;
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
