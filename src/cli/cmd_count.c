/*
 * cmd_count.c — `baomi count`: counting (清查, INV-1..4). A session over the
 * whole unit, a department or a custodian; ticks by id (or by the label's
 * QR text); the close compares with the ledger and lists found, missing,
 * out (accounted for), unexpected and incomplete items, opening an
 * incident for each missing one (INV-4). The rules live in service/count.c.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/ledger.h"

const char bm_help_count[] =
        "baomi count — 清查 / counting (INV-1..4)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi count start --scope unit|department:D|custodian:P [--note REASON]\n"
        "        开始清查：全单位、某部门或某保管人（INV-1）/ start a count of the whole unit,\n"
        "        a department or a custodian (部门:D 保管人:P 单位 also accepted)\n"
        "  baomi count tick SESSION ID… [--incomplete] [--note TEXT]\n"
        "        逐件清点；ID 可为标签二维码内容 baomi:carrier:ID；\n"
        "        --incomplete 表示附件不全（INV-3）\n"
        "        tick carriers found (or scan their labels); --incomplete: found without all\n"
        "        attachments\n"
        "        重复扫描不重复计数并给出警告：保留第一次清点的时间，只补记附件不全；\n"
        "        带 --note 的再次清点以本次为准（如附件已补齐）\n"
        "        a repeated scan counts nothing twice and warns: the first tick's time\n"
        "        stays, it only adds --incomplete; one with --note replaces state and note\n"
        "        设备标签 baomi:device:ID 清点设备（设备不记附件不全）/ a device's label\n"
        "        baomi:device:ID ticks the device (never --incomplete)\n"
        "  baomi count close SESSION [--confirm-missing N --confirm-token T] [--json]\n"
        "        结束清查并与台账比对：找到、缺失、在外（借出、传阅、发出途中）、多出、不完整；\n"
        "        缺失的载体和设备记为下落不明，列入本次清查的一个事件（INV-3、INV-4）\n"
        "        close and compare with the ledger and the device register; the missing\n"
        "        carriers and devices are flagged and listed on the count's one incident\n"
        "        有缺失时须先用 count show 核对，并以其给出的件数和核对码确认（INV-4）；\n"
        "        核对后又有清点或台账变化，确认即失效，须重新核对\n"
        "        when anything goes missing, review it with count show first and confirm\n"
        "        with the number and token it gives (INV-4); a tick or a ledger change since\n"
        "        makes the confirmation stale (refused, exit 6): review again\n"
        "  baomi count show SESSION [--place P|none] [--json]\n"
        "        结果；未结束时为预览，不作任何改动，并给出结束时须确认的件数和核对码；\n"
        "        --place 只列该存放地点的载体（逐柜清查）\n"
        "        the result, or a preview of an open count (changes nothing) with what its\n"
        "        close must confirm; --place: only the carriers kept at that 存放地点 (its id\n"
        "        or name; none: those with none)\n"
        "  baomi count show SESSION --format csv|xlsx [--out FILE]\n"
        "        涉密载体清查表：每件载体、每台设备的清查结果（CSV 或 Excel；xlsx 须 --out）\n"
        "        the result sheet, every carrier and device (CSV or a workbook; xlsx: --out)\n"
        "  baomi count places SESSION [--place P|none] [--json]\n"
        "        按存放地点的进度：应有、已清点、未找到（结束后为下落不明）、在外、附件不全\n"
        "        each 存放地点's progress: expected, found, not yet found (missing once\n"
        "        closed), out, incomplete\n"
        "  baomi count list [--json] [--format csv|xlsx [--out FILE]]\n"
        "        全部清查及其结果数字；--format：涉密载体清查登记表（CSV 或 Excel；xlsx 须\n"
        "        --out）/ every count with its figures; --format: the register of counts\n"
        "\n"
        "只有保密员可以清查。Only the secrecy clerk counts.\n"
        "退出码 / exit: 0 成功（有缺失也是 0，结果中列出）ok (missing items are listed, not an\n"
        "  error), 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found, 5 被拒绝 refused,\n"
        "  6 已结束或须重新核对 closed already, or the close unconfirmed or stale (INV-4).\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_SCOPE = 0x2300,
	OPT_NOTE,
	OPT_INCOMPLETE,
	OPT_PLACE,
	OPT_FORMAT,
	OPT_OUT,
	OPT_CONFIRM_MISSING,
	OPT_CONFIRM_TOKEN,
	MAX_TICKS = 1000, /* ids on one command line */
};

