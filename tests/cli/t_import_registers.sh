# tests/cli/t_import_registers.sh — `baomi import devices FILE` and `baomi
# import people FILE` (issue 15 point 1): a 涉密设备台账 and a 涉密人员登记表
# read by their Chinese headers, each row through the register's own rules
# (DEV-1/4/6/7, PERSON-1/2/3, SYS-1), a dry run that writes nothing but its
# own audit event, a real run that imports all rows or none, each row's
# events carrying the file's name, the row's number and the row's SM3. An
# import of people never makes an account (SYS-1): rows without one are refused.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
check "fixture: a new person (an account, not yet in the register)" \
	new_account sysadmin 孔新人 --username newbie --department 办公室

jget() { jq -r "$1" "$OUT"; }
q() { query "$DB" "$1"; }
events() { q "SELECT count(*) FROM audit_event WHERE action <> 'login'"; }
devices() { q "SELECT count(*) || '/' || (SELECT count(*) FROM device_event) FROM device"; }
# The register of people as it stands: every person's columns and history.
people() {
	q "SELECT $(sql_concat "coalesce(person_class,'') || coalesce(vetted_on,'') || coalesce(vetting_result,'') ||
	   coalesce(cleared_on,'') || coalesce(commitment_signed_on,'') || coalesce(statement_on,'') ||
	   coalesce(post,'')" id '|') FROM (SELECT * FROM person ORDER BY id) p" && q "SELECT count(*) FROM person_event"
}
sm3() { openssl dgst -sm3 -r "$1" | cut -d' ' -f1; }
csv() { local f=$1; shift; printf '%s\r\n' "$@" >"$WORK/$f"; }

# --- devices -------------------------------------------------------------------
csv devices.csv '涉密设备台账,,,,,,,,,,' \
	'序号,设备编号,设备名称,设备类型,密级,品牌型号,序列号,责任人,使用地点,启用日期,状态' \
	'1,ＢＭ-PC-101,财务科台式机,台式机,机密,联想M720,SN001,赵会计,财务科,2024.5.6,在用' \
	'' \
	'2,BM-U-102,办公室U盘,优盘,秘密,朗科,SN002,李员工,办公室,2025年1月2日,在用'
csv devices_bad.csv '设备编号,设备类型,密级,责任人,操作员,状态' \
	'BM-U-201,U盘,秘密,李员工,,在用' \
	'BM-U-201,U盘,秘密,李员工,,在用' \
	'BM-PC-202,台式机,秘密,李员工,,报废' \
	'BM-U-203,U盘,机密,李员工,,在用' \
	'BM-X-204,一体机,秘密,李员工,,在用' \
	'BM-PR-205,打印机,秘密,李员工,,在用' \
	'BM-U-206,U盘,秘密,王不在,,在用'

d0=$(devices) e0=$(events)
expect_rc "devices: dry run of a good 台账" 0 as clerk import devices "$WORK/devices.csv" --dry-run --json
check "devices: the header is row 2 (the title row skipped), two rows (3 and 5)" \
	test "$(jget '.header_rows | join(",")')|$(jget '[.rows[].row] | join(",")')" = "2,2|3,5"
check "devices: the columns are recognised (设备编号 number, 设备类型 kind, 责任人 holder)" \
	test "$(jget '[.columns[] | .field // "-"] | join(",")')" = "-,number,name,kind,level,model,serial,holder,place,in_use_on,status"
check "devices: 台式机 is a computer, 优盘 a USB stick, the full-width number made ASCII" \
	test "$(jget '.rows[0].summary_en')|$(jget '.rows[1].summary_en')" = \
	"BM-PC-101 · classified computer · secret · held by 赵会计|BM-U-102 · USB stick · confidential · held by 李员工"
check "devices: a dry run writes no device" test "$(devices)" = "$d0"
check "SYS-3: the dry run is audited (device.import_dry_run: file, SM3, rows, result)" \
	test "$(q "SELECT actor || '|' || $(sql_json detail file) || '|' || $(sql_json detail sm3) || '|' || $(sql_json detail ok) FROM audit_event WHERE action = 'device.import_dry_run' ORDER BY seq DESC LIMIT 1")" \
	= "clerk|devices.csv|$(sm3 "$WORK/devices.csv")|2"
