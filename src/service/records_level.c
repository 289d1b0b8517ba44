/*
 * records_level.c — level decisions (定密、变更、解密): LEVEL-4/7/8/9/10.
 *
 * Only a classification authority (a role of the policy's
 * approver.level_change chain) decides, never above their own clearance.
 * Each decision writes a permanent level_change row with the old marking
 * (shown struck out) and the new one (解密 on declassification), updates
 * the carrier's level and period (its original level stays), and lists the
 * copies and extracts made from it, which are not changed automatically.
 */
#include "common.h"

#include <stdio.h>

#include "policy/keep.h"
#include "service/device.h"
#include "service/records_int.h"
#include "util/timeutil.h"

/* Appends `c` to the report's linked list (arena). */
static int report_link(bm_ctx *ctx, bm_level_report *rep, size_t *cap, const bm_carrier *c)
{
	if (rep->n_linked == *cap) {
		size_t next = *cap ? *cap * 2 : 4;
		bm_carrier *bigger = bm_arena_alloc(ctx->arena, next * sizeof(*bigger));
		if (!bigger)
			return bm_error_nomem();
		if (rep->n_linked)
			memcpy(bigger, rep->linked, rep->n_linked * sizeof(*bigger));
		rep->linked = bigger;
		*cap = next;
	}
	rep->linked[rep->n_linked++] = *c;
	return 0;
}

/* LEVEL-7: copies and extracts of `c` are listed and told, not changed. */
static int list_linked(bm_ctx *ctx, const bm_carrier *c, const bm_level_change_row *row,
                       bm_level_report *rep, size_t *cap, json_t *ids_out)
{
	static const bm_carrier_link links[] = {BM_LINK_COPY_OF, BM_LINK_EXTRACT_OF};
	int rc;

	for (size_t l = 0; l < BM_ARRAY_LEN(links); l++) {
		int64_t *ids;
		size_t n;
		if ((rc = BM_STORE(ctx->store, carrier_linked)(ctx->store, ctx->arena, links[l],
		                                               c->id, &ids, &n)) != 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			bm_carrier *d;
			json_t *h = json_object();
			if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, ids[i],
			                                            &d)) != 0) {
				json_decref(h);
				return rc;
			}
			json_object_set_new(h, "source_id", json_integer(c->id));
			json_object_set_new(h, "level_change_id", json_integer(row->id));
			json_object_set_new(h, "source_from",
			                    json_string(bm_level_names[row->from_level].code));
			json_object_set_new(h, "source_to",
			                    json_string(bm_level_names[row->to_level].code));
			if ((rc = bm_svc_history(ctx, d->id, "source_level_changed",
			                         bm_svc_json(ctx, h))) != 0 ||
			    (rc = report_link(ctx, rep, cap, d)) != 0)
				return rc;
			json_array_append_new(ids_out, json_integer(d->id));
		}
	}
	return 0;
}

/*
 * What holds the carrier must hold the new level too: its place and its
 * custodian (KEEP-1, PERSON-1) on an upgrade; its volume, or the parts of a
 * volume, either way (LEVEL-5). The carrier is moved, handed over or the
 * volume decided first; nothing is left below the level it keeps.
 */
static int check_fit(bm_ctx *ctx, const bm_carrier *c, bm_level to)
{
	bm_decision d;
	int rc;

	if (to > c->level && c->place_id) {
		bm_place *place;
		if ((rc = BM_STORE(ctx->store, place_get)(ctx->store, ctx->arena, c->place_id,
		                                          &place)) != 0)
			return rc;
		/* KEEP-1: the place is rated for the new level. */
		if (!bm_rules_place(&d, &ctx->policy, to, place->kind, place->max_level))
			return bm_decision_error(&d);
	}
	if (to > c->level && c->custodian_id) {
		bm_person *keeper;
		if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, c->custodian_id,
		                                           &keeper)) != 0)
			return rc;
		/* PERSON-1: the custodian is cleared for the new level. */
		if (!bm_rules_custodian_cleared(&d, keeper->name, bm_svc_clearance(keeper), to))
			return bm_decision_error(&d);
	}
	/* LEVEL-5: a part never rises above its volume. */
	if (c->volume_id) {
		bm_carrier *vol;
		if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, c->volume_id,
		                                            &vol)) != 0)
			return rc;
		if (!bm_rules_volume_level(&d, vol->level, &to, 1))
			return bm_decision_error(&d);
	}
	/* LEVEL-5: a volume never falls below its highest part. */
	if (c->origin == BM_ORIGIN_VOLUME && to < c->level) {
		int64_t *ids;
		size_t n;
		if ((rc = BM_STORE(ctx->store, carrier_linked)(
		             ctx->store, ctx->arena, BM_LINK_VOLUME, c->id, &ids, &n)) != 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			bm_carrier *part;
			if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, ids[i],
			                                            &part)) != 0)
				return rc;
			if (!bm_rules_volume_level(&d, to, &part->level, 1))
				return bm_decision_error(&d);
		}
	}
	return 0;
}

