/*
 * duty.c — the unit's responsibility system (保密工作责任制, ORG-1). See
 * service/duty.h. The decisions are policy/duty.c's; this file loads the
 * facts (the people, their roles and status, the group and the lines as
 * they stand), writes the records and their history and audits them.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/duty.h"
#include "policy/duty.h"
#include "service/ledger_int.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_REF = 200,
	MAX_DOC = 200,
};

static bool holds(const bm_person *p, bm_role role)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (p->roles[i].role == role)
			return true;
	return false;
}

/*
 * An active person of the unit named by `ref`, or NULL (*out) when there is
 * none: the rule refuses then, naming ORG-1. Other errors are returned.
 */
static int active_person(bm_ctx *ctx, const char *ref, bm_person **out)
{
	int rc;
	*out = NULL;
	if (!bm_utf8_given(ref))
		return 0;
	rc = bm_svc_unit_person(ctx, ref, out);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		*out = NULL;
		return 0;
	}
	if (rc == 0 && (*out)->status != BM_PERSON_ACTIVE)
		*out = NULL;
	return rc;
}

/* Appends a line of the history, by the actor, now. */
static int history(bm_ctx *ctx, const char *action, int64_t member_id, int64_t department_id,
                   json_t *detail)
{
	bm_duty_event e = {0};
	e.unit_id = ctx->unit->id;
	e.at = bm_svc_now_iso(ctx);
	e.actor_id = ctx->actor->id;
	e.action = action;
	e.member_id = member_id;
	e.department_id = department_id;
	e.detail = bm_svc_json(ctx, json_incref(detail));
	if (!e.at || !e.detail)
		return bm_error_nomem();
	return BM_STORE(ctx->store, duty_event_add)(ctx->store, &e);
}

static int check_member_texts(const bm_duty_member_in *in)
{
	int rc;
	if ((rc = bm_svc_check_text(in->person, "人员", "person", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(in->role, "职务", "role", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(in->appointed_on, "任命日期", "appointed on", MAX_REF,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->document, "任命文号", "document", MAX_DOC, false)) != 0)
		return rc;
	return 0;
}

/* The group as it stands: whether `person_id` is in it, whether it has a head and a leader in
 * charge. */
static int group_facts(bm_ctx *ctx, int64_t person_id, bm_duty_member_facts *f)
{
	bm_duty_member *m = NULL;
	size_t n = 0;
	int rc = BM_STORE(ctx->store, duty_members)(ctx->store, ctx->arena, ctx->unit->id, false,
	                                            &m, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		if (m[i].person_id == person_id)
			f->already_member = true;
		if (strcmp(m[i].role, "head") == 0)
			f->head_taken = true;
		if (m[i].in_charge)
			f->in_charge_taken = true;
	}
	return rc;
}

static json_t *member_audit(const bm_duty_member *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "person_id", json_integer(m->person_id));
	json_object_set_new(o, "role", json_string(m->role));
	json_object_set_new(o, "in_charge", json_boolean(m->in_charge));
	json_object_set_new(o, "appointed_on", json_string(m->appointed_on));
	json_object_set_new(o, "document", json_string(m->document));
	if (m->ended_on)
		json_object_set_new(o, "ended_on", json_string(m->ended_on));
	if (m->end_document)
		json_object_set_new(o, "end_document", json_string(m->end_document));
	return o;
}

int bm_svc_duty_member_add(bm_ctx *ctx, const bm_duty_member_in *in, bm_duty_member **out)
{
	bm_duty_member_facts f = {0};
	bm_duty_member *m = NULL;
	bm_person *p = NULL;
	bm_decision d;
	json_t *audit = NULL;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DUTY)) != 0 ||
	    (rc = check_member_texts(in)) != 0 || (rc = active_person(ctx, in->person, &p)) != 0)
		goto done;
	f.role = bm_utf8_given(in->role)
	                 ? bm_vocab_find(bm_duty_role_names, BM_DUTY_ROLE_COUNT, in->role)
	                 : -1;
	f.in_charge = in->in_charge;
	f.person_active = p != NULL;
	f.person_leads = p && (holds(p, BM_ROLE_LEADER) || holds(p, BM_ROLE_PRINCIPAL));
	f.person_leader = p && holds(p, BM_ROLE_LEADER);
	f.appointed_on = bm_svc_day_of(in->appointed_on);
	f.today = bm_svc_today_days(ctx);
	f.document_given = bm_utf8_given(in->document);
	if ((rc = group_facts(ctx, p ? p->id : 0, &f)) != 0)
		goto done;
	/* ORG-1: an active person of the unit, one head (a leader), one leader in charge. */
	if (!bm_rules_duty_member(&d, &f)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(m = bm_arena_alloc(ctx->arena, sizeof(*m)))) {
		rc = bm_error_nomem();
		goto done;
	}
	m->unit_id = ctx->unit->id;
	m->person_id = p->id;
	m->role = bm_duty_role_names[f.role].code;
	m->in_charge = f.in_charge;
	m->appointed_on = bm_svc_date_text(ctx, f.appointed_on);
	m->document = in->document;
	m->recorded_by = ctx->actor->id;
	m->recorded_at = bm_svc_now_iso(ctx);
	if (!m->appointed_on || !m->recorded_at) {
		rc = bm_error_nomem();
		goto done;
	}
	/* the place as read back, with the person's name and department */
	if ((rc = BM_STORE(ctx->store, duty_member_insert)(ctx->store, m)) != 0 ||
	    (rc = BM_STORE(ctx->store, duty_member_get)(ctx->store, ctx->arena, m->id, &m)) != 0)
		goto done;
	audit = member_audit(m);
	if ((rc = history(ctx, "member.add", m->id, 0, audit)) != 0)
		goto done;
	*out = m;
