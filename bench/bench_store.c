/*
 * bench_store.c — what the service layer costs over raw SQLite.
 *
 * Two measurements, each a ratio taken in one run on one machine, so the
 * numbers travel between machines (ARCHITECTURE.md: targets are ratios, not
 * timed assertions):
 *   1. registering N incoming carriers through bm_svc_carrier_register_incoming
 *      (validation, scope, history, audit chain, one synced transaction each)
 *      against N plain INSERTs of the same columns in their own synced
 *      transactions, same pragmas (WAL, synchronous=FULL);
 *   2. a Chinese search over the ledger (2- and 4-character queries, both
 *      through the n-gram index) through bm_svc_carrier_list against a bare LIKE query.
 * Usage: bench_store [N]   (default 2000). Writes to a temporary directory.
 */
#include "common.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

#include "service/service.h"
#include "store/store.h" /* a benchmark may use any layer */
#include "util/timeutil.h"

#define PW "Bench@2026pass"

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static const char *const subjects[] = {
        "关于做好高考试题安全保密工作的通知",
        "保密自查自评工作方案",
        "中考命题人员名单",
        "考试安全应急预案",
        "干部任免审批表",
        "教育经费预算草案",
        "涉密人员年度审查情况报告",
        "党组会议纪要",
};

static void die(const char *what)
{
	const bm_error *e = bm_error_last();
	fprintf(stderr, "bench: %s failed: %s %s\n", what, e->code, e->message_en);
	exit(1);
}

/* A unit with a clerk, a department and a safe, built through the services. */
static void setup_unit(bm_store *s, int64_t now)
{
	bm_arena a;
	bm_ctx ctx;
	bm_person_input clerk = {.username = "clerk", .name = "王秘书", .department = "办公室"};
	bm_department *d;
	bm_person *p;
	bm_place *pl;

	bm_arena_init(&a, 0);
	if (bm_ctx_init(&ctx, s, &a, now, "bench") ||
	    bm_svc_init_unit(&ctx, "基准单位", "sysadmin", "系统管理员", PW))
		die("init");
	if (bm_svc_login(&ctx, "sysadmin", PW) || bm_svc_department_add(&ctx, "办公室", NULL, &d))
		die("department");
	{
		/* SYS-1: the sysadmin files the account, the secadmin approves (init made both). */
		bm_filing_half filed, approved;
		char secret[2 * BM_HALF_SECRET_LEN + 1];
		if (bm_svc_person_add(&ctx, &clerk, &p, &filed) ||
		    bm_svc_login(&ctx, "secadmin", PW) ||
		    bm_svc_account_approve(&ctx, filed.filing_id, &approved))
			die("people");
		snprintf(secret, sizeof(secret), "%s%s", filed.half, approved.half);
		if (bm_svc_login(&ctx, "clerk", secret) ||
		    bm_svc_password_change(&ctx, 0, secret, PW))
			die("first login");
	}
	if (bm_svc_login(&ctx, "secadmin", PW) ||
	    bm_svc_person_grant(&ctx, "clerk", "core", "clerk", "2026-01-05") ||
	    bm_svc_place_add(&ctx, "一号保密柜", "safe", "绝密", NULL, &pl))
		die("grant");
	bm_arena_release(&a);
}

