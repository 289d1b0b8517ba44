/*
 * bench_register.c — registration through HTTP under 16 concurrent clients
 * against raw SQLite committing one row per transaction (issue 17 point 4).
 *
 * Both sides in one run, on the same disk, WAL with synchronous=FULL:
 *   raw      one thread inserts a carrier-shaped row per transaction
 *            (BEGIN; INSERT; COMMIT): the rate one synced commit per row
 *            allows;
 *   baomi    CLIENTS threads, each on one keep-alive connection, POST
 *            /api/v1/carriers as the demo clerk: validation, scope and place
 *            checks, history, the SM3-chained audit event, and the commit
 *            pipeline's group commit (store/pipeline.h). The server runs one
 *            worker per client, so the use cases can share commits.
 * Printed: both rates, their ratio, baomi's p50/p99 latency, and the CPU
 * time per registration of the whole process (server and clients, from
 * getrusage, the raw side not included; with --cpu-pid the servers' and the
 * database's process trees too), which moves far less with the
 * machine's load than the rates. Targets (issue 17): ratio >= 1.0, p99 <
 * 100 ms. Never asserted in tests.
 *
 * Usage: bench_register DB [N] [--target LABEL=URL[,URL...]]... [--cpu-pid PID]...
 *                       [--raw-pg CONNINFO]
 *   DB: a copy of a `baomi demo` database (it gains CLIENTS * N carriers),
 *   served in this process; N registrations per client (default 200).
 *   --target: the same registrations against servers already running on a
 *   `baomi demo` unit (e.g. one or two `baomi serve` on one PostgreSQL
 *   database, the clients spread over the URLs in turn); --cpu-pid: a process
 *   tree counted in the CPU per registration (bench_http's); --raw-pg: a
 *   database (not baomi's) where the raw PostgreSQL baseline makes its own
 *   tables: one thread committing, per transaction, a carrier-shaped row and
 *   an audit row chained to the previous one under a locked head row, in one
 *   statement (one round trip, one WAL flush with synchronous_commit on) —
 *   what the database allows when every write extends one chain.
 */
#include "common.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <sqlite3.h>
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

/* ---- raw SQLite ------------------------------------------------------------------ */

static int sql(sqlite3 *db, const char *text)
{
	char *err = NULL;
	if (sqlite3_exec(db, text, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "bench_register: %s: %s\n", text, err ? err : "?");
		sqlite3_free(err);
		exit(1);
	}
	return 0;
}

/* Rows per second, one row per synced transaction, in a fresh file at `path`. */
static double raw_rate(const char *path, int n)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	double t0;
	char wal[520], shm[520]; /* room for a path of 511 bytes and the suffix */
	if (strlen(path) > 511) {
		fprintf(stderr, "bench_register: path too long\n");
		exit(1);
	}
	snprintf(wal, sizeof(wal), "%.511s-wal", path);
	snprintf(shm, sizeof(shm), "%.511s-shm", path);
	unlink(path);
	unlink(wal);
	unlink(shm);
	if (sqlite3_open(path, &db) != SQLITE_OK) {
		fprintf(stderr, "bench_register: cannot open %s\n", path);
		exit(1);
	}
	sql(db, "PRAGMA journal_mode=WAL");
	sql(db, "PRAGMA synchronous=FULL");
	sql(db, "CREATE TABLE carrier(id INTEGER PRIMARY KEY, title TEXT NOT NULL, level INTEGER,"
	        " kind TEXT, place TEXT, status TEXT, registered_at TEXT, department TEXT)");
	sqlite3_prepare_v2(db,
	                   "INSERT INTO carrier(title, level, kind, place, status, registered_at,"
	                   " department) VALUES (?, 2, 'paper', '机要室保密柜（一号）',"
	                   " 'in_store', '2026-12-04T09:00:00Z', '办公室')",
	                   -1, &st, NULL);
	t0 = bench_seconds();
	for (int i = 0; i < n; i++) {
		char title[64];
		snprintf(title, sizeof(title), "关于保密工作的通知 第%d号", i);
		sql(db, "BEGIN");
		sqlite3_bind_text(st, 1, title, -1, SQLITE_TRANSIENT);
		if (sqlite3_step(st) != SQLITE_DONE) {
			fprintf(stderr, "bench_register: insert failed\n");
			exit(1);
		}
		sqlite3_reset(st);
		sql(db, "COMMIT");
	}
	t0 = bench_seconds() - t0;
	sqlite3_finalize(st);
	sqlite3_close(db);
	unlink(path);
	unlink(wal);
	unlink(shm);
	return n / t0;
}

