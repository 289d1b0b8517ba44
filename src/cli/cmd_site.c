/*
 * cmd_site.c — `baomi site`: the register of key departments and places
 * (保密要害部门部位, SITE-1): register and edit an entry, its staff and
 * access lists, its physical measures, its visit log; list, show, print.
 * The rules live in policy/site.c, the use cases in service/site.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/site.h"

const char bm_help_site[] =
        "baomi site — 保密要害部门部位 / key departments and places (SITE-1)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi site add --name N --kind department|place --confirmed-by WHO --confirmed-on DATE\n"
        "        --leader P [--department D] [--place P] [--location TEXT] [--doc DOC] [--note T]\n"
        "        保密员登记要害部门（须指明部门）或要害部位（须指明存放场所或位置），\n"
        "        以及确定机关、确定日期、确定文件和责任领导\n"
        "        the clerk registers a key department (naming a department) or place (naming a\n"
        "        storage place or location), who confirmed it, when, the document, the leader\n"
        "  baomi site edit ID [same options]      修改 / change the fields given\n"
        "  baomi site revoke ID --reason TEXT     撤销 / revoke an entry\n"
        "  baomi site staff ID --add P | --remove P\n"
        "        工作人员名单：须为重要或核心涉密人员（SITE-1, PERSON-1），不得为临时聘用人员\n"
        "        the people working there: class important or core, never a temporary hire\n"
        "  baomi site access ID --add P | --remove P\n"
        "        准入名单：可不经陪同进入的其他人员 / others who may enter without an escort\n"
        "  baomi site measure ID --measure M --present yes|no [--checked DATE] [--note T]\n"
        "        防护措施检查 / a check of a physical measure: iron_door, iron_window, safe,\n"
        "        alarm, extinguisher, video\n"
        "  baomi site visit ID --reason R (--visitor NAME | --person P) [--org ORG]\n"
        "        [--escort P] [--in TIME]\n"
        "        来访登记：不在工作人员或准入名单上的人员须由该处工作人员陪同，否则拒绝（SITE-1）\n"
        "        a visit: a visitor on neither list needs an escort who works there (SITE-1)\n"
        "  baomi site leave VISIT_ID [--out TIME] 来访人员离开 / the visitor leaves\n"
        "  baomi site show ID [--json]            一个要害部门部位及其名单、措施、来访、历史\n"
        "  baomi site list [--status active|revoked] [--kind K] [--department D] [--search Q]\n"
        "        [--format text|csv|json|xlsx] [--file FILE]  登记表 / the register\n"
        "  baomi site visits [ID] [--open] [--format text|csv|json|xlsx] [--file FILE]\n"
        "        来访登记簿 / the visit log (--open: those still inside)\n"
        "\n"
        "时间格式 / instants: YYYY-MM-DDTHH:MM:SSZ；缺省为现在 / default now.\n"
        "\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused (SITE-1, PERSON-1, PERSON-3, 角色 role), 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_NAME = 0x2600,
	OPT_KIND,
	OPT_DEPARTMENT,
	OPT_PLACE,
	OPT_LOCATION,
	OPT_CONFIRMED_BY,
	OPT_CONFIRMED_ON,
	OPT_DOC,
	OPT_LEADER,
	OPT_NOTE,
	OPT_REASON,
	OPT_ADD,
	OPT_REMOVE,
	OPT_MEASURE,
	OPT_PRESENT,
	OPT_CHECKED,
	OPT_VISITOR,
	OPT_PERSON,
	OPT_ORG,
	OPT_ESCORT,
	OPT_IN,
	OPT_OUT,
	OPT_STATUS,
	OPT_SEARCH,
	OPT_FORMAT,
	OPT_FILE,
	OPT_OPEN,
};

static const struct option site_opts[] = {
        {"name", required_argument, NULL, OPT_NAME},
        {"kind", required_argument, NULL, OPT_KIND},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"place", required_argument, NULL, OPT_PLACE},
        {"location", required_argument, NULL, OPT_LOCATION},
        {"confirmed-by", required_argument, NULL, OPT_CONFIRMED_BY},
        {"confirmed-on", required_argument, NULL, OPT_CONFIRMED_ON},
        {"doc", required_argument, NULL, OPT_DOC},
        {"leader", required_argument, NULL, OPT_LEADER},
        {"note", required_argument, NULL, OPT_NOTE},
        {"reason", required_argument, NULL, OPT_REASON},
        {"add", required_argument, NULL, OPT_ADD},
        {"remove", required_argument, NULL, OPT_REMOVE},
        {"measure", required_argument, NULL, OPT_MEASURE},
        {"present", required_argument, NULL, OPT_PRESENT},
        {"checked", required_argument, NULL, OPT_CHECKED},
        {"visitor", required_argument, NULL, OPT_VISITOR},
        {"person", required_argument, NULL, OPT_PERSON},
        {"org", required_argument, NULL, OPT_ORG},
        {"escort", required_argument, NULL, OPT_ESCORT},
        {"in", required_argument, NULL, OPT_IN},
        {"out", required_argument, NULL, OPT_OUT},
        {"status", required_argument, NULL, OPT_STATUS},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"file", required_argument, NULL, OPT_FILE},
        {"open", no_argument, NULL, OPT_OPEN},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct site_args {
	bm_cli_common common;
	bm_site_input in;
	bm_site_visit_input visit;
	bm_site_query query;
	const char *reason, *add, *remove, *measure, *present, *checked, *time_out, *format;
	const char *file; /* list, visits --format xlsx: the workbook's file */
	bool open_only;
	int64_t id;
} site_args;

