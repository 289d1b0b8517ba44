/*
 * handover_read.c — the kept hand-over lists read back (KEEP-2, REG-1,
 * REG-4; issue 14 point 5): the 移交登记簿 of the unit and one list as it
 * was handed over, to reprint. The lists are read from what was stored at
 * the hand-over (migration 47), never from the carriers as they are now.
 *
 * Read like the other registers (the destruction register's rule): any
 * reader but an administrator (SYS-1); SYS-2 narrows each list as
 * bm_rules_handover_read says. Every read is audited.
 */
#include "common.h"

#include "policy/custody.h"
#include "policy/entries.h"
#include "model/device.h"
#include "service/ledger_int.h"
#include "service/records_int.h"

int bm_svc_handover_narrow(bm_ctx *ctx, bm_handover_row *h, bm_handover_view *v, bool *shown)
{
	bool whole = bm_ctx_has_role(ctx, BM_ROLE_CLERK) || h->from_person_id == ctx->actor->id ||
	             h->to_person_id == ctx->actor->id || h->recorded_by == ctx->actor->id;
	bm_decision d;
	size_t k = 0;

	memset(v, 0, sizeof(*v));
	*shown = false;
	for (size_t i = 0; i < h->n_carriers; i++) {
		bm_carrier *c;
		bool visible = whole;
		if (!visible) {
			if (BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena,
			                                      h->items[i].carrier_id, &c) != 0)
				bm_error_clear();
			else
				visible = bm_svc_can_see(ctx, c);
		}
		if (visible) {
			h->items[k] = h->items[i];
			h->carrier_ids[k++] = h->carrier_ids[i];
		}
	}
	v->n_hidden = h->n_carriers - k;
	h->n_carriers = k;
	if (!bm_rules_handover_read(&d, h->id, whole, k))
		return 0;
	v->row = h;
	v->whole = whole;
	v->from_name = bm_ledger_person_name(ctx, h->from_person_id);
	v->to_name = bm_ledger_person_name(ctx, h->to_person_id);
	v->recorded_by_name = bm_ledger_person_name(ctx, h->recorded_by);
	v->local_at = bm_ledger_local_time(ctx, h->at);
	*shown = true;
	return 0;
}

const char *bm_handover_receipt_text(bm_ctx *ctx, const char *signature, const char *at)
{
	const char *how = bm_loan_receipt(signature);
	if (strcmp(how, "password") == 0)
		return bm_arena_printf(ctx->arena, "本人口令确认 %s",
		                       bm_ledger_local_time(ctx, at));
	if (strcmp(how, "paper") == 0)
		return "纸质清单手签";
	return "录入姓名（非本人签字）";
}

int bm_svc_handover_list(bm_ctx *ctx, const char *person, const char *from, const char *to,
                         bm_handover_view **out, size_t *n)
{
	bm_register_query query = {.kind = "handover", .kind_known = true, .from = from, .to = to};
	json_t *detail = json_object();
	bm_handover_row *rows = NULL;
	bm_handover_view *views = NULL;
	bm_person *p = NULL;
	bm_decision dec;
	int32_t day_from, day_to;
	bool classified;
	size_t count = 0, k = 0;
	int rc;

	*out = NULL;
	*n = 0;
	if (person && *person)
		json_object_set_new(detail, "person", json_string(person));
	if (from && *from)
		json_object_set_new(detail, "from", json_string(from));
	if (to && *to)
		json_object_set_new(detail, "to", json_string(to));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	/* SYS-1: the registers' readers; REG-1: the period is two dates in order. */
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if (!bm_rules_register_query(&dec, &query, &day_from, &day_to, &classified)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (person && *person && (rc = bm_svc_unit_person(ctx, person, &p)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, handover_list)(ctx->store, ctx->arena, p ? p->id : 0, &rows,
	                                              &count)) != 0)
		goto done;
	if (!(views = bm_arena_alloc(ctx->arena, (count ? count : 1) * sizeof(*views)))) {
		rc = bm_error_nomem();
		goto done;
	}
	/* Newest first. */
	for (size_t i = count; i-- > 0;) {
		int32_t day = bm_ledger_local_date(ctx, rows[i].at);
		bool shown;
		if (rows[i].unit_id != ctx->unit->id ||
		    (day_from != BM_DATE_NONE && day < day_from) ||
		    (day_to != BM_DATE_NONE && day > day_to))
			continue;
		if ((rc = bm_svc_handover_narrow(ctx, &rows[i], &views[k], &shown)) != 0)
			goto done;
		if (shown)
			k++;
	}
	if (p)
		json_object_set_new(detail, "person_id", json_integer(p->id));
	json_object_set_new(detail, "rows", json_integer((json_int_t)k));
	*out = views;
	*n = k;
done:
	return bm_svc_end(ctx, rc, "handover.list", "", bm_svc_json(ctx, detail));
}

