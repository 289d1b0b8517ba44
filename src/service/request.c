/*
 * request.c — one request model for every operation that needs an approval
 * (borrow, read on site, copy, extract, take out, make, widen scope, destroy,
 * level change, foreign provision, outside reader), and the facts the pure
 * rules (policy/rules.h) decide on.
 *
 * A request is filed by the person who needs the operation; the rule of the
 * operation decides at once whether it may be asked at all (a refusal names
 * the rule and is audited), and gives the approval chain from the unit's
 * policy. The chain is stored with the request as role codes: a request is
 * decided under the chain in force when it was filed, even if the policy
 * changes while it waits. Status: pending → approved / rejected / withdrawn
 * → executed, or expired (approval.max_pending_days).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/device.h"
#include "policy/keep.h"
#include "policy/visibility.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* Field limits, in characters; request sizes. */
enum {
	MAX_REASON = 500,
	MAX_COMMENT = 500,
	MAX_PARAM_TEXT = 200,
	MAX_CARRIERS = 200,
	MAX_COPIES = 500,
};

/* Chain as a JSON array of role codes (new reference). */
static json_t *chain_json(const bm_role_list *l)
{
	json_t *a = json_array();
	for (int i = 0; i < l->n; i++)
		json_array_append_new(a, json_string(bm_role_names[l->roles[i]].code));
	return a;
}

int bm_req_chain(const bm_request_row *r, bm_role_list *out)
{
	json_t *a = json_loads(r->chain ? r->chain : "[]", 0, NULL);
	size_t i;
	json_t *v;
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!json_is_array(a) || json_array_size(a) > BM_POLICY_MAX_ROLES) {
		rc = -1;
		goto done;
	}
	json_array_foreach(a, i, v)
	{
		int role = bm_role_parse(json_string_value(v));
		if (role < 0) {
			rc = -1;
			goto done;
		}
		out->roles[out->n++] = (bm_role)role;
	}
done:
	json_decref(a);
	if (rc)
		return bm_error_set(
		        BM_ECORRUPT, "corrupt_chain", NULL, "申请 %lld 的审批链无法识别",
		        "the approval chain of request %lld is unreadable", (long long)r->id);
	return 0;
}

/* Appends the roles of `from` missing in `to`, in order (like rules.c add_chain). */
static void merge_chain(bm_role_list *to, const bm_role *from, int n)
{
	for (int i = 0; i < n; i++) {
		bool seen = false;
		for (int j = 0; j < to->n; j++)
			seen |= to->roles[j] == from[i];
		if (!seen && to->n < BM_POLICY_MAX_ROLES)
			to->roles[to->n++] = from[i];
	}
}

static const char *request_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "request:%lld", (long long)id) : "";
}

/* Appends one history line to every carrier of a request. */
static int history_all(bm_ctx *ctx, const bm_request_row *r, const char *action, json_t *detail)
{
	const char *text;
	int rc = 0;
	json_object_set_new(detail, "request_id", json_integer(r->id));
	json_object_set_new(detail, "op", json_string(bm_op_names[r->op].code));
	text = bm_svc_json(ctx, detail);
	if (!text)
		return bm_error_nomem();
	for (size_t i = 0; i < r->n_carriers && rc == 0; i++)
		rc = bm_svc_history(ctx, r->carrier_ids[i], action, text);
	return rc;
}

/* ---- params ----------------------------------------------------------------------- */

/* A parameter of `form` wrong as `fault` says: the policy's refusal under the field's rule. */
static int bad_param(bm_form form, const char *key, bm_param_fault fault, long min, long max)
{
	bm_decision d;
	bm_rules_param(&d, form, key, fault, min, max);
	return bm_decision_error(&d);
}

/* A boolean parameter: JSON true/false (absent: false). */
static int param_bool(json_t *params, const char *key, bool *out)
{
	json_t *v = json_object_get(params, key);
	*out = false;
	if (!v || json_is_null(v))
		return 0;
	if (!json_is_boolean(v))
		return bm_error_set(BM_EINVALID, "invalid_param", NULL,
		                    "参数 %s 应为 true 或 false",
		                    "parameter '%s' must be true or false", key);
	*out = json_is_true(v);
	return 0;
}

/* A text parameter, validated (NULL when absent). */
static int param_text(json_t *params, const char *key, bool required, bm_form form,
                      const char **out)
{
	json_t *v = json_object_get(params, key);
	const char *s;
	int rc;
	*out = NULL;
	if (!v || json_is_null(v)) {
		if (required)
			return bad_param(form, key, BM_PARAM_MISSING, 0, 0);
		return 0;
	}
	if (!json_is_string(v))
		return bad_param(form, key, BM_PARAM_NOT_TEXT, 0, 0);
	s = json_string_value(v);
	if ((rc = bm_svc_check_text(s, key, key, MAX_PARAM_TEXT, required)) != 0)
		return bm_svc_field_rule(rc, form, key);
	*out = s && *s && !bm_utf8_blank(s) ? s : NULL;
	return 0;
}

/* A whole-number parameter in [min, max]: a JSON integer or its decimal text. */
static int param_int(json_t *params, const char *key, long min, long max, long dflt, bm_form form,
                     long *out)
{
	json_t *v = json_object_get(params, key);
	long n;
	int rc;
	if (!v || json_is_null(v)) {
		if (dflt < min)
			return bad_param(form, key, BM_PARAM_MISSING, 0, 0);
		*out = dflt;
		return 0;
	}
	if (json_is_integer(v)) {
		json_int_t x = json_integer_value(v);
		if (x < min || x > max)
			return bad_param(form, key, BM_PARAM_RANGE, min, max);
		*out = (long)x;
		return 0;
	}
	if (!json_is_string(v))
		return bad_param(form, key, BM_PARAM_NOT_INT, 0, 0);
	if ((rc = bm_svc_parse_int(json_string_value(v), min, max, key, key, &n)) != 0)
		return bm_svc_field_rule(rc, form, key);
	*out = n;
	return 0;
}

/* A level parameter (code or Chinese name). */
static int param_level(json_t *params, const char *key, bm_form form, bm_level *out)
{
	const char *s;
	int rc, v;
	if ((rc = param_text(params, key, true, form, &s)) != 0 ||
	    (rc = bm_svc_term(BM_TERM_LEVEL, s ? s : "", &v)) != 0)
		return rc;
	*out = (bm_level)v;
	return 0;
}

/* A date parameter "YYYY-MM-DD" (BM_DATE_NONE when absent and not required). */
static int param_date(json_t *params, const char *key, bool required, bm_form form, int32_t *out)
{
	const char *s;
	int rc;
	*out = BM_DATE_NONE;
	if ((rc = param_text(params, key, required, form, &s)) != 0 || !s)
		return rc;
	if (!bm_date_parse(s, out))
		return bad_param(form, key, BM_PARAM_NOT_DATE, 0, 0);
	return 0;
}

