/*
 * session.c — SYS-4 for the API: login with lockout, bearer-token sessions
 * with idle expiry, logout. The token is 32 random bytes shown once to the
 * client; the store keeps only its BLAKE2b-256 hash, so a copy of the
 * database opens no session.
 *
 * Lockout: failures are recorded by the username string tried, known or
 * not, so a locked answer (423) tells nothing about which accounts exist.
 * A username is locked for `lockout_minutes` from the failure that makes
 * `lockout_failures` within `lockout_window_minutes`. While locked, no
 * password is checked and no failure is added (so the lock ends on time).
 */
#include "common.h"

#include <sodium.h>
#include <stdio.h>

#include "audit/audit.h"
#include "policy/account.h"
#include "policy/custody.h"
#include "service/service_int.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/*
 * SYS-4's idle clock. The stored last activity keeps whole seconds, and a
 * request writes it only when it has moved on by TOUCH_STEP since: the
 * requests of one second share one write, so a busy session costs at most
 * one write a second, not one per request. Since the step equals the
 * record's resolution, the stored value is always the second of the last
 * request, and the idle limit holds to the second (a 30 s step used to let
 * a session end up to 30 s before the policy's minutes). The write is the
 * store's lazy one (session_touch outside a transaction: not synced), so
 * it never waits for the disk; a refresh lost to a power cut only makes
 * the session end sooner, never later.
 */
#define TOUCH_STEP 1

/*
 * A login name is at most this many characters (an account's is at most 32):
 * a longer one is refused as too long before any lookup, and what its
 * refusal records is cut (tx.c), so a login cannot grow the audit chain by
 * more than a few hundred bytes.
 */
#define MAX_USERNAME 64

/*
 * An Argon2id string, at the parameters of every new hash (BM_PWHASH_*), of
 * a random password nobody knows: an unknown username is checked against
 * it, so it costs what a known one costs and timing does not tell them
 * apart. Keep it at BM_PWHASH_* when they change (test_password checks).
 */
static const char dummy_hash[] = "$argon2id$v=19$m=19456,t=2,p=1$tD/XGxymEmj8uyHX6H/7/A$"
                                 "h3Ut8VpEBEZtg5EV4f4G/AW9j3L975khlHM2V0iPgtI";

static const char *iso(bm_ctx *ctx, int64_t t)
{
	char buf[BM_ISO_TIME_LEN];
	bm_time_format(t, buf);
	return bm_arena_strdup(ctx->arena, buf);
}

/*
 * SYS-4: the instant until which `username` is locked (bm_rules_locked_until), 0 when not;
 * `failures` (may be NULL) gets the failures on record that can still lock it.
 */
static int locked_count(bm_ctx *ctx, const char *username, int64_t *out, size_t *failures)
{
	const bm_policy *p = &ctx->policy;
	const int64_t span = (int64_t)(p->lockout_window_minutes + p->lockout_minutes) * 60;
	const char *since = iso(ctx, ctx->now - span);
	const char **at = NULL;
	int64_t *t;
	size_t n = 0;
	int rc;

	*out = 0;
	if (failures)
		*failures = 0;
	if (!since)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, login_failure_list)(ctx->store, ctx->arena, username, since,
	                                                   &at, &n)) != 0)
		return rc;
	if (failures)
		*failures = n;
	if (n == 0)
		return 0;
	if (!(t = bm_arena_alloc(ctx->arena, n * sizeof(*t))))
		return bm_error_nomem();
	for (size_t i = 0; i < n; i++)
		if (!bm_time_parse(at[i], &t[i]))
			t[i] = 0; /* unreadable: never part of a lock */
	*out = bm_rules_locked_until(p, t, n, ctx->now);
	return 0;
}

static int locked_until(bm_ctx *ctx, const char *username, int64_t *out)
{
	return locked_count(ctx, username, out, NULL);
}

int bm_svc_lock_of(bm_ctx *ctx, const char *username, int64_t *until, size_t *failures)
{
	return locked_count(ctx, username, until, failures);
}

