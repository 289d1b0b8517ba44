/*
 * cmd_person.c — `baomi person`: the register of cleared people (涉密人员,
 * PERSON-1..8, KEEP-2, ORG-1): list, show, the lifecycle steps (vetting,
 * commitment, clearance, statement, exit commitment, leaving), trips
 * abroad and the roster (花名册). The rules live in service/people.c and
 * policy/people.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/people.h"

const char bm_help_person[] =
        "baomi person — 涉密人员登记 / the register of cleared people (PERSON-1..8)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi person list [--stage S] [--class C] [--department D] [--search T]\n"
        "        人员清单 / the register (stage: account candidate refused vetted trained\n"
        "        committed cleared leaving decl ended)\n"
        "        [--format csv|xlsx [--out FILE]]   涉密人员登记表（CSV 或 Excel；xlsx 须\n"
        "        --out）/ the register as CSV or an Excel workbook (xlsx needs --out)\n"
        "  baomi person show P                       人员档案及历史 / record and history\n"
        "  baomi person vet P --on DATE --result pass|fail [--note T]   审查（PERSON-2）\n"
        "  baomi person post P --post TEXT           岗位（PERSON-3）/ the post\n"
        "  baomi person commit P --on DATE           上岗保密承诺书（PERSON-2）/ commitment\n"
        "  baomi person clear P --class C --on DATE  确定为涉密人员：须已审查、培训、签承诺书\n"
        "        （PERSON-2），临时人员不得（PERSON-3）/ clear: vetted, trained, committed\n"
        "  baomi person statement P --on DATE        保密工作责任书（ORG-1，每年）/ statement\n"
        "  baomi person exit-commit P --on DATE      离岗保密承诺书（PERSON-4）/ exit commitment\n"
        "  baomi person leave P --on DATE [--moving] 离岗离职，开始脱密期；持有载体时拒绝\n"
        "        （KEEP-2、PERSON-4）/ leave (or --moving off the post): starts the 脱密期\n"
        "  baomi person trip P --to PLACE --depart DATE --return DATE --briefed DATE\n"
        "        [--purpose T]    出国（境）登记，须已接受保密教育（PERSON-8）/ a trip abroad\n"
        "  baomi person trip-approve TRIP            按类别审批（person.trip_approver.*：\n"
        "        默认核心由主要领导、重要和一般由分管领导）/ approve by class (PERSON-8)\n"
        "  baomi person trip-depart TRIP --on DATE   出行：未经审批的拒绝（PERSON-8）/ departed\n"
        "  baomi person trip-report TRIP --on DATE [--note T]   回国报告 / report back\n"
        "  baomi person trips [--person P] [--department D] [--from DATE] [--to DATE]\n"
        "        [--status pending|approved|departed|reported|unreported]\n"
        "        [--format csv|xlsx [--out FILE]]   出国（境）登记：全部出行及其状态，\n"
        "        --from/--to 为在外期间（PERSON-8）/ the register of trips abroad, every trip\n"
        "        and its state; --from/--to: abroad at some time in the period\n"
        "  baomi person roster [--csv | --format csv|xlsx] [--out FILE]\n"
        "        涉密人员花名册（核心、重要，PERSON-5）/ the roster; xlsx needs --out\n"
        "\n"
        "P 为人员编号、用户名或姓名。登记由安全保密管理员办理，保密员可查看。\n"
        "P is an id, username or name. The security administrator records; the clerk reads.\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_ON = 0x2600,
	OPT_RESULT,
	OPT_NOTE,
	OPT_POST,
	OPT_CLASS,
	OPT_MOVING,
	OPT_TO,
	OPT_DEPART,
	OPT_RETURN,
	OPT_BRIEFED,
	OPT_PURPOSE,
	OPT_STAGE,
	OPT_DEPARTMENT,
	OPT_SEARCH,
	OPT_CSV,
	OPT_FORMAT,
	OPT_OUT,
	OPT_FROM,
	OPT_PERSON,
	OPT_STATUS,
};

static const struct option person_opts[] = {
        {"on", required_argument, NULL, OPT_ON},
        {"result", required_argument, NULL, OPT_RESULT},
        {"note", required_argument, NULL, OPT_NOTE},
        {"post", required_argument, NULL, OPT_POST},
        {"class", required_argument, NULL, OPT_CLASS},
        {"moving", no_argument, NULL, OPT_MOVING},
        {"to", required_argument, NULL, OPT_TO},
        {"depart", required_argument, NULL, OPT_DEPART},
        {"return", required_argument, NULL, OPT_RETURN},
        {"briefed", required_argument, NULL, OPT_BRIEFED},
        {"purpose", required_argument, NULL, OPT_PURPOSE},
        {"stage", required_argument, NULL, OPT_STAGE},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"csv", no_argument, NULL, OPT_CSV},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        {"from", required_argument, NULL, OPT_FROM},
        {"person", required_argument, NULL, OPT_PERSON},
        {"status", required_argument, NULL, OPT_STATUS},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct person_args {
	bm_cli_common common;
	const char *on, *result, *note, *post, *klass;
	bool moving, csv;
	const char *format, *out;
	bm_sheet_format sheet;
	bm_trip_input trip;
	bm_people_query q;
	bm_trip_query trips; /* `trips`: --to is the period's end, not a destination */
	const char *target;
} person_args;

