/*
 * account.c — accounts (SYS-1: the system administrator's) and passwords
 * (SYS-4: length by the highest level a person may see, character classes,
 * not the username, not one of the last N).
 */
#include "common.h"

#include <sodium.h>
#include <stdio.h>
#include <strings.h>

#include "policy/account.h"
#include "policy/device.h"
#include "policy/keep.h"
#include "service/service_int.h"
#include "service/site.h"
#include "util/timeutil.h"
#include "util/utf8.h"

/* Checks of a password change when the password changed meanwhile (as LOGIN_TRIES). */
#define CHANGE_TRIES 3

/* SYS-1: accounts are the system administrator's. */
static int require_sysadmin(bm_ctx *ctx)
{
	return bm_svc_require_task(ctx, BM_TASK_ACCOUNTS);
}

/* The hashes `p`'s password replaced, newest first, as many as the history needs. */
static int history_of(bm_ctx *ctx, const bm_person *p, const char ***old, size_t *n)
{
	int history = ctx->policy.password_history;
	*old = NULL;
	*n = 0;
	if (history <= 1 || !p->id)
		return 0;
	return BM_STORE(ctx->store, password_history_list)(ctx->store, ctx->arena, p->id,
	                                                   history - 1, old, n);
}

/*
 * SYS-4: the password rules of the policy for person `p`, whose replaced
 * hashes are `old` (history_of). Reads nothing: the Argon2id checks run in
 * whatever the caller holds.
 */
static int check_new_password_in(bm_ctx *ctx, const bm_person *p, const char *pw, const char **old,
                                 size_t n)
{
	bm_password_facts f = {pw, pw && bm_utf8_valid(pw, strlen(pw)), 0, p->username,
	                       p->person_class};
	bm_decision d;
	bool reused = false;

	if (f.valid_text)
		f.chars = bm_utf8_length(pw);
	if (!bm_rules_password_quality(&d, &ctx->policy, &f))
		return bm_decision_error(&d);
	/* The last N: the current password and the N-1 it replaced. */
	if (ctx->policy.password_history > 0) {
		reused = bm_svc_password_matches(p->password_hash, pw);
		for (size_t i = 0; !reused && i < n; i++)
			reused = bm_svc_password_matches(old[i], pw);
	}
	if (!bm_rules_password_reused(&d, &ctx->policy, reused))
		return bm_decision_error(&d);
	return 0;
}

/* An Argon2id string of `pw` at BM_PWHASH_* (arena). */
static int hash_new(bm_ctx *ctx, const char *pw, const char **out)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc;
	if ((rc = bm_password_hash(pw, hash, sizeof(hash))) != 0)
		return rc;
	*out = bm_arena_strdup(ctx->arena, hash);
	sodium_memzero(hash, sizeof(hash));
	return *out ? 0 : bm_error_nomem();
}

/* Stores `hash` as p's password; the one it replaces goes into the history. */
static int store_password(bm_ctx *ctx, bm_person *p, const char *hash, bool must_change)
{
	const char *previous = p->password_hash;
	int rc;
	if (previous && (rc = BM_STORE(ctx->store, password_history_insert)(
	                         ctx->store, p->id, previous, bm_svc_now_iso(ctx))) != 0)
		return rc;
	p->password_hash = hash;
	p->must_change_password = must_change;
	return BM_STORE(ctx->store, person_update)(ctx->store, p);
}

/* Runs the empty use case that records a refusal decided before it began. */
static int refuse(bm_ctx *ctx, int rc, const char *action, json_t *detail)
{
	bm_error saved;
	int begin_rc;
	bm_error_save(&saved);
	if ((begin_rc = bm_svc_begin(ctx)) != 0) {
		json_decref(detail);
		bm_error_restore(&saved);
		return rc;
	}
	bm_error_restore(&saved);
	return bm_svc_end(ctx, rc, action, "", bm_svc_json(ctx, detail));
}

