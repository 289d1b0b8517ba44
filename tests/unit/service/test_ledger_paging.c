/*
 * test_ledger_paging.c — the ledger list's keyset paging (`after`, `next`)
 * and its totals and stats (the tally of migration 7) through
 * bm_svc_carrier_list / bm_svc_carrier_stats, against offsets and against
 * counts taken straight from the database.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <sqlite3.h>

#include "fixture.h"
#include "service/service_int.h"

#define N_ROWS 40

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

static svc_fx *F(void)
{
	return svc_fx_get();
}

/* One statement straight on the fixture's database: its single integer. */
static int64_t direct(const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	int64_t v = -1;
	assert_int_equal(sqlite3_open(F()->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Ties on purpose: four titles, three levels, in bulk; a few unscoped (SYS-2 NO_SCOPE). */
static void ensure_rows(void)
{
	static bool done;
	static const char *const titles[] = {"同名文件", "同名文件", "另一文件", "乙类"};
	static const char *const levels[] = {"秘密", "机密", "内部"};
	bm_carrier_input in[N_ROWS];
	bm_ctx ctx;
	if (done)
		return;
	memset(in, 0, sizeof(in));
	for (int i = 0; i < N_ROWS; i++) {
		in[i].title = titles[i % 4];
		in[i].level = levels[i % 3];
		in[i].place = "机要室保密柜";
		in[i].scope = i % 3 == 2 && i % 2 ? NULL : i % 5 ? "dept:办公室" : "dept:科技处";
	}
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	if (bm_svc_carrier_register_bulk(&ctx, in, N_ROWS, NULL, NULL) != 0)
		fail_msg("bulk: %s %s", bm_error_last()->code, bm_error_last()->message_en);
	done = true;
}

static bm_carrier_filter filter(const char *sort, int limit)
{
	bm_carrier_filter f;
	memset(&f, 0, sizeof(f));
	f.level = f.status = f.kind = f.origin = -1;
	f.sort = sort;
	f.limit = limit;
	return f;
}

static void list(bm_person *actor, bm_carrier_filter *f, bm_carrier_page *page)
{
	bm_ctx ctx;
	svc_fx_ctx(&ctx, &t_arena, actor);
	if (bm_svc_carrier_list(&ctx, f, page) != 0)
		fail_msg("list: %s %s", bm_error_last()->code, bm_error_last()->message_en);
}

/* Walks every page by `next` and by offset; the two give the same ids in the same order. */
static void walk(bm_person *actor, const char *sort)
{
	int64_t by_offset[200], by_keyset[200];
	size_t n_offset = 0, n_keyset = 0;
	int64_t after = 0, total = -1;
	for (int off = 0;; off += 7) {
		bm_carrier_filter f = filter(sort, 7);
		bm_carrier_page p;
		f.offset = off;
		list(actor, &f, &p);
		total = p.total;
		for (size_t i = 0; i < p.count; i++)
			by_offset[n_offset++] = p.items[i].id;
		if (p.count < 7)
			break;
	}
	for (int pages = 0; pages < 100; pages++) {
		bm_carrier_filter f = filter(sort, 7);
		bm_carrier_page p;
		f.after = after;
		list(actor, &f, &p);
		assert_int_equal(p.total, total); /* the same total on every page */
		for (size_t i = 0; i < p.count; i++)
			by_keyset[n_keyset++] = p.items[i].id;
		if (!p.next) {
			assert_true(p.count <= 7);
			break;
		}
		assert_int_equal(p.count, 7);
		assert_int_equal(p.next, p.items[6].id);
		after = p.next;
	}
	assert_int_equal(n_keyset, n_offset);
	assert_int_equal((int64_t)n_offset, total);
	for (size_t i = 0; i < n_offset; i++)
		assert_int_equal(by_keyset[i], by_offset[i]);
}

static void sys_2_keyset_pages_equal_offset_pages_in_every_order(void **state)
{
	static const char *const sorts[] = {NULL,          "id",    "-id",    "level",
	                                    "-level",      "title", "-title", "registered",
	                                    "-registered", "status"};
	(void)state;
	ensure_rows();
	for (size_t i = 0; i < sizeof(sorts) / sizeof(sorts[0]); i++) {
		walk(F()->clerk, sorts[i]);
		walk(F()->li, sorts[i]);
	}
}

/* `after` with `offset`: the offset counts from the keyset position. */
static void keyset_then_offset_skips_from_the_position(void **state)
{
	bm_carrier_filter f = filter("title", 5), g = filter("title", 5);
	bm_carrier_page a, b;
	(void)state;
	ensure_rows();
	f.offset = 10;
	list(F()->clerk, &f, &a);
	g.after = a.items[0].id;
	g.offset = 3;
	list(F()->clerk, &g, &b);
	f.offset = 14;
	list(F()->clerk, &f, &a);
	assert_int_equal(b.count, a.count);
	for (size_t i = 0; i < a.count; i++)
		assert_int_equal(b.items[i].id, a.items[i].id);
}

static void keyset_after_unknown_carrier_not_found(void **state)
{
	bm_carrier_filter f = filter(NULL, 5);
	bm_carrier_page p;
	bm_ctx ctx;
	(void)state;
	f.after = 999999;
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_list(&ctx, &f, &p), BM_ENOTFOUND);
}

/* The clerk's total and stats come from the tally; they equal a count of the rows. */
static void sys_2_totals_and_stats_equal_a_direct_count(void **state)
{
	bm_carrier_filter f = filter(NULL, 5);
	bm_carrier_page p;
	bm_carrier_stats st;
	bm_ctx ctx;
	(void)state;
	ensure_rows();
	/* A status change moves a carrier between the tally's rows (trigger). */
	direct("UPDATE carrier SET status = 'lent' WHERE id = (SELECT max(id) FROM carrier)");
	direct("UPDATE carrier SET level = 4 WHERE id = (SELECT min(id) FROM carrier)");
	list(F()->clerk, &f, &p);
	assert_int_equal(p.total, direct("SELECT count(*) FROM carrier"));
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	assert_int_equal(bm_svc_carrier_stats(&ctx, &st), 0);
	assert_int_equal(st.total, p.total);
	assert_int_equal(st.by_status[BM_STATUS_LENT],
	                 direct("SELECT count(*) FROM carrier WHERE status = 'lent'"));
	assert_int_equal(st.by_level[BM_LEVEL_TOP_SECRET],
	                 direct("SELECT count(*) FROM carrier WHERE level = 4"));
	assert_int_equal(st.by_level[BM_LEVEL_CONFIDENTIAL],
	                 direct("SELECT count(*) FROM carrier WHERE level = 2"));
	/* A level or status filter is answered by the tally too. */
	f.status = BM_STATUS_LENT;
	list(F()->clerk, &f, &p);
	assert_int_equal(p.total, st.by_status[BM_STATUS_LENT]);
	assert_int_equal(p.count, (size_t)p.total);
	/* li (机密, 科技处) is not a clerk: counted row by row, the same as the policy says. */
	f = filter(NULL, 1000);
	list(F()->li, &f, &p);
	assert_int_equal(p.total, (int64_t)p.count);
	assert_int_equal(
	        p.total,
	        direct("SELECT count(*) FROM carrier c WHERE c.level <= 3 AND (c.custodian_id = "
	               "(SELECT id FROM person WHERE username = 'li') OR NOT EXISTS (SELECT 1 FROM "
	               "carrier_scope x WHERE x.carrier_id = c.id) OR EXISTS (SELECT 1 FROM "
	               "carrier_scope x WHERE x.carrier_id = c.id AND (x.person_id = (SELECT id "
	               "FROM person WHERE username = 'li') OR x.department_id = (SELECT "
	               "department_id FROM person WHERE username = 'li'))))"));
}

/* One statement straight on the fixture's database: its integers, in order, into out. */
static size_t direct_ids(const char *sql, int64_t *out, size_t cap)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	size_t n = 0;
	assert_int_equal(sqlite3_open(F()->path, &db), SQLITE_OK);
	sqlite3_busy_timeout(db, 5000);
	assert_int_equal(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		assert_true(n < cap);
		out[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	return n;
}

#define PREFIX_ROWS 8000
#define PREFIX_Q    "教体财〔2026"
#define LIKE_Q      "(c.title LIKE '%" PREFIX_Q "%' OR coalesce(c.doc_number, '') LIKE '%" PREFIX_Q "%')"
/* SYS-2 for li (机密, 科技处), as REGULATIONS.md states it, without the holder term (no loans). */
#define LI_SEES                                                                                    \
	"c.level <= 3 AND (c.custodian_id = (SELECT id FROM person WHERE username = 'li')"         \
	" OR NOT EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id)"                 \
	" OR EXISTS (SELECT 1 FROM carrier_scope x WHERE x.carrier_id = c.id"                      \
	" AND (x.person_id = (SELECT id FROM person WHERE username = 'li')"                        \
	" OR x.department_id = (SELECT department_id FROM person WHERE username = 'li'))))"

/* Every page of the search `q` in `sort` by offset and by `next`: each the ids `want` lists. */
static void search_pages(bm_person *actor, const char *q, const char *sort, const int64_t *want,
                         size_t n_want)
{
	static int64_t got[PREFIX_ROWS + 100];
	size_t n = 0;
	int64_t after = 0;
	for (int off = 0;; off += 50) {
		bm_carrier_filter f = filter(sort, 50);
		bm_carrier_page p;
		f.query = q;
		f.offset = off;
		list(actor, &f, &p);
		assert_int_equal(p.total, (int64_t)n_want);
		for (size_t i = 0; i < p.count; i++) {
			assert_true(n < n_want);
			assert_int_equal(p.items[i].id, want[n++]);
		}
		if (p.count < 50)
			break;
	}
	assert_int_equal(n, n_want);
	n = 0;
	for (;;) {
		bm_carrier_filter f = filter(sort, 50);
		bm_carrier_page p;
		f.query = q;
		f.after = after;
		list(actor, &f, &p);
		assert_int_equal(p.total, (int64_t)n_want); /* the same total on every page */
		for (size_t i = 0; i < p.count; i++) {
			assert_true(n < n_want);
			got[n++] = p.items[i].id;
		}
		if (!p.next)
			break;
		assert_int_equal(p.count, 50);
		assert_int_equal(p.next, p.items[49].id);
		after = p.next;
	}
	assert_int_equal(n, n_want);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(got[i], want[i]);
}

/*
 * A document-number prefix that thousands of numbers start with is counted
 * from the numbers' index and the walk of its rarest bigram (sqlite.c,
 * prefix_list); its matches elsewhere (in a title, inside a number, hidden
 * from li) count as the phrase's do: totals and pages equal a direct count
 * (SYS-2), for the clerk and for li, in both orders, by offset and by cursor.
 */
static void sys_2_doc_number_prefix_search_equals_a_direct_count(void **state)
{
	static const char *const levels[] = {"内部", "秘密", "机密", "绝密"};
	static const char *const scopes[] = {"dept:办公室", "dept:科技处", "dept:财务处",
	                                     "dept:科技处"};
	static int64_t want[PREFIX_ROWS + 100];
	static bm_carrier_input in[PREFIX_ROWS + 5];
	char *docs = calloc(PREFIX_ROWS, 40);
	size_t n_want;
	bm_ctx ctx;
	(void)state;
	ensure_rows();
	assert_non_null(docs);
	memset(in, 0, sizeof(in));
	for (int i = 0; i < PREFIX_ROWS; i++) {
		snprintf(docs + i * 40, 40, "教体财〔%d〕%d号", i % 7 ? 2026 : 2025, i + 1);
		in[i].title = i % 2 ? "经费预算说明" : "体育工作要点";
		in[i].doc_number = docs + i * 40;
		in[i].level = levels[i % 4];
		in[i].place = "机要室保密柜";
		in[i].scope =
		        i % 4 == 0 && i % 3 == 0 ? NULL : scopes[i % 4]; /* 内部: may go unscoped */
	}
	/* The prefix elsewhere: in a title, inside a number (seen and hidden), near misses. */
	in[PREFIX_ROWS] = (bm_carrier_input){.title = "关于转发教体财〔2026〕3号文件的通知",
	                                     .doc_number = "保密〔2026〕1号",
	                                     .level = "秘密",
	                                     .scope = "dept:科技处"};
	in[PREFIX_ROWS + 1] = (bm_carrier_input){
	        .title = "经费说明", .doc_number = "示教体财〔2026〕10号", .level = "内部"};
	in[PREFIX_ROWS + 2] = (bm_carrier_input){.title = "经费说明",
	                                         .doc_number = "示教体财〔2026〕11号",
	                                         .level = "秘密",
	                                         .scope = "dept:办公室"};
	in[PREFIX_ROWS + 3] = (bm_carrier_input){.title = "教体财〔2027〕的体财〔2026",
	                                         .doc_number = "体财〔2026〕2号",
	                                         .level = "内部"};
	in[PREFIX_ROWS + 4] = (bm_carrier_input){
	        .title = "教体财 〔2026〕", .doc_number = "教体财〔2O26〕3号", .level = "内部"};
	for (int i = PREFIX_ROWS; i < PREFIX_ROWS + 5; i++)
		in[i].place = "机要室保密柜";
	svc_fx_ctx(&ctx, &t_arena, F()->clerk);
	if (bm_svc_carrier_register_bulk(&ctx, in, PREFIX_ROWS + 5, NULL, NULL) != 0)
		fail_msg("bulk: %s %s", bm_error_last()->code, bm_error_last()->message_en);
	free(docs);

	n_want = direct_ids("SELECT id FROM carrier c WHERE " LIKE_Q " ORDER BY id", want,
	                    PREFIX_ROWS + 100);
	assert_true(n_want > 2048 && n_want < PREFIX_ROWS); /* 2026's numbers, and two more */
	search_pages(F()->clerk, PREFIX_Q, "id", want, n_want);
	n_want = direct_ids("SELECT id FROM carrier c WHERE " LIKE_Q " ORDER BY id DESC", want,
	                    PREFIX_ROWS + 100);
	search_pages(F()->clerk, PREFIX_Q, "-id", want, n_want);

	n_want = direct_ids("SELECT id FROM carrier c WHERE " LIKE_Q " AND " LI_SEES " ORDER BY id",
	                    want, PREFIX_ROWS + 100);
	assert_true(n_want > 2048 && n_want < 4000); /* li sees some, not all */
	search_pages(F()->li, PREFIX_Q, "id", want, n_want);
	n_want = direct_ids("SELECT id FROM carrier c WHERE " LIKE_Q " AND " LI_SEES
	                    " ORDER BY id DESC",
	                    want, PREFIX_ROWS + 100);
	search_pages(F()->li, PREFIX_Q, "-id", want, n_want);
	/* The rows outside the numbers' prefix: the title's, and the number's inside seen by li. */
	assert_int_equal(direct("SELECT count(*) FROM carrier c WHERE " LIKE_Q " AND NOT"
	                        " coalesce(c.doc_number, '') LIKE '" PREFIX_Q "%'"),
	                 3);
}

#define T(fn) cmocka_unit_test_setup_teardown(fn, t_setup, t_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
	        T(sys_2_keyset_pages_equal_offset_pages_in_every_order),
	        T(keyset_then_offset_skips_from_the_position),
	        T(keyset_after_unknown_carrier_not_found),
	        T(sys_2_totals_and_stats_equal_a_direct_count),
	        T(sys_2_doc_number_prefix_search_equals_a_direct_count),
	};
	return cmocka_run_group_tests_name("service_ledger_paging", tests, svc_fx_group_setup,
	                                   svc_fx_group_teardown);
}
