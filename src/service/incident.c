/*
 * incident.c — losses and leaks (失泄密事件): BORROW-6, INV-4, INC-1, INC-4.
 *
 * An incident is opened by whoever reports it (or by a count, INV-4). Its
 * INC-1 record — what, level, quantity, carrier form, harm, circumstances,
 * responsible people, remedies — is complete once every field is given;
 * the moment it becomes complete is kept as `reported_at` in the detail.
 * The moment of discovery (`discovered_at`) and the report to the higher
 * authority (`notice`: when, to whom, document number) are kept there too:
 * the 24-hour alert counts from the one until the other is recorded. The
 * report recorded is amended, never rewritten: the one replaced goes to
 * `notice_history` with why.
 * Findings follow (INC-4); an incident closes only with both. Alerts
 * (alerts.c) flag reports and findings that are late; sanctions on an
 * incident are merit.c's (INC-2).
 */
#include "common.h"

#include <stdio.h>

#include "policy/cases.h"
#include "policy/sanction.h"
#include "service/ledger_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_FIELD = 1000,
	MAX_FINDINGS = 4000,
};

/* The INC-1 record's fields, in the order the regulation lists them. */
static const struct {
	const char *key, *zh, *en;
} inc1_fields[] = {
        {"what", "泄露或下落不明的内容", "what was lost or leaked"},
        {"level", "密级", "level"},
        {"quantity", "数量", "quantity"},
        {"form", "载体形式", "carrier form"},
        {"harm", "危害", "harm"},
        {"circumstances", "经过", "circumstances"},
        {"responsible", "责任人", "responsible people"},
        {"remedies", "补救措施", "remedies taken"},
};

static const char *incident_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "incident:%lld", (long long)id) : "";
}

/* The roles that run investigations: the clerk and the leadership. */
static bool investigator(const bm_ctx *ctx)
{
	static const bm_role roles[] = {BM_ROLE_CLERK, BM_ROLE_LEADER, BM_ROLE_PRINCIPAL};
	return bm_ledger_has_any_role(ctx, roles, BM_ARRAY_LEN(roles));
}

static const char *input_field(const bm_incident_input *in, const char *key)
{
	if (strcmp(key, "what") == 0)
		return in->what;
	if (strcmp(key, "level") == 0)
		return in->level;
	if (strcmp(key, "quantity") == 0)
		return in->quantity;
	if (strcmp(key, "form") == 0)
		return in->form;
	if (strcmp(key, "harm") == 0)
		return in->harm;
	if (strcmp(key, "circumstances") == 0)
		return in->circumstances;
	if (strcmp(key, "responsible") == 0)
		return in->responsible;
	return in->remedies;
}

/*
 * Writes the given fields into `detail` (checked, levels normalised to
 * their code) and marks the report complete when every INC-1 field is
 * there.
 */
static int merge_fields(bm_ctx *ctx, const bm_incident_input *in, json_t *detail)
{
	bool complete = true;
	int rc;
	for (size_t i = 0; i < BM_ARRAY_LEN(inc1_fields); i++) {
		const char *v = input_field(in, inc1_fields[i].key);
		if (!bm_utf8_given(v))
			continue;
		if ((rc = bm_svc_check_text(v, inc1_fields[i].zh, inc1_fields[i].en, MAX_FIELD,
		                            true)) != 0)
			return rc;
		if (strcmp(inc1_fields[i].key, "level") == 0) {
			int level;
			if ((rc = bm_svc_term(BM_TERM_INCIDENT_LEVEL, v, &level)) != 0)
				return rc;
			v = bm_level_names[level].code;
		}
		json_object_set_new(detail, inc1_fields[i].key, json_string(v));
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(inc1_fields); i++) {
		const char *v = json_string_value(json_object_get(detail, inc1_fields[i].key));
		if (!v || !*v)
			complete = false;
	}
	/* INC-1: the report is made when the whole record is there. */
	if (complete && !json_object_get(detail, "reported_at")) {
		const char *now = bm_svc_now_iso(ctx);
		if (!now || json_object_set_new(detail, "reported_at", json_string(now)) != 0)
			return bm_error_nomem();
	}
	return 0;
}

/*
 * INC-1: writes the moment of discovery given in `text` into `detail`
 * (checked: a time that has come, not after `opened_at`, 0 when opening
 * now); NULL or blank keeps what is there, or sets now when nothing is.
 */
