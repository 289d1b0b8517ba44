/*
 * bench_scale.c — builds a large ledger for `make bench-scale` through the
 * service layer's bulk path (bm_svc_carrier_register_bulk, the path an
 * import takes), on a database `baomi demo` made.
 *
 * Usage: bench_scale DB N [BATCH]
 *   Adds carriers until the ledger holds N, in transactions of BATCH rows
 *   (default 5000), then lends some out through the ordinary use cases
 *   (request, approvals, issue). The mix is fixed by a seeded generator:
 *   levels 非密 5% / 内部 25% / 秘密 45% / 机密 20% / 绝密 5%; kinds mostly
 *   paper, media in the IT centre (never 绝密: DEV-4); six departments of
 *   unequal size; a knowledge scope of the owning department, sometimes
 *   with a named person, sometimes a named person of another department
 *   (below 机密 only: a member may be of general class, PERSON-1), a few
 *   unclassified carriers with none; document numbers per department and
 *   year with serial copies. Every row is audited, so the chain grows with
 *   the ledger. Prints the rate; bench/scale.py measures over HTTP.
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "service/service.h"
#include "store/store.h" /* a benchmark may use any layer */
#include "util/timeutil.h"

#define DEMO_PW "Baomi@2026demo"

static double seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what)
{
	const bm_error *e = bm_error_last();
	fprintf(stderr, "bench_scale: %s failed: %s %s %s\n", what, e->code, e->rule,
	        e->message_en);
	exit(1);
}

/* xorshift64*: the same ledger on every run. */
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;
static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (unsigned)((rng_state * 2685821657736338717ull) >> 33) % n;
}

static const struct dept {
	const char *name, *abbr, *safe, *member;
	unsigned weight;
} depts[] = {
        {"办公室", "办", "机要室保密柜（二号）", "zhouwei", 30},
        {"人事科", "人", "人事科保密柜", "guoyang", 15},
        {"财务科", "财", "财务科保密柜", "zhengqiang", 15},
        {"基础教育科", "基", "基础教育科保密柜", "hulin", 10},
        {"安全保卫科", "保", "安全保卫科保密柜", "xujun", 15},
        {"信息中心", "信", "信息中心涉密介质柜", "heping", 15},
};

static const char *const subjects[] = {
        "高考试题安全保密工作", "中考命题人员名单", "考试安全应急预案", "干部任免审批",
        "教育经费预算草案",     "涉密人员年度审查", "党组会议纪要",     "保密自查自评工作方案",
        "校园安全专项整治",     "教师招聘考试试卷", "学业水平考试组织", "财务审计整改",
        "网络安全等级保护",     "信息系统密码应用", "重大活动安保方案", "招生计划分配",
        "督导评估报告",         "人事档案专项审核", "年度工作要点",     "国家教育考试考务",
        "机要文件清退",         "保密技术检查",     "涉密载体销毁",     "突发事件处置",
};
static const char *const genres[] = {"通知", "方案", "报告", "请示", "批复", "意见",
                                     "纪要", "函",   "名单", "预案", "汇编", "记录"};
static const char *const ascii_tags[] = {"",       "",     "", "", "(GB/T 22239)", "(ISO 27001)",
                                         "(IPv6)", "(PDF)"};

