/*
 * h_carrier.c — the ledger: list and search, one carrier with its history,
 * register incoming and made carriers, move. Visibility (SYS-2) and every
 * rule are the services'; a hidden carrier is a 404 like a missing one.
 */
#include "common.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "http/http_wf.h"
#include "util/timeutil.h"

/* The registration fields shared by incoming and made carriers. */
#define CARRIER_FIELDS(in)                                                                         \
	{"kind", BM_F_STRING, false, &(in).kind}, {"title", BM_F_STRING, false, &(in).title},      \
	        {"doc_number", BM_F_STRING, false, &(in).doc_number},                              \
	        {"pages", BM_F_INT_TEXT, false, &(in).pages},                                      \
	        {"copies", BM_F_INT_TEXT, false, &(in).copies},                                    \
	        {"producer", BM_F_STRING, false, &(in).producer},                                  \
	        {"sender", BM_F_STRING, false, &(in).sender},                                      \
	        {"level", BM_F_STRING, false, &(in).level},                                        \
	        {"period", BM_F_REF, false, &(in).period},                                         \
	        {"period_event", BM_F_STRING, false, &(in).period_event},                          \
	        {"review_date", BM_F_STRING, false, &(in).review_date},                            \
	        {"urgency", BM_F_STRING, false, &(in).urgency},                                    \
	        {"department", BM_F_REF, false, &(in).department},                                 \
	        {"custodian", BM_F_REF, false, &(in).custodian},                                   \
	        {"place", BM_F_REF, false, &(in).place}, {"scope", BM_F_LIST, false, &(in).scope}, \
	        {"note", BM_F_STRING, false, &(in).note},                                          \
	        {"keep_reason", BM_F_STRING, false, &(in).keep.reason},                            \
	        {"keep_approver", BM_F_REF, false, &(in).keep.approver},                           \
	{                                                                                          \
		"keep_until", BM_F_STRING, false, &(in).keep.until                                 \
	}

int bm_h_carriers_incoming(bm_http_req *r)
{
	bm_carrier_input in = {0};
	const bm_http_field fields[] = {
	        CARRIER_FIELDS(in),
	        {"serial_number", BM_F_INT_TEXT, false, &in.serial_number},
	        {"received_on", BM_F_STRING, false, &in.received_on},
	        {"letter", BM_F_REF, false, &in.letter}, /* REG-3: contents of a personal letter */
	};
	bm_carrier *c;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_carrier_register_incoming(r->ctx, &in, &c)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_carrier_to_json(r->arena, c));
}

int bm_h_carriers_made(bm_http_req *r)
{
	bm_carrier_input in = {0};
	const char *request = NULL;
	const bm_http_field fields[] = {
	        CARRIER_FIELDS(in),
	        {"request_id", BM_F_REF, false, &request}, /* MAKE-1: the approved make request */
	        /* LEVEL-4/9: when given, the approved classifier and basis */
	        {"classifier", BM_F_REF, false, &in.classifier},
	        {"basis", BM_F_STRING, false, &in.basis},
	};
	bm_carrier *items;
	size_t n;
	int64_t request_id = 0;
	json_t *arr, *o;
	int rc;
	/* Without a request the service refuses with MAKE-1 (and audits the attempt). */
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (request && (rc = bm_http_text_id(request, "request_id", &request_id)) != 0) ||
	    (rc = bm_svc_carrier_register_made(r->ctx, request_id, &in, &items, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_carrier_to_json(r->arena, &items[i]));
	o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)n));
	json_object_set_new(o, "items", arr);
	return bm_http_reply(r, 201, o);
}