/* A text field of an outside approval record: given when a non-blank string. */
static bool record_text(json_t *rec, const char *key)
{
	const char *s = json_string_value(json_object_get(rec, key));
	return s && *s && bm_utf8_valid(s, strlen(s)) && !bm_utf8_blank(s);
}

bool bm_req_outside_approval(json_t *params, const char *key)
{
	json_t *rec = json_object_get(params, key);
	int32_t day;
	return json_is_object(rec) && record_text(rec, "by") && record_text(rec, "document") &&
	       record_text(rec, "date") &&
	       bm_date_parse(json_string_value(json_object_get(rec, "date")), &day);
}

/*
 * An outside approval `key` of `form` (FOREIGN-1, COPY-2, CARRY-3): the
 * record {by, document, date} as the policy decides it, the old boolean
 * `legacy` refused (issue 13 points 9 and 11). `*out` is true when a
 * complete record is there.
 */
static int param_approval(bm_ctx *ctx, json_t *params, const char *key, const char *legacy,
                          bm_form form, bool *out)
{
	json_t *rec = json_object_get(params, key);
	bm_outside_approval a = {0};
	const char *date;
	bm_decision d;
	int rc;

	*out = false;
	a.legacy_given = json_object_get(params, legacy) != NULL;
	a.given = rec && !json_is_null(rec);
	a.is_record = json_is_object(rec);
	a.by = a.is_record && record_text(rec, "by");
	a.document = a.is_record && record_text(rec, "document");
	a.date_given = a.is_record && record_text(rec, "date");
	date = a.date_given ? json_string_value(json_object_get(rec, "date")) : NULL;
	a.date_valid = date && bm_date_parse(date, &a.date);
	if (!bm_rules_outside_approval(&d, form, key, legacy, &a, bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	if (!a.given)
		return 0;
	/* Length caps, as for every text stored (the record stays in the request's params). */
	if ((rc = bm_svc_check_text(json_string_value(json_object_get(rec, "by")), "批准人", "by",
	                            MAX_PARAM_TEXT, true)) != 0 ||
	    (rc = bm_svc_check_text(json_string_value(json_object_get(rec, "document")), "批准文号",
	                            "document", MAX_PARAM_TEXT, true)) != 0)
		return bm_svc_field_rule(rc, form, key);
	*out = true;
	return 0;
}

/* ---- deciding whether a request may be filed --------------------------------------------- */

/* What evaluating one request gives: the chain, the level, the rule. */
typedef struct req_eval {
	bm_role_list chain;
	bm_level level;
	const char *rule;
	bool have_rule;
} req_eval;

/* Folds one allowed decision into the evaluation. */
static void take(req_eval *ev, const bm_decision *d, bm_level level)
{
	merge_chain(&ev->chain, d->approvers, d->n_approvers);
	if (level > ev->level)
		ev->level = level;
	/*
	 * The rule that requires the approval: the first decision's, unless a
	 * later one adds the outside-reader chain (BORROW-5). An alert's rule
	 * (PERSON-6 …) is a flag, not the reason for the approval.
	 */
	if (d->alert || !d->rule || !*d->rule)
		return;
	if (!ev->have_rule || strcmp(d->rule, bm_op_rule(BM_OP_OUTSIDE_READER)) == 0) {
		ev->rule = d->rule;
		ev->have_rule = true;
	}
}

/* BORROW-5: the reader of an outside-reader request, as facts. */
static int outside_reader_facts(bm_ctx *ctx, json_t *params, bm_actor *out)
{
	const char *reader, *organisation;
	bool letter;
	bm_person *p;
	int rc;

	if ((rc = param_text(params, "reader", true, BM_FORM_OUTSIDE_READER, &reader)) != 0 ||
	    (rc = param_text(params, "organisation", false, BM_FORM_OUTSIDE_READER,
	                     &organisation)) != 0 ||
	    (rc = param_bool(params, "introduction_letter", &letter)) != 0)
		return rc;
	if (!organisation) {
		/* Somebody of this unit, outside the scope: their own facts. */
		if ((rc = bm_svc_person_resolve(ctx, reader, &p)) != 0)
			return rc;
		if ((rc = bm_svc_actor_facts(ctx, p, out)) != 0)
			return rc;
		json_object_set_new(params, "reader_id", json_integer(p->id));
		return 0;
	}
	/*
	 * BORROW-5: a reader from another unit. The letter of introduction
	 * (介绍信) stands for their vetting and commitment: without it the rule
	 * refuses; with it the reader counts as cleared for what the letter
	 * covers, and the leader's approval decides.
	 */
	bm_actor_init(out);
	out->id = 0;
	out->external = true;
	out->introduction_letter = letter;
	out->person_class = BM_CLASS_CORE;
	out->commitment_on = bm_svc_today_days(ctx);
	out->last_training = out->commitment_on;
	return 0;
}

/* CARRY-1/2/3, BORROW-3: a take-out request and its trip. */
static int eval_take_out(bm_decision *d, bm_ctx *ctx, json_t *params, const bm_actor *me,
                         const bm_item *item, int32_t today)
{
	bm_trip trip = {0};
	const char *purpose, *destination;
	int rc;

	if ((rc = param_text(params, "purpose", false, BM_FORM_TAKE_OUT, &purpose)) != 0 ||
	    (rc = param_text(params, "destination", false, BM_FORM_TAKE_OUT, &destination)) != 0 ||
	    (rc = param_date(params, "return_date", false, BM_FORM_TAKE_OUT, &trip.return_date)) !=
	            0 ||
	    (rc = param_bool(params, "abroad", &trip.abroad)) != 0 ||
	    (rc = param_bool(params, "public_place", &trip.public_place)) != 0 ||
	    (rc = param_approval(ctx, params, "higher_approval", "higher_approved",
	                         BM_FORM_TAKE_OUT, &trip.higher_approved)) != 0)
		return rc;
	trip.purpose_given = purpose != NULL;
	trip.destination_given = destination != NULL;
	if (!bm_rules_take_out(d, &ctx->policy, me, item, &trip, today))
		return bm_decision_error(d);
	return 0;
}

/*
 * CIRC-1/PERSON-7: every person added must be allowed to see the level
 * (each decision folded into `ev`), no department twice; `d` ends with the
 * policy's widen_scope chain.
 */
static int eval_widen(bm_decision *d, req_eval *ev, bm_ctx *ctx, json_t *params,
                      const bm_item *item, int32_t today)
{
	json_t *people = json_object_get(params, "add_person_ids");
	json_t *depts = json_object_get(params, "add_department_ids");
	size_t n_depts = json_array_size(depts);
	int64_t *dept_ids;
	int rc;

	for (size_t i = 0; i < json_array_size(people); i++) {
		bm_person *who;
		bm_actor facts;
		if ((rc = BM_STORE(ctx->store, person_get)(
		             ctx->store, ctx->arena, json_integer_value(json_array_get(people, i)),
		             &who)) != 0 ||
		    (rc = bm_svc_actor_facts(ctx, who, &facts)) != 0)
			return rc;
		if (!bm_rules_add_to_scope(d, &ctx->policy, item, &facts, today))
			return bm_decision_error(d);
		take(ev, d, item->level);
	}
	if (!(dept_ids = bm_arena_alloc(ctx->arena, (n_depts + 1) * sizeof(*dept_ids))))
		return bm_error_nomem();
	for (size_t i = 0; i < n_depts; i++)
		dept_ids[i] = json_integer_value(json_array_get(depts, i));
	if (!bm_rules_widen_scope(d, &ctx->policy, item, dept_ids, n_depts))
		return bm_decision_error(d);
	return 0;
}

/*
 * DESTROY-1/3/4 at request time; the witnesses (DESTROY-2) are named when
 * the destruction is carried out.
 */
static int eval_destroy(bm_decision *d, bm_ctx *ctx, json_t *params, const bm_actor *me,
                        const bm_item *item, int32_t today)
{
	const char *method;
	int method_code = BM_DESTROY_CENTRE;
	int rc;

	if ((rc = param_text(params, "method", false, BM_FORM_DESTROY, &method)) != 0)
		return rc;
	if (method && (rc = bm_svc_term(BM_TERM_REQUEST_METHOD, method, &method_code)) != 0)
		return rc;
	if (!bm_rules_destroy_request(d, &ctx->policy, me, item, method_code, today))
		return bm_decision_error(d);
	return 0;
}

/* LEVEL-4/9/10: a proposal to change the level; `*level` becomes the higher of the two. */
static int eval_level_change(bm_decision *d, bm_level *level, bm_ctx *ctx, json_t *params,
                             const bm_actor *me, const bm_carrier *c, int32_t today)
{
	bm_level to = BM_LEVEL_PUBLIC;
	const char *basis;
	int rc;

	if ((rc = param_level(params, "to_level", BM_FORM_LEVEL_CHANGE, &to)) != 0 ||
	    (rc = param_text(params, "basis", true, BM_FORM_LEVEL_CHANGE, &basis)) != 0)
		return rc;
	/* DEV-2: nobody asks to lower a medium's level; LEVEL-4/10: the handler proposes
	 * within their clearance, the authority decides. */
	if (!bm_rules_medium_level(d, c->kind, c->id, c->level, to) ||
	    !bm_rules_medium_electronic(d, &ctx->policy, c->kind, to) ||
	    !bm_rules_level_proposal(d, &ctx->policy, me, c->level, to, today))
		return bm_decision_error(d);
	*level = to > c->level ? to : c->level;
	return 0;
}

/* COPY-1/2/4, BORROW-4: a copy or extract request and its number of copies. */
static int eval_copy(bm_decision *d, bm_ctx *ctx, bm_op op, json_t *params, const bm_actor *me,
                     const bm_item *item, int32_t today)
{
	bool originator;
	long copies;
	int rc;

	if ((rc = param_approval(ctx, params, "originator_approval", "originator_approved",
	                         op == BM_OP_COPY ? BM_FORM_COPY : BM_FORM_EXTRACT, &originator)) !=
	            0 ||
	    (rc = param_int(params, "copies", 1, MAX_COPIES, 1,
	                    op == BM_OP_COPY ? BM_FORM_COPY : BM_FORM_EXTRACT, &copies)) != 0)
		return rc;
	if (!bm_rules_copy(d, &ctx->policy, me, item, today, op == BM_OP_EXTRACT, originator))
		return bm_decision_error(d);
	return 0;
}

/* FOREIGN-1: providing to a named foreign recipient. */
static int eval_foreign(bm_decision *d, bm_ctx *ctx, json_t *params, const bm_actor *me,
                        const bm_item *item, int32_t today)
{
	bool higher;
	const char *recipient;
	int rc;

	if ((rc = param_text(params, "recipient", true, BM_FORM_FOREIGN, &recipient)) != 0 ||
	    (rc = param_approval(ctx, params, "higher_approval", "higher_approved", BM_FORM_FOREIGN,
	                         &higher)) != 0)
		return rc;
	if (!bm_rules_foreign(d, &ctx->policy, me, item, higher, today))
		return bm_decision_error(d);
	return 0;
}

/* Evaluates one carrier of a request under the operation's rule. */
static int eval_item(bm_ctx *ctx, bm_op op, json_t *params, const bm_actor *me,
                     const bm_actor *reader, const bm_carrier *c, req_eval *ev)
{
	int32_t today = bm_svc_today_days(ctx);
	const bm_policy *p = &ctx->policy;
	bm_decision d;
	bm_item item;
	bm_level level = c->level;
	int rc;

	if ((rc = bm_svc_item_facts(ctx, c, &item)) != 0)
		return rc;
	switch (op) {
	case BM_OP_BORROW: {
		bool take_away;
		if ((rc = param_bool(params, "take_away", &take_away)) != 0)
			return rc;
		/* BORROW-1..5 */
		if (!bm_rules_borrow(&d, p, me, &item, today, take_away))
			return bm_decision_error(&d);
		break;
	}
	case BM_OP_READ:
		/* BORROW-1/5, CIRC-4 */
		if (!bm_rules_read(&d, p, me, &item, today))
			return bm_decision_error(&d);
		break;
	case BM_OP_OUTSIDE_READER:
		/* BORROW-5: the outside reader reads on site, with the leader's approval. */
		if (!bm_rules_read(&d, p, reader, &item, today))
			return bm_decision_error(&d);
		break;
	case BM_OP_COPY:
	case BM_OP_EXTRACT:
		/* COPY-1/2/4, BORROW-4 */
		if ((rc = eval_copy(&d, ctx, op, params, me, &item, today)) != 0)
			return rc;
		break;
	case BM_OP_TAKE_OUT:
		/* CARRY-1/2/3, BORROW-3 */
		if ((rc = eval_take_out(&d, ctx, params, me, &item, today)) != 0)
			return rc;
		break;
	case BM_OP_WIDEN_SCOPE:
		/* CIRC-1/PERSON-7 */
		if ((rc = eval_widen(&d, ev, ctx, params, &item, today)) != 0)
			return rc;
		break;
	case BM_OP_DESTROY:
		/* DESTROY-1/3/4 */
		if ((rc = eval_destroy(&d, ctx, params, me, &item, today)) != 0)
			return rc;
		break;
	case BM_OP_LEVEL_CHANGE:
		/* LEVEL-4/9/10 */
		if ((rc = eval_level_change(&d, &level, ctx, params, me, c, today)) != 0)
			return rc;
		break;
	case BM_OP_FOREIGN:
		/* FOREIGN-1 */
		if ((rc = eval_foreign(&d, ctx, params, me, &item, today)) != 0)
			return rc;
		break;
	default:
		return bm_error_set(BM_EINVALID, "invalid_op", NULL, "该操作不针对载体",
		                    "this operation does not name carriers");
	}
	take(ev, &d, level);
	return 0;
}

/*
 * LEVEL-2/3/8: the period the classification authority decides for a make
 * request at `level` is valid; when none is given the request records the
 * level's maximum, so that the approved request states the period made.
 */
static int eval_make_period(bm_ctx *ctx, json_t *params, bm_level level)
{
	json_t *v = json_object_get(params, "period");
	const char *period = NULL, *event = NULL, *review = NULL;
	char num[32];
	bm_period pr;
	bm_decision d;
	int rc;

	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		period = num;
	} else if ((rc = param_text(params, "period", false, BM_FORM_MAKE, &period)) != 0) {
		return rc;
	}
	if ((rc = param_text(params, "period_event", false, BM_FORM_MAKE, &event)) != 0 ||
	    (rc = param_text(params, "review_date", false, BM_FORM_MAKE, &review)) != 0)
		return rc;
	if (!bm_rules_period_from_text(&d, level, period, event, review, &pr))
		return bm_decision_error(&d);
	if (pr.kind == BM_PERIOD_NONE && bm_level_is_classified(level)) {
		if (!bm_rules_period(&d, &ctx->policy, level, bm_svc_today_days(ctx), &pr))
			return bm_decision_error(&d);
		if (pr.kind == BM_PERIOD_YEARS) {
			snprintf(num, sizeof(num), "%d", pr.years);
			json_object_set_new(params, "period", json_string(num));
		}
	}
	return 0;
}

/*
 * LEVEL-4/9: making a classified carrier is a classification decision. The
 * request names the classification authority ("classifier", a person ref)
 * and the catalogue entry followed ("basis"); the person resolved is kept
 * in the params as "classifier_id", which the execution records.
 */
static int eval_make_classifier(bm_ctx *ctx, json_t *params, bm_level level)
{
	json_t *v = json_object_get(params, "classifier");
	const char *ref = NULL, *basis;
	char num[32];
	bm_person *p;
	bm_actor who;
	bm_decision d;
	int rc;

	/* Only the person resolved here is recorded; an id written by the requester is not. */
	json_object_del(params, "classifier_id");
	if (json_is_integer(v)) {
		snprintf(num, sizeof(num), "%lld", (long long)json_integer_value(v));
		ref = num;
	} else if ((rc = param_text(params, "classifier", false, BM_FORM_MAKE, &ref)) != 0) {
		return rc;
	}
	if ((rc = param_text(params, "basis", false, BM_FORM_MAKE, &basis)) != 0)
		return rc;
	if (!bm_rules_make_classification(&d, level, ref != NULL, basis != NULL))
		return bm_decision_error(&d);
	if (!ref)
		return eval_make_period(ctx, params, level);
	if ((rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, ref, &p), BM_FORM_MAKE,
	                            "classifier")) != 0 ||
	    (rc = bm_svc_actor_facts(ctx, p, &who)) != 0)
		return rc;
	/* LEVEL-4/10: a classification authority of this level, cleared for it. */
	if (level > BM_LEVEL_PUBLIC &&
	    !bm_rules_level_change(&d, &ctx->policy, &who, BM_LEVEL_PUBLIC, level,
	                           bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	json_object_set_new(params, "classifier_id", json_integer(p->id));
	return eval_make_period(ctx, params, level);
}

/* MAKE-1: a request to make a new carrier names no carrier but its level and copies. */
static int eval_make(bm_ctx *ctx, json_t *params, const bm_actor *me, req_eval *ev)
{
	bm_level level = BM_LEVEL_PUBLIC;
	long copies;
	const char *title, *doc, *scope;
	bm_decision d;
	int rc;
	if ((rc = param_text(params, "title", true, BM_FORM_MAKE, &title)) != 0 ||
	    (rc = param_level(params, "level", BM_FORM_MAKE, &level)) != 0 ||
	    (rc = param_int(params, "copies", 1, MAX_COPIES, 0, BM_FORM_MAKE, &copies)) != 0 ||
	    (rc = param_text(params, "doc_number", false, BM_FORM_MAKE, &doc)) != 0 ||
	    (rc = param_text(params, "scope", false, BM_FORM_MAKE, &scope)) != 0)
		return rc;
	if (!bm_rules_make_scope_named(&d, level, scope != NULL) ||
	    !bm_rules_make(&d, &ctx->policy, me, level, (int)copies, bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	/* PERSON-1/2/3/7: the distribution scope names nobody who may not see the level. */
	if (scope && (rc = bm_carrier_scope_check(ctx, scope, level)) != 0)
		return rc;
	/* LEVEL-4/9: who classifies it, and on what basis. */
	if ((rc = eval_make_classifier(ctx, params, level)) != 0)
		return rc;
	take(ev, &d, level);
	ev->rule = bm_op_rule(BM_OP_MAKE);
	return 0;
}

/*
 * DEV-6: a request to scrap names one device of the unit (params device_id)
 * and the destruction method; the chain is approver.scrap's for its level.
 */
static int eval_scrap(bm_ctx *ctx, json_t *params, req_eval *ev)
{
	json_t *v = json_object_get(params, "device_id");
	int64_t id = 0;
	int method_code = BM_DESTROY_CENTRE;
	const char *method;
	bm_device *dev = NULL;
	bm_decision d;
	int rc;

	if (json_is_integer(v))
		id = (int64_t)json_integer_value(v);
	else if (json_is_string(v))
		id = strtoll(json_string_value(v), NULL, 10);
	if (id > 0 &&
	    (rc = BM_STORE(ctx->store, device_get)(ctx->store, ctx->arena, id, &dev)) != 0 &&
	    rc != BM_ENOTFOUND)
		return rc;
	if (!bm_rules_device_found(&d, id, dev && dev->unit_id == ctx->unit->id))
		return bm_decision_error(&d);
	bm_error_clear();
	if ((rc = param_text(params, "method", false, BM_FORM_DESTROY, &method)) != 0)
		return rc;
	if (method && (rc = bm_svc_term(BM_TERM_REQUEST_METHOD, method, &method_code)) != 0)
		return rc;
	if (!bm_rules_device_scrap_request(&d, &ctx->policy, dev->kind, dev->status, dev->level,
	                                   method_code))
		return bm_decision_error(&d);
	json_object_set_new(params, "device_id", json_integer(id));
	take(ev, &d, dev->level);
	ev->rule = bm_op_rule(BM_OP_SCRAP);
	return 0;
}

/* CIRC-1: resolves the people and departments to add into ids kept in the params. */
static int resolve_widen(bm_ctx *ctx, json_t *params)
{
	const char *text;
	char **items;
	size_t n;
	json_t *people = json_array(), *depts = json_array();
	int rc;

	if ((rc = param_text(params, "add", true, BM_FORM_WIDEN, &text)) != 0 ||
	    (rc = bm_svc_split_list(ctx, text, &items, &n)) != 0)
		goto done;
	for (size_t i = 0; i < n; i++) {
		bm_person *p;
		bm_department *d;
		if (strncmp(items[i], "dept:", 5) == 0 &&
		    bm_svc_department_resolve(ctx, items[i] + 5, &d) == 0) {
			json_array_append_new(depts, json_integer(d->id));
		} else if (bm_svc_person_resolve(ctx,
		                                 strncmp(items[i], "person:", 7) == 0 ? items[i] + 7
		                                                                      : items[i],
		                                 &p) == 0) {
			json_array_append_new(people, json_integer(p->id));
		} else if (bm_svc_department_resolve(ctx, items[i], &d) == 0) {
			json_array_append_new(depts, json_integer(d->id));
		} else {
			bm_decision dec;
			bm_rules_scope_entries(&dec, BM_SCOPE_WIDEN, true, items[i]);
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	bm_error_clear();
	if (json_array_size(people) + json_array_size(depts) == 0) {
		rc = bad_param(BM_FORM_WIDEN, "add", BM_PARAM_MISSING, 0, 0);
		goto done;
	}
	json_object_set(params, "add_person_ids", people);
	json_object_set(params, "add_department_ids", depts);
done:
	json_decref(people);
	json_decref(depts);
	return rc;
}

/*
 * Checks what a request needs no database for — a known operation, the
 * reason, the params as a JSON object, the carriers named (none for MAKE-1),
 * not too many, none twice — and writes the operation and the params
 * (`*params_out`: a new reference) on success.
 */
static int check_request_input(bm_op *op_out, json_t **params_out, const bm_request_input *in)
{
	json_t *params = NULL;
	int rc, op;
	bm_decision d;

	if (!in->op || (op = bm_op_parse(in->op)) < 0)
		return bm_error_set(
		        BM_EINVALID, "invalid_op", NULL,
		        "未知申请事项 '%s'（借阅、查阅、复制、摘录、携带外出、制作、扩大知悉范围、"
		        "销毁、密级变更、对外提供、范围外人员查阅、设备报废、信息公开发布）",
		        "unknown operation '%s' (borrow, read, copy, extract, take_out, make, "
		        "widen_scope, destroy, level_change, foreign, outside_reader, scrap, "
		        "publish)",
		        in->op ? in->op : "");
	if ((rc = bm_svc_check_text(in->reason, "申请事由", "reason", MAX_REASON, true)) != 0)
		return rc;
	/* The carriers: none for MAKE-1, otherwise some, never too many, none twice. */
	if (!bm_rules_request_carriers(&d, (bm_op)op, in->n_carriers))
		return bm_decision_error(&d);
	if (in->n_carriers > MAX_CARRIERS)
		return bm_error_set(BM_ETOOLARGE, "too_many_carriers", NULL,
		                    "一次申请最多 %d 件载体", "at most %d carriers per request",
		                    MAX_CARRIERS);
	for (size_t i = 0; i < in->n_carriers; i++)
		for (size_t j = 0; j < i; j++)
			if (in->carrier_ids[j] == in->carrier_ids[i])
				return bm_error_set(BM_EINVALID, "duplicate_carrier", NULL,
				                    "载体 %lld 重复", "carrier %lld is named twice",
				                    (long long)in->carrier_ids[i]);
	/* Last: nothing after it fails, so `params` needs no release on the way out. */
	if (in->params && *in->params) {
		json_error_t jerr;
		if (!bm_utf8_valid(in->params, strlen(in->params)) ||
		    !(params = json_loads(in->params, JSON_REJECT_DUPLICATES, &jerr)) ||
		    !json_is_object(params)) {
			json_decref(params);
			return bm_error_set(BM_EINVALID, "invalid_params", NULL,
			                    "申请参数应为 JSON 对象",
			                    "the request parameters must be a JSON object");
		}
	} else {
		params = json_object();
	}
	*op_out = (bm_op)op;
	*params_out = params;
	return 0;
}

/*
 * Asks the operation's rule about every carrier (each visible to the
 * requester, SYS-2), folding the decisions into `ev`.
 */
static int decide_request(req_eval *ev, bm_ctx *ctx, bm_op op, json_t *params,
                          const bm_request_input *in)
{
	bm_actor me, reader;
	int rc;

	if ((rc = bm_svc_actor_facts(ctx, ctx->actor, &me)) != 0)
		return rc;
	if (op == BM_OP_OUTSIDE_READER && (rc = outside_reader_facts(ctx, params, &reader)) != 0)
		return rc;
	if (op == BM_OP_WIDEN_SCOPE && (rc = resolve_widen(ctx, params)) != 0)
		return rc;
	if (op == BM_OP_MAKE && (rc = eval_make(ctx, params, &me, ev)) != 0)
		return rc;
	if (op == BM_OP_SCRAP && (rc = eval_scrap(ctx, params, ev)) != 0)
		return rc;
	/* PUB-1/PUB-2: a publication decides on its params and the markings attached. */
	if (op == BM_OP_PUBLISH) {
		bm_decision d;
		if ((rc = bm_pub_evaluate(ctx, params, in->carrier_ids, in->n_carriers, &d)) != 0)
			return rc;
		take(ev, &d, BM_LEVEL_PUBLIC);
		ev->rule = bm_op_rule(BM_OP_PUBLISH);
		ev->have_rule = true;
		return 0;
	}
	for (size_t i = 0; i < in->n_carriers; i++) {
		bm_carrier *c;
		if ((rc = bm_svc_carrier_visible(ctx, in->carrier_ids[i], &c)) != 0 ||
		    (rc = eval_item(ctx, op, params, &me, &reader, c, ev)) != 0)
			return rc;
	}
	return 0;
}

/* Writes the request as evaluated, and its first history line; `*out` is in the arena. */
static int write_request(bm_request_row **out, bm_ctx *ctx, bm_op op, json_t *params,
                         const bm_request_input *in, const req_eval *ev)
{
	bm_request_row *r;
	json_t *h;
	int rc;

	if (!(r = bm_arena_alloc(ctx->arena, sizeof(*r))))
		return bm_error_nomem();
	r->unit_id = ctx->unit->id;
	r->op = op;
	r->requester_id = ctx->actor->id;
	r->department_id = ctx->actor->department_id;
	r->level = ev->level;
	r->reason = in->reason;
	r->params = bm_svc_json(ctx, json_incref(params));
	r->chain = bm_svc_json(ctx, chain_json(&ev->chain));
	r->rule = ev->have_rule ? ev->rule : bm_op_rule(op);
	r->created_at = r->updated_at = bm_svc_now_iso(ctx);
	r->carrier_ids = (int64_t *)in->carrier_ids;
	r->n_carriers = in->n_carriers;
	r->requester_name = ctx->actor->name;
	/* An empty chain: the policy asks no approval, the request is approved at once. */
	r->status = ev->chain.n == 0 ? "approved" : "pending";
	if (ev->chain.n == 0)
		r->decided_at = r->created_at;
	if (!r->params || !r->chain || !r->created_at)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, request_insert)(ctx->store, r)) != 0)
		return rc;
	h = json_object();
	json_object_set_new(h, "status", json_string(r->status));
	json_object_set_new(h, "chain", chain_json(&ev->chain));
	if ((rc = history_all(ctx, r, "request", h)) != 0)
		return rc;
	*out = r;
	return 0;
}

int bm_svc_request_create(bm_ctx *ctx, const bm_request_input *in, bm_request_row **out)
{
	bm_request_row *r = NULL;
	json_t *params = NULL, *detail = json_object(), *ids = json_array();
	req_eval ev;
	bm_op op = BM_OP_BORROW;
	int rc;

	memset(&ev, 0, sizeof(ev));
	if (in->op)
		json_object_set_new(detail, "op", json_string(in->op));
	for (size_t i = 0; i < in->n_carriers && i < MAX_CARRIERS; i++)
		json_array_append_new(ids, json_integer(in->carrier_ids[i]));
	json_object_set(detail, "carrier_ids", ids);
	/* Checks that need no database come before the transaction. */
	if ((rc = bm_svc_require_business(ctx)) != 0 ||
	    (rc = check_request_input(&op, &params, in)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(params);
		json_decref(ids);
		json_decref(detail);
		return rc;
	}
	if ((rc = decide_request(&ev, ctx, op, params, in)) != 0 ||
	    (rc = write_request(&r, ctx, op, params, in, &ev)) != 0)
		goto done;
	json_object_set_new(detail, "request_id", json_integer(r->id));
	json_object_set_new(detail, "status", json_string(r->status));
	json_object_set_new(detail, "level", json_string(bm_level_names[r->level].code));
	json_object_set_new(detail, "chain", chain_json(&ev.chain));
	json_object_set_new(detail, "rule", json_string(r->rule));
	*out = r;
done:
	json_decref(params);
	json_decref(ids);
	return bm_svc_end(ctx, rc, "request.create", request_object(ctx, r ? r->id : 0),
	                  bm_svc_json(ctx, detail));
}

/* ---- deciding ------------------------------------------------------------------------ */

/* Loads a request of this unit. */
static int load_request(bm_ctx *ctx, int64_t id, bm_request_row **out)
{
	int rc = BM_STORE(ctx->store, request_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && (*out)->unit_id != ctx->unit->id)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_request", NULL, "申请 %lld 不存在",
		                  "request %lld does not exist", (long long)id);
	return rc;
}

/* The date a request was filed, as a local date. */
static int32_t filed_on(const bm_ctx *ctx, const bm_request_row *r)
{
	int64_t t;
	if (!r->created_at || !bm_time_parse(r->created_at, &t))
		return BM_DATE_NONE;
	return bm_time_local_date(t, ctx->policy.tz_offset_minutes);
}

/*
 * Asks the policy whether `who` may take the next step of `r`, under the
 * chain stored with the request. `approvals` are the request's approval
 * rows, oldest first.
 */
static int may_approve(bm_ctx *ctx, const bm_request_row *r, const bm_approval_row *approvals,
                       size_t n_approvals, const bm_person *who, bm_decision *d)
{
	bm_role_list chain;
	bm_request req = {0};
	bm_actor facts;
	int64_t *by;
	int rc;

	if ((rc = bm_req_chain(r, &chain)) != 0 || (rc = bm_svc_actor_facts(ctx, who, &facts)) != 0)
		return rc;
	if (!(by = bm_arena_alloc(ctx->arena, (n_approvals + 1) * sizeof(*by))))
		return bm_error_nomem();
	for (size_t i = 0; i < n_approvals; i++)
		by[i] = approvals[i].approver_id;
	req.op = r->op;
	req.level = r->level;
	req.requester_id = r->requester_id;
	req.department_id = r->department_id;
	req.requested_on = filed_on(ctx, r);
	req.approved_by = by;
	req.n_approved = r->step;
	bm_rules_approve_chain(d, &ctx->policy, &req, &chain, &facts, bm_svc_today_days(ctx));
	return 0;
}

/*
 * Loads request `id` and decides whether the actor may take its next step:
 * a comment given (issue 3), the request pending, the policy's decision
 * under the stored chain (`*chain`) in `*d`.
 */
static int load_decision(bm_request_row **out, bm_role_list *chain, bm_decision *d, bm_ctx *ctx,
                         int64_t id, const char *comment)
{
	bm_request_row *r;
	bm_approval_row *approvals = NULL;
	size_t n_approvals = 0;
	int rc;

	if ((rc = load_request(ctx, id, &r)) != 0)
		return rc;
	*out = r;
	/* Every decision carries a comment (issue 3). */
	if ((rc = bm_svc_check_text(comment, "审批意见", "comment", MAX_COMMENT, true)) != 0) {
		bm_error e;
		bm_error_save(&e);
		snprintf(e.rule, sizeof(e.rule), "%s", r->rule ? r->rule : "");
		bm_error_restore(&e);
		return rc;
	}
	if (strcmp(r->status, "pending") != 0)
		return bm_error_set(
		        BM_ECONFLICT, "not_pending", r->rule, "申请 %lld 当前状态为 %s，不能审批",
		        "request %lld is %s and cannot be decided", (long long)id, r->status);
	if ((rc = BM_STORE(ctx->store, approval_list)(ctx->store, ctx->arena, r->id, &approvals,
	                                              &n_approvals)) != 0 ||
	    (rc = bm_req_chain(r, chain)) != 0)
		return rc;
	return may_approve(ctx, r, approvals, n_approvals, ctx->actor, d);
}

/* Writes the approval of the current step and moves the request on; fills `detail`. */
static int write_decision(bm_ctx *ctx, bm_request_row *r, const bm_role_list *chain, bool approve,
                          const char *comment, json_t *detail)
{
	bm_approval_row ap = {0};
	json_t *h;
	int rc;

	ap.request_id = r->id;
	ap.step = r->step;
	ap.role = chain->roles[r->step];
	ap.approver_id = ctx->actor->id;
	ap.approved = approve;
	ap.comment = comment;
	ap.at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, approval_insert)(ctx->store, &ap)) != 0)
		return rc;
	r->updated_at = ap.at;
	if (!approve) {
		r->status = "rejected";
		r->decided_at = ap.at;
	} else if (++r->step >= chain->n) {
		r->status = "approved";
		r->decided_at = ap.at;
	}
	if ((rc = BM_STORE(ctx->store, request_update)(ctx->store, r)) != 0)
		return rc;
	h = json_object();
	json_object_set_new(h, "step", json_integer(ap.step + 1));
	json_object_set_new(h, "role", json_string(bm_role_names[ap.role].code));
	json_object_set_new(h, "status", json_string(r->status));
	json_object_set_new(h, "comment", json_string(comment));
	if ((rc = history_all(ctx, r, approve ? "approve" : "reject", h)) != 0)
		return rc;
	json_object_set_new(detail, "step", json_integer(ap.step + 1));
	json_object_set_new(detail, "role", json_string(bm_role_names[ap.role].code));
	json_object_set_new(detail, "status", json_string(r->status));
	json_object_set_new(detail, "comment", json_string(comment));
	return 0;
}

