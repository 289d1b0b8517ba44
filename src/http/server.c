/*
 * server.c — libmicrohttpd glue: the daemon and its worker pool, the store
 * handle pool, one request's life (route → body → session → handler →
 * response), the security headers, graceful stop.
 *
 * A request's life:
 *   first callback   route it (404/405 at once), check Content-Type (415)
 *                    and Content-Length (413 at once, the body is not read)
 *   body callbacks   collect the body up to the cap (then discard, 413)
 *   last callback    parse JSON, borrow a store, bm_ctx for "now", resume
 *                    the session (401), CSRF check for cookie sessions,
 *                    password-change gate (SYS-4), run the handler, answer
 *   completed        free the request's arena and body
 */
#include "common.h"

#include <arpa/inet.h>
#include <errno.h>
#include "http/mhd.h"
#include <netinet/in.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <sodium.h>

#include "http/http_int.h"
#include "http/integrity.h"
#include "http/web_files.h"
#include "util/buf.h"
#include "util/timeutil.h"
#include "util/utf8.h"

#define DEFAULT_THREADS     4
#define MAX_THREADS         64
#define REQUEST_ARENA_LIMIT (256u * 1024u * 1024u)
/*
 * Abuse bounds (issue 9): an idle connection is closed after the timeout;
 * one address holds at most PER_IP_LIMIT connections, so a few hundred slow
 * sockets from one client cannot take the places of everybody else; the
 * request line and headers of one request share CONNECTION_MEMORY bytes,
 * beyond which libmicrohttpd answers 414 (request line) or 431 (headers).
 */
#define CONNECTION_TIMEOUT_S 15
#define CONNECTION_LIMIT     512
#define PER_IP_LIMIT         64
#define CONNECTION_MEMORY    (32u * 1024u)
/* Bodies over the cap up to this size are read and dropped before the 413. */
#define DISCARD_LIMIT (8u * 1024u * 1024u)

/* ---- the store pool ------------------------------------------------------------ */

typedef struct store_pool {
	bm_store *writer; /* the one connection every use case writes through (store/pipeline.h) */
	bm_store **stores;
	bool *busy;
	size_t n;
	pthread_mutex_t mu;
	pthread_cond_t cv;
} store_pool;

static bm_store *pool_borrow(store_pool *p)
{
	bm_store *s = NULL;
	pthread_mutex_lock(&p->mu);
	for (;;) {
		for (size_t i = 0; i < p->n; i++) {
			if (!p->busy[i]) {
				p->busy[i] = true;
				s = p->stores[i];
				break;
			}
		}
		if (s)
			break;
		pthread_cond_wait(&p->cv, &p->mu);
	}
	pthread_mutex_unlock(&p->mu);
	return s;
}

static void pool_return(store_pool *p, bm_store *s)
{
	pthread_mutex_lock(&p->mu);
	for (size_t i = 0; i < p->n; i++)
		if (p->stores[i] == s)
			p->busy[i] = false;
	pthread_cond_signal(&p->cv);
	pthread_mutex_unlock(&p->mu);
}

/* ---- the server ------------------------------------------------------------------ */

struct bm_http_server {
	struct MHD_Daemon *daemon;
	store_pool pool;
	size_t max_body;
	atomic_int in_flight; /* requests between their first and completed callbacks */
	char url[128];
	const char *static_dir;
	/* SYS-3: every request's ctx.anchor (exports and checkpoints write here) */
	bm_svc_anchor anchor;
	char key_path[4096];
	char checkpoints_path[4096];
	bool tls; /* MHD_USE_TLS: answers over HTTPS only */
	/* the file's integrity check and verdict (integrity.h); NULL: none, "unchecked" */
	bm_http_integrity_state *integrity;
};

/* One request's state across MHD's callbacks. */
typedef struct req_state {
	bm_arena arena;
	bm_buf body;
	bool begun;           /* the first on_request call has been seen */
	bool uri_too_long;    /* over BM_HTTP_MAX_URL bytes: 414 */
	bool too_many_params; /* over BM_HTTP_MAX_QUERY parameters: 400 */
	bool too_large;
	bool has_body;
	size_t received; /* body bytes seen, kept or not */
	const bm_http_route *route;
	const char *params[BM_HTTP_MAX_PARAMS];
	size_t n_params;
	struct timespec started;
} req_state;

/* ---- responses --------------------------------------------------------------------- */

/* The longest valid UTF-8 prefix of `s` (messages may be cut mid-character). */
static json_t *utf8_string(const char *s)
{
	size_t len = strlen(s);
	while (len && !bm_utf8_valid(s, len))
		len--;
	return json_stringn(s, len);
}

/*
 * Status for an error: a few codes mean "authenticate" (401); the store's
 * "busy" (lock contention outlasting its wait) and "disk_full" (the disk
 * has no room for the write; the server serves again as soon as space is
 * freed) mean "try again" (503, with Retry-After), never a 500; the rest
 * come from the table.
 */
static bool retry_later(const bm_error *e)
{
	return strcmp(e->code, "busy") == 0 || strcmp(e->code, "disk_full") == 0;
}

static int error_status(int klass, const bm_error *e)
{
	static const char *const unauthenticated[] = {"session_invalid", "session_expired",
	                                              "session_superseded", "login_required"};
	for (size_t i = 0; i < BM_ARRAY_LEN(unauthenticated); i++)
		if (strcmp(e->code, unauthenticated[i]) == 0)
			return HTTP_UNAUTHORIZED;
	if (retry_later(e))
		return 503;
	return bm_error_http_status(klass);
}

/*
 * The error body of ARCHITECTURE.md from bm_error_last(). 5xx answers say
 * nothing about the inside (the detail goes to the server's log).
 */