static int parse_args(const char *sub, int argc, char **argv, site_args *a)
{
	bool no_id = strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0;
	bool opt_id = strcmp(sub, "visits") == 0;
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", site_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_NAME: a->in.name = optarg; break;
		case OPT_KIND: a->in.kind = a->query.kind = optarg; break;
		case OPT_DEPARTMENT: a->in.department = a->query.department = optarg; break;
		case OPT_PLACE: a->in.place = optarg; break;
		case OPT_LOCATION: a->in.location = optarg; break;
		case OPT_CONFIRMED_BY: a->in.confirmed_by = optarg; break;
		case OPT_CONFIRMED_ON: a->in.confirmed_on = optarg; break;
		case OPT_DOC: a->in.confirm_doc = optarg; break;
		case OPT_LEADER: a->in.leader = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_REASON: a->reason = a->visit.reason = optarg; break;
		case OPT_ADD: a->add = optarg; break;
		case OPT_REMOVE: a->remove = optarg; break;
		case OPT_MEASURE: a->measure = optarg; break;
		case OPT_PRESENT: a->present = optarg; break;
		case OPT_CHECKED: a->checked = optarg; break;
		case OPT_VISITOR: a->visit.visitor = optarg; break;
		case OPT_PERSON: a->visit.person = optarg; break;
		case OPT_ORG: a->visit.organisation = optarg; break;
		case OPT_ESCORT: a->visit.escort = optarg; break;
		case OPT_IN: a->visit.time_in = optarg; break;
		case OPT_OUT: a->time_out = optarg; break;
		case OPT_STATUS: a->query.status = optarg; break;
		case OPT_SEARCH: a->query.q = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_FILE: a->file = optarg; break;
		case OPT_OPEN: a->open_only = true; break;
		case 'h': return 1;
		default: return bm_cli_usage("site", "unknown option for '%s'", sub);
		}
	}
	if (no_id || (opt_id && optind == argc)) {
		if (optind < argc)
			return bm_cli_usage("site", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("site", "'%s' needs one ID", sub);
	}
	if ((strcmp(sub, "staff") == 0 || strcmp(sub, "access") == 0) && !a->add == !a->remove)
		return bm_cli_usage("site", "'%s' needs --add PERSON or --remove PERSON", sub);
	if (a->format && strcmp(a->format, "text") != 0 && strcmp(a->format, "csv") != 0 &&
	    strcmp(a->format, "json") != 0 && strcmp(a->format, "xlsx") != 0)
		return bm_cli_usage("site", "unknown format '%s' (text, csv, json, xlsx)",
		                    a->format);
	if ((a->format && strcmp(a->format, "xlsx") == 0) != (a->file != NULL))
		return bm_cli_usage("site", "--format xlsx goes with --file FILE");
	if (a->format && strcmp(a->format, "json") == 0)
		a->common.json = true;
	return 0;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_record(const bm_site_record *r)
{
	json_t *o = bm_site_record_to_json(r);
	const bm_site_row *s = r->site;
	size_t i;
	json_t *v;
	printf("要害部门部位 key site %lld  %s  [%s / %s]\n", (long long)s->id, s->name,
	       json_string_value(json_object_get(o, "status_name")),
	       json_string_value(json_object_get(o, "status_name_en")));
	printf("  类别 kind:          %s / %s\n",
	       json_string_value(json_object_get(o, "kind_name")),
	       json_string_value(json_object_get(o, "kind_name_en")));
	printf("  部门 department:    %s\n", or_dash(s->department_name));
	printf("  存放场所 place:     %s\n", or_dash(s->place_name));
	printf("  位置 location:      %s\n", or_dash(s->location));
	printf("  确定 confirmed:     %s  %s  %s\n", or_dash(s->confirmed_by),
	       or_dash(s->confirmed_on), or_dash(s->confirm_doc));
	printf("  责任领导 leader:    %s\n", or_dash(s->leader_name));
	if (s->note)
		printf("  备注 note:          %s\n", s->note);
	if (s->revoked_at)
		printf("  撤销 revoked:       %s  %s\n", s->revoked_at, or_dash(s->revoke_reason));
	printf("名单 lists:\n");
	for (i = 0; i < r->n_members; i++)
		printf("  %-8s %-12s %s涉密人员 / %s\n", r->members[i].kind,
		       or_dash(r->members[i].person_name),
		       bm_class_names[r->members[i].person_class].zh,
		       bm_class_names[r->members[i].person_class].en);
	printf("防护措施 measures:\n");
	json_array_foreach(json_object_get(o, "checklist"), i, v)
	{
		json_t *present = json_object_get(v, "present");
		printf("  %-14s %-6s %s\n", json_string_value(json_object_get(v, "measure")),
		       json_is_null(present)   ? "未检查"
		       : json_is_true(present) ? "具备"
		                               : "缺失",
		       or_dash(json_string_value(json_object_get(v, "checked_on"))));
	}
	printf("来访 visits:\n");
	for (i = 0; i < r->n_visits; i++)
		printf("  %-5lld %-12s %-20s 陪同 %-8s %s → %s\n", (long long)r->visits[i].id,
		       r->visits[i].visitor, r->visits[i].reason, or_dash(r->visits[i].escort_name),
		       r->visits[i].time_in, or_dash(r->visits[i].time_out));
	printf("历史 history:\n");
	for (i = 0; i < r->n_events; i++)
		printf("  %s  %-14s %-8s %s\n", r->events[i].at, r->events[i].action,
		       or_dash(r->events[i].actor_name), or_dash(r->events[i].detail));
	json_decref(o);
}

static int show(bm_cli_session *s, int64_t id)
{
	bm_site_record r;
	int rc;
	if ((rc = bm_svc_site_show(&s->ctx, id, &r)) != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_site_record_to_json(&r);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_record(&r);
	}
	return 0;
}

static bool is_csv(const site_args *a)
{
	return a->format && strcmp(a->format, "csv") == 0;
}

static int do_list(bm_cli_session *s, site_args *a)
{
	bm_site_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_site_list(&s->ctx, &a->query, &rows, &n)) != 0)
		return rc;
	if (a->file) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_site_to_json(&rows[i]));
		return bm_cli_list_sheet(s, "sites", NULL, arr, a->file);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_site_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "sites", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (is_csv(a)) {
		fputs("\xEF\xBB\xBF编号,名称,类别,部门,存放场所,位置,确定机关,确定日期,确定文件,"
		      "责任领导,工作人员数,准入人数,状态\r\n",
		      stdout);
		for (size_t i = 0; i < n; i++) {
			char id[24], st[24], ac[24];
			snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
			snprintf(st, sizeof(st), "%lld", (long long)rows[i].n_staff);
			snprintf(ac, sizeof(ac), "%lld", (long long)rows[i].n_access);
			bm_cli_print_csv(id, false);
			bm_cli_print_csv(rows[i].name, false);
			bm_cli_print_csv(rows[i].kind, false);
			bm_cli_print_csv(rows[i].department_name, false);
			bm_cli_print_csv(rows[i].place_name, false);
			bm_cli_print_csv(rows[i].location, false);
			bm_cli_print_csv(rows[i].confirmed_by, false);
			bm_cli_print_csv(rows[i].confirmed_on, false);
			bm_cli_print_csv(rows[i].confirm_doc, false);
			bm_cli_print_csv(rows[i].leader_name, false);
			bm_cli_print_csv(st, false);
			bm_cli_print_csv(ac, false);
			bm_cli_print_csv(rows[i].status, true);
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-10s %-8s %-20s %-10s %s  工作人员 %lld\n", (long long)rows[i].id,
		       rows[i].kind, rows[i].status, rows[i].name, or_dash(rows[i].leader_name),
		       rows[i].confirmed_on, (long long)rows[i].n_staff);
	printf("共 %zu 处 / %zu key sites\n", n, n);
	return 0;
}

