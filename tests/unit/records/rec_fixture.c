/*
 * rec_fixture.c — see rec_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "msg_check.h"

#include "rec_fixture.h"

static rec_fx *current;

rec_fx *rec_get(void)
{
	return current;
}

int rec_group_setup(void **state)
{
	svc_fx *f;
	rec_fx *r;
	bm_ctx ctx;

	if (wf_group_setup(state) != 0)
		return -1;
	f = svc_fx_get();
	if (!(r = calloc(1, sizeof(*r))))
		return -1;
	bm_arena_init(&r->arena, 0);
	current = r;
	if (svc_fx_step(bm_ctx_init(&ctx, f->store, &r->arena, f->now, "test"), "ctx") != 0)
		return -1;
	ctx.actor = f->sysadmin;
	if (svc_fx_add_person(&ctx, "dingmi", "定密员", "办公室", NULL, false) ||
	    svc_fx_add_person(&ctx, "dingmi2", "定密二", "科技处", NULL, false) ||
	    svc_fx_add_person(&ctx, NULL, "调离甲", "科技处", NULL, false) ||
	    svc_fx_add_person(&ctx, NULL, "接收乙", "科技处", NULL, false))
		return -1;
	ctx.actor = f->secadmin;
	if (svc_fx_step(bm_svc_person_grant(&ctx, "dingmi", "core", "classifier", "2026-01-05"),
	                "grant dingmi") ||
	    svc_fx_step(
	            bm_svc_person_grant(&ctx, "dingmi2", "important", "classifier", "2026-01-05"),
	            "grant dingmi2") ||
	    svc_fx_step(bm_svc_person_grant(&ctx, "调离甲", "important", NULL, "2026-01-05"),
	                "grant 甲") ||
	    svc_fx_step(bm_svc_person_grant(&ctx, "接收乙", "general", NULL, "2026-01-05"),
	                "grant 乙"))
		return -1;
	if (svc_fx_login(&ctx, "dingmi", &r->dingmi) || svc_fx_login(&ctx, "dingmi2", &r->dingmi2))
		return -1;
	return 0;
}

int rec_group_teardown(void **state)
{
	if (current) {
		bm_arena_release(&current->arena);
		free(current);
		current = NULL;
	}
	return wf_group_teardown(state);
}

void rec_snapshot(rec_snap *out)
{
	fx_audit last;
	svc_fx_audit_last(&last);
	out->carriers = svc_fx_carrier_count();
	out->history = svc_fx_history_count();
	out->audit = last.count;
}

void rec_assert_refused(int rc, int klass, const char *rule, const char *code,
                        const rec_snap *before)
{
	const bm_error *e = bm_error_last();
	char e_rule[sizeof(e->rule)], e_code[sizeof(e->code)];
	fx_audit last;

	if (rc != klass || strcmp(e->rule, rule) != 0 || strcmp(e->code, code) != 0)
		fprintf(stderr, "# expected %d %s %s, got %d %s %s (%s)\n", klass, rule, code, rc,
		        e->rule, e->code, e->message_en);
	assert_int_equal(rc, klass);
	assert_string_equal(e->rule, rule);
	assert_string_equal(e->code, code);
	assert_bilingual(e->message, e->message_en, true);
	snprintf(e_rule, sizeof(e_rule), "%s", e->rule);
	snprintf(e_code, sizeof(e_code), "%s", e->code);
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "refused");
	assert_string_equal(last.rule, e_rule);
	if (before) {
		assert_int_equal(svc_fx_carrier_count(), before->carriers);
		assert_int_equal(svc_fx_history_count(), before->history);
		assert_int_equal(last.count, before->audit + 1);
	}
	(void)e_code;
}

int64_t rec_register(bm_arena *a, const bm_carrier_input *in)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	int rc;
	svc_fx_ctx(&ctx, a, svc_fx_get()->clerk);
	rc = bm_svc_carrier_register_incoming(&ctx, in, &c);
	if (rc)
		fprintf(stderr, "# register failed: %s %s\n", bm_error_last()->code,
		        bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return c->id;
}

int64_t rec_pending(bm_arena *a, bm_person *who, const char *op, const int64_t *ids, size_t n,
                    const char *params)
{
	bm_ctx ctx;
	bm_request_row *r = NULL;
	bm_request_input in = {.op = op,
	                       .carrier_ids = ids,
	                       .n_carriers = n,
	                       .reason = "工作需要",
	                       .params = params};
	int rc;
	svc_fx_ctx(&ctx, a, who);
	rc = bm_svc_request_create(&ctx, &in, &r);
	if (rc)
		fprintf(stderr, "# request failed: %s %s %s\n", bm_error_last()->rule,
		        bm_error_last()->code, bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return r->id;
}

/* The person who approves `role` for a request of department `dept`. */
static bm_person *approver_for(bm_role role, int64_t dept)
{
	svc_fx *f = svc_fx_get();
	wf_fx *w = wf_get();
	switch (role) {
	case BM_ROLE_DEPT_HEAD:
		return dept == f->tech_id      ? w->kjhead
		       : dept == f->finance_id ? w->cwhead
		                               : w->bghead;
	case BM_ROLE_LEADER: return w->leader;
	case BM_ROLE_PRINCIPAL: return w->principal;
	case BM_ROLE_CLASSIFIER: return current->dingmi;
	default: return NULL;
	}
}

int64_t rec_approved(bm_arena *a, bm_person *who, const char *op, const int64_t *ids, size_t n,
                     const char *params)
{
	int64_t id = rec_pending(a, who, op, ids, n, params);
	bm_request_row *r = wf_request_get(a, id);
	bm_role_list chain;

	assert_int_equal(bm_req_chain(r, &chain), 0);
	for (int i = 0; i < chain.n; i++) {
		bm_person *p = approver_for(chain.roles[i], r->department_id);
		int rc;
		assert_non_null(p);
		rc = wf_decide(a, p, id, true);
		if (rc)
			fprintf(stderr, "# approval failed: %s %s\n", bm_error_last()->code,
			        bm_error_last()->message_en);
		assert_int_equal(rc, 0);
	}
	assert_string_equal(wf_request_get(a, id)->status, "approved");
	return id;
}

void rec_circulate(bm_arena *a, int64_t carrier_id, const char *reader)
{
	bm_ctx ctx;
	int rc;
	svc_fx_ctx(&ctx, a, svc_fx_get()->clerk);
	/*
	 * CIRC-5: a reader with an account (a login name, ASCII here) confirms with
	 * their own password (FX_PW); one without signs the printed register.
	 */
	rc = bm_svc_circulate(&ctx, carrier_id, reader, "阅文室",
	                      (unsigned char)reader[0] < 0x80 ? &(bm_svc_receipt){.password = FX_PW}
	                                                      : &(bm_svc_receipt){.paper = true},
	                      NULL);
	if (rc)
		fprintf(stderr, "# circulate failed: %s %s\n", bm_error_last()->code,
		        bm_error_last()->message_en);
	assert_int_equal(rc, 0);
}

void rec_checkin(bm_arena *a, int64_t carrier_id)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, a, svc_fx_get()->clerk);
	assert_int_equal(bm_svc_checkin(&ctx, carrier_id, false, NULL), 0);
}

void rec_policy(bm_arena *a, const char *text)
{
	bm_ctx ctx;
	int rc;
	svc_fx_ctx(&ctx, a, svc_fx_get()->secadmin);
	rc = bm_svc_policy_import(&ctx, text, "测试调整", NULL);
	if (rc)
		fprintf(stderr, "# policy failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
}
