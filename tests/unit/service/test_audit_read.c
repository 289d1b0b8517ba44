/*
 * test_audit_read.c — the audit list of src/service/audit_read.c, paged in
 * SQL (issue 17), returns exactly the events the earlier implementation
 * returned: that one walked the whole chain in seq order, kept the events
 * the filters matched and cut the page out of them. It is kept here as the
 * reference (walk_reference), and both are compared on a generated chain
 * over every filter, both orders and the page boundaries (SYS-3).
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
#include "util/timeutil.h"

#define EVENTS 3000

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

/*
 * Actors and actions that share prefixes, Chinese text and a byte 0xf4
 * (the last a UTF-8 lead byte may be) at the end of an action, so the
 * prefix filter's byte range is tried at its edges.
 */
static const char *const actors[] = {"clerk", "clerk2", "li", "审计员", "-", "zhao"};
static const char *const actions[] = {
        "carrier.read", "carrier",   "carrierx", "carrier.register",  "car",
        "audit.list",   "登记.载体", "登记",     "x\xf4\x8f\xbf\xbf", "x",
};
static const char *const outcomes[] = {"ok", "refused", "failed", "ok", "ok"};
static const char *const rules[] = {"SYS-2", "BORROW-3", ""};

/* Appends EVENTS events: one every 37 minutes from 2026-03-01, the clock stepping back at times. */
static int populate(void **state)
{
	svc_fx *f;
	int rc = svc_fx_group_setup(state);
	if (rc)
		return rc;
	f = svc_fx_get();
	if ((rc = BM_STORE(f->store, begin)(f->store)) != 0)
		return rc;
	for (int i = 0; i < EVENTS && rc == 0; i++) {
		unsigned h = (unsigned)i * 2654435761u >> 7;
		const char *outcome = outcomes[h % 5];
		bm_audit_event ev = {
		        .at = 1772323200 + (int64_t)i * 37 * 60 - (i % 11 == 0 ? 5 * 3600 : 0),
		        .actor = actors[h % BM_ARRAY_LEN(actors)],
		        .action = actions[(h / 7) % BM_ARRAY_LEN(actions)],
		        .object = "carrier:1",
		        .outcome = outcome,
		        .rule = strcmp(outcome, "ok") ? rules[(h / 3) % 3] : "",
		        .detail = "{}",
		};
		rc = bm_audit_append(f->store, &ev, NULL);
	}
	if (rc == 0)
		rc = BM_STORE(f->store, commit)(f->store);
	return svc_fx_step(rc, "append the generated chain");
}

/* ---- the earlier implementation, as the reference -------------------------------------------- */

typedef struct ref_state {
	const bm_audit_query *q;
	char since[BM_ISO_TIME_LEN];
	char before[BM_ISO_TIME_LEN];
	int64_t *seqs; /* every match, in seq order */
	size_t n;
} ref_state;

static bool ref_matches(const ref_state *st, const bm_audit_row *r)
{
	const bm_audit_query *q = st->q;
	if (q->actor && *q->actor && strcmp(q->actor, r->actor) != 0)
		return false;
	if (q->action && *q->action && strncmp(q->action, r->action, strlen(q->action)) != 0)
		return false;
	if (q->outcome && *q->outcome && strcmp(q->outcome, r->outcome) != 0)
		return false;
	if (q->rule && *q->rule && strcmp(q->rule, r->rule) != 0)
		return false;
	if (st->since[0] && strcmp(r->at, st->since) < 0)
		return false;
	if (st->before[0] && strcmp(r->at, st->before) >= 0)
		return false;
	return true;
}

static int ref_cb(const bm_audit_row *r, void *cls)
{
	ref_state *st = cls;
	if (ref_matches(st, r))
		st->seqs[st->n++] = r->seq;
	return 0;
}

