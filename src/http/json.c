/*
 * json.c — the request codec: bodies with size and depth caps, strict field
 * lists (unknown fields and wrong types are refused, not ignored), strict
 * query strings; and client text made safe for a log line.
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
