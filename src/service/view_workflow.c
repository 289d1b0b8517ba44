/*
 * view_workflow.c — requests, approvals and loans as JSON, one shape for the
 * CLI's --json and the API (see view.c for carriers).
 */
#include "common.h"

#include "service/service.h"

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *vocab(const bm_vocab_entry *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "code", json_string(e->code));
	json_object_set_new(o, "zh", json_string(e->zh));
	json_object_set_new(o, "en", json_string(e->en));
	return o;
}

/* Request statuses with their names (the codes are the store's). */
static json_t *status_json(const char *code)
{
	static const bm_vocab_entry names[] = {
	        {"pending", "待审批", "pending"},      {"approved", "已批准", "approved"},
	        {"rejected", "未批准", "rejected"},    {"withdrawn", "已撤回", "withdrawn"},
	        {"executed", "已办理", "carried out"}, {"expired", "已失效", "expired"},
	};
	for (size_t i = 0; i < BM_ARRAY_LEN(names); i++)
		if (code && strcmp(code, names[i].code) == 0)
			return vocab(&names[i]);
	return str_or_null(code);
}

json_t *bm_approval_to_json(const bm_approval_row *ap)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(ap->id));
	json_object_set_new(o, "request_id", json_integer(ap->request_id));
	json_object_set_new(o, "step", json_integer(ap->step + 1));
	json_object_set_new(o, "role", vocab(&bm_role_names[ap->role]));
	json_object_set_new(o, "approver_id", json_integer(ap->approver_id));
	json_object_set_new(o, "approver", str_or_null(ap->approver_name));
	json_object_set_new(o, "decision", json_string(ap->approved ? "approved" : "rejected"));
	json_object_set_new(o, "comment", str_or_null(ap->comment));
	json_object_set_new(o, "at", str_or_null(ap->at));
	return o;
}

json_t *bm_request_to_json(const bm_request_row *r, const bm_approval_row *approvals,
                           size_t n_approvals)
{
	json_t *o = json_object(), *ids = json_array(), *chain = json_array();
	json_t *stored = json_loads(r->chain ? r->chain : "[]", 0, NULL);
	json_t *params = json_loads(r->params ? r->params : "{}", 0, NULL);
	size_t i;
	json_t *v;

	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "op", vocab(&bm_op_names[r->op]));
	json_object_set_new(o, "status", status_json(r->status));
	json_object_set_new(o, "requester_id", json_integer(r->requester_id));
	json_object_set_new(o, "requester", str_or_null(r->requester_name));
	json_object_set_new(o, "department_id",
	                    r->department_id ? json_integer(r->department_id) : json_null());
	json_object_set_new(o, "level", vocab(&bm_level_names[r->level]));
	json_object_set_new(o, "reason", str_or_null(r->reason));
	json_object_set_new(o, "rule", str_or_null(r->rule));
	for (size_t k = 0; k < r->n_carriers; k++)
		json_array_append_new(ids, json_integer(r->carrier_ids[k]));
	json_object_set_new(o, "carrier_ids", ids);
	if (r->carriers) {
		json_t *cs = json_array();
		for (size_t k = 0; k < r->n_carriers; k++) {
			const bm_carrier *c = r->carriers[k];
			json_t *x;
			if (!c)
				continue;
			x = json_object();
			json_object_set_new(x, "id", json_integer(c->id));
			json_object_set_new(x, "title", str_or_null(c->title));
			json_object_set_new(x, "doc_number", str_or_null(c->doc_number));
			json_object_set_new(x, "level", vocab(&bm_level_names[c->level]));
			json_array_append_new(cs, x);
		}
		json_object_set_new(o, "carriers", cs);
	}
	json_array_foreach(stored, i, v)
	{
		int role = bm_role_parse(json_string_value(v));
		json_t *s = role >= 0 ? vocab(&bm_role_names[role]) : json_object();
		json_object_set_new(s, "step", json_integer((json_int_t)i + 1));
		json_object_set_new(s, "done", json_boolean((int)i < r->step));
		json_array_append_new(chain, s);
	}
	json_decref(stored);
	json_object_set_new(o, "chain", chain);
	json_object_set_new(o, "step", json_integer(r->step));
	json_object_set_new(o, "params", json_is_object(params) ? params : json_object());
	if (!json_is_object(params))
		json_decref(params);
	json_object_set_new(o, "created_at", str_or_null(r->created_at));
	json_object_set_new(o, "updated_at", str_or_null(r->updated_at));
	json_object_set_new(o, "decided_at", str_or_null(r->decided_at));
	json_object_set_new(o, "executed_at", str_or_null(r->executed_at));
	if (approvals) {
		json_t *a = json_array();
		for (size_t k = 0; k < n_approvals; k++)
			json_array_append_new(a, bm_approval_to_json(&approvals[k]));
		json_object_set_new(o, "approvals", a);
	}
	return o;
}

json_t *bm_loan_to_json(const bm_loan_row *l)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(l->id));
	json_object_set_new(o, "carrier_id", json_integer(l->carrier_id));
	json_object_set_new(o, "carrier_title", str_or_null(l->carrier_title));
	json_object_set_new(o, "request_id",
	                    l->request_id ? json_integer(l->request_id) : json_null());
	json_object_set_new(o, "kind", str_or_null(l->kind));
	json_object_set_new(o, "holder_id", json_integer(l->holder_id));
	json_object_set_new(o, "holder", str_or_null(l->holder_name));
	json_object_set_new(o, "issued_by", json_integer(l->issued_by));
	json_object_set_new(o, "issued_at", str_or_null(l->issued_at));
	json_object_set_new(o, "due_at", str_or_null(l->due_at));
	json_object_set_new(o, "place", str_or_null(l->place));
	json_object_set_new(o, "destination", str_or_null(l->destination));
	json_object_set_new(o, "purpose", str_or_null(l->purpose));
	/* REG-1, CIRC-5: how the holder confirmed; a name typed before issue 14 is kept apart. */
	json_object_set_new(o, "receipt", json_string(bm_loan_receipt(l->signature)));
	json_object_set_new(o, "signature",
	                    str_or_null(strcmp(bm_loan_receipt(l->signature), "typed") == 0
	                                        ? l->signature
	                                        : NULL));
	json_object_set_new(o, "returned_at", str_or_null(l->returned_at));
	json_object_set_new(o, "received_by",
	                    l->received_by ? json_integer(l->received_by) : json_null());
	json_object_set_new(o, "return_note", str_or_null(l->return_note));
	json_object_set_new(o, "incomplete", json_boolean(l->incomplete));
	json_object_set_new(o, "out", json_boolean(l->returned_at == NULL));
	return o;
}
