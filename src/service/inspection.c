/*
 * inspection.c — inspections (保密检查, INSP-1) and rectification notices
 * (整改通知书, INSP-2). See service/inspection.h. The decisions are
 * policy/inspection.c's; this file loads the facts, writes the change with
 * its line of history and audits it.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/inspection.h"
#include "policy/inspection.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_ITEM = 200,
	MAX_NOTE = 1000,
	MAX_TEXT = 4000,
	MAX_SOURCE = 100,
	MAX_LINES = 200,
	MAX_REFS = 100,
};

static const char *object_of(bm_ctx *ctx, const char *kind, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "%s:%lld", kind, (long long)id) : "";
}

static bm_insp_rect_status rect_status(const bm_insp_rectification *r)
{
	int s = bm_vocab_find(bm_insp_rect_status_names, BM_RECT_STATUS_COUNT, r->status);
	return s < 0 ? BM_RECT_CLOSED : (bm_insp_rect_status)s;
}

static int unknown_inspection(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_inspection", NULL, "检查 %lld 不存在",
	                    "inspection %lld does not exist", (long long)id);
}

static int unknown_rect(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_rectification", NULL, "整改通知 %lld 不存在",
	                    "rectification %lld does not exist", (long long)id);
}

/* An inspection of the actor's unit, else BM_ENOTFOUND. */
static int load_insp(bm_ctx *ctx, int64_t id, bm_insp_row **out)
{
	bm_insp_row *r = NULL;
	int rc = BM_STORE(ctx->store, insp_get)(ctx->store, ctx->arena, id, &r);
	if (rc == BM_ENOTFOUND || (rc == 0 && r->unit_id != ctx->unit->id))
		return unknown_inspection(id);
	if (rc)
		return rc;
	*out = r;
	return 0;
}

/* A rectification of the actor's unit, else BM_ENOTFOUND. */
static int load_rect(bm_ctx *ctx, int64_t id, bm_insp_rectification **out)
{
	bm_insp_rectification *r = NULL;
	int rc = BM_STORE(ctx->store, insp_rect_get)(ctx->store, ctx->arena, id, &r);
	if (rc == BM_ENOTFOUND || (rc == 0 && r->unit_id != ctx->unit->id))
		return unknown_rect(id);
	if (rc)
		return rc;
	*out = r;
	return 0;
}

/* Appends a line to a notice's history; `deadline`: the one an opening or reopening set. */
static int history(bm_ctx *ctx, int64_t rect_id, const char *action, const char *detail,
                   const char *deadline)
{
	bm_insp_rect_event e = {0};
	e.rectification_id = rect_id;
	e.at = bm_svc_now_iso(ctx);
	e.actor_id = ctx->actor ? ctx->actor->id : 0;
	e.action = action;
	e.detail = detail;
	e.deadline = deadline;
	if (!e.at)
		return bm_error_nomem();
	return BM_STORE(ctx->store, insp_rect_event_add)(ctx->store, &e);
}

/* True when the actor may do `task` (no error left behind). */
static bool may(bm_ctx *ctx, bm_task task)
{
	bm_decision d;
	return ctx->actor && bm_policy_may(&d, task, ctx->actor->roles, ctx->actor->n_roles);
}

/* ---- inspections ---------------------------------------------------------- */

/* The scope as typed: "unit", or departments of the unit (INSP-1). */
static int read_scope(bm_ctx *ctx, const char *scope, bm_insp_facts *f, json_t *ids)
{
	char **items = NULL;
	size_t n = 0;
	int rc;
	f->whole_unit = false;
	if (!bm_utf8_given(scope))
		return 0;
	if (strcmp(scope, "unit") == 0 || strcmp(scope, "全单位") == 0) {
		f->whole_unit = true;
		return 0;
	}
	if ((rc = bm_svc_split_list(ctx, scope, &items, &n)) != 0)
		return rc;
	if (n > MAX_REFS)
		return bm_error_set(BM_ETOOLARGE, "too_many", NULL, "检查范围过多",
		                    "too many departments in the scope");
	for (size_t i = 0; i < n; i++) {
		bm_department *d = NULL;
		rc = bm_svc_department_resolve(ctx, items[i], &d);
		if (rc == 0 && d->unit_id != ctx->unit->id)
			rc = BM_ENOTFOUND;
		if (rc == BM_ENOTFOUND) { /* INSP-1 decides: not of the unit */
			bm_error_clear();
			f->bad_department = items[i];
			return 0;
		}
		if (rc)
			return rc;
		json_array_append_new(ids, json_integer(d->id));
	}
	f->n_departments = json_array_size(ids);
	return 0;
}

