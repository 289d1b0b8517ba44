/*
 * cmd_meeting.c — `baomi meeting`: classified meetings (涉密会议, MEET-1,
 * MEET-2): record a meeting, its participants (its scope) and measures,
 * open and close it, issue its documents against the participant's own
 * confirmation and take them back; list, show. The rules live in policy/meeting.c, the use cases in
 * service/meeting.c.
 */
#include "common.h"

#include <getopt.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "service/meeting.h"
#include "util/timeutil.h"

const char bm_help_meeting[] =
        "baomi meeting — 涉密会议 / classified meetings (MEET-1, MEET-2)\n"
        "\n"
        "用法 / usage:\n"
        "  baomi meeting add --title T --level L (--site S | --room R) --start TIME --end TIME\n"
        "        --organiser P [--note T]\n"
        "        "
        "保密员登记会议：密级、地点（要害部门部位或会议室）、时间、组织人（自动列为参会人员）\n"
        "        the clerk records a meeting: level, place (a key site or a room), time, "
        "organiser\n"
        "  baomi meeting edit ID [same options]   修改（地点、时间、密级仅在筹备中可改）\n"
        "  baomi meeting participant ID --add P | --remove P\n"
        "        参会人员即知悉范围：须具备该密级的涉密资格（PERSON-1/2/3/7）\n"
        "        the participants are the scope: each cleared for the level (PERSON-1/2/3/7)\n"
        "  baomi meeting measures ID [--no-wireless yes|no] [--phones yes|no]\n"
        "        [--room-checked yes|no]\n"
        "        保密措施：不使用无线话筒、手机集中保管、会场保密检查（MEET-1）\n"
        "  baomi meeting open ID                  召开：秘密级以上须先落实全部措施（MEET-1）\n"
        "  baomi meeting close ID                 结束 / close the meeting\n"
        "  baomi meeting issue ID --carrier C --to P [--paper]\n"
        "        会议文件签收发放：只发给参会人员；绝密会议结束时收回，其他按\n"
        "        meeting.recall_hours 收回（MEET-2）。参会人员本人签收：有账号的在保密员终端上\n"
        "        输入本人口令（无回显提示，或环境变量 BAOMI_HOLDER_PASSWORD），口令错误即拒绝并\n"
        "        计入其账号锁定（SYS-4）；没有账号的用 --paper 在纸质签收登记表上手签。\n"
        "        录入的姓名不算签字（--signature 被拒绝，typed_signature）。\n"
        "        issue a document to a participant, who confirms the receipt themselves: their\n"
        "        own password at the clerk's terminal (a prompt without echo, or\n"
        "        $BAOMI_HOLDER_PASSWORD; a wrong one is refused and counts towards their\n"
        "        lockout, SYS-4), or by hand on the printed sheet (--paper) without an account.\n"
        "  baomi meeting return ID --carrier C [--note T]  收回 / take a document back\n"
        "  baomi meeting show ID [--json]         一次会议及其人员、措施、文件、历史\n"
        "  baomi meeting list [--status planned|open|closed] [--level L] [--from DATE]\n"
        "        [--to DATE] [--out] [--search Q] [--format text|csv|json|xlsx]\n"
        "        [--file FILE]\n"
        "        会议台账（--out：有文件未收回的；--format xlsx --file FILE：Excel 登记簿）\n"
        "        / the meetings (--out: documents not back; xlsx: a workbook into FILE)\n"
        "\n"
        "时间格式 / instants: YYYY-MM-DDTHH:MM:SSZ.\n"
        "\n"
        "退出码 / exit: 0 成功 ok, 2 用法 usage, 3 输入无效 invalid, 4 不存在 not found,\n"
        "  5 被拒绝 refused (MEET-1, MEET-2, PERSON-*, 角色 role), 6 冲突 conflict.\n"
        "\n"
        "共同选项 / common: --db PATH --user NAME --json --password-stdin\n";

