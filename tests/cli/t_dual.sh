#!/usr/bin/env bash
# tests/cli/t_dual.sh — SYS-1 (issue 9, point 1): no one of the three
# administrators alone ends up with a working login as anybody else or as a
# new administrator. A password reset and a new account's first login are
# filed by the system administrator and approved by the security
# administrator; each sees only their own half of the temporary secret.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

field() { sed -n "s/^$1: //p" "$OUT"; } # field LABEL: a line "LABEL: value" of the last stdout
not_in_out() { ! grep -Eq -- "$1" "$OUT"; } # not_in_out RE: the last stdout does not match
secret_ok() { # secret_ok USER SECRET: the secret logs USER in (to change it only)
	BAOMI_USER="$1" BAOMI_PASSWORD="$2" BAOMI_NEW_PASSWORD='Changed#2026pw' "$BAOMI" account password
}

# --- SYS-4 (issue 9 point 1): init's one shared password only serves to change it ---
FRESH=$(new_db fresh)
INIT='Init@2026first'
BAOMI_PASSWORD="$INIT" expect_rc "init gives the three administrators one first password" 0 \
	"$BAOMI" init --db "$FRESH" --unit 新单位
fast_hashes "$FRESH" "$INIT"
first() { # first USER CMD...: USER runs CMD on the fresh unit with init's password
	local u=$1
	shift
	BAOMI_DB="$FRESH" BAOMI_USER="$u" BAOMI_PASSWORD="$INIT" "$BAOMI" "$@"
}
DONE_BEFORE=$(query "$FRESH" "SELECT count(*) FROM audit_event WHERE outcome = 'ok' AND action <> 'login'")
for u in sysadmin secadmin auditor; do
	expect_rc "SYS-4: $u with init's password may not list the people (exit 5)" 5 first "$u" org people
	expect_err "SYS-4: ... password_change_required, naming SYS-4" '\[SYS-4\].*password_change_required'
done
expect_rc "SYS-4: the system administrator may not add a department" 5 first sysadmin org dept-add 办公室
expect_rc "SYS-4: nor file a reset" 5 first sysadmin account reset auditor
expect_rc "SYS-4: the security administrator may not change the policy" 5 \
	first secadmin policy import /dev/null --comment x
expect_rc "SYS-4: the audit administrator may not read the chain" 5 first auditor audit list
expect_err "SYS-4: ... told to change the password first" '请先修改密码'
check "SYS-4: ... and nothing was done" test "$(query "$FRESH" "SELECT count(*) FROM department")" = 0
check "SYS-4: ... no use case succeeded (only the logins)" test \
	"$(query "$FRESH" "SELECT count(*) FROM audit_event WHERE outcome = 'ok' AND action <> 'login'")" = "$DONE_BEFORE"
expect_rc "SYS-4: the password change itself is let through" 0 \
	env BAOMI_NEW_PASSWORD="$PW" BAOMI_DB="$FRESH" BAOMI_USER=sysadmin BAOMI_PASSWORD="$INIT" \
	"$BAOMI" account password
expect_rc "SYS-4: after the change the system administrator works" 0 \
	env BAOMI_DB="$FRESH" BAOMI_USER=sysadmin BAOMI_PASSWORD="$PW" "$BAOMI" org dept-add 办公室
expect_rc "SYS-4: init's password no longer logs him in" 5 first sysadmin org people
expect_err "SYS-4: ... bad_credentials" 'bad_credentials'
expect_rc "SYS-4: the other two are still held to the change" 5 first secadmin org people
expect_err "SYS-4: ... password_change_required" 'password_change_required'

check "fixture unit builds through the CLI" build_fixture
expect_rc "the clerk registers a 绝密 carrier" 0 as clerk carrier register --title 绝密方案 \
	--level 绝密 --place 一号保密柜 --scope 办公室

# --- the attack: the system administrator resets the clerk's password ---
expect_rc "SYS-1: the system administrator files a reset of the clerk's password" 0 \
	as sysadmin account reset clerk
