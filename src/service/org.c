/*
 * org.c — departments, people, accounts, roles and storage places.
 */
#include "common.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "service/service_int.h"
#include "util/timeutil.h"

static int require_admin(bm_ctx *ctx, bm_role role)
{
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	if (!bm_ctx_has_role(ctx, role)) {
		char zh[128], en[128];
		snprintf(zh, sizeof(zh), "此操作只能由%s执行", bm_role_names[role].zh);
		snprintf(en, sizeof(en), "only the %s may do this", bm_role_names[role].en);
		return bm_error_set_msg(BM_EDENIED, "role_required", "SYS-1", zh, en);
	}
	return 0;
}

static int64_t parse_id(const char *s)
{
	char *end;
	long long v;
	if (!s || !*s)
		return 0;
	v = strtoll(s, &end, 10);
	return *end == '\0' && v > 0 ? (int64_t)v : 0;
}

int bm_svc_department_resolve(bm_ctx *ctx, const char *ref, bm_department **out)
{
	int64_t id = parse_id(ref);
	if (!ctx->unit)
		return bm_svc_require_actor(ctx);
	if (id)
		return BM_STORE(ctx->store, department_get)(ctx->store, ctx->arena, id, out);
	return BM_STORE(ctx->store, department_find)(ctx->store, ctx->arena, ctx->unit->id, ref,
	                                             out);
}

int bm_svc_person_resolve(bm_ctx *ctx, const char *ref, bm_person **out)
{
	int64_t id = parse_id(ref);
	if (!ref || !*ref)
		return bm_error_set(BM_EINVALID, "required", NULL, "未指定人员", "no person given");
	if (id)
		return BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, id, out);
	return BM_STORE(ctx->store, person_find)(ctx->store, ctx->arena, ref, out);
}

int bm_svc_place_resolve(bm_ctx *ctx, const char *ref, bm_place **out)
{
	int64_t id = parse_id(ref);
	if (!ref || !*ref)
		return bm_error_set(BM_EINVALID, "required", NULL, "未指定存放地点",
		                    "no storage place given");
	if (!ctx->unit)
		return bm_svc_require_actor(ctx);
	if (id)
		return BM_STORE(ctx->store, place_get)(ctx->store, ctx->arena, id, out);
	return BM_STORE(ctx->store, place_find)(ctx->store, ctx->arena, ctx->unit->id, ref, out);
}

int bm_svc_department_add(bm_ctx *ctx, const char *name, const char *code, bm_department **out)
{
	bm_department *d = NULL;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "name", json_string(name ? name : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_admin(ctx, BM_ROLE_SYSADMIN)) != 0 ||
	    (rc = bm_svc_check_text(name, "部门名称", "department name", 50, true)) != 0 ||
	    (rc = bm_svc_check_text(code, "部门代码", "department code", 20, false)) != 0)
		goto done;
	if (!(d = bm_arena_alloc(ctx->arena, sizeof(*d)))) {
		rc = bm_error_nomem();
		goto done;
	}
	d->unit_id = ctx->unit->id;
	d->name = bm_arena_strdup(ctx->arena, name);
	d->code = code && *code ? bm_arena_strdup(ctx->arena, code) : NULL;
	if ((rc = BM_STORE(ctx->store, department_insert)(ctx->store, d)) != 0)
		goto done;
	*out = d;
done:
	return bm_svc_end(
	        ctx, rc, "department.add",
	        d && d->id ? bm_arena_printf(ctx->arena, "department:%lld", (long long)d->id) : "",
	        bm_svc_json(ctx, detail));
}

/*
 * Parses "clerk,dept_head@办公室" into grants. Department names after '@'
 * are resolved; an unknown role or department is refused.
 */