static const struct option count_opts[] = {
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"note", required_argument, NULL, OPT_NOTE},
        {"incomplete", no_argument, NULL, OPT_INCOMPLETE},
        {"place", required_argument, NULL, OPT_PLACE},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        {"confirm-missing", required_argument, NULL, OPT_CONFIRM_MISSING},
        {"confirm-token", required_argument, NULL, OPT_CONFIRM_TOKEN},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct count_args {
	bm_cli_common common;
	const char *scope, *note, *place;
	const char *format, *out; /* show --format csv|xlsx [--out FILE] (issue 15) */
	bool sheet;
	bm_sheet_format sheet_format;
	bool incomplete;
	/* close --confirm-missing N --confirm-token T (INV-4) */
	const char *confirm_missing, *confirm_token;
	int64_t session;
	int64_t ids[MAX_TICKS];
	bool device[MAX_TICKS]; /* ids[i] is a device's (a scanned "baomi:device:N") */
	size_t n_ids;
} count_args;

static int parse_args(const char *sub, int argc, char **argv, count_args *a)
{
	int opt;
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", count_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_SCOPE: a->scope = optarg; break;
		case OPT_NOTE: a->note = optarg; break;
		case OPT_INCOMPLETE: a->incomplete = true; break;
		case OPT_PLACE: a->place = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case OPT_CONFIRM_MISSING: a->confirm_missing = optarg; break;
		case OPT_CONFIRM_TOKEN: a->confirm_token = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("count", "unknown option for '%s'", sub);
		}
	}
	if (strcmp(sub, "start") == 0 || strcmp(sub, "list") == 0) {
		if (optind < argc)
			return bm_cli_usage("count", "unexpected argument '%s'", argv[optind]);
		if (strcmp(sub, "start") == 0 && !a->scope)
			return bm_cli_usage("count",
			                    "start needs --scope unit|department:D|custodian:P");
		if (strcmp(sub, "start") == 0 && (a->format || a->out))
			return bm_cli_usage("count",
			                    "--format and --out go with 'show' and 'list'");
		return bm_cli_sheet_opts("count", a->format, a->out, &a->sheet, &a->sheet_format);
	}
	if ((a->confirm_missing || a->confirm_token) && strcmp(sub, "close") != 0)
		return bm_cli_usage("count", "--confirm-missing and --confirm-token go with close");
	if (a->confirm_missing) {
		char *end;
		long long n = strtoll(a->confirm_missing, &end, 10);
		if (*end || end == a->confirm_missing || n < 0)
			return bm_cli_usage("count", "--confirm-missing takes a number, 0 or more");
	}
	if (a->place && strcmp(sub, "show") != 0 && strcmp(sub, "places") != 0)
		return bm_cli_usage("count", "--place goes with show and places");
	if ((a->format || a->out) && strcmp(sub, "show") != 0)
		return bm_cli_usage("count", "--format and --out go with 'show' and 'list'");
	if (a->format && a->place)
		return bm_cli_usage("count", "the result sheet holds every place: no --place");
	if (optind >= argc || !(a->session = bm_cli_parse_id(argv[optind])))
		return bm_cli_usage("count", "'%s' needs a count SESSION", sub);
	optind++;
	if (strcmp(sub, "tick") != 0) {
		if (optind < argc)
			return bm_cli_usage("count", "unexpected argument '%s'", argv[optind]);
		return bm_cli_sheet_opts("count", a->format, a->out, &a->sheet, &a->sheet_format);
	}
	if (optind >= argc)
		return bm_cli_usage("count", "tick needs at least one carrier ID");
	for (; optind < argc; optind++) {
		static const char device_prefix[] = "baomi:device:";
		bool device = strncmp(argv[optind], device_prefix, sizeof(device_prefix) - 1) == 0;
		int64_t id = device ? bm_cli_parse_id(argv[optind] + sizeof(device_prefix) - 1)
		                    : bm_cli_parse_carrier(argv[optind]);
		if (!id)
			return bm_cli_usage("count", "'%s' is not a carrier ID or a device label",
			                    argv[optind]);
		if (a->n_ids == MAX_TICKS)
			return bm_cli_usage("count", "at most %d IDs at once", MAX_TICKS);
		a->device[a->n_ids] = device;
		a->ids[a->n_ids++] = id;
	}
	return 0;
}

