/*
 * count.c — counting (清查), INV-1..4.
 *
 * A count session covers the whole unit, a department or a custodian. The
 * clerk ticks (or scans) each carrier found by id. Closing compares the
 * ticks with the ledger (INV-3): the expected set is every carrier in the
 * scope that is neither destroyed nor returned; a carrier on loan or on its
 * way to a recipient is "out, accounted for"; one in store per the ledger
 * but not ticked is missing and becomes `missing`; the count opens one
 * incident listing its missing carriers (INV-4, quantity per INC-1). Nothing missing means
 * 件件有着落. The schedule (INV-1, INV-2) lives in alerts.c.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/cases.h"
#include "audit/audit.h"
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

/* The carrier a tick names, as the ledger knows it (nothing for an unknown or hidden id). */
static int tick_describe(bm_ctx *ctx, int64_t carrier_id, bm_count_tick_info *info)
{
	bm_carrier *c = NULL;
	int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, carrier_id, &c);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		return 0;
	}
	if (rc != 0 || !bm_svc_can_see(ctx, c))
		return rc;
	info->title = c->title;
	info->number = bm_ledger_number(ctx->arena, c);
	info->marking = bm_carrier_marking(ctx->arena, c, false);
	info->place = c->place_name;
	info->place_id = c->place_id;
	return info->marking ? 0 : bm_error_nomem();
}

