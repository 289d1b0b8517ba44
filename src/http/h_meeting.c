/*
 * h_meeting.c — classified meetings (涉密会议, MEET-1, MEET-2) over HTTP:
 * the meetings, their participants, measures, opening and closing, the
 * documents issued against signature and taken back. Every rule is
 * service/meeting.c's (refusals carry MEET-1, MEET-2, PERSON-*, BORROW-4;
 * administrators SYS-1); a meeting of another unit, or one the reader
 * neither keeps nor attends, is a 404 like a missing one.
 */
#include "common.h"

#include "http/http_wf.h"
#include "service/meeting.h"

static int meeting_id(bm_http_req *r, int64_t *out)
{
	if (bm_http_param_id(r, 0, out) == 0)
		return 0;
	return bm_error_set(BM_ENOTFOUND, "unknown_meeting", NULL, "会议 %s 不存在",
	                    "meeting %s does not exist", "?");
}

/* The fields of a meeting, as POST /meetings and POST /meetings/{id}/edit take them. */
static int meeting_fields(bm_http_req *r, bm_meeting_input *in)
{
	const bm_http_field fields[] = {
	        {"title", BM_F_STRING, false, &in->title},
	        {"level", BM_F_STRING, false, &in->level},
	        {"site", BM_F_REF, false, &in->site},
	        {"room", BM_F_STRING, false, &in->room},
	        {"starts_at", BM_F_STRING, false, &in->starts_at},
	        {"ends_at", BM_F_STRING, false, &in->ends_at},
	        {"organiser", BM_F_REF, false, &in->organiser},
	        {"note", BM_F_STRING, false, &in->note},
	};
	return bm_http_fields(r, fields, BM_ARRAY_LEN(fields));
}

/* The whole record after a change. */
static int reply_record(bm_http_req *r, int status, int64_t id)
{
	bm_meeting_record rec;
	int rc;
	if ((rc = bm_svc_meeting_show(r->ctx, id, &rec)) != 0)
		return rc;
	return bm_http_reply(r, status, bm_meeting_record_to_json(&rec));
}

/* POST /meetings (clerk, MEET-1) */
int bm_h_meetings_create(bm_http_req *r)
{
	bm_meeting_input in = {0};
	bm_meeting_row *m;
	int rc;
	if ((rc = meeting_fields(r, &in)) != 0 || (rc = bm_svc_meeting_add(r->ctx, &in, &m)) != 0)
		return rc;
	return reply_record(r, 201, m->id);
}

