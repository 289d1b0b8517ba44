/*
 * cmd_handover_list.c — `baomi handover list` and `baomi handover show ID`
 * (KEEP-2, REG-1, REG-4; issue 14 point 5): the 移交登记簿 and one kept
 * hand-over list as it was handed over, to reprint. `baomi handover FROM
 * TO` (cmd_custody.c) makes a hand-over and hands these two on.
 */
#include "common.h"

#include <getopt.h>
#include <stdio.h>

#include "cli/cli.h"
#include "service/ledger.h"
#include "util/buf.h"

enum { OPT_FORMAT = 0x2400, OPT_FROM, OPT_TO, OPT_OUT, OPT_BOOK, OPT_PERSON };

typedef struct list_args {
	bm_cli_common common;
	const char *format, *from, *to, *out, *book, *person;
	char **positional;
	int n_positional;
} list_args;

static int parse(const char *cmd, int argc, char **argv, list_args *a)
{
	static const struct option longopts[] = {
	        {"format", required_argument, NULL, OPT_FORMAT},
	        {"from", required_argument, NULL, OPT_FROM},
	        {"to", required_argument, NULL, OPT_TO},
	        {"out", required_argument, NULL, OPT_OUT},
	        {"book", required_argument, NULL, OPT_BOOK},
	        {"person", required_argument, NULL, OPT_PERSON},
	        BM_CLI_COMMON_LONGOPTS,
	        {NULL, 0, NULL, 0},
	};
	int opt;
	memset(a, 0, sizeof(*a));
	bm_cli_common_init(&a->common);
	optind = 1;
	while ((opt = getopt_long(argc, argv, "h", longopts, NULL)) != -1) {
		if (bm_cli_common_opt(&a->common, opt, optarg))
			continue;
		switch (opt) {
		case OPT_FORMAT: a->format = optarg; break;
		case OPT_FROM: a->from = optarg; break;
		case OPT_TO: a->to = optarg; break;
		case OPT_OUT: a->out = optarg; break;
		case OPT_BOOK: a->book = optarg; break;
		case OPT_PERSON: a->person = optarg; break;
		case 'h': return 1;
		default: return bm_cli_usage(cmd, "unknown option");
		}
	}
	a->positional = argv + optind;
	a->n_positional = argc - optind;
	return 0;
}

/* The list as text: one line per hand-over, newest first. */
static void print_list(const bm_handover_view *v, size_t n)
{
	printf("移交登记簿 / hand-over register（新的在前 / newest first）\n");
	for (size_t i = 0; i < n; i++) {
		const bm_handover_row *h = v[i].row;
		printf("  %lld  %s  %s → %s  载体 %zu 件 设备 %zu 台 / %zu carriers %zu devices\n",
		       (long long)h->id, v[i].local_at, v[i].from_name, v[i].to_name, h->n_carriers,
		       h->n_devices, h->n_carriers, h->n_devices);
	}
	printf("共 %zu 次 / %zu hand-overs\n", n, n);
}

