/*
 * test_people.c — src/policy/people.c and the register's part of rules.c:
 * the lifecycle of a cleared person (PERSON-2/3/4, KEEP-2), training
 * (PERSON-6), trips abroad (PERSON-8), the statement (ORG-1), the alerts,
 * and PERSON-7 acting on what the register records. Test names carry the
 * rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/people.h"
#include "rules_assert.h"

static bm_decision d;
static bm_policy pol;

static int setup(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&pol);
	return 0;
}

/* A person vetted, trained and committed, not yet cleared. */
static bm_person_facts committed(void)
{
	bm_person_facts f;
	bm_person_facts_init(&f);
	f.tracked = true;
	f.vetted_on = day_of("2026-02-01");
	f.vetting_passed = true;
	f.last_training = day_of("2026-02-10");
	f.commitment_on = day_of("2026-02-20");
	return f;
}

static void person_2_lifecycle_stages(void **state)
{
	bm_person_facts f;
	int32_t today = day_of("2026-03-01");
	BM_UNUSED(state);
	bm_person_facts_init(&f);
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_ACCOUNT);
	f.tracked = true;
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_CANDIDATE);
	/* Tracked (a session attended) but cleared by the account: still "account". */
	f.person_class = BM_CLASS_GENERAL;
	f.commitment_on = day_of("2025-01-05");
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_ACCOUNT);
	f.person_class = BM_CLASS_NONE;
	f.commitment_on = BM_DATE_NONE;
	f.vetted_on = day_of("2026-02-01");
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_REFUSED);
	f.vetting_passed = true;
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_VETTED);
	f.last_training = day_of("2026-02-10");
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_TRAINED);
	f.commitment_on = day_of("2026-02-20");
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_COMMITTED);
	f.cleared_on = day_of("2026-02-25");
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_CLEARED);
	f.exit_commitment_on = today;
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_LEAVING);
	f.left_on = today;
	f.decl_until = day_of("2026-09-01");
	assert_int_equal(bm_rules_person_stage(&f, today), BM_STAGE_DECL);
	assert_int_equal(bm_rules_person_stage(&f, day_of("2026-09-02")), BM_STAGE_ENDED);
	assert_string_equal(bm_person_stage_names[BM_STAGE_DECL].zh, "脱密期");
}

static void person_2_no_clearance_without_vetting_training_commitment(void **state)
{
	bm_person_facts f = committed();
	int32_t today = day_of("2026-03-01");
	BM_UNUSED(state);
	assert_true(bm_rules_person_clear(&d, &f, BM_CLASS_IMPORTANT, today));
	f.commitment_on = BM_DATE_NONE;
	assert_false(bm_rules_person_clear(&d, &f, BM_CLASS_IMPORTANT, today));
	assert_refused_by(d, "PERSON-2", "no_commitment");
	f = committed();
	f.last_training = BM_DATE_NONE;
	assert_false(bm_rules_person_clear(&d, &f, BM_CLASS_IMPORTANT, today));
	assert_refused_by(d, "PERSON-2", "not_trained");
	f = committed();
	f.vetting_passed = false;
	assert_false(bm_rules_person_clear(&d, &f, BM_CLASS_IMPORTANT, today));
	assert_refused_by(d, "PERSON-2", "not_vetted");
	f = committed();
	f.cleared_on = day_of("2026-02-25");
	assert_false(bm_rules_person_clear(&d, &f, BM_CLASS_CORE, today));
	assert_refused_by(d, "PERSON-2", "already_cleared");
	assert_int_equal(d.klass, BM_ECONFLICT);
	f = committed();
	assert_false(bm_rules_person_clear(&d, &f, BM_CLASS_NONE, today));
	assert_refused_by(d, "PERSON-1", "class_required");
}

static void person_3_temporary_hire_never_in_a_classified_post(void **state)
{
	bm_person_facts f = committed();
	BM_UNUSED(state);
	f.temporary = true;
	assert_false(bm_rules_person_clear(&d, &f, BM_CLASS_GENERAL, day_of("2026-03-01")));
	assert_refused_by(d, "PERSON-3", "temporary_hire");
	assert_false(bm_rules_person_post(&d, &f, BM_CLASS_GENERAL));
	assert_refused_by(d, "PERSON-3", "temporary_hire");
	assert_true(bm_rules_person_post(&d, &f, BM_CLASS_NONE));
}

