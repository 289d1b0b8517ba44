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

static const char *const head[] = {"序号", "编号",   "密级",     "载体形式", "文号", "标题",
                                   "份号", "份数",   "页数",     "制发机关", "来源", "登记日期",
                                   "部门", "保管人", "存放地点", "状态"};

static const char *number(bm_arena *a, int64_t v)
{
	return v ? bm_arena_printf(a, "%lld", (long long)v) : "";
}

/* The registration's local date (the instant as stored when unparseable). */
static const char *local_date(bm_ctx *ctx, const char *iso)
{
	char day[BM_DATE_LEN];
	int64_t t;
	if (!iso || !bm_time_parse(iso, &t))
		return iso;
	bm_date_format(bm_time_local_date(t, ctx->policy.tz_offset_minutes), day);
	return bm_arena_strdup(ctx->arena, day);
}

static int put_row(bm_ctx *ctx, bm_sheet *sheet, size_t seq, const bm_carrier *c)
{
	bm_arena *a = ctx->arena;
	const char *cells[BM_ARRAY_LEN(head)];
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
	cells[10] = bm_origin_names[c->origin].zh;
	cells[11] = local_date(ctx, c->registered_at);
	cells[12] = c->department_name;
	cells[13] = c->custodian_name;
	cells[14] = c->place_name;
	cells[15] = bm_status_names[c->status].zh;
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
			rc = put_row(ctx, &sheet, ++seq, &page.items[i]);
		if (rc != 0 || !page.next || page.count == 0)
			break;
		f.after = page.next;
	}
	if (rc == 0)
		rc = bm_sheet_end(&sheet);
	bm_sheet_discard(&sheet);
	return rc;
}