/* Fills `in` for row `i` of the ledger; strings in `a`. */
static void make_row(bm_arena *a, long i, bm_carrier_input *in)
{
	static const char *const level_of[] = {"非密", "内部", "秘密", "机密", "绝密"};
	static const unsigned level_weight[] = {5, 25, 45, 20, 5};
	static const char *const media[] = {"usb", "optical_disc", "removable_disk", "hard_disk"};
	unsigned w = rnd(100), acc = 0, lv = 0, d = 0, m;
	const struct dept *dp;
	bool medium;
	unsigned year = 2020 + (unsigned)(i % 7), subject = rnd(BM_ARRAY_LEN(subjects));

	for (lv = 0; lv < 5 && w >= (acc += level_weight[lv]); lv++)
		;
	w = rnd(100);
	for (acc = 0; d < BM_ARRAY_LEN(depts) && w >= (acc += depts[d].weight); d++)
		;
	dp = &depts[d];
	memset(in, 0, sizeof(*in));
	in->level = level_of[lv];
	in->department = dp->name;
	in->title = bm_arena_printf(a, "%s关于%s的%s%s", dp->name, subjects[subject],
	                            genres[rnd(BM_ARRAY_LEN(genres))],
	                            ascii_tags[rnd(BM_ARRAY_LEN(ascii_tags))]);
	if (rnd(10)) {
		/* One document number per three rows, serial copies 1..3 (REG-1). */
		in->doc_number = bm_arena_printf(a, "教体%s〔%u〕%ld号", dp->abbr, year, i / 3 + 1);
		in->serial_number = bm_arena_printf(a, "%ld", i % 3 + 1);
	}
	/* DEV-4: no 绝密 on electronic media (the draws stay as they were for the rest). */
	medium = d == 5 || rnd(20) == 0;
	m = medium ? rnd(4) : 0;
	in->kind = medium && lv < 4 ? media[m] : "paper";
	in->pages = bm_arena_printf(a, "%u", 1 + rnd(60));
	/* KEEP-1: 绝密 in the top safe, 机密 in a safe that holds it, the rest in the department.
	 */
	if (lv == 4)
		in->place = "机要室保密柜（一号）";
	else if (lv == 3)
		in->place = (d == 2) ? "机要室保密柜（二号）" : dp->safe;
	else if (lv == 2)
		in->place = dp->safe;
	else if (lv == 1)
		in->place = "档案室文件柜";
	/* LEVEL-2: who may know it. */
	w = rnd(100);
	if (lv <= 1 && w < 3)
		in->scope = NULL;
	else if (w < 85 || lv >= 3) /* PERSON-1: a named member may be of general class */
		in->scope = bm_arena_printf(a, "dept:%s", dp->name);
	else if (w < 95)
		in->scope = bm_arena_printf(a, "dept:%s, %s", dp->name, dp->member);
	else
		in->scope = bm_arena_printf(a, "%s", depts[(d + 1) % BM_ARRAY_LEN(depts)].member);
}

static bm_person *login(bm_ctx *ctx, const char *user)
{
	if (bm_svc_login(ctx, user, DEMO_PW))
		die(user);
	return ctx->actor;
}

static void build(bm_store *s, long target, long batch)
{
	bm_arena a;
	bm_ctx ctx;
	bm_carrier_stats st;
	bm_person *clerk;
	long have, i = 0;
	double t0;

	bm_arena_init(&a, 0);
	if (bm_ctx_init(&ctx, s, &a, bm_time_now(), "bench"))
		die("context");
	clerk = login(&ctx, "clerk");
	if (bm_svc_carrier_stats(&ctx, &st))
		die("stats");
	have = (long)st.total;
	t0 = seconds();
	while (have + i < target) {
		long n = target - have - i < batch ? target - have - i : batch;
		bm_arena scratch;
		bm_carrier_input *rows;
		bm_arena_init(&scratch, 0);
		rows = bm_arena_alloc(&scratch, (size_t)n * sizeof(*rows));
		for (long k = 0; k < n; k++)
			make_row(&scratch, have + i + k, &rows[k]);
		ctx.arena = &scratch;
		ctx.now = bm_time_now();
		if (bm_svc_carrier_register_bulk(&ctx, rows, (size_t)n, NULL, NULL))
			die("bulk registration");
		ctx.actor = clerk;
		ctx.arena = &a;
		bm_arena_release(&scratch);
		i += n;
		if ((i / batch) % 20 == 0 || have + i == target)
			fprintf(stderr, "  %ld carriers, %.0f/s\n", have + i,
			        (double)i / (seconds() - t0));
	}
	printf("built %ld carriers through the bulk path in %.1f s (%.0f rows/s, %ld per "
	       "transaction)\n",
	       i, seconds() - t0, i ? (double)i / (seconds() - t0) : 0.0, batch);
	bm_arena_release(&a);
}

