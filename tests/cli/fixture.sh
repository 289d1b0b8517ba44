# tests/cli/fixture.sh — a small unit built through the CLI, as an operator would.
# Source after lib.sh. $DB is new_db unit ($WORK/unit.db, or a database of the cluster in
# PostgreSQL mode); build_fixture makes in it: departments 办公室 and 财务科; accounts
# sysadmin, secadmin, auditor (made by init, each past the forced first change,
# init_unit in lib.sh), clerk (core), staff (general, 办公室), temp (temporary hire), each made by two administrators (new_account in lib.sh,
# SYS-1); places 一号保密柜 (safe, 绝密), 保密室 (room, 秘密), 档案柜 (cabinet, 内部).
# Every account's password is $PW, stored as a minimal-cost Argon2id hash
# (fast_hashes in lib.sh) once the accounts exist: each `as` is a login. A
# suite that moves BAOMI_NOW past a password's age (SYS-4) has it renewed by
# `as` through `account password` (lib.sh baomi_as; password_of USER gives
# the current one).

DB=$(new_db unit) || exit 1
PW='Test@2026pass'
export BAOMI_DB="$DB"

carrier_count() {
	query "$DB" 'SELECT count(*) FROM carrier'
}

audit_count() {
	query "$DB" 'SELECT count(*) FROM audit_event'
}

# add_classifier: the classification authority 定密责任人 (core, role classifier,
# username classifier), whom make requests name (LEVEL-4/9, approved_make).
add_classifier() {
	new_account sysadmin 孙定密 --username classifier --department 办公室 >/dev/null &&
		as secadmin org grant classifier --class core --roles classifier --commitment 2026-01-05 >/dev/null
}

# add_leader: the supervising leader (core), who approves make requests (MAKE-1).
add_leader() {
	new_account sysadmin 王领导 --username leader --department 办公室 >/dev/null &&
		as secadmin org grant leader --class core --roles leader --commitment 2026-01-05 >/dev/null
}

# build_fixture: makes the unit in $DB. The first suite of a run (per BAOMI_NOW and
# passwords) builds it through the commands and keeps a copy as a template with its audit
# key and checkpoint file; every other suite's $DB is a copy of that, as the demo unit is
# (tests/demo-db.sh, tests/pg/demo-db.sh): the same rows the commands would make, without
# their cost. On SQLite the template is a file in BAOMI_TEST_FIXTURE_CACHE (tests/run.sh
# gives it to the CLI suites but the t_pg_* ones, which build their SQLite twin step by
# step beside PostgreSQL's; without it, every suite builds), on PostgreSQL the database
# fixture_tpl_KEY of the cluster (CREATE DATABASE … TEMPLATE). BAOMI_TEST_PG_FIXTURE=build
# builds anyway.
build_fixture() {
	local tpl dir=${BAOMI_TEST_PG:-} rc
	if [ "$DB" != "${BAOMI_DB:-}" ] || [ "${BAOMI_TEST_PG_FIXTURE:-}" = build ]; then
		_build_fixture
		return
	fi
	# (a t_pg_* suite outside the PostgreSQL mode names its own cluster's URL: built)
	if ! is_pg; then
		if _is_url "$DB" || [ -z "${BAOMI_TEST_FIXTURE_CACHE:-}" ]; then
			_build_fixture
		else
			_sqlite_fixture
		fi
		return
	fi
	tpl="fixture_tpl_$(printf '%s\n' "${BAOMI_NOW:-now}" "$PW" "${INIT_PW:-}" "${SECADMIN:-}" |
		cksum | cut -d' ' -f1)"
	(
		flock 9
		[ "$(pg_super "$dir" "SELECT count(*) FROM pg_database WHERE datname = '$tpl'")" = 0 ] ||
			exit 3
		_build_fixture || exit 1
		for f in "$(key_of "$DB")" "$(checkpoints_of "$DB")"; do
			[ -e "$f" ] && cp -p "$f" "$dir/$tpl.${f##*.}"
		done
		pg_idle "$dir" "$(pg_name "$DB")" &&
			pg_super "$dir" "CREATE DATABASE $tpl TEMPLATE $(pg_name "$DB")" >/dev/null
	) 9>"$dir/$tpl.lock"
	rc=$?
	[ "$rc" = 3 ] || return "$rc"
	pg_drop "$dir" "$(pg_name "$DB")" >/dev/null &&
		pg_copy "$dir" "$tpl" "$(pg_name "$DB")" >/dev/null || return 1
	rm -f "$(key_of "$DB")" "$(checkpoints_of "$DB")"
	mkdir -p "$BAOMI_PGKEYS"
	for f in "$dir/$tpl.sm2key" "$dir/$tpl.checkpoints"; do
		[ -e "$f" ] || continue
		case $f in
		*.sm2key) cp -p "$f" "$(key_of "$DB")" ;;
		*) cp -p "$f" "$(checkpoints_of "$DB")" ;;
		esac
	done
}

