/*
 * h_merit.c — incidents carried to their end over HTTP: the report to the
 * higher authority (INC-1), sanctions on an incident (INC-2) and the
 * register of rewards and sanctions (INSP-3) as JSON or CSV. Every rule is
 * the services' (service/incident.c, service/merit.c).
 */
#include "common.h"

#include <stdlib.h>

#include "http/http_int.h"
#include "http/http_wf.h"
#include "service/ledger.h"
#include "service/merit.h"

/*
 * The report to the higher authority (INC-1): recorded once, or amended with
 * a reason; either answers the incident as it now stands.
 */
static int notice(bm_http_req *r, bool amend)
{
	bm_incident_notice_input in = {0};
	const bm_http_field fields[] = {
	        {"sent_at", BM_F_STRING, false, &in.sent_at},
	        {"to", BM_F_STRING, false, &in.to},
	        {"document", BM_F_STRING, false, &in.document},
	        {"reason", BM_F_STRING, false, &in.reason},
	};
	bm_incident_row *i;
	int64_t id;
	int rc;
	/* a record has no reason: "reason" is an unknown field there */
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields) - (amend ? 0 : 1))) != 0 ||
	    (rc = amend ? bm_svc_incident_notice_amend(r->ctx, id, &in)
	                : bm_svc_incident_notify(r->ctx, id, &in)) != 0 ||
	    (rc = bm_svc_incident_show(r->ctx, id, &i)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_incident_to_json(i));
}

/* POST /incidents/{id}/notice {sent_at, to, document} (INC-1) */
int bm_h_incidents_notice(bm_http_req *r)
{
	return notice(r, false);
}

/* POST /incidents/{id}/notice/amend {reason, sent_at, to, document} (INC-1) */
int bm_h_incidents_notice_amend(bm_http_req *r)
{
	return notice(r, true);
}

/* The fields of a decision shared by sanctions and rewards. */
/* clang-format off */
#define MERIT_FIELDS(in)                                         \
	{"person", BM_F_REF, false, &(in).person},                   \
	{"measure", BM_F_STRING, false, &(in).measure},              \
	{"reason", BM_F_STRING, false, &(in).reason},                \
	{"decided_by", BM_F_STRING, false, &(in).decided_by},        \
	{"decided_on", BM_F_STRING, false, &(in).decided_on},        \
	{"document", BM_F_STRING, false, &(in).document}
/* clang-format on */

/* POST /incidents/{id}/sanctions {person, measure, factor, factor_text, …} (INC-2) */
int bm_h_incidents_sanction(bm_http_req *r)
{
	bm_merit_input in = {0};
	const bm_http_field fields[] = {
	        MERIT_FIELDS(in),
	        {"factor", BM_F_STRING, false, &in.factor},
	        {"factor_text", BM_F_STRING, false, &in.factor_text},
	};
	bm_merit_row *m;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_merit_sanction(r->ctx, id, &in, &m)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_merit_to_json(m));
}

/* POST /rewards {person, measure, reason, decided_by, decided_on, document} (INSP-3) */
int bm_h_rewards_create(bm_http_req *r)
{
	bm_merit_input in = {0};
	const bm_http_field fields[] = {MERIT_FIELDS(in)};
	bm_merit_row *m;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_merit_reward(r->ctx, &in, &m)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_merit_to_json(m));
}

/* GET /merits?person=&year=&kind=&incident=&format=json|csv|xlsx (INSP-3) */
int bm_h_merits_list(bm_http_req *r)
{
	enum { PERSON, YEAR, KIND, INCIDENT, FORMAT, N_PARAMS };
	static const char *const names[N_PARAMS] = {"person", "year", "kind", "incident", "format"};
	const char *v[N_PARAMS];
	bm_merit_query q = {0};
	bm_merit_row *rows = NULL;
	size_t n = 0;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[FORMAT], &json, &format)) != 0)
		return rc;
	if (v[INCIDENT] && *v[INCIDENT]) {
		char *end;
		long long id = strtoll(v[INCIDENT], &end, 10);
		if (*end || id <= 0)
			return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
			                    "参数 incident 的值无效：'%s'",
			                    "invalid value for parameter incident: '%s'",
			                    v[INCIDENT]);
		q.incident_id = (int64_t)id;
	}
	q.person = v[PERSON];
	q.year = v[YEAR];
	q.kind = v[KIND];
	if ((rc = bm_svc_merit_list(r->ctx, &q, &rows, &n)) != 0)
		return rc;
	if (!json) {
		bm_xlsx_meta meta;
		bm_buf b;
		bm_svc_sheet_meta(r->ctx, "保密奖惩登记簿", q.year, &meta);
		bm_buf_init(&b, 16u << 20);
		if ((rc = bm_merit_sheet(rows, n, format, &meta, &b)) == 0)
			rc = bm_http_attachment(r, &b, format, "baomi-merits");
		bm_buf_release(&b);
		return rc;
	}
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_merit_to_json(&rows[i]));
	return bm_http_items(r, arr, -1);
}
