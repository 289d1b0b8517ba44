/*
 * import_audit.c — the event of one step of an imported row (SYS-3, issue
 * 15 point 1): as the single use case would write it, with where the row
 * came from. Called by the registers' import paths inside their one
 * transaction; calls no other service file.
 */
#include "common.h"

#include "audit/audit.h"
#include "service/service_int.h"

int bm_svc_import_event(bm_ctx *ctx, const char *action, const char *object, json_t *detail,
                        const bm_import_origin *o)
{
	bm_audit_event ev = {
	        .at = ctx->now,
	        .actor = bm_svc_actor_name(ctx),
	        .action = action,
	        .object = object ? object : "",
	        .outcome = "ok",
	        .rule = "",
	};
	if (!detail)
		return bm_error_nomem();
	json_object_set_new(detail, "import_file", json_string(o->file_name));
	json_object_set_new(detail, "import_row", json_integer((json_int_t)o->line));
	json_object_set_new(detail, "import_row_sm3", json_string(o->row_sm3 ? o->row_sm3 : ""));
	json_object_set_new(detail, "import_sm3", json_string(o->file_sm3 ? o->file_sm3 : ""));
	if (!(ev.detail = bm_svc_json(ctx, detail)))
		return bm_error_nomem();
	return bm_audit_append(ctx->store, &ev, NULL);
}