/*
 * How many times a login checks the password again when it changed between
 * the check and the writer (a reset or a change meanwhile): the check is
 * then repeated against the new hash, and after this many tries the login
 * fails as a conflict, never as a wrong password.
 */
#define LOGIN_TRIES 3

/* A fresh Argon2id string of `password` at BM_PWHASH_* (arena), for a re-hash. */
static int fresh_hash(bm_ctx *ctx, const char *password, const char **out)
{
	char fresh[crypto_pwhash_STRBYTES];
	int rc;
	if ((rc = bm_password_hash(password, fresh, sizeof(fresh))) != 0)
		return rc;
	*out = bm_arena_strdup(ctx->arena, fresh);
	sodium_memzero(fresh, sizeof(fresh));
	return *out ? 0 : bm_error_nomem();
}

/* Is `p` an account `username` may log in as (before its password)? */
static bool may_log_in(const bm_person *p, const char *username)
{
	return p && p->username && strcmp(p->username, username) == 0 && p->password_hash &&
	       p->status == BM_PERSON_ACTIVE;
}

/*
 * The part of a login that holds nothing: the lockout and the account are
 * read in a read snapshot, which then ends, and the password is checked
 * (Argon2id, ~0.2 s at the production cost) and re-hashed if need be with
 * neither the snapshot nor the writer held, so no other use case waits for
 * it. `*out` is the account as read, with the hash that was verified;
 * `*fresh` is its re-hash, or NULL. A store error is answered as such, never
 * as a wrong password.
 */
static int check_password(bm_ctx *ctx, const char *username, const char *password, bool plausible,
                          bm_person **out, const char **fresh)
{
	bm_person *p = NULL;
	bm_decision d;
	int64_t until = 0;
	bool ok = false;
	int rc;

	*out = NULL;
	*fresh = NULL;
	if (plausible) {
		if ((rc = bm_svc_begin_read(ctx)) != 0 ||
		    (rc = locked_until(ctx, username, &until)) != 0)
			return rc;
		if (!bm_rules_lockout(&d, until, ctx->now))
			return bm_decision_error(&d);
		rc = BM_STORE(ctx->store, person_find)(ctx->store, ctx->arena, username, &p);
		if (rc == BM_ENOTFOUND)
			p = NULL;
		else if (rc)
			return rc;
		if ((rc = bm_svc_read_end(ctx)) != 0)
			return rc;
	}
	if (plausible && may_log_in(p, username)) {
		ok = bm_svc_password_matches(p->password_hash, password);
	} else {
		/* Spend the same effort for an unknown user, so timing does not tell. */
		(void)bm_svc_password_matches(dummy_hash, password ? password : "");
		p = NULL;
	}
	bm_error_clear();
	if (!ok)
		return bm_svc_auth_refusal(BM_AUTH_BAD_CREDENTIALS);
	if (bm_svc_password_needs_rehash(p->password_hash) &&
	    (rc = fresh_hash(ctx, password, fresh)) != 0)
		return rc;
	*out = p;
	return 0;
}

/*
 * Inside the writer: what may have changed since check_password read it.
 * `*changed` is set when the stored hash is no longer the one verified.
 */
static int recheck(bm_ctx *ctx, const char *username, const bm_person *seen, bm_person **out,
                   bool *changed)
{
	bm_person *p = NULL;
	bm_decision d;
	int64_t until = 0;
	int rc;

	*changed = false;
	/* SYS-4: a failure meanwhile may have locked the username. */
	if ((rc = locked_until(ctx, username, &until)) != 0)
		return rc;
	if (!bm_rules_lockout(&d, until, ctx->now))
		return bm_decision_error(&d);
	rc = BM_STORE(ctx->store, person_find)(ctx->store, ctx->arena, username, &p);
	if (rc && rc != BM_ENOTFOUND)
		return rc;
	/* Disabled, gone or renamed meanwhile: as if it had been so before. */
	if (rc == BM_ENOTFOUND || !may_log_in(p, username) || p->id != seen->id) {
		bm_error_clear();
		return bm_svc_auth_refusal(BM_AUTH_BAD_CREDENTIALS);
	}
	if (strcmp(p->password_hash, seen->password_hash) != 0) {
		*changed = true;
		return 0;
	}
	*out = p;
	return 0;
}

