/*
 * cmd_send.c — `baomi send`: sending and transmission (发文、传递,
 * SEND-1..5): a dispatch with its channel, courier and distribution list,
 * the recipients' receipts one by one, the open dispatches, the envelopes.
 * The rules live in service/send.c; this file translates.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/ledger.h"

const char bm_help_send[] =
        "baomi send — 发文、传递 / send carriers (SEND-1..5)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi send new --carrier ID[,ID…] --to R1 [--to R2 …] --channel C\n"
        "                 [--courier NAME] [--escort NAME …] [--note TEXT]\n"
        "        发出载体：每份一个收件人，按顺序对应（SEND-4）；传递方式必填（SEND-1）\n"
        "        one recipient per copy, in order (SEND-4); the channel is required (SEND-1)\n"
        "        方式 / channels: 机要通信 courier, 专人递送 dedicated, 密码传真 encrypted_fax\n"
        "        (普通邮寄 mail, 快递 express, 普通传真 fax, 普通电话 phone, 互联网 internet:\n"
        "         涉密载体禁止 / refused for classified carriers, SEND-1; 绝密不得传真 SEND-3)\n"
        "        机密、绝密须登记递送人 --courier；专人递送绝密至少两人（--escort）（SEND-2）\n"
        "        secret and top secret name a courier; a dedicated delivery of top secret\n"
        "        needs at least two people (SEND-2)\n"
        "        --foreign: 收件方为境外（外方），须办理已批准的对外提供申请 --request REQ\n"
        "        (FOREIGN-1); a foreign addressee needs an approved provision request\n"
        "  baomi send foreign REQ --channel C [--courier NAME] [--escort NAME …] [--note TEXT]\n"
        "        办理已批准的对外提供申请：按申请所列载体发往批准的接收方（FOREIGN-1），\n"
        "        申请即办结 / carry out an approved provision: its carriers go to its recipient\n"
        "        (= baomi execute foreign REQ …)\n"
        "  baomi send sign DISPATCH --carrier ID --by NAME\n"
        "        收件人逐份签收；全部签收后发文记录办结（SEND-4）\n"
        "        record one recipient's receipt; the dispatch completes when all are signed\n"
        "  baomi send show DISPATCH [--json]       一条发文记录及签收情况 / one dispatch\n"
        "  baomi send list [--open] [--json]       发文记录；--open 只列未全部签收的 / dispatches\n"
        "  baomi send envelope DISPATCH [--json]   打印信封：每个收件人一个（SEND-5）/ envelopes\n"
        "\n"
        "载体号也可写作标签二维码内容 baomi:carrier:ID。A carrier may be given as its label's\n"
        "QR text baomi:carrier:ID. Only the secrecy clerk (保密员) sends and records receipts.\n"
        "\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被规则拒绝 refused (SEND-1/2/3, role), 6 冲突 conflict (已签收、不在库 already "
        "signed,\n"
        "  not in store), 7 过多 too many.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_CARRIER = 0x2200,
	OPT_TO,
	OPT_CHANNEL,
	OPT_COURIER,
	OPT_ESCORT,
	OPT_NOTE,
	OPT_BY,
	OPT_OPEN,
	OPT_FOREIGN,
	OPT_REQUEST,
	MAX_LIST = 500, /* carriers, recipients or escorts on one command line */
};

static const struct option send_opts[] = {
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"to", required_argument, NULL, OPT_TO},
        {"channel", required_argument, NULL, OPT_CHANNEL},
        {"courier", required_argument, NULL, OPT_COURIER},
        {"escort", required_argument, NULL, OPT_ESCORT},
        {"note", required_argument, NULL, OPT_NOTE},
        {"by", required_argument, NULL, OPT_BY},
        {"open", no_argument, NULL, OPT_OPEN},
        {"foreign", no_argument, NULL, OPT_FOREIGN},
        {"request", required_argument, NULL, OPT_REQUEST},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct send_args {
	bm_cli_common common;
	int64_t carriers[MAX_LIST];
	size_t n_carriers;
	const char *to[MAX_LIST];
	size_t n_to;
	const char *escorts[MAX_LIST];
	size_t n_escorts;
	const char *channel, *courier, *note, *by;
	bool open_only;
	bool foreign;       /* FOREIGN-1: the addressee is a foreign party */
	int64_t request_id; /* FOREIGN-1: the approved provision carried out */
	int64_t id;         /* the dispatch (the request, for `foreign`) */
} send_args;

