/*
 * report.c — the unit's reports to its leadership (ORG-2): the monthly
 * report and the yearly statistics, counted from the records the store
 * gives for the period (report_facts), each figure with its ids. See
 * report.h.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "policy/report.h"
#include "service/report.h"
#include "service/service_int.h"
#include "util/timeutil.h"

/* Which report a figure belongs to. */
enum { MONTHLY = 1, YEARLY = 2 };

typedef struct figure_def {
	const char *key, *section, *zh, *en, *table;
	bool by_level;
	int reports;
} figure_def;

/*
 * The figures, in the order reports show them. The keys are those of the
 * store's report_facts. Extension point: the inspections and their
 * rectification notices (INSP-1/2: tables inspection, rectification) join
 * here (sections found and overdue) with a query of their own in
 * report_facts.
 */
static const figure_def figures[] = {
        {"people.cleared", "standing", "涉密人员（按类别）", "cleared people by class", "person",
         false, YEARLY},
        {"devices", "standing", "涉密设备（按密级）", "classified devices by level", "device", true,
         YEARLY},
        {"carriers.registered", "changed", "登记载体", "carriers registered", "carrier", true,
         MONTHLY | YEARLY},
        {"carriers.made", "changed", "制作载体", "carriers made", "carrier", true,
         MONTHLY | YEARLY},
        {"carriers.received", "changed", "接收载体", "carriers received", "carrier", true,
         MONTHLY | YEARLY},
        {"carriers.copied", "changed", "复制、摘录件", "copies and extracts", "carrier", true,
         MONTHLY | YEARLY},
        {"carriers.sent", "changed", "发出载体", "carriers sent", "carrier", true,
         MONTHLY | YEARLY},
        {"carriers.destroyed", "changed", "销毁载体", "carriers destroyed", "carrier", true,
         MONTHLY | YEARLY},
        {"loans.issued", "changed", "借出、签发", "loans issued", "loan", true, MONTHLY | YEARLY},
        {"levels.changed", "changed", "密级变更（按新密级）", "level changes (by new level)",
         "level_change", true, MONTHLY | YEARLY},
        {"trainings", "changed", "保密教育培训", "training sessions", "training_session", false,
         MONTHLY | YEARLY},
        {"trainings.attendance", "changed", "参训人次", "training attendances (people)", "person",
         false, MONTHLY | YEARLY},
        {"overdue.loans", "overdue", "逾期未还", "loans overdue", "loan", true, MONTHLY | YEARLY},
        {"overdue.incidents_open", "overdue", "未结事件", "incidents open", "incident", true,
         MONTHLY | YEARLY},
        {"found.incidents", "found", "发生事件", "incidents opened", "incident", true,
         MONTHLY | YEARLY},
        {"counts.closed", "found", "完成清点", "counts closed", "count_session", false,
         MONTHLY | YEARLY},
        {"found.count_discrepancies", "found", "清点账实不符", "counts with discrepancies",
         "count_session", false, MONTHLY | YEARLY},
};

static const char *day_text(bm_ctx *ctx, int32_t day)
{
	char b[BM_DATE_LEN];
	bm_date_format(day, b);
	return bm_arena_strdup(ctx->arena, b);
}

static const char *instant_text(bm_ctx *ctx, int64_t t)
{
	char b[BM_ISO_TIME_LEN];
	bm_time_format(t, b);
	return bm_arena_strdup(ctx->arena, b);
}

/* Reads "YYYY-MM" (or "YYYY" for a year) strictly; 0 and -1 for anything else. */
static bool parse_period(const char *text, bool yearly, int *year, int *month)
{
	size_t len = text ? strlen(text) : 0;
	int y = 0, m = 0;
	if (len != (yearly ? 4u : 7u))
		return false;
	for (size_t i = 0; i < len; i++) {
		if (i == 4) {
			if (text[i] != '-')
				return false;
			continue;
		}
		if (text[i] < '0' || text[i] > '9')
			return false;
		if (i < 4)
			y = y * 10 + (text[i] - '0');
		else
			m = m * 10 + (text[i] - '0');
	}
	*year = y;
	*month = yearly ? 0 : m;
	return true;
}

/* Adds `f` to its figure. */
static int add_fact(bm_ctx *ctx, bm_report_figure *fig, const bm_report_fact *f, size_t cap)
{
	if (!fig->ids &&
	    !(fig->ids = bm_arena_alloc(ctx->arena, (cap ? cap : 1) * sizeof(int64_t))))
		return bm_error_nomem();
	fig->ids[fig->count++] = f->id;
	fig->amount += f->amount;
	if (fig->by_level && f->level >= 0 && f->level < BM_LEVEL_COUNT)
		fig->levels[f->level]++;
	else if (fig->by_level)
		fig->no_level++;
	if (f->sub) {
		size_t k = 0;
		while (k < fig->n_subs && strcmp(fig->subs[k].code, f->sub) != 0)
			k++;
		if (k == fig->n_subs && k < BM_REPORT_MAX_SUBS)
			fig->subs[fig->n_subs++].code = f->sub;
		if (k < fig->n_subs)
			fig->subs[k].count++;
	}
	return 0;
}

