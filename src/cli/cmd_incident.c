/*
 * cmd_incident.c — `baomi incident`: losses and leaks (失泄密事件, INC-1,
 * INC-2, INC-4, INV-4, BORROW-6): open, complete the report, record the
 * report to the higher authority, findings, sanctions, close, show, list.
 * The rules live in service/incident.c and service/merit.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/ledger.h"
#include "service/merit.h"

const char bm_help_incident[] =
        "baomi incident — 失泄密事件 / incidents: losses and leaks (INC-1, INC-2, INC-4)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi incident open --kind missing|overdue|leak|other [--carrier ID] [报告字段 fields]\n"
        "        立案：任何经办人员都可报告；指定载体时内容、密级、数量、形式取自台账\n"
        "        anybody handling carriers reports; with a carrier the record starts from the "
        "ledger\n"
        "  baomi incident report ID [报告字段 fields]    补充、更正报告（保密员或领导）\n"
        "        complete or correct the report (clerk or leader)\n"
        "  baomi incident notify ID --to WHOM --document NO [--at TIME]\n"
        "        记录向上级的报告（INC-1：发现后 24 小时内；时间默认现在）\n"
        "        record the report to the higher authority (within 24 hours of the discovery)\n"
        "  baomi incident amend-notice ID --reason TEXT [--to WHOM] [--document NO] [--at TIME]\n"
        "        更正已记录的向上级报告：原报告保留在记录中，更正写明理由（INC-1）\n"
        "        amend the report recorded: the original is kept, the amendment says why\n"
        "  baomi incident findings ID --findings TEXT  记录调查结论（INC-4）/ record the findings\n"
        "  baomi incident sanction ID --person P --measure M --decided-by WHO --decided-on DATE\n"
        "        --document NO [--reason T] [--factor aggravating|mitigating --factors TEXT]\n"
        "        处分（INC-2）：秘密 警告/记过；机密 记过/记大过/降级；绝密 记大过至开除；\n"
        "        超出幅度须记录从重或从轻情节。M: warning demerit major_demerit demotion "
        "dismissal\n"
        "        a sanction by the level involved; outside its range only with the factors\n"
        "  baomi incident close ID [--note TEXT]       "
        "结案：须报告完整且有调查结论（INC-1、INC-4）\n"
        "        close: refused until the report is complete and findings are recorded\n"
        "  baomi incident show ID [--json]             一个事件 / one incident\n"
        "  baomi incident list [--status open|closed] [--json]   事件清单 / incidents\n"
        "        [--format csv|xlsx [--out FILE]]   失泄密事件登记表（CSV 或 Excel；xlsx 须\n"
        "        --out）/ the register as CSV or an Excel workbook (xlsx needs --out)\n"
        "\n"
        "报告字段（INC-1，全部填写后报告即告完成，须在 24 小时内）/ report fields (INC-1; the\n"
        "report is made when all are recorded, within 24 hours by default):\n"
        "  --what T  泄露或下落不明的内容 what      --level L  密级 level\n"
        "  --quantity N  数量 quantity          --form F  载体形式 carrier form\n"
        "  --harm T  危害 harm                  --circumstances T  经过 circumstances\n"
        "  --responsible T  责任人 responsible  --remedies T  补救措施 remedies taken\n"
        "  --discovered-at TIME  发现时间 when it was discovered (默认现在 default now;\n"
        "        24 小时从此起算 the 24 hours count from it), e.g. 2026-12-01T08:30:00Z\n"
        "\n"
        "保密员和领导看到全部事件，其他人只看到自己报告的。Clerks and leaders see every\n"
        "incident; others the ones they reported.\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused (报告不完整、无结论、角色 incomplete, no findings, role), 6 已结案 "
        "closed.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_KIND = 0x2400,
	OPT_CARRIER,
	OPT_WHAT,
	OPT_LEVEL,
	OPT_QUANTITY,
	OPT_FORM,
	OPT_HARM,
	OPT_CIRCUMSTANCES,
	OPT_RESPONSIBLE,
	OPT_REMEDIES,
	OPT_FINDINGS,
	OPT_NOTE,
	OPT_STATUS,
	OPT_DISCOVERED,
	OPT_TO,
	OPT_DOCUMENT,
	OPT_AT,
	OPT_PERSON,
	OPT_MEASURE,
	OPT_FACTOR,
	OPT_FACTORS,
	OPT_REASON,
	OPT_DECIDED_BY,
	OPT_DECIDED_ON,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option incident_opts[] = {
        {"kind", required_argument, NULL, OPT_KIND},
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"what", required_argument, NULL, OPT_WHAT},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"quantity", required_argument, NULL, OPT_QUANTITY},
        {"form", required_argument, NULL, OPT_FORM},
        {"harm", required_argument, NULL, OPT_HARM},
        {"circumstances", required_argument, NULL, OPT_CIRCUMSTANCES},
        {"responsible", required_argument, NULL, OPT_RESPONSIBLE},
        {"remedies", required_argument, NULL, OPT_REMEDIES},
        {"findings", required_argument, NULL, OPT_FINDINGS},
        {"note", required_argument, NULL, OPT_NOTE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"discovered-at", required_argument, NULL, OPT_DISCOVERED},
        {"to", required_argument, NULL, OPT_TO},
        {"document", required_argument, NULL, OPT_DOCUMENT},
        {"at", required_argument, NULL, OPT_AT},
        {"person", required_argument, NULL, OPT_PERSON},
        {"measure", required_argument, NULL, OPT_MEASURE},
        {"factor", required_argument, NULL, OPT_FACTOR},
        {"factors", required_argument, NULL, OPT_FACTORS},
        {"reason", required_argument, NULL, OPT_REASON},
        {"decided-by", required_argument, NULL, OPT_DECIDED_BY},
        {"decided-on", required_argument, NULL, OPT_DECIDED_ON},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct incident_args {
	bm_cli_common common;
	bm_incident_input in;
	bm_incident_notice_input notice;
	bm_merit_input merit;
	const char *findings, *note, *status;
	int64_t id;
	const char *format, *out; /* list --format csv|xlsx [--out FILE] (issue 15) */
	bool sheet;
	bm_sheet_format sheet_format;
} incident_args;

