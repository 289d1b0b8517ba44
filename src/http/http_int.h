/*
 * http_int.h — what the files of src/http share: the request a handler
 * sees, the route table's shape, the JSON codec with its limits, and the
 * handlers. Nothing outside src/http (and its unit tests) includes it.
 *
 * Adding a route: one line in router.c's table plus a small handler
 * `int h_<thing>(bm_http_req *r)` that reads r->params / r->body / the
 * query, calls one service, and puts the result in r->out (or returns the
 * service's error code; the server renders bm_error_last()).
 */
#ifndef BM_HTTP_INT_H
#define BM_HTTP_INT_H

#include <jansson.h>

#include "http/http.h"
#include "service/service.h"

#define BM_HTTP_MAX_BODY    (1024u * 1024u)      /* request body cap (413 beyond) */
#define BM_HTTP_MAX_UPLOAD  (4u * 1024u * 1024u) /* an upload route's body cap (413 beyond) */
#define BM_HTTP_MAX_DEPTH   16                   /* JSON nesting cap (400 beyond) */
#define BM_HTTP_MAX_PARAMS  4                    /* {placeholders} in one pattern */
#define BM_HTTP_MAX_URL     8192                 /* request target in bytes (414 beyond) */
#define BM_HTTP_MAX_QUERY   64                   /* query parameters (400 beyond) */
#define BM_HTTP_MAX_VALUE   1000                 /* characters of one query value (400 beyond) */
#define BM_HTTP_MAX_TEXT    4000                 /* characters of one body string (400 beyond) */
#define BM_HTTP_COOKIE      "baomi_session"
#define BM_HTTP_CSRF_HEADER "X-Requested-With"
#define BM_HTTP_CSRF_VALUE  "baomi"
/*
 * SYS-4: a read the page makes on its own (a badge's poll, the check of when
 * the session ends) carries this header with the value "1" and does not
 * count as the person's activity: the idle clock is not reset by it.
 */
#define BM_HTTP_BACKGROUND_HEADER "X-Baomi-Background"

/* Who may call a route. */
typedef enum bm_http_auth {
	BM_HTTP_PUBLIC,      /* no session (health, login) */
	BM_HTTP_SESSION,     /* a session whose password is current (SYS-4) */
	BM_HTTP_SESSION_ANY, /* any session, also one that must change its password first */
} bm_http_auth;

typedef struct bm_http_req bm_http_req;

/*
 * Where the server's check of every page of the database stands: it runs
 * beside the requests from the start (bm_svc_integrity), so that the
 * start-up does not grow with the file. DAMAGED: the check found damage,
 * or a request met it since (SYS-3, server.c integrity_met); every route
 * but /health answers 503 "database_corrupt" from then on. UNCHECKED: the
 * check could not run (its reason is logged and shown on /health); the
 * server serves.
 */
typedef enum bm_http_integrity {
	BM_HTTP_INTEGRITY_CHECKING,
	BM_HTTP_INTEGRITY_OK,
	BM_HTTP_INTEGRITY_DAMAGED,
	BM_HTTP_INTEGRITY_UNCHECKED,
} bm_http_integrity;
typedef int (*bm_http_handler)(bm_http_req *r);

typedef struct bm_http_route {
	const char *method;  /* "GET", "POST", "DELETE" */
	const char *pattern; /* "/api/v1/carriers/{id}" */
	bm_http_handler handler;
	bm_http_auth auth;
} bm_http_route;

/*
 * Whether the route's body is a file's bytes (an upload: a ledger to
 * import), any Content-Type, up to BM_HTTP_MAX_UPLOAD, which the handler
 * reads from r->upload; every other route's body is a JSON object (r->body).
 */
bool bm_http_route_upload(const bm_http_route *route);

/*
 * One request as a handler sees it. Everything lives until the request
 * ends: strings in `arena`, `body` owned by the server.
 */
