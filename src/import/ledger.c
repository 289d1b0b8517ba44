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

/* The headers of the usual 收文登记簿 and their common variants. */
static const bm_import_heading carrier_known[] = {
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

static const bm_import_field_name person_fields[BM_IMPORT_P_FIELDS] = {
        [BM_IMPORT_IGNORE] = {"-", "不导入", "not imported"},
        [BM_IMPORT_P_NAME] = {"name", "姓名", "name"},
        [BM_IMPORT_P_USERNAME] = {"username", "用户名", "username"},
        [BM_IMPORT_P_DEPARTMENT] = {"department", "部门", "department"},
        [BM_IMPORT_P_POST] = {"post", "岗位", "post"},
        [BM_IMPORT_P_CLASS] = {"class", "涉密等级", "class"},
        [BM_IMPORT_P_VETTED_ON] = {"vetted_on", "审查日期", "vetting date"},
        [BM_IMPORT_P_VETTING] = {"vetting", "审查结论", "vetting result"},
        [BM_IMPORT_P_COMMITMENT_ON] = {"commitment_on", "保密承诺书签订日期",
                                       "commitment signed on"},
        [BM_IMPORT_P_CLEARED_ON] = {"cleared_on", "确定日期", "cleared on"},
        [BM_IMPORT_P_STATEMENT_ON] = {"statement_on", "责任书签订日期", "statement signed on"},
        [BM_IMPORT_P_NOTE] = {"note", "备注", "note"},
};

/* The headers of the usual 涉密人员登记表. */
static const bm_import_heading person_known[] = {
        {"序号", BM_IMPORT_IGNORE},
        {"性别", BM_IMPORT_IGNORE},
        {"出生年月", BM_IMPORT_IGNORE},
        {"出生日期", BM_IMPORT_IGNORE},
        {"民族", BM_IMPORT_IGNORE},
        {"政治面貌", BM_IMPORT_IGNORE},
        {"学历", BM_IMPORT_IGNORE},
        {"身份证号", BM_IMPORT_IGNORE},
        {"身份证号码", BM_IMPORT_IGNORE},
        {"联系电话", BM_IMPORT_IGNORE},
        {"培训情况", BM_IMPORT_IGNORE}, /* PERSON-6: training is recorded per session */
        {"培训日期", BM_IMPORT_IGNORE},
        {"姓名", BM_IMPORT_P_NAME},
        {"人员姓名", BM_IMPORT_P_NAME},
        {"用户名", BM_IMPORT_P_USERNAME},
        {"账号", BM_IMPORT_P_USERNAME},
        {"帐号", BM_IMPORT_P_USERNAME},
        {"登录名", BM_IMPORT_P_USERNAME},
        {"部门", BM_IMPORT_P_DEPARTMENT},
        {"所在部门", BM_IMPORT_P_DEPARTMENT},
        {"所属部门", BM_IMPORT_P_DEPARTMENT},
        {"工作部门", BM_IMPORT_P_DEPARTMENT},
        {"部门(单位)", BM_IMPORT_P_DEPARTMENT},
        {"职务", BM_IMPORT_P_POST},
        {"岗位", BM_IMPORT_P_POST},
        {"涉密岗位", BM_IMPORT_P_POST},
        {"职务/岗位", BM_IMPORT_P_POST},
        {"职务岗位", BM_IMPORT_P_POST},
        {"职务(岗位)", BM_IMPORT_P_POST},
        {"岗位名称", BM_IMPORT_P_POST},
        {"涉密等级", BM_IMPORT_P_CLASS},
        {"涉密类别", BM_IMPORT_P_CLASS},
        {"涉密人员类别", BM_IMPORT_P_CLASS},
        {"涉密程度", BM_IMPORT_P_CLASS},
        {"类别", BM_IMPORT_P_CLASS},
        {"审查日期", BM_IMPORT_P_VETTED_ON},
        {"审查时间", BM_IMPORT_P_VETTED_ON},
        {"保密审查日期", BM_IMPORT_P_VETTED_ON},
        {"审查结论", BM_IMPORT_P_VETTING},
        {"审查结果", BM_IMPORT_P_VETTING},
        {"审查情况", BM_IMPORT_P_VETTING},
        {"保密承诺书签订日期", BM_IMPORT_P_COMMITMENT_ON},
        {"承诺书签订日期", BM_IMPORT_P_COMMITMENT_ON},
        {"签订承诺书日期", BM_IMPORT_P_COMMITMENT_ON},
        {"保密承诺书", BM_IMPORT_P_COMMITMENT_ON},
        {"承诺书日期", BM_IMPORT_P_COMMITMENT_ON},
        {"确定日期", BM_IMPORT_P_CLEARED_ON},
        {"确定时间", BM_IMPORT_P_CLEARED_ON},
        {"责任书签订日期", BM_IMPORT_P_STATEMENT_ON},
        {"保密责任书签订日期", BM_IMPORT_P_STATEMENT_ON},
        {"备注", BM_IMPORT_P_NOTE},
};

static const bm_import_field_name device_fields[BM_IMPORT_D_FIELDS] = {
        [BM_IMPORT_IGNORE] = {"-", "不导入", "not imported"},
        [BM_IMPORT_D_NUMBER] = {"number", "编号", "number"},
        [BM_IMPORT_D_NAME] = {"name", "设备名称（记入备注）", "device name (into the note)"},
        [BM_IMPORT_D_KIND] = {"kind", "类型", "kind"},
        [BM_IMPORT_D_LEVEL] = {"level", "密级", "level"},
        [BM_IMPORT_D_MODEL] = {"model", "型号", "model"},
        [BM_IMPORT_D_SERIAL] = {"serial", "序列号", "serial"},
        [BM_IMPORT_D_HOLDER] = {"holder", "责任人", "responsible person"},
        [BM_IMPORT_D_OPERATOR] = {"operator", "操作员", "operator"},
        [BM_IMPORT_D_PLACE] = {"place", "使用地点", "place"},
        [BM_IMPORT_D_IN_USE_ON] = {"in_use_on", "启用日期（记入备注）",
                                   "in use since (into the note)"},
        [BM_IMPORT_D_PASSWORD_ON] = {"password_changed_on", "口令更换日期", "password changed on"},
        [BM_IMPORT_D_ENCRYPTED] = {"encrypted", "加密", "encrypted"},
        [BM_IMPORT_D_STATUS] = {"status", "状态", "status"},
        [BM_IMPORT_D_NOTE] = {"note", "备注", "note"},
};

/* The headers of the usual 涉密设备台账. */
static const bm_import_heading device_known[] = {
        {"序号", BM_IMPORT_IGNORE},
        {"使用部门", BM_IMPORT_IGNORE}, /* the register keeps the responsible person */
        {"部门", BM_IMPORT_IGNORE},
        {"编号", BM_IMPORT_D_NUMBER},
        {"设备编号", BM_IMPORT_D_NUMBER},
        {"保密编号", BM_IMPORT_D_NUMBER},
        {"统一编号", BM_IMPORT_D_NUMBER},
        {"涉密编号", BM_IMPORT_D_NUMBER},
        {"设备名称", BM_IMPORT_D_NAME},
        {"名称", BM_IMPORT_D_NAME},
        {"类型", BM_IMPORT_D_KIND},
        {"设备类型", BM_IMPORT_D_KIND},
        {"类别", BM_IMPORT_D_KIND},
        {"设备类别", BM_IMPORT_D_KIND},
        {"种类", BM_IMPORT_D_KIND},
        {"密级", BM_IMPORT_D_LEVEL},
        {"设备密级", BM_IMPORT_D_LEVEL},
        {"涉密等级", BM_IMPORT_D_LEVEL},
        {"型号", BM_IMPORT_D_MODEL},
        {"品牌型号", BM_IMPORT_D_MODEL},
        {"规格型号", BM_IMPORT_D_MODEL},
        {"序列号", BM_IMPORT_D_SERIAL},
        {"出厂编号", BM_IMPORT_D_SERIAL},
        {"SN", BM_IMPORT_D_SERIAL},
        {"责任人", BM_IMPORT_D_HOLDER},
        {"保管人", BM_IMPORT_D_HOLDER},
        {"使用人", BM_IMPORT_D_HOLDER},
        {"使用责任人", BM_IMPORT_D_HOLDER},
        {"操作员", BM_IMPORT_D_OPERATOR},
        {"操作人", BM_IMPORT_D_OPERATOR},
        {"使用地点", BM_IMPORT_D_PLACE},
        {"放置地点", BM_IMPORT_D_PLACE},
        {"存放地点", BM_IMPORT_D_PLACE},
        {"存放位置", BM_IMPORT_D_PLACE},
        {"安放位置", BM_IMPORT_D_PLACE},
        {"启用日期", BM_IMPORT_D_IN_USE_ON},
        {"启用时间", BM_IMPORT_D_IN_USE_ON},
        {"投入使用日期", BM_IMPORT_D_IN_USE_ON},
        {"口令更换日期", BM_IMPORT_D_PASSWORD_ON},
        {"密码更换日期", BM_IMPORT_D_PASSWORD_ON},
        {"是否加密", BM_IMPORT_D_ENCRYPTED},
        {"加密", BM_IMPORT_D_ENCRYPTED},
        {"状态", BM_IMPORT_D_STATUS},
        {"使用状态", BM_IMPORT_D_STATUS},
        {"设备状态", BM_IMPORT_D_STATUS},
        {"备注", BM_IMPORT_D_NOTE},
};

#define BIT(f) (1UL << (f))

const bm_import_schema bm_import_carriers_schema = {
        "carriers",
        bm_import_field_names,
        BM_IMPORT_FIELDS,
        carrier_known,
        sizeof(carrier_known) / sizeof(carrier_known[0]),
        BIT(BM_IMPORT_IGNORE) | BIT(BM_IMPORT_SCOPE) | BIT(BM_IMPORT_NOTE),
};

const bm_import_schema bm_import_people_schema = {
        "people",
        person_fields,
        BM_IMPORT_P_FIELDS,
        person_known,
        sizeof(person_known) / sizeof(person_known[0]),
        BIT(BM_IMPORT_IGNORE) | BIT(BM_IMPORT_P_NOTE),
};

const bm_import_schema bm_import_devices_schema = {
        "devices",
        device_fields,
        BM_IMPORT_D_FIELDS,
        device_known,
        sizeof(device_known) / sizeof(device_known[0]),
        BIT(BM_IMPORT_IGNORE) | BIT(BM_IMPORT_D_NOTE),
};

/* Fields several columns may fill, joined (承办人 and 知悉范围, notes). */
static bool joinable(const bm_import_schema *s, int f)
{
	return f >= 0 && f < 64 && (s->joinable & BIT(f)) != 0;
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
	const char *heading; /* a header's key, or NULL for a column by letter */
	long col;            /* "#H": the column, else -1 */
	int field;
	bool used;
} map_entry;

/* A field by its code ("received_on"), its Chinese or its English name (a mapping
 * the clerk types in the words of the screen: 收文时间=收到日期, date in=date received). */
static int field_by_name(const bm_import_schema *s, const char *name)
{
	for (int f = 0; f < s->n_fields; f++)
		if (strcmp(name, s->fields[f].code) == 0 || strcmp(name, s->fields[f].zh) == 0 ||
		    strcmp(name, s->fields[f].en) == 0)
			return f;
	return -1;
}

/*
 * A mapping naming no field: the examples are the fields' column labels in
 * the message's language (收文日期 / date received), which the mapping takes
 * as well as the codes, not codes a clerk never sees.
 */
static int unknown_field(const bm_import_schema *s, const char *name)
{
	char zh[300], en[300];
	snprintf(zh, sizeof(zh), "映射中的字段 '%.40s' 不存在（此类台账的字段如 %s、%s）", name,
	         s->fields[1].zh, s->fields[2].zh);
	snprintf(en, sizeof(en), "no field '%.40s' in the mapping (fields such as %s, %s)", name,
	         s->fields[1].en, s->fields[2].en);
	return bm_error_set_msg(BM_EINVALID, "import_map", NULL, zh, en);
}

/* "H", "AB" → the column (from 0); -1 when not letters. */
static long col_of(const char *t)
{
	long c = 0;
	if (!*t)
		return -1;
	for (; *t; t++) {
		char x = *t >= 'a' && *t <= 'z' ? (char)(*t - 'a' + 'A') : *t;
		if (x < 'A' || x > 'Z' || (c = c * 26 + (x - 'A' + 1)) > BM_IMPORT_MAX_COLS)
			return -1;
	}
	return c - 1;
}

const char *bm_import_col_name(bm_arena *a, size_t col)
{
	char buf[8];
	size_t i = sizeof(buf) - 1;
	buf[i] = '\0';
	col++;
	while (col && i) {
		buf[--i] = (char)('A' + (col - 1) % 26);
		col = (col - 1) / 26;
	}
	return bm_arena_strdup(a, buf + i);
}

static int parse_map(bm_arena *a, const bm_import_schema *schema, const char *map, map_entry **out,
                     size_t *n_out)
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
		const char *key;
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
		key = bm_import_clean(a, item);
		m[n].col = -1;
		m[n].heading = NULL;
		if (key && key[0] == '#') {
			if ((m[n].col = col_of(key + 1)) < 0)
				return bm_error_set(
				        BM_EINVALID, "import_map", NULL,
				        "映射中的 '%.20s' 不是列号（应为 #A、#H 这样的列字母）",
				        "'%.20s' in the mapping is not a column (#A, #H: its "
				        "letters)",
				        key);
		} else {
			m[n].heading = heading_key(a, item);
		}
		m[n].field = field_by_name(schema, bm_import_trim(a, eq + 1));
		m[n].used = false;
		if (m[n].field < 0)
			return unknown_field(schema, eq + 1);
		n++;
	}
	*out = m;
	*n_out = n;
	return 0;
}

