/*
 * records_custody.c — custody records that need no approval: hand-over
 * lists (KEEP-2), departures (KEEP-2, PERSON-4), return to the issuer
 * (KEEP-3), volumes and compilations (LEVEL-5, KEEP-4).
 */
#include "common.h"

#include <stdio.h>

#include "policy/custody.h"
#include "policy/device.h"
#include "service/device.h"
#include "service/records_int.h"
#include "service/site.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* ---- hand-over (KEEP-2, PERSON-1) --------------------------------------- */

/*
 * KEEP-2 with REG-1 (issue 14 point 5): each side confirms the list
 * themselves, as a holder at the desk — their own password on the clerk's
 * screen (checked as at login before the transaction; a wrong one is
 * refused and counts towards their lockout, SYS-4), or by hand on the
 * printed list when they have no account. A typed name is no signature.
 * Checks the passwords given, each against its side's account.
 */
static int check_side_passwords(bm_ctx *ctx, const char *from_person, const char *to_person,
                                const bm_svc_receipt *from_r, const bm_svc_receipt *to_r,
                                bm_svc_holder_proof *from_proof, bm_svc_holder_proof *to_proof)
{
	bm_person *from = NULL, *to = NULL;
	int rc;
	if (!from_r->password && !to_r->password)
		return 0;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, from_person, &from),
	                            BM_FORM_HANDOVER, "from")) != 0 ||
	    (rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, to_person, &to), BM_FORM_HANDOVER,
	                            "to")) != 0 ||
	    (rc = bm_svc_read_end(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_holder_check(ctx, from->id, from_r->password, from_proof)) != 0)
		return rc;
	return bm_svc_holder_check(ctx, to->id, to_r->password, to_proof);
}

/* SYS-4: a wrong password counts towards that side's lockout, as a failed login. */
static void sides_failed(bm_ctx *ctx, const bm_svc_holder_proof *a, const bm_svc_holder_proof *b)
{
	bm_svc_holder_failed(ctx, a);
	bm_svc_holder_failed(ctx, b);
}

/* KEEP-2, REG-1: how each side confirmed the list, for the audit. */
static void sides_receipt(json_t *detail, const bm_handover_row *h)
{
	json_object_set_new(detail, "from_receipt",
	                    json_string(bm_loan_receipt(h->from_signature)));
	json_object_set_new(detail, "to_receipt", json_string(bm_loan_receipt(h->to_signature)));
}

/* How a side confirmed, as the list records it: "#password" or "#paper". */
static const char *side_mark(const bm_svc_receipt *r)
{
	return r->password ? BM_RECEIPT_MARK_PASSWORD : BM_RECEIPT_MARK_PAPER;
}

/* KEEP-2: the two sides, resolved: different people, the successor active. */
static int load_handover_sides(bm_person **from, bm_person **to, bm_ctx *ctx,
                               const char *from_person, const char *to_person)
{
	int rc;

	bm_handover_facts h;
	bm_decision d;

	if ((rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, from_person, from), BM_FORM_HANDOVER,
	                            "from")) != 0 ||
	    (rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, to_person, to), BM_FORM_HANDOVER,
	                            "to")) != 0)
		return rc;
	h.from_id = (*from)->id;
	h.to_id = (*to)->id;
	h.to_name = (*to)->name;
	h.to_active = (*to)->status == BM_PERSON_ACTIVE;
	if (!bm_rules_handover(&d, &h))
		return bm_decision_error(&d);
	return 0;
}

/*
 * PERSON-1/2/3/7, KEEP-6: may `to` take over the carrier `c`? The successor
 * must be allowed to keep its level, and an item without approved personal
 * keeping goes only to a clerk.
 */
static int decide_handover_item(bm_ctx *ctx, const bm_person *to, const bm_actor *to_facts,
                                const bm_carrier *c)
{
	bm_decision d;

	if (!bm_rules_named_person(&d, &ctx->policy, to_facts, c->level, bm_svc_today_days(ctx))) {
		char zh[BM_REASON_MAX + 64], en[BM_REASON_MAX + 64];
		snprintf(zh, sizeof(zh), "载体 %lld 不能移交给“%s”：%s", (long long)c->id, to->name,
		         d.reason_zh);
		snprintf(en, sizeof(en), "carrier %lld cannot go to '%s': %s", (long long)c->id,
		         to->name, d.reason_en);
		return bm_error_set_msg(d.klass ? d.klass : BM_EDENIED, d.code, d.rule, zh, en);
	}
	/*
	 * KEEP-6: the approved terms of personal keeping go with the item to
	 * the successor, who signs the list; a clerk successor ends them. An
	 * item without terms (the clerk's) goes to another person by a move
	 * with its own terms, not by a hand-over.
	 */
	if (!bm_rules_handover_keeping(&d, c->id, bm_svc_person_is_clerk(to), c->keep_until != 0,
	                               to->name))
		return bm_decision_error(&d);
	/* CIRC-1: the successor keeps only what they may know, unless a clerk. */
	return bm_svc_custodian_scope(ctx, c, to, to_facts);
}