/* Adds the carriers of one --carrier value (ID or ID,ID,…); BM_EXIT_USAGE on a bad one. */
static int add_carriers(send_args *a, char *list)
{
	char *item = list;
	while (item) {
		char *comma = strchr(item, ',');
		int64_t id;
		if (comma)
			*comma = '\0';
		if (!(id = bm_cli_parse_carrier(item)))
			return bm_cli_usage("send", "'%s' is not a carrier ID", item);
		if (a->n_carriers == MAX_LIST)
			return bm_cli_usage("send", "at most %d carriers", MAX_LIST);
		a->carriers[a->n_carriers++] = id;
		item = comma ? comma + 1 : NULL;
	}
	return 0;
}

static int parse_args(const char *sub, int argc, char **argv, send_args *a)
{
	int opt, rc;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", send_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CARRIER:
			if ((rc = add_carriers(a, optarg)) != 0)
				return rc;
			break;
		case OPT_TO:
			if (a->n_to == MAX_LIST)
				return bm_cli_usage("send", "at most %d recipients", MAX_LIST);
			a->to[a->n_to++] = optarg;
			break;
		case OPT_ESCORT:
			if (a->n_escorts == MAX_LIST)
				return bm_cli_usage("send", "at most %d escorts", MAX_LIST);
			a->escorts[a->n_escorts++] = optarg;
			break;
		case OPT_CHANNEL: a->channel = optarg; break;
		case OPT_COURIER: a->courier = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_BY: a->by = optarg; break;
		case OPT_OPEN: a->open_only = true; break;
		case OPT_FOREIGN: a->foreign = true; break;
		case OPT_REQUEST:
			if (!(a->request_id = bm_cli_parse_id(optarg)))
				return bm_cli_usage("send", "'%s' is not a request ID", optarg);
			break;
		case 'h': return 1;
		default: return bm_cli_usage("send", "unknown option for '%s'", sub);
		}
	}
	if (strcmp(sub, "new") == 0 || strcmp(sub, "list") == 0) {
		if (optind < argc)
			return bm_cli_usage("send", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("send", "'%s' needs one %s ID", sub,
		                    strcmp(sub, "foreign") == 0 ? "request" : "dispatch");
	}
	/* `send foreign REQ` carries out the approved provision REQ (FOREIGN-1). */
	if (strcmp(sub, "foreign") == 0) {
		a->request_id = a->id;
		a->foreign = true;
	}
	return 0;
}

static void print_dispatch(bm_cli_session *s, const bm_dispatch_row *d)
{
	json_t *escorts = d->escorts ? json_loads(d->escorts, 0, NULL) : NULL;
	size_t signed_count = 0;

	for (size_t i = 0; i < d->n_items; i++)
		signed_count += d->items[i].signed_at != NULL;
	printf("发文 dispatch %lld  [%s]  %s / %s\n", (long long)d->id,
	       strcmp(d->status, "open") == 0 ? "待签收 open" : "已办结 complete",
	       bm_channel_names[d->channel].zh, bm_channel_names[d->channel].en);
	printf("  发出 sent: %s  经办 by %s\n", d->created_at,
	       d->created_by_name ? d->created_by_name : "-");
	if (d->courier)
		printf("  递送人 courier: %s\n", d->courier);
	if (json_array_size(escorts)) {
		printf("  护送 escorts:");
		for (size_t i = 0; i < json_array_size(escorts); i++)
			printf(" %s", json_string_value(json_array_get(escorts, i)));
		printf("\n");
	}
	json_decref(escorts);
	if (d->note)
		printf("  备注 note: %s\n", d->note);
	if (d->foreign_party)
		printf("  对外提供 foreign party: 申请 request %lld（FOREIGN-1）\n",
		       (long long)d->request_id);
	for (size_t i = 0; i < d->n_items; i++) {
		const bm_dispatch_item_row *it = &d->items[i];
		printf("  %zu. 载体 carrier %lld → %s  ", i + 1, (long long)it->carrier_id,
		       it->recipient);
		if (it->signed_at)
			printf("已签收 signed %s（%s）\n", it->signed_at,
			       it->signed_by ? it->signed_by : "-");
		else
			printf("未签收 unsigned\n");
	}
	printf("  签收 signed %zu/%zu\n", signed_count, d->n_items);
	(void)s;
}

static void emit_dispatch(bm_cli_session *s, const bm_dispatch_row *d)
{
	if (s->json) {
		json_t *o = bm_dispatch_to_json(d);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_dispatch(s, d);
	}
}