done:
	if (!audit && p) {
		audit = json_object();
		json_object_set_new(audit, "person_id", json_integer(p->id));
	}
	return bm_svc_end(
	        ctx, rc, "duty.member_add",
	        rc == 0 && m ? bm_arena_printf(ctx->arena, "duty_member:%lld", (long long)m->id)
	                     : "",
	        audit ? bm_svc_json(ctx, audit) : NULL);
}

int bm_svc_duty_member_end(bm_ctx *ctx, int64_t id, const char *on, const char *document,
                           bm_duty_member **out)
{
	bm_duty_member *m = NULL;
	bm_decision d;
	json_t *audit = NULL;
	int32_t day, today;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DUTY)) != 0 ||
	    (rc = bm_svc_check_text(on, "结束日期", "ended on", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(document, "免职文号", "document", MAX_DOC, false)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, duty_member_get)(ctx->store, ctx->arena, id, &m);
	if (rc == 0 && m->unit_id != ctx->unit->id)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_duty_member", NULL,
		                  "领导小组成员记录 %lld 不存在",
		                  "leadership group place %lld does not exist", (long long)id);
	if (rc)
		goto done;
	today = bm_svc_today_days(ctx);
	day = bm_utf8_given(on) ? bm_svc_day_of(on) : today;
	/* ORG-1: a place ends once, between its appointment and today. */
	if (!bm_rules_duty_member_end(&d, id, m->ended_on != NULL, bm_svc_day_of(m->appointed_on),
	                              day, today)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	m->ended_on = bm_svc_date_text(ctx, day);
	m->end_document = bm_utf8_given(document) ? document : NULL;
	if (!m->ended_on) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, duty_member_end)(ctx->store, m)) != 0)
		goto done;
	audit = member_audit(m);
	if ((rc = history(ctx, "member.end", m->id, 0, audit)) != 0)
		goto done;
	*out = m;
done:
	return bm_svc_end(ctx, rc, "duty.member_end",
	                  id ? bm_arena_printf(ctx->arena, "duty_member:%lld", (long long)id) : "",
	                  audit ? bm_svc_json(ctx, audit) : NULL);
}

