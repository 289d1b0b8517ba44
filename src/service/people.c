/*
 * people.c — the register of cleared people (涉密人员) and the training
 * records: issue 10 points 1 and 2. See people.h.
 *
 * Every rule is decided in policy/people.h (and rules.h for PERSON-7);
 * this file gathers the facts, writes the register's columns, the
 * person's history and the training records, one use case per function.
 *
 * Accounts and the register: a person is first an account (org/account
 * use cases). The register tracks a person from the first step it records
 * (a vetting, a clearance, a statement, a training attended, a leaving);
 * until then the account's class and commitment give clearance as before
 * (stage "account"). See docs/ARCHITECTURE.md, "People and training".
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/calendar.h"
#include "policy/device.h"
#include "policy/people.h"
#include "service/people.h"
#include "service/service_int.h"
#include "service/site.h"
#include "util/timeutil.h"

enum {
	MAX_TEXT = 200,
	MAX_NOTE = 1000,
};

static bool given(const char *s)
{
	return s && *s;
}

/* PERSON-8: the trip's approvals still to come under the policy of today. */
static void trip_fill(bm_ctx *ctx, bm_person_trip *t, bm_class c)
{
	const bm_role_list *chain = bm_rules_trip_chain(&ctx->policy, c);
	t->approvals_needed = chain->n;
	t->next_role =
	        !t->departed_on && t->approvals < chain->n ? (int)chain->roles[t->approvals] : -1;
}

static const char *person_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "person:%lld", (long long)id) : "";
}

static const char *training_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "training:%lld", (long long)id) : "";
}

/* ---- the view ---- */

static int fill_view(bm_ctx *ctx, bm_person *p, bm_person_view *v, bool full)
{
	bm_person_facts f;
	bm_training_hours recent, year;
	bm_actor actor;
	bm_decision d;
	bm_person_stage stage;
	int32_t today = bm_svc_today_days(ctx), until;
	int y = 0, m = 0, dd = 0;
	char from[BM_DATE_LEN], to[BM_DATE_LEN];
	int rc;

	memset(v, 0, sizeof(*v));
	v->person = p;
	if ((rc = bm_svc_person_register_facts(ctx, p, &f, &v->record, &recent)) != 0)
		return rc;
	bm_date_to_ymd(today, &y, &m, &dd);
	snprintf(from, sizeof(from), "%04d-01-01", y);
	snprintf(to, sizeof(to), "%04d-12-31", y);
	if ((rc = BM_STORE(ctx->store, training_hours)(ctx->store, ctx->arena, p->id, from, to,
	                                               &year)) != 0)
		return rc;
	if (p->department_id) {
		bm_department *dep;
		if (BM_STORE(ctx->store, department_get)(ctx->store, ctx->arena, p->department_id,
		                                         &dep) == 0)
			v->department = dep->name;
		else
			bm_error_clear();
	}
	stage = bm_rules_person_stage(&f, today);
	v->stage = bm_person_stage_names[stage].code;
	v->stage_zh = bm_person_stage_names[stage].zh;
	v->stage_en = bm_person_stage_names[stage].en;
	v->year_tenths = year.tenths;
	v->recent_tenths = recent.tenths;
	v->last_training = recent.last_on;
	until = f.tracked ? bm_rules_statement_until(&ctx->policy, &f) : BM_DATE_NONE;
	v->statement_until = bm_svc_date_text(ctx, until);
	/* PERSON-7: the check every borrowing, reading and scope runs, at the class's level. */
	if ((rc = bm_svc_actor_facts(ctx, p, &actor)) != 0)
		return rc;
	if (p->person_class != BM_CLASS_NONE &&
	    !bm_rules_person_access(&d, &ctx->policy, &actor, bm_class_max_level(p->person_class),
	                            today)) {
		v->blocked = true;
		v->blocked_rule = d.rule;
		v->blocked_code = d.code;
		v->blocked_zh = bm_arena_strdup(ctx->arena, d.reason_zh);
		v->blocked_en = bm_arena_strdup(ctx->arena, d.reason_en);
	}
	if (!full)
		return 0;
	if ((rc = BM_STORE(ctx->store, person_event_list)(ctx->store, ctx->arena, p->id, &v->events,
	                                                  &v->n_events)) != 0 ||
	    (rc = BM_STORE(ctx->store, training_of_person)(ctx->store, ctx->arena, p->id,
	                                                   &v->trainings, &v->n_trainings)) != 0 ||
	    (rc = BM_STORE(ctx->store, trip_list)(ctx->store, ctx->arena, ctx->unit->id, p->id,
	                                          false, &v->trips, &v->n_trips)) != 0)
		return rc;
	for (size_t i = 0; i < v->n_trips; i++)
		trip_fill(ctx, &v->trips[i], p->person_class);
	return bm_svc_person_holds(ctx, p, &v->holds);
}

/* The register is read by the security administrator and the secrecy clerk. */
static int require_register_reader(bm_ctx *ctx)
{
	int rc = bm_svc_require_task(ctx, BM_TASK_PEOPLE);
	if (rc == BM_EDENIED && ctx->actor && bm_ctx_has_role(ctx, BM_ROLE_CLERK)) {
		bm_error_clear();
		return 0;
	}
	return rc;
}

static bool contains(const char *hay, const char *needle)
{
	return hay && strstr(hay, needle) != NULL;
}

static bool matches(const bm_person_view *v, const bm_people_query *q, int cls, int64_t dep)
{
	const bm_person *p = v->person;
	if (q->stage && *q->stage && strcmp(q->stage, v->stage) != 0)
		return false;
	if (cls >= 0 && (int)p->person_class != cls)
		return false;
	if (dep && p->department_id != dep)
		return false;
	if (q->q && *q->q && !contains(p->name, q->q) && !contains(p->username, q->q) &&
	    !contains(v->record->post, q->q))
		return false;
	/* PERSON-5: the roster lists core and important staff still on their post. */
	if (q->roster && (p->person_class < BM_CLASS_IMPORTANT || p->status != BM_PERSON_ACTIVE ||
	                  v->record->left_on))
		return false;
	return true;
}

static int list_people(bm_ctx *ctx, const bm_people_query *q, bm_person_view **out, size_t *count)
{
	bm_person *people = NULL;
	bm_person_view *views;
	size_t n = 0, k = 0;
	int cls = -1;
	int64_t dep = 0;
	int rc;

	if (q->class_code && *q->class_code &&
	    (rc = bm_svc_term(BM_TERM_CLASS, q->class_code, &cls)))
		return rc;
	if (q->department && *q->department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(ctx, q->department, &d)) != 0)
			return rc;
		dep = d->id;
	}
	if ((rc = BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id, &people,
	                                            &n)) != 0)
		return rc;
	if (!(views = bm_arena_alloc(ctx->arena, (n + 1) * sizeof(*views))))
		return bm_error_nomem();
	for (size_t i = 0; i < n; i++) {
		/* The three administrators are accounts of the system, not cleared staff. */
		if (bm_svc_person_is_admin(&people[i]))
			continue;
		if ((rc = fill_view(ctx, &people[i], &views[k], false)) != 0)
			return rc;
		if (matches(&views[k], q, cls, dep))
			k++;
	}
	*out = views;
	*count = k;
	return 0;
}

int bm_svc_people_list(bm_ctx *ctx, const bm_people_query *q, bm_person_view **out, size_t *count)
{
	json_t *detail = json_object();
	int rc;

	if (q->roster)
		json_object_set_new(detail, "roster", json_true());
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_register_reader(ctx)) != 0 || (rc = list_people(ctx, q, out, count)) != 0)
		goto done;
	json_object_set_new(detail, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, q->roster ? "people.roster" : "people.list", "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_person_view(bm_ctx *ctx, const char *person, bm_person_view **out)
{
	bm_person *p = NULL;
	bm_person_view *v = NULL;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = require_register_reader(ctx)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, person, &p)) != 0)
		goto done;
	if (!(v = bm_arena_alloc(ctx->arena, sizeof(*v)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = fill_view(ctx, p, v, true)) != 0)
		goto done;
	*out = v;
done:
	return bm_svc_end(ctx, rc, "person.view", p ? person_object(ctx, p->id) : "", NULL);
}

/* ---- the steps ---- */

/* One step of the register: the person, their facts and a date; begun, checked. */
typedef struct step {
	bm_person *p;
	bm_person_record *r;
	bm_person_facts f;
	int32_t on;
	json_t *detail;
} step;

