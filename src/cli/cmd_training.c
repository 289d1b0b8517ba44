/*
 * cmd_training.c — `baomi training`: training sessions and attendance
 * (保密教育培训, PERSON-6): add a session, take attendance, sign the sheet,
 * list, show, the unit's yearly summary. The rules live in
 * service/people.c and policy/people.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/people.h"

const char bm_help_training[] =
        "baomi training — 保密教育培训 / training sessions (PERSON-6)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi training add --on DATE --topic T --hours H --trainer NAME   登记一次培训\n"
        "        a session (H like 2 or 1.5)\n"
        "  baomi training attend ID P...     签到：保密员逐人记录 / take attendance\n"
        "  baomi training sign ID            签署签到表，此后不再变更 / sign the sheet\n"
        "  baomi training show ID            一次培训及签到 / one session\n"
        "  baomi training list [--year Y]    培训清单 / sessions\n"
        "        [--format csv|xlsx [--out FILE]]   保密教育培训登记表（CSV 或 Excel；xlsx 须\n"
        "        --out）/ the register as CSV or an Excel workbook (xlsx needs --out)\n"
        "  baomi training summary [--year Y] 年度汇总：每人学时，不足 training.min_hours 的人数\n"
        "        the unit's yearly summary: hours per person, those short\n"
        "\n"
        "培训由保密员登记。Sessions are recorded by the secrecy clerk.\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict (已签署 signed, 已签到 already attended).\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_ON = 0x2700,
	OPT_TOPIC,
	OPT_HOURS,
	OPT_TRAINER,
	OPT_YEAR,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option training_opts[] = {
        {"on", required_argument, NULL, OPT_ON},
        {"topic", required_argument, NULL, OPT_TOPIC},
        {"hours", required_argument, NULL, OPT_HOURS},
        {"trainer", required_argument, NULL, OPT_TRAINER},
        {"year", required_argument, NULL, OPT_YEAR},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct training_args {
	bm_cli_common common;
	bm_training_input in;
	int year;
	int64_t id;
	char **people;
	int n_people;
	const char *format, *out; /* list --format csv|xlsx [--out FILE] (issue 15) */
	bool sheet;
	bm_sheet_format sheet_format;
} training_args;

static int parse_args(const char *sub, int argc, char **argv, training_args *a)
{
	int opt;

	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", training_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_ON: a->in.held_on = optarg; break;
		case OPT_TOPIC: a->in.topic = optarg; break;
		case OPT_HOURS: a->in.hours = optarg; break;
		case OPT_TRAINER: a->in.trainer = optarg; break;
		case OPT_YEAR: {
			int64_t y = bm_cli_parse_id(optarg);
			if (y < 1900 || y > 9999)
				return bm_cli_usage("training", "'%s' is not a year", optarg);
			a->year = (int)y;
			break;
		}
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("training", "unknown option for '%s'", sub);
		}
	}
	if ((a->format || a->out) && strcmp(sub, "list") != 0)
		return bm_cli_usage("training", "--format and --out go with 'list'");
	if (strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0 || strcmp(sub, "summary") == 0) {
		if (optind < argc)
			return bm_cli_usage("training", "unexpected argument '%s'", argv[optind]);
		if (strcmp(sub, "list") == 0)
			return bm_cli_sheet_opts("training", a->format, a->out, &a->sheet,
			                         &a->sheet_format);
		if (strcmp(sub, "add") == 0 && (!a->in.held_on || !a->in.topic || !a->in.hours))
			return bm_cli_usage("training",
			                    "add needs --on, --topic, --hours, --trainer");
		return 0;
	}
	if (optind >= argc || !(a->id = bm_cli_parse_id(argv[optind])))
		return bm_cli_usage("training", "'%s' needs one session ID", sub);
	a->people = argv + optind + 1;
	a->n_people = argc - optind - 1;
	if (strcmp(sub, "attend") == 0 ? a->n_people < 1 : a->n_people != 0)
		return bm_cli_usage("training", strcmp(sub, "attend") == 0
		                                        ? "attend needs one or more people"
		                                        : "unexpected argument");
	return 0;
}

static double hours(int tenths)
{
	return (double)tenths / 10.0;
}

