/*
 * test_rules.c — src/policy/rules.c, rule by rule: each refusal and its
 * allowed path. Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/calendar.h"
#include "policy/policy.h"
#include "policy/rules.h"
#include "util/timeutil.h"

static bm_policy P;
static bm_decision d;

enum { DEPT = 10, OTHER_DEPT = 20, CUSTODIAN = 99 };

static const bm_scope_ref dept_scope[] = {{0, DEPT}};
static const bm_grant clerk_grant[] = {{BM_ROLE_CLERK, DEPT}};
static const bm_grant classifier_grant[] = {{BM_ROLE_CLASSIFIER, 0}};
static const bm_grant dept_head_grant[] = {{BM_ROLE_DEPT_HEAD, DEPT}};
static const bm_grant other_head_grant[] = {{BM_ROLE_DEPT_HEAD, OTHER_DEPT}};
static const bm_grant leader_grant[] = {{BM_ROLE_LEADER, 0}};
static const bm_grant principal_grant[] = {{BM_ROLE_PRINCIPAL, 0}};
static const bm_grant head_and_principal[] = {{BM_ROLE_DEPT_HEAD, DEPT}, {BM_ROLE_PRINCIPAL, 0}};

static int32_t D(const char *s)
{
	int32_t out = 0;
	if (!bm_date_parse(s, &out))
		fail_msg("bad test date '%s'", s);
	return out;
}

static int64_t T(const char *s)
{
	int64_t out = 0;
	if (!bm_time_parse(s, &out))
		fail_msg("bad test instant '%s'", s);
	return out;
}

/* A cleared, trained, committed person of DEPT. */
static bm_actor person(int64_t id, bm_class c, int32_t today)
{
	bm_actor a;
	bm_actor_init(&a);
	a.id = id;
	a.department_id = DEPT;
	a.person_class = c;
	a.commitment_on = today - 365;
	a.last_training = today - 30;
	return a;
}

static bm_actor with_grants(bm_actor a, const bm_grant *g, size_t n)
{
	a.grants = g;
	a.n_grants = n;
	return a;
}

/* A carrier of DEPT in store, scope = DEPT. */
static bm_item item(bm_level level)
{
	bm_item it = {0};
	it.id = 1;
	it.level = level;
	it.kind = BM_KIND_PAPER;
	it.status = BM_STATUS_IN_STORE;
	it.department_id = DEPT;
	it.custodian_id = CUSTODIAN;
	it.scope = dept_scope;
	it.n_scope = 1;
	return it;
}

static void use_policy(const char *text)
{
	int rc = bm_policy_parse(&P, text);
	if (rc != 0)
		fail_msg("policy refused: %s", bm_error_last()->message_en);
}

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	memset(&d, 0, sizeof(d));
	return 0;
}

#define assert_refused(rule_id, code_str)                                                          \
	do {                                                                                       \
		assert_false(d.allowed);                                                           \
		assert_string_equal(d.rule, rule_id);                                              \
		assert_string_equal(d.code, code_str);                                             \
		assert_bilingual(d.reason_zh, d.reason_en, false);                                 \
	} while (0)

#define assert_chain1(r0)                                                                          \
	do {                                                                                       \
		assert_true(d.allowed);                                                            \
		assert_int_equal(d.n_approvers, 1);                                                \
		assert_int_equal(d.approvers[0], r0);                                              \
	} while (0)

/* ---- PERSON ---- */

static void person_1_general_cannot_see_secret(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_GENERAL, today);
	BM_UNUSED(state);
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_SECRET, today));
	assert_refused("PERSON-1", "clearance_too_low");
	assert_int_equal(d.klass, BM_EDENIED);
}

static void person_1_core_sees_top_secret(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_TOP_SECRET, today));
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_TOP_SECRET);
	a.person_class = BM_CLASS_IMPORTANT;
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_SECRET);
	a.person_class = BM_CLASS_NONE;
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_INTERNAL);
}

static void person_1_uncleared_may_read_internal(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_NONE, today);
	BM_UNUSED(state);
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_INTERNAL, today));
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused("PERSON-1", "clearance_too_low");
}

static void person_2_no_commitment_no_clearance(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	a.commitment_on = BM_DATE_NONE;
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused("PERSON-2", "no_commitment");
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_INTERNAL);
}

static void person_2_assign_without_commitment_alerts(void **state)
{
	bm_actor a = person(1, BM_CLASS_NONE, D("2026-04-15"));
	BM_UNUSED(state);
	a.commitment_on = BM_DATE_NONE;
	assert_true(bm_rules_assign_class(&d, &a, BM_CLASS_IMPORTANT));
	assert_true(d.alert);
	assert_string_equal(d.rule, "PERSON-2");
	a.commitment_on = D("2026-01-01");
	assert_true(bm_rules_assign_class(&d, &a, BM_CLASS_IMPORTANT));
	assert_false(d.alert);
}

static void person_3_temporary_hire_blocked(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	a.temporary = true;
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused("PERSON-3", "temporary_hire");
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_INTERNAL, today));
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_INTERNAL);
}

static void person_3_temporary_cannot_be_given_class(void **state)
{
	bm_actor a = person(1, BM_CLASS_NONE, D("2026-04-15"));
	BM_UNUSED(state);
	a.temporary = true;
	assert_false(bm_rules_assign_class(&d, &a, BM_CLASS_GENERAL));
	assert_refused("PERSON-3", "temporary_hire");
	assert_true(bm_rules_assign_class(&d, &a, BM_CLASS_NONE));
	a.temporary = false;
	assert_true(bm_rules_assign_class(&d, &a, BM_CLASS_GENERAL));
}

static void person_4_declassification_period_by_class(void **state)
{
	int32_t left = D("2026-01-31");
	BM_UNUSED(state);
	assert_int_equal(bm_rules_decl_end(&P, BM_CLASS_GENERAL, left), D("2026-07-31"));
	assert_int_equal(bm_rules_decl_end(&P, BM_CLASS_IMPORTANT, left), D("2027-01-31"));
	assert_int_equal(bm_rules_decl_end(&P, BM_CLASS_CORE, left), D("2028-01-31"));
	assert_int_equal(bm_rules_decl_end(&P, BM_CLASS_NONE, left), left);
	use_policy("person.decl_months.core = 36\n");
	assert_int_equal(bm_rules_decl_end(&P, BM_CLASS_CORE, left), D("2029-01-31"));
}

static void person_7_declassification_period_blocks(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	a.decl_until = today;
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_CONFIDENTIAL, today));
	assert_refused("PERSON-7", "declassification_period");
	a.decl_until = today - 1;
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_CONFIDENTIAL, today));
}

static void person_7_disabled_blocks_everything(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	a.disabled = true;
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_INTERNAL, today));
	assert_refused("PERSON-7", "person_disabled");
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_PUBLIC);
}

static void person_7_lapsed_training_blocks(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	use_policy("training.lapse_blocks = true\n");
	a.last_training = D("2025-10-14"); /* core: six months */
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_SECRET, today));
	assert_refused("PERSON-7", "training_lapsed");
	a.last_training = D("2025-10-15");
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_SECRET, today));
	a.last_training = BM_DATE_NONE; /* never trained */
	assert_false(bm_rules_person_access(&d, &P, &a, BM_LEVEL_SECRET, today));
}

static void person_6_general_staff_train_yearly(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_GENERAL, today);
	BM_UNUSED(state);
	a.last_training = D("2025-10-01");
	assert_false(bm_rules_training_lapsed(&P, &a, today));
	a.person_class = BM_CLASS_IMPORTANT;
	assert_true(bm_rules_training_lapsed(&P, &a, today));
}

static void person_7_lapse_only_alerts_when_policy_says(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	/* the default: baomi keeps no training records yet, so a lapse only alerts */
	a.last_training = BM_DATE_NONE;
	assert_true(bm_rules_person_access(&d, &P, &a, BM_LEVEL_SECRET, today));
	assert_true(d.alert);
	assert_string_equal(d.code, "training_lapsed");
	assert_int_equal(bm_rules_clearance(&P, &a, today), BM_LEVEL_TOP_SECRET);
}

