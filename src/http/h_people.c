/*
 * h_people.c — the HTTP routes of the register of cleared people and of
 * training (issue 10 points 1-2): /api/v1/people/... and /api/v1/trainings.
 * Thin: the fields in, the use case (service/people.h), the record out.
 */
#include "common.h"

#include <stdlib.h>

#include "http/http_int.h"
#include "service/people.h"

static int view_reply(bm_http_req *r, int status, const char *person)
{
	bm_person_view *v = NULL;
	int rc = bm_svc_person_view(r->ctx, person, &v);
	return rc ? rc : bm_http_reply(r, status, bm_person_view_to_json(v));
}

/* GET /people/register?stage=&class=&department=&q=&format=json|csv|xlsx (PERSON-1) */
int bm_h_people_register(bm_http_req *r)
{
	static const char *const names[] = {"stage", "class", "department", "q", "format"};
	const char *v[5] = {NULL};
	bm_people_query q = {0};
	bm_person_view *views = NULL;
	size_t n = 0;
	json_t *arr;
	bm_sheet_format format;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 5, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[4], &json, &format)) != 0)
		return rc;
	q.stage = v[0];
	q.class_code = v[1];
	q.department = v[2];
	q.q = v[3];
	if ((rc = bm_svc_people_list(r->ctx, &q, &views, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_person_view_to_json(&views[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "people", NULL);
	return bm_http_reply(r, 200, json_pack("{s:o}", "items", arr));
}

/* GET /people/roster?format=json|csv|xlsx (PERSON-5) */
int bm_h_people_roster(bm_http_req *r)
{
	static const char *const names[] = {"format"};
	const char *format = NULL;
	bm_people_query q = {.roster = true};
	bm_person_view *views = NULL;
	size_t n = 0;
	json_t *arr;
	bm_sheet_format sheet;
	bool json;
	int rc;
	if ((rc = bm_http_query(r, names, 1, &format)) != 0 ||
	    (rc = bm_http_sheet_format(format, &json, &sheet)) != 0)
		return rc;
	if (!json) {
		bm_buf b;
		bm_buf_init(&b, 16u << 20);
		if ((rc = bm_svc_people_roster_sheet(r->ctx, sheet, &b)) == 0)
			rc = bm_http_attachment(r, &b, sheet, "baomi-roster");
		bm_buf_release(&b);
		return rc;
	}
	if ((rc = bm_svc_people_list(r->ctx, &q, &views, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_person_view_to_json(&views[i]));
	return bm_http_reply(r, 200, json_pack("{s:o}", "items", arr));
}

/* GET /people/{id}/record: the register's record with history */
int bm_h_people_record(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return view_reply(r, 200, r->params[0]);
}

/* The dated steps: POST /people/{id}/{vet,commit,clear,statement,exit-commit,leave} */
typedef enum step_kind { VET, COMMIT, CLEAR, STATEMENT, EXIT_COMMIT, LEAVE } step_kind;

static int step(bm_http_req *r, step_kind kind)
{
	const char *on = NULL, *result = NULL, *note = NULL, *cls = NULL;
	bool moving = false;
	const bm_http_field fields[] = {
	        {"on", BM_F_STRING, true, &on},
	        {"result", BM_F_STRING, kind == VET, &result},
	        {"note", BM_F_STRING, false, &note},
	        {"class", BM_F_STRING, kind == CLEAR, &cls},
	        {"moving", BM_F_BOOL, false, &moving},
	};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0)
		return rc;
	switch (kind) {
	case VET: rc = bm_svc_person_vet(r->ctx, r->params[0], on, result, note); break;
	case COMMIT: rc = bm_svc_person_commit(r->ctx, r->params[0], on); break;
	case CLEAR: rc = bm_svc_person_clear(r->ctx, r->params[0], cls, on); break;
	case STATEMENT: rc = bm_svc_person_statement(r->ctx, r->params[0], on); break;
	case EXIT_COMMIT: rc = bm_svc_person_exit_commit(r->ctx, r->params[0], on); break;
	default: rc = bm_svc_person_leave(r->ctx, r->params[0], on, moving, NULL); break;
	}
	return rc ? rc : view_reply(r, 200, r->params[0]);
}

int bm_h_people_vet(bm_http_req *r)
{
	return step(r, VET);
}

int bm_h_people_commit(bm_http_req *r)
{
	return step(r, COMMIT);
}

int bm_h_people_clear(bm_http_req *r)
{
	return step(r, CLEAR);
}

int bm_h_people_statement(bm_http_req *r)
{
	return step(r, STATEMENT);
}

int bm_h_people_exit_commit(bm_http_req *r)
{
	return step(r, EXIT_COMMIT);
}

int bm_h_people_leave(bm_http_req *r)
{
	return step(r, LEAVE);
}

/* POST /people/{id}/post {post} */
int bm_h_people_post(bm_http_req *r)
{
	const char *post = NULL;
	const bm_http_field fields[] = {{"post", BM_F_STRING, true, &post}};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_post(r->ctx, r->params[0], post)) != 0)
		return rc;
	return view_reply(r, 200, r->params[0]);
}

/* POST /people/{id}/trips (PERSON-8) */
int bm_h_people_trip(bm_http_req *r)
{
	bm_trip_input in = {0};
	const bm_http_field fields[] = {
	        {"destination", BM_F_STRING, true, &in.destination},
	        {"purpose", BM_F_STRING, false, &in.purpose},
	        {"depart_on", BM_F_STRING, true, &in.depart_on},
	        {"return_on", BM_F_STRING, true, &in.return_on},
	        {"briefed_on", BM_F_STRING, false, &in.briefed_on},
	};
	bm_person_trip *t = NULL;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_trip(r->ctx, r->params[0], &in, &t)) != 0)
		return rc;
	return bm_http_reply(r, 201, bm_trip_to_json(t));
}

