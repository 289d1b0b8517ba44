/*
 * records.c — executing approved requests at the clerk's desk: copies and
 * extracts (COPY-1..5, BORROW-4), making (MAKE-1..3), widening a scope
 * (CIRC-1) and destruction (DESTROY-1..4); plus the helpers the record
 * services share (records_int.h).
 *
 * Every use case runs in one bm_svc_begin/bm_svc_end frame: the request is
 * re-checked under the rules at execution, the carriers are changed, the
 * request is marked executed, and the whole is audited; a refusal rolls
 * everything back and is audited with its rule.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/custody.h"
#include "policy/execute.h"
#include "service/records_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* ---- shared helpers (records_int.h) ------------------------------------- */

int bm_rec_load_carrier(bm_ctx *ctx, int64_t id, bm_carrier **out)
{
	bm_carrier *c;
	bm_decision d;
	int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c);

	if (rc)
		return rc;
	if (!ctx->unit || c->unit_id != ctx->unit->id)
		return bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
		                    "carrier %lld does not exist", (long long)id);
	/* PERSON-1: nobody handles a carrier above their clearance. */
	if (!bm_rules_handle_level(&d, id, c->level, bm_svc_clearance(ctx->actor)))
		return bm_decision_error(&d);
	*out = c;
	return 0;
}

int bm_rec_params(const bm_request_row *r, json_t **out)
{
	json_t *p = json_loads(r->params && *r->params ? r->params : "{}", 0, NULL);
	if (!json_is_object(p)) {
		json_decref(p);
		return bm_error_set(BM_ECORRUPT, "corrupt_params", NULL, "申请 %lld 的参数无法解析",
		                    "the params of request %lld cannot be read", (long long)r->id);
	}
	*out = p;
	return 0;
}

const char *bm_rec_param_str(bm_ctx *ctx, json_t *params, const char *key)
{
	json_t *v = json_object_get(params, key);
	if (json_is_string(v))
		return bm_arena_strdup(ctx->arena, json_string_value(v));
	if (json_is_integer(v))
		return bm_arena_printf(ctx->arena, "%lld", (long long)json_integer_value(v));
	if (json_is_boolean(v))
		return json_is_true(v) ? "true" : "false";
	return NULL;
}

long bm_rec_param_int(json_t *params, const char *key, long fallback)
{
	json_t *v = json_object_get(params, key);
	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_string(v)) {
		char *end;
		long n = strtol(json_string_value(v), &end, 10);
		if (*json_string_value(v) && *end == '\0')
			return n;
	}
	return fallback;
}

void bm_rec_period_of(const bm_carrier *c, bm_period *out)
{
	memset(out, 0, sizeof(*out));
	out->kind = c->period_kind;
	out->years = c->period_years;
	out->until = BM_DATE_NONE;
	out->review = BM_DATE_NONE;
	if (c->period_until && !bm_date_parse(c->period_until, &out->until))
		out->until = BM_DATE_NONE;
	if (c->review_date && !bm_date_parse(c->review_date, &out->review))
		out->review = BM_DATE_NONE;
	out->event = c->period_event;
}

int bm_rec_open_loan(bm_ctx *ctx, int64_t carrier_id, bool *open)
{
	bm_loan_row *loan;
	int rc = BM_STORE(ctx->store, loan_current)(ctx->store, ctx->arena, carrier_id, &loan);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		*open = false;
		return 0;
	}
	if (rc == 0)
		*open = true;
	return rc;
}

const char *bm_rec_object(bm_ctx *ctx, const char *kind, int64_t id)
{
	return bm_arena_printf(ctx->arena, "%s:%lld", kind, (long long)id);
}

json_t *bm_rec_ids_json(const int64_t *ids, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(ids[i]));
	return a;
}

/* ---- copies and extracts (COPY-1..5, BORROW-4) -------------------------- */

/* The one source carrier of a copy or extract request (COPY-1/4). */
static int load_source(bm_ctx *ctx, const bm_request_row *r, bool extract, bm_carrier **out)
{
	bm_decision d;
	if (!bm_rules_one_source(&d, extract, r->n_carriers))
		return bm_decision_error(&d);
	return bm_rec_load_carrier(ctx, r->carrier_ids[0], out);
}

/*
 * COPY-1/2/4, BORROW-4: the request's rules again at execution, for its
 * requester: the source must still be in store, not lent to the requester,
 * within the requester's scope and clearance, and 绝密 copying allowed.
 */
static int recheck_copy(bm_ctx *ctx, const bm_request_row *r, const bm_carrier *src, bool extract,
                        json_t *params)
{
	bm_person *requester;
	bm_actor who;
	bm_item item;
	bm_decision d;
	int rc;

	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, r->requester_id,
	                                           &requester)) != 0 ||
	    (rc = bm_svc_actor_facts(ctx, requester, &who)) != 0 ||
	    (rc = bm_svc_item_facts(ctx, src, &item)) != 0)
		return rc;
	if (!bm_rules_copy(&d, &ctx->policy, &who, &item, bm_svc_today_days(ctx), extract,
	                   bm_req_outside_approval(params, "originator_approval")))
		return bm_decision_error(&d);
	return 0;
}

/* A new carrier derived from `src`: same level, period, scope, place (COPY-3/4). */
static void derive_from(bm_ctx *ctx, const bm_carrier *src, bool extract, bm_carrier *c)
{
	*c = *src;
	c->id = 0;
	c->origin = extract ? BM_ORIGIN_EXTRACT : BM_ORIGIN_COPY;
	c->copy_of = extract ? 0 : src->id;
	c->extract_of = extract ? src->id : 0;
	c->volume_id = 0;
	c->status = BM_STATUS_IN_STORE;
	c->original_level = src->level;
	/* LEVEL-7: a new carrier, whose level was never decided. */
	c->original_marking = c->original_marking_en = c->marking_changed_on = NULL;
	c->declassified = false;
	/* COPY-3: stamped by the copying unit. */
	c->producer = ctx->unit->name;
	c->sender = NULL;
	c->received_on = NULL;
	c->urgency = BM_URGENCY_NORMAL;
	c->copies = 1;
	c->custodian_id = ctx->actor->id;
	c->custodian_name = ctx->actor->name;
	/* KEEP-6: the copy is the clerk's; the source's personal keeping stays with it. */
	c->keep_reason = c->keep_until = c->keep_approver_name = NULL;
	c->keep_approver_id = 0;
	c->registered_by = ctx->actor->id;
	c->registered_at = c->updated_at = bm_svc_now_iso(ctx);
}

