/*
 * test_http.c — src/http without a socket: the JSON codec's size and depth
 * limits, strict field reading, the router's matching, and the route table
 * itself.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common.h"
#include "http/http_int.h"

/* ---- JSON limits ---------------------------------------------------------------- */

/* `depth` nested objects around a 1: {"a":{"a":…1…}} */
static char *nested(int depth, char open, char close)
{
	size_t n = (size_t)depth * 6 + 8;
	char *s = bm_malloc(n), *p = s;
	for (int i = 0; i < depth; i++) {
		*p++ = open;
		if (open == '{') {
			memcpy(p, "\"a\":", 4);
			p += 4;
		}
	}
	*p++ = '1';
	for (int i = 0; i < depth; i++)
		*p++ = close;
	*p = '\0';
	return s;
}

static void json_depth_16_is_accepted_17_refused(void **state)
{
	json_t *v = NULL;
	char *ok = nested(BM_HTTP_MAX_DEPTH, '{', '}');
	char *deep = nested(BM_HTTP_MAX_DEPTH + 1, '{', '}');
	(void)state;
	assert_int_equal(bm_http_parse_body(ok, strlen(ok), BM_HTTP_MAX_BODY, &v), 0);
	assert_int_equal(bm_http_json_depth(v), BM_HTTP_MAX_DEPTH);
	json_decref(v);
	assert_int_equal(bm_http_parse_body(deep, strlen(deep), BM_HTTP_MAX_BODY, &v), BM_EINVALID);
	assert_string_equal(bm_error_last()->code, "too_deep");
	bm_free(ok);
	bm_free(deep);
}

static void json_depth_scan_is_not_fooled_by_strings(void **state)
{
	const char *s = "{\"a\":\"[[[[[[[[[[[[[[[[[[[[[[[[[[\\\"{{{{{{{{{{{{{{{{{{{{{{{{\"}";
	char *arrays = nested(5000, '[', ']');
	(void)state;
	assert_true(bm_http_json_depth_ok(s, strlen(s), 2));
	assert_false(bm_http_json_depth_ok("[[[", 3, 2));
	assert_true(bm_http_json_depth_ok("[[]]", 4, 2));
	/* Refused by the scan before jansson recurses into it. */
	assert_false(bm_http_json_depth_ok(arrays, strlen(arrays), BM_HTTP_MAX_DEPTH));
	bm_free(arrays);
}

static void json_depth_counts_arrays_and_objects(void **state)
{
	json_t *v = json_loads("{\"a\":[1,{\"b\":[[2]]}],\"c\":3}", 0, NULL);
	(void)state;
	assert_non_null(v);
	assert_int_equal(bm_http_json_depth(v), 5);
	json_decref(v);
	v = json_integer(3);
	assert_int_equal(bm_http_json_depth(v), 0);
	json_decref(v);
}

static void json_body_size_cap(void **state)
{
	json_t *v = NULL;
	const char *body = "{\"username\":\"clerk\"}";
	(void)state;
	assert_int_equal(bm_http_parse_body(body, strlen(body), strlen(body) - 1, &v),
	                 BM_ETOOLARGE);
	assert_string_equal(bm_error_last()->code, "body_too_large");
	assert_null(v);
	assert_int_equal(bm_http_parse_body(body, strlen(body), strlen(body), &v), 0);
	json_decref(v);
}

static void json_body_must_be_one_object_without_duplicates(void **state)
{
	static const char *const bad[] = {
	        "",
	        "[]",
	        "1",
	        "\"x\"",
	        "{",
	        "{\"a\":1}{}",
	        "{\"a\":1,\"a\":2}",
	        "{\"a\":\"\\u0000\"}",
	        "{\"a\":\"\xff\"}",
	};
	json_t *v = NULL;
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(bad); i++) {
		assert_int_equal(bm_http_parse_body(bad[i], strlen(bad[i]), BM_HTTP_MAX_BODY, &v),
		                 BM_EINVALID);
		assert_null(v);
		assert_true(strcmp(bm_error_last()->code, "malformed_json") == 0 ||
		            strcmp(bm_error_last()->code, "body_not_object") == 0);
	}
}