static int set_discovered(bm_ctx *ctx, const char *text, int64_t opened_at, json_t *detail)
{
	bm_decision d;
	int64_t at = ctx->now;
	bool valid = true;
	char iso[BM_ISO_TIME_LEN];
	if (!bm_utf8_given(text)) {
		if (json_object_get(detail, "discovered_at"))
			return 0;
	} else {
		valid = bm_time_parse(text, &at);
	}
	if (!bm_rules_incident_discovered(&d, valid, at, opened_at, ctx->now))
		return bm_decision_error(&d);
	bm_time_format(at, iso);
	if (json_object_set_new(detail, "discovered_at", json_string(iso)) != 0)
		return bm_error_nomem();
	return 0;
}

/* INC-1: the kinds of incident. */
static int check_kind(const char *kind)
{
	int v;
	return bm_svc_term(BM_TERM_INCIDENT_KIND, kind, &v);
}

/*
 * INV-4: a carrier reported missing is missing in the ledger too, as when
 * a count misses it, so the alerts, the counts and the registers agree.
 * One already gone (missing, destroyed, returned to its issuer) stays as it is.
 */
static int mark_missing(bm_ctx *ctx, bm_carrier *c, int64_t incident_id, json_t *audit)
{
	const char *h;
	int rc;
	if (c->status == BM_STATUS_MISSING || c->status == BM_STATUS_DESTROYED ||
	    c->status == BM_STATUS_RETURNED)
		return 0;
	if (!(h = bm_arena_printf(ctx->arena, "{\"incident_id\":%lld}", (long long)incident_id)))
		return bm_error_nomem();
	if ((rc = bm_ledger_set_status(ctx, c, BM_STATUS_MISSING, "incident.missing", h)) != 0)
		return rc;
	json_object_set_new(audit, "marked_missing", json_true());
	return 0;
}

int bm_svc_incident_open(bm_ctx *ctx, const bm_incident_input *in, bm_incident_row **out)
{
	json_t *detail = json_object(), *audit = json_object();
	bm_carrier *c = NULL;
	const char *kind = in->kind && *in->kind ? in->kind : "other";
	bm_decision dec;
	int64_t id = 0;
	int rc;

	json_object_set_new(audit, "kind", json_string(kind));
	if (in->carrier_id)
		json_object_set_new(audit, "carrier_id", json_integer(in->carrier_id));
	/* The kind needs no database: checked before the transaction, audited all the same. */
	if ((rc = check_kind(kind)) != 0 || (rc = bm_svc_begin(ctx)) != 0 ||
	    (rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	if (in->carrier_id) {
		if ((rc = bm_svc_carrier_visible(ctx, in->carrier_id, &c)) != 0)
			goto done;
		/* The record starts from what the ledger knows of the carrier. */
		json_object_set_new(detail, "what", json_string(c->title));
		json_object_set_new(detail, "level", json_string(bm_level_names[c->level].code));
		json_object_set_new(detail, "quantity", json_string("1"));
		json_object_set_new(detail, "form", json_string(bm_kind_names[c->kind].code));
	}
	/* INC-1: what was lost; BORROW-6: an overdue incident names its carrier. */
	if (!bm_rules_incident_record(&dec, kind, c != NULL, bm_utf8_given(in->what))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = merge_fields(ctx, in, detail)) != 0 ||
	    (rc = set_discovered(ctx, in->discovered_at, 0, detail)) != 0)
		goto done;
	json_object_set_new(detail, "source", json_string("report"));
	/* A label: the rule the record answers to. */
	json_object_set_new(detail, "rule", json_string(bm_rules_incident_rule(kind)));
	if ((rc = bm_ledger_incident_insert(ctx, kind, c ? c->id : 0, json_incref(detail), &id)) !=
	            0 ||
	    (c && strcmp(kind, "missing") == 0 && (rc = mark_missing(ctx, c, id, audit)) != 0))
		goto done;
	json_object_set_new(audit, "reported",
	                    json_boolean(json_object_get(detail, "reported_at")));
	rc = BM_STORE(ctx->store, incident_get)(ctx->store, ctx->arena, id, out);
done:
	json_decref(detail);
	return bm_svc_end(ctx, rc, "incident.open", incident_object(ctx, rc ? 0 : id),
	                  bm_svc_json(ctx, audit));
}

/* Loads an incident the actor may handle: investigators all, others the ones they opened. */
static int load_incident(bm_ctx *ctx, int64_t id, bm_incident_row **out)
{
	bm_decision d;
	int rc = BM_STORE(ctx->store, incident_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && ((*out)->unit_id != ctx->unit->id ||
	                (!investigator(ctx) && (*out)->opened_by != ctx->actor->id)))
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND && !bm_rules_found(&d, BM_RECORD_INCIDENT, id, false))
		rc = bm_decision_error(&d);
	return rc;
}