/* `what` BM_STEP_COUNT_: a step without a date. */
static int step_begin(bm_ctx *ctx, step *s, const char *person, const char *on,
                      bm_register_step what)
{
	bm_decision d;
	int rc;

	memset(s, 0, sizeof(*s));
	s->on = BM_DATE_NONE;
	s->detail = json_object();
	json_object_set_new(s->detail, "person", json_string(person ? person : ""));
	if (on)
		json_object_set_new(s->detail, "on", json_string(on));
	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_PEOPLE)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, person, &s->p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, s->p, &s->f, &s->r, NULL)) != 0)
		return rc;
	if (what != BM_STEP_COUNT_ &&
	    !bm_rules_register_date(&d, what, on, bm_svc_today_days(ctx), &s->on))
		return bm_decision_error(&d);
	return 0;
}

static int step_end(bm_ctx *ctx, step *s, int rc, const char *action)
{
	return bm_svc_end(ctx, rc, action, s->p ? person_object(ctx, s->p->id) : "",
	                  bm_svc_json(ctx, s->detail));
}

static int write_record(bm_ctx *ctx, step *s, const char *kind, const char *from, const char *to,
                        const char *note)
{
	int rc = BM_STORE(ctx->store, person_record_set)(ctx->store, s->r);
	return rc ? rc : bm_svc_person_event(ctx, s->p->id, kind, from, to, note);
}

int bm_svc_person_vet(bm_ctx *ctx, const char *person, const char *on, const char *result,
                      const char *note)
{
	step s;
	bm_decision d;
	int rc = step_begin(ctx, &s, person, on, BM_STEP_VETTING);

	if (result)
		json_object_set_new(s.detail, "result", json_string(result));
	if (rc != 0)
		goto done;
	if (!result || (strcmp(result, "pass") != 0 && strcmp(result, "fail") != 0)) {
		rc = bm_error_set(BM_EINVALID, "invalid_result", NULL,
		                  "审查结论须为 pass（通过）或 fail（不通过）",
		                  "the vetting result is 'pass' or 'fail'");
		goto done;
	}
	if ((rc = bm_svc_check_text(note, "审查意见", "vetting note", MAX_NOTE, false)) != 0)
		goto done;
	if (!bm_rules_person_vet(&d, &s.f, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	s.r->vetted_on = on;
	s.r->vetting_result = result;
	s.r->vetting_note = given(note) ? note : NULL;
	rc = write_record(ctx, &s, "vetting", NULL, result, s.r->vetting_note);
done:
	return step_end(ctx, &s, rc, "person.vet");
}

int bm_svc_person_post(bm_ctx *ctx, const char *person, const char *post)
{
	step s;
	bm_decision d;
	const char *old;
	int rc = step_begin(ctx, &s, person, NULL, BM_STEP_COUNT_);

	if (post)
		json_object_set_new(s.detail, "post", json_string(post));
	if (rc != 0 || (rc = bm_svc_check_text(post, "岗位", "post", MAX_TEXT, true)) != 0)
		goto done;
	/* PERSON-3: a temporary hire holding a class would hold a classified post. */
	if (!bm_rules_person_post(&d, &s.f, s.p->person_class)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	old = s.r->post;
	s.r->post = post;
	rc = write_record(ctx, &s, "post", old, post, NULL);
done:
	return step_end(ctx, &s, rc, "person.post");
}

int bm_svc_person_commit(bm_ctx *ctx, const char *person, const char *on)
{
	step s;
	bm_decision d;
	int rc = step_begin(ctx, &s, person, on, BM_STEP_COMMITMENT);

	if (rc != 0)
		goto done;
	if (!bm_rules_person_vet(&d, &s.f, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	{
		const char *old = s.p->commitment_signed_on;
		s.p->commitment_signed_on = on;
		if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, s.p)) != 0 ||
		    (rc = bm_svc_person_event(ctx, s.p->id, "commitment", old, on, NULL)) != 0)
			goto done;
	}
done:
	return step_end(ctx, &s, rc, "person.commit");
}

int bm_svc_person_clear(bm_ctx *ctx, const char *person, const char *class_code, const char *on)
{
	step s;
	bm_decision d;
	int cls = -1;
	int rc = step_begin(ctx, &s, person, on, BM_STEP_CLEARANCE);

	if (class_code)
		json_object_set_new(s.detail, "class", json_string(class_code));
	if (rc != 0 || (rc = bm_svc_term(BM_TERM_CLASS, class_code ? class_code : "", &cls)) != 0)
		goto done;
	/* PERSON-2/3: vetted, trained, committed; never a temporary hire. */
	if (!bm_rules_person_clear(&d, &s.f, (bm_class)cls, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	{
		const char *old = bm_class_names[s.p->person_class].code;
		s.p->person_class = (bm_class)cls;
		s.r->cleared_on = on;
		if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, s.p)) != 0 ||
		    (rc = write_record(ctx, &s, "clearance", NULL, on, NULL)) != 0 ||
		    (rc = bm_svc_person_event(ctx, s.p->id, "class", old, bm_class_names[cls].code,
		                              NULL)) != 0)
			goto done;
	}
done:
	return step_end(ctx, &s, rc, "person.clear");
}

int bm_svc_person_statement(bm_ctx *ctx, const char *person, const char *on)
{
	step s;
	bm_decision d;
	int rc = step_begin(ctx, &s, person, on, BM_STEP_STATEMENT);

	if (rc != 0)
		goto done;
	if (!bm_rules_person_statement(&d, &s.f, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	{
		const char *old = s.r->statement_on;
		s.r->statement_on = on;
		rc = write_record(ctx, &s, "statement", old, on, NULL);
	}
done:
	return step_end(ctx, &s, rc, "person.statement");
}

int bm_svc_person_exit_commit(bm_ctx *ctx, const char *person, const char *on)
{
	step s;
	bm_decision d;
	int rc = step_begin(ctx, &s, person, on, BM_STEP_EXIT_COMMITMENT);

	if (rc != 0)
		goto done;
	if (!bm_rules_person_exit_commitment(&d, &s.f, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	s.r->exit_commitment_on = on;
	rc = write_record(ctx, &s, "exit_commitment", NULL, on, NULL);
done:
	return step_end(ctx, &s, rc, "person.exit_commit");
}

/* PERSON-4: the departure row, as `depart` writes it, and the account closed when leaving. */
static int record_leaving(bm_ctx *ctx, step *s, const char *on, const char *until, bool moving)
{
	bm_departure_row row = {
	        .person_id = s->p->id,
	        .left_on = on,
	        .decl_until = until,
	        .person_class = s->p->person_class,
	        .recorded_by = ctx->actor->id,
	        .at = bm_svc_now_iso(ctx),
	};
	int rc;

	s->r->left_on = on;
	s->r->leave_kind = moving ? "moved" : "left";
	s->r->decl_until = until;
	if ((rc = BM_STORE(ctx->store, departure_insert)(ctx->store, &row)) != 0 ||
	    (rc = write_record(ctx, s, "leave", NULL, s->r->leave_kind, until)) != 0 || moving)
		return rc;
	s->p->status = BM_PERSON_LEFT;
	if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, s->p)) != 0)
		return rc;
	return BM_STORE(ctx->store, session_end_person)(ctx->store, s->p->id, 0, row.at, "left");
}

int bm_svc_person_leave(bm_ctx *ctx, const char *person, const char *on, bool moving,
                        const char **decl_until)
{
	step s;
	bm_decision d;
	bm_person_holds h;
	const char *until = NULL;
	int rc = step_begin(ctx, &s, person, on, BM_STEP_LEAVE);

	json_object_set_new(s.detail, "moving", json_boolean(moving));
	if (rc != 0 || (rc = bm_svc_person_holds(ctx, s.p, &h)) != 0)
		goto done;
	json_object_set_new(s.detail, "kept", json_integer((json_int_t)h.kept));
	json_object_set_new(s.detail, "on_loan", json_integer((json_int_t)h.on_loan));
	/* PERSON-4 and KEEP-2: exit commitment signed, nothing held. */
	json_object_set_new(s.detail, "devices", json_integer((json_int_t)h.devices));
	/* PERSON-4 and KEEP-2: exit commitment signed, nothing held, no device either. */
	if (!bm_rules_device_departure(&d, (size_t)h.devices) ||
	    !bm_rules_person_leave(&d, &ctx->policy, &s.f, bm_svc_person_holds_total(&h), s.on,
	                           bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(until = bm_svc_date_text(ctx, d.due_date))) {
		rc = bm_error_nomem();
		goto done;
	}
	json_object_set_new(s.detail, "decl_until", json_string(until));
	if ((rc = record_leaving(ctx, &s, on, until, moving)) != 0 ||
	    (rc = bm_site_drop_person(ctx, s.p, moving ? "调离" : "离岗", s.detail)) != 0)
		goto done;
	if (decl_until)
		*decl_until = until;
done:
	return step_end(ctx, &s, rc, "person.leave");
}

/* ---- trips abroad (PERSON-8) ---- */

int bm_svc_person_trip(bm_ctx *ctx, const char *person, const bm_trip_input *in,
                       bm_person_trip **out)
{
	step s;
	bm_decision d;
	bm_person_trip *t = NULL;

	int rc = step_begin(ctx, &s, person, NULL, BM_STEP_COUNT_);

	if (in->destination)
		json_object_set_new(s.detail, "destination", json_string(in->destination));
	if (rc != 0 ||
	    (rc = bm_svc_check_text(in->destination, "目的地", "destination", MAX_TEXT, true)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->purpose, "事由", "purpose", MAX_TEXT, false)) != 0)
		goto done;
	/* PERSON-8: briefed before leaving, dates that make sense; approved afterwards. */
	if (!bm_rules_person_trip(&d, &s.f, in->depart_on, in->return_on, in->briefed_on)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(t = bm_arena_alloc(ctx->arena, sizeof(*t)))) {
		rc = bm_error_nomem();
		goto done;
	}
	t->person_id = s.p->id;
	t->destination = in->destination;
	t->purpose = given(in->purpose) ? in->purpose : NULL;
	t->depart_on = in->depart_on;
	t->return_on = in->return_on;
	t->briefed_on = in->briefed_on;
	t->approved_by = "";
	t->recorded_by = ctx->actor->id;
	t->recorded_at = bm_svc_now_iso(ctx);
	t->person_name = s.p->name;
	if ((rc = BM_STORE(ctx->store, trip_insert)(ctx->store, t)) != 0 ||
	    (rc = bm_svc_person_event(
	             ctx, s.p->id, "trip", NULL, in->destination,
	             bm_arena_printf(ctx->arena, "%s..%s", in->depart_on, in->return_on))) != 0)
		goto done;
	json_object_set_new(s.detail, "trip_id", json_integer(t->id));
	trip_fill(ctx, t, s.f.person_class);
	if (out)
		*out = t;
done:
	return step_end(ctx, &s, rc, "person.trip");
}

/* The trip `trip_id` of the unit and its traveller (unknown_trip otherwise). */
static int load_trip(bm_ctx *ctx, int64_t trip_id, bm_person_trip **t, bm_person **p)
{
	int rc;
	if ((rc = BM_STORE(ctx->store, trip_get)(ctx->store, ctx->arena, trip_id, t)) != 0 ||
	    (rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, (*t)->person_id, p)) !=
	            0)
		return rc;
	if ((*p)->unit_id != ctx->unit->id) {
		*p = NULL;
		return bm_error_set(BM_ENOTFOUND, "unknown_trip", NULL,
		                    "出国（境）记录 %lld 不存在", "trip %lld does not exist",
		                    (long long)trip_id);
	}
	return 0;
}

static bool actor_holds(const void *ctx, bm_role role)
{
	return bm_ctx_has_role(ctx, role);
}

int bm_svc_person_trip_approve(bm_ctx *ctx, int64_t trip_id, bm_person_trip **out)
{
	bm_person_trip *t = NULL;
	bm_person *p = NULL;
	bm_person_facts f;
	bm_decision d;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "trip_id", json_integer(trip_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = load_trip(ctx, trip_id, &t, &p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, p, &f, NULL, NULL)) != 0)
		goto done;
	/* PERSON-8: the next approver of the traveller's class, never the traveller. */
	if (!bm_rules_trip_approve(&d, &ctx->policy, f.person_class, t->approvals,
	                           t->departed_on != NULL, p->id == ctx->actor->id, actor_holds,
	                           ctx)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	t->approvals++;
	t->approved_by = *t->approved_by ? bm_arena_printf(ctx->arena, "%s、%s", t->approved_by,
	                                                   ctx->actor->name)
	                                 : ctx->actor->name;
	if ((rc = BM_STORE(ctx->store, trip_update)(ctx->store, t)) != 0 ||
	    (rc = bm_svc_person_event(ctx, p->id, "trip_approve", NULL,
	                              bm_role_names[d.approvers[0]].code, ctx->actor->name)) != 0)
		goto done;
	json_object_set_new(detail, "role", json_string(bm_role_names[d.approvers[0]].code));
	json_object_set_new(detail, "approvals", json_integer(t->approvals));
	trip_fill(ctx, t, f.person_class);
	json_object_set_new(detail, "needed", json_integer(t->approvals_needed));
	if (out)
		*out = t;
done:
	return bm_svc_end(ctx, rc, "person.trip_approve", p ? person_object(ctx, p->id) : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_person_trips_pending(bm_ctx *ctx, bm_person_trip **out, bm_class **classes,
                                size_t *count)
{
	bm_person_trip *all = NULL, *keep = NULL;
	bm_class *cls = NULL;
	size_t n = 0, k = 0;
	bool reader = false;
	json_t *detail = json_object();
	int rc;

	*out = NULL;
	*classes = NULL;
	*count = 0;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if (!ctx->actor) {
		rc = bm_svc_require_task(ctx, BM_TASK_PEOPLE);
		goto done;
	}
	reader = require_register_reader(ctx) == 0;
	bm_error_clear();
	if ((rc = BM_STORE(ctx->store, trip_list)(ctx->store, ctx->arena, ctx->unit->id, 0, false,
	                                          &all, &n)) != 0)
		goto done;
	if (n && (!(keep = bm_arena_alloc(ctx->arena, n * sizeof(*keep))) ||
	          !(cls = bm_arena_alloc(ctx->arena, n * sizeof(*cls))))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		bm_person *p = NULL;
		bm_person_facts f;
		if (all[i].departed_on)
			continue;
		if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, all[i].person_id,
		                                           &p)) != 0 ||
		    (rc = bm_svc_person_register_facts(ctx, p, &f, NULL, NULL)) != 0)
			goto done;
		/* PERSON-8: the trips the caller may approve next (all, for the register). */
		if (!bm_rules_trip_pending_visible(&ctx->policy, f.person_class, all[i].approvals,
		                                   false, p->id == ctx->actor->id, reader,
		                                   actor_holds, ctx))
			continue;
		keep[k] = all[i];
		trip_fill(ctx, &keep[k], f.person_class);
		cls[k++] = f.person_class;
	}
	*out = keep;
	*classes = cls;
	*count = k;
	json_object_set_new(detail, "count", json_integer((json_int_t)k));
done:
	return bm_svc_end(ctx, rc, "person.trips_pending", "", bm_svc_json(ctx, detail));
}