/* The inspectors as typed: active people of the unit (INSP-1). */
static int read_inspectors(bm_ctx *ctx, const char *text, bm_insp_facts *f, json_t *ids)
{
	char **items = NULL;
	size_t n = 0;
	int rc;
	if (!bm_utf8_given(text))
		return 0;
	if ((rc = bm_svc_split_list(ctx, text, &items, &n)) != 0)
		return rc;
	if (n > MAX_REFS)
		return bm_error_set(BM_ETOOLARGE, "too_many", NULL, "检查人员过多",
		                    "too many inspectors");
	for (size_t i = 0; i < n; i++) {
		bm_person *p = NULL;
		rc = bm_svc_unit_person(ctx, items[i], &p);
		if (rc == 0 && p->status != BM_PERSON_ACTIVE)
			rc = BM_ENOTFOUND;
		if (rc == BM_ENOTFOUND) { /* INSP-1 decides: not of the unit */
			bm_error_clear();
			f->bad_inspector = items[i];
			return 0;
		}
		if (rc)
			return rc;
		json_array_append_new(ids, json_integer(p->id));
	}
	f->n_inspectors = json_array_size(ids);
	return 0;
}

/* The checklist as typed, checked line by line (INSP-1). */
static int read_checklist(const bm_insp_input *in, bm_insp_facts *f, json_t *lines)
{
	int rc;
	f->bad_answer = -1;
	f->n_items = in->n_checklist;
	if (in->n_checklist > MAX_LINES)
		return bm_error_set(BM_ETOOLARGE, "too_many", NULL, "检查表超过 %d 项",
		                    "the checklist has more than %d lines", MAX_LINES);
	for (size_t i = 0; i < in->n_checklist; i++) {
		const bm_insp_check_line *l = &in->checklist[i];
		json_t *o;
		if ((rc = bm_svc_check_text(l->item, "检查项目", "item", MAX_ITEM, false)) != 0 ||
		    (rc = bm_svc_check_text(l->note, "说明", "note", MAX_NOTE, false)) != 0)
			return rc;
		if (!bm_utf8_given(l->item) || !l->answer ||
		    bm_vocab_find(bm_insp_answer_names, BM_INSP_ANSWER_COUNT, l->answer) < 0) {
			if (f->bad_answer < 0)
				f->bad_answer = (int)i;
			continue;
		}
		o = json_object();
		json_object_set_new(o, "item", json_string(l->item));
		json_object_set_new(o, "answer", json_string(l->answer));
		json_object_set_new(o, "note",
		                    bm_utf8_given(l->note) ? json_string(l->note) : json_null());
		json_array_append_new(lines, o);
	}
	return 0;
}

