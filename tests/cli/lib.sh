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

# ---- the two back ends (issue 12 point 3) -----------------------------------
# Every suite runs on SQLite (make check: the sanitized build) and once more on PostgreSQL
# (tests/pg/cli-pass.sh, the plain build). PostgreSQL mode is on when BAOMI_TEST_PG names
# a running cluster's directory (tests/pg/cluster.sh start DIR). A suite then makes its
# databases with new_db (a database of the cluster, printed as its postgresql:// URL),
# reads them with query, and reports a check that is about the SQLite file itself with
# pg_skip (or the whole suite with sqlite_only_suite), saying why; copies one (db_copy),
# names one that does not exist (db_missing, db_absent) and a URL's database (pg_name) the
# same way on both; and writes the SQL that differs between the engines through sql_json
# (json_extract) and sql_concat (group_concat). In that mode $BAOMI is
# tests/pg/baomi-pg.sh, which gives each database its own audit key and checkpoint file
# (key_of, checkpoints_of) as a file has them beside it; $BAOMI_REAL is the binary (in
# both modes). Password hashes are cheap there through BAOMI_TEST_FASTHASH=1 (a test
# build makes minimal-cost Argon2id itself), so fast_hashes does nothing.
_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
_pg_wrapper="$_lib_dir/../pg/baomi-pg.sh"

# is_pg: true in PostgreSQL mode.
is_pg() {
	[ -n "${BAOMI_TEST_PG:-}" ]
}

if is_pg; then
	. "$_lib_dir/../pg/common.sh"
	[ "$BAOMI" = "$_pg_wrapper" ] || export BAOMI_REAL="$BAOMI"
	export BAOMI="$_pg_wrapper" BAOMI_PGKEYS="${BAOMI_PGKEYS:-$WORK/pgkeys}"
	export BAOMI_TEST_FASTHASH=1
else
	[ "$BAOMI" = "$_pg_wrapper" ] || export BAOMI_REAL="$BAOMI"
fi

# _is_url DB: DB is a PostgreSQL URL (else a SQLite file).
_is_url() {
	case $1 in postgres://* | postgresql://*) return 0 ;; *) return 1 ;; esac
}

# pg_name URL: the database name in a postgresql:// URL.
pg_name() {
	local n=${1%%\?*}
	printf '%s' "${n##*/}"
}

