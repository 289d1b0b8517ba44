/*
 * wf_fixture.c — see wf_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "wf_fixture.h"

static wf_fx *current;

wf_fx *wf_get(void)
{
	return current;
}

int wf_group_setup(void **state)
{
	svc_fx *f;
	wf_fx *w;
	bm_ctx ctx;

	if (svc_fx_group_setup(state) != 0)
		return -1;
	f = svc_fx_get();
	if (!(w = calloc(1, sizeof(*w))))
		return -1;
	bm_arena_init(&w->arena, 0);
	current = w;
	if (svc_fx_step(bm_ctx_init(&ctx, f->store, &w->arena, f->now, "test"), "ctx") != 0)
		return -1;
	ctx.actor = f->sysadmin;
	if (svc_fx_add_person(&ctx, "kjhead", "科技处长", "科技处", NULL, false) ||
	    svc_fx_add_person(&ctx, "cwhead", "财务处长", "财务处", NULL, false) ||
	    svc_fx_add_person(&ctx, "bghead", "办公室主任", "办公室", NULL, false) ||
	    svc_fx_add_person(&ctx, "leader", "分管领导", "办公室", NULL, false) ||
	    svc_fx_add_person(&ctx, "principal", "主要领导", "办公室", NULL, false))
		return -1;
	ctx.actor = f->secadmin;
	if (svc_fx_step(bm_svc_person_grant(&ctx, "kjhead", "important", "dept_head@科技处",
	                                    "2026-01-05"),
	                "grant kjhead") ||
	    svc_fx_step(
	            bm_svc_person_grant(&ctx, "cwhead", "core", "dept_head@财务处", "2026-01-05"),
	            "grant cwhead") ||
	    svc_fx_step(
	            bm_svc_person_grant(&ctx, "bghead", "core", "dept_head@办公室", "2026-01-05"),
	            "grant bghead") ||
	    svc_fx_step(bm_svc_person_grant(&ctx, "leader", "core", "leader", "2026-01-05"),
	                "grant leader") ||
	    svc_fx_step(bm_svc_person_grant(&ctx, "principal", "core", "principal,classifier",
	                                    "2026-01-05"),
	                "grant principal"))
		return -1;
	if (svc_fx_login(&ctx, "kjhead", &w->kjhead) || svc_fx_login(&ctx, "cwhead", &w->cwhead) ||
	    svc_fx_login(&ctx, "bghead", &w->bghead) || svc_fx_login(&ctx, "leader", &w->leader) ||
	    svc_fx_login(&ctx, "principal", &w->principal))
		return -1;
	return 0;
}

int wf_group_teardown(void **state)
{
	if (current) {
		bm_arena_release(&current->arena);
		free(current);
		current = NULL;
	}
	return svc_fx_group_teardown(state);
}

int64_t wf_register(bm_arena *a, const char *title, const char *level, const char *place,
                    const char *scope)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_input in = {.title = title, .level = level, .place = place, .scope = scope};
	int rc;
	svc_fx_ctx(&ctx, a, svc_fx_get()->clerk);
	rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
	if (rc)
		fprintf(stderr, "# register failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return c->id;
}

int wf_request(bm_arena *a, bm_person *who, const char *op, int64_t carrier_id, const char *params,
               bm_request_row **out)
{
	bm_ctx ctx;
	bm_request_input in = {.op = op,
	                       .carrier_ids = &carrier_id,
	                       .n_carriers = carrier_id ? 1 : 0,
	                       .reason = "工作需要",
	                       .params = params};
	svc_fx_ctx(&ctx, a, who);
	return bm_svc_request_create(&ctx, &in, out);
}

int wf_decide(bm_arena *a, bm_person *who, int64_t id, bool approve)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, a, who);
	return bm_svc_request_decide(&ctx, id, approve, approve ? "同意" : "不同意");
}

int64_t wf_request_count(void)
{
	bm_arena a;
	bm_request_filter f = {.op = -1, .limit = 1};
	bm_request_row *rows;
	size_t n;
	int64_t total = 0;
	bm_store *s = svc_fx_get()->store;
	bm_arena_init(&a, 0);
	assert_int_equal(BM_STORE(s, request_list)(s, &a, &f, &rows, &n, &total), 0);
	bm_arena_release(&a);
	return total;
}

bm_request_row *wf_request_get(bm_arena *a, int64_t id)
{
	bm_request_row *r = NULL;
	bm_store *s = svc_fx_get()->store;
	assert_int_equal(BM_STORE(s, request_get)(s, a, id, &r), 0);
	return r;
}
