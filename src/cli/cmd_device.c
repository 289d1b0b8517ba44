/*
 * cmd_device.c — `baomi device`: the register of classified devices and
 * storage media (涉密设备与存储介质, DEV-1..7, KEEP-2). The rules live in
 * src/policy/device.c; the use cases in service/device.c.
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "service/device.h"

const char bm_help_device[] =
        "baomi device — 涉密设备与存储介质台账 / the device and media register (DEV-1..7)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi device add --number N --kind K --level L --holder PERSON [--model M]\n"
        "        [--serial S] [--place P] [--operator PERSON] [--encrypted]\n"
        "        [--password-changed DATE] [--carrier ID] [--note T]\n"
        "        登记设备（保密员）：定机定人（DEV-1、PERSON-1），电子信息不超过制度允许的密级\n"
        "        "
        "（DEV-4），打印机、复印机、传真机须有操作人员，涉密传真须加密、绝密不得传真（DEV-7）\n"
        "        register a device (clerk); kinds: computer laptop usb removable_disk\n"
        "        optical_disc printer copier fax shredder\n"
        "  baomi device list [--kind K] [--status in_use|repair|scrapped|missing] [--level L]\n"
        "        [--holder PERSON] [--search TEXT] [--json]   台账 / the register\n"
        "        [--format csv|xlsx [--out FILE]]   涉密设备台账（CSV 或 Excel；xlsx 须 --out）\n"
        "        / the register as CSV or an Excel workbook (xlsx needs --out)\n"
        "  baomi device show ID [--json]              一台设备及其历史 / one device, its history\n"
        "  baomi device repairs [--json] [--format csv|xlsx [--out FILE]]   维修登记簿\n"
        "        / the repair register: the acceptor and how they confirmed (DEV-5)\n"
        "  baomi device level ID --level L [--reason T]   "
        "升密（DEV-2：只升不降，任何人不得降低）\n"
        "        raise the level (DEV-2: never lowered, whoever asks)\n"
        "  baomi device assign ID [--holder PERSON] [--place P] [--operator PERSON]\n"
        "        移交、变更放置地点或操作人员（KEEP-2）/ hand over, move, change operator\n"
        "  baomi device repair ID --supervisor NAME --technician NAME [--company C]\n"
        "        --storage removed|degaussed|none [--off-site] [--fault T] [--date DATE]\n"
        "        维修登记（DEV-5）：现场维修、专人监修、拆除存储部件或消磁\n"
        "        record a repair (DEV-5): on site, supervised, storage removed or degaussed\n"
        "        维修开始，设备状态为维修中 / starts the repair: status 'repair'\n"
        "  baomi device repair-end ID --checked-by PERSON [--checked-by-paper] [--result T]\n"
        "        [--date DATE]  维修结束，验收人本人输入口令确认后在用（DEV-5、REG-1）/ the\n"
        "        acceptor confirms with their own password ($BAOMI_CHECKED_BY_PASSWORD or a\n"
        "        prompt; a wrong one counts towards their lockout); no account: on paper\n"
        "  baomi device password ID [--date DATE]     "
        "登记登录口令更换（DEV-3）/ record a password change\n"
        "  baomi device label-affixed ID [--date DATE]\n"
        "        "
        "登记标识已粘贴（DEV-1）：标签注明密级、编号、责任人；密级或责任人变更后须重新粘贴\n"
        "        record the printed label affixed (DEV-1); relabel after a level or holder change\n"
        "  baomi device scrap ID --request RID --witness PERSON --witness PERSON\n"
        "        [--paper-witness PERSON] [--method M]\n"
        "        按已批准的报废申请（request --op scrap --params '{\"device_id\":ID}'）\n"
        "        监销报废（DEV-6、DESTROY-2/3）/ scrap against an approved request, witnessed\n"
        "        监销人各自输入本人口令（DESTROY-2、REG-1）/ each witness types their own\n"
        "        password: $BAOMI_WITNESS<N>_PASSWORD or a prompt; no account: --paper-witness\n"
        "\n"
        "标签 / label: baomi:device:ID（GET /api/v1/devices/ID/label）\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused, 6 冲突 conflict (编号重复、已报废 number taken, scrapped).\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_NUMBER = 0x2600,
	OPT_KIND,
	OPT_MODEL,
	OPT_SERIAL,
	OPT_LEVEL,
	OPT_HOLDER,
	OPT_OPERATOR,
	OPT_PLACE,
	OPT_ENCRYPTED,
	OPT_PWCHANGED,
	OPT_CARRIER,
	OPT_NOTE,
	OPT_STATUS,
	OPT_SEARCH,
	OPT_REASON,
	OPT_SUPERVISOR,
	OPT_TECHNICIAN,
	OPT_COMPANY,
	OPT_STORAGE,
	OPT_OFFSITE,
	OPT_FAULT,
	OPT_DATE,
	OPT_REQUEST,
	OPT_WITNESS,
	OPT_METHOD,
	OPT_CHECKED_BY,
	OPT_CHECKED_BY_PAPER,
	OPT_PAPER_WITNESS,
	OPT_RESULT,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option device_opts[] = {
        {"number", required_argument, NULL, OPT_NUMBER},
        {"kind", required_argument, NULL, OPT_KIND},
        {"model", required_argument, NULL, OPT_MODEL},
        {"serial", required_argument, NULL, OPT_SERIAL},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"holder", required_argument, NULL, OPT_HOLDER},
        {"operator", required_argument, NULL, OPT_OPERATOR},
        {"place", required_argument, NULL, OPT_PLACE},
        {"encrypted", no_argument, NULL, OPT_ENCRYPTED},
        {"password-changed", required_argument, NULL, OPT_PWCHANGED},
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"note", required_argument, NULL, OPT_NOTE},
        {"status", required_argument, NULL, OPT_STATUS},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"reason", required_argument, NULL, OPT_REASON},
        {"supervisor", required_argument, NULL, OPT_SUPERVISOR},
        {"technician", required_argument, NULL, OPT_TECHNICIAN},
        {"company", required_argument, NULL, OPT_COMPANY},
        {"storage", required_argument, NULL, OPT_STORAGE},
        {"off-site", no_argument, NULL, OPT_OFFSITE},
        {"fault", required_argument, NULL, OPT_FAULT},
        {"date", required_argument, NULL, OPT_DATE},
        {"checked-by", required_argument, NULL, OPT_CHECKED_BY},
        {"checked-by-paper", no_argument, NULL, OPT_CHECKED_BY_PAPER},
        {"paper-witness", required_argument, NULL, OPT_PAPER_WITNESS},
        {"result", required_argument, NULL, OPT_RESULT},
        {"request", required_argument, NULL, OPT_REQUEST},
        {"witness", required_argument, NULL, OPT_WITNESS},
        {"method", required_argument, NULL, OPT_METHOD},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

enum { MAX_WITNESS_ARGS = 10 };

typedef struct device_args {
	bm_cli_common common;
	bm_device_input in;
	bm_device_query q;
	bm_device_repair_input repair;
	bm_device_repair_end_input repair_end;
	const char *reason, *date, *method;
	const char *witnesses[MAX_WITNESS_ARGS];
	bool witness_paper[MAX_WITNESS_ARGS]; /* signs the printed register by hand */
	size_t n_witnesses;
	int64_t id, request_id;
	const char *format, *out; /* list --format csv|xlsx [--out FILE] (issue 15) */
	bool sheet;
	bm_sheet_format sheet_format;
} device_args;

