/*
 * selfcheck.c — the yearly self-assessment (保密自查自评, INSP-4). See
 * service/selfcheck.h. The decisions are policy/selfcheck.c's; the
 * checklist reads the records through the store queries the alerts use
 * (person_list and the register's facts, training_hours,
 * count_last_closed, carrier_levels_present, carrier_list, device_list,
 * loans_open_due, incident_list, insp_rect_list), each item judged by the
 * rule that owns it.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/selfcheck.h"
#include "service/inspection.h"
#include "policy/device.h"
#include "policy/inspection.h"
#include "policy/people.h"
#include "policy/selfcheck.h"
#include "service/ledger_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_NOTE = 2000,
	MAX_TEXT = 200,
	EVIDENCE_IDS_MAX = 500, /* ids kept per item; the count is always whole */
};

static const char *sa_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "self_assessment:%lld", (long long)id) : "";
}

/* ---- the checklist: one item's evidence ---- */

typedef struct evidence {
	int64_t count;
	json_t *ids; /* at most EVIDENCE_IDS_MAX */
	json_t *extra;
} evidence;

static int ev_init(evidence *e)
{
	e->count = 0;
	e->ids = json_array();
	e->extra = json_object();
	return e->ids && e->extra ? 0 : bm_error_nomem();
}

static void ev_add(evidence *e, int64_t id)
{
	if (e->count++ < EVIDENCE_IDS_MAX)
		json_array_append_new(e->ids, json_integer(id));
}

/* The evidence as stored: {"table": …, "ids": […], "truncated": bool, …extra}; consumes e. */
static char *ev_text(bm_ctx *ctx, evidence *e, const char *table)
{
	json_t *o = e->extra;
	json_object_set_new(o, "table", json_string(table));
	json_object_set_new(o, "ids", e->ids);
	json_object_set_new(o, "truncated", json_boolean(e->count > EVIDENCE_IDS_MAX));
	e->ids = e->extra = NULL;
	return bm_svc_json(ctx, o);
}

