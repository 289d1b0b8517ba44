/*
 * alerting.c — the rule, code and urgency of each dated alert. See alerting.h.
 */
#include "common.h"
#include "policy/alerting.h"

enum { HOLIDAY_URGENT_DAYS = 3 /* INV-2: a holiday count this close is medium */ };

static const bm_alert_rule alert_rules[BM_ALERT_KIND_COUNT_] = {
        [BM_ALERT_BORROW_OVERDUE] = {"BORROW-2", "borrow_overdue", "medium"},
        [BM_ALERT_TAKE_OUT_OVERDUE] = {"CARRY-2", "take_out_overdue", "medium"},
        [BM_ALERT_OVERDUE_INCIDENT] = {"BORROW-6", "overdue_incident", "high"},
        [BM_ALERT_RECEIPT_UNSIGNED] = {"SEND-4", "receipt_unsigned", "medium"},
        [BM_ALERT_APPROVAL_PENDING] = {"SYS-5", "approval_pending", "medium"},
        [BM_ALERT_PERIOD_ENDING] = {"LEVEL-6", "period_ending", "low"},
        [BM_ALERT_PERIOD_ENDED] = {"LEVEL-6", "period_ended", "medium"},
        [BM_ALERT_LATE_REGISTRATION] = {"REG-2", "late_registration", "low"},
        [BM_ALERT_CARRIER_MISSING] = {"INV-4", "carrier_missing", "high"},
        [BM_ALERT_COUNT_DUE] = {"INV-1", "count_due", "low"},
        [BM_ALERT_COUNT_OVERDUE] = {"INV-1", "count_overdue", "medium"},
        [BM_ALERT_YEAR_END_COUNT] = {"INV-1", "year_end_count", "low"},
        [BM_ALERT_HOLIDAY_COUNT] = {"INV-2", "holiday_count_due", "low"},
        [BM_ALERT_HOLIDAY_COUNT_SOON] = {"INV-2", "holiday_count_due", "medium"},
        [BM_ALERT_ACCOUNT_FILED] = {"SYS-1", "account_filed", "high"},
        [BM_ALERT_ACCOUNT_APPROVED] = {"SYS-1", "account_approved", "high"},
        [BM_ALERT_ACCOUNT_REFUSED] = {"SYS-1", "account_refused", "medium"},
        [BM_ALERT_ACCOUNT_FILING_EXPIRED] = {"SYS-1", "account_filing_expired", "medium"},
        [BM_ALERT_ADMIN_ROLES] = {"SYS-1", "admin_roles_changed", "high"},
        [BM_ALERT_ADMIN_DISABLED] = {"SYS-1", "admin_disabled", "high"},
        [BM_ALERT_ADMIN_ENABLED] = {"SYS-1", "admin_enabled", "high"},
        [BM_ALERT_HANDLING_OVERDUE] = {"REG-5", "handling_overdue", "medium"},
        [BM_ALERT_DEVICE_PASSWORD_DUE] = {"DEV-3", "device_password_due", "medium"},
        [BM_ALERT_DEVICE_PASSWORD_SOON] = {"DEV-3", "device_password_due_soon", "low"},
};

const bm_alert_rule *bm_policy_alert(bm_alert_kind kind)
{
	if ((int)kind < 0 || kind >= BM_ALERT_KIND_COUNT_)
		kind = BM_ALERT_APPROVAL_PENDING;
	return &alert_rules[kind];
}

bm_alert_kind bm_rules_loan_alert(bm_overdue o, bool take_out)
{
	if (o == BM_OVERDUE_INCIDENT)
		return BM_ALERT_OVERDUE_INCIDENT;
	return take_out ? BM_ALERT_TAKE_OUT_OVERDUE : BM_ALERT_BORROW_OVERDUE;
}

bm_alert_kind bm_rules_period_alert(int32_t end, int32_t today)
{
	return today >= end ? BM_ALERT_PERIOD_ENDED : BM_ALERT_PERIOD_ENDING;
}

bm_alert_kind bm_rules_count_alert(bool overdue)
{
	return overdue ? BM_ALERT_COUNT_OVERDUE : BM_ALERT_COUNT_DUE;
}

bm_alert_kind bm_rules_holiday_alert(int32_t due, int32_t today)
{
	return due - today <= HOLIDAY_URGENT_DAYS ? BM_ALERT_HOLIDAY_COUNT_SOON
	                                          : BM_ALERT_HOLIDAY_COUNT;
}

bm_alert_kind bm_rules_device_password_alert(int32_t due, int32_t today)
{
	/* DEV-3: due from the day the interval runs out; announced before it. */
	return today >= due ? BM_ALERT_DEVICE_PASSWORD_DUE : BM_ALERT_DEVICE_PASSWORD_SOON;
}

int32_t bm_rules_device_password_alert_by(const bm_policy *p, int32_t today)
{
	/* DEV-3: due on changed_on + device.password_days; alerted from the notice on. */
	return today + BM_DEVICE_PASSWORD_NOTICE_DAYS - p->device_password_days;
}

void bm_rules_period_alert_days(const bm_policy *p, int32_t today, int32_t *ended_by,
                                int32_t *ending_by)
{
	/* LEVEL-6: flagged from warning_days before the end; ended from the end day. */
	*ended_by = today;
	*ending_by = today + p->period_warning_days;
}

int32_t bm_rules_keeping_expired_by(int32_t today)
{
	/* KEEP-6: expired once today is past the last day of keeping. */
	return today - 1;
}

int64_t bm_rules_registration_late_seconds(const bm_policy *p)
{
	/*
	 * REG-2: late when local(registered) > received_on + max_days, that is
	 * registered + tz >= (received_on + max_days + 1) days.
	 */
	return ((int64_t)p->registration_max_days + 1) * 86400 - (int64_t)p->tz_offset_minutes * 60;
}

bm_alert_kind bm_rules_admin_alert(const char *kind)
{
	static const struct {
		const char *kind;
		bm_alert_kind alert;
	} map[] = {
	        {"filed", BM_ALERT_ACCOUNT_FILED},
	        {"approved", BM_ALERT_ACCOUNT_APPROVED},
	        {"refused", BM_ALERT_ACCOUNT_REFUSED},
	        {"expired", BM_ALERT_ACCOUNT_FILING_EXPIRED},
	        {"admin_roles", BM_ALERT_ADMIN_ROLES},
	        {"admin_disabled", BM_ALERT_ADMIN_DISABLED},
	        {"admin_enabled", BM_ALERT_ADMIN_ENABLED},
	};
	for (size_t i = 0; i < BM_ARRAY_LEN(map); i++)
		if (kind && strcmp(kind, map[i].kind) == 0)
			return map[i].alert;
	/* An unknown kind is still shown, as the gravest. */
	return BM_ALERT_ADMIN_ROLES;
}

bool bm_policy_alert_reaches(const bm_alert_reader *r, bm_alert_audience audience, bool concerned)
{
	if (concerned || r->clerk)
		return true;
	switch (audience) {
	case BM_AUDIENCE_LEADERSHIP: return r->leadership;
	case BM_AUDIENCE_CLASSIFIER: return r->classifier;
	case BM_AUDIENCE_CLERK: break;
	}
	return false;
}
