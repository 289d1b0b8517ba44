/*
 * h_site.c — key departments and places (保密要害部门部位, SITE-1) over
 * HTTP: the register, its staff and access lists, the measures checked and
 * the visit log. Every rule is service/site.c's (refusals carry SITE-1,
 * PERSON-1, PERSON-3; administrators SYS-1); an entry of another unit is a
 * 404 like a missing one.
 */
#include "common.h"

#include "http/http_wf.h"
#include "service/site.h"

static int site_id(bm_http_req *r, int64_t *out)
{
	if (bm_http_param_id(r, 0, out) == 0)
		return 0;
	return bm_error_set(BM_ENOTFOUND, "unknown_site", NULL, "要害部门部位 %s 不存在",
	                    "key site %s does not exist", "?");
}

/* The fields of an entry, as POST /sites and POST /sites/{id}/edit take them. */
static int site_fields(bm_http_req *r, bm_site_input *in)
{
	const bm_http_field fields[] = {
	        {"name", BM_F_STRING, false, &in->name},
	        {"kind", BM_F_STRING, false, &in->kind},
	        {"department", BM_F_REF, false, &in->department},
	        {"place", BM_F_REF, false, &in->place},
	        {"location", BM_F_STRING, false, &in->location},
	        {"confirmed_by", BM_F_STRING, false, &in->confirmed_by},
	        {"confirmed_on", BM_F_STRING, false, &in->confirmed_on},
	        {"confirm_doc", BM_F_STRING, false, &in->confirm_doc},
	        {"leader", BM_F_REF, false, &in->leader},
	        {"note", BM_F_STRING, false, &in->note},
	};
	return bm_http_fields(r, fields, BM_ARRAY_LEN(fields));
}

/* The whole record after a change. */
static int reply_record(bm_http_req *r, int status, int64_t id)
{
	bm_site_record rec;
	int rc;
	if ((rc = bm_svc_site_show(r->ctx, id, &rec)) != 0)
		return rc;
	return bm_http_reply(r, status, bm_site_record_to_json(&rec));
}

/* POST /sites (clerk, SITE-1) */
int bm_h_sites_create(bm_http_req *r)
{
	bm_site_input in = {0};
	bm_site_row *s;
	int rc;
	if ((rc = site_fields(r, &in)) != 0 || (rc = bm_svc_site_add(r->ctx, &in, &s)) != 0)
		return rc;
	return reply_record(r, 201, s->id);
}

