/*
 * xlsx.h — a register as an Excel workbook (issue 15 point 2), and the one
 * sink the CSV and .xlsx exports share.
 *
 * The same rows the CSV writer takes (bm_buf_csv_row) go in; out comes one
 * worksheet laid out as a unit's paper register: a title row (the unit, the
 * register's name, the period, the day of the export), the Chinese header
 * row (frozen, repeated on every printed page), the rows, and a signature
 * row; columns sized to their text, the 密级 column centred and bold; printed
 * landscape on A4, fitted to the page width, pages numbered.
 *
 * libxlsxwriter writes to a file: the workbook is written to a private
 * temporary file (mkstemp in $TMPDIR or /tmp), read back into the caller's
 * buffer and unlinked. Every cell is written as text (never a formula).
 */
#ifndef BM_XLSX_H
#define BM_XLSX_H

#include <stdbool.h>
#include <stddef.h>

#include "util/buf.h"

typedef struct bm_xlsx_meta {
	const char *title; /* the register's name, e.g. 收文登记簿 (also the sheet's name) */
	const char *unit;  /* the unit's name, or NULL */
	const char *date;  /* the day of the export (YYYY-MM-DD), or NULL */
	const char *range; /* the period shown (e.g. "2026-01-01 至 2026-03-31"), or NULL */
	const char *signature; /* the signature row's text, or NULL: 制表人 and 审核人 */
	/*
	 * Rows go to the temporary file as they come (libxlsxwriter's
	 * constant_memory mode): a long export holds one row, not the sheet.
	 */
	bool constant_memory;
} bm_xlsx_meta;

typedef enum bm_sheet_format {
	BM_SHEET_CSV = 0, /* UTF-8 with BOM, RFC 4180 (bm_buf_csv_row) */
	BM_SHEET_XLSX,    /* an Excel workbook of one sheet */
} bm_sheet_format;

typedef struct bm_xlsx bm_xlsx;

/* One export under way: CSV appends to `out` row by row, .xlsx at the end. */
typedef struct bm_sheet {
	bm_sheet_format format;
	bm_buf *out;
	bm_xlsx *xlsx;
} bm_sheet;

/*
 * Starts an export into `out` (CSV: writes the BOM). `meta` is used by .xlsx
 * only; its strings must outlive bm_sheet_end. Returns 0, BM_ENOMEM,
 * BM_ETOOLARGE or BM_ERROR (the workbook could not be started), set.
 */
int bm_sheet_begin(bm_sheet *s, bm_sheet_format format, const bm_xlsx_meta *meta, bm_buf *out);
/* One row of `n` cells (NULL = empty); the first row is the header row. */
int bm_sheet_row(bm_sheet *s, const char *const *cells, size_t n);
/* Finishes the export (.xlsx: the whole file is appended to `out`) and frees it. */
int bm_sheet_end(bm_sheet *s);
/*
 * Finishes an .xlsx export into its file instead of `out`: `*fd` is open on
 * the workbook (already unlinked; the caller closes it), `*size` its bytes,
 * so that a long export is sent from the disk. Frees the export.
 */
int bm_sheet_end_file(bm_sheet *s, int *fd, long long *size);
/* Abandons an export after a failure (safe after bm_sheet_end, and twice). */
void bm_sheet_discard(bm_sheet *s);

/* A whole table in one call: `head` (n_cols), then n_rows × n_cols cells, row by row. */
int bm_sheet_table(bm_sheet_format format, const bm_xlsx_meta *meta, const char *const *head,
                   size_t n_cols, const char *const *cells, size_t n_rows, bm_buf *out);

/* "csv" or "xlsx" → the format; false for anything else. */
bool bm_sheet_format_parse(const char *s, bm_sheet_format *out);

#define BM_XLSX_CONTENT_TYPE "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

#endif
