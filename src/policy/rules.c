/*
 * rules.c — the pure decisions. Each check names its rule ID in a comment
 * and in the decision it writes.
 */
#include "common.h"
#include "policy/rules.h"
#include "policy/device.h"
#include "policy/rules_int.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>

#include "policy/calendar.h"
#include "util/timeutil.h"

/* Appends the roles of a chain not yet in the decision's chain. */
static void add_chain(bm_decision *d, const bm_role_list *l)
{
	for (int i = 0; i < l->n; i++) {
		bool seen = false;
		for (int j = 0; j < d->n_approvers; j++)
			seen |= d->approvers[j] == l->roles[i];
		if (!seen && d->n_approvers < BM_POLICY_MAX_ROLES)
			d->approvers[d->n_approvers++] = l->roles[i];
	}
}

static bool has_grant(const bm_actor *a, bm_role role, int64_t department_id)
{
	for (size_t i = 0; i < a->n_grants; i++)
		if (a->grants[i].role == role && (a->grants[i].department_id == 0 ||
		                                  a->grants[i].department_id == department_id))
			return true;
	return false;
}

static bool has_role_anywhere(const bm_actor *a, bm_role role)
{
	for (size_t i = 0; i < a->n_grants; i++)
		if (a->grants[i].role == role)
			return true;
	return false;
}

void bm_actor_init(bm_actor *a)
{
	memset(a, 0, sizeof(*a));
	a->commitment_on = BM_DATE_NONE;
	a->decl_until = BM_DATE_NONE;
	a->last_training = BM_DATE_NONE;
	a->training_tenths = -1;
	a->training_since = BM_DATE_NONE;
	a->statement_until = BM_DATE_NONE;
}

const char *bm_op_rule(bm_op op)
{
	static const char *const rules[BM_OP_COUNT] = {
	        [BM_OP_BORROW] = "BORROW-1",
	        [BM_OP_READ] = "CIRC-4",
	        [BM_OP_COPY] = "COPY-1",
	        [BM_OP_EXTRACT] = "COPY-4",
	        [BM_OP_TAKE_OUT] = "CARRY-1",
	        [BM_OP_MAKE] = "MAKE-1",
	        [BM_OP_WIDEN_SCOPE] = "CIRC-1",
	        [BM_OP_DESTROY] = "DESTROY-1",
	        [BM_OP_LEVEL_CHANGE] = "LEVEL-4",
	        [BM_OP_FOREIGN] = "FOREIGN-1",
	        [BM_OP_OUTSIDE_READER] = "BORROW-5",
	        [BM_OP_SCRAP] = "DEV-6",
	        [BM_OP_PUBLISH] = "PUB-1",
	};
	return (unsigned)op < BM_OP_COUNT ? rules[op] : "SYS-5";
}

int bm_decision_error(const bm_decision *d)
{
	if (d->allowed)
		return 0;
	return bm_error_set_msg(d->klass ? d->klass : BM_EDENIED, d->code, d->rule, d->reason_zh,
	                        d->reason_en);
}

/* ---- people ---- */

bool bm_rules_training_lapsed(const bm_policy *p, const bm_actor *a, int32_t today)
{
	int months;

	if (a->person_class <= BM_CLASS_NONE || a->person_class >= BM_CLASS_COUNT)
		return false;
	months = p->training_interval_months[a->person_class];
	if (a->training_tenths >= 0) {
		/* The register tracks the person: the obligation runs from training_since. */
		int32_t last = a->last_training;
		if (last == BM_DATE_NONE)
			last = a->training_since;
		if (last == BM_DATE_NONE || bm_calendar_add_months(last, months) < today)
			return true;
		/* PERSON-6: at least training.min_hours hours a year. */
		return a->training_since != BM_DATE_NONE &&
		       bm_calendar_add_months(a->training_since, 12) <= today &&
		       a->training_tenths < p->training_min_hours * 10;
	}
	if (a->last_training == BM_DATE_NONE)
		return true;
	return bm_calendar_add_months(a->last_training, months) < today;
}

/* ORG-1: the responsibility statement of a person the register tracks has lapsed. */
static bool statement_lapsed(const bm_actor *a, int32_t today)
{
	return a->statement_until != BM_DATE_NONE && today > a->statement_until;
}

/* PERSON-2: a temporary person's commitment is renewed every temp_commitment_months. */
static bool commitment_stale(const bm_policy *p, const bm_actor *a, int32_t today)
{
	return a->temporary && a->commitment_on != BM_DATE_NONE &&
	       bm_calendar_add_months(a->commitment_on, p->temp_commitment_months) < today;
}

static bool in_decl_period(const bm_actor *a, int32_t today)
{
	return a->decl_until != BM_DATE_NONE && today <= a->decl_until;
}

bm_level bm_rules_clearance(const bm_policy *p, const bm_actor *a, int32_t today)
{
	bm_level max = bm_class_max_level(a->person_class);

	if (a->disabled)
		return BM_LEVEL_PUBLIC;
	if (max <= BM_LEVEL_INTERNAL)
		return max;
	if (a->temporary                                                            /* PERSON-3 */
	    || a->commitment_on == BM_DATE_NONE                                     /* PERSON-2 */
	    || commitment_stale(p, a, today)                                        /* PERSON-2 */
	    || in_decl_period(a, today)                                             /* PERSON-7 */
	    || statement_lapsed(a, today)                                           /* PERSON-7 */
	    || (p->training_lapse_blocks && bm_rules_training_lapsed(p, a, today))) /* PERSON-7 */
		return BM_LEVEL_INTERNAL;
	return max;
}

bool bm_rules_person_access(bm_decision *out, const bm_policy *p, const bm_actor *a, bm_level level,
                            int32_t today)
{
	allow(out, "PERSON-1");
	/* PERSON-7: a disabled person handles nothing. */
	if (a->disabled) {
		refuse(out, BM_EDENIED, "PERSON-7", "person_disabled");
		ZH(out, "人员已停用，不得借阅、接收或阅读载体");
		EN(out, "person '%lld' is disabled and may not borrow, receive or read carriers",
		   (long long)a->id);
		return false;
	}
	if (!bm_level_is_classified(level))
		return true;
	/* PERSON-3: temporary hires hold no classified post. */
	if (a->temporary) {
		refuse(out, BM_EDENIED, "PERSON-3", "temporary_hire");
		ZH(out, "临时聘用人员不得接触%s载体", lz(level));
		EN(out, "a temporary hire may not handle '%s' carriers", le(level));
		return false;
	}
	/* PERSON-1: nobody sees above their class. */
	if (bm_class_max_level(a->person_class) < level) {
		refuse(out, BM_EDENIED, "PERSON-1", "clearance_too_low");
		ZH(out, "%s人员不得知悉%s载体", bm_class_names[a->person_class].zh, lz(level));
		EN(out, "a person of class '%s' may not see '%s' carriers",
		   bm_class_names[a->person_class].en, le(level));
		return false;
	}
	/* PERSON-2: no commitment, no clearance; temporary staff renew it. */
	if (a->commitment_on == BM_DATE_NONE || commitment_stale(p, a, today)) {
		refuse(out, BM_EDENIED, "PERSON-2", "no_commitment");
		ZH(out, "未签订有效的保密承诺书，不具有涉密资格");
		EN(out,
		   "no valid confidentiality 'commitment' is signed, so there is no clearance");
		return false;
	}
	/* PERSON-7: a person in the declassification period handles no classified carrier. */
	if (in_decl_period(a, today)) {
		char until[BM_DATE_LEN];
		bm_date_format(a->decl_until, until);
		refuse(out, BM_EDENIED, "PERSON-7", "declassification_period");
		ZH(out, "处于脱密期（至 %s），不得接触涉密载体", until);
		EN(out, "the person is in a declassification period until '%s'", until);
		return false;
	}
	/* PERSON-7 (ORG-1): a lapsed responsibility statement blocks, as a missing commitment. */
	if (statement_lapsed(a, today)) {
		char until[BM_DATE_LEN];
		bm_date_format(a->statement_until, until);
		refuse(out, BM_EDENIED, "PERSON-7", "statement_lapsed");
		ZH(out, "保密工作责任书已于 %s 过期，续签前不得接触涉密载体", until);
		EN(out,
		   "the responsibility 'statement' lapsed on '%s'; no classified carriers until "
		   "it is signed again",
		   until);
		return false;
	}
	/* PERSON-6/7: lapsed training blocks (or is flagged, as the policy says). */
	if (bm_rules_training_lapsed(p, a, today)) {
		if (p->training_lapse_blocks) {
			refuse(out, BM_EDENIED, "PERSON-7", "training_lapsed");
			ZH(out, "保密教育培训已逾期，补训前不得接触涉密载体");
			EN(out, "the person's 'training' has lapsed; no classified carriers until "
			        "trained");
			return false;
		}
		flag(out, "PERSON-6", "training_lapsed");
		ZH(out, "保密教育培训已逾期");
		EN(out, "the person's 'training' has lapsed");
	}
	return true;
}