# _sqlite_fixture: build_fixture on SQLite: $DB, its key and checkpoints copied from the
# run's template (BAOMI_TEST_FIXTURE_CACHE/fixture-KEY.db), which the first suite builds under a lock.
_sqlite_fixture() {
	local tpl f
	mkdir -p "$BAOMI_TEST_FIXTURE_CACHE" || return 1
	tpl="$BAOMI_TEST_FIXTURE_CACHE/fixture-$(printf '%s\n' "${BAOMI_NOW:-now}" "$PW" "${INIT_PW:-}" \
		"${SECADMIN:-}" | cksum | cut -d' ' -f1).db"
	(
		flock 9
		[ -s "$tpl" ] && exit 0
		_build_fixture || exit 1
		# every command has exited: the file holds everything (no -wal left)
		[ ! -s "$DB-wal" ] || exit 1
		for f in "$(key_of "$DB")" "$(checkpoints_of "$DB")"; do
			[ -e "$f" ] && cp -p "$f" "$tpl.tmp.${f##*.}"
		done
		cp -p "$DB" "$tpl.tmp" &&
			for f in "$tpl".tmp.*; do [ -e "$f" ] && mv "$f" "$tpl.${f##*.}"; done &&
			mv "$tpl.tmp" "$tpl"
	) 9>"$tpl.lock" || return 1
	rm -f "$DB" "$DB-wal" "$DB-shm" "$(key_of "$DB")" "$(checkpoints_of "$DB")"
	cp -p "$tpl" "$DB" || return 1
	[ ! -e "$tpl.sm2key" ] || cp -p "$tpl.sm2key" "$(key_of "$DB")" || return 1
	[ ! -e "$tpl.checkpoints" ] || cp -p "$tpl.checkpoints" "$(checkpoints_of "$DB")"
}

_build_fixture() {
	init_unit "$DB" 测试单位 || return 1
	fast_hashes "$DB" "$PW" || return 1
	as sysadmin org dept-add 办公室 >/dev/null &&
	as sysadmin org dept-add 财务科 >/dev/null &&
	new_account sysadmin 张保密 --username clerk --department 办公室 &&
	new_account sysadmin 李员工 --username staff --department 办公室 &&
	new_account sysadmin 赵会计 --username finance --department 财务科 &&
	new_account sysadmin 钱临时 --username temp --department 办公室 --temporary &&
	fast_hashes "$DB" "$PW" &&
	as secadmin org grant clerk --class core --roles clerk --commitment 2026-01-05 >/dev/null &&
	as secadmin org grant staff --class general --roles staff --commitment 2026-01-05 >/dev/null &&
	as secadmin org grant finance --class important --roles staff --commitment 2026-01-05 >/dev/null &&
	as secadmin org place-add 一号保密柜 --max-level 绝密 --kind safe >/dev/null &&
	as secadmin org place-add 保密室 --max-level 秘密 --kind room >/dev/null &&
	as secadmin org place-add 档案柜 --max-level 内部 --kind cabinet >/dev/null
}
