/*
 * send.c — sending and transmission (发文、传递), SEND-1..5.
 *
 * The clerk sends carriers by a recorded channel; forbidden channels are
 * refused (SEND-1, SEND-3), 机密 and above travel with a named courier and
 * a dedicated delivery has enough people (SEND-2), the copies are counted
 * against the distribution list and each recipient's receipt is signed
 * (SEND-4), and the envelope is printed (SEND-5). How a sent carrier's
 * status moves is explained in ledger.h.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/custody.h"
#include "policy/rules.h"
#include "service/ledger_int.h"
#include "util/utf8.h"

enum {
	MAX_RECIPIENT = 100,
	MAX_NAME = 50,
	MAX_NOTE = 1000,
	MAX_ITEMS = 500,
};

static const char *dispatch_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "dispatch:%lld", (long long)id) : "";
}

/* Who travels with the carriers: the courier and the escorts, each named once. */
static int count_people(bm_ctx *ctx, const char *courier, const char *escorts, json_t *names,
                        int *n_out)
{
	char **items = NULL;
	size_t n_items = 0;
	int n = 0, rc;

	if (bm_utf8_given(courier))
		n++;
	if ((rc = bm_svc_split_list(ctx, escorts, &items, &n_items)) != 0)
		return rc;
	for (size_t i = 0; i < n_items; i++) {
		bool dup = courier && strcmp(items[i], courier) == 0;
		if ((rc = bm_svc_check_text(items[i], "护送人员", "escort", MAX_NAME, true)) != 0)
			return rc;
		for (size_t k = 0; k < i && !dup; k++)
			dup = strcmp(items[k], items[i]) == 0;
		if (dup)
			continue;
		json_array_append_new(names, json_string(items[i]));
		n++;
	}
	*n_out = n;
	return 0;
}

/* The audit detail of a dispatch as asked (new reference). */
static json_t *dispatch_detail(const bm_dispatch_input *in)
{
	json_t *detail = json_object(), *ids = json_array(), *recipients = json_array();
	for (size_t i = 0; i < in->n_carriers; i++)
		json_array_append_new(ids, json_integer(in->carrier_ids[i]));
	for (size_t i = 0; i < in->n_recipients; i++)
		json_array_append_new(recipients,
		                      json_string(in->recipients[i] ? in->recipients[i] : ""));
	json_object_set_new(detail, "carriers", ids);
	json_object_set_new(detail, "recipients", recipients);
	if (in->channel)
		json_object_set_new(detail, "channel", json_string(in->channel));
	return detail;
}

/*
 * SEND-1/4: checks what needs no database — a known channel, one recipient
 * per listed carrier, none listed twice, the texts — and writes the channel
 * to `*channel_out`.
 */