/* The department's current line, or NULL. */
static int current_line(bm_ctx *ctx, int64_t department_id, bm_duty_dept **out)
{
	bm_duty_dept *v = NULL;
	size_t n = 0;
	int rc = BM_STORE(ctx->store, duty_depts)(ctx->store, ctx->arena, ctx->unit->id, false, &v,
	                                          &n);
	*out = NULL;
	for (size_t i = 0; rc == 0 && i < n; i++)
		if (v[i].department_id == department_id)
			*out = &v[i];
	return rc;
}

static json_t *dept_audit(const bm_duty_dept *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "department_id", json_integer(t->department_id));
	json_object_set_new(o, "leader_id", json_integer(t->leader_id));
	json_object_set_new(o, "clerk_id", json_integer(t->clerk_id));
	json_object_set_new(o, "since", json_string(t->since));
	if (t->document)
		json_object_set_new(o, "document", json_string(t->document));
	return o;
}

/* The facts of a department's line as typed: the department, both people, the day. */
static int dept_facts(bm_ctx *ctx, const bm_duty_dept_in *in, bm_duty_dept_facts *f,
                      bm_department **dep, bm_person **leader, bm_person **clerk,
                      bm_duty_dept **cur)
{
	int rc;
	*dep = NULL;
	*cur = NULL;
	if (bm_utf8_given(in->department)) {
		rc = bm_svc_department_resolve(ctx, in->department, dep);
		if (rc == BM_ENOTFOUND) {
			bm_error_clear();
			*dep = NULL;
		} else if (rc) {
			return rc;
		}
	}
	f->department_of_unit = *dep && (*dep)->unit_id == ctx->unit->id;
	/* ORG-1: a retired department gets no new responsibility line (issue 14 point 14). */
	if (f->department_of_unit && (rc = bm_svc_department_open(*dep)) != 0)
		return rc;
	if ((rc = active_person(ctx, in->leader, leader)) != 0 ||
	    (rc = active_person(ctx, in->clerk, clerk)) != 0)
		return rc;
	f->leader_active = *leader != NULL;
	f->clerk_active = *clerk != NULL;
	f->clerk_of_department =
	        *clerk && f->department_of_unit && (*clerk)->department_id == (*dep)->id;
	f->since = bm_utf8_given(in->since) ? bm_svc_day_of(in->since) : bm_svc_today_days(ctx);
	f->today = bm_svc_today_days(ctx);
	f->current_since = BM_DATE_NONE;
	if (f->department_of_unit && (rc = current_line(ctx, (*dep)->id, cur)) != 0)
		return rc;
	if (*cur) {
		f->current_since = bm_svc_day_of((*cur)->since);
		f->unchanged = *leader && *clerk && (*cur)->leader_id == (*leader)->id &&
		               (*cur)->clerk_id == (*clerk)->id;
	}
	return 0;
}

