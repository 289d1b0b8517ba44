/*
 * letter.c — personal letters (领导亲启): REG-3. See service/letter.h.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/letter.h"
#include "policy/cases.h"
#include "service/ledger_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_SENDER = 100,
	MAX_NOTE = 1000,
};

static const struct {
	const char *code, *zh, *en;
} statuses[] = {
        {"sealed", "未拆封", "sealed"},
        {"to_register", "待登记", "to be registered"},
        {"registered", "已登记", "registered"},
        {"closed", "已拆封（无涉密内容）", "opened, nothing classified"},
};

static bool given(const char *s)
{
	return s && *s;
}

static const char *letter_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "letter:%lld", (long long)id) : "";
}

static bool is_clerk(const bm_ctx *ctx)
{
	return bm_ctx_has_role(ctx, BM_ROLE_CLERK);
}

static int unknown_letter(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_letter", NULL, "信件 %lld 不存在",
	                    "letter %lld does not exist", (long long)id);
}

/* The highest level among the letter's registered contents, into l->contents_level. */
static int contents_level(bm_ctx *ctx, bm_letter_row *l)
{
	int best = -1;
	for (size_t i = 0; i < l->n_carriers; i++) {
		bm_carrier *c = NULL;
		int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena,
		                                           l->carrier_ids[i], &c);
		if (rc == BM_ENOTFOUND) {
			bm_error_clear();
			continue;
		}
		if (rc)
			return rc;
		if ((int)c->level > best && (int)c->level < BM_LEVEL_COUNT)
			best = (int)c->level;
	}
	l->contents_level = best >= 0 ? bm_level_names[best].code : NULL;
	return 0;
}

/* A letter the actor may see: the clerk every one of the unit, the addressee their own. */
static int load_visible(bm_ctx *ctx, int64_t id, bm_letter_row **out)
{
	bm_letter_row *l = NULL;
	int rc = BM_STORE(ctx->store, letter_get)(ctx->store, ctx->arena, id, &l);
	if (rc == BM_ENOTFOUND)
		return unknown_letter(id);
	if (rc)
		return rc;
	if (l->unit_id != ctx->unit->id || (!is_clerk(ctx) && l->addressee_id != ctx->actor->id))
		return unknown_letter(id);
	if ((rc = contents_level(ctx, l)) != 0)
		return rc;
	*out = l;
	return 0;
}

/* REG-2: the day the letter arrived (today when not given), never in the future. */
static int received_day(char out[BM_DATE_LEN], const bm_ctx *ctx, const bm_letter_input *in)
{
	int32_t today = bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes);
	int32_t received = today;
	bm_decision d;
	if (given(in->received_on) && !bm_date_parse(in->received_on, &received))
		return bm_error_set(
		        BM_EINVALID, "invalid_date", NULL, "收到日期不是有效日期：'%.32s'",
		        "'date received' is not a valid date: '%.32s'", in->received_on);
	if (!bm_rules_registration(&d, &ctx->policy, received, today))
		return bm_decision_error(&d);
	bm_date_format(received, out);
	return 0;
}

static bm_letter_facts letter_facts(const bm_letter_row *l)
{
	bm_letter_facts f = {l->id, l->addressee_id, l->addressee_name, l->status, l->opened_at};
	return f;
}