/* The state of a trip as its JSON names it (bm_trip_to_json). */
static const char *trip_status(const bm_person_trip *t)
{
	return t->reported_on                        ? "reported"
	       : t->departed_on                      ? "departed"
	       : t->approvals >= t->approvals_needed ? "approved"
	                                             : "pending";
}

static const char *const trip_statuses[] = {"pending", "approved", "departed", "reported",
                                            "unreported"};
static const char *const trip_statuses_zh[] = {"待审批", "已批准未出行", "已出行未报告", "已报告",
                                               "逾期未报告"};

/* A filter date of the register ("" or NULL: none). */
static int trip_filter_date(const char *text, const char *zh, const char *en, int32_t *out)
{
	*out = BM_DATE_NONE;
	if (!given(text))
		return 0;
	if (!bm_date_parse(text, out)) {
		char m_zh[128], m_en[128];
		snprintf(m_zh, sizeof(m_zh), "%s不是有效日期：'%.32s'", zh, text);
		snprintf(m_en, sizeof(m_en), "%s is not a valid date: '%.32s'", en, text);
		return bm_error_set_msg(BM_EINVALID, "invalid_date", NULL, m_zh, m_en);
	}
	return 0;
}

const char *bm_svc_trip_query_words(bm_ctx *ctx, const bm_trip_query *q)
{
	const char *w = "";
	if (given(q->from) || given(q->to))
		w = bm_arena_printf(ctx->arena, "在外期间 %s 至 %s",
		                    given(q->from) ? q->from : "……", given(q->to) ? q->to : "……");
	if (given(q->person))
		w = bm_arena_printf(ctx->arena, "%s%s人员 %s", w, *w ? "，" : "", q->person);
	if (given(q->department))
		w = bm_arena_printf(ctx->arena, "%s%s部门 %s", w, *w ? "，" : "", q->department);
	for (size_t i = 0; given(q->status) && i < BM_ARRAY_LEN(trip_statuses); i++)
		if (strcmp(q->status, trip_statuses[i]) == 0)
			w = bm_arena_printf(ctx->arena, "%s%s%s", w, *w ? "，" : "",
			                    trip_statuses_zh[i]);
	return w ? w : "";
}

