/*
 * audit_read.c — the audit administrator reads, verifies and exports the
 * chain (SYS-1, SYS-3). Each is a use case of its own, so reading the log
 * is itself on the log.
 */
#include "common.h"

#include "audit/audit.h"
#include "model/audit_words.h"
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

typedef struct kind_list {
	bm_arena *arena;
	bool reads; /* keep the reads (else the business events) */
	const char **items;
	size_t count, cap;
} kind_list;

static int kind_cb(const char *action, void *cls)
{
	kind_list *k = cls;
	if (bm_audit_action_is_read(action) != k->reads)
		return 0;
	if (k->count == k->cap) {
		size_t cap = k->cap ? k->cap * 2 : 64;
		const char **n = bm_arena_alloc(k->arena, cap * sizeof(*n));
		if (!n)
			return bm_error_nomem();
		if (k->count)
			memcpy(n, k->items, k->count * sizeof(*n));
		k->items = n;
		k->cap = cap;
	}
	if (!(k->items[k->count] = bm_arena_strdup(k->arena, action)))
		return bm_error_nomem();
	k->count++;
	return 0;
}

/*
 * kind=business or kind=read as the list of the chain's actions of that
 * kind (the tally's distinct actions, classified by the one catalogue):
 * an IN list the action index answers. `*none` when the chain holds no
 * action of the kind.
 */
static int kind_filter(bm_store *store, bm_arena *a, const char *kind, bm_audit_filter *f,
                       bool *none)
{
	kind_list k = {.arena = a};
	int rc;

	*none = false;
	if (!kind || !*kind)
		return 0;
	if (strcmp(kind, "business") != 0 && strcmp(kind, "read") != 0)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "参数 kind 的值无效：'%.32s'（business 或 read）",
		                    "invalid value for parameter kind: '%.32s' (business or read)",
		                    kind);
	k.reads = strcmp(kind, "read") == 0;
	if ((rc = BM_STORE(store, audit_actions)(store, kind_cb, &k)) != 0)
		return rc;
	f->actions = k.items;
	f->n_actions = k.count;
	*none = k.count == 0;
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
	bm_audit_names names;
	bool none;
	int rc;

	if ((rc = date_bounds(ctx, q, since, before)) != 0 ||
	    (rc = kind_filter(ctx->store, ctx->arena, q->kind, &f, &none)) != 0)
		return rc;
	if (none)
		return 0;
	if ((rc = BM_STORE(ctx->store, audit_count)(ctx->store, &f, &out->total)) != 0)
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
	if (!(out->words = bm_arena_alloc(ctx->arena, (st.count + 1) * sizeof(*out->words))))
		return bm_error_nomem();
	bm_audit_names_init(&names);
	for (size_t i = 0; rc == 0 && i < st.count; i++)
		rc = bm_audit_words_of(ctx->store, &names, ctx->arena, &st.items[i],
		                       &out->words[i]);
	bm_audit_names_release(&names);
	return rc;
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
	if (q->kind && *q->kind)
		json_object_set_new(d, "kind", json_string(q->kind));
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

/* The first (or last) event the filter keeps, on the list's own plan. */
static int first_kept(bm_store *store, const bm_audit_filter *f, int64_t total, bool last,
                      int64_t *seq)
{
	bm_audit_row *row = NULL;
	page_state st = {.items = NULL, .cap = 1};
	bm_arena a;
	int rc;

	*seq = 0;
	bm_arena_init(&a, 0);
	st.arena = &a;
	if (!(st.items = row = bm_arena_alloc(&a, sizeof(*row))))
		rc = bm_error_nomem();
	else
		rc = BM_STORE(store, audit_page)(store, f, last, 0, 1, total, page_cb, &st);
	if (rc == 0 && st.count)
		*seq = row->seq;
	bm_arena_release(&a);
	return rc;
}

static const char *keep(bm_arena *a, const char *s)
{
	return s && *s ? bm_arena_strdup(a, s) : NULL;
}

