/*
 * test_clock_default.c — issue 9, point 4: BAOMI_NOW is honoured only by a
 * test build. This binary compiles src/util/timeutil.c itself without
 * BM_TEST_CLOCK, exactly as the default build (meson's test_clock=false)
 * does, and shows that a back-dated BAOMI_NOW does not move "now".
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "util/timeutil.h"

static void default_build_ignores_baomi_now(void **state)
{
	int64_t before, now, after, fixed;
	(void)state;
	assert_true(bm_time_parse("2001-02-03T04:05:06Z", &fixed));
	assert_int_equal(setenv("BAOMI_NOW", "2001-02-03T04:05:06Z", 1), 0);
	before = (int64_t)time(NULL);
	now = bm_time_now();
	after = (int64_t)time(NULL);
	assert_true(now != fixed);
	assert_true(now >= before && now <= after);
	unsetenv("BAOMI_NOW");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(default_build_ignores_baomi_now),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
