/*
 * rules.h — the pure decisions of the approval workflows.
 *
 * Every function takes facts (small structs the service fills from the
 * store), the unit's policy and "today" (a local date, see
 * bm_time_local_date) or "now" (an instant), and writes a bm_decision: no
 * I/O, no clock, no allocation. A refusal names the rule of REGULATIONS.md
 * that refused, a stable code and the reason in zh and en; an allowed
 * decision may carry the approval chain still needed, a due date, or an
 * alert (allowed but flagged, e.g. late registration).
 *
 * Typical use in a service:
 *     bm_decision d;
 *     if (!bm_rules_borrow(&d, &ctx->policy, &me, &item, today, take_away))
 *         return bm_decision_error(&d);   // sets bm_error, returns BM_EDENIED/…
 *     // d.approvers[0..n_approvers) approve in order; d.due_date is the due date
 *
 * Dates are days since 1970-01-01 (util/timeutil.h); BM_DATE_NONE means unset.
 */
#ifndef BM_RULES_H
#define BM_RULES_H

#include <stddef.h>
#include <stdint.h>

#include "policy/policy.h"

#define BM_REASON_MAX 256

typedef struct bm_decision {
	bool allowed;
	bool alert; /* allowed, but the fact must be flagged (REG-2 late, CIRC-3 overdue …) */
	int klass;  /* when refused: BM_EDENIED (a rule) or BM_EINVALID (facts malformed) */
	const char *rule; /* REGULATIONS.md ID; static string */
	const char *code; /* stable machine code of the refusal or alert; "" when plainly allowed */
	char reason_zh[BM_REASON_MAX];
	char reason_en[BM_REASON_MAX];
	bm_role approvers[BM_POLICY_MAX_ROLES]; /* approvals still needed, in order */
	int n_approvers;
	bool onsite_only; /* BORROW-3: read on site, never leaves the room */
	int32_t due_date; /* due/return/review date, or BM_DATE_NONE */
	int64_t due_at;   /* CIRC-3: the instant the item becomes overdue, or 0 */
} bm_decision;

/* The person acting (requester, approver, reader, recipient …). */
typedef struct bm_actor {
	int64_t id;
	int64_t department_id;
	bm_class person_class;    /* PERSON-1 */
	bool temporary;           /* PERSON-3: temporary hire */
	bool disabled;            /* PERSON-7: disabled or left */
	bool external;            /* BORROW-5: from another unit */
	bool introduction_letter; /* BORROW-5: an external reader showed a letter */
	int32_t commitment_on;    /* PERSON-2: date the commitment was signed, or BM_DATE_NONE */
	int32_t decl_until;       /* PERSON-4: last day of the 脱密期, or BM_DATE_NONE */
	int32_t last_training;    /* PERSON-6: date of the last training, or BM_DATE_NONE (never) */
	int training_tenths;      /* PERSON-6: hours in the 12 months up to today (tenths);
	                             -1: the register does not track the person's training */
	int32_t training_since;   /* PERSON-6: the training obligation's start, or BM_DATE_NONE */
	int32_t statement_until; /* ORG-1: last day of the statement, or BM_DATE_NONE (untracked) */
	const bm_grant *grants;  /* borrowed */
	size_t n_grants;
} bm_actor;

/* The carrier concerned. */
typedef struct bm_item {
	int64_t id;
	int64_t unit_id; /* SYS-2 */
	bm_level level;
	bm_kind kind;
	bm_origin origin;
	bm_status status;
	int64_t department_id;
	int64_t custodian_id;      /* KEEP-1 */
	int64_t holder_id;         /* who has it now (borrower, taker, reader), 0 = in store */
	const bm_scope_ref *scope; /* LEVEL-2; borrowed */
	size_t n_scope;
} bm_item;

/* LEVEL-3/8: a secrecy period as given (kind BM_PERIOD_NONE: not given). */
typedef struct bm_period {
	bm_period_kind kind;
	int years;         /* BM_PERIOD_YEARS */
	int32_t until;     /* BM_PERIOD_UNTIL: declassification date */
	int32_t review;    /* BM_PERIOD_EVENT: review date */
	const char *event; /* BM_PERIOD_EVENT: the condition; borrowed */
} bm_period;

