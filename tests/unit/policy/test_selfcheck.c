/*
 * test_selfcheck.c — src/policy/selfcheck.c: the yearly self-assessment
 * (INSP-4, its month INSP-1): starting one a year, answering on the
 * evidence (a finding becomes a rectification, INSP-2), the signatures and
 * the alert of the policy's month. Test names carry the rule.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "model/device.h"
#include "policy/inspection.h"
#include "policy/selfcheck.h"
#include "rules_assert.h"

static bm_decision d;

static int32_t day(int y, int m, int dd)
{
	int32_t out = BM_DATE_NONE;
	assert_true(bm_date_from_ymd(y, m, dd, &out));
	return out;
}

/* INSP-4: this year or a past one, once a year. */
static void insp_4_start_once_a_year(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_insp_sa_start(&d, 2026, false, day(2026, 10, 9)));
	assert_string_equal(d.rule, "INSP-4");
	assert_true(bm_rules_insp_sa_start(&d, 2025, false, day(2026, 1, 9)));
	assert_false(bm_rules_insp_sa_start(&d, 2026, true, day(2026, 10, 9)));
	assert_refused_by(d, "INSP-4", "self_assessment_exists");
	assert_int_equal(d.klass, BM_ECONFLICT);
	assert_false(bm_rules_insp_sa_start(&d, 2027, false, day(2026, 12, 31)));
	assert_refused_by(d, "INSP-4", "year_in_future");
	assert_false(bm_rules_insp_sa_start(&d, 1999, false, day(2026, 12, 31)));
	assert_refused_by(d, "INSP-4", "invalid_year");
}

static bm_sa_answer_facts answer(int a, int64_t evidence)
{
	bm_sa_answer_facts f = {.is_signed = false,
	                        .answer = a,
	                        .evidence = evidence,
	                        .deadline = BM_DATE_NONE,
	                        .deadline_valid = true,
	                        .today = day(2026, 10, 12)};
	return f;
}

/* INSP-4: the clerk answers on the evidence, with a note where it says otherwise. */
static void insp_4_answer_on_the_evidence(void **state)
{
	bm_sa_answer_facts f;
	BM_UNUSED(state);
	f = answer(BM_SA_YES, 0);
	assert_true(bm_rules_insp_sa_answer(&d, &f));
	f = answer(BM_SA_YES, 3);
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-4", "evidence_contradicts");
	assert_non_null(strstr(d.reason_en, "3 cases"));
	f.note_given = true;
	assert_true(bm_rules_insp_sa_answer(&d, &f));
	f = answer(BM_SA_NA, 0);
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-4", "note_required");
	f.note_given = true;
	assert_true(bm_rules_insp_sa_answer(&d, &f));
	f = answer(-1, 0);
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-4", "invalid_answer");
	f = answer(BM_SA_YES, 0);
	f.is_signed = true;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-4", "self_assessment_signed");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

/* INSP-4 → INSP-2: a 不符合 is a finding with a department and a deadline not past. */
static void insp_2_a_finding_names_department_and_deadline(void **state)
{
	bm_sa_answer_facts f;
	BM_UNUSED(state);
	f = answer(BM_SA_NO, 2);
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "department_required");
	f.department_given = true;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "responsible_required");
	f.responsible_given = true;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "deadline_required");
	f.deadline_valid = false;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "invalid_date");
	f.deadline_valid = true;
	f.deadline = f.today - 1;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "deadline_past");
	f.deadline = f.today;
	assert_true(bm_rules_insp_sa_answer(&d, &f));
	f.deadline = f.today + 30;
	assert_true(bm_rules_insp_sa_answer(&d, &f));
	/* INSP-2: once its notice is issued, the item's answer stays, whatever is sent. */
	f.rectification_opened = true;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "rectification_opened");
	f.answer = BM_SA_YES;
	f.note_given = true;
	assert_false(bm_rules_insp_sa_answer(&d, &f));
	assert_refused_by(d, "INSP-2", "rectification_opened");
}

/* INSP-4: the clerk signs when every item is answered, then the leader in charge; then kept. */
static void insp_4_signatures(void **state)
{
	bm_sa_sign_facts clerk = {.as_leader = false, .holds_role = true};
	bm_sa_sign_facts leader = {.as_leader = true, .holds_role = true, .clerk_signed = true};
	bm_sa_sign_facts f;
	BM_UNUSED(state);
	assert_true(bm_rules_insp_sa_sign(&d, &clerk));
	f = clerk;
	f.unanswered = 2;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "items_unanswered");
	f = clerk;
	f.holds_role = false;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "clerk_required");
	assert_int_equal(d.klass, BM_EDENIED);
	f = clerk;
	f.clerk_signed = true;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "already_signed");
	assert_true(bm_rules_insp_sa_sign(&d, &leader));
	f = leader;
	f.clerk_signed = false;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "clerk_signature_first");
	f = leader;
	f.holds_role = false;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "leader_required");
	f = leader;
	f.same_person = true;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "same_signer");
	f = leader;
	f.leader_signed = true;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "self_assessment_signed");
	f = clerk;
	f.leader_signed = true;
	assert_false(bm_rules_insp_sa_sign(&d, &f));
	assert_refused_by(d, "INSP-4", "self_assessment_signed");
}

