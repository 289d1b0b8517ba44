/*
 * account.c — accounts and sessions (SYS-1, SYS-4, PERSON-3): see account.h.
 */
#include "common.h"
#include "policy/account.h"

#include <strings.h>

#include "policy/rules_int.h"

bm_level bm_rules_password_level(bm_class c)
{
	bm_level level = bm_class_max_level(c);
	return level < BM_LEVEL_CONFIDENTIAL ? BM_LEVEL_CONFIDENTIAL : level;
}

/* How many of: lower case, upper case, digits, others (bytes ≥ 0x80 count as others). */
static int char_classes(const char *pw)
{
	bool lower = false, upper = false, digit = false, other = false;
	for (const unsigned char *c = (const unsigned char *)pw; *c; c++) {
		if (*c >= 'a' && *c <= 'z')
			lower = true;
		else if (*c >= 'A' && *c <= 'Z')
			upper = true;
		else if (*c >= '0' && *c <= '9')
			digit = true;
		else
			other = true;
	}
	return lower + upper + digit + other;
}

bool bm_rules_password_quality(bm_decision *out, const bm_policy *p, const bm_password_facts *f)
{
	bm_level level = bm_rules_password_level(f->person_class);
	int min = p->password_min_length[level];

	allow(out, "SYS-4");
	if (!f->password || !*f->password || !f->valid_text) {
		refuse(out, BM_EINVALID, "SYS-4", "password_required");
		ZH(out, "新密码不能为空");
		EN(out, "a new password is required");
		return false;
	}
	/* SYS-4: length by the highest level the person may see. */
	if (f->chars < (size_t)min) {
		refuse(out, BM_EINVALID, "SYS-4", "password_too_short");
		ZH(out, "密码至少需要 %d 个字符（可知悉%s事项的人员）", min, lz(level));
		EN(out, "the password needs at least %d characters (cleared for %s)", min,
		   le(level));
		return false;
	}
	if (f->chars > BM_PASSWORD_MAX_CHARS) {
		refuse(out, BM_EINVALID, "SYS-4", "password_too_long");
		ZH(out, "密码不能超过 %d 个字符", BM_PASSWORD_MAX_CHARS);
		EN(out, "the password may have at most %d characters", BM_PASSWORD_MAX_CHARS);
		return false;
	}
	/* SYS-4: a mix of character classes, as many as the policy says. */
	if (char_classes(f->password) < p->password_min_classes) {
		refuse(out, BM_EINVALID, "SYS-4", "password_too_simple");
		ZH(out, "密码须包含小写字母、大写字母、数字、符号中的至少 %d 类",
		   p->password_min_classes);
		EN(out,
		   "the password needs at least %d of: lower case, upper case, digits, symbols",
		   p->password_min_classes);
		return false;
	}
	if (f->username && strcasecmp(f->password, f->username) == 0) {
		refuse(out, BM_EINVALID, "SYS-4", "password_is_username");
		ZH(out, "密码不能与用户名相同");
		EN(out, "the password may not be the username");
		return false;
	}
	return true;
}

bool bm_rules_password_reused(bm_decision *out, const bm_policy *p, bool reused)
{
	allow(out, "SYS-4");
	/* SYS-4: none of the last auth.password_history passwords comes back. */
	if (reused && p->password_history > 0) {
		refuse(out, BM_EINVALID, "SYS-4", "password_reused");
		ZH(out, "新密码不能与最近 %d 次使用过的密码相同", p->password_history);
		EN(out, "the new password may not be one of the last %d", p->password_history);
		return false;
	}
	return true;
}

bool bm_rules_initial_password(bm_decision *out, const bm_policy *p, size_t length)
{
	int min = p->password_min_length[BM_LEVEL_INTERNAL];

	allow(out, "SYS-4");
	/* SYS-4: even a password to be changed at first login has the shortest length. */
	if (length < (size_t)min) {
		refuse(out, BM_EINVALID, "SYS-4", "weak_password");
		ZH(out, "密码至少 %d 个字符", min);
		EN(out, "the password needs at least %d characters", min);
		return false;
	}
	return true;
}