/* PERSON-2, PERSON-6, ORG-1: the people of the unit on post, one pass. */
static int people_items(bm_ctx *ctx, int year, int32_t today, evidence *commit, evidence *train,
                        evidence *stmt)
{
	bm_person *people = NULL;
	size_t n = 0;
	char from[BM_DATE_LEN], to[BM_DATE_LEN];
	int rc;
	snprintf(from, sizeof(from), "%04d-01-01", year);
	snprintf(to, sizeof(to), "%04d-12-31", year);
	if ((rc = BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id, &people,
	                                            &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		const bm_person *p = &people[i];
		bm_person_facts pf;
		bm_training_hours h = {0};
		if (p->status != BM_PERSON_ACTIVE || p->person_class <= BM_CLASS_NONE)
			continue;
		if ((rc = bm_svc_person_register_facts(ctx, p, &pf, NULL, NULL)) != 0)
			return rc;
		if (pf.left_on != BM_DATE_NONE)
			continue;
		if (bm_rules_insp_sa_commitment_missing(p->person_class, pf.commitment_on))
			ev_add(commit, p->id);
		if ((rc = BM_STORE(ctx->store, training_hours)(ctx->store, ctx->arena, p->id, from,
		                                               to, &h)) != 0)
			return rc;
		if (bm_rules_insp_sa_training_short(&ctx->policy, p->person_class, h.tenths))
			ev_add(train, p->id);
		if (pf.tracked && bm_rules_insp_sa_statement_expired(
		                          bm_rules_statement_until(&ctx->policy, &pf), today))
			ev_add(stmt, p->id);
	}
	json_object_set_new(train->extra, "min_hours",
	                    json_integer(ctx->policy.training_min_hours));
	json_object_set_new(train->extra, "year", json_integer(year));
	return 0;
}

/* The live statuses a count looks for (as carrier_levels_present). */
static const bm_status live_status[] = {BM_STATUS_IN_STORE, BM_STATUS_LENT, BM_STATUS_TAKEN_OUT,
                                        BM_STATUS_CIRCULATING, BM_STATUS_MISSING};

/*
 * INV-1: the levels whose carriers were never counted, or not within the
 * policy's period since the last closed count of the whole unit (as the
 * count alerts judge them); the evidence is their live carriers.
 */
static int count_item(bm_ctx *ctx, int32_t today, evidence *e)
{
	bm_viewer v;
	const char *closed = NULL;
	bool present[BM_LEVEL_COUNT] = {false};
	json_t *levels = json_array();
	int32_t last;
	int rc;
	bm_svc_viewer(ctx, &v);
	if ((rc = BM_STORE(ctx->store, count_last_closed)(ctx->store, ctx->arena, "unit",
	                                                  &closed)) != 0 ||
	    (rc = BM_STORE(ctx->store, carrier_levels_present)(ctx->store, ctx->arena, &v,
	                                                       present)) != 0)
		goto done;
	last = closed ? bm_ledger_local_date(ctx, closed) : BM_DATE_NONE;
	for (int level = 0; level < BM_LEVEL_COUNT; level++) {
		bm_decision d;
		if (!present[level] || bm_rules_inventory_due(&ctx->policy, (bm_level)level, last,
		                                              today) == BM_DATE_NONE)
			continue;
		if (last != BM_DATE_NONE &&
		    !bm_rules_inventory_overdue(&d, &ctx->policy, (bm_level)level, last, today))
			continue;
		json_array_append_new(levels, json_string(bm_level_names[level].code));
		for (size_t s = 0; s < BM_ARRAY_LEN(live_status); s++) {
			int64_t after = 0;
			do {
				bm_carrier_filter f = {.viewer = &v,
				                       .level = level,
				                       .status = (int)live_status[s],
				                       .kind = -1,
				                       .origin = -1,
				                       .sort = "id",
				                       .limit = 1000,
				                       .after = after};
				bm_carrier_page pg = {0};
				if ((rc = BM_STORE(ctx->store, carrier_list)(ctx->store, ctx->arena,
				                                             &f, &pg)) != 0)
					goto done;
				for (size_t i = 0; i < pg.count; i++)
					ev_add(e, pg.items[i].id);
				after = pg.next;
			} while (after && e->count < EVIDENCE_IDS_MAX);
		}
	}
	json_object_set_new(e->extra, "last_count", closed ? json_string(closed) : json_null());
done:
	json_object_set_new(e->extra, "levels", levels);
	return rc;
}

/*
 * DEV-1: devices not scrapped without a responsible person (定机定人), and
 * those whose label is not recorded as affixed or shows a level or a
 * person that no longer holds (the evidence says which: "never", "outdated").
 */
static int device_items(bm_ctx *ctx, evidence *holder, evidence *label)
{
	bm_device *devs = NULL;
	size_t n = 0;
	bm_device_filter f = {.kind = -1, .status = -1, .level = -1};
	json_t *never = json_array(), *outdated = json_array();
	int rc = BM_STORE(ctx->store, device_list)(ctx->store, ctx->arena, ctx->unit->id, &f, &devs,
	                                           &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		bool scrapped = devs[i].status == BM_DEVICE_SCRAPPED;
		bm_device_label_state ls = bm_rules_device_label_state(&devs[i]);
		if (bm_rules_insp_sa_device_unassigned(scrapped, devs[i].holder_id))
			ev_add(holder, devs[i].id);
		if (!bm_rules_insp_sa_device_unlabelled(scrapped, (int)ls))
			continue;
		if (label->count < EVIDENCE_IDS_MAX)
			json_array_append_new(ls == BM_LABEL_OUTDATED ? outdated : never,
			                      json_integer(devs[i].id));
		ev_add(label, devs[i].id);
	}
	json_object_set_new(label->extra, "never", never);
	json_object_set_new(label->extra, "outdated", outdated);
	return rc;
}

/*
 * INSP-2: the unit's rectification notices not closed, by deadline; those
 * past their deadline are called out ("overdue", as the alerts judge them).
 */
static int rectification_item(bm_ctx *ctx, int32_t today, evidence *e)
{
	bm_insp_rectification *rows = NULL;
	size_t n = 0;
	bm_insp_rect_filter f = {.unit_id = ctx->unit->id};
	json_t *overdue = json_array();
	int64_t n_overdue = 0;
	int rc = BM_STORE(ctx->store, insp_rect_list)(ctx->store, ctx->arena, &f, &rows, &n);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		int status = bm_vocab_find(bm_insp_rect_status_names, BM_RECT_STATUS_COUNT,
		                           rows[i].status);
		int32_t deadline = BM_DATE_NONE;
		bm_decision d;
		if (!bm_rules_insp_sa_rectification_open(status < 0 ? BM_RECT_OPEN : status))
			continue;
		ev_add(e, rows[i].id);
		if (rows[i].deadline && !bm_date_parse(rows[i].deadline, &deadline))
			deadline = BM_DATE_NONE;
		if (bm_rules_insp_rect_overdue(
		            &d, rows[i].id, status < 0 ? BM_RECT_OPEN : (bm_insp_rect_status)status,
		            deadline, today) &&
		    n_overdue++ < EVIDENCE_IDS_MAX)
			json_array_append_new(overdue, json_integer(rows[i].id));
	}
	json_object_set_new(e->extra, "overdue", overdue);
	json_object_set_new(e->extra, "overdue_count", json_integer(n_overdue));
	return rc;
}

