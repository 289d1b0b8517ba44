/*
 * config.c — the strict reader of baomi.conf (config.h).
 */
#include "common.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/config.h"
#include "util/alloc.h"
#include "util/error.h"

#define CONFIG_MAX (64 * 1024)
#define KEYS                                                                                       \
	"listen, database, threads, tls_cert, tls_key, backup_dir, max_connections, "              \
	"max_connections_per_ip, connection_timeout"

bool bm_cli_parse_count(const char *text, long min, long max, unsigned *out)
{
	char *end;
	long n;
	errno = 0;
	n = strtol(text, &end, 10);
	if (errno || !*text || *end || n < min || n > max)
		return false;
	*out = (unsigned)n;
	return true;
}

static char *trim(char *s)
{
	char *e;
	while (*s == ' ' || *s == '\t')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
		*--e = '\0';
	return s;
}

static int bad(const char *path, int line, const char *code, const char *zh, const char *en,
               const char *what)
{
	char mzh[1024], men[1024];
	snprintf(mzh, sizeof(mzh), "配置文件 %s 第 %d 行：%s：%s", path, line, zh, what);
	snprintf(men, sizeof(men), "config file %s line %d: %s: %s", path, line, en, what);
	return bm_error_set_msg(BM_EINVALID, code, NULL, mzh, men);
}

/* One `key = value`: 0, or the error. `seen` marks keys already given. */
static int setting(bm_cli_config *c, const char *path, int line, const char *key, const char *value,
                   unsigned *seen)
{
	static const char *const names[] = {"listen",
	                                    "database",
	                                    "threads",
	                                    "tls_cert",
	                                    "tls_key",
	                                    "backup_dir",
	                                    "max_connections",
	                                    "max_connections_per_ip",
	                                    "connection_timeout"};
	static const long max[] = {0, 0, 64, 0, 0, 0, 65536, 65536, 3600};
	unsigned *num[] = {NULL,
	                   NULL,
	                   &c->threads,
	                   NULL,
	                   NULL,
	                   NULL,
	                   &c->max_connections,
	                   &c->max_connections_per_ip,
	                   &c->connection_timeout};
	const char **str[] = {&c->listen,   &c->database, NULL,
	                      &c->tls_cert, &c->tls_key,  &c->backup_dir};
	size_t k;

	for (k = 0; k < BM_ARRAY_LEN(names); k++)
		if (strcmp(names[k], key) == 0)
			break;
	if (k == BM_ARRAY_LEN(names))
		return bm_error_set(BM_EINVALID, "config_unknown_key", NULL,
		                    "配置文件 %s 第 %d 行：未知的设置 '%s'（可用：%s）",
		                    "config file %s line %d: unknown key '%s' (known: %s)", path,
		                    line, key, KEYS);
	if (*seen & (1u << k))
		return bad(path, line, "config_duplicate_key", "设置重复", "key given twice", key);
	*seen |= 1u << k;
	if (!*value)
		return bad(path, line, "config_empty_value", "值为空", "empty value", key);
	if (num[k]) {
		if (!bm_cli_parse_count(value, 1, max[k], num[k]))
			return bm_error_set(
			        BM_EINVALID, "config_bad_value", NULL,
			        "配置文件 %s 第 %d 行：%s 须为 1 至 %ld 的整数，而不是 '%s'",
			        "config file %s line %d: %s needs a whole number from 1 to "
			        "%ld, not '%s'",
			        path, line, key, max[k], value);
	} else {
		*str[k] = value;
	}
	return 0;
}

static int parse(bm_cli_config *c, const char *path)
{
	unsigned seen = 0;
	int line = 0, rc = 0;
	char *p = c->text;

	while (rc == 0 && p && *p) {
		char *nl = strchr(p, '\n'), *s, *eq;
		if (nl)
			*nl = '\0';
		line++;
		s = trim(p);
		p = nl ? nl + 1 : NULL;
		if (!*s || *s == '#')
			continue;
		if (!(eq = strchr(s, '=')))
			return bad(path, line, "config_syntax", "应为 key = value",
			           "expected key = value", s);
		*eq = '\0';
		rc = setting(c, path, line, trim(s), trim(eq + 1), &seen);
	}
	return rc;
}

int bm_cli_config_load(const char *path, bm_cli_config *out)
{
	FILE *f;
	size_t n;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!(f = fopen(path, "rb")))
		return bm_error_set(errno == ENOENT ? BM_ENOTFOUND : BM_EINVALID,
		                    "config_unreadable", NULL, "无法读取配置文件 %s：%s",
		                    "cannot read the config file %s: %s", path, strerror(errno));
	if (!(out->text = bm_malloc(CONFIG_MAX + 1))) {
		fclose(f);
		return bm_error_nomem();
	}
	n = fread(out->text, 1, CONFIG_MAX + 1, f);
	rc = ferror(f);
	fclose(f);
	if (rc || n > CONFIG_MAX) {
		bm_cli_config_free(out);
		return bm_error_set(BM_EINVALID, "config_unreadable", NULL,
		                    "配置文件 %s 无法读取或超过 64 KiB",
		                    "the config file %s is unreadable or over 64 KiB", path);
	}
	out->text[n] = '\0';
	if (memchr(out->text, '\0', n)) {
		bm_cli_config_free(out);
		return bm_error_set(BM_EINVALID, "config_syntax", NULL, "配置文件 %s 含有 NUL 字节",
		                    "the config file %s holds a NUL byte", path);
	}
	if ((rc = parse(out, path)) != 0)
		bm_cli_config_free(out);
	return rc;
}

void bm_cli_config_free(bm_cli_config *c)
{
	bm_free(c->text);
	memset(c, 0, sizeof(*c));
}
