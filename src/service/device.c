/*
 * device.c — the device and media register (涉密设备与存储介质, DEV-1..7,
 * KEEP-2 for devices; issue 10 point 3). See device.h.
 *
 * The rules are policy/device.h's; DEV-2 and DEV-4 are the carrier
 * ledger's own checks (bm_rules_medium_level, bm_rules_medium_electronic)
 * applied to the device's storage kind, and scrapping (DEV-6) runs the
 * destruction's witness and method checks against an approved `scrap`
 * request (request.c evaluates it when it is filed).
 */
#include "common.h"

#include <stdio.h>

#include "model/workflow.h"
#include "policy/custody.h"
#include "policy/device.h"
#include "policy/execute.h"
#include "service/device.h"
#include "service/ledger_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_TEXT = 200,
	MAX_NOTE = 1000,
	MAX_WITNESSES = 10,
};

static const char *device_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "device:%lld", (long long)id) : "";
}

/* The clerk and the leadership see the whole register. */
static bool manager(const bm_ctx *ctx)
{
	static const bm_role roles[] = {BM_ROLE_CLERK, BM_ROLE_LEADER, BM_ROLE_PRINCIPAL};
	return bm_ledger_has_any_role(ctx, roles, BM_ARRAY_LEN(roles));
}

static bool sees(const bm_ctx *ctx, const bm_device *d)
{
	return d->unit_id == ctx->unit->id &&
	       (manager(ctx) || d->holder_id == ctx->actor->id || d->operator_id == ctx->actor->id);
}

/* DEV-3: marks the device whose login password is due; DEV-1: its label's state. */
static void password_facts(bm_ctx *ctx, bm_device *d)
{
	int32_t changed = BM_DATE_NONE;
	bm_decision dec;
	if (d->password_changed_on && !bm_date_parse(d->password_changed_on, &changed))
		changed = BM_DATE_NONE;
	bm_rules_device_password_due(&dec, &ctx->policy, d->kind, changed, bm_svc_today_days(ctx));
	d->label_state = bm_rules_device_label_state(d);
	d->password_due = dec.alert;
	d->password_due_on = bm_svc_date_text(ctx, dec.due_date);
}

/* Loads a device the actor may see; otherwise DEV-1's unknown_device. */
static int load_device(bm_ctx *ctx, int64_t id, bm_device **out)
{
	bm_decision d;
	int rc = BM_STORE(ctx->store, device_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && !sees(ctx, *out))
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND && !bm_rules_device_found(&d, id, false))
		rc = bm_decision_error(&d);
	if (rc == 0)
		password_facts(ctx, *out);
	return rc;
}

/*
 * DEV-1, PERSON-1: `p` may be responsible for (or operate) a device of
 * `level`; PERSON-2/3/7 then as for anybody a route names.
 */
static int check_person(bm_ctx *ctx, const bm_person *p, bm_level level)
{
	bm_keeper_facts facts = {p->name, p->status == BM_PERSON_ACTIVE,
	                         bm_class_max_level(p->person_class)};
	bm_decision d;
	if (!bm_rules_device_holder(&d, &facts, level))
		return bm_decision_error(&d);
	return bm_svc_check_named(ctx, p, level, true);
}

/* Appends a line to the device's history (`detail` stolen). */
static int history(bm_ctx *ctx, int64_t id, const char *action, json_t *detail)
{
	bm_device_event e;
	memset(&e, 0, sizeof(e));
	e.device_id = id;
	e.at = bm_svc_now_iso(ctx);
	e.actor_id = ctx->actor->id;
	e.action = action;
	e.detail = bm_svc_json(ctx, detail ? detail : json_object());
	if (!e.at || !e.detail)
		return bm_error_nomem();
	return BM_STORE(ctx->store, device_event_add)(ctx->store, &e);
}

/* A changed device stored and its history line written (`detail` is taken). */
static int save(bm_ctx *ctx, bm_device *d, const char *action, json_t *detail)
{
	int rc;
	d->updated_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, device_update)(ctx->store, d)) != 0) {
		json_decref(detail);
		return rc;
	}
	return history(ctx, d->id, action, detail);
}

static int parse_level(const char *text, bm_level *out)
{
	int v = 0, rc;
	if ((rc = bm_svc_term(BM_TERM_LEVEL, text ? text : "", &v)) != 0)
		return rc;
	*out = (bm_level)v;
	return 0;
}

/* DEV-3: a date as typed (default today), never in the future. */
static int parse_date(bm_ctx *ctx, const char *text, int32_t *out)
{
	if (!bm_utf8_given(text)) {
		*out = bm_svc_today_days(ctx);
		return 0;
	}
	if (!bm_date_parse(text, out))
		return bm_error_set(BM_EINVALID, "invalid_date", NULL,
		                    "日期 '%s' 无效（YYYY-MM-DD）",
		                    "invalid date '%s' (YYYY-MM-DD)", text);
	return 0;
}