int bm_svc_letter_log(bm_ctx *ctx, const bm_letter_input *in, bm_letter_row **out)
{
	bm_letter_row *l = NULL;
	bm_person *addressee;
	json_t *d = json_object();
	bm_decision dec;
	char day[BM_DATE_LEN];
	int rc;

	/* REG-3: the clerk logs the envelope; nobody opens it at the desk. The input is checked
	 * before the transaction; a refusal is audited all the same (bm_svc_end). */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_LETTER)) != 0 ||
	    (rc = bm_svc_check_text(in->sender, "来信单位或个人", "sender", MAX_SENDER, true)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", MAX_NOTE, false)) != 0)
		goto done;
	if (!given(in->addressee) && !bm_rules_letter_addressee(&dec, NULL)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = received_day(day, ctx, in)) != 0 || (rc = bm_svc_begin(ctx)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, in->addressee, &addressee)) != 0)
		goto done;
	{
		bm_addressee_facts who = {addressee->name, addressee->status == BM_PERSON_ACTIVE,
		                          addressee->username != NULL};
		if (!bm_rules_letter_addressee(&dec, &who)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	if (!(l = bm_arena_alloc(ctx->arena, sizeof(*l)))) {
		rc = bm_error_nomem();
		goto done;
	}
	l->unit_id = ctx->unit->id;
	l->sender = in->sender;
	l->received_on = bm_arena_strdup(ctx->arena, day);
	l->addressee_id = addressee->id;
	l->addressee_name = addressee->name;
	l->note = given(in->note) ? in->note : NULL;
	l->logged_by = ctx->actor->id;
	l->logged_by_name = ctx->actor->name;
	l->logged_at = bm_svc_now_iso(ctx);
	l->status = "sealed";
	if ((rc = BM_STORE(ctx->store, letter_insert)(ctx->store, l)) != 0)
		goto done;
	json_object_set_new(d, "sender", json_string(l->sender));
	json_object_set_new(d, "received_on", json_string(l->received_on));
	json_object_set_new(d, "addressee_id", json_integer(l->addressee_id));
	*out = l;
done:
	return bm_svc_end(ctx, rc, "letter.log", letter_object(ctx, l ? l->id : 0),
	                  bm_svc_json(ctx, d));
}

int bm_svc_letter_open(bm_ctx *ctx, int64_t id, bool classified, const char *note,
                       bm_letter_row **out)
{
	bm_letter_row *l = NULL;
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, "classified", json_boolean(classified));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_NOTE, false)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, letter_get)(ctx->store, ctx->arena, id, &l);
	if (rc == 0 && l->unit_id != ctx->unit->id)
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND)
		rc = unknown_letter(id);
	if (rc)
		goto done;
	/* REG-3: a personal letter is opened only by its addressee, once. */
	{
		bm_letter_facts f = letter_facts(l);
		bm_decision dec;
		if (!bm_rules_letter_open(&dec, &f, ctx->actor->id)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	l->opened_at = bm_svc_now_iso(ctx);
	l->classified = classified;
	l->open_note = given(note) ? note : NULL;
	/* REG-3: classified contents go back to the clerk for registration. */
	l->status = classified ? "to_register" : "closed";
	if ((rc = BM_STORE(ctx->store, letter_update)(ctx->store, l)) != 0)
		goto done;
	json_object_set_new(d, "status", json_string(l->status));
	*out = l;
done:
	return bm_svc_end(ctx, rc, "letter.open", letter_object(ctx, id), bm_svc_json(ctx, d));
}

int bm_svc_letter_show(bm_ctx *ctx, int64_t id, bm_letter_row **out)
{
	bm_letter_row *l = NULL;
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0 || (rc = load_visible(ctx, id, &l)) != 0)
		goto done;
	*out = l;
done:
	return bm_svc_end(ctx, rc, "letter.show", letter_object(ctx, id), NULL);
}

int bm_svc_letter_list(bm_ctx *ctx, const char *status, bm_letter_row **out, size_t *count)
{
	json_t *d = json_object();
	bool known = !given(status);
	int rc;

	if (given(status))
		json_object_set_new(d, "status", json_string(status));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	for (size_t i = 0; i < BM_ARRAY_LEN(statuses) && !known; i++)
		known = strcmp(status, statuses[i].code) == 0;
	if (!known) {
		rc = bm_error_set(
		        BM_EINVALID, "invalid_status", NULL,
		        "未知信件状态 '%s'（sealed/to_register/registered/closed）",
		        "unknown letter status '%s' (sealed, to_register, registered, closed)",
		        status);
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, letter_list)(
	             ctx->store, ctx->arena, ctx->unit->id, is_clerk(ctx) ? 0 : ctx->actor->id,
	             given(status) ? status : NULL, out, count)) != 0)
		goto done;
	for (size_t i = 0; i < *count && rc == 0; i++)
		rc = contents_level(ctx, &(*out)[i]);
	if (rc)
		goto done;
	json_object_set_new(d, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, "letter.list", "", bm_svc_json(ctx, d));
}