/* An approval request under way. */
typedef struct bm_request {
	bm_op op;
	bm_level level;
	int64_t requester_id;
	int64_t department_id; /* whose role holders approve (usually the requester's) */
	int32_t requested_on;
	const int64_t *approved_by; /* who approved the earlier steps, in chain order; borrowed */
	int n_approved;
} bm_request;

/* CARRY-2/3: a trip out of the office. */
typedef struct bm_trip {
	bool purpose_given;
	bool destination_given;
	int32_t return_date;  /* BM_DATE_NONE = not given */
	bool abroad;          /* 出境 */
	bool public_place;    /* tourism, visits, public places, foreign-affairs events */
	bool higher_approved; /* the higher authority's approval is recorded */
} bm_trip;

/* DESTROY-2/3: how a destruction is done. */
typedef struct bm_destruction {
	const int64_t *witnesses; /* 监销人 person ids; borrowed */
	size_t n_witnesses;
	int method; /* bm_destroy_method, or -1 when not given */
} bm_destruction;

typedef enum bm_overdue {
	BM_OVERDUE_NO = 0,
	BM_OVERDUE_YES,      /* BORROW-2: past the due date */
	BM_OVERDUE_INCIDENT, /* BORROW-6: so long overdue it is handled as a loss */
} bm_overdue;

/* Fills an actor with no dates, no roles, nothing signed (tests and services start here). */
void bm_actor_init(bm_actor *a);

/* The rule that governs approvals of `op` (BM_OP_BORROW → "BORROW-1"). Static string. */
const char *bm_op_rule(bm_op op);

/*
 * Turns a refusal into the error side channel: returns 0 when `d` allows,
 * otherwise bm_error_set_msg(d->klass, d->code, d->rule, zh, en) and its code.
 */
int bm_decision_error(const bm_decision *d);

/* ---- people (PERSON-1/2/3/4/6/7) ---- */

/*
 * The highest level the person may see today: the class's level (PERSON-1),
 * capped at 内部 for a disabled person, a temporary hire (PERSON-3), a person
 * without a (current, for temporary staff) commitment (PERSON-2), in a 脱密期
 * or — when the policy says so — with lapsed training (PERSON-7).
 */
bm_level bm_rules_clearance(const bm_policy *p, const bm_actor *a, int32_t today);

/*
 * PERSON-6: true when the last training is older than the class's interval
 * (or never). When the register tracks the person (training_tenths >= 0),
 * the interval counts from training_since while nothing is attended, and
 * from a year after training_since fewer than training.min_hours hours in
 * the last 12 months is lapsed too.
 */
bool bm_rules_training_lapsed(const bm_policy *p, const bm_actor *a, int32_t today);

/*
 * PERSON-1/2/3/7: may this person borrow, receive, read or be added to the
 * scope of a carrier of `level`? Levels below 秘密 only need an enabled
 * person. Lapsed training only alerts when training.lapse_blocks is false.
 */
bool bm_rules_person_access(bm_decision *out, const bm_policy *p, const bm_actor *a, bm_level level,
                            int32_t today);

/* PERSON-3: may the person be given class `c`? Alerts (PERSON-2) when no commitment is signed. */
bool bm_rules_assign_class(bm_decision *out, const bm_actor *a, bm_class c);

/* PERSON-4: the last day of the 脱密期 of a person of class `c` who left on `left_on`. */
int32_t bm_rules_decl_end(const bm_policy *p, bm_class c, int32_t left_on);

/* LEVEL-2, SYS-2: true when the actor is named in the scope or belongs to a named department. */
bool bm_rules_in_scope(const bm_item *item, const bm_actor *a);

/* ---- levels and periods (LEVEL-2/3/4/5/6/8/10) ---- */

