/*
 * h_org.c — the unit's directory, accounts, grants, places and policy.
 * Who may do what (SYS-1, SYS-5) is decided by the services.
 */
#include "common.h"

#include <sodium.h>
#include <stdio.h>

#include "http/http_int.h"

/* {"items": [...]} from an array built by the caller. */
static int items(bm_http_req *r, json_t *arr)
{
	json_t *o = json_object();
	json_object_set_new(o, "items", arr);
	return bm_http_reply(r, 200, o);
}

/*
 * ?retired=false: only those in use (the pickers); true: only the retired;
 * absent: all, each marked (issue 14 point 14).
 */
static int retired_filter(bm_http_req *r, int *out)
{
	static const char *const names[] = {"retired"};
	const char *v[1] = {NULL};
	int rc = bm_http_query(r, names, 1, v);
	if (rc)
		return rc;
	*out = -1;
	if (!v[0] || !*v[0])
		return 0;
	if (strcmp(v[0], "true") && strcmp(v[0], "false"))
		return bm_error_set(BM_EINVALID, "invalid_filter", NULL,
		                    "retired 须为 true 或 false", "retired is true or false");
	*out = strcmp(v[0], "true") == 0;
	return 0;
}

int bm_h_departments_list(bm_http_req *r)
{
	bm_department *d;
	size_t n;
	json_t *arr;
	int retired, rc;
	if ((rc = retired_filter(r, &retired)) != 0 ||
	    (rc = bm_svc_department_list(r->ctx, &d, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o;
		if (retired >= 0 && (d[i].retired_on != NULL) != (retired == 1))
			continue;
		o = bm_department_to_json(&d[i]);
		json_object_set_new(o, "people", json_integer(d[i].n_people));
		json_object_set_new(o, "carriers", json_integer(d[i].n_carriers));
		json_object_set_new(o, "on_duty", json_boolean(d[i].on_duty));
		json_array_append_new(arr, o);
	}
	return items(r, arr);
}

int bm_h_departments_create(bm_http_req *r)
{
	const char *name, *code;
	const bm_http_field fields[] = {
	        {"name", BM_F_STRING, true, &name},
	        {"code", BM_F_STRING, false, &code},
	};
	bm_department *d;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_department_add(r->ctx, name, code, &d)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_department_to_json(d));
}

int bm_h_people_list(bm_http_req *r)
{
	bm_person *p;
	size_t n;
	json_t *arr;
	int rc = bm_svc_person_list(r->ctx, &p, &n);
	if (rc)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_person_to_json(&p[i]));
	return items(r, arr);
}

/* A person without a login account (a custodian or reader named in scopes). */
int bm_h_people_create(bm_http_req *r)
{
	bm_person_input in = {0};
	const bm_http_field fields[] = {
	        {"name", BM_F_STRING, true, &in.name},
	        {"department", BM_F_REF, false, &in.department},
	        {"temporary", BM_F_BOOL, false, &in.temporary},
	};
	bm_person *p;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_add(r->ctx, &in, &p, NULL)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_person_to_json(p));
}

int bm_h_people_grant(bm_http_req *r)
{
	const char *cls, *roles, *commitment;
	const bm_http_field fields[] = {
	        {"class", BM_F_STRING, false, &cls},
	        {"roles", BM_F_LIST, false, &roles},
	        {"commitment_signed_on", BM_F_STRING, false, &commitment},
	};
	bm_person *p;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_grant(r->ctx, r->params[0], cls, roles, commitment)) != 0 ||
	    (rc = bm_svc_person_resolve(r->ctx, r->params[0], &p)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_person_to_json(p));
}

