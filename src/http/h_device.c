/*
 * h_device.c — the device and media register over HTTP (DEV-1..7, issue 10
 * point 3): list, show with history, register, raise the level, hand over,
 * repair, password change, label affixed, scrap. The rules are the services'; a handler
 * reads its fields and answers the device as GET /devices/{id} gives it.
 * The label (QR code "baomi:device:N") is in h_label.c.
 */
#include "common.h"

#include "http/http_int.h"
#include "http/http_wf.h"
#include "service/device.h"

/* The device with its history, as GET /devices/{id} answers. */
static int device_reply(bm_http_req *r, int status, int64_t id)
{
	bm_device *d;
	bm_device_event *ev = NULL;
	size_t n = 0;
	json_t *o, *h;
	int rc;
	if ((rc = bm_svc_device_show(r->ctx, id, &d, &ev, &n)) != 0)
		return rc;
	o = bm_device_to_json(d);
	h = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(h, bm_device_event_to_json(&ev[i]));
	json_object_set_new(o, "history", h);
	return bm_http_reply(r, status, o);
}

/* GET /devices?kind=&status=&level=&holder=&q= */
int bm_h_devices_list(bm_http_req *r)
{
	enum { KIND, STATUS, LEVEL, HOLDER, Q, FORMAT, N_PARAMS };
	static const char *const names[N_PARAMS] = {"kind",   "status", "level",
	                                            "holder", "q",      "format"};
	const char *v[N_PARAMS];
	bm_device_query q;
	bm_device *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, N_PARAMS, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[FORMAT], &json, &format)) != 0)
		return rc;
	q.kind = v[KIND];
	q.status = v[STATUS];
	q.level = v[LEVEL];
	q.holder = v[HOLDER];
	q.q = v[Q];
	if ((rc = bm_svc_device_list(r->ctx, &q, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_device_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "devices", NULL);
	return bm_http_items(r, arr, -1);
}

/*
 * GET /device-repairs?format=json|csv|xlsx (DEV-5 with REG-1): the repair
 * register, 验收人 and how they confirmed, 验收人签字 blank for the pen.
 */
int bm_h_device_repairs(bm_http_req *r)
{
	static const char *const names[] = {"format"};
	const char *v[1];
	bm_sheet_format format;
	json_t *arr = NULL;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 1, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[0], &json, &format)) != 0 ||
	    (rc = bm_svc_device_repairs(r->ctx, &arr)) != 0)
		return rc;
	if (!json)
		return bm_http_list_sheet(r, arr, format, "device-repairs", NULL);
	return bm_http_items(r, arr, -1);
}

/* POST /devices {number, kind, level, holder, …} (DEV-1) */
int bm_h_devices_create(bm_http_req *r)
{
	bm_device_input in;
	const char *carrier = NULL;
	bm_device *d;
	int rc;
	memset(&in, 0, sizeof(in));
	{
		const bm_http_field fields[] = {
		        {"number", BM_F_STRING, true, &in.number},
		        {"kind", BM_F_STRING, true, &in.kind},
		        {"level", BM_F_STRING, true, &in.level},
		        {"holder", BM_F_REF, false, &in.holder},
		        {"model", BM_F_STRING, false, &in.model},
		        {"serial", BM_F_STRING, false, &in.serial},
		        {"operator", BM_F_REF, false, &in.operator_},
		        {"place", BM_F_STRING, false, &in.place},
		        {"encrypted", BM_F_BOOL, false, &in.encrypted},
		        {"password_changed_on", BM_F_STRING, false, &in.password_changed_on},
		        {"carrier_id", BM_F_REF, false, &carrier},
		        {"note", BM_F_STRING, false, &in.note},
		};
		if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
			return rc;
	}
	if ((carrier && (rc = bm_http_carrier_id(carrier, "carrier_id", &in.carrier_id)) != 0) ||
	    (rc = bm_svc_device_register(r->ctx, &in, &d)) != 0)
		return rc;
	return device_reply(r, 201, d->id);
}

int bm_h_devices_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return device_reply(r, 200, id);
}

/* POST /devices/{id}/level {level, reason} (DEV-2: only raised) */
int bm_h_devices_level(bm_http_req *r)
{
	const char *level, *reason;
	const bm_http_field fields[] = {
	        {"level", BM_F_STRING, true, &level},
	        {"reason", BM_F_STRING, false, &reason},
	};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_device_level(r->ctx, id, level, reason)) != 0)
		return rc;
	return device_reply(r, 200, id);
}

