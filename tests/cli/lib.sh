# tests/cli/lib.sh — a tiny TAP library for black-box tests of the real binary.
# Source it from a tests/cli/t_*.sh script. The runner sets:
#   BAOMI  the binary under test        WORK  a fresh temporary directory
# Each check prints one TAP line ("ok N - name" / "not ok N - name").
# Checks name the rule they prove, e.g. "KEEP-1: a safe for 秘密 refuses 绝密".

: "${BAOMI:?BAOMI must point at the baomi binary}"
: "${WORK:=$(mktemp -d)}"
export BAOMI_PASSWORD="${BAOMI_PASSWORD:-}"
_tap_n=0
_tap_failed=0

_tap_line() { # status name
	_tap_n=$((_tap_n + 1))
	if [ "$1" = ok ]; then
		echo "ok $_tap_n - $2"
	else
		echo "not ok $_tap_n - $2"
		_tap_failed=$((_tap_failed + 1))
	fi
}

# run CMD...: runs the command, keeping stdout in $OUT, stderr in $ERR, status in $RC.
run() {
	OUT="$WORK/out.$$" ERR="$WORK/err.$$"
	"$@" >"$OUT" 2>"$ERR"
	RC=$?
	OUT_TEXT=$(cat "$OUT")
	ERR_TEXT=$(cat "$ERR")
}

# expect_rc NAME CODE CMD...: the command exits with CODE.
expect_rc() {
	local name=$1 code=$2
	shift 2
	run "$@"
	if [ "$RC" -eq "$code" ]; then
		_tap_line ok "$name"
	else
		_tap_line fail "$name"
		echo "#   expected exit $code, got $RC: $*" >&2
		sed 's/^/#   stderr: /' "$ERR" | head -5 >&2
	fi
}

# expect_out NAME PATTERN: the last run's stdout matches the grep -E pattern.
expect_out() {
	if grep -qE -- "$2" "$OUT"; then _tap_line ok "$1"; else
		_tap_line fail "$1"
		echo "#   stdout lacks /$2/" >&2
		head -5 "$OUT" | sed 's/^/#   stdout: /' >&2
	fi
}

# expect_err NAME PATTERN: the last run's stderr matches the grep -E pattern.
expect_err() {
	if grep -qE -- "$2" "$ERR"; then _tap_line ok "$1"; else
		_tap_line fail "$1"
		echo "#   stderr lacks /$2/" >&2
		head -5 "$ERR" | sed 's/^/#   stderr: /' >&2
	fi
}

# demo_db DB: DB becomes a demo unit at the current BAOMI_NOW, with cheap
# password hashes (tests/demo-db.sh: a copy of the run's template when
# tests/run.sh gave BAOMI_TEST_CACHE).
demo_db() {
	bash "$(dirname "${BASH_SOURCE[0]}")/../demo-db.sh" "$1"
}

# fast_hashes DB PASSWORD...: the accounts' hashes become minimal-cost Argon2id
# of the same passwords (tests/tools/fasthash.c), so a login costs microseconds;
# fails when an account has none of the passwords. Without the tool (BAOMI
# outside a build directory) the hashes stay as they are.
fast_hashes() {
	local tool=${BAOMI_FASTHASH:-$(dirname "$BAOMI")/tests/tools/fasthash}
	[ -x "$tool" ] || return 0
	"$tool" "$@" >/dev/null
}

# ---- passwords past their age (SYS-4) ------------------------------------
# A login past auth.password_max_days.* (7 days for core and important people
# by default) is refused for everything but the password change
# ("[SYS-4] password_change_required"). The suites move BAOMI_NOW weeks or
# months on, so a user's password is renewed the way its owner would: through
# `baomi account password` at that clock, audited like any change. Each
# user's current password (per database) is kept in a file under
# $WORK/.passwords (the wrappers also run in $(...) subshells); none: $PW.
# The renewed passwords are generated (Renew@2026pwN): history refuses reuse.

# _pw_file USER DB: the file that keeps USER's current password in DB.
_pw_file() {
	local db=${2:-}
	[ -n "$db" ] && db=$(realpath -m -- "$db")
	printf '%s/.passwords/%s' "$WORK" "$(printf '%s\n%s' "$db" "$1" | cksum | tr ' ' _)"
}

# _cmd_db CMD...: the database a baomi command line uses (--db, else $BAOMI_DB).
_cmd_db() {
	local db=${BAOMI_DB:-}
	while [ $# -gt 0 ]; do
		case $1 in
		--db) db=${2:-} && shift ;;
		--db=*) db=${1#--db=} ;;
		esac
		shift
	done
	printf '%s' "$db"
}

# password_of USER [DB]: USER's current password in DB (default $BAOMI_DB).
password_of() {
	local f
	f=$(_pw_file "$1" "${2-${BAOMI_DB:-}}")
	if [ -s "$f" ]; then cat "$f"; else printf '%s' "$PW"; fi
}