expect_out "SYS-1: the filer is shown his half only" '^一半临时密码 half secret: .{8}$'
FILING=$(field '账户申请 filing')
HALF_A=$(field '一半临时密码 half secret')
expect_rc "SYS-1: until approved the clerk's own password keeps working" 0 as clerk carrier list
expect_rc "SYS-1: the filer's half alone does not log in as the clerk" 5 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$HALF_A" "$BAOMI" carrier list
expect_err "SYS-1: ... refused as a wrong password" 'bad_credentials'
expect_rc "SYS-1: the system administrator cannot approve his own filing" 5 \
	as sysadmin account approve "$FILING"
expect_err "SYS-1: ... refused with SYS-1" '\[SYS-1\].*approval_by_secadmin'
expect_rc "SYS-1: the audit administrator cannot approve either" 5 as auditor account approve "$FILING"
expect_err "SYS-1: ... refused with SYS-1" '\[SYS-1\]'
expect_rc "SYS-1: the security administrator cannot file a reset" 5 as secadmin account reset staff
expect_err "SYS-1: ... refused with SYS-1" '\[SYS-1\]'
expect_rc "SYS-1: nobody files a reset of their own account" 5 as sysadmin account reset sysadmin
expect_err "SYS-1: ... filing_self" 'filing_self'
expect_rc "SYS-1: one pending filing per account" 6 as sysadmin account reset clerk
expect_err "SYS-1: ... filing_pending" 'filing_pending'

# --- a refusal changes nothing ---
expect_rc "SYS-1: the security administrator refuses the reset" 0 \
	as secadmin account refuse "$FILING" --reason 未经本人申请
expect_rc "SYS-1: after the refusal the clerk's password still works" 0 as clerk carrier list
expect_rc "SYS-1: a refused filing cannot be approved afterwards" 6 as secadmin account approve "$FILING"
expect_err "SYS-1: ... filing_decided" 'filing_decided'

# --- two administrators: both halves, handed over in person ---
expect_rc "SYS-1: the system administrator files the reset again" 0 as sysadmin account reset clerk
FILING=$(field '账户申请 filing')
HALF_A=$(field '一半临时密码 half secret')
expect_rc "SYS-1: the security administrator approves" 0 as secadmin account approve "$FILING"
expect_out "SYS-1: the approver is shown his half only" '^一半临时密码 half secret: .{8}$'
HALF_B=$(field '一半临时密码 half secret')
check "SYS-1: the approver's half differs from the filer's" test "$HALF_A" != "$HALF_B"
expect_rc "SYS-1: after approval the old password no longer works" 5 as clerk carrier list
expect_rc "SYS-1: the filer's half alone fails" 5 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$HALF_A" "$BAOMI" carrier list
expect_rc "SYS-1: the approver's half alone fails" 5 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$HALF_B" "$BAOMI" carrier list
expect_rc "SYS-1: the halves in the wrong order fail" 5 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$HALF_B$HALF_A" "$BAOMI" carrier list
expect_rc "SYS-1/SYS-4: both halves log in but read nothing before the change" 5 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$HALF_A$HALF_B" "$BAOMI" carrier list
expect_err "SYS-1/SYS-4: ... password_change_required" 'password_change_required'
expect_err "SYS-1: the owner is told who filed and who approved the reset" \
	'密码重置已于 .* 由 系统管理员 提出、安全保密管理员 批准'
expect_err "SYS-1: ... and when the last failed login was" '上次失败登录 last failed login: [0-9]{4}-'
expect_rc "SYS-1: with both halves the clerk sets a new password" 0 \
	secret_ok clerk "$HALF_A$HALF_B"
expect_rc "SYS-1: the clerk reads the ledger with the new password" 0 \
	env BAOMI_USER=clerk BAOMI_PASSWORD='Changed#2026pw' "$BAOMI" carrier list