/* COPY-3/4: the pure check that a derived carrier kept level, period and scope. */
static int check_derived(const bm_carrier *src, const bm_carrier *c, bool extract)
{
	bm_period sp, cp;
	bm_decision d;
	bool same_scope = src->n_scope == c->n_scope;

	for (size_t i = 0; same_scope && i < c->n_scope; i++)
		same_scope = c->scope[i].person_id == src->scope[i].person_id &&
		             c->scope[i].department_id == src->scope[i].department_id;
	bm_rec_period_of(src, &sp);
	bm_rec_period_of(c, &cp);
	if (!bm_rules_derived(&d, extract, src->level, &sp, c->level, &cp, same_scope))
		return bm_decision_error(&d);
	return 0;
}

/*
 * COPY-1/2/5, MAKE-2, BORROW-4 at execution: the request's rule again, the
 * designated copier, exactly the approved number (written to `*approved`).
 */
static int decide_copy(long *approved, bm_ctx *ctx, const bm_request_row *r, const bm_carrier *src,
                       json_t *params, const char *copier, int copies_made)
{
	const char *designated;
	bm_decision d;
	long n;
	int rc;

	/* COPY-2, BORROW-4 (and COPY-1's scope and clearance) re-checked at execution. */
	if ((rc = recheck_copy(ctx, r, src, false, params)) != 0)
		return rc;
	/* COPY-5: the copier is the designated one when the request says. */
	designated = bm_rec_param_str(ctx, params, "copier");
	if (!bm_rules_copier(&d, designated, copier))
		return bm_decision_error(&d);
	/* MAKE-2, COPY-1: exactly the approved number of copies. */
	n = bm_rec_param_int(params, "copies", 1);
	if (!bm_rules_make_count(&d, (int)n, copies_made, NULL, 0))
		return bm_decision_error(&d);
	*approved = n;
	return 0;
}

/*
 * Registers `approved` copies of `src` (ids appended to `ids`) and names
 * them in the source's history. `*out` is in the arena.
 */
static int write_copies(bm_carrier **out, bm_ctx *ctx, const bm_request_row *r,
                        const bm_carrier *src, long approved, const char *copier, json_t *params,
                        json_t *ids)
{
	/* COPY-2: the originating authority's approval, when recorded, goes with each copy. */
	json_t *originator = json_object_get(params, "originator_approval");
	bm_carrier *items;
	json_t *h;
	int base = 0, rc;

	if (src->doc_number && (rc = BM_STORE(ctx->store, carrier_max_serial)(
	                                ctx->store, ctx->unit->id, src->doc_number, &base)) != 0)
		return rc;
	if (!(items = bm_arena_alloc(ctx->arena, (size_t)approved * sizeof(*items))))
		return bm_error_nomem();
	for (long i = 0; i < approved; i++) {
		bm_carrier *c = &items[i];
		json_t *extra;
		derive_from(ctx, src, false, c);
		/* Own serial numbers: after the document's highest, or 1..N marked as copies. */
		c->serial_number = src->doc_number ? base + (int)i + 1 : (int)i + 1;
		c->note = src->doc_number
		                  ? bm_arena_printf(ctx->arena, "复制件（复制自载体 %lld）",
		                                    (long long)src->id)
		                  : bm_arena_printf(ctx->arena,
		                                    "复制件 第%ld份/共%ld份（复制自载体 %lld）",
		                                    i + 1, approved, (long long)src->id);
		/* PERSON-1/2/3/7: the copy names its scope and custodian anew. */
		if ((rc = check_derived(src, c, false)) != 0 ||
		    (i == 0 && (rc = bm_svc_check_scope_people(ctx, c)) != 0) ||
		    (i == 0 && (rc = bm_svc_check_named(ctx, ctx->actor, c->level, true)) != 0))
			return rc;
		extra = json_object();
		json_object_set_new(extra, "request_id", json_integer(r->id));
		json_object_set_new(extra, "copy_of", json_integer(src->id));
		json_object_set_new(extra, "copier", json_string(copier));
		json_object_set_new(extra, "operator", json_string(bm_svc_actor_name(ctx)));
		if (json_is_object(originator))
			json_object_set(extra, "originator_approval", originator);
		rc = bm_carrier_insert(ctx, c, "register_copy", extra);
		json_decref(extra);
		if (rc)
			return rc;
		json_array_append_new(ids, json_integer(c->id));
	}
	/* REG-1, COPY-5: the source's history names the copies, the copier and the operator. */
	h = json_object();
	json_object_set_new(h, "request_id", json_integer(r->id));
	json_object_set_new(h, "copies", json_integer(approved));
	json_object_set(h, "carrier_ids", ids);
	json_object_set_new(h, "copier", json_string(copier));
	json_object_set_new(h, "operator", json_string(bm_svc_actor_name(ctx)));
	if ((rc = bm_svc_history(ctx, src->id, "copied", bm_svc_json(ctx, h))) != 0)
		return rc;
	*out = items;
	return 0;
}