int bm_svc_handover_show(bm_ctx *ctx, int64_t id, bm_handover_view **out)
{
	json_t *detail = json_object();
	bm_handover_row *h = NULL;
	bm_handover_view *v;
	bool shown = false;
	int rc;

	*out = NULL;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if (!(v = bm_arena_alloc(ctx->arena, sizeof(*v)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, handover_get)(ctx->store, ctx->arena, id, &h)) != 0 &&
	    rc != BM_ENOTFOUND)
		goto done;
	/* SYS-2: no list, another unit's, or one the reader may see nothing of, does not exist. */
	if (rc == BM_ENOTFOUND || h->unit_id != ctx->unit->id) {
		bm_decision d;
		bm_rules_handover_read(&d, id, false, 0);
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = bm_svc_handover_narrow(ctx, h, v, &shown)) != 0)
		goto done;
	if (!shown) {
		bm_decision d;
		bm_rules_handover_read(&d, id, false, 0);
		rc = bm_decision_error(&d);
		goto done;
	}
	json_object_set_new(detail, "carriers", json_integer((json_int_t)h->n_carriers));
	json_object_set_new(detail, "devices", json_integer((json_int_t)h->n_devices));
	if (v->n_hidden)
		json_object_set_new(detail, "hidden", json_integer((json_int_t)v->n_hidden));
	*out = v;
done:
	return bm_svc_end(ctx, rc, "handover.show", bm_rec_object(ctx, "handover", id),
	                  bm_svc_json(ctx, detail));
}

/* A level as {code, zh, en}, or null when not recorded. */
static json_t *level_json(int level)
{
	json_t *o;
	if (level < 0 || level >= BM_LEVEL_COUNT)
		return json_null();
	o = json_object();
	json_object_set_new(o, "code", json_string(bm_level_names[level].code));
	json_object_set_new(o, "zh", json_string(bm_level_names[level].zh));
	json_object_set_new(o, "en", json_string(bm_level_names[level].en));
	return o;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

json_t *bm_handover_view_json(bm_ctx *ctx, const bm_handover_view *v, bool with_items)
{
	const bm_handover_row *h = v->row;
	json_t *o = bm_handover_to_json(h), *seq = json_object();
	json_object_set_new(o, "from_name", json_string(v->from_name));
	json_object_set_new(o, "to_name", json_string(v->to_name));
	json_object_set_new(o, "recorded_by_name", json_string(v->recorded_by_name));
	json_object_set_new(
	        o, "date", json_string(bm_ledger_date_text(ctx, bm_ledger_local_date(ctx, h->at))));
	json_object_set_new(o, "local_time", text_or_null(v->local_at));
	/* KEEP-2, REG-1: how each side confirmed, in the register's words. */
	json_object_set_new(o, "from_receipt_text",
	                    json_string(bm_handover_receipt_text(ctx, h->from_signature, h->at)));
	json_object_set_new(o, "to_receipt_text",
	                    json_string(bm_handover_receipt_text(ctx, h->to_signature, h->at)));
	/* REG-4: its 登记序号 in each book it is written in. */
	json_object_set_new(seq, "classified",
	                    h->seq_classified ? json_integer(h->seq_classified) : json_null());
	json_object_set_new(seq, "ordinary",
	                    h->seq_ordinary ? json_integer(h->seq_ordinary) : json_null());
	json_object_set_new(o, "seq", seq);
	json_object_set_new(o, "carriers", json_integer((json_int_t)h->n_carriers));
	json_object_set_new(o, "devices", json_integer((json_int_t)h->n_devices));
	json_object_set_new(o, "hidden", json_integer((json_int_t)v->n_hidden));
	json_object_set_new(o, "whole", json_boolean(v->whole));
	if (with_items) {
		json_t *items = json_array(), *devices = json_array();
		bool recorded = true;
		for (size_t i = 0; i < h->n_carriers; i++) {
			const bm_handover_item *it = &h->items[i];
			json_t *e = json_object();
			json_object_set_new(e, "carrier_id", json_integer(it->carrier_id));
			json_object_set_new(e, "doc_number", text_or_null(it->doc_number));
			json_object_set_new(e, "serial_number",
			                    it->serial_number ? json_integer(it->serial_number)
			                                      : json_null());
			json_object_set_new(e, "title", text_or_null(it->title));
			json_object_set_new(e, "level", level_json(it->level));
			json_object_set_new(e, "marking", text_or_null(it->marking));
			/* Before migration 47 only the carrier's number was kept. */
			json_object_set_new(e, "recorded", json_boolean(it->title != NULL));
			recorded = recorded && it->title;
			json_array_append_new(items, e);
		}
		for (size_t i = 0; i < h->n_devices; i++) {
			const bm_handover_device *d = &h->devices[i];
			json_t *e = json_object(), *kind = json_object();
			int k = bm_device_kind_parse(d->kind ? d->kind : "");
			json_object_set_new(e, "device_id", json_integer(d->device_id));
			json_object_set_new(e, "number", text_or_null(d->number));
			json_object_set_new(kind, "code", text_or_null(d->kind));
			json_object_set_new(kind, "zh",
			                    k >= 0 ? json_string(bm_device_kind_names[k].zh)
			                           : text_or_null(d->kind));
			json_object_set_new(kind, "en",
			                    k >= 0 ? json_string(bm_device_kind_names[k].en)
			                           : text_or_null(d->kind));
			json_object_set_new(e, "kind", kind);
			json_object_set_new(e, "model", text_or_null(d->model));
			json_object_set_new(e, "level", level_json(d->level));
			json_array_append_new(devices, e);
		}
		json_object_set_new(o, "items", items);
		json_object_set_new(o, "device_items", devices);
		json_object_set_new(o, "items_recorded", json_boolean(recorded));
	}
	return o;
}
