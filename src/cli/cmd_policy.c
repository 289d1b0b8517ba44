/*
 * cmd_policy.c — `baomi policy`: the unit's policy as data (SYS-5).
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "util/buf.h"

/* Reads a whole file (or "-" for stdin) into a buffer capped at 256 KiB. */
static int read_file(const char *path, bm_buf *out)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[4096];
	size_t n;
	int rc = 0;

	if (!f)
		return bm_error_set(BM_ENOTFOUND, "file_not_found", NULL, "无法打开文件 '%s'",
		                    "cannot open file '%s'", path);
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if ((rc = bm_buf_put(out, chunk, n)) != 0)
			break;
	if (f != stdin)
		fclose(f);
	return rc;
}

/* `policy history`: the versions, newest first. */
static int policy_history(bm_cli_session *s, bool as_json)
{
	bm_policy_version *v;
	size_t n;
	json_t *arr;
	int rc;
	if ((rc = bm_svc_policy_history(&s->ctx, &v, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = json_object();
		json_object_set_new(o, "version", json_integer(v[i].version));
		json_object_set_new(o, "created_at", json_string(v[i].created_at));
		json_object_set_new(o, "comment", json_string(v[i].comment ? v[i].comment : ""));
		json_array_append_new(arr, o);
		if (!as_json)
			printf("第 %d 版 version %d  %s  %s\n", v[i].version, v[i].version,
			       v[i].created_at, v[i].comment ? v[i].comment : "");
	}
	if (as_json)
		bm_cli_print_json(arr);
	json_decref(arr);
	return 0;
}

/* `policy show` / `policy export`: the text form, to stdout or `out_path`. */
static int policy_export(bm_cli_session *s, bool show_json, const char *out_path)
{
	const char *text;
	FILE *f = stdout;
	int rc;
	if ((rc = bm_svc_policy_export(&s->ctx, &text)) != 0)
		return rc;
	if (show_json) {
		json_t *o = json_object();
		json_object_set_new(o, "version", json_integer(s->ctx.policy.version));
		json_object_set_new(o, "text", json_string(text));
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (out_path && !(f = fopen(out_path, "w")))
		return bm_error_set(BM_ERROR, "cannot_write", NULL, "无法写入文件 '%s'",
		                    "cannot write file '%s'", out_path);
	fputs(text, f);
	if (f != stdout)
		fclose(f);
	return 0;
}

/* `policy import FILE --comment TEXT`: a new version in force. */
static int policy_import(bm_cli_session *s, const char *path, const char *comment, bm_buf *buf)
{
	int version = 0, rc;
	if ((rc = read_file(path, buf)) != 0 ||
	    (rc = bm_svc_policy_import(&s->ctx, buf->ptr ? buf->ptr : "", comment, &version)) != 0)
		return rc;
	printf("已启用保密制度第 %d 版 / policy version %d is now in force\n", version, version);
	return 0;
}

int bm_cmd_policy(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"lang", required_argument, NULL, 'l'},
	        {"comment", required_argument, NULL, 'c'},
	        {"out", required_argument, NULL, 'o'},
	        BM_CLI_COMMON_LONGOPTS,
	        {NULL, 0, NULL, 0},
	};
	bm_cli_common common;
	bm_cli_session s;
	const char *sub, *lang = "zh", *comment = NULL, *out_path = NULL, *printed = NULL;
	bm_buf buf;
	int opt, rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("policy"), BM_EXIT_USAGE) : bm_cli_help("policy");
	sub = argv[1];
	argc--;
	argv++;
	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		switch (opt) {
		case 'l': lang = optarg; break;
		case 'c': comment = optarg; break;
		case 'o': out_path = optarg; break;
		case 'h': return bm_cli_help("policy");
		default: return bm_cli_usage("policy", "unknown option");
		}
	}
	if (strcmp(lang, "zh") && strcmp(lang, "en"))
		return bm_cli_usage("policy", "--lang is zh or en");
	if (strcmp(sub, "show") && strcmp(sub, "export") && strcmp(sub, "import") &&
	    strcmp(sub, "print") && strcmp(sub, "history"))
		return bm_cli_usage("policy", "unknown subcommand '%s'", sub);
	if (!strcmp(sub, "import") && (argc - optind != 1 || !comment))
		return bm_cli_usage("policy", "import needs FILE and --comment TEXT");

	bm_buf_init(&buf, 512 * 1024);
	if ((rc = bm_cli_session_open(&s, &common, true)) != 0)
		goto done;
	if (!strcmp(sub, "import"))
		rc = policy_import(&s, argv[optind], comment, &buf);
	else if (!strcmp(sub, "history"))
		rc = policy_history(&s, common.json);
	else if (!strcmp(sub, "print") &&
	         (rc = bm_svc_policy_print(&s.ctx, !strcmp(lang, "en"), &printed)) == 0)
		fputs(printed, stdout);
	else if (strcmp(sub, "print") != 0)
		rc = policy_export(&s, !strcmp(sub, "show") && common.json, out_path);
done:
	bm_buf_release(&buf);
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_cli_session_close(&s);
	return rc;
}