# password_set USER PASSWORD [DB]: records that USER's password in DB is now
# PASSWORD (after a step outside these wrappers set it, e.g. a reset).
password_set() {
	local f
	f=$(_pw_file "$1" "${3-${BAOMI_DB:-}}")
	mkdir -p "$WORK/.passwords"
	printf '%s' "$2" >"$f"
}

# renew_password USER DB USED: SYS-4, USER (who logged in with USED) changes
# the password at the current BAOMI_NOW through `account password`, to a new
# generated one, and it is recorded. Under a lock: when another process
# renewed it meanwhile (the current one is no longer USED), nothing is done.
renew_password() {
	local user=$1 db=$2 used=$3 n new rc
	mkdir -p "$WORK/.passwords"
	(
		flock 9
		[ "$(password_of "$user" "$db")" = "$used" ] || exit 0
		n=$(($(cat "$WORK/.passwords/count" 2>/dev/null || echo 0) + 1))
		echo "$n" >"$WORK/.passwords/count"
		new="Renew@2026pw$n"
		BAOMI_DB="$db" BAOMI_USER="$user" BAOMI_PASSWORD="$used" BAOMI_NEW_PASSWORD="$new" \
			BAOMI_TEST_FASTHASH=1 "$BAOMI" account password >/dev/null 2>&1
		rc=$?
		if [ "$rc" -ne 0 ]; then
			echo "# renew_password: $user could not change the password (exit $rc)" >&2
			exit "$rc"
		fi
		password_set "$user" "$new" "$db"
	) 9>"$WORK/.passwords/lock"
}

# password_forget USER [DB]: USER's password in DB is the script's $PW again
# (new_account, init_unit set it).
password_forget() {
	rm -f "$(_pw_file "$1" "${2-${BAOMI_DB:-}}")"
}

# baomi_as USER CMD...: runs "$BAOMI" CMD... logged in as USER with USER's
# current password; when the login is refused because the password must be
# changed first (SYS-4, its age at BAOMI_NOW), renews it (renew_password)
# and runs the command again. The refused attempt's output is dropped; the
# command's stdin goes to the first attempt (no suite pipes into one).
baomi_as() {
	local user=$1 db pw out err rc
	shift
	db=$(_cmd_db "$@")
	pw=$(password_of "$user" "$db")
	out=$(mktemp "$WORK/as-out.XXXXXX") && err=$(mktemp "$WORK/as-err.XXXXXX") || return 1
	BAOMI_USER="$user" BAOMI_PASSWORD="$pw" "$BAOMI" "$@" >"$out" 2>"$err"
	rc=$?
	if [ "$rc" -ne 0 ] && grep -q 'password_change_required' "$err" "$out" &&
		renew_password "$user" "$db" "$pw"; then
		rm -f "$out" "$err"
		BAOMI_USER="$user" BAOMI_PASSWORD="$(password_of "$user" "$db")" "$BAOMI" "$@"
		return
	fi
	cat "$out"
	cat "$err" >&2
	rm -f "$out" "$err"
	return "$rc"
}

# as USER CMD...: runs baomi logged in as USER (baomi_as: with the script's
# password $PW, or the one USER renewed it to).
as() {
	baomi_as "$@"
}

# holder_as HOLDER USER CMD...: `as USER CMD...` while HOLDER types their own
# password at the clerk's terminal (REG-1, CIRC-5, issue 14: a typed name is
# no signature; `baomi desk` reads it from $BAOMI_HOLDER_PASSWORD).
holder_as() {
	local holder=$1
	shift
	BAOMI_HOLDER_PASSWORD="$(password_of "$holder")" baomi_as "$@"
}

# sides_as FROM TO USER CMD...: `as USER CMD...` while both sides of a
# hand-over type their own password at the clerk's terminal (KEEP-2, REG-1,
# issue 14: `baomi handover` reads them from $BAOMI_FROM_PASSWORD and
# $BAOMI_TO_PASSWORD).
sides_as() {
	local from=$1 to=$2
	shift 2
	BAOMI_FROM_PASSWORD="$(password_of "$from")" BAOMI_TO_PASSWORD="$(password_of "$to")" \
		baomi_as "$@"
}

# witnesses_as W1 W2 USER CMD...: `as USER CMD...` while the two witnesses of a
# destruction type their own password at the clerk's terminal (DESTROY-2, REG-1,
# issue 14: `baomi execute destroy` reads the Nth --witness's from
# $BAOMI_WITNESS<N>_PASSWORD).
witnesses_as() {
	local w1=$1 w2=$2
	shift 2
	BAOMI_WITNESS1_PASSWORD="$(password_of "$w1")" BAOMI_WITNESS2_PASSWORD="$(password_of "$w2")" \
		baomi_as "$@"
}

