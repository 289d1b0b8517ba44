/*
 * h_inspection.c — inspections (保密检查, INSP-1) and rectification notices
 * (整改通知书, INSP-2) over HTTP. Every rule is service/inspection.c's
 * (refusals carry INSP-1, INSP-2; administrators SYS-1); an inspection or
 * notice of another unit, or a notice the reader neither keeps nor answers
 * for, is a 404 like a missing one.
 */
#include "common.h"

#include "http/http_wf.h"
#include "service/inspection.h"

enum { MAX_CHECK_LINES = 200 };

static int insp_id(bm_http_req *r, int64_t *out)
{
	if (bm_http_param_id(r, 0, out) == 0)
		return 0;
	return bm_error_set(BM_ENOTFOUND, "unknown_inspection", NULL, "检查 %s 不存在",
	                    "inspection %s does not exist", "?");
}

static int rect_id(bm_http_req *r, int64_t *out)
{
	if (bm_http_param_id(r, 0, out) == 0)
		return 0;
	return bm_error_set(BM_ENOTFOUND, "unknown_rectification", NULL, "整改通知 %s 不存在",
	                    "rectification %s does not exist", "?");
}

static int wrong_checklist(void)
{
	return bm_error_set(BM_EINVALID, "wrong_type", NULL,
	                    "checklist 须为 {item, answer, note} 对象的数组",
	                    "'checklist' is an array of {item, answer, note} objects");
}

/* A string member of a checklist line, or NULL; false when present and not a string. */
static bool line_text(json_t *line, const char *key, const char **out)
{
	json_t *v = json_object_get(line, key);
	*out = NULL;
	if (!v || json_is_null(v))
		return true;
	if (!json_is_string(v))
		return false;
	*out = json_string_value(v);
	return true;
}

/*
 * Takes "checklist" out of the body (bm_http_fields knows only flat
 * fields) into `in`: an array of {item, answer, note} objects, borrowed
 * from `*held` (a new reference for the caller to release).
 */
static int take_checklist(bm_http_req *r, bm_insp_input *in, json_t **held)
{
	json_t *cl = r->body ? json_object_get(r->body, "checklist") : NULL;
	bm_insp_check_line *lines = NULL;
	size_t i;
	json_t *line;
	*held = NULL;
	if (!cl || json_is_null(cl)) {
		if (cl)
			json_object_del(r->body, "checklist");
		return 0;
	}
	if (!json_is_array(cl))
		return wrong_checklist();
	if (json_array_size(cl) > MAX_CHECK_LINES)
		return bm_error_set(BM_ETOOLARGE, "too_many", NULL, "检查表超过 %d 项",
		                    "the checklist has more than %d lines", MAX_CHECK_LINES);
	if (json_array_size(cl) &&
	    !(lines = bm_arena_alloc(r->ctx->arena, json_array_size(cl) * sizeof(*lines))))
		return bm_error_nomem();
	json_array_foreach(cl, i, line)
	{
		const char *key;
		json_t *v;
		if (!json_is_object(line))
			return wrong_checklist();
		json_object_foreach(line, key, v)
		{
			if (strcmp(key, "item") && strcmp(key, "answer") && strcmp(key, "note"))
				return wrong_checklist();
		}
		if (!line_text(line, "item", &lines[i].item) ||
		    !line_text(line, "answer", &lines[i].answer) ||
		    !line_text(line, "note", &lines[i].note))
			return wrong_checklist();
	}
	in->checklist = lines;
	in->n_checklist = json_array_size(cl);
	*held = json_incref(cl);
	json_object_del(r->body, "checklist");
	return 0;
}

static int reply_insp(bm_http_req *r, int status, int64_t id)
{
	bm_insp_record rec;
	int rc;
	if ((rc = bm_svc_insp_show(r->ctx, id, &rec)) != 0)
		return rc;
	return bm_http_reply(r, status, bm_insp_record_to_json(&rec));
}

static int reply_rect(bm_http_req *r, int status, int64_t id)
{
	bm_insp_rect_record rec;
	int rc;
	if ((rc = bm_svc_insp_rect_show(r->ctx, id, &rec)) != 0)
		return rc;
	return bm_http_reply(r, status, bm_insp_rect_record_to_json(&rec));
}

