/*
 * test_inspection.c — src/policy/inspection.c: inspections (INSP-1) and
 * rectification notices (INSP-2). Test names carry the rule; each refusal
 * is asserted by ID and code.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/inspection.h"
#include "rules_assert.h"

static bm_decision d;
static bm_policy pol;

static int setup(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&pol);
	return 0;
}

static bm_insp_facts good(void)
{
	bm_insp_facts f = {0};
	f.kind = BM_INSP_REGULAR;
	f.held_on = day_of("2026-11-20");
	f.today = day_of("2026-11-21");
	f.whole_unit = true;
	f.n_inspectors = 2;
	f.n_items = 3;
	f.bad_answer = -1;
	return f;
}

static void insp_1_record_kind_day_scope_inspectors_answers(void **state)
{
	bm_insp_facts f = good();
	BM_UNUSED(state);
	assert_true(bm_rules_insp_record(&d, &f));
	assert_string_equal(d.rule, "INSP-1");
	f.kind = -1;
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "inspection_kind_invalid");
	f = good();
	f.held_on = BM_DATE_NONE;
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "inspection_date_required");
	f = good();
	f.held_on = f.today + 1;
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "inspection_in_future");
	f.held_on = f.today; /* held today: fine */
	assert_true(bm_rules_insp_record(&d, &f));
	f = good();
	f.whole_unit = false;
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "inspection_scope_required");
	f.n_departments = 1;
	assert_true(bm_rules_insp_record(&d, &f));
	f.bad_department = "外单位";
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "department_not_of_unit");
	f = good();
	f.n_inspectors = 0;
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "inspectors_required");
	f = good();
	f.bad_inspector = "nobody";
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "inspector_not_of_unit");
	f = good();
	f.bad_answer = 1;
	assert_false(bm_rules_insp_record(&d, &f));
	assert_refused_by(d, "INSP-1", "checklist_answer_invalid");
	assert_non_null(strstr(d.reason_en, "line 2"));
}

static void insp_1_calendar_due_then_overdue_by_policy(void **state)
{
	int32_t last = day_of("2026-08-15");
	BM_UNUSED(state);
	/* default quarterly: due 2026-11-15 */
	assert_false(bm_rules_insp_calendar(&d, &pol, last, BM_DATE_NONE, day_of("2026-10-31")));
	assert_int_equal(d.due_date, day_of("2026-11-15"));
	assert_true(bm_rules_insp_calendar(&d, &pol, last, BM_DATE_NONE, day_of("2026-11-01")));
	assert_string_equal(d.rule, "INSP-1");
	assert_string_equal(d.code, "inspection_due");
	assert_true(bm_rules_insp_calendar(&d, &pol, last, BM_DATE_NONE, day_of("2026-11-15")));
	assert_string_equal(d.code, "inspection_due");
	assert_true(bm_rules_insp_calendar(&d, &pol, last, BM_DATE_NONE, day_of("2026-11-16")));
	assert_string_equal(d.code, "inspection_overdue");
	/* never inspected: counted from the unit's set-up */
	assert_true(bm_rules_insp_calendar(&d, &pol, BM_DATE_NONE, day_of("2026-01-10"),
	                                   day_of("2026-05-01")));
	assert_string_equal(d.code, "inspection_overdue");
	assert_int_equal(d.due_date, day_of("2026-04-10"));
	/* the policy's interval: monthly */
	pol.inspection_months = 1;
	assert_true(bm_rules_insp_calendar(&d, &pol, last, BM_DATE_NONE, day_of("2026-09-16")));
	assert_string_equal(d.code, "inspection_overdue");
	pol.inspection_months = 3;
}

static bm_insp_rect_facts good_rect(void)
{
	bm_insp_rect_facts f = {true, true, true, 0, 0};
	f.today = day_of("2026-11-20");
	f.deadline = bm_rules_insp_default_deadline(&pol, f.today);
	return f;
}

static void insp_2_notice_needs_department_person_deadline_ahead(void **state)
{
	bm_insp_rect_facts f = good_rect();
	BM_UNUSED(state);
	assert_int_equal(f.deadline, day_of("2026-12-20")); /* rectify_days 30 */
	assert_true(bm_rules_insp_rect_open(&d, &f));
	assert_string_equal(d.rule, "INSP-2");
	f.finding_given = false;
	assert_false(bm_rules_insp_rect_open(&d, &f));
	assert_refused_by(d, "INSP-2", "finding_required");
	f = good_rect();
	f.department_of_unit = false;
	assert_false(bm_rules_insp_rect_open(&d, &f));
	assert_refused_by(d, "INSP-2", "department_not_of_unit");
	f = good_rect();
	f.responsible_of_unit = false;
	assert_false(bm_rules_insp_rect_open(&d, &f));
	assert_refused_by(d, "INSP-2", "responsible_not_of_unit");
	f = good_rect();
	f.deadline = BM_DATE_NONE;
	assert_false(bm_rules_insp_rect_open(&d, &f));
	assert_refused_by(d, "INSP-2", "deadline_invalid");
	f.deadline = f.today - 1;
	assert_false(bm_rules_insp_rect_open(&d, &f));
	assert_refused_by(d, "INSP-2", "deadline_in_past");
	f.deadline = f.today; /* due today: fine */
	assert_true(bm_rules_insp_rect_open(&d, &f));
}

