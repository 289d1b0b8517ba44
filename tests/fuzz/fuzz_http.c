/*
 * fuzz_http.c — the HTTP request path: the real server (src/http, on
 * libmicrohttpd) on a loopback port, its router, header checks, session
 * and CSRF checks, strict query and JSON decoding, and the handlers over
 * the services and a small unit in a temporary SQLite file.
 *
 * Input (text, easy to seed by hand):
 *
 *   METHOD TARGET              e.g. "POST /api/v1/carriers/incoming?x=1"
 *   Name: value                any number of header lines
 *                              an empty line
 *   body                       the rest, sent as the request body
 *
 * "@sysadmin@", "@secadmin@", "@clerk@" and "@auditor@" anywhere in the input stand for
 * the bearer token of that account's session (so the fuzzer reaches the
 * routes behind a login). The driver adds Host, "Connection: close" and a
 * Content-Length of the body; such headers in the input are dropped, so
 * every request is complete. The request line is kept well formed (else
 * libmicrohttpd drops it before the server sees it): the method keeps its
 * token characters, controls and spaces in the target are percent-encoded.
 *
 * An input holding "password" anywhere is skipped: logins, password
 * changes and new accounts cost an Argon2id hash each (64 MiB, about half
 * a second), which would drown the fuzzer; the API suites test them.
 *
 * Every request starts from the same database (SQLite's backup API copies
 * the unit built once at start-up over the server's file) and at the same
 * instant (BAOMI_NOW), so an input always gives the same answer.
 *
 * Invariants on the answer: the server answers within 10 s with an HTTP
 * status line; none of its own answers (they carry its security headers)
 * is a 500; a JSON answer parses as JSON, and an /api error answer carries
 * {"error": {"code", "message", "message_en"}} with text in each.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <jansson.h>

#include "common.h"
#include "fuzz.h"
#include "http/http.h"
#include "service/service.h"
#include "util/buf.h"
#include "util/timeutil.h"

#define FUZZ_NOW       "2026-11-23T02:00:00Z" /* 10:00 in Beijing, a Monday */
#define FIRST_PW       "Fuzz@2026first"
#define PW             "Fuzz@2026pass"
#define FUZZ_MAX_INPUT (64u * 1024u)
#define MAX_ANSWER     (32u * 1024u * 1024u)
#define TIMEOUT_MS     10000

static struct {
	bool ready;
	char dir[64];
	char template_db[96];
	char work_db[96];
	sqlite3 *template_conn, *work_conn;
	bm_http_server *srv;
	struct sockaddr_in addr;
	char tokens[4][BM_SESSION_TOKEN_LEN + 1];
} g;

static const char *const accounts[] = {"sysadmin", "secadmin", "clerk", "auditor"};

static void step(int rc, const char *what)
{
	FUZZ_CHECK(rc == 0, "set-up step '%s' failed: %s [%s] %s", what, bm_error_last()->code,
	           bm_error_last()->rule, bm_error_last()->message_en);
}

/* Logs `user` in, makes the first password a current one, and keeps the token. */
static void session(bm_store *s, bm_arena *a, int64_t now, const char *user, char *token)
{
	bm_ctx ctx;
	bm_session_grant grant;
	step(bm_ctx_init(&ctx, s, a, now, "api"), "ctx");
	step(bm_svc_session_open(&ctx, user, FIRST_PW, &grant), user);
	step(bm_svc_password_change(&ctx, grant.session_id, FIRST_PW, PW), "password");
	memcpy(token, grant.token, sizeof(grant.token));
}