int bm_svc_insp_add(bm_ctx *ctx, const bm_insp_input *in, bm_insp_row **out)
{
	bm_insp_row *r = NULL;
	bm_insp_facts f = {0};
	bm_decision dec;
	json_t *d = json_object(), *deps = json_array(), *insp = json_array(),
	       *lines = json_array();
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_INSPECTION)) != 0 ||
	    (rc = bm_svc_check_text(in->summary, "检查小结", "summary", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	f.kind = in->kind ? bm_vocab_find(bm_insp_kind_names, BM_INSP_KIND_COUNT, in->kind) : -1;
	f.held_on = bm_svc_day_of(in->held_on);
	f.today = bm_svc_today_days(ctx);
	if ((rc = read_scope(ctx, in->scope, &f, deps)) != 0 ||
	    (rc = read_inspectors(ctx, in->inspectors, &f, insp)) != 0 ||
	    (rc = read_checklist(in, &f, lines)) != 0)
		goto done;
	/* INSP-1: kind, day, scope, inspectors, answers. */
	if (!bm_rules_insp_record(&dec, &f)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (!(r = bm_arena_alloc(ctx->arena, sizeof(*r)))) {
		rc = bm_error_nomem();
		goto done;
	}
	r->unit_id = ctx->unit->id;
	r->kind = bm_insp_kind_names[f.kind].code;
	r->held_on = bm_svc_date_text(ctx, f.held_on);
	r->whole_unit = f.whole_unit;
	r->departments = f.whole_unit ? NULL : bm_svc_json(ctx, json_incref(deps));
	r->inspectors = bm_svc_json(ctx, json_incref(insp));
	r->checklist = bm_svc_json(ctx, json_incref(lines));
	r->summary = bm_utf8_given(in->summary) ? in->summary : NULL;
	r->created_by = ctx->actor->id;
	r->created_at = bm_svc_now_iso(ctx);
	if (!r->held_on || !r->inspectors || !r->checklist || !r->created_at ||
	    (!f.whole_unit && !r->departments)) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, insp_insert)(ctx->store, r)) != 0)
		goto done;
	r->created_by_name = ctx->actor->name;
	json_object_set_new(d, "kind", json_string(r->kind));
	json_object_set_new(d, "held_on", json_string(r->held_on));
	json_object_set_new(d, "whole_unit", json_boolean(r->whole_unit));
	json_object_set_new(d, "departments", json_incref(deps));
	json_object_set_new(d, "inspectors", json_incref(insp));
	json_object_set_new(d, "checklist_lines", json_integer((json_int_t)json_array_size(lines)));
	*out = r;
done:
	json_decref(deps);
	json_decref(insp);
	json_decref(lines);
	return bm_svc_end(ctx, rc, "inspection.add", object_of(ctx, "inspection", r ? r->id : 0),
	                  bm_svc_json(ctx, d));
}

/* ---- rectifications --------------------------------------------------------- */

int bm_svc_insp_rectification_open(bm_ctx *ctx, const bm_insp_rectification_in *in,
                                   bm_insp_rectification **out)
{
	bm_insp_rect_facts f = {0};
	bm_insp_rectification *r = NULL;
	bm_department *dep = NULL;
	bm_person *resp = NULL;
	bm_insp_row *insp = NULL;
	bm_decision dec;
	const char *source = NULL;
	int rc;

	if (!ctx->home)
		return bm_error_set(BM_ERROR, "no_transaction", NULL, "整改通知须在事务中下达",
		                    "a rectification is opened inside a use case's transaction");
	if ((rc = bm_svc_require_task(ctx, BM_TASK_RECTIFY)) != 0 ||
	    (rc = bm_svc_check_text(in->finding, "检查发现的问题", "finding", MAX_TEXT, false)) !=
	            0)
		return rc;
	if (in->inspection_id) {
		if ((rc = load_insp(ctx, in->inspection_id, &insp)) != 0)
			return rc;
		source = object_of(ctx, "inspection", insp->id);
	} else {
		if ((rc = bm_svc_check_text(in->source, "来源", "source", MAX_SOURCE, true)) != 0)
			return rc;
		source = in->source;
	}
	f.finding_given = bm_utf8_given(in->finding);
	f.today = bm_svc_today_days(ctx);
	if (bm_utf8_given(in->department)) {
		rc = bm_svc_department_resolve(ctx, in->department, &dep);
		if (rc == BM_ENOTFOUND)
			bm_error_clear();
		else if (rc)
			return rc;
		f.department_of_unit = rc == 0 && dep->unit_id == ctx->unit->id;
	}
	if (bm_utf8_given(in->responsible)) {
		rc = bm_svc_unit_person(ctx, in->responsible, &resp);
		if (rc == BM_ENOTFOUND)
			bm_error_clear();
		else if (rc)
			return rc;
		f.responsible_of_unit = rc == 0 && resp->status == BM_PERSON_ACTIVE;
	}
	f.deadline = bm_utf8_given(in->deadline)
	                     ? bm_svc_day_of(in->deadline)
	                     : bm_rules_insp_default_deadline(&ctx->policy, f.today);
	/* INSP-2: a finding, a department and a person of the unit, a deadline ahead. */
	if (!bm_rules_insp_rect_open(&dec, &f))
		return bm_decision_error(&dec);
	if (!(r = bm_arena_alloc(ctx->arena, sizeof(*r))))
		return bm_error_nomem();
	r->unit_id = ctx->unit->id;
	r->inspection_id = insp ? insp->id : 0;
	r->source = source;
	r->finding = in->finding;
	r->department_id = dep->id;
	r->responsible_id = resp->id;
	r->deadline = bm_svc_date_text(ctx, f.deadline);
	r->status = "open";
	r->created_by = ctx->actor->id;
	r->created_at = r->updated_at = bm_svc_now_iso(ctx);
	if (!r->source || !r->deadline || !r->created_at)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, insp_rect_insert)(ctx->store, r)) != 0 ||
	    (rc = history(ctx, r->id, "open", r->deadline, r->deadline)) != 0)
		return rc;
	r->department_name = dep->name;
	r->responsible_name = resp->name;
	r->inspection_kind = insp ? insp->kind : NULL;
	r->inspection_held_on = insp ? insp->held_on : NULL;
	*out = r;
	return 0;
}

