/*
 * test_oom.c — allocation failure in the ledger use cases (curl's torture
 * mode): sending, signing, closing a count and opening an incident are run
 * with the Nth allocation failing, N = 0, 1, 2 … until they succeed. Every
 * failure must be BM_ENOMEM, write nothing (the transaction rolled back
 * whole: SEND-4, INV-4 and INC-1 records unchanged) and keep the audit chain
 * intact (SYS-3).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ld_fixture.h"
#include "util/alloc.h"

#define FX() svc_fx_get()

enum { MAX_TRIES = 5000 };

typedef int (*use_case)(bm_ctx *ctx, void *arg);

/* What the store holds that these use cases write. */
typedef struct snapshot {
	size_t dispatches, sessions, incidents, history;
	char statuses[256];
} snapshot;

static void snap(snapshot *s, const int64_t *ids, size_t n)
{
	memset(s, 0, sizeof(*s));
	s->dispatches = ld_dispatch_count();
	s->sessions = ld_count_session_count();
	s->incidents = ld_incident_count();
	for (size_t i = 0; i < n; i++) {
		size_t len = strlen(s->statuses);
		s->history += ld_history(ids[i], NULL);
		snprintf(s->statuses + len, sizeof(s->statuses) - len, "%d,",
		         (int)ld_status(ids[i]));
	}
}

/*
 * Runs `fn` as the clerk with allocation number 0, 1, 2 … failing until it
 * succeeds; returns how many attempts failed. Each failure is BM_ENOMEM and
 * leaves `ids` and the ledgers as they were.
 */
static int torture(use_case fn, void *arg, const int64_t *ids, size_t n_ids)
{
	snapshot before, after;
	int failures = 0;
	snap(&before, ids, n_ids);
	for (long n = 0; n < MAX_TRIES; n++) {
		bm_arena a;
		bm_ctx ctx;
		int rc;
		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, FX()->clerk);
		bm_alloc_fail_after(n);
		rc = fn(&ctx, arg);
		bm_alloc_fail_after(-1);
		bm_arena_release(&a);
		if (rc == 0) {
			fprintf(stderr, "# succeeded after %d failed allocations\n", failures);
			return failures;
		}
		if (rc != BM_ENOMEM)
			fprintf(stderr, "# attempt %ld: %d %s (%s)\n", n, rc, bm_error_last()->code,
			        bm_error_last()->message_en);
		assert_int_equal(rc, BM_ENOMEM);
		snap(&after, ids, n_ids);
		assert_int_equal(after.dispatches, before.dispatches);
		assert_int_equal(after.sessions, before.sessions);
		assert_int_equal(after.incidents, before.incidents);
		assert_int_equal(after.history, before.history);
		assert_string_equal(after.statuses, before.statuses);
		failures++;
	}
	fail_msg("no success within %d attempts", MAX_TRIES);
	return failures;
}

/*
 * The same with the command's arena limited to `total + n` bytes, n = 0, 16,
 * 32 … : every arena allocation point fails in turn, and later smaller ones
 * may still succeed, so a NULL that is not checked shows.
 */
static int torture_arena(use_case fn, void *arg, const int64_t *ids, size_t n_ids)
{
	snapshot before, after;
	int failures = 0;
	snap(&before, ids, n_ids);
	for (size_t n = 0; n < MAX_TRIES * 16; n += 16) {
		bm_arena a;
		bm_ctx ctx;
		int rc;
		bm_arena_init(&a, 0);
		svc_fx_ctx(&ctx, &a, FX()->clerk);
		a.limit = a.total + n;
		rc = fn(&ctx, arg);
		bm_arena_release(&a);
		if (rc == 0) {
			fprintf(stderr, "# succeeded with %zu bytes after %d failures\n", n,
			        failures);
			return failures;
		}
		if (rc != BM_ENOMEM)
			fprintf(stderr, "# limit %zu: %d %s (%s)\n", n, rc, bm_error_last()->code,
			        bm_error_last()->message_en);
		assert_int_equal(rc, BM_ENOMEM);
		snap(&after, ids, n_ids);
		assert_int_equal(after.dispatches, before.dispatches);
		assert_int_equal(after.sessions, before.sessions);
		assert_int_equal(after.incidents, before.incidents);
		assert_int_equal(after.history, before.history);
		assert_string_equal(after.statuses, before.statuses);
		failures++;
	}
	fail_msg("no success within %d attempts", MAX_TRIES);
	return failures;
}

typedef struct send_arg {
	int64_t ids[2];
	int64_t dispatch_id;
} send_arg;

static int do_send(bm_ctx *ctx, void *p)
{
	static const char *const to[] = {"市教育局", "区教育局"};
	send_arg *s = p;
	bm_dispatch_row *d = NULL;
	bm_dispatch_input in = {.carrier_ids = s->ids,
	                        .n_carriers = 2,
	                        .recipients = to,
	                        .n_recipients = 2,
	                        .channel = "专人递送",
	                        .courier = "刘机要",
	                        .escorts = "陈护送",
	                        .note = "附件两份"};
	int rc = bm_svc_dispatch_create(ctx, &in, &d);
	if (rc == 0)
		s->dispatch_id = d->id;
	return rc;
}

static int do_sign(bm_ctx *ctx, void *p)
{
	send_arg *s = p;
	return bm_svc_dispatch_sign(ctx, s->dispatch_id, s->ids[1], "区教育局 王收");
}

