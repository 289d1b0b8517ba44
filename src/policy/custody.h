/*
 * custody.h — the refusals of the custody registers: hand-overs (KEEP-2,
 * KEEP-6), returns to the issuer (KEEP-3), volumes (LEVEL-5) and departures
 * (PERSON-4). Same contract as rules.h: facts in, a bm_decision out; no I/O.
 */
#ifndef BM_CUSTODY_H
#define BM_CUSTODY_H

#include "policy/rules.h"

/* KEEP-2: a hand-over from one person to another. */
typedef struct bm_handover_facts {
	int64_t from_id, to_id;
	const char *to_name; /* borrowed */
	bool to_active;      /* the successor is neither disabled nor gone */
} bm_handover_facts;

/* KEEP-2: the two sides differ (same_person) and the successor is active (successor_inactive). */
bool bm_rules_handover(bm_decision *out, const bm_handover_facts *h);

/*
 * KEEP-6: an item without approved personal keeping (`has_terms` false)
 * goes to a successor who is not a clerk only by a move with its own terms.
 */
bool bm_rules_handover_keeping(bm_decision *out, int64_t carrier_id, bool to_clerk, bool has_terms,
                               const char *to_name);

/*
 * KEEP-2 (issue 14 point 4): a hand-over the clerk chose item by item names
 * something (nothing_chosen) and each carrier and device once
 * (duplicate_item).
 */
bool bm_rules_handover_choice(bm_decision *out, const int64_t *carriers, size_t n_carriers,
                              const int64_t *devices, size_t n_devices);

/*
 * KEEP-2: a chosen carrier (or device, `device`) is one the person handing
 * over (`from_name`) keeps (holds): anything else is not theirs to hand
 * over (not_kept_by_from).
 */
bool bm_rules_handover_kept(bm_decision *out, bool device, int64_t id, bool kept,
                            const char *from_name);

/*
 * KEEP-2 with SYS-2 (issue 14 point 5): who reads a kept hand-over list.
 * The clerk who keeps the registers, either side (they confirmed it) and
 * whoever recorded it read the whole list (`whole`); any other reader (the
 * registers' readers: no administrator, SYS-1) reads the list when they may
 * see at least one of its carriers (`n_visible`), and then only those; a
 * list they may see nothing of does not exist for them (unknown_handover,
 * as an unknown one).
 */
bool bm_rules_handover_read(bm_decision *out, int64_t id, bool whole, size_t n_visible);

/*
 * REG-1, CIRC-5 (issue 14 point 5): how the holder confirmed a receipt at
 * the desk — and a participant at a meeting (MEET-2), each side of a
 * hand-over (KEEP-2). A typed name is no signature: a holder with an account types
 * their own password on the clerk's screen (checked with Argon2id, failures
 * counted towards the account's lockout like a login's); a holder without
 * one (an outside reader) signs the printed register by hand.
 */
typedef enum bm_receipt_kind {
	BM_RECEIPT_NONE = 0, /* nothing given */
	BM_RECEIPT_PASSWORD, /* the holder's own password */
	BM_RECEIPT_PAPER,    /* the holder signs the printed register with a pen */
	BM_RECEIPT_TYPED,    /* a name typed by the clerk (refused) */
} bm_receipt_kind;

typedef struct bm_receipt_facts {
	bm_receipt_kind kind;
	bool has_account;      /* the holder can log in (username, password, active) */
	bool password_matched; /* BM_RECEIPT_PASSWORD: the password is the holder's */
	bool holder_changed;   /* the account changed between the check and the use case */
	const char *holder;    /* the holder's name (borrowed), for the message */
	/* Who confirms, for the message: NULL is "领取人" / "holder"; a hand-over's sides. */
	const char *side_zh, *side_en;
} bm_receipt_facts;

/*
 * REG-1 (CIRC-5 when `rule` says so): the holder confirmed the receipt
 * themselves. Refuses a typed name (typed_signature), nothing given
 * (holder_confirmation_required), a wrong password (holder_password_wrong,
 * BM_EDENIED), a holder with an account signing on paper (password_required
 * of them: holder_password_required) and a password for a holder without an
 * account (holder_has_no_account); a password checked against a hash that
 * changed meanwhile is refused as a conflict (holder_changed).
 */
