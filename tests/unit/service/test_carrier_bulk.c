/*
 * test_carrier_bulk.c — src/service/carrier_bulk.c: many incoming carriers
 * in one transaction, each row through the single registration's checks
 * and audited; one refused row refuses the batch.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "msg_check.h"
#include <jansson.h>

#include "audit/audit.h"
#include "fixture.h"
#include "service/service_int.h"

static bm_arena t_arena;

static int t_setup(void **state)
{
	(void)state;
	bm_arena_init(&t_arena, 0);
	bm_error_clear();
	return 0;
}

static int t_teardown(void **state)
{
	(void)state;
	bm_arena_release(&t_arena);
	return 0;
}

static svc_fx *F(void)
{
	return svc_fx_get();
}

/* The events after `after_seq`, oldest first: action, object, outcome, detail. */
typedef struct events {
	int64_t after_seq;
	size_t n;
	char action[16][48];
	char object[16][32];
	char outcome[16][16];
	char detail[16][512];
} events;

static int collect_cb(const bm_audit_row *r, void *p)
{
	events *e = p;
	if (r->seq <= e->after_seq)
		return 0;
	if (e->n < 16) {
		snprintf(e->action[e->n], sizeof(e->action[0]), "%s", r->action);
		snprintf(e->object[e->n], sizeof(e->object[0]), "%s", r->object);
		snprintf(e->outcome[e->n], sizeof(e->outcome[0]), "%s", r->outcome);
		snprintf(e->detail[e->n], sizeof(e->detail[0]), "%s", r->detail);
	}
	e->n++;
	return 0;
}

static void events_since(events *out, int64_t seq)
{
	memset(out, 0, sizeof(*out));
	out->after_seq = seq;
	assert_int_equal(BM_STORE(F()->store, audit_foreach)(F()->store, collect_cb, out), 0);
}

static void rows3(bm_carrier_input in[3], const char *tag)
{
	static char titles[3][64];
	memset(in, 0, 3 * sizeof(*in));
	for (int i = 0; i < 3; i++) {
		snprintf(titles[i], sizeof(titles[i]), "批量%s-%d", tag, i + 1);
		in[i].title = titles[i];
		in[i].level = i == 1 ? "机密" : "秘密";
		in[i].place = "机要室保密柜";
		in[i].scope = i == 2 ? "dept:科技处, li" : "dept:办公室";
		in[i].doc_number = "教〔2026〕7号";
		in[i].serial_number = i == 0 ? "1" : i == 1 ? "2" : "3";
	}
}

/* Every row lands, in order, each with its history line and its own audit event. */
static void reg_1_bulk_registers_every_row_each_audited(void **state)
{
	bm_carrier_input in[3];
	int64_t ids[3] = {0};
	int64_t carriers = svc_fx_carrier_count(), history = svc_fx_history_count();
	fx_audit before;
	events ev;
	bm_ctx ctx;
	(void)state;

	rows3(in, "甲");
	in[0].doc_number = in[1].doc_number = in[2].doc_number = "教〔2026〕11号";
	svc_fx_audit_last(&before);
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_register_bulk(&ctx, in, 3, ids, NULL), 0);
	assert_true(ids[0] > 0 && ids[1] == ids[0] + 1 && ids[2] == ids[1] + 1);
	assert_int_equal(svc_fx_carrier_count(), carriers + 3);
	assert_int_equal(svc_fx_history_count(), history + 3);

	events_since(&ev, before.seq);
	assert_int_equal(ev.n, 4);
	for (int i = 0; i < 3; i++) {
		char object[32], row[32];
		snprintf(object, sizeof(object), "carrier:%lld", (long long)ids[i]);
		snprintf(row, sizeof(row), "\"import_row\":%d", i + 1);
		assert_string_equal(ev.action[i], "carrier.register_incoming");
		assert_string_equal(ev.object[i], object);
		assert_string_equal(ev.outcome[i], "ok");
		assert_non_null(strstr(ev.detail[i], row));
		assert_non_null(strstr(ev.detail[i], in[i].title));
	}
	assert_string_equal(ev.action[3], "carrier.register_bulk");
	assert_string_equal(ev.outcome[3], "ok");
	assert_non_null(strstr(ev.detail[3], "\"rows\":3"));

	/* The rows read back as a single registration would have written them. */
	{
		bm_carrier *c = svc_fx_carrier(&t_arena, ids[2]);
		assert_string_equal(c->title, in[2].title);
		assert_int_equal(c->level, BM_LEVEL_CONFIDENTIAL);
		assert_int_equal(c->serial_number, 3);
		assert_int_equal(c->n_scope, 2);
		assert_int_equal(c->custodian_id, F()->clerk->id);
	}
	{
		bm_audit_verify_result res;
		assert_int_equal(bm_audit_verify(F()->store, &res), 0);
	}
}