/*
 * KEEP-2: the clerk's choice (issue 14 point 4) replaces what `from` keeps
 * (`*ids`, `*n`): each chosen carrier must be among them.
 */
static int choose_handover_items(int64_t **ids, size_t *n, bm_ctx *ctx, const bm_person *from,
                                 const bm_handover_choice *choice)
{
	int64_t *chosen;
	bm_decision d;

	if (!(chosen = bm_arena_alloc(ctx->arena, (choice->n_carriers ? choice->n_carriers : 1) *
	                                                  sizeof(*chosen))))
		return bm_error_nomem();
	for (size_t i = 0; i < choice->n_carriers; i++) {
		bool kept = false;
		for (size_t k = 0; k < *n && !kept; k++)
			kept = (*ids)[k] == choice->carrier_ids[i];
		if (!bm_rules_handover_kept(&d, false, choice->carrier_ids[i], kept, from->name))
			return bm_decision_error(&d);
		chosen[i] = choice->carrier_ids[i];
	}
	*ids = chosen;
	*n = choice->n_carriers;
	return 0;
}

/*
 * Loads what `from` keeps, or the chosen part of it (`*items`, `*n`,
 * arena), and decides each for `to`.
 */
static int load_handover_items(bm_carrier **items, int64_t **ids, size_t *n, bm_ctx *ctx,
                               const bm_person *from, const bm_person *to,
                               const bm_handover_choice *choice)
{
	bm_actor to_facts;
	bm_carrier *list;
	int rc;

	if ((rc = bm_svc_actor_facts(ctx, to, &to_facts)) != 0 ||
	    (rc = BM_STORE(ctx->store, carrier_linked)(ctx->store, ctx->arena, BM_LINK_CUSTODIAN,
	                                               from->id, ids, n)) != 0 ||
	    (choice && (rc = choose_handover_items(ids, n, ctx, from, choice)) != 0))
		return rc;
	if (!(list = bm_arena_alloc(ctx->arena, (*n ? *n : 1) * sizeof(*list))))
		return bm_error_nomem();
	for (size_t i = 0; i < *n; i++) {
		bm_carrier *c;
		if ((rc = bm_rec_load_carrier(ctx, (*ids)[i], &c)) != 0 ||
		    (rc = decide_handover_item(ctx, to, &to_facts, c)) != 0)
			return rc;
		list[i] = *c;
	}
	*items = list;
	return 0;
}

/* KEEP-2: writes the list `h` and moves every item to the successor. */
static int write_handover(bm_ctx *ctx, bm_handover_row *h, bm_carrier *items, const bm_person *to)
{
	int rc;

	/* KEEP-2, REG-1: the list keeps each carrier as handed over (migration 47). */
	if (!(h->items = bm_arena_alloc(ctx->arena,
	                                (h->n_carriers ? h->n_carriers : 1) * sizeof(*h->items))))
		return bm_error_nomem();
	for (size_t i = 0; i < h->n_carriers; i++) {
		const bm_carrier *c = &items[i];
		h->items[i] = (bm_handover_item){
		        c->id,    c->doc_number, c->serial_number,
		        c->title, (int)c->level, bm_carrier_marking_text(ctx->arena, c, false)};
	}
	if ((rc = BM_STORE(ctx->store, handover_insert)(ctx->store, h)) != 0)
		return rc;
	for (size_t i = 0; i < h->n_carriers; i++) {
		json_t *e = json_object();
		items[i].custodian_id = to->id;
		items[i].custodian_name = to->name;
		items[i].updated_at = h->at;
		if (bm_svc_person_is_clerk(to)) {
			items[i].keep_reason = items[i].keep_until = items[i].keep_approver_name =
			        NULL;
			items[i].keep_approver_id = 0;
		}
		bm_svc_keeping_facts(&items[i], e);
		json_object_set_new(e, "handover_id", json_integer(h->id));
		json_object_set_new(e, "from_custodian_id", json_integer(h->from_person_id));
		json_object_set_new(e, "to_custodian_id", json_integer(to->id));
		if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, &items[i])) != 0 ||
		    (rc = bm_svc_history(ctx, items[i].id, "handover", bm_svc_json(ctx, e))) != 0)
			return rc;
	}
	return 0;
}