/* The INC-1 record's fields with their labels, in the regulation's order. */
static const struct {
	const char *key, *zh, *en;
} fields[] = {
        {"what", "内容", "what"},
        {"level", "密级", "level"},
        {"quantity", "数量", "quantity"},
        {"form", "载体形式", "form"},
        {"harm", "危害", "harm"},
        {"circumstances", "经过", "circumstances"},
        {"responsible", "责任人", "responsible"},
        {"remedies", "补救措施", "remedies"},
};

static int parse_args(const char *sub, int argc, char **argv, incident_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", incident_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_KIND: a->in.kind = optarg; break;
		case OPT_CARRIER:
			if (!(a->in.carrier_id = bm_cli_parse_carrier(optarg)))
				return bm_cli_usage("incident", "'%s' is not a carrier ID", optarg);
			break;
		case OPT_WHAT: a->in.what = optarg; break;
		case OPT_LEVEL: a->in.level = optarg; break;
		case OPT_QUANTITY: a->in.quantity = optarg; break;
		case OPT_FORM: a->in.form = optarg; break;
		case OPT_HARM: a->in.harm = optarg; break;
		case OPT_CIRCUMSTANCES: a->in.circumstances = optarg; break;
		case OPT_RESPONSIBLE: a->in.responsible = optarg; break;
		case OPT_REMEDIES: a->in.remedies = optarg; break;
		case OPT_FINDINGS: a->findings = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_DISCOVERED: a->in.discovered_at = optarg; break;
		case OPT_TO: a->notice.to = optarg; break;
		case OPT_DOCUMENT: a->notice.document = a->merit.document = optarg; break;
		case OPT_AT: a->notice.sent_at = optarg; break;
		case OPT_PERSON: a->merit.person = optarg; break;
		case OPT_MEASURE: a->merit.measure = optarg; break;
		case OPT_FACTOR: a->merit.factor = optarg; break;
		case OPT_FACTORS: a->merit.factor_text = optarg; break;
		case OPT_REASON: a->merit.reason = a->notice.reason = optarg; break;
		case OPT_DECIDED_BY: a->merit.decided_by = optarg; break;
		case OPT_DECIDED_ON: a->merit.decided_on = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("incident", "unknown option for '%s'", sub);
		}
	}
	if (strcmp(sub, "open") == 0 || strcmp(sub, "list") == 0) {
		if (optind < argc)
			return bm_cli_usage("incident", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("incident", "'%s' needs one incident ID", sub);
	}
	if (strcmp(sub, "findings") == 0 && !a->findings)
		return bm_cli_usage("incident", "findings needs --findings TEXT");
	if ((a->format || a->out) && strcmp(sub, "list") != 0)
		return bm_cli_usage("incident", "--format and --out go with 'list'");
	return bm_cli_sheet_opts("incident", a->format, a->out, &a->sheet, &a->sheet_format);
}