int bm_svc_duty_dept_set(bm_ctx *ctx, const bm_duty_dept_in *in, bm_duty_dept **out)
{
	bm_duty_dept_facts f = {0};
	bm_duty_dept *t = NULL, *cur = NULL;
	bm_department *dep = NULL;
	bm_person *leader = NULL, *clerk = NULL;
	bm_decision d;
	json_t *audit = NULL;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_DUTY)) != 0 ||
	    (rc = bm_svc_check_text(in->department, "部门", "department", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(in->leader, "责任领导", "leader", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(in->clerk, "保密员", "clerk", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(in->since, "起始日期", "since", MAX_REF, false)) != 0 ||
	    (rc = bm_svc_check_text(in->document, "文号", "document", MAX_DOC, false)) != 0 ||
	    (rc = dept_facts(ctx, in, &f, &dep, &leader, &clerk, &cur)) != 0)
		goto done;
	/* ORG-1: active people of the unit, the clerk of the department, a day in order. */
	if (!bm_rules_duty_dept(&d, &f)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(t = bm_arena_alloc(ctx->arena, sizeof(*t)))) {
		rc = bm_error_nomem();
		goto done;
	}
	t->unit_id = ctx->unit->id;
	t->department_id = dep->id;
	t->leader_id = leader->id;
	t->clerk_id = clerk->id;
	t->since = bm_svc_date_text(ctx, f.since);
	t->document = bm_utf8_given(in->document) ? in->document : NULL;
	t->recorded_by = ctx->actor->id;
	t->recorded_at = bm_svc_now_iso(ctx);
	if (!t->since || !t->recorded_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if (cur) {
		cur->ended_on = t->since;
		if ((rc = BM_STORE(ctx->store, duty_dept_end)(ctx->store, cur)) != 0)
			goto done;
	}
	if ((rc = BM_STORE(ctx->store, duty_dept_insert)(ctx->store, t)) != 0)
		goto done;
	t->department_name = dep->name;
	t->leader_name = leader->name;
	t->clerk_name = clerk->name;
	t->leader_status = leader->status;
	t->clerk_status = clerk->status;
	audit = dept_audit(t);
	if (cur)
		json_object_set_new(audit, "replaces", json_integer(cur->id));
	if ((rc = history(ctx, "department.set", 0, dep->id, audit)) != 0)
		goto done;
	*out = t;
done:
	if (!audit && dep) {
		audit = json_object();
		json_object_set_new(audit, "department_id", json_integer(dep->id));
	}
	return bm_svc_end(
	        ctx, rc, "duty.department_set",
	        rc == 0 && t ? bm_arena_printf(ctx->arena, "duty_department:%lld", (long long)t->id)
	                     : "",
	        audit ? bm_svc_json(ctx, audit) : NULL);
}

/* ---- the gaps: ORG-1 alerts ---------------------------------------------- */

typedef struct gaps {
	bm_ctx *ctx;
	bm_alert *v;
	size_t n, cap;
	int64_t *told; /* people whose statement was looked at */
	size_t n_told;
} gaps;

static bm_alert *gap_add(gaps *g, const bm_decision *d, const char *urgency)
{
	bm_alert *a;
	if (g->n == g->cap) {
		size_t cap = g->cap ? g->cap * 2 : 16;
		bm_alert *v = bm_arena_alloc(g->ctx->arena, cap * sizeof(*v));
		if (!v)
			return NULL;
		if (g->n)
			memcpy(v, g->v, g->n * sizeof(*v));
		g->v = v;
		g->cap = cap;
	}
	a = &g->v[g->n++];
	memset(a, 0, sizeof(*a));
	a->rule = d->rule;
	a->code = d->code;
	a->urgency = urgency;
	a->text_zh = bm_arena_strdup(g->ctx->arena, d->reason_zh);
	a->text_en = bm_arena_strdup(g->ctx->arena, d->reason_en);
	if (!a->text_zh || !a->text_en)
		return NULL;
	return a;
}

/* ORG-1: the statement of `person_id` (`as_zh`/`as_en`: what they are), once per person. */
static int statement_gap(gaps *g, int64_t person_id, const char *as_zh, const char *as_en,
                         int32_t today, bool beside_register)
{
	bm_ctx *ctx = g->ctx;
	bm_person *p = NULL;
	bm_person_facts pf;
	bm_decision d, reg;
	bm_alert *a;
	int rc;

	for (size_t i = 0; i < g->n_told; i++)
		if (g->told[i] == person_id)
			return 0;
	g->told[g->n_told++] = person_id;
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, person_id, &p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, p, &pf, NULL, NULL)) != 0)
		return rc;
	if (p->status != BM_PERSON_ACTIVE || !bm_rules_duty_statement(&d, &ctx->policy, &pf, today))
		return 0;
	/* The people register tells a tracked person's lapse itself (PERSON-2, ORG-1). */
	if (beside_register && bm_rules_statement_due(&reg, &ctx->policy, &pf, today) &&
	    strcmp(reg.code, "statement_lapsed") == 0)
		return 0;
	if (!(a = gap_add(g, &d, "medium")))
		return bm_error_nomem();
	a->person_id = p->id;
	if (d.due_date != BM_DATE_NONE) {
		a->due = bm_ledger_date_text(ctx, d.due_date);
		a->days_overdue = (int)(today - d.due_date);
	}
	a->text_zh = bm_arena_printf(ctx->arena, "%s（%s）：%s", p->name, as_zh, d.reason_zh);
	a->text_en = bm_arena_printf(ctx->arena, "%s (%s): %s", p->name, as_en, d.reason_en);
	return a->text_zh && a->text_en ? 0 : bm_error_nomem();
}