/* The page the old two-pass walk gave: `*total` matches, the page's seqs in `out`. */
static size_t walk_reference(const bm_audit_query *q, int tz, int64_t *out, int64_t *total)
{
	static int64_t seqs[EVENTS + 4096];
	ref_state st = {.q = q, .seqs = seqs};
	svc_fx *f = svc_fx_get();
	int64_t first, last, limit = q->limit > 0 ? q->limit : 50;
	size_t n = 0;
	int32_t day;

	if (q->from && *q->from && bm_date_parse(q->from, &day))
		bm_time_format(bm_date_local_start(day, tz), st.since);
	if (q->to && *q->to && bm_date_parse(q->to, &day))
		bm_time_format(bm_date_local_start(day + 1, tz), st.before);
	assert_int_equal(BM_STORE(f->store, audit_foreach)(f->store, ref_cb, &st), 0);
	*total = (int64_t)st.n;
	if (q->oldest_first) {
		first = q->offset;
		last = q->offset + limit;
	} else {
		last = (int64_t)st.n - q->offset;
		first = last - limit;
	}
	if (first < 0)
		first = 0;
	if (last > (int64_t)st.n)
		last = (int64_t)st.n;
	for (int64_t i = first; i < last; i++)
		out[n++] = seqs[i];
	if (!q->oldest_first)
		for (size_t i = 0; i < n / 2; i++) {
			int64_t t = out[i];
			out[i] = out[n - 1 - i];
			out[n - 1 - i] = t;
		}
	return n;
}

/* The list as the auditor gets it now, compared with the reference taken just before. */
static void same_page(const bm_audit_query *q, int *tz)
{
	static int64_t want[1000];
	bm_audit_page page;
	bm_ctx ctx;
	int64_t total = 0;
	size_t n = 0;

	if (*tz != -1)
		n = walk_reference(q, *tz, want, &total);
	svc_fx_ctx(&ctx, &t_arena, svc_fx_get()->auditor);
	if (bm_svc_audit_list(&ctx, q, &page) != 0)
		fail_msg("audit list: %s", bm_error_last()->message_en);
	if (*tz == -1) { /* the first call learns the unit's offset, then compares */
		*tz = ctx.policy.tz_offset_minutes;
		same_page(q, tz);
		return;
	}
	if (page.total != total || page.count != n)
		fail_msg("actor=%s action=%s outcome=%s rule=%s from=%s to=%s %s offset %d limit "
		         "%d: total %lld count %zu, the walk gave total %lld count %zu",
		         q->actor ? q->actor : "", q->action ? q->action : "",
		         q->outcome ? q->outcome : "", q->rule ? q->rule : "",
		         q->from ? q->from : "", q->to ? q->to : "",
		         q->oldest_first ? "asc" : "desc", q->offset, q->limit,
		         (long long)page.total, page.count, (long long)total, n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(page.items[i].seq, want[i]);
	for (size_t i = 0; i < n; i++) /* the rows themselves, not only their seqs */
		assert_non_null(page.items[i].hash);
	bm_arena_release(&t_arena);
	bm_arena_init(&t_arena, 0);
}

/* Every offset that is a boundary for a filter of `total` events: first, last, beyond. */
static void boundaries(bm_audit_query q, int *tz)
{
	static const int limits[] = {1, 7, 50, 1000};
	for (int order = 0; order < 2; order++)
		for (size_t l = 0; l < BM_ARRAY_LEN(limits); l++) {
			const int offsets[] = {0, 1, 6, 49, 50, 1499, 2990, 2999, 3000, 3100, 9000};
			q.oldest_first = order;
			q.limit = limits[l];
			for (size_t o = 0; o < BM_ARRAY_LEN(offsets); o++) {
				q.offset = offsets[o];
				same_page(&q, tz);
			}
		}
}

static void sys_3_list_paged_in_sql_matches_the_walk(void **state)
{
	static const bm_audit_query filters[] = {
	        {0},
	        {.actor = "clerk"},
	        {.actor = "审计员"},
	        {.actor = "nobody"},
	        {.actor = ""},
	        {.action = "carrier"},
	        {.action = "carrier."},
	        {.action = "car"},
	        {.action = "登记"},
	        {.action = "x\xf4"},
	        {.action = "x"},
	        {.action = "\xff"},
	        {.outcome = "refused"},
	        {.rule = "SYS-2"},
	        {.rule = "BORROW-3", .outcome = "failed"},
	        {.from = "2026-03-10"},
	        {.to = "2026-03-10"},
	        {.from = "2026-03-10", .to = "2026-03-12"},
	        {.from = "2026-03-12", .to = "2026-03-10"},
	        {.from = "2026-03-10", .to = "2026-03-20", .actor = "li", .action = "carrier."},
	        {.actor = "clerk2", .outcome = "ok", .action = "audit."},
	};
	int tz = -1;
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(filters); i++)
		boundaries(filters[i], &tz);
	assert_int_equal(tz, 480); /* the fixture's unit is on Beijing time */
}

typedef struct bound_count {
	const bm_audit_filter *f;
	int64_t n;
} bound_count;

