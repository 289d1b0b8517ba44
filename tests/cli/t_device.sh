# tests/cli/t_device.sh — the device and media register (涉密设备与存储介质,
# DEV-1..7, KEEP-2; issue 10 point 3) through the real binary: registration,
# every refusal with its code, rule ID, zh+en message, exit status and nothing
# changed; raising a level, a hand-over, a repair, the DEV-3 flag, departure
# refused while a device is held, and scrapping from request to execution.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

check "fixture unit builds through the CLI" build_fixture
check "the supervising leader exists" add_leader

devices() { query "$DB" "SELECT count(*) || ':' || $(sql_concat "number || '/' || level || '/' || status || '/' || coalesce(holder_id, 0)" id) FROM device"; }
events() { query "$DB" "SELECT count(*) FROM device_event"; }

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule in both languages, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before_d before_e
	before_d=$(devices)
	before_e=$(events)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: no device changed" test "$(devices)" = "$before_d"
	check "$name: no history written" test "$(events)" = "$before_e"
}

# --- DEV-1: registration ---------------------------------------------------------
expect_rc "DEV-1: the clerk registers a 机密 computer for finance" 0 \
	as clerk device add --number JSJ-001 --kind computer --level 机密 --holder finance \
	--model ThinkCentre --serial SN001 --place 保密室 --json
expect_out "DEV-1: the holder is recorded" '"holder": "赵会计"'
expect_out "DEV-1: the label code" '"label": "baomi:device:1"'
expect_out "DEV-3: no password change recorded: due" '"password_due": true'
expect_rc "DEV-1: a USB stick for staff at 秘密" 0 \
	as clerk device add --number U-001 --kind usb --level 秘密 --holder staff
check "device.register is audited" test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='device.register' AND outcome='ok'")" = 2

refused "DEV-1: a number is required" 3 number_required DEV-1 \
	as clerk device add --kind usb --level 秘密 --holder staff
refused "DEV-1: one responsible person is required" 3 holder_required DEV-1 \
	as clerk device add --number U-009 --kind usb --level 秘密
refused "DEV-1: a number once" 6 number_taken "" \
	as clerk device add --number U-001 --kind usb --level 秘密 --holder staff
refused "DEV-1: only the clerk registers" 5 role_required DEV-1 \
	as staff device add --number U-009 --kind usb --level 秘密 --holder staff
refused "PERSON-1: the holder is cleared for the level" 5 holder_not_cleared PERSON-1 \
	as clerk device add --number U-009 --kind usb --level 机密 --holder staff
refused "PERSON-1: a temporary hire without a class holds no classified device" 5 holder_not_cleared PERSON-1 \
	as clerk device add --number U-009 --kind usb --level 秘密 --holder temp
refused "DEV-4: no 绝密 electronic content" 5 electronic_level DEV-4 \
	as clerk device add --number U-009 --kind usb --level 绝密 --holder clerk
refused "DEV-7: a printer has an operator" 3 operator_required DEV-7 \
	as clerk device add --number DY-001 --kind printer --level 秘密 --holder staff
refused "DEV-7: a classified fax needs encryption" 5 fax_encryption_required DEV-7 \
	as clerk device add --number CZ-001 --kind fax --level 秘密 --holder staff --operator staff
refused "DEV-7: 绝密 is never faxed" 5 fax_top_secret DEV-7 \
	as clerk device add --number CZ-001 --kind fax --level 绝密 --holder clerk --operator clerk --encrypted

# --- DEV-2: only raised ------------------------------------------------------------
refused "DEV-2: the USB stick is not lowered by the clerk" 5 device_level_down DEV-2 \
	as clerk device level 2 --level 内部
refused "DEV-2: nor by the leader" 5 device_level_down DEV-2 \
	as leader device level 2 --level 非密
refused "PERSON-1: raised above what its holder may know" 5 holder_not_cleared PERSON-1 \
	as clerk device level 2 --level 机密
expect_rc "KEEP-2: handed over to finance" 0 as clerk device assign 2 --holder finance --place 保密室
expect_rc "DEV-2: raised to 机密" 0 as clerk device level 2 --level 机密 --reason 存入机密文件
check "DEV-2: the level is 机密 (3)" test "$(query "$DB" "SELECT level FROM device WHERE id=2")" = 3

# --- DEV-5: repairs ----------------------------------------------------------------
refused "DEV-5: never repaired off site" 5 repair_off_site DEV-5 \
	as clerk device repair 1 --supervisor 张保密 --technician 王师傅 --storage removed --off-site
refused "DEV-5: storage removed first" 5 storage_not_removed DEV-5 \
	as clerk device repair 1 --supervisor 张保密 --technician 王师傅 --storage none
refused "DEV-5: a supervisor is named" 3 supervisor_required DEV-5 \
	as clerk device repair 1 --technician 王师傅 --storage removed
expect_rc "DEV-5: a repair on site, supervised, storage removed" 0 \
	as clerk device repair 1 --supervisor 张保密 --technician 王师傅 --company 某公司 --storage removed --json
expect_out "DEV-5: the repair is in the history" '"action": "device.repair"'

# --- DEV-3 ---------------------------------------------------------------------------
refused "DEV-3: a USB stick has no login" 3 no_login DEV-3 as clerk device password 2
expect_rc "DEV-3: finance records the password change of their computer" 0 as finance device password 1 --json
expect_out "DEV-3: no longer due" '"password_due": false'

# DEV-3 as an alert (the clerk's and the responsible person's), on the test clock.
at() { as_at "$@"; }
dev3_alerts() { grep -c '"code": "device_password_due' "$OUT"; }
expect_rc "DEV-3: finance records the change on 2026-12-01" 0 \
	at 2026-12-05T02:00:00Z finance device password 1 --date 2026-12-01
