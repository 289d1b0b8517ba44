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

/* GET /self-assessments (INSP-4) */
int bm_h_sa_list(bm_http_req *r)
{
	bm_sa_row *rows = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;
	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_insp_sa_list(r->ctx, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_sa_row_to_json(&rows[i]));
	return bm_http_items(r, arr, -1);
}

/* GET /self-assessments/{id} (INSP-4) */
int bm_h_sa_show(bm_http_req *r)
{
	bm_sa_view v = {0};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_insp_sa_show(r->ctx, id, NULL, &v)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_sa_to_json(&v));
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
