/*
 * router.c — the API's route table and the matcher.
 *
 * Adding a route is one line here plus a handler (http_int.h). Every route
 * is documented in docs/openapi.yaml; tests/api/openapi.test.mjs compares
 * this table (`baomi serve --print-routes`) with the document's paths.
 */
#include "common.h"

#include <stdio.h>

#include "http/http_int.h"

static const bm_http_route routes[] = {
        /* health and sessions (SYS-4) */
        {"GET", "/api/v1/health", bm_h_health, BM_HTTP_PUBLIC},
        {"POST", "/api/v1/session", bm_h_session_create, BM_HTTP_PUBLIC},
        {"DELETE", "/api/v1/session", bm_h_session_delete, BM_HTTP_SESSION_ANY},
        {"POST", "/api/v1/session/password", bm_h_session_password, BM_HTTP_SESSION_ANY},
        {"GET", "/api/v1/me", bm_h_me, BM_HTTP_SESSION_ANY},

        /* the unit's directory; accounts are the system administrator's, grants
           and places the security administrator's (SYS-1) */
        {"GET", "/api/v1/departments", bm_h_departments_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/departments", bm_h_departments_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/departments/{id}/rename", bm_h_departments_rename, BM_HTTP_SESSION},
        {"POST", "/api/v1/departments/{id}/retire", bm_h_departments_retire, BM_HTTP_SESSION},
        {"GET", "/api/v1/people", bm_h_people_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/people", bm_h_people_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/grant", bm_h_people_grant, BM_HTTP_SESSION},
        /* the register of cleared people and training (issue 10, PERSON-*) */
        {"GET", "/api/v1/people/register", bm_h_people_register, BM_HTTP_SESSION},
        {"GET", "/api/v1/people/roster", bm_h_people_roster, BM_HTTP_SESSION},
        {"GET", "/api/v1/people/trips/register", bm_h_people_trips_register, BM_HTTP_SESSION},
        {"GET", "/api/v1/people/{id}/record", bm_h_people_record, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/vet", bm_h_people_vet, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/post", bm_h_people_post, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/commit", bm_h_people_commit, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/clear", bm_h_people_clear, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/statement", bm_h_people_statement, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/exit-commit", bm_h_people_exit_commit, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/leave", bm_h_people_leave, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/trips", bm_h_people_trip, BM_HTTP_SESSION},
        {"GET", "/api/v1/people/trips", bm_h_people_trips_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/trips/{id}/report", bm_h_people_trip_report, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/trips/{id}/approve", bm_h_people_trip_approve, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/trips/{id}/depart", bm_h_people_trip_depart, BM_HTTP_SESSION},
        {"GET", "/api/v1/trainings", bm_h_trainings_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/trainings", bm_h_trainings_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/trainings/summary", bm_h_trainings_summary, BM_HTTP_SESSION},
        {"GET", "/api/v1/trainings/{id}", bm_h_trainings_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/trainings/{id}/attend", bm_h_trainings_attend, BM_HTTP_SESSION},
        {"POST", "/api/v1/trainings/{id}/sign", bm_h_trainings_sign, BM_HTTP_SESSION},
        {"GET", "/api/v1/places", bm_h_places_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/places", bm_h_places_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/places/{id}/rename", bm_h_places_rename, BM_HTTP_SESSION},
        {"POST", "/api/v1/places/{id}/retire", bm_h_places_retire, BM_HTTP_SESSION},
        {"POST", "/api/v1/accounts", bm_h_accounts_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/accounts/{id}/disable", bm_h_accounts_disable, BM_HTTP_SESSION},
        {"POST", "/api/v1/accounts/{id}/enable", bm_h_accounts_enable, BM_HTTP_SESSION},
        {"GET", "/api/v1/accounts/locks", bm_h_accounts_locks, BM_HTTP_SESSION},
        {"POST", "/api/v1/accounts/{id}/unlock", bm_h_accounts_unlock, BM_HTTP_SESSION},
        {"GET", "/api/v1/account-filings", bm_h_filings_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/account-filings/{id}/approve", bm_h_filings_approve, BM_HTTP_SESSION},
        {"POST", "/api/v1/account-filings/{id}/refuse", bm_h_filings_refuse, BM_HTTP_SESSION},
        {"POST", "/api/v1/accounts/{id}/reset-password", bm_h_accounts_reset_password,
         BM_HTTP_SESSION},

        /* the unit's policy (SYS-5): everybody reads it, the security administrator changes it */
        {"GET", "/api/v1/policy", bm_h_policy_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/policy", bm_h_policy_import, BM_HTTP_SESSION},
        {"GET", "/api/v1/policy/history", bm_h_policy_history, BM_HTTP_SESSION},
        {"GET", "/api/v1/policy/schema", bm_h_policy_schema, BM_HTTP_SESSION},

        /* the ledger (SYS-2 visibility comes from the services) */
        {"GET", "/api/v1/carriers", bm_h_carriers_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/carriers/stats", bm_h_carriers_stats, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers", bm_h_carriers_incoming, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers/made", bm_h_carriers_made, BM_HTTP_SESSION},
        {"GET", "/api/v1/carriers/{id}", bm_h_carriers_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers/{id}/move", bm_h_carriers_move, BM_HTTP_SESSION},
        {"GET", "/api/v1/carriers/{id}/label.svg", bm_h_carriers_label, BM_HTTP_SESSION},

        /* requests and approvals, the clerk's desk (h_workflow.c) */
        {"POST", "/api/v1/requests", bm_h_requests_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/requests", bm_h_requests_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/requests/{id}", bm_h_requests_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/requests/{id}/approve", bm_h_requests_approve, BM_HTTP_SESSION},
        {"POST", "/api/v1/requests/{id}/reject", bm_h_requests_reject, BM_HTTP_SESSION},
        {"POST", "/api/v1/requests/{id}/withdraw", bm_h_requests_withdraw, BM_HTTP_SESSION},
        {"POST", "/api/v1/desk/issue", bm_h_desk_issue, BM_HTTP_SESSION},
        {"POST", "/api/v1/desk/checkin", bm_h_desk_checkin, BM_HTTP_SESSION},
        {"POST", "/api/v1/desk/circulate", bm_h_desk_circulate, BM_HTTP_SESSION},
        {"GET", "/api/v1/desk/out", bm_h_desk_out, BM_HTTP_SESSION},

        /* executing approved requests, level decisions, custody (h_records.c) */
        {"POST", "/api/v1/requests/{id}/execute", bm_h_requests_execute, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers/waste", bm_h_carriers_waste, BM_HTTP_SESSION},
        {"POST", "/api/v1/imports/carriers", bm_h_imports_carriers, BM_HTTP_SESSION},
        {"POST", "/api/v1/imports/devices", bm_h_imports_devices, BM_HTTP_SESSION},
        {"POST", "/api/v1/imports/people", bm_h_imports_people, BM_HTTP_SESSION},
        {"POST", "/api/v1/carriers/{id}/level", bm_h_carriers_level, BM_HTTP_SESSION},
        {"GET", "/api/v1/carriers/{id}/levels", bm_h_carriers_levels, BM_HTTP_SESSION},
        {"POST", "/api/v1/handovers", bm_h_handovers_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/handovers", bm_h_handovers_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/handovers/{id}", bm_h_handovers_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/people/{id}/depart", bm_h_people_depart, BM_HTTP_SESSION},
        {"POST", "/api/v1/returns", bm_h_returns_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/volumes", bm_h_volumes_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/volumes/{id}/items", bm_h_volumes_add, BM_HTTP_SESSION},

        /* personal letters, 领导亲启 (REG-3; h_letter.c) */
        {"POST", "/api/v1/letters", bm_h_letters_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/letters", bm_h_letters_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/letters/{id}", bm_h_letters_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/letters/{id}/open", bm_h_letters_open, BM_HTTP_SESSION},

        /* key departments and places, 保密要害部门部位 (SITE-1; h_site.c) */
        {"POST", "/api/v1/sites", bm_h_sites_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/sites", bm_h_sites_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/sites/{id}", bm_h_sites_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/sites/{id}/edit", bm_h_sites_edit, BM_HTTP_SESSION},
        {"POST", "/api/v1/sites/{id}/revoke", bm_h_sites_revoke, BM_HTTP_SESSION},
        {"POST", "/api/v1/sites/{id}/members", bm_h_sites_member_add, BM_HTTP_SESSION},
        {"POST", "/api/v1/sites/{id}/members/remove", bm_h_sites_member_remove, BM_HTTP_SESSION},
        {"POST", "/api/v1/sites/{id}/measures", bm_h_sites_measure, BM_HTTP_SESSION},
        {"GET", "/api/v1/sites/{id}/visits", bm_h_sites_visits, BM_HTTP_SESSION},
        {"POST", "/api/v1/sites/{id}/visits", bm_h_sites_visit_in, BM_HTTP_SESSION},
        {"GET", "/api/v1/site-visits", bm_h_site_visits_all, BM_HTTP_SESSION},
        {"POST", "/api/v1/site-visits/{id}/out", bm_h_site_visits_out, BM_HTTP_SESSION},

        /* classified meetings, 涉密会议 (MEET-1, MEET-2; h_meeting.c) */
        {"POST", "/api/v1/meetings", bm_h_meetings_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/meetings", bm_h_meetings_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/meetings/{id}", bm_h_meetings_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/edit", bm_h_meetings_edit, BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/participants", bm_h_meetings_participant_add,
         BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/participants/remove", bm_h_meetings_participant_remove,
         BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/measures", bm_h_meetings_measures, BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/open", bm_h_meetings_open, BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/close", bm_h_meetings_close, BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/documents", bm_h_meetings_issue, BM_HTTP_SESSION},
        {"POST", "/api/v1/meetings/{id}/returns", bm_h_meetings_return, BM_HTTP_SESSION},

        /* inspections and rectification notices, 保密检查与整改 (INSP-1, INSP-2; h_inspection.c) */
        {"POST", "/api/v1/inspections", bm_h_inspections_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/inspections", bm_h_inspections_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/inspections/calendar", bm_h_inspections_calendar, BM_HTTP_SESSION},
        {"GET", "/api/v1/inspections/{id}", bm_h_inspections_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/inspections/{id}/findings", bm_h_inspections_finding, BM_HTTP_SESSION},
        {"GET", "/api/v1/rectifications", bm_h_rectifications_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/rectifications/{id}", bm_h_rectifications_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/rectifications/{id}/report", bm_h_rectifications_report, BM_HTTP_SESSION},
        {"POST", "/api/v1/rectifications/{id}/close", bm_h_rectifications_close, BM_HTTP_SESSION},
        {"POST", "/api/v1/rectifications/{id}/reopen", bm_h_rectifications_reopen, BM_HTTP_SESSION},

        /* sending, counting, incidents, alerts, registers (h_ledger.c) */
        {"POST", "/api/v1/dispatches", bm_h_dispatches_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/dispatches", bm_h_dispatches_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/dispatches/{id}", bm_h_dispatches_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/dispatches/{id}/sign", bm_h_dispatches_sign, BM_HTTP_SESSION},
        {"GET", "/api/v1/dispatches/{id}/envelope", bm_h_dispatches_envelope, BM_HTTP_SESSION},
        {"POST", "/api/v1/counts", bm_h_counts_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/counts", bm_h_counts_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/counts/{id}", bm_h_counts_show, BM_HTTP_SESSION},
        {"GET", "/api/v1/counts/{id}/places", bm_h_counts_places, BM_HTTP_SESSION},
        {"POST", "/api/v1/counts/{id}/ticks", bm_h_counts_tick, BM_HTTP_SESSION},
        {"POST", "/api/v1/counts/{id}/close", bm_h_counts_close, BM_HTTP_SESSION},
        {"POST", "/api/v1/incidents", bm_h_incidents_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/incidents", bm_h_incidents_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/incidents/{id}", bm_h_incidents_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/incidents/{id}/report", bm_h_incidents_report, BM_HTTP_SESSION},
        {"POST", "/api/v1/incidents/{id}/findings", bm_h_incidents_findings, BM_HTTP_SESSION},
        {"POST", "/api/v1/incidents/{id}/close", bm_h_incidents_close, BM_HTTP_SESSION},
        /* the report to the higher authority, sanctions, rewards (INC-1/2, INSP-3; h_merit.c) */
        {"POST", "/api/v1/incidents/{id}/notice", bm_h_incidents_notice, BM_HTTP_SESSION},
        {"POST", "/api/v1/incidents/{id}/notice/amend", bm_h_incidents_notice_amend,
         BM_HTTP_SESSION},
        {"POST", "/api/v1/incidents/{id}/sanctions", bm_h_incidents_sanction, BM_HTTP_SESSION},
        {"POST", "/api/v1/rewards", bm_h_rewards_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/merits", bm_h_merits_list, BM_HTTP_SESSION},
        /* the yearly self-assessment (INSP-4; h_selfcheck.c) */
        {"POST", "/api/v1/self-assessments", bm_h_sa_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/self-assessments", bm_h_sa_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/self-assessments/{id}", bm_h_sa_show, BM_HTTP_SESSION},
        {"POST", "/api/v1/self-assessments/{id}/answers", bm_h_sa_answer, BM_HTTP_SESSION},
        {"POST", "/api/v1/self-assessments/{id}/sign", bm_h_sa_sign, BM_HTTP_SESSION},
        /* the unit's reports to its leadership (ORG-2; h_report.c) */
        {"GET", "/api/v1/reports/monthly", bm_h_reports_monthly, BM_HTTP_SESSION},
        {"GET", "/api/v1/reports/yearly", bm_h_reports_yearly, BM_HTTP_SESSION},
        {"GET", "/api/v1/reports/records", bm_h_reports_records, BM_HTTP_SESSION},
        {"GET", "/api/v1/reports/deliveries", bm_h_reports_deliveries, BM_HTTP_SESSION},
        {"POST", "/api/v1/reports/deliveries", bm_h_reports_deliver, BM_HTTP_SESSION},
        /* the responsibility system (ORG-1; h_duty.c) */
        {"GET", "/api/v1/duty", bm_h_duty_show, BM_HTTP_SESSION},
        {"GET", "/api/v1/duty/history", bm_h_duty_history, BM_HTTP_SESSION},
        {"POST", "/api/v1/duty/members", bm_h_duty_member_add, BM_HTTP_SESSION},
        {"POST", "/api/v1/duty/members/{id}/end", bm_h_duty_member_end, BM_HTTP_SESSION},
        {"POST", "/api/v1/duty/departments", bm_h_duty_department_set, BM_HTTP_SESSION},
        {"GET", "/api/v1/alerts", bm_h_alerts, BM_HTTP_SESSION},
        {"POST", "/api/v1/alerts/admin/{id}/ack", bm_h_alerts_ack, BM_HTTP_SESSION},
        {"POST", "/api/v1/alerts/expired-filings/{id}/ack", bm_h_alerts_ack_expired,
         BM_HTTP_SESSION},
        {"GET", "/api/v1/registers/{kind}", bm_h_registers, BM_HTTP_SESSION},

        /* the device and media register (DEV-1..7; h_device.c, label in h_label.c) */
        {"GET", "/api/v1/devices", bm_h_devices_list, BM_HTTP_SESSION},
        {"GET", "/api/v1/device-repairs", bm_h_device_repairs, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices", bm_h_devices_create, BM_HTTP_SESSION},
        {"GET", "/api/v1/devices/{id}", bm_h_devices_show, BM_HTTP_SESSION},
        {"GET", "/api/v1/devices/{id}/label.svg", bm_h_devices_label, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/level", bm_h_devices_level, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/assign", bm_h_devices_assign, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/repairs", bm_h_devices_repair, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/repairs/end", bm_h_devices_repair_end, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/password", bm_h_devices_password, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/label/affixed", bm_h_devices_label_affixed, BM_HTTP_SESSION},
        {"POST", "/api/v1/devices/{id}/scrap", bm_h_devices_scrap, BM_HTTP_SESSION},

        /* publication review (PUB-1, PUB-2): filed and approved as `publish` requests */
        {"GET", "/api/v1/publications", bm_h_publications_list, BM_HTTP_SESSION},
        {"POST", "/api/v1/publications", bm_h_publications_create, BM_HTTP_SESSION},
        {"POST", "/api/v1/publications/{id}/review", bm_h_publications_review, BM_HTTP_SESSION},
        {"POST", "/api/v1/publications/{id}/release", bm_h_publications_release, BM_HTTP_SESSION},

        /* the audit chain (SYS-3), the audit administrator's (SYS-1) */
        {"GET", "/api/v1/audit/events", bm_h_audit_events, BM_HTTP_SESSION},
        {"GET", "/api/v1/audit/verify", bm_h_audit_verify, BM_HTTP_SESSION},
        {"GET", "/api/v1/audit/export", bm_h_audit_export, BM_HTTP_SESSION},
        {"POST", "/api/v1/audit/checkpoints", bm_h_audit_checkpoint, BM_HTTP_SESSION},
};

const bm_http_route *bm_http_routes(size_t *count)
{
	*count = BM_ARRAY_LEN(routes);
	return routes;
}

size_t bm_http_route_count(void)
{
	return BM_ARRAY_LEN(routes);
}

void bm_http_route_get(size_t i, const char **method, const char **pattern, const char **auth)
{
	static const char *const auth_names[] = {"public", "session", "session-any"};
	*method = routes[i].method;
	*pattern = routes[i].pattern;
	*auth = auth_names[routes[i].auth];
}

int bm_http_match_pattern(const char *pattern, const char *path, size_t spans[][2])
{
	const char *p = pattern, *s = path;
	int n = 0;
	while (*p && *s) {
		if (*p == '{') {
			const char *close = strchr(p, '}');
			size_t len = strcspn(s, "/");
			if (!close || len == 0 || n == BM_HTTP_MAX_PARAMS)
				return -1;
			spans[n][0] = (size_t)(s - path);
			spans[n][1] = len;
			n++;
			p = close + 1;
			s += len;
			continue;
		}
		if (*p != *s)
			return -1;
		p++;
		s++;
	}
	return *p == '\0' && *s == '\0' ? n : -1;
}

static bool method_is(const char *route_method, const char *method)
{
	if (strcmp(route_method, method) == 0)
		return true;
	return strcmp(method, "HEAD") == 0 && strcmp(route_method, "GET") == 0;
}

/*
 * Whether `pattern` may fit `path` at all, cheaply: most patterns share the
 * API's prefix and part at the first letter after it, so this spares the
 * full match of every route in the table on every request (the matcher was
 * a tenth of a /health request's CPU). False only where bm_http_match_pattern fails.
 */
#define API_PREFIX     "/api/v1/"
#define API_PREFIX_LEN (sizeof(API_PREFIX) - 1)

static bool may_fit(const char *pattern, const char *path, bool path_in_api)
{
	if (memcmp(pattern, API_PREFIX, API_PREFIX_LEN) != 0)
		return true; /* not under the prefix (none is today): the full match decides */
	if (!path_in_api)
		return false;
	return pattern[API_PREFIX_LEN] == path[API_PREFIX_LEN] || pattern[API_PREFIX_LEN] == '{';
}

/* The routes that fit, in table order, with their placeholder counts. */
#define MAX_FITS 64

bm_route_match bm_http_match(const bm_http_route *table, size_t n, const char *method,
                             const char *path, bm_arena *a, const bm_http_route **route,
                             const char **params, size_t *n_params, char *allow, size_t allow_size)
{
	size_t spans[BM_HTTP_MAX_PARAMS][2], best_spans[BM_HTTP_MAX_PARAMS][2];
	int fewest = BM_HTTP_MAX_PARAMS + 1, best = -1;
	size_t used = 0, n_fits = 0;
	struct {
		size_t i;
		int k;
	} fits[MAX_FITS];
	bool path_in_api = strncmp(path, API_PREFIX, API_PREFIX_LEN) == 0;
	bool overflow = false;

	if (allow && allow_size)
		allow[0] = '\0';
	/* The most literal patterns that fit the path decide, whatever the method. */
	for (size_t i = 0; i < n; i++) {
		int k;
		if (!may_fit(table[i].pattern, path, path_in_api))
			continue;
		k = bm_http_match_pattern(table[i].pattern, path, spans);
		if (k < 0)
			continue;
		if (k < fewest)
			fewest = k;
		if (n_fits < MAX_FITS) {
			fits[n_fits].i = i;
			fits[n_fits].k = k;
			n_fits++;
		} else {
			overflow = true;
		}
	}
	if (fewest > BM_HTTP_MAX_PARAMS)
		return BM_ROUTE_NO_PATH;
	/* More fits than kept (no table comes near): every route is matched again. */
	for (size_t f = 0; f < (overflow ? n : n_fits); f++) {
		size_t i = overflow ? f : fits[f].i;
		int k = overflow ? bm_http_match_pattern(table[i].pattern, path, spans) : fits[f].k;
		if (k != fewest)
			continue;
		if (best < 0 && method_is(table[i].method, method)) {
			best = (int)i;
			/* the spans of this route: matched again (a kept fit has only its count) */
			bm_http_match_pattern(table[i].pattern, path, best_spans);
		}
		if (allow && used < allow_size && !strstr(allow, table[i].method)) {
			int w = snprintf(allow + used, allow_size - used, "%s%s", used ? ", " : "",
			                 table[i].method);
			if (w > 0)
				used += (size_t)w < allow_size - used ? (size_t)w
				                                      : allow_size - used - 1;
		}
	}
	if (best < 0)
		return BM_ROUTE_BAD_METHOD;
	*route = &table[best];
	*n_params = (size_t)fewest;
	for (int i = 0; i < fewest; i++) {
		params[i] = bm_arena_strndup(a, path + best_spans[i][0], best_spans[i][1]);
		if (!params[i])
			return BM_ROUTE_NO_PATH;
	}
	return BM_ROUTE_FOUND;
}

bool bm_http_route_upload(const bm_http_route *route)
{
	/* the upload routes: their body is a file (issue 15 point 1) */
	return route &&
	       (route->handler == bm_h_imports_carriers || route->handler == bm_h_imports_devices ||
	        route->handler == bm_h_imports_people);
}
