/*
 * cmd_letter.c — `baomi letter`: personal letters (领导亲启, REG-3): log the
 * sealed envelope, record its opening by the addressee, list, show. The
 * rules live in service/letter.c; the contents are registered with
 * `baomi carrier register --letter ID`.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/letter.h"

const char bm_help_letter[] =
        "baomi letter — 亲启信件 / personal letters marked 领导亲启 (REG-3)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi letter log --sender S --addressee U [--received DATE] [--note TEXT]\n"
        "        保密员登记未拆封的亲启信件（信封：来信方、收到日期、收信人）\n"
        "        the clerk logs the sealed envelope: sender, date received, addressee\n"
        "  baomi letter open ID --classified yes|no [--note TEXT]\n"
        "        收信人本人登记拆封，并说明是否有涉密内容；其他任何人（包括保密员）拆封均被拒绝\n"
        "        the addressee, and only they, records the opening and whether it held\n"
        "        classified contents; anybody else, the clerk included, is refused (REG-3)\n"
        "  baomi letter show ID [--json]      一封信件 / one letter\n"
        "  baomi letter list [--status sealed|to_register|registered|closed] [--json]\n"
        "        [--format csv|xlsx [--out FILE]]\n"
        "        保密员看到全部信件，收信人看到自己的 / the clerk sees every letter, an\n"
        "        addressee their own; --format: the 领导亲启信件登记簿 as CSV or an Excel\n"
        "        workbook (xlsx needs --out) / the register as CSV or a workbook\n"
        "\n"
        "有涉密内容的信件状态为“待登记”，直到保密员登记其内容：\n"
        "A letter with classified contents stays \"to_register\" until the clerk registers them:\n"
        "  baomi carrier register --letter ID --title T --level L ...\n"
        "拆封后超过本单位登记时限（registration.max_days，默认当日）仍未交回登记的，\n"
        "`baomi alerts` 给出 REG-3 提醒。An opened letter not handed back within the policy's\n"
        "registration limit (registration.max_days, default the same day) raises a REG-3 alert.\n"
        "\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused (非收信人拆封 not the addressee, 角色 role), 6 已拆封 already opened.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_SENDER = 0x2500,
	OPT_ADDRESSEE,
	OPT_RECEIVED,
	OPT_NOTE,
	OPT_CLASSIFIED,
	OPT_STATUS,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option letter_opts[] = {
        {"sender", required_argument, NULL, OPT_SENDER},
        {"addressee", required_argument, NULL, OPT_ADDRESSEE},
        {"received", required_argument, NULL, OPT_RECEIVED},
        {"note", required_argument, NULL, OPT_NOTE},
        {"classified", required_argument, NULL, OPT_CLASSIFIED},
        {"status", required_argument, NULL, OPT_STATUS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct letter_args {
	bm_cli_common common;
	bm_letter_input in;
	const char *classified, *status;
	const char *format, *out; /* list --format csv|xlsx [--out FILE] (issue 15) */
	bool sheet;
	bm_sheet_format sheet_format;
	int64_t id;
} letter_args;

static int parse_args(const char *sub, int argc, char **argv, letter_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", letter_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_SENDER: a->in.sender = optarg; break;
		case OPT_ADDRESSEE: a->in.addressee = optarg; break;
		case OPT_RECEIVED: a->in.received_on = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_CLASSIFIED: a->classified = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("letter", "unknown option for '%s'", sub);
		}
	}
	if (strcmp(sub, "log") == 0 || strcmp(sub, "list") == 0) {
		if (optind < argc)
			return bm_cli_usage("letter", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("letter", "'%s' needs one letter ID", sub);
	}
	if (strcmp(sub, "open") == 0 && (!a->classified || (strcmp(a->classified, "yes") != 0 &&
	                                                    strcmp(a->classified, "no") != 0)))
		return bm_cli_usage("letter", "open needs --classified yes|no");
	if ((a->format || a->out) && strcmp(sub, "list") != 0)
		return bm_cli_usage("letter", "--format and --out go with 'list'");
	return bm_cli_sheet_opts("letter", a->format, a->out, &a->sheet, &a->sheet_format);
}

static void print_letter(const bm_letter_row *l)
{
	json_t *o = bm_letter_to_json(l);
	printf("信件 letter %lld  [%s / %s]\n", (long long)l->id,
	       json_string_value(json_object_get(o, "status_name")),
	       json_string_value(json_object_get(o, "status_name_en")));
	printf("  来信 sender:       %s\n", l->sender);
	printf("  收到 received:     %s\n", l->received_on);
	printf("  收信人 addressee:  %s\n", l->addressee_name ? l->addressee_name : "-");
	printf("  登记 logged:       %s（%s）\n", l->logged_at,
	       l->logged_by_name ? l->logged_by_name : "-");
	if (l->note)
		printf("  备注 note:         %s\n", l->note);
	if (l->opened_at)
		printf("  拆封 opened:       %s  涉密内容 classified: %s\n", l->opened_at,
		       l->classified ? "有 yes" : "无 no");
	if (l->open_note)
		printf("  拆封说明 note:     %s\n", l->open_note);
	if (l->registered_at)
		printf("  内容登记 registered: %s\n", l->registered_at);
	for (size_t i = 0; i < l->n_carriers; i++)
		printf("  载体 carrier:      %lld\n", (long long)l->carrier_ids[i]);
	json_decref(o);
}

static void emit_letter(bm_cli_session *s, const bm_letter_row *l)
{
	if (s->json) {
		json_t *o = bm_letter_to_json(l);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_letter(l);
	}
}

static int do_list(bm_cli_session *s, letter_args *a)
{
	bm_letter_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_letter_list(&s->ctx, a->status, &rows, &n)) != 0)
		return rc;
	if (a->sheet) {
		/* issue 15: 领导亲启信件登记簿, the sheet of GET /letters?format= */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_letter_to_json(&rows[i]));
		return bm_cli_list_export(s, "letters", NULL, arr, a->sheet_format, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_letter_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "letters", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-6lld %-11s %s  %-10s  %s\n", (long long)rows[i].id, rows[i].status,
		       rows[i].received_on, rows[i].addressee_name ? rows[i].addressee_name : "-",
		       rows[i].sender);
	printf("共 %zu 件 / %zu letters\n", n, n);
	return 0;
}

int bm_cmd_letter(int argc, char **argv)
{
	static const char *const subs[] = {"log", "open", "show", "list"};
	bm_cli_session s;
	letter_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("letter"), BM_EXIT_USAGE) : bm_cli_help("letter");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("letter", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("letter") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		bm_letter_row *l = NULL;
		if (strcmp(sub, "log") == 0) {
			if ((rc = bm_svc_letter_log(&s.ctx, &a.in, &l)) == 0) {
				if (!s.json)
					printf("已登记 letter logged: %lld\n", (long long)l->id);
				emit_letter(&s, l);
			}
		} else if (strcmp(sub, "open") == 0) {
			if ((rc = bm_svc_letter_open(&s.ctx, a.id, strcmp(a.classified, "yes") == 0,
			                             a.in.note, &l)) == 0) {
				if (!s.json)
					printf("已拆封 opened: %lld\n", (long long)l->id);
				emit_letter(&s, l);
			}
		} else if (strcmp(sub, "show") == 0) {
			if ((rc = bm_svc_letter_show(&s.ctx, a.id, &l)) == 0)
				emit_letter(&s, l);
		} else {
			rc = do_list(&s, &a);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
