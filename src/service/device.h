/*
 * device.h — the register of classified devices and storage media
 * (涉密设备与存储介质, DEV-1..7, issue 10 point 3), service/device.c.
 *
 * The clerk registers every classified computer, laptop, removable medium
 * and piece of office equipment with its number, kind, model, serial,
 * level, the one person responsible (定机定人) and its place. A device's
 * level only rises (DEV-2, whoever asks); it is handed from one person to
 * another (KEEP-2), its repairs are recorded (DEV-5), its login password
 * changes are recorded and alerted (DEV-3), and it is scrapped only
 * against an approved `scrap` request, with witnesses, like a destruction
 * (DEV-6). The clerk and the leadership see the whole register; anybody
 * else the devices they are responsible for or operate. Every use case is
 * one transaction and audited (object `device:N`); every change is also a
 * line of the device's history.
 */
#ifndef BM_SERVICE_DEVICE_H
#define BM_SERVICE_DEVICE_H

#include <jansson.h>

#include "service/service.h"

/* What the clerk types to register a device. Texts are raw user input. */
typedef struct bm_device_input {
	const char *number; /* required, unique in the unit */
	const char *kind;   /* required: computer, laptop, usb, … */
	const char *model, *serial;
	const char *level;     /* required */
	const char *holder;    /* person ref, required (定机定人) */
	const char *operator_; /* person ref; required for printers, copiers, fax (DEV-7) */
	const char *place;
	bool encrypted;                  /* DEV-7: fax with encryption equipment */
	const char *password_changed_on; /* DEV-3: date, computers and laptops */
	int64_t carrier_id;              /* the medium's carrier in the ledger, 0 = none */
	const char *note;
} bm_device_input;

/* Registers a device (clerk). `*out` lives in ctx->arena. */
int bm_svc_device_register(bm_ctx *ctx, const bm_device_input *in, bm_device **out);

/*
 * The registration's every check of `in` (DEV-1 number, kind, holder and
 * the number unique in the register; DEV-4, DEV-7, PERSON-1 of the holder
 * and operator, DEV-3's date, the medium's carrier) inside the caller's
 * transaction or read snapshot; with `write` the device is inserted and
 * its history line written (the caller audits). For the import
 * (import_registers.c); `audit` gets the level and holder. `*out` in ctx->arena.
 */
int bm_device_register_row(bm_ctx *ctx, const bm_device_input *in, bool write, json_t *audit,
                           bm_device **out);

/*
 * DEV-2: raises a device's level to `level` (clerk); lowering is refused
 * with DEV-2 whoever asks, before the role is asked. DEV-4, DEV-7 and
 * PERSON-1 (its holder and operator) are checked at the new level.
 */
int bm_svc_device_level(bm_ctx *ctx, int64_t id, const char *level, const char *reason);

/*
 * DEV-2 (issue 10 point 3), in the carrier's level change's transaction
 * (records_level.c): carrier `c` goes from `from` to `to` by level change
 * `level_change_id`. Every device of the register linked to it (not
 * scrapped) whose level is lower is raised to `to`, each with a
 * `device.level_follow_carrier` history line naming the carrier and the
 * level change, its id appended to `ids_out`. A lowering leaves the devices
 * (a medium never goes down). A raise the device's own rules refuse (DEV-4,
 * DEV-7, PERSON-1 of its holder or operator) fails with that refusal, so
 * the whole level change is refused.
 */
int bm_svc_device_follow_carrier(bm_ctx *ctx, const bm_carrier *c, bm_level from, bm_level to,
                                 int64_t level_change_id, json_t *ids_out);

/*
 * KEEP-2: hands the device to another responsible person and/or moves it
 * to `place` and/or gives it another operator (clerk). NULL = unchanged.
 */
int bm_svc_device_assign(bm_ctx *ctx, int64_t id, const char *holder, const char *place,
                         const char *operator_);

/*
 * KEEP-2 (交接, issue 10 point 3): inside the caller's transaction (the
 * custodian hand-over, records_custody.c), hands every device `from` is
 * responsible for and not scrapped to `to`, each checked as an assignment
 * is (DEV-1, PERSON-1 at the device's level, PERSON-2/3/7), each with a
 * `device.handover` line of its history naming hand-over `handover_id`.
 * `chosen` (issue 14 point 4): only the `n_only` devices `only`, each held
 * by `from` (KEEP-2 not_kept_by_from otherwise). `*ids` (arena) and `*n`
 * get the devices handed over.
 */
int bm_svc_device_handover(bm_ctx *ctx, const bm_person *from, const bm_person *to,
                           int64_t handover_id, const int64_t *only, size_t n_only, bool chosen,
                           int64_t **ids, size_t *n);