/* Appends `action` naming the incident to the carrier's history. */
static int history(bm_ctx *ctx, int64_t carrier_id, const char *action, int64_t incident_id)
{
	const char *detail =
	        bm_arena_printf(ctx->arena, "{\"incident_id\":%lld}", (long long)incident_id);
	return detail ? bm_svc_history(ctx, carrier_id, action, detail) : bm_error_nomem();
}

static int require_open(const bm_incident_row *i)
{
	bm_decision d;
	if (!bm_rules_incident_open(&d, i->id, i->status))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_incident_report(bm_ctx *ctx, int64_t id, const bm_incident_input *in)
{
	bm_incident_row *i = NULL;
	json_t *detail = NULL, *audit = json_object();
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INCIDENT_OPEN)) != 0 ||
	    (rc = load_incident(ctx, id, &i)) != 0 || (rc = require_open(i)) != 0)
		goto done;
	if (!(detail = json_loads(i->detail ? i->detail : "{}", 0, NULL)) ||
	    !json_is_object(detail)) {
		json_decref(detail);
		detail = json_object();
	}
	if ((rc = merge_fields(ctx, in, detail)) != 0)
		goto done;
	if (bm_utf8_given(in->discovered_at)) {
		int64_t opened = 0;
		/* A correction of the discovery: the 24 hours move with it, never past the opening.
		 */
		if (!bm_time_parse(i->opened_at, &opened))
			opened = ctx->now;
		if ((rc = set_discovered(ctx, in->discovered_at, opened, detail)) != 0)
			goto done;
		json_object_set_new(audit, "discovered_at",
		                    json_incref(json_object_get(detail, "discovered_at")));
	}
	json_object_set_new(audit, "reported",
	                    json_boolean(json_object_get(detail, "reported_at")));
	/* A NULL detail would be stored as "{}", wiping the INC-1 record. */
	if (!(i->detail = bm_svc_json(ctx, json_incref(detail)))) {
		rc = bm_error_nomem();
		goto done;
	}
	rc = BM_STORE(ctx->store, incident_update)(ctx->store, i);
done:
	json_decref(detail);
	return bm_svc_end(ctx, rc, "incident.report", incident_object(ctx, id),
	                  bm_svc_json(ctx, audit));
}

/* INC-1: the discovery recorded on the incident (the opening for records made before it). */
static int64_t discovered_of(const bm_incident_row *i, json_t *detail)
{
	int64_t at = 0;
	const char *s = json_string_value(json_object_get(detail, "discovered_at"));
	if (s && bm_time_parse(s, &at))
		return at;
	return bm_time_parse(i->opened_at, &at) ? at : 0;
}