static void level_2_scope_by_person_or_department(void **state)
{
	int32_t today = D("2026-04-15");
	bm_scope_ref scope[] = {{7, 0}, {0, OTHER_DEPT}};
	bm_item it = item(BM_LEVEL_SECRET);
	bm_actor a = person(7, BM_CLASS_CORE, today);
	BM_UNUSED(state);
	it.scope = scope;
	it.n_scope = 2;
	assert_true(bm_rules_in_scope(&it, &a)); /* named */
	a.id = 8;
	assert_false(bm_rules_in_scope(&it, &a));
	a.department_id = OTHER_DEPT;
	assert_true(bm_rules_in_scope(&it, &a)); /* by department */
	a.external = true;
	assert_false(bm_rules_in_scope(&it, &a)); /* another unit's department 20 is not ours */
}

/* ---- LEVEL ---- */

/* DEV-2 (issue 13): a medium's level is raised, never lowered nor declassified. */
static void dev_2_medium_level_never_goes_down(void **state)
{
	static const bm_kind media[] = {BM_KIND_USB, BM_KIND_REMOVABLE_DISK, BM_KIND_OPTICAL_DISC,
	                                BM_KIND_HARD_DISK};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(media); i++) {
		assert_false(bm_rules_medium_level(&d, media[i], 7, BM_LEVEL_SECRET,
		                                   BM_LEVEL_CONFIDENTIAL));
		assert_refused("DEV-2", "medium_level_down");
		assert_false(
		        bm_rules_medium_level(&d, media[i], 7, BM_LEVEL_SECRET, BM_LEVEL_PUBLIC));
		assert_refused("DEV-2", "medium_level_down");
		assert_true(bm_rules_medium_level(&d, media[i], 7, BM_LEVEL_SECRET,
		                                  BM_LEVEL_TOP_SECRET));
	}
	assert_true(bm_rules_medium_level(&d, BM_KIND_PAPER, 7, BM_LEVEL_SECRET, BM_LEVEL_PUBLIC));
	assert_true(bm_rules_medium_level(&d, BM_KIND_OTHER, 7, BM_LEVEL_SECRET, BM_LEVEL_PUBLIC));
}

static void level_8_no_period_gets_maximum(void **state)
{
	int32_t start = D("2026-04-15");
	bm_period per = {BM_PERIOD_NONE, 0, 0, 0, NULL};
	BM_UNUSED(state);
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_int_equal(per.kind, BM_PERIOD_YEARS);
	assert_int_equal(per.years, 20);
	assert_int_equal(d.due_date, D("2046-04-15"));
	per.kind = BM_PERIOD_NONE;
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_TOP_SECRET, start, &per));
	assert_int_equal(per.years, 30);
	per.kind = BM_PERIOD_NONE;
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_int_equal(per.years, 10);
}

static void level_3_period_beyond_maximum_refused(void **state)
{
	int32_t start = D("2026-04-15");
	bm_period per = {BM_PERIOD_YEARS, 11, 0, 0, NULL};
	BM_UNUSED(state);
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_refused("LEVEL-3", "period_too_long");
	assert_int_equal(d.klass, BM_EINVALID);
	per.years = 10;
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_int_equal(d.due_date, D("2036-04-15"));
	per.years = 0;
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_refused("LEVEL-3", "period_invalid");
}

static void level_3_policy_lowers_maximum(void **state)
{
	int32_t start = D("2026-04-15");
	bm_period per = {BM_PERIOD_YEARS, 15, 0, 0, NULL};
	BM_UNUSED(state);
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	use_policy("period.max_years.secret = 10\n");
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_refused("LEVEL-3", "period_too_long");
}

static void level_3_declassification_date_within_maximum(void **state)
{
	int32_t start = D("2026-04-15");
	bm_period per = {BM_PERIOD_UNTIL, 0, D("2036-04-16"), 0, NULL};
	BM_UNUSED(state);
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_refused("LEVEL-3", "period_too_long");
	per.until = D("2036-04-15");
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_int_equal(d.due_date, per.until);
	per.until = start;
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_CONFIDENTIAL, start, &per));
	assert_refused("LEVEL-3", "period_in_past");
}

static void level_3_event_needs_review_date(void **state)
{
	int32_t start = D("2026-04-15");
	bm_period per = {BM_PERIOD_EVENT, 0, 0, BM_DATE_NONE, "工程竣工后"};
	BM_UNUSED(state);
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_refused("LEVEL-3", "review_date_required");
	per.review = D("2047-01-01");
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_refused("LEVEL-3", "period_too_long");
	per.review = D("2030-01-01");
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_int_equal(d.due_date, per.review);
	per.event = "";
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_SECRET, start, &per));
	assert_refused("LEVEL-8", "event_required");
}

static void level_2_internal_takes_no_period(void **state)
{
	bm_period per = {BM_PERIOD_YEARS, 5, 0, 0, NULL};
	BM_UNUSED(state);
	assert_false(bm_rules_period(&d, &P, BM_LEVEL_INTERNAL, D("2026-04-15"), &per));
	assert_refused("LEVEL-2", "period_not_applicable");
	per.kind = BM_PERIOD_NONE;
	assert_true(bm_rules_period(&d, &P, BM_LEVEL_INTERNAL, D("2026-04-15"), &per));
	assert_int_equal(per.kind, BM_PERIOD_NONE);
}

static void level_8_marking_text(void **state)
{
	char buf[64];
	bm_period years = {BM_PERIOD_YEARS, 10, 0, 0, NULL};
	bm_period until = {BM_PERIOD_UNTIL, 0, D("2030-01-01"), 0, NULL};
	bm_period event = {BM_PERIOD_EVENT, 0, 0, D("2030-01-01"), "项目验收后"};
	BM_UNUSED(state);
	assert_int_equal(bm_rules_marking(buf, sizeof(buf), BM_LEVEL_SECRET, &years, false, false),
	                 0);
	assert_string_equal(buf, "机密★10年");
	assert_int_equal(bm_rules_marking(buf, sizeof(buf), BM_LEVEL_SECRET, &years, false, true),
	                 0);
	assert_string_equal(buf, "secret★10 years");
	assert_int_equal(
	        bm_rules_marking(buf, sizeof(buf), BM_LEVEL_TOP_SECRET, &until, false, false), 0);
	assert_string_equal(buf, "绝密★2030年1月1日");
	assert_int_equal(
	        bm_rules_marking(buf, sizeof(buf), BM_LEVEL_CONFIDENTIAL, &event, false, false), 0);
	assert_string_equal(buf, "秘密★项目验收后");
	assert_int_equal(bm_rules_marking(buf, sizeof(buf), BM_LEVEL_INTERNAL, NULL, false, false),
	                 0);
	assert_string_equal(buf, "内部");
	assert_int_equal(bm_rules_marking(buf, sizeof(buf), BM_LEVEL_SECRET, &years, true, false),
	                 0);
	assert_string_equal(buf, "解密");
	assert_int_equal(bm_rules_marking(buf, 6, BM_LEVEL_SECRET, &years, false, false),
	                 BM_ETOOLARGE);
	assert_true(strlen(buf) < 6);
}

