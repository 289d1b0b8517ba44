/*
 * duty.h — the pure decisions about the unit's responsibility system
 * (保密工作责任制, ORG-1). Same contract as rules.h: facts in, a
 * bm_decision out; no I/O, no clock (dates are days, util/timeutil.h).
 *
 * ORG-1 (S3 二, S2 六 1): the unit records its leadership group
 * (保密工作领导小组) — each member's role in it, the day and the document
 * of the appointment — with exactly one head (组长: the principal or a
 * leader of the unit, as the seeds have it: 一把手 or 分管领导) and the
 * leader in charge of secrecy work (分管保密工作的领导, holding the leader
 * role); and for every department its responsible leader (责任领导) and its
 * secrecy clerk (保密员, a person of that department). Everyone recorded is
 * an active person of the unit. Group members and responsible leaders sign
 * the yearly responsibility statement (保密工作责任书, person.statement_months):
 * missing or lapsed, it is an alert, as is a group not recorded, without a
 * head or a leader in charge, and a department without its leader or clerk.
 *
 * Who records it: the secrecy clerk (保密员, the secrecy office 保密办) —
 * it is the office's record, like the registers; the three administrators
 * keep no business record (SYS-1) and are refused (policy/tasks.c,
 * BM_TASK_DUTY).
 */
#ifndef BM_POLICY_DUTY_H
#define BM_POLICY_DUTY_H

#include "policy/people.h"
#include "policy/rules.h"

/* A member's role in the leadership group. */
typedef enum bm_duty_role {
	BM_DUTY_HEAD = 0, /* 组长 */
	BM_DUTY_DEPUTY,   /* 副组长 */
	BM_DUTY_MEMBER,   /* 成员 */
	BM_DUTY_ROLE_COUNT
} bm_duty_role;
extern const bm_vocab_entry bm_duty_role_names[BM_DUTY_ROLE_COUNT];

/* What a place in the leadership group is recorded with. */
typedef struct bm_duty_member_facts {
	int role;             /* bm_duty_role, or -1 when not a role */
	bool in_charge;       /* to be the leader in charge of secrecy work */
	bool person_active;   /* the person exists, is of the unit and active */
	bool person_leads;    /* holds the principal's or a leader's role */
	bool person_leader;   /* holds the leader role (分管领导) */
	bool already_member;  /* holds a current place in the group */
	bool head_taken;      /* the group has a current head */
	bool in_charge_taken; /* the group has a current leader in charge */
	int32_t appointed_on; /* BM_DATE_NONE: not a date */
	int32_t today;
	bool document_given; /* the appointing document's number */
} bm_duty_member_facts;

/*
 * ORG-1: a member is an active person of the unit, not already in the
 * group, in a known role; the head (组长) is the principal or a leader and
 * there is one; the leader in charge holds the leader role and there is
 * one; the appointment has its day (not after today) and its document.
 */
bool bm_rules_duty_member(bm_decision *out, const bm_duty_member_facts *f);

/*
 * ORG-1: a place in the group (`id`) ends once (`ended`: already ended),
 * on a day not before its appointment and not after today.
 */
bool bm_rules_duty_member_end(bm_decision *out, int64_t id, bool ended, int32_t appointed_on,
                              int32_t on, int32_t today);

/* What a department's responsibility is recorded with. */
typedef struct bm_duty_dept_facts {
	bool department_of_unit;  /* the department exists and is the unit's */
	bool leader_active;       /* the responsible leader: an active person of the unit */
	bool clerk_active;        /* the secrecy clerk: an active person of the unit… */
	bool clerk_of_department; /* …of that department */
	bool unchanged;           /* the same leader and clerk as the current line */
	int32_t since;            /* BM_DATE_NONE: not a date */
	int32_t current_since;    /* the current line's since, or BM_DATE_NONE: none */
	int32_t today;
} bm_duty_dept_facts;

/*
 * ORG-1: a department of the unit gets its responsible leader and its
 * secrecy clerk (active people of the unit, the clerk of the department),
 * since a day not after today and not before the current line's; setting
 * the same two again is refused.
 */
bool bm_rules_duty_dept(bm_decision *out, const bm_duty_dept_facts *f);

/* The group as it stands, for its alerts. */
typedef struct bm_duty_group_facts {
	size_t n_members; /* current places */
	size_t n_heads;
	size_t n_in_charge;
} bm_duty_group_facts;

/*
 * ORG-1: the group's gap `which` (0: not recorded, 1: no head, 2: no
 * leader in charge), an alert "duty_group_missing", "duty_head_missing"
 * or "duty_in_charge_missing"; no head and no leader in charge are told
 * only of a group that exists. Returns whether there is the gap.
 */
bool bm_rules_duty_group_gap(bm_decision *out, const bm_duty_group_facts *f, int which);

/*
 * ORG-1: a department without its responsible leader or secrecy clerk: no
 * line recorded ("duty_department_unassigned"), or the recorded leader or
 * clerk no longer active ("duty_leader_gone", "duty_clerk_gone"). `name`
 * is the department's. Returns whether there is the gap.
 */
bool bm_rules_duty_dept_gap(bm_decision *out, const char *name, bool recorded, bool leader_active,
                            bool clerk_active);

/*
 * ORG-1: the responsibility statement of a group member or a department's
 * responsible leader (`f`, the register's facts, whether or not the
 * register otherwise tracks the person): never signed
 * ("duty_statement_missing") or past person.statement_months
 * ("duty_statement_lapsed", out->due_date the last valid day). Returns
 * whether it is an alert.
 */
bool bm_rules_duty_statement(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                             int32_t today);

#endif
