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
#include "bm_version.h"
#include "http/http_int.h"
#include "util/timeutil.h"

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

/* `pattern` with every placeholder filled with 12, into `path` (at most `cap` - 1 bytes); its
 * length. */
static size_t route_path(const char *pattern, char *path, size_t cap)
{
	const char *p = pattern;
	size_t len = 0;
	while (*p && len + 3 < cap) {
		if (*p == '{') {
			memcpy(path + len, "12", 2);
			len += 2;
			p = strchr(p, '}') + 1;
		} else {
			path[len++] = *p++;
		}
	}
	path[len] = '\0';
	return len;
}

static void every_route_of_the_table_matches_itself(void **state)
{
	size_t n;
	const bm_http_route *t = bm_http_routes(&n);
	(void)state;
	for (size_t i = 0; i < n; i++) {
		bm_arena a;
		char path[256], allow[64];
		const char *params[BM_HTTP_MAX_PARAMS];
		const bm_http_route *route = NULL;
		size_t k;
		bm_arena_init(&a, 0);
		route_path(t[i].pattern, path, sizeof(path));
		assert_int_equal(bm_http_match(t, n, t[i].method, path, &a, &route, params, &k,
		                               allow, sizeof(allow)),
		                 BM_ROUTE_FOUND);
		assert_ptr_equal(route, &t[i]);
		bm_arena_release(&a);
	}
}

/*
 * The matcher as it was before it skipped the routes whose first letter
 * cannot fit: every route's pattern tried, twice (the fewest placeholders,
 * then the Allow list): the reference the fast one must agree with, route,
 * placeholders and Allow list alike.
 */
static bm_route_match ref_match(const bm_http_route *t, size_t n, const char *method,
                                const char *path, const bm_http_route **route, size_t *n_params,
                                char *allow, size_t allow_size)
{
	size_t spans[BM_HTTP_MAX_PARAMS][2];
	int fewest = BM_HTTP_MAX_PARAMS + 1, best = -1;
	size_t used = 0;
	allow[0] = '\0';
	for (size_t i = 0; i < n; i++) {
		int k = bm_http_match_pattern(t[i].pattern, path, spans);
		if (k >= 0 && k < fewest)
			fewest = k;
	}
	if (fewest > BM_HTTP_MAX_PARAMS)
		return BM_ROUTE_NO_PATH;
	for (size_t i = 0; i < n; i++) {
		if (bm_http_match_pattern(t[i].pattern, path, spans) != fewest)
			continue;
		if (best < 0 && (strcmp(t[i].method, method) == 0 ||
		                 (strcmp(method, "HEAD") == 0 && strcmp(t[i].method, "GET") == 0)))
			best = (int)i;
		if (used < allow_size && !strstr(allow, t[i].method)) {
			int w = snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
			                 t[i].method);
			if (w > 0)
				used += (size_t)w < allow_size - used ? (size_t)w
				                                      : allow_size - used - 1;
		}
	}
	if (best < 0)
		return BM_ROUTE_BAD_METHOD;
	*route = &t[best];
	*n_params = (size_t)fewest;
	return BM_ROUTE_FOUND;
}

/* `path` through both matchers agrees on everything they answer. */
static void agree(const bm_http_route *t, size_t n, const char *method, const char *path)
{
	bm_arena a;
	const bm_http_route *r1 = NULL, *r2 = NULL;
	const char *params[BM_HTTP_MAX_PARAMS];
	size_t k1 = 0, k2 = 0, spans[BM_HTTP_MAX_PARAMS][2];
	char allow1[64], allow2[64];
	bm_route_match m1, m2;
	bm_arena_init(&a, 0);
	m1 = bm_http_match(t, n, method, path, &a, &r1, params, &k1, allow1, sizeof(allow1));
	m2 = ref_match(t, n, method, path, &r2, &k2, allow2, sizeof(allow2));
	assert_int_equal(m1, m2);
	assert_string_equal(allow1, allow2);
	if (m1 == BM_ROUTE_FOUND) {
		assert_ptr_equal(r1, r2);
		assert_int_equal(k1, k2);
		assert_int_equal(bm_http_match_pattern(r2->pattern, path, spans), (int)k2);
		for (size_t i = 0; i < k2; i++) {
			assert_int_equal(strlen(params[i]), spans[i][1]);
			assert_memory_equal(params[i], path + spans[i][0], spans[i][1]);
		}
	}
	bm_arena_release(&a);
}

