/*
 * h_records.c — carrying out approved requests (service/records*.c): copy,
 * extract, make, widen the scope, destroy, change a level; the direct level
 * decision and the level history; waste for destruction; hand-over,
 * departure, return to issuer, volumes. Every rule is the services'; these
 * handlers translate JSON to one service call and the result back.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "http/http_wf.h"
#include "service/ledger.h"

/* The registration fields a make execution and a volume take (as h_carrier.c). */
/* clang-format off */
#define CARRIER_FIELDS(in)                                             \
	{"kind", BM_F_STRING, false, &(in).kind},                          \
	{"title", BM_F_STRING, false, &(in).title},                        \
	{"doc_number", BM_F_STRING, false, &(in).doc_number},              \
	{"pages", BM_F_INT_TEXT, false, &(in).pages},                      \
	{"copies", BM_F_INT_TEXT, false, &(in).copies},                    \
	{"producer", BM_F_STRING, false, &(in).producer},                  \
	{"sender", BM_F_STRING, false, &(in).sender},                      \
	{"level", BM_F_STRING, false, &(in).level},                        \
	{"period", BM_F_REF, false, &(in).period},                         \
	{"period_event", BM_F_STRING, false, &(in).period_event},          \
	{"review_date", BM_F_STRING, false, &(in).review_date},            \
	{"urgency", BM_F_STRING, false, &(in).urgency},                    \
	{"department", BM_F_REF, false, &(in).department},                 \
	{"custodian", BM_F_REF, false, &(in).custodian},                   \
	{"place", BM_F_REF, false, &(in).place},                           \
	{"scope", BM_F_LIST, false, &(in).scope},                          \
	{"note", BM_F_STRING, false, &(in).note},                          \
	{"keep_reason", BM_F_STRING, false, &(in).keep.reason},            \
	{"keep_approver", BM_F_REF, false, &(in).keep.approver},           \
	{"keep_until", BM_F_STRING, false, &(in).keep.until}
/* clang-format on */

/* A positive count from an integer field's text; BM_EINVALID naming `name`. */
static int count_of(const char *text, const char *name, int *out)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v <= 0 || v > 100000)
		return bm_error_set(BM_EINVALID, "invalid_count", NULL,
		                    "字段 '%s' 应为正整数：'%s'",
		                    "field '%s' must be a positive integer: '%s'", name, text);
	*out = (int)v;
	return 0;
}

static json_t *carriers_json(bm_http_req *r, const bm_carrier *items, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_carrier_to_json(r->arena, &items[i]));
	return arr;
}

/* {"op": code, "count": n, "carriers": [...]} */
static int carriers_reply(bm_http_req *r, int status, bm_op op, const bm_carrier *items, size_t n)
{
	json_t *o = json_object();
	json_object_set_new(o, "op", json_string(bm_op_names[op].code));
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	json_object_set_new(o, "carriers", carriers_json(r, items, n));
	return bm_http_reply(r, status, o);
}

/* LEVEL-7/8: the changes with old and new markings, the carriers, linked copies. */
static int level_reply(bm_http_req *r, const bm_level_report *rep)
{
	json_t *o = json_object(), *changes = json_array();
	for (size_t i = 0; i < rep->n_changes; i++)
		json_array_append_new(changes, bm_level_change_to_json(&rep->changes[i]));
	json_object_set_new(o, "op", json_string(bm_op_names[BM_OP_LEVEL_CHANGE].code));
	json_object_set_new(o, "changes", changes);
	json_object_set_new(o, "carriers", carriers_json(r, rep->carriers, rep->n_changes));
	json_object_set_new(o, "linked", carriers_json(r, rep->linked, rep->n_linked));
	return bm_http_reply(r, 200, o);
}

static int exec_copy(bm_http_req *r, int64_t id)
{
	const char *copier, *copies;
	const bm_http_field fields[] = {
	        {"copier", BM_F_STRING, true, &copier},
	        {"copies", BM_F_INT_TEXT, true, &copies},
	};
	bm_carrier *items;
	size_t n;
	int count = 0, rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = count_of(copies, "copies", &count)) != 0 ||
	    (rc = bm_svc_copy_execute(r->ctx, id, copier, count, &items, &n)) != 0)
		return rc;
	return carriers_reply(r, 201, BM_OP_COPY, items, n);
}