/* BORROW-2, CARRY-2: borrow and take-out loans past their due day (as the loan alerts). */
static int loan_item(bm_ctx *ctx, int32_t today, evidence *e)
{
	bm_loan_row *loans = NULL;
	size_t n = 0;
	char due_before[BM_ISO_TIME_LEN];
	int rc;
	bm_time_format((int64_t)(today + 1) * 86400 - (int64_t)ctx->policy.tz_offset_minutes * 60,
	               due_before);
	if ((rc = BM_STORE(ctx->store, loans_open_due)(ctx->store, ctx->arena, due_before, &loans,
	                                               &n)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_decision d;
		if (strcmp(loans[i].kind, "borrow") != 0 && strcmp(loans[i].kind, "take_out") != 0)
			continue;
		if (bm_rules_borrow_overdue(&d, &ctx->policy,
		                            bm_ledger_local_date(ctx, loans[i].due_at),
		                            today) != BM_OVERDUE_NO)
			ev_add(e, loans[i].id);
	}
	return 0;
}

/* INC-4: incidents still open. */
static int incident_item(bm_ctx *ctx, evidence *e)
{
	bm_incident_row *rows = NULL;
	size_t n = 0;
	int rc = BM_STORE(ctx->store, incident_list)(ctx->store, ctx->arena, "open", 0, &rows, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (rows[i].unit_id == ctx->unit->id)
			ev_add(e, rows[i].id);
	return 0;
}

static const char *const item_table[BM_SA_ITEM_COUNT] = {
        [BM_SA_COMMITMENT] = "person",
        [BM_SA_TRAINING] = "person",
        [BM_SA_STATEMENT] = "person",
        [BM_SA_COUNT] = "carrier",
        [BM_SA_DEVICE] = "device",
        [BM_SA_DEVICE_LABEL] = "device",
        [BM_SA_LOAN] = "loan",
        [BM_SA_INCIDENT] = "incident",
        [BM_SA_RECTIFICATION] = "rectification",
};

/* Compiles and writes the checklist of `sa` from the records as they stand. */
static int compile(bm_ctx *ctx, const bm_sa_row *sa, int32_t today)
{
	evidence ev[BM_SA_ITEM_COUNT];
	int rc = 0, i;
	for (i = 0; i < BM_SA_ITEM_COUNT; i++)
		if ((rc = ev_init(&ev[i])) != 0) {
			while (i-- > 0) {
				json_decref(ev[i].ids);
				json_decref(ev[i].extra);
			}
			return rc;
		}
	if ((rc = people_items(ctx, sa->year, today, &ev[BM_SA_COMMITMENT], &ev[BM_SA_TRAINING],
	                       &ev[BM_SA_STATEMENT])) != 0 ||
	    (rc = count_item(ctx, today, &ev[BM_SA_COUNT])) != 0 ||
	    (rc = device_items(ctx, &ev[BM_SA_DEVICE], &ev[BM_SA_DEVICE_LABEL])) != 0 ||
	    (rc = loan_item(ctx, today, &ev[BM_SA_LOAN])) != 0 ||
	    (rc = incident_item(ctx, &ev[BM_SA_INCIDENT])) != 0 ||
	    (rc = rectification_item(ctx, today, &ev[BM_SA_RECTIFICATION])) != 0)
		goto done;
	for (i = 0; i < BM_SA_ITEM_COUNT; i++) {
		bm_sa_item_row it = {0};
		it.assessment_id = sa->id;
		it.position = i + 1;
		it.item = bm_sa_items[i].code;
		it.rule = bm_sa_items[i].rule;
		it.evidence_count = ev[i].count;
		if (!(it.evidence = ev_text(ctx, &ev[i], item_table[i]))) {
			rc = bm_error_nomem();
			goto done;
		}
		if ((rc = BM_STORE(ctx->store, sa_item_insert)(ctx->store, &it)) != 0)
			goto done;
	}
done:
	for (i = 0; i < BM_SA_ITEM_COUNT; i++) {
		json_decref(ev[i].ids);
		json_decref(ev[i].extra);
	}
	return rc;
}

/* ---- reading ---- */

static int unknown_sa(int64_t id)
{
	return bm_error_set(BM_ENOTFOUND, "unknown_self_assessment", NULL, "自查自评 %lld 不存在",
	                    "self-assessment %lld does not exist", (long long)id);
}

/* The self-assessment `id` of the actor's unit with its items. */
static int load(bm_ctx *ctx, int64_t id, bm_sa_view *out)
{
	int rc = BM_STORE(ctx->store, sa_get)(ctx->store, ctx->arena, id, &out->sa);
	if (rc == BM_ENOTFOUND || (rc == 0 && out->sa->unit_id != ctx->unit->id)) {
		bm_error_clear();
		return unknown_sa(id);
	}
	if (rc)
		return rc;
	return BM_STORE(ctx->store, sa_items)(ctx->store, ctx->arena, id, &out->items,
	                                      &out->n_items);
}

static int parse_year(bm_ctx *ctx, const char *text, int *out)
{
	long y = 0;
	int yy = 0, m = 0, d = 0;
	int rc;
	if (!bm_utf8_given(text)) {
		bm_date_to_ymd(bm_svc_today_days(ctx), &yy, &m, &d);
		*out = yy;
		return 0;
	}
	if ((rc = bm_svc_parse_int(text, 1949, 9999, "年度", "year", &y)) != 0)
		return rc;
	*out = (int)y;
	return 0;
}

int bm_svc_insp_sa_start(bm_ctx *ctx, const char *year_text, bm_sa_view *out)
{
	bm_sa_row *existing = NULL, *sa = NULL;
	bm_decision d;
	int year = 0;
	json_t *audit = json_object();
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_SELF_ASSESS)) != 0 ||
	    (rc = parse_year(ctx, year_text, &year)) != 0)
		goto done;
	json_object_set_new(audit, "year", json_integer(year));
	rc = BM_STORE(ctx->store, sa_find_year)(ctx->store, ctx->arena, ctx->unit->id, year,
	                                        &existing);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		existing = NULL;
	} else if (rc) {
		goto done;
	}
	/* INSP-4: one a year, never for a year to come. */
	if (!bm_rules_insp_sa_start(&d, year, existing != NULL, bm_svc_today_days(ctx))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(sa = bm_arena_alloc(ctx->arena, sizeof(*sa)))) {
		rc = bm_error_nomem();
		goto done;
	}
	sa->unit_id = ctx->unit->id;
	sa->year = year;
	sa->started_by = ctx->actor->id;
	if (!(sa->started_at = bm_svc_now_iso(ctx))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, sa_insert)(ctx->store, sa)) != 0 ||
	    (rc = compile(ctx, sa, bm_svc_today_days(ctx))) != 0 ||
	    (rc = load(ctx, sa->id, out)) != 0)
		goto done;
	{
		json_t *counts = json_object();
		for (size_t i = 0; i < out->n_items; i++)
			json_object_set_new(counts, out->items[i].item,
			                    json_integer(out->items[i].evidence_count));
		json_object_set_new(audit, "evidence", counts);
	}