int bm_svc_duty_alerts(bm_ctx *ctx, int32_t today, bool beside_register, bm_alert **out,
                       size_t *count)
{
	gaps g = {.ctx = ctx};
	bm_duty_member *m = NULL;
	bm_duty_dept *t = NULL;
	bm_department *deps = NULL;
	bm_duty_group_facts gf = {0};
	size_t nm = 0, nt = 0, nd = 0;
	bm_decision d;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = BM_STORE(ctx->store, duty_members)(ctx->store, ctx->arena, ctx->unit->id, false,
	                                             &m, &nm)) != 0 ||
	    (rc = BM_STORE(ctx->store, duty_depts)(ctx->store, ctx->arena, ctx->unit->id, false, &t,
	                                           &nt)) != 0 ||
	    (rc = BM_STORE(ctx->store, department_names)(ctx->store, ctx->arena, ctx->unit->id,
	                                                 &deps, &nd)) != 0)
		return rc;
	if (!(g.told = bm_arena_alloc(ctx->arena, (nm + nt + 1) * sizeof(*g.told))))
		return bm_error_nomem();
	gf.n_members = nm;
	for (size_t i = 0; i < nm; i++) {
		gf.n_heads += strcmp(m[i].role, "head") == 0;
		gf.n_in_charge += m[i].in_charge;
	}
	for (int which = 0; which < 3; which++)
		if (bm_rules_duty_group_gap(&d, &gf, which) && !gap_add(&g, &d, "medium"))
			return bm_error_nomem();
	for (size_t i = 0; i < nd; i++) {
		const bm_duty_dept *line = NULL;
		for (size_t j = 0; j < nt; j++)
			if (t[j].department_id == deps[i].id)
				line = &t[j];
		if (bm_rules_duty_dept_gap(&d, deps[i].name, line != NULL,
		                           line && line->leader_status == BM_PERSON_ACTIVE,
		                           line && line->clerk_status == BM_PERSON_ACTIVE) &&
		    !gap_add(&g, &d, "low"))
			return bm_error_nomem();
	}
	for (size_t i = 0; i < nm; i++)
		if ((rc = statement_gap(&g, m[i].person_id, "保密工作领导小组成员",
		                        "leadership group member", today, beside_register)) != 0)
			return rc;
	for (size_t i = 0; i < nt; i++)
		if ((rc = statement_gap(&g, t[i].leader_id, "部门保密工作责任领导",
		                        "department's responsible leader", today,
		                        beside_register)) != 0)
			return rc;
	*out = g.v;
	*count = g.n;
	return 0;
}

/* ---- the view ------------------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* A person's statement: the last valid day and valid, lapsed or missing. */
static int statement_json(bm_ctx *ctx, int64_t person_id, int32_t today, json_t **out)
{
	bm_person *p = NULL;
	bm_person_facts pf;
	int32_t until;
	char buf[BM_DATE_LEN];
	json_t *o;
	int rc;
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, person_id, &p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, p, &pf, NULL, NULL)) != 0)
		return rc;
	until = bm_rules_statement_until(&ctx->policy, &pf);
	o = json_object();
	if (until == BM_DATE_NONE) {
		json_object_set_new(o, "until", json_null());
		json_object_set_new(o, "state", json_string("missing"));
	} else {
		bm_date_format(until, buf);
		json_object_set_new(o, "until", json_string(buf));
		json_object_set_new(o, "state", json_string(today > until ? "lapsed" : "valid"));
	}
	*out = o;
	return 0;
}

static json_t *role_name(const char *code)
{
	int v = bm_vocab_find(bm_duty_role_names, BM_DUTY_ROLE_COUNT, code);
	json_t *o = json_object();
	json_object_set_new(o, "zh", json_string(v < 0 ? code : bm_duty_role_names[v].zh));
	json_object_set_new(o, "en", json_string(v < 0 ? code : bm_duty_role_names[v].en));
	return o;
}

