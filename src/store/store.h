/*
 * store.h — the one interface to persistent data.
 *
 * Nothing above the store sees SQL or an engine's types. Each back end
 * (sqlite.c today; a PostgreSQL one later) provides a `struct bm_store_ops`
 * table; callers go through the bm_store_* wrappers below.
 *
 * Ownership: records read from the store are allocated in the caller's
 * arena and live as long as it. Records passed in are borrowed for the call.
 * Identifiers are int64 > 0. Text is UTF-8. Dates are "YYYY-MM-DD",
 * instants "YYYY-MM-DDTHH:MM:SSZ" (util/timeutil.h), NULL when unset.
 *
 * Transactions: every use case runs inside bm_store_begin()/commit(); a
 * failure calls rollback() and nothing it wrote remains. begin() takes the
 * write lock at once, so two writers never interleave (the audit chain
 * relies on it).
 *
 * Errors: BM_ENOTFOUND when a row does not exist, BM_ECONFLICT when a
 * uniqueness rule is broken (duplicate username, serial copy number…),
 * BM_ERROR for engine failures (detail in bm_error_last()). The store
 * reports facts and constraints only — a stable machine code and a plain
 * message, never a rule ID: a refusal under REGULATIONS.md is decided by a
 * pure function of src/policy before the store is asked.
 */
#ifndef BM_STORE_H
#define BM_STORE_H

#include "common.h"
#include "model/vocab.h"
#include "util/arena.h"

typedef struct bm_store bm_store;

typedef struct bm_unit {
	int64_t id;
	const char *name;
	const char *code;
	const char *created_at;
} bm_unit;

typedef struct bm_department {
	int64_t id;
	int64_t unit_id;
	const char *name;
	const char *code;
} bm_department;

typedef struct bm_role_grant {
	bm_role role;
	int64_t department_id; /* 0 = the whole unit */
} bm_role_grant;

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

typedef struct bm_place {
	int64_t id;
	int64_t unit_id;
	int64_t department_id; /* 0 = unit-wide */
	const char *name;
	bm_place_kind kind;
	bm_level max_level; /* KEEP-1: highest level the place may hold */
} bm_place;

typedef struct bm_scope_entry {
	int64_t person_id; /* exactly one of the two is non-zero */
	int64_t department_id;
} bm_scope_entry;

typedef struct bm_carrier {
	int64_t id;
	int64_t unit_id;
	bm_kind kind;
	const char *title;
	const char *doc_number; /* 文号, may be NULL */
	int serial_number;      /* 份号, 0 = none */
	int pages;              /* 0 = not applicable */
	int copies;             /* copies this record stands for (1 for a serial copy) */
	const char *producer;   /* 产生/制发机关 */
	const char *sender;     /* 发文/送达机关 */
	bm_level level;
	bm_level original_level; /* LEVEL-7: level at registration */
	bm_period_kind period_kind;
	int period_years;         /* BM_PERIOD_YEARS */
	const char *period_until; /* BM_PERIOD_UNTIL: declassification date */
	const char *period_event; /* BM_PERIOD_EVENT: the condition */
	const char *review_date;  /* BM_PERIOD_EVENT: when to review */
	const char *period_start; /* date the period runs from */
	bm_origin origin;
	bm_urgency urgency;
	const char *received_on;   /* incoming: date it arrived */
	const char *registered_at; /* instant of registration */
	int64_t department_id;     /* owning department, 0 = unit */
	int64_t custodian_id;      /* KEEP-1 */
	int64_t place_id;          /* KEEP-1 */
	bm_status status;
	int64_t copy_of; /* links, 0 = none */
	int64_t extract_of;
	int64_t volume_id;
	const char *note;
	int64_t registered_by;
	const char *updated_at;
	bm_scope_entry *scope; /* LEVEL-2: knowledge scope (carrier_get only) */
	size_t n_scope;
	/* Read-only display names, filled on reads (ignored on writes). */
	const char *custodian_name;
	const char *place_name;
	const char *department_name;
	/* KEEP-6: personal keeping (custodian not a clerk): why, who approved, until when. */
	const char *keep_reason;        /* NULL when the clerk keeps it */
	int64_t keep_approver_id;       /* 0 = none */
	const char *keep_until;         /* date, inclusive */
	const char *keep_approver_name; /* read-only, filled on reads */
} bm_carrier;