/* INSP-1/INSP-4: due in the policy's month, overdue after it, nothing once completed. */
static void insp_4_alert_in_the_policy_month(void **state)
{
	bm_policy p;
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	assert_int_equal(p.self_assessment_month, 10);
	assert_false(bm_rules_insp_sa_due(&d, &p, false, false, day(2026, 9, 30)));
	assert_true(bm_rules_insp_sa_due(&d, &p, false, false, day(2026, 10, 1)));
	assert_true(d.alert);
	assert_string_equal(d.rule, "INSP-4");
	assert_string_equal(d.code, "self_assessment_due");
	assert_int_equal(d.due_date, day(2026, 10, 31));
	assert_non_null(strstr(d.reason_en, "has not started"));
	assert_true(bm_rules_insp_sa_due(&d, &p, true, false, day(2026, 10, 31)));
	assert_string_equal(d.code, "self_assessment_due");
	assert_non_null(strstr(d.reason_en, "completed and signed"));
	assert_false(bm_rules_insp_sa_due(&d, &p, true, true, day(2026, 10, 15)));
	assert_true(bm_rules_insp_sa_due(&d, &p, true, false, day(2026, 11, 1)));
	assert_string_equal(d.code, "self_assessment_overdue");
	assert_int_equal(d.due_date, day(2026, 10, 31));
	assert_false(bm_rules_insp_sa_due(&d, &p, false, true, day(2026, 12, 31)));
	/* the policy's month moves it; December ends on the 31st */
	p.self_assessment_month = 12;
	assert_false(bm_rules_insp_sa_due(&d, &p, false, false, day(2026, 11, 30)));
	assert_true(bm_rules_insp_sa_due(&d, &p, false, false, day(2026, 12, 5)));
	assert_int_equal(d.due_date, day(2026, 12, 31));
	p.self_assessment_month = 2;
	assert_true(bm_rules_insp_sa_due(&d, &p, false, false, day(2028, 2, 29)));
	assert_int_equal(d.due_date, day(2028, 2, 29));
}

/* PERSON-2, PERSON-6, ORG-1, DEV-1: what the checklist counts. */
static void insp_4_checklist_facts(void **state)
{
	bm_policy p;
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	assert_true(bm_rules_insp_sa_commitment_missing(BM_CLASS_CORE, BM_DATE_NONE));
	assert_true(bm_rules_insp_sa_commitment_missing(BM_CLASS_IMPORTANT, BM_DATE_NONE));
	assert_false(bm_rules_insp_sa_commitment_missing(BM_CLASS_GENERAL, BM_DATE_NONE));
	assert_false(bm_rules_insp_sa_commitment_missing(BM_CLASS_CORE, day(2026, 1, 1)));
	assert_true(bm_rules_insp_sa_training_short(&p, BM_CLASS_GENERAL,
	                                            p.training_min_hours * 10 - 1));
	assert_false(
	        bm_rules_insp_sa_training_short(&p, BM_CLASS_GENERAL, p.training_min_hours * 10));
	assert_false(bm_rules_insp_sa_training_short(&p, BM_CLASS_NONE, 0));
	assert_true(bm_rules_insp_sa_statement_expired(day(2026, 1, 1), day(2026, 1, 2)));
	assert_false(bm_rules_insp_sa_statement_expired(day(2026, 1, 1), day(2026, 1, 1)));
	assert_false(bm_rules_insp_sa_statement_expired(BM_DATE_NONE, day(2026, 1, 1)));
	assert_true(bm_rules_insp_sa_device_unassigned(false, 0));
	assert_false(bm_rules_insp_sa_device_unassigned(false, 7));
	assert_false(bm_rules_insp_sa_device_unassigned(true, 0));
	assert_true(bm_rules_insp_sa_device_unlabelled(false, BM_LABEL_NONE));
	assert_true(bm_rules_insp_sa_device_unlabelled(false, BM_LABEL_OUTDATED));
	assert_false(bm_rules_insp_sa_device_unlabelled(false, BM_LABEL_CURRENT));
	assert_false(bm_rules_insp_sa_device_unlabelled(true, BM_LABEL_NONE));
	assert_true(bm_rules_insp_sa_rectification_open(BM_RECT_OPEN));
	assert_true(bm_rules_insp_sa_rectification_open(BM_RECT_REPORTED));
	assert_false(bm_rules_insp_sa_rectification_open(BM_RECT_CLOSED));
	assert_int_equal(bm_sa_item_find("device_label"), BM_SA_DEVICE_LABEL);
	assert_string_equal(bm_sa_items[BM_SA_RECTIFICATION].rule, "INSP-2");
	assert_int_equal(bm_sa_item_find("loan"), BM_SA_LOAN);
	assert_int_equal(bm_sa_item_find("nothing"), -1);
	for (int i = 0; i < BM_SA_ITEM_COUNT; i++) {
		assert_non_null(bm_sa_items[i].rule);
		assert_true(bm_sa_items[i].zh[0] && bm_sa_items[i].en[0]);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(insp_4_start_once_a_year),
	        cmocka_unit_test(insp_4_answer_on_the_evidence),
	        cmocka_unit_test(insp_2_a_finding_names_department_and_deadline),
	        cmocka_unit_test(insp_4_signatures),
	        cmocka_unit_test(insp_4_alert_in_the_policy_month),
	        cmocka_unit_test(insp_4_checklist_facts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
