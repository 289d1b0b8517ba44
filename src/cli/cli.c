/*
 * cli.c — what every command shares: options, sessions, passwords, errors.
 */
#include "common.h"

#include <errno.h>
#include <getopt.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "cli/cli.h"
#include "service/list_sheet.h"
#include "util/timeutil.h"

void bm_cli_common_init(bm_cli_common *c)
{
	memset(c, 0, sizeof(*c));
	c->db = getenv("BAOMI_DB");
	c->user = getenv("BAOMI_USER");
	c->audit_key = getenv("BAOMI_AUDIT_KEY");
	c->checkpoints = getenv("BAOMI_CHECKPOINTS");
	if (c->audit_key && !*c->audit_key)
		c->audit_key = NULL;
	if (c->checkpoints && !*c->checkpoints)
		c->checkpoints = NULL;
	if (c->db && !*c->db)
		c->db = NULL;
	if (c->user && !*c->user)
		c->user = NULL;
}

int bm_cli_common_opt(bm_cli_common *c, int opt, const char *arg)
{
	switch (opt) {
	case 0x1001: c->db = arg; return 1;
	case 0x1002: c->user = arg; return 1;
	case 0x1003: c->json = true; return 1;
	case 0x1004: c->password_stdin = true; return 1;
	case 0x1005: c->audit_key = arg; return 1;
	case 0x1006: c->checkpoints = arg; return 1;
	default: return 0;
	}
}

/* Reads a line from the terminal without echo after `prompt` (stderr). */
static void read_tty(const char *prompt, char *buf, size_t size)
{
	struct termios old, quiet;
	bool echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
	fprintf(stderr, "%s", prompt);
	fflush(stderr);
	if (echo_off) {
		quiet = old;
		quiet.c_lflag &= (tcflag_t)~ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	if (!fgets(buf, (int)size, stdin))
		buf[0] = '\0';
	if (echo_off) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
}

static size_t chomp(char *buf)
{
	size_t len = strlen(buf);
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
		buf[--len] = '\0';
	return len;
}

int bm_cli_read_password(const char *prompt, bool from_stdin, char *buf, size_t size)
{
	const char *env = getenv("BAOMI_PASSWORD");

	if (!from_stdin && env && *env) {
		if (strlen(env) >= size)
			return bm_svc_refuse_auth(BM_SVC_PASSWORD_TOO_LONG);
		memcpy(buf, env, strlen(env) + 1);
		return 0;
	}
	if (!from_stdin && isatty(STDIN_FILENO))
		read_tty(prompt, buf, size);
	else if (!fgets(buf, (int)size, stdin))
		buf[0] = '\0';
	if (!chomp(buf))
		return bm_svc_refuse_auth(BM_SVC_NO_PASSWORD);
	return 0;
}

int bm_cli_person_password(const char *env_name, const char *prompt, bool stdin_taken, char *buf,
                           size_t size, const char **out)
{
	const char *env = getenv(env_name);

	*out = NULL;
	if (env && *env) {
		if (strlen(env) >= size)
			return bm_svc_refuse_auth(BM_SVC_PASSWORD_TOO_LONG);
		memcpy(buf, env, strlen(env) + 1);
		*out = buf;
		return 0;
	}
	/* Never the clerk's $BAOMI_PASSWORD: the person types their own, or nothing is given. */
	if (!stdin_taken && isatty(STDIN_FILENO)) {
		read_tty(prompt, buf, size);
		if (chomp(buf))
			*out = buf;
	}
	return 0;
}

/*
 * SYS-1/SYS-4 (issue 9): tells the account's owner, on stderr, of a reset
 * or first login approved since their last login (who filed, who approved,
 * when) and of a failed login since then; and when that last login was.
 */
void bm_cli_print_notice(const bm_login_notice *n)
{
	/* Whole seconds: a failure in the same second as the last login is told too. */
	bool failed_since = n->last_failed_at &&
	                    (!n->last_ok_at || strcmp(n->last_failed_at, n->last_ok_at) >= 0);
	if (!n->reset_since_last_login && !failed_since)
		return;
	if (n->reset_since_last_login)
		fprintf(stderr,
		        "注意：本账户的%s已于 %s 由 %s 提出、%s 批准\n"
		        "notice: this account's %s was filed by %s and approved by %s at %s\n",
		        strcmp(n->reset_kind, "create") == 0 ? "开通" : "密码重置", n->reset_at,
		        n->reset_filed_by ? n->reset_filed_by : "-",
		        n->reset_approved_by ? n->reset_approved_by : "-",
		        strcmp(n->reset_kind, "create") == 0 ? "first login" : "password reset",
		        n->reset_filed_by ? n->reset_filed_by : "-",
		        n->reset_approved_by ? n->reset_approved_by : "-", n->reset_at);
	fprintf(stderr, "上次成功登录 last login: %s；上次失败登录 last failed login: %s\n",
	        n->last_ok_at ? n->last_ok_at : "-", n->last_failed_at ? n->last_failed_at : "-");
}

static int session_open(bm_cli_session *s, const bm_cli_common *c, bool login, bool readonly)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->json = c->json;
	bm_arena_init(&s->arena, 0);
	if (!c->db)
		return bm_error_set(BM_EINVALID, "no_database", NULL,
		                    "未指定数据库（--db PATH 或环境变量 BAOMI_DB）",
		                    "no database given (--db PATH or $BAOMI_DB)");
	if ((rc = (readonly ? bm_svc_open_readonly : bm_svc_open)(&s->store, c->db)) != 0)
		return rc;
	if ((rc = bm_ctx_init(&s->ctx, s->store, &s->arena, bm_time_now(), "cli")) != 0)
		return rc;
	/* SYS-3: the key and the checkpoints beside the database unless given. */
	if (bm_svc_anchor_default(c->db, s->key_path, s->checkpoints_path, sizeof(s->key_path)) !=
	    0) {
		bm_error_clear();
		s->key_path[0] = s->checkpoints_path[0] = '\0';
	}
	s->anchor.key_path = c->audit_key ? c->audit_key : s->key_path;
	s->anchor.checkpoints_path = c->checkpoints ? c->checkpoints : s->checkpoints_path;
	if (*s->anchor.key_path && *s->anchor.checkpoints_path)
		s->ctx.anchor = &s->anchor;
	if (login) {
		char *password;
		if (!c->user)
			return bm_svc_refuse_auth(BM_SVC_NO_USER);
		if (sodium_init() < 0)
			return bm_error_set(BM_ERROR, "crypto_init", NULL, "密码库初始化失败",
			                    "the crypto library failed to start");
		/* The password lives in locked memory and is wiped after use. */
		password = sodium_malloc(1024);
		if (!password)
			return bm_error_nomem();
		rc = bm_cli_read_password("密码 / password: ", c->password_stdin, password, 1024);
		if (rc == 0)
			rc = bm_svc_login(&s->ctx, c->user, password);
		sodium_free(password);
		if (rc)
			return rc;
		bm_cli_print_notice(&s->ctx.login_notice);
		/*
		 * SYS-4 (and SYS-1's split secret): a password that must change
		 * (init's shared one, an approved reset, one past its age) serves
		 * only to change it, as in the API.
		 */
		if (!c->changing_password && (rc = bm_svc_require_password_current(&s->ctx)) != 0)
			return rc;
	}
	return 0;
}