static int exec_extract(bm_http_req *r, int64_t id)
{
	const char *title, *note;
	const bm_http_field fields[] = {
	        {"title", BM_F_STRING, false, &title},
	        {"note", BM_F_STRING, false, &note},
	};
	bm_carrier *c;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_extract_execute(r->ctx, id, title, note, &c)) != 0)
		return rc;
	return carriers_reply(r, 201, BM_OP_EXTRACT, c, 1);
}

static int exec_make(bm_http_req *r, int64_t id)
{
	bm_carrier_input in = {0};
	const bm_http_field fields[] = {
	        CARRIER_FIELDS(in),
	        /* LEVEL-4/9: when given, the approved classifier and basis */
	        {"classifier", BM_F_REF, false, &in.classifier},
	        {"basis", BM_F_STRING, false, &in.basis},
	};
	bm_carrier *items;
	size_t n;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_make_execute(r->ctx, id, &in, &items, &n)) != 0)
		return rc;
	return carriers_reply(r, 201, BM_OP_MAKE, items, n);
}

static int exec_widen(bm_http_req *r, int64_t id)
{
	bm_carrier *c = NULL;
	int rc;
	if ((rc = bm_http_fields(r, NULL, 0)) != 0 ||
	    (rc = bm_svc_widen_scope_execute(r->ctx, id, &c)) != 0)
		return rc;
	return carriers_reply(r, 200, BM_OP_WIDEN_SCOPE, c, c ? 1 : 0);
}

/* A witness entry's field `key` is of the wrong type or unknown (BM_EINVALID). */
static int witness_field(const char *key, const char *zh, const char *en)
{
	char msg_zh[BM_ERROR_MSG_MAX], msg_en[BM_ERROR_MSG_MAX];
	snprintf(msg_zh, sizeof(msg_zh), "监销人字段 '%s' %s", key, zh);
	snprintf(msg_en, sizeof(msg_en), "witness field '%s' %s", key, en);
	return bm_error_set_msg(BM_EINVALID, "wrong_type", NULL, msg_zh, msg_en);
}

/*
 * DESTROY-2 with REG-1 (issue 14 point 5): `witnesses` is an array, each a
 * person ref (named only: refused, the witness confirms) or an object
 * {person, password | on_paper, signature}: the witness's own password on
 * the clerk's screen, or by hand on the printed register (no account); a
 * typed `signature` is refused.
 */
int bm_http_witness_list(bm_http_req *r, const json_t *v, const char ***refs,
                         bm_svc_receipt **receipts, size_t *n)
{
	size_t i, count;
	json_t *item;

	*refs = NULL;
	*receipts = NULL;
	*n = 0;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return bm_error_set(BM_EINVALID, "wrong_type", NULL, "字段 'witnesses' 应为数组",
		                    "field 'witnesses' must be an array");
	count = json_array_size(v);
	if (!(*refs = bm_arena_alloc(r->arena, (count + 1) * sizeof(**refs))) ||
	    !(*receipts = bm_arena_alloc(r->arena, (count + 1) * sizeof(**receipts))))
		return bm_error_nomem();
	memset(*receipts, 0, (count + 1) * sizeof(**receipts));
	json_array_foreach(v, i, item)
	{
		const json_t *who = item, *val;
		const char *key;
		if (json_is_object(item)) {
			who = json_object_get(item, "person");
			json_object_foreach((json_t *)item, key, val)
			{
				if (strcmp(key, "person") == 0)
					continue;
				if (strcmp(key, "password") == 0 || strcmp(key, "signature") == 0) {
					if (!json_is_string(val))
						return witness_field(key, "应为字符串",
						                     "must be a string");
					if (key[0] == 'p')
						(*receipts)[i].password = bm_arena_strdup(
						        r->arena, json_string_value(val));
					else
						(*receipts)[i].typed = bm_arena_strdup(
						        r->arena, json_string_value(val));
				} else if (strcmp(key, "on_paper") == 0) {
					if (!json_is_boolean(val))
						return witness_field(key, "应为布尔值",
						                     "must be a boolean");
					(*receipts)[i].paper = json_is_true(val);
				} else {
					return witness_field(key, "未知", "is unknown");
				}
			}
		}
		if (json_is_string(who))
			(*refs)[i] = bm_arena_strdup(r->arena, json_string_value(who));
		else if (json_is_integer(who) && json_integer_value(who) > 0)
			(*refs)[i] = bm_arena_printf(r->arena, "%lld",
			                             (long long)json_integer_value(who));
		else
			return witness_field("person", "应为人员编号或姓名",
			                     "must be a person's id or name");
		if (!(*refs)[i])
			return bm_error_nomem();
	}
	*n = count;
	return 0;
}