/* ---- strict fields ---------------------------------------------------------------- */

static int with_body(bm_http_req *r, bm_arena *a, const char *text)
{
	memset(r, 0, sizeof(*r));
	r->arena = a;
	if (!text)
		return 0;
	return bm_http_parse_body(text, strlen(text), BM_HTTP_MAX_BODY, &r->body);
}

static void fields_read_every_type(void **state)
{
	bm_arena a;
	bm_http_req r;
	const char *title, *pages, *place, *scope, *missing;
	bool temporary;
	const bm_http_field fields[] = {
	        {"title", BM_F_STRING, true, &title},
	        {"pages", BM_F_INT_TEXT, false, &pages},
	        {"place", BM_F_REF, false, &place},
	        {"scope", BM_F_LIST, false, &scope},
	        {"temporary", BM_F_BOOL, false, &temporary},
	        {"note", BM_F_STRING, false, &missing},
	};
	(void)state;
	bm_arena_init(&a, 0);
	assert_int_equal(
	        with_body(&r, &a,
	                  "{\"title\":\"通知\",\"pages\":12,\"place\":7,"
	                  "\"scope\":[\"办公室\",\"clerk\"],\"temporary\":true,\"note\":null}"),
	        0);
	assert_int_equal(bm_http_fields(&r, fields, BM_ARRAY_LEN(fields)), 0);
	assert_string_equal(title, "通知");
	assert_string_equal(pages, "12");
	assert_string_equal(place, "7");
	assert_string_equal(scope, "办公室,clerk");
	assert_true(temporary);
	assert_null(missing); /* null counts as absent */
	json_decref(r.body);
	bm_arena_release(&a);
}

static void fields_refuse_unknown_wrong_and_missing(void **state)
{
	static const struct {
		const char *body, *code;
	} cases[] = {
	        {"{\"title\":\"x\",\"colour\":\"red\"}", "unknown_field"},
	        {"{\"title\":1}", "wrong_type"},
	        {"{\"title\":\"x\",\"pages\":\"12\"}", "wrong_type"},
	        {"{\"title\":\"x\",\"pages\":1.5}", "wrong_type"},
	        {"{\"title\":\"x\",\"place\":-3}", "wrong_type"},
	        {"{\"title\":\"x\",\"place\":true}", "wrong_type"},
	        {"{\"title\":\"x\",\"scope\":\"办公室\"}", "wrong_type"},
	        {"{\"title\":\"x\",\"scope\":[\"a\",2]}", "wrong_type"},
	        {"{\"title\":\"x\",\"temporary\":1}", "wrong_type"},
	        {"{}", "required"},
	        {"{\"title\":null}", "required"},
	};
	const char *title, *pages, *place, *scope;
	bool temporary;
	const bm_http_field fields[] = {
	        {"title", BM_F_STRING, true, &title},
	        {"pages", BM_F_INT_TEXT, false, &pages},
	        {"place", BM_F_REF, false, &place},
	        {"scope", BM_F_LIST, false, &scope},
	        {"temporary", BM_F_BOOL, false, &temporary},
	};
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(cases); i++) {
		bm_arena a;
		bm_http_req r;
		bm_arena_init(&a, 0);
		assert_int_equal(with_body(&r, &a, cases[i].body), 0);
		assert_int_equal(bm_http_fields(&r, fields, BM_ARRAY_LEN(fields)), BM_EINVALID);
		assert_string_equal(bm_error_last()->code, cases[i].code);
		assert_true(bm_error_last()->message[0] && bm_error_last()->message_en[0]);
		json_decref(r.body);
		bm_arena_release(&a);
	}
}

