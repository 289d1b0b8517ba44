/*
 * people.c — the register of cleared people and training (PERSON-2/3/4/6/8,
 * KEEP-2, ORG-1). See people.h.
 */
#include "common.h"
#include "policy/people.h"

#include "policy/calendar.h"
#include "policy/rules_int.h"

enum {
	NOTICE_DAYS = 30, /* statements, commitments and 脱密期 are announced this early */
	MAX_SESSION_TENTHS = 240, /* PERSON-6: one session lasts at most a day */
};

const bm_vocab_entry bm_person_stage_names[BM_STAGE_COUNT_] = {
        [BM_STAGE_ACCOUNT] = {"account", "账户（未入册）", "account (not in the register)"},
        [BM_STAGE_CANDIDATE] = {"candidate", "待审查", "to be vetted"},
        [BM_STAGE_REFUSED] = {"refused", "审查未通过", "vetting failed"},
        [BM_STAGE_VETTED] = {"vetted", "已审查", "vetted"},
        [BM_STAGE_TRAINED] = {"trained", "已培训", "trained"},
        [BM_STAGE_COMMITTED] = {"committed", "已签承诺书", "committed"},
        [BM_STAGE_CLEARED] = {"cleared", "在岗涉密", "cleared"},
        [BM_STAGE_LEAVING] = {"leaving", "离岗中", "leaving"},
        [BM_STAGE_DECL] = {"decl", "脱密期", "declassification period"},
        [BM_STAGE_ENDED] = {"ended", "脱密期满", "ended"},
};

void bm_person_facts_init(bm_person_facts *f)
{
	memset(f, 0, sizeof(*f));
	f->vetted_on = f->last_training = f->commitment_on = f->cleared_on = BM_DATE_NONE;
	f->statement_on = f->exit_commitment_on = f->left_on = f->decl_until = BM_DATE_NONE;
}

static bool has(int32_t d)
{
	return d != BM_DATE_NONE;
}

bm_person_stage bm_rules_person_stage(const bm_person_facts *f, int32_t today)
{
	if (has(f->left_on))
		return has(f->decl_until) && today <= f->decl_until ? BM_STAGE_DECL
		                                                    : BM_STAGE_ENDED;
	if (has(f->exit_commitment_on))
		return BM_STAGE_LEAVING;
	if (has(f->cleared_on))
		return BM_STAGE_CLEARED;
	/* Cleared by the account (class and commitment) and never vetted in the register. */
	if (!f->tracked ||
	    (!has(f->vetted_on) && f->person_class != BM_CLASS_NONE && has(f->commitment_on)))
		return BM_STAGE_ACCOUNT;
	if (!has(f->vetted_on))
		return BM_STAGE_CANDIDATE;
	if (!f->vetting_passed)
		return BM_STAGE_REFUSED;
	if (!has(f->last_training))
		return BM_STAGE_VETTED;
	if (!has(f->commitment_on))
		return BM_STAGE_TRAINED;
	return BM_STAGE_COMMITTED;
}

static const struct {
	const char *rule, *zh, *en;
} steps[BM_STEP_COUNT_] = {
        [BM_STEP_VETTING] = {"PERSON-2", "审查", "vetting"},
        [BM_STEP_COMMITMENT] = {"PERSON-2", "承诺书签订", "commitment"},
        [BM_STEP_CLEARANCE] = {"PERSON-2", "确定", "clearance"},
        [BM_STEP_STATEMENT] = {"ORG-1", "责任书签订", "statement"},
        [BM_STEP_EXIT_COMMITMENT] = {"PERSON-4", "离岗承诺书签订", "exit commitment"},
        [BM_STEP_LEAVE] = {"PERSON-4", "离岗", "leaving"},
        [BM_STEP_TRAINING] = {"PERSON-6", "培训", "training"},
        [BM_STEP_TRIP_REPORT] = {"PERSON-8", "回国报告", "report"},
        [BM_STEP_TRIP_DEPART] = {"PERSON-8", "出行", "departure"},
};

