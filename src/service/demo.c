/*
 * demo.c — what only `baomi demo` needs beyond the ordinary use cases.
 *
 * The demo unit is built through the same services an operator uses
 * (cli/cmd_demo.c). One step has no ordinary use case: its accounts keep the
 * published demo password instead of changing it at first login.
 */
#include "common.h"

#include "service/service_int.h"
#include "util/timeutil.h"

int bm_svc_demo_keep_passwords(bm_ctx *ctx, const char *const *usernames, size_t n, int64_t set_at)
{
	char set_iso[BM_ISO_TIME_LEN];
	bm_store *st;
	bm_ledger_query q = {.status = -1, .origin = -1, .origin2 = -1};
	json_t *detail = json_object(), *names = json_array();
	int64_t *ids;
	size_t n_carriers;
	bm_decision dec;
	int rc;

	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		json_decref(names);
		return rc;
	}
	st = ctx->store; /* the writer, from bm_svc_begin on */
	bm_time_format(set_at, set_iso);
	/*
	 * SYS-1: accounts are the system administrator's; and only while the
	 * unit is being set up (no carrier yet), so this cannot later be used
	 * to give a real person a password the administrator knows.
	 */
	if ((rc = bm_svc_require_task(ctx, BM_TASK_ACCOUNTS)) != 0)
		goto done;
	if ((rc = BM_STORE(st, ledger_carrier_ids)(st, ctx->arena, &q, &ids, &n_carriers)) != 0)
		goto done;
	if (!bm_rules_demo_password(&dec, n_carriers)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		bm_person *p;
		if ((rc = BM_STORE(st, person_find)(st, ctx->arena, usernames[i], &p)) != 0)
			break;
		p->must_change_password = false;
		/*
		 * SYS-4 password age: the published password counts as set at the
		 * demo's end point (`set_at`), not on the day its history begins.
		 */
		if ((rc = BM_STORE(st, person_update)(st, p)) == 0 && p->password_hash)
			rc = BM_STORE(st, password_history_insert)(st, p->id, p->password_hash,
			                                           set_iso);
		if (rc == 0)
			json_array_append_new(names, json_string(usernames[i]));
	}
done:
	json_object_set_new(detail, "accounts", names);
	json_object_set_new(detail, "reason",
	                    json_string("demo accounts keep the published demo password"));
	return bm_svc_end(ctx, rc, "demo.keep_passwords", "", bm_svc_json(ctx, detail));
}
