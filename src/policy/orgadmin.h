/*
 * orgadmin.h — the pure decisions about the unit's departments and storage
 * places (存放地点) as their administrators rename and retire them (issue 14
 * point 14). Same contract as rules.h: facts in, a bm_decision out; no
 * I/O, no clock (dates are days, util/timeutil.h).
 *
 * Who: places are the security administrator's (they serve KEEP-1, as
 * clearances and roles do), departments the system administrator's (the
 * directory, with accounts and people): SYS-1, policy/tasks.c
 * (BM_TASK_GRANTS, BM_TASK_ACCOUNTS), as for adding them.
 *
 * Nothing is deleted: old records keep pointing at the row. A retired
 * (停用) place takes no new carrier (KEEP-1: every carrier is kept in a
 * storage place in use), a retired department no new person (ORG-1: every
 * department's people fall under its responsibility line).
 */
#ifndef BM_POLICY_ORGADMIN_H
#define BM_POLICY_ORGADMIN_H

#include "model/data.h"
#include "policy/rules.h"

/* A retirement asked for: what it is, since when it is retired, what it holds. */
typedef struct bm_retire_facts {
	const char *name;       /* for the reasons; borrowed */
	const char *retired_on; /* NULL: in use; else already retired that day */
	int32_t on;             /* the day asked for; BM_DATE_NONE: not a date */
	int32_t today;
	bm_org_holdings held;
} bm_retire_facts;

/* KEEP-1: a carrier goes only into a place in use, not one retired (place_retired). */
bool bm_rules_place_open(bm_decision *out, const char *name, const char *retired_on);

/*
 * KEEP-1: a place is retired once (already_retired), on a day not after
 * today (retire_day_invalid), and only empty: no carrier kept there is still
 * held (place_not_empty; they are moved first); DEV-1: no device recorded as
 * standing there (place_has_devices).
 */
bool bm_rules_place_retire(bm_decision *out, const bm_retire_facts *f);

/*
 * ORG-1: a person joins, a carrier is owned by and a responsibility line is
 * recorded for only a department in use (department_retired).
 */
bool bm_rules_department_open(bm_decision *out, const char *name, const char *retired_on);

/*
 * ORG-1: a department is retired once, on a day not after today, without
 * people who have not left (department_has_people: move them first) and
 * without a current line in the responsibility table (department_on_duty:
 * end it first); KEEP-6: nor while it owns carriers still held
 * (department_holds_carriers: its ledger is not orphaned).
 */
bool bm_rules_department_retire(bm_decision *out, const bm_retire_facts *f);

#endif