/*
 * LEVEL-4/10 by the pure rule, LEVEL-8 the carrier at hand, KEEP-1/PERSON-1/
 * LEVEL-5 its fit, LEVEL-3/8 the new period (into `next`) and marking
 * (into `marking`); `*declassified` says whether the change lifts the level.
 */
static int decide_level_change(bm_carrier *next, char *marking, size_t marking_size,
                               bool *declassified, bm_ctx *ctx, const bm_carrier *c, bm_level to,
                               const bm_level_input *in)
{
	int32_t today = bm_svc_today_days(ctx);
	bm_carrier_input pin;
	bm_actor me;
	bm_decision d;
	bm_period period;
	int rc;

	/* DEV-2: a medium's level goes up only, whoever decides. */
	if (!bm_rules_medium_level(&d, c->kind, c->id, c->level, to))
		return bm_decision_error(&d);
	/* DEV-4: nor is it raised above the level the policy lets a medium hold. */
	if (!bm_rules_medium_electronic(&d, &ctx->policy, c->kind, to))
		return bm_decision_error(&d);
	/* LEVEL-4/10: a classification authority, cleared for both levels. */
	if ((rc = bm_svc_actor_facts(ctx, ctx->actor, &me)) != 0)
		return rc;
	if (!bm_rules_level_change(&d, &ctx->policy, &me, c->level, to, today))
		return bm_decision_error(&d);
	/* LEVEL-8: the marking is changed on the carrier itself, which must be at hand. */
	if ((rc = bm_svc_carrier_state(BM_NEED_MARK, c, false)) != 0)
		return rc;
	/* KEEP-1, PERSON-1, LEVEL-5: its place, custodian and volume fit the new level. */
	if ((rc = check_fit(ctx, c, to)) != 0)
		return rc;
	/* LEVEL-3/8: the new period (none below 秘密), from the decision's date. */
	memset(&pin, 0, sizeof(pin));
	pin.period = in->period;
	pin.period_event = in->period_event;
	pin.review_date = in->review_date;
	memset(next, 0, sizeof(*next));
	next->level = to;
	if ((rc = bm_carrier_resolve_period(next, ctx, &pin, today)) != 0)
		return rc;
	*declassified = to == BM_LEVEL_PUBLIC && bm_level_is_classified(c->level);
	bm_rec_period_of(next, &period);
	if (!bm_rules_marking_fits(&d, bm_rules_marking(marking, marking_size, to, &period,
	                                                *declassified, false) == 0))
		return bm_decision_error(&d);
	return 0;
}

/*
 * LEVEL-7: writes the decision `row`, the carrier's new level and period
 * (the original level stays) and its history line, appended to `changes`.
 */
static int write_level_change(bm_ctx *ctx, bm_carrier *c, bm_level_change_row *row,
                              const bm_carrier *next, bool declassified, json_t *changes)
{
	char today[BM_DATE_LEN];
	json_t *h;
	int rc;

	if ((rc = BM_STORE(ctx->store, level_change_insert)(ctx->store, row)) != 0)
		return rc;
	/*
	 * LEVEL-7/8: the marking it was registered with stays, to be shown struck
	 * out beside the new one; the first decision records it.
	 */
	if (!c->original_marking) {
		c->original_marking = row->old_marking;
		c->original_marking_en = bm_carrier_marking(ctx->arena, c, true);
	}
	bm_date_format(bm_svc_today_days(ctx), today);
	c->marking_changed_on = bm_arena_strdup(ctx->arena, today);
	c->declassified = declassified;
	if (!c->original_marking_en || !c->marking_changed_on)
		return bm_error_nomem();
	c->level = row->to_level;
	c->period_kind = next->period_kind;
	c->period_years = next->period_years;
	c->period_until = next->period_until;
	c->period_event = next->period_event;
	c->review_date = next->review_date;
	c->period_start = next->period_start;
	c->updated_at = row->at;
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0 ||
	    (rc = BM_STORE(ctx->store, carrier_marking_set)(ctx->store, c)) != 0)
		return rc;
	h = json_object();
	json_object_set_new(h, "level_change_id", json_integer(row->id));
	if (row->request_id)
		json_object_set_new(h, "request_id", json_integer(row->request_id));
	json_object_set_new(h, "from", json_string(bm_level_names[row->from_level].code));
	json_object_set_new(h, "to", json_string(bm_level_names[row->to_level].code));
	json_object_set_new(h, "old_marking", json_string(row->old_marking));
	json_object_set_new(h, "old_marking_struck", json_true());
	json_object_set_new(h, "new_marking", json_string(row->new_marking));
	json_object_set_new(h, "declassified", json_boolean(declassified));
	json_object_set_new(h, "basis", json_string(row->basis));
	json_object_set_new(h, "reason", json_string(row->reason));
	json_array_append(changes, h);
	return bm_svc_history(ctx, c->id, declassified ? "declassify" : "level_change",
	                      bm_svc_json(ctx, h));
}

