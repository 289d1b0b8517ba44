/*
 * tx.c — the frame every use case runs in, and the helpers they share.
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "audit/audit.h"
#include "policy/policy.h"
#include "policy/visibility.h"
#include "store/pipeline.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

int bm_ctx_init(bm_ctx *ctx, bm_store *store, bm_arena *arena, int64_t now, const char *channel)
{
	bm_policy_version *pv = NULL;
	int rc;

	memset(ctx, 0, sizeof(*ctx));
	ctx->store = store;
	ctx->arena = arena;
	ctx->now = now;
	ctx->channel = channel ? channel : "cli";
	bm_svc_policy_defaults(&ctx->policy);

	rc = BM_STORE(store, unit_first)(store, arena, &ctx->unit);
	if (rc == BM_ENOTFOUND) {
		ctx->unit = NULL; /* not initialised yet: only `init` works */
		bm_error_clear();
	} else if (rc) {
		return rc;
	}
	rc = BM_STORE(store, policy_current)(store, arena, &pv);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		return 0; /* no stored policy: the catalogue's defaults */
	}
	if (rc)
		return rc;
	return bm_svc_policy_of(&ctx->policy, pv); /* parsed once per version */
}

int bm_ctx_init_request(bm_ctx *ctx, bm_store *store, bm_arena *arena, int64_t now,
                        const char *channel)
{
	bool open = BM_STORE(store, begin_read)(store) == 0;
	int rc;
	if (!open)
		bm_error_clear(); /* the reads then run one by one, as in bm_ctx_init */
	rc = bm_ctx_init(ctx, store, arena, now, channel);
	ctx->preamble = open;
	if (rc)
		bm_svc_preamble_end(ctx);
	return rc;
}

void bm_svc_preamble_end(bm_ctx *ctx)
{
	bm_store *s = ctx->home ? ctx->home : ctx->store;
	bm_error saved;
	if (!ctx->preamble)
		return;
	ctx->preamble = false;
	bm_error_save(&saved);
	if (BM_STORE(s, commit)(s) != 0) /* a read snapshot: nothing to keep */
		BM_STORE(s, rollback)(s);
	bm_error_restore(&saved);
}

bool bm_ctx_has_role(const bm_ctx *ctx, bm_role role)
{
	if (!ctx->actor)
		return false;
	for (size_t i = 0; i < ctx->actor->n_roles; i++)
		if (ctx->actor->roles[i].role == role)
			return true;
	return false;
}

