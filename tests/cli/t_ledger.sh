# tests/cli/t_ledger.sh — sending (SEND-1..5), counting (INV-1..4) and
# incidents (INC-1, INC-4) through the real binary on a temporary unit:
# `baomi send`, `baomi count`, `baomi incident`. Every refusal is checked for
# its exit status, stable code and rule ID, and for leaving the store as it
# was; the audit chain verifies at the end (SYS-3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-23T02:00:00Z

check "fixture unit builds through the CLI" build_fixture

jtrue() { # jtrue JQ-EXPR: true when the expression holds on the last stdout
	jq -e "$1" "$OUT" >/dev/null 2>&1
}
jget() { # jget JQ-EXPR: prints a value of the last stdout
	jq -r "$1" "$OUT"
}
status_of() { # status_of ID: the carrier's status code
	query "$DB" "SELECT status FROM carrier WHERE id = $1"
}
# state: a fingerprint of everything sending, counting and incidents write.
state() {
	query "$DB" "SELECT (SELECT count(*) FROM dispatch) || '/' ||
		(SELECT count(*) FROM dispatch WHERE status = 'complete') || '/' ||
		(SELECT count(*) FROM dispatch_item WHERE signed_at IS NOT NULL) || '/' ||
		(SELECT count(*) FROM count_session) || '/' ||
		(SELECT count(*) FROM count_session WHERE closed_at IS NOT NULL) || '/' ||
		(SELECT count(*) FROM count_item) || '/' ||
		(SELECT count(*) FROM incident) || '/' ||
		(SELECT count(*) FROM incident WHERE status = 'closed') || '/' ||
		(SELECT coalesce($(sql_concat status id), '') FROM carrier) || '/' ||
		(SELECT count(*) FROM carrier_event)"
}
# refused NAME EXIT CODE RULE CMD...: exit status, code, rule and both languages; nothing written.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 before
	shift 4
	before=$(state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	if [ -n "$rule" ]; then
		expect_err "$name: names '$code' under [$rule]" "^error \\[$rule\\] $code:"
	else
		expect_err "$name: names '$code'" "$code"
	fi
	check "$name: nothing written" test "$(state)" = "$before"
}
new_carrier() { # new_carrier ARGS...: registers as the clerk, prints the id
	as clerk carrier register --json "$@" | jq -r .id
}

A=$(new_carrier --title 机密通知 --level 机密 --doc-number '教发〔2026〕1号' --serial 2 --place 一号保密柜 --scope 办公室)
B=$(new_carrier --title 秘密通知 --level 秘密 --place 保密室 --scope 办公室)
C=$(new_carrier --title 财务报表 --level 秘密 --place 保密室 --scope 财务科 --department 财务科 --custodian finance --keep-reason 年度审计 --keep-approver clerk --keep-until 2030-12-31)
C2=$(new_carrier --title 财务凭证 --level 秘密 --place 保密室 --scope 财务科 --department 财务科 --custodian finance --keep-reason 年度审计 --keep-approver clerk --keep-until 2030-12-31)
D=$(new_carrier --title 绝密方案 --level 绝密 --place 一号保密柜 --scope clerk)
E=$(new_carrier --title 内部通知 --level 内部 --place 档案柜)
check "six carriers registered" test -n "$A" -a -n "$B" -a -n "$C" -a -n "$C2" -a -n "$D" -a -n "$E"

# --- sending: refusals ------------------------------------------------------
refused "SEND-1 秘密 by ordinary mail" 5 channel_forbidden SEND-1 \
	as clerk send new --carrier "$B" --to 市教育局 --channel 普通邮寄
refused "SEND-1 秘密 over the internet" 5 channel_forbidden SEND-1 \
	as clerk send new --carrier "$B" --to 市教育局 --channel internet
refused "SEND-1 unknown channel" 3 invalid_channel SEND-1 \
	as clerk send new --carrier "$B" --to 市教育局 --channel 信鸽
refused "SEND-1 the channel is required" 3 channel_required SEND-1 \
	as clerk send new --carrier "$B" --to 市教育局
refused "SEND-2 机密 without a named courier" 5 courier_required SEND-2 \
	as clerk send new --carrier "$A" --to 市教育局 --channel 机要通信
refused "SEND-2 绝密 by one dedicated person" 5 escorts_required SEND-2 \
	as clerk send new --carrier "$D" --to 省委办公厅 --channel dedicated --courier 刘机要