/* POST /people/trips/{id}/report {on, note} (PERSON-8) */
int bm_h_people_trip_report(bm_http_req *r)
{
	const char *on = NULL, *note = NULL;
	const bm_http_field fields[] = {
	        {"on", BM_F_STRING, true, &on},
	        {"note", BM_F_STRING, false, &note},
	};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_trip_report(r->ctx, id, on, note)) != 0)
		return rc;
	return bm_http_reply(r, 200,
	                     json_pack("{s:I,s:s}", "id", (json_int_t)id, "reported_on", on));
}

/* GET /people/trips?status=pending (PERSON-8): the trips waiting for the caller's approval */
int bm_h_people_trips_list(bm_http_req *r)
{
	static const char *const names[] = {"status"};
	const char *status = NULL;
	bm_person_trip *trips = NULL;
	bm_class *classes = NULL;
	size_t n = 0;
	json_t *arr;
	int rc;
	if ((rc = bm_http_query(r, names, 1, &status)) != 0)
		return rc;
	if (status && strcmp(status, "pending") != 0)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL,
		                    "参数 status 的值无效：'%s'（pending）",
		                    "invalid value for parameter status: '%s' (pending)", status);
	if ((rc = bm_svc_person_trips_pending(r->ctx, &trips, &classes, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++) {
		json_t *o = bm_trip_to_json(&trips[i]);
		json_object_set_new(o, "person_class",
		                    classes[i] == BM_CLASS_NONE
		                            ? json_null()
		                            : json_string(bm_class_names[classes[i]].code));
		json_array_append_new(arr, o);
	}
	return bm_http_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)n));
}

/*
 * GET /people/trips/register?person=&department=&from=&to=&status=&format=json|csv|xlsx
 * (PERSON-8, issue 15 point 2): the register of trips abroad, every trip with
 * its state; csv/xlsx the 涉密人员出国（境）登记表, the filter in the title row.
 */