static int device_texts(const bm_device_input *in)
{
	int rc;
	if ((rc = bm_svc_check_text(in->number, "编号", "number", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->model, "型号", "model", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->serial, "序列号", "serial", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->place, "放置地点", "place", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", MAX_NOTE, false)) != 0)
		return rc;
	return 0;
}

/* What registration decides from the input alone, before the transaction. */
static int check_device_input(bm_device *d, const bm_device_input *in)
{
	bm_decision dec;
	int kind = 0, rc;

	if ((rc = device_texts(in)) != 0)
		return rc;
	/* DEV-1: numbered and assigned to one person. */
	if (!bm_rules_device_record(&dec, bm_utf8_given(in->number), bm_utf8_given(in->holder)) ||
	    !bm_rules_device_kind(&dec, in->kind, &kind))
		return bm_decision_error(&dec);
	d->kind = (bm_device_kind)kind;
	if ((rc = parse_level(in->level, &d->level)) != 0)
		return rc;
	/* DEV-4: nothing above what the policy allows for the class; DEV-7: office equipment. */
	return 0;
}

/* DEV-4, DEV-7 and the people at the device's (new) level. */
static int check_device_level(bm_ctx *ctx, const bm_device *d, const bm_person *holder,
                              const bm_person *op)
{
	bm_decision dec;
	int rc;
	if (!bm_rules_device_content(&dec, &ctx->policy, d->kind, d->level) ||
	    !bm_rules_device_office(&dec, d->kind, d->level, d->operator_id != 0, d->encrypted))
		return bm_decision_error(&dec);
	if (holder && (rc = check_person(ctx, holder, d->level)) != 0)
		return rc;
	if (op && (rc = check_person(ctx, op, d->level)) != 0)
		return rc;
	return 0;
}

/* DEV-1: the number names no device of the register yet. */
static int number_free(bm_ctx *ctx, const char *number)
{
	bm_device_filter f = {.kind = -1, .status = -1, .level = -1, .q = number};
	bm_device *all = NULL;
	size_t n = 0;
	bool taken = false;
	bm_decision dec;
	int rc;
	if ((rc = BM_STORE(ctx->store, device_list)(ctx->store, ctx->arena, ctx->unit->id, &f, &all,
	                                            &n)) != 0)
		return rc;
	for (size_t i = 0; i < n && !taken; i++)
		taken = all[i].number && strcmp(all[i].number, number) == 0;
	if (!bm_rules_device_number_free(&dec, number, taken ? "register" : NULL))
		return bm_decision_error(&dec);
	return 0;
}

int bm_device_register_row(bm_ctx *ctx, const bm_device_input *in, bool write, json_t *audit,
                           bm_device **out)
{
	bm_device *d;
	bm_person *holder = NULL, *op = NULL;
	bm_decision dec;
	int32_t changed = BM_DATE_NONE;
	int rc;

	if (!(d = bm_arena_alloc(ctx->arena, sizeof(*d))))
		return bm_error_nomem();
	if ((rc = check_device_input(d, in)) != 0 ||
	    (rc = bm_svc_unit_person(ctx, in->holder, &holder)) != 0 ||
	    (bm_utf8_given(in->operator_) &&
	     (rc = bm_svc_unit_person(ctx, in->operator_, &op)) != 0))
		return rc;
	d->unit_id = ctx->unit->id;
	d->number = in->number;
	d->model = bm_utf8_given(in->model) ? in->model : NULL;
	d->serial = bm_utf8_given(in->serial) ? in->serial : NULL;
	d->place = bm_utf8_given(in->place) ? in->place : NULL;
	d->note = bm_utf8_given(in->note) ? in->note : NULL;
	d->holder_id = holder->id;
	d->operator_id = op ? op->id : 0;
	d->encrypted = in->encrypted;
	d->status = BM_DEVICE_IN_USE;
	if ((rc = check_device_level(ctx, d, holder, op)) != 0)
		return rc;
	if (bm_utf8_given(in->password_changed_on)) {
		if ((rc = parse_date(ctx, in->password_changed_on, &changed)) != 0)
			return rc;
		if (!bm_rules_device_password_change(&dec, d->kind, changed,
		                                     bm_svc_today_days(ctx)))
			return bm_decision_error(&dec);
		d->password_changed_on = bm_ledger_date_text(ctx, changed);
	}
	if (in->carrier_id) {
		bm_carrier *c;
		if ((rc = bm_svc_carrier_visible(ctx, in->carrier_id, &c)) != 0)
			return rc;
		/* DEV-1/2: the medium is that carrier, at least at its level. */
		if (!bm_rules_device_carrier(&dec, d->kind, d->level, c->kind, c->level))
			return bm_decision_error(&dec);
		d->carrier_id = c->id;
	}
	if ((rc = number_free(ctx, d->number)) != 0)
		return rc;
	d->holder_name = holder->name;
	d->operator_name = op ? op->name : NULL;
	*out = d;
	if (!write)
		return 0;
	d->created_at = d->updated_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, device_insert)(ctx->store, d)) != 0)
		return rc;
	json_object_set_new(audit, "level", json_string(bm_level_names[d->level].code));
	json_object_set_new(audit, "holder_id", json_integer(d->holder_id));
	if ((rc = history(ctx, d->id, "device.register", json_incref(audit))) != 0)
		return rc;
	password_facts(ctx, d);
	return 0;
}

int bm_svc_device_register(bm_ctx *ctx, const bm_device_input *in, bm_device **out)
{
	bm_device probe, *d = NULL;
	json_t *audit = json_object();
	int rc;

	memset(&probe, 0, sizeof(probe));
	json_object_set_new(audit, "number", json_string(in->number ? in->number : ""));
	json_object_set_new(audit, "kind", json_string(in->kind ? in->kind : ""));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0 ||
	    (rc = check_device_input(&probe, in)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = bm_device_register_row(ctx, in, true, audit, &d)) == 0)
		*out = d;
done:
	return bm_svc_end(ctx, rc, "device.register", device_object(ctx, rc || !d ? 0 : d->id),
	                  bm_svc_json(ctx, audit));
}

/* Loads the device of a change and refuses one scrapped (DEV-6). */
static int load_live(bm_ctx *ctx, int64_t id, bm_device **out)
{
	bm_decision d;
	int rc;
	if ((rc = load_device(ctx, id, out)) != 0)
		return rc;
	if (!bm_rules_device_live(&d, (*out)->number, (*out)->status))
		return bm_decision_error(&d);
	return 0;
}