static int check_dispatch_input(bm_channel *channel_out, const bm_dispatch_input *in)
{
	bm_decision d;
	int rc, channel;

	/* SEND-1: the channel is a recorded choice. */
	if ((rc = bm_svc_term(BM_TERM_CHANNEL, in->channel ? in->channel : "", &channel)) != 0)
		return rc;
	/* SEND-4: the copies are counted against the distribution list, one recipient each. */
	if (!bm_rules_item_list(&d, BM_LIST_DISPATCH, in->n_carriers, MAX_ITEMS) ||
	    !bm_rules_distribution(&d, in->n_recipients, in->n_carriers))
		return bm_decision_error(&d);
	if ((rc = bm_svc_check_text(in->courier, "递送人", "courier", MAX_NAME, false)) != 0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", MAX_NOTE, false)) != 0)
		return rc;
	for (size_t i = 0; i < in->n_carriers; i++) {
		if (!bm_rules_item_once(&d, BM_LIST_DISPATCH, in->carrier_ids, i))
			return bm_decision_error(&d);
		if ((rc = bm_svc_check_text(in->recipients[i], "收件人", "recipient", MAX_RECIPIENT,
		                            true)) != 0)
			return rc;
	}
	*channel_out = (bm_channel)channel;
	return 0;
}

/*
 * Loads the listed carriers into `*carriers_out` (arena) and the dispatch's
 * items, each carrier in store (SEND-4); `*top_out` is the highest level.
 */
static int load_dispatch_carriers(bm_carrier ***carriers_out, bm_level *top_out, bm_ctx *ctx,
                                  const bm_dispatch_input *in, bm_dispatch_row *d)
{
	bm_carrier **carriers;
	bm_level top = BM_LEVEL_PUBLIC;
	int rc;

	d->items = bm_arena_alloc(ctx->arena, in->n_carriers * sizeof(*d->items));
	carriers = bm_arena_alloc(ctx->arena, in->n_carriers * sizeof(*carriers));
	if (!d->items || !carriers)
		return bm_error_nomem();
	for (size_t i = 0; i < in->n_carriers; i++) {
		bm_carrier *c;
		if ((rc = bm_svc_carrier_visible(ctx, in->carrier_ids[i], &c)) != 0)
			return rc;
		if ((rc = bm_svc_carrier_state(BM_NEED_SEND, c, false)) != 0)
			return rc;
		if (c->level > top)
			top = c->level;
		carriers[i] = c;
		d->items[i].carrier_id = c->id;
		d->items[i].recipient = in->recipients[i];
	}
	d->n_items = in->n_carriers;
	*carriers_out = carriers;
	*top_out = top;
	return 0;
}

/* Whether the carriers `ids` are exactly those of request `r`, each once (SEND-4 checked that). */
static bool same_carriers(const bm_request_row *r, const int64_t *ids, size_t n)
{
	if (n != r->n_carriers)
		return false;
	for (size_t i = 0; i < n; i++) {
		bool found = false;
		for (size_t k = 0; k < r->n_carriers && !found; k++)
			found = r->carrier_ids[k] == ids[i];
		if (!found)
			return false;
	}
	return true;
}

/*
 * FOREIGN-1 (issue 13 point 9): a dispatch to a foreign party carries out an
 * approved provision request. Loads it (approved, not yet carried out, of
 * FOREIGN-1's kind: bm_req_load_approved refuses otherwise), fills the
 * carriers and recipients of `in` from it when none are given, and asks the
 * policy that exactly the approved carriers go to the approved recipient.
 * `*out` stays NULL for an ordinary dispatch.
 */
static int foreign_request(bm_request_row **out, json_t **params_out, bm_dispatch_input *in,
                           bm_ctx *ctx)
{
	bm_foreign_dispatch f = {.foreign = in->foreign_party,
	                         .request_given = in->request_id != 0};
	bm_request_row *r = NULL;
	json_t *params = NULL;
	const char *recipient = NULL;
	bm_decision d;
	int rc;

	*out = NULL;
	if (!f.foreign && !f.request_given)
		return 0;
	if (f.request_given) {
		if ((rc = bm_req_load_approved(ctx, in->request_id, BM_OP_FOREIGN, 0, &r)) != 0)
			return rc;
		params = json_loads(r->params && *r->params ? r->params : "{}", 0, NULL);
		if (!json_is_object(params)) {
			json_decref(params);
			return bm_error_set(
			        BM_ECORRUPT, "corrupt_params", NULL, "申请 %lld 的参数无法识别",
			        "the parameters of request %lld are unreadable", (long long)r->id);
		}
		recipient = json_string_value(json_object_get(params, "recipient"));
		if (in->n_carriers == 0 && in->n_recipients == 0) {
			const char **names =
			        bm_arena_alloc(ctx->arena, (r->n_carriers + 1) * sizeof(*names));
			if (!names) {
				json_decref(params);
				return bm_error_nomem();
			}
			for (size_t i = 0; i < r->n_carriers; i++)
				names[i] = recipient ? bm_arena_strdup(ctx->arena, recipient) : "";
			in->carrier_ids = r->carrier_ids;
			in->n_carriers = r->n_carriers;
			in->recipients = names;
			in->n_recipients = r->n_carriers;
		}
		f.carriers_match = same_carriers(r, in->carrier_ids, in->n_carriers);
		f.recipient_match = recipient != NULL;
		for (size_t i = 0; i < in->n_recipients && f.recipient_match; i++)
			f.recipient_match =
			        in->recipients[i] && strcmp(in->recipients[i], recipient) == 0;
	}
	if (!bm_rules_foreign_dispatch(&d, &f)) {
		json_decref(params);
		return bm_decision_error(&d);
	}
	*out = r;
	*params_out = params;
	return 0;
}

/*
 * FOREIGN-1 again when the provision is carried out, for its requester: each
 * carrier still within their scope and clearance, the higher authority's
 * approval recorded (who, document number, date).
 */
static int recheck_foreign(bm_ctx *ctx, const bm_request_row *r, json_t *params,
                           bm_carrier *const *carriers, size_t n)
{
	bm_person *requester;
	bm_actor who;
	int rc;

	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, r->requester_id,
	                                           &requester)) != 0 ||
	    (rc = bm_svc_actor_facts(ctx, requester, &who)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_item item;
		bm_decision d;
		if ((rc = bm_svc_item_facts(ctx, carriers[i], &item)) != 0)
			return rc;
		if (!bm_rules_foreign(&d, &ctx->policy, &who, &item,
		                      bm_req_outside_approval(params, "higher_approval"),
		                      bm_svc_today_days(ctx)))
			return bm_decision_error(&d);
	}
	return 0;
}