refused "SEND-3 绝密 never by fax, even encrypted" 5 channel_forbidden SEND-3 \
	as clerk send new --carrier "$D" --to 省委办公厅 --channel 密码传真 --courier 刘机要 --escort 陈护送
refused "SEND-4 copies counted against the distribution list" 3 distribution_mismatch SEND-4 \
	as clerk send new --carrier "$A,$B" --to 市教育局 --channel courier --courier 刘机要
refused "SEND-4 a carrier listed twice" 3 duplicate_carrier SEND-4 \
	as clerk send new --carrier "$B" --carrier "$B" --to 甲 --to 乙 --channel courier
refused "SYS-2 an unknown carrier" 4 unknown_carrier SYS-2 \
	as clerk send new --carrier 99999 --to 甲 --channel courier
refused "SEND-1 only the clerk sends" 5 role_required SEND-1 \
	as staff send new --carrier "$B" --to 甲 --channel courier
refused "SYS-1 the security administrator sends nothing" 5 admin_no_business SYS-1 \
	as secadmin send new --carrier "$B" --to 甲 --channel courier
expect_rc "usage: a carrier that is not an ID" 2 as clerk send new --carrier abc --to 甲 --channel courier
expect_rc "usage: unknown subcommand" 2 as clerk send post

# --- sending: a dispatch and its receipts ----------------------------------
expect_rc "SEND-1/2: 机密 and 秘密 by confidential courier with a named courier" 0 \
	as clerk send new --carrier "$A,baomi:carrier:$B" --to 市教育局 --to 区教育局 \
	--channel 机要通信 --courier 刘机要 --note 随文附件 --json
DISP=$(jget .id)
check "SEND-1: the channel is recorded" jtrue '.channel.code == "courier" and .courier == "刘机要"'
check "SEND-4: open with two unsigned receipts" jtrue '.status == "open" and .unsigned == 2 and (.items | length) == 2'
check "ledger.h: a dispatched carrier is on its way (taken_out)" test "$(status_of "$A")" = taken_out
refused "SEND-4 a carrier on its way is not sent again" 6 not_in_store SEND-4 \
	as clerk send new --carrier "$A" --to 甲 --channel courier --courier 刘机要

expect_rc "SEND-2: 绝密 by a dedicated courier and an escort" 0 \
	as clerk send new --carrier "$D" --to 省委办公厅 --channel 专人递送 --courier 刘机要 --escort 陈护送 --json
DISP_D=$(jget .id)
check "SEND-2: the escorts are recorded" jtrue '.escorts == ["陈护送"] and .channel.code == "dedicated"'

expect_rc "SEND-5: envelopes print" 0 as clerk send envelope "$DISP"
expect_out "SEND-5: one envelope per recipient, numbered" "封号 No.: +$DISP-2"
expect_out "SEND-5: the receiver is shown" '收件 To: +区教育局'
expect_out "SEND-5: the document's number and serial are listed" '教发〔2026〕1号 第2份'
expect_rc "SEND-5: envelope --json" 0 as clerk send envelope "$DISP" --json
check "SEND-5: the JSON carries the envelope text" jtrue '.text | contains("机密")'

expect_rc "SEND-4: a receipt signed by QR text" 0 \
	as clerk send sign "$DISP" --carrier "baomi:carrier:$B" --by 区教育局王收 --json
check "SEND-4: still open, one receipt unsigned" jtrue '.status == "open" and .signed == 1 and .unsigned == 1'
check "ledger.h: signed for, out of the unit's custody (returned)" test "$(status_of "$B")" = returned
expect_rc "SEND-4: the open dispatches are listed" 0 as clerk send list --open --json
check "SEND-4: the unsigned receipt is listed" \
	jtrue "any(.dispatches[]; .id == $DISP and .unsigned == 1 and any(.items[]; .carrier_id == $A and .signed_at == null))"
refused "SEND-4 a receipt is signed once" 6 already_signed SEND-4 \
	as clerk send sign "$DISP" --carrier "$B" --by 又一人
refused "SEND-4 only carriers on the dispatch are signed for" 4 not_on_dispatch SEND-4 \
	as clerk send sign "$DISP" --carrier "$E" --by 某人
refused "SEND-4 staff record no receipt" 5 role_required SEND-4 \
	as staff send sign "$DISP" --carrier "$A" --by 某人