/* Loans out: a borrower requests, the chain approves, the clerk issues (BORROW-*). */
static void lend(bm_store *s, long loans)
{
	static const char *const borrowers[] = {"staff", "hulin", "guoyang", "heping"};
	static const char *const approvers[] = {"huangmin", "wufang", "majie",
	                                        "zhouwei",  "leader", "principal"};
	bm_person *who[BM_ARRAY_LEN(borrowers)], *appr[BM_ARRAY_LEN(approvers)], *clerk;
	bm_arena a;
	bm_ctx ctx;
	long made = 0, tried = 0;
	double t0 = seconds();

	bm_arena_init(&a, 0);
	if (bm_ctx_init(&ctx, s, &a, bm_time_now(), "bench"))
		die("context");
	clerk = login(&ctx, "clerk");
	for (size_t k = 0; k < BM_ARRAY_LEN(borrowers); k++)
		who[k] = login(&ctx, borrowers[k]);
	for (size_t k = 0; k < BM_ARRAY_LEN(approvers); k++)
		appr[k] = login(&ctx, approvers[k]);
	while (made < loans && tried < loans * 20) {
		size_t b = (size_t)(tried % (long)BM_ARRAY_LEN(borrowers));
		bm_arena scratch;
		bm_carrier_filter f = {.level = 2, .status = 0, .kind = -1, .origin = -1};
		bm_carrier_page page;
		bm_request_row *req;
		int64_t id;
		bm_request_input in = {.op = "borrow", .n_carriers = 1, .reason = "工作需要"};

		tried++;
		bm_arena_init(&scratch, 0);
		ctx.arena = &scratch;
		ctx.actor = who[b];
		f.limit = 1;
		f.offset = (int)(tried / (long)BM_ARRAY_LEN(borrowers));
		if (bm_svc_carrier_list(&ctx, &f, &page) || page.count == 0)
			goto next;
		id = page.items[0].id;
		in.carrier_ids = &id;
		ctx.actor = who[b];
		if (bm_svc_request_create(&ctx, &in, &req))
			goto next;
		for (int step = 0; step < 4; step++)
			for (size_t k = 0; k < BM_ARRAY_LEN(approvers); k++) {
				ctx.actor = appr[k];
				if (bm_svc_request_decide(&ctx, req->id, true, "同意") == 0)
					break;
			}
		ctx.actor = clerk;
		/* REG-1: the borrower confirms with their own password (every demo account's). */
		if (bm_svc_issue(&ctx, req->id, id, &(bm_svc_receipt){.password = DEMO_PW}, NULL,
		                 NULL) == 0)
			made++;
	next:
		ctx.arena = &a;
		bm_arena_release(&scratch);
	}
	printf("lent %ld carriers out (%ld tried) in %.1f s\n", made, tried, seconds() - t0);
	bm_arena_release(&a);
}

int main(int argc, char **argv)
{
	bm_store *s;
	long target, batch, loans;

	if (argc < 3) {
		fprintf(stderr, "usage: bench_scale DB N [BATCH]\n");
		return 2;
	}
	target = strtol(argv[2], NULL, 10);
	batch = argc > 3 ? strtol(argv[3], NULL, 10) : 5000;
	if (target <= 0 || batch <= 0)
		return 2;
	if (bm_store_open(&s, argv[1]))
		die("open");
	build(s, target, batch);
	loans = target / 1000 < 20 ? 20 : target / 1000 > 300 ? 300 : target / 1000;
	lend(s, loans);
	bm_store_close(s);
	return 0;
}