int bm_h_places_list(bm_http_req *r)
{
	bm_place *p;
	size_t n;
	json_t *arr;
	int retired, rc;
	if ((rc = retired_filter(r, &retired)) != 0 ||
	    (rc = bm_svc_place_list(r->ctx, &p, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o;
		if (retired >= 0 && (p[i].retired_on != NULL) != (retired == 1))
			continue;
		o = bm_place_to_json(&p[i]);
		json_object_set_new(o, "carriers", json_integer(p[i].n_carriers));
		json_object_set_new(o, "devices", json_integer(p[i].n_devices));
		json_array_append_new(arr, o);
	}
	return items(r, arr);
}

int bm_h_places_create(bm_http_req *r)
{
	const char *name, *kind, *max_level, *department;
	const bm_http_field fields[] = {
	        {"name", BM_F_STRING, true, &name},
	        {"kind", BM_F_STRING, false, &kind},
	        {"max_level", BM_F_STRING, true, &max_level},
	        {"department", BM_F_REF, false, &department},
	};
	bm_place *p;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_place_add(r->ctx, name, kind, max_level, department, &p)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_place_to_json(p));
}

/* POST /departments/{id}/rename {name}: the former name is kept (issue 14 point 14). */
int bm_h_departments_rename(bm_http_req *r)
{
	const char *name;
	const bm_http_field fields[] = {{"name", BM_F_STRING, true, &name}};
	bm_department *d;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_department_rename(r->ctx, r->params[0], name, &d)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_department_to_json(d));
}

/* POST /departments/{id}/retire {on?}: 停用 from a day (ORG-1, KEEP-6). */
int bm_h_departments_retire(bm_http_req *r)
{
	const char *on;
	const bm_http_field fields[] = {{"on", BM_F_STRING, false, &on}};
	bm_department *d;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_department_retire(r->ctx, r->params[0], on, &d)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_department_to_json(d));
}

/* POST /places/{id}/rename {name}: the former name is kept (issue 14 point 14). */
int bm_h_places_rename(bm_http_req *r)
{
	const char *name;
	const bm_http_field fields[] = {{"name", BM_F_STRING, true, &name}};
	bm_place *p;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_place_rename(r->ctx, r->params[0], name, &p)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_place_to_json(p));
}

/* POST /places/{id}/retire {on?}: 停用 from a day (KEEP-1, DEV-1). */
int bm_h_places_retire(bm_http_req *r)
{
	const char *on;
	const bm_http_field fields[] = {{"on", BM_F_STRING, false, &on}};
	bm_place *p;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_place_retire(r->ctx, r->params[0], on, &p)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_place_to_json(p));
}

/*
 * An account's answer; with `half`, the filing and this administrator's half
 * of the temporary secret, shown this once (SYS-1).
 */
static int account_reply(bm_http_req *r, int status, const bm_person *p, bm_filing_half *half)
{
	json_t *o = json_object();
	if (p)
		json_object_set_new(o, "person", bm_person_to_json(p));
	if (half && half->filing_id) {
		json_object_set_new(o, "filing",
		                    json_pack("{s:I,s:s}", "id", (json_int_t)half->filing_id,
		                              "half_secret", half->half));
		sodium_memzero(half, sizeof(*half));
	}
	return bm_http_reply(r, status, o);
}

int bm_h_accounts_create(bm_http_req *r)
{
	bm_account_input in = {0};
	const bm_http_field fields[] = {
	        {"username", BM_F_STRING, true, &in.username},
	        {"name", BM_F_STRING, true, &in.name},
	        {"department", BM_F_REF, false, &in.department},
	        {"role", BM_F_STRING, false, &in.role},
	        {"temporary", BM_F_BOOL, false, &in.temporary},
	        {"password", BM_F_STRING, false, &in.password},
	};
	bm_filing_half half = {0};
	bm_person *p;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_account_create(r->ctx, &in, &p, &half)) != 0)
		return rc;
	return account_reply(r, 201, p, &half);
}

/* disable / enable take no fields; a body, when sent, must be {}. */
static int no_fields(bm_http_req *r)
{
	return bm_http_fields(r, NULL, 0);
}

