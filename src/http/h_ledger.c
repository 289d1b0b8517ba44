/*
 * h_ledger.c — the ledger use cases of service/ledger.h over HTTP: sending
 * (SEND-1..5), counting (INV-1..4), incidents (BORROW-6, INV-4, INC-1/4),
 * alerts and the paper registers (REG-1) as JSON or CSV. Every rule is the
 * services'; these handlers translate JSON to one service call and back.
 */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/http_wf.h"
#include "service/ledger.h"

/* ---- sending (service/send.c) ---------------------------------------------------- */

static int dispatch_reply(bm_http_req *r, int status, int64_t id)
{
	bm_dispatch_row *d;
	int rc = bm_svc_dispatch_show(r->ctx, id, &d);
	if (rc)
		return rc;
	return bm_http_reply(r, status, bm_dispatch_to_json(d));
}

/* POST /dispatches {carrier_ids, recipients, channel, courier, escorts, note} */
int bm_h_dispatches_create(bm_http_req *r)
{
	bm_dispatch_input in = {0};
	const char *request = NULL;
	const bm_http_field fields[] = {
	        {"channel", BM_F_STRING, true, &in.channel},
	        {"courier", BM_F_STRING, false, &in.courier},
	        {"escorts", BM_F_LIST, false, &in.escorts},
	        {"note", BM_F_STRING, false, &in.note},
	        /* FOREIGN-1: a foreign addressee, and the approved provision carried out. */
	        {"foreign_party", BM_F_BOOL, false, &in.foreign_party},
	        {"request_id", BM_F_REF, false, &request},
	};
	json_t *ids = bm_http_take(r, "carrier_ids"), *recipients = bm_http_take(r, "recipients");
	int64_t *carrier_ids = NULL;
	const char **names = NULL;
	bm_dispatch_row *d;
	int rc;

	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (request && (rc = bm_http_text_id(request, "request_id", &in.request_id)) != 0) ||
	    /* An approved provision names its own carriers when none are listed. */
	    (rc = bm_http_id_list(r, ids, "carrier_ids", !in.request_id, &carrier_ids,
	                          &in.n_carriers)) != 0 ||
	    (rc = bm_http_str_list(r, recipients, "recipients", &names, &in.n_recipients)) != 0)
		goto done;
	in.carrier_ids = carrier_ids;
	in.recipients = names;
	if ((rc = bm_svc_dispatch_create(r->ctx, &in, &d)) != 0)
		goto done;
	rc = bm_http_reply(r, 201, bm_dispatch_to_json(d));
done:
	json_decref(ids);
	json_decref(recipients);
	return rc;
}

/* GET /dispatches?open=true */
int bm_h_dispatches_list(bm_http_req *r)
{
	static const char *const names[] = {"open"};
	const char *open;
	bm_dispatch_row *rows;
	size_t n;
	json_t *arr;
	int rc;
	if ((rc = bm_http_query(r, names, 1, &open)) != 0 ||
	    (rc = bm_svc_dispatch_list(r->ctx, open && strcmp(open, "true") == 0, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_dispatch_to_json(&rows[i]));
	return bm_http_items(r, arr, -1);
}

int bm_h_dispatches_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return dispatch_reply(r, 200, id);
}

/* POST /dispatches/{id}/sign {carrier_id, signed_by} (SEND-4) */
int bm_h_dispatches_sign(bm_http_req *r)
{
	const char *carrier, *signed_by;
	const bm_http_field fields[] = {
	        {"carrier_id", BM_F_REF, true, &carrier},
	        {"signed_by", BM_F_STRING, true, &signed_by},
	};
	int64_t id, carrier_id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0 ||
	    (rc = bm_svc_dispatch_sign(r->ctx, id, carrier_id, signed_by)) != 0)
		return rc;
	return dispatch_reply(r, 200, id);
}

/* GET /dispatches/{id}/envelope: SEND-5, the envelopes as plain text. */
int bm_h_dispatches_envelope(bm_http_req *r)
{
	bm_buf b;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	bm_buf_init(&b, 4u << 20);
	if ((rc = bm_svc_dispatch_envelope(r->ctx, id, &b)) != 0) {
		bm_buf_release(&b);
		return rc;
	}
	r->raw_len = b.len;
	if (!(r->raw = bm_buf_detach(&b)))
		return bm_error_nomem();
	r->raw_type = "text/plain; charset=utf-8";
	return 0;
}