/* Splits "department:D" (or "部门：D") into kind and reference; "unit" has none. */
static void split_scope(bm_cli_session *s, const char *scope, const char **kind, const char **ref)
{
	static const char *const seps[] = {":", "："};
	for (size_t i = 0; i < BM_ARRAY_LEN(seps); i++) {
		const char *at = strstr(scope, seps[i]);
		if (at) {
			*kind = bm_arena_strndup(&s->arena, scope, (size_t)(at - scope));
			*ref = at + strlen(seps[i]);
			return;
		}
	}
	*kind = scope;
	*ref = NULL;
}

static void print_lines(const char *zh, const char *en, const bm_count_line *v, size_t n, bool open)
{
	if (!n)
		return;
	printf("%s / %s (%zu):\n", zh, en, n);
	for (size_t i = 0; i < n; i++) {
		printf("  %-6lld", (long long)v[i].carrier_id);
		if (v[i].marking)
			printf(" %s", v[i].marking);
		if (v[i].number)
			printf(" %s", v[i].number);
		if (v[i].title)
			printf(" %s", v[i].title);
		if (v[i].place)
			printf(" ［%s］", v[i].place);
		if (v[i].where)
			printf("  — %s", v[i].where);
		if (v[i].note)
			printf("  （%s）", v[i].note);
		/* INV-4: an open count's line already on an open incident gets no second one. */
		if (v[i].incident_id && open)
			printf("  → 已有未结事件 %lld，不另立 / already on open incident %lld",
			       (long long)v[i].incident_id, (long long)v[i].incident_id);
		else if (v[i].incident_id)
			printf("  → 事件 incident %lld", (long long)v[i].incident_id);
		printf("\n");
	}
}

/* Issue 10 point 3: the scope's devices, counted like carriers. */
static void print_devices(const bm_count_result *r)
{
	static const char *const names[BM_COUNT_LISTS] = {
	        [BM_COUNT_FOUND] = "找到 found",
	        [BM_COUNT_MISSING] = "缺失 missing",
	        [BM_COUNT_UNEXPECTED] = "多出 unexpected",
	};
	if (!r->n_devices)
		return;
	printf("设备 devices: 应有 expected %lld  找到 found %lld  缺失 missing %lld  多出 "
	       "unexpected %lld\n",
	       (long long)r->device_tally.expected, (long long)r->device_tally.n[BM_COUNT_FOUND],
	       (long long)r->device_tally.n[BM_COUNT_MISSING],
	       (long long)r->device_tally.n[BM_COUNT_UNEXPECTED]);
	for (size_t i = 0; i < r->n_devices; i++) {
		const bm_count_device_line *l = &r->devices[i];
		printf("  设备 device %-6lld %s", (long long)l->device_id,
		       l->list >= 0 && l->list < BM_COUNT_LISTS && names[l->list] ? names[l->list]
		                                                                  : "-");
		if (l->known)
			printf(" %s %s %s", l->number, bm_device_kind_names[l->kind].zh,
			       bm_level_names[l->level].zh);
		if (l->status)
			printf(" [%s]", l->status);
		if (l->reason)
			printf("  — %s", l->reason);
		if (l->note)
			printf("  （%s）", l->note);
		if (l->incident_id && !r->session->closed_at)
			printf("  → 已有未结事件 %lld，不另立 / already on open incident %lld",
			       (long long)l->incident_id, (long long)l->incident_id);
		else if (l->incident_id)
			printf("  → 事件 incident %lld", (long long)l->incident_id);
		printf("\n");
	}
}

static const char *scope_text(const bm_count_session_row *s)
{
	if (strcmp(s->scope_kind, "department") == 0)
		return "部门 department";
	if (strcmp(s->scope_kind, "custodian") == 0)
		return "保管人 custodian";
	return "全单位 unit";
}

