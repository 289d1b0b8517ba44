/*
 * config.h — the server's configuration file (issue 15 point 3),
 * /etc/baomi/baomi.conf when installed: `key = value` lines, `#` comments,
 * blank lines. Read by `baomi serve --config FILE` and `baomi backup
 * --config FILE`; a command-line flag overrides the file, the file overrides
 * the environment ($BAOMI_DB). Strict: an unknown key, a repeated key, a line
 * without `=`, an empty or out-of-range value is an error naming the file
 * and the line, and nothing starts.
 */
#ifndef BM_CLI_CONFIG_H
#define BM_CLI_CONFIG_H

#include <stdbool.h>

typedef struct bm_cli_config {
	const char *listen;     /* listen = ADDR:PORT */
	const char *database;   /* database = PATH */
	const char *tls_cert;   /* tls_cert = PEM file */
	const char *tls_key;    /* tls_key = PEM file */
	const char *backup_dir; /* backup_dir = DIR (baomi backup --config) */
	unsigned threads;       /* threads = 1..64; 0 = not set */
	unsigned max_connections, max_connections_per_ip, connection_timeout; /* 0 = not set */
	char *text; /* the file's text the strings point into (owned) */
} bm_cli_config;

/* Reads and checks `path`. Returns 0 or BM_EINVALID / BM_ENOTFOUND (error set, zh and en). */
int bm_cli_config_load(const char *path, bm_cli_config *out);
void bm_cli_config_free(bm_cli_config *c);

/* A whole number from `min` to `max` in `text`, or false. */
bool bm_cli_parse_count(const char *text, long min, long max, unsigned *out);

#endif