/*
 * SYS-1/SYS-4 (issue 9): what the account's owner is told at this login —
 * the last successful and failed logins before it, and the latest approved
 * reset or first login with who filed and who approved it — into
 * ctx->login_notice; then this login becomes the last successful one.
 */
static int note_login(bm_ctx *ctx, const bm_person *p)
{
	bm_login_notice *n = &ctx->login_notice;
	bm_login_seen seen = {0};
	bm_account_filing *f = NULL;
	int rc;

	memset(n, 0, sizeof(*n));
	if ((rc = BM_STORE(ctx->store, login_seen_get)(ctx->store, ctx->arena, p->id, &seen)) != 0)
		return rc;
	n->last_ok_at = seen.last_ok_at;
	n->last_failed_at = seen.last_failed_at;
	rc = BM_STORE(ctx->store, filing_last_approved)(ctx->store, ctx->arena, p->id, &f);
	if (rc && rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	if (f) {
		n->reset_kind = f->kind;
		n->reset_at = f->decided_at;
		n->reset_filed_by = f->filed_by_name;
		n->reset_approved_by = f->decided_by_name;
		/*
		 * ISO instants in UTC compare as text. They have whole seconds: a
		 * reset approved in the same second as the last login is told too,
		 * since not telling is the worse mistake.
		 */
		n->reset_since_last_login =
		        !seen.last_ok_at || strcmp(f->decided_at, seen.last_ok_at) >= 0;
	}
	return BM_STORE(ctx->store, login_seen_note)(ctx->store, p->id, iso(ctx, ctx->now), NULL);
}

int bm_svc_authenticate(bm_ctx *ctx, const char *username, const char *password, bm_person **out,
                        bool *rehashed)
{
	bool plausible;
	int rc;

	if (sodium_init() < 0)
		return bm_error_set(BM_ERROR, "crypto_init", NULL, "密码库初始化失败",
		                    "the crypto library failed to start");
	if (ctx->home || ctx->reading)
		return bm_error_set(BM_ERROR, "nested_transaction", NULL, "事务嵌套",
		                    "a transaction is already open");
	/* A name longer than any account's is refused as such, before any lookup. */
	if (username && bm_utf8_valid(username, strlen(username)) &&
	    bm_utf8_length(username) > MAX_USERNAME)
		return bm_svc_check_text(username, "用户名", "username", MAX_USERNAME, true);
	plausible = username && *username && strlen(username) <= MAX_USERNAME * 4 && password;
	for (int tries = 0; tries < LOGIN_TRIES; tries++) {
		bm_person *seen = NULL, *p = NULL;
		const char *fresh = NULL;
		bool changed = false;

		if ((rc = check_password(ctx, username, password, plausible, &seen, &fresh)) != 0)
			return rc;
		/* Only the writes hold the writer. */
		if ((rc = bm_svc_begin(ctx)) != 0 ||
		    (rc = recheck(ctx, username, seen, &p, &changed)) != 0)
			return rc;
		if (changed) {
			/* Reset or changed since it was checked: check the new one. */
			(void)bm_svc_write_end(ctx, BM_ECONFLICT);
			bm_error_clear();
			continue;
		}
		if ((rc = BM_STORE(ctx->store, login_failure_clear)(ctx->store, username)) != 0 ||
		    (rc = note_login(ctx, p)) != 0)
			return rc;
		if (fresh) {
			/* SYS-4: replaces a hash made at other parameters by one at BM_PWHASH_*. */
			p->password_hash = fresh;
			if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0)
				return rc;
			if (rehashed)
				*rehashed = true;
		}
		*out = p;
		return 0;
	}
	return bm_error_set(BM_ECONFLICT, "password_changed", NULL, "登录期间密码被更改，请重试",
	                    "the password changed during the login; try again");
}