static void person_4_keep_2_leaving(void **state)
{
	bm_person_facts f = committed();
	int32_t on = day_of("2026-03-01");
	BM_UNUSED(state);
	f.cleared_on = day_of("2026-02-25");
	f.person_class = BM_CLASS_IMPORTANT;
	/* KEEP-2 first: carriers (and devices) cleared before anything else. */
	assert_false(bm_rules_person_leave(&d, &pol, &f, 2, on, on));
	assert_refused_by(d, "KEEP-2", "items_held");
	assert_false(bm_rules_person_leave(&d, &pol, &f, 0, on, on));
	assert_refused_by(d, "PERSON-4", "no_exit_commitment");
	assert_true(bm_rules_person_exit_commitment(&d, &f, on));
	f.exit_commitment_on = on;
	assert_false(bm_rules_person_exit_commitment(&d, &f, on));
	assert_refused_by(d, "PERSON-4", "already_leaving");
	assert_true(bm_rules_person_leave(&d, &pol, &f, 0, on, on));
	/* PERSON-4: an important person's 脱密期 is a year by default. */
	assert_int_equal(d.due_date, day_of("2027-03-01"));
	f.person_class = BM_CLASS_CORE;
	assert_true(bm_rules_person_leave(&d, &pol, &f, 0, on, on));
	assert_int_equal(d.due_date, day_of("2028-03-01"));
	f.left_on = on;
	assert_false(bm_rules_person_leave(&d, &pol, &f, 0, on, on));
	assert_refused_by(d, "PERSON-4", "person_left");
	assert_false(bm_rules_person_vet(&d, &f, on));
	assert_refused_by(d, "PERSON-2", "person_left");
	bm_person_facts_init(&f);
	assert_false(bm_rules_person_exit_commitment(&d, &f, on));
	assert_refused_by(d, "PERSON-4", "not_cleared");
}

static void register_dates_name_their_rule(void **state)
{
	int32_t day = 0, today = day_of("2026-03-01");
	BM_UNUSED(state);
	assert_false(bm_rules_register_date(&d, BM_STEP_VETTING, "2026-3-1", today, &day));
	assert_refused_by(d, "PERSON-2", "invalid_date");
	assert_false(bm_rules_register_date(&d, BM_STEP_STATEMENT, "2026-03-02", today, &day));
	assert_refused_by(d, "ORG-1", "date_in_future");
	assert_false(bm_rules_register_date(&d, BM_STEP_TRAINING, NULL, today, &day));
	assert_refused_by(d, "PERSON-6", "invalid_date");
	assert_false(bm_rules_register_date(&d, BM_STEP_LEAVE, "2027-01-01", today, &day));
	assert_refused_by(d, "PERSON-4", "date_in_future");
	assert_true(bm_rules_register_date(&d, BM_STEP_TRIP_REPORT, "2026-03-01", today, &day));
	assert_int_equal(day, today);
}

static void person_6_sessions_and_attendance(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_training_session(&d, 0));
	assert_refused_by(d, "PERSON-6", "invalid_hours");
	assert_false(bm_rules_training_session(&d, 241));
	assert_refused_by(d, "PERSON-6", "invalid_hours");
	assert_true(bm_rules_training_session(&d, 15));
	assert_false(bm_rules_training_attend(&d, 3, true, false));
	assert_refused_by(d, "PERSON-6", "training_signed");
	assert_false(bm_rules_training_attend(&d, 3, false, true));
	assert_refused_by(d, "PERSON-6", "already_attended");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_true(bm_rules_training_attend(&d, 3, false, false));
}

/* A cleared person the register tracks, as bm_svc_actor_facts gives them. */
static bm_actor tracked_actor(void)
{
	bm_actor a;
	bm_actor_init(&a);
	a.id = 7;
	a.person_class = BM_CLASS_IMPORTANT;
	a.commitment_on = day_of("2026-01-05");
	a.training_since = day_of("2026-01-10");
	a.last_training = day_of("2026-01-08");
	a.training_tenths = 30;
	a.statement_until = day_of("2027-01-10");
	return a;
}

