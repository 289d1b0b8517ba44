# tests/cli/t_device_count.sh — devices counted like carriers (清查, INV-3/INV-4,
# issue 10 point 3) and the device's hand-over, repair and level through the
# real binary: a count covers the scope's devices; a scanned "baomi:device:N"
# ticks one; the preview lists the devices not yet found; the close flags a
# device not found `missing`, in its history and on the count's one incident.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

check "fixture unit builds through the CLI" build_fixture
check "the supervising leader exists" add_leader

incidents() { query "$DB" "SELECT count(*) FROM incident"; }
dstatus() { query "$DB" "SELECT status FROM device WHERE id=$1"; }

expect_rc "a computer for finance" 0 as clerk device add --number JSJ-001 --kind computer --level 秘密 --holder finance
expect_rc "a USB stick for staff" 0 as clerk device add --number U-001 --kind usb --level 内部 --holder staff
expect_rc "a USB stick for the clerk" 0 as clerk device add --number U-002 --kind usb --level 秘密 --holder clerk
C=$(as clerk carrier register --json --title 清查样本 --level 秘密 --place 保密室 --scope 办公室 | jq -r .id)
check "a carrier in store" test -n "$C"

# --- the unit's count covers the devices -------------------------------------------
expect_rc "INV-1: the clerk starts a unit count" 0 as clerk count start --scope unit --json
S=$(grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$')
expect_rc "INV-3: the scanner reads a carrier label and a device label" 0 \
	as clerk count tick "$S" "baomi:carrier:$C" baomi:device:1 --json
expect_out "the device tick is reported" '"devices": \['
check "the device tick is stored" test "$(query "$DB" "SELECT $(sql_concat device_id device_id) FROM count_device_item WHERE session_id=$S")" = 1
expect_rc "INV-3: a device's label ticks it in text mode too" 0 as clerk count tick "$S" baomi:device:99 --note 无此设备
expect_out "the text says a device was ticked" 'ticked device: 99'
# A repeated scan of a device counts once, like a carrier's (issue 14 point 6): the first
# tick's time stays, a plain rescan keeps the note, a rescan with a note is the clerk's word.
first=$(query "$DB" "SELECT at FROM count_device_item WHERE session_id=$S AND device_id=99")
later=$(date -u -d '+1 hour' +%Y-%m-%dT%H:%M:%SZ)
BAOMI_NOW=$later expect_rc "INV-3: the device scanned again an hour later" 0 as clerk count tick "$S" baomi:device:99
expect_out "the text says it was scanned again" 'device scanned again: 99'
expect_err "a warning names the first tick's time" "设备 99 已于 $first 清点过，本次不重复计数"
check "the repeated scan is one tick" test "$(query "$DB" "SELECT count(*) FROM count_device_item WHERE session_id=$S AND device_id=99")" = 1
check "the first tick's time stays" test "$(query "$DB" "SELECT at FROM count_device_item WHERE session_id=$S AND device_id=99")" = "$first"
check "a plain rescan keeps the note" test "$(query "$DB" "SELECT note FROM count_device_item WHERE session_id=$S AND device_id=99")" = 无此设备
BAOMI_NOW=$later expect_rc "a rescan with a note" 0 as clerk count tick "$S" baomi:device:99 --note 外单位设备 --json
check "the JSON names the repeat with the first tick's time" test "$(jq -c '.repeats' "$OUT")" = "[{\"device_id\":99,\"first_ticked_at\":\"$first\"}]"
check "the note is the clerk's latest word" test "$(query "$DB" "SELECT note FROM count_device_item WHERE session_id=$S AND device_id=99")" = 外单位设备
check "…and the time is still the first tick's" test "$(query "$DB" "SELECT at FROM count_device_item WHERE session_id=$S AND device_id=99")" = "$first"
before=$(query "$DB" "SELECT count(*) FROM count_device_item")
expect_rc "INV-3: a device is never incomplete" 3 as clerk count tick "$S" baomi:device:2 --incomplete
expect_err "the refusal names device_incomplete" 'device_incomplete'
expect_err "the refusal names INV-3" '\[INV-3\]'
check "nothing was ticked" test "$(query "$DB" "SELECT count(*) FROM count_device_item")" = "$before"
expect_rc "INV-3: staff cannot tick a device" 5 as staff count tick "$S" baomi:device:2
check "still nothing ticked" test "$(query "$DB" "SELECT count(*) FROM count_device_item")" = "$before"

expect_rc "the preview lists the devices" 0 as clerk count show "$S" --json
expect_out "the preview counts three devices expected" '"expected": 3'
check "the preview lists U-001 and U-002 not yet found" \
	test "$(grep -c '"number": "U-00[12]"' "$OUT")" = 2
expect_out "…and the unexpected tick" '设备台账中没有此编号'
expect_out "the preview is not accounted" '"accounted": false'
check "the preview changed no device" test "$(dstatus 2)" = in_use
expect_rc "the text preview names the missing device" 0 as clerk count show "$S"
expect_out "U-002 is listed missing" '缺失 missing U-002'

# --- the close -----------------------------------------------------------------------
inc0=$(incidents)
expect_rc "INV-3: the close" 0 as clerk count close "$S" $(count_confirm "$S") --json
expect_out "two devices missing" '"missing": 2,'
check "INV-4: U-001 is flagged missing" test "$(dstatus 2)" = missing
check "INV-4: U-002 is flagged missing" test "$(dstatus 3)" = missing
check "the found computer stays in use" test "$(dstatus 1)" = in_use
check "INV-4: ONE incident for the count" test "$(incidents)" = $((inc0 + 1))
INC=$(query "$DB" "SELECT max(id) FROM incident")
check "INC-1: its quantity counts the two devices" \
	test "$(query "$DB" "SELECT $(sql_json detail quantity) || '/' || $(sql_json detail devices) || '/' || $(sql_json detail count_id) FROM incident WHERE id=$INC")" = "2/2/$S"
check "INC-1: the form names the USB sticks" \
	test "$(query "$DB" "SELECT $(sql_json detail form) FROM incident WHERE id=$INC")" = usb
check "each missing device's line names the incident" \
	test "$(query "$DB" "SELECT $(sql_concat incident_id device_id) FROM count_device_line WHERE session_id=$S AND list='missing'")" = "$INC,$INC"
check "the device history records count.missing with the incident" \
	test "$(query "$DB" "SELECT count(*) FROM device_event WHERE action='count.missing' AND CAST($(sql_json detail incident_id) AS INTEGER)=$INC")" = 2
check "the unexpected tick is stored with its reason" \
	test "$(query "$DB" "SELECT place FROM count_device_line WHERE session_id=$S AND list='unexpected'")" = unknown
expect_rc "the device's page shows the history" 0 as clerk device show 2 --json
expect_out "U-001 history: count.missing" '"action": "count.missing"'
expect_out "U-001 status missing" '"status": "missing"'
expect_rc "the closed count is read back with its devices" 0 as clerk count show "$S" --json
expect_out "the stored device lines" '"incident_id": '"$INC"
expect_out "the count is not accounted" '"accounted": false'
check "the audit event counts the devices" \
	test "$(query "$DB" "SELECT $(sql_json detail devices.missing) FROM audit_event WHERE action='count.close' ORDER BY seq DESC LIMIT 1")" = 2

# --- KEEP-2: a missing device still blocks leaving ----------------------------------
run as secadmin depart staff --date 2026-12-01
check "KEEP-2: staff cannot leave, a missing device still held" test "$RC" -ne 0
expect_err "KEEP-2: devices_held" 'devices_held'

# --- a later count: found again, or still missing on the same incident --------------
expect_rc "a custodian count of the clerk" 0 as clerk count start --scope custodian:clerk --json
S2=$(grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$')
expect_rc "the preview of the clerk's count" 0 as clerk count show "$S2" --json
expect_out "only the clerk's device is expected" '"expected": 1'
expect_out "its earlier incident is named" '"incident_id": '"$INC"
expect_rc "U-002 (and the clerk's carrier) found" 0 as clerk count tick "$S2" baomi:device:3 "$C"
expect_rc "the close" 0 as clerk count close "$S2" $(count_confirm "$S2")
expect_out "accounted" '件件有着落'
check "U-002 is back in use" test "$(dstatus 3)" = in_use
check "its history records count.found" test "$(query "$DB" "SELECT count(*) FROM device_event WHERE device_id=3 AND action='count.found'")" = 1
check "no incident opened" test "$(incidents)" = $((inc0 + 1))
expect_rc "a unit count again" 0 as clerk count start --scope unit --json
S3=$(grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$')
expect_rc "everything but U-001 is found" 0 as clerk count tick "$S3" "baomi:carrier:$C" baomi:device:1 baomi:device:3
expect_rc "the close" 0 as clerk count close "$S3" $(count_confirm "$S3") --json
check "U-001 still missing: no new incident" test "$(incidents)" = $((inc0 + 1))
check "its line keeps the open incident" \
	test "$(query "$DB" "SELECT incident_id FROM count_device_line WHERE session_id=$S3 AND list='missing'")" = "$INC"
check "…and no second count.missing event" \
	test "$(query "$DB" "SELECT count(*) FROM device_event WHERE device_id=2 AND action='count.missing'")" = 1

# --- DEV-5: a repair in two steps ---------------------------------------------------
devstate() { query "$DB" "SELECT status || '/' || (SELECT count(*) FROM device_event WHERE device_id=$1) FROM device WHERE id=$1"; }
# refused NAME RC CODE RULE CMD...: refused with CODE under RULE; device 1 unchanged.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 before
	shift 4
	before=$(devstate 1)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	expect_err "$name: names rule $rule" "\\[$rule\\]"
	check "$name: nothing changed" test "$(devstate 1)" = "$before"
}
expect_rc "DEV-5: the repair starts" 0 \
	as clerk device repair 1 --supervisor 张保密 --technician 王师傅 --storage removed --fault 电源 --json
expect_out "DEV-5: the status is repair" '"status": "repair"'
check "DEV-5: the start is in the history" test "$(query "$DB" "SELECT action FROM device_event WHERE device_id=1 ORDER BY id DESC LIMIT 1")" = device.repair
before=$(devstate 1)
expect_rc "DEV-5: one repair at a time" 6 \
	as clerk device repair 1 --supervisor 张保密 --technician 王师傅 --storage removed
expect_err "DEV-5: repair_open" 'repair_open'
expect_err "DEV-5: names the rule" '\[DEV-5\]'
check "DEV-5: nothing changed" test "$(devstate 1)" = "$before"
expect_rc "DEV-5: the end names who checked it" 3 as clerk device repair-end 1 --result 已修复
expect_err "DEV-5: check_required" 'check_required'
expect_err "DEV-5: names the rule" '\[DEV-5\]'
check "DEV-5: still under repair" test "$(devstate 1)" = "$before"
expect_rc "DEV-5: staff cannot end it" 5 as staff device repair-end 1 --checked-by finance
check "DEV-5: still under repair" test "$(devstate 1)" = "$before"
# REG-1 (issue 14 point 5): the 验收人 confirms with their own password.
refused "DEV-5: a 验收人 only named did not confirm" 3 holder_confirmation_required DEV-5 \
	as clerk device repair-end 1 --checked-by finance
check "DEV-5: still under repair" test "$(devstate 1)" = "$before"
refused "DEV-5: paper for a 验收人 with an account" 3 holder_password_required DEV-5 \
	as clerk device repair-end 1 --checked-by finance --checked-by-paper
wrong_acceptor_as() { BAOMI_CHECKED_BY_PASSWORD=Wrong@pass1 baomi_as "$@"; }
fails=$(query "$DB" "SELECT count(*) FROM login_failure WHERE username='finance'")
refused "DEV-5: the 验收人's wrong password" 5 holder_password_wrong DEV-5 \
	wrong_acceptor_as clerk device repair-end 1 --checked-by finance
check "DEV-5: still under repair" test "$(devstate 1)" = "$before"
check "SYS-4: the wrong password counts towards the 验收人's lockout" \
	test "$(query "$DB" "SELECT count(*) FROM login_failure WHERE username='finance'")" = $((fails + 1))
expect_rc "DEV-5: the repair ends, checked" 0 acceptor_as finance clerk device repair-end 1 --checked-by finance --result 更换电源，存储部件已复装 --json
expect_out "DEV-5: back in use" '"status": "in_use"'
expect_out "DEV-5: the end is in the history" '"action": "device.repair_end"'
expect_out "REG-1: the 验收人 confirmed with their own password" '"checked_by_receipt": "password"'
expect_rc "DEV-5: the repair register" 0 as clerk device repairs --json
expect_out "REG-1: the register says how the 验收人 confirmed" '"acceptance": "本人口令确认 '
expect_rc "DEV-5: the repair register as CSV" 0 as clerk device repairs --format csv
expect_out "REG-1: 验收人签字 is a column, left for the pen" '验收确认,验收人签字'
expect_out "REG-1: the row's 验收人签字 cell is blank" '本人口令确认 [0-9: -]*,.?$'
check "DEV-5: repair_end is audited" test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='device.repair_end' AND outcome='ok'")" = 1
before=$(devstate 1)
expect_rc "DEV-5: no repair open to end" 6 as clerk device repair-end 1 --checked-by finance
expect_err "DEV-5: no_repair_open" 'no_repair_open'
check "DEV-5: nothing changed" test "$(devstate 1)" = "$before"
before=$(devstate 2)
expect_rc "DEV-5: a missing device is not repaired" 6 \
	as clerk device repair 2 --supervisor 张保密 --technician 王师傅 --storage removed
expect_err "DEV-5: device_missing" 'device_missing'
check "DEV-5: nothing changed" test "$(devstate 2)" = "$before"

# --- DEV-2 / LEVEL-4: a medium linked to its carrier ---------------------------------
M=$(as clerk carrier register --json --title 存储介质 --kind usb --level 秘密 --place 一号保密柜 --scope 办公室 | jq -r .id)
check "a USB carrier in the ledger" test -n "$M"
expect_rc "the USB stick registered against its carrier" 0 \
	as clerk device add --number U-LINK --kind usb --level 秘密 --holder clerk --carrier "$M" --json
L=$(jq -r .id <"$OUT")
before=$(devstate "$L")
expect_rc "LEVEL-4: the linked medium is not raised above its carrier by the clerk" 5 \
	as clerk device level "$L" --level 机密 --reason 存入机密文件
expect_err "LEVEL-4: carrier_level_change_required" 'carrier_level_change_required'
expect_err "LEVEL-4: names the rule" '\[LEVEL-4\]'
expect_err "LEVEL-4: says the carrier's level changes first" '定密责任人'
check "LEVEL-4: the device is unchanged" test "$(devstate "$L")" = "$before"
check "LEVEL-4: the carrier is unchanged" test "$(query "$DB" "SELECT level FROM carrier WHERE id=$M")" = 2
expect_rc "DEV-2: an unlinked stick still rises" 0 as clerk device level 3 --level 机密

# --- DEV-2: the linked medium follows its carrier's approved raise ------------------
check "the classification authority exists" add_classifier
# carrier_change ID TO: the clerk proposes the level change, the authority approves and executes.
carrier_change() {
	local out r
	out=$(as clerk request new level_change --carrier "$1" --reason 定期审核 --param to_level="$2" \
		--param basis=保密事项一览表第9条 --json) || {
		printf '%s\n' "$out"
		return 1
	}
	r=$(printf '%s\n' "$out" | grep -m1 -oE '"id": [0-9]+' | grep -oE '[0-9]+$') || return 1
	as classifier approve "$r" --comment 同意 >/dev/null || return 1
	as classifier execute level-change "$r"
}
dlevel() { query "$DB" "SELECT level FROM device WHERE id=$1"; }
clevel() { query "$DB" "SELECT level FROM carrier WHERE id=$1"; }
check "DEV-2: the carrier is raised 秘密 → 机密 through its approved level change" carrier_change "$M" 机密
check "DEV-2: the carrier reads 机密" test "$(clevel "$M")" = 3
check "DEV-2: the linked device follows to 机密" test "$(dlevel "$L")" = 3
check "DEV-2: the device's history names the carrier and the level change" \
	test "$(query "$DB" "SELECT $(sql_json detail carrier_id) || ',' || $(sql_json detail from) || ',' || $(sql_json detail to) || ',' || CAST(CAST($(sql_json detail level_change_id) AS INTEGER) = (SELECT max(id) FROM level_change WHERE carrier_id=$M) AS INTEGER) FROM device_event WHERE device_id=$L AND action='device.level_follow_carrier'")" = "$M,confidential,secret,1"
check "DEV-2: the level change's audit event lists the device" \
	test "$(query "$DB" "SELECT $(sql_json detail 'changes[0].device_ids[0]') FROM audit_event WHERE action='request.execute_level_change' AND outcome='ok' ORDER BY seq DESC LIMIT 1")" = "$L"
expect_rc "DEV-2: the device shows 机密" 0 as clerk device show "$L" --json
expect_out "DEV-2: the history line is shown" '"action": "device.level_follow_carrier"'
before=$(devstate "$L")
# The carrier is a medium too (DEV-1): its own lowering is refused (DEV-2), the device stays.
run carrier_change "$M" 秘密
check "DEV-2: the carrier, a medium, is not lowered" test "$RC" -ne 0
check "DEV-2: the refusal names the rule" grep -q "DEV-2" "$OUT" "$ERR"
check "DEV-2: the carrier stays 机密" test "$(clevel "$M")" = 3
check "DEV-2: the device stays at 机密 (a medium never goes down)" test "$(dlevel "$L")" = 3
check "DEV-2: and gets no history line" test "$(devstate "$L")" = "$before"
cbefore=$(query "$DB" "SELECT level || '/' || (SELECT count(*) FROM level_change WHERE carrier_id=$M) FROM carrier WHERE id=$M")
run as clerk request new level_change --carrier "$M" --reason 定期审核 --param to_level=绝密 \
	--param basis=保密事项一览表第9条 --json
check "DEV-4: electronic media are not raised to 绝密" test "$RC" -ne 0
check "DEV-4: names the rule" grep -q 'DEV-4' "$OUT" "$ERR"
check "DEV-4: the carrier is unchanged" test "$(query "$DB" "SELECT level || '/' || (SELECT count(*) FROM level_change WHERE carrier_id=$M) FROM carrier WHERE id=$M")" = "$cbefore"
check "DEV-4: the device is unchanged" test "$(devstate "$L")/$(dlevel "$L")" = "$before/3"

# --- KEEP-2: the hand-over takes the devices to the successor -----------------------
before=$(query "$DB" "SELECT $(sql_concat holder_id id) FROM device")
run sides_as finance temp clerk handover finance temp
check "PERSON-1/3: a temporary hire takes no classified device" test "$RC" -ne 0
expect_err "PERSON-1/3: the refusal names the rule" '\[PERSON-[13]\]'
check "PERSON-1/3: no device changed hands" test "$(query "$DB" "SELECT $(sql_concat holder_id id) FROM device")" = "$before"
STAFF=$(query "$DB" "SELECT id FROM person WHERE username='staff'")
FIN=$(query "$DB" "SELECT id FROM person WHERE username='finance'")
expect_rc "KEEP-2: staff hands over to finance" 0 \
	sides_as staff finance clerk handover staff finance --json
check "KEEP-2: staff's stick is finance's" test "$(query "$DB" "SELECT holder_id FROM device WHERE id=2")" = "$FIN"
check "KEEP-2: the stick's history names the hand-over" \
	test "$(query "$DB" "SELECT $(sql_json detail from_holder_id) FROM device_event WHERE device_id=2 AND action='device.handover'")" = "$STAFF"
check "KEEP-2: the audited hand-over lists the device" \
	test "$(query "$DB" "SELECT $(sql_json detail 'device_ids[0]') FROM audit_event WHERE action='custody.handover' AND outcome='ok' ORDER BY seq DESC LIMIT 1")" = 2
HO=$(jq -r .id "$OUT")
check "KEEP-2: the kept list holds the stick as handed over (migration 47)" \
	test "$(query "$DB" "SELECT device_id || '/' || number FROM handover_device WHERE handover_id=$HO")" = "2/$(query "$DB" "SELECT number FROM device WHERE id=2")"
expect_rc "KEEP-2: the list reprints with its device" 0 as clerk handover show "$HO" --json
check "KEEP-2: the device on the reprinted list" jq -e '.device_items[0].device_id == 2 and .devices == 1' "$OUT"
run as secadmin depart staff --date 2026-12-01
check "KEEP-2: staff's departure is no longer refused for devices" test -z "$(grep devices_held "$ERR")"

# --- DEV-5 with REG-1: the repair register over several devices ----------------------
# Three computers registered out of their numbers' order, each repaired more than once,
# the repairs interleaved in time, the last left open: the register lists one row a
# repair, by the device's number, each device's repairs in the order they happened, a
# repair's end on its own start's row; a holder's register only their own devices'.
wx() { as clerk device add --number "$1" --kind computer --level 内部 --holder clerk --json | jq -r .id; }
WB=$(wx WX-B) WA=$(wx WX-A) WC=$(wx WX-C)
check "three more computers" test -n "$WB" -a -n "$WA" -a -n "$WC"
rstart() { as clerk device repair "$1" --supervisor 张保密 --technician "$2" --storage "$3" --fault "$4" >/dev/null; }
rend() { acceptor_as finance clerk device repair-end "$1" --checked-by finance --result "$2" >/dev/null; }
check "DEV-5: the interleaved repairs are recorded" eval '
	rstart $WB 甲 removed 甲一 && rstart $WA 乙 degaussed 乙一 && rend $WB 甲一修复 &&
	rend $WA 乙一修复 && rstart $WB 甲 degaussed 甲二 && rstart $WC 丙 removed 丙一 &&
	rstart $WA 乙 removed 乙二 && rend $WC 丙一修复 && rend $WA 乙二修复 &&
	rend $WB 甲二修复 && rstart $WC 丙 removed 丙二'
register() {
	as "$1" device repairs --json | jq -r '.repairs[] | [.number, .status, .fault, .technician,
		.storage_zh, (.checked_by // "-"), (.checked_by_receipt // "-"), (.result // "-")] | join("|")'
}
check "REG-1: the register's rows, by number, each device's repairs in order" \
	test "$(register clerk)" = "JSJ-001|ended|电源|王师傅|已拆除|赵会计|password|更换电源，存储部件已复装
WX-A|ended|乙一|乙|已消磁|赵会计|password|乙一修复
WX-A|ended|乙二|乙|已拆除|赵会计|password|乙二修复
WX-B|ended|甲一|甲|已拆除|赵会计|password|甲一修复
WX-B|ended|甲二|甲|已消磁|赵会计|password|甲二修复
WX-C|ended|丙一|丙|已拆除|赵会计|password|丙一修复
WX-C|open|丙二|丙|已拆除|-|-|-"
check "DEV-5: a holder's register, their own devices' repairs only" \
	test "$(register finance)" = "JSJ-001|ended|电源|王师傅|已拆除|赵会计|password|更换电源，存储部件已复装"

done_testing
