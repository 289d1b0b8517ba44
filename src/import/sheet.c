/*
 * sheet.c — reading a spreadsheet into rows of cells (sheet.h): a growing
 * grid filled by the three readers (CSV, .xls, .xlsx), then handed out.
 */
#include "common.h"

#include <csv.h>
#include <expat.h>
#include <freexl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>
#include <zip.h>

#include "import/sheet.h"
#include "import/xls_merges.h"
#include "util/buf.h"
#include "util/utf8.h"

/* ---- the grid ---------------------------------------------------------- */

typedef struct grid {
	bm_arena *a;
	bm_import_line *rows;
	size_t n_rows, cap;
} grid;

static int too_large(const char *what_zh, const char *what_en, size_t limit)
{
	char zh[200], en[200];
	snprintf(zh, sizeof(zh), "文件过大：%s超过 %zu", what_zh, limit);
	snprintf(en, sizeof(en), "file too large: %s over %zu", what_en, limit);
	return bm_error_set_msg(BM_ETOOLARGE, "import_too_large", NULL, zh, en);
}

static int bad_format(const char *zh, const char *en)
{
	return bm_error_set_msg(BM_EINVALID, "import_format", NULL, zh, en);
}

/* The row with number `line` (from 1), made (empty) with the ones before it. */
static int grid_row(grid *g, size_t line, bm_import_line **out)
{
	if (line == 0 || line > BM_IMPORT_MAX_ROWS)
		return too_large("行数", "rows", BM_IMPORT_MAX_ROWS);
	while (g->n_rows < line) {
		if (g->n_rows == g->cap) {
			size_t cap = g->cap ? g->cap * 2 : 64;
			bm_import_line *r = bm_arena_alloc(g->a, cap * sizeof(*r));
			if (!r)
				return bm_error_nomem();
			if (g->n_rows)
				memcpy(r, g->rows, g->n_rows * sizeof(*r));
			g->rows = r;
			g->cap = cap;
		}
		memset(&g->rows[g->n_rows], 0, sizeof(g->rows[0]));
		g->rows[g->n_rows].line = g->n_rows + 1;
		g->n_rows++;
	}
	*out = &g->rows[line - 1];
	return 0;
}

/* Puts `text` (`len` bytes, copied) at row `line`, column `col` (from 0). */
static int grid_put(grid *g, size_t line, size_t col, const char *text, size_t len, bool number)
{
	bm_import_line *r;
	int rc;
	if (col >= BM_IMPORT_MAX_COLS)
		return too_large("列数", "columns", BM_IMPORT_MAX_COLS);
	if ((rc = grid_row(g, line, &r)) != 0)
		return rc;
	if (col >= r->cap) {
		size_t cap = r->cap ? r->cap : 8;
		bm_import_cell *cells;
		while (cap <= col)
			cap *= 2;
		if (!(cells = bm_arena_alloc(g->a, cap * sizeof(*cells))))
			return bm_error_nomem();
		for (size_t i = 0; i < cap; i++)
			cells[i] = i < r->cap ? r->cells[i] : (bm_import_cell){"", false};
		r->cells = cells;
		r->cap = cap;
	}
	if (!bm_utf8_valid(text, len))
		return bm_error_set(BM_EINVALID, "import_format", NULL,
		                    "第 %zu 行第 %zu 列不是 UTF-8 文本（CSV 请另存为 UTF-8）",
		                    "row %zu column %zu is not UTF-8 text (save a CSV as UTF-8)",
		                    line, col + 1);
	if (!(r->cells[col].text = bm_arena_strndup(g->a, text, len)))
		return bm_error_nomem();
	r->cells[col].number = number;
	if (len && col + 1 > r->n)
		r->n = col + 1;
	return 0;
}

/* Puts `cell` (its text shared, already checked) at row `line`, column `col`. */
static int grid_share(grid *g, size_t line, size_t col, bm_import_cell cell)
{
	int rc;
	if ((rc = grid_put(g, line, col, "", 0, false)) != 0)
		return rc;
	g->rows[line - 1].cells[col] = cell;
	if (*cell.text && col + 1 > g->rows[line - 1].n)
		g->rows[line - 1].n = col + 1;
	return 0;
}

