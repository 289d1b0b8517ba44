/*
 * json.c — the request codec: bodies with size and depth caps, strict field
 * lists (unknown fields and wrong types are refused, not ignored), strict
 * query strings; client text made safe for a log line; and the answers'
 * JSON text.
 */
#include "common.h"

#include "http/mhd.h"
#include <stdio.h>
#include <stdlib.h>

#include "http/http_int.h"
#include "service/list_sheet.h"
#include "util/buf.h"
#include "util/utf8.h"

bool bm_http_json_depth_ok(const char *text, size_t len, int max_depth)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = text[i];
		if (in_string) {
			if (c == '\\')
				i++; /* skip the escaped character */
			else if (c == '"')
				in_string = false;
			continue;
		}
		if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > max_depth)
				return false;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return true;
}

int bm_http_json_depth(const json_t *v)
{
	int deepest = 0;
	if (json_is_object(v)) {
		const char *key;
		json_t *child;
		json_object_foreach((json_t *)v, key, child)
		{
			int d = bm_http_json_depth(child);
			if (d > deepest)
				deepest = d;
		}
		return deepest + 1;
	}
	if (json_is_array(v)) {
		size_t i;
		json_t *child;
		json_array_foreach(v, i, child)
		{
			int d = bm_http_json_depth(child);
			if (d > deepest)
				deepest = d;
		}
		return deepest + 1;
	}
	return 0;
}

int bm_http_parse_body(const char *text, size_t len, size_t max, json_t **out)
{
	json_error_t jerr;
	json_t *v;

	if (len > max)
		return bm_error_set(BM_ETOOLARGE, "body_too_large", NULL, "请求体超过 %zu 字节",
		                    "the request body is larger than %zu bytes", max);
	/* Before parsing: deep nesting is refused without recursing into it. */
	if (!bm_http_json_depth_ok(text, len, BM_HTTP_MAX_DEPTH))
		return bm_error_set(BM_EINVALID, "too_deep", NULL, "JSON 嵌套超过 %d 层",
		                    "the JSON nests deeper than %d levels", BM_HTTP_MAX_DEPTH);
	v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!v)
		return bm_error_set(BM_EINVALID, "malformed_json", NULL,
		                    "请求体不是有效的 JSON（第 %d 行第 %d 列）",
		                    "the request body is not valid JSON (line %d, column %d)",
		                    jerr.line, jerr.column);
	if (!json_is_object(v)) {
		json_decref(v);
		return bm_error_set(BM_EINVALID, "body_not_object", NULL, "请求体应为 JSON 对象",
		                    "the request body must be a JSON object");
	}
	/* After parsing too: the limit holds whatever the scanner thought. */
	if (bm_http_json_depth(v) > BM_HTTP_MAX_DEPTH) {
		json_decref(v);
		return bm_error_set(BM_EINVALID, "too_deep", NULL, "JSON 嵌套超过 %d 层",
		                    "the JSON nests deeper than %d levels", BM_HTTP_MAX_DEPTH);
	}
	*out = v;
	return 0;
}

static int wrong_type(const char *name, const char *want_zh, const char *want_en)
{
	char zh[160], en[160];
	snprintf(zh, sizeof(zh), "字段 '%.64s' 应为%s", name, want_zh);
	snprintf(en, sizeof(en), "field '%.64s' must be %s", name, want_en);
	return bm_error_set_msg(BM_EINVALID, "wrong_type", NULL, zh, en);
}

/* A text longer than `max` characters (UTF-8, as jansson keeps it). */
static bool longer_than(const char *text, size_t max)
{
	return strlen(text) > max && bm_utf8_length(text) > max;
}

static int too_long(const char *name, size_t max)
{
	return bm_error_set(BM_EINVALID, "too_long", NULL, "字段 '%.64s' 超过 %zu 个字符",
	                    "field '%.64s' is longer than %zu characters", name, max);
}

