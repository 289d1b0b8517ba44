/*
 * alerts_ranges TARGET PERSON DEPARTMENT CLEARANCE CLERK [FROM TO] — prints, for each
 * alert set, what the store's carrier_alerts gives the viewer (SYS-2 by
 * bm_policy_sys2_rule) with that range, then carrier_levels_present: the same lines
 * on SQLite and on PostgreSQL are the proof that both back ends answer the alerts'
 * carrier ranges alike (tests/cli/t_pg_ledger.sh), while `baomi alerts` itself still
 * reads operations PostgreSQL lacks. A test tool, never installed.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "policy/alerting.h"
#include "policy/policy.h"
#include "policy/visibility.h"
#include "store/store.h"
#include "util/arena.h"

static int fail(const char *what)
{
	const bm_error *e = bm_error_last();
	fprintf(stderr, "alerts_ranges: %s: %s\n", what, e ? e->message_en : "?");
	return 1;
}

int main(int argc, char **argv)
{
	bm_store *s;
	bm_arena a;
	bool levels[BM_LEVEL_COUNT];
	bm_viewer v;
	bm_policy policy;
	int rc = 0;

	if (argc != 6 && argc != 8) {
		fprintf(stderr, "usage: alerts_ranges TARGET PERSON DEPARTMENT CLEARANCE CLERK"
		                " [FROM TO]\n");
		return 2;
	}
	if (bm_store_open_existing(&s, argv[1]) != 0)
		return fail("open");
	v = (bm_viewer){.unit_id = 1,
	                .person_id = strtoll(argv[2], NULL, 10),
	                .department_id = strtoll(argv[3], NULL, 10),
	                .max_level = (bm_level)strtol(argv[4], NULL, 10),
	                .clerk = strtol(argv[5], NULL, 10) != 0,
	                .rule = bm_policy_sys2_rule()};
	/* REG-2's lateness as the service asks it: the policy's */
	bm_policy_defaults(&policy);
	bm_arena_init(&a, 0);
	for (int set = BM_ALERT_SET_PERIOD; set <= BM_ALERT_SET_HANDLING && rc == 0; set++) {
		bm_alert_range r = {.set = (bm_alert_set)set,
		                    .from = argc == 8 ? argv[6] : NULL,
		                    .to = argc == 8 ? argv[7] : NULL,
		                    .since = "2026-01-01T00:00:00Z",
		                    .late_seconds = bm_rules_registration_late_seconds(&policy)};
		int64_t total = 0;
		bm_carrier *cs = NULL;
		size_t n = 0;
		if (s->ops->begin_read(s) != 0)
			rc = fail("begin");
		else if (s->ops->carrier_alerts(s, &a, &v, &r, 1, 100, &total, &cs, &n) != 0)
			rc = fail("carrier_alerts");
		s->ops->rollback(s);
		printf("set %d: %lld in all, from the second:", set, (long long)total);
		for (size_t i = 0; i < n; i++)
			printf(" %lld", (long long)cs[i].id);
		printf("\n");
	}
	if (rc == 0) {
		if (s->ops->begin_read(s) != 0 ||
		    s->ops->carrier_levels_present(s, &a, &v, levels) != 0)
			rc = fail("carrier_levels_present");
		s->ops->rollback(s);
		printf("levels present:");
		for (int i = 0; i < BM_LEVEL_COUNT && rc == 0; i++)
			printf(" %d", levels[i] ? 1 : 0);
		printf("\n");
	}
	bm_arena_release(&a);
	bm_store_close(s);
	return rc;
}