static int load_people(bm_ctx *ctx, const bm_device *d, bm_person **holder, bm_person **op)
{
	int rc;
	*holder = *op = NULL;
	if (d->holder_id && (rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena,
	                                                           d->holder_id, holder)) != 0)
		return rc;
	if (d->operator_id && (rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena,
	                                                             d->operator_id, op)) != 0)
		return rc;
	return 0;
}

/* KEEP-2: every chosen device is one `from` holds (`rows`, not scrapped). */
static int check_chosen_devices(const bm_person *from, const bm_device *rows, size_t count,
                                const int64_t *only, size_t n_only)
{
	bm_decision d;
	for (size_t k = 0; k < n_only; k++) {
		bool held = false;
		for (size_t i = 0; i < count && !held; i++)
			held = rows[i].id == only[k] && rows[i].status != BM_DEVICE_SCRAPPED;
		if (!bm_rules_handover_kept(&d, true, only[k], held, from->name))
			return bm_decision_error(&d);
	}
	return 0;
}

static bool is_chosen(int64_t id, const int64_t *only, size_t n_only)
{
	for (size_t k = 0; k < n_only; k++)
		if (only[k] == id)
			return true;
	return false;
}

int bm_svc_device_handover(bm_ctx *ctx, const bm_person *from, const bm_person *to,
                           int64_t handover_id, const int64_t *only, size_t n_only, bool chosen,
                           int64_t **ids, size_t *n)
{
	bm_device_filter f = {-1, -1, -1, from->id, NULL, 0};
	bm_device *rows = NULL;
	size_t count = 0, k = 0;
	int64_t *out;
	int rc;

	*ids = NULL;
	*n = 0;
	if ((rc = BM_STORE(ctx->store, device_list)(ctx->store, ctx->arena, ctx->unit->id, &f,
	                                            &rows, &count)) != 0)
		return rc;
	if (chosen && (rc = check_chosen_devices(from, rows, count, only, n_only)) != 0)
		return rc;
	if (!(out = bm_arena_alloc(ctx->arena, (count ? count : 1) * sizeof(*out))))
		return bm_error_nomem();
	for (size_t i = 0; i < count; i++) {
		bm_device *d = &rows[i];
		json_t *e;
		if (d->status == BM_DEVICE_SCRAPPED || (chosen && !is_chosen(d->id, only, n_only)))
			continue;
		/* DEV-1, PERSON-1/2/3/7: the successor as for an assignment. */
		if ((rc = check_person(ctx, to, d->level)) != 0)
			return rc;
		d->holder_id = to->id;
		e = json_object();
		json_object_set_new(e, "handover_id", json_integer(handover_id));
		json_object_set_new(e, "from_holder_id", json_integer(from->id));
		json_object_set_new(e, "holder_id", json_integer(to->id));
		if ((rc = save(ctx, d, "device.handover", e)) != 0)
			return rc;
		out[k++] = d->id;
	}
	*ids = out;
	*n = k;
	return 0;
}

int bm_svc_device_follow_carrier(bm_ctx *ctx, const bm_carrier *c, bm_level from, bm_level to,
                                 int64_t level_change_id, json_t *ids_out)
{
	/* Only the devices linked to this carrier are read, not the unit's whole register. */
	bm_device_filter f = {-1, -1, -1, 0, NULL, c->id};
	bm_device *rows = NULL;
	size_t count = 0;
	int rc;

	if ((rc = BM_STORE(ctx->store, device_list)(ctx->store, ctx->arena, c->unit_id, &f, &rows,
	                                            &count)) != 0)
		return rc;
	for (size_t i = 0; i < count; i++) {
		bm_device *d = &rows[i];
		bm_person *holder, *op;
		bm_level was = d->level, next = d->level;
		bm_decision dec;
		json_t *h;
		/* DEV-6: a scrapped device stays as it was. */
		if (d->status == BM_DEVICE_SCRAPPED)
			continue;
		/* DEV-2 (up only, never down) and DEV-4 (the medium's own limit). */
		if (!bm_rules_device_follow_carrier(&dec, &ctx->policy, d->kind, was, to, &next))
			return bm_decision_error(&dec);
		if (next == was)
			continue;
		d->level = next;
		/* The device's own rules at the new level (DEV-4/7, PERSON-1 of its people). */
		if ((rc = load_people(ctx, d, &holder, &op)) != 0 ||
		    (rc = check_device_level(ctx, d, holder, op)) != 0)
			return rc;
		h = json_object();
		json_object_set_new(h, "from", json_string(bm_level_names[was].code));
		json_object_set_new(h, "to", json_string(bm_level_names[next].code));
		json_object_set_new(h, "carrier_id", json_integer(c->id));
		json_object_set_new(h, "level_change_id", json_integer(level_change_id));
		json_object_set_new(h, "carrier_from", json_string(bm_level_names[from].code));
		json_object_set_new(h, "carrier_to", json_string(bm_level_names[to].code));
		if ((rc = save(ctx, d, "device.level_follow_carrier", h)) != 0)
			return rc;
		json_array_append_new(ids_out, json_integer(d->id));
	}
	return 0;
}

