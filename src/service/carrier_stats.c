/*
 * carrier_stats.c — the dashboard's counts of the ledger: how many carriers
 * of each level and in each status the actor may see, in one audited read
 * instead of one list call per number.
 */
#include "common.h"

#include <jansson.h>
#include <string.h>

#include "service/service.h"
#include "service/service_int.h"

int bm_svc_carrier_stats(bm_ctx *ctx, bm_carrier_stats *out)
{
	bm_carrier_filter f;
	bm_carrier_stats st;
	bm_viewer viewer;
	json_t *d = NULL;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	/* SYS-1: the three administrators see no carrier, not even a count. */
	if ((rc = bm_svc_require_business(ctx)) != 0)
		goto done;
	/* SYS-2: exactly the list's filter with nothing set, so the totals agree. */
	memset(&f, 0, sizeof(f));
	f.level = f.status = f.kind = f.origin = -1;
	bm_svc_viewer(ctx, &viewer);
	f.viewer = &viewer;
	memset(&st, 0, sizeof(st));
	if ((rc = BM_STORE(ctx->store, carrier_stats)(ctx->store, ctx->arena, &f, &st)) != 0)
		goto done;
	d = json_object();
	json_object_set_new(d, "total", json_integer(st.total));
	*out = st;
done:
	return bm_svc_end(ctx, rc, "carrier.stats", "", d ? bm_svc_json(ctx, d) : NULL);
}

json_t *bm_carrier_stats_to_json(const bm_carrier_stats *s)
{
	json_t *o = json_object(), *lv = json_object(), *stt = json_object();
	for (int i = 0; i < BM_LEVEL_COUNT; i++)
		json_object_set_new(lv, bm_level_names[i].code, json_integer(s->by_level[i]));
	for (int i = 0; i < BM_STATUS_COUNT; i++)
		json_object_set_new(stt, bm_status_names[i].code, json_integer(s->by_status[i]));
	json_object_set_new(o, "total", json_integer(s->total));
	json_object_set_new(o, "by_level", lv);
	json_object_set_new(o, "by_status", stt);
	return o;
}