/*
 * What the register shows of a traveller (class, department), read once per
 * person and not once per trip: the person, their record, their hours and
 * their department are four reads, and a person has many trips.
 */
typedef struct trip_person {
	int64_t id, department_id;
	bm_class person_class;
	const char *department;
} trip_person;

typedef struct trip_people {
	trip_person *v;
	size_t n;
} trip_people;

static int trip_person_of(bm_ctx *ctx, trip_people *seen, int64_t person_id, trip_person **out)
{
	bm_person *p = NULL;
	bm_person_facts f;
	trip_person *tp;
	int rc;

	for (size_t i = 0; i < seen->n; i++)
		if (seen->v[i].id == person_id) {
			*out = &seen->v[i];
			return 0;
		}
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, person_id, &p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, p, &f, NULL, NULL)) != 0)
		return rc;
	tp = &seen->v[seen->n++]; /* room for one per trip (bm_svc_person_trips_register) */
	*tp = (trip_person){person_id, p->department_id, f.person_class, NULL};
	if (p->department_id) {
		bm_department *dep;
		if (BM_STORE(ctx->store, department_get)(ctx->store, ctx->arena, p->department_id,
		                                         &dep) == 0)
			tp->department = dep->name;
		else
			bm_error_clear();
	}
	*out = tp;
	return 0;
}

/* One trip of the register: its traveller's class and department, the report-back state. */
static int trip_row(bm_ctx *ctx, trip_people *seen, bm_person_trip *t, int32_t today,
                    bm_trip_row *row, int64_t *department_id)
{
	trip_person *tp;
	bm_decision d;
	int32_t ret = BM_DATE_NONE;
	int rc;

	memset(row, 0, sizeof(*row));
	if ((rc = trip_person_of(ctx, seen, t->person_id, &tp)) != 0)
		return rc;
	trip_fill(ctx, t, tp->person_class);
	row->trip = t;
	row->person_class = tp->person_class;
	row->department = tp->department;
	*department_id = tp->department_id;
	/* PERSON-8: the traveller reports back within the policy's days of the return. */
	if (t->departed_on && bm_date_parse(t->return_on, &ret)) {
		row->report_due = bm_svc_date_text(ctx, ret + ctx->policy.trip_report_days);
		row->unreported =
		        !t->reported_on && bm_rules_trip_unreported(&d, &ctx->policy, ret, today);
	}
	return 0;
}

/* The register's filters read: the state known, the dates, the person and department found. */
typedef struct trip_filter {
	int32_t from, to;
	bm_person *who;
	int64_t department_id;
} trip_filter;

static int trip_filter_read(bm_ctx *ctx, const bm_trip_query *q, trip_filter *f)
{
	bool status_known = !given(q->status);
	int rc;

	memset(f, 0, sizeof(*f));
	for (size_t i = 0; !status_known && i < BM_ARRAY_LEN(trip_statuses); i++)
		status_known = strcmp(q->status, trip_statuses[i]) == 0;
	if (!status_known)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "出国（境）登记的状态无效：'%.32s'（pending approved departed "
		                    "reported unreported）",
		                    "invalid state of a trip: '%.32s' (pending approved departed "
		                    "reported unreported)",
		                    q->status);
	if ((rc = trip_filter_date(q->from, "起始日期", "the start date", &f->from)) != 0 ||
	    (rc = trip_filter_date(q->to, "截止日期", "the end date", &f->to)) != 0)
		return rc;
	if (given(q->person) && (rc = bm_svc_person_resolve(ctx, q->person, &f->who)) != 0)
		return rc;
	if (given(q->department)) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(ctx, q->department, &d)) != 0)
			return rc;
		f->department_id = d->id;
	}
	return 0;
}

/* Does the trip (its row filled) pass the filter's period, department and state? */
static bool trip_kept(const bm_trip_query *q, const trip_filter *f, const bm_trip_row *row,
                      int64_t department_id)
{
	if (f->department_id && department_id != f->department_id)
		return false;
	if (!given(q->status))
		return true;
	if (strcmp(q->status, "unreported") == 0)
		return row->unreported;
	return strcmp(q->status, trip_status(row->trip)) == 0;
}

/* Abroad at some time in [from, to] by its planned dates: left by `to`, back on or after `from`. */
static bool trip_in_period(const trip_filter *f, const bm_person_trip *t)
{
	int32_t depart = BM_DATE_NONE, ret = BM_DATE_NONE;
	if (!bm_date_parse(t->depart_on, &depart) || !bm_date_parse(t->return_on, &ret))
		return true;
	return !(f->to != BM_DATE_NONE && depart > f->to) &&
	       !(f->from != BM_DATE_NONE && ret < f->from);
}

int bm_svc_person_trips_register(bm_ctx *ctx, const bm_trip_query *q, bm_trip_row **out,
                                 size_t *count)
{
	bm_person_trip *all = NULL;
	bm_trip_row *rows = NULL;
	trip_people seen = {NULL, 0};
	trip_filter f;
	size_t n = 0, k = 0;
	int32_t today = bm_svc_today_days(ctx);
	json_t *detail = json_object();
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_register_reader(ctx)) != 0 || (rc = trip_filter_read(ctx, q, &f)) != 0 ||
	    (rc = BM_STORE(ctx->store, trip_list)(ctx->store, ctx->arena, ctx->unit->id,
	                                          f.who ? f.who->id : 0, false, &all, &n)) != 0)
		goto done;
	if (n && (!(rows = bm_arena_alloc(ctx->arena, n * sizeof(*rows))) ||
	          !(seen.v = bm_arena_alloc(ctx->arena, n * sizeof(*seen.v))))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		int64_t dep_of = 0;
		if (!trip_in_period(&f, &all[i]))
			continue;
		if ((rc = trip_row(ctx, &seen, &all[i], today, &rows[k], &dep_of)) != 0)
			goto done;
		if (trip_kept(q, &f, &rows[k], dep_of))
			k++;
	}
	*out = rows;
	*count = k;
	json_object_set_new(detail, "count", json_integer((json_int_t)k));
	if (given(q->status))
		json_object_set_new(detail, "status", json_string(q->status));
	if (f.who)
		json_object_set_new(detail, "person_id", json_integer(f.who->id));
	if (f.department_id)
		json_object_set_new(detail, "department_id", json_integer(f.department_id));
	if (f.from != BM_DATE_NONE)
		json_object_set_new(detail, "from", json_string(q->from));
	if (f.to != BM_DATE_NONE)
		json_object_set_new(detail, "to", json_string(q->to));
done:
	return bm_svc_end(ctx, rc, "person.trips_register", "", bm_svc_json(ctx, detail));
}