/* ---- counting (service/count.c) -------------------------------------------------- */

static json_t *count_session_json(const bm_count_session_row *s)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "scope", json_string(s->scope_kind));
	json_object_set_new(o, "scope_id", s->scope_id ? json_integer(s->scope_id) : json_null());
	json_object_set_new(o, "reason", s->reason ? json_string(s->reason) : json_null());
	json_object_set_new(o, "started_by", json_integer(s->started_by));
	json_object_set_new(o, "started_by_name",
	                    s->started_by_name ? json_string(s->started_by_name) : json_null());
	json_object_set_new(o, "started_at", json_string(s->started_at));
	json_object_set_new(o, "closed_at", s->closed_at ? json_string(s->closed_at) : json_null());
	return o;
}

/* POST /counts {scope, scope_ref, reason} (INV-1) */
int bm_h_counts_create(bm_http_req *r)
{
	const char *scope, *scope_ref, *reason;
	const bm_http_field fields[] = {
	        {"scope", BM_F_STRING, false, &scope},
	        {"scope_ref", BM_F_REF, false, &scope_ref},
	        {"reason", BM_F_STRING, false, &reason},
	};
	bm_count_session_row *s;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_count_start(r->ctx, scope ? scope : "unit", scope_ref, reason, &s)) != 0)
		return rc;
	return bm_http_reply(r, 201, count_session_json(s));
}

/*
 * GET /counts?format=json|csv|xlsx: every count, each with its closed result's
 * figures; csv/xlsx the 涉密载体清查登记表 (issue 15 point 2).
 */
int bm_h_counts_list(bm_http_req *r)
{
	static const char *const names[] = {"format"};
	const char *v[1];
	bm_count_session_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 1, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[0], &json, &format)) != 0 ||
	    (rc = bm_svc_count_list(r->ctx, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_count_session_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "counts", NULL);
	return bm_http_items(r, arr, -1);
}

/* Lines per list of a count's answer unless `limit` says otherwise (issue 17). */
enum { COUNT_PAGE_DEFAULT = 1000, COUNT_PAGE_MAX = 10000 };

static int count_param(const char *name, const char *value, long min, long max, long *out)
{
	char *end;
	long v;
	if (!value || !*value)
		return 0;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || *end || v < min || v > max)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "参数 %s 的值无效：'%s'",
		                    "invalid value for parameter %s: '%s'", name, value);
	*out = v;
	return 0;
}

/*
 * ?place=ID (a 存放地点; "none": the carriers with none) of a count by
 * place (issue 14 point 6): -1 for none, else the id.
 */
static int count_place(const char *value, long *out)
{
	*out = 0;
	if (value && strcmp(value, "none") == 0) {
		*out = -1;
		return 0;
	}
	return count_param("place", value, 1, LONG_MAX, out);
}

/*
 * ?limit=N (lines per list, 1..10000, default 1000), ?list=found|missing|
 * out|unexpected|incomplete (that list only), ?after=ID (with list: the
 * lines after carrier ID, the `next` of the page before) and ?place=ID|none
 * (the carriers of one 存放地点, with that place's progress; no unexpected
 * lines); ?review=true (an open count's `review`, INV-4);
 * ?format=json|csv|xlsx in *format.
 */
static int count_page(bm_http_req *r, bm_count_page *pg, const char **format)
{
	enum { LIMIT, LIST, AFTER, PLACE, FORMAT, REVIEW, N_PARAMS };
	static const char *const names[N_PARAMS] = {"limit", "list",   "after",
	                                            "place", "format", "review"};
	const char *v[N_PARAMS];
	long limit = COUNT_PAGE_DEFAULT, after = 0, place = 0;
	int rc;
	memset(pg, 0, sizeof(*pg));
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = count_param("limit", v[LIMIT], 1, COUNT_PAGE_MAX, &limit)) != 0 ||
	    (rc = count_param("after", v[AFTER], 0, LONG_MAX, &after)) != 0 ||
	    (rc = count_place(v[PLACE], &place)) != 0)
		return rc;
	pg->limit = limit;
	pg->place = place;
	*format = v[FORMAT];
	/* INV-4: ?review=true adds what closing now must confirm (an open count's). */
	if (v[REVIEW] && *v[REVIEW]) {
		if (strcmp(v[REVIEW], "true") != 0 && strcmp(v[REVIEW], "false") != 0)
			return bm_error_set(
			        BM_EINVALID, "invalid_parameter", NULL,
			        "参数 review 的值无效：'%s'（true 或 false）",
			        "invalid value for parameter review: '%s' (true or false)",
			        v[REVIEW]);
		pg->review = strcmp(v[REVIEW], "true") == 0;
	}
	if (v[LIST] && *v[LIST]) {
		int k = 0;
		while (k < BM_COUNT_LISTS && strcmp(v[LIST], bm_count_list_names[k]) != 0)
			k++;
		if (k == BM_COUNT_LISTS)
			return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
			                    "参数 list 的值无效：'%s'",
			                    "invalid value for parameter list: '%s'", v[LIST]);
		pg->one = true;
		pg->list = (bm_count_list)k;
		pg->after = after;
	} else if (after)
		return bm_error_set_msg(BM_EINVALID, "invalid_parameter", NULL,
		                        "参数 after 需与 list 同用", "parameter after needs list");
	return 0;
}