int64_t bm_rules_locked_until(const bm_policy *p, const int64_t *failures, size_t n, int64_t now)
{
	const int64_t window = (int64_t)p->lockout_window_minutes * 60;
	const int64_t lock = (int64_t)p->lockout_minutes * 60;
	size_t k = (size_t)(p->lockout_failures > 0 ? p->lockout_failures : 1);
	int64_t until = 0;

	/* SYS-4: `k` failures within the window lock the username from the k-th on. */
	for (size_t i = k - 1; i < n; i++)
		if (failures[i - (k - 1)] && failures[i] - failures[i - (k - 1)] <= window &&
		    failures[i] + lock > until)
			until = failures[i] + lock;
	return until > now ? until : 0;
}

bool bm_rules_lockout(bm_decision *out, int64_t locked_until, int64_t now)
{
	long minutes = (long)((locked_until - now + 59) / 60);

	allow(out, "SYS-4");
	if (locked_until > now) {
		refuse(out, BM_ELOCKED, "SYS-4", "account_locked");
		ZH(out, "登录失败次数过多，账户已锁定，请 %ld 分钟后再试",
		   minutes < 1 ? 1L : minutes);
		EN(out, "too many failed logins: the account is locked for %ld more minutes",
		   minutes < 1 ? 1L : minutes);
		return false;
	}
	return true;
}

bool bm_rules_unlock(bm_decision *out, const char *name, int64_t locked_until, int64_t now)
{
	allow(out, "SYS-4");
	if (locked_until <= now) {
		refuse(out, BM_ECONFLICT, "SYS-4", "not_locked");
		ZH(out, "“%s”的账户未被锁定", name);
		EN(out, "the account of '%s' is not locked", name);
		return false;
	}
	return true;
}

bool bm_rules_session_idle(bm_decision *out, const bm_policy *p, int64_t last_seen, int64_t now)
{
	allow(out, "SYS-4");
	/* SYS-4: an unused session ends after auth.session_idle_minutes. */
	if (now - last_seen > (int64_t)p->session_idle_minutes * 60) {
		refuse(out, BM_EDENIED, "SYS-4", "session_expired");
		ZH(out, "会话超过 %d 分钟未活动，已失效，请重新登录", p->session_idle_minutes);
		EN(out, "the session was idle for more than %d minutes and has ended; log in again",
		   p->session_idle_minutes);
		return false;
	}
	return true;
}

bool bm_rules_session_lifetime(bm_decision *out, const bm_policy *p, int64_t created, int64_t now)
{
	allow(out, "SYS-4");
	/* SYS-4: a session ends auth.session_max_hours after its login, busy or not. */
	if (now - created > (int64_t)p->session_max_hours * 3600) {
		refuse(out, BM_EDENIED, "SYS-4", "session_expired");
		ZH(out, "会话自登录起已超过 %d 小时，已失效，请重新登录", p->session_max_hours);
		EN(out, "the session is more than %d hours old and has ended; log in again",
		   p->session_max_hours);
		return false;
	}
	return true;
}

bool bm_rules_session_alive(const bm_policy *p, int64_t created, int64_t last_seen, int64_t now)
{
	bm_decision d;
	return bm_rules_session_idle(&d, p, last_seen, now) &&
	       bm_rules_session_lifetime(&d, p, created, now);
}

size_t bm_rules_sessions_to_end(const bm_policy *p, size_t alive)
{
	size_t keep = p->max_sessions > 1 ? (size_t)p->max_sessions - 1 : 0;
	/* SYS-4: the new login plus those kept stay within auth.max_sessions. */
	return alive > keep ? alive - keep : 0;
}

bool bm_rules_session_superseded(bm_decision *out, const bm_policy *p)
{
	allow(out, "SYS-4");
	refuse(out, BM_EDENIED, "SYS-4", "session_superseded");
	ZH(out,
	   "本账户已在别处再次登录，同时保持的会话不超过 %d 个，本会话（最早的一个）已结束；"
	   "如非本人操作，请立即修改密码并报告安全保密管理员",
	   p->max_sessions);
	EN(out,
	   "the account logged in again elsewhere and keeps at most %d sessions, so this one "
	   "(the oldest) has ended; if that was not you, change your password and tell the "
	   "security administrator",
	   p->max_sessions);
	return false;
}

