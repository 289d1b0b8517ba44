/*
 * cmd_audit.c — `baomi audit`: verify, export, verify-export, list (SYS-3).
 *
 * verify and verify-export need no login: anybody holding the file can
 * check the chain. export and list show the events themselves, so they need
 * a login as the audit administrator (SYS-1) and are audited like every
 * other operation. Each is a use case of service/audit_read.c.
 */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "cli/cli.h"

enum {
	OPT_OUT = 0x2200,
	OPT_LIMIT,
};

static const struct option audit_opts[] = {
        {"out", required_argument, NULL, OPT_OUT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

#define LIST_DEFAULT_LIMIT 50

typedef struct audit_args {
	bm_cli_common common;
	const char *out;
	const char *limit;
	char **positional;
	int n_positional;
} audit_args;

static int parse_args(int argc, char **argv, audit_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", audit_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_OUT: a->out = optarg; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("audit", "unknown option");
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

/*
 * Opening a missing SQLite file would create an empty database whose empty
 * chain "verifies": refuse a path that does not exist instead.
 */
static int require_db(const char *db)
{
	const char *path = db;
	if (!db || !*db)
		return bm_error_set(BM_EINVALID, "no_database", NULL,
		                    "未指定数据库（--db PATH 或环境变量 BAOMI_DB）",
		                    "no database given (--db PATH or $BAOMI_DB)");
	if (strstr(db, "://"))
		return 0;
	if (strncmp(path, "sqlite:", 7) == 0)
		path += 7;
	if (access(path, F_OK) != 0)
		return bm_error_set(BM_ENOTFOUND, "database_not_found", NULL, "数据库 '%s' 不存在",
		                    "database '%s' does not exist", path);
	return 0;
}

/* One event for `list --json` and for showing a bad event: detail parsed when it is JSON. */
static json_t *row_json(const bm_audit_row *r)
{
	json_t *o = json_object();
	json_t *detail = r->detail ? json_loads(r->detail, 0, NULL) : NULL;
	if (!detail)
		detail = r->detail ? json_string(r->detail) : json_null();
	json_object_set_new(o, "seq", json_integer(r->seq));
	json_object_set_new(o, "at", r->at ? json_string(r->at) : json_null());
	json_object_set_new(o, "actor", r->actor ? json_string(r->actor) : json_null());
	json_object_set_new(o, "action", r->action ? json_string(r->action) : json_null());
	json_object_set_new(o, "object", r->object ? json_string(r->object) : json_null());
	json_object_set_new(o, "outcome", r->outcome ? json_string(r->outcome) : json_null());
	json_object_set_new(o, "rule", r->rule ? json_string(r->rule) : json_null());
	json_object_set_new(o, "detail", detail);
	json_object_set_new(o, "alg", r->alg ? json_string(r->alg) : json_null());
	json_object_set_new(o, "prev_hash", r->prev_hash ? json_string(r->prev_hash) : json_null());
	json_object_set_new(o, "hash", r->hash ? json_string(r->hash) : json_null());
	return o;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_row(FILE *f, const bm_audit_row *r)
{
	fprintf(f, "%6" PRId64 "  %s  %-12s %-26s %-14s %-8s %-9s %s\n", r->seq, or_dash(r->at),
	        or_dash(r->actor), or_dash(r->action), or_dash(r->object), or_dash(r->outcome),
	        or_dash(r->rule), or_dash(r->detail));
}

/* ---- verify ----------------------------------------------------------------- */

static int do_verify(const audit_args *a)
{
	bm_audit_verify_result res;
	bm_audit_row *bad = NULL;
	bm_cli_session s;
	int rc;

	if ((rc = require_db(a->common.db)) != 0)
		return bm_cli_fail(rc, a->common.json);
	if ((rc = bm_cli_session_open(&s, &a->common, false)) != 0)
		goto done;
	rc = bm_svc_audit_check(&s.ctx, &res, &bad);
	if (rc == 0) {
		if (a->common.json) {
			json_t *o = json_object();
			json_object_set_new(o, "intact", json_true());
			json_object_set_new(o, "count", json_integer(res.count));
			json_object_set_new(o, "last_hash",
			                    res.count ? json_string(res.last_hash) : json_null());
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("审计链完整：%" PRId64 " 条事件 / audit chain intact: %" PRId64
			       " events\n",
			       res.count, res.count);
			if (res.count)
				printf("末条哈希 / last hash (%s): %s\n", BM_AUDIT_ALG,
				       res.last_hash);
		}
	} else if (rc == BM_ECORRUPT) {
		if (a->common.json) {
			const bm_error *e = bm_error_last();
			json_t *o = json_object(), *err = json_object();
			json_object_set_new(o, "intact", json_false());
			json_object_set_new(o, "count", json_integer(res.count));
			json_object_set_new(o, "first_bad_seq", json_integer(res.first_bad_seq));
			json_object_set_new(o, "reason", json_string(res.reason));
			json_object_set_new(o, "event", bad ? row_json(bad) : json_null());
			json_object_set_new(err, "code", json_string(e->code));
			json_object_set_new(err, "rule", json_string(e->rule));
			json_object_set_new(err, "message", json_string(e->message));
			json_object_set_new(err, "message_en", json_string(e->message_en));
			json_object_set_new(o, "error", err);
			bm_cli_print_json(o);
			json_decref(o);
			bm_cli_session_close(&s);
			return bm_error_exit_code(rc);
		}
		printf("审计链被破坏：首个异常事件为第 %" PRId64
		       " 条 / audit chain broken: first bad "
		       "event is %" PRId64 "\n%s\n",
		       res.first_bad_seq, res.first_bad_seq, res.reason);
		if (bad) {
			printf("异常事件 / bad event:\n");
			print_row(stdout, bad);
		}
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/* ---- verify-export ----------------------------------------------------------- */

static int do_verify_export(const audit_args *a)
{
	bm_audit_verify_result res;
	const char *path = a->positional[0];
	FILE *in;
	int rc;

	in = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	if (!in) {
		rc = bm_error_set(errno == ENOENT ? BM_ENOTFOUND : BM_ERROR, "open_failed", NULL,
		                  "无法打开 '%s'：%s", "cannot open '%s': %s", path,
		                  strerror(errno));
		return bm_cli_fail(rc, a->common.json);
	}
	rc = bm_svc_audit_check_export(in, &res);
	if (in != stdin)
		fclose(in);
	if (a->common.json && (rc == 0 || rc == BM_ECORRUPT)) {
		json_t *o = json_object();
		json_object_set_new(o, "intact", json_boolean(rc == 0));
		json_object_set_new(o, "count", json_integer(res.count));
		if (rc == 0) {
			json_object_set_new(o, "last_hash",
			                    res.count ? json_string(res.last_hash) : json_null());
		} else {
			const bm_error *e = bm_error_last();
			json_t *err = json_object();
			json_object_set_new(o, "first_bad_seq", json_integer(res.first_bad_seq));
			json_object_set_new(o, "reason", json_string(res.reason));
			json_object_set_new(err, "code", json_string(e->code));
			json_object_set_new(err, "rule", json_string(e->rule));
			json_object_set_new(err, "message", json_string(e->message));
			json_object_set_new(err, "message_en", json_string(e->message_en));
			json_object_set_new(o, "error", err);
		}
		bm_cli_print_json(o);
		json_decref(o);
		return rc ? bm_error_exit_code(rc) : 0;
	}
	if (rc == 0) {
		printf("导出文件完整：%" PRId64 " 条事件 / export intact: %" PRId64 " events\n",
		       res.count, res.count);
		if (res.count)
			printf("末条哈希 / last hash (%s): %s\n", BM_AUDIT_ALG, res.last_hash);
		return 0;
	}
	if (rc == BM_ECORRUPT)
		printf("导出文件被破坏：首个异常事件为第 %" PRId64
		       " 条 / export broken: first bad event "
		       "is %" PRId64 "\n%s\n",
		       res.first_bad_seq, res.first_bad_seq, res.reason);
	return bm_cli_fail(rc, a->common.json);
}

/* ---- export -------------------------------------------------------------------- */

/*
 * Exports into `out_path` (NULL or "-": stdout). A file is written beside
 * the target and renamed, so a failure or a refusal never leaves half a file.
 */
static int export_to(bm_cli_session *s, const char *out_path)
{
	const char *dest = out_path && strcmp(out_path, "-") ? out_path : "stdout";
	char *tmp = NULL;
	FILE *f = NULL;
	int rc;

	if (!out_path || strcmp(out_path, "-") == 0)
		return bm_svc_audit_export(&s->ctx, stdout, dest);
	{
		size_t n = strlen(out_path) + sizeof(".partial");
		if (!(tmp = bm_malloc(n)))
			return bm_error_nomem();
		snprintf(tmp, n, "%s.partial", out_path);
	}
	if (!(f = fopen(tmp, "wb"))) {
		rc = bm_error_set(BM_ERROR, "open_failed", NULL, "无法写入 '%s'：%s",
		                  "cannot write '%s': %s", tmp, strerror(errno));
		goto done;
	}
	rc = bm_svc_audit_export(&s->ctx, f, dest);
	if (fclose(f) != 0 && rc == 0)
		rc = bm_error_set(BM_ERROR, "write_failed", NULL, "写入 '%s' 失败：%s",
		                  "writing '%s' failed: %s", tmp, strerror(errno));
	if (rc == 0 && rename(tmp, out_path) != 0)
		rc = bm_error_set(BM_ERROR, "write_failed", NULL, "无法建立 '%s'：%s",
		                  "cannot create '%s': %s", out_path, strerror(errno));
	if (rc)
		unlink(tmp);
done:
	bm_free(tmp);
	return rc;
}

static int do_export(const audit_args *a)
{
	bm_cli_session s;
	int rc;

	if ((rc = require_db(a->common.db)) != 0)
		return bm_cli_fail(rc, a->common.json);
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0)
		rc = export_to(&s, a->out);
	if (rc == 0 && a->out && strcmp(a->out, "-") != 0 && !a->common.json)
		fprintf(stderr, "已导出审计链至 / exported the audit chain to %s\n", a->out);
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/* ---- list ------------------------------------------------------------------------ */

typedef struct list_ctx {
	json_t *items; /* with --json */
	bool header;   /* the text header is printed */
} list_ctx;

static void print_header(list_ctx *l)
{
	if (l->items || l->header)
		return;
	printf("%6s  %-20s  %-12s %-26s %-14s %-8s %-9s %s\n", "seq", "at", "actor", "action",
	       "object", "outcome", "rule", "detail");
	l->header = true;
}

/* Called only once the auditor is known, so a refusal prints nothing. */
static int list_cb(const bm_audit_row *r, void *ctx)
{
	list_ctx *l = ctx;
	if (l->items)
		return json_array_append_new(l->items, row_json(r)) == 0 ? 0 : bm_error_nomem();
	print_header(l);
	print_row(stdout, r);
	return 0;
}

static int do_list(const audit_args *a)
{
	bm_cli_session s;
	list_ctx l = {0};
	long limit = LIST_DEFAULT_LIMIT;
	int64_t total = 0;
	int rc;

	if (a->limit) {
		char *end;
		errno = 0;
		limit = strtol(a->limit, &end, 10);
		if (errno || end == a->limit || *end || limit < 0)
			return bm_cli_usage("audit", "--limit needs a whole number >= 0, not '%s'",
			                    a->limit);
	}
	if ((rc = require_db(a->common.db)) != 0)
		return bm_cli_fail(rc, a->common.json);
	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0)
		goto done;
	if (a->common.json && !(l.items = json_array())) {
		rc = bm_error_nomem();
		goto done;
	}
	/* The most recent `limit` events, oldest first; 0 = all. */
	rc = bm_svc_audit_tail(&s.ctx, limit, list_cb, &l, &total);
	if (rc == 0 && l.items) {
		json_t *o = json_object();
		json_object_set_new(o, "total", json_integer(total));
		json_object_set_new(o, "events", l.items);
		l.items = NULL;
		bm_cli_print_json(o);
		json_decref(o);
	} else if (rc == 0) {
		print_header(&l);
	}
done:
	json_decref(l.items);
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/*
 * `baomi audit SUB …`. Returns the process exit status: 0, 8 when the chain
 * or the export is broken, 5 when export/list is refused (SYS-1), … (cli.h).
 */
int bm_cmd_audit(int argc, char **argv)
{
	audit_args a;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("audit"), BM_EXIT_USAGE) : bm_cli_help("audit");
	sub = argv[1];
	if ((rc = parse_args(argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("audit") : rc;

	if (strcmp(sub, "verify-export") == 0) {
		if (a.n_positional != 1)
			return bm_cli_usage("audit", "'verify-export' needs one FILE");
		return do_verify_export(&a);
	}
	if (a.n_positional != 0)
		return bm_cli_usage("audit", "unexpected argument '%s'", a.positional[0]);
	if (strcmp(sub, "verify") == 0)
		return do_verify(&a);
	if (strcmp(sub, "export") == 0)
		return do_export(&a);
	if (strcmp(sub, "list") == 0)
		return do_list(&a);
	return bm_cli_usage("audit", "unknown subcommand '%s'", sub);
}
