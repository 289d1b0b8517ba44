/*
 * cmd_migrate.c — `baomi migrate --from DB --to postgresql://…` and back
 * (issue 12 point 4): a unit moved to another engine with its whole history
 * (service/migrate.h). Needs no login: whoever holds both databases moves
 * them, as `baomi check` reads one; nothing is written to the source.
 */
#include "common.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/migrate.h"

enum { OPT_FROM = 0x2400, OPT_TO };

static const struct option migrate_opts[] = {
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

static void print_json(const bm_migrate_report *r)
{
	json_t *o = json_object(), *tables = json_array();

	json_object_set_new(o, "events", json_integer(r->events));
	json_object_set_new(o, "last_hash", json_string(r->last_hash));
	json_object_set_new(o, "checkpoints", json_integer(r->checkpoints));
	json_object_set_new(o, "rows", json_integer(r->rows));
	json_object_set_new(o, "bound", json_integer(r->bound));
	for (size_t i = 0; i < r->n_tables; i++) {
		json_t *t = json_object();
		json_object_set_new(t, "table", json_string(r->tables[i].name));
		json_object_set_new(t, "rows", json_integer(r->tables[i].rows));
		json_array_append_new(tables, t);
	}
	json_object_set_new(o, "tables", tables);
	bm_cli_print_json(o);
	json_decref(o);
}

static void print_text(const bm_migrate_report *r)
{
	printf("已迁移 %zu 张表、%" PRId64 " 行 / migrated %zu tables, %" PRId64 " rows\n",
	       r->n_tables, r->rows, r->n_tables, r->rows);
	printf("审计链：%" PRId64 " 条事件，末条哈希 %s / audit chain: %" PRId64
	       " events, last hash %s\n",
	       r->events, r->last_hash, r->events, r->last_hash);
	if (r->checkpoints)
		printf("已对照 %" PRId64 " 个签名检查点 / checked against %" PRId64
		       " signed checkpoints\n",
		       r->checkpoints, r->checkpoints);
	printf("台账 %" PRId64 " 行与审计链相符 / %" PRId64 " ledger rows match the chain\n",
	       r->bound, r->bound);
	printf("迁移完成，目标通过检查 / migration done, the target passes its check\n");
}

int bm_cmd_migrate(int argc, char **argv)
{
	bm_cli_common c;
	bm_check_opts opts = {0};
	bm_migrate_report r;
	const char *from = NULL, *to = NULL;
	int opt, rc;

	bm_cli_common_init(&c);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", migrate_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FROM: from = optarg; break;
		case OPT_TO: to = optarg; break;
		case 'h': return bm_cli_help("migrate");
		default: return bm_cli_usage("migrate", "unknown option");
		}
	}
	if (optind < argc)
		return bm_cli_usage("migrate", "unexpected argument '%s'", argv[optind]);
	if (!from || !to)
		return bm_cli_usage("migrate", "--from and --to are both needed");
	opts.checkpoints = c.checkpoints;
	opts.audit_key = c.audit_key;
	rc = bm_migrate_run(from, to, &opts, &r);
	if (rc == 0) {
		if (c.json)
			print_json(&r);
		else
			print_text(&r);
	} else if (r.source.chain_rc == BM_ECORRUPT && r.source.chain.first_bad_seq && !c.json) {
		fprintf(stderr,
		        "源审计链被破坏：首个异常事件为第 %" PRId64
		        " 条 / the source's audit chain "
		        "is broken: first bad event %" PRId64 "\n",
		        r.source.chain.first_bad_seq, r.source.chain.first_bad_seq);
	} else if (r.source.n_findings && !c.json) {
		fprintf(stderr,
		        "源有 %zu 行台账与审计链不符 / %zu ledger rows of the source do not "
		        "match the chain\n",
		        r.source.n_findings, r.source.n_findings);
	}
	bm_migrate_report_release(&r);
	return rc ? bm_cli_fail(rc, c.json) : 0;
}
