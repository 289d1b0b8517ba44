/*
 * ld_fixture.c — see ld_fixture.h.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "msg_check.h"

#include "audit/audit.h"
#include "ld_fixture.h"

int64_t ld_register(bm_arena *a, const char *title, const char *level, const char *place,
                    const char *scope, const char *department, const char *custodian)
{
	bm_ctx ctx;
	bm_carrier *c = NULL;
	bm_carrier_input in = {.title = title,
	                       .level = level,
	                       .place = place,
	                       .scope = scope,
	                       .department = department,
	                       .custodian = custodian,
	                       /* KEEP-6: ignored when the custodian is the clerk. */
	                       .keep = {.reason = "因工作需要个人保管",
	                                .approver = "clerk",
	                                .until = "2027-06-30"}};
	int rc;
	svc_fx_ctx(&ctx, a, svc_fx_get()->clerk);
	rc = bm_svc_carrier_register_incoming(&ctx, &in, &c);
	if (rc)
		fprintf(stderr, "# register '%s' failed: %s\n", title, bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return c->id;
}

void ld_refused(int rc, int klass, const char *rule, const char *code)
{
	const bm_error *e = bm_error_last();
	if (rc != klass || strcmp(e->rule, rule) != 0 || strcmp(e->code, code) != 0)
		fprintf(stderr, "# expected %d [%s] %s, got %d [%s] %s (%s)\n", klass, rule, code,
		        rc, e->rule, e->code, e->message_en);
	assert_int_equal(rc, klass);
	assert_string_equal(e->rule, rule);
	assert_string_equal(e->code, code);
	/* Both languages say why. */
	assert_bilingual(e->message, e->message_en, true);
}

bm_status ld_status(int64_t carrier_id)
{
	bm_arena a;
	bm_status s;
	bm_arena_init(&a, 0);
	s = svc_fx_carrier(&a, carrier_id)->status;
	bm_arena_release(&a);
	return s;
}

size_t ld_history(int64_t carrier_id, const char **last)
{
	static char action[64];
	bm_arena a;
	bm_carrier_event *ev;
	size_t n;
	bm_store *s = svc_fx_get()->store;
	bm_arena_init(&a, 0);
	assert_int_equal(BM_STORE(s, carrier_event_list)(s, &a, carrier_id, &ev, &n), 0);
	snprintf(action, sizeof(action), "%s", n ? ev[n - 1].action : "");
	bm_arena_release(&a);
	if (last)
		*last = action;
	return n;
}

size_t ld_dispatch_count(void)
{
	bm_arena a;
	bm_dispatch_row *rows;
	size_t n;
	bm_store *s = svc_fx_get()->store;
	bm_arena_init(&a, 0);
	assert_int_equal(BM_STORE(s, dispatch_list)(s, &a, false, &rows, &n), 0);
	bm_arena_release(&a);
	return n;
}

size_t ld_count_session_count(void)
{
	bm_arena a;
	bm_count_session_row *rows;
	size_t n;
	bm_store *s = svc_fx_get()->store;
	bm_arena_init(&a, 0);
	assert_int_equal(BM_STORE(s, count_list)(s, &a, &rows, &n), 0);
	bm_arena_release(&a);
	return n;
}

size_t ld_incident_count(void)
{
	bm_arena a;
	bm_incident_row *rows;
	size_t n;
	bm_store *s = svc_fx_get()->store;
	bm_arena_init(&a, 0);
	assert_int_equal(BM_STORE(s, incident_list)(s, &a, NULL, 0, &rows, &n), 0);
	bm_arena_release(&a);
	return n;
}

void ld_audit_intact(void)
{
	bm_audit_verify_result res;
	int rc = bm_audit_verify(svc_fx_get()->store, &res);
	if (rc)
		fprintf(stderr, "# audit chain broken at %lld: %s\n", (long long)res.first_bad_seq,
		        res.reason);
	assert_int_equal(rc, 0);
	assert_int_equal(res.first_bad_seq, 0);
}

void ld_audit_refused(const char *rule)
{
	fx_audit last;
	svc_fx_audit_last(&last);
	assert_string_equal(last.outcome, "refused");
	assert_string_equal(last.rule, rule);
	ld_audit_intact();
}
