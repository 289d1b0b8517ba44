/*
 * ledger.c — a register's columns and the cleaning of its cells (ledger.h).
 */
#include "common.h"

#include <stdio.h>
#include <stdlib.h>

#include "import/ledger.h"
#include "util/timeutil.h"

const bm_import_field_name bm_import_field_names[BM_IMPORT_FIELDS] = {
        [BM_IMPORT_IGNORE] = {"-", "不导入", "not imported"},
        [BM_IMPORT_RECEIVED_ON] = {"received_on", "收到日期", "date received"},
        [BM_IMPORT_SENDER] = {"sender", "来文机关", "sending authority"},
        [BM_IMPORT_DOC_NUMBER] = {"doc_number", "文号", "document number"},
        [BM_IMPORT_TITLE] = {"title", "标题", "title"},
        [BM_IMPORT_LEVEL] = {"level", "密级", "level"},
        [BM_IMPORT_COPIES] = {"copies", "份数", "copies"},
        [BM_IMPORT_SERIAL] = {"serial", "份号", "serial copy number"},
        [BM_IMPORT_COPIES_SERIAL] = {"copies_serial", "份数/份号", "copies/copy number"},
        [BM_IMPORT_PERIOD] = {"period", "保密期限", "secrecy period"},
        [BM_IMPORT_SCOPE] = {"scope", "知悉范围", "knowledge scope"},
        [BM_IMPORT_CUSTODIAN] = {"custodian", "保管人", "custodian"},
        [BM_IMPORT_PLACE] = {"place", "存放地点", "place"},
        [BM_IMPORT_NOTE] = {"note", "备注", "note"},
        [BM_IMPORT_PAGES] = {"pages", "页数", "pages"},
        [BM_IMPORT_KIND] = {"kind", "载体形式", "kind"},
        [BM_IMPORT_URGENCY] = {"urgency", "紧急程度", "urgency"},
        [BM_IMPORT_DEPARTMENT] = {"department", "部门", "department"},
        [BM_IMPORT_PRODUCER] = {"producer", "制发机关", "producing authority"},
};

/* The headers of the usual registers and their common variants. */
static const struct {
	const char *heading;
	bm_import_field field;
} known[] = {
        {"序号", BM_IMPORT_IGNORE},
        {"顺序号", BM_IMPORT_IGNORE},
        {"登记日期", BM_IMPORT_RECEIVED_ON},
        {"收文日期", BM_IMPORT_RECEIVED_ON},
        {"收到日期", BM_IMPORT_RECEIVED_ON},
        {"收件日期", BM_IMPORT_RECEIVED_ON},
        {"签收日期", BM_IMPORT_RECEIVED_ON},
        {"来文日期", BM_IMPORT_RECEIVED_ON},
        {"收文时间", BM_IMPORT_RECEIVED_ON},
        {"登记时间", BM_IMPORT_RECEIVED_ON},
        {"日期", BM_IMPORT_RECEIVED_ON},
        {"来文机关", BM_IMPORT_SENDER},
        {"来文单位", BM_IMPORT_SENDER},
        {"来文部门", BM_IMPORT_SENDER},
        {"发文机关", BM_IMPORT_SENDER},
        {"发文单位", BM_IMPORT_SENDER},
        {"文号", BM_IMPORT_DOC_NUMBER},
        {"来文文号", BM_IMPORT_DOC_NUMBER},
        {"来文字号", BM_IMPORT_DOC_NUMBER},
        {"发文字号", BM_IMPORT_DOC_NUMBER},
        {"文件字号", BM_IMPORT_DOC_NUMBER},
        {"文件编号", BM_IMPORT_DOC_NUMBER},
        {"标题", BM_IMPORT_TITLE},
        {"文件标题", BM_IMPORT_TITLE},
        {"文件名称", BM_IMPORT_TITLE},
        {"文件题目", BM_IMPORT_TITLE},
        {"题名", BM_IMPORT_TITLE},
        {"载体名称", BM_IMPORT_TITLE},
        {"密级", BM_IMPORT_LEVEL},
        {"密级及保密期限", BM_IMPORT_LEVEL},
        {"密级和保密期限", BM_IMPORT_LEVEL},
        {"份数", BM_IMPORT_COPIES},
        {"份号", BM_IMPORT_SERIAL},
        {"份数/份号", BM_IMPORT_COPIES_SERIAL},
        {"份数份号", BM_IMPORT_COPIES_SERIAL},
        {"份数、份号", BM_IMPORT_COPIES_SERIAL},
        {"保密期限", BM_IMPORT_PERIOD},
        {"密期", BM_IMPORT_PERIOD},
        {"知悉范围", BM_IMPORT_SCOPE},
        {"承办人", BM_IMPORT_SCOPE},
        {"经办人", BM_IMPORT_SCOPE},
        {"阅办人", BM_IMPORT_SCOPE},
        {"保管人", BM_IMPORT_CUSTODIAN},
        {"存放位置", BM_IMPORT_PLACE},
        {"存放地点", BM_IMPORT_PLACE},
        {"保管位置", BM_IMPORT_PLACE},
        {"保存位置", BM_IMPORT_PLACE},
        {"备注", BM_IMPORT_NOTE},
        {"页数", BM_IMPORT_PAGES},
        {"载体形式", BM_IMPORT_KIND},
        {"载体形态", BM_IMPORT_KIND},
        {"载体类型", BM_IMPORT_KIND},
        {"形态", BM_IMPORT_KIND},
        {"紧急程度", BM_IMPORT_URGENCY},
        {"缓急", BM_IMPORT_URGENCY},
        {"部门", BM_IMPORT_DEPARTMENT},
        {"承办部门", BM_IMPORT_DEPARTMENT},
        {"所属部门", BM_IMPORT_DEPARTMENT},
        {"产生机关", BM_IMPORT_PRODUCER},
        {"制发机关", BM_IMPORT_PRODUCER},
};