/* GET /sites?status=&kind=&department=&q= */
int bm_h_sites_list(bm_http_req *r)
{
	static const char *const names[] = {"status", "kind", "department", "q", "format"};
	const char *v[5];
	bm_site_query q;
	bm_site_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 5, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[4], &json, &format)) != 0)
		return rc;
	q.status = v[0];
	q.kind = v[1];
	q.department = v[2];
	q.q = v[3];
	if ((rc = bm_svc_site_list(r->ctx, &q, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_site_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "sites", NULL);
	return bm_http_items(r, arr, -1);
}

/* GET /sites/{id}: the entry with its lists, checklist, visits and history. */
int bm_h_sites_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/* POST /sites/{id}/edit: the fields given change. */
int bm_h_sites_edit(bm_http_req *r)
{
	bm_site_input in = {0};
	bm_site_row *s;
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0 || (rc = site_fields(r, &in)) != 0 ||
	    (rc = bm_svc_site_edit(r->ctx, id, &in, &s)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/* POST /sites/{id}/revoke {reason} */
int bm_h_sites_revoke(bm_http_req *r)
{
	const char *reason = NULL;
	const bm_http_field fields[] = {{"reason", BM_F_STRING, false, &reason}};
	bm_site_row *s;
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0 || (rc = bm_http_fields(r, fields, 1)) != 0 ||
	    (rc = bm_svc_site_revoke(r->ctx, id, reason, &s)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/* POST /sites/{id}/members and /members/remove {person, list: staff|access} */
static int member(bm_http_req *r, bool add)
{
	const char *person = NULL, *list = NULL;
	const bm_http_field fields[] = {
	        {"person", BM_F_REF, false, &person},
	        {"list", BM_F_STRING, false, &list},
	};
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_site_member(r->ctx, id, person, list, add)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

int bm_h_sites_member_add(bm_http_req *r)
{
	return member(r, true);
}

int bm_h_sites_member_remove(bm_http_req *r)
{
	return member(r, false);
}

/* POST /sites/{id}/measures {measure, present, checked_on, note} */
int bm_h_sites_measure(bm_http_req *r)
{
	const char *measure = NULL, *checked_on = NULL, *note = NULL;
	bool present = false;
	const bm_http_field fields[] = {
	        {"measure", BM_F_STRING, false, &measure},
	        {"present", BM_F_BOOL, true, &present},
	        {"checked_on", BM_F_STRING, false, &checked_on},
	        {"note", BM_F_STRING, false, &note},
	};
	bm_site_measure_row *m;
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_site_measure(r->ctx, id, measure, present ? "yes" : "no", checked_on, note,
	                              &m)) != 0)
		return rc;
	return reply_record(r, 201, id);
}

static json_t *visit_list(const bm_site_visit_row *rows, size_t n)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_site_visit_to_json(&rows[i]));
	return arr;
}

/* GET /site-visits?open=1 and /sites/{id}/visits?open=1: the visit log, newest first. */
static int visits(bm_http_req *r, int64_t id)
{
	static const char *const names[] = {"open", "format"};
	const char *v[2] = {NULL, NULL};
	bm_site_visit_row *rows;
	bm_sheet_format format;
	bool json;
	size_t n;
	int rc;
	if ((rc = bm_http_query(r, names, 2, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[1], &json, &format)) != 0 ||
	    (rc = bm_svc_site_visits(r->ctx, id, v[0] && strcmp(v[0], "0") != 0 && *v[0], &rows,
	                             &n)) != 0)
		return rc;
	if (!json)
		return bm_http_list_sheet(r, visit_list(rows, n), format, "site-visits", NULL);
	return bm_http_items(r, visit_list(rows, n), -1);
}

int bm_h_site_visits_all(bm_http_req *r)
{
	return visits(r, 0);
}

int bm_h_sites_visits(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0)
		return rc;
	return visits(r, id);
}

/* POST /sites/{id}/visits {visitor, person, organisation, reason, escort, time_in} */
int bm_h_sites_visit_in(bm_http_req *r)
{
	bm_site_visit_input in = {0};
	const bm_http_field fields[] = {
	        {"visitor", BM_F_STRING, false, &in.visitor},
	        {"person", BM_F_REF, false, &in.person},
	        {"organisation", BM_F_STRING, false, &in.organisation},
	        {"reason", BM_F_STRING, false, &in.reason},
	        {"escort", BM_F_REF, false, &in.escort},
	        {"time_in", BM_F_STRING, false, &in.time_in},
	};
	bm_site_visit_row *v;
	int64_t id;
	int rc;
	if ((rc = site_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_site_visit_in(r->ctx, id, &in, &v)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_site_visit_to_json(v));
}

/* POST /site-visits/{id}/out {time_out} */
int bm_h_site_visits_out(bm_http_req *r)
{
	const char *time_out = NULL;
	const bm_http_field fields[] = {{"time_out", BM_F_STRING, false, &time_out}};
	bm_site_visit_row *v;
	int64_t id;
	int rc;
	if (bm_http_param_id(r, 0, &id) != 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_visit", NULL, "来访记录 %s 不存在",
		                    "visit %s does not exist", "?");
	if ((rc = bm_http_fields(r, fields, 1)) != 0 ||
	    (rc = bm_svc_site_visit_out(r->ctx, id, time_out, &v)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_site_visit_to_json(v));
}
