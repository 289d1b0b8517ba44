/*
 * test_policy_cache.c — src/service/policy_cache.c (issue 17 point 3): the
 * policy is parsed once per version, and every context still starts from
 * the version its own database holds now: a new version takes effect on the
 * next context, and two databases in one process never share a parse.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "service/service.h"
#include "store/store.h"

typedef struct db {
	char dir[64];
	char path[128];
	bm_store *store;
} db;

static void open_db(db *d)
{
	snprintf(d->dir, sizeof(d->dir), "/tmp/bm_pcache_XXXXXX");
	assert_non_null(mkdtemp(d->dir));
	snprintf(d->path, sizeof(d->path), "%s/unit.db", d->dir);
	assert_int_equal(bm_store_open(&d->store, d->path), 0);
}

static void close_db(db *d)
{
	char p[160];
	static const char *const sfx[] = {"", "-wal", "-shm"};
	bm_store_close(d->store);
	for (size_t i = 0; i < BM_ARRAY_LEN(sfx); i++) {
		snprintf(p, sizeof(p), "%s%s", d->path, sfx[i]);
		unlink(p);
	}
	rmdir(d->dir);
}

static void store_version(db *d, int version, const char *text)
{
	bm_policy_version v = {.version = version,
	                       .text = text,
	                       .created_at = "2026-11-23T02:00:00Z",
	                       .comment = "test"};
	assert_int_equal(BM_STORE(d->store, policy_insert)(d->store, &v), 0);
}

/* The policy a fresh context on `d` starts from: its version and idle minutes. */
static void policy_of(db *d, int *version, int *idle)
{
	bm_arena a;
	bm_ctx ctx;
	bm_arena_init(&a, 0);
	assert_int_equal(bm_ctx_init(&ctx, d->store, &a, 0, "test"), 0);
	*version = ctx.policy.version;
	*idle = ctx.policy.session_idle_minutes;
	bm_arena_release(&a);
}

static void sys_5_a_new_version_takes_effect_on_the_next_context(void **state)
{
	db d;
	int version, idle;
	(void)state;
	open_db(&d);
	policy_of(&d, &version, &idle);
	assert_int_equal(version, 0); /* nothing stored: the defaults */
	assert_int_equal(idle, 15);
	store_version(&d, 1, "auth.session_idle_minutes = 7\n");
	policy_of(&d, &version, &idle);
	assert_int_equal(version, 1);
	assert_int_equal(idle, 7);
	policy_of(&d, &version, &idle); /* from the cache: the same */
	assert_int_equal(version, 1);
	assert_int_equal(idle, 7);
	store_version(&d, 2, "auth.session_idle_minutes = 11\n");
	policy_of(&d, &version, &idle);
	assert_int_equal(version, 2);
	assert_int_equal(idle, 11);
	close_db(&d);
}

static void sys_5_two_databases_never_share_a_parse(void **state)
{
	db a, b, empty;
	int version, idle;
	(void)state;
	open_db(&a);
	open_db(&b);
	open_db(&empty);
	/* The same version number, different texts. */
	store_version(&a, 1, "auth.session_idle_minutes = 7\n");
	store_version(&b, 1, "auth.session_idle_minutes = 9\n");
	for (int round = 0; round < 2; round++) {
		policy_of(&a, &version, &idle);
		assert_int_equal(version, 1);
		assert_int_equal(idle, 7);
		policy_of(&b, &version, &idle);
		assert_int_equal(version, 1);
		assert_int_equal(idle, 9);
		policy_of(&empty, &version, &idle);
		assert_int_equal(version, 0);
		assert_int_equal(idle, 15);
	}
	close_db(&a);
	close_db(&b);
	close_db(&empty);
}

static void sys_5_a_context_changing_its_policy_leaves_the_next_one_alone(void **state)
{
	db d;
	bm_arena ar;
	bm_ctx ctx;
	int version, idle;
	(void)state;
	open_db(&d);
	store_version(&d, 1, "auth.session_idle_minutes = 7\n");
	bm_arena_init(&ar, 0);
	assert_int_equal(bm_ctx_init(&ctx, d.store, &ar, 0, "test"), 0);
	ctx.policy.session_idle_minutes = 99; /* a use case's own copy */
	bm_arena_release(&ar);
	policy_of(&d, &version, &idle);
	assert_int_equal(idle, 7);
	close_db(&d);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(sys_5_a_new_version_takes_effect_on_the_next_context),
	        cmocka_unit_test(sys_5_two_databases_never_share_a_parse),
	        cmocka_unit_test(sys_5_a_context_changing_its_policy_leaves_the_next_one_alone),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