/* Counts the store's facts into the figures of report `which`. */
static int fill(bm_ctx *ctx, bm_report *r, int which, const bm_report_fact *facts, size_t n)
{
	size_t nf = 0;
	if (!(r->figures = bm_arena_alloc(ctx->arena, BM_ARRAY_LEN(figures) * sizeof(*r->figures))))
		return bm_error_nomem();
	for (size_t i = 0; i < BM_ARRAY_LEN(figures); i++) {
		const figure_def *d = &figures[i];
		bm_report_figure *fig = &r->figures[nf];
		size_t cap = 0;
		if (!(d->reports & which))
			continue;
		memset(fig, 0, sizeof(*fig));
		fig->key = d->key;
		fig->section = d->section;
		fig->zh = d->zh;
		fig->en = d->en;
		fig->table = d->table;
		fig->by_level = d->by_level;
		for (size_t k = 0; k < n; k++)
			cap += strcmp(facts[k].figure, d->key) == 0;
		for (size_t k = 0; k < n && cap; k++) {
			int rc;
			if (strcmp(facts[k].figure, d->key) == 0 &&
			    (rc = add_fact(ctx, fig, &facts[k], cap)) != 0)
				return rc;
		}
		nf++;
	}
	r->n_figures = nf;
	return 0;
}

int bm_svc_report_make(bm_ctx *ctx, bool yearly, const char *period, bm_report **out)
{
	bm_report *r = NULL;
	bm_report_period p = {0};
	bm_report_fact *facts = NULL;
	bm_decision d;
	size_t n = 0;
	int year = 0, month = -1;
	int32_t first = BM_DATE_NONE, last = BM_DATE_NONE;
	int64_t to = 0;
	int offset = ctx->policy.tz_offset_minutes;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "period", json_string(period ? period : ""));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REPORT)) != 0)
		goto done;
	if (!parse_period(period, yearly, &year, &month))
		year = month = -1;
	if (!bm_rules_report_period(&d, year, month, bm_svc_today_days(ctx), &first, &last)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if (!(r = bm_arena_alloc(ctx->arena, sizeof(*r)))) {
		rc = bm_error_nomem();
		goto done;
	}
	memset(r, 0, sizeof(*r));
	to = bm_date_local_start(last + 1, offset);
	r->kind = yearly ? "yearly" : "monthly";
	r->period = bm_arena_strdup(ctx->arena, period);
	r->unit_name = ctx->unit->name;
	r->from_day = day_text(ctx, first);
	r->to_day = day_text(ctx, last);
	r->as_of = instant_text(ctx, to < ctx->now ? to : ctx->now);
	r->due_on =
	        yearly ? NULL : day_text(ctx, bm_rules_report_due_on(&ctx->policy, year, month));
	r->generated_at = bm_svc_now_iso(ctx);
	p.unit_id = ctx->unit->id;
	p.from = instant_text(ctx, bm_date_local_start(first, offset));
	p.to = instant_text(ctx, to);
	p.from_day = r->from_day;
	p.to_day = r->to_day;
	p.as_of = r->as_of;
	if ((rc = BM_STORE(ctx->store, report_facts)(ctx->store, ctx->arena, &p, &facts, &n)) !=
	            0 ||
	    (rc = fill(ctx, r, yearly ? YEARLY : MONTHLY, facts, n)) != 0)
		goto done;
	for (size_t i = 0; i < r->n_figures; i++)
		json_object_set_new(detail, r->figures[i].key, json_integer(r->figures[i].count));
	*out = r;
done:
	return bm_svc_end(ctx, rc, yearly ? "report.yearly" : "report.monthly",
	                  rc == 0 ? bm_arena_printf(ctx->arena, "report:%s", period) : "",
	                  bm_svc_json(ctx, detail));
}

/* The link that lists a figure's records (the web UI's screens), or NULL. */
static const char *figure_link(const bm_report_figure *f)
{
	if (strcmp(f->table, "carrier") == 0)
		return "#/carriers/";
	if (strcmp(f->table, "incident") == 0)
		return "#/incidents/";
	if (strcmp(f->table, "person") == 0)
		return "#/people/";
	if (strcmp(f->table, "device") == 0)
		return "#/devices/";
	return NULL;
}

