/*
 * test_account.c — src/policy/account.c: passwords, lockout and idle
 * sessions (SYS-4), the administrators' accounts (SYS-1) and grants
 * (PERSON-2/3). Test names carry the rule ID.
 */
#include "common.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "msg_check.h"

#include "policy/account.h"
#include "rules_assert.h"

static bm_policy P;
static bm_decision d;

static int reset(void **state)
{
	BM_UNUSED(state);
	bm_policy_defaults(&P);
	memset(&d, 0, sizeof(d));
	return 0;
}

static bm_password_facts pw(const char *text, bm_class c)
{
	bm_password_facts f = {text, true, text ? strlen(text) : 0, "zhangsan", c};
	return f;
}

static void sys_4_password_required_and_length_by_class(void **state)
{
	bm_password_facts f = pw("", BM_CLASS_CORE);
	BM_UNUSED(state);
	assert_false(bm_rules_password_quality(&d, &P, &f));
	assert_refused_by(d, "SYS-4", "password_required");
	/* core staff may see 绝密: 12 characters by default */
	f = pw("Abcdefgh1!x", BM_CLASS_CORE);
	assert_false(bm_rules_password_quality(&d, &P, &f));
	assert_refused_by(d, "SYS-4", "password_too_short");
	f = pw("Abcdefgh1!xy", BM_CLASS_CORE);
	assert_true(bm_rules_password_quality(&d, &P, &f));
	/* no class: never below 秘密's length, as the policy sets it */
	P.password_min_length[BM_LEVEL_CONFIDENTIAL] = 9;
	f = pw("Abcdef1!", BM_CLASS_NONE);
	assert_false(bm_rules_password_quality(&d, &P, &f));
	assert_refused_by(d, "SYS-4", "password_too_short");
	assert_int_equal(bm_rules_password_level(BM_CLASS_NONE), BM_LEVEL_CONFIDENTIAL);
}

static void sys_4_password_classes_from_the_policy(void **state)
{
	bm_password_facts f = pw("abcdefgh12", BM_CLASS_NONE);
	BM_UNUSED(state);
	assert_false(bm_rules_password_quality(&d, &P, &f)); /* 2 classes, 3 needed */
	assert_refused_by(d, "SYS-4", "password_too_simple");
	P.password_min_classes = 2;
	assert_true(bm_rules_password_quality(&d, &P, &f));
}

static void sys_4_password_not_username_not_too_long(void **state)
{
	char long_pw[BM_PASSWORD_MAX_CHARS + 2];
	bm_password_facts f = pw("ZhangSan", BM_CLASS_NONE);
	BM_UNUSED(state);
	f.username = "zhangsan";
	P.password_min_classes = 2;
	assert_false(bm_rules_password_quality(&d, &P, &f));
	assert_refused_by(d, "SYS-4", "password_is_username");
	memset(long_pw, 'a', sizeof(long_pw) - 1);
	long_pw[0] = 'A';
	long_pw[sizeof(long_pw) - 1] = '\0';
	f = pw(long_pw, BM_CLASS_NONE);
	assert_false(bm_rules_password_quality(&d, &P, &f));
	assert_refused_by(d, "SYS-4", "password_too_long");
}

static void sys_4_password_reuse_by_history(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_password_reused(&d, &P, false));
	assert_false(bm_rules_password_reused(&d, &P, true));
	assert_refused_by(d, "SYS-4", "password_reused");
	P.password_history = 0;
	assert_true(bm_rules_password_reused(&d, &P, true));
}

static void sys_4_initial_password_has_the_internal_length(void **state)
{
	BM_UNUSED(state);
	assert_false(bm_rules_initial_password(&d, &P, 7));
	assert_refused_by(d, "SYS-4", "weak_password");
	assert_true(bm_rules_initial_password(&d, &P, 8));
	P.password_min_length[BM_LEVEL_INTERNAL] = 10;
	assert_false(bm_rules_initial_password(&d, &P, 9));
}