int bm_svc_device_level(bm_ctx *ctx, int64_t id, const char *level, const char *reason)
{
	bm_device *d = NULL;
	bm_person *holder, *op;
	json_t *audit = json_object();
	bm_level to = BM_LEVEL_PUBLIC, from;
	bm_decision dec;
	int rc;

	json_object_set_new(audit, "to_level", json_string(level ? level : ""));
	if ((rc = parse_level(level, &to)) != 0 ||
	    (rc = bm_svc_check_text(reason, "理由", "reason", MAX_NOTE, false)) != 0 ||
	    (rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = load_live(ctx, id, &d)) != 0)
		goto done;
	from = d->level;
	/* DEV-2: never lowered, whoever asks — decided before the role is asked. */
	if (!bm_rules_device_level(&dec, d->kind, d->number, from, to)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0 ||
	    (rc = load_people(ctx, d, &holder, &op)) != 0)
		goto done;
	/* DEV-2 and LEVEL-4: a medium linked to its carrier never rises above it. */
	if (d->carrier_id) {
		bm_carrier *c = NULL;
		if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, d->carrier_id,
		                                            &c)) != 0)
			goto done;
		if (!bm_rules_device_linked_raise(&dec, c->id, c->level, to)) {
			rc = bm_decision_error(&dec);
			goto done;
		}
	}
	d->level = to;
	if ((rc = check_device_level(ctx, d, holder, op)) != 0)
		goto done;
	json_object_set_new(audit, "from", json_string(bm_level_names[from].code));
	json_object_set_new(audit, "to", json_string(bm_level_names[to].code));
	if (bm_utf8_given(reason))
		json_object_set_new(audit, "reason", json_string(reason));
	rc = save(ctx, d, "device.level", json_incref(audit));
done:
	return bm_svc_end(ctx, rc, "device.level", device_object(ctx, id), bm_svc_json(ctx, audit));
}

int bm_svc_device_assign(bm_ctx *ctx, int64_t id, const char *holder_ref, const char *place,
                         const char *op_ref)
{
	bm_device *d = NULL;
	bm_person *holder = NULL, *op = NULL;
	json_t *audit = json_object();
	int64_t old_holder = 0;
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0 ||
	    (rc = bm_svc_check_text(place, "放置地点", "place", MAX_TEXT, false)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = load_live(ctx, id, &d)) != 0 || (rc = load_people(ctx, d, &holder, &op)) != 0)
		goto done;
	old_holder = d->holder_id;
	if (bm_utf8_given(holder_ref)) {
		if ((rc = bm_svc_unit_person(ctx, holder_ref, &holder)) != 0)
			goto done;
		d->holder_id = holder->id;
		json_object_set_new(audit, "from_holder_id", json_integer(old_holder));
		json_object_set_new(audit, "holder_id", json_integer(holder->id));
	}
	if (bm_utf8_given(op_ref)) {
		if ((rc = bm_svc_unit_person(ctx, op_ref, &op)) != 0)
			goto done;
		d->operator_id = op->id;
		json_object_set_new(audit, "operator_id", json_integer(op->id));
	}
	if (bm_utf8_given(place)) {
		json_object_set_new(audit, "from_place",
		                    d->place ? json_string(d->place) : json_null());
		json_object_set_new(audit, "place", json_string(place));
		d->place = place;
	}
	/* DEV-1, PERSON-1, DEV-7: the new people as at registration. */
	if ((rc = check_device_level(ctx, d, bm_utf8_given(holder_ref) ? holder : NULL,
	                             bm_utf8_given(op_ref) ? op : NULL)) != 0)
		goto done;
	rc = save(ctx, d, "device.assign", json_incref(audit));
done:
	return bm_svc_end(ctx, rc, "device.assign", device_object(ctx, id),
	                  bm_svc_json(ctx, audit));
}

int bm_svc_device_repair(bm_ctx *ctx, int64_t id, const bm_device_repair_input *in)
{
	bm_device *d = NULL;
	json_t *audit = json_object();
	bm_device_repair r = {in->supervisor, in->technician, in->storage, in->on_site};
	bm_decision dec;
	int32_t on = BM_DATE_NONE;
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0 ||
	    (rc = bm_svc_check_text(in->supervisor, "监修人", "supervisor", MAX_TEXT, false)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->technician, "维修人员", "technician", MAX_TEXT, false)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->company, "维修单位", "company", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->fault, "故障", "fault", MAX_NOTE, false)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = load_device(ctx, id, &d)) != 0 || (rc = parse_date(ctx, in->on, &on)) != 0)
		goto done;
	/* DEV-5: on site, supervised, a registered technician, storage removed or degaussed. */
	if (!bm_rules_device_repair(&dec, d->kind, d->status, &r)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	json_object_set_new(audit, "on", json_string(bm_ledger_date_text(ctx, on)));
	json_object_set_new(audit, "on_site", json_true());
	json_object_set_new(audit, "supervisor", json_string(in->supervisor));
	json_object_set_new(audit, "technician", json_string(in->technician));
	if (bm_utf8_given(in->company))
		json_object_set_new(audit, "company", json_string(in->company));
	json_object_set_new(audit, "storage", json_string(in->storage ? in->storage : "none"));
	if (bm_utf8_given(in->fault))
		json_object_set_new(audit, "fault", json_string(in->fault));
	/* DEV-5, two steps: under repair until the repair ends. */
	d->status = BM_DEVICE_REPAIR;
	rc = save(ctx, d, "device.repair", json_incref(audit));
done:
	return bm_svc_end(ctx, rc, "device.repair", device_object(ctx, id),
	                  bm_svc_json(ctx, audit));
}

/* DEV-5: a lookup of the 验收人 that fails is refused under DEV-5. */
static int acceptor_rule(int rc)
{
	if (rc) {
		bm_error e;
		bm_error_save(&e);
		snprintf(e.rule, sizeof(e.rule), "%s", BM_RULE_ACCEPTOR_RECEIPT);
		bm_error_restore(&e);
	}
	return rc;
}

/*
 * DEV-5 with REG-1 (issue 14 point 5): the 验收人 is a person of the unit,
 * active, who accepts the repaired device themselves: their own password
 * (`proof`, checked before the writer) or, without an account, by hand on
 * the printed register; a typed name is no acceptance. `*mark` gets how.
 */
