/*
 * h_publication.c — publication review (信息公开保密审查, PUB-1, PUB-2) over
 * HTTP: the register of publications, filing one (a `publish` request of
 * the ordinary workflow, approved with POST /requests/{id}/approve), a
 * named reviewer's opinion and the named publisher's release. The rules are
 * service/publication*.c's; refusals carry PUB-1 or PUB-2.
 */
#include "common.h"

#include <stdlib.h>

#include "http/http_wf.h"

/* The publication as GET /requests/{id} shows it, with its approvals. */
static int reply_request(bm_http_req *r, int status, int64_t id)
{
	bm_request_row *req;
	bm_approval_row *aps;
	size_t n;
	int rc = bm_svc_request_show(r->ctx, id, &req, &aps, &n);
	if (rc)
		return rc;
	return bm_http_reply(r, status, bm_request_to_json(req, aps, n));
}

/* GET /publications?status=&format=csv|xlsx (issue 15: 信息公开保密审查登记表) */
int bm_h_publications_list(bm_http_req *r)
{
	static const char *const names[] = {"status", "format"};
	const char *v[2];
	bm_request_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;

	if ((rc = bm_http_query(r, names, 2, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[1], &json, &format)) != 0 ||
	    (rc = bm_svc_pub_list(r->ctx, v[0] && *v[0] ? v[0] : NULL, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_request_to_json(&rows[i], NULL, 0));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "publications", NULL);
	return bm_http_items(r, arr, (int64_t)n);
}

/*
 * POST /publications {channel, title, text, attachment, carrier_ids,
 * department, publisher, reviewers, reason}: files the `publish` request.
 */
int bm_h_publications_create(bm_http_req *r)
{
	const char *channel, *title, *text, *attachment, *department, *publisher, *reviewers;
	bm_request_input in = {.op = "publish"};
	const bm_http_field fields[] = {
	        {"channel", BM_F_STRING, false, &channel},
	        {"title", BM_F_STRING, false, &title},
	        {"text", BM_F_DOCUMENT, false, &text},
	        {"attachment", BM_F_STRING, false, &attachment},
	        {"department", BM_F_REF, false, &department},
	        {"publisher", BM_F_REF, false, &publisher},
	        {"reviewers", BM_F_LIST, false, &reviewers},
	        {"reason", BM_F_STRING, true, &in.reason},
	};
	json_t *ids = bm_http_take(r, "carrier_ids"), *params = NULL;
	int64_t *carrier_ids;
	bm_request_row *row;
	int rc;

	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_id_list(r, ids, "carrier_ids", false, &carrier_ids, &in.n_carriers)) != 0)
		goto done;
	in.carrier_ids = carrier_ids;
	params = json_object();
	{
		const char *keys[] = {"channel",    "title",     "text",     "attachment",
		                      "department", "publisher", "reviewers"};
		const char *vals[] = {channel,    title,     text,     attachment,
		                      department, publisher, reviewers};
		for (size_t i = 0; i < BM_ARRAY_LEN(keys); i++)
			if (vals[i])
				json_object_set_new(params, keys[i], json_string(vals[i]));
	}
	if ((rc = bm_http_params_text(r, params, &in.params)) != 0 ||
	    (rc = bm_svc_request_create(r->ctx, &in, &row)) != 0)
		goto done;
	rc = reply_request(r, 201, row->id);
done:
	json_decref(ids);
	json_decref(params);
	return rc;
}

/* POST /publications/{id}/review {passed, opinion} (a named reviewer) */
int bm_h_publications_review(bm_http_req *r)
{
	const char *opinion;
	bool passed = false;
	const bm_http_field fields[] = {
	        {"passed", BM_F_BOOL, true, &passed},
	        {"opinion", BM_F_STRING, true, &opinion},
	};
	int64_t id;
	int rc;

	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_pub_review(r->ctx, id, passed, opinion, NULL)) != 0)
		return rc;
	return reply_request(r, 200, id);
}

/* POST /publications/{id}/release {where} (the named publisher, after approval) */
int bm_h_publications_release(bm_http_req *r)
{
	const char *where;
	const bm_http_field fields[] = {{"where", BM_F_STRING, true, &where}};
	int64_t id;
	int rc;

	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_pub_release(r->ctx, id, where, NULL)) != 0)
		return rc;
	return reply_request(r, 200, id);
}