/* SEND-1/SEND-3 (channel) and SEND-2 (courier, people) for every level sent. */
static int decide_dispatch(bm_ctx *ctx, const bm_dispatch_row *d, bm_carrier *const *carriers,
                           bm_level top, int n_people)
{
	for (int level = BM_LEVEL_CONFIDENTIAL; level <= (int)top; level++) {
		bm_decision dec;
		bool present = false;
		for (size_t i = 0; i < d->n_items && !present; i++)
			present = carriers[i]->level == (bm_level)level;
		if (!present)
			continue;
		if (!bm_rules_dispatch(&dec, &ctx->policy, (bm_level)level, d->channel,
		                       d->courier != NULL, n_people))
			return bm_decision_error(&dec);
	}
	return 0;
}

/* Writes the record, then marks every carrier on its way (ledger.h). */
static int write_dispatch(bm_ctx *ctx, bm_dispatch_row *d, bm_carrier *const *carriers)
{
	const char *history;
	int rc;

	if ((rc = BM_STORE(ctx->store, dispatch_insert)(ctx->store, d)) != 0)
		return rc;
	for (size_t i = 0; i < d->n_items; i++) {
		json_t *h = json_object();
		json_object_set_new(h, "dispatch_id", json_integer(d->id));
		json_object_set_new(h, "recipient", json_string(d->items[i].recipient));
		json_object_set_new(h, "channel", json_string(bm_channel_names[d->channel].code));
		if (d->foreign_party)
			json_object_set_new(h, "foreign_party", json_true());
		if (d->request_id)
			json_object_set_new(h, "request_id", json_integer(d->request_id));
		/* On its way: carried out of the office until the receipt is signed (ledger.h). */
		if (!(history = bm_svc_json(ctx, h)))
			return bm_error_nomem();
		if ((rc = bm_ledger_set_status(ctx, carriers[i], BM_STATUS_TAKEN_OUT, "dispatch",
		                               history)) != 0)
			return rc;
	}
	return 0;
}