/* Convert one present, non-null value to its output. */
static int read_field(bm_http_req *r, const bm_http_field *f, json_t *v)
{
	const char **text = f->out;
	switch (f->type) {
	case BM_F_STRING:
	case BM_F_DOCUMENT:
		if (!json_is_string(v))
			return wrong_type(f->name, "字符串", "a string");
		if (f->type == BM_F_STRING && longer_than(json_string_value(v), BM_HTTP_MAX_TEXT))
			return too_long(f->name, BM_HTTP_MAX_TEXT);
		*text = json_string_value(v);
		return 0;
	case BM_F_INT_TEXT:
		if (!json_is_integer(v))
			return wrong_type(f->name, "整数", "an integer");
		*text = bm_arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
		return *text ? 0 : bm_error_nomem();
	case BM_F_REF:
		if (json_is_string(v)) {
			if (longer_than(json_string_value(v), BM_HTTP_MAX_TEXT))
				return too_long(f->name, BM_HTTP_MAX_TEXT);
			*text = json_string_value(v);
			return 0;
		}
		if (!json_is_integer(v) || json_integer_value(v) <= 0)
			return wrong_type(f->name, "字符串或正整数编号",
			                  "a string or a positive integer id");
		*text = bm_arena_printf(r->arena, "%lld", (long long)json_integer_value(v));
		return *text ? 0 : bm_error_nomem();
	case BM_F_LIST: {
		bm_buf b;
		size_t i;
		json_t *item;
		if (!json_is_array(v))
			return wrong_type(f->name, "字符串数组", "an array of strings");
		bm_buf_init(&b, 64 * 1024);
		json_array_foreach(v, i, item)
		{
			if (!json_is_string(item)) {
				bm_buf_release(&b);
				return wrong_type(f->name, "字符串数组", "an array of strings");
			}
			if (longer_than(json_string_value(item), BM_HTTP_MAX_TEXT)) {
				bm_buf_release(&b);
				return too_long(f->name, BM_HTTP_MAX_TEXT);
			}
			if ((i && bm_buf_putc(&b, ',') != 0) ||
			    bm_buf_puts(&b, json_string_value(item)) != 0) {
				bm_buf_release(&b);
				return bm_error_set(BM_ETOOLARGE, "too_large", NULL,
				                    "字段 '%s' 过长", "field '%s' is too long",
				                    f->name);
			}
		}
		*text = bm_arena_strdup(r->arena, b.ptr ? b.ptr : "");
		bm_buf_release(&b);
		return *text ? 0 : bm_error_nomem();
	}
	case BM_F_BOOL:
		if (!json_is_boolean(v))
			return wrong_type(f->name, "true 或 false", "true or false");
		*(bool *)f->out = json_is_true(v);
		return 0;
	}
	return bm_error_set(BM_ERROR, "field_type", NULL, "字段类型未知", "unknown field type");
}

int bm_http_fields(bm_http_req *r, const bm_http_field *fields, size_t n)
{
	const char *key;
	json_t *v;
	int rc;

	for (size_t i = 0; i < n; i++) {
		if (fields[i].type == BM_F_BOOL)
			*(bool *)fields[i].out = false;
		else
			*(const char **)fields[i].out = NULL;
	}
	if (r->body) {
		json_object_foreach(r->body, key, v)
		{
			size_t i;
			for (i = 0; i < n; i++)
				if (strcmp(fields[i].name, key) == 0)
					break;
			if (i == n)
				return bm_error_set(BM_EINVALID, "unknown_field", NULL,
				                    "未知字段 '%s'", "unknown field '%s'", key);
			if (json_is_null(v))
				continue;
			if ((rc = read_field(r, &fields[i], v)) != 0)
				return rc;
		}
	}
	for (size_t i = 0; i < n; i++) {
		bool present = r->body && json_object_get(r->body, fields[i].name) &&
		               !json_is_null(json_object_get(r->body, fields[i].name));
		if (fields[i].required && !present)
			return bm_error_set(BM_EINVALID, "required", NULL, "缺少字段 '%s'",
			                    "field '%s' is required", fields[i].name);
	}
	return 0;
}

typedef struct query_check {
	const char *const *names;
	size_t n;
	const char *bad_key;
	bool bad_utf8;
	bool too_long;
} query_check;