/* LEVEL-7/8: a decided carrier's note and one-line marking with the original struck. */
static void level_7_8_decided_marking_text(void **state)
{
	char buf[160];
	int32_t day = D("2026-12-05");
	BM_UNUSED(state);
	assert_int_equal(bm_rules_marking_note(buf, sizeof(buf), day, true, false), 0);
	assert_string_equal(buf, "2026年12月5日解密");
	assert_int_equal(bm_rules_marking_note(buf, sizeof(buf), day, true, true), 0);
	assert_string_equal(buf, "declassified 2026-12-05");
	assert_int_equal(bm_rules_marking_note(buf, sizeof(buf), day, false, false), 0);
	assert_string_equal(buf, "2026年12月5日变更密级");
	assert_int_equal(bm_rules_marking_note(buf, sizeof(buf), day, false, true), 0);
	assert_string_equal(buf, "level changed 2026-12-05");
	assert_int_equal(
	        bm_rules_marking_text(buf, sizeof(buf), "解密", "机密★10年", day, true, false), 0);
	assert_string_equal(buf, "解密（原标志机密★10年已划去，2026年12月5日解密）");
	assert_int_equal(bm_rules_marking_text(buf, sizeof(buf), "confidential★5 years",
	                                       "secret★10 years", day, false, true),
	                 0);
	assert_string_equal(buf, "confidential★5 years (original marking secret★10 years struck "
	                         "out; level changed 2026-12-05)");
	/* Never decided: the marking alone. */
	assert_int_equal(bm_rules_marking_text(buf, sizeof(buf), "机密★10年", NULL, BM_DATE_NONE,
	                                       false, false),
	                 0);
	assert_string_equal(buf, "机密★10年");
	/* Too small: refused, terminated. */
	assert_int_equal(bm_rules_marking_text(buf, 12, "解密", "机密★10年", day, true, false),
	                 BM_ETOOLARGE);
	assert_true(strlen(buf) < 12);
	assert_int_equal(bm_rules_marking_note(buf, 8, day, true, false), BM_ETOOLARGE);
}

static void level_6_review_flagged_within_window(void **state)
{
	int32_t end = D("2026-06-30");
	BM_UNUSED(state);
	assert_false(bm_rules_period_review(&d, &P, end, end - 31));
	assert_false(d.alert);
	assert_true(bm_rules_period_review(&d, &P, end, end - 30));
	assert_true(d.alert);
	assert_string_equal(d.code, "period_ending");
	assert_true(bm_rules_period_review(&d, &P, end, end + 1));
	assert_string_equal(d.code, "period_ended");
	assert_string_equal(d.rule, "LEVEL-6");
}

static void level_4_only_classifier_decides(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor head = with_grants(person(1, BM_CLASS_CORE, today), dept_head_grant, 1);
	bm_actor cls = with_grants(person(2, BM_CLASS_CORE, today), classifier_grant, 1);
	BM_UNUSED(state);
	assert_false(bm_rules_level_change(&d, &P, &head, BM_LEVEL_SECRET, BM_LEVEL_CONFIDENTIAL,
	                                   today));
	assert_refused("LEVEL-4", "not_classification_authority");
	assert_true(
	        bm_rules_level_change(&d, &P, &cls, BM_LEVEL_SECRET, BM_LEVEL_CONFIDENTIAL, today));
	assert_true(bm_rules_level_change(&d, &P, &cls, BM_LEVEL_SECRET, BM_LEVEL_PUBLIC, today));
	/* The policy may name another role as the authority. */
	use_policy("approver.level_change.secret = dept_head\n");
	assert_true(bm_rules_level_change(&d, &P, &head, BM_LEVEL_SECRET, BM_LEVEL_CONFIDENTIAL,
	                                  today));
}

static void level_10_not_above_own_clearance(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor cls = with_grants(person(2, BM_CLASS_IMPORTANT, today), classifier_grant, 1);
	BM_UNUSED(state);
	assert_true(
	        bm_rules_level_change(&d, &P, &cls, BM_LEVEL_CONFIDENTIAL, BM_LEVEL_SECRET, today));
	assert_false(
	        bm_rules_level_change(&d, &P, &cls, BM_LEVEL_SECRET, BM_LEVEL_TOP_SECRET, today));
	assert_refused("LEVEL-10", "above_own_clearance");
	/* Issue 13 point 12: the message names the person's own clearance, not the target. */
	assert_non_null(strstr(d.reason_zh, "不得超出本人可知悉的密级（机密）"));
	assert_null(strstr(d.reason_zh, "可知悉的密级（绝密）"));
	assert_non_null(strstr(d.reason_en, "own clearance ('secret')"));
	assert_false(
	        bm_rules_level_change(&d, &P, &cls, BM_LEVEL_TOP_SECRET, BM_LEVEL_PUBLIC, today));
	assert_refused("LEVEL-10", "above_own_clearance");
}

/* FOREIGN-1 (issue 13 point 9): a dispatch to a foreign party consumes an approved request. */
static void foreign_1_foreign_dispatch_needs_the_approved_request(void **state)
{
	bm_foreign_dispatch plain = {0}, bare = {.foreign = true};
	bm_foreign_dispatch ok = {.foreign = true,
	                          .request_given = true,
	                          .carriers_match = true,
	                          .recipient_match = true};
	bm_foreign_dispatch others = ok, elsewhere = ok, named = ok;
	BM_UNUSED(state);
	assert_true(bm_rules_foreign_dispatch(&d, &plain));
	assert_true(bm_rules_foreign_dispatch(&d, &ok));
	assert_false(bm_rules_foreign_dispatch(&d, &bare));
	assert_refused("FOREIGN-1", "foreign_request_required");
	others.carriers_match = false;
	assert_false(bm_rules_foreign_dispatch(&d, &others));
	assert_refused("FOREIGN-1", "foreign_carriers_differ");
	elsewhere.recipient_match = false;
	assert_false(bm_rules_foreign_dispatch(&d, &elsewhere));
	assert_refused("FOREIGN-1", "foreign_recipient_differs");
	/* Naming a request makes the dispatch a foreign one, checked the same way. */
	named.foreign = false;
	named.recipient_match = false;
	assert_false(bm_rules_foreign_dispatch(&d, &named));
	assert_refused("FOREIGN-1", "foreign_recipient_differs");
}

static void level_7_unchanged_level_refused(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor cls = with_grants(person(2, BM_CLASS_CORE, today), classifier_grant, 1);
	BM_UNUSED(state);
	assert_false(bm_rules_level_change(&d, &P, &cls, BM_LEVEL_SECRET, BM_LEVEL_SECRET, today));
	assert_refused("LEVEL-7", "level_unchanged");
}

static void level_5_volume_takes_highest_part(void **state)
{
	bm_level parts[] = {BM_LEVEL_INTERNAL, BM_LEVEL_SECRET, BM_LEVEL_CONFIDENTIAL};
	BM_UNUSED(state);
	assert_false(bm_rules_volume_level(&d, BM_LEVEL_CONFIDENTIAL, parts, 3));
	assert_refused("LEVEL-5", "volume_level_too_low");
	assert_true(bm_rules_volume_level(&d, BM_LEVEL_SECRET, parts, 3));
	assert_true(bm_rules_volume_level(&d, BM_LEVEL_TOP_SECRET, parts, 3));
	assert_true(bm_rules_volume_level(&d, BM_LEVEL_PUBLIC, parts, 0));
}

/* ---- REG ---- */

static void reg_2_same_day_registration(void **state)
{
	int32_t today = D("2026-04-15");
	BM_UNUSED(state);
	assert_true(bm_rules_registration(&d, &P, today, today));
	assert_false(d.alert);
	assert_true(bm_rules_registration(&d, &P, today - 1, today));
	assert_true(d.alert);
	assert_string_equal(d.rule, "REG-2");
	assert_string_equal(d.code, "late_registration");
	assert_false(bm_rules_registration(&d, &P, today + 1, today));
	assert_refused("REG-2", "date_in_future");
}

static void reg_2_policy_allows_days(void **state)
{
	int32_t today = D("2026-04-15");
	BM_UNUSED(state);
	use_policy("registration.max_days = 2\n");
	assert_true(bm_rules_registration(&d, &P, today - 2, today));
	assert_false(d.alert);
	assert_true(bm_rules_registration(&d, &P, today - 3, today));
	assert_true(d.alert);
}

static void reg_5_handling_deadlines(void **state)
{
	int32_t rec = D("2026-04-01");
	BM_UNUSED(state);
	assert_false(bm_rules_handling_due(&d, &P, BM_URGENCY_NORMAL, rec, rec + 35));
	assert_int_equal(d.due_date, rec + 35);
	assert_true(bm_rules_handling_due(&d, &P, BM_URGENCY_NORMAL, rec, rec + 36));
	assert_string_equal(d.code, "handling_overdue");
	assert_false(bm_rules_handling_due(&d, &P, BM_URGENCY_URGENT, rec, rec));
	assert_true(bm_rules_handling_due(&d, &P, BM_URGENCY_EXTRA_URGENT, rec, rec + 1));
}

