/*
 * setup.c — creating a unit and its three administrators (`baomi init`).
 */
#include "common.h"

#include <sodium.h>

#include "policy/account.h"
#include "service/service_int.h"

/* One of the three administrator accounts of a new unit. */
static int insert_admin(bm_ctx *ctx, const bm_unit *unit, const bm_init_admin *a, bm_role role,
                        const char *hash)
{
	bm_person admin = {0};
	int rc;
	admin.unit_id = unit->id;
	admin.username = a->username;
	admin.name = a->name;
	admin.person_class = BM_CLASS_NONE;
	admin.password_hash = hash;
	admin.must_change_password = true;
	admin.created_at = unit->created_at;
	if ((rc = BM_STORE(ctx->store, person_insert)(ctx->store, &admin)) != 0)
		return rc;
	return BM_STORE(ctx->store, role_grant)(ctx->store, admin.id, role, 0);
}

int bm_svc_init_unit(bm_ctx *ctx, const char *unit_name, const char *username,
                     const char *display_name, const char *password)
{
	const bm_init_admin admins[3] = {
	        {username, display_name},
	        {"secadmin", "安全保密管理员"},
	        {"auditor", "安全审计员"},
	};
	return bm_svc_init_unit_admins(ctx, unit_name, admins, password);
}

int bm_svc_init_unit_admins(bm_ctx *ctx, const char *unit_name, const bm_init_admin admins[3],
                            const char *password)
{
	static const bm_role roles[3] = {BM_ROLE_SYSADMIN, BM_ROLE_SECADMIN, BM_ROLE_AUDITOR};
	bm_unit unit = {0};
	char hash[crypto_pwhash_STRBYTES];
	bm_decision d_pw;
	json_t *d;
	int rc;

	if ((rc = bm_svc_check_text(unit_name, "单位名称", "unit name", 100, true)) != 0)
		return rc;
	for (size_t i = 0; i < 3; i++)
		if ((rc = bm_svc_check_text(admins[i].username, "用户名", "username", 32, true)) !=
		            0 ||
		    (rc = bm_svc_check_text(admins[i].name, "姓名", "name", 50, true)) != 0)
			return rc;
	if (!strcmp(admins[0].username, admins[1].username) ||
	    !strcmp(admins[0].username, admins[2].username) ||
	    !strcmp(admins[1].username, admins[2].username))
		return bm_error_set(BM_EINVALID, "duplicate_username", NULL,
		                    "三员的用户名必须互不相同",
		                    "the three administrators need three different usernames");
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
	/* SYS-1: the three administrators exist from the start, each to change the password. */
	for (size_t i = 0; i < 3; i++)
		if ((rc = insert_admin(ctx, &unit, &admins[i], roles[i], hash)) != 0)
			goto done;
	if ((rc = BM_STORE(ctx->store, unit_first)(ctx->store, ctx->arena, &ctx->unit)) != 0)
		goto done;
done:
	sodium_memzero(hash, sizeof(hash));
	d = json_object();
	json_object_set_new(d, "unit", json_string(unit_name));
	json_object_set_new(d, "admin", json_string(admins[0].username));
	json_object_set_new(d, "secadmin", json_string(admins[1].username));
	json_object_set_new(d, "auditor", json_string(admins[2].username));
	return bm_svc_end(ctx, rc, "unit.init",
	                  unit.id ? bm_arena_printf(ctx->arena, "unit:%lld", (long long)unit.id)
	                          : "",
	                  bm_svc_json(ctx, d));
}
