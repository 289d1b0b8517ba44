/*
 * people_facts.c — what the register of cleared people knows of a person,
 * for the rules (policy/people.h, PERSON-7 in rules.h) and for the other use
 * cases: the register's facts, what a person holds (KEEP-2), the person's
 * history, and the register's part of a grant or a departure. Calls no other
 * use case file, so that facts.c, org.c, records_custody.c and alerts.c may
 * call it (tools/layers.py --acyclic).
 */
#include "common.h"

#include "policy/calendar.h"
#include "policy/people.h"
#include "service/service_int.h"
#include "util/timeutil.h"

static bool given(const char *s)
{
	return s && *s;
}

/* ---- facts ---- */

int bm_svc_person_holds(bm_ctx *ctx, const bm_person *p, bm_person_holds *out)
{
	bm_loan_row *loans = NULL;
	int64_t *kept = NULL;
	size_t n_kept = 0, n_loans = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = BM_STORE(ctx->store, carrier_linked)(ctx->store, ctx->arena, BM_LINK_CUSTODIAN,
	                                               p->id, &kept, &n_kept)) != 0 ||
	    (rc = BM_STORE(ctx->store, loan_open)(ctx->store, ctx->arena, p->id, &loans,
	                                          &n_loans)) != 0)
		return rc;
	out->kept = (int64_t)n_kept;
	out->on_loan = (int64_t)n_loans;
	/* KEEP-2: the device register's own count (定机定人). */
	if ((rc = BM_STORE(ctx->store, device_held)(ctx->store, p->id, &n_kept)) != 0)
		return rc;
	out->devices = (int64_t)n_kept;
	return 0;
}

int64_t bm_svc_person_holds_total(const bm_person_holds *h)
{
	return h->kept + h->on_loan;
}

int bm_svc_person_register_facts(bm_ctx *ctx, const bm_person *p, bm_person_facts *f,
                                 bm_person_record **rec, bm_training_hours *recent)
{
	bm_person_record *r = NULL;
	bm_training_hours h = {0};
	int32_t today = bm_svc_today_days(ctx);
	char from[BM_DATE_LEN], to[BM_DATE_LEN];
	int rc;

	bm_date_format(bm_calendar_add_months(today, -12) + 1, from);
	bm_date_format(today, to);
	if ((rc = BM_STORE(ctx->store, person_record_get)(ctx->store, ctx->arena, p->id, &r)) !=
	            0 ||
	    (rc = BM_STORE(ctx->store, training_hours)(ctx->store, ctx->arena, p->id, from, to,
	                                               &h)) != 0)
		return rc;
	bm_person_facts_init(f);
	f->person_class = p->person_class;
	f->temporary = p->temporary;
	f->disabled = p->status != BM_PERSON_ACTIVE;
	f->commitment_on = bm_svc_day_of(p->commitment_signed_on);
	f->vetted_on = bm_svc_day_of(r->vetted_on);
	f->vetting_passed = r->vetting_result && strcmp(r->vetting_result, "pass") == 0;
	f->last_training = bm_svc_day_of(h.last_on);
	f->cleared_on = bm_svc_day_of(r->cleared_on);
	f->statement_on = bm_svc_day_of(r->statement_on);
	f->exit_commitment_on = bm_svc_day_of(r->exit_commitment_on);
	f->left_on = bm_svc_day_of(r->left_on);
	f->decl_until = bm_svc_day_of(r->decl_until);
	f->tracked = given(r->vetted_on) || given(r->cleared_on) || given(r->statement_on) ||
	             given(r->exit_commitment_on) || given(r->left_on) || given(h.last_on);
	if (rec)
		*rec = r;
	if (recent)
		*recent = h;
	return 0;
}

int bm_svc_actor_register_facts(bm_ctx *ctx, const bm_person *p, bm_actor *out)
{
	bm_person_facts f;
	bm_training_hours h;
	int rc = bm_svc_person_register_facts(ctx, p, &f, NULL, &h);

	if (rc != 0)
		return rc;
	out->decl_until = f.left_on != BM_DATE_NONE ? f.decl_until : BM_DATE_NONE;
	if (!f.tracked) {
		/*
		 * PERSON-6: an account the register does not track keeps the
		 * account-era rule: its training is not known, so not lapsed.
		 */
		out->last_training = bm_svc_today_days(ctx);
		return 0;
	}
	out->last_training = f.last_training;
	out->training_tenths = h.tenths;
	out->training_since =
	        f.cleared_on != BM_DATE_NONE ? f.cleared_on : bm_svc_day_of(p->created_at);
	out->statement_until = bm_rules_statement_until(&ctx->policy, &f);
	return 0;
}

int bm_svc_person_event(bm_ctx *ctx, int64_t person_id, const char *kind, const char *from,
                        const char *to, const char *note)
{
	bm_person_event e = {
	        .person_id = person_id,
	        .at = bm_svc_now_iso(ctx),
	        .actor_id = ctx->actor ? ctx->actor->id : 0,
	        .kind = kind,
	        .from_value = from,
	        .to_value = to,
	        .note = note,
	};
	return BM_STORE(ctx->store, person_event_insert)(ctx->store, &e);
}

int bm_svc_register_grant_check(bm_ctx *ctx, const bm_person *p, int cls)
{
	bm_person_facts f;
	bm_decision d;
	int rc;

	if (cls <= (int)p->person_class)
		return 0;
	if ((rc = bm_svc_person_register_facts(ctx, p, &f, NULL, NULL)) != 0)
		return rc;
	/* PERSON-2: a person whose vetting the register recorded is cleared through it. */
	if (f.vetted_on == BM_DATE_NONE || f.cleared_on != BM_DATE_NONE)
		return 0;
	if (!bm_rules_person_clear(&d, &f, (bm_class)cls, bm_svc_today_days(ctx)))
		return bm_decision_error(&d);
	return 0;
}

int bm_svc_register_departed(bm_ctx *ctx, const bm_person *p, const char *left_on,
                             const char *decl_until)
{
	bm_person_record *r;
	int rc = BM_STORE(ctx->store, person_record_get)(ctx->store, ctx->arena, p->id, &r);
	if (rc != 0)
		return rc;
	r->left_on = left_on;
	r->leave_kind = "left";
	r->decl_until = decl_until;
	if ((rc = BM_STORE(ctx->store, person_record_set)(ctx->store, r)) != 0)
		return rc;
	return bm_svc_person_event(ctx, p->id, "leave", NULL, "left", decl_until);
}