bool bm_rules_register_date(bm_decision *out, bm_register_step step, const char *text,
                            int32_t today, int32_t *day)
{
	const char *rule = steps[step].rule, *field_zh = steps[step].zh, *field_en = steps[step].en;

	allow(out, rule);
	if (!text || !*text || !bm_date_parse(text, day)) {
		refuse(out, BM_EINVALID, rule, "invalid_date");
		ZH(out, "%s日期无效：'%s'（应为 YYYY-MM-DD）", field_zh, text ? text : "");
		EN(out, "invalid %s date '%s' (expected YYYY-MM-DD)", field_en, text ? text : "");
		return false;
	}
	if (*day > today) {
		refuse(out, BM_EINVALID, rule, "date_in_future");
		ZH(out, "%s日期 '%s' 尚未到来", field_zh, text);
		EN(out, "the %s date '%s' is in the future", field_en, text);
		return false;
	}
	return true;
}

/* PERSON-4: a person who has left is out of the register's steps. */
static bool not_gone(bm_decision *out, const char *rule, const bm_person_facts *f)
{
	if (has(f->left_on)) {
		refuse(out, BM_EDENIED, rule, "person_left");
		ZH(out, "该人员已离开涉密岗位，不得再办理此项");
		EN(out, "the person has left the classified post");
		return false;
	}
	return true;
}

bool bm_rules_person_vet(bm_decision *out, const bm_person_facts *f, int32_t today)
{
	BM_UNUSED(today);
	allow(out, "PERSON-2");
	/* PERSON-2: vetting comes before the post; not after leaving it. */
	return not_gone(out, "PERSON-2", f);
}

bool bm_rules_person_post(bm_decision *out, const bm_person_facts *f, bm_class c)
{
	allow(out, "PERSON-3");
	/* PERSON-3: temporary hires cannot hold classified posts. */
	if (f->temporary && c != BM_CLASS_NONE) {
		refuse(out, BM_EDENIED, "PERSON-3", "temporary_hire");
		ZH(out, "临时聘用人员不得从事涉密岗位工作");
		EN(out, "a temporary hire cannot hold a classified post");
		return false;
	}
	return true;
}

bool bm_rules_person_clear(bm_decision *out, const bm_person_facts *f, bm_class c, int32_t today)
{
	bm_person_stage stage = bm_rules_person_stage(f, today);

	if (!bm_rules_person_post(out, f, c))
		return false;
	allow(out, "PERSON-2");
	if (c <= BM_CLASS_NONE || c >= BM_CLASS_COUNT) {
		refuse(out, BM_EINVALID, "PERSON-1", "class_required");
		ZH(out, "须指定涉密人员类别（核心、重要或一般）");
		EN(out, "a class is needed: core, important or general");
		return false;
	}
	if (!not_gone(out, "PERSON-2", f))
		return false;
	if (stage == BM_STAGE_CLEARED || stage == BM_STAGE_LEAVING) {
		refuse(out, BM_ECONFLICT, "PERSON-2", "already_cleared");
		ZH(out, "该人员已确定为涉密人员");
		EN(out, "the person is already cleared");
		return false;
	}
	/* PERSON-2: vetted, trained and committed before taking the post. */
	if (!has(f->vetted_on) || !f->vetting_passed) {
		refuse(out, BM_EDENIED, "PERSON-2", "not_vetted");
		ZH(out, "未经审查或审查未通过，不得确定为涉密人员");
		EN(out, "the person is not 'vetted' (or failed vetting), so cannot be cleared");
		return false;
	}
	if (!has(f->last_training)) {
		refuse(out, BM_EDENIED, "PERSON-2", "not_trained");
		ZH(out, "未参加保密教育培训，不得确定为涉密人员");
		EN(out, "the person has no 'training' recorded, so cannot be cleared");
		return false;
	}
	if (!has(f->commitment_on)) {
		refuse(out, BM_EDENIED, "PERSON-2", "no_commitment");
		ZH(out, "未签订保密承诺书，不得确定为涉密人员");
		EN(out, "no 'commitment' is signed, so the person cannot be cleared");
		return false;
	}
	return true;
}