typedef struct header_ctx {
	bm_arena *a;
	const bm_import_schema *schema;
	map_entry *m;
	size_t n_map;
} header_ctx;

/* The field a heading names: the clerk's mapping first, then the known headers; -1 if none. */
static int field_of(header_ctx *x, const char *text)
{
	const char *k = heading_key(x->a, text);
	if (!k || !*k)
		return -1;
	for (size_t i = 0; i < x->n_map; i++)
		if (x->m[i].heading && strcmp(k, x->m[i].heading) == 0) {
			x->m[i].used = true;
			return x->m[i].field;
		}
	for (size_t i = 0; i < x->schema->n_known; i++)
		if (strcmp(k, x->schema->known[i].heading) == 0)
			return x->schema->known[i].field;
	/* "份数（份）", "登记日期(年月日)": the words before a bracket. */
	{
		const char *b = strchr(k, '(');
		if (b && b > k)
			return field_of(x, bm_arena_strndup(x->a, k, (size_t)(b - k)));
	}
	return -1;
}

/* The clerk's "#H=field" for column `c`, or -2 when none. */
static int field_of_col(header_ctx *x, size_t c)
{
	for (size_t i = 0; i < x->n_map; i++)
		if (x->m[i].col >= 0 && (size_t)x->m[i].col == c) {
			x->m[i].used = true;
			return x->m[i].field;
		}
	return -2;
}

