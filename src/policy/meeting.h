/*
 * meeting.h — the pure decisions about classified meetings (涉密会议):
 * MEET-1 (level, place, time, participants as the scope, the measures
 * taken before a 秘密-or-above meeting is held) and MEET-2 (documents
 * issued to participants against signature, recalled at the end: 绝密 at
 * once, the rest within meeting.recall_hours; what is not back is an
 * alert, and after borrow.overdue_incident_months a loss, BORROW-6).
 * Same contract as rules.h: facts in, a bm_decision out; no I/O, no clock.
 */
#ifndef BM_POLICY_MEETING_H
#define BM_POLICY_MEETING_H

#include "policy/rules.h"

/* The measures of MEET-1, in the order they are listed. */
typedef enum bm_meeting_measure {
	BM_MEETING_NO_WIRELESS = 0, /* 不使用无线话筒 */
	BM_MEETING_PHONES,          /* 手机集中保管 */
	BM_MEETING_ROOM_CHECKED,    /* 会场保密检查 */
	BM_MEETING_MEASURE_COUNT
} bm_meeting_measure;
extern const bm_vocab_entry bm_meeting_measure_names[BM_MEETING_MEASURE_COUNT];

/* A meeting's status: planned, then open (being held), then closed. */
typedef enum bm_meeting_status {
	BM_MEETING_PLANNED = 0,
	BM_MEETING_OPEN,
	BM_MEETING_CLOSED,
	BM_MEETING_STATUS_COUNT
} bm_meeting_status;
extern const bm_vocab_entry bm_meeting_status_names[BM_MEETING_STATUS_COUNT];

/* What a meeting is recorded with (add and edit). */
typedef struct bm_meeting_facts {
	int level;         /* bm_level, or -1 when not a level */
	bool site_given;   /* a key site of the register is named */
	bool site_active;  /* …and it is not revoked */
	bool room_given;   /* a room that is not a key site is named */
	int64_t starts_at; /* instants; 0: not given */
	int64_t ends_at;
	bool organiser_given;
} bm_meeting_facts;

/*
 * MEET-1: a meeting has a level (a classified meeting is at least 内部),
 * one place (a key site still in the register, or a room), a start and an
 * end after it, and an organiser.
 */
bool bm_rules_meeting_record(bm_decision *out, const bm_meeting_facts *f);

/*
 * MEET-1: nothing changes on a closed meeting; (`holding`) participants
 * and measures may change on a planned or open one, its place and time
 * only while it is planned.
 */
bool bm_rules_meeting_change(bm_decision *out, int64_t id, bm_meeting_status status,
                             bool place_or_time);

/*
 * MEET-1: a meeting at `level` is opened (held) only while planned, and
 * from 秘密 up only with every measure recorded (`measures`, indexed by
 * bm_meeting_measure): the refusal names the ones missing.
 */
bool bm_rules_meeting_open(bm_decision *out, int64_t id, bm_meeting_status status, bm_level level,
                           const bool measures[BM_MEETING_MEASURE_COUNT]);

/* MEET-1: a meeting is closed only while open. */
bool bm_rules_meeting_close(bm_decision *out, int64_t id, bm_meeting_status status);

/*
 * MEET-1, PERSON-1/2/3/7: may `person` be a participant of a meeting at
 * `level`? The meeting's participants are its knowledge scope: the same
 * rule as for a carrier's scope (bm_rules_named_person), on the person's
 * facts.
 */
bool bm_rules_meeting_participant(bm_decision *out, const bm_policy *p, const bm_actor *person,
                                  bm_level level, int32_t today);

/*
 * MEET-1, MEET-2: may `name` leave the participant list? Not the organiser
 * (MEET-1), and not while holding a document issued at the meeting
 * (`held_carrier` its id; 0: none, MEET-2).
 */
bool bm_rules_meeting_leave(bm_decision *out, const char *name, bool organiser,
                            int64_t held_carrier);

/* What a document issued at a meeting is decided on. */
typedef struct bm_meeting_issue_facts {
	bm_meeting_status status; /* the meeting's */
	bm_level meeting_level;
	bm_level carrier_level;
	bool participant; /* the holder is on the participant list now */
} bm_meeting_issue_facts;

/*
 * MEET-2: a document is issued at an open meeting, to one of its
 * participants, and is not above the meeting's level. (How the participant
 * confirms the receipt is bm_rules_holder_receipt's, under MEET-2; the
 * carrier's own rules — in store, visible, the holder cleared for its level
 * — are decided by the caller with rules.h.)
 */
bool bm_rules_meeting_issue(bm_decision *out, const bm_meeting_issue_facts *f);

/*
 * CIRC-1 (LEVEL-2) for a meeting document: the participant it is issued to
 * is inside the carrier's own knowledge scope (named, or of a department
 * named), or its custodian; a non-classified carrier has no scope to keep.
 * The participant list is the meeting's scope (MEET-1), not the document's:
 * a participant outside it is refused (BM_EDENIED, "CIRC-1", "outside_scope")
 * until a widen_scope request, approved as CIRC-1 asks, adds them.
 */
bool bm_rules_meeting_holder_scope(bm_decision *out, const bm_item *item, const bm_actor *holder);

/*
 * MEET-2: when a document of `level` issued at a meeting ending at
 * `ends_at` is due back (an instant): 绝密 at the end, the rest
 * meeting.recall_hours later.
 */
int64_t bm_rules_meeting_due(const bm_policy *p, bm_level level, int64_t ends_at);

/*
 * MEET-2, BORROW-6: is a meeting document due at `due_at` (its local date
 * `due_date`) and still out at `now` (local date `today`) overdue, or so
 * long overdue (borrow.overdue_incident_months after its due date) that
 * it is handled as a loss? Overdue answers name MEET-2 (meeting_overdue),
 * the incident BORROW-6 (overdue_incident), as a loan does.
 */
bm_overdue bm_rules_meeting_overdue(bm_decision *out, const bm_policy *p, int64_t due_at,
                                    int32_t due_date, int64_t now, int32_t today);

/* MEET-2: a document comes back once. */
bool bm_rules_meeting_return(bm_decision *out, int64_t carrier_id, bool out_now);

#endif
