/*
 * client.c — the benchmarks' keep-alive client (client.h).
 */
#include "common.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/resource.h>
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

int bench_port_of(const char *url)
{
	static const char prefix[] = "http://127.0.0.1:";
	char *end;
	long port;
	if (strncmp(url, prefix, sizeof(prefix) - 1) != 0)
		return 0;
	errno = 0;
	port = strtol(url + sizeof(prefix) - 1, &end, 10);
	if (errno || port <= 0 || port > 65535 || (*end && *end != '/' && *end != ','))
		return 0;
	return (int)port;
}

int bench_target_parse(const char *prog, const char *arg, bench_target *t)
{
	const char *eq = strchr(arg, '=');
	const char *p;
	memset(t, 0, sizeof(*t));
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof(t->label)) {
		fprintf(stderr, "%s: --target LABEL=URL[,URL...], not '%s'\n", prog, arg);
		return -1;
	}
	memcpy(t->label, arg, (size_t)(eq - arg));
	for (p = eq + 1; *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : p + strlen(p)) {
		int port = bench_port_of(p);
		if (!port || t->nports == BENCH_MAX_PORTS) {
			fprintf(stderr, "%s: %s: up to %d URLs http://127.0.0.1:PORT\n", prog, arg,
			        BENCH_MAX_PORTS);
			return -1;
		}
		t->ports[t->nports++] = port;
	}
	if (!t->nports) {
		fprintf(stderr, "%s: %s: no URL\n", prog, arg);
		return -1;
	}
	return 0;
}

typedef struct proc_cpu {
	int pid, ppid;
	unsigned long long ticks; /* utime + stime + cutime + cstime */
} proc_cpu;

/* Reads /proc/PID/stat; 0 on success. */
static int read_stat(int pid, proc_cpu *out)
{
	char path[64], line[1024];
	const char *p;
	FILE *f;
	unsigned long long v[4];
	int ppid;
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (!(f = fopen(path, "r")))
		return -1;
	p = fgets(line, sizeof(line), f);
	fclose(f);
	/* "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
	 * utime stime cutime cstime ...": comm may hold spaces, so start after its ')'. */
	if (!p || !(p = strrchr(line, ')')) ||
	    sscanf(p + 1, " %*c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu %llu %llu", &ppid,
	           &v[0], &v[1], &v[2], &v[3]) != 5)
		return -1;
	out->pid = pid;
	out->ppid = ppid;
	out->ticks = v[0] + v[1] + v[2] + v[3];
	return 0;
}

/* Whether `pid` is one of the roots or descends from one (ppid chain in `all`). */
static int in_trees(const proc_cpu *all, size_t n, int pid, const int *roots, int nroots)
{
	for (int depth = 0; pid > 1 && depth < 64; depth++) {
		size_t i;
		for (int r = 0; r < nroots; r++)
			if (roots[r] == pid)
				return 1;
		for (i = 0; i < n && all[i].pid != pid; i++)
			;
		if (i == n)
			return 0;
		pid = all[i].ppid;
	}
	return 0;
}

double bench_cpu_seconds(const int *pids, int npids)
{
	struct rusage u;
	double total;
	getrusage(RUSAGE_SELF, &u);
	total = (double)u.ru_utime.tv_sec + (double)u.ru_utime.tv_usec / 1e6 +
	        (double)u.ru_stime.tv_sec + (double)u.ru_stime.tv_usec / 1e6;
	if (npids > 0) {
		DIR *d = opendir("/proc");
		const struct dirent *e;
		proc_cpu *all = NULL;
		size_t n = 0, cap = 0;
		unsigned long long ticks = 0;
		if (!d)
			return total;
		while ((e = readdir(d)) != NULL) {
			char *end;
			long pid = strtol(e->d_name, &end, 10);
			if (*end || pid <= 0)
				continue;
			if (n == cap) {
				proc_cpu *grown =
				        realloc(all, (cap = cap ? 2 * cap : 256) * sizeof(*all));
				if (!grown)
					break;
				all = grown;
			}
			if (read_stat((int)pid, &all[n]) == 0)
				n++;
		}
		closedir(d);
		for (size_t i = 0; i < n; i++)
			if (in_trees(all, n, all[i].pid, pids, npids))
				ticks += all[i].ticks;
		free(all);
		total += (double)ticks / (double)sysconf(_SC_CLK_TCK);
	}
	return total;
}