static int do_visits(bm_cli_session *s, site_args *a)
{
	bm_site_visit_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_site_visits(&s->ctx, a->id, a->open_only, &rows, &n)) != 0)
		return rc;
	if (a->file) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_site_visit_to_json(&rows[i]));
		return bm_cli_list_sheet(s, "site-visits", NULL, arr, a->file);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_site_visit_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "visits", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (is_csv(a)) {
		fputs("\xEF\xBB\xBF编号,要害部门部位,来访人员,来访单位,事由,陪同人员,进入时间,"
		      "离开时间\r\n",
		      stdout);
		for (size_t i = 0; i < n; i++) {
			char id[24];
			snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
			bm_cli_print_csv(id, false);
			bm_cli_print_csv(rows[i].site_name, false);
			bm_cli_print_csv(rows[i].visitor, false);
			bm_cli_print_csv(rows[i].organisation, false);
			bm_cli_print_csv(rows[i].reason, false);
			bm_cli_print_csv(rows[i].escort_name, false);
			bm_cli_print_csv(rows[i].time_in, false);
			bm_cli_print_csv(rows[i].time_out, true);
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-16s %-12s %-20s 陪同 %-8s %s → %s\n", (long long)rows[i].id,
		       rows[i].site_name, rows[i].visitor, rows[i].reason,
		       or_dash(rows[i].escort_name), rows[i].time_in, or_dash(rows[i].time_out));
	printf("共 %zu 次 / %zu visits\n", n, n);
	return 0;
}