int bm_h_carriers_move(bm_http_req *r)
{
	const char *place, *custodian, *reason;
	bm_keep_terms keep = {0};
	const bm_http_field fields[] = {
	        {"place", BM_F_REF, false, &place},
	        {"custodian", BM_F_REF, false, &custodian},
	        {"reason", BM_F_STRING, false, &reason},
	        /* KEEP-6: personal keeping's terms, with a custodian who is not a clerk. */
	        {"keep_reason", BM_F_STRING, false, &keep.reason},
	        {"keep_approver", BM_F_REF, false, &keep.approver},
	        {"keep_until", BM_F_STRING, false, &keep.until},
	};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_carrier_move_kept(r->ctx, id, place, custodian, reason, &keep)) != 0)
		return rc;
	return bm_http_reply(r, 200, json_pack("{s:I,s:b}", "id", (json_int_t)id, "moved", 1));
}

int bm_h_carriers_show(bm_http_req *r)
{
	bm_carrier *c;
	bm_carrier_event *events;
	size_t n;
	int64_t id;
	json_t *o, *hist;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0) {
		/* Same body as a carrier that does not exist (SYS-2). */
		return bm_error_set(BM_ENOTFOUND, "unknown_carrier", NULL, "载体 %s 不存在",
		                    "carrier %s does not exist", "?");
	}
	if ((rc = bm_svc_carrier_show(r->ctx, id, &c, &events, &n)) != 0)
		return rc;
	o = bm_carrier_to_json(r->arena, c);
	hist = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(
		        hist,
		        bm_carrier_event_json(&events[i], bm_http_json_stored(events[i].detail)));
	json_object_set_new(o, "history", hist);
	return bm_http_reply(r, 200, o);
}

static int invalid_filter(const char *name, const char *value)
{
	return bm_error_set(BM_EINVALID, "invalid_filter", NULL, "筛选条件 %s 的值无效：'%s'",
	                    "invalid value for filter %s: '%s'", name, value);
}

static int vocab_filter(const char *name, const char *value, const bm_vocab_entry *table, int count,
                        int *out)
{
	*out = -1;
	if (!value || !*value)
		return 0;
	if ((*out = bm_vocab_find(table, count, value)) < 0)
		return invalid_filter(name, value);
	return 0;
}

static int number(const char *name, const char *value, long min, long max, long *out)
{
	char *end;
	long v;
	if (!value || !*value)
		return 0;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || *end || v < min || v > max)
		return invalid_filter(name, value);
	*out = v;
	return 0;
}

/* GET /api/v1/carriers/stats: the dashboard's counts in one audited read (SYS-2). */
int bm_h_carriers_stats(bm_http_req *r)
{
	const char *v[1];
	bm_carrier_stats st;
	int rc;
	if ((rc = bm_http_query(r, NULL, 0, v)) != 0 ||
	    (rc = bm_svc_carrier_stats(r->ctx, &st)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_carrier_stats_to_json(&st));
}

/* Resolves the list's department, custodian and place names into ids on `f`. */
static int resolve_filter_names(bm_http_req *r, const char *department, const char *custodian,
                                const char *place, bm_carrier_filter *f)
{
	int rc;
	if (department && *department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(r->ctx, department, &d)) != 0)
			return rc;
		f->department_id = d->id;
	}
	if (custodian && *custodian) {
		bm_person *p;
		if ((rc = bm_svc_person_resolve(r->ctx, custodian, &p)) != 0)
			return rc;
		f->custodian_id = p->id;
	}
	if (place && *place) {
		bm_place *p;
		if ((rc = bm_svc_place_resolve(r->ctx, place, &p)) != 0)
			return rc;
		f->place_id = p->id;
	}
	return 0;
}

/* The answer of GET /carriers: one page and its total. */
static json_t *page_to_json(bm_http_req *r, const bm_carrier_filter *f, const bm_carrier_page *page)
{
	json_t *o, *arr = json_array();
	for (size_t i = 0; i < page->count; i++)
		json_array_append_new(arr, bm_carrier_to_json(r->arena, &page->items[i]));
	o = json_object();
	json_object_set_new(o, "total", json_integer(page->total));
	json_object_set_new(o, "offset", json_integer(f->offset));
	json_object_set_new(o, "limit", json_integer(f->limit));
	/* Keyset paging: pass `next` as `after` for the following page; null on the last. */
	json_object_set_new(o, "next", page->next ? json_integer(page->next) : json_null());
	json_object_set_new(o, "items", arr);
	return o;
}