/* The audit detail of a notice's change. */
static const char *rect_detail(bm_ctx *ctx, const bm_insp_rectification *r)
{
	json_t *d = json_object();
	if (!r)
		return bm_svc_json(ctx, d);
	json_object_set_new(d, "source", json_string(r->source));
	json_object_set_new(d, "department_id", json_integer(r->department_id));
	json_object_set_new(d, "responsible_id", json_integer(r->responsible_id));
	json_object_set_new(d, "deadline", json_string(r->deadline));
	json_object_set_new(d, "status", json_string(r->status));
	return bm_svc_json(ctx, d);
}

int bm_svc_insp_finding(bm_ctx *ctx, const bm_insp_rectification_in *in,
                        bm_insp_rectification **out)
{
	bm_insp_rectification *r = NULL;
	int rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_RECTIFY)) != 0 || (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	if ((rc = bm_svc_insp_rectification_open(ctx, in, &r)) != 0)
		goto done;
	*out = r;
done:
	return bm_svc_end(ctx, rc, "rectification.open",
	                  r ? object_of(ctx, "rectification", r->id)
	                    : object_of(ctx, "inspection", in->inspection_id),
	                  rc ? NULL : rect_detail(ctx, r));
}

int bm_svc_insp_rect_report(bm_ctx *ctx, int64_t id, const char *text, bm_insp_rectification **out)
{
	bm_insp_rectification *r = NULL;
	bm_decision dec;
	int rc;

	if ((rc = bm_svc_require_reader(ctx)) != 0 ||
	    (rc = bm_svc_check_text(text, "整改情况", "report", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	if ((rc = load_rect(ctx, id, &r)) != 0)
		goto done;
	/* INSP-2: the one answering for it (or the inspectors' side) reports an open notice. */
	if (!bm_rules_insp_rect_report(&dec, id, rect_status(r), bm_utf8_given(text),
	                               r->responsible_id == ctx->actor->id,
	                               may(ctx, BM_TASK_RECTIFY))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	r->status = "reported";
	r->report = text;
	r->reported_at = r->updated_at = bm_svc_now_iso(ctx);
	r->reported_by = ctx->actor->id;
	if ((rc = BM_STORE(ctx->store, insp_rect_update)(ctx->store, r)) != 0 ||
	    (rc = history(ctx, r->id, "report", text, NULL)) != 0)
		goto done;
	*out = r;
done:
	return bm_svc_end(ctx, rc, "rectification.report", object_of(ctx, "rectification", id),
	                  rc ? NULL : rect_detail(ctx, r));
}

int bm_svc_insp_rect_follow(bm_ctx *ctx, int64_t id, bool close, const char *note,
                            const char *deadline, bm_insp_rectification **out)
{
	bm_insp_rectification *r = NULL;
	bm_decision dec;
	int32_t new_deadline = bm_svc_day_of(deadline);
	int rc;

	if ((rc = bm_svc_require_task(ctx, BM_TASK_RECTIFY)) != 0 ||
	    (rc = bm_svc_check_text(note, "复查意见", "note", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_begin(ctx)) != 0)
		goto done;
	if ((rc = load_rect(ctx, id, &r)) != 0)
		goto done;
	/* INSP-2: a follow-up of what was reported: close it, or reopen with a new deadline. */
	if (!bm_rules_insp_rect_follow(&dec, id, rect_status(r), close, bm_utf8_given(note),
	                               new_deadline, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	r->follow_up = note;
	r->followed_at = r->updated_at = bm_svc_now_iso(ctx);
	r->followed_by = ctx->actor->id;
	if (close) {
		r->status = "closed";
	} else {
		r->status = "open";
		r->deadline = bm_svc_date_text(ctx, new_deadline);
		r->reopened++;
	}
	if ((rc = BM_STORE(ctx->store, insp_rect_update)(ctx->store, r)) != 0 ||
	    (rc = history(ctx, r->id, close ? "close" : "reopen",
	                  close ? note : bm_arena_printf(ctx->arena, "%s（%s）", note, r->deadline),
	                  close ? NULL : r->deadline)) != 0)
		goto done;
	*out = r;
done:
	return bm_svc_end(ctx, rc, close ? "rectification.close" : "rectification.reopen",
	                  object_of(ctx, "rectification", id), rc ? NULL : rect_detail(ctx, r));
}

/* ---- reads ------------------------------------------------------------------ */

/* The names of the ids in the JSON array `ids` (people or departments), in order. */
static int names_of(bm_ctx *ctx, const char *ids, bool people, const char ***out, size_t *n)
{
	json_t *arr = ids ? json_loads(ids, 0, NULL) : NULL;
	const char **names = NULL;
	size_t i, k = 0;
	json_t *v;
	int rc = 0;
	*out = NULL;
	*n = 0;
	if (!arr)
		return 0;
	if (json_array_size(arr) &&
	    !(names = bm_arena_alloc(ctx->arena, json_array_size(arr) * sizeof(*names)))) {
		json_decref(arr);
		return bm_error_nomem();
	}
	json_array_foreach(arr, i, v)
	{
		int64_t id = (int64_t)json_integer_value(v);
		if (people) {
			bm_person *p = NULL;
			rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, id, &p);
			if (rc == 0)
				names[k++] = p->name;
		} else {
			bm_department *d = NULL;
			rc = BM_STORE(ctx->store, department_get)(ctx->store, ctx->arena, id, &d);
			if (rc == 0)
				names[k++] = d->name;
		}
		if (rc)
			break;
	}
	json_decref(arr);
	if (rc)
		return rc;
	*out = names;
	*n = k;
	return 0;
}

int bm_svc_insp_show(bm_ctx *ctx, int64_t id, bm_insp_record *out)
{
	bm_insp_record r = {0};
	bm_insp_rect_filter f = {0};
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INSPECTION)) != 0 ||
	    (rc = load_insp(ctx, id, &r.inspection)) != 0 ||
	    (rc = names_of(ctx, r.inspection->inspectors, true, &r.inspector_names,
	                   &r.n_inspectors)) != 0 ||
	    (rc = names_of(ctx, r.inspection->departments, false, &r.department_names,
	                   &r.n_departments)) != 0)
		goto done;
	f.unit_id = ctx->unit->id;
	f.inspection_id = id;
	if ((rc = BM_STORE(ctx->store, insp_rect_list)(
	             ctx->store, ctx->arena, &f, &r.rectifications, &r.n_rectifications)) != 0)
		goto done;
	r.today = bm_svc_today_days(ctx);
	*out = r;
done:
	return bm_svc_end(ctx, rc, "inspection.show", object_of(ctx, "inspection", id), NULL);
}

int bm_svc_insp_list(bm_ctx *ctx, const char *kind, bm_insp_row **out, size_t *count)
{
	bm_insp_filter f = {0};
	json_t *d = json_object();
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INSPECTION)) != 0)
		goto done;
	f.unit_id = ctx->unit->id;
	if (bm_utf8_given(kind)) {
		if (bm_vocab_find(bm_insp_kind_names, BM_INSP_KIND_COUNT, kind) < 0) {
			rc = bm_error_set(BM_EINVALID, "invalid_kind", NULL,
			                  "未知检查类型 '%.32s'（regular/spot/special）",
			                  "unknown kind '%.32s' (regular, spot, special)", kind);
			goto done;
		}
		f.kind = kind;
		json_object_set_new(d, "kind", json_string(kind));
	}
	if ((rc = BM_STORE(ctx->store, insp_list)(ctx->store, ctx->arena, &f, out, count)) != 0)
		goto done;
	json_object_set_new(d, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, "inspection.list", "", bm_svc_json(ctx, d));
}

