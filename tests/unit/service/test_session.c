/*
 * test_session.c — src/service/session.c and account.c (SYS-4, SYS-1):
 * sessions and their idle expiry, the lockout's sliding window (the same for
 * unknown usernames), password rules and history, accounts.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "fixture.h"
#include "service/service_int.h"
#include "store/pipeline.h"
#include "util/timeutil.h"

static bm_arena t_arena;

static int t_setup(void **state)
{
	(void)state;
	bm_arena_init(&t_arena, 0);
	bm_error_clear();
	return 0;
}

static int t_teardown(void **state)
{
	(void)state;
	bm_arena_release(&t_arena);
	return 0;
}

/* A context acting as `actor` at fixture time + `minutes`. */
static void at(bm_ctx *ctx, bm_person *actor, int minutes)
{
	svc_fx_ctx(ctx, &t_arena, actor);
	ctx->now += (int64_t)minutes * 60;
	ctx->channel = "api";
}

static int open_session(const char *user, const char *pw, int minutes, bm_session_grant *g)
{
	bm_ctx ctx;
	at(&ctx, NULL, minutes);
	return bm_svc_session_open(&ctx, user, pw, g);
}

static int resume(const char *token, int minutes, bm_ctx *ctx)
{
	at(ctx, NULL, minutes);
	return bm_svc_session_resume(ctx, token, NULL);
}

static int idle_minutes(void)
{
	bm_ctx ctx;
	at(&ctx, NULL, 0);
	return ctx.policy.session_idle_minutes;
}