/*
 * GET /counts/{id}: the stored result once closed, a preview before (INV-3):
 * every list's size (`counts`) and a page of each list (`next`: where the
 * next page starts). ?format=csv|xlsx: the whole result as the 涉密载体清查表
 * (issue 15 point 2), every line, the paging parameters left aside.
 */
int bm_h_counts_show(bm_http_req *r)
{
	bm_count_result res;
	bm_count_page pg;
	const char *fmt;
	bm_sheet_format format;
	bool json;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = count_page(r, &pg, &fmt)) != 0 ||
	    (rc = bm_http_sheet_format(fmt, &json, &format)) != 0)
		return rc;
	if (!json) {
		const char *name = bm_arena_printf(r->arena, "baomi-count-%lld", (long long)id);
		bm_buf b;
		bm_buf_init(&b, 64u << 20);
		rc = name ? bm_svc_count_sheet(r->ctx, id, format, &b) : bm_error_nomem();
		if (rc == 0)
			rc = bm_http_attachment(r, &b, format, name);
		bm_buf_release(&b);
		return rc;
	}
	if ((rc = bm_svc_count_show_page(r->ctx, id, &pg, &res)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_count_result_to_json(&res));
}

/*
 * POST /counts/{id}/ticks {carrier_id | device_id, incomplete, note} (INV-3).
 * The scanner posts what it read as carrier_id: a carrier's label
 * "baomi:carrier:N" (or the id), or a device's "baomi:device:N", which
 * ticks the device (issue 10 point 3); device_id names a device directly.
 */