bool bm_rules_assign_class(bm_decision *out, const bm_actor *a, bm_class c)
{
	allow(out, "PERSON-3");
	/* PERSON-3: temporary hires cannot hold classified posts. */
	if (a->temporary && c != BM_CLASS_NONE) {
		refuse(out, BM_EDENIED, "PERSON-3", "temporary_hire");
		ZH(out, "临时聘用人员不得定为%s涉密人员", bm_class_names[c].zh);
		EN(out, "a temporary hire cannot be made '%s' cleared staff", bm_class_names[c].en);
		return false;
	}
	/* PERSON-2: allowed, but without a commitment the class gives no clearance. */
	if (c != BM_CLASS_NONE && a->commitment_on == BM_DATE_NONE) {
		flag(out, "PERSON-2", "no_commitment");
		ZH(out, "尚未签订保密承诺书，签订前不具有涉密资格");
		EN(out, "no 'commitment' is signed yet; there is no clearance until it is");
	}
	return true;
}

int32_t bm_rules_decl_end(const bm_policy *p, bm_class c, int32_t left_on)
{
	/* PERSON-4: general 6 months, important 1 year, core 2 years by default. */
	if (c <= BM_CLASS_NONE || c >= BM_CLASS_COUNT)
		return left_on;
	return bm_calendar_add_months(left_on, p->decl_months[c]);
}

bool bm_rules_in_scope(const bm_item *item, const bm_actor *a)
{
	for (size_t i = 0; i < item->n_scope; i++) {
		const bm_scope_ref *s = &item->scope[i];
		if ((s->person_id && s->person_id == a->id) ||
		    (s->department_id && !a->external && s->department_id == a->department_id))
			return true;
	}
	return false;
}

/* ---- levels and periods ---- */

/* LEVEL-8: "10", "10y", "10年" → 10; false for anything else or less than one year. */
static bool years_from_text(const char *text, int *years)
{
	char num[16];
	size_t len = strlen(text);
	long n;
	char *end;

	if (len > 1 && (text[len - 1] == 'y' || text[len - 1] == 'Y'))
		len--;
	else if (len > 3 && strcmp(text + len - 3, "年") == 0)
		len -= 3;
	if (len == 0 || len >= sizeof(num))
		return false;
	memcpy(num, text, len);
	num[len] = '\0';
	n = strtol(num, &end, 10);
	if (*end != '\0' || n < 1 || n > INT_MAX)
		return false;
	*years = (int)n;
	return true;
}

/* LEVEL-3/8: a period that ends with an event: the condition and a review date, no years. */
static bool event_from_text(bm_decision *out, bool has_period, const char *event,
                            const char *review, bm_period *result)
{
	if (has_period) {
		refuse(out, BM_EINVALID, "LEVEL-8", "period_conflict");
		ZH(out, "保密期限与解密条件只能填写一项");
		EN(out, "give either a period or a declassification condition, not both");
		return false;
	}
	if (!review || !*review) {
		refuse(out, BM_EINVALID, "LEVEL-3", "review_date_required");
		ZH(out, "以事件为解密条件时必须填写审核日期");
		EN(out, "a period that ends with an event needs a review date");
		return false;
	}
	if (!bm_date_parse(review, &result->review)) {
		refuse(out, BM_EINVALID, NULL, "invalid_date");
		ZH(out, "审核日期不是有效日期：'%.32s'（格式 YYYY-MM-DD）", review);
		EN(out, "'review date' is not a valid date: '%.32s' (YYYY-MM-DD)", review);
		return false;
	}
	result->kind = BM_PERIOD_EVENT;
	result->event = event;
	return true;
}

bool bm_rules_period_from_text(bm_decision *out, bm_level level, const char *period,
                               const char *event, const char *review, bm_period *result)
{
	bool has_period = period && *period, has_event = event && *event;

	allow(out, "LEVEL-8");
	memset(result, 0, sizeof(*result));
	result->kind = BM_PERIOD_NONE;
	result->until = result->review = BM_DATE_NONE;
	/* LEVEL-2: public and internal carriers carry no period. */
	if (!bm_level_is_classified(level)) {
		if (has_period || has_event) {
			refuse(out, BM_EINVALID, "LEVEL-2", "period_not_applicable");
			ZH(out, "非密和内部载体不设保密期限");
			EN(out, "public and internal carriers have no secrecy period");
			return false;
		}
		return true;
	}
	if (has_event)
		return event_from_text(out, has_period, event, review, result);
	if (!has_period)
		return true; /* LEVEL-8: bm_rules_period gives the level's maximum */
	if (strlen(period) == 10 && period[4] == '-') {
		if (!bm_date_parse(period, &result->until)) {
			refuse(out, BM_EINVALID, NULL, "invalid_date");
			ZH(out, "解密时间不是有效日期：'%.32s'（格式 YYYY-MM-DD）", period);
			EN(out, "'declassification date' is not a valid date: '%.32s' (YYYY-MM-DD)",
			   period);
			return false;
		}
		result->kind = BM_PERIOD_UNTIL;
		return true;
	}
	if (!years_from_text(period, &result->years)) {
		refuse(out, BM_EINVALID, "LEVEL-8", "invalid_period");
		ZH(out, "无法识别的保密期限 '%.64s'（应为年数或解密日期 YYYY-MM-DD）", period);
		EN(out, "unrecognised period '%.64s' (years, or a date YYYY-MM-DD)", period);
		return false;
	}
	result->kind = BM_PERIOD_YEARS;
	return true;
}

/* LEVEL-3: the end of a period counted from `start` must come after it and within `limit`. */
static bool period_end(bm_decision *out, bm_level level, int max_years, int32_t start,
                       int32_t limit, int32_t end, const char *past_code, const char *what_zh,
                       const char *what_en)
{
	char d[BM_DATE_LEN];

	bm_date_format(end, d);
	if (end == BM_DATE_NONE || end <= start) {
		refuse(out, BM_EINVALID, "LEVEL-3", past_code);
		ZH(out, "%s %s 应晚于登记日期", what_zh, end == BM_DATE_NONE ? "" : d);
		EN(out, "the %s '%s' must be after registration", what_en,
		   end == BM_DATE_NONE ? "" : d);
		return false;
	}
	if (end > limit) {
		refuse(out, BM_EINVALID, "LEVEL-3", "period_too_long");
		ZH(out, "%s %s 超出%s最长保密期限 %d 年", what_zh, d, lz(level), max_years);
		EN(out, "the %s '%s' is beyond the %d-year maximum for '%s'", what_en, d, max_years,
		   le(level));
		return false;
	}
	out->due_date = end;
	return true;
}

/* LEVEL-3: a number of years, at least one and at most the level's maximum. */
static bool period_years(bm_decision *out, bm_level level, int max_years, int32_t start, int years)
{
	if (years < 1) {
		refuse(out, BM_EINVALID, "LEVEL-3", "period_invalid");
		ZH(out, "保密期限 %d 年无效", years);
		EN(out, "secrecy period '%d' years is not valid", years);
		return false;
	}
	if (years > max_years) {
		refuse(out, BM_EINVALID, "LEVEL-3", "period_too_long");
		ZH(out, "保密期限 %d 年超出%s最长期限 %d 年", years, lz(level), max_years);
		EN(out, "a period of %d years exceeds the %d-year maximum for '%s'", years,
		   max_years, le(level));
		return false;
	}
	out->due_date = bm_date_add_years(start, years);
	return true;
}

bool bm_rules_period(bm_decision *out, const bm_policy *p, bm_level level, int32_t start,
                     bm_period *period)
{
	int max_years;
	int32_t limit;

	allow(out, "LEVEL-3");
	/* LEVEL-2: public and internal carriers carry no period. */
	if (!bm_level_is_classified(level)) {
		if (period->kind != BM_PERIOD_NONE) {
			refuse(out, BM_EINVALID, "LEVEL-2", "period_not_applicable");
			ZH(out, "%s载体不设保密期限", lz(level));
			EN(out, "'%s' carriers have no secrecy period", le(level));
			return false;
		}
		return true;
	}
	max_years = p->period_max_years[level];
	limit = bm_date_add_years(start, max_years);
	switch (period->kind) {
	case BM_PERIOD_NONE:
		/* LEVEL-8: registered without a period, it gets the level's maximum. */
		period->kind = BM_PERIOD_YEARS;
		period->years = max_years;
		out->due_date = limit;
		out->rule = "LEVEL-8";
		return true;
	case BM_PERIOD_YEARS: return period_years(out, level, max_years, start, period->years);
	case BM_PERIOD_UNTIL:
		return period_end(out, level, max_years, start, limit, period->until,
		                  "period_in_past", "解密时间", "declassification date");
	case BM_PERIOD_EVENT:
		if (!period->event || !*period->event) {
			refuse(out, BM_EINVALID, "LEVEL-8", "event_required");
			ZH(out, "以解密条件标注时须写明条件");
			EN(out, "a period that ends with an event needs the 'condition'");
			return false;
		}
		if (period->review == BM_DATE_NONE) {
			refuse(out, BM_EINVALID, "LEVEL-3", "review_date_required");
			ZH(out, "以事件为解密条件时必须填写审核日期");
			EN(out, "a period that ends with an event needs a 'review date'");
			return false;
		}
		return period_end(out, level, max_years, start, limit, period->review,
		                  "review_date_past", "审核日期", "review date");
	default: break;
	}
	refuse(out, BM_EINVALID, "LEVEL-8", "period_invalid");
	ZH(out, "保密期限类型无效");
	EN(out, "the 'period' kind is not valid");
	return false;
}