static bm_mhd_result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
	query_check *q = cls;
	size_t i;
	BM_UNUSED(kind);
	for (i = 0; i < q->n; i++)
		if (strcmp(q->names[i], key) == 0)
			break;
	if (i == q->n) {
		q->bad_key = key;
		return MHD_NO;
	}
	if (value && !bm_utf8_valid(value, strlen(value))) {
		q->bad_key = key;
		q->bad_utf8 = true;
		return MHD_NO;
	}
	if (value && longer_than(value, BM_HTTP_MAX_VALUE)) {
		q->bad_key = key;
		q->too_long = true;
		return MHD_NO;
	}
	return MHD_YES;
}

int bm_http_query(bm_http_req *r, const char *const *names, size_t n, const char **values)
{
	query_check q = {.names = names, .n = n};
	for (size_t i = 0; i < n; i++)
		values[i] = NULL;
	if (!r->conn)
		return 0;
	MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, check_arg, &q);
	if (q.bad_key && q.bad_utf8)
		return bm_error_set(BM_EINVALID, "invalid_utf8", NULL, "参数 '%s' 不是有效的 UTF-8",
		                    "parameter '%s' is not valid UTF-8", q.bad_key);
	if (q.bad_key && q.too_long)
		return bm_error_set(BM_EINVALID, "too_long", NULL, "参数 '%.64s' 超过 %d 个字符",
		                    "parameter '%.64s' is longer than %d characters", q.bad_key,
		                    BM_HTTP_MAX_VALUE);
	if (q.bad_key)
		return bm_error_set(BM_EINVALID, "unknown_parameter", NULL, "未知参数 '%s'",
		                    "unknown parameter '%s'", q.bad_key);
	for (size_t i = 0; i < n; i++) {
		values[i] = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, names[i]);
		if (values[i] && !(values[i] = bm_arena_strdup(r->arena, values[i])))
			return bm_error_nomem();
	}
	return 0;
}

const char *bm_http_log_text(char *out, size_t cap, const char *s)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	if (!cap)
		return out;
	for (; s && *s; s++) {
		unsigned char b = (unsigned char)*s;
		bool esc = b < 0x20 || b == 0x7f || b == '\\';
		if (o + (esc ? 4 : 1) + 4 > cap) { /* room for this, "..." and the NUL */
			memcpy(out + o, "...", 3);
			o += 3;
			break;
		}
		if (esc) {
			out[o++] = '\\';
			out[o++] = 'x';
			out[o++] = hex[b >> 4];
			out[o++] = hex[b & 15];
		} else {
			out[o++] = (char)b;
		}
	}
	out[o] = '\0';
	return out;
}

int bm_http_attachment(bm_http_req *r, bm_buf *b, bm_sheet_format format, const char *name)
{
	bool xlsx = format == BM_SHEET_XLSX;
	r->raw_len = b->len;
	if (!(r->raw = bm_buf_detach(b)))
		return bm_error_nomem();
	r->raw_type = xlsx ? BM_XLSX_CONTENT_TYPE : "text/csv; charset=utf-8";
	r->content_disposition = bm_arena_printf(r->arena, "attachment; filename=\"%s.%s\"", name,
	                                         xlsx ? "xlsx" : "csv");
	return r->content_disposition ? 0 : bm_error_nomem();
}

int bm_http_sheet_format(const char *v, bool *json, bm_sheet_format *out)
{
	*json = false;
	*out = BM_SHEET_CSV;
	if (!v || !*v || strcmp(v, "json") == 0) {
		*json = true;
		return 0;
	}
	if (bm_sheet_format_parse(v, out))
		return 0;
	return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
	                    "参数 format 的值无效：'%s'（json、csv、xlsx）",
	                    "invalid value for parameter format: '%s' (json, csv, xlsx)", v);
}

int bm_http_list_sheet(bm_http_req *r, json_t *arr, bm_sheet_format format, const char *which,
                       const char *range)
{
	bm_buf b;
	int rc;
	const char *name = bm_arena_printf(r->arena, "baomi-%s", which);
	bm_buf_init(&b, 64u << 20);
	rc = name ? bm_svc_list_sheet(r->ctx, which, range, arr, format, &b) : bm_error_nomem();
	json_decref(arr);
	if (rc == 0)
		rc = bm_http_attachment(r, &b, format, name);
	bm_buf_release(&b);
	return rc;
}

/* ---- answers: the compact text of a JSON value ------------------------------- */

