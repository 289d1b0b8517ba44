/*
 * test_pg_todo.c — the PostgreSQL back end's loud refusal of a store operation it
 * does not have (issue 12): tools/pg_todo.py generates from store.h a function for
 * every member, and bm_pg_fill_todo puts it into each member a back end file left
 * NULL. Every operation of store.h runs on PostgreSQL now, so no CLI command reaches
 * one; this proves the net stays for the next operation store.h gains. White-box: it
 * looks at pg_int.h, the back end's private header.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "store/pg_int.h"

static int kept_carrier_get(bm_store *s, bm_arena *a, int64_t id, bm_carrier **out)
{
	(void)s;
	(void)a;
	(void)id;
	*out = NULL;
	return 0;
}

/* A member left NULL refuses loudly, naming the operation in zh and en, and touches nothing. */
static void a_missing_operation_refuses_naming_itself(void **state)
{
	struct bm_store_ops ops;
	bm_carrier *c = (bm_carrier *)&ops; /* must stay as it is */
	(void)state;
	memset(&ops, 0, sizeof(ops));
	bm_pg_fill_todo(&ops);
	assert_non_null(ops.carrier_get);
	assert_non_null(ops.count_close);
	assert_non_null(ops.audit_page);
	assert_int_not_equal(ops.carrier_get(NULL, NULL, 7, &c), 0);
	assert_string_equal(bm_error_last()->code, "not_on_postgresql");
	assert_non_null(strstr(bm_error_last()->message_en,
	                       "does not yet support the store operation carrier_get"));
	assert_non_null(strstr(bm_error_last()->message, "存储操作 carrier_get"));
	assert_ptr_equal(c, (bm_carrier *)&ops);
	assert_int_not_equal(ops.count_close(NULL, 1, "2026-12-06T00:00:00Z", "{}"), 0);
	assert_string_equal(bm_error_last()->code, "not_on_postgresql");
}

/* What a back end file gave is kept; commit_unsynced and sync stay NULL on purpose (store.h). */
static void a_given_operation_is_kept(void **state)
{
	struct bm_store_ops ops;
	bm_carrier *c = NULL;
	(void)state;
	memset(&ops, 0, sizeof(ops));
	ops.carrier_get = kept_carrier_get;
	bm_pg_fill_todo(&ops);
	assert_ptr_equal(ops.carrier_get, kept_carrier_get);
	assert_int_equal(ops.carrier_get(NULL, NULL, 1, &c), 0);
	assert_null(ops.commit_unsynced);
	assert_null(ops.sync);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(a_missing_operation_refuses_naming_itself),
	        cmocka_unit_test(a_given_operation_is_kept),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