int bm_svc_copy_execute(bm_ctx *ctx, int64_t request_id, const char *copier, int copies_made,
                        bm_carrier **out, size_t *n)
{
	bm_request_row *r = NULL;
	bm_carrier *src = NULL, *items = NULL;
	json_t *params = NULL, *detail = json_object(), *ids = json_array();
	long approved = 0;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(request_id));
	json_object_set_new(detail, "copies_made", json_integer(copies_made));
	if (copier)
		json_object_set_new(detail, "copier", json_string(copier));
	/*
	 * COPY-5: copies are made by the designated operator, the secrecy clerk,
	 * and the copier is recorded; neither needs the database.
	 */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COPY)) != 0 ||
	    (rc = bm_svc_field_rule(
	             bm_svc_check_text(copier, "复印设备", "copier", REC_MAX_TEXT, true),
	             BM_FORM_COPY, "copier")) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(ids);
		return rc;
	}
	if ((rc = bm_req_load_approved(ctx, request_id, BM_OP_COPY, 0, &r)) != 0 ||
	    (rc = load_source(ctx, r, false, &src)) != 0 || (rc = bm_rec_params(r, &params)) != 0)
		goto done;
	json_object_set_new(detail, "source_id", json_integer(src->id));
	if ((rc = decide_copy(&approved, ctx, r, src, params, copier, copies_made)) != 0 ||
	    (rc = write_copies(&items, ctx, r, src, approved, copier, params, ids)) != 0)
		goto done;
	json_object_set_new(params, "copier", json_string(copier));
	json_object_set_new(params, "operator", json_string(bm_svc_actor_name(ctx)));
	json_object_set(params, "carrier_ids", ids);
	r->params = bm_svc_json(ctx, json_incref(params));
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	*out = items;
	*n = (size_t)approved;
done:
	json_decref(params);
	json_object_set(detail, "carrier_ids", ids);
	json_decref(ids);
	return bm_svc_end(ctx, rc, "request.execute_copy",
	                  bm_rec_object(ctx, "request", request_id), bm_svc_json(ctx, detail));
}

int bm_svc_extract_execute(bm_ctx *ctx, int64_t request_id, const char *title, const char *note,
                           bm_carrier **out)
{
	bm_request_row *r = NULL;
	bm_carrier *src = NULL, *c = NULL;
	json_t *params = NULL, *detail = json_object();
	int rc;

	json_object_set_new(detail, "request_id", json_integer(request_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_EXTRACT)) != 0 ||
	    (rc = bm_req_load_approved(ctx, request_id, BM_OP_EXTRACT, 0, &r)) != 0 ||
	    (rc = load_source(ctx, r, true, &src)) != 0 || (rc = bm_rec_params(r, &params)) != 0)
		goto done;
	json_object_set_new(detail, "source_id", json_integer(src->id));
	/* COPY-4, BORROW-4 re-checked at execution. */
	if ((rc = recheck_copy(ctx, r, src, true, params)) != 0)
		goto done;
	if (!rec_given(title))
		title = bm_rec_param_str(ctx, params, "title");
	if ((rc = bm_svc_check_text(title, "标题", "title", REC_MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", REC_MAX_NOTE, false)) != 0)
		goto done;
	if (!(c = bm_arena_alloc(ctx->arena, sizeof(*c)))) {
		rc = bm_error_nomem();
		goto done;
	}
	derive_from(ctx, src, true, c);
	c->kind = BM_KIND_PAPER;
	c->pages = 0;
	c->title = rec_given(title) ? title : bm_arena_printf(ctx->arena, "摘录：%s", src->title);
	/* COPY-4: an extract is a carrier of its own; 绝密 extracts omit date and number. */
	c->doc_number = NULL;
	c->serial_number = 0;
	if (rec_given(note))
		c->note = note;
	else if (src->level == BM_LEVEL_TOP_SECRET || !src->doc_number)
		c->note = bm_arena_printf(ctx->arena, "摘录件（摘录自载体 %lld）",
		                          (long long)src->id);
	else
		c->note = bm_arena_printf(ctx->arena, "摘录件（摘录自 %s，载体 %lld）",
		                          src->doc_number, (long long)src->id);
	/* PERSON-1/2/3/7: the extract names its scope and custodian anew. */
	if ((rc = check_derived(src, c, true)) != 0 ||
	    (rc = bm_svc_check_scope_people(ctx, c)) != 0 ||
	    (rc = bm_svc_check_named(ctx, ctx->actor, c->level, true)) != 0)
		goto done;
	{
		json_t *extra = json_object();
		json_object_set_new(extra, "request_id", json_integer(request_id));
		json_object_set_new(extra, "extract_of", json_integer(src->id));
		json_object_set_new(extra, "operator", json_string(bm_svc_actor_name(ctx)));
		rc = bm_carrier_insert(ctx, c, "register_extract", extra);
		json_decref(extra);
		if (rc)
			goto done;
	}
	{
		json_t *h = json_object();
		json_object_set_new(h, "request_id", json_integer(request_id));
		json_object_set_new(h, "extract_id", json_integer(c->id));
		if ((rc = bm_svc_history(ctx, src->id, "extracted", bm_svc_json(ctx, h))) != 0)
			goto done;
	}
	json_object_set_new(params, "carrier_ids", bm_rec_ids_json(&c->id, 1));
	r->params = bm_svc_json(ctx, json_incref(params));
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	json_object_set_new(detail, "carrier_id", json_integer(c->id));
	*out = c;
done:
	json_decref(params);
	return bm_svc_end(ctx, rc, "request.execute_extract",
	                  bm_rec_object(ctx, "request", request_id), bm_svc_json(ctx, detail));
}

/* ---- making (MAKE-1/2/3) ------------------------------------------------ */

/* LEVEL-3/8: `period`, `event` and `review` at `level` resolved as of today into `*out`. */
static int resolve_make_period(bm_period *out, bm_ctx *ctx, bm_level level, const char *period,
                               const char *event, const char *review)
{
	bm_decision d;
	if (!bm_rules_period_from_text(&d, level, period, event, review, out) ||
	    !bm_rules_period(&d, &ctx->policy, level, bm_svc_today_days(ctx), out))
		return bm_decision_error(&d);
	return 0;
}

/*
 * LEVEL-4/9/10: the classification decision of the approved make request
 * `params` at `level` — its classifier, who must still be a classification
 * authority cleared for the level, its basis and its period — is what the
 * clerk carries out: the clerk's `mi` names no other. `out` receives the
 * classifier (id and name) and the basis.
 */
static int decide_make_classification(bm_carrier *out, bm_ctx *ctx, json_t *params, bm_level level,
                                      const bm_carrier_input *mi)
{
	json_t *v = json_object_get(params, "classifier_id");
	int64_t approved = json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
	const char *approved_basis = bm_rec_param_str(ctx, params, "basis");
	bm_make_classified f;
	bm_decision d;
	int rc;

	memset(&f, 0, sizeof(f));
	/* LEVEL-9: a request approved without them (before making was a decision) is filed anew. */
	if (!bm_rules_make_classification(&d, level, approved != 0, rec_given(approved_basis)))
		return bm_decision_error(&d);
	f.approved_classifier = approved;
	f.approved_basis = approved_basis;
	f.approved_period = bm_rec_param_str(ctx, params, "period");
	f.basis = mi->basis;
	if (rec_given(mi->classifier)) {
		bm_person *p;
		if ((rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, mi->classifier, &p),
		                            BM_FORM_MAKE, "classifier")) != 0)
			return rc;
		f.classifier = p->id;
	}
	f.period_given =
	        rec_given(mi->period) || rec_given(mi->period_event) || rec_given(mi->review_date);
	if (f.period_given) {
		bm_period desk, ok;
		if ((rc = resolve_make_period(&desk, ctx, level, mi->period, mi->period_event,
		                              mi->review_date)) != 0 ||
		    (rc = resolve_make_period(&ok, ctx, level, f.approved_period,
		                              bm_rec_param_str(ctx, params, "period_event"),
		                              bm_rec_param_str(ctx, params, "review_date"))) != 0)
			return rc;
		f.period_same = bm_rules_period_equal(&desk, &ok);
	}
	if (!bm_rules_make_classified(&d, &f))
		return bm_decision_error(&d);
	memset(out, 0, sizeof(*out));
	if (approved) {
		char ref[32];
		bm_person *p;
		bm_actor who;
		snprintf(ref, sizeof(ref), "%lld", (long long)approved);
		if ((rc = bm_svc_person_resolve(ctx, ref, &p)) != 0 ||
		    (rc = bm_svc_actor_facts(ctx, p, &who)) != 0)
			return rc;
		/* LEVEL-4/10: the authority still holds the role and the clearance when it is made.
		 */
		if (level > BM_LEVEL_PUBLIC &&
		    !bm_rules_level_change(&d, &ctx->policy, &who, BM_LEVEL_PUBLIC, level,
		                           bm_svc_today_days(ctx)))
			return bm_decision_error(&d);
		out->classifier_id = p->id;
		out->classifier_name = p->name;
	}
	out->classification_basis = rec_given(approved_basis) ? approved_basis : NULL;
	return 0;
}

