/*
 * count.c — counting (清查), INV-1..4.
 *
 * A count session covers the whole unit, a department or a custodian. The
 * clerk ticks (or scans) each carrier found by id. Closing compares the
 * ticks with the ledger (INV-3): the expected set is every carrier in the
 * scope that is neither destroyed nor returned; a carrier on loan or on its
 * way to a recipient is "out, accounted for"; one in store per the ledger
 * but not ticked is missing, becomes `missing` and opens an incident
 * (INV-4). Nothing missing means 件件有着落. The schedule (INV-1, INV-2)
 * lives in alerts.c.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/cases.h"
#include "policy/forms.h"
#include "service/ledger_int.h"

enum {
	MAX_REASON = 500,
	MAX_NOTE = 500,
};

static const char *count_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "count:%lld", (long long)id) : "";
}

static int require_session(bm_ctx *ctx, int64_t id, bm_count_session_row **out)
{
	int rc = BM_STORE(ctx->store, count_get)(ctx->store, ctx->arena, id, out);
	if (rc == 0 && (*out)->unit_id != ctx->unit->id)
		rc = BM_ENOTFOUND;
	if (rc == BM_ENOTFOUND) {
		bm_decision d;
		bm_error_clear();
		bm_rules_count_found(&d, id, false);
		rc = bm_decision_error(&d);
	}
	return rc;
}

static int require_open(const bm_count_session_row *s)
{
	bm_decision d;
	if (!bm_rules_count_open(&d, s->id, s->closed_at))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_count_start(bm_ctx *ctx, const char *scope_kind, const char *scope_ref,
                       const char *reason, bm_count_session_row **out)
{
	bm_count_session_row row = {0};
	json_t *detail = json_object();
	const char *kind = scope_kind && *scope_kind ? scope_kind : "unit";
	bm_count_scope scope;
	bm_decision dec;
	int rc;

	json_object_set_new(detail, "scope", json_string(kind));
	if (scope_ref)
		json_object_set_new(detail, "ref", json_string(scope_ref));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT_PLAN)) != 0 ||
	    (rc = bm_svc_check_text(reason, "清查事由", "reason", MAX_REASON, false)) != 0)
		goto done;
	if (!bm_rules_count_scope(&dec, kind, scope_ref && *scope_ref, &scope)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (scope == BM_COUNT_SCOPE_UNIT) {
		row.scope_kind = "unit";
	} else if (scope == BM_COUNT_SCOPE_DEPARTMENT) {
		bm_department *d;
		row.scope_kind = "department";
		if ((rc = bm_svc_department_resolve(ctx, scope_ref ? scope_ref : "", &d)) != 0)
			goto done;
		row.scope_id = d->id;
	} else {
		bm_person *p;
		row.scope_kind = "custodian";
		if ((rc = bm_svc_person_resolve(ctx, scope_ref ? scope_ref : "", &p)) != 0)
			goto done;
		row.scope_id = p->id;
	}
	row.unit_id = ctx->unit->id;
	row.reason = reason && *reason ? reason : NULL;
	row.started_by = ctx->actor->id;
	if (!(row.started_at = bm_svc_now_iso(ctx))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, count_insert)(ctx->store, &row)) != 0 ||
	    (rc = BM_STORE(ctx->store, count_get)(ctx->store, ctx->arena, row.id, out)) != 0)
		goto done;
	json_object_set_new(detail, "scope_id", json_integer(row.scope_id));
done:
	return bm_svc_end(ctx, rc, "count.start", count_object(ctx, rc ? 0 : row.id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_count_tick(bm_ctx *ctx, int64_t session_id, int64_t carrier_id, bool incomplete,
                      const char *note)
{
	bm_count_session_row *s;
	json_t *detail = json_object();
	bm_count_item_row it = {
	        .session_id = session_id, .carrier_id = carrier_id, .incomplete = incomplete};
	bm_decision dec;
	int rc;

	json_object_set_new(detail, "carrier_id", json_integer(carrier_id));
	json_object_set_new(detail, "incomplete", json_boolean(incomplete));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_NOTE, false)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0 || (rc = require_open(s)) != 0)
		goto done;
	if (!bm_rules_count_tick(&dec, carrier_id)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	it.note = note && *note ? note : NULL;
	if (!(it.at = bm_svc_now_iso(ctx))) {
		rc = bm_error_nomem();
		goto done;
	}
	rc = BM_STORE(ctx->store, count_tick)(ctx->store, &it);
done:
	return bm_svc_end(ctx, rc, "count.tick", count_object(ctx, session_id),
	                  bm_svc_json(ctx, detail));
}

/* ---- comparing ticks with the ledger (INV-3) ---- */

