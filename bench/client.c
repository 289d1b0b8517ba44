/*
 * client.c — the benchmarks' keep-alive client (client.h).
 */
#include "common.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client.h"

double bench_seconds(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int bench_connect(const char *prog, int port)
{
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
	int one = 1, fd = socket(AF_INET, SOCK_STREAM, 0);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof(a)) != 0) {
		fprintf(stderr, "%s: connect: ", prog);
		perror(NULL);
		exit(1);
	}
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
	return fd;
}

/* The value of the Content-Length header in `head` (which ends at `end`), or 0. */
static long content_length(const char *head, const char *end)
{
	for (const char *p = head; p < end; p++)
		if (p[0] == '\n' && strncasecmp(p + 1, "Content-Length:", 15) == 0)
			return strtol(p + 16, NULL, 10);
	return 0;
}

int bench_exchange(const char *prog, int fd, const char *req, char *buf, size_t size)
{
	size_t len = strlen(req), got = 0;
	long body = -1;
	char *head_end = NULL;

	if (write(fd, req, len) != (ssize_t)len) {
		fprintf(stderr, "%s: write: ", prog);
		perror(NULL);
		exit(1);
	}
	for (;;) {
		ssize_t n = read(fd, buf + got, size - 1 - got);
		if (n <= 0) {
			fprintf(stderr, "%s: connection closed\n", prog);
			exit(1);
		}
		got += (size_t)n;
		buf[got] = '\0';
		if (!head_end && (head_end = strstr(buf, "\r\n\r\n")) != NULL)
			body = content_length(buf, head_end);
		if (head_end && (size_t)(head_end + 4 - buf) + (size_t)body <= got)
			break;
		if (got + 1 >= size) {
			fprintf(stderr, "%s: response too large\n", prog);
			exit(1);
		}
	}
	return (int)strtol(buf + 9, NULL, 10);
}

int bench_by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

void bench_login(const char *prog, int port, char *token, size_t size)
{
	static const char body[] = "{\"username\":\"clerk\",\"password\":\"" BENCH_DEMO_PW "\"}";
	char req[512], buf[8192];
	const char *p, *end;
	int fd = bench_connect(prog, port);
	snprintf(
	        req, sizeof(req),
	        "POST /api/v1/session HTTP/1.1\r\nHost: bench\r\nContent-Type: application/json\r\n"
	        "Content-Length: %zu\r\n\r\n%s",
	        sizeof(body) - 1, body);
	if (bench_exchange(prog, fd, req, buf, sizeof(buf)) != 201 ||
	    !(p = strstr(buf, "\"token\":\"")) || !(end = strchr(p + 9, '"')) ||
	    (size_t)(end - p - 9) >= size) {
		fprintf(stderr, "%s: clerk login failed (a `baomi demo` database?):\n%s\n", prog,
		        buf);
		exit(1);
	}
	memcpy(token, p + 9, (size_t)(end - p - 9));
	token[end - p - 9] = '\0';
	close(fd);
}