static void sys_4_lockout_after_failures_within_window(void **state)
{
	const int64_t now = 1000000;
	int64_t t[5] = {now - 240, now - 180, now - 120, now - 60, now};
	BM_UNUSED(state);
	/* defaults: 5 failures within 15 minutes lock for 30 minutes */
	assert_int_equal(bm_rules_locked_until(&P, t, 5, now), now + 30 * 60);
	assert_int_equal(bm_rules_locked_until(&P, t, 4, now), 0);
	/* spread wider than the window: no lock */
	t[0] = now - 16 * 60;
	assert_int_equal(bm_rules_locked_until(&P, t, 5, now), 0);
	P.lockout_window_minutes = 20;
	assert_int_equal(bm_rules_locked_until(&P, t, 5, now), now + 30 * 60);
	/* an unreadable time is never part of a lock */
	t[0] = 0;
	assert_int_equal(bm_rules_locked_until(&P, t, 5, now), 0);
	/* a lock that has run out is none */
	t[0] = now - 240;
	assert_int_equal(bm_rules_locked_until(&P, t, 5, now + 31 * 60), 0);
}

static void sys_4_locked_account_refused_with_minutes_left(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_lockout(&d, 0, 5000));
	assert_false(bm_rules_lockout(&d, 5000 + 61, 5000));
	assert_refused_by(d, "SYS-4", "account_locked");
	assert_int_equal(d.klass, BM_ELOCKED);
	assert_non_null(strstr(d.reason_en, "2 more minutes"));
}

static void sys_4_idle_session_expires(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_session_idle(&d, &P, 0, 15 * 60));
	assert_false(bm_rules_session_idle(&d, &P, 0, 15 * 60 + 1));
	assert_refused_by(d, "SYS-4", "session_expired");
	P.session_idle_minutes = 30;
	assert_true(bm_rules_session_idle(&d, &P, 0, 15 * 60 + 1));
}

static void sys_4_session_lifetime_ends_a_busy_session(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(P.session_max_hours, 12); /* the default */
	assert_true(bm_rules_session_lifetime(&d, &P, 0, 12 * 3600));
	assert_false(bm_rules_session_lifetime(&d, &P, 0, 12 * 3600 + 1));
	assert_refused_by(d, "SYS-4", "session_expired");
	assert_non_null(strstr(d.reason_zh, "12 小时"));
	assert_non_null(strstr(d.reason_en, "12 hours"));
	/* Alive: neither idle nor past its lifetime, whichever comes first. */
	assert_true(bm_rules_session_alive(&P, 0, 12 * 3600 - 60, 12 * 3600));
	assert_false(bm_rules_session_alive(&P, 0, 12 * 3600 - 60, 12 * 3600 + 1));
	assert_false(bm_rules_session_alive(&P, 0, 0, 15 * 60 + 1));
	P.session_max_hours = 1;
	assert_false(bm_rules_session_lifetime(&d, &P, 0, 3601));
	assert_non_null(strstr(d.reason_en, "1 hours"));
}

static void sys_4_the_session_cap_ends_the_oldest(void **state)
{
	BM_UNUSED(state);
	assert_int_equal(P.max_sessions, 3); /* the default */
	assert_int_equal(bm_rules_sessions_to_end(&P, 0), 0);
	assert_int_equal(bm_rules_sessions_to_end(&P, 2), 0);
	assert_int_equal(bm_rules_sessions_to_end(&P, 3), 1);
	assert_int_equal(bm_rules_sessions_to_end(&P, 5), 3);
	P.max_sessions = 1;
	assert_int_equal(bm_rules_sessions_to_end(&P, 1), 1);
	assert_false(bm_rules_session_superseded(&d, &P));
	assert_refused_by(d, "SYS-4", "session_superseded");
	assert_non_null(strstr(d.reason_zh, "不超过 1 个"));
	assert_non_null(strstr(d.reason_en, "at most 1 sessions"));
}