static int parse_roles(bm_ctx *ctx, const char *text, bm_role_grant *out, size_t cap, size_t *count)
{
	char **items;
	size_t n_items, n = 0;
	int rc;
	if ((rc = bm_svc_split_list(ctx, text, &items, &n_items)) != 0)
		return rc;
	for (size_t k = 0; k < n_items; k++) {
		char *item = items[k], *at = strchr(item, '@');
		int role;
		int64_t dept = 0;
		if (at) {
			bm_department *d;
			*at = '\0';
			if ((rc = bm_svc_department_resolve(ctx, at + 1, &d)) != 0)
				return rc;
			dept = d->id;
		}
		if ((role = bm_role_parse(item)) < 0)
			return bm_error_set(BM_EINVALID, "unknown_role", NULL, "未知角色 '%s'",
			                    "unknown role '%s'", item);
		if (n == cap)
			return bm_error_set(BM_ETOOLARGE, "too_many_roles", NULL, "角色过多",
			                    "too many roles");
		out[n].role = (bm_role)role;
		out[n].department_id = dept;
		n++;
	}
	*count = n;
	return 0;
}

int bm_svc_person_add(bm_ctx *ctx, const bm_person_input *in, bm_person **out)
{
	bm_person *p = NULL;
	bm_role_grant roles[8];
	size_t n_roles = 0;
	char hash[crypto_pwhash_STRBYTES];
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "name", json_string(in->name ? in->name : ""));
	if (in->username)
		json_object_set_new(detail, "username", json_string(in->username));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_admin(ctx, BM_ROLE_SYSADMIN)) != 0 ||
	    (rc = bm_svc_check_text(in->name, "姓名", "name", 50, true)) != 0 ||
	    (rc = bm_svc_check_text(in->username, "用户名", "username", 32, false)) != 0)
		goto done;
	if (in->person_class && *in->person_class &&
	    bm_class_parse(in->person_class) != BM_CLASS_NONE) {
		rc = bm_error_set(BM_EDENIED, "sysadmin_no_clearance", "SYS-1",
		                  "系统管理员不能授予涉密人员类别，请由安全保密管理员授予",
		                  "the system administrator cannot grant a personnel class; the "
		                  "security administrator does");
		goto done;
	}
	if ((rc = parse_roles(ctx, in->roles, roles, BM_ARRAY_LEN(roles), &n_roles)) != 0)
		goto done;
	for (size_t i = 0; i < n_roles; i++) {
		if (roles[i].role != BM_ROLE_SECADMIN && roles[i].role != BM_ROLE_AUDITOR &&
		    roles[i].role != BM_ROLE_SYSADMIN) {
			char zh[160], en[160];
			snprintf(zh, sizeof(zh), "系统管理员不能授予业务角色「%s」",
			         bm_role_names[roles[i].role].zh);
			snprintf(en, sizeof(en),
			         "the system administrator cannot grant the business role '%s'",
			         bm_role_names[roles[i].role].en);
			rc = bm_error_set_msg(BM_EDENIED, "sysadmin_no_business_role", "SYS-1", zh,
			                      en);
			goto done;
		}
	}
	if (n_roles > 1) {
		rc = bm_error_set(BM_EDENIED, "one_admin_role", "SYS-1",
		                  "一个账户不得兼任两种管理员",
		                  "no account may hold two administrator roles");
		goto done;
	}
	if (!(p = bm_arena_alloc(ctx->arena, sizeof(*p)))) {
		rc = bm_error_nomem();
		goto done;
	}
	p->unit_id = ctx->unit->id;
	p->name = in->name;
	p->username = in->username && *in->username ? in->username : NULL;
	p->person_class = BM_CLASS_NONE;
	p->temporary = in->temporary;
	p->created_at = bm_svc_now_iso(ctx);
	if (in->department && *in->department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(ctx, in->department, &d)) != 0)
			goto done;
		p->department_id = d->id;
	}
	if (p->username) {
		if (!in->password || strlen(in->password) < 8) {
			rc = bm_error_set(BM_EINVALID, "weak_password", "SYS-4",
			                  "初始密码至少 8 个字符",
			                  "the initial password needs at least 8 characters");
			goto done;
		}
		if ((rc = bm_password_hash(in->password, hash, sizeof(hash))) != 0)
			goto done;
		p->password_hash = bm_arena_strdup(ctx->arena, hash);
		p->must_change_password = true;
	}
	if ((rc = BM_STORE(ctx->store, person_insert)(ctx->store, p)) != 0)
		goto done;
	for (size_t i = 0; i < n_roles; i++)
		if ((rc = BM_STORE(ctx->store, role_grant)(ctx->store, p->id, roles[i].role,
		                                           roles[i].department_id)) != 0)
			goto done;
	rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, p->id, out);
