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

# build_fixture: makes the unit in $DB. On PostgreSQL the first suite of a cluster (per
# BAOMI_NOW and passwords) builds it so and keeps a copy as the template fixture_tpl_KEY,
# with its audit key and checkpoint file; every other suite's $DB is a copy of that
# (CREATE DATABASE … TEMPLATE), as the demo unit is (tests/pg/demo-db.sh): the same rows
# the commands would make, without their cost. BAOMI_TEST_PG_FIXTURE=build builds anyway.
build_fixture() {
	local tpl dir=${BAOMI_TEST_PG:-} rc
	if ! is_pg || [ "$DB" != "${BAOMI_DB:-}" ] || [ "${BAOMI_TEST_PG_FIXTURE:-}" = build ]; then
		_build_fixture
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
		pg_super "$dir" "CREATE DATABASE $tpl TEMPLATE $(_pg_name "$DB")" >/dev/null
	) 9>"$dir/$tpl.lock"
	rc=$?
	[ "$rc" = 3 ] || return "$rc"
	pg_drop "$dir" "$(_pg_name "$DB")" >/dev/null &&
		pg_copy "$dir" "$tpl" "$(_pg_name "$DB")" >/dev/null || return 1
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
