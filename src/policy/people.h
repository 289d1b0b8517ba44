/*
 * people.h — the rules of the register of cleared people (涉密人员) and of
 * training (PERSON-2/3/4/5/6/8, KEEP-2, ORG-1). Same contract as rules.h:
 * facts in, a bm_decision out, no I/O, no clock (`today` is given).
 *
 * The lifecycle: vetted → trained → committed → cleared → leaving →
 * 脱密期 → ended. Only vetting, clearance, the exit commitment and the
 * leaving are recorded as steps; "trained" and "committed" are read from
 * the training records and the commitment, and "ended" from the date.
 */
#ifndef BM_POLICY_PEOPLE_H
#define BM_POLICY_PEOPLE_H

#include "policy/rules.h"

typedef enum bm_person_stage {
	BM_STAGE_ACCOUNT = 0, /* an account the register does not track (cleared by its account) */
	BM_STAGE_CANDIDATE,   /* in the register, not vetted yet */
	BM_STAGE_REFUSED,     /* vetting failed */
	BM_STAGE_VETTED,
	BM_STAGE_TRAINED,
	BM_STAGE_COMMITTED,
	BM_STAGE_CLEARED,
	BM_STAGE_LEAVING, /* exit commitment signed, not yet left */
	BM_STAGE_DECL,    /* in the 脱密期 */
	BM_STAGE_ENDED,   /* the 脱密期 is over */
	BM_STAGE_COUNT_
} bm_person_stage;

/* Codes, zh and en names of the stages, in enum order. */
extern const bm_vocab_entry bm_person_stage_names[BM_STAGE_COUNT_];

/* What the register knows of a person; dates BM_DATE_NONE when not recorded. */
typedef struct bm_person_facts {
	bm_class person_class;
	bool temporary;
	bool disabled;
	bool tracked; /* the register records anything of the person */
	int32_t vetted_on;
	bool vetting_passed;   /* the last vetting passed */
	int32_t last_training; /* the last session attended */
	int32_t commitment_on; /* PERSON-2 */
	int32_t cleared_on;    /* PERSON-2, through the register */
	int32_t statement_on;  /* ORG-1 */
	int32_t exit_commitment_on;
	int32_t left_on;
	int32_t decl_until;
} bm_person_facts;

/* Sets every date of `f` to BM_DATE_NONE and the rest to zero. */
void bm_person_facts_init(bm_person_facts *f);

/* The stage of the lifecycle `f` is at on `today`. */
bm_person_stage bm_rules_person_stage(const bm_person_facts *f, int32_t today);

/* The dated steps of the register, each under its rule. */
typedef enum bm_register_step {
	BM_STEP_VETTING = 0,     /* PERSON-2 */
	BM_STEP_COMMITMENT,      /* PERSON-2 */
	BM_STEP_CLEARANCE,       /* PERSON-2 */
	BM_STEP_STATEMENT,       /* ORG-1 */
	BM_STEP_EXIT_COMMITMENT, /* PERSON-4 */
	BM_STEP_LEAVE,           /* PERSON-4 */
	BM_STEP_TRAINING,        /* PERSON-6 */
	BM_STEP_TRIP_REPORT,     /* PERSON-8 */
	BM_STEP_TRIP_DEPART,     /* PERSON-8 */
	BM_STEP_COUNT_
} bm_register_step;

/*
 * The date a step of the register gives: valid and not after `today`;
 * refused under the step's rule (invalid_date, date_in_future).
 */
bool bm_rules_register_date(bm_decision *out, bm_register_step step, const char *text,
                            int32_t today, int32_t *day);

/* PERSON-2: a vetting may be recorded (not for a person who has left). */
bool bm_rules_person_vet(bm_decision *out, const bm_person_facts *f, int32_t today);

/*
 * PERSON-2/3: may the person be cleared as class `c`? A temporary hire
 * never (PERSON-3); otherwise only once vetted (passed), trained and
 * committed (PERSON-2); one already cleared, leaving or in a 脱密期 is
 * refused.
 */
bool bm_rules_person_clear(bm_decision *out, const bm_person_facts *f, bm_class c, int32_t today);

/* PERSON-3: may a person of these facts be given the post `post` as classified (`c`)? */
bool bm_rules_person_post(bm_decision *out, const bm_person_facts *f, bm_class c);

/* ORG-1: a responsibility statement signed on `on` (not by a person who has left). */
bool bm_rules_person_statement(bm_decision *out, const bm_person_facts *f, int32_t today);

/* PERSON-4: the exit commitment is signed by a cleared person not yet gone. */
bool bm_rules_person_exit_commitment(bm_decision *out, const bm_person_facts *f, int32_t today);

