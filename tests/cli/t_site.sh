# tests/cli/t_site.sh — key departments and places (保密要害部门部位, SITE-1)
# through the real binary: registering an entry with its confirmation and
# leader, the staff list (at least 重要 class, PERSON-1; no temporary hire,
# PERSON-3), the access list, the measures checklist, the visit log with its
# escort, the class-change path refusing to lower a person who works there,
# revoking; every refusal with its code, rule ID, exit status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

check "fixture unit builds through the CLI" build_fixture
check "a supervising leader" add_leader

# SQL both engines read (issue 12 point 3): `jlen EXPR PATH` is the length of the JSON
# array at PATH ('$.key') of the text EXPR.
jlen() {
	if is_pg; then
		printf "json_array_length((%s)::json -> '%s')" "$1" "${2#\$.}"
	else
		printf "json_array_length(%s, '%s')" "$1" "$2"
	fi
}

# Everything the register holds, as one line: a refusal must leave it as it was.
sites_state() {
	query "$DB" "SELECT (SELECT $(sql_concat "id || name || kind || status || leader_id || coalesce(location,'')" id ';') FROM site)
		|| '|' || (SELECT $(sql_concat "site_id || ':' || person_id || kind || coalesce(removed_at,'')" id ';') FROM site_member)
		|| '|' || (SELECT count(*) FROM site_measure) || '|' || (SELECT $(sql_concat "id || coalesce(time_out,'')" id ';') FROM site_visit)
		|| '|' || (SELECT count(*) FROM site_event)"
}
class_of() { query "$DB" "SELECT person_class FROM person WHERE username = '$1'"; }

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before
	before=$(sites_state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(sites_state)" = "$before"
}

ADD=(--name 机要室 --kind place --place 一号保密柜 --location 办公楼三楼301
	--confirmed-by 市国家保密局 --confirmed-on 2026-03-01 --doc '市保〔2026〕5号' --leader leader)

# --- SITE-1: registering an entry ------------------------------------------------
refused "SITE-1: only the clerk keeps the register" 5 role_required SITE-1 \
	as staff site add "${ADD[@]}"
refused "SITE-1: who confirmed it is required" 3 site_confirmed_by_required SITE-1 \
	as clerk site add --name 机要室 --kind place --location 301 --confirmed-on 2026-03-01 --leader leader
refused "SITE-1: the confirmation date is required" 3 site_confirmed_on_required SITE-1 \
	as clerk site add --name 机要室 --kind place --location 301 --confirmed-by 市国家保密局 --leader leader
refused "SITE-1: the confirmation is not in the future" 3 site_confirmed_in_future SITE-1 \
	as clerk site add --name 机要室 --kind place --location 301 --confirmed-by 市国家保密局 \
	--confirmed-on 2099-01-01 --leader leader
refused "SITE-1: a key department names a department" 3 site_department_required SITE-1 \
	as clerk site add --name 财务科 --kind department --confirmed-by 局保密委员会 --confirmed-on 2026-03-01 --leader leader
refused "SITE-1: a key place says where it is" 3 site_location_required SITE-1 \
	as clerk site add --name 档案室 --kind place --confirmed-by 局保密委员会 --confirmed-on 2026-03-01 --leader leader
refused "SITE-1: the responsible leader is required" 3 site_leader_required SITE-1 \
	as clerk site add --name 档案室 --kind place --location 一楼 --confirmed-by 局保密委员会 --confirmed-on 2026-03-01
refused "SITE-1: an unknown department is not linked" 4 unknown_department "" \
	as clerk site add --name 人事科 --kind department --department 人事科 --confirmed-by 局保密委员会 \
	--confirmed-on 2026-03-01 --leader leader

expect_rc "SITE-1: the clerk registers a key place" 0 as clerk site add "${ADD[@]}" --json
expect_out "SITE-1: linked to the storage place" '"place_name": "一号保密柜"'
expect_out "SITE-1: the responsible leader is recorded" '"leader_name": "王领导"'
S1=$(query "$DB" "SELECT id FROM site WHERE name = '机要室'")
check "SITE-1: the storage place is linked, not copied" \
	test "$(query "$DB" "SELECT count(*) FROM site s JOIN storage_place p ON p.id = s.place_id WHERE s.id = $S1")" = 1