static bool same_text(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

/* A text of the report as amended: the one given, else the one recorded. */
static const char *notice_text(const char *given_text, json_t *old, const char *key)
{
	return bm_utf8_given(given_text) || !old ? given_text
	                                         : json_string_value(json_object_get(old, key));
}

/* The INC-1 facts of the report `in` (or, amending, `in` over the report recorded `old`). */
static void notice_facts(const bm_ctx *ctx, const bm_incident_row *i, json_t *detail, json_t *old,
                         bool amend, const bm_incident_notice_input *in,
                         bm_incident_notice_facts *f, const char **to, const char **doc)
{
	const char *old_at = json_string_value(json_object_get(old, "sent_at"));
	const char *at = amend && !bm_utf8_given(in->sent_at) ? old_at : in->sent_at;
	*to = amend ? notice_text(in->to, old, "to") : in->to;
	*doc = amend ? notice_text(in->document, old, "document") : in->document;
	f->to_given = bm_utf8_given(*to);
	f->document_given = bm_utf8_given(*doc);
	f->sent_at = ctx->now;
	if (bm_utf8_given(at) && !bm_time_parse(at, &f->sent_at))
		f->sent_at = 0;
	f->discovered_at = discovered_of(i, detail);
	f->now = ctx->now;
	f->already = old != NULL;
	f->amend = amend;
	f->reason_given = bm_utf8_given(in->reason);
	if (amend && old) {
		int64_t was = 0;
		f->changed = !old_at || !bm_time_parse(old_at, &was) || was != f->sent_at ||
		             !same_text(*to, json_string_value(json_object_get(old, "to"))) ||
		             !same_text(*doc, json_string_value(json_object_get(old, "document")));
	}
}

/*
 * INC-1: records the report to the higher authority, or (`amend`) amends
 * the one recorded: the report replaced is appended to `notice_history`
 * with when, by whom and why, and the amendment carries its reason.
 */
static int record_notice(bm_ctx *ctx, int64_t id, const bm_incident_notice_input *in, bool amend)
{
	const char *action = amend ? "incident.notice_amend" : "incident.notice";
	bm_incident_row *i = NULL;
	json_t *detail = NULL, *notice = NULL, *old, *audit = json_object();
	bm_incident_notice_facts f = {0};
	bm_decision dec;
	const char *to = NULL, *doc = NULL;
	char iso[BM_ISO_TIME_LEN];
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INCIDENT_OPEN)) != 0 ||
	    (rc = bm_svc_check_text(in->to, "报告对象", "to whom", MAX_FIELD, false)) != 0 ||
	    (rc = bm_svc_check_text(in->document, "报告文号", "document number", MAX_FIELD,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->reason, "更正理由", "reason", MAX_FIELD, false)) != 0 ||
	    (rc = load_incident(ctx, id, &i)) != 0 || (rc = require_open(i)) != 0)
		goto done;
	if (!(detail = json_loads(i->detail ? i->detail : "{}", 0, NULL)) ||
	    !json_is_object(detail)) {
		json_decref(detail);
		detail = json_object();
	}
	old = json_object_get(detail, "notice");
	notice_facts(ctx, i, detail, old, amend, in, &f, &to, &doc);
	/* INC-1: reported to the higher authority: when, to whom, which document. */
	if (!bm_rules_incident_notice(&dec, &f)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	bm_time_format(f.sent_at, iso);
	notice = json_pack("{s:s, s:s, s:s, s:I, s:s}", "sent_at", iso, "to", to, "document", doc,
	                   "recorded_by", (json_int_t)ctx->actor->id, "recorded_at",
	                   bm_svc_now_iso(ctx));
	if (notice && amend) {
		/* The report replaced stays in the record, with when, by whom and why. */
		json_t *hist = json_object_get(detail, "notice_history"),
		       *was = json_deep_copy(old);
		if (!json_is_array(hist)) {
			hist = json_array();
			json_object_set_new(detail, "notice_history", hist);
		}
		json_object_set_new(was, "replaced_at", json_string(bm_svc_now_iso(ctx)));
		json_object_set_new(was, "replaced_by", json_integer(ctx->actor->id));
		json_object_set_new(was, "replaced_because", json_string(in->reason));
		json_object_set(audit, "before", old);
		json_array_append_new(hist, was);
		json_object_set_new(notice, "amended", json_true());
		json_object_set_new(notice, "reason", json_string(in->reason));
		json_object_set_new(audit, "reason", json_string(in->reason));
	}
	if (!notice || json_object_set(detail, "notice", notice) != 0 ||
	    !(i->detail = bm_svc_json(ctx, json_incref(detail)))) {
		rc = bm_error_nomem();
		goto done;
	}
	json_object_set(audit, "notice", notice);
	json_object_set_new(
	        audit, "late",
	        json_boolean(f.sent_at >=
	                     f.discovered_at + (int64_t)ctx->policy.incident_report_hours * 3600));
	if ((rc = BM_STORE(ctx->store, incident_update)(ctx->store, i)) == 0 && i->carrier_id)
		rc = history(ctx, i->carrier_id, action, id);
done:
	json_decref(notice);
	json_decref(detail);
	return bm_svc_end(ctx, rc, action, incident_object(ctx, id), bm_svc_json(ctx, audit));
}

int bm_svc_incident_notify(bm_ctx *ctx, int64_t id, const bm_incident_notice_input *in)
{
	return record_notice(ctx, id, in, false);
}

int bm_svc_incident_notice_amend(bm_ctx *ctx, int64_t id, const bm_incident_notice_input *in)
{
	return record_notice(ctx, id, in, true);
}