int bm_svc_account_create(bm_ctx *ctx, const bm_account_input *in, bm_person **out,
                          bm_filing_half *half)
{
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, "username", json_string(in->username ? in->username : ""));
	json_object_set_new(d, "name", json_string(in->name ? in->name : ""));
	if (in->role)
		json_object_set_new(d, "role", json_string(in->role));
	if (half)
		memset(half, 0, sizeof(*half));

	if ((rc = require_sysadmin(ctx)) != 0)
		return refuse(ctx, rc, "account.create", d);
	if (!in->username || !*in->username) {
		rc = bm_error_set(BM_EINVALID, "required", NULL, "用户名不能为空",
		                  "'username' is required");
		return refuse(ctx, rc, "account.create", d);
	}
	json_decref(d);
	{
		bm_person_input pin = {
		        .username = in->username,
		        .name = in->name,
		        .department = in->department,
		        .temporary = in->temporary,
		        .password = in->password,
		        .roles = in->role && *in->role ? in->role : NULL,
		};
		/*
		 * One use case, audited as "person.add": SYS-1 refuses a role or a
		 * password there, and files the first login for approval.
		 */
		rc = bm_svc_person_add(ctx, &pin, out, half);
	}
	return rc;
}

/* The account of `ref` for a change by the system administrator. */
static int load_account(bm_ctx *ctx, const char *ref, bm_person **out)
{
	bm_decision d;
	int rc;
	if ((rc = bm_svc_person_resolve(ctx, ref, out)) != 0)
		return rc;
	if (!bm_rules_has_account(&d, (*out)->name, (*out)->username != NULL))
		return bm_decision_error(&d);
	return 0;
}

/* KEEP-2: refused while `p` keeps carriers or has loans out; the counts go into `detail`. */
static int check_nothing_held(bm_ctx *ctx, const bm_person *p, json_t *detail)
{
	size_t n_kept = 0, n_loans = 0, n_above = 0;
	bm_level highest = BM_LEVEL_PUBLIC;
	bm_decision d;
	int rc;

	if ((rc = bm_svc_person_holdings(ctx, p, BM_LEVEL_TOP_SECRET, &n_kept, &n_loans, &n_above,
	                                 &highest)) != 0)
		return rc;
	if (!bm_rules_disable_holder(&d, n_kept, n_loans)) {
		json_object_set_new(detail, "kept", json_integer((json_int_t)n_kept));
		json_object_set_new(detail, "on_loan", json_integer((json_int_t)n_loans));
		return bm_decision_error(&d);
	}
	/* KEEP-2: nor while the person is responsible for devices (定机定人). */
	if ((rc = BM_STORE(ctx->store, device_held)(ctx->store, p->id, &n_kept)) != 0)
		return rc;
	if (!bm_rules_device_departure(&d, n_kept)) {
		json_object_set_new(detail, "devices", json_integer((json_int_t)n_kept));
		return bm_decision_error(&d);
	}
	return 0;
}

int bm_svc_account_disable(bm_ctx *ctx, const char *person)
{
	bm_person *p = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int rc;

	json_object_set_new(d, "person", json_string(person ? person : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_sysadmin(ctx)) != 0 || (rc = load_account(ctx, person, &p)) != 0)
		goto done;
	if (!bm_rules_disable_account(&dec, p->id == ctx->actor->id)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if (p->status == BM_PERSON_LEFT) {
		rc = bm_error_set(BM_ECONFLICT, "person_left", NULL, "“%s”已离岗", "'%s' has left",
		                  p->name);
		goto done;
	}
	/* KEEP-2: what the person keeps or has out is handed over first, as on departure. */
	if ((rc = check_nothing_held(ctx, p, d)) != 0)
		goto done;
	p->status = BM_PERSON_DISABLED;
	if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0 ||
	    (rc = bm_site_drop_person(ctx, p, "账户停用", d)) != 0)
		goto done;
	/* SYS-1: a change of an administrator is raised to the auditor. */
	if (bm_svc_person_is_admin(p) &&
	    (rc = bm_svc_admin_alert_raise(ctx, "admin_disabled", p->id, 0, NULL)) != 0)
		goto done;
	rc = BM_STORE(ctx->store, session_end_person)(ctx->store, p->id, 0, bm_svc_now_iso(ctx),
	                                              "disabled");
done:
	return bm_svc_end(ctx, rc, "account.disable",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  bm_svc_json(ctx, d));
}

