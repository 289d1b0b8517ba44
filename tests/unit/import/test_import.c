/*
 * test_import.c — issue 15 point 1: the import layer's reading of a
 * register's cells (import/ledger.h) and of a CSV (import/sheet.h): dates
 * in every accepted form and the ambiguous ones refused, 密级 with its
 * period, 文号 brackets, full-width digits, numbers, headers and mappings;
 * an .xls's merged ranges (import/xls_merges.h) from a compound file built
 * here, broken records refused.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "import/ledger.h"
#include "import/sheet.h"
#include "import/xls_merges.h"
#include "util/error.h"

static bm_arena A;

static const char *date_of(const char *text, bool number)
{
	const char *out = NULL;
	return bm_import_date(&A, text, number, &out) == 0 ? out : bm_error_last()->code;
}

static void dates(void **state)
{
	(void)state;
	assert_string_equal(date_of("2026-03-05", false), "2026-03-05");
	assert_string_equal(date_of("2026-3-5", false), "2026-03-05");
	assert_string_equal(date_of("2026.3.5", false), "2026-03-05");
	assert_string_equal(date_of("2026/03/05", false), "2026-03-05");
	assert_string_equal(date_of("2026年3月5日", false), "2026-03-05");
	assert_string_equal(date_of(" 2026年03月05日 ", false), "2026-03-05");
	assert_string_equal(date_of("20260305", false), "2026-03-05");
	assert_string_equal(date_of("２０２６．３．５", false), "2026-03-05");
	assert_string_equal(date_of("2026-03-05 00:00:00", false), "2026-03-05");
	/* Excel serial days (1900 system) from a numeric cell */
	assert_string_equal(date_of("46086", true), "2026-03-05");
	assert_string_equal(date_of("61", true), "1900-03-01");
	assert_string_equal(date_of("45658.5", true), "2025-01-01");
	/* refused, never guessed */
	assert_string_equal(date_of("5/3/2026", false), "import_date");   /* day or month first? */
	assert_string_equal(date_of("26.3.5", false), "import_date");     /* two-digit year */
	assert_string_equal(date_of("2026-02-30", false), "import_date"); /* no such day */
	assert_string_equal(date_of("2026.3-5", false), "import_date");   /* mixed separators */
	assert_string_equal(date_of("46086", false), "import_date"); /* a serial in a text cell */
	assert_string_equal(date_of("60", true), "import_date");     /* Excel's 29 Feb 1900 */
	assert_string_equal(date_of("三月五日", false), "import_date");
	assert_string_equal(date_of("2026-03-05前", false), "import_date");
	bm_error_clear();
}