/*
 * approval.max_pending_days: the lapse itself is kept (status expired, its
 * own audit event), then the decision `rc` is refused and audited as such.
 */
static int end_expired(bm_ctx *ctx, bm_request_row *r, int rc, const char *action, int64_t id,
                       json_t *detail)
{
	bm_error refusal;
	json_t *x = json_object();
	int xrc;

	bm_error_save(&refusal);
	r->status = "expired";
	r->updated_at = bm_svc_now_iso(ctx);
	json_object_set_new(x, "request_id", json_integer(r->id));
	json_object_set_new(x, "max_pending_days",
	                    json_integer(ctx->policy.approval_max_pending_days));
	xrc = BM_STORE(ctx->store, request_update)(ctx->store, r);
	if (xrc == 0)
		xrc = history_all(ctx, r, "expire", json_incref(x));
	xrc = bm_svc_end(ctx, xrc, "request.expire", request_object(ctx, r->id),
	                 bm_svc_json(ctx, x));
	bm_error_restore(&refusal);
	if (xrc == 0 && (xrc = bm_svc_begin(ctx)) == 0)
		return bm_svc_end(ctx, rc, action, request_object(ctx, id),
		                  bm_svc_json(ctx, detail));
	json_decref(detail);
	return xrc ? xrc : rc;
}