int bm_svc_dispatch_create(bm_ctx *ctx, const bm_dispatch_input *in, bm_dispatch_row **out)
{
	bm_dispatch_row d = {0};
	bm_dispatch_input eff = *in;
	bm_request_row *req = NULL;
	bm_carrier **carriers = NULL;
	json_t *detail = dispatch_detail(in), *escort_names = json_array(), *req_params = NULL;
	bm_level top = BM_LEVEL_PUBLIC;
	/* FOREIGN-1: an approved provision names the carriers and the recipient itself. */
	bool from_request = in->request_id && in->n_carriers == 0 && in->n_recipients == 0;
	int rc, n_people = 0;

	d.courier = bm_utf8_given(in->courier) ? in->courier : NULL;
	d.foreign_party = in->foreign_party || in->request_id != 0;
	d.request_id = in->request_id;
	if (d.foreign_party)
		json_object_set_new(detail, "foreign_party", json_true());
	if (in->request_id)
		json_object_set_new(detail, "request_id", json_integer(in->request_id));
	/* Checks that need no database come before the transaction. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DISPATCH)) != 0 ||
	    (!from_request && (rc = check_dispatch_input(&d.channel, in)) != 0) ||
	    (rc = count_people(ctx, d.courier, in->escorts, escort_names, &n_people)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(escort_names);
		return rc;
	}
	/* FOREIGN-1: a dispatch to a foreign party carries out an approved request. */
	if ((rc = foreign_request(&req, &req_params, &eff, ctx)) != 0 ||
	    (from_request && (rc = check_dispatch_input(&d.channel, &eff)) != 0))
		goto done;
	if ((rc = load_dispatch_carriers(&carriers, &top, ctx, &eff, &d)) != 0 ||
	    (req && (rc = recheck_foreign(ctx, req, req_params, carriers, d.n_items)) != 0) ||
	    (rc = decide_dispatch(ctx, &d, carriers, top, n_people)) != 0)
		goto done;
	d.unit_id = ctx->unit->id;
	d.escorts = bm_svc_json(ctx, json_incref(escort_names));
	d.created_by = ctx->actor->id;
	d.created_at = bm_svc_now_iso(ctx);
	d.status = "open";
	d.note = in->note && *in->note ? in->note : NULL;
	if (!d.escorts || !d.created_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = write_dispatch(ctx, &d, carriers)) != 0)
		goto done;
	/* FOREIGN-1: the approved provision is carried out by this dispatch, once. */
	if (req) {
		json_object_set_new(req_params, "dispatch_id", json_integer(d.id));
		req->params = bm_svc_json(ctx, json_incref(req_params));
		if ((rc = bm_req_mark_executed(ctx, req)) != 0)
			goto done;
		if (from_request) {
			json_t *ids = json_array();
			for (size_t i = 0; i < eff.n_carriers; i++)
				json_array_append_new(ids, json_integer(eff.carrier_ids[i]));
			json_object_set_new(detail, "carriers", ids);
		}
	}
	json_object_set_new(detail, "level", json_string(bm_level_names[top].code));
	if (d.courier)
		json_object_set_new(detail, "courier", json_string(d.courier));
	json_object_set_new(detail, "escorts", json_incref(escort_names));
	rc = BM_STORE(ctx->store, dispatch_get)(ctx->store, ctx->arena, d.id, out);
done:
	json_decref(escort_names);
	json_decref(req_params);
	return bm_svc_end(ctx, rc, "dispatch.create", dispatch_object(ctx, rc ? 0 : d.id),
	                  bm_svc_json(ctx, detail));
}

static int require_dispatch(bm_ctx *ctx, int64_t id, bm_dispatch_row **out)
{
	bm_decision d;
	int rc = BM_STORE(ctx->store, dispatch_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && (*out)->unit_id != ctx->unit->id)
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND && !bm_rules_found(&d, BM_RECORD_DISPATCH, id, false))
		rc = bm_decision_error(&d);
	return rc;
}

int bm_svc_dispatch_sign(bm_ctx *ctx, int64_t dispatch_id, int64_t carrier_id,
                         const char *signed_by)
{
	bm_dispatch_row *d = NULL;
	bm_carrier *c;
	json_t *detail = json_object();
	const char *recipient = NULL, *now = bm_svc_now_iso(ctx), *history;
	bool complete = true;
	int rc;

	json_object_set_new(detail, "carrier_id", json_integer(carrier_id));
	if (signed_by)
		json_object_set_new(detail, "signed_by", json_string(signed_by));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_RECEIPT)) != 0 ||
	    (rc = bm_svc_check_text(signed_by, "签收人", "signed by", MAX_NAME, true)) != 0 ||
	    (rc = require_dispatch(ctx, dispatch_id, &d)) != 0)
		goto done;
	{
		bm_receipt receipt = {.dispatch_id = dispatch_id,
		                      .carrier_id = carrier_id,
		                      .dispatch_open = strcmp(d->status, "open") == 0};
		bm_decision dec;
		for (size_t i = 0; i < d->n_items; i++)
			if (d->items[i].carrier_id == carrier_id) {
				recipient = d->items[i].recipient;
				receipt.listed = true;
				receipt.signed_already = d->items[i].signed_at != NULL;
			}
		/* SEND-4: each recipient signs, once, for what they received. */
		if (!bm_rules_receipt(&dec, &receipt)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	/* Out of memory must not leave a receipt without its time (a NULL signed_at is unsigned).
	 */
	if (!now) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, dispatch_sign)(ctx->store, dispatch_id, carrier_id, now,
	                                              signed_by)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, carrier_id, &c)) != 0)
		goto done;
	{
		json_t *h = json_object();
		json_object_set_new(h, "dispatch_id", json_integer(dispatch_id));
		json_object_set_new(h, "recipient", json_string(recipient ? recipient : ""));
		json_object_set_new(h, "signed_by", json_string(signed_by));
		/* Signed for: it has left the unit's custody (ledger.h). */
		if (!(history = bm_svc_json(ctx, h))) {
			rc = bm_error_nomem();
			goto done;
		}
		if ((rc = bm_ledger_set_status(ctx, c, BM_STATUS_RETURNED, "dispatch.signed",
		                               history)) != 0)
			goto done;
	}
	for (size_t i = 0; i < d->n_items; i++)
		if (d->items[i].carrier_id != carrier_id && !d->items[i].signed_at)
			complete = false;
	/* The record stays open until every receipt is signed. */
	if (complete && (rc = BM_STORE(ctx->store, dispatch_set_status)(ctx->store, dispatch_id,
	                                                                "complete")) != 0)
		goto done;
	json_object_set_new(detail, "complete", json_boolean(complete));
