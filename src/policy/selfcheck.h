/*
 * selfcheck.h — the pure decisions of the yearly self-assessment (保密自查
 * 自评, INSP-4; the month is INSP-1's policy key
 * inspection.self_assessment_month): the checklist's items, when one is
 * due, who starts, answers and signs it, and what an answer needs. Same
 * contract as rules.h: facts in, a bm_decision out; no I/O, no clock (the
 * caller passes "today").
 */
#ifndef BM_POLICY_SELFCHECK_H
#define BM_POLICY_SELFCHECK_H

#include "policy/rules.h"

/*
 * The items of the checklist, compiled from the unit's own records, each
 * under the rule whose record it reads. The order is the printed order.
 */
typedef enum bm_sa_item {
	BM_SA_COMMITMENT = 0, /* PERSON-2: 核心/重要 people without a signed commitment */
	BM_SA_TRAINING,       /* PERSON-6: cleared people short of the year's training hours */
	BM_SA_STATEMENT,      /* ORG-1: responsibility statements expired */
	BM_SA_COUNT,          /* INV-1: carriers never counted or not within the period */
	BM_SA_DEVICE,         /* DEV-1: devices not scrapped without a responsible person */
	BM_SA_DEVICE_LABEL,   /* DEV-1: devices not scrapped whose label is not recorded as
	                         affixed, or is out of date */
	BM_SA_LOAN,           /* BORROW-2: loans overdue */
	BM_SA_INCIDENT,       /* INC-4: incidents still open */
	BM_SA_RECTIFICATION,  /* INSP-2: rectification notices not closed (overdue called out) */
	BM_SA_ITEM_COUNT
} bm_sa_item;

/* One item's code, rule and title (static). */
typedef struct bm_sa_item_def {
	const char *code;
	const char *rule;
	const char *zh, *en;
} bm_sa_item_def;
extern const bm_sa_item_def bm_sa_items[BM_SA_ITEM_COUNT];

/* The index of the item `code`, or -1. */
int bm_sa_item_find(const char *code);

/* The answers: 符合, 不符合, 不适用. */
typedef enum bm_sa_answer {
	BM_SA_YES = 0, /* 符合 */
	BM_SA_NO,      /* 不符合: a finding, to be rectified (INSP-2) */
	BM_SA_NA,      /* 不适用 */
	BM_SA_ANSWER_COUNT
} bm_sa_answer;
extern const bm_vocab_entry bm_sa_answer_names[BM_SA_ANSWER_COUNT];

/*
 * INSP-4: may the self-assessment of `year` be started on `today`? Not a
 * year to come (year_in_future) nor before 2000 (invalid_year); one per
 * year (`exists`: self_assessment_exists).
 */
bool bm_rules_insp_sa_start(bm_decision *out, int year, bool exists, int32_t today);

/* What an answer is decided on. */
typedef struct bm_sa_answer_facts {
	bool is_signed;         /* the clerk has signed: the answers are final */
	int answer;             /* bm_sa_answer, -1: an unknown word */
	int64_t evidence;       /* the records the item found */
	bool note_given;        /* a note says why */
	bool department_given;  /* 不符合: the department that rectifies (INSP-2) */
	bool responsible_given; /* 不符合: the person answering for it (INSP-2) */
	int32_t deadline;       /* 不符合: the rectification's deadline, BM_DATE_NONE: none */
	bool deadline_valid;    /* a deadline given is a date */
	int32_t today;
	bool rectification_opened; /* an earlier 不符合 opened a notice for this item */
} bm_sa_answer_facts;

/*
 * INSP-4: may an item be answered so? Not once signed
 * (self_assessment_signed); not again once an earlier 不符合 opened its
 * rectification notice (INSP-2 rectification_opened: the notice is then
 * followed up on its own course); a known answer (invalid_answer); 符合 against
 * records that show otherwise only with a note saying why
 * (evidence_contradicts); 不适用 with a note (note_required); 不符合 is a
 * finding and becomes a rectification notice (INSP-2): a department
 * (department_required), the person answering for it
 * (responsible_required) and a deadline, a date (invalid_date) not before
 * today (deadline_required, deadline_past).
 */
bool bm_rules_insp_sa_answer(bm_decision *out, const bm_sa_answer_facts *f);

/* What a signature is decided on. */
typedef struct bm_sa_sign_facts {
	bool as_leader;     /* the leader in charge's signature, else the clerk's */
	bool holds_role;    /* the signer holds the signature's role */
	bool clerk_signed;  /* the clerk has signed */
	bool leader_signed; /* the leader in charge has signed: kept, immutable */
	int unanswered;     /* items without an answer */
	bool same_person;   /* the leader would be the clerk who signed */
} bm_sa_sign_facts;

/*
 * INSP-4: the self-assessment is signed by the clerk (clerk_required), once
 * every item is answered (items_unanswered), then by the leader in charge
 * (leader_required, clerk_signature_first), another person (same_signer);
 * each once (already_signed); once both signed it is kept as it is
 * (self_assessment_signed).
 */
bool bm_rules_insp_sa_sign(bm_decision *out, const bm_sa_sign_facts *f);

/*
 * INSP-1/INSP-4: the alert of the year's self-assessment. In the policy's
 * month (inspection.self_assessment_month) one not yet completed (signed
 * by both) is due (self_assessment_due, due_date the month's last day);
 * after it, overdue (self_assessment_overdue). Before the month, or once
 * completed, nothing (false).
 */
bool bm_rules_insp_sa_due(bm_decision *out, const bm_policy *p, bool started, bool completed,
                          int32_t today);

/* PERSON-6 for the checklist: a cleared person (class above none) short of the year's hours. */
bool bm_rules_insp_sa_training_short(const bm_policy *p, bm_class c, int year_tenths);

/* ORG-1 for the checklist: a statement valid until `until` has expired by `today`. */
bool bm_rules_insp_sa_statement_expired(int32_t until, int32_t today);

/* PERSON-2 for the checklist: a 核心 or 重要 person without a signed commitment. */
bool bm_rules_insp_sa_commitment_missing(bm_class c, int32_t commitment_on);

/*
 * DEV-1 for the checklist (定机定人): a device not scrapped with no
 * responsible person.
 */
bool bm_rules_insp_sa_device_unassigned(bool scrapped, int64_t holder_id);

/*
 * DEV-1 for the checklist: a device is labelled with its level and its
 * responsible person; one not scrapped whose label is not recorded as
 * affixed, or whose level or person changed since (bm_rules_device_label_state
 * other than current), is unlabelled.
 */
bool bm_rules_insp_sa_device_unlabelled(bool scrapped, int label_state);

/* INSP-2 for the checklist: a rectification notice in `status` (bm_insp_rect_status) is open. */
bool bm_rules_insp_sa_rectification_open(int status);

#endif
