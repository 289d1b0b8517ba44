/*
 * test_oracle.c — the alerts read by indexed bounds (issue 17) against an
 * independent evaluation that reads every carrier, as the alerts did
 * before: on a few hundred generated carriers with periods ending around
 * the warning day, 29 February starts, registrations at the edges of the
 * lookback in local time, keeping terms ending around today and missing,
 * destroyed and returned carriers; for the clerk and two staff members, on
 * days that cross a leap day and a year end. The rules of src/policy decide
 * both sides; what is compared is that no candidate is lost or added, and
 * that the pages and the per-kind counts (issue 17) agree with the list.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "al_util.h"
#include "policy/rules.h"
#include "service/service_int.h"
#include "store/store.h"

enum { N_CARRIERS = 400, REG2_LOOKBACK_DAYS = 30 };

static bm_arena t_arena;
static uint32_t seed = 20261123;

static uint32_t rnd(uint32_t n)
{
	seed = seed * 1103515245u + 12345u;
	return (seed >> 8) % n;
}

static const char *date_text(bm_arena *a, int32_t day)
{
	char d[BM_DATE_LEN];
	bm_date_format(day, d);
	return bm_arena_strdup(a, d);
}

static const char *instant_text(bm_arena *a, int64_t t)
{
	char iso[BM_ISO_TIME_LEN];
	bm_time_format(t, iso);
	return bm_arena_strdup(a, iso);
}

/* A day near `today`, often exactly on an edge (`today + edge` ± 1). */
static int32_t near(int32_t today, int edge, int spread)
{
	switch (rnd(4)) {
	case 0: return today + edge;
	case 1: return today + edge - 1;
	case 2: return today + edge + 1;
	default: return today + edge - spread + (int32_t)rnd((uint32_t)(2 * spread + 1));
	}
}

/* One generated carrier, straight into the store. */
static void add_carrier(bm_arena *a, int32_t today, int warning)
{
	static const bm_status statuses[] = {BM_STATUS_IN_STORE,  BM_STATUS_IN_STORE,
	                                     BM_STATUS_IN_STORE,  BM_STATUS_MISSING,
	                                     BM_STATUS_DESTROYED, BM_STATUS_RETURNED};
	bm_carrier c;
	bm_scope_ref *scope = bm_arena_alloc(a, sizeof(*scope));
	int32_t leap, start;
	memset(&c, 0, sizeof(c));
	c.unit_id = FX()->clerk->unit_id;
	c.kind = BM_KIND_PAPER;
	c.title = "生成的载体";
	c.copies = 1;
	c.level = (bm_level)rnd(BM_LEVEL_COUNT);
	c.original_level = c.level;
	c.period_kind = (bm_period_kind)rnd(BM_PERIOD_COUNT);
	c.origin = rnd(2) ? BM_ORIGIN_INCOMING : BM_ORIGIN_MADE;
	c.urgency = BM_URGENCY_NORMAL;
	c.status = statuses[rnd(BM_ARRAY_LEN(statuses))];
	c.place_id = 1;
	c.department_id = rnd(2) ? FX()->tech_id : FX()->finance_id;
	c.custodian_id = rnd(3) == 0 ? FX()->li->id : FX()->clerk->id;
	assert_true(bm_date_from_ymd(2024, 2, 29, &leap));
	/* A period in years ending near the warning day, or starting on a 29 February. */
	c.period_years = 1 + (int)rnd(30);
	start = rnd(3) == 0 ? leap : bm_date_add_years(near(today, warning, 3), -c.period_years);
	c.period_start = date_text(a, start);
	c.period_until = date_text(a, near(today, warning, 40));
	c.review_date = date_text(a, near(today, warning, 40));
	if (c.period_kind == BM_PERIOD_EVENT)
		c.period_event = "项目结束";
	c.received_on = date_text(a, near(today, -REG2_LOOKBACK_DAYS, 5) - (int32_t)rnd(3));
	/* Registered around local midnights at the lookback's edge (Beijing: 16:00Z). */
	c.registered_at = instant_text(a, (int64_t)near(today, -REG2_LOOKBACK_DAYS, 5) * 86400 -
	                                          8 * 3600 + (rnd(2) ? -1 : 0) + rnd(3) * 3600);
	c.updated_at = c.registered_at;
	if (rnd(3) == 0) {
		c.keep_reason = "个人保管";
		c.keep_approver_id = FX()->clerk->id;
		c.keep_until = date_text(a, near(today, 0, 3));
	}
	scope->person_id = 0;
	scope->department_id = c.department_id;
	c.scope = scope;
	c.n_scope = c.level > BM_LEVEL_PUBLIC || rnd(2) ? 1 : 0;
	assert_int_equal(BM_STORE(FX()->store, carrier_insert)(FX()->store, &c), 0);
}