static void sys_1_sysadmin_sets_up_accounts_without_roles_or_password(void **state)
{
	bm_role business[] = {BM_ROLE_CLERK};
	bm_role one[] = {BM_ROLE_AUDITOR};
	bm_admin_account a = {true, NULL, 0, false};
	BM_UNUSED(state);
	assert_false(bm_rules_sysadmin_account(&d, &a));
	assert_refused_by(d, "SYS-1", "sysadmin_no_clearance");
	a = (bm_admin_account){false, business, 1, false};
	assert_false(bm_rules_sysadmin_account(&d, &a));
	assert_refused_by(d, "SYS-1", "roles_by_secadmin");
	/* Issue 9: not an administrator role either. */
	a = (bm_admin_account){false, one, 1, false};
	assert_false(bm_rules_sysadmin_account(&d, &a));
	assert_refused_by(d, "SYS-1", "roles_by_secadmin");
	a = (bm_admin_account){false, NULL, 0, true};
	assert_false(bm_rules_sysadmin_account(&d, &a));
	assert_refused_by(d, "SYS-1", "sysadmin_no_password");
	a = (bm_admin_account){false, NULL, 0, false};
	assert_true(bm_rules_sysadmin_account(&d, &a));
}

static void sys_1_two_administrators_for_a_filing(void **state)
{
	bm_filing_facts f = {0};
	BM_UNUSED(state);
	/* Only the system administrator files, never for himself, one at a time. */
	f.actor_secadmin = true;
	assert_false(bm_rules_filing_file(&d, &f));
	assert_refused_by(d, "SYS-1", "filing_by_sysadmin");
	f = (bm_filing_facts){.actor_sysadmin = true, .self_target = true};
	assert_false(bm_rules_filing_file(&d, &f));
	assert_refused_by(d, "SYS-1", "filing_self");
	f = (bm_filing_facts){.actor_sysadmin = true, .other_pending = true};
	assert_false(bm_rules_filing_file(&d, &f));
	assert_refused_by(d, "SYS-1", "filing_pending");
	f = (bm_filing_facts){.actor_sysadmin = true};
	assert_true(bm_rules_filing_file(&d, &f));
	/* Only the security administrator decides: not his own filing, not his own account. */
	f = (bm_filing_facts){.actor_sysadmin = true, .pending = true};
	assert_false(bm_rules_filing_decide(&d, &f));
	assert_refused_by(d, "SYS-1", "approval_by_secadmin");
	f = (bm_filing_facts){.actor_secadmin = true, .own_filing = true, .pending = true};
	assert_false(bm_rules_filing_decide(&d, &f));
	assert_refused_by(d, "SYS-1", "approve_own_filing");
	f = (bm_filing_facts){.actor_secadmin = true, .self_target = true, .pending = true};
	assert_false(bm_rules_filing_decide(&d, &f));
	assert_refused_by(d, "SYS-1", "approve_self");
	f = (bm_filing_facts){.actor_secadmin = true};
	assert_false(bm_rules_filing_decide(&d, &f));
	assert_refused_by(d, "SYS-1", "filing_decided");
	f = (bm_filing_facts){.actor_secadmin = true, .pending = true, .expired = true};
	assert_false(bm_rules_filing_decide(&d, &f));
	assert_refused_by(d, "SYS-1", "filing_expired");
	f = (bm_filing_facts){.actor_secadmin = true, .pending = true};
	assert_true(bm_rules_filing_decide(&d, &f));
	assert_false(bm_rules_filing_read(&d, false));
	assert_refused_by(d, "SYS-1", "filings_for_admins");
	assert_true(bm_rules_filing_read(&d, true));
}

static void sys_1_filing_expires_after_policy_hours(void **state)
{
	bm_policy p;
	BM_UNUSED(state);
	bm_policy_defaults(&p);
	assert_int_equal(p.filing_expiry_hours, 72);
	assert_int_equal(bm_rules_filing_expires(&p, 1000), 1000 + 72 * 3600);
}

static void person_3_temporary_hire_no_class_no_post(void **state)
{
	int32_t today = day_of("2026-06-01");
	bm_role clerk[] = {BM_ROLE_CLERK};
	bm_role staff[] = {BM_ROLE_STAFF};
	bm_grant_facts g = {true, false, BM_CLASS_GENERAL, BM_DATE_NONE, NULL, 0, false, -1,
	                    NULL, 0};
	BM_UNUSED(state);
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "PERSON-3", "temporary_no_class");
	g = (bm_grant_facts){true, false, -1, BM_DATE_NONE, clerk, 1, false, -1, NULL, 0};
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "PERSON-3", "temporary_no_class");
	g = (bm_grant_facts){true, false, BM_CLASS_NONE, BM_DATE_NONE, staff, 1, false, -1,
	                     NULL, 0};
	assert_true(bm_rules_grant(&d, &g, today));
}