static int fill_merges(grid *g, const bm_import_merge *ms, size_t n);

/* ---- CSV (libcsv) ------------------------------------------------------ */

typedef struct csv_state {
	grid *g;
	size_t line, col;
	int rc;
} csv_state;

static void csv_field(void *s, size_t len, void *data)
{
	csv_state *st = data;
	if (st->rc == 0)
		st->rc = grid_put(st->g, st->line, st->col, s ? s : "", s ? len : 0, false);
	st->col++;
}

static void csv_record(int c, void *data)
{
	csv_state *st = data;
	bm_import_line *r;
	(void)c;
	/* A blank line is a row too, so the numbers are the ones the clerk sees. */
	if (st->rc == 0)
		st->rc = grid_row(st->g, st->line, &r);
	st->line++;
	st->col = 0;
}

static int read_csv(grid *g, const char *data, size_t len)
{
	struct csv_parser p;
	csv_state st = {g, 1, 0, 0};
	char *copy;
	size_t n = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) { /* the BOM Excel writes */
		data += 3;
		len -= 3;
	}
	/* CRLF as LF, so that every line end outside a record is one (blank) row. */
	if (!(copy = bm_arena_alloc(g->a, len + 1)))
		return bm_error_nomem();
	for (size_t i = 0; i < len; i++)
		if (!(data[i] == '\r' && i + 1 < len && data[i + 1] == '\n'))
			copy[n++] = data[i];
	if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL | CSV_APPEND_NULL) != 0)
		return bm_error_nomem();
	if (csv_parse(&p, copy, n, csv_field, csv_record, &st) != n ||
	    csv_fini(&p, csv_field, csv_record, &st) != 0) {
		int err = csv_error(&p);
		csv_free(&p);
		if (st.rc)
			return st.rc;
		return bm_error_set(BM_EINVALID, "import_format", NULL,
		                    "CSV 第 %zu 行格式错误：%s（例如引号未闭合）",
		                    "CSV row %zu is malformed: %s (e.g. an unclosed quote)",
		                    st.line, csv_strerror(err));
	}
	csv_free(&p);
	return st.rc;
}

/* ---- .xls (libfreexl) -------------------------------------------------- */

static int xls_cell(grid *g, const void *h, unsigned r, unsigned short c)
{
	FreeXL_CellValue v;
	char buf[64];
	const char *text = buf;
	bool number = false;
	if (freexl_get_cell_value(h, r, c, &v) != FREEXL_OK)
		return bad_format("无法读取 .xls 单元格", "cannot read an .xls cell");
	switch (v.type) {
	case FREEXL_CELL_INT:
		snprintf(buf, sizeof(buf), "%d", v.value.int_value);
		number = true;
		break;
	case FREEXL_CELL_DOUBLE:
		snprintf(buf, sizeof(buf), "%.15g", v.value.double_value);
		number = true;
		break;
	case FREEXL_CELL_TEXT:
	case FREEXL_CELL_SST_TEXT:
	case FREEXL_CELL_DATE:
	case FREEXL_CELL_DATETIME:
	case FREEXL_CELL_TIME: text = v.value.text_value ? v.value.text_value : ""; break;
	default: return 0;
	}
	return grid_put(g, (size_t)r + 1, c, text, strlen(text), number);
}

/*
 * libfreexl reads a path, so the bytes go to a private file that is unlinked
 * at once. It gives the cells but not the merged ranges: those are read with
 * libgsf (xls_merges.c) and filled as an .xlsx's are.
 */