done:
	return bm_svc_end(ctx, rc, "selfcheck.start", sa_object(ctx, rc || !sa ? 0 : sa->id),
	                  bm_svc_json(ctx, audit));
}

static int require_reader(bm_ctx *ctx)
{
	return bm_svc_require_task(ctx, BM_TASK_SELF_ASSESS_READ);
}

int bm_svc_insp_sa_show(bm_ctx *ctx, int64_t id, const char *year_text, bm_sa_view *out)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = require_reader(ctx)) != 0)
		goto done;
	if (!id) {
		int year = 0;
		bm_sa_row *sa = NULL;
		if ((rc = parse_year(ctx, year_text, &year)) != 0)
			goto done;
		rc = BM_STORE(ctx->store, sa_find_year)(ctx->store, ctx->arena, ctx->unit->id, year,
		                                        &sa);
		if (rc == BM_ENOTFOUND) {
			bm_error_clear();
			rc = bm_error_set(BM_ENOTFOUND, "unknown_self_assessment", NULL,
			                  "%d 年度尚无自查自评",
			                  "there is no self-assessment of %d", year);
		}
		if (rc)
			goto done;
		id = sa->id;
	}
	rc = load(ctx, id, out);
done:
	return bm_svc_end(ctx, rc, "selfcheck.show", sa_object(ctx, id), NULL);
}