/* One line of a carrier's history (its own log, next to the audit chain). */
typedef struct bm_carrier_event {
	int64_t id;
	int64_t carrier_id;
	const char *at;
	int64_t actor_id;
	const char *action; /* "register", "move", … */
	const char *detail; /* compact JSON object */
} bm_carrier_event;

/* Who is looking (SYS-2). */
typedef struct bm_viewer {
	int64_t person_id;
	int64_t department_id;
	bm_level max_level; /* PERSON-1: from the person's class */
	bool whole_ledger;  /* clerk: every carrier up to max_level */
} bm_viewer;

typedef struct bm_carrier_filter {
	const bm_viewer *viewer; /* required: only visible carriers are returned or counted */
	int level;               /* -1 = any */
	int status;              /* -1 = any */
	int kind;                /* -1 = any */
	int origin;              /* -1 = any */
	int64_t department_id;   /* 0 = any */
	int64_t custodian_id;    /* 0 = any */
	int64_t place_id;        /* 0 = any */
	int64_t derived_from;    /* 0 = any; else the copies, extracts and parts of that carrier */
	const char *query;       /* substring of title or document number, NULL = any */
	/*
	 * Registration dates asked for: the unit's local dates (YYYY-MM-DD),
	 * both inclusive, NULL = open. The store does not read them: the
	 * service turns them into the instants below (bm_svc_carrier_list).
	 */
	const char *registered_from;
	const char *registered_to;
	const char *registered_since;  /* instant "YYYY-MM-DDTHH:MM:SSZ", inclusive; NULL = open */
	const char *registered_before; /* instant, exclusive; NULL = open */
	const char *sort; /* "id", "-id", "level", "-level", "title", "registered", "-registered" */
	int limit;        /* 1..1000 */
	int offset;
} bm_carrier_filter;

typedef struct bm_carrier_page {
	bm_carrier *items;
	size_t count;
	int64_t total; /* matching and visible, ignoring limit/offset */
} bm_carrier_page;

/* Counts of the carriers a filter matches and its viewer may see (SYS-2). */
typedef struct bm_carrier_stats {
	int64_t total;
	int64_t by_level[BM_LEVEL_COUNT];   /* indexed by bm_level */
	int64_t by_status[BM_STATUS_COUNT]; /* indexed by bm_status */
} bm_carrier_stats;

/*
 * One audit event as stored. The chain rule and canonical bytes are
 * documented in audit/audit.h; the store only keeps rows in `seq` order.
 */
typedef struct bm_audit_row {
	int64_t seq;
	const char *at;
	const char *actor; /* username or "-" */
	const char *action;
	const char *object;  /* "carrier:12", "" */
	const char *outcome; /* "ok", "refused", "failed" */
	const char *rule;    /* REGULATIONS.md ID or "" */
	const char *detail;  /* compact JSON object */
	const char *alg;     /* "sm3" */
	const char *prev_hash;
	const char *hash;
} bm_audit_row;

typedef int (*bm_audit_row_cb)(const bm_audit_row *row, void *ctx);

typedef struct bm_policy_version {
	int version;
	const char *text;
	const char *created_at;
	int64_t created_by;
	const char *comment;
} bm_policy_version;

/*
 * SYS-4: a login session of the HTTP API. Only a hash of the bearer token
 * is stored (lower-case hex of BLAKE2b-256), never the token itself.
 */
typedef struct bm_session {
	int64_t id;
	const char *token_hash;
	int64_t person_id;
	const char *channel; /* "api" */
	const char *created_at;
	const char *last_seen_at; /* refreshed by requests; idle expiry counts from it */
	const char *ended_at;     /* NULL while the session is open */
	const char *end_reason;   /* "logout", "idle", "disabled", "password_reset", … */
} bm_session;

/*
 * Issue 3: the approval workflows. A request asks for one operation (bm_op)
 * on zero or more carriers; its approvers come from the unit's policy.
 */