static void print_incident(const bm_incident_row *i)
{
	json_t *d = json_loads(i->detail ? i->detail : "{}", 0, NULL);
	const char *reported = json_string_value(json_object_get(d, "reported_at"));
	const char *rule = json_string_value(json_object_get(d, "rule"));
	const char *discovered = json_string_value(json_object_get(d, "discovered_at"));
	json_t *notice = json_object_get(d, "notice");
	const char *notice_at = json_string_value(json_object_get(notice, "sent_at"));
	const char *notice_to = json_string_value(json_object_get(notice, "to"));
	const char *notice_doc = json_string_value(json_object_get(notice, "document"));

	printf("事件 incident %lld  [%s]  %s", (long long)i->id,
	       strcmp(i->status, "open") == 0 ? "办理中 open" : "已结案 closed", i->kind);
	if (rule)
		printf("  [%s]", rule);
	printf("\n");
	if (i->carrier_id)
		printf("  载体 carrier: %lld\n", (long long)i->carrier_id);
	printf("  立案 opened: %s（%s）\n", i->opened_at,
	       i->opened_by_name ? i->opened_by_name : "-");
	for (size_t k = 0; k < BM_ARRAY_LEN(fields); k++) {
		const char *v = json_string_value(json_object_get(d, fields[k].key));
		printf("  %s %s: %s\n", fields[k].zh, fields[k].en, v ? v : "（未填 missing）");
	}
	printf("  发现 discovered (INC-1): %s\n", discovered ? discovered : i->opened_at);
	printf("  报告 report (INC-1): %s\n", reported ? reported : "不完整 incomplete");
	if (notice_at)
		printf("  向上级报告 reported to the higher authority (INC-1): %s  %s  %s\n",
		       notice_at, notice_to ? notice_to : "-", notice_doc ? notice_doc : "-");
	else
		printf("  向上级报告 reported to the higher authority (INC-1): 未报告 not yet\n");
	if (json_is_true(json_object_get(notice, "amended")))
		printf("    更正理由 amended because: %s\n",
		       json_string_value(json_object_get(notice, "reason")));
	{
		json_t *hist = json_object_get(d, "notice_history"), *h;
		size_t k;
		json_array_foreach(hist, k, h)
		        printf("    原报告 replaced report: %s  %s  %s（%s 更正 amended: %s）\n",
		               json_string_value(json_object_get(h, "sent_at")),
		               json_string_value(json_object_get(h, "to")),
		               json_string_value(json_object_get(h, "document")),
		               json_string_value(json_object_get(h, "replaced_at")),
		               json_string_value(json_object_get(h, "replaced_because")));
	}
	printf("  调查结论 findings (INC-4): %s\n", i->findings ? i->findings : "（未记录 none）");
	if (i->closed_at)
		printf("  结案 closed: %s\n", i->closed_at);
	json_decref(d);
}

static void emit_incident(bm_cli_session *s, const bm_incident_row *i)
{
	if (s->json) {
		json_t *o = bm_incident_to_json(i);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_incident(i);
	}
}

