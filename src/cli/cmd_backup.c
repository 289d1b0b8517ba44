/*
 * cmd_backup.c — `baomi backup` and `baomi restore` (issue 9, point 8).
 *
 * Both work on the files, like `audit verify`: whoever may read (backup) or
 * replace (restore) the database file needs no login; the operating system's
 * file permissions decide. There is no HTTP route: a backup is taken on the
 * server, by the operator or a timer (README). The use cases are
 * service/backup.c's.
 */
#include "common.h"

#include <getopt.h>
#include <inttypes.h>
#include <string.h>
#include <time.h>
#include <stdio.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/config.h"
#include "util/timeutil.h"

enum {
	OPT_OUT = 0x2600,
	OPT_FROM,
	OPT_CHECK,
	OPT_CONFIG,
};

static const struct option backup_opts[] = {
        {"out", required_argument, NULL, OPT_OUT},
        {"from", required_argument, NULL, OPT_FROM},
        {"check", no_argument, NULL, OPT_CHECK},
        {"config", required_argument, NULL, OPT_CONFIG},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct backup_args {
	bm_cli_common common;
	const char *out;
	const char *from;
	bool check;
	bool db_flag;
	const char *config;
	bm_cli_config file;
	char out_buf[4096];
} backup_args;

/* Returns 0, 1 for --help, or a usage exit status. */
static int parse_args(const char *cmd, int argc, char **argv, backup_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", backup_opts, NULL)) != -1) {
		if (opt == 0x1001)
			a->db_flag = true;
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_OUT: a->out = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_CHECK: a->check = true; break;
		case OPT_CONFIG: a->config = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage(cmd, "unknown option");
		}
	}
	if (optind < argc)
		return bm_cli_usage(cmd, "unexpected argument '%s'", argv[optind]);
	return 0;
}

static const char *file_of(const char *db)
{
	return strncmp(db, "sqlite:", 7) == 0 ? db + 7 : db;
}

/* A backup of a missing file would create an empty database: refuse it instead. */
static int require_db(const char *db)
{
	if (!db || !*db)
		return bm_error_set(BM_EINVALID, "no_database", NULL,
		                    "未指定数据库（--db PATH 或环境变量 BAOMI_DB）",
		                    "no database given (--db PATH or $BAOMI_DB)");
	if (!strstr(db, "://") && access(file_of(db), F_OK) != 0)
		return bm_error_set(BM_ENOTFOUND, "database_not_found", NULL, "数据库 '%s' 不存在",
		                    "database '%s' does not exist", file_of(db));
	return 0;
}

/*
 * Issue 15: `--config FILE` (the nightly timer's): the database and, without --out,
 * backup_dir/baomi-YYYY-MM-DD.db (the server's local date). Flags win over the file.
 * 0, or the exit status of the failure.
 */
static int backup_config(backup_args *a)
{
	int rc;
	if (!a->config)
		return 0;
	if ((rc = bm_cli_config_load(a->config, &a->file)) != 0)
		return bm_cli_fail(rc, a->common.json);
	if (!a->db_flag && a->file.database)
		a->common.db = a->file.database;
	if (!a->out && a->file.backup_dir) {
		time_t now = time(NULL);
		struct tm tm;
		char day[16];
		localtime_r(&now, &tm);
		strftime(day, sizeof(day), "%Y-%m-%d", &tm);
		snprintf(a->out_buf, sizeof(a->out_buf), "%s/baomi-%s.db", a->file.backup_dir, day);
		a->out = a->out_buf;
	}
	return 0;
}

