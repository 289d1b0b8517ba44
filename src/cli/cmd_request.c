/*
 * cmd_request.c — `baomi request`, `approve`, `reject`, `inbox`: filing a
 * request for an operation that needs approval, deciding it, withdrawing it,
 * and reading requests (service/request.c). Every rule is the service's;
 * this file only turns arguments into a bm_request_input and results into
 * text or the API's JSON (bm_request_to_json).
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

const char bm_help_request[] =
        "baomi request — 审批申请 / requests that need approval\n"
        "\n"
        "用法 / usage:\n"
        "  baomi request new OP --carrier ID[,ID...] --reason TEXT [--param KEY=VALUE ...]\n"
        "        提出申请；审批链按本单位制度和密级确定 / file a request; the approval chain\n"
        "        comes from the unit's policy by operation and level\n"
        "  baomi request list [--mine] [--inbox] [--status S] [--op OP] [--carrier ID]\n"
        "                     [--limit N] [--offset N] [--json]\n"
        "        本人的申请（保密员可见全部）；--inbox 为待本人审批的申请\n"
        "        one's own requests (a clerk sees all); --inbox: those waiting for one's decision\n"
        "  baomi request show ID [--json]        申请及审批记录 / one request with its approvals\n"
        "  baomi request withdraw ID --comment TEXT\n"
        "        申请人撤回待审批或已批准未办理的申请 / the requester withdraws it\n"
        "  baomi approve ID --comment TEXT       同意（本环节）/ approve the next step\n"
        "  baomi reject ID --comment TEXT        不同意 / reject\n"
        "  baomi inbox [--json]                  = baomi request list --inbox\n"
        "\n"
        "事项 OP（代码或中文）/ operations (code or Chinese name):\n"
        "  borrow 借阅          {take_away: true|false}\n"
        "  read 查阅（现场）     -\n"
        "  copy 复制            {copies, copier, originator_approval}\n"
        "  extract 摘录         {copies, originator_approval}\n"
        "  take_out 携带外出    {destination, purpose, return_date, abroad, public_place,\n"
        "                        higher_approval}\n"
        "  make 制作（不指定载体）{title, level, copies, doc_number, scope, period,\n"
        "                        classifier, basis}（秘密以上须写明定密责任人和定密依据，\n"
        "                        LEVEL-4/9 / a classified make names its classifier and basis）\n"
        "  widen_scope 扩大知悉范围 {add: \"person:U,dept:D\"}\n"
        "  destroy 销毁         {method, place}\n"
        "  level_change 密级变更 {to_level, period, basis}（定密、升密、降密、解密）\n"
        "  foreign 对外提供     {recipient, higher_approval}（批准后 baomi execute foreign）\n"
        "  outside_reader 范围外人员查阅 {reader, organisation, introduction_letter}\n"
        "\n"
        "  --param KEY=VALUE  申请参数，可重复；true/false 为是/否，其余为文本\n"
        "                     a request parameter, repeatable; true/false are booleans, the rest "
        "text\n"
        "  --param KEY.FIELD=VALUE  记录的一个字段 / one field of a record, e.g.\n"
        "        --param higher_approval.by=省保密局张三 --param "
        "higher_approval.document=省保函〔2026〕8号\n"
        "        --param higher_approval.date=2026-11-30\n"
        "  外部批准为记录而非是/否（COPY-2 原定密机关、FOREIGN-1/CARRY-3 上级保密行政管理部门）：\n"
        "  an outside approval is a record {by, document, date}, not true/false\n"
        "  状态 / status: pending approved rejected withdrawn executed expired\n"
        "\n"
        "本人不得审批本人的申请；审批人须持有本环节角色（本部门或全单位）。每项审批均须填写意见。\n"
        "Nobody approves their own request; an approver holds the step's role for the request's\n"
        "department or unit-wide. Every decision carries a comment and is audited.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_CARRIER = 0x2200,
	OPT_REASON,
	OPT_PARAM,
	OPT_COMMENT,
	OPT_MINE,
	OPT_INBOX,
	OPT_STATUS,
	OPT_OP,
	OPT_LIMIT,
	OPT_OFFSET,
};

static const struct option request_opts[] = {
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"reason", required_argument, NULL, OPT_REASON},
        {"param", required_argument, NULL, OPT_PARAM},
        {"comment", required_argument, NULL, OPT_COMMENT},
        {"mine", no_argument, NULL, OPT_MINE},
        {"inbox", no_argument, NULL, OPT_INBOX},
        {"status", required_argument, NULL, OPT_STATUS},
        {"op", required_argument, NULL, OPT_OP},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"offset", required_argument, NULL, OPT_OFFSET},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

enum { MAX_CARRIER_ARGS = 200, MAX_PARAMS = 32 };

/* Everything a request subcommand may be given. */
typedef struct request_args {
	bm_cli_common common;
	const char *cmd; /* for usage messages: "request", "approve", ... */
	const char *reason, *comment, *status, *op, *carrier, *limit, *offset;
	const char *carrier_texts[MAX_CARRIER_ARGS];
	size_t n_carrier_texts;
	const char *params[MAX_PARAMS];
	size_t n_params;
	bool mine, inbox;
	char **positional;
	int n_positional;
} request_args;

