/*
 * cmd_carrier.c — `baomi carrier`: register, make, move, list, search, show.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"

enum {
	OPT_TITLE = 0x2000,
	OPT_LEVEL,
	OPT_KIND,
	OPT_DOC,
	OPT_SERIAL,
	OPT_PAGES,
	OPT_COPIES,
	OPT_PRODUCER,
	OPT_SENDER,
	OPT_PERIOD,
	OPT_EVENT,
	OPT_REVIEW,
	OPT_SCOPE,
	OPT_PLACE,
	OPT_CUSTODIAN,
	OPT_DEPARTMENT,
	OPT_RECEIVED,
	OPT_URGENCY,
	OPT_NOTE,
	OPT_REASON,
	OPT_STATUS,
	OPT_ORIGIN,
	OPT_FROM,
	OPT_TO,
	OPT_QUERY,
	OPT_SORT,
	OPT_LIMIT,
	OPT_OFFSET,
	OPT_LETTER,
	OPT_KEEP_REASON,
	OPT_KEEP_APPROVER,
	OPT_KEEP_UNTIL,
	OPT_DERIVED_FROM,
	OPT_AFTER,
	OPT_REQUEST,
	OPT_CLASSIFIER,
	OPT_BASIS,
	OPT_FORMAT,
	OPT_OUT,
};

static const struct option carrier_opts[] = {
        {"title", required_argument, NULL, OPT_TITLE},
        {"level", required_argument, NULL, OPT_LEVEL},
        {"kind", required_argument, NULL, OPT_KIND},
        {"doc-number", required_argument, NULL, OPT_DOC},
        {"serial", required_argument, NULL, OPT_SERIAL},
        {"pages", required_argument, NULL, OPT_PAGES},
        {"copies", required_argument, NULL, OPT_COPIES},
        {"producer", required_argument, NULL, OPT_PRODUCER},
        {"sender", required_argument, NULL, OPT_SENDER},
        {"period", required_argument, NULL, OPT_PERIOD},
        {"event", required_argument, NULL, OPT_EVENT},
        {"review-date", required_argument, NULL, OPT_REVIEW},
        {"scope", required_argument, NULL, OPT_SCOPE},
        {"place", required_argument, NULL, OPT_PLACE},
        {"custodian", required_argument, NULL, OPT_CUSTODIAN},
        {"department", required_argument, NULL, OPT_DEPARTMENT},
        {"received", required_argument, NULL, OPT_RECEIVED},
        {"urgency", required_argument, NULL, OPT_URGENCY},
        {"note", required_argument, NULL, OPT_NOTE},
        {"reason", required_argument, NULL, OPT_REASON},
        {"status", required_argument, NULL, OPT_STATUS},
        {"origin", required_argument, NULL, OPT_ORIGIN},
        {"from", required_argument, NULL, OPT_FROM},
        {"to", required_argument, NULL, OPT_TO},
        {"query", required_argument, NULL, OPT_QUERY},
        {"sort", required_argument, NULL, OPT_SORT},
        {"limit", required_argument, NULL, OPT_LIMIT},
        {"offset", required_argument, NULL, OPT_OFFSET},
        {"derived-from", required_argument, NULL, OPT_DERIVED_FROM},
        {"after", required_argument, NULL, OPT_AFTER},
        {"request", required_argument, NULL, OPT_REQUEST},
        {"classifier", required_argument, NULL, OPT_CLASSIFIER},
        {"basis", required_argument, NULL, OPT_BASIS},
        {"format", required_argument, NULL, OPT_FORMAT},
        {"out", required_argument, NULL, OPT_OUT},
        {"letter", required_argument, NULL, OPT_LETTER},
        {"keep-reason", required_argument, NULL, OPT_KEEP_REASON},
        {"keep-approver", required_argument, NULL, OPT_KEEP_APPROVER},
        {"keep-until", required_argument, NULL, OPT_KEEP_UNTIL},
        BM_CLI_COMMON_LONGOPTS,
        {NULL, 0, NULL, 0},
};

/* Everything a carrier subcommand may be given. */
typedef struct carrier_args {
	bm_cli_common common;
	bm_carrier_input in;
	const char *reason;
	const char *status, *origin, *from, *to, *query, *sort, *limit, *offset;
	const char *derived_from; /* list: copies, extracts and parts of this carrier */
	const char *after;        /* list: the page after this carrier (keyset, `next`) */
	const char *request;      /* make: the approved make request (MAKE-1) */
	const char *format, *out; /* list: an export (csv, xlsx) and its file */
	char **positional;
	int n_positional;
} carrier_args;