/*
 * INSP-1: the calendar of regular inspections, from the latest one (or the
 * unit's set-up day). Inside the caller's read or transaction; alerts.c
 * asks the same. `unit_since` is the unit's set-up day.
 */
static int calendar_of(bm_ctx *ctx, bm_insp_calendar *out)
{
	bm_insp_filter f = {0};
	bm_insp_row *rows = NULL;
	size_t n = 0;
	bm_decision d;
	int32_t last = BM_DATE_NONE, since = bm_svc_today_days(ctx);
	int rc;
	f.unit_id = ctx->unit->id;
	f.kind = bm_insp_kind_names[BM_INSP_REGULAR].code;
	if ((rc = BM_STORE(ctx->store, insp_list)(ctx->store, ctx->arena, &f, &rows, &n)) != 0)
		return rc;
	if (n)
		last = bm_svc_day_of(rows[0].held_on);
	if (ctx->unit->created_at) {
		int64_t t = 0;
		if (bm_time_parse(ctx->unit->created_at, &t))
			since = bm_time_local_date(t, ctx->policy.tz_offset_minutes);
	}
	memset(out, 0, sizeof(*out));
	out->interval_months = ctx->policy.inspection_months;
	out->alert = bm_rules_insp_calendar(&d, &ctx->policy, last, since, bm_svc_today_days(ctx));
	out->last = bm_svc_date_text(ctx, last);
	out->due = bm_svc_date_text(ctx, d.due_date);
	out->code = d.code;
	out->reason_zh = out->alert ? bm_arena_strdup(ctx->arena, d.reason_zh) : NULL;
	out->reason_en = out->alert ? bm_arena_strdup(ctx->arena, d.reason_en) : NULL;
	return 0;
}

