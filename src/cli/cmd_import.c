/*
 * cmd_import.c — `baomi import carriers FILE`: a unit's existing register
 * (收文登记簿 in CSV, .xls or .xlsx) into the ledger, with a dry run that
 * reports row by row and writes nothing (issue 15 point 1). The reading,
 * the columns and the checks are the services' (bm_svc_import_carriers).
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

enum { OPT_DRY_RUN = 0x2400, OPT_MAP, OPT_NAME };

const char bm_help_import[] =
        "baomi import — 导入现有台账 / import existing ledgers (issue 15)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi import carriers FILE [--dry-run] [--map 列=字段,...] [--name NAME] [--json]\n"
        "      收文登记簿（CSV、.xls、.xlsx）逐行登记为收文载体（保密员，KEEP-5）/ register\n"
        "      every row of a register kept in CSV, .xls or .xlsx as an incoming carrier\n"
        "\n"
        "  --dry-run         试导入：逐行报告将登记什么、哪些行被拒绝及原因（规则号），\n"
        "                    不写入任何内容（不产生审计事件）/ report row by row what would\n"
        "                    be registered and what is refused and why; writes nothing\n"
        "  --map M           调整列的对应：表头=字段，逗号分隔；字段为 - 则不导入该列\n"
        "                    / the clerk's mapping, HEADER=field,...; '-' skips a column\n"
        "                    e.g. --map 收文时间=received_on,经办人=scope,收文号=-\n"
        "  --name NAME       审计记录中的文件名（默认 FILE 的文件名）/ the name recorded\n"
        "\n"
        "表头按中文列名识别 / columns recognised by their Chinese headers:\n"
        "  登记日期/收文日期 received_on  来文机关/来文单位 sender  文号 doc_number\n"
        "  标题/文件标题 title  密级 level（可写作 机密★10年）  份数 copies  份号 serial\n"
        "  份数/份号 copies_serial（写作 3/2）  保密期限 period  承办人/知悉范围 scope\n"
        "  保管人 custodian  存放地点 place  备注 note  页数 pages  载体形式 kind\n"
        "  紧急程度 urgency  部门 department  制发机关 producer  序号（不导入 skipped）\n"
        "日期可写作 2026-03-05、2026.3.5、2026/3/5、2026年3月5日 或 Excel 日期；\n"
        "年份不在前的日期（5/3/2026）有两种读法，拒绝。文号中的 [2026]、(2026)、【2026】\n"
        "写作〔2026〕；全角数字按半角读。/ dates as 2026-03-05, 2026.3.5, 2026/3/5,\n"
        "2026年3月5日 or Excel dates; 5/3/2026 reads two ways and is refused. Brackets\n"
        "around a year in 文号 become 〔2026〕; full-width digits read as ASCII.\n"
        "\n"
        "正式导入全部成功或全部不导入，在一个事务中，每行审计记录文件名、行号和文件的 SM3。\n"
        "A real run imports every row or none, in one transaction; every row's audit\n"
        "event records the file's name, the row's number and the file's SM3.\n"
        "退出码 / exit: 0 全部可导入（或已导入）all rows good (or imported), 3/5 有行被拒绝\n"
        "a row refused (its rule's code), 4 文件不存在 no such file.\n";

static const struct option import_opts[] = {
        {"dry-run", no_argument, NULL, OPT_DRY_RUN},
        {"map", required_argument, NULL, OPT_MAP},
        {"name", required_argument, NULL, OPT_NAME},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

/* The whole file (at most 64 MiB) into `buf`, or an error set. */
static int read_file(const char *path, bm_buf *buf)
{
	FILE *f = fopen(path, "rb");
	char chunk[65536];
	size_t n;
	if (!f)
		return bm_error_set(BM_ENOTFOUND, "file_not_found", NULL, "无法打开文件 '%s'",
		                    "cannot open file '%s'", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (bm_buf_put(buf, chunk, n) != 0) {
			fclose(f);
			return bm_error_set(BM_ETOOLARGE, "import_too_large", NULL,
			                    "文件 '%s' 超过 64 MiB", "file '%s' is over 64 MiB",
			                    path);
		}
	fclose(f);
	return 0;
}

static void print_report(const bm_import_report *r)
{
	printf("文件 file: %s（%s，SM3 %s）\n", r->file_name, r->format ? r->format : "-",
	       r->sm3 ? r->sm3 : "-");
	for (size_t i = 0; i < r->n_columns; i++) {
		const bm_import_column *c = &r->columns[i];
		if (c->field)
			printf("  列 column  %-12s → %s / %s\n", c->heading, c->field_zh, c->field);
		else
			printf("  列 column  %-12s → 不导入 / not imported\n", c->heading);
	}
	for (size_t i = 0; i < r->n_rows; i++) {
		const bm_import_row *w = &r->rows[i];
		if (w->ok && w->id)
			printf("第 %zu 行 row: 已登记 registered %lld  %s  %s\n", w->line,
			       (long long)w->id, w->level ? w->level : "",
			       w->title ? w->title : "");
		else if (w->ok)
			printf("第 %zu 行 row: 可导入 would register  %s  %s%s%s\n", w->line,
			       w->level ? w->level : "", w->title ? w->title : "",
			       w->doc_number ? "  " : "", w->doc_number ? w->doc_number : "");
		else
			printf("第 %zu 行 row: 拒绝 refused%s%s%s%s%s  %s / %s: %s\n", w->line,
			       w->rule ? " [" : "", w->rule ? w->rule : "", w->rule ? "]" : "",
			       w->column ? " 列 column " : "", w->column ? w->column : "",
			       w->message, w->code, w->message_en);
	}
	if (r->imported)
		printf("已导入 %zu 行 / imported %zu rows\n", r->n_ok, r->n_ok);
	else if (r->dry_run)
		printf("试导入 dry run: %zu 行可导入，%zu 行被拒绝；未写入任何内容 / %zu rows "
		       "would "
		       "import, %zu refused; nothing written\n",
		       r->n_ok, r->n_refused, r->n_ok, r->n_refused);
}

/* The first refused row's exit code (a dry run with refusals). */
static int refused_exit(const bm_import_report *r)
{
	for (size_t i = 0; i < r->n_rows; i++)
		if (!r->rows[i].ok)
			return bm_error_exit_code(r->rows[i].klass ? r->rows[i].klass
			                                           : BM_EINVALID);
	return 0;
}

static int import_carriers(bm_cli_common *c, const char *path, const char *map, const char *name,
                           bool dry_run)
{
	bm_cli_session s;
	bm_buf data;
	bm_import_report r;
	bm_import_file file;
	const char *base = strrchr(path, '/');
	int rc;

	memset(&r, 0, sizeof(r));
	bm_buf_init(&data, 64u << 20);
	if ((rc = read_file(path, &data)) != 0) {
		bm_buf_release(&data);
		return bm_cli_fail(rc, c->json);
	}
	file.name = name ? name : base ? base + 1 : path;
	file.data = data.ptr ? data.ptr : "";
	file.len = data.len;
	file.map = map;
	if ((rc = bm_cli_session_open(&s, c, true)) == 0)
		rc = bm_svc_import_carriers(&s.ctx, &file, dry_run, &r);
	if (c->json) {
		json_t *o = bm_import_report_json(&r);
		if (rc) {
			const bm_error *e = bm_error_last();
			json_t *err = json_object();
			json_object_set_new(err, "code", json_string(e->code));
			json_object_set_new(err, "rule",
			                    e->rule[0] ? json_string(e->rule) : json_null());
			json_object_set_new(err, "message", json_string(e->message));
			json_object_set_new(err, "message_en", json_string(e->message_en));
			json_object_set_new(o, "error", err);
			rc = bm_error_exit_code(rc);
		}
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		if (r.n_rows || r.n_columns)
			print_report(&r);
		if (rc)
			rc = bm_cli_fail(rc, false);
	}
	if (rc == 0 && dry_run)
		rc = refused_exit(&r);
	bm_cli_session_close(&s);
	bm_buf_release(&data);
	return rc;
}

int bm_cmd_import(int argc, char **argv)
{
	bm_cli_common c;
	const char *map = NULL, *name = NULL;
	bool dry_run = false;
	int opt;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("import"), BM_EXIT_USAGE) : bm_cli_help("import");
	if (strcmp(argv[1], "carriers") != 0)
		return bm_cli_usage("import", "unknown subcommand '%s' (carriers)", argv[1]);
	bm_cli_common_init(&c);
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, "h", import_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_DRY_RUN: dry_run = true; break;
		case OPT_MAP: map = optarg; break;
		case OPT_NAME: name = optarg; break;
		case 'h': return bm_cli_help("import");
		default: return bm_cli_usage("import", "unknown option");
		}
	}
	if (argc - 1 - optind != 1)
		return bm_cli_usage("import", "carriers needs one FILE");
	return import_carriers(&c, argv[1 + optind], map, name, dry_run);
}
