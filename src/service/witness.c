/*
 * witness.c — the witnesses of a destruction (监销人, DESTROY-2 with REG-1;
 * issue 14 point 5), shared by the carriers' destruction (records.c) and a
 * device's scrapping (device.c, DEV-6 as DESTROY-2/3): each witness is a
 * person of the unit who confirms themselves as a holder at the desk
 * (bm_svc_holder_check / bm_svc_holder_receipt). See service_int.h.
 */
#include "common.h"

#include <string.h>

#include "model/workflow.h"
#include "policy/custody.h"
#include "policy/execute.h"
#include "service/service_int.h"
#include "util/utf8.h"

/*
 * DESTROY-2: resolves the witnesses: people of the unit, active, distinct
 * (first mention kept; `first[k]` is the position given of the k-th).
 */
int bm_svc_witnesses_resolve(bm_ctx *ctx, const char *const *refs, size_t n, int64_t **ids,
                             bm_person ***people, size_t **first, size_t *n_ids)
{
	int64_t *v = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*v));
	bm_person **ps = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*ps));
	size_t *at = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*at));
	size_t k = 0;
	int rc;

	if (!v || !ps || !at)
		return bm_error_nomem();
	for (size_t i = 0; i < n; i++) {
		bm_person *p;
		bm_decision d;
		bool dup = false;
		if ((rc = bm_svc_field_rule(bm_svc_person_resolve(ctx, refs[i], &p),
		                            BM_FORM_DESTROY, "witnesses")) != 0)
			return rc;
		if (!bm_rules_witness(&d, p->name, p->status == BM_PERSON_ACTIVE,
		                      ctx->unit && p->unit_id == ctx->unit->id))
			return bm_decision_error(&d);
		for (size_t j = 0; j < k; j++)
			dup |= v[j] == p->id;
		if (!dup) {
			ps[k] = p;
			at[k] = i;
			v[k++] = p->id;
		}
	}
	*ids = v;
	*people = ps;
	*first = at;
	*n_ids = k;
	return 0;
}

/*
 * DESTROY-2 with REG-1 (issue 14 point 5): each witness confirms the
 * destruction themselves, as a holder at the desk. Before the transaction:
 * the passwords given, each checked against its witness's account as at
 * login (a witness not found is left to the use case to refuse).
 */
static int check_witness_passwords(bm_ctx *ctx, const char *const *refs,
                                   const bm_svc_receipt *receipts, size_t n,
                                   bm_svc_holder_proof *proofs)
{
	int64_t *ids;
	bool any = false;
	int rc;

	for (size_t i = 0; i < n; i++)
		any |= receipts && receipts[i].password;
	if (!any)
		return 0;
	if (!(ids = bm_arena_alloc(ctx->arena, n * sizeof(*ids))))
		return bm_error_nomem();
	if ((rc = bm_svc_begin_read(ctx)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++) {
		bm_person *p = NULL;
		ids[i] = 0;
		if (!receipts[i].password)
			continue;
		if ((rc = bm_svc_person_resolve(ctx, refs[i], &p)) == 0)
			ids[i] = p->id;
		else if (rc != BM_ENOTFOUND && rc != BM_EINVALID)
			return rc;
		bm_error_clear();
	}
	if ((rc = bm_svc_read_end(ctx)) != 0)
		return rc;
	for (size_t i = 0; i < n; i++)
		if (ids[i] &&
		    (rc = bm_svc_holder_check(ctx, ids[i], receipts[i].password, &proofs[i])) != 0)
			return rc;
	return 0;
}

/*
 * DESTROY-2: at most BM_SVC_MAX_WITNESSES; the proofs of each witness's password
 * (`*proofs`, `*n` set before any is checked, so every wrong one is counted).
 */
int bm_svc_witness_proofs(bm_ctx *ctx, const char *const *refs, const bm_svc_receipt *receipts,
                          size_t n, bm_svc_holder_proof **proofs, size_t *n_proofs)
{
	bm_svc_holder_proof *v;

	if (n > BM_SVC_MAX_WITNESSES)
		return bm_error_set(BM_ETOOLARGE, "too_many_witnesses", NULL, "监销人最多 %d 名",
		                    "at most %d witnesses", BM_SVC_MAX_WITNESSES);
	if (!(v = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*v))))
		return bm_error_nomem(); /* zeroed by bm_arena_alloc */
	*proofs = v;
	*n_proofs = n;
	return check_witness_passwords(ctx, refs, receipts, n, v);
}

/* SYS-4: a witness's wrong password counts towards their lockout, as a failed login. */
void bm_svc_witnesses_failed(bm_ctx *ctx, const bm_svc_holder_proof *proofs, size_t n)
{
	for (size_t i = 0; i < n; i++)
		bm_svc_holder_failed(ctx, &proofs[i]);
}

/*
 * DESTROY-2, REG-1: last, once everything else allows the destruction, each
 * witness confirms it themselves; how each did is recorded beside them.
 */
int bm_svc_witnesses_confirm(bm_ctx *ctx, bm_person **people, const size_t *first, size_t n,
                             const bm_svc_receipt *receipts, const bm_svc_holder_proof *proofs,
                             const char ***marks)
{
	static const bm_svc_receipt none = {0};
	const char **m = bm_arena_alloc(ctx->arena, (n ? n : 1) * sizeof(*m));
	int rc;

	if (!m)
		return bm_error_nomem();
	for (size_t k = 0; k < n; k++) {
		const bm_svc_receipt *r = receipts ? &receipts[first[k]] : &none;
		if ((rc = bm_svc_holder_receipt(ctx, &proofs[first[k]], people[k], r,
		                                BM_RULE_WITNESS_RECEIPT, "监销人", "witness")) != 0)
			return rc;
		m[k] = r->password ? BM_RECEIPT_MARK_PASSWORD : BM_RECEIPT_MARK_PAPER;
	}
	*marks = m;
	return 0;
}

/* DESTROY-2, REG-1: the audit's word on each witness: who, how, and a password's check. */
json_t *bm_svc_witnesses_audit(const bm_svc_holder_proof *proofs, const bm_svc_receipt *receipts,
                               size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		const bm_svc_receipt *r = receipts ? &receipts[i] : NULL;
		json_object_set_new(o, "how",
		                    json_string(!r                        ? "none"
		                                : r->password             ? "password"
		                                : bm_utf8_given(r->typed) ? "typed"
		                                : r->paper                ? "paper"
		                                                          : "none"));
		bm_svc_holder_audit(o, "password", &proofs[i]);
		json_array_append_new(a, o);
	}
	return a;
}

/* DESTROY-2, REG-1: how each witness confirmed, as the record holds it. */
json_t *bm_svc_witness_marks(const char **signatures, size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(a, json_string(bm_loan_receipt(signatures[i])));
	return a;
}