int bm_h_counts_tick(bm_http_req *r)
{
	static const char device_prefix[] = "baomi:device:";
	const char *carrier = NULL, *device = NULL, *note;
	bool incomplete;
	const bm_http_field fields[] = {
	        {"carrier_id", BM_F_REF, false, &carrier},
	        {"device_id", BM_F_REF, false, &device},
	        {"incomplete", BM_F_BOOL, false, &incomplete},
	        {"note", BM_F_STRING, false, &note},
	};
	int64_t id, carrier_id = 0, device_id = 0;
	bm_count_tick_info met;
	json_t *o;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	if (carrier && strncmp(carrier, device_prefix, sizeof(device_prefix) - 1) == 0) {
		device = carrier + sizeof(device_prefix) - 1;
		carrier = NULL;
	} else if (device && strncmp(device, device_prefix, sizeof(device_prefix) - 1) == 0)
		device += sizeof(device_prefix) - 1;
	if (!carrier == !device)
		return bm_error_set(
		        BM_EINVALID, "required", NULL,
		        "须给出 'carrier_id'（或扫描的标签）或 'device_id' 之一",
		        "give one of 'carrier_id' (or the scanned label) and 'device_id'");
	if (device) {
		if ((rc = bm_http_text_id(device, "device_id", &device_id)) != 0 ||
		    (rc = bm_svc_count_tick_device_info(r->ctx, id, device_id, incomplete, note,
		                                        &met)) != 0)
			return rc;
		/* A repeated scan (issue 14 point 6), told as a carrier's is. */
		o = json_pack("{s:I,s:I,s:b,s:b}", "session_id", (json_int_t)id, "device_id",
		              (json_int_t)device_id, "incomplete", 0, "repeat", met.repeat);
		json_object_set_new(o, "first_ticked_at",
		                    met.repeat && met.first_at ? json_string(met.first_at)
		                                               : json_null());
		return bm_http_reply(r, 200, o);
	}
	if ((rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0 ||
	    (rc = bm_svc_count_tick_info(r->ctx, id, carrier_id, incomplete, note, &met)) != 0)
		return rc;
	o = json_pack("{s:I,s:I,s:b,s:b}", "session_id", (json_int_t)id, "carrier_id",
	              (json_int_t)carrier_id, "incomplete", incomplete || met.first_incomplete,
	              "repeat", met.repeat);
	/* A repeated scan (issue 14 point 6): when the carrier was first ticked; counted once. */
	json_object_set_new(o, "first_ticked_at",
	                    met.repeat && met.first_at ? json_string(met.first_at) : json_null());
	json_object_set_new(o, "title", met.title ? json_string(met.title) : json_null());
	json_object_set_new(o, "number", met.number ? json_string(met.number) : json_null());
	json_object_set_new(o, "marking", met.marking ? json_string(met.marking) : json_null());
	json_object_set_new(o, "place_id", met.place_id ? json_integer(met.place_id) : json_null());
	json_object_set_new(o, "place", met.place ? json_string(met.place) : json_null());
	return bm_http_reply(r, 200, o);
}

/*
 * GET /counts/{id}/places?place=ID|none (issue 14 point 6): each 存放地点's
 * expected, found, missing (not yet found while open), out and incomplete
 * carriers, and the count's totals beside them.
 */
int bm_h_counts_places(bm_http_req *r)
{
	static const char *const names[] = {"place"};
	const char *v[1];
	bm_count_place *places;
	size_t n;
	long place = 0;
	int64_t id;
	json_t *o;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, names, 1, v)) != 0 ||
	    (rc = count_place(v[0], &place)) != 0 ||
	    (rc = bm_svc_count_places(r->ctx, id, place, &places, &n)) != 0)
		return rc;
	o = json_pack("{s:I,s:o}", "session_id", (json_int_t)id, "items",
	              bm_count_places_to_json(places, n));
	return bm_http_reply(r, 200, o);
}

/*
 * POST /counts/{id}/close {confirm_missing, confirm_token}: INV-3 result,
 * answered as GET /counts/{id} with the first page of each list; the
 * missing carriers and devices go on the count's incident (INV-4). When
 * anything goes missing the body confirms what GET /counts/{id}?review=true
 * showed (its `review`): refused (INV-4, 409) without, or when it changed.
 */
int bm_h_counts_close(bm_http_req *r)
{
	const char *missing = NULL, *token = NULL;
	const bm_http_field fields[] = {
	        {"confirm_missing", BM_F_INT_TEXT, false, &missing},
	        {"confirm_token", BM_F_STRING, false, &token},
	};
	bm_count_confirm confirm = {0};
	bm_count_result res;
	int64_t id;
	int rc;
	bm_count_page pg = {.limit = COUNT_PAGE_DEFAULT};
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	if (missing) {
		char *end;
		errno = 0;
		confirm.carriers = strtoll(missing, &end, 10);
		if (errno || *end || confirm.carriers < 0)
			return bm_error_set(
			        BM_EINVALID, "invalid_field", NULL,
			        "confirm_missing 须为不小于 0 的整数：'%s'",
			        "confirm_missing must be a whole number, 0 or more: '%s'", missing);
	}
	confirm.token = token;
	if ((rc = bm_svc_count_close_confirmed(r->ctx, id, missing || token ? &confirm : NULL, &pg,
	                                       &res)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_count_result_to_json(&res));
}

/* ---- incidents (service/incident.c) ---------------------------------------------- */

/* The INC-1 fields shared by opening and completing a report. */
/* clang-format off */
#define INCIDENT_FIELDS(in)                                            \
	{"what", BM_F_STRING, false, &(in).what},                          \
	{"level", BM_F_STRING, false, &(in).level},                        \
	{"quantity", BM_F_REF, false, &(in).quantity},                     \
	{"form", BM_F_STRING, false, &(in).form},                          \
	{"harm", BM_F_STRING, false, &(in).harm},                          \
	{"circumstances", BM_F_STRING, false, &(in).circumstances},        \
	{"responsible", BM_F_STRING, false, &(in).responsible},            \
	{"remedies", BM_F_STRING, false, &(in).remedies},                  \
	{"discovered_at", BM_F_STRING, false, &(in).discovered_at}
/* clang-format on */

static int incident_reply(bm_http_req *r, int status, int64_t id)
{
	bm_incident_row *i;
	int rc = bm_svc_incident_show(r->ctx, id, &i);
	if (rc)
		return rc;
	return bm_http_reply(r, status, bm_incident_to_json(i));
}

/* POST /incidents {kind, carrier_id, …INC-1 fields} */
int bm_h_incidents_create(bm_http_req *r)
{
	bm_incident_input in = {0};
	const char *carrier;
	const bm_http_field fields[] = {
	        {"kind", BM_F_STRING, true, &in.kind},
	        {"carrier_id", BM_F_REF, false, &carrier},
	        INCIDENT_FIELDS(in),
	};
	bm_incident_row *row;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (carrier && (rc = bm_http_carrier_id(carrier, "carrier_id", &in.carrier_id)) != 0) ||
	    (rc = bm_svc_incident_open(r->ctx, &in, &row)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_incident_to_json(row));
}

/* GET /incidents?status=open|closed */
int bm_h_incidents_list(bm_http_req *r)
{
	static const char *const names[] = {"status", "format"};
	const char *v[2];
	bm_incident_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 2, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[1], &json, &format)) != 0 ||
	    (rc = bm_svc_incident_list(r->ctx, v[0] && *v[0] ? v[0] : NULL, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_incident_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "incidents", NULL);
	return bm_http_items(r, arr, -1);
}