static int parse_args(const char *sub, int argc, char **argv, person_args *a)
{
	bool no_target =
	        strcmp(sub, "list") == 0 || strcmp(sub, "roster") == 0 || strcmp(sub, "trips") == 0;
	int opt;

	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", person_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_ON: a->on = optarg; break;
		case OPT_RESULT: a->result = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_POST: a->post = optarg; break;
		case OPT_CLASS: a->klass = optarg; break;
		case OPT_MOVING: a->moving = true; break;
		case OPT_TO: a->trip.destination = optarg; break;
		case OPT_DEPART: a->trip.depart_on = optarg; break;
		case OPT_RETURN: a->trip.return_on = optarg; break;
		case OPT_BRIEFED: a->trip.briefed_on = optarg; break;
		case OPT_PURPOSE: a->trip.purpose = optarg; break;
		case OPT_STAGE: a->q.stage = optarg; break;
		case OPT_DEPARTMENT: a->q.department = optarg; break;
		case OPT_SEARCH: a->q.q = optarg; break;
		case OPT_CSV: a->csv = true; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case OPT_FROM: a->trips.from = optarg; break;
		case OPT_PERSON: a->trips.person = optarg; break;
		case OPT_STATUS: a->trips.status = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("person", "unknown option for '%s'", sub);
		}
	}
	if (no_target) {
		if (optind < argc)
			return bm_cli_usage("person", "unexpected argument '%s'", argv[optind]);
		a->q.class_code = a->klass;
		a->trips.to = a->trip.destination;
		a->trips.department = a->q.department;
		return bm_cli_sheet_opts("person", a->format, a->out, &a->csv, &a->sheet);
	}
	if (optind + 1 != argc)
		return bm_cli_usage("person", "'%s' needs one person", sub);
	a->target = argv[optind];
	if ((strcmp(sub, "vet") == 0 || strcmp(sub, "commit") == 0 || strcmp(sub, "clear") == 0 ||
	     strcmp(sub, "statement") == 0 || strcmp(sub, "exit-commit") == 0 ||
	     strcmp(sub, "leave") == 0 || strcmp(sub, "trip-report") == 0 ||
	     strcmp(sub, "trip-depart") == 0) &&
	    !a->on)
		return bm_cli_usage("person", "'%s' needs --on DATE", sub);
	if (strcmp(sub, "vet") == 0 && !a->result)
		return bm_cli_usage("person", "vet needs --result pass|fail");
	if (strcmp(sub, "clear") == 0 && !a->klass)
		return bm_cli_usage("person", "clear needs --class C");
	if (strcmp(sub, "post") == 0 && !a->post)
		return bm_cli_usage("person", "post needs --post TEXT");
	if (strncmp(sub, "trip-", 5) == 0 && !bm_cli_parse_id(a->target))
		return bm_cli_usage("person", "'%s' is not a trip ID", a->target);
	return 0;
}

static double hours(int tenths)
{
	return (double)tenths / 10.0;
}

