/*
 * cmd_custody.c — custody commands: `baomi handover`, `baomi depart`,
 * `baomi return-to-issuer`, `baomi volume create|add` (KEEP-2/3/4,
 * PERSON-4, LEVEL-5).
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

const char bm_help_handover[] =
        "baomi handover — 移交 / hand over everything a person keeps (KEEP-2)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi handover FROM TO [--from-paper] [--to-paper] [--note TEXT] [--json]\n"
        "  baomi handover list [--person P] [--from DATE] [--to DATE] [--json]\n"
        "                      [--format text|json|csv|xlsx [--book classified|ordinary] --out "
        "FILE]\n"
        "  baomi handover show ID [--json]\n"
        "\n"
        "把 FROM 保管的全部载体逐件列出并移交给 TO（须有相应密级资格，PERSON-1），双方本人确认\n"
        "移交清单（KEEP-2、REG-1）：有账号的一方在保密员终端上输入本人口令（无回显提示，或环境\n"
        "变量 BAOMI_FROM_PASSWORD、BAOMI_TO_PASSWORD），口令错误即拒绝、不移交，并计入其账号\n"
        "锁定（SYS-4）；没有账号的一方在打印的清单上手签（--from-paper、--to-paper）。录入的\n"
        "姓名不算签字（--from-signature、--to-signature 被拒绝，typed_signature）。清单记录每一方\n"
        "的确认方式，不记录口令。\n"
        "Every carrier FROM keeps goes to TO (who must be cleared for each level, PERSON-1),\n"
        "on one list both sides confirm themselves (KEEP-2, REG-1): a side with an account\n"
        "types their own password at the clerk's terminal (a prompt without echo, or\n"
        "$BAOMI_FROM_PASSWORD / $BAOMI_TO_PASSWORD); a wrong one is refused, nothing moves,\n"
        "and it counts towards their lockout (SYS-4). A side without an account signs the\n"
        "printed list by hand (--from-paper, --to-paper). A typed name is no signature.\n"
        "The list records how each side confirmed, never a password. Done by the secrecy\n"
        "clerk.\n"
        "\n"
        "list：移交登记簿，新的在前（--person 只列某人作为任一方的移交）；--format csv|xlsx\n"
        "输出打印用的登记簿（一本：--book classified 涉密，默认；ordinary 普通，REG-4），\n"
        "签字栏留空供手签。show ID：按移交时留存的清单重印（不是载体现在的状态），含双方\n"
        "确认方式。查阅登记簿者可读（管理员除外），只含本人有权知悉的载体（SYS-2），均记入审计。\n"
        "list: the 移交登记簿, newest first (--person: lists the person signed on either\n"
        "side); --format csv|xlsx writes the printed register, one book (REG-4), its 签字\n"
        "columns blank for the pen. show ID: the list as it was handed over, as stored\n"
        "then (not the carriers as they are now), with how each side confirmed. Read by the\n"
        "registers' readers (no administrator), only carriers you may see (SYS-2); audited.\n";

const char bm_help_depart[] =
        "baomi depart — 离岗登记 / record that a person left (KEEP-2, PERSON-4)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi depart PERSON --date YYYY-MM-DD [--json]\n"
        "\n"
        "仍保管或借用载体的人员不得离岗（先办理移交和归还）；登记后账户停用并记录脱密期截止日期。\n"
        "Refused while the person keeps or borrows any carrier (hand over and return first);\n"
        "then the person is marked left and the end of the declassification period is recorded.\n"
        "Done by the security administrator.\n";

const char bm_help_return_to_issuer[] =
        "baomi return-to-issuer — 清退 / return carriers to their issuer (KEEP-3)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi return-to-issuer ID... [--note TEXT] [--json]\n"
        "\n"
        "借出或外出中的载体须先收回。Carriers on loan or out must come back first.\n";

const char bm_help_volume[] =
        "baomi volume — 汇编、案卷 / volumes and compilations (LEVEL-5, KEEP-4)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi volume create --title T --level L [--place P] [--scope LIST] [--period P]\n"
        "                      [--doc-number N] [--note TEXT] PART...\n"
        "  baomi volume add VOLUME PART\n"
        "\n"
        "案卷密级为所含载体的最高密级，更高密级由定密责任人决定（LEVEL-4/"
        "5）；知悉范围为各载体知悉范围的\n"
        "交集，更宽须经批准扩大（CIRC-1）。\n"
        "A volume takes the highest level of its parts; a higher level is a classification\n"
        "authority's decision (LEVEL-4/5). Its scope is what the parts' scopes have in common\n"
        "(given or default); a wider one takes an approved widening (CIRC-1). The place\n"
        "defaults to the highest part's.\n";

enum {
	OPT_NOTE = 0x2200,
	OPT_DATE,
	OPT_TITLE,
	OPT_LEVEL,
	OPT_PLACE,
	OPT_SCOPE,
	OPT_PERIOD,
	OPT_DOC,
	OPT_CUSTODIAN,
	OPT_DEPARTMENT,
	OPT_FROM_SIGNATURE,
	OPT_TO_SIGNATURE,
	OPT_FROM_PAPER,
	OPT_TO_PAPER,
};

static const struct option custody_opts[] = {
        {"note", required_argument, NULL, OPT_NOTE},
        {"date", required_argument, NULL, OPT_DATE},
        {"title", required_argument, NULL, OPT_TITLE},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"place", required_argument, NULL, OPT_PLACE},
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"doc-number", required_argument, NULL, OPT_DOC},
        {"custodian", required_argument, NULL, OPT_CUSTODIAN},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"from-signature", required_argument, NULL, OPT_FROM_SIGNATURE},
        {"to-signature", required_argument, NULL, OPT_TO_SIGNATURE},
        {"from-paper", no_argument, NULL, OPT_FROM_PAPER},
        {"to-paper", no_argument, NULL, OPT_TO_PAPER},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct custody_args {
	bm_cli_common common;
	bm_carrier_input in; /* volume create */
	const char *date;
	const char *from_signature, *to_signature; /* handover: typed names, refused (KEEP-2) */
	bool from_paper, to_paper;                 /* handover: a side signs the printed list */
	char **positional;
	int n_positional;
} custody_args;

