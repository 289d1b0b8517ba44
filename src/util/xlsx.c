/*
 * xlsx.c — registers as Excel workbooks through libxlsxwriter (issue 15
 * point 2); the layout is described in xlsx.h.
 */
#include "common.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <xlsxwriter.h>

#include "util/alloc.h"
#include "util/error.h"
#include "util/xlsx.h"

#define MAX_COLS  64
#define MAX_WIDTH 48.0
#define MIN_WIDTH 6.0
/* Excel's last row; the title, header, count and signature rows take four. */
#define MAX_ROWS (1048576u - 4u)

struct bm_xlsx {
	char path[4096];
	lxw_workbook *wb;
	lxw_worksheet *ws;
	lxw_format *title_fmt, *head_fmt, *cell_fmt, *level_fmt, *note_fmt;
	bm_xlsx_meta meta;
	size_t n_cols;
	uint32_t row;  /* the next row to write */
	int level_col; /* the 密级 column, -1: none */
	double widths[MAX_COLS];
};

/* The display width of UTF-8 text in Excel's units: a Chinese character is two. */
static double text_width(const char *s)
{
	double w = 0, line = 0;
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++) {
		if (*p == '\n') {
			line = 0;
			continue;
		}
		if (*p < 0x80)
			line += 1;
		else if (*p >= 0xC0)
			line += *p >= 0xE0 ? 2 : 1;
		if (line > w)
			w = line;
	}
	return w;
}

static int lxw_failed(lxw_error e)
{
	return bm_error_set(BM_ERROR, "xlsx_failed", NULL, "Excel 文件生成失败：%s",
	                    "the Excel file could not be written: %s", lxw_strerror(e));
}

/* A sheet's name: at most 31 characters, none of []:*?/\ (Excel's limits). */
static void sheet_name(const char *title, char out[128])
{
	size_t o = 0, chars = 0;
	const unsigned char *p = (const unsigned char *)(title && *title ? title : "Sheet1");
	while (*p && chars < 31 && o + 4 < 128) {
		size_t len = *p < 0x80 ? 1 : *p < 0xE0 ? 2 : *p < 0xF0 ? 3 : 4;
		if (len == 1 && strchr("[]:*?/\\'", *p)) {
			out[o++] = '_';
			p++;
		} else {
			for (size_t i = 0; i < len && *p; i++)
				out[o++] = (char)*p++;
		}
		chars++;
	}
	out[o] = '\0';
}

static void xlsx_free(bm_xlsx *x)
{
	if (!x)
		return;
	if (x->wb) {
		/* Closing is the only way to free a workbook; it writes the file we then drop. */
		workbook_close(x->wb);
		x->wb = NULL;
	}
	if (x->path[0])
		unlink(x->path);
	bm_free(x);
}

