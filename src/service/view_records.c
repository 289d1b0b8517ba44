/*
 * view_records.c — the records of service/records*.c as JSON, one shape for
 * the CLI's --json and the API.
 */
#include "common.h"

#include "service/service.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static json_t *ids(const int64_t *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_integer(v[i]));
	return a;
}

static json_t *level(bm_level l)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(bm_level_names[l].code));
	json_object_set_new(o, "zh", json_string(bm_level_names[l].zh));
	json_object_set_new(o, "en", json_string(bm_level_names[l].en));
	return o;
}

json_t *bm_destruction_to_json(const bm_destruction_row *d)
{
	json_t *o = json_object();
	int m = bm_destroy_method_parse(d->method ? d->method : "");
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "request_id", json_integer(d->request_id));
	json_object_set_new(o, "executed_by", json_integer(d->executed_by));
	json_object_set_new(o, "executed_at", str_or_null(d->executed_at));
	json_object_set_new(o, "place", str_or_null(d->place));
	if (m >= 0) {
		json_t *mo = json_object();
		json_object_set_new(mo, "code", json_string(bm_destroy_method_names[m].code));
		json_object_set_new(mo, "zh", json_string(bm_destroy_method_names[m].zh));
		json_object_set_new(mo, "en", json_string(bm_destroy_method_names[m].en));
		json_object_set_new(o, "method", mo);
	} else {
		json_object_set_new(o, "method", str_or_null(d->method));
	}
	json_object_set_new(o, "witness_ids", ids(d->witness_ids, d->n_witnesses));
	{
		/* DESTROY-2, REG-1: how each witness confirmed ("typed": named by the clerk,
		 * before). */
		json_t *how = json_array();
		for (size_t i = 0; i < d->n_witnesses; i++)
			json_array_append_new(
			        how,
			        json_string(bm_loan_receipt(
			                d->witness_signatures ? d->witness_signatures[i] : NULL)));
		json_object_set_new(o, "witness_receipts", how);
	}
	json_object_set_new(o, "carrier_ids", ids(d->carrier_ids, d->n_carriers));
	return o;
}

json_t *bm_level_change_to_json(const bm_level_change_row *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "carrier_id", json_integer(r->carrier_id));
	json_object_set_new(o, "request_id", id_or_null(r->request_id));
	json_object_set_new(o, "from_level", level(r->from_level));
	json_object_set_new(o, "to_level", level(r->to_level));
	/* LEVEL-8: the old marking is shown struck out next to the new one. */
	json_object_set_new(o, "old_marking", str_or_null(r->old_marking));
	json_object_set_new(o, "old_marking_struck", json_true());
	json_object_set_new(o, "new_marking", str_or_null(r->new_marking));
	json_object_set_new(o, "declassified",
	                    json_boolean(r->to_level == BM_LEVEL_PUBLIC &&
	                                 bm_level_is_classified(r->from_level)));
	json_object_set_new(o, "basis", str_or_null(r->basis));
	json_object_set_new(o, "reason", str_or_null(r->reason));
	json_object_set_new(o, "decided_by", json_integer(r->decided_by));
	json_object_set_new(o, "decided_by_name", str_or_null(r->decided_by_name));
	json_object_set_new(o, "at", str_or_null(r->at));
	return o;
}

json_t *bm_handover_to_json(const bm_handover_row *h)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(h->id));
	json_object_set_new(o, "from_person_id", json_integer(h->from_person_id));
	json_object_set_new(o, "to_person_id", json_integer(h->to_person_id));
	json_object_set_new(o, "note", str_or_null(h->note));
	/* KEEP-2, REG-1: how each side confirmed; a name typed before issue 14 is kept apart. */
	json_object_set_new(o, "from_receipt", json_string(bm_loan_receipt(h->from_signature)));
	json_object_set_new(o, "to_receipt", json_string(bm_loan_receipt(h->to_signature)));
	json_object_set_new(o, "recorded_by", json_integer(h->recorded_by));
	json_object_set_new(o, "at", str_or_null(h->at));
	json_object_set_new(o, "carrier_ids", ids(h->carrier_ids, h->n_carriers));
	return o;
}

json_t *bm_departure_to_json(const bm_departure_row *d)
{
	json_t *o = json_object(), *cls = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "person_id", json_integer(d->person_id));
	json_object_set_new(o, "left_on", str_or_null(d->left_on));
	json_object_set_new(o, "decl_until", str_or_null(d->decl_until));
	json_object_set_new(cls, "code", json_string(bm_class_names[d->person_class].code));
	json_object_set_new(cls, "zh", json_string(bm_class_names[d->person_class].zh));
	json_object_set_new(cls, "en", json_string(bm_class_names[d->person_class].en));
	json_object_set_new(o, "class", cls);
	json_object_set_new(o, "recorded_by", json_integer(d->recorded_by));
	json_object_set_new(o, "at", str_or_null(d->at));
	return o;
}