static int parse_args(const char *cmd, int argc, char **argv, custody_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", custody_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_DATE: a->date = optarg; break;
		case OPT_TITLE: a->in.title = optarg; break;
		case OPT_LEVEL: a->in.level = optarg; break;
		case OPT_PLACE: a->in.place = optarg; break;
		case OPT_SCOPE: a->in.scope = optarg; break;
		case OPT_PERIOD: a->in.period = optarg; break;
		case OPT_DOC: a->in.doc_number = optarg; break;
		case OPT_CUSTODIAN: a->in.custodian = optarg; break;
		case OPT_DEPARTMENT: a->in.department = optarg; break;
		case OPT_FROM_SIGNATURE: a->from_signature = optarg; break;
		case OPT_TO_SIGNATURE: a->to_signature = optarg; break;
		case OPT_FROM_PAPER: a->from_paper = true; break;
		case OPT_TO_PAPER: a->to_paper = true; break;
		case 'h': return 1;
		default: return bm_cli_usage(cmd, "unknown option");
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

/* Parses every positional argument from `from` on as a carrier id. */
static int parse_ids(const char *cmd, custody_args *a, int from, int64_t **out, size_t *n)
{
	size_t count = (size_t)(a->n_positional - from);
	int64_t *ids = bm_calloc(count ? count : 1, sizeof(*ids));
	if (!ids)
		return bm_cli_fail(bm_error_nomem(), a->common.json);
	for (size_t i = 0; i < count; i++)
		if (!(ids[i] = bm_cli_parse_id(a->positional[from + (int)i]))) {
			int rc = bm_cli_usage(cmd, "'%s' is not a carrier ID",
			                      a->positional[from + (int)i]);
			bm_free(ids);
			return rc;
		}
	*out = ids;
	*n = count;
	return 0;
}

/* Parses the options; returns 1 with *rc_out set when the command ends here (help, usage). */
static int start(const char *cmd, int argc, char **argv, custody_args *a, int *rc_out)
{
	int rc = parse_args(cmd, argc, argv, a);
	if (rc) {
		*rc_out = rc == 1 ? bm_cli_help(cmd) : rc;
		return 1;
	}
	return 0;
}

/*
 * KEEP-2, REG-1: how one side of a hand-over confirms at the clerk's
 * terminal: a typed name (refused), by hand on the printed list, or their
 * own password from $`env` or a prompt without echo.
 */
static int side_receipt(const custody_args *a, const char *typed, bool paper, const char *env,
                        const char *prompt, char *buf, size_t size, bm_svc_receipt *out)
{
	memset(out, 0, sizeof(*out));
	out->typed = typed;
	out->paper = paper;
	if (typed || paper)
		return 0;
	return bm_cli_person_password(env, prompt, a->common.password_stdin, buf, size,
	                              &out->password);
}

static const char *receipt_words(const bm_svc_receipt *r)
{
	return r->password ? "本人口令确认 / own password" : "打印清单上手签 / by hand on paper";
}

int bm_cmd_handover(int argc, char **argv)
{
	custody_args a;
	bm_cli_session s;
	bm_svc_receipt from_r, to_r;
	char from_pw[1024], to_pw[1024];
	bm_carrier *items = NULL;
	int64_t handover_id = 0;
	size_t n = 0;
	int rc;

	/* KEEP-2: the register and a kept list (cmd_handover_list.c). */
	for (int i = 1; i < argc; i++)
		if (argv[i][0] != '-') {
			if (strcmp(argv[i], "list") == 0 || strcmp(argv[i], "show") == 0)
				return bm_cmd_handover_read(argc, argv);
			break;
		}
	if (start("handover", argc, argv, &a, &rc))
		return rc;
	if (a.n_positional != 2)
		return bm_cli_usage("handover", "needs FROM and TO");
	rc = bm_cli_session_open(&s, &a.common, true);
	if (rc == 0)
		rc = side_receipt(&a, a.from_signature, a.from_paper, "BAOMI_FROM_PASSWORD",
		                  "移交人本人口令 / the password of the person handing over: ",
		                  from_pw, sizeof(from_pw), &from_r);
	if (rc == 0)
		rc = side_receipt(&a, a.to_signature, a.to_paper, "BAOMI_TO_PASSWORD",
		                  "接收人本人口令 / the successor's own password: ", to_pw,
		                  sizeof(to_pw), &to_r);
	if (rc == 0)
		rc = bm_svc_handover_chosen(&s.ctx, a.positional[0], a.positional[1], &from_r,
		                            &to_r, a.in.note, NULL, &items, &n, &handover_id);
	sodium_memzero(from_pw, sizeof(from_pw));
	sodium_memzero(to_pw, sizeof(to_pw));
	if (rc == 0) {
		if (a.common.json) {
			json_t *o = json_object(), *arr = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(arr, bm_carrier_to_json(&s.arena, &items[i]));
			json_object_set_new(o, "id", json_integer(handover_id));
			json_object_set_new(o, "handed_over", arr);
			json_object_set_new(o, "from_receipt",
			                    json_string(from_r.password ? "password" : "paper"));
			json_object_set_new(o, "to_receipt",
			                    json_string(to_r.password ? "password" : "paper"));
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("移交清单 hand-over list %lld: %s → %s，%zu 件 / %zu carriers\n",
			       (long long)handover_id, a.positional[0], a.positional[1], n, n);
			for (size_t i = 0; i < n; i++)
				printf("  %lld  %s  %s\n", (long long)items[i].id,
				       bm_carrier_marking(&s.arena, &items[i], false),
				       items[i].title);
			/* KEEP-2: how each side confirmed; the 签字 lines are left for the pen. */
			printf("  移交人确认 handing over: %s    签字 signature: ________\n",
			       receipt_words(&from_r));
			printf("  接收人确认 successor:    %s    签字 signature: ________\n",
			       receipt_words(&to_r));
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_depart(int argc, char **argv)
{
	custody_args a;
	bm_cli_session s;
	bm_departure_row *d = NULL;
	int rc;

	if (start("depart", argc, argv, &a, &rc))
		return rc;
	if (a.n_positional != 1)
		return bm_cli_usage("depart", "needs one PERSON");
	if (!a.date)
		return bm_cli_usage("depart", "needs --date YYYY-MM-DD");
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0 &&
	    (rc = bm_svc_person_depart(&s.ctx, a.positional[0], a.date, &d)) == 0) {
		if (a.common.json) {
			json_t *o = bm_departure_to_json(d);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("已离岗 left: %s  %s，脱密期至 / declassification period until %s\n",
			       a.positional[0], d->left_on, d->decl_until);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_return_to_issuer(int argc, char **argv)
{
	custody_args a;
	bm_cli_session s;
	int64_t *ids = NULL;
	size_t n = 0;
	int rc;

	if (start("return-to-issuer", argc, argv, &a, &rc))
		return rc;
	if (a.n_positional < 1)
		return bm_cli_usage("return-to-issuer", "needs at least one carrier ID");
	if ((rc = parse_ids("return-to-issuer", &a, 0, &ids, &n)) != 0)
		return rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0 &&
	    (rc = bm_svc_return_to_issuer(&s.ctx, ids, n, a.in.note)) == 0) {
		if (a.common.json) {
			json_t *o = json_object(), *arr = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(arr, json_integer(ids[i]));
			json_object_set_new(o, "returned", arr);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			for (size_t i = 0; i < n; i++)
				printf("已清退 returned to issuer: %lld\n", (long long)ids[i]);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_free(ids);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_volume(int argc, char **argv)
{
	custody_args a;
	bm_cli_session s;
	int64_t *ids = NULL;
	size_t n = 0;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("volume"), BM_EXIT_USAGE) : bm_cli_help("volume");
	sub = argv[1];
	if (strcmp(sub, "create") != 0 && strcmp(sub, "add") != 0)
		return bm_cli_usage("volume", "unknown subcommand '%s'", sub);
	if (start("volume", argc - 1, argv + 1, &a, &rc))
		return rc;
	if (strcmp(sub, "add") == 0 && a.n_positional != 2)
		return bm_cli_usage("volume", "add needs VOLUME and PART");
	if (strcmp(sub, "create") == 0 && a.n_positional < 1)
		return bm_cli_usage("volume", "create needs at least one PART");
	if ((rc = parse_ids("volume", &a, 0, &ids, &n)) != 0)
		return rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) != 0)
		goto done;
	if (strcmp(sub, "create") == 0) {
		bm_carrier *vol;
		if ((rc = bm_svc_volume_create(&s.ctx, &a.in, ids, n, &vol)) != 0)
			goto done;
		if (a.common.json) {
			json_t *o = bm_carrier_to_json(&s.arena, vol);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("已建卷 volume registered: %lld  %s  %s（%zu 件）\n",
			       (long long)vol->id, bm_carrier_marking(&s.arena, vol, false),
			       vol->title, n);
		}
	} else {
		if ((rc = bm_svc_volume_add(&s.ctx, ids[0], ids[1])) != 0)
			goto done;
		if (a.common.json) {
			json_t *o = json_object();
			json_object_set_new(o, "volume_id", json_integer(ids[0]));
			json_object_set_new(o, "part_id", json_integer(ids[1]));
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("已编入案卷 added: %lld → %lld\n", (long long)ids[1],
			       (long long)ids[0]);
		}
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_free(ids);
	bm_cli_session_close(&s);
	return rc;
}