int bm_svc_audit_list_open(bm_ctx *ctx, const bm_audit_query *q, const char *format,
                           bm_audit_list_cursor *cur)
{
	char since[BM_ISO_TIME_LEN], before[BM_ISO_TIME_LEN], hash[BM_AUDIT_HASH_HEX + 1];
	json_t *d = json_object();
	int64_t tail = 0, first = 0, lastk = 0;
	bool none = false;
	int rc;

	memset(cur, 0, sizeof(*cur));
	bm_arena_init(&cur->arena, 0);
	bm_audit_names_init(&cur->names);
	json_object_set_new(d, "channel", json_string(ctx->channel));
	json_object_set_new(d, "format", json_string(format ? format : ""));
	if (q->actor && *q->actor)
		json_object_set_new(d, "actor", json_string(q->actor));
	if (q->action && *q->action)
		json_object_set_new(d, "action", json_string(q->action));
	if (q->kind && *q->kind)
		json_object_set_new(d, "kind", json_string(q->kind));
	if (q->from && *q->from)
		json_object_set_new(d, "from", json_string(q->from));
	if (q->to && *q->to)
		json_object_set_new(d, "to", json_string(q->to));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_auditor(ctx)) != 0 || (rc = date_bounds(ctx, q, since, before)) != 0)
		goto done;
	cur->tz_offset_minutes = ctx->policy.tz_offset_minutes;
	snprintf(cur->unit, sizeof(cur->unit), "%s",
	         ctx->unit && ctx->unit->name ? ctx->unit->name : "");
	bm_date_format(bm_svc_today_days(ctx), cur->date);
	cur->f.actor = keep(&cur->arena, q->actor);
	cur->f.action = keep(&cur->arena, q->action);
	cur->f.outcome = keep(&cur->arena, q->outcome);
	cur->f.rule = keep(&cur->arena, q->rule);
	cur->f.since = keep(&cur->arena, since);
	cur->f.before = keep(&cur->arena, before);
	if ((q->from && *q->from) || (q->to && *q->to))
		snprintf(cur->range, sizeof(cur->range), "%.10s 至 %.10s",
		         q->from && *q->from ? q->from : "", q->to && *q->to ? q->to : "");
	if ((rc = kind_filter(ctx->store, &cur->arena, q->kind, &cur->f, &none)) != 0 || none)
		goto done;
	/*
	 * The export ends at the chain's last event in this snapshot (its own
	 * event comes after), and reads only between the first and the last
	 * event the filter keeps, found on the list's indexes.
	 */
	if ((rc = BM_STORE(ctx->store, audit_tail)(ctx->store, &tail, hash, sizeof(hash), NULL,
	                                           0)) != 0 ||
	    (rc = BM_STORE(ctx->store, audit_count)(ctx->store, &cur->f, &cur->total)) != 0 ||
	    (cur->total > 0 &&
	     ((rc = first_kept(ctx->store, &cur->f, cur->total, false, &first)) != 0 ||
	      (rc = first_kept(ctx->store, &cur->f, cur->total, true, &lastk)) != 0)))
		goto done;
	if (cur->total > 0 && first > 0) {
		cur->after = first - 1;
		cur->last = lastk < tail ? lastk : tail;
	}
	json_object_set_new(d, "events", json_integer(cur->total));
done:
	return bm_svc_end(ctx, rc, "audit.list", "audit", bm_svc_json(ctx, d));
}

typedef struct word_state {
	bm_audit_list_cursor *cur;
	bm_store *store;
	bm_arena arena;
	bm_audit_word_cb cb;
	void *cls;
	int64_t rows; /* given so far */
} word_state;

static int word_cb(const bm_audit_row *r, void *cls)
{
	word_state *w = cls;
	bm_audit_words words;
	int rc = bm_audit_words_of(w->store, &w->cur->names, &w->arena, r, &words);
	if (rc == 0)
		rc = w->cb(r, &words, w->cls);
	w->cur->after = r->seq;
	w->rows++;
	return rc;
}

int bm_svc_audit_list_next(bm_store *store, bm_audit_list_cursor *cur, int64_t rows,
                           bm_audit_word_cb cb, void *cls)
{
	word_state w = {.cur = cur, .store = store, .cb = cb, .cls = cls};
	bm_error saved;
	int rc;

	if (cur->after >= cur->last)
		return 0;
	bm_arena_init(&w.arena, 0);
	if ((rc = BM_STORE(store, begin_read)(store)) != 0) {
		bm_arena_release(&w.arena);
		return rc;
	}
	rc = BM_STORE(store, audit_scan)(store, &cur->f, cur->after, cur->last, rows, word_cb, &w);
	/* Fewer than `rows` kept up to the last seq: the export is complete. */
	if (rc == 0 && (rows <= 0 || w.rows < rows))
		cur->after = cur->last;
	bm_arena_release(&w.arena);
	if (rc == 0)
		return BM_STORE(store, commit)(store);
	bm_error_save(&saved);
	BM_STORE(store, rollback)(store);
	bm_error_restore(&saved);
	return rc;
}

void bm_svc_audit_list_close(bm_audit_list_cursor *cur)
{
	bm_audit_names_release(&cur->names);
	bm_arena_release(&cur->arena);
	memset(cur, 0, sizeof(*cur));
}