/* ---- raw PostgreSQL ------------------------------------------------------------ */

static void pg_ok(PGconn *c, PGresult *r, const char *what)
{
	ExecStatusType st = PQresultStatus(r);
	if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) {
		fprintf(stderr, "bench_register: raw PostgreSQL: %s: %s", what, PQerrorMessage(c));
		exit(1);
	}
	PQclear(r);
}

/* Rows per second: one thread, a carrier row and a chained audit row per synced commit. */
static double raw_pg_rate(const char *conninfo, int n, char *settings, size_t size)
{
	static const char *const setup =
	        "SET client_min_messages = warning;"
	        "DROP TABLE IF EXISTS bench_raw_carrier, bench_raw_audit, bench_raw_head;"
	        "CREATE TABLE bench_raw_carrier(id BIGSERIAL PRIMARY KEY, title TEXT NOT NULL,"
	        " level INTEGER, kind TEXT, place TEXT, status TEXT, registered_at TEXT,"
	        " department TEXT);"
	        "CREATE TABLE bench_raw_audit(seq BIGINT PRIMARY KEY, prev TEXT NOT NULL,"
	        " hash TEXT NOT NULL, carrier_id BIGINT NOT NULL, detail TEXT NOT NULL);"
	        "CREATE TABLE bench_raw_head(id INTEGER PRIMARY KEY, seq BIGINT NOT NULL,"
	        " hash TEXT NOT NULL);"
	        "INSERT INTO bench_raw_head VALUES (1, 0, repeat('0', 32))";
	/* The head locked first, as pg_begin does; the audit row hashes its predecessor's. */
	static const char *const insert =
	        "WITH h AS (SELECT seq, hash FROM bench_raw_head WHERE id = 1 FOR UPDATE),"
	        " c AS (INSERT INTO bench_raw_carrier(title, level, kind, place, status,"
	        "  registered_at, department) VALUES ($1, 2, 'paper', '机要室保密柜（一号）',"
	        "  'in_store', '2026-12-04T09:00:00Z', '办公室') RETURNING id),"
	        " a AS (INSERT INTO bench_raw_audit SELECT h.seq + 1, h.hash,"
	        "  md5(h.hash || $1), c.id, $1 FROM h, c RETURNING seq, hash)"
	        " UPDATE bench_raw_head SET seq = a.seq, hash = a.hash FROM a WHERE id = 1";
	PGconn *c = PQconnectdb(conninfo);
	PGresult *r;
	double t0;
	if (PQstatus(c) != CONNECTION_OK) {
		fprintf(stderr, "bench_register: raw PostgreSQL: %s", PQerrorMessage(c));
		exit(1);
	}
	pg_ok(c, PQexec(c, setup), "set-up");
	r = PQexec(c, "SELECT current_setting('synchronous_commit') || ', fsync ' ||"
	              " current_setting('fsync') || ', wal_sync_method ' ||"
	              " current_setting('wal_sync_method')");
	if (PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1)
		snprintf(settings, size, "synchronous_commit %.100s", PQgetvalue(r, 0, 0));
	PQclear(r);
	pg_ok(c, PQprepare(c, "ins", insert, 1, NULL), "prepare");
	t0 = bench_seconds();
	for (int i = 0; i < n; i++) {
		char title[64];
		const char *values[1] = {title};
		snprintf(title, sizeof(title), "关于保密工作的通知 第%d号", i);
		pg_ok(c, PQexecPrepared(c, "ins", 1, values, NULL, NULL, 0), "insert");
	}
	t0 = bench_seconds() - t0;
	pg_ok(c, PQexec(c, "DROP TABLE bench_raw_carrier, bench_raw_audit, bench_raw_head"),
	      "drop");
	PQfinish(c);
	return n / t0;
}

