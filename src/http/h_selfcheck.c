/*
 * h_selfcheck.c — the yearly self-assessment over HTTP (保密自查自评,
 * INSP-4): start the year's, read it with its evidence, answer an item,
 * sign it, list the years. Every rule is the service's
 * (service/selfcheck.c).
 */
#include "common.h"

#include <stdlib.h>

#include "http/http_int.h"
#include "http/http_wf.h"
#include "service/selfcheck.h"

/* POST /self-assessments {year} (INSP-4) */
int bm_h_sa_create(bm_http_req *r)
{
	const char *year = NULL;
	const bm_http_field fields[] = {{"year", BM_F_INT_TEXT, false, &year}};
	bm_sa_view v = {0};
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_insp_sa_start(r->ctx, year, &v)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_sa_to_json(&v));
}

/* ?format=json|csv|xlsx: json (true) or the sheet's format. */
static int format_param(bm_http_req *r, bool *json, bm_sheet_format *format)
{
	static const char *const names[] = {"format"};
	const char *fmt = NULL;
	int rc = bm_http_query(r, names, 1, &fmt);
	return rc ? rc : bm_http_sheet_format(fmt, json, format);
}

/* GET /self-assessments?format= (INSP-4): csv/xlsx the 保密自查自评登记表 (issue 15) */
int bm_h_sa_list(bm_http_req *r)
{
	bm_sa_row *rows = NULL;
	size_t n = 0;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = format_param(r, &json, &format)) != 0 ||
	    (rc = bm_svc_insp_sa_list(r->ctx, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_sa_row_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "self-assessments", NULL);
	return bm_http_items(r, arr, -1);
}

/* The title row's range of a year's checklist: the year, its state, who signed and when. */
static const char *sa_range(bm_http_req *r, const json_t *o)
{
	const char *clerk = json_string_value(json_object_get(o, "clerk_name"));
	const char *leader = json_string_value(json_object_get(o, "leader_name"));
	const char *ca = json_string_value(json_object_get(o, "clerk_signed_at"));
	const char *la = json_string_value(json_object_get(o, "leader_signed_at"));
	return bm_arena_printf(r->arena,
	                       "%lld 年度；已答复 %lld/%lld 项，不符合 %lld "
	                       "项；保密员签字：%s%s%s%s；分管领导签字：%s%s%s%s",
	                       (long long)json_integer_value(json_object_get(o, "year")),
	                       (long long)json_integer_value(json_object_get(o, "items_answered")),
	                       (long long)json_integer_value(json_object_get(o, "items_total")),
	                       (long long)json_integer_value(json_object_get(o, "findings")),
	                       clerk ? clerk : "未签", ca ? "（" : "", ca ? ca : "", ca ? "）" : "",
	                       leader ? leader : "未签", la ? "（" : "", la ? la : "",
	                       la ? "）" : "");
}

/*
 * GET /self-assessments/{id}?format= (INSP-4): csv/xlsx the year's checklist,
 * 保密自查自评表 — each item, its rule, the records it rests on, the answer
 * and the notice of a 不符合 (issue 15 point 2).
 */
int bm_h_sa_show(bm_http_req *r)
{
	bm_sa_view v = {0};
	bm_sheet_format format;
	bool json;
	json_t *o, *items;
	const char *range;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = format_param(r, &json, &format)) != 0 ||
	    (rc = bm_svc_insp_sa_show(r->ctx, id, NULL, &v)) != 0)
		return rc;
	o = bm_sa_to_json(&v);
	if (json)
		return bm_http_reply(r, 200, o);
	range = sa_range(r, o);
	items = json_incref(json_object_get(o, "items"));
	json_decref(o);
	return bm_http_list_sheet(r, items, format, "self-assessment", range);
}

/* POST /self-assessments/{id}/answers {item, answer, note, department, responsible, deadline}
 * (INSP-4) */
int bm_h_sa_answer(bm_http_req *r)
{
	bm_sa_answer_input in = {0};
	const bm_http_field fields[] = {
	        {"item", BM_F_REF, true, &in.item},
	        {"answer", BM_F_STRING, false, &in.answer},
	        {"note", BM_F_STRING, false, &in.note},
	        {"department", BM_F_REF, false, &in.department},
	        {"responsible", BM_F_REF, false, &in.responsible},
	        {"deadline", BM_F_STRING, false, &in.deadline},
	};
	bm_sa_view v = {0};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_insp_sa_answer(r->ctx, id, &in, &v)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_sa_to_json(&v));
}

/* POST /self-assessments/{id}/sign {as: clerk|leader} (INSP-4) */
int bm_h_sa_sign(bm_http_req *r)
{
	const char *as = NULL;
	const bm_http_field fields[] = {{"as", BM_F_STRING, false, &as}};
	bm_sa_view v = {0};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_insp_sa_sign(r->ctx, id, as, &v)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_sa_to_json(&v));
}
