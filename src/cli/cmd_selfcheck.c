/*
 * cmd_selfcheck.c — `baomi selfcheck`: the yearly self-assessment (保密自查
 * 自评, INSP-4): start the year's (its checklist compiled from the unit's
 * records), show it with its evidence, answer an item, sign it (the clerk,
 * then the leader in charge), list the years. The rules live in
 * service/selfcheck.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/selfcheck.h"

const char bm_help_selfcheck[] =
        "baomi selfcheck — 保密自查自评 / the yearly self-assessment (INSP-4)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi selfcheck start [--year YYYY]\n"
        "        开展本年度自查自评，按本单位记录生成检查项目（保密员；每年一次）\n"
        "        / start the year's self-assessment, its checklist compiled from the\n"
        "        unit's records (clerk; one a year)\n"
        "  baomi selfcheck show ID | --year YYYY\n"
        "        自查项目及其依据（数量与记录编号）/ the items with their evidence\n"
        "  baomi selfcheck answer ID --item ITEM --answer yes|no|na [--note TEXT]\n"
        "        [--department DEPT --responsible PERSON --deadline DATE]\n"
        "        答复一项：符合、不符合（须指定整改部门、责任人与期限，INSP-2）、不适用\n"
        "        / answer an item: complies, does not comply (a finding: the department,\n"
        "        the person answering for it and the deadline of its rectification,\n"
        "        INSP-2), not applicable\n"
        "  baomi selfcheck sign ID [--as clerk|leader]\n"
        "        签字：保密员（各项均已答复）后分管领导；签字后不可更改\n"
        "        / sign: the clerk (every item answered), then the leader in charge;\n"
        "        then it is kept as it is\n"
        "  baomi selfcheck list\n"
        "        历年自查自评 / the self-assessments by year\n"
        "\n"
        "项目 / items: commitment, training, statement, count, device, loan, incident\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_YEAR = 0x3300,
	OPT_ITEM,
	OPT_ANSWER,
	OPT_NOTE,
	OPT_DEPARTMENT,
	OPT_DEADLINE,
	OPT_RESPONSIBLE,
	OPT_AS,
};

static const struct option sc_opts[] = {
        {"year", required_argument, NULL, OPT_YEAR},
        {"item", required_argument, NULL, OPT_ITEM},
        {"answer", required_argument, NULL, OPT_ANSWER},
        {"note", required_argument, NULL, OPT_NOTE},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"deadline", required_argument, NULL, OPT_DEADLINE},
        {"responsible", required_argument, NULL, OPT_RESPONSIBLE},
        {"as", required_argument, NULL, OPT_AS},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct sc_args {
	bm_cli_common common;
	const char *year, *as;
	bm_sa_answer_input in;
	int64_t id;
} sc_args;

static int parse_args(const char *sub, int argc, char **argv, sc_args *a)
{
	int opt;
	bool wants_id =
	        strcmp(sub, "answer") == 0 || strcmp(sub, "sign") == 0 || strcmp(sub, "show") == 0;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", sc_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_YEAR: a->year = optarg; break;
		case OPT_ITEM: a->in.item = optarg; break;
		case OPT_ANSWER: a->in.answer = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_DEPARTMENT: a->in.department = optarg; break;
		case OPT_DEADLINE: a->in.deadline = optarg; break;
		case OPT_RESPONSIBLE: a->in.responsible = optarg; break;
		case OPT_AS: a->as = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("selfcheck", "unknown option for '%s'", sub);
		}
	}
	if (wants_id && optind < argc) {
		if (!(a->id = bm_cli_parse_id(argv[optind])))
			return bm_cli_usage("selfcheck", "'%s' is not a self-assessment ID",
			                    argv[optind]);
		optind++;
	}
	if (optind < argc)
		return bm_cli_usage("selfcheck", "unexpected argument '%s'", argv[optind]);
	if (wants_id && !a->id && !(strcmp(sub, "show") == 0 && a->year))
		return bm_cli_usage("selfcheck", "'%s' needs a self-assessment ID", sub);
	return 0;
}

static const char *status_zh(const bm_sa_row *r)
{
	return r->leader_signed_at  ? "已签字 signed"
	       : r->clerk_signed_at ? "保密员已签字 clerk signed"
	                            : "进行中 open";
}

static void print_row(const bm_sa_row *r)
{
	printf("%-6lld %d 年度  %s  答复 %lld/%lld  不符合 %lld\n", (long long)r->id, r->year,
	       status_zh(r), (long long)r->n_answered, (long long)r->n_items,
	       (long long)r->n_findings);
}

static void print_view(const bm_sa_view *v)
{
	print_row(v->sa);
	printf("开展 started: %s %s\n", v->sa->started_by_name ? v->sa->started_by_name : "-",
	       v->sa->started_at);
	for (size_t i = 0; i < v->n_items; i++) {
		const bm_sa_item_row *it = &v->items[i];
		printf("  %d. [%s] %-10s 依据 evidence %lld  %s", it->position, it->rule, it->item,
		       (long long)it->evidence_count, it->answer ? it->answer : "—");
		if (it->department_name)
			printf("  整改 %s 期限 %s", it->department_name,
			       it->deadline ? it->deadline : "-");
		if (it->note)
			printf("  (%s)", it->note);
		printf("\n");
	}
	if (v->sa->clerk_signed_at)
		printf("保密员签字 clerk: %s %s\n", v->sa->clerk_name ? v->sa->clerk_name : "-",
		       v->sa->clerk_signed_at);
	if (v->sa->leader_signed_at)
		printf("分管领导签字 leader: %s %s\n",
		       v->sa->leader_name ? v->sa->leader_name : "-", v->sa->leader_signed_at);
}

static void emit_view(bm_cli_session *s, const bm_sa_view *v)
{
	if (s->json) {
		json_t *o = bm_sa_to_json(v);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_view(v);
	}
}

static int do_list(bm_cli_session *s)
{
	bm_sa_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_insp_sa_list(&s->ctx, &rows, &n)) != 0)
		return rc;
	if (s->json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_sa_row_to_json(&rows[i]));
		bm_cli_print_items(arr);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		print_row(&rows[i]);
	printf("共 %zu 份 / %zu self-assessments\n", n, n);
	return 0;
}

int bm_cmd_selfcheck(int argc, char **argv)
{
	static const char *const subs[] = {"start", "show", "answer", "sign", "list"};
	bm_cli_session s;
	sc_args a;
	bm_sa_view v = {0};
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("selfcheck"), BM_EXIT_USAGE)
		                : bm_cli_help("selfcheck");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known = known || strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("selfcheck", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("selfcheck") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (strcmp(sub, "list") == 0) {
			rc = do_list(&s);
		} else {
			if (strcmp(sub, "start") == 0)
				rc = bm_svc_insp_sa_start(&s.ctx, a.year, &v);
			else if (strcmp(sub, "show") == 0)
				rc = bm_svc_insp_sa_show(&s.ctx, a.id, a.year, &v);
			else if (strcmp(sub, "answer") == 0)
				rc = bm_svc_insp_sa_answer(&s.ctx, a.id, &a.in, &v);
			else
				rc = bm_svc_insp_sa_sign(&s.ctx, a.id, a.as, &v);
			if (rc == 0)
				emit_view(&s, &v);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