/* SYS-4: a failed login of an existing account is told to its owner at the next login. */
static int note_failure(bm_ctx *ctx, bm_store *s, const char *username, const char *now_iso)
{
	bm_person *p = NULL;
	int rc = BM_STORE(s, person_find)(s, ctx->arena, username, &p);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		return 0;
	}
	return rc ? rc : BM_STORE(s, login_seen_note)(s, p->id, NULL, now_iso);
}

int bm_svc_password_age(bm_ctx *ctx, bm_person *p, json_t *detail, bool *expired)
{
	const char *set_at = NULL;
	int64_t t = 0;
	bm_decision d;
	int rc;

	*expired = false;
	if (p->must_change_password || !p->password_hash)
		return 0;
	if ((rc = BM_STORE(ctx->store, password_set_at)(ctx->store, ctx->arena, p->id, &set_at)) !=
	    0)
		return rc;
	if (!bm_time_parse(set_at, &t))
		return 0;
	if (bm_rules_password_age(&d, &ctx->policy, bm_svc_clearance(p),
	                          bm_time_local_date(t, ctx->policy.tz_offset_minutes),
	                          bm_svc_today_days(ctx)))
		return 0;
	/* SYS-4: the same forced change as a temporary password's, until changed. */
	p->must_change_password = true;
	*expired = true;
	json_object_set_new(detail, "password_expired", json_true());
	json_object_set_new(detail, "rule", json_string(d.rule));
	return BM_STORE(ctx->store, person_update)(ctx->store, p);
}

void bm_svc_note_login_failure(bm_ctx *ctx, const char *username)
{
	const bm_policy *l = &ctx->policy;
	bm_error saved;
	int64_t until = 0;
	const char *now_iso, *horizon;
	bm_store *s;
	int rc;

	if (!username || !*username || strlen(username) > MAX_USERNAME * 4)
		return;
	bm_error_save(&saved);
	now_iso = iso(ctx, ctx->now);
	horizon =
	        iso(ctx, ctx->now - (int64_t)(l->lockout_window_minutes + l->lockout_minutes) * 60);
	if (!now_iso || !horizon || bm_svc_write_begin(ctx) != 0)
		goto done;
	s = ctx->store; /* the writer, until bm_svc_write_end */
	/* Old failures can no longer lock anybody: forget them as we go. */
	if ((rc = BM_STORE(s, login_failure_purge)(s, horizon)) != 0 ||
	    (rc = BM_STORE(s, login_failure_insert)(s, username, now_iso)) != 0 ||
	    (rc = note_failure(ctx, s, username, now_iso)) != 0 ||
	    (rc = locked_until(ctx, username, &until)) != 0)
		goto end;
	if (until && until == ctx->now + (int64_t)l->lockout_minutes * 60) {
		/* This failure starts the lock: it goes on the record (SYS-3). */
		json_t *d = json_object();
		char until_iso[BM_ISO_TIME_LEN];
		const char *detail;
		bm_decision lock;
		bm_audit_event ev = {
		        .at = ctx->now,
		        .actor = username,
		        .action = "login.lockout",
		        .object = "",
		        .outcome = "refused",
		};
		bm_rules_lockout(&lock, until, ctx->now);
		ev.rule = lock.rule;
		bm_time_format(until, until_iso);
		json_object_set_new(d, "username", json_string(username));
		json_object_set_new(d, "locked_until", json_string(until_iso));
		json_object_set_new(d, "failures", json_integer(l->lockout_failures));
		json_object_set_new(d, "window_minutes", json_integer(l->lockout_window_minutes));
		json_object_set_new(d, "channel", json_string(ctx->channel));
		detail = bm_svc_json(ctx, d);
		ev.detail = detail ? detail : "{}";
		rc = bm_audit_append(s, &ev, NULL);
	}
end:
	bm_svc_write_end(ctx, rc);
done:
	bm_error_restore(&saved);
}

