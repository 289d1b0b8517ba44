/*
 * cmd_inspection.c — `baomi inspection`: inspections (保密检查, INSP-1) and
 * the rectification notices their findings become (整改通知书, INSP-2):
 * record an inspection, read the calendar, turn a finding into a notice,
 * report back, follow up (close or reopen); list, show. The rules live in
 * policy/inspection.c, the use cases in service/inspection.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/inspection.h"

const char bm_help_inspection[] =
        "baomi inspection — 保密检查与整改 / inspections and rectifications (INSP-1, INSP-2)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi inspection add --kind regular|spot|special --date YYYY-MM-DD\n"
        "        --scope unit|DEPT[,DEPT…] --inspectors P[,P…] [--check 'ITEM|yes|no|na[|NOTE]']…\n"
        "        [--summary T]\n"
        "        保密员或领导登记一次检查：定期检查（按 "
        "inspection.interval_months）、抽查、专项检查\n"
        "        the clerk or leadership records an inspection held (INSP-1)\n"
        "  baomi inspection calendar               定期检查日程：上次检查、下次应检日期（INSP-1）\n"
        "  baomi inspection finding ID --finding T --department D --responsible P\n"
        "        [--deadline YYYY-MM-DD]\n"
        "        检查发现的问题下达整改通知书（期限默认 inspection.rectify_days 日，INSP-2）\n"
        "        a finding becomes a rectification notice (INSP-2)\n"
        "  baomi inspection rectify-report RID --text T   整改责任人报告整改情况\n"
        "  baomi inspection rectify-close RID --note T    复查合格，销号 / follow-up closes it\n"
        "  baomi inspection rectify-reopen RID --note T --deadline YYYY-MM-DD\n"
        "        复查不合格，重新整改 / follow-up reopens it with a new deadline\n"
        "  baomi inspection show ID [--json]       一次检查及其检查表、整改通知\n"
        "  baomi inspection list [--kind K] [--format text|csv|json|xlsx] [--out FILE]\n"
        "        保密检查登记表（xlsx：Excel 工作簿写入 FILE）/ the register (xlsx: a workbook)\n"
        "  baomi inspection rectify-show RID [--json]   整改通知书（含历史）\n"
        "  baomi inspection rectify-list [--status open|reported|closed] [--department D]\n"
        "        [--overdue] [--format text|csv|json|xlsx] [--out FILE]\n"
        "        整改通知登记表（xlsx 须 --out）/ the notices (xlsx needs --out)\n"
        "\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused (INSP-1, INSP-2, 角色 role), 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_KIND = 0x2800,
	OPT_DATE,
	OPT_SCOPE,
	OPT_INSPECTORS,
	OPT_CHECK,
	OPT_SUMMARY,
	OPT_FINDING,
	OPT_DEPARTMENT,
	OPT_RESPONSIBLE,
	OPT_DEADLINE,
	OPT_TEXT,
	OPT_NOTE,
	OPT_STATUS,
	OPT_OVERDUE,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option insp_opts[] = {
        {"kind", required_argument, NULL, OPT_KIND},
        {"date", required_argument, NULL, OPT_DATE},
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"inspectors", required_argument, NULL, OPT_INSPECTORS},
        {"check", required_argument, NULL, OPT_CHECK},
        {"summary", required_argument, NULL, OPT_SUMMARY},
        {"finding", required_argument, NULL, OPT_FINDING},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"responsible", required_argument, NULL, OPT_RESPONSIBLE},
        {"deadline", required_argument, NULL, OPT_DEADLINE},
        {"text", required_argument, NULL, OPT_TEXT},
        {"note", required_argument, NULL, OPT_NOTE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"overdue", no_argument, NULL, OPT_OVERDUE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

enum { MAX_CHECKS = 200 };

typedef struct insp_args {
	bm_cli_common common;
	bm_insp_input in;
	bm_insp_check_line lines[MAX_CHECKS];
	bm_insp_rectification_in rect;
	bm_insp_rect_query query;
	const char *text, *note, *format;
	const char *out; /* list, rectify-list --format xlsx: the workbook's file (issue 15) */
	int64_t id;
} insp_args;

/* 'ITEM|ANSWER[|NOTE]' split in place into a checklist line. */
static int parse_check(insp_args *a, char *text)
{
	bm_insp_check_line *l;
	char *bar;
	if (a->in.n_checklist == MAX_CHECKS)
		return bm_cli_usage("inspection", "at most %d --check lines", MAX_CHECKS);
	l = &a->lines[a->in.n_checklist++];
	memset(l, 0, sizeof(*l));
	l->item = text;
	if ((bar = strchr(text, '|')) != NULL) {
		*bar = '\0';
		l->answer = bar + 1;
		if ((bar = strchr(bar + 1, '|')) != NULL) {
			*bar = '\0';
			l->note = bar + 1;
		}
	}
	return 0;
}