static int read_xls(grid *g, const void *data, size_t len, bm_import_sheet *out)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	const void *h = NULL;
	unsigned rows = 0;
	unsigned short cols = 0;
	int fd, rc = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/baomi-import-XXXXXX", dir && *dir ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0 || !(f = fdopen(fd, "wb")))
		return bm_error_set(BM_ERROR, "import_tmp", NULL, "无法建立临时文件",
		                    "cannot create a temporary file");
	if (fwrite(data, 1, len, f) != len) {
		fclose(f);
		unlink(path);
		return bm_error_set(BM_ERROR, "import_tmp", NULL, "无法写临时文件",
		                    "cannot write a temporary file");
	}
	fclose(f);
	rc = freexl_open(path, &h);
	unlink(path);
	if (rc != FREEXL_OK) {
		if (h)
			freexl_close(h);
		return bad_format("不是可读的 .xls 文件（或已加密）",
		                  "not a readable .xls file (or encrypted)");
	}
	if (freexl_select_active_worksheet(h, 0) != FREEXL_OK ||
	    freexl_worksheet_dimensions(h, &rows, &cols) != FREEXL_OK) {
		freexl_close(h);
		return bad_format(".xls 文件没有工作表", "the .xls file has no worksheet");
	}
	if (rows > BM_IMPORT_MAX_ROWS)
		rc = too_large("行数", "rows", BM_IMPORT_MAX_ROWS);
	else if (cols > BM_IMPORT_MAX_COLS)
		rc = too_large("列数", "columns", BM_IMPORT_MAX_COLS);
	for (unsigned r = 0; rc == 0 && r < rows; r++)
		for (unsigned short c = 0; rc == 0 && c < cols; c++)
			rc = xls_cell(g, h, r, c);
	freexl_close(h);
	if (rc == 0 &&
	    (rc = bm_import_xls_merges(g->a, data, len, &out->merges, &out->n_merges)) == 0)
		rc = fill_merges(g, out->merges, out->n_merges);
	return rc;
}

/* ---- .xlsx (libzip + expat) -------------------------------------------- */

/* One part of the package, NUL-terminated, or NULL with the error set. */
static char *zip_part(bm_arena *a, zip_t *z, const char *name, bool required, size_t *len)
{
	zip_stat_t st;
	zip_file_t *f;
	char *buf;
	zip_int64_t got;
	zip_stat_init(&st);
	if (zip_stat(z, name, 0, &st) != 0 || !(st.valid & ZIP_STAT_SIZE)) {
		if (required)
			bm_error_set(BM_EINVALID, "import_format", NULL, ".xlsx 文件缺少 %s",
			             "the .xlsx file lacks %s", name);
		else
			bm_error_clear();
		return NULL;
	}
	if (st.size > BM_IMPORT_MAX_BYTES) {
		too_large(name, name, (size_t)BM_IMPORT_MAX_BYTES);
		return NULL;
	}
	if (!(buf = bm_arena_alloc(a, (size_t)st.size + 1))) {
		bm_error_nomem();
		return NULL;
	}
	if (!(f = zip_fopen(z, name, 0))) {
		bad_format(".xlsx 文件的压缩内容损坏", "the .xlsx file's zip content is broken");
		return NULL;
	}
	got = zip_fread(f, buf, st.size);
	zip_fclose(f);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		bad_format(".xlsx 文件的压缩内容损坏", "the .xlsx file's zip content is broken");
		return NULL;
	}
	buf[st.size] = '\0';
	*len = (size_t)st.size;
	return buf;
}

typedef struct xml_state {
	bm_arena *a;
	grid *g;
	bm_buf text; /* the text being collected */
	int rc;
	/* sharedStrings.xml */
	const char **strings;
	size_t n_strings, cap_strings;
	int in_si, in_t, in_rph;
	/* sheet XML */
	size_t row, col;
	char type[16];
	int in_v, in_cell, in_is;
	/* workbook.xml and its relationships */
	char first_rid[128];
	char target[512];
	/* merged ranges: [r0, c0, r1, c1] */
	size_t (*merges)[4];
	size_t n_merges, cap_merges;
} xml_state;

static const char *attr(const XML_Char **atts, const char *name)
{
	for (size_t i = 0; atts[i]; i += 2)
		if (strcmp(atts[i], name) == 0)
			return atts[i + 1];
	return NULL;
}

/* The local name of an element, whatever its namespace prefix. */
static const char *local(const char *name)
{
	const char *c = strrchr(name, ':');
	return c ? c + 1 : name;
}

static void on_text(void *data, const XML_Char *s, int len)
{
	xml_state *st = data;
	if (st->rc == 0 && ((st->in_t && !st->in_rph) || st->in_v) &&
	    bm_buf_put(&st->text, s, (size_t)len) != 0)
		st->rc = too_large("单元格", "a cell", st->text.max);
}