/* Issue 9: a string over BM_HTTP_MAX_TEXT characters is refused naming the field. */
static void fields_refuse_text_over_the_cap(void **state)
{
	char body[5 * BM_HTTP_MAX_TEXT];
	const char *title, *scope, *text;
	const bm_http_field fields[] = {
	        {"title", BM_F_STRING, false, &title},
	        {"scope", BM_F_LIST, false, &scope},
	        {"text", BM_F_DOCUMENT, false, &text},
	};

	char long_text[BM_HTTP_MAX_TEXT + 2];
	(void)state;
	memset(long_text, 'x', BM_HTTP_MAX_TEXT + 1);
	long_text[BM_HTTP_MAX_TEXT + 1] = '\0';
	for (size_t i = 0; i < 2; i++) {
		bm_arena a;
		bm_http_req r;
		bm_arena_init(&a, 0);
		if (i == 0) /* literal formats: -Wformat-nonliteral */
			snprintf(body, sizeof(body), "{\"title\":\"%s\"}", long_text);
		else
			snprintf(body, sizeof(body), "{\"scope\":[\"a\",\"%s\"]}", long_text);
		assert_int_equal(with_body(&r, &a, body), 0);
		assert_int_equal(bm_http_fields(&r, fields, BM_ARRAY_LEN(fields)), BM_EINVALID);
		assert_string_equal(bm_error_last()->code, "too_long");
		assert_non_null(strstr(bm_error_last()->message_en, i ? "'scope'" : "'title'"));
		assert_non_null(strstr(bm_error_last()->message, "4000"));
		json_decref(r.body);
		bm_arena_release(&a);
	}
	{
		/* At the cap, in characters not bytes (3 bytes each), it passes; a document has no
		 * cap here. */
		bm_arena a;
		bm_http_req r;
		size_t o = 0;
		o += (size_t)snprintf(body + o, sizeof(body) - o, "{\"title\":\"");
		for (int k = 0; k < BM_HTTP_MAX_TEXT; k++, o += 3)
			memcpy(body + o, "题", 3);
		o += (size_t)snprintf(body + o, sizeof(body) - o, "\",\"text\":\"%s\"}", long_text);
		bm_arena_init(&a, 0);
		assert_int_equal(with_body(&r, &a, body), 0);
		assert_int_equal(bm_http_fields(&r, fields, BM_ARRAY_LEN(fields)), 0);
		assert_int_equal(strlen(title), 3 * BM_HTTP_MAX_TEXT);
		assert_int_equal(strlen(text), BM_HTTP_MAX_TEXT + 1);
		json_decref(r.body);
		bm_arena_release(&a);
	}
}

/* Issue 9: a log line never carries a raw control byte from a client. */
static void log_text_escapes_control_bytes_and_cuts(void **state)
{
	char out[64];
	(void)state;
	assert_string_equal(bm_http_log_text(out, sizeof(out), "/a\nGET /x 200\r\x1b[1m\x7f\\"),
	                    "/a\\x0aGET /x 200\\x0d\\x1b[1m\\x7f\\x5c");
	assert_string_equal(bm_http_log_text(out, sizeof(out), "通知"), "通知");
	assert_string_equal(bm_http_log_text(out, 12, "abcdefghijklmnop"), "abcdefgh...");
	assert_string_equal(bm_http_log_text(out, 12, "\n\n\n\n\n"), "\\x0a\\x0a...");
	assert_string_equal(bm_http_log_text(out, sizeof(out), ""), "");
}

static void fields_without_body_count_as_empty(void **state)
{
	bm_arena a;
	bm_http_req r;
	const char *title = "stale";
	const bm_http_field optional[] = {{"title", BM_F_STRING, false, &title}};
	const bm_http_field required[] = {{"title", BM_F_STRING, true, &title}};
	(void)state;
	bm_arena_init(&a, 0);
	with_body(&r, &a, NULL);
	assert_int_equal(bm_http_fields(&r, optional, 1), 0);
	assert_null(title);
	assert_int_equal(bm_http_fields(&r, required, 1), BM_EINVALID);
	assert_int_equal(bm_http_fields(&r, NULL, 0), 0);
	bm_arena_release(&a);
}

/* ---- the router ------------------------------------------------------------------- */

