/*
 * al_util.h — small helpers the alert, register and scenario tests share,
 * on top of the workflow fixture (tests/unit/workflow/wf_fixture.h). Static
 * inline so that each test file takes only what it uses.
 *
 * The fixture's "now" is Monday 2026-11-23 10:00 in Beijing (02:00Z); the
 * unit's policy is the catalogue default unless a test imports another.
 */
#ifndef BM_TEST_AL_UTIL_H
#define BM_TEST_AL_UTIL_H

#include "../workflow/wf_fixture.h"
#include "service/ledger.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define W()  wf_get()
#define FX() svc_fx_get()

/* An instant from its ISO text (asserts it parses). */
static inline int64_t al_at(const char *iso)
{
	int64_t t = 0;
	assert_true(bm_time_parse(iso, &t));
	return t;
}

static inline void al_assert_refused(int rc, int klass, const char *rule, const char *code)
{
	const bm_error *e = bm_error_last();
	if (rc != klass || strcmp(e->rule, rule) != 0 || strcmp(e->code, code) != 0)
		fprintf(stderr, "# expected %d %s %s, got %d %s %s (%s)\n", klass, rule, code, rc,
		        e->rule, e->code, e->message_en);
	assert_int_equal(rc, klass);
	assert_string_equal(e->rule, rule);
	assert_string_equal(e->code, code);
}

/* Files a request as `who`, approved by `approver` (NULL: left pending); returns its id. */
static inline int64_t al_request(bm_arena *a, bm_person *who, const char *op, int64_t carrier,
                                 const char *params, bm_person *approver)
{
	bm_request_row *r = NULL;
	int rc = wf_request(a, who, op, carrier, params, &r);
	if (rc)
		fprintf(stderr, "# request failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	if (approver) {
		assert_int_equal(wf_decide(a, approver, r->id, true), 0);
		assert_string_equal(wf_request_get(a, r->id)->status, "approved");
	}
	return r->id;
}

/*
 * The clerk issues an approved request's carrier (asserts success); the
 * holder confirms with their own password (REG-1; every fixture account has FX_PW).
 */
static inline bm_loan_row *al_issue(bm_arena *a, int64_t request, const char *place)
{
	bm_ctx ctx;
	bm_loan_row *loan = NULL;
	const bm_svc_receipt receipt = {.password = FX_PW};
	int rc;
	svc_fx_ctx(&ctx, a, FX()->clerk);
	rc = bm_svc_issue(&ctx, request, 0, &receipt, place, &loan);
	if (rc)
		fprintf(stderr, "# issue failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return loan;
}

/* The clerk checks a carrier back in (asserts success). */
static inline void al_checkin(bm_arena *a, int64_t carrier, const char *note)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, a, FX()->clerk);
	assert_int_equal(bm_svc_checkin(&ctx, carrier, false, note), 0);
}

/* Every alert `who` sees at `iso` (asserts success). */
static inline bm_alert *al_alerts(bm_arena *a, bm_person *who, const char *iso, size_t *n)
{
	bm_ctx ctx;
	bm_alert *v = NULL;
	int rc;
	svc_fx_ctx(&ctx, a, who);
	rc = bm_svc_alerts(&ctx, al_at(iso), &v, n);
	if (rc)
		fprintf(stderr, "# alerts failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return v;
}

/* The alert of `rule` about `carrier` (0: any carrier), or NULL. */
static inline const bm_alert *al_find(const bm_alert *v, size_t n, const char *rule,
                                      int64_t carrier)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].rule, rule) == 0 && (!carrier || v[i].carrier_id == carrier))
			return &v[i];
	return NULL;
}

/* How many alerts of `rule` are about `carrier` (0: any). */
static inline size_t al_count(const bm_alert *v, size_t n, const char *rule, int64_t carrier)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += strcmp(v[i].rule, rule) == 0 && (!carrier || v[i].carrier_id == carrier);
	return k;
}

/* A register read as `who` (asserts success). */
static inline bm_register al_register(bm_arena *a, bm_person *who, const char *kind,
                                      const char *from, const char *to)
{
	bm_ctx ctx;
	bm_register r;
	int rc;
	memset(&r, 0, sizeof(r));
	svc_fx_ctx(&ctx, a, who);
	rc = bm_svc_register(&ctx, kind, NULL, from, to, &r);
	if (rc)
		fprintf(stderr, "# register failed: %s\n", bm_error_last()->message_en);
	assert_int_equal(rc, 0);
	return r;
}

/* The cell of column `key` in row `row` ("" when empty; fails on an unknown key). */
static inline const char *al_cell(const bm_register *r, size_t row, const char *key)
{
	assert_true(row < r->n_rows);
	for (size_t c = 0; c < r->n_cols; c++)
		if (strcmp(r->cols[c].key, key) == 0)
			return r->cells[row * r->n_cols + c] ? r->cells[row * r->n_cols + c] : "";
	fail_msg("no column '%s'", key);
	return NULL;
}

/* The index of the (first) row about `carrier`, or -1. */
static inline long al_row_of(const bm_register *r, int64_t carrier)
{
	char id[32];
	snprintf(id, sizeof(id), "%lld", (long long)carrier);
	for (size_t i = 0; i < r->n_rows; i++)
		if (strcmp(al_cell(r, i, "carrier_id"), id) == 0)
			return (long)i;
	return -1;
}

/* The number of events in the audit chain, after verifying it whole (SYS-3). */
static inline int64_t al_audit_verified(void)
{
	bm_audit_verify_result res;
	memset(&res, 0, sizeof(res));
	assert_int_equal(bm_audit_verify(FX()->store, &res), 0);
	assert_int_equal(res.first_bad_seq, 0);
	return res.count;
}

#endif