/* The unit: 办公室 with its clerk, an auditor, a safe and one carrier. */
static void build_unit(const char *path)
{
	bm_store *s;
	bm_arena a;
	bm_ctx ctx;
	bm_department *d;
	bm_place *place;
	bm_person *p;
	bm_carrier *c;
	int64_t now;
	/* SYS-1: init makes the three administrators; the clerk's first login takes two. */
	const bm_person_input clerk = {
	        .username = "clerk", .name = "王秘书", .department = "办公室"};
	const bm_person_input zhang = {.name = "张三", .department = "办公室"};
	bm_filing_half filed, approved;
	char secret[2 * BM_HALF_SECRET_LEN + 1];
	const bm_carrier_input carrier = {.kind = "paper",
	                                  .title = "关于保密检查的通知",
	                                  .doc_number = "国保发〔2026〕1号",
	                                  .serial_number = "3",
	                                  .pages = "4",
	                                  .sender = "国家保密局",
	                                  .level = "机密",
	                                  .place = "机要室保密柜",
	                                  .scope = "办公室"};

	FUZZ_CHECK(bm_time_parse(FUZZ_NOW, &now), "now");
	bm_arena_init(&a, 0);
	step(bm_svc_open(&s, path), "open");
	step(bm_ctx_init(&ctx, s, &a, now, "cli"), "ctx");
	step(bm_svc_init_unit(&ctx, "模糊测试单位", "sysadmin", "系统管理员", FIRST_PW), "init");
	step(bm_svc_login(&ctx, "sysadmin", FIRST_PW), "login sysadmin");
	step(bm_svc_department_add(&ctx, "办公室", "BGS", &d), "办公室");
	step(bm_svc_person_add(&ctx, &clerk, &p, &filed), "clerk");
	step(bm_svc_person_add(&ctx, &zhang, &p, NULL), "张三");
	step(bm_svc_login(&ctx, "secadmin", FIRST_PW), "login secadmin");
	step(bm_svc_account_approve(&ctx, filed.filing_id, &approved), "approve clerk");
	snprintf(secret, sizeof(secret), "%s%s", filed.half, approved.half);
	step(bm_svc_login(&ctx, "clerk", secret), "clerk first login");
	step(bm_svc_password_change(&ctx, 0, secret, FIRST_PW), "clerk first password");
	step(bm_svc_login(&ctx, "secadmin", FIRST_PW), "login secadmin");
	step(bm_svc_person_grant(&ctx, "clerk", "core", "clerk", "2026-01-05"), "grant clerk");
	step(bm_svc_person_grant(&ctx, "张三", "important", NULL, "2026-01-05"), "grant 张三");
	step(bm_svc_place_add(&ctx, "机要室保密柜", "safe", "绝密", NULL, &place), "place");
	for (size_t i = 0; i < BM_ARRAY_LEN(accounts); i++)
		session(s, &a, now, accounts[i], g.tokens[i]);
	step(bm_ctx_init(&ctx, s, &a, now, "cli"), "ctx");
	step(bm_svc_login(&ctx, "clerk", PW), "login clerk");
	step(bm_svc_carrier_register_incoming(&ctx, &carrier, &c), "carrier");
	bm_svc_close(s);
	bm_arena_release(&a);
}

/* Copies the unit over the server's database: every request sees the same data. */
static void restore(void)
{
	sqlite3_backup *b = sqlite3_backup_init(g.work_conn, "main", g.template_conn, "main");
	FUZZ_CHECK(b, "backup: %s", sqlite3_errmsg(g.work_conn));
	FUZZ_CHECK(sqlite3_backup_step(b, -1) == SQLITE_DONE, "backup step: %s",
	           sqlite3_errmsg(g.work_conn));
	FUZZ_CHECK(sqlite3_backup_finish(b) == SQLITE_OK, "backup finish");
}

static void start(void)
{
	const char *tmp = getenv("TMPDIR");
	bm_http_config cfg = {.listen = "127.0.0.1:0", .threads = 1};
	const char *url, *colon;

	setenv("BAOMI_NOW", FUZZ_NOW, 1);
	/* Memory-backed when there is one: every request commits (synchronous=FULL). */
	if (!tmp || !*tmp)
		tmp = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
	snprintf(g.dir, sizeof(g.dir), "%s/bm_fuzz_http_XXXXXX", tmp);
	FUZZ_CHECK(mkdtemp(g.dir), "mkdtemp %s: %s", g.dir, strerror(errno));
	snprintf(g.template_db, sizeof(g.template_db), "%s/unit.db", g.dir);
	snprintf(g.work_db, sizeof(g.work_db), "%s/work.db", g.dir);
	build_unit(g.template_db);
	FUZZ_CHECK(sqlite3_open_v2(g.template_db, &g.template_conn, SQLITE_OPEN_READONLY, NULL) ==
	                   SQLITE_OK,
	           "open the unit");
	FUZZ_CHECK(sqlite3_open(g.work_db, &g.work_conn) == SQLITE_OK, "open the work copy");
	sqlite3_busy_timeout(g.work_conn, 5000);
	restore();
	cfg.db = g.work_db;
	step(bm_http_start(&g.srv, &cfg), "serve");
	url = bm_http_url(g.srv);
	colon = strrchr(url, ':');
	g.addr.sin_family = AF_INET;
	g.addr.sin_port = htons((uint16_t)strtol(colon + 1, NULL, 10));
	g.addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	g.ready = true;
}

