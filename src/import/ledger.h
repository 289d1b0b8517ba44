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
	BM_IMPORT_IGNORE = 0, /* a known column that is not imported (序号), in every schema */
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

/* The fields of a 涉密人员登记表's row (the register beside an existing account). */
typedef enum bm_import_person_field {
	BM_IMPORT_P_NAME = 1,      /* 姓名: the account, by name */
	BM_IMPORT_P_USERNAME,      /* 用户名: the account, by username (wins over the name) */
	BM_IMPORT_P_DEPARTMENT,    /* 部门: must be the account's */
	BM_IMPORT_P_POST,          /* 职务/岗位 */
	BM_IMPORT_P_CLASS,         /* 涉密等级: 核心/重要/一般 */
	BM_IMPORT_P_VETTED_ON,     /* 审查日期 */
	BM_IMPORT_P_VETTING,       /* 审查结论: 通过/不通过 */
	BM_IMPORT_P_COMMITMENT_ON, /* 保密承诺书签订日期 */
	BM_IMPORT_P_CLEARED_ON,    /* 确定日期 (default: the import's day) */
	BM_IMPORT_P_STATEMENT_ON,  /* 责任书签订日期 (ORG-1) */
	BM_IMPORT_P_NOTE,          /* 备注: the vetting's note */
	BM_IMPORT_P_FIELDS
} bm_import_person_field;

/* The fields of a 涉密设备台账's row. */
typedef enum bm_import_device_field {
	BM_IMPORT_D_NUMBER = 1, /* 编号 (DEV-1) */
	BM_IMPORT_D_NAME,       /* 设备名称: kept in the note (the register has no name) */
	BM_IMPORT_D_KIND,       /* 类型: 台式机, 笔记本, U盘 … */
	BM_IMPORT_D_LEVEL,
	BM_IMPORT_D_MODEL,
	BM_IMPORT_D_SERIAL, /* 序列号 (the maker's) */
	BM_IMPORT_D_HOLDER, /* 责任人 (定机定人) */
	BM_IMPORT_D_OPERATOR,
	BM_IMPORT_D_PLACE,
	BM_IMPORT_D_IN_USE_ON, /* 启用日期: kept in the note */
	BM_IMPORT_D_PASSWORD_ON,
	BM_IMPORT_D_ENCRYPTED, /* 是/否 */
	BM_IMPORT_D_STATUS,    /* 在用 only: scrapping is DEV-6's */
	BM_IMPORT_D_NOTE,
	BM_IMPORT_D_FIELDS
} bm_import_device_field;

typedef struct bm_import_field_name {
	const char *code; /* the name --map uses: "received_on" */
	const char *zh, *en;
} bm_import_field_name;
extern const bm_import_field_name bm_import_field_names[BM_IMPORT_FIELDS];

/* A header a register writes for a field (field 0: known, not imported). */
typedef struct bm_import_heading {
	const char *heading;
	int field;
} bm_import_heading;

/* What one kind of register holds: its fields and the headers naming them. */
typedef struct bm_import_schema {
	const char *kind; /* "carriers", "people", "devices" */
	const bm_import_field_name *fields;
	int n_fields;
	const bm_import_heading *known;
	size_t n_known;
	unsigned long joinable; /* bit f: several columns may fill field f (joined) */
} bm_import_schema;

extern const bm_import_schema bm_import_carriers_schema, bm_import_people_schema,
        bm_import_devices_schema;

/* The header found: the row(s) it spans and each column's field (-1: unknown, not imported). */
typedef struct bm_import_header {
	size_t first_row, last_row; /* indexes into sheet.rows */
	size_t n_cols;
	int *field;           /* per column: a field of the schema or -1 */
	const char **heading; /* per column: the header's text ("" none) */
	const bm_import_schema *schema;
} bm_import_header;

/*
 * Finds the header among the first rows: the first row naming at least two
 * known columns (a title row above it, 收文登记簿, is passed over). A header
 * may span two rows: a row right above it with two different texts or
 * more (a group header: 收文 over 日期 and 机关; a title row has one) is its
 * first line, else a row right below it naming known columns is its second
 * line (份数 and 份号 under a merged 份数/份号); a second line's names win in
 * their columns. An .xls keeps a merged cell's text in its first
 * cell only, so a column under a merged group header has no heading of its
 * own: when such a column (or any column without a heading) holds data it
 * is refused naming the header's row and the column (import_header), never
 * read as a neighbour's. `map` is the clerk's "列=field,…" (header text or
 * "#H", the column's letter, = field code, or "-" to skip the column),
 * applied before the known names.
 * Errors: import_map (a bad mapping: unknown field or column), import_header
 * (no header, a field named by two columns, data under no heading).
 */
int bm_import_header_find(bm_arena *a, const bm_import_sheet *sheet, const bm_import_schema *schema,
                          const char *map, bm_import_header *out);

/* A column's letters as a spreadsheet shows them: 0 → "A", 27 → "AB". */
const char *bm_import_col_name(bm_arena *a, size_t col);

/*
 * A merged range (an .xlsx's <mergeCell>) covering data row `line` across
 * columns of different imported fields: its text would be read into a field
 * it was not written for, so the row is refused (import_merged, naming the
 * row and the columns). 0 when none.
 */
int bm_import_merge_check(bm_arena *a, const bm_import_sheet *sheet, const bm_import_header *h,
                          size_t line);

/*
 * The row's cells as hashed for the audit chain: the text of each of the
 * header's columns, joined by U+001F (the unit separator), as read.
 */
const char *bm_import_row_text(bm_arena *a, const bm_import_header *h, const bm_import_line *r);

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

/*
 * 涉密等级 of a person as registers write it: 核心, 核心涉密人员, 重要, 一般
 * (and the codes core, important, general) as the class's code; other
 * words are passed on for the register's own check (PERSON-1) to refuse.
 */
const char *bm_import_person_class(bm_arena *a, const char *text);

/* 审查结论: 通过/合格/pass as "pass", 不通过/不合格/fail as "fail"; import_vetting otherwise. */
int bm_import_vetting(bm_arena *a, const char *text, const char **out);

/*
 * A device's 类型 as registers write it (台式机, 笔记本电脑, 优盘, 移动硬盘,
 * 一体机 is refused as two kinds …) as a kind's code; words not known are
 * passed on for the register's own check (DEV-1) to refuse.
 */
int bm_import_device_kind(bm_arena *a, const char *text, const char **out);

/* 是/否 (有/无, yes/no, 1/0) as true/false; import_yes_no otherwise. */
int bm_import_yes_no(bm_arena *a, const char *text, bool *out);

#endif
