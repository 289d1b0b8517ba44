/*
 * cmd_init.c — `baomi init`: a new database with its unit and its three administrators.
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>

#include "cli/cli.h"

/* What init made: the unit, its three administrators, the key and the first checkpoint. */
static void print_init(const bm_cli_session *s, const bm_cli_common *c, const char *unit,
                       const bm_init_admin admins[3], const bm_checkpoint_outcome *cp)
{
	if (c->json) {
		json_t *o = json_object();
		json_object_set_new(o, "unit", json_string(unit));
		json_object_set_new(o, "admin", json_string(admins[0].username));
		json_object_set_new(o, "secadmin", json_string(admins[1].username));
		json_object_set_new(o, "auditor", json_string(admins[2].username));
		json_object_set_new(o, "audit_key", json_string(s->anchor.key_path));
		json_object_set_new(o, "checkpoints", json_string(s->anchor.checkpoints_path));
		json_object_set_new(o, "code", json_string(cp->code));
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		printf("已建立单位“%s”，三员账户：系统管理员 %s、安全保密管理员 %s、安全审计员 %s"
		       "（各自首次登录须修改密码）\n",
		       unit, admins[0].username, admins[1].username, admins[2].username);
		printf("created unit '%s' with system administrator '%s', security administrator "
		       "'%s' and audit administrator '%s' (each must change the password at first "
		       "login)\n",
		       unit, admins[0].username, admins[1].username, admins[2].username);
		printf("审计密钥 / audit key: %s（权限 0600，请妥善备份 / mode 0600, back it "
		       "up）\n",
		       s->anchor.key_path);
		printf("首个检查点 / first checkpoint: %s，校验码 / code %s\n",
		       s->anchor.checkpoints_path, cp->code);
	}
}

int bm_cmd_init(int argc, char **argv)
{
	static const struct option longopts[] = {
	        {"unit", required_argument, NULL, 'u'},
	        {"admin", required_argument, NULL, 'a'},
	        {"name", required_argument, NULL, 'n'},
	        {"secadmin", required_argument, NULL, 's'},
	        {"auditor", required_argument, NULL, 'd'},
	        BM_CLI_COMMON_LONGOPTS,
	        {NULL, 0, NULL, 0},
	};
	bm_cli_common common;
	bm_cli_session s;
	const char *unit = NULL, *admin = "sysadmin", *name = "系统管理员";
	bm_init_admin admins[3] = {
	        {NULL, NULL}, {"secadmin", "安全保密管理员"}, {"auditor", "安全审计员"}};
	char *password = NULL;
	bm_checkpoint_outcome cp;
	int opt, rc;

	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		switch (opt) {
		case 'u': unit = optarg; break;
		case 'a': admin = optarg; break;
		case 'n': name = optarg; break;
		case 's': admins[1].username = optarg; break;
		case 'd': admins[2].username = optarg; break;
		case 'h': return bm_cli_help("init");
		default: return bm_cli_usage("init", "unknown option");
		}
	}
	if (optind < argc)
		return bm_cli_usage("init", "unexpected argument '%s'", argv[optind]);
	if (!unit)
		return bm_cli_usage("init", "--unit NAME is required");
	memset(&s, 0, sizeof(s));
	/* SYS-3: a unit without its key and checkpoints is refused before anything is made. */
	if ((rc = bm_cli_anchor_paths_check(&common)) != 0 ||
	    (rc = bm_cli_session_open(&s, &common, false)) != 0)
		goto done;
	if (sodium_init() < 0 || !(password = sodium_malloc(1024))) {
		rc = bm_error_nomem();
		goto done;
	}
	if ((rc = bm_cli_read_password("管理员密码 / admin password: ", common.password_stdin,
	                               password, 1024)) != 0)
		goto done;
	admins[0].username = admin;
	admins[0].name = name;
	if ((rc = bm_svc_init_unit_admins(&s.ctx, unit, admins, password)) != 0)
		goto done;
	if ((rc = bm_cli_anchor_new_unit(&s, &cp)) != 0)
		goto done;
	print_init(&s, &common, unit, admins, &cp);
done:
	if (password)
		sodium_free(password);
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_cli_session_close(&s);
	return rc;
}