/* A bound on the recursion (answers nest a few levels; a cycle ends here, NULL). */
#define DUMP_MAX_DEPTH 2048
/* A real number: jansson's own formatting is used (dump_value's caller falls back). */
#define DUMP_REAL 1

/* The text being written: malloc'd, grown by doubling, NUL-terminated at the end. */
typedef struct dump_out {
	char *ptr;
	size_t len, cap;
} dump_out;

static int out_grow(dump_out *o, size_t extra)
{
	size_t cap = o->cap ? o->cap : 1024;
	char *p;
	if (extra > SIZE_MAX / 4 - o->len)
		return -1;
	while (cap - o->len < extra + 1)
		cap *= 2;
	if (!(p = bm_realloc(o->ptr, cap)))
		return -1;
	o->ptr = p;
	o->cap = cap;
	return 0;
}

static int out_put(dump_out *o, const void *data, size_t n)
{
	if (o->cap - o->len < n + 1 && out_grow(o, n))
		return -1;
	if (n)
		memcpy(o->ptr + o->len, data, n);
	o->len += n;
	return 0;
}

static int out_putc(dump_out *o, char c)
{
	if (o->cap - o->len < 2 && out_grow(o, 1))
		return -1;
	o->ptr[o->len++] = c;
	return 0;
}

/* A string as jansson writes it without JSON_ENSURE_ASCII or JSON_ESCAPE_SLASH. */
static int dump_string(dump_out *b, const char *s, size_t len)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t run = 0;
	bool high = false;

	if (out_putc(b, '"'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		char esc[6] = {'\\', 0, 0, 0, 0, 0};
		size_t n = 2;
		if (c >= 0x80) {
			high = true;
			continue;
		}
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		if (out_put(b, s + run, i - run))
			return -1;
		run = i + 1;
		switch (c) {
		case '"': esc[1] = '"'; break;
		case '\\': esc[1] = '\\'; break;
		case '\b': esc[1] = 'b'; break;
		case '\f': esc[1] = 'f'; break;
		case '\n': esc[1] = 'n'; break;
		case '\r': esc[1] = 'r'; break;
		case '\t': esc[1] = 't'; break;
		default:
			memcpy(esc + 1, "u00", 3);
			esc[4] = hex[c >> 4];
			esc[5] = hex[c & 0xf];
			n = 6;
		}
		if (out_put(b, esc, n))
			return -1;
	}
	/* jansson refuses to write text that is not UTF-8; so does this. */
	if (high && !bm_utf8_valid(s, len))
		return -1;
	if (out_put(b, s + run, len - run))
		return -1;
	return out_putc(b, '"') ? -1 : 0;
}

static int dump_integer(dump_out *b, json_int_t v)
{
	char digits[24];
	size_t at = sizeof(digits);
	unsigned long long u = v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	do {
		digits[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (v < 0)
		digits[--at] = '-';
	return out_put(b, digits + at, sizeof(digits) - at) ? -1 : 0;
}

/*
 * A raw node (bm_http_json_stored): an object whose only key is RAW_KEY and
 * whose value is the stored text. The key begins with a NUL byte, which no
 * parsed key can hold (jansson refuses a NUL in a key whatever the flags),
 * so no request or stored text can make one; only json_object_setn can.
 */
static const char raw_key[] = "\0baomi:stored-json";
#define RAW_KEY_LEN (sizeof(raw_key) - 1)

/* The stored text `v` stands for, or NULL when `v` is not a raw node. */
static const json_t *raw_text(const json_t *v)
{
	void *it;
	if (!json_is_object(v) || json_object_size(v) != 1)
		return NULL;
	it = json_object_iter((json_t *)v);
	if (json_object_iter_key_len(it) != RAW_KEY_LEN ||
	    memcmp(json_object_iter_key(it), raw_key, RAW_KEY_LEN) != 0)
		return NULL;
	return json_object_iter_value(it);
}

/* 0, -1 (out of memory, invalid UTF-8, too deep) or DUMP_REAL. */
static int dump_value(dump_out *b, const json_t *v, int depth)
{
	int rc;
	if (depth > DUMP_MAX_DEPTH)
		return -1;
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		bool first = true;
		const json_t *raw = raw_text(v);
		if (raw) /* canonical already: its bytes are what the value writes */
			return out_put(b, json_string_value(raw), json_string_length(raw)) ? -1 : 0;
		void *it = json_object_iter((json_t *)v);
		if (out_putc(b, '{'))
			return -1;
		for (; it; it = json_object_iter_next((json_t *)v, it)) {
			if (!first && out_putc(b, ','))
				return -1;
			first = false;
			if (dump_string(b, json_object_iter_key(it),
			                json_object_iter_key_len(it)) ||
			    out_putc(b, ':'))
				return -1;
			if ((rc = dump_value(b, json_object_iter_value(it), depth + 1)) != 0)
				return rc;
		}
		return out_putc(b, '}') ? -1 : 0;
	}
	case JSON_ARRAY: {
		size_t n = json_array_size(v);
		if (out_putc(b, '['))
			return -1;
		for (size_t i = 0; i < n; i++) {
			if (i && out_putc(b, ','))
				return -1;
			if ((rc = dump_value(b, json_array_get(v, i), depth + 1)) != 0)
				return rc;
		}
		return out_putc(b, ']') ? -1 : 0;
	}
	case JSON_STRING: return dump_string(b, json_string_value(v), json_string_length(v));
	case JSON_INTEGER: return dump_integer(b, json_integer_value(v));
	case JSON_TRUE: return out_put(b, "true", 4) ? -1 : 0;
	case JSON_FALSE: return out_put(b, "false", 5) ? -1 : 0;
	case JSON_NULL: return out_put(b, "null", 4) ? -1 : 0;
	case JSON_REAL: return DUMP_REAL;
	}
	return -1;
}