static void emit_result(bm_cli_session *s, const bm_count_result *r)
{
	const bm_count_session_row *c = r->session;
	if (s->json) {
		json_t *o = bm_count_result_to_json(r);
		bm_cli_print_json(o);
		json_decref(o);
		return;
	}
	printf("清查 count %lld  %s", (long long)c->id, scope_text(c));
	if (c->scope_id)
		printf(" #%lld", (long long)c->scope_id);
	printf("  开始 started %s（%s）", c->started_at,
	       c->started_by_name ? c->started_by_name : "-");
	if (c->closed_at)
		printf("  结束 closed %s\n", c->closed_at);
	else
		printf("  进行中，以下为预览 / open: a preview\n");
	if (c->reason)
		printf("  事由 reason: %s\n", c->reason);
	printf("应有 expected %lld  找到 found %lld  缺失 missing %lld  在外 out %lld  多出 "
	       "unexpected %lld  不完整 incomplete %lld\n",
	       (long long)r->tally.expected, (long long)r->tally.n[BM_COUNT_FOUND],
	       (long long)r->tally.n[BM_COUNT_MISSING], (long long)r->tally.n[BM_COUNT_OUT],
	       (long long)r->tally.n[BM_COUNT_UNEXPECTED],
	       (long long)r->tally.n[BM_COUNT_INCOMPLETE]);
	if (r->digest)
		printf("结果摘要 digest %s\n", r->digest);
	print_lines("找到", "found", r->found, r->n_found, false);
	print_lines(c->closed_at ? "缺失（INV-4）" : "未找到，结束后记为下落不明（INV-4）",
	            c->closed_at ? "missing" : "not found, missing once closed", r->missing,
	            r->n_missing, !c->closed_at);
	print_lines("在外，去向清楚", "out, accounted for", r->out, r->n_out, false);
	print_lines("多出", "unexpected", r->unexpected, r->n_unexpected, false);
	print_lines("附件不全", "incomplete", r->incomplete, r->n_incomplete, false);
	print_devices(r);
	if (r->accounted)
		printf("件件有着落 / every item accounted for\n");
	else if (c->closed_at)
		printf("有缺失，已立案 / items missing: incidents opened (INV-4)\n");
	else
		printf("有缺失 / items missing\n");
	/* INV-4 (issue 14 point 6): what the close must confirm, and the command that does. */
	if (r->review_asked && !c->closed_at) {
		const bm_count_confirm *k = &r->confirm;
		int64_t total = k->carriers + k->devices;
		if (total)
			printf("结束时记为下落不明：载体 %lld 件、设备 %lld 台；其中 %lld "
			       "件（台）列入本次"
			       "新立的事件，%lld 件（台）已有未结事件，不另立\n"
			       "closing records %lld carriers and %lld devices as missing: %lld on "
			       "the "
			       "incident it opens, %lld already on an open incident\n",
			       (long long)k->carriers, (long long)k->devices,
			       (long long)(total - k->on_open), (long long)k->on_open,
			       (long long)k->carriers, (long long)k->devices,
			       (long long)(total - k->on_open), (long long)k->on_open);
		printf("核对后结束 / to close as reviewed: baomi count close %lld "
		       "--confirm-missing "
		       "%lld --confirm-token %s\n",
		       (long long)c->id, (long long)total, k->token ? k->token : "");
	}
}

static int do_start(bm_cli_session *s, count_args *a)
{
	bm_count_session_row *c = NULL;
	const char *kind, *ref;
	int rc;
	split_scope(s, a->scope, &kind, &ref);
	if (!kind)
		return bm_error_nomem();
	if ((rc = bm_svc_count_start(&s->ctx, kind, ref, a->note, &c)) != 0)
		return rc;
	if (s->json) {
		bm_count_result r = {.session = c};
		json_t *o = bm_count_result_to_json(&r),
		       *sess = json_incref(json_object_get(o, "session"));
		bm_cli_print_json(sess);
		json_decref(sess);
		json_decref(o);
	} else {
		printf("已开始清查 count started: %lld  %s\n", (long long)c->id, scope_text(c));
	}
	return 0;
}

