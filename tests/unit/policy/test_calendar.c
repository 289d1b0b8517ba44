/*
 * test_calendar.c — src/policy/calendar.c: working days from weekends, the
 * policy's holidays and make-up days (BORROW-2), across 2026's holidays.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/calendar.h"
#include "policy/policy.h"
#include "util/timeutil.h"

static bm_policy P;

static int32_t D(const char *s)
{
	int32_t out = 0;
	if (!bm_date_parse(s, &out))
		fail_msg("bad test date '%s'", s);
	return out;
}

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	return 0;
}

static void calendar_weekdays_work_weekends_rest(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_calendar_is_workday(&P, D("2026-03-02")));  /* Monday */
	assert_true(bm_calendar_is_workday(&P, D("2026-03-06")));  /* Friday */
	assert_false(bm_calendar_is_workday(&P, D("2026-03-07"))); /* Saturday */
	assert_false(bm_calendar_is_workday(&P, D("2026-03-08"))); /* Sunday */
}

static void calendar_2026_national_day(void **state)
{
	BM_UNUSED(state);
	for (int32_t d = D("2026-10-01"); d <= D("2026-10-07"); d++)
		assert_false(bm_calendar_is_workday(&P, d));
	assert_true(bm_calendar_is_workday(&P, D("2026-09-30")));
	assert_true(bm_calendar_is_workday(&P, D("2026-10-08")));
	/* Make-up days: Sunday 9-20 and Saturday 10-10 are worked. */
	assert_true(bm_calendar_is_workday(&P, D("2026-09-20")));
	assert_true(bm_calendar_is_workday(&P, D("2026-10-10")));
	assert_false(bm_calendar_is_workday(&P, D("2026-10-11")));
	/* 中秋 Friday 9-25 is a day off. */
	assert_false(bm_calendar_is_workday(&P, D("2026-09-25")));
}

static void calendar_2026_spring_festival_and_others(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_calendar_is_workday(&P, D("2026-02-14"))); /* Saturday worked */
	for (int32_t d = D("2026-02-15"); d <= D("2026-02-23"); d++)
		assert_false(bm_calendar_is_workday(&P, d));
	assert_true(bm_calendar_is_workday(&P, D("2026-02-24")));
	assert_true(bm_calendar_is_workday(&P, D("2026-02-28"))); /* Saturday worked */
	assert_false(bm_calendar_is_workday(&P, D("2026-01-01")));
	assert_false(bm_calendar_is_workday(&P, D("2026-01-02")));
	assert_true(bm_calendar_is_workday(&P, D("2026-01-04")));  /* Sunday worked */
	assert_false(bm_calendar_is_workday(&P, D("2026-04-06"))); /* 清明 Monday */
	assert_false(bm_calendar_is_workday(&P, D("2026-05-04")));
	assert_false(bm_calendar_is_workday(&P, D("2026-05-05")));
	assert_true(bm_calendar_is_workday(&P, D("2026-05-09")));  /* Saturday worked */
	assert_false(bm_calendar_is_workday(&P, D("2026-06-19"))); /* 端午 Friday */
}

static void calendar_default_make_up_days_are_weekend_days(void **state)
{
	BM_UNUSED(state);
	assert_true(P.workdays.n > 0);
	for (int i = 0; i < P.workdays.n; i++)
		assert_true(bm_date_weekday(P.workdays.dates[i]) >= 5);
	/* Every 2026 public holiday block is listed: 33 days in all. */
	assert_int_equal(P.holidays.n, 33);
}

static void borrow_2_add_workdays_across_national_day(void **state)
{
	BM_UNUSED(state);
	/* 9-30 (1), 10-8 (2), 10-9 (3), 10-10 make-up (4), 10-12 (5). */
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-09-29"), 5), D("2026-10-12"));
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-09-30"), 1), D("2026-10-08"));
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-10-08"), -1), D("2026-09-30"));
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-10-12"), -5), D("2026-09-29"));
}

