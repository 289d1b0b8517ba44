/*
 * model/ledger.h — the ledgers: dispatches, counts, incidents and the
 * read-only queries behind alerts and registers.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_LEDGER_H
#define BM_MODEL_LEDGER_H

#include "common.h"
#include "model/carrier.h"
#include "model/vocab.h"

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
	bool foreign_party; /* FOREIGN-1: the addressee is a foreign party */
	int64_t request_id; /* FOREIGN-1: the approved provision request carried out, 0 = none */
	bm_dispatch_item_row *items;
	size_t n_items;
	const char *created_by_name; /* display, filled on reads */
} bm_dispatch_row;

/*
 * REG-1, REG-4 (issue 14 point 11): one entry of a register — its running
 * number (登记序号) in its book, assigned when the entry is made and never
 * reused (migration 41). ref_id is the carrier (incoming, copy, destroy), the
 * loan (borrow, take-out) or the dispatch (dispatch).
 */
typedef struct bm_register_entry_row {
	int64_t ref_id;
	int64_t carrier_id;
	int64_t seq;
} bm_register_entry_row;

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
	const char *scope_name; /* display: 全单位, 部门：name, 保管人：name (count list) */
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
 * INV-3, one carrier a count expects (issue 17: compared in SQL): a live
 * carrier of the count's scope its viewer may see (SYS-2), whether the
 * count ticked it, and for one not ticked where it is (its first open
 * loan, its open dispatch) and its open incident. `c` has no scope
 * (n_scope 0): read it again before writing it back.
 */
typedef struct bm_count_expected {
	bm_carrier c;
	bool ticked;
	bool incomplete;       /* the tick says attachments are missing */
	const char *note;      /* the tick's note */
	int64_t loan_id;       /* 0: no open loan */
	const char *loan_kind; /* with its holder's name and due time */
	const char *loan_holder;
	const char *loan_due;
	int64_t dispatch_id; /* an open dispatch whose item is unsigned, or 0 */
	int64_t incident_id; /* the open incident a close would name (INV-4), or 0 */
} bm_count_expected;

/*
 * INV-3, the lists of a count's result (issue 17: summarised and paged).
 * Found and incomplete are ticked carriers of the expected set (incomplete
 * a part of found), out and missing the rest of it, unexpected the ticks
 * outside it.
 */
typedef enum bm_count_list {
	BM_COUNT_FOUND,
	BM_COUNT_MISSING,
	BM_COUNT_OUT,
	BM_COUNT_UNEXPECTED,
	BM_COUNT_INCOMPLETE,
	BM_COUNT_LISTS
} bm_count_list;

extern const char *const bm_count_list_names[BM_COUNT_LISTS];

/* How many lines each list of a count holds, and how many carriers it expects. */
typedef struct bm_count_tally {
	int64_t expected;
	int64_t n[BM_COUNT_LISTS];
} bm_count_tally;

/*
 * One page of one list: the lines after carrier id `after`, at most `limit`
 * (0: all); with `place` only the carriers of that 存放地点 (issue 14 point
 * 6: counting safe by safe; 0: any place, -1: the carriers with none).
 */
typedef struct bm_count_slice {
	bm_count_list list;
	int64_t after;
	int64_t limit;
	int64_t place;
} bm_count_slice;

/*
 * A count's progress at one 存放地点 (issue 14 point 6): the expected
 * carriers kept there and how many are found (incomplete a part of them),
 * out (accounted for elsewhere) and not yet found (missing). place_id 0:
 * the carriers with no place recorded (name NULL).
 */
typedef struct bm_count_place {
	int64_t place_id;
	const char *name;
	int64_t expected, found, missing, out, incomplete;
} bm_count_place;

/* A row of count_line as written and walked (strings borrowed). */
typedef struct bm_count_line_row {
	bm_count_list list;
	int64_t carrier_id;
	const char *status; /* the carrier's status after the close; NULL: unknown id */
	int64_t incident_id, loan_id, dispatch_id;
	const char *note;
	const char *title, *marking, *number, *where; /* unexpected lines only */
} bm_count_line_row;

/*
 * One stored line of a closed count (issue 17: count_line, migration 13).
 * A line of the expected set keeps the carrier's status at the close and
 * its whereabouts by id; `c` is the carrier as the ledger holds it now
 * (for title, marking and number). An unexpected line keeps its texts.
 */
typedef struct bm_count_stored {
	bm_count_expected e; /* e.c valid when has_carrier */
	bool has_carrier;
	const char *status;                           /* at the close */
	const char *title, *marking, *number, *where; /* unexpected lines */
} bm_count_stored;

/* What a close writes in SQL (INV-3/INV-4), besides the caller's bounds. */
typedef struct bm_count_apply {
	int64_t actor_id;
	const char *now;           /* instant of the close */
	const char *circumstances; /* INC-1 text of the incident opened */
	const char *what;          /* INC-1 "what" of the incident opened */
	const char *source;        /* "count:N" */
	const char *rule;          /* the rule an incident of missing carriers names (INV-4) */
	int64_t incidents_opened;  /* out: incidents opened (0 or 1) */
	int64_t incident_id;       /* out: the incident opened, else 0 */
	int64_t status_changed;    /* out: carriers whose status the close changed */
	bm_count_tally tally;      /* out: the lines written, by list (unexpected: none) */
} bm_count_apply;

/*
 * The indexed bounds of the carriers an alert may concern (issue 17); the
 * rules of src/policy decide each candidate, so a bound may be loose, never
 * tight. NULL leaves a branch out.
 */
/* The carriers one kind of alert concerns, as bounds the rules give (issue 17). */
typedef enum bm_alert_set {
	BM_ALERT_SET_PERIOD = 0,   /* LEVEL-6: classified, period ending in [from, to] */
	BM_ALERT_SET_REGISTRATION, /* REG-2: incoming, registered late since `since` */
	BM_ALERT_SET_KEEPING,      /* KEEP-6: personal keeping until a day in [from, to] */
	BM_ALERT_SET_MISSING,      /* INV-4: missing */
	BM_ALERT_SET_HANDLING,     /* REG-5: incoming classified, unhandled, received by `to`
	                            * (urgent items) or by `from` (ordinary ones) */
} bm_alert_set;

typedef struct bm_alert_range {
	bm_alert_set set;
	const char *from, *to; /* days (YYYY-MM-DD), inclusive; NULL: open */
	const char *since;     /* REG-2: registered at or after this instant */
	/* REG-2: registered this long or more after the day received began (a policy's:
	 * bm_rules_registration_late_seconds) */
	int64_t late_seconds;
	int64_t custodian_id; /* KEEP-6: only this keeper's carriers (0: anyone's) */
} bm_alert_range;

#endif