/* KEEP-2, REG-1: the devices handed over, as they were, on the list; its books' numbers. */
static int finish_handover(bm_ctx *ctx, bm_handover_row *h, const int64_t *device_ids,
                           size_t n_devices)
{
	int rc;
	if (!(h->devices = bm_arena_alloc(ctx->arena,
	                                  (n_devices ? n_devices : 1) * sizeof(*h->devices))))
		return bm_error_nomem();
	for (size_t i = 0; i < n_devices; i++) {
		bm_device *d;
		if ((rc = BM_STORE(ctx->store, device_get)(ctx->store, ctx->arena, device_ids[i],
		                                           &d)) != 0)
			return rc;
		h->devices[i] =
		        (bm_handover_device){d->id, d->number, bm_device_kind_names[d->kind].code,
		                             d->model, (int)d->level};
	}
	h->n_devices = n_devices;
	return BM_STORE(ctx->store, handover_finish)(ctx->store, h);
}

int bm_svc_handover(bm_ctx *ctx, const char *from_person, const char *to_person,
                    const bm_svc_receipt *from_receipt, const bm_svc_receipt *to_receipt,
                    const char *note, bm_carrier **listed, size_t *n)
{
	return bm_svc_handover_chosen(ctx, from_person, to_person, from_receipt, to_receipt, note,
	                              NULL, listed, n, NULL);
}

int bm_svc_handover_chosen(bm_ctx *ctx, const char *from_person, const char *to_person,
                           const bm_svc_receipt *from_receipt, const bm_svc_receipt *to_receipt,
                           const char *note, const bm_handover_choice *choice, bm_carrier **listed,
                           size_t *n, int64_t *handover_id)
{
	bm_svc_holder_proof from_proof = {0}, to_proof = {0};
	bm_person *from = NULL, *to = NULL;
	bm_handover_row h;
	bm_carrier *items = NULL;
	json_t *detail = json_object();
	int64_t *ids = NULL, *device_ids = NULL;
	size_t n_ids = 0, n_devices = 0;
	int rc;

	memset(&h, 0, sizeof(h));
	json_object_set_new(detail, "from", json_string(from_person ? from_person : ""));
	json_object_set_new(detail, "to", json_string(to_person ? to_person : ""));
	/* KEEP-2: listed at the clerk's desk and noted: no database. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_HANDOVER)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", REC_MAX_NOTE, false)) != 0)
		goto done;
	if (choice) {
		bm_decision d;
		json_object_set_new(detail, "chosen", json_true());
		if (!bm_rules_handover_choice(&d, choice->carrier_ids, choice->n_carriers,
		                              choice->device_ids, choice->n_devices)) {
			rc = bm_decision_error(&d);
			goto done;
		}
	}
	if ((rc = check_side_passwords(ctx, from_person, to_person, from_receipt, to_receipt,
	                               &from_proof, &to_proof)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		sides_failed(ctx, &from_proof, &to_proof);
		return rc;
	}
	/* KEEP-2: the sides and the list decided, last each side confirms it themselves. */
	if ((rc = load_handover_sides(&from, &to, ctx, from_person, to_person)) != 0 ||
	    (rc = load_handover_items(&items, &ids, &n_ids, ctx, from, to, choice)) != 0 ||
	    (rc = bm_svc_holder_receipt(ctx, &from_proof, from, from_receipt,
	                                BM_RULE_HANDOVER_RECEIPT, "移交人",
	                                "person handing over")) != 0 ||
	    (rc = bm_svc_holder_receipt(ctx, &to_proof, to, to_receipt, BM_RULE_HANDOVER_RECEIPT,
	                                "接收人", "successor")) != 0)
		goto done;
	/* KEEP-2: one list, confirmed by both sides (how: "#password" or "#paper"). */
	h.unit_id = ctx->unit->id;
	h.from_person_id = from->id;
	h.to_person_id = to->id;
	h.note = rec_given(note) ? note : NULL;
	h.from_signature = side_mark(from_receipt);
	h.to_signature = side_mark(to_receipt);
	h.recorded_by = ctx->actor->id;
	h.at = bm_svc_now_iso(ctx);
	h.carrier_ids = ids;
	h.n_carriers = n_ids;
	if ((rc = write_handover(ctx, &h, items, to)) != 0 ||
	    /* KEEP-2: the devices go to the successor on the same list (issue 10 point 3). */
	    (rc = bm_svc_device_handover(ctx, from, to, h.id, choice ? choice->device_ids : NULL,
	                                 choice ? choice->n_devices : 0, choice != NULL,
	                                 &device_ids, &n_devices)) != 0 ||
	    (rc = finish_handover(ctx, &h, device_ids, n_devices)) != 0)
		goto done;
	if (handover_id)
		*handover_id = h.id;
	json_object_set_new(detail, "handover_id", json_integer(h.id));
	json_object_set_new(detail, "from_person_id", json_integer(from->id));
	json_object_set_new(detail, "to_person_id", json_integer(to->id));
	json_object_set_new(detail, "carrier_ids", bm_rec_ids_json(ids, n_ids));
	json_object_set_new(detail, "device_ids", bm_rec_ids_json(device_ids, n_devices));
	sides_receipt(detail, &h);
	*listed = items;
	*n = n_ids;
done:
	bm_svc_holder_audit(detail, "from_password", &from_proof);
	bm_svc_holder_audit(detail, "to_password", &to_proof);
	rc = bm_svc_end(ctx, rc, "custody.handover",
	                from ? bm_rec_object(ctx, "person", from->id) : "",
	                bm_svc_json(ctx, detail));
	sides_failed(ctx, &from_proof, &to_proof);
	return rc;
}

