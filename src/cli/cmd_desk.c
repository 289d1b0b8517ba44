/*
 * cmd_desk.c — `baomi desk`: the clerk's desk (service/loan.c). Issuing an
 * approved borrow, read-on-site, take-out or outside-reader request against
 * the holder's signature, checking items back in, circulation (传阅) through
 * the clerk, and what is out now with the overdue items flagged. Every rule
 * is the service's; the JSON is the API's (bm_loan_to_json).
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>

#include "cli/cli.h"
#include "util/timeutil.h"

const char bm_help_desk[] =
        "baomi desk — 保密员借阅台 / the clerk's desk\n"
        "\n"
        "用法 / usage:\n"
        "  baomi desk issue REQ [--carrier ID] [--paper] [--place P]\n"
        "        按已批准的借阅、查阅、携带外出、范围外人员查阅申请发出载体，领取人本人签收\n"
        "        issue the carrier of an approved request; the holder confirms the receipt\n"
        "        (REG-1, CIRC-5); due by the level's term (BORROW-2), the same day for reading\n"
        "        on site, which needs --place (CIRC-3/4), the return date of a trip (CARRY-2).\n"
        "        --carrier: which carrier, when the request names several.\n"
        "        签收 / receipt: 录入的姓名不算签字。有账号的领取人在保密员终端上输入本人口令\n"
        "        （无回显提示，或环境变量 BAOMI_HOLDER_PASSWORD）；口令错误即拒绝并计入其账号\n"
        "        锁定（SYS-4）。没有账号的领取人（外单位人员）用 --paper 在纸质登记簿上手签。\n"
        "        A typed name is no signature. A holder with an account types their own\n"
        "        password at the clerk's terminal (a prompt without echo, or\n"
        "        $BAOMI_HOLDER_PASSWORD); a wrong one is refused and counts towards their\n"
        "        lockout (SYS-4). A holder without one signs the printed register (--paper).\n"
        "        --signature NAME is refused (typed_signature).\n"
        "  baomi desk checkin CARRIER [--incomplete] [--note TEXT]\n"
        "        收回入库；--incomplete 标记附件不全（INV-3）；逾期归还记入历史\n"
        "        check an item back in (CIRC-2, CARRY-2); --incomplete flags missing parts\n"
        "  baomi desk circulate CARRIER --reader PERSON [--place P] [--paper]\n"
        "        "
        "传阅：由保密员交给知悉范围内的阅读人，登记地点，阅读人本人签收（同上）；秘密级以上当日退回"
        "，\n"
        "        绝密阅后即退（CIRC-1..5）/ circulation through the clerk, inside the scope,\n"
        "        in a recorded place, signed; 秘密 and above back the same day\n"
        "  baomi desk out [--json]\n"
        "        在外载体，按应还时间排序，逾期标出（保密员见全部，其他人见本人所持）\n"
        "        items out, soonest due first, overdue flagged (a clerk sees all, others their "
        "own)\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_CARRIER = 0x2300,
	OPT_SIGNATURE,
	OPT_PLACE,
	OPT_READER,
	OPT_INCOMPLETE,
	OPT_NOTE,
	OPT_PAPER,
};

static const struct option desk_opts[] = {
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"signature", required_argument, NULL, OPT_SIGNATURE},
        {"place", required_argument, NULL, OPT_PLACE},
        {"reader", required_argument, NULL, OPT_READER},
        {"incomplete", no_argument, NULL, OPT_INCOMPLETE},
        {"note", required_argument, NULL, OPT_NOTE},
        {"paper", no_argument, NULL, OPT_PAPER},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct desk_args {
	bm_cli_common common;
	const char *signature, *place, *reader, *note;
	int64_t carrier_id; /* issue --carrier: which carrier of the request */
	bool incomplete, paper;
	int64_t id; /* the request (issue) or the carrier (checkin, circulate) */
	int n_positional;
} desk_args;