int bm_svc_account_enable(bm_ctx *ctx, const char *person)
{
	bm_person *p = NULL;
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, "person", json_string(person ? person : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_sysadmin(ctx)) != 0 || (rc = load_account(ctx, person, &p)) != 0)
		goto done;
	if (p->status == BM_PERSON_LEFT) {
		rc = bm_error_set(BM_ECONFLICT, "person_left", NULL, "“%s”已离岗", "'%s' has left",
		                  p->name);
		goto done;
	}
	p->status = BM_PERSON_ACTIVE;
	if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0)
		goto done;
	/* SYS-1: a change of an administrator is raised to the auditor. */
	if (bm_svc_person_is_admin(p) &&
	    (rc = bm_svc_admin_alert_raise(ctx, "admin_enabled", p->id, 0, NULL)) != 0)
		goto done;
	/* Enabling also lifts a lockout (SYS-4). */
	rc = BM_STORE(ctx->store, login_failure_clear)(ctx->store, p->username);
done:
	return bm_svc_end(ctx, rc, "account.enable",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  bm_svc_json(ctx, d));
}

/* Fills `l` for `p` when locked now (until `*until`); l->locked_until stays NULL when not. */
static int lock_of(bm_ctx *ctx, const bm_person *p, bm_account_lock *l, int64_t *until_out)
{
	char buf[BM_ISO_TIME_LEN];
	int64_t until = 0;
	size_t failures = 0;
	int rc;

	memset(l, 0, sizeof(*l));
	*until_out = 0;
	if (!p->username)
		return 0;
	if ((rc = bm_svc_lock_of(ctx, p->username, &until, &failures)) != 0 || !until)
		return rc;
	*until_out = until;
	l->person_id = p->id;
	l->username = p->username;
	l->name = p->name;
	l->failures = (int)failures;
	bm_time_format(until, buf);
	if (!(l->locked_until = bm_arena_strdup(ctx->arena, buf)))
		return bm_error_nomem();
	bm_time_format(until - (int64_t)ctx->policy.lockout_minutes * 60, buf);
	if (!(l->locked_since = bm_arena_strdup(ctx->arena, buf)))
		return bm_error_nomem();
	return 0;
}

int bm_svc_account_locks(bm_ctx *ctx, bm_account_lock **out, size_t *count)
{
	json_t *d = json_object();
	bm_person *people = NULL;
	size_t n = 0, k = 0;
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_sysadmin(ctx)) != 0 ||
	    (rc = BM_STORE(ctx->store, person_list)(ctx->store, ctx->arena, ctx->unit->id, &people,
	                                            &n)) != 0)
		goto done;
	if (n && !(*out = bm_arena_alloc(ctx->arena, n * sizeof(**out)))) {
		rc = bm_error_nomem();
		goto done;
	}
	for (size_t i = 0; i < n && rc == 0; i++) {
		bm_account_lock l;
		int64_t until;
		if ((rc = lock_of(ctx, &people[i], &l, &until)) == 0 && until)
			(*out)[k++] = l;
	}
	*count = k;
	json_object_set_new(d, "count", json_integer((json_int_t)k));
done:
	return bm_svc_end(ctx, rc, "account.locks", "", bm_svc_json(ctx, d));
}