expect_out "SYS-1: ... including the 绝密 carrier" '绝密方案'
expect_rc "SYS-1: the used secret no longer logs in" 5 secret_ok clerk "$HALF_A$HALF_B"

# --- the attack: the system administrator creates an auditor and uses it ---
people_before=$(query "$DB" 'SELECT count(*) FROM person')
expect_rc "SYS-1: the system administrator cannot create an account with the auditor role" 5 \
	as sysadmin org person-add 假审计 --username fakeaud --role auditor
expect_err "SYS-1: ... roles are the security administrator's" '\[SYS-1\].*roles_by_secadmin'
check "SYS-1: ... and no person was created" test "$(query "$DB" 'SELECT count(*) FROM person')" = "$people_before"
expect_rc "SYS-1: BAOMI_NEW_PASSWORD sets no first password" 0 \
	env BAOMI_NEW_PASSWORD="$PW" BAOMI_USER=sysadmin BAOMI_PASSWORD="$PW" "$BAOMI" org person-add 假审计 --username fakeaud
HALF_A=$(field '一半临时密码 half secret')
expect_rc "SYS-1: the new account does not log in with the chosen password" 5 \
	env BAOMI_USER=fakeaud BAOMI_PASSWORD="$PW" "$BAOMI" org people
expect_rc "SYS-1: nor with the system administrator's half" 5 \
	env BAOMI_USER=fakeaud BAOMI_PASSWORD="$HALF_A" "$BAOMI" org people
expect_rc "SYS-1: the system administrator cannot grant it the auditor role" 5 \
	as sysadmin org grant fakeaud --roles auditor
expect_rc "SYS-1: the security administrator cannot grant himself a second role" 5 \
	as secadmin org grant secadmin --roles auditor
expect_rc "SYS-1: nor can the system administrator read the audit log" 5 as sysadmin audit list

# --- the audit administrator sees every filing and decision ---
expect_rc "SYS-1: the audit administrator lists the filings" 0 as auditor account filings --json
expect_out "SYS-1: ... the refused reset" '"status": *"refused"'
expect_out "SYS-1: ... the approved reset" '"status": *"approved"'
expect_out "SYS-1: ... the pending first login" '"status": *"pending"'
expect_rc "SYS-1: a clerk does not see the filings" 5 \
	env BAOMI_USER=clerk BAOMI_PASSWORD='Changed#2026pw' "$BAOMI" account filings
expect_rc "SYS-1: every filing and decision is on the audit chain" 0 \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action IN
	('account.reset_file','account.approve','account.refuse')")" -ge 4

# --- SYS-1 (issue 9 point 1): every filing, decision and change of an administrator
# --- is raised to the audit administrator, and to nobody else, until acknowledged ---
expect_rc "SYS-1: the system administrator files a reset of the security administrator" 0 \
	as sysadmin account reset secadmin
ADMIN_FILING=$(field '账户申请 filing')
# 三员: one active holder of each administrator role, unless the policy says more.
GRANTS_BEFORE=$(query "$DB" "SELECT count(*) FROM person_role")
expect_rc "SYS-1: a second audit administrator is refused while one is active (exit 6)" 6 \
	as secadmin org grant fakeaud --roles auditor
expect_err "SYS-1: ... naming the rule" '\[SYS-1\].*admin_role_held'
expect_err "SYS-1: ... in the 保密员's words" '本单位已有1名在岗的安全审计员'
expect_rc "SYS-1: a second system administrator too" 6 as secadmin org grant fakeaud --roles sysadmin
expect_err "SYS-1: ... admin_role_held" 'admin_role_held'
expect_rc "SYS-1: a second security administrator too" 6 as secadmin org grant fakeaud --roles secadmin
check "SYS-1: ... and no role was granted" test \
	"$(query "$DB" "SELECT count(*) FROM person_role")" = "$GRANTS_BEFORE"