static int parse_args(const char *cmd, int argc, char **argv, request_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	a->cmd = cmd;
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", request_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CARRIER:
			if (a->n_carrier_texts == MAX_CARRIER_ARGS)
				return bm_cli_usage(cmd, "too many --carrier options");
			a->carrier_texts[a->n_carrier_texts++] = optarg;
			a->carrier = optarg;
			break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_PARAM:
			if (a->n_params == MAX_PARAMS)
				return bm_cli_usage(cmd, "at most %d --param options", MAX_PARAMS);
			a->params[a->n_params++] = optarg;
			break;
		case OPT_COMMENT: a->comment = optarg; break;
		case OPT_MINE: a->mine = true; break;
		case OPT_INBOX: a->inbox = true; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_OP: a->op = optarg; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_OFFSET: a->offset = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage(cmd, "unknown option");
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

/* The one positional request ID of show, withdraw, approve, reject (0: usage error). */
static int64_t one_id(const request_args *a)
{
	return a->n_positional == 1 ? bm_cli_parse_id(a->positional[0]) : 0;
}

/*
 * Collects the carrier IDs of every --carrier (each "ID" or "ID,ID,...") into
 * `ids` (arena memory). Returns 0, or a usage exit code after printing why.
 */
static int collect_carriers(bm_arena *arena, const request_args *a, int64_t **ids, size_t *n)
{
	size_t cap = 0, count = 0;
	int64_t *out;

	for (size_t i = 0; i < a->n_carrier_texts; i++) {
		cap++;
		for (const char *p = a->carrier_texts[i]; *p; p++)
			cap += *p == ',';
	}
	*ids = NULL;
	*n = 0;
	if (!cap)
		return 0;
	if (cap > MAX_CARRIER_ARGS)
		return bm_cli_usage(a->cmd, "at most %d carriers per request", MAX_CARRIER_ARGS);
	if (!(out = bm_arena_alloc(arena, cap * sizeof(*out))))
		return bm_cli_usage(a->cmd, "out of memory");
	for (size_t i = 0; i < a->n_carrier_texts; i++) {
		char *copy = bm_arena_strdup(arena, a->carrier_texts[i]), *item = copy, *comma;
		if (!copy)
			return bm_cli_usage(a->cmd, "out of memory");
		for (;;) {
			comma = strchr(item, ',');
			if (comma)
				*comma = '\0';
			if (!(out[count] = bm_cli_parse_carrier(item)))
				return bm_cli_usage(a->cmd, "'%s' is not a carrier ID", item);
			count++;
			if (!comma)
				break;
			item = comma + 1;
		}
	}
	*ids = out;
	*n = count;
	return 0;
}

/*
 * Builds the params object text from KEY=VALUE pairs, as the API takes it
 * (bm_h_requests_create): "true"/"false" become booleans, everything else text
 * (the service reads numbers from text). Returns 0, or a usage exit code.
 */
static int build_params(bm_arena *arena, const request_args *a, const char **out)
{
	json_t *o;
	char *text;

	*out = NULL;
	if (!a->n_params)
		return 0;
	o = json_object();
	for (size_t i = 0; i < a->n_params; i++) {
		const char *eq = strchr(a->params[i], '=');
		char *key;
		json_t *v;
		if (!eq || eq == a->params[i]) {
			json_decref(o);
			return bm_cli_usage(a->cmd, "--param needs KEY=VALUE, not '%s'",
			                    a->params[i]);
		}
		json_t *into = o;
		char *dot = NULL;
		key = bm_arena_printf(arena, "%.*s", (int)(eq - a->params[i]), a->params[i]);
		/* KEY.FIELD=VALUE: one text field of the record KEY (an outside approval). */
		if (key && (dot = strchr(key, '.')) != NULL && dot != key && dot[1]) {
			*dot = '\0';
			into = json_object_get(o, key);
			if (!into) {
				into = json_object();
				json_object_set_new(o, key, into);
			}
			if (!json_is_object(into)) {
				json_decref(o);
				return bm_cli_usage(a->cmd, "--param '%s' given twice", key);
			}
			key = dot + 1;
			if (json_object_get(into, key)) {
				json_decref(o);
				return bm_cli_usage(a->cmd, "--param '%s' given twice", key);
			}
			v = json_string(eq + 1);
			if (!v) {
				json_decref(o);
				return bm_cli_usage(a->cmd, "--param '%s' is not valid UTF-8 text",
				                    key);
			}
			json_object_set_new(into, key, v);
			continue;
		}
		if (!key || json_object_get(o, key)) {
			json_decref(o);
			return bm_cli_usage(a->cmd, "--param '%s' given twice", key ? key : "");
		}
		if (strcmp(eq + 1, "true") == 0)
			v = json_true();
		else if (strcmp(eq + 1, "false") == 0)
			v = json_false();
		else
			v = json_string(eq + 1);
		if (!v) {
			/* jansson refuses text that is not UTF-8: the service's own answer. */
			json_decref(o);
			return bm_cli_usage(a->cmd, "--param '%s' is not valid UTF-8 text", key);
		}
		json_object_set_new(o, key, v);
	}
	text = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	if (!text)
		return bm_cli_usage(a->cmd, "out of memory");
	*out = bm_arena_strdup(arena, text);
	free(text);
	return 0;
}

/* "zh / en" of a {code, zh, en} object, or its plain text. */
static const char *names_of(bm_arena *arena, json_t *v)
{
	if (json_is_object(v))
		return bm_arena_printf(arena, "%s / %s",
		                       json_string_value(json_object_get(v, "zh")),
		                       json_string_value(json_object_get(v, "en")));
	return json_is_string(v) ? json_string_value(v) : "-";
}

static const char *zh_of(json_t *v)
{
	const char *s = json_string_value(json_object_get(v, "zh"));
	return s ? s : json_is_string(v) ? json_string_value(v) : "-";
}

static const char *text_or_dash(json_t *v)
{
	return json_is_string(v) ? json_string_value(v) : "-";
}

/* "5,6" from the carrier_ids array. */
static const char *ids_text(bm_arena *arena, json_t *ids)
{
	const char *text = "";
	size_t i;
	json_t *v;
	json_array_foreach(ids, i, v)
	{
		text = bm_arena_printf(arena, "%s%s%lld", text, i ? "," : "",
		                       (long long)json_integer_value(v));
		if (!text)
			return "?";
	}
	return *text ? text : "-";
}

/* "分管领导 ✓ → 主要领导" from the chain array; "无需审批" when empty. */
static const char *chain_text(bm_arena *arena, json_t *chain)
{
	const char *text = "";
	size_t i;
	json_t *s;
	if (!json_array_size(chain))
		return "无需审批 / none";
	json_array_foreach(chain, i, s)
	{
		text = bm_arena_printf(arena, "%s%s%s（%s）%s", text, i ? " → " : "", zh_of(s),
		                       text_or_dash(json_object_get(s, "code")),
		                       json_is_true(json_object_get(s, "done")) ? " ✓" : "");
		if (!text)
			return "?";
	}
	return text;
}

/* One request (the API's JSON shape) as text. */
static void print_request(bm_arena *arena, json_t *o)
{
	json_t *params = json_object_get(o, "params"), *approvals = json_object_get(o, "approvals");
	size_t i;
	json_t *ap;

	printf("申请 / request %lld\n", (long long)json_integer_value(json_object_get(o, "id")));
	printf("  事项 op:           %s\n", names_of(arena, json_object_get(o, "op")));
	printf("  状态 status:       %s\n", names_of(arena, json_object_get(o, "status")));
	printf("  申请人 requester:  %s\n", text_or_dash(json_object_get(o, "requester")));
	printf("  密级 level:        %s\n", names_of(arena, json_object_get(o, "level")));
	printf("  载体 carriers:     %s\n", ids_text(arena, json_object_get(o, "carrier_ids")));
	printf("  事由 reason:       %s\n", text_or_dash(json_object_get(o, "reason")));
	printf("  依据 rule:         %s\n", text_or_dash(json_object_get(o, "rule")));
	if (json_object_size(params)) {
		char *p = json_dumps(params, JSON_COMPACT | JSON_SORT_KEYS);
		printf("  参数 params:       %s\n", p ? p : "?");
		free(p);
	}
	printf("  审批链 chain:      %s\n", chain_text(arena, json_object_get(o, "chain")));
	printf("  提交 created:      %s\n", text_or_dash(json_object_get(o, "created_at")));
	if (json_is_string(json_object_get(o, "decided_at")))
		printf("  决定 decided:      %s\n",
		       json_string_value(json_object_get(o, "decided_at")));
	if (json_is_string(json_object_get(o, "executed_at")))
		printf("  办理 executed:     %s\n",
		       json_string_value(json_object_get(o, "executed_at")));
	if (!approvals)
		return;
	printf("  审批记录 approvals:\n");
	if (!json_array_size(approvals))
		printf("    （无 / none）\n");
	json_array_foreach(approvals, i, ap)
	{
		bool yes = strcmp(text_or_dash(json_object_get(ap, "decision")), "approved") == 0;
		printf("    %lld. %s %s  %s  %s  意见 comment: %s\n",
		       (long long)json_integer_value(json_object_get(ap, "step")),
		       zh_of(json_object_get(ap, "role")),
		       text_or_dash(json_object_get(ap, "approver")),
		       yes ? "同意 approved" : "不同意 rejected",
		       text_or_dash(json_object_get(ap, "at")),
		       text_or_dash(json_object_get(ap, "comment")));
	}
}

/* Prints a request (with its approvals) as JSON or text; `verb` heads the text. */
static void emit_request(bm_cli_session *s, const char *verb, const bm_request_row *r,
                         const bm_approval_row *aps, size_t n_aps)
{
	static const bm_approval_row none;
	json_t *o = bm_request_to_json(r, aps ? aps : &none, n_aps);
	if (s->json) {
		bm_cli_print_json(o);
	} else {
		if (verb)
			printf("%s\n", verb);
		print_request(&s->arena, o);
	}
	json_decref(o);
}

/* Reads a request back after a change, as the API answers (GET /requests/{id}). */
static int show_after(bm_cli_session *s, const char *verb, int64_t id)
{
	bm_request_row *r;
	bm_approval_row *aps = NULL;
	size_t n = 0;
	int rc = bm_svc_request_show(&s->ctx, id, &r, &aps, &n);
	if (rc == 0)
		emit_request(s, verb, r, aps, n);
	return rc;
}

static int do_new(request_args *a)
{
	bm_cli_session s;
	bm_request_input in = {0};
	bm_request_row *row;
	bm_arena input; /* the parsed arguments, checked before the password is asked */
	int64_t *ids;
	int rc;

	if (a->n_positional != 1)
		return bm_cli_usage("request", "new needs one OP (borrow, read, copy, ...)");
	in.op = a->positional[0];
	in.reason = a->reason;
	bm_arena_init(&input, 0);
	if ((rc = collect_carriers(&input, a, &ids, &in.n_carriers)) != 0 ||
	    (rc = build_params(&input, a, &in.params)) != 0) {
		bm_arena_release(&input);
		return rc;
	}
	in.carrier_ids = ids;
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0 &&
	    (rc = bm_svc_request_create(&s.ctx, &in, &row)) == 0)
		emit_request(&s, "已提交申请 / request filed", row, NULL, 0);
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	bm_arena_release(&input);
	return rc;
}

