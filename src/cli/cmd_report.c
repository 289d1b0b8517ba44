/*
 * cmd_report.c — `baomi report`: the unit's reports to its leadership
 * (ORG-2): the monthly report of what changed, what is overdue and what
 * was found, and the yearly statistics, as text, JSON (each figure with
 * the ids of its records), CSV or an Excel workbook; the records behind
 * one figure (the drill-down, SYS-2: only those the reader may see); and
 * the month's report recorded as delivered to the leadership. The figures
 * are counted and the rules decided in service/report.c.
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
        "  baomi report monthly --month YYYY-MM [--csv | --format csv|xlsx] [--out FILE] [--json]\n"
        "        月报：变化、逾期、发现的问题 / the monthly report: changes, overdue, findings\n"
        "  baomi report yearly --year YYYY [--csv | --format csv|xlsx] [--out FILE] [--json]\n"
        "        年度统计 / the yearly statistics\n"
        "  baomi report records (--month YYYY-MM | --year YYYY) --figure KEY [--json]\n"
        "        某项数字所依据的记录（只列本人可知悉的）/ the records behind one figure\n"
        "        (only those you may see, SYS-2)\n"
        "  baomi report deliver --month YYYY-MM --to PERSON [--on YYYY-MM-DD] [--note TEXT]\n"
        "        登记月报已报送单位领导（保密员）；报告内容及其 SM3 摘要随之固定\n"
        "        / record the month's report delivered to the leadership (clerk); what was\n"
        "        delivered is kept with its SM3 digest\n"
        "  baomi report deliveries [--json]\n"
        "        月报报送记录 / the deliveries recorded\n"
        "\n"
        "每个数字都附有其所依据的记录编号（--json、--csv）；超出知悉范围的记录只计数、\n"
        "不列出（SYS-2）。Every figure carries the ids of the records it counts (--json,\n"
        "--csv); records you may not see are counted, not listed (SYS-2). 保密员和领导可查阅\n"
        "/ read by the clerk and the leadership. 上月月报未在 report.monthly_day 前登记报送\n"
        "时提醒保密员 / the clerk is alerted when last month's report is not recorded as\n"
        "delivered by report.monthly_day.\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_MONTH = 0x2800,
	OPT_YEAR,
	OPT_CSV,
	OPT_FORMAT,
	OPT_OUT,
	OPT_FIGURE,
	OPT_TO,
	OPT_ON,
	OPT_NOTE,
};

static const struct option report_opts[] = {
        {"month", required_argument, NULL, OPT_MONTH},
        {"year", required_argument, NULL, OPT_YEAR},
        {"csv", no_argument, NULL, OPT_CSV},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        {"figure", required_argument, NULL, OPT_FIGURE},
        {"to", required_argument, NULL, OPT_TO},
        {"on", required_argument, NULL, OPT_ON},
        {"note", required_argument, NULL, OPT_NOTE},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct report_args {
	bm_cli_common common;
	const char *month, *year, *format, *out, *figure;
	bm_report_deliver_input deliver;
	bool csv;
	bm_sheet_format sheet;
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
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case OPT_FIGURE: a->figure = optarg; break;
		case OPT_TO: a->deliver.to = optarg; break;
		case OPT_ON: a->deliver.delivered_on = optarg; break;
		case OPT_NOTE: a->deliver.note = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("report", "unknown option for '%s'", sub);
		}
	}
	if (optind < argc)
		return bm_cli_usage("report", "unexpected argument '%s'", argv[optind]);
	if ((strcmp(sub, "monthly") == 0 || strcmp(sub, "deliver") == 0) && !a->month)
		return bm_cli_usage("report", "%s needs --month YYYY-MM", sub);
	if (strcmp(sub, "yearly") == 0 && !a->year)
		return bm_cli_usage("report", "yearly needs --year YYYY");
	if (strcmp(sub, "records") == 0 && (!a->figure || !a->month == !a->year))
		return bm_cli_usage("report", "records needs --figure KEY and --month or --year");
	a->deliver.month = a->month;
	if (strcmp(sub, "monthly") == 0 || strcmp(sub, "yearly") == 0)
		return bm_cli_sheet_opts("report", a->format, a->out, &a->csv, &a->sheet);
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
	if (r->delivery)
		printf("已报送 delivered %s → %s（SM3 %s）\n", r->delivery->delivered_on,
		       r->delivery->recipient_name ? r->delivery->recipient_name : "-",
		       r->delivery->digest);
	else if (r->due_on)
		printf("未登记报送 not recorded as delivered\n");
	for (size_t i = 0; i < r->n_figures; i++) {
		const bm_report_figure *f = &r->figures[i];
		if (strcmp(section, f->section) != 0)
			printf("[%s]\n", section = f->section);
		printf("  %-26s %6lld", f->key, (long long)f->count);
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
	if (r->withheld)
		printf("有 %lld 条记录超出知悉范围，只计数不列出（SYS-2）/ %lld records counted, "
		       "not "
		       "listed (SYS-2)\n",
		       (long long)r->withheld, (long long)r->withheld);
	printf("SM3 %s\n", r->digest ? r->digest : "");
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
		if ((rc = bm_report_sheet(&s->ctx, r, a->sheet, &b)) == 0)
			rc = bm_cli_write_file(a->out, &b);
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

static int do_records(bm_cli_session *s, report_args *a)
{
	bool yearly = a->year != NULL;
	const bm_report_figure *f;
	bm_report *r = NULL;
	json_t *o, *recs;
	size_t i;
	json_t *e;
	int rc;
	if ((rc = bm_svc_report_records(&s->ctx, yearly, yearly ? a->year : a->month, a->figure, &r,
	                                &f)) != 0)
		return rc;
	o = bm_report_records_json(r, f);
	if (s->json) {
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	printf("%s %s：%lld（%s）\n", r->period, f->zh, (long long)f->count, f->table);
	recs = json_object_get(o, "records");
	json_array_foreach(recs, i, e)
	{
		const char *label = json_string_value(json_object_get(e, "label"));
		const char *day = json_string_value(json_object_get(e, "day"));
		printf("  %-8lld %-20s %s\n",
		       (long long)json_integer_value(json_object_get(e, "id")), day ? day : "-",
		       label ? label : "-");
	}
	if (f->withheld)
		printf("  另有 %lld 条超出知悉范围，不列出（SYS-2）/ %lld more not listed "
		       "(SYS-2)\n",
		       (long long)f->withheld, (long long)f->withheld);
	json_decref(o);
	return 0;
}

static void print_delivery(const bm_report_delivery_row *d)
{
	printf("%s  %s → %s  由 by %s  SM3 %s%s%s\n", d->period, d->delivered_on,
	       d->recipient_name ? d->recipient_name : "-",
	       d->delivered_by_name ? d->delivered_by_name : "-", d->digest, d->note ? "  " : "",
	       d->note ? d->note : "");
}

static int do_deliver(bm_cli_session *s, report_args *a)
{
	bm_report_delivery_row *d = NULL;
	int rc;
	if ((rc = bm_svc_report_deliver(&s->ctx, &a->deliver, &d)) != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_report_delivery_to_json(d);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	printf("已登记报送 recorded as delivered: ");
	print_delivery(d);
	return 0;
}

static int do_deliveries(bm_cli_session *s)
{
	bm_report_delivery_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_report_deliveries(&s->ctx, 0, &rows, &n)) != 0)
		return rc;
	if (s->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_report_delivery_to_json(&rows[i]));
		bm_cli_print_items(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		print_delivery(&rows[i]);
	printf("共 %zu 条 / %zu deliveries\n", n, n);
	return 0;
}

int bm_cmd_report(int argc, char **argv)
{
	static const char *const subs[] = {"monthly", "yearly", "records", "deliver", "deliveries"};
	bm_cli_session s;
	report_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("report"), BM_EXIT_USAGE) : bm_cli_help("report");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known = known || strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("report", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("report") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (strcmp(sub, "records") == 0)
			rc = do_records(&s, &a);
		else if (strcmp(sub, "deliver") == 0)
			rc = do_deliver(&s, &a);
		else if (strcmp(sub, "deliveries") == 0)
			rc = do_deliveries(&s);
		else
			rc = do_report(&s, sub, &a);
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
