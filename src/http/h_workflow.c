/*
 * h_workflow.c — requests and approvals (service/request.c) and the
 * clerk's desk: issue, check-in, circulation, items out (service/loan.c).
 * Who may do what, and every rule, is the services'; these handlers only
 * translate JSON to service calls and back.
 */
#include "common.h"

#include <errno.h>
#include <stdlib.h>

#include "http/http_wf.h"
#include "util/timeutil.h"

/* ---- helpers shared by the workflow handler files (http_wf.h) ---------------- */

json_t *bm_http_take(bm_http_req *r, const char *key)
{
	json_t *v;
	if (!r->body || !(v = json_object_get(r->body, key)))
		return NULL;
	json_incref(v);
	json_object_del(r->body, key);
	if (json_is_null(v)) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/* The English message names the English type: the two formats take different words. */
static int wrong_type(const char *name, const char *zh, const char *en)
{
	char msg_zh[BM_ERROR_MSG_MAX], msg_en[BM_ERROR_MSG_MAX];
	snprintf(msg_zh, sizeof(msg_zh), "字段 '%s' 应为%s", name, zh);
	snprintf(msg_en, sizeof(msg_en), "field '%s' must be %s", name, en);
	return bm_error_set_msg(BM_EINVALID, "wrong_type", NULL, msg_zh, msg_en);
}

int bm_http_text_id(const char *text, const char *name, int64_t *out)
{
	char *end;
	long long v;
	if (!text || !*text)
		goto bad;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || *end || v <= 0)
		goto bad;
	*out = (int64_t)v;
	return 0;
bad:
	return bm_error_set(BM_EINVALID, "invalid_id", NULL, "'%s' 不是有效的编号：'%s'",
	                    "'%s' is not a valid id: '%s'", name, text ? text : "");
}

int bm_http_carrier_id(const char *text, const char *name, int64_t *out)
{
	static const char label_prefix[] = "baomi:carrier:";
	if (text && strncmp(text, label_prefix, sizeof(label_prefix) - 1) == 0)
		text += sizeof(label_prefix) - 1;
	return bm_http_text_id(text, name, out);
}

int bm_http_params_text(bm_http_req *r, const json_t *params, const char **out)
{
	char *text = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
	*out = text ? bm_arena_strdup(r->arena, text) : NULL;
	free(text);
	return *out ? 0 : bm_error_nomem();
}

int bm_http_id_list(bm_http_req *r, const json_t *v, const char *name, bool required, int64_t **out,
                    size_t *n)
{
	size_t i, count;
	json_t *item;
	int64_t *ids;

	*out = NULL;
	*n = 0;
	if (!v || (json_is_array(v) && json_array_size(v) == 0)) {
		if (required)
			return bm_error_set(BM_EINVALID, "required", NULL, "缺少字段 '%s'",
			                    "field '%s' is required", name);
		return 0;
	}
	if (!json_is_array(v))
		return wrong_type(name, "编号数组", "an array of ids");
	count = json_array_size(v);
	if (count > 1000)
		return bm_error_set(BM_ETOOLARGE, "too_many", NULL, "字段 '%s' 的编号过多",
		                    "too many ids in field '%s'", name);
	if (!(ids = bm_arena_alloc(r->arena, count * sizeof(*ids))))
		return bm_error_nomem();
	json_array_foreach(v, i, item)
	{
		if (json_is_integer(item) && json_integer_value(item) > 0)
			ids[i] = (int64_t)json_integer_value(item);
		else if (!json_is_string(item) ||
		         bm_http_text_id(json_string_value(item), name, &ids[i]) != 0)
			return wrong_type(name, "编号数组", "an array of ids");
	}
	*out = ids;
	*n = count;
	return 0;
}

int bm_http_str_list(bm_http_req *r, const json_t *v, const char *name, const char ***out,
                     size_t *n)
{
	size_t i;
	json_t *item;
	const char **list;

	*out = NULL;
	*n = 0;
	if (!v)
		return 0;
	if (!json_is_array(v))
		return wrong_type(name, "字符串数组", "an array of strings");
	if (!(list = bm_arena_alloc(r->arena, (json_array_size(v) + 1) * sizeof(*list))))
		return bm_error_nomem();
	json_array_foreach(v, i, item)
	{
		if (json_is_string(item))
			list[i] = bm_arena_strdup(r->arena, json_string_value(item));
		else if (json_is_integer(item) && json_integer_value(item) > 0)
			list[i] = bm_arena_printf(r->arena, "%lld",
			                          (long long)json_integer_value(item));
		else
			return wrong_type(name, "字符串数组", "an array of strings");
		if (!list[i])
			return bm_error_nomem();
	}
	*out = list;
	*n = json_array_size(v);
	return 0;
}