int bm_svc_request_decide(bm_ctx *ctx, int64_t id, bool approve, const char *comment)
{
	bm_request_row *r = NULL;
	bm_role_list chain;
	bm_decision d;
	json_t *detail = json_object();
	const char *action = approve ? "request.approve" : "request.reject";
	int rc;

	json_object_set_new(detail, "request_id", json_integer(id));
	json_object_set_new(detail, "decision", json_string(approve ? "approved" : "rejected"));
	/* SYS-1 needs no database: checked before the transaction. */
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = load_decision(&r, &chain, &d, ctx, id, comment)) != 0)
		goto done;
	if (!d.allowed) {
		rc = bm_decision_error(&d);
		/* approval.max_pending_days: a request left too long lapses for good. */
		if (strcmp(d.code, "request_expired") == 0)
			return end_expired(ctx, r, rc, action, id, detail);
		goto done;
	}
	/* PUB-1: a publication is reviewed for secrets before it is approved. */
	if (approve && r->op == BM_OP_PUBLISH && (rc = bm_pub_approve_check(ctx, r)) != 0)
		goto done;
	rc = write_decision(ctx, r, &chain, approve, comment, detail);
done:
	return bm_svc_end(ctx, rc, action, request_object(ctx, id), bm_svc_json(ctx, detail));
}