bool bm_rules_person_statement(bm_decision *out, const bm_person_facts *f, int32_t today)
{
	BM_UNUSED(today);
	allow(out, "ORG-1");
	return not_gone(out, "ORG-1", f);
}

bool bm_rules_person_exit_commitment(bm_decision *out, const bm_person_facts *f, int32_t today)
{
	bm_person_stage stage = bm_rules_person_stage(f, today);

	allow(out, "PERSON-4");
	if (!not_gone(out, "PERSON-4", f))
		return false;
	if (stage == BM_STAGE_LEAVING) {
		refuse(out, BM_ECONFLICT, "PERSON-4", "already_leaving");
		ZH(out, "离岗保密承诺书已签订");
		EN(out, "the exit commitment is already signed");
		return false;
	}
	/* PERSON-4: only a person holding a classified post leaves one. */
	if (f->person_class == BM_CLASS_NONE) {
		refuse(out, BM_EDENIED, "PERSON-4", "not_cleared");
		ZH(out, "该人员不是涉密人员，无需离岗承诺");
		EN(out, "the person holds no classified post to leave");
		return false;
	}
	return true;
}

bool bm_rules_person_leave(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                           int64_t held, int32_t on, int32_t today)
{
	allow(out, "PERSON-4");
	if (!not_gone(out, "PERSON-4", f))
		return false;
	/* KEEP-2: everything held is handed over first (PERSON-4: carriers cleared first). */
	if (held > 0) {
		refuse(out, BM_EDENIED, "KEEP-2", "items_held");
		ZH(out, "该人员仍持有 %lld 件涉密载体或设备，须先清退交接", (long long)held);
		EN(out, "the person still holds %lld carriers or devices; hand them over first",
		   (long long)held);
		return false;
	}
	/* PERSON-4: then the exit commitment is signed. */
	if (!has(f->exit_commitment_on)) {
		refuse(out, BM_EDENIED, "PERSON-4", "no_exit_commitment");
		ZH(out, "未签订离岗保密承诺书，不得办理离岗");
		EN(out, "no exit 'commitment' is signed; the person cannot leave yet");
		return false;
	}
	BM_UNUSED(today);
	/* PERSON-4: the 脱密期 of the class runs from the day of leaving. */
	out->due_date = bm_rules_decl_end(p, f->person_class, on);
	return true;
}

bool bm_rules_training_session(bm_decision *out, int hours_tenths)
{
	allow(out, "PERSON-6");
	if (hours_tenths <= 0 || hours_tenths > MAX_SESSION_TENTHS) {
		refuse(out, BM_EINVALID, "PERSON-6", "invalid_hours");
		ZH(out, "培训学时须大于 0 且不超过 24");
		EN(out, "a session's 'hours' must be above 0 and at most 24");
		return false;
	}
	return true;
}

bool bm_rules_training_attend(bm_decision *out, int64_t session_id, bool signed_sheet, bool already)
{
	allow(out, "PERSON-6");
	/* PERSON-6: the signed attendance sheet is the record; it does not change. */
	if (signed_sheet) {
		refuse(out, BM_ECONFLICT, "PERSON-6", "training_signed");
		ZH(out, "培训 %lld 的签到表已签署，不能再增加人员", (long long)session_id);
		EN(out, "the attendance of training session %lld is signed and closed",
		   (long long)session_id);
		return false;
	}
	if (already) {
		refuse(out, BM_ECONFLICT, "PERSON-6", "already_attended");
		ZH(out, "该人员已记入培训 %lld 的签到", (long long)session_id);
		EN(out, "the person is already on the attendance of session %lld",
		   (long long)session_id);
		return false;
	}
	return true;
}