static void router_agrees_with_the_full_scan_on_every_route(void **state)
{
	static const char *const methods[] = {"GET", "HEAD", "POST", "PUT", "DELETE"};
	static const char *const tails[] = {"", "/", "/x", "x"};
	static const char *const odd[] = {"",
	                                  "/",
	                                  "/api",
	                                  "/api/v1",
	                                  "/api/v1/",
	                                  "/api/v1//",
	                                  "/api/v2/health",
	                                  "/apx/v1/health",
	                                  "/api/v1/{id}"};
	size_t n;
	const bm_http_route *t = bm_http_routes(&n);
	(void)state;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < BM_ARRAY_LEN(tails); j++) {
			char path[300];
			size_t len = route_path(t[i].pattern, path, 200);
			snprintf(path + len, sizeof(path) - len, "%s", tails[j]);
			for (size_t m = 0; m < BM_ARRAY_LEN(methods); m++) {
				agree(t, n, methods[m], path);
				/* the pattern itself: its braces are text in a path */
				agree(t, n, methods[m], t[i].pattern);
			}
		}
	}
	for (size_t i = 0; i < BM_ARRAY_LEN(odd); i++)
		for (size_t m = 0; m < BM_ARRAY_LEN(methods); m++)
			agree(t, n, methods[m], odd[i]);
}

static void router_agrees_on_placeholders_first_and_more_fits_than_kept(void **state)
{
	/* 70 routes fit /api/v1/7 (more than the 64 the matcher keeps). */
	bm_http_route t[72];
	(void)state;
	for (size_t i = 0; i < 70; i++)
		t[i] = (bm_http_route){i == 40 ? "GET"
		                       : i % 2 ? "POST"
		                               : "DELETE",
		                       "/api/v1/{id}", h_dummy, BM_HTTP_SESSION};
	t[70] = (bm_http_route){"GET", "/other/{id}", h_dummy, BM_HTTP_SESSION};
	t[71] = (bm_http_route){"GET", "/api/v1/{id}/{x}", h_dummy, BM_HTTP_SESSION};
	agree(t, 72, "GET", "/api/v1/7");
	agree(t, 72, "PUT", "/api/v1/7");
	agree(t, 72, "GET", "/other/7");
	agree(t, 72, "GET", "/api/v1/7/8");
	agree(t, 72, "GET", "/api/v1/");
	agree(t, 64, "POST", "/api/v1/7");
	agree(t, 65, "GET", "/api/v1/7");
}

/* ---- answers' JSON text ------------------------------------------------------------- */

/* bm_http_json_text gives json_dumps(v, JSON_COMPACT)'s bytes, or NULL where it does. */
static void same_text(json_t *v)
{
	size_t len = 99;
	char *ours = bm_http_json_text(v, &len);
	char *theirs = json_dumps(v, JSON_COMPACT);
	if (!theirs) {
		assert_null(ours);
	} else {
		assert_non_null(ours);
		assert_string_equal(ours, theirs);
		assert_int_equal(len, strlen(theirs));
	}
	free(ours);
	free(theirs);
	json_decref(v);
}

static void json_text_is_janssons_byte_for_byte(void **state)
{
	char every[128];
	json_t *o, *a;
	(void)state;
	/* every ASCII byte, the NUL inside the string too */
	for (int i = 0; i < 128; i++)
		every[i] = (char)i;
	same_text(json_pack("{s:o}", "ascii", json_stringn(every, sizeof(every))));
	same_text(json_pack("{s:s,s:s,s:s}", "zh", "保密 载体「机密」", "four",
	                    "\xF0\x9F\x94\x92 🔒", "slash", "a/b\\c\"d</script>"));
	same_text(json_pack("[I,I,I,I,i,i]", (json_int_t)INT64_MIN, (json_int_t)INT64_MAX,
	                    (json_int_t)-1, (json_int_t)0, 7, -42));
	same_text(json_pack("{s:b,s:b,s:n,s:{},s:[],s:[[],{}]}", "t", 1, "f", 0, "n", "o", "a",
	                    "nest"));
	same_text(json_object());
	same_text(json_array());
	/* keys in insertion order, a replaced key where it was, escapes in keys */
	o = json_object();
	json_object_set_new(o, "z", json_integer(1));
	json_object_set_new(o, "a\n\"k\"", json_integer(2));
	json_object_set_new(o, "m", json_integer(3));
	json_object_set_new(o, "z", json_string("again"));
	json_object_del(o, "m");
	json_object_set_new(o, "键", json_true());
	same_text(o);
	/* a real number: jansson's own formatting, whatever its digits */
	same_text(json_pack("{s:f,s:[f,f]}", "r", 0.1, "list", 1e300, -2.5));
	/* nothing but an object or an array, and only UTF-8 */
	same_text(json_string("scalar"));
	same_text(json_integer(3));
	same_text(json_pack("{s:o}", "bad", json_stringn_nocheck("\xC3\x28", 2)));
	same_text(json_pack("{s:o}", "cut", json_stringn_nocheck("ok\xE4\xBF", 4)));
	/* a larger answer, as a list page */
	a = json_array();
	for (int i = 0; i < 500; i++)
		json_array_append_new(a, json_pack("{s:i,s:s,s:o,s:b}", "id", i, "title",
		                                   "机要文件\t第 1 号", "due", json_null(), "out",
		                                   i % 2));
	same_text(json_pack("{s:o,s:i}", "items", a, "total", 500));
}

