/*
 * sa_rows TARGET — drives the store's self-assessment operations (INSP-4: sa_insert,
 * sa_item_insert, sa_item_answer, sa_sign, sa_get, sa_find_year, sa_list, sa_items) on
 * TARGET inside one write transaction that is rolled back at the end, and prints what each
 * read gives back and how each write the tables refuse fails: the same lines on SQLite
 * and on PostgreSQL are the proof that both back ends keep a self-assessment alike
 * (tests/cli/t_pg_oversight.sh), while `baomi selfcheck start` still reads operations
 * PostgreSQL lacks. Ids are printed relative to the assessment's and the first item's,
 * since a PostgreSQL sequence never gives back a value a rolled-back insert took. The
 * unit (1), the clerk (person 4), the leader (person 8) and the department 办公室 (1) are
 * fixture.sh's. A test tool, never installed.
 */
#include "common.h"

#include <stdio.h>
#include <string.h>

#include "store/store.h"
#include "util/arena.h"

static bm_store *s;
static bm_arena a;
static int64_t sa_id, item0;

static int fail(const char *what)
{
	const bm_error *e = bm_error_last();
	fprintf(stderr, "sa_rows: %s: %s\n", what, e ? e->message_en : "?");
	return 1;
}

static const char *str(const char *t)
{
	return t ? t : "-";
}

static void print_sa(const char *what, const bm_sa_row *r)
{
	printf("%s: id %+lld unit %lld year %d started %lld %s (%s) clerk %lld %s (%s)"
	       " leader %lld %s (%s) items %lld answered %lld findings %lld\n",
	       what, (long long)(r->id - sa_id), (long long)r->unit_id, r->year,
	       (long long)r->started_by, str(r->started_at), str(r->started_by_name),
	       (long long)r->clerk_signed_by, str(r->clerk_signed_at), str(r->clerk_name),
	       (long long)r->leader_signed_by, str(r->leader_signed_at), str(r->leader_name),
	       (long long)r->n_items, (long long)r->n_answered, (long long)r->n_findings);
}

static int print_get(const char *what)
{
	bm_sa_row *r = NULL;
	if (s->ops->sa_get(s, &a, sa_id, &r) != 0)
		return fail("sa_get");
	print_sa(what, r);
	return 0;
}

static int print_items(void)
{
	bm_sa_item_row *it = NULL;
	size_t n = 0;
	if (s->ops->sa_items(s, &a, sa_id, &it, &n) != 0)
		return fail("sa_items");
	for (size_t i = 0; i < n; i++)
		printf("item %+lld of %+lld: %d %s %s evidence %lld %s answer %s note %s dept %lld"
		       " (%s) deadline %s rect %lld by %lld (%s) at %s\n",
		       (long long)(it[i].id - item0), (long long)(it[i].assessment_id - sa_id),
		       it[i].position, str(it[i].item), str(it[i].rule),
		       (long long)it[i].evidence_count, str(it[i].evidence), str(it[i].answer),
		       str(it[i].note), (long long)it[i].department_id, str(it[i].department_name),
		       str(it[i].deadline), (long long)it[i].rectification_id,
		       (long long)it[i].answered_by, str(it[i].answered_by_name),
		       str(it[i].answered_at));
	return 0;
}

/* Runs one write the table must refuse, in a savepoint rolled back after it. */
static int refused(const char *what, int rc)
{
	printf("%s: %s\n", what, rc == 0 ? "written" : "refused");
	return s->ops->rollback_to(s) != 0 || s->ops->release(s) != 0 ? fail("rollback_to") : 0;
}