int bm_http_paging(const char *limit_text, const char *offset_text, int *limit, int *offset)
{
	const char *texts[2] = {limit_text, offset_text};
	const char *names[2] = {"limit", "offset"};
	long mins[2] = {1, 0}, maxs[2] = {1000, 100000000};
	int *outs[2] = {limit, offset};
	for (int i = 0; i < 2; i++) {
		char *end;
		long v;
		if (!texts[i] || !*texts[i])
			continue;
		errno = 0;
		v = strtol(texts[i], &end, 10);
		if (errno || *end || v < mins[i] || v > maxs[i])
			return bm_error_set(
			        BM_EINVALID, "invalid_parameter", NULL, "参数 %s 的值无效：'%s'",
			        "invalid value for parameter %s: '%s'", names[i], texts[i]);
		*outs[i] = (int)v;
	}
	return 0;
}

int bm_http_items(bm_http_req *r, json_t *arr, int64_t total)
{
	json_t *o = json_object();
	if (total < 0)
		total = (int64_t)json_array_size(arr);
	json_object_set_new(o, "total", json_integer(total));
	json_object_set_new(o, "items", arr);
	return bm_http_reply(r, 200, o);
}

/* ---- requests (service/request.c) ---------------------------------------------- */

/* A request with its approvals, as GET /requests/{id} answers. */
static int request_reply(bm_http_req *r, int status, int64_t id)
{
	bm_request_row *req;
	bm_approval_row *aps;
	size_t n;
	int rc = bm_svc_request_show(r->ctx, id, &req, &aps, &n);
	if (rc)
		return rc;
	return bm_http_reply(r, status, bm_request_to_json(req, aps, n));
}

/* POST /requests {op, carrier_ids, reason, params} */
int bm_h_requests_create(bm_http_req *r)
{
	bm_request_input in = {0};
	const bm_http_field fields[] = {
	        {"op", BM_F_STRING, true, &in.op},
	        {"reason", BM_F_STRING, true, &in.reason},
	};
	json_t *ids = bm_http_take(r, "carrier_ids"), *params = bm_http_take(r, "params");
	int64_t *carrier_ids;
	bm_request_row *row;
	int rc;

	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_id_list(r, ids, "carrier_ids", false, &carrier_ids, &in.n_carriers)) != 0)
		goto done;
	in.carrier_ids = carrier_ids;
	if (params) {
		if (!json_is_object(params)) {
			rc = wrong_type("params", "对象", "an object");
			goto done;
		}
		if ((rc = bm_http_params_text(r, params, &in.params)) != 0)
			goto done;
	}
	if ((rc = bm_svc_request_create(r->ctx, &in, &row)) != 0)
		goto done;
	rc = request_reply(r, 201, row->id);
done:
	json_decref(ids);
	json_decref(params);
	return rc;
}

/* GET /requests?inbox=true&mine=true&status=&op=&carrier=&limit=&offset= */
/*
 * What the export's title row says of the filter: the state, the kind of
 * request, whose requests (issue 15 point 2: the list as filtered).
 */
static const char *requests_range(bm_http_req *r, const char *status_zh, int op, bool mine,
                                  bool inbox, int64_t carrier_id)
{
	const char *s = bm_arena_printf(r->arena, "%s%s%s%s%s%s", status_zh ? "状态：" : "",
	                                status_zh ? status_zh : "", op >= 0 ? "；事项：" : "",
	                                op >= 0 ? bm_op_names[op].zh : "", mine ? "；本人提交" : "",
	                                inbox ? "；待本人审批" : "");
	if (s && carrier_id)
		s = bm_arena_printf(r->arena, "%s；载体编号：%lld", s, (long long)carrier_id);
	if (s && strncmp(s, "；", strlen("；")) == 0)
		s += strlen("；");
	return s && *s ? s : NULL;
}