static int group_setup(void **state)
{
	bm_arena a;
	bm_ctx ctx;
	int32_t today;
	int rc = svc_fx_group_setup(state);
	if (rc)
		return rc;
	bm_arena_init(&a, 0);
	svc_fx_ctx(&ctx, &a, FX()->clerk);
	today = bm_time_local_date(FX()->now, ctx.policy.tz_offset_minutes);
	for (int i = 0; i < N_CARRIERS; i++)
		add_carrier(&a, today, ctx.policy.period_warning_days);
	bm_arena_release(&a);
	return 0;
}

/* The day a period ends, read afresh from the carrier (LEVEL-6). */
static int32_t oracle_end(const bm_carrier *c)
{
	int32_t day;
	const char *text = c->period_kind == BM_PERIOD_UNTIL   ? c->period_until
	                   : c->period_kind == BM_PERIOD_EVENT ? c->review_date
	                   : c->period_kind == BM_PERIOD_YEARS ? c->period_start
	                                                       : NULL;
	if (!text || !bm_date_parse(text, &day))
		return BM_DATE_NONE;
	return c->period_kind == BM_PERIOD_YEARS ? bm_date_add_years(day, c->period_years) : day;
}

/* Writes "RULE code carrier" keys of what every carrier deserves into `out`, sorted by id. */
static size_t oracle(bm_ctx *ctx, int64_t now, char (*out)[64], size_t cap)
{
	int32_t today = bm_time_local_date(now, ctx->policy.tz_offset_minutes);
	bool clerk = bm_ctx_has_role(ctx, BM_ROLE_CLERK);
	/* Whom each kind is for (issue 14 point 13): LEVEL-6 the classification
	 * authority, INV-4 the leadership, REG-2 the clerk, KEEP-6 the keeper. */
	bool classifier = clerk || bm_ctx_has_role(ctx, BM_ROLE_CLASSIFIER);
	bool leadership = clerk || bm_ctx_has_role(ctx, BM_ROLE_LEADER) ||
	                  bm_ctx_has_role(ctx, BM_ROLE_PRINCIPAL);
	size_t n = 0;
	for (int64_t id = 1;; id++) {
		bm_carrier *c;
		bm_decision d;
		int32_t received, registered, until;
		int rc = BM_STORE(ctx->store, carrier_get)(ctx->store, ctx->arena, id, &c);
		if (rc == BM_ENOTFOUND)
			break;
		assert_int_equal(rc, 0);
		if (!bm_svc_can_see(ctx, c) || c->status == BM_STATUS_DESTROYED ||
		    c->status == BM_STATUS_RETURNED)
			continue;
		assert_true(n + 4 <= cap);
		if (classifier && bm_level_is_classified(c->level) &&
		    bm_rules_period_review(&d, &ctx->policy, oracle_end(c), today))
			snprintf(out[n++], 64, "LEVEL-6 %s %lld", d.code, (long long)id);
		{
			int64_t t;
			registered = bm_time_parse(c->registered_at, &t)
			                     ? bm_time_local_date(t, ctx->policy.tz_offset_minutes)
			                     : BM_DATE_NONE;
		}
		if (clerk && c->origin == BM_ORIGIN_INCOMING && c->received_on &&
		    bm_date_parse(c->received_on, &received) && registered != BM_DATE_NONE &&
		    today - registered <= REG2_LOOKBACK_DAYS &&
		    bm_rules_registration(&d, &ctx->policy, received, registered) && d.alert)
			snprintf(out[n++], 64, "REG-2 %s %lld", d.code, (long long)id);
		if (c->keep_until && (clerk || c->custodian_id == ctx->actor->id) &&
		    bm_date_parse(c->keep_until, &until) && today > until)
			snprintf(out[n++], 64, "KEEP-6 keeping_expired %lld", (long long)id);
		if (leadership && c->status == BM_STATUS_MISSING)
			snprintf(out[n++], 64, "INV-4 carrier_missing %lld", (long long)id);
	}
	return n;
}