static int parse_args(const char *sub, int argc, char **argv, insp_args *a)
{
	bool no_id = strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0 ||
	             strcmp(sub, "calendar") == 0 || strcmp(sub, "rectify-list") == 0;
	int opt, rc;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	a->in.checklist = a->lines;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", insp_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_KIND: a->in.kind = optarg; break;
		case OPT_DATE: a->in.held_on = optarg; break;
		case OPT_SCOPE: a->in.scope = optarg; break;
		case OPT_INSPECTORS: a->in.inspectors = optarg; break;
		case OPT_CHECK:
			if ((rc = parse_check(a, optarg)) != 0)
				return rc;
			break;
		case OPT_SUMMARY: a->in.summary = optarg; break;
		case OPT_FINDING: a->rect.finding = optarg; break;
		case OPT_DEPARTMENT: a->rect.department = a->query.department = optarg; break;
		case OPT_RESPONSIBLE: a->rect.responsible = optarg; break;
		case OPT_DEADLINE: a->rect.deadline = optarg; break;
		case OPT_TEXT: a->text = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_STATUS: a->query.status = optarg; break;
		case OPT_OVERDUE: a->query.overdue_only = true; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("inspection", "unknown option for '%s'", sub);
		}
	}
	if (no_id) {
		if (optind < argc)
			return bm_cli_usage("inspection", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("inspection", "'%s' needs one ID", sub);
	}
	if (a->format && strcmp(a->format, "text") != 0 && strcmp(a->format, "csv") != 0 &&
	    strcmp(a->format, "json") != 0 && strcmp(a->format, "xlsx") != 0)
		return bm_cli_usage("inspection", "unknown format '%s' (text, csv, json, xlsx)",
		                    a->format);
	if (a->format && strcmp(a->format, "xlsx") == 0 && strcmp(sub, "list") != 0 &&
	    strcmp(sub, "rectify-list") != 0)
		return bm_cli_usage("inspection", "--format xlsx goes with list and rectify-list");
	if ((a->format && strcmp(a->format, "xlsx") == 0) != (a->out != NULL))
		return bm_cli_usage("inspection", "--format xlsx goes with --out FILE");
	if (a->format && strcmp(a->format, "json") == 0)
		a->common.json = true;
	return 0;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static const char *name_of(json_t *o, const char *key)
{
	return or_dash(json_string_value(json_object_get(o, key)));
}

static void print_rect_line(json_t *v)
{
	printf("  整改 %-4lld %-10s %-8s 期限 %s  %s%s  %s\n",
	       (long long)json_integer_value(json_object_get(v, "id")),
	       name_of(v, "department_name"), name_of(v, "responsible_name"),
	       name_of(v, "deadline"), name_of(v, "status_name"),
	       json_is_true(json_object_get(v, "overdue")) ? " 逾期 overdue" : "",
	       name_of(v, "finding"));
}

static void print_record(const bm_insp_record *r)
{
	json_t *o = bm_insp_record_to_json(r);
	size_t i;
	json_t *v;
	printf("检查 inspection %lld  %s / %s  %s\n", (long long)r->inspection->id,
	       name_of(o, "kind_name"), name_of(o, "kind_name_en"), r->inspection->held_on);
	printf("  范围 scope:      ");
	if (r->inspection->whole_unit)
		printf("全单位 whole unit\n");
	else
		for (i = 0; i < r->n_departments; i++)
			printf("%s%s", r->department_names[i],
			       i + 1 < r->n_departments ? "、" : "\n");
	printf("  检查人员 inspectors: ");
	for (i = 0; i < r->n_inspectors; i++)
		printf("%s%s", r->inspector_names[i], i + 1 < r->n_inspectors ? "、" : "\n");
	if (r->inspection->summary)
		printf("  小结 summary:    %s\n", r->inspection->summary);
	printf("检查表 checklist:\n");
	json_array_foreach(json_object_get(o, "checklist"), i, v)
	        printf("  %-30s %s  %s\n", name_of(v, "item"), name_of(v, "answer_name"),
	               json_string_value(json_object_get(v, "note"))
	                       ? json_string_value(json_object_get(v, "note"))
	                       : "");
	printf("整改通知 rectifications:\n");
	json_array_foreach(json_object_get(o, "rectifications"), i, v) print_rect_line(v);
	json_decref(o);
}

static void print_rect_record(const bm_insp_rect_record *r)
{
	json_t *o = bm_insp_rect_record_to_json(r);
	const bm_insp_rectification *x = r->rect;
	printf("整改通知书 rectification %lld  [%s / %s]%s\n", (long long)x->id,
	       name_of(o, "status_name"), name_of(o, "status_name_en"),
	       json_is_true(json_object_get(o, "overdue")) ? "  逾期 overdue" : "");
	printf("  来源 source:      %s\n", x->source);
	printf("  问题 finding:     %s\n", x->finding);
	printf("  部门 department:  %s\n", or_dash(x->department_name));
	printf("  责任人 responsible: %s\n", or_dash(x->responsible_name));
	printf("  期限 deadline:    %s\n", x->deadline);
	if (x->report)
		printf("  整改情况 report:  %s（%s）\n", x->report, or_dash(x->reported_at));
	if (x->follow_up)
		printf("  复查 follow-up:   %s（%s）\n", x->follow_up, or_dash(x->followed_at));
	printf("历史 history:\n");
	for (size_t i = 0; i < r->n_events; i++)
		printf("  %s  %-8s %-8s %s\n", r->events[i].at, r->events[i].action,
		       or_dash(r->events[i].actor_name), or_dash(r->events[i].detail));
	json_decref(o);
}

static void emit_json(json_t *o)
{
	bm_cli_print_json(o);
	json_decref(o);
}

static int do_list(bm_cli_session *s, insp_args *a)
{
	bm_insp_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_insp_list(&s->ctx, a->in.kind, &rows, &n)) != 0)
		return rc;
	if (a->out) {
		/* issue 15: 保密检查登记表, the sheet of GET /inspections?format=xlsx */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_insp_to_json(&rows[i]));
		return bm_cli_list_sheet(s, "inspections", NULL, arr, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_insp_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "inspections", arr);
		emit_json(o);
		return 0;
	}
	if (a->format && strcmp(a->format, "csv") == 0) {
		fputs("\xEF\xBB\xBF编号,类型,检查日期,范围,发现问题,未销号\r\n", stdout);
		for (size_t i = 0; i < n; i++) {
			char id[24], nf[24], no[24];
			snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
			snprintf(nf, sizeof(nf), "%lld", (long long)rows[i].n_findings);
			snprintf(no, sizeof(no), "%lld", (long long)rows[i].n_open);
			bm_cli_print_csv(id, false);
			bm_cli_print_csv(rows[i].kind, false);
			bm_cli_print_csv(rows[i].held_on, false);
			bm_cli_print_csv(rows[i].whole_unit ? "全单位" : "部门", false);
			bm_cli_print_csv(nf, false);
			bm_cli_print_csv(no, true);
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-8s %s  %s  问题 %lld  未销号 %lld\n", (long long)rows[i].id,
		       rows[i].kind, rows[i].held_on, rows[i].whole_unit ? "全单位" : "部门",
		       (long long)rows[i].n_findings, (long long)rows[i].n_open);
	printf("共 %zu 次 / %zu inspections\n", n, n);
	return 0;
}

