# tests/cli/t_org_admin.sh — departments and storage places (存放地点) kept by
# their administrators (issue 14 point 14) through the real binary: places
# are the security administrator's, departments the system administrator's
# (SYS-1); a rename keeps the former name (org_rename) and is audited; a
# retired (停用) place takes no carrier (KEEP-1) and is not retired while it
# holds carriers (KEEP-1); a retired department takes no person (ORG-1) and is
# not retired while it has people (ORG-1); the lists mark the retired ones;
# every refusal with its code, rule, exit status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-12-05T02:00:00Z
check "fixture unit builds through the CLI" build_fixture

org_state() {
	query "$DB" "SELECT (SELECT $(sql_concat "id || name || coalesce(retired_on, '')" id ';') FROM storage_place)
		|| '|' || (SELECT $(sql_concat "id || name || coalesce(retired_on, '')" id ';') FROM department)
		|| '|' || (SELECT count(*) FROM org_rename) || '|' || (SELECT count(*) FROM carrier)
		|| '|' || (SELECT count(*) FROM person)"
}

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before
	before=$(org_state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	[ -z "$rule" ] || expect_err "$name: names rule $rule" "\\[$rule\\]"
	check "$name: nothing changed" test "$(org_state)" = "$before"
}

as secadmin org place-add 三号保密柜 --max-level 绝密 --kind safe >/dev/null
as sysadmin org dept-add 停用测试科 >/dev/null

refused "SYS-1: the clerk renames no place" 5 role_required SYS-1 as clerk org place-rename 三号保密柜 四号保密柜
refused "SYS-1: the system administrator retires no place" 5 role_required SYS-1 as sysadmin org place-retire 三号保密柜
refused "SYS-1: the security administrator retires no department" 5 role_required SYS-1 as secadmin org dept-retire 停用测试科
refused "a rename to another place's name" 6 name_taken "" as secadmin org place-rename 三号保密柜 保密室
expect_rc "usage: a rename needs the new name" 2 as secadmin org place-rename 三号保密柜

expect_rc "the security administrator renames a place" 0 as secadmin org place-rename 三号保密柜 机要室三号柜
expect_out "the new name is shown" "存放地点已更名 place renamed: [0-9]+ 机要室三号柜"
check "the former name is kept with the day" \
	test "$(query "$DB" "SELECT old_name || ' ' || new_name || ' ' || renamed_on FROM org_rename WHERE kind = 'place'")" = "三号保密柜 机要室三号柜 2026-12-05"
check "the rename is audited with both names" \
	test "$(query "$DB" "SELECT 1 FROM audit_event WHERE action = 'place.rename' AND outcome = 'ok' AND detail LIKE '%机要室三号柜%三号保密柜%' LIMIT 1")" = 1
# (as the database's own user, baomi's: on PostgreSQL its trigger and grants hold)
renames() { query "$DB" "SELECT count(*) || ':' || coalesce(min(old_name), '') FROM org_rename"; }
unchanged_history() {
	local before
	before=$(renames)
	! query "$DB" "UPDATE org_rename SET old_name = 'x'" 2>/dev/null &&
		! query "$DB" "DELETE FROM org_rename" 2>/dev/null && [ "$(renames)" = "$before" ]
}
check "a former name is history: the table refuses changes" unchanged_history

expect_rc "KEEP-1: a carrier is kept in the place" 0 \
	as clerk carrier register --title 停用前的文件 --level 秘密 --place 机要室三号柜 --scope 办公室 --json
CID=$(jq -r .id "$OUT")
refused "KEEP-1: a place holding a carrier is not retired" 6 place_not_empty KEEP-1 as secadmin org place-retire 机要室三号柜
expect_rc "KEEP-1: the carrier moves to another place" 0 as clerk carrier move "$CID" --place 一号保密柜
refused "KEEP-1: a place is not retired from a day after today" 3 retire_day_invalid KEEP-1 as secadmin org place-retire 机要室三号柜 --on 2026-12-06
expect_rc "KEEP-1: the empty place is retired" 0 as secadmin org place-retire 机要室三号柜 --on 2026-12-01
expect_out "the day is shown" "存放地点已停用 place retired: [0-9]+ 机要室三号柜 2026-12-01"
refused "KEEP-1: retired once" 6 already_retired KEEP-1 as secadmin org place-retire 机要室三号柜
refused "KEEP-1: a retired place takes no new carrier" 6 place_retired KEEP-1 \
	as clerk carrier register --title 停用后的文件 --level 秘密 --place 机要室三号柜 --scope 办公室
refused "KEEP-1: nothing moves into a retired place" 6 place_retired KEEP-1 as clerk carrier move "$CID" --place 机要室三号柜
expect_rc "the list of places" 0 as clerk org places
expect_out "the list marks the retired place" "机要室三号柜.*已停用 retired 2026-12-01"
expect_rc "the list as JSON" 0 as clerk org places --json
check "the JSON carries retired_on" jq -e '.[] | select(.name == "机要室三号柜") | .retired_on == "2026-12-01"' "$OUT"

refused "ORG-1: a department with people is not retired" 6 department_has_people ORG-1 as sysadmin org dept-retire 办公室
expect_rc "the system administrator renames a department" 0 as sysadmin org dept-rename 停用测试科 综合科
expect_rc "ORG-1: an empty department is retired" 0 as sysadmin org dept-retire 综合科
expect_out "the department's retirement is shown" "部门已停用 department retired: [0-9]+ 综合科 2026-12-05"
refused "ORG-1: a retired department takes nobody" 6 department_retired ORG-1 as sysadmin org person-add 新人 --department 综合科
expect_rc "the list of departments" 0 as clerk org depts
expect_out "the list marks the retired department" "综合科  已停用 retired 2026-12-05"
check "the department's retirement is audited" \
	test "$(query "$DB" "SELECT 1 FROM audit_event WHERE action = 'department.retire' AND outcome = 'ok' LIMIT 1")" = 1
check "the refusals are audited with their rule" \
	test "$(query "$DB" "SELECT 1 FROM audit_event WHERE action = 'place.retire' AND outcome = 'refused' AND rule = 'KEEP-1' LIMIT 1")" = 1
done_testing