/* ---- a stored detail written as it is stored (bm_http_json_stored) ----------------- */

/*
 * An answer holding the stored text `text` written through the raw node and
 * through json_loads (what the carrier history did before): the same bytes,
 * also when a real number elsewhere sends the answer to jansson's writer.
 * `canonical`: 1 or 0 asserts bm_http_json_canonical, -1 takes what it says.
 */
static void stored_as_parsed(const char *text, int canonical)
{
	json_t *parsed = text ? json_loads(text, 0, NULL) : NULL;
	json_t *ours = json_pack("{s:i,s:o}", "id", 7, "detail", bm_http_json_stored(text));
	json_t *theirs = json_pack("{s:i,s:o}", "id", 7, "detail", parsed ? parsed : json_object());
	bool canon = bm_http_json_canonical(text);

	if (canonical >= 0)
		assert_int_equal(canon, canonical);
	if (canon) { /* the subset's promise: json_loads then json_dumps gives the text back */
		json_t *v = json_loads(text, 0, NULL);
		char *back = v ? json_dumps(v, JSON_COMPACT) : NULL;
		assert_non_null(back);
		assert_string_equal(back, text);
		free(back);
		json_decref(v);
	}
	for (int pass = 0; pass < 2; pass++) {
		size_t len_ours = 0, len_theirs = 0;
		char *a = bm_http_json_text(ours, &len_ours);
		char *b = bm_http_json_text(theirs, &len_theirs);
		char *c = json_dumps(theirs, JSON_COMPACT);
		assert_non_null(a);
		assert_non_null(c);
		assert_string_equal(a, c);
		assert_string_equal(b, c);
		assert_int_equal(len_ours, strlen(c));
		assert_int_equal(len_theirs, strlen(c));
		free(a);
		free(b);
		free(c);
		/* the second pass: a real number goes through jansson's writer */
		json_object_set_new(ours, "ratio", json_real(0.25));
		json_object_set_new(theirs, "ratio", json_real(0.25));
	}
	json_decref(ours);
	json_decref(theirs);
}