static size_t known_in(header_ctx *x, const bm_import_line *r)
{
	size_t k = 0;
	for (size_t c = 0; c < r->n; c++)
		k += field_of(x, bm_import_cell_text(r, c)) >= 0;
	return k;
}

static bool blank_text(bm_arena *a, const char *t)
{
	return !*bm_import_trim(a, t);
}

/*
 * A row right above the header that is a group header: two different texts
 * or more (收文 over 日期 and 机关, 文件 over 文号 and 标题); a title row has
 * one (收文登记簿, or the same text across a merged range).
 */
static bool group_above(bm_arena *a, const bm_import_line *above)
{
	const char *first = NULL;
	for (size_t c = 0; c < above->n; c++) {
		const char *t = bm_import_trim(a, bm_import_cell_text(above, c));
		if (!*t)
			continue;
		if (!first)
			first = t;
		else if (strcmp(first, t) != 0)
			return true;
	}
	return false;
}

static int two_columns(bm_arena *a, const bm_import_header *h, size_t c, size_t d)
{
	char zh[400], en[400];
	const bm_import_field_name *f = &h->schema->fields[h->field[c]];
	snprintf(zh, sizeof(zh),
	         "两列（%s 列 '%.60s' 和 %s 列 '%.60s'）都是%s；用 --map 把其中一列设为 -",
	         bm_import_col_name(a, c), h->heading[c], bm_import_col_name(a, d), h->heading[d],
	         f->zh);
	snprintf(en, sizeof(en),
	         "two columns (%s '%.60s' and %s '%.60s') are both the %s; map one of them to - "
	         "with --map",
	         bm_import_col_name(a, c), h->heading[c], bm_import_col_name(a, d), h->heading[d],
	         f->en);
	return bm_error_set_msg(BM_EINVALID, "import_header", NULL, zh, en);
}