int bm_svc_insp_calendar(bm_ctx *ctx, bm_insp_calendar *out)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_INSPECTION)) != 0)
		goto done;
	rc = calendar_of(ctx, out);
done:
	return bm_svc_end(ctx, rc, "inspection.calendar", "", NULL);
}

/* The notices the actor may read: all (clerk, leadership), else those they answer for. */
static int may_read_rect(bm_ctx *ctx, const bm_insp_rectification *r)
{
	if (may(ctx, BM_TASK_RECTIFY) || r->responsible_id == ctx->actor->id)
		return 0;
	return unknown_rect(r->id);
}

int bm_svc_insp_rect_show(bm_ctx *ctx, int64_t id, bm_insp_rect_record *out)
{
	bm_insp_rect_record r = {0};
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_reader(ctx)) != 0 || (rc = load_rect(ctx, id, &r.rect)) != 0 ||
	    (rc = may_read_rect(ctx, r.rect)) != 0 ||
	    (rc = BM_STORE(ctx->store, insp_rect_events)(ctx->store, ctx->arena, id, &r.events,
	                                                 &r.n_events)) != 0)
		goto done;
	r.today = bm_svc_today_days(ctx);
	*out = r;
done:
	return bm_svc_end(ctx, rc, "rectification.show", object_of(ctx, "rectification", id), NULL);
}