static json_t *error_body(int status, const bm_error *e, const char *method, const char *path)
{
	json_t *body = json_object(), *err = json_object();
	if (strcmp(e->code, "disk_full") == 0) { /* the operator must act: logged */
		char m[32], p[512];
		fprintf(stderr, "baomi serve: %s %s failed: disk_full %s\n",
		        bm_http_log_text(m, sizeof(m), method),
		        bm_http_log_text(p, sizeof(p), path), e->message_en);
	}
	/* "busy" and "disk_full" say nothing about the inside: the client is told to retry. */
	/* "database_corrupt" at 503 is the server's own verdict on the file (integrity.h). */
	if (status >= 500 &&
	    !(status == 503 && (retry_later(e) || strcmp(e->code, "database_corrupt") == 0))) {
		char m[32], p[512], msg[512];
		fprintf(stderr, "baomi serve: %s %s failed: %s [%s] %s\n",
		        bm_http_log_text(m, sizeof(m), method),
		        bm_http_log_text(p, sizeof(p), path), e->code[0] ? e->code : "internal",
		        e->rule, bm_http_log_text(msg, sizeof(msg), e->message_en));
		json_object_set_new(err, "code",
		                    json_string(status == 503 ? "unavailable" : "internal"));
		json_object_set_new(err, "rule", json_null());
		json_object_set_new(err, "message",
		                    json_string("服务器内部错误，请联系系统管理员"));
		json_object_set_new(
		        err, "message_en",
		        json_string("internal error; contact the system administrator"));
	} else {
		json_object_set_new(err, "code", json_string(e->code[0] ? e->code : "error"));
		json_object_set_new(err, "rule", e->rule[0] ? json_string(e->rule) : json_null());
		/* The article of the unit's 保密工作制度 the refusal cites (0: none). */
		if (e->rule[0] && bm_svc_rule_article(e->rule) > 0)
			json_object_set_new(err, "article",
			                    json_integer(bm_svc_rule_article(e->rule)));
		json_object_set_new(err, "message", utf8_string(e->message));
		json_object_set_new(err, "message_en", utf8_string(e->message_en));
	}
	json_object_set_new(body, "error", err);
	return body;
}

static void security_headers(struct MHD_Response *resp, const char *path)
{
	MHD_add_response_header(resp, "Content-Security-Policy",
	                        "default-src 'self'; frame-ancestors 'none'");
	MHD_add_response_header(resp, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(resp, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(resp, "X-Frame-Options", "DENY");
	if (strncmp(path, "/api/", 5) == 0 || strcmp(path, "/api") == 0)
		MHD_add_response_header(resp, "Cache-Control", "no-store");
}

/* Adds the headers every answer carries, queues `resp` and lets it go. */
static bm_mhd_result queue_response(struct MHD_Connection *c, struct MHD_Response *resp, int status,
                                    const char *type, const char *path, const char *allow,
                                    const char *set_cookie, const char *disposition)
{
	bm_mhd_result ret;

	security_headers(resp, path);
	if (type)
		MHD_add_response_header(resp, "Content-Type", type);
	if (allow)
		MHD_add_response_header(resp, "Allow", allow);
	if (set_cookie)
		MHD_add_response_header(resp, "Set-Cookie", set_cookie);
	if (disposition)
		MHD_add_response_header(resp, "Content-Disposition", disposition);
	if (status == HTTP_UNAUTHORIZED)
		MHD_add_response_header(resp, "WWW-Authenticate", "Bearer realm=\"baomi\"");
	if (status == 503) /* busy, disk full or out of memory: all pass; a client may retry */
		MHD_add_response_header(resp, "Retry-After", "1");
	ret = MHD_queue_response(c, (unsigned int)status, resp);
	MHD_destroy_response(resp);
	return ret;
}

/* Queues a response; `text` (malloc'd, may be NULL for empty) is handed to MHD. */
static bm_mhd_result send_body(struct MHD_Connection *c, int status, char *text, size_t len,
                               const char *type, const char *path, const char *allow,
                               const char *set_cookie, const char *disposition)
{
	struct MHD_Response *resp;

	resp = MHD_create_response_from_buffer_with_free_callback(len, text, free);
	if (!resp) {
		free(text);
		return MHD_NO;
	}
	return queue_response(c, resp, status, type, path, allow, set_cookie, disposition);
}

/*
 * A body a handler streams (bm_http_req.stream): each piece is produced with
 * a store borrowed for that call only, so a slow reader holds no handle
 * while it is not reading and other requests never wait for one.
 */
typedef struct stream_state {
	bm_http_server *srv;
	const bm_http_route *route;
	long (*fn)(void *cls, bm_store *store, char *buf, size_t max);
	void (*release)(void *cls);
	void *cls;
} stream_state;

#define STREAM_BLOCK (32u * 1024u)

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	stream_state *st = cls;
	bm_store *store = pool_borrow(&st->srv->pool);
	long n = st->fn(st->cls, store, buf, max);
	(void)pos; /* the pieces come in order */
	pool_return(&st->srv->pool, store);
	/* SYS-3: a piece that met damage turns the server damaged, as an answer does. */
	if (n < 0 && strcmp(bm_error_last()->code, "database_corrupt") == 0)
		bm_http_integrity_met(st->srv->integrity, st->route->method, st->route->pattern,
		                      bm_error_last());
	if (n > 0)
		return (ssize_t)n;
	return n == 0 ? MHD_CONTENT_READER_END_OF_STREAM : MHD_CONTENT_READER_END_WITH_ERROR;
}

static void stream_done(void *cls)
{
	stream_state *st = cls;
	if (st->release)
		st->release(st->cls);
	bm_free(st);
}

static bm_mhd_result send_stream(bm_http_server *srv, const bm_http_route *route,
                                 struct MHD_Connection *c, int status, bm_http_req *r)
{
	struct MHD_Response *resp;
	stream_state *st = bm_calloc(1, sizeof(*st));

	if (!st) {
		if (r->stream_free)
			r->stream_free(r->stream_cls);
		return MHD_NO;
	}
	*st = (stream_state){srv, route, r->stream, r->stream_free, r->stream_cls};
	resp = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, STREAM_BLOCK, stream_read, st,
	                                         stream_done);
	if (!resp) {
		stream_done(st);
		return MHD_NO;
	}
	return queue_response(c, resp, status, r->raw_type, r->path, NULL, r->set_cookie,
	                      r->content_disposition);
}

