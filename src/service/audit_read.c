/*
 * audit_read.c — the audit administrator reads, verifies and exports the
 * chain (SYS-1, SYS-3). Each is a use case of its own, so reading the log
 * is itself on the log.
 */
#include "common.h"

#include "audit/audit.h"
#include "service/service_int.h"
#include "util/timeutil.h"

#define MAX_PAGE 1000

/* SYS-1: the events are the audit administrator's to read. */
static int require_auditor(bm_ctx *ctx)
{
	return bm_svc_require_task(ctx, BM_TASK_AUDIT_READ);
}

int bm_svc_audit_verify(bm_ctx *ctx, bm_audit_verify_result *out)
{
	json_t *d = json_object();
	int rc;

	memset(out, 0, sizeof(*out));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_auditor(ctx)) != 0)
		goto done;
	rc = bm_svc_audit_walk(ctx, NULL, out);
	json_object_set_new(d, "intact", json_boolean(rc == 0));
	json_object_set_new(d, "count", json_integer(out->count));
	json_object_set_new(d, "checkpoints", json_integer(out->checkpoints));
	if (rc == BM_ECORRUPT)
		json_object_set_new(d, "first_bad_seq", json_integer(out->first_bad_seq));
done:
	return bm_svc_end(ctx, rc, "audit.verify", "audit", bm_svc_json(ctx, d));
}

/*
 * `from` and `to` are the unit's local dates, as in the registers and the
 * ledger: an event at 07:30 Beijing time on 12-02 (23:30Z on 12-01) is
 * 12-02's. Turns them into the instants the events' times are compared with
 * (`since` inclusive, `before` exclusive; "" = open).
 */
static int date_bounds(const bm_ctx *ctx, const bm_audit_query *q, char since[BM_ISO_TIME_LEN],
                       char before[BM_ISO_TIME_LEN])
{
	const char *dates[2] = {q->from, q->to};
	char *bounds[2] = {since, before};

	for (int i = 0; i < 2; i++) {
		int32_t day;
		bounds[i][0] = '\0';
		if (!dates[i] || !*dates[i])
			continue;
		if (!bm_date_parse(dates[i], &day))
			return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
			                    "参数 %s 的值无效：'%.32s'（格式 YYYY-MM-DD）",
			                    "invalid value for parameter %s: '%.32s' (YYYY-MM-DD)",
			                    i ? "to" : "from", dates[i]);
		/* `to` is inclusive: the bound is the start of the next day. */
		bm_time_format(bm_date_local_start(day + i, ctx->policy.tz_offset_minutes),
		               bounds[i]);
	}
	return 0;
}

static const char *copy(bm_arena *a, const char *s)
{
	return bm_arena_strdup(a, s ? s : "");
}

typedef struct page_state {
	bm_arena *arena;
	bm_audit_row *items;
	size_t count;
	size_t cap;
} page_state;

static int page_cb(const bm_audit_row *r, void *cls)
{
	page_state *st = cls;
	bm_audit_row *o;
	if (st->count == st->cap)
		return 0; /* cannot happen: the store gives at most `limit` rows */
	o = &st->items[st->count++];
	o->seq = r->seq;
	o->at = copy(st->arena, r->at);
	o->actor = copy(st->arena, r->actor);
	o->action = copy(st->arena, r->action);
	o->object = copy(st->arena, r->object);
	o->outcome = copy(st->arena, r->outcome);
	o->rule = copy(st->arena, r->rule);
	o->detail = copy(st->arena, r->detail);
	o->alg = copy(st->arena, r->alg);
	o->prev_hash = copy(st->arena, r->prev_hash);
	o->hash = copy(st->arena, r->hash);
	if (!o->at || !o->actor || !o->action || !o->object || !o->outcome || !o->rule ||
	    !o->detail || !o->alg || !o->prev_hash || !o->hash)
		return bm_error_nomem();
	return 0;
}

/*
 * The page in SQL (store audit_count, audit_page): the total is counted on
 * the filter's index and the page read by seq, so neither walks the chain.
 */
static int list_page(bm_ctx *ctx, const bm_audit_query *q, int limit, int64_t offset,
                     bm_audit_page *out)
{
	char since[BM_ISO_TIME_LEN], before[BM_ISO_TIME_LEN];
	bm_audit_filter f = {.actor = q->actor,
	                     .action = q->action,
	                     .outcome = q->outcome,
	                     .rule = q->rule,
	                     .since = since,
	                     .before = before};
	page_state st = {.arena = ctx->arena, .cap = (size_t)limit};
	int rc;

	if ((rc = date_bounds(ctx, q, since, before)) != 0 ||
	    (rc = BM_STORE(ctx->store, audit_count)(ctx->store, &f, &out->total)) != 0)
		return rc;
	if (offset >= out->total)
		return 0;
	if (!(st.items = bm_arena_alloc(ctx->arena, (size_t)limit * sizeof(*st.items))))
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, audit_page)(ctx->store, &f, !q->oldest_first, offset, limit,
	                                           out->total, page_cb, &st)) != 0)
		return rc;
	out->items = st.items;
	out->count = st.count;
	return 0;
}