/*
 * The canonical subset of JSON (below): the texts that json_loads(text, 0)
 * reads and json_dumps(JSON_COMPACT) writes back byte for byte. Each scan_*
 * returns the end of what it read, or NULL when the text leaves the subset.
 */
#define CANON_MAX_DEPTH 32
#define CANON_MAX_KEYS  64

static const char *scan_value(const char *s, int depth);

/*
 * A string: no raw control character (invalid JSON), only the escapes the
 * writer itself uses — the short ones, and \u00XX in upper-case hex for
 * another control character but NUL (which json_loads refuses) — so that
 * each string has exactly one spelling; and valid UTF-8.
 */
static const char *scan_string(const char *s)
{
	const char *start = ++s;
	bool high = false;
	for (;; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"')
			break;
		if (c < 0x20)
			return NULL; /* a raw control character, or the text's end */
		if (c >= 0x80) {
			high = true;
		} else if (c == '\\') {
			static const char hex[] = "0123456789ABCDEF";
			const char *d;
			int v;
			c = (unsigned char)*++s;
			if (c == '"' || c == '\\' || c == 'b' || c == 'f' || c == 'n' || c == 'r' ||
			    c == 't')
				continue;
			if (c != 'u' || s[1] != '0' || s[2] != '0' ||
			    (s[3] != '0' && s[3] != '1') || !s[4] || !(d = strchr(hex, s[4])))
				return NULL;
			v = (s[3] - '0') * 16 + (int)(d - hex);
			if (v == 0 || v == '\b' || v == '\f' || v == '\n' || v == '\r' || v == '\t')
				return NULL;
			s += 4;
		}
	}
	if (high && !bm_utf8_valid(start, (size_t)(s - start)))
		return NULL;
	return s + 1;
}

/* An integer json_loads keeps as it is: no "-0", no fraction or exponent, within int64. */
static const char *scan_integer(const char *s)
{
	const char *digits = *s == '-' ? s + 1 : s;
	const char *e = digits;
	while (*e >= '0' && *e <= '9')
		e++;
	if (e == digits || e - digits > 18 || (*digits == '0' && (e - digits > 1 || digits != s)))
		return NULL;
	if (*e == '.' || *e == 'e' || *e == 'E')
		return NULL; /* a real: jansson rewrites its digits */
	return e;
}