static bm_mhd_result send_json(struct MHD_Connection *c, int status, json_t *body, const char *path,
                               const char *allow, const char *set_cookie)
{
	size_t len;
	char *text = bm_http_json_text(body, &len);
	json_decref(body);
	if (!text)
		return MHD_NO;
	return send_body(c, status, text, len, "application/json; charset=utf-8", path, allow,
	                 set_cookie, NULL);
}

/* An error decided by the HTTP layer itself (404, 405, 413, 415). */
static bm_mhd_result send_error(struct MHD_Connection *c, int status, const char *method,
                                const char *path, const char *allow, int klass, const char *code,
                                const char *zh, const char *en)
{
	bm_error_set_msg(klass, code, NULL, zh, en);
	return send_json(c, status, error_body(status, bm_error_last(), method, path), path, allow,
	                 NULL);
}

/* ---- request helpers ---------------------------------------------------------------- */

static bool has_body_method(const char *method)
{
	return strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0 ||
	       strcmp(method, "PATCH") == 0;
}

static bool state_changing(const char *method)
{
	return strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0;
}

/* application/json, optionally with parameters ("; charset=utf-8"). */
static bool json_content_type(const char *ct)
{
	size_t n = strlen("application/json");
	if (!ct || strncasecmp(ct, "application/json", n) != 0)
		return false;
	ct += n;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	return *ct == '\0' || *ct == ';';
}

/* The bearer token of the request and whether it came from the cookie. */
static const char *request_token(struct MHD_Connection *c, bool *via_cookie, bool *malformed)
{
	const char *auth = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
	*via_cookie = false;
	*malformed = false;
	if (auth) {
		if (strncasecmp(auth, "Bearer ", 7) != 0) {
			*malformed = true;
			return NULL;
		}
		auth += 7;
		while (*auth == ' ')
			auth++;
		return auth;
	}
	auth = MHD_lookup_connection_value(c, MHD_COOKIE_KIND, BM_HTTP_COOKIE);
	if (auth)
		*via_cookie = true;
	return auth;
}

static long elapsed_ms(const struct timespec *start)
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long)((now.tv_sec - start->tv_sec) * 1000 +
	              (now.tv_nsec - start->tv_nsec) / 1000000);
}

/* Checks the request's session for its route; 0 or an error code (error set). */
static int check_session(bm_http_req *r, struct MHD_Connection *c, const bm_http_route *route)
{
	bool via_cookie, malformed;
	const char *token, *bg;
	int rc;

	if (route->auth == BM_HTTP_PUBLIC)
		return 0;
	token = request_token(c, &via_cookie, &malformed);
	if (!token)
		return bm_svc_refuse_auth(malformed ? BM_SVC_BAD_TOKEN : BM_SVC_NO_TOKEN);
	/* SYS-4: a background read leaves the idle clock running. */
	bg = MHD_lookup_connection_value(c, MHD_HEADER_KIND, BM_HTTP_BACKGROUND_HEADER);
	rc = bg && strcmp(bg, "1") == 0 && !state_changing(r->method)
	             ? bm_svc_session_check(r->ctx, token, &r->session)
	             : bm_svc_session_resume(r->ctx, token, &r->session);
	if (rc != 0)
		return rc;
	/*
	 * CSRF: a browser sends the cookie on its own; a state-changing request
	 * carried by the cookie must also carry a header a foreign page cannot set.
	 */
	if (via_cookie && state_changing(r->method)) {
		const char *xrw =
		        MHD_lookup_connection_value(c, MHD_HEADER_KIND, BM_HTTP_CSRF_HEADER);
		if (!xrw || strcmp(xrw, BM_HTTP_CSRF_VALUE) != 0)
			return bm_error_set(
			        BM_EDENIED, "csrf_header_required", NULL,
			        "使用 Cookie 会话的修改请求须带 X-Requested-With: baomi 头",
			        "a state-changing request with a session cookie needs the header "
			        "X-Requested-With: baomi");
	}
	if (route->auth == BM_HTTP_SESSION)
		return bm_svc_require_password_current(r->ctx);
	return 0;
}

/*
 * Authenticates the request for its route, in the read snapshot that
 * bm_ctx_init_request opened for the unit and the policy, and ends that
 * snapshot: the route's use case opens its own.
 */
static int authenticate(bm_http_req *r, struct MHD_Connection *c, const bm_http_route *route)
{
	int rc = check_session(r, c, route);
	bm_svc_preamble_end(r->ctx);
	return rc;
}

/*
 * The access log's line for one answer: every field escaped (bm_http_log_text).
 * The line is formatted here and written with one write(2), as fprintf on the
 * unbuffered stderr did, but without stderr's lock: fprintf held it across the
 * write, so the workers queued on it (futex waits and wake-ups on every request).
 */