done:
	sodium_memzero(hash, sizeof(hash));
	return bm_svc_end(ctx, rc, "person.add",
	                  p && p->id ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id)
	                             : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_person_grant(bm_ctx *ctx, const char *person, const char *person_class,
                        const char *roles_text, const char *commitment_signed_on)
{
	bm_person *p = NULL;
	bm_role_grant roles[16];
	size_t n_roles = 0;
	json_t *detail = json_object();
	int rc, cls = -1;
	int32_t day;

	json_object_set_new(detail, "person", json_string(person ? person : ""));
	if (person_class)
		json_object_set_new(detail, "class", json_string(person_class));
	if (roles_text)
		json_object_set_new(detail, "roles", json_string(roles_text));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_admin(ctx, BM_ROLE_SECADMIN)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, person, &p)) != 0)
		goto done;
	if (person_class && (cls = bm_class_parse(person_class)) < 0) {
		rc = bm_error_set(BM_EINVALID, "unknown_class", "PERSON-1", "未知涉密人员类别 '%s'",
		                  "unknown personnel class '%s'", person_class);
		goto done;
	}
	if (commitment_signed_on && !bm_date_parse(commitment_signed_on, &day)) {
		rc = bm_error_set(BM_EINVALID, "invalid_date", "PERSON-2", "日期无效：'%s'",
		                  "invalid date '%s'", commitment_signed_on);
		goto done;
	}
	if (roles_text &&
	    (rc = parse_roles(ctx, roles_text, roles, BM_ARRAY_LEN(roles), &n_roles)) != 0)
		goto done;
	if (cls > BM_CLASS_NONE && p->temporary) {
		/* PERSON-3: temporary hires cannot hold classified posts. */
		rc = bm_error_set(BM_EDENIED, "temporary_no_class", "PERSON-3",
		                  "临时聘用人员不得从事涉密岗位",
		                  "temporary hires cannot hold classified posts");
		goto done;
	}
	if (commitment_signed_on) {
		int32_t today = bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes);
		if (day > today) {
			rc = bm_error_set(BM_EINVALID, "date_in_future", "PERSON-2",
			                  "保密承诺书的签署日期不能晚于今天",
			                  "the commitment cannot be signed in the future");
			goto done;
		}
	}
	for (size_t i = 0; i < n_roles && p->temporary; i++) {
		/* PERSON-3: a temporary hire holds no classified post (only plain staff). */
		if (roles[i].role != BM_ROLE_STAFF) {
			char zh[160], en[160];
			snprintf(zh, sizeof(zh), "临时聘用人员不得担任涉密岗位「%s」",
			         bm_role_names[roles[i].role].zh);
			snprintf(en, sizeof(en),
			         "a temporary hire cannot hold the classified post '%s'",
			         bm_role_names[roles[i].role].en);
			rc = bm_error_set_msg(BM_EDENIED, "temporary_no_class", "PERSON-3", zh, en);
			goto done;
		}
	}
	for (size_t i = 0; i < p->n_roles; i++) {
		bool admin = bm_role_is_admin(p->roles[i].role);
		if (admin && (cls > BM_CLASS_NONE || n_roles > 0)) {
			/* SYS-1: an administrator holds no business role and handles no carrier. */
			rc = bm_error_set(
			        BM_EDENIED, "admin_no_business", "SYS-1",
			        "三员不得兼任业务角色或涉密岗位",
			        "an administrator may not hold a business role or a clearance");
			goto done;
		}
	}
	for (size_t i = 0; i < n_roles; i++) {
		if (bm_role_is_admin(roles[i].role)) {
			rc = bm_error_set(BM_EDENIED, "admin_roles_by_sysadmin", "SYS-1",
			                  "管理员账户由系统管理员设立",
			                  "administrator accounts are set up by the "
			                  "system administrator");
			goto done;
		}
	}
	if (cls >= 0)
		p->person_class = (bm_class)cls;
	if (commitment_signed_on)
		p->commitment_signed_on = commitment_signed_on;
	if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0)
		goto done;
	if (roles_text) {
		for (size_t i = 0; i < p->n_roles; i++)
			if ((rc = BM_STORE(ctx->store,
			                   role_revoke)(ctx->store, p->id, p->roles[i].role,
			                                p->roles[i].department_id)) != 0)
				goto done;
		for (size_t i = 0; i < n_roles; i++)
			if ((rc = BM_STORE(ctx->store, role_grant)(ctx->store, p->id, roles[i].role,
			                                           roles[i].department_id)) != 0)
				goto done;
	}