bool bm_rules_sysadmin_account(bm_decision *out, const bm_admin_account *a)
{
	allow(out, "SYS-1");
	/* SYS-1: clearances are the security administrator's. */
	if (a->person_class_given) {
		refuse(out, BM_EDENIED, "SYS-1", "sysadmin_no_clearance");
		ZH(out, "系统管理员不能授予涉密人员类别，请由安全保密管理员授予");
		EN(out, "the system administrator cannot grant a personnel class; the security "
		        "administrator does");
		return false;
	}
	/*
	 * SYS-1 (issue 9): every role, an administrator's too, is granted by the
	 * security administrator after the account exists, never as a side
	 * effect of its creation.
	 */
	if (a->n_roles > 0) {
		refuse(out, BM_EDENIED, "SYS-1", "roles_by_secadmin");
		ZH(out, "系统管理员建立账户时不授予任何角色，角色“%s”由安全保密管理员授予",
		   bm_role_names[a->roles[0]].zh);
		EN(out,
		   "the system administrator creates accounts without roles; the security "
		   "administrator grants the role '%s'",
		   bm_role_names[a->roles[0]].en);
		return false;
	}
	/* SYS-1: the first password is the two administrators' split secret, never chosen. */
	if (a->password_given) {
		refuse(out, BM_EDENIED, "SYS-1", "sysadmin_no_password");
		ZH(out, "系统管理员不得设定账户密码，首次登录密码由两名管理员各出一半");
		EN(out, "the system administrator does not choose an account's password; its first "
		        "password is split between two administrators");
		return false;
	}
	return true;
}

bool bm_rules_disable_account(bm_decision *out, bool self)
{
	allow(out, "SYS-1");
	/* SYS-1: the administrators keep each other in check, never lock themselves out. */
	if (self) {
		refuse(out, BM_ECONFLICT, "SYS-1", "cannot_disable_self");
		ZH(out, "不能停用自己的账户");
		EN(out, "you cannot disable your own account");
		return false;
	}
	return true;
}

bool bm_rules_has_account(bm_decision *out, const char *name, bool has_account)
{
	allow(out, "SYS-1");
	if (has_account)
		return true;
	refuse(out, BM_EINVALID, "SYS-1", "no_account");
	ZH(out, "“%s”没有登录账户", name);
	EN(out, "'%s' has no login account", name);
	return false;
}

bool bm_rules_demo_password(bm_decision *out, size_t n_carriers)
{
	allow(out, "SYS-1");
	if (!n_carriers)
		return true;
	refuse(out, BM_ECONFLICT, "SYS-1", "demo_only");
	ZH(out, "只有尚无载体的演示单位可以保留演示密码");
	EN(out, "only a demo unit with no carriers yet may keep the demo password");
	return false;
}