/* An object: keys once each (json_loads keeps the last of a repeated key). */
static const char *scan_object(const char *s, int depth)
{
	const char *keys[CANON_MAX_KEYS];
	size_t lens[CANON_MAX_KEYS];
	int n = 0;
	if (*++s == '}')
		return s + 1;
	for (;;) {
		const char *key = s, *end;
		if (*s != '"' || !(end = scan_string(s)) || *end != ':' || n == CANON_MAX_KEYS)
			return NULL;
		for (int i = 0; i < n; i++) /* one spelling per key: equal bytes, equal keys */
			if (lens[i] == (size_t)(end - key) && memcmp(keys[i], key, lens[i]) == 0)
				return NULL;
		keys[n] = key;
		lens[n++] = (size_t)(end - key);
		if (!(s = scan_value(end + 1, depth)))
			return NULL;
		if (*s == '}')
			return s + 1;
		if (*s++ != ',')
			return NULL;
	}
}

static const char *scan_value(const char *s, int depth)
{
	if (depth > CANON_MAX_DEPTH)
		return NULL;
	switch (*s) {
	case '{': return scan_object(s, depth + 1);
	case '[':
		if (*++s == ']')
			return s + 1;
		for (;;) {
			if (!(s = scan_value(s, depth + 1)))
				return NULL;
			if (*s == ']')
				return s + 1;
			if (*s++ != ',')
				return NULL;
		}
	case '"': return scan_string(s);
	case 't': return strncmp(s, "true", 4) == 0 ? s + 4 : NULL;
	case 'f': return strncmp(s, "false", 5) == 0 ? s + 5 : NULL;
	case 'n': return strncmp(s, "null", 4) == 0 ? s + 4 : NULL;
	default: return (*s == '-' || (*s >= '0' && *s <= '9')) ? scan_integer(s) : NULL;
	}
}

bool bm_http_json_canonical(const char *text)
{
	const char *end;
	if (!text || *text != '{')
		return false;
	end = scan_value(text, 0);
	return end && *end == '\0';
}

json_t *bm_http_json_stored(const char *text)
{
	json_t *v, *raw;
	if (!bm_http_json_canonical(text)) {
		v = text ? json_loads(text, 0, NULL) : NULL;
		return v ? v : json_object();
	}
	/* bm_http_json_canonical checked the text's UTF-8 */
	if (!(raw = json_stringn_nocheck(text, strlen(text))))
		return NULL;
	v = json_object();
	if (!v || json_object_setn_new_nocheck(v, raw_key, RAW_KEY_LEN, raw) != 0) {
		json_decref(v);
		return NULL;
	}
	return v;
}

/*
 * A copy of `v` with every raw node replaced by the value its text stands
 * for, for jansson's writer (scalars are shared): a new reference, or NULL
 * (out of memory).
 */
static json_t *expand_raw(const json_t *v, int depth)
{
	const json_t *text = raw_text(v);
	json_t *out;
	if (text)
		return json_loads(json_string_value(text), 0, NULL);
	if (depth > DUMP_MAX_DEPTH)
		return NULL;
	if (json_is_object(v)) {
		out = json_object();
		for (void *it = json_object_iter((json_t *)v); out && it;
		     it = json_object_iter_next((json_t *)v, it)) {
			json_t *sub = expand_raw(json_object_iter_value(it), depth + 1);
			if (!sub ||
			    json_object_setn_new_nocheck(out, json_object_iter_key(it),
			                                 json_object_iter_key_len(it), sub)) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		for (size_t i = 0; out && i < json_array_size(v); i++) {
			json_t *sub = expand_raw(json_array_get(v, i), depth + 1);
			if (!sub || json_array_append_new(out, sub)) {
				json_decref(out);
				return NULL;
			}
		}
		return out;
	}
	return json_incref((json_t *)v);
}

char *bm_http_json_text(const json_t *v, size_t *len)
{
	dump_out o = {NULL, 0, 0};
	char *text;
	int rc;

	*len = 0;
	if (!json_is_object(v) && !json_is_array(v))
		goto jansson; /* jansson's answer (NULL without JSON_ENCODE_ANY) */
	rc = dump_value(&o, v, 1);
	if (rc == 0 && out_putc(&o, '\0') == 0) {
		*len = o.len - 1;
		return o.ptr;
	}
	bm_free(o.ptr);
	if (rc != DUMP_REAL)
		return NULL;
jansson : {
	json_t *plain = expand_raw(v, 1);
	text = plain ? json_dumps(plain, JSON_COMPACT) : NULL;
	json_decref(plain);
	if (text)
		*len = strlen(text);
	return text;
}
}