expect_rc "usage: sign needs --by" 2 as clerk send sign "$DISP" --carrier "$A"
expect_rc "SEND-4: the last receipt signed" 0 as clerk send sign "$DISP" --carrier "$A" --by 市教育局李收
expect_out "SEND-4: the dispatch completes when every receipt is signed" '已办结 complete'
expect_rc "SEND-4: the open list" 0 as clerk send list --open --json
check "SEND-4: a complete dispatch leaves the open list" jtrue "all(.dispatches[]; .id != $DISP)"
refused "SEND-4 nothing more to sign" 6 dispatch_complete SEND-4 \
	as clerk send sign "$DISP" --carrier "$A" --by 再签
refused "SEND-4 an unknown dispatch" 4 unknown_dispatch SEND-4 as clerk send show 9999
expect_rc "send show as text" 0 as clerk send show "$DISP"
expect_out "send show: both receipts signed" '签收 signed 2/2'

# --- provision to a foreign party (FOREIGN-1, issue 13 point 9) -------------
add_principal() {
	new_account sysadmin 一把手 --username boss --department 办公室 >/dev/null &&
		as secadmin org grant boss --class core --roles principal --commitment 2026-01-05 >/dev/null
}
check "fixture: a principal leader" add_principal
G=$(new_carrier --title 对外交流材料 --level 秘密 --place 保密室 --scope 办公室)
n_requests() { query "$DB" "SELECT count(*) FROM request"; }
refused "FOREIGN-1 a dispatch to a foreign party needs an approved request" 5 \
	foreign_request_required FOREIGN-1 \
	as clerk send new --carrier "$G" --to 某国驻华大使馆 --channel 机要通信 --foreign
N_REQ=$(n_requests)
refused "FOREIGN-1 the higher authority's approval is not a flag" 3 outside_approval_flag FOREIGN-1 \
	as staff request new foreign --carrier "$G" --reason 交流 --param recipient=某国驻华大使馆 \
	--param higher_approved=true
check "FOREIGN-1: no request filed" test "$(n_requests)" = "$N_REQ"
expect_rc "FOREIGN-1: staff file with the higher authority's record" 0 \
	as staff request new foreign --carrier "$G" --reason 国际交流 --param recipient=某国驻华大使馆 \
	--param higher_approval.by=省保密局李四 --param 'higher_approval.document=省保函〔2026〕8号' \
	--param higher_approval.date=2026-11-20 --json
RF=$(jget .id)
check "FOREIGN-1: the record is kept with the request" \
	test "$(query "$DB" "SELECT $(sql_json params higher_approval.document) FROM request WHERE id = $RF")" = '省保函〔2026〕8号'
refused "FOREIGN-1 nothing is carried out before approval" 5 not_approved FOREIGN-1 \
	as clerk execute foreign "$RF" --channel 机要通信
check "FOREIGN-1: the principal approves" as boss approve "$RF" --comment 同意
refused "FOREIGN-1 only to the approved recipient" 5 foreign_recipient_differs FOREIGN-1 \
	as clerk send new --carrier "$G" --to 另一国使馆 --channel 机要通信 --request "$RF"
expect_rc "FOREIGN-1: carried out at the desk as a dispatch" 0 \
	as clerk execute foreign "$RF" --channel 机要通信 --json
check "FOREIGN-1: the approved carrier to the approved recipient, naming the request" \
	jtrue ".foreign_party and .request_id == $RF and .items == [.items[0]] and .items[0].carrier_id == $G and .items[0].recipient == \"某国驻华大使馆\""
check "FOREIGN-1: the request is executed" \
	test "$(query "$DB" "SELECT status FROM request WHERE id = $RF")" = executed
check "FOREIGN-1: the carrier is on its way" test "$(status_of "$G")" = taken_out
refused "FOREIGN-1 an approved provision is carried out once" 6 already_executed FOREIGN-1 \
	as clerk execute foreign "$RF" --channel 机要通信

