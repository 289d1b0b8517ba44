/*
 * merit.c — rewards and sanctions (奖惩登记): INC-2, INSP-3. See
 * service/merit.h. The decisions are policy/sanction.c's; this file loads
 * the facts (the person, the incident's level and findings), writes the
 * line and audits it.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "service/merit.h"
#include "policy/sanction.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

enum {
	MAX_TEXT = 200,
	MAX_NOTE = 2000,
};

static const char *merit_object(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "merit:%lld", (long long)id) : "";
}

/* A person of the actor's unit (the person must be named). */
static int unit_person(bm_ctx *ctx, const char *ref, bm_person **out)
{
	if (!bm_utf8_given(ref))
		return bm_error_set(BM_EINVALID, "person_required", NULL, "未指定人员",
		                    "no person given");
	return bm_svc_unit_person(ctx, ref, out);
}

static int check_texts(const bm_merit_input *in)
{
	int rc;
	if ((rc = bm_svc_check_text(in->person, "人员", "person", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->measure, "奖惩", "measure", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->factor, "情节", "factors", MAX_TEXT, false)) != 0 ||
	    (rc = bm_svc_check_text(in->factor_text, "情节说明", "factors described", MAX_NOTE,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->reason, "事由", "reason", MAX_NOTE, false)) != 0 ||
	    (rc = bm_svc_check_text(in->decided_by, "决定机关", "decided by", MAX_TEXT, false)) !=
	            0 ||
	    (rc = bm_svc_check_text(in->decided_on, "决定日期", "decision date", MAX_TEXT,
	                            false)) != 0 ||
	    (rc = bm_svc_check_text(in->document, "决定文号", "document", MAX_TEXT, false)) != 0)
		return rc;
	return 0;
}

/*
 * INC-2, INSP-3 (`task`'s rule): who decided, when, which document. An
 * unreadable date is refused before the rule.
 */