/*
 * KEEP-2/PERSON-4: may the person leave (or move off) the classified post
 * on `on`? Refused without the exit commitment (PERSON-4) and while
 * anything is held (`held` carriers, devices …: KEEP-2). When allowed,
 * out->due_date is the last day of the 脱密期 of the person's class.
 */
bool bm_rules_person_leave(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                           int64_t held, int32_t on, int32_t today);

/* PERSON-6: a training session: hours in (0, 24] (tenths), held on a day not in the future. */
bool bm_rules_training_session(bm_decision *out, int hours_tenths);

/*
 * PERSON-6: attendance is taken until the clerk signs the sheet, once per
 * person (`already`: the person is on it).
 */
bool bm_rules_training_attend(bm_decision *out, int64_t session_id, bool signed_sheet,
                              bool already);

/*
 * PERSON-8: a trip abroad is recorded briefed (secrecy education) on or
 * before the departure, returning on or after departing. It is then
 * approved (bm_rules_trip_approve) before it may depart (bm_rules_trip_depart).
 */
bool bm_rules_person_trip(bm_decision *out, const bm_person_facts *f, const char *depart_on,
                          const char *return_on, const char *briefed_on);

/*
 * PERSON-8: the approval chain for a traveller of class `c`
 * (person.trip_approver.<class>; a person of no class is asked of as general).
 */
const bm_role_list *bm_rules_trip_chain(const bm_policy *p, bm_class c);

/*
 * PERSON-8: the next approval of a trip of a traveller of class `c` that has
 * `done` approvals. The approver holds the chain's next role (`holds` tells
 * whether the acting person holds a role) and is not the traveller (`self`);
 * a trip departed or fully approved takes no more (trip_departed,
 * trip_approved). On success out->approvers[0] is the role approving now.
 */
bool bm_rules_trip_approve(bm_decision *out, const bm_policy *p, bm_class c, int done,
                           bool departed, bool self, bool (*holds)(const void *, bm_role),
                           const void *who);

/*
 * PERSON-8: which pending trips a reader sees in the list of trips waiting
 * for approval: the people register's readers (security administrator,
 * secrecy clerk: `register_reader`) see every one; anyone else only the
 * trips whose next approval they may give now (bm_rules_trip_approve).
 */
bool bm_rules_trip_pending_visible(const bm_policy *p, bm_class c, int done, bool departed,
                                   bool self, bool register_reader,
                                   bool (*holds)(const void *, bm_role), const void *who);

/*
 * PERSON-8: the traveller departs on `on`: not twice (trip_departed), only
 * with the whole chain approved (trip_not_approved), never before the
 * briefing (not_briefed).
 */
bool bm_rules_trip_depart(bm_decision *out, const bm_policy *p, bm_class c, int done, bool departed,
                          int32_t briefed, int32_t on);

/* PERSON-8: the report back follows a departure, on or after it, once (trip_reported). */
bool bm_rules_trip_report(bm_decision *out, bool departed, bool reported, int32_t depart,
                          int32_t on);

/* ---- alerts: out->alert with rule, code and due_date when there is one ---- */

/* ORG-1: the statement expires within 30 days, or has (tracked people only). */
bool bm_rules_statement_due(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                            int32_t today);

/* PERSON-2: a temporary person's commitment is renewed within 30 days, or is overdue. */
bool bm_rules_commitment_due(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                             int32_t today);

/*
 * PERSON-6: from November on, a cleared person whose hours this year
 * (`year_tenths`) are below training.min_hours by the year's end.
 */
bool bm_rules_training_short(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                             int year_tenths, int32_t today);

/* PERSON-4: the 脱密期 ends within 30 days. */
bool bm_rules_decl_ending(bm_decision *out, const bm_person_facts *f, int32_t today);

/* PERSON-8: back from abroad (`ret`) and not reported within person.trip_report_days. */
bool bm_rules_trip_unreported(bm_decision *out, const bm_policy *p, int32_t ret, int32_t today);

/* ORG-1: the last day the statement (or, before any, the clearance) is valid, or BM_DATE_NONE. */
int32_t bm_rules_statement_until(const bm_policy *p, const bm_person_facts *f);

/*
 * SYS-1 (issue 15 point 1): an import of the register of cleared people
 * records steps for existing accounts only; it never makes one (accounts
 * are the system administrator's, their first login approved by the
 * security administrator). `ref` is what the row names (username or name);
 * `found` whether one account of the unit answers to it; the row's name and
 * department (NULL: not given) must be the account's (NULL department:
 * none). Refusals: import_no_account, import_name_differs,
 * import_department_differs.
 */
typedef struct bm_import_account_facts {
	const char *ref;
	bool found;
	const char *row_name, *account_name;
	const char *row_department, *account_department;
} bm_import_account_facts;
bool bm_rules_import_account(bm_decision *out, const bm_import_account_facts *f);

#endif