done:
	return bm_svc_end(ctx, rc, "person.grant",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_place_add(bm_ctx *ctx, const char *name, const char *kind, const char *max_level,
                     const char *department, bm_place **out)
{
	bm_place *p = NULL;
	json_t *detail = json_object();
	int rc, k, lvl;

	json_object_set_new(detail, "name", json_string(name ? name : ""));
	json_object_set_new(detail, "max_level", json_string(max_level ? max_level : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_admin(ctx, BM_ROLE_SECADMIN)) != 0 ||
	    (rc = bm_svc_check_text(name, "地点名称", "place name", 50, true)) != 0)
		goto done;
	if ((k = bm_place_kind_parse(kind ? kind : "safe")) < 0) {
		rc = bm_error_set(BM_EINVALID, "unknown_place_kind", "KEEP-1",
		                  "未知存放地点类型 '%s'", "unknown place kind '%s'", kind);
		goto done;
	}
	if ((lvl = bm_level_parse(max_level)) < 0) {
		rc = bm_error_set(BM_EINVALID, "invalid_level", "LEVEL-1", "未知密级 '%s'",
		                  "unknown level '%s'", max_level ? max_level : "",
		                  max_level ? max_level : "");
		goto done;
	}
	if (!(p = bm_arena_alloc(ctx->arena, sizeof(*p)))) {
		rc = bm_error_nomem();
		goto done;
	}
	p->unit_id = ctx->unit->id;
	p->name = bm_arena_strdup(ctx->arena, name);
	p->kind = (bm_place_kind)k;
	p->max_level = (bm_level)lvl;
	if (department && *department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(ctx, department, &d)) != 0)
			goto done;
		p->department_id = d->id;
	}
	if ((rc = BM_STORE(ctx->store, place_insert)(ctx->store, p)) != 0)
		goto done;
	*out = p;
done:
	return bm_svc_end(ctx, rc, "place.add",
	                  p && p->id ? bm_arena_printf(ctx->arena, "place:%lld", (long long)p->id)
	                             : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_department_list(bm_ctx *ctx, bm_department **out, size_t *count)
{
	int rc = bm_svc_require_actor(ctx);
	return rc ? rc
	          : BM_STORE(ctx->store, department_list)(ctx->store, ctx->arena, ctx->unit->id,
	                                                  out, count);
}

int bm_svc_person_list(bm_ctx *ctx, bm_person **out, size_t *count)
{
	int rc = bm_svc_require_actor(ctx);
	return rc ? rc
	          : BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id, out,
	                                              count);
}

int bm_svc_place_list(bm_ctx *ctx, bm_place **out, size_t *count)
{
	int rc = bm_svc_require_actor(ctx);
	return rc ? rc
	          : BM_STORE(ctx->store, place_list)(ctx->store, ctx->arena, ctx->unit->id, out,
	                                             count);
}