static void cleanup(void)
{
	static const char *const sfx[] = {"", "-wal", "-shm", "-journal"};
	char p[128];
	if (!g.ready)
		return;
	bm_http_stop(g.srv, 1000);
	sqlite3_close(g.work_conn);
	sqlite3_close(g.template_conn);
	for (size_t i = 0; i < BM_ARRAY_LEN(sfx); i++) {
		snprintf(p, sizeof(p), "%s%s", g.template_db, sfx[i]);
		unlink(p);
		snprintf(p, sizeof(p), "%s%s", g.work_db, sfx[i]);
		unlink(p);
	}
	rmdir(g.dir);
}

/* ---- the request ------------------------------------------------------------------ */

/* The input with every "@account@" replaced by that account's token. */
static void substitute(const uint8_t *data, size_t size, bm_buf *out)
{
	for (size_t i = 0; i < size;) {
		size_t k;
		for (k = 0; k < BM_ARRAY_LEN(accounts); k++) {
			size_t n = strlen(accounts[k]);
			if (data[i] == '@' && i + n + 2 <= size &&
			    memcmp(data + i + 1, accounts[k], n) == 0 && data[i + n + 1] == '@')
				break;
		}
		if (k < BM_ARRAY_LEN(accounts)) {
			FUZZ_CHECK(bm_buf_puts(out, g.tokens[k]) == 0, "buffer");
			i += strlen(accounts[k]) + 2;
		} else {
			FUZZ_CHECK(bm_buf_putc(out, (char)data[i]) == 0, "buffer");
			i++;
		}
	}
}

/* Headers the driver writes itself. */
static bool own_header(const char *line, size_t len)
{
	static const char *const own[] = {
	        "host:", "connection:", "content-length:", "transfer-encoding:"};
	for (size_t i = 0; i < BM_ARRAY_LEN(own); i++)
		if (len >= strlen(own[i]) && strncasecmp(line, own[i], strlen(own[i])) == 0)
			return true;
	return false;
}

/* A character a method may hold (RFC 9110 tchar). */
static bool tchar(char c)
{
	return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL);
}

