/*
 * context.c — who acts and when: what the use cases ask of their context
 * (service_int.h, "the actor and the day"). Depends only on tx.c's frame, so
 * every other service file may use it without a cycle (docs/ARCHITECTURE.md,
 * "The service files").
 */
#include "common.h"

#include "policy/visibility.h"
#include "service/service_int.h"
#include "util/timeutil.h"

int32_t bm_svc_today_days(const bm_ctx *ctx)
{
	return bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes);
}

int32_t bm_svc_day_of(const char *text)
{
	int32_t day = BM_DATE_NONE;
	if (!text || !bm_date_parse(text, &day))
		return BM_DATE_NONE;
	return day;
}

const char *bm_svc_date_text(bm_ctx *ctx, int32_t day)
{
	char buf[BM_DATE_LEN];
	if (day == BM_DATE_NONE)
		return NULL;
	bm_date_format(day, buf);
	return bm_arena_strdup(ctx->arena, buf);
}

void bm_svc_sheet_meta(bm_ctx *ctx, const char *title, const char *range, bm_xlsx_meta *out)
{
	char day[BM_DATE_LEN];
	bm_date_format(bm_svc_today_days(ctx), day);
	memset(out, 0, sizeof(*out));
	out->title = title;
	out->range = range;
	out->unit = ctx->unit ? ctx->unit->name : NULL;
	out->date = bm_arena_strdup(ctx->arena, day);
}

void bm_svc_viewer(const bm_ctx *ctx, bm_viewer *out)
{
	memset(out, 0, sizeof(*out));
	out->rule = bm_policy_sys2_rule();
	if (!ctx->actor)
		return;
	out->unit_id = ctx->unit ? ctx->unit->id : 0;
	out->person_id = ctx->actor->id;
	out->department_id = ctx->actor->department_id;
	out->max_level = bm_svc_clearance(ctx->actor);
	out->clerk = bm_ctx_has_role(ctx, BM_ROLE_CLERK);
}

bool bm_svc_is_admin(const bm_ctx *ctx)
{
	return ctx->actor && bm_policy_sys1_admin(ctx->actor->roles, ctx->actor->n_roles);
}

/* SYS-1 for the actor: the policy's decision, or a refusal when nobody is logged in. */
static int require_no_admin(bm_ctx *ctx, bm_sys1_act act)
{
	bm_decision d;
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	if (!bm_policy_sys1_carriers(&d, ctx->actor->roles, ctx->actor->n_roles, act))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_require_business(bm_ctx *ctx)
{
	return require_no_admin(ctx, BM_SYS1_HANDLE);
}

int bm_svc_require_reader(bm_ctx *ctx)
{
	return require_no_admin(ctx, BM_SYS1_SEE);
}