typedef int (*torture_fn)(use_case fn, void *arg, const int64_t *ids, size_t n_ids);
static const torture_fn modes[] = {torture, torture_arena};

/* SEND-1/2/4 under allocation failure: all or nothing. */
static void send_4_allocation_failure_writes_nothing(void **state)
{
	(void)state;
	for (size_t m = 0; m < BM_ARRAY_LEN(modes); m++) {
		bm_arena a;
		send_arg s = {0};
		bm_arena_init(&a, 0);
		s.ids[0] = ld_register(&a, "内存甲", "绝密", "机要室保密柜", "zhao", NULL, NULL);
		s.ids[1] = ld_register(&a, "内存乙", "秘密", "档案室", "科技处", NULL, NULL);
		bm_arena_release(&a);
		assert_true(modes[m](do_send, &s, s.ids, 2) > 0);
		assert_int_equal(ld_status(s.ids[0]), BM_STATUS_TAKEN_OUT);
		assert_true(modes[m](do_sign, &s, s.ids, 2) > 0);
		assert_int_equal(ld_status(s.ids[1]), BM_STATUS_RETURNED);
	}
	ld_audit_intact();
}

typedef struct count_arg {
	int64_t session;
	int64_t missing;
	char token[17]; /* the review's (INV-4), kept apart from the arenas */
} count_arg;

static int do_close(bm_ctx *ctx, void *p)
{
	count_arg *arg = p;
	bm_count_confirm k = {.carriers = arg->missing, .token = arg->token};
	bm_count_result r;
	return bm_svc_count_close_confirmed(ctx, arg->session, &k, NULL, &r);
}

/* INV-3/INV-4 under allocation failure: the close, its incidents and statuses, or nothing. */
static void inv_4_allocation_failure_writes_nothing(void **state)
{
	(void)state;
	for (size_t m = 0; m < BM_ARRAY_LEN(modes); m++) {
		bm_arena a;
		bm_ctx ctx;
		bm_count_session_row *s;
		count_arg arg;
		int64_t ids[3];
		size_t incidents;
		bm_arena_init(&a, 0);
		/* A custodian of their own per mode, so each close expects only its carriers. */
		ids[0] = ld_register(&a, "清查甲", "秘密", "档案室", "财务处", "财务处",
		                     m ? "zhao" : "li");
		ids[1] = ld_register(&a, "清查乙", "秘密", "档案室", "财务处", "财务处",
		                     m ? "zhao" : "li");
		ids[2] = ld_register(&a, "清查丙", "机密", "机要室保密柜", "财务处", "财务处",
		                     m ? "zhao" : "li");
		svc_fx_ctx(&ctx, &a, FX()->clerk);
		assert_int_equal(bm_svc_count_start(&ctx, "custodian", m ? "zhao" : "li", NULL, &s),
		                 0);
		arg.session = s->id;
		svc_fx_ctx(&ctx, &a, FX()->clerk);
		assert_int_equal(bm_svc_count_tick(&ctx, arg.session, ids[0], true, "缺页"), 0);
		/* INV-4: the close confirms what the review showed. */
		{
			bm_count_page pg = {.review = true, .limit = 1};
			bm_count_result pre;
			svc_fx_ctx(&ctx, &a, FX()->clerk);
			assert_int_equal(bm_svc_count_show_page(&ctx, arg.session, &pg, &pre), 0);
			arg.missing = pre.confirm.carriers + pre.confirm.devices;
			snprintf(arg.token, sizeof(arg.token), "%s", pre.confirm.token);
		}
		bm_arena_release(&a);
		incidents = ld_incident_count();
		assert_true(modes[m](do_close, &arg, ids, 3) > 0);
		assert_int_equal(ld_status(ids[0]), BM_STATUS_IN_STORE);
		assert_int_equal(ld_status(ids[1]), BM_STATUS_MISSING);
		assert_int_equal(ld_status(ids[2]), BM_STATUS_MISSING);
		/* One incident for the count, listing both (issue 17). */
		assert_int_equal(ld_incident_count(), incidents + 1);
	}
	ld_audit_intact();
}

static int do_incident(bm_ctx *ctx, void *p)
{
	bm_incident_row *i;
	bm_incident_input in = {.kind = "leak",
	                        .carrier_id = *(int64_t *)p,
	                        .harm = "危害",
	                        .circumstances = "经过",
	                        .responsible = "李四",
	                        .remedies = "补救"};
	return bm_svc_incident_open(ctx, &in, &i);
}

/* INC-1 under allocation failure. */
static void inc_1_allocation_failure_writes_nothing(void **state)
{
	(void)state;
	for (size_t m = 0; m < BM_ARRAY_LEN(modes); m++) {
		bm_arena a;
		int64_t id;
		size_t incidents = ld_incident_count();
		bm_arena_init(&a, 0);
		id = ld_register(&a, "事件载体", "秘密", "档案室", "科技处", NULL, NULL);
		bm_arena_release(&a);
		assert_true(modes[m](do_incident, &id, &id, 1) > 0);
		assert_int_equal(ld_incident_count(), incidents + 1);
	}
	ld_audit_intact();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(send_4_allocation_failure_writes_nothing),
	        cmocka_unit_test(inv_4_allocation_failure_writes_nothing),
	        cmocka_unit_test(inc_1_allocation_failure_writes_nothing),
	};
	return cmocka_run_group_tests_name("ledger_oom", tests, wf_group_setup, wf_group_teardown);
}