static void insp_2_report_back_once_by_the_one_answering(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_insp_rect_report(&d, 7, BM_RECT_OPEN, true, true, false));
	assert_true(bm_rules_insp_rect_report(&d, 7, BM_RECT_OPEN, true, false, true));
	assert_false(bm_rules_insp_rect_report(&d, 7, BM_RECT_OPEN, true, false, false));
	assert_refused_by(d, "INSP-2", "not_responsible");
	assert_int_equal(d.klass, BM_EDENIED);
	assert_false(bm_rules_insp_rect_report(&d, 7, BM_RECT_REPORTED, true, true, false));
	assert_refused_by(d, "INSP-2", "rectification_reported");
	assert_false(bm_rules_insp_rect_report(&d, 7, BM_RECT_CLOSED, true, true, false));
	assert_refused_by(d, "INSP-2", "rectification_closed");
	assert_false(bm_rules_insp_rect_report(&d, 7, BM_RECT_OPEN, false, true, false));
	assert_refused_by(d, "INSP-2", "report_required");
}

static void insp_2_follow_up_after_report_closes_or_reopens(void **state)
{
	int32_t today = day_of("2026-11-20");
	BM_UNUSED(state);
	assert_true(bm_rules_insp_rect_follow(&d, 7, BM_RECT_REPORTED, true, true, BM_DATE_NONE,
	                                      today));
	assert_false(
	        bm_rules_insp_rect_follow(&d, 7, BM_RECT_OPEN, true, true, BM_DATE_NONE, today));
	assert_refused_by(d, "INSP-2", "follow_up_before_report");
	assert_false(
	        bm_rules_insp_rect_follow(&d, 7, BM_RECT_CLOSED, true, true, BM_DATE_NONE, today));
	assert_refused_by(d, "INSP-2", "rectification_closed");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_false(bm_rules_insp_rect_follow(&d, 7, BM_RECT_REPORTED, true, false, BM_DATE_NONE,
	                                       today));
	assert_refused_by(d, "INSP-2", "follow_up_required");
	/* reopening needs a new deadline ahead */
	assert_false(bm_rules_insp_rect_follow(&d, 7, BM_RECT_REPORTED, false, true, BM_DATE_NONE,
	                                       today));
	assert_refused_by(d, "INSP-2", "deadline_invalid");
	assert_false(
	        bm_rules_insp_rect_follow(&d, 7, BM_RECT_REPORTED, false, true, today - 1, today));
	assert_refused_by(d, "INSP-2", "deadline_in_past");
	assert_true(
	        bm_rules_insp_rect_follow(&d, 7, BM_RECT_REPORTED, false, true, today + 10, today));
}

static void insp_2_overdue_until_closed(void **state)
{
	int32_t deadline = day_of("2026-11-20");
	BM_UNUSED(state);
	assert_false(bm_rules_insp_rect_overdue(&d, 3, BM_RECT_OPEN, deadline, deadline));
	assert_true(bm_rules_insp_rect_overdue(&d, 3, BM_RECT_OPEN, deadline, deadline + 1));
	assert_string_equal(d.rule, "INSP-2");
	assert_string_equal(d.code, "rectification_overdue");
	assert_int_equal(d.due_date, deadline);
	/* reported back but not yet followed up: still not closed */
	assert_true(bm_rules_insp_rect_overdue(&d, 3, BM_RECT_REPORTED, deadline, deadline + 1));
	assert_false(bm_rules_insp_rect_overdue(&d, 3, BM_RECT_CLOSED, deadline, deadline + 30));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(insp_1_record_kind_day_scope_inspectors_answers),
	        cmocka_unit_test(insp_1_calendar_due_then_overdue_by_policy),
	        cmocka_unit_test(insp_2_notice_needs_department_person_deadline_ahead),
	        cmocka_unit_test(insp_2_report_back_once_by_the_one_answering),
	        cmocka_unit_test(insp_2_follow_up_after_report_closes_or_reopens),
	        cmocka_unit_test(insp_2_overdue_until_closed),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
