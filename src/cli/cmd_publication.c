/*
 * cmd_publication.c — `baomi publication`: publication review
 * (信息公开保密审查, PUB-1, PUB-2). A publication is a `publish` request of
 * the ordinary workflow, approved with `baomi approve`; the rules live in
 * src/policy/publication.c, the use cases in service/publication*.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/list_sheet.h"

const char bm_help_publication[] =
        "baomi publication — 信息公开保密审查 / publication review (PUB-1, PUB-2)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi publication new --channel website|press|social|article --title T\n"
        "        (--text T | --attachment DESCRIPTION | --carrier ID[,ID...])\n"
        "        --department D --publisher PERSON --reviewer PERSON [--reviewer PERSON ...]\n"
        "        --reason T\n"
        "        提出公开发布申请：指定保密审查人和发布人（谁发布谁负责，PUB-1）；\n"
        "        附件载体须为非密（按现标志，PUB-2）\n"
        "        file a publication: named reviewers and the publisher who answers for it;\n"
        "        attached carriers must read 非密 now (PUB-2)\n"
        "  baomi publication list [--status S] [--json]   登记 / the register\n"
        "  baomi publication list [--status S] --format csv|xlsx [--out FILE]\n"
        "        信息公开保密审查登记表（CSV 或 Excel；xlsx 须 --out）/ the register as CSV or\n"
        "        an Excel workbook (xlsx needs --out)\n"
        "  baomi publication show ID [--json]             申请、审查意见与发布记录\n"
        "  baomi publication review ID (--pass | --object) --opinion T\n"
        "        保密审查人填写审查意见（PUB-1）/ a named reviewer records the review\n"
        "  baomi approve ID --comment T                   审查完毕后批准（PUB-1）\n"
        "  baomi publication release ID --where PLACE\n"
        "        发布人登记发布（批准后，PUB-1）/ the publisher records the release\n"
        "\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_CHANNEL = 0x2700,
	OPT_TITLE,
	OPT_TEXT,
	OPT_ATTACHMENT,
	OPT_CARRIER,
	OPT_DEPARTMENT,
	OPT_PUBLISHER,
	OPT_REVIEWER,
	OPT_REASON,
	OPT_STATUS,
	OPT_PASS,
	OPT_OBJECT,
	OPT_OPINION,
	OPT_WHERE,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option pub_opts[] = {
        {"channel", required_argument, NULL, OPT_CHANNEL},
        {"title", required_argument, NULL, OPT_TITLE},
        {"text", required_argument, NULL, OPT_TEXT},
        {"attachment", required_argument, NULL, OPT_ATTACHMENT},
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"publisher", required_argument, NULL, OPT_PUBLISHER},
        {"reviewer", required_argument, NULL, OPT_REVIEWER},
        {"reason", required_argument, NULL, OPT_REASON},
        {"status", required_argument, NULL, OPT_STATUS},
        {"pass", no_argument, NULL, OPT_PASS},
        {"object", no_argument, NULL, OPT_OBJECT},
        {"opinion", required_argument, NULL, OPT_OPINION},
        {"where", required_argument, NULL, OPT_WHERE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

enum { MAX_ARGS = 20 };

typedef struct pub_args {
	bm_cli_common common;
	const char *channel, *title, *text, *attachment, *department, *publisher, *reason;
	const char *status, *opinion, *where;
	const char *format, *out; /* list --format csv|xlsx [--out FILE] (issue 15) */
	bool sheet;
	bm_sheet_format sheet_format;
	const char *reviewers[MAX_ARGS];
	size_t n_reviewers;
	int64_t carriers[MAX_ARGS];
	size_t n_carriers;
	int verdict; /* 1 pass, 0 object, -1 not given */
	int64_t id;
} pub_args;

/* "12,13" into the carrier list. */
static int add_carriers(pub_args *a, const char *text)
{
	char buf[512];
	if (strlen(text) >= sizeof(buf))
		return bm_cli_usage("publication", "--carrier list too long");
	memcpy(buf, text, strlen(text) + 1);
	for (char *p = buf; p && *p;) {
		char *comma = strchr(p, ',');
		int64_t id;
		if (comma)
			*comma = '\0';
		if (!(id = bm_cli_parse_carrier(p)) || a->n_carriers == MAX_ARGS)
			return bm_cli_usage("publication", "'%s' is not a carrier ID", p);
		a->carriers[a->n_carriers++] = id;
		p = comma ? comma + 1 : NULL;
	}
	return 0;
}