typedef struct line_list {
	bm_count_line *v;
	size_t n, cap;
} line_list;

static bm_count_line *push(bm_ctx *ctx, line_list *l)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 16;
		bm_count_line *v = bm_arena_alloc(ctx->arena, cap * sizeof(*v));
		if (!v)
			return NULL;
		if (l->n)
			memcpy(v, l->v, l->n * sizeof(*v));
		l->v = v;
		l->cap = cap;
	}
	memset(&l->v[l->n], 0, sizeof(l->v[0]));
	return &l->v[l->n++];
}

/* Fills a result line from the carrier; BM_ENOMEM when the marking cannot be made. */
static int describe(bm_ctx *ctx, bm_count_line *line, const bm_carrier *c)
{
	line->carrier_id = c->id;
	line->title = c->title;
	line->marking = bm_carrier_marking(ctx->arena, c, false);
	line->number = bm_ledger_number(ctx->arena, c);
	line->status = bm_status_names[c->status].code;
	return line->marking ? 0 : bm_error_nomem();
}

static bool in_scope(const bm_count_session_row *s, const bm_carrier *c)
{
	if (strcmp(s->scope_kind, "department") == 0)
		return c->department_id == s->scope_id;
	if (strcmp(s->scope_kind, "custodian") == 0)
		return c->custodian_id == s->scope_id;
	return true;
}

/*
 * Where a carrier that is out of the safe is, as the store read it with
 * the comparison: its open loan or its dispatch; `*out` is NULL when
 * neither.
 */
static int whereabouts(bm_ctx *ctx, const bm_count_expected *e, const char **out)
{
	*out = NULL;
	if (e->loan_id) {
		*out = bm_arena_printf(ctx->arena, "%s：%s（%s，应还 %s）/ loan %lld",
		                       bm_status_names[e->c.status].zh,
		                       e->loan_holder ? e->loan_holder : "-",
		                       e->loan_kind ? e->loan_kind : "-",
		                       e->loan_due ? e->loan_due : "-", (long long)e->loan_id);
		return *out ? 0 : bm_error_nomem();
	}
	if (e->dispatch_id &&
	    !(*out = bm_arena_printf(ctx->arena,
	                             "发出途中，待签收：发文 %lld / in transit, dispatch %lld",
	                             (long long)e->dispatch_id, (long long)e->dispatch_id)))
		return bm_error_nomem();
	return 0;
}

/*
 * The carrier whose status a close changes, read whole (with its scope)
 * by its primary key: the comparison's row has no scope to write back.
 */
static int set_status(bm_ctx *ctx, int64_t carrier_id, bm_status status, const char *action,
                      int64_t count_id, bm_status *now)
{
	bm_carrier *c;
	json_t *h;
	const char *history;
	int rc;
	if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, carrier_id, &c)) != 0)
		return rc;
	h = json_object();
	json_object_set_new(h, "count_id", json_integer(count_id));
	if (!(history = bm_svc_json(ctx, h)))
		return bm_error_nomem();
	if ((rc = bm_ledger_set_status(ctx, c, status, action, history)) != 0)
		return rc;
	*now = c->status;
	return 0;
}

/* INV-4: the missing carrier is flagged and an incident opened (or the open one kept). */
static int report_missing(bm_ctx *ctx, const bm_count_session_row *s, bm_carrier *c,
                          int64_t open_incident, bm_count_line *line)
{
	json_t *d;
	const char *circumstances, *source;
	int rc;
	line->incident_id = open_incident;
	if (c->status != BM_STATUS_MISSING &&
	    (rc = set_status(ctx, c->id, BM_STATUS_MISSING, "count.missing", s->id, &c->status)) !=
	            0)
		return rc;
	if (line->incident_id)
		return 0;
	circumstances =
	        bm_arena_printf(ctx->arena,
	                        "清查 %lld 中未找到，台账记为在库 / not found in count %lld "
	                        "though in store per the ledger",
	                        (long long)s->id, (long long)s->id);
	source = bm_arena_printf(ctx->arena, "count:%lld", (long long)s->id);
	if (!circumstances || !source)
		return bm_error_nomem();
	d = json_object();
	json_object_set_new(d, "what", json_string(c->title));
	json_object_set_new(d, "level", json_string(bm_level_names[c->level].code));
	json_object_set_new(d, "quantity", json_string("1"));
	json_object_set_new(d, "form", json_string(bm_kind_names[c->kind].code));
	json_object_set_new(d, "circumstances", json_string(circumstances));
	json_object_set_new(d, "source", json_string(source));
	json_object_set_new(d, "rule", json_string(bm_rules_incident_rule("missing")));
	return bm_ledger_incident_insert(ctx, "missing", c->id, d, &line->incident_id);
}