static int acceptor_confirm(bm_ctx *ctx, const bm_device_repair_end_input *in,
                            const bm_svc_holder_proof *proof, bm_person **out, const char **mark)
{
	bm_decision dec;
	bm_person *p;
	int rc;
	if ((rc = acceptor_rule(bm_svc_person_resolve(ctx, in->checked_by, &p))) != 0)
		return rc;
	if (!bm_rules_device_acceptor(&dec, p->name, p->status == BM_PERSON_ACTIVE,
	                              ctx->unit && p->unit_id == ctx->unit->id))
		return bm_decision_error(&dec);
	if ((rc = bm_svc_holder_receipt(ctx, proof, p, &in->receipt, BM_RULE_ACCEPTOR_RECEIPT,
	                                "验收人", "repair acceptor")) != 0)
		return rc;
	*out = p;
	*mark = in->receipt.password ? BM_RECEIPT_MARK_PASSWORD : BM_RECEIPT_MARK_PAPER;
	return 0;
}

/* DEV-5, REG-1: the audit's word on how the 验收人 confirmed (never the password). */
static void acceptor_audit(json_t *audit, const bm_device_repair_end_input *in,
                           const bm_svc_holder_proof *proof)
{
	const bm_svc_receipt *r = &in->receipt;
	json_t *o = json_object();
	json_object_set_new(o, "how",
	                    json_string(r->password               ? "password"
	                                : bm_utf8_given(r->typed) ? "typed"
	                                : r->paper                ? "paper"
	                                                          : "none"));
	if (proof)
		bm_svc_holder_audit(o, "password", proof);
	json_object_set_new(audit, "acceptor_confirmation", o);
}