static int parse_args(const char *sub, int argc, char **argv, desk_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", desk_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CARRIER:
			if (!(a->carrier_id = bm_cli_parse_carrier(optarg)))
				return bm_cli_usage("desk", "'%s' is not a carrier ID", optarg);
			break;
		case OPT_SIGNATURE: a->signature = optarg; break;
		case OPT_PLACE: a->place = optarg; break;
		case OPT_READER: a->reader = optarg; break;
		case OPT_INCOMPLETE: a->incomplete = true; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_PAPER: a->paper = true; break;
		case 'h': return 1;
		default: return bm_cli_usage("desk", "unknown option for '%s'", sub);
		}
	}
	a->n_positional = argc - optind;
	if (strcmp(sub, "out") == 0 && a->n_positional != 0)
		return bm_cli_usage("desk", "out takes no argument");
	if (strcmp(sub, "out") != 0 && a->n_positional != 1)
		return bm_cli_usage("desk", strcmp(sub, "issue") == 0 ? "issue needs one request ID"
		                                                      : "needs one carrier ID");
	/* A carrier may be named by its label's QR text (baomi:carrier:<id>). */
	if (a->n_positional == 1 &&
	    !(a->id = strcmp(sub, "issue") == 0 ? bm_cli_parse_id(argv[optind])
	                                        : bm_cli_parse_carrier(argv[optind])))
		return bm_cli_usage("desk", "'%s' is not an ID", argv[optind]);
	return 0;
}

/* Loan kinds as the clerk's register names them. */
static const char *kind_text(const char *kind)
{
	static const char *const names[][2] = {
	        {"borrow", "借阅 borrow"},
	        {"read_on_site", "现场查阅 on site"},
	        {"take_out", "携带外出 take out"},
	        {"circulation", "传阅 circulation"},
	};
	for (size_t i = 0; kind && i < BM_ARRAY_LEN(names); i++)
		if (strcmp(kind, names[i][0]) == 0)
			return names[i][1];
	return kind ? kind : "-";
}

/* An instant (ISO, UTC) as the unit's local "YYYY-MM-DD HH:MM". */
static const char *local_time(bm_cli_session *s, const char *iso)
{
	char buf[BM_ISO_TIME_LEN];
	int64_t t;
	if (!iso || !bm_time_parse(iso, &t))
		return "-";
	bm_time_format(t + (int64_t)s->ctx.policy.tz_offset_minutes * 60, buf);
	return bm_arena_printf(&s->arena, "%.10s %.5s", buf, buf + 11);
}

/* A loan just made, as JSON (the API's 201 answer) or one text block. */
static void print_loan(bm_cli_session *s, const char *verb, const bm_loan_row *l)
{
	if (s->json) {
		json_t *o = bm_loan_to_json(l);
		bm_cli_print_json(o);
		json_decref(o);
		return;
	}
	printf("%s: 载体 carrier %lld 《%s》\n", verb, (long long)l->carrier_id,
	       l->carrier_title ? l->carrier_title : "");
	printf("  方式 kind:         %s\n", kind_text(l->kind));
	if (l->request_id)
		printf("  申请 request:      %lld\n", (long long)l->request_id);
	printf("  持有人 holder:     %s\n", l->holder_name ? l->holder_name : "-");
	printf("  签收 receipt:      %s\n",
	       strcmp(bm_loan_receipt(l->signature), "password") == 0
	               ? "本人口令确认 / the holder's own password"
	               : "纸质登记簿手签 / by hand on the printed register");
	if (l->place)
		printf("  地点 place:        %s\n", l->place);
	if (l->destination)
		printf("  目的地 destination: %s\n", l->destination);
	if (l->purpose)
		printf("  事由 purpose:      %s\n", l->purpose);
	printf("  发出 issued:       %s\n", local_time(s, l->issued_at));
	printf("  应还 due:          %s\n", local_time(s, l->due_at));
}

/*
 * REG-1, CIRC-5: how the holder confirms at the clerk's terminal. Their own
 * password from $BAOMI_HOLDER_PASSWORD, or typed at a prompt without echo
 * when the terminal is one; --paper: by hand on the printed register. A
 * typed --signature is passed on to be refused (typed_signature).
 */
static int holder_receipt(desk_args *a, char *buf, size_t size, bm_svc_receipt *out)
{
	memset(out, 0, sizeof(*out));
	out->typed = a->signature;
	out->paper = a->paper;
	if (a->paper || a->signature)
		return 0;
	return bm_cli_person_password("BAOMI_HOLDER_PASSWORD",
	                              "领取人本人口令 / the holder's own password: ",
	                              a->common.password_stdin, buf, size, &out->password);
}