/* The lines of a comparison, by outcome. */
typedef struct count_lists {
	line_list found, missing, out, unexpected, incomplete;
} count_lists;

/* A carrier the ledger expects and the count ticked: found (and back in store when applied). */
static int tick_found(count_lists *l, bm_ctx *ctx, const bm_count_session_row *s, bm_carrier *c,
                      const bm_count_item_row *t, bool apply)
{
	bm_count_line *line;
	int rc;
	if (!(line = push(ctx, &l->found)))
		return bm_error_nomem();
	if ((rc = describe(ctx, line, c)) != 0)
		return rc;
	line->note = t->note;
	if (t->incomplete) {
		bm_count_line *inc = push(ctx, &l->incomplete);
		if (!inc)
			return bm_error_nomem();
		*inc = *line;
	}
	if (apply && c->status == BM_STATUS_MISSING) {
		if ((rc = set_status(ctx, c->id, BM_STATUS_IN_STORE, "count.found", s->id,
		                     &c->status)) != 0)
			return rc;
		line->status = bm_status_names[c->status].code;
	}
	return 0;
}

/*
 * A carrier the ledger expects and the count did not tick: out (lent,
 * taken out, circulating, with its whereabouts) or missing (INV-3/INV-4,
 * flagged with an incident when applied).
 */
static int tick_absent(count_lists *l, bm_ctx *ctx, const bm_count_session_row *s,
                       bm_count_expected *e, bool apply)
{
	bm_carrier *c = &e->c;
	bm_count_line *line;
	int rc;
	if (c->status == BM_STATUS_LENT || c->status == BM_STATUS_TAKEN_OUT ||
	    c->status == BM_STATUS_CIRCULATING) {
		const char *where;
		if ((rc = whereabouts(ctx, e, &where)) != 0)
			return rc;
		if (where) {
			if (!(line = push(ctx, &l->out)))
				return bm_error_nomem();
			if ((rc = describe(ctx, line, c)) != 0)
				return rc;
			line->where = where;
			return 0;
		}
	}
	/* INV-3/INV-4: in store per the ledger (or out with nothing to show for it). */
	if (!(line = push(ctx, &l->missing)))
		return bm_error_nomem();
	if ((rc = describe(ctx, line, c)) != 0)
		return rc;
	if (apply) {
		if ((rc = report_missing(ctx, s, c, e->incident_id, line)) != 0)
			return rc;
		line->status = bm_status_names[c->status].code;
	}
	return 0;
}

/* A tick the ledger did not expect: unknown, hidden, gone, outside the scope or not listed. */
static int tick_unexpected(count_lists *l, bm_ctx *ctx, const bm_count_session_row *s,
                           const bm_count_item_row *t)
{
	bm_carrier *c = NULL;
	bm_count_line *line;
	int rc;
	/* Only "no such carrier" means not in the ledger; any other failure is an error. */
	rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, t->carrier_id, &c);
	if (rc != 0 && rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	if (!(line = push(ctx, &l->unexpected)))
		return bm_error_nomem();
	line->carrier_id = t->carrier_id;
	line->note = t->note;
	if (rc != 0 || !bm_svc_can_see(ctx, c)) {
		line->where = "台账中没有此编号 / not in the ledger";
		return 0;
	}
	if ((rc = describe(ctx, line, c)) != 0)
		return rc;
	if (c->status == BM_STATUS_DESTROYED || c->status == BM_STATUS_RETURNED) {
		if (!(line->where = bm_arena_printf(ctx->arena, "台账记为%s / the ledger says %s",
		                                    bm_status_names[c->status].zh,
		                                    bm_status_names[c->status].en)))
			return bm_error_nomem();
	} else if (!in_scope(s, c))
		line->where = "不属于本次清查范围 / outside this count's scope";
	else
		line->where = "不在应有清单中 / not expected";
	return 0;
}

/*
 * Compares the session's ticks with the ledger. The store takes the set
 * difference in SQL (issue 17): the expected carriers the viewer may see
 * with their ticks, and the ticks outside that set; nothing is looked up
 * carrier by carrier but the few ticks it did not expect and, when closing,
 * the carriers whose status changes. With `apply` (closing) the missing
 * carriers are flagged with incidents and found ones restored; without it
 * nothing is written (a preview).
 */
