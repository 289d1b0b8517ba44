/*
 * report.c — the unit's reports to its leadership (ORG-2): the monthly
 * report and the yearly statistics, counted from the records the store
 * gives for the period (report_facts), each figure with its ids. See
 * report.h.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "audit/audit.h"
#include "model/device.h"
#include "policy/inspection.h"
#include "policy/report.h"
#include "service/report.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* Which report a figure belongs to. */
enum { MONTHLY = 1, YEARLY = 2 };

typedef struct figure_def {
	const char *key, *section, *zh, *en, *table;
	bool by_level;
	int reports;
} figure_def;

/*
 * The figures, in the order reports show them. The keys are those of the
 * store's report_facts; rectifications.overdue is decided here from the
 * notices open at the period's end (INSP-2, bm_rules_insp_rect_overdue on
 * its last day), so the report and the alerts count alike.
 */
static const figure_def figures[] = {
        {"people.cleared", "standing", "涉密人员（按类别）", "cleared people by class", "person",
         false, YEARLY},
        {"devices", "standing", "涉密设备（按密级）", "classified devices by level", "device", true,
         YEARLY},
        {"self_assessment", "standing", "年度自查自评（状态）",
         "the yearly self-assessment (status)", "self_assessment", false, YEARLY},
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
        {"rectifications.closed", "changed", "整改销号", "rectifications closed", "rectification",
         false, MONTHLY | YEARLY},
        {"overdue.loans", "overdue", "逾期未还", "loans overdue", "loan", true, MONTHLY | YEARLY},
        {"overdue.incidents_open", "overdue", "未结事件", "incidents open", "incident", true,
         MONTHLY | YEARLY},
        {"rectifications.open", "overdue", "未销号整改（期末）", "rectifications open at the end",
         "rectification", false, MONTHLY | YEARLY},
        {"rectifications.overdue", "overdue", "逾期未整改（期末）",
         "rectifications overdue at the end", "rectification", false, MONTHLY | YEARLY},
        {"found.incidents", "found", "发生事件", "incidents opened", "incident", true,
         MONTHLY | YEARLY},
        {"counts.closed", "found", "完成清点", "counts closed", "count_session", false,
         MONTHLY | YEARLY},
        {"found.count_discrepancies", "found", "清点账实不符", "counts with discrepancies",
         "count_session", false, MONTHLY | YEARLY},
        {"inspections.held", "found", "保密检查（按类型）", "inspections held by kind",
         "inspection", false, MONTHLY | YEARLY},
        {"inspections.findings", "found", "检查发现问题", "inspection findings (不符合)",
         "inspection", false, MONTHLY | YEARLY},
        {"rectifications.opened", "found", "下达整改通知", "rectification notices opened",
         "rectification", false, MONTHLY | YEARLY},
        {"self_assessment.findings", "found", "自查发现问题", "self-assessment findings",
         "self_assessment_item", false, YEARLY},
};

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
static void add_fact(bm_report_figure *fig, const bm_report_fact *f)
{
	fig->recs[fig->count++] = f;
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
}

/*
 * INSP-2: is the notice `f` (one of rectifications.open, its status then
 * in f->sub, its deadline then in f->due) overdue on `end`, the period's
 * last day (or today)? The alerts' own decision.
 */
static bool rect_overdue(const bm_report_fact *f, int32_t end)
{
	bm_decision d;
	int32_t deadline = BM_DATE_NONE;
	int st = f->sub ? bm_vocab_find(bm_insp_rect_status_names, BM_RECT_STATUS_COUNT, f->sub)
	                : -1;
	if (!f->due || !bm_date_parse(f->due, &deadline) || st < 0)
		return false;
	return bm_rules_insp_rect_overdue(&d, f->id, (bm_insp_rect_status)st, deadline, end);
}

/* Which store facts feed figure `d`, and whether `f` is one of its records. */
static bool feeds(const figure_def *d, const bm_report_fact *f, int32_t end)
{
	if (strcmp(d->key, "rectifications.overdue") == 0)
		return strcmp(f->figure, "rectifications.open") == 0 && rect_overdue(f, end);
	return strcmp(f->figure, d->key) == 0;
}

/* Counts the store's facts into the figures of report `which`; `end` is the period's last day
 * or today. */
static int fill(bm_ctx *ctx, bm_report *r, int which, const bm_report_fact *facts, size_t n,
                int32_t end)
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
			cap += feeds(d, &facts[k], end);
		if (!(fig->recs = bm_arena_alloc(ctx->arena, (cap ? cap : 1) * sizeof(*fig->recs))))
			return bm_error_nomem();
		for (size_t k = 0; k < n && cap; k++)
			if (feeds(d, &facts[k], end))
				add_fact(fig, &facts[k]);
		fig->n_recs = fig->count;
		nf++;
	}
	r->n_figures = nf;
	return 0;
}