static void person_7_lapsed_training_blocks_under_the_policy(void **state)
{
	bm_actor a = tracked_actor();
	int32_t today = day_of("2026-03-01");
	BM_UNUSED(state);
	assert_true(bm_rules_person_access(&d, &pol, &a, BM_LEVEL_SECRET, today));
	/* PERSON-6: important staff train each half-year. */
	today = day_of("2026-07-09");
	assert_true(bm_rules_training_lapsed(&pol, &a, today));
	assert_true(bm_rules_person_access(&d, &pol, &a, BM_LEVEL_SECRET, today));
	assert_true(d.alert);
	assert_string_equal(d.rule, "PERSON-6");
	pol.training_lapse_blocks = true;
	assert_false(bm_rules_person_access(&d, &pol, &a, BM_LEVEL_SECRET, today));
	assert_refused_by(d, "PERSON-7", "training_lapsed");
	assert_true(bm_rules_clearance(&pol, &a, today) == BM_LEVEL_INTERNAL);
	/* PERSON-6: trained recently, but fewer than training.min_hours in the last 12 months. */
	a.last_training = day_of("2027-01-05");
	a.training_tenths = 15;
	today = day_of("2027-01-12");
	assert_true(bm_rules_training_lapsed(&pol, &a, today));
	a.training_tenths = 20;
	assert_false(bm_rules_training_lapsed(&pol, &a, today));
	/* Within the first year after clearance the hours are not yet counted. */
	a.training_tenths = 0;
	assert_false(bm_rules_training_lapsed(&pol, &a, day_of("2026-12-01")));
	/* Never trained since clearance: the interval runs from the clearance. */
	a.last_training = BM_DATE_NONE;
	assert_false(bm_rules_training_lapsed(&pol, &a, day_of("2026-07-10")));
	assert_true(bm_rules_training_lapsed(&pol, &a, day_of("2026-07-11")));
	pol.training_lapse_blocks = false;
	/* An account the register does not track keeps the old rule. */
	bm_actor_init(&a);
	a.person_class = BM_CLASS_GENERAL;
	a.last_training = day_of("2026-03-01");
	assert_false(bm_rules_training_lapsed(&pol, &a, day_of("2026-03-02")));
}

static void person_7_org_1_lapsed_statement_blocks(void **state)
{
	bm_actor a = tracked_actor();
	BM_UNUSED(state);
	assert_true(bm_rules_person_access(&d, &pol, &a, BM_LEVEL_SECRET, day_of("2027-01-10")));
	assert_false(bm_rules_person_access(&d, &pol, &a, BM_LEVEL_SECRET, day_of("2027-01-11")));
	assert_refused_by(d, "PERSON-7", "statement_lapsed");
	assert_true(bm_rules_clearance(&pol, &a, day_of("2027-01-11")) == BM_LEVEL_INTERNAL);
	/* The same check on every way into a scope. */
	assert_false(
	        bm_rules_named_person(&d, &pol, &a, BM_LEVEL_CONFIDENTIAL, day_of("2027-01-11")));
	assert_refused_by(d, "PERSON-7", "statement_lapsed");
	/* Untracked: no statement date, no block. */
	a.statement_until = BM_DATE_NONE;
	assert_true(bm_rules_person_access(&d, &pol, &a, BM_LEVEL_SECRET, day_of("2030-01-01")));
}

static void person_7_declassification_period_blocks(void **state)
{
	bm_actor a = tracked_actor();
	BM_UNUSED(state);
	a.decl_until = day_of("2026-09-01");
	assert_false(
	        bm_rules_named_person(&d, &pol, &a, BM_LEVEL_CONFIDENTIAL, day_of("2026-08-01")));
	assert_refused_by(d, "PERSON-7", "declassification_period");
}

/* Role sets for the approval tests: bit r set = the actor holds role r. */
static bool holds_mask(const void *who, bm_role r)
{
	return (*(const unsigned *)who & (1u << r)) != 0;
}