int bm_rules_marking(char *buf, size_t size, bm_level level, const bm_period *period,
                     bool declassified, bool english)
{
	const char *name = english ? le(level) : lz(level);
	int n;

	if (!size)
		return BM_ETOOLARGE;
	/* LEVEL-8: level★period, level★date, level★condition; 解密 once declassified. */
	if (declassified) {
		n = snprintf(buf, size, "%s", english ? "declassified" : "解密");
	} else if (!bm_level_is_classified(level) || !period) {
		n = snprintf(buf, size, "%s", name);
	} else {
		switch (period->kind) {
		case BM_PERIOD_YEARS:
			n = english ? snprintf(buf, size, "%s★%d years", name, period->years)
			            : snprintf(buf, size, "%s★%d年", name, period->years);
			break;
		case BM_PERIOD_UNTIL: {
			int y, m, d;
			char iso[BM_DATE_LEN];
			bm_date_to_ymd(period->until, &y, &m, &d);
			bm_date_format(period->until, iso);
			n = english ? snprintf(buf, size, "%s★until %s", name, iso)
			            : snprintf(buf, size, "%s★%d年%d月%d日", name, y, m, d);
			break;
		}
		case BM_PERIOD_EVENT:
			n = snprintf(buf, size, "%s★%s", name, period->event ? period->event : "");
			break;
		default: n = snprintf(buf, size, "%s", name); break;
		}
	}
	return n < 0 || (size_t)n >= size ? BM_ETOOLARGE : 0;
}

int bm_rules_marking_note(char *buf, size_t size, int32_t changed_on, bool declassified,
                          bool english)
{
	char iso[BM_DATE_LEN];
	int y, m, d, n;

	if (!size)
		return BM_ETOOLARGE;
	bm_date_format(changed_on, iso);
	bm_date_to_ymd(changed_on, &y, &m, &d);
	/* LEVEL-7: the decision's date and kind stay beside the struck marking. */
	if (english)
		n = snprintf(buf, size, "%s %s", declassified ? "declassified" : "level changed",
		             iso);
	else
		n = snprintf(buf, size, "%d年%d月%d日%s", y, m, d,
		             declassified ? "解密" : "变更密级");
	return n < 0 || (size_t)n >= size ? BM_ETOOLARGE : 0;
}

int bm_rules_marking_text(char *buf, size_t size, const char *current, const char *original,
                          int32_t changed_on, bool declassified, bool english)
{
	char note[64];
	int n;

	if (!size)
		return BM_ETOOLARGE;
	if (!original) {
		n = snprintf(buf, size, "%s", current ? current : "");
		return n < 0 || (size_t)n >= size ? BM_ETOOLARGE : 0;
	}
	if (bm_rules_marking_note(note, sizeof(note), changed_on, declassified, english) != 0)
		return BM_ETOOLARGE;
	/* LEVEL-8: the old marking is shown struck out; in plain text, said to be. */
	n = english ? snprintf(buf, size, "%s (original marking %s struck out; %s)", current,
	                       original, note)
	            : snprintf(buf, size, "%s（原标志%s已划去，%s）", current, original, note);
	return n < 0 || (size_t)n >= size ? BM_ETOOLARGE : 0;
}

bool bm_rules_period_review(bm_decision *out, const bm_policy *p, int32_t end, int32_t today)
{
	allow(out, "LEVEL-6");
	out->due_date = end;
	/* LEVEL-6: flagged for declassification review from warning_days before the end. */
	if (end != BM_DATE_NONE && today >= end - p->period_warning_days) {
		char d[BM_DATE_LEN];
		bm_date_format(end, d);
		flag(out, "LEVEL-6", today >= end ? "period_ended" : "period_ending");
		ZH(out, "保密期限%s %s，应进行解密审核", today >= end ? "已于" : "将于", d);
		EN(out, "the secrecy period %s on '%s'; review for declassification",
		   today >= end ? "ended" : "ends", d);
		return true;
	}
	return false;
}

bool bm_rules_level_change(bm_decision *out, const bm_policy *p, const bm_actor *decider,
                           bm_level from, bm_level to, int32_t today)
{
	bm_level top = from > to ? from : to;
	const bm_role_list *chain = bm_rules_chain(p, BM_OP_LEVEL_CHANGE, top);
	bool authority = false;

	allow(out, "LEVEL-4");
	if (from == to) {
		refuse(out, BM_EINVALID, "LEVEL-7", "level_unchanged");
		ZH(out, "新密级与原密级相同（%s）", lz(to));
		EN(out, "the new level '%s' is the current level", le(to));
		return false;
	}
	/* LEVEL-4: only the designated classification authority decides. */
	for (int i = 0; i < chain->n; i++)
		authority |= has_role_anywhere(decider, chain->roles[i]);
	if (!authority || decider->disabled) {
		refuse(out, BM_EDENIED, "LEVEL-4", "not_classification_authority");
		ZH(out, "只有定密责任人可以确定、变更或解除密级");
		EN(out, "only a 'classification authority' decides, changes or lifts a level");
		return false;
	}
	/* LEVEL-10: never above one's own clearance. */
	bm_level own = bm_rules_clearance(p, decider, today);
	if (own < top) {
		/* The message names the person's own clearance, and the level asked beside it. */
		refuse(out, BM_EDENIED, "LEVEL-10", "above_own_clearance");
		ZH(out, "不得超出本人可知悉的密级（%s）定密或变更密级：本次涉及%s", lz(own),
		   lz(top));
		EN(out,
		   "nobody classifies or changes a level above their own clearance ('%s'); this "
		   "change involves '%s'",
		   le(own), le(top));
		return false;
	}
	return true;
}

/*
 * DEV-2, the one check for the carrier ledger and the device register: a
 * storage medium's level is raised, never lowered. `what_zh` / `what_en`
 * name the thing in the reason ("载体 12", "设备 U-001").
 */
static bool medium_level(bm_decision *out, bm_kind kind, const char *what_zh, const char *what_en,
                         const char *kind_zh, const char *kind_en, bm_level from, bm_level to,
                         const char *code)
{
	bool medium = kind == BM_KIND_USB || kind == BM_KIND_REMOVABLE_DISK ||
	              kind == BM_KIND_OPTICAL_DISC || kind == BM_KIND_HARD_DISK;
	allow(out, "DEV-2");
	if (!medium || to >= from)
		return true;
	refuse(out, BM_EDENIED, "DEV-2", code);
	ZH(out, "%s是%s，其密级按曾存储的最高密级（%s）确定，只升不降，不得降为%s", what_zh,
	   kind_zh, lz(from), lz(to));
	EN(out,
	   "%s is a '%s': its level is the highest ever stored on it ('%s') and is "
	   "never lowered to '%s'",
	   what_en, kind_en, le(from), le(to));
	return false;
}

bool bm_rules_medium_level(bm_decision *out, bm_kind kind, int64_t id, bm_level from, bm_level to)
{
	char zh[48], en[48];
	snprintf(zh, sizeof(zh), "载体 %lld ", (long long)id);
	snprintf(en, sizeof(en), "carrier %lld", (long long)id);
	return medium_level(out, kind, zh, en, bm_kind_names[kind].zh, bm_kind_names[kind].en, from,
	                    to, "medium_level_down");
}

bool bm_rules_device_level(bm_decision *out, bm_device_kind kind, const char *number, bm_level from,
                           bm_level to)
{
	char zh[160], en[160];
	snprintf(zh, sizeof(zh), "设备 %s ", number ? number : "");
	snprintf(en, sizeof(en), "device '%s'", number ? number : "");
	return medium_level(out, bm_device_medium_kind(kind), zh, en, bm_device_kind_names[kind].zh,
	                    bm_device_kind_names[kind].en, from, to, "device_level_down");
}