struct bm_http_req {
	void *conn; /* struct MHD_Connection *, NULL in unit tests */
	const char *method;
	const char *path;
	const char *params[BM_HTTP_MAX_PARAMS]; /* the {placeholders}, in order */
	size_t n_params;
	json_t *body;       /* the request's JSON object; NULL when it had no body */
	const char *upload; /* an upload route's body (bm_http_route_upload), owned by the server */
	size_t upload_len;
	bm_arena *arena;
	bm_ctx *ctx;
	bm_session_info session; /* the caller's session (routes other than public) */
	bool secure;             /* over TLS (--tls-cert): cookies carry `Secure` */
	/* The server's integrity check of the database file (server.c), for /health. */
	bm_http_integrity integrity;
	const char *integrity_detail; /* SQLite's findings, or why the check did not run */

	/* The response, set by the handler. */
	int status;  /* 0 = 200 */
	json_t *out; /* JSON body (owned; the server frees it) */
	char *raw;   /* or a raw body from malloc (the server frees it) */
	size_t raw_len;
	const char *raw_type;            /* its Content-Type */
	const char *set_cookie;          /* Set-Cookie value, arena */
	const char *content_disposition; /* for downloads, arena */
	/*
	 * Or a body written after the handler returns (raw_type and
	 * content_disposition still apply): the server calls `stream` whenever the
	 * connection can take more, with a store handle borrowed from its pool for
	 * that call only, and `stream_free` once the response is done. `stream`
	 * fills up to `max` bytes of `buf` and returns how many, 0 at the end, or
	 * -1 to break the connection off (the status is already sent).
	 */
	long (*stream)(void *cls, bm_store *store, char *buf, size_t max);
	void (*stream_free)(void *cls);
	void *stream_cls;
};

/* ---- router.c ------------------------------------------------------------------ */

typedef enum bm_route_match {
	BM_ROUTE_FOUND,
	BM_ROUTE_NO_PATH,    /* 404 */
	BM_ROUTE_BAD_METHOD, /* 405; `allow` lists the methods the path has */
} bm_route_match;

/*
 * Finds the route for `method` and `path` in `table`. A literal segment
 * beats a {placeholder} ("/carriers/made" before "/carriers/{id}"); HEAD
 * matches GET. On BM_ROUTE_FOUND `*route` and the placeholders (copied into
 * `a`; at most BM_HTTP_MAX_PARAMS) are set. `allow` (may be NULL) receives
 * "GET, POST" for the path's methods.
 */
bm_route_match bm_http_match(const bm_http_route *table, size_t n, const char *method,
                             const char *path, bm_arena *a, const bm_http_route **route,
                             const char **params, size_t *n_params, char *allow, size_t allow_size);

/*
 * Matches `path` against one `pattern` segment by segment: the number of
 * placeholders matched, or -1; each value as a (start, length) pair in
 * `spans`. bm_http_match runs it on the routes that may fit.
 */
int bm_http_match_pattern(const char *pattern, const char *path, size_t spans[][2]);

/* The API's route table (static). */
const bm_http_route *bm_http_routes(size_t *count);

/* ---- json.c: the request codec ---------------------------------------------- */

/*
 * Checks, before parsing, that JSON text nests at most `max_depth` arrays
 * and objects (strings and escapes are skipped). True when within.
 */
bool bm_http_json_depth_ok(const char *text, size_t len, int max_depth);

/* Nesting depth of a parsed value (a scalar is 0, {} is 1). */
int bm_http_json_depth(const json_t *v);

/*
 * Parses a request body: at most `max` bytes (BM_ETOOLARGE), at most
 * BM_HTTP_MAX_DEPTH deep, duplicate keys refused, a JSON object at the top
 * (BM_EINVALID, code "malformed_json" / "too_deep" / "body_not_object").
 * `*out` is a new reference for the caller.
 */
int bm_http_parse_body(const char *text, size_t len, size_t max, json_t **out);

