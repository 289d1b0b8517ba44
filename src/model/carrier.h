/*
 * model/carrier.h — the carrier ledger (台账): carriers, their scope and
 * history, the viewer of SYS-2, the ledger's filter, page and counts.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_CARRIER_H
#define BM_MODEL_CARRIER_H

#include "common.h"
#include "model/vocab.h"

/* A knowledge scope entry (LEVEL-2): the vocabulary's bm_scope_ref. */
typedef bm_scope_ref bm_scope_entry;

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
	/*
	 * LEVEL-7/8: after a level decision, the marking it was registered with
	 * (zh and en; NULL when its level was never decided), the unit's date of
	 * the last decision, and whether that decision declassified it (then it
	 * is marked 解密). Read with the carrier; written by carrier_marking_set.
	 */
	const char *original_marking;
	const char *original_marking_en;
	const char *marking_changed_on; /* date, NULL = never decided */
	bool declassified;
	/*
	 * LEVEL-4/9: a carrier made here records the classification authority
	 * who decided its level and period (定密责任人) and the catalogue entry
	 * followed (定密依据); 0 and NULL on incoming carriers.
	 */
	int64_t classifier_id;
	const char *classification_basis;
	const char *classifier_name; /* read-only, filled on reads */
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
typedef struct bm_carrier_filter {
	const bm_viewer *viewer; /* required: only what viewer->rule (SYS-2) lets it see is returned
	                            or counted */
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
	/*
	 * Keyset paging: 0 = none; else the page starts after the carrier with
	 * this id in the sort order (then `offset` more rows are skipped). The
	 * carrier is only a position: it need not be visible or still match.
	 */
	int64_t after;
} bm_carrier_filter;

/*
 * Whether `f` narrows the viewer's carriers (SYS-2) by nothing but a level and
 * a status: the filters a tally kept by unit, level (and status) can count
 * without reading carriers (both engines' REG-5 count, SQLite's ledger counts).
 */
static inline bool bm_carrier_filter_level_status_only(const bm_carrier_filter *f)
{
	return f->kind < 0 && f->origin < 0 && !f->department_id && !f->custodian_id &&
	       !f->place_id && !f->derived_from && !f->registered_since && !f->registered_before &&
	       !(f->query && *f->query);
}

typedef struct bm_carrier_page {
	bm_carrier *items;
	size_t count;
	int64_t total; /* matching and visible, ignoring limit/offset/after */
	int64_t next;  /* the `after` of the following page: the last item's id; 0 = last page */
} bm_carrier_page;

/* Counts of the carriers a filter matches and its viewer may see (SYS-2). */
typedef struct bm_carrier_stats {
	int64_t total;
	int64_t by_level[BM_LEVEL_COUNT];   /* indexed by bm_level */
	int64_t by_status[BM_STATUS_COUNT]; /* indexed by bm_status */
} bm_carrier_stats;

#endif