/* Sets the decision's chain to `l` exactly, in order. */
static void set_chain(bm_decision *d, const bm_role_list *l)
{
	d->n_approvers = l->n;
	memcpy(d->approvers, l->roles, sizeof(d->approvers));
}

bool bm_rules_level_proposal(bm_decision *out, const bm_policy *p, const bm_actor *proposer,
                             bm_level from, bm_level to, int32_t today)
{
	bm_level top = from > to ? from : to;

	/* LEVEL-4: the handler proposes; only the authority's own role is not needed here. */
	if (!bm_rules_level_change(out, p, proposer, from, to, today) &&
	    strcmp(out->code, "not_classification_authority") != 0)
		return false;
	/* LEVEL-10: nobody proposes a level above their own clearance either. */
	bm_level own = bm_rules_clearance(p, proposer, today);
	if (own < to) {
		/* The message names the person's own clearance, and the level proposed. */
		refuse(out, BM_EDENIED, "LEVEL-10", "above_own_clearance");
		ZH(out, "不得超出本人可知悉的密级（%s）提出定密：所提密级为%s", lz(own), lz(to));
		EN(out,
		   "nobody proposes a level above their own clearance ('%s'); the level proposed "
		   "is '%s'",
		   le(own), le(to));
		return false;
	}
	/* LEVEL-4: the classification authority of the higher level decides. */
	allow(out, "LEVEL-4");
	set_chain(out, bm_rules_chain(p, BM_OP_LEVEL_CHANGE, top));
	return true;
}

bool bm_rules_volume_level(bm_decision *out, bm_level volume, const bm_level *parts, size_t n)
{
	bm_level highest = BM_LEVEL_PUBLIC;

	allow(out, "LEVEL-5");
	for (size_t i = 0; i < n; i++)
		if (parts[i] > highest)
			highest = parts[i];
	/* LEVEL-5: a volume takes the highest level of what it contains. */
	if (volume < highest) {
		refuse(out, BM_EDENIED, "LEVEL-5", "volume_level_too_low");
		ZH(out, "汇编或案卷的密级不得低于所含内容的最高密级（%s）", lz(highest));
		EN(out, "a volume must be at least '%s', the highest level it contains",
		   le(highest));
		return false;
	}
	return true;
}

/* ---- registration ---- */

bool bm_rules_registration(bm_decision *out, const bm_policy *p, int32_t received_on, int32_t today)
{
	allow(out, "REG-2");
	if (received_on == BM_DATE_NONE || received_on > today) {
		refuse(out, BM_EINVALID, "REG-2", "date_in_future");
		ZH(out, "收到日期不能晚于今天");
		EN(out, "the date received cannot be in the future");
		return false;
	}
	out->due_date = received_on + p->registration_max_days;
	/* REG-2: registered the same day (or within the policy's days); later is flagged. */
	if (today > out->due_date) {
		flag(out, "REG-2", "late_registration");
		ZH(out, "逾期登记：收到后第 %d 日才登记", (int)(today - received_on));
		EN(out, "late registration: registered %d days after arrival",
		   (int)(today - received_on));
	}
	return true;
}

bool bm_rules_handling_due(bm_decision *out, const bm_policy *p, bm_urgency urgency,
                           int32_t received_on, int32_t today)
{
	allow(out, "REG-5");
	/* REG-5: urgent items at once, ordinary ones within handling_days. */
	out->due_date = urgency == BM_URGENCY_NORMAL ? received_on + p->handling_days : received_on;
	if (today > out->due_date) {
		flag(out, "REG-5", "handling_overdue");
		ZH(out, "%s已超过办理期限", bm_urgency_names[urgency].zh);
		EN(out, "the '%s' item is past its handling deadline",
		   bm_urgency_names[urgency].en);
		return true;
	}
	return false;
}

/* ---- approvals ---- */

const bm_role_list *bm_rules_chain(const bm_policy *p, bm_op op, bm_level level)
{
	static const bm_role_list none = {0};
	if ((unsigned)op >= BM_OP_COUNT || (unsigned)level >= BM_LEVEL_COUNT)
		return &none;
	return &p->approvers[op][level];
}

bool bm_rules_approve(bm_decision *out, const bm_policy *p, const bm_request *req,
                      const bm_actor *approver, int32_t today)
{
	return bm_rules_approve_chain(out, p, req, bm_rules_chain(p, req->op, req->level), approver,
	                              today);
}

bool bm_rules_approve_chain(bm_decision *out, const bm_policy *p, const bm_request *req,
                            const bm_role_list *chain, const bm_actor *approver, int32_t today)
{
	const char *rule = bm_op_rule(req->op);
	int step = req->n_approved;
	bm_role role;

	allow(out, rule);
	if (step < 0 || step >= chain->n) {
		refuse(out, BM_EINVALID, rule, "nothing_to_approve");
		ZH(out, "该申请无需（或已无需）审批");
		EN(out, "the request needs no further 'approval'");
		return false;
	}
	/* SYS-5: a request left pending too long lapses. */
	if (req->requested_on != BM_DATE_NONE &&
	    today - req->requested_on > p->approval_max_pending_days) {
		refuse(out, BM_EDENIED, rule, "request_expired");
		ZH(out, "申请已超过 %d 日未办结，已失效", p->approval_max_pending_days);
		EN(out, "the request is older than %d days and has 'lapsed'",
		   p->approval_max_pending_days);
		return false;
	}
	/* Nobody approves their own request. */
	if (approver->id == req->requester_id) {
		refuse(out, BM_EDENIED, rule, "self_approval");
		ZH(out, "不得审批本人提出的申请");
		EN(out, "nobody approves their own 'request'");
		return false;
	}
	/* Nor two steps of the same request. */
	for (int i = 0; i < req->n_approved && req->approved_by; i++)
		if (req->approved_by[i] == approver->id) {
			refuse(out, BM_EDENIED, rule, "approver_repeated");
			ZH(out, "同一人不得审批同一申请的两个环节");
			EN(out, "the same person may not approve two 'steps' of one request");
			return false;
		}
	/* The approver holds the step's role for the request's department (or unit-wide). */
	role = chain->roles[step];
	if (approver->disabled || !has_grant(approver, role, req->department_id)) {
		refuse(out, BM_EDENIED, rule, "approver_role");
		ZH(out, "本环节应由本部门的%s审批", bm_role_names[role].zh);
		EN(out, "this step is approved by the department's '%s'", bm_role_names[role].en);
		return false;
	}
	/* PERSON-1: an approver sees what they approve. */
	if (bm_rules_clearance(p, approver, today) < req->level) {
		refuse(out, BM_EDENIED, "PERSON-1", "approver_clearance");
		ZH(out, "审批人无权知悉%s载体", lz(req->level));
		EN(out, "the approver is not cleared for '%s'", le(req->level));
		return false;
	}
	for (int i = step + 1; i < chain->n; i++)
		out->approvers[out->n_approvers++] = chain->roles[i];
	return true;
}

/* Common opening of a request by `actor` on `item`: the item is in store and the actor cleared. */
static bool request_common(bm_decision *out, const bm_policy *p, bm_op op, const bm_actor *actor,
                           const bm_item *item, int32_t today)
{
	const char *rule = bm_op_rule(op);

	allow(out, rule);
	if (item->status == BM_STATUS_LENT || item->status == BM_STATUS_TAKEN_OUT ||
	    item->status == BM_STATUS_CIRCULATING) {
		/* BORROW-4: the holder may not re-lend, copy or extract what was lent. */
		if (item->holder_id && item->holder_id == actor->id) {
			refuse(out, BM_EDENIED, "BORROW-4", "borrower_may_not");
			ZH(out, "借阅人不得转借、复制或摘录所借载体（%s）", bm_op_names[op].zh);
			EN(out, "a borrower may not re-lend, copy or extract the item ('%s')",
			   bm_op_names[op].en);
			return false;
		}
		refuse(out, BM_ECONFLICT, rule, "not_in_store");
		ZH(out, "载体当前状态为%s，不在库", bm_status_names[item->status].zh);
		EN(out, "the carrier is '%s', not in store", bm_status_names[item->status].en);
		return false;
	}
	if (item->status != BM_STATUS_IN_STORE) {
		refuse(out, BM_ECONFLICT, rule, "not_available");
		ZH(out, "载体当前状态为%s，不能办理", bm_status_names[item->status].zh);
		EN(out, "the carrier is '%s'", bm_status_names[item->status].en);
		return false;
	}
	if (!bm_rules_person_access(out, p, actor, item->level, today))
		return false;
	out->rule = out->alert ? out->rule : rule;
	return true;
}