done:
	return bm_svc_end(ctx, rc, "dispatch.sign", dispatch_object(ctx, dispatch_id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_dispatch_show(bm_ctx *ctx, int64_t id, bm_dispatch_row **out)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_RECEIPT)) == 0)
		rc = require_dispatch(ctx, id, out);
	return bm_svc_end(ctx, rc, "dispatch.show", dispatch_object(ctx, id), NULL);
}

int bm_svc_dispatch_list(bm_ctx *ctx, bool open_only, bm_dispatch_row **out, size_t *count)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_RECEIPT)) == 0)
		rc = BM_STORE(ctx->store, dispatch_list)(ctx->store, ctx->arena, open_only, out,
		                                         count);
	return bm_svc_end(ctx, rc, "dispatch.list", "", NULL);
}

/* SEND-5: one envelope per recipient, listing what it holds. */
static int envelope(bm_ctx *ctx, const bm_dispatch_row *d, const char *recipient, int number,
                    bm_carrier **carriers, bm_buf *out)
{
	bm_level top = BM_LEVEL_PUBLIC;
	size_t n = 0;
	int rc = 0;

	for (size_t i = 0; i < d->n_items; i++)
		if (strcmp(d->items[i].recipient, recipient) == 0) {
			if (carriers[i]->level > top)
				top = carriers[i]->level;
			n++;
		}
	/* Each append fails with the buffer's own error (BM_ENOMEM or BM_ETOOLARGE), set. */
	if ((rc = bm_buf_puts(out, "========================================================\n")) !=
	            0 ||
	    (rc = bm_buf_printf(out, "  %s  %s\n", bm_level_names[top].zh,
	                        bm_level_names[top].en)) != 0 ||
	    (rc = bm_buf_printf(out, "  封号 No.:        %lld-%d\n", (long long)d->id, number)) !=
	            0 ||
	    (rc = bm_buf_printf(out, "  发件 From:       %s（%s）\n", ctx->unit->name,
	                        d->created_by_name ? d->created_by_name : "-")) != 0 ||
	    (rc = bm_buf_printf(out, "  收件 To:         %s\n", recipient)) != 0 ||
	    (rc = bm_buf_printf(out, "  传递 Channel:    %s / %s\n",
	                        bm_channel_names[d->channel].zh,
	                        bm_channel_names[d->channel].en)) != 0 ||
	    (d->courier && (rc = bm_buf_printf(out, "  递送人 Courier:  %s\n", d->courier)) != 0) ||
	    (rc = bm_buf_printf(out, "  发出 Sent:       %s\n", d->created_at)) != 0 ||
	    (rc = bm_buf_printf(out, "  内装文件 Contents (%zu):\n", n)) != 0)
		return rc;
	n = 0;
	for (size_t i = 0; i < d->n_items; i++) {
		const bm_carrier *c = carriers[i];
		const char *number_text;
		if (strcmp(d->items[i].recipient, recipient) != 0)
			continue;
		number_text = bm_ledger_number(ctx->arena, c);
		if ((rc = bm_buf_printf(out, "    %zu. [%s] %s%s%s", ++n,
		                        bm_carrier_marking(ctx->arena, c, false),
		                        number_text ? number_text : "", number_text ? "  " : "",
		                        c->title)) != 0 ||
		    (c->pages && (rc = bm_buf_printf(out, "（%d页）", c->pages)) != 0) ||
		    (rc = bm_buf_puts(out, "\n")) != 0)
			return rc;
	}
	return bm_buf_puts(out, "========================================================\n");
}