int bm_h_incidents_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return incident_reply(r, 200, id);
}

/* POST /incidents/{id}/report {…INC-1 fields} */
int bm_h_incidents_report(bm_http_req *r)
{
	bm_incident_input in = {0};
	const bm_http_field fields[] = {INCIDENT_FIELDS(in)};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_incident_report(r->ctx, id, &in)) != 0)
		return rc;
	return incident_reply(r, 200, id);
}

/* POST /incidents/{id}/findings {findings} (INC-4) */
int bm_h_incidents_findings(bm_http_req *r)
{
	const char *findings;
	const bm_http_field fields[] = {{"findings", BM_F_STRING, true, &findings}};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_incident_findings(r->ctx, id, findings)) != 0)
		return rc;
	return incident_reply(r, 200, id);
}

/* POST /incidents/{id}/close {note} (INC-1, INC-4) */
int bm_h_incidents_close(bm_http_req *r)
{
	const char *note;
	const bm_http_field fields[] = {{"note", BM_F_STRING, false, &note}};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_incident_close(r->ctx, id, note)) != 0)
		return rc;
	return incident_reply(r, 200, id);
}

/* ---- alerts and registers ------------------------------------------------------- */

/*
 * GET /alerts?limit=&offset=&kind=&urgency=: the alerts at the request's
 * "now" (BAOMI_NOW fixes it), most urgent first, a page at a time (issue
 * 17): `total` and `kinds` (the count of each rule, code and urgency) are
 * counted by index, not by listing every alert; `kind` (an alert code) and
 * `urgency` narrow the page and its total. Without a limit a page is 500.
 */
int bm_h_alerts(bm_http_req *r)
{
	enum { LIMIT, OFFSET, KIND, URGENCY, N_PARAMS };
	static const char *const names[N_PARAMS] = {"limit", "offset", "kind", "urgency"};
	static const char *const urgencies[] = {"high", "medium", "low"};
	const char *v[N_PARAMS];
	int limit = 500, offset = 0;
	bm_alert_query q = {0};
	bm_alert_page page;
	json_t *arr, *kinds, *by_urgency, *o;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_http_paging(v[LIMIT], v[OFFSET], &limit, &offset)) != 0)
		return rc;
	if (v[URGENCY] && *v[URGENCY]) {
		for (size_t i = 0; i < BM_ARRAY_LEN(urgencies) && !q.urgency; i++)
			if (strcmp(urgencies[i], v[URGENCY]) == 0)
				q.urgency = urgencies[i];
		if (!q.urgency)
			return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
			                    "参数 urgency 的值无效：'%s'",
			                    "invalid value for parameter urgency: '%s'",
			                    v[URGENCY]);
	}
	q.code = v[KIND] && *v[KIND] ? v[KIND] : NULL;
	q.limit = limit;
	q.offset = offset;
	if ((rc = bm_svc_alerts_page(r->ctx, r->ctx->now, &q, &page)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < page.n; i++)
		json_array_append_new(arr, bm_alert_to_json(&page.items[i]));
	kinds = json_array();
	by_urgency = json_pack("{s:i, s:i, s:i}", "high", 0, "medium", 0, "low", 0);
	for (size_t i = 0; i < page.n_kinds; i++) {
		const bm_alert_kind_count *k = &page.kinds[i];
		json_t *u = json_object_get(by_urgency, k->urgency);
		json_array_append_new(kinds, json_pack("{s:s, s:s, s:s, s:I}", "rule", k->rule,
		                                       "code", k->code, "urgency", k->urgency,
		                                       "count", (json_int_t)k->count));
		if (u)
			json_integer_set(u, json_integer_value(u) + (json_int_t)k->count);
	}
	o = json_object();
	json_object_set_new(o, "total", json_integer((json_int_t)page.total));
	json_object_set_new(o, "items", arr);
	json_object_set_new(o, "kinds", kinds);
	json_object_set_new(o, "by_urgency", by_urgency);
	json_object_set_new(o, "limit", json_integer(limit));
	json_object_set_new(o, "offset", json_integer(offset));
	json_object_set_new(o, "next_offset",
	                    (int64_t)offset + limit < page.total
	                            ? json_integer((json_int_t)offset + limit)
	                            : json_null());
	return bm_http_reply(r, 200, o);
}