int bm_svc_count_tick_info(bm_ctx *ctx, int64_t session_id, int64_t carrier_id, bool incomplete,
                           const char *note, bm_count_tick_info *info)
{
	bm_count_session_row *s;
	bm_count_item_row *prev = NULL;
	bm_count_tick_info met = {0};
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
	if ((rc = BM_STORE(ctx->store, count_tick)(ctx->store, ctx->arena, &it, &prev)) != 0 ||
	    (info && (rc = tick_describe(ctx, carrier_id, &met)) != 0))
		goto done;
	/* A repeated scan (issue 14 point 6): the first tick stays, and the record says so. */
	if (prev) {
		met.repeat = true;
		met.first_at = prev->at;
		met.first_incomplete = prev->incomplete;
		json_object_set_new(detail, "repeat", json_true());
		json_object_set_new(detail, "first_at", json_string(prev->at ? prev->at : ""));
	}
	if (info)
		*info = met;
done:
	return bm_svc_end(ctx, rc, "count.tick", count_object(ctx, session_id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_count_tick(bm_ctx *ctx, int64_t session_id, int64_t carrier_id, bool incomplete,
                      const char *note)
{
	return bm_svc_count_tick_info(ctx, session_id, carrier_id, incomplete, note, NULL);
}

int bm_svc_count_tick_device_info(bm_ctx *ctx, int64_t session_id, int64_t device_id,
                                  bool incomplete, const char *note, bm_count_tick_info *info)
{
	bm_count_session_row *s;
	json_t *detail = json_object();
	bm_decision dec;
	const char *at, *first_at = NULL;
	int rc;

	if (info)
		memset(info, 0, sizeof(*info));
	json_object_set_new(detail, "device_id", json_integer(device_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = bm_svc_check_text(note, "备注", "note", MAX_NOTE, false)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0 || (rc = require_open(s)) != 0)
		goto done;
	if (!bm_rules_count_tick_device(&dec, device_id, incomplete)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (!(at = bm_svc_now_iso(ctx))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, count_device_tick)(ctx->store, ctx->arena, session_id,
	                                                  device_id, note && *note ? note : NULL,
	                                                  at, &first_at)) != 0)
		goto done;
	/* A repeated scan (issue 14 point 6): counted once, the first tick's time stays. */
	if (first_at) {
		json_object_set_new(detail, "repeat", json_true());
		json_object_set_new(detail, "first_at", json_string(first_at));
	}
	if (info) {
		info->repeat = first_at != NULL;
		info->first_at = first_at;
	}
done:
	return bm_svc_end(ctx, rc, "count.tick", count_object(ctx, session_id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_count_tick_device(bm_ctx *ctx, int64_t session_id, int64_t device_id, bool incomplete,
                             const char *note)
{
	return bm_svc_count_tick_device_info(ctx, session_id, device_id, incomplete, note, NULL);
}

/*
 * The count's device lines (issue 10 point 3): an open count's compared
 * with the register, a closed one's as stored; and their tally.
 */
static int device_lines(bm_ctx *ctx, const bm_count_session_row *s, bm_count_result *r)
{
	int rc;
	memset(&r->device_tally, 0, sizeof(r->device_tally));
	if ((rc = BM_STORE(ctx->store, count_device_lines)(ctx->store, ctx->arena, s, &r->devices,
	                                                   &r->n_devices)) != 0)
		return rc;
	for (size_t i = 0; i < r->n_devices; i++)
		if (r->devices[i].list >= 0 && r->devices[i].list < BM_COUNT_LISTS)
			r->device_tally.n[r->devices[i].list]++;
	r->device_tally.expected =
	        r->device_tally.n[BM_COUNT_FOUND] + r->device_tally.n[BM_COUNT_MISSING];
	return 0;
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
	line->place = c->place_name;
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
 * neither. `status` is the carrier's (at the close, for a stored line).
 */
/* A loan's kind as the count sheet writes it (the loans table's codes). */
static const char *loan_kind_zh(const char *kind)
{
	static const struct {
		const char *code, *zh;
	} k[] = {{"borrow", "借阅"},
	         {"read_on_site", "查阅"},
	         {"take_out", "携带外出"},
	         {"circulation", "传阅"}};
	for (size_t i = 0; kind && i < BM_ARRAY_LEN(k); i++)
		if (strcmp(k[i].code, kind) == 0)
			return k[i].zh;
	return kind ? kind : "-";
}

/*
 * The line is kept with the count and printed on its sheet, a Chinese
 * record: one language, no codes (issue 14 point 8).
 */
static int whereabouts(bm_ctx *ctx, const bm_count_expected *e, bm_status status, const char **out)
{
	*out = NULL;
	if (e->loan_id) {
		*out = bm_arena_printf(ctx->arena, "%s：%s（%s，应还 %s；借阅记录 %lld）",
		                       bm_status_names[status].zh,
		                       e->loan_holder ? e->loan_holder : "-",
		                       loan_kind_zh(e->loan_kind), e->loan_due ? e->loan_due : "-",
		                       (long long)e->loan_id);
		return *out ? 0 : bm_error_nomem();
	}
	if (e->dispatch_id && !(*out = bm_arena_printf(ctx->arena, "发出途中，待签收（发文 %lld）",
	                                               (long long)e->dispatch_id)))
		return bm_error_nomem();
	return 0;
}

/* A tick the ledger did not expect: unknown, hidden, gone, outside the scope or not listed. */
static int tick_unexpected(bm_ctx *ctx, const bm_count_session_row *s, const bm_count_item_row *t,
                           bm_count_line *line)
{
	bm_carrier *c = NULL;
	int rc;
	/* Only "no such carrier" means not in the ledger; any other failure is an error. */
	rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, t->carrier_id, &c);
	if (rc != 0 && rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	memset(line, 0, sizeof(*line));
	line->carrier_id = t->carrier_id;
	line->note = t->note;
	if (rc != 0 || !bm_svc_can_see(ctx, c)) {
		line->where = "台账中没有此编号";
		return 0;
	}
	if ((rc = describe(ctx, line, c)) != 0)
		return rc;
	if (c->status == BM_STATUS_DESTROYED || c->status == BM_STATUS_RETURNED) {
		if (!(line->where = bm_arena_printf(ctx->arena, "台账记为%s",
		                                    bm_status_names[c->status].zh)))
			return bm_error_nomem();
	} else if (!in_scope(s, c))
		line->where = "不属于本次清查范围";
	else
		line->where = "不在应有清单中";
	return 0;
}

/* Sets up an empty result for `s` with every list empty and nothing further. */
static void result_init(bm_count_result *r, bm_count_session_row *s)
{
	memset(r, 0, sizeof(*r));
	r->session = s;
}

/* Puts list `k`'s lines in the result. */
static void result_set(bm_count_result *r, bm_count_list k, const line_list *l)
{
	switch (k) {
	case BM_COUNT_FOUND: r->found = l->v, r->n_found = l->n; break;
	case BM_COUNT_MISSING: r->missing = l->v, r->n_missing = l->n; break;
	case BM_COUNT_OUT: r->out = l->v, r->n_out = l->n; break;
	case BM_COUNT_UNEXPECTED: r->unexpected = l->v, r->n_unexpected = l->n; break;
	default: r->incomplete = l->v, r->n_incomplete = l->n; break;
	}
}

/* The slice of list `k` a page asks for: one more line than shown, to tell a next page. */
static bool page_slice(const bm_count_page *pg, bm_count_list k, bm_count_slice *sl)
{
	sl->list = k;
	sl->after = 0;
	sl->limit = 0;
	sl->place = 0;
	if (!pg)
		return true;
	if (pg->one && pg->list != k)
		return false;
	/* By place, the expected set's lists only: an unexpected tick has no place in the count. */
	if (pg->place && k == BM_COUNT_UNEXPECTED)
		return false;
	sl->place = pg->place;
	if (pg->one)
		sl->after = pg->after;
	sl->limit = pg->limit > 0 ? pg->limit + 1 : 0;
	return true;
}

/* Cuts list `l` to the page and records where its next page starts. */
static void page_cut(bm_count_result *r, const bm_count_slice *sl, bm_count_list k, line_list *l)
{
	if (sl->limit > 0 && (int64_t)l->n >= sl->limit) {
		l->n = (size_t)sl->limit - 1;
		r->next[k] = l->n ? l->v[l->n - 1].carrier_id : sl->after;
	}
}

/* One page of the open count's list `k`, compared in SQL (a preview writes nothing). */
static int preview_list(bm_count_result *r, bm_ctx *ctx, const bm_viewer *v,
                        bm_count_session_row *s, const bm_count_slice *sl)
{
	line_list l = {0};
	int rc;
	if (sl->list == BM_COUNT_UNEXPECTED) {
		bm_count_item_row *ticks;
		size_t n;
		if ((rc = BM_STORE(ctx->store, count_unexpected)(
		             ctx->store, ctx->arena, v, s, sl->after, sl->limit, &ticks, &n)) != 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			bm_count_line *line = push(ctx, &l);
			if (!line)
				return bm_error_nomem();
			if ((rc = tick_unexpected(ctx, s, &ticks[i], line)) != 0)
				return rc;
		}
	} else {
		bm_count_expected *rows;
		size_t n;
		if ((rc = BM_STORE(ctx->store, count_expected)(ctx->store, ctx->arena, v, s, sl,
		                                               &rows, &n)) != 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			bm_count_line *line = push(ctx, &l);
			if (!line)
				return bm_error_nomem();
			if ((rc = describe(ctx, line, &rows[i].c)) != 0)
				return rc;
			if (rows[i].ticked)
				line->note = rows[i].note;
			/* INV-4: the open incident the close would name (0: the one it opens). */
			if (sl->list == BM_COUNT_MISSING)
				line->incident_id = rows[i].incident_id;
			if (sl->list == BM_COUNT_OUT &&
			    (rc = whereabouts(ctx, &rows[i], rows[i].c.status, &line->where)) != 0)
				return rc;
		}
	}
	page_cut(r, sl, sl->list, &l);
	result_set(r, sl->list, &l);
	return 0;
}

/* ---- what a close must confirm (INV-4, issue 14 point 6) ---- */

/* A running bm_count_confirm: its digest and its figures. */
typedef struct confirm_acc {
	bm_audit_digest *d;
	bm_count_confirm c;
} confirm_acc;

enum {
	CONFIRM_TOKEN_LEN = 16, /* hex digits of the token: to tell a change, not a secret */
	REVIEW_PAGE = 2000,     /* carriers read at once by the review's walk */
};

static int confirm_put(confirm_acc *a, const char *text, int n)
{
	if (n < 0 || bm_audit_digest_update(a->d, text, (size_t)n) != 0)
		return bm_error_set_msg(BM_ERROR, "digest_failed", NULL, "无法计算核对码",
		                        "cannot compute the review token");
	return 0;
}

/* Starts the digest: the count and how many carriers and devices it ticked. */
static int confirm_begin(confirm_acc *a, int64_t session_id, int64_t carrier_ticks,
                         int64_t device_ticks)
{
	char buf[96];
	memset(a, 0, sizeof(*a));
	if (!(a->d = bm_audit_digest_new()))
		return BM_ERROR;
	return confirm_put(a, buf,
	                   snprintf(buf, sizeof(buf), "count %lld ticks %lld %lld\n",
	                            (long long)session_id, (long long)carrier_ticks,
	                            (long long)device_ticks));
}

/* One carrier ('c') or device ('d') that goes missing, with its open incident (0: new). */
static int confirm_line(confirm_acc *a, char kind, int64_t id, int64_t incident)
{
	char buf[64];
	if (kind == 'c')
		a->c.carriers++;
	else
		a->c.devices++;
	if (incident)
		a->c.on_open++;
	return confirm_put(a, buf,
	                   snprintf(buf, sizeof(buf), "%c %lld %lld\n", kind, (long long)id,
	                            (long long)incident));
}

static int confirm_end(bm_ctx *ctx, confirm_acc *a, bm_count_confirm *out)
{
	char hex[BM_AUDIT_HASH_HEX + 1];
	int rc = bm_audit_digest_final(a->d, hex);
	a->d = NULL;
	if (rc != 0)
		return rc;
	if (!(a->c.token = bm_arena_strndup(ctx->arena, hex, CONFIRM_TOKEN_LEN)))
		return bm_error_nomem();
	*out = a->c;
	return 0;
}

/*
 * The review of an open count (INV-4): every carrier that would go missing
 * walked by id a page at a time (each page in its own arena: a million
 * lines never sit in memory), then the devices, as the close will store
 * them; `r` holds the preview's tallies and device lines.
 */
static int review(bm_ctx *ctx, const bm_viewer *v, bm_count_session_row *s, bm_count_result *r)
{
	bm_count_slice sl = {.list = BM_COUNT_MISSING, .limit = REVIEW_PAGE};
	confirm_acc acc;
	int rc;
	if ((rc = confirm_begin(
	             &acc, s->id, r->tally.n[BM_COUNT_FOUND] + r->tally.n[BM_COUNT_UNEXPECTED],
	             r->device_tally.n[BM_COUNT_FOUND] + r->device_tally.n[BM_COUNT_UNEXPECTED])) !=
	    0) {
		bm_audit_digest_free(acc.d);
		return rc;
	}
	for (;;) {
		bm_arena scratch;
		bm_count_expected *rows = NULL;
		size_t n = 0;
		bm_arena_init(&scratch, ctx->arena->limit);
		rc = BM_STORE(ctx->store, count_expected)(ctx->store, &scratch, v, s, &sl, &rows,
		                                          &n);
		for (size_t i = 0; rc == 0 && i < n; i++)
			rc = confirm_line(&acc, 'c', rows[i].c.id, rows[i].incident_id);
		if (n)
			sl.after = rows[n - 1].c.id;
		bm_arena_release(&scratch);
		if (rc != 0 || n < REVIEW_PAGE)
			break;
	}
	for (size_t i = 0; rc == 0 && i < r->n_devices; i++)
		if (r->devices[i].list == BM_COUNT_MISSING)
			rc = confirm_line(&acc, 'd', r->devices[i].device_id,
			                  r->devices[i].incident_id);
	if (rc != 0) {
		bm_audit_digest_free(acc.d);
		return rc;
	}
	r->review_asked = true;
	return confirm_end(ctx, &acc, &r->confirm);
}

/*
 * Compares the session's ticks with the ledger without writing (a
 * preview). The store counts every list in one pass and gives each list's
 * page by id, in SQL (issue 17); nothing is read carrier by carrier but the
 * page's unexpected ticks.
 */
static int preview(bm_count_result *r, bm_ctx *ctx, bm_count_session_row *s,
                   const bm_count_page *pg)
{
	bm_viewer v;
	int rc;
	result_init(r, s);
	bm_svc_viewer(ctx, &v);
	if ((rc = BM_STORE(ctx->store, count_tally)(ctx->store, ctx->arena, &v, s, &r->tally)) != 0)
		return rc;
	for (int k = 0; k < BM_COUNT_LISTS; k++) {
		bm_count_slice sl;
		if (page_slice(pg, (bm_count_list)k, &sl) &&
		    (rc = preview_list(r, ctx, &v, s, &sl)) != 0)
			return rc;
	}
	r->n_expected = (size_t)r->tally.expected;
	if ((rc = device_lines(ctx, s, r)) != 0)
		return rc;
	r->accounted =
	        r->tally.n[BM_COUNT_MISSING] == 0 && r->device_tally.n[BM_COUNT_MISSING] == 0;
	return pg && pg->review ? review(ctx, &v, s, r) : 0;
}

/*
 * Why an unexpected line was listed, as a closed count stored it. Counts
 * closed before the lines were kept in Chinese alone stored "中文 / English"
 * (不在应有清单中 / not expected); those lines are sealed by the digest in the
 * count's audit event, so they are not rewritten: their Chinese half is
 * read here, the one place stored lines are read, and every reader (the
 * API, the screen, the 清查表) gets one language. A new line holds no " / ".
 */
static const char *sealed_where(bm_ctx *ctx, const char *s)
{
	const char *slash = s ? strstr(s, " / ") : NULL;
	return slash ? bm_arena_strndup(ctx->arena, s, (size_t)(slash - s)) : s;
}

/* One page of a closed count's stored list `k` (count_line). */
static int stored_list(bm_count_result *r, bm_ctx *ctx, const bm_count_slice *sl)
{
	bm_count_stored *rows;
	line_list l = {0};
	size_t n;
	int rc;
	if ((rc = BM_STORE(ctx->store, count_lines)(ctx->store, ctx->arena, r->session->id, sl,
	                                            &rows, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_count_stored *x = &rows[i];
		bm_count_line *line = push(ctx, &l);
		int st;
		if (!line)
			return bm_error_nomem();
		if (!x->has_carrier) {
			line->carrier_id = x->e.c.id;
			line->title = x->title;
			line->marking = x->marking;
			line->number = x->number;
			line->status = x->status;
			line->where = sealed_where(ctx, x->where);
			line->note = x->e.note;
			continue;
		}
		if ((rc = describe(ctx, line, &x->e.c)) != 0)
			return rc;
		st = x->status ? bm_vocab_find(bm_status_names, BM_STATUS_COUNT, x->status) : -1;
		if (st >= 0)
			line->status = bm_status_names[st].code;
		line->note = x->e.note;
		line->incident_id = x->e.incident_id;
		if (sl->list == BM_COUNT_OUT &&
		    (rc = whereabouts(ctx, &x->e, st >= 0 ? (bm_status)st : x->e.c.status,
		                      &line->where)) != 0)
			return rc;
	}
	page_cut(r, sl, sl->list, &l);
	result_set(r, sl->list, &l);
	return 0;
}

/* A closed count's pages from its stored lines; the tally is the stored summary's. */
static int stored(bm_count_result *r, bm_ctx *ctx, const bm_count_page *pg)
{
	int rc;
	for (int k = 0; k < BM_COUNT_LISTS; k++) {
		bm_count_slice sl;
		if (page_slice(pg, (bm_count_list)k, &sl) && (rc = stored_list(r, ctx, &sl)) != 0)
			return rc;
	}
	return 0;
}

/* ---- closing: set-based (issue 17) ---- */

/*
 * The digest of a count's stored lines: SM3 over each field as
 * "length:value\n". A line's fields are put together in `line` and fed to
 * the digest at once (line_end): one update a line, not three a field, at
 * a million lines (issue 17 point 5); the bytes digested are the same.
 */
typedef struct line_digest {
	bm_audit_digest *d;
	bm_buf line;
	confirm_acc *acc;     /* the close's confirmation, fed its missing lines */
	int64_t new_incident; /* the incident the close opened: a line on it was on none */
} line_digest;

static int digest_field(line_digest *ld, const char *v)
{
	char len[32];
	size_t n;
	int rc;
	v = v ? v : "";
	n = strlen(v);
	if ((rc = bm_buf_put(&ld->line, len, (size_t)snprintf(len, sizeof(len), "%zu:", n))) != 0 ||
	    (rc = bm_buf_put(&ld->line, v, n)) != 0)
		return rc;
	return bm_buf_putc(&ld->line, '\n');
}

/* Feeds the line put together so far to the digest and starts the next. */
static int line_end(line_digest *ld)
{
	int rc = bm_audit_digest_update(ld->d, ld->line.ptr, ld->line.len) != 0 ? BM_ERROR : 0;
	bm_buf_clear(&ld->line);
	return rc;
}

static int digest_line(void *ud, const bm_count_line_row *l)
{
	line_digest *ld = ud;
	char ids[96];
	int rc;
	if (l->list == BM_COUNT_MISSING &&
	    (rc = confirm_line(ld->acc, 'c', l->carrier_id,
	                       l->incident_id == ld->new_incident ? 0 : l->incident_id)) != 0)
		return rc;
	snprintf(ids, sizeof(ids), "%lld %lld %lld %lld", (long long)l->carrier_id,
	         (long long)l->incident_id, (long long)l->loan_id, (long long)l->dispatch_id);
	if ((rc = digest_field(ld, bm_count_list_names[l->list])) != 0 ||
	    (rc = digest_field(ld, ids)) != 0 || (rc = digest_field(ld, l->status)) != 0 ||
	    (rc = digest_field(ld, l->note)) != 0 || (rc = digest_field(ld, l->title)) != 0 ||
	    (rc = digest_field(ld, l->marking)) != 0 || (rc = digest_field(ld, l->number)) != 0 ||
	    (rc = digest_field(ld, l->where)) != 0)
		return rc;
	return line_end(ld);
}

/* A device line, after every carrier line (a count without devices keeps its digest). */
static int digest_device(line_digest *ld, const bm_count_device_line *l)
{
	char ids[64];
	int rc;
	snprintf(ids, sizeof(ids), "%lld %lld", (long long)l->device_id, (long long)l->incident_id);
	if ((rc = digest_field(ld, "device")) != 0 ||
	    (rc = digest_field(ld, bm_count_list_names[l->list])) != 0 ||
	    (rc = digest_field(ld, ids)) != 0 || (rc = digest_field(ld, l->status)) != 0 ||
	    (rc = digest_field(ld, l->note)) != 0 || (rc = digest_field(ld, l->number)) != 0 ||
	    (rc = digest_field(ld, l->reason)) != 0)
		return rc;
	return line_end(ld);
}

/*
 * The digest of the stored lines in `*out`; on the way, `acc` (begun) is
 * fed the missing lines as the review fed them, each with the open
 * incident it names (one on `new_incident`, the close's, on none before).
 */
static int lines_digest(bm_ctx *ctx, int64_t session_id, const bm_count_result *dev,
                        confirm_acc *acc, int64_t new_incident, const char **out)
{
	line_digest ld = {.acc = acc, .new_incident = new_incident};
	char hex[BM_AUDIT_HASH_HEX + 1];
	int rc;
	if (!(ld.d = bm_audit_digest_new()))
		return BM_ERROR;
	bm_buf_init(&ld.line, 0);
	if ((rc = BM_STORE(ctx->store, count_line_each)(ctx->store, session_id, digest_line,
	                                                &ld)) != 0) {
		bm_audit_digest_free(ld.d);
		bm_buf_release(&ld.line);
		return rc;
	}
	for (size_t i = 0; i < dev->n_devices; i++) {
		const bm_count_device_line *l = &dev->devices[i];
		if ((l->list == BM_COUNT_MISSING &&
		     (rc = confirm_line(acc, 'd', l->device_id,
		                        l->incident_id == new_incident ? 0 : l->incident_id)) !=
		             0) ||
		    (rc = digest_device(&ld, l)) != 0) {
			bm_audit_digest_free(ld.d);
			bm_buf_release(&ld.line);
			return rc;
		}
	}
	bm_buf_release(&ld.line);
	if ((rc = bm_audit_digest_final(ld.d, hex)) != 0)
		return rc;
	*out = bm_arena_printf(ctx->arena, BM_AUDIT_ALG ":%s", hex);
	return *out ? 0 : bm_error_nomem();
}

/*
 * Writes the close (INV-3, INV-4) in a few statements, whatever the size:
 * the store writes the expected set's lines, flags the missing carriers
 * and opens one incident for the count that lists them (INC-1 detail as
 * bm_svc_incident_open writes it, its quantity the number of carriers;
 * issue 17: one incident a carrier cost a million rows at 1M); the
 * unexpected ticks, looked up one by one, are stored here.
 */
static int apply(bm_ctx *ctx, bm_count_session_row *s, bm_count_tally *tally, int64_t *incidents,
                 int64_t *incident_id)
{
	bm_viewer v;
	bm_count_apply ap = {.actor_id = ctx->actor ? ctx->actor->id : 0,
	                     .rule = bm_rules_incident_rule("missing")};
	bm_count_item_row *ticks;
	size_t n;
	int rc;

	bm_svc_viewer(ctx, &v);
	ap.now = bm_svc_now_iso(ctx);
	/* The incident report is the unit's Chinese record: one language per field. */
	ap.circumstances = bm_arena_printf(ctx->arena, "第 %lld 次清查中未找到，台账记为在库",
	                                   (long long)s->id);
	ap.what = bm_arena_printf(ctx->arena, "第 %lld 次清查中下落不明的载体（清单见清查结果）",
	                          (long long)s->id);
	ap.source = bm_arena_printf(ctx->arena, "count:%lld", (long long)s->id);
	if (!ap.now || !ap.circumstances || !ap.what || !ap.source)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, count_apply)(ctx->store, ctx->arena, &v, s, &ap)) != 0 ||
	    (rc = BM_STORE(ctx->store, count_unexpected)(ctx->store, ctx->arena, &v, s, 0, 0,
	                                                 &ticks, &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_count_line line;
		bm_count_line_row row;
		if ((rc = tick_unexpected(ctx, s, &ticks[i], &line)) != 0)
			return rc;
		row = (bm_count_line_row){.list = BM_COUNT_UNEXPECTED,
		                          .carrier_id = line.carrier_id,
		                          .status = line.status,
		                          .note = line.note,
		                          .title = line.title,
		                          .marking = line.marking,
		                          .number = line.number,
		                          .where = line.where};
		if ((rc = BM_STORE(ctx->store, count_line_add)(ctx->store, s->id, &row)) != 0)
			return rc;
	}
	*tally = ap.tally;
	tally->n[BM_COUNT_UNEXPECTED] = (int64_t)n;
	*incidents = ap.incidents_opened;
	*incident_id = ap.incident_id;
	return 0;
}

/* ---- results as JSON; a closed count's summary stored with the session ---- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *place_to_json(const bm_count_place *p)
{
	return json_pack("{s:I,s:o,s:I,s:I,s:I,s:I,s:I}", "place_id", (json_int_t)p->place_id,
	                 "place", str_or_null(p->name), "expected", (json_int_t)p->expected,
	                 "found", (json_int_t)p->found, "missing", (json_int_t)p->missing, "out",
	                 (json_int_t)p->out, "incomplete", (json_int_t)p->incomplete);
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
		json_object_set_new(o, "place", str_or_null(v[i].place));
		if (v[i].incident_id)
			json_object_set_new(o, "incident_id", json_integer(v[i].incident_id));
		json_array_append_new(a, o);
	}
	return a;
}

static json_t *tally_to_json(const bm_count_tally *t)
{
	json_t *o = json_object();
	json_object_set_new(o, "expected", json_integer(t->expected));
	for (int k = 0; k < BM_COUNT_LISTS; k++)
		json_object_set_new(o, bm_count_list_names[k], json_integer(t->n[k]));
	return o;
}

/*
 * Issue 10 point 3: {found, missing, unexpected: [device lines], counts};
 * each line with the device's number, kind, level, status, holder and
 * label, the tick's note, why it is unexpected, and a missing one's
 * incident.
 */
static json_t *devices_to_json(const bm_count_result *r)
{
	json_t *o = json_object(), *lists[BM_COUNT_LISTS] = {0}, *counts = json_object();
	static const bm_count_list shown[] = {BM_COUNT_FOUND, BM_COUNT_MISSING,
	                                      BM_COUNT_UNEXPECTED};
	for (size_t k = 0; k < BM_ARRAY_LEN(shown); k++) {
		lists[shown[k]] = json_array();
		json_object_set_new(o, bm_count_list_names[shown[k]], lists[shown[k]]);
		json_object_set_new(counts, bm_count_list_names[shown[k]],
		                    json_integer(r->device_tally.n[shown[k]]));
	}
	json_object_set_new(counts, "expected", json_integer(r->device_tally.expected));
	json_object_set_new(o, "counts", counts);
	for (size_t i = 0; i < r->n_devices; i++) {
		const bm_count_device_line *l = &r->devices[i];
		json_t *x = json_object();
		char label[48];
		if (l->list < 0 || l->list >= BM_COUNT_LISTS || !lists[l->list]) {
			json_decref(x);
			continue;
		}
		snprintf(label, sizeof(label), "baomi:device:%lld", (long long)l->device_id);
		json_object_set_new(x, "device_id", json_integer(l->device_id));
		json_object_set_new(x, "label", json_string(label));
		json_object_set_new(x, "number", str_or_null(l->known ? l->number : NULL));
		json_object_set_new(x, "kind",
		                    l->known ? json_string(bm_device_kind_names[l->kind].code)
		                             : json_null());
		json_object_set_new(x, "kind_zh",
		                    l->known ? json_string(bm_device_kind_names[l->kind].zh)
		                             : json_null());
		json_object_set_new(x, "level",
		                    l->known ? json_string(bm_level_names[l->level].code)
		                             : json_null());
		json_object_set_new(x, "level_zh",
		                    l->known ? json_string(bm_level_names[l->level].zh)
		                             : json_null());
		json_object_set_new(x, "status", str_or_null(l->status));
		json_object_set_new(x, "holder", str_or_null(l->known ? l->holder_name : NULL));
		json_object_set_new(x, "note", str_or_null(l->note));
		json_object_set_new(x, "where", str_or_null(bm_count_device_where(l->reason)));
		if (l->incident_id)
			json_object_set_new(x, "incident_id", json_integer(l->incident_id));
		json_array_append_new(lists[l->list], x);
	}
	return o;
}

json_t *bm_count_result_to_json(const bm_count_result *r)
{
	json_t *o = json_object(), *sess = json_object(), *next = json_object();
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
	/* Issue 17: every list's size, and where each list's next page starts (null: none). */
	json_object_set_new(o, "counts", tally_to_json(&r->tally));
	for (int k = 0; k < BM_COUNT_LISTS; k++)
		json_object_set_new(next, bm_count_list_names[k],
		                    r->next[k] ? json_integer(r->next[k]) : json_null());
	json_object_set_new(o, "next", next);
	json_object_set_new(o, "devices", devices_to_json(r));
	/* A page by place: that place's progress (null: nothing expected there). */
	if (r->place_asked)
		json_object_set_new(o, "place",
		                    r->n_places ? place_to_json(&r->places[0]) : json_null());
	if (r->digest)
		json_object_set_new(o, "digest", json_string(r->digest));
	/* INV-4: what closing now makes 下落不明 and the close must confirm. */
	if (r->review_asked)
		json_object_set_new(
		        o, "review",
		        json_pack("{s:I,s:I,s:I,s:I,s:I,s:s}", "carriers",
		                  (json_int_t)r->confirm.carriers, "devices",
		                  (json_int_t)r->confirm.devices, "on_open_incident",
		                  (json_int_t)r->confirm.on_open, "on_new_incident",
		                  (json_int_t)(r->confirm.carriers + r->confirm.devices -
		                               r->confirm.on_open),
		                  "confirm_missing",
		                  (json_int_t)(r->confirm.carriers + r->confirm.devices),
		                  "confirm_token", r->confirm.token ? r->confirm.token : ""));
	return o;
}

static const char *json_text(bm_ctx *ctx, json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? bm_arena_strdup(ctx->arena, s) : NULL;
}

/* A list stored whole in an older count's JSON, cut to the slice (its lines by id). */
static int lines_from_json(bm_ctx *ctx, bm_count_result *r, json_t *a, const bm_count_slice *sl)
{
	line_list l = {0};
	for (size_t i = 0; i < json_array_size(a); i++) {
		json_t *o = json_array_get(a, i);
		int64_t id = (int64_t)json_integer_value(json_object_get(o, "carrier_id"));
		bm_count_line *x;
		if (id <= sl->after)
			continue;
		if (!(x = push(ctx, &l)))
			return bm_error_nomem();
		x->carrier_id = id;
		x->title = json_text(ctx, o, "title");
		x->marking = json_text(ctx, o, "marking");
		x->number = json_text(ctx, o, "number");
		x->status = json_text(ctx, o, "status");
		x->where = sealed_where(ctx, json_text(ctx, o, "where"));
		x->note = json_text(ctx, o, "note");
		x->incident_id = (int64_t)json_integer_value(json_object_get(o, "incident_id"));
		if (sl->limit > 0 && (int64_t)l.n >= sl->limit)
			break;
	}
	page_cut(r, sl, sl->list, &l);
	result_set(r, sl->list, &l);
	return 0;
}

/*
 * A closed session's result: the summary stored with it and the pages of
 * its stored lines (count_line); a count closed before migration 13 kept
 * its every line in the JSON.
 */
static int result_stored(bm_ctx *ctx, bm_count_session_row *s, const bm_count_page *pg,
                         bm_count_result *r)
{
	json_t *o = json_loads(s->result, 0, NULL), *counts;
	int rc = 0;
	result_init(r, s);
	if (!o) {
		bm_decision d;
		bm_rules_count_result(&d, s->id, false);
		return bm_decision_error(&d);
	}
	r->n_expected = (size_t)json_integer_value(json_object_get(o, "expected"));
	r->tally.expected = (int64_t)r->n_expected;
	r->accounted = json_is_true(json_object_get(o, "accounted"));
	r->digest = json_text(ctx, o, "digest");
	counts = json_object_get(o, "counts");
	for (int k = 0; k < BM_COUNT_LISTS; k++)
		r->tally.n[k] = counts ? (int64_t)json_integer_value(
		                                 json_object_get(counts, bm_count_list_names[k]))
		                       : (int64_t)json_array_size(
		                                 json_object_get(o, bm_count_list_names[k]));
	if ((rc = device_lines(ctx, s, r)) != 0) {
		json_decref(o);
		return rc;
	}
	if (json_is_string(json_object_get(o, "lines")))
		rc = stored(r, ctx, pg);
	else
		for (int k = 0; k < BM_COUNT_LISTS && rc == 0; k++) {
			bm_count_slice sl;
			if (page_slice(pg, (bm_count_list)k, &sl))
				rc = lines_from_json(
				        ctx, r, json_object_get(o, bm_count_list_names[k]), &sl);
		}
	json_decref(o);
	return rc;
}

/*
 * INV-4, before any write: a close that confirms nothing is refused when
 * the preview's tallies say anything would go missing (the exact check
 * follows the writes).
 */
static int require_confirmed_early(bm_ctx *ctx, bm_count_session_row *s)
{
	bm_count_result r;
	bm_viewer v;
	bm_decision dec;
	int rc;
	result_init(&r, s);
	bm_svc_viewer(ctx, &v);
	if ((rc = BM_STORE(ctx->store, count_tally)(ctx->store, ctx->arena, &v, s, &r.tally)) !=
	            0 ||
	    (rc = device_lines(ctx, s, &r)) != 0)
		return rc;
	if (!bm_rules_count_confirmed(
	            &dec, s->id, r.tally.n[BM_COUNT_MISSING] + r.device_tally.n[BM_COUNT_MISSING],
	            NULL, false, 0, NULL))
		return bm_decision_error(&dec);
	return 0;
}

/*
 * After the close's writes: the digest of its stored lines in `*digest`,
 * and (INV-4) what they make missing, read in the same pass as the review
 * read it, checked against the caller's confirmation: a mismatch refuses
 * the close, whose writes are then undone.
 */
static int close_digest(bm_ctx *ctx, int64_t session_id, const bm_count_tally *tally,
                        const bm_count_result *dev, int64_t incident_id,
                        const bm_count_confirm *confirm, const char **digest)
{
	bm_count_confirm now = {0};
	confirm_acc acc = {0};
	bm_decision dec;
	int rc;
	if ((rc = confirm_begin(&acc, session_id,
	                        tally->n[BM_COUNT_FOUND] + tally->n[BM_COUNT_UNEXPECTED],
	                        dev->device_tally.n[BM_COUNT_FOUND] +
	                                dev->device_tally.n[BM_COUNT_UNEXPECTED])) != 0 ||
	    (rc = lines_digest(ctx, session_id, dev, &acc, incident_id, digest)) != 0 ||
	    (rc = confirm_end(ctx, &acc, &now)) != 0) {
		bm_audit_digest_free(acc.d);
		return rc;
	}
	if (!bm_rules_count_confirmed(&dec, session_id, now.carriers + now.devices, now.token,
	                              confirm != NULL,
	                              confirm ? confirm->carriers + confirm->devices : 0,
	                              confirm ? confirm->token : NULL))
		return bm_decision_error(&dec);
	return 0;
}

int bm_svc_count_close_confirmed(bm_ctx *ctx, int64_t session_id, const bm_count_confirm *confirm,
                                 const bm_count_page *pg, bm_count_result *out)
{
	bm_count_session_row *s = NULL, closed;
	bm_count_result r, dev = {0};
	bm_count_tally tally = {0};
	json_t *detail = json_object(), *summary;
	const char *result, *digest = NULL;
	int64_t incidents = 0, incident_id = 0;
	int rc;

	/* What the caller confirmed, kept with the close or with its refusal. */
	if (confirm)
		json_object_set_new(detail, "confirmed",
		                    json_pack("{s:I,s:s?}", "missing",
		                              (json_int_t)(confirm->carriers + confirm->devices),
		                              "token", confirm->token));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0 || (rc = require_open(s)) != 0 ||
	    (!confirm && (rc = require_confirmed_early(ctx, s)) != 0) ||
	    (rc = apply(ctx, s, &tally, &incidents, &incident_id)) != 0)
		goto done;
	/* The device lines the close stored (issue 10 point 3), read as a closed count's. */
	closed = *s;
	closed.closed_at = bm_svc_now_iso(ctx);
	if (!closed.closed_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = device_lines(ctx, &closed, &dev)) != 0 ||
	    (rc = close_digest(ctx, s->id, &tally, &dev, incident_id, confirm, &digest)) != 0)
		goto done;
	s->closed_at = bm_svc_now_iso(ctx);
	/* The summary; the lines stay in count_line (issue 17: not a 20 MB text). */
	summary = json_object();
	json_object_set_new(summary, "expected", json_integer(tally.expected));
	json_object_set_new(summary, "counts", tally_to_json(&tally));
	json_object_set_new(summary, "accounted",
	                    json_boolean(tally.n[BM_COUNT_MISSING] == 0 &&
	                                 dev.device_tally.n[BM_COUNT_MISSING] == 0));
	if (dev.n_devices)
		json_object_set_new(summary, "device_counts", tally_to_json(&dev.device_tally));
	json_object_set_new(summary, "digest", json_string(digest));
	json_object_set_new(summary, "incidents_opened", json_integer(incidents));
	if (incident_id)
		json_object_set_new(summary, "incident_id", json_integer(incident_id));
	json_object_set_new(summary, "lines", json_string("count_line"));
	/* A NULL closed_at would store the result and leave the count open. */
	if (!s->closed_at) {
		json_decref(summary);
		rc = bm_error_nomem();
		goto done;
	}
	if (!(result = bm_svc_json(ctx, summary))) { /* bm_svc_json took summary */
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, count_close)(ctx->store, s->id, s->closed_at, result)) != 0)
		goto done;
	s->result = result;
	if ((rc = result_stored(ctx, s, pg, &r)) != 0)
		goto done;
	/* One audit event for the whole close: the counts and the lines' digest. */
	json_object_set_new(detail, "expected", json_integer(tally.expected));
	for (int k = 0; k < BM_COUNT_LISTS; k++)
		json_object_set_new(detail, bm_count_list_names[k], json_integer(tally.n[k]));
	if (dev.n_devices)
		json_object_set_new(detail, "devices", tally_to_json(&dev.device_tally));
	json_object_set_new(detail, "incidents_opened", json_integer(incidents));
	if (incident_id)
		json_object_set_new(detail, "incident_id", json_integer(incident_id));
	json_object_set_new(detail, "digest", json_string(digest));
	if (out)
		*out = r;
done:
	return bm_svc_end(ctx, rc, "count.close", count_object(ctx, session_id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_count_close_page(bm_ctx *ctx, int64_t session_id, const bm_count_page *pg,
                            bm_count_result *out)
{
	return bm_svc_count_close_confirmed(ctx, session_id, NULL, pg, out);
}

int bm_svc_count_close(bm_ctx *ctx, int64_t session_id, bm_count_result *out)
{
	return bm_svc_count_close_page(ctx, session_id, NULL, out);
}

int bm_svc_count_show_page(bm_ctx *ctx, int64_t session_id, const bm_count_page *pg,
                           bm_count_result *out)
{
	bm_count_session_row *s;
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0)
		goto done;
	rc = s->closed_at && s->result ? result_stored(ctx, s, pg, out) : preview(out, ctx, s, pg);
	if (rc == 0 && pg && pg->place) {
		bm_viewer v;
		bm_svc_viewer(ctx, &v);
		rc = BM_STORE(ctx->store, count_places)(ctx->store, ctx->arena, &v, s, pg->place,
		                                        &out->places, &out->n_places);
		out->place_asked = true;
	}
done:
	return bm_svc_end(ctx, rc, "count.show", count_object(ctx, session_id), NULL);
}

/* The scope of a count in words: 全单位, 部门：name, 保管人：name. */
static const char *scope_words(bm_ctx *ctx, const bm_count_session_row *s)
{
	bm_department *d = NULL;
	bm_person *p = NULL;
	if (strcmp(s->scope_kind, "department") == 0) {
		if (BM_STORE(ctx->store, department_get)(ctx->store, ctx->arena, s->scope_id, &d) ==
		    0)
			return bm_arena_printf(ctx->arena, "部门：%s", d->name);
	} else if (strcmp(s->scope_kind, "custodian") == 0) {
		if (BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, s->scope_id, &p) == 0)
			return bm_arena_printf(ctx->arena, "保管人：%s", p->name);
	} else
		return "全单位";
	bm_error_clear();
	return bm_arena_printf(ctx->arena, "%s #%lld",
	                       strcmp(s->scope_kind, "department") == 0 ? "部门" : "保管人",
	                       (long long)s->scope_id);
}

int bm_svc_count_sheet(bm_ctx *ctx, int64_t session_id, bm_sheet_format format, bm_buf *out)
{
	bm_count_session_row *s;
	bm_count_result r;
	const char *scope;
	json_t *detail = json_object();
	size_t rows = 0;
	int rc;
	json_object_set_new(detail, "format",
	                    json_string(format == BM_SHEET_XLSX ? "xlsx" : "csv"));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0)
		goto done;
	rc = s->closed_at && s->result ? result_stored(ctx, s, NULL, &r)
	                               : preview(&r, ctx, s, NULL);
	if (rc == 0 && !(scope = scope_words(ctx, s)))
		rc = bm_error_nomem();
	if (rc == 0)
		rc = bm_count_sheet_write(ctx, &r, scope, format, out, &rows);
	json_object_set_new(detail, "rows", json_integer((json_int_t)rows));
	json_object_set_new(detail, "closed", json_boolean(s->closed_at != NULL));
done:
	return bm_svc_end(ctx, rc, "count.export", count_object(ctx, session_id),
	                  bm_svc_json(ctx, detail));
}

int bm_svc_count_show(bm_ctx *ctx, int64_t session_id, bm_count_result *out)
{
	return bm_svc_count_show_page(ctx, session_id, NULL, out);
}

int bm_svc_count_places(bm_ctx *ctx, int64_t session_id, int64_t place, bm_count_place **out,
                        size_t *count)
{
	bm_count_session_row *s;
	bm_viewer v;
	int rc;
	*out = NULL;
	*count = 0;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT)) != 0 ||
	    (rc = require_session(ctx, session_id, &s)) != 0)
		goto done;
	bm_svc_viewer(ctx, &v);
	rc = BM_STORE(ctx->store, count_places)(ctx->store, ctx->arena, &v, s, place, out, count);
done:
	return bm_svc_end(ctx, rc, "count.places", count_object(ctx, session_id), NULL);
}

json_t *bm_count_places_to_json(const bm_count_place *v, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, place_to_json(&v[i]));
	return a;
}