int bm_svc_insp_sa_list(bm_ctx *ctx, bm_sa_row **out, size_t *count)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = require_reader(ctx)) == 0)
		rc = BM_STORE(ctx->store, sa_list)(ctx->store, ctx->arena, ctx->unit->id, out,
		                                   count);
	return bm_svc_end(ctx, rc, "selfcheck.list", "", NULL);
}

/* ---- answering ---- */

/* The item `ref` (an item id or code) of `v`. */
static int find_item(const bm_sa_view *v, const char *ref, bm_sa_item_row **out)
{
	char *end = NULL;
	long long id = ref ? strtoll(ref, &end, 10) : 0;
	for (size_t i = 0; ref && i < v->n_items; i++)
		if ((end && !*end && id > 0 && v->items[i].id == id) ||
		    strcmp(v->items[i].item, ref) == 0) {
			*out = &v->items[i];
			return 0;
		}
	return bm_error_set(BM_ENOTFOUND, "unknown_item", NULL, "自查项目不存在：'%.32s'",
	                    "no such item of the self-assessment: '%.32s'", ref ? ref : "");
}

/*
 * INSP-2: the finding becomes a rectification notice (整改通知书) in this
 * use case's transaction (bm_svc_insp_rectification_open), its source
 * "self_assessment:<id>"; the item keeps the notice's id.
 */
static int open_rectification(bm_ctx *ctx, const bm_sa_row *sa, bm_sa_item_row *it,
                              const bm_person *responsible)
{
	int idx = bm_sa_item_find(it->item);
	bm_insp_rectification *r = NULL;
	bm_insp_rectification_in in = {
	        .source = bm_arena_printf(ctx->arena, "self_assessment:%lld", (long long)sa->id),
	        .finding = bm_arena_printf(ctx->arena, "%d年保密自查自评：%s%s%s", sa->year,
	                                   idx >= 0 ? bm_sa_items[idx].zh : it->item,
	                                   it->note ? "。" : "", it->note ? it->note : ""),
	        .department = bm_arena_printf(ctx->arena, "%lld", (long long)it->department_id),
	        .responsible = responsible ? bm_arena_printf(ctx->arena, "%lld",
	                                                     (long long)responsible->id)
	                                   : NULL,
	        .deadline = it->deadline,
	};
	int rc;
	if (!in.source || !in.finding || !in.department)
		return bm_error_nomem();
	if ((rc = bm_svc_insp_rectification_open(ctx, &in, &r)) != 0)
		return rc;
	it->rectification_id = r->id;
	return 0;
}