/* Fields several columns may fill, joined: scope (承办人 and 知悉范围), note. */
static bool joinable(int f)
{
	return f == BM_IMPORT_IGNORE || f == BM_IMPORT_SCOPE || f == BM_IMPORT_NOTE;
}

/* ---- cleaning ---------------------------------------------------------- */

static bool is_space_at(const char *s, size_t *len)
{
	if (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n') {
		*len = 1;
		return true;
	}
	if (strncmp(s, "\xE3\x80\x80", 3) == 0 || strncmp(s, "\xC2\xA0", 2) == 0) {
		*len = (unsigned char)*s == 0xE3 ? 3 : 2;
		return true;
	}
	return false;
}

const char *bm_import_trim(bm_arena *a, const char *text)
{
	const char *s = text ? text : "", *end;
	size_t n;
	while (*s && is_space_at(s, &n))
		s += n;
	end = s + strlen(s);
	for (const char *p = s; *p;) {
		if (is_space_at(p, &n)) {
			p += n;
		} else {
			p++;
			while (*p && ((unsigned char)*p & 0xC0) == 0x80)
				p++;
			end = p;
		}
	}
	return bm_arena_strndup(a, s, (size_t)(end - s));
}

const char *bm_import_clean(bm_arena *a, const char *text)
{
	const char *t = bm_import_trim(a, text);
	char *out, *o;
	if (!t || !(out = o = bm_arena_alloc(a, strlen(t) + 1)))
		return NULL;
	for (const unsigned char *p = (const unsigned char *)t; *p;) {
		/* U+FF01..U+FF5E: EF BC 81..EF BC BF, EF BD 80..EF BD 9E */
		if (p[0] == 0xEF && (p[1] == 0xBC || p[1] == 0xBD) && p[2]) {
			unsigned cp = 0xFF00u + ((unsigned)(p[1] & 0x03) << 6) + (p[2] & 0x3F);
			if (cp >= 0xFF01 && cp <= 0xFF5E) {
				*o++ = (char)(cp - 0xFF01 + 0x21);
				p += 3;
				continue;
			}
		}
		if (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x80) { /* U+3000 inside */
			*o++ = ' ';
			p += 3;
			continue;
		}
		*o++ = (char)*p++;
	}
	*o = '\0';
	return out;
}

/* The length of the bracket at `s` among `set`, or 0. */
static size_t bracket_at(const char *s, const char *const *set)
{
	for (size_t i = 0; set[i]; i++)
		if (strncmp(s, set[i], strlen(set[i])) == 0)
			return strlen(set[i]);
	return 0;
}