static void person_2_commitment_not_signed_in_the_future(void **state)
{
	int32_t today = day_of("2026-06-01");
	bm_grant_facts g = {false, false, BM_CLASS_GENERAL, today + 1, NULL, 0, false, -1, NULL, 0};
	BM_UNUSED(state);
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "PERSON-2", "date_in_future");
	g.commitment_on = today;
	assert_true(bm_rules_grant(&d, &g, today));
}

static void sys_1_admin_takes_no_class_and_admin_roles_by_secadmin(void **state)
{
	int32_t today = day_of("2026-06-01");
	bm_role clerk[] = {BM_ROLE_CLERK};
	bm_role auditor[] = {BM_ROLE_AUDITOR};
	bm_role mixed[] = {BM_ROLE_STAFF, BM_ROLE_AUDITOR};
	bm_grant_facts g = {false, true, BM_CLASS_GENERAL, BM_DATE_NONE, NULL, 0, false, -1,
	                    NULL,  0};
	BM_UNUSED(state);
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "admin_no_business");
	g = (bm_grant_facts){false, true, -1, BM_DATE_NONE, clerk, 1, false, -1, NULL, 0};
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "admin_no_business");
	/* Issue 9: the security administrator grants an administrator role, alone. */
	g = (bm_grant_facts){false,         false, -1, BM_DATE_NONE, auditor, 1, false,
	                     BM_CLASS_NONE, NULL,  0};
	assert_true(bm_rules_grant(&d, &g, today));
	g = (bm_grant_facts){false,         false, -1, BM_DATE_NONE, mixed, 2, false,
	                     BM_CLASS_NONE, NULL,  0};
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "one_admin_role");
	g = (bm_grant_facts){false,         false, -1, BM_DATE_NONE, auditor, 1, false,
	                     BM_CLASS_CORE, NULL,  0};
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "one_admin_role");
	/* Nobody grants themselves. */
	g = (bm_grant_facts){false,         false, -1, BM_DATE_NONE, auditor, 1, true,
	                     BM_CLASS_NONE, NULL,  0};
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "grant_self");
	g = (bm_grant_facts){false, false, BM_CLASS_CORE, BM_DATE_NONE, clerk,
	                     1,     false, BM_CLASS_CORE, NULL,         0};
	assert_true(bm_rules_grant(&d, &g, today));
}

static void sys_1_one_active_holder_per_administrator_role(void **state)
{
	int32_t today = day_of("2026-06-01");
	bm_role auditor[] = {BM_ROLE_AUDITOR};
	bm_role secadmin[] = {BM_ROLE_SECADMIN};
	bm_role clerk[] = {BM_ROLE_CLERK};
	size_t holders[BM_ROLE_COUNT] = {0};
	bm_grant_facts g = {false,         false, -1, BM_DATE_NONE, auditor, 1, false,
	                    BM_CLASS_NONE, NULL,  0};
	BM_UNUSED(state);
	g.admin_holders = holders;
	g.admin_holders_max = P.admin_holders_max;
	assert_int_equal(P.admin_holders_max, 1);
	/* Nobody else holds it: granted. */
	assert_true(bm_rules_grant(&d, &g, today));
	/* One active auditor already: a second is refused, with the role named. */
	holders[BM_ROLE_AUDITOR] = 1;
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "admin_role_held");
	assert_non_null(strstr(d.reason_zh, "安全审计员"));
	/* The other administrator roles are counted apart. */
	g.roles = secadmin;
	assert_true(bm_rules_grant(&d, &g, today));
	holders[BM_ROLE_SECADMIN] = 1;
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "admin_role_held");
	/* A business role is not counted. */
	g = (bm_grant_facts){false, false, BM_CLASS_CORE, BM_DATE_NONE, clerk,
	                     1,     false, BM_CLASS_CORE, NULL,         0};
	g.admin_holders = holders;
	g.admin_holders_max = 1;
	holders[BM_ROLE_CLERK] = 5;
	assert_true(bm_rules_grant(&d, &g, today));
	/* The policy may allow two of each. */
	g = (bm_grant_facts){false,         false, -1, BM_DATE_NONE, auditor, 1, false,
	                     BM_CLASS_NONE, NULL,  0};
	g.admin_holders = holders;
	g.admin_holders_max = 2;
	assert_true(bm_rules_grant(&d, &g, today));
	holders[BM_ROLE_AUDITOR] = 2;
	assert_false(bm_rules_grant(&d, &g, today));
	assert_refused_by(d, "SYS-1", "admin_role_held");
}