int bm_svc_insp_sa_answer(bm_ctx *ctx, int64_t id, const bm_sa_answer_input *in, bm_sa_view *out)
{
	bm_sa_item_row *it = NULL;
	bm_department *dept = NULL;
	bm_person *resp = NULL;
	bm_sa_answer_facts f = {0};
	bm_decision d;
	json_t *audit = json_object();
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_SELF_ASSESS)) != 0 ||
	    (rc = bm_svc_check_text(in->item, "项目", "item", MAX_TEXT, true)) != 0 ||
	    (rc = bm_svc_check_text(in->answer, "答复", "answer", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->note, "说明", "note", MAX_NOTE, false)) != 0 ||
	    (rc = bm_svc_check_text(in->department, "整改部门", "department", MAX_TEXT, false)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->deadline, "整改期限", "deadline", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->responsible, "整改责任人", "responsible", MAX_TEXT,
	                            false)) != 0 ||
	    (rc = load(ctx, id, out)) != 0 || (rc = find_item(out, in->item, &it)) != 0)
		goto done;
	json_object_set_new(audit, "item", json_string(it->item));
	f.is_signed = out->sa->clerk_signed_at != NULL;
	f.rectification_opened = it->rectification_id != 0;
	f.answer = bm_utf8_given(in->answer)
	                   ? bm_vocab_find(bm_sa_answer_names, BM_SA_ANSWER_COUNT, in->answer)
	                   : -1;
	f.evidence = it->evidence_count;
	f.note_given = bm_utf8_given(in->note);
	f.deadline = BM_DATE_NONE;
	f.deadline_valid = true;
	f.today = bm_svc_today_days(ctx);
	if (f.answer == BM_SA_NO) {
		if (bm_utf8_given(in->department)) {
			if ((rc = bm_svc_department_resolve(ctx, in->department, &dept)) != 0)
				goto done;
			f.department_given = true;
		}
		if (bm_utf8_given(in->responsible)) {
			if ((rc = bm_svc_unit_person(ctx, in->responsible, &resp)) != 0)
				goto done;
			f.responsible_given = true;
		}
		if (bm_utf8_given(in->deadline))
			f.deadline_valid = bm_date_parse(in->deadline, &f.deadline);
	}
	/* INSP-4 (and INSP-2 for a finding): the answer stands on the evidence. */
	if (!bm_rules_insp_sa_answer(&d, &f)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	it->answer = bm_sa_answer_names[f.answer].code;
	it->note = bm_utf8_given(in->note) ? in->note : NULL;
	it->department_id = dept ? dept->id : 0;
	it->department_name = dept ? dept->name : NULL;
	it->deadline = f.answer == BM_SA_NO ? in->deadline : NULL;
	it->rectification_id = 0;
	it->answered_by = ctx->actor->id;
	it->answered_by_name = ctx->actor->name;
	if (!(it->answered_at = bm_svc_now_iso(ctx))) {
		rc = bm_error_nomem();
		goto done;
	}
	if (f.answer == BM_SA_NO && (rc = open_rectification(ctx, out->sa, it, resp)) != 0)
		goto done;
	if ((rc = BM_STORE(ctx->store, sa_item_answer)(ctx->store, it)) != 0)
		goto done;
	json_object_set_new(audit, "answer", json_string(it->answer));
	if (dept)
		json_object_set_new(audit, "department_id", json_integer(dept->id));
	if (it->deadline)
		json_object_set_new(audit, "deadline", json_string(it->deadline));
	if (it->rectification_id)
		json_object_set_new(audit, "rectification_id", json_integer(it->rectification_id));
	rc = load(ctx, id, out);
done:
	return bm_svc_end(ctx, rc, "selfcheck.answer", sa_object(ctx, id), bm_svc_json(ctx, audit));
}

/* ---- signing ---- */

int bm_svc_insp_sa_sign(bm_ctx *ctx, int64_t id, const char *as, bm_sa_view *out)
{
	bm_sa_sign_facts f = {0};
	bm_decision d;
	json_t *audit = json_object();
	const char *now;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(audit);
		return rc;
	}
	if ((rc = bm_svc_require_actor(ctx)) != 0 || (rc = require_reader(ctx)) != 0 ||
	    (rc = load(ctx, id, out)) != 0)
		goto done;
	if (bm_utf8_given(as) && strcmp(as, "clerk") != 0 && strcmp(as, "leader") != 0) {
		rc = bm_error_set(BM_EINVALID, "invalid_signer", NULL,
		                  "签字身份无效：'%.32s'（clerk、leader）",
		                  "invalid signature '%.32s' (clerk, leader)", as);
		goto done;
	}
	f.clerk_signed = out->sa->clerk_signed_at != NULL;
	f.leader_signed = out->sa->leader_signed_at != NULL;
	f.as_leader = bm_utf8_given(as) ? strcmp(as, "leader") == 0 : f.clerk_signed;
	f.holds_role = f.as_leader ? bm_ctx_has_role(ctx, BM_ROLE_LEADER) ||
	                                     bm_ctx_has_role(ctx, BM_ROLE_PRINCIPAL)
	                           : bm_ctx_has_role(ctx, BM_ROLE_CLERK);
	for (size_t i = 0; i < out->n_items; i++)
		if (!out->items[i].answer)
			f.unanswered++;
	f.same_person = out->sa->clerk_signed_by == ctx->actor->id;
	json_object_set_new(audit, "as", json_string(f.as_leader ? "leader" : "clerk"));
	/* INSP-4: the clerk, every item answered, then the leader in charge; then kept. */
	if (!bm_rules_insp_sa_sign(&d, &f)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(now = bm_svc_now_iso(ctx))) {
		rc = bm_error_nomem();
		goto done;
	}
	if (f.as_leader) {
		out->sa->leader_signed_by = ctx->actor->id;
		out->sa->leader_signed_at = now;
	} else {
		out->sa->clerk_signed_by = ctx->actor->id;
		out->sa->clerk_signed_at = now;
	}
	if ((rc = BM_STORE(ctx->store, sa_sign)(ctx->store, out->sa)) != 0)
		goto done;
	rc = load(ctx, id, out);