typedef struct client_arg {
	int port, index, n;
	const char *token;
	double *latency; /* n entries */
	int failed;      /* answers other than 201 */
	char last_error[512];
} client_arg;

static void *client(void *arg)
{
	client_arg *ca = arg;
	char buf[65536], body[512], req[1024];
	int fd = bench_connect("bench_register", ca->port);
	for (int i = 0; i < ca->n; i++) {
		double t0;
		int len = snprintf(body, sizeof(body),
		                   "{\"title\":\"群组提交压力测试 %d-%d\",\"level\":\"秘密\","
		                   "\"place\":\"机要室保密柜（一号）\",\"scope\":[\"办公室\"]}",
		                   ca->index, i);
		snprintf(req, sizeof(req),
		         "POST /api/v1/carriers HTTP/1.1\r\nHost: bench\r\nAuthorization: Bearer "
		         "%s\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n%s",
		         ca->token, len, body);
		t0 = bench_seconds();
		if (bench_exchange("bench_register", fd, req, buf, sizeof(buf)) != 201) {
			ca->failed++;
			snprintf(ca->last_error, sizeof(ca->last_error), "%.500s", buf);
		}
		ca->latency[i] = bench_seconds() - t0;
	}
	close(fd);
	return NULL;
}

typedef struct outcome {
	double rate, p50_ms, p99_ms, cpu_us;
	int failed;
} outcome;

static int cpu_pids[16];
static int ncpu_pids;

/* CLIENTS threads register n carriers each on `t`'s servers (client i on port i % nports). */
static outcome run(const bench_target *t, int n, const char *token)
{
	pthread_t th[CLIENTS];
	client_arg ca[CLIENTS];
	size_t total = (size_t)n * CLIENTS;
	double *lat = calloc(total, sizeof(double)), t0, c0;
	outcome o = {0};
	if (!lat) {
		fprintf(stderr, "bench_register: out of memory\n");
		exit(1);
	}
	t0 = bench_seconds();
	c0 = bench_cpu_seconds(cpu_pids, ncpu_pids);
	for (int i = 0; i < CLIENTS; i++) {
		ca[i] = (client_arg){.port = t->ports[i % t->nports],
		                     .index = i,
		                     .n = n,
		                     .token = token,
		                     .latency = lat + (size_t)i * (size_t)n};
		pthread_create(&th[i], NULL, client, &ca[i]);
	}
	for (int i = 0; i < CLIENTS; i++) {
		pthread_join(th[i], NULL);
		o.failed += ca[i].failed;
	}
	o.rate = (double)total / (bench_seconds() - t0);
	o.cpu_us = (bench_cpu_seconds(cpu_pids, ncpu_pids) - c0) * 1e6 / (double)total;
	qsort(lat, total, sizeof(double), bench_by_value);
	o.p50_ms = lat[total / 2] * 1000;
	o.p99_ms = lat[total * 99 / 100] * 1000;
	if (o.failed) {
		fprintf(stderr, "bench_register: %s: %d answers not 201\n", t->label, o.failed);
		for (int i = 0; i < CLIENTS; i++)
			if (ca[i].failed)
				fprintf(stderr, "  client %d: %.300s\n", i, ca[i].last_error);
	}
	free(lat);
	return o;
}

static long number(const char *text, const char *what)
{
	char *end;
	long v = strtol(text, &end, 10);
	if (*end || v <= 0 || v > 100000000) {
		fprintf(stderr, "bench_register: %s: not a positive number: %s\n", what, text);
		exit(2);
	}
	return v;
}

