/*
 * ledger.h — reading a register kept by hand (收文登记簿): which column is
 * which field, by its Chinese header (with the common variants) or by the
 * clerk's mapping, and the cleaning of each cell's text. Pure text: no rule
 * is decided here, and nothing is guessed: a cell that could be read two
 * ways is refused naming its row and column (issue 15 point 1).
 */
#ifndef BM_IMPORT_LEDGER_H
#define BM_IMPORT_LEDGER_H

#include "import/sheet.h"

/* The fields of an incoming carrier a register's column can fill. */
typedef enum bm_import_field {
	BM_IMPORT_IGNORE = 0, /* a known column that is not imported (序号) */
	BM_IMPORT_RECEIVED_ON,
	BM_IMPORT_SENDER,
	BM_IMPORT_DOC_NUMBER,
	BM_IMPORT_TITLE,
	BM_IMPORT_LEVEL, /* may carry the period: 机密★10年 */
	BM_IMPORT_COPIES,
	BM_IMPORT_SERIAL,
	BM_IMPORT_COPIES_SERIAL, /* 份数/份号 in one column: "3/2" */
	BM_IMPORT_PERIOD,
	BM_IMPORT_SCOPE, /* 知悉范围, 承办人: who knows it (LEVEL-2) */
	BM_IMPORT_CUSTODIAN,
	BM_IMPORT_PLACE,
	BM_IMPORT_NOTE,
	BM_IMPORT_PAGES,
	BM_IMPORT_KIND,
	BM_IMPORT_URGENCY,
	BM_IMPORT_DEPARTMENT,
	BM_IMPORT_PRODUCER,
	BM_IMPORT_FIELDS
} bm_import_field;

typedef struct bm_import_field_name {
	const char *code; /* the name --map uses: "received_on" */
	const char *zh, *en;
} bm_import_field_name;
extern const bm_import_field_name bm_import_field_names[BM_IMPORT_FIELDS];

/* The header found: the row(s) it spans and each column's field (-1: unknown, not imported). */
typedef struct bm_import_header {
	size_t first_row, last_row; /* indexes into sheet.rows */
	size_t n_cols;
	int *field;           /* per column: a bm_import_field or -1 */
	const char **heading; /* per column: the header's text */
} bm_import_header;

/*
 * Finds the header among the first rows: the first row naming at least two
 * known columns (a title row above it, 收文登记簿, is passed over); a row
 * right below it naming known columns too is its second line (a header
 * spanning two rows: 份数 and 份号 under a merged 份数/份号), whose names
 * win in their columns. `map` is the clerk's "列=field,…" (header text =
 * field code, or "-" to skip the column), applied before the known names.
 * Errors: import_map (a bad mapping: unknown field or column), import_header
 * (no header, or a field named by two columns).
 */
int bm_import_header_find(bm_arena *a, const bm_import_sheet *sheet, const char *map,
                          bm_import_header *out);

/* A free text's cell (标题, 来文机关): spaces at both ends (and U+3000) dropped, nothing else. */
const char *bm_import_trim(bm_arena *a, const char *text);

/*
 * A cell's text cleaned: spaces at both ends (and U+3000) dropped,
 * full-width ASCII (digits, letters, brackets) made half-width.
 */
const char *bm_import_clean(bm_arena *a, const char *text);

/* 文号: cleaned, and the year in any bracket ([2026] 【2026】 (2026) ［2026］) written 〔2026〕. */
const char *bm_import_doc_number(bm_arena *a, const char *text);

/*
 * A date as YYYY-MM-DD from 2026-03-05, 2026-3-5, 2026.3.5, 2026/3/5,
 * 2026年3月5日, 20260305, or a spreadsheet's numeric cell (an Excel serial
 * day number, 1900 system). Anything else — a two-digit year, the day
 * before the month (5/3/2026), a date that does not exist — is refused
 * (import_date), since it could be read two ways or not at all.
 */
int bm_import_date(bm_arena *a, const char *text, bool number, const char **out);

/*
 * 密级 as written in a register: "机密", "机密★10年", "机密★2030年1月1日",
 * "机密★" — the level's own text (checked by the registration as any
 * level) and the period after the star (NULL when none), cleaned as
 * bm_import_period.
 */
int bm_import_level(bm_arena *a, const char *text, const char **level, const char **period);

/*
 * 保密期限: "10年" and "10" as "10", a date in any form bm_import_date
 * reads as YYYY-MM-DD; other words ("长期") are passed on for the
 * registration's own check (LEVEL-8) to refuse.
 */
int bm_import_period(bm_arena *a, const char *text, const char **out);

/* A whole number: "3", "３", "3份", "第3份", "3页"; import_number otherwise. */
int bm_import_number(bm_arena *a, const char *text, const char **out);

/* 份数/份号 in one column: "3/2" (or "3-2", "3，2") as copies 3, copy number 2. */
int bm_import_copies_serial(bm_arena *a, const char *text, const char **copies,
                            const char **serial);

#endif