expect_rc "DEV-3: alerts on 2026-12-05" 0 at 2026-12-05T02:00:00Z clerk alerts --json
check "DEV-3: changed four days ago: no alert" test "$(dev3_alerts)" = 0
expect_rc "DEV-3: alerts on 2026-12-26 (due 12-31, within the 7-day notice)" 0 \
	at 2026-12-26T02:00:00Z clerk alerts --json
expect_out "DEV-3: the clerk is warned" '"code": "device_password_due_soon"'
expect_out "DEV-3: the alert names its rule" '"rule": "DEV-3"'
expect_out "DEV-3: …and the computer" '"device_id": 1'
expect_out "DEV-3: …and its due day" '"due": "2026-12-31"'
expect_rc "DEV-3: alerts on 2027-01-02, overdue" 0 at 2027-01-02T02:00:00Z clerk alerts --json
expect_out "DEV-3: overdue for the clerk" '"code": "device_password_due",'
expect_out "DEV-3: two days overdue" '"days_overdue": 2'
expect_rc "DEV-3: the responsible person's alerts" 0 at 2027-01-02T02:00:00Z finance alerts --json
expect_out "DEV-3: finance is told of their computer" '"code": "device_password_due",'
expect_rc "DEV-3: staff's alerts" 0 at 2027-01-02T02:00:00Z staff alerts --json
check "DEV-3: staff holds no computer: no DEV-3 alert" test "$(dev3_alerts)" = 0
expect_rc "DEV-3: the text alert names the rule" 0 at 2027-01-02T02:00:00Z clerk alerts
expect_out "DEV-3: the computer's number in the text" 'JSJ-001.*DEV-3'
expect_rc "DEV-3: finance changes the password on 2027-01-02" 0 \
	at 2027-01-02T02:00:00Z finance device password 1
expect_rc "DEV-3: alerts after the change" 0 at 2027-01-02T02:00:00Z clerk alerts --json
check "DEV-3: the alert is gone" test "$(dev3_alerts)" = 0

# --- KEEP-2: departure --------------------------------------------------------------
run as secadmin depart finance --date 2026-12-01
check "KEEP-2: finance cannot leave holding devices" test "$RC" -ne 0
expect_err "KEEP-2: the refusal names the rule" '\[KEEP-2\]'

# --- DEV-6: scrapping ---------------------------------------------------------------
R=$(as clerk request new scrap --reason 损坏 --param device_id=2 --param method=physical --json |
	grep -m1 -oE '"id": [0-9]+' | grep -oE '[0-9]+$')
check "DEV-6: a scrap request is filed" test -n "$R"
refused "DEV-6: not before approval" 5 not_approved DEV-6 \
	as clerk device scrap 2 --request "$R" --witness staff --witness finance
expect_rc "DEV-6: the leader approves" 0 as leader approve "$R" --comment 同意
refused "DESTROY-2: two witnesses" 5 witnesses_required DESTROY-2 \
	as clerk device scrap 2 --request "$R" --witness staff
refused "DESTROY-2: the requester is no witness" 5 requester_witness DESTROY-2 \
	as clerk device scrap 2 --request "$R" --witness staff --witness clerk
# REG-1 (issue 14 point 5): each witness confirms with their own password.
refused "DESTROY-2: witnesses only named did not confirm" 3 holder_confirmation_required DESTROY-2 \
	as clerk device scrap 2 --request "$R" --witness staff --witness leader
staff_witness_as() { BAOMI_WITNESS1_PASSWORD="$(password_of staff)" baomi_as "$@"; }
refused "DESTROY-2: paper for a witness with an account" 3 holder_password_required DESTROY-2 \
	staff_witness_as clerk device scrap 2 --request "$R" --witness staff --paper-witness leader
wrong_witness_as() { BAOMI_WITNESS1_PASSWORD="$(password_of staff)" BAOMI_WITNESS2_PASSWORD=Wrong@pass1 baomi_as "$@"; }
fails=$(query "$DB" "SELECT count(*) FROM login_failure WHERE username='leader'")
refused "DESTROY-2: a witness's wrong password" 5 holder_password_wrong DESTROY-2 \
	wrong_witness_as clerk device scrap 2 --request "$R" --witness staff --witness leader
check "SYS-4: the wrong password counts towards the witness's lockout" \
	test "$(query "$DB" "SELECT count(*) FROM login_failure WHERE username='leader'")" = $((fails + 1))
refused "DESTROY-2: the same person twice is one witness" 5 witnesses_required DESTROY-2 \
	witnesses_as leader leader clerk device scrap 2 --request "$R" --witness leader --witness leader
check "DEV-6: not scrapped by any refusal" test "$(query "$DB" "SELECT status FROM device WHERE id=2")" != scrapped
expect_rc "DEV-6: scrapped with two witnesses" 0 \
	witnesses_as staff leader clerk device scrap 2 --request "$R" --witness staff --witness leader
check "DEV-6: the device stays in the register, scrapped" test "$(query "$DB" "SELECT status FROM device WHERE id=2")" = scrapped
check "REG-1: how each witness confirmed is kept" test "$(query "$DB" "SELECT $(sql_json detail witness_receipts) FROM device_event WHERE device_id=2 ORDER BY id DESC LIMIT 1")" = '["password","password"]'
check "DEV-6: the request is executed" test "$(query "$DB" "SELECT status FROM request WHERE id=$R")" = executed
refused "DEV-6: a scrapped device changes no more" 6 device_scrapped DEV-6 \
	as clerk device level 2 --level 机密

expect_rc "the register lists both devices" 0 as clerk device list
expect_out "the register shows the scrapped stick" 'U-001 .*scrapped'

done_testing