int bm_svc_insp_rect_list(bm_ctx *ctx, const bm_insp_rect_query *q, bm_insp_rectification **out,
                          size_t *count, int32_t *today)
{
	bm_insp_rect_filter f = {0};
	json_t *d = json_object();
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_reader(ctx)) != 0)
		goto done;
	f.unit_id = ctx->unit->id;
	if (!may(ctx, BM_TASK_RECTIFY))
		f.responsible_id = ctx->actor->id;
	if (bm_utf8_given(q->status)) {
		if (bm_vocab_find(bm_insp_rect_status_names, BM_RECT_STATUS_COUNT, q->status) < 0) {
			rc = bm_error_set(BM_EINVALID, "invalid_status", NULL,
			                  "未知状态 '%.32s'（open/reported/closed）",
			                  "unknown status '%.32s' (open, reported, closed)",
			                  q->status);
			goto done;
		}
		f.status = q->status;
		json_object_set_new(d, "status", json_string(q->status));
	}
	if (bm_utf8_given(q->department)) {
		bm_department *dep = NULL;
		if ((rc = bm_svc_department_resolve(ctx, q->department, &dep)) != 0)
			goto done;
		f.department_id = dep->id;
	}
	if (q->overdue_only)
		f.due_before = bm_svc_today(ctx);
	if ((rc = BM_STORE(ctx->store, insp_rect_list)(ctx->store, ctx->arena, &f, out, count)) !=
	    0)
		goto done;
	*today = bm_svc_today_days(ctx);
	json_object_set_new(d, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, "rectification.list", "", bm_svc_json(ctx, d));
}

/* ---- JSON ---------------------------------------------------------------- */

#define S(o, key, v) json_object_set_new(o, key, (v) ? json_string(v) : json_null())

static void vocab_names(json_t *o, const char *key, const bm_vocab_entry *t, int n,
                        const char *code)
{
	char k[64];
	int i = code ? bm_vocab_find(t, n, code) : -1;
	S(o, key, code);
	snprintf(k, sizeof(k), "%s_name", key);
	S(o, k, i >= 0 ? t[i].zh : code);
	snprintf(k, sizeof(k), "%s_name_en", key);
	S(o, k, i >= 0 ? t[i].en : code);
}

json_t *bm_insp_to_json(const bm_insp_row *r)
{
	json_t *o = json_object();
	json_t *checklist = r->checklist ? json_loads(r->checklist, 0, NULL) : NULL;
	json_t *deps = r->departments ? json_loads(r->departments, 0, NULL) : NULL;
	json_t *insp = r->inspectors ? json_loads(r->inspectors, 0, NULL) : NULL;
	size_t i;
	json_t *line;
	json_object_set_new(o, "id", json_integer(r->id));
	vocab_names(o, "kind", bm_insp_kind_names, BM_INSP_KIND_COUNT, r->kind);
	S(o, "held_on", r->held_on);
	json_object_set_new(o, "whole_unit", json_boolean(r->whole_unit));
	json_object_set_new(o, "department_ids", deps ? deps : json_array());
	json_object_set_new(o, "inspector_ids", insp ? insp : json_array());
	if (!checklist)
		checklist = json_array();
	json_array_foreach(checklist, i, line)
	{
		const char *a = json_string_value(json_object_get(line, "answer"));
		int k = a ? bm_vocab_find(bm_insp_answer_names, BM_INSP_ANSWER_COUNT, a) : -1;
		S(line, "answer_name", k >= 0 ? bm_insp_answer_names[k].zh : a);
		S(line, "answer_name_en", k >= 0 ? bm_insp_answer_names[k].en : a);
	}
	json_object_set_new(o, "checklist", checklist);
	S(o, "summary", r->summary);
	json_object_set_new(o, "created_by", json_integer(r->created_by));
	S(o, "created_by_name", r->created_by_name);
	S(o, "created_at", r->created_at);
	json_object_set_new(o, "finding_count", json_integer(r->n_findings));
	json_object_set_new(o, "open_count", json_integer(r->n_open));
	return o;
}