/* "B12" → column 1, row 12; false when it is not a cell reference. */
static bool cell_ref(const char *ref, size_t *row, size_t *col)
{
	size_t c = 0, r = 0;
	const char *p = ref;
	for (; *p >= 'A' && *p <= 'Z'; p++)
		if ((c = c * 26 + (size_t)(*p - 'A' + 1)) > 16384)
			return false;
	for (; *p >= '0' && *p <= '9'; p++)
		if ((r = r * 10 + (size_t)(*p - '0')) > 1048576)
			return false;
	if (!c || !r || *p)
		return false;
	*row = r;
	*col = c - 1;
	return true;
}

static void strings_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	xml_state *st = data;
	const char *n = local(name);
	(void)atts;
	if (strcmp(n, "si") == 0) {
		st->in_si = 1;
		bm_buf_clear(&st->text);
	} else if (strcmp(n, "t") == 0 && st->in_si) {
		st->in_t = 1;
	} else if (strcmp(n, "rPh") == 0) {
		st->in_rph = 1; /* the phonetic reading, not the text */
	}
}

static void strings_end(void *data, const XML_Char *name)
{
	xml_state *st = data;
	const char *n = local(name);
	if (strcmp(n, "t") == 0) {
		st->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		st->in_rph = 0;
	} else if (strcmp(n, "si") == 0 && st->rc == 0) {
		st->in_si = 0;
		if (st->n_strings == st->cap_strings) {
			size_t cap = st->cap_strings ? st->cap_strings * 2 : 256;
			const char **s = bm_arena_alloc(st->a, cap * sizeof(*s));
			if (!s) {
				st->rc = bm_error_nomem();
				return;
			}
			if (st->n_strings)
				memcpy(s, st->strings, st->n_strings * sizeof(*s));
			st->strings = s;
			st->cap_strings = cap;
		}
		if (!(st->strings[st->n_strings++] = bm_arena_strndup(
		              st->a, st->text.ptr ? st->text.ptr : "", st->text.len)))
			st->rc = bm_error_nomem();
	}
}

static void sheet_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	xml_state *st = data;
	const char *n = local(name), *v;
	if (st->rc)
		return;
	if (strcmp(n, "row") == 0) {
		v = attr(atts, "r");
		st->row = v ? strtoul(v, NULL, 10) : st->row + 1;
		st->col = 0;
	} else if (strcmp(n, "c") == 0) {
		size_t r = st->row, c = st->col;
		v = attr(atts, "r");
		if (v && !cell_ref(v, &r, &c)) {
			st->rc = bad_format(".xlsx 单元格引用无效",
			                    "an .xlsx cell reference is invalid");
			return;
		}
		st->row = r;
		st->col = c;
		v = attr(atts, "t");
		snprintf(st->type, sizeof(st->type), "%s", v ? v : "n");
		st->in_cell = 1;
		bm_buf_clear(&st->text);
	} else if (strcmp(n, "v") == 0 && st->in_cell) {
		st->in_v = 1;
	} else if (strcmp(n, "is") == 0 && st->in_cell) {
		st->in_is = 1;
	} else if (strcmp(n, "t") == 0 && st->in_is) {
		st->in_t = 1;
	} else if (strcmp(n, "rPh") == 0) {
		st->in_rph = 1;
	} else if (strcmp(n, "mergeCell") == 0 && (v = attr(atts, "ref"))) {
		char a[16] = "", b[16] = "";
		const char *colon = strchr(v, ':');
		size_t m[4];
		if (!colon || colon - v >= (ptrdiff_t)sizeof(a) || strlen(colon + 1) >= sizeof(b))
			return;
		memcpy(a, v, (size_t)(colon - v));
		memcpy(b, colon + 1, strlen(colon + 1) + 1);
		if (!cell_ref(a, &m[0], &m[1]) || !cell_ref(b, &m[2], &m[3]))
			return;
		if (st->n_merges == st->cap_merges) {
			size_t cap = st->cap_merges ? st->cap_merges * 2 : 16;
			size_t(*x)[4] = bm_arena_alloc(st->a, cap * sizeof(*x));
			if (!x) {
				st->rc = bm_error_nomem();
				return;
			}
			if (st->n_merges)
				memcpy(x, st->merges, st->n_merges * sizeof(*x));
			st->merges = x;
			st->cap_merges = cap;
		}
		memcpy(st->merges[st->n_merges++], m, sizeof(m));
	}
}