/*
 * MAKE-1/2, LEVEL-4/9: completes the clerk's input `mi` from the approved
 * request: the approved level, scope and classification decision (who,
 * basis, period) are the ones made (the clerk may
 * not change them; `cls` receives the classification fields), the rest
 * defaults to the request's params; a document number is required.
 */
static int decide_make_input(bm_carrier_input *mi, bm_carrier *cls, bm_ctx *ctx,
                             const bm_request_row *r, json_t *params)
{
	const char *lv = bm_rec_param_str(ctx, params, "level");
	const char *scope = bm_rec_param_str(ctx, params, "scope");
	int level = lv ? bm_level_parse(lv) : (int)r->level;
	bm_make_facts f;
	bm_decision d;
	int rc;

	if (level < 0)
		level = (int)r->level;
	/*
	 * MAKE-1: the approved level is the level made, and the distribution
	 * scope was approved too; the clerk does not widen it.
	 */
	f.approved_level = (bm_level)level;
	f.approved_scope = scope;
	f.level = mi->level;
	f.level_value = rec_given(mi->level) ? bm_level_parse(mi->level) : -1;
	f.scope = mi->scope;
	if (!bm_rules_make_approved(&d, &f))
		return bm_decision_error(&d);
	if ((rc = decide_make_classification(cls, ctx, params, (bm_level)level, mi)) != 0)
		return rc;
	mi->level = bm_level_names[level].code;
	if (!rec_given(mi->title))
		mi->title = bm_rec_param_str(ctx, params, "title");
	if (!rec_given(mi->doc_number))
		mi->doc_number = bm_rec_param_str(ctx, params, "doc_number");
	/*
	 * MAKE-2: the serial copy numbers count within a document number, so the
	 * clerk gives one here when the request did not (it is often assigned
	 * only when the document is issued).
	 */
	if (!bm_rules_make_doc_number(&d, rec_given(mi->doc_number)))
		return bm_decision_error(&d);
	if (!rec_given(mi->scope))
		mi->scope = scope;
	if (!rec_given(mi->kind))
		mi->kind = bm_rec_param_str(ctx, params, "kind");
	if (!rec_given(mi->pages))
		mi->pages = bm_rec_param_str(ctx, params, "pages");
	/* LEVEL-4: the approved period (equal to the clerk's, when given: see above). */
	if (!rec_given(mi->period) && !rec_given(mi->period_event) && !rec_given(mi->review_date)) {
		mi->period = bm_rec_param_str(ctx, params, "period");
		mi->period_event = bm_rec_param_str(ctx, params, "period_event");
		mi->review_date = bm_rec_param_str(ctx, params, "review_date");
	}
	return 0;
}

/*
 * MAKE-2: exactly the approved number of copies (`*approved`), numbered
 * 1..N (`*serials`, arena); `*made` is how many are made.
 */
static int decide_make_count(long *approved, long *made, int **serials, bm_ctx *ctx, json_t *params,
                             const char *copies)
{
	bm_decision d;
	long n_approved = bm_rec_param_int(params, "copies", 0), n_made = n_approved;
	int *numbers;
	int rc;

	if (rec_given(copies) &&
	    (rc = bm_svc_field_rule(
	             bm_svc_parse_int(copies, 1, REC_MAX_COPIES, "份数", "copies", &n_made),
	             BM_FORM_MAKE, "copies")) != 0)
		return rc;
	if (!bm_rules_make_copies(&d, n_made, REC_MAX_COPIES))
		return bm_decision_error(&d);
	if (!(numbers = bm_arena_alloc(ctx->arena, (size_t)n_made * sizeof(*numbers))))
		return bm_error_nomem();
	for (long i = 0; i < n_made; i++)
		numbers[i] = (int)i + 1;
	if (!bm_rules_make_count(&d, (int)n_approved, (int)n_made, numbers, (size_t)n_made))
		return bm_decision_error(&d);
	*approved = n_approved;
	*made = n_made;
	*serials = numbers;
	return 0;
}