/*
 * The compact text of an answer: byte for byte what json_dumps(v, JSON_COMPACT)
 * writes (keys in insertion order, the same escapes), without its per-piece
 * callbacks and formatted integers, which were a quarter of a /me request's
 * own CPU. A value holding a real number is written by jansson itself. Sets
 * `*len`; the text is malloc'd and belongs to the caller (free()); NULL where
 * json_dumps gives NULL (out of memory, text that is not UTF-8, a scalar).
 */
char *bm_http_json_text(const json_t *v, size_t *len);

/*
 * True when `text` is a JSON object in the canonical subset: what
 * json_dumps(JSON_COMPACT) writes (no blank outside strings, only the
 * writer's own escapes, valid UTF-8, integers without fraction or exponent
 * within int64, no key twice, at most 32 levels and 64 keys an object), so
 * that json_loads(text, 0) and writing it back gives the same bytes.
 */
bool bm_http_json_canonical(const char *text);

/*
 * A stored JSON text (an event's detail) as a value for an answer, the way
 * json_loads(text, 0) reads it, or {} where that fails (NULL text, invalid
 * JSON). A canonical text (bm_http_json_canonical) is not parsed: the value
 * is a node that bm_http_json_text writes as the text itself, byte for byte
 * what the parsed value would write, without json_loads and the objects it
 * builds (issue 17 point 4: half of a carrier read's JSON). Such a node is
 * only for bm_http_json_text: jansson's own writers see an object with one
 * odd key. New reference, NULL when out of memory.
 */
json_t *bm_http_json_stored(const char *text);

typedef enum bm_http_field_type {
	BM_F_STRING,   /* JSON string → const char *, at most BM_HTTP_MAX_TEXT characters */
	BM_F_DOCUMENT, /* JSON string of a whole document (the policy): its service caps it */
	BM_F_INT_TEXT, /* JSON integer → its decimal text (services take text) */
	BM_F_REF,      /* JSON string or integer id → text */
	BM_F_LIST,     /* JSON array of strings → one comma-separated text */
	BM_F_BOOL,     /* JSON true/false → bool */
} bm_http_field_type;

typedef struct bm_http_field {
	const char *name;
	bm_http_field_type type;
	bool required;
	void *out; /* const char ** (NULL when absent), or bool * for BM_F_BOOL */
} bm_http_field;

/*
 * `s` for a log line: every byte below 0x20, 0x7f and the backslash written
 * as \xNN, cut to fit `cap` bytes of `out` ("..." marks a cut). A client's
 * text can then never start a line of its own. Returns `out`.
 */
const char *bm_http_log_text(char *out, size_t cap, const char *s);

/*
 * Reads the body's fields into their outputs. A field not in `fields`, a
 * wrong type, a missing required field or a string (or list item) longer
 * than BM_HTTP_MAX_TEXT characters fails with BM_EINVALID (codes
 * "unknown_field", "wrong_type", "required", "too_long"). A JSON null counts as absent.
 * No body counts as {}. Strings borrow from r->body or r->arena.
 */
int bm_http_fields(bm_http_req *r, const bm_http_field *fields, size_t n);

/*
 * Reads the query string strictly: `values[i]` gets the parameter named
 * `names[i]` (NULL when absent); any other parameter fails with BM_EINVALID
 * ("unknown_parameter"), invalid UTF-8 with "invalid_utf8", a value longer
 * than BM_HTTP_MAX_VALUE characters with "too_long".
 */
int bm_http_query(bm_http_req *r, const char *const *names, size_t n, const char **values);

/* ---- handlers (h_*.c) ----------------------------------------------------------- */

/* The placeholder `i` as an id; BM_ENOTFOUND (like a missing record) when not one. */
int bm_http_param_id(bm_http_req *r, size_t i, int64_t *out);

/* A JSON {"items": [...]} list response helper: sets r->out, returns 0. */
int bm_http_reply(bm_http_req *r, int status, json_t *body);

int bm_h_health(bm_http_req *r);
int bm_h_session_create(bm_http_req *r);
int bm_h_session_delete(bm_http_req *r);
int bm_h_session_password(bm_http_req *r);
int bm_h_me(bm_http_req *r);

