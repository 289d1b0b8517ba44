/*
 * carrier.c — the ledger (台账): registering incoming and made carriers,
 * moving them between storage places, reading them.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/letter.h"
#include "policy/keep.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* Field limits, in characters. */
enum {
	MAX_TITLE = 200,
	MAX_DOC_NUMBER = 64,
	MAX_AUTHORITY = 100,
	MAX_NOTE = 1000,
	MAX_EVENT = 200,
};

static int invalid_date(const char *field_zh, const char *field_en, const char *text)
{
	char zh[256], en[256];
	snprintf(zh, sizeof(zh), "%s不是有效日期：'%.32s'（格式 YYYY-MM-DD）", field_zh, text);
	snprintf(en, sizeof(en), "'%s' is not a valid date: '%.32s' (YYYY-MM-DD)", field_en, text);
	return bm_error_set_msg(BM_EINVALID, "invalid_date", NULL, zh, en);
}

static bool given(const char *s)
{
	return s && *s;
}

/*
 * LEVEL-2, LEVEL-3, LEVEL-8: works out the secrecy period from the input
 * (bm_rules_period_from_text, then the limits of bm_rules_period) and
 * writes it into `c`. Needs no database.
 */
int bm_carrier_resolve_period(bm_carrier *c, bm_ctx *ctx, const bm_carrier_input *in,
                              int32_t start_day)
{
	bm_period period;
	bm_decision d;
	char start[BM_DATE_LEN];
	int rc;

	if (bm_level_is_classified(c->level) && given(in->period_event) &&
	    (rc = bm_svc_check_text(in->period_event, "解密条件", "declassification condition",
	                            MAX_EVENT, true)) != 0)
		return rc;
	if (!bm_rules_period_from_text(&d, c->level, in->period, in->period_event, in->review_date,
	                               &period) ||
	    !bm_rules_period(&d, &ctx->policy, c->level, start_day, &period))
		return bm_decision_error(&d);
	c->period_kind = period.kind;
	if (period.kind == BM_PERIOD_NONE)
		return 0;
	bm_date_format(start_day, start);
	if (!(c->period_start = bm_arena_strdup(ctx->arena, start)))
		return bm_error_nomem();
	switch (period.kind) {
	case BM_PERIOD_YEARS: c->period_years = period.years; break;
	case BM_PERIOD_UNTIL: c->period_until = in->period; break;
	case BM_PERIOD_EVENT:
		c->period_event = in->period_event;
		c->review_date = in->review_date;
		break;
	default: break;
	}
	return 0;
}

/*
 * LEVEL-2: the knowledge scope, a comma list of people and departments
 * ("dept:办公室", "person:zhangsan" or a bare name tried as username,
 * department, then person name).
 */
static int resolve_scope(bm_ctx *ctx, const char *text, bm_carrier *c)
{
	bm_decision dec;
	char **items;
	size_t n_items;
	int rc;
	if (!given(text))
		return 0;
	if (!bm_rules_scope_entries(&dec, BM_SCOPE_CARRIER, bm_utf8_valid(text, strlen(text)),
	                            NULL))
		return bm_decision_error(&dec);
	if ((rc = bm_svc_split_list(ctx, text, &items, &n_items)) != 0)
		return rc;
	c->scope = bm_arena_alloc(ctx->arena, (n_items ? n_items : 1) * sizeof(*c->scope));
	if (!c->scope)
		return bm_error_nomem();
	for (size_t k = 0; k < n_items; k++) {
		const char *item = items[k];
		bm_scope_entry e = {0};
		bm_person *p;
		bm_department *d;
		bool dup = false;
		if (strncmp(item, "dept:", 5) == 0) {
			if (bm_svc_department_resolve(ctx, item + 5, &d) != 0)
				goto unknown;
			e.department_id = d->id;
		} else if (strncmp(item, "person:", 7) == 0) {
			if (bm_svc_person_resolve(ctx, item + 7, &p) != 0)
				goto unknown;
			e.person_id = p->id;
		} else if (BM_STORE(ctx->store, person_find)(ctx->store, ctx->arena, item, &p) ==
		                   0 &&
		           p->username && strcmp(p->username, item) == 0) {
			e.person_id = p->id;
		} else if (bm_svc_department_resolve(ctx, item, &d) == 0) {
			e.department_id = d->id;
		} else if (bm_svc_person_resolve(ctx, item, &p) == 0) {
			e.person_id = p->id;
		} else {
			goto unknown;
		}
		/* PERSON-1/2/3/7: nobody is named who may not see the level. */
		if (e.person_id && (rc = bm_svc_check_named(ctx, p, c->level, false)) != 0)
			return rc;
		for (size_t i = 0; i < c->n_scope; i++)
			if (c->scope[i].person_id == e.person_id &&
			    c->scope[i].department_id == e.department_id)
				dup = true;
		if (!dup)
			c->scope[c->n_scope++] = e;
		continue;
	unknown:
		bm_rules_scope_entries(&dec, BM_SCOPE_CARRIER, true, item);
		return bm_decision_error(&dec);
	}
	bm_error_clear();
	return 0;
}