/* CIRC-1: the actor must be inside the scope (or be the custodian). */
static bool require_scope(bm_decision *out, const bm_item *item, const bm_actor *actor)
{
	if (!bm_level_is_classified(item->level) || item->custodian_id == actor->id ||
	    bm_rules_in_scope(item, actor))
		return true;
	refuse(out, BM_EDENIED, "CIRC-1", "outside_scope");
	ZH(out, "不在该载体的知悉范围内");
	EN(out, "the person is outside the carrier's 'scope'");
	return false;
}

/* ---- making ---- */

bool bm_rules_make(bm_decision *out, const bm_policy *p, const bm_actor *maker, bm_level level,
                   int copies, int32_t today)
{
	if (!bm_rules_person_access(out, p, maker, level, today))
		return false;
	if (!out->alert)
		out->rule = "MAKE-1";
	if (copies < 1) {
		refuse(out, BM_EINVALID, "MAKE-2", "copies_required");
		ZH(out, "须写明制作份数");
		EN(out, "the number of 'copies' must be given");
		return false;
	}
	/* MAKE-1: level, scope and copies approved by a leader. */
	add_chain(out, bm_rules_chain(p, BM_OP_MAKE, level));
	return true;
}

bool bm_rules_make_count(bm_decision *out, int approved, int made, const int *serials,
                         size_t n_serials)
{
	allow(out, "MAKE-2");
	/* MAKE-2: exactly the approved number, no extra copies. */
	if (made != approved) {
		refuse(out, BM_EDENIED, "MAKE-2",
		       made > approved ? "extra_copies" : "missing_copies");
		ZH(out, "制作份数 %d 与批准份数 %d 不符", made, approved);
		EN(out, "'%d' copies made but %d approved", made, approved);
		return false;
	}
	if (!serials)
		return true;
	if (n_serials != (size_t)made) {
		refuse(out, BM_EINVALID, "MAKE-2", "serials_missing");
		ZH(out, "每份载体须有份号");
		EN(out, "every copy needs a 'serial number'");
		return false;
	}
	for (size_t i = 0; i < n_serials; i++) {
		bool dup = false;
		for (size_t j = 0; j < i; j++)
			dup |= serials[j] == serials[i];
		if (serials[i] < 1 || serials[i] > approved || dup) {
			refuse(out, BM_EINVALID, "MAKE-2", "serial_invalid");
			ZH(out, "份号 %d 无效或重复（应为 1–%d）", serials[i], approved);
			EN(out, "serial number '%d' is repeated or outside 1-%d", serials[i],
			   approved);
			return false;
		}
	}
	return true;
}

/* ---- sending and circulation ---- */

/* SEND-1: forbidden channels; SEND-3: 绝密 never by fax, even encrypted. */
static bool send_channel(bm_decision *out, const bm_policy *p, bm_level level, bm_channel channel)
{
	if (bm_policy_channel_forbidden(p, level, channel)) {
		bool fax = channel == BM_CHANNEL_FAX || channel == BM_CHANNEL_ENCRYPTED_FAX;
		refuse(out, BM_EDENIED, level == BM_LEVEL_TOP_SECRET && fax ? "SEND-3" : "SEND-1",
		       "channel_forbidden");
		ZH(out, "%s载体不得通过%s传递", lz(level), bm_channel_names[channel].zh);
		EN(out, "'%s' carriers may not travel by '%s'", le(level),
		   bm_channel_names[channel].en);
		return false;
	}
	return true;
}

/* SEND-2: a dedicated delivery names enough escorts (机密 1, 绝密 2 by default). */
static bool send_escorts(bm_decision *out, const bm_policy *p, bm_level level, bm_channel channel,
                         int n_escorts)
{
	if (channel == BM_CHANNEL_DEDICATED && n_escorts < p->send_escorts[level]) {
		refuse(out, BM_EDENIED, "SEND-2", "escorts_required");
		ZH(out, "%s载体专人递送须不少于 %d 名递送人员，现为 %d 名", lz(level),
		   p->send_escorts[level], n_escorts);
		EN(out, "'%s' carriers need at least %d escorts, %d named", le(level),
		   p->send_escorts[level], n_escorts);
		return false;
	}
	return true;
}

bool bm_rules_send(bm_decision *out, const bm_policy *p, bm_level level, bm_channel channel,
                   int n_escorts)
{
	allow(out, "SEND-1");
	if (!bm_level_is_classified(level))
		return true;
	return send_channel(out, p, level, channel) &&
	       send_escorts(out, p, level, channel, n_escorts);
}

bool bm_rules_dispatch(bm_decision *out, const bm_policy *p, bm_level level, bm_channel channel,
                       bool courier_named, int n_people)
{
	allow(out, "SEND-1");
	if (!bm_level_is_classified(level))
		return true;
	if (!send_channel(out, p, level, channel))
		return false;
	/* SEND-2: from send.courier_level (机密) up, a named dedicated courier carries them. */
	if ((int)level >= p->send_courier_level && !courier_named) {
		refuse(out, BM_EDENIED, "SEND-2", "courier_required");
		ZH(out, "%s载体须由指定的专人（机要交通或专职递送人员）递送，须登记递送人姓名",
		   lz(level));
		EN(out, "'%s' carriers travel with a named dedicated courier", le(level));
		return false;
	}
	return send_escorts(out, p, level, channel, n_people);
}

bool bm_rules_receipt(bm_decision *out, const bm_receipt *r)
{
	allow(out, "SEND-4");
	/* SEND-4: the record stays open until every receipt is signed, and then takes no more. */
	if (!r->dispatch_open) {
		refuse(out, BM_ECONFLICT, "SEND-4", "dispatch_complete");
		ZH(out, "发文记录 %lld 已全部签收", (long long)r->dispatch_id);
		EN(out, "dispatch %lld is complete: every receipt is signed",
		   (long long)r->dispatch_id);
		return false;
	}
	/* SEND-4: each recipient signs for what the dispatch lists for them … */
	if (!r->listed) {
		refuse(out, BM_ENOTFOUND, "SEND-4", "not_on_dispatch");
		ZH(out, "载体 %lld 不在发文记录 %lld 中", (long long)r->carrier_id,
		   (long long)r->dispatch_id);
		EN(out, "carrier %lld is not on dispatch %lld", (long long)r->carrier_id,
		   (long long)r->dispatch_id);
		return false;
	}
	/* … once. */
	if (r->signed_already) {
		refuse(out, BM_ECONFLICT, "SEND-4", "already_signed");
		ZH(out, "载体 %lld 已签收", (long long)r->carrier_id);
		EN(out, "carrier %lld has been signed for already", (long long)r->carrier_id);
		return false;
	}
	return true;
}

bool bm_rules_pass(bm_decision *out, const bm_policy *p, const bm_item *item, const bm_actor *from,
                   const bm_actor *to, int32_t today)
{
	bool from_clerk = has_role_anywhere(from, BM_ROLE_CLERK) || item->custodian_id == from->id;
	bool to_clerk = has_role_anywhere(to, BM_ROLE_CLERK) || item->custodian_id == to->id;

	allow(out, "CIRC-2");
	if (from->id == to->id) {
		refuse(out, BM_EINVALID, "CIRC-2", "same_person");
		ZH(out, "交接双方不能是同一人");
		EN(out, "the giver and the 'recipient' are the same person");
		return false;
	}
	/* CIRC-2: a reader gives the item back to the clerk, never to another reader. */
	if (to_clerk)
		return true;
	if (!from_clerk) {
		refuse(out, BM_EDENIED, "CIRC-2", "lateral_passing");
		ZH(out, "不得横传：阅后退回保密员，由保密员转送");
		EN(out, "no 'lateral passing': the reader returns the item to the clerk");
		return false;
	}
	/* CIRC-1: only within the approved scope. */
	if (!require_scope(out, item, to))
		return false;
	/* PERSON-1/2/3/7: the recipient must be allowed to receive the level. */
	return bm_rules_person_access(out, p, to, item->level, today);
}

bool bm_rules_named_person(bm_decision *out, const bm_policy *p, const bm_actor *person,
                           bm_level level, int32_t today)
{
	/*
	 * PERSON-1/2/3/7: whoever is named in a knowledge scope or as custodian
	 * must be allowed to see the level, on every route that names them.
	 */
	return bm_rules_person_access(out, p, person, level, today);
}

bool bm_rules_add_to_scope(bm_decision *out, const bm_policy *p, const bm_item *item,
                           const bm_actor *person, int32_t today)
{
	/* PERSON-7 (and 1/2/3): a person who may not see the level is never added. */
	if (!bm_rules_named_person(out, p, person, item->level, today))
		return false;
	if (!out->alert)
		out->rule = "CIRC-1";
	if (bm_rules_in_scope(item, person)) {
		refuse(out, BM_ECONFLICT, "CIRC-1", "already_in_scope");
		ZH(out, "该人员已在知悉范围内");
		EN(out, "the person is already in the 'scope'");
		return false;
	}
	/* CIRC-1: widening the scope needs a leader's approval. */
	add_chain(out, bm_rules_chain(p, BM_OP_WIDEN_SCOPE, item->level));
	return true;
}