bool bm_rules_grant(bm_decision *out, const bm_grant_facts *g, int32_t today)
{
	allow(out, "PERSON-3");
	/* PERSON-3: temporary hires cannot hold classified posts … */
	if (g->temporary && g->person_class > BM_CLASS_NONE) {
		refuse(out, BM_EDENIED, "PERSON-3", "temporary_no_class");
		ZH(out, "临时聘用人员不得从事涉密岗位");
		EN(out, "temporary hires cannot hold classified posts");
		return false;
	}
	/* PERSON-2: a commitment is signed on a day that has come. */
	if (g->commitment_on != BM_DATE_NONE && g->commitment_on > today) {
		refuse(out, BM_EINVALID, "PERSON-2", "date_in_future");
		ZH(out, "保密承诺书的签署日期不能晚于今天");
		EN(out, "the commitment cannot be signed in the future");
		return false;
	}
	/* PERSON-3: … nor any role but plain staff. */
	for (size_t i = 0; i < g->n_roles && g->temporary; i++) {
		if (g->roles[i] != BM_ROLE_STAFF) {
			refuse(out, BM_EDENIED, "PERSON-3", "temporary_no_class");
			ZH(out, "临时聘用人员不得担任涉密岗位“%s”", bm_role_names[g->roles[i]].zh);
			EN(out, "a temporary hire cannot hold the classified post '%s'",
			   bm_role_names[g->roles[i]].en);
			return false;
		}
	}
	/* SYS-1: an administrator holds no business role and no clearance. */
	if (g->holds_admin && (g->person_class > BM_CLASS_NONE || g->n_roles > 0)) {
		refuse(out, BM_EDENIED, "SYS-1", "admin_no_business");
		ZH(out, "三员不得兼任业务角色或涉密岗位");
		EN(out, "an administrator may not hold a business role or a clearance");
		return false;
	}
	/* SYS-1: nobody grants themselves a class or a role. */
	if (g->self) {
		refuse(out, BM_EDENIED, "SYS-1", "grant_self");
		ZH(out, "不得给自己授予涉密类别或角色");
		EN(out, "nobody grants themselves a class or a role");
		return false;
	}
	/* SYS-1: an administrator role comes alone: no second role, no class (三员分立). */
	for (size_t i = 0; i < g->n_roles; i++) {
		if (bm_role_is_admin(g->roles[i]) &&
		    (g->n_roles > 1 || g->class_after > BM_CLASS_NONE)) {
			refuse(out, BM_EDENIED, "SYS-1", "one_admin_role");
			ZH(out, "管理员角色“%s”不得与其他角色或涉密类别兼任",
			   bm_role_names[g->roles[i]].zh);
			EN(out, "the administrator role '%s' goes with no other role and no class",
			   bm_role_names[g->roles[i]].en);
			return false;
		}
	}
	/* SYS-1: 三员 are three people: one active holder of each role unless the policy says more.
	 */
	for (size_t i = 0; i < g->n_roles && g->admin_holders; i++) {
		size_t held = g->admin_holders[g->roles[i]];
		if (bm_role_is_admin(g->roles[i]) && held >= (size_t)g->admin_holders_max) {
			refuse(out, BM_ECONFLICT, "SYS-1", "admin_role_held");
			ZH(out,
			   "本单位已有%zu名在岗的%s，三员每一角色只设%d人；须先停用现任者的账户",
			   held, bm_role_names[g->roles[i]].zh, g->admin_holders_max);
			EN(out,
			   "the unit already has %zu active %s; the policy allows %d per "
			   "administrator role (disable the holder's account first)",
			   held, bm_role_names[g->roles[i]].en, g->admin_holders_max);
			return false;
		}
	}
	return true;
}

bool bm_rules_filing_file(bm_decision *out, const bm_filing_facts *f)
{
	allow(out, "SYS-1");
	/* SYS-1: the system administrator files; the security administrator decides. */
	if (!f->actor_sysadmin) {
		refuse(out, BM_EDENIED, "SYS-1", "filing_by_sysadmin");
		ZH(out, "密码重置和账户开通只能由系统管理员提出，由安全保密管理员批准");
		EN(out, "password resets and new accounts are filed by the system administrator "
		        "and approved by the security administrator");
		return false;
	}
	if (f->self_target) {
		refuse(out, BM_EDENIED, "SYS-1", "filing_self");
		ZH(out, "不得为自己的账户提出密码重置");
		EN(out, "nobody files a reset of their own account");
		return false;
	}
	if (f->other_pending) {
		refuse(out, BM_ECONFLICT, "SYS-1", "filing_pending");
		ZH(out, "该账户已有待批准的申请");
		EN(out, "the account already has a filing awaiting approval");
		return false;
	}
	return true;
}

bool bm_rules_filing_decide(bm_decision *out, const bm_filing_facts *f)
{
	allow(out, "SYS-1");
	/* SYS-1: two of the three administrators: the security administrator decides. */
	if (!f->actor_secadmin) {
		refuse(out, BM_EDENIED, "SYS-1", "approval_by_secadmin");
		ZH(out, "密码重置和账户开通只能由安全保密管理员批准或拒绝");
		EN(out, "only the security administrator approves or refuses a password reset or "
		        "a new account");
		return false;
	}
	if (f->own_filing) {
		refuse(out, BM_EDENIED, "SYS-1", "approve_own_filing");
		ZH(out, "不得批准自己提出的申请");
		EN(out, "nobody approves their own filing");
		return false;
	}
	if (f->self_target) {
		refuse(out, BM_EDENIED, "SYS-1", "approve_self");
		ZH(out, "不得批准重置自己账户的申请");
		EN(out, "nobody approves a reset of their own account");
		return false;
	}
	if (!f->pending) {
		refuse(out, BM_ECONFLICT, "SYS-1", "filing_decided");
		ZH(out, "这项账户申请已有决定");
		EN(out, "the account filing is already decided");
		return false;
	}
	if (f->expired) {
		refuse(out, BM_ECONFLICT, "SYS-1", "filing_expired");
		ZH(out, "这项账户申请已过期，请重新提出");
		EN(out, "the account filing has expired; file it again");
		return false;
	}
	return true;
}