static int parse_args(const char *sub, int argc, char **argv, carrier_args *a)
{
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", carrier_opts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_TITLE: a->in.title = optarg; break;
		case OPT_LEVEL: a->in.level = optarg; break;
		case OPT_KIND: a->in.kind = optarg; break;
		case OPT_DOC: a->in.doc_number = optarg; break;
		case OPT_SERIAL: a->in.serial_number = optarg; break;
		case OPT_PAGES: a->in.pages = optarg; break;
		case OPT_COPIES: a->in.copies = optarg; break;
		case OPT_PRODUCER: a->in.producer = optarg; break;
		case OPT_SENDER: a->in.sender = optarg; break;
		case OPT_PERIOD: a->in.period = optarg; break;
		case OPT_EVENT: a->in.period_event = optarg; break;
		case OPT_REVIEW: a->in.review_date = optarg; break;
		case OPT_SCOPE: a->in.scope = optarg; break;
		case OPT_PLACE: a->in.place = optarg; break;
		case OPT_CUSTODIAN: a->in.custodian = optarg; break;
		case OPT_DEPARTMENT: a->in.department = optarg; break;
		case OPT_RECEIVED: a->in.received_on = optarg; break;
		case OPT_URGENCY: a->in.urgency = optarg; break;
		case OPT_NOTE: a->in.note = optarg; break;
		case OPT_REASON: a->reason = optarg; break;
		case OPT_KEEP_REASON: a->in.keep.reason = optarg; break;
		case OPT_KEEP_APPROVER: a->in.keep.approver = optarg; break;
		case OPT_KEEP_UNTIL: a->in.keep.until = optarg; break;
		case OPT_STATUS: a->status = optarg; break;
		case OPT_ORIGIN: a->origin = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case OPT_QUERY: a->query = optarg; break;
		case OPT_SORT: a->sort = optarg; break;
		case OPT_LIMIT: a->limit = optarg; break;
		case OPT_OFFSET: a->offset = optarg; break;
		case OPT_DERIVED_FROM: a->derived_from = optarg; break;
		case OPT_AFTER: a->after = optarg; break;
		case OPT_REQUEST: a->request = optarg; break;
		case OPT_CLASSIFIER: a->in.classifier = optarg; break;
		case OPT_BASIS: a->in.basis = optarg; break;
		case OPT_LETTER: a->in.letter = optarg; break;
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage("carrier", "unknown option for '%s'", sub);
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

/* One line of the ledger in text mode. */
static void print_row(bm_arena *arena, const bm_carrier *c)
{
	char number[96] = "";
	if (c->doc_number && c->serial_number)
		snprintf(number, sizeof(number), "%s 第%d份", c->doc_number, c->serial_number);
	else if (c->doc_number)
		snprintf(number, sizeof(number), "%s", c->doc_number);
	printf("%6lld  %-14s  %-8s  %-24s  %s  [%s@%s]\n", (long long)c->id,
	       bm_carrier_marking(arena, c, false), bm_status_names[c->status].zh, number, c->title,
	       c->custodian_name ? c->custodian_name : "-", c->place_name ? c->place_name : "-");
}

static void print_carrier(bm_arena *arena, const bm_carrier *c)
{
	printf("载体 / carrier %lld\n", (long long)c->id);
	printf("  标题 title:        %s\n", c->title);
	printf("  标志 marking:      %s  (%s)\n", bm_carrier_marking(arena, c, false),
	       bm_carrier_marking(arena, c, true));
	/* LEVEL-7/8: after a decision, the registered marking, struck out, and the decision. */
	if (bm_carrier_original_marking(c, false)) {
		printf("  原标志 original:   ~~%s~~  (%s) 已划去 struck out\n",
		       bm_carrier_original_marking(c, false), bm_carrier_original_marking(c, true));
		printf("  变更 decided:      %s  (%s)\n", bm_carrier_marking_note(arena, c, false),
		       bm_carrier_marking_note(arena, c, true));
	} else if (c->original_level != c->level) {
		printf("  原密级 original:   %s\n", bm_level_names[c->original_level].zh);
	}
	if (c->classifier_id || c->classification_basis)
		printf("  定密 classified (LEVEL-4/9): 定密责任人 by %s; 依据 basis %s\n",
		       c->classifier_name ? c->classifier_name : "-",
		       c->classification_basis ? c->classification_basis : "-");
	printf("  载体形式 kind:     %s / %s\n", bm_kind_names[c->kind].zh,
	       bm_kind_names[c->kind].en);
	if (c->doc_number)
		printf("  文号 number:       %s\n", c->doc_number);
	if (c->serial_number)
		printf("  份号 copy no.:     %d\n", c->serial_number);
	printf("  页数/份数 pages/copies: %d / %d\n", c->pages, c->copies);
	if (c->producer)
		printf("  制发机关 producer: %s\n", c->producer);
	if (c->sender)
		printf("  发文机关 sender:   %s\n", c->sender);
	printf("  来源 origin:       %s / %s\n", bm_origin_names[c->origin].zh,
	       bm_origin_names[c->origin].en);
	if (c->received_on)
		printf("  收到 received:     %s\n", c->received_on);
	printf("  登记 registered:   %s\n", c->registered_at);
	printf("  状态 status:       %s / %s\n", bm_status_names[c->status].zh,
	       bm_status_names[c->status].en);
	printf("  部门 department:   %s\n", c->department_name ? c->department_name : "-");
	printf("  保管人 custodian:  %s\n", c->custodian_name ? c->custodian_name : "-");
	if (c->keep_until)
		printf("  个人保管 kept personally (KEEP-6): 理由 reason %s; 批准人 approver %s; "
		       "至 until "
		       "%s\n",
		       c->keep_reason ? c->keep_reason : "-",
		       c->keep_approver_name ? c->keep_approver_name : "-", c->keep_until);
	printf("  存放 place:        %s\n", c->place_name ? c->place_name : "-");
	if (c->copy_of)
		printf("  复制自 copy of:    %lld\n", (long long)c->copy_of);
	if (c->extract_of)
		printf("  摘录自 extract of: %lld\n", (long long)c->extract_of);
	if (c->volume_id)
		printf("  所属案卷 volume:   %lld\n", (long long)c->volume_id);
	if (c->note)
		printf("  备注 note:         %s\n", c->note);
}

static int do_register(carrier_args *a, bool made)
{
	bm_cli_session s;
	bm_carrier *items = NULL;
	size_t n = 0;
	int64_t request_id = 0;
	int rc;

	/* MAKE-1: without --request the service refuses (and audits the attempt). */
	if (made && a->request && !(request_id = bm_cli_parse_id(a->request)))
		return bm_cli_usage("carrier", "--request needs a request ID");
	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0)
		goto done;
	if (made) {
		rc = bm_svc_carrier_register_made(&s.ctx, request_id, &a->in, &items, &n);
	} else {
		rc = bm_svc_carrier_register_incoming(&s.ctx, &a->in, &items);
		n = 1;
	}
	if (rc)
		goto done;
	if (a->common.json) {
		json_t *arr = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(arr, bm_carrier_to_json(&s.arena, &items[i]));
		if (made) {
			json_t *o = json_object();
			json_object_set_new(o, "carriers", arr);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			bm_cli_print_json(json_array_get(arr, 0));
			json_decref(arr);
		}
	} else {
		for (size_t i = 0; i < n; i++)
			printf("已登记 registered: %lld  %s  %s%s\n", (long long)items[i].id,
			       bm_carrier_marking(&s.arena, &items[i], false), items[i].title,
			       items[i].serial_number ? bm_arena_printf(&s.arena, "（第%d份）",
			                                                items[i].serial_number)
			                              : "");
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

static int do_move(carrier_args *a)
{
	bm_cli_session s;
	int64_t id;
	int rc;

	if (a->n_positional != 1 || !(id = bm_cli_parse_id(a->positional[0])))
		return bm_cli_usage("carrier", "move needs one carrier ID");
	if ((rc = bm_cli_session_open(&s, &a->common, true)) == 0 &&
	    (rc = bm_svc_carrier_move_kept(&s.ctx, id, a->in.place, a->in.custodian, a->reason,
	                                   &a->in.keep)) == 0) {
		if (a->common.json) {
			json_t *o = json_object();
			json_object_set_new(o, "moved", json_integer(id));
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			printf("已移存 moved: %lld\n", (long long)id);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/* Resolves the list filters; vocabulary errors are the user's. */
static int build_filter(bm_cli_session *s, carrier_args *a, bm_carrier_filter *f)
{
	int rc;
	memset(f, 0, sizeof(*f));
	f->level = f->status = f->kind = f->origin = -1;
	f->limit = 50;
#define VOCAB_FILTER(field, text, parse, what_zh, what_en)                                         \
	if (text && (f->field = parse(text)) < 0)                                                  \
		return bm_error_set(BM_EINVALID, "invalid_filter", NULL, "未知" what_zh " '%s'",   \
		                    "unknown " what_en " '%s'", text);
	VOCAB_FILTER(level, a->in.level, bm_level_parse, "密级", "level")
	VOCAB_FILTER(status, a->status, bm_status_parse, "状态", "status")
	VOCAB_FILTER(kind, a->in.kind, bm_kind_parse, "载体形式", "kind")
	VOCAB_FILTER(origin, a->origin, bm_origin_parse, "来源", "origin")
#undef VOCAB_FILTER
	if (a->in.department) {
		bm_department *d;
		if ((rc = bm_svc_department_resolve(&s->ctx, a->in.department, &d)) != 0)
			return rc;
		f->department_id = d->id;
	}
	if (a->in.custodian) {
		bm_person *p;
		if ((rc = bm_svc_person_resolve(&s->ctx, a->in.custodian, &p)) != 0)
			return rc;
		f->custodian_id = p->id;
	}
	if (a->in.place) {
		bm_place *p;
		if ((rc = bm_svc_place_resolve(&s->ctx, a->in.place, &p)) != 0)
			return rc;
		f->place_id = p->id;
	}
	f->registered_from = a->from;
	f->registered_to = a->to;
	f->query = a->query;
	f->sort = a->sort;
	if (a->limit) {
		int64_t v = bm_cli_parse_id(a->limit);
		if (!v || v > 1000)
			return bm_error_set(BM_EINVALID, "invalid_limit", NULL,
			                    "每页条数应在 1 到 1000 之间",
			                    "the page size must be between 1 and 1000");
		f->limit = (int)v;
	}
	if (a->offset) {
		char *end;
		long v = strtol(a->offset, &end, 10);
		if (*end || v < 0 || v > 100000000)
			return bm_error_set(BM_EINVALID, "invalid_offset", NULL, "偏移量无效 '%s'",
			                    "invalid offset '%s'", a->offset);
		f->offset = (int)v;
	}
	if (a->derived_from) {
		char *end;
		long long v = strtoll(a->derived_from, &end, 10);
		if (*end || v < 1)
			return bm_error_set(BM_EINVALID, "invalid_derived_from", NULL,
			                    "载体编号无效 '%s'", "invalid carrier id '%s'",
			                    a->derived_from);
		f->derived_from = (int64_t)v;
	}
	if (a->after && !(f->after = bm_cli_parse_id(a->after)))
		return bm_error_set(BM_EINVALID, "invalid_after", NULL, "载体编号无效 '%s'",
		                    "invalid carrier id '%s'", a->after);
	return 0;
}

static int do_list(carrier_args *a)
{
	bm_cli_session s;
	bm_carrier_filter f;
	bm_carrier_page page = {0};
	bm_sheet_format format = BM_SHEET_CSV;
	bool sheet = false;
	int rc;

	if ((rc = bm_cli_sheet_opts("carrier", a->format, a->out, &sheet, &format)) != 0)
		return rc;
	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0 ||
	    (rc = build_filter(&s, a, &f)) != 0)
		goto done;
	if (sheet) {
		bm_buf b;
		bm_buf_init(&b, 256u << 20);
		if ((rc = bm_svc_carrier_sheet(&s.ctx, &f, format, &b)) == 0)
			rc = bm_cli_write_file(a->out, &b);
		bm_buf_release(&b);
		goto done;
	}
	if ((rc = bm_svc_carrier_list(&s.ctx, &f, &page)) != 0)
		goto done;
	if (a->common.json) {
		json_t *o = json_object(), *items = json_array();
		for (size_t i = 0; i < page.count; i++)
			json_array_append_new(items, bm_carrier_to_json(&s.arena, &page.items[i]));
		json_object_set_new(o, "total", json_integer(page.total));
		json_object_set_new(o, "offset", json_integer(f.offset));
		json_object_set_new(o, "limit", json_integer(f.limit));
		json_object_set_new(o, "next", page.next ? json_integer(page.next) : json_null());
		json_object_set_new(o, "items", items);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		for (size_t i = 0; i < page.count; i++)
			print_row(&s.arena, &page.items[i]);
		printf("共 %lld 件，显示 %zu 件 / %lld in all, %zu shown\n", (long long)page.total,
		       page.count, (long long)page.total, page.count);
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

/* The ledger's counts by level and status (one audited read, as the dashboard's). */
static int do_stats(carrier_args *a)
{
	bm_cli_session s;
	bm_carrier_stats st;
	int rc;

	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0 ||
	    (rc = bm_svc_carrier_stats(&s.ctx, &st)) != 0)
		goto done;
	if (a->common.json) {
		json_t *o = bm_carrier_stats_to_json(&st);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		printf("密级 level:\n");
		for (int i = BM_LEVEL_COUNT - 1; i >= 0; i--)
			printf("  %-12s %-14s %6lld\n", bm_level_names[i].zh,
			       bm_level_names[i].code, (long long)st.by_level[i]);
		printf("状态 status:\n");
		for (int i = 0; i < BM_STATUS_COUNT; i++)
			printf("  %-12s %-14s %6lld\n", bm_status_names[i].zh,
			       bm_status_names[i].code, (long long)st.by_status[i]);
		printf("共 %lld 件 / %lld in all\n", (long long)st.total, (long long)st.total);
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

static int do_show(carrier_args *a)
{
	bm_cli_session s;
	bm_carrier *c;
	bm_carrier_event *events = NULL;
	size_t n = 0;
	int64_t id;
	int rc;

	if (a->n_positional != 1 || !(id = bm_cli_parse_id(a->positional[0])))
		return bm_cli_usage("carrier", "show needs one carrier ID");
	if ((rc = bm_cli_session_open(&s, &a->common, true)) != 0 ||
	    (rc = bm_svc_carrier_show(&s.ctx, id, &c, &events, &n)) != 0)
		goto done;
	if (a->common.json) {
		json_t *o = bm_carrier_to_json(&s.arena, c), *hist = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(hist, bm_carrier_event_to_json(&events[i]));
		json_object_set_new(o, "history", hist);
		bm_cli_print_json(o);
		json_decref(o);
	} else {
		print_carrier(&s.arena, c);
		printf("  历史 history:\n");
		for (size_t i = 0; i < n; i++)
			printf("    %s  %-14s %s\n", events[i].at, events[i].action,
			       events[i].detail);
	}
done:
	if (rc)
		rc = bm_cli_fail(rc, a->common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_carrier(int argc, char **argv)
{
	carrier_args a;
	const char *sub;
	int rc;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		return argc < 2 ? (bm_cli_help("carrier"), BM_EXIT_USAGE) : bm_cli_help("carrier");
	sub = argv[1];
	if ((rc = parse_args(sub, argc - 1, argv + 1, &a)) != 0)
		return rc == 1 ? bm_cli_help("carrier") : rc;
	if (strcmp(sub, "register") == 0 || strcmp(sub, "make") == 0) {
		if (a.n_positional)
			return bm_cli_usage("carrier", "unexpected argument '%s'", a.positional[0]);
		return do_register(&a, strcmp(sub, "make") == 0);
	}
	if (strcmp(sub, "move") == 0)
		return do_move(&a);
	if (strcmp(sub, "list") == 0) {
		if (a.n_positional)
			return bm_cli_usage("carrier", "unexpected argument '%s'", a.positional[0]);
		return do_list(&a);
	}
	if (strcmp(sub, "search") == 0) {
		if (a.n_positional != 1)
			return bm_cli_usage("carrier", "search needs one TEXT");
		a.query = a.positional[0];
		return do_list(&a);
	}
	if (strcmp(sub, "show") == 0)
		return do_show(&a);
	if (strcmp(sub, "stats") == 0) {
		if (a.n_positional)
			return bm_cli_usage("carrier", "unexpected argument '%s'", a.positional[0]);
		return do_stats(&a);
	}
	return bm_cli_usage("carrier", "unknown subcommand '%s'", sub);
}