typedef struct bm_request_row {
	int64_t id;
	int64_t unit_id;
	bm_op op;
	const char *status; /* pending, approved, rejected, withdrawn, executed, expired */
	int64_t requester_id;
	int64_t department_id; /* whose role holders approve; 0 = unit */
	bm_level level;        /* the level that chose the chain */
	const char *reason;
	const char *params; /* kind-specific facts, compact JSON object */
	const char *chain;  /* approver role codes in order, JSON array */
	int step;           /* approvals given so far */
	const char *rule;   /* the rule that requires the approval */
	const char *created_at;
	const char *updated_at;
	const char *decided_at;
	const char *executed_at;
	int64_t *carrier_ids; /* request_item rows (filled by request_get) */
	size_t n_carriers;
	const char *requester_name; /* display, filled on reads */
} bm_request_row;

typedef struct bm_approval_row {
	int64_t id;
	int64_t request_id;
	int step;
	bm_role role;
	int64_t approver_id;
	bool approved; /* false = rejected */
	const char *comment;
	const char *at;
	const char *approver_name; /* display, filled on reads */
} bm_approval_row;

typedef struct bm_request_filter {
	int64_t requester_id; /* 0 = any */
	const char *status;   /* NULL = any */
	int op;               /* -1 = any */
	int64_t carrier_id;   /* 0 = any */
	int limit, offset;
} bm_request_filter;

/* An issue against signature and its return (BORROW, CARRY, CIRC). */
typedef struct bm_loan_row {
	int64_t id;
	int64_t carrier_id;
	int64_t request_id; /* 0 = none (circulation by the clerk) */
	const char *kind;   /* borrow, read_on_site, take_out, circulation */
	int64_t holder_id;
	int64_t issued_by;
	const char *issued_at;
	const char *due_at; /* instant */
	const char *place;
	const char *destination;
	const char *purpose;
	const char *signature;
	const char *returned_at; /* NULL while out */
	int64_t received_by;
	const char *return_note;
	bool incomplete;
	const char *holder_name; /* display, filled on reads */
	const char *carrier_title;
	bool overdue; /* set by bm_svc_loans_out: out and now > due_at */
} bm_loan_row;

/*
 * Issue 3, records (sqlite_records.c): destructions, level decisions,
 * hand-overs and departures. Every one is kept for ever.
 */

/* DESTROY-1..4: one executed destruction batch (its items are the request's). */
typedef struct bm_destruction_row {
	int64_t id;
	int64_t request_id;
	int64_t executed_by;
	const char *executed_at;
	const char *place;    /* DESTROY-1: where it was done */
	const char *method;   /* DESTROY-3: bm_destroy_method code */
	int64_t *witness_ids; /* DESTROY-2: distinct 监销人, in the order given */
	size_t n_witnesses;
	int64_t *carrier_ids; /* the request's items (filled on reads) */
	size_t n_carriers;
} bm_destruction_row;

/* LEVEL-4/7/8/9: one level decision on one carrier. */
typedef struct bm_level_change_row {
	int64_t id;
	int64_t carrier_id;
	int64_t request_id; /* 0 = decided directly by the classification authority */
	bm_level from_level;
	bm_level to_level;
	const char *old_marking; /* LEVEL-8: shown struck out */
	const char *new_marking; /* "解密" on declassification */
	const char *basis;       /* LEVEL-9: the catalogue entry followed */
	const char *reason;
	int64_t decided_by;
	const char *at;
	const char *decided_by_name; /* display, filled on reads */
} bm_level_change_row;

/* KEEP-2: one hand-over list, signed by both sides. */
typedef struct bm_handover_row {
	int64_t id;
	int64_t unit_id;
	int64_t from_person_id;
	int64_t to_person_id;
	const char *note;
	const char *from_signature; /* name and instant of each side's signature */
	const char *to_signature;
	int64_t recorded_by;
	const char *at;
	int64_t *carrier_ids; /* the list, in order */
	size_t n_carriers;
} bm_handover_row;

/* PERSON-4: a person left; the 脱密期 runs until decl_until. */
typedef struct bm_departure_row {
	int64_t id;
	int64_t person_id;
	const char *left_on;    /* date */
	const char *decl_until; /* date: last day of the 脱密期 */
	bm_class person_class;  /* the class held when leaving */
	int64_t recorded_by;
	const char *at;
} bm_departure_row;