/*
 * LEVEL-2/8: reads a period as a clerk types it: `period` is a number of
 * years ("10", "10y", "10年") or a declassification date (YYYY-MM-DD);
 * `event` a declassification condition, which needs a `review` date and no
 * period. Any may be NULL or empty. Public and internal carriers take none
 * (LEVEL-2). On success `*result` is the period as given (kind
 * BM_PERIOD_NONE when none; `result->event` borrows `event`); the limits are
 * bm_rules_period's.
 */
bool bm_rules_period_from_text(bm_decision *out, bm_level level, const char *period,
                               const char *event, const char *review, bm_period *result);

/*
 * LEVEL-2/3/8: checks and completes the period of a carrier of `level`
 * registered on `start`: no period on a classified carrier becomes the
 * level's maximum in years; one beyond the maximum is refused (BM_EINVALID);
 * public and internal carriers take no period. On success `*period` is the
 * resolved period and out->due_date the day it ends (review date for events).
 */
bool bm_rules_period(bm_decision *out, const bm_policy *p, bm_level level, int32_t start,
                     bm_period *period);

/* Two periods say the same (kind and value). */
bool bm_rules_period_equal(const bm_period *a, const bm_period *b);

/*
 * LEVEL-8: writes the marking ("机密★10年", "secret★10 years", "解密" when
 * declassified) into buf. Returns 0, or BM_ETOOLARGE when it did not fit
 * (buf then holds a truncated, terminated string).
 */
int bm_rules_marking(char *buf, size_t size, bm_level level, const bm_period *period,
                     bool declassified, bool english);

/*
 * LEVEL-7/8: what a decided carrier's marking says beside itself, into buf:
 * the date of the decision and what it was ("2026年12月5日解密",
 * "declassified 2026-12-05"; "2026年12月5日变更密级", "level changed
 * 2026-12-05"). Returns 0 or BM_ETOOLARGE.
 */
int bm_rules_marking_note(char *buf, size_t size, int32_t changed_on, bool declassified,
                          bool english);

/*
 * LEVEL-7/8: a decided carrier's marking on one line, where no strike-through
 * can be drawn (CSV, registers): the current marking, then the original
 * marking said to be struck and the note of bm_rules_marking_note:
 * "解密（原标志机密★10年已划去，2026年12月5日解密）". With `original` NULL
 * (never decided) it is `current` alone. Returns 0 or BM_ETOOLARGE.
 */
int bm_rules_marking_text(char *buf, size_t size, const char *current, const char *original,
                          int32_t changed_on, bool declassified, bool english);

/* LEVEL-6: alerts from period.warning_days before `end` on; due_date = end. */
bool bm_rules_period_review(bm_decision *out, const bm_policy *p, int32_t end, int32_t today);

/*
 * LEVEL-4/10: may `decider` change a level from `from` to `to` (both may be
 * any level; declassification is a change to 非密)? The decider must hold a
 * role of the policy's approver.level_change chain and be cleared for both.
 */
bool bm_rules_level_change(bm_decision *out, const bm_policy *p, const bm_actor *decider,
                           bm_level from, bm_level to, int32_t today);

/*
 * DEV-2: a storage medium (USB stick, removable disk, optical disc, hard
 * disk) keeps the highest level ever stored on it: its level is raised but
 * never lowered nor declassified, whoever asks (medium_level_down).
 * Carrier `id` names it in the message; paper and other kinds pass.
 */
bool bm_rules_medium_level(bm_decision *out, bm_kind kind, int64_t id, bm_level from, bm_level to);

/*
 * LEVEL-4/10: may `proposer` propose changing a level from `from` to `to`?
 * The handler proposes and the classification authority decides, so a
 * proposer without the authority's role is not refused; every other
 * refusal of bm_rules_level_change stands, and nobody proposes a level
 * above their own clearance (LEVEL-10). On success out->approvers is the
 * approver.level_change chain of the higher of the two levels.
 */
bool bm_rules_level_proposal(bm_decision *out, const bm_policy *p, const bm_actor *proposer,
                             bm_level from, bm_level to, int32_t today);

/* LEVEL-5: a volume or compilation is at least the highest level of its parts. */
bool bm_rules_volume_level(bm_decision *out, bm_level volume, const bm_level *parts, size_t n);