check "SYS-3: one event only" test "$(events)" = $((e0 + 1))

expect_rc "devices: a 台账 with refused rows, dry run (exit as the first refusal)" 6 \
	as clerk import devices "$WORK/devices_bad.csv" --dry-run --json
refusal() { jget ".rows[] | select(.row == $1) | (.error.rule // \"\") + \"|\" + .error.code"; }
check "devices: row 2 would import" test "$(jget '.rows[] | select(.row == 2) | .ok')" = true
check "DEV-1: a number twice in the file is refused (row 3 names row 2)" \
	test "$(refusal 3)|$(jget '.rows[] | select(.row == 3) | .error.message_en')" = \
	"DEV-1|number_taken|number 'BM-U-201' is the same as row 2's of the file (one number, one device)"
check "DEV-6: a scrapped device is not imported (its scrapping needs approval)" test "$(refusal 4)" = "DEV-6|import_not_in_use"
check "PERSON-1: a 机密 USB stick for a general-class holder is refused" test "$(refusal 5)" = "PERSON-1|holder_not_cleared"
check "一体机 is two kinds: refused, not guessed (naming the column)" \
	test "$(refusal 6)|$(jget '.rows[] | select(.row == 6) | .column')" = "|import_device_kind|设备类型"
check "DEV-7: a printer without an operator is refused" test "$(refusal 7 | cut -d'|' -f1)" = DEV-7
check "an unknown holder is refused" test "$(refusal 8 | cut -d'|' -f2)" = unknown_person
check "devices: the refused dry run wrote no device" test "$(devices)" = "$d0"
e1=$(events)
expect_rc "devices: a real run with refused rows imports nothing" 6 as clerk import devices "$WORK/devices_bad.csv"
check "all or none: no device written" test "$(devices)" = "$d0"
check "the refused import is audited once (device.import, refused, the first rule)" \
	test "$(events)|$(q "SELECT action || '|' || outcome || '|' || rule FROM audit_event ORDER BY seq DESC LIMIT 1")" = "$((e1 + 1))|device.import|refused|DEV-1"
expect_rc "DEV-1: only the clerk imports devices (staff refused)" 5 \
	as staff import devices "$WORK/devices.csv" --dry-run
expect_err "DEV-1 named" 'DEV-1'
expect_rc "SYS-1: nor an administrator (they handle no carriers or devices)" 5 \
	as secadmin import devices "$WORK/devices.csv" --dry-run
expect_err "SYS-1 named" 'SYS-1'

expect_rc "devices: the good 台账 imports" 0 as clerk import devices "$WORK/devices.csv" --json
check "devices: imported, two devices" test "$(jget .imported)|$(q 'SELECT count(*) FROM device')" = "true|$((${d0%/*} + 2))"
id=$(jget '.rows[0].id')
expect_rc "the imported device shows" 0 as clerk device show "$id" --json
check "the device: number, kind, level, holder, place, model, serial as the 台账 says" \
	test "$(jq -r '[.number, .kind, .level, .holder, .place, .model, .serial] | join("|")' "$OUT")" = \
	"BM-PC-101|computer|secret|赵会计|财务科|联想M720|SN001"
check "the device's name and 启用日期 are kept in its note" \
	test "$(jq -r '.note' "$OUT")" = "设备名称：财务科台式机；启用日期：2024-05-06"
check "SYS-3: each device's device.register event carries the file, row, row SM3 and file SM3" \
	test "$(q "SELECT $(sql_concat "$(sql_json detail import_row) || ':' || length($(sql_json detail import_row_sm3)) || ':' || (CASE WHEN $(sql_json detail import_sm3) = '$(sm3 "$WORK/devices.csv")' THEN 1 ELSE 0 END)" seq) FROM (SELECT seq, detail FROM audit_event WHERE action = 'device.register' AND $(sql_json detail import_file) = 'devices.csv' ORDER BY seq) e")" = "3:64:1,5:64:1"
