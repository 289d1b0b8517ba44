/*
 * bench_http.c — what baomi's HTTP layer costs over the bare HTTP stack.
 *
 * Both servers run in this process on loopback with the same libmicrohttpd
 * configuration (internal polling thread, a pool of 16 workers, epoll), and
 * the same client drives them: C threads, each on one keep-alive connection,
 * sending N GET requests in turn. Reported as ratios taken in one run
 * (ARCHITECTURE.md: targets are ratios, never timed assertions):
 *   1. GET /api/v1/health on baomi (routing, security headers, a store
 *      handle borrowed from the pool, JSON) against a bare MHD handler that
 *      answers the same bytes;
 *   2. GET /api/v1/me with a session (token hash lookup, idle check, the
 *      person's record) against the same bare handler;
 *   3. GET /api/v1/carriers/{id} (visibility, history, and an audited read:
 *      one synced commit per request) against the same bare handler.
 *
 * Usage: bench_http DB [N [WHICH]] [--target LABEL=URL[,URL...]]... [--cpu-pid PID]...
 *   DB: a database made by `baomi demo` (the clerk's demo password is used),
 *   served in this process; N requests per client thread (default 2000);
 *   WHICH a comma-separated choice of health, me, carrier (default all: the
 *   bare handler is always measured, in the same run, for the ratios).
 *   --target: the same measurements against servers already running (a
 *   `baomi serve` on PostgreSQL, or two of them on one database: the clients
 *   spread over the URLs in turn; the clerk logs in on the first, so the
 *   session serves on the others too). --cpu-pid: a process whose tree (a
 *   `baomi serve`, a PostgreSQL postmaster and its backends) is counted in
 *   every line's CPU per request beside this process's own.
 */
#include "common.h"

#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <strings.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "client.h"
#include "http/http.h"

#define CLIENTS 16

static const char bare_body[] = "{\"status\":\"ok\",\"version\":\"0.1.0\"}";

static enum MHD_Result bare_handler(void *cls, struct MHD_Connection *c, const char *url,
                                    const char *method, const char *version, const char *upload,
                                    size_t *upload_size, void **state)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	BM_UNUSED(cls);
	BM_UNUSED(url);
	BM_UNUSED(method);
	BM_UNUSED(version);
	BM_UNUSED(upload);
	BM_UNUSED(upload_size);
	if (*state == NULL) { /* the first call only announces the request */
		*state = (void *)bare_body;
		return MHD_YES;
	}
	r = MHD_create_response_from_buffer(sizeof(bare_body) - 1, (void *)bare_body,
	                                    MHD_RESPMEM_PERSISTENT);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

typedef struct job {
	const int *ports; /* client i talks to ports[i % nports] */
	int nports;
	int n;
	const char *request;
	double *latency; /* n seconds per client, CLIENTS * n in all */
	int *failed;     /* answers other than 200, per client */
} job;

typedef struct client_arg {
	const job *job;
	int index;
} client_arg;

static void *client(void *arg)
{
	const client_arg *ca = arg;
	const job *j = ca->job;
	double *latency = j->latency + (size_t)ca->index * (size_t)j->n;
	char buf[65536];
	int fd = bench_connect("bench_http", j->ports[ca->index % j->nports]);
	for (int i = 0; i < j->n; i++) {
		double t0 = bench_seconds();
		int status = bench_exchange("bench_http", fd, j->request, buf, sizeof(buf));
		latency[i] = bench_seconds() - t0;
		if (status != 200)
			j->failed[ca->index]++;
	}
	close(fd);
	return NULL;
}

typedef struct result {
	double rate;   /* requests per second, all clients together */
	double p50_ms; /* latency of one request */
	double p99_ms;
	int failed;    /* answers other than 200 (e.g. 500 busy), counted in the rate */
	double cpu_us; /* CPU time (this process and the --cpu-pid trees) per request */
} result;

/* The --cpu-pid roots, counted in every measurement. */
static int cpu_pids[16];
static int ncpu_pids;

static double cpu_seconds(void)
{
	return bench_cpu_seconds(cpu_pids, ncpu_pids);
}

/* CLIENTS threads, each on its own keep-alive connection, send `n` requests each. */
static result run_on(const int *ports, int nports, int n, const char *request)
{
	pthread_t t[CLIENTS];
	client_arg args[CLIENTS];
	size_t total = (size_t)n * CLIENTS;
	int failed[CLIENTS] = {0};
	job j = {ports, nports, n, request, calloc(total, sizeof(double)), failed};
	result r = {0};
	double t0, c0;
	if (!j.latency) {
		fprintf(stderr, "bench_http: out of memory\n");
		exit(1);
	}
	t0 = bench_seconds();
	c0 = cpu_seconds();
	for (int i = 0; i < CLIENTS; i++) {
		args[i] = (client_arg){&j, i};
		pthread_create(&t[i], NULL, client, &args[i]);
	}
	for (int i = 0; i < CLIENTS; i++)
		pthread_join(t[i], NULL);
	r.rate = (double)total / (bench_seconds() - t0);
	r.cpu_us = (cpu_seconds() - c0) * 1e6 / (double)total;
	for (int i = 0; i < CLIENTS; i++)
		r.failed += failed[i];
	qsort(j.latency, total, sizeof(double), bench_by_value);
	r.p50_ms = j.latency[total / 2] * 1000;
	r.p99_ms = j.latency[total * 99 / 100] * 1000;
	free(j.latency);
	return r;
}

static result run(int port, int n, const char *request)
{
	return run_on(&port, 1, n, request);
}

