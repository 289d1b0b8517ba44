/*
 * auth.c — login (SYS-4); the password hash is in password.c.
 */
#include "common.h"

#include "service/service_int.h"

int bm_svc_login(bm_ctx *ctx, const char *username, const char *password)
{
	bm_person *p = NULL;
	json_t *d = json_object();
	bool rehashed = false;
	int rc;

	/* A login replaces whoever acted before; a failure leaves nobody logged in. */
	ctx->actor = NULL;
	json_object_set_new(d, "username", json_string(username ? username : ""));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	/*
	 * SYS-4: the same checks and lockout as the API's login (session.c); the
	 * writer is taken only after the password is checked.
	 */
	if ((rc = bm_svc_authenticate(ctx, username, password, &p, &rehashed)) != 0) {
		p = NULL;
		goto done;
	}
	if (rehashed)
		json_object_set_new(d, "password_rehashed", json_true());
	/*
	 * SYS-4 password age: the API's decision (bm_svc_password_age), so a
	 * password past auth.password_max_days.* is marked must-change here too;
	 * the front end then allows only the change (bm_svc_require_password_current).
	 */
	{
		bool expired = false;
		if ((rc = bm_svc_password_age(ctx, p, d, &expired)) != 0) {
			p = NULL;
			goto done;
		}
	}
	ctx->actor = p;
done : {
	/* The failed attempt is recorded under the name that was tried. */
	bm_person attempted = {.username = username ? username : "-"};
	const char *detail = bm_svc_json(ctx, d);
	if (rc && !ctx->actor) {
		ctx->actor = &attempted;
		rc = bm_svc_end(ctx, rc, "login", "", detail);
		ctx->actor = NULL;
		if (rc == BM_EDENIED && strcmp(bm_error_last()->code, "bad_credentials") == 0)
			bm_svc_note_login_failure(ctx, username);
		return rc;
	}
	return bm_svc_end(ctx, rc, "login",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  detail);
}
}