static int h_dummy(bm_http_req *r)
{
	(void)r;
	return 0;
}

static const bm_http_route test_table[] = {
        {"GET", "/api/v1/carriers", h_dummy, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers", h_dummy, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers/made", h_dummy, BM_HTTP_SESSION},
        {"GET", "/api/v1/carriers/{id}", h_dummy, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers/{id}/move", h_dummy, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/roles/{role}", h_dummy, BM_HTTP_SESSION},
};

static bm_route_match match(const char *method, const char *path, const bm_http_route **route,
                            const char **params, size_t *n, char *allow, bm_arena *a)
{
	return bm_http_match(test_table, BM_ARRAY_LEN(test_table), method, path, a, route, params,
	                     n, allow, 64);
}

static void router_matches_literals_and_placeholders(void **state)
{
	bm_arena a;
	const bm_http_route *route = NULL;
	const char *params[BM_HTTP_MAX_PARAMS];
	size_t n = 99;
	char allow[64];
	(void)state;
	bm_arena_init(&a, 0);
	assert_int_equal(match("GET", "/api/v1/carriers", &route, params, &n, allow, &a),
	                 BM_ROUTE_FOUND);
	assert_ptr_equal(route, &test_table[0]);
	assert_int_equal(n, 0);
	assert_int_equal(match("GET", "/api/v1/carriers/42", &route, params, &n, allow, &a),
	                 BM_ROUTE_FOUND);
	assert_ptr_equal(route, &test_table[3]);
	assert_int_equal(n, 1);
	assert_string_equal(params[0], "42");
	assert_int_equal(match("POST", "/api/v1/carriers/7/move", &route, params, &n, allow, &a),
	                 BM_ROUTE_FOUND);
	assert_string_equal(params[0], "7");
	assert_int_equal(
	        match("POST", "/api/v1/people/3/roles/clerk", &route, params, &n, allow, &a),
	        BM_ROUTE_FOUND);
	assert_int_equal(n, 2);
	assert_string_equal(params[0], "3");
	assert_string_equal(params[1], "clerk");
	/* HEAD is served by the GET route. */
	assert_int_equal(match("HEAD", "/api/v1/carriers", &route, params, &n, allow, &a),
	                 BM_ROUTE_FOUND);
	assert_ptr_equal(route, &test_table[0]);
	bm_arena_release(&a);
}

static void router_prefers_the_literal_segment(void **state)
{
	bm_arena a;
	const bm_http_route *route = NULL;
	const char *params[BM_HTTP_MAX_PARAMS];
	size_t n;
	char allow[64];
	(void)state;
	bm_arena_init(&a, 0);
	assert_int_equal(match("POST", "/api/v1/carriers/made", &route, params, &n, allow, &a),
	                 BM_ROUTE_FOUND);
	assert_ptr_equal(route, &test_table[2]);
	assert_int_equal(n, 0);
	/* GET /carriers/made is not carrier "made": the literal path has only POST. */
	assert_int_equal(match("GET", "/api/v1/carriers/made", &route, params, &n, allow, &a),
	                 BM_ROUTE_BAD_METHOD);
	assert_string_equal(allow, "POST");
	bm_arena_release(&a);
}

static void router_405_lists_the_methods_and_404_the_rest(void **state)
{
	static const char *const missing[] = {
	        "/api/v1",
	        "/api/v1/",
	        "/api/v1/carriers/",
	        "/api/v1/carriers//move",
	        "/api/v1/carrier",
	        "/api/v1/carriers/1/move/x",
	        "/api/v1/carriersx",
	        "",
	        "/",
	};
	bm_arena a;
	const bm_http_route *route = NULL;
	const char *params[BM_HTTP_MAX_PARAMS];
	size_t n;
	char allow[64];
	(void)state;
	bm_arena_init(&a, 0);
	assert_int_equal(match("DELETE", "/api/v1/carriers", &route, params, &n, allow, &a),
	                 BM_ROUTE_BAD_METHOD);
	assert_string_equal(allow, "GET, POST");
	assert_int_equal(match("PUT", "/api/v1/carriers/9", &route, params, &n, allow, &a),
	                 BM_ROUTE_BAD_METHOD);
	assert_string_equal(allow, "GET");
	for (size_t i = 0; i < BM_ARRAY_LEN(missing); i++)
		assert_int_equal(match("GET", missing[i], &route, params, &n, allow, &a),
		                 BM_ROUTE_NO_PATH);
	bm_arena_release(&a);
}