bool bm_rules_person_trip(bm_decision *out, const bm_person_facts *f, const char *depart_on,
                          const char *return_on, const char *briefed_on)
{
	int32_t depart = BM_DATE_NONE, ret = BM_DATE_NONE, briefed = BM_DATE_NONE;

	allow(out, "PERSON-8");
	if (!not_gone(out, "PERSON-8", f))
		return false;
	if (!depart_on || !bm_date_parse(depart_on, &depart) || !return_on ||
	    !bm_date_parse(return_on, &ret) ||
	    (briefed_on && *briefed_on && !bm_date_parse(briefed_on, &briefed))) {
		refuse(out, BM_EINVALID, "PERSON-8", "invalid_date");
		ZH(out, "出发、回国和保密教育日期须为 YYYY-MM-DD");
		EN(out, "the departure, return and briefing dates are YYYY-MM-DD");
		return false;
	}
	if (ret < depart) {
		refuse(out, BM_EINVALID, "PERSON-8", "return_before_departure");
		ZH(out, "回国日期早于出发日期");
		EN(out, "the return date is before the departure");
		return false;
	}
	/* PERSON-8: secrecy education before leaving. */
	if (!has(briefed) || briefed > depart) {
		refuse(out, BM_EDENIED, "PERSON-8", "not_briefed");
		ZH(out, "出国（境）前须接受保密教育，教育日期不得晚于出发日期");
		EN(out, "a traveller is 'briefed' on secrecy before departing");
		return false;
	}
	return true;
}

const bm_role_list *bm_rules_trip_chain(const bm_policy *p, bm_class c)
{
	return &p->trip_approvers[c > BM_CLASS_NONE && c < BM_CLASS_COUNT ? c : BM_CLASS_GENERAL];
}

bool bm_rules_trip_approve(bm_decision *out, const bm_policy *p, bm_class c, int done,
                           bool departed, bool self, bool (*holds)(const void *, bm_role),
                           const void *who)
{
	const bm_role_list *chain = bm_rules_trip_chain(p, c);
	bm_role next;

	allow(out, "PERSON-8");
	if (departed) {
		refuse(out, BM_ECONFLICT, "PERSON-8", "trip_departed");
		ZH(out, "该出国（境）已出行，不再审批");
		EN(out, "the trip has departed and takes no more approvals");
		return false;
	}
	if (done >= chain->n) {
		refuse(out, BM_ECONFLICT, "PERSON-8", "trip_approved");
		ZH(out, "该出国（境）已审批完毕");
		EN(out, "the trip is already approved");
		return false;
	}
	next = chain->roles[done];
	/* PERSON-8: nobody approves their own trip. */
	if (self) {
		refuse(out, BM_EDENIED, "PERSON-8", "trip_self_approval");
		ZH(out, "出国（境）人员不得审批本人的出行");
		EN(out, "a traveller does not approve their own trip");
		return false;
	}
	/* PERSON-8: the trip is approved by the role the policy names for the class. */
	if (!holds(who, next)) {
		refuse(out, BM_EDENIED, "PERSON-8", "trip_approver_role");
		ZH(out, "%s人员出国（境）须由%s审批", bm_class_names[c].zh, bm_role_names[next].zh);
		EN(out, "a trip abroad of a person of class '%s' is approved by the %s",
		   bm_class_names[c].code, bm_role_names[next].en);
		return false;
	}
	out->approvers[0] = next;
	out->n_approvers = 1;
	return true;
}

bool bm_rules_trip_pending_visible(const bm_policy *p, bm_class c, int done, bool departed,
                                   bool self, bool register_reader,
                                   bool (*holds)(const void *, bm_role), const void *who)
{
	const bm_role_list *chain = bm_rules_trip_chain(p, c);
	bm_decision d;
	if (departed || done >= chain->n)
		return false; /* not pending */
	if (register_reader)
		return true;
	return bm_rules_trip_approve(&d, p, c, done, departed, self, holds, who);
}