static void emit_site(bm_cli_session *s, const char *what, const bm_site_row *r)
{
	if (s->json) {
		json_t *o = bm_site_to_json(r);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		printf("%s: %lld %s\n", what, (long long)r->id, r->name);
	}
}

static int run(bm_cli_session *s, const char *sub, site_args *a)
{
	bm_site_row *r = NULL;
	int rc;
	if (strcmp(sub, "add") == 0) {
		if ((rc = bm_svc_site_add(&s->ctx, &a->in, &r)) == 0)
			emit_site(s, "已登记 registered", r);
	} else if (strcmp(sub, "edit") == 0) {
		if ((rc = bm_svc_site_edit(&s->ctx, a->id, &a->in, &r)) == 0)
			emit_site(s, "已修改 changed", r);
	} else if (strcmp(sub, "revoke") == 0) {
		if ((rc = bm_svc_site_revoke(&s->ctx, a->id, a->reason, &r)) == 0)
			emit_site(s, "已撤销 revoked", r);
	} else if (strcmp(sub, "staff") == 0 || strcmp(sub, "access") == 0) {
		rc = bm_svc_site_member(&s->ctx, a->id, a->add ? a->add : a->remove, sub,
		                        a->add != NULL);
		if (rc == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "measure") == 0) {
		bm_site_measure_row *m = NULL;
		rc = bm_svc_site_measure(&s->ctx, a->id, a->measure, a->present, a->checked,
		                         a->in.note, &m);
		if (rc == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "visit") == 0 || strcmp(sub, "leave") == 0) {
		bm_site_visit_row *v = NULL;
		rc = strcmp(sub, "visit") == 0
		             ? bm_svc_site_visit_in(&s->ctx, a->id, &a->visit, &v)
		             : bm_svc_site_visit_out(&s->ctx, a->id, a->time_out, &v);
		if (rc == 0 && s->json) {
			json_t *o = bm_site_visit_to_json(v);
			bm_cli_print_json(o);
			json_decref(o);
		} else if (rc == 0) {
			printf("来访 visit %lld: %s  %s → %s\n", (long long)v->id, v->visitor,
			       v->time_in, or_dash(v->time_out));
		}
	} else if (strcmp(sub, "show") == 0) {
		rc = show(s, a->id);
	} else if (strcmp(sub, "list") == 0) {
		rc = do_list(s, a);
	} else {
		rc = do_visits(s, a);
	}
	return rc;
}

int bm_cmd_site(int argc, char **argv)
{
	static const char *const subs[] = {"add",   "edit",  "revoke", "staff", "access", "measure",
	                                   "visit", "leave", "show",   "list",  "visits"};
	bm_cli_session s;
	site_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("site"), BM_EXIT_USAGE) : bm_cli_help("site");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("site", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("site") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0)
		rc = run(&s, sub, &a);
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
