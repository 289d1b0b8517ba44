/*
 * inspection.h — the pure decisions about inspections (保密检查, INSP-1)
 * and rectification notices (整改通知书, INSP-2). Same contract as
 * rules.h: facts in, a bm_decision out; no I/O, no clock (dates are days,
 * util/timeutil.h).
 *
 * INSP-1: the leadership group inspects every inspection.interval_months
 * (a "regular" inspection), and may hold spot (抽查) and special (专项)
 * checks besides; an inspection names its kind, its day (not in the
 * future), its scope (the whole unit or some of its departments), at
 * least one inspector of the unit, and its checklist answers.
 *
 * INSP-2: each finding becomes a rectification notice with a department of
 * the unit, a person answering for it and a deadline (default
 * inspection.rectify_days after the notice, never in the past); the
 * department reports back (open → reported); a follow-up then closes it or
 * reopens it with a new deadline (reported → closed, or → open). Past its
 * deadline and not closed, a notice is an alert.
 */
#ifndef BM_POLICY_INSPECTION_H
#define BM_POLICY_INSPECTION_H

#include "policy/rules.h"

/* The kinds of inspection (INSP-1). */
typedef enum bm_insp_kind {
	BM_INSP_REGULAR = 0, /* 定期检查: the policy's calendar */
	BM_INSP_SPOT,        /* 抽查 */
	BM_INSP_SPECIAL,     /* 专项检查 */
	BM_INSP_KIND_COUNT
} bm_insp_kind;
extern const bm_vocab_entry bm_insp_kind_names[BM_INSP_KIND_COUNT];

/* A checklist answer (INSP-1). */
typedef enum bm_insp_answer {
	BM_INSP_YES = 0, /* 符合 */
	BM_INSP_NO,      /* 不符合 */
	BM_INSP_NA,      /* 不适用 */
	BM_INSP_ANSWER_COUNT
} bm_insp_answer;
extern const bm_vocab_entry bm_insp_answer_names[BM_INSP_ANSWER_COUNT];

/* A rectification's status (INSP-2). */
typedef enum bm_insp_rect_status {
	BM_RECT_OPEN = 0, /* 待整改 */
	BM_RECT_REPORTED, /* 已报告，待复查 */
	BM_RECT_CLOSED,   /* 已销号 */
	BM_RECT_STATUS_COUNT
} bm_insp_rect_status;
extern const bm_vocab_entry bm_insp_rect_status_names[BM_RECT_STATUS_COUNT];

/* What an inspection is recorded with. */
typedef struct bm_insp_facts {
	int kind;                   /* bm_insp_kind, or -1 when not a kind */
	int32_t held_on;            /* the day it was held; BM_DATE_NONE: not a date */
	int32_t today;              /* the unit's local date now */
	bool whole_unit;            /* the scope is the whole unit… */
	size_t n_departments;       /* …else this many departments, all of the unit */
	size_t n_inspectors;        /* people of the unit */
	size_t n_items;             /* checklist lines */
	int bad_answer;             /* index of the first line whose answer is not one of
	                               yes/no/na, or -1 */
	const char *bad_department; /* as typed: a scope department not of the unit, or NULL */
	const char *bad_inspector;  /* as typed: an inspector not an active person of the
	                               unit, or NULL */
} bm_insp_facts;

/*
 * INSP-1: an inspection has a kind, a day not after today, a scope (the
 * whole unit or at least one department, each of the unit), at least one
 * inspector (each an active person of the unit), and checklist answers
 * each yes, no or na.
 */
bool bm_rules_insp_record(bm_decision *out, const bm_insp_facts *f);

/*
 * INSP-1: the inspection calendar. Is the unit's regular inspection due?
 * `last` is the day of its latest regular inspection (BM_DATE_NONE: none
 * yet; then the period runs from `since`, the day the unit was set up).
 * The next is due inspection.interval_months after it: an alert
 * "inspection_overdue" once that day has passed, "inspection_due" within
 * the 14 days before it; out->due_date is the day it is due. Returns
 * whether the decision carries an alert.
 */
bool bm_rules_insp_calendar(bm_decision *out, const bm_policy *p, int32_t last, int32_t since,
                            int32_t today);

/* The default deadline of a notice opened on `today`: inspection.rectify_days later. */
int32_t bm_rules_insp_default_deadline(const bm_policy *p, int32_t today);

/* What a rectification notice is opened with (INSP-2). */
typedef struct bm_insp_rect_facts {
	bool finding_given;
	bool department_of_unit;  /* the department exists and is the unit's */
	bool responsible_of_unit; /* the person answering exists, active, of the unit */
	int32_t deadline;         /* BM_DATE_NONE: not a date */
	int32_t today;
} bm_insp_rect_facts;

/*
 * INSP-2: a notice has its finding, a department of the unit, a person of
 * the unit answering for it, and a deadline not in the past.
 */
bool bm_rules_insp_rect_open(bm_decision *out, const bm_insp_rect_facts *f);

/*
 * INSP-2: the department reports back on an open notice (`id`), with its
 * text; by the person answering for it (`responsible`) or the inspectors'
 * side (`inspects`: the clerk or the leadership).
 */
bool bm_rules_insp_rect_report(bm_decision *out, int64_t id, bm_insp_rect_status status,
                               bool text_given, bool responsible, bool inspects);

/*
 * INSP-2: a follow-up (复查) closes (`close`) or reopens a notice that was
 * reported back: not before the report, not once closed. Reopening sets a
 * new deadline (`deadline`, not before `today`); the note is required
 * either way.
 */
bool bm_rules_insp_rect_follow(bm_decision *out, int64_t id, bm_insp_rect_status status, bool close,
                               bool note_given, int32_t deadline, int32_t today);

/*
 * INSP-2: is a notice with `deadline`, in `status`, past its deadline on
 * `today`? An alert "rectification_overdue" (out->due_date the deadline)
 * while not closed. Returns whether it is.
 */
bool bm_rules_insp_rect_overdue(bm_decision *out, int64_t id, bm_insp_rect_status status,
                                int32_t deadline, int32_t today);

#endif