/* Resolves the list filters like GET /requests; vocabulary errors are the user's. */
static int build_filter(bm_cli_session *s, const request_args *a, bm_request_filter *f)
{
	static const char *const statuses[] = {"pending",   "approved", "rejected",
	                                       "withdrawn", "executed", "expired"};
	bool known = false;

	memset(f, 0, sizeof(*f));
	f->op = -1;
	f->limit = 100;
	if (a->status) {
		for (size_t i = 0; i < BM_ARRAY_LEN(statuses); i++)
			known = known || strcmp(statuses[i], a->status) == 0;
		if (!known)
			return bm_error_set(
			        BM_EINVALID, "invalid_filter", NULL,
			        "未知状态 '%s'（pending approved rejected withdrawn executed "
			        "expired）",
			        "unknown status '%s' (pending approved rejected withdrawn "
			        "executed expired)",
			        a->status);
		f->status = a->status;
	}
	if (a->op && (f->op = bm_op_parse(a->op)) < 0)
		return bm_error_set(BM_EINVALID, "invalid_filter", NULL, "未知申请事项 '%s'",
		                    "unknown operation '%s'", a->op);
	if (a->carrier && !(f->carrier_id = bm_cli_parse_carrier(a->carrier)))
		return bm_error_set(BM_EINVALID, "invalid_filter", NULL, "载体编号无效 '%s'",
		                    "invalid carrier id '%s'", a->carrier);
	if (a->limit) {
		int64_t v = bm_cli_parse_id(a->limit);
		if (!v || v > 1000)
			return bm_error_set(BM_EINVALID, "invalid_limit", NULL,
			                    "每页条数应在 1 到 1000 之间",
			                    "the page size must be between 1 and 1000");
		f->limit = (int)v;
	}
	if (a->offset) {
		char *end;
		long v = strtol(a->offset, &end, 10);
		if (!*a->offset || *end || v < 0 || v > 100000000)
			return bm_error_set(BM_EINVALID, "invalid_offset", NULL, "偏移量无效 '%s'",
			                    "invalid offset '%s'", a->offset);
		f->offset = (int)v;
	}
	/* --mine: one's own requests, also for a clerk who keeps the register of all. */
	if (a->mine && s->ctx.actor)
		f->requester_id = s->ctx.actor->id;
	return 0;
}