static int exec_destroy(bm_http_req *r, int64_t id)
{
	const char *place, *method;
	const bm_http_field fields[] = {
	        {"place", BM_F_REF, false, &place},
	        {"method", BM_F_STRING, false, &method},
	};
	json_t *wit = bm_http_take(r, "witnesses"), *o;
	const char **witnesses;
	bm_svc_receipt *receipts;
	size_t n_witnesses;
	bm_destruction_row *d;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_witness_list(r, wit, &witnesses, &receipts, &n_witnesses)) != 0 ||
	    (rc = bm_svc_destroy_execute(r->ctx, id, place, method, witnesses, receipts,
	                                 n_witnesses, &d)) != 0)
		goto done;
	o = json_object();
	json_object_set_new(o, "op", json_string(bm_op_names[BM_OP_DESTROY].code));
	json_object_set_new(o, "destruction", bm_destruction_to_json(d));
	rc = bm_http_reply(r, 200, o);
done:
	json_decref(wit);
	return rc;
}

static int exec_level(bm_http_req *r, int64_t id)
{
	const char *basis;
	const bm_http_field fields[] = {{"basis", BM_F_STRING, false, &basis}};
	bm_level_report rep;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_level_change_execute(r->ctx, id, basis, &rep)) != 0)
		return rc;
	return level_reply(r, &rep);
}

/*
 * POST /requests/{id}/execute: the request's own operation says what the body
 * holds. Borrowing, reading, taking out and outside readers are carried out
 * by issuing at the desk (POST /desk/issue).
 */
/*
 * FOREIGN-1: an approved provision is carried out as a dispatch to the
 * request's recipient (SEND-1..4 as for any dispatch); 201 with the dispatch.
 */
static int exec_foreign(bm_http_req *r, int64_t id)
{
	bm_dispatch_input in = {.request_id = id, .foreign_party = true};
	const bm_http_field fields[] = {
	        {"channel", BM_F_STRING, true, &in.channel},
	        {"courier", BM_F_STRING, false, &in.courier},
	        {"escorts", BM_F_LIST, false, &in.escorts},
	        {"note", BM_F_STRING, false, &in.note},
	};
	bm_dispatch_row *d;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_dispatch_create(r->ctx, &in, &d)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_dispatch_to_json(d));
}

int bm_h_requests_execute(bm_http_req *r)
{
	bm_request_row *req;
	bm_approval_row *aps;
	size_t n_aps;
	int64_t id;
	int rc;

	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_svc_request_show(r->ctx, id, &req, &aps, &n_aps)) != 0)
		return rc;
	switch (req->op) {
	case BM_OP_COPY: return exec_copy(r, id);
	case BM_OP_EXTRACT: return exec_extract(r, id);
	case BM_OP_MAKE: return exec_make(r, id);
	case BM_OP_WIDEN_SCOPE: return exec_widen(r, id);
	case BM_OP_DESTROY: return exec_destroy(r, id);
	case BM_OP_LEVEL_CHANGE: return exec_level(r, id);
	case BM_OP_FOREIGN: return exec_foreign(r, id);
	case BM_OP_PUBLISH: return bm_h_publications_release(r);
	default:
		return bm_error_set(
		        BM_ECONFLICT, "not_executable", NULL,
		        "“%s”申请在发放台办理（POST /api/v1/desk/issue）",
		        "a '%s' request is carried out at the desk (POST /api/v1/desk/issue)",
		        bm_op_names[req->op].code);
	}
}

