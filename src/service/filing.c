/*
 * filing.c — two administrators for every way into an account (SYS-1,
 * issue 9 point 1).
 *
 * A password reset and a new account's first login are filed by the system
 * administrator and decided by the security administrator. The temporary
 * secret is split: the filer is shown one half when filing, the approver
 * the other when approving; only the filer's half's Argon2id hash is kept
 * with the filing, and at approval the account's hash becomes both halves'
 * hashes joined by '|' (bm_svc_password_matches checks each half), so no
 * single administrator, nor the database, ever holds the whole secret. The
 * person is handed both halves in person, logs in with them concatenated
 * and must change the password at once. Until approval nothing about the
 * account changes; a refused or expired filing changes nothing.
 */
#include "common.h"

#include <sodium.h>

#include "policy/account.h"
#include "service/service_int.h"
#include "util/timeutil.h"

/* An alphabet without look-alikes (l/1, O/0), so a half can be read out. */
static const char half_alphabet[] =
        "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789@#%+=?";

/* A random half of a temporary secret into `out` (BM_HALF_SECRET_LEN + 1). */
static int make_half(char *out)
{
	static const char *const sets[] = {
	        "abcdefghijkmnpqrstuvwxyz",
	        "ABCDEFGHJKLMNPQRSTUVWXYZ",
	        "23456789",
	        "@#%+=?",
	};
	if (sodium_init() < 0)
		return bm_error_set(BM_ERROR, "crypto_init", NULL, "密码库初始化失败",
		                    "the crypto library failed to start");
	/* Every character class in each half, so both together pass SYS-4's classes. */
	for (size_t i = 0; i < BM_HALF_SECRET_LEN; i++) {
		const char *set = i < BM_ARRAY_LEN(sets) ? sets[i] : half_alphabet;
		out[i] = set[randombytes_uniform((uint32_t)strlen(set))];
	}
	for (size_t i = BM_HALF_SECRET_LEN - 1; i > 0; i--) {
		size_t j = randombytes_uniform((uint32_t)(i + 1));
		char t = out[i];
		out[i] = out[j];
		out[j] = t;
	}
	out[BM_HALF_SECRET_LEN] = '\0';
	return 0;
}

/* A fresh half into `half->half` and its Argon2id string into the arena. */
static int new_half(bm_ctx *ctx, bm_filing_half *half, const char **hash_out)
{
	char hash[crypto_pwhash_STRBYTES];
	int rc;
	if ((rc = make_half(half->half)) != 0 ||
	    (rc = bm_password_hash(half->half, hash, sizeof(hash))) != 0)
		return rc;
	*hash_out = bm_arena_strdup(ctx->arena, hash);
	sodium_memzero(hash, sizeof(hash));
	return *hash_out ? 0 : bm_error_nomem();
}

int bm_svc_admin_alert_raise(bm_ctx *ctx, const char *kind, int64_t person_id, int64_t filing_id,
                             const char *detail)
{
	bm_admin_alert a = {
	        .unit_id = ctx->unit->id,
	        .kind = kind,
	        .person_id = person_id,
	        .filing_id = filing_id,
	        .actor_id = ctx->actor ? ctx->actor->id : 0,
	        .at = bm_svc_now_iso(ctx),
	        .detail = detail,
	};
	if (!a.at)
		return bm_error_nomem();
	return BM_STORE(ctx->store, admin_alert_insert)(ctx->store, &a);
}

bool bm_svc_person_is_admin(const bm_person *p)
{
	for (size_t i = 0; i < p->n_roles; i++)
		if (bm_role_is_admin(p->roles[i].role))
			return true;
	return false;
}

