/*
 * cmd_execute.c — `baomi execute`: carrying out approved requests at the
 * clerk's desk (copy, extract, make, waste, widen-scope, destroy,
 * level-change) and a classification authority's direct level decision.
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"

const char bm_help_execute[] =
        "baomi execute — 办理已批准的申请 / carry out approved requests\n"
        "\n"
        "用法 / usage:\n"
        "  baomi execute copy REQ --copier DEVICE --copies N\n"
        "        复制：按批准份数制作复制件，登记复印设备和经办人（COPY-1..5, MAKE-2）\n"
        "        make exactly the approved copies on the designated copier\n"
        "  baomi execute extract REQ [--title T] [--note TEXT]     摘录 / register the extract "
        "(COPY-4)\n"
        "  baomi execute make REQ [--place P] [--custodian U] [--scope LIST] [--copies N]\n"
        "                         [--title T] [--doc-number N] [--kind K] [--pages N]\n"
        "                         [--period P] [--department D] [--note TEXT] [--level L]\n"
        "                         [--classifier U] [--basis ENTRY]\n"
        "        制作：登记批准的份数，份号 1..N（MAKE-1/2）/ register the approved copies\n"
        "        密级、份数、发放范围须与批准的一致 / level, copies and scope as approved\n"
        "        定密责任人、定密依据和保密期限按批准的记录（LEVEL-4/9）\n"
        "        classifier, basis and period are the approved ones (LEVEL-4/9)\n"
        "  baomi execute waste (REQ | --doc-number N) --description TEXT --count N\n"
        "        废件登记待销毁（MAKE-3）/ register drafts and misprints for destruction\n"
        "  baomi execute widen-scope REQ       扩大知悉范围（CIRC-1）/ add the approved people\n"
        "  baomi execute destroy REQ --witness A --witness B [--paper-witness C]\n"
        "                         [--place P] [--method M]\n"
        "        销毁：至少两名监销人且非申请人，记录地点和方式（DESTROY-1..4）\n"
        "        at least two witnesses other than the requester; place and method recorded\n"
        "        每名监销人本人确认（DESTROY-2、REG-1）：--witness 的第 N 名输入本人口令\n"
        "        （$BAOMI_WITNESS1_PASSWORD、$BAOMI_WITNESS2_PASSWORD…，或无回显提示）；\n"
        "        无系统账号者用 --paper-witness，在打印的销毁登记簿上手签\n"
        "        each witness confirms: the Nth --witness types their own password\n"
        "        ($BAOMI_WITNESS1_PASSWORD, $BAOMI_WITNESS2_PASSWORD, … or a prompt without\n"
        "        echo); one without an account is --paper-witness and signs the printed\n"
        "        destruction register by hand\n"
        "        方式 / methods: 粉碎 shred, 焚烧 incinerate, 化浆 pulp, 物理销毁 physical,\n"
        "        消磁 degauss, 送销毁中心 centre (格式化/覆写/删除 不可 / format, overwrite, "
        "delete refused)\n"
        "  baomi execute level-change REQ [--basis ENTRY]\n"
        "        定密责任人办理密级变更（LEVEL-4/7/8/9/10）/ a classification authority decides\n"
        "  baomi execute foreign REQ --channel C [--courier NAME] [--escort NAME …] [--note T]\n"
        "        对外提供：按批准的申请发文给批准的接收方，申请即办结（FOREIGN-1, SEND-1..4）\n"
        "        carry out an approved provision as a dispatch to its approved recipient\n"
        "  baomi execute decide-level CARRIER --to LEVEL --basis ENTRY --reason TEXT [--period P]\n"
        "        定密责任人直接作出定密决定 / a direct decision by a classification authority\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_COPIER = 0x2100,
	OPT_COPIES,
	OPT_TITLE,
	OPT_NOTE,
	OPT_PLACE,
	OPT_CUSTODIAN,
	OPT_SCOPE,
	OPT_DOC,
	OPT_KIND,
	OPT_PAGES,
	OPT_PERIOD,
	OPT_DEPARTMENT,
	OPT_DESCRIPTION,
	OPT_COUNT,
	OPT_METHOD,
	OPT_WITNESS,
	OPT_PAPER_WITNESS,
	OPT_BASIS,
	OPT_TO,
	OPT_REASON,
	OPT_EVENT,
	OPT_REVIEW,
	OPT_LEVEL,
	OPT_CLASSIFIER,
};

static const struct option execute_opts[] = {
        {"copier", required_argument, NULL, OPT_COPIER},
        {"copies", required_argument, NULL, OPT_COPIES},
        {"title", required_argument, NULL, OPT_TITLE},
        {"note", required_argument, NULL, OPT_NOTE},
        {"place", required_argument, NULL, OPT_PLACE},
        {"custodian", required_argument, NULL, OPT_CUSTODIAN},
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"doc-number", required_argument, NULL, OPT_DOC},
        {"kind", required_argument, NULL, OPT_KIND},
        {"pages", required_argument, NULL, OPT_PAGES},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"description", required_argument, NULL, OPT_DESCRIPTION},
        {"count", required_argument, NULL, OPT_COUNT},
        {"method", required_argument, NULL, OPT_METHOD},
        {"witness", required_argument, NULL, OPT_WITNESS},
        {"paper-witness", required_argument, NULL, OPT_PAPER_WITNESS},
        {"basis", required_argument, NULL, OPT_BASIS},
        {"to", required_argument, NULL, OPT_TO},
        {"reason", required_argument, NULL, OPT_REASON},
        {"event", required_argument, NULL, OPT_EVENT},
        {"review-date", required_argument, NULL, OPT_REVIEW},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"classifier", required_argument, NULL, OPT_CLASSIFIER},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

#define MAX_WITNESSES 16

typedef struct execute_args {
	bm_cli_common common;
	bm_carrier_input in; /* make: what the clerk fills in */
	const char *copier, *description, *count, *method, *basis, *to, *reason;
	const char *witnesses[MAX_WITNESSES];
	bool witness_paper[MAX_WITNESSES]; /* signs the printed register by hand */
	size_t n_witnesses;
	int64_t id; /* the request (or carrier, for decide-level) */
} execute_args;