check "SYS-3: then one device.import event for the file" \
	test "$(q "SELECT $(sql_json detail rows) || '|' || $(sql_json detail ok) FROM audit_event WHERE action = 'device.import' AND outcome = 'ok'")" = "2|2"
d1=$(devices)
expect_rc "DEV-1: the same 台账 again is refused (numbers registered)" 6 as clerk import devices "$WORK/devices.csv"
expect_err "DEV-1 number_taken" 'DEV-1.*number_taken|number_taken.*DEV-1'
check "nothing imported the second time" test "$(devices)" = "$d1"

# --- people ---------------------------------------------------------------------
csv people.csv '涉密人员登记表,,,,,,,,,,' \
	'序号,姓名,性别,部门,职务,涉密等级,审查日期,审查结论,保密承诺书签订日期,培训情况,备注' \
	'1,孔新人,男,办公室,科员,重要,2026-02-20,通过,2026-02-26,已培训,政审合格' \
	'2,李员工,女,办公室,文书,,2026.2.1,合格,2026年2月3日,,'
csv people_bad.csv '姓名,部门,职务,涉密等级,审查日期,审查结论,保密承诺书签订日期' \
	'王不在,办公室,科员,一般,2026-02-01,通过,2026-02-02' \
	'钱临时,办公室,司机,一般,2026-02-01,通过,2026-02-02' \
	'李员工,财务科,文书,,2026-02-01,通过,2026-02-02' \
	'赵会计,财务科,会计,,2026-02-01,,2026-02-02' \
	'孔新人,办公室,科员,重要,2026-02-20,通过,2026-02-26' \
	'张保密,办公室,保密员,,2026-04-01,通过,'
p0=$(people) e0=$(events)
expect_rc "people: a 登记表 with refused rows, dry run (exit as the first refusal, 4)" 4 as secadmin import people "$WORK/people_bad.csv" --dry-run --json
check "SYS-1: a person without an account is refused; the import makes none" \
	test "$(refusal 2)" = "SYS-1|import_no_account"
check "SYS-1: the refusal says the administrators make accounts" \
	grep -q 'an import makes no account; the system administrator creates it' "$OUT"
check "PERSON-3: a temporary hire is not cleared" test "$(refusal 3)" = "PERSON-3|temporary_hire"
check "SYS-1: a department that is not the account's is refused" test "$(refusal 4)" = "SYS-1|import_department_differs"
check "a vetting date without its result is refused, not taken as passed (naming the column)" \
	test "$(refusal 5)|$(jget '.rows[] | select(.row == 5) | .column')" = "|import_vetting|审查日期"
check "PERSON-2: not cleared before training is recorded" test "$(refusal 6)" = "PERSON-2|not_trained"
check "PERSON-2: a vetting dated in the future" test "$(refusal 7)" = "PERSON-2|date_in_future"
check "people: the dry run changed nothing in the register" test "$(people)" = "$p0"
check "SYS-3: the dry run is audited (person.import_dry_run)" \
	test "$(events)|$(q "SELECT action || '|' || $(sql_json detail refused) FROM audit_event ORDER BY seq DESC LIMIT 1")" = "$((e0 + 1))|person.import_dry_run|6"
expect_rc "people: a real run with refused rows imports nothing" 4 as secadmin import people "$WORK/people_bad.csv"
check "all or none: the register unchanged" test "$(people)" = "$p0"
expect_rc "PERSON-2: the clerk does not import the register of people" 5 \
	as clerk import people "$WORK/people.csv" --dry-run
expect_err "PERSON-2 named" 'PERSON-2'

# Training is recorded per session (PERSON-6), by the clerk, before the clearance.
expect_rc "PERSON-6: the clerk records a session" 0 \
	as clerk training add --on 2026-02-25 --topic 保密法规 --hours 2 --trainer 张保密
expect_rc "PERSON-6: newbie attends" 0 as clerk training attend 1 newbie
expect_rc "PERSON-6: the sheet signed" 0 as clerk training sign 1
expect_rc "people: dry run of the good 登记表" 0 as secadmin import people "$WORK/people.csv" --dry-run --json
check "people: both rows would import, with what each records" \
	test "$(jget .ok)|$(jget '.rows[0].summary_en')" = \
	"2|孔新人 (newbie); vetted 2026-02-20 pass; post 科员; commitment 2026-02-26; cleared important 2026-03-02"
