/*
 * device.h — the rules of the device and media register (涉密设备与存储介质,
 * DEV-1..7, KEEP-2 for devices). Same contract as rules.h: facts + policy
 * + today in, a bm_decision out, rule ID in every refusal; no I/O.
 *
 * The register and the carrier ledger share their checks, never copy them:
 * DEV-2 is bm_rules_medium_level's own check (rules.c words it for a
 * device), DEV-4 is bm_rules_medium_electronic, scrapping (DEV-6) is the
 * destruction's witness and method checks (DESTROY-2/3).
 */
#ifndef BM_POLICY_DEVICE_H
#define BM_POLICY_DEVICE_H

#include "model/device.h"
#include "policy/keep.h"
#include "policy/rules.h"

/* DEV-1: a device is registered with its number (number_required) and its one person
 * (定机定人, holder_required). */
bool bm_rules_device_record(bm_decision *out, bool number_given, bool holder_given);

/*
 * DEV-1: a number names one device of the unit's register (number_taken):
 * `taken_by` is "register" when the register holds it, a row's number
 * (from 1) of the file being imported when that row gives it, or NULL.
 */
bool bm_rules_device_number_free(bm_decision *out, const char *number, const char *taken_by);

/*
 * DEV-5/6 (issue 15 point 1): an imported register's row registers a
 * device in use only (状态 在用, 正常, 使用中, in_use, or none given); a
 * scrapped device is scrapped against an approved request (DEV-6), one
 * under repair has its repair recorded (DEV-5): import_not_in_use.
 */
bool bm_rules_import_device_status(bm_decision *out, const char *status);

/*
 * DEV-1, PERSON-1: may `holder` be the one person a device of `level` is
 * assigned to? Active (holder_inactive, DEV-1) and cleared for the level
 * (holder_not_cleared, PERSON-1).
 */
bool bm_rules_device_holder(bm_decision *out, const bm_keeper_facts *holder, bm_level level);

/*
 * DEV-2: a device's level is the highest ever stored or processed on it:
 * raised, never lowered nor declassified, whoever asks (device_level_down).
 * The check is bm_rules_medium_level's, for the device's storage kind
 * (bm_device_medium_kind); a shredder stores nothing and passes.
 */
bool bm_rules_device_level(bm_decision *out, bm_device_kind kind, const char *number, bm_level from,
                           bm_level to);

/*
 * DEV-4: a device that stores electronic content (computers, laptops,
 * removable media) holds nothing above the level the unit's policy allows
 * (device.electronic_max_level; electronic_level) — bm_rules_medium_electronic.
 * Printers, copiers, fax machines and shredders keep no content and pass.
 */
bool bm_rules_device_content(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                             bm_level level);

/*
 * DEV-7: printers, copiers and fax machines have an operator
 * (operator_required); a fax of classified level needs encryption equipment
 * (fax_encryption_required) and is never 绝密 (fax_top_secret).
 */
bool bm_rules_device_office(bm_decision *out, bm_device_kind kind, bm_level level,
                            bool operator_given, bool encrypted);

/*
 * DEV-3: a computer's or laptop's login password changed on `changed_on`
 * (BM_DATE_NONE = never recorded) is due every device.password_days days.
 * Always allowed; an alert (code device_password_due, due_date the day it
 * falls due) once it is due. Other kinds have no login and never alert.
 */
bool bm_rules_device_password_due(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                                  int32_t changed_on, int32_t today);

/* DEV-3: a password change is recorded for a computer or laptop (no_login) and not in
 * the future (date_in_future). */
bool bm_rules_device_password_change(bm_decision *out, bm_device_kind kind, int32_t on,
                                     int32_t today);

/* DEV-5: how a repair is done. Texts as given (NULL or "" when missing). */
typedef struct bm_device_repair {
	const char *supervisor; /* on-site supervisor (现场监修人) */
	const char *technician; /* the outside technician and their company */
	const char *storage;    /* removed | degaussed | none (a device without storage) */
	bool on_site;           /* repaired on the premises */
} bm_device_repair;

/*
 * DEV-5: a repair of a device in `status` is recorded only when done on
 * site (repair_off_site), under a named supervisor (supervisor_required),
 * by a registered technician (technician_required), with the storage
 * removed or degaussed first (storage_not_removed; degaussing only for
 * magnetic storage, storage_not_degaussable). A scrapped device is not
 * repaired (device_scrapped).
 */
bool bm_rules_device_repair(bm_decision *out, bm_device_kind kind, bm_device_status status,
                            const bm_device_repair *r);