/* ---- approvals ---- */

static bm_request request(bm_op op, bm_level level, int64_t requester, int32_t today)
{
	bm_request r = {0};
	r.op = op;
	r.level = level;
	r.requester_id = requester;
	r.department_id = DEPT;
	r.requested_on = today;
	return r;
}

static void approve_nobody_approves_own_request(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor head = with_grants(person(5, BM_CLASS_CORE, today), dept_head_grant, 1);
	bm_request r = request(BM_OP_BORROW, BM_LEVEL_CONFIDENTIAL, 5, today);
	BM_UNUSED(state);
	assert_false(bm_rules_approve(&d, &P, &r, &head, today));
	assert_refused("BORROW-1", "self_approval");
	r.requester_id = 6;
	assert_true(bm_rules_approve(&d, &P, &r, &head, today));
	assert_int_equal(d.n_approvers, 0);
}

static void approve_role_must_be_for_the_department(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor other = with_grants(person(5, BM_CLASS_CORE, today), other_head_grant, 1);
	bm_actor leader = with_grants(person(7, BM_CLASS_CORE, today), leader_grant, 1);
	bm_request r = request(BM_OP_BORROW, BM_LEVEL_CONFIDENTIAL, 1, today);
	BM_UNUSED(state);
	assert_false(bm_rules_approve(&d, &P, &r, &other, today));
	assert_refused("BORROW-1", "approver_role");
	/* A leader is not a department head either. */
	assert_false(bm_rules_approve(&d, &P, &r, &leader, today));
	/* Secret: the unit-wide leader approves any department. */
	r.level = BM_LEVEL_SECRET;
	r.department_id = OTHER_DEPT;
	assert_true(bm_rules_approve(&d, &P, &r, &leader, today));
}

static void approve_chain_in_order_and_not_twice(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor both = with_grants(person(5, BM_CLASS_CORE, today), head_and_principal, 2);
	bm_actor boss = with_grants(person(6, BM_CLASS_CORE, today), principal_grant, 1);
	bm_actor head = with_grants(person(4, BM_CLASS_CORE, today), dept_head_grant, 1);
	bm_request r = request(BM_OP_BORROW, BM_LEVEL_SECRET, 1, today);
	int64_t done[] = {5};
	BM_UNUSED(state);
	use_policy("approver.borrow.secret = dept_head, principal\n");
	assert_false(bm_rules_approve(&d, &P, &r, &boss, today)); /* step 0 is the dept head */
	assert_refused("BORROW-1", "approver_role");
	assert_true(bm_rules_approve(&d, &P, &r, &both, today));
	assert_chain1(BM_ROLE_PRINCIPAL);
	r.approved_by = done;
	r.n_approved = 1;
	assert_false(bm_rules_approve(&d, &P, &r, &both, today));
	assert_refused("BORROW-1", "approver_repeated");
	assert_false(bm_rules_approve(&d, &P, &r, &head, today));
	assert_refused("BORROW-1", "approver_role");
	assert_true(bm_rules_approve(&d, &P, &r, &boss, today));
	assert_int_equal(d.n_approvers, 0);
	r.n_approved = 2;
	assert_false(bm_rules_approve(&d, &P, &r, &boss, today));
	assert_refused("BORROW-1", "nothing_to_approve");
}

static void approve_request_lapses(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor head = with_grants(person(5, BM_CLASS_CORE, today), dept_head_grant, 1);
	bm_request r = request(BM_OP_BORROW, BM_LEVEL_CONFIDENTIAL, 1, today - 7);
	BM_UNUSED(state);
	assert_true(bm_rules_approve(&d, &P, &r, &head, today));
	r.requested_on = today - 8;
	assert_false(bm_rules_approve(&d, &P, &r, &head, today));
	assert_refused("BORROW-1", "request_expired");
}

static void approve_person_1_approver_must_be_cleared(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor leader = with_grants(person(7, BM_CLASS_GENERAL, today), leader_grant, 1);
	bm_request r = request(BM_OP_COPY, BM_LEVEL_SECRET, 1, today);
	BM_UNUSED(state);
	assert_false(bm_rules_approve(&d, &P, &r, &leader, today));
	assert_refused("PERSON-1", "approver_clearance");
	r.level = BM_LEVEL_CONFIDENTIAL;
	assert_true(bm_rules_approve(&d, &P, &r, &leader, today));
}

static void approve_internal_needs_nothing(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor head = with_grants(person(5, BM_CLASS_CORE, today), dept_head_grant, 1);
	bm_request r = request(BM_OP_BORROW, BM_LEVEL_INTERNAL, 1, today);
	BM_UNUSED(state);
	assert_false(bm_rules_approve(&d, &P, &r, &head, today));
	assert_refused("BORROW-1", "nothing_to_approve");
}

static void op_rules_name_the_approve_rule(void **state)
{
	BM_UNUSED(state);
	assert_string_equal(bm_op_rule(BM_OP_BORROW), "BORROW-1");
	assert_string_equal(bm_op_rule(BM_OP_COPY), "COPY-1");
	assert_string_equal(bm_op_rule(BM_OP_TAKE_OUT), "CARRY-1");
	assert_string_equal(bm_op_rule(BM_OP_DESTROY), "DESTROY-1");
	assert_string_equal(bm_op_rule(BM_OP_LEVEL_CHANGE), "LEVEL-4");
	assert_string_equal(bm_op_rule(BM_OP_OUTSIDE_READER), "BORROW-5");
	for (int op = 0; op < BM_OP_COUNT; op++)
		assert_non_null(bm_op_rule((bm_op)op));
}

/* ---- MAKE ---- */

static void make_1_needs_leader_approval(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_IMPORTANT, today);
	BM_UNUSED(state);
	assert_true(bm_rules_make(&d, &P, &a, BM_LEVEL_SECRET, 5, today));
	assert_chain1(BM_ROLE_LEADER);
	assert_false(bm_rules_make(&d, &P, &a, BM_LEVEL_TOP_SECRET, 5, today));
	assert_refused("PERSON-1", "clearance_too_low");
	assert_false(bm_rules_make(&d, &P, &a, BM_LEVEL_SECRET, 0, today));
	assert_refused("MAKE-2", "copies_required");
}

static void make_2_exact_copy_count(void **state)
{
	int serials[] = {1, 2, 3};
	int dup[] = {1, 2, 2};
	int high[] = {1, 2, 4};
	BM_UNUSED(state);
	assert_false(bm_rules_make_count(&d, 3, 4, NULL, 0));
	assert_refused("MAKE-2", "extra_copies");
	assert_false(bm_rules_make_count(&d, 3, 2, NULL, 0));
	assert_refused("MAKE-2", "missing_copies");
	assert_true(bm_rules_make_count(&d, 3, 3, serials, 3));
	assert_false(bm_rules_make_count(&d, 3, 3, dup, 3));
	assert_refused("MAKE-2", "serial_invalid");
	assert_false(bm_rules_make_count(&d, 3, 3, high, 3));
	assert_refused("MAKE-2", "serial_invalid");
	assert_false(bm_rules_make_count(&d, 3, 3, serials, 2));
	assert_refused("MAKE-2", "serials_missing");
}

/* ---- SEND ---- */

static void send_1_ordinary_channels_refused(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_MAIL, 0));
	assert_refused("SEND-1", "channel_forbidden");
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_INTERNET, 0));
	assert_refused("SEND-1", "channel_forbidden");
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_EXPRESS, 0));
	assert_true(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_COURIER, 0));
	assert_true(bm_rules_send(&d, &P, BM_LEVEL_INTERNAL, BM_CHANNEL_MAIL, 0));
	/* The unit may allow express for 秘密, never ordinary mail. */
	use_policy("send.forbidden.confidential = mail,fax,phone,internet\n");
	assert_true(bm_rules_send(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_EXPRESS, 0));
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_CHANNEL_MAIL, 0));
}

