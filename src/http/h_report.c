/*
 * h_report.c — the unit's reports to its leadership over HTTP (ORG-2): the
 * monthly report and the yearly statistics as JSON (each figure with the
 * ids of its records) or CSV. The figures are counted in service/report.c.
 */
#include "common.h"

#include "http/http_int.h"
#include "service/report.h"

/* Answers `rep` in the format asked: json (default) or csv. */
static int reply(bm_http_req *r, const bm_report *rep, const char *format)
{
	if (format && strcmp(format, "csv") == 0) {
		bm_buf b;
		int rc;
		bm_buf_init(&b, 64u << 20);
		if ((rc = bm_report_csv(rep, &b)) != 0) {
			bm_buf_release(&b);
			return rc;
		}
		r->raw_len = b.len;
		if (!(r->raw = bm_buf_detach(&b)))
			return bm_error_nomem();
		r->raw_type = "text/csv; charset=utf-8";
		return 0;
	}
	return bm_http_reply(r, 200, bm_report_to_json(rep));
}

/* GET /reports/monthly?month=YYYY-MM&format= and /reports/yearly?year=YYYY&format= */
static int report(bm_http_req *r, bool yearly)
{
	enum { PERIOD, FORMAT, N_PARAMS };
	const char *const names[N_PARAMS] = {yearly ? "year" : "month", "format"};
	const char *v[N_PARAMS];
	bm_report *rep = NULL;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0)
		return rc;
	if (v[FORMAT] && strcmp(v[FORMAT], "csv") != 0 && strcmp(v[FORMAT], "json") != 0)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "参数 format 的值无效：'%s'（json、csv）",
		                    "invalid value for parameter format: '%s' (json, csv)",
		                    v[FORMAT]);
	if ((rc = bm_svc_report_make(r->ctx, yearly, v[PERIOD], &rep)) != 0)
		return rc;
	return reply(r, rep, v[FORMAT]);
}

int bm_h_reports_monthly(bm_http_req *r)
{
	return report(r, false);
}

int bm_h_reports_yearly(bm_http_req *r)
{
	return report(r, true);
}