/*
 * The decision on one carrier: decided (decide_level_change), recorded
 * (write_level_change), and the copies and extracts listed (LEVEL-7).
 * `slot` is the carrier's index in the report.
 */
static int decide_one(bm_ctx *ctx, bm_carrier *c, bm_level to, const bm_level_input *in,
                      int64_t request_id, bm_level_report *rep, size_t slot, size_t *linked_cap,
                      json_t *changes)
{
	bm_level_change_row *row = &rep->changes[slot];
	bm_carrier next;
	char marking[128];
	bool declassified = false;
	json_t *linked, *devices;
	int rc;

	if ((rc = decide_level_change(&next, marking, sizeof(marking), &declassified, ctx, c, to,
	                              in)) != 0)
		return rc;
	memset(row, 0, sizeof(*row));
	row->carrier_id = c->id;
	row->request_id = request_id;
	row->from_level = c->level;
	row->to_level = to;
	row->old_marking = bm_carrier_marking(ctx->arena, c, false);
	row->new_marking = bm_arena_strdup(ctx->arena, marking);
	row->basis = in->basis;
	row->reason = in->reason;
	row->decided_by = ctx->actor->id;
	row->decided_by_name = ctx->actor->name;
	row->at = bm_svc_now_iso(ctx);
	if (!row->old_marking || !row->new_marking || !row->at)
		return bm_error_nomem();
	if ((rc = write_level_change(ctx, c, row, &next, declassified, changes)) != 0)
		return rc;
	/* DEV-2: the devices linked to the carrier follow a raise, in this transaction. */
	devices = json_array();
	if ((rc = bm_svc_device_follow_carrier(ctx, c, row->from_level, to, row->id, devices)) ==
	            0 &&
	    json_array_size(devices)) {
		json_t *last = json_array_get(changes, json_array_size(changes) - 1);
		json_object_set(last, "device_ids", devices);
	}
	json_decref(devices);
	if (rc != 0)
		return rc;
	linked = json_array();
	if ((rc = list_linked(ctx, c, row, rep, linked_cap, linked)) == 0 &&
	    json_array_size(linked)) {
		json_t *last = json_array_get(changes, json_array_size(changes) - 1);
		json_object_set(last, "linked_ids", linked);
	}
	json_decref(linked);
	if (rc == 0)
		rep->carriers[slot] = *c;
	return rc;
}

/*
 * Loads a carrier of the actor's unit for a level decision. Clearance is
 * not checked here: LEVEL-10 (in bm_rules_level_change) names the refusal.
 */
static int load_for_decision(bm_ctx *ctx, int64_t id, bm_carrier **out)
{
	int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && (!ctx->unit || (*out)->unit_id != ctx->unit->id))
		rc = bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %lld 不存在",
		                  "carrier %lld does not exist", (long long)id);
	return rc;
}

/* LEVEL-9: the catalogue entry and the reason are both recorded. */
static int check_basis(const bm_level_input *in)
{
	int rc;
	if ((rc = bm_svc_field_rule(bm_svc_check_text(in->basis, "定密依据（保密事项一览表条目）",
	                                              "basis (catalogue entry)", REC_MAX_TEXT,
	                                              true),
	                            BM_FORM_LEVEL_CHANGE, "basis")) != 0)
		return rc;
	return bm_svc_field_rule(
	        bm_svc_check_text(in->reason, "定密理由", "reason", REC_MAX_NOTE, true),
	        BM_FORM_LEVEL_CHANGE, "reason");
}

/* Parses the target level (LEVEL-1). */
static int parse_to(const char *text, bm_level *out)
{
	int v, rc;
	if ((rc = bm_svc_term(BM_TERM_LEVEL, text, &v)) != 0)
		return rc;
	*out = (bm_level)v;
	return 0;
}

/* Allocates the report's arrays for `n` carriers. */
static int report_init(bm_ctx *ctx, bm_level_report *rep, size_t n)
{
	memset(rep, 0, sizeof(*rep));
	rep->changes = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*rep->changes));
	rep->carriers = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*rep->carriers));
	if (!rep->changes || !rep->carriers)
		return bm_error_nomem();
	return 0;
}