/* Lower-case hex of BLAKE2b-256 of the token text: what the store keeps. */
static const char *token_hash(bm_ctx *ctx, const char *token)
{
	unsigned char h[32];
	char hex[65];
	crypto_generichash(h, sizeof(h), (const unsigned char *)token, strlen(token), NULL, 0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	return bm_arena_strdup(ctx->arena, hex);
}

/* Ends a use case on behalf of somebody who is not (yet) the actor. */
static int end_as(bm_ctx *ctx, int rc, const char *username, const char *action, const char *object,
                  const char *detail)
{
	bm_person attempted = {.username = username && *username ? username : "-"};
	bm_person *actor = ctx->actor;
	if (actor)
		return bm_svc_end(ctx, rc, action, object, detail);
	ctx->actor = &attempted;
	rc = bm_svc_end(ctx, rc, action, object, detail);
	ctx->actor = NULL;
	return rc;
}

/* SYS-4: when an unused session ends: the idle limit, at most the lifetime's end. */
static int64_t expiry(const bm_policy *p, int64_t created, int64_t last)
{
	int64_t idle_end = last + (int64_t)p->session_idle_minutes * 60;
	int64_t life_end = created + (int64_t)p->session_max_hours * 3600;
	return idle_end < life_end ? idle_end : life_end;
}

/*
 * SYS-4, at a login of `p`: ends the account's open sessions that are no
 * longer alive (idle, lifetime), then the oldest alive ones beyond
 * auth.max_sessions (superseded, bm_rules_sessions_to_end). Their ids go
 * into the login's audit detail `d`, so the chain says which login ended
 * which session.
 */
static int end_surplus_sessions(bm_ctx *ctx, const bm_person *p, json_t *d)
{
	bm_session *open = NULL;
	size_t n = 0, alive = 0, to_end;
	const char *now_iso = iso(ctx, ctx->now);
	json_t *ended = NULL;
	int rc;

	if (!now_iso)
		return bm_error_nomem();
	if ((rc = BM_STORE(ctx->store, session_open_list)(ctx->store, ctx->arena, p->id, &open,
	                                                  &n)) != 0)
		return rc;
	if (n == 0)
		return 0;
	ended = json_array();
	/* Those past their time first: they no longer count against the cap. */
	for (size_t i = 0; i < n; i++) {
		int64_t created = 0, last = 0;
		bm_decision idle;
		const char *why;
		if (bm_time_parse(open[i].created_at, &created) &&
		    bm_time_parse(open[i].last_seen_at, &last) &&
		    bm_rules_session_alive(&ctx->policy, created, last, ctx->now)) {
			open[alive++] = open[i]; /* keeps the oldest-first order */
			continue;
		}
		why = bm_rules_session_idle(&idle, &ctx->policy, last, ctx->now) ? "lifetime"
		                                                                 : "idle";
		if ((rc = BM_STORE(ctx->store, session_end)(ctx->store, open[i].id, now_iso,
		                                            why)) != 0)
			goto done;
		json_array_append_new(ended, json_pack("{s:I,s:s}", "session",
		                                       (json_int_t)open[i].id, "reason", why));
	}
	to_end = bm_rules_sessions_to_end(&ctx->policy, alive);
	for (size_t i = 0; i < to_end; i++) {
		if ((rc = BM_STORE(ctx->store, session_end)(ctx->store, open[i].id, now_iso,
		                                            "superseded")) != 0)
			goto done;
		json_array_append_new(ended,
		                      json_pack("{s:I,s:s}", "session", (json_int_t)open[i].id,
		                                "reason", "superseded"));
	}
	if (to_end)
		json_object_set_new(d, "max_sessions", json_integer(ctx->policy.max_sessions));
done:
	if (rc == 0 && json_array_size(ended) > 0)
		json_object_set_new(d, "ended_sessions", ended);
	else
		json_decref(ended);
	return rc;
}

int bm_svc_session_open(bm_ctx *ctx, const char *username, const char *password,
                        bm_session_grant *out)
{
	bm_person *p = NULL;
	bm_session sess = {0};
	json_t *d = json_object();
	const char *detail;
	bool rehashed = false;
	int rc;

	memset(out, 0, sizeof(*out));
	json_object_set_new(d, "username", json_string(username ? username : ""));
	json_object_set_new(d, "channel", json_string(ctx->channel));
	/* Takes the writer only after the password is checked. */
	if ((rc = bm_svc_authenticate(ctx, username, password, &p, &rehashed)) != 0) {
		p = NULL;
		goto done;
	}
	if (rehashed)
		json_object_set_new(d, "password_rehashed", json_true());
	if ((rc = bm_svc_password_age(ctx, p, d, &out->password_expired)) != 0)
		goto done;
	if (!ctx->unit) {
		rc = bm_svc_require_actor(ctx);
		goto done;
	}
	{
		unsigned char raw[32];
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(out->token, sizeof(out->token), raw, sizeof(raw),
		                  sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		sodium_memzero(raw, sizeof(raw));
	}
	if ((rc = end_surplus_sessions(ctx, p, d)) != 0)
		goto done;
	sess.token_hash = token_hash(ctx, out->token);
	sess.person_id = p->id;
	sess.channel = ctx->channel;
	sess.created_at = sess.last_seen_at = iso(ctx, ctx->now);
	if (!sess.token_hash || !sess.created_at) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, session_insert)(ctx->store, &sess)) != 0)
		goto done;
	ctx->actor = p;
	out->session_id = sess.id;
	out->expires_at = expiry(&ctx->policy, ctx->now, ctx->now);
	out->must_change_password = p->must_change_password;
	json_object_set_new(d, "session", json_integer(sess.id));
	if (p->must_change_password)
		json_object_set_new(d, "must_change_password", json_true());