static int bound_cb(const bm_audit_row *r, void *cls)
{
	bound_count *c = cls;
	const bm_audit_filter *f = c->f;
	if ((f->actor && strcmp(f->actor, r->actor) != 0) ||
	    (f->outcome && strcmp(f->outcome, r->outcome) != 0) ||
	    (f->since && strcmp(r->at, f->since) < 0) ||
	    (f->before && strcmp(r->at, f->before) >= 0))
		return 0;
	c->n++;
	return 0;
}

/*
 * The store's total (the hourly tally of migration 12 plus the partial
 * hours at the ends, counted directly) equals a count of the chain for
 * bounds on and off whole hours, within one hour, empty and reversed.
 */
static void sys_3_total_from_the_tally_equals_a_count(void **state)
{
	static const char *const instants[] = {
	        "2026-03-10T05:30:00Z", "2026-03-10T06:00:00Z", "2026-03-10T06:12:07Z",
	        "2026-03-12T07:45:10Z", "2026-03-12T08:00:00Z", "2026-03-01T00:00:00Z",
	        "2026-05-20T23:59:59Z", "2025-01-01T00:00:00Z",
	};
	svc_fx *fx = svc_fx_get();
	(void)state;
	for (size_t i = 0; i <= BM_ARRAY_LEN(instants); i++)
		for (size_t j = 0; j <= BM_ARRAY_LEN(instants); j++)
			for (int k = 0; k < 3; k++) {
				bm_audit_filter f = {
				        .since = i < BM_ARRAY_LEN(instants) ? instants[i] : NULL,
				        .before = j < BM_ARRAY_LEN(instants) ? instants[j] : NULL,
				        .actor = k == 1 ? "li" : NULL,
				        .outcome = k == 2 ? "refused" : NULL,
				};
				bound_count ref = {.f = &f};
				int64_t total = -1;
				assert_int_equal(BM_STORE(fx->store, audit_foreach)(fx->store,
				                                                    bound_cb, &ref),
				                 0);
				assert_int_equal(
				        BM_STORE(fx->store, audit_count)(fx->store, &f, &total), 0);
				assert_int_equal(total, ref.n);
			}
}

/* The summary of an event whose detail is `detail`, in both languages. */
static void words_of(const char *detail, bm_audit_words *w)
{
	bm_audit_row r = {.seq = 1, .actor = "", .action = "login", .object = "", .detail = detail};
	bm_audit_names names;
	bm_audit_names_init(&names);
	assert_int_equal(bm_audit_words_of(svc_fx_get()->store, &names, &t_arena, &r, w), 0);
	bm_audit_names_release(&names);
}

/*
 * SYS-3: a refusal's reason in the auditor's words: the Chinese one in zh
 * (an older event with only the English shows that), the English in en; its
 * code is left to the detail beside a reason (even an empty one), and shown
 * as 校验码 where there is none.
 */
static void sys_3_summary_of_a_refusal_its_reason_not_its_code(void **state)
{
	bm_audit_words w;
	(void)state;
	words_of("{\"code\":\"role_required\",\"reason\":\"this needs the clerk role\","
	         "\"reason_zh\":\"此操作需要保密员角色\",\"title\":\"通知\"}",
	         &w);
	assert_string_equal(w.summary_zh, "标题：通知；事由：此操作需要保密员角色");
	assert_string_equal(w.summary_en, "title: 通知; reason: this needs the clerk role");
	words_of("{\"code\":\"role_required\",\"reason\":\"this needs the clerk role\"}", &w);
	assert_string_equal(w.summary_zh, "事由：this needs the clerk role");
	assert_string_equal(w.summary_en, "reason: this needs the clerk role");
	words_of("{\"code\":\"Q5AY-NPOZ\",\"count\":3}", &w);
	assert_string_equal(w.summary_zh, "条数：3；校验码：Q5AY-NPOZ");
	assert_string_equal(w.summary_en, "events: 3; code: Q5AY-NPOZ");
	words_of("{\"code\":\"x\",\"reason\":\"\",\"reason_zh\":\"原因\",\"count\":2}", &w);
	assert_string_equal(w.summary_zh, "事由：原因；条数：2");
	assert_string_equal(w.summary_en, "events: 2");
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, t_setup, t_teardown)
	const struct CMUnitTest tests[] = {
	        T(sys_3_list_paged_in_sql_matches_the_walk),
	        T(sys_3_total_from_the_tally_equals_a_count),
	        T(sys_3_summary_of_a_refusal_its_reason_not_its_code),
	};
#undef T
	return cmocka_run_group_tests(tests, populate, svc_fx_group_teardown);
}
