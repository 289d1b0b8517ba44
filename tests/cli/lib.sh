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

# as USER CMD...: runs baomi logged in as USER with the script's password $PW.
as() {
	local user=$1
	shift
	BAOMI_USER="$user" BAOMI_PASSWORD="$PW" "$BAOMI" "$@"
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
		>/dev/null 2>&1
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