# --- counting ---------------------------------------------------------------
refused "INV-3 an unknown scope" 3 invalid_scope INV-3 as clerk count start --scope shelf:A
refused "INV-1 only the clerk counts" 5 role_required INV-1 as staff count start --scope unit
expect_rc "usage: count start needs --scope" 2 as clerk count start
expect_rc "INV-1: a count of a department" 0 as clerk count start --scope department:财务科 --note 季度清查 --json
S1=$(jget .id)
check "INV-1: the scope and reason are kept" jtrue '.scope == "department" and .reason == "季度清查"'
expect_rc "INV-3: ticks by ID and by the label's QR text" 0 as clerk count tick "$S1" "baomi:carrier:$C" "$E" 99999
expect_rc "INV-3: an incomplete tick with its note" 0 as clerk count tick "$S1" "$C" --incomplete --note 缺附件
expect_rc "usage: a tick that is not an ID" 2 as clerk count tick "$S1" abc
refused "INV-3 ticking an unknown count" 4 unknown_count INV-3 as clerk count tick 9999 "$C"
refused "INV-3 staff tick nothing" 5 role_required INV-3 as staff count tick "$S1" "$C"
before=$(state)
expect_rc "INV-3: show before the close is a preview" 0 as clerk count show "$S1" --json
check "INV-3: the preview lists the missing carrier" jtrue ".missing | map(.carrier_id) == [$C2]"
check "INV-3: a preview writes nothing" test "$(state)" = "$before"
expect_rc "INV-3: close compares with the ledger" 0 as clerk count close "$S1" $(count_confirm "$S1") --json
check "INV-3: found, with the incomplete one" jtrue "(.found | map(.carrier_id)) == [$C] and (.incomplete | map(.carrier_id)) == [$C]"
check "INV-3: unexpected: outside the scope and unknown to the ledger" \
	jtrue "(.unexpected | map(.carrier_id) | sort) == ([$E, 99999] | sort)"
check "INV-4: the missing carrier opens an incident" \
	jtrue "(.missing | length) == 1 and .missing[0].carrier_id == $C2 and .missing[0].incident_id > 0 and .missing[0].status == \"missing\""
INC=$(jget '.missing[0].incident_id')
check "INV-3: not every item accounted for" jtrue '.accounted == false'
check "INV-4: the carrier is marked missing" test "$(status_of "$C2")" = missing
refused "INV-3 closing twice" 6 count_closed INV-3 as clerk count close "$S1"
refused "INV-3 ticking a closed count" 6 count_closed INV-3 as clerk count tick "$S1" "$C2"
expect_rc "INV-3: the closed result as text" 0 as clerk count show "$S1"
expect_out "INV-3: text names the missing item and its incident" "财务凭证.*事件 incident $INC"

expect_rc "INV-1: a count of a custodian" 0 as clerk count start --scope 保管人:clerk --json
S2=$(jget .id)
expect_rc "INV-3: tick what is in the safe" 0 as clerk count tick "$S2" "$E"
expect_rc "INV-3: close the custodian count" 0 as clerk count close "$S2" $(count_confirm "$S2") --json
check "INV-3: a carrier in transit is out, accounted for" \
	jtrue "any(.out[]; .carrier_id == $D and (.where | contains(\"（发文 $DISP_D）\")))"
check "INV-3: signed-for carriers are not expected; nothing missing" \
	jtrue ".accounted == true and (.missing | length) == 0 and all(.found[]; .carrier_id != $A)"
expect_rc "count list" 0 as clerk count list --json
check "count list: both counts, closed" jtrue "[.sessions[] | select(.id == $S1 or .id == $S2) | .closed_at != null] == [true, true]"

# --- incidents ----------------------------------------------------------------
expect_rc "INV-4: the count's incident is listed" 0 as clerk incident list --status open --json
check "INV-4: kind missing, the count's (no carrier of its own), quantity 1 (INC-1)" jtrue "any(.incidents[]; .id == $INC and .kind == \"missing\" and .carrier_id == null and .detail.quantity == \"1\")"
refused "INC-1 no closing before the report is complete" 5 report_incomplete INC-1 as clerk incident close "$INC"
refused "INC-1 staff complete no report" 5 role_required INC-1 as staff incident report "$INC" --harm 无
expect_rc "INC-1: the report completed" 0 as clerk incident report "$INC" --harm 可能泄露财务数据 \
	--circumstances 清查未找到 --responsible 赵会计 --remedies 已全面查找 --json
check "INC-1: the report is dated once complete" jtrue ".detail.reported_at == \"$BAOMI_NOW\" and .detail.responsible == \"赵会计\""
refused "INC-4 no closing without findings" 5 findings_required INC-4 as clerk incident close "$INC"
expect_rc "usage: findings needs --findings" 2 as clerk incident findings "$INC"
expect_rc "INC-4: findings recorded" 0 as clerk incident findings "$INC" --findings 系误放他处，已找回并批评教育
expect_rc "INC-4: closed with report and findings" 0 as clerk incident close "$INC" --note 已整改 --json
check "INC-4: closed" jtrue '.status == "closed" and .detail.closing_note == "已整改"'
refused "INC-4 closing twice" 6 incident_closed INC-4 as clerk incident close "$INC"