static void stored_detail_is_written_as_parsed_byte_for_byte(void **state)
{
	static const char *const canonical[] = {
	        "{}",
	        "{\"a\":1}",
	        "{\"b\":[1,-2,0,true,false,null,\"x\",[],{}],\"a\":{\"c\":{}}}",
	        "{\"from\":\"机要室\",\"to\":\"档案室 🔒\",\"reason\":\"年度清查\"}",
	        "{\"s\":\"tab\\there \\\"q\\\" \\\\ \\b\\f\\n\\r \\u001F\\u0001\\u000B\x7f/\"}",
	        "{\"big\":-922337203685477580,\"k\\n\":\"key escaped\"}",
	        "{\"request\":{\"carrier\":\"12\",\"scope\":[{\"person_id\":3}]},\"code\":\"x\"}",
	};
	static const char *const other[] = {
	        "",
	        "[]",
	        "[1,2]",
	        "{ }",
	        "{\"a\": 1}",
	        "{\"a\":1 }",
	        "\n{\"a\":1}",
	        "{\"a\":1.0}",
	        "{\"a\":1e3}",
	        "{\"a\":2E-1}",
	        "{\"a\":-0}",
	        "{\"a\":01}",
	        "{\"a\":-}",
	        "{\"a\":\"\\/\"}",
	        "{\"a\":\"\\u4e2d\"}",
	        "{\"a\":\"\\u001f\"}",
	        "{\"a\":\"\\u000A\"}",
	        "{\"a\":\"\\u0000\"}",
	        "{\"a\":\"\\u00\"}",
	        "{\"a\":\"\\x\"}",
	        "{\"a\":1,\"a\":2}",
	        "{\"a\":1,\"b\":{},\"a\":[3]}",
	        "{\"a\":1}x",
	        "{\"a\":1}{}",
	        "{\"a\":1",
	        "{\"a\":\"open",
	        "{\"a\":\"\xC3\x28\"}",
	        "{\"a\":\"\xED\xA0\x80\"}",
	        "{\"a\":\"ctl\x01\"}",
	        "{\"a\":1234567890123456789}",
	        "{\"a\":99999999999999999999}",
	        "{\"a\":tru}",
	        "{\"a\":nul}",
	        "{\"a\":[1,]}",
	        "{\"a\":[,1]}",
	        "{,}",
	        "{\"a\"}",
	        "{\"a\":}",
	        "{1:2}",
	        "not json",
	};
	char deep[256];
	size_t at = 0;
	(void)state;
	for (size_t i = 0; i < BM_ARRAY_LEN(canonical); i++)
		stored_as_parsed(canonical[i], 1);
	for (size_t i = 0; i < BM_ARRAY_LEN(other); i++)
		stored_as_parsed(other[i], 0);
	stored_as_parsed(NULL, 0);
	/* nesting: 32 levels below the top are kept as they are, 33 are parsed */
	for (int levels = 32; levels <= 33; levels++) {
		at = 0;
		at += (size_t)snprintf(deep, sizeof(deep), "{\"k\":");
		for (int i = 0; i < levels; i++)
			deep[at++] = '[';
		for (int i = 0; i < levels; i++)
			deep[at++] = ']';
		deep[at++] = '}';
		deep[at] = '\0';
		stored_as_parsed(deep, levels == 32 ? 1 : 0);
	}
}

/* A random value of the canonical subset (no reals, short integers, few keys). */
static json_t *random_value(unsigned *seed, int depth)
{
	static const char *const pieces[] = {"a",  "Z",    " ",    "\"",   "\\", "/",      "\t",
	                                     "\n", "\x01", "\x1f", "\x7f", "中", "载体",   "🔒",
	                                     "é",  "}",    "]",    ",",    ":",  "\\u0041"};
	int kind = rand_r(seed) % (depth > 3 ? 5 : 7);
	switch (kind) {
	case 0: return json_integer((json_int_t)(rand_r(seed) % 2000001) - 1000000);
	case 1: return rand_r(seed) % 3 ? json_true() : json_null();
	case 2: return json_integer(((json_int_t)rand_r(seed) << 20) * (rand_r(seed) % 2 ? 1 : -1));
	case 3:
	case 4: {
		char text[128];
		size_t at = 0;
		int n = rand_r(seed) % 8;
		for (int i = 0; i < n; i++)
			at += (size_t)snprintf(text + at, sizeof(text) - at, "%s",
			                       pieces[rand_r(seed) % BM_ARRAY_LEN(pieces)]);
		text[at] = '\0';
		return json_string(text);
	}
	case 5: {
		json_t *a = json_array();
		int n = rand_r(seed) % 5;
		for (int i = 0; i < n; i++)
			json_array_append_new(a, random_value(seed, depth + 1));
		return a;
	}
	default: {
		json_t *o = json_object();
		int n = rand_r(seed) % 6;
		for (int i = 0; i < n; i++) {
			json_t *key = random_value(seed, 99); /* a scalar: maybe a string */
			const char *k = json_is_string(key) ? json_string_value(key) : "n";
			json_object_set_new(o, k, random_value(seed, depth + 1));
			json_decref(key);
		}
		return o;
	}
	}
}