/* Registers `made` copies of `proto` with their serial numbers (ids appended to `ids`). */
static int write_made(bm_carrier **out, bm_ctx *ctx, int64_t request_id, const bm_carrier *proto,
                      long approved, long made, const int *serials, json_t *ids)
{
	bm_carrier *items;
	int rc;

	if (!(items = bm_arena_alloc(ctx->arena, (size_t)made * sizeof(*items))))
		return bm_error_nomem();
	for (long i = 0; i < made; i++) {
		json_t *extra = json_object();
		items[i] = *proto;
		items[i].serial_number = serials[i];
		items[i].copies = 1;
		json_object_set_new(extra, "approved_copies", json_integer(approved));
		json_object_set_new(extra, "request_id", json_integer(request_id));
		/* LEVEL-4/9: who classified it, and the catalogue entry followed. */
		if (proto->classifier_id)
			json_object_set_new(extra, "classifier_id",
			                    json_integer(proto->classifier_id));
		if (proto->classification_basis)
			json_object_set_new(extra, "basis",
			                    json_string(proto->classification_basis));
		rc = bm_carrier_insert(ctx, &items[i], "register_made", extra);
		json_decref(extra);
		if (rc)
			return rc;
		json_array_append_new(ids, json_integer(items[i].id));
	}
	*out = items;
	return 0;
}

int bm_svc_make_execute(bm_ctx *ctx, int64_t request_id, const bm_carrier_input *in,
                        bm_carrier **out, size_t *n)
{
	static const bm_carrier_input empty;
	bm_request_row *r = NULL;
	bm_carrier proto, *items = NULL;
	bm_carrier_input mi;
	json_t *params = NULL, *detail = json_object(), *ids = json_array();
	long approved = 0, made = 0;
	int *serials = NULL, rc;
	bm_carrier cls;

	memset(&proto, 0, sizeof(proto));
	memset(&cls, 0, sizeof(cls));
	mi = in ? *in : empty;
	json_object_set_new(detail, "request_id", json_integer(request_id));
	/* MAKE-1: carried out at the clerk's desk (KEEP-5); that needs no database. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MAKE)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(ids);
		return rc;
	}
	/* MAKE-1: only an approved make request is carried out. */
	if ((rc = bm_req_load_approved(ctx, request_id, BM_OP_MAKE, 0, &r)) != 0 ||
	    (rc = bm_rec_params(r, &params)) != 0 ||
	    (rc = decide_make_input(&mi, &cls, ctx, r, params)) != 0 ||
	    (rc = decide_make_count(&approved, &made, &serials, ctx, params, mi.copies)) != 0)
		goto done;
	mi.copies = NULL;
	if ((rc = bm_carrier_build(&proto, ctx, &mi, true)) != 0)
		goto done;
	/* LEVEL-4/9: the classification authority and the basis, on each copy made. */
	proto.classifier_id = cls.classifier_id;
	proto.classifier_name = cls.classifier_name;
	proto.classification_basis = cls.classification_basis;
	if ((rc = write_made(&items, ctx, request_id, &proto, approved, made, serials, ids)) != 0)
		goto done;
	json_object_set(params, "carrier_ids", ids);
	r->params = bm_svc_json(ctx, json_incref(params));
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	*out = items;
	*n = (size_t)made;
done:
	json_decref(params);
	json_object_set(detail, "carrier_ids", ids);
	json_decref(ids);
	return bm_svc_end(ctx, rc, "request.execute_make",
	                  bm_rec_object(ctx, "request", request_id), bm_svc_json(ctx, detail));
}

/*
 * 制作登记 through the ledger's route (POST /carriers/made, carrier make):
 * the same use case as carrying out the make request.
 */