int bm_cli_session_open(bm_cli_session *s, const bm_cli_common *c, bool login)
{
	return session_open(s, c, login, false);
}

int bm_cli_session_open_readonly(bm_cli_session *s, const bm_cli_common *c)
{
	return session_open(s, c, false, true);
}

int bm_cli_anchor_new_unit(bm_cli_session *s, bm_checkpoint_outcome *cp)
{
	int rc;

	if (!s->ctx.anchor)
		return bm_error_set(BM_EINVALID, "anchor_paths_needed", NULL,
		                    "须用 --audit-key 和 --checkpoints 指定审计密钥和检查点文件",
		                    "give the audit key and the checkpoint file with --audit-key "
		                    "and --checkpoints");
	/* A fresh context: it sees the unit just made. */
	if ((rc = bm_ctx_init(&s->ctx, s->store, &s->arena, s->ctx.now, "cli")) != 0)
		return rc;
	s->ctx.anchor = &s->anchor;
	if ((rc = bm_svc_audit_key_init(&s->ctx)) != 0)
		return rc;
	return bm_svc_audit_checkpoint_due(&s->ctx, 0, "init", cp);
}

int bm_cli_anchor_paths_check(const bm_cli_common *c)
{
	char key[sizeof(((bm_cli_session *)0)->key_path)];
	char checkpoints[sizeof(((bm_cli_session *)0)->checkpoints_path)];
	bm_error e;
	int rc;

	if (!c->db || (c->audit_key && c->checkpoints))
		return 0;
	/* What session_open takes: each path given, else beside the database file. */
	if ((rc = bm_svc_anchor_default(c->db, key, checkpoints, sizeof(key))) == 0)
		return 0;
	if (strcmp(bm_error_last()->code, "anchor_paths_needed") != 0)
		return rc; /* a path too long */
	/* The rule is the audit layer's (SYS-3); the message says what to give. */
	bm_error_save(&e);
	return bm_error_set_msg(rc, e.code, e.rule[0] ? e.rule : NULL,
	                        "数据库不是文件，须用 --audit-key 和 --checkpoints "
	                        "指定审计密钥和检查点文件（未写入任何内容）",
	                        "the database is not a file: give the audit key and the checkpoint "
	                        "file with --audit-key and --checkpoints (nothing was written)");
}

void bm_cli_session_close(bm_cli_session *s)
{
	bm_svc_close(s->store);
	s->store = NULL;
	bm_arena_release(&s->arena);
}