int bm_letter_for_contents(bm_ctx *ctx, const char *ref, bm_letter_row **out)
{
	bm_letter_row *l = NULL;
	bm_letter_facts f;
	bm_decision d;
	int64_t id = 0;
	int rc;
	if (!bm_rules_letter_ref(&d, ref, &id))
		return bm_decision_error(&d);
	if ((rc = load_visible(ctx, id, &l)) != 0)
		return rc;
	/* REG-3: only what the addressee opened and handed back is registered. */
	f = letter_facts(l);
	if (!bm_rules_letter_contents(&d, &f))
		return bm_decision_error(&d);
	*out = l;
	return 0;
}

int bm_letter_link(bm_ctx *ctx, bm_letter_row *l, int64_t carrier_id)
{
	int rc;
	if ((rc = BM_STORE(ctx->store, letter_link)(ctx->store, l->id, carrier_id)) != 0)
		return rc;
	if (strcmp(l->status, "registered") == 0)
		return 0;
	l->status = "registered";
	l->registered_at = bm_svc_now_iso(ctx);
	return BM_STORE(ctx->store, letter_update)(ctx->store, l);
}

json_t *bm_letter_to_json(const bm_letter_row *l)
{
	json_t *o = json_object(), *ids = json_array();
	const char *zh = l->status, *en = l->status;
	for (size_t i = 0; i < BM_ARRAY_LEN(statuses); i++)
		if (strcmp(l->status, statuses[i].code) == 0) {
			zh = statuses[i].zh;
			en = statuses[i].en;
		}
#define S(key, v) json_object_set_new(o, key, (v) ? json_string(v) : json_null())
	json_object_set_new(o, "id", json_integer(l->id));
	S("sender", l->sender);
	S("received_on", l->received_on);
	json_object_set_new(o, "addressee_id", json_integer(l->addressee_id));
	S("addressee_name", l->addressee_name);
	S("note", l->note);
	json_object_set_new(o, "logged_by", json_integer(l->logged_by));
	S("logged_by_name", l->logged_by_name);
	S("logged_at", l->logged_at);
	S("status", l->status);
	S("status_name", zh);
	S("status_name_en", en);
	S("opened_at", l->opened_at);
	json_object_set_new(o, "classified",
	                    l->opened_at ? json_boolean(l->classified) : json_null());
	S("open_note", l->open_note);
	S("registered_at", l->registered_at);
	/*
	 * The register's 密级 column (issue 15 point 2): the contents' highest level
	 * once registered; before that what the envelope tells — 未拆封, 待登记, or 非密
	 * when the addressee found nothing classified.
	 */
	S("contents_level", l->contents_level);
	{
		int lv = l->contents_level ? bm_level_parse(l->contents_level) : -1;
		const char *level_zh = lv >= 0                            ? bm_level_names[lv].zh
		                       : strcmp(l->status, "sealed") == 0 ? "未拆封"
		                       : strcmp(l->status, "closed") == 0 ? bm_level_names[0].zh
		                       : strcmp(l->status, "to_register") == 0 ? "待登记"
		                                                               : NULL;
		S("level_zh", level_zh);
	}
#undef S
	for (size_t i = 0; i < l->n_carriers; i++)
		json_array_append_new(ids, json_integer(l->carrier_ids[i]));
	json_object_set_new(o, "carrier_ids", ids);
	return o;
}
