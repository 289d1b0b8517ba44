/*
 * cmd_serve.c — `baomi serve`: runs the HTTP JSON API until SIGTERM/SIGINT.
 *
 * The signals are blocked before the server's threads start (they inherit
 * the mask) and taken with sigwait() in the main thread, so no handler runs
 * inside a worker; on either signal the server stops accepting, lets the
 * requests in flight finish, closes the stores and the command exits 0.
 */
#include "common.h"

#include <errno.h>
#include <inttypes.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "http/http.h"

enum {
	OPT_LISTEN = 0x2300,
	OPT_THREADS,
	OPT_PRINT_ROUTES,
	OPT_MAX_CONNECTIONS,
	OPT_MAX_PER_IP,
	OPT_TIMEOUT,
	OPT_TLS_CERT,
	OPT_TLS_KEY,
	OPT_CONFIG,
	OPT_PRINT_CONFIG,
};

static const struct option serve_opts[] = {
        {"listen", required_argument, NULL, OPT_LISTEN},
        {"threads", required_argument, NULL, OPT_THREADS},
        {"print-routes", no_argument, NULL, OPT_PRINT_ROUTES},
        {"max-connections", required_argument, NULL, OPT_MAX_CONNECTIONS},
        {"max-connections-per-ip", required_argument, NULL, OPT_MAX_PER_IP},
        {"connection-timeout", required_argument, NULL, OPT_TIMEOUT},
        {"tls-cert", required_argument, NULL, OPT_TLS_CERT},
        {"tls-key", required_argument, NULL, OPT_TLS_KEY},
        {"config", required_argument, NULL, OPT_CONFIG},
        {"print-config", no_argument, NULL, OPT_PRINT_CONFIG},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

/* How long in-flight requests may take to finish after a stop signal. */
#define GRACE_MS 10000

/* SYS-3: a checkpoint at least daily; the server looks at start and then every hour. */
#define CHECKPOINT_MAX_AGE (24 * 3600)
#define CHECKPOINT_LOOK_S  3600

/*
 * SYS-3: signs a checkpoint when the newest is older than a day, on a store
 * handle of its own (the server's keep serving). A failure is reported on
 * stderr and does not stop the server; the next look tries again.
 */
static void daily_checkpoint(const bm_cli_common *c, const char *why)
{
	bm_checkpoint_outcome o = {0};
	bm_cli_session s;
	int rc;

	if ((rc = bm_cli_session_open(&s, c, false)) == 0) {
		s.ctx.channel = "serve";
		rc = s.ctx.anchor ? bm_svc_audit_checkpoint_due(&s.ctx, CHECKPOINT_MAX_AGE, why, &o)
		                  : 0;
	}
	if (rc)
		fprintf(stderr, "baomi serve: 检查点未写入 / checkpoint not written: %s\n",
		        bm_error_last()->message_en);
	else if (o.written)
		printf("检查点 / checkpoint: %" PRId64 " 条事件 / events, 校验码 / code %s\n",
		       o.count, o.code);
	if (rc == 0 && o.key_created)
		printf("本单位尚无审计密钥，已新建 / the unit had no audit key: created %s "
		       "(0600)\n",
		       s.anchor.key_path);
	fflush(stdout);
	bm_cli_session_close(&s);
}

static void start_checkpoint(void *common)
{
	daily_checkpoint(common, "serve-start");
}

/*
 * SYS-3: a server must not start when its checkpoint file has lines but the
 * key that signed them is missing: its first checkpoint would make a new key
 * and sign with it, and `audit verify` would fail from then on. 0, or the
 * refusal (audit_key_missing).
 */
static int anchor_ready(const bm_cli_common *c)
{
	char key[4096], checkpoints[4096];
	bm_svc_anchor a;

	if (bm_svc_anchor_default(c->db, key, checkpoints, sizeof(key)) != 0) {
		bm_error_clear();
		key[0] = checkpoints[0] = '\0';
	}
	a.key_path = c->audit_key ? c->audit_key : key;
	a.checkpoints_path = c->checkpoints ? c->checkpoints : checkpoints;
	if (!*a.key_path || !*a.checkpoints_path)
		return 0;
	return bm_svc_audit_anchor_ready(&a);
}

/* A PEM file is small: anything bigger is not one. */
#define TLS_FILE_MAX (256 * 1024)

/*
 * Reads the PEM file `path` whole into `*out`, NUL-terminated, in
 * sodium_malloc memory (a private key is a secret: the caller wipes and
 * frees it with sodium_free). Returns 0 or BM_EINVALID (error set).
 */
static int read_pem(const char *path, char **out)
{
	FILE *f = fopen(path, "rb");
	char *buf = NULL;
	size_t n = 0;
	int rc = 0;

	if (!f)
		return bm_error_set(BM_EINVALID, "tls_file", NULL, "无法读取 TLS 文件 '%s'：%s",
		                    "cannot read the TLS file '%s': %s", path, strerror(errno));
	if (sodium_init() < 0 || !(buf = sodium_malloc(TLS_FILE_MAX + 1))) {
		rc = bm_error_nomem();
		goto done;
	}
	n = fread(buf, 1, TLS_FILE_MAX + 1, f);
	if (ferror(f) || n == 0 || n > TLS_FILE_MAX) {
		rc = bm_error_set(BM_EINVALID, "tls_file", NULL,
		                  "TLS 文件 '%s' 为空、过大或无法读取",
		                  "the TLS file '%s' is empty, too large or unreadable", path);
		goto done;
	}
	buf[n] = '\0';
	*out = buf;
	buf = NULL;
done:
	if (buf)
		sodium_free(buf); /* wipes it */
	fclose(f);
	return rc;
}

/* Both PEM files into cfg->tls_cert / tls_key (sodium memory, the caller frees), or neither. */
static int read_tls(const char *cert_path, const char *key_path, bm_http_config *cfg)
{
	char *cert = NULL, *key = NULL;
	int rc;
	if ((rc = read_pem(cert_path, &cert)) != 0)
		return rc;
	if ((rc = read_pem(key_path, &key)) != 0) {
		sodium_free(cert);
		return rc;
	}
	cfg->tls_cert = cert;
	cfg->tls_key = key;
	return 0;
}

static int print_routes(void)
{
	for (size_t i = 0; i < bm_http_route_count(); i++) {
		const char *method, *pattern, *auth;
		bm_http_route_get(i, &method, &pattern, &auth);
		printf("%-6s %s %s\n", method, pattern, auth);
	}
	return 0;
}

/* Waits for SIGTERM/SIGINT, signing the daily checkpoint meanwhile (SYS-3); the signal. */
static int wait_for_stop(const bm_cli_common *common, const sigset_t *stop)
{
	int sig;

	for (;;) {
		struct timespec look = {.tv_sec = CHECKPOINT_LOOK_S};
		sig = sigtimedwait(stop, NULL, &look);
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			daily_checkpoint(common, "daily");
	}
}

/*
 * Starts the server on `cfg` (freeing its TLS texts once loaded) and runs it
 * until SIGTERM or SIGINT. Returns the exit status.
 */
static int serve(bm_http_config *cfg, const bm_cli_common *common)
{
	bm_http_server *srv = NULL;
	sigset_t stop;
	int sig, rc;

	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	/* A client that goes away mid-answer must not kill the server. */
	signal(SIGPIPE, SIG_IGN);

	/* SYS-3: the start's checkpoint is signed once the database is found good and
	 * before the server listens, so no request (a login, an export) contends with it
	 * for the write lock or finds it missing. */
	cfg->before_listen = start_checkpoint;
	cfg->before_listen_arg = (void *)common;
	rc = bm_http_start(&srv, cfg);
	/* The daemon has loaded them into GnuTLS: the key leaves this process's buffers. */
	if (cfg->tls_cert)
		sodium_free((char *)cfg->tls_cert);
	if (cfg->tls_key)
		sodium_free((char *)cfg->tls_key);
	if (rc != 0)
		return bm_cli_fail(rc, common->json);
	printf("baomi 正在服务 / serving on %s\n", bm_http_url(srv));
	printf("接口说明 / API: %s/api/v1/health, docs/openapi.yaml\n", bm_http_url(srv));
	fflush(stdout);

	sig = wait_for_stop(common, &stop);
	fprintf(stderr, "baomi serve: 收到信号 %d，正在停止 / signal %d, stopping\n", sig, sig);
	bm_http_stop(srv, GRACE_MS);
	printf("已停止 / stopped\n");
	fflush(stdout);
	return 0;
}

/*
 * `baomi serve --db PATH [--listen ADDR:PORT] [--threads N] [--max-connections N]
 * [--max-connections-per-ip N] [--connection-timeout S] [--tls-cert PEM --tls-key PEM]`:
 * with both TLS files the API answers over HTTPS only (libmicrohttpd with
 * GnuTLS) and its session cookie is `Secure`. Returns the
 * exit status: 0 after a clean stop, the error's exit code when the server
 * cannot start, 2 for usage errors.
 */
/* What the command line gave (NULL / 0: not given), before the config file fills the rest. */
typedef struct serve_flags {
	const char *listen, *tls_cert, *tls_key, *config;
	bool db, print_config;
} serve_flags;

/*
 * Issue 15: the config file under the flags. A flag given wins; then the file; then the
 * environment ($BAOMI_DB) and the defaults. Both TLS paths come from one place.
 */
static void apply_config(const serve_flags *fl, const bm_cli_config *f, bm_cli_common *common,
                         bm_http_config *cfg, const char **cert, const char **key)
{
	if (!fl->db && f->database)
		common->db = f->database;
	if (!fl->listen && f->listen)
		cfg->listen = f->listen;
	if (!cfg->threads && f->threads)
		cfg->threads = (int)f->threads;
	if (!cfg->max_connections && f->max_connections)
		cfg->max_connections = f->max_connections;
	if (!cfg->max_per_ip && f->max_connections_per_ip)
		cfg->max_per_ip = f->max_connections_per_ip;
	if (!cfg->timeout_s && f->connection_timeout)
		cfg->timeout_s = f->connection_timeout;
	if (!fl->tls_cert && !fl->tls_key) {
		*cert = f->tls_cert;
		*key = f->tls_key;
	}
}

/* `--print-config`: the settings serve would start with, one `key = value` a line. */
static int print_config(const bm_cli_common *common, const bm_http_config *cfg, const char *cert,
                        const char *key)
{
	printf("listen = %s\n", cfg->listen);
	printf("database = %s\n", common->db ? common->db : "");
	printf("threads = %d\n", cfg->threads ? cfg->threads : 4);
	printf("max_connections = %u\n", cfg->max_connections ? cfg->max_connections : 512);
	printf("max_connections_per_ip = %u\n", cfg->max_per_ip ? cfg->max_per_ip : 64);
	printf("connection_timeout = %u\n", cfg->timeout_s ? cfg->timeout_s : 15);
	printf("tls_cert = %s\n", cert ? cert : "");
	printf("tls_key = %s\n", key ? key : "");
	return 0;
}

/* After the flags: the config file under them, then serve (or print the settings). */
static int run_serve(serve_flags *pfl, bm_cli_common *pcommon, bm_http_config *pcfg,
                     const char *tls_cert_path, const char *tls_key_path)
{
	bm_cli_config file = {0};
	int rc;
	if (pfl->config) {
		if ((rc = bm_cli_config_load(pfl->config, &file)) != 0)
			return bm_cli_fail(rc, pcommon->json);
		apply_config(pfl, &file, pcommon, pcfg, &tls_cert_path, &tls_key_path);
	}
	if (pfl->print_config) {
		rc = print_config(pcommon, pcfg, tls_cert_path, tls_key_path);
		goto done;
	}
	if (!pcommon->db) {
		rc = bm_cli_fail(
		        bm_error_set(BM_EINVALID, "no_database", NULL,
		                     "未指定数据库（--db PATH、配置文件的 database 或环境变量 "
		                     "BAOMI_DB）",
		                     "no database given (--db PATH, database in the config "
		                     "file, or $BAOMI_DB)"),
		        pcommon->json);
		goto done;
	}
	pcfg->db = pcommon->db;
	pcfg->audit_key = pcommon->audit_key;
	pcfg->checkpoints = pcommon->checkpoints;
	if ((tls_cert_path != NULL) != (tls_key_path != NULL)) {
		rc = bm_cli_usage("serve", "--tls-cert and --tls-key go together");
		goto done;
	}
	if ((rc = anchor_ready(pcommon)) != 0 ||
	    (tls_cert_path && (rc = read_tls(tls_cert_path, tls_key_path, pcfg)) != 0)) {
		rc = bm_cli_fail(rc, pcommon->json);
		goto done;
	}
	rc = serve(pcfg, pcommon);
done:
	bm_cli_config_free(&file);
	return rc;
}

int bm_cmd_serve(int argc, char **argv)
{
	bm_cli_common common;
	bm_http_config cfg = {.listen = "127.0.0.1:8080"};
	serve_flags fl = {0};
	const char *tls_cert_path = NULL, *tls_key_path = NULL;
	unsigned threads;
	int opt;

	bm_cli_common_init(&common);
	fl.config = getenv("BAOMI_CONFIG");
	if (fl.config && !*fl.config)
		fl.config = NULL;
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", serve_opts, NULL)) != -1) {
		if (opt == 0x1001)
			fl.db = true;
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_LISTEN: cfg.listen = fl.listen = optarg; break;
		case OPT_THREADS:
			if (!bm_cli_parse_count(optarg, 1, 64, &threads))
				return bm_cli_usage("serve",
				                    "--threads needs a number from 1 to 64");
			cfg.threads = (int)threads;
			break;
		case OPT_MAX_CONNECTIONS:
			if (!bm_cli_parse_count(optarg, 1, 65536, &cfg.max_connections))
				return bm_cli_usage(
				        "serve",
				        "--max-connections needs a number from 1 to 65536");
			break;
		case OPT_MAX_PER_IP:
			if (!bm_cli_parse_count(optarg, 1, 65536, &cfg.max_per_ip))
				return bm_cli_usage(
				        "serve",
				        "--max-connections-per-ip needs a number from 1 to 65536");
			break;
		case OPT_TIMEOUT:
			if (!bm_cli_parse_count(optarg, 1, 3600, &cfg.timeout_s))
				return bm_cli_usage(
				        "serve",
				        "--connection-timeout needs seconds from 1 to 3600");
			break;
		case OPT_TLS_CERT: tls_cert_path = fl.tls_cert = optarg; break;
		case OPT_TLS_KEY: tls_key_path = fl.tls_key = optarg; break;
		case OPT_CONFIG: fl.config = optarg; break;
		case OPT_PRINT_CONFIG: fl.print_config = true; break;
		case OPT_PRINT_ROUTES: return print_routes();
		case 'h': return bm_cli_help("serve");
		default: return bm_cli_usage("serve", "unknown option");
		}
	}
	if (optind < argc)
		return bm_cli_usage("serve", "unexpected argument '%s'", argv[optind]);
	return run_serve(&fl, &common, &cfg, tls_cert_path, tls_key_path);
}