static void access_log(const char *method, const char *path, int status, const bm_person *actor,
                       const struct timespec *started)
{
	char m[32], p[512], who[160], line[1024];
	const char *at = line;
	int len = snprintf(line, sizeof(line), "%s %s %d %s %ldms\n",
	                   bm_http_log_text(m, sizeof(m), method),
	                   bm_http_log_text(p, sizeof(p), path), status,
	                   bm_http_log_text(who, sizeof(who),
	                                    actor && actor->username ? actor->username : "-"),
	                   elapsed_ms(started));
	/* the fields' caps keep the line well under sizeof(line) */
	size_t left = len <= 0 ? 0 : (size_t)len < sizeof(line) ? (size_t)len : sizeof(line) - 1;
	while (left > 0) {
		ssize_t n = write(STDERR_FILENO, at, left);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		at += n;
		left -= (size_t)n;
	}
}

/* Issue 9: a repeated request's first answer, or when it was lost, what it did. */
static int replay(bm_http_req *r, const bm_svc_idem_done *d)
{
	if (d->answer) {
		if (!(r->raw = strdup(d->answer)))
			return bm_error_nomem();
		r->raw_len = strlen(r->raw);
		r->raw_type = "application/json; charset=utf-8";
		r->status = d->status;
		return 0;
	}
	r->out = json_pack("{s:b,s:s}", "replayed", 1, "object", d->object ? d->object : "");
	return r->out ? 0 : bm_error_nomem();
}

/*
 * Runs the route's handler. A POST made in a session with an
 * Idempotency-Key (issue 9) that repeats an earlier request (same key,
 * path and body) gets that request's answer and runs nothing; a new one
 * runs with ctx->idem set (the use case claims the key as it commits) and
 * its answer is kept for the next retry.
 */
static int run_handler(bm_http_req *r, struct MHD_Connection *c, const req_state *st)
{
	const char *key = NULL;
	unsigned char h[crypto_generichash_BYTES];
	char hex[2 * crypto_generichash_BYTES + 1];
	bm_svc_idem *idem;
	bm_svc_idem_done done = {0};
	int rc;

	if (strcmp(r->method, "POST") == 0 && r->ctx->actor)
		key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
	if (!key)
		return st->route->handler(r);
	crypto_generichash(h, sizeof(h), (const unsigned char *)st->body.ptr, st->body.len, NULL,
	                   0);
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	if (!(idem = bm_arena_alloc(r->arena, sizeof(*idem))))
		return bm_error_nomem();
	*idem = (bm_svc_idem){key, r->method, r->path, bm_arena_strdup(r->arena, hex)};
	if (!idem->body_digest)
		return bm_error_nomem();
	rc = bm_svc_idem_find(r->ctx, idem, &done);
	if (rc == 0)
		return replay(r, &done);
	if (rc != BM_ENOTFOUND)
		return rc;
	bm_error_clear();
	r->ctx->idem = idem;
	rc = st->route->handler(r);
	if (rc == 0 && r->out && !r->raw && !r->stream) {
		size_t len;
		char *text = bm_http_json_text(r->out, &len); /* json_dumps(JSON_COMPACT)'s bytes */
		bm_error saved;
		bm_error_save(&saved);
		/* Not keeping it only costs a later retry the lost-answer reply. */
		if (!text || bm_svc_idem_answer(r->ctx, r->status ? r->status : HTTP_OK, text) != 0)
			fprintf(stderr, "baomi serve: idempotent answer not kept: %s\n",
			        bm_error_last()->message_en);
		bm_error_restore(&saved);
		free(text);
	}
	return rc;
}

/* Runs the route on a complete request and queues the answer. */
/* The request as the handler sees it, before its body and session. */
static void req_init(bm_http_req *r, const bm_http_server *srv, struct MHD_Connection *c,
                     req_state *st, const char *method, const char *path, bm_ctx *ctx)
{
	memset(r, 0, sizeof(*r));
	r->conn = c;
	r->method = method;
	r->path = path;
	r->arena = &st->arena;
	r->ctx = ctx;
	r->secure = srv->tls;
	r->integrity = BM_HTTP_INTEGRITY_UNCHECKED;
	r->integrity_detail = "";
	if (srv->integrity)
		r->integrity = bm_http_integrity_now(srv->integrity, &r->integrity_detail);
	memcpy(r->params, st->params, sizeof(r->params));
	r->n_params = st->n_params;
}

/* A request's body cap: an upload route's (a file to import) or the server's. */
static size_t body_cap(const bm_http_server *srv, const req_state *st)
{
	return bm_http_route_upload(st->route) ? BM_HTTP_MAX_UPLOAD : srv->max_body;
}

/* A damaged file serves nothing but its own diagnosis on /health (integrity.h). */
static bm_mhd_result send_damaged(struct MHD_Connection *c, const char *method, const char *path)
{
	bm_svc_damaged_refusal(); /* SYS-3 */
	return send_json(c, 503, error_body(503, bm_error_last(), method, path), path, NULL, NULL);
}

/*
 * The answer to a request whose handler failed with `klass` (bm_error_last()),
 * its status in *status. A store met damaged (database_corrupt) turns the
 * server damaged (SYS-3: the engine's message goes to the log and /health), and
 * this request is refused as every one after it is.
 */
static bm_mhd_result send_failure(bm_http_server *srv, struct MHD_Connection *c,
                                  const req_state *st, int klass, const bm_http_req *r, int *status)
{
	const bm_error *e = bm_error_last();

	if (strcmp(e->code, "database_corrupt") == 0) {
		bm_http_integrity_met(srv->integrity, st->route->method, st->route->pattern, e);
		bm_svc_damaged_refusal();
		e = bm_error_last();
		*status = 503;
	} else {
		*status = error_status(klass, e);
	}
	return send_json(c, *status, error_body(*status, e, r->method, r->path), r->path, NULL,
	                 r->set_cookie);
}