/* POST /devices/{id}/assign {holder, place, operator} (KEEP-2) */
int bm_h_devices_assign(bm_http_req *r)
{
	const char *holder, *place, *op;
	const bm_http_field fields[] = {
	        {"holder", BM_F_REF, false, &holder},
	        {"place", BM_F_STRING, false, &place},
	        {"operator", BM_F_REF, false, &op},
	};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_device_assign(r->ctx, id, holder, place, op)) != 0)
		return rc;
	return device_reply(r, 200, id);
}

/* POST /devices/{id}/repairs {supervisor, technician, company, storage, on_site, fault, date} */
int bm_h_devices_repair(bm_http_req *r)
{
	bm_device_repair_input in;
	bool off_site = false;
	int64_t id;
	int rc;
	memset(&in, 0, sizeof(in));
	in.on_site = true;
	{
		const bm_http_field fields[] = {
		        {"supervisor", BM_F_STRING, false, &in.supervisor},
		        {"technician", BM_F_STRING, false, &in.technician},
		        {"company", BM_F_STRING, false, &in.company},
		        {"storage", BM_F_STRING, false, &in.storage},
		        {"off_site", BM_F_BOOL, false, &off_site},
		        {"fault", BM_F_STRING, false, &in.fault},
		        {"date", BM_F_STRING, false, &in.on},
		};
		if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
		    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
			return rc;
	}
	in.on_site = !off_site;
	if ((rc = bm_svc_device_repair(r->ctx, id, &in)) != 0)
		return rc;
	return device_reply(r, 200, id);
}

/*
 * POST /devices/{id}/repairs/end {checked_by, checked_by_password |
 * checked_by_on_paper, result, date} (DEV-5: the repair's end; REG-1: the
 * 验收人 confirms themselves, a typed `checked_by_signature` is refused)
 */
int bm_h_devices_repair_end(bm_http_req *r)
{
	bm_device_repair_end_input in;
	int64_t id;
	int rc;
	memset(&in, 0, sizeof(in));
	{
		const bm_http_field fields[] = {
		        {"checked_by", BM_F_REF, false, &in.checked_by},
		        {"checked_by_password", BM_F_STRING, false, &in.receipt.password},
		        {"checked_by_on_paper", BM_F_BOOL, false, &in.receipt.paper},
		        {"checked_by_signature", BM_F_STRING, false, &in.receipt.typed},
		        {"result", BM_F_STRING, false, &in.result},
		        {"date", BM_F_STRING, false, &in.on},
		};
		if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
		    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
			return rc;
	}
	if ((rc = bm_svc_device_repair_end(r->ctx, id, &in)) != 0)
		return rc;
	return device_reply(r, 200, id);
}

/* A step on device {id} whose one optional field is {date}; answers the device. */
static int dated_step(bm_http_req *r, int (*step)(bm_ctx *, int64_t, const char *))
{
	const char *date;
	const bm_http_field fields[] = {{"date", BM_F_STRING, false, &date}};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = step(r->ctx, id, date)) != 0)
		return rc;
	return device_reply(r, 200, id);
}

/* POST /devices/{id}/password {date} (DEV-3) */
int bm_h_devices_password(bm_http_req *r)
{
	return dated_step(r, bm_svc_device_password);
}

/* POST /devices/{id}/label/affixed {date} (DEV-1: the printed label is on the device) */
int bm_h_devices_label_affixed(bm_http_req *r)
{
	return dated_step(r, bm_svc_device_label_affixed);
}

/*
 * POST /devices/{id}/scrap {request_id, witnesses: [{person, password |
 * on_paper}], method} (DEV-6; each witness confirms as a destruction's,
 * DESTROY-2 with REG-1)
 */
int bm_h_devices_scrap(bm_http_req *r)
{
	const char *request, *method;
	const bm_http_field fields[] = {
	        {"request_id", BM_F_REF, true, &request},
	        {"method", BM_F_STRING, false, &method},
	};
	json_t *wit = bm_http_take(r, "witnesses");
	const char **witnesses;
	bm_svc_receipt *receipts;
	size_t n_witnesses;
	int64_t id, request_id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_http_text_id(request, "request_id", &request_id)) != 0 ||
	    (rc = bm_http_witness_list(r, wit, &witnesses, &receipts, &n_witnesses)) != 0 ||
	    (rc = bm_svc_device_scrap(r->ctx, id, request_id, witnesses, receipts, n_witnesses,
	                              method)) != 0)
		goto done;
	rc = device_reply(r, 200, id);
done:
	json_decref(wit);
	return rc;
}