int bm_svc_request_withdraw(bm_ctx *ctx, int64_t id, const char *comment)
{
	bm_request_row *r = NULL;
	json_t *detail = json_object(), *params = NULL;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_business(ctx)) != 0 || (rc = load_request(ctx, id, &r)) != 0)
		goto done;
	/* Only the requester withdraws; to anybody else the request is simply not theirs. */
	if (r->requester_id != ctx->actor->id) {
		rc = bm_error_set(BM_EDENIED, "not_requester", r->rule, "只有申请人可以撤回申请",
		                  "only the requester may withdraw a request");
		goto done;
	}
	if ((rc = bm_svc_check_text(comment, "撤回说明", "comment", MAX_COMMENT, true)) != 0)
		goto done;
	if (strcmp(r->status, "pending") != 0 && strcmp(r->status, "approved") != 0) {
		rc = bm_error_set(BM_ECONFLICT, "not_withdrawable", r->rule,
		                  "申请 %lld 当前状态为 %s，不能撤回",
		                  "request %lld is %s and cannot be withdrawn", (long long)id,
		                  r->status);
		goto done;
	}
	params = json_loads(r->params ? r->params : "{}", 0, NULL);
	if (!json_is_object(params)) {
		json_decref(params);
		params = json_object();
	}
	json_object_set_new(params, "withdraw_comment", json_string(comment));
	json_object_set_new(detail, "previous_status", json_string(r->status));
	r->params = bm_svc_json(ctx, json_incref(params));
	r->status = "withdrawn";
	r->updated_at = bm_svc_now_iso(ctx);
	if (!r->decided_at)
		r->decided_at = r->updated_at;
	if ((rc = BM_STORE(ctx->store, request_update)(ctx->store, r)) != 0)
		goto done;
	{
		json_t *h = json_object();
		json_object_set_new(h, "comment", json_string(comment));
		rc = history_all(ctx, r, "withdraw", h);
	}
	json_object_set_new(detail, "comment", json_string(comment));