/* ---- registration (REG-2/5) ---- */

/* REG-2: refuses a future arrival; alerts a registration later than the policy allows. */
bool bm_rules_registration(bm_decision *out, const bm_policy *p, int32_t received_on,
                           int32_t today);

/* REG-5: urgent items are due the day they arrive, others after registration.handling_days. */
bool bm_rules_handling_due(bm_decision *out, const bm_policy *p, bm_urgency urgency,
                           int32_t received_on, int32_t today);

/* ---- approvals ---- */

/* The policy's approval chain for `op` at `level` (an empty chain: no approval needed). */
const bm_role_list *bm_rules_chain(const bm_policy *p, bm_op op, bm_level level);

/*
 * May `approver` approve the next step of `req`? Nobody approves their own
 * request nor two steps of one; the approver holds the step's role for the
 * request's department (or unit-wide) and is cleared for the level; a
 * request older than approval.max_pending_days has lapsed. On success
 * out->approvers lists the steps still needed after this one.
 */
bool bm_rules_approve(bm_decision *out, const bm_policy *p, const bm_request *req,
                      const bm_actor *approver, int32_t today);

/*
 * Like bm_rules_approve, under `chain`: the chain stored with the request
 * when it was filed (the policy may have changed since). `chain` is
 * borrowed; the policy gives the rest (approval.max_pending_days, PERSON-*).
 */
bool bm_rules_approve_chain(bm_decision *out, const bm_policy *p, const bm_request *req,
                            const bm_role_list *chain, const bm_actor *approver, int32_t today);

/* ---- making (MAKE-1/2) ---- */

/* MAKE-1: making `copies` copies at `level` needs the make chain; the maker must be cleared. */
bool bm_rules_make(bm_decision *out, const bm_policy *p, const bm_actor *maker, bm_level level,
                   int copies, int32_t today);

/*
 * MAKE-2: exactly the approved number is made, each copy with a distinct
 * serial number from 1 to `approved` (`serials` may be NULL to skip that).
 */
bool bm_rules_make_count(bm_decision *out, int approved, int made, const int *serials,
                         size_t n_serials);

/* ---- sending and circulation (SEND-1/2/3, CIRC-1/2/3, FOREIGN-1) ---- */

/* SEND-1/2/3: the channel must not be forbidden for the level; a dedicated person needs escorts. */
bool bm_rules_send(bm_decision *out, const bm_policy *p, bm_level level, bm_channel channel,
                   int n_escorts);

/*
 * SEND-1/2/3 for the carriers of one level in a dispatch: the channel
 * (bm_rules_send), then SEND-2's named courier from send.courier_level up,
 * then the escorts a dedicated delivery needs. `courier_named`: a courier
 * is recorded; `n_people`: the courier and escorts, each counted once.
 */
bool bm_rules_dispatch(bm_decision *out, const bm_policy *p, bm_level level, bm_channel channel,
                       bool courier_named, int n_people);

/* SEND-4: what is known of one receipt to be signed. */
typedef struct bm_receipt {
	int64_t dispatch_id;
	int64_t carrier_id;
	bool dispatch_open;  /* the record still waits for receipts */
	bool listed;         /* the carrier is on the dispatch */
	bool signed_already; /* its receipt is signed */
} bm_receipt;

/*
 * SEND-4: may the receipt be signed? A complete record takes no more
 * receipts (BM_ECONFLICT), a carrier not on it is not found (BM_ENOTFOUND),
 * a receipt is signed once (BM_ECONFLICT).
 */
bool bm_rules_receipt(bm_decision *out, const bm_receipt *r);

/*
 * CIRC-1/2: may `from` hand the item to `to`? Only the clerk (or the
 * custodian) passes items on: readers give them back, never sideways; the
 * recipient must be inside the scope and cleared (PERSON-*).
 */
bool bm_rules_pass(bm_decision *out, const bm_policy *p, const bm_item *item, const bm_actor *from,
                   const bm_actor *to, int32_t today);