int bm_h_people_trips_register(bm_http_req *r)
{
	static const char *const names[] = {"person", "department", "from",
	                                    "to",     "status",     "format"};
	const char *v[6] = {NULL};
	bm_trip_query q = {0};
	bm_trip_row *rows = NULL;
	size_t n = 0;
	bm_sheet_format format;
	bool json;
	json_t *arr;
	int rc;
	if ((rc = bm_http_query(r, names, 6, v)) != 0 ||
	    (rc = bm_http_sheet_format(v[5], &json, &format)) != 0)
		return rc;
	q.person = v[0];
	q.department = v[1];
	q.from = v[2];
	q.to = v[3];
	q.status = v[4];
	if ((rc = bm_svc_person_trips_register(r->ctx, &q, &rows, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_trip_row_to_json(&rows[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "trips",
		                          bm_svc_trip_query_words(r->ctx, &q));
	return bm_http_reply(r, 200, json_pack("{s:o,s:I}", "items", arr, "total", (json_int_t)n));
}

/* POST /people/trips/{id}/approve (PERSON-8): the next approval of the class's chain */
int bm_h_people_trip_approve(bm_http_req *r)
{
	bm_person_trip *t = NULL;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_fields(r, NULL, 0)) != 0 ||
	    (rc = bm_svc_person_trip_approve(r->ctx, id, &t)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_trip_to_json(t));
}

/* POST /people/trips/{id}/depart {on} (PERSON-8): only once approved */
int bm_h_people_trip_depart(bm_http_req *r)
{
	const char *on = NULL;
	const bm_http_field fields[] = {
	        {"on", BM_F_STRING, true, &on},
	};
	bm_person_trip *t = NULL;
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_person_trip_depart(r->ctx, id, on, &t)) != 0)
		return rc;
	return bm_http_reply(r, 200, bm_trip_to_json(t));
}

/* ---- trainings (PERSON-6) ---- */

static int training_reply(bm_http_req *r, int status, int64_t id)
{
	bm_training *t = NULL;
	int rc = bm_svc_training_get(r->ctx, id, &t);
	return rc ? rc : bm_http_reply(r, status, bm_training_to_json(t));
}

/* ?year= (and ?format= where `format` is given: the list's export) */
static int year_param(bm_http_req *r, int *year, const char **format)
{
	static const char *const names[] = {"year", "format"};
	const char *q[2] = {NULL, NULL}, *v;
	char *end = NULL;
	long y;
	int rc = bm_http_query(r, names, format ? 2 : 1, q);
	*year = 0;
	if (format)
		*format = q[1];
	v = q[0];
	if (rc != 0 || !v)
		return rc;
	y = strtol(v, &end, 10);
	if (!*v || *end || y < 1900 || y > 9999)
		return bm_error_set(BM_EINVALID, "invalid_parameter", NULL, "参数 year 无效：'%s'",
		                    "invalid value for parameter year: '%s'", v);
	*year = (int)y;
	return 0;
}

/* POST /trainings {held_on, topic, hours, trainer} */
int bm_h_trainings_create(bm_http_req *r)
{
	bm_training_input in = {0};
	const bm_http_field fields[] = {
	        {"held_on", BM_F_STRING, true, &in.held_on},
	        {"topic", BM_F_STRING, true, &in.topic},
	        {"hours", BM_F_STRING, true, &in.hours},
	        {"trainer", BM_F_STRING, true, &in.trainer},
	};
	bm_training *t = NULL;
	int rc;
	if ((rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_training_add(r->ctx, &in, &t)) != 0)
		return rc;
	return training_reply(r, 201, t->id);
}

/* GET /trainings?year= */
int bm_h_trainings_list(bm_http_req *r)
{
	bm_training *t = NULL;
	size_t n = 0;
	json_t *arr;
	const char *fmt;
	bm_sheet_format format;
	bool json;
	int year, rc;
	if ((rc = year_param(r, &year, &fmt)) != 0 ||
	    (rc = bm_http_sheet_format(fmt, &json, &format)) != 0 ||
	    (rc = bm_svc_training_list(r->ctx, year, &t, &n)) != 0)
		return rc;
	arr = json_array();
	for (size_t i = 0; i < n; i++)
		json_array_append_new(arr, bm_training_to_json(&t[i]));
	if (!json)
		return bm_http_list_sheet(r, arr, format, "trainings",
		                          year ? bm_arena_printf(r->arena, "%d 年度", year) : NULL);
	return bm_http_reply(r, 200, json_pack("{s:o}", "items", arr));
}

/*
 * GET /trainings/summary?year=&format=json|csv|xlsx; csv/xlsx the
 * 保密教育培训学时统计表 of the same people, the year's required hours and how
 * many fall short in the title row (PERSON-6, issue 15 point 2).
 */
int bm_h_trainings_summary(bm_http_req *r)
{
	bm_training_summary s;
	const char *fmt;
	bm_sheet_format format;
	bool json;
	json_t *o, *people;
	int year, rc;
	if ((rc = year_param(r, &year, &fmt)) != 0 ||
	    (rc = bm_http_sheet_format(fmt, &json, &format)) != 0 ||
	    (rc = bm_svc_training_summary(r->ctx, year, &s)) != 0)
		return rc;
	o = bm_training_summary_to_json(&s);
	if (json)
		return bm_http_reply(r, 200, o);
	people = json_incref(json_object_get(o, "people"));
	json_decref(o);
	return bm_http_list_sheet(
	        r, people, format, "training-hours",
	        bm_arena_printf(r->arena, "%d 年度，应修 %d.%d 学时，学时不足 %d 人", s.year,
	                        s.required_tenths / 10, s.required_tenths % 10, s.short_people));
}

/* GET /trainings/{id} */
int bm_h_trainings_show(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_query(r, NULL, 0, NULL)) != 0)
		return rc;
	return training_reply(r, 200, id);
}

/* POST /trainings/{id}/attend {person} */
int bm_h_trainings_attend(bm_http_req *r)
{
	const char *person = NULL;
	const bm_http_field fields[] = {{"person", BM_F_REF, true, &person}};
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 ||
	    (rc = bm_http_fields(r, fields, BM_ARRAY_LEN(fields))) != 0 ||
	    (rc = bm_svc_training_attend(r->ctx, id, person)) != 0)
		return rc;
	return training_reply(r, 200, id);
}

/* POST /trainings/{id}/sign */
int bm_h_trainings_sign(bm_http_req *r)
{
	int64_t id;
	int rc;
	if ((rc = bm_http_param_id(r, 0, &id)) != 0 || (rc = bm_http_fields(r, NULL, 0)) != 0 ||
	    (rc = bm_svc_training_sign(r->ctx, id)) != 0)
		return rc;
	return training_reply(r, 200, id);
}