char *bm_svc_json(bm_ctx *ctx, json_t *obj)
{
	char *text, *copy;
	if (!obj)
		return NULL;
	text = json_dumps(obj, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(obj);
	if (!text)
		return NULL;
	copy = bm_arena_strdup(ctx->arena, text);
	free(text);
	return copy;
}

const char *bm_svc_actor_name(const bm_ctx *ctx)
{
	if (ctx->actor && ctx->actor->username)
		return ctx->actor->username;
	return "-";
}

int bm_svc_auth_refusal(bm_auth_fault fault)
{
	bm_decision d;
	if (bm_rules_auth(&d, fault))
		return 0;
	return bm_decision_error(&d);
}

int bm_svc_require_actor(bm_ctx *ctx)
{
	if (!ctx->actor)
		return bm_svc_auth_refusal(BM_AUTH_LOGIN_REQUIRED);
	if (!ctx->unit)
		return bm_error_set(BM_ENOTFOUND, "no_unit", NULL,
		                    "单位不存在（请先运行 baomi init）",
		                    "no unit (run baomi init first)");
	return 0;
}

int bm_svc_require_task(bm_ctx *ctx, bm_task task)
{
	bm_decision d;
	int rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		return rc;
	if (!bm_policy_may(&d, task, ctx->actor->roles, ctx->actor->n_roles))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_term(bm_term term, const char *text, int *value)
{
	bm_decision d;
	if (!bm_rules_term(&d, term, text, value))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_carrier_state(bm_carrier_need need, const bm_carrier *c, bool on_loan)
{
	bm_carrier_state s = {c->id, c->status, on_loan};
	bm_decision d;
	if (!bm_rules_carrier_state(&d, need, &s))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_field_rule(int rc, bm_form form, const char *field)
{
	const char *rule = bm_policy_field_rule(form, field);
	if (rc && rule) {
		bm_error e;
		bm_error_save(&e);
		snprintf(e.rule, sizeof(e.rule), "%s", rule);
		bm_error_restore(&e);
	}
	return rc;
}

const char *bm_svc_now_iso(bm_ctx *ctx)
{
	char buf[BM_ISO_TIME_LEN];
	bm_time_format(ctx->now, buf);
	return bm_arena_strdup(ctx->arena, buf);
}

const char *bm_svc_today(bm_ctx *ctx)
{
	char buf[BM_DATE_LEN];
	bm_date_format(bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes), buf);
	return bm_arena_strdup(ctx->arena, buf);
}

int bm_svc_history(bm_ctx *ctx, int64_t carrier_id, const char *action, const char *detail)
{
	bm_carrier_event e = {
	        .carrier_id = carrier_id,
	        .at = bm_svc_now_iso(ctx),
	        .actor_id = ctx->actor ? ctx->actor->id : 0,
	        .action = action,
	        .detail = detail ? detail : "{}",
	};
	if (!e.at)
		return bm_error_nomem();
	return BM_STORE(ctx->store, carrier_event_insert)(ctx->store, &e);
}

int bm_svc_check_text(const char *value, const char *field_zh, const char *field_en,
                      size_t max_chars, bool required)
{
	char zh[256], en[256];
	const char *code = NULL;

	if (!value || !*value || (bm_utf8_valid(value, strlen(value)) && bm_utf8_blank(value))) {
		if (!required)
			return 0;
		code = "required";
		snprintf(zh, sizeof(zh), "%s不能为空", field_zh);
		snprintf(en, sizeof(en), "'%s' is required", field_en);
	} else if (!bm_utf8_valid(value, strlen(value))) {
		code = "invalid_utf8";
		snprintf(zh, sizeof(zh), "%s不是有效的 UTF-8 文本", field_zh);
		snprintf(en, sizeof(en), "'%s' is not valid UTF-8", field_en);
	} else if (bm_utf8_length(value) > max_chars) {
		code = "too_long";
		snprintf(zh, sizeof(zh), "%s超过 %zu 个字符", field_zh, max_chars);
		snprintf(en, sizeof(en), "'%s' is longer than %zu characters", field_en, max_chars);
	}
	return code ? bm_error_set_msg(BM_EINVALID, code, NULL, zh, en) : 0;
}

int bm_svc_parse_int(const char *text, long min, long max, const char *field_zh,
                     const char *field_en, long *out)
{
	char *end, zh[256], en[256];
	long v;
	errno = 0;
	if (!text || !*text)
		goto bad;
	v = strtol(text, &end, 10);
	if (errno || *end != '\0')
		goto bad;
	if (v < min || v > max) {
		snprintf(zh, sizeof(zh), "%s应在 %ld 到 %ld 之间", field_zh, min, max);
		snprintf(en, sizeof(en), "'%s' must be between %ld and %ld", field_en, min, max);
		return bm_error_set_msg(BM_EINVALID, "out_of_range", NULL, zh, en);
	}
	*out = v;
	return 0;
bad:
	snprintf(zh, sizeof(zh), "%s不是整数：'%.64s'", field_zh, text ? text : "");
	snprintf(en, sizeof(en), "'%s' is not a whole number: '%.64s'", field_en, text ? text : "");
	return bm_error_set_msg(BM_EINVALID, "not_a_number", NULL, zh, en);
}

bm_level bm_svc_clearance(const bm_person *p)
{
	/* PERSON-2: without a signed commitment a person has no clearance. */
	if (!p || p->status != BM_PERSON_ACTIVE)
		return BM_LEVEL_PUBLIC;
	if (!p->commitment_signed_on && p->person_class != BM_CLASS_NONE)
		return BM_LEVEL_INTERNAL;
	return bm_class_max_level(p->person_class);
}

/*
 * The write path (store/pipeline.h): a use case that writes takes the
 * pipeline's writer, and ctx->store is the writer until it leaves; the
 * handle it came with waits in ctx->home. Leaving returns once the batch
 * holding the use case is committed.
 */
static int take_writer(bm_ctx *ctx)
{
	bm_store *w;
	int rc;
	if (ctx->home)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	bm_svc_preamble_end(ctx);
	if ((rc = bm_pipeline_enter(bm_store_pipeline(ctx->store), &w)) != 0)
		return rc;
	ctx->home = ctx->store;
	ctx->store = w;
	return 0;
}

static int leave_writer(bm_ctx *ctx)
{
	bm_pipeline *p = bm_store_pipeline(ctx->home);
	ctx->store = ctx->home;
	ctx->home = NULL;
	return bm_pipeline_leave(p);
}

/* Undoes the use case's writes (its savepoint); false when its batch is lost. */
static bool undo_writes(bm_ctx *ctx)
{
	bm_error saved;
	bool ok;
	bm_error_save(&saved);
	ok = bm_pipeline_undo(bm_store_pipeline(ctx->home)) == 0;
	bm_error_restore(&saved);
	return ok;
}

static int end_snapshot(bm_ctx *ctx);

int bm_svc_begin(bm_ctx *ctx)
{
	ctx->reading = false;
	return take_writer(ctx);
}

int bm_svc_begin_read(bm_ctx *ctx)
{
	int rc;
	if (ctx->home || ctx->reading)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	bm_svc_preamble_end(ctx);
	rc = BM_STORE(ctx->store, begin_read)(ctx->store);
	ctx->reading = rc == 0;
	return rc;
}

int bm_svc_read_end(bm_ctx *ctx)
{
	return ctx->reading ? end_snapshot(ctx) : 0;
}

int bm_svc_write_begin(bm_ctx *ctx)
{
	return take_writer(ctx);
}

int bm_svc_write_end(bm_ctx *ctx, int rc)
{
	int lrc;
	if (rc)
		undo_writes(ctx);
	lrc = leave_writer(ctx);
	return rc ? rc : lrc;
}

static const char *outcome_of(int rc)
{
	switch (rc) {
	case BM_EDENIED:
	case BM_EINVALID:
	case BM_ECONFLICT:
	case BM_ENOTFOUND:
	case BM_ETOOLARGE:
	case BM_ELOCKED: return "refused";
	default: return "failed";
	}
}

/* Ends a read snapshot (nothing in it to keep). */
static int end_snapshot(bm_ctx *ctx)
{
	bm_store *s = ctx->store;
	bm_error saved;
	int rc;
	ctx->reading = false;
	if ((rc = BM_STORE(s, commit)(s)) == 0)
		return 0;
	bm_error_save(&saved);
	BM_STORE(s, rollback)(s);
	bm_error_restore(&saved);
	return rc;
}

/*
 * Issue 9: claims ctx->idem for the use case in progress, inside its
 * savepoint, so a retry can never run it again, even after a crash.
 * BM_ECONFLICT ("idempotency_key_in_use") when a concurrent request with
 * the key committed first: the use case is then undone and refused. Rows
 * older than BM_IDEM_KEEP_S go as it passes.
 */
static int idem_claim(bm_ctx *ctx, const char *object)
{
	char before[BM_ISO_TIME_LEN];
	const char *now = bm_svc_now_iso(ctx);
	bm_idem_row r;

	if (!ctx->actor)
		return 0;
	if (!now)
		return bm_error_nomem();
	r = (bm_idem_row){.person_id = ctx->actor->id,
	                  .key = ctx->idem->key,
	                  .method = ctx->idem->method,
	                  .path = ctx->idem->path,
	                  .body_digest = ctx->idem->body_digest,
	                  .object = object,
	                  .created_at = now};
	bm_time_format(ctx->now - BM_IDEM_KEEP_S, before);
	return BM_STORE(ctx->store, idempotency_claim)(ctx->store, &r, before);
}

/* A job for the pipeline (bm_pipeline_run): appends the event `arg` to the chain. */
static int append_job(bm_store *writer, void *arg)
{
	return bm_audit_append(writer, arg, NULL);
}

/*
 * Appends an event alone, as a use case of its own (a read's, or a refusal
 * made before anything was written): queued for whoever holds the writer,
 * so a batch gathers many without handing the writer from thread to thread.
 * Returns once it is committed and on disk.
 */
static int append_alone(bm_ctx *ctx, const bm_audit_event *ev)
{
	return bm_pipeline_run(bm_store_pipeline(ctx->store), append_job, (void *)ev);
}

/*
 * Appends the use case's "ok" event and leaves the writer: inside its own
 * savepoint, or after a read snapshot (which has nothing to keep) as a job
 * of its own. Returns once it is committed. On failure the writer may
 * still be held (ctx->home set).
 */
static int finish_ok(bm_ctx *ctx, const bm_audit_event *ev)
{
	int rc;
	if (ctx->reading) {
		if ((rc = end_snapshot(ctx)) != 0)
			return rc;
		if (!ctx->idem)
			return append_alone(ctx, ev);
		if ((rc = take_writer(ctx)) != 0)
			return rc;
	}
	/* Issue 9: the key's claim commits with the use case's writes, or not at all. */
	if (ctx->idem && !ctx->idem_claimed && (rc = idem_claim(ctx, ev->object)) != 0)
		return rc;
	if ((rc = bm_audit_append(ctx->store, ev, NULL)) != 0)
		return rc;
	if ((rc = leave_writer(ctx)) == 0 && ctx->idem)
		ctx->idem_claimed = true;
	return rc;
}

/*
 * Records a refusal or failure (SYS-3): inside the use case's own savepoint,
 * emptied first, when it still holds the writer; else as a job of its own
 * (append_alone). Waits for the commit like any event. Errors are not reported: the
 * use case's own error is what the caller answers.
 */
static void record_refusal(bm_ctx *ctx, const bm_audit_event *ev)
{
	if (ctx->home) {
		if (!undo_writes(ctx)) {
			leave_writer(ctx); /* the batch is lost: it fails as a whole */
			return;
		}
	} else {
		append_alone(ctx, ev);
		return;
	}
	if (bm_audit_append(ctx->store, ev, NULL) != 0)
		undo_writes(ctx);
	leave_writer(ctx);
}

/*
 * What a refusal records of the client's own text. A refused request is
 * written down (SYS-3) but may come from anybody, so its text is cut: the
 * attempted name and the object to REFUSAL_NAME_MAX characters, each string
 * of the request to REFUSAL_TEXT_MAX, the whole request to REFUSAL_DETAIL_MAX
 * bytes of JSON. What was cut ends in "…" and is named in the detail's
 * "truncated" list, so nobody mistakes a cut value for what was sent.
 */
enum { REFUSAL_NAME_MAX = 64, REFUSAL_TEXT_MAX = 256, REFUSAL_DETAIL_MAX = 16 * 1024 };

/* `s` cut to `max` characters plus "…" (arena memory), or `s` itself when shorter. */
static const char *clip(bm_ctx *ctx, const char *s, size_t max, bool *cut)
{
	size_t i = 0;
	*cut = false;
	for (size_t chars = 0; s[i] && chars < max; chars++) {
		i++;
		while ((s[i] & 0xC0) == 0x80) /* the rest of a UTF-8 sequence */
			i++;
	}
	if (!s[i])
		return s;
	*cut = true;
	return bm_arena_printf(ctx->arena, "%.*s…", (int)i, s);
}

/* Cuts every string inside `v` (in place); names what it cut, by path, in `cuts`. */
static void clip_json(bm_ctx *ctx, json_t *v, const char *path, json_t *cuts)
{
	const char *key;
	json_t *child;
	size_t i;
	bool cut;

	if (json_is_object(v)) {
		json_object_foreach(v, key, child)
		{
			const char *sub = bm_arena_printf(ctx->arena, "%s.%s", path,
			                                  clip(ctx, key, REFUSAL_NAME_MAX, &cut));
			if (!sub)
				continue;
			if (json_is_string(child)) {
				const char *text =
				        clip(ctx, json_string_value(child), REFUSAL_TEXT_MAX, &cut);
				if (cut && text) {
					json_object_set_new(v, key, json_string(text));
					json_array_append_new(cuts, json_string(sub));
				}
			} else {
				clip_json(ctx, child, sub, cuts);
			}
		}
	} else if (json_is_array(v)) {
		const char *sub = bm_arena_printf(ctx->arena, "%s[]", path);
		bool any = false;
		json_array_foreach(v, i, child)
		{
			if (json_is_string(child)) {
				const char *text =
				        clip(ctx, json_string_value(child), REFUSAL_TEXT_MAX, &cut);
				if (cut && text) {
					json_array_set_new(v, i, json_string(text));
					any = true;
				}
			} else if (sub) {
				clip_json(ctx, child, sub, cuts);
			}
		}
		if (any && sub)
			json_array_append_new(cuts, json_string(sub));
	}
}

/* The detail of a refusal: the code, the reason, the request, all bounded. */
static const char *refusal_detail(bm_ctx *ctx, const bm_error *e, const char *detail,
                                  bm_audit_event *ev)
{
	json_t *d = json_object(), *cuts = json_array();
	const char *text;
	bool cut;

	json_object_set_new(d, "code", json_string(e->code));
	json_object_set_new(d, "reason", json_string(e->message_en));
	/* The zh reason too, so the audit viewer reads Chinese on zh screens (new
	   key only: an older event's detail stays as it was, the chain unchanged). */
	if (e->message[0])
		json_object_set_new(d, "reason_zh", json_string(e->message));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	ev->actor = clip(ctx, ev->actor, REFUSAL_NAME_MAX, &cut);
	if (cut)
		json_array_append_new(cuts, json_string("actor"));
	ev->object = clip(ctx, ev->object, REFUSAL_NAME_MAX, &cut);
	if (cut)
		json_array_append_new(cuts, json_string("object"));
	if (!ev->actor || !ev->object) {
		ev->actor = "-";
		ev->object = "";
	}
	if (detail) {
		json_t *orig = json_loads(detail, 0, NULL);
		if (orig) {
			clip_json(ctx, orig, "request", cuts);
			if (strlen(detail) > REFUSAL_DETAIL_MAX) {
				char *small = json_dumps(orig, JSON_COMPACT);
				if (!small || strlen(small) > REFUSAL_DETAIL_MAX) {
					json_decref(orig);
					orig = json_object(); /* still too much: only the fact */
					json_array_append_new(cuts, json_string("request"));
				}
				free(small);
			}
			json_object_set_new(d, "request", orig);
		}
	}
	if (json_array_size(cuts))
		json_object_set_new(d, "truncated", cuts);
	else
		json_decref(cuts);
	text = bm_svc_json(ctx, d);
	return text ? text : "{}";
}

int bm_svc_end(bm_ctx *ctx, int rc, const char *action, const char *object, const char *detail)
{
	bm_audit_event ev = {
	        .at = ctx->now,
	        .actor = bm_svc_actor_name(ctx),
	        .action = action,
	        .object = object ? object : "",
	        .outcome = "ok",
	        .rule = "",
	        .detail = detail ? detail : "{}",
	};
	bm_error saved;

	if (rc == 0 && (rc = finish_ok(ctx, &ev)) == 0)
		return 0;
	bm_error_save(&saved);
	if (ctx->reading)
		end_snapshot(ctx);

	/* The refusal is recorded too (SYS-3), carrying the rule that refused. */
	ev.detail = refusal_detail(ctx, &saved, detail, &ev);
	ev.outcome = outcome_of(rc);
	ev.rule = saved.rule;
	record_refusal(ctx, &ev);
	bm_error_restore(&saved);
	return rc;
}

/* Length of the separator at `s`, or 0 when none starts there. */
static size_t separator_at(const char *s)
{
	if (*s == ',' || *s == ';')
		return 1;
	if (strncmp(s, "，", 3) == 0 || strncmp(s, "；", 3) == 0)
		return 3;
	return 0;
}

/* Trims ASCII spaces and U+3000 at both ends, in place. */
static char *trim(char *s)
{
	size_t len;
	for (;;) {
		if (*s == ' ' || *s == '\t')
			s++;
		else if (strncmp(s, "　", 3) == 0)
			s += 3;
		else
			break;
	}
	len = strlen(s);
	for (;;) {
		if (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
			len--;
		else if (len >= 3 && strncmp(s + len - 3, "　", 3) == 0)
			len -= 3;
		else
			break;
	}
	s[len] = '\0';
	return s;
}

int bm_svc_split_list(bm_ctx *ctx, const char *text, char ***items, size_t *count)
{
	size_t cap = 1, n = 0;
	const char *p;
	char *copy, *start, *w;
	char **out;

	if (!text)
		text = "";
	for (p = text; *p; p++)
		if (separator_at(p))
			cap++;
	copy = bm_arena_strdup(ctx->arena, text);
	out = bm_arena_alloc(ctx->arena, cap * sizeof(*out));
	if (!copy || !out)
		return bm_error_nomem();
	start = w = copy;
	for (;;) {
		size_t sep = *w ? separator_at(w) : 1;
		if (sep) {
			bool end = *w == '\0';
			char *item;
			*w = '\0';
			item = trim(start);
			if (*item)
				out[n++] = item;
			if (end)
				break;
			w += sep;
			start = w;
		} else {
			w++;
		}
	}
	*items = out;
	*count = n;
	return 0;
}