done:
	json_decref(params);
	return bm_svc_end(ctx, rc, "request.withdraw", request_object(ctx, id),
	                  bm_svc_json(ctx, detail));
}

/* ---- reading ----------------------------------------------------------------------- */

/* Holds the role of any step of the chain, for the request's department or unit-wide. */
static bool in_chain(const bm_ctx *ctx, const bm_request_row *r, const bm_role_list *chain)
{
	for (int i = 0; i < chain->n; i++)
		for (size_t k = 0; k < ctx->actor->n_roles; k++)
			if (ctx->actor->roles[k].role == chain->roles[i] &&
			    (ctx->actor->roles[k].department_id == 0 ||
			     ctx->actor->roles[k].department_id == r->department_id))
				return true;
	return false;
}

bool bm_req_may_read(const bm_ctx *ctx, const bm_request_row *r)
{
	bm_role_list chain;
	if (r->requester_id == ctx->actor->id || bm_ctx_has_role(ctx, BM_ROLE_CLERK) ||
	    bm_pub_may_read(ctx, r))
		return true;
	if (bm_req_chain(r, &chain) != 0) {
		bm_error_clear();
		return false;
	}
	return in_chain(ctx, r, &chain);
}

int bm_svc_request_show(bm_ctx *ctx, int64_t id, bm_request_row **out, bm_approval_row **approvals,
                        size_t *n_approvals)
{
	bm_request_row *r = NULL;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_business(ctx)) != 0 || (rc = load_request(ctx, id, &r)) != 0)
		goto done;
	/* A request the actor may not read does not exist for them (as SYS-2 for carriers). */
	if (!bm_req_may_read(ctx, r)) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_request", NULL, "申请 %lld 不存在",
		                  "request %lld does not exist", (long long)id);
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, approval_list)(ctx->store, ctx->arena, r->id, approvals,
	                                              n_approvals)) != 0)
		goto done;
	*out = r;