static int xlsx_open(const bm_xlsx_meta *m, bm_xlsx **out)
{
	const char *dir = getenv("TMPDIR");
	lxw_workbook_options opts = {0};
	char name[128];
	bm_xlsx *x;
	int fd;

	if (!dir || !*dir || strlen(dir) > 4000)
		dir = "/tmp";
	if (!(x = bm_calloc(1, sizeof(*x))))
		return bm_error_nomem();
	x->level_col = -1;
	x->meta = *m;
	snprintf(x->path, sizeof(x->path), "%s/baomi-xlsx-XXXXXX", dir);
	if ((fd = mkstemp(x->path)) < 0) {
		int e = errno;
		x->path[0] = '\0';
		xlsx_free(x);
		return bm_error_set(BM_ERROR, "xlsx_failed", NULL, "无法建立临时文件（%s）：%s",
		                    "cannot create a temporary file (%s): %s", dir, strerror(e));
	}
	close(fd);
	opts.tmpdir = (char *)dir;
	opts.constant_memory = m->constant_memory ? LXW_TRUE : LXW_FALSE;
	if (!(x->wb = workbook_new_opt(x->path, &opts))) {
		xlsx_free(x);
		return bm_error_nomem();
	}
	sheet_name(m->title, name);
	if (!(x->ws = workbook_add_worksheet(x->wb, name))) {
		xlsx_free(x);
		return bm_error_set(BM_ERROR, "xlsx_failed", NULL, "Excel 工作表无法建立：%s",
		                    "the Excel worksheet could not be added: %s", name);
	}
	x->title_fmt = workbook_add_format(x->wb);
	format_set_bold(x->title_fmt);
	format_set_font_size(x->title_fmt, 16);
	format_set_align(x->title_fmt, LXW_ALIGN_CENTER);
	format_set_align(x->title_fmt, LXW_ALIGN_VERTICAL_CENTER);
	x->head_fmt = workbook_add_format(x->wb);
	format_set_bold(x->head_fmt);
	format_set_align(x->head_fmt, LXW_ALIGN_CENTER);
	format_set_align(x->head_fmt, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->head_fmt);
	format_set_border(x->head_fmt, LXW_BORDER_THIN);
	format_set_bg_color(x->head_fmt, 0xD9D9D9);
	x->cell_fmt = workbook_add_format(x->wb);
	format_set_align(x->cell_fmt, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->cell_fmt);
	format_set_border(x->cell_fmt, LXW_BORDER_THIN);
	x->level_fmt = workbook_add_format(x->wb);
	format_set_bold(x->level_fmt);
	format_set_align(x->level_fmt, LXW_ALIGN_CENTER);
	format_set_align(x->level_fmt, LXW_ALIGN_VERTICAL_CENTER);
	format_set_text_wrap(x->level_fmt);
	format_set_border(x->level_fmt, LXW_BORDER_THIN);
	x->note_fmt = workbook_add_format(x->wb);
	format_set_align(x->note_fmt, LXW_ALIGN_LEFT);
	format_set_align(x->note_fmt, LXW_ALIGN_VERTICAL_CENTER);
	if (!x->title_fmt || !x->head_fmt || !x->cell_fmt || !x->level_fmt || !x->note_fmt) {
		xlsx_free(x);
		return bm_error_nomem();
	}
	*out = x;
	return 0;
}

/* A row across every column: merged when there is more than one. */
static lxw_error wide_row(bm_xlsx *x, uint32_t row, const char *text, lxw_format *fmt)
{
	if (x->n_cols < 2)
		return worksheet_write_string(x->ws, row, 0, text, fmt);
	return worksheet_merge_range(x->ws, row, 0, row, (lxw_col_t)(x->n_cols - 1), text, fmt);
}

/* The title row and the header row, from the first row given. */
static int xlsx_head(bm_xlsx *x, const char *const *cells, size_t n)
{
	bm_buf t;
	lxw_error e;
	int rc = 0;

	if (n == 0 || n > MAX_COLS)
		return bm_error_set(BM_EINVALID, "xlsx_columns", NULL,
		                    "Excel 表的列数 %zu 不在 1..%d 之内",
		                    "an Excel sheet of %zu columns (1..%d)", n, MAX_COLS);
	x->n_cols = n;
	bm_buf_init(&t, 4096);
	if (x->meta.unit && *x->meta.unit)
		rc = bm_buf_printf(&t, "%s　", x->meta.unit);
	if (rc == 0)
		rc = bm_buf_puts(&t, x->meta.title ? x->meta.title : "");
	if (rc == 0 && x->meta.range && *x->meta.range)
		rc = bm_buf_printf(&t, "（%s）", x->meta.range);
	if (rc == 0 && x->meta.date && *x->meta.date)
		rc = bm_buf_printf(&t, "　导出日期：%s", x->meta.date);
	if (rc != 0) {
		bm_buf_release(&t);
		return rc;
	}
	/* Row heights before their rows: constant_memory writes a row once left. */
	e = worksheet_set_row(x->ws, 0, 30, NULL);
	if (e == LXW_NO_ERROR)
		e = wide_row(x, 0, t.ptr ? t.ptr : "", x->title_fmt);
	bm_buf_release(&t);
	for (size_t c = 0; c < n && e == LXW_NO_ERROR; c++) {
		const char *h = cells[c] ? cells[c] : "";
		if (strncmp(h, "密级", strlen("密级")) == 0 && x->level_col < 0)
			x->level_col = (int)c;
		x->widths[c] = text_width(h);
		e = worksheet_write_string(x->ws, 1, (lxw_col_t)c, h, x->head_fmt);
	}
	if (e != LXW_NO_ERROR)
		return lxw_failed(e);
	x->row = 2;
	return 0;
}