int bm_svc_device_repair_end(bm_ctx *ctx, int64_t id, const bm_device_repair_end_input *in)
{
	bm_device *d = NULL;
	bm_person *acceptor = NULL;
	bm_svc_holder_proof *proof = NULL;
	size_t n_proofs = 0;
	const char *ref = in->checked_by, *mark = NULL;
	json_t *audit = json_object();
	bm_decision dec;
	int32_t on = BM_DATE_NONE;
	int rc;

	json_object_set_new(audit, "checked_by", json_string(ref ? ref : ""));
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0 ||
	    (rc = bm_svc_check_text(in->checked_by, "验收人", "checked_by", MAX_TEXT, false)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->result, "维修结果", "result", MAX_NOTE, false)) != 0)
		goto done;
	/* DEV-5, REG-1: the 验收人's password checked as at login, before the writer. */
	if (bm_utf8_given(ref) &&
	    (rc = bm_svc_witness_proofs(ctx, &ref, &in->receipt, 1, &proof, &n_proofs)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		bm_svc_witnesses_failed(ctx, proof, n_proofs);
		return rc;
	}
	if ((rc = load_device(ctx, id, &d)) != 0 || (rc = parse_date(ctx, in->on, &on)) != 0)
		goto done;
	if (!bm_rules_device_live(&dec, d->number, d->status) ||
	    !bm_rules_device_repair_end(&dec, d->status, bm_utf8_given(ref))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	/* DEV-5 with REG-1: last, the 验收人 accepts the device themselves. */
	if ((rc = acceptor_confirm(ctx, in, proof, &acceptor, &mark)) != 0)
		goto done;
	json_object_set_new(audit, "on", json_string(bm_ledger_date_text(ctx, on)));
	json_object_set_new(audit, "checked_by", json_string(acceptor->name));
	json_object_set_new(audit, "checked_by_id", json_integer(acceptor->id));
	json_object_set_new(audit, "checked_by_receipt", json_string(bm_loan_receipt(mark)));
	if (bm_utf8_given(in->result))
		json_object_set_new(audit, "result", json_string(in->result));
	d->status = BM_DEVICE_IN_USE;
	rc = save(ctx, d, "device.repair_end", json_incref(audit));
done:
	if (n_proofs || bm_utf8_given(ref))
		acceptor_audit(audit, in, n_proofs ? proof : NULL);
	rc = bm_svc_end(ctx, rc, "device.repair_end", device_object(ctx, id),
	                bm_svc_json(ctx, audit));
	bm_svc_witnesses_failed(ctx, proof, n_proofs);
	return rc;
}

/*
 * The start of a dated step the device's own responsible person may record
 * as well as the clerk (DEV-3's password change, DEV-1's label): the device
 * not scrapped (DEV-6), the actor allowed, the day read (today if none).
 */
static int holder_step(bm_ctx *ctx, int64_t id, const char *date, bm_device **d, int32_t *on)
{
	int rc;
	if ((rc = load_live(ctx, id, d)) != 0)
		return rc;
	if ((*d)->holder_id != ctx->actor->id &&
	    (rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0)
		return rc;
	return parse_date(ctx, date, on);
}

int bm_svc_device_password(bm_ctx *ctx, int64_t id, const char *date)
{
	bm_device *d = NULL;
	json_t *audit = json_object();
	bm_decision dec;
	int32_t on = BM_DATE_NONE;
	int rc;

	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = holder_step(ctx, id, date, &d, &on)) != 0)
		goto done;
	if (!bm_rules_device_password_change(&dec, d->kind, on, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	d->password_changed_on = bm_ledger_date_text(ctx, on);
	json_object_set_new(audit, "on", json_string(d->password_changed_on));
	rc = save(ctx, d, "device.password", json_incref(audit));
done:
	return bm_svc_end(ctx, rc, "device.password", device_object(ctx, id),
	                  bm_svc_json(ctx, audit));
}

int bm_svc_device_label_affixed(bm_ctx *ctx, int64_t id, const char *date)
{
	bm_device *d = NULL;
	json_t *audit = json_object();
	bm_decision dec;
	int32_t on = BM_DATE_NONE;
	int rc;

	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = holder_step(ctx, id, date, &d, &on)) != 0)
		goto done;
	json_object_set_new(
	        audit, "was",
	        json_string(bm_device_label_state_names[bm_rules_device_label_state(d)].code));
	/* DEV-1: the label names the responsible person; once, while it holds; not ahead. */
	if (!bm_rules_device_label_affix(&dec, d, on, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	d->label_affixed_on = bm_ledger_date_text(ctx, on);
	d->label_affixed_by = ctx->actor->id;
	d->label_level = (int)d->level;
	d->label_holder_id = d->holder_id;
	json_object_set_new(audit, "on", json_string(d->label_affixed_on));
	json_object_set_new(audit, "level", json_string(bm_level_names[d->level].code));
	json_object_set_new(audit, "holder_id", json_integer(d->holder_id));
	rc = save(ctx, d, "device.label_affixed", json_incref(audit));
done:
	return bm_svc_end(ctx, rc, "device.label_affixed", device_object(ctx, id),
	                  bm_svc_json(ctx, audit));
}

/*
 * DEV-6: approved request `r` names device `id`; `*code` the method
 * executed: the one given, else the approved one, else the destruction
 * centre's.
 */
static int scrap_method(int64_t id, int64_t request_id, const bm_request_row *r, const char *method,
                        int *code)
{
	json_t *params = json_loads(r->params ? r->params : "{}", 0, NULL);
	bm_decision dec;
	int rc = 0;
	if (!bm_rules_device_scrap_names(
	            &dec, request_id,
	            (int64_t)json_integer_value(json_object_get(params, "device_id")), id)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	/* The method executed is the one approved, unless another is given. */
	if (!bm_utf8_given(method))
		method = json_string_value(json_object_get(params, "method"));
	if (bm_utf8_given(method))
		rc = bm_svc_term(BM_TERM_METHOD, method, code);
	else
		*code = BM_DESTROY_CENTRE;
done:
	json_decref(params);
	return rc;
}

int bm_svc_device_scrap(bm_ctx *ctx, int64_t id, int64_t request_id, const char *const *witnesses,
                        const bm_svc_receipt *receipts, size_t n_witnesses, const char *method)
{
	bm_device *d = NULL;
	bm_request_row *r = NULL;
	json_t *audit = json_object(), *wit = json_array();
	bm_destruction how;
	bm_actor requester;
	bm_decision dec;
	bm_svc_holder_proof *proofs = NULL;
	bm_person **people = NULL;
	int64_t *ids = NULL;
	size_t *first = NULL, n_ids = 0, n_proofs = 0;
	const char **marks = NULL;
	int method_code = -1, rc;

	json_object_set_new(audit, "request_id", json_integer(request_id));
	for (size_t i = 0; i < n_witnesses && i < MAX_WITNESSES; i++)
		json_array_append_new(wit, json_string(witnesses[i] ? witnesses[i] : ""));
	json_object_set_new(audit, "witnesses", wit);
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DEVICE)) != 0)
		goto done;
	if (n_witnesses > MAX_WITNESSES) {
		rc = bm_error_set(BM_ETOOLARGE, "too_many_witnesses", NULL, "监销人最多 %d 名",
		                  "at most %d witnesses", MAX_WITNESSES);
		goto done;
	}
	/* DEV-6 as DESTROY-2, REG-1: the witnesses' passwords checked as at login, first. */
	if ((rc = bm_svc_witness_proofs(ctx, witnesses, receipts, n_witnesses, &proofs,
	                                &n_proofs)) != 0)
		goto done;
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		bm_svc_witnesses_failed(ctx, proofs, n_proofs);
		return rc;
	}
	if ((rc = load_device(ctx, id, &d)) != 0 ||
	    (rc = bm_req_load_approved(ctx, request_id, BM_OP_SCRAP, 0, &r)) != 0)
		goto done;
	if ((rc = scrap_method(id, request_id, r, method, &method_code)) != 0)
		goto done;
	/* DESTROY-2: people of the unit, active, the same person twice one witness. */
	if ((rc = bm_svc_witnesses_resolve(ctx, witnesses, n_witnesses, &ids, &people, &first,
	                                   &n_ids)) != 0)
		goto done;
	memset(&requester, 0, sizeof(requester));
	requester.id = r->requester_id;
	how.witnesses = ids;
	how.n_witnesses = n_ids;
	how.method = method_code;
	/* DEV-6 as DESTROY-2/3: witnesses, none the requester; irrecoverable. */
	if (!bm_rules_device_scrap(&dec, &ctx->policy, &requester, d->kind, d->status, &how)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	/* DESTROY-2 with REG-1: last, each witness confirms the scrapping themselves. */
	if ((rc = bm_svc_witnesses_confirm(ctx, people, first, n_ids, receipts, proofs, &marks)) !=
	    0)
		goto done;
	d->status = BM_DEVICE_SCRAPPED;
	if ((rc = bm_req_mark_executed(ctx, r)) != 0)
		goto done;
	json_object_set_new(audit, "method",
	                    json_string(bm_destroy_method_names[method_code].code));
	json_object_set_new(audit, "witness_ids", json_array());
	json_object_set_new(audit, "witness_names", json_array());
	for (size_t i = 0; i < n_ids; i++) {
		json_array_append_new(json_object_get(audit, "witness_ids"), json_integer(ids[i]));
		json_array_append_new(json_object_get(audit, "witness_names"),
		                      json_string(people[i]->name));
	}
	json_object_set_new(audit, "witness_receipts", bm_svc_witness_marks(marks, n_ids));
	rc = save(ctx, d, "device.scrap", json_incref(audit));
done:
	if (n_proofs)
		json_object_set_new(audit, "witness_confirmations",
		                    bm_svc_witnesses_audit(proofs, receipts, n_proofs));
	rc = bm_svc_end(ctx, rc, "device.scrap", device_object(ctx, id), bm_svc_json(ctx, audit));
	bm_svc_witnesses_failed(ctx, proofs, n_proofs);
	return rc;
}

