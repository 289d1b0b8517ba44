/*
 * cmd_audit.c — `baomi audit`: verify, export, verify-export, list,
 * checkpoint (SYS-3).
 *
 * verify and verify-export need no login: anybody holding the file can
 * check the chain, against the signed checkpoints beside the database (or
 * given with --checkpoints) and a 校验码 from the paper register (--code).
 * export, list and checkpoint need a login as the audit administrator
 * (SYS-1) and are audited like every other operation. Each is a use case
 * of service/audit_read.c or service/audit_anchor.c.
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
	OPT_CODE,
	OPT_FORMAT,
	OPT_FROM,
	OPT_TO,
	OPT_ACTOR,
	OPT_ACTION,
	OPT_KIND,
};

static const struct option audit_opts[] = {
        {"out", required_argument, NULL, OPT_OUT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"code", required_argument, NULL, OPT_CODE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"actor", required_argument, NULL, OPT_ACTOR},
        {"action", required_argument, NULL, OPT_ACTION},
        {"kind", required_argument, NULL, OPT_KIND},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

#define LIST_DEFAULT_LIMIT 50

typedef struct audit_args {
	bm_cli_common common;
	const char *out;
	const char *limit;
	const char *code;
	const char *format;
	bm_audit_query q; /* list's filters */
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
		case OPT_CODE: a->code = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_FROM: a->q.from = optarg; break;
		case OPT_TO: a->q.to = optarg; break;
		case OPT_ACTOR: a->q.actor = optarg; break;
		case OPT_ACTION: a->q.action = optarg; break;
		case OPT_KIND: a->q.kind = optarg; break;
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

/* The checkpoint lines of verify's text answer (SYS-3). */
static void print_anchoring(const bm_audit_check_opts *o, const bm_audit_verify_result *res)
{
	if (o->code && o->code_count)
		printf("校验码 %s 相符：%s 的检查点，%" PRId64 " 条事件 / code %s matches the "
		       "checkpoint of %s, %" PRId64 " events\n",
		       o->code, o->code_at, o->code_count, o->code, o->code_at, o->code_count);
	if (res->checkpoints)
		printf("已对照 %" PRId64 " 个签名检查点，至第 %" PRId64
		       " 条事件 / checked against %" PRId64
		       " signed checkpoints, up to event %" PRId64 "\n",
		       res->checkpoints, res->anchored, res->checkpoints, res->anchored);
	else
		printf("注意：没有检查点，审计链末尾未锚定 / note: no checkpoint; the end of the "
		       "chain is not anchored (baomi audit checkpoint)\n");
}

static void json_anchoring(json_t *o, const bm_audit_check_opts *opts,
                           const bm_audit_verify_result *res)
{
	json_object_set_new(o, "checkpoints", json_integer(res->checkpoints));
	json_object_set_new(o, "anchored", json_integer(res->anchored));
	if (opts->code && opts->code_count) {
		json_t *c = json_object();
		json_object_set_new(c, "code", json_string(opts->code));
		json_object_set_new(c, "count", json_integer(opts->code_count));
		json_object_set_new(c, "at", json_string(opts->code_at));
		json_object_set_new(o, "code", c);
	}
}

