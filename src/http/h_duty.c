/*
 * h_duty.c — the unit's responsibility system (保密工作责任制, ORG-1) over
 * HTTP: the leadership group (保密工作领导小组) and each department's
 * responsible leader and secrecy clerk as they stand (with the ORG-1 gaps),
 * the history, a member appointed or a place ended, a department's
 * responsibility recorded. Every rule is service/duty.c's (policy/duty.c;
 * refusals carry ORG-1, the administrators ORG-1 with the SYS-1 reason);
 * the same use cases as `baomi duty`.
 */
#include "common.h"

#include "http/http_int.h"
#include "service/duty.h"

/* GET /duty and GET /duty/history */
static int view(bm_http_req *r, bool history)
{
	json_t *v = NULL;
	int rc;
	if ((rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_duty_view(r->ctx, history, &v)) != 0)
		return rc;
	return bm_http_reply(r, 200, v);
}

int bm_h_duty_show(bm_http_req *r)
{
	return view(r, false);
}

int bm_h_duty_history(bm_http_req *r)
{
	return view(r, true);
}

/* POST /duty/members {person, role, in_charge, appointed_on, document} */
int bm_h_duty_member_add(bm_http_req *r)
{
	bm_duty_member_in in = {0};
	const bm_http_field fields[] = {
	        {"person", BM_F_REF, false, &in.person},
	        {"role", BM_F_STRING, false, &in.role},
	        {"in_charge", BM_F_BOOL, false, &in.in_charge},
	        {"appointed_on", BM_F_STRING, false, &in.appointed_on},
	        {"document", BM_F_STRING, false, &in.document},
	};
	bm_duty_member *m = NULL;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_duty_member_add(r->ctx, &in, &m)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_duty_member_json(m));
}

/* POST /duty/members/{id}/end {on, document} */
int bm_h_duty_member_end(bm_http_req *r)
{
	const char *on = NULL, *document = NULL;
	const bm_http_field fields[] = {
	        {"on", BM_F_STRING, false, &on},
	        {"document", BM_F_STRING, false, &document},
	};
	bm_duty_member *m = NULL;
	int64_t id;
	int rc;
	if (bm_http_param_id(r, 0, &id) != 0)
		return bm_error_set(BM_ENOTFOUND, "unknown_duty_member", NULL,
		                    "领导小组成员记录 %s 不存在",
		                    "leadership group place %s does not exist", "?");
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_duty_member_end(r->ctx, id, on, document, &m)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_duty_member_json(m));
}

/* POST /duty/departments {department, leader, clerk, since, document} */
int bm_h_duty_department_set(bm_http_req *r)
{
	bm_duty_dept_in in = {0};
	const bm_http_field fields[] = {
	        {"department", BM_F_REF, false, &in.department},
	        {"leader", BM_F_REF, false, &in.leader},
	        {"clerk", BM_F_REF, false, &in.clerk},
	        {"since", BM_F_STRING, false, &in.since},
	        {"document", BM_F_STRING, false, &in.document},
	};
	bm_duty_dept *t = NULL;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_duty_dept_set(r->ctx, &in, &t)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_duty_dept_json(t));
}