/* `baomi handover list`: JSON or text from the list; CSV and xlsx are the printed register's. */
static int cmd_list(int argc, char **argv)
{
	list_args a;
	bm_cli_session s;
	bm_register_format format = BM_REGISTER_TEXT;
	int rc = parse("handover", argc, argv, &a);

	if (rc)
		return rc == 1 ? bm_cli_help("handover") : rc;
	if (a.n_positional != 1)
		return bm_cli_usage("handover", "list takes no arguments, only options");
	if (a.format) {
		if (strcmp(a.format, "csv") == 0)
			format = BM_REGISTER_CSV;
		else if (strcmp(a.format, "xlsx") == 0)
			format = BM_REGISTER_XLSX;
		else if (strcmp(a.format, "json") == 0)
			a.common.json = true;
		else if (strcmp(a.format, "text") != 0)
			return bm_cli_usage("handover",
			                    "unknown format '%s' (text, csv, json, xlsx)",
			                    a.format);
	}
	if (format == BM_REGISTER_XLSX && !a.out)
		return bm_cli_usage("handover", "--format xlsx needs --out FILE");
	if (format != BM_REGISTER_TEXT && a.person)
		return bm_cli_usage("handover", "--person lists on screen; the printed register "
		                                "(--format csv|xlsx) holds the whole unit");
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0) {
		if (format != BM_REGISTER_TEXT) {
			/* REG-4: the printed 移交登记簿, one book, as `baomi register handover`. */
			bm_register reg;
			bm_buf buf;
			bm_buf_init(&buf, 0);
			if ((rc = bm_svc_register(&s.ctx, "handover", a.book, a.from, a.to,
			                          &reg)) == 0 &&
			    (rc = bm_register_render(&reg, format, &buf)) == 0)
				rc = bm_cli_write_file(a.out, &buf);
			bm_buf_release(&buf);
		} else {
			bm_handover_view *v;
			size_t n;
			if ((rc = bm_svc_handover_list(&s.ctx, a.person, a.from, a.to, &v, &n)) ==
			    0) {
				if (a.common.json) {
					json_t *o = json_object(), *items = json_array();
					for (size_t i = 0; i < n; i++)
						json_array_append_new(
						        items, bm_handover_view_json(&s.ctx, &v[i],
						                                     false));
					json_object_set_new(o, "items", items);
					json_object_set_new(o, "count",
					                    json_integer((json_int_t)n));
					bm_cli_print_json(o);
					json_decref(o);
				} else {
					print_list(v, n);
				}
			}
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}

static const char *or_dash(const char *s)
{
	return s && *s ? s : "—";
}

/* One kept list as it was handed over, with both sides' confirmation and blank 签字 lines. */
static void print_one(bm_ctx *ctx, const bm_handover_view *v)
{
	const bm_handover_row *h = v->row;
	printf("涉密载体移交清单 / hand-over list %lld\n", (long long)h->id);
	printf("移交人 %s → 接收人 %s，%s，监交人（保密员）%s\n", v->from_name, v->to_name,
	       v->local_at, v->recorded_by_name);
	for (size_t i = 0; i < h->n_carriers; i++) {
		const bm_handover_item *it = &h->items[i];
		if (!it->title) {
			printf("  %zu. 载体 %lld（移交时未留存明细 / not recorded then）\n", i + 1,
			       (long long)it->carrier_id);
			continue;
		}
		printf("  %zu. 载体 %lld  %s  %s  %s", i + 1, (long long)it->carrier_id,
		       or_dash(it->marking), or_dash(it->doc_number), it->title);
		if (it->serial_number)
			printf("  第%d份", it->serial_number);
		printf("\n");
	}
	for (size_t i = 0; i < h->n_devices; i++)
		printf("  %zu. 设备 %s  %s  %s\n", h->n_carriers + i + 1,
		       or_dash(h->devices[i].number), or_dash(h->devices[i].model),
		       h->devices[i].level >= 0 && h->devices[i].level < BM_LEVEL_COUNT
		               ? bm_level_names[h->devices[i].level].zh
		               : "—");
	if (v->n_hidden)
		printf("  （另有 %zu 件您无权查看 / %zu more you may not see）\n", v->n_hidden,
		       v->n_hidden);
	if (h->note)
		printf("备注 note: %s\n", h->note);
	printf("移交人确认 handing over: %s    签字 signature: ________\n",
	       bm_handover_receipt_text(ctx, h->from_signature, h->at));
	printf("接收人确认 successor:    %s    签字 signature: ________\n",
	       bm_handover_receipt_text(ctx, h->to_signature, h->at));
}

/* `baomi handover show ID` */
static int cmd_show(int argc, char **argv)
{
	list_args a;
	bm_cli_session s;
	bm_handover_view *v;
	int64_t id;
	int rc = parse("handover", argc, argv, &a);

	if (rc)
		return rc == 1 ? bm_cli_help("handover") : rc;
	if (a.n_positional != 2 || !(id = bm_cli_parse_id(a.positional[1])))
		return bm_cli_usage("handover", "show needs one hand-over ID");
	if ((rc = bm_cli_session_open(&s, &a.common, true)) == 0 &&
	    (rc = bm_svc_handover_show(&s.ctx, id, &v)) == 0) {
		if (a.common.json) {
			json_t *o = bm_handover_view_json(&s.ctx, v, true);
			bm_cli_print_json(o);
			json_decref(o);
		} else {
			print_one(&s.ctx, v);
		}
	}
	if (rc)
		rc = bm_cli_fail(rc, a.common.json);
	bm_cli_session_close(&s);
	return rc;
}

int bm_cmd_handover_read(int argc, char **argv)
{
	/* argv[0] is the command, argv[1] "list" or "show" (bm_cmd_handover looked). */
	return strcmp(argv[1], "list") == 0 ? cmd_list(argc, argv) : cmd_show(argc, argv);
}
