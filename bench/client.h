/*
 * client.h — the benchmarks' minimal HTTP/1.1 keep-alive client (bench_http,
 * bench_register): loopback only, one request and one response at a time,
 * exits on any transport failure (a benchmark has nothing to recover).
 */
#ifndef BENCH_CLIENT_H
#define BENCH_CLIENT_H

#include <stddef.h>

/* The demo unit's clerk password (`baomi demo`). */
#define BENCH_DEMO_PW "Baomi@2026demo"

/* Monotonic seconds. */
double bench_seconds(void);

/* A TCP_NODELAY connection to 127.0.0.1:port; `prog` prefixes an error. */
int bench_connect(const char *prog, int port);

/* Sends `req`, reads one response into `buf` (NUL-terminated); returns its HTTP status. */
int bench_exchange(const char *prog, int fd, const char *req, char *buf, size_t size);

/* qsort order of doubles, ascending. */
int bench_by_value(const void *a, const void *b);

/* Logs the demo clerk in and copies the session token into `token`. */
void bench_login(const char *prog, int port, char *token, size_t size);

/*
 * A server the clients are spread over instead of the one the bench starts in
 * its own process (`--target LABEL=URL[,URL...]`): a `baomi serve` already
 * running, e.g. two of them on one PostgreSQL database (issue 12 point 5).
 * Client i talks to ports[i % nports].
 */
#define BENCH_MAX_TARGETS 6
#define BENCH_MAX_PORTS   8
typedef struct bench_target {
	char label[64];
	int ports[BENCH_MAX_PORTS];
	int nports;
} bench_target;

/* The port of "http://127.0.0.1:PORT" (loopback only), or 0. */
int bench_port_of(const char *url);

/* Parses LABEL=URL[,URL...] into `t`; 0, or -1 with a message on stderr. */
int bench_target_parse(const char *prog, const char *arg, bench_target *t);

/*
 * CPU time (user + system, seconds) of this process and of every process
 * in the trees rooted at `pids` (a `baomi serve`, a PostgreSQL postmaster
 * with its backends), children already reaped by them included: the
 * cost of a request wherever it runs. Read from /proc; a root that has gone
 * counts nothing.
 */
double bench_cpu_seconds(const int *pids, int npids);

#endif