int bm_h_departments_list(bm_http_req *r);
int bm_h_departments_create(bm_http_req *r);
int bm_h_departments_rename(bm_http_req *r);
int bm_h_departments_retire(bm_http_req *r);
int bm_h_people_list(bm_http_req *r);
int bm_h_people_create(bm_http_req *r);
int bm_h_people_grant(bm_http_req *r);
int bm_h_places_list(bm_http_req *r);
int bm_h_places_create(bm_http_req *r);
int bm_h_places_rename(bm_http_req *r);
int bm_h_places_retire(bm_http_req *r);
int bm_h_accounts_create(bm_http_req *r);
int bm_h_accounts_disable(bm_http_req *r);
int bm_h_accounts_enable(bm_http_req *r);
int bm_h_accounts_locks(bm_http_req *r);
int bm_h_accounts_unlock(bm_http_req *r);
int bm_h_policy_schema(bm_http_req *r);
int bm_h_accounts_reset_password(bm_http_req *r);
int bm_h_filings_list(bm_http_req *r);
int bm_h_filings_approve(bm_http_req *r);
int bm_h_filings_refuse(bm_http_req *r);
int bm_h_policy_show(bm_http_req *r);
int bm_h_policy_import(bm_http_req *r);
int bm_h_policy_history(bm_http_req *r);

int bm_h_carriers_list(bm_http_req *r);
int bm_h_carriers_stats(bm_http_req *r);
int bm_h_carriers_show(bm_http_req *r);
int bm_h_carriers_incoming(bm_http_req *r);
int bm_h_carriers_made(bm_http_req *r);
int bm_h_carriers_move(bm_http_req *r);
int bm_h_carriers_label(bm_http_req *r); /* h_label.c: the printable label with its QR code */

/* h_workflow.c: requests, approvals and the clerk's desk */
int bm_h_requests_create(bm_http_req *r);
int bm_h_requests_list(bm_http_req *r);
int bm_h_requests_show(bm_http_req *r);
int bm_h_requests_approve(bm_http_req *r);
int bm_h_requests_reject(bm_http_req *r);
int bm_h_requests_withdraw(bm_http_req *r);
int bm_h_desk_issue(bm_http_req *r);
int bm_h_desk_checkin(bm_http_req *r);
int bm_h_desk_circulate(bm_http_req *r);
int bm_h_desk_out(bm_http_req *r);

/* h_import.c: a ledger kept in a spreadsheet, uploaded (issue 15 point 1) */
int bm_h_imports_carriers(bm_http_req *r);
int bm_h_imports_devices(bm_http_req *r);
int bm_h_imports_people(bm_http_req *r);

/* h_records.c: executing approved requests, level decisions, custody */
int bm_h_requests_execute(bm_http_req *r);
int bm_h_carriers_waste(bm_http_req *r);
int bm_h_carriers_level(bm_http_req *r);
int bm_h_carriers_levels(bm_http_req *r);
int bm_h_handovers_create(bm_http_req *r);
int bm_h_handovers_list(bm_http_req *r);
int bm_h_handovers_show(bm_http_req *r);
int bm_h_people_depart(bm_http_req *r);
int bm_h_returns_create(bm_http_req *r);
int bm_h_volumes_create(bm_http_req *r);
int bm_h_volumes_add(bm_http_req *r);

/* h_letter.c: personal letters (REG-3) */
int bm_h_letters_create(bm_http_req *r);
int bm_h_letters_list(bm_http_req *r);
int bm_h_letters_show(bm_http_req *r);
int bm_h_letters_open(bm_http_req *r);