static int do_tick(bm_cli_session *s, count_args *a)
{
	json_t *ticked = json_array(), *devices = json_array(), *repeats = json_array();
	bm_count_tick_info met;
	int rc = 0;
	/* One tick, one transaction: what was ticked before a refusal stays ticked. */
	for (size_t i = 0; i < a->n_ids && rc == 0; i++) {
		if (a->device[i]) {
			if ((rc = bm_svc_count_tick_device_info(&s->ctx, a->session, a->ids[i],
			                                        a->incomplete, a->note, &met)) != 0)
				break;
			json_array_append_new(devices, json_integer(a->ids[i]));
			if (met.repeat)
				json_array_append_new(repeats,
				                      json_pack("{s:I,s:s}", "device_id",
				                                (json_int_t)a->ids[i],
				                                "first_ticked_at", met.first_at));
			if (s->json)
				continue;
			/* Issue 14 point 6: a device scanned again is named like a carrier. */
			if (met.repeat)
				fprintf(stderr,
				        "警告：设备 %lld 已于 %s 清点过，本次不重复计数 / warning: "
				        "device "
				        "%lld was ticked at %s already; not counted twice\n",
				        (long long)a->ids[i], met.first_at, (long long)a->ids[i],
				        met.first_at);
			printf("%s: %lld\n",
			       met.repeat ? "重复扫描设备 device scanned again"
			                  : "已清点设备 ticked device",
			       (long long)a->ids[i]);
			continue;
		}
		if ((rc = bm_svc_count_tick_info(&s->ctx, a->session, a->ids[i], a->incomplete,
		                                 a->note, &met)) != 0)
			break;
		json_array_append_new(ticked, json_integer(a->ids[i]));
		if (met.repeat)
			json_array_append_new(repeats,
			                      json_pack("{s:I,s:s}", "carrier_id",
			                                (json_int_t)a->ids[i], "first_ticked_at",
			                                met.first_at ? met.first_at : ""));
		if (s->json)
			continue;
		/* Issue 14 point 6: a repeated scan is named, with when it was first ticked. */
		if (met.repeat)
			fprintf(stderr,
			        "警告：%lld %s%s已于 %s 清点过，本次不重复计数 / warning: %lld was "
			        "ticked at %s already; not counted twice\n",
			        (long long)a->ids[i], met.title ? met.title : "",
			        met.title ? " " : "", met.first_at ? met.first_at : "-",
			        (long long)a->ids[i], met.first_at ? met.first_at : "-");
		printf("%s: %lld", met.repeat ? "重复扫描 scanned again" : "已清点 ticked",
		       (long long)a->ids[i]);
		if (met.title)
			printf(" %s", met.title);
		if (met.place)
			printf(" ［%s］", met.place);
		printf("%s\n",
		       a->incomplete || met.first_incomplete ? "（附件不全 incomplete）" : "");
	}
	if (rc == 0 && s->json) {
		json_t *o = json_object();
		json_object_set_new(o, "session", json_integer(a->session));
		json_object_set_new(o, "ticked", json_incref(ticked));
		json_object_set_new(o, "devices", json_incref(devices));
		json_object_set_new(o, "incomplete", json_boolean(a->incomplete));
		json_object_set_new(o, "repeats", json_incref(repeats));
		bm_cli_print_json(o);
		json_decref(o);
	}
	json_decref(ticked);
	json_decref(devices);
	json_decref(repeats);
	return rc;
}

/* --place P: a place's id, its name, or "none" (the carriers with none). */
static int resolve_place(bm_cli_session *s, const char *text, int64_t *out)
{
	bm_place *p;
	int rc;
	*out = 0;
	if (!text)
		return 0;
	if (strcmp(text, "none") == 0 || strcmp(text, "无") == 0) {
		*out = -1;
		return 0;
	}
	if ((rc = bm_svc_place_resolve(&s->ctx, text, &p)) != 0)
		return rc;
	*out = p->id;
	return 0;
}