json_t *bm_insp_rect_to_json(const bm_insp_rectification *r, int32_t today)
{
	json_t *o = json_object();
	bm_decision d;
	bool overdue = bm_rules_insp_rect_overdue(&d, r->id, rect_status(r),
	                                          bm_svc_day_of(r->deadline), today);
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "inspection_id",
	                    r->inspection_id ? json_integer(r->inspection_id) : json_null());
	S(o, "source", r->source);
	if (r->inspection_kind)
		vocab_names(o, "inspection_kind", bm_insp_kind_names, BM_INSP_KIND_COUNT,
		            r->inspection_kind);
	S(o, "inspection_held_on", r->inspection_held_on);
	S(o, "finding", r->finding);
	json_object_set_new(o, "department_id", json_integer(r->department_id));
	S(o, "department_name", r->department_name);
	json_object_set_new(o, "responsible_id", json_integer(r->responsible_id));
	S(o, "responsible_name", r->responsible_name);
	S(o, "deadline", r->deadline);
	vocab_names(o, "status", bm_insp_rect_status_names, BM_RECT_STATUS_COUNT, r->status);
	json_object_set_new(o, "overdue", json_boolean(overdue));
	S(o, "report", r->report);
	S(o, "reported_at", r->reported_at);
	S(o, "follow_up", r->follow_up);
	S(o, "followed_at", r->followed_at);
	json_object_set_new(o, "reopened", json_integer(r->reopened));
	S(o, "created_at", r->created_at);
	S(o, "updated_at", r->updated_at);
	return o;
}

json_t *bm_insp_record_to_json(const bm_insp_record *r)
{
	json_t *o = bm_insp_to_json(r->inspection);
	json_t *names = json_array(), *deps = json_array(), *rects = json_array();
	for (size_t i = 0; i < r->n_inspectors; i++)
		json_array_append_new(names, json_string(r->inspector_names[i]));
	for (size_t i = 0; i < r->n_departments; i++)
		json_array_append_new(deps, json_string(r->department_names[i]));
	for (size_t i = 0; i < r->n_rectifications; i++)
		json_array_append_new(rects, bm_insp_rect_to_json(&r->rectifications[i], r->today));
	json_object_set_new(o, "inspector_names", names);
	json_object_set_new(o, "department_names", deps);
	json_object_set_new(o, "rectifications", rects);
	return o;
}

json_t *bm_insp_rect_record_to_json(const bm_insp_rect_record *r)
{
	json_t *o = bm_insp_rect_to_json(r->rect, r->today), *events = json_array();
	for (size_t i = 0; i < r->n_events; i++) {
		const bm_insp_rect_event *e = &r->events[i];
		json_t *j = json_object();
		S(j, "at", e->at);
		S(j, "actor_name", e->actor_name);
		S(j, "action", e->action);
		S(j, "detail", e->detail);
		if (e->deadline)
			S(j, "deadline", e->deadline);
		json_array_append_new(events, j);
	}
	json_object_set_new(o, "history", events);
	return o;
}

json_t *bm_insp_calendar_to_json(const bm_insp_calendar *c)
{
	json_t *o = json_object();
	S(o, "last_regular", c->last);
	S(o, "due", c->due);
	json_object_set_new(o, "interval_months", json_integer(c->interval_months));
	json_object_set_new(o, "alert", json_boolean(c->alert));
	S(o, "code", c->code && *c->code ? c->code : NULL);
	S(o, "reason", c->reason_zh);
	S(o, "reason_en", c->reason_en);
	return o;
}
