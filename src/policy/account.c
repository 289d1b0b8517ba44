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
	/* SYS-1: the system administrator sets up administrators, not business roles. */
	for (size_t i = 0; i < a->n_roles; i++) {
		if (!bm_role_is_admin(a->roles[i])) {
			refuse(out, BM_EDENIED, "SYS-1", "sysadmin_no_business_role");
			ZH(out, "系统管理员不能授予业务角色「%s」", bm_role_names[a->roles[i]].zh);
			EN(out, "the system administrator cannot grant the business role '%s'",
			   bm_role_names[a->roles[i]].en);
			return false;
		}
	}
	/* SYS-1: three different people. */
	if (a->n_roles > 1) {
		refuse(out, BM_EDENIED, "SYS-1", "one_admin_role");
		ZH(out, "一个账户不得兼任两种管理员");
		EN(out, "no account may hold two administrator roles");
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
	ZH(out, "「%s」没有登录账户", name);
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

bool bm_rules_account_role(bm_decision *out, int role)
{
	allow(out, "SYS-1");
	/* SYS-1: business roles and classes are the security administrator's to grant. */
	if (role != BM_ROLE_SECADMIN && role != BM_ROLE_AUDITOR) {
		refuse(out, BM_EDENIED, "SYS-1", "sysadmin_role_limited");
		ZH(out, "系统管理员建立账户时只能设定安全保密管理员或安全审计员角色，"
		        "业务角色和涉密类别由安全保密管理员授予");
		EN(out, "the system administrator may only set the secadmin or auditor role; "
		        "business roles and classes are granted by the security administrator");
		return false;
	}
	return true;
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
			ZH(out, "临时聘用人员不得担任涉密岗位「%s」",
			   bm_role_names[g->roles[i]].zh);
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
	/* SYS-1: administrator accounts are the system administrator's to set up. */
	for (size_t i = 0; i < g->n_roles; i++) {
		if (bm_role_is_admin(g->roles[i])) {
			refuse(out, BM_EDENIED, "SYS-1", "admin_roles_by_sysadmin");
			ZH(out, "管理员账户由系统管理员设立");
			EN(out, "administrator accounts are set up by the system administrator");
			return false;
		}
	}
	return true;
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
		ZH(out, "首次登录或密码已重置，请先修改密码");
		EN(out, "change your password first (first login or reset password)");
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
