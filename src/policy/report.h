/*
 * report.h — the pure decisions of the unit's reports to its leadership
 * (ORG-2): which period a report may cover, and when the month's report
 * to the leadership falls due. Same contract as rules.h: facts in, a
 * bm_decision out; no I/O, no clock (the caller passes "today").
 */
#ifndef BM_POLICY_REPORT_H
#define BM_POLICY_REPORT_H

#include "policy/policy.h"
#include "policy/rules.h"
#include "policy/visibility.h"

/*
 * ORG-2: the period of a report: month `month` (1..12) of `year`, or the
 * whole year when `month` is 0. Refused (BM_EINVALID) when malformed
 * (invalid_period: a year outside 2000..2099, a month outside 0..12) or
 * when it begins after `today` (period_in_future). On success `*first` and
 * `*last` are the period's first and last days.
 */
bool bm_rules_report_period(bm_decision *out, int year, int month, int32_t today, int32_t *first,
                            int32_t *last);

/*
 * ORG-2: the day the report of month `month` of `year` is due to the
 * leadership: report.monthly_day of the month after it.
 */
int32_t bm_rules_report_due_on(const bm_policy *p, int year, int month);

/*
 * ORG-2: the report of the month before `today`'s is late when it is not
 * recorded as delivered (`submitted`) and its due day has passed. A month
 * that ended before `since` (the day the unit was set up; BM_DATE_NONE:
 * unknown) owes no report. The month asked about is written to
 * `*year`/`*month` whatever the answer; an alert (code
 * monthly_report_missing) carries the due day.
 */
bool bm_rules_report_missing(bm_decision *out, const bm_policy *p, bool submitted, int32_t since,
                             int32_t today, int *year, int *month);

/* What recording a month's report as delivered to the leadership is decided on. */
typedef struct bm_report_delivery_facts {
	int32_t period_last;     /* the month's last day */
	int32_t delivered_on;    /* the day it was handed over; BM_DATE_NONE: not a date */
	int32_t today;           /* the unit's local date now */
	bool recipient_given;    /* a recipient was named… */
	bool recipient_leader;   /* …an active person of the unit in its leadership (leader,
	                            principal) */
	bool group_recorded;     /* ORG-1: the unit's leadership group has a current place */
	bool recipient_in_group; /* …the recipient, active, holds one (the leader in charge is
	                            one of them) */
	bool already_delivered;  /* the month's report is recorded as delivered already */
} bm_report_delivery_facts;

/*
 * ORG-2: a month's report is recorded as delivered to the leadership once
 * the month is over (period_not_ended), on a day after the month and not
 * after today (invalid_date, delivered_before_period_end,
 * delivered_in_future), to a member of the unit's leadership
 * (recipient_required; once ORG-1's leadership group is recorded a current
 * member of it, recipient_not_in_group, before that the leader or principal
 * role, recipient_not_leadership), and once a month
 * (already_delivered, BM_ECONFLICT). Returns out->allowed.
 */
bool bm_rules_report_deliver(bm_decision *out, const bm_report_delivery_facts *f);

/*
 * ORG-2 with SYS-2: which records behind a report's figures its reader is
 * shown. The figures count every record of the unit (the leadership is
 * told how many); the records themselves are listed only where the reader
 * may see them: a record that concerns a carrier (the carrier itself, a
 * loan, a level decision, an incident about it) only when the reader sees
 * that carrier by the ledger's own rule (bm_policy_sys2_visible; `item`
 * NULL: the record concerns no carrier, and is shown). A record withheld
 * is a decision refused under SYS-2 (code record_withheld); the caller
 * counts it as withheld and shows neither its id nor its title.
 */
bool bm_rules_report_record_shown(bm_decision *out, const bm_viewer *v, const bm_item *item);

/* ORG-2: the month before (`*year`, `*month`); January goes to December of the year before. */
void bm_rules_report_previous_month(int *year, int *month);

#endif