/* h_site.c: key departments and places (SITE-1) */
int bm_h_sites_create(bm_http_req *r);
int bm_h_sites_list(bm_http_req *r);
int bm_h_sites_show(bm_http_req *r);
int bm_h_sites_edit(bm_http_req *r);
int bm_h_sites_revoke(bm_http_req *r);
int bm_h_sites_member_add(bm_http_req *r);
int bm_h_sites_member_remove(bm_http_req *r);
int bm_h_sites_measure(bm_http_req *r);
int bm_h_sites_visits(bm_http_req *r);
int bm_h_sites_visit_in(bm_http_req *r);
int bm_h_site_visits_all(bm_http_req *r);
int bm_h_site_visits_out(bm_http_req *r);

/* h_meeting.c: classified meetings (MEET-1, MEET-2) */
int bm_h_meetings_create(bm_http_req *r);
int bm_h_meetings_list(bm_http_req *r);
int bm_h_meetings_show(bm_http_req *r);
int bm_h_meetings_edit(bm_http_req *r);
int bm_h_meetings_participant_add(bm_http_req *r);
int bm_h_meetings_participant_remove(bm_http_req *r);
int bm_h_meetings_measures(bm_http_req *r);
int bm_h_meetings_open(bm_http_req *r);
int bm_h_meetings_close(bm_http_req *r);
int bm_h_meetings_issue(bm_http_req *r);
int bm_h_meetings_return(bm_http_req *r);

/* h_inspection.c: inspections and rectification notices (INSP-1, INSP-2) */
int bm_h_inspections_create(bm_http_req *r);
int bm_h_inspections_list(bm_http_req *r);
int bm_h_inspections_calendar(bm_http_req *r);
int bm_h_inspections_show(bm_http_req *r);
int bm_h_inspections_finding(bm_http_req *r);
int bm_h_rectifications_list(bm_http_req *r);
int bm_h_rectifications_show(bm_http_req *r);
int bm_h_rectifications_report(bm_http_req *r);
int bm_h_rectifications_close(bm_http_req *r);
int bm_h_rectifications_reopen(bm_http_req *r);

/* h_ledger.c: sending, counting, incidents, alerts, registers */
int bm_h_dispatches_create(bm_http_req *r);
int bm_h_dispatches_list(bm_http_req *r);
int bm_h_dispatches_show(bm_http_req *r);
int bm_h_dispatches_sign(bm_http_req *r);
int bm_h_dispatches_envelope(bm_http_req *r);
int bm_h_counts_create(bm_http_req *r);
int bm_h_counts_list(bm_http_req *r);
int bm_h_counts_show(bm_http_req *r);
int bm_h_counts_tick(bm_http_req *r);
int bm_h_counts_places(bm_http_req *r);
int bm_h_counts_close(bm_http_req *r);
/* the register of cleared people and training (h_people.c, issue 10) */
int bm_h_people_register(bm_http_req *r);
int bm_h_people_roster(bm_http_req *r);
int bm_h_people_record(bm_http_req *r);
int bm_h_people_vet(bm_http_req *r);
int bm_h_people_post(bm_http_req *r);
int bm_h_people_commit(bm_http_req *r);
int bm_h_people_clear(bm_http_req *r);
int bm_h_people_statement(bm_http_req *r);
int bm_h_people_exit_commit(bm_http_req *r);
int bm_h_people_leave(bm_http_req *r);
int bm_h_people_trip(bm_http_req *r);
int bm_h_people_trip_report(bm_http_req *r);
int bm_h_people_trips_list(bm_http_req *r);
int bm_h_people_trips_register(bm_http_req *r);
int bm_h_people_trip_approve(bm_http_req *r);
int bm_h_people_trip_depart(bm_http_req *r);
int bm_h_trainings_create(bm_http_req *r);
int bm_h_trainings_list(bm_http_req *r);
int bm_h_trainings_summary(bm_http_req *r);
int bm_h_trainings_show(bm_http_req *r);
int bm_h_trainings_attend(bm_http_req *r);
int bm_h_trainings_sign(bm_http_req *r);
int bm_h_incidents_create(bm_http_req *r);
/* h_merit.c: the report to the higher authority, sanctions, rewards (INC-1/2, INSP-3) */
int bm_h_incidents_notice(bm_http_req *r);
int bm_h_incidents_notice_amend(bm_http_req *r);
int bm_h_incidents_sanction(bm_http_req *r);
int bm_h_rewards_create(bm_http_req *r);
int bm_h_merits_list(bm_http_req *r);