int bm_svc_person_trip_depart(bm_ctx *ctx, int64_t trip_id, const char *on, bm_person_trip **out)
{
	bm_person_trip *t = NULL;
	bm_person *p = NULL;
	bm_person_facts f;
	bm_decision d;
	json_t *detail = json_object();
	int32_t day = BM_DATE_NONE;
	int rc;

	json_object_set_new(detail, "trip_id", json_integer(trip_id));
	if (on)
		json_object_set_new(detail, "on", json_string(on));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_PEOPLE)) != 0 ||
	    (rc = load_trip(ctx, trip_id, &t, &p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, p, &f, NULL, NULL)) != 0)
		goto done;
	/* PERSON-8: only an approved trip departs, never before the briefing. */
	if (!bm_rules_register_date(&d, BM_STEP_TRIP_DEPART, on, bm_svc_today_days(ctx), &day) ||
	    !bm_rules_trip_depart(&d, &ctx->policy, f.person_class, t->approvals,
	                          t->departed_on != NULL, bm_svc_day_of(t->briefed_on), day)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	t->departed_on = on;
	if ((rc = BM_STORE(ctx->store, trip_update)(ctx->store, t)) != 0 ||
	    (rc = bm_svc_person_event(ctx, p->id, "trip_depart", NULL, t->destination, on)) != 0)
		goto done;
	trip_fill(ctx, t, f.person_class);
	if (out)
		*out = t;
done:
	return bm_svc_end(ctx, rc, "person.trip_depart", p ? person_object(ctx, p->id) : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_person_trip_report(bm_ctx *ctx, int64_t trip_id, const char *on, const char *note)
{
	bm_person_trip *t = NULL;
	bm_person *p = NULL;
	bm_decision d;
	json_t *detail = json_object();
	int32_t day = BM_DATE_NONE;
	int rc;

	json_object_set_new(detail, "trip_id", json_integer(trip_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_PEOPLE)) != 0 ||
	    (rc = load_trip(ctx, trip_id, &t, &p)) != 0)
		goto done;
	if (!bm_rules_register_date(&d, BM_STEP_TRIP_REPORT, on, bm_svc_today_days(ctx), &day) ||
	    !bm_rules_trip_report(&d, t->departed_on != NULL, t->reported_on != NULL,
	                          bm_svc_day_of(t->departed_on ? t->departed_on : t->depart_on),
	                          day)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = bm_svc_check_text(note, "报告内容", "report", MAX_NOTE, false)) != 0 ||
	    (rc = BM_STORE(ctx->store, trip_report)(ctx->store, trip_id, on,
	                                            given(note) ? note : NULL)) != 0 ||
	    (rc = bm_svc_person_event(ctx, p->id, "trip_report", NULL, on, note)) != 0)
		goto done;
done:
	return bm_svc_end(ctx, rc, "person.trip_report", p ? person_object(ctx, p->id) : "",
	                  bm_svc_json(ctx, detail));
}

/* ---- training (PERSON-6) ---- */

/* "2", "1.5": hours in tenths, or -1. */
static int parse_tenths(const char *s)
{
	long whole = 0;
	int tenth = 0;
	const char *p = s;
	if (!s || !*s)
		return -1;
	while (*p >= '0' && *p <= '9' && whole < 1000)
		whole = whole * 10 + (*p++ - '0');
	if (p == s)
		return -1;
	if (*p == '.') {
		p++;
		if (*p < '0' || *p > '9')
			return -1;
		tenth = *p++ - '0';
	}
	return *p || whole >= 1000 ? -1 : (int)(whole * 10 + tenth);
}

int bm_svc_training_add(bm_ctx *ctx, const bm_training_input *in, bm_training **out)
{
	json_t *detail = json_object();
	bm_training *t = NULL;
	bm_decision d;
	int32_t day = BM_DATE_NONE;
	int tenths = parse_tenths(in->hours), rc;

	if (in->topic)
		json_object_set_new(detail, "topic", json_string(in->topic));
	if (in->held_on)
		json_object_set_new(detail, "held_on", json_string(in->held_on));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_TRAINING)) != 0 ||
	    (rc = bm_svc_check_text(in->topic, "培训内容", "topic", MAX_TEXT, true)) != 0 ||
	    (rc = bm_svc_check_text(in->trainer, "授课人", "trainer", MAX_TEXT, true)) != 0)
		goto done;
	if (!bm_rules_register_date(&d, BM_STEP_TRAINING, in->held_on, bm_svc_today_days(ctx),
	                            &day) ||
	    !bm_rules_training_session(&d, tenths)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(t = bm_arena_alloc(ctx->arena, sizeof(*t)))) {
		rc = bm_error_nomem();
		goto done;
	}
	t->unit_id = ctx->unit->id;
	t->held_on = in->held_on;
	t->topic = in->topic;
	t->hours_tenths = tenths;
	t->trainer = in->trainer;
	t->recorded_by = ctx->actor->id;
	t->recorded_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, training_insert)(ctx->store, t)) != 0)
		goto done;
	json_object_set_new(detail, "hours_tenths", json_integer(tenths));
	if (out)
		*out = t;
done:
	return bm_svc_end(ctx, rc, "training.add", training_object(ctx, rc ? 0 : t->id),
	                  bm_svc_json(ctx, detail));
}

static int load_training(bm_ctx *ctx, int64_t id, bm_training **out)
{
	int rc = BM_STORE(ctx->store, training_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && (*out)->unit_id != ctx->unit->id)
		rc = bm_error_set(BM_ENOTFOUND, "unknown_training", NULL, "培训 %lld 不存在",
		                  "training session %lld does not exist", (long long)id);
	return rc;
}

int bm_svc_training_attend(bm_ctx *ctx, int64_t id, const char *person)
{
	json_t *detail = json_object();
	bm_training *t = NULL;
	bm_person *p = NULL;
	bm_decision d;
	int rc;

	json_object_set_new(detail, "person", json_string(person ? person : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_TRAINING)) != 0 ||
	    (rc = load_training(ctx, id, &t)) != 0 ||
	    (rc = bm_svc_person_resolve(ctx, person, &p)) != 0)
		goto done;
	{
		bool already = false;
		for (size_t i = 0; i < t->n_attendees; i++)
			already |= t->attendee_ids[i] == p->id;
		if (!bm_rules_training_attend(&d, id, t->signed_at != NULL, already)) {
			rc = bm_decision_error(&d);
			goto done;
		}
	}
	if ((rc = BM_STORE(ctx->store, training_attend)(ctx->store, id, p->id, ctx->actor->id,
	                                                bm_svc_now_iso(ctx))) != 0)
		goto done;
	json_object_set_new(detail, "person_id", json_integer(p->id));
done:
	return bm_svc_end(ctx, rc, "training.attend", training_object(ctx, id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_training_sign(bm_ctx *ctx, int64_t id)
{
	json_t *detail = json_object();
	bm_training *t = NULL;
	bm_decision d;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_TRAINING)) != 0 ||
	    (rc = load_training(ctx, id, &t)) != 0)
		goto done;
	if (!bm_rules_training_attend(&d, id, t->signed_at != NULL, false)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, training_sign)(ctx->store, id, ctx->actor->id,
	                                              bm_svc_now_iso(ctx))) != 0)
		goto done;
	json_object_set_new(detail, "attendees", json_integer((json_int_t)t->n_attendees));
done:
	return bm_svc_end(ctx, rc, "training.sign", training_object(ctx, id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_training_get(bm_ctx *ctx, int64_t id, bm_training **out)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = require_register_reader(ctx)) != 0)
		goto done;
	rc = load_training(ctx, id, out);
done:
	return bm_svc_end(ctx, rc, "training.view", training_object(ctx, id), NULL);
}

static void year_span(int year, char from[BM_DATE_LEN], char to[BM_DATE_LEN])
{
	snprintf(from, BM_DATE_LEN, "%04d-01-01", year);
	snprintf(to, BM_DATE_LEN, "%04d-12-31", year);
}

int bm_svc_training_list(bm_ctx *ctx, int year, bm_training **out, size_t *count)
{
	char from[BM_DATE_LEN], to[BM_DATE_LEN];
	int rc;

	year_span(year > 0 && year < 10000 ? year : 0, from, to);
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = require_register_reader(ctx)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, training_list)(ctx->store, ctx->arena, ctx->unit->id,
	                                         year > 0 ? from : NULL, year > 0 ? to : NULL, out,
	                                         count);
done:
	return bm_svc_end(ctx, rc, "training.list", "", NULL);
}

int bm_svc_training_summary(bm_ctx *ctx, int year, bm_training_summary *out)
{
	bm_people_query q = {0};
	bm_training *sessions = NULL;
	bm_person_view *all = NULL;
	size_t n_sessions = 0, n_all = 0;
	char from[BM_DATE_LEN], to[BM_DATE_LEN];
	json_t *detail = json_object();
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = require_register_reader(ctx)) != 0)
		goto done;
	if (year <= 0 || year >= 10000) {
		int m = 0, d = 0;
		bm_date_to_ymd(bm_svc_today_days(ctx), &year, &m, &d);
	}
	year_span(year, from, to);
	out->year = year;
	out->required_tenths = ctx->policy.training_min_hours * 10;
	if ((rc = BM_STORE(ctx->store, training_list)(ctx->store, ctx->arena, ctx->unit->id, from,
	                                              to, &sessions, &n_sessions)) != 0 ||
	    (rc = list_people(ctx, &q, &all, &n_all)) != 0)
		goto done;
	out->sessions = (int)n_sessions;
	for (size_t i = 0; i < n_sessions; i++)
		out->session_tenths += sessions[i].hours_tenths;
	out->people = all;
	for (size_t i = 0; i < n_all; i++) {
		bm_training_hours h;
		if ((rc = BM_STORE(ctx->store, training_hours)(
		             ctx->store, ctx->arena, all[i].person->id, from, to, &h)) != 0)
			goto done;
		all[i].year_tenths = h.tenths;
		if (all[i].person->person_class == BM_CLASS_NONE && h.tenths == 0)
			continue;
		all[out->n_people] = all[i];
		if (all[i].year_tenths < out->required_tenths)
			out->short_people++;
		out->n_people++;
	}
	json_object_set_new(detail, "year", json_integer(year));