/*
 * The report of `period` for the unit, every record counted and listed,
 * inside the caller's read or transaction (ORG-2's period rule first).
 * `*out` lives in ctx->arena.
 */
static int compute(bm_ctx *ctx, bool yearly, const char *period, bm_report **out)
{
	bm_report *r = NULL;
	bm_report_period p = {0};
	bm_report_fact *facts = NULL;
	bm_decision d;
	size_t n = 0;
	int year = 0, month = -1;
	int32_t first = BM_DATE_NONE, last = BM_DATE_NONE, today = bm_svc_today_days(ctx);
	int64_t to = 0;
	int offset = ctx->policy.tz_offset_minutes;
	int rc;

	if (!parse_period(period, yearly, &year, &month))
		year = month = -1;
	if (!bm_rules_report_period(&d, year, month, today, &first, &last))
		return bm_decision_error(&d);
	if (!(r = bm_arena_alloc(ctx->arena, sizeof(*r))))
		return bm_error_nomem();
	to = bm_date_local_start(last + 1, offset);
	r->kind = yearly ? "yearly" : "monthly";
	r->period = bm_arena_strdup(ctx->arena, period);
	r->unit_name = ctx->unit->name;
	r->from_day = bm_svc_date_text(ctx, first);
	r->to_day = bm_svc_date_text(ctx, last);
	r->as_of = instant_text(ctx, to < ctx->now ? to : ctx->now);
	r->due_on =
	        yearly ? NULL
	               : bm_svc_date_text(ctx, bm_rules_report_due_on(&ctx->policy, year, month));
	r->generated_at = bm_svc_now_iso(ctx);
	p.unit_id = ctx->unit->id;
	p.from = instant_text(ctx, bm_date_local_start(first, offset));
	p.to = instant_text(ctx, to);
	p.from_day = r->from_day;
	p.to_day = r->to_day;
	p.as_of = r->as_of;
	if ((rc = BM_STORE(ctx->store, report_facts)(ctx->store, ctx->arena, &p, &facts, &n)) !=
	            0 ||
	    (rc = fill(ctx, r, yearly ? YEARLY : MONTHLY, facts, n, last < today ? last : today)) !=
	            0)
		return rc;
	*out = r;
	return 0;
}

/* SM3 of the canonical report, hex in the arena. */
static int digest_of(bm_ctx *ctx, const bm_report *r, const char **text, const char **hex_out)
{
	char hex[BM_AUDIT_HASH_HEX + 1];
	json_t *canon = bm_report_canonical(r);
	char *dump = canon ? json_dumps(canon, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
	int rc;
	json_decref(canon);
	if (!dump)
		return bm_error_nomem();
	rc = bm_audit_row_digest((const unsigned char *)dump, strlen(dump), hex);
	if (rc == 0 && text && !(*text = bm_arena_strdup(ctx->arena, dump)))
		rc = bm_error_nomem();
	free(dump);
	if (rc == 0 && !(*hex_out = bm_arena_strdup(ctx->arena, hex)))
		rc = bm_error_nomem();
	return rc;
}

/* A carrier behind a figure and whether the reader is shown it (ORG-2 with SYS-2). */
typedef struct sight {
	int64_t id;
	bool shown;
} sight;

static int sight_cmp(const void *a, const void *b)
{
	int64_t x = ((const sight *)a)->id, y = ((const sight *)b)->id;
	return (x > y) - (x < y);
}

/* Whether the reader is shown the records about carrier `id` (bm_rules_report_record_shown). */
static int carrier_shown(bm_ctx *ctx, const bm_viewer *v, int64_t id, bool *out)
{
	bm_carrier *c = NULL;
	bm_item item;
	bm_decision d;
	int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		*out = false; /* nothing to show for a carrier that is not there */
		return 0;
	}
	if (rc == 0 && (rc = bm_svc_item_facts(ctx, c, &item)) == 0)
		*out = bm_rules_report_record_shown(&d, v, &item);
	return rc;
}

/*
 * ORG-2 with SYS-2: keeps under each figure only the records the reader is
 * shown; the figures' counts stay the unit's. Each carrier named by any
 * figure is decided once.
 */