/* Which carriers carrier_linked lists. */
typedef enum bm_carrier_link {
	BM_LINK_COPY_OF = 0, /* copies of carrier `id` (COPY-3) */
	BM_LINK_EXTRACT_OF,  /* extracts of carrier `id` (COPY-4) */
	BM_LINK_VOLUME,      /* parts of volume `id` (LEVEL-5) */
	BM_LINK_CUSTODIAN,   /* kept by person `id`, neither destroyed nor returned (KEEP-2) */
} bm_carrier_link;

/*
 * Issue 3, ledgers (sqlite_ledger.c): dispatches (SEND-1..5), counts
 * (INV-1..4), incidents (BORROW-6, INV-4, INC-1/4) and the read-only
 * queries behind alerts and registers.
 */
typedef struct bm_dispatch_item_row {
	int64_t carrier_id;
	const char *recipient; /* SEND-4: one recipient per copy */
	const char *signed_at; /* NULL until the recipient signs */
	const char *signed_by;
} bm_dispatch_item_row;

typedef struct bm_dispatch_row {
	int64_t id;
	int64_t unit_id;
	bm_channel channel;  /* SEND-1 */
	const char *courier; /* SEND-2: the named dedicated person / courier */
	const char *escorts; /* SEND-2: JSON array of names */
	int64_t created_by;
	const char *created_at;
	const char *status; /* open, complete */
	const char *note;
	bm_dispatch_item_row *items;
	size_t n_items;
	const char *created_by_name; /* display, filled on reads */
} bm_dispatch_row;

typedef struct bm_count_session_row {
	int64_t id;
	int64_t unit_id;
	const char *scope_kind; /* unit, department, custodian */
	int64_t scope_id;       /* 0 for unit */
	const char *reason;
	int64_t started_by;
	const char *started_at;
	const char *closed_at;       /* NULL while open */
	const char *result;          /* JSON object once closed */
	const char *started_by_name; /* display, filled on reads */
} bm_count_session_row;

typedef struct bm_count_item_row {
	int64_t session_id;
	int64_t carrier_id; /* may be an id the ledger lacks (unexpected) */
	bool incomplete;    /* INV-3: attachments missing */
	const char *note;
	const char *at;
} bm_count_item_row;

typedef struct bm_incident_row {
	int64_t id;
	int64_t unit_id;
	const char *kind;   /* missing, overdue, leak, other */
	int64_t carrier_id; /* 0 = none */
	const char *status; /* open, closed */
	int64_t opened_by;  /* 0 = the system */
	const char *opened_at;
	const char *detail;   /* INC-1 record, JSON object */
	const char *findings; /* INC-4 */
	const char *closed_at;
	const char *opened_by_name; /* display, filled on reads */
} bm_incident_row;

/* What ledger_carrier_ids selects: carriers of the unit, every value optional. */
typedef struct bm_ledger_query {
	const char *scope_kind; /* NULL or "unit": all; "department", "custodian" */
	int64_t scope_id;
	bool live_only; /* leave out destroyed and returned carriers */
	int status;     /* -1 = any */
	int origin;     /* -1 = any */
	int origin2;    /* -1 = none: a second origin accepted (copy + extract) */
} bm_ledger_query;

/*
 * REG-3: a sealed personal letter (领导亲启) the clerk logged for its
 * addressee (sqlite_letter.c). Status: sealed → to_register (opened, held
 * classified contents) → registered (contents registered as incoming
 * carriers), or sealed → closed (opened, nothing classified).
 */
typedef struct bm_letter_row {
	int64_t id;
	int64_t unit_id;
	const char *sender;
	const char *received_on; /* date */
	int64_t addressee_id;
	const char *note;
	int64_t logged_by;
	const char *logged_at;
	const char *status;    /* sealed, to_register, registered, closed */
	const char *opened_at; /* NULL while sealed */
	bool classified;       /* stated by the addressee on opening */
	const char *open_note;
	const char *registered_at;
	int64_t *carrier_ids; /* contents registered (letter_get and letter_list) */
	size_t n_carriers;
	const char *addressee_name; /* display, filled on reads */
	const char *logged_by_name;
} bm_letter_row;

struct bm_store_ops {
	int abi_version; /* BM_STORE_ABI */
	const char *engine;

	void (*close)(bm_store *s);
	int (*begin)(bm_store *s);
	int (*commit)(bm_store *s);
	int (*rollback)(bm_store *s);
	int (*schema_version)(bm_store *s, int *out);