static int compare(bm_count_result *r, bm_ctx *ctx, bm_count_session_row *s, bool apply)
{
	bm_viewer v;
	bm_count_expected *rows;
	bm_count_item_row *ticks;
	size_t n_rows, n_ticks;
	count_lists l = {0};
	int rc;

	memset(r, 0, sizeof(*r));
	r->session = s;
	bm_svc_viewer(ctx, &v);
	if ((rc = BM_STORE(ctx->store, count_expected)(ctx->store, ctx->arena, &v, s, &rows,
	                                               &n_rows)) != 0 ||
	    (rc = BM_STORE(ctx->store, count_unexpected)(ctx->store, ctx->arena, &v, s, &ticks,
	                                                 &n_ticks)) != 0)
		return rc;
	for (size_t i = 0; i < n_rows; i++) {
		bm_count_expected *e = &rows[i];
		bm_count_item_row t = {.session_id = s->id,
		                       .carrier_id = e->c.id,
		                       .incomplete = e->incomplete,
		                       .note = e->note};
		r->n_expected++;
		rc = e->ticked ? tick_found(&l, ctx, s, &e->c, &t, apply)
		               : tick_absent(&l, ctx, s, e, apply);
		if (rc)
			return rc;
	}
	for (size_t i = 0; i < n_ticks; i++)
		if ((rc = tick_unexpected(&l, ctx, s, &ticks[i])) != 0)
			return rc;
	r->found = l.found.v, r->n_found = l.found.n;
	r->missing = l.missing.v, r->n_missing = l.missing.n;
	r->out = l.out.v, r->n_out = l.out.n;
	r->unexpected = l.unexpected.v, r->n_unexpected = l.unexpected.n;
	r->incomplete = l.incomplete.v, r->n_incomplete = l.incomplete.n;
	r->accounted = l.missing.n == 0;
	return 0;
}

/* ---- results as JSON, stored with the session ---- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *lines_to_json(const bm_count_line *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "carrier_id", json_integer(v[i].carrier_id));
		json_object_set_new(o, "title", str_or_null(v[i].title));
		json_object_set_new(o, "marking", str_or_null(v[i].marking));
		json_object_set_new(o, "number", str_or_null(v[i].number));
		json_object_set_new(o, "status", str_or_null(v[i].status));
		json_object_set_new(o, "where", str_or_null(v[i].where));
		json_object_set_new(o, "note", str_or_null(v[i].note));
		if (v[i].incident_id)
			json_object_set_new(o, "incident_id", json_integer(v[i].incident_id));
		json_array_append_new(a, o);
	}
	return a;
}

json_t *bm_count_result_to_json(const bm_count_result *r)
{
	json_t *o = json_object(), *sess = json_object();
	const bm_count_session_row *s = r->session;
	if (s) {
		json_object_set_new(sess, "id", json_integer(s->id));
		json_object_set_new(sess, "scope", json_string(s->scope_kind));
		json_object_set_new(sess, "scope_id",
		                    s->scope_id ? json_integer(s->scope_id) : json_null());
		json_object_set_new(sess, "reason", str_or_null(s->reason));
		json_object_set_new(sess, "started_by", json_integer(s->started_by));
		json_object_set_new(sess, "started_by_name", str_or_null(s->started_by_name));
		json_object_set_new(sess, "started_at", str_or_null(s->started_at));
		json_object_set_new(sess, "closed_at", str_or_null(s->closed_at));
	}
	json_object_set_new(o, "session", sess);
	json_object_set_new(o, "expected", json_integer((json_int_t)r->n_expected));
	json_object_set_new(o, "found", lines_to_json(r->found, r->n_found));
	json_object_set_new(o, "missing", lines_to_json(r->missing, r->n_missing));
	json_object_set_new(o, "out", lines_to_json(r->out, r->n_out));
	json_object_set_new(o, "unexpected", lines_to_json(r->unexpected, r->n_unexpected));
	json_object_set_new(o, "incomplete", lines_to_json(r->incomplete, r->n_incomplete));
	json_object_set_new(o, "accounted", json_boolean(r->accounted));
	return o;
}

static const char *json_text(bm_ctx *ctx, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? bm_arena_strdup(ctx->arena, s) : NULL;
}

static int lines_from_json(bm_ctx *ctx, json_t *a, bm_count_line **v, size_t *n)
{
	size_t count = json_array_size(a);
	*v = bm_arena_alloc(ctx->arena, (count ? count : 1) * sizeof(**v));
	if (!*v)
		return bm_error_nomem();
	for (size_t i = 0; i < count; i++) {
		json_t *o = json_array_get(a, i);
		bm_count_line *l = &(*v)[i];
		l->carrier_id = (int64_t)json_integer_value(json_object_get(o, "carrier_id"));
		l->title = json_text(ctx, o, "title");
		l->marking = json_text(ctx, o, "marking");
		l->number = json_text(ctx, o, "number");
		l->status = json_text(ctx, o, "status");
		l->where = json_text(ctx, o, "where");
		l->note = json_text(ctx, o, "note");
		l->incident_id = (int64_t)json_integer_value(json_object_get(o, "incident_id"));
	}
	*n = count;
	return 0;
}

/* A closed session's stored result back into the struct. */
static int result_from_json(bm_ctx *ctx, bm_count_session_row *s, bm_count_result *r)
{
	json_t *o = json_loads(s->result, 0, NULL);
	int rc;
	memset(r, 0, sizeof(*r));
	r->session = s;
	if (!o) {
		bm_decision d;
		bm_rules_count_result(&d, s->id, false);
		return bm_decision_error(&d);
	}
	r->n_expected = (size_t)json_integer_value(json_object_get(o, "expected"));
	r->accounted = json_is_true(json_object_get(o, "accounted"));
	if ((rc = lines_from_json(ctx, json_object_get(o, "found"), &r->found, &r->n_found)) == 0 &&
	    (rc = lines_from_json(ctx, json_object_get(o, "missing"), &r->missing,
	                          &r->n_missing)) == 0 &&
	    (rc = lines_from_json(ctx, json_object_get(o, "out"), &r->out, &r->n_out)) == 0 &&
	    (rc = lines_from_json(ctx, json_object_get(o, "unexpected"), &r->unexpected,
	                          &r->n_unexpected)) == 0)
		rc = lines_from_json(ctx, json_object_get(o, "incomplete"), &r->incomplete,
		                     &r->n_incomplete);
	json_decref(o);
	return rc;
}