/* SYS-1: the auditor acknowledges an alert about the administrators. */
static int alerts_ack(bm_http_req *r, bool expired)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_fields(r, NULL, 0)) != 0 ||
	    (rc = bm_svc_admin_alert_ack(r->ctx, expired, id)) != 0)
		return rc;
	return bm_http_reply(r, 200,
	                     json_pack("{s:I,s:s,s:b}", "id", (json_int_t)id, "kind",
	                               expired ? "expired_filing" : "admin_alert", "acknowledged",
	                               1));
}

/* POST /alerts/admin/{id}/ack */
int bm_h_alerts_ack(bm_http_req *r)
{
	return alerts_ack(r, false);
}

/* POST /alerts/expired-filings/{id}/ack */
int bm_h_alerts_ack_expired(bm_http_req *r)
{
	return alerts_ack(r, true);
}

/* GET /registers/{kind}?book=classified|ordinary&from=&to=&format=json|csv|xlsx (REG-1, REG-4) */
int bm_h_registers(bm_http_req *r)
{
	enum { BOOK, FROM, TO, FORMAT, N_PARAMS };
	static const char *const names[N_PARAMS] = {"book", "from", "to", "format"};
	const char *v[N_PARAMS];
	bm_register_format format = BM_REGISTER_JSON;
	bm_register reg;
	bm_buf b;
	json_t *o;
	int rc;

	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0)
		return rc;
	if (v[FORMAT] && *v[FORMAT]) {
		if (strcmp(v[FORMAT], "csv") == 0)
			format = BM_REGISTER_CSV;
		else if (strcmp(v[FORMAT], "xlsx") == 0)
			format = BM_REGISTER_XLSX;
		else if (strcmp(v[FORMAT], "json") != 0)
			return bm_error_set(
			        BM_EINVALID, "invalid_parameter", NULL,
			        "参数 format 的值无效：'%s'（json、csv、xlsx）",
			        "invalid value for parameter format: '%s' (json, csv, xlsx)",
			        v[FORMAT]);
	}
	if ((rc = bm_svc_register(r->ctx, r->params[0], v[BOOK],
	                          v[FROM] && *v[FROM] ? v[FROM] : NULL,
	                          v[TO] && *v[TO] ? v[TO] : NULL, &reg)) != 0)
		return rc;
	bm_buf_init(&b, 64u << 20);
	if ((rc = bm_register_render(&reg, format, &b)) != 0) {
		bm_buf_release(&b);
		return rc;
	}
	if (format != BM_REGISTER_JSON)
		return bm_http_attachment(
		        r, &b, format == BM_REGISTER_XLSX ? BM_SHEET_XLSX : BM_SHEET_CSV,
		        bm_arena_printf(r->arena, "baomi-register-%s-%s",
		                        bm_register_names[reg.kind].code,
		                        reg.classified ? "classified" : "ordinary"));
	o = json_loadb(b.ptr ? b.ptr : "", b.len, 0, NULL);
	bm_buf_release(&b);
	if (!o)
		return bm_error_set(BM_ERROR, "render_failed", NULL, "登记簿生成失败",
		                    "the register could not be rendered");
	return bm_http_reply(r, 200, o);
}