static int filter(bm_ctx *ctx, bm_report *r)
{
	sight *seen;
	size_t n = 0, total = 0;
	bm_viewer v;
	int rc;
	bm_svc_viewer(ctx, &v);
	for (size_t i = 0; i < r->n_figures; i++)
		total += (size_t)r->figures[i].n_recs;
	if (!(seen = bm_arena_alloc(ctx->arena, (total ? total : 1) * sizeof(*seen))))
		return bm_error_nomem();
	for (size_t i = 0; i < r->n_figures; i++)
		for (int64_t k = 0; k < r->figures[i].n_recs; k++)
			if (r->figures[i].recs[k]->carrier_id)
				seen[n++].id = r->figures[i].recs[k]->carrier_id;
	qsort(seen, n, sizeof(*seen), sight_cmp);
	size_t m = 0;
	for (size_t i = 0; i < n; i++) /* once per carrier */
		if (!m || seen[m - 1].id != seen[i].id)
			seen[m++].id = seen[i].id;
	n = m;
	for (size_t i = 0; i < n; i++)
		if ((rc = carrier_shown(ctx, &v, seen[i].id, &seen[i].shown)) != 0)
			return rc;
	r->withheld = 0;
	for (size_t i = 0; i < r->n_figures; i++) {
		bm_report_figure *f = &r->figures[i];
		int64_t kept = 0;
		for (int64_t k = 0; k < f->n_recs; k++) {
			sight key = {.id = f->recs[k]->carrier_id, .shown = true}, *hit = NULL;
			if (key.id)
				hit = bsearch(&key, seen, n, sizeof(*seen), sight_cmp);
			if (!key.id || (hit && hit->shown))
				f->recs[kept++] = f->recs[k];
		}
		f->withheld = f->n_recs - kept;
		f->n_recs = kept;
		r->withheld += f->withheld;
	}
	return 0;
}

static int find_delivery(bm_ctx *ctx, const char *period, bm_report_delivery_row **out)
{
	int rc = BM_STORE(ctx->store, report_delivery_find)(ctx->store, ctx->arena, ctx->unit->id,
	                                                    "monthly", period, out);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		*out = NULL;
		return 0;
	}
	return rc;
}

const bm_report_figure *bm_report_figure_of(const bm_report *r, const char *key)
{
	for (size_t i = 0; key && i < r->n_figures; i++)
		if (strcmp(r->figures[i].key, key) == 0)
			return &r->figures[i];
	return NULL;
}

/* The report, filtered for its reader; with `key`, the one figure asked for (the drill-down). */
static int make(bm_ctx *ctx, bool yearly, const char *period, const char *key, bm_report **out,
                const bm_report_figure **fig_out)
{
	bm_report *r = NULL;
	bm_report_delivery_row *delivery = NULL;
	const bm_report_figure *fig = NULL;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "period", json_string(period ? period : ""));
	if (key)
		json_object_set_new(detail, "figure", json_string(key));
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REPORT)) != 0 ||
	    (rc = compute(ctx, yearly, period, &r)) != 0 ||
	    (rc = digest_of(ctx, r, NULL, &r->digest)) != 0 ||
	    (!yearly && (rc = find_delivery(ctx, period, &delivery)) != 0) ||
	    (rc = filter(ctx, r)) != 0)
		goto done;
	r->delivery = delivery;
	if (key && !(fig = bm_report_figure_of(r, key))) {
		rc = bm_error_set(BM_ENOTFOUND, "unknown_figure", NULL, "报告中没有这一项：'%s'",
		                  "the report has no figure '%s'", key);
		goto done;
	}
	if (fig) {
		json_object_set_new(detail, "count", json_integer(fig->count));
		json_object_set_new(detail, "shown", json_integer(fig->n_recs));
		json_object_set_new(detail, "withheld", json_integer(fig->withheld));
	} else {
		for (size_t i = 0; i < r->n_figures; i++)
			json_object_set_new(detail, r->figures[i].key,
			                    json_integer(r->figures[i].count));
		if (r->withheld)
			json_object_set_new(detail, "withheld", json_integer(r->withheld));
	}
	json_object_set_new(detail, "digest", json_string(r->digest));
	*out = r;
	if (fig_out)
		*fig_out = fig;
done:
	return bm_svc_end(ctx, rc,
	                  key      ? "report.records"
	                  : yearly ? "report.yearly"
	                           : "report.monthly",
	                  rc == 0 ? bm_arena_printf(ctx->arena, "report:%s", period) : "",
	                  bm_svc_json(ctx, detail));
}

int bm_svc_report_make(bm_ctx *ctx, bool yearly, const char *period, bm_report **out)
{
	return make(ctx, yearly, period, NULL, out, NULL);
}

