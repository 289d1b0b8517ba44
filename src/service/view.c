/*
 * view.c — carriers as JSON, one shape for the CLI's --json and the API.
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

static json_t *vocab(const bm_vocab_entry *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(e->code));
	json_object_set_new(o, "zh", json_string(e->zh));
	json_object_set_new(o, "en", json_string(e->en));
	return o;
}

/*
 * LEVEL-7/8: after a level decision, the registered marking (shown struck
 * out), the decision's date and, once declassified, its day; the one-line
 * text is for where nothing can be struck (CSV).
 */
static void marking_json(bm_arena *a, const bm_carrier *c, json_t *o)
{
	const char *original = bm_carrier_original_marking(c, false);
	json_object_set_new(o, "original_marking", str_or_null(original));
	json_object_set_new(o, "original_marking_en",
	                    str_or_null(bm_carrier_original_marking(c, true)));
	json_object_set_new(o, "declassified", json_boolean(c->declassified));
	json_object_set_new(o, "marking_changed_on",
	                    str_or_null(original ? c->marking_changed_on : NULL));
	json_object_set_new(
	        o, "declassified_on",
	        str_or_null(original && c->declassified ? c->marking_changed_on : NULL));
	json_object_set_new(o, "marking_note", str_or_null(bm_carrier_marking_note(a, c, false)));
	json_object_set_new(o, "marking_note_en", str_or_null(bm_carrier_marking_note(a, c, true)));
	json_object_set_new(o, "marking_text", str_or_null(bm_carrier_marking_text(a, c, false)));
	json_object_set_new(o, "marking_text_en", str_or_null(bm_carrier_marking_text(a, c, true)));
}

/* LEVEL-4/9: who classified a carrier made here, and on what basis; null otherwise. */
static json_t *classification_json(const bm_carrier *c)
{
	json_t *k;
	if (!c->classifier_id && !c->classification_basis)
		return json_null();
	k = json_object();
	json_object_set_new(k, "classifier_id", id_or_null(c->classifier_id));
	json_object_set_new(k, "classifier", str_or_null(c->classifier_name));
	json_object_set_new(k, "basis", str_or_null(c->classification_basis));
	return k;
}

json_t *bm_carrier_to_json(bm_arena *a, const bm_carrier *c)
{
	json_t *o = json_object(), *period = json_object();

	json_object_set_new(o, "id", json_integer(c->id));
	json_object_set_new(o, "title", json_string(c->title));
	json_object_set_new(o, "doc_number", str_or_null(c->doc_number));
	json_object_set_new(o, "serial_number",
	                    c->serial_number ? json_integer(c->serial_number) : json_null());
	json_object_set_new(o, "kind", vocab(&bm_kind_names[c->kind]));
	json_object_set_new(o, "level", vocab(&bm_level_names[c->level]));
	json_object_set_new(o, "original_level", vocab(&bm_level_names[c->original_level]));
	json_object_set_new(o, "marking", str_or_null(bm_carrier_marking(a, c, false)));
	json_object_set_new(o, "marking_en", str_or_null(bm_carrier_marking(a, c, true)));
	marking_json(a, c, o);
	json_object_set_new(period, "kind", json_string(bm_period_kind_names[c->period_kind].code));
	if (c->period_kind == BM_PERIOD_YEARS)
		json_object_set_new(period, "years", json_integer(c->period_years));
	if (c->period_until)
		json_object_set_new(period, "until", json_string(c->period_until));
	if (c->period_event)
		json_object_set_new(period, "event", json_string(c->period_event));
	if (c->review_date)
		json_object_set_new(period, "review_date", json_string(c->review_date));
	if (c->period_start)
		json_object_set_new(period, "start", json_string(c->period_start));
	json_object_set_new(o, "period", period);
	json_object_set_new(o, "pages", json_integer(c->pages));
	json_object_set_new(o, "copies", json_integer(c->copies));
	json_object_set_new(o, "producer", str_or_null(c->producer));
	json_object_set_new(o, "sender", str_or_null(c->sender));
	json_object_set_new(o, "origin", vocab(&bm_origin_names[c->origin]));
	json_object_set_new(o, "urgency", vocab(&bm_urgency_names[c->urgency]));
	json_object_set_new(o, "status", vocab(&bm_status_names[c->status]));
	json_object_set_new(o, "received_on", str_or_null(c->received_on));
	json_object_set_new(o, "registered_at", str_or_null(c->registered_at));
	json_object_set_new(o, "updated_at", str_or_null(c->updated_at));
	json_object_set_new(o, "department_id", id_or_null(c->department_id));
	json_object_set_new(o, "department", str_or_null(c->department_name));
	json_object_set_new(o, "custodian_id", id_or_null(c->custodian_id));
	json_object_set_new(o, "custodian", str_or_null(c->custodian_name));
	/* KEEP-6: personal keeping's terms, null while a clerk keeps it. */
	if (c->keep_until) {
		json_t *k = json_object();
		json_object_set_new(k, "reason", str_or_null(c->keep_reason));
		json_object_set_new(k, "approver_id", id_or_null(c->keep_approver_id));
		json_object_set_new(k, "approver", str_or_null(c->keep_approver_name));
		json_object_set_new(k, "until", json_string(c->keep_until));
		json_object_set_new(o, "keeping", k);
	} else {
		json_object_set_new(o, "keeping", json_null());
	}
	json_object_set_new(o, "classification", classification_json(c));
	json_object_set_new(o, "place_id", id_or_null(c->place_id));
	json_object_set_new(o, "place", str_or_null(c->place_name));
	json_object_set_new(o, "copy_of", id_or_null(c->copy_of));
	json_object_set_new(o, "extract_of", id_or_null(c->extract_of));
	json_object_set_new(o, "volume_id", id_or_null(c->volume_id));
	json_object_set_new(o, "note", str_or_null(c->note));
	if (c->scope) {
		json_t *scope = json_array();
		for (size_t i = 0; i < c->n_scope; i++) {
			json_t *e = json_object();
			if (c->scope[i].person_id)
				json_object_set_new(e, "person_id",
				                    json_integer(c->scope[i].person_id));
			else
				json_object_set_new(e, "department_id",
				                    json_integer(c->scope[i].department_id));
			json_array_append_new(scope, e);
		}
		json_object_set_new(o, "scope", scope);
	}
	return o;
}

json_t *bm_carrier_event_to_json(const bm_carrier_event *e)
{
	return bm_carrier_event_json(e, e->detail ? json_loads(e->detail, 0, NULL) : NULL);
}

json_t *bm_carrier_event_json(const bm_carrier_event *e, json_t *detail)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "at", str_or_null(e->at));
	json_object_set_new(o, "actor_id", id_or_null(e->actor_id));
	json_object_set_new(o, "action", str_or_null(e->action));
	json_object_set_new(o, "detail", detail ? detail : json_object());
	return o;
}