/* POST /inspections {kind, held_on, scope, inspectors, checklist, summary} (INSP-1) */
int bm_h_inspections_create(bm_http_req *r)
{
	bm_insp_input in = {0};
	const bm_http_field fields[] = {
	        {"kind", BM_F_STRING, false, &in.kind},
	        {"held_on", BM_F_STRING, false, &in.held_on},
	        {"scope", BM_F_LIST, false, &in.scope},
	        {"inspectors", BM_F_LIST, false, &in.inspectors},
	        {"summary", BM_F_STRING, false, &in.summary},
	};
	bm_insp_row *row = NULL;
	json_t *held = NULL;
	int rc;
	if ((rc = take_checklist(r, &in, &held)) == 0 &&
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) == 0)
		rc = bm_svc_insp_add(r->ctx, &in, &row);
	json_decref(held);
	if (rc)
		return rc;
	return reply_insp(r, 201, row->id);
}

/* GET /inspections?kind= */
int bm_h_inspections_list(bm_http_req *r)
{
	static const char *const names[] = {"kind", "format"};
	const char *v[2];
	bm_insp_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 2, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[1], &json, &format)) != 0 ||
	    (rc = bm_svc_insp_list(r->ctx, v[0], &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_insp_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "inspections", NULL);
	return bm_http_items(r, arr, -1);
}

/* GET /inspections/calendar: the last regular inspection and the next due (INSP-1) */
int bm_h_inspections_calendar(bm_http_req *r)
{
	bm_insp_calendar c;
	int rc;
	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_insp_calendar(r->ctx, &c)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_insp_calendar_to_json(&c));
}

/* GET /inspections/{id} */
int bm_h_inspections_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = insp_id(r, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return reply_insp(r, 200, id);
}

/* POST /inspections/{id}/findings {finding, department, responsible, deadline} (INSP-2) */
int bm_h_inspections_finding(bm_http_req *r)
{
	bm_insp_rectification_in in = {0};
	const bm_http_field fields[] = {
	        {"finding", BM_F_STRING, false, &in.finding},
	        {"department", BM_F_REF, false, &in.department},
	        {"responsible", BM_F_REF, false, &in.responsible},
	        {"deadline", BM_F_STRING, false, &in.deadline},
	};
	bm_insp_rectification *x = NULL;
	int rc;
	if ((rc = insp_id(r, &in.inspection_id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_insp_finding(r->ctx, &in, &x)) != 0)
		return rc;
	return reply_rect(r, 201, x->id);
}

/* GET /rectifications?status=&department=&overdue=1 */
int bm_h_rectifications_list(bm_http_req *r)
{
	static const char *const names[] = {"status", "department", "overdue", "format"};
	const char *v[4];
	bm_insp_rect_query q = {0};
	bm_insp_rectification *rows;
	size_t n;
	int32_t today = 0;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 4, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[3], &json, &format)) != 0)
		return rc;
	q.status = v[0];
	q.department = v[1];
	q.overdue_only = v[2] && *v[2] && strcmp(v[2], "0") != 0;
	if ((rc = bm_svc_insp_rect_list(r->ctx, &q, &rows, &n, &today)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_insp_rect_to_json(&rows[i], today));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "rectifications", NULL);
	return bm_http_items(r, arr, -1);
}

/* GET /rectifications/{id}: the notice with its history */
int bm_h_rectifications_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = rect_id(r, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return reply_rect(r, 200, id);
}

/* POST /rectifications/{id}/report {text} (INSP-2) */
int bm_h_rectifications_report(bm_http_req *r)
{
	const char *text = NULL;
	const bm_http_field fields[] = {{"text", BM_F_STRING, false, &text}};
	bm_insp_rectification *x = NULL;
	int64_t id;
	int rc;
	if ((rc = rect_id(r, &id)) != 0 || (rc = bm_http_fields(r, fields, 1)) != 0 ||
	    (rc = bm_svc_insp_rect_report(r->ctx, id, text, &x)) != 0)
		return rc;
	return reply_rect(r, 200, id);
}

/* POST /rectifications/{id}/close {note} and /reopen {note, deadline} (INSP-2) */
static int follow(bm_http_req *r, bool close)
{
	const char *note = NULL, *deadline = NULL;
	const bm_http_field fields[] = {
	        {"note", BM_F_STRING, false, &note},
	        {"deadline", BM_F_STRING, false, &deadline},
	};
	bm_insp_rectification *x = NULL;
	int64_t id;
	int rc;
	if ((rc = rect_id(r, &id)) != 0 || (rc = bm_http_fields(r, fields, close ? 1 : 2)) != 0 ||
	    (rc = bm_svc_insp_rect_follow(r->ctx, id, close, note, deadline, &x)) != 0)
		return rc;
	return reply_rect(r, 200, id);
}

int bm_h_rectifications_close(bm_http_req *r)
{
	return follow(r, true);
}

int bm_h_rectifications_reopen(bm_http_req *r)
{
	return follow(r, false);
}