/*
 * DEV-2 with LEVEL-4 (issue 10 point 3): a medium linked to its carrier-
 * ledger entry (carrier `carrier_id` at `carrier_level`) is raised to `to`
 * only when the carrier is already at `to` or above. Raising the carrier is
 * a classification decision only the designated authority makes (LEVEL-4),
 * which the register's clerk cannot make in passing, so the device's raise
 * is refused (carrier_level_change_required) rather than leave the two
 * ledgers disagreeing: the carrier's level is changed first.
 */
bool bm_rules_device_linked_raise(bm_decision *out, int64_t carrier_id, bm_level carrier_level,
                                  bm_level to);

/*
 * DEV-2 with DEV-4 (issue 10 point 3), the other direction: the carrier a
 * medium (`kind`, at `level`) is linked to has its level changed to
 * `carrier_to` by its level change. `*next` gets the device's level after
 * it: the carrier's new level when that is higher (the medium holds it),
 * else unchanged (DEV-2: a medium never goes down, a lowered carrier leaves
 * it). A raise the medium's own limit refuses (DEV-4, electronic content
 * above the policy's level) returns false with that refusal, and refuses
 * the carrier's level change as a whole.
 */
bool bm_rules_device_follow_carrier(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                                    bm_level level, bm_level carrier_to, bm_level *next);

/*
 * DEV-5, the repair's second step: it ends only for a device under repair
 * (no_repair_open, BM_ECONFLICT), returned and checked by a named person of
 * the unit (check_required) before it is used again.
 */
bool bm_rules_device_repair_end(bm_decision *out, bm_device_status status, bool checked_by_given);

/*
 * DEV-5 with REG-1 (issue 14 point 5): the 验收人 `name` who accepts the
 * repaired device is a person of the unit (acceptor_outside_unit) and
 * active (acceptor_inactive); they then confirm themselves as a holder at
 * the desk (bm_rules_holder_receipt under DEV-5).
 */
bool bm_rules_device_acceptor(bm_decision *out, const char *name, bool active, bool of_unit);

/* DEV-6: a device in `status` may still change (device_scrapped, BM_ECONFLICT). */
bool bm_rules_device_live(bm_decision *out, const char *number, bm_device_status status);

/*
 * DEV-6 when scrapping is requested: the device is not scrapped, the method
 * (a bm_destroy_method) is irrecoverable for its storage (DESTROY-3), and
 * out->approvers is the policy's approver.scrap chain for its level.
 */
bool bm_rules_device_scrap_request(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                                   bm_device_status status, bm_level level, int method);

/*
 * DEV-6 when the approved scrapping is carried out, as a destruction:
 * witnesses (DESTROY-2: destroy.min_witnesses distinct people, none the
 * requester) and an irrecoverable method (DESTROY-3).
 */
bool bm_rules_device_scrap(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                           bm_device_kind kind, bm_device_status status, const bm_destruction *how);

/* KEEP-2: a person still responsible for `n_devices` devices does not leave (devices_held). */
bool bm_rules_device_departure(bm_decision *out, size_t n_devices);

/* DEV-1: `text` names a device kind (invalid_device_kind, listing them); `*kind` on success. */
bool bm_rules_device_kind(bm_decision *out, const char *text, int *kind);

/* DEV-1: `text` names a device status (invalid_device_status); `*status` on success. */
bool bm_rules_device_status(bm_decision *out, const char *text, int *status);

/* DEV-1: device `id` exists in the actor's register (`found`; unknown_device, BM_ENOTFOUND). */
bool bm_rules_device_found(bm_decision *out, int64_t id, bool found);

/*
 * DEV-1: a medium registered against its entry in the carrier ledger is of
 * that carrier's kind (carrier_kind_mismatch) and at least its level
 * (carrier_level_above; DEV-2: the medium keeps the highest level on it).
 */
bool bm_rules_device_carrier(bm_decision *out, bm_device_kind kind, bm_level level,
                             bm_kind carrier_kind, bm_level carrier_level);

/*
 * DEV-1: the state of device `d`'s label as recorded (model/device.h,
 * bm_device_label_state): the level and the responsible person it shows are
 * compared with the device's.
 */
bm_device_label_state bm_rules_device_label_state(const bm_device *d);

/*
 * DEV-1: may device `d`'s printed label (its level, number and responsible
 * person, QR "baomi:device:N") be recorded as affixed on `on`? It names the
 * responsible person, so one is assigned (label_holder_required); a label
 * already recorded and still current is not recorded twice
 * (label_already_affixed, BM_ECONFLICT); not in the future
 * (date_in_future). A scrapped device is refused before (DEV-6,
 * bm_rules_device_live).
 */
bool bm_rules_device_label_affix(bm_decision *out, const bm_device *d, int32_t on, int32_t today);

/* DEV-6: approved scrapping request `request_id` names device `named` (wrong_device). */
bool bm_rules_device_scrap_names(bm_decision *out, int64_t request_id, int64_t named,
                                 int64_t device_id);

#endif