/*
 * Data under no heading: a lost column name, or a merged header cell saved
 * without its range (its text in the first column only; a range the file
 * records is read and fills every column it covers).
 */
static int no_heading(bm_arena *a, const bm_import_sheet *sheet, const bm_import_header *h,
                      size_t c, size_t data_row)
{
	const char *col = bm_import_col_name(a, c);
	size_t first = sheet->rows[h->first_row].line, last = sheet->rows[h->last_row].line;
	char rows_zh[64], rows_en[64], zh[600], en[600];
	if (first == last) {
		snprintf(rows_zh, sizeof(rows_zh), "第 %zu 行", first);
		snprintf(rows_en, sizeof(rows_en), "row %zu", first);
	} else {
		snprintf(rows_zh, sizeof(rows_zh), "第 %zu–%zu 行", first, last);
		snprintf(rows_en, sizeof(rows_en), "rows %zu-%zu", first, last);
	}
	snprintf(zh, sizeof(zh),
	         "表头（%s）的 %s 列没有列名，但第 %zu 行该列有内容；若是合并单元格（文件"
	         "未保存合并区，文字只在第一列），请在 %s 列补上列名，或用 --map '#%s=字段' "
	         "指定，或用 --map '#%s=-' 不导入",
	         rows_zh, col, data_row, col, col, col);
	snprintf(en, sizeof(en),
	         "the header (%s) has no name in column %s, but row %zu has data there; if a "
	         "merged cell (saved without its range, the text in the first column only), name "
	         "column "
	         "%s, or map it with --map '#%s=field', or skip it with --map '#%s=-'",
	         rows_en, col, data_row, col, col, col);
	return bm_error_set_msg(BM_EINVALID, "import_header", NULL, zh, en);
}