static int do_list(request_args *a)
{
	bm_cli_session s;
	bm_request_filter f;
	bm_request_row *rows = NULL;
	size_t n = 0;
	int64_t total = 0;
	json_t *items;
	int rc;

	if (a->n_positional)
		return bm_cli_usage(a->cmd, "unexpected argument '%s'", a->positional[0]);
	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0 ||
	    (rc = build_filter(&s, a, &f)) != 0 ||
	    (rc = bm_svc_request_list(&s.ctx, a->inbox, &f, &rows, &n, &total)) != 0)
		goto done;
	items = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(items, bm_request_to_json(&rows[i], NULL, 0));
	if (a->common.json) {
		json_t *o = json_object();
		json_object_set_new(o, "total", json_integer(total));
		json_object_set_new(o, "items", items);
		bm_cli_print_json(o);
		json_decref(o);
		goto done;
	}
	if (a->inbox)
		printf("待本人审批 / waiting for my decision\n");
	printf("%6s  %-14s  %-6s  %-10s  %-10s  %-12s  %s\n", "编号 ID", "事项 op", "密级",
	       "状态 status", "申请人", "载体 carriers", "审批链 chain");
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_array_get(items, i);
		printf("%6lld  %-14s  %-6s  %-10s  %-10s  %-12s  %s\n",
		       (long long)json_integer_value(json_object_get(o, "id")),
		       zh_of(json_object_get(o, "op")), zh_of(json_object_get(o, "level")),
		       zh_of(json_object_get(o, "status")),
		       text_or_dash(json_object_get(o, "requester")),
		       ids_text(&s.arena, json_object_get(o, "carrier_ids")),
		       chain_text(&s.arena, json_object_get(o, "chain")));
	}
	printf("共 %lld 件，显示 %zu 件 / %lld in all, %zu shown\n", (long long)total, n,
	       (long long)total, n);
	json_decref(items);
