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
#include <stdio.h>
#include <string.h>

#include "policy/calendar.h"
#include "policy/policy.h"
#include "util/error.h"
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

/* Appends "YYYY-MM-DD" items to `out` (at `*len`), comma-separated. */
static void put_date(char *out, size_t size, size_t *len, int32_t day)
{
	char d[BM_DATE_LEN];
	bm_date_format(day, d);
	*len += (size_t)snprintf(out + *len, size - *len, "%s%s", *len ? "," : "", d);
	assert_true(*len < size);
}

/*
 * A decade of the national calendar fits: 2026-2035 with 40 days off a year
 * (元旦 3, 春节 9, 清明 3, 劳动节 5, 端午 3, 中秋 3, 国庆 8, six more in
 * December) and 6 make-up working days a year.
 */
static void borrow_2_calendar_holds_ten_years(void **state)
{
	static const int spans[][3] = {{1, 1, 3},  {2, 10, 9}, {4, 4, 3},  {5, 1, 5},
	                               {6, 19, 3}, {9, 25, 3}, {10, 1, 8}, {12, 24, 6}};
	static char holidays[8192], workdays[2048], text[10400];
	size_t hl = 0, wl = 0;
	BM_UNUSED(state);

	for (int y = 2026; y < 2036; y++) {
		int32_t day;
		for (size_t i = 0; i < BM_ARRAY_LEN(spans); i++) {
			assert_true(bm_date_from_ymd(y, spans[i][0], spans[i][1], &day));
			for (int k = 0; k < spans[i][2]; k++)
				put_date(holidays, sizeof(holidays), &hl, day + k);
		}
		assert_true(bm_date_from_ymd(y, 3, 7, &day));
		for (int k = 0; k < 6; k++)
			put_date(workdays, sizeof(workdays), &wl, day + k);
	}
	snprintf(text, sizeof(text), "calendar.holidays = %s\ncalendar.workdays = %s\n", holidays,
	         workdays);
	assert_int_equal(bm_policy_parse(&P, text), 0);
	assert_int_equal(P.holidays.n, 400);
	assert_int_equal(P.workdays.n, 60);
	assert_true(P.holidays.n <= BM_POLICY_MAX_DATES);
	/* The last year is as good as the first. */
	assert_false(bm_calendar_is_workday(&P, D("2035-10-08")));
	assert_true(bm_calendar_is_workday(&P, D("2035-10-09")));
	assert_false(bm_calendar_is_workday(&P, D("2035-12-24")));
	assert_true(bm_calendar_is_workday(&P, D("2035-03-10")));
	assert_int_equal(bm_calendar_add_workdays(&P, D("2035-09-28"), 5), D("2035-10-15"));
}

/* One date more than a list holds is refused, saying how many and the limit. */
static void borrow_2_calendar_refuses_more_than_the_cap(void **state)
{
	static char dates[(BM_POLICY_MAX_DATES + 1) * BM_DATE_LEN + 64];
	static char text[sizeof(dates) + 64];
	char want[96];
	size_t len = 0;
	const bm_error *e;
	BM_UNUSED(state);

	for (int i = 0; i < BM_POLICY_MAX_DATES; i++)
		put_date(dates, sizeof(dates), &len, D("2026-01-01") + i);
	/* No make-up days: the defaults' 2026 ones would fall on these holidays. */
	snprintf(text, sizeof(text), "calendar.workdays = none\ncalendar.holidays = %s\n", dates);
	assert_int_equal(bm_policy_parse(&P, text), 0); /* exactly the cap fits */
	assert_int_equal(P.holidays.n, BM_POLICY_MAX_DATES);

	put_date(dates, sizeof(dates), &len, D("2026-01-01") + BM_POLICY_MAX_DATES);
	snprintf(text, sizeof(text), "calendar.workdays = none\ncalendar.holidays = %s\n", dates);
	bm_policy_defaults(&P);
	assert_int_equal(bm_policy_parse(&P, text), BM_EINVALID);
	e = bm_error_last();
	assert_string_equal(e->code, "policy_too_many_dates");
	assert_string_equal(e->rule, "BORROW-2");
	snprintf(want, sizeof(want),
	         "policy line 2: 'calendar.holidays' lists %d dates, at most %d",
	         BM_POLICY_MAX_DATES + 1, BM_POLICY_MAX_DATES);
	assert_string_equal(e->message_en, want);
	snprintf(want, sizeof(want), "策略第 2 行：'calendar.holidays' 列出 %d 个日期，最多 %d 个",
	         BM_POLICY_MAX_DATES + 1, BM_POLICY_MAX_DATES);
	assert_string_equal(e->message, want);
	/* The policy is left as it was. */
	assert_int_equal(P.holidays.n, 33);
}

/*
 * BORROW-2: the calendar alerts from October 1 when next year's holidays
 * are missing, and whenever this year's are.
 */
static void borrow_2_next_year_holidays_alert_from_october(void **state)
{
	bm_decision d;
	BM_UNUSED(state);

	/* The defaults list 2026 only. */
	assert_false(bm_calendar_next_year_missing(&d, &P, D("2026-09-30")));
	assert_false(d.alert);
	assert_true(d.allowed);
	assert_true(bm_calendar_next_year_missing(&d, &P, D("2026-10-01")));
	assert_true(d.alert);
	assert_string_equal(d.rule, "BORROW-2");
	assert_string_equal(d.code, "calendar_next_year_missing");
	assert_int_equal(d.due_date, D("2027-01-01"));
	assert_non_null(strstr(d.reason_en, "next year's holidays are not entered"));
	assert_non_null(strstr(d.reason_en, "2027"));
	assert_non_null(strstr(d.reason_zh, "尚未录入 2027 年的节假日"));
	assert_true(bm_calendar_next_year_missing(&d, &P, D("2026-12-31")));
	/* Into the new year, still missing: the alert stays. */
	assert_true(bm_calendar_next_year_missing(&d, &P, D("2027-01-04")));
	assert_int_equal(d.due_date, D("2027-01-01"));

	/* Entered: no alert, before or after the new year. */
	assert_int_equal(bm_policy_parse(&P, "calendar.holidays = 2026-10-01,2027-01-01\n"), 0);
	assert_false(bm_calendar_next_year_missing(&d, &P, D("2026-10-01")));
	assert_false(bm_calendar_next_year_missing(&d, &P, D("2027-09-30")));
	assert_string_equal(d.code, "");
	/* A make-up working day alone is not next year's holidays. */
	assert_int_equal(bm_policy_parse(&P, "calendar.holidays = 2026-10-01\n"
	                                     "calendar.workdays = 2027-01-02\n"),
	                 0);
	assert_true(bm_calendar_next_year_missing(&d, &P, D("2026-11-23")));
	/* The year after next is not due yet. */
	assert_int_equal(bm_policy_parse(&P, "calendar.holidays = 2027-01-01\n"), 0);
	assert_true(bm_calendar_next_year_missing(&d, &P, D("2027-10-01")));
	assert_int_equal(d.due_date, D("2028-01-01"));
	assert_false(bm_calendar_next_year_missing(&d, &P, D("2027-09-30")));
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
	        cmocka_unit_test_setup(borrow_2_calendar_holds_ten_years, reset),
	        cmocka_unit_test_setup(borrow_2_calendar_refuses_more_than_the_cap, reset),
	        cmocka_unit_test_setup(borrow_2_next_year_holidays_alert_from_october, reset),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