int main(int argc, char **argv)
{
	int n = 200, npos = 0, ntargets = 1, failed = 0;
	bm_http_config cfg = {.listen = "127.0.0.1:0", .threads = CLIENTS};
	bm_http_server *srv = NULL;
	static bench_target targets[1 + BENCH_MAX_TARGETS];
	outcome out[1 + BENCH_MAX_TARGETS];
	const char *pos[2] = {NULL, NULL}, *raw_pg = NULL;
	double raw, raw_pg_rows = 0;
	char token[128], raw_path[512], settings[160] = "";

	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--target") == 0 && i + 1 < argc) {
			if (ntargets == 1 + BENCH_MAX_TARGETS ||
			    bench_target_parse("bench_register", argv[++i], &targets[ntargets]) !=
			            0)
				return 2;
			ntargets++;
		} else if (strcmp(argv[i], "--cpu-pid") == 0 && i + 1 < argc) {
			if (ncpu_pids == (int)(sizeof(cpu_pids) / sizeof(cpu_pids[0])))
				return 2;
			cpu_pids[ncpu_pids++] = (int)number(argv[++i], "--cpu-pid");
		} else if (strcmp(argv[i], "--raw-pg") == 0 && i + 1 < argc) {
			raw_pg = argv[++i];
		} else if (argv[i][0] != '-' && npos < 2) {
			pos[npos++] = argv[i];
		} else {
			npos = 0;
			break;
		}
	}
	if (npos > 1)
		n = (int)number(pos[1], "N");
	if (npos < 1) {
		fprintf(stderr, "usage: bench_register DB [N] [--target LABEL=URL[,URL...]]..."
		                " [--cpu-pid PID]... [--raw-pg CONNINFO]\n"
		                "  (DB: a copy of a `baomi demo` one)\n");
		return 2;
	}
	snprintf(raw_path, sizeof(raw_path), "%s.raw", pos[0]);
	cfg.db = pos[0];
	if (bm_http_start(&srv, &cfg) != 0) {
		fprintf(stderr, "bench_register: cannot start baomi on %s\n", pos[0]);
		return 1;
	}
	snprintf(targets[0].label, sizeof(targets[0].label), "SQLite, in-process");
	targets[0].ports[0] = bench_port_of(bm_http_url(srv));
	targets[0].nports = 1;
	bench_login("bench_register", targets[0].ports[0], token, sizeof(token));

	raw = raw_rate(raw_path, n * CLIENTS);
	if (raw_pg)
		raw_pg_rows = raw_pg_rate(raw_pg, n * CLIENTS, settings, sizeof(settings));
	out[0] = run(&targets[0], n, token);
	for (int t = 1; t < ntargets; t++) {
		char tok[128];
		bench_login("bench_register", targets[t].ports[0], tok, sizeof(tok));
		out[t] = run(&targets[t], n, tok);
	}

	printf("raw SQLite, 1 row/commit:%*s %7.0f rows/s (synchronous=FULL, WAL)\n", 15, "", raw);
	if (raw_pg)
		printf("raw PostgreSQL, row + chained audit row/commit: %7.0f rows/s (%s)\n",
		       raw_pg_rows, settings);
	printf("%d clients registering; ratios are baomi's rate over the raw rates above\n",
	       CLIENTS);
	for (int t = 0; t < ntargets; t++) {
		char name[96];
		snprintf(name, sizeof(name), "register %.60s:", targets[t].label);
		printf("%-40s %7.0f req/s, %.2fx raw SQLite", name, out[t].rate, out[t].rate / raw);
		if (raw_pg)
			printf(", %.2fx raw PostgreSQL", out[t].rate / raw_pg_rows);
		printf(", p50 %6.2f ms, p99 %7.2f ms, CPU %5.0f us/req", out[t].p50_ms,
		       out[t].p99_ms, out[t].cpu_us);
		if (out[t].failed)
			printf(", %d answers not 201", out[t].failed);
		printf("\n");
		failed += out[t].failed;
	}
	bm_http_stop(srv, 1000);
	return failed ? 1 : 0;
}