/* ---- departure (KEEP-2, PERSON-4) --------------------------------------- */

/* PERSON-4: the departure date: a valid date, not in the future (no database needed). */
static int check_departure_date(int32_t *left, const bm_ctx *ctx, const char *left_on)
{
	bm_departure_facts f = {.left_on = left_on};
	bm_decision d;
	f.valid = rec_given(left_on) && bm_date_parse(left_on, left);
	f.in_future = f.valid && *left > bm_svc_today_days(ctx);
	if (!bm_rules_departure_record(&d, &f))
		return bm_decision_error(&d);
	return 0;
}

/* KEEP-2: refused while the person keeps any carrier or holds one on loan. */
static int decide_departure(bm_ctx *ctx, const bm_person *p, json_t *detail)
{
	bm_person_holds h;
	bm_decision d;
	int rc;

	/* KEEP-2: the one count of what a person holds (people.c). */
	if ((rc = bm_svc_person_holds(ctx, p, &h)) != 0)
		return rc;
	json_object_set_new(detail, "kept", json_integer((json_int_t)h.kept));
	json_object_set_new(detail, "on_loan", json_integer((json_int_t)h.on_loan));
	if (!bm_rules_departure(&d, (size_t)bm_svc_person_holds_total(&h)))
		return bm_decision_error(&d);
	/* KEEP-2: the devices the person is responsible for are handed over too. */
	json_object_set_new(detail, "devices", json_integer((json_int_t)h.devices));
	if (!bm_rules_device_departure(&d, (size_t)h.devices))
		return bm_decision_error(&d);
	return 0;
}

/* PERSON-4: records the departure, its 脱密期, and ends the person's sessions. */
static int write_departure(bm_departure_row **out, bm_ctx *ctx, bm_person *p, const char *left_on,
                           int32_t left)
{
	bm_departure_row *row;
	char buf[BM_DATE_LEN];
	int rc;

	if (!(row = bm_arena_alloc(ctx->arena, sizeof(*row))))
		return bm_error_nomem();
	row->person_id = p->id;
	row->left_on = bm_arena_strdup(ctx->arena, left_on);
	/* PERSON-4: the 脱密期 of the person's class runs from the day they left. */
	bm_date_format(bm_rules_decl_end(&ctx->policy, p->person_class, left), buf);
	row->decl_until = bm_arena_strdup(ctx->arena, buf);
	row->person_class = p->person_class;
	row->recorded_by = ctx->actor->id;
	row->at = bm_svc_now_iso(ctx);
	p->status = BM_PERSON_LEFT;
	if ((rc = BM_STORE(ctx->store, departure_insert)(ctx->store, row)) != 0 ||
	    (rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0 ||
	    (rc = bm_svc_register_departed(ctx, p, row->left_on, row->decl_until)) != 0 ||
	    (rc = BM_STORE(ctx->store, session_end_person)(ctx->store, p->id, 0, row->at,
	                                                   "left")) != 0)
		return rc;
	*out = row;
	return 0;
}

int bm_svc_person_depart(bm_ctx *ctx, const char *person, const char *left_on,
                         bm_departure_row **out)
{
	bm_person *p = NULL;
	bm_departure_row *row = NULL;
	json_t *detail = json_object();
	int32_t left = 0;
	int rc;

	json_object_set_new(detail, "person", json_string(person ? person : ""));
	if (left_on)
		json_object_set_new(detail, "left_on", json_string(left_on));
	/* PERSON-4: personnel security records are the security administrator's (SYS-1). */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEPARTURE)) != 0)
		goto done;
	if ((rc = check_departure_date(&left, ctx, left_on)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_person_resolve(ctx, person, &p)) != 0)
		goto done;
	if (p->status == BM_PERSON_LEFT) {
		bm_departure_facts f = {.name = p->name, .valid = true, .already_left = true};
		bm_decision d;
		bm_rules_departure_record(&d, &f);
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = decide_departure(ctx, p, detail)) != 0 ||
	    (rc = write_departure(&row, ctx, p, left_on, left)) != 0 ||
	    (rc = bm_site_drop_person(ctx, p, "离岗", detail)) != 0)
		goto done;
	json_object_set_new(detail, "person_id", json_integer(p->id));
	json_object_set_new(detail, "decl_until", json_string(row->decl_until));
	json_object_set_new(detail, "class", json_string(bm_class_names[p->person_class].code));
	if (out)
		*out = row;
