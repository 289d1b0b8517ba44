/*
 * cmd_report.c — `baomi report`: the unit's reports to its leadership
 * (ORG-2): the monthly report of what changed, what is overdue and what
 * was found, and the yearly statistics, as text, JSON (each figure with
 * the ids of its records) or CSV. The figures are counted in
 * service/report.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/report.h"

const char bm_help_report[] =
        "baomi report — 保密工作报告 / the unit's reports to its leadership (ORG-2)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi report monthly --month YYYY-MM [--csv] [--json]\n"
        "        月报：变化、逾期、发现的问题 / the monthly report: changes, overdue, findings\n"
        "  baomi report yearly --year YYYY [--csv] [--json]\n"
        "        年度统计 / the yearly statistics\n"
        "\n"
        "每个数字都附有其所依据的记录编号（--json、--csv）。Every figure carries the ids of\n"
        "the records it counts (--json, --csv). 保密员和领导可查阅 / read by the clerk and\n"
        "the leadership.\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 5 被拒绝 refused.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_MONTH = 0x2800,
	OPT_YEAR,
	OPT_CSV,
};

static const struct option report_opts[] = {
        {"month", required_argument, NULL, OPT_MONTH},
        {"year", required_argument, NULL, OPT_YEAR},
        {"csv", no_argument, NULL, OPT_CSV},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct report_args {
	bm_cli_common common;
	const char *month, *year;
	bool csv;
} report_args;

static int parse_args(const char *sub, int argc, char **argv, report_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", report_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_MONTH: a->month = optarg; break;
		case OPT_YEAR: a->year = optarg; break;
		case OPT_CSV: a->csv = true; break;
		case 'h': return 1;
		default: return bm_cli_usage("report", "unknown option for '%s'", sub);
		}
	}
	if (optind < argc)
		return bm_cli_usage("report", "unexpected argument '%s'", argv[optind]);
	if (strcmp(sub, "monthly") == 0 && !a->month)
		return bm_cli_usage("report", "monthly needs --month YYYY-MM");
	if (strcmp(sub, "yearly") == 0 && !a->year)
		return bm_cli_usage("report", "yearly needs --year YYYY");
	return 0;
}

static void print_text(const bm_report *r)
{
	const char *section = "";
	printf("%s %s %s（%s 至 %s，截至 %s）\n", r->unit_name ? r->unit_name : "",
	       strcmp(r->kind, "yearly") == 0 ? "保密工作年度统计" : "保密工作月报", r->period,
	       r->from_day, r->to_day, r->as_of);
	if (r->due_on)
		printf("报送期限 due to the leadership by %s\n", r->due_on);
	for (size_t i = 0; i < r->n_figures; i++) {
		const bm_report_figure *f = &r->figures[i];
		if (strcmp(section, f->section) != 0)
			printf("[%s]\n", section = f->section);
		printf("  %-24s %6lld", f->key, (long long)f->count);
		if (f->by_level)
			for (int k = 0; k < BM_LEVEL_COUNT; k++)
				if (f->levels[k])
					printf("  %s %lld", bm_level_names[k].zh,
					       (long long)f->levels[k]);
		for (size_t k = 0; k < f->n_subs; k++)
			printf("  %s %lld", f->subs[k].code, (long long)f->subs[k].count);
		if (strcmp(f->key, "trainings") == 0)
			printf("  学时 hours %lld.%lld", (long long)(f->amount / 10),
			       (long long)(f->amount % 10));
		printf("  %s / %s\n", f->zh, f->en);
	}
}

static int do_report(bm_cli_session *s, const char *sub, report_args *a)
{
	bool yearly = strcmp(sub, "yearly") == 0;
	bm_report *r = NULL;
	int rc;
	if ((rc = bm_svc_report_make(&s->ctx, yearly, yearly ? a->year : a->month, &r)) != 0)
		return rc;
	if (a->csv) {
		bm_buf b;
		bm_buf_init(&b, 64u << 20);
		if ((rc = bm_report_csv(r, &b)) == 0)
			fwrite(b.ptr, 1, b.len, stdout);
		bm_buf_release(&b);
		return rc;
	}
	if (s->json) {
		json_t *o = bm_report_to_json(r);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	print_text(r);
	return 0;
}

int bm_cmd_report(int argc, char **argv)
{
	bm_cli_session s;
	report_args a;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("report"), BM_EXIT_USAGE) : bm_cli_help("report");
	sub = argv[1];
	if (strcmp(sub, "monthly") != 0 && strcmp(sub, "yearly") != 0)
		return bm_cli_usage("report", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("report") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0)
		rc = do_report(&s, sub, &a);
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