int bm_svc_carrier_register_made(bm_ctx *ctx, int64_t request_id, const bm_carrier_input *in,
                                 bm_carrier **out, size_t *count)
{
	bm_decision d;
	json_t *detail;
	int rc;

	/* MAKE-1: what is made is what a leader approved: the make request is carried out. */
	if (bm_rules_make_request_given(&d, request_id > 0))
		return bm_svc_make_execute(ctx, request_id, in, out, count);
	/* Who may make at all is answered first (KEEP-5, SYS-1), as with a request. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MAKE)) == 0)
		rc = bm_decision_error(&d);
	detail = json_object();
	if (in && rec_given(in->title))
		json_object_set_new(detail, "title", json_string(in->title));
	if (in && rec_given(in->level))
		json_object_set_new(detail, "level", json_string(in->level));
	if (in && rec_given(in->copies))
		json_object_set_new(detail, "copies", json_string(in->copies));
	return bm_svc_end(ctx, rc, "carrier.register_made",
	                  in && rec_given(in->doc_number)
	                          ? bm_arena_printf(ctx->arena, "document:%s", in->doc_number)
	                          : "",
	                  bm_svc_json(ctx, detail));
}

/* MAKE-3: the ledger's carrier of document `doc_number` waste is registered against. */
static int find_document(bm_ctx *ctx, const char *doc_number, bm_carrier **out)
{
	bm_viewer v;
	bm_carrier_filter f;
	bm_carrier_page page = {0};
	bm_decision d;
	int rc;

	bm_svc_viewer(ctx, &v);
	memset(&f, 0, sizeof(f));
	f.viewer = &v;
	f.level = f.status = f.kind = f.origin = -1;
	f.query = doc_number;
	f.sort = "id";
	f.limit = 1000;
	if ((rc = BM_STORE(ctx->store, carrier_list)(ctx->store, ctx->arena, &f, &page)) != 0)
		return rc;
	for (size_t i = 0; i < page.count; i++)
		if (page.items[i].doc_number && strcmp(page.items[i].doc_number, doc_number) == 0 &&
		    page.items[i].origin == BM_ORIGIN_MADE)
			return bm_rec_load_carrier(ctx, page.items[i].id, out);
	bm_rules_waste_document(&d, false, doc_number);
	return bm_decision_error(&d);
}

/* MAKE-3: the document number the waste belongs to, from the make request when not given. */
static int load_waste_document(const char **doc_number, bm_ctx *ctx, int64_t request_id)
{
	bm_request_row *r;
	json_t *params;
	bm_decision d;
	int rc;

	if (request_id) {
		if ((rc = BM_STORE(ctx->store, request_get)(ctx->store, ctx->arena, request_id,
		                                            &r)) != 0)
			return rc;
		if (!bm_rules_waste_request(&d, request_id, r->op, r->status))
			return bm_decision_error(&d);
		if ((rc = bm_rec_params(r, &params)) != 0)
			return rc;
		if (!rec_given(*doc_number))
			*doc_number = bm_rec_param_str(ctx, params, "doc_number");
		json_decref(params);
	}
	if (!bm_rules_waste_doc_number(&d, rec_given(*doc_number)))
		return bm_decision_error(&d);
	return 0;
}

/*
 * MAKE-3: registers `count` waste carriers of document `doc`, in store for
 * destruction (ids appended to `ids`). `*out` is in the arena.
 */
static int write_waste(bm_carrier **out, bm_ctx *ctx, int64_t request_id, const bm_carrier *doc,
                       const char *description, int count, json_t *ids)
{
	bm_carrier *items;
	int rc;

	if (!(items = bm_arena_alloc(ctx->arena, (size_t)count * sizeof(*items))))
		return bm_error_nomem();
	for (int i = 0; i < count; i++) {
		bm_carrier *c = &items[i];
		json_t *extra = json_object();
		/* MAKE-3: a paper carrier in store, at the document's level, for destruction. */
		*c = *doc;
		c->id = 0;
		c->kind = BM_KIND_PAPER;
		c->title = bm_arena_printf(ctx->arena, "%s（废件）", doc->title);
		c->serial_number = 0;
		c->pages = 0;
		c->copies = 1;
		c->origin = BM_ORIGIN_MADE;
		c->status = BM_STATUS_IN_STORE;
		c->original_level = doc->level;
		c->original_marking = c->original_marking_en = c->marking_changed_on = NULL;
		c->declassified = false;
		c->copy_of = c->extract_of = c->volume_id = 0;
		c->note = bm_arena_printf(ctx->arena, "waste: %s", description);
		c->custodian_id = ctx->actor->id;
		c->custodian_name = ctx->actor->name;
		c->keep_reason = c->keep_until = c->keep_approver_name =
		        NULL; /* KEEP-6: the clerk's */
		c->keep_approver_id = 0;
		c->registered_by = ctx->actor->id;
		c->registered_at = c->updated_at = bm_svc_now_iso(ctx);
		json_object_set_new(extra, "waste", json_true());
		json_object_set_new(extra, "description", json_string(description));
		json_object_set_new(extra, "document_id", json_integer(doc->id));
		json_object_set_new(extra, "queued_for", json_string("destroy"));
		if (request_id)
			json_object_set_new(extra, "request_id", json_integer(request_id));
		rc = bm_carrier_insert(ctx, c, "register_waste", extra);
		json_decref(extra);
		if (rc)
			return rc;
		json_array_append_new(ids, json_integer(c->id));
	}
	*out = items;
	return 0;
}

int bm_svc_register_waste(bm_ctx *ctx, int64_t request_id, const char *doc_number,
                          const char *description, int count, bm_carrier **out, size_t *n)
{
	bm_carrier *doc = NULL, *items = NULL;
	json_t *detail = json_object(), *ids = json_array();
	bm_decision d;
	int rc;

	if (request_id)
		json_object_set_new(detail, "request_id", json_integer(request_id));
	if (doc_number)
		json_object_set_new(detail, "doc_number", json_string(doc_number));
	json_object_set_new(detail, "count", json_integer(count));
	/* MAKE-3: the clerk's, described and counted; none of it needs the database. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MAKE_WASTE)) != 0 ||
	    (rc = bm_svc_field_rule(
	             bm_svc_check_text(description, "废件说明", "description", REC_MAX_TEXT, true),
	             BM_FORM_MAKE_WASTE, "description")) != 0)
		goto done;
	if (!bm_rules_waste_count(&d, count, REC_MAX_COPIES)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(ids);
		return rc;
	}
	if ((rc = load_waste_document(&doc_number, ctx, request_id)) != 0 ||
	    (rc = find_document(ctx, doc_number, &doc)) != 0 ||
	    (rc = write_waste(&items, ctx, request_id, doc, description, count, ids)) != 0)
		goto done;
	*out = items;
	*n = (size_t)count;
done:
	json_object_set(detail, "carrier_ids", ids);
	json_decref(ids);
	return bm_svc_end(ctx, rc, "carrier.register_waste",
	                  doc_number ? bm_arena_printf(ctx->arena, "document:%s", doc_number) : "",
	                  bm_svc_json(ctx, detail));
}

/* ---- widening a scope (CIRC-1, PERSON-7) -------------------------------- */

/* Appends one scope entry to an arena copy of c->scope. */
static int scope_append(bm_ctx *ctx, bm_carrier *c, int64_t person_id, int64_t department_id)
{
	bm_scope_entry *bigger = bm_arena_alloc(ctx->arena, (c->n_scope + 1) * sizeof(*bigger));
	if (!bigger)
		return bm_error_nomem();
	if (c->n_scope)
		memcpy(bigger, c->scope, c->n_scope * sizeof(*bigger));
	bigger[c->n_scope].person_id = person_id;
	bigger[c->n_scope].department_id = department_id;
	c->scope = bigger;
	c->n_scope++;
	return 0;
}

/* CIRC-1/PERSON-7: adds the request's people and departments to one carrier. */
static int widen_one(bm_ctx *ctx, bm_carrier *c, json_t *people, json_t *depts, int64_t request_id)
{
	int32_t today = bm_svc_today_days(ctx);
	json_t *added = json_array(), *v;
	size_t i;
	int rc = 0;

	if ((rc = bm_svc_carrier_state(BM_NEED_WIDEN, c, false)) != 0)
		goto done;
	json_array_foreach(people, i, v)
	{
		bm_person *who;
		bm_actor facts;
		bm_item item;
		bm_decision d;
		json_t *e;
		if ((rc = BM_STORE(ctx->store, person_get)(
		             ctx->store, ctx->arena, (int64_t)json_integer_value(v), &who)) != 0 ||
		    (rc = bm_svc_actor_facts(ctx, who, &facts)) != 0 ||
		    (rc = bm_svc_item_facts(ctx, c, &item)) != 0)
			goto done;
		/* PERSON-7 (and 1/2/3): re-checked now; somebody may have lost clearance since. */
		if (!bm_rules_add_to_scope(&d, &ctx->policy, &item, &facts, today)) {
			rc = bm_decision_error(&d);
			goto done;
		}
		if ((rc = scope_append(ctx, c, who->id, 0)) != 0)
			goto done;
		e = json_object();
		json_object_set_new(e, "person_id", json_integer(who->id));
		json_array_append_new(added, e);
	}
	json_array_foreach(depts, i, v)
	{
		int64_t dept = (int64_t)json_integer_value(v);
		bm_decision d;
		json_t *e;
		if (!bm_rules_widen_department(&d, c->id, c->scope, c->n_scope, dept)) {
			rc = bm_decision_error(&d);
			goto done;
		}
		if ((rc = scope_append(ctx, c, 0, dept)) != 0)
			goto done;
		e = json_object();
		json_object_set_new(e, "department_id", json_integer(dept));
		json_array_append_new(added, e);
	}
	c->updated_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0)
		goto done;
	{
		json_t *h = json_object();
		json_object_set_new(h, "request_id", json_integer(request_id));
		json_object_set(h, "added", added);
		rc = bm_svc_history(ctx, c->id, "widen_scope", bm_svc_json(ctx, h));
	}
done:
	json_decref(added);
	return rc;
}

int bm_svc_widen_scope_execute(bm_ctx *ctx, int64_t request_id, bm_carrier **out)
{
	bm_request_row *r = NULL;
	json_t *params = NULL, *detail = json_object();
	bm_carrier *first = NULL;
	bm_decision d;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(request_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_WIDEN)) != 0 ||
	    (rc = bm_req_load_approved(ctx, request_id, BM_OP_WIDEN_SCOPE, 0, &r)) != 0 ||
	    (rc = bm_rec_params(r, &params)) != 0)
		goto done;
	{
		json_t *people = json_object_get(params, "add_person_ids");
		json_t *depts = json_object_get(params, "add_department_ids");
		if (!bm_rules_widen_request(&d, request_id,
		                            json_array_size(people) + json_array_size(depts),
		                            r->n_carriers)) {
			rc = bm_decision_error(&d);
			goto done;
		}
		json_object_set(detail, "add_person_ids", people);
		json_object_set(detail, "add_department_ids", depts);
		for (size_t i = 0; i < r->n_carriers; i++) {
			bm_carrier *c;
			if ((rc = bm_rec_load_carrier(ctx, r->carrier_ids[i], &c)) != 0 ||
			    (rc = widen_one(ctx, c, people, depts, request_id)) != 0)
				goto done;
			if (!first)
				first = c;
		}
	}
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	if (out)
		*out = first;
