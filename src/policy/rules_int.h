/*
 * rules_int.h — what only the src/policy decision sources share: starting,
 * refusing and flagging a bm_decision, and writing its reasons.
 */
#ifndef BM_RULES_INT_H
#define BM_RULES_INT_H

#include <stdio.h>
#include <string.h>

#include "policy/rules.h"
#include "util/timeutil.h"

/* Write the decision's reason in zh / en (printf formats). */
#define ZH(d, ...) snprintf((d)->reason_zh, sizeof((d)->reason_zh), __VA_ARGS__)
#define EN(d, ...) snprintf((d)->reason_en, sizeof((d)->reason_en), __VA_ARGS__)

static inline const char *lz(bm_level l)
{
	return bm_level_names[l].zh;
}

static inline const char *le(bm_level l)
{
	return bm_level_names[l].en;
}

/* Starts a decision: allowed, nothing needed, under `rule`. */
static inline void allow(bm_decision *d, const char *rule)
{
	memset(d, 0, sizeof(*d));
	d->allowed = true;
	d->rule = rule;
	d->code = "";
	d->due_date = BM_DATE_NONE;
}

/* Marks a refusal; the caller fills the reasons with ZH()/EN() and returns false. */
static inline void refuse(bm_decision *d, int klass, const char *rule, const char *code)
{
	d->allowed = false;
	d->alert = false;
	d->klass = klass;
	d->rule = rule;
	d->code = code;
	d->n_approvers = 0;
}

/* Marks an alert on an allowed decision; the caller fills the reasons. */
static inline void flag(bm_decision *d, const char *rule, const char *code)
{
	d->alert = true;
	d->rule = rule;
	d->code = code;
}

#endif