done:
	return bm_svc_end(ctx, rc, "person.depart", p ? bm_rec_object(ctx, "person", p->id) : "",
	                  bm_svc_json(ctx, detail));
}

/* ---- return to issuer (KEEP-3) ------------------------------------------ */

int bm_svc_return_to_issuer(bm_ctx *ctx, const int64_t *carrier_ids, size_t n, const char *note)
{
	json_t *detail = json_object();
	bm_decision d;
	int rc;

	json_object_set_new(detail, "carrier_ids", bm_rec_ids_json(carrier_ids, n));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_CLEAR_OUT)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", REC_MAX_NOTE, false)) != 0)
		goto done;
	if (!bm_rules_item_list(&d, BM_LIST_CLEAR_OUT, n, REC_MAX_ITEMS)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		bm_carrier *c;
		bool on_loan;
		json_t *h;
		if (!bm_rules_item_once(&d, BM_LIST_CLEAR_OUT, carrier_ids, i)) {
			rc = bm_decision_error(&d);
			goto done;
		}
		if ((rc = bm_rec_load_carrier(ctx, carrier_ids[i], &c)) != 0 ||
		    (rc = bm_rec_open_loan(ctx, c->id, &on_loan)) != 0)
			goto done;
		/* KEEP-3: what is on loan or out comes back first. */
		if ((rc = bm_svc_carrier_state(BM_NEED_CLEAR_OUT, c, on_loan)) != 0)
			goto done;
		c->status = BM_STATUS_RETURNED;
		c->updated_at = bm_svc_now_iso(ctx);
		h = json_object();
		if (rec_given(note))
			json_object_set_new(h, "note", json_string(note));
		if (c->sender || c->producer)
			json_object_set_new(h, "issuer",
			                    json_string(c->sender ? c->sender : c->producer));
		if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0 ||
		    (rc = bm_svc_history(ctx, c->id, "return_to_issuer", bm_svc_json(ctx, h))) != 0)
			goto done;
	}
	if (rec_given(note))
		json_object_set_new(detail, "note", json_string(note));
done:
	return bm_svc_end(ctx, rc, "carrier.return_to_issuer", "", bm_svc_json(ctx, detail));
}

/* ---- volumes and compilations (LEVEL-5, KEEP-4) ------------------------- */

/* A part may join a volume: in the ledger, in no other volume, not the volume itself. */
static int check_part(const bm_carrier *part, int64_t volume_id)
{
	bm_decision d;
	int rc;
	if ((rc = bm_svc_carrier_state(BM_NEED_VOLUME_PART, part, false)) != 0)
		return rc;
	if (!bm_rules_volume_part(&d, part->id, part->volume_id, volume_id))
		return bm_decision_error(&d);
	return 0;
}

/* LEVEL-5: the volume is at least the highest level of its parts. */
static int check_volume_level(bm_level volume, const bm_carrier *parts, size_t n)
{
	bm_decision d;
	bm_level highest = BM_LEVEL_PUBLIC;
	for (size_t i = 0; i < n; i++)
		if (parts[i].level > highest)
			highest = parts[i].level;
	/* The rule takes the levels of the parts; the highest one decides. */
	if (!bm_rules_volume_level(&d, volume, &highest, n ? 1 : 0))
		return bm_decision_error(&d);
	return 0;
}

/* Adds `part` to volume `vol` with history on both (inside the caller's transaction). */
static int join_volume(bm_ctx *ctx, bm_carrier *part, const bm_carrier *vol)
{
	json_t *h = json_object();
	int rc;
	part->volume_id = vol->id;
	part->updated_at = bm_svc_now_iso(ctx);
	json_object_set_new(h, "volume_id", json_integer(vol->id));
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, part)) != 0 ||
	    (rc = bm_svc_history(ctx, part->id, "volume_join", bm_svc_json(ctx, json_incref(h)))) !=
	            0) {
		json_decref(h);
		return rc;
	}
	json_object_del(h, "volume_id");
	json_object_set_new(h, "part_id", json_integer(part->id));
	return bm_svc_history(ctx, vol->id, "volume_add", bm_svc_json(ctx, h));
}