const char *bm_import_doc_number(bm_arena *a, const char *text)
{
	static const char *const open[] = {"[", "(", "{", "【", "〔", "〖", "<", NULL};
	static const char *const close[] = {"]", ")", "}", "】", "〕", "〗", ">", NULL};
	const char *t = bm_import_clean(a, text);
	char *out, *o;
	if (!t || !(out = o = bm_arena_alloc(a, strlen(t) * 2 + 1)))
		return NULL;
	for (const char *p = t; *p;) {
		size_t ol = bracket_at(p, open), cl;
		if (ol && p[ol] >= '0' && p[ol] <= '9' && p[ol + 1] >= '0' && p[ol + 1] <= '9' &&
		    p[ol + 2] >= '0' && p[ol + 2] <= '9' && p[ol + 3] >= '0' && p[ol + 3] <= '9' &&
		    (cl = bracket_at(p + ol + 4, close)) != 0) {
			memcpy(o, "〔", 3);
			memcpy(o + 3, p + ol, 4);
			memcpy(o + 7, "〕", 3);
			o += 10;
			p += ol + 4 + cl;
			continue;
		}
		*o++ = *p++;
	}
	*o = '\0';
	return out;
}

/* ---- dates, numbers, levels -------------------------------------------- */

static int date_error(const char *t, const char *why_zh, const char *why_en)
{
	char zh[300], en[300];
	snprintf(zh, sizeof(zh), "日期 '%.40s' 无法导入：%s", t, why_zh);
	snprintf(en, sizeof(en), "date '%.40s' cannot be imported: %s", t, why_en);
	return bm_error_set_msg(BM_EINVALID, "import_date", NULL, zh, en);
}

/* Reads up to `max` digits; the count read. */
static size_t digits(const char **p, int *v, size_t max)
{
	size_t n = 0;
	*v = 0;
	while (n < max && **p >= '0' && **p <= '9') {
		*v = *v * 10 + (**p - '0');
		(*p)++;
		n++;
	}
	return n;
}

static int date_out(bm_arena *a, const char *t, int y, int m, int d, const char **out)
{
	int32_t days;
	char buf[BM_DATE_LEN];
	if (y < 1900 || y > 2999 || !bm_date_from_ymd(y, m, d, &days))
		return date_error(t, "没有这一天", "no such day");
	bm_date_format(days, buf);
	return (*out = bm_arena_strdup(a, buf)) ? 0 : bm_error_nomem();
}

/* A spreadsheet's serial day number (Excel's 1900 system: days since 1899-12-30 from March 1900).
 */
static int date_serial(bm_arena *a, const char *t, const char **out)
{
	char *end;
	double v = strtod(t, &end);
	int32_t base, days;
	char buf[BM_DATE_LEN];
	if (*end || v < 61 || v >= 2958466) /* before 1900-03-01 Excel counts a 29 Feb 1900 */
		return date_error(t, "不是可用的 Excel 日期序号", "not a usable Excel serial day");
	/* serial 61 is 1900-03-01 (serial 60 is Excel's 29 Feb 1900, a day that never was) */
	if (!bm_date_from_ymd(1900, 3, 1, &base))
		return bm_error_set(BM_ERROR, "internal", NULL, "日期计算错误",
		                    "date arithmetic failed");
	days = base + ((int32_t)v - 61);
	bm_date_format(days, buf);
	return (*out = bm_arena_strdup(a, buf)) ? 0 : bm_error_nomem();
}