expect_rc "INC-1: staff report a leak" 0 as staff incident open --kind leak --what 会议记录外传 --level 秘密 --json
MINE=$(jget .id)
check "INC-1: the level is recorded as its code" jtrue '.detail.level == "confidential" and .status == "open"'
expect_rc "INC-1: staff list only what they reported" 0 as staff incident list --json
check "INC-1: one incident, their own" jtrue ".count == 1 and .incidents[0].id == $MINE"
refused "INC-1 staff do not see others' incidents" 4 unknown_incident INC-1 as staff incident show "$INC"
check "INV-4: before the report, the carrier is in store" test "$(status_of "$C")" = in_store
expect_rc "INV-4: the clerk reports a carrier missing" 0 \
	as clerk incident open --kind missing --carrier "$C" --circumstances 借阅后未见 --json
LOST=$(jget .id)
check "INV-4: a carrier reported missing is missing in the ledger" test "$(status_of "$C")" = missing
check "INV-4: its history names the incident" \
	test "$(query "$DB" "SELECT count(*) FROM carrier_event WHERE carrier_id = $C AND action = 'incident.missing' AND detail LIKE '%\"incident_id\":$LOST%'")" = 1
refused "INC-1 an unknown kind" 3 invalid_kind INC-1 as clerk incident open --kind lost --what 某物
refused "INC-1 what was lost is required" 3 what_required INC-1 as clerk incident open --kind leak
refused "BORROW-6 an overdue incident names its carrier" 3 carrier_required BORROW-6 \
	as clerk incident open --kind overdue --what 某物
refused "INC-1 an unknown status" 3 invalid_status INC-1 as clerk incident list --status pending
expect_rc "INC-1: an incomplete report raises an alert after 24 hours" 0 \
	as_at 2026-11-24T03:00:00Z clerk alerts --json
check "INC-1: the alert names the incident, late" \
	jtrue "any(.alerts[]; .rule == \"INC-1\" and .incident_id == $MINE and .code == \"report_overdue\")"
expect_rc "incident show as text" 0 as clerk incident show "$MINE"
expect_out "incident show: the missing fields are named" '危害 harm: （未填 missing）'

# --- dates are the unit's local dates ---------------------------------------
# 07:30 in Beijing on 12-02 is 23:30Z on 12-01: the ledger, the register and
# the audit list all put the carrier under 12-02.
EARLY=$(BAOMI_NOW=2026-12-01T23:30:00Z as clerk carrier register --json --title 早班收到的通知 \
	--level 秘密 --place 保密室 --scope 办公室 --received 2026-12-02 | jq -r .id)
check "a carrier registered at 07:30 local time" test -n "$EARLY"
expect_rc "KEEP-6: the ledger from/to 12-02" 0 as clerk carrier list --from 2026-12-02 --to 2026-12-02 --json
check "KEEP-6: the ledger lists it under its local date 12-02" jtrue "any(.items[]; .id == $EARLY)"
expect_rc "KEEP-6: the ledger from/to 12-01" 0 as clerk carrier list --from 2026-12-01 --to 2026-12-01 --json
check "KEEP-6: the ledger does not list it under the UTC date 12-01" jtrue "all(.items[]; .id != $EARLY)"
expect_rc "REG-1: the incoming register on 12-02" 0 as clerk register incoming --from 2026-12-02 --to 2026-12-02 --json
check "REG-1: the register agrees with the ledger" \
	jtrue "any(.rows[]; .carrier_id == \"$EARLY\" and .registered_at == \"2026-12-02 07:30\")"
expect_rc "REG-1: the incoming register on 12-01" 0 as clerk register incoming --from 2026-12-01 --to 2026-12-01 --json
check "REG-1: nor does the register list it under 12-01" jtrue "all(.rows[]; .carrier_id != \"$EARLY\")"
refused "KEEP-6 an impossible ledger date" 3 invalid_filter "" as clerk carrier list --from 2026-02-30

for c in send count incident; do
	expect_rc "help $c" 0 "$BAOMI" help "$c"
done
expect_rc "SYS-3: the audit chain verifies after all of it" 0 as auditor audit verify
check "SYS-3: refusals are audited with their rule" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE outcome = 'refused' AND rule IN ('SEND-1','SEND-2','SEND-3','SEND-4','INV-1','INV-3','INC-1','INC-4')")" -ge 20

done_testing