	int (*unit_insert)(bm_store *s, bm_unit *u);
	int (*unit_get)(bm_store *s, bm_arena *a, int64_t id, bm_unit **out);
	int (*unit_first)(bm_store *s, bm_arena *a, bm_unit **out);

	int (*department_insert)(bm_store *s, bm_department *d);
	int (*department_get)(bm_store *s, bm_arena *a, int64_t id, bm_department **out);
	int (*department_find)(bm_store *s, bm_arena *a, int64_t unit_id, const char *name,
	                       bm_department **out);
	int (*department_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_department **out,
	                       size_t *count);

	int (*person_insert)(bm_store *s, bm_person *p);
	int (*person_update)(bm_store *s, const bm_person *p);
	int (*person_get)(bm_store *s, bm_arena *a, int64_t id, bm_person **out);
	int (*person_find)(bm_store *s, bm_arena *a, const char *username_or_name, bm_person **out);
	int (*person_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_person **out,
	                   size_t *count);
	int (*role_grant)(bm_store *s, int64_t person_id, bm_role role, int64_t department_id);
	int (*role_revoke)(bm_store *s, int64_t person_id, bm_role role, int64_t department_id);

	int (*place_insert)(bm_store *s, bm_place *p);
	int (*place_get)(bm_store *s, bm_arena *a, int64_t id, bm_place **out);
	int (*place_find)(bm_store *s, bm_arena *a, int64_t unit_id, const char *name,
	                  bm_place **out);
	int (*place_list)(bm_store *s, bm_arena *a, int64_t unit_id, bm_place **out, size_t *count);

	int (*carrier_insert)(bm_store *s, bm_carrier *c);
	int (*carrier_update)(bm_store *s, const bm_carrier *c);
	int (*carrier_get)(bm_store *s, bm_arena *a, int64_t id, bm_carrier **out);
	int (*carrier_list)(bm_store *s, bm_arena *a, const bm_carrier_filter *f,
	                    bm_carrier_page *out);
	/* The counts by level and status of what carrier_list would match (paging ignored). */
	int (*carrier_stats)(bm_store *s, bm_arena *a, const bm_carrier_filter *f,
	                     bm_carrier_stats *out);
	int (*carrier_serial_taken)(bm_store *s, int64_t unit_id, const char *doc_number,
	                            int serial_number, bool *out);
	int (*carrier_event_insert)(bm_store *s, bm_carrier_event *e);
	int (*carrier_event_list)(bm_store *s, bm_arena *a, int64_t carrier_id,
	                          bm_carrier_event **out, size_t *count);

	int (*audit_tail)(bm_store *s, int64_t *seq_out, char *hash_out, size_t hash_size);
	int (*audit_insert)(bm_store *s, const bm_audit_row *row);
	int (*audit_foreach)(bm_store *s, bm_audit_row_cb cb, void *ctx);

	int (*policy_current)(bm_store *s, bm_arena *a, bm_policy_version **out);
	int (*policy_insert)(bm_store *s, const bm_policy_version *v);
	int (*policy_list)(bm_store *s, bm_arena *a, bm_policy_version **out, size_t *count);

	/*
	 * SYS-4: sessions, login failures and password history (sqlite_session.c).
	 * session_find answers BM_ENOTFOUND for an unknown hash (ended sessions
	 * are found, with ended_at set). session_end_person ends every open
	 * session of a person except `except_id` (0 = none). login_failure_list
	 * returns the instants of a username's failures at or after `since`,
	 * oldest first, as arena strings; login_failure_purge forgets those
	 * before `before`. password_history keeps the hashes a person's passwords
	 * had before they were replaced; password_history_list returns the newest
	 * `limit` of them, newest first.
	 */
	int (*session_insert)(bm_store *s, bm_session *sess);
	int (*session_find)(bm_store *s, bm_arena *a, const char *token_hash, bm_session **out);
	int (*session_touch)(bm_store *s, int64_t id, const char *last_seen_at);
	int (*session_end)(bm_store *s, int64_t id, const char *ended_at, const char *reason);
	int (*session_end_person)(bm_store *s, int64_t person_id, int64_t except_id,
	                          const char *ended_at, const char *reason);
	int (*login_failure_insert)(bm_store *s, const char *username, const char *at);
	int (*login_failure_list)(bm_store *s, bm_arena *a, const char *username, const char *since,
	                          const char ***out, size_t *count);
	int (*login_failure_clear)(bm_store *s, const char *username);
	int (*login_failure_purge)(bm_store *s, const char *before);
	int (*password_history_insert)(bm_store *s, int64_t person_id, const char *password_hash,
	                               const char *at);
	int (*password_history_list)(bm_store *s, bm_arena *a, int64_t person_id, int limit,
	                             const char ***out, size_t *count);

