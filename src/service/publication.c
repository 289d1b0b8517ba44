/*
 * publication.c — publication review's own use cases (PUB-1, PUB-2): a named
 * reviewer records an opinion, the named publisher records the release, and
 * the register of publications. Filing and approving are the request
 * workflow's (request.c, with publication_facts.c). Each use case is one
 * transaction, audited.
 */
#include "common.h"

#include <stdio.h>

#include "policy/publication.h"
#include "service/service_int.h"

enum {
	MAX_PUB_FIELD = 200,
	MAX_OPINION = 500,
};

/* Loads request `id` of this unit as a publication. */
static int load_publication(bm_ctx *ctx, int64_t id, bm_request_row **out)
{
	bm_request_row *r;
	int rc = BM_STORE(ctx->store, request_get)(ctx->store, ctx->arena, id, &r);

	if (rc == 0 && r->unit_id != ctx->unit->id)
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND)
		return bm_error_set(BM_ENOTFOUND, "unknown_request", bm_op_rule(BM_OP_PUBLISH),
		                    "申请 %lld 不存在", "request %lld does not exist",
		                    (long long)id);
	if (rc)
		return rc;
	if (r->op != BM_OP_PUBLISH)
		return bm_error_set(BM_EINVALID, "wrong_request_kind", bm_op_rule(BM_OP_PUBLISH),
		                    "申请 %lld 不是信息公开发布申请",
		                    "request %lld is not a publication", (long long)id);
	*out = r;
	return 0;
}

/* One history line on every carrier attached. */
static int history_all(bm_ctx *ctx, const bm_request_row *r, const char *action, json_t *h)
{
	const char *text;
	int rc = 0;

	json_object_set_new(h, "request_id", json_integer(r->id));
	json_object_set_new(h, "op", json_string(bm_op_names[r->op].code));
	if (!(text = bm_svc_json(ctx, h)))
		return bm_error_nomem();
	for (size_t i = 0; i < r->n_carriers && rc == 0; i++)
		rc = bm_svc_history(ctx, r->carrier_ids[i], action, text);
	return rc;
}

static const char *request_object(bm_ctx *ctx, int64_t id)
{
	return bm_arena_printf(ctx->arena, "request:%lld", (long long)id);
}

int bm_svc_pub_review(bm_ctx *ctx, int64_t id, bool passed, const char *opinion,
                      bm_request_row **out)
{
	bm_request_row *r = NULL;
	json_t *detail = json_object(), *p = NULL, *reviews, *rev, *x;
	bool reviewed = false;
	bm_decision d;
	size_t i;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(id));
	json_object_set_new(detail, "passed", json_boolean(passed));
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = load_publication(ctx, id, &r)) != 0)
		goto done;
	p = bm_pub_params(r);
	reviews = json_object_get(p, "reviews");
	json_array_foreach(reviews, i, x) reviewed |=
	        json_integer_value(json_object_get(x, "reviewer_id")) == ctx->actor->id;
	if (!bm_rules_pub_review(&d, strcmp(r->status, "pending") == 0,
	                         bm_pub_holds(p, "reviewer_ids", ctx->actor->id), reviewed)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = bm_svc_field_rule(
	             bm_svc_check_text(opinion, "审查意见", "opinion", MAX_OPINION, true),
	             BM_FORM_PUBLISH, "opinion")) != 0)
		goto done;
	if (!json_is_array(reviews)) {
		reviews = json_array();
		json_object_set_new(p, "reviews", reviews);
	}
	rev = json_object();
	json_object_set_new(rev, "reviewer_id", json_integer(ctx->actor->id));
	json_object_set_new(rev, "reviewer", json_string(ctx->actor->name));
	json_object_set_new(rev, "passed", json_boolean(passed));
	json_object_set_new(rev, "opinion", json_string(opinion));
	json_object_set_new(rev, "at", json_string(bm_svc_now_iso(ctx)));
	json_array_append_new(reviews, rev);
	r->params = bm_svc_json(ctx, json_incref(p));
	r->updated_at = bm_svc_now_iso(ctx);
	if (!r->params || !r->updated_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, request_update)(ctx->store, r)) != 0)
		goto done;
	{
		json_t *h = json_object();
		json_object_set_new(h, "passed", json_boolean(passed));
		json_object_set_new(h, "opinion", json_string(opinion));
		if ((rc = history_all(ctx, r, "publication_review", h)) != 0)
			goto done;
	}
	json_object_set_new(detail, "opinion", json_string(opinion));
	json_object_set_new(detail, "reviews", json_integer((json_int_t)json_array_size(reviews)));
	if (out)
		*out = r;
done:
	json_decref(p);
	return bm_svc_end(ctx, rc, "publication.review", request_object(ctx, id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_pub_release(bm_ctx *ctx, int64_t id, const char *where, bm_request_row **out)
{
	bm_request_row *r = NULL;
	json_t *detail = json_object(), *p = NULL, *rel;
	bm_decision d;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(id));
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	/* PUB-1: nothing is released before approval, and only once. */
	if ((rc = load_publication(ctx, id, &r)) != 0 ||
	    (rc = bm_req_load_approved(ctx, id, BM_OP_PUBLISH, 0, &r)) != 0)
		goto done;
	p = bm_pub_params(r);
	if (!bm_rules_pub_release(&d, json_integer_value(json_object_get(p, "publisher_id")) ==
	                                      ctx->actor->id)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = bm_svc_field_rule(
	             bm_svc_check_text(where, "发布位置", "where", MAX_PUB_FIELD, true),
	             BM_FORM_PUBLISH, "where")) != 0 ||
	    (rc = bm_pub_attachments(ctx, r->carrier_ids, r->n_carriers, false)) != 0)
		goto done;
	rel = json_object();
	json_object_set_new(rel, "by_id", json_integer(ctx->actor->id));
	json_object_set_new(rel, "by", json_string(ctx->actor->name));
	json_object_set_new(rel, "at", json_string(bm_svc_now_iso(ctx)));
	json_object_set_new(rel, "where", json_string(where));
	json_object_set_new(p, "release", rel);
	if (!(r->params = bm_svc_json(ctx, json_incref(p)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	{
		json_t *h = json_object();
		json_object_set_new(h, "where", json_string(where));
		if ((rc = history_all(ctx, r, "publish", h)) != 0)
			goto done;
	}
	json_object_set_new(detail, "where", json_string(where));
	if (out)
		*out = r;
done:
	json_decref(p);
	return bm_svc_end(ctx, rc, "publication.release", request_object(ctx, id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_pub_list(bm_ctx *ctx, const char *status, bm_request_row **out, size_t *count)
{
	bm_request_filter q = {.op = BM_OP_PUBLISH, .status = status, .limit = 1000};
	bm_request_row *rows = NULL, *all = NULL;
	size_t n = 0, kept = 0;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, request_list)(ctx->store, ctx->arena, &q, &all, &n, NULL)) !=
	    0)
		goto done;
	if (!(rows = bm_arena_alloc(ctx->arena, (n + 1) * sizeof(*rows)))) {
		rc = bm_error_nomem();
		goto done;
	}
	/* The clerk keeps the register; others see what they filed, review, publish or approve. */
	for (size_t i = 0; i < n; i++)
		if (bm_req_may_read(ctx, &all[i]))
			rows[kept++] = all[i];
	*out = rows;
	*count = kept;
done:
	return bm_svc_end(ctx, rc, "publication.list", "", NULL);
}
