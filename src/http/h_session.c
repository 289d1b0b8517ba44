/*
 * h_session.c — health, login, logout, password change, who am I (SYS-4).
 */
#include "common.h"

#include <sodium.h>
#include <stdio.h>

#include "bm_version.h"
#include "http/http_int.h"
#include "util/timeutil.h"

static json_t *instant(int64_t t)
{
	char buf[BM_ISO_TIME_LEN];
	bm_time_format(t, buf);
	return json_string(buf);
}

int bm_http_reply(bm_http_req *r, int status, json_t *body)
{
	json_decref(r->out);
	r->out = body;
	r->status = status;
	return body ? 0 : bm_error_nomem();
}

int bm_http_param_id(bm_http_req *r, size_t i, int64_t *out)
{
	const char *s = i < r->n_params ? r->params[i] : NULL;
	int64_t v = 0;
	if (!s || !*s || strlen(s) > 18)
		goto bad;
	for (const char *c = s; *c; c++) {
		if (*c < '0' || *c > '9')
			goto bad;
		v = v * 10 + (*c - '0');
	}
	if (v <= 0)
		goto bad;
	*out = v;
	return 0;
bad:
	/* Not an id is answered like an id that does not exist. */
	return bm_error_set(BM_ENOTFOUND, "not_found", NULL, "记录不存在", "no such record");
}

/*
 * The answer of a healthy /health as text: the bytes the jansson path below
 * writes for it (keys in that order, compact), without building and dumping
 * an object per request. Only without an integrity detail: every string here
 * is ASCII that JSON needs no escape for (the version, an ISO instant, fixed
 * words). 0, or -1 when it cannot be written (the caller then takes the
 * jansson path).
 */
static int health_text(bm_http_req *r, const char *check_status)
{
	char at[BM_ISO_TIME_LEN], text[256];
	int n;
	bm_time_format(r->ctx->now, at);
	n = snprintf(text, sizeof(text),
	             "{\"status\":\"ok\",\"version\":\"%s\",\"time\":\"%s\",\"initialised\":%s,"
	             "\"integrity\":{\"status\":\"%s\"}}",
	             BM_VERSION, at, r->ctx->unit ? "true" : "false", check_status);
	if (n < 0 || (size_t)n >= sizeof(text) || !(r->raw = bm_strdup(text)))
		return -1;
	r->raw_len = (size_t)n;
	r->raw_type = "application/json; charset=utf-8";
	r->status = 200;
	return 0;
}

int bm_h_health(bm_http_req *r)
{
	json_t *o, *check;
	static const char *const integrity[] = {"checking", "ok", "damaged", "unchecked"};
	bool damaged = r->integrity == BM_HTTP_INTEGRITY_DAMAGED;

	if ((r->integrity == BM_HTTP_INTEGRITY_OK || r->integrity == BM_HTTP_INTEGRITY_CHECKING) &&
	    health_text(r, integrity[r->integrity]) == 0)
		return 0;
	o = json_object();
	check = json_object();
	json_object_set_new(o, "status", json_string(damaged ? "damaged" : "ok"));
	json_object_set_new(o, "version", json_string(BM_VERSION));
	json_object_set_new(o, "time", instant(r->ctx->now));
	json_object_set_new(o, "initialised", json_boolean(r->ctx->unit != NULL));
	/* The server's check of every page of the file, run beside the requests (server.c). */
	json_object_set_new(check, "status", json_string(integrity[r->integrity]));
	if (r->integrity == BM_HTTP_INTEGRITY_DAMAGED ||
	    r->integrity == BM_HTTP_INTEGRITY_UNCHECKED)
		json_object_set_new(check, "detail", json_string(r->integrity_detail));
	json_object_set_new(o, "integrity", check);
	return bm_http_reply(r, damaged ? 503 : 200, o);
}

static json_t *me_json(bm_http_req *r)
{
	json_t *o = bm_person_to_json(r->ctx->actor);
	bm_viewer v;
	bm_svc_viewer(r->ctx, &v);
	/* What the person may see (PERSON-1/2), for the front end's menus. */
	json_object_set_new(o, "clearance", json_string(bm_level_names[v.max_level].code));
	return o;
}

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/*
 * SYS-1/SYS-4 (issue 9): what the owner is told at login: the last logins
 * before this one, and the latest approved reset with who filed and
 * approved it.
 */