int bm_svc_count_list(bm_ctx *ctx, bm_count_session_row **out, size_t *count)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_COUNT_PLAN)) == 0)
		rc = BM_STORE(ctx->store, count_list)(ctx->store, ctx->arena, out, count);
	for (size_t i = 0; rc == 0 && i < *count; i++)
		if (!((*out)[i].scope_name = scope_words(ctx, &(*out)[i])))
			rc = bm_error_nomem();
	return bm_svc_end(ctx, rc, "count.list", "", NULL);
}

json_t *bm_count_session_to_json(const bm_count_session_row *s)
{
	json_t *o = json_object(), *res = s->result ? json_loads(s->result, 0, NULL) : NULL;
	json_t *counts = json_object_get(res, "counts");
	json_object_set_new(o, "id", json_integer(s->id));
	json_object_set_new(o, "scope", json_string(s->scope_kind));
	json_object_set_new(o, "scope_id", s->scope_id ? json_integer(s->scope_id) : json_null());
	json_object_set_new(o, "scope_name", str_or_null(s->scope_name));
	json_object_set_new(o, "reason", str_or_null(s->reason));
	json_object_set_new(o, "started_by", json_integer(s->started_by));
	json_object_set_new(o, "started_by_name", str_or_null(s->started_by_name));
	json_object_set_new(o, "started_at", str_or_null(s->started_at));
	json_object_set_new(o, "closed_at", str_or_null(s->closed_at));
	json_object_set_new(o, "status", json_string(s->closed_at ? "closed" : "open"));
	json_object_set_new(o, "status_name", json_string(s->closed_at ? "已结束" : "进行中"));
	/* A closed count's figures, as its stored summary holds them. */
	if (res) {
		json_object_set(o, "expected", json_object_get(res, "expected"));
		for (int k = 0; k < BM_COUNT_LISTS; k++) {
			json_t *n = json_object_get(counts, bm_count_list_names[k]);
			if (!n) /* a count closed before the summary kept its lists' sizes */
				n = json_integer((json_int_t)json_array_size(
				        json_object_get(res, bm_count_list_names[k])));
			else
				json_incref(n);
			json_object_set_new(o, bm_count_list_names[k], n);
		}
		json_object_set(o, "incidents_opened", json_object_get(res, "incidents_opened"));
		json_object_set(o, "incident_id", json_object_get(res, "incident_id"));
		json_object_set(o, "accounted", json_object_get(res, "accounted"));
		json_decref(res);
	}
	return o;
}