bool bm_rules_holder_receipt(bm_decision *out, const char *rule, const bm_receipt_facts *f);

/* The rules each side of a hand-over and a meeting's participant confirm under. */
#define BM_RULE_HANDOVER_RECEIPT "KEEP-2"
#define BM_RULE_MEETING_RECEIPT  "MEET-2"
#define BM_RULE_WITNESS_RECEIPT  "DESTROY-2" /* each 监销人 confirms the destruction */
#define BM_RULE_ACCEPTOR_RECEIPT "DEV-5"     /* the 验收人 accepts a repaired device */

/*
 * What a list of carriers serves: returns to the issuer (KEEP-3), a
 * volume's parts (LEVEL-5) or a dispatch's copies (SEND-4).
 */
typedef enum bm_item_list { BM_LIST_CLEAR_OUT, BM_LIST_VOLUME, BM_LIST_DISPATCH } bm_item_list;

/*
 * KEEP-3, LEVEL-5, SEND-4: the list holds 1 to `max` carriers (no_items /
 * no_parts / no_carriers; a dispatch over `max`: too_many_carriers, BM_ETOOLARGE).
 */
bool bm_rules_item_list(bm_decision *out, bm_item_list list, size_t n, size_t max);

/* Carrier ids[i] is not listed before (duplicate_item; a dispatch: duplicate_carrier). */
bool bm_rules_item_once(bm_decision *out, bm_item_list list, const int64_t *ids, size_t i);

/* SEND-4: the copies are counted against the distribution list, one recipient each. */
bool bm_rules_distribution(bm_decision *out, size_t n_recipients, size_t n_copies);

/* LEVEL-5: a part joining volume `volume_id`: not the volume itself, in no other volume. */
bool bm_rules_volume_part(bm_decision *out, int64_t part_id, int64_t part_volume_id,
                          int64_t volume_id);

/* LEVEL-5: only a volume or compilation (`is_volume`) takes parts. */
bool bm_rules_is_volume(bm_decision *out, int64_t id, bool is_volume);

/*
 * CIRC-1: may `to` become the custodian of `item`? A classified item goes
 * only to a person inside its knowledge scope (a clerk, who keeps the
 * ledger, or its present custodian excepted); anybody else needs an
 * approved widening first, which puts them in the scope
 * (custodian_outside_scope).
 */
bool bm_rules_custodian_scope(bm_decision *out, const bm_item *item, const bm_actor *to,
                              bool to_clerk);

/*
 * CIRC-1: is the scope entry `e` inside `item`'s scope? A department entry
 * only when the item names that department; a person entry (`person` their
 * facts) when the item names the person or their department. An item below
 * 秘密 has no scope to keep and holds everything.
 */
bool bm_rules_scope_holds(const bm_item *item, const bm_scope_ref *e, const bm_actor *person);

/*
 * CIRC-1: a volume's scope lies within the scope of every classified part
 * (`part_id` the first part that does not hold it: volume_scope_wider), so
 * nobody sees a part through the volume who may not see the part; a wider
 * volume scope takes an approved widening of the volume.
 */
bool bm_rules_volume_scope_within(bm_decision *out, int64_t part_id, bool within);

/* CIRC-1: the classified parts have somebody in common to form the volume's scope
 * (no_common_scope). */
bool bm_rules_volume_scope_common(bm_decision *out, size_t n_common);

/*
 * LEVEL-4, LEVEL-5: a volume takes the highest level of its parts
 * (`highest`); a higher `volume` level is a classification decision, taken
 * by a classification authority through the level decision (which records
 * the decider and the basis, LEVEL-9), not at filing (level_set_by_authority).
 */
bool bm_rules_volume_level_set(bm_decision *out, bm_level volume, bm_level highest);

/*
 * PERSON-4: a departure date as given: `valid` (parsed), not after today
 * (`in_future`), for a person who has not left yet (`already_left`).
 */
typedef struct bm_departure_facts {
	const char *name;      /* the person's; borrowed */
	const char *left_on;   /* as typed, may be NULL */
	bool valid, in_future; /* the date parsed; it lies after today */
	bool already_left;
} bm_departure_facts;
bool bm_rules_departure_record(bm_decision *out, const bm_departure_facts *f);

#endif