done:
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

static int do_show(request_args *a)
{
	bm_cli_session s;
	int64_t id = one_id(a);
	int rc;

	if (!id)
		return bm_cli_usage(a->cmd, "show needs one request ID");
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0)
		rc = show_after(&s, NULL, id);
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/* approve (0), reject (1), withdraw (2): one decision, then the request as it now stands. */
static int do_decide(request_args *a, int what)
{
	static const char *const verbs[] = {"已同意 / approved", "已驳回 / rejected",
	                                    "已撤回 / withdrawn"};
	bm_cli_session s;
	int64_t id = one_id(a);
	int rc;

	if (!id)
		return bm_cli_usage(a->cmd, "needs one request ID");
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0) {
		rc = what == 2 ? bm_svc_request_withdraw(&s.ctx, id, a->comment)
		               : bm_svc_request_decide(&s.ctx, id, what == 0, a->comment);
		if (rc == 0)
			rc = show_after(&s, verbs[what], id);
	}
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/* `baomi CMD --help` or `baomi CMD` without arguments. */
static int help_or_usage(int argc, char **argv, const char *cmd)
{
	if (argc < 2)
		return bm_cli_help(cmd), BM_EXIT_USAGE;
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return bm_cli_help(cmd);
	return -1;
}

int bm_cmd_request(int argc, char **argv)
{
	request_args a;
	const char *sub;
	int rc;

	if ((rc = help_or_usage(argc, argv, "request")) >= 0)
		return rc;
	sub = argv[1];
	if ((rc = parse_args("request", argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("request") : rc;
	if (strcmp(sub, "new") == 0)
		return do_new(&a);
	if (strcmp(sub, "list") == 0)
		return do_list(&a);
	if (strcmp(sub, "show") == 0)
		return do_show(&a);
	if (strcmp(sub, "withdraw") == 0)
		return do_decide(&a, 2);
	if (strcmp(sub, "approve") == 0)
		return do_decide(&a, 0);
	if (strcmp(sub, "reject") == 0)
		return do_decide(&a, 1);
	return bm_cli_usage("request", "unknown subcommand '%s'", sub);
}

/* approve / reject: the decision's own command, `baomi approve ID --comment TEXT`. */
static int decide_cmd(int argc, char **argv, const char *cmd, int what)
{
	request_args a;
	int rc;

	if ((rc = help_or_usage(argc, argv, cmd)) >= 0)
		return rc;
	if ((rc = parse_args(cmd, argc, argv, &a)) != 0)
		return rc == 1 ? bm_cli_help(cmd) : rc;
	return do_decide(&a, what);
}

int bm_cmd_approve(int argc, char **argv)
{
	return decide_cmd(argc, argv, "approve", 0);
}

int bm_cmd_reject(int argc, char **argv)
{
	return decide_cmd(argc, argv, "reject", 1);
}

int bm_cmd_inbox(int argc, char **argv)
{
	request_args a;
	int rc;

	if (argc > 1 && (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0))
		return bm_cli_help("inbox");
	if ((rc = parse_args("inbox", argc, argv, &a)) != 0)
		return rc == 1 ? bm_cli_help("inbox") : rc;
	a.inbox = true;
	return do_list(&a);
}
