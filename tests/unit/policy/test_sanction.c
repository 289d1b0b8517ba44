/*
 * test_sanction.c — src/policy/sanction.c: incidents carried to their end:
 * the discovery and the report to the higher authority (INC-1), the range
 * of sanctions by the level involved (INC-2) and the rewards of the
 * register (INSP-3). Test names carry the rule.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "policy/sanction.h"
#include "rules_assert.h"

static bm_decision d;

/* A sanction with findings on an incident of `level`, no factors. */
static bm_sanction_facts facts(int level, int measure)
{
	bm_sanction_facts f = {.measure = measure,
	                       .level = level,
	                       .findings_recorded = true,
	                       .factor = BM_FACTOR_NONE,
	                       .factor_text_given = false};
	return f;
}

/* INC-2: the table as the regulation states it, lightest and heaviest of each level. */
static void inc_2_range_table(void **state)
{
	bm_sanction_range r;
	BM_UNUSED(state);
	r = bm_rules_sanction_range_of(BM_LEVEL_CONFIDENTIAL);
	assert_true(r.has_range);
	assert_int_equal(r.lightest, BM_SANCTION_WARNING);
	assert_int_equal(r.heaviest, BM_SANCTION_DEMERIT);
	r = bm_rules_sanction_range_of(BM_LEVEL_SECRET);
	assert_true(r.has_range);
	assert_int_equal(r.lightest, BM_SANCTION_DEMERIT);
	assert_int_equal(r.heaviest, BM_SANCTION_DEMOTION);
	r = bm_rules_sanction_range_of(BM_LEVEL_TOP_SECRET);
	assert_true(r.has_range);
	assert_int_equal(r.lightest, BM_SANCTION_MAJOR_DEMERIT);
	assert_int_equal(r.heaviest, BM_SANCTION_DISMISSAL);
	assert_false(bm_rules_sanction_range_of(BM_LEVEL_INTERNAL).has_range);
	assert_false(bm_rules_sanction_range_of(BM_LEVEL_PUBLIC).has_range);
	assert_false(bm_rules_sanction_range_of((bm_level)-1).has_range);
	assert_string_equal(bm_sanction_names[BM_SANCTION_MAJOR_DEMERIT].zh, "记大过");
	assert_string_equal(bm_sanction_names[BM_SANCTION_DISMISSAL].code, "dismissal");
}

/* INC-2: every measure of every level is decided as the table says, without factors. */
static void inc_2_within_range_only(void **state)
{
	static const struct {
		int level;
		bool ok[BM_SANCTION_COUNT]; /* warning demerit major demotion dismissal */
	} want[] = {
	        {BM_LEVEL_CONFIDENTIAL, {true, true, false, false, false}},
	        {BM_LEVEL_SECRET, {false, true, true, true, false}},
	        {BM_LEVEL_TOP_SECRET, {false, false, true, true, true}},
	};
	BM_UNUSED(state);
	for (size_t i = 0; i < BM_ARRAY_LEN(want); i++) {
		for (int m = 0; m < BM_SANCTION_COUNT; m++) {
			bm_sanction_facts f = facts(want[i].level, m);
			bm_sanction_range r = bm_rules_sanction_range_of((bm_level)want[i].level);
			assert_int_equal(bm_rules_sanction(&d, &f), want[i].ok[m]);
			if (want[i].ok[m])
				continue;
			assert_refused_by(d, "INC-2",
			                  m > (int)r.heaviest ? "sanction_above_range"
			                                      : "sanction_below_range");
			assert_int_equal(d.klass, BM_EDENIED);
		}
	}
}

/* INC-2: heavier needs aggravating factors, lighter mitigating ones, written down. */
static void inc_2_factors_let_a_sanction_leave_the_range(void **state)
{
	bm_sanction_facts f = facts(BM_LEVEL_CONFIDENTIAL, BM_SANCTION_DISMISSAL);
	BM_UNUSED(state);
	f.factor = BM_FACTOR_MITIGATING;
	f.factor_text_given = true;
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "sanction_above_range");
	assert_non_null(strstr(d.reason_zh, "从重"));
	f.factor = BM_FACTOR_AGGRAVATING;
	f.factor_text_given = false;
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "factors_text_required");
	assert_int_equal(d.klass, BM_EINVALID);
	f.factor_text_given = true;
	assert_true(bm_rules_sanction(&d, &f));

	f = facts(BM_LEVEL_TOP_SECRET, BM_SANCTION_WARNING);
	f.factor = BM_FACTOR_AGGRAVATING;
	f.factor_text_given = true;
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "sanction_below_range");
	assert_non_null(strstr(d.reason_en, "mitigating"));
	f.factor = BM_FACTOR_MITIGATING;
	assert_true(bm_rules_sanction(&d, &f));

	/* Below 秘密 there is no range: only with factors. */
	f = facts(BM_LEVEL_INTERNAL, BM_SANCTION_WARNING);
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "sanction_no_range");
	f.factor = BM_FACTOR_MITIGATING;
	f.factor_text_given = true;
	assert_true(bm_rules_sanction(&d, &f));
}