check "SYS-1: ... each refusal is on the audit chain" test "$(query "$DB" \
	"SELECT count(*) FROM audit_event WHERE action = 'person.grant' AND outcome = 'refused'
	AND rule = 'SYS-1' AND object = (SELECT 'person:' || id FROM person WHERE username = 'fakeaud')")" = 3
printf 'auth.admin_holders_max = 2\n' >"$WORK/two.txt"
expect_rc "SYS-5: the security administrator's policy allows two of each" 0 \
	as secadmin policy import "$WORK/two.txt" --comment 设两名安全审计员
expect_rc "SYS-1: the security administrator grants an administrator role" 0 \
	as secadmin org grant fakeaud --roles auditor
expect_rc "SYS-1: the audit administrator lists the alerts" 0 as auditor alerts --json
expect_out "SYS-1: ... a filing is an alert" '"code": *"account_filed"'
expect_out "SYS-1: ... the reset of the security administrator names the filing" \
	"\"filing_id\": *$ADMIN_FILING,"
expect_out "SYS-1: ... an approval is an alert" '"code": *"account_approved"'
expect_out "SYS-1: ... a refusal is an alert" '"code": *"account_refused"'
expect_out "SYS-1: ... the role grant to an administrator is an alert" '"code": *"admin_roles_changed"'
expect_out "SYS-1: ... saying the roles before and after, in English too" 'none → audit administrator'
expect_rc "SYS-1: the audit administrator's text list" 0 as auditor alerts
expect_out "SYS-1: ... shows who filed what" '系统管理员 申请重置密码“安全保密管理员”'
expect_out "SYS-1: ... and names the roles changed in words, not codes" '变更“假审计”的角色：无 → 安全审计员'
expect_rc "SYS-1: the clerk's alerts" 0 \
	env BAOMI_USER=clerk BAOMI_PASSWORD='Changed#2026pw' "$BAOMI" alerts --json
check "SYS-1: ... hold no alert about the administrators" not_in_out '"SYS-1"'
expect_rc "SYS-1: the system administrator sees no alert" 5 as sysadmin alerts
expect_rc "SYS-1: nor does the security administrator" 5 as secadmin alerts
GRANT_ALERT=$(as auditor alerts --json | tr -d ' \n' |
	grep -o '"code":"admin_roles_changed"[^}]*"admin_alert_id":[0-9]*' | sed 's/.*://')
check "SYS-1: the role grant's alert has an id" test -n "$GRANT_ALERT"
expect_rc "SYS-1: the security administrator cannot acknowledge it" 5 \
	as secadmin alerts ack "$GRANT_ALERT"
expect_err "SYS-1: ... refused with SYS-1" '\[SYS-1\].*admin_alerts_for_auditor'
expect_rc "SYS-1: the audit administrator acknowledges it" 0 as auditor alerts ack "$GRANT_ALERT"
expect_rc "SYS-1: after acknowledgement the alerts" 0 as auditor alerts --json
check "SYS-1: ... no longer hold the role grant" not_in_out '"admin_roles_changed"'
expect_out "SYS-1: ... but still the others" '"account_filed"'
expect_rc "SYS-1: acknowledging twice is refused" 4 as auditor alerts ack "$GRANT_ALERT"
expect_err "SYS-1: ... unknown_alert" 'unknown_alert'
check "SYS-1: the acknowledgement is on the audit chain" test \
	"$(query "$DB" "SELECT count(*) FROM audit_event WHERE action = 'alert.ack'
	AND outcome = 'ok' AND object = 'admin_alert:$GRANT_ALERT'")" = 1
if is_pg; then
	open_index="SELECT count(*) FROM pg_indexes WHERE indexname = 'admin_alert_open'
		AND indexdef LIKE '%WHERE (acked_at IS NULL)%'"
else
	open_index="SELECT count(*) FROM sqlite_master WHERE name = 'admin_alert_open'"
fi
check "SYS-1: the alerts cost no scan of the audit chain (an index on the open ones)" \
	test "$(query "$DB" "$open_index")" = 1
done_testing