bool bm_rules_filing_read(bm_decision *out, bool admin)
{
	allow(out, "SYS-1");
	if (admin)
		return true;
	refuse(out, BM_EDENIED, "SYS-1", "filings_for_admins");
	ZH(out, "只有三员可以查看账户申请");
	EN(out, "only the three administrators see the account filings");
	return false;
}

bool bm_rules_admin_alert_ack(bm_decision *out, bool auditor)
{
	allow(out, "SYS-1");
	if (auditor)
		return true;
	refuse(out, BM_EDENIED, "SYS-1", "admin_alerts_for_auditor");
	ZH(out, "只有安全审计员可以确认关于三员的提醒");
	EN(out, "only the audit administrator acknowledges the alerts about the administrators");
	return false;
}

bool bm_rules_admin_change_alerted(bool held_admin, bool given_admin)
{
	return held_admin || given_admin;
}

int64_t bm_rules_filing_expires(const bm_policy *p, int64_t filed_at)
{
	return filed_at + (int64_t)p->filing_expiry_hours * 3600;
}

/* SYS-4: the wording of each fault that keeps a request from an actor. */
static void auth_reason(bm_decision *out, bm_auth_fault fault)
{
	switch (fault) {
	case BM_AUTH_OK: break;
	case BM_AUTH_LOGIN_REQUIRED:
	case BM_AUTH_TOKEN_MALFORMED:
		ZH(out, "请先登录");
		EN(out, "log in first");
		break;
	case BM_AUTH_SESSION_INVALID:
		ZH(out, "未登录或会话已结束，请重新登录");
		EN(out, "not logged in or the session has ended; log in again");
		break;
	case BM_AUTH_BAD_CREDENTIALS:
		ZH(out, "用户名或密码错误");
		EN(out, "wrong username or password");
		break;
	case BM_AUTH_WRONG_PASSWORD:
		ZH(out, "原密码错误");
		EN(out, "the current password is wrong");
		break;
	case BM_AUTH_PASSWORD_CHANGE:
		ZH(out, "首次登录、密码已重置或已超过更换期限，请先修改密码");
		EN(out, "change your password first (first login, reset or expired password)");
		break;
	case BM_AUTH_NO_USER:
		ZH(out, "未指定用户（--user NAME 或环境变量 BAOMI_USER）");
		EN(out, "no user given (--user NAME or $BAOMI_USER)");
		break;
	case BM_AUTH_NO_PASSWORD:
		ZH(out, "未提供密码（BAOMI_PASSWORD、--password-stdin 或终端输入）");
		EN(out, "no password given ($BAOMI_PASSWORD, --password-stdin or the terminal)");
		break;
	case BM_AUTH_PASSWORD_TOO_LONG:
		ZH(out, "密码过长");
		EN(out, "the password is too long");
		break;
	}
}

bool bm_rules_auth(bm_decision *out, bm_auth_fault fault)
{
	static const struct {
		int klass;
		const char *code;
	} faults[] = {
	        [BM_AUTH_OK] = {0, ""},
	        [BM_AUTH_LOGIN_REQUIRED] = {BM_EDENIED, "login_required"},
	        [BM_AUTH_TOKEN_MALFORMED] = {BM_EDENIED, "session_invalid"},
	        [BM_AUTH_SESSION_INVALID] = {BM_EDENIED, "session_invalid"},
	        [BM_AUTH_BAD_CREDENTIALS] = {BM_EDENIED, "bad_credentials"},
	        [BM_AUTH_WRONG_PASSWORD] = {BM_EDENIED, "bad_credentials"},
	        [BM_AUTH_PASSWORD_CHANGE] = {BM_EDENIED, "password_change_required"},
	        [BM_AUTH_NO_USER] = {BM_EINVALID, "no_user"},
	        [BM_AUTH_NO_PASSWORD] = {BM_EINVALID, "password_required"},
	        [BM_AUTH_PASSWORD_TOO_LONG] = {BM_ETOOLARGE, "password_too_long"},
	};

	allow(out, "SYS-4");
	if (fault == BM_AUTH_OK)
		return true;
	refuse(out, faults[fault].klass, "SYS-4", faults[fault].code);
	auth_reason(out, fault);
	return false;
}