bool bm_rules_widen_scope(bm_decision *out, const bm_policy *p, const bm_item *item,
                          const int64_t *departments, size_t n_departments)
{
	allow(out, "CIRC-1");
	for (size_t i = 0; i < n_departments; i++)
		for (size_t k = 0; k < item->n_scope; k++)
			if (item->scope[k].department_id == departments[i]) {
				refuse(out, BM_ECONFLICT, "CIRC-1", "already_in_scope");
				ZH(out, "该部门已在知悉范围内");
				EN(out, "the department is already in the scope");
				return false;
			}
	/* CIRC-1: widening the scope needs the policy's approval. */
	set_chain(out, bm_rules_chain(p, BM_OP_WIDEN_SCOPE, item->level));
	return true;
}

bool bm_rules_circulation_overdue(bm_decision *out, const bm_policy *p, bm_level level,
                                  int64_t issued_at, int64_t now)
{
	int32_t day = bm_time_local_date(issued_at, p->tz_offset_minutes);

	allow(out, "CIRC-3");
	if (bm_level_is_classified(level) && (int)level >= p->immediate_level) {
		/* CIRC-3: 绝密 goes back right after reading. */
		out->due_at = issued_at + (int64_t)p->immediate_minutes * 60;
		out->due_date = day;
	} else if (bm_level_is_classified(level) && (int)level >= p->same_day_level) {
		/* CIRC-3: 秘密 and above never stay out overnight: due at local midnight. */
		out->due_at = (int64_t)(day + 1) * 86400 - (int64_t)p->tz_offset_minutes * 60;
		out->due_date = day;
	} else {
		/* REG-5: ordinary items circulate within circulation_days. */
		out->rule = "REG-5";
		out->due_date = day + p->circulation_days;
		if (bm_time_local_date(now, p->tz_offset_minutes) > out->due_date) {
			flag(out, "REG-5", "circulation_overdue");
			ZH(out, "传阅已超过 %d 日", p->circulation_days);
			EN(out, "circulation has taken more than %d 'days'", p->circulation_days);
			return true;
		}
		return false;
	}
	if (now >= out->due_at) {
		bool immediate = (int)level >= p->immediate_level;
		flag(out, "CIRC-3", "return_overdue");
		ZH(out, "%s载体%s，现已逾期", lz(level),
		   immediate ? "应阅后立即退回" : "应当日退回");
		EN(out, "'%s' carriers go back %s; this one is overdue", le(level),
		   immediate ? "immediately after reading" : "the same day");
		return true;
	}
	return false;
}

bool bm_rules_foreign(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                      const bm_item *item, bool higher_approved, int32_t today)
{
	if (!request_common(out, p, BM_OP_FOREIGN, requester, item, today))
		return false;
	if (!require_scope(out, item, requester))
		return false;
	/* FOREIGN-1: the higher secrecy authority approves too, and it is recorded. */
	if (bm_level_is_classified(item->level) && !higher_approved) {
		refuse(out, BM_EDENIED, "FOREIGN-1", "higher_approval_required");
		ZH(out,
		   "对外提供%s载体须先记录上级保密行政管理部门的批准（higher_approval：批准人、"
		   "批准文号、日期）",
		   lz(item->level));
		EN(out,
		   "providing '%s' carriers abroad needs the higher secrecy authority's approval "
		   "recorded first ('higher_approval': who, document number, date)",
		   le(item->level));
		return false;
	}
	add_chain(out, bm_rules_chain(p, BM_OP_FOREIGN, item->level));
	return true;
}

bool bm_rules_foreign_dispatch(bm_decision *out, const bm_foreign_dispatch *f)
{
	allow(out, "FOREIGN-1");
	if (!f->foreign && !f->request_given)
		return true;
	/* FOREIGN-1: nothing goes to a foreign party but what an approved request provides. */
	if (!f->request_given) {
		refuse(out, BM_EDENIED, "FOREIGN-1", "foreign_request_required");
		ZH(out, "向境外（外方）发送载体须办理已批准的对外提供申请（request_id）");
		EN(out, "a dispatch to a foreign party carries out an approved provision request "
		        "('request_id')");
		return false;
	}
	if (!f->carriers_match) {
		refuse(out, BM_EDENIED, "FOREIGN-1", "foreign_carriers_differ");
		ZH(out, "发送的载体须与批准的对外提供申请所列载体一致");
		EN(out, "the carriers sent must be exactly those the provision request approved");
		return false;
	}
	if (!f->recipient_match) {
		refuse(out, BM_EDENIED, "FOREIGN-1", "foreign_recipient_differs");
		ZH(out, "收件人须为对外提供申请批准的接收方");
		EN(out, "the recipient must be the one the provision request approved");
		return false;
	}
	return true;
}

/* ---- borrowing ---- */

/* BORROW-5: somebody outside the scope, or from another unit, needs the outside-reader chain. */
static bool outside_reader(bm_decision *out, const bm_policy *p, const bm_actor *a,
                           const bm_item *item)
{
	if (a->external && !a->introduction_letter) {
		refuse(out, BM_EDENIED, "BORROW-5", "introduction_letter_required");
		ZH(out, "外单位人员查阅须持介绍信");
		EN(out, "a reader from another unit needs a 'letter of introduction'");
		return false;
	}
	if (a->external || (bm_level_is_classified(item->level) && !bm_rules_in_scope(item, a) &&
	                    item->custodian_id != a->id)) {
		add_chain(out, bm_rules_chain(p, BM_OP_OUTSIDE_READER, item->level));
		out->rule = "BORROW-5";
	}
	return true;
}

bool bm_rules_borrow(bm_decision *out, const bm_policy *p, const bm_actor *borrower,
                     const bm_item *item, int32_t today, bool take_away)
{
	bm_level level = item->level;
	int mode;

	if (!request_common(out, p, BM_OP_BORROW, borrower, item, today))
		return false;
	mode = p->borrow_mode[level > BM_LEVEL_INTERNAL ? level : BM_LEVEL_INTERNAL];
	/* BORROW-3: 绝密 is as a rule not lent. */
	if (mode == BM_BORROW_FORBIDDEN) {
		refuse(out, BM_EDENIED, "BORROW-3", "not_lent");
		ZH(out, "%s载体不予借阅", lz(level));
		EN(out, "'%s' carriers are not lent", le(level));
		return false;
	}
	/* BORROW-3: when lent it is read on site and never leaves the room. */
	if (mode == BM_BORROW_ONSITE && take_away) {
		refuse(out, BM_EDENIED, "BORROW-3", "onsite_only");
		ZH(out, "%s载体仅限现场阅读，不得带离", lz(level));
		EN(out, "'%s' carriers are read on site only and never leave the room", le(level));
		return false;
	}
	/* BORROW-1: the approver depends on the level. */
	add_chain(out, bm_rules_chain(p, BM_OP_BORROW, level));
	if (!outside_reader(out, p, borrower, item))
		return false;
	/* BORROW-2: due after the level's term in working days; on site: the same day. */
	if (mode == BM_BORROW_ONSITE) {
		out->onsite_only = true;
		out->due_date = today;
	} else {
		int term =
		        p->borrow_term_days[level > BM_LEVEL_INTERNAL ? level : BM_LEVEL_INTERNAL];
		out->due_date = bm_calendar_add_workdays(p, today, term);
	}
	return true;
}

bool bm_rules_read(bm_decision *out, const bm_policy *p, const bm_actor *reader,
                   const bm_item *item, int32_t today)
{
	if (!request_common(out, p, BM_OP_READ, reader, item, today))
		return false;
	/* CIRC-4: reading on site, in the reading room, back the same day. */
	add_chain(out, bm_rules_chain(p, BM_OP_READ, item->level));
	if (!outside_reader(out, p, reader, item))
		return false;
	out->onsite_only = true;
	out->due_date = today;
	return true;
}

bm_overdue bm_rules_borrow_overdue(bm_decision *out, const bm_policy *p, int32_t due_date,
                                   int32_t today)
{
	char d[BM_DATE_LEN];

	allow(out, "BORROW-2");
	out->due_date = due_date;
	if (due_date == BM_DATE_NONE || today <= due_date)
		return BM_OVERDUE_NO;
	bm_date_format(due_date, d);
	/* BORROW-6: not back months after the deadline: handled as a loss or leak. */
	if (today >= bm_calendar_add_months(due_date, p->overdue_incident_months)) {
		flag(out, "BORROW-6", "overdue_incident");
		ZH(out, "超过归还期限（%s）%d 个月未归还，按失泄密事件处理", d,
		   p->overdue_incident_months);
		EN(out, "not returned %d months after its due date '%s': handle as a loss",
		   p->overdue_incident_months, d);
		return BM_OVERDUE_INCIDENT;
	}
	/* BORROW-2: past the due date. */
	flag(out, "BORROW-2", "overdue");
	ZH(out, "已超过归还期限（%s）", d);
	EN(out, "overdue since '%s'", d);
	return BM_OVERDUE_YES;
}

