/*
 * cmd_alerts.c — `baomi alerts`: the dated alerts at "now" (issue 3), most
 * urgent first. "Now" is the clock, or in a test build $BAOMI_NOW (tests and
 * rehearsals). Listing alerts is not a failure: the exit status is 0
 * whether or not there are any.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/ledger.h"
#include "service/service.h"
#include "util/timeutil.h"

const char bm_help_alerts[] =
        "baomi alerts — 提醒 / the alerts due now\n"
        "\n"
        "用法 / usage:\n"
        "  baomi alerts [--json]\n"
        "  baomi alerts ack ID                   安全审计员确认一条提醒 / the auditor "
        "acknowledges\n"
        "  baomi alerts ack --expired-filing ID  确认账户申请过期 / ... a filing's expiry\n"
        "\n"
        "安全审计员看到的是关于三员的提醒（SYS-1）：每次账户申请（重置密码、开通账户）、批准、\n"
        "拒绝、过期，以及管理员角色的授予、撤销和管理员账户的停用、启用，直到审计员确认。\n"
        "The audit administrator sees the alerts about the administrators (SYS-1): every\n"
        "account filing (reset, creation), approval, refusal and expiry, every administrator\n"
        "role granted or revoked and administrator account disabled or enabled, until the\n"
        "auditor acknowledges it with 'alerts ack' (audited alert.ack).\n"
        "\n"
        "按紧急程度分组列出当前全部提醒，每条注明所依据的规则、到期日和逾期天数：\n"
        "借阅、携带外出逾期（BORROW-2、CARRY-2），逾期三个月按失泄密事件处理（BORROW-6），\n"
        "传阅、阅文未按时退回（CIRC-3），保密期限将满（LEVEL-6），逾期登记（REG-2），\n"
        "未签收（SEND-4），审批积压，按密级和节假日应进行的清查（INV-1、INV-"
        "2），事件报告和调查期限（INC-1、INC-4）。\n"
        "Every alert now, grouped by urgency (high, medium, low), each with its rule, due date\n"
        "and days overdue: overdue borrowings and take-outs, incident candidates, items not back\n"
        "in time, periods ending, late registration, unsigned receipts, approvals pending too\n"
        "long, counts due, incidents past their limits. Only alerts about carriers you may see\n"
        "(SYS-2); the unit-wide count schedule is the clerk's.\n"
        "\n"
        "\"现在\"取系统时钟；仅测试构建（-Dtest_clock=true）在设置环境变量 BAOMI_NOW\n"
        "（如 2026-12-01T02:00:00Z）时取该时刻。\n"
        "\"Now\" is the clock; only a test build (-Dtest_clock=true) takes $BAOMI_NOW\n"
        "(e.g. 2026-12-01T02:00:00Z) instead.\n"
        "退出码 0：有无提醒都是成功。Exit 0 whether or not there are alerts.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

static const struct {
	const char *code, *zh, *en;
} groups[] = {
        {"high", "紧急", "high"},
        {"medium", "较急", "medium"},
        {"low", "一般", "low"},
};

/* Text with its line breaks and tabs as spaces: a title may hold them, one alert is one line. */
static void put_line_text(const char *s)
{
	for (; *s; s++)
		putchar(*s == '\n' || *s == '\r' || *s == '\t' ? ' ' : *s);
}

static void print_alert(const bm_alert *a)
{
	printf("  [%s] ", a->rule);
	/* SYS-1: what the auditor acknowledges it by. */
	if (a->admin_alert_id)
		printf("#%lld ", (long long)a->admin_alert_id);
	else if (a->filing_id && strcmp(a->code, "account_filing_expired") == 0)
		printf("(--expired-filing %lld) ", (long long)a->filing_id);
	put_line_text(a->text_zh);
	printf("\n      ");
	put_line_text(a->text_en);
	if (a->due && *a->due)
		printf(" (due %s", a->due);
	if (a->due && *a->due && a->days_overdue > 0)
		printf(", %d days overdue", a->days_overdue);
	if (a->due && *a->due)
		printf(")");
	if (a->incident_candidate)
		printf(" [incident candidate]");
	printf("\n");
}

