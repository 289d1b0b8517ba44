/*
 * people.h — the register of cleared people (涉密人员, PERSON-1..8, KEEP-2,
 * ORG-1) and the training records (PERSON-6): issue 10 points 1 and 2.
 *
 * Same contract as service.h: one use case per function, one transaction
 * each (bm_svc_begin/bm_svc_end), every change audited, refusals naming
 * their rule (decided in policy/people.h); records returned live in
 * ctx->arena. A person is the account's row (bm_person) with the
 * register's columns (bm_person_record) beside it. Steps of the register
 * are the security administrator's (SYS-1, like departures); training
 * sessions and their attendance the secrecy clerk's. Both may read the
 * register.
 *
 * `person` arguments are an id, a username or an unambiguous name.
 * Dates are "YYYY-MM-DD", not in the future.
 */
#ifndef BM_SERVICE_PEOPLE_H
#define BM_SERVICE_PEOPLE_H

#include <jansson.h>

#include "service/service.h"
#include "util/buf.h"

/* One person as the register shows them. */
typedef struct bm_person_view {
	bm_person *person;
	bm_person_record *record;
	const char *department; /* name, or NULL */
	const char *stage;      /* bm_person_stage_names code */
	const char *stage_zh, *stage_en;
	int year_tenths;             /* PERSON-6: hours this calendar year (tenths) */
	int recent_tenths;           /* hours in the 12 months up to today */
	const char *last_training;   /* or NULL */
	const char *statement_until; /* ORG-1, or NULL when untracked */
	/* PERSON-7: may the person handle classified carriers of their class today? */
	bool blocked;
	const char *blocked_rule, *blocked_code, *blocked_zh, *blocked_en;
	/* person_view only: */
	bm_person_event *events;
	size_t n_events;
	bm_training *trainings;
	size_t n_trainings;
	bm_person_trip *trips;
	size_t n_trips;
	bm_person_holds holds; /* KEEP-2 */
} bm_person_view;

/* Filters of the register's list; NULL/0 = any. */
typedef struct bm_people_query {
	const char *stage;      /* a stage code */
	const char *class_code; /* a class code or Chinese name */
	const char *department; /* id or name */
	const char *q;          /* part of the name, username or post */
	bool roster;            /* PERSON-5: core and important staff on post */
} bm_people_query;

int bm_svc_people_list(bm_ctx *ctx, const bm_people_query *q, bm_person_view **out, size_t *count);
int bm_svc_person_view(bm_ctx *ctx, const char *person, bm_person_view **out);

/* PERSON-2: records a vetting (审查) on `on`, result "pass" or "fail". */
int bm_svc_person_vet(bm_ctx *ctx, const char *person, const char *on, const char *result,
                      const char *note);
/* The person's post (岗位); PERSON-3 refuses a classified post for a temporary hire. */
int bm_svc_person_post(bm_ctx *ctx, const char *person, const char *post);
/* PERSON-2: the commitment (保密承诺书) on taking the post. */
int bm_svc_person_commit(bm_ctx *ctx, const char *person, const char *on);
/* PERSON-2/3: clears the person as `class_code` once vetted, trained and committed. */
int bm_svc_person_clear(bm_ctx *ctx, const char *person, const char *class_code, const char *on);
/* ORG-1: the yearly responsibility statement (保密工作责任书). */
int bm_svc_person_statement(bm_ctx *ctx, const char *person, const char *on);
/* PERSON-4: the commitment on leaving the post; the person is then leaving. */
int bm_svc_person_exit_commit(bm_ctx *ctx, const char *person, const char *on);
/*
 * KEEP-2/PERSON-4: the person leaves the unit (`moving` false: the account
 * is closed as by `depart`) or moves off the classified post (`moving`
 * true: the account stays); refused while anything is held; the 脱密期 of
 * the class starts. `*decl_until` (may be NULL) gets its last day.
 */
int bm_svc_person_leave(bm_ctx *ctx, const char *person, const char *on, bool moving,
                        const char **decl_until);

/* PERSON-8: a trip abroad. */
typedef struct bm_trip_input {
	const char *destination, *purpose, *depart_on, *return_on, *briefed_on;
} bm_trip_input;
/* PERSON-8: a trip is recorded (briefed), approved by its class's chain, then departs. */
int bm_svc_person_trip(bm_ctx *ctx, const char *person, const bm_trip_input *in,
                       bm_person_trip **out);
/* PERSON-8: the acting person gives the next approval of the chain (person.trip_approver.*). */
int bm_svc_person_trip_approve(bm_ctx *ctx, int64_t trip_id, bm_person_trip **out);
/*
 * PERSON-8: the trips waiting for approval that the caller sees
 * (bm_rules_trip_pending_visible): the register's readers all of them, an
 * approver those whose next approval is theirs, anyone else none.
 * classes[i] is the traveller's class of out[i].
 */