static void person_8_trips(void **state)
{
	bm_person_facts f = committed();
	unsigned leader = 1u << BM_ROLE_LEADER, principal = 1u << BM_ROLE_PRINCIPAL;
	unsigned clerk = 1u << BM_ROLE_CLERK;
	BM_UNUSED(state);
	assert_false(bm_rules_person_trip(&d, &f, "2026-04-01", "2026-04-10", "2026-04-02"));
	assert_refused_by(d, "PERSON-8", "not_briefed");
	assert_false(bm_rules_person_trip(&d, &f, "2026-04-01", "2026-04-10", NULL));
	assert_refused_by(d, "PERSON-8", "not_briefed");
	assert_false(bm_rules_person_trip(&d, &f, "2026-04-10", "2026-04-01", "2026-03-20"));
	assert_refused_by(d, "PERSON-8", "return_before_departure");
	assert_false(bm_rules_person_trip(&d, &f, "April", "2026-04-01", "2026-03-20"));
	assert_refused_by(d, "PERSON-8", "invalid_date");
	assert_true(bm_rules_person_trip(&d, &f, "2026-04-01", "2026-04-10", "2026-03-20"));

	/* Approval by class: the defaults name the principal leader for core staff, the
	 * supervising leader for important and general staff (and people of no class). */
	assert_int_equal(bm_rules_trip_chain(&pol, BM_CLASS_CORE)->n, 1);
	assert_int_equal(bm_rules_trip_chain(&pol, BM_CLASS_CORE)->roles[0], BM_ROLE_PRINCIPAL);
	assert_int_equal(bm_rules_trip_chain(&pol, BM_CLASS_IMPORTANT)->roles[0], BM_ROLE_LEADER);
	assert_int_equal(bm_rules_trip_chain(&pol, BM_CLASS_GENERAL)->roles[0], BM_ROLE_LEADER);
	assert_int_equal(bm_rules_trip_chain(&pol, BM_CLASS_NONE)->roles[0], BM_ROLE_LEADER);
	assert_false(bm_rules_trip_approve(&d, &pol, BM_CLASS_CORE, 0, false, false, holds_mask,
	                                   &leader));
	assert_refused_by(d, "PERSON-8", "trip_approver_role");
	assert_false(bm_rules_trip_approve(&d, &pol, BM_CLASS_GENERAL, 0, false, false, holds_mask,
	                                   &clerk));
	assert_refused_by(d, "PERSON-8", "trip_approver_role");
	assert_false(bm_rules_trip_approve(&d, &pol, BM_CLASS_CORE, 0, false, true, holds_mask,
	                                   &principal));
	assert_refused_by(d, "PERSON-8", "trip_self_approval");
	assert_true(bm_rules_trip_approve(&d, &pol, BM_CLASS_CORE, 0, false, false, holds_mask,
	                                  &principal));
	assert_int_equal(d.approvers[0], BM_ROLE_PRINCIPAL);
	assert_true(bm_rules_trip_approve(&d, &pol, BM_CLASS_IMPORTANT, 0, false, false, holds_mask,
	                                  &leader));
	assert_false(bm_rules_trip_approve(&d, &pol, BM_CLASS_IMPORTANT, 1, false, false,
	                                   holds_mask, &leader));
	assert_refused_by(d, "PERSON-8", "trip_approved");
	assert_false(bm_rules_trip_approve(&d, &pol, BM_CLASS_IMPORTANT, 0, true, false, holds_mask,
	                                   &leader));
	assert_refused_by(d, "PERSON-8", "trip_departed");
	/* A longer chain: each step by its role, in order. */
	{
		bm_policy two = pol;
		two.trip_approvers[BM_CLASS_CORE].n = 2;
		two.trip_approvers[BM_CLASS_CORE].roles[0] = BM_ROLE_LEADER;
		two.trip_approvers[BM_CLASS_CORE].roles[1] = BM_ROLE_PRINCIPAL;
		assert_false(bm_rules_trip_approve(&d, &two, BM_CLASS_CORE, 0, false, false,
		                                   holds_mask, &principal));
		assert_refused_by(d, "PERSON-8", "trip_approver_role");
		assert_true(bm_rules_trip_approve(&d, &two, BM_CLASS_CORE, 1, false, false,
		                                  holds_mask, &principal));
		assert_false(bm_rules_trip_depart(&d, &two, BM_CLASS_CORE, 1, false,
		                                  day_of("2026-03-20"), day_of("2026-04-01")));
		assert_refused_by(d, "PERSON-8", "trip_not_approved");
	}
	/* Departure: only approved, once, not before the briefing. */
	assert_false(bm_rules_trip_depart(&d, &pol, BM_CLASS_CORE, 0, false, day_of("2026-03-20"),
	                                  day_of("2026-04-01")));
	assert_refused_by(d, "PERSON-8", "trip_not_approved");
	assert_false(bm_rules_trip_depart(&d, &pol, BM_CLASS_CORE, 1, false, day_of("2026-03-20"),
	                                  day_of("2026-03-19")));
	assert_refused_by(d, "PERSON-8", "not_briefed");
	assert_false(bm_rules_trip_depart(&d, &pol, BM_CLASS_CORE, 1, true, day_of("2026-03-20"),
	                                  day_of("2026-04-01")));
	assert_refused_by(d, "PERSON-8", "trip_departed");
	assert_true(bm_rules_trip_depart(&d, &pol, BM_CLASS_CORE, 1, false, day_of("2026-03-20"),
	                                 day_of("2026-04-01")));
	/* The report back: after a departure, not before it. */
	assert_false(
	        bm_rules_trip_report(&d, false, false, day_of("2026-04-01"), day_of("2026-04-11")));
	assert_refused_by(d, "PERSON-8", "trip_not_departed");
	assert_false(
	        bm_rules_trip_report(&d, true, false, day_of("2026-04-01"), day_of("2026-03-31")));
	assert_refused_by(d, "PERSON-8", "report_before_departure");
	assert_true(
	        bm_rules_trip_report(&d, true, false, day_of("2026-04-01"), day_of("2026-04-11")));
	/* Once: a trip reported back is not reported again (the store would refuse it too). */
	assert_false(
	        bm_rules_trip_report(&d, true, true, day_of("2026-04-01"), day_of("2026-04-11")));
	assert_refused_by(d, "PERSON-8", "trip_reported");
	/* The alert: not reported within person.trip_report_days (7) of the return. */
	assert_false(
	        bm_rules_trip_unreported(&d, &pol, day_of("2026-04-10"), day_of("2026-04-17")));
	assert_true(bm_rules_trip_unreported(&d, &pol, day_of("2026-04-10"), day_of("2026-04-18")));
	assert_string_equal(d.rule, "PERSON-8");
	assert_string_equal(d.code, "trip_unreported");
}