json_t *bm_duty_member_json(const bm_duty_member *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "person_id", json_integer(m->person_id));
	json_object_set_new(o, "person", str_or_null(m->person_name));
	json_object_set_new(o, "department", str_or_null(m->department_name));
	json_object_set_new(o, "active", json_boolean(m->person_status == BM_PERSON_ACTIVE));
	json_object_set_new(o, "role", json_string(m->role));
	json_object_set_new(o, "role_name", role_name(m->role));
	json_object_set_new(o, "in_charge", json_boolean(m->in_charge));
	json_object_set_new(o, "appointed_on", json_string(m->appointed_on));
	json_object_set_new(o, "document", json_string(m->document));
	json_object_set_new(o, "ended_on", str_or_null(m->ended_on));
	json_object_set_new(o, "end_document", str_or_null(m->end_document));
	return o;
}

/* `o` (taken) with the person's statement under `key` while the place is held. */
static int with_statement(bm_ctx *ctx, json_t *o, bool ended, int64_t person_id, const char *key,
                          int32_t today, json_t **out)
{
	json_t *st = NULL;
	int rc;
	if (!ended) {
		if ((rc = statement_json(ctx, person_id, today, &st)) != 0) {
			json_decref(o);
			return rc;
		}
		json_object_set_new(o, key, st);
	}
	*out = o;
	return 0;
}

json_t *bm_duty_dept_json(const bm_duty_dept *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "department_id", json_integer(t->department_id));
	json_object_set_new(o, "department", str_or_null(t->department_name));
	json_object_set_new(o, "leader_id", json_integer(t->leader_id));
	json_object_set_new(o, "leader", str_or_null(t->leader_name));
	json_object_set_new(o, "leader_active", json_boolean(t->leader_status == BM_PERSON_ACTIVE));
	json_object_set_new(o, "clerk_id", json_integer(t->clerk_id));
	json_object_set_new(o, "clerk", str_or_null(t->clerk_name));
	json_object_set_new(o, "clerk_active", json_boolean(t->clerk_status == BM_PERSON_ACTIVE));
	json_object_set_new(o, "since", json_string(t->since));
	json_object_set_new(o, "document", str_or_null(t->document));
	json_object_set_new(o, "ended_on", str_or_null(t->ended_on));
	return o;
}

static json_t *alert_json(const bm_alert *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "rule", json_string(a->rule));
	json_object_set_new(o, "code", json_string(a->code));
	json_object_set_new(o, "urgency", json_string(a->urgency));
	json_object_set_new(o, "text_zh", json_string(a->text_zh));
	json_object_set_new(o, "text_en", json_string(a->text_en));
	json_object_set_new(o, "person_id",
	                    a->person_id ? json_integer(a->person_id) : json_null());
	json_object_set_new(o, "due", str_or_null(a->due));
	return o;
}

static json_t *event_json(const bm_duty_event *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(e->id));
	json_object_set_new(o, "at", json_string(e->at));
	json_object_set_new(o, "actor", str_or_null(e->actor_name));
	json_object_set_new(o, "action", json_string(e->action));
	json_object_set_new(o, "member_id",
	                    e->member_id ? json_integer(e->member_id) : json_null());
	json_object_set_new(o, "department_id",
	                    e->department_id ? json_integer(e->department_id) : json_null());
	json_object_set_new(o, "detail", json_loads(e->detail ? e->detail : "{}", 0, NULL));
	return o;
}

/* The group's places (current, or with `all` the ended ones too) into `arr`. */
static int members_into(bm_ctx *ctx, bool ended, int32_t today, json_t *arr)
{
	bm_duty_member *m = NULL;
	size_t n = 0;
	int rc = BM_STORE(ctx->store, duty_members)(ctx->store, ctx->arena, ctx->unit->id, ended,
	                                            &m, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		json_t *o = NULL;
		if ((m[i].ended_on != NULL) != ended)
			continue;
		if ((rc = with_statement(ctx, bm_duty_member_json(&m[i]), m[i].ended_on != NULL,
		                         m[i].person_id, "statement", today, &o)) == 0)
			json_array_append_new(arr, o);
	}
	return rc;
}

