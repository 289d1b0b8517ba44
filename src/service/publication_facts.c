/*
 * publication_facts.c — publication review (信息公开保密审查, PUB-1, PUB-2) on the
 * ordinary request workflow. A publication is a request of op `publish`
 * (request.c files it through bm_pub_filing); its params hold what the
 * rules decided on and what happened since:
 *
 *   channel, title, text | attachment    what is published, where
 *   department, department_id            the department that publishes
 *   publisher, publisher_id              the person who publishes and answers for it
 *   reviewers, reviewer_ids              the named reviewers (names as resolved)
 *   reviews   [{reviewer_id, reviewer, passed, opinion, at}]   one per reviewer
 *   release   {by_id, by, at, where}     the release, once
 *
 * The ids are the service's: whatever the requester wrote under those keys is
 * dropped at filing. This file holds what the request workflow asks about a
 * publication (filing, approving, reading); publication.c its own use cases.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/publication.h"
#include "policy/visibility.h"
#include "service/service_int.h"
#include "util/utf8.h"

enum {
	MAX_PUB_TEXT = 20000, /* the text to be published, in characters */
	MAX_PUB_FIELD = 200,
	MAX_OPINION = 500,
	MAX_REVIEWERS = 20,
};

/* A parameter of the publication form wrong as `fault` says (PUB-1's refusal). */
static int bad_param(const char *key, bm_param_fault fault)
{
	bm_decision d;
	bm_rules_param(&d, BM_FORM_PUBLISH, key, fault, 0, 0);
	return bm_decision_error(&d);
}

/* A text parameter of at most `max` characters; NULL when absent or blank. */
static int pub_text(json_t *params, const char *key, bool required, size_t max, const char **out)
{
	json_t *v = json_object_get(params, key);
	const char *s;
	int rc;

	*out = NULL;
	if (!v || json_is_null(v))
		return required ? bad_param(key, BM_PARAM_MISSING) : 0;
	if (!json_is_string(v))
		return bad_param(key, BM_PARAM_NOT_TEXT);
	s = json_string_value(v);
	if ((rc = bm_svc_check_text(s, key, key, max, required)) != 0)
		return bm_svc_field_rule(rc, BM_FORM_PUBLISH, key);
	*out = *s && !bm_utf8_blank(s) ? s : NULL;
	return 0;
}

/* The reviewers as typed: a JSON array of names, or one list text. */
static int reviewer_refs(bm_ctx *ctx, json_t *params, char ***refs, size_t *n)
{
	json_t *v = json_object_get(params, "reviewers"), *x;
	size_t i;
	int rc;

	*refs = NULL;
	*n = 0;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_string(v)) {
		if ((rc = bm_svc_check_text(json_string_value(v), "审查人", "reviewers", 2000,
		                            false)) != 0)
			return bm_svc_field_rule(rc, BM_FORM_PUBLISH, "reviewers");
		return bm_svc_split_list(ctx, json_string_value(v), refs, n);
	}
	if (!json_is_array(v) || json_array_size(v) > MAX_REVIEWERS)
		return bad_param("reviewers", BM_PARAM_NOT_TEXT);
	if (!(*refs = bm_arena_alloc(ctx->arena, (json_array_size(v) + 1) * sizeof(**refs))))
		return bm_error_nomem();
	json_array_foreach(v, i, x)
	{
		const char *s = json_string_value(x);
		if (!s || bm_svc_check_text(s, "审查人", "reviewers", MAX_PUB_FIELD, true) != 0)
			return bad_param("reviewers", BM_PARAM_NOT_TEXT);
		(*refs)[(*n)++] = (char *)s;
	}
	return 0;
}

/* Resolves person `ref` for field `key`: the refusal names PUB-1. */
static int resolve_person(bm_ctx *ctx, const char *ref, const char *key, bm_person **out)
{
	return bm_svc_field_rule(bm_svc_person_resolve(ctx, ref, out), BM_FORM_PUBLISH, key);
}

int bm_pub_attachments(bm_ctx *ctx, const int64_t *ids, size_t n, bool filing)
{
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c;
		bm_decision d;
		int rc;
		/* The requester attaches what they may see (SYS-2); later steps reread the ledger.
		 */
		if ((rc = filing ? bm_svc_carrier_visible(ctx, ids[i], &c)
		                 : BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, ids[i],
		                                                     &c)) != 0)
			return rc;
		/* PUB-2: the marking it reads now (LEVEL-7/8: lowered or declassified). */
		if (!bm_rules_pub_attachment(&d, c->id, c->level,
		                             bm_carrier_marking(ctx->arena, c, false),
		                             bm_carrier_marking(ctx->arena, c, true)))
			return bm_decision_error(&d);
	}
	return 0;
}