/*
 * GET /requests?inbox=&mine=&status=&op=&carrier=&limit=&offset=&format=: the
 * requests the actor may see, a page; format=csv|xlsx the 审批事项登记表 of
 * every request the filter keeps (without limit, page after page; with
 * limit/offset, that page), each page an audited read like the list's.
 */
int bm_h_requests_list(bm_http_req *r)
{
	enum { INBOX, MINE, STATUS, OP, CARRIER, LIMIT, OFFSET, FORMAT, N_PARAMS };
	static const char *const names[N_PARAMS] = {"inbox",   "mine",  "status", "op",
	                                            "carrier", "limit", "offset", "format"};
	static const char *const statuses[][2] = {{"pending", "待审批"},  {"approved", "已批准"},
	                                          {"rejected", "未批准"}, {"withdrawn", "已撤回"},
	                                          {"executed", "已办理"}, {"expired", "已失效"}};
	const char *v[N_PARAMS], *status_zh = NULL;
	bm_request_filter f = {.op = -1, .limit = 100};
	bm_request_row *rows;
	size_t n;
	int64_t total = 0;
	bool inbox, json, paged;
	bm_sheet_format format;
	json_t *arr;
	int rc;

	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[FORMAT], &json, &format)) != 0 ||
	    (rc = bm_http_paging(v[LIMIT], v[OFFSET], &f.limit, &f.offset)) != 0)
		return rc;
	inbox = v[INBOX] && strcmp(v[INBOX], "true") == 0;
	if (v[STATUS] && *v[STATUS]) {
		for (size_t i = 0; i < BM_ARRAY_LEN(statuses); i++)
			if (strcmp(statuses[i][0], v[STATUS]) == 0)
				status_zh = statuses[i][1];
		if (!status_zh)
			return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
			                    "参数 status 的值无效：'%s'",
			                    "invalid value for parameter status: '%s'", v[STATUS]);
		f.status = v[STATUS];
	}
	if (v[OP] && *v[OP] && (f.op = bm_op_parse(v[OP])) < 0)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "参数 op 的值无效：'%s'",
		                    "invalid value for parameter op: '%s'", v[OP]);
	if (v[CARRIER] && *v[CARRIER] &&
	    (rc = bm_http_text_id(v[CARRIER], "carrier", &f.carrier_id)) != 0)
		return rc;
	/* "mine": one's own requests, also for a clerk who keeps the register of all. */
	if (v[MINE] && strcmp(v[MINE], "true") == 0 && r->ctx->actor)
		f.requester_id = r->ctx->actor->id;
	/* The export without a page: every request the filter keeps, 1000 at a time. */
	paged = json || (v[LIMIT] && *v[LIMIT]);
	if (!paged)
		f.limit = 1000;
	arr = json_array();
	do {
		if ((rc = bm_svc_request_list(r->ctx, inbox, &f, &rows, &n, &total)) != 0) {
			json_decref(arr);
			return rc;
		}
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_request_to_json(&rows[i], NULL, 0));
		f.offset += (int)n;
	} while (!paged && n == (size_t)f.limit && f.offset < total);
	if (!json)
		return bm_http_list_sheet(r, arr, format, "requests",
		                          requests_range(r, status_zh, f.op, f.requester_id != 0,
		                                         inbox, f.carrier_id));
	return bm_http_items(r, arr, total);
}

int bm_h_requests_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return request_reply(r, 200, id);
}

/* approve / reject / withdraw share {comment}: each is recorded with its reason. */
static int decide(bm_http_req *r, int what)
{
	const char *comment = NULL;
	const bm_http_field fields[] = {{"comment", BM_F_STRING, true, &comment}};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	rc = what == 2 ? bm_svc_request_withdraw(r->ctx, id, comment)
	               : bm_svc_request_decide(r->ctx, id, what == 0, comment);
	if (rc)
		return rc;
	return request_reply(r, 200, id);
}

int bm_h_requests_approve(bm_http_req *r)
{
	return decide(r, 0);
}

int bm_h_requests_reject(bm_http_req *r)
{
	return decide(r, 1);
}

int bm_h_requests_withdraw(bm_http_req *r)
{
	return decide(r, 2);
}

/* ---- the clerk's desk (service/loan.c) -------------------------------------------- */