int bm_carrier_scope_check(bm_ctx *ctx, const char *scope, bm_level level)
{
	bm_carrier c;
	memset(&c, 0, sizeof(c));
	c.level = level;
	return resolve_scope(ctx, scope, &c);
}

/* KEEP-1, REG-4: the place is in use and may hold the level (bm_rules_store_place). */
static int check_place(const bm_ctx *ctx, const bm_place *place, bm_level level)
{
	bm_place_facts facts = {place->name, place->kind, place->max_level};
	bm_decision d;
	int rc;
	/* KEEP-1: a retired place takes no carrier (issue 14 point 14). */
	if ((rc = bm_svc_place_open(place)) != 0)
		return rc;
	if (!bm_rules_store_place(&d, &ctx->policy, level, &facts))
		return bm_decision_error(&d);
	return 0;
}

/*
 * KEEP-1, PERSON-1: the custodian is an active person whose class reaches
 * the level; PERSON-2/3/7 then as for anybody named (bm_svc_check_named).
 */
static int check_custodian(bm_ctx *ctx, const bm_person *p, bm_level level)
{
	bm_keeper_facts facts = {p->name, p->status == BM_PERSON_ACTIVE,
	                         bm_class_max_level(p->person_class)};
	bm_decision d;
	if (!bm_rules_custodian(&d, &facts, level))
		return bm_decision_error(&d);
	return bm_svc_check_named(ctx, p, level, true);
}

