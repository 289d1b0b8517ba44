/*
 * http.h — the HTTP JSON API (/api/v1) over libmicrohttpd: what the CLI's
 * `baomi serve` needs. The server translates requests into service calls
 * and results into JSON; it holds no business rule (ARCHITECTURE.md).
 *
 * Threads: a fixed pool of MHD worker threads (epoll where available, else
 * poll), never one thread per connection. A bm_store handle is not
 * thread-safe, so the server keeps one handle per worker in a small
 * mutex-protected pool; each request borrows one and builds its own arena
 * and bm_ctx ("api" channel, "now" read once per request).
 */
#ifndef BM_HTTP_H
#define BM_HTTP_H

#include <stddef.h>

typedef struct bm_http_config {
	const char *db;         /* store target (path) */
	const char *listen;     /* "127.0.0.1:8080", "[::1]:8080"; port 0 picks a free one */
	int threads;            /* worker threads and store handles; 0 = 4 */
	size_t max_body;        /* request body cap in bytes; 0 = 1 MiB */
	const char *static_dir; /* web/ (issue 5); NULL = none */
	/* Abuse bounds (0 = the default in brackets). */
	unsigned max_connections; /* open connections in all [512] */
	unsigned max_per_ip;      /* open connections from one address [32] */
	unsigned timeout_s;       /* an idle connection is closed after this [15] */
	/* SYS-3: the unit's audit key and checkpoint file; NULL: beside `db` */
	const char *audit_key;
	const char *checkpoints;
	/*
	 * TLS (issue 9): both NULL = plain HTTP; both set = HTTPS only, through
	 * libmicrohttpd's GnuTLS, session cookies marked `Secure`. PEM text, not
	 * paths; the caller keeps them until bm_http_start returns.
	 */
	const char *tls_cert;
	const char *tls_key;
	/*
	 * Called once the database has been opened and found good, before the
	 * socket listens: no request can run while it does (NULL = none).
	 */
	void (*before_listen)(void *arg);
	void *before_listen_arg;
} bm_http_config;

typedef struct bm_http_server bm_http_server;

/*
 * Opens the store handles and starts listening. `*out` belongs to the
 * caller; bm_http_stop frees it. Returns 0, BM_EINVALID for a bad listen
 * address, or BM_ERROR (error set) when the store or the socket fails
 * ("address_in_use" when another process listens on the port: the socket
 * is opened without SO_REUSEPORT, so a second server can never share it;
 * "tls_incomplete" / "tls_failed" for a missing or unusable key or cert).
 */
int bm_http_start(bm_http_server **out, const bm_http_config *cfg);

/* "http://127.0.0.1:8080": the address actually bound (borrowed from the server). */
const char *bm_http_url(const bm_http_server *srv);

/*
 * Graceful stop: stops accepting, waits (up to `grace_ms`) for requests in
 * flight to finish, stops the workers, closes every store and frees `srv`.
 * NULL is ignored.
 */
void bm_http_stop(bm_http_server *srv, int grace_ms);

/*
 * The route table, for `baomi serve --print-routes` and the OpenAPI test:
 * entry `i` (< bm_http_route_count()) as method, pattern and who may call
 * it ("public", "session", "session-any"). Strings are static.
 */
size_t bm_http_route_count(void);
void bm_http_route_get(size_t i, const char **method, const char **pattern, const char **auth);

#endif
