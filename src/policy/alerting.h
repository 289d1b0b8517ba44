/*
 * alerting.h — what each dated alert is: the rule that raises it, its
 * stable code and its urgency (low, medium, high), stated once here for
 * the alerts whose decision is not already a bm_decision of rules.h or
 * cases.h (those carry their own rule and code). Same contract as rules.h:
 * facts in, an answer out; no I/O.
 */
#ifndef BM_ALERTING_H
#define BM_ALERTING_H

#include "policy/rules.h"

typedef enum bm_alert_kind {
	BM_ALERT_BORROW_OVERDUE = 0, /* BORROW-2: a loan past its due date */
	BM_ALERT_TAKE_OUT_OVERDUE,   /* CARRY-2: a take-out past its return date */
	BM_ALERT_OVERDUE_INCIDENT,   /* BORROW-6: so long overdue it is handled as a loss */
	BM_ALERT_RECEIPT_UNSIGNED,   /* SEND-4: a dispatch's receipt not yet signed */
	BM_ALERT_APPROVAL_PENDING,   /* SYS-5 (or the request's own rule): awaiting approval */
	BM_ALERT_PERIOD_ENDING,      /* LEVEL-6: the secrecy period ends soon */
	BM_ALERT_PERIOD_ENDED,       /* LEVEL-6: the secrecy period has ended */
	BM_ALERT_LATE_REGISTRATION,  /* REG-2: an incoming carrier registered late */
	BM_ALERT_CARRIER_MISSING,    /* INV-4: a missing carrier, reported at once */
	BM_ALERT_COUNT_DUE,          /* INV-1: a level's count falls due today */
	BM_ALERT_COUNT_OVERDUE,      /* INV-1: a level's count is overdue */
	BM_ALERT_YEAR_END_COUNT,     /* INV-1: the year-end full count is near */
	BM_ALERT_HOLIDAY_COUNT,      /* INV-2: a holiday count is near */
	BM_ALERT_HOLIDAY_COUNT_SOON, /* INV-2: a holiday count is due within three days */
	/* SYS-1 (issue 9 point 1): the audit administrator's, until acknowledged */
	BM_ALERT_ACCOUNT_FILED,          /* a password reset or account creation filed */
	BM_ALERT_ACCOUNT_APPROVED,       /* a filing approved: the account has a new secret */
	BM_ALERT_ACCOUNT_REFUSED,        /* a filing refused */
	BM_ALERT_ACCOUNT_FILING_EXPIRED, /* a filing left undecided past its expiry */
	BM_ALERT_ADMIN_ROLES,            /* an administrator role granted or revoked */
	BM_ALERT_ADMIN_DISABLED,         /* an administrator's account disabled */
	BM_ALERT_ADMIN_ENABLED,          /* an administrator's account enabled */
	BM_ALERT_HANDLING_OVERDUE,     /* REG-5: an incoming classified item not handled in time */
	BM_ALERT_DEVICE_PASSWORD_DUE,  /* DEV-3: a computer's login password is due */
	BM_ALERT_DEVICE_PASSWORD_SOON, /* DEV-3: …falls due within the warning window */
	BM_ALERT_KIND_COUNT_
} bm_alert_kind;

typedef struct bm_alert_rule {
	const char *rule;    /* REGULATIONS.md ID */
	const char *code;    /* stable machine code */
	const char *urgency; /* low, medium, high */
} bm_alert_rule;

/* The rule, code and urgency of an alert of `kind` (a static table entry). */
const bm_alert_rule *bm_policy_alert(bm_alert_kind kind);

/* SYS-1: the alert kind of an admin_alert row's `kind` (filed, approved, ...). */
bm_alert_kind bm_rules_admin_alert(const char *kind);

/* BORROW-2, CARRY-2 (`take_out`), BORROW-6: the alert of a loan overdue as `o` says. */
bm_alert_kind bm_rules_loan_alert(bm_overdue o, bool take_out);

/* LEVEL-6: the review alert of a secrecy period ending on `end`. */
bm_alert_kind bm_rules_period_alert(int32_t end, int32_t today);

/* INV-1: a level's count that has fallen due, `overdue` or not yet. */
bm_alert_kind bm_rules_count_alert(bool overdue);

/* INV-2: a holiday count due on `due`, urgent within three days. */
bm_alert_kind bm_rules_holiday_alert(int32_t due, int32_t today);

/*
 * DEV-3: a computer's or laptop's login password falling due on `due`
 * (bm_rules_device_password_due's due_date): due from that day, announced
 * BM_DEVICE_PASSWORD_NOTICE_DAYS before it.
 */
enum { BM_DEVICE_PASSWORD_NOTICE_DAYS = 7 };
bm_alert_kind bm_rules_device_password_alert(int32_t due, int32_t today);

/* DEV-3 as a day bound for the store's device_password index: a password
 * last changed on this day or earlier (or never) is due or falls due within
 * the warning window; no other is. */
int32_t bm_rules_device_password_alert_by(const bm_policy *p, int32_t today);

/*
 * The same decisions as day bounds, so that the store can count and page
 * the carriers each alert concerns by an index instead of reading every
 * carrier (issue 17). Each bound is exact: a carrier inside it is one the
 * rule flags, and no other is.
 */

/* LEVEL-6 (bm_rules_period_review): a classified carrier whose period ends
 * on or before *ended_by has ended (period_ended); one ending after it and
 * on or before *ending_by ends soon (period_ending). */
void bm_rules_period_alert_days(const bm_policy *p, int32_t today, int32_t *ended_by,
                                int32_t *ending_by);

/* KEEP-6 (bm_rules_keeping_expired): personal keeping until this day or
 * earlier has expired. */
int32_t bm_rules_keeping_expired_by(int32_t today);

/* REG-2 (bm_rules_registration): an incoming carrier is late when it was
 * registered this many seconds or more after the start (UTC) of the day it
 * was received: its registration day, in the policy's time zone, is past
 * received_on + registration.max_days. */
int64_t bm_rules_registration_late_seconds(const bm_policy *p);

/*
 * SYS-2 with issue 14 point 13: who an alert reaches. Seeing a carrier is
 * not enough: an alert goes to the clerk, who keeps the unit's ledger and
 * cases, and to the person it concerns (who holds the loan, keeps the
 * carrier, filed the request or must decide it now, answers for the device
 * or the rectification, received the letter). Beyond them only the
 * audience its kind names: the leadership for what it must know (a missing
 * carrier, a loan so late it is handled as a loss, incidents, inspections,
 * the responsibility system), the classification authority for the
 * declassification review. Nobody else is told of what they cannot act on.
 */
typedef enum bm_alert_audience {
	BM_AUDIENCE_CLERK = 0,  /* the clerk and the person concerned */
	BM_AUDIENCE_LEADERSHIP, /* also the leader in charge and the principal (INV-4, BORROW-6,
	                           INC, INSP, ORG-1) */
	BM_AUDIENCE_CLASSIFIER, /* also the classification authority (LEVEL-6) */
} bm_alert_audience;

/* What the reader is to the unit: roles, not the carrier. */
typedef struct bm_alert_reader {
	bool clerk;      /* 保密员: keeps the whole ledger */
	bool leadership; /* 分管领导 or 主要领导 */
	bool classifier; /* 定密责任人 */
} bm_alert_reader;

/* True when an alert for `audience` reaches reader `r`; `concerned`: it is about them. */
bool bm_policy_alert_reaches(const bm_alert_reader *r, bm_alert_audience audience, bool concerned);

#endif