/* Every department of the unit with its current line (or null), and with `lines` every line. */
static int departments_into(bm_ctx *ctx, int32_t today, json_t *arr, json_t *lines)
{
	bm_duty_dept *t = NULL;
	bm_department *deps = NULL;
	size_t nt = 0, nd = 0;
	int rc;
	if ((rc = BM_STORE(ctx->store, duty_depts)(ctx->store, ctx->arena, ctx->unit->id,
	                                           lines != NULL, &t, &nt)) != 0 ||
	    /* ids and names only: department_list would count every carrier each one holds */
	    (rc = BM_STORE(ctx->store, department_names)(ctx->store, ctx->arena, ctx->unit->id,
	                                                 &deps, &nd)) != 0)
		return rc;
	for (size_t i = 0; i < nd; i++) {
		json_t *o = json_object(), *line = json_null();
		json_object_set_new(o, "department_id", json_integer(deps[i].id));
		json_object_set_new(o, "department", json_string(deps[i].name));
		for (size_t j = 0; rc == 0 && j < nt; j++)
			if (t[j].department_id == deps[i].id && !t[j].ended_on) {
				json_decref(line);
				rc = with_statement(ctx, bm_duty_dept_json(&t[j]),
				                    t[j].ended_on != NULL, t[j].leader_id,
				                    "leader_statement", today, &line);
			}
		json_object_set_new(o, "duty", line ? line : json_null());
		json_array_append_new(arr, o);
		if (rc)
			return rc;
	}
	for (size_t j = 0; lines && j < nt; j++) {
		json_t *o = NULL;
		if ((rc = with_statement(ctx, bm_duty_dept_json(&t[j]), t[j].ended_on != NULL,
		                         t[j].leader_id, "leader_statement", today, &o)) != 0)
			return rc;
		json_array_append_new(lines, o);
	}
	return 0;
}

static int view_into(bm_ctx *ctx, bool history, json_t *o)
{
	int32_t today = bm_svc_today_days(ctx);
	json_t *members = json_array(), *deps = json_array(), *alerts = json_array();
	bm_alert *a = NULL;
	size_t na = 0;
	int rc;
	json_object_set_new(o, "unit", json_string(ctx->unit->name));
	json_object_set_new(o, "today", str_or_null(bm_svc_today(ctx)));
	json_object_set_new(o, "statement_months", json_integer(ctx->policy.statement_months));
	json_object_set_new(o, "members", members);
	json_object_set_new(o, "departments", deps);
	json_object_set_new(o, "alerts", alerts);
	if ((rc = members_into(ctx, false, today, members)) != 0 ||
	    (rc = departments_into(ctx, today, deps, NULL)) != 0 ||
	    (rc = bm_svc_duty_alerts(ctx, today, false, &a, &na)) != 0)
		return rc;
	for (size_t i = 0; i < na; i++)
		json_array_append_new(alerts, alert_json(&a[i]));
	if (history) {
		json_t *former = json_array(), *lines = json_array(), *events = json_array(),
		       *scratch = json_array();
		bm_duty_event *e = NULL;
		size_t ne = 0;
		json_object_set_new(o, "former", former);
		json_object_set_new(o, "lines", lines);
		json_object_set_new(o, "events", events);
		rc = members_into(ctx, true, today, former);
		if (rc == 0)
			rc = departments_into(ctx, today, scratch, lines);
		json_decref(scratch);
		if (rc == 0)
			rc = BM_STORE(ctx->store, duty_events)(ctx->store, ctx->arena,
			                                       ctx->unit->id, &e, &ne);
		for (size_t i = 0; rc == 0 && i < ne; i++)
			json_array_append_new(events, event_json(&e[i]));
	}
	return rc;
}

int bm_svc_duty_view(bm_ctx *ctx, bool history, json_t **out)
{
	json_t *o = NULL;
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		goto done;
	o = json_object();
	if ((rc = view_into(ctx, history, o)) != 0) {
		json_decref(o);
		o = NULL;
		goto done;
	}
	*out = o;
done:
	return bm_svc_end(ctx, rc, "duty.view", "", NULL);
}