int bm_svc_report_records(bm_ctx *ctx, bool yearly, const char *period, const char *key,
                          bm_report **out, const bm_report_figure **fig)
{
	if (!bm_utf8_given(key))
		return bm_error_set(BM_EINVALID, "missing_field", NULL, "缺少报告项目（figure）",
		                    "the figure is missing");
	return make(ctx, yearly, period, key, out, fig);
}

/* The link that lists a figure's records (the web UI's screens), or NULL. */
static const char *figure_link(const bm_report_figure *f)
{
	if (strcmp(f->table, "carrier") == 0)
		return "#/carrier/";
	if (strcmp(f->table, "incident") == 0)
		return "#/incidents/";
	if (strcmp(f->table, "person") == 0)
		return "#/people/";
	if (strcmp(f->table, "device") == 0)
		return "#/devices/";
	if (strcmp(f->table, "inspection") == 0)
		return "#/inspections/";
	if (strcmp(f->table, "rectification") == 0)
		return "#/rectifications/";
	return NULL;
}

/*
 * The server's own words for a figure's breakdown code, from the
 * vocabulary the code comes from (a notice's state, an inspection's kind, a
 * device's kind, a person's class, a carrier's origin), or NULL when the
 * figure splits by a code of its own. The web and the CSV show these, so a
 * state reads the same on every screen (已报告待复查, not a second wording).
 */
static const bm_vocab_entry *sub_words(const char *key, const char *code)
{
	static const struct {
		const char *key;
		const bm_vocab_entry *table;
		int count;
	} from[] = {
	        {"rectifications.", bm_insp_rect_status_names,
	         BM_RECT_STATUS_COUNT}, /* a notice's state */
	        {"inspections.held", bm_insp_kind_names, BM_INSP_KIND_COUNT},
	        {"inspections.findings", bm_insp_kind_names, BM_INSP_KIND_COUNT},
	        {"devices", bm_device_kind_names, BM_DEVICE_KIND_COUNT},
	        {"people.cleared", bm_class_names, BM_CLASS_COUNT},
	        {"carriers.", bm_origin_names, BM_ORIGIN_COUNT}, /* every carriers.* figure */
	};
	for (size_t i = 0; i < BM_ARRAY_LEN(from); i++) {
		int k;
		size_t n = strlen(from[i].key);
		bool prefix = from[i].key[n - 1] == '.';
		if (prefix ? strncmp(from[i].key, key, n) != 0 : strcmp(from[i].key, key) != 0)
			continue;
		k = bm_vocab_find(from[i].table, from[i].count, code);
		return k >= 0 && strcmp(from[i].table[k].code, code) == 0 ? &from[i].table[k]
		                                                          : NULL;
	}
	return NULL;
}

/*
 * The breakdowns of `f` into `g`: hours, by level, by kind. The digest is
 * taken of these alone: it covers the figures, not their wording, so a
 * delivered report still matches after a word changes.
 */
static void breakdowns(json_t *g, const bm_report_figure *f)
{
	if (strcmp(f->key, "trainings") == 0)
		json_object_set_new(g, "hours", json_real((double)f->amount / 10.0));
	if (f->by_level) {
		json_t *lv = json_object();
		for (int k = 0; k < BM_LEVEL_COUNT; k++)
			json_object_set_new(lv, bm_level_names[k].code, json_integer(f->levels[k]));
		if (f->no_level)
			json_object_set_new(lv, "none", json_integer(f->no_level));
		json_object_set_new(g, "by_level", lv);
	}
	if (f->n_subs) {
		json_t *sub = json_object();
		for (size_t k = 0; k < f->n_subs; k++)
			json_object_set_new(sub, f->subs[k].code, json_integer(f->subs[k].count));
		json_object_set_new(g, "by_kind", sub);
	}
}

/*
 * The server's words for the codes of `f`'s breakdown by kind into `g`
 * (by_kind_names), when it has any: the answer shows them, the digest does not.
 */
static void breakdown_words(json_t *g, const bm_report_figure *f)
{
	json_t *words = NULL;
	for (size_t k = 0; k < f->n_subs; k++) {
		const bm_vocab_entry *w = sub_words(f->key, f->subs[k].code);
		if (!w)
			continue;
		if (!words)
			words = json_object();
		json_object_set_new(words, f->subs[k].code,
		                    json_pack("{s:s, s:s}", "zh", w->zh, "en", w->en));
	}
	if (words)
		json_object_set_new(g, "by_kind_names", words);
}