/* GET /meetings?status=&level=&from=&to=&out=1&q= */
int bm_h_meetings_list(bm_http_req *r)
{
	static const char *const names[] = {"status", "level", "from", "to", "out", "q", "format"};
	const char *v[7];
	bm_meeting_query q = {0};
	bm_meeting_row *rows;
	size_t n;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 7, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[6], &json, &format)) != 0)
		return rc;
	q.status = v[0];
	q.level = v[1];
	q.from = v[2];
	q.to = v[3];
	q.out_only = v[4] && *v[4] && strcmp(v[4], "0") != 0;
	q.q = v[5];
	if ((rc = bm_svc_meeting_list(r->ctx, &q, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_meeting_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "meetings",
		                          q.from || q.to ? bm_arena_printf(r->arena, "%s 至 %s",
		                                                           q.from ? q.from : "…",
		                                                           q.to ? q.to : "…")
		                                         : NULL);
	return bm_http_items(r, arr, -1);
}

/* GET /meetings/{id}: the meeting with its participants, documents and history. */
int bm_h_meetings_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/* POST /meetings/{id}/edit: the fields given change. */
int bm_h_meetings_edit(bm_http_req *r)
{
	bm_meeting_input in = {0};
	bm_meeting_row *m;
	int64_t id;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 || (rc = meeting_fields(r, &in)) != 0 ||
	    (rc = bm_svc_meeting_edit(r->ctx, id, &in, &m)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/* POST /meetings/{id}/participants and /participants/remove {person} */
static int participant(bm_http_req *r, bool add)
{
	const char *person = NULL;
	const bm_http_field fields[] = {{"person", BM_F_REF, false, &person}};
	int64_t id;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 || (rc = bm_http_fields(r, fields, 1)) != 0 ||
	    (rc = bm_svc_meeting_participant(r->ctx, id, person, add)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

int bm_h_meetings_participant_add(bm_http_req *r)
{
	return participant(r, true);
}

int bm_h_meetings_participant_remove(bm_http_req *r)
{
	return participant(r, false);
}

/* POST /meetings/{id}/measures {no_wireless, phones_collected, room_checked}: booleans given */
int bm_h_meetings_measures(bm_http_req *r)
{
	bool w = false, p = false, c = false;
	const bm_http_field fields[] = {
	        {"no_wireless", BM_F_BOOL, false, &w},
	        {"phones_collected", BM_F_BOOL, false, &p},
	        {"room_checked", BM_F_BOOL, false, &c},
	};
	bm_meeting_row *m;
	int64_t id;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
#define GIVEN(key, v) (r->body && json_object_get(r->body, key) ? ((v) ? "yes" : "no") : NULL)
	if ((rc = bm_svc_meeting_measures(r->ctx, id, GIVEN("no_wireless", w),
	                                  GIVEN("phones_collected", p), GIVEN("room_checked", c),
	                                  &m)) != 0)
		return rc;
#undef GIVEN
	return reply_record(r, 200, id);
}

/* POST /meetings/{id}/open (MEET-1) */
int bm_h_meetings_open(bm_http_req *r)
{
	bm_meeting_row *m;
	int64_t id;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 || (rc = bm_http_fields(r, NULL, 0)) != 0 ||
	    (rc = bm_svc_meeting_open(r->ctx, id, &m)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/* POST /meetings/{id}/close */
int bm_h_meetings_close(bm_http_req *r)
{
	bm_meeting_row *m;
	int64_t id;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 || (rc = bm_http_fields(r, NULL, 0)) != 0 ||
	    (rc = bm_svc_meeting_close(r->ctx, id, &m)) != 0)
		return rc;
	return reply_record(r, 200, id);
}

/*
 * POST /meetings/{id}/documents {carrier_id, holder, holder_password |
 * signed_on_paper} (MEET-2, REG-1: the participant confirms; a typed
 * `signature` is refused).
 */
int bm_h_meetings_issue(bm_http_req *r)
{
	const char *carrier = NULL, *holder = NULL;
	bm_svc_receipt receipt = {0};
	const bm_http_field fields[] = {
	        {"carrier_id", BM_F_REF, true, &carrier},
	        {"holder", BM_F_REF, false, &holder},
	        {"holder_password", BM_F_STRING, false, &receipt.password},
	        {"signed_on_paper", BM_F_BOOL, false, &receipt.paper},
	        {"signature", BM_F_STRING, false, &receipt.typed},
	};
	bm_meeting_document_row *d = NULL;
	int64_t id, carrier_id = 0;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	if ((rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0)
		return rc;
	if ((rc = bm_svc_meeting_issue(r->ctx, id, carrier_id, holder, &receipt, &d)) != 0)
		return rc;
	return reply_record(r, 201, id);
}

/* POST /meetings/{id}/returns {carrier_id, note} (MEET-2) */
int bm_h_meetings_return(bm_http_req *r)
{
	const char *carrier = NULL, *note = NULL;
	const bm_http_field fields[] = {
	        {"carrier_id", BM_F_REF, true, &carrier},
	        {"note", BM_F_STRING, false, &note},
	};
	int64_t id, carrier_id = 0;
	int rc;
	if ((rc = meeting_id(r, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	if ((rc = bm_http_carrier_id(carrier, "carrier_id", &carrier_id)) != 0)
		return rc;
	if ((rc = bm_svc_meeting_return(r->ctx, id, carrier_id, note)) != 0)
		return rc;
	return reply_record(r, 200, id);
}