expect_rc "SITE-1: a key department linked to 财务科" 0 \
	as clerk site add --name 财务科 --kind department --department 财务科 --confirmed-by 局保密委员会 \
	--confirmed-on 2026-02-10 --leader leader
S2=$(query "$DB" "SELECT id FROM site WHERE name = '财务科'")
refused "SITE-1: a name is registered once" 6 duplicate_site "" \
	as clerk site add "${ADD[@]}"
check "site.add is audited" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='site.add' AND outcome='ok'")" = 2
check "site.add refusals are audited with SITE-1" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='site.add' AND outcome='refused' AND rule='SITE-1'")" -ge 6

# --- SITE-1, PERSON-1, PERSON-3: the people who work there -----------------------
refused "SITE-1/PERSON-1: a 一般 person does not work at a key place" 5 site_class_too_low SITE-1 \
	as clerk site staff "$S1" --add staff
expect_err "PERSON-1 is named in the reason" 'PERSON-1'
refused "PERSON-3: a temporary hire does not work at a key place" 5 temporary_hire PERSON-3 \
	as clerk site staff "$S1" --add temp
expect_rc "SITE-1: an 重要 person works there" 0 as clerk site staff "$S1" --add finance
expect_rc "SITE-1: the clerk (核心) works there" 0 as clerk site staff "$S1" --add clerk
refused "SITE-1: listed once" 6 already_listed "" as clerk site staff "$S1" --add finance
expect_rc "SITE-1: a 一般 person may be on the access list" 0 as clerk site access "$S1" --add staff

# --- SITE-1: the class of a person who works there --------------------------------
before_class=$(class_of finance)
expect_rc "SITE-1: finance's class is not lowered below 重要 while working at a key place" 5 \
	as secadmin org grant finance --class general
expect_err "SITE-1: the refusal names the rule" '\[SITE-1\]'
expect_err "SITE-1: the refusal's code" site_staff_class
check "SITE-1: the class is unchanged" test "$(class_of finance)" = "$before_class"
expect_rc "SITE-1: raising a class is not refused" 0 as secadmin org grant finance --class core
expect_rc "SITE-1: lowering to 重要 is not refused" 0 as secadmin org grant finance --class important

# --- SITE-1: the physical measures ------------------------------------------------
expect_rc "SITE-1: iron door checked" 0 as clerk site measure "$S1" --measure iron_door --present yes --checked 2026-03-02
expect_rc "SITE-1: alarm missing" 0 as clerk site measure "$S1" --measure 报警器 --present no --note 待安装
refused "SITE-1: an unknown measure" 3 invalid_measure "" \
	as clerk site measure "$S1" --measure moat --present yes
refused "SITE-1: a check is not in the future" 3 invalid_date "" \
	as clerk site measure "$S1" --measure safe --present yes --checked 2099-01-01
refused "SITE-1: only the clerk records checks" 5 role_required SITE-1 \
	as staff site measure "$S1" --measure safe --present yes

# --- SITE-1: the visit log ----------------------------------------------------------
refused "SITE-1: an unrelated visitor without an escort" 5 site_escort_required SITE-1 \
	as clerk site visit "$S1" --visitor 王师傅 --org 市电信公司 --reason 检修线路
refused "SITE-1: the escort works there (staff is only on the access list)" 5 site_escort_not_staff SITE-1 \
	as clerk site visit "$S1" --visitor 王师傅 --org 市电信公司 --reason 检修线路 --escort staff
refused "SITE-1: an unknown escort" 4 "" "" \
	as clerk site visit "$S1" --visitor 王师傅 --reason 检修线路 --escort nobody
expect_rc "SITE-1: an unrelated visitor escorted by finance" 0 \
	as clerk site visit "$S1" --visitor 王师傅 --org 市电信公司 --reason 检修线路 --escort finance --json
expect_out "SITE-1: the escort is recorded" '"escort_name": "赵会计"'
V1=$(query "$DB" "SELECT max(id) FROM site_visit")
expect_rc "SITE-1: a person on the access list comes in alone" 0 \
	as clerk site visit "$S1" --person staff --reason 送文件
refused "SITE-1: a 一般 person not on any list needs an escort too" 5 site_escort_required SITE-1 \
	as clerk site visit "$S2" --person staff --reason 送文件