int bm_svc_level_change_execute(bm_ctx *ctx, int64_t request_id, const char *basis,
                                bm_level_report *out)
{
	bm_request_row *r = NULL;
	bm_level_report rep;
	bm_level_input in;
	bm_level to = BM_LEVEL_PUBLIC;
	json_t *params = NULL, *detail = json_object(), *changes = json_array();
	size_t linked_cap = 0;
	bm_decision dec;
	int rc;

	memset(&rep, 0, sizeof(rep));
	json_object_set_new(detail, "request_id", json_integer(request_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(changes);
		return rc;
	}
	if ((rc = bm_svc_require_business(ctx)) != 0 ||
	    (rc = bm_req_load_approved(ctx, request_id, BM_OP_LEVEL_CHANGE, 0, &r)) != 0 ||
	    (rc = bm_rec_params(r, &params)) != 0)
		goto done;
	memset(&in, 0, sizeof(in));
	in.to_level = bm_rec_param_str(ctx, params, "to_level");
	in.period = bm_rec_param_str(ctx, params, "period");
	in.period_event = bm_rec_param_str(ctx, params, "period_event");
	in.review_date = bm_rec_param_str(ctx, params, "review_date");
	in.basis = rec_given(basis) ? basis : bm_rec_param_str(ctx, params, "basis");
	in.reason = r->reason; /* LEVEL-9: the handler's reason, as proposed */
	if ((rc = parse_to(in.to_level, &to)) != 0 || (rc = check_basis(&in)) != 0)
		goto done;
	if (!bm_rules_level_change_items(&dec, request_id, r->n_carriers)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = report_init(ctx, &rep, r->n_carriers)) != 0)
		goto done;
	for (size_t i = 0; i < r->n_carriers; i++) {
		bm_carrier *c;
		if ((rc = load_for_decision(ctx, r->carrier_ids[i], &c)) != 0 ||
		    (rc = decide_one(ctx, c, to, &in, request_id, &rep, i, &linked_cap, changes)) !=
		            0)
			goto done;
		rep.n_changes++;
	}
	if (rec_given(basis))
		json_object_set_new(params, "basis", json_string(basis));
	r->params = bm_svc_json(ctx, json_incref(params));
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	if (out)
		*out = rep;
done:
	json_decref(params);
	json_object_set_new(detail, "changes", changes);
	return bm_svc_end(ctx, rc, "request.execute_level_change",
	                  bm_rec_object(ctx, "request", request_id), bm_svc_json(ctx, detail));
}

int bm_svc_level_decide(bm_ctx *ctx, int64_t carrier_id, const bm_level_input *in,
                        bm_level_report *out)
{
	bm_level_report rep;
	bm_carrier *c;
	bm_level to = BM_LEVEL_PUBLIC;
	json_t *detail = json_object(), *changes = json_array();
	size_t linked_cap = 0;
	int rc;

	memset(&rep, 0, sizeof(rep));
	json_object_set_new(detail, "carrier_id", json_integer(carrier_id));
	if (in->to_level)
		json_object_set_new(detail, "to_level", json_string(in->to_level));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(changes);
		return rc;
	}
	if ((rc = bm_svc_require_business(ctx)) != 0 || (rc = parse_to(in->to_level, &to)) != 0 ||
	    (rc = check_basis(in)) != 0 || (rc = load_for_decision(ctx, carrier_id, &c)) != 0 ||
	    (rc = report_init(ctx, &rep, 1)) != 0 ||
	    (rc = decide_one(ctx, c, to, in, 0, &rep, 0, &linked_cap, changes)) != 0)
		goto done;
	rep.n_changes = 1;
	if (out)
		*out = rep;
done:
	/*
	 * SYS-2: a carrier the actor may not see does not exist for them. Refusing
	 * a non-authority (LEVEL-4) only for carriers that exist would tell which
	 * ids do, so a missing or hidden carrier answers the same "not found".
	 */
	if (rc == BM_ENOTFOUND ||
	    (rc == BM_EDENIED &&
	     strcmp(bm_error_last()->code, "not_classification_authority") == 0)) {
		bm_error saved;
		bm_carrier *seen;
		bm_error_save(&saved);
		if (bm_svc_carrier_visible(ctx, carrier_id, &seen) == BM_ENOTFOUND)
			rc = BM_ENOTFOUND;
		else
			bm_error_restore(&saved);
	}
	json_object_set_new(detail, "changes", changes);
	return bm_svc_end(ctx, rc, "carrier.level_decide",
	                  bm_rec_object(ctx, "carrier", carrier_id), bm_svc_json(ctx, detail));
}

int bm_svc_level_history(bm_ctx *ctx, int64_t carrier_id, bm_level_change_row **out, size_t *n)
{
	bm_carrier *c;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	/* SYS-2: only somebody who may see the carrier reads its level history. */
	if ((rc = bm_svc_require_business(ctx)) != 0 ||
	    (rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, level_change_list)(ctx->store, ctx->arena, c->id, out, n);
done:
	return bm_svc_end(ctx, rc, "carrier.level_history",
	                  bm_rec_object(ctx, "carrier", carrier_id), NULL);
}