bool bm_rules_trip_depart(bm_decision *out, const bm_policy *p, bm_class c, int done, bool departed,
                          int32_t briefed, int32_t on)
{
	const bm_role_list *chain = bm_rules_trip_chain(p, c);

	allow(out, "PERSON-8");
	if (departed) {
		refuse(out, BM_ECONFLICT, "PERSON-8", "trip_departed");
		ZH(out, "该出国（境）已登记出行");
		EN(out, "the trip is already recorded as departed");
		return false;
	}
	/* PERSON-8: nobody departs before the trip is approved by the whole chain. */
	if (done < chain->n) {
		refuse(out, BM_EDENIED, "PERSON-8", "trip_not_approved");
		ZH(out, "出国（境）尚未经%s审批，不得出行", bm_role_names[chain->roles[done]].zh);
		EN(out, "the trip is not 'approved' yet (awaiting the %s); nobody departs before",
		   bm_role_names[chain->roles[done]].en);
		return false;
	}
	/* PERSON-8: secrecy education before leaving. */
	if (on < briefed) {
		refuse(out, BM_EDENIED, "PERSON-8", "not_briefed");
		ZH(out, "出行日期早于保密教育日期");
		EN(out, "the departure is before the 'briefed' date");
		return false;
	}
	return true;
}

bool bm_rules_trip_report(bm_decision *out, bool departed, bool reported, int32_t depart,
                          int32_t on)
{
	allow(out, "PERSON-8");
	if (reported) {
		refuse(out, BM_ECONFLICT, "PERSON-8", "trip_reported");
		ZH(out, "该出国（境）已作回国报告，报告不再变更");
		EN(out, "the trip is already reported back; the report does not change");
		return false;
	}
	if (!departed) {
		refuse(out, BM_ECONFLICT, "PERSON-8", "trip_not_departed");
		ZH(out, "该出国（境）尚未出行，无需回国报告");
		EN(out, "the trip has not departed; there is nothing to report back");
		return false;
	}
	if (on < depart) {
		refuse(out, BM_EINVALID, "PERSON-8", "report_before_departure");
		ZH(out, "回国报告日期早于出发日期");
		EN(out, "the report back is dated before the departure");
		return false;
	}
	return true;
}

int32_t bm_rules_statement_until(const bm_policy *p, const bm_person_facts *f)
{
	int32_t from = has(f->statement_on) ? f->statement_on : f->cleared_on;
	return has(from) ? bm_calendar_add_months(from, p->statement_months) : BM_DATE_NONE;
}

/* Whether the person still holds a post the register watches. */
static bool on_post(const bm_person_facts *f)
{
	return f->tracked && !has(f->left_on) && !f->disabled && f->person_class != BM_CLASS_NONE;
}

bool bm_rules_statement_due(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                            int32_t today)
{
	int32_t until = bm_rules_statement_until(p, f);

	allow(out, "ORG-1");
	if (!on_post(f) || !has(until) || today + NOTICE_DAYS < until)
		return false;
	flag(out, "ORG-1", today > until ? "statement_lapsed" : "statement_due");
	out->due_date = until;
	ZH(out, today > until ? "保密工作责任书已过期" : "保密工作责任书即将到期");
	EN(out, today > until ? "the responsibility statement has lapsed"
	                      : "the responsibility statement falls due");
	return true;
}

bool bm_rules_commitment_due(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                             int32_t today)
{
	int32_t until;

	allow(out, "PERSON-2");
	if (!on_post(f))
		return false;
	if (!has(f->commitment_on)) {
		flag(out, "PERSON-2", "commitment_missing");
		out->due_date = today;
		ZH(out, "尚未签订保密承诺书");
		EN(out, "no commitment is signed");
		return true;
	}
	if (!f->temporary)
		return false;
	until = bm_calendar_add_months(f->commitment_on, p->temp_commitment_months);
	if (today + NOTICE_DAYS < until)
		return false;
	flag(out, "PERSON-2", today > until ? "commitment_lapsed" : "commitment_due");
	out->due_date = until;
	ZH(out, "临时人员保密承诺书须重新签订");
	EN(out, "the temporary person's commitment is to be signed again");
	return true;
}