static int xlsx_row(bm_xlsx *x, const char *const *cells, size_t n)
{
	if (x->row == 0)
		return xlsx_head(x, cells, n);
	if (x->row - 2 >= MAX_ROWS)
		return bm_error_set(BM_ETOOLARGE, "xlsx_rows", NULL,
		                    "超过 Excel 一张表的行数上限（%u 行）：请缩小范围或导出 CSV",
		                    "more rows than an Excel sheet holds (%u): narrow the range or "
		                    "export CSV",
		                    MAX_ROWS);
	for (size_t c = 0; c < x->n_cols; c++) {
		const char *v = c < n && cells[c] ? cells[c] : "";
		lxw_format *f = (int)c == x->level_col ? x->level_fmt : x->cell_fmt;
		lxw_error e = worksheet_write_string(x->ws, x->row, (lxw_col_t)c, v, f);
		double w = text_width(v);
		if (e != LXW_NO_ERROR)
			return lxw_failed(e);
		if (w > x->widths[c])
			x->widths[c] = w;
	}
	x->row++;
	return 0;
}

/* Appends the file at `path` to `out`. */
static int read_back(const char *path, bm_buf *out)
{
	char chunk[65536];
	size_t got;
	int rc = 0;
	FILE *f = fopen(path, "rb");
	if (!f)
		return bm_error_set(BM_ERROR, "xlsx_failed", NULL, "无法读回 Excel 文件：%s",
		                    "cannot read the Excel file back: %s", strerror(errno));
	while (rc == 0 && (got = fread(chunk, 1, sizeof(chunk), f)) > 0)
		rc = bm_buf_put(out, chunk, got);
	if (rc == 0 && ferror(f))
		rc = bm_error_set(BM_ERROR, "xlsx_failed", NULL, "无法读回 Excel 文件",
		                  "cannot read the Excel file back");
	fclose(f);
	return rc;
}

static int xlsx_finish(bm_xlsx *x, bm_buf *out)
{
	char count[96];
	lxw_error e = LXW_NO_ERROR;
	lxw_workbook *wb;
	size_t rows;
	int rc;

	if (x->row == 0)
		return bm_error_set(BM_EINVALID, "xlsx_columns", NULL, "Excel 表没有表头",
		                    "an Excel sheet without a header row");
	rows = x->row - 2;
	snprintf(count, sizeof(count), "共 %zu 条 / %zu rows", rows, rows);
	e = wide_row(x, x->row, count, x->note_fmt);
	if (e == LXW_NO_ERROR)
		e = worksheet_set_row(x->ws, x->row + 1, 28, NULL);
	/* The signature row: who drew the register up and who checked it, on paper. */
	if (e == LXW_NO_ERROR)
		e = wide_row(
		        x, x->row + 1,
		        x->meta.signature
		                ? x->meta.signature
		                : "制表人（签字）：　　　　　　　　审核人（签字）：　　　　　　　　"
		                  "日期：　　　　年　　月　　日",
		        x->note_fmt);
	for (size_t c = 0; c < x->n_cols && e == LXW_NO_ERROR; c++) {
		double w = x->widths[c] + 2;
		w = w < MIN_WIDTH ? MIN_WIDTH : w > MAX_WIDTH ? MAX_WIDTH : w;
		e = worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, w, NULL);
	}
	if (e == LXW_NO_ERROR) {
		worksheet_freeze_panes(x->ws, 2, 0);
		worksheet_set_landscape(x->ws);
		worksheet_set_paper(x->ws, 9); /* A4 */
		worksheet_fit_to_pages(x->ws, 1, 0);
		worksheet_set_margins(x->ws, 0.5, 0.5, 0.75, 0.75);
		worksheet_set_footer(x->ws, "&C第 &P 页，共 &N 页");
		e = worksheet_repeat_rows(x->ws, 0, 1);
	}
	if (e == LXW_NO_ERROR)
		e = worksheet_print_area(x->ws, 0, 0, x->row + 1, (lxw_col_t)(x->n_cols - 1));
	if (e != LXW_NO_ERROR)
		return lxw_failed(e);
	wb = x->wb;
	x->wb = NULL;
	if ((e = workbook_close(wb)) != LXW_NO_ERROR)
		return lxw_failed(e);
	if (!out)
		return 0;
	rc = read_back(x->path, out);
	return rc;
}

