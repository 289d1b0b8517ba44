/*
 * ledger_util.c — helpers the ledger use cases share (ledger_int.h).
 */
#include "common.h"

#include <stdio.h>

#include "service/ledger_int.h"
#include "util/timeutil.h"

bool bm_ledger_has_any_role(const bm_ctx *ctx, const bm_role *roles, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (bm_ctx_has_role(ctx, roles[i]))
			return true;
	return false;
}

const char *bm_ledger_person_name(bm_ctx *ctx, int64_t id)
{
	bm_person *p;
	if (!id)
		return "-";
	if (ctx->actor && ctx->actor->id == id)
		return ctx->actor->name;
	if (BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, id, &p) != 0) {
		bm_error_clear();
		return bm_arena_printf(ctx->arena, "#%lld", (long long)id);
	}
	return p->name;
}

const char *bm_ledger_number(bm_arena *a, const bm_carrier *c)
{
	if (c->doc_number && c->serial_number)
		return bm_arena_printf(a, "%s 第%d份", c->doc_number, c->serial_number);
	if (c->doc_number)
		return c->doc_number;
	if (c->serial_number)
		return bm_arena_printf(a, "第%d份", c->serial_number);
	return NULL;
}

int32_t bm_ledger_local_date(const bm_ctx *ctx, const char *iso)
{
	int64_t t;
	int32_t day;
	if (!iso)
		return BM_DATE_NONE;
	if (bm_time_parse(iso, &t))
		return bm_time_local_date(t, ctx->policy.tz_offset_minutes);
	if (bm_date_parse(iso, &day))
		return day;
	return BM_DATE_NONE;
}

const char *bm_ledger_date_text(bm_ctx *ctx, int32_t day)
{
	const char *t = bm_svc_date_text(ctx, day);
	return t ? t : "";
}

const char *bm_ledger_local_time(bm_ctx *ctx, const char *iso)
{
	int64_t t, day;
	int y, m, d;
	long secs;
	if (!iso || !bm_time_parse(iso, &t))
		return iso;
	t += (int64_t)ctx->policy.tz_offset_minutes * 60;
	day = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	bm_date_to_ymd((int32_t)day, &y, &m, &d);
	secs = (long)(t - day * 86400);
	return bm_arena_printf(ctx->arena, "%04d-%02d-%02d %02ld:%02ld", y, m, d, secs / 3600,
	                       secs / 60 % 60);
}

int bm_ledger_incident_insert(bm_ctx *ctx, const char *kind, int64_t carrier_id, json_t *detail,
                              int64_t *id_out)
{
	bm_incident_row row = {
	        .unit_id = ctx->unit->id,
	        .kind = kind,
	        .carrier_id = carrier_id,
	        .status = "open",
	        .opened_by = ctx->actor ? ctx->actor->id : 0,
	        .opened_at = bm_svc_now_iso(ctx),
	};
	const char *history;
	int rc;
	row.detail = bm_svc_json(ctx, detail);
	if (!row.detail || !row.opened_at)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, incident_insert)(ctx->store, &row)) != 0)
		return rc;
	if (carrier_id) {
		json_t *h = json_object();
		json_object_set_new(h, "incident_id", json_integer(row.id));
		json_object_set_new(h, "kind", json_string(kind));
		if (!(history = bm_svc_json(ctx, h)))
			return bm_error_nomem();
		if ((rc = bm_svc_history(ctx, carrier_id, "incident.open", history)) != 0)
			return rc;
	}
	if (id_out)
		*id_out = row.id;
	return 0;
}

int bm_ledger_set_status(bm_ctx *ctx, bm_carrier *c, bm_status status, const char *action,
                         const char *detail)
{
	int rc;
	c->status = status;
	if (!(c->updated_at = bm_svc_now_iso(ctx)))
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0)
		return rc;
	return bm_svc_history(ctx, c->id, action, detail);
}