/* INC-2: a known measure and factor, an incident with its level and findings. */
static void inc_2_refusals_on_the_facts(void **state)
{
	bm_sanction_facts f = facts(BM_LEVEL_SECRET, -1);
	BM_UNUSED(state);
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "invalid_sanction");
	assert_int_equal(d.klass, BM_EINVALID);
	f = facts(BM_LEVEL_SECRET, BM_SANCTION_DEMERIT);
	f.factor = -1;
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "invalid_factor");
	f = facts(-1, BM_SANCTION_DEMERIT);
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "sanction_level_unknown");
	f = facts(BM_LEVEL_SECRET, BM_SANCTION_DEMERIT);
	f.findings_recorded = false;
	assert_false(bm_rules_sanction(&d, &f));
	assert_refused_by(d, "INC-2", "sanction_findings_required");
	assert_int_equal(d.klass, BM_EDENIED);
}

/* INC-2, INSP-3: who decided, when (not in the future), which document. */
static void inc_2_insp_3_the_decision(void **state)
{
	int32_t today = day_of("2026-12-05");
	BM_UNUSED(state);
	assert_false(bm_rules_merit_decision(&d, "INC-2", false, today, true, today));
	assert_refused_by(d, "INC-2", "decided_by_required");
	assert_false(bm_rules_merit_decision(&d, "INSP-3", true, BM_DATE_NONE, true, today));
	assert_refused_by(d, "INSP-3", "decided_on_required");
	assert_false(bm_rules_merit_decision(&d, "INC-2", true, today + 1, true, today));
	assert_refused_by(d, "INC-2", "decided_in_future");
	assert_false(bm_rules_merit_decision(&d, "INC-2", true, today, false, today));
	assert_refused_by(d, "INC-2", "document_required");
	assert_true(bm_rules_merit_decision(&d, "INSP-3", true, today, true, today));
	assert_string_equal(d.rule, "INSP-3");
}

/* INSP-3: a reward is a known measure and says what it is for. */
static void insp_3_reward(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_reward(&d, -1, true));
	assert_refused_by(d, "INSP-3", "invalid_reward");
	assert_false(bm_rules_reward(&d, BM_REWARD_AWARD, false));
	assert_refused_by(d, "INSP-3", "reason_required");
	assert_true(bm_rules_reward(&d, BM_REWARD_COMMENDATION, true));
}

/* INC-1: the discovery has happened, and not after the opening. */
static void inc_1_discovery(void **state)
{
	int64_t now = 1800000000;
	BM_UNUSED(state);
	assert_false(bm_rules_incident_discovered(&d, false, 0, 0, now));
	assert_refused_by(d, "INC-1", "discovered_invalid");
	assert_false(bm_rules_incident_discovered(&d, true, now + 60, 0, now));
	assert_refused_by(d, "INC-1", "discovered_in_future");
	assert_false(bm_rules_incident_discovered(&d, true, now - 60, now - 120, now));
	assert_refused_by(d, "INC-1", "discovered_after_opening");
	assert_true(bm_rules_incident_discovered(&d, true, now - 3 * 86400, now - 120, now));
	assert_true(bm_rules_incident_discovered(&d, true, now, 0, now));
}

/* INC-1: the report to the higher authority: once, to whom, which document, when. */
static void inc_1_notice(void **state)
{
	bm_incident_notice_facts f = {.to_given = true,
	                              .document_given = true,
	                              .sent_at = 1800000000,
	                              .discovered_at = 1800000000 - 3600,
	                              .now = 1800000000 + 60,
	                              .already = false};
	bm_incident_notice_facts g;
	BM_UNUSED(state);
	assert_true(bm_rules_incident_notice(&d, &f));
	g = f;
	g.already = true;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_recorded");
	assert_int_equal(d.klass, BM_ECONFLICT);
	g = f;
	g.to_given = false;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_to_required");
	g = f;
	g.document_given = false;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_document_required");
	g = f;
	g.sent_at = 0;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_time_invalid");
	g = f;
	g.sent_at = g.now + 1;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_in_future");
	g = f;
	g.sent_at = g.discovered_at - 1;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_before_discovery");
}

/* INC-1: an amendment of the report recorded: with a reason, changing something, checked again. */
static void inc_1_notice_amendment(void **state)
{
	bm_incident_notice_facts f = {.to_given = true,
	                              .document_given = true,
	                              .sent_at = 1800000000,
	                              .discovered_at = 1800000000 - 3600,
	                              .now = 1800000000 + 60,
	                              .already = true,
	                              .amend = true,
	                              .reason_given = true,
	                              .changed = true};
	bm_incident_notice_facts g;
	BM_UNUSED(state);
	assert_true(bm_rules_incident_notice(&d, &f));
	assert_string_equal(d.rule, "INC-1");
	g = f;
	g.already = false;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_not_recorded");
	assert_int_equal(d.klass, BM_ECONFLICT);
	g = f;
	g.reason_given = false;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "amend_reason_required");
	g = f;
	g.changed = false;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_unchanged");
	/* the report as amended is checked as the first was */
	g = f;
	g.sent_at = g.discovered_at - 1;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_before_discovery");
	g = f;
	g.sent_at = g.now + 1;
	assert_false(bm_rules_incident_notice(&d, &g));
	assert_refused_by(d, "INC-1", "notice_in_future");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(inc_2_range_table),
	        cmocka_unit_test(inc_2_within_range_only),
	        cmocka_unit_test(inc_2_factors_let_a_sanction_leave_the_range),
	        cmocka_unit_test(inc_2_refusals_on_the_facts),
	        cmocka_unit_test(inc_2_insp_3_the_decision),
	        cmocka_unit_test(insp_3_reward),
	        cmocka_unit_test(inc_1_discovery),
	        cmocka_unit_test(inc_1_notice),
	        cmocka_unit_test(inc_1_notice_amendment),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
