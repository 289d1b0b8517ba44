/*
 * test_orgadmin.c — src/policy/orgadmin.c: retiring departments and storage
 * places (issue 14 point 14), each refusal with its rule and the allowed
 * path. Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/orgadmin.h"
#include "rules_assert.h"

static bm_decision d;
static bm_retire_facts f;

static int reset(void **state)
{
	BM_UNUSED(state);
	memset(&d, 0, sizeof(d));
	memset(&f, 0, sizeof(f));
	f.name = "机要室保密柜（三号）";
	f.today = day_of("2026-12-06");
	f.on = f.today;
	return 0;
}

static void keep_1_a_retired_place_takes_no_carrier(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_place_open(&d, "机要室保密柜（三号）", NULL));
	assert_true(d.allowed);
	assert_false(bm_rules_place_open(&d, "机要室保密柜（三号）", "2026-11-30"));
	assert_refused_by(d, "KEEP-1", "place_retired");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_non_null(strstr(d.reason_zh, "机要室保密柜（三号）"));
	assert_non_null(strstr(d.reason_zh, "2026-11-30"));
	assert_non_null(strstr(d.reason_en, "2026-11-30"));
}

static void keep_1_a_place_holding_carriers_is_not_retired(void **state)
{
	BM_UNUSED(state);
	f.held.carriers = 3;
	assert_false(bm_rules_place_retire(&d, &f));
	assert_refused_by(d, "KEEP-1", "place_not_empty");
	assert_non_null(strstr(d.reason_zh, "3 件"));
	f.held.carriers = 0;
	assert_true(bm_rules_place_retire(&d, &f));
	assert_true(d.allowed);
}

static void dev_1_a_place_with_devices_is_not_retired(void **state)
{
	BM_UNUSED(state);
	f.held.devices = 1;
	assert_false(bm_rules_place_retire(&d, &f));
	assert_refused_by(d, "DEV-1", "place_has_devices");
	/* Carriers are named first: they are what KEEP-1 is about. */
	f.held.carriers = 2;
	assert_false(bm_rules_place_retire(&d, &f));
	assert_refused_by(d, "KEEP-1", "place_not_empty");
}

static void keep_1_retired_once_on_a_day_not_after_today(void **state)
{
	BM_UNUSED(state);
	f.retired_on = "2026-10-01";
	assert_false(bm_rules_place_retire(&d, &f));
	assert_refused_by(d, "KEEP-1", "already_retired");
	assert_int_equal(d.klass, BM_ECONFLICT);
	f.retired_on = NULL;
	f.on = f.today + 1;
	assert_false(bm_rules_place_retire(&d, &f));
	assert_refused_by(d, "KEEP-1", "retire_day_invalid");
	assert_int_equal(d.klass, BM_EINVALID);
	f.on = BM_DATE_NONE;
	assert_false(bm_rules_place_retire(&d, &f));
	assert_refused_by(d, "KEEP-1", "retire_day_invalid");
	f.on = f.today - 30;
	assert_true(bm_rules_place_retire(&d, &f));
	/* A department's day is ORG-1's. */
	f.on = f.today + 1;
	assert_false(bm_rules_department_retire(&d, &f));
	assert_refused_by(d, "ORG-1", "retire_day_invalid");
}

static void org_1_a_retired_department_takes_nobody(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_department_open(&d, "办公室", NULL));
	assert_false(bm_rules_department_open(&d, "办公室", "2026-12-01"));
	assert_refused_by(d, "ORG-1", "department_retired");
	assert_non_null(strstr(d.reason_zh, "办公室"));
}

static void org_1_a_department_with_people_or_duty_is_not_retired(void **state)
{
	BM_UNUSED(state);
	f.name = "基础教育科";
	f.held.people = 2;
	f.held.on_duty = true;
	f.held.carriers = 5;
	assert_false(bm_rules_department_retire(&d, &f));
	assert_refused_by(d, "ORG-1", "department_has_people");
	f.held.people = 0;
	assert_false(bm_rules_department_retire(&d, &f));
	assert_refused_by(d, "ORG-1", "department_on_duty");
	f.held.on_duty = false;
	assert_false(bm_rules_department_retire(&d, &f));
	assert_refused_by(d, "KEEP-6", "department_holds_carriers");
	f.held.carriers = 0;
	assert_true(bm_rules_department_retire(&d, &f));
	assert_true(d.allowed);
	f.retired_on = "2026-12-01";
	assert_false(bm_rules_department_retire(&d, &f));
	assert_refused_by(d, "ORG-1", "already_retired");
}

int main(void)
{
#define T_(f) cmocka_unit_test_setup(f, reset)
	const struct CMUnitTest tests[] = {
	        T_(keep_1_a_retired_place_takes_no_carrier),
	        T_(keep_1_a_place_holding_carriers_is_not_retired),
	        T_(dev_1_a_place_with_devices_is_not_retired),
	        T_(keep_1_retired_once_on_a_day_not_after_today),
	        T_(org_1_a_retired_department_takes_nobody),
	        T_(org_1_a_department_with_people_or_duty_is_not_retired),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