/* The free texts of a carrier: each checked for length and UTF-8. */
static int carrier_texts(bm_carrier *c, const bm_carrier_input *in, bool made)
{
	int rc;
	if ((rc = bm_svc_check_text(in->title, "标题", "title", MAX_TITLE, true)) != 0 ||
	    (rc = bm_svc_check_text(in->doc_number, "文号", "document number", MAX_DOC_NUMBER,
	                            made)) != 0 ||
	    (rc = bm_svc_check_text(in->producer, "制发机关", "producing authority", MAX_AUTHORITY,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->sender, "来文机关", "sending authority", MAX_AUTHORITY,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", MAX_NOTE, false)) != 0)
		return rc;
	c->title = in->title;
	c->doc_number = given(in->doc_number) ? in->doc_number : NULL;
	c->producer = given(in->producer) ? in->producer : NULL;
	c->sender = given(in->sender) ? in->sender : NULL;
	c->note = given(in->note) ? in->note : NULL;
	return 0;
}

/* The vocabulary fields: kind (REG-1), level (LEVEL-1/2), urgency (REG-5). */
static int carrier_terms(bm_carrier *c, const bm_carrier_input *in)
{
	int v, rc;
	if ((rc = bm_svc_term(BM_TERM_KIND, given(in->kind) ? in->kind : NULL, &v)) != 0)
		return rc;
	c->kind = (bm_kind)v;
	if ((rc = bm_svc_term(BM_TERM_CARRIER_LEVEL, in->level, &v)) != 0)
		return rc;
	c->level = c->original_level = (bm_level)v;
	if ((rc = bm_svc_term(BM_TERM_URGENCY, given(in->urgency) ? in->urgency : NULL, &v)) != 0)
		return rc;
	c->urgency = (bm_urgency)v;
	return 0;
}

/* Pages, copies and the serial copy number (the last two only for incoming items). */
static int carrier_numbers(bm_carrier *c, const bm_carrier_input *in, bool made)
{
	long n;
	int rc;
	if (given(in->pages)) {
		if ((rc = bm_svc_parse_int(in->pages, 0, 100000, "页数", "pages", &n)) != 0)
			return rc;
		c->pages = (int)n;
	}
	if (made)
		return 0;
	if (given(in->copies)) {
		if ((rc = bm_svc_parse_int(in->copies, 1, 10000, "份数", "copies", &n)) != 0)
			return rc;
		c->copies = (int)n;
	}
	if (given(in->serial_number)) {
		if ((rc = bm_svc_parse_int(in->serial_number, 1, 999999, "份号",
		                           "serial copy number", &n)) != 0)
			return rc;
		c->serial_number = (int)n;
	}
	return 0;
}

/* REG-2: the date an incoming item arrived (today when not given), never in the future. */
static int carrier_received(bm_carrier *c, bm_ctx *ctx, const bm_carrier_input *in, int32_t today,
                            int32_t *received)
{
	char buf[BM_DATE_LEN];
	bm_decision d;
	*received = today;
	if (given(in->received_on) && !bm_date_parse(in->received_on, received))
		return invalid_date("收到日期", "date received", in->received_on);
	if (!bm_rules_registration(&d, &ctx->policy, *received, today))
		return bm_decision_error(&d);
	bm_date_format(*received, buf);
	if (!(c->received_on = bm_arena_strdup(ctx->arena, buf)))
		return bm_error_nomem();
	return 0;
}

int bm_carrier_check(bm_carrier *out, bm_ctx *ctx, const bm_carrier_input *in, bool made)
{
	int rc;
	int32_t today = bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes);
	int32_t start = today;

	memset(out, 0, sizeof(*out));
	out->unit_id = ctx->unit->id;
	out->origin = made ? BM_ORIGIN_MADE : BM_ORIGIN_INCOMING;
	out->status = BM_STATUS_IN_STORE;
	out->copies = 1;
	out->registered_by = ctx->actor->id;
	out->registered_at = bm_svc_now_iso(ctx);
	out->updated_at = out->registered_at;
	if ((rc = carrier_texts(out, in, made)) != 0 || (rc = carrier_terms(out, in)) != 0 ||
	    (rc = carrier_numbers(out, in, made)) != 0)
		return rc;
	/* DEV-4: no electronic medium above the level the policy lets the unit store. */
	{
		bm_decision d;
		if (!bm_rules_medium_electronic(&d, &ctx->policy, out->kind, out->level))
			return bm_decision_error(&d);
	}
	if (!made && (rc = carrier_received(out, ctx, in, today, &start)) != 0)
		return rc;
	return bm_carrier_resolve_period(out, ctx, in, start);
}

int bm_carrier_resolve(bm_carrier *c, bm_ctx *ctx, const bm_carrier_input *in)
{
	bm_person *custodian = ctx->actor;
	bm_place *place = NULL;
	bm_decision d;
	int rc;

	/* Ownership and custody (KEEP-1). */
	c->department_id = ctx->actor->department_id;
	if (given(in->department)) {
		bm_department *dept;
		if ((rc = bm_svc_department_resolve(ctx, in->department, &dept)) != 0 ||
		    (rc = bm_svc_department_open(dept)) != 0)
			return rc;
		c->department_id = dept->id;
	}
	if (given(in->custodian) &&
	    (rc = bm_svc_person_resolve(ctx, in->custodian, &custodian)) != 0)
		return rc;
	if ((rc = check_custodian(ctx, custodian, c->level)) != 0)
		return rc;
	c->custodian_id = custodian->id;
	/* KEEP-6: a keeper who is not a clerk records why, who approved, until when. */
	if ((rc = bm_svc_keeping_apply(ctx, c, custodian, &in->keep)) != 0)
		return rc;
	if (given(in->place)) {
		if ((rc = bm_svc_place_resolve(ctx, in->place, &place)) != 0 ||
		    (rc = check_place(ctx, place, c->level)) != 0)
			return rc;
		c->place_id = place->id;
	}
	if ((rc = resolve_scope(ctx, in->scope, c)) != 0)
		return rc;
	/* KEEP-1: a classified carrier has a place; LEVEL-2: and records who may know it. */
	if (!bm_rules_carrier_record(&d, c->level, place != NULL, c->n_scope))
		return bm_decision_error(&d);
	return 0;
}

int bm_carrier_build(bm_carrier *out, bm_ctx *ctx, const bm_carrier_input *in, bool made)
{
	int rc;
	if ((rc = bm_carrier_check(out, ctx, in, made)) != 0)
		return rc;
	return bm_carrier_resolve(out, ctx, in);
}

static json_t *carrier_facts(const bm_carrier *c)
{
	json_t *d = json_object();
	json_object_set_new(d, "title", json_string(c->title));
	json_object_set_new(d, "level", json_string(bm_level_names[c->level].code));
	json_object_set_new(d, "kind", json_string(bm_kind_names[c->kind].code));
	if (c->doc_number)
		json_object_set_new(d, "doc_number", json_string(c->doc_number));
	if (c->serial_number)
		json_object_set_new(d, "serial_number", json_integer(c->serial_number));
	if (c->place_id)
		json_object_set_new(d, "place_id", json_integer(c->place_id));
	json_object_set_new(d, "custodian_id", json_integer(c->custodian_id));
	bm_svc_keeping_facts(c, d);
	return d;
}

int bm_carrier_insert(bm_ctx *ctx, bm_carrier *c, const char *action, json_t *extra)
{
	json_t *facts = carrier_facts(c);
	int rc;
	if (c->doc_number && c->serial_number) {
		bool taken = false;
		bm_decision d;
		if ((rc = BM_STORE(ctx->store, carrier_serial_taken)(
		             ctx->store, c->unit_id, c->doc_number, c->serial_number, &taken)) != 0)
			goto done;
		if (!bm_rules_serial_unique(&d, c->origin == BM_ORIGIN_MADE, c->doc_number,
		                            c->serial_number, taken)) {
			rc = bm_decision_error(&d);
			goto done;
		}
	}
	if ((rc = BM_STORE(ctx->store, carrier_insert)(ctx->store, c)) != 0)
		goto done;
	if (extra)
		json_object_update(facts, extra);
	rc = bm_svc_history(ctx, c->id, action, bm_svc_json(ctx, json_incref(facts)));
done:
	json_decref(facts);
	return rc;
}

/* REG-2: a registration later than the policy allows is flagged in the history, not refused. */
static void note_late(json_t *extra, const bm_ctx *ctx, const bm_carrier *c)
{
	int32_t received, today = bm_time_local_date(ctx->now, ctx->policy.tz_offset_minutes);
	bm_decision d;
	if (bm_date_parse(c->received_on, &received) &&
	    bm_rules_registration(&d, &ctx->policy, received, today) && d.alert) {
		json_object_set_new(extra, "late_registration", json_true());
		json_object_set_new(extra, "late_days", json_integer(today - received));
	}
}

int bm_carrier_register_row(bm_ctx *ctx, const bm_carrier_input *in, bm_carrier *c)
{
	bm_letter_row *letter = NULL;
	json_t *extra = NULL;
	int rc;

	/* REG-3: contents of a personal letter only once its addressee opened it. */
	if (given(in->letter) && (rc = bm_letter_for_contents(ctx, in->letter, &letter)) != 0)
		return rc;
	if ((rc = bm_carrier_resolve(c, ctx, in)) != 0)
		return rc;
	extra = json_object();
	json_object_set_new(extra, "received_on", json_string(c->received_on));
	note_late(extra, ctx, c);
	if (letter)
		json_object_set_new(extra, "letter_id", json_integer(letter->id));
	rc = bm_carrier_insert(ctx, c, "register", extra);
	json_decref(extra);
	if (rc == 0 && letter)
		rc = bm_letter_link(ctx, letter, c->id);
	return rc;
}

const char *bm_carrier_facts_json(bm_ctx *ctx, const bm_carrier *c)
{
	return bm_svc_json(ctx, carrier_facts(c));
}

int bm_svc_carrier_register_incoming(bm_ctx *ctx, const bm_carrier_input *in, bm_carrier **out)
{
	bm_carrier *c = NULL;
	const char *detail = NULL;
	int rc;

	/* KEEP-5: carriers come to the clerk for registration; the input is checked before the
	 * transaction, and a refusal is audited all the same (bm_svc_end). */
	if (!(c = bm_arena_alloc(ctx->arena, sizeof(*c))))
		return bm_error_nomem();
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REGISTER)) != 0 ||
	    (rc = bm_carrier_check(c, ctx, in, false)) != 0 || (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	if ((rc = bm_carrier_register_row(ctx, in, c)) != 0)
		goto done;
	/*
	 * The answer is the carrier as a read gives it (issue 13 point 12): the
	 * stored row with its department, custodian and place names, not the
	 * input with ids only.
	 */
	if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, c->id, out)) != 0)
		goto done;