static json_t *ids_json(const bm_report_figure *f)
{
	json_t *ids = json_array();
	for (int64_t k = 0; k < f->n_recs; k++)
		json_array_append_new(ids, json_integer(f->recs[k]->id));
	return ids;
}

/* What a report is about: kind, period, unit and days (both its digest and its answer). */
static json_t *report_head(const bm_report *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "period", json_string(r->period));
	json_object_set_new(o, "unit", json_string(r->unit_name ? r->unit_name : ""));
	json_object_set_new(o, "from", json_string(r->from_day));
	json_object_set_new(o, "to", json_string(r->to_day));
	json_object_set_new(o, "as_of", json_string(r->as_of));
	return o;
}

json_t *bm_report_canonical(const bm_report *r)
{
	json_t *o = report_head(r), *figs = json_array();
	for (size_t i = 0; i < r->n_figures; i++) {
		const bm_report_figure *f = &r->figures[i];
		json_t *g = json_object();
		json_object_set_new(g, "key", json_string(f->key));
		json_object_set_new(g, "count", json_integer(f->count));
		breakdowns(g, f);
		json_object_set_new(g, "table", json_string(f->table));
		json_object_set_new(g, "ids", ids_json(f));
		json_array_append_new(figs, g);
	}
	json_object_set_new(o, "figures", figs);
	return o;
}

json_t *bm_report_delivery_to_json(const bm_report_delivery_row *d)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(d->id));
	json_object_set_new(o, "kind", json_string(d->kind));
	json_object_set_new(o, "period", json_string(d->period));
	json_object_set_new(o, "delivered_on", json_string(d->delivered_on));
	json_object_set_new(o, "to", json_integer(d->recipient_id));
	json_object_set_new(o, "to_name",
	                    d->recipient_name ? json_string(d->recipient_name) : json_null());
	json_object_set_new(o, "by", json_integer(d->delivered_by));
	json_object_set_new(o, "by_name",
	                    d->delivered_by_name ? json_string(d->delivered_by_name) : json_null());
	json_object_set_new(o, "digest", json_string(d->digest));
	json_object_set_new(o, "alg", json_string(d->alg));
	json_object_set_new(o, "note", d->note ? json_string(d->note) : json_null());
	json_object_set_new(o, "recorded_at", json_string(d->created_at));
	return o;
}

json_t *bm_report_to_json(const bm_report *r)
{
	json_t *o = report_head(r), *figs = json_array();
	json_object_set_new(o, "generated_at", json_string(r->generated_at));
	json_object_set_new(o, "rule", json_string(bm_policy_task_rule(BM_TASK_REPORT)));
	json_object_set_new(o, "digest", json_string(r->digest ? r->digest : ""));
	json_object_set_new(o, "alg", json_string(BM_AUDIT_ALG));
	if (r->due_on)
		json_object_set_new(o, "due_on", json_string(r->due_on));
	if (strcmp(r->kind, "monthly") == 0) {
		json_t *dj = r->delivery ? bm_report_delivery_to_json(r->delivery) : json_null();
		if (r->delivery)
			json_object_set_new(
			        dj, "matches",
			        json_boolean(r->digest &&
			                     strcmp(r->digest, r->delivery->digest) == 0));
		json_object_set_new(o, "delivery", dj);
	}
	json_object_set_new(o, "withheld", json_integer(r->withheld));
	for (size_t i = 0; i < r->n_figures; i++) {
		const bm_report_figure *f = &r->figures[i];
		json_t *g = json_object();
		const char *link = figure_link(f);
		json_object_set_new(g, "key", json_string(f->key));
		json_object_set_new(g, "section", json_string(f->section));
		json_object_set_new(g, "label", json_string(f->zh));
		json_object_set_new(g, "label_en", json_string(f->en));
		json_object_set_new(g, "count", json_integer(f->count));
		breakdowns(g, f);
		breakdown_words(g, f);
		json_object_set_new(g, "table", json_string(f->table));
		json_object_set_new(g, "ids", ids_json(f));
		json_object_set_new(g, "withheld", json_integer(f->withheld));
		if (link)
			json_object_set_new(g, "link", json_string(link));
		json_array_append_new(figs, g);
	}
	json_object_set_new(o, "figures", figs);
	return o;
}