	/*
	 * Issue 3, requests, approvals, loans (sqlite_workflow.c). request_insert
	 * writes the row and its items and sets r->id; request_update writes
	 * status, step, params, decided_at, executed_at, updated_at. loan_open
	 * lists loans not yet returned (all holders when holder_id is 0).
	 */
	int (*request_insert)(bm_store *s, bm_request_row *r);
	int (*request_update)(bm_store *s, const bm_request_row *r);
	int (*request_get)(bm_store *s, bm_arena *a, int64_t id, bm_request_row **out);
	int (*request_list)(bm_store *s, bm_arena *a, const bm_request_filter *f,
	                    bm_request_row **out, size_t *count, int64_t *total);
	int (*approval_insert)(bm_store *s, bm_approval_row *ap);
	int (*approval_list)(bm_store *s, bm_arena *a, int64_t request_id, bm_approval_row **out,
	                     size_t *count);
	int (*loan_insert)(bm_store *s, bm_loan_row *l);
	int (*loan_update)(bm_store *s, const bm_loan_row *l);
	int (*loan_get)(bm_store *s, bm_arena *a, int64_t id, bm_loan_row **out);
	int (*loan_current)(bm_store *s, bm_arena *a, int64_t carrier_id, bm_loan_row **out);
	int (*loan_open)(bm_store *s, bm_arena *a, int64_t holder_id, bm_loan_row **out,
	                 size_t *count);
	int (*loan_list)(bm_store *s, bm_arena *a, int64_t carrier_id, bm_loan_row **out,
	                 size_t *count);

	/* Issue 3, records: destruction, level changes, hand-overs (sqlite_records.c). */
	/*
	 * destruction_insert writes the batch with its witnesses and sets d->id;
	 * destruction_for_carrier finds the batch that destroyed a carrier
	 * (BM_ENOTFOUND when none). handover_insert writes the list and sets h->id;
	 * handover_list gives the lists a person signed on either side (0: all).
	 * departure_last is the person's latest departure (BM_ENOTFOUND when none).
	 * carrier_linked lists carrier ids by link, in id order. carrier_max_serial
	 * is the highest serial copy number of a document (0 when none).
	 */
	int (*destruction_insert)(bm_store *s, bm_destruction_row *d);
	int (*destruction_get)(bm_store *s, bm_arena *a, int64_t id, bm_destruction_row **out);
	int (*destruction_for_carrier)(bm_store *s, bm_arena *a, int64_t carrier_id,
	                               bm_destruction_row **out);
	int (*destruction_list)(bm_store *s, bm_arena *a, bm_destruction_row **out, size_t *count);
	int (*level_change_insert)(bm_store *s, bm_level_change_row *r);
	int (*level_change_list)(bm_store *s, bm_arena *a, int64_t carrier_id,
	                         bm_level_change_row **out, size_t *count);
	int (*handover_insert)(bm_store *s, bm_handover_row *h);
	int (*handover_list)(bm_store *s, bm_arena *a, int64_t person_id, bm_handover_row **out,
	                     size_t *count);
	int (*departure_insert)(bm_store *s, bm_departure_row *d);
	int (*departure_last)(bm_store *s, bm_arena *a, int64_t person_id, bm_departure_row **out);
	int (*carrier_linked)(bm_store *s, bm_arena *a, bm_carrier_link link, int64_t id,
	                      int64_t **ids, size_t *count);
	int (*carrier_max_serial)(bm_store *s, int64_t unit_id, const char *doc_number, int *out);