static void sheet_end(void *data, const XML_Char *name)
{
	xml_state *st = data;
	const char *n = local(name);
	if (strcmp(n, "v") == 0) {
		st->in_v = 0;
	} else if (strcmp(n, "t") == 0) {
		st->in_t = 0;
	} else if (strcmp(n, "rPh") == 0) {
		st->in_rph = 0;
	} else if (strcmp(n, "is") == 0) {
		st->in_is = 0;
	} else if (strcmp(n, "c") == 0 && st->in_cell) {
		const char *text = st->text.ptr ? st->text.ptr : "";
		size_t len = st->text.len;
		bool number = false;
		st->in_cell = 0;
		if (st->rc)
			return;
		if (strcmp(st->type, "s") == 0) {
			char *end;
			unsigned long k = strtoul(text, &end, 10);
			if (!len || *end || k >= st->n_strings) {
				st->rc = bm_error_set(
				        BM_EINVALID, "import_format", NULL,
				        ".xlsx 第 %zu 行引用了不存在的共享字符串",
				        ".xlsx row %zu names a shared string that is not there",
				        st->row);
				return;
			}
			text = st->strings[k];
			len = strlen(text);
		} else if (strcmp(st->type, "n") == 0) {
			number = len > 0;
		}
		st->rc = grid_put(st->g, st->row, st->col, text, len, number);
		st->col++;
	}
}

static void rels_start(void *data, const XML_Char *name, const XML_Char **atts)
{
	xml_state *st = data;
	const char *n = local(name), *v;
	if (strcmp(n, "sheet") == 0 && !st->first_rid[0] && (v = attr(atts, "r:id")))
		snprintf(st->first_rid, sizeof(st->first_rid), "%s", v);
	else if (strcmp(n, "Relationship") == 0 && st->first_rid[0] && !st->target[0] &&
	         (v = attr(atts, "Id")) && strcmp(v, st->first_rid) == 0 &&
	         (v = attr(atts, "Target")))
		snprintf(st->target, sizeof(st->target), "%s", v);
}

static int parse_xml(xml_state *st, const char *xml, size_t len, XML_StartElementHandler start,
                     XML_EndElementHandler end, const char *part)
{
	XML_Parser p = XML_ParserCreate(NULL); /* the encoding the document declares */
	int ok;
	if (!p)
		return bm_error_nomem();
	XML_SetUserData(p, st);
	XML_SetElementHandler(p, start, end);
	XML_SetCharacterDataHandler(p, on_text);
	ok = XML_Parse(p, xml, (int)len, 1) == XML_STATUS_OK;
	if (!ok && st->rc == 0)
		st->rc = bm_error_set(BM_EINVALID, "import_format", NULL,
		                      ".xlsx 的 %s 不是完整的 XML（第 %lu 行：%s）",
		                      ".xlsx part %s is not well-formed XML (line %lu: %s)", part,
		                      (unsigned long)XML_GetCurrentLineNumber(p),
		                      XML_ErrorString(XML_GetErrorCode(p)));
	XML_ParserFree(p);
	return st->rc;
}

/*
 * A merged range shows its first cell's text in all it covers (the text is
 * shared, not copied: a range over a whole sheet costs pointers only); the
 * same for an .xlsx and an .xls.
 */
static int fill_merges(grid *g, const bm_import_merge *ms, size_t n)
{
	for (size_t k = 0; k < n; k++) {
		const bm_import_merge *m = &ms[k];
		bm_import_cell cell;
		bm_import_line *first;
		int rc;
		if (m->row0 == 0 || m->row0 > g->n_rows || m->row1 < m->row0 || m->col1 < m->col0)
			continue;
		first = &g->rows[m->row0 - 1];
		if (m->col0 >= first->n)
			continue;
		cell = first->cells[m->col0];
		for (size_t r = m->row0; r <= m->row1 && r <= g->n_rows; r++)
			for (size_t c = m->col0; c <= m->col1 && c < BM_IMPORT_MAX_COLS; c++)
				if ((r != m->row0 || c != m->col0) &&
				    (rc = grid_share(g, r, c, cell)) != 0)
					return rc;
	}
	return 0;
}

