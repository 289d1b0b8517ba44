/*
 * account.h — the pure decisions of accounts and sessions: SYS-4 (password
 * quality, lockout, idle sessions) and SYS-1 (separation of the three
 * administrators when accounts and roles are set up). Same contract as
 * rules.h: facts + the policy + now in, a bm_decision out; no I/O, no clock.
 */
#ifndef BM_ACCOUNT_H
#define BM_ACCOUNT_H

#include "policy/rules.h"

/* The longest password taken, in characters (a bound on hashing work, not a rule). */
#define BM_PASSWORD_MAX_CHARS 128

/* A new password and whose it is. */
typedef struct bm_password_facts {
	const char *password; /* NULL or "" when none was given */
	bool valid_text;      /* valid UTF-8 */
	size_t chars;         /* length in characters */
	const char *username; /* the account's, may be NULL */
	bm_class person_class;
} bm_password_facts;

/* SYS-4: the level whose password length applies: the class's, never below 秘密's. */
bm_level bm_rules_password_level(bm_class c);

/*
 * SYS-4: is the new password good enough? Given, long enough for the
 * person's level (auth.password_min_length.*), at most
 * BM_PASSWORD_MAX_CHARS, mixing auth.password_min_classes character
 * classes, and not the username.
 */
bool bm_rules_password_quality(bm_decision *out, const bm_policy *p, const bm_password_facts *f);

/* SYS-4: `reused`: the password is one of the last auth.password_history. */
bool bm_rules_password_reused(bm_decision *out, const bm_policy *p, bool reused);

/* SYS-4: an initial or set-up password has at least the 内部 length. */
bool bm_rules_initial_password(bm_decision *out, const bm_policy *p, size_t length);

/*
 * SYS-4: the instant until which a username is locked, 0 when it is not.
 * `failures` are the times of its failed logins, oldest first (0: an
 * unreadable time, never part of a lock). A lock starts at a failure that
 * completes auth.lockout_failures failures within
 * auth.lockout_window_minutes and lasts auth.lockout_minutes.
 */
int64_t bm_rules_locked_until(const bm_policy *p, const int64_t *failures, size_t n, int64_t now);

/* SYS-4: refuses (BM_ELOCKED, account_locked) while `locked_until` is after `now`. */
bool bm_rules_lockout(bm_decision *out, int64_t locked_until, int64_t now);

/* SYS-4: an unlock lifts a lock there is: refuses (not_locked) when `locked_until` <= `now`. */
bool bm_rules_unlock(bm_decision *out, const char *name, int64_t locked_until, int64_t now);

/* SYS-4: refuses (session_expired) a session unused for auth.session_idle_minutes. */
bool bm_rules_session_idle(bm_decision *out, const bm_policy *p, int64_t last_seen, int64_t now);

/*
 * SYS-4: refuses (session_expired) a session older than
 * auth.session_max_hours since its login, however busy it was.
 */
bool bm_rules_session_lifetime(bm_decision *out, const bm_policy *p, int64_t created, int64_t now);

/*
 * SYS-4: whether a session not yet marked ended is still alive at `now`
 * (neither idle past auth.session_idle_minutes nor older than
 * auth.session_max_hours). A session that is not alive no longer counts
 * against auth.max_sessions.
 */
bool bm_rules_session_alive(const bm_policy *p, int64_t created, int64_t last_seen, int64_t now);

/*
 * SYS-4: how many of an account's `alive` sessions a new login ends, the
 * oldest first, so that with the new one the account keeps at most
 * auth.max_sessions. A login is never refused for the cap: the person at
 * the keyboard now is the one the account belongs to (专人专用), and the
 * session left behind on another terminal is the one at risk.
 */
size_t bm_rules_sessions_to_end(const bm_policy *p, size_t alive);

/*
 * SYS-4: the refusal (session_superseded) a session gets once a later
 * login of its account ended it under auth.max_sessions. Always false.
 */
bool bm_rules_session_superseded(bm_decision *out, const bm_policy *p);

/* SYS-4: what stands between a request and an authenticated actor. */
typedef enum bm_auth_fault {
	BM_AUTH_OK = 0,
	BM_AUTH_LOGIN_REQUIRED,  /* nobody is logged in (login_required) */
	BM_AUTH_TOKEN_MALFORMED, /* what the request carries cannot be a token (session_invalid) */
	BM_AUTH_SESSION_INVALID, /* an unknown, ended or malformed session (session_invalid) */
	BM_AUTH_BAD_CREDENTIALS, /* a wrong username or password at login (bad_credentials) */
	BM_AUTH_WRONG_PASSWORD,  /* the current password is wrong at a change (bad_credentials) */
	BM_AUTH_PASSWORD_CHANGE, /* first login or reset: change it first (password_change_required)
	                          */
	BM_AUTH_NO_USER,         /* a terminal login names no user (no_user) */
	BM_AUTH_NO_PASSWORD,     /* a terminal login gives no password (password_required) */
	BM_AUTH_PASSWORD_TOO_LONG, /* the given password does not fit (password_too_long) */
} bm_auth_fault;