done:
	return bm_svc_end(ctx, rc, "request.show", request_object(ctx, id), NULL);
}

/*
 * Issue 14 point 3: a listed request names its carriers by title, 文号 and
 * level, so that the approver (who need not be in a carrier's scope, and so
 * may not open it) sees what is asked. The list shows a caller only the
 * requests they filed, may decide, or keep the register of (clerk).
 */
static int list_carriers(bm_ctx *ctx, bm_request_row *rows, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const bm_carrier **cs;
		if (!rows[i].n_carriers)
			continue;
		if (!(cs = bm_arena_alloc(ctx->arena, rows[i].n_carriers * sizeof(*cs))))
			return bm_error_nomem();
		for (size_t k = 0; k < rows[i].n_carriers; k++) {
			bm_carrier *c = NULL;
			int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena,
			                                           rows[i].carrier_ids[k], &c);
			if (rc == BM_ENOTFOUND) {
				bm_error_clear();
				continue;
			}
			if (rc)
				return rc;
			cs[k] = c;
		}
		rows[i].carriers = cs;
	}
	return 0;
}

int bm_svc_request_list(bm_ctx *ctx, bool inbox, const bm_request_filter *f, bm_request_row **out,
                        size_t *count, int64_t *total)
{
	bm_request_filter q = {.op = -1, .limit = 100};
	bm_request_row *rows = NULL;
	size_t n = 0;
	int64_t all = 0;
	json_t *detail = json_object();
	int rc;

	if (f)
		q = *f;
	json_object_set_new(detail, "inbox", json_boolean(inbox));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	if (q.limit < 0 || q.limit > 1000 || q.offset < 0) {
		rc = bm_error_set(BM_EINVALID, "invalid_limit", NULL, "每页条数应在 1 到 1000 之间",
		                  "the page size must be between 1 and 1000");
		goto done;
	}
	if (q.limit == 0)
		q.limit = 100;
	if (inbox) {
		/* Pending requests whose next step the actor may take (bm_rules_approve says). */
		bm_request_filter pending = {.status = "pending", .op = q.op, .limit = 1000};
		bm_request_row *cand;
		size_t n_cand, kept = 0;
		int64_t skipped = 0;
		if ((rc = BM_STORE(ctx->store, request_list)(ctx->store, ctx->arena, &pending,
		                                             &cand, &n_cand, NULL)) != 0)
			goto done;
		if (!(rows = bm_arena_alloc(ctx->arena, (n_cand + 1) * sizeof(*rows)))) {
			rc = bm_error_nomem();
			goto done;
		}
		for (size_t i = 0; i < n_cand; i++) {
			bm_approval_row *aps;
			size_t n_aps;
			bm_decision d;
			if ((rc = BM_STORE(ctx->store, approval_list)(
			             ctx->store, ctx->arena, cand[i].id, &aps, &n_aps)) != 0 ||
			    (rc = may_approve(ctx, &cand[i], aps, n_aps, ctx->actor, &d)) != 0)
				goto done;
			if (!d.allowed)
				continue;
			all++;
			if (skipped < q.offset) {
				skipped++;
				continue;
			}
			if ((int)kept < q.limit)
				rows[kept++] = cand[i];
		}
		n = kept;
	} else {
		/*
		 * A clerk keeps the register of every request, a classification
		 * authority lists the level changes (LEVEL-4); others see their own.
		 */
		if (!bm_policy_request_list_all(bm_ctx_has_role(ctx, BM_ROLE_CLERK),
		                                bm_ctx_has_role(ctx, BM_ROLE_CLASSIFIER),
		                                q.op == BM_OP_LEVEL_CHANGE))
			q.requester_id = ctx->actor->id;
		if ((rc = BM_STORE(ctx->store, request_list)(ctx->store, ctx->arena, &q, &rows, &n,
		                                             &all)) != 0)
			goto done;
	}
	if ((rc = list_carriers(ctx, rows, n)) != 0)
		goto done;
	*out = rows;
	*count = n;
	if (total)
		*total = all;
	json_object_set_new(detail, "total", json_integer(all));
done:
	return bm_svc_end(ctx, rc, "request.list", "", bm_svc_json(ctx, detail));
}