/* The ranges, as the sheet gives them (bm_import_sheet.merges). */
static int keep_merges(xml_state *st, bm_import_sheet *out)
{
	if (!st->n_merges)
		return 0;
	if (!(out->merges = bm_arena_alloc(st->a, st->n_merges * sizeof(*out->merges))))
		return bm_error_nomem();
	for (size_t k = 0; k < st->n_merges; k++) {
		size_t *m = st->merges[k];
		out->merges[k] = (bm_import_merge){m[0], m[1], m[2], m[3]};
	}
	out->n_merges = st->n_merges;
	return 0;
}

static int read_xlsx(grid *g, const void *data, size_t len, bm_import_sheet *out)
{
	zip_error_t ze;
	zip_source_t *src;
	zip_t *z;
	xml_state st;
	char *xml, sheet_name[600] = "xl/worksheets/sheet1.xml";
	size_t n = 0;
	int rc = 0;

	memset(&st, 0, sizeof(st));
	st.a = g->a;
	st.g = g;
	bm_buf_init(&st.text, 1 << 20);
	zip_error_init(&ze);
	if (!(src = zip_source_buffer_create(data, len, 0, &ze)))
		return bm_error_nomem();
	if (!(z = zip_open_from_source(src, ZIP_RDONLY, &ze))) {
		zip_source_free(src);
		zip_error_fini(&ze);
		return bad_format("不是完整的 .xlsx 文件（zip 包损坏）",
		                  "not a whole .xlsx file (a broken zip package)");
	}
	/* The first sheet in the workbook's order, through its relationship. */
	if ((xml = zip_part(g->a, z, "xl/workbook.xml", false, &n)) &&
	    parse_xml(&st, xml, n, rels_start, NULL, "workbook.xml") == 0 &&
	    (xml = zip_part(g->a, z, "xl/_rels/workbook.xml.rels", false, &n)) &&
	    parse_xml(&st, xml, n, rels_start, NULL, "workbook.xml.rels") == 0 && st.target[0])
		snprintf(sheet_name, sizeof(sheet_name), "%s%s", st.target[0] == '/' ? "" : "xl/",
		         st.target + (st.target[0] == '/'));
	if ((rc = st.rc) != 0)
		goto done;
	if ((xml = zip_part(g->a, z, "xl/sharedStrings.xml", false, &n)) &&
	    (rc = parse_xml(&st, xml, n, strings_start, strings_end, "sharedStrings.xml")) != 0)
		goto done;
	if (!(xml = zip_part(g->a, z, sheet_name, true, &n))) {
		rc = bm_error_last()->klass;
		goto done;
	}
	st.in_t = st.in_rph = 0;
	if ((rc = parse_xml(&st, xml, n, sheet_start, sheet_end, sheet_name)) != 0)
		goto done;
	if ((rc = keep_merges(&st, out)) == 0)
		rc = fill_merges(g, out->merges, out->n_merges);
done:
	zip_discard(z);
	zip_error_fini(&ze);
	bm_buf_release(&st.text);
	return rc;
}

/* ---- the front door ---------------------------------------------------- */

int bm_import_sheet_read(bm_arena *a, const void *data, size_t len, bm_import_sheet *out)
{
	grid g = {a, NULL, 0, 0};
	const unsigned char *b = data;
	int rc;

	memset(out, 0, sizeof(*out));
	if (len >= 4 && memcmp(b, "PK\x03\x04", 4) == 0) {
		out->format = "xlsx";
		rc = read_xlsx(&g, data, len, out);
	} else if (len >= 8 && memcmp(b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
		out->format = "xls";
		rc = read_xls(&g, data, len, out);
	} else if (memchr(data, '\0', len)) {
		return bad_format("不是 CSV、.xls 或 .xlsx 文件", "not a CSV, .xls or .xlsx file");
	} else {
		out->format = "csv";
		rc = read_csv(&g, data, len);
	}
	if (rc)
		return rc;
	out->rows = g.rows;
	out->n_rows = g.n_rows;
	return 0;
}

const char *bm_import_cell_text(const bm_import_line *r, size_t col)
{
	return r->cells && col < r->n ? r->cells[col].text : "";
}