/* CIRC-1: the facts of the person scope entry `e` names (`*out` NULL for a department; arena). */
static int entry_person(bm_actor **out, bm_ctx *ctx, const bm_scope_entry *e)
{
	bm_person *p = NULL;
	bm_actor *a;
	int rc;

	*out = NULL;
	if (!e->person_id)
		return 0;
	if (!(a = bm_arena_alloc(ctx->arena, sizeof(*a))))
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, e->person_id, &p)) !=
	            0 ||
	    (rc = bm_svc_actor_facts(ctx, p, a)) != 0)
		return rc;
	*out = a;
	return 0;
}

/*
 * CIRC-1: `*held` says whether entry `e` lies inside the scope of every
 * part; `*outside` (may be NULL) is then the first part that does not hold it.
 */
static int held_by_parts(bool *held, int64_t *outside, bm_ctx *ctx, const bm_scope_entry *e,
                         const bm_carrier *parts, size_t n)
{
	bm_actor *person = NULL;
	int rc;

	*held = true;
	if ((rc = entry_person(&person, ctx, e)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_item it;
		if ((rc = bm_svc_item_facts(ctx, &parts[i], &it)) != 0)
			return rc;
		if (!bm_rules_scope_holds(&it, e, person)) {
			*held = false;
			if (outside)
				*outside = parts[i].id;
			break;
		}
	}
	return 0;
}

/* Whether entry k of part i appeared earlier among the parts' entries. */
static bool seen_before(const bm_carrier *parts, size_t i, size_t k)
{
	const bm_scope_entry *e = &parts[i].scope[k];
	for (size_t j = 0; j <= i; j++)
		for (size_t m = 0; m < (j == i ? k : parts[j].n_scope); m++)
			if (parts[j].scope[m].person_id == e->person_id &&
			    parts[j].scope[m].department_id == e->department_id)
				return true;
	return false;
}

/* Appends entry `e` to the typed scope list `*text` ("person:1,dept:2"; arena). */
static int append_entry(const char **text, bm_ctx *ctx, const bm_scope_entry *e)
{
	*text = bm_arena_printf(ctx->arena, "%s%s%s:%lld", *text, **text ? "," : "",
	                        e->person_id ? "person" : "dept",
	                        (long long)(e->person_id ? e->person_id : e->department_id));
	return *text ? 0 : bm_error_nomem();
}

/*
 * CIRC-1: the volume's scope is the intersection of its classified parts'
 * scopes, so nobody sees a part through the volume, nor is circulated the
 * volume, who may not see the part (`*out` the typed list; arena).
 */
static int common_scope(const char **out, bm_ctx *ctx, const bm_carrier *parts, size_t n)
{
	const char *text = "";
	size_t n_common = 0;
	bool classified = false;
	bm_decision d;
	int rc;

	for (size_t i = 0; i < n; i++)
		classified |= bm_level_is_classified(parts[i].level);
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < parts[i].n_scope; k++) {
			bool held = true;
			if (seen_before(parts, i, k))
				continue;
			if ((rc = held_by_parts(&held, NULL, ctx, &parts[i].scope[k], parts, n)) !=
			            0 ||
			    (held && (rc = append_entry(&text, ctx, &parts[i].scope[k])) != 0))
				return rc;
			n_common += held;
		}
	if (classified && !bm_rules_volume_scope_common(&d, n_common))
		return bm_decision_error(&d);
	*out = text;
	return 0;
}

/* CIRC-1: every entry of the volume's scope lies within the scope of every part. */
static int check_volume_scope(bm_ctx *ctx, const bm_carrier *vol, const bm_carrier *parts, size_t n)
{
	bm_decision d;
	int rc;

	for (size_t k = 0; k < vol->n_scope; k++) {
		bool held = true;
		int64_t outside = 0;
		if ((rc = held_by_parts(&held, &outside, ctx, &vol->scope[k], parts, n)) != 0)
			return rc;
		if (!bm_rules_volume_scope_within(&d, outside, held))
			return bm_decision_error(&d);
	}
	return 0;
}

/* LEVEL-4: the volume's level is its highest part's, unless a classification authority decides. */
static int check_volume_level_set(bm_level volume, const bm_carrier *parts, size_t n)
{
	bm_decision d;
	bm_level highest = BM_LEVEL_PUBLIC;
	for (size_t i = 0; i < n; i++)
		if (parts[i].level > highest)
			highest = parts[i].level;
	if (!bm_rules_volume_level_set(&d, volume, highest))
		return bm_decision_error(&d);
	return 0;
}

