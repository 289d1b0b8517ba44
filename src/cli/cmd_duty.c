/*
 * cmd_duty.c — `baomi duty`: the unit's responsibility system (保密工作
 * 责任制, ORG-1): the leadership group (保密工作领导小组) with its head,
 * deputies, members and the leader in charge of secrecy work, and each
 * department's responsible leader and secrecy clerk. The rules live in
 * policy/duty.c; the use cases in service/duty.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/duty.h"

const char bm_help_duty[] =
        "baomi duty — 保密工作责任制 / the responsibility system (ORG-1)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi duty show [--history] [--json]\n"
        "        保密工作领导小组、各部门责任领导和保密员、责任书状态与缺口\n"
        "        the leadership group, each department's responsible leader and clerk,\n"
        "        their statements and the gaps (ORG-1 alerts); --history adds former\n"
        "        members, earlier lines and the history\n"
        "  baomi duty appoint --person P --role head|deputy|member [--in-charge]\n"
        "        --on DATE --document NO\n"
        "        任命领导小组组长、副组长或成员；--in-charge 为分管保密工作的领导\n"
        "        appoint the head, a deputy or a member of the group; --in-charge marks\n"
        "        the leader in charge of secrecy work\n"
        "  baomi duty end ID [--on DATE] [--document NO]\n"
        "        结束领导小组成员 ID 的职务（默认今天）/ end place ID in the group (default "
        "today)\n"
        "  baomi duty dept DEPT --leader P --clerk P [--since DATE] [--document NO]\n"
        "        登记部门保密工作责任领导和保密员（变更时上一条同日结束）\n"
        "        record a department's responsible leader and secrecy clerk (a change ends\n"
        "        the line before on the same day)\n"
        "\n"
        "规则 / rules (ORG-1): 成员、责任领导、保密员须为本单位在岗人员；组长只有一名，\n"
        "由主要领导或分管领导担任；分管保密工作的领导只有一名，须具有分管领导角色；部门\n"
        "保密员须为本部门人员。由保密员登记；三员不得登记。Members, leaders and clerks are\n"
        "active people of the unit; one head, the principal or a leader; one leader in\n"
        "charge, holding the leader role; a department's clerk is of that department.\n"
        "Recorded by the secrecy clerk; the three administrators may not.\n"
        "告警 / alerts (ORG-1): 未登记领导小组、无组长、无分管领导、部门无责任领导或保密员、\n"
        "成员或责任领导的保密工作责任书未签或过期（person.statement_months）。No group, no\n"
        "head, no leader in charge, a department without its leader or clerk, a member's or\n"
        "responsible leader's statement missing or lapsed. Statements: baomi person statement.\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_PERSON = 0x2700,
	OPT_ROLE,
	OPT_IN_CHARGE,
	OPT_ON,
	OPT_DOCUMENT,
	OPT_LEADER,
	OPT_CLERK,
	OPT_SINCE,
	OPT_HISTORY,
};

static const struct option duty_opts[] = {
        {"person", required_argument, NULL, OPT_PERSON},
        {"role", required_argument, NULL, OPT_ROLE},
        {"in-charge", no_argument, NULL, OPT_IN_CHARGE},
        {"on", required_argument, NULL, OPT_ON},
        {"document", required_argument, NULL, OPT_DOCUMENT},
        {"leader", required_argument, NULL, OPT_LEADER},
        {"clerk", required_argument, NULL, OPT_CLERK},
        {"since", required_argument, NULL, OPT_SINCE},
        {"history", no_argument, NULL, OPT_HISTORY},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct duty_args {
	bm_cli_common common;
	bm_duty_member_in member;
	bm_duty_dept_in dept;
	const char *on;
	bool history;
	char **positional;
	int n_positional;
} duty_args;

static int parse_args(const char *sub, int argc, char **argv, duty_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", duty_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_PERSON: a->member.person = optarg; break;
		case OPT_ROLE: a->member.role = optarg; break;
		case OPT_IN_CHARGE: a->member.in_charge = true; break;
		case OPT_ON: a->on = a->member.appointed_on = optarg; break;
		case OPT_DOCUMENT: a->member.document = a->dept.document = optarg; break;
		case OPT_LEADER: a->dept.leader = optarg; break;
		case OPT_CLERK: a->dept.clerk = optarg; break;
		case OPT_SINCE: a->dept.since = optarg; break;
		case OPT_HISTORY: a->history = true; break;
		case 'h': return 1;
		default: return bm_cli_usage("duty", "unknown option for '%s'", sub);
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

static const char *s_or(json_t *o, const char *key, const char *dflt)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s ? s : dflt;
}

static const char *statement_text(json_t *st)
{
	const char *state = s_or(st, "state", "");
	if (strcmp(state, "missing") == 0)
		return "责任书未签 no statement";
	return strcmp(state, "lapsed") == 0 ? "责任书已过期 lapsed" : "责任书有效 valid";
}

static void print_member(json_t *m)
{
	json_t *rn = json_object_get(m, "role_name");
	printf("%-4lld %-8s %-8s %-10s%s %s  %s",
	       (long long)json_integer_value(json_object_get(m, "id")), s_or(rn, "zh", "-"),
	       s_or(m, "person", "-"), s_or(m, "department", "-"),
	       json_is_true(json_object_get(m, "in_charge")) ? " 分管保密工作 in charge" : "",
	       s_or(m, "appointed_on", "-"), s_or(m, "document", "-"));
	if (json_object_get(m, "statement"))
		printf("  %s %s\n", statement_text(json_object_get(m, "statement")),
		       s_or(json_object_get(m, "statement"), "until", ""));
	else
		printf("  止 ended %s\n", s_or(m, "ended_on", "-"));
}

static void print_view(json_t *v)
{
	size_t i;
	json_t *x;
	printf("%s 保密工作责任制 / the responsibility system\n\n", s_or(v, "unit", ""));
	printf("保密工作领导小组 / the leadership group\n");
	json_array_foreach(json_object_get(v, "members"), i, x) print_member(x);
	if (!json_array_size(json_object_get(v, "members")))
		printf("  （未登记 none recorded）\n");
	printf("\n部门责任领导和保密员 / departments' responsible leaders and clerks\n");
	json_array_foreach(json_object_get(v, "departments"), i, x)
	{
		json_t *d = json_object_get(x, "duty");
		if (json_is_null(d) || !d) {
			printf("  %-12s 未明确 none recorded\n", s_or(x, "department", "-"));
			continue;
		}
		printf("  %-12s 责任领导 leader %-8s 保密员 clerk %-8s 自 since %s  %s\n",
		       s_or(x, "department", "-"), s_or(d, "leader", "-"), s_or(d, "clerk", "-"),
		       s_or(d, "since", "-"),
		       statement_text(json_object_get(d, "leader_statement")));
	}
	if (json_object_get(v, "former")) {
		printf("\n已结束 / ended places\n");
		json_array_foreach(json_object_get(v, "former"), i, x) print_member(x);
		printf("\n记录 / history\n");
		json_array_foreach(json_object_get(v, "events"), i, x)
		        printf("  %s  %-16s %s\n", s_or(x, "at", ""), s_or(x, "action", ""),
		               s_or(x, "actor", "-"));
	}
	printf("\n缺口 / gaps (ORG-1): %zu\n", json_array_size(json_object_get(v, "alerts")));
	json_array_foreach(json_object_get(v, "alerts"), i, x)
	        printf("  [%s %s] %s / %s\n", s_or(x, "rule", ""), s_or(x, "code", ""),
	               s_or(x, "text_zh", ""), s_or(x, "text_en", ""));
}

static int run(bm_cli_session *s, const char *sub, duty_args *a)
{
	int rc;
	if (strcmp(sub, "show") == 0) {
		json_t *v = NULL;
		if ((rc = bm_svc_duty_view(&s->ctx, a->history, &v)) != 0)
			return rc;
		if (s->json)
			bm_cli_print_json(v);
		else
			print_view(v);
		json_decref(v);
		return 0;
	}
	if (strcmp(sub, "appoint") == 0) {
		bm_duty_member *m = NULL;
		if ((rc = bm_svc_duty_member_add(&s->ctx, &a->member, &m)) == 0)
			printf("已任命 appointed: %lld %s %s\n", (long long)m->id, m->person_name,
			       m->role);
		return rc;
	}
	if (strcmp(sub, "end") == 0) {
		bm_duty_member *m = NULL;
		int64_t id = bm_cli_parse_id(a->positional[0]);
		if (!id)
			return bm_cli_usage("duty", "'%s' is not a place ID", a->positional[0]);
		if ((rc = bm_svc_duty_member_end(&s->ctx, id, a->on, a->member.document, &m)) == 0)
			printf("已结束 ended: %lld %s %s\n", (long long)m->id, m->person_name,
			       m->ended_on);
		return rc;
	}
	{
		bm_duty_dept *t = NULL;
		a->dept.department = a->positional[0];
		if ((rc = bm_svc_duty_dept_set(&s->ctx, &a->dept, &t)) == 0)
			printf("已登记 recorded: %s 责任领导 leader %s 保密员 clerk %s 自 since "
			       "%s\n",
			       t->department_name, t->leader_name, t->clerk_name, t->since);
		return rc;
	}
}

int bm_cmd_duty(int argc, char **argv)
{
	bm_cli_session s;
	duty_args a;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("duty"), BM_EXIT_USAGE) : bm_cli_help("duty");
	sub = argv[1];
	if (strcmp(sub, "show") && strcmp(sub, "appoint") && strcmp(sub, "end") &&
	    strcmp(sub, "dept"))
		return bm_cli_usage("duty", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("duty") : rc;
	if ((!strcmp(sub, "end") || !strcmp(sub, "dept")) && a.n_positional != 1)
		return bm_cli_usage("duty", "'%s' needs one %s", sub,
		                    strcmp(sub, "end") == 0 ? "ID" : "DEPT");
	if ((!strcmp(sub, "show") || !strcmp(sub, "appoint")) && a.n_positional != 0)
		return bm_cli_usage("duty", "unexpected argument '%s'", a.positional[0]);
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0)
		rc = run(&s, sub, &a);
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