json_t *bm_report_records_json(const bm_report *r, const bm_report_figure *f)
{
	json_t *o = json_object(), *recs = json_array(), *g = json_object();
	const char *link = figure_link(f);
	json_object_set_new(o, "kind", json_string(r->kind));
	json_object_set_new(o, "period", json_string(r->period));
	json_object_set_new(g, "key", json_string(f->key));
	json_object_set_new(g, "section", json_string(f->section));
	json_object_set_new(g, "label", json_string(f->zh));
	json_object_set_new(g, "label_en", json_string(f->en));
	json_object_set_new(g, "count", json_integer(f->count));
	json_object_set_new(g, "table", json_string(f->table));
	if (link)
		json_object_set_new(g, "link", json_string(link));
	json_object_set_new(o, "figure", g);
	for (int64_t k = 0; k < f->n_recs; k++) {
		const bm_report_fact *x = f->recs[k];
		json_t *e = json_object();
		json_object_set_new(e, "id", json_integer(x->id));
		json_object_set_new(e, "label", x->label ? json_string(x->label) : json_null());
		json_object_set_new(e, "day", x->day ? json_string(x->day) : json_null());
		if (x->due)
			json_object_set_new(e, "due", json_string(x->due));
		if (x->level >= 0 && x->level < BM_LEVEL_COUNT)
			json_object_set_new(e, "level", json_string(bm_level_names[x->level].code));
		if (x->sub)
			json_object_set_new(e, "kind", json_string(x->sub));
		if (x->carrier_id)
			json_object_set_new(e, "carrier_id", json_integer(x->carrier_id));
		json_array_append_new(recs, e);
	}
	json_object_set_new(o, "records", recs);
	json_object_set_new(o, "withheld", json_integer(f->withheld));
	if (f->withheld) {
		bm_decision d;
		bm_viewer none = {0};
		bm_item hidden = {0};
		/* The refusal's words, as the policy states them. */
		bm_rules_report_record_shown(&d, &none, &hidden);
		json_object_set_new(o, "rule", json_string(d.rule));
		json_object_set_new(o, "note", json_string(d.reason_zh));
		json_object_set_new(o, "note_en", json_string(d.reason_en));
	}
	return o;
}

/* The ids shown behind `f` as one cell, space-separated. */
static int ids_cell(const bm_report_figure *f, bm_buf *cell)
{
	int rc = 0;
	for (int64_t k = 0; k < f->n_recs && rc == 0; k++)
		rc = bm_buf_printf(cell, k ? " %lld" : "%lld", (long long)f->recs[k]->id);
	if (rc == 0 && f->withheld)
		rc = bm_buf_printf(cell, "%s另 %lld 条不列出（SYS-2）", f->n_recs ? " " : "",
		                   (long long)f->withheld);
	return rc;
}

static const char *section_zh(const char *s)
{
	return strcmp(s, "standing") == 0  ? "基本情况"
	       : strcmp(s, "changed") == 0 ? "本期变化"
	       : strcmp(s, "overdue") == 0 ? "逾期与未结"
	                                   : "发现的问题";
}

/*
 * A breakdown's word (issue 15: the sheet says what the screen says, not the
 * code): the vocabulary the figure counts by, else the report's own splits.
 */
static const char *sub_word(const char *key, const char *code)
{
	static const char *const own[] = {"raised",
	                                  "升高密级",
	                                  "lowered",
	                                  "降低密级",
	                                  "kept",
	                                  "密级不变",
	                                  "self_assessment",
	                                  "自查发现",
	                                  "inspection",
	                                  "检查发现",
	                                  "open",
	                                  "待整改",
	                                  "reported",
	                                  "已报告待复查",
	                                  "leader_signed",
	                                  "领导已签字",
	                                  "clerk_signed",
	                                  "保密员已签字",
	                                  "in_progress",
	                                  "进行中",
	                                  "unit",
	                                  "全单位清查",
	                                  "department",
	                                  "按部门清查",
	                                  "custodian",
	                                  "按保管人清查",
	                                  "borrow",
	                                  "借阅",
	                                  "read_on_site",
	                                  "查阅",
	                                  "take_out",
	                                  "携带外出",
	                                  "circulation",
	                                  "传阅",
	                                  "meeting",
	                                  "会议分发",
	                                  "missing",
	                                  "载体下落不明",
	                                  "overdue",
	                                  "逾期未还",
	                                  "leak",
	                                  "泄密",
	                                  "other",
	                                  "其他",
	                                  NULL};
	const bm_vocab_entry *w = sub_words(key, code);
	if (w)
		return w->zh;
	for (size_t i = 0; own[i]; i += 2)
		if (strcmp(own[i], code) == 0)
			return own[i + 1];
	return code;
}