static int parse_args(const char *sub, int argc, char **argv, pub_args *a)
{
	int opt, rc;

	memset(a, 0, sizeof(*a));
	a->verdict = -1;
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", pub_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CHANNEL: a->channel = optarg; break;
		case OPT_TITLE: a->title = optarg; break;
		case OPT_TEXT: a->text = optarg; break;
		case OPT_ATTACHMENT: a->attachment = optarg; break;
		case OPT_CARRIER:
			if ((rc = add_carriers(a, optarg)) != 0)
				return rc;
			break;
		case OPT_DEPARTMENT: a->department = optarg; break;
		case OPT_PUBLISHER: a->publisher = optarg; break;
		case OPT_REVIEWER:
			if (a->n_reviewers == MAX_ARGS)
				return bm_cli_usage("publication", "at most %d reviewers",
				                    MAX_ARGS);
			a->reviewers[a->n_reviewers++] = optarg;
			break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_PASS: a->verdict = 1; break;
		case OPT_OBJECT: a->verdict = 0; break;
		case OPT_OPINION: a->opinion = optarg; break;
		case OPT_WHERE: a->where = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("publication", "unknown option for '%s'", sub);
		}
	}
	if (strcmp(sub, "new") == 0 || strcmp(sub, "list") == 0) {
		if (optind < argc)
			return bm_cli_usage("publication", "unexpected argument '%s'",
			                    argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("publication", "'%s' needs one request ID", sub);
	}
	if (strcmp(sub, "review") == 0 && a->verdict < 0)
		return bm_cli_usage("publication", "review needs --pass or --object");
	if ((a->format || a->out) && strcmp(sub, "list") != 0)
		return bm_cli_usage("publication", "--format and --out go with 'list'");
	return bm_cli_sheet_opts("publication", a->format, a->out, &a->sheet, &a->sheet_format);
}

static const char *str(json_t *o, const char *key)
{
	const char *s = json_string_value(json_object_get(o, key));
	return s && *s ? s : "-";
}

/* The publication (the API's JSON shape) as text. */
static void print_pub(json_t *o)
{
	json_t *p = json_object_get(o, "params"), *reviews = json_object_get(p, "reviews");
	json_t *rel = json_object_get(p, "release"), *st = json_object_get(o, "status"), *x;
	size_t i;

	printf("公开发布申请 publication %lld  [%s]  %s\n",
	       (long long)json_integer_value(json_object_get(o, "id")), str(st, "code"),
	       str(p, "title"));
	printf("  渠道 channel: %s  部门 department: %s  发布人 publisher: %s\n", str(p, "channel"),
	       str(p, "department"), str(p, "publisher"));
	printf("  申请人 requester: %s  依据 rule: %s\n", str(o, "requester"), str(o, "rule"));
	if (json_is_string(json_object_get(p, "attachment")))
		printf("  附件 attachment: %s\n", str(p, "attachment"));
	printf("  审查人 reviewers:");
	json_array_foreach(json_object_get(p, "reviewers"), i, x)
	        printf(" %s", json_string_value(x) ? json_string_value(x) : "?");
	printf("\n");
	json_array_foreach(reviews, i, x) printf(
	        "  审查 review: %s  %s  %s  %s\n", str(x, "at"), str(x, "reviewer"),
	        json_is_true(json_object_get(x, "passed")) ? "同意公开 pass" : "不宜公开 object",
	        str(x, "opinion"));
	json_array_foreach(json_object_get(o, "approvals"), i, x)
	        printf("  审批 approval: %s  %s  %s  %s\n", str(x, "at"), str(x, "approver"),
	               str(x, "decision"), str(x, "comment"));
	if (json_is_object(rel))
		printf("  发布 release: %s  %s  %s\n", str(rel, "at"), str(rel, "by"),
		       str(rel, "where"));
}