done:
	json_decref(params);
	return bm_svc_end(ctx, rc, "request.execute_widen_scope",
	                  bm_rec_object(ctx, "request", request_id), bm_svc_json(ctx, detail));
}

/* ---- destruction (DESTROY-1..4) ----------------------------------------- */

/*
 * DESTROY-1/3: the place (recorded) and the method (a known one, or -1 when
 * none is given: the rule refuses that) from the clerk's input or the
 * request's params.
 */
static int destroy_place_method(const char **place, int *method_code, bm_ctx *ctx, json_t *params,
                                const char *method)
{
	int rc;

	if (!rec_given(*place))
		*place = bm_rec_param_str(ctx, params, "place");
	if (!rec_given(method))
		method = bm_rec_param_str(ctx, params, "method");
	/* DESTROY-1: done at the designated place, which is recorded. */
	if ((rc = bm_svc_field_rule(
	             bm_svc_check_text(*place, "销毁地点", "destruction place", REC_MAX_TEXT, true),
	             BM_FORM_DESTROY, "place")) != 0)
		return rc;
	/* DESTROY-3: the method is recorded (the rule checks it is irrecoverable). */
	*method_code = -1;
	if (rec_given(method))
		return bm_svc_term(BM_TERM_METHOD, method, method_code);
	return 0;
}

/*
 * DESTROY-1..4 for every carrier of `r` done as `how`: none on loan, and the
 * policy's decision (state, witnesses none the requester, method).
 */
static int decide_destroy(bm_ctx *ctx, const bm_request_row *r, const bm_destruction *how)
{
	int32_t today = bm_svc_today_days(ctx);
	bm_person *requester;
	bm_actor req;
	int rc;

	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, r->requester_id,
	                                           &requester)) != 0 ||
	    (rc = bm_svc_actor_facts(ctx, requester, &req)) != 0)
		return rc;
	for (size_t i = 0; i < r->n_carriers; i++) {
		bm_carrier *c;
		bm_item item;
		bm_decision d;
		bool on_loan;
		if ((rc = bm_rec_load_carrier(ctx, r->carrier_ids[i], &c)) != 0 ||
		    (rc = bm_rec_open_loan(ctx, c->id, &on_loan)) != 0 ||
		    (rc = bm_svc_item_facts(ctx, c, &item)) != 0)
			return rc;
		/* DESTROY-1: what is on loan is brought back before it is destroyed. */
		if ((rc = bm_svc_carrier_state(BM_NEED_DESTROY, c, on_loan)) != 0)
			return rc;
		/* DESTROY-1..4: state, witnesses (none the requester), irrecoverable method. */
		if (!bm_rules_destroy(&d, &ctx->policy, &req, &item, how, today))
			return bm_decision_error(&d);
	}
	return 0;
}