/* ---- copying ---- */

bool bm_rules_copy(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                   const bm_item *item, int32_t today, bool extract, bool originator_approved)
{
	bm_op op = extract ? BM_OP_EXTRACT : BM_OP_COPY;

	if (!request_common(out, p, op, requester, item, today))
		return false;
	if (!require_scope(out, item, requester))
		return false;
	/* COPY-2: 绝密 is never copied, or only with the originating authority's approval. */
	if (!extract && item->level == BM_LEVEL_TOP_SECRET) {
		if (p->copy_top_secret == BM_COPY_TOP_FORBIDDEN) {
			refuse(out, BM_EDENIED, "COPY-2", "copy_forbidden");
			ZH(out, "%s载体不得复制", lz(item->level));
			EN(out, "'%s' carriers are never copied", le(item->level));
			return false;
		}
		if (!originator_approved) {
			refuse(out, BM_EDENIED, "COPY-2", "originator_approval_required");
			ZH(out,
			   "复制%s载体须先记录原定密机关的批准（originator_approval：批准人、"
			   "批准文号、日期）",
			   lz(item->level));
			EN(out,
			   "copying '%s' carriers needs the originating authority's approval "
			   "recorded first ('originator_approval': who, document number, date)",
			   le(item->level));
			return false;
		}
	}
	/* COPY-1 (COPY-4 for extracts): approval by the supervising leader. */
	add_chain(out, bm_rules_chain(p, op, item->level));
	return true;
}

/* Two periods say the same: kind and value (COPY-3/4, LEVEL-4 at making). */
bool bm_rules_period_equal(const bm_period *a, const bm_period *b)
{
	if (a->kind != b->kind)
		return false;
	switch (a->kind) {
	case BM_PERIOD_YEARS: return a->years == b->years;
	case BM_PERIOD_UNTIL: return a->until == b->until;
	case BM_PERIOD_EVENT:
		return a->review == b->review && a->event && b->event &&
		       strcmp(a->event, b->event) == 0;
	default: return true;
	}
}

bool bm_rules_derived(bm_decision *out, bool extract, bm_level src_level,
                      const bm_period *src_period, bm_level level, const bm_period *period,
                      bool same_scope)
{
	const char *rule = extract ? "COPY-4" : "COPY-3";
	const char *what_zh = extract ? "摘录件" : "复制件";
	const char *what_en = extract ? "extract" : "copy";

	allow(out, rule);
	/* COPY-3/4: the same level … */
	if (level != src_level) {
		refuse(out, BM_EDENIED, rule, "derived_level");
		ZH(out, "%s的密级应与原件相同（%s）", what_zh, lz(src_level));
		EN(out, "a %s keeps the source's level '%s'", what_en, le(src_level));
		return false;
	}
	/* … the same period … */
	if (bm_level_is_classified(level) && !bm_rules_period_equal(src_period, period)) {
		refuse(out, BM_EDENIED, rule, "derived_period");
		ZH(out, "%s的保密期限应与原件相同", what_zh);
		EN(out, "a %s keeps the source's 'period'", what_en);
		return false;
	}
	/* … and the same scope. */
	if (!same_scope) {
		refuse(out, BM_EDENIED, rule, "derived_scope");
		ZH(out, "%s的知悉范围应与原件相同", what_zh);
		EN(out, "a %s keeps the source's 'scope'", what_en);
		return false;
	}
	return true;
}

/* ---- taking out ---- */

bool bm_rules_take_out(bm_decision *out, const bm_policy *p, const bm_actor *actor,
                       const bm_item *item, const bm_trip *trip, int32_t today)
{
	/* BORROW-3: what is read on site never leaves the room, even for its borrower. */
	if (item->status == BM_STATUS_LENT && item->holder_id == actor->id &&
	    p->borrow_mode[item->level] != BM_BORROW_LEND) {
		allow(out, "BORROW-3");
		refuse(out, BM_EDENIED, "BORROW-3", "onsite_only");
		ZH(out, "%s载体仅限现场阅读，不得带离", lz(item->level));
		EN(out, "'%s' carriers are read on site only and never leave the room",
		   le(item->level));
		return false;
	}
	if (!request_common(out, p, BM_OP_TAKE_OUT, actor, item, today))
		return false;
	if (!require_scope(out, item, actor))
		return false;
	/* CARRY-3: never abroad or to public places without the higher authority. */
	if ((trip->abroad || trip->public_place) && !trip->higher_approved) {
		refuse(out, BM_EDENIED, "CARRY-3",
		       trip->abroad ? "abroad_forbidden" : "public_place");
		ZH(out, "未经上级机关批准，不得携带涉密载体%s",
		   trip->abroad ? "出境" : "前往公共场所或涉外活动");
		EN(out, "carriers never go %s without the higher authority's approval",
		   trip->abroad ? "'abroad'" : "to 'public places' or foreign-affairs events");
		return false;
	}
	/* CARRY-2: purpose, destination and return date are recorded. */
	if (!trip->purpose_given || !trip->destination_given) {
		refuse(out, BM_EINVALID, "CARRY-2", "trip_details_required");
		ZH(out, "须登记外出事由和地点");
		EN(out, "the 'purpose' and 'destination' must be recorded");
		return false;
	}
	if (trip->return_date == BM_DATE_NONE || trip->return_date < today) {
		refuse(out, BM_EINVALID, "CARRY-2", "return_date_required");
		ZH(out, "须登记不早于今天的归还日期");
		EN(out, "a 'return date' no earlier than today must be recorded");
		return false;
	}
	/* CARRY-1: approval; 绝密 by the principal leader (policy). */
	add_chain(out, bm_rules_chain(p, BM_OP_TAKE_OUT, item->level));
	out->due_date = trip->return_date;
	return true;
}

/* ---- custody ---- */

bool bm_rules_departure(bm_decision *out, size_t n_held)
{
	allow(out, "KEEP-2");
	/* KEEP-2: everything held is handed over first. */
	if (n_held > 0) {
		refuse(out, BM_EDENIED, "KEEP-2", "carriers_held");
		ZH(out, "尚持有 %zu 件涉密载体，移交完毕前不得离岗", n_held);
		EN(out, "the person still holds %zu 'carriers'; hand them over first", n_held);
		return false;
	}
	return true;
}

/* ---- destruction ---- */

static bool method_fits(bm_kind kind, int method)
{
	switch (method) {
	case BM_DESTROY_CENTRE:
	case BM_DESTROY_INCINERATE: return true;
	case BM_DESTROY_SHRED: return true; /* paper shredders and media shredders */
	case BM_DESTROY_PULP: return kind == BM_KIND_PAPER;
	case BM_DESTROY_PHYSICAL: return kind != BM_KIND_PAPER;
	case BM_DESTROY_DEGAUSS:
		/* Only magnetic media; flash and optical discs keep their data. */
		return kind == BM_KIND_HARD_DISK || kind == BM_KIND_REMOVABLE_DISK;
	default: return false; /* format, overwrite, delete: recoverable */
	}
}

/* DESTROY-1/4: the carrier's state allows destruction. */
static bool destroy_state(bm_decision *out, const bm_item *item)
{
	/* DESTROY-4: a destroyed carrier stays destroyed. */
	if (item->status == BM_STATUS_DESTROYED) {
		refuse(out, BM_ECONFLICT, "DESTROY-4", "already_destroyed");
		ZH(out, "载体已销毁");
		EN(out, "the carrier is already 'destroyed'");
		return false;
	}
	/* DESTROY-1: only what is back in store is listed for destruction. */
	if (item->status != BM_STATUS_IN_STORE && item->status != BM_STATUS_RETURNED) {
		refuse(out, BM_ECONFLICT, "DESTROY-1", "not_in_store");
		ZH(out, "载体当前状态为%s，收回后方可销毁", bm_status_names[item->status].zh);
		EN(out, "the carrier is '%s'; it is destroyed only once back in store",
		   bm_status_names[item->status].en);
		return false;
	}
	return true;
}