static bm_mhd_result run_request(bm_http_server *srv, struct MHD_Connection *c, req_state *st,
                                 const char *method, const char *path)
{
	bm_http_req r;
	bm_ctx ctx;
	bm_store *store = NULL;
	json_t *body = NULL;
	bm_mhd_result ret;
	int rc, status;

	req_init(&r, srv, c, st, method, path, &ctx);
	bm_error_clear();

	if (st->too_large)
		return send_error(c, HTTP_TOO_LARGE, method, path, NULL, BM_ETOOLARGE,
		                  "body_too_large", "请求体过大", "the request body is too large");
	if (r.integrity == BM_HTTP_INTEGRITY_DAMAGED && st->route->handler != bm_h_health)
		return send_damaged(c, method, path);
	if (st->has_body && bm_http_route_upload(st->route)) {
		/* An upload: the file's bytes as they came (an import). */
		r.upload = st->body.ptr ? st->body.ptr : "";
		r.upload_len = st->body.len;
	} else if (st->has_body && st->body.len > 0) {
		/* A chunked body may arrive without the headers checked at first sight. */
		if (!json_content_type(
		            MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type")))
			return send_error(c, HTTP_UNSUPPORTED_MEDIA_TYPE, method, path, NULL,
			                  BM_EINVALID, "unsupported_media_type",
			                  "请求体须为 application/json",
			                  "the request body must be application/json");
		if ((rc = bm_http_parse_body(st->body.ptr, st->body.len, srv->max_body, &body)) !=
		    0)
			goto fail_early;
		r.body = body;
	}

	store = pool_borrow(&srv->pool);
	if ((rc = bm_ctx_init_request(&ctx, store, &st->arena, bm_time_now(), "api")) != 0)
		goto respond;
	ctx.anchor = srv->anchor.key_path ? &srv->anchor : NULL; /* SYS-3 */
	if ((rc = authenticate(&r, c, st->route)) != 0)
		goto respond;
	rc = run_handler(&r, c, st);

respond:
	if (rc == 0) {
		status = r.status ? r.status : HTTP_OK;
		if (r.stream) {
			ret = send_stream(srv, st->route, c, status, &r);
			r.stream_free = NULL;
		} else if (r.raw) {
			ret = send_body(c, status, r.raw, r.raw_len, r.raw_type, path, NULL,
			                r.set_cookie, r.content_disposition);
			r.raw = NULL;
		} else {
			ret = send_json(c, status, r.out ? r.out : json_object(), path, NULL,
			                r.set_cookie);
			r.out = NULL;
		}
	} else {
		ret = send_failure(srv, c, st, rc, &r, &status);
	}
	json_decref(r.out);
	free(r.raw);
	if (r.stream_free) /* the handler failed after it set up its stream */
		r.stream_free(r.stream_cls);
	json_decref(body);
	access_log(method, path, status, ctx.actor, &st->started);
	if (store)
		pool_return(&srv->pool, store);
	return ret;

fail_early:
	status = error_status(rc, bm_error_last());
	return send_json(c, status, error_body(status, bm_error_last(), method, path), path, NULL,
	                 NULL);
}

/* Files outside /api: the web UI embedded at build time (static.c, issue 5). */
static bm_mhd_result serve_static(bm_http_server *srv, struct MHD_Connection *c, const char *method,
                                  const char *path)
{
	BM_UNUSED(srv);
	return bm_http_static(c, method, path);
}

static bm_mhd_result on_request(void *cls, struct MHD_Connection *c, const char *url,
                                const char *method, const char *version, const char *upload_data,
                                size_t *upload_data_size, void **con_cls)
{
	bm_http_server *srv = cls;
	req_state *st = *con_cls;
	BM_UNUSED(version);

	if (!st) /* on_uri could not allocate it */
		return MHD_NO;
	if (!st->begun) {
		const char *ct, *len_text;
		char allow[64];
		bm_route_match m;
		size_t n_routes;
		const bm_http_route *table = bm_http_routes(&n_routes);

		st->begun = true;
		if (st->uri_too_long)
			return send_error(c, HTTP_URI_TOO_LONG, method, url, NULL, BM_ETOOLARGE,
			                  "uri_too_long", "请求地址过长（最多 8192 字节）",
			                  "the request URI is too long (at most 8192 bytes)");
		if (st->too_many_params)
			return send_error(c, 400, method, url, NULL, BM_EINVALID,
			                  "too_many_parameters", "查询参数过多（最多 64 个）",
			                  "too many query parameters (at most 64)");
		if (strncmp(url, "/api/", 5) != 0)
			return serve_static(srv, c, method, url);
		m = bm_http_match(table, n_routes, method, url, &st->arena, &st->route, st->params,
		                  &st->n_params, allow, sizeof(allow));
		if (m == BM_ROUTE_NO_PATH)
			return send_error(c, HTTP_NOT_FOUND, method, url, NULL, BM_ENOTFOUND,
			                  "not_found", "接口不存在", "no such API route");
		if (m == BM_ROUTE_BAD_METHOD)
			return send_error(c, HTTP_METHOD_NOT_ALLOWED, method, url, allow,
			                  BM_EINVALID, "method_not_allowed",
			                  "此接口不支持该请求方法",
			                  "this route does not accept that method");
		st->has_body = has_body_method(method);
		len_text = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Length");
		if (len_text) {
			char *end;
			unsigned long long n;
			errno = 0;
			n = strtoull(len_text, &end, 10);
			/*
			 * A modest overrun is read and dropped, so the client can read the
			 * 413; a huge one is answered at once and the connection closed.
			 */
			if (errno || *end || n > DISCARD_LIMIT)
				return send_error(c, HTTP_TOO_LARGE, method, url, NULL,
				                  BM_ETOOLARGE, "body_too_large", "请求体过大",
				                  "the request body is too large");
			if (n > body_cap(srv, st))
				st->too_large = true;
		}
		if (bm_http_route_upload(st->route))
			st->body.max = body_cap(srv, st) + 1;
		ct = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Content-Type");
		if (st->has_body && !bm_http_route_upload(st->route) &&
		    (ct || (len_text && strcmp(len_text, "0") != 0)) && !json_content_type(ct))
			return send_error(c, HTTP_UNSUPPORTED_MEDIA_TYPE, method, url, NULL,
			                  BM_EINVALID, "unsupported_media_type",
			                  "请求体须为 application/json",
			                  "the request body must be application/json");
		return MHD_YES;
	}
	if (*upload_data_size) {
		/* Past the discard limit the client is not worth an answer: close. */
		st->received += *upload_data_size;
		if (st->received > DISCARD_LIMIT)
			return MHD_NO;
		if (!st->too_large && bm_buf_put(&st->body, upload_data, *upload_data_size) != 0)
			st->too_large = true;
		if (st->body.len > body_cap(srv, st))
			st->too_large = true;
		*upload_data_size = 0;
		return MHD_YES;
	}
	return run_request(srv, c, st, method, url);
}

/*
 * The first sight of a request, its raw request target, before
 * libmicrohttpd splits the query. The request's state starts here. A target
 * over BM_HTTP_MAX_URL bytes or with more than BM_HTTP_MAX_QUERY parameters
 * is marked for a refusal, and its query is emptied where it lies in the
 * connection's read buffer: libmicrohttpd 0.9.75 keeps one record per
 * parameter in the connection's memory, and a few hundred of them leave no
 * room to answer at all (the client waited for the timeout). The target is
 * that buffer, writable; only bytes after the '?' are touched, which the
 * library is about to cut up anyway.
 */
static void *on_uri(void *cls, const char *uri, struct MHD_Connection *c)
{
	bm_http_server *srv = cls;
	req_state *st = bm_calloc(1, sizeof(*st));
	char *query = strchr(uri, '?');
	BM_UNUSED(c);

	if (!st)
		return NULL;
	bm_arena_init_reuse(&st->arena, REQUEST_ARENA_LIMIT);
	bm_buf_init(&st->body, srv->max_body + 1);
	clock_gettime(CLOCK_MONOTONIC, &st->started);
	atomic_fetch_add(&srv->in_flight, 1);
	st->uri_too_long = strlen(uri) > BM_HTTP_MAX_URL;
	if (query) {
		size_t n = 1;
		for (const char *p = query + 1; *p; p++)
			n += *p == '&';
		st->too_many_params = n > BM_HTTP_MAX_QUERY;
		if (st->uri_too_long || st->too_many_params)
			query[1] = '\0';
	}
	return st;
}

static void on_completed(void *cls, struct MHD_Connection *c, void **con_cls,
                         enum MHD_RequestTerminationCode toe)
{
	bm_http_server *srv = cls;
	req_state *st = *con_cls;
	BM_UNUSED(c);
	BM_UNUSED(toe);
	if (!st)
		return;
	bm_arena_release(&st->arena);
	bm_buf_release(&st->body);
	bm_free(st);
	*con_cls = NULL;
	atomic_fetch_sub(&srv->in_flight, 1);
}

/* libmicrohttpd's own messages, one escaped line each (they may quote the client). */
__attribute__((format(printf, 2, 0))) static void on_mhd_log(void *cls, const char *fmt, va_list ap)
{
	char raw[1024], line[1024];
	size_t len;
	BM_UNUSED(cls);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	len = strlen(raw);
	while (len && (raw[len - 1] == '\n' || raw[len - 1] == '\r'))
		raw[--len] = '\0';
	fprintf(stderr, "baomi serve: libmicrohttpd: %s\n",
	        bm_http_log_text(line, sizeof(line), raw));
}

static void on_panic(void *cls, const char *file, unsigned int line, const char *reason)
{
	BM_UNUSED(cls);
	fprintf(stderr, "baomi serve: libmicrohttpd failure at %s:%u: %s\n", file ? file : "?",
	        line, reason ? reason : "");
	abort();
}

/* ---- start and stop ------------------------------------------------------------------ */

/* Parses "HOST:PORT" or "[V6]:PORT" into a socket address. */
static int parse_listen(const char *listen, struct sockaddr_storage *out, socklen_t *len, bool *v6)
{
	char host[64];
	const char *colon, *port_text;
	char *end;
	long port;

	memset(out, 0, sizeof(*out));
	if (!listen || !*listen)
		goto bad;
	if (listen[0] == '[') {
		const char *close = strchr(listen, ']');
		if (!close || close[1] != ':' || (size_t)(close - listen - 1) >= sizeof(host))
			goto bad;
		memcpy(host, listen + 1, (size_t)(close - listen - 1));
		host[close - listen - 1] = '\0';
		port_text = close + 2;
		*v6 = true;
	} else {
		colon = strrchr(listen, ':');
		if (!colon || (size_t)(colon - listen) >= sizeof(host))
			goto bad;
		memcpy(host, listen, (size_t)(colon - listen));
		host[colon - listen] = '\0';
		port_text = colon + 1;
		*v6 = false;
	}
	errno = 0;
	port = strtol(port_text, &end, 10);
	if (errno || !*port_text || *end || port < 0 || port > 65535)
		goto bad;
	if (*v6) {
		struct sockaddr_in6 *a = (struct sockaddr_in6 *)out;
		a->sin6_family = AF_INET6;
		a->sin6_port = htons((uint16_t)port);
		if (inet_pton(AF_INET6, host, &a->sin6_addr) != 1)
			goto bad;
		*len = sizeof(*a);
	} else {
		struct sockaddr_in *a = (struct sockaddr_in *)out;
		a->sin_family = AF_INET;
		a->sin_port = htons((uint16_t)port);
		if (inet_pton(AF_INET, host, &a->sin_addr) != 1)
			goto bad;
		*len = sizeof(*a);
	}
	return 0;
bad:
	return bm_error_set(BM_EINVALID, "invalid_listen", NULL,
	                    "监听地址无效 '%s'（应为 IP:端口，如 127.0.0.1:8080）",
	                    "invalid listen address '%s' (IP:PORT, e.g. 127.0.0.1:8080)",
	                    listen ? listen : "");
}

static void close_pool(store_pool *p)
{
	for (size_t i = 0; i < p->n; i++)
		bm_svc_close(p->stores[i]);
	bm_svc_close(p->writer); /* after the readers, which share its pipeline */
	bm_free(p->stores);
	bm_free(p->busy);
	pthread_mutex_destroy(&p->mu);
	pthread_cond_destroy(&p->cv);
	memset(p, 0, sizeof(*p));
}

/*
 * One store handle per worker, where its reads run in snapshots: a request
 * never waits for a handle. Writes from every worker go through one more
 * handle, the writer, whose pipeline commits them in batches.
 */
static int open_pool(store_pool *p, int threads, const char *db)
{
	int rc;
	/* Refuses a missing, uninitialised or damaged database (issue 9, point 4). */
	if ((rc = bm_svc_open_serving(&p->writer, db)) != 0)
		return rc;
	p->stores = bm_calloc((size_t)threads, sizeof(*p->stores));
	p->busy = bm_calloc((size_t)threads, sizeof(*p->busy));
	if (!p->stores || !p->busy)
		return bm_error_nomem();
	for (int i = 0; i < threads; i++) {
		if ((rc = bm_svc_open(&p->stores[i], db)) != 0)
			return rc;
		bm_svc_share_writer(p->stores[i], p->writer);
		p->n++;
	}
	return 0;
}

/* Why the daemon did not start: above all, another server on the port; else a bad TLS pair. */
static int listen_error(const char *listen, int err, bool tls)
{
	if (err == EADDRINUSE)
		return bm_error_set(
		        BM_ERROR, "address_in_use", NULL,
		        "无法在 %s 上监听：该端口已被占用（可能已有一个 baomi serve "
		        "在运行）",
		        "cannot listen on %s: the address is already in use (is another "
		        "baomi serve running?)",
		        listen);
	if (tls) /* GnuTLS refused the certificate or key at start */
		return bm_error_set(
		        BM_ERROR, "tls_failed", NULL,
		        "无法以 TLS 在 %s 上监听：证书或私钥无法使用（须为 PEM 格式且相互匹配）",
		        "cannot listen with TLS on %s: the certificate or key is unusable "
		        "(PEM, and the two must match)",
		        listen);
	return bm_error_set(BM_ERROR, "listen_failed", NULL, "无法在 %s 上监听：%s",
	                    "cannot listen on %s: %s", listen,
	                    err ? strerror(err) : "libmicrohttpd refused to start");
}

/* SYS-3: the audit key and checkpoint file every request's ctx.anchor names. */
static void anchor_init(bm_http_server *srv, const bm_http_config *cfg)
{
	if (bm_svc_anchor_default(cfg->db, srv->key_path, srv->checkpoints_path,
	                          sizeof(srv->key_path)) != 0) {
		bm_error_clear(); /* not a file: only given paths anchor the chain */
		srv->key_path[0] = srv->checkpoints_path[0] = '\0';
	}
	srv->anchor.key_path = cfg->audit_key ? cfg->audit_key : srv->key_path;
	srv->anchor.checkpoints_path = cfg->checkpoints ? cfg->checkpoints : srv->checkpoints_path;
	if (!*srv->anchor.key_path || !*srv->anchor.checkpoints_path)
		srv->anchor.key_path = srv->anchor.checkpoints_path = NULL;
}

/*
 * The daemon's flags: epoll where the platform has it (Linux), else poll,
 * never a thread per connection; IPv6; TLS when both PEM texts are given
 * (BM_EINVALID "tls_incomplete" for one alone, "tls_unsupported" when this
 * libmicrohttpd was built without GnuTLS).
 */
static int daemon_flags(const bm_http_config *cfg, bool v6, unsigned int *out)
{
	unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_ERROR_LOG;
	if (MHD_is_feature_supported(MHD_FEATURE_EPOLL) == MHD_YES)
		flags |= MHD_USE_EPOLL;
	else if (MHD_is_feature_supported(MHD_FEATURE_POLL) == MHD_YES)
		flags |= MHD_USE_POLL;
	if (v6)
		flags |= MHD_USE_IPv6;
	if ((cfg->tls_cert != NULL) != (cfg->tls_key != NULL))
		return bm_error_set(
		        BM_EINVALID, "tls_incomplete", NULL,
		        "启用 TLS 须同时给出证书和私钥（--tls-cert 与 --tls-key）",
		        "TLS needs both a certificate and a key (--tls-cert and --tls-key)");
	if (cfg->tls_cert) {
		if (MHD_is_feature_supported(MHD_FEATURE_TLS) != MHD_YES)
			return bm_error_set(
			        BM_ERROR, "tls_unsupported", NULL,
			        "本机的 libmicrohttpd 不支持 TLS（未以 GnuTLS 构建）",
			        "this libmicrohttpd has no TLS (not built with GnuTLS)");
		flags |= MHD_USE_TLS;
	}
	*out = flags;
	return 0;
}

int bm_http_start(bm_http_server **out, const bm_http_config *cfg)
{
	bm_http_server *srv;
	struct sockaddr_storage addr;
	socklen_t addr_len = 0;
	bool v6 = false;
	unsigned int flags = 0;
	int threads = cfg->threads > 0 ? cfg->threads : DEFAULT_THREADS, rc;
	const union MHD_DaemonInfo *info;

	if (threads > MAX_THREADS)
		threads = MAX_THREADS;
	if ((rc = parse_listen(cfg->listen, &addr, &addr_len, &v6)) != 0)
		return rc;
	if (!(srv = bm_calloc(1, sizeof(*srv))))
		return bm_error_nomem();
	srv->max_body = cfg->max_body ? cfg->max_body : BM_HTTP_MAX_BODY;
	srv->static_dir = cfg->static_dir;
	anchor_init(srv, cfg);
	atomic_init(&srv->in_flight, 0);
	pthread_mutex_init(&srv->pool.mu, NULL);
	pthread_cond_init(&srv->pool.cv, NULL);

	if ((rc = open_pool(&srv->pool, threads, cfg->db)) != 0)
		goto fail;
	/* The database is open and migrated and nothing listens yet (SYS-3's start checkpoint). */
	if (cfg->before_listen)
		cfg->before_listen(cfg->before_listen_arg);

	/* jansson's hash seed is set once here, before any worker thread exists. */
	json_object_seed(0);
	MHD_set_panic_func(on_panic, NULL);
	if ((rc = daemon_flags(cfg, v6, &flags)) != 0)
		goto fail;
	srv->tls = (flags & MHD_USE_TLS) != 0;
	/*
	 * No MHD_OPTION_LISTENING_ADDRESS_REUSE: set to 1 it meant SO_REUSEPORT,
	 * and a second server on the same port took half the connections. The
	 * library's default (SO_REUSEADDR only) lets a restart bind at once and
	 * a second server fail.
	 */
	errno = 0;
	srv->daemon = MHD_start_daemon(
	        flags, 0, NULL, NULL, on_request, srv, MHD_OPTION_EXTERNAL_LOGGER, on_mhd_log, NULL,
	        MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&addr, MHD_OPTION_THREAD_POOL_SIZE,
	        (unsigned int)threads, MHD_OPTION_URI_LOG_CALLBACK, on_uri, srv,
	        MHD_OPTION_NOTIFY_COMPLETED, on_completed, srv, MHD_OPTION_CONNECTION_TIMEOUT,
	        cfg->timeout_s ? cfg->timeout_s : (unsigned int)CONNECTION_TIMEOUT_S,
	        MHD_OPTION_CONNECTION_LIMIT,
	        cfg->max_connections ? cfg->max_connections : (unsigned int)CONNECTION_LIMIT,
	        MHD_OPTION_PER_IP_CONNECTION_LIMIT,
	        cfg->max_per_ip ? cfg->max_per_ip : (unsigned int)PER_IP_LIMIT,
	        MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)CONNECTION_MEMORY,
	        /* Read by the daemon at start (GnuTLS keeps its own copy); the list ends here
	           without TLS. */
	        srv->tls ? MHD_OPTION_HTTPS_MEM_CERT : MHD_OPTION_END, cfg->tls_cert,
	        MHD_OPTION_HTTPS_MEM_KEY, cfg->tls_key, MHD_OPTION_END);
	if (!srv->daemon) {
		rc = listen_error(cfg->listen, errno, srv->tls);
		goto fail;
	}
	info = MHD_get_daemon_info(srv->daemon, MHD_DAEMON_INFO_BIND_PORT);
	{
		char host[INET6_ADDRSTRLEN] = "127.0.0.1";
		unsigned port = info ? info->port : 0;
		if (v6)
			inet_ntop(AF_INET6, &((struct sockaddr_in6 *)&addr)->sin6_addr, host,
			          sizeof(host));
		else
			inet_ntop(AF_INET, &((struct sockaddr_in *)&addr)->sin_addr, host,
			          sizeof(host));
		snprintf(srv->url, sizeof(srv->url), v6 ? "%s://[%s]:%u" : "%s://%s:%u",
		         srv->tls ? "https" : "http", host, port);
	}
	bm_http_integrity_start(&srv->integrity, cfg->db, NULL); /* NULL: serves "unchecked" */
	*out = srv;
	return 0;
fail:
	close_pool(&srv->pool);
	bm_free(srv);
	return rc;
}

const char *bm_http_url(const bm_http_server *srv)
{
	return srv->url;
}

void bm_http_stop(bm_http_server *srv, int grace_ms)
{
	MHD_socket listen_fd;
	if (!srv)
		return;
	/* Stop accepting; requests already begun run to their answer. */
	listen_fd = MHD_quiesce_daemon(srv->daemon);
	if (listen_fd != MHD_INVALID_SOCKET)
		close(listen_fd);
	for (int waited = 0; atomic_load(&srv->in_flight) > 0 && waited < grace_ms; waited += 10) {
		struct timespec ten_ms = {0, 10 * 1000 * 1000};
		nanosleep(&ten_ms, NULL);
	}
	MHD_stop_daemon(srv->daemon);
	close_pool(&srv->pool);
	bm_http_integrity_release(srv->integrity);
	bm_free(srv);
}