/* DEV-5: a repair as recorded (texts raw). */
typedef struct bm_device_repair_input {
	const char *supervisor, *technician, *company, *storage, *fault, *on;
	bool on_site;
} bm_device_repair_input;

/*
 * DEV-5: starts a repair (clerk): on site, supervised, the technician
 * named, the storage removed or degaussed; the device's status becomes
 * `repair` until the repair ends. One repair at a time.
 */
int bm_svc_device_repair(bm_ctx *ctx, int64_t id, const bm_device_repair_input *in);

/* DEV-5, the end of a repair as recorded (texts raw). */
typedef struct bm_device_repair_end_input {
	const char *checked_by; /* the 验收人: a person of the unit (ref; required) */
	bm_svc_receipt receipt; /* how the 验收人 confirms (REG-1; a typed name refused) */
	const char *result;     /* what was done, how it was checked */
	const char *on;         /* date, default today */
} bm_device_repair_end_input;

/*
 * DEV-5: ends the device's repair (clerk): returned and checked; the
 * status goes back to `in_use`. Refused when no repair is open. The 验收人
 * (`checked_by`) is an active person of the unit (acceptor_outside_unit,
 * acceptor_inactive) who accepts the device themselves as a holder at the
 * desk (REG-1, issue 14 point 5): their own password on the clerk's screen
 * (checked as at login; a wrong one refused under DEV-5, nothing changed,
 * counted towards their lockout, SYS-4), or by hand on the printed register
 * when they have no account; a typed name or nothing is refused. The
 * history's `device.repair_end` keeps the person (checked_by_id, checked_by)
 * and how they confirmed (checked_by_receipt: "password" / "paper"); a
 * repair ended before holds only the typed `checked_by` (shown as typed).
 */
int bm_svc_device_repair_end(bm_ctx *ctx, int64_t id, const bm_device_repair_end_input *in);

/*
 * DEV-1: records that the device's printed label (its level, number and
 * responsible person, QR "baomi:device:N") was affixed on `date` (default
 * today), by the clerk or the device's responsible person; the level and
 * the person the label shows are kept with it, so a later change of either
 * makes the label out of date (INSP-4 counts such devices as unlabelled).
 */
int bm_svc_device_label_affixed(bm_ctx *ctx, int64_t id, const char *date);

/* DEV-3: records a login password change on `date` (default today). */
int bm_svc_device_password(bm_ctx *ctx, int64_t id, const char *date);

/*
 * DEV-5 with REG-1 (issue 14 point 5): the repair register (涉密设备维修登记)
 * of the devices the actor sees, one row per repair from the devices'
 * histories: device, start (date, fault, supervisor, technician, company,
 * storage) and end (date, result, 验收人 and how they confirmed:
 * `checked_by_receipt` "password" | "paper" | "typed" and `acceptance` in the
 * register's words; a repair ended before is "typed", 录入姓名（非本人签字）).
 * `*out` a new JSON array the caller releases. Audited as device.repairs.
 */
int bm_svc_device_repairs(bm_ctx *ctx, json_t **out);

/*
 * DEV-6: carries out approved scrapping request `request_id` for device
 * `id` (clerk): witnesses and method (DESTROY-3) as a destruction; the
 * device stays in the register, scrapped. The witnesses (person refs, at
 * most 10) confirm exactly as a destruction's (DESTROY-2 with REG-1,
 * bm_svc_destroy_execute): `receipts[i]` for `witnesses[i]`, each their own
 * password or, without an account, by hand on paper; people of the unit,
 * active, none the requester, the same person twice one witness. The
 * history's `device.scrap` keeps witness_ids, witness_names and
 * witness_receipts ("password" / "paper").
 */
int bm_svc_device_scrap(bm_ctx *ctx, int64_t id, int64_t request_id, const char *const *witnesses,
                        const bm_svc_receipt *receipts, size_t n_witnesses, const char *method);

/* One device and its history, if the actor may see it (else BM_ENOTFOUND, DEV-1). */
int bm_svc_device_show(bm_ctx *ctx, int64_t id, bm_device **out, bm_device_event **events,
                       size_t *n_events);

/* Filter as typed (NULL = any). */
typedef struct bm_device_query {
	const char *kind, *status, *level, *holder, *q;
} bm_device_query;

/* The register as the actor may see it, by number. `*out` lives in ctx->arena. */
int bm_svc_device_list(bm_ctx *ctx, const bm_device_query *q, bm_device **out, size_t *count);

/* The device as the API and `--json` give it (a new reference). */
json_t *bm_device_to_json(const bm_device *d);

/* One history line as JSON (a new reference). */
json_t *bm_device_event_to_json(const bm_device_event *e);

#endif