# acceptor_as ACCEPTOR USER CMD...: `as USER CMD...` while the 验收人 of a device's
# repair types their own password at the clerk's terminal (DEV-5, REG-1, issue 14:
# `baomi device repair-end` reads it from $BAOMI_CHECKED_BY_PASSWORD).
acceptor_as() {
	local who=$1
	shift
	BAOMI_CHECKED_BY_PASSWORD="$(password_of "$who")" baomi_as "$@"
}

# as_at NOW USER CMD...: `as` with the clock at NOW (BAOMI_NOW, a test build).
as_at() {
	local now=$1
	shift
	BAOMI_NOW="$now" baomi_as "$@"
}

# count_confirm SESSION [OPTIONS...]: the close's INV-4 confirmation as the clerk's
# `count show` gives it (issue 14 point 6): "--confirm-missing N --confirm-token T";
# nothing for a closed count. OPTIONS (e.g. --db) go to count show.
count_confirm() {
	as clerk count show "$@" --json |
		jq -r 'if .review then "--confirm-missing \(.review.confirm_missing) --confirm-token \(.review.confirm_token)" else "" end'
}

# new_account SYSADMIN NAME [org person-add options]: SYS-1 (issue 9): the
# system administrator SYSADMIN files the person (with --username, an
# account), the security administrator $SECADMIN (default secadmin) approves
# its first login, and the person logs in with both halves of the temporary
# secret and sets the script's password $PW. Fails when any step does.
new_account() {
	local admin=$1 name=$2 user="" out filing a b i
	shift 2
	local args=("$@")
	for ((i = 0; i < ${#args[@]}; i++)); do
		[ "${args[i]}" = --username ] && user=${args[i + 1]}
	done
	out=$(as "$admin" org person-add "$name" "$@") || return 1
	[ -n "$user" ] || return 0
	filing=$(printf '%s\n' "$out" | sed -n 's/^账户申请 filing: //p')
	a=$(printf '%s\n' "$out" | sed -n 's/^一半临时密码 half secret: //p')
	out=$(as "${SECADMIN:-secadmin}" account approve "$filing") || return 1
	b=$(printf '%s\n' "$out" | sed -n 's/^一半临时密码 half secret: //p')
	BAOMI_USER="$user" BAOMI_PASSWORD="$a$b" BAOMI_NEW_PASSWORD="$PW" "$BAOMI" account password \
		>/dev/null 2>&1 || return 1
	password_forget "$user"
}

# init_unit DB UNIT [init options]: `baomi init` with the shared first
# password $INIT_PW (default Init@2026first), then each of the three
# administrators (sysadmin, secadmin, auditor) changes it to the script's
# $PW at the first login, as SYS-4 requires before anything else. Fails
# when any step does.
init_unit() {
	local db=$1 unit=$2 u
	shift 2
	BAOMI_PASSWORD="${INIT_PW:-Init@2026first}" "$BAOMI" init --db "$db" --unit "$unit" "$@" \
		>/dev/null || return 1
	fast_hashes "$db" "${INIT_PW:-Init@2026first}" || return 1
	for u in sysadmin secadmin auditor; do
		BAOMI_DB="$db" BAOMI_USER="$u" BAOMI_PASSWORD="${INIT_PW:-Init@2026first}" \
			BAOMI_NEW_PASSWORD="$PW" "$BAOMI" account password >/dev/null 2>&1 || return 1
		password_forget "$u" "$db"
	done
}

# check NAME CMD...: passes when the command succeeds (for ad-hoc assertions).
check() {
	local name=$1
	shift
	if "$@" >/dev/null 2>&1; then _tap_line ok "$name"; else _tap_line fail "$name"; fi
}

# approved_make REQUESTER APPROVER --param K=V...: files a make request (MAKE-1)
# as REQUESTER, has APPROVER approve it when it waits for approval, prints its
# id; fails when either fails. Unless given, the classification decision
# (LEVEL-4/9) names the account `classifier` (fixture.sh add_classifier, or
# the demo's) and a catalogue entry.
approved_make() {
	local who=$1 approver=$2 out id arg extra=()
	shift 2
	for arg in "$@"; do
		case $arg in classifier=* | basis=*) extra+=("${arg%%=*}") ;; esac
	done
	case " ${extra[*]} " in *" classifier "*) ;; *) set -- "$@" --param classifier=classifier ;; esac
	case " ${extra[*]} " in *" basis "*) ;; *) set -- "$@" --param basis=本单位保密事项一览表第1项 ;; esac
	out=$(as "$who" request new make --reason 工作需要 "$@" --json) || return 1
	id=$(printf '%s\n' "$out" | grep -m1 -oE '"id": [0-9]+' | grep -oE '[0-9]+$') || return 1
	# (a level whose chain is empty in the policy is approved as filed)
	if printf '%s\n' "$out" | grep -q '"code": "pending"'; then
		as "$approver" approve "$id" --comment 同意 >/dev/null || return 1
	fi
	echo "$id"
}

# done_testing: prints the plan; exits non-zero when a check failed.
done_testing() {
	echo "1..$_tap_n"
	[ "$_tap_failed" -eq 0 ]
}
