/*
 * h_audit.c — the audit chain for the audit administrator (SYS-1, SYS-3):
 * events (paged), verify, export as JSON lines.
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "http/http_int.h"
#include "util/timeutil.h"

static int bad_param(const char *name, const char *value)
{
	return bm_error_set(BM_EINVALID, "invalid_parameter", NULL, "参数 %s 的值无效：'%s'",
	                    "invalid value for parameter %s: '%s'", name, value);
}

static int whole(const char *name, const char *value, long min, long max, int *out)
{
	char *end;
	long v;
	if (!value || !*value)
		return 0;
	errno = 0;
	v = strtol(value, &end, 10);
	if (errno || *end || v < min || v > max)
		return bad_param(name, value);
	*out = (int)v;
	return 0;
}

int bm_h_audit_events(bm_http_req *r)
{
	enum { ACTOR, ACTION, OUTCOME, RULE, FROM, TO, ORDER, LIMIT, OFFSET, N_PARAMS };
	static const char *const names[N_PARAMS] = {
	        "actor", "action", "outcome", "rule", "from", "to", "order", "limit", "offset",
	};
	const char *v[N_PARAMS];
	bm_audit_query q = {.limit = 50};
	bm_audit_page page;
	int32_t day;
	json_t *o, *arr;
	int rc;

	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = whole("limit", v[LIMIT], 1, 1000, &q.limit)) != 0 ||
	    (rc = whole("offset", v[OFFSET], 0, 2000000000, &q.offset)) != 0)
		return rc;
	if (v[FROM] && *v[FROM] && !bm_date_parse(v[FROM], &day))
		return bad_param("from", v[FROM]);
	if (v[TO] && *v[TO] && !bm_date_parse(v[TO], &day))
		return bad_param("to", v[TO]);
	if (v[ORDER] && strcmp(v[ORDER], "asc") != 0 && strcmp(v[ORDER], "desc") != 0)
		return bad_param("order", v[ORDER]);
	q.actor = v[ACTOR];
	q.action = v[ACTION];
	q.outcome = v[OUTCOME];
	q.rule = v[RULE];
	q.from = v[FROM];
	q.to = v[TO];
	q.oldest_first = v[ORDER] && strcmp(v[ORDER], "asc") == 0;
	if ((rc = bm_svc_audit_list(r->ctx, &q, &page)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < page.count; i++)
		json_array_append_new(arr, bm_audit_row_to_json(&page.items[i]));
	o = json_object();
	json_object_set_new(o, "total", json_integer(page.total));
	json_object_set_new(o, "offset", json_integer(q.offset));
	json_object_set_new(o, "limit", json_integer(q.limit));
	json_object_set_new(o, "items", arr);
	return bm_http_reply(r, 200, o);
}

int bm_h_audit_verify(bm_http_req *r)
{
	bm_audit_verify_result res;
	json_t *o;
	int rc;

	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	rc = bm_svc_audit_verify(r->ctx, &res);
	if (rc != 0 && rc != BM_ECORRUPT)
		return rc;
	o = json_object();
	json_object_set_new(o, "intact", json_boolean(rc == 0));
	json_object_set_new(o, "count", json_integer(res.count));
	json_object_set_new(o, "alg", json_string(BM_AUDIT_ALG));
	if (rc == 0) {
		json_object_set_new(o, "last_hash",
		                    res.count ? json_string(res.last_hash) : json_null());
	} else {
		/* A broken chain is the answer the auditor asked for, not a server failure. */
		const bm_error *e = bm_error_last();
		json_t *err = json_object();
		json_object_set_new(o, "first_bad_seq", json_integer(res.first_bad_seq));
		json_object_set_new(o, "reason", json_string(res.reason));
		json_object_set_new(err, "code", json_string(e->code));
		json_object_set_new(err, "rule", e->rule[0] ? json_string(e->rule) : json_null());
		json_object_set_new(err, "message", json_string(e->message));
		json_object_set_new(err, "message_en", json_string(e->message_en));
		json_object_set_new(o, "error", err);
	}
	return bm_http_reply(r, 200, o);
}

int bm_h_audit_export(bm_http_req *r)
{
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int rc;

	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	if (!(f = open_memstream(&text, &len)))
		return bm_error_nomem();
	rc = bm_svc_audit_export(r->ctx, f, NULL);
	if (fclose(f) != 0 && rc == 0)
		rc = bm_error_nomem();
	if (rc) {
		free(text);
		return rc;
	}
	r->raw = text;
	r->raw_len = len;
	r->raw_type = "application/x-ndjson; charset=utf-8";
	r->content_disposition = "attachment; filename=\"baomi-audit.jsonl\"";
	r->status = 200;
	return 0;
}