int bm_import_date(bm_arena *a, const char *text, bool number, const char **out)
{
	const char *t = bm_import_clean(a, text), *p;
	int y = 0, m = 0, d = 0;
	size_t n;
	*out = NULL;
	if (!t)
		return bm_error_nomem();
	if (number)
		return date_serial(a, t, out);
	p = t;
	n = digits(&p, &y, 9);
	if (n == 8 && !*p)
		return date_out(a, t, y / 10000, y / 100 % 100, y % 100, out);
	if (n == 5 && !*p)
		return date_error(
		        t, "像 Excel 日期序号，但单元格是文本，请写成 2026-03-05",
		        "looks like an Excel serial day in a text cell; write 2026-03-05");
	if (n != 4 || !*p)
		return date_error(t, "年份须为四位且在前（5/3/2026、26.3.5 可有两种读法）",
		                  "the year must come first with four digits (5/3/2026 or 26.3.5 "
		                  "read two ways)");
	if (strncmp(p, "年", 3) == 0) {
		p += 3;
		if (!digits(&p, &m, 2) || strncmp(p, "月", 3) != 0)
			return date_error(t, "应为 2026年3月5日", "expected 2026年3月5日");
		p += 3;
		if (!digits(&p, &d, 2))
			return date_error(t, "应为 2026年3月5日", "expected 2026年3月5日");
		if (strncmp(p, "日", 3) == 0 || strncmp(p, "号", 3) == 0)
			p += 3;
	} else {
		char sep = *p;
		if (sep != '-' && sep != '.' && sep != '/')
			return date_error(t, "无法识别的格式", "an unknown form");
		p++;
		if (!digits(&p, &m, 2) || *p != sep)
			return date_error(t, "年月日的分隔不一致", "the separators differ");
		p++;
		if (!digits(&p, &d, 2))
			return date_error(t, "无法识别的格式", "an unknown form");
	}
	/* A time of day after the date (a spreadsheet's date and time) is dropped. */
	if (*p == ' ' || *p == 'T') {
		for (const char *q = p + 1; *q; q++)
			if (!(*q >= '0' && *q <= '9') && *q != ':' && *q != '.')
				return date_error(t, "日期后有多余内容", "text after the date");
		p += strlen(p);
	}
	if (*p)
		return date_error(t, "日期后有多余内容", "text after the date");
	return date_out(a, t, y, m, d, out);
}

int bm_import_number(bm_arena *a, const char *text, const char **out)
{
	const char *t = bm_import_clean(a, text), *p;
	static const char *const units[] = {"份", "页", "张", "件", "册", "个", NULL};
	int v;
	size_t n;
	*out = NULL;
	if (!t)
		return bm_error_nomem();
	p = t;
	if (strncmp(p, "第", 3) == 0)
		p += 3;
	n = digits(&p, &v, 7);
	if (n && *p) {
		size_t ul = bracket_at(p, units);
		if (ul)
			p += ul;
	}
	if (!n || *p)
		return bm_error_set(BM_EINVALID, "import_number", NULL, "'%.40s' 不是整数",
		                    "'%.40s' is not a whole number", t);
	return (*out = bm_arena_printf(a, "%d", v)) ? 0 : bm_error_nomem();
}

int bm_import_copies_serial(bm_arena *a, const char *text, const char **copies, const char **serial)
{
	static const char *const seps[] = {"/", "-", ",", "、", "，", NULL};
	const char *t = bm_import_clean(a, text);
	const char *p;
	size_t sl = 0;
	*copies = *serial = NULL;
	if (!t)
		return bm_error_nomem();
	for (p = t; *p && !(sl = bracket_at(p, seps)); p++)
		;
	if (!*p)
		return bm_error_set(
		        BM_EINVALID, "import_copies", NULL,
		        "份数/份号 '%.40s' 只有一个数，无法判断是份数还是份号（应写作 3/2）",
		        "copies/copy number '%.40s' holds one number: copies or copy "
		        "number? (write 3/2)",
		        t);
	if (bm_import_number(a, bm_arena_strndup(a, t, (size_t)(p - t)), copies) != 0 ||
	    bm_import_number(a, p + sl, serial) != 0)
		return bm_error_set(
		        BM_EINVALID, "import_copies", NULL,
		        "份数/份号 '%.40s' 应为两个整数，如 3/2",
		        "copies/copy number '%.40s' must be two whole numbers, e.g. 3/2", t);
	return 0;
}

int bm_import_period(bm_arena *a, const char *text, const char **out)
{
	const char *t = bm_import_clean(a, text), *p;
	int y;
	size_t n;
	*out = NULL;
	if (!t)
		return bm_error_nomem();
	p = t;
	n = digits(&p, &y, 4);
	if (n && n < 4 && (!*p || strcmp(p, "年") == 0))
		return (*out = bm_arena_printf(a, "%d", y)) ? 0 : bm_error_nomem();
	if (n == 4 && *p) /* a date: until then */
		return bm_import_date(a, t, false, out);
	*out = t; /* words: the registration's own check (LEVEL-8) says what is wrong */
	return 0;
}