done:
	return bm_svc_end(ctx, rc, "training.summary", "", bm_svc_json(ctx, detail));
}

/* ---- the roster (PERSON-5) ---- */

int bm_svc_people_roster_sheet(bm_ctx *ctx, bm_sheet_format format, bm_buf *out)
{
	static const char *const head[] = {"序号",     "姓名",     "部门",       "岗位",
	                                   "涉密类别", "审查日期", "承诺书日期", "责任书日期",
	                                   "本年学时", "状态"};
	bm_people_query q = {.roster = true};
	bm_person_view *v = NULL;
	bm_xlsx_meta meta;
	bm_sheet sheet;
	size_t n = 0;
	int rc;

	if ((rc = bm_svc_people_list(ctx, &q, &v, &n)) != 0)
		return rc;
	bm_svc_sheet_meta(ctx, "涉密人员花名册", NULL, &meta);
	if ((rc = bm_sheet_begin(&sheet, format, &meta, out)) == 0)
		rc = bm_sheet_row(&sheet, head, BM_ARRAY_LEN(head));
	for (size_t i = 0; rc == 0 && i < n; i++) {
		char num[24], hours[24];
		const char *cells[10];
		snprintf(num, sizeof(num), "%zu", i + 1);
		snprintf(hours, sizeof(hours), "%d.%d", v[i].year_tenths / 10,
		         v[i].year_tenths % 10);
		cells[0] = num;
		cells[1] = v[i].person->name;
		cells[2] = v[i].department;
		cells[3] = v[i].record->post;
		cells[4] = bm_class_names[v[i].person->person_class].zh;
		cells[5] = v[i].record->vetted_on;
		cells[6] = v[i].person->commitment_signed_on;
		cells[7] = v[i].record->statement_on;
		cells[8] = hours;
		cells[9] = v[i].stage_zh;
		rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
	}
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	return rc;
}

/* ---- JSON ---- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *hours_json(int tenths)
{
	return json_real((double)tenths / 10.0);
}

json_t *bm_training_to_json(const bm_training *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "held_on", str_or_null(t->held_on));
	json_object_set_new(o, "topic", str_or_null(t->topic));
	json_object_set_new(o, "hours", hours_json(t->hours_tenths));
	json_object_set_new(o, "trainer", str_or_null(t->trainer));
	json_object_set_new(o, "recorded_by", json_integer(t->recorded_by));
	json_object_set_new(o, "recorded_at", str_or_null(t->recorded_at));
	json_object_set_new(o, "signed", json_boolean(t->signed_at != NULL));
	json_object_set_new(o, "signed_by",
	                    t->signed_by ? json_integer(t->signed_by) : json_null());
	json_object_set_new(o, "signed_at", str_or_null(t->signed_at));
	json_object_set_new(o, "attendee_count", json_integer((json_int_t)t->n_attendees));
	if (t->attendee_ids) {
		json_t *a = json_array();
		for (size_t i = 0; i < t->n_attendees; i++) {
			json_t *p = json_object();
			json_object_set_new(p, "id", json_integer(t->attendee_ids[i]));
			json_object_set_new(p, "name", str_or_null(t->attendee_names[i]));
			json_array_append_new(a, p);
		}
		json_object_set_new(o, "attendees", a);
	}
	return o;
}

json_t *bm_trip_to_json(const bm_person_trip *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(t->id));
	json_object_set_new(o, "person_id", json_integer(t->person_id));
	json_object_set_new(o, "person_name", str_or_null(t->person_name));
	json_object_set_new(o, "destination", str_or_null(t->destination));
	json_object_set_new(o, "purpose", str_or_null(t->purpose));
	json_object_set_new(o, "depart_on", str_or_null(t->depart_on));
	json_object_set_new(o, "return_on", str_or_null(t->return_on));
	json_object_set_new(o, "briefed_on", str_or_null(t->briefed_on));
	json_object_set_new(o, "approved_by",
	                    t->approved_by && *t->approved_by ? json_string(t->approved_by)
	                                                      : json_null());
	json_object_set_new(o, "approvals", json_integer(t->approvals));
	json_object_set_new(o, "approvals_needed", json_integer(t->approvals_needed));
	json_object_set_new(o, "next_approver",
	                    t->next_role >= 0 && t->next_role < BM_ROLE_COUNT
	                            ? json_string(bm_role_names[t->next_role].code)
	                            : json_null());
	json_object_set_new(o, "departed_on", str_or_null(t->departed_on));
	json_object_set_new(o, "status",
	                    json_string(t->reported_on                        ? "reported"
	                                : t->departed_on                      ? "departed"
	                                : t->approvals >= t->approvals_needed ? "approved"
	                                                                      : "pending"));
	json_object_set_new(o, "reported_on", str_or_null(t->reported_on));
	json_object_set_new(o, "report_note", str_or_null(t->report_note));
	return o;
}

json_t *bm_trip_row_to_json(const bm_trip_row *r)
{
	json_t *o = bm_trip_to_json(r->trip);
	json_object_set_new(o, "person_class",
	                    r->person_class > BM_CLASS_NONE && r->person_class < BM_CLASS_COUNT
	                            ? json_string(bm_class_names[r->person_class].code)
	                            : json_null());
	json_object_set_new(o, "department", str_or_null(r->department));
	json_object_set_new(o, "report_due", str_or_null(r->report_due));
	json_object_set_new(o, "unreported", json_boolean(r->unreported));
	return o;
}

json_t *bm_person_view_to_json(const bm_person_view *v)
{
	const bm_person *p = v->person;
	const bm_person_record *r = v->record;
	json_t *o = json_object();

	json_object_set_new(o, "id", json_integer(p->id));
	json_object_set_new(o, "name", str_or_null(p->name));
	json_object_set_new(o, "username", str_or_null(p->username));
	json_object_set_new(o, "department_id",
	                    p->department_id ? json_integer(p->department_id) : json_null());
	json_object_set_new(o, "department", str_or_null(v->department));
	json_object_set_new(o, "class", json_string(bm_class_names[p->person_class].code));
	json_object_set_new(o, "class_zh", json_string(bm_class_names[p->person_class].zh));
	json_object_set_new(o, "temporary", json_boolean(p->temporary));
	json_object_set_new(o, "status",
	                    json_string(p->status == BM_PERSON_ACTIVE     ? "active"
	                                : p->status == BM_PERSON_DISABLED ? "disabled"
	                                                                  : "left"));
	json_object_set_new(o, "stage", json_string(v->stage));
	json_object_set_new(o, "stage_zh", json_string(v->stage_zh));
	json_object_set_new(o, "stage_en", json_string(v->stage_en));
	json_object_set_new(o, "post", str_or_null(r->post));
	json_object_set_new(o, "vetted_on", str_or_null(r->vetted_on));
	json_object_set_new(o, "vetting_result", str_or_null(r->vetting_result));
	json_object_set_new(o, "vetting_note", str_or_null(r->vetting_note));
	json_object_set_new(o, "commitment_on", str_or_null(p->commitment_signed_on));
	json_object_set_new(o, "cleared_on", str_or_null(r->cleared_on));
	json_object_set_new(o, "statement_on", str_or_null(r->statement_on));
	json_object_set_new(o, "statement_until", str_or_null(v->statement_until));
	json_object_set_new(o, "exit_commitment_on", str_or_null(r->exit_commitment_on));
	json_object_set_new(o, "left_on", str_or_null(r->left_on));
	json_object_set_new(o, "leave_kind", str_or_null(r->leave_kind));
	json_object_set_new(o, "decl_until", str_or_null(r->decl_until));
	json_object_set_new(o, "year_hours", hours_json(v->year_tenths));
	json_object_set_new(o, "recent_hours", hours_json(v->recent_tenths));
	json_object_set_new(o, "last_training", str_or_null(v->last_training));
	if (v->blocked) {
		json_t *b = json_object();
		json_object_set_new(b, "rule", str_or_null(v->blocked_rule));
		json_object_set_new(b, "code", str_or_null(v->blocked_code));
		json_object_set_new(b, "zh", str_or_null(v->blocked_zh));
		json_object_set_new(b, "en", str_or_null(v->blocked_en));
		json_object_set_new(o, "blocked", b);
	} else {
		json_object_set_new(o, "blocked", json_null());
	}
	if (v->events) {
		json_t *a = json_array();
		for (size_t i = 0; i < v->n_events; i++) {
			const bm_person_event *e = &v->events[i];
			json_t *x = json_object();
			json_object_set_new(x, "at", str_or_null(e->at));
			json_object_set_new(x, "kind", str_or_null(e->kind));
			json_object_set_new(x, "from", str_or_null(e->from_value));
			json_object_set_new(x, "to", str_or_null(e->to_value));
			json_object_set_new(x, "note", str_or_null(e->note));
			json_object_set_new(x, "actor", str_or_null(e->actor_name));
			json_array_append_new(a, x);
		}
		json_object_set_new(o, "history", a);
		a = json_array();
		for (size_t i = 0; i < v->n_trainings; i++)
			json_array_append_new(a, bm_training_to_json(&v->trainings[i]));
		json_object_set_new(o, "trainings", a);
		a = json_array();
		for (size_t i = 0; i < v->n_trips; i++)
			json_array_append_new(a, bm_trip_to_json(&v->trips[i]));
		json_object_set_new(o, "trips", a);
		json_object_set_new(o, "holds_kept", json_integer(v->holds.kept));
		json_object_set_new(o, "holds_on_loan", json_integer(v->holds.on_loan));
	}
	return o;
}

json_t *bm_training_summary_to_json(const bm_training_summary *s)
{
	json_t *o = json_object(), *a = json_array();
	json_object_set_new(o, "year", json_integer(s->year));
	json_object_set_new(o, "sessions", json_integer(s->sessions));
	json_object_set_new(o, "session_hours", hours_json(s->session_tenths));
	json_object_set_new(o, "required_hours", hours_json(s->required_tenths));
	json_object_set_new(o, "short_people", json_integer(s->short_people));
	for (size_t i = 0; i < s->n_people; i++) {
		const bm_person_view *v = &s->people[i];
		json_t *x = json_object();
		json_object_set_new(x, "id", json_integer(v->person->id));
		json_object_set_new(x, "name", str_or_null(v->person->name));
		json_object_set_new(x, "department", str_or_null(v->department));
		json_object_set_new(x, "class",
		                    json_string(bm_class_names[v->person->person_class].code));
		json_object_set_new(x, "hours", hours_json(v->year_tenths));
		json_object_set_new(x, "short", json_boolean(v->year_tenths < s->required_tenths));
		json_array_append_new(a, x);
	}
	json_object_set_new(o, "people", a);
	return o;
}

/* ---- one row of an imported register (import_registers.c) ---- */

