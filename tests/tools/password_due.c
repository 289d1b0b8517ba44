/*
 * password_due TARGET UNIT HOLDER DAY — prints what the store's device_password_due
 * gives (DEV-3: the unit's computers and laptops not scrapped whose login password last
 * changed on or before DAY, or never; only HOLDER's unless 0), one device a line: the
 * same lines on SQLite and on PostgreSQL are the proof that both back ends answer it
 * alike (tests/cli/t_pg_device_site.sh), while `baomi alerts`, its only reader, still
 * reads operations PostgreSQL lacks. A test tool, never installed.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "store/store.h"
#include "util/arena.h"

int main(int argc, char **argv)
{
	bm_store *s;
	bm_arena a;
	bm_device *d = NULL;
	size_t n = 0;
	int rc;

	if (argc != 5) {
		fprintf(stderr, "usage: password_due TARGET UNIT HOLDER DAY\n");
		return 2;
	}
	if (bm_store_open_existing(&s, argv[1]) != 0) {
		fprintf(stderr, "password_due: open: %s\n", bm_error_last()->message_en);
		return 1;
	}
	bm_arena_init(&a, 0);
	if ((rc = s->ops->begin_read(s)) == 0)
		rc = s->ops->device_password_due(s, &a, strtoll(argv[2], NULL, 10),
		                                 strtoll(argv[3], NULL, 10), argv[4], &d, &n);
	s->ops->rollback(s);
	if (rc != 0)
		fprintf(stderr, "password_due: %s\n", bm_error_last()->message_en);
	for (size_t i = 0; rc == 0 && i < n; i++)
		printf("%lld %s %s %lld %s %s\n", (long long)d[i].id, d[i].number,
		       bm_device_kind_names[d[i].kind].code, (long long)d[i].holder_id,
		       d[i].holder_name ? d[i].holder_name : "-",
		       d[i].password_changed_on ? d[i].password_changed_on : "never");
	bm_arena_release(&a);
	bm_store_close(s);
	return rc == 0 ? 0 : 1;
}