bool bm_rules_training_short(bm_decision *out, const bm_policy *p, const bm_person_facts *f,
                             int year_tenths, int32_t today)
{
	int y = 0, m = 0, d = 0;
	int32_t year_end;

	allow(out, "PERSON-6");
	if (!on_post(f) || year_tenths >= p->training_min_hours * 10)
		return false;
	bm_date_to_ymd(today, &y, &m, &d);
	/* PERSON-6: announced from November, while there is time to train. */
	if (m < 11 || !bm_date_from_ymd(y, 12, 31, &year_end))
		return false;
	flag(out, "PERSON-6", "training_hours_short");
	out->due_date = year_end;
	ZH(out, "本年度保密教育培训 %d.%d 学时，不足 %d 学时", year_tenths / 10, year_tenths % 10,
	   p->training_min_hours);
	EN(out, "%d.%d hours of training this year, fewer than %d", year_tenths / 10,
	   year_tenths % 10, p->training_min_hours);
	return true;
}

bool bm_rules_decl_ending(bm_decision *out, const bm_person_facts *f, int32_t today)
{
	allow(out, "PERSON-4");
	if (!has(f->left_on) || !has(f->decl_until) || today > f->decl_until ||
	    today + NOTICE_DAYS < f->decl_until)
		return false;
	flag(out, "PERSON-4", "decl_ending");
	out->due_date = f->decl_until;
	ZH(out, "脱密期即将届满");
	EN(out, "the declassification period ends soon");
	return true;
}

bool bm_rules_trip_unreported(bm_decision *out, const bm_policy *p, int32_t ret, int32_t today)
{
	int32_t due = ret + p->trip_report_days;

	allow(out, "PERSON-8");
	if (today <= due)
		return false;
	flag(out, "PERSON-8", "trip_unreported");
	out->due_date = due;
	ZH(out, "出国（境）人员回国后未报告");
	EN(out, "the traveller has not reported back");
	return true;
}

bool bm_rules_import_account(bm_decision *out, const bm_import_account_facts *f)
{
	allow(out, "SYS-1");
	/* SYS-1: accounts are made by the two administrators' dual control, never by an import. */
	if (!f->found) {
		refuse(out, BM_ENOTFOUND, "SYS-1", "import_no_account");
		ZH(out,
		   "没有“%"
		   "s”的账号（或同名不止一人，请加用户名列）：导入不建账号，账号由系统管理员"
		   "建立、经安全保密管理员批准（三员分立，双人控制）",
		   f->ref);
		EN(out,
		   "no account for '%s' (or the name is not unique: add a username column): an "
		   "import makes no account; the system administrator creates it and the security "
		   "administrator approves it (separation of duties, dual control)",
		   f->ref);
		return false;
	}
	if (f->row_name && *f->row_name && strcmp(f->row_name, f->account_name) != 0) {
		refuse(out, BM_EINVALID, "SYS-1", "import_name_differs");
		ZH(out, "账号 %s 的姓名是“%s”，不是“%s”", f->ref, f->account_name, f->row_name);
		EN(out, "the account %s is named '%s', not '%s'", f->ref, f->account_name,
		   f->row_name);
		return false;
	}
	/* The account's department is the system administrator's to change. */
	if (f->row_department && *f->row_department &&
	    (!f->account_department || strcmp(f->row_department, f->account_department) != 0)) {
		refuse(out, BM_EINVALID, "SYS-1", "import_department_differs");
		ZH(out, "“%s”的账号属于“%s”，不是“%s”（账号的部门由系统管理员修改）",
		   f->account_name, f->account_department ? f->account_department : "无部门",
		   f->row_department);
		EN(out,
		   "the account of '%s' belongs to '%s', not '%s' (the system administrator "
		   "changes an account's department)",
		   f->account_name, f->account_department ? f->account_department : "no department",
		   f->row_department);
		return false;
	}
	return true;
}