/* Writes the destruction record and marks each carrier destroyed (DESTROY-4). */
static int write_destroy(bm_destruction_row **out, bm_ctx *ctx, const bm_request_row *r,
                         const char *place, const bm_destruction *how, const char **signatures)
{
	bm_destruction_row *row;
	int rc;

	if (!(row = bm_arena_alloc(ctx->arena, sizeof(*row))))
		return bm_error_nomem();
	row->request_id = r->id;
	row->executed_by = ctx->actor->id;
	row->executed_at = bm_svc_now_iso(ctx);
	row->place = place;
	row->method = bm_destroy_method_names[how->method].code;
	row->witness_ids = (int64_t *)how->witnesses;
	row->n_witnesses = how->n_witnesses;
	row->witness_signatures = signatures;
	row->carrier_ids = r->carrier_ids;
	row->n_carriers = r->n_carriers;
	if ((rc = BM_STORE(ctx->store, destruction_insert)(ctx->store, row)) != 0)
		return rc;
	for (size_t i = 0; i < r->n_carriers; i++) {
		bm_carrier *c;
		json_t *h;
		/* DESTROY-4: the carrier stays in the ledger, destroyed, with the record. */
		if ((rc = bm_rec_load_carrier(ctx, r->carrier_ids[i], &c)) != 0)
			return rc;
		c->status = BM_STATUS_DESTROYED;
		c->updated_at = row->executed_at;
		h = json_object();
		json_object_set_new(h, "destruction_id", json_integer(row->id));
		json_object_set_new(h, "request_id", json_integer(r->id));
		json_object_set_new(h, "place", json_string(place));
		json_object_set_new(h, "method", json_string(row->method));
		json_object_set_new(h, "witness_ids",
		                    bm_rec_ids_json(how->witnesses, how->n_witnesses));
		json_object_set_new(h, "witness_receipts",
		                    bm_svc_witness_marks(signatures, how->n_witnesses));
		if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0 ||
		    (rc = bm_svc_history(ctx, c->id, "destroy", bm_svc_json(ctx, h))) != 0)
			return rc;
	}
	*out = row;
	return 0;
}

int bm_svc_destroy_execute(bm_ctx *ctx, int64_t request_id, const char *place, const char *method,
                           const char *const *witnesses, const bm_svc_receipt *receipts,
                           size_t n_witnesses, bm_destruction_row **out)
{
	bm_request_row *r = NULL;
	bm_destruction_row *row = NULL;
	bm_destruction how = {0};
	bm_svc_holder_proof *proofs = NULL;
	json_t *params = NULL, *detail = json_object(), *wit = json_array();
	int64_t *witness_ids = NULL;
	bm_person **people = NULL;
	size_t *first = NULL, n_proofs = 0;
	const char **marks = NULL;
	bm_decision d;
	int rc;

	json_object_set_new(detail, "request_id", json_integer(request_id));
	for (size_t i = 0; i < n_witnesses && i < BM_SVC_MAX_WITNESSES; i++)
		json_array_append_new(wit, json_string(witnesses[i] ? witnesses[i] : ""));
	json_object_set_new(detail, "witnesses", wit);
	/* DESTROY-1: the approved list (造册) is destroyed at the clerk's desk. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DESTROY)) != 0)
		goto done;
	/* DESTROY-2, REG-1: each witness's password checked as at login, before the writer. */
	if ((rc = bm_svc_witness_proofs(ctx, witnesses, receipts, n_witnesses, &proofs,
	                                &n_proofs)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		bm_svc_witnesses_failed(ctx, proofs, n_proofs);
		return rc;
	}
	if ((rc = bm_req_load_approved(ctx, request_id, BM_OP_DESTROY, 0, &r)) != 0 ||
	    (rc = bm_rec_params(r, &params)) != 0)
		goto done;
	if (!bm_rules_destroy_list(&d, request_id, r->n_carriers)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = destroy_place_method(&place, &how.method, ctx, params, method)) != 0)
		goto done;
	json_object_set_new(detail, "place", json_string(place));
	if (how.method >= 0)
		json_object_set_new(detail, "method",
		                    json_string(bm_destroy_method_names[how.method].code));
	if ((rc = bm_svc_witnesses_resolve(ctx, witnesses, n_witnesses, &witness_ids, &people,
	                                   &first, &how.n_witnesses)) != 0)
		goto done;
	how.witnesses = witness_ids;
	/* DESTROY-1..4 decided, last each witness confirms it themselves (DESTROY-2, REG-1). */
	if ((rc = decide_destroy(ctx, r, &how)) != 0 ||
	    (rc = bm_svc_witnesses_confirm(ctx, people, first, how.n_witnesses, receipts, proofs,
	                                   &marks)) != 0 ||
	    (rc = write_destroy(&row, ctx, r, place, &how, marks)) != 0)
		goto done;
	json_object_set_new(params, "destruction_id", json_integer(row->id));
	r->params = bm_svc_json(ctx, json_incref(params));
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	json_object_set_new(detail, "destruction_id", json_integer(row->id));
	json_object_set_new(detail, "carrier_ids", bm_rec_ids_json(r->carrier_ids, r->n_carriers));
	json_object_set_new(detail, "witness_ids", bm_rec_ids_json(witness_ids, how.n_witnesses));
	json_object_set_new(detail, "witness_receipts",
	                    bm_svc_witness_marks(marks, how.n_witnesses));
	if (out)
		*out = row;
done:
	if (n_proofs)
		json_object_set_new(detail, "witness_confirmations",
		                    bm_svc_witnesses_audit(proofs, receipts, n_proofs));
	json_decref(params);
	rc = bm_svc_end(ctx, rc, "request.execute_destroy",
	                bm_rec_object(ctx, "request", request_id), bm_svc_json(ctx, detail));
	bm_svc_witnesses_failed(ctx, proofs, n_proofs);
	return rc;
}
