/*
 * cmd_import.c — `baomi import carriers|devices|people FILE`: a unit's
 * existing registers (收文登记簿, 涉密设备台账, 涉密人员登记表 in CSV, .xls or
 * .xlsx) into baomi, with a dry run that reports row by row and writes
 * nothing but its own audit event (issue 15 point 1). The reading, the
 * columns and the checks are the services' (bm_svc_import_*).
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
        "  baomi import devices FILE [同上 same options]\n"
        "  baomi import people FILE [同上 same options]\n"
        "  carriers  收文登记簿 → 收文载体（保密员，KEEP-5）/ incoming carriers (clerk)\n"
        "  devices   涉密设备台账 → 在用设备（保密员，DEV-1；报废须审批 DEV-6）/ devices\n"
        "            in use (clerk)\n"
        "  people    涉密人员登记表 → 已有账号的人员登记：审查、岗位、承诺书、确定类别、\n"
        "            责任书（安全保密管理员，PERSON-2）。不建账号（SYS-1 双人控制），没有\n"
        "            账号的行被拒绝 / the register's steps for EXISTING accounts (security\n"
        "            administrator); an import never makes an account (SYS-1)\n"
        "\n"
        "  --dry-run   逐行报告将导入什么、哪些行被拒绝及原因（规则号），不写入，只记一条\n"
        "              审计事件 / report row by row; writes nothing but its audit event\n"
        "  --map M     表头=字段,...；- 不导入；#H=字段 按列字母 / HEADER=field,...;\n"
        "              '-' skips; #H=field by column letter (a column without heading)\n"
        "  --name NAME 审计记录中的文件名 / the file name recorded\n"
        "\n"
        "carriers: 登记日期 received_on  来文机关 sender  文号 doc_number  标题 title\n"
        "  密级 level（机密★10年）  份数 copies  份号 serial  份数/份号 copies_serial（3/2）\n"
        "  保密期限 period  承办人/知悉范围 scope  保管人 custodian  存放地点 place  备注 note\n"
        "  页数 pages  载体形式 kind  紧急程度 urgency  部门 department  制发机关 producer\n"
        "devices: 编号 number  类型 kind（台式机、笔记本、U盘 …）  密级 level  型号 model\n"
        "  序列号 serial  责任人 holder  操作员 operator  使用地点 place  口令更换日期\n"
        "  password_changed_on  是否加密 encrypted  状态 status（在用）  设备名称 name、\n"
        "  启用日期 in_use_on（记入备注 into the note）  备注 note\n"
        "people: 姓名 name  用户名 username  部门 department  职务/岗位 post  涉密等级 class\n"
        "  （核心/重要/一般）  审查日期 vetted_on  审查结论 vetting（通过/不通过）\n"
        "  保密承诺书签订日期 commitment_on  确定日期 cleared_on（默认今天）  责任书签订日期\n"
        "  statement_on  备注 note；培训按场次记录（PERSON-6），确定类别前须已有\n"
        "  / training is recorded per session and must exist before a class\n"
        "\n"
        "表头为前 10 行中第一个有两个已知列名的行；标题行跳过；两行表头合并读取；\n"
        "合并单元格（.xlsx 与 .xls）的文字填入其覆盖的每一格；没有列名却有数据的列与\n"
        "跨两个字段的合并单元格被拒绝，指出行和列。/ Title rows are skipped, a two-row\n"
        "header combined; a merged cell (.xlsx and .xls) gives its text to every cell it\n"
        "covers; data under no heading and a cell merged across two fields are refused by\n"
        "row and column. 日期 2026-03-05、2026.3.5、2026年3月5日 或 Excel 日期；5/3/2026 拒绝。\n"
        "\n"
        "正式导入全部成功或全部不导入（一个事务），每行的审计事件记录文件名、行号、该行\n"
        "的 SM3（单元格以 U+001F 连接）和文件的 SM3。/ All rows or none, in one\n"
        "transaction; each row's events record the file, row number, row SM3, file SM3.\n"
        "退出码 / exit: 0 全部可导入（或已导入）all good, 3/5/6 有行被拒绝 a row refused\n"
        "(its rule's code), 4 文件不存在 no such file.\n";

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
	if (r->header_first)
		printf("表头 header: 第 %zu–%zu 行 rows %zu-%zu\n", r->header_first, r->header_last,
		       r->header_first, r->header_last);
	for (size_t i = 0; i < r->n_columns; i++) {
		const bm_import_column *c = &r->columns[i];
		if (c->field)
			printf("  列 column  %-12s → %s / %s\n", c->heading, c->field_zh, c->field);
		else
			printf("  列 column  %-12s → 不导入 / not imported\n", c->heading);
	}
	for (size_t i = 0; i < r->n_rows; i++) {
		const bm_import_row *w = &r->rows[i];
		if (w->ok && w->summary)
			printf("第 %zu 行 row: %s %s / %s\n", w->line,
			       r->imported ? "已导入 imported" : "可导入 would import", w->summary,
			       w->summary_en ? w->summary_en : "");
		else if (w->ok && w->id)
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

typedef int (*import_fn)(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                         bm_import_report *out);

static int import_file(bm_cli_common *c, import_fn fn, const char *path, const char *map,
                       const char *name, bool dry_run)
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
		rc = fn(&s.ctx, &file, dry_run, &r);
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
	import_fn fn;
	int opt;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("import"), BM_EXIT_USAGE) : bm_cli_help("import");
	if (strcmp(argv[1], "carriers") == 0)
		fn = bm_svc_import_carriers;
	else if (strcmp(argv[1], "devices") == 0)
		fn = bm_svc_import_devices;
	else if (strcmp(argv[1], "people") == 0)
		fn = bm_svc_import_people;
	else
		return bm_cli_usage("import", "unknown subcommand '%s' (carriers, devices, people)",
		                    argv[1]);
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
		return bm_cli_usage("import", "%s needs one FILE", argv[1]);
	return import_file(&c, fn, argv[1 + optind], map, name, dry_run);
}