enum {
	OPT_TITLE = 0x2700,
	OPT_LEVEL,
	OPT_SITE,
	OPT_ROOM,
	OPT_START,
	OPT_END,
	OPT_ORGANISER,
	OPT_NOTE,
	OPT_ADD,
	OPT_REMOVE,
	OPT_NO_WIRELESS,
	OPT_PHONES,
	OPT_ROOM_CHECKED,
	OPT_CARRIER,
	OPT_TO,
	OPT_SIGNATURE,
	OPT_PAPER,
	OPT_STATUS,
	OPT_FROM,
	OPT_UNTIL,
	OPT_OUT,
	OPT_SEARCH,
	OPT_FORMAT,
	OPT_FILE,
};

static const struct option meeting_opts[] = {
        {"title", required_argument, NULL, OPT_TITLE},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"site", required_argument, NULL, OPT_SITE},
        {"room", required_argument, NULL, OPT_ROOM},
        {"start", required_argument, NULL, OPT_START},
        {"end", required_argument, NULL, OPT_END},
        {"organiser", required_argument, NULL, OPT_ORGANISER},
        {"note", required_argument, NULL, OPT_NOTE},
        {"add", required_argument, NULL, OPT_ADD},
        {"remove", required_argument, NULL, OPT_REMOVE},
        {"no-wireless", required_argument, NULL, OPT_NO_WIRELESS},
        {"phones", required_argument, NULL, OPT_PHONES},
        {"room-checked", required_argument, NULL, OPT_ROOM_CHECKED},
        {"carrier", required_argument, NULL, OPT_CARRIER},
        {"to", required_argument, NULL, OPT_TO},
        {"signature", required_argument, NULL, OPT_SIGNATURE},
        {"paper", no_argument, NULL, OPT_PAPER},
        {"status", required_argument, NULL, OPT_STATUS},
        {"from", required_argument, NULL, OPT_FROM},
        {"until", required_argument, NULL, OPT_UNTIL},
        {"out", no_argument, NULL, OPT_OUT},
        {"search", required_argument, NULL, OPT_SEARCH},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"file", required_argument, NULL, OPT_FILE},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

typedef struct meeting_args {
	bm_cli_common common;
	bm_meeting_input in;
	bm_meeting_query query;
	const char *add, *remove, *no_wireless, *phones, *room_checked, *to, *signature, *format;
	const char *file; /* list --format xlsx: the workbook's file */
	int64_t carrier;
	int64_t id;
	bool paper; /* issue: signed by hand on the printed sheet (MEET-2) */
} meeting_args;

static int parse_args(const char *sub, int argc, char **argv, meeting_args *a)
{
	bool no_id = strcmp(sub, "add") == 0 || strcmp(sub, "list") == 0;
	bool needs_carrier = strcmp(sub, "issue") == 0 || strcmp(sub, "return") == 0;
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", meeting_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_TITLE: a->in.title = optarg; break;
		case OPT_LEVEL: a->in.level = a->query.level = optarg; break;
		case OPT_SITE: a->in.site = optarg; break;
		case OPT_ROOM: a->in.room = optarg; break;
		case OPT_START: a->in.starts_at = optarg; break;
		case OPT_END: a->in.ends_at = optarg; break;
		case OPT_ORGANISER: a->in.organiser = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_ADD: a->add = optarg; break;
		case OPT_REMOVE: a->remove = optarg; break;
		case OPT_NO_WIRELESS: a->no_wireless = optarg; break;
		case OPT_PHONES: a->phones = optarg; break;
		case OPT_ROOM_CHECKED: a->room_checked = optarg; break;
		case OPT_CARRIER:
			if (!(a->carrier = bm_cli_parse_id(optarg)))
				return bm_cli_usage("meeting", "--carrier needs a carrier ID");
			break;
		case OPT_TO:
			a->to = a->query.to = optarg;
			break; /* issue: the person; list: the period */
		case OPT_SIGNATURE: a->signature = optarg; break;
		case OPT_PAPER: a->paper = true; break;
		case OPT_STATUS: a->query.status = optarg; break;
		case OPT_FROM: a->query.from = optarg; break;
		case OPT_UNTIL: a->query.to = optarg; break;
		case OPT_OUT: a->query.out_only = true; break;
		case OPT_SEARCH: a->query.q = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_FILE: a->file = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("meeting", "unknown option for '%s'", sub);
		}
	}
	if (no_id) {
		if (optind < argc)
			return bm_cli_usage("meeting", "unexpected argument '%s'", argv[optind]);
	} else if (optind + 1 != argc || !(a->id = bm_cli_parse_id(argv[optind]))) {
		return bm_cli_usage("meeting", "'%s' needs one ID", sub);
	}
	if (strcmp(sub, "participant") == 0 && !a->add == !a->remove)
		return bm_cli_usage("meeting",
		                    "'participant' needs --add PERSON or --remove PERSON");
	if (needs_carrier && !a->carrier)
		return bm_cli_usage("meeting", "'%s' needs --carrier ID", sub);
	if (a->format && strcmp(a->format, "text") != 0 && strcmp(a->format, "csv") != 0 &&
	    strcmp(a->format, "json") != 0 && strcmp(a->format, "xlsx") != 0)
		return bm_cli_usage("meeting", "unknown format '%s' (text, csv, json, xlsx)",
		                    a->format);
	if ((a->format && strcmp(a->format, "xlsx") == 0) != (a->file != NULL))
		return bm_cli_usage("meeting", "--format xlsx goes with --file FILE");
	if (a->format && strcmp(a->format, "json") == 0)
		a->common.json = true;
	return 0;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* A duration as "2d3h", "3h05m" or "12m" (rounded up to the minute; never negative). */