check "people: 2026.2.1 and 2026年2月3日 read as dates" \
	test "$(jget '.rows[1].summary_en')" = "李员工 (staff); vetted 2026-02-01 pass; post 文书; commitment 2026-02-03"
check "people: 性别 and 培训情况 are recognised and not imported" \
	test "$(jget '[.columns[] | select(.field == null) | .heading] | join(",")')" = 序号,性别,培训情况
p1=$(people)
expect_rc "people: the good 登记表 imports" 0 as secadmin import people "$WORK/people.csv" --json
check "people: imported" test "$(jget .imported)|$(jget .ok)" = "true|2"
row4=$(jget '.rows[1].sm3')
expect_rc "the register shows newbie cleared as important, vetted, committed, on post" 0 \
	as secadmin person show newbie --json
check "newbie: class, stage, post, vetting" \
	test "$(jq -r '[.class, .stage, .post, .vetted_on, .vetting_result, .commitment_on] | join("|")' "$OUT")" = "important|cleared|科员|2026-02-20|pass|2026-02-26"
check "SYS-3: each step's event (person.vet, .post, .commit, .clear) carries the row's origin" \
	test "$(q "SELECT $(sql_concat "action || ':' || $(sql_json detail import_row)" seq) FROM (SELECT seq, action, detail FROM audit_event WHERE $(sql_json detail import_file) = 'people.csv' ORDER BY seq) e")" = \
	"person.vet:3,person.post:3,person.commit:3,person.clear:3,person.vet:4,person.post:4,person.commit:4"
check "SYS-3: the row SM3 in the events is the reported one" \
	test "$(q "SELECT DISTINCT $(sql_json detail import_row_sm3) FROM audit_event WHERE $(sql_json detail import_file) = 'people.csv' AND CAST($(sql_json detail import_row) AS INTEGER) = 4")" = "$row4"
check "SYS-1: no account was made by the import" test "$(q "SELECT count(*) FROM audit_event WHERE action IN ('person.add','account.create') AND seq > (SELECT max(seq) FROM audit_event WHERE action = 'person.import_dry_run')")" = 0
# The same 登记表 again: every fact is already on the register, so nothing is recorded
# twice (each person's history would otherwise hold every step twice).
p2=$(people) s2=$(q "SELECT count(*) FROM audit_event WHERE action IN ('person.vet','person.post','person.commit','person.clear')")
expect_rc "people: the same 登记表 again is accepted, recording nothing new" 0 \
	as secadmin import people "$WORK/people.csv" --json
check "each step is named as already recorded" \
	test "$(jget '.rows[0].summary_en')" = \
	"孔新人 (newbie); vetted 2026-02-20 pass (already recorded, not recorded again); post 科员 (already recorded, not recorded again); commitment 2026-02-26 (already recorded, not recorded again); cleared important 2026-03-02 (already recorded, not recorded again)"
check "nothing written the second time: register and history unchanged" test "$(people)" = "$p2"
check "no step event the second time" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action IN ('person.vet','person.post','person.commit','person.clear')")" = "$s2"
# A later 登记表 that changes one fact records that fact only.
csv people2.csv '姓名,部门,职务,涉密等级,审查日期,审查结论,保密承诺书签订日期' \
	'孔新人,办公室,秘书,重要,2026-02-20,通过,2026-02-26'
expect_rc "people: a changed post imports" 0 as secadmin import people "$WORK/people2.csv" --json
check "only the post is recorded" \
	test "$(q "SELECT $(sql_concat action seq) FROM (SELECT seq, action FROM audit_event WHERE $(sql_json detail import_file) = 'people2.csv' ORDER BY seq) e")" = "person.post"
check "the post changed" test "$(q "SELECT post FROM person WHERE name = '孔新人'")" = 秘书
run "$BAOMI" check --db "$DB"
check "SYS-3: the audit chain is intact" grep -q 'audit chain intact' "$OUT"
check "SYS-3: every imported device matches the chain" test -z "$(grep -E 'device:[0-9]' "$OUT")"

done_testing
