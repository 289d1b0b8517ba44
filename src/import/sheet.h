/*
 * sheet.h — the import layer's readers (issue 15 point 1): a ledger kept in
 * a spreadsheet, as rows of text cells. An adapter like the store: it knows
 * file formats, not rules. CSV through libcsv, .xls (BIFF, WPS and old
 * Office) through libfreexl (its merged ranges through libgsf:
 * xls_merges.h), .xlsx through libzip (the package) and expat
 * (the sheet's XML and its shared strings). The format is told by the
 * file's first bytes, not by its name.
 */
#ifndef BM_IMPORT_SHEET_H
#define BM_IMPORT_SHEET_H

#include <stdbool.h>
#include <stddef.h>

#include "util/arena.h"

/* Limits of one file: a larger one is refused (BM_ETOOLARGE), never cut short. */
enum {
	BM_IMPORT_MAX_ROWS = 100000,
	BM_IMPORT_MAX_COLS = 64,
	BM_IMPORT_MAX_BYTES = 64 << 20, /* an .xlsx part once unpacked */
};

typedef struct bm_import_cell {
	const char *text; /* UTF-8, never NULL ("" when empty) */
	bool number;      /* a numeric cell of a spreadsheet (a date there is a serial number) */
} bm_import_cell;

typedef struct bm_import_line {
	size_t line; /* the row's number as the spreadsheet shows it, from 1 */
	size_t n;    /* cells, the row's trailing empty ones dropped */
	bm_import_cell *cells;
	size_t cap; /* the reader's: room in `cells` */
} bm_import_line;

/* A merged range of an .xlsx or .xls: rows (from 1) and columns (from 0), inclusive. */
typedef struct bm_import_merge {
	size_t row0, col0, row1, col1;
} bm_import_merge;

typedef struct bm_import_sheet {
	const char *format; /* "csv", "xls" or "xlsx" */
	size_t n_rows;      /* every row, blank ones too */
	bm_import_line *rows;
	size_t n_merges; /* .xlsx and .xls (BIFF8); none in a CSV */
	bm_import_merge *merges;
} bm_import_sheet;

/*
 * Reads the first worksheet of `data` (a CSV in UTF-8, an .xls or an .xlsx)
 * into `out`, everything in `a`. In an .xlsx or an .xls a merged range (a
 * header spanning two rows or columns, one 来文机关 merged down over three
 * rows) gives its text to every cell it covers, and the ranges are listed
 * (`merges`) so that a range across two fields of a data row can be refused.
 * Errors (bm_error_set): import_format (not a file of these kinds, a CSV
 * not in UTF-8, a broken zip, XML or quote), BM_ETOOLARGE past the limits.
 */
int bm_import_sheet_read(bm_arena *a, const void *data, size_t len, bm_import_sheet *out);

/* The cell at column `col` of `r`, "" past its end. */
const char *bm_import_cell_text(const bm_import_line *r, size_t col);

#endif
