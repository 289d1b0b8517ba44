#!/usr/bin/env bash
# tests/cli/t_password_age.sh — SYS-4 password age at the CLI login (issue 13
# point 8). A password older than auth.password_max_days for the person's
# clearance (7 days for a core person, cleared to 绝密; 30 for a 一般 one,
# cleared to 秘密) is marked must-change at login by the same decision as the
# API's (bm_svc_password_age); every command but `account password` is then
# refused with [SYS-4] password_change_required (exit 5) and nothing changes
# but the login's own audit event. The change at that clock lets the person
# work again. The wrapper `as` (lib.sh) renews a password the same way.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
expect_rc "the clerk registers a carrier on the day the passwords are set" 0 \
	as clerk carrier register --title 年初通知 --level 秘密 --place 保密室 --scope 办公室

q() { query "$DB" "$1"; }
# state: carriers / carrier history / audit events other than logins.
state() {
	q "SELECT (SELECT count(*) FROM carrier) || '/' || (SELECT count(*) FROM carrier_event) || '/' ||
		(SELECT count(*) FROM audit_event WHERE action <> 'login')"
}
audits() { q "SELECT count(*) FROM audit_event"; }
# direct NOW USER PASSWORD CMD...: baomi at NOW, as USER, with PASSWORD (no renewal).
direct() {
	local now=$1 user=$2 pw=$3
	shift 3
	BAOMI_NOW="$now" BAOMI_USER="$user" BAOMI_PASSWORD="$pw" "$BAOMI" "$@"
}
# aged NAME CMD...: the command, run by the clerk with the old password at LATE,
# is refused with SYS-4's forced change (exit 5); only the login is audited.
aged() {
	local name=$1 before_s before_a
	shift
	before_s=$(state)
	before_a=$(audits)
	expect_rc "SYS-4: $name, past the password's age: refused (exit 5)" 5 direct "$LATE" clerk "$PW" "$@"
	expect_err "SYS-4: $name: [SYS-4] password_change_required" '\[SYS-4\].*password_change_required'
	expect_err "SYS-4: $name: told to change the password first (zh)" '请先修改密码'
	check "SYS-4: $name: no carrier, history or use case written" test "$(state)" = "$before_s"
	check "SYS-4: $name: the login alone is audited" test "$(audits)" = $((before_a + 1))
	check "SYS-4: $name: ... as a successful login" test \
		"$(q "SELECT action || ' ' || outcome || ' ' || actor FROM audit_event ORDER BY seq DESC LIMIT 1")" = "login ok clerk"
}

# --- inside the age: nothing asked -------------------------------------------------
expect_rc "SYS-4: the core clerk's password 7 days old still works" 0 \
	direct 2026-03-09T02:00:00Z clerk "$PW" carrier list --json
check "SYS-4: ... and is not marked must-change" \
	test "$(q "SELECT must_change_password FROM person WHERE username = 'clerk'")" = 0

# --- past the age: the forced change ------------------------------------------------
LATE=2026-03-20T02:00:00Z
aged "carrier list" carrier list
check "SYS-4: the login marked the clerk must-change (password_expired in its detail)" \
	test "$(q "SELECT must_change_password FROM person WHERE username = 'clerk'")" = 1
check "SYS-4: the login's audit detail names the rule" test \
	"$(q "SELECT $(sql_json detail password_expired) || ' ' || $(sql_json detail rule) FROM audit_event WHERE action = 'login' AND actor = 'clerk' AND at = '$LATE'" | head -1)" = "1 SYS-4"
aged "carrier register" carrier register --title 过期后登记 --level 秘密 --place 保密室 --scope 办公室
aged "alerts" alerts
aged "carrier show" carrier show 1
expect_rc "SYS-4: a wrong password past the age is refused as such" 5 \
	direct "$LATE" clerk Wrong@2026pass carrier list
expect_err "SYS-4: ... bad_credentials, not the forced change" 'bad_credentials'

# --- 一般: the longer age --------------------------------------------------------------
expect_rc "SYS-4: a 一般 person's password 18 days old (within 30) is not refused" 0 \
	direct "$LATE" staff "$PW" carrier list --json
check "SYS-4: ... and the 一般 person is not marked must-change" \
	test "$(q "SELECT must_change_password FROM person WHERE username = 'staff'")" = 0

# --- the change, then work -----------------------------------------------------------
before=$(state)
expect_rc "SYS-4: account password is let through past the age" 0 \
	env BAOMI_NOW="$LATE" BAOMI_USER=clerk BAOMI_PASSWORD="$PW" BAOMI_NEW_PASSWORD='Fresh@2026pass' \
	"$BAOMI" account password
check "SYS-4: the change is audited at that clock" test \
	"$(q "SELECT count(*) FROM audit_event WHERE action = 'password.change' AND actor = 'clerk' AND outcome = 'ok' AND at = '$LATE'")" = 1
check "SYS-4: ... and clears must-change" \
	test "$(q "SELECT must_change_password FROM person WHERE username = 'clerk'")" = 0
expect_rc "SYS-4: after the change carrier list works" 0 direct "$LATE" clerk 'Fresh@2026pass' carrier list --json
expect_rc "SYS-4: and carrier register works" 0 direct "$LATE" clerk 'Fresh@2026pass' \
	carrier register --title 改密后登记 --level 秘密 --place 保密室 --scope 办公室
check "SYS-4: ... one carrier more" test "$(q "SELECT count(*) FROM carrier")" = 2
expect_rc "SYS-4: the old password no longer logs in" 5 direct "$LATE" clerk "$PW" carrier list
expect_err "SYS-4: ... bad_credentials" 'bad_credentials'
password_set clerk 'Fresh@2026pass'

# --- the suites' wrapper renews through the same audited change -----------------------
renewals() { q "SELECT count(*) FROM audit_event WHERE action = 'password.change' AND actor = 'clerk'"; }
n=$(renewals)
expect_rc "SYS-4 (lib.sh as): a month later the clerk's command runs after a renewal" 0 \
	as_at 2026-04-20T02:00:00Z clerk carrier list --json
check "SYS-4 (lib.sh as): renewed through account password, audited at that clock" test \
	"$(renewals)/$(q "SELECT max(at) FROM audit_event WHERE action = 'password.change' AND actor = 'clerk'")" = "$((n + 1))/2026-04-20T02:00:00Z"
check "SYS-4 (lib.sh as): the renewed password is the one kept" \
	direct 2026-04-20T03:00:00Z clerk "$(password_of clerk)" carrier list
expect_rc "SYS-4 (lib.sh as): a day later the command runs as it is" 0 \
	as_at 2026-04-21T02:00:00Z clerk carrier list --json
check "SYS-4 (lib.sh as): ... still one" test "$(renewals)" = "$((n + 1))"
expect_rc "SYS-4: the 一般 person 54 days on is held to the change" 5 \
	direct 2026-04-25T02:00:00Z staff "$PW" carrier list
expect_err "SYS-4: ... [SYS-4] password_change_required" '\[SYS-4\].*password_change_required'
check "the audit chain verifies after all of it" as auditor audit verify

done_testing