done:
	detail = bm_svc_json(ctx, d);
	rc = end_as(ctx, rc, username, "login",
	            p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "", detail);
	if (rc) {
		if (rc == BM_EDENIED && strcmp(bm_error_last()->code, "bad_credentials") == 0)
			bm_svc_note_login_failure(ctx, username);
		ctx->actor = NULL;
		sodium_memzero(out, sizeof(*out));
	}
	return rc;
}

static bool token_well_formed(const char *token)
{
	if (!token || strlen(token) != BM_SESSION_TOKEN_LEN)
		return false;
	for (const char *c = token; *c; c++)
		if (!((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= '0' && *c <= '9') || *c == '-' || *c == '_'))
			return false;
	return true;
}

static int session_invalid(void)
{
	return bm_svc_auth_refusal(BM_AUTH_SESSION_INVALID);
}

int bm_svc_refuse_auth(bm_svc_auth_missing what)
{
	switch (what) {
	case BM_SVC_NO_TOKEN: return bm_svc_auth_refusal(BM_AUTH_LOGIN_REQUIRED);
	case BM_SVC_BAD_TOKEN: return bm_svc_auth_refusal(BM_AUTH_TOKEN_MALFORMED);
	case BM_SVC_NO_USER: return bm_svc_auth_refusal(BM_AUTH_NO_USER);
	case BM_SVC_NO_PASSWORD: return bm_svc_auth_refusal(BM_AUTH_NO_PASSWORD);
	case BM_SVC_PASSWORD_TOO_LONG: return bm_svc_auth_refusal(BM_AUTH_PASSWORD_TOO_LONG);
	}
	return -1;
}

/* Notes the session's activity now. Not a use case: no audit event for keeping it alive. */
static int touch(bm_ctx *ctx, int64_t session_id)
{
	const char *now_iso = iso(ctx, ctx->now);
	if (!now_iso)
		return bm_error_nomem();
	bm_svc_preamble_end(ctx); /* a write: not in the request's read snapshot */
	return BM_STORE(ctx->store, session_touch)(ctx->store, session_id, now_iso);
}