static int do_rect_list(bm_cli_session *s, insp_args *a)
{
	bm_insp_rectification *rows = NULL;
	size_t n = 0;
	int32_t today = 0;
	int rc;
	if ((rc = bm_svc_insp_rect_list(&s->ctx, &a->query, &rows, &n, &today)) != 0)
		return rc;
	if (a->out) {
		/* issue 15: 整改通知登记表, the sheet of GET /rectifications?format=xlsx */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_insp_rect_to_json(&rows[i], today));
		return bm_cli_list_sheet(s, "rectifications", NULL, arr, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_insp_rect_to_json(&rows[i], today));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "rectifications", arr);
		emit_json(o);
		return 0;
	}
	if (a->format && strcmp(a->format, "csv") == 0) {
		fputs("\xEF\xBB\xBF编号,来源,问题,部门,责任人,期限,状态\r\n", stdout);
		for (size_t i = 0; i < n; i++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
			bm_cli_print_csv(id, false);
			bm_cli_print_csv(rows[i].source, false);
			bm_cli_print_csv(rows[i].finding, false);
			bm_cli_print_csv(rows[i].department_name, false);
			bm_cli_print_csv(rows[i].responsible_name, false);
			bm_cli_print_csv(rows[i].deadline, false);
			bm_cli_print_csv(rows[i].status, true);
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *v = bm_insp_rect_to_json(&rows[i], today);
		print_rect_line(v);
		json_decref(v);
	}
	printf("共 %zu 份 / %zu rectifications\n", n, n);
	return 0;
}