static void print_view(const bm_person_view *v)
{
	const bm_person *p = v->person;
	const bm_person_record *r = v->record;

	printf("人员 person %lld  %s%s%s  [%s %s]\n", (long long)p->id, p->name,
	       p->username ? " @" : "", p->username ? p->username : "", v->stage_zh, v->stage_en);
	printf("  部门 department: %s   岗位 post: %s\n", v->department ? v->department : "-",
	       r->post ? r->post : "-");
	printf("  类别 class: %s %s%s\n", bm_class_names[p->person_class].zh,
	       bm_class_names[p->person_class].en, p->temporary ? "  临时 temporary" : "");
	printf("  审查 vetting: %s %s\n", r->vetted_on ? r->vetted_on : "-",
	       r->vetting_result ? r->vetting_result : "");
	printf("  承诺书 commitment: %s   确定 cleared: %s\n",
	       p->commitment_signed_on ? p->commitment_signed_on : "-",
	       r->cleared_on ? r->cleared_on : "-");
	printf("  责任书 statement: %s (至 until %s)\n", r->statement_on ? r->statement_on : "-",
	       v->statement_until ? v->statement_until : "-");
	printf("  学时 hours: 本年 this year %.1f, 近12个月 last 12 months %.1f, 最近 last %s\n",
	       hours(v->year_tenths), hours(v->recent_tenths),
	       v->last_training ? v->last_training : "-");
	if (r->exit_commitment_on)
		printf("  离岗承诺书 exit commitment: %s\n", r->exit_commitment_on);
	if (r->left_on)
		printf("  离岗 left: %s (%s)  脱密期至 declassification until %s\n", r->left_on,
		       r->leave_kind ? r->leave_kind : "-", r->decl_until ? r->decl_until : "-");
	if (v->blocked)
		printf("  不得接触涉密载体 blocked [%s]: %s / %s\n", v->blocked_rule, v->blocked_zh,
		       v->blocked_en);
	if (v->events) {
		printf("  持有 holds: 保管 kept %lld, 借出 on loan %lld\n",
		       (long long)v->holds.kept, (long long)v->holds.on_loan);
		for (size_t i = 0; i < v->n_trips; i++)
			printf("  出国（境）trip %lld: %s %s..%s 报告 reported %s\n",
			       (long long)v->trips[i].id, v->trips[i].destination,
			       v->trips[i].depart_on, v->trips[i].return_on,
			       v->trips[i].reported_on ? v->trips[i].reported_on : "-");
		for (size_t i = 0; i < v->n_trainings; i++)
			printf("  培训 training %lld: %s %s %.1f\n", (long long)v->trainings[i].id,
			       v->trainings[i].held_on, v->trainings[i].topic,
			       hours(v->trainings[i].hours_tenths));
		printf("  历史 history:\n");
		for (size_t i = 0; i < v->n_events; i++)
			printf("    %s %s %s -> %s %s(%s)\n", v->events[i].at, v->events[i].kind,
			       v->events[i].from_value ? v->events[i].from_value : "-",
			       v->events[i].to_value ? v->events[i].to_value : "-",
			       v->events[i].note ? v->events[i].note : "",
			       v->events[i].actor_name ? v->events[i].actor_name : "-");
	}
}