static int do_issue(desk_args *a, bm_cli_session *s)
{
	bm_loan_row *loan = NULL;
	bm_svc_receipt receipt;
	char pw[1024];
	int rc = holder_receipt(a, pw, sizeof(pw), &receipt);
	if (rc == 0)
		rc = bm_svc_issue(&s->ctx, a->id, a->carrier_id, &receipt, a->place, &loan);
	sodium_memzero(pw, sizeof(pw));
	if (rc == 0)
		print_loan(s, "已发出 / issued", loan);
	return rc;
}

static int do_checkin(desk_args *a, bm_cli_session *s)
{
	int rc = bm_svc_checkin(&s->ctx, a->id, a->incomplete, a->note);
	if (rc)
		return rc;
	if (s->json) {
		json_t *o = json_pack("{s:I,s:b,s:b}", "carrier_id", (json_int_t)a->id, "returned",
		                      1, "incomplete", a->incomplete);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		printf("已收回入库 / checked in: 载体 carrier %lld%s\n", (long long)a->id,
		       a->incomplete ? "（附件不全 / incomplete, INV-3）" : "");
	}
	return 0;
}

static int do_circulate(desk_args *a, bm_cli_session *s)
{
	bm_loan_row *loan = NULL;
	bm_svc_receipt receipt;
	char pw[1024];
	int rc = holder_receipt(a, pw, sizeof(pw), &receipt);
	if (rc == 0)
		rc = bm_svc_circulate(&s->ctx, a->id, a->reader, a->place, &receipt, &loan);
	sodium_memzero(pw, sizeof(pw));
	if (rc == 0)
		print_loan(s, "已传阅 / circulated", loan);
	return rc;
}

/* What is out now, as GET /desk/out answers: {total, items} with "overdue" on each. */
static int do_out(bm_cli_session *s)
{
	bm_loan_row *loans = NULL;
	size_t n = 0, late = 0;
	int rc = bm_svc_loans_out(&s->ctx, &loans, &n);
	if (rc)
		return rc;
	for (size_t i = 0; i < n; i++)
		late += loans[i].overdue;
	if (s->json) {
		json_t *o = json_object(), *items = json_array();
		for (size_t i = 0; i < n; i++) {
			json_t *l = bm_loan_to_json(&loans[i]);
			json_object_set_new(l, "overdue", json_boolean(loans[i].overdue));
			json_array_append_new(items, l);
		}
		json_object_set_new(o, "total", json_integer((json_int_t)n));
		json_object_set_new(o, "items", items);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	printf("%6s  %-18s  %-12s  %-16s  %-16s  %s\n", "载体 ID", "方式 kind", "持有人 holder",
	       "发出 issued", "应还 due", "标题 title");
	for (size_t i = 0; i < n; i++) {
		const bm_loan_row *l = &loans[i];
		printf("%6lld  %-18s  %-12s  %-16s  %-16s  %s%s\n", (long long)l->carrier_id,
		       kind_text(l->kind), l->holder_name ? l->holder_name : "-",
		       local_time(s, l->issued_at), local_time(s, l->due_at),
		       l->carrier_title ? l->carrier_title : "",
		       l->overdue ? "  【逾期 OVERDUE】" : "");
	}
	printf("在外 %zu 件，逾期 %zu 件 / %zu out, %zu overdue\n", n, late, n, late);
	return 0;
}

int bm_cmd_desk(int argc, char **argv)
{
	bm_cli_session s;
	desk_args a;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("desk"), BM_EXIT_USAGE) : bm_cli_help("desk");
	sub = argv[1];
	if (strcmp(sub, "issue") != 0 && strcmp(sub, "checkin") != 0 &&
	    strcmp(sub, "circulate") != 0 && strcmp(sub, "out") != 0)
		return bm_cli_usage("desk", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("desk") : rc;
	if (strcmp(sub, "circulate") == 0 && !a.reader)
		return bm_cli_usage("desk", "circulate needs --reader PERSON");
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (strcmp(sub, "issue") == 0)
			rc = do_issue(&a, &s);
		else if (strcmp(sub, "checkin") == 0)
			rc = do_checkin(&a, &s);
		else if (strcmp(sub, "circulate") == 0)
			rc = do_circulate(&a, &s);
		else
			rc = do_out(&s);
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