static const char *span(int64_t seconds)
{
	static char buf[4][32];
	static int k;
	char *b = buf[k++ % 4];
	int64_t m = seconds <= 0 ? 0 : (seconds + 59) / 60;
	if (m >= 24 * 60)
		snprintf(b, sizeof(buf[0]), "%lldd%lldh", (long long)(m / 1440),
		         (long long)(m % 1440 / 60));
	else if (m >= 60)
		snprintf(b, sizeof(buf[0]), "%lldh%02lldm", (long long)(m / 60),
		         (long long)(m % 60));
	else
		snprintf(b, sizeof(buf[0]), "%lldm", (long long)m);
	return b;
}

static void print_record(const bm_meeting_record *r)
{
	json_t *o = bm_meeting_record_to_json(r);
	const bm_meeting_row *m = r->meeting;
	size_t i;
	json_t *v;
	printf("会议 meeting %lld  %s  [%s / %s]\n", (long long)m->id, m->title,
	       json_string_value(json_object_get(o, "status_name")),
	       json_string_value(json_object_get(o, "status_name_en")));
	printf("  密级 level:         %s / %s\n", bm_level_names[m->level].zh,
	       bm_level_names[m->level].en);
	printf("  地点 place:         %s%s\n", m->site_name ? m->site_name : or_dash(m->room),
	       m->site_name ? "（要害部门部位 key site）" : "");
	printf("  时间 time:          %s → %s\n", or_dash(m->starts_at), or_dash(m->ends_at));
	printf("  组织人 organiser:   %s\n", or_dash(m->organiser_name));
	if (m->note)
		printf("  备注 note:          %s\n", m->note);
	printf("保密措施 measures:\n");
	json_array_foreach(json_object_get(o, "measures"), i, v) printf(
	        "  %-18s %s\n", json_string_value(json_object_get(v, "measure")),
	        json_is_true(json_object_get(v, "taken")) ? "已落实 taken" : "未落实 not taken");
	printf("参会人员 participants:\n");
	for (i = 0; i < r->n_participants; i++)
		printf("  %-12s %s涉密人员 / %s%s\n", or_dash(r->participants[i].person_name),
		       bm_class_names[r->participants[i].person_class].zh,
		       bm_class_names[r->participants[i].person_class].en,
		       r->participants[i].person_id == m->organiser_id ? "  组织人 organiser" : "");
	printf("会议文件 documents:\n");
	json_array_foreach(json_object_get(o, "documents"), i, v)
	{
		const char *back = json_string_value(json_object_get(v, "returned_at"));
		const char *due_at = json_string_value(json_object_get(v, "due_at"));
		char state[160];
		int64_t due = 0;
		bool has_due = due_at && bm_time_parse(due_at, &due);
		/* MEET-2: back (when), or out and how long to or past the recall. */
		if (back)
			snprintf(state, sizeof(state), "已收回 back %s", back);
		else if (!has_due)
			snprintf(state, sizeof(state), "未收回 out");
		else if (json_is_true(json_object_get(v, "overdue")))
			snprintf(state, sizeof(state), "逾期 overdue，已超 %s %s late",
			         span(r->now - due), span(r->now - due));
		else
			snprintf(state, sizeof(state), "未收回 out，%s后到期 due in %s",
			         span(due - r->now), span(due - r->now));
		printf("  载体 %-5lld %-20s → %-10s 签收 %s  应还 %s  %s\n",
		       (long long)json_integer_value(json_object_get(v, "carrier_id")),
		       json_string_value(json_object_get(v, "title")),
		       or_dash(json_string_value(json_object_get(v, "holder_name"))),
		       json_string_value(json_object_get(v, "issued_at")), or_dash(due_at), state);
	}
	printf("历史 history:\n");
	for (i = 0; i < r->n_events; i++)
		printf("  %s  %-18s %-8s %s\n", r->events[i].at, r->events[i].action,
		       or_dash(r->events[i].actor_name), or_dash(r->events[i].detail));
	json_decref(o);
}