static int resume(bm_ctx *ctx, const char *token, bool activity, bm_session_info *out)
{
	const int idle_minutes = ctx->policy.session_idle_minutes;
	bm_session *sess = NULL;
	bm_person *p = NULL;
	bm_decision idle_d;
	const char *hash;
	int64_t last = 0, created = 0;
	bool idle_ok, life_ok;
	int rc;

	ctx->actor = NULL;
	if (!token_well_formed(token))
		return session_invalid();
	if (!(hash = token_hash(ctx, token)))
		return bm_error_nomem();
	rc = BM_STORE(ctx->store, session_find)(ctx->store, ctx->arena, hash, &sess);
	if (rc == BM_ENOTFOUND)
		return session_invalid();
	if (rc)
		return rc;
	if (sess->ended_at && sess->end_reason && strcmp(sess->end_reason, "superseded") == 0) {
		/* SYS-4: tell the person why, so a login they did not make is noticed. */
		bm_decision sup;
		bm_rules_session_superseded(&sup, &ctx->policy);
		return bm_decision_error(&sup);
	}
	if (sess->ended_at || !bm_time_parse(sess->last_seen_at, &last) ||
	    !bm_time_parse(sess->created_at, &created))
		return session_invalid();
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, sess->person_id, &p)) !=
	    0)
		return rc == BM_ENOTFOUND ? session_invalid() : rc;

	/* SYS-4: a session ends when idle too long, and at the end of its lifetime. */
	idle_ok = bm_rules_session_idle(&idle_d, &ctx->policy, last, ctx->now);
	life_ok = idle_ok && bm_rules_session_lifetime(&idle_d, &ctx->policy, created, ctx->now);
	if (!idle_ok || !life_ok) {
		/* It ends, on the record, as its person. */
		json_t *d = json_object();
		json_object_set_new(d, "session", json_integer(sess->id));
		json_object_set_new(d, "reason", json_string(idle_ok ? "lifetime" : "idle"));
		json_object_set_new(d, "created_at", json_string(sess->created_at));
		json_object_set_new(d, "last_seen_at", json_string(sess->last_seen_at));
		if (idle_ok)
			json_object_set_new(d, "max_hours",
			                    json_integer(ctx->policy.session_max_hours));
		else
			json_object_set_new(d, "idle_minutes", json_integer(idle_minutes));
		if ((rc = bm_svc_begin(ctx)) != 0) {
			json_decref(d);
			return rc;
		}
		ctx->actor = p;
		rc = BM_STORE(ctx->store, session_end)(ctx->store, sess->id, iso(ctx, ctx->now),
		                                       idle_ok ? "lifetime" : "idle");
		rc = bm_svc_end(ctx, rc, "session.expire",
		                bm_arena_printf(ctx->arena, "session:%lld", (long long)sess->id),
		                bm_svc_json(ctx, d));
		ctx->actor = NULL;
		if (rc)
			return rc;
		return bm_decision_error(&idle_d);
	}
	if (p->status != BM_PERSON_ACTIVE || !p->username)
		return session_invalid();
	if (activity && ctx->now - last >= TOUCH_STEP) {
		if ((rc = touch(ctx, sess->id)) != 0)
			return rc;
		last = ctx->now;
	}
	ctx->actor = p;
	if (out) {
		out->session_id = sess->id;
		out->expires_at = expiry(&ctx->policy, created,
		                         activity && ctx->now > last ? ctx->now : last);
	}
	return 0;
}

int bm_svc_session_resume(bm_ctx *ctx, const char *token, bm_session_info *out)
{
	return resume(ctx, token, true, out);
}

int bm_svc_session_check(bm_ctx *ctx, const char *token, bm_session_info *out)
{
	return resume(ctx, token, false, out);
}

int bm_svc_session_close(bm_ctx *ctx, int64_t session_id)
{
	int rc;
	if ((rc = bm_svc_begin(ctx)) != 0)
		return rc;
	if ((rc = bm_svc_require_actor(ctx)) == 0)
		rc = BM_STORE(ctx->store, session_end)(ctx->store, session_id, iso(ctx, ctx->now),
		                                       "logout");
	return bm_svc_end(ctx, rc, "logout",
	                  bm_arena_printf(ctx->arena, "session:%lld", (long long)session_id), NULL);
}