/* The record table's word, for the 记录表 column. */
static const char *table_word(const char *table)
{
	static const char *const words[] = {"person",
	                                    "涉密人员",
	                                    "device",
	                                    "涉密设备",
	                                    "self_assessment",
	                                    "自查自评",
	                                    "carrier",
	                                    "载体",
	                                    "loan",
	                                    "借出记录",
	                                    "level_change",
	                                    "密级变更",
	                                    "training_session",
	                                    "培训",
	                                    "rectification",
	                                    "整改通知",
	                                    "incident",
	                                    "事件",
	                                    "count_session",
	                                    "清查",
	                                    "inspection",
	                                    "保密检查",
	                                    "self_assessment_item",
	                                    "自查项目",
	                                    NULL};
	for (size_t i = 0; table && words[i]; i += 2)
		if (strcmp(words[i], table) == 0)
			return words[i + 1];
	return table ? table : "";
}

int bm_report_sheet(bm_ctx *ctx, const bm_report *r, bm_sheet_format format, bm_buf *out)
{
	static const char *const head[] = {"报告期", "栏目", "项目",   "项目(en)",
	                                   "分项",   "数量", "记录表", "记录编号"};
	bool yearly = strcmp(r->kind, "yearly") == 0;
	bm_xlsx_meta meta;
	bm_sheet sheet;
	bm_buf cell;
	int rc;

	bm_svc_sheet_meta(
	        ctx, yearly ? "保密工作年度统计" : "保密工作月报",
	        bm_arena_printf(ctx->arena, "%s，%s 至 %s", r->period, r->from_day, r->to_day),
	        &meta);
	meta.signature =
	        "保密工作机构（签字）：　　　　　　　　单位领导审阅（签字）：　　　　　　　　"
	        "日期：　　　　年　　月　　日";
	bm_buf_init(&cell, 0);
	if ((rc = bm_sheet_begin(&sheet, format, &meta, out)) == 0)
		rc = bm_sheet_row(&sheet, head, BM_ARRAY_LEN(head));
	for (size_t i = 0; i < r->n_figures && rc == 0; i++) {
		const bm_report_figure *f = &r->figures[i];
		char num[32];
		const char *cells[8] = {r->period, section_zh(f->section), f->zh, f->en, "",
		                        num,       table_word(f->table),   ""};
		bm_buf_clear(&cell);
		if ((rc = ids_cell(f, &cell)) != 0 || (rc = bm_buf_putc(&cell, '\0')) != 0)
			break;
		cells[7] = cell.ptr;
		snprintf(num, sizeof(num), "%lld", (long long)f->count);
		if ((rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells))) != 0)
			break;
		cells[7] = "";
		for (int k = 0; f->by_level && k < BM_LEVEL_COUNT && rc == 0; k++) {
			cells[4] = bm_level_names[k].zh;
			snprintf(num, sizeof(num), "%lld", (long long)f->levels[k]);
			rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
		}
		if (rc == 0 && f->no_level) {
			cells[4] = "未定密级";
			snprintf(num, sizeof(num), "%lld", (long long)f->no_level);
			rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
		}
		for (size_t k = 0; k < f->n_subs && rc == 0; k++) {
			cells[4] = sub_word(f->key, f->subs[k].code);
			snprintf(num, sizeof(num), "%lld", (long long)f->subs[k].count);
			rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
		}
		if (rc == 0 && strcmp(f->key, "trainings") == 0) {
			cells[4] = "学时";
			snprintf(num, sizeof(num), "%lld.%lld", (long long)(f->amount / 10),
			         (long long)(f->amount % 10));
			rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
		}
	}
	if (rc == 0) {
		/* What the figures rest on: the report's digest, and its delivery when recorded. */
		const char *cells[8] = {r->period, "报告摘要", "SM3", "digest",
		                        "",        "",         "",    r->digest ? r->digest : ""};
		rc = bm_sheet_row(&sheet, cells, BM_ARRAY_LEN(cells));
		if (rc == 0 && r->delivery) {
			const char *dc[8] = {
			        r->period,
			        "报送",
			        "已报送领导",
			        "delivered to the leadership",
			        r->delivery->recipient_name ? r->delivery->recipient_name : "",
			        r->delivery->delivered_on,
			        "报送记录",
			        r->delivery->digest};
			rc = bm_sheet_row(&sheet, dc, BM_ARRAY_LEN(dc));
		}
	}
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	bm_buf_release(&cell);
	return rc;
}

/* ---- ORG-2: the month's report delivered to the leadership ---- */

static bool is_leadership(const bm_person *p)
{
	if (p->status != BM_PERSON_ACTIVE)
		return false;
	for (size_t i = 0; i < p->n_roles; i++)
		if (p->roles[i].role == BM_ROLE_LEADER || p->roles[i].role == BM_ROLE_PRINCIPAL)
			return true;
	return false;
}