/* Issue 14 point 6: each 存放地点's part of the count. */
static int do_places(bm_cli_session *s, count_args *a)
{
	bm_count_place *v = NULL;
	int64_t place;
	size_t n = 0;
	int rc;
	if ((rc = resolve_place(s, a->place, &place)) != 0 ||
	    (rc = bm_svc_count_places(&s->ctx, a->session, place, &v, &n)) != 0)
		return rc;
	if (s->json) {
		json_t *o = json_pack("{s:I,s:o}", "session_id", (json_int_t)a->session, "items",
		                      bm_count_places_to_json(v, n));
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	printf("%-24s %8s %8s %8s %8s %8s\n", "存放地点 place", "应有", "已清点", "未找到", "在外",
	       "附件不全");
	for (size_t i = 0; i < n; i++)
		printf("%-24s %8lld %8lld %8lld %8lld %8lld\n",
		       v[i].name ? v[i].name : "（未登记存放地点 none）", (long long)v[i].expected,
		       (long long)v[i].found, (long long)v[i].missing, (long long)v[i].out,
		       (long long)v[i].incomplete);
	printf("共 %zu 处 / %zu places\n", n, n);
	return 0;
}

static int do_show(bm_cli_session *s, count_args *a)
{
	bm_count_page pg = {0};
	bm_count_result r;
	int rc;
	if (a->sheet) {
		/* issue 15: 涉密载体清查表, the sheet of GET /counts/{id}?format= */
		bm_buf b;
		bm_buf_init(&b, 64u << 20);
		if ((rc = bm_svc_count_sheet(&s->ctx, a->session, a->sheet_format, &b)) == 0)
			rc = bm_cli_write_file(a->out, &b);
		bm_buf_release(&b);
		return rc;
	}
	/* An open count's preview with what its close must confirm (INV-4). */
	pg.review = true;
	if ((rc = resolve_place(s, a->place, &pg.place)) != 0 ||
	    (rc = bm_svc_count_show_page(&s->ctx, a->session, &pg, &r)) != 0)
		return rc;
	emit_result(s, &r);
	return 0;
}

static int do_list(bm_cli_session *s, const count_args *a)
{
	bm_count_session_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_count_list(&s->ctx, &rows, &n)) != 0)
		return rc;
	if (a->sheet) {
		/* issue 15: 涉密载体清查登记表, the sheet of GET /counts?format= */
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_count_session_to_json(&rows[i]));
		return bm_cli_list_export(s, "counts", NULL, arr, a->sheet_format, a->out);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++) {
			bm_count_result r = {.session = &rows[i]};
			json_t *one = bm_count_result_to_json(&r);
			json_array_append(arr, json_object_get(one, "session"));
			json_decref(one);
		}
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "sessions", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	for (size_t i = 0; i < n; i++) {
		printf("%-6lld %s", (long long)rows[i].id, scope_text(&rows[i]));
		if (rows[i].scope_id)
			printf(" #%lld", (long long)rows[i].scope_id);
		printf("  %s  %s\n", rows[i].started_at,
		       rows[i].closed_at ? rows[i].closed_at : "进行中 open");
	}
	printf("共 %zu 次 / %zu counts\n", n, n);
	return 0;
}

int bm_cmd_count(int argc, char **argv)
{
	static const char *const subs[] = {"start", "tick", "close", "show", "places", "list"};
	bm_cli_session s;
	count_args *a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("count"), BM_EXIT_USAGE) : bm_cli_help("count");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("count", "unknown subcommand '%s'", sub);
	if (!(a = calloc(1, sizeof(*a))))
		return bm_cli_fail(bm_error_nomem(), false);
	if ((rc = parse_args(sub, argc - 1, argv + 1, a)) != 0) {
		rc = rc == 1 ? bm_cli_help("count") : rc;
		free(a);
		return rc;
	}
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0) {
		bm_count_result r;
		if (strcmp(sub, "start") == 0)
			rc = do_start(&s, a);
		else if (strcmp(sub, "tick") == 0)
			rc = do_tick(&s, a);
		else if (strcmp(sub, "close") == 0) {
			/* INV-4: what the clerk confirms, as count show gave it. */
			bm_count_confirm k = {
			        .carriers = a->confirm_missing
			                            ? strtoll(a->confirm_missing, NULL, 10)
			                            : 0,
			        .token = a->confirm_token};
			bool given = a->confirm_missing || a->confirm_token;
			if ((rc = bm_svc_count_close_confirmed(&s.ctx, a->session,
			                                       given ? &k : NULL, NULL, &r)) == 0)
				emit_result(&s, &r);
		} else if (strcmp(sub, "show") == 0)
			rc = do_show(&s, a);
		else if (strcmp(sub, "places") == 0)
			rc = do_places(&s, a);
		else
			rc = do_list(&s, a);
	}
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	free(a);
	return rc;
}