bool bm_sheet_format_parse(const char *s, bm_sheet_format *out)
{
	if (s && strcmp(s, "csv") == 0)
		*out = BM_SHEET_CSV;
	else if (s && strcmp(s, "xlsx") == 0)
		*out = BM_SHEET_XLSX;
	else
		return false;
	return true;
}

int bm_sheet_begin(bm_sheet *s, bm_sheet_format format, const bm_xlsx_meta *meta, bm_buf *out)
{
	static const bm_xlsx_meta none = {0};
	memset(s, 0, sizeof(*s));
	s->format = format;
	s->out = out;
	if (format == BM_SHEET_XLSX)
		return xlsx_open(meta ? meta : &none, &s->xlsx);
	return bm_buf_puts(out, "\xEF\xBB\xBF"); /* BOM: Excel reads the CSV as UTF-8 */
}

int bm_sheet_row(bm_sheet *s, const char *const *cells, size_t n)
{
	if (s->format == BM_SHEET_XLSX)
		return s->xlsx ? xlsx_row(s->xlsx, cells, n) : bm_error_nomem();
	return bm_buf_csv_row(s->out, cells, n);
}

int bm_sheet_end(bm_sheet *s)
{
	int rc = 0;
	if (s->format == BM_SHEET_XLSX && s->xlsx) {
		rc = xlsx_finish(s->xlsx, s->out);
		xlsx_free(s->xlsx);
		s->xlsx = NULL;
	}
	return rc;
}

int bm_sheet_end_file(bm_sheet *s, int *fd, long long *size)
{
	struct stat st;
	int rc;

	*fd = -1;
	*size = 0;
	if (s->format != BM_SHEET_XLSX || !s->xlsx)
		return bm_error_set(BM_EINVALID, "xlsx_failed", NULL, "不是 Excel 导出",
		                    "not an Excel export");
	if ((rc = xlsx_finish(s->xlsx, NULL)) == 0) {
		if ((*fd = open(s->xlsx->path, O_RDONLY | O_CLOEXEC)) < 0 || fstat(*fd, &st) != 0)
			rc = bm_error_set(BM_ERROR, "xlsx_failed", NULL, "无法读回 Excel 文件：%s",
			                  "cannot read the Excel file back: %s", strerror(errno));
		else
			*size = (long long)st.st_size;
	}
	if (rc != 0 && *fd >= 0) {
		close(*fd);
		*fd = -1;
	}
	xlsx_free(s->xlsx); /* unlinks the path; the open descriptor keeps the file */
	s->xlsx = NULL;
	return rc;
}

void bm_sheet_discard(bm_sheet *s)
{
	xlsx_free(s->xlsx);
	s->xlsx = NULL;
}

int bm_sheet_table(bm_sheet_format format, const bm_xlsx_meta *meta, const char *const *head,
                   size_t n_cols, const char *const *cells, size_t n_rows, bm_buf *out)
{
	bm_sheet s;
	int rc = bm_sheet_begin(&s, format, meta, out);
	if (rc == 0)
		rc = bm_sheet_row(&s, head, n_cols);
	for (size_t i = 0; rc == 0 && i < n_rows; i++)
		rc = bm_sheet_row(&s, cells + i * n_cols, n_cols);
	if (rc == 0)
		rc = bm_sheet_end(&s);
	bm_sheet_discard(&s);
	return rc;
}