done:
	if (c && c->title)
		detail = bm_carrier_facts_json(ctx, c);
	return bm_svc_end(ctx, rc, "carrier.register_incoming",
	                  c && c->id ? bm_arena_printf(ctx->arena, "carrier:%lld", (long long)c->id)
	                             : "",
	                  detail);
}

int bm_svc_carrier_move(bm_ctx *ctx, int64_t carrier_id, const char *place_ref,
                        const char *custodian_ref, const char *reason)
{
	return bm_svc_carrier_move_kept(ctx, carrier_id, place_ref, custodian_ref, reason, NULL);
}

int bm_svc_carrier_move_kept(bm_ctx *ctx, int64_t carrier_id, const char *place_ref,
                             const char *custodian_ref, const char *reason,
                             const bm_keep_terms *keep)
{
	bm_carrier *c = NULL;
	bm_place *place = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int rc;

	json_object_set_new(d, "carrier_id", json_integer(carrier_id));
	if (place_ref)
		json_object_set_new(d, "place", json_string(place_ref));
	if (custodian_ref)
		json_object_set_new(d, "custodian", json_string(custodian_ref));
	/* The input needs no database: checked before the transaction, audited all the same. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_MOVE)) != 0 ||
	    (rc = bm_svc_check_text(reason, "原因", "reason", MAX_NOTE, false)) != 0)
		goto done;
	if (!bm_rules_move_target(&dec, given(place_ref), given(custodian_ref))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = bm_svc_begin(ctx)) != 0 ||
	    (rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0)
		goto done;
	if (!bm_rules_movable(&dec, c->status)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	json_object_set_new(d, "from_place_id", json_integer(c->place_id));
	json_object_set_new(d, "from_custodian_id", json_integer(c->custodian_id));
	if (given(place_ref)) {
		if ((rc = bm_svc_place_resolve(ctx, place_ref, &place)) != 0 ||
		    (rc = check_place(ctx, place, c->level)) != 0)
			goto done;
		c->place_id = place->id;
	}
	if (given(custodian_ref)) {
		bm_person *p;
		if ((rc = bm_svc_person_resolve(ctx, custodian_ref, &p)) != 0 ||
		    (rc = check_custodian(ctx, p, c->level)) != 0 ||
		    (rc = bm_svc_custodian_scope(ctx, c, p, NULL)) != 0 ||
		    (rc = bm_svc_keeping_apply(ctx, c, p, keep)) != 0)
			goto done;
		c->custodian_id = p->id;
		bm_svc_keeping_facts(c, d);
	}
	json_object_set_new(d, "to_place_id", json_integer(c->place_id));
	json_object_set_new(d, "to_custodian_id", json_integer(c->custodian_id));
	if (given(reason))
		json_object_set_new(d, "reason", json_string(reason));
	c->updated_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, carrier_update)(ctx->store, c)) != 0)
		goto done;
	rc = bm_svc_history(ctx, c->id, "move", bm_svc_json(ctx, json_incref(d)));
done:
	return bm_svc_end(ctx, rc, "carrier.move",
	                  bm_arena_printf(ctx->arena, "carrier:%lld", (long long)carrier_id),
	                  bm_svc_json(ctx, d));
}

int bm_svc_carrier_show(bm_ctx *ctx, int64_t carrier_id, bm_carrier **out,
                        bm_carrier_event **events, size_t *n_events)
{
	bm_carrier *c = NULL;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0 ||
	    (rc = bm_svc_carrier_visible(ctx, carrier_id, &c)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, carrier_event_list)(ctx->store, ctx->arena, c->id, events,
	                                                   n_events)) != 0)
		goto done;
	*out = c;
done:
	/* Who looked at which classified item is itself on the record (SYS-3). */
	return bm_svc_end(ctx, rc, "carrier.show",
	                  bm_arena_printf(ctx->arena, "carrier:%lld", (long long)carrier_id), NULL);
}

