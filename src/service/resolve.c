/*
 * resolve.c — a reference typed by a user (an id or a name) to the unit's
 * department, person or storage place. Depends on the store alone, so every use
 * case can call it without a cycle between use-case files.
 */
#include "common.h"

#include <stdlib.h>

#include "service/service_int.h"

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

int bm_svc_unit_person(bm_ctx *ctx, const char *ref, bm_person **out)
{
	int rc = bm_svc_person_resolve(ctx, ref, out);
	if (rc == 0 && (!ctx->unit || (*out)->unit_id != ctx->unit->id))
		rc = bm_error_set(BM_ENOTFOUND, "unknown_person", NULL, "人员 '%s' 不存在",
		                  "unknown person '%s'", ref);
	return rc;
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
