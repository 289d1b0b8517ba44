/*
 * model/device.h — the register of classified devices and storage media
 * (涉密设备与存储介质, DEV-1..7, issue 10 point 3).
 *
 * One domain's records: plain types the store reads and writes (through
 * its table of operations, store/store.h) and the services hand to the
 * front ends, which see no store header. Include "model/data.h", which
 * includes every domain in order. Ownership and conventions: store/store.h.
 */
#ifndef BM_MODEL_DEVICE_H
#define BM_MODEL_DEVICE_H

#include "common.h"
#include "model/vocab.h"

/* DEV-1, DEV-7: what the register holds. */
typedef enum bm_device_kind {
	BM_DEVICE_COMPUTER = 0,   /* 涉密计算机 (desktop) */
	BM_DEVICE_LAPTOP,         /* 涉密便携式计算机 */
	BM_DEVICE_USB,            /* U盘 */
	BM_DEVICE_REMOVABLE_DISK, /* 移动硬盘 */
	BM_DEVICE_OPTICAL_DISC,   /* 光盘 */
	BM_DEVICE_PRINTER,        /* 打印机 (DEV-7) */
	BM_DEVICE_COPIER,         /* 复印机 (DEV-7) */
	BM_DEVICE_FAX,            /* 传真机 (DEV-7) */
	BM_DEVICE_SHREDDER,       /* 碎纸机 */
	BM_DEVICE_KIND_COUNT
} bm_device_kind;

/* Codes (database, API, CLI) with zh/en names, indexed by bm_device_kind. */
extern const bm_vocab_entry bm_device_kind_names[BM_DEVICE_KIND_COUNT];

/*
 * A device's state: in use, under repair (DEV-5: from the repair's start to
 * its end), scrapped (DEV-6), missing (INV-4: not found at a count's close).
 */
typedef enum bm_device_status {
	BM_DEVICE_IN_USE = 0, /* 在用 */
	BM_DEVICE_REPAIR,     /* 维修中 */
	BM_DEVICE_SCRAPPED,   /* 已报废 */
	BM_DEVICE_MISSING,    /* 下落不明 */
	BM_DEVICE_STATUS_COUNT
} bm_device_status;

extern const bm_vocab_entry bm_device_status_names[BM_DEVICE_STATUS_COUNT];

#define bm_device_kind_parse(s)   bm_vocab_find(bm_device_kind_names, BM_DEVICE_KIND_COUNT, (s))
#define bm_device_status_parse(s) bm_vocab_find(bm_device_status_names, BM_DEVICE_STATUS_COUNT, (s))

/*
 * The storage kind of the carrier ledger whose DEV-2/DEV-4 rules a device
 * of `kind` answers to: removable media are their own carrier kinds, a
 * computer, laptop, printer, copier or fax holds a hard disk or memory;
 * a shredder stores nothing (BM_KIND_OTHER).
 */
bm_kind bm_device_medium_kind(bm_device_kind kind);

/* DEV-7: printers, copiers and fax machines are office equipment with an operator. */
bool bm_device_is_office(bm_device_kind kind);

/*
 * DEV-1: the state of a device's label as recorded: never recorded as
 * affixed (none); affixed, but the device's level or its responsible person
 * has changed since, so the label on it shows what no longer holds
 * (outdated); or affixed and showing the device as it is (current).
 */
typedef enum bm_device_label_state {
	BM_LABEL_NONE = 0,
	BM_LABEL_OUTDATED,
	BM_LABEL_CURRENT,
	BM_LABEL_STATE_COUNT
} bm_device_label_state;

extern const bm_vocab_entry bm_device_label_state_names[BM_LABEL_STATE_COUNT];

/* One device of the register (table device). Strings belong to the reader's arena. */
typedef struct bm_device {
	int64_t id;
	int64_t unit_id;
	const char *number; /* 编号, unique in the unit (DEV-1) */
	bm_device_kind kind;
	const char *model;   /* 型号 */
	const char *serial;  /* 序列号 */
	bm_level level;      /* DEV-2: only ever rises */
	int64_t holder_id;   /* 定机定人: the one person responsible (DEV-1) */
	int64_t operator_id; /* DEV-7: the operator of office equipment, 0 = none */
	const char *place;   /* where it stands or is kept */
	bm_device_status status;
	bool encrypted;                  /* DEV-7: a fax with encryption equipment */
	const char *password_changed_on; /* DEV-3: YYYY-MM-DD, NULL = never recorded */
	int64_t carrier_id;              /* a medium's entry in the carrier ledger, 0 = none */
	const char *note;
	const char *created_at;
	const char *updated_at;
	/*
	 * DEV-1: the printed label ("baomi:device:N") recorded as affixed on
	 * this day (NULL: never recorded), by whom, and the level and the
	 * responsible person it shows: when either has changed since, the
	 * label on the device is out of date (bm_rules_device_label_state).
	 */
	const char *label_affixed_on;
	int64_t label_affixed_by;
	int label_level;                   /* bm_level the label shows, -1: none */
	int64_t label_holder_id;           /* the responsible person it shows, 0: none */
	const char *label_affixed_by_name; /* display, filled on reads */
	const char *holder_name;           /* display, filled on reads */
	const char *operator_name;         /* display, filled on reads */
	bool password_due;                 /* DEV-3: set by the services' reads */
	const char *password_due_on;       /* DEV-3: the day it falls due, or NULL */
	bm_device_label_state label_state; /* DEV-1: set by the services' reads */
} bm_device;

/* What the register is filtered by; NULL / -1 / 0 = any. */
typedef struct bm_device_filter {
	int kind;   /* bm_device_kind, -1 = any */
	int status; /* bm_device_status, -1 = any */
	int level;  /* bm_level, -1 = any */
	int64_t holder_id;
	const char *q;      /* substring of number, model, serial, place */
	int64_t carrier_id; /* linked to this carrier-ledger entry, 0 = any */
} bm_device_filter;

/* One line of a device's history: every change, with its actor (audited as well). */
typedef struct bm_device_event {
	int64_t id;
	int64_t device_id;
	const char *at;
	int64_t actor_id;
	const char *action; /* device.register, device.level, device.assign, device.repair, … */
	const char *detail; /* compact JSON object */
	const char *actor_name; /* display */
} bm_device_event;

/*
 * INV-3, one device line of a count (issue 10 point 3: devices are counted
 * like carriers): found (ticked), missing (in the count's scope, not
 * ticked) or unexpected (ticked but not in the scope). For an open count
 * the store compares the ticks with the register; for a closed one it
 * reads the stored lines. Strings belong to the reader's arena.
 */
typedef struct bm_count_device_line {
	int list; /* bm_count_list: found, missing or unexpected */
	int64_t device_id;
	bool known; /* the register holds the device (number … valid) */
	const char *number;
	bm_device_kind kind;
	bm_level level;
	const char *status; /* the device's status (a closed count: at the close) */
	const char *holder_name;
	const char *note;    /* the tick's note */
	const char *reason;  /* unexpected: unknown, scrapped or outside */
	int64_t incident_id; /* missing: the count's (or an earlier count's) incident */
} bm_count_device_line;

#endif
