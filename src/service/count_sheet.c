/*
 * count_sheet.c — a count's result as the unit's 涉密载体清查表 (issue 15
 * point 2, INV-3/INV-4): one row per carrier the count found, found without
 * its attachments, found out (on loan or in transit), missing or found
 * outside the ledger, then one row per device of the scope (issue 10 point
 * 3), each with its 清查结果, 密级, 文号, 标题, 存放地点, where it is or why it
 * is listed, the tick's note and the incident opened for a missing one.
 * Laid out by the shared writer (util/xlsx.h): CSV or an Excel workbook.
 */
#include "common.h"

#include <string.h>

#include "model/device.h"
#include "service/ledger.h"
#include "service/service_int.h"

enum { N_COLS = 11 };

static const char *const head[N_COLS] = {
        "序号",     "清查结果", "编号",      "密级",     "文号/份号", "标题",
        "存放地点", "状态",     "去向/说明", "点验备注", "事件编号",
};

/* Here, not in count.c, which calls this file: the sheet and the screen share the words. */
const char *bm_count_device_where(const char *reason)
{
	if (!reason)
		return NULL;
	if (strcmp(reason, "scrapped") == 0)
		return "设备台账记为已报废";
	if (strcmp(reason, "outside") == 0)
		return "不属于本次清查范围";
	return "设备台账中没有此编号";
}

static const char *id_text(bm_ctx *ctx, int64_t id)
{
	return id ? bm_arena_printf(ctx->arena, "%lld", (long long)id) : "";
}

/* True when the carrier is one of the sorted incomplete lines. */
static bool incomplete(const bm_count_result *r, int64_t carrier_id)
{
	for (size_t i = 0; i < r->n_incomplete; i++)
		if (r->incomplete[i].carrier_id == carrier_id)
			return true;
	return false;
}

static int carrier_rows(bm_ctx *ctx, bm_sheet *sh, size_t *seq, const bm_count_result *r,
                        const bm_count_line *v, size_t n, const char *result)
{
	const char *cells[N_COLS];
	int rc = 0;
	for (size_t i = 0; i < n && rc == 0; i++) {
		const bm_count_line *l = &v[i];
		int st = l->status ? bm_status_parse(l->status) : -1;
		cells[0] = bm_arena_printf(ctx->arena, "%zu", ++*seq);
		cells[1] =
		        v == r->found && incomplete(r, l->carrier_id) ? "在库（附件不全）" : result;
		cells[2] = id_text(ctx, l->carrier_id);
		cells[3] = l->marking ? l->marking : "";
		cells[4] = l->number ? l->number : "";
		cells[5] = l->title ? l->title : "（台账无此编号）";
		cells[6] = l->place ? l->place : "";
		cells[7] = st >= 0 ? bm_status_names[st].zh : "";
		cells[8] = l->where ? l->where : "";
		cells[9] = l->note ? l->note : "";
		cells[10] = id_text(ctx, l->incident_id);
		for (size_t c = 0; c < N_COLS; c++)
			if (!cells[c])
				return bm_error_nomem();
		rc = bm_sheet_row(sh, cells, N_COLS);
	}
	return rc;
}

static int device_rows(bm_ctx *ctx, bm_sheet *sh, size_t *seq, const bm_count_result *r)
{
	const char *cells[N_COLS];
	int rc = 0;
	for (size_t i = 0; i < r->n_devices && rc == 0; i++) {
		const bm_count_device_line *l = &r->devices[i];
		int st = l->status ? bm_vocab_find(bm_device_status_names, BM_DEVICE_STATUS_COUNT,
		                                   l->status)
		                   : -1;
		cells[0] = bm_arena_printf(ctx->arena, "%zu", ++*seq);
		cells[1] = l->list == BM_COUNT_FOUND     ? "设备在位"
		           : l->list == BM_COUNT_MISSING ? "设备下落不明"
		                                         : "设备账外";
		cells[2] = l->known && l->number ? l->number : id_text(ctx, l->device_id);
		cells[3] = l->known ? bm_level_names[l->level].zh : "";
		cells[4] = "";
		cells[5] = l->known ? bm_arena_printf(ctx->arena, "%s（设备）",
		                                      bm_device_kind_names[l->kind].zh)
		                    : "（登记簿无此设备）";
		cells[6] = "";
		cells[7] = st >= 0 ? bm_device_status_names[st].zh : (l->status ? l->status : "");
		cells[8] = l->reason ? bm_count_device_where(l->reason)
		                     : (l->holder_name ? bm_arena_printf(ctx->arena, "责任人：%s",
		                                                         l->holder_name)
		                                       : "");
		cells[9] = l->note ? l->note : "";
		cells[10] = id_text(ctx, l->incident_id);
		for (size_t c = 0; c < N_COLS; c++)
			if (!cells[c])
				return bm_error_nomem();
		rc = bm_sheet_row(sh, cells, N_COLS);
	}
	return rc;
}

int bm_count_sheet_write(bm_ctx *ctx, const bm_count_result *r, const char *scope,
                         bm_sheet_format format, bm_buf *out, size_t *rows)
{
	const bm_count_session_row *s = r->session;
	const bm_count_tally *t = &r->tally;
	bm_xlsx_meta meta;
	bm_sheet sh;
	size_t seq = 0;
	const char *range;
	int rc;
	/* The title row: the scope, the days, and the tally the clerk signs for. */
	range = bm_arena_printf(
	        ctx->arena,
	        "清查范围：%s；%s 至 %s；应有 %lld，在库 %lld，在外 %lld，下落不明 %lld，"
	        "账外 %lld，附件不全 %lld%s",
	        scope, s->started_at, s->closed_at ? s->closed_at : "（进行中，预览）",
	        (long long)t->expected, (long long)t->n[BM_COUNT_FOUND],
	        (long long)t->n[BM_COUNT_OUT], (long long)t->n[BM_COUNT_MISSING],
	        (long long)t->n[BM_COUNT_UNEXPECTED], (long long)t->n[BM_COUNT_INCOMPLETE],
	        r->accounted ? "；件件有着落" : "");
	if (!range)
		return bm_error_nomem();
	bm_svc_sheet_meta(ctx, "涉密载体清查表", range, &meta);
	meta.constant_memory = true;
	if ((rc = bm_sheet_begin(&sh, format, &meta, out)) == 0)
		rc = bm_sheet_row(&sh, head, N_COLS);
	if (rc == 0)
		rc = carrier_rows(ctx, &sh, &seq, r, r->found, r->n_found, "在库");
	if (rc == 0)
		rc = carrier_rows(ctx, &sh, &seq, r, r->out, r->n_out, "在外（去向清楚）");
	if (rc == 0)
		rc = carrier_rows(ctx, &sh, &seq, r, r->missing, r->n_missing, "下落不明");
	if (rc == 0)
		rc = carrier_rows(ctx, &sh, &seq, r, r->unexpected, r->n_unexpected, "账外");
	if (rc == 0)
		rc = device_rows(ctx, &sh, &seq, r);
	if (rc == 0)
		rc = bm_sheet_end(&sh);
	bm_sheet_discard(&sh);
	*rows = seq;
	return rc;
}