int bm_svc_require_password_current(const bm_ctx *ctx)
{
	if (ctx->actor && ctx->actor->must_change_password)
		return bm_svc_auth_refusal(BM_AUTH_PASSWORD_CHANGE);
	return 0;
}

/* ---- REG-1, CIRC-5: the holder's own password at the desk (issue 14) ---- */

int bm_svc_holder_check(bm_ctx *ctx, int64_t person_id, const char *password,
                        bm_svc_holder_proof *out)
{
	bm_person *p = NULL;
	bm_decision d;
	int64_t until = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	out->person_id = person_id;
	if (!password)
		return 0;
	if (sodium_init() < 0)
		return bm_error_set(BM_ERROR, "crypto_init", NULL, "密码库初始化失败",
		                    "the crypto library failed to start");
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, person_id, &p);
	if (rc == BM_ENOTFOUND) {
		bm_error_clear();
		p = NULL;
	} else if (rc) {
		return rc;
	}
	if (p && p->username && may_log_in(p, p->username)) {
		/* SYS-4: a locked account confirms nothing, and no failure is added. */
		if ((rc = locked_until(ctx, p->username, &until)) != 0)
			return rc;
		if (!bm_rules_lockout(&d, until, ctx->now))
			return bm_decision_error(&d);
		out->username = p->username;
		out->hash = p->password_hash;
	}
	if ((rc = bm_svc_read_end(ctx)) != 0)
		return rc;
	if (out->hash) {
		/* Argon2id as at login, with neither a snapshot nor the writer held. */
		out->checked = true;
		out->matched = bm_svc_password_matches(out->hash, password);
	} else {
		/* No account: the same effort, so timing does not tell (refused by the rule). */
		(void)bm_svc_password_matches(dummy_hash, password);
	}
	bm_error_clear();
	return 0;
}

int bm_svc_holder_receipt(bm_ctx *ctx, const bm_svc_holder_proof *proof, const bm_person *holder,
                          const bm_svc_receipt *receipt, const char *rule, const char *side_zh,
                          const char *side_en)
{
	bm_receipt_facts f = {.holder = holder->name, .side_zh = side_zh, .side_en = side_en};
	bm_decision d;
	int64_t until = 0;
	int rc;

	f.has_account = holder->username && may_log_in(holder, holder->username);
	if (bm_utf8_given(receipt->typed))
		f.kind = BM_RECEIPT_TYPED;
	else if (receipt->password)
		f.kind = BM_RECEIPT_PASSWORD;
	else if (receipt->paper)
		f.kind = BM_RECEIPT_PAPER;
	else
		f.kind = BM_RECEIPT_NONE;
	if (f.kind == BM_RECEIPT_PASSWORD && f.has_account) {
		/* SYS-4: a failure meanwhile may have locked the holder's account. */
		if ((rc = locked_until(ctx, holder->username, &until)) != 0)
			return rc;
		if (!bm_rules_lockout(&d, until, ctx->now))
			return bm_decision_error(&d);
		f.password_matched = proof->matched && proof->person_id == holder->id;
		f.holder_changed =
		        f.password_matched &&
		        (!proof->hash || strcmp(proof->hash, holder->password_hash) != 0);
	}
	if (!bm_rules_holder_receipt(&d, rule, &f))
		return bm_decision_error(&d);
	return 0;
}

void bm_svc_holder_failed(bm_ctx *ctx, const bm_svc_holder_proof *proof)
{
	if (proof->checked && !proof->matched && proof->username)
		bm_svc_note_login_failure(ctx, proof->username);
}

void bm_svc_holder_audit(json_t *detail, const char *key, const bm_svc_holder_proof *proof)
{
	if (proof->checked)
		json_object_set_new(detail, key, json_string(proof->matched ? "ok" : "wrong"));
}
