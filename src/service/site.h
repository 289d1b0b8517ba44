/*
 * site.h — the register of key departments and places (保密要害部门部位,
 * SITE-1), service/site.c.
 *
 * An entry names what and where (one of the unit's departments, a storage
 * place, a location: linked, never copied), who confirmed it and when, by
 * which document, and its responsible leader. It keeps two lists of
 * people — who works there (at least 重要 class, PERSON-1; never a
 * temporary hire, PERSON-3) and who else may enter — the checks of its
 * physical measures (iron doors and windows, safes, alarms, extinguishers,
 * video) and its visit log: a visitor not on the lists comes in only with
 * an escort who works there. The secrecy clerk keeps it (SITE-1); every
 * reader but the three administrators may read it (SYS-1). Each change is
 * one transaction, audited, and a line of the entry's history.
 */
#ifndef BM_SERVICE_SITE_H
#define BM_SERVICE_SITE_H

#include <jansson.h>

#include "service/service.h"

/* An entry as typed. Text fields are raw user input; NULL: not given (edit: unchanged). */
typedef struct bm_site_input {
	const char *name;
	const char *kind;       /* "department" or "place" */
	const char *department; /* department ref (id or name); "" clears it on edit */
	const char *place;      /* storage place ref (id or name); "" clears it on edit */
	const char *location;
	const char *confirmed_by;
	const char *confirmed_on; /* date */
	const char *confirm_doc;
	const char *leader; /* person ref */
	const char *note;
} bm_site_input;

/* What the register list is filtered by (raw input, NULL = any). */
typedef struct bm_site_query {
	const char *status;     /* active, revoked */
	const char *kind;       /* department, place */
	const char *department; /* department ref */
	const char *q;          /* text searched in names, location, confirmation */
} bm_site_query;

/* A visit as typed at the door. */
typedef struct bm_site_visit_input {
	const char *visitor;      /* the visitor's name; may be left out when `person` is given */
	const char *person;       /* the visitor as a person of the unit (ref), or NULL */
	const char *organisation; /* where an outside visitor comes from */
	const char *reason;       /* required */
	const char *escort;       /* person ref, or NULL */
	const char *time_in;      /* instant; default now */
} bm_site_visit_input;

/* An entry with everything its record page shows (arena). */
typedef struct bm_site_record {
	bm_site_row *site;
	bm_site_member_row *members; /* listed now: staff first */
	size_t n_members;
	bm_site_measure_row *measures; /* every check, newest first */
	size_t n_measures;
	bm_site_visit_row *visits; /* newest first */
	size_t n_visits;
	bm_site_event_row *events; /* the history, oldest first */
	size_t n_events;
} bm_site_record;

/* Registers an entry (clerk, SITE-1). `*out` lives in ctx->arena. */
int bm_svc_site_add(bm_ctx *ctx, const bm_site_input *in, bm_site_row **out);

/* Changes the fields given of an active entry (clerk, SITE-1). */
int bm_svc_site_edit(bm_ctx *ctx, int64_t id, const bm_site_input *in, bm_site_row **out);

/* Revokes an entry that is no longer a key site (clerk); `reason` required. */
int bm_svc_site_revoke(bm_ctx *ctx, int64_t id, const char *reason, bm_site_row **out);

/*
 * Puts `person` on (add) or takes them off the entry's list `kind`
 * ("staff" or "access"). Adding to the staff refuses a person below 重要
 * class (SITE-1, PERSON-1) or a temporary hire (PERSON-3).
 */
int bm_svc_site_member(bm_ctx *ctx, int64_t id, const char *person, const char *kind, bool add);

/* Records one check of a measure: `present` "yes" or "no", `checked_on` default today. */
int bm_svc_site_measure(bm_ctx *ctx, int64_t id, const char *kind, const char *present,
                        const char *checked_on, const char *note, bm_site_measure_row **out);

/*
 * Records a visitor coming in (clerk). SITE-1: a visitor not on the
 * entry's staff or access list needs an escort from its staff.
 */
int bm_svc_site_visit_in(bm_ctx *ctx, int64_t id, const bm_site_visit_input *in,
                         bm_site_visit_row **out);

/* Records the visitor leaving (`time_out` default now), once. */
int bm_svc_site_visit_out(bm_ctx *ctx, int64_t visit_id, const char *time_out,
                          bm_site_visit_row **out);

/* One entry with its lists, checks, visits and history. */
int bm_svc_site_show(bm_ctx *ctx, int64_t id, bm_site_record *out);

/* The register, by name. */
int bm_svc_site_list(bm_ctx *ctx, const bm_site_query *q, bm_site_row **out, size_t *count);

/* The visit log of one entry (0: all), newest first; `open_only`: those still inside. */
int bm_svc_site_visits(bm_ctx *ctx, int64_t id, bool open_only, bm_site_visit_row **out,
                       size_t *count);

/*
 * Inside a change of class (service/org.c): SITE-1, PERSON-1 refuse
 * lowering `p` below 重要 while they work at an active key site; the number
 * of sites goes into `detail`.
 */
int bm_site_check_class(bm_ctx *ctx, const bm_person *p, bm_class to, json_t *detail);

/*
 * Inside leaving, moving, departure or disabling an account (the caller's
 * transaction): takes `p` off every active key site's staff and access
 * lists, each removal a line of the site's history naming `why_zh`; the
 * removals go into `detail` as "key_sites_left" for the caller's audit
 * event (SITE-1: the lists name those who work there or may enter now).
 */
int bm_site_drop_person(bm_ctx *ctx, const bm_person *p, const char *why_zh, json_t *detail);

/* JSON of an entry, a visit, and a whole record (new references; names in zh and en). */
json_t *bm_site_to_json(const bm_site_row *s);
json_t *bm_site_visit_to_json(const bm_site_visit_row *v);
json_t *bm_site_record_to_json(const bm_site_record *r);

#endif