static int account_action(bm_http_req *r, int (*fn)(bm_ctx *, const char *))
{
	bm_person *p;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = no_fields(r)) != 0 ||
	    (rc = fn(r->ctx, r->params[0])) != 0 ||
	    (rc = bm_svc_person_resolve(r->ctx, r->params[0], &p)) != 0)
		return rc;
	return account_reply(r, 200, p, NULL);
}

int bm_h_accounts_disable(bm_http_req *r)
{
	return account_action(r, bm_svc_account_disable);
}

int bm_h_accounts_enable(bm_http_req *r)
{
	return account_action(r, bm_svc_account_enable);
}

static json_t *lock_to_json(const bm_account_lock *l)
{
	json_t *o = json_object();
	json_object_set_new(o, "person_id", json_integer(l->person_id));
	json_object_set_new(o, "username", json_string(l->username));
	json_object_set_new(o, "name", json_string(l->name));
	json_object_set_new(o, "locked_since", json_string(l->locked_since));
	json_object_set_new(o, "locked_until", json_string(l->locked_until));
	json_object_set_new(o, "failures", json_integer(l->failures));
	return o;
}

/* GET /accounts/locks: the accounts locked now (SYS-4; the system administrator's, SYS-1). */
int bm_h_accounts_locks(bm_http_req *r)
{
	bm_account_lock *l;
	size_t n;
	json_t *arr;
	int rc = bm_svc_account_locks(r->ctx, &l, &n);
	if (rc)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, lock_to_json(&l[i]));
	return items(r, arr);
}

/* POST /accounts/{id}/unlock: lifts a lockout (SYS-4) before it runs out. */
int bm_h_accounts_unlock(bm_http_req *r)
{
	bm_account_lock was;
	bm_person *p;
	json_t *o;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = no_fields(r)) != 0 ||
	    (rc = bm_svc_account_unlock(r->ctx, r->params[0], &was)) != 0 ||
	    (rc = bm_svc_person_resolve(r->ctx, r->params[0], &p)) != 0)
		return rc;
	o = json_object();
	json_object_set_new(o, "person", bm_person_to_json(p));
	json_object_set_new(o, "unlocked", lock_to_json(&was));
	return bm_http_reply(r, 200, o);
}

/* SYS-1: files a reset; the account changes only when the security administrator approves. */
int bm_h_accounts_reset_password(bm_http_req *r)
{
	bm_filing_half half = {0};
	bm_person *p;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = no_fields(r)) != 0 ||
	    (rc = bm_svc_account_reset_password(r->ctx, r->params[0], &half)) != 0 ||
	    (rc = bm_svc_person_resolve(r->ctx, r->params[0], &p)) != 0) {
		sodium_memzero(&half, sizeof(half));
		return rc;
	}
	return account_reply(r, 202, p, &half);
}

static json_t *filing_to_json(const bm_account_filing *f)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(f->id));
	json_object_set_new(o, "kind", json_string(f->kind));
	json_object_set_new(o, "status", json_string(f->status));
	json_object_set_new(o, "person_id", json_integer(f->person_id));
	json_object_set_new(o, "person", json_string(f->person_name ? f->person_name : ""));
	json_object_set_new(o, "username", f->username ? json_string(f->username) : json_null());
	json_object_set_new(o, "filed_by", json_string(f->filed_by_name ? f->filed_by_name : ""));
	json_object_set_new(o, "filed_at", json_string(f->filed_at));
	json_object_set_new(o, "expires_at", json_string(f->expires_at));
	json_object_set_new(o, "decided_by",
	                    f->decided_by_name ? json_string(f->decided_by_name) : json_null());
	json_object_set_new(o, "decided_at",
	                    f->decided_at ? json_string(f->decided_at) : json_null());
	json_object_set_new(o, "reason", f->reason ? json_string(f->reason) : json_null());
	return o;
}

int bm_h_filings_list(bm_http_req *r)
{
	bm_account_filing *f;
	size_t n;
	json_t *arr;
	int rc = bm_svc_account_filings(r->ctx, &f, &n);
	if (rc)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, filing_to_json(&f[i]));
	return items(r, arr);
}