static int check_decision(bm_ctx *ctx, const char *rule, const bm_merit_input *in)
{
	bm_decision d;
	int32_t on = BM_DATE_NONE;
	if (bm_utf8_given(in->decided_on) && !bm_date_parse(in->decided_on, &on))
		return bm_error_set(
		        BM_EINVALID, "invalid_date", NULL, "决定日期不是有效日期：'%.32s'",
		        "the decision date is not a valid date: '%.32s'", in->decided_on);
	if (!bm_rules_merit_decision(&d, rule, bm_utf8_given(in->decided_by), on,
	                             bm_utf8_given(in->document), bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	return 0;
}

/* Fills the fields every line shares and writes it. */
static int insert(bm_ctx *ctx, bm_merit_row *m, const bm_person *p, const bm_merit_input *in)
{
	m->unit_id = ctx->unit->id;
	m->person_id = p->id;
	m->person_name = p->name;
	m->reason = bm_utf8_given(in->reason) ? in->reason : NULL;
	m->decided_by = in->decided_by;
	m->decided_on = in->decided_on;
	m->document = in->document;
	m->recorded_by = ctx->actor->id;
	m->recorded_by_name = ctx->actor->name;
	if (!(m->recorded_at = bm_svc_now_iso(ctx)))
		return bm_error_nomem();
	return BM_STORE(ctx->store, merit_insert)(ctx->store, m);
}

static json_t *audit_of(const bm_merit_row *m)
{
	json_t *o = json_object();
	json_object_set_new(o, "person_id", json_integer(m->person_id));
	json_object_set_new(o, "kind", json_string(m->kind));
	json_object_set_new(o, "measure", json_string(m->measure));
	if (m->incident_id)
		json_object_set_new(o, "incident_id", json_integer(m->incident_id));
	if (m->level)
		json_object_set_new(o, "level", json_string(m->level));
	if (m->factor)
		json_object_set_new(o, "factor", json_string(m->factor));
	json_object_set_new(o, "decided_on", json_string(m->decided_on));
	json_object_set_new(o, "document", json_string(m->document));
	return o;
}

/* The incident of the actor's unit, else unknown_incident. */
static int load_incident(bm_ctx *ctx, int64_t id, bm_incident_row **out)
{
	int rc = BM_STORE(ctx->store, incident_get)(ctx->store, ctx->arena, id, out);
	if (rc == BM_ENOTFOUND || (rc == 0 && (*out)->unit_id != ctx->unit->id))
		rc = bm_error_set(BM_ENOTFOUND, "unknown_incident", NULL, "事件 %lld 不存在",
		                  "incident %lld does not exist", (long long)id);
	return rc;
}

int bm_svc_merit_sanction(bm_ctx *ctx, int64_t incident_id, const bm_merit_input *in,
                          bm_merit_row **out)
{
	bm_merit_row *m = NULL;
	bm_incident_row *inc = NULL;
	bm_person *p = NULL;
	bm_sanction_facts f = {0};
	bm_decision d;
	json_t *detail = NULL, *audit = NULL;
	const char *level;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_SANCTION)) != 0 || (rc = check_texts(in)) != 0 ||
	    (rc = load_incident(ctx, incident_id, &inc)) != 0 ||
	    (rc = unit_person(ctx, in->person, &p)) != 0)
		goto done;
	detail = json_loads(inc->detail ? inc->detail : "{}", 0, NULL);
	level = json_string_value(json_object_get(detail, "level"));
	f.measure = bm_utf8_given(in->measure)
	                    ? bm_vocab_find(bm_sanction_names, BM_SANCTION_COUNT, in->measure)
	                    : -1;
	f.level = level ? bm_level_parse(level) : -1;
	f.findings_recorded = bm_utf8_given(inc->findings);
	f.factor = bm_utf8_given(in->factor)
	                   ? bm_vocab_find(bm_factor_names, BM_FACTOR_COUNT, in->factor)
	                   : BM_FACTOR_NONE;
	f.factor_text_given = bm_utf8_given(in->factor_text);
	/* INC-2: the sanction within the level's range, or its factors recorded. */
	if (!bm_rules_sanction(&d, &f)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = check_decision(ctx, bm_policy_task_rule(BM_TASK_SANCTION), in)) != 0)
		goto done;
	if (!(m = bm_arena_alloc(ctx->arena, sizeof(*m)))) {
		rc = bm_error_nomem();
		goto done;
	}
	m->kind = "sanction";
	m->measure = bm_sanction_names[f.measure].code;
	m->incident_id = inc->id;
	m->level = bm_level_names[f.level].code;
	if (f.factor != BM_FACTOR_NONE) {
		m->factor = bm_factor_names[f.factor].code;
		m->factor_text = in->factor_text;
	}
	if ((rc = insert(ctx, m, p, in)) != 0)
		goto done;
	audit = audit_of(m);
	if (inc->carrier_id) {
		const char *h =
		        bm_arena_printf(ctx->arena, "{\"incident_id\":%lld,\"merit_id\":%lld}",
		                        (long long)inc->id, (long long)m->id);
		if (!h)
			rc = bm_error_nomem();
		else
			rc = bm_svc_history(ctx, inc->carrier_id, "incident.sanction", h);
		if (rc)
			goto done;
	}
	*out = m;
done:
	json_decref(detail);
	if (!audit) {
		audit = json_object();
		json_object_set_new(audit, "incident_id", json_integer(incident_id));
	}
	return bm_svc_end(ctx, rc, "incident.sanction", merit_object(ctx, rc ? 0 : m->id),
	                  bm_svc_json(ctx, audit));
}