/*
 * A text of the row above the header standing alone over a column the header
 * leaves unnamed, with data below: a merged column name (saved without its
 * range) or a title row's words (填报单位：…, 2026年度) — which cannot be told.
 */
static int above_only(bm_arena *a, const bm_import_sheet *sheet, const bm_import_header *h,
                      size_t c, size_t data_row)
{
	const char *col = bm_import_col_name(a, c);
	size_t above = sheet->rows[h->first_row].line, head = sheet->rows[h->last_row].line;
	char zh[700], en[700];
	snprintf(zh, sizeof(zh),
	         "第 %zu 行 %s 列的“%.60s”在表头（第 %zu 行）之上，表头的 %s 列没有列名，"
	         "而第 %zu 行该列有内容：无法断定它是合并单元格的列名还是标题行的文字；"
	         "请在表头的 %s 列补上列名，或用 --map '#%s=字段' 指定，或用 --map '#%s=-' "
	         "不导入",
	         above, col, h->heading[c], head, col, data_row, col, col, col);
	snprintf(en, sizeof(en),
	         "row %zu, column %s: '%.60s' stands above the header (row %zu), which has no "
	         "name in column %s, and row %zu has data there: whether it is a merged cell's "
	         "column name or a title row's words cannot be told; name column %s in the "
	         "header, or map it with --map '#%s=field', or skip it with --map '#%s=-'",
	         above, col, h->heading[c], head, col, data_row, col, col, col);
	return bm_error_set_msg(BM_EINVALID, "import_header", NULL, zh, en);
}