static int parse_args(const char *sub, int argc, char **argv, execute_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", execute_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_COPIER: a->copier = optarg; break;
		case OPT_COPIES: a->in.copies = optarg; break;
		case OPT_TITLE: a->in.title = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_PLACE: a->in.place = optarg; break;
		case OPT_CUSTODIAN: a->in.custodian = optarg; break;
		case OPT_SCOPE: a->in.scope = optarg; break;
		case OPT_DOC: a->in.doc_number = optarg; break;
		case OPT_KIND: a->in.kind = optarg; break;
		case OPT_PAGES: a->in.pages = optarg; break;
		case OPT_PERIOD: a->in.period = optarg; break;
		case OPT_DEPARTMENT: a->in.department = optarg; break;
		case OPT_EVENT: a->in.period_event = optarg; break;
		case OPT_REVIEW: a->in.review_date = optarg; break;
		case OPT_LEVEL: a->in.level = optarg; break;
		case OPT_DESCRIPTION: a->description = optarg; break;
		case OPT_COUNT: a->count = optarg; break;
		case OPT_METHOD: a->method = optarg; break;
		case OPT_BASIS: a->basis = a->in.basis = optarg; break;
		case OPT_CLASSIFIER: a->in.classifier = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_WITNESS:
		case OPT_PAPER_WITNESS:
			if (a->n_witnesses == MAX_WITNESSES)
				return bm_cli_usage("execute", "at most %d witnesses",
				                    MAX_WITNESSES);
			a->witness_paper[a->n_witnesses] = opt == OPT_PAPER_WITNESS;
			a->witnesses[a->n_witnesses++] = optarg;
			break;
		case 'h': return 1;
		default: return bm_cli_usage("execute", "unknown option for '%s'", sub);
		}
	}
	if (optind < argc) {
		if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind])))
			return bm_cli_usage("execute", "'%s' needs one request ID", sub);
	}
	return 0;
}

