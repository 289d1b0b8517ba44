/*
 * cmd_merit.c — `baomi merit`: the register of rewards and sanctions
 * (奖惩登记, INSP-3): record a reward, list the register per person or for
 * the whole unit, by year, as text, JSON or CSV. Sanctions are recorded on
 * their incident (`baomi incident sanction`, INC-2). The rules live in
 * service/merit.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/merit.h"

const char bm_help_merit[] =
        "baomi merit — 奖惩登记 / the register of rewards and sanctions (INSP-3, INC-2)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi merit reward --person P --measure commendation|award --reason TEXT\n"
        "        --decided-by WHO --decided-on DATE --document NO\n"
        "        登记表彰、奖励（保密员或领导）/ record a reward (clerk or leader)\n"
        "  baomi merit list [--person P] [--year YYYY] [--kind reward|sanction] [--incident ID]\n"
        "        [--csv | --format csv|xlsx] [--out FILE] [--json]\n"
        "        奖惩登记簿：个人或全单位，按年度 / the register, per person or unit-wide, "
        "by year\n"
        "\n"
        "处分在事件上登记：baomi incident sanction（INC-2）。Sanctions are recorded on their\n"
        "incident: baomi incident sanction (INC-2).\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_PERSON = 0x2600,
	OPT_MEASURE,
	OPT_REASON,
	OPT_DECIDED_BY,
	OPT_DECIDED_ON,
	OPT_DOCUMENT,
	OPT_YEAR,
	OPT_KIND,
	OPT_INCIDENT,
	OPT_CSV,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option merit_opts[] = {
        {"person", required_argument, NULL, OPT_PERSON},
        {"measure", required_argument, NULL, OPT_MEASURE},
        {"reason", required_argument, NULL, OPT_REASON},
        {"decided-by", required_argument, NULL, OPT_DECIDED_BY},
        {"decided-on", required_argument, NULL, OPT_DECIDED_ON},
        {"document", required_argument, NULL, OPT_DOCUMENT},
        {"year", required_argument, NULL, OPT_YEAR},
        {"kind", required_argument, NULL, OPT_KIND},
        {"incident", required_argument, NULL, OPT_INCIDENT},
        {"csv", no_argument, NULL, OPT_CSV},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct merit_args {
	bm_cli_common common;
	bm_merit_input in;
	bm_merit_query q;
	bool csv;
	const char *format, *out;
	bm_sheet_format sheet;
} merit_args;

static int parse_args(const char *sub, int argc, char **argv, merit_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", merit_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_PERSON: a->in.person = a->q.person = optarg; break;
		case OPT_MEASURE: a->in.measure = optarg; break;
		case OPT_REASON: a->in.reason = optarg; break;
		case OPT_DECIDED_BY: a->in.decided_by = optarg; break;
		case OPT_DECIDED_ON: a->in.decided_on = optarg; break;
		case OPT_DOCUMENT: a->in.document = optarg; break;
		case OPT_YEAR: a->q.year = optarg; break;
		case OPT_KIND: a->q.kind = optarg; break;
		case OPT_INCIDENT:
			if (!(a->q.incident_id = bm_cli_parse_id(optarg)))
				return bm_cli_usage("merit", "'%s' is not an incident ID", optarg);
			break;
		case OPT_CSV: a->csv = true; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("merit", "unknown option for '%s'", sub);
		}
	}
	if (optind < argc)
		return bm_cli_usage("merit", "unexpected argument '%s'", argv[optind]);
	return bm_cli_sheet_opts("merit", a->format, a->out, &a->csv, &a->sheet);
}

static void print_line(const bm_merit_row *m)
{
	json_t *o = bm_merit_to_json(m);
	const char *name =
	        json_string_value(json_object_get(json_object_get(o, "measure_name"), "zh"));
	printf("%-6lld %s  %-8s %-10s %-4s %-6s", (long long)m->id, m->decided_on,
	       m->person_name ? m->person_name : "-", m->department_name ? m->department_name : "-",
	       strcmp(m->kind, "sanction") == 0 ? "处分" : "奖励", name ? name : m->measure);
	if (m->incident_id)
		printf("  事件 incident %lld", (long long)m->incident_id);
	if (m->factor)
		printf("  [%s]", m->factor);
	printf("  %s  %s\n", m->decided_by, m->document);
	json_decref(o);
}

static int do_list(bm_cli_session *s, merit_args *a)
{
	bm_merit_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_merit_list(&s->ctx, &a->q, &rows, &n)) != 0)
		return rc;
	if (a->csv) {
		bm_xlsx_meta meta;
		bm_buf b;
		bm_svc_sheet_meta(&s->ctx, "保密奖惩登记簿", a->q.year, &meta);
		bm_buf_init(&b, 16u << 20);
		if ((rc = bm_merit_sheet(rows, n, a->sheet, &meta, &b)) == 0)
			rc = bm_cli_write_file(a->out, &b);
		bm_buf_release(&b);
		return rc;
	}
	if (s->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_merit_to_json(&rows[i]));
		bm_cli_print_items(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		print_line(&rows[i]);
	printf("共 %zu 条 / %zu lines\n", n, n);
	return 0;
}

int bm_cmd_merit(int argc, char **argv)
{
	bm_cli_session s;
	merit_args a;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("merit"), BM_EXIT_USAGE) : bm_cli_help("merit");
	sub = argv[1];
	if (strcmp(sub, "reward") != 0 && strcmp(sub, "list") != 0)
		return bm_cli_usage("merit", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("merit") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (strcmp(sub, "reward") == 0) {
			bm_merit_row *m = NULL;
			if ((rc = bm_svc_merit_reward(&s.ctx, &a.in, &m)) == 0) {
				if (s.json) {
					json_t *o = bm_merit_to_json(m);
					bm_cli_print_json(o);
					json_decref(o);
				} else {
					printf("奖励已登记 reward recorded: ");
					print_line(m);
				}
			}
		} else {
			rc = do_list(&s, &a);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