/*
 * The ledger's registration dates are the unit's local dates, as in the
 * registers (registers.c) and the alerts: a carrier registered at 07:30
 * Beijing time on 12-02 (23:30Z on 12-01) belongs to 12-02 in both. Turns
 * the dates asked for into the instants the store compares, from the
 * local midnight of `from` to that of the day after `to`; the text lives
 * in ctx->arena.
 */
static int registered_bounds(bm_ctx *ctx, bm_carrier_filter *f)
{
	const char *dates[2] = {f->registered_from, f->registered_to};
	const char *names[2] = {"from", "to"};
	const char *bounds[2] = {NULL, NULL};
	int32_t days[2] = {BM_DATE_NONE, BM_DATE_NONE};

	for (int i = 0; i < 2; i++) {
		char iso[BM_ISO_TIME_LEN];
		if (!dates[i] || !*dates[i])
			continue;
		if (!bm_date_parse(dates[i], &days[i]))
			return bm_error_set(BM_EINVALID, "invalid_filter", NULL,
			                    "筛选条件 %s 的值无效：'%.32s'（格式 YYYY-MM-DD）",
			                    "invalid value for filter %s: '%.32s' (YYYY-MM-DD)",
			                    names[i], dates[i]);
		/* `to` is inclusive: the bound is the start of the next day. */
		bm_time_format(bm_date_local_start(days[i] + i, ctx->policy.tz_offset_minutes),
		               iso);
		if (!(bounds[i] = bm_arena_strdup(ctx->arena, iso)))
			return bm_error_nomem();
	}
	f->registered_since = bounds[0];
	f->registered_before = bounds[1];
	return 0;
}