/* Random details, as stored (compact, sorted or not) and with bytes changed. */
static void stored_detail_random_and_damaged_texts(void **state)
{
	unsigned seed = 20261207;
	int kept = 0;
	(void)state;
	for (int round = 0; round < 400; round++) {
		json_t *o = json_object();
		char *text;
		size_t len;
		json_object_set_new(o, "v", random_value(&seed, 1));
		json_object_set_new(o, "code", random_value(&seed, 1));
		text = json_dumps(o, JSON_COMPACT | (round % 2 ? JSON_SORT_KEYS : 0));
		json_decref(o);
		assert_non_null(text);
		stored_as_parsed(text, 1);
		len = strlen(text);
		for (int m = 0; m < 12; m++) {
			char *bad = strdup(text);
			size_t i = (size_t)rand_r(&seed) % len;
			static const char bytes[] = " \"\\{}[],:0-.eu\x01\xC3\xA9";
			assert_non_null(bad);
			if (m % 3 == 0)
				memmove(bad + i, bad + i + 1, len - i); /* a byte deleted */
			else
				bad[i] = bytes[(size_t)rand_r(&seed) % (sizeof(bytes) - 1)];
			kept += bm_http_json_canonical(bad);
			stored_as_parsed(bad, -1);
			free(bad);
		}
		free(text);
	}
	assert_true(kept > 0); /* some changes stay in the subset (a digit, a letter) */
}

/* /health's answer written as text is the one jansson writes for the same facts. */
static void health_text_is_the_jansson_answer(void **state)
{
	static const bm_http_integrity kinds[] = {BM_HTTP_INTEGRITY_OK, BM_HTTP_INTEGRITY_CHECKING,
	                                          BM_HTTP_INTEGRITY_DAMAGED,
	                                          BM_HTTP_INTEGRITY_UNCHECKED};
	static const char *const words[] = {"checking", "ok", "damaged", "unchecked"};
	bm_unit unit;
	(void)state;
	memset(&unit, 0, sizeof(unit));
	for (size_t k = 0; k < BM_ARRAY_LEN(kinds); k++) {
		for (int with_unit = 0; with_unit < 2; with_unit++) {
			bm_ctx ctx;
			bm_http_req r;
			char at[BM_ISO_TIME_LEN], *want, *got;
			json_t *expect;
			bool damaged = kinds[k] == BM_HTTP_INTEGRITY_DAMAGED;
			json_t *check = json_pack("{s:s}", "status", words[kinds[k]]);
			memset(&ctx, 0, sizeof(ctx));
			memset(&r, 0, sizeof(r));
			ctx.now = 1796000000 + (int64_t)k;
			ctx.unit = with_unit ? &unit : NULL;
			r.ctx = &ctx;
			r.integrity = kinds[k];
			r.integrity_detail = "page 7: \"bad\"\n";
			if (kinds[k] == BM_HTTP_INTEGRITY_DAMAGED ||
			    kinds[k] == BM_HTTP_INTEGRITY_UNCHECKED)
				json_object_set_new(check, "detail",
				                    json_string(r.integrity_detail));
			bm_time_format(ctx.now, at);
			expect =
			        json_pack("{s:s,s:s,s:s,s:b,s:o}", "status",
			                  damaged ? "damaged" : "ok", "version", BM_VERSION, "time",
			                  at, "initialised", with_unit, "integrity", check);
			want = json_dumps(expect, JSON_COMPACT);
			json_decref(expect);
			assert_int_equal(bm_h_health(&r), 0);
			assert_int_equal(r.status, damaged ? 503 : 200);
			/* the text path where no detail is shown, jansson's where one is */
			assert_true((r.raw != NULL) == (kinds[k] == BM_HTTP_INTEGRITY_OK ||
			                                kinds[k] == BM_HTTP_INTEGRITY_CHECKING));
			got = r.raw ? strdup(r.raw) : json_dumps(r.out, JSON_COMPACT);
			if (r.raw) {
				assert_int_equal(r.raw_len, strlen(r.raw));
				assert_string_equal(r.raw_type, "application/json; charset=utf-8");
			}
			assert_string_equal(got, want);
			free(got);
			free(want);
			free(r.raw);
			json_decref(r.out);
		}
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
	        cmocka_unit_test(router_agrees_with_the_full_scan_on_every_route),
	        cmocka_unit_test(router_agrees_on_placeholders_first_and_more_fits_than_kept),
	        cmocka_unit_test(json_text_is_janssons_byte_for_byte),
	        cmocka_unit_test(health_text_is_the_jansson_answer),
	        cmocka_unit_test(stored_detail_is_written_as_parsed_byte_for_byte),
	        cmocka_unit_test(stored_detail_random_and_damaged_texts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