/* SYS-1: the security administrator's half, shown this once. */
int bm_h_filings_approve(bm_http_req *r)
{
	bm_filing_half half = {0};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = no_fields(r)) != 0 ||
	    (rc = bm_svc_account_approve(r->ctx, id, &half)) != 0)
		return rc;
	return account_reply(r, 200, NULL, &half);
}

int bm_h_filings_refuse(bm_http_req *r)
{
	const char *reason = NULL;
	const bm_http_field fields[] = {
	        {"reason", BM_F_STRING, false, &reason},
	};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_account_refuse(r->ctx, id, reason)) != 0)
		return rc;
	return bm_http_reply(r, 200,
	                     json_pack("{s:I,s:s}", "id", (json_int_t)id, "status", "refused"));
}

/*
 * GET /api/v1/policy[?lang=zh|en]: the settings as text (what an import
 * takes) and the same policy in words, the unit's regulations (SYS-5).
 */
int bm_h_policy_show(bm_http_req *r)
{
	static const char *const names[] = {"lang"};
	const char *lang[1], *text, *words;
	bool english;
	json_t *o;
	int rc;
	if ((rc = bm_http_query(r, names, 1, lang)) != 0)
		return rc;
	if (lang[0] && strcmp(lang[0], "zh") != 0 && strcmp(lang[0], "zh-CN") != 0 &&
	    strcmp(lang[0], "en") != 0)
		return bm_error_set(BM_EINVALID, "invalid_lang", NULL, "语言只能是 zh 或 en",
		                    "'lang' is zh or en");
	english = lang[0] && strcmp(lang[0], "en") == 0;
	if ((rc = bm_svc_policy_export(r->ctx, &text)) != 0 ||
	    (rc = bm_svc_policy_print(r->ctx, english, &words)) != 0)
		return rc;
	o = json_object();
	json_object_set_new(o, "version", json_integer(r->ctx->policy.version));
	json_object_set_new(o, "text", json_string(text));
	json_object_set_new(o, "regulation", json_string(words));
	json_object_set_new(o, "lang", json_string(english ? "en" : "zh"));
	return bm_http_reply(r, 200, o);
}

/*
 * GET /api/v1/policy/schema: every setting of the policy's catalogue with
 * its words, range, unit, rule and article and its current value: what the
 * policy screen edits, from the table the server validates with (SYS-5).
 */
int bm_h_policy_schema(bm_http_req *r)
{
	json_t *arr, *o;
	int rc;
	if ((rc = bm_svc_policy_schema(r->ctx, &arr)) != 0)
		return rc;
	o = json_object();
	json_object_set_new(o, "version", json_integer(r->ctx->policy.version));
	json_object_set_new(o, "items", arr);
	return bm_http_reply(r, 200, o);
}

int bm_h_policy_import(bm_http_req *r)
{
	const char *text, *comment;
	const bm_http_field fields[] = {
	        {"text", BM_F_DOCUMENT, true, &text},
	        {"comment", BM_F_STRING, true, &comment},
	};
	int version = 0, rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_policy_import(r->ctx, text, comment, &version)) != 0)
		return rc;
	return bm_http_reply(r, 201, json_pack("{s:i}", "version", version));
}

int bm_h_policy_history(bm_http_req *r)
{
	bm_policy_version *v;
	size_t n;
	json_t *arr;
	int rc = bm_svc_policy_history(r->ctx, &v, &n);
	if (rc)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "version", json_integer(v[i].version));
		json_object_set_new(o, "created_at", json_string(v[i].created_at));
		json_object_set_new(o, "created_by",
		                    v[i].created_by ? json_integer(v[i].created_by) : json_null());
		json_object_set_new(o, "comment",
		                    v[i].comment ? json_string(v[i].comment) : json_null());
		json_array_append_new(arr, o);
	}
	return items(r, arr);
}