static json_t *notice_json(const bm_login_notice *n)
{
	json_t *o = json_object();
	json_object_set_new(o, "last_login_at", text_or_null(n->last_ok_at));
	json_object_set_new(o, "last_failed_login_at", text_or_null(n->last_failed_at));
	if (n->reset_at) {
		json_object_set_new(o, "reset",
		                    json_pack("{s:s,s:s,s:o,s:o,s:b}", "kind", n->reset_kind, "at",
		                              n->reset_at, "filed_by",
		                              text_or_null(n->reset_filed_by), "approved_by",
		                              text_or_null(n->reset_approved_by),
		                              "since_last_login", n->reset_since_last_login));
	} else {
		json_object_set_new(o, "reset", json_null());
	}
	return o;
}

int bm_h_session_create(bm_http_req *r)
{
	const char *username, *password;
	bm_session_grant g;
	const bm_http_field fields[] = {
	        {"username", BM_F_STRING, true, &username},
	        {"password", BM_F_STRING, true, &password},
	};
	json_t *o;
	int rc;

	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	if ((rc = bm_svc_session_open(r->ctx, username, password, &g)) != 0)
		return rc;
	o = json_object();
	json_object_set_new(o, "token", json_string(g.token));
	json_object_set_new(o, "expires_at", instant(g.expires_at));
	json_object_set_new(o, "must_change_password", json_boolean(g.must_change_password));
	json_object_set_new(o, "password_expired", json_boolean(g.password_expired));
	json_object_set_new(o, "user", me_json(r));
	json_object_set_new(o, "notice", notice_json(&r->ctx->login_notice));
	/* The web UI keeps the session in a cookie scripts cannot read. */
	r->set_cookie = bm_arena_printf(r->arena, "%s=%s; Path=/; HttpOnly; SameSite=Strict%s",
	                                BM_HTTP_COOKIE, g.token, r->secure ? "; Secure" : "");
	sodium_memzero(&g, sizeof(g));
	return bm_http_reply(r, 201, o);
}

int bm_h_session_delete(bm_http_req *r)
{
	int rc = bm_svc_session_close(r->ctx, r->session.session_id);
	if (rc)
		return rc;
	r->set_cookie =
	        r->secure ? BM_HTTP_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure"
	                  : BM_HTTP_COOKIE "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0";
	return bm_http_reply(r, 200, json_pack("{s:b}", "ended", 1));
}

int bm_h_session_password(bm_http_req *r)
{
	const char *old_password, *new_password;
	const bm_http_field fields[] = {
	        {"old_password", BM_F_STRING, true, &old_password},
	        {"new_password", BM_F_STRING, true, &new_password},
	};
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_password_change(r->ctx, r->session.session_id, old_password,
	                                 new_password)) != 0)
		return rc;
	return bm_http_reply(r, 200, json_pack("{s:b}", "changed", 1));
}

int bm_h_me(bm_http_req *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "user", me_json(r));
	json_object_set_new(o, "expires_at", instant(r->session.expires_at));
	/*
	 * SYS-4 for the browser: the idle limit, and the seconds left until
	 * expires_at by the server's clock (a client whose clock is off still
	 * warns in time). Each later request (not a background one) starts the
	 * idle_seconds again, at most until the session's lifetime ends.
	 */
	json_object_set_new(o, "idle_seconds",
	                    json_integer((json_int_t)r->ctx->policy.session_idle_minutes * 60));
	json_object_set_new(o, "expires_in",
	                    json_integer(r->session.expires_at > r->ctx->now
	                                         ? (json_int_t)(r->session.expires_at - r->ctx->now)
	                                         : 0));
	if (r->ctx->unit) {
		json_t *u = json_object();
		json_object_set_new(u, "id", json_integer(r->ctx->unit->id));
		json_object_set_new(u, "name", json_string(r->ctx->unit->name));
		json_object_set_new(o, "unit", u);
	}
	json_object_set_new(o, "policy_version", json_integer(r->ctx->policy.version));
	return bm_http_reply(r, 200, o);
}