expect_rc "SITE-1: the visitor leaves" 0 as clerk site leave "$V1"
refused "SITE-1: a visit is signed out once" 6 site_visit_closed SITE-1 as clerk site leave "$V1"
expect_rc "the visit log lists the open visit" 0 as clerk site visits "$S1" --open
expect_out "the open visit is staff's" 李员工
expect_rc "the visit log exports as CSV" 0 as clerk site visits --format csv
expect_out "the CSV has its header" '来访人员,来访单位,事由,陪同人员'
expect_out "the CSV has the escorted visit" '王师傅,市电信公司,检修线路,赵会计'

# --- the register: list, search, show ----------------------------------------------
expect_rc "the register lists both" 0 as clerk site list
expect_out "the list counts them" '共 2 处'
expect_rc "the register searched" 0 as clerk site list --search 保密局 --format json
expect_out "the search finds the place" '"name": "机要室"'
check "the search leaves the department out" test "$(grep -c "\"name\": \"财务科\"" "$OUT")" = 0
expect_rc "the register exports as CSV" 0 as clerk site list --format csv
expect_out "the CSV header" '名称,类别,部门,存放场所,位置,确定机关,确定日期,确定文件,责任领导'
expect_rc "the record shows lists, checklist, visits and history" 0 as staff site show "$S1" --json
expect_out "the history has the staff added" '"action": "staff_add"'
expect_out "the checklist has the alarm" '"measure_name": "报警器"'
expect_out "the staff list shows the class" '"class_name": "重要"'
expect_rc "administrators do not read the register (SYS-1)" 5 as sysadmin site list

# --- edit, member removal, revoke ------------------------------------------------------
refused "SITE-1: the leader is a person of the unit" 4 "" "" as clerk site edit "$S1" --leader nobody
expect_rc "SITE-1: the location is changed" 0 as clerk site edit "$S1" --location 办公楼三楼302
check "SITE-1: the change is in the history" \
	test "$(query "$DB" "SELECT count(*) FROM site_event WHERE site_id = $S1 AND action = 'edit'")" = 1
expect_rc "finance leaves the staff list" 0 as clerk site staff "$S1" --remove finance
expect_rc "SITE-1: finance's class may now be lowered" 0 as secadmin org grant finance --class general
refused "SITE-1: finance cannot come back as 一般" 5 site_class_too_low SITE-1 \
	as clerk site staff "$S1" --add finance
expect_rc "SITE-1: the key department is revoked" 0 as clerk site revoke "$S2" --reason 机构调整
refused "SITE-1: nothing is added to a revoked entry" 6 site_revoked SITE-1 \
	as clerk site staff "$S2" --add clerk
refused "SITE-1: a revoked entry is revoked once" 6 site_revoked SITE-1 \
	as clerk site revoke "$S2" --reason 再次
expect_rc "the register filtered by status" 0 as clerk site list --status revoked
expect_out "the revoked entry is listed" 财务科
# --- SYS-2, SITE-1: who reads the register ------------------------------------------
# The clerk and the leadership read all of it; anybody else only the entries
# they lead or are listed on, the others do not exist for them.
check "a plain staff member of the unit" new_account sysadmin 孙普通 --username plain --department 办公室
check "plain is granted the staff role" as secadmin org grant plain --class important --roles staff --commitment 2026-01-05
expect_rc "SYS-2/SITE-1: the clerk lists the whole register" 0 as clerk site list --format json
expect_out "the clerk sees the revoked department" '"name": "财务科"'
expect_rc "SYS-2/SITE-1: the leadership lists the whole register" 0 as leader site list --format json
expect_out "the leader sees 机要室" '"name": "机要室"'
expect_rc "SYS-2/SITE-1: a plain staff member's list is empty" 0 as plain site list --format json
check "SYS-2/SITE-1: plain sees no entry" test "$(grep -c '"name"' "$OUT")" = 0
expect_rc "SYS-2/SITE-1: an entry plain is not listed on does not exist for them" 4 as plain site show "$S1"
expect_err "SYS-2/SITE-1: the refusal is unknown_site" unknown_site
expect_rc "SYS-2/SITE-1: nor its visit log" 4 as plain site visits "$S1"
expect_rc "SYS-2/SITE-1: the whole visit log shows plain nothing" 0 as plain site visits --format csv
check "SYS-2/SITE-1: no visit in plain's log" test "$(grep -c 王师傅 "$OUT")" = 0
expect_rc "SYS-2/SITE-1: staff (on 机要室's access list) lists it" 0 as staff site list --format json
expect_out "staff sees 机要室" '"name": "机要室"'
check "SYS-2/SITE-1: staff does not see the department it is not listed on" \
	test "$(grep -c '"name": "财务科"' "$OUT")" = 0