static void send_3_top_secret_never_by_fax(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_ENCRYPTED_FAX, 2));
	assert_refused("SEND-3", "channel_forbidden");
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_FAX, 2));
	assert_refused("SEND-3", "channel_forbidden");
	assert_true(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_ENCRYPTED_FAX, 0));
}

static void send_2_escorts_by_level(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_DEDICATED, 1));
	assert_refused("SEND-2", "escorts_required");
	assert_true(bm_rules_send(&d, &P, BM_LEVEL_TOP_SECRET, BM_CHANNEL_DEDICATED, 2));
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_DEDICATED, 0));
	assert_refused("SEND-2", "escorts_required");
	assert_true(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_DEDICATED, 1));
	use_policy("send.escorts.secret = 2\n");
	assert_false(bm_rules_send(&d, &P, BM_LEVEL_SECRET, BM_CHANNEL_DEDICATED, 1));
}

/* ---- CIRC ---- */

static void circ_2_no_lateral_passing(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor clerk = with_grants(person(3, BM_CLASS_CORE, today), clerk_grant, 1);
	bm_actor r1 = person(1, BM_CLASS_IMPORTANT, today);
	bm_actor r2 = person(2, BM_CLASS_IMPORTANT, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	assert_false(bm_rules_pass(&d, &P, &it, &r1, &r2, today));
	assert_refused("CIRC-2", "lateral_passing");
	assert_true(bm_rules_pass(&d, &P, &it, &clerk, &r2, today));
	assert_true(bm_rules_pass(&d, &P, &it, &r1, &clerk, today)); /* back to the clerk */
}

static void circ_1_recipient_inside_scope_and_cleared(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor clerk = with_grants(person(3, BM_CLASS_CORE, today), clerk_grant, 1);
	bm_actor outsider = person(2, BM_CLASS_IMPORTANT, today);
	bm_actor general = person(4, BM_CLASS_GENERAL, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	outsider.department_id = OTHER_DEPT;
	assert_false(bm_rules_pass(&d, &P, &it, &clerk, &outsider, today));
	assert_refused("CIRC-1", "outside_scope");
	assert_false(bm_rules_pass(&d, &P, &it, &clerk, &general, today));
	assert_refused("PERSON-1", "clearance_too_low");
}

static void circ_1_widen_scope_needs_leader(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor outsider = person(2, BM_CLASS_IMPORTANT, today);
	bm_actor insider = person(3, BM_CLASS_IMPORTANT, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	outsider.department_id = OTHER_DEPT;
	assert_true(bm_rules_add_to_scope(&d, &P, &it, &outsider, today));
	assert_chain1(BM_ROLE_LEADER);
	assert_string_equal(d.rule, "CIRC-1");
	assert_false(bm_rules_add_to_scope(&d, &P, &it, &insider, today));
	assert_refused("CIRC-1", "already_in_scope");
}

static void person_7_lapsed_person_not_added_to_scope(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor p = person(2, BM_CLASS_IMPORTANT, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	use_policy("training.lapse_blocks = true\n");
	p.department_id = OTHER_DEPT;
	p.last_training = today - 400;
	assert_false(bm_rules_add_to_scope(&d, &P, &it, &p, today));
	assert_refused("PERSON-7", "training_lapsed");
}

static void circ_3_secret_back_the_same_day(void **state)
{
	int64_t issued = T("2026-04-15T02:00:00Z"); /* 10:00 in Beijing */
	BM_UNUSED(state);
	assert_false(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_SECRET, issued,
	                                          T("2026-04-15T15:59:59Z")));
	assert_int_equal(d.due_at, T("2026-04-15T16:00:00Z")); /* local midnight */
	assert_true(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_SECRET, issued,
	                                         T("2026-04-15T16:00:00Z")));
	assert_true(d.alert);
	assert_string_equal(d.rule, "CIRC-3");
	assert_string_equal(d.code, "return_overdue");
	assert_true(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_CONFIDENTIAL, issued,
	                                         T("2026-04-16T01:00:00Z")));
}

static void circ_3_top_secret_back_immediately(void **state)
{
	int64_t issued = T("2026-04-15T02:00:00Z");
	BM_UNUSED(state);
	assert_false(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_TOP_SECRET, issued,
	                                          issued + 59 * 60));
	assert_true(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_TOP_SECRET, issued,
	                                         issued + 60 * 60));
	assert_int_equal(d.due_at, issued + 3600);
	use_policy("circulation.immediate_minutes = 30\n");
	assert_true(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_TOP_SECRET, issued,
	                                         issued + 30 * 60));
}

static void circ_3_policy_moves_the_same_day_level(void **state)
{
	int64_t issued = T("2026-04-15T02:00:00Z");
	int64_t next_morning = T("2026-04-16T01:00:00Z");
	BM_UNUSED(state);
	use_policy("circulation.same_day_level = secret\n");
	/* 秘密 now falls under REG-5's circulation days. */
	assert_false(
	        bm_rules_circulation_overdue(&d, &P, BM_LEVEL_CONFIDENTIAL, issued, next_morning));
	assert_string_equal(d.rule, "REG-5");
	assert_int_equal(d.due_date, D("2026-04-22"));
	assert_true(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_SECRET, issued, next_morning));
}

static void reg_5_ordinary_circulation_within_a_week(void **state)
{
	int64_t issued = T("2026-04-15T02:00:00Z");
	BM_UNUSED(state);
	assert_false(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_INTERNAL, issued,
	                                          T("2026-04-22T15:00:00Z")));
	assert_true(bm_rules_circulation_overdue(&d, &P, BM_LEVEL_INTERNAL, issued,
	                                         T("2026-04-22T16:00:00Z")));
	assert_string_equal(d.code, "circulation_overdue");
}

/* ---- FOREIGN ---- */

static void foreign_1_needs_higher_authority(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	assert_false(bm_rules_foreign(&d, &P, &a, &it, false, today));
	assert_refused("FOREIGN-1", "higher_approval_required");
	assert_true(bm_rules_foreign(&d, &P, &a, &it, true, today));
	assert_chain1(BM_ROLE_PRINCIPAL);
}

/* ---- BORROW ---- */

static void borrow_1_approver_by_level(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_CONFIDENTIAL);
	BM_UNUSED(state);
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_chain1(BM_ROLE_DEPT_HEAD);
	assert_string_equal(d.rule, "BORROW-1");
	it.level = BM_LEVEL_SECRET;
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_chain1(BM_ROLE_LEADER);
	it.level = BM_LEVEL_TOP_SECRET;
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, false));
	assert_chain1(BM_ROLE_PRINCIPAL);
	it.level = BM_LEVEL_INTERNAL;
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_int_equal(d.n_approvers, 0);
}

static void borrow_1_policy_sets_the_chain(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	use_policy("approver.borrow.secret = dept_head,principal\n");
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_int_equal(d.n_approvers, 2);
	assert_int_equal(d.approvers[0], BM_ROLE_DEPT_HEAD);
	assert_int_equal(d.approvers[1], BM_ROLE_PRINCIPAL);
}

static void borrow_2_due_in_working_days_across_national_day(void **state)
{
	int32_t today = D("2026-09-24");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_CONFIDENTIAL);
	BM_UNUSED(state);
	/* 9-25..27 中秋, 10-1..7 国庆, 10-10 a Saturday worked. */
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_int_equal(d.due_date, D("2026-10-15"));
	assert_false(d.onsite_only);
	it.level = BM_LEVEL_SECRET;
	assert_true(bm_rules_borrow(&d, &P, &a, &it, D("2026-09-30"), true));
	assert_int_equal(d.due_date, D("2026-10-13"));
	use_policy("borrow.term_days.secret = 0\n");
	assert_true(bm_rules_borrow(&d, &P, &a, &it, D("2026-09-30"), true));
	assert_int_equal(d.due_date, D("2026-09-30"));
}