int main(int argc, char **argv)
{
	static const char *const codes[] = {"loan", "training", "device"};
	bm_sa_item_row items[3];
	bm_sa_row sa = {0}, *found = NULL, *list = NULL;
	size_t n = 0;
	int rc = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: sa_rows TARGET\n");
		return 2;
	}
	if (bm_store_open_existing(&s, argv[1]) != 0)
		return fail("open");
	bm_arena_init(&a, 0);
	if (s->ops->begin(s) != 0) {
		rc = fail("begin");
		goto done;
	}
	sa = (bm_sa_row){
	        .unit_id = 1, .year = 2024, .started_by = 4, .started_at = "2024-10-09T02:00:00Z"};
	if (s->ops->sa_insert(s, &sa) != 0) {
		rc = fail("sa_insert");
		goto done;
	}
	sa_id = sa.id;
	for (int i = 0; i < 3; i++) {
		items[i] = (bm_sa_item_row){.assessment_id = sa_id,
		                            .position = i + 1,
		                            .item = codes[i],
		                            .rule = i == 0 ? "BORROW-2" : "PERSON-6",
		                            .evidence_count = i,
		                            .evidence = "{\"table\": \"loan\", \"ids\": [1]}"};
		if (s->ops->sa_item_insert(s, &items[i]) != 0) {
			rc = fail("sa_item_insert");
			goto done;
		}
	}
	item0 = items[0].id;
	if ((rc = print_get("started")) != 0 || (rc = print_items()) != 0)
		goto done;
	items[0].answer = "yes";
	items[0].answered_by = 4;
	items[0].answered_at = "2024-10-10T02:00:00Z";
	items[1].answer = "no";
	items[1].note = "培训不足";
	items[1].department_id = 1;
	items[1].deadline = "2024-11-30";
	items[1].answered_by = 4;
	items[1].answered_at = "2024-10-10T03:00:00Z";
	items[2].answer = "na";
	items[2].note = "本单位无涉密设备";
	items[2].answered_by = 4;
	items[2].answered_at = "2024-10-10T04:00:00Z";
	for (int i = 0; i < 3; i++)
		if (s->ops->sa_item_answer(s, &items[i]) != 0) {
			rc = fail("sa_item_answer");
			goto done;
		}
	if ((rc = print_get("answered")) != 0 || (rc = print_items()) != 0)
		goto done;
	if (s->ops->sa_find_year(s, &a, 1, 2024, &found) != 0) {
		rc = fail("sa_find_year");
		goto done;
	}
	print_sa("found 2024", found);
	printf("found 1999: %s\n",
	       s->ops->sa_find_year(s, &a, 1, 1999, &found) == BM_ENOTFOUND ? "none" : "?");
	printf("get unknown: %s\n",
	       s->ops->sa_get(s, &a, sa_id + 1000, &found) == BM_ENOTFOUND ? "none" : "?");
	sa.clerk_signed_by = 4;
	sa.clerk_signed_at = "2024-10-11T02:00:00Z";
	if (s->ops->sa_sign(s, &sa) != 0) {
		rc = fail("sa_sign clerk");
		goto done;
	}
	if ((rc = print_get("clerk signed")) != 0)
		goto done;
	/* INSP-4: once the clerk has signed, the answers are the table's to keep. */
	items[2].answer = "yes";
	if (s->ops->savepoint(s) != 0) {
		rc = fail("savepoint");
		goto done;
	}
	if ((rc = refused("answer after the clerk signed", s->ops->sa_item_answer(s, &items[2]))) !=
	    0)
		goto done;
	sa.leader_signed_by = 8;
	sa.leader_signed_at = "2024-10-12T02:00:00Z";
	if (s->ops->sa_sign(s, &sa) != 0) {
		rc = fail("sa_sign leader");
		goto done;
	}
	if ((rc = print_get("leader signed")) != 0 || (rc = print_items()) != 0)
		goto done;
	sa.leader_signed_at = "2024-10-13T02:00:00Z";
	if (s->ops->savepoint(s) != 0) {
		rc = fail("savepoint");
		goto done;
	}
	if ((rc = refused("signed again", s->ops->sa_sign(s, &sa))) != 0)
		goto done;
	if (s->ops->sa_list(s, &a, 1, &list, &n) != 0) {
		rc = fail("sa_list");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (list[i].year == 2024)
			print_sa("listed", &list[i]);
	printf("listed: %zu in all\n", n);
done:
	s->ops->rollback(s);
	bm_arena_release(&a);
	bm_store_close(s);
	return rc;
}