/* A witness's password at the clerk's terminal (DESTROY-2 with REG-1). */
typedef char witness_pw[1024];

/*
 * DESTROY-2, REG-1 (issue 14 point 5): how each witness confirms at the
 * clerk's terminal: --paper-witness by hand on the printed register, else
 * their own password from $BAOMI_WITNESS<N>_PASSWORD or a prompt without echo.
 */
static int destroy_receipts(const execute_args *a, bm_svc_receipt *receipts, witness_pw *pw)
{
	int rc;
	for (size_t i = 0; i < a->n_witnesses; i++) {
		char env[48], prompt[160];
		memset(&receipts[i], 0, sizeof(receipts[i]));
		if ((receipts[i].paper = a->witness_paper[i]))
			continue;
		snprintf(env, sizeof(env), "BAOMI_WITNESS%zu_PASSWORD", i + 1);
		snprintf(prompt, sizeof(prompt),
		         "监销人“%s”本人口令 / the witness' own password: ", a->witnesses[i]);
		if ((rc = bm_cli_person_password(env, prompt, a->common.password_stdin, pw[i],
		                                 sizeof(pw[i]), &receipts[i].password)) != 0)
			return rc;
	}
	return 0;
}

/* Parses a positive count option; 0 when malformed. */
static int count_of(const char *text)
{
	int64_t v = text ? bm_cli_parse_id(text) : 0;
	return v > 0 && v <= 100000 ? (int)v : 0;
}

/* Prints carriers as a JSON object {"carriers": [...]} or one line each. */
static void print_carriers(bm_cli_session *s, const char *verb_zh, const char *verb_en,
                           const bm_carrier *items, size_t n)
{
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_carrier_to_json(&s->arena, &items[i]));
		json_object_set_new(o, "carriers", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return;
	}
	for (size_t i = 0; i < n; i++)
		printf("%s %s: %lld  %s  %s%s\n", verb_zh, verb_en, (long long)items[i].id,
		       bm_carrier_marking(&s->arena, &items[i], false), items[i].title,
		       items[i].serial_number
		               ? bm_arena_printf(&s->arena, "（第%d份）", items[i].serial_number)
		               : "");
}

static void print_level_report(bm_cli_session *s, const bm_level_report *rep)
{
	if (s->json) {
		json_t *o = json_object(), *ch = json_array(), *cs = json_array(),
		       *ln = json_array();
		for (size_t i = 0; i < rep->n_changes; i++) {
			json_array_append_new(ch, bm_level_change_to_json(&rep->changes[i]));
			json_array_append_new(cs, bm_carrier_to_json(&s->arena, &rep->carriers[i]));
		}
		for (size_t i = 0; i < rep->n_linked; i++)
			json_array_append_new(ln, bm_carrier_to_json(&s->arena, &rep->linked[i]));
		json_object_set_new(o, "changes", ch);
		json_object_set_new(o, "carriers", cs);
		json_object_set_new(o, "linked", ln);
		bm_cli_print_json(o);
		json_decref(o);
		return;
	}
	for (size_t i = 0; i < rep->n_changes; i++) {
		const bm_level_change_row *r = &rep->changes[i];
		/* LEVEL-8: the old marking is shown struck out (划去). */
		printf("密级变更 level change: 载体 %lld  原标志（划去）~~%s~~  →  %s  依据 basis: "
		       "%s\n",
		       (long long)r->carrier_id, r->old_marking, r->new_marking, r->basis);
	}
	if (rep->n_linked) {
		printf("以下复制件、摘录件未随之变更，请复核 / copies and extracts to review (not "
		       "changed):\n");
		for (size_t i = 0; i < rep->n_linked; i++)
			printf("  %lld  %s  %s\n", (long long)rep->linked[i].id,
			       bm_carrier_marking(&s->arena, &rep->linked[i], false),
			       rep->linked[i].title);
	}
}