/* A column of the mapping the header never used: refused, never ignored. */
static int map_unused(bm_arena *a, const header_ctx *x)
{
	for (size_t i = 0; i < x->n_map; i++)
		if (!x->m[i].used) {
			if (x->m[i].heading)
				return bm_error_set(BM_EINVALID, "import_map", NULL,
				                    "映射中的列 '%.60s' 不在表头中",
				                    "no column '%.60s' in the header",
				                    x->m[i].heading);
			return bm_error_set(BM_EINVALID, "import_map", NULL,
			                    "映射中的列 #%s 在文件中没有内容",
			                    "column #%s of the mapping holds nothing in the file",
			                    bm_import_col_name(a, (size_t)x->m[i].col));
		}
	return 0;
}

int bm_import_header_find(bm_arena *a, const bm_import_sheet *sheet, const bm_import_schema *schema,
                          const char *map, bm_import_header *out)
{
	header_ctx x = {a, schema, NULL, 0};
	size_t h, n_cols = 0;
	bm_import_line *top, *second = NULL;
	bool group = false, *unsure;
	int rc;

	memset(out, 0, sizeof(*out));
	out->schema = schema;
	if ((rc = parse_map(a, schema, map, &x.m, &x.n_map)) != 0)
		return rc;
	for (h = 0; h < sheet->n_rows && h < 10; h++)
		if (known_in(&x, &sheet->rows[h]) >= 2)
			break;
	if (h == sheet->n_rows || h == 10)
		return bm_error_set(BM_EINVALID, "import_header", NULL,
		                    "前 10 行中没有表头（至少两列应为已知列名，如 %s、%s；"
		                    "其他列名用 --map 指定）",
		                    "no header in the first 10 rows (at least two known column "
		                    "names such as %s, %s; name others with --map)",
		                    schema->fields[1].zh, schema->fields[2].zh);
	top = &sheet->rows[h];
	out->first_row = out->last_row = h;
	if (h > 0 && group_above(a, &sheet->rows[h - 1])) {
		/* A group header above (收文 over 日期 and 机关): the header's first line. */
		second = top;
		top = &sheet->rows[h - 1];
		out->first_row = h - 1;
		group = true;
	} else if (h + 1 < sheet->n_rows && known_in(&x, &sheet->rows[h + 1]) >= 1) {
		/* A second header line: known names right below (under a merged cell). */
		second = &sheet->rows[h + 1];
		out->last_row = h + 1;
	}
	/* Every column any row fills, so that data under no heading is seen. */
	for (size_t i = out->first_row; i < sheet->n_rows; i++)
		if (sheet->rows[i].n > n_cols)
			n_cols = sheet->rows[i].n;
	out->n_cols = n_cols;
	if (!(out->field = bm_arena_alloc(a, (n_cols + 1) * sizeof(*out->field))) ||
	    !(out->heading = bm_arena_alloc(a, (n_cols + 1) * sizeof(*out->heading))) ||
	    !(unsure = bm_arena_alloc(a, (n_cols + 1) * sizeof(*unsure))))
		return bm_error_nomem();
	for (size_t c = 0; c < n_cols; c++) {
		const char *t = bm_import_trim(a, bm_import_cell_text(top, c));
		int f = field_of(&x, t), f2 = -1, fc = field_of_col(&x, c);
		if (second) {
			const char *t2 = bm_import_trim(a, bm_import_cell_text(second, c));
			f2 = field_of(&x, t2);
			/* Named above the header only, by no known name: unsure (above_only). */
			unsure[c] = group && !*t2 && *t && f < 0;
			if (*t2 && strcmp(t2, t) != 0)
				t = *t ? bm_arena_printf(a, "%s › %s", t, t2) : t2;
		} else {
			unsure[c] = false;
		}
		out->field[c] = fc != -2 ? fc : f2 >= 0 ? f2 : f;
		out->heading[c] = t;
	}
	if ((rc = map_unused(a, &x)) != 0)
		return rc;
	for (size_t c = 0; c < n_cols; c++)
		for (size_t d = c + 1; d < n_cols; d++)
			if (out->field[c] >= 0 && out->field[c] == out->field[d] &&
			    !joinable(schema, out->field[c]))
				return two_columns(a, out, c, d);
	/* Data under no heading (and not mapped by its letter) is refused, never dropped. */
	for (size_t c = 0; c < n_cols; c++) {
		if ((*out->heading[c] && !unsure[c]) || out->field[c] >= 0 ||
		    field_of_col(&x, c) != -2)
			continue;
		for (size_t i = out->last_row + 1; i < sheet->n_rows; i++)
			if (!blank_text(a, bm_import_cell_text(&sheet->rows[i], c)))
				return unsure[c]
				               ? above_only(a, sheet, out, c, sheet->rows[i].line)
				               : no_heading(a, sheet, out, c, sheet->rows[i].line);
	}
	return 0;
}