/* POST /carriers/waste {request_id | doc_number, description, count} (MAKE-3) */
int bm_h_carriers_waste(bm_http_req *r)
{
	const char *request, *doc_number, *description, *count_text;
	const bm_http_field fields[] = {
	        {"request_id", BM_F_REF, false, &request},
	        {"doc_number", BM_F_STRING, false, &doc_number},
	        {"description", BM_F_STRING, true, &description},
	        {"count", BM_F_INT_TEXT, true, &count_text},
	};
	int64_t request_id = 0;
	bm_carrier *items;
	size_t n;
	int count = 0, rc;
	json_t *o;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (request && (rc = bm_http_text_id(request, "request_id", &request_id)) != 0) ||
	    (rc = count_of(count_text, "count", &count)) != 0 ||
	    (rc = bm_svc_register_waste(r->ctx, request_id, doc_number, description, count, &items,
	                                &n)) != 0)
		return rc;
	o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	json_object_set_new(o, "items", carriers_json(r, items, n));
	return bm_http_reply(r, 201, o);
}

/* POST /carriers/{id}/level: a classification authority decides directly (LEVEL-4). */
int bm_h_carriers_level(bm_http_req *r)
{
	bm_level_input in = {0};
	const bm_http_field fields[] = {
	        {"to_level", BM_F_STRING, true, &in.to_level},
	        {"period", BM_F_REF, false, &in.period},
	        {"period_event", BM_F_STRING, false, &in.period_event},
	        {"review_date", BM_F_STRING, false, &in.review_date},
	        {"basis", BM_F_STRING, true, &in.basis},
	        {"reason", BM_F_STRING, true, &in.reason},
	};
	bm_level_report rep;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_level_decide(r->ctx, id, &in, &rep)) != 0)
		return rc;
	return level_reply(r, &rep);
}

/* GET /carriers/{id}/levels: LEVEL-7, the decisions oldest first. */
int bm_h_carriers_levels(bm_http_req *r)
{
	bm_level_change_row *rows;
	size_t n;
	int64_t id;
	json_t *arr;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_level_history(r->ctx, id, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_level_change_to_json(&rows[i]));
	return bm_http_items(r, arr, -1);
}

/*
 * POST /handovers {from, to, from_password | from_on_paper, to_password |
 * to_on_paper, note, carrier_ids, device_ids} (KEEP-2): either list given,
 * exactly the chosen items go. Each side confirms themselves (REG-1, issue
 * 14 point 5); a typed `from_signature` / `to_signature` is refused.
 */
int bm_h_handovers_create(bm_http_req *r)
{
	const char *from, *to, *note;
	bm_svc_receipt from_r = {0}, to_r = {0};
	const bm_http_field fields[] = {
	        {"from", BM_F_REF, true, &from},
	        {"to", BM_F_REF, true, &to},
	        {"from_password", BM_F_STRING, false, &from_r.password},
	        {"from_on_paper", BM_F_BOOL, false, &from_r.paper},
	        {"from_signature", BM_F_STRING, false, &from_r.typed},
	        {"to_password", BM_F_STRING, false, &to_r.password},
	        {"to_on_paper", BM_F_BOOL, false, &to_r.paper},
	        {"to_signature", BM_F_STRING, false, &to_r.typed},
	        {"note", BM_F_STRING, false, &note},
	};
	json_t *carrier_ids = bm_http_take(r, "carrier_ids"),
	       *device_ids = bm_http_take(r, "device_ids");
	bm_handover_choice choice = {0};
	int64_t *c_ids = NULL, *d_ids = NULL, handover_id = 0;
	bm_carrier *items;
	size_t n;
	json_t *o;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_id_list(r, carrier_ids, "carrier_ids", false, &c_ids,
	                          &choice.n_carriers)) != 0 ||
	    (rc = bm_http_id_list(r, device_ids, "device_ids", false, &d_ids, &choice.n_devices)) !=
	            0)
		goto done;
	choice.carrier_ids = c_ids;
	choice.device_ids = d_ids;
	if ((rc = bm_svc_handover_chosen(r->ctx, from, to, &from_r, &to_r, note,
	                                 carrier_ids || device_ids ? &choice : NULL, &items, &n,
	                                 &handover_id)) != 0)
		goto done;
	o = json_object();
	/* KEEP-2: the list kept, to reprint from GET /handovers/{id}. */
	json_object_set_new(o, "id", json_integer(handover_id));
	json_object_set_new(o, "from", json_string(from));
	json_object_set_new(o, "to", json_string(to));
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	/* KEEP-2, REG-1: how each side confirmed the list (never a password). */
	json_object_set_new(o, "from_receipt", json_string(from_r.password ? "password" : "paper"));
	json_object_set_new(o, "to_receipt", json_string(to_r.password ? "password" : "paper"));
	json_object_set_new(o, "items", carriers_json(r, items, n));
	rc = bm_http_reply(r, 201, o);