int bm_h_carriers_list(bm_http_req *r)
{
	enum {
		LEVEL,
		STATUS,
		KIND,
		ORIGIN,
		DEPARTMENT,
		CUSTODIAN,
		PLACE,
		FROM,
		TO,
		Q,
		SORT,
		LIMIT,
		OFFSET,
		DERIVED_FROM,
		AFTER,
		FORMAT,
		N_PARAMS
	};
	static const char *const names[N_PARAMS] = {
	        "level",  "status",       "kind",  "origin", "department", "custodian",
	        "place",  "from",         "to",    "q",      "sort",       "limit",
	        "offset", "derived_from", "after", "format",
	};
	const char *v[N_PARAMS];
	bm_carrier_filter f;
	bm_carrier_page page = {0};
	long limit = 50, offset = 0, derived_from = 0, after = 0;
	bm_sheet_format format;
	bool json;
	int32_t day;
	int rc;

	memset(&f, 0, sizeof(f));
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[FORMAT], &json, &format)) != 0 ||
	    (rc = vocab_filter("level", v[LEVEL], bm_level_names, BM_LEVEL_COUNT, &f.level)) != 0 ||
	    (rc = vocab_filter("status", v[STATUS], bm_status_names, BM_STATUS_COUNT, &f.status)) !=
	            0 ||
	    (rc = vocab_filter("kind", v[KIND], bm_kind_names, BM_KIND_COUNT, &f.kind)) != 0 ||
	    (rc = vocab_filter("origin", v[ORIGIN], bm_origin_names, BM_ORIGIN_COUNT, &f.origin)) !=
	            0 ||
	    (rc = number("limit", v[LIMIT], 1, 1000, &limit)) != 0 ||
	    (rc = number("offset", v[OFFSET], 0, 100000000, &offset)) != 0 ||
	    (rc = number("derived_from", v[DERIVED_FROM], 1, LONG_MAX, &derived_from)) != 0 ||
	    (rc = number("after", v[AFTER], 1, LONG_MAX, &after)) != 0)
		return rc;
	f.derived_from = derived_from;
	f.after = after;
	if (v[FROM] && *v[FROM] && !bm_date_parse(v[FROM], &day))
		return invalid_filter("from", v[FROM]);
	if (v[TO] && *v[TO] && !bm_date_parse(v[TO], &day))
		return invalid_filter("to", v[TO]);
	if ((rc = resolve_filter_names(r, v[DEPARTMENT], v[CUSTODIAN], v[PLACE], &f)) != 0)
		return rc;
	f.registered_from = v[FROM] && *v[FROM] ? v[FROM] : NULL;
	f.registered_to = v[TO] && *v[TO] ? v[TO] : NULL;
	f.query = v[Q] && *v[Q] ? v[Q] : NULL;
	f.sort = v[SORT] && *v[SORT] ? v[SORT] : NULL;
	f.limit = (int)limit;
	f.offset = (int)offset;
	if (!json) {
		/* Issue 15: the ledger view as filtered, every matching row, as a download. */
		bm_buf b;
		bm_buf_init(&b, 256u << 20);
		if ((rc = bm_svc_carrier_sheet(r->ctx, &f, format, &b)) == 0)
			rc = bm_http_attachment(r, &b, format, "baomi-ledger");
		bm_buf_release(&b);
		return rc;
	}
	if ((rc = bm_svc_carrier_list(r->ctx, &f, &page)) != 0)
		return rc;
	return bm_http_reply(r, 200, page_to_json(r, &f, &page));
}