int bm_svc_carrier_list(bm_ctx *ctx, bm_carrier_filter *filter, bm_carrier_page *out)
{
	bm_viewer viewer;
	json_t *d = json_object();
	int rc;

	if (filter->query)
		json_object_set_new(d, "query", json_string(filter->query));
	if (filter->level >= 0)
		json_object_set_new(d, "level", json_string(bm_level_names[filter->level].code));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if (filter->query &&
	    (rc = bm_svc_check_text(filter->query, "检索词", "search text", 100, false)) != 0)
		goto done;
	if (filter->limit < 0 || filter->limit > 1000) {
		rc = bm_error_set(BM_EINVALID, "invalid_limit", NULL, "每页条数应在 1 到 1000 之间",
		                  "the page size must be between 1 and 1000");
		goto done;
	}
	if ((rc = registered_bounds(ctx, filter)) != 0)
		goto done;
	bm_svc_viewer(ctx, &viewer);
	filter->viewer = &viewer;
	rc = BM_STORE(ctx->store, carrier_list)(ctx->store, ctx->arena, filter, out);
	filter->viewer = NULL;
	if (rc == 0)
		json_object_set_new(d, "total", json_integer(out->total));
done:
	return bm_svc_end(ctx, rc, "carrier.list", "", bm_svc_json(ctx, d));
}

const char *bm_carrier_marking(bm_arena *a, const bm_carrier *c, bool english)
{
	char buf[512];
	bm_period p;

	memset(&p, 0, sizeof(p));
	p.kind = c->period_kind;
	p.years = c->period_years;
	p.until = p.review = BM_DATE_NONE;
	p.event = c->period_event ? c->period_event : "";
	if (c->period_kind == BM_PERIOD_UNTIL && !c->declassified &&
	    (!c->period_until || !bm_date_parse(c->period_until, &p.until)))
		return bm_arena_printf(a, "%s★until %s",
		                       english ? bm_level_names[c->level].en
		                               : bm_level_names[c->level].zh,
		                       c->period_until ? c->period_until : "?");
	/* LEVEL-8: the wording is the rule's; a declassified carrier reads 解密. */
	bm_rules_marking(buf, sizeof(buf), c->level, &p, c->declassified, english);
	return bm_arena_strdup(a, buf);
}

/* The date of c's last level decision as a day number, or BM_DATE_NONE. */
static int32_t marking_changed_day(const bm_carrier *c)
{
	int32_t day = BM_DATE_NONE;
	if (!c->marking_changed_on || !bm_date_parse(c->marking_changed_on, &day))
		return BM_DATE_NONE;
	return day;
}

const char *bm_carrier_original_marking(const bm_carrier *c, bool english)
{
	if (!c->original_marking || marking_changed_day(c) == BM_DATE_NONE)
		return NULL;
	return english && c->original_marking_en ? c->original_marking_en : c->original_marking;
}

const char *bm_carrier_marking_note(bm_arena *a, const bm_carrier *c, bool english)
{
	char buf[128];
	int32_t day = marking_changed_day(c);
	if (!bm_carrier_original_marking(c, english) ||
	    bm_rules_marking_note(buf, sizeof(buf), day, c->declassified, english) != 0)
		return NULL;
	return bm_arena_strdup(a, buf);
}

const char *bm_carrier_marking_text(bm_arena *a, const bm_carrier *c, bool english)
{
	char buf[1024];
	const char *current = bm_carrier_marking(a, c, english);
	if (!current)
		return NULL;
	/* LEVEL-7/8: the original marking and the decision, in the rule's words. */
	bm_rules_marking_text(buf, sizeof(buf), current, bm_carrier_original_marking(c, english),
	                      marking_changed_day(c), c->declassified, english);
	return bm_arena_strdup(a, buf);
}