static void alerts_org_1_person_2_4_6(void **state)
{
	bm_person_facts f = committed();
	BM_UNUSED(state);
	f.person_class = BM_CLASS_GENERAL;
	f.cleared_on = day_of("2026-02-25");
	/* ORG-1: announced 30 days before a year after the clearance (no statement yet). */
	assert_false(bm_rules_statement_due(&d, &pol, &f, day_of("2027-01-25")));
	assert_true(bm_rules_statement_due(&d, &pol, &f, day_of("2027-01-26")));
	assert_string_equal(d.rule, "ORG-1");
	assert_string_equal(d.code, "statement_due");
	assert_true(bm_rules_statement_due(&d, &pol, &f, day_of("2027-02-26")));
	assert_string_equal(d.code, "statement_lapsed");
	/* PERSON-2: a temporary person's commitment is renewed yearly. */
	f.temporary = true;
	assert_true(bm_rules_commitment_due(&d, &pol, &f, day_of("2027-02-21")));
	assert_string_equal(d.rule, "PERSON-2");
	assert_string_equal(d.code, "commitment_lapsed");
	f.temporary = false;
	assert_false(bm_rules_commitment_due(&d, &pol, &f, day_of("2027-02-21")));
	/* PERSON-6: short of hours, told from November. */
	assert_false(bm_rules_training_short(&d, &pol, &f, 10, day_of("2026-10-31")));
	assert_true(bm_rules_training_short(&d, &pol, &f, 10, day_of("2026-11-01")));
	assert_string_equal(d.code, "training_hours_short");
	assert_int_equal(d.due_date, day_of("2026-12-31"));
	assert_false(bm_rules_training_short(&d, &pol, &f, 20, day_of("2026-11-01")));
	/* PERSON-4: the 脱密期 ending within 30 days. */
	f.left_on = day_of("2026-03-01");
	f.decl_until = day_of("2026-09-01");
	assert_false(bm_rules_decl_ending(&d, &f, day_of("2026-08-01")));
	assert_true(bm_rules_decl_ending(&d, &f, day_of("2026-08-02")));
	assert_string_equal(d.rule, "PERSON-4");
	assert_false(bm_rules_decl_ending(&d, &f, day_of("2026-09-02")));
	/* Nobody who has left is asked for statements or hours. */
	assert_false(bm_rules_statement_due(&d, &pol, &f, day_of("2027-02-26")));
	assert_false(bm_rules_training_short(&d, &pol, &f, 0, day_of("2026-11-01")));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(person_2_lifecycle_stages),
	        cmocka_unit_test(person_2_no_clearance_without_vetting_training_commitment),
	        cmocka_unit_test(person_3_temporary_hire_never_in_a_classified_post),
	        cmocka_unit_test(person_4_keep_2_leaving),
	        cmocka_unit_test(register_dates_name_their_rule),
	        cmocka_unit_test(person_6_sessions_and_attendance),
	        cmocka_unit_test(person_7_lapsed_training_blocks_under_the_policy),
	        cmocka_unit_test(person_7_org_1_lapsed_statement_blocks),
	        cmocka_unit_test(person_7_declassification_period_blocks),
	        cmocka_unit_test(person_8_trips),
	        cmocka_unit_test(alerts_org_1_person_2_4_6),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