done:
	return bm_svc_end(ctx, rc, "selfcheck.sign", sa_object(ctx, id), bm_svc_json(ctx, audit));
}

/* ---- JSON ---- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *id_or_null(int64_t id)
{
	return id ? json_integer(id) : json_null();
}

static const char *status_of(const bm_sa_row *a)
{
	return a->leader_signed_at ? "signed" : a->clerk_signed_at ? "clerk_signed" : "open";
}

json_t *bm_sa_row_to_json(const bm_sa_row *a)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(a->id));
	json_object_set_new(o, "year", json_integer(a->year));
	json_object_set_new(o, "status", json_string(status_of(a)));
	json_object_set_new(o, "started_by", json_integer(a->started_by));
	json_object_set_new(o, "started_by_name", str_or_null(a->started_by_name));
	json_object_set_new(o, "started_at", json_string(a->started_at));
	json_object_set_new(o, "clerk_signed_by", id_or_null(a->clerk_signed_by));
	json_object_set_new(o, "clerk_name", str_or_null(a->clerk_name));
	json_object_set_new(o, "clerk_signed_at", str_or_null(a->clerk_signed_at));
	json_object_set_new(o, "leader_signed_by", id_or_null(a->leader_signed_by));
	json_object_set_new(o, "leader_name", str_or_null(a->leader_name));
	json_object_set_new(o, "leader_signed_at", str_or_null(a->leader_signed_at));
	json_object_set_new(o, "items_total", json_integer(a->n_items));
	json_object_set_new(o, "items_answered", json_integer(a->n_answered));
	json_object_set_new(o, "findings", json_integer(a->n_findings));
	return o;
}

static json_t *item_to_json(const bm_sa_item_row *it)
{
	json_t *o = json_object();
	int k = bm_sa_item_find(it->item);
	int ans =
	        it->answer ? bm_vocab_find(bm_sa_answer_names, BM_SA_ANSWER_COUNT, it->answer) : -1;
	json_t *ev = json_loads(it->evidence ? it->evidence : "{}", 0, NULL);
	json_object_set_new(o, "id", json_integer(it->id));
	json_object_set_new(o, "position", json_integer(it->position));
	json_object_set_new(o, "item", json_string(it->item));
	json_object_set_new(o, "rule", json_string(it->rule));
	json_object_set_new(o, "title_zh", k >= 0 ? json_string(bm_sa_items[k].zh) : json_null());
	json_object_set_new(o, "title_en", k >= 0 ? json_string(bm_sa_items[k].en) : json_null());
	json_object_set_new(o, "evidence_count", json_integer(it->evidence_count));
	json_object_set_new(o, "evidence", ev ? ev : json_object());
	json_object_set_new(o, "answer", str_or_null(it->answer));
	json_object_set_new(o, "answer_zh",
	                    ans >= 0 ? json_string(bm_sa_answer_names[ans].zh) : json_null());
	json_object_set_new(o, "answer_en",
	                    ans >= 0 ? json_string(bm_sa_answer_names[ans].en) : json_null());
	json_object_set_new(o, "note", str_or_null(it->note));
	json_object_set_new(o, "department_id", id_or_null(it->department_id));
	json_object_set_new(o, "department", str_or_null(it->department_name));
	json_object_set_new(o, "deadline", str_or_null(it->deadline));
	json_object_set_new(o, "rectification_id", id_or_null(it->rectification_id));
	json_object_set_new(o, "answered_by", id_or_null(it->answered_by));
	json_object_set_new(o, "answered_by_name", str_or_null(it->answered_by_name));
	json_object_set_new(o, "answered_at", str_or_null(it->answered_at));
	return o;
}

json_t *bm_sa_to_json(const bm_sa_view *v)
{
	json_t *o = bm_sa_row_to_json(v->sa), *items = json_array();
	for (size_t i = 0; i < v->n_items; i++)
		json_array_append_new(items, item_to_json(&v->items[i]));
	json_object_set_new(o, "items", items);
	return o;
}