static void levels(void **state)
{
	const char *level, *period;
	(void)state;
	assert_int_equal(bm_import_level(&A, "机密★10年", &level, &period), 0);
	assert_string_equal(level, "机密");
	assert_string_equal(period, "10");
	assert_int_equal(bm_import_level(&A, " 秘密 ☆ ５年", &level, &period), 0);
	assert_string_equal(level, "秘密");
	assert_string_equal(period, "5");
	assert_int_equal(bm_import_level(&A, "绝密★2030年1月1日", &level, &period), 0);
	assert_string_equal(level, "绝密");
	assert_string_equal(period, "2030-01-01");
	assert_int_equal(bm_import_level(&A, "机密★", &level, &period), 0);
	assert_string_equal(level, "机密");
	assert_null(period);
	assert_int_equal(bm_import_level(&A, "内部", &level, &period), 0);
	assert_string_equal(level, "内部");
	assert_null(period);
	/* words are passed on for the registration's LEVEL-8 to refuse */
	assert_int_equal(bm_import_level(&A, "机密★长期", &level, &period), 0);
	assert_string_equal(period, "长期");
	/* a date after the star that does not exist is refused here */
	assert_int_equal(bm_import_level(&A, "机密★2030年2月30日", &level, &period), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_date");
	bm_error_clear();
}

static void doc_numbers(void **state)
{
	(void)state;
	assert_string_equal(bm_import_doc_number(&A, "国办发[2026]3号"), "国办发〔2026〕3号");
	assert_string_equal(bm_import_doc_number(&A, "国办发（２０２６）３号"),
	                    "国办发〔2026〕3号");
	assert_string_equal(bm_import_doc_number(&A, "国办发【2026】3号"), "国办发〔2026〕3号");
	assert_string_equal(bm_import_doc_number(&A, "国办发［2026］3号"), "国办发〔2026〕3号");
	assert_string_equal(bm_import_doc_number(&A, "国办发〔2026〕3号"), "国办发〔2026〕3号");
	/* only a year in brackets: other brackets stay */
	assert_string_equal(bm_import_doc_number(&A, "办(综)字[12]号"), "办(综)字[12]号");
}

static void numbers(void **state)
{
	const char *out, *copies, *serial;
	(void)state;
	assert_int_equal(bm_import_number(&A, "３", &out), 0);
	assert_string_equal(out, "3");
	assert_int_equal(bm_import_number(&A, "第12份", &out), 0);
	assert_string_equal(out, "12");
	assert_int_equal(bm_import_number(&A, "20页", &out), 0);
	assert_string_equal(out, "20");
	assert_int_equal(bm_import_number(&A, "三", &out), BM_EINVALID);
	assert_int_equal(bm_import_number(&A, "3.5", &out), BM_EINVALID);
	assert_int_equal(bm_import_copies_serial(&A, "3/2", &copies, &serial), 0);
	assert_string_equal(copies, "3");
	assert_string_equal(serial, "2");
	assert_int_equal(bm_import_copies_serial(&A, "３／２", &copies, &serial), 0);
	assert_string_equal(serial, "2");
	assert_int_equal(bm_import_copies_serial(&A, "2", &copies, &serial), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_copies");
	assert_int_equal(bm_import_period(&A, "10年", &out), 0);
	assert_string_equal(out, "10");
	assert_int_equal(bm_import_period(&A, "2030.1.1", &out), 0);
	assert_string_equal(out, "2030-01-01");
	bm_error_clear();
}

static void sheet_of(const char *csv, bm_import_sheet *s)
{
	assert_int_equal(bm_import_sheet_read(&A, csv, strlen(csv), s), 0);
}

static void csv_and_header(void **state)
{
	bm_import_sheet s;
	bm_import_header h;
	(void)state;
	/* a BOM, a title row, CRLF, a blank line, a quoted cell with a comma */
	sheet_of("\xEF\xBB\xBF收文登记簿,,\r\n序号,登记日期,文件标题,密 级,存放地点,杂项\r\n\r\n"
	         "1,2026.3.5,\"甲,乙\",秘密,保密室,x\r\n",
	         &s);
	assert_string_equal(s.format, "csv");
	assert_int_equal(s.n_rows, 4);
	assert_int_equal(s.rows[2].n, 0); /* the blank line is a row of its own */
	assert_int_equal(s.rows[3].line, 4);
	assert_string_equal(bm_import_cell_text(&s.rows[3], 2), "甲,乙");
	assert_int_equal(bm_import_header_find(&A, &s, &bm_import_carriers_schema, NULL, &h), 0);
	assert_int_equal(h.first_row, 1);
	assert_int_equal(h.last_row, 1);
	assert_int_equal(h.field[0], BM_IMPORT_IGNORE);
	assert_int_equal(h.field[1], BM_IMPORT_RECEIVED_ON);
	assert_int_equal(h.field[2], BM_IMPORT_TITLE);
	assert_int_equal(h.field[3], BM_IMPORT_LEVEL); /* spaces in a header are ignored */
	assert_int_equal(h.field[4], BM_IMPORT_PLACE);
	assert_int_equal(h.field[5], -1);
	/* the clerk's mapping names the unknown column, or skips a known one */
	assert_int_equal(bm_import_header_find(&A, &s, &bm_import_carriers_schema,
	                                       "杂项=note，存放地点=-", &h),
	                 0);
	assert_int_equal(h.field[5], BM_IMPORT_NOTE);
	assert_int_equal(h.field[4], BM_IMPORT_IGNORE);
	assert_int_equal(
	        bm_import_header_find(&A, &s, &bm_import_carriers_schema, "杂项=nonsense", &h),
	        BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_map");
	assert_int_equal(
	        bm_import_header_find(&A, &s, &bm_import_carriers_schema, "没有=title", &h),
	        BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_map");
	/* two columns for one field: refused, the clerk chooses with --map */
	sheet_of("标题,文件名称,密级\r\na,b,秘密\r\n", &s);
	assert_int_equal(bm_import_header_find(&A, &s, &bm_import_carriers_schema, NULL, &h),
	                 BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_header");
	assert_int_equal(
	        bm_import_header_find(&A, &s, &bm_import_carriers_schema, "文件名称=-", &h), 0);
	/* no header */
	sheet_of("a,b\r\nc,d\r\n", &s);
	assert_int_equal(bm_import_header_find(&A, &s, &bm_import_carriers_schema, NULL, &h),
	                 BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_header");
	/* a header over two lines: 份数/份号 above 份数 and 份号 */
	sheet_of("标题,份数/份号,份数/份号,密级\r\n,份数,份号,\r\n文,3,2,秘密\r\n", &s);
	assert_int_equal(bm_import_header_find(&A, &s, &bm_import_carriers_schema, NULL, &h), 0);
	assert_int_equal(h.last_row, 1);
	assert_int_equal(h.field[1], BM_IMPORT_COPIES);
	assert_int_equal(h.field[2], BM_IMPORT_SERIAL);
	/* broken input */
	assert_int_equal(bm_import_sheet_read(&A, "a,\"b\r\n", 6, &s), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_format");
	assert_int_equal(bm_import_sheet_read(&A, "\xb1\xea\xcc\xe2,a\r\n", 7, &s), BM_EINVALID);
	assert_int_equal(bm_import_sheet_read(&A, "PK\x03\x04garbage", 11, &s), BM_EINVALID);
	assert_int_equal(bm_import_sheet_read(&A, "a\0b", 3, &s), BM_EINVALID);
	bm_error_clear();
}

/* ---- .xls merged ranges: a BIFF8 stream in an OLE2 compound file ---- */

typedef struct bytes {
	unsigned char b[16384];
	size_t n;
} bytes;

static void put16(bytes *o, unsigned v)
{
	o->b[o->n++] = (unsigned char)(v & 0xFF);
	o->b[o->n++] = (unsigned char)(v >> 8);
}

static void put32(bytes *o, uint32_t v)
{
	put16(o, v & 0xFFFF);
	put16(o, v >> 16);
}

/* A record's header and body (`size` bytes of `body`, or zeros). */
static void record(bytes *o, unsigned type, const void *body, size_t size)
{
	put16(o, type);
	put16(o, (unsigned)size);
	if (body)
		memcpy(o->b + o->n, body, size);
	else
		memset(o->b + o->n, 0, size);
	o->n += size;
}

/* MergeCells claiming `count` ranges, holding `n` of them (4 u16 each). */
static void merge_cells(bytes *o, unsigned count, const unsigned *r, size_t n)
{
	put16(o, 0x00E5);
	put16(o, (unsigned)(2 + 8 * n));
	put16(o, count);
	for (size_t i = 0; i < 4 * n; i++)
		put16(o, r[i]);
}

/*
 * The Workbook stream: globals (BOF, one BoundSheet8, EOF), then the sheet
 * (BOF, its MergeCells, an embedded chart's BOF … MergeCells … EOF, and EOF
 * unless `cut`). `bad` ranges go into the sheet's record with `count`.
 */
static void workbook(bytes *o, unsigned count, const unsigned *r, size_t n, bool cut)
{
	static const unsigned chart[] = {9, 9, 9, 9};
	size_t sheet_at;
	unsigned char sheet[8] = {0};
	o->n = 0;
	record(o, 0x0809, NULL, 16);
	sheet_at = o->n + 4 + sizeof(sheet) + 4;
	sheet[0] = (unsigned char)(sheet_at & 0xFF);
	sheet[1] = (unsigned char)(sheet_at >> 8);
	record(o, 0x0085, sheet, sizeof(sheet)); /* lbPlyPos, hsState 0, dt 0 (worksheet) */
	record(o, 0x000A, NULL, 0);
	assert_int_equal(o->n, sheet_at);
	record(o, 0x0809, NULL, 16);
	merge_cells(o, count, r, n);
	record(o, 0x0809, NULL, 16); /* an embedded chart: its records are not the sheet's */
	merge_cells(o, 1, chart, 1);
	record(o, 0x000A, NULL, 0);
	if (!cut)
		record(o, 0x000A, NULL, 0);
}

/*
 * An OLE2 compound file (512-byte sectors) holding one stream named `name`,
 * padded with zeros to the mini-stream cutoff (no mini FAT needed).
 */
static void compound(bytes *out, const bytes *stream, const char *name)
{
	size_t len = stream->n < 4096 ? 4096 : stream->n; /* past the mini-stream cutoff */
	size_t sectors = (len + 511) / 512;
	out->n = 0;
	memset(out->b, 0, sizeof(out->b));
	memcpy(out->b, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
	out->n = 24;
	put16(out, 0x3E), put16(out, 3), put16(out, 0xFFFE), put16(out, 9), put16(out, 6);
	out->n += 6;
	put32(out, 0), put32(out, 1), put32(out, 1), put32(out, 0), put32(out, 4096);
	put32(out, 0xFFFFFFFE), put32(out, 0), put32(out, 0xFFFFFFFE), put32(out, 0);
	put32(out, 0); /* DIFAT[0]: the FAT is sector 0 */
	while (out->n < 512)
		put32(out, 0xFFFFFFFF);
	/* sector 0: the FAT; 1: the directory; 2…: the stream */
	put32(out, 0xFFFFFFFD), put32(out, 0xFFFFFFFE);
	for (size_t k = 0; k + 1 < sectors; k++)
		put32(out, (uint32_t)(3 + k));
	put32(out, 0xFFFFFFFE);
	while (out->n < 1024)
		put32(out, 0xFFFFFFFF);
	for (int e = 0; e < 4; e++) {
		const char *nm = e == 0 ? "Root Entry" : e == 1 ? name : "";
		size_t at = out->n, l = strlen(nm);
		for (size_t i = 0; i < l; i++)
			put16(out, (unsigned char)nm[i]);
		out->n = at + 64;
		put16(out, l ? (unsigned)(2 * l + 2) : 0);
		out->b[out->n++] = e == 0 ? 5 : e == 1 ? 2 : 0;
		out->b[out->n++] = 1;
		put32(out, 0xFFFFFFFF), put32(out, 0xFFFFFFFF), put32(out, e == 0 ? 1 : 0xFFFFFFFF);
		out->n += 36;
		put32(out, e == 0 ? 0xFFFFFFFE : e == 1 ? 2 : 0);
		put32(out, e == 1 ? (uint32_t)len : 0), put32(out, 0);
	}
	while (out->n < 1536)
		out->b[out->n++] = 0;
	memcpy(out->b + out->n, stream->b, stream->n);
	out->n += sectors * 512;
}

static int merges_of(const bytes *file, bm_import_merge **m, size_t *n)
{
	return bm_import_xls_merges(&A, file->b, file->n, m, n);
}

static void xls_merges(void **state)
{
	static bytes wb, file;
	/* B3:B5 and C2:D2 (rows and columns from 0 in BIFF) */
	static const unsigned two[] = {2, 4, 1, 1, 1, 1, 2, 3};
	static const unsigned inverted[] = {4, 2, 1, 1};
	bm_import_merge *m = NULL;
	size_t n = 0;
	(void)state;
	workbook(&wb, 2, two, 2, false);
	compound(&file, &wb, "Workbook");
	assert_int_equal(merges_of(&file, &m, &n), 0);
	assert_int_equal(n, 2); /* the embedded chart's range is not the sheet's */
	assert_int_equal(m[0].row0, 3), assert_int_equal(m[0].row1, 5);
	assert_int_equal(m[0].col0, 1), assert_int_equal(m[0].col1, 1);
	assert_int_equal(m[1].row0, 2), assert_int_equal(m[1].col0, 2);
	assert_int_equal(m[1].col1, 3);
	/* a count past the record's end, an inverted range, a sheet without EOF: refused */
	workbook(&wb, 3, two, 2, false);
	compound(&file, &wb, "Workbook");
	assert_int_equal(merges_of(&file, &m, &n), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_format");
	workbook(&wb, 1, inverted, 1, false);
	compound(&file, &wb, "Workbook");
	assert_int_equal(merges_of(&file, &m, &n), BM_EINVALID);
	workbook(&wb, 2, two, 2, true);
	compound(&file, &wb, "Workbook");
	assert_int_equal(merges_of(&file, &m, &n), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_format");
	/* a BIFF5 file ("Book") has no MergeCells: none, no error */
	workbook(&wb, 2, two, 2, false);
	compound(&file, &wb, "Book");
	assert_int_equal(merges_of(&file, &m, &n), 0);
	assert_int_equal(n, 0);
	/* not a compound file */
	assert_int_equal(bm_import_xls_merges(&A, "\xD0\xCF\x11\xE0garbage", 11, &m, &n),
	                 BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "import_format");
	bm_error_clear();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(dates),          cmocka_unit_test(levels),
	        cmocka_unit_test(doc_numbers),    cmocka_unit_test(numbers),
	        cmocka_unit_test(csv_and_header), cmocka_unit_test(xls_merges),
	};
	int rc;
	bm_arena_init(&A, 0);
	rc = cmocka_run_group_tests(tests, NULL, NULL);
	bm_arena_release(&A);
	return rc;
}