/* SYS-1: the account the row names, by username or else by name; never made here. */
static int import_person(bm_ctx *ctx, const bm_person_import_input *in, bm_person **p)
{
	bm_import_account_facts f = {given(in->username) ? in->username : in->name,
	                             false,
	                             given(in->username) ? in->name : NULL,
	                             NULL,
	                             in->department,
	                             NULL};
	bm_department *dep = NULL;
	bm_decision d;
	int rc;
	if (!given(f.ref))
		return bm_error_set(BM_EINVALID, "required", NULL, "须有姓名或用户名",
		                    "a name or username is required");
	rc = bm_svc_unit_person(ctx, f.ref, p);
	if (rc == BM_ENOTFOUND)
		bm_error_clear();
	else if (rc != 0)
		return rc;
	f.found = rc == 0;
	if (f.found) {
		f.account_name = (*p)->name;
		if ((*p)->department_id &&
		    (rc = BM_STORE(ctx->store, department_get)(ctx->store, ctx->arena,
		                                               (*p)->department_id, &dep)) != 0)
			return rc;
		f.account_department = dep ? dep->name : NULL;
	}
	if (!bm_rules_import_account(&d, &f))
		return bm_decision_error(&d);
	return 0;
}

/* An imported row on its way through the steps: the person's facts carried from step to step. */
typedef struct import_walk {
	bm_ctx *ctx;
	bool write;
	const bm_import_origin *o;
	bm_person *p;
	bm_person_record *r;
	bm_person_facts f;
	int32_t today;
	bm_buf zh, en;
} import_walk;

/* One step's event of an imported row (write) and its line in the summaries; `detail` taken. */
static int import_step(import_walk *w, const char *action, json_t *detail, const char *what_zh,
                       const char *what_en)
{
	bm_buf_printf(&w->zh, "；%s", what_zh);
	bm_buf_printf(&w->en, "; %s", what_en);
	if (!w->write) {
		json_decref(detail);
		return 0;
	}
	json_object_set_new(detail, "person",
	                    json_string(w->p->username ? w->p->username : w->p->name));
	return bm_svc_import_event(w->ctx, action, person_object(w->ctx, w->p->id), detail, w->o);
}

/* The step's date (`what`'s rule: valid, not in the future) into `*day`. */
static int import_date(import_walk *w, bm_register_step what, const char *on, int32_t *day)
{
	bm_decision d;
	if (!bm_rules_register_date(&d, what, on, w->today, day))
		return bm_decision_error(&d);
	return 0;
}

/* A step whose fact the register already holds, exactly: named in the summaries and not
 * recorded again (a file imported twice must not write each person's history twice). */
static bool import_same(const char *held, const char *given_)
{
	return held && given_ && strcmp(held, given_) == 0;
}

static int import_kept(import_walk *w, const char *what_zh, const char *what_en)
{
	bm_buf_printf(&w->zh, "；%s（已登记，不重复记录）", what_zh);
	bm_buf_printf(&w->en, "; %s (already recorded, not recorded again)", what_en);
	return 0;
}

/* PERSON-2: the vetting, with its result, as `person vet`. */
static int import_vet(import_walk *w, const bm_person_import_input *in)
{
	bm_ctx *ctx = w->ctx;
	bm_decision d;
	int32_t day;
	json_t *j;
	int rc;
	if ((rc = import_date(w, BM_STEP_VETTING, in->vetted_on, &day)) != 0)
		return rc;
	if (!in->vetting || (strcmp(in->vetting, "pass") != 0 && strcmp(in->vetting, "fail") != 0))
		return bm_error_set(BM_EINVALID, "invalid_result", NULL,
		                    "审查结论须为 pass（通过）或 fail（不通过）",
		                    "the vetting result is 'pass' or 'fail'");
	if ((rc = bm_svc_check_text(in->note, "审查意见", "vetting note", MAX_NOTE, false)) != 0)
		return rc;
	if (import_same(w->r->vetted_on, in->vetted_on) &&
	    import_same(w->r->vetting_result, in->vetting))
		return import_kept(
		        w,
		        bm_arena_printf(ctx->arena, "审查 %s %s", in->vetted_on,
		                        strcmp(in->vetting, "pass") == 0 ? "通过" : "不通过"),
		        bm_arena_printf(ctx->arena, "vetted %s %s", in->vetted_on, in->vetting));
	if (!bm_rules_person_vet(&d, &w->f, w->today))
		return bm_decision_error(&d);
	if (w->write) {
		w->r->vetted_on = in->vetted_on;
		w->r->vetting_result = in->vetting;
		w->r->vetting_note = given(in->note) ? in->note : NULL;
		if ((rc = BM_STORE(ctx->store, person_record_set)(ctx->store, w->r)) != 0 ||
		    (rc = bm_svc_person_event(ctx, w->p->id, "vetting", NULL, in->vetting,
		                              w->r->vetting_note)) != 0)
			return rc;
	}
	w->f.tracked = true;
	w->f.vetted_on = day;
	w->f.vetting_passed = strcmp(in->vetting, "pass") == 0;
	j = json_object();
	json_object_set_new(j, "on", json_string(in->vetted_on));
	json_object_set_new(j, "result", json_string(in->vetting));
	return import_step(w, "person.vet", j,
	                   bm_arena_printf(ctx->arena, "审查 %s %s", in->vetted_on,
	                                   w->f.vetting_passed ? "通过" : "不通过"),
	                   bm_arena_printf(ctx->arena, "vetted %s %s", in->vetted_on, in->vetting));
}

