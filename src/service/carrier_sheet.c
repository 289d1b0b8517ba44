/*
 * carrier_sheet.c — the ledger view as filtered, as CSV or an Excel workbook
 * (issue 15 point 2): every carrier the filter matches and the actor may see
 * (SYS-2, through bm_svc_carrier_list, each page an audited read), not only
 * the page on screen.
 */
#include "common.h"

#include <string.h>

#include "service/service.h"
#include "service/service_int.h"
#include "util/timeutil.h"

/* More rows than this is refused: a clerk narrows the filter first. */
#define SHEET_MAX_ROWS 200000

static const char *const head[] = {"序号",     "编号",   "密级",     "载体形式", "文号",
                                   "标题",     "份号",   "份数",     "页数",     "制发机关",
                                   "来文机关", "来源",   "保密期限", "知悉范围", "部门",
                                   "登记时间", "保管人", "存放地点", "状态"};

/* The people and departments of the unit, by id: the names a scope entry shows. */
typedef struct names {
	bm_person *people;
	size_t n_people;
	bm_department *deps;
	size_t n_deps;
} names;

static const char *person_name(const names *n, int64_t id)
{
	for (size_t i = 0; i < n->n_people; i++)
		if (n->people[i].id == id)
			return n->people[i].name;
	return NULL;
}

static const char *department_name(const names *n, int64_t id)
{
	for (size_t i = 0; i < n->n_deps; i++)
		if (n->deps[i].id == id)
			return n->deps[i].name;
	return NULL;
}

/* LEVEL-2/3/8: the period in words ("10年", "2030-12-31", "考试结束后"). */
static const char *period_text(bm_arena *a, const bm_carrier *c)
{
	switch (c->period_kind) {
	case BM_PERIOD_YEARS: return bm_arena_printf(a, "%d年", c->period_years);
	case BM_PERIOD_UNTIL: return c->period_until;
	case BM_PERIOD_EVENT: return c->period_event;
	default: return "";
	}
}

/* LEVEL-2: the knowledge scope by name ("胡琳、办公室"); 本单位 when not limited. */
static int scope_text(bm_ctx *ctx, const names *n, int64_t id, const char **out)
{
	bm_carrier *full;
	bm_buf b;
	int rc;
	*out = "";
	if ((rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &full)) != 0)
		return rc;
	if (!full->n_scope) {
		*out = "本单位";
		return 0;
	}
	bm_buf_init(&b, 64u << 10);
	for (size_t i = 0; rc == 0 && i < full->n_scope; i++) {
		const bm_scope_entry *e = &full->scope[i];
		const char *name = e->person_id ? person_name(n, e->person_id)
		                                : department_name(n, e->department_id);
		rc = bm_buf_printf(&b, "%s%s", i ? "、" : "", name ? name : "?");
	}
	if (rc == 0 && !(*out = bm_arena_strdup(ctx->arena, b.ptr ? b.ptr : "")))
		rc = bm_error_nomem();
	bm_buf_release(&b);
	return rc;
}

static const char *number(bm_arena *a, int64_t v)
{
	return v ? bm_arena_printf(a, "%lld", (long long)v) : "";
}

/* The registration's local time, "2026-12-05 14:03" (the instant as stored when unparseable). */
static const char *local_time(bm_ctx *ctx, const char *iso)
{
	char day[BM_DATE_LEN];
	int64_t t, local;
	if (!iso || !bm_time_parse(iso, &t))
		return iso;
	local = t + (int64_t)ctx->policy.tz_offset_minutes * 60;
	bm_date_format(bm_time_local_date(t, ctx->policy.tz_offset_minutes), day);
	return bm_arena_printf(ctx->arena, "%s %02d:%02d", day,
	                       (int)((local / 3600) % 24 + 24) % 24,
	                       (int)((local / 60) % 60 + 60) % 60);
}

static int put_row(bm_ctx *ctx, bm_sheet *sheet, const names *n, size_t seq, const bm_carrier *c)
{
	bm_arena *a = ctx->arena;
	const char *cells[BM_ARRAY_LEN(head)];
	int rc;
	cells[0] = number(a, (int64_t)seq);
	cells[1] = number(a, c->id);
	cells[2] = bm_carrier_marking_text(a, c, false); /* LEVEL-7/8 */
	cells[3] = bm_kind_names[c->kind].zh;
	cells[4] = c->doc_number;
	cells[5] = c->title;
	cells[6] = number(a, c->serial_number);
	cells[7] = number(a, c->copies);
	cells[8] = number(a, c->pages);
	cells[9] = c->producer;
	cells[10] = c->sender;
	cells[11] = bm_origin_names[c->origin].zh;
	cells[12] = period_text(a, c);
	if ((rc = scope_text(ctx, n, c->id, &cells[13])) != 0)
		return rc;
	cells[14] = c->department_name;
	cells[15] = local_time(ctx, c->registered_at);
	cells[16] = c->custodian_name;
	cells[17] = c->place_name;
	cells[18] = bm_status_names[c->status].zh;
	return bm_sheet_row(sheet, cells, BM_ARRAY_LEN(cells));
}

int bm_svc_carrier_sheet(bm_ctx *ctx, bm_carrier_filter *filter, bm_sheet_format format,
                         bm_buf *out)
{
	bm_carrier_filter f = *filter;
	bm_xlsx_meta meta;
	bm_sheet sheet;
	size_t seq = 0;
	const char *range = NULL;
	int rc;

	if (f.registered_from || f.registered_to)
		range = bm_arena_printf(ctx->arena, "登记日期 %s 至 %s",
		                        f.registered_from ? f.registered_from : "…",
		                        f.registered_to ? f.registered_to : "…");
	bm_svc_sheet_meta(ctx, "涉密载体台账", range, &meta);
	names n = {0};
	if ((rc = BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id,
	                                            &n.people, &n.n_people)) != 0 ||
	    /* names only: department_list would count every carrier each one holds */
	    (rc = BM_STORE(ctx->store, department_names)(ctx->store, ctx->arena, ctx->unit->id,
	                                                 &n.deps, &n.n_deps)) != 0)
		return rc;
	f.limit = 1000;
	f.offset = 0;
	f.after = 0;
	if ((rc = bm_sheet_begin(&sheet, format, &meta, out)) == 0)
		rc = bm_sheet_row(&sheet, head, BM_ARRAY_LEN(head));
	while (rc == 0) {
		bm_carrier_page page = {0};
		if ((rc = bm_svc_carrier_list(ctx, &f, &page)) != 0)
			break;
		if (page.total > SHEET_MAX_ROWS) {
			rc = bm_error_set(
			        BM_ETOOLARGE, "export_too_large", NULL,
			        "符合条件的载体有 %lld 件，超过一次导出的上限 %d：请缩小筛选范围",
			        "%lld carriers match, more than one export holds (%d): narrow "
			        "the filter",
			        (long long)page.total, SHEET_MAX_ROWS);
			break;
		}
		for (size_t i = 0; rc == 0 && i < page.count; i++)
			rc = put_row(ctx, &sheet, &n, ++seq, &page.items[i]);
		if (rc != 0 || !page.next || page.count == 0)
			break;
		f.after = page.next;
	}
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	return rc;
}