static void print_text(const bm_alert *v, size_t n, const char *now)
{
	printf("提醒 / alerts — %s\n", now);
	for (size_t g = 0; g < BM_ARRAY_LEN(groups); g++) {
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			k += strcmp(v[i].urgency, groups[g].code) == 0;
		if (!k)
			continue;
		printf("\n%s / %s (%zu)\n", groups[g].zh, groups[g].en, k);
		for (size_t i = 0; i < n; i++)
			if (strcmp(v[i].urgency, groups[g].code) == 0)
				print_alert(&v[i]);
	}
	if (n == 0)
		printf("\n无提醒 / no alerts\n");
	printf("\n共 %zu 条 / %zu alerts\n", n, n);
}

/* `baomi alerts ack ID | --expired-filing ID` (SYS-1): the auditor acknowledges. */
static int alerts_ack(int argc, char **argv)
{
	enum { OPT_EXPIRED = 0x100 };
	static const struct option longopts[] = {
	        BM_CLI_COMMON_LONGOPTS,
	        {"expired-filing", no_argument, NULL, OPT_EXPIRED},
	        {NULL, 0, NULL, 0},
	};
	bm_cli_common common;
	bm_cli_session s;
	bool expired = false;
	int64_t id;
	int opt, rc;

	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		if (opt == OPT_EXPIRED) {
			expired = true;
			continue;
		}
		if (opt == 'h')
			return bm_cli_help("alerts");
		return bm_cli_usage("alerts", "unknown option");
	}
	if (argc - optind != 1)
		return bm_cli_usage("alerts", "'ack' needs one id");
	if ((id = bm_cli_parse_id(argv[optind])) <= 0)
		return bm_cli_usage("alerts", "invalid id '%s'", argv[optind]);
	if ((rc = bm_cli_session_open(&s, &common, true)) == 0 &&
	    (rc = bm_svc_admin_alert_ack(&s.ctx, expired, id)) == 0) {
		if (common.json) {
			json_t *o =
			        json_pack("{s:b, s:I}", "acknowledged", 1, "id", (json_int_t)id);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("已确认 acknowledged: %s%lld\n", expired ? "expired filing " : "",
			       (long long)id);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_alerts(int argc, char **argv)
{
	static const struct option longopts[] = {
	        BM_CLI_COMMON_LONGOPTS,
	        {NULL, 0, NULL, 0},
	};
	bm_cli_common common;
	bm_cli_session s;
	bm_alert *v = NULL;
	size_t n = 0;
	int opt, rc;

	if (argc > 1 && strcmp(argv[1], "ack") == 0)
		return alerts_ack(argc - 1, argv + 1);
	bm_cli_common_init(&common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&common, opt, optarg))
			continue;
		if (opt == 'h')
			return bm_cli_help("alerts");
		return bm_cli_usage("alerts", "unknown option");
	}
	if (optind < argc)
		return bm_cli_usage("alerts", "unexpected argument '%s'", argv[optind]);
	if ((rc = bm_cli_session_open(&s, &common, true)) == 0 &&
	    (rc = bm_svc_alerts(&s.ctx, s.ctx.now, &v, &n)) == 0) {
		char now[BM_ISO_TIME_LEN];
		bm_time_format(s.ctx.now, now);
		if (common.json) {
			json_t *o = json_object(), *arr = json_array();
			for (size_t i = 0; i < n; i++)
				json_array_append_new(arr, bm_alert_to_json(&v[i]));
			json_object_set_new(o, "now", json_string(now));
			json_object_set_new(o, "count", json_integer((json_int_t)n));
			json_object_set_new(o, "alerts", arr);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			print_text(v, n, now);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, common.json);
	bm_cli_session_close(&s);
	return rc;
}