/* ---- shared with the executions (service_int.h) ----------------------------------------- */

int bm_req_load_approved(bm_ctx *ctx, int64_t id, bm_op op, int64_t carrier_id,
                         bm_request_row **out)
{
	const char *rule = bm_op_rule(op);
	bm_request_row *r;
	bool found = carrier_id == 0;
	int rc;

	if ((rc = load_request(ctx, id, &r)) != 0)
		return rc;
	if (r->op != op) {
		char zh[256], en[256];
		snprintf(zh, sizeof(zh), "申请 %lld 是%s申请，不是%s申请", (long long)id,
		         bm_op_names[r->op].zh, bm_op_names[op].zh);
		snprintf(en, sizeof(en), "request %lld asks for %s, not %s", (long long)id,
		         bm_op_names[r->op].en, bm_op_names[op].en);
		return bm_error_set_msg(BM_EINVALID, "wrong_request_kind", rule, zh, en);
	}
	if (strcmp(r->status, "executed") == 0)
		return bm_error_set(BM_ECONFLICT, "already_executed", rule, "申请 %lld 已经办理",
		                    "request %lld has already been carried out", (long long)id);
	if (strcmp(r->status, "approved") != 0)
		return bm_error_set(BM_EDENIED, "not_approved", rule,
		                    "申请 %lld 当前状态为 %s，未经批准不得办理",
		                    "request %lld is %s; nothing is done without approval",
		                    (long long)id, r->status);
	for (size_t i = 0; i < r->n_carriers && !found; i++)
		found = r->carrier_ids[i] == carrier_id;
	if (!found)
		return bm_error_set(BM_EINVALID, "carrier_not_in_request", rule,
		                    "载体 %lld 不在申请 %lld 中",
		                    "carrier %lld is not part of request %lld",
		                    (long long)carrier_id, (long long)id);
	*out = r;
	return 0;
}

int bm_req_mark_executed(bm_ctx *ctx, bm_request_row *r)
{
	r->status = "executed";
	r->executed_at = r->updated_at = bm_svc_now_iso(ctx);
	if (!r->executed_at)
		return bm_error_nomem();
	return BM_STORE(ctx->store, request_update)(ctx->store, r);
}
