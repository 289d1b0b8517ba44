/*
 * cmd_account.c — `baomi account`: password resets and first logins by two
 * administrators (SYS-1, issue 9), and changing one's own password (SYS-4).
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

enum { OPT_REASON = 0x2200 };

static const struct option account_opts[] = {
        {"reason", required_argument, NULL, OPT_REASON},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

void bm_cli_print_filed(const bm_filing_half *half, const bm_person *p, bool json)
{
	if (json) {
		json_t *o = json_object();
		if (p)
			json_object_set_new(
			        o, "person",
			        json_pack("{s:I,s:s,s:o}", "id", (json_int_t)p->id, "name", p->name,
			                  "username",
			                  p->username ? json_string(p->username) : json_null()));
		if (half->filing_id)
			json_object_set_new(o, "filing",
			                    json_pack("{s:I,s:s}", "id",
			                              (json_int_t)half->filing_id, "half_secret",
			                              half->half));
		bm_cli_print_json(o);
		json_decref(o);
		return;
	}
	if (p)
		printf("已建立人员 person added: %lld %s\n", (long long)p->id, p->name);
	if (!half->filing_id)
		return;
	printf("账户申请 filing: %lld\n", (long long)half->filing_id);
	printf("一半临时密码 half secret: %s\n", half->half);
	printf("（仅显示一次，请当面交给本人；另一半由另一名管理员交付 / shown once: hand it to "
	       "the person yourself; the other half comes from the other administrator）\n");
}

/* A filing id from the command line. */
static int filing_id(const char *text, int64_t *out)
{
	char *end;
	long long v = strtoll(text, &end, 10);
	if (*end || v <= 0)
		return bm_cli_usage("account", "'%s' is not a filing number", text);
	*out = v;
	return 0;
}

/*
 * The new password: $BAOMI_NEW_PASSWORD, else the next line of standard
 * input (after the current password with --password-stdin), else a prompt.
 */
static int read_new_password(const bm_cli_common *c, char *buf, size_t size)
{
	const char *env = getenv("BAOMI_NEW_PASSWORD");
	if (env && *env) {
		if (strlen(env) >= size)
			return bm_svc_refuse_auth(BM_SVC_PASSWORD_TOO_LONG);
		memcpy(buf, env, strlen(env) + 1);
		return 0;
	}
	if (!c->password_stdin)
		unsetenv("BAOMI_PASSWORD"); /* the prompt, not the current password again */
	return bm_cli_read_password("新密码 / new password: ", c->password_stdin, buf, size);
}

/* `baomi account password`: the actor changes their own password (SYS-4). */
static int change_password(const bm_cli_common *c)
{
	bm_cli_session s;
	char *old = NULL, *fresh = NULL;
	int rc;

	if ((rc = bm_cli_session_open(&s, c, false)) != 0)
		goto done;
	if (!c->user) {
		rc = bm_svc_refuse_auth(BM_SVC_NO_USER);
		goto done;
	}
	if (sodium_init() < 0 || !(old = sodium_malloc(1024)) || !(fresh = sodium_malloc(1024))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = bm_cli_read_password("密码 / password: ", c->password_stdin, old, 1024)) != 0 ||
	    (rc = bm_svc_login(&s.ctx, c->user, old)) != 0)
		goto done;
	bm_cli_print_notice(&s.ctx.login_notice);
	if ((rc = read_new_password(c, fresh, 1024)) != 0 ||
	    (rc = bm_svc_password_change(&s.ctx, 0, old, fresh)) != 0)
		goto done;
	if (!c->json)
		printf("密码已修改 password changed: %s\n", c->user);
done:
	if (old)
		sodium_free(old);
	if (fresh)
		sodium_free(fresh);
	if (rc)
		rc = bm_cli_fail(rc, c->json);
	bm_cli_session_close(&s);
	return rc;
}

static void print_filings(const bm_account_filing *f, size_t n, bool json)
{
	json_t *arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_array_append_new(
		        arr,
		        json_pack("{s:I,s:s,s:s,s:s,s:s,s:s,s:s,s:o,s:o}", "id",
		                  (json_int_t)f[i].id, "kind", f[i].kind, "status", f[i].status,
		                  "person", f[i].person_name ? f[i].person_name : "", "filed_by",
		                  f[i].filed_by_name ? f[i].filed_by_name : "", "filed_at",
		                  f[i].filed_at, "expires_at", f[i].expires_at, "decided_by",
		                  f[i].decided_by_name ? json_string(f[i].decided_by_name)
		                                       : json_null(),
		                  "decided_at",
		                  f[i].decided_at ? json_string(f[i].decided_at) : json_null()));
		if (!json)
			printf("%4lld  %-6s %-8s %-12s 提出 filed by %s %s%s%s\n",
			       (long long)f[i].id, f[i].kind, f[i].status,
			       f[i].person_name ? f[i].person_name : "-",
			       f[i].filed_by_name ? f[i].filed_by_name : "-", f[i].filed_at,
			       f[i].decided_by_name ? "，决定 decided by " : "",
			       f[i].decided_by_name ? f[i].decided_by_name : "");
	}
	if (json)
		bm_cli_print_json(arr);
	json_decref(arr);
}

int bm_cmd_account(int argc, char **argv)
{
	bm_cli_common common;
	bm_cli_session s;
	const char *sub, *reason = NULL;
	bm_filing_half half = {0};
	int64_t id = 0;
	int opt, rc, n_pos;
	char **pos;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("account"), BM_EXIT_USAGE) : bm_cli_help("account");
	sub = argv[1];
	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc - 1, argv + 1, "h", account_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_REASON: reason = optarg; break;
		case 'h': return bm_cli_help("account");
		default: return bm_cli_usage("account", "unknown option");
		}
	}
	pos = argv + 1 + optind;
	n_pos = argc - 1 - optind;
	if (strcmp(sub, "password") == 0) {
		if (n_pos)
			return bm_cli_usage("account", "'password' takes no argument");
		common.changing_password = true;
		return change_password(&common);
	}
	if (strcmp(sub, "filings") == 0) {
		if (n_pos)
			return bm_cli_usage("account", "'filings' takes no argument");
	} else if (strcmp(sub, "reset") == 0 || strcmp(sub, "approve") == 0 ||
	           strcmp(sub, "refuse") == 0) {
		if (n_pos != 1)
			return bm_cli_usage("account", "'%s' needs one argument", sub);
		if (strcmp(sub, "reset") != 0 && (rc = filing_id(pos[0], &id)) != 0)
			return rc;
	} else {
		return bm_cli_usage("account", "unknown subcommand '%s'", sub);
	}

	if ((rc = bm_cli_session_open(&s, &common, true)) != 0)
		goto done;
	if (strcmp(sub, "reset") == 0) {
		if ((rc = bm_svc_account_reset_password(&s.ctx, pos[0], &half)) == 0)
			bm_cli_print_filed(&half, NULL, common.json);
	} else if (strcmp(sub, "approve") == 0) {
		if ((rc = bm_svc_account_approve(&s.ctx, id, &half)) == 0)
			bm_cli_print_filed(&half, NULL, common.json);
	} else if (strcmp(sub, "refuse") == 0) {
		if ((rc = bm_svc_account_refuse(&s.ctx, id, reason)) == 0 && !common.json)
			printf("已拒绝 refused: %lld\n", (long long)id);
	} else {
		bm_account_filing *f;
		size_t n;
		if ((rc = bm_svc_account_filings(&s.ctx, &f, &n)) == 0)
			print_filings(f, n, common.json);
	}
done:
	sodium_memzero(&half, sizeof(half));
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_cli_session_close(&s);
	return rc;
}