	/* Issue 3, ledgers: dispatches, counts, incidents (sqlite_ledger.c). */
	/*
	 * dispatch_insert writes the row and its items and sets d->id;
	 * dispatch_sign signs one item (BM_ENOTFOUND: not on the dispatch,
	 * BM_ECONFLICT: signed already); dispatch_for_carrier gives the open
	 * dispatch holding a carrier (0 = none). count_tick records or replaces
	 * one tick. incident_update writes detail, findings, status, closed_at.
	 * ledger_carrier_ids selects carrier ids (every viewer filter is the
	 * caller's); ledger_loans lists loans of `kind` (NULL = any), open ones
	 * only with `open_only`, oldest first; ledger_requests lists requests of
	 * a status (NULL = any) with their carrier ids. Lists are oldest first.
	 */
	int (*dispatch_insert)(bm_store *s, bm_dispatch_row *d);
	int (*dispatch_get)(bm_store *s, bm_arena *a, int64_t id, bm_dispatch_row **out);
	int (*dispatch_list)(bm_store *s, bm_arena *a, bool open_only, bm_dispatch_row **out,
	                     size_t *count);
	int (*dispatch_sign)(bm_store *s, int64_t dispatch_id, int64_t carrier_id,
	                     const char *signed_at, const char *signed_by);
	int (*dispatch_set_status)(bm_store *s, int64_t id, const char *status);
	int (*dispatch_for_carrier)(bm_store *s, int64_t carrier_id, int64_t *dispatch_id);
	int (*count_insert)(bm_store *s, bm_count_session_row *c);
	int (*count_get)(bm_store *s, bm_arena *a, int64_t id, bm_count_session_row **out);
	int (*count_list)(bm_store *s, bm_arena *a, bm_count_session_row **out, size_t *count);
	int (*count_close)(bm_store *s, int64_t id, const char *closed_at, const char *result);
	int (*count_tick)(bm_store *s, const bm_count_item_row *it);
	int (*count_items)(bm_store *s, bm_arena *a, int64_t session_id, bm_count_item_row **out,
	                   size_t *count);
	int (*incident_insert)(bm_store *s, bm_incident_row *i);
	int (*incident_update)(bm_store *s, const bm_incident_row *i);
	int (*incident_get)(bm_store *s, bm_arena *a, int64_t id, bm_incident_row **out);
	int (*incident_list)(bm_store *s, bm_arena *a, const char *status, int64_t carrier_id,
	                     bm_incident_row **out, size_t *count);
	int (*ledger_carrier_ids)(bm_store *s, bm_arena *a, const bm_ledger_query *q, int64_t **out,
	                          size_t *count);
	int (*ledger_loans)(bm_store *s, bm_arena *a, const char *kind, bool open_only,
	                    bm_loan_row **out, size_t *count);
	int (*ledger_requests)(bm_store *s, bm_arena *a, const char *status, bm_request_row **out,
	                       size_t *count);

	/*
	 * REG-3, personal letters (sqlite_letter.c). letter_insert sets l->id;
	 * letter_update writes status, opened_at, classified, open_note and
	 * registered_at; letter_list gives a unit's letters to `addressee_id`
	 * (0 = any) in `status` (NULL = any), oldest first; letter_link records
	 * a carrier registered from a letter's contents.
	 */
	int (*letter_insert)(bm_store *s, bm_letter_row *l);
	int (*letter_update)(bm_store *s, const bm_letter_row *l);
	int (*letter_get)(bm_store *s, bm_arena *a, int64_t id, bm_letter_row **out);
	int (*letter_list)(bm_store *s, bm_arena *a, int64_t unit_id, int64_t addressee_id,
	                   const char *status, bm_letter_row **out, size_t *count);
	int (*letter_link)(bm_store *s, int64_t letter_id, int64_t carrier_id);
};

#define BM_STORE_ABI 1

/* Every back end's handle starts with this; the rest is private to it. */
struct bm_store {
	const struct bm_store_ops *ops;
};

/*
 * Opens (creating if needed) the store at `target` and applies pending
 * migrations. `target` is a file path (SQLite) or, later, a
 * postgresql:// URL. `*out` belongs to the caller; free with bm_store_close.
 */
int bm_store_open(bm_store **out, const char *target);

/* Closes the store; NULL is ignored. */
void bm_store_close(bm_store *s);

/* The SQLite back end (sqlite.c). */
int bm_store_sqlite_open(bm_store **out, const char *path);

/* Shorthand for calling through the table: BM_STORE(s, carrier_get)(s, a, id, &c). */
#define BM_STORE(s, fn) ((s)->ops->fn)

#endif