/*
 * PERSON-1/2/3/7: may `person` be named in the knowledge scope of, or keep,
 * an item at `level`? The one check every route that names people calls:
 * registration, making (filing and execution), copies, volumes, moves,
 * hand-overs and widening. A person without a signed commitment is refused
 * with PERSON-2, a disabled one or one in a declassification period with
 * PERSON-7.
 */
bool bm_rules_named_person(bm_decision *out, const bm_policy *p, const bm_actor *person,
                           bm_level level, int32_t today);

/*
 * CIRC-1/PERSON-7: may `person` be added to the item's scope? Needs the
 * widen_scope chain; a person who may not see the level is refused.
 */
bool bm_rules_add_to_scope(bm_decision *out, const bm_policy *p, const bm_item *item,
                           const bm_actor *person, int32_t today);

/*
 * CIRC-3 (REG-5 below 秘密): when is an item handed out at `issued_at` due
 * back, and is it overdue at `now`? Sets due_at (immediate, same day) or
 * due_date (circulation days) and returns true when overdue (alert).
 */
bool bm_rules_circulation_overdue(bm_decision *out, const bm_policy *p, bm_level level,
                                  int64_t issued_at, int64_t now);

/*
 * CIRC-1: may the departments be added to the item's scope? A department
 * already in it is refused (BM_ECONFLICT); otherwise out->approvers is the
 * widen_scope chain of the item's level. (People: bm_rules_add_to_scope.)
 */
bool bm_rules_widen_scope(bm_decision *out, const bm_policy *p, const bm_item *item,
                          const int64_t *departments, size_t n_departments);

/* FOREIGN-1: providing to foreign parties needs the chain and the higher authority's approval. */
bool bm_rules_foreign(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                      const bm_item *item, bool higher_approved, int32_t today);

/*
 * FOREIGN-1 at dispatch (issue 13 point 9): what a dispatch says about its
 * addressee and the provision request it carries out. The request itself
 * (approved, not yet carried out, of FOREIGN-1's kind) is loaded by the
 * caller, which refuses under FOREIGN-1 when it is not.
 */
typedef struct bm_foreign_dispatch {
	bool foreign;         /* the addressee is a foreign party */
	bool request_given;   /* an approved FOREIGN-1 request is named */
	bool carriers_match;  /* the carriers sent are exactly the request's */
	bool recipient_match; /* every recipient is the request's recipient */
} bm_foreign_dispatch;

/*
 * FOREIGN-1: a dispatch to a foreign party consumes an approved provision
 * request (foreign_request_required), and sends exactly the approved
 * carriers (foreign_carriers_differ) to the approved recipient
 * (foreign_recipient_differs). A dispatch naming a request is a foreign
 * one. An ordinary dispatch is allowed here.
 */
bool bm_rules_foreign_dispatch(bm_decision *out, const bm_foreign_dispatch *f);

/* ---- borrowing (BORROW-1..6) ---- */

/*
 * BORROW-1..5: may `borrower` borrow the item? Sets the approval chain
 * (plus the outside-reader chain for somebody outside the scope or unit),
 * the due date in working days, and onsite_only for levels read on site.
 * `take_away`: the borrower wants to take it out of the reading room.
 */
bool bm_rules_borrow(bm_decision *out, const bm_policy *p, const bm_actor *borrower,
                     const bm_item *item, int32_t today, bool take_away);

/* BORROW-1/5, CIRC-4: reading on site (查阅): the read chain, due the same day, on site. */
bool bm_rules_read(bm_decision *out, const bm_policy *p, const bm_actor *reader,
                   const bm_item *item, int32_t today);

/* BORROW-2/6: is a borrowing due on `due_date` overdue, or so late it becomes an incident? */
bm_overdue bm_rules_borrow_overdue(bm_decision *out, const bm_policy *p, int32_t due_date,
                                   int32_t today);

/* ---- copying (COPY-1..4, BORROW-4) ---- */

/*
 * COPY-1/2/4, BORROW-4: may `requester` copy (or, with `extract`, extract
 * from) the item? 绝密 copying is forbidden or needs the originating
 * authority's recorded approval, as the policy says.
 */