int bm_svc_incident_findings(bm_ctx *ctx, int64_t id, const char *findings)
{
	bm_incident_row *i = NULL;
	int rc;
	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INCIDENT_REPORT)) != 0 ||
	    (rc = bm_svc_check_text(findings, "调查结论", "findings", MAX_FINDINGS, true)) != 0 ||
	    (rc = load_incident(ctx, id, &i)) != 0 || (rc = require_open(i)) != 0)
		goto done;
	/* INC-4: the investigation's findings are recorded. */
	i->findings = findings;
	if ((rc = BM_STORE(ctx->store, incident_update)(ctx->store, i)) == 0 && i->carrier_id)
		rc = history(ctx, i->carrier_id, "incident.findings", id);
done:
	return bm_svc_end(ctx, rc, "incident.findings", incident_object(ctx, id), NULL);
}

int bm_svc_incident_close(bm_ctx *ctx, int64_t id, const char *note)
{
	bm_incident_row *i = NULL;
	json_t *detail = NULL;
	bm_decision dec;
	int rc;
	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INCIDENT_REPORT)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_FIELD, false)) != 0 ||
	    (rc = load_incident(ctx, id, &i)) != 0 || (rc = require_open(i)) != 0)
		goto done;
	detail = json_loads(i->detail ? i->detail : "{}", 0, NULL);
	/* INC-1, INC-4: a complete report and recorded findings close the case. */
	if (!bm_rules_incident_close(&dec, detail && json_object_get(detail, "reported_at"),
	                             bm_utf8_given(i->findings))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (bm_utf8_given(note))
		json_object_set_new(detail, "closing_note", json_string(note));
	i->detail = bm_svc_json(ctx, json_incref(detail));
	i->status = "closed";
	i->closed_at = bm_svc_now_iso(ctx);
	if (!i->detail || !i->closed_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, incident_update)(ctx->store, i)) == 0 && i->carrier_id)
		rc = history(ctx, i->carrier_id, "incident.close", id);
done:
	json_decref(detail);
	return bm_svc_end(ctx, rc, "incident.close", incident_object(ctx, id), NULL);
}

int bm_svc_incident_show(bm_ctx *ctx, int64_t id, bm_incident_row **out)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) == 0)
		rc = load_incident(ctx, id, out);
	return bm_svc_end(ctx, rc, "incident.show", incident_object(ctx, id), NULL);
}

int bm_svc_incident_list(bm_ctx *ctx, const char *status, bm_incident_row **out, size_t *count)
{
	bm_incident_row *rows;
	size_t n, k = 0;
	int rc, v;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	/* INC-1: the incident register lists open or closed records. */
	if (status && (rc = bm_svc_term(BM_TERM_INCIDENT_STATUS, status, &v)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, incident_list)(ctx->store, ctx->arena, status, 0, &rows,
	                                              &n)) != 0)
		goto done;
	/* Investigators see every incident; others the ones they reported. */
	for (size_t i = 0; i < n; i++)
		if (investigator(ctx) || rows[i].opened_by == ctx->actor->id)
			rows[k++] = rows[i];
	*out = rows;
	*count = k;
done:
	return bm_svc_end(ctx, rc, "incident.list", "", NULL);
}

json_t *bm_incident_to_json(const bm_incident_row *i)
{
	json_t *o = json_object();
	json_t *detail = json_loads(i->detail ? i->detail : "{}", 0, NULL);
	json_object_set_new(o, "id", json_integer(i->id));
	json_object_set_new(o, "kind", json_string(i->kind));
	json_object_set_new(o, "carrier_id",
	                    i->carrier_id ? json_integer(i->carrier_id) : json_null());
	json_object_set_new(o, "status", json_string(i->status));
	json_object_set_new(o, "opened_by",
	                    i->opened_by ? json_integer(i->opened_by) : json_null());
	json_object_set_new(o, "opened_by_name",
	                    i->opened_by_name ? json_string(i->opened_by_name) : json_null());
	json_object_set_new(o, "opened_at", json_string(i->opened_at));
	json_object_set_new(o, "detail", detail ? detail : json_object());
	json_object_set_new(o, "findings", i->findings ? json_string(i->findings) : json_null());
	json_object_set_new(o, "closed_at", i->closed_at ? json_string(i->closed_at) : json_null());
	return o;
}
