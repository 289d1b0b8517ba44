# tests/cli/t_devlabel.sh — a device's label recorded as affixed (DEV-1; issue
# 11 point 5: INSP-4's "devices unlabelled" counts what is recorded) and the
# self-assessment's items it feeds, with the open rectifications (INSP-2),
# through the real binary: who may record it (the clerk, the device's holder),
# when (not ahead), once while current, out of date after a hand-over or a
# level raise, never for a scrapped device; every refusal with its exit code,
# code and rule ID, and nothing changed; the checklist's device, label and
# rectification items with their counts and ids (overdue ones called out).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

jtrue() { jq -e "$1" "$OUT" >/dev/null; }
jget() { jq -r "$1" "$OUT"; }

export BAOMI_NOW=2026-10-12T02:00:00Z
TODAY=2026-10-12

check "fixture unit builds through the CLI" build_fixture
check "the supervising leader exists" add_leader

state() { query "$DB" "SELECT $(sql_concat "id || '/' || coalesce(label_affixed_on, '') || '/' ||
	coalesce(CAST(label_affixed_by AS TEXT), '') || '/' || coalesce(CAST(label_level AS TEXT), '') || '/' ||
	coalesce(CAST(label_holder_id AS TEXT), '')" id) || '|' || (SELECT count(*) FROM device_event) FROM device"; }

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule in both languages, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before
	before=$(state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(state)" = "$before"
}

expect_rc "a 机密 computer for finance" 0 \
	as clerk device add --number JSJ-L01 --kind computer --level 机密 --holder finance --json
COMP=$(jget .id)
check "DEV-1: registered without a label recorded" jtrue '.label_affixed.state == "none" and .label_affixed.affixed_on == null'
expect_rc "a 秘密 USB stick for staff" 0 \
	as clerk device add --number U-L01 --kind usb --level 秘密 --holder staff --json
USB=$(jget .id)
expect_rc "a 秘密 USB stick for the clerk, to be scrapped" 0 \
	as clerk device add --number U-L02 --kind usb --level 秘密 --holder clerk --json
OLD=$(jget .id)

# --- DEV-1: recording the label affixed ----------------------------------------------
refused "DEV-1: the leader sees the register but does not record in it" 5 role_required DEV-1 \
	as leader device label-affixed "$COMP"
refused "DEV-1: staff does not see finance's computer" 4 unknown_device DEV-1 \
	as staff device label-affixed "$COMP"
refused "DEV-1: not in the future" 3 date_in_future DEV-1 \
	as clerk device label-affixed "$COMP" --date 2026-10-13
refused "a date is a date" 3 invalid_date "" \
	as clerk device label-affixed "$COMP" --date 2026-13-01
refused "an unknown device" 4 unknown_device DEV-1 \
	as clerk device label-affixed 999
expect_rc "DEV-1: the clerk records the computer's label" 0 \
	as clerk device label-affixed "$COMP" --date 2026-10-10 --json
check "…affixed on the day given, by the clerk, showing 机密 and finance" \
	jtrue '.label_affixed.state == "current" and .label_affixed.affixed_on == "2026-10-10" and .label_affixed.affixed_by_name == "张保密" and .label_affixed.level == "secret" and .label_affixed.holder_id == .holder_id'
check "…a line of the device's history" \
	jtrue '.history[-1].action == "device.label_affixed" and .history[-1].detail.on == "2026-10-10"'
check "…audited" test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action = 'device.label_affixed'
	AND outcome = 'ok' AND object = 'device:$COMP'")" = 1
refused "DEV-1: recorded once while it holds" 6 label_already_affixed DEV-1 \
	as clerk device label-affixed "$COMP"
expect_rc "DEV-1: the stick's holder records its label (today by default)" 0 \
	as staff device label-affixed "$USB" --json
check "…today, by staff" jtrue ".label_affixed.affixed_on == \"$TODAY\" and .label_affixed.affixed_by_name == \"李员工\""
expect_rc "text: the label's state" 0 as clerk device show "$USB"
expect_out "text: shows the label affixed" "标签 label: baomi:device:$USB  标识已粘贴（$TODAY 李员工）"

# --- a hand-over and a level raise make the label out of date ------------------------
expect_rc "KEEP-2: the stick is handed to finance" 0 as clerk device assign "$USB" --holder finance --json
check "DEV-1: the label names staff: out of date" jtrue '.label_affixed.state == "outdated"'
expect_rc "DEV-1: relabelled and recorded" 0 as clerk device label-affixed "$USB" --json
check "…current again" jtrue '.label_affixed.state == "current"'
expect_rc "DEV-2: the stick is raised to 机密" 0 as clerk device level "$USB" --level 机密 --reason 存入机密文件 --json
check "DEV-1: the label shows 秘密: out of date" jtrue '.label_affixed.state == "outdated" and .label_affixed.level == "confidential"'
expect_rc "the register as JSON" 0 as clerk device list --json
check "the register gives each device's label state" \
	jtrue "[.devices[] | .label_affixed.state] == [\"current\", \"outdated\", \"none\"]"

