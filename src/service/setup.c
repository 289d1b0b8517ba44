/*
 * setup.c — creating a unit and its first administrator (`baomi init`).
 */
#include "common.h"

#include <sodium.h>

#include "policy/account.h"
#include "service/service_int.h"

int bm_svc_init_unit(bm_ctx *ctx, const char *unit_name, const char *username,
                     const char *display_name, const char *password)
{
	bm_unit unit = {0};
	bm_person admin = {0};
	char hash[crypto_pwhash_STRBYTES];
	bm_decision d_pw;
	json_t *d;
	int rc;

	if ((rc = bm_svc_check_text(unit_name, "单位名称", "unit name", 100, true)) != 0 ||
	    (rc = bm_svc_check_text(username, "用户名", "username", 32, true)) != 0 ||
	    (rc = bm_svc_check_text(display_name, "姓名", "name", 50, true)) != 0)
		return rc;
	/* SYS-4 (the catalogue's policy: no unit, so no stored policy, yet). */
	if (!bm_rules_initial_password(&d_pw, &ctx->policy, password ? strlen(password) : 0))
		return bm_decision_error(&d_pw);
	if ((rc = bm_password_hash(password, hash, sizeof(hash))) != 0)
		return rc;
	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if (ctx->unit) {
		rc = bm_error_set(
		        BM_ECONFLICT, "already_initialised", NULL, "数据库已初始化（单位：%s）",
		        "the database is already initialised (unit: %s)", ctx->unit->name);
		goto done;
	}
	unit.name = unit_name;
	unit.created_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, unit_insert)(ctx->store, &unit)) != 0)
		goto done;
	admin.unit_id = unit.id;
	admin.username = username;
	admin.name = display_name;
	admin.person_class = BM_CLASS_NONE;
	admin.password_hash = hash;
	admin.must_change_password = true;
	admin.created_at = unit.created_at;
	if ((rc = BM_STORE(ctx->store, person_insert)(ctx->store, &admin)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, role_grant)(ctx->store, admin.id, BM_ROLE_SYSADMIN, 0)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, unit_first)(ctx->store, ctx->arena, &ctx->unit)) != 0)
		goto done;
done:
	sodium_memzero(hash, sizeof(hash));
	d = json_object();
	json_object_set_new(d, "unit", json_string(unit_name));
	json_object_set_new(d, "admin", json_string(username));
	return bm_svc_end(ctx, rc, "unit.init",
	                  unit.id ? bm_arena_printf(ctx->arena, "unit:%lld", (long long)unit.id)
	                          : "",
	                  bm_svc_json(ctx, d));
}