bool bm_rules_copy(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                   const bm_item *item, int32_t today, bool extract, bool originator_approved);

/*
 * COPY-3/4: a copy or extract keeps the source's level, period and scope.
 * Refuses a derived carrier whose level or period differs, or whose scope
 * is not the source's.
 */
bool bm_rules_derived(bm_decision *out, bool extract, bm_level src_level,
                      const bm_period *src_period, bm_level level, const bm_period *period,
                      bool same_scope);

/* ---- taking out (CARRY-1/2/3) ---- */

/* CARRY-1/2/3: may `actor` take the item out on `trip`? due_date = the return date. */
bool bm_rules_take_out(bm_decision *out, const bm_policy *p, const bm_actor *actor,
                       const bm_item *item, const bm_trip *trip, int32_t today);

/* ---- custody (KEEP-1/2) ---- */

/* KEEP-1: may a carrier of `level` be kept in a place of `kind` rated up to `place_max`? */
bool bm_rules_place(bm_decision *out, const bm_policy *p, bm_level level, bm_place_kind kind,
                    bm_level place_max);

/* KEEP-2: a person holding `n_held` carriers may not leave or change post. */
bool bm_rules_departure(bm_decision *out, size_t n_held);

/* ---- destruction (DESTROY-1/2/3/4) ---- */

/*
 * DESTROY-1..4: may the item be destroyed as described? Sets the destroy
 * chain. Witnesses: at least destroy.min_witnesses distinct people, none the
 * requester; a method must be recorded and be irrecoverable for the kind.
 */
bool bm_rules_destroy(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                      const bm_item *item, const bm_destruction *how, int32_t today);

/*
 * DESTROY-1/3/4 when destruction is requested: the witnesses (DESTROY-2)
 * are named only when it is carried out, so they are not checked here;
 * state, method (a bm_destroy_method; the caller's default when none was
 * chosen) and the destroy chain are, as bm_rules_destroy would.
 */
bool bm_rules_destroy_request(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                              const bm_item *item, int method, int32_t today);

/* ---- inventory (INV-1/2) ---- */

/*
 * INV-1: the date the next count of `level` is due after the last one
 * (`last_count` BM_DATE_NONE: never counted, due at once, i.e. `today`), or
 * BM_DATE_NONE for levels that are not counted periodically.
 */
int32_t bm_rules_inventory_due(const bm_policy *p, bm_level level, int32_t last_count,
                               int32_t today);

/* INV-1: alerts when the count of `level` is overdue; due_date = the due date. */
bool bm_rules_inventory_overdue(bm_decision *out, const bm_policy *p, bm_level level,
                                int32_t last_count, int32_t today);

/* INV-1: the year-end full count's date (last working day of the year), or BM_DATE_NONE. */
int32_t bm_rules_year_end_count(const bm_policy *p, int32_t today);

/*
 * INV-2: the next special count on or after `today`: the last working day
 * before a listed holiday. `*holiday` (may be NULL) receives the holiday's
 * first day. BM_DATE_NONE when no listed holiday is ahead.
 */
int32_t bm_rules_holiday_count_due(const bm_policy *p, int32_t today, int32_t *holiday);

/*
 * SYS-3: the audit chain and the ledger bound to it are evidence; a unit moved between
 * engines (`baomi migrate`) must check clean before and after, with the same chain.
 */
#define BM_RULE_CHAIN_INTACT "SYS-3"

/* ---- devices and accounts (DEV-4, SYS-4) ---- */

/* DEV-4: may electronic content of `level` be stored? */
bool bm_rules_electronic(bm_decision *out, const bm_policy *p, bm_level level);

/* SYS-4: is a password of `length` characters long enough for someone cleared to `level`? */
bool bm_rules_password(bm_decision *out, const bm_policy *p, bm_level level, size_t length);

/* SYS-4: refuses (code password_expired) when the password changed on `changed_on` is too old. */
bool bm_rules_password_age(bm_decision *out, const bm_policy *p, bm_level level, int32_t changed_on,
                           int32_t today);

#endif
