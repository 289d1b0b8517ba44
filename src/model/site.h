/*
 * model/site.h — the register of key departments and places (保密要害部门部位,
 * SITE-1): the entry, its lists of people, its measures checked, its visits
 * and its history.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_SITE_H
#define BM_MODEL_SITE_H

#include "common.h"
#include "model/vocab.h"

/* One key department or place. Names are filled by the reads. */
typedef struct bm_site_row {
	int64_t id;
	int64_t unit_id;
	const char *name;
	const char *kind;         /* "department" or "place" */
	int64_t department_id;    /* 0 = none; the department concerned (department.id) */
	int64_t place_id;         /* 0 = none; the storage place (storage_place.id) */
	const char *location;     /* building and room, free text */
	const char *confirmed_by; /* who confirmed it (committee, authority) */
	const char *confirmed_on; /* date */
	const char *confirm_doc;  /* the document that confirmed it */
	int64_t leader_id;        /* the responsible leader (person.id) */
	const char *note;
	const char *status; /* "active" or "revoked" */
	const char *revoked_at;
	const char *revoke_reason;
	int64_t created_by;
	const char *created_at;
	const char *updated_at;
	/* filled by the reads: */
	const char *department_name, *place_name, *leader_name;
	int64_t n_staff, n_access, n_open_visits;
} bm_site_row;

/* Which key sites site_list gives. */
typedef struct bm_site_filter {
	int64_t unit_id;
	const char *status;    /* NULL = any */
	const char *kind;      /* NULL = any */
	int64_t department_id; /* 0 = any */
	const char *q;         /* NULL = any; matched in name, location, confirmation */
} bm_site_filter;

/* A person on a site's list: kind "staff" (works there) or "access" (may enter). */
typedef struct bm_site_member_row {
	int64_t id;
	int64_t site_id;
	int64_t person_id;
	const char *kind;
	int64_t added_by;
	const char *added_at;
	const char *removed_at; /* NULL while listed */
	int64_t removed_by;
	/* filled by the reads: */
	const char *person_name;
	bm_class person_class;
	int64_t department_id;
} bm_site_member_row;

/* One check of one physical measure. */
typedef struct bm_site_measure_row {
	int64_t id;
	int64_t site_id;
	const char *kind;       /* iron_door, iron_window, safe, alarm, extinguisher, video */
	bool present;           /* in place and working */
	const char *checked_on; /* date */
	const char *note;
	int64_t checked_by;
	const char *at;
	const char *checked_by_name; /* filled by the reads */
} bm_site_measure_row;

/* One visit: who came, why, with whom, when in and out. */
typedef struct bm_site_visit_row {
	int64_t id;
	int64_t site_id;
	const char *visitor; /* the visitor's name as given */
	int64_t visitor_id;  /* 0 = not a person of the unit */
	const char *organisation;
	const char *reason;
	int64_t escort_id;    /* 0 = none (a listed visitor) */
	const char *time_in;  /* instant */
	const char *time_out; /* NULL while inside */
	int64_t recorded_by;
	const char *recorded_at;
	/* filled by the reads: */
	const char *escort_name, *site_name;
} bm_site_visit_row;

/* A line of a site's history. */
typedef struct bm_site_event_row {
	int64_t id;
	int64_t site_id;
	const char *at;
	int64_t actor_id;
	const char *action;
	const char *detail;
	const char *actor_name; /* filled by the reads */
} bm_site_event_row;

#endif
