/*
 * tasks.c — the table of guarded tasks: who may do each, under which rule.
 * See tasks.h.
 */
#include "common.h"
#include "policy/tasks.h"

#include "policy/rules_int.h"
#include "policy/visibility.h"

/* How a task's refusal is worded. */
typedef enum who {
	CLERK,        /* a business task of the secrecy clerk: "needs the clerk role" */
	INVESTIGATOR, /* the clerk, a leader or the principal */
	ADMIN,        /* "only the <role> may do this" */
	AUDITOR,      /* the audit log's own wording, code auditor_required */
	POLICY,       /* SYS-5's wording */
	DEPARTURE,    /* PERSON-4's wording */
	OFFICE,       /* the secrecy office's own record (ORG-1): the clerk; no administrator */
} who;

typedef struct task_rule {
	const char *rule;
	who who;
	bm_role role; /* CLERK, ADMIN, AUDITOR, POLICY, DEPARTURE: the one role */
} task_rule;

static const task_rule tasks[BM_TASK_COUNT_] = {
        [BM_TASK_REGISTER] = {"KEEP-5", CLERK, BM_ROLE_CLERK},
        [BM_TASK_MOVE] = {"KEEP-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_COPY] = {"COPY-5", CLERK, BM_ROLE_CLERK},
        [BM_TASK_EXTRACT] = {"COPY-4", CLERK, BM_ROLE_CLERK},
        [BM_TASK_MAKE] = {"MAKE-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_MAKE_WASTE] = {"MAKE-3", CLERK, BM_ROLE_CLERK},
        [BM_TASK_WIDEN] = {"CIRC-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_DESTROY] = {"DESTROY-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_HANDOVER] = {"KEEP-2", CLERK, BM_ROLE_CLERK},
        [BM_TASK_CLEAR_OUT] = {"KEEP-3", CLERK, BM_ROLE_CLERK},
        [BM_TASK_VOLUME] = {"KEEP-4", CLERK, BM_ROLE_CLERK},
        [BM_TASK_ISSUE] = {"REG-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_TAKE_BACK] = {"CIRC-2", CLERK, BM_ROLE_CLERK},
        [BM_TASK_DISPATCH] = {"SEND-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_RECEIPT] = {"SEND-4", CLERK, BM_ROLE_CLERK},
        [BM_TASK_ENVELOPE] = {"SEND-5", CLERK, BM_ROLE_CLERK},
        [BM_TASK_LETTER] = {"REG-3", CLERK, BM_ROLE_CLERK},
        [BM_TASK_COUNT_PLAN] = {"INV-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_COUNT] = {"INV-3", CLERK, BM_ROLE_CLERK},
        [BM_TASK_SITE] = {"SITE-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_DEVICE] = {"DEV-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_MEETING] = {"MEET-1", CLERK, BM_ROLE_CLERK},
        [BM_TASK_INCIDENT_OPEN] = {"INC-1", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_INCIDENT_REPORT] = {"INC-4", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_SANCTION] = {"INC-2", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_REWARD] = {"INSP-3", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_INSPECTION] = {"INSP-1", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_RECTIFY] = {"INSP-2", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_SELF_ASSESS] = {"INSP-4", CLERK, BM_ROLE_CLERK},
        [BM_TASK_SELF_ASSESS_READ] = {"INSP-4", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_REPORT] = {"ORG-2", INVESTIGATOR, BM_ROLE_CLERK},
        [BM_TASK_REPORT_DELIVER] = {"ORG-2", CLERK, BM_ROLE_CLERK},
        [BM_TASK_ACCOUNTS] = {"SYS-1", ADMIN, BM_ROLE_SYSADMIN},
        [BM_TASK_GRANTS] = {"SYS-1", ADMIN, BM_ROLE_SECADMIN},
        [BM_TASK_AUDIT_READ] = {"SYS-1", AUDITOR, BM_ROLE_AUDITOR},
        [BM_TASK_AUDIT_CHECKPOINT] = {"SYS-1", AUDITOR, BM_ROLE_AUDITOR},
        [BM_TASK_POLICY] = {"SYS-5", POLICY, BM_ROLE_SECADMIN},
        [BM_TASK_DEPARTURE] = {"PERSON-4", DEPARTURE, BM_ROLE_SECADMIN},
        [BM_TASK_PEOPLE] = {"PERSON-2", ADMIN, BM_ROLE_SECADMIN},
        [BM_TASK_TRAINING] = {"PERSON-6", CLERK, BM_ROLE_CLERK},
        [BM_TASK_DUTY] = {"ORG-1", OFFICE, BM_ROLE_CLERK},
};

const char *bm_policy_task_rule(bm_task task)
{
	return tasks[task].rule;
}

static bool holds(const bm_grant *grants, size_t n, bm_role role)
{
	for (size_t i = 0; i < n; i++)
		if (grants[i].role == role)
			return true;
	return false;
}

/* INC-1/4: the clerk and the leadership run investigations. */
static bool investigates(const bm_grant *grants, size_t n)
{
	return holds(grants, n, BM_ROLE_CLERK) || holds(grants, n, BM_ROLE_LEADER) ||
	       holds(grants, n, BM_ROLE_PRINCIPAL);
}

/* Words the refusal of `t`, which the actor may not do. */
static void refuse_task(bm_decision *out, const task_rule *t)
{
	const char *zh = bm_role_names[t->role].zh, *en = bm_role_names[t->role].en;

	refuse(out, BM_EDENIED, t->rule, t->who == AUDITOR ? "auditor_required" : "role_required");
	switch (t->who) {
	case CLERK:
		ZH(out, "此操作需要“%s”角色", zh);
		EN(out, "this needs the '%s' role", en);
		break;
	case INVESTIGATOR:
		ZH(out, "此操作需要保密员或领导角色");
		EN(out, "this needs the clerk, leader or principal role");
		break;
	case ADMIN:
		ZH(out, "此操作只能由%s执行", zh);
		EN(out, "only the %s may do this", en);
		break;
	case AUDITOR:
		ZH(out, "只有安全审计员可以查看、校验或导出审计日志");
		EN(out, "only the audit administrator may read, verify or export the audit log");
		break;
	case POLICY:
		ZH(out, "只有安全保密管理员可以修改保密制度设置");
		EN(out, "only the security administrator may change the policy");
		break;
	case DEPARTURE:
		ZH(out, "离岗登记由安全保密管理员办理");
		EN(out, "departures are recorded by the security administrator");
		break;
	case OFFICE:
		ZH(out, "保密工作责任制由保密员（保密办）登记");
		EN(out,
		   "the responsibility system is recorded by the secrecy clerk (secrecy office)");
		break;
	}
}

bool bm_policy_may(bm_decision *out, bm_task task, const bm_grant *grants, size_t n)
{
	const task_rule *t = &tasks[task];

	/* SYS-1: the three administrators handle no carrier and run no investigation. */
	if (t->who == CLERK || t->who == INVESTIGATOR) {
		bm_sys1_act act = t->who == CLERK ? BM_SYS1_HANDLE : BM_SYS1_SEE;
		if (!bm_policy_sys1_carriers(out, grants, n, act))
			return false;
	}
	/* ORG-1 with SYS-1: the three administrators keep no record of the secrecy office. */
	if (t->who == OFFICE && bm_policy_sys1_admin(grants, n)) {
		refuse(out, BM_EDENIED, t->rule, "admin_no_business");
		ZH(out, "三员（系统、安全、审计管理员）不得登记保密工作责任制（三员分立）");
		EN(out, "the three administrators do not record the responsibility system "
		        "(separation of the administrators)");
		return false;
	}
	allow(out, t->rule);
	if (t->who == INVESTIGATOR ? investigates(grants, n) : holds(grants, n, t->role))
		return true;
	refuse_task(out, t);
	return false;
}
