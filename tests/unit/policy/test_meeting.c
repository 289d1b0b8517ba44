/*
 * test_meeting.c — src/policy/meeting.c: classified meetings (MEET-1,
 * MEET-2), with the participants cleared as a carrier's scope
 * (PERSON-1/2/3/7) and the long overdue document handled as a loss
 * (BORROW-6). Test names carry the rule; each refusal is asserted by ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/meeting.h"
#include "rules_assert.h"

static bm_decision d;
static bm_policy pol;

static int setup(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&pol);
	return 0;
}

static int64_t at(const char *s)
{
	int64_t t = 0;
	if (!bm_time_parse(s, &t))
		fail_msg("bad test instant '%s'", s);
	return t;
}

static bm_meeting_facts good(void)
{
	bm_meeting_facts f = {BM_LEVEL_SECRET, false, false, true, 0, 0, true};
	f.starts_at = at("2026-11-20T02:00:00Z");
	f.ends_at = at("2026-11-20T04:00:00Z");
	return f;
}

static void meet_1_record_level_place_time_organiser(void **state)
{
	bm_meeting_facts f = good();
	BM_UNUSED(state);
	assert_true(bm_rules_meeting_record(&d, &f));
	f.level = BM_LEVEL_PUBLIC;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_level_invalid");
	f = good();
	f.level = -1;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_level_invalid");
	f = good();
	f.room_given = false;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_place_required");
	f.site_given = f.room_given = true;
	f.site_active = true;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_place_required");
	f.room_given = false;
	assert_true(bm_rules_meeting_record(&d, &f));
	f.site_active = false;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_site_revoked");
	assert_int_equal(d.klass, BM_ECONFLICT);
	f = good();
	f.ends_at = 0;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_time_required");
	f = good();
	f.ends_at = f.starts_at;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_ends_before_start");
	f = good();
	f.organiser_given = false;
	assert_false(bm_rules_meeting_record(&d, &f));
	assert_refused_by(d, "MEET-1", "meeting_organiser_required");
}

static void meet_1_closed_meeting_never_changes(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_meeting_change(&d, 3, BM_MEETING_PLANNED, true));
	assert_true(bm_rules_meeting_change(&d, 3, BM_MEETING_OPEN, false));
	assert_false(bm_rules_meeting_change(&d, 3, BM_MEETING_OPEN, true));
	assert_refused_by(d, "MEET-1", "meeting_already_open");
	assert_false(bm_rules_meeting_change(&d, 3, BM_MEETING_CLOSED, false));
	assert_refused_by(d, "MEET-1", "meeting_closed");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

static void meet_1_confidential_and_up_not_held_without_measures(void **state)
{
	bool none[BM_MEETING_MEASURE_COUNT] = {false, false, false};
	bool two[BM_MEETING_MEASURE_COUNT] = {true, true, false};
	bool all[BM_MEETING_MEASURE_COUNT] = {true, true, true};
	BM_UNUSED(state);
	for (int l = BM_LEVEL_CONFIDENTIAL; l <= BM_LEVEL_TOP_SECRET; l++) {
		assert_false(bm_rules_meeting_open(&d, 1, BM_MEETING_PLANNED, (bm_level)l, none));
		assert_refused_by(d, "MEET-1", "meeting_measures_missing");
		assert_false(bm_rules_meeting_open(&d, 1, BM_MEETING_PLANNED, (bm_level)l, two));
		assert_refused_by(d, "MEET-1", "meeting_measures_missing");
		/* the refusal names what is missing, and only that */
		assert_non_null(strstr(d.reason_zh, "会场保密检查"));
		assert_null(strstr(d.reason_zh, "手机集中保管"));
		assert_true(bm_rules_meeting_open(&d, 1, BM_MEETING_PLANNED, (bm_level)l, all));
	}
	/* an internal meeting needs no measures recorded */
	assert_true(bm_rules_meeting_open(&d, 1, BM_MEETING_PLANNED, BM_LEVEL_INTERNAL, none));
	assert_false(bm_rules_meeting_open(&d, 1, BM_MEETING_OPEN, BM_LEVEL_SECRET, all));
	assert_refused_by(d, "MEET-1", "meeting_not_planned");
	assert_false(bm_rules_meeting_close(&d, 1, BM_MEETING_PLANNED));
	assert_refused_by(d, "MEET-1", "meeting_not_open");
	assert_true(bm_rules_meeting_close(&d, 1, BM_MEETING_OPEN));
}