static void print_training(const bm_training *t)
{
	printf("培训 training %lld  %s  %s  %.1f 学时 hours  授课 trainer %s  %s\n",
	       (long long)t->id, t->held_on, t->topic, hours(t->hours_tenths), t->trainer,
	       t->signed_at ? "已签署 signed" : "签到中 open");
	if (t->attendee_ids)
		for (size_t i = 0; i < t->n_attendees; i++)
			printf("  %lld %s\n", (long long)t->attendee_ids[i], t->attendee_names[i]);
	printf("  共 %zu 人 / %zu attendees\n", t->n_attendees, t->n_attendees);
}

static int show(bm_cli_session *s, int64_t id)
{
	bm_training *t = NULL;
	int rc = bm_svc_training_get(&s->ctx, id, &t);
	if (rc != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_training_to_json(t);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_training(t);
	}
	return 0;
}

static int do_list(bm_cli_session *s, const training_args *a)
{
	bm_training *t = NULL;
	size_t n = 0;
	int year = a->year;
	int rc = bm_svc_training_list(&s->ctx, year, &t, &n);
	if (rc != 0)
		return rc;
	if (a->sheet) {
		/* issue 15: 保密教育培训登记表, the sheet of GET /trainings?format= */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_training_to_json(&t[i]));
		return bm_cli_list_export(s, "trainings",
		                          year ? bm_arena_printf(s->ctx.arena, "%d 年度", year)
		                               : NULL,
		                          arr, a->sheet_format, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_training_to_json(&t[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "trainings", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %s %5.1f %3zu %s %s\n", (long long)t[i].id, t[i].held_on,
		       hours(t[i].hours_tenths), t[i].n_attendees,
		       t[i].signed_at ? "signed" : "open ", t[i].topic);
	printf("共 %zu 次 / %zu sessions\n", n, n);
	return 0;
}

static int do_summary(bm_cli_session *s, int year)
{
	bm_training_summary sum;
	int rc = bm_svc_training_summary(&s->ctx, year, &sum);
	if (rc != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_training_summary_to_json(&sum);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	printf("%d 年度保密教育培训汇总 / training summary %d\n", sum.year, sum.year);
	printf("培训 %d 次，共 %.1f 学时；每人应不少于 %.1f 学时\n", sum.sessions,
	       hours(sum.session_tenths), hours(sum.required_tenths));
	printf("%d sessions, %.1f hours; at least %.1f hours each\n", sum.sessions,
	       hours(sum.session_tenths), hours(sum.required_tenths));
	for (size_t i = 0; i < sum.n_people; i++)
		printf("  %-5lld %-12s %-9s %5.1f%s\n", (long long)sum.people[i].person->id,
		       sum.people[i].person->name,
		       bm_class_names[sum.people[i].person->person_class].code,
		       hours(sum.people[i].year_tenths),
		       sum.people[i].year_tenths < sum.required_tenths ? "  不足 short" : "");
	printf("不足 %d 人 / %d short\n", sum.short_people, sum.short_people);
	return 0;
}

static int run(bm_cli_session *s, const char *sub, training_args *a)
{
	int rc = 0;
	if (strcmp(sub, "add") == 0) {
		bm_training *t = NULL;
		if ((rc = bm_svc_training_add(&s->ctx, &a->in, &t)) == 0) {
			if (!s->json)
				printf("培训已登记 training recorded: %lld\n", (long long)t->id);
			rc = show(s, t->id);
		}
	} else if (strcmp(sub, "attend") == 0) {
		for (int i = 0; i < a->n_people && rc == 0; i++)
			rc = bm_svc_training_attend(&s->ctx, a->id, a->people[i]);
		if (rc == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "sign") == 0) {
		if ((rc = bm_svc_training_sign(&s->ctx, a->id)) == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "show") == 0) {
		rc = show(s, a->id);
	} else if (strcmp(sub, "list") == 0) {
		rc = do_list(s, a);
	} else {
		rc = do_summary(s, a->year);
	}
	return rc;
}

int bm_cmd_training(int argc, char **argv)
{
	static const char *const subs[] = {"add", "attend", "sign", "show", "list", "summary"};
	bm_cli_session s;
	training_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("training"), BM_EXIT_USAGE)
		                : bm_cli_help("training");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("training", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("training") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0)
		rc = run(&s, sub, &a);
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