/* Builds the HTTP/1.1 request from the input; `*is_head` for HEAD. */
static void build_request(const char *in, size_t size, bm_buf *req, bool *is_head)
{
	const char *end = in + size, *p = in, *nl, *sp;
	const char *body;

	nl = memchr(p, '\n', (size_t)(end - p));
	if (!nl)
		nl = end;
	sp = memchr(p, ' ', (size_t)(nl - p));
	if (!sp)
		sp = nl;
	/* The method keeps its token characters (RFC 9110); none at all reads GET. */
	for (const char *c = p; c < sp; c++)
		if (tchar(*c))
			FUZZ_CHECK(bm_buf_putc(req, *c) == 0, "buffer");
	if (req->len == 0)
		FUZZ_CHECK(bm_buf_puts(req, "GET") == 0, "buffer");
	*is_head = req->len == 4 && memcmp(req->ptr, "HEAD", 4) == 0; /* an answer without body */
	FUZZ_CHECK(bm_buf_putc(req, ' ') == 0, "buffer");
	if (sp + 1 >= nl)
		FUZZ_CHECK(bm_buf_putc(req, '/') == 0, "buffer");
	for (const char *c = sp + 1; c < nl; c++) {
		unsigned char u = (unsigned char)*c;
		if (u <= 0x20 || u == 0x7f)
			FUZZ_CHECK(bm_buf_printf(req, "%%%02X", u) == 0, "buffer");
		else
			FUZZ_CHECK(bm_buf_putc(req, (char)u) == 0, "buffer");
	}
	FUZZ_CHECK(bm_buf_puts(req, " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n") == 0,
	           "buffer");
	/* Header lines up to the first empty one. */
	p = nl < end ? nl + 1 : end;
	body = end;
	while (p < end) {
		size_t len;
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		len = (size_t)(nl - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (len == 0) {
			body = nl < end ? nl + 1 : end;
			break;
		}
		if (!own_header(p, len) && memchr(p, '\0', len) == NULL) {
			FUZZ_CHECK(bm_buf_put(req, p, len) == 0 && bm_buf_puts(req, "\r\n") == 0,
			           "buffer");
		}
		p = nl < end ? nl + 1 : end;
	}
	FUZZ_CHECK(bm_buf_printf(req, "Content-Length: %zu\r\n\r\n", (size_t)(end - body)) == 0,
	           "buffer");
	FUZZ_CHECK(bm_buf_put(req, body, (size_t)(end - body)) == 0, "buffer");
}

/* Sends the request and reads the answer until the server closes. */
static void exchange(const bm_buf *req, bm_buf *answer)
{
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	size_t sent = 0;
	char chunk[16384];

	FUZZ_CHECK(fd >= 0, "socket: %s", strerror(errno));
	FUZZ_CHECK(connect(fd, (struct sockaddr *)&g.addr, sizeof(g.addr)) == 0, "connect: %s",
	           strerror(errno));
	while (sent < req->len) {
		ssize_t n = send(fd, req->ptr + sent, req->len - sent, MSG_NOSIGNAL);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break; /* the server may answer (413 …) and close before it read it all */
		sent += (size_t)n;
	}
	for (;;) {
		struct pollfd pfd = {.fd = fd, .events = POLLIN};
		ssize_t n;
		int r = poll(&pfd, 1, TIMEOUT_MS);
		if (r < 0 && errno == EINTR)
			continue;
		FUZZ_CHECK(r > 0, "no answer within %d ms to:\n%s", TIMEOUT_MS, req->ptr);
		n = recv(fd, chunk, sizeof(chunk), 0);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		FUZZ_CHECK(bm_buf_put(answer, chunk, (size_t)n) == 0, "answer too large");
	}
	close(fd);
}

/* The value of header `name` in the answer's head, or NULL. */
static const char *header(const char *head, const char *name, char *val, size_t val_size)
{
	size_t n = strlen(name);
	for (const char *p = strstr(head, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n")) {
		const char *line = p + 2, *e = strstr(line, "\r\n");
		if (!e)
			return NULL;
		if ((size_t)(e - line) > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
			const char *v = line + n + 1;
			while (*v == ' ')
				v++;
			snprintf(val, val_size, "%.*s", (int)(e - v), v);
			return val;
		}
	}
	return NULL;
}

static void check_answer(const bm_buf *req, const bm_buf *answer, bool is_head)
{
	const char *text = answer->ptr ? answer->ptr : "", *body;
	char type[128], path[8];
	int status;
	json_t *v;

	FUZZ_CHECK(answer->len >= 12 && strncmp(text, "HTTP/1.", 7) == 0 &&
	                   sscanf(text + 9, "%3d", &status) == 1,
	           "no status line in the answer to:\n%s\n---\n%.200s", req->ptr, text);
	body = strstr(text, "\r\n\r\n");
	FUZZ_CHECK(body, "no end of headers in the answer");
	/* Answers of the server itself carry its security headers; others are libmicrohttpd's. */
	if (!header(text, "X-Content-Type-Options", type, sizeof(type)))
		return;
	FUZZ_CHECK(status != 500, "internal error answering:\n%s\n---\n%s", req->ptr, text);
	body += 4;
	if (is_head || !header(text, "Content-Type", type, sizeof(type)) ||
	    strncmp(type, "application/json", 16) != 0)
		return;
	v = json_loadb(body, answer->len - (size_t)(body - text), 0, NULL);
	FUZZ_CHECK(v, "a JSON answer that is not JSON:\n%s", text);
	snprintf(path, sizeof(path), "%s", strchr(req->ptr, ' ') + 1);
	if (status >= 400 && strncmp(path, "/api/", 5) == 0) {
		json_t *e = json_object_get(v, "error");
		const char *keys[] = {"code", "message", "message_en"};
		FUZZ_CHECK(json_is_object(e), "an error answer without 'error':\n%s", text);
		for (size_t i = 0; i < BM_ARRAY_LEN(keys); i++) {
			json_t *s = json_object_get(e, keys[i]);
			FUZZ_CHECK(json_is_string(s) && json_string_length(s) > 0,
			           "error.%s missing or empty:\n%s", keys[i], text);
		}
	}
	json_decref(v);
}

/*
 * The unit is built before the first input (about a dozen Argon2id hashes):
 * libFuzzer's per-input timeout does not count it.
 */
int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	start();
	atexit(cleanup);
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	bm_buf in, req, answer;
	bool is_head;

	if (size > FUZZ_MAX_INPUT)
		return 0;
	if (!g.ready)
		LLVMFuzzerInitialize(NULL, NULL);
	{
		const uint8_t *gap = data;
		size_t left = size;
		while (left >= 8 && (gap = memchr(gap, 'p', left - 7)) != NULL) {
			if (memcmp(gap, "password", 8) == 0)
				return 0;
			gap++;
			left = size - (size_t)(gap - data);
		}
	}
	bm_buf_init(&in, 0);
	bm_buf_init(&req, 0);
	bm_buf_init(&answer, MAX_ANSWER);
	substitute(data, size, &in);
	build_request(in.ptr ? in.ptr : "", in.len, &req, &is_head);
	restore();
	exchange(&req, &answer);
	check_answer(&req, &answer, is_head);
	bm_buf_release(&in);
	bm_buf_release(&req);
	bm_buf_release(&answer);
	return 0;
}
