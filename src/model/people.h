/*
 * model/people.h — the register of cleared people (涉密人员, PERSON-1..8,
 * ORG-1) and the training records (PERSON-6): a person's register entry
 * beside the account, its history, training sessions with attendance, and
 * trips abroad. Plain data; ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_PEOPLE_H
#define BM_MODEL_PEOPLE_H

#include "common.h"

/*
 * The register's columns of a person (table person): NULL text = not
 * recorded. Dates are "YYYY-MM-DD". The commitment on taking the post is
 * bm_person.commitment_signed_on; this is the rest.
 */
typedef struct bm_person_record {
	int64_t person_id;
	const char *post;               /* 岗位 */
	const char *vetted_on;          /* 审查 date */
	const char *vetting_result;     /* "pass" or "fail" */
	const char *vetting_note;       /* who vetted, what was found */
	const char *cleared_on;         /* PERSON-2: cleared through the register */
	const char *statement_on;       /* ORG-1: the yearly responsibility statement */
	const char *exit_commitment_on; /* PERSON-4: the commitment on leaving */
	const char *left_on;            /* PERSON-4: left (or moved off) the classified post */
	const char *leave_kind;         /* "left" or "moved" */
	const char *decl_until;         /* PERSON-4: last day of the 脱密期 */
} bm_person_record;

/* One line of a person's history (class, post, vetting, clearance …). */
typedef struct bm_person_event {
	int64_t id;
	int64_t person_id;
	const char *at; /* instant */
	int64_t actor_id;
	const char *kind; /* class, post, vetting, clearance, commitment, statement,
	                     exit_commitment, leave, temporary */
	const char *from_value, *to_value; /* NULL when not applicable */
	const char *note;
	const char *actor_name; /* filled by the reads */
} bm_person_event;

/* PERSON-6: a training session; hours in tenths of an hour. */
typedef struct bm_training {
	int64_t id;
	int64_t unit_id;
	const char *held_on;
	const char *topic;
	int hours_tenths;
	const char *trainer;
	int64_t recorded_by;
	const char *recorded_at;
	int64_t signed_by; /* 0 until the clerk signs the attendance */
	const char *signed_at;
	size_t n_attendees;    /* filled by the reads */
	int64_t *attendee_ids; /* training_get only; arena */
	const char **attendee_names;
} bm_training;

/* PERSON-6: one person's training in a span of dates. */
typedef struct bm_training_hours {
	int tenths;          /* hours in the span, in tenths */
	int sessions;        /* sessions attended in the span */
	const char *last_on; /* the last session attended ever (up to the span's end), or NULL */
} bm_training_hours;

/* PERSON-8: a trip abroad (出国(境)). */
typedef struct bm_person_trip {
	int64_t id;
	int64_t person_id;
	const char *destination;
	const char *purpose;
	const char *depart_on;
	const char *return_on;   /* planned */
	const char *briefed_on;  /* secrecy education before leaving */
	const char *approved_by; /* who approved the trip (names, in the chain's order; "" none) */
	int approvals;           /* PERSON-8: approvals given so far of the class's chain */
	const char *departed_on; /* PERSON-8: recorded as departed (only once approved), or NULL */
	int approvals_needed;    /* filled by the service: the length of the class's chain */
	int next_role;           /* filled by the service: the bm_role approving next, or -1 */
	int64_t recorded_by;
	const char *recorded_at;
	const char *reported_on; /* reported back on return, or NULL */
	const char *report_note;
	const char *person_name; /* filled by the reads */
} bm_person_trip;

/*
 * KEEP-2: what a person holds: carriers kept as custodian, carriers out on
 * loan to them. The devices register adds its counts here.
 */
typedef struct bm_person_holds {
	int64_t kept;
	int64_t on_loan;
	int64_t devices; /* KEEP-2: devices the person is responsible for (not scrapped) */
} bm_person_holds;

#endif