static int do_verify(const audit_args *a)
{
	bm_audit_verify_result res;
	bm_audit_check_opts opts = {.checkpoints = a->common.checkpoints, .code = a->code};
	bm_audit_row *bad = NULL;
	bm_cli_session s;
	int rc;

	if ((rc = require_db(a->common.db)) != 0)
		return bm_cli_fail(rc, a->common.json);
	if ((rc = bm_cli_session_open_readonly(&s, &a->common)) != 0)
		goto done;
	if (a->code && !opts.checkpoints && !s.ctx.anchor) {
		rc = bm_cli_usage("audit", "--code needs a checkpoint file (--checkpoints FILE)");
		bm_cli_session_close(&s);
		return rc;
	}
	rc = bm_svc_audit_check(&s.ctx, &opts, &res, &bad);
	if (rc == 0 && a->code && !opts.file_found)
		rc = bm_error_set(BM_ENOTFOUND, "checkpoints_not_found", NULL,
		                  "没有检查点文件，无法核对校验码",
		                  "there is no checkpoint file to check the code against");
	if (rc == 0) {
		if (a->common.json) {
			json_t *o = json_object();
			json_object_set_new(o, "intact", json_true());
			json_object_set_new(o, "count", json_integer(res.count));
			json_object_set_new(o, "last_hash",
			                    res.count ? json_string(res.last_hash) : json_null());
			json_anchoring(o, &opts, &res);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("审计链完整：%" PRId64 " 条事件 / audit chain intact: %" PRId64
			       " events\n",
			       res.count, res.count);
			if (res.count)
				printf("末条哈希 / last hash (%s): %s\n", BM_AUDIT_ALG,
				       res.last_hash);
			print_anchoring(&opts, &res);
		}
	} else if (rc == BM_ECORRUPT && res.first_bad_seq == 0) {
		/* The checkpoint file itself is bad: the error says which line. */
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
	bm_audit_check_opts opts = {.checkpoints = a->common.checkpoints, .code = a->code};
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
	if (a->code && !opts.checkpoints) {
		if (in != stdin)
			fclose(in);
		return bm_cli_usage("audit", "--code needs --checkpoints FILE");
	}
	rc = bm_svc_audit_check_export(in, &opts, &res);
	if (in != stdin)
		fclose(in);
	if (a->common.json && (rc == 0 || (rc == BM_ECORRUPT && res.first_bad_seq))) {
		json_t *o = json_object();
		json_object_set_new(o, "intact", json_boolean(rc == 0));
		json_object_set_new(o, "count", json_integer(res.count));
		if (rc == 0) {
			json_object_set_new(o, "last_hash",
			                    res.count ? json_string(res.last_hash) : json_null());
			json_anchoring(o, &opts, &res);
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
		if (opts.checkpoints)
			print_anchoring(&opts, &res);
		return 0;
	}
	if (rc == BM_ECORRUPT && res.first_bad_seq)
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
	if (rc == 0 && s.ctx.anchor && !a->common.json)
		fprintf(stderr, "已写入检查点 / checkpoint written to %s\n",
		        s.ctx.anchor->checkpoints_path);
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

/* ---- list --format csv|xlsx: the filtered list as a sheet ----------------------- */

typedef struct sheet_out {
	bm_audit_list_cursor cur;
	bm_sheet sheet;
	bm_buf piece;
	FILE *f;
} sheet_out;

static int sheet_row_cb(const bm_audit_row *r, const bm_audit_words *w, void *cls)
{
	sheet_out *x = cls;
	return bm_audit_sheet_row(&x->sheet, &x->cur, r, w);
}

/* CSV pieces go to the file as they come; the workbook is copied once written. */
static int flush_piece(sheet_out *x)
{
	if (x->piece.len && fwrite(x->piece.ptr, 1, x->piece.len, x->f) != x->piece.len)
		return bm_error_set(BM_ERROR, "write_failed", NULL, "写入文件失败",
		                    "cannot write the file");
	bm_buf_clear(&x->piece);
	return 0;
}

static int copy_fd(int fd, FILE *f)
{
	char chunk[65536];
	ssize_t got;
	while ((got = read(fd, chunk, sizeof(chunk))) > 0)
		if (fwrite(chunk, 1, (size_t)got, f) != (size_t)got)
			return bm_error_set(BM_ERROR, "write_failed", NULL, "写入文件失败",
			                    "cannot write the file");
	return got < 0 ? bm_error_set(BM_ERROR, "write_failed", NULL, "读取 Excel 文件失败",
	                              "cannot read the Excel file")
	               : 0;
}

static int write_sheet(bm_cli_session *s, const audit_args *a, bm_sheet_format format, sheet_out *x)
{
	bm_xlsx_meta meta;
	long long size;
	int fd = -1, rc;

	if ((rc = bm_svc_audit_list_open(&s->ctx, &a->q, a->format, &x->cur)) != 0)
		return rc;
	bm_audit_sheet_meta(&x->cur, &meta);
	if ((rc = bm_sheet_begin(&x->sheet, format, &meta, &x->piece)) != 0 ||
	    (rc = bm_audit_sheet_head(&x->sheet)) != 0)
		return rc;
	while (rc == 0 && x->cur.after < x->cur.last) {
		rc = bm_svc_audit_list_next(s->ctx.store, &x->cur, 512, sheet_row_cb, x);
		if (rc == 0 && format == BM_SHEET_CSV)
			rc = flush_piece(x);
	}
	if (rc == 0 && format == BM_SHEET_CSV)
		rc = flush_piece(x);
	if (rc == 0 && format == BM_SHEET_XLSX &&
	    (rc = bm_sheet_end_file(&x->sheet, &fd, &size)) == 0) {
		rc = copy_fd(fd, x->f);
		close(fd);
	}
	return rc;
}

static int do_list_sheet(const audit_args *a)
{
	bm_sheet_format format;
	bm_cli_session s;
	sheet_out x;
	int rc;

	if (!bm_sheet_format_parse(a->format, &format))
		return bm_cli_usage("audit", "--format takes csv or xlsx, not '%s'", a->format);
	if (!a->out)
		return bm_cli_usage("audit", "--format %s needs --out FILE", a->format);
	if ((rc = require_db(a->common.db)) != 0)
		return bm_cli_fail(rc, a->common.json);
	memset(&x, 0, sizeof(x));
	bm_buf_init(&x.piece, 0);
	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0)
		goto done;
	if (!(x.f = fopen(a->out, "wb"))) {
		rc = bm_error_set(BM_ERROR, "write_failed", NULL, "无法写入 %s", "cannot write %s",
		                  a->out);
		goto done;
	}
	rc = write_sheet(&s, a, format, &x);
	if (fclose(x.f) != 0 && rc == 0)
		rc = bm_error_set(BM_ERROR, "write_failed", NULL, "写入文件失败",
		                  "cannot write the file");
	if (rc != 0)
		unlink(a->out);
	else if (!a->common.json)
		printf("已导出 %" PRId64 " 条事件到 %s / %" PRId64 " events written to %s\n",
		       x.cur.rows, a->out, x.cur.rows, a->out);
done:
	bm_sheet_discard(&x.sheet);
	bm_svc_audit_list_close(&x.cur);
	bm_buf_release(&x.piece);
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
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

/* ---- checkpoint ------------------------------------------------------------------- */

static int do_checkpoint(const audit_args *a)
{
	bm_checkpoint_outcome o;
	bm_cli_session s;
	int rc;

	if ((rc = require_db(a->common.db)) != 0)
		return bm_cli_fail(rc, a->common.json);
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0)
		rc = bm_svc_audit_checkpoint(&s.ctx, &o);
	if (rc == 0 && o.key_created)
		fprintf(stderr,
		        "本单位尚无审计密钥，已新建 %s（权限 "
		        "0600，请妥善备份，勿与数据库放在一处）\n"
		        "the unit had no audit key: created %s (mode 0600; back it up, and keep it "
		        "apart from the database)\n",
		        s.anchor.key_path, s.anchor.key_path);
	if (rc == 0 && a->common.json) {
		json_t *j = json_object();
		json_object_set_new(j, "count", json_integer(o.count));
		json_object_set_new(j, "last_hash", json_string(o.last_hash));
		json_object_set_new(j, "at", json_string(o.at));
		json_object_set_new(j, "code", json_string(o.code));
		json_object_set_new(j, "key_created", json_boolean(o.key_created));
		json_object_set_new(j, "file", json_string(s.ctx.anchor->checkpoints_path));
		bm_cli_print_json(j);
		json_decref(j);
	} else if (rc == 0) {
		printf("检查点已签署：%" PRId64 " 条事件，%s / checkpoint signed: %" PRId64
		       " events, %s\n",
		       o.count, o.at, o.count, o.at);
		printf("末条哈希 / last hash (%s): %s\n", BM_AUDIT_ALG, o.last_hash);
		printf("校验码 / code: %s\n", o.code);
		printf("请将校验码抄入纸质登记簿 / copy the code into the paper register\n");
	}
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
	if (strcmp(sub, "list") == 0 && a.format)
		return do_list_sheet(&a);
	if (strcmp(sub, "list") == 0)
		return do_list(&a);
	if (strcmp(sub, "checkpoint") == 0)
		return do_checkpoint(&a);
	return bm_cli_usage("audit", "unknown subcommand '%s'", sub);
}
