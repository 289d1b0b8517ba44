/*
 * test_period.c — src/policy/rules.c, the secrecy period as a clerk types
 * it (bm_rules_period_from_text) and its limits (bm_rules_period).
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "rules_assert.h"

static bm_policy P;
static bm_decision d;
static bm_period per;

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	memset(&d, 0, sizeof(d));
	memset(&per, 0, sizeof(per));
	return 0;
}

static void level_8_years_in_three_spellings(void **state)
{
	static const char *const texts[] = {"10", "10y", "10年"};
	BM_UNUSED(state);
	for (size_t i = 0; i < BM_ARRAY_LEN(texts); i++) {
		assert_true(
		        bm_rules_period_from_text(&d, BM_LEVEL_SECRET, texts[i], NULL, NULL, &per));
		assert_int_equal(per.kind, BM_PERIOD_YEARS);
		assert_int_equal(per.years, 10);
	}
}

static void level_8_unrecognised_period_refused(void **state)
{
	static const char *const texts[] = {"ten", "0", "-3", "y", "10 years"};
	BM_UNUSED(state);
	for (size_t i = 0; i < BM_ARRAY_LEN(texts); i++) {
		assert_false(
		        bm_rules_period_from_text(&d, BM_LEVEL_SECRET, texts[i], NULL, NULL, &per));
		assert_refused_by(d, "LEVEL-8", "invalid_period");
	}
}

static void level_8_declassification_date(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_period_from_text(&d, BM_LEVEL_SECRET, "2030-01-01", NULL, NULL, &per));
	assert_int_equal(per.kind, BM_PERIOD_UNTIL);
	assert_int_equal(per.until, day_of("2030-01-01"));
	assert_false(
	        bm_rules_period_from_text(&d, BM_LEVEL_SECRET, "2030-02-30", NULL, NULL, &per));
	assert_false(d.allowed);
	assert_string_equal(d.code, "invalid_date");
	assert_null(d.rule);
}

static void level_8_event_and_period_conflict(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_period_from_text(&d, BM_LEVEL_SECRET, "10", "工程竣工", "2030-01-01",
	                                       &per));
	assert_refused_by(d, "LEVEL-8", "period_conflict");
}

static void level_3_event_needs_review_date(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_period_from_text(&d, BM_LEVEL_SECRET, NULL, "工程竣工", "", &per));
	assert_refused_by(d, "LEVEL-3", "review_date_required");
	assert_true(
	        bm_rules_period_from_text(&d, BM_LEVEL_SECRET, "", "工程竣工", "2030-01-01", &per));
	assert_int_equal(per.kind, BM_PERIOD_EVENT);
	assert_string_equal(per.event, "工程竣工");
	assert_int_equal(per.review, day_of("2030-01-01"));
}

static void level_2_public_and_internal_take_no_period(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_period_from_text(&d, BM_LEVEL_INTERNAL, "5", NULL, NULL, &per));
	assert_refused_by(d, "LEVEL-2", "period_not_applicable");
	assert_false(bm_rules_period_from_text(&d, BM_LEVEL_PUBLIC, NULL, "事件", NULL, &per));
	assert_refused_by(d, "LEVEL-2", "period_not_applicable");
	assert_true(bm_rules_period_from_text(&d, BM_LEVEL_INTERNAL, "", "", NULL, &per));
	assert_int_equal(per.kind, BM_PERIOD_NONE);
}

static void level_3_review_date_after_the_start(void **state)
{
	int32_t start = day_of("2026-04-15");
	BM_UNUSED(state);
	assert_true(bm_rules_period_from_text(&d, BM_LEVEL_SECRET, NULL, "工程竣工", "2026-04-15",
	                                      &per));
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_refused_by(d, "LEVEL-3", "review_date_past");
}

static void level_3_maximum_comes_from_the_policy(void **state)
{
	int32_t start = day_of("2026-04-15");
	BM_UNUSED(state);
	assert_true(bm_rules_period_from_text(&d, BM_LEVEL_SECRET, "15", NULL, NULL, &per));
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	P.period_max_years[BM_LEVEL_SECRET] = 12;
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_refused_by(d, "LEVEL-3", "period_too_long");
	assert_non_null(strstr(d.reason_en, "12-year"));
}

int main(void)
{
#define T_(f) cmocka_unit_test_setup(f, reset)
	const struct CMUnitTest tests[] = {
	        T_(level_8_years_in_three_spellings),
	        T_(level_8_unrecognised_period_refused),
	        T_(level_8_declassification_date),
	        T_(level_8_event_and_period_conflict),
	        T_(level_3_event_needs_review_date),
	        T_(level_2_public_and_internal_take_no_period),
	        T_(level_3_review_date_after_the_start),
	        T_(level_3_maximum_comes_from_the_policy),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
