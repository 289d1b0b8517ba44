/*
 * h_report.c — the unit's reports to its leadership over HTTP (ORG-2): the
 * monthly report and the yearly statistics as JSON (each figure with the
 * ids of its records the reader may see), CSV or an Excel workbook; the
 * records behind one figure (the drill-down, SYS-2); the month's report
 * recorded as delivered to the leadership, and the deliveries. The figures
 * are counted and the rules decided in service/report.c.
 */
#include "common.h"

#include "http/http_int.h"
#include "http/http_wf.h"
#include "service/report.h"

/* GET /reports/monthly?month=YYYY-MM&format= and /reports/yearly?year=YYYY&format= */
static int report(bm_http_req *r, bool yearly)
{
	enum { PERIOD, FORMAT, N_PARAMS };
	const char *const names[N_PARAMS] = {yearly ? "year" : "month", "format"};
	const char *v[N_PARAMS];
	bm_report *rep = NULL;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[FORMAT], &json, &format)) != 0 ||
	    (rc = bm_svc_report_make(r->ctx, yearly, v[PERIOD], &rep)) != 0)
		return rc;
	if (!json) {
		bm_buf b;
		bm_buf_init(&b, 64u << 20);
		if ((rc = bm_report_sheet(r->ctx, rep, format, &b)) == 0)
			rc = bm_http_attachment(
			        r, &b, format,
			        bm_arena_printf(r->ctx->arena, "baomi-report-%s", rep->period));
		bm_buf_release(&b);
		return rc;
	}
	return bm_http_reply(r, 200, bm_report_to_json(rep));
}

int bm_h_reports_monthly(bm_http_req *r)
{
	return report(r, false);
}

int bm_h_reports_yearly(bm_http_req *r)
{
	return report(r, true);
}

/* GET /reports/records?month=YYYY-MM|year=YYYY&figure=KEY (ORG-2, SYS-2) */
int bm_h_reports_records(bm_http_req *r)
{
	enum { MONTH, YEAR, FIGURE, N_PARAMS };
	static const char *const names[N_PARAMS] = {"month", "year", "figure"};
	const char *v[N_PARAMS];
	const bm_report_figure *f = NULL;
	bm_report *rep = NULL;
	bool yearly;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0)
		return rc;
	yearly = v[YEAR] && *v[YEAR];
	if (yearly && v[MONTH] && *v[MONTH])
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "参数 month 与 year 只能给一个",
		                    "give month or year, not both");
	if ((rc = bm_svc_report_records(r->ctx, yearly, yearly ? v[YEAR] : v[MONTH], v[FIGURE],
	                                &rep, &f)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_report_records_json(rep, f));
}

/* GET /reports/deliveries?format=json|csv|xlsx (ORG-2): csv/xlsx the 报送登记表 (issue 15) */
int bm_h_reports_deliveries(bm_http_req *r)
{
	static const char *const names[] = {"format"};
	const char *fmt = NULL;
	bm_report_delivery_row *rows = NULL;
	size_t n = 0;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 1, &fmt)) != 0 ||
	    (rc = bm_http_sheet_format(fmt, &json, &format)) != 0 ||
	    (rc = bm_svc_report_deliveries(r->ctx, 0, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_report_delivery_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "report-deliveries", NULL);
	return bm_http_items(r, arr, -1);
}

/* POST /reports/deliveries {month, to, delivered_on, note} (ORG-2) */
int bm_h_reports_deliver(bm_http_req *r)
{
	bm_report_deliver_input in = {0};
	const bm_http_field fields[] = {
	        {"month", BM_F_STRING, false, &in.month},
	        {"to", BM_F_REF, false, &in.to},
	        {"delivered_on", BM_F_STRING, false, &in.delivered_on},
	        {"note", BM_F_STRING, false, &in.note},
	};
	bm_report_delivery_row *d = NULL;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_report_deliver(r->ctx, &in, &d)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_report_delivery_to_json(d));
}