static int show(bm_cli_session *s, int64_t id)
{
	bm_meeting_record r;
	int rc;
	if ((rc = bm_svc_meeting_show(&s->ctx, id, &r)) != 0)
		return rc;
	if (s->json) {
		json_t *o = bm_meeting_record_to_json(&r);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_record(&r);
	}
	return 0;
}

static int do_list(bm_cli_session *s, meeting_args *a)
{
	bm_meeting_row *rows = NULL;
	size_t n = 0;
	int rc;
	if ((rc = bm_svc_meeting_list(&s->ctx, &a->query, &rows, &n)) != 0)
		return rc;
	if (a->file) {
		json_t *arr = json_array();
		const bm_meeting_query *q = &a->query;
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_meeting_to_json(&rows[i]));
		return bm_cli_list_sheet(s, "meetings",
		                         q->from || q->to ? bm_arena_printf(&s->arena, "%s 至 %s",
		                                                            q->from ? q->from : "…",
		                                                            q->to ? q->to : "…")
		                                          : NULL,
		                         arr, a->file);
	}
	if (s->json) {
		json_t *o = json_object(), *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_meeting_to_json(&rows[i]));
		json_object_set_new(o, "count", json_integer((json_int_t)n));
		json_object_set_new(o, "meetings", arr);
		bm_cli_print_json(o);
		json_decref(o);
		return 0;
	}
	if (a->format && strcmp(a->format, "csv") == 0) {
		fputs("\xEF\xBB\xBF编号,会议名称,密级,地点,开始,结束,组织人,参会人数,发放文件,"
		      "未收回,状态\r\n",
		      stdout);
		for (size_t i = 0; i < n; i++) {
			char id[24], np[24], nd[24], no[24];
			snprintf(id, sizeof(id), "%lld", (long long)rows[i].id);
			snprintf(np, sizeof(np), "%lld", (long long)rows[i].n_participants);
			snprintf(nd, sizeof(nd), "%lld", (long long)rows[i].n_documents);
			snprintf(no, sizeof(no), "%lld", (long long)rows[i].n_out);
			bm_cli_print_csv(id, false);
			bm_cli_print_csv(rows[i].title, false);
			bm_cli_print_csv(bm_level_names[rows[i].level].zh, false);
			bm_cli_print_csv(rows[i].site_name ? rows[i].site_name : rows[i].room,
			                 false);
			bm_cli_print_csv(rows[i].starts_at, false);
			bm_cli_print_csv(rows[i].ends_at, false);
			bm_cli_print_csv(rows[i].organiser_name, false);
			bm_cli_print_csv(np, false);
			bm_cli_print_csv(nd, false);
			bm_cli_print_csv(no, false);
			bm_cli_print_csv(rows[i].status, true);
		}
		return 0;
	}
	for (size_t i = 0; i < n; i++)
		printf("%-5lld %-8s %-6s %-24s %s  参会 %lld  未收回 %lld\n", (long long)rows[i].id,
		       rows[i].status, bm_level_names[rows[i].level].code, rows[i].title,
		       rows[i].starts_at, (long long)rows[i].n_participants,
		       (long long)rows[i].n_out);
	printf("共 %zu 次 / %zu meetings\n", n, n);
	return 0;
}