int bm_svc_merit_reward(bm_ctx *ctx, const bm_merit_input *in, bm_merit_row **out)
{
	bm_merit_row *m = NULL;
	bm_person *p = NULL;
	bm_decision d;
	json_t *audit = NULL;
	int measure;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REWARD)) != 0 || (rc = check_texts(in)) != 0 ||
	    (rc = unit_person(ctx, in->person, &p)) != 0)
		goto done;
	measure = bm_utf8_given(in->measure)
	                  ? bm_vocab_find(bm_reward_names, BM_REWARD_COUNT, in->measure)
	                  : -1;
	/* INSP-3: a known reward, what it is for, and the decision behind it. */
	if (!bm_rules_reward(&d, measure, bm_utf8_given(in->reason))) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = check_decision(ctx, bm_policy_task_rule(BM_TASK_REWARD), in)) != 0)
		goto done;
	if (!(m = bm_arena_alloc(ctx->arena, sizeof(*m)))) {
		rc = bm_error_nomem();
		goto done;
	}
	m->kind = "reward";
	m->measure = bm_reward_names[measure].code;
	if ((rc = insert(ctx, m, p, in)) != 0)
		goto done;
	audit = audit_of(m);
	*out = m;
done:
	return bm_svc_end(ctx, rc, "merit.reward", merit_object(ctx, rc ? 0 : m->id),
	                  audit ? bm_svc_json(ctx, audit) : NULL);
}

/* The register is read by the clerk and the leadership, and the keeper of the people's register. */
static int require_reader(bm_ctx *ctx)
{
	int rc = bm_svc_require_task(ctx, BM_TASK_REWARD);
	if (rc == BM_EDENIED && ctx->actor && bm_ctx_has_role(ctx, BM_ROLE_SECADMIN)) {
		bm_error_clear();
		return 0;
	}
	return rc;
}

int bm_svc_merit_list(bm_ctx *ctx, const bm_merit_query *q, bm_merit_row **out, size_t *count)
{
	bm_merit_filter f = {0};
	bm_person *p = NULL;
	int rc;

	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = require_reader(ctx)) != 0)
		goto done;
	f.unit_id = ctx->unit->id;
	f.incident_id = q->incident_id;
	if (q->kind && *q->kind) {
		if (strcmp(q->kind, "reward") != 0 && strcmp(q->kind, "sanction") != 0) {
			rc = bm_error_set(BM_EINVALID, "invalid_kind", NULL,
			                  "类别无效：'%.32s'（reward、sanction）",
			                  "invalid kind '%.32s' (reward, sanction)", q->kind);
			goto done;
		}
		f.kind = q->kind;
	}
	if (q->year && *q->year) {
		long y = 0;
		if ((rc = bm_svc_parse_int(q->year, 1949, 9999, "年度", "year", &y)) != 0)
			goto done;
		f.from = bm_arena_printf(ctx->arena, "%04ld-01-01", y);
		f.to = bm_arena_printf(ctx->arena, "%04ld-12-31", y);
		if (!f.from || !f.to) {
			rc = bm_error_nomem();
			goto done;
		}
	}
	if (q->person && *q->person) {
		if ((rc = unit_person(ctx, q->person, &p)) != 0)
			goto done;
		f.person_id = p->id;
	}
	rc = BM_STORE(ctx->store, merit_list)(ctx->store, ctx->arena, &f, out, count);
done:
	return bm_svc_end(ctx, rc, "merit.list", "", NULL);
}

static const char *measure_zh(const bm_merit_row *m)
{
	int v = strcmp(m->kind, "sanction") == 0
	                ? bm_vocab_find(bm_sanction_names, BM_SANCTION_COUNT, m->measure)
	                : bm_vocab_find(bm_reward_names, BM_REWARD_COUNT, m->measure);
	if (v < 0)
		return m->measure;
	return strcmp(m->kind, "sanction") == 0 ? bm_sanction_names[v].zh : bm_reward_names[v].zh;
}