int bm_svc_person_trips_pending(bm_ctx *ctx, bm_person_trip **out, bm_class **classes,
                                size_t *count);
/*
 * PERSON-8: the register of trips abroad (出国（境）登记): every trip of the
 * unit, newest first, as the register's readers see it (the security
 * administrator and the secrecy clerk, like the people register; anyone
 * else is refused, PERSON-2). Filters, NULL or "" = any: `person` an id,
 * username or name; `department` an id or name (the traveller's);
 * `from`/`to` dates, the trips abroad at some time in [from, to] by their
 * planned dates; `status` one of pending (awaiting approval), approved (not
 * departed), departed (not reported back), reported, or unreported
 * (departed and past the report-back time, PERSON-8's alert).
 */
typedef struct bm_trip_query {
	const char *person, *department, *from, *to, *status;
} bm_trip_query;

/* One line of the register of trips. */
typedef struct bm_trip_row {
	bm_person_trip *trip;
	bm_class person_class;  /* the traveller's class */
	const char *department; /* the traveller's department, or NULL */
	bool unreported;        /* PERSON-8: departed and not reported back in time */
	const char *report_due; /* the report-back deadline once departed, or NULL */
} bm_trip_row;

int bm_svc_person_trips_register(bm_ctx *ctx, const bm_trip_query *q, bm_trip_row **out,
                                 size_t *count);
/* The register's title-row words for `q`'s filters ("" when none). */
const char *bm_svc_trip_query_words(bm_ctx *ctx, const bm_trip_query *q);
/* PERSON-8: the security administrator records the departure of an approved trip. */
int bm_svc_person_trip_depart(bm_ctx *ctx, int64_t trip_id, const char *on, bm_person_trip **out);
int bm_svc_person_trip_report(bm_ctx *ctx, int64_t trip_id, const char *on, const char *note);

/* PERSON-6: a training session; `hours` like "2" or "1.5". */
typedef struct bm_training_input {
	const char *held_on, *topic, *hours, *trainer;
} bm_training_input;
int bm_svc_training_add(bm_ctx *ctx, const bm_training_input *in, bm_training **out);
/* PERSON-6: the clerk takes attendance, one person at a time, until signing. */
int bm_svc_training_attend(bm_ctx *ctx, int64_t id, const char *person);
int bm_svc_training_sign(bm_ctx *ctx, int64_t id);
int bm_svc_training_get(bm_ctx *ctx, int64_t id, bm_training **out);
/* The sessions held in `year` (0: all). */
int bm_svc_training_list(bm_ctx *ctx, int year, bm_training **out, size_t *count);

/* PERSON-6: the unit's yearly summary. */
typedef struct bm_training_summary {
	int year;
	int sessions;
	int session_tenths;     /* hours of all sessions */
	int required_tenths;    /* training.min_hours */
	bm_person_view *people; /* everybody with a class or any hours this year */
	size_t n_people;
	int short_people; /* below the required hours */
} bm_training_summary;
int bm_svc_training_summary(bm_ctx *ctx, int year, bm_training_summary *out);

/* PERSON-5: the roster (花名册) as CSV (UTF-8 with BOM) or .xlsx (util/xlsx.h) into `out`. */
int bm_svc_people_roster_sheet(bm_ctx *ctx, bm_sheet_format format, bm_buf *out);

/* JSON of the records (new references). */
json_t *bm_person_view_to_json(const bm_person_view *v);
json_t *bm_training_to_json(const bm_training *t);
json_t *bm_trip_to_json(const bm_person_trip *t);
/* A line of the register of trips: bm_trip_to_json plus class, department, unreported. */
json_t *bm_trip_row_to_json(const bm_trip_row *r);
json_t *bm_training_summary_to_json(const bm_training_summary *s);

/*
 * One row of an imported 涉密人员登记表 (service/import_registers.c), inside
 * the caller's transaction (`write`: steps written, each audited with the
 * row's origin `o`) or read snapshot (checks only): the account the row
 * names (SYS-1, never made), then its vetting, post, commitment, clearance
 * and statement, each through the single step's own rules, the person's
 * facts carried from step to step. Texts are as cleaned by the import
 * layer: dates YYYY-MM-DD, vetting "pass"/"fail", class a code.
 */
typedef struct bm_person_import_input {
	const char *name, *username, *department;
	const char *post, *class_code;
	const char *vetted_on, *vetting, *note;
	const char *commitment_on, *cleared_on, *statement_on;
} bm_person_import_input;

struct bm_import_origin;
int bm_person_import_row(bm_ctx *ctx, const bm_person_import_input *in, bool write,
                         const struct bm_import_origin *o, bm_person **who, const char **sum_zh,
                         const char **sum_en);

#endif