static void borrow_3_top_secret_never_leaves_room(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	BM_UNUSED(state);
	assert_false(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_refused("BORROW-3", "onsite_only");
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, false));
	assert_true(d.onsite_only);
	assert_int_equal(d.due_date, today);
}

static void borrow_3_policy_may_refuse_top_secret_lending(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	BM_UNUSED(state);
	use_policy("borrow.mode.top_secret = forbidden\n");
	assert_false(bm_rules_borrow(&d, &P, &a, &it, today, false));
	assert_refused("BORROW-3", "not_lent");
	/* Reading on site (查阅) stays possible with its own approval. */
	assert_true(bm_rules_read(&d, &P, &a, &it, today));
	assert_chain1(BM_ROLE_PRINCIPAL);
	assert_true(d.onsite_only);
}

static void borrow_3_onsite_item_cannot_be_taken_out(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	bm_trip trip = {true, true, today + 1, false, false, false};
	BM_UNUSED(state);
	it.status = BM_STATUS_LENT;
	it.holder_id = 1;
	assert_false(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_refused("BORROW-3", "onsite_only");
}

static void borrow_4_borrower_may_not_relend_or_copy(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_actor b = person(2, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	it.status = BM_STATUS_LENT;
	it.holder_id = 1;
	assert_false(bm_rules_copy(&d, &P, &a, &it, today, false, false));
	assert_refused("BORROW-4", "borrower_may_not");
	assert_false(bm_rules_copy(&d, &P, &a, &it, today, true, false));
	assert_refused("BORROW-4", "borrower_may_not");
	assert_false(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_refused("BORROW-4", "borrower_may_not");
	assert_false(bm_rules_borrow(&d, &P, &b, &it, today, true));
	assert_refused("BORROW-1", "not_in_store");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

static void borrow_5_outside_scope_needs_leader(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_CONFIDENTIAL);
	BM_UNUSED(state);
	a.department_id = OTHER_DEPT;
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_string_equal(d.rule, "BORROW-5");
	assert_int_equal(d.n_approvers, 2);
	assert_int_equal(d.approvers[0], BM_ROLE_DEPT_HEAD);
	assert_int_equal(d.approvers[1], BM_ROLE_LEADER);
}

static void borrow_5_external_reader_needs_letter(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_IMPORTANT, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	a.external = true;
	assert_false(bm_rules_read(&d, &P, &a, &it, today));
	assert_refused("BORROW-5", "introduction_letter_required");
	a.introduction_letter = true;
	assert_true(bm_rules_read(&d, &P, &a, &it, today));
	assert_string_equal(d.rule, "BORROW-5");
	assert_chain1(BM_ROLE_LEADER); /* read and outside-reader chains are both the leader */
}

static void borrow_6_three_months_overdue_is_an_incident(void **state)
{
	int32_t due = D("2026-04-15");
	BM_UNUSED(state);
	assert_int_equal(bm_rules_borrow_overdue(&d, &P, due, due), BM_OVERDUE_NO);
	assert_false(d.alert);
	assert_int_equal(bm_rules_borrow_overdue(&d, &P, due, due + 1), BM_OVERDUE_YES);
	assert_string_equal(d.rule, "BORROW-2");
	assert_int_equal(bm_rules_borrow_overdue(&d, &P, due, D("2026-07-14")), BM_OVERDUE_YES);
	assert_int_equal(bm_rules_borrow_overdue(&d, &P, due, D("2026-07-15")),
	                 BM_OVERDUE_INCIDENT);
	assert_string_equal(d.rule, "BORROW-6");
	assert_string_equal(d.code, "overdue_incident");
	use_policy("borrow.overdue_incident_months = 1\n");
	assert_int_equal(bm_rules_borrow_overdue(&d, &P, due, D("2026-05-15")),
	                 BM_OVERDUE_INCIDENT);
}

static void borrow_person_rules_apply(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_GENERAL, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	assert_false(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_refused("PERSON-1", "clearance_too_low");
	it.status = BM_STATUS_DESTROYED;
	a.person_class = BM_CLASS_CORE;
	assert_false(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_refused("BORROW-1", "not_available");
}

/* ---- COPY ---- */

static void copy_1_needs_leader_approval(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	BM_UNUSED(state);
	assert_true(bm_rules_copy(&d, &P, &a, &it, today, false, false));
	assert_chain1(BM_ROLE_LEADER);
	assert_string_equal(d.rule, "COPY-1");
	a.department_id = OTHER_DEPT;
	assert_false(bm_rules_copy(&d, &P, &a, &it, today, false, false));
	assert_refused("CIRC-1", "outside_scope");
}

static void copy_2_top_secret_forbidden_by_default(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	BM_UNUSED(state);
	assert_false(bm_rules_copy(&d, &P, &a, &it, today, false, true));
	assert_refused("COPY-2", "copy_forbidden");
}

static void copy_2_originator_mode_needs_recorded_approval(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	BM_UNUSED(state);
	use_policy("copy.top_secret = originator\n");
	assert_false(bm_rules_copy(&d, &P, &a, &it, today, false, false));
	assert_refused("COPY-2", "originator_approval_required");
	assert_true(bm_rules_copy(&d, &P, &a, &it, today, false, true));
	assert_chain1(BM_ROLE_PRINCIPAL);
}

static void copy_4_extract_needs_approval(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	BM_UNUSED(state);
	assert_true(bm_rules_copy(&d, &P, &a, &it, today, true, false));
	assert_chain1(BM_ROLE_PRINCIPAL);
	assert_string_equal(d.rule, "COPY-4");
}

static void copy_3_copy_inherits_level_period_scope(void **state)
{
	bm_period src = {BM_PERIOD_YEARS, 10, 0, 0, NULL};
	bm_period other = {BM_PERIOD_YEARS, 5, 0, 0, NULL};
	BM_UNUSED(state);
	assert_true(
	        bm_rules_derived(&d, false, BM_LEVEL_SECRET, &src, BM_LEVEL_SECRET, &src, true));
	assert_false(bm_rules_derived(&d, false, BM_LEVEL_SECRET, &src, BM_LEVEL_CONFIDENTIAL, &src,
	                              true));
	assert_refused("COPY-3", "derived_level");
	assert_false(
	        bm_rules_derived(&d, false, BM_LEVEL_SECRET, &src, BM_LEVEL_SECRET, &other, true));
	assert_refused("COPY-3", "derived_period");
	assert_false(
	        bm_rules_derived(&d, false, BM_LEVEL_SECRET, &src, BM_LEVEL_SECRET, &src, false));
	assert_refused("COPY-3", "derived_scope");
	assert_false(
	        bm_rules_derived(&d, true, BM_LEVEL_SECRET, &src, BM_LEVEL_TOP_SECRET, &src, true));
	assert_refused("COPY-4", "derived_level");
}

/* ---- CARRY ---- */

static void carry_1_top_secret_needs_principal(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	bm_trip trip = {true, true, today + 2, false, false, false};
	BM_UNUSED(state);
	assert_true(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_chain1(BM_ROLE_PRINCIPAL);
	assert_int_equal(d.due_date, today + 2);
	it.level = BM_LEVEL_CONFIDENTIAL;
	assert_true(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_chain1(BM_ROLE_DEPT_HEAD);
}

static void carry_3_never_abroad_without_higher_authority(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	bm_trip trip = {true, true, today + 2, true, false, false};
	BM_UNUSED(state);
	assert_false(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_refused("CARRY-3", "abroad_forbidden");
	trip.abroad = false;
	trip.public_place = true;
	assert_false(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_refused("CARRY-3", "public_place");
	trip.higher_approved = true;
	assert_true(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
}

static void carry_2_purpose_destination_return_date(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	bm_trip trip = {false, true, today + 2, false, false, false};
	BM_UNUSED(state);
	assert_false(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_refused("CARRY-2", "trip_details_required");
	assert_int_equal(d.klass, BM_EINVALID);
	trip.purpose_given = true;
	trip.return_date = BM_DATE_NONE;
	assert_false(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	assert_refused("CARRY-2", "return_date_required");
	trip.return_date = today - 1;
	assert_false(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
	trip.return_date = today;
	assert_true(bm_rules_take_out(&d, &P, &a, &it, &trip, today));
}

/* ---- KEEP ---- */

static void keep_1_place_rated_for_the_level(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_place(&d, &P, BM_LEVEL_TOP_SECRET, BM_PLACE_SAFE, BM_LEVEL_SECRET));
	assert_refused("KEEP-1", "place_level");
	assert_true(
	        bm_rules_place(&d, &P, BM_LEVEL_TOP_SECRET, BM_PLACE_SAFE, BM_LEVEL_TOP_SECRET));
}

static void keep_1_secret_and_above_in_a_safe(void **state)
{
	BM_UNUSED(state);
	assert_false(
	        bm_rules_place(&d, &P, BM_LEVEL_SECRET, BM_PLACE_CABINET, BM_LEVEL_TOP_SECRET));
	assert_refused("KEEP-1", "safe_required");
	assert_true(bm_rules_place(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_PLACE_CABINET,
	                           BM_LEVEL_TOP_SECRET));
	assert_false(bm_rules_place(&d, &P, BM_LEVEL_SECRET, BM_PLACE_ROOM, BM_LEVEL_TOP_SECRET));
	assert_refused("KEEP-1", "safe_required"); /* a secure room is not a safe */
	assert_true(bm_rules_place(&d, &P, BM_LEVEL_SECRET, BM_PLACE_SAFE, BM_LEVEL_TOP_SECRET));
	use_policy("keep.safe_level = confidential\n");
	assert_false(bm_rules_place(&d, &P, BM_LEVEL_CONFIDENTIAL, BM_PLACE_CABINET,
	                            BM_LEVEL_TOP_SECRET));
}

static void keep_2_departure_refused_while_holding(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_departure(&d, 1));
	assert_refused("KEEP-2", "carriers_held");
	assert_false(bm_rules_departure(&d, 2));
	assert_true(bm_rules_departure(&d, 0));
}

/* ---- DESTROY ---- */

static void destroy_2_requester_cannot_witness(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	int64_t w[] = {1, 2, 3};
	bm_destruction how = {w, 3, BM_DESTROY_SHRED};
	BM_UNUSED(state);
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_refused("DESTROY-2", "requester_witness");
	how.witnesses = w + 1;
	how.n_witnesses = 2;
	assert_true(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_chain1(BM_ROLE_LEADER);
	assert_string_equal(d.rule, "DESTROY-1");
}

static void destroy_2_needs_two_distinct_witnesses(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	int64_t same[] = {2, 2};
	int64_t three[] = {2, 3, 4};
	bm_destruction how = {same, 2, BM_DESTROY_SHRED};
	BM_UNUSED(state);
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_refused("DESTROY-2", "witnesses_required");
	how.n_witnesses = 0;
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	use_policy("destroy.min_witnesses = 3\n");
	how.witnesses = three;
	how.n_witnesses = 2;
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	how.n_witnesses = 3;
	assert_true(bm_rules_destroy(&d, &P, &a, &it, &how, today));
}

static void destroy_3_media_destroyed_irrecoverably(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	int64_t w[] = {2, 3};
	bm_destruction how = {w, 2, -1};
	BM_UNUSED(state);
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_refused("DESTROY-3", "method_required");
	assert_int_equal(d.klass, BM_EINVALID);
	it.kind = BM_KIND_USB;
	how.method = BM_DESTROY_FORMAT;
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_refused("DESTROY-3", "method_recoverable");
	how.method = BM_DESTROY_DEGAUSS; /* flash memory is not magnetic */
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	how.method = BM_DESTROY_PHYSICAL;
	assert_true(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	it.kind = BM_KIND_HARD_DISK;
	how.method = BM_DESTROY_DEGAUSS;
	assert_true(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	how.method = BM_DESTROY_OVERWRITE;
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	it.kind = BM_KIND_PAPER;
	how.method = BM_DESTROY_PULP;
	assert_true(bm_rules_destroy(&d, &P, &a, &it, &how, today));
}

static void destroy_4_only_items_in_store_and_never_twice(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_SECRET);
	int64_t w[] = {2, 3};
	bm_destruction how = {w, 2, BM_DESTROY_SHRED};
	BM_UNUSED(state);
	it.status = BM_STATUS_DESTROYED;
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_refused("DESTROY-4", "already_destroyed");
	it.status = BM_STATUS_LENT;
	assert_false(bm_rules_destroy(&d, &P, &a, &it, &how, today));
	assert_refused("DESTROY-1", "not_in_store");
}

/* ---- INV ---- */

static void inv_1_top_secret_monthly_others_quarterly(void **state)
{
	int32_t last = D("2026-01-31");
	BM_UNUSED(state);
	assert_int_equal(bm_rules_inventory_due(&P, BM_LEVEL_TOP_SECRET, last, last),
	                 D("2026-02-28"));
	assert_int_equal(bm_rules_inventory_due(&P, BM_LEVEL_SECRET, last, last), D("2026-04-30"));
	assert_int_equal(bm_rules_inventory_due(&P, BM_LEVEL_CONFIDENTIAL, last, last),
	                 D("2026-04-30"));
	assert_int_equal(bm_rules_inventory_due(&P, BM_LEVEL_INTERNAL, last, last), BM_DATE_NONE);
	assert_int_equal(bm_rules_inventory_due(&P, BM_LEVEL_SECRET, BM_DATE_NONE, last), last);
	use_policy("inventory.interval_months.secret = 6\n");
	assert_int_equal(bm_rules_inventory_due(&P, BM_LEVEL_SECRET, last, last), D("2026-07-31"));
}

static void inv_1_overdue_count_alerts(void **state)
{
	int32_t last = D("2026-01-15");
	BM_UNUSED(state);
	assert_false(
	        bm_rules_inventory_overdue(&d, &P, BM_LEVEL_TOP_SECRET, last, D("2026-02-15")));
	assert_true(bm_rules_inventory_overdue(&d, &P, BM_LEVEL_TOP_SECRET, last, D("2026-02-16")));
	assert_string_equal(d.rule, "INV-1");
	assert_string_equal(d.code, "count_overdue");
	assert_int_equal(d.due_date, D("2026-02-15"));
}

static void inv_1_year_end_full_count(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(bm_rules_year_end_count(&P, D("2026-04-15")), D("2026-12-31"));
	/* 2027-12-31 is a Friday; 2028-12-31 a Sunday, so the count falls on Friday the 29th. */
	assert_int_equal(bm_rules_year_end_count(&P, D("2028-03-01")), D("2028-12-29"));
	use_policy("inventory.year_end = false\n");
	assert_int_equal(bm_rules_year_end_count(&P, D("2026-04-15")), BM_DATE_NONE);
}

static void inv_2_special_count_before_holidays(void **state)
{
	int32_t h = 0;
	BM_UNUSED(state);
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-09-01"), &h), D("2026-09-30"));
	assert_int_equal(h, D("2026-10-01"));
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-04-20"), &h), D("2026-04-30"));
	assert_int_equal(h, D("2026-05-01"));
	/* Before 春节 the last working day is the make-up Saturday 2026-02-14. */
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-02-01"), &h), D("2026-02-14"));
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-10-01"), NULL), BM_DATE_NONE);
}

/*
 * INV-2: the count day is the due day itself until it passes; the policy's
 * list (not a constant) decides which holidays are counted for, and an empty
 * list asks for none.
 */
static void inv_2_policy_list_moves_special_count(void **state)
{
	int32_t h = 0;
	BM_UNUSED(state);
	/* On the due day it is still due; the day after, the next holiday's count is. */
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-04-30"), &h), D("2026-04-30"));
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-05-01"), &h), D("2026-09-30"));
	assert_int_equal(h, D("2026-10-01"));
	/* The unit lists 2027's New Year and a Saturday holiday, in any order. */
	use_policy("inventory.holiday_counts = 2027-02-06, 2027-01-01\n");
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-09-01"), &h), D("2026-12-31"));
	assert_int_equal(h, D("2027-01-01"));
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2027-01-01"), &h), D("2027-02-05"));
	assert_int_equal(h, D("2027-02-06"));
	use_policy("inventory.holiday_counts = none\n");
	assert_int_equal(bm_rules_holiday_count_due(&P, D("2026-09-01"), &h), BM_DATE_NONE);
}

/* ---- DEV / SYS ---- */

static void dev_4_top_secret_never_stored_electronically(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_electronic(&d, &P, BM_LEVEL_TOP_SECRET));
	assert_refused("DEV-4", "electronic_level");
	assert_true(bm_rules_electronic(&d, &P, BM_LEVEL_SECRET));
	use_policy("device.electronic_max_level = confidential\n");
	assert_false(bm_rules_electronic(&d, &P, BM_LEVEL_SECRET));
	assert_true(bm_rules_electronic(&d, &P, BM_LEVEL_CONFIDENTIAL));
}

static void sys_4_password_length_by_level(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_password(&d, &P, BM_LEVEL_SECRET, 9));
	assert_refused("SYS-4", "password_too_short");
	assert_true(bm_rules_password(&d, &P, BM_LEVEL_SECRET, 10));
	assert_false(bm_rules_password(&d, &P, BM_LEVEL_TOP_SECRET, 11));
	assert_true(bm_rules_password(&d, &P, BM_LEVEL_PUBLIC, 8));
	assert_false(bm_rules_password(&d, &P, BM_LEVEL_PUBLIC, 7));
}

static void sys_4_password_age_by_level(void **state)
{
	int32_t today = D("2026-04-15");
	BM_UNUSED(state);
	assert_true(bm_rules_password_age(&d, &P, BM_LEVEL_SECRET, today - 7, today));
	assert_false(bm_rules_password_age(&d, &P, BM_LEVEL_SECRET, today - 8, today));
	assert_refused("SYS-4", "password_expired");
	assert_true(bm_rules_password_age(&d, &P, BM_LEVEL_CONFIDENTIAL, today - 30, today));
	assert_false(bm_rules_password_age(&d, &P, BM_LEVEL_CONFIDENTIAL, today - 31, today));
}

/* ---- the error side channel ---- */

static void decision_error_carries_rule_and_both_messages(void **state)
{
	int32_t today = D("2026-04-15");
	bm_actor a = person(1, BM_CLASS_CORE, today);
	bm_item it = item(BM_LEVEL_TOP_SECRET);
	const bm_error *e;
	BM_UNUSED(state);
	assert_true(bm_rules_borrow(&d, &P, &a, &it, today, false));
	assert_int_equal(bm_decision_error(&d), 0);
	assert_false(bm_rules_borrow(&d, &P, &a, &it, today, true));
	assert_int_equal(bm_decision_error(&d), BM_EDENIED);
	e = bm_error_last();
	assert_int_equal(e->klass, BM_EDENIED);
	assert_string_equal(e->rule, "BORROW-3");
	assert_string_equal(e->code, "onsite_only");
	assert_non_null(strstr(e->message, "绝密"));
	assert_non_null(strstr(e->message_en, "'top secret'"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T_(f) cmocka_unit_test_setup(f, reset)
	        T_(person_1_general_cannot_see_secret),
	        T_(person_1_core_sees_top_secret),
	        T_(person_1_uncleared_may_read_internal),
	        T_(person_2_no_commitment_no_clearance),
	        T_(person_2_assign_without_commitment_alerts),
	        T_(person_3_temporary_hire_blocked),
	        T_(person_3_temporary_cannot_be_given_class),
	        T_(person_4_declassification_period_by_class),
	        T_(person_7_declassification_period_blocks),
	        T_(person_7_disabled_blocks_everything),
	        T_(person_7_lapsed_training_blocks),
	        T_(person_6_general_staff_train_yearly),
	        T_(person_7_lapse_only_alerts_when_policy_says),
	        T_(level_2_scope_by_person_or_department),
	        T_(dev_2_medium_level_never_goes_down),
	        T_(level_8_no_period_gets_maximum),
	        T_(level_3_period_beyond_maximum_refused),
	        T_(level_3_policy_lowers_maximum),
	        T_(level_3_declassification_date_within_maximum),
	        T_(level_3_event_needs_review_date),
	        T_(level_2_internal_takes_no_period),
	        T_(level_8_marking_text),
	        T_(level_7_8_decided_marking_text),
	        T_(level_6_review_flagged_within_window),
	        T_(level_4_only_classifier_decides),
	        T_(level_10_not_above_own_clearance),
	        T_(foreign_1_foreign_dispatch_needs_the_approved_request),
	        T_(level_7_unchanged_level_refused),
	        T_(level_5_volume_takes_highest_part),
	        T_(reg_2_same_day_registration),
	        T_(reg_2_policy_allows_days),
	        T_(reg_5_handling_deadlines),
	        T_(approve_nobody_approves_own_request),
	        T_(approve_role_must_be_for_the_department),
	        T_(approve_chain_in_order_and_not_twice),
	        T_(approve_request_lapses),
	        T_(approve_person_1_approver_must_be_cleared),
	        T_(approve_internal_needs_nothing),
	        T_(op_rules_name_the_approve_rule),
	        T_(make_1_needs_leader_approval),
	        T_(make_2_exact_copy_count),
	        T_(send_1_ordinary_channels_refused),
	        T_(send_3_top_secret_never_by_fax),
	        T_(send_2_escorts_by_level),
	        T_(circ_2_no_lateral_passing),
	        T_(circ_1_recipient_inside_scope_and_cleared),
	        T_(circ_1_widen_scope_needs_leader),
	        T_(person_7_lapsed_person_not_added_to_scope),
	        T_(circ_3_secret_back_the_same_day),
	        T_(circ_3_top_secret_back_immediately),
	        T_(circ_3_policy_moves_the_same_day_level),
	        T_(reg_5_ordinary_circulation_within_a_week),
	        T_(foreign_1_needs_higher_authority),
	        T_(borrow_1_approver_by_level),
	        T_(borrow_1_policy_sets_the_chain),
	        T_(borrow_2_due_in_working_days_across_national_day),
	        T_(borrow_3_top_secret_never_leaves_room),
	        T_(borrow_3_policy_may_refuse_top_secret_lending),
	        T_(borrow_3_onsite_item_cannot_be_taken_out),
	        T_(borrow_4_borrower_may_not_relend_or_copy),
	        T_(borrow_5_outside_scope_needs_leader),
	        T_(borrow_5_external_reader_needs_letter),
	        T_(borrow_6_three_months_overdue_is_an_incident),
	        T_(borrow_person_rules_apply),
	        T_(copy_1_needs_leader_approval),
	        T_(copy_2_top_secret_forbidden_by_default),
	        T_(copy_2_originator_mode_needs_recorded_approval),
	        T_(copy_4_extract_needs_approval),
	        T_(copy_3_copy_inherits_level_period_scope),
	        T_(carry_1_top_secret_needs_principal),
	        T_(carry_3_never_abroad_without_higher_authority),
	        T_(carry_2_purpose_destination_return_date),
	        T_(keep_1_place_rated_for_the_level),
	        T_(keep_1_secret_and_above_in_a_safe),
	        T_(keep_2_departure_refused_while_holding),
	        T_(destroy_2_requester_cannot_witness),
	        T_(destroy_2_needs_two_distinct_witnesses),
	        T_(destroy_3_media_destroyed_irrecoverably),
	        T_(destroy_4_only_items_in_store_and_never_twice),
	        T_(inv_1_top_secret_monthly_others_quarterly),
	        T_(inv_1_overdue_count_alerts),
	        T_(inv_1_year_end_full_count),
	        T_(inv_2_special_count_before_holidays),
	        T_(inv_2_policy_list_moves_special_count),
	        T_(dev_4_top_secret_never_stored_electronically),
	        T_(sys_4_password_length_by_level),
	        T_(sys_4_password_age_by_level),
	        T_(decision_error_carries_rule_and_both_messages),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
