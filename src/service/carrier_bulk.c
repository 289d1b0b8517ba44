/*
 * carrier_bulk.c — 批量登记: many incoming carriers in one transaction, the
 * path an import (CSV, spreadsheet) takes. Every row goes through the
 * single registration's own steps (bm_carrier_check, then
 * bm_carrier_register_row) and is audited as its own event; one refused
 * row refuses the batch.
 */
#include "common.h"

#include <stdio.h>

#include "audit/audit.h"
#include "service/service_int.h"

/* The row's number in the batch (from 1), or in its file when it came from one. */
static size_t row_number(const bm_import_source *src, size_t row)
{
	return src ? src->lines[row] : row + 1;
}

/* Puts the row's number in front of the current error's messages. */
static int name_row(size_t row)
{
	bm_error e;
	char zh[BM_ERROR_MSG_MAX], en[BM_ERROR_MSG_MAX];
	bm_error_save(&e);
	snprintf(zh, sizeof(zh), "第 %zu 行：%.400s", row, e.message);
	snprintf(en, sizeof(en), "row %zu: %.400s", row, e.message_en);
	return bm_error_set_msg(e.klass, e.code, e.rule, zh, en);
}

/*
 * SYS-3: the row's own event, as a single registration would write it; from
 * a file, with the file's name, the row's number in it and the file's SM3.
 */
static int audit_row(bm_ctx *ctx, const bm_carrier *c, size_t row, const bm_import_source *src)
{
	json_t *facts = json_loads(bm_carrier_facts_json(ctx, c), 0, NULL);
	bm_audit_event ev = {
	        .at = ctx->now,
	        .actor = bm_svc_actor_name(ctx),
	        .action = "carrier.register_incoming",
	        .outcome = "ok",
	        .rule = "",
	};
	if (!facts)
		return bm_error_nomem();
	json_object_set_new(facts, "import_row", json_integer((json_int_t)row_number(src, row)));
	if (src) {
		json_object_set_new(facts, "import_file", json_string(src->file_name));
		json_object_set_new(facts, "import_sm3", json_string(src->sm3));
		if (src->row_sm3)
			json_object_set_new(facts, "import_row_sm3",
			                    json_string(src->row_sm3[row]));
	}
	ev.object = bm_arena_printf(ctx->arena, "carrier:%lld", (long long)c->id);
	ev.detail = bm_svc_json(ctx, facts);
	if (!ev.object || !ev.detail)
		return bm_error_nomem();
	return bm_audit_append(ctx->store, &ev, NULL);
}

/*
 * One row inside the transaction, its scratch in an arena of its own so a
 * batch of any size holds only its checked records.
 */
static int register_one(bm_ctx *ctx, const bm_carrier_input *in, bm_carrier *c, size_t row,
                        const bm_import_source *src)
{
	bm_arena *batch = ctx->arena, scratch;
	int rc;
	bm_arena_init(&scratch, 0);
	ctx->arena = &scratch;
	if ((rc = bm_carrier_register_row(ctx, in, c)) == 0)
		rc = audit_row(ctx, c, row, src);
	ctx->arena = batch;
	bm_arena_release(&scratch);
	return rc;
}

int bm_carrier_bulk(bm_ctx *ctx, const bm_carrier_input *in, size_t n, const bm_import_source *src,
                    int64_t *ids_out, size_t *failed_row)
{
	bm_carrier *rows = NULL;
	json_t *d = json_object();
	size_t i = 0;
	int rc;

	json_object_set_new(d, "rows", json_integer((json_int_t)n));
	if (src) {
		json_object_set_new(d, "file", json_string(src->file_name));
		json_object_set_new(d, "format", json_string(src->format));
		json_object_set_new(d, "sm3", json_string(src->sm3));
	}
	/* KEEP-5 once; every row's input before the transaction starts. */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_REGISTER)) != 0)
		goto done;
	if (n && !(rows = bm_arena_alloc(ctx->arena, n * sizeof(*rows)))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (i = 0; i < n; i++)
		if ((rc = bm_carrier_check(&rows[i], ctx, &in[i], false)) != 0)
			goto refused;
	if ((rc = bm_svc_begin(ctx)) != 0)
		goto done;
	for (i = 0; i < n; i++)
		if ((rc = register_one(ctx, &in[i], &rows[i], i, src)) != 0)
			goto refused;
	if (ids_out)
		for (i = 0; i < n; i++)
			ids_out[i] = rows[i].id;
	if (n) {
		json_object_set_new(d, "first_id", json_integer(rows[0].id));
		json_object_set_new(d, "last_id", json_integer(rows[n - 1].id));
	}
	goto done;
refused:
	json_object_set_new(d, "refused_row", json_integer((json_int_t)row_number(src, i)));
	if (failed_row)
		*failed_row = i;
	rc = name_row(row_number(src, i));
done:
	return bm_svc_end(ctx, rc, src ? "carrier.import" : "carrier.register_bulk", "",
	                  bm_svc_json(ctx, d));
}

int bm_svc_carrier_register_bulk(bm_ctx *ctx, const bm_carrier_input *in, size_t n,
                                 int64_t *ids_out, size_t *failed_row)
{
	return bm_carrier_bulk(ctx, in, n, NULL, ids_out, failed_row);
}