int bm_svc_audit_list(bm_ctx *ctx, const bm_audit_query *q, bm_audit_page *out)
{
	json_t *d = json_object();
	int limit = q->limit > 0 ? q->limit : 50;
	int64_t offset = q->offset > 0 ? q->offset : 0;
	int rc;

	memset(out, 0, sizeof(*out));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	json_object_set_new(d, "offset", json_integer(offset));
	json_object_set_new(d, "limit", json_integer(limit));
	if (q->actor)
		json_object_set_new(d, "actor", json_string(q->actor));
	if (q->action)
		json_object_set_new(d, "action", json_string(q->action));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_auditor(ctx)) != 0)
		goto done;
	if (limit > MAX_PAGE) {
		rc = bm_error_set(BM_EINVALID, "invalid_limit", NULL, "每页条数应在 1 到 %d 之间",
		                  "the page size must be between 1 and %d", MAX_PAGE);
		goto done;
	}
	rc = list_page(ctx, q, limit, offset, out);
done:
	return bm_svc_end(ctx, rc, "audit.list", "audit", bm_svc_json(ctx, d));
}

int bm_svc_audit_export(bm_ctx *ctx, FILE *out, const char *dest)
{
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, "channel", json_string(ctx->channel));
	if (dest)
		json_object_set_new(d, "to", json_string(dest));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	/*
	 * The export reads inside the use case's transaction: one consistent
	 * chain, which a signed checkpoint anchors first (SYS-3): the export
	 * then ends at the event the checkpoint counts.
	 */
	if ((rc = require_auditor(ctx)) == 0 && (rc = bm_svc_audit_export_checkpoint(ctx, d)) == 0)
		rc = bm_audit_export(ctx->store, out);
	return bm_svc_end(ctx, rc, "audit.export", "audit", bm_svc_json(ctx, d));
}

int bm_svc_audit_export_open(bm_ctx *ctx, bm_audit_export_cursor *cur)
{
	json_t *d = json_object();
	char hash[BM_AUDIT_HASH_HEX + 1];
	int rc;

	memset(cur, 0, sizeof(*cur));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	/*
	 * The export ends at the last event this snapshot sees, which a signed
	 * checkpoint anchors (SYS-3); its own event comes after.
	 */
	if ((rc = require_auditor(ctx)) == 0 && (rc = bm_svc_audit_export_checkpoint(ctx, d)) == 0)
		rc = BM_STORE(ctx->store, audit_tail)(ctx->store, &cur->last, hash, sizeof(hash),
		                                      NULL, 0);
	return bm_svc_end(ctx, rc, "audit.export", "audit", bm_svc_json(ctx, d));
}

int bm_svc_audit_export_next(bm_store *store, bm_audit_export_cursor *cur, int64_t rows,
                             bm_buf *out)
{
	bm_error saved;
	int rc;

	if (cur->after >= cur->last)
		return 0;
	if ((rc = BM_STORE(store, begin_read)(store)) != 0)
		return rc;
	if ((rc = bm_audit_export_range(store, &cur->after, cur->last, rows, out)) == 0)
		return BM_STORE(store, commit)(store);
	bm_error_save(&saved);
	BM_STORE(store, rollback)(store);
	bm_error_restore(&saved);
	return rc;
}

int bm_svc_audit_tail(bm_ctx *ctx, int64_t limit, bm_audit_row_cb cb, void *cls, int64_t *total)
{
	const bm_audit_filter all = {0};
	json_t *d = json_object();
	int rc;

	*total = 0;
	json_object_set_new(d, "channel", json_string(ctx->channel));
	json_object_set_new(d, "limit", json_integer(limit));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_auditor(ctx)) != 0)
		goto done;
	/* Counted on an index, then the last `limit` read by seq, oldest first. */
	if ((rc = BM_STORE(ctx->store, audit_count)(ctx->store, &all, total)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, audit_page)(ctx->store, &all, false,
	                                      limit > 0 && *total > limit ? *total - limit : 0,
	                                      limit > 0 ? limit : 0, *total, cb, cls);
done:
	return bm_svc_end(ctx, rc, "audit.list", "audit", bm_svc_json(ctx, d));
}