static int cmp_key(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

/*
 * Issue 17: pages of 7 (the carriers' kinds paged by the store), one after
 * the other, are the whole list in its order, and each kind's count (counted
 * by index) is the number of its alerts in the list.
 */
static void pages_match_list(bm_person *who, const char *iso, const bm_alert *v, size_t n)
{
	bm_alert_query q = {.limit = 7};
	size_t got = 0;
	int64_t summed = 0;
	for (q.offset = 0;; q.offset += q.limit) {
		bm_alert_page p;
		bm_ctx ctx;
		svc_fx_ctx(&ctx, &t_arena, who);
		assert_int_equal(bm_svc_alerts_page(&ctx, al_at(iso), &q, &p), 0);
		assert_int_equal(p.total, (int64_t)n);
		if (q.offset == 0)
			for (size_t k = 0; k < p.n_kinds; k++) {
				size_t c = 0;
				for (size_t i = 0; i < n; i++)
					c += strcmp(v[i].rule, p.kinds[k].rule) == 0 &&
					     strcmp(v[i].code, p.kinds[k].code) == 0 &&
					     strcmp(v[i].urgency, p.kinds[k].urgency) == 0;
				if ((int64_t)c != p.kinds[k].count)
					fail_msg("%s at %s: %s %s counted %lld, listed %zu",
					         who->username, iso, p.kinds[k].rule,
					         p.kinds[k].code, (long long)p.kinds[k].count, c);
				summed += p.kinds[k].count;
			}
		for (size_t i = 0; i < p.n; i++, got++) {
			assert_true(got < n);
			if (strcmp(p.items[i].code, v[got].code) != 0 ||
			    p.items[i].carrier_id != v[got].carrier_id ||
			    strcmp(p.items[i].text_en, v[got].text_en) != 0)
				fail_msg("%s at %s: page item %zu is '%s', the list's '%s'",
				         who->username, iso, got, p.items[i].text_en,
				         v[got].text_en);
		}
		if (p.n < (size_t)q.limit)
			break;
	}
	assert_int_equal(got, n);
	assert_int_equal(summed, (int64_t)n);
}

/* The service's carrier alerts and the oracle's, as sorted keys, are the same. */
static void compare_at(bm_person *who, const char *iso)
{
	static char got[4 * N_CARRIERS][64], want[4 * N_CARRIERS][64];
	size_t n_got = 0, n_want, n;
	bm_alert *v = al_alerts(&t_arena, who, iso, &n);
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, who);
	for (size_t i = 0; i < n; i++)
		if (v[i].carrier_id &&
		    (strcmp(v[i].rule, "LEVEL-6") == 0 || strcmp(v[i].rule, "REG-2") == 0 ||
		     strcmp(v[i].rule, "KEEP-6") == 0 || strcmp(v[i].rule, "INV-4") == 0)) {
			assert_true(n_got < BM_ARRAY_LEN(got));
			snprintf(got[n_got++], 64, "%s %s %lld", v[i].rule, v[i].code,
			         (long long)v[i].carrier_id);
		}
	n_want = oracle(&ctx, al_at(iso), want, BM_ARRAY_LEN(want));
	pages_match_list(who, iso, v, n);
	qsort(got, n_got, sizeof(got[0]), cmp_key);
	qsort(want, n_want, sizeof(want[0]), cmp_key);
	for (size_t i = 0; i < n_got && i < n_want; i++)
		if (strcmp(got[i], want[i]) != 0)
			fail_msg("%s at %s: alert '%s', oracle '%s'", who->username, iso, got[i],
			         want[i]);
	if (n_got != n_want)
		fail_msg("%s at %s: %zu alerts, oracle %zu", who->username, iso, n_got, n_want);
	/* The generated ledger is meant to reach every kind: a vacuous match proves nothing. */
	if (who == FX()->clerk && strcmp(iso, FX_NOW) == 0)
		assert_true(n_want > 20);
}

/* LEVEL-6, REG-2, KEEP-6, INV-4: the indexed candidates lose nothing and add nothing. */
static void alerts_by_index_match_every_carrier_read(void **state)
{
	static const char *const days[] = {
	        FX_NOW,                 /* the generated edges */
	        "2026-11-23T15:59:59Z", /* the last second of the local day */
	        "2026-11-23T16:00:00Z", /* the next local day */
	        "2026-12-24T02:00:00Z",
	        "2027-02-28T02:00:00Z",
	        "2028-02-29T02:00:00Z",
	        "2028-03-01T02:00:00Z",
	        "2026-10-01T02:00:00Z",
	};
	bm_person *who[] = {FX()->clerk, FX()->li, FX()->zhao};
	(void)state;
	bm_arena_init(&t_arena, 0);
	for (size_t d = 0; d < BM_ARRAY_LEN(days); d++)
		for (size_t w = 0; w < BM_ARRAY_LEN(who); w++)
			compare_at(who[w], days[d]);
	bm_arena_release(&t_arena);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(alerts_by_index_match_every_carrier_read),
	};
	return cmocka_run_group_tests(tests, group_setup, svc_fx_group_teardown);
}