int bm_svc_account_unlock(bm_ctx *ctx, const char *person, bm_account_lock *was)
{
	bm_person *p = NULL;
	json_t *d = json_object();
	bm_decision dec;
	int64_t until = 0;
	int rc;

	memset(was, 0, sizeof(*was));
	json_object_set_new(d, "person", json_string(person ? person : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = require_sysadmin(ctx)) != 0 || (rc = load_account(ctx, person, &p)) != 0 ||
	    (rc = lock_of(ctx, p, was, &until)) != 0)
		goto done;
	if (!bm_rules_unlock(&dec, p->name, until, ctx->now)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	json_object_set_new(d, "username", json_string(p->username));
	json_object_set_new(d, "locked_since", json_string(was->locked_since));
	json_object_set_new(d, "locked_until", json_string(was->locked_until));
	json_object_set_new(d, "failures", json_integer(was->failures));
	/* SYS-4: the failures are forgotten; the next failed login counts from one. */
	rc = BM_STORE(ctx->store, login_failure_clear)(ctx->store, p->username);
done:
	return bm_svc_end(ctx, rc, "account.unlock",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  bm_svc_json(ctx, d));
}

int bm_svc_account_reset_password(bm_ctx *ctx, const char *person, bm_filing_half *half)
{
	bm_person *p = NULL;
	json_t *d = json_object();
	int rc;

	memset(half, 0, sizeof(*half));
	json_object_set_new(d, "person", json_string(person ? person : ""));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	/* SYS-1: filed here, changed only when the security administrator approves. */
	if ((rc = require_sysadmin(ctx)) != 0 || (rc = load_account(ctx, person, &p)) != 0 ||
	    (rc = bm_svc_filing_open(ctx, p, "reset", half)) != 0)
		goto done;
	json_object_set_new(d, "filing", json_integer(half->filing_id));
done:
	if (rc)
		sodium_memzero(half, sizeof(*half));
	return bm_svc_end(ctx, rc, "account.reset_file",
	                  p ? bm_arena_printf(ctx->arena, "person:%lld", (long long)p->id) : "",
	                  bm_svc_json(ctx, d));
}

/*
 * Outside the writer: reads the actor's record and password history in a
 * read snapshot, ends it, then checks the current password, the new one's
 * rules and history (Argon2id each) and hashes the new one, holding
 * nothing. `*p` is the record as read (its hash the one verified), `*hash`
 * the new password's.
 */
static int change_outside(bm_ctx *ctx, const char *old_password, const char *new_password,
                          bm_person **p, const char **hash)
{
	const char **old = NULL;
	size_t n = 0;
	int rc;

	/* Re-read: the record may have changed since the session was resumed. */
	if ((rc = bm_svc_begin_read(ctx)) != 0 ||
	    (rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, ctx->actor->id, p)) !=
	            0 ||
	    (rc = history_of(ctx, *p, &old, &n)) != 0 || (rc = bm_svc_read_end(ctx)) != 0)
		return rc;
	if (!bm_svc_password_matches((*p)->password_hash, old_password ? old_password : ""))
		return bm_svc_auth_refusal(BM_AUTH_WRONG_PASSWORD);
	if ((rc = check_new_password_in(ctx, *p, new_password, old, n)) != 0)
		return rc;
	return hash_new(ctx, new_password, hash);
}

int bm_svc_password_change(bm_ctx *ctx, int64_t keep_session_id, const char *old_password,
                           const char *new_password)
{
	bm_person *p = NULL;
	json_t *d = json_object();
	const char *username = NULL;
	int rc;

	json_object_set_new(d, "channel", json_string(ctx->channel));
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		goto done;
	username = ctx->actor->username;
	for (int tries = 0;; tries++) {
		bm_person *now = NULL;
		const char *hash = NULL;
		if ((rc = change_outside(ctx, old_password, new_password, &p, &hash)) != 0)
			goto done;
		/* Only the writes hold the writer; what was checked is checked unchanged. */
		if ((rc = bm_svc_begin(ctx)) != 0 ||
		    (rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, ctx->actor->id,
		                                           &now)) != 0)
			goto done;
		if (strcmp(now->password_hash ? now->password_hash : "",
		           p->password_hash ? p->password_hash : "") != 0) {
			/* Changed or reset meanwhile: check again against what is stored now. */
			if (tries + 1 < CHANGE_TRIES) {
				(void)bm_svc_write_end(ctx, BM_ECONFLICT);
				bm_error_clear();
				continue;
			}
			rc = bm_error_set(BM_ECONFLICT, "password_changed", NULL,
			                  "修改期间密码已被更改，请重试",
			                  "the password changed meanwhile; try again");
			goto done;
		}
		p = now;
		if ((rc = store_password(ctx, p, hash, false)) != 0 ||
		    (rc = BM_STORE(ctx->store, session_end_person)(
		             ctx->store, p->id, keep_session_id, bm_svc_now_iso(ctx),
		             "password_changed")) != 0)
			goto done;
		break;
	}
	ctx->actor->password_hash = p->password_hash;
	ctx->actor->must_change_password = false;
done:
	rc = bm_svc_end(
	        ctx, rc, "password.change",
	        ctx->actor ? bm_arena_printf(ctx->arena, "person:%lld", (long long)ctx->actor->id)
	                   : "",
	        bm_svc_json(ctx, d));
	/* A wrong current password counts towards the lockout like a failed login. */
	if (rc == BM_EDENIED && strcmp(bm_error_last()->code, "bad_credentials") == 0)
		bm_svc_note_login_failure(ctx, username);
	return rc;
}