# new_db NAME: prints the handle of a new empty database for this suite: on SQLite the
# file $WORK/NAME.db (not made: `baomi init --db` makes it); on PostgreSQL the URL of a
# database of the cluster, <suite>_<NAME>_<pid> (made now from the cluster's database
# baomi: pg_trgm, the role's schema on its search path; when it exists already, as a file
# would, it is the same database). A suite uses it wherever it makes a database.
new_db() {
	local name suite pid=$$
	if ! is_pg; then
		printf '%s\n' "$WORK/$1.db"
		return 0
	fi
	suite=$(basename "$0" .sh)
	name=$(printf '%s_%s' "$suite" "$1" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' '_')
	name="${name:0:$((62 - ${#pid}))}_$pid"
	if [ "$(pg_super "$BAOMI_TEST_PG" "SELECT count(*) FROM pg_database WHERE datname = '$name'")" = 0 ]; then
		pg_copy "$BAOMI_TEST_PG" baomi "$name" || return 1
	fi
	pg_url "$BAOMI_TEST_PG" "$name"
}

# db_copy DB NAME: a consistent copy of the unit DB, printed: on SQLite the file
# $WORK/NAME.db (sqlite3 .backup, no -wal left behind); on PostgreSQL a database of the
# cluster made from DB as a template (pg_copy; DB must have no session open), named as
# new_db names them (DB's name, NAME, the suite's pid), so that it is dropped after the
# suite. Either replaces an earlier copy of that NAME. Nothing else comes with it: the
# copy's key and checkpoint file (key_of, checkpoints_of) are the caller's to give.
db_copy() {
	local src name c pid=$$
	if ! is_pg; then
		c="$WORK/$2.db"
		rm -f "$c" "$c-wal" "$c-shm"
		sqlite3 "$1" ".backup '$c'" || return 1
		printf '%s\n' "$c"
		return 0
	fi
	src=$(pg_name "$1")
	name=$(printf '%s' "$2" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' '_')
	c="${src%_"$pid"}_$name"
	c="${c:0:$((62 - ${#pid}))}_$pid"
	pg_drop "$BAOMI_TEST_PG" "$c" >/dev/null && pg_copy "$BAOMI_TEST_PG" "$src" "$c" || return 1
	pg_url "$BAOMI_TEST_PG" "$c"
}

# db_missing DB: prints a database of DB's kind that does not exist, for the checks that a
# command refuses it and creates nothing: on SQLite the file $WORK/none.db; on PostgreSQL
# the URL of DB's name with _none after it, which the cluster has no database for.
# db_absent DB: DB (such a one) still does not exist: no file, no database of its name.
db_missing() {
	if is_pg; then
		pg_url "$BAOMI_TEST_PG" "$(pg_name "$1")_none"
	else
		printf '%s\n' "$WORK/none.db"
	fi
}
db_absent() {
	if _is_url "$1"; then
		test "$(pg_super "$BAOMI_TEST_PG" "SELECT count(*) FROM pg_database
			WHERE datname = '$(pg_name "$1")'")" = 0
	else
		test ! -e "${1#sqlite:}"
	fi
}

# key_of DB, checkpoints_of DB: the audit key and the checkpoint file of DB as the
# commands of this suite use them: beside a SQLite file (DB.sm2key, DB.checkpoints,
# bm_audit_anchor_paths); for a URL those tests/pg/baomi-pg.sh gives.
key_of() {
	if _is_url "$1"; then
		printf '%s/%s.sm2key\n' "$BAOMI_PGKEYS" "$(pg_name "$1")"
	else
		printf '%s.sm2key\n' "${1#sqlite:}"
	fi
}
checkpoints_of() {
	if _is_url "$1"; then
		printf '%s/%s.checkpoints\n' "$BAOMI_PGKEYS" "$(pg_name "$1")"
	else
		printf '%s.checkpoints\n' "${1#sqlite:}"
	fi
}

# query DB SQL: the rows of SQL on DB as sqlite3 prints them (columns joined by |, no
# header, NULL empty): sqlite3 on a file, psql as the role baomi on a URL. The SQL must
# mean the same on the engine (branch on is_pg where it cannot).
query() {
	if _is_url "$1"; then
		psql -X -A -t -q -F'|' -v ON_ERROR_STOP=1 "$1" -c "$2"
	else
		sqlite3 "${1#sqlite:}" "$2"
	fi
}

# sql_json COLUMN PATH: the SQL of the value at PATH in COLUMN's JSON text as SQLite's
# json_extract gives it (a string unquoted, a number as its text, true and false as 1 and 0,
# null or nothing there NULL, an array or object as its JSON text), for query on this mode's
# engine. PATH is KEY[.KEY…], a KEY followed by [N] for its array's element N (from 0), as
# in `sql_json detail changes[0].device_ids[0]` (no key holding a dot or a bracket).
# SQLite: json_extract(COLUMN, '$.PATH'). PostgreSQL: COLUMN cast to json (not jsonb: an
# array or object keeps the text baomi wrote, as compact as json_extract's) read with
# #>> '{KEY,N,…}', a boolean (#> gives true or false) turned to 1 or 0; in parentheses, as
# #>> binds no tighter than ||: unbracketed it would take a || chain's text.
sql_json() {
	local path=$2
	if ! is_pg; then
		case $path in \[*) printf "json_extract(%s, '\$%s')" "$1" "$path" ;;
		*) printf "json_extract(%s, '\$.%s')" "$1" "$path" ;;
		esac
		return 0
	fi
	path=${path//\[/.}
	path=${path//\]/}
	path=${path//./,}
	path=${path#,}
	printf "(CASE (CAST(%s AS json) #> '{%s}')::text WHEN 'true' THEN '1' WHEN 'false' THEN '0'" \
		"$1" "$path"
	printf " ELSE CAST(%s AS json) #>> '{%s}' END)" "$1" "$path"
}

# sql_concat EXPR ORDER [SEP]: the SQL of EXPR's values joined by SEP (default a comma),
# for query on this mode's engine: group_concat(EXPR, 'SEP') on SQLite (in its scan's order,
# or the order of the subquery the rows come from, as the suites always had it),
# string_agg(CAST(EXPR AS text), 'SEP' ORDER BY ORDER) on PostgreSQL, whose scan order moves
# with every update (NULL for no row, NULLs left out, on both).
sql_concat() {
	local sep=${3-,}
	sep=${sep//\'/\'\'}
	if is_pg; then
		printf "string_agg(CAST(%s AS text), '%s' ORDER BY %s)" "$1" "$sep" "$2"
	else
		printf "group_concat(%s, '%s')" "$1" "$sep"
	fi
}

# query_super DB SQL: as query, but as an attacker who holds the database itself: on a
# URL as the cluster's superuser with the triggers off (session_replication_role =
# replica), the role's schema first on the search path; on a file plain sqlite3.
query_super() {
	if _is_url "$1"; then
		psql -X -A -t -q -F'|' -v ON_ERROR_STOP=1 \
			"postgresql://postgres@/$(pg_name "$1")?host=$BAOMI_TEST_PG" \
			-c 'SET session_replication_role = replica' -c 'SET search_path = baomi, public' \
			-c "$2"
	else
		sqlite3 "${1#sqlite:}" "$2"
	fi
}

# audit_edit DB SQL: runs SQL on DB behind baomi's back, as an intruder who edits the audit
# log would: on a file the log's protective triggers (audit_event_no_update, _no_delete)
# dropped first; on a URL as query_super (the superuser, triggers off), the chain's head row
# (audit_head, which SQLite has none of) then set to the log's last event, so that the edit
# is the chain's alone. Prints nothing of the SQL's rows; fails when the SQL fails.
audit_edit() {
	if _is_url "$1"; then
		query_super "$1" "$2
			UPDATE audit_head SET seq = coalesce((SELECT max(seq) FROM audit_event), 0),
			hash = coalesce((SELECT hash FROM audit_event ORDER BY seq DESC LIMIT 1), ''),
			at = coalesce((SELECT at FROM audit_event ORDER BY seq DESC LIMIT 1), '')
			WHERE id = 1;" >/dev/null
	else
		sqlite3 "${1#sqlite:}" "DROP TRIGGER IF EXISTS audit_event_no_update;
			DROP TRIGGER IF EXISTS audit_event_no_delete; $2" >/dev/null
	fi
}

# pg_skip NAME REASON: the check NAME reported skipped, because it is about the SQLite
# file itself (REASON says how); counted as skipped by tests/run.sh. Use it as
#   if is_pg; then pg_skip "NAME" "why"; else expect_rc "NAME" …; fi
pg_skip() {
	_tap_n=$((_tap_n + 1))
	echo "ok $_tap_n - $1 # SKIP SQLite only: $2"
}

# sqlite_only_suite REASON: at the top of a suite about the SQLite file itself: in
# PostgreSQL mode the suite is one skipped line naming it and REASON, and exits.
sqlite_only_suite() {
	is_pg || return 0
	echo "ok 1 - $(basename "$0" .sh) # SKIP SQLite only: $1"
	echo "1..1"
	exit 0
}

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
# With a URL (new_db in PostgreSQL mode) the database becomes a copy of the cluster's
# demo template (tests/pg/demo-db.sh), its key and checkpoint file gone likewise.
demo_db() {
	if _is_url "$1"; then
		local name
		name=$(pg_name "$1")
		pg_drop "$BAOMI_TEST_PG" "$name" >/dev/null &&
			BAOMI="$BAOMI_REAL" bash "$_lib_dir/../pg/demo-db.sh" "$BAOMI_TEST_PG" "$name" >/dev/null &&
			rm -f "$(key_of "$1")" "$(checkpoints_of "$1")"
		return
	fi
	bash "$_lib_dir/../demo-db.sh" "$1"
}

# fast_hashes DB PASSWORD...: the accounts' hashes become minimal-cost Argon2id
# of the same passwords (tests/tools/fasthash.c), so a login costs microseconds;
# fails when an account has none of the passwords. Without the tool (BAOMI
# outside a build directory) the hashes stay as they are. On PostgreSQL: nothing
# (BAOMI_TEST_FASTHASH=1 made them cheap already).
fast_hashes() {
	is_pg && return 0
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
	[ -n "$db" ] && ! _is_url "$db" && db=$(realpath -m -- "$db")
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