/* PERSON-3: the post, as `person post`. */
static int import_post(import_walk *w, const char *post)
{
	bm_ctx *ctx = w->ctx;
	const char *old = w->r->post;
	bm_decision d;
	json_t *j;
	int rc;
	if ((rc = bm_svc_check_text(post, "岗位", "post", MAX_TEXT, true)) != 0)
		return rc;
	if (import_same(old, post))
		return import_kept(w, bm_arena_printf(ctx->arena, "岗位 %s", post),
		                   bm_arena_printf(ctx->arena, "post %s", post));
	if (!bm_rules_person_post(&d, &w->f, w->p->person_class))
		return bm_decision_error(&d);
	if (w->write) {
		w->r->post = post;
		if ((rc = BM_STORE(ctx->store, person_record_set)(ctx->store, w->r)) != 0 ||
		    (rc = bm_svc_person_event(ctx, w->p->id, "post", old, post, NULL)) != 0)
			return rc;
	}
	j = json_object();
	json_object_set_new(j, "post", json_string(post));
	return import_step(w, "person.post", j, bm_arena_printf(ctx->arena, "岗位 %s", post),
	                   bm_arena_printf(ctx->arena, "post %s", post));
}

/* PERSON-2: the commitment, as `person commit`. */
static int import_commit(import_walk *w, const char *on)
{
	bm_ctx *ctx = w->ctx;
	const char *old = w->p->commitment_signed_on;
	bm_decision d;
	int32_t day;
	json_t *j;
	int rc;
	if ((rc = import_date(w, BM_STEP_COMMITMENT, on, &day)) != 0)
		return rc;
	if (import_same(old, on))
		return import_kept(w, bm_arena_printf(ctx->arena, "承诺书 %s", on),
		                   bm_arena_printf(ctx->arena, "commitment %s", on));
	if (!bm_rules_person_vet(&d, &w->f, w->today))
		return bm_decision_error(&d);
	if (w->write) {
		w->p->commitment_signed_on = on;
		if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, w->p)) != 0 ||
		    (rc = bm_svc_person_event(ctx, w->p->id, "commitment", old, on, NULL)) != 0)
			return rc;
	}
	w->f.commitment_on = day;
	j = json_object();
	json_object_set_new(j, "on", json_string(on));
	return import_step(w, "person.commit", j, bm_arena_printf(ctx->arena, "承诺书 %s", on),
	                   bm_arena_printf(ctx->arena, "commitment %s", on));
}

/* PERSON-2/3: the clearance at the class, as `person clear` (vetted, trained, committed). */
static int import_clear(import_walk *w, const char *class_code, const char *cleared_on)
{
	bm_ctx *ctx = w->ctx;
	const char *on = given(cleared_on) ? cleared_on : bm_svc_today(ctx);
	bm_decision d;
	int32_t day;
	int cls = -1, rc;
	json_t *j;
	if ((rc = import_date(w, BM_STEP_CLEARANCE, on, &day)) != 0 ||
	    (rc = bm_svc_term(BM_TERM_CLASS, class_code, &cls)) != 0)
		return rc;
	/* Already at the class: the same clearance, unless the file dates it differently. */
	if (w->p->person_class == (bm_class)cls && w->r->cleared_on &&
	    (!given(cleared_on) || import_same(w->r->cleared_on, on)))
		return import_kept(w,
		                   bm_arena_printf(ctx->arena, "确定为%s %s",
		                                   bm_class_names[cls].zh, w->r->cleared_on),
		                   bm_arena_printf(ctx->arena, "cleared %s %s",
		                                   bm_class_names[cls].code, w->r->cleared_on));
	if (!bm_rules_person_clear(&d, &w->f, (bm_class)cls, w->today))
		return bm_decision_error(&d);
	if (w->write) {
		const char *old = bm_class_names[w->p->person_class].code;
		w->p->person_class = (bm_class)cls;
		w->r->cleared_on = on;
		if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, w->p)) != 0 ||
		    (rc = BM_STORE(ctx->store, person_record_set)(ctx->store, w->r)) != 0 ||
		    (rc = bm_svc_person_event(ctx, w->p->id, "clearance", NULL, on, NULL)) != 0 ||
		    (rc = bm_svc_person_event(ctx, w->p->id, "class", old, bm_class_names[cls].code,
		                              NULL)) != 0)
			return rc;
	}
	w->f.cleared_on = day;
	w->f.person_class = (bm_class)cls;
	j = json_object();
	json_object_set_new(j, "on", json_string(on));
	json_object_set_new(j, "class", json_string(bm_class_names[cls].code));
	return import_step(
	        w, "person.clear", j,
	        bm_arena_printf(ctx->arena, "确定为%s %s", bm_class_names[cls].zh, on),
	        bm_arena_printf(ctx->arena, "cleared %s %s", bm_class_names[cls].code, on));
}

/* ORG-1: the responsibility statement, as `person statement`. */
static int import_statement(import_walk *w, const char *on)
{
	bm_ctx *ctx = w->ctx;
	const char *old = w->r->statement_on;
	bm_decision d;
	int32_t day;
	json_t *j;
	int rc;
	if ((rc = import_date(w, BM_STEP_STATEMENT, on, &day)) != 0)
		return rc;
	if (import_same(old, on))
		return import_kept(w, bm_arena_printf(ctx->arena, "责任书 %s", on),
		                   bm_arena_printf(ctx->arena, "statement %s", on));
	if (!bm_rules_person_statement(&d, &w->f, w->today))
		return bm_decision_error(&d);
	if (w->write) {
		w->r->statement_on = on;
		if ((rc = BM_STORE(ctx->store, person_record_set)(ctx->store, w->r)) != 0 ||
		    (rc = bm_svc_person_event(ctx, w->p->id, "statement", old, on, NULL)) != 0)
			return rc;
	}
	w->f.statement_on = day;
	j = json_object();
	json_object_set_new(j, "on", json_string(on));
	return import_step(w, "person.statement", j, bm_arena_printf(ctx->arena, "责任书 %s", on),
	                   bm_arena_printf(ctx->arena, "statement %s", on));
}

int bm_person_import_row(bm_ctx *ctx, const bm_person_import_input *in, bool write,
                         const bm_import_origin *o, bm_person **who, const char **sum_zh,
                         const char **sum_en)
{
	import_walk w = {.ctx = ctx, .write = write, .o = o, .today = bm_svc_today_days(ctx)};
	int rc;

	bm_buf_init(&w.zh, 0);
	bm_buf_init(&w.en, 0);
	if (!given(in->vetted_on) && !given(in->post) && !given(in->commitment_on) &&
	    !given(in->class_code) && !given(in->statement_on)) {
		rc = bm_error_set(BM_EINVALID, "import_nothing", NULL,
		                  "这一行没有可记录的内容（审查、岗位、承诺书、涉密等级、责任书）",
		                  "the row records nothing (vetting, post, commitment, class, "
		                  "statement)");
		goto done;
	}
	if ((rc = import_person(ctx, in, &w.p)) != 0 ||
	    (rc = bm_svc_person_register_facts(ctx, w.p, &w.f, &w.r, NULL)) != 0)
		goto done;
	*who = w.p;
	bm_buf_printf(&w.zh, "%s（%s）", w.p->name, w.p->username ? w.p->username : "-");
	bm_buf_printf(&w.en, "%s (%s)", w.p->name, w.p->username ? w.p->username : "-");
	/* The register's order: vetting, post, commitment, clearance, statement. */
	if ((given(in->vetted_on) && (rc = import_vet(&w, in)) != 0) ||
	    (given(in->post) && (rc = import_post(&w, in->post)) != 0) ||
	    (given(in->commitment_on) && (rc = import_commit(&w, in->commitment_on)) != 0) ||
	    (given(in->class_code) &&
	     (rc = import_clear(&w, in->class_code, in->cleared_on)) != 0) ||
	    (given(in->statement_on) && (rc = import_statement(&w, in->statement_on)) != 0))
		goto done;
	*sum_zh = bm_arena_strndup(ctx->arena, w.zh.ptr ? w.zh.ptr : "", w.zh.len);
	*sum_en = bm_arena_strndup(ctx->arena, w.en.ptr ? w.en.ptr : "", w.en.len);
done:
	bm_buf_release(&w.zh);
	bm_buf_release(&w.en);
	return rc;
}