/* A refusal in the database phase (KEEP-1 at row 3) rolls back rows 1 and 2. */
static void keep_1_refused_row_rolls_back_the_whole_batch(void **state)
{
	bm_carrier_input in[3];
	int64_t ids[3] = {0};
	int64_t carriers = svc_fx_carrier_count(), history = svc_fx_history_count();
	size_t failed = 99;
	fx_audit before;
	events ev;
	bm_ctx ctx;
	int rc;
	(void)state;

	rows3(in, "乙");
	in[2].level = "绝密";
	in[2].place = "普通文件柜"; /* holds 内部 at most */
	svc_fx_audit_last(&before);
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	rc = bm_svc_carrier_register_bulk(&ctx, in, 3, ids, &failed);
	assert_int_equal(rc, BM_EDENIED);
	assert_string_equal(bm_error_last()->rule, "KEEP-1");
	assert_int_equal(failed, 2);
	assert_non_null(strstr(bm_error_last()->message_en, "row 3: "));
	assert_non_null(strstr(bm_error_last()->message, "第 3 行："));
	assert_bilingual(bm_error_last()->message, bm_error_last()->message_en, true);
	assert_int_equal(ids[0], 0);
	assert_int_equal(svc_fx_carrier_count(), carriers);
	assert_int_equal(svc_fx_history_count(), history);

	/* Only the refusal is in the chain: no row's event survived the rollback. */
	events_since(&ev, before.seq);
	assert_int_equal(ev.n, 1);
	assert_string_equal(ev.action[0], "carrier.register_bulk");
	assert_string_equal(ev.outcome[0], "refused");
	assert_non_null(strstr(ev.detail[0], "\"refused_row\":3"));
}

/* A duplicate serial inside the batch (REG-1's unique 份号) refuses it whole. */
static void reg_1_duplicate_serial_inside_the_batch_refused(void **state)
{
	bm_carrier_input in[3];
	int64_t carriers = svc_fx_carrier_count();
	size_t failed = 99;
	bm_ctx ctx;
	(void)state;

	rows3(in, "丙");
	in[0].doc_number = in[1].doc_number = in[2].doc_number = "教〔2026〕12号";
	in[2].serial_number = "1";
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_not_equal(bm_svc_carrier_register_bulk(&ctx, in, 3, NULL, &failed), 0);
	assert_int_equal(failed, 2);
	assert_int_equal(svc_fx_carrier_count(), carriers);
}

/* An input error (LEVEL-1) is found before the transaction; nothing written. */
static void level_1_invalid_row_refused_before_any_write(void **state)
{
	bm_carrier_input in[3];
	int64_t carriers = svc_fx_carrier_count();
	size_t failed = 99;
	bm_ctx ctx;
	(void)state;

	rows3(in, "丁");
	in[1].level = "很密";
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_register_bulk(&ctx, in, 3, NULL, &failed), BM_EINVALID);
	assert_string_equal(bm_error_last()->rule, "LEVEL-1");
	assert_int_equal(failed, 1);
	assert_non_null(strstr(bm_error_last()->message_en, "row 2: "));
	assert_int_equal(svc_fx_carrier_count(), carriers);
}

/* KEEP-5: only the clerk registers, in bulk as one by one. */
static void keep_5_bulk_needs_the_clerk_role(void **state)
{
	bm_carrier_input in[3];
	int64_t carriers = svc_fx_carrier_count();
	bm_ctx ctx;
	(void)state;

	rows3(in, "戊");
	svc_fx_ctx(&ctx, &t_arena, F()->li);
	assert_int_equal(bm_svc_carrier_register_bulk(&ctx, in, 3, NULL, NULL), BM_EDENIED);
	assert_string_equal(bm_error_last()->rule, "KEEP-5");
	assert_int_equal(svc_fx_carrier_count(), carriers);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, t_setup, t_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        T(reg_1_bulk_registers_every_row_each_audited),
	        T(keep_1_refused_row_rolls_back_the_whole_batch),
	        T(reg_1_duplicate_serial_inside_the_batch_refused),
	        T(level_1_invalid_row_refused_before_any_write),
	        T(keep_5_bulk_needs_the_clerk_role),
	};
	return cmocka_run_group_tests_name("service_carrier_bulk", tests, svc_fx_group_setup,
	                                   svc_fx_group_teardown);
}