int bm_import_merge_check(bm_arena *a, const bm_import_sheet *sheet, const bm_import_header *h,
                          size_t line)
{
	size_t header_last = sheet->rows[h->last_row].line;
	for (size_t k = 0; k < sheet->n_merges; k++) {
		const bm_import_merge *m = &sheet->merges[k];
		int f0;
		if (line < m->row0 || line > m->row1 || m->row1 <= header_last ||
		    m->col1 == m->col0)
			continue;
		f0 = m->col0 < h->n_cols ? h->field[m->col0] : -1;
		for (size_t c = m->col0 + 1; c <= m->col1 && c < h->n_cols; c++) {
			int f = h->field[c];
			if (f > BM_IMPORT_IGNORE && f != f0) {
				const char *c0 = bm_import_col_name(a, m->col0);
				const char *c1 = bm_import_col_name(a, m->col1);
				return bm_error_set(BM_EINVALID, "import_merged", NULL,
				                    "第 %zu 行 %s–%s "
				                    "列是一个合并单元格，跨了「%s」和「%s」两列，"
				                    "无法判断内容属于哪一列；请取消合并并分别填写",
				                    "row %zu: columns %s-%s are one merged cell "
				                    "across '%s' and "
				                    "'%s'; which column it belongs to cannot be "
				                    "told: unmerge it "
				                    "and fill each",
				                    line, c0, c1, h->heading[m->col0],
				                    h->heading[c]);
			}
		}
	}
	return 0;
}

const char *bm_import_row_text(bm_arena *a, const bm_import_header *h, const bm_import_line *r)
{
	size_t n = h->n_cols > r->n ? h->n_cols : r->n, len = 0;
	char *out, *o;
	for (size_t c = 0; c < n; c++)
		len += strlen(bm_import_cell_text(r, c)) + 1;
	if (!(out = o = bm_arena_alloc(a, len + 1)))
		return NULL;
	for (size_t c = 0; c < n; c++) {
		const char *t = bm_import_cell_text(r, c);
		size_t l = strlen(t);
		if (c)
			*o++ = '\x1f';
		memcpy(o, t, l);
		o += l;
	}
	*o = '\0';
	return out;
}

/* ---- people and devices ------------------------------------------------ */

/* `t` is one of `words` (NULL-terminated). */
static bool one_of(const char *t, const char *const *words)
{
	for (size_t i = 0; words[i]; i++)
		if (strcmp(t, words[i]) == 0)
			return true;
	return false;
}

const char *bm_import_person_class(bm_arena *a, const char *text)
{
	static const char *const core[] = {"核心", "核心涉密人员", "核心涉密", "core", NULL};
	static const char *const important[] = {"重要", "重要涉密人员", "重要涉密", "important",
	                                        NULL};
	static const char *const general[] = {"一般", "一般涉密人员", "一般涉密", "general", NULL};
	const char *t = heading_key(a, text);
	if (!t)
		return NULL;
	if (one_of(t, core))
		return "core";
	if (one_of(t, important))
		return "important";
	if (one_of(t, general))
		return "general";
	return bm_import_trim(a, text);
}