static void sys_1_nobody_disables_their_own_account(void **state)
{
	BM_UNUSED(state);
	assert_true(bm_rules_disable_account(&d, false));
	assert_false(bm_rules_disable_account(&d, true));
	assert_refused_by(d, "SYS-1", "cannot_disable_self");
	assert_int_equal(d.klass, BM_ECONFLICT);
}

/* SYS-4: each fault between a request and an actor is refused under SYS-4, in both languages. */
static void sys_4_authentication_faults_refused(void **state)
{
	static const struct {
		bm_auth_fault fault;
		const char *code;
		int klass;
	} cases[] = {
	        {BM_AUTH_LOGIN_REQUIRED, "login_required", BM_EDENIED},
	        {BM_AUTH_TOKEN_MALFORMED, "session_invalid", BM_EDENIED},
	        {BM_AUTH_SESSION_INVALID, "session_invalid", BM_EDENIED},
	        {BM_AUTH_BAD_CREDENTIALS, "bad_credentials", BM_EDENIED},
	        {BM_AUTH_WRONG_PASSWORD, "bad_credentials", BM_EDENIED},
	        {BM_AUTH_PASSWORD_CHANGE, "password_change_required", BM_EDENIED},
	        {BM_AUTH_NO_USER, "no_user", BM_EINVALID},
	        {BM_AUTH_NO_PASSWORD, "password_required", BM_EINVALID},
	        {BM_AUTH_PASSWORD_TOO_LONG, "password_too_long", BM_ETOOLARGE},
	};
	BM_UNUSED(state);
	assert_true(bm_rules_auth(&d, BM_AUTH_OK));
	for (size_t i = 0; i < BM_ARRAY_LEN(cases); i++) {
		assert_false(bm_rules_auth(&d, cases[i].fault));
		assert_refused_by(d, "SYS-4", cases[i].code);
		assert_int_equal(d.klass, cases[i].klass);
		assert_bilingual(d.reason_zh, d.reason_en, true);
	}
	/* A wrong password never says which of the two was wrong. */
	bm_rules_auth(&d, BM_AUTH_BAD_CREDENTIALS);
	assert_string_equal(d.reason_en, "wrong username or password");
}

int main(void)
{
#define T_(f) cmocka_unit_test_setup(f, reset)
	const struct CMUnitTest tests[] = {
	        T_(sys_4_password_required_and_length_by_class),
	        T_(sys_4_authentication_faults_refused),
	        T_(sys_4_password_classes_from_the_policy),
	        T_(sys_4_password_not_username_not_too_long),
	        T_(sys_4_password_reuse_by_history),
	        T_(sys_4_initial_password_has_the_internal_length),
	        T_(sys_4_lockout_after_failures_within_window),
	        T_(sys_4_locked_account_refused_with_minutes_left),
	        T_(sys_4_idle_session_expires),
	        T_(sys_4_session_lifetime_ends_a_busy_session),
	        T_(sys_4_the_session_cap_ends_the_oldest),
	        T_(sys_1_sysadmin_sets_up_accounts_without_roles_or_password),
	        T_(sys_1_two_administrators_for_a_filing),
	        T_(sys_1_filing_expires_after_policy_hours),
	        T_(person_3_temporary_hire_no_class_no_post),
	        T_(person_2_commitment_not_signed_in_the_future),
	        T_(sys_1_admin_takes_no_class_and_admin_roles_by_secadmin),
	        T_(sys_1_one_active_holder_per_administrator_role),
	        T_(sys_1_nobody_disables_their_own_account),
#undef T_
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
