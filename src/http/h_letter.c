/*
 * h_letter.c — personal letters (领导亲启, REG-3) over HTTP: the clerk logs
 * the sealed envelope, the addressee alone records its opening, and the
 * clerk and the addressee read them. Every rule is service/letter.c's
 * (refusals carry REG-3, administrators SYS-1); a letter the caller may not
 * see is a 404 like a missing one. The contents are registered through
 * POST /api/v1/carriers with "letter" (h_carrier.c).
 */
#include "common.h"

#include "http/http_wf.h"
#include "service/letter.h"

/* The answer for an id that is not one: the same as a letter that does not exist. */
static int letter_id(bm_http_req *r, int64_t *out)
{
	if (bm_http_param_id(r, 0, out) == 0)
		return 0;
	return bm_error_set(BM_ENOTFOUND, "unknown_letter", NULL, "信件 %s 不存在",
	                    "letter %s does not exist", "?");
}

/* POST /letters {sender, addressee, received_on, note} (REG-3, clerk) */
int bm_h_letters_create(bm_http_req *r)
{
	bm_letter_input in = {0};
	const bm_http_field fields[] = {
	        {"sender", BM_F_STRING, false, &in.sender},
	        {"addressee", BM_F_REF, false, &in.addressee},
	        {"received_on", BM_F_STRING, false, &in.received_on},
	        {"note", BM_F_STRING, false, &in.note},
	};
	bm_letter_row *l;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_letter_log(r->ctx, &in, &l)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_letter_to_json(l));
}

/*
 * GET /letters?status=&format=json|csv|xlsx : the clerk's every letter, an
 * addressee's own; csv/xlsx the 领导亲启信件登记簿 of the same rows (issue 15).
 */
int bm_h_letters_list(bm_http_req *r)
{
	static const char *const names[] = {"status", "format"};
	const char *v[2];
	bm_letter_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 2, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[1], &json, &format)) != 0 ||
	    (rc = bm_svc_letter_list(r->ctx, v[0], &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_letter_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "letters", NULL);
	return bm_http_items(r, arr, -1);
}

/* GET /letters/{id} */
int bm_h_letters_show(bm_http_req *r)
{
	bm_letter_row *l;
	int64_t id;
	int rc;
	if ((rc = letter_id(r, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0 ||
	    (rc = bm_svc_letter_show(r->ctx, id, &l)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_letter_to_json(l));
}

/* POST /letters/{id}/open {classified, note} (REG-3: the addressee only) */
int bm_h_letters_open(bm_http_req *r)
{
	bool classified;
	const char *note;
	const bm_http_field fields[] = {
	        {"classified", BM_F_BOOL, true, &classified},
	        {"note", BM_F_STRING, false, &note},
	};
	bm_letter_row *l;
	int64_t id;
	int rc;
	if ((rc = letter_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_letter_open(r->ctx, id, classified, note, &l)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_letter_to_json(l));
}
