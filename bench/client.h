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

#endif
