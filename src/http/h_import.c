/*
 * h_import.c — POST /imports/carriers, /imports/devices, /imports/people:
 * a register kept in CSV, .xls or .xlsx, uploaded as the request's body
 * (issue 15 point 1). The reading, the columns and every check are the
 * services' (bm_svc_import_*).
 */
#include "common.h"

#include "http/http_int.h"

typedef int (*import_fn)(bm_ctx *ctx, const bm_import_file *file, bool dry_run,
                         bm_import_report *out);

/*
 * POST /imports/KIND?dry_run=1&name=FILE&map=M, the body the file's bytes
 * (carriers KEEP-5, devices DEV-1: the clerk; people PERSON-2: the
 * security administrator). 200 with the row-by-row report for a dry run,
 * 201 when every row was imported; a refusal answers its status with the
 * error and, once the file was read, the report beside it ("import").
 */
static int import_upload(bm_http_req *r, import_fn fn)
{
	static const char *const names[] = {"dry_run", "name", "map"};
	const char *v[3] = {NULL, NULL, NULL};
	bm_import_report rep;
	bm_import_file file;
	bool dry_run = false;
	json_t *o;
	int rc;

	if ((rc = bm_http_query(r, names, 3, v)) != 0)
		return rc;
	if (v[0]) {
		if (strcmp(v[0], "1") == 0 || strcmp(v[0], "true") == 0)
			dry_run = true;
		else if (strcmp(v[0], "0") != 0 && strcmp(v[0], "false") != 0)
			return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
			                    "dry_run 应为 1 或 0", "dry_run must be 1 or 0");
	}
	if (!r->upload_len)
		return bm_error_set(BM_EINVALID, "required", NULL, "请求体应为要导入的文件",
		                    "the request body must be the file to import");
	file.name = v[1] && *v[1] ? v[1] : "upload";
	file.data = r->upload;
	file.len = r->upload_len;
	file.map = v[2];
	rc = fn(r->ctx, &file, dry_run, &rep);
	if (rc && !rep.n_columns)
		return rc; /* the file was not read: the plain error */
	o = bm_import_report_json(&rep);
	if (rc) {
		const bm_error *e = bm_error_last();
		json_t *err = json_object(), *body = json_object();
		json_object_set_new(err, "code", json_string(e->code));
		json_object_set_new(err, "rule", e->rule[0] ? json_string(e->rule) : json_null());
		json_object_set_new(err, "message", json_string(e->message));
		json_object_set_new(err, "message_en", json_string(e->message_en));
		json_object_set_new(body, "error", err);
		json_object_set_new(body, "import", o);
		r->status = bm_error_http_status(rc);
		r->out = body;
		return 0;
	}
	r->status = dry_run ? 200 : 201;
	r->out = o;
	return 0;
}

int bm_h_imports_carriers(bm_http_req *r)
{
	return import_upload(r, bm_svc_import_carriers);
}

int bm_h_imports_devices(bm_http_req *r)
{
	return import_upload(r, bm_svc_import_devices);
}

int bm_h_imports_people(bm_http_req *r)
{
	return import_upload(r, bm_svc_import_people);
}