static void sys_4_session_opens_with_a_token_and_resumes(void **state)
{
	bm_session_grant g;
	bm_ctx ctx;
	fx_audit last;
	(void)state;
	assert_int_equal(open_session("li", FX_PW, 0, &g), 0);
	assert_int_equal(strlen(g.token), BM_SESSION_TOKEN_LEN);
	assert_true(g.session_id > 0);
	assert_int_equal(g.expires_at, svc_fx_get()->now + (int64_t)idle_minutes() * 60);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "login");
	assert_string_equal(last.outcome, "ok");
	assert_non_null(strstr(last.detail, "\"channel\":\"api\""));
	assert_null(strstr(last.detail, g.token)); /* the token is never on the record */
	assert_int_equal(resume(g.token, 1, &ctx), 0);
	assert_non_null(ctx.actor);
	assert_string_equal(ctx.actor->username, "li");
	/* A token that differs in one character is nobody's. */
	g.token[0] = g.token[0] == 'A' ? 'B' : 'A';
	assert_int_equal(resume(g.token, 1, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_invalid");
	assert_null(ctx.actor);
	assert_int_equal(resume("not a token", 1, &ctx), BM_EDENIED);
	assert_int_equal(resume(NULL, 1, &ctx), BM_EDENIED);
}

/*
 * Issue 9: a login name over 64 characters is refused as too long, and its
 * refusal (SYS-3) records the name cut, saying so: anybody may send one.
 */
static void sys_3_a_long_login_name_is_refused_and_recorded_cut(void **state)
{
	static char name[100 * 1024];
	bm_session_grant g;
	fx_audit before, last;
	(void)state;
	memset(name, 'a', sizeof(name) - 1);
	svc_fx_audit_last(&before);
	assert_int_equal(open_session(name, "x", 0, &g), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "too_long");
	assert_non_null(strstr(bm_error_last()->message, "用户名超过 64 个字符"));
	assert_non_null(strstr(bm_error_last()->message_en, "'username'"));
	svc_fx_audit_last(&last);
	assert_int_equal(last.count, before.count + 1);
	assert_string_equal(last.action, "login");
	assert_string_equal(last.outcome, "refused");
	assert_true(strlen(last.detail) < 1024);
	assert_non_null(strstr(last.detail, "\"truncated\":[\"actor\",\"request.username\"]"));
	assert_non_null(strstr(last.detail, "aaaa…\""));
	/* 64 characters is an ordinary failed login, on the record whole. */
	name[64] = '\0';
	assert_int_equal(open_session(name, "x", 0, &g), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "bad_credentials");
	svc_fx_audit_last(&last);
	assert_null(strstr(last.detail, "truncated"));
	assert_non_null(strstr(last.detail, name));
}

static void sys_4_idle_session_expires_and_stays_ended(void **state)
{
	bm_session_grant used, unused;
	bm_ctx ctx;
	fx_audit last;
	int idle = idle_minutes();
	(void)state;
	assert_int_equal(open_session("li", FX_PW, 0, &used), 0);
	assert_int_equal(open_session("li", FX_PW, 0, &unused), 0);
	/* Used just before the limit: activity moves the limit on. */
	assert_int_equal(resume(used.token, idle - 1, &ctx), 0);
	assert_int_equal(resume(used.token, 2 * idle - 2, &ctx), 0);
	/* Unused past the limit: ended, on the record. */
	assert_int_equal(resume(unused.token, idle + 1, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_expired");
	assert_string_equal(bm_error_last()->rule, "SYS-4");
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "session.expire");
	assert_string_equal(last.actor, "li");
	assert_int_equal(resume(unused.token, 0, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_invalid");
}

/*
 * SYS-4: a session used every few minutes still ends auth.session_max_hours
 * (12) after its login, on the record with the reason, and stays ended.
 */
static void sys_4_a_busy_session_ends_after_its_lifetime(void **state)
{
	bm_session_grant g;
	bm_session_info info;
	bm_ctx ctx;
	fx_audit last;
	int idle = idle_minutes(), m;
	(void)state;
	assert_int_equal(open_session("li", FX_PW, 0, &g), 0);
	for (m = idle - 1; m <= 12 * 60; m += idle - 1) {
		at(&ctx, NULL, m);
		assert_int_equal(bm_svc_session_resume(&ctx, g.token, &info), 0);
		/* Never promised past the lifetime's end. */
		assert_true(info.expires_at <= svc_fx_get()->now + 12 * 3600);
	}
	assert_int_equal(info.expires_at, svc_fx_get()->now + 12 * 3600);
	assert_int_equal(resume(g.token, 12 * 60 + 1, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_expired");
	assert_string_equal(bm_error_last()->rule, "SYS-4");
	assert_non_null(strstr(bm_error_last()->message, "12 小时"));
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "session.expire");
	assert_non_null(strstr(last.detail, "\"reason\":\"lifetime\""));
	assert_int_equal(resume(g.token, 12 * 60 + 2, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_invalid");
}

/*
 * SYS-4: at most auth.max_sessions (3) sessions per account; a fourth login
 * ends the oldest, which is then told why; sessions already idle do not
 * count, and another account's sessions are untouched.
 */
static void sys_4_a_login_beyond_the_cap_ends_the_oldest_session(void **state)
{
	bm_session_grant s[5], other;
	bm_ctx ctx;
	fx_audit last;
	int idle = idle_minutes();
	(void)state;
	assert_int_equal(open_session("zhao", FX_PW, 0, &other), 0);
	for (int i = 0; i < 3; i++)
		assert_int_equal(open_session("auditor", FX_PW, i, &s[i]), 0);
	svc_fx_audit_last(&last);
	assert_null(strstr(last.detail, "ended_sessions"));
	assert_int_equal(open_session("auditor", FX_PW, 3, &s[3]), 0);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "login");
	assert_non_null(strstr(last.detail, "\"reason\":\"superseded\""));
	assert_non_null(strstr(last.detail, "\"max_sessions\":3"));
	assert_int_equal(resume(s[0].token, 4, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_superseded");
	assert_string_equal(bm_error_last()->rule, "SYS-4");
	assert_non_null(strstr(bm_error_last()->message, "别处"));
	for (int i = 1; i < 4; i++)
		assert_int_equal(resume(s[i].token, 4, &ctx), 0);
	assert_int_equal(resume(other.token, 4, &ctx), 0);
	/* Later: s[1] left idle, s[2], s[3] kept busy; a login ends s[1] as idle, keeps both. */
	assert_int_equal(resume(s[2].token, idle + 3, &ctx), 0);
	assert_int_equal(resume(s[3].token, idle + 3, &ctx), 0);
	assert_int_equal(open_session("auditor", FX_PW, idle + 5, &s[4]), 0);
	svc_fx_audit_last(&last);
	assert_non_null(strstr(last.detail, "\"reason\":\"idle\""));
	assert_null(strstr(last.detail, "superseded"));
	assert_int_equal(resume(s[2].token, idle + 6, &ctx), 0);
	assert_int_equal(resume(s[3].token, idle + 6, &ctx), 0);
	assert_int_equal(resume(s[4].token, idle + 6, &ctx), 0);
	assert_int_equal(resume(s[1].token, idle + 6, &ctx), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_invalid");
}

/* A context at fixture time + `seconds`. */
static int resume_s(const char *token, int64_t seconds, bm_session_info *info)
{
	bm_ctx ctx;
	at(&ctx, NULL, 0);
	ctx.now += seconds;
	return bm_svc_session_resume(&ctx, token, info);
}

/*
 * SYS-4's idle limit counts from the second of the last request, not from a
 * refresh written now and then: a request 10 s after login keeps the session
 * until exactly 10 s + the policy's minutes (a 30 s refresh step used to end
 * it 10 s early), and one second more ends it.
 */
static void sys_4_idle_limit_counts_from_the_last_request_to_the_second(void **state)
{
	const int64_t idle = (int64_t)idle_minutes() * 60;
	bm_session_grant g;
	bm_session_info info;
	(void)state;
	assert_int_equal(open_session("li", FX_PW, 0, &g), 0);
	assert_int_equal(resume_s(g.token, 10, &info), 0);
	assert_int_equal(info.expires_at, svc_fx_get()->now + 10 + idle);
	/* A second request in the same second: nothing to write, the same limit. */
	assert_int_equal(resume_s(g.token, 10, &info), 0);
	assert_int_equal(info.expires_at, svc_fx_get()->now + 10 + idle);
	/* Exactly at the limit: still open (SYS-4 ends a session idle *more* than that). */
	assert_int_equal(resume_s(g.token, 10 + idle, &info), 0);
	assert_int_equal(info.expires_at, svc_fx_get()->now + 10 + 2 * idle);
	/* One second past the limit counted from that request: ended. */
	assert_int_equal(resume_s(g.token, 10 + 2 * idle + 1, &info), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_expired");
	assert_string_equal(bm_error_last()->rule, "SYS-4");
}

/*
 * SYS-4: a background check (bm_svc_session_check: the web UI's badge poll,
 * its check of the end) answers like a resume, with the same expiry, but
 * leaves the idle clock where the person's last request put it: a screen
 * left open that polls still ends.
 */
static void sys_4_a_background_check_does_not_keep_the_session(void **state)
{
	const int64_t idle = (int64_t)idle_minutes() * 60;
	bm_session_grant g;
	bm_session_info info;
	bm_ctx ctx;
	(void)state;
	assert_int_equal(open_session("li", FX_PW, 0, &g), 0);
	assert_int_equal(resume_s(g.token, 10, &info), 0);
	at(&ctx, NULL, 0);
	ctx.now += 10 + idle;
	assert_int_equal(bm_svc_session_check(&ctx, g.token, &info), 0);
	assert_int_equal(info.expires_at, svc_fx_get()->now + 10 + idle);
	/* One second past the limit from the last request: ended, the check notwithstanding. */
	assert_int_equal(resume_s(g.token, 10 + idle + 1, &info), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "session_expired");
	assert_string_equal(bm_error_last()->rule, "SYS-4");
}

static void sys_4_logout_ends_the_session(void **state)
{
	bm_session_grant g;
	bm_ctx ctx;
	bm_session_info info;
	fx_audit last;
	(void)state;
	assert_int_equal(open_session("li", FX_PW, 0, &g), 0);
	at(&ctx, NULL, 0);
	assert_int_equal(bm_svc_session_resume(&ctx, g.token, &info), 0);
	assert_int_equal(info.session_id, g.session_id);
	assert_int_equal(bm_svc_session_close(&ctx, info.session_id), 0);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "logout");
	assert_int_equal(resume(g.token, 0, &ctx), BM_EDENIED);
}

static int attempt(const char *user, const char *pw, int minutes)
{
	bm_session_grant g;
	return open_session(user, pw, minutes, &g);
}

static void sys_4_five_failures_lock_even_the_right_password(void **state)
{
	fx_audit last;
	(void)state;
	for (int i = 0; i < 5; i++)
		assert_int_equal(attempt("zhao", "wrong", i), BM_EDENIED);
	svc_fx_audit_last(&last);
	assert_string_equal(last.action, "login.lockout");
	assert_string_equal(last.rule, "SYS-4");
	assert_int_equal(attempt("zhao", FX_PW, 5), BM_ELOCKED);
	assert_string_equal(bm_error_last()->code, "account_locked");
	assert_string_equal(bm_error_last()->rule, "SYS-4");
	/* The lock ends after the policy's minutes, counted from the fifth failure. */
	{
		bm_ctx ctx;
		at(&ctx, NULL, 0);
		assert_int_equal(attempt("zhao", FX_PW, 4 + ctx.policy.lockout_minutes - 1),
		                 BM_ELOCKED);
		assert_int_equal(attempt("zhao", FX_PW, 4 + ctx.policy.lockout_minutes + 1), 0);
	}
}

static void sys_4_unknown_usernames_lock_the_same_way(void **state)
{
	(void)state;
	for (int i = 0; i < 5; i++) {
		assert_int_equal(attempt("nobody-here", "x", 0), BM_EDENIED);
		assert_string_equal(bm_error_last()->code, "bad_credentials");
	}
	assert_int_equal(attempt("nobody-here", "x", 0), BM_ELOCKED);
}

static void sys_4_failures_outside_the_window_do_not_lock(void **state)
{
	/* Five failures, but never five within 15 minutes: 0, 4, 8, 12, 16. */
	(void)state;
	for (int m = 0; m <= 16; m += 4)
		assert_int_equal(attempt("ghost-2", "x", m), BM_EDENIED);
	assert_int_equal(attempt("ghost-2", "x", 17), BM_EDENIED); /* 4..17: the fifth within 15 */
	assert_int_equal(attempt("ghost-2", "x", 17), BM_ELOCKED);
}

static int change(bm_person *who, const char *old_pw, const char *new_pw)
{
	bm_ctx ctx;
	at(&ctx, who, 0);
	return bm_svc_password_change(&ctx, 0, old_pw, new_pw);
}

static void sys_4_password_length_follows_the_clearance(void **state)
{
	svc_fx *f = svc_fx_get();
	(void)state;
	/* zhao is core (绝密): 12 characters; li is important (机密): 10. */
	assert_int_equal(change(f->zhao, FX_PW, "Abcdefgh#12"), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "password_too_short");
	assert_int_equal(change(f->li, FX_PW, "Abcdefg#1"), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "password_too_short");
	assert_int_equal(change(f->li, FX_PW, "abcdefghijkl"), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "password_too_simple");
	assert_int_equal(change(f->li, "wrong", "Abcdefg#12"), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "bad_credentials");
	assert_int_equal(change(f->li, FX_PW, FX_PW), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "password_reused");
}

static void sys_4_the_last_five_passwords_are_refused(void **state)
{
	svc_fx *f = svc_fx_get();
	static const char *const pw[] = {"Second#Pass01", "Third#Pass002", "Fourth#Pass03",
	                                 "Fifth#Pass004", "Sixth#Pass005"};
	const char *current = FX_PW;
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(pw); i++) {
		assert_int_equal(change(f->clerk, current, pw[i]), 0);
		f->clerk->password_hash =
		        NULL; /* the fixture's copy is stale; the service re-reads */
		current = pw[i];
	}
	/* The last five: Sixth (current), Fifth, Fourth, Third, Second. */
	assert_int_equal(change(f->clerk, current, "Third#Pass002"), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "password_reused");
	/* FX_PW is the sixth back: allowed again. */
	assert_int_equal(change(f->clerk, current, FX_PW), 0);
	f->clerk->password_hash = NULL;
}

static void sys_1_accounts_are_the_system_administrators(void **state)
{
	svc_fx *f = svc_fx_get();
	bm_account_input in = {.username = "newhire", .name = "新人"};
	bm_filing_half filed, approved;
	char secret[2 * BM_HALF_SECRET_LEN + 1];
	bm_person *p = NULL;
	bm_ctx ctx;
	(void)state;
	at(&ctx, f->secadmin, 0);
	assert_int_equal(bm_svc_account_create(&ctx, &in, &p, &filed), BM_EDENIED);
	assert_string_equal(bm_error_last()->rule, "SYS-1");
	/* Issue 9: no role at creation, not even an administrator's. */
	at(&ctx, f->sysadmin, 0);
	in.role = "auditor";
	assert_int_equal(bm_svc_account_create(&ctx, &in, &p, &filed), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "roles_by_secadmin");
	in.role = NULL;
	assert_int_equal(bm_svc_account_create(&ctx, &in, &p, &filed), 0);
	assert_int_equal(strlen(filed.half), BM_HALF_SECRET_LEN);
	assert_true(filed.filing_id > 0);
	assert_null(p->password_hash);
	assert_int_equal(p->n_roles, 0);
	/* Nothing logs in before the security administrator approves. */
	{
		bm_session_grant g;
		assert_int_equal(open_session("newhire", filed.half, 0, &g), BM_EDENIED);
	}
	/* SYS-1: the filer cannot approve his own filing. */
	at(&ctx, f->sysadmin, 0);
	assert_int_equal(bm_svc_account_approve(&ctx, filed.filing_id, &approved), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "approval_by_secadmin");
	at(&ctx, f->secadmin, 0);
	assert_int_equal(bm_svc_account_approve(&ctx, filed.filing_id, &approved), 0);
	assert_int_equal(strlen(approved.half), BM_HALF_SECRET_LEN);
	/* Decided once. */
	{
		bm_filing_half again;
		at(&ctx, f->secadmin, 0);
		assert_int_equal(bm_svc_account_approve(&ctx, filed.filing_id, &again),
		                 BM_ECONFLICT);
		assert_string_equal(bm_error_last()->code, "filing_decided");
	}
	/* Either half alone fails; both, filer's first, log in and must be changed. */
	{
		bm_session_grant g;
		assert_int_equal(open_session("newhire", filed.half, 0, &g), BM_EDENIED);
		assert_int_equal(open_session("newhire", approved.half, 0, &g), BM_EDENIED);
		snprintf(secret, sizeof(secret), "%s%s", approved.half, filed.half);
		assert_int_equal(open_session("newhire", secret, 0, &g), BM_EDENIED);
		snprintf(secret, sizeof(secret), "%s%s", filed.half, approved.half);
		at(&ctx, NULL, 0);
		assert_int_equal(bm_svc_session_open(&ctx, "newhire", secret, &g), 0);
		assert_true(g.must_change_password);
		/* The owner is told who filed and approved it, and the failed logins. */
		assert_non_null(ctx.login_notice.reset_at);
		assert_string_equal(ctx.login_notice.reset_filed_by, f->sysadmin->name);
		assert_string_equal(ctx.login_notice.reset_approved_by, f->secadmin->name);
		assert_true(ctx.login_notice.reset_since_last_login);
		assert_non_null(ctx.login_notice.last_failed_at);
		assert_null(ctx.login_notice.last_ok_at);
		at(&ctx, NULL, 0);
		assert_int_equal(bm_svc_session_resume(&ctx, g.token, NULL), 0);
		assert_int_equal(bm_svc_require_password_current(&ctx), BM_EDENIED);
		assert_string_equal(bm_error_last()->code, "password_change_required");
		assert_string_equal(bm_error_last()->rule, "SYS-4");
	}
	/* SYS-1: the security administrator cannot file; nobody files their own reset. */
	at(&ctx, f->secadmin, 0);
	assert_int_equal(bm_svc_account_reset_password(&ctx, "newhire", &filed), BM_EDENIED);
	assert_string_equal(bm_error_last()->rule, "SYS-1");
	assert_string_equal(bm_error_last()->code, "role_required");
	at(&ctx, f->sysadmin, 0);
	assert_int_equal(bm_svc_account_reset_password(&ctx, "sysadmin", &filed), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "filing_self");
}

/*
 * Issue 17 / SYS-4: a login's Argon2id holds neither the writer nor a read
 * snapshot. The hash hook runs at the start of every Argon2id computation;
 * there it sees whether the pipeline's writer is held, and runs a whole
 * write use case (a department added by the system administrator) on the
 * same store, on the same thread: it completes only because nothing is
 * held (a held writer would be seen first; an open snapshot would refuse
 * the write as a nested transaction). Optionally it changes `who`'s
 * password first (a reset or change landing during the login).
 */
static struct {
	int calls, held, writes, write_rc;
	bool busy;
	const char *change_user; /* change this account's password in the first call */
	bm_person *change_who;
	int change_rc;
} hk;

static int hk_names; /* department names: one per write, never twice */

static void while_hashing(void *arg)
{
	svc_fx *f = svc_fx_get();
	bm_department *d = NULL;
	bm_arena a;
	bm_ctx ctx;
	(void)arg;
	if (hk.busy)
		return; /* the hashes of the write done from here */
	hk.calls++;
	if (bm_pipeline_held(bm_store_pipeline(f->store))) {
		hk.held++;
		return;
	}
	hk.busy = true;
	bm_arena_init(&a, 0);
	svc_fx_ctx(&ctx, &a, f->sysadmin);
	hk.write_rc = bm_svc_department_add(&ctx, bm_arena_printf(&a, "登录期间处%d", ++hk_names),
	                                    NULL, &d);
	if (hk.write_rc == 0)
		hk.writes++;
	if (hk.change_who) {
		svc_fx_ctx(&ctx, &a, hk.change_who);
		hk.change_rc = bm_svc_password_change(&ctx, 0, FX_PW, "Changed#Meanwhile1");
		hk.change_who = NULL;
	}
	bm_arena_release(&a);
	hk.busy = false;
}

static void hook_on(void)
{
	memset(&hk, 0, sizeof(hk));
	bm_svc_password_hook_set(while_hashing, NULL);
}

static void sys_4_a_login_hashes_without_the_writer(void **state)
{
	bm_session_grant g;
	fx_audit last;
	int64_t before;
	(void)state;
	svc_fx_audit_last(&last);
	before = last.count;
	hook_on();
	assert_int_equal(open_session("li", FX_PW, 0, &g), 0);
	bm_svc_password_hook_set(NULL, NULL);
	assert_true(hk.calls >= 1);
	assert_int_equal(hk.held, 0);
	assert_int_equal(hk.write_rc, 0);
	assert_int_equal(hk.writes, hk.calls);
	/* The department's event, then the login's: the write went first, while hashing. */
	svc_fx_audit_last(&last);
	assert_int_equal(last.count, before + hk.writes + 1);
	assert_string_equal(last.action, "login");
	assert_string_equal(last.outcome, "ok");

	/* A wrong password and an unknown user hash without the writer too. */
	hook_on();
	assert_int_equal(open_session("li", "Wrong#Password1", 0, &g), BM_EDENIED);
	assert_string_equal(bm_error_last()->code, "bad_credentials");
	assert_int_equal(open_session("nobody-hashes", "x", 0, &g), BM_EDENIED);
	bm_svc_password_hook_set(NULL, NULL);
	assert_int_equal(hk.calls, 2);
	assert_int_equal(hk.held, 0);
	assert_int_equal(hk.writes, 2);

	/* The CLI's login (auth.c) as well. */
	{
		bm_ctx ctx;
		at(&ctx, NULL, 0);
		hook_on();
		assert_int_equal(bm_svc_login(&ctx, "li", FX_PW), 0);
		bm_svc_password_hook_set(NULL, NULL);
		assert_true(hk.calls >= 1);
		assert_int_equal(hk.held, 0);
		assert_int_equal(hk.writes, hk.calls);
	}
}

static void sys_4_a_password_change_hashes_without_the_writer(void **state)
{
	svc_fx *f = svc_fx_get();
	bm_ctx ctx;
	bm_person *p = NULL;
	(void)state;
	svc_fx_ctx(&ctx, &t_arena, f->sysadmin);
	assert_int_equal(svc_fx_add_person(&ctx, "wang5", "王五", "科技处", NULL, false), 0);
	assert_int_equal(svc_fx_login(&ctx, "wang5", &p), 0);
	hook_on();
	/* The old password, the current and replaced ones (history), the new hash. */
	assert_int_equal(change(p, FX_PW, "Another#Pass01"), 0);
	bm_svc_password_hook_set(NULL, NULL);
	assert_true(hk.calls >= 3);
	assert_int_equal(hk.held, 0);
	assert_int_equal(hk.writes, hk.calls);
}

static void sys_4_a_password_changed_during_the_login_is_checked_again(void **state)
{
	svc_fx *f = svc_fx_get();
	bm_session_grant g;
	bm_person *p = NULL;
	bm_ctx ctx;
	(void)state;
	svc_fx_ctx(&ctx, &t_arena, f->sysadmin);
	assert_int_equal(svc_fx_add_person(&ctx, "qian7", "钱七", "科技处", NULL, false), 0);
	assert_int_equal(svc_fx_login(&ctx, "qian7", &p), 0);
	/* The old password was right when checked, but changed before the writer. */
	hook_on();
	hk.change_who = p;
	assert_int_equal(open_session("qian7", FX_PW, 0, &g), BM_EDENIED);
	bm_svc_password_hook_set(NULL, NULL);
	assert_int_equal(hk.change_rc, 0);
	assert_string_equal(bm_error_last()->code, "bad_credentials");
	assert_int_equal(hk.calls, 2); /* checked twice: against the old hash, then the new */
	/* The new one opens, checked once. */
	hook_on();
	assert_int_equal(open_session("qian7", "Changed#Meanwhile1", 0, &g), 0);
	bm_svc_password_hook_set(NULL, NULL);
	assert_int_equal(hk.calls, 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test_setup_teardown(sys_4_session_opens_with_a_token_and_resumes,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_3_a_long_login_name_is_refused_and_recorded_cut,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_idle_session_expires_and_stays_ended, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(
	                sys_4_idle_limit_counts_from_the_last_request_to_the_second, t_setup,
	                t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_a_background_check_does_not_keep_the_session,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_logout_ends_the_session, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_five_failures_lock_even_the_right_password,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_a_busy_session_ends_after_its_lifetime,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(
	                sys_4_a_login_beyond_the_cap_ends_the_oldest_session, t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_unknown_usernames_lock_the_same_way, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_failures_outside_the_window_do_not_lock,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_password_length_follows_the_clearance,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_the_last_five_passwords_are_refused, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_1_accounts_are_the_system_administrators,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_a_login_hashes_without_the_writer, t_setup,
	                                        t_teardown),
	        cmocka_unit_test_setup_teardown(sys_4_a_password_change_hashes_without_the_writer,
	                                        t_setup, t_teardown),
	        cmocka_unit_test_setup_teardown(
	                sys_4_a_password_changed_during_the_login_is_checked_again, t_setup,
	                t_teardown),
	};
	return cmocka_run_group_tests(tests, svc_fx_group_setup, svc_fx_group_teardown);
}