/* LEVEL-5, KEEP-4: loads the parts (`*out`, arena), each a carrier that may join a volume. */
static int load_volume_parts(bm_carrier **out, bm_ctx *ctx, const int64_t *part_ids, size_t n_parts)
{
	bm_carrier *parts;
	int rc;

	if (!(parts = bm_arena_alloc(ctx->arena, n_parts * sizeof(*parts))))
		return bm_error_nomem();
	for (size_t i = 0; i < n_parts; i++) {
		bm_carrier *c;
		if ((rc = bm_rec_load_carrier(ctx, part_ids[i], &c)) != 0 ||
		    (rc = check_part(c, 0)) != 0)
			return rc;
		parts[i] = *c;
	}
	*out = parts;
	return 0;
}

/*
 * KEEP-1, LEVEL-2, CIRC-1: the volume is kept where its highest part is,
 * under the scope its parts have in common.
 */
static int volume_defaults(bm_carrier_input *vi, bm_ctx *ctx, const bm_carrier *parts,
                           size_t n_parts)
{
	if (!rec_given(vi->place)) {
		size_t top = 0;
		for (size_t i = 1; i < n_parts; i++)
			if (parts[i].level > parts[top].level)
				top = i;
		if (parts[top].place_id)
			vi->place =
			        bm_arena_printf(ctx->arena, "%lld", (long long)parts[top].place_id);
	}
	if (!rec_given(vi->scope))
		return common_scope(&vi->scope, ctx, parts, n_parts);
	return 0;
}

/* Registers the volume and files every part in it. */
static int write_volume(bm_ctx *ctx, bm_carrier *vol, bm_carrier *parts, const int64_t *part_ids,
                        size_t n_parts)
{
	json_t *extra = json_object();
	int rc;

	vol->origin = BM_ORIGIN_VOLUME;
	vol->received_on = NULL;
	json_object_set_new(extra, "part_ids", bm_rec_ids_json(part_ids, n_parts));
	rc = bm_carrier_insert(ctx, vol, "register_volume", extra);
	json_decref(extra);
	for (size_t i = 0; i < n_parts && rc == 0; i++)
		rc = join_volume(ctx, &parts[i], vol);
	return rc;
}

int bm_svc_volume_create(bm_ctx *ctx, const bm_carrier_input *in, const int64_t *part_ids,
                         size_t n_parts, bm_carrier **out)
{
	bm_carrier *parts = NULL, *vol = NULL;
	bm_carrier_input vi = *in;
	json_t *detail = json_object();
	bm_decision d;
	int level, rc;

	json_object_set_new(detail, "title", json_string(in->title ? in->title : ""));
	json_object_set_new(detail, "part_ids", bm_rec_ids_json(part_ids, n_parts));
	/* KEEP-4: volumes are filed by the clerk who keeps the ledger; parts listed once. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_VOLUME)) != 0)
		goto done;
	if (!bm_rules_item_list(&d, BM_LIST_VOLUME, n_parts, REC_MAX_ITEMS)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	for (size_t i = 0; i < n_parts; i++)
		if (!bm_rules_item_once(&d, BM_LIST_VOLUME, part_ids, i)) {
			rc = bm_decision_error(&d);
			goto done;
		}
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = load_volume_parts(&parts, ctx, part_ids, n_parts)) != 0)
		goto done;
	/*
	 * LEVEL-5, LEVEL-4: refused before anything else when the level is lower
	 * than a part's, or higher than all (a classification authority's decision).
	 */
	if (rec_given(in->level) && (level = bm_level_parse(in->level)) >= 0 &&
	    ((rc = check_volume_level((bm_level)level, parts, n_parts)) != 0 ||
	     (rc = check_volume_level_set((bm_level)level, parts, n_parts)) != 0))
		goto done;
	if ((rc = volume_defaults(&vi, ctx, parts, n_parts)) != 0)
		goto done;
	if (!(vol = bm_arena_alloc(ctx->arena, sizeof(*vol)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = bm_carrier_build(vol, ctx, &vi, false)) != 0 ||
	    (rc = check_volume_level(vol->level, parts, n_parts)) != 0 ||
	    (rc = check_volume_level_set(vol->level, parts, n_parts)) != 0 ||
	    (rc = check_volume_scope(ctx, vol, parts, n_parts)) != 0 ||
	    (rc = write_volume(ctx, vol, parts, part_ids, n_parts)) != 0)
		goto done;
	json_object_set_new(detail, "volume_id", json_integer(vol->id));
	json_object_set_new(detail, "level", json_string(bm_level_names[vol->level].code));
	*out = vol;
done:
	return bm_svc_end(ctx, rc, "volume.create",
	                  vol && vol->id ? bm_rec_object(ctx, "carrier", vol->id) : "",
	                  bm_svc_json(ctx, detail));
}

/*
 * The volume's parts once `part` joins (`*out`, arena; `*n` of them): those
 * filed in it already, in id order, then `part`.
 */
static int volume_parts_with(bm_carrier **out, size_t *n, bm_ctx *ctx, const bm_carrier *vol,
                             const bm_carrier *part)
{
	int64_t *ids = NULL;
	size_t n_ids = 0;
	bm_carrier *parts;
	int rc;

	if ((rc = BM_STORE(ctx->store, carrier_linked)(ctx->store, ctx->arena, BM_LINK_VOLUME,
	                                               vol->id, &ids, &n_ids)) != 0)
		return rc;
	if (!(parts = bm_arena_alloc(ctx->arena, (n_ids + 1) * sizeof(*parts))))
		return bm_error_nomem();
	for (size_t i = 0; i < n_ids; i++) {
		bm_carrier *c;
		if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, ids[i], &c)) !=
		    0)
			return rc;
		parts[i] = *c;
	}
	parts[n_ids] = *part;
	*out = parts;
	*n = n_ids + 1;
	return 0;
}