/* After a change: the incident as it now stands. */
static int show_after(bm_cli_session *s, int64_t id, const char *done_zh, const char *done_en)
{
	bm_incident_row *i = NULL;
	int rc;
	if ((rc = bm_svc_incident_show(&s->ctx, id, &i)) != 0)
		return rc;
	if (!s->json)
		printf("%s / %s\n", done_zh, done_en);
	emit_incident(s, i);
	return 0;
}

static int do_list(bm_cli_session *s, incident_args *a)
{
	bm_incident_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_incident_list(&s->ctx, a->status, &rows, &n)) != 0)
		return rc;
	if (a->sheet) {
		/* issue 15: 失泄密事件登记表, the sheet of GET /incidents?format= */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_incident_to_json(&rows[i]));
		return bm_cli_list_export(s, "incidents", NULL, arr, a->sheet_format, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_incident_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "incidents", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		json_t *d = json_loads(rows[i].detail ? rows[i].detail : "{}", 0, NULL);
		const char *what = json_string_value(json_object_get(d, "what"));
		printf("%-6lld %-7s %-8s %s  %s\n", (long long)rows[i].id, rows[i].status,
		       rows[i].kind, rows[i].opened_at, what ? what : "-");
		json_decref(d);
	}
	printf("共 %zu 件 / %zu incidents\n", n, n);
	return 0;
}

int bm_cmd_incident(int argc, char **argv)
{
	static const char *const subs[] = {"open",  "report", "notify", "amend-notice", "findings",
	                                   "close", "show",   "list",   "sanction"};
	bm_cli_session s;
	incident_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("incident"), BM_EXIT_USAGE)
		                : bm_cli_help("incident");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("incident", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("incident") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		bm_incident_row *i = NULL;
		if (strcmp(sub, "open") == 0) {
			if ((rc = bm_svc_incident_open(&s.ctx, &a.in, &i)) == 0) {
				if (!s.json)
					printf("已立案 incident opened: %lld\n", (long long)i->id);
				emit_incident(&s, i);
			}
		} else if (strcmp(sub, "report") == 0) {
			if ((rc = bm_svc_incident_report(&s.ctx, a.id, &a.in)) == 0)
				rc = show_after(&s, a.id, "报告已更新", "report updated");
		} else if (strcmp(sub, "notify") == 0) {
			if ((rc = bm_svc_incident_notify(&s.ctx, a.id, &a.notice)) == 0)
				rc = show_after(&s, a.id, "向上级的报告已记录",
				                "report to the higher authority recorded");
		} else if (strcmp(sub, "amend-notice") == 0) {
			if ((rc = bm_svc_incident_notice_amend(&s.ctx, a.id, &a.notice)) == 0)
				rc = show_after(&s, a.id, "向上级的报告已更正",
				                "report to the higher authority amended");
		} else if (strcmp(sub, "sanction") == 0) {
			bm_merit_row *m = NULL;
			if ((rc = bm_svc_merit_sanction(&s.ctx, a.id, &a.merit, &m)) == 0) {
				if (s.json) {
					json_t *o = bm_merit_to_json(m);
					bm_cli_print_json(o);
					json_decref(o);
				} else {
					printf("处分已登记 sanction recorded: %lld  %s  %s  %s\n",
					       (long long)m->id, m->person_name, m->measure,
					       m->document);
				}
			}
		} else if (strcmp(sub, "findings") == 0) {
			if ((rc = bm_svc_incident_findings(&s.ctx, a.id, a.findings)) == 0)
				rc = show_after(&s, a.id, "调查结论已记录", "findings recorded");
		} else if (strcmp(sub, "close") == 0) {
			if ((rc = bm_svc_incident_close(&s.ctx, a.id, a.note)) == 0)
				rc = show_after(&s, a.id, "已结案", "closed");
		} else if (strcmp(sub, "show") == 0) {
			if ((rc = bm_svc_incident_show(&s.ctx, a.id, &i)) == 0)
				emit_incident(&s, i);
		} else {
			rc = do_list(&s, &a);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
