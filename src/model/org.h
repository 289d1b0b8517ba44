/*
 * model/org.h — the unit and its people: units, departments, people
 * and their roles, storage places, and the versions of the unit's policy.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_ORG_H
#define BM_MODEL_ORG_H

#include "common.h"
#include "model/vocab.h"

typedef struct bm_unit {
	int64_t id;
	const char *name;
	const char *code;
	const char *created_at;
} bm_unit;

/*
 * A department. Issue 14 point 14: renamed (the former names kept, `former`)
 * and retired (停用) from `retired_on`, never deleted. The counts are filled
 * by the list only (0 elsewhere).
 */
typedef struct bm_department {
	int64_t id;
	int64_t unit_id;
	const char *name;
	const char *code;
	const char *retired_on; /* NULL: in use; else no new people from that day (ORG-1) */
	const char *former;     /* JSON [{name, until}] of former names, oldest first, or NULL */
	int64_t n_people;       /* list: people not left */
	int64_t n_carriers;     /* list: carriers it owns still held (in store, lent, out) */
	bool on_duty;           /* list: a current line of the ORG-1 responsibility table */
} bm_department;

/* A role held, for a department (0 = the whole unit): the vocabulary's bm_grant. */
typedef bm_grant bm_role_grant;

typedef enum bm_person_status {
	BM_PERSON_ACTIVE = 0,
	BM_PERSON_DISABLED,
	BM_PERSON_LEFT,
} bm_person_status;

typedef struct bm_person {
	int64_t id;
	int64_t unit_id;
	int64_t department_id; /* 0 = none */
	const char *username;  /* NULL = no login account */
	const char *name;
	bm_class person_class;
	bool temporary; /* PERSON-3: temporary hire */
	bm_person_status status;
	const char *password_hash; /* Argon2id string, NULL = cannot log in */
	bool must_change_password;
	const char *commitment_signed_on; /* PERSON-2: date the commitment was signed */
	const char *created_at;
	bm_role_grant *roles; /* filled by person_get/person_find */
	size_t n_roles;
} bm_person;

/*
 * SYS-1 (issue 9): a password reset or a new account's first login, filed
 * by the system administrator and decided by the security administrator.
 * `half_hash` is the Argon2id string of the filer's half of the temporary
 * secret; the approver's half is never stored apart (the account's hash
 * becomes both, bm_svc_password_matches).
 */
typedef struct bm_account_filing {
	int64_t id;
	int64_t unit_id;
	int64_t person_id;
	const char *kind; /* "reset" or "create" */
	int64_t filed_by;
	const char *filed_at;
	const char *expires_at;
	const char *half_hash;
	const char *status; /* "pending", "approved", "refused" */
	int64_t decided_by; /* 0 while pending */
	const char *decided_at;
	const char *reason; /* a refusal's, or NULL */
	/* filled by the reads: */
	const char *person_name, *username, *filed_by_name, *decided_by_name;
} bm_account_filing;

/*
 * SYS-1 (issue 9 point 1): an alert to the audit administrator about the
 * administrators. id 0 is an expired filing not yet acknowledged.
 */
typedef struct bm_admin_alert {
	int64_t id;
	int64_t unit_id;
	const char *kind; /* filed, approved, refused, expired, admin_roles, admin_disabled,
	                     admin_enabled */
	int64_t person_id;
	int64_t filing_id; /* 0: none */
	int64_t actor_id;
	const char *at;
	const char *detail; /* the filing's kind, the roles before and after, or NULL */
	/* filled by the reads: */
	const char *person_name, *actor_name;
} bm_admin_alert;

/* SYS-1/SYS-4: what an account's owner is told at login (issue 9). */
typedef struct bm_login_seen {
	const char *last_ok_at;     /* the last successful login before this one, or NULL */
	const char *last_failed_at; /* the last failed one, or NULL */
} bm_login_seen;

typedef struct bm_place {
	int64_t id;
	int64_t unit_id;
	int64_t department_id; /* 0 = unit-wide */
	const char *name;
	bm_place_kind kind;
	bm_level max_level;     /* KEEP-1: highest level the place may hold */
	const char *retired_on; /* NULL: in use; else no new carriers from that day (KEEP-1) */
	const char *former;     /* JSON [{name, until}] of former names, oldest first, or NULL */
	int64_t n_carriers;     /* list: carriers kept there still held (in store, lent, out) */
	int64_t n_devices;      /* list: devices standing there (by name), not scrapped */
} bm_place;

/* What a department or place still holds, before it is retired (issue 14 point 14). */
typedef struct bm_org_holdings {
	int64_t people;   /* department: people not left */
	int64_t carriers; /* carriers owned (department) or kept there (place), still held */
	int64_t devices;  /* place: devices standing there, not scrapped */
	bool on_duty;     /* department: a current ORG-1 responsibility line */
} bm_org_holdings;

typedef struct bm_policy_version {
	int version;
	const char *text;
	const char *created_at;
	int64_t created_by;
	const char *comment;
} bm_policy_version;

#endif
