/*
 * context.c — who acts and when: what the use cases ask of their context
 * (service_int.h, "the actor and the day"). Depends only on tx.c's frame, so
 * every other service file may use it without a cycle (docs/ARCHITECTURE.md,
 * "The service files").
 */
#include "common.h"

#include "service/service_int.h"
#include "util/timeutil.h"

int32_t bm_svc_today_days(const bm_ctx *ctx)
{
	return bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes);
}

void bm_svc_viewer(const bm_ctx *ctx, bm_viewer *out)
{
	memset(out, 0, sizeof(*out));
	if (!ctx->actor)
		return;
	out->person_id = ctx->actor->id;
	out->department_id = ctx->actor->department_id;
	out->max_level = bm_svc_clearance(ctx->actor);
	out->whole_ledger = bm_ctx_has_role(ctx, BM_ROLE_CLERK);
}

bool bm_svc_is_admin(const bm_ctx *ctx)
{
	if (!ctx->actor)
		return false;
	for (size_t i = 0; i < ctx->actor->n_roles; i++)
		if (bm_role_is_admin(ctx->actor->roles[i].role))
			return true;
	return false;
}

int bm_svc_require_business(bm_ctx *ctx)
{
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	/* SYS-1: none of the three administrators handles carriers. */
	if (bm_svc_is_admin(ctx))
		return bm_error_set(BM_EDENIED, "admin_no_business", "SYS-1",
		                    "三员（系统、安全、审计管理员）不得处理涉密载体",
		                    "the three administrators may not handle carriers");
	return 0;
}