int bm_svc_admin_alert_ack(bm_ctx *ctx, bool expired, int64_t id)
{
	bm_decision dec;
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, expired ? "expired_filing" : "alert", json_integer(id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		goto done;
	/* SYS-1: the alerts about the administrators are the auditor's alone. */
	if (!bm_rules_admin_alert_ack(&dec, bm_ctx_has_role(ctx, BM_ROLE_AUDITOR))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	rc = expired ? BM_STORE(ctx->store, admin_alert_ack_expired)(
	                       ctx->store, ctx->unit->id, id, bm_svc_now_iso(ctx), ctx->actor->id)
	             : BM_STORE(ctx->store, admin_alert_ack)(ctx->store, ctx->unit->id, id,
	                                                     ctx->actor->id, bm_svc_now_iso(ctx));
done:
	return bm_svc_end(ctx, rc, "alert.ack",
	                  bm_arena_printf(ctx->arena, "%s:%lld", expired ? "filing" : "admin_alert",
	                                  (long long)id),
	                  bm_svc_json(ctx, d));
}

int bm_svc_filing_open(bm_ctx *ctx, const bm_person *p, const char *kind, bm_filing_half *half)
{
	bm_account_filing f = {0}, *pending = NULL;
	bm_filing_facts facts = {0};
	bm_decision d;
	char at[BM_ISO_TIME_LEN];
	int rc;

	facts.actor_sysadmin = bm_ctx_has_role(ctx, BM_ROLE_SYSADMIN);
	facts.self_target = ctx->actor && ctx->actor->id == p->id;
	rc = BM_STORE(ctx->store, filing_pending)(ctx->store, ctx->arena, p->id, &pending);
	if (rc && rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	/* An expired filing no longer stands in the way. */
	if (pending) {
		int64_t expires = 0;
		facts.other_pending =
		        !bm_time_parse(pending->expires_at, &expires) || ctx->now < expires;
	}
	if (!bm_rules_filing_file(&d, &facts))
		return bm_decision_error(&d);
	f.unit_id = p->unit_id;
	f.person_id = p->id;
	f.kind = kind;
	f.filed_by = ctx->actor->id;
	f.filed_at = bm_svc_now_iso(ctx);
	bm_time_format(bm_rules_filing_expires(&ctx->policy, ctx->now), at);
	f.expires_at = bm_arena_strdup(ctx->arena, at);
	if (!f.filed_at || !f.expires_at)
		return bm_error_nomem();
	if ((rc = new_half(ctx, half, &f.half_hash)) != 0 ||
	    (rc = BM_STORE(ctx->store, filing_insert)(ctx->store, &f)) != 0) {
		sodium_memzero(half, sizeof(*half));
		return rc;
	}
	half->filing_id = f.id;
	return bm_svc_admin_alert_raise(ctx, "filed", p->id, f.id, kind);
}

/* The filing `id` and what the policy needs to decide on it. */
static int load_filing(bm_ctx *ctx, int64_t id, bm_account_filing **f, bm_filing_facts *facts)
{
	int64_t expires = 0;
	int rc;
	if ((rc = BM_STORE(ctx->store, filing_get)(ctx->store, ctx->arena, id, f)) != 0)
		return rc;
	if ((*f)->unit_id != ctx->unit->id)
		return bm_error_set(BM_ENOTFOUND, "unknown_filing", NULL, "没有这项账户申请",
		                    "no such account filing");
	memset(facts, 0, sizeof(*facts));
	facts->actor_secadmin = bm_ctx_has_role(ctx, BM_ROLE_SECADMIN);
	facts->own_filing = (*f)->filed_by == ctx->actor->id;
	facts->self_target = (*f)->person_id == ctx->actor->id;
	facts->pending = strcmp((*f)->status, "pending") == 0;
	facts->expired = !bm_time_parse((*f)->expires_at, &expires) || ctx->now >= expires;
	return 0;
}

/* The audit detail of a decision on `f`. */
static void filing_detail(json_t *d, const bm_account_filing *f)
{
	json_object_set_new(d, "kind", json_string(f->kind));
	json_object_set_new(d, "person", json_integer(f->person_id));
	json_object_set_new(d, "username", f->username ? json_string(f->username) : json_null());
	json_object_set_new(d, "filed_by", json_string(f->filed_by_name ? f->filed_by_name : ""));
	json_object_set_new(d, "filed_at", json_string(f->filed_at));
}

/* Approval: the account's password becomes both halves, to be changed at once. */
static int apply_approval(bm_ctx *ctx, const bm_account_filing *f, bm_filing_half *half)
{
	bm_person *p = NULL;
	const char *b_hash = NULL, *joined;
	int rc;
	if ((rc = BM_STORE(ctx->store, person_get)(ctx->store, ctx->arena, f->person_id, &p)) !=
	            0 ||
	    (rc = new_half(ctx, half, &b_hash)) != 0)
		return rc;
	if (!(joined = bm_arena_printf(ctx->arena, "%s|%s", f->half_hash, b_hash)))
		return bm_error_nomem();
	if (p->password_hash &&
	    (rc = BM_STORE(ctx->store, password_history_insert)(ctx->store, p->id, p->password_hash,
	                                                        bm_svc_now_iso(ctx))) != 0)
		return rc;
	p->password_hash = joined;
	p->must_change_password = true;
	if ((rc = BM_STORE(ctx->store, person_update)(ctx->store, p)) != 0 ||
	    (rc = BM_STORE(ctx->store, session_end_person)(
	             ctx->store, p->id, 0, bm_svc_now_iso(ctx), "password_reset")) != 0)
		return rc;
	return BM_STORE(ctx->store, login_failure_clear)(ctx->store, p->username);
}

int bm_svc_account_approve(bm_ctx *ctx, int64_t filing_id, bm_filing_half *half)
{
	bm_account_filing *f = NULL;
	bm_filing_facts facts;
	bm_decision dec;
	json_t *d = json_object();
	int rc;

	memset(half, 0, sizeof(*half));
	json_object_set_new(d, "filing", json_integer(filing_id));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_actor(ctx)) != 0 ||
	    (rc = load_filing(ctx, filing_id, &f, &facts)) != 0)
		goto done;
	filing_detail(d, f);
	if (!bm_rules_filing_decide(&dec, &facts)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	f->status = "approved";
	f->decided_by = ctx->actor->id;
	f->decided_at = bm_svc_now_iso(ctx);
	if ((rc = BM_STORE(ctx->store, filing_decide)(ctx->store, f)) != 0 ||
	    (rc = apply_approval(ctx, f, half)) != 0 ||
	    (rc = bm_svc_admin_alert_raise(ctx, "approved", f->person_id, f->id, f->kind)) != 0)
		goto done;
	half->filing_id = f->id;
done:
	if (rc)
		sodium_memzero(half, sizeof(*half));
	return bm_svc_end(ctx, rc, "account.approve",
	                  f ? bm_arena_printf(ctx->arena, "person:%lld", (long long)f->person_id)
	                    : "",
	                  bm_svc_json(ctx, d));
}

int bm_svc_account_refuse(bm_ctx *ctx, int64_t filing_id, const char *reason)
{
	bm_account_filing *f = NULL;
	bm_filing_facts facts;
	bm_decision dec;
	json_t *d = json_object();
	int rc;

	json_object_set_new(d, "filing", json_integer(filing_id));
	if (reason)
		json_object_set_new(d, "reason", json_string(reason));
	if ((rc = bm_svc_begin(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_actor(ctx)) != 0 ||
	    (rc = bm_svc_check_text(reason, "理由", "reason", 200, false)) != 0 ||
	    (rc = load_filing(ctx, filing_id, &f, &facts)) != 0)
		goto done;
	filing_detail(d, f);
	/* A refusal needs no unexpired filing: an expired one may be closed on the record. */
	facts.expired = false;
	if (!bm_rules_filing_decide(&dec, &facts)) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	f->status = "refused";
	f->decided_by = ctx->actor->id;
	f->decided_at = bm_svc_now_iso(ctx);
	f->reason = reason && *reason ? reason : NULL;
	if ((rc = BM_STORE(ctx->store, filing_decide)(ctx->store, f)) == 0)
		rc = bm_svc_admin_alert_raise(ctx, "refused", f->person_id, f->id, f->kind);
done:
	return bm_svc_end(ctx, rc, "account.refuse",
	                  f ? bm_arena_printf(ctx->arena, "person:%lld", (long long)f->person_id)
	                    : "",
	                  bm_svc_json(ctx, d));
}

int bm_svc_account_filings(bm_ctx *ctx, bm_account_filing **out, size_t *count)
{
	bm_decision dec;
	json_t *d = json_object();
	int rc;

	*out = NULL;
	*count = 0;
	if ((rc = bm_svc_begin_read(ctx)) != 0) {
		json_decref(d);
		return rc;
	}
	if ((rc = bm_svc_require_actor(ctx)) != 0)
		goto done;
	if (!bm_rules_filing_read(&dec, bm_svc_is_admin(ctx))) {
		rc = bm_decision_error(&dec);
		goto done;
	}
	if ((rc = BM_STORE(ctx->store, filing_list)(ctx->store, ctx->arena, ctx->unit->id, NULL,
	                                            200, out, count)) != 0)
		goto done;
	json_object_set_new(d, "count", json_integer((json_int_t)*count));
done:
	return bm_svc_end(ctx, rc, "account.filings", "", bm_svc_json(ctx, d));
}