/*
 * PERSON-1/2/3/7: everybody the volume names — its scope's people and its
 * custodian — sees the joining part through it, so each is checked at the
 * volume's level as when the volume was created (bm_rules_named_person).
 */
static int check_volume_people(bm_ctx *ctx, const bm_carrier *vol)
{
	bm_person *keeper;
	int rc;

	if ((rc = bm_svc_check_scope_people(ctx, vol)) != 0)
		return rc;
	if (!vol->custodian_id)
		return 0;
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, vol->custodian_id,
	                                           &keeper)) != 0)
		return rc;
	return bm_svc_check_named(ctx, keeper, vol->level, true);
}

/*
 * The checks of bm_svc_volume_create, for `part` joining `vol`: LEVEL-5 (not
 * above the volume), PERSON-1/2/3/7 (the people the volume names), CIRC-1
 * (the volume's scope lies within every part's, volume_scope_wider, and the
 * parts still have a scope in common, no_common_scope) and LEVEL-4
 * (the volume's level is its highest part's, unless a classification
 * authority decided it since: a level change keeps original_level).
 */
static int check_volume_join(bm_ctx *ctx, const bm_carrier *vol, const bm_carrier *part)
{
	bm_carrier *parts = NULL;
	const char *common = NULL;
	size_t n = 0;
	int rc;

	if ((rc = check_part(part, vol->id)) != 0 ||
	    (rc = check_volume_level(vol->level, part, 1)) != 0 ||
	    (rc = check_volume_people(ctx, vol)) != 0 ||
	    (rc = volume_parts_with(&parts, &n, ctx, vol, part)) != 0 ||
	    (rc = check_volume_scope(ctx, vol, parts, n)) != 0 ||
	    (rc = common_scope(&common, ctx, parts, n)) != 0)
		return rc;
	if (vol->level == vol->original_level)
		return check_volume_level_set(vol->level, parts, n);
	return 0;
}

int bm_svc_volume_add(bm_ctx *ctx, int64_t volume_id, int64_t part_id)
{
	bm_carrier *vol, *part;
	json_t *detail = json_object();
	bm_decision d;
	int rc;

	json_object_set_new(detail, "volume_id", json_integer(volume_id));
	json_object_set_new(detail, "part_id", json_integer(part_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_VOLUME)) != 0 ||
	    (rc = bm_rec_load_carrier(ctx, volume_id, &vol)) != 0 ||
	    (rc = bm_rec_load_carrier(ctx, part_id, &part)) != 0)
		goto done;
	if (!bm_rules_is_volume(&d, volume_id, vol->origin == BM_ORIGIN_VOLUME)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = bm_svc_carrier_state(BM_NEED_VOLUME, vol, false)) != 0)
		goto done;
	/* LEVEL-5, PERSON-1/2/3/7, CIRC-1, LEVEL-4: as when the volume was created. */
	if ((rc = check_volume_join(ctx, vol, part)) != 0 ||
	    (rc = join_volume(ctx, part, vol)) != 0)
		goto done;
done:
	return bm_svc_end(ctx, rc, "volume.add", bm_rec_object(ctx, "carrier", volume_id),
	                  bm_svc_json(ctx, detail));
}
