/*
 * model/records.h — the records kept for ever: destructions, level
 * decisions, hand-overs, departures, and the carrier links.
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_RECORDS_H
#define BM_MODEL_RECORDS_H

#include "common.h"
#include "model/vocab.h"

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
	/*
	 * How each witness confirmed, beside witness_ids (DESTROY-2 with REG-1;
	 * issue 14 point 5): BM_RECEIPT_MARK_PASSWORD or BM_RECEIPT_MARK_PAPER
	 * (model/workflow.h); NULL for a batch destroyed before, whose witnesses
	 * the clerk named and none confirmed (the register says so).
	 */
	const char **witness_signatures;
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
	/*
	 * How each side confirmed (KEEP-2, REG-1; issue 14 point 5):
	 * BM_RECEIPT_MARK_PASSWORD or BM_RECEIPT_MARK_PAPER (model/workflow.h);
	 * lists before issue 14 hold the name typed and the instant, never
	 * shown as a signature (bm_loan_receipt says "typed").
	 */
	const char *from_signature;
	const char *to_signature;
	int64_t recorded_by;
	const char *at;
	int64_t *carrier_ids; /* the list, in order */
	size_t n_carriers;
	/*
	 * KEEP-2, REG-1 (migration 47): each carrier as the list showed it
	 * when handed over, parallel to carrier_ids (NULL on insert: ids
	 * only). A list written before migration 47 reads with its fields
	 * NULL and level -1: nothing was recorded then.
	 */
	struct bm_handover_item *items;
	/* The devices handed over on the list, as they were (handover_finish). */
	struct bm_handover_device *devices;
	size_t n_devices;
	/* REG-4: the 登记序号 in the classified and the ordinary book, 0 = not in it (reads). */
	int64_t seq_classified, seq_ordinary;
} bm_handover_row;

/* KEEP-2: a carrier on a hand-over list, as handed over. */
typedef struct bm_handover_item {
	int64_t carrier_id;
	const char *doc_number; /* 文号, NULL = none or not recorded */
	int serial_number;      /* 份号, 0 = none */
	const char *title;      /* NULL: not recorded (before migration 47) */
	int level;              /* bm_level, -1: not recorded */
	const char *marking;    /* the marking printed, with its period */
} bm_handover_item;

/* KEEP-2: a device on a hand-over list, as handed over. */
typedef struct bm_handover_device {
	int64_t device_id;
	const char *number; /* 编号 */
	const char *kind;   /* bm_device_kind_names code */
	const char *model;
	int level; /* bm_level */
} bm_handover_device;

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

#endif