static int show(bm_cli_session *s, const char *who, const char *zh, const char *en)
{
	bm_person_view *v = NULL;
	int rc = bm_svc_person_view(&s->ctx, who, &v);
	if (rc != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_person_view_to_json(v);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (zh)
		printf("%s / %s\n", zh, en);
	print_view(v);
	return 0;
}

static int do_list(bm_cli_session *s, person_args *a, bool roster)
{
	bm_person_view *v = NULL;
	size_t n = 0;
	int rc;

	if (roster && a->csv) {
		bm_buf b;
		bm_buf_init(&b, 16u << 20);
		if ((rc = bm_svc_people_roster_sheet(&s->ctx, a->sheet, &b)) == 0)
			rc = bm_cli_write_file(a->out, &b);
		bm_buf_release(&b);
		return rc;
	}
	a->q.roster = roster;
	if ((rc = bm_svc_people_list(&s->ctx, &a->q, &v, &n)) != 0)
		return rc;
	if (a->csv) {
		/* issue 15: 涉密人员登记表, the sheet of GET /people/register?format= */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_person_view_to_json(&v[i]));
		return bm_cli_list_export(s, "people", NULL, arr, a->sheet, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_person_view_to_json(&v[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "people", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (roster)
		printf("涉密人员花名册 / roster of core and important personnel (PERSON-5)\n");
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-12s %-8s %-10s %-10s %5.1f  %s%s\n", (long long)v[i].person->id,
		       v[i].person->name, bm_class_names[v[i].person->person_class].code,
		       v[i].stage, v[i].record->post ? v[i].record->post : "-",
		       hours(v[i].year_tenths), v[i].blocked ? "blocked " : "",
		       v[i].blocked ? v[i].blocked_rule : "");
	printf("共 %zu 人 / %zu people\n", n, n);
	return 0;
}

/* PERSON-8: a trip and where its approval stands. */
static void print_trip(bm_cli_session *s, const bm_person_trip *trip)
{
	if (s->json) {
		json_t *o = bm_trip_to_json(trip);
		bm_cli_print_json(o);
		json_decref(o);
		return;
	}
	printf("出国（境） trip %lld: %s %s..%s", (long long)trip->id, trip->destination,
	       trip->depart_on, trip->return_on);
	if (trip->departed_on)
		printf("，已出行 departed %s\n", trip->departed_on);
	else if (trip->next_role >= 0)
		printf("，待%s审批 awaiting the %s (%d/%d)\n", bm_role_names[trip->next_role].zh,
		       bm_role_names[trip->next_role].en, trip->approvals, trip->approvals_needed);
	else
		printf("，已批准 approved by %s\n", trip->approved_by);
}

/* PERSON-8: the register of trips abroad, printed or exported (issue 15 point 2). */
static int do_trips(bm_cli_session *s, person_args *a)
{
	bm_trip_row *rows = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;

	if ((rc = bm_svc_person_trips_register(&s->ctx, &a->trips, &rows, &n)) != 0)
		return rc;
	if (a->csv || s->json) {
		arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_trip_row_to_json(&rows[i]));
		if (a->csv)
			return bm_cli_list_export(s, "trips",
			                          bm_svc_trip_query_words(&s->ctx, &a->trips), arr,
			                          a->sheet, a->out);
		bm_cli_print_items(arr);
		return 0;
	}
	printf("出国（境）登记 / the register of trips abroad (PERSON-8)\n");
	for (size_t i = 0; i < n; i++) {
		const bm_person_trip *t = rows[i].trip;
		printf("%-5lld %-10s %-12s %s..%s %-9s %s%s\n", (long long)t->id,
		       t->person_name ? t->person_name : "-", t->destination, t->depart_on,
		       t->return_on,
		       t->reported_on     ? "reported"
		       : t->departed_on   ? "departed"
		       : t->next_role < 0 ? "approved"
		                          : "pending",
		       t->reported_on ? t->reported_on : "",
		       rows[i].unreported ? "逾期未报告 unreported (PERSON-8)" : "");
	}
	printf("共 %zu 次 / %zu trips\n", n, n);
	return 0;
}

static int run(bm_cli_session *s, const char *sub, person_args *a)
{
	const char *t = a->target;
	int rc;

	if (strcmp(sub, "list") == 0)
		return do_list(s, a, false);
	if (strcmp(sub, "roster") == 0)
		return do_list(s, a, true);
	if (strcmp(sub, "trips") == 0)
		return do_trips(s, a);
	if (strcmp(sub, "show") == 0)
		return show(s, t, NULL, NULL);
	if (strcmp(sub, "vet") == 0) {
		if ((rc = bm_svc_person_vet(&s->ctx, t, a->on, a->result, a->note)) == 0)
			rc = show(s, t, "审查已记录", "vetting recorded");
	} else if (strcmp(sub, "post") == 0) {
		if ((rc = bm_svc_person_post(&s->ctx, t, a->post)) == 0)
			rc = show(s, t, "岗位已记录", "post recorded");
	} else if (strcmp(sub, "commit") == 0) {
		if ((rc = bm_svc_person_commit(&s->ctx, t, a->on)) == 0)
			rc = show(s, t, "承诺书已记录", "commitment recorded");
	} else if (strcmp(sub, "clear") == 0) {
		if ((rc = bm_svc_person_clear(&s->ctx, t, a->klass, a->on)) == 0)
			rc = show(s, t, "已确定为涉密人员", "cleared");
	} else if (strcmp(sub, "statement") == 0) {
		if ((rc = bm_svc_person_statement(&s->ctx, t, a->on)) == 0)
			rc = show(s, t, "责任书已记录", "statement recorded");
	} else if (strcmp(sub, "exit-commit") == 0) {
		if ((rc = bm_svc_person_exit_commit(&s->ctx, t, a->on)) == 0)
			rc = show(s, t, "离岗承诺书已记录", "exit commitment recorded");
	} else if (strcmp(sub, "leave") == 0) {
		const char *until = NULL;
		if ((rc = bm_svc_person_leave(&s->ctx, t, a->on, a->moving, &until)) == 0)
			rc = show(s, t, "已离岗，脱密期开始",
			          "left; the declassification period began");
	} else if (strcmp(sub, "trip") == 0 || strcmp(sub, "trip-approve") == 0 ||
	           strcmp(sub, "trip-depart") == 0) {
		bm_person_trip *trip = NULL;
		if (strcmp(sub, "trip") == 0)
			rc = bm_svc_person_trip(&s->ctx, t, &a->trip, &trip);
		else if (strcmp(sub, "trip-approve") == 0)
			rc = bm_svc_person_trip_approve(&s->ctx, bm_cli_parse_id(t), &trip);
		else
			rc = bm_svc_person_trip_depart(&s->ctx, bm_cli_parse_id(t), a->on, &trip);
		if (rc == 0)
			print_trip(s, trip);
	} else {
		if ((rc = bm_svc_person_trip_report(&s->ctx, bm_cli_parse_id(t), a->on, a->note)) ==
		            0 &&
		    !s->json)
			printf("回国报告已记录 / report back recorded\n");
		else if (rc == 0)
			printf("{\"ok\": true}\n");
	}
	return rc;
}

int bm_cmd_person(int argc, char **argv)
{
	static const char *const subs[] = {
	        "list",        "show",      "vet",          "post",        "commit",
	        "clear",       "statement", "exit-commit",  "leave",       "trip",
	        "trip-report", "roster",    "trip-approve", "trip-depart", "trips"};
	bm_cli_session s;
	person_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("person"), BM_EXIT_USAGE) : bm_cli_help("person");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("person", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("person") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0)
		rc = run(&s, sub, &a);
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