static void report(const char *what, const char *label, const result *r, const result *bare)
{
	char name[96];
	snprintf(name, sizeof(name), "%.20s %.60s:", what, label);
	printf("%-40s %7.0f req/s, %.3fx bare, p50 %6.2f ms, p99 %7.2f ms, CPU %5.0f us/req", name,
	       r->rate, r->rate / bare->rate, r->p50_ms, r->p99_ms, r->cpu_us);
	if (r->failed)
		printf(", %d answers not 200", r->failed);
	printf("\n");
}

/* Where the measurements run: the server in this process, then each --target. */
typedef struct place {
	bench_target t;
	char req_me[512], req_carrier[512];
	result health, me, carrier;
} place;

static long number(const char *text, const char *what)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v <= 0 || v > 100000000) {
		fprintf(stderr, "bench_http: %s: not a positive number: %s\n", what, text);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int n = 2000, npos = 0, nplaces = 1;
	bm_http_config cfg = {.listen = "127.0.0.1:0", .threads = CLIENTS};
	bm_http_server *srv = NULL;
	struct MHD_Daemon *bare;
	char req_health[256];
	const char *pos[3] = {NULL, NULL, NULL};
	static place places[1 + BENCH_MAX_TARGETS];
	result r_bare;
	const char *which = "health,me,carrier";
	int bare_port;
	const union MHD_DaemonInfo *info;

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			if (nplaces == 1 + BENCH_MAX_TARGETS ||
			    bench_target_parse("bench_http", argv[++i], &places[nplaces].t) != 0)
				return 2;
			nplaces++;
		} else if (strcmp(argv[i], "--cpu-pid") == 0 && i + 1 < argc) {
			if (ncpu_pids == (int)(sizeof(cpu_pids) / sizeof(cpu_pids[0])))
				return 2;
			cpu_pids[ncpu_pids++] = (int)number(argv[++i], "--cpu-pid");
		} else if (argv[i][0] != '-' && npos < 3) {
			pos[npos++] = argv[i];
		} else {
			npos = 0;
			break;
		}
	}
	if (npos > 1)
		n = (int)number(pos[1], "N");
	if (npos > 2)
		which = pos[2];
	if (npos < 1) {
		fprintf(stderr,
		        "usage: bench_http DB [N [health,me,carrier]]"
		        " [--target LABEL=URL[,URL...]]... [--cpu-pid PID]...\n"
		        "  (DB from `baomi demo`; a target serves a `baomi demo` unit too)\n");
		return 2;
	}
	cfg.db = pos[0];
	if (bm_http_start(&srv, &cfg) != 0) {
		fprintf(stderr, "bench_http: cannot start baomi on %s\n", pos[0]);
		return 1;
	}
	snprintf(places[0].t.label, sizeof(places[0].t.label), "SQLite, in-process");
	places[0].t.ports[0] = bench_port_of(bm_http_url(srv));
	places[0].t.nports = 1;
	bare = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ITC | MHD_USE_EPOLL, 0,
	                        NULL, NULL, bare_handler, NULL, MHD_OPTION_THREAD_POOL_SIZE,
	                        (unsigned int)CLIENTS, MHD_OPTION_END);
	if (!bare || !(info = MHD_get_daemon_info(bare, MHD_DAEMON_INFO_BIND_PORT))) {
		fprintf(stderr, "bench_http: cannot start the bare server\n");
		return 1;
	}
	bare_port = info->port;

	snprintf(req_health, sizeof(req_health),
	         "GET /api/v1/health HTTP/1.1\r\nHost: bench\r\n\r\n");
	for (int p = 0; p < nplaces; p++) {
		char token[128];
		bench_login("bench_http", places[p].t.ports[0], token, sizeof(token));
		snprintf(places[p].req_me, sizeof(places[p].req_me),
		         "GET /api/v1/me HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer "
		         "%s\r\n\r\n",
		         token);
		snprintf(places[p].req_carrier, sizeof(places[p].req_carrier),
		         "GET /api/v1/carriers/1 HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer "
		         "%s\r\n\r\n",
		         token);
	}

	run(bare_port, n / 10 + 1, req_health); /* warm them up */
	for (int p = 0; p < nplaces; p++)
		run_on(places[p].t.ports, places[p].t.nports, n / 10 + 1, req_health);
	r_bare = run(bare_port, n, req_health);
	for (int p = 0; p < nplaces; p++) {
		place *pl = &places[p];
		if (strstr(which, "health"))
			pl->health = run_on(pl->t.ports, pl->t.nports, n, req_health);
		if (strstr(which, "me"))
			pl->me = run_on(pl->t.ports, pl->t.nports, n, pl->req_me);
		if (strstr(which, "carrier"))
			pl->carrier = run_on(pl->t.ports, pl->t.nports, n / 4 + 1, pl->req_carrier);
	}

	printf("%d keep-alive clients; ratios are baomi's rate over the bare handler's\n", CLIENTS);
	printf("%-40s %7.0f req/s (%d x %d), p50 %6.2f ms, p99 %7.2f ms, CPU %5.0f us/req\n",
	       "bare MHD:", r_bare.rate, CLIENTS, n, r_bare.p50_ms, r_bare.p99_ms, r_bare.cpu_us);
	for (int p = 0; p < nplaces && strstr(which, "health"); p++)
		report("health", places[p].t.label, &places[p].health, &r_bare);
	for (int p = 0; p < nplaces && strstr(which, "me"); p++)
		report("/me (session)", places[p].t.label, &places[p].me, &r_bare);
	for (int p = 0; p < nplaces && strstr(which, "carrier"); p++)
		report("carrier (audited)", places[p].t.label, &places[p].carrier, &r_bare);

	MHD_stop_daemon(bare);
	bm_http_stop(srv, 1000);
	return 0;
}
