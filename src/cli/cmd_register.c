/*
 * cmd_register.c — `baomi register KIND`: the classic paper registers
 * (登记簿, REG-1) printed from the data as aligned text, CSV for a
 * spreadsheet, or JSON.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/ledger.h"
#include "util/buf.h"

const char bm_help_register[] =
        "baomi register — 登记簿 / the registers (REG-1)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi register KIND [--format text|csv|json|xlsx] [--json] [--from DATE] [--to DATE]\n"
        "                      [--out FILE]\n"
        "\n"
        "KIND:\n"
        "  incoming  收文登记簿 / incoming register\n"
        "  dispatch  发文登记簿 / dispatch register\n"
        "  borrow    借阅登记簿 / borrowing register\n"
        "  copy      复制登记簿 / copying register\n"
        "  take-out  携带外出登记簿 / take-out register\n"
        "  destroy   销毁登记簿 / destruction register\n"
        "  handover  移交登记簿 / hand-over register (KEEP-2: one row per hand-over list)\n"
        "也可用中文名称，如 收文登记簿。The Chinese name works too.\n"
        "\n"
        "  --book B     涉密载体与普通文件分别登记（REG-4）：classified（涉密载体，默认）或\n"
        "               ordinary（普通文件：非密、内部）/ classified and ordinary items are\n"
        "               registered apart (REG-4): classified (秘密 and above, the default) or\n"
        "               ordinary (非密, 内部)\n"
        "  --format F   text（对齐的表格，中文表头，默认）、csv（UTF-8 带 BOM，可直接用 Excel "
        "打开）\n"
        "               或 json / text (aligned, Chinese headers, default), csv (UTF-8 with BOM,\n"
        "               RFC 4180, for spreadsheets) or json\n"
        "               xlsx：Excel 工作簿（标题行含单位和日期、冻结表头、横向打印、签字行），\n"
        "               须同时给 --out / an Excel workbook (title row with the unit and date,\n"
        "               frozen header, landscape print setup, signature row); needs --out\n"
        "  --json       同 --format json；错误也以 JSON 输出 / same as --format json, errors as "
        "JSON\n"
        "  --from DATE --to DATE   只列该期间（含首尾，YYYY-MM-DD，本单位时区）的记录\n"
        "               only rows dated in this period (inclusive, local dates)\n"
        "  --out FILE   写入文件而非标准输出 / write to FILE instead of standard output\n"
        "\n"
        "每行包括密级、制发机关、标题、时间、文号、份号、页数、份数、经办人和签字（REG-1），\n"
        "只列本人有权知悉的载体（SYS-2）。Each row has the REG-1 columns; only carriers you\n"
        "may see are listed (SYS-2). Reading a register is audited.\n"
        "每行的登记序号（第一列）在本簿内从 1 起连续编排，登记时即确定、永不重用。\n"
        "The first column, 登记序号, numbers the entries of the book 1, 2, 3 … as they\n"
        "were made; a number is kept for good and never reused.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum { OPT_FORMAT = 0x2300, OPT_FROM, OPT_TO, OPT_OUT, OPT_BOOK };

static int parse_format(const char *s, bm_register_format *out)
{
	if (strcmp(s, "text") == 0)
		*out = BM_REGISTER_TEXT;
	else if (strcmp(s, "csv") == 0)
		*out = BM_REGISTER_CSV;
	else if (strcmp(s, "json") == 0)
		*out = BM_REGISTER_JSON;
	else if (strcmp(s, "xlsx") == 0)
		*out = BM_REGISTER_XLSX;
	else
		return -1;
	return 0;
}

int bm_cmd_register(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"format", required_argument, NULL, OPT_FORMAT},
	        {"from", required_argument, NULL, OPT_FROM},
	        {"to", required_argument, NULL, OPT_TO},
	        {"out", required_argument, NULL, OPT_OUT},
	        {"book", required_argument, NULL, OPT_BOOK},
	        BM_CLI_COMMON_LONGOPTS,
	        {NULL, 0, NULL, 0},
	};
	bm_cli_common common;
	bm_cli_session s;
	bm_register reg;
	bm_register_format format = BM_REGISTER_TEXT;
	const char *from = NULL, *to = NULL, *out_path = NULL, *format_arg = NULL, *book = NULL;
	bm_buf buf;
	int opt, rc;

	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FORMAT: format_arg = optarg; break;
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case OPT_OUT: out_path = optarg; break;
		case OPT_BOOK: book = optarg; break;
		case 'h': return bm_cli_help("register");
		default: return bm_cli_usage("register", "unknown option");
		}
	}
	if (format_arg && parse_format(format_arg, &format) != 0)
		return bm_cli_usage("register", "unknown format '%s' (text, csv, json, xlsx)",
		                    format_arg);
	if (format == BM_REGISTER_XLSX && !out_path)
		return bm_cli_usage("register", "--format xlsx needs --out FILE");
	if (common.json) {
		if (format_arg && format != BM_REGISTER_JSON)
			return bm_cli_usage("register", "--json and --format %s disagree",
			                    format_arg);
		format = BM_REGISTER_JSON;
	}
	if (argc - optind != 1)
		return bm_cli_usage("register", "needs one KIND (incoming, dispatch, borrow, copy, "
		                                "take-out, destroy, handover)");
	bm_buf_init(&buf, 0);
	if ((rc = bm_cli_session_open(&s, &common, true)) == 0 &&
	    (rc = bm_svc_register(&s.ctx, argv[optind], book, from, to, &reg)) == 0 &&
	    (rc = bm_register_render(&reg, format, &buf)) == 0)
		rc = bm_cli_write_file(out_path, &buf);
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_buf_release(&buf);
	bm_cli_session_close(&s);
	return rc;
}