/*
 * ORG-1's leadership group as ORG-2's delivery sees it: whether one is
 * recorded (a current place) and whether `to`, active, holds a place.
 */
static int group_facts(bm_ctx *ctx, const bm_person *to, bm_report_delivery_facts *f)
{
	bm_duty_member *m = NULL;
	size_t n = 0;
	int rc = BM_STORE(ctx->store, duty_members)(ctx->store, ctx->arena, ctx->unit->id, false,
	                                            &m, &n);
	if (rc)
		return rc;
	f->group_recorded = n > 0;
	for (size_t i = 0; to && to->status == BM_PERSON_ACTIVE && i < n; i++)
		if (m[i].person_id == to->id && !m[i].ended_on)
			f->recipient_in_group = true;
	return 0;
}

int bm_svc_report_deliver(bm_ctx *ctx, const bm_report_deliver_input *in,
                          bm_report_delivery_row **out)
{
	bm_report *r = NULL;
	bm_report_delivery_row *existing = NULL, *row = NULL;
	bm_person *to = NULL;
	bm_report_delivery_facts f = {0};
	bm_decision d;
	const char *content = NULL, *digest = NULL;
	int32_t first = BM_DATE_NONE;
	json_t *detail = json_object();
	int rc;

	json_object_set_new(detail, "period", json_string(in->month ? in->month : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		return rc;
	}
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REPORT_DELIVER)) != 0 ||
	    (rc = bm_svc_check_text(in->note, "备注", "note", 500, false)) != 0 ||
	    (rc = compute(ctx, false, in->month, &r)) != 0 ||
	    (rc = find_delivery(ctx, r->period, &existing)) != 0)
		goto done;
	f.today = bm_svc_today_days(ctx);
	f.period_last = bm_date_parse(r->to_day, &first) ? first : BM_DATE_NONE;
	if (!bm_utf8_given(in->delivered_on))
		f.delivered_on = f.today;
	else if (!bm_date_parse(in->delivered_on, &f.delivered_on))
		f.delivered_on = BM_DATE_NONE;
	f.recipient_given = bm_utf8_given(in->to);
	if (f.recipient_given && (rc = bm_svc_unit_person(ctx, in->to, &to)) != 0)
		goto done;
	f.recipient_leader = to && is_leadership(to);
	if ((rc = group_facts(ctx, to, &f)) != 0)
		goto done;
	f.already_delivered = existing != NULL;
	if (!bm_rules_report_deliver(&d, &f)) {
		rc = bm_decision_error(&d);
		goto done;
	}
	if ((rc = digest_of(ctx, r, &content, &digest)) != 0)
		goto done;
	if (!(row = bm_arena_alloc(ctx->arena, sizeof(*row)))) {
		rc = bm_error_nomem();
		goto done;
	}
	row->unit_id = ctx->unit->id;
	row->kind = "monthly";
	row->period = r->period;
	row->delivered_on = bm_svc_date_text(ctx, f.delivered_on);
	row->recipient_id = to->id;
	row->delivered_by = ctx->actor->id;
	row->digest = digest;
	row->alg = BM_AUDIT_ALG;
	row->content = content;
	row->note = bm_utf8_given(in->note) ? in->note : NULL;
	row->created_at = bm_svc_now_iso(ctx);
	row->recipient_name = to->name;
	row->delivered_by_name = ctx->actor->name;
	if ((rc = BM_STORE(ctx->store, report_delivery_insert)(ctx->store, row)) != 0)
		goto done;
	json_object_set_new(detail, "delivered_on", json_string(row->delivered_on));
	json_object_set_new(detail, "to", json_integer(row->recipient_id));
	json_object_set_new(detail, "digest", json_string(row->digest));
	json_object_set_new(detail, "alg", json_string(row->alg));
	*out = row;
done:
	return bm_svc_end(
	        ctx, rc, "report.deliver",
	        rc == 0 ? bm_arena_printf(ctx->arena, "report_delivery:%lld", (long long)row->id)
	                : bm_arena_printf(ctx->arena, "report:%s", in->month ? in->month : ""),
	        bm_svc_json(ctx, detail));
}

int bm_svc_report_deliveries(bm_ctx *ctx, int64_t limit, bm_report_delivery_row **out,
                             size_t *count)
{
	int rc;
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REPORT)) == 0)
		rc = BM_STORE(ctx->store, report_delivery_list)(ctx->store, ctx->arena,
		                                                ctx->unit->id, limit, out, count);
	return bm_svc_end(ctx, rc, "report.deliveries", "", NULL);
}
