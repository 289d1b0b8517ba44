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
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	if (!bm_ctx_has_role(ctx, BM_ROLE_AUDITOR))
		return bm_error_set(
		        BM_EDENIED, "auditor_required", "SYS-1",
		        "只有安全审计员可以查看、校验或导出审计日志",
		        "only the audit administrator may read, verify or export the audit "
		        "log");
	return 0;
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
	rc = bm_audit_verify(ctx->store, out);
	json_object_set_new(d, "intact", json_boolean(rc == 0));
	json_object_set_new(d, "count", json_integer(out->count));
	if (rc == BM_ECORRUPT)
		json_object_set_new(d, "first_bad_seq", json_integer(out->first_bad_seq));
done:
	return bm_svc_end(ctx, rc, "audit.verify", "audit", bm_svc_json(ctx, d));
}

typedef struct list_state {
	const bm_audit_query *q;
	char since[BM_ISO_TIME_LEN];  /* from `q->from`: local midnight; "" = open */
	char before[BM_ISO_TIME_LEN]; /* from `q->to`: the next local midnight; "" = open */
	bm_arena *arena;
	int64_t matched; /* matches seen so far */
	int64_t first;   /* index (in seq order) of the first match to keep */
	int64_t last;    /* one past the last */
	bm_audit_row *items;
	size_t count;
	bool counting;
} list_state;

static bool matches(const list_state *st, const bm_audit_row *r)
{
	const bm_audit_query *q = st->q;
	if (q->actor && *q->actor && (!r->actor || strcmp(q->actor, r->actor) != 0))
		return false;
	if (q->action && *q->action &&
	    (!r->action || strncmp(q->action, r->action, strlen(q->action)) != 0))
		return false;
	if (q->outcome && *q->outcome && (!r->outcome || strcmp(q->outcome, r->outcome) != 0))
		return false;
	if (q->rule && *q->rule && (!r->rule || strcmp(q->rule, r->rule) != 0))
		return false;
	/* `at` is fixed-width UTC text "YYYY-MM-DDTHH:MM:SSZ": it compares as it sorts. */
	if (st->since[0] && (!r->at || strcmp(r->at, st->since) < 0))
		return false;
	if (st->before[0] && (!r->at || strcmp(r->at, st->before) >= 0))
		return false;
	return true;
}

/*
 * `from` and `to` are the unit's local dates, as in the registers and the
 * ledger: an event at 07:30 Beijing time on 12-02 (23:30Z on 12-01) is
 * 12-02's. Turns them into the instants the events' times are compared with.
 */