int bm_svc_dispatch_envelope(bm_ctx *ctx, int64_t id, bm_buf *out)
{
	bm_dispatch_row *d = NULL;
	bm_carrier **carriers;
	int rc, number = 0;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_ENVELOPE)) != 0 ||
	    (rc = require_dispatch(ctx, id, &d)) != 0)
		goto done;
	if (!(carriers = bm_arena_alloc(ctx->arena, (d->n_items + 1) * sizeof(*carriers)))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (size_t i = 0; i < d->n_items; i++)
		if ((rc = BM_STORE(ctx->store, carrier_get)(
		             ctx->store, ctx->arena, d->items[i].carrier_id, &carriers[i])) != 0)
			goto done;
	for (size_t i = 0; i < d->n_items; i++) {
		bool seen = false;
		for (size_t k = 0; k < i && !seen; k++)
			seen = strcmp(d->items[k].recipient, d->items[i].recipient) == 0;
		if (seen)
			continue;
		if (number && (rc = bm_buf_puts(out, "\n")) != 0)
			goto done;
		if ((rc = envelope(ctx, d, d->items[i].recipient, ++number, carriers, out)) != 0)
			goto done;
	}
done:
	return bm_svc_end(ctx, rc, "dispatch.envelope", dispatch_object(ctx, id), NULL);
}

json_t *bm_dispatch_to_json(const bm_dispatch_row *d)
{
	json_t *o = json_object(), *items = json_array(), *ch = json_object();
	json_t *escorts = d->escorts ? json_loads(d->escorts, 0, NULL) : NULL;
	size_t signed_count = 0;

	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(ch, "code", json_string(bm_channel_names[d->channel].code));
	json_object_set_new(ch, "zh", json_string(bm_channel_names[d->channel].zh));
	json_object_set_new(ch, "en", json_string(bm_channel_names[d->channel].en));
	json_object_set_new(o, "channel", ch);
	json_object_set_new(o, "courier", d->courier ? json_string(d->courier) : json_null());
	json_object_set_new(o, "escorts", escorts ? escorts : json_array());
	json_object_set_new(o, "created_by", json_integer(d->created_by));
	json_object_set_new(o, "created_by_name",
	                    d->created_by_name ? json_string(d->created_by_name) : json_null());
	json_object_set_new(o, "created_at", json_string(d->created_at));
	json_object_set_new(o, "status", json_string(d->status));
	json_object_set_new(o, "note", d->note ? json_string(d->note) : json_null());
	json_object_set_new(o, "foreign_party", json_boolean(d->foreign_party));
	json_object_set_new(o, "request_id",
	                    d->request_id ? json_integer(d->request_id) : json_null());
	for (size_t i = 0; i < d->n_items; i++) {
		json_t *it = json_object();
		json_object_set_new(it, "carrier_id", json_integer(d->items[i].carrier_id));
		json_object_set_new(it, "recipient", json_string(d->items[i].recipient));
		json_object_set_new(it, "signed_at",
		                    d->items[i].signed_at ? json_string(d->items[i].signed_at)
		                                          : json_null());
		json_object_set_new(it, "signed_by",
		                    d->items[i].signed_by ? json_string(d->items[i].signed_by)
		                                          : json_null());
		if (d->items[i].signed_at)
			signed_count++;
		json_array_append_new(items, it);
	}
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "signed", json_integer((json_int_t)signed_count));
	json_object_set_new(o, "unsigned", json_integer((json_int_t)(d->n_items - signed_count)));
	return o;
}