static int run(const char *sub, execute_args *a)
{
	bm_cli_session s;
	bm_carrier *items = NULL;
	bm_svc_receipt receipts[MAX_WITNESSES];
	witness_pw pw[MAX_WITNESSES];
	size_t n = 0;
	int rc;

	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0)
		goto done;
	s.json = a->common.json;
	if (strcmp(sub, "copy") == 0) {
		if ((rc = bm_svc_copy_execute(&s.ctx, a->id, a->copier, count_of(a->in.copies),
		                              &items, &n)) == 0)
			print_carriers(&s, "已复制", "copied", items, n);
	} else if (strcmp(sub, "extract") == 0) {
		if ((rc = bm_svc_extract_execute(&s.ctx, a->id, a->in.title, a->in.note, &items)) ==
		    0)
			print_carriers(&s, "已摘录", "extracted", items, 1);
	} else if (strcmp(sub, "make") == 0) {
		if ((rc = bm_svc_make_execute(&s.ctx, a->id, &a->in, &items, &n)) == 0)
			print_carriers(&s, "已制作", "made", items, n);
	} else if (strcmp(sub, "waste") == 0) {
		if ((rc = bm_svc_register_waste(&s.ctx, a->id, a->in.doc_number, a->description,
		                                count_of(a->count), &items, &n)) == 0)
			print_carriers(&s, "废件待销毁", "waste for destruction", items, n);
	} else if (strcmp(sub, "widen-scope") == 0) {
		bm_carrier *c = NULL;
		if ((rc = bm_svc_widen_scope_execute(&s.ctx, a->id, &c)) == 0 && c)
			print_carriers(&s, "已扩大知悉范围", "scope widened", c, 1);
	} else if (strcmp(sub, "destroy") == 0) {
		bm_destruction_row *d;
		if ((rc = destroy_receipts(a, receipts, pw)) == 0 &&
		    (rc = bm_svc_destroy_execute(&s.ctx, a->id, a->in.place, a->method,
		                                 a->witnesses, receipts, a->n_witnesses, &d)) ==
		            0) {
			if (s.json) {
				json_t *o = bm_destruction_to_json(d);
				bm_cli_print_json(o);
				json_decref(o);
			} else {
				printf("已销毁 destroyed: 销毁记录 %lld，%zu 件 / record %lld, %zu "
				       "carriers\n",
				       (long long)d->id, d->n_carriers, (long long)d->id,
				       d->n_carriers);
			}
		}
	} else if (strcmp(sub, "level-change") == 0) {
		bm_level_report rep;
		if ((rc = bm_svc_level_change_execute(&s.ctx, a->id, a->basis, &rep)) == 0)
			print_level_report(&s, &rep);
	} else {
		bm_level_report rep;
		bm_level_input in = {.to_level = a->to,
		                     .period = a->in.period,
		                     .period_event = a->in.period_event,
		                     .review_date = a->in.review_date,
		                     .basis = a->basis,
		                     .reason = a->reason};
		if ((rc = bm_svc_level_decide(&s.ctx, a->id, &in, &rep)) == 0)
			print_level_report(&s, &rep);
	}
done:
	sodium_memzero(pw, sizeof(pw));
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_execute(int argc, char **argv)
{
	static const char *const subs[] = {"copy",         "extract",     "make",
	                                   "waste",        "widen-scope", "destroy",
	                                   "level-change", "decide-level"};
	execute_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("execute"), BM_EXIT_USAGE) : bm_cli_help("execute");
	sub = argv[1];
	/* FOREIGN-1: an approved provision is carried out as a dispatch (cmd_send.c). */
	if (strcmp(sub, "foreign") == 0)
		return bm_cmd_send(argc, argv);
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("execute", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("execute") : rc;
	if (!a.id && !(strcmp(sub, "waste") == 0 && a.in.doc_number))
		return bm_cli_usage("execute", "'%s' needs one request ID", sub);
	if (strcmp(sub, "copy") == 0 && !count_of(a.in.copies))
		return bm_cli_usage("execute", "copy needs --copies N (the number made)");
	if (strcmp(sub, "waste") == 0 && !count_of(a.count))
		return bm_cli_usage("execute", "waste needs --count N");
	return run(sub, &a);
}