static int date_bounds(const bm_ctx *ctx, list_state *st)
{
	const char *dates[2] = {st->q->from, st->q->to};
	char *bounds[2] = {st->since, st->before};

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

static int list_cb(const bm_audit_row *r, void *cls)
{
	list_state *st = cls;
	bm_audit_row *o;
	if (!matches(st, r))
		return 0;
	if (st->counting || st->matched < st->first || st->matched >= st->last) {
		st->matched++;
		return 0;
	}
	st->matched++;
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

int bm_svc_audit_list(bm_ctx *ctx, const bm_audit_query *q, bm_audit_page *out)
{
	list_state st = {.q = q, .arena = ctx->arena, .counting = true};
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
	if ((rc = date_bounds(ctx, &st)) != 0)
		goto done;
	/* Two passes in one transaction: count the matches, then keep the page. */
	if ((rc = BM_STORE(ctx->store, audit_foreach)(ctx->store, list_cb, &st)) != 0)
		goto done;
	out->total = st.matched;
	if (q->oldest_first) {
		st.first = offset;
		st.last = offset + limit;
	} else {
		st.last = st.matched - offset;
		st.first = st.last - limit;
	}
	if (st.first < 0)
		st.first = 0;
	if (st.last > st.matched)
		st.last = st.matched;
	if (st.last > st.first) {
		if (!(st.items = bm_arena_alloc(ctx->arena, (size_t)(st.last - st.first) *
		                                                    sizeof(*st.items)))) {
			rc = bm_error_nomem();
			goto done;
		}
		st.counting = false;
		st.matched = 0;
		if ((rc = BM_STORE(ctx->store, audit_foreach)(ctx->store, list_cb, &st)) != 0)
			goto done;
		if (!q->oldest_first)
			for (size_t i = 0; i < st.count / 2; i++) {
				bm_audit_row t = st.items[i];
				st.items[i] = st.items[st.count - 1 - i];
				st.items[st.count - 1 - i] = t;
			}
	}
	out->items = st.items;
	out->count = st.count;
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
	/* The export reads inside the use case's transaction: one consistent chain. */
	if ((rc = require_auditor(ctx)) == 0)
		rc = bm_audit_export(ctx->store, out);
	return bm_svc_end(ctx, rc, "audit.export", "audit", bm_svc_json(ctx, d));
}

typedef struct tail_state {
	int64_t skip; /* events to pass over before the first one given */
	int64_t index;
	bm_audit_row_cb cb;
	void *cls;
} tail_state;

static int count_cb(const bm_audit_row *r, void *cls)
{
	BM_UNUSED(r);
	((tail_state *)cls)->index++;
	return 0;
}

static int tail_cb(const bm_audit_row *r, void *cls)
{
	tail_state *st = cls;
	if (st->index++ < st->skip)
		return 0;
	return st->cb(r, st->cls);
}

int bm_svc_audit_tail(bm_ctx *ctx, int64_t limit, bm_audit_row_cb cb, void *cls, int64_t *total)
{
	tail_state st = {.cb = cb, .cls = cls};
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
	/* Two passes in one transaction: count, then give the last `limit`. */
	if ((rc = BM_STORE(ctx->store, audit_foreach)(ctx->store, count_cb, &st)) != 0)
		goto done;
	*total = st.index;
	st.skip = limit > 0 && st.index > limit ? st.index - limit : 0;
	st.index = 0;
	rc = BM_STORE(ctx->store, audit_foreach)(ctx->store, tail_cb, &st);
done:
	return bm_svc_end(ctx, rc, "audit.list", "audit", bm_svc_json(ctx, d));
}

typedef struct find_state {
	bm_arena *arena;
	int64_t seq;
	bm_audit_row *row;
} find_state;

static int find_cb(const bm_audit_row *r, void *cls)
{
	find_state *st = cls;
	bm_audit_row *o;
	if (r->seq != st->seq)
		return 0;
	if (!(o = bm_arena_alloc(st->arena, sizeof(*o))))
		return bm_error_nomem();
	*o = *r;
	o->at = r->at ? bm_arena_strdup(st->arena, r->at) : NULL;
	o->actor = r->actor ? bm_arena_strdup(st->arena, r->actor) : NULL;
	o->action = r->action ? bm_arena_strdup(st->arena, r->action) : NULL;
	o->object = r->object ? bm_arena_strdup(st->arena, r->object) : NULL;
	o->outcome = r->outcome ? bm_arena_strdup(st->arena, r->outcome) : NULL;
	o->rule = r->rule ? bm_arena_strdup(st->arena, r->rule) : NULL;
	o->detail = r->detail ? bm_arena_strdup(st->arena, r->detail) : NULL;
	o->alg = r->alg ? bm_arena_strdup(st->arena, r->alg) : NULL;
	o->prev_hash = r->prev_hash ? bm_arena_strdup(st->arena, r->prev_hash) : NULL;
	o->hash = r->hash ? bm_arena_strdup(st->arena, r->hash) : NULL;
	st->row = o;
	return 1; /* stop */
}

int bm_svc_audit_check(bm_ctx *ctx, bm_audit_verify_result *out, bm_audit_row **bad)
{
	find_state st = {.arena = ctx->arena};
	bm_error saved;
	int rc;

	*bad = NULL;
	rc = bm_audit_verify(ctx->store, out);
	if (rc != BM_ECORRUPT)
		return rc;
	/* Show the stored event, when there is one under that seq; keep the verdict. */
	bm_error_save(&saved);
	st.seq = out->first_bad_seq;
	BM_STORE(ctx->store, audit_foreach)(ctx->store, find_cb, &st);
	bm_error_restore(&saved);
	*bad = st.row;
	return rc;
}

int bm_svc_audit_check_export(FILE *in, bm_audit_verify_result *out)
{
	return bm_audit_verify_export(in, out);
}