static int emit(bm_cli_session *s, int64_t id, const char *zh, const char *en)
{
	bm_request_row *r;
	bm_approval_row *aps;
	size_t n;
	json_t *o;
	int rc;

	if ((rc = bm_svc_request_show(&s->ctx, id, &r, &aps, &n)) != 0)
		return rc;
	o = bm_request_to_json(r, aps, n);
	if (s->json) {
		bm_cli_print_json(o);
	} else {
		if (zh)
			printf("%s / %s\n", zh, en);
		print_pub(o);
	}
	json_decref(o);
	return 0;
}

static int do_new(bm_cli_session *s, pub_args *a)
{
	bm_request_input in = {.op = "publish", .reason = a->reason};
	json_t *p = json_object(), *revs = json_array();
	const char *keys[] = {"channel", "title", "text", "attachment", "department", "publisher"};
	const char *vals[] = {a->channel,    a->title,      a->text,
	                      a->attachment, a->department, a->publisher};
	bm_request_row *r;
	char *text;
	int rc;

	for (size_t i = 0; i < BM_ARRAY_LEN(keys); i++)
		if (vals[i])
			json_object_set_new(p, keys[i], json_string(vals[i]));
	for (size_t i = 0; i < a->n_reviewers; i++)
		json_array_append_new(revs, json_string(a->reviewers[i]));
	if (a->n_reviewers)
		json_object_set(p, "reviewers", revs);
	json_decref(revs);
	text = json_dumps(p, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(p);
	if (!text || !(in.params = bm_arena_strdup(s->ctx.arena, text))) {
		free(text);
		return bm_error_nomem();
	}
	free(text);
	in.carrier_ids = a->carriers;
	in.n_carriers = a->n_carriers;
	if ((rc = bm_svc_request_create(&s->ctx, &in, &r)) != 0)
		return rc;
	return emit(s, r->id, "已提交", "filed");
}

static int do_list(bm_cli_session *s, pub_args *a)
{
	bm_request_row *rows;
	size_t n;
	json_t *arr;
	int rc;

	if ((rc = bm_svc_pub_list(&s->ctx, a->status, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_request_to_json(&rows[i], NULL, 0));
	if (a->sheet) {
		/* issue 15: 信息公开保密审查登记表, the API's and the screen's sheet */
		bm_buf b;
		bm_buf_init(&b, 64u << 20);
		rc = bm_svc_list_sheet(&s->ctx, "publications", NULL, arr, a->sheet_format, &b);
		if (rc == 0)
			rc = bm_cli_write_file(a->out, &b);
		bm_buf_release(&b);
		json_decref(arr);
		return rc;
	}
	if (s->json) {
		json_t *o = json_pack("{s:I,s:O}", "count", (json_int_t)n, "items", arr);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		size_t i;
		json_t *x;
		json_array_foreach(arr, i, x)
		{
			json_t *p = json_object_get(x, "params");
			printf("%-5lld %-9s %-8s %-10s %s\n",
			       (long long)json_integer_value(json_object_get(x, "id")),
			       str(json_object_get(x, "status"), "code"), str(p, "channel"),
			       str(p, "publisher"), str(p, "title"));
		}
		printf("共 %zu 件 / %zu publications\n", n, n);
	}
	json_decref(arr);
	return 0;
}

int bm_cmd_publication(int argc, char **argv)
{
	static const char *const subs[] = {"new", "list", "show", "review", "release"};
	bm_cli_session s;
	pub_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("publication"), BM_EXIT_USAGE)
		                : bm_cli_help("publication");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("publication", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("publication") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (strcmp(sub, "new") == 0) {
			rc = do_new(&s, &a);
		} else if (strcmp(sub, "list") == 0) {
			rc = do_list(&s, &a);
		} else if (strcmp(sub, "show") == 0) {
			rc = emit(&s, a.id, NULL, NULL);
		} else if (strcmp(sub, "review") == 0) {
			if ((rc = bm_svc_pub_review(&s.ctx, a.id, a.verdict == 1, a.opinion,
			                            NULL)) == 0)
				rc = emit(&s, a.id, "审查意见已记录", "review recorded");
		} else if ((rc = bm_svc_pub_release(&s.ctx, a.id, a.where, NULL)) == 0) {
			rc = emit(&s, a.id, "发布已登记", "release recorded");
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