json_t *bm_report_to_json(const bm_report *r)
{
	json_t *o = json_object(), *figs = json_array();
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "period", json_string(r->period));
	json_object_set_new(o, "unit", json_string(r->unit_name ? r->unit_name : ""));
	json_object_set_new(o, "from", json_string(r->from_day));
	json_object_set_new(o, "to", json_string(r->to_day));
	json_object_set_new(o, "as_of", json_string(r->as_of));
	json_object_set_new(o, "generated_at", json_string(r->generated_at));
	json_object_set_new(o, "rule", json_string(bm_policy_task_rule(BM_TASK_REPORT)));
	if (r->due_on)
		json_object_set_new(o, "due_on", json_string(r->due_on));
	for (size_t i = 0; i < r->n_figures; i++) {
		const bm_report_figure *f = &r->figures[i];
		json_t *g = json_object(), *ids = json_array();
		const char *link = figure_link(f);
		json_object_set_new(g, "key", json_string(f->key));
		json_object_set_new(g, "section", json_string(f->section));
		json_object_set_new(g, "label", json_string(f->zh));
		json_object_set_new(g, "label_en", json_string(f->en));
		json_object_set_new(g, "count", json_integer(f->count));
		if (strcmp(f->key, "trainings") == 0)
			json_object_set_new(g, "hours", json_real((double)f->amount / 10.0));
		if (f->by_level) {
			json_t *lv = json_object();
			for (int k = 0; k < BM_LEVEL_COUNT; k++)
				json_object_set_new(lv, bm_level_names[k].code,
				                    json_integer(f->levels[k]));
			if (f->no_level)
				json_object_set_new(lv, "none", json_integer(f->no_level));
			json_object_set_new(g, "by_level", lv);
		}
		if (f->n_subs) {
			json_t *sub = json_object();
			for (size_t k = 0; k < f->n_subs; k++)
				json_object_set_new(sub, f->subs[k].code,
				                    json_integer(f->subs[k].count));
			json_object_set_new(g, "by_kind", sub);
		}
		for (int64_t k = 0; k < f->count; k++)
			json_array_append_new(ids, json_integer(f->ids[k]));
		json_object_set_new(g, "table", json_string(f->table));
		json_object_set_new(g, "ids", ids);
		if (link)
			json_object_set_new(g, "link", json_string(link));
		json_array_append_new(figs, g);
	}
	json_object_set_new(o, "figures", figs);
	return o;
}

/* The ids of `f` as one cell, space-separated. */
static int ids_cell(const bm_report_figure *f, bm_buf *cell)
{
	int rc = 0;
	for (int64_t k = 0; k < f->count && rc == 0; k++)
		rc = bm_buf_printf(cell, k ? " %lld" : "%lld", (long long)f->ids[k]);
	return rc;
}

int bm_report_csv(const bm_report *r, bm_buf *out)
{
	static const char *const head[] = {"报告期", "栏目", "项目", "项目(en)",
	                                   "分项",   "数量", "表",   "记录编号"};
	bm_buf cell;
	int rc;
	bm_buf_init(&cell, 0);
	if ((rc = bm_buf_puts(out, "\xEF\xBB\xBF")) != 0 ||
	    (rc = bm_buf_csv_row(out, head, BM_ARRAY_LEN(head))) != 0)
		goto done;
	for (size_t i = 0; i < r->n_figures && rc == 0; i++) {
		const bm_report_figure *f = &r->figures[i];
		char num[24];
		const char *cells[8] = {r->period, f->section, f->zh, f->en, "", num, f->table, ""};
		bm_buf_clear(&cell);
		if ((rc = ids_cell(f, &cell)) != 0 || (rc = bm_buf_putc(&cell, '\0')) != 0)
			break;
		cells[7] = cell.ptr;
		snprintf(num, sizeof(num), "%lld", (long long)f->count);
		if ((rc = bm_buf_csv_row(out, cells, BM_ARRAY_LEN(cells))) != 0)
			break;
		cells[7] = "";
		for (int k = 0; f->by_level && k < BM_LEVEL_COUNT && rc == 0; k++) {
			cells[4] = bm_level_names[k].zh;
			snprintf(num, sizeof(num), "%lld", (long long)f->levels[k]);
			rc = bm_buf_csv_row(out, cells, BM_ARRAY_LEN(cells));
		}
		if (rc == 0 && f->no_level) {
			cells[4] = "未定级 none";
			snprintf(num, sizeof(num), "%lld", (long long)f->no_level);
			rc = bm_buf_csv_row(out, cells, BM_ARRAY_LEN(cells));
		}
		for (size_t k = 0; k < f->n_subs && rc == 0; k++) {
			cells[4] = f->subs[k].code;
			snprintf(num, sizeof(num), "%lld", (long long)f->subs[k].count);
			rc = bm_buf_csv_row(out, cells, BM_ARRAY_LEN(cells));
		}
		if (rc == 0 && strcmp(f->key, "trainings") == 0) {
			cells[4] = "学时 hours";
			snprintf(num, sizeof(num), "%lld.%lld", (long long)(f->amount / 10),
			         (long long)(f->amount % 10));
			rc = bm_buf_csv_row(out, cells, BM_ARRAY_LEN(cells));
		}
	}
done:
	bm_buf_release(&cell);
	return rc;
}