static int rect_done(bm_cli_session *s, const char *what, const bm_insp_rectification *r)
{
	if (s->json)
		emit_json(bm_insp_rect_to_json(r, 0));
	else
		printf("%s: 整改通知 rectification %lld（%s，期限 deadline %s）\n", what,
		       (long long)r->id, r->status, r->deadline);
	return 0;
}

static int run(bm_cli_session *s, const char *sub, insp_args *a)
{
	bm_insp_rectification *r = NULL;
	int rc;
	if (strcmp(sub, "add") == 0) {
		bm_insp_row *row = NULL;
		if ((rc = bm_svc_insp_add(&s->ctx, &a->in, &row)) != 0)
			return rc;
		if (s->json)
			emit_json(bm_insp_to_json(row));
		else
			printf("已登记 recorded: 检查 inspection %lld %s %s\n", (long long)row->id,
			       row->kind, row->held_on);
	} else if (strcmp(sub, "calendar") == 0) {
		bm_insp_calendar c;
		if ((rc = bm_svc_insp_calendar(&s->ctx, &c)) != 0)
			return rc;
		if (s->json) {
			emit_json(bm_insp_calendar_to_json(&c));
		} else {
			printf("上次定期检查 last regular: %s\n", or_dash(c.last));
			printf("下次应检 due by:          %s（每 %d 个月 every %d months）\n",
			       c.due, c.interval_months, c.interval_months);
			if (c.alert)
				printf("提醒 alert [%s]: %s / %s\n", c.code, c.reason_zh,
				       c.reason_en);
		}
	} else if (strcmp(sub, "finding") == 0) {
		a->rect.inspection_id = a->id;
		if ((rc = bm_svc_insp_finding(&s->ctx, &a->rect, &r)) != 0)
			return rc;
		rect_done(s, "已下达 opened", r);
	} else if (strcmp(sub, "rectify-report") == 0) {
		if ((rc = bm_svc_insp_rect_report(&s->ctx, a->id, a->text, &r)) != 0)
			return rc;
		rect_done(s, "已报告 reported", r);
	} else if (strcmp(sub, "rectify-close") == 0 || strcmp(sub, "rectify-reopen") == 0) {
		bool close = strcmp(sub, "rectify-close") == 0;
		if ((rc = bm_svc_insp_rect_follow(&s->ctx, a->id, close, a->note, a->rect.deadline,
		                                  &r)) != 0)
			return rc;
		rect_done(s, close ? "已销号 closed" : "重新整改 reopened", r);
	} else if (strcmp(sub, "show") == 0) {
		bm_insp_record rec;
		if ((rc = bm_svc_insp_show(&s->ctx, a->id, &rec)) != 0)
			return rc;
		if (s->json)
			emit_json(bm_insp_record_to_json(&rec));
		else
			print_record(&rec);
	} else if (strcmp(sub, "rectify-show") == 0) {
		bm_insp_rect_record rec;
		if ((rc = bm_svc_insp_rect_show(&s->ctx, a->id, &rec)) != 0)
			return rc;
		if (s->json)
			emit_json(bm_insp_rect_record_to_json(&rec));
		else
			print_rect_record(&rec);
	} else if (strcmp(sub, "rectify-list") == 0) {
		return do_rect_list(s, a);
	} else {
		return do_list(s, a);
	}
	return 0;
}

int bm_cmd_inspection(int argc, char **argv)
{
	static const char *const subs[] = {
	        "add",           "calendar",       "finding", "rectify-report",
	        "rectify-close", "rectify-reopen", "show",    "list",
	        "rectify-show",  "rectify-list"};
	bm_cli_session s;
	insp_args *a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("inspection"), BM_EXIT_USAGE)
		                : bm_cli_help("inspection");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("inspection", "unknown subcommand '%s'", sub);
	if (!(a = bm_malloc(sizeof(*a))))
		return bm_cli_fail(bm_error_nomem(), false);
	if ((rc = parse_args(sub, argc - 1, argv + 1, a)) != 0) {
		rc = rc == 1 ? bm_cli_help("inspection") : rc;
		bm_free(a);
		return rc;
	}
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0)
		rc = run(&s, sub, a);
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	bm_free(a);
	return rc;
}