static int do_new(bm_cli_session *s, send_args *a)
{
	bm_dispatch_row *d = NULL;
	bm_buf escorts;
	int rc = 0;

	bm_buf_init(&escorts, 0);
	for (size_t i = 0; i < a->n_escorts && rc == 0; i++)
		rc = bm_buf_printf(&escorts, "%s%s", i ? "," : "", a->escorts[i]);
	if (rc == 0 && (rc = bm_buf_putc(&escorts, '\0')) == 0) {
		bm_dispatch_input in = {.carrier_ids = a->carriers,
		                        .n_carriers = a->n_carriers,
		                        .recipients = a->to,
		                        .n_recipients = a->n_to,
		                        .channel = a->channel,
		                        .courier = a->courier,
		                        .escorts = escorts.ptr,
		                        .note = a->note,
		                        .foreign_party = a->foreign,
		                        .request_id = a->request_id};
		if ((rc = bm_svc_dispatch_create(&s->ctx, &in, &d)) == 0)
			emit_dispatch(s, d);
	}
	bm_buf_release(&escorts);
	return rc;
}

static int do_sign(bm_cli_session *s, send_args *a)
{
	bm_dispatch_row *d = NULL;
	int rc;
	if ((rc = bm_svc_dispatch_sign(&s->ctx, a->id, a->carriers[0], a->by)) != 0 ||
	    (rc = bm_svc_dispatch_show(&s->ctx, a->id, &d)) != 0)
		return rc;
	if (!s->json)
		printf("已签收 signed: 发文 dispatch %lld 载体 carrier %lld（%s）\n",
		       (long long)a->id, (long long)a->carriers[0], a->by);
	emit_dispatch(s, d);
	return 0;
}

static int do_list(bm_cli_session *s, send_args *a)
{
	bm_dispatch_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_dispatch_list(&s->ctx, a->open_only, &rows, &n)) != 0)
		return rc;
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_dispatch_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "dispatches", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		size_t signed_count = 0;
		for (size_t k = 0; k < rows[i].n_items; k++)
			signed_count += rows[i].items[k].signed_at != NULL;
		printf("%-6lld %-8s %-10s %s  签收 signed %zu/%zu\n", (long long)rows[i].id,
		       rows[i].status, bm_channel_names[rows[i].channel].code, rows[i].created_at,
		       signed_count, rows[i].n_items);
	}
	printf("共 %zu 条 / %zu dispatches\n", n, n);
	return 0;
}

static int do_envelope(bm_cli_session *s, send_args *a)
{
	bm_buf text;
	int rc;
	bm_buf_init(&text, 0);
	if ((rc = bm_svc_dispatch_envelope(&s->ctx, a->id, &text)) == 0 &&
	    (rc = bm_buf_putc(&text, '\0')) == 0) {
		if (s->json) {
			json_t *o = json_object();
			json_object_set_new(o, "dispatch_id", json_integer(a->id));
			json_object_set_new(o, "text", json_string(text.ptr));
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			fputs(text.ptr, stdout);
		}
	}
	bm_buf_release(&text);
	return rc;
}

int bm_cmd_send(int argc, char **argv)
{
	static const char *const subs[] = {"new", "sign", "show", "list", "envelope", "foreign"};
	bm_cli_session s;
	send_args *a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("send"), BM_EXIT_USAGE) : bm_cli_help("send");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("send", "unknown subcommand '%s'", sub);
	if (!(a = calloc(1, sizeof(*a))))
		return bm_cli_fail(bm_error_nomem(), false);
	if ((rc = parse_args(sub, argc - 1, argv + 1, a)) != 0) {
		rc = rc == 1 ? bm_cli_help("send") : rc;
		free(a);
		return rc;
	}
	if (strcmp(sub, "sign") == 0 && (a->n_carriers != 1 || !a->by)) {
		free(a);
		return bm_cli_usage("send", "sign needs --carrier ID (one) and --by NAME");
	}
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0) {
		if (strcmp(sub, "new") == 0 || strcmp(sub, "foreign") == 0)
			rc = do_new(&s, a);
		else if (strcmp(sub, "sign") == 0)
			rc = do_sign(&s, a);
		else if (strcmp(sub, "show") == 0) {
			bm_dispatch_row *d = NULL;
			if ((rc = bm_svc_dispatch_show(&s.ctx, a->id, &d)) == 0)
				emit_dispatch(&s, d);
		} else if (strcmp(sub, "list") == 0)
			rc = do_list(&s, a);
		else
			rc = do_envelope(&s, a);
	}
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	free(a);
	return rc;
}
