/*
 * tasks.h — who may do what: the guarded tasks of the use cases, each with
 * the roles that may do it and the rule of REGULATIONS.md that says so.
 * The table is stated once here; a service asks bm_policy_may() with the
 * task, never with a rule string of its own. Same contract as rules.h:
 * facts (the actor's grants) in, a bm_decision out; no I/O.
 */
#ifndef BM_TASKS_H
#define BM_TASKS_H

#include "policy/rules.h"

typedef enum bm_task {
	/* A secrecy clerk's business (SYS-1: no administrator handles carriers). */
	BM_TASK_REGISTER = 0, /* KEEP-5: register carriers into the ledger */
	BM_TASK_MOVE,         /* KEEP-1: move a carrier to another place or custodian */
	BM_TASK_COPY,         /* COPY-5: make the approved copies */
	BM_TASK_EXTRACT,      /* COPY-4: register an extract */
	BM_TASK_MAKE,         /* MAKE-1: register what an approved making produced */
	BM_TASK_MAKE_WASTE,   /* MAKE-3: register drafts and waste for destruction */
	BM_TASK_WIDEN,        /* CIRC-1: carry out an approved widening of the scope */
	BM_TASK_DESTROY,      /* DESTROY-1: carry out a destruction */
	BM_TASK_HANDOVER,     /* KEEP-2: hand a custodian's carriers over */
	BM_TASK_CLEAR_OUT,    /* KEEP-3: return carriers to their issuer (清退) */
	BM_TASK_VOLUME,       /* KEEP-4: form or dissolve a volume */
	BM_TASK_ISSUE,        /* REG-1: issue a carrier against an approved request */
	BM_TASK_TAKE_BACK,    /* CIRC-2: take a carrier back */
	BM_TASK_DISPATCH,     /* SEND-1: send carriers out */
	BM_TASK_RECEIPT,      /* SEND-4: record and read receipts */
	BM_TASK_ENVELOPE,     /* SEND-5: print a dispatch's envelope */
	BM_TASK_LETTER,       /* REG-3: log a personal letter */
	BM_TASK_COUNT_PLAN,   /* INV-1: the count plan */
	BM_TASK_COUNT,        /* INV-3: run a count */
	BM_TASK_SITE,         /* SITE-1: keep the register of key departments and places */
	BM_TASK_DEVICE,       /* DEV-1: keep the device and media register */
	BM_TASK_MEETING,      /* MEET-1: record classified meetings and issue their documents */
	/* Investigations: the clerk and the leadership (SYS-1: no administrator). */
	BM_TASK_INCIDENT_OPEN,    /* INC-1: open an incident record */
	BM_TASK_INCIDENT_REPORT,  /* INC-4: report on and close an incident */
	BM_TASK_SANCTION,         /* INC-2: record a sanction decided on an incident */
	BM_TASK_REWARD,           /* INSP-3: record a reward */
	BM_TASK_INSPECTION,       /* INSP-1: record inspections and read the calendar */
	BM_TASK_RECTIFY,          /* INSP-2: open rectification notices and follow them up */
	BM_TASK_SELF_ASSESS,      /* INSP-4: start and answer the yearly self-assessment (clerk) */
	BM_TASK_SELF_ASSESS_READ, /* INSP-4: read the self-assessments (clerk, leadership) */
	BM_TASK_REPORT,           /* ORG-2: the unit's reports to its leadership */
	BM_TASK_REPORT_DELIVER,   /* ORG-2: record the month's report delivered (clerk) */
	/* The three administrators' own tasks (SYS-1, SYS-5, PERSON-4). */
	BM_TASK_ACCOUNTS,         /* SYS-1: accounts, departments, people (system administrator) */
	BM_TASK_GRANTS,           /* SYS-1: classes, roles, places (security administrator) */
	BM_TASK_AUDIT_READ,       /* SYS-1: read, verify and export the audit log (auditor) */
	BM_TASK_AUDIT_CHECKPOINT, /* SYS-1, SYS-3: sign a checkpoint of the chain (auditor) */
	BM_TASK_POLICY,           /* SYS-5: change the unit's policy (security administrator) */
	BM_TASK_DEPARTURE,        /* PERSON-4: record a departure (security administrator) */
	BM_TASK_PEOPLE,   /* PERSON-2: the register of cleared people (security administrator) */
	BM_TASK_TRAINING, /* PERSON-6: training sessions and attendance (secrecy clerk) */
	BM_TASK_DUTY,     /* ORG-1: the leadership group and the departments' duty (clerk) */
	BM_TASK_COUNT_
} bm_task;

/* The rule that guards `task` (static string, REGULATIONS.md ID). */
const char *bm_policy_task_rule(bm_task task);

/*
 * May an actor holding `grants` (n of them; borrowed) do `task`? A
 * business task first refuses the three administrators (SYS-1,
 * bm_policy_sys1_carriers; reading tasks as BM_SYS1_SEE), then asks for
 * one of the task's roles, in any department: a refusal is BM_EDENIED with
 * code role_required (auditor_required for the audit log) under the
 * task's rule. Returns out->allowed.
 */
bool bm_policy_may(bm_decision *out, bm_task task, const bm_grant *grants, size_t n);

#endif