/*
 * SYS-4: every request is made by an authenticated person. Allows
 * BM_AUTH_OK; refuses any other fault under SYS-4 (BM_EDENIED; a missing
 * user or password BM_EINVALID, one too long BM_ETOOLARGE).
 */
bool bm_rules_auth(bm_decision *out, bm_auth_fault fault);

/* The accounts a system administrator sets up (SYS-1). */
typedef struct bm_admin_account {
	bool person_class_given; /* a personnel class other than none was asked for */
	const bm_role *roles;    /* the roles asked for; borrowed */
	size_t n_roles;
	bool password_given; /* the administrator chose the first password */
} bm_admin_account;

/*
 * SYS-1: the system administrator sets up accounts without a personnel
 * class, without any role (the security administrator grants them) and
 * without choosing the first password (split between two administrators,
 * bm_rules_filing_file).
 */
bool bm_rules_sysadmin_account(bm_decision *out, const bm_admin_account *a);

/* SYS-1: `name` has a login account (`has_account`; no_account) for the administrator to change. */
bool bm_rules_has_account(bm_decision *out, const char *name, bool has_account);

/*
 * SYS-1: the demo password stays only in a demo unit still being set up,
 * with no carrier yet (`n_carriers`; demo_only), so it cannot later give a
 * real person a password the administrator knows.
 */
bool bm_rules_demo_password(bm_decision *out, size_t n_carriers);

/* SYS-1: nobody disables their own account (`self`: the account is the actor's). */
bool bm_rules_disable_account(bm_decision *out, bool self);

/* A grant of class and roles by the security administrator (SYS-1, PERSON-3). */
typedef struct bm_grant_facts {
	bool temporary;        /* PERSON-3: a temporary hire */
	bool holds_admin;      /* the person holds one of the three administrator roles */
	int person_class;      /* bm_class asked for, or -1 when unchanged */
	int32_t commitment_on; /* PERSON-2: signing date given, or BM_DATE_NONE */
	const bm_role *roles;  /* the roles asked for; borrowed */
	size_t n_roles;
	bool self;       /* the person is the one granting */
	int class_after; /* bm_class the person holds after the grant */
	/* SYS-1 (三员): for each administrator role asked for, the active holders
	 * other than this person; indexed by bm_role, NULL when none asked for */
	const size_t *admin_holders;
	int admin_holders_max; /* auth.admin_holders_max: holders of one administrator role */
} bm_grant_facts;

/*
 * PERSON-3: a temporary hire takes no class and no role but plain staff;
 * PERSON-2: a commitment is not signed after `today`; SYS-1: nobody
 * grants themselves; an administrator takes no class or business role;
 * an administrator role (granted, like every role, by the security
 * administrator) comes alone, and is not granted while the policy's number
 * of active holders (auth.admin_holders_max, one) already hold it.
 */
bool bm_rules_grant(bm_decision *out, const bm_grant_facts *g, int32_t today);

/* SYS-1 (issue 9): a two-administrator account filing and who acts on it. */
typedef struct bm_filing_facts {
	bool actor_sysadmin; /* the actor holds the system administrator role */
	bool actor_secadmin; /* the actor holds the security administrator role */
	bool self_target;    /* the account is the actor's own */
	bool other_pending;  /* the account already has a pending filing */
	bool own_filing;     /* the actor filed it */
	bool pending;        /* not yet approved or refused */
	bool expired;        /* past its expiry (bm_rules_filing_expires) */
} bm_filing_facts;

/*
 * SYS-1: a password reset or a new account's first login is filed by the
 * system administrator alone, for an account not his own and with no
 * filing pending.
 */
bool bm_rules_filing_file(bm_decision *out, const bm_filing_facts *f);

/*
 * SYS-1: a filing is approved or refused by the security administrator,
 * never the one who filed it nor the account's owner, while it is pending
 * and not expired.
 */
bool bm_rules_filing_decide(bm_decision *out, const bm_filing_facts *f);

/* SYS-1: the filings are read by the three administrators (`admin`) only. */
bool bm_rules_filing_read(bm_decision *out, bool admin);

/*
 * SYS-1 (issue 9 point 1): the alerts about the administrators are the
 * audit administrator's (`auditor`) alone, to read and to acknowledge.
 */
bool bm_rules_admin_alert_ack(bm_decision *out, bool auditor);

/* SYS-1: a change of `p`'s roles or account status is an administrator's
 * change, raised to the auditor, when it held or is given an administrator role. */
bool bm_rules_admin_change_alerted(bool held_admin, bool given_admin);

/* SYS-1: the instant a filing made at `filed_at` expires (auth.filing_expiry_hours). */
int64_t bm_rules_filing_expires(const bm_policy *p, int64_t filed_at);

#endif