static void emit(bm_cli_session *s, const char *what, const bm_meeting_row *r)
{
	if (s->json) {
		json_t *o = bm_meeting_to_json(r);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		printf("%s: %lld %s\n", what, (long long)r->id, r->title);
	}
}

static int run(bm_cli_session *s, const char *sub, meeting_args *a)
{
	bm_meeting_row *r = NULL;
	int rc;
	if (strcmp(sub, "add") == 0) {
		if ((rc = bm_svc_meeting_add(&s->ctx, &a->in, &r)) == 0)
			emit(s, "已登记 recorded", r);
	} else if (strcmp(sub, "edit") == 0) {
		if ((rc = bm_svc_meeting_edit(&s->ctx, a->id, &a->in, &r)) == 0)
			emit(s, "已修改 changed", r);
	} else if (strcmp(sub, "participant") == 0) {
		rc = bm_svc_meeting_participant(&s->ctx, a->id, a->add ? a->add : a->remove,
		                                a->add != NULL);
		if (rc == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "measures") == 0) {
		if ((rc = bm_svc_meeting_measures(&s->ctx, a->id, a->no_wireless, a->phones,
		                                  a->room_checked, &r)) == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "open") == 0) {
		if ((rc = bm_svc_meeting_open(&s->ctx, a->id, &r)) == 0)
			emit(s, "已召开 opened", r);
	} else if (strcmp(sub, "close") == 0) {
		if ((rc = bm_svc_meeting_close(&s->ctx, a->id, &r)) == 0)
			emit(s, "已结束 closed", r);
	} else if (strcmp(sub, "issue") == 0) {
		bm_meeting_document_row *d = NULL;
		/* MEET-2, REG-1: the participant confirms with their own password, or on paper. */
		bm_svc_receipt receipt = {.typed = a->signature, .paper = a->paper};
		char pw[1024];
		rc = 0;
		if (!a->paper && !a->signature)
			rc = bm_cli_person_password(
			        "BAOMI_HOLDER_PASSWORD",
			        "参会人员本人口令 / the participant's own password: ",
			        a->common.password_stdin, pw, sizeof(pw), &receipt.password);
		if (rc == 0)
			rc = bm_svc_meeting_issue(&s->ctx, a->id, a->carrier, a->to, &receipt, &d);
		sodium_memzero(pw, sizeof(pw));
		if (rc == 0 && s->json) {
			json_t *o = json_object();
			json_object_set_new(o, "carrier_id", json_integer(d->carrier_id));
			json_object_set_new(o, "loan_id", json_integer(d->loan_id));
			json_object_set_new(o, "holder_id", json_integer(d->holder_id));
			json_object_set_new(o, "due_at", json_string(d->due_at));
			json_object_set_new(o, "receipt",
			                    json_string(bm_loan_receipt(d->signature)));
			bm_cli_print_json(o);
			json_decref(o);
		} else if (rc == 0) {
			printf("已发放 issued: 载体 carrier %lld → %s，应于 %s 前收回 due back by "
			       "%s\n",
			       (long long)d->carrier_id, d->holder_name, d->due_at, d->due_at);
		}
	} else if (strcmp(sub, "return") == 0) {
		if ((rc = bm_svc_meeting_return(&s->ctx, a->id, a->carrier, a->in.note)) == 0)
			rc = show(s, a->id);
	} else if (strcmp(sub, "show") == 0) {
		rc = show(s, a->id);
	} else {
		rc = do_list(s, a);
	}
	return rc;
}

int bm_cmd_meeting(int argc, char **argv)
{
	static const char *const subs[] = {"add",   "edit",  "participant", "measures", "open",
	                                   "close", "issue", "return",      "show",     "list"};
	bm_cli_session s;
	meeting_args a;
	const char *sub;
	bool known = false;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("meeting"), BM_EXIT_USAGE) : bm_cli_help("meeting");
	sub = argv[1];
	for (size_t i = 0; i < BM_ARRAY_LEN(subs); i++)
		known |= strcmp(sub, subs[i]) == 0;
	if (!known)
		return bm_cli_usage("meeting", "unknown subcommand '%s'", sub);
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("meeting") : rc;
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0)
		rc = run(&s, sub, &a);
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}