done:
	json_decref(carrier_ids);
	json_decref(device_ids);
	return rc;
}

/*
 * GET /handovers?person=&from=&to= (KEEP-2, REG-1; issue 14 point 5): the
 * 移交登记簿 of the unit, newest first. Its printed book, CSV and xlsx are
 * GET /registers/handover.
 */
int bm_h_handovers_list(bm_http_req *r)
{
	enum { PERSON, FROM, TO, N_PARAMS };
	static const char *const names[N_PARAMS] = {"person", "from", "to"};
	const char *v[N_PARAMS];
	bm_handover_view *views;
	size_t n;
	json_t *items, *o;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_svc_handover_list(r->ctx, v[PERSON], v[FROM], v[TO], &views, &n)) != 0)
		return rc;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, bm_handover_view_json(r->ctx, &views[i], false));
	o = json_object();
	json_object_set_new(o, "items", items);
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	return bm_http_reply(r, 200, o);
}

/* GET /handovers/{id} (KEEP-2, REG-1): one list as handed over, to reprint. */
int bm_h_handovers_show(bm_http_req *r)
{
	bm_handover_view *v;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_svc_handover_show(r->ctx, id, &v)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_handover_view_json(r->ctx, v, true));
}

/* POST /people/{id}/depart {left_on} (KEEP-2, PERSON-4) */
int bm_h_people_depart(bm_http_req *r)
{
	const char *left_on;
	const bm_http_field fields[] = {{"left_on", BM_F_STRING, true, &left_on}};
	bm_departure_row *d = NULL;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_depart(r->ctx, r->params[0], left_on, &d)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_departure_to_json(d));
}

/* POST /returns {carrier_ids, note} (KEEP-3) */
int bm_h_returns_create(bm_http_req *r)
{
	const char *note;
	const bm_http_field fields[] = {{"note", BM_F_STRING, false, &note}};
	json_t *ids = bm_http_take(r, "carrier_ids"), *arr;
	int64_t *carrier_ids;
	size_t n;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_id_list(r, ids, "carrier_ids", true, &carrier_ids, &n)) != 0 ||
	    (rc = bm_svc_return_to_issuer(r->ctx, carrier_ids, n, note)) != 0)
		goto done;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, json_integer(carrier_ids[i]));
	rc = bm_http_reply(r, 200, json_pack("{s:o}", "returned", arr));
done:
	json_decref(ids);
	return rc;
}

/* POST /volumes {parts, …carrier fields} (LEVEL-5, KEEP-4) */
int bm_h_volumes_create(bm_http_req *r)
{
	bm_carrier_input in = {0};
	const bm_http_field fields[] = {CARRIER_FIELDS(in)};
	json_t *parts = bm_http_take(r, "parts");
	int64_t *part_ids;
	size_t n;
	bm_carrier *vol;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_id_list(r, parts, "parts", true, &part_ids, &n)) != 0 ||
	    (rc = bm_svc_volume_create(r->ctx, &in, part_ids, n, &vol)) != 0)
		goto done;
	rc = bm_http_reply(r, 201, bm_carrier_to_json(r->arena, vol));
done:
	json_decref(parts);
	return rc;
}

/* POST /volumes/{id}/items {part_id} (LEVEL-5) */
int bm_h_volumes_add(bm_http_req *r)
{
	const char *part;
	const bm_http_field fields[] = {{"part_id", BM_F_REF, true, &part}};
	int64_t id, part_id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_text_id(part, "part_id", &part_id)) != 0 ||
	    (rc = bm_svc_volume_add(r->ctx, id, part_id)) != 0)
		return rc;
	return bm_http_reply(r, 200,
	                     json_pack("{s:I,s:I}", "volume_id", (json_int_t)id, "part_id",
	                               (json_int_t)part_id));
}