int bm_pub_evaluate(bm_ctx *ctx, json_t *params, const int64_t *ids, size_t n, bm_decision *d)
{
	const char *channel, *title, *text, *attachment, *department, *publisher;
	json_t *reviewer_ids = NULL, *reviewer_names = NULL;
	bm_pub_filing f = {0};
	bm_department *dept;
	bm_person *pub;
	char **refs;
	size_t n_refs;
	int rc;

	/* Only what is resolved here is recorded. */
	static const char *const ours[] = {"department_id", "publisher_id", "reviewer_ids",
	                                   "reviews", "release"};
	for (size_t i = 0; i < BM_ARRAY_LEN(ours); i++)
		json_object_del(params, ours[i]);
	if ((rc = pub_text(params, "channel", true, MAX_PUB_FIELD, &channel)) != 0 ||
	    (rc = pub_text(params, "title", true, MAX_PUB_FIELD, &title)) != 0 ||
	    (rc = pub_text(params, "text", false, MAX_PUB_TEXT, &text)) != 0 ||
	    (rc = pub_text(params, "attachment", false, MAX_PUB_FIELD, &attachment)) != 0 ||
	    (rc = pub_text(params, "department", true, MAX_PUB_FIELD, &department)) != 0 ||
	    (rc = pub_text(params, "publisher", true, MAX_PUB_FIELD, &publisher)) != 0 ||
	    (rc = reviewer_refs(ctx, params, &refs, &n_refs)) != 0)
		return rc;
	f.channel = bm_vocab_find(bm_pub_channel_names, BM_PUB_CHANNEL_COUNT, channel);
	f.text_given = text != NULL;
	/* The carriers attached count as the attachment; their markings decide below. */
	f.attachment_given = attachment != NULL || n > 0;
	if ((rc = bm_svc_field_rule(bm_svc_department_resolve(ctx, department, &dept),
	                            BM_FORM_PUBLISH, "department")) != 0 ||
	    (rc = resolve_person(ctx, publisher, "publisher", &pub)) != 0)
		return rc;
	reviewer_ids = json_array();
	reviewer_names = json_array();
	for (size_t i = 0; i < n_refs; i++) {
		bm_person *p;
		if ((rc = resolve_person(ctx, refs[i], "reviewers", &p)) != 0)
			goto done;
		for (size_t j = 0; j < json_array_size(reviewer_ids); j++)
			f.reviewer_twice |=
			        json_integer_value(json_array_get(reviewer_ids, j)) == p->id;
		f.reviewer_is_requester |= p->id == ctx->actor->id;
		json_array_append_new(reviewer_ids, json_integer(p->id));
		json_array_append_new(reviewer_names, json_string(p->name));
	}
	f.n_reviewers = n_refs;
	if (!bm_rules_pub_filing(d, &ctx->policy, &f)) {
		rc = bm_decision_error(d);
		goto done;
	}
	/* PUB-2 after PUB-1's own checks: a classified attachment is refused by its rule. */
	if ((rc = bm_pub_attachments(ctx, ids, n, true)) != 0)
		goto done;
	json_object_set_new(params, "channel", json_string(bm_pub_channel_names[f.channel].code));
	json_object_set_new(params, "department", json_string(dept->name));
	json_object_set_new(params, "department_id", json_integer(dept->id));
	json_object_set_new(params, "publisher", json_string(pub->name));
	json_object_set_new(params, "publisher_id", json_integer(pub->id));
	json_object_set(params, "reviewers", reviewer_names);
	json_object_set(params, "reviewer_ids", reviewer_ids);
done:
	json_decref(reviewer_ids);
	json_decref(reviewer_names);
	return rc;
}

json_t *bm_pub_params(const bm_request_row *r)
{
	json_t *p = json_loads(r->params ? r->params : "{}", 0, NULL);
	if (!json_is_object(p)) {
		json_decref(p);
		p = json_object();
	}
	return p;
}

bool bm_pub_holds(json_t *params, const char *key, int64_t id)
{
	json_t *a = json_object_get(params, key);
	for (size_t i = 0; i < json_array_size(a); i++)
		if (json_integer_value(json_array_get(a, i)) == id)
			return true;
	return false;
}

bool bm_pub_may_read(const bm_ctx *ctx, const bm_request_row *r)
{
	json_t *p;
	bool yes;

	if (r->op != BM_OP_PUBLISH || !ctx->actor)
		return false;
	p = bm_pub_params(r);
	yes = bm_pub_holds(p, "reviewer_ids", ctx->actor->id) ||
	      json_integer_value(json_object_get(p, "publisher_id")) == ctx->actor->id;
	json_decref(p);
	return yes;
}

/*
 * SYS-2 at approval: the filing took only carriers the requester sees
 * (bm_pub_attachments); whoever approves their publication must see each of
 * them by the same rule.
 */
static int approver_sees(bm_ctx *ctx, const bm_request_row *r)
{
	bm_viewer v;

	bm_svc_viewer(ctx, &v);
	for (size_t i = 0; i < r->n_carriers; i++) {
		bm_carrier *c;
		bm_item item;
		bm_decision d;
		int rc;
		if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena,
		                                            r->carrier_ids[i], &c)) != 0 ||
		    (rc = bm_svc_item_facts(ctx, c, &item)) != 0)
			return rc;
		if (!bm_policy_sys2_approver(&d, &v, &item))
			return bm_decision_error(&d);
	}
	return 0;
}

int bm_pub_approve_check(bm_ctx *ctx, const bm_request_row *r)
{
	json_t *p = bm_pub_params(r), *reviews = json_object_get(p, "reviews"), *x;
	size_t n_reviewers = json_array_size(json_object_get(p, "reviewer_ids"));
	size_t n_objections = 0, i;
	bm_decision d;
	int rc = 0;

	json_array_foreach(reviews, i, x) n_objections +=
	        !json_is_true(json_object_get(x, "passed"));
	if (!bm_rules_pub_approve(&d, n_reviewers, json_array_size(reviews), n_objections))
		rc = bm_decision_error(&d);
	/* PUB-2 again: a carrier raised since filing is refused by the marking it reads now. */
	if (rc == 0)
		rc = bm_pub_attachments(ctx, r->carrier_ids, r->n_carriers, false);
	if (rc == 0)
		rc = approver_sees(ctx, r);
	json_decref(p);
	return rc;
}