static int parse_args(const char *sub, int argc, char **argv, device_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	a->repair.on_site = true;
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", device_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_NUMBER: a->in.number = optarg; break;
		case OPT_KIND: a->in.kind = a->q.kind = optarg; break;
		case OPT_MODEL: a->in.model = optarg; break;
		case OPT_SERIAL: a->in.serial = optarg; break;
		case OPT_LEVEL: a->in.level = a->q.level = optarg; break;
		case OPT_HOLDER: a->in.holder = a->q.holder = optarg; break;
		case OPT_OPERATOR: a->in.operator_ = optarg; break;
		case OPT_PLACE: a->in.place = optarg; break;
		case OPT_ENCRYPTED: a->in.encrypted = true; break;
		case OPT_PWCHANGED: a->in.password_changed_on = optarg; break;
		case OPT_CARRIER:
			if (!(a->in.carrier_id = bm_cli_parse_carrier(optarg)))
				return bm_cli_usage("device", "'%s' is not a carrier ID", optarg);
			break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_STATUS: a->q.status = optarg; break;
		case OPT_SEARCH: a->q.q = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_SUPERVISOR: a->repair.supervisor = optarg; break;
		case OPT_TECHNICIAN: a->repair.technician = optarg; break;
		case OPT_COMPANY: a->repair.company = optarg; break;
		case OPT_STORAGE: a->repair.storage = optarg; break;
		case OPT_OFFSITE: a->repair.on_site = false; break;
		case OPT_FAULT: a->repair.fault = optarg; break;
		case OPT_DATE: a->date = a->repair.on = a->repair_end.on = optarg; break;
		case OPT_CHECKED_BY: a->repair_end.checked_by = optarg; break;
		case OPT_CHECKED_BY_PAPER: a->repair_end.receipt.paper = true; break;
		case OPT_RESULT: a->repair_end.result = optarg; break;
		case OPT_REQUEST:
			if (!(a->request_id = bm_cli_parse_id(optarg)))
				return bm_cli_usage("device", "'%s' is not a request ID", optarg);
			break;
		case OPT_WITNESS:
		case OPT_PAPER_WITNESS:
			if (a->n_witnesses == MAX_WITNESS_ARGS)
				return bm_cli_usage("device", "at most %d witnesses",
				                    MAX_WITNESS_ARGS);
			a->witness_paper[a->n_witnesses] = opt == OPT_PAPER_WITNESS;
			a->witnesses[a->n_witnesses++] = optarg;
			break;
		case OPT_METHOD: a->method = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("device", "unknown option for '%s'", sub);
		}
	}
	if (strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0 || strcmp(sub, "repairs") == 0) {
		if (optind < argc)
			return bm_cli_usage("device", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("device", "'%s' needs one device ID", sub);
	}
	if (strcmp(sub, "level") == 0 && !a->in.level)
		return bm_cli_usage("device", "level needs --level L");
	if (strcmp(sub, "scrap") == 0 && !a->request_id)
		return bm_cli_usage("device", "scrap needs --request RID");
	if ((a->format || a->out) && strcmp(sub, "list") != 0 && strcmp(sub, "repairs") != 0)
		return bm_cli_usage("device", "--format and --out go with 'list' and 'repairs'");
	return bm_cli_sheet_opts("device", a->format, a->out, &a->sheet, &a->sheet_format);
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

static void print_device(const bm_device *d, const bm_device_event *ev, size_t n)
{
	printf("设备 device %lld  %s  [%s %s]  %s\n", (long long)d->id, d->number,
	       bm_level_names[d->level].zh, bm_level_names[d->level].code,
	       bm_device_status_names[d->status].zh);
	printf("  类型 kind: %s (%s)\n", bm_device_kind_names[d->kind].zh,
	       bm_device_kind_names[d->kind].code);
	printf("  型号 model: %s  序列号 serial: %s\n", or_dash(d->model), or_dash(d->serial));
	printf("  责任人 holder: %s  地点 place: %s\n", or_dash(d->holder_name), or_dash(d->place));
	if (bm_device_is_office(d->kind))
		printf("  操作人员 operator: %s%s\n", or_dash(d->operator_name),
		       d->kind == BM_DEVICE_FAX
		               ? (d->encrypted ? "  加密 encrypted" : "  未加密 plain")
		               : "");
	if (d->kind == BM_DEVICE_COMPUTER || d->kind == BM_DEVICE_LAPTOP)
		printf("  口令更换 password changed: %s%s\n", or_dash(d->password_changed_on),
		       d->password_due ? "  [DEV-3 到期 due]" : "");
	if (d->carrier_id)
		printf("  台账载体 carrier: %lld\n", (long long)d->carrier_id);
	printf("  标签 label: baomi:device:%lld  %s", (long long)d->id,
	       bm_device_label_state_names[d->label_state].zh);
	if (d->label_affixed_on)
		printf("（%s %s）", d->label_affixed_on, or_dash(d->label_affixed_by_name));
	printf("\n");
	for (size_t i = 0; i < n; i++)
		printf("  %s  %-16s %s  %s\n", ev[i].at, ev[i].action, or_dash(ev[i].actor_name),
		       or_dash(ev[i].detail));
}

static int emit(bm_cli_session *s, int64_t id, const char *done_zh, const char *done_en)
{
	bm_device *d = NULL;
	bm_device_event *ev = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_device_show(&s->ctx, id, &d, &ev, &n)) != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_device_to_json(d), *h = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(h, bm_device_event_to_json(&ev[i]));
		json_object_set_new(o, "history", h);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (done_zh)
		printf("%s / %s\n", done_zh, done_en);
	print_device(d, ev, n);
	return 0;
}