static int loan_reply(bm_http_req *r, int status, const bm_loan_row *l)
{
	if (!l)
		return bm_http_reply(r, status, json_pack("{s:b}", "ok", 1));
	return bm_http_reply(r, status, bm_loan_to_json(l));
}

/*
 * POST /desk/issue {request_id, carrier_id, holder_password | signed_on_paper, place}
 * (REG-1, CIRC-5: the holder confirms; a typed `signature` is refused).
 */
int bm_h_desk_issue(bm_http_req *r)
{
	const char *request, *carrier, *place;
	bm_svc_receipt receipt = {0};
	const bm_http_field fields[] = {
	        {"request_id", BM_F_REF, true, &request},
	        {"carrier_id", BM_F_REF, false, &carrier},
	        {"holder_password", BM_F_STRING, false, &receipt.password},
	        {"signed_on_paper", BM_F_BOOL, false, &receipt.paper},
	        {"signature", BM_F_STRING, false, &receipt.typed},
	        {"place", BM_F_STRING, false, &place},
	};
	int64_t request_id, carrier_id = 0;
	bm_loan_row *loan = NULL;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_text_id(request, "request_id", &request_id)) != 0 ||
	    (carrier && (rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0) ||
	    (rc = bm_svc_issue(r->ctx, request_id, carrier_id, &receipt, place, &loan)) != 0)
		return rc;
	return loan_reply(r, 201, loan);
}

/* POST /desk/checkin {carrier_id, incomplete, note} */
int bm_h_desk_checkin(bm_http_req *r)
{
	const char *carrier, *note;
	bool incomplete;
	const bm_http_field fields[] = {
	        {"carrier_id", BM_F_REF, true, &carrier},
	        {"incomplete", BM_F_BOOL, false, &incomplete},
	        {"note", BM_F_STRING, false, &note},
	};
	int64_t carrier_id;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0 ||
	    (rc = bm_svc_checkin(r->ctx, carrier_id, incomplete, note)) != 0)
		return rc;
	return bm_http_reply(r, 200,
	                     json_pack("{s:I,s:b,s:b}", "carrier_id", (json_int_t)carrier_id,
	                               "returned", 1, "incomplete", incomplete));
}

/* POST /desk/circulate {carrier_id, reader, place, holder_password | signed_on_paper} (CIRC-5) */
int bm_h_desk_circulate(bm_http_req *r)
{
	const char *carrier, *reader, *place;
	bm_svc_receipt receipt = {0};
	const bm_http_field fields[] = {
	        {"carrier_id", BM_F_REF, true, &carrier},
	        {"reader", BM_F_REF, true, &reader},
	        {"place", BM_F_STRING, false, &place},
	        {"holder_password", BM_F_STRING, false, &receipt.password},
	        {"signed_on_paper", BM_F_BOOL, false, &receipt.paper},
	        {"signature", BM_F_STRING, false, &receipt.typed},
	};
	int64_t carrier_id;
	bm_loan_row *loan = NULL;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0 ||
	    (rc = bm_svc_circulate(r->ctx, carrier_id, reader, place, &receipt, &loan)) != 0)
		return rc;
	return loan_reply(r, 201, loan);
}

/*
 * GET /desk/out?format=json|csv|xlsx: every loan for a clerk, one's own
 * otherwise; "overdue" and the carrier's "level" added; csv/xlsx the
 * 涉密载体在外登记表 of the same loans (KEEP-6, issue 15 point 2).
 */
int bm_h_desk_out(bm_http_req *r)
{
	static const char *const names[] = {"format"};
	const char *fmt = NULL;
	bm_loan_row *loans;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 1, &fmt)) != 0 ||
	    (rc = bm_http_sheet_format(fmt, &json, &format)) != 0 ||
	    (rc = bm_svc_loans_out(r->ctx, &loans, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = bm_loan_to_json(&loans[i]);
		int lv = loans[i].carrier_level;
		json_object_set_new(o, "overdue", json_boolean(loans[i].overdue));
		json_object_set_new(o, "level",
		                    lv >= 0 && lv < BM_LEVEL_COUNT
		                            ? json_string(bm_level_names[lv].code)
		                            : json_null());
		json_array_append_new(arr, o);
	}
	if (!json)
		return bm_http_list_sheet(r, arr, format, "desk-out", NULL);
	return bm_http_items(r, arr, -1);
}