int main(int argc, char **argv)
{
	long n = argc > 1 ? strtol(argv[1], NULL, 10) : 2000;
	char dir[] = "/tmp/baomi-bench-XXXXXX", path[128], raw_path[128];
	int64_t now;
	bm_store *s;
	bm_arena a;
	bm_ctx ctx;
	sqlite3 *raw;
	sqlite3_stmt *st;
	double t0, svc_reg, raw_reg, svc_q2, raw_q2, svc_q4, raw_q4;
	const int rounds = 50;

	if (n < 10 || !mkdtemp(dir))
		return 2;
	snprintf(path, sizeof(path), "%s/svc.db", dir);
	snprintf(raw_path, sizeof(raw_path), "%s/raw.db", dir);
	bm_time_parse("2026-11-23T02:00:00Z", &now);
	if (bm_store_open(&s, path))
		die("open");
	setup_unit(s, now);

	/* 1. registration through the services */
	bm_arena_init(&a, 0);
	if (bm_ctx_init(&ctx, s, &a, now, "bench") || bm_svc_login(&ctx, "clerk", PW))
		die("login");
	t0 = seconds();
	for (long i = 0; i < n; i++) {
		bm_arena scratch;
		bm_carrier *c;
		bm_person *actor = ctx.actor;
		bm_carrier_input in = {.title = subjects[i % 8],
		                       .level = i % 3 ? "秘密" : "机密",
		                       .place = "一号保密柜",
		                       .scope = "办公室",
		                       .pages = "12"};
		bm_arena_init(&scratch, 0);
		ctx.arena = &scratch;
		if (bm_svc_carrier_register_incoming(&ctx, &in, &c))
			die("register");
		ctx.actor = actor;
		bm_arena_release(&scratch);
	}
	svc_reg = seconds() - t0;
	ctx.arena = &a;

	/* the same rows, bare */
	if (sqlite3_open(raw_path, &raw) != SQLITE_OK)
		die("raw open");
	sqlite3_exec(raw,
	             "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
	             "CREATE TABLE carrier(id INTEGER PRIMARY KEY, title TEXT, level INTEGER,"
	             " pages INTEGER, place_id INTEGER, custodian_id INTEGER, registered_at TEXT);",
	             NULL, NULL, NULL);
	sqlite3_prepare_v2(raw,
	                   "INSERT INTO carrier(title, level, pages, place_id, custodian_id,"
	                   " registered_at) VALUES (?,?,12,1,1,'2026-11-23T02:00:00Z')",
	                   -1, &st, NULL);
	t0 = seconds();
	for (long i = 0; i < n; i++) {
		sqlite3_exec(raw, "BEGIN IMMEDIATE", NULL, NULL, NULL);
		sqlite3_reset(st);
		sqlite3_bind_text(st, 1, subjects[i % 8], -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, i % 3 ? 2 : 3);
		sqlite3_step(st);
		sqlite3_exec(raw, "COMMIT", NULL, NULL, NULL);
	}
	raw_reg = seconds() - t0;
	sqlite3_finalize(st);

	/* 2. search: 2- and 4-character queries (n-gram index; raw side LIKE) */
	{
		const char *queries[2] = {"名单", "应急预案"};
		double *svc_t[2] = {&svc_q2, &svc_q4}, *raw_t[2] = {&raw_q2, &raw_q4};
		for (int q = 0; q < 2; q++) {
			char like[64];
			t0 = seconds();
			for (int r = 0; r < rounds; r++) {
				bm_arena scratch;
				bm_carrier_filter f = {.level = -1,
				                       .status = -1,
				                       .kind = -1,
				                       .origin = -1,
				                       .query = queries[q],
				                       .limit = 50};
				bm_carrier_page page;
				bm_person *actor = ctx.actor;
				bm_arena_init(&scratch, 0);
				ctx.arena = &scratch;
				if (bm_svc_carrier_list(&ctx, &f, &page))
					die("list");
				ctx.actor = actor;
				bm_arena_release(&scratch);
			}
			*svc_t[q] = seconds() - t0;
			ctx.arena = &a;
			snprintf(like, sizeof(like), "%%%s%%", queries[q]);
			sqlite3_prepare_v2(raw, "SELECT count(*) FROM carrier WHERE title LIKE ?",
			                   -1, &st, NULL);
			t0 = seconds();
			for (int r = 0; r < rounds; r++) {
				sqlite3_stmt *rows;
				sqlite3_reset(st);
				sqlite3_bind_text(st, 1, like, -1, SQLITE_STATIC);
				sqlite3_step(st);
				sqlite3_prepare_v2(
				        raw,
				        "SELECT id, title, level FROM carrier WHERE title LIKE ?"
				        " ORDER BY id LIMIT 50",
				        -1, &rows, NULL);
				sqlite3_bind_text(rows, 1, like, -1, SQLITE_STATIC);
				while (sqlite3_step(rows) == SQLITE_ROW)
					;
				sqlite3_finalize(rows);
			}
			*raw_t[q] = seconds() - t0;
			sqlite3_finalize(st);
		}
	}

	printf("baomi bench_store, %ld carriers, %d search rounds\n", n, rounds);
	printf("register: service %.1f/s, raw SQLite %.1f/s, ratio %.2fx\n", n / svc_reg,
	       n / raw_reg, svc_reg / raw_reg);
	printf("search 2 chars (n-gram vs LIKE): service %.2f ms, raw %.2f ms, ratio %.2fx\n",
	       svc_q2 * 1000 / rounds, raw_q2 * 1000 / rounds, svc_q2 / raw_q2);
	printf("search 4 chars (n-gram vs LIKE): service %.2f ms, raw %.2f ms, ratio %.2fx\n",
	       svc_q4 * 1000 / rounds, raw_q4 * 1000 / rounds, svc_q4 / raw_q4);

	sqlite3_close(raw);
	bm_store_close(s);
	bm_arena_release(&a);
	{
		char f[160];
		const char *names[] = {"svc.db", "svc.db-wal", "svc.db-shm",
		                       "raw.db", "raw.db-wal", "raw.db-shm"};
		for (size_t i = 0; i < BM_ARRAY_LEN(names); i++) {
			snprintf(f, sizeof(f), "%s/%s", dir, names[i]);
			unlink(f);
		}
		rmdir(dir);
	}
	return 0;
}
