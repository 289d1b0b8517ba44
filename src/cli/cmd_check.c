/*
 * cmd_check.c — `baomi check`: the file's integrity, the audit chain with
 * its checkpoints, and the ledger bound to the chain (issue 9 points 3–4,
 * SYS-3). Needs no login and writes nothing: the database is opened
 * read-only, never migrated (service/check.h).
 */
#include "common.h"

#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/check.h"

enum { OPT_CODE = 0x2300 };

static const struct option check_opts[] = {
        {"code", required_argument, NULL, OPT_CODE},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

/* One finding as text: what it is, in zh then en. */
static void print_finding(const bm_check_finding *f)
{
	char zh[256], en[256];
	bm_check_finding_text(f, zh, en, sizeof(zh));
	printf("  %s / %s\n", zh, en);
}

static void print_text(const bm_check_report *r)
{
	if (r->integrity_ok)
		printf("数据库文件完整 / database file integrity: ok\n");
	else
		printf("数据库文件未通过完整性检查 / database file fails its integrity check: %s\n",
		       r->integrity);
	if (r->chain_rc == 0) {
		printf("审计链完整：%" PRId64 " 条事件 / audit chain intact: %" PRId64 " events\n",
		       r->chain.count, r->chain.count);
		if (r->chain.checkpoints)
			printf("已对照 %" PRId64 " 个签名检查点，至第 %" PRId64
			       " 条事件 / checked against %" PRId64
			       " signed checkpoints, up to event %" PRId64 "\n",
			       r->chain.checkpoints, r->chain.anchored, r->chain.checkpoints,
			       r->chain.anchored);
		else
			printf("注意：没有检查点，审计链末尾未锚定 / note: no checkpoint; the end "
			       "of "
			       "the chain is not anchored (baomi audit checkpoint)\n");
	} else if (r->chain_rc == BM_ECORRUPT && r->chain.first_bad_seq) {
		printf("审计链被破坏：首个异常事件为第 %" PRId64 " 条 / audit chain broken: first "
		       "bad event is %" PRId64 "\n%s\n",
		       r->chain.first_bad_seq, r->chain.first_bad_seq, r->chain.reason);
	} else {
		printf("审计链无法校验：%s / audit chain not verified: %s: %s\n",
		       r->chain_error.message, r->chain_error.code, r->chain_error.message_en);
	}
	printf("台账：%" PRId64 " 行，%" PRId64 " 行与审计链相符 / ledger: %" PRId64
	       " rows, %" PRId64 " match the chain\n",
	       r->rows, r->bound, r->rows, r->bound);
	if (r->before_binding)
		printf("注意：%" PRId64 " 行最后一次改动早于绑定（第 %" PRId64
		       " 条事件之前），未绑定 / note: %" PRId64 " rows not bound (before binding, "
		       "event %" PRId64 ")\n",
		       r->before_binding, r->binding_seq, r->before_binding, r->binding_seq);
	if (r->n_findings) {
		printf("与审计链不符的台账行 %zu 处 / %zu ledger rows do not match the chain:\n",
		       r->n_findings, r->n_findings);
		for (size_t i = 0; i < r->n_findings; i++)
			print_finding(&r->findings[i]);
	}
	if (r->ok)
		printf("检查通过 / check passed\n");
}

static json_t *error_json(const bm_error *e)
{
	json_t *err = json_object();
	json_object_set_new(err, "code", json_string(e->code));
	json_object_set_new(err, "rule", e->rule[0] ? json_string(e->rule) : json_null());
	json_object_set_new(err, "message", json_string(e->message));
	json_object_set_new(err, "message_en", json_string(e->message_en));
	return err;
}

static void print_json(const bm_check_report *r)
{
	json_t *o = json_object(), *integ = json_object(), *chain = json_object(),
	       *ledger = json_object(), *list = json_array();

	json_object_set_new(o, "ok", json_boolean(r->ok));
	json_object_set_new(integ, "ok", json_boolean(r->integrity_ok));
	json_object_set_new(integ, "result", json_string(r->integrity));
	json_object_set_new(o, "integrity", integ);
	json_object_set_new(chain, "intact", json_boolean(r->chain_rc == 0));
	json_object_set_new(chain, "count", json_integer(r->chain.count));
	json_object_set_new(chain, "checkpoints", json_integer(r->chain.checkpoints));
	json_object_set_new(chain, "anchored", json_integer(r->chain.anchored));
	if (r->chain_rc) {
		json_object_set_new(chain, "first_bad_seq", json_integer(r->chain.first_bad_seq));
		json_object_set_new(chain, "reason", json_string(r->chain.reason));
		json_object_set_new(chain, "error", error_json(&r->chain_error));
	}
	json_object_set_new(o, "chain", chain);
	json_object_set_new(ledger, "rows", json_integer(r->rows));
	json_object_set_new(ledger, "bound", json_integer(r->bound));
	json_object_set_new(ledger, "before_binding", json_integer(r->before_binding));
	json_object_set_new(ledger, "binding_seq", json_integer(r->binding_seq));
	for (size_t i = 0; i < r->n_findings; i++) {
		const bm_check_finding *f = &r->findings[i];
		json_t *j = json_object();
		json_object_set_new(j, "table", json_string(f->table));
		json_object_set_new(j, "id", json_integer(f->id));
		json_object_set_new(j, "finding", json_string(bm_check_kind_code(f->kind)));
		json_object_set_new(j, "seq", f->seq ? json_integer(f->seq) : json_null());
		json_array_append_new(list, j);
	}
	json_object_set_new(ledger, "findings", list);
	json_object_set_new(o, "ledger", ledger);
	if (!r->ok)
		json_object_set_new(o, "error", error_json(bm_error_last()));
	bm_cli_print_json(o);
	json_decref(o);
}

int bm_cmd_check(int argc, char **argv)
{
	bm_cli_common c;
	bm_check_opts opts = {0};
	bm_check_report r;
	int opt, rc;

	bm_cli_common_init(&c);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", check_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&c, opt, optarg))
			continue;
		switch (opt) {
		case OPT_CODE: opts.code = optarg; break;
		case 'h': return bm_cli_help("check");
		default: return bm_cli_usage("check", "unknown option");
		}
	}
	if (optind < argc)
		return bm_cli_usage("check", "unexpected argument '%s'", argv[optind]);
	if (!c.db)
		return bm_cli_fail(bm_error_set(BM_EINVALID, "no_database", NULL,
		                                "未指定数据库（--db PATH 或环境变量 BAOMI_DB）",
		                                "no database given (--db PATH or $BAOMI_DB)"),
		                   c.json);
	opts.checkpoints = c.checkpoints;
	opts.audit_key = c.audit_key;
	rc = bm_check_run(c.db, &opts, &r);
	if (rc != 0 && rc != BM_ECORRUPT)
		return bm_cli_fail(rc, c.json);
	if (c.json)
		print_json(&r);
	else
		print_text(&r);
	bm_check_report_release(&r);
	if (rc && !c.json)
		return bm_cli_fail(rc, false);
	return bm_error_exit_code(rc);
}