int bm_import_vetting(bm_arena *a, const char *text, const char **out)
{
	static const char *const pass[] = {"通过", "合格", "审查通过", "已通过",
	                                   "同意", "pass", NULL};
	static const char *const fail[] = {"不通过",     "不合格", "未通过",
	                                   "审查不通过", "fail",   NULL};
	const char *t = heading_key(a, text);
	*out = NULL;
	if (!t)
		return bm_error_nomem();
	if (one_of(t, pass))
		*out = "pass";
	else if (one_of(t, fail))
		*out = "fail";
	else
		return bm_error_set(BM_EINVALID, "import_vetting", NULL,
		                    "审查结论 '%.40s' 无法判断（应为 通过 或 不通过）",
		                    "the vetting result '%.40s' cannot be read (pass or fail)", t);
	return 0;
}

int bm_import_device_kind(bm_arena *a, const char *text, const char **out)
{
	static const struct {
		const char *word, *code;
	} kinds[] = {
	        {"台式机", "computer"},
	        {"台式计算机", "computer"},
	        {"台式电脑", "computer"},
	        {"计算机", "computer"},
	        {"涉密计算机", "computer"},
	        {"涉密台式机", "computer"},
	        {"笔记本", "laptop"},
	        {"笔记本电脑", "laptop"},
	        {"笔记本计算机", "laptop"},
	        {"便携式计算机", "laptop"},
	        {"涉密便携式计算机", "laptop"},
	        {"涉密笔记本", "laptop"},
	        {"U盘", "usb"},
	        {"u盘", "usb"},
	        {"优盘", "usb"},
	        {"涉密U盘", "usb"},
	        {"移动硬盘", "removable_disk"},
	        {"移动存储介质", NULL}, /* U盘 or 移动硬盘: two kinds */
	        {"存储介质", NULL},
	        {"光盘", "optical_disc"},
	        {"打印机", "printer"},
	        {"复印机", "copier"},
	        {"传真机", "fax"},
	        {"碎纸机", "shredder"},
	        {"一体机", NULL}, /* printer and copier */
	        {"多功能一体机", NULL},
	};
	const char *t = heading_key(a, text);
	*out = NULL;
	if (!t)
		return bm_error_nomem();
	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (strcmp(t, kinds[i].word) == 0) {
			if (!kinds[i].code)
				return bm_error_set(
				        BM_EINVALID, "import_device_kind", NULL,
				        "类型 '%.40s' 可指几类设备，无法判断（请写明：涉密计算机、"
				        "便携式计算机、U盘、移动硬盘、光盘、打印机、复印机、传真机"
				        "、"
				        "碎纸机）",
				        "the kind '%.40s' names more than one kind of device "
				        "(write "
				        "one: computer, laptop, usb, removable_disk, optical_disc, "
				        "printer, copier, fax, shredder)",
				        t);
			*out = kinds[i].code;
			return 0;
		}
	*out = bm_import_trim(a, text); /* the register's own check (DEV-1) says what is wrong */
	return *out ? 0 : bm_error_nomem();
}

int bm_import_yes_no(bm_arena *a, const char *text, bool *out)
{
	static const char *const yes[] = {"是", "有", "已加密", "加密", "yes", "y", "1", "√", NULL};
	static const char *const no[] = {"否", "无", "未加密", "不加密", "no", "n", "0", "×", NULL};
	const char *t = heading_key(a, text);
	if (!t)
		return bm_error_nomem();
	if (one_of(t, yes)) {
		*out = true;
		return 0;
	}
	if (one_of(t, no)) {
		*out = false;
		return 0;
	}
	return bm_error_set(BM_EINVALID, "import_yes_no", NULL, "'%.40s' 应为 是 或 否",
	                    "'%.40s' must be yes or no", t);
}