static void borrow_2_zero_workdays_is_the_same_day(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-10-03"), 0), D("2026-10-03"));
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-04-15"), 0), D("2026-04-15"));
}

static void calendar_workdays_between(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_calendar_workdays_between(&P, D("2026-09-29"), D("2026-10-12")), 5);
	assert_int_equal(bm_calendar_workdays_between(&P, D("2026-10-12"), D("2026-09-29")), -5);
	assert_int_equal(bm_calendar_workdays_between(&P, D("2026-10-01"), D("2026-10-07")), 0);
	assert_int_equal(bm_calendar_workdays_between(&P, D("2026-04-15"), D("2026-04-15")), 0);
}

static void calendar_between_inverts_add(void **state)
{
	BM_UNUSED(state);
	for (int32_t d = D("2025-12-20"); d <= D("2027-01-10"); d += 3)
		for (int n = 0; n <= 12; n++) {
			int32_t due = bm_calendar_add_workdays(&P, d, n);
			assert_int_equal(bm_calendar_workdays_between(&P, d, due), n);
			if (n > 0)
				assert_true(bm_calendar_is_workday(&P, due));
		}
}

static void calendar_next_and_previous_workday(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_calendar_next_workday(&P, D("2026-10-01")), D("2026-10-08"));
	assert_int_equal(bm_calendar_prev_workday(&P, D("2026-10-07")), D("2026-09-30"));
	assert_int_equal(bm_calendar_next_workday(&P, D("2026-10-10")), D("2026-10-10"));
	assert_int_equal(bm_calendar_prev_workday(&P, D("2026-02-23")), D("2026-02-14"));
}

static void calendar_policy_replaces_the_holidays(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(
	        bm_policy_parse(&P, "calendar.holidays = none\ncalendar.workdays = none\n"), 0);
	assert_true(bm_calendar_is_workday(&P, D("2026-10-01")));
	assert_false(bm_calendar_is_workday(&P, D("2026-10-10")));
	assert_int_equal(bm_calendar_add_workdays(&P, D("2026-09-29"), 5), D("2026-10-06"));
	assert_int_equal(bm_policy_parse(&P, "calendar.holidays = 2027-01-01\n"
	                                     "calendar.workdays = 2027-01-02\n"),
	                 0);
	assert_false(bm_calendar_is_workday(&P, D("2027-01-01"))); /* Friday */
	assert_true(bm_calendar_is_workday(&P, D("2027-01-02")));  /* Saturday */
}

static void calendar_add_months_clamps_to_month_end(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_calendar_add_months(D("2026-01-31"), 1), D("2026-02-28"));
	assert_int_equal(bm_calendar_add_months(D("2024-01-31"), 1), D("2024-02-29"));
	assert_int_equal(bm_calendar_add_months(D("2026-11-15"), 3), D("2027-02-15"));
	assert_int_equal(bm_calendar_add_months(D("2026-03-31"), -1), D("2026-02-28"));
	assert_int_equal(bm_calendar_add_months(D("2026-01-15"), -1), D("2025-12-15"));
	assert_int_equal(bm_calendar_add_months(D("2026-05-10"), 0), D("2026-05-10"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup(calendar_weekdays_work_weekends_rest, reset),
	        cmocka_unit_test_setup(calendar_2026_national_day, reset),
	        cmocka_unit_test_setup(calendar_2026_spring_festival_and_others, reset),
	        cmocka_unit_test_setup(calendar_default_make_up_days_are_weekend_days, reset),
	        cmocka_unit_test_setup(borrow_2_add_workdays_across_national_day, reset),
	        cmocka_unit_test_setup(borrow_2_zero_workdays_is_the_same_day, reset),
	        cmocka_unit_test_setup(calendar_workdays_between, reset),
	        cmocka_unit_test_setup(calendar_between_inverts_add, reset),
	        cmocka_unit_test_setup(calendar_next_and_previous_workday, reset),
	        cmocka_unit_test_setup(calendar_policy_replaces_the_holidays, reset),
	        cmocka_unit_test_setup(calendar_add_months_clamps_to_month_end, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