# --- DEV-6: a scrapped device ------------------------------------------------------
R=$(as clerk request new scrap --reason 损坏 --param device_id="$OLD" --param method=physical --json | jq -r .id)
expect_rc "DEV-6: the leader approves the scrapping" 0 as leader approve "$R" --comment 同意
expect_rc "DEV-6: scrapped with two witnesses" 0 \
	witnesses_as staff leader clerk device scrap "$OLD" --request "$R" --witness staff --witness leader
refused "DEV-6: no label for a scrapped device" 6 device_scrapped DEV-6 \
	as clerk device label-affixed "$OLD"

# --- INSP-2: a rectification notice, overdue -----------------------------------------
expect_rc "an inspection" 0 as_at 2026-09-01T02:00:00Z clerk inspection add --kind spot \
	--date 2026-09-01 --scope unit --inspectors clerk,leader --json
INSP=$(jget .id)
expect_rc "a finding due in September" 0 as_at 2026-09-01T02:00:00Z clerk inspection finding "$INSP" \
	--finding 保密柜密码未更换 --department 财务科 --responsible finance --deadline 2026-09-30 --json
LATE=$(jget .id)
expect_rc "a finding due in November" 0 as clerk inspection finding "$INSP" \
	--finding 台账未及时登记 --department 办公室 --responsible staff --deadline 2026-11-30 --json
OPEN=$(jget .id)
expect_rc "a finding reported and closed" 0 as clerk inspection finding "$INSP" \
	--finding 门禁记录缺失 --department 办公室 --responsible staff --deadline 2026-11-30 --json
DONE=$(jget .id)
as staff inspection rectify-report "$DONE" --text 已补齐门禁记录 >/dev/null
expect_rc "…closed by the follow-up" 0 as clerk inspection rectify-close "$DONE" --note 复查属实

# --- INSP-4: the checklist -----------------------------------------------------------
expect_rc "INSP-4: the self-assessment starts" 0 as clerk selfcheck start --json
item() { jq -c ".items[] | select(.item == \"$1\")" "$OUT"; }
check "INSP-4: nine items, each with its rule" \
	jtrue '.items_total == 9 and ([.items[].item] == ["commitment","training","statement","count","device","device_label","loan","incident","rectification"])'
check "DEV-1: every device in use has its responsible person" \
	jtrue '(.items[] | select(.item == "device")) | .evidence_count == 0 and .rule == "DEV-1"'
check "DEV-1: the stick's label out of date, the computer's current, the scrapped one not counted" \
	jtrue "(.items[] | select(.item == \"device_label\")) | .evidence_count == 1 and .evidence.ids == [$USB] and .evidence.outdated == [$USB] and .evidence.never == [] and .evidence.table == \"device\" and .rule == \"DEV-1\""
check "INSP-2: the two notices not closed, the September one overdue" \
	jtrue "(.items[] | select(.item == \"rectification\")) | .evidence_count == 2 and (.evidence.ids | sort) == ([$LATE, $OPEN] | sort) and .evidence.overdue == [$LATE] and .evidence.overdue_count == 1 and .evidence.table == \"rectification\" and .rule == \"INSP-2\""
check "…with titles in both languages" \
	jtrue '(.items[] | select(.item == "rectification")) | .title_zh == "整改通知书均已整改销号" and (.title_en | test("rectification"))'
SA=$(jget .id)
refused "INSP-4: 符合 against open rectifications needs a note" 3 evidence_contradicts INSP-4 \
	as clerk selfcheck answer "$SA" --item rectification --answer yes
expect_rc "INSP-4 → INSP-2: the unlabelled stick is a finding" 0 \
	as clerk selfcheck answer "$SA" --item device_label --answer no --department 财务科 \
	--responsible finance --deadline 2026-10-31 --json
check "…its rectification notice opened" \
	jtrue '(.items[] | select(.item == "device_label")) | .rectification_id != null'

# --- no holder: the label cannot name one ------------------------------------------
# (no use case leaves a device without its person — registration requires one and
# KEEP-2 keeps a holder from leaving — so the suite writes the row directly)
query_super "$DB" "UPDATE device SET holder_id = NULL WHERE id = $USB"
refused "DEV-1: the label names the responsible person" 6 label_holder_required DEV-1 \
	as clerk device label-affixed "$USB"

done_testing