/* h_selfcheck.c: the yearly self-assessment (INSP-4) */
int bm_h_sa_create(bm_http_req *r);
int bm_h_sa_list(bm_http_req *r);
int bm_h_sa_show(bm_http_req *r);
int bm_h_sa_answer(bm_http_req *r);
int bm_h_sa_sign(bm_http_req *r);
/* h_report.c: the unit's reports to its leadership (ORG-2) */
int bm_h_reports_monthly(bm_http_req *r);
int bm_h_reports_yearly(bm_http_req *r);
int bm_h_reports_records(bm_http_req *r);
int bm_h_reports_deliveries(bm_http_req *r);
int bm_h_reports_deliver(bm_http_req *r);
/* h_duty.c: the responsibility system (ORG-1) */
int bm_h_duty_show(bm_http_req *r);
int bm_h_duty_history(bm_http_req *r);
int bm_h_duty_member_add(bm_http_req *r);
int bm_h_duty_member_end(bm_http_req *r);
int bm_h_duty_department_set(bm_http_req *r);
int bm_h_incidents_list(bm_http_req *r);
int bm_h_incidents_show(bm_http_req *r);
int bm_h_incidents_report(bm_http_req *r);
int bm_h_incidents_findings(bm_http_req *r);
int bm_h_incidents_close(bm_http_req *r);

/* h_device.c: the device and media register (DEV-1..7); the label in h_label.c */
int bm_h_devices_list(bm_http_req *r);
int bm_h_device_repairs(bm_http_req *r);
int bm_h_devices_create(bm_http_req *r);
int bm_h_devices_show(bm_http_req *r);
int bm_h_devices_label(bm_http_req *r);
int bm_h_devices_level(bm_http_req *r);
int bm_h_devices_assign(bm_http_req *r);
int bm_h_devices_repair(bm_http_req *r);
int bm_h_devices_repair_end(bm_http_req *r);
int bm_h_devices_password(bm_http_req *r);
int bm_h_devices_label_affixed(bm_http_req *r);
int bm_h_devices_scrap(bm_http_req *r);
/* h_publication.c: publication review (PUB-1, PUB-2) */
int bm_h_publications_list(bm_http_req *r);
int bm_h_publications_create(bm_http_req *r);
int bm_h_publications_review(bm_http_req *r);
int bm_h_publications_release(bm_http_req *r);
int bm_h_alerts(bm_http_req *r);
int bm_h_alerts_ack(bm_http_req *r);
int bm_h_alerts_ack_expired(bm_http_req *r);
int bm_h_registers(bm_http_req *r);

int bm_h_audit_events(bm_http_req *r);
int bm_h_audit_verify(bm_http_req *r);
int bm_h_audit_export(bm_http_req *r);
int bm_h_audit_checkpoint(bm_http_req *r);

/*
 * A CSV or .xlsx download (issue 15): hands `b`'s contents to the response
 * (the buffer is emptied, also on failure), with its Content-Type and a
 * Content-Disposition naming `name` plus ".csv" or ".xlsx".
 */
int bm_http_attachment(bm_http_req *r, bm_buf *b, bm_sheet_format format, const char *name);

/* The `format` query parameter of an export: NULL or "" is `dflt`; "json" is JSON (*json set),
 * "csv" or "xlsx" a sheet; anything else an invalid_parameter error. */
int bm_http_sheet_format(const char *v, bool *json, bm_sheet_format *out);

/*
 * A list's items (`arr`, consumed) as the download "baomi-`which`.csv|xlsx" laid out by
 * the column set `which` (service/list_sheet.h), `range` the period in its title row.
 */
int bm_http_list_sheet(bm_http_req *r, json_t *arr, bm_sheet_format format, const char *which,
                       const char *range);

#endif