int bm_svc_count_close(bm_ctx *ctx, int64_t session_id, bm_count_result *out)
{
	bm_count_session_row *s = NULL;
	bm_count_result r;
	json_t *detail = json_object(), *incidents = json_array();
	const char *result;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(incidents);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0 || (rc = require_open(s)) != 0 ||
	    (rc = compare(&r, ctx, s, true)) != 0)
		goto done;
	s->closed_at = bm_svc_now_iso(ctx);
	/* A NULL closed_at would store the result and leave the count open. */
	if (!s->closed_at || !(result = bm_svc_json(ctx, bm_count_result_to_json(&r)))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, count_close)(ctx->store, s->id, s->closed_at, result)) != 0)
		goto done;
	s->result = result;
	for (size_t i = 0; i < r.n_missing; i++)
		if (r.missing[i].incident_id)
			json_array_append_new(incidents, json_integer(r.missing[i].incident_id));
	json_object_set_new(detail, "expected", json_integer((json_int_t)r.n_expected));
	json_object_set_new(detail, "found", json_integer((json_int_t)r.n_found));
	json_object_set_new(detail, "missing", json_integer((json_int_t)r.n_missing));
	json_object_set_new(detail, "out", json_integer((json_int_t)r.n_out));
	json_object_set_new(detail, "unexpected", json_integer((json_int_t)r.n_unexpected));
	json_object_set_new(detail, "incomplete", json_integer((json_int_t)r.n_incomplete));
	json_object_set_new(detail, "incidents", json_incref(incidents));
	if (out)
		*out = r;
done:
	json_decref(incidents);
	return bm_svc_end(ctx, rc, "count.close", count_object(ctx, session_id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_count_show(bm_ctx *ctx, int64_t session_id, bm_count_result *out)
{
	bm_count_session_row *s;
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0)
		goto done;
	rc = s->closed_at && s->result ? result_from_json(ctx, s, out)
	                               : compare(out, ctx, s, false);
done:
	return bm_svc_end(ctx, rc, "count.show", count_object(ctx, session_id), NULL);
}

int bm_svc_count_list(bm_ctx *ctx, bm_count_session_row **out, size_t *count)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT_PLAN)) == 0)
		rc = BM_STORE(ctx->store, count_list)(ctx->store, ctx->arena, out, count);
	return bm_svc_end(ctx, rc, "count.list", "", NULL);
}