int bm_import_level(bm_arena *a, const char *text, const char **level, const char **period)
{
	static const char *const stars[] = {"★", "☆", "*", "※", NULL};
	const char *t = bm_import_clean(a, text), *p;
	size_t sl = 0;
	*level = *period = NULL;
	if (!t)
		return bm_error_nomem();
	for (p = t; *p && !(sl = bracket_at(p, stars)); p++)
		;
	if (!*p) {
		*level = t;
		return 0;
	}
	if (!(*level = bm_import_trim(a, bm_arena_strndup(a, t, (size_t)(p - t)))))
		return bm_error_nomem();
	p = bm_import_trim(a, p + sl);
	if (!p)
		return bm_error_nomem();
	if (!*p)
		return 0;
	return bm_import_period(a, p, period);
}

/* ---- the header -------------------------------------------------------- */

/* A heading as compared: cleaned, without spaces, line breaks and a '*' of a required column. */
static const char *heading_key(bm_arena *a, const char *text)
{
	const char *t = bm_import_clean(a, text);
	char *out, *o;
	if (!t || !(out = o = bm_arena_alloc(a, strlen(t) + 1)))
		return NULL;
	for (const char *p = t; *p; p++)
		if (*p != ' ' && *p != '\n' && *p != '\r' && *p != '\t' && *p != '*')
			*o++ = *p;
	*o = '\0';
	return out;
}

typedef struct map_entry {
	const char *heading;
	int field;
	bool used;
} map_entry;

static int field_by_name(const char *name)
{
	for (int f = 0; f < BM_IMPORT_FIELDS; f++)
		if (strcmp(name, bm_import_field_names[f].code) == 0 ||
		    strcmp(name, bm_import_field_names[f].zh) == 0)
			return f;
	return -1;
}

static int parse_map(bm_arena *a, const char *map, map_entry **out, size_t *n_out)
{
	map_entry *m;
	size_t n = 0, cap = 1;
	char *copy, *p;
	*out = NULL;
	*n_out = 0;
	if (!map || !*map)
		return 0;
	for (const char *q = map; *q; q++)
		cap += *q == ',' || *q == ';';
	cap += 8;
	if (!(copy = bm_arena_strdup(a, map)) || !(m = bm_arena_alloc(a, cap * 4 * sizeof(*m))))
		return bm_error_nomem();
	p = copy;
	while (p && *p) {
		char *item = p, *eq, *next = NULL;
		/* items split at ',' ';' '，' '；' */
		for (char *q = p; *q; q++) {
			if (*q == ',' || *q == ';') {
				*q = '\0';
				next = q + 1;
				break;
			}
			if (strncmp(q, "，", 3) == 0 || strncmp(q, "；", 3) == 0) {
				*q = '\0';
				next = q + 3;
				break;
			}
		}
		p = next;
		if (!*bm_import_trim(a, item))
			continue;
		if (!(eq = strchr(item, '=')))
			return bm_error_set(BM_EINVALID, "import_map", NULL,
			                    "映射 '%.60s' 应为 列名=字段",
			                    "mapping '%.60s' must be COLUMN=field", item);
		*eq = '\0';
		m[n].heading = heading_key(a, item);
		m[n].field = field_by_name(bm_import_trim(a, eq + 1));
		m[n].used = false;
		if (m[n].field < 0)
			return bm_error_set(
			        BM_EINVALID, "import_map", NULL,
			        "映射中的字段 '%.40s' 不存在（如 received_on、title、level）",
			        "no field '%.40s' in the mapping (e.g. received_on, title, level)",
			        eq + 1);
		n++;
	}
	*out = m;
	*n_out = n;
	return 0;
}