int bm_merit_sheet(const bm_merit_row *rows, size_t n, bm_sheet_format format,
                   const bm_xlsx_meta *meta, bm_buf *out)
{
	static const char *const head[] = {"序号", "决定日期", "姓名",    "部门", "奖惩",
	                                   "类别", "事件",     "密级",    "情节", "情节说明",
	                                   "事由", "决定机关", "决定文号"};
	bm_sheet sheet;
	int rc = bm_sheet_begin(&sheet, format, meta, out);
	if (rc == 0)
		rc = bm_sheet_row(&sheet, head, BM_ARRAY_LEN(head));
	for (size_t i = 0; rc == 0 && i < n; i++) {
		const bm_merit_row *m = &rows[i];
		char num[24], inc[24] = "";
		int lv = m->level ? bm_level_parse(m->level) : -1;
		int fc =
		        m->factor ? bm_vocab_find(bm_factor_names, BM_FACTOR_COUNT, m->factor) : -1;
		const char *cells[13];
		snprintf(num, sizeof(num), "%zu", i + 1);
		if (m->incident_id)
			snprintf(inc, sizeof(inc), "%lld", (long long)m->incident_id);
		cells[0] = num;
		cells[1] = m->decided_on;
		cells[2] = m->person_name;
		cells[3] = m->department_name;
		cells[4] = strcmp(m->kind, "sanction") == 0 ? "处分" : "奖励";
		cells[5] = measure_zh(m);
		cells[6] = inc;
		cells[7] = lv >= 0 ? bm_level_names[lv].zh : "";
		cells[8] = fc >= 0 ? bm_factor_names[fc].zh : "";
		cells[9] = m->factor_text;
		cells[10] = m->reason;
		cells[11] = m->decided_by;
		cells[12] = m->document;
		rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
	}
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	return rc;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *named(const bm_vocab_entry *table, int count, const char *code)
{
	int v = code ? bm_vocab_find(table, count, code) : -1;
	json_t *o;
	if (v < 0)
		return json_null();
	o = json_object();
	json_object_set_new(o, "code", json_string(table[v].code));
	json_object_set_new(o, "zh", json_string(table[v].zh));
	json_object_set_new(o, "en", json_string(table[v].en));
	return o;
}

json_t *bm_merit_to_json(const bm_merit_row *m)
{
	json_t *o = json_object();
	bool sanction = strcmp(m->kind, "sanction") == 0;
	json_object_set_new(o, "id", json_integer(m->id));
	json_object_set_new(o, "kind", json_string(m->kind));
	json_object_set_new(o, "person_id", json_integer(m->person_id));
	json_object_set_new(o, "person", str_or_null(m->person_name));
	json_object_set_new(o, "department", str_or_null(m->department_name));
	json_object_set_new(o, "measure", json_string(m->measure));
	json_object_set_new(o, "measure_name",
	                    sanction ? named(bm_sanction_names, BM_SANCTION_COUNT, m->measure)
	                             : named(bm_reward_names, BM_REWARD_COUNT, m->measure));
	json_object_set_new(o, "incident_id",
	                    m->incident_id ? json_integer(m->incident_id) : json_null());
	json_object_set_new(o, "level", str_or_null(m->level));
	json_object_set_new(o, "factor", str_or_null(m->factor));
	json_object_set_new(o, "factor_name", named(bm_factor_names, BM_FACTOR_COUNT, m->factor));
	json_object_set_new(o, "factor_text", str_or_null(m->factor_text));
	json_object_set_new(o, "reason", str_or_null(m->reason));
	json_object_set_new(o, "decided_by", json_string(m->decided_by));
	json_object_set_new(o, "decided_on", json_string(m->decided_on));
	json_object_set_new(o, "document", json_string(m->document));
	json_object_set_new(o, "recorded_by", json_integer(m->recorded_by));
	json_object_set_new(o, "recorded_by_name", str_or_null(m->recorded_by_name));
	json_object_set_new(o, "recorded_at", json_string(m->recorded_at));
	return o;
}