/* DESTROY-2: witnesses, none of them the requester. */
static bool destroy_witnesses(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                              const bm_destruction *how)
{
	size_t distinct = 0;

	for (size_t i = 0; i < how->n_witnesses; i++) {
		bool dup = false;
		if (how->witnesses[i] == requester->id) {
			refuse(out, BM_EDENIED, "DESTROY-2", "requester_witness");
			ZH(out, "申请人不得担任监销人");
			EN(out, "the requester may not be a 'witness'");
			return false;
		}
		for (size_t j = 0; j < i; j++)
			dup |= how->witnesses[j] == how->witnesses[i];
		distinct += !dup;
	}
	if (distinct < (size_t)p->destroy_min_witnesses) {
		refuse(out, BM_EDENIED, "DESTROY-2", "witnesses_required");
		ZH(out, "监销人不少于 %d 名，现为 %zu 名", p->destroy_min_witnesses, distinct);
		EN(out, "at least %d distinct 'witnesses' are needed, %zu named",
		   p->destroy_min_witnesses, distinct);
		return false;
	}
	return true;
}

/* DESTROY-3: the method is recorded and irrecoverable for the kind. */
static bool destroy_method(bm_decision *out, const bm_item *item, int method)
{
	if (method < 0 || method >= BM_DESTROY_COUNT) {
		refuse(out, BM_EINVALID, "DESTROY-3", "method_required");
		ZH(out, "须记录销毁方式");
		EN(out, "the destruction 'method' must be recorded");
		return false;
	}
	if (!method_fits(item->kind, method)) {
		refuse(out, BM_EDENIED, "DESTROY-3", "method_recoverable");
		ZH(out, "%s不能以%s方式销毁，须不可恢复", bm_kind_names[item->kind].zh,
		   bm_destroy_method_names[method].zh);
		EN(out, "'%s' is not destroyed irrecoverably by '%s'", bm_kind_names[item->kind].en,
		   bm_destroy_method_names[method].en);
		return false;
	}
	return true;
}

bool bm_rules_destroy(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                      const bm_item *item, const bm_destruction *how, int32_t today)
{
	BM_UNUSED(today);
	allow(out, "DESTROY-1");
	if (!destroy_state(out, item) || !destroy_witnesses(out, p, requester, how) ||
	    !destroy_method(out, item, how->method))
		return false;
	/* DESTROY-1: approved by the supervising leader (policy). */
	add_chain(out, bm_rules_chain(p, BM_OP_DESTROY, item->level));
	return true;
}

bool bm_rules_destroy_request(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                              const bm_item *item, int method, int32_t today)
{
	BM_UNUSED(requester);
	BM_UNUSED(today);
	allow(out, "DESTROY-1");
	if (!destroy_state(out, item) || !destroy_method(out, item, method))
		return false;
	/* DESTROY-1: approved by the supervising leader (policy). */
	add_chain(out, bm_rules_chain(p, BM_OP_DESTROY, item->level));
	return true;
}

/* DEV-6 scrapping is a destruction: the same method and witness checks. */
bool bm_rules_device_scrap_request(bm_decision *out, const bm_policy *p, bm_device_kind kind,
                                   bm_device_status status, bm_level level, int method)
{
	bm_item item;
	memset(&item, 0, sizeof(item));
	item.kind = bm_device_medium_kind(kind);
	item.level = level;
	allow(out, "DEV-6");
	if (status == BM_DEVICE_SCRAPPED) {
		refuse(out, BM_ECONFLICT, "DEV-6", "device_scrapped");
		ZH(out, "设备已报废");
		EN(out, "the device is already 'scrapped'");
		return false;
	}
	/* DESTROY-3: the storage is destroyed irrecoverably. */
	if (!destroy_method(out, &item, method))
		return false;
	/* DEV-6: written approval, by the policy's chain. */
	add_chain(out, bm_rules_chain(p, BM_OP_SCRAP, level));
	return true;
}

bool bm_rules_device_scrap(bm_decision *out, const bm_policy *p, const bm_actor *requester,
                           bm_device_kind kind, bm_device_status status, const bm_destruction *how)
{
	bm_item item;
	memset(&item, 0, sizeof(item));
	item.kind = bm_device_medium_kind(kind);
	allow(out, "DEV-6");
	if (status == BM_DEVICE_SCRAPPED) {
		refuse(out, BM_ECONFLICT, "DEV-6", "device_scrapped");
		ZH(out, "设备已报废");
		EN(out, "the device is already 'scrapped'");
		return false;
	}
	/* DESTROY-2/3: witnesses, none the requester; irrecoverable method. */
	if (!destroy_witnesses(out, p, requester, how) || !destroy_method(out, &item, how->method))
		return false;
	return true;
}

/* ---- inventory ---- */

int32_t bm_rules_inventory_due(const bm_policy *p, bm_level level, int32_t last_count,
                               int32_t today)
{
	int months = (unsigned)level < BM_LEVEL_COUNT ? p->inventory_months[level] : 0;

	/* INV-1: 绝密 monthly, others quarterly (or as the policy says). */
	if (months <= 0)
		return BM_DATE_NONE;
	if (last_count == BM_DATE_NONE)
		return today;
	return bm_calendar_add_months(last_count, months);
}

bool bm_rules_inventory_overdue(bm_decision *out, const bm_policy *p, bm_level level,
                                int32_t last_count, int32_t today)
{
	allow(out, "INV-1");
	out->due_date = bm_rules_inventory_due(p, level, last_count, today);
	if (out->due_date == BM_DATE_NONE || today <= out->due_date)
		return false;
	flag(out, "INV-1", "count_overdue");
	ZH(out, "%s载体应每 %d 个月清查一次，已逾期", lz(level), p->inventory_months[level]);
	EN(out, "'%s' carriers are counted every %d months; the count is overdue", le(level),
	   p->inventory_months[level]);
	return true;
}

int32_t bm_rules_year_end_count(const bm_policy *p, int32_t today)
{
	int y, m, d;
	int32_t dec31;

	/* INV-1: a full count at year end, on the year's last working day. */
	if (!p->inventory_year_end)
		return BM_DATE_NONE;
	bm_date_to_ymd(today, &y, &m, &d);
	if (!bm_date_from_ymd(y, 12, 31, &dec31))
		return BM_DATE_NONE;
	return bm_calendar_prev_workday(p, dec31);
}

int32_t bm_rules_holiday_count_due(const bm_policy *p, int32_t today, int32_t *holiday)
{
	/* INV-2: a special count on the last working day before each listed holiday. */
	for (int i = 0; i < p->holiday_counts.n; i++) {
		int32_t h = p->holiday_counts.dates[i];
		int32_t due = bm_calendar_prev_workday(p, h - 1);
		if (due >= today) {
			if (holiday)
				*holiday = h;
			return due;
		}
	}
	return BM_DATE_NONE;
}

/* ---- devices and accounts ---- */

bool bm_rules_electronic(bm_decision *out, const bm_policy *p, bm_level level)
{
	allow(out, "DEV-4");
	/* DEV-4: nothing above the policy's level is stored electronically (绝密 never). */
	if ((int)level > p->electronic_max_level) {
		refuse(out, BM_EDENIED, "DEV-4", "electronic_level");
		ZH(out, "本系统不存储%s级电子信息（最高%s）", lz(level),
		   lz((bm_level)p->electronic_max_level));
		EN(out, "the system stores no '%s' electronic content (at most %s)", le(level),
		   le((bm_level)p->electronic_max_level));
		return false;
	}
	return true;
}

static bm_level account_level(bm_level level)
{
	if ((unsigned)level >= BM_LEVEL_COUNT)
		return BM_LEVEL_TOP_SECRET;
	return level < BM_LEVEL_INTERNAL ? BM_LEVEL_INTERNAL : level;
}

bool bm_rules_password(bm_decision *out, const bm_policy *p, bm_level level, size_t length)
{
	bm_level l = account_level(level);
	int min = p->password_min_length[l];

	allow(out, "SYS-4");
	/* SYS-4: length by the highest level the person may see. */
	if (length < (size_t)min) {
		refuse(out, BM_EINVALID, "SYS-4", "password_too_short");
		ZH(out, "可知悉%s的人员口令不少于 %d 位", lz(l), min);
		EN(out, "a 'password' of someone cleared for %s has at least %d characters", le(l),
		   min);
		return false;
	}
	return true;
}

bool bm_rules_password_age(bm_decision *out, const bm_policy *p, bm_level level, int32_t changed_on,
                           int32_t today)
{
	bm_level l = account_level(level);

	allow(out, "SYS-4");
	out->due_date = changed_on == BM_DATE_NONE ? today : changed_on + p->password_max_days[l];
	/* SYS-4: changed at least every password_max_days. */
	if (today > out->due_date) {
		refuse(out, BM_EDENIED, "SYS-4", "password_expired");
		ZH(out, "口令已超过 %d 日未更换，须先修改口令", p->password_max_days[l]);
		EN(out, "the 'password' is older than %d days and must be changed",
		   p->password_max_days[l]);
		return false;
	}
	return true;
}