int bm_cli_fail(int rc, bool json)
{
	const bm_error *e = bm_error_last();
	if (json) {
		json_t *err = json_object(), *body = json_object();
		json_object_set_new(err, "code", json_string(e->code[0] ? e->code : "internal"));
		json_object_set_new(err, "rule", e->rule[0] ? json_string(e->rule) : json_null());
		json_object_set_new(err, "message", json_string(e->message));
		json_object_set_new(err, "message_en", json_string(e->message_en));
		json_object_set_new(body, "error", err);
		bm_cli_print_json(body);
		json_decref(body);
	} else {
		if (e->rule[0]) {
			fprintf(stderr, "错误 [%s] %s\n", e->rule, e->message);
			fprintf(stderr, "error [%s] %s: %s\n", e->rule, e->code, e->message_en);
		} else {
			fprintf(stderr, "错误：%s\n", e->message);
			fprintf(stderr, "error: %s: %s\n", e->code, e->message_en);
		}
	}
	return bm_error_exit_code(rc);
}

int bm_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;
	fprintf(stderr, "baomi %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n用法见 / see: baomi help %s\n", cmd);
	return BM_EXIT_USAGE;
}

int bm_cli_help(const char *cmd)
{
	for (size_t i = 0; i < bm_cli_command_count; i++) {
		if (strcmp(bm_cli_commands[i].name, cmd) == 0) {
			printf("%s", bm_cli_commands[i].help);
			return 0;
		}
	}
	fprintf(stderr, "baomi: no help for '%s'\n", cmd);
	return BM_EXIT_USAGE;
}

void bm_cli_print_json(json_t *v)
{
	char *text = json_dumps(v, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	if (text) {
		puts(text);
		free(text);
	}
}

void bm_cli_print_items(json_t *items)
{
	json_t *o = json_object();
	json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(items)));
	json_object_set_new(o, "items", items);
	bm_cli_print_json(o);
	json_decref(o);
}

void bm_cli_print_csv(const char *s, bool last)
{
	bm_buf b;
	bm_buf_init(&b, 0);
	if (bm_buf_csv_cell(&b, s) == 0 && b.len)
		fwrite(b.ptr, 1, b.len, stdout);
	bm_buf_release(&b);
	fputs(last ? "\r\n" : ",", stdout);
}

int64_t bm_cli_parse_id(const char *s)
{
	char *end;
	long long v;
	if (!s || !*s)
		return 0;
	errno = 0;
	v = strtoll(s, &end, 10);
	return errno == 0 && *end == '\0' && v > 0 ? (int64_t)v : 0;
}

int64_t bm_cli_parse_carrier(const char *s)
{
	static const char qr_prefix[] = "baomi:carrier:";
	if (s && strncmp(s, qr_prefix, sizeof(qr_prefix) - 1) == 0)
		s += sizeof(qr_prefix) - 1;
	return bm_cli_parse_id(s);
}

int bm_cli_write_file(const char *path, const bm_buf *buf)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	int ok;
	if (!f)
		return bm_error_set(BM_EINVALID, "cannot_write", NULL, "无法写入文件 '%s'",
		                    "cannot write file '%s'", path);
	ok = fwrite(buf->ptr ? buf->ptr : "", 1, buf->len, f) == buf->len;
	if (path)
		ok &= fclose(f) == 0;
	else
		ok &= fflush(f) == 0;
	if (!ok)
		return bm_error_set(BM_ERROR, "write_failed", NULL, "写入失败", "writing failed");
	return 0;
}

int bm_cli_sheet_opts(const char *cmd, const char *format, const char *out, bool *sheet,
                      bm_sheet_format *f)
{
	if (format && !bm_sheet_format_parse(format, f))
		return bm_cli_usage(cmd, "unknown format '%s' (csv, xlsx)", format);
	if (format)
		*sheet = true;
	if (*sheet && !format)
		*f = BM_SHEET_CSV;
	if (*sheet && *f == BM_SHEET_XLSX && !out)
		return bm_cli_usage(cmd, "--format xlsx needs --out FILE");
	if (out && !*sheet)
		return bm_cli_usage(cmd, "--out goes with --format csv|xlsx");
	return 0;
}

int bm_cli_list_sheet(bm_cli_session *s, const char *which, const char *range, json_t *arr,
                      const char *path)
{
	return bm_cli_list_export(s, which, range, arr, BM_SHEET_XLSX, path);
}

int bm_cli_list_export(bm_cli_session *s, const char *which, const char *range, json_t *arr,
                       bm_sheet_format format, const char *path)
{
	bm_buf b;
	int rc;
	bm_buf_init(&b, 64u << 20);
	rc = bm_svc_list_sheet(&s->ctx, which, range, arr, format, &b);
	json_decref(arr);
	if (rc == 0)
		rc = bm_cli_write_file(path, &b);
	bm_buf_release(&b);
	return rc;
}