/* The field a heading names: the clerk's mapping first, then the known headers; -1 if none. */
static int field_of(bm_arena *a, const char *text, map_entry *m, size_t n_map)
{
	const char *k = heading_key(a, text);
	if (!k || !*k)
		return -1;
	for (size_t i = 0; i < n_map; i++)
		if (strcmp(k, m[i].heading) == 0) {
			m[i].used = true;
			return m[i].field;
		}
	for (size_t i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (strcmp(k, known[i].heading) == 0)
			return (int)known[i].field;
	/* "份数（份）", "登记日期(年月日)": the words before a bracket. */
	{
		const char *b = strchr(k, '(');
		if (b && b > k)
			return field_of(a, bm_arena_strndup(a, k, (size_t)(b - k)), m, n_map);
	}
	return -1;
}

static size_t known_in(bm_arena *a, const bm_import_line *r, map_entry *m, size_t n_map)
{
	size_t k = 0;
	for (size_t c = 0; c < r->n; c++)
		k += field_of(a, bm_import_cell_text(r, c), m, n_map) >= 0;
	return k;
}

static int two_columns(const bm_import_header *h, size_t c, size_t d)
{
	char zh[400], en[400];
	snprintf(zh, sizeof(zh), "两列（'%.60s' 和 '%.60s'）都是%s；用 --map 把其中一列设为 -",
	         h->heading[c], h->heading[d], bm_import_field_names[h->field[c]].zh);
	snprintf(en, sizeof(en),
	         "two columns ('%.60s' and '%.60s') are both the %s; map one of them to - with "
	         "--map",
	         h->heading[c], h->heading[d], bm_import_field_names[h->field[c]].en);
	return bm_error_set_msg(BM_EINVALID, "import_header", NULL, zh, en);
}

int bm_import_header_find(bm_arena *a, const bm_import_sheet *sheet, const char *map,
                          bm_import_header *out)
{
	map_entry *m;
	size_t n_map, h, n_cols = 0;
	bm_import_line *top, *second = NULL;
	int rc;

	memset(out, 0, sizeof(*out));
	if ((rc = parse_map(a, map, &m, &n_map)) != 0)
		return rc;
	for (h = 0; h < sheet->n_rows && h < 10; h++)
		if (known_in(a, &sheet->rows[h], m, n_map) >= 2)
			break;
	if (h == sheet->n_rows || h == 10)
		return bm_error_set(
		        BM_EINVALID, "import_header", NULL,
		        "前 10 行中没有表头（至少两列应为已知列名，如 登记日期、标题、密级；"
		        "其他列名用 --map 指定）",
		        "no header in the first 10 rows (at least two known column names "
		        "such as the date, title and level; name others with --map)");
	top = &sheet->rows[h];
	out->first_row = out->last_row = h;
	/* A second header line: known names right below (under a merged cell). */
	if (h + 1 < sheet->n_rows && known_in(a, &sheet->rows[h + 1], m, n_map) >= 1) {
		second = &sheet->rows[h + 1];
		out->last_row = h + 1;
	}
	n_cols = top->n;
	if (second && second->n > n_cols)
		n_cols = second->n;
	out->n_cols = n_cols;
	if (!(out->field = bm_arena_alloc(a, (n_cols + 1) * sizeof(*out->field))) ||
	    !(out->heading = bm_arena_alloc(a, (n_cols + 1) * sizeof(*out->heading))))
		return bm_error_nomem();
	for (size_t c = 0; c < n_cols; c++) {
		const char *t = bm_import_trim(a, bm_import_cell_text(top, c));
		int f = field_of(a, t, m, n_map), f2 = -1;
		if (second) {
			const char *t2 = bm_import_trim(a, bm_import_cell_text(second, c));
			f2 = field_of(a, t2, m, n_map);
			if (*t2 && strcmp(t2, t) != 0)
				t = *t ? bm_arena_printf(a, "%s › %s", t, t2) : t2;
		}
		out->field[c] = f2 >= 0 ? f2 : f;
		out->heading[c] = t;
	}
	for (size_t i = 0; i < n_map; i++)
		if (!m[i].used)
			return bm_error_set(BM_EINVALID, "import_map", NULL,
			                    "映射中的列 '%.60s' 不在表头中",
			                    "no column '%.60s' in the header", m[i].heading);
	for (size_t c = 0; c < n_cols; c++)
		for (size_t d = c + 1; d < n_cols; d++)
			if (out->field[c] >= 0 && out->field[c] == out->field[d] &&
			    !joinable(out->field[c]))
				return two_columns(out, c, d);
	return 0;
}