static int do_list(bm_cli_session *s, device_args *a)
{
	bm_device *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_device_list(&s->ctx, &a->q, &rows, &n)) != 0)
		return rc;
	if (a->sheet) {
		/* issue 15: 涉密设备台账, the sheet of GET /devices?format= */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_device_to_json(&rows[i]));
		return bm_cli_list_export(s, "devices", NULL, arr, a->sheet_format, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_device_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "devices", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-12s %-14s %-4s %-8s %-10s %s%s\n", (long long)rows[i].id,
		       rows[i].number, bm_device_kind_names[rows[i].kind].code,
		       bm_level_names[rows[i].level].zh,
		       bm_device_status_names[rows[i].status].code, or_dash(rows[i].holder_name),
		       or_dash(rows[i].place), rows[i].password_due ? "  [DEV-3]" : "");
	printf("共 %zu 台 / %zu devices\n", n, n);
	return 0;
}

/*
 * DEV-5 with REG-1: the repair register (涉密设备维修登记簿) as GET
 * /device-repairs gives it: one line per repair, the 验收人 and how they
 * confirmed; as a sheet the 验收人签字 column is blank for the pen.
 */
static int do_repairs(bm_cli_session *s, const device_args *a)
{
	json_t *arr = NULL, *o;
	size_t i;
	int rc;
	if ((rc = bm_svc_device_repairs(&s->ctx, &arr)) != 0)
		return rc;
	if (a->sheet)
		return bm_cli_list_export(s, "device-repairs", NULL, arr, a->sheet_format, a->out);
	if (s->json) {
		o = json_object();
		json_object_set_new(o, "count", json_integer((json_int_t)json_array_size(arr)));
		json_object_set_new(o, "repairs", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	json_array_foreach(arr, i, o)
	{
		const char *started = json_string_value(json_object_get(o, "started_on"));
		const char *ended = json_string_value(json_object_get(o, "ended_on"));
		const char *by = json_string_value(json_object_get(o, "checked_by"));
		const char *how = json_string_value(json_object_get(o, "acceptance"));
		printf("%-12s %-10s %-10s %-8s %s\n",
		       json_string_value(json_object_get(o, "number")), or_dash(started),
		       or_dash(ended), or_dash(by), or_dash(how));
	}
	printf("共 %zu 次维修 / %zu repairs\n", json_array_size(arr), json_array_size(arr));
	json_decref(arr);
	return 0;
}

/* A person's password at the clerk's terminal (REG-1: the 验收人, each 监销人). */
typedef char person_pw[1024];

/*
 * DEV-5 with REG-1 (issue 14 point 5): the 验收人 confirms at the clerk's
 * terminal: --checked-by-paper by hand on paper, else their own password
 * from $BAOMI_CHECKED_BY_PASSWORD or a prompt without echo.
 */
static int do_repair_end(bm_cli_session *s, device_args *a)
{
	person_pw pw;
	char prompt[160];
	int rc = 0;
	if (!a->repair_end.receipt.paper && a->repair_end.checked_by) {
		snprintf(prompt, sizeof(prompt),
		         "验收人“%s”本人口令 / the acceptor's own password: ",
		         a->repair_end.checked_by);
		rc = bm_cli_person_password("BAOMI_CHECKED_BY_PASSWORD", prompt,
		                            a->common.password_stdin, pw, sizeof(pw),
		                            &a->repair_end.receipt.password);
	}
	if (rc == 0 && (rc = bm_svc_device_repair_end(&s->ctx, a->id, &a->repair_end)) == 0)
		rc = emit(s, a->id, "维修已结束", "repair ended");
	a->repair_end.receipt.password = NULL;
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

/*
 * DEV-6 as DESTROY-2 with REG-1: each witness confirms at the clerk's
 * terminal as a destruction's (baomi execute destroy): --paper-witness by
 * hand on paper, else the Nth --witness's own password from
 * $BAOMI_WITNESS<N>_PASSWORD or a prompt without echo.
 */
static int do_scrap(bm_cli_session *s, const device_args *a)
{
	bm_svc_receipt receipts[MAX_WITNESS_ARGS];
	person_pw pw[MAX_WITNESS_ARGS];
	int rc = 0;
	for (size_t i = 0; i < a->n_witnesses && rc == 0; i++) {
		char env[48], prompt[160];
		memset(&receipts[i], 0, sizeof(receipts[i]));
		if ((receipts[i].paper = a->witness_paper[i]))
			continue;
		snprintf(env, sizeof(env), "BAOMI_WITNESS%zu_PASSWORD", i + 1);
		snprintf(prompt, sizeof(prompt),
		         "监销人“%s”本人口令 / the witness' own password: ", a->witnesses[i]);
		rc = bm_cli_person_password(env, prompt, a->common.password_stdin, pw[i],
		                            sizeof(pw[i]), &receipts[i].password);
	}
	if (rc == 0 && (rc = bm_svc_device_scrap(&s->ctx, a->id, a->request_id, a->witnesses,
	                                         receipts, a->n_witnesses, a->method)) == 0)
		rc = emit(s, a->id, "已报废", "scrapped");
	sodium_memzero(pw, sizeof(pw));
	return rc;
}

int bm_cmd_device(int argc, char **argv)
{
	static const char *const subs[] = {"add",    "list",          "show",       "level",
	                                   "assign", "repair",        "repair-end", "password",
	                                   "scrap",  "label-affixed", "repairs"};
	bm_cli_session s;
	device_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("device"), BM_EXIT_USAGE) : bm_cli_help("device");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("device", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("device") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (strcmp(sub, "add") == 0) {
			bm_device *d = NULL;
			if ((rc = bm_svc_device_register(&s.ctx, &a.in, &d)) == 0)
				rc = emit(&s, d->id, "已登记", "registered");
		} else if (strcmp(sub, "list") == 0) {
			rc = do_list(&s, &a);
		} else if (strcmp(sub, "repairs") == 0) {
			rc = do_repairs(&s, &a);
		} else if (strcmp(sub, "show") == 0) {
			rc = emit(&s, a.id, NULL, NULL);
		} else if (strcmp(sub, "level") == 0) {
			if ((rc = bm_svc_device_level(&s.ctx, a.id, a.in.level, a.reason)) == 0)
				rc = emit(&s, a.id, "密级已提升", "level raised");
		} else if (strcmp(sub, "assign") == 0) {
			if ((rc = bm_svc_device_assign(&s.ctx, a.id, a.in.holder, a.in.place,
			                               a.in.operator_)) == 0)
				rc = emit(&s, a.id, "已移交", "handed over");
		} else if (strcmp(sub, "repair") == 0) {
			if ((rc = bm_svc_device_repair(&s.ctx, a.id, &a.repair)) == 0)
				rc = emit(&s, a.id, "维修已登记", "repair recorded");
		} else if (strcmp(sub, "repair-end") == 0) {
			rc = do_repair_end(&s, &a);
		} else if (strcmp(sub, "password") == 0) {
			if ((rc = bm_svc_device_password(&s.ctx, a.id, a.date)) == 0)
				rc = emit(&s, a.id, "口令更换已登记", "password change recorded");
		} else if (strcmp(sub, "label-affixed") == 0) {
			if ((rc = bm_svc_device_label_affixed(&s.ctx, a.id, a.date)) == 0)
				rc = emit(&s, a.id, "标识粘贴已登记", "label affixed recorded");
		} else {
			rc = do_scrap(&s, &a);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