expect_rc "SYS-2/SITE-1: nor can staff open it" 4 as staff site show "$S2"
expect_rc "SITE-1: plain is put on 机要室's staff list" 0 as clerk site staff "$S1" --add plain
expect_rc "SYS-2/SITE-1: now plain sees 机要室 with its lists" 0 as plain site show "$S1" --json
expect_out "plain sees the staff list" '"name": "孙普通"'
expect_rc "SYS-2/SITE-1: and its visit log" 0 as plain site visits "$S1"
expect_rc "SYS-2/SITE-1: administrators still do not read it (SYS-1)" 5 as secadmin site show "$S1"

# --- SITE-1, PERSON-4: leaving takes a person off every key site's lists -----------
expect_rc "a second key place" 0 as clerk site add --name 档案室 --kind place --location 一楼101 \
	--confirmed-by 局保密委员会 --confirmed-on 2026-03-01 --leader leader
S3=$(query "$DB" "SELECT id FROM site WHERE name = '档案室'")
expect_rc "plain may enter 档案室" 0 as clerk site access "$S3" --add plain
expect_rc "plain works in 档案室 too" 0 as clerk site staff "$S3" --add plain
listed_of() { query "$DB" "SELECT count(*) FROM site_member m JOIN person p ON p.id = m.person_id WHERE p.username = '$1' AND m.removed_at IS NULL"; }
check "plain is on three lists" test "$(listed_of plain)" = 3
refused "PERSON-4: leaving without the exit commitment is refused and the lists stay" 5 no_exit_commitment PERSON-4 \
	as secadmin person leave plain --on 2026-12-01
check "PERSON-4: plain is still on three lists" test "$(listed_of plain)" = 3
expect_rc "PERSON-4: plain signs the exit commitment" 0 as secadmin person exit-commit plain --on 2026-12-01
events_before=$(query "$DB" "SELECT count(*) FROM site_event")
expect_rc "PERSON-4: plain leaves" 0 as secadmin person leave plain --on 2026-12-01
check "SITE-1: plain is on no list any more" test "$(listed_of plain)" = 0
check "SITE-1: each removal is a line of the site's history" \
	test "$(query "$DB" "SELECT count(*) FROM site_event WHERE action IN ('staff_remove','access_remove') AND detail = '孙普通（离岗）'")" = 3
check "SITE-1: three history lines and no more" \
	test "$(query "$DB" "SELECT count(*) FROM site_event")" = $((events_before + 3))
check "SITE-1: the leave's audit event names the three removals" \
	test "$(query "$DB" "SELECT $(jlen detail '$.key_sites_left') FROM audit_event WHERE action = 'person.leave' AND outcome = 'ok' ORDER BY seq DESC LIMIT 1")" = 3
expect_rc "the record's history shows the removal" 0 as clerk site show "$S3" --json
expect_out "the history line" '"detail": "孙普通（离岗）"'

# A departure takes the person off too (disabling an account: tests/api/sites.test.mjs).
check "an important person for the departure" new_account sysadmin 吴调出 --username away --department 办公室
check "away is granted" as secadmin org grant away --class important --roles staff --commitment 2026-01-05
expect_rc "away works at 档案室" 0 as clerk site staff "$S3" --add away
expect_rc "SITE-1: away departs" 0 as secadmin depart away --date 2026-12-01
check "SITE-1: a departed person is on no list" test "$(listed_of away)" = 0
check "SITE-1: the departure's audit event names the removal" \
	test "$(query "$DB" "SELECT $(jlen detail '$.key_sites_left') FROM audit_event WHERE action = 'person.depart' AND outcome = 'ok' ORDER BY seq DESC LIMIT 1")" = 1

check "the audit chain verifies" as auditor audit verify

done_testing