static bm_actor cleared(bm_class c, int32_t today)
{
	bm_actor a;
	bm_actor_init(&a);
	a.id = 9;
	a.person_class = c;
	a.commitment_on = today - 30;
	return a;
}

static void meet_1_participants_cleared_as_a_scope(void **state)
{
	int32_t today = day_of("2026-11-20");
	bm_actor a = cleared(BM_CLASS_IMPORTANT, today);
	BM_UNUSED(state);
	assert_true(bm_rules_meeting_participant(&d, &pol, &a, BM_LEVEL_SECRET, today));
	/* PERSON-1: nobody attends above their class */
	assert_false(bm_rules_meeting_participant(&d, &pol, &a, BM_LEVEL_TOP_SECRET, today));
	assert_refused_by(d, "PERSON-1", "clearance_too_low");
	/* PERSON-2: no commitment, no clearance */
	a.commitment_on = BM_DATE_NONE;
	assert_false(bm_rules_meeting_participant(&d, &pol, &a, BM_LEVEL_SECRET, today));
	assert_refused_by(d, "PERSON-2", "no_commitment");
	/* PERSON-3: no temporary hire */
	a = cleared(BM_CLASS_CORE, today);
	a.temporary = true;
	assert_false(bm_rules_meeting_participant(&d, &pol, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused_by(d, "PERSON-3", "temporary_hire");
	/* PERSON-7: nobody disabled or in a declassification period */
	a = cleared(BM_CLASS_CORE, today);
	a.disabled = true;
	assert_false(bm_rules_meeting_participant(&d, &pol, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused_by(d, "PERSON-7", "person_disabled");
	a = cleared(BM_CLASS_CORE, today);
	a.decl_until = today + 10;
	assert_false(bm_rules_meeting_participant(&d, &pol, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused_by(d, "PERSON-7", "declassification_period");
}

static void meet_1_organiser_and_meet_2_holder_stay_on_the_list(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_meeting_leave(&d, "胡琳", false, 0));
	assert_false(bm_rules_meeting_leave(&d, "王领导", true, 0));
	assert_refused_by(d, "MEET-1", "meeting_organiser");
	assert_false(bm_rules_meeting_leave(&d, "胡琳", false, 42));
	assert_refused_by(d, "MEET-2", "meeting_document_held");
	assert_non_null(strstr(d.reason_en, "42"));
}

static void meet_2_issued_at_the_open_meeting_to_a_participant(void **state)
{
	bm_meeting_issue_facts f = {BM_MEETING_OPEN, BM_LEVEL_SECRET, BM_LEVEL_SECRET, true};
	BM_UNUSED(state);
	assert_true(bm_rules_meeting_issue(&d, &f));
	f.status = BM_MEETING_PLANNED;
	assert_false(bm_rules_meeting_issue(&d, &f));
	assert_refused_by(d, "MEET-2", "meeting_not_open");
	f.status = BM_MEETING_CLOSED;
	assert_false(bm_rules_meeting_issue(&d, &f));
	assert_refused_by(d, "MEET-2", "meeting_not_open");
	f.status = BM_MEETING_OPEN;
	f.participant = false;
	assert_false(bm_rules_meeting_issue(&d, &f));
	assert_refused_by(d, "MEET-2", "meeting_not_participant");
	assert_int_equal(d.klass, BM_EDENIED);
	f.participant = true;
	f.carrier_level = BM_LEVEL_TOP_SECRET;
	assert_false(bm_rules_meeting_issue(&d, &f));
	assert_refused_by(d, "MEET-2", "meeting_document_above_level");
}

static void circ_1_a_meeting_document_stays_within_its_own_scope(void **state)
{
	bm_scope_ref scope[] = {{.department_id = 3}, {.person_id = 7}};
	bm_item item = {.id = 55,
	                .level = BM_LEVEL_CONFIDENTIAL,
	                .custodian_id = 1,
	                .scope = scope,
	                .n_scope = 2};
	bm_actor a = cleared(BM_CLASS_CORE, day_of("2026-11-20"));
	BM_UNUSED(state);
	/* a participant of another department, not named: outside the document's scope */
	a.department_id = 4;
	assert_false(bm_rules_meeting_holder_scope(&d, &item, &a));
	assert_refused_by(d, "CIRC-1", "outside_scope");
	assert_int_equal(d.klass, BM_EDENIED);
	assert_non_null(strstr(d.reason_en, "55"));
	/* of a department in the scope, named in it, or its custodian */
	a.department_id = 3;
	assert_true(bm_rules_meeting_holder_scope(&d, &item, &a));
	a.department_id = 4;
	a.id = 7;
	assert_true(bm_rules_meeting_holder_scope(&d, &item, &a));
	a.id = 1;
	assert_true(bm_rules_meeting_holder_scope(&d, &item, &a));
	/* an external person is not inside by department */
	a.id = 9;
	a.department_id = 3;
	a.external = true;
	assert_false(bm_rules_meeting_holder_scope(&d, &item, &a));
	/* a 内部 document has no scope to keep (LEVEL-2) */
	a.external = false;
	a.department_id = 4;
	item.level = BM_LEVEL_INTERNAL;
	assert_true(bm_rules_meeting_holder_scope(&d, &item, &a));
}

static void meet_2_top_secret_back_at_the_end_rest_by_policy(void **state)
{
	int64_t end = at("2026-11-20T04:00:00Z");
	BM_UNUSED(state);
	assert_int_equal(pol.meeting_recall_hours, 2);
	assert_int_equal(bm_rules_meeting_due(&pol, BM_LEVEL_TOP_SECRET, end), end);
	assert_int_equal(bm_rules_meeting_due(&pol, BM_LEVEL_SECRET, end), end + 2 * 3600);
	pol.meeting_recall_hours = 0;
	assert_int_equal(bm_rules_meeting_due(&pol, BM_LEVEL_CONFIDENTIAL, end), end);
	pol.meeting_recall_hours = 24;
	assert_int_equal(bm_rules_meeting_due(&pol, BM_LEVEL_CONFIDENTIAL, end), end + 86400);
	assert_int_equal(bm_rules_meeting_due(&pol, BM_LEVEL_TOP_SECRET, end), end);
	bm_policy_defaults(&pol);
}

static void meet_2_not_back_alert_then_borrow_6_incident(void **state)
{
	int64_t due = at("2026-11-20T06:00:00Z");
	int32_t due_day = day_of("2026-11-20");
	BM_UNUSED(state);
	assert_int_equal(bm_rules_meeting_overdue(&d, &pol, due, due_day, due, due_day),
	                 BM_OVERDUE_NO);
	assert_false(d.alert);
	assert_int_equal(bm_rules_meeting_overdue(&d, &pol, due, due_day, due + 1, due_day),
	                 BM_OVERDUE_YES);
	assert_true(d.alert);
	assert_string_equal(d.rule, "MEET-2");
	assert_string_equal(d.code, "meeting_overdue");
	/* BORROW-6: borrow.overdue_incident_months (3) after the recall: handled as a loss */
	assert_int_equal(bm_rules_meeting_overdue(&d, &pol, due, due_day,
	                                          at("2027-02-19T00:00:00Z"), day_of("2027-02-19")),
	                 BM_OVERDUE_YES);
	assert_int_equal(bm_rules_meeting_overdue(&d, &pol, due, due_day,
	                                          at("2027-02-20T00:00:00Z"), day_of("2027-02-20")),
	                 BM_OVERDUE_INCIDENT);
	assert_string_equal(d.rule, "BORROW-6");
	assert_string_equal(d.code, "overdue_incident");
}

static void meet_2_a_document_comes_back_once(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_meeting_return(&d, 5, true));
	assert_false(bm_rules_meeting_return(&d, 5, false));
	assert_refused_by(d, "MEET-2", "meeting_document_back");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(meet_1_record_level_place_time_organiser),
	        cmocka_unit_test(meet_1_closed_meeting_never_changes),
	        cmocka_unit_test(meet_1_confidential_and_up_not_held_without_measures),
	        cmocka_unit_test(meet_1_participants_cleared_as_a_scope),
	        cmocka_unit_test(meet_1_organiser_and_meet_2_holder_stay_on_the_list),
	        cmocka_unit_test(meet_2_issued_at_the_open_meeting_to_a_participant),
	        cmocka_unit_test(circ_1_a_meeting_document_stays_within_its_own_scope),
	        cmocka_unit_test(meet_2_top_secret_back_at_the_end_rest_by_policy),
	        cmocka_unit_test(meet_2_not_back_alert_then_borrow_6_incident),
	        cmocka_unit_test(meet_2_a_document_comes_back_once),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