static void route_table_is_well_formed(void **state)
{
	size_t n;
	const bm_http_route *t = bm_http_routes(&n);
	(void)state;
	assert_true(n >= 25);
	assert_int_equal(bm_http_route_count(), n);
	for (size_t i = 0; i < n; i++) {
		const char *m, *p, *auth;
		assert_non_null(t[i].handler);
		assert_int_equal(strncmp(t[i].pattern, "/api/v1/", 8), 0);
		assert_true(strcmp(t[i].method, "GET") == 0 || strcmp(t[i].method, "POST") == 0 ||
		            strcmp(t[i].method, "DELETE") == 0);
		for (size_t j = i + 1; j < n; j++)
			assert_false(strcmp(t[i].method, t[j].method) == 0 &&
			             strcmp(t[i].pattern, t[j].pattern) == 0);
		bm_http_route_get(i, &m, &p, &auth);
		assert_string_equal(m, t[i].method);
		assert_string_equal(p, t[i].pattern);
	}
	/* Only health and login are open without a session (SYS-4). */
	for (size_t i = 0; i < n; i++)
		if (t[i].auth == BM_HTTP_PUBLIC)
			assert_true(strcmp(t[i].pattern, "/api/v1/health") == 0 ||
			            (strcmp(t[i].pattern, "/api/v1/session") == 0 &&
			             strcmp(t[i].method, "POST") == 0));
}

static void every_route_of_the_table_matches_itself(void **state)
{
	size_t n;
	const bm_http_route *t = bm_http_routes(&n);
	(void)state;
	for (size_t i = 0; i < n; i++) {
		bm_arena a;
		char path[256], allow[64];
		const char *params[BM_HTTP_MAX_PARAMS], *p = t[i].pattern;
		const bm_http_route *route = NULL;
		size_t len = 0, k;
		bm_arena_init(&a, 0);
		/* Fill every placeholder with 12. */
		while (*p && len < sizeof(path) - 3) {
			if (*p == '{') {
				memcpy(path + len, "12", 2);
				len += 2;
				p = strchr(p, '}') + 1;
			} else {
				path[len++] = *p++;
			}
		}
		path[len] = '\0';
		assert_int_equal(bm_http_match(t, n, t[i].method, path, &a, &route, params, &k,
		                               allow, sizeof(allow)),
		                 BM_ROUTE_FOUND);
		assert_ptr_equal(route, &t[i]);
		bm_arena_release(&a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(json_depth_16_is_accepted_17_refused),
	        cmocka_unit_test(json_depth_scan_is_not_fooled_by_strings),
	        cmocka_unit_test(json_depth_counts_arrays_and_objects),
	        cmocka_unit_test(json_body_size_cap),
	        cmocka_unit_test(json_body_must_be_one_object_without_duplicates),
	        cmocka_unit_test(fields_read_every_type),
	        cmocka_unit_test(fields_refuse_unknown_wrong_and_missing),
	        cmocka_unit_test(fields_refuse_text_over_the_cap),
	        cmocka_unit_test(log_text_escapes_control_bytes_and_cuts),
	        cmocka_unit_test(fields_without_body_count_as_empty),
	        cmocka_unit_test(router_matches_literals_and_placeholders),
	        cmocka_unit_test(router_prefers_the_literal_segment),
	        cmocka_unit_test(router_405_lists_the_methods_and_404_the_rest),
	        cmocka_unit_test(route_table_is_well_formed),
	        cmocka_unit_test(every_route_of_the_table_matches_itself),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