int bm_svc_device_show(bm_ctx *ctx, int64_t id, bm_device **out, bm_device_event **events,
                       size_t *n_events)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) == 0 && (rc = load_device(ctx, id, out)) == 0 &&
	    events)
		rc = BM_STORE(ctx->store, device_events)(ctx->store, ctx->arena, id, events,
		                                         n_events);
	return bm_svc_end(ctx, rc, "device.show", device_object(ctx, id), NULL);
}

int bm_svc_device_list(bm_ctx *ctx, const bm_device_query *q, bm_device **out, size_t *count)
{
	bm_device_filter f = {-1, -1, -1, 0, NULL, 0};
	bm_device *rows = NULL;
	bm_decision dec;
	size_t n = 0, k = 0;
	int rc, v;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if (bm_utf8_given(q->kind) && !bm_rules_device_kind(&dec, q->kind, &f.kind)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (bm_utf8_given(q->status) && !bm_rules_device_status(&dec, q->status, &f.status)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (bm_utf8_given(q->level)) {
		if ((rc = bm_svc_term(BM_TERM_LEVEL, q->level, &v)) != 0)
			goto done;
		f.level = v;
	}
	if (bm_utf8_given(q->holder)) {
		bm_person *p;
		if ((rc = bm_svc_unit_person(ctx, q->holder, &p)) != 0)
			goto done;
		f.holder_id = p->id;
	}
	if ((rc = bm_svc_check_text(q->q, "检索", "search", MAX_TEXT, false)) != 0)
		goto done;
	f.q = q->q;
	if ((rc = BM_STORE(ctx->store, device_list)(ctx->store, ctx->arena, ctx->unit->id, &f,
	                                            &rows, &n)) != 0)
		goto done;
	for (size_t i = 0; i < n; i++)
		if (sees(ctx, &rows[i])) {
			rows[k] = rows[i];
			password_facts(ctx, &rows[k]);
			k++;
		}
	*out = rows;
	*count = k;
done:
	return bm_svc_end(ctx, rc, "device.list", "", NULL);
}

/* ---- the repair register (涉密设备维修登记, DEV-5 with REG-1) ------------ */

static json_t *text_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* An ISO instant as the unit's local "YYYY-MM-DD HH:MM" (the text itself when unreadable). */
static const char *local_minute(bm_ctx *ctx, const char *iso)
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

/* DEV-5: what was done with the storage before the repair, in the register's words. */
static const char *storage_zh(const char *code)
{
	if (!code)
		return "";
	if (strcmp(code, "removed") == 0)
		return "已拆除";
	if (strcmp(code, "degaussed") == 0)
		return "已消磁";
	if (strcmp(code, "none") == 0)
		return "无存储部件";
	return code;
}

/* Copies member `key` of `from` into `to` when it is there. */
static void copy_member(json_t *to, const json_t *from, const char *key)
{
	json_t *v = json_object_get(from, key);
	if (v)
		json_object_set(to, key, v);
}

/* A new row of the register for device `d`. */
static json_t *repair_row(const bm_device *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "device_id", json_integer(d->id));
	json_object_set_new(o, "number", json_string(d->number));
	json_object_set_new(o, "kind_zh", json_string(bm_device_kind_names[d->kind].zh));
	json_object_set_new(o, "level_zh", json_string(bm_level_names[d->level].zh));
	json_object_set_new(o, "holder", text_or_null(d->holder_name));
	json_object_set_new(o, "status", json_string("open"));
	return o;
}

/*
 * REG-1 (issue 14 point 5): how the 验收人 confirmed the repair's end, in
 * the registers' words: 本人口令确认 and when, 纸质登记簿手签, or — a repair
 * ended before, whose 验收人 the clerk typed — 录入姓名（非本人签字）.
 */
static void repair_end_into(bm_ctx *ctx, json_t *o, const bm_device_event *e, const json_t *det)
{
	const char *how = json_string_value(json_object_get(det, "checked_by_receipt"));
	if (!how)
		how = "typed";
	json_object_set_new(o, "status", json_string("ended"));
	copy_member(o, det, "checked_by");
	copy_member(o, det, "checked_by_id");
	copy_member(o, det, "result");
	json_object_set(o, "ended_on", json_object_get(det, "on"));
	json_object_set_new(o, "checked_by_receipt", json_string(how));
	json_object_set_new(o, "acceptance",
	                    json_string(strcmp(how, "password") == 0
	                                        ? bm_arena_printf(ctx->arena, "本人口令确认 %s",
	                                                          local_minute(ctx, e->at))
	                                : strcmp(how, "paper") == 0 ? "纸质登记簿手签"
	                                                            : "录入姓名（非本人签字）"));
}

/*
 * The repairs of device `d` from its repair lines `ev` (`n` of them, oldest
 * first), appended to `items`.
 */
static void device_repairs(bm_ctx *ctx, const bm_device *d, const bm_device_event *ev, size_t n,
                           json_t *items)
{
	json_t *open = NULL;
	for (size_t i = 0; i < n; i++) {
		bool start = strcmp(ev[i].action, "device.repair") == 0;
		json_t *det;
		if (!start && strcmp(ev[i].action, "device.repair_end") != 0)
			continue;
		det = json_loads(ev[i].detail ? ev[i].detail : "{}", 0, NULL);
		if (start || !open) {
			open = repair_row(d);
			json_array_append_new(items, open);
		}
		if (start) {
			static const char *const keys[] = {"supervisor", "technician", "company",
			                                   "fault", "on_site"};
			for (size_t k = 0; k < BM_ARRAY_LEN(keys); k++)
				copy_member(open, det, keys[k]);
			json_object_set(open, "started_on", json_object_get(det, "on"));
			json_object_set_new(open, "storage_zh",
			                    json_string(storage_zh(json_string_value(
			                            json_object_get(det, "storage")))));
		} else {
			repair_end_into(ctx, open, &ev[i], det);
			open = NULL;
		}
		json_decref(det);
	}
}

/*
 * The lines of device `id` among `ev` (`n`, ordered by device id): the first
 * in *first, how many as the result (0: none).
 */
static size_t events_of(const bm_device_event *ev, size_t n, int64_t id, size_t *first)
{
	size_t lo = 0, hi = n, k;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (ev[mid].device_id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	k = lo;
	while (k < n && ev[k].device_id == id)
		k++;
	*first = lo;
	return k - lo;
}

int bm_svc_device_repairs(bm_ctx *ctx, json_t **out)
{
	bm_device_filter f = {-1, -1, -1, 0, NULL, 0};
	bm_device *rows = NULL;
	bm_device_event *ev = NULL;
	json_t *items = json_array();
	size_t n = 0, n_ev = 0, first = 0, k;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(items);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0 ||
	    (rc = BM_STORE(ctx->store, device_list)(ctx->store, ctx->arena, ctx->unit->id, &f,
	                                            &rows, &n)) != 0 ||
	    (rc = BM_STORE(ctx->store, device_repair_events)(ctx->store, ctx->arena, ctx->unit->id,
	                                                     &ev, &n_ev)) != 0)
		goto done;
	/* By the register's order (device_list: number), each device's lines from the one read. */
	for (size_t i = 0; i < n; i++)
		if (sees(ctx, &rows[i]) && (k = events_of(ev, n_ev, rows[i].id, &first)) > 0)
			device_repairs(ctx, &rows[i], ev + first, k, items);
done:
	if (rc == 0) {
		*out = items;
		items = NULL;
	}
	json_decref(items);
	return bm_svc_end(ctx, rc, "device.repairs", "", NULL);
}

json_t *bm_device_to_json(const bm_device *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "number", json_string(d->number));
	json_object_set_new(o, "kind", json_string(bm_device_kind_names[d->kind].code));
	json_object_set_new(o, "kind_zh", json_string(bm_device_kind_names[d->kind].zh));
	json_object_set_new(o, "model", text_or_null(d->model));
	json_object_set_new(o, "serial", text_or_null(d->serial));
	json_object_set_new(o, "level", json_string(bm_level_names[d->level].code));
	json_object_set_new(o, "level_zh", json_string(bm_level_names[d->level].zh));
	json_object_set_new(o, "holder_id",
	                    d->holder_id ? json_integer(d->holder_id) : json_null());
	json_object_set_new(o, "holder", text_or_null(d->holder_name));
	json_object_set_new(o, "operator_id",
	                    d->operator_id ? json_integer(d->operator_id) : json_null());
	json_object_set_new(o, "operator", text_or_null(d->operator_name));
	json_object_set_new(o, "place", text_or_null(d->place));
	json_object_set_new(o, "status", json_string(bm_device_status_names[d->status].code));
	json_object_set_new(o, "encrypted", json_boolean(d->encrypted));
	json_object_set_new(o, "password_changed_on", text_or_null(d->password_changed_on));
	json_object_set_new(o, "password_due", json_boolean(d->password_due));
	json_object_set_new(o, "password_due_on", text_or_null(d->password_due_on));
	json_object_set_new(o, "carrier_id",
	                    d->carrier_id ? json_integer(d->carrier_id) : json_null());
	json_object_set_new(o, "note", text_or_null(d->note));
	{
		bm_device_label_state ls = d->label_state;
		json_t *l = json_object();
		json_object_set_new(l, "state", json_string(bm_device_label_state_names[ls].code));
		json_object_set_new(l, "state_zh", json_string(bm_device_label_state_names[ls].zh));
		json_object_set_new(l, "state_en", json_string(bm_device_label_state_names[ls].en));
		json_object_set_new(l, "affixed_on", text_or_null(d->label_affixed_on));
		json_object_set_new(l, "affixed_by",
		                    d->label_affixed_by ? json_integer(d->label_affixed_by)
		                                        : json_null());
		json_object_set_new(l, "affixed_by_name", text_or_null(d->label_affixed_by_name));
		json_object_set_new(l, "level",
		                    d->label_affixed_on && d->label_level >= 0 &&
		                                    d->label_level < BM_LEVEL_COUNT
		                            ? json_string(bm_level_names[d->label_level].code)
		                            : json_null());
		json_object_set_new(l, "holder_id",
		                    d->label_holder_id ? json_integer(d->label_holder_id)
		                                       : json_null());
		json_object_set_new(o, "label_affixed", l);
	}
	json_object_set_new(o, "created_at", text_or_null(d->created_at));
	json_object_set_new(o, "updated_at", text_or_null(d->updated_at));
	{
		char code[48];
		snprintf(code, sizeof(code), "baomi:device:%lld", (long long)d->id);
		json_object_set_new(o, "label", json_string(code));
	}
	return o;
}

json_t *bm_device_event_to_json(const bm_device_event *e)
{
	json_t *o = json_object();
	json_t *detail = json_loads(e->detail ? e->detail : "{}", 0, NULL);
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "at", json_string(e->at));
	json_object_set_new(o, "actor_id", e->actor_id ? json_integer(e->actor_id) : json_null());
	json_object_set_new(o, "actor", text_or_null(e->actor_name));
	json_object_set_new(o, "action", json_string(e->action));
	json_object_set_new(o, "detail", detail ? detail : json_object());
	return o;
}