/* `baomi backup --db X --out Y`: exit 0 with the 校验码 of the backup's checkpoint. */
static int backup_run(backup_args *ap)
{
	backup_args a = *ap;
	bm_backup_outcome o;
	bm_cli_session s;
	int rc;

	if (!a.out || !*a.out)
		return bm_cli_usage("backup",
		                    "--out PATH is needed (or backup_dir in --config FILE)");
	if ((rc = require_db(a.common.db)) != 0)
		return bm_cli_fail(rc, a.common.json);
	if ((rc = bm_cli_session_open(&s, &a.common, false)) == 0)
		rc = bm_svc_backup(&s.ctx, a.out, &o);
	if (rc == 0 && o.key_created)
		fprintf(stderr,
		        "本单位尚无审计密钥，已新建 %s（权限 "
		        "0600，请妥善备份，勿与数据库放在一处）\n"
		        "the unit had no audit key: created %s (mode 0600; back it up, and keep it "
		        "apart from the database)\n",
		        s.anchor.key_path, s.anchor.key_path);
	if (rc == 0 && a.common.json) {
		json_t *j = json_object();
		json_object_set_new(j, "file", json_string(a.out));
		json_object_set_new(j, "count", json_integer(o.count));
		json_object_set_new(j, "last_hash", json_string(o.last_hash));
		json_object_set_new(j, "code", json_string(o.code));
		json_object_set_new(j, "at", json_string(o.at));
		json_object_set_new(j, "bytes", json_integer(o.bytes));
		json_object_set_new(j, "steps", json_integer(o.steps));
		json_object_set_new(j, "checkpoints", json_integer(o.checkpoints));
		json_object_set_new(j, "key_created", json_boolean(o.key_created));
		bm_cli_print_json(j);
		json_decref(j);
	} else if (rc == 0) {
		printf("备份完成并已校验：%s，%" PRId64 " 条审计事件，%" PRId64
		       " 字节 / backup taken and verified: %s, %" PRId64 " audit events, %" PRId64
		       " bytes\n",
		       a.out, o.count, o.bytes, a.out, o.count, o.bytes);
		printf("末条哈希 / last hash: %s\n", o.last_hash);
		printf("检查点 / checkpoint: %s.checkpoints, %s\n", a.out, o.at);
		printf("校验码 / code: %s\n", o.code);
		printf("请将校验码抄入纸质登记簿 / copy the code into the paper register\n");
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_backup(int argc, char **argv)
{
	backup_args a;
	int rc;

	if ((rc = parse_args("backup", argc, argv, &a)) != 0)
		return rc == 1 ? bm_cli_help("backup") : rc;
	if ((rc = backup_config(&a)) != 0)
		return rc;
	rc = backup_run(&a);
	bm_cli_config_free(&a.file);
	return rc;
}

static void print_check(const char *from, const bm_backup_check *c, bool json)
{
	if (json) {
		json_t *j = json_object();
		json_object_set_new(j, "file", json_string(from));
		json_object_set_new(j, "intact", json_true());
		json_object_set_new(j, "count", json_integer(c->count));
		json_object_set_new(j, "last_hash", json_string(c->last_hash));
		json_object_set_new(j, "checkpoints", json_integer(c->checkpoints));
		json_object_set_new(j, "code", json_string(c->code));
		json_object_set_new(j, "key_checked", json_boolean(c->key_checked));
		bm_cli_print_json(j);
		json_decref(j);
		return;
	}
	printf("备份完好：%s，%" PRId64 " 条审计事件，对照 %" PRId64
	       " 个签名检查点 / backup intact: %s, %" PRId64 " audit events, %" PRId64
	       " signed checkpoints\n",
	       from, c->count, c->checkpoints, from, c->count, c->checkpoints);
	printf("备份检查点校验码 / the backup's checkpoint code: %s (%s)\n", c->code, c->at);
	if (!c->key_checked)
		printf("注意：未找到本单位密钥，检查点只核对了自身签名 / note: no unit key was "
		       "found; the checkpoints were checked against their own key only "
		       "(--audit-key)\n");
}

/*
 * `baomi restore --from Y --db X`, or `baomi restore --from Y --check`
 * (checks the backup alone, changes nothing).
 */
int bm_cmd_restore(int argc, char **argv)
{
	char key_path[4096] = "", cps_path[4096] = "";
	bm_restore_outcome o;
	backup_args a;
	int rc;

	if ((rc = parse_args("restore", argc, argv, &a)) != 0)
		return rc == 1 ? bm_cli_help("restore") : rc;
	if (!a.from || !*a.from)
		return bm_cli_usage("restore", "--from BACKUP is needed");
	if (a.check) {
		bm_backup_check c;
		if ((rc = bm_svc_backup_check(a.from, NULL, a.common.audit_key, &c)) != 0)
			return bm_cli_fail(rc, a.common.json);
		print_check(a.from, &c, a.common.json);
		return 0;
	}
	if (!a.common.db || !*a.common.db)
		return bm_cli_usage("restore", "--db PATH is needed (or --check)");
	/* A PostgreSQL URL has no default paths: the service refuses it (restore_pg). */
	if (bm_svc_anchor_default(a.common.db, key_path, cps_path, sizeof(key_path)) != 0) {
		if (!strstr(a.common.db, "://"))
			return bm_cli_fail(BM_EINVALID, a.common.json);
		bm_error_clear();
	}
	rc = bm_svc_restore(a.from, a.common.db,
	                    a.common.checkpoints ? a.common.checkpoints : cps_path,
	                    a.common.audit_key ? a.common.audit_key : key_path, bm_time_now(), &o);
	if (rc)
		return bm_cli_fail(rc, a.common.json);
	if (a.common.json) {
		json_t *j = json_object();
		json_object_set_new(j, "db", json_string(file_of(a.common.db)));
		json_object_set_new(j, "from", json_string(a.from));
		json_object_set_new(j, "count", json_integer(o.backup.count));
		json_object_set_new(j, "code", json_string(o.backup.code));
		json_object_set_new(j, "replaced", o.replaced ? json_string(o.aside) : json_null());
		json_object_set_new(j, "checkpoints_replaced",
		                    o.checkpoints_replaced ? json_string(o.checkpoints_aside)
		                                           : json_null());
		bm_cli_print_json(j);
		json_decref(j);
		return 0;
	}
	print_check(a.from, &o.backup, false);
	printf("已恢复 / restored: %s\n", file_of(a.common.db));
	if (o.replaced)
		printf("原数据库保留为 / the replaced database is kept as %s\n", o.aside);
	if (o.checkpoints_replaced)
		printf("原检查点文件保留为 / the replaced checkpoint file is kept as %s\n",
		       o.checkpoints_aside);
	/* SYS-3: the key is not in the backup; a server started without it would make another. */
	if (access(a.common.audit_key ? a.common.audit_key : key_path, F_OK) != 0)
		printf("注意：%s 处没有本单位审计密钥；启动服务前请把本单位密钥（权限 "
		       "0600）放到该处，"
		       "否则服务会新建密钥 / note: there is no unit audit key at %s; put the "
		       "unit's key "
		       "there (mode 0600) before serving, or the server makes a new one\n",
		       a.common.audit_key ? a.common.audit_key : key_path,
		       a.common.audit_key ? a.common.audit_key : key_path);
	return 0;
}
