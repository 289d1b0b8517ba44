# tests/cli/t_records.sh — executing approved requests and the custody records
# through the real binary: copies and extracts (COPY-1..5), making and waste
# (MAKE-1..3), destruction (DESTROY-1..4), level decisions (LEVEL-4/5/7/8/9/10),
# volumes (LEVEL-5), hand-over and departure (KEEP-2, PERSON-4), return to the
# issuer (KEEP-3), then the audit chain (SYS-3). Every refusal asserts its exit
# code, its stable code, the rule it names, and that the ledger did not change.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

# A fixed clock: Monday 2 March 2026, 10:00 in the unit (UTC+8).
export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
# The supervising leader (copy, make, destroy chains), two classification
# authorities (core; important = 机密 at most), staff cleared for 机密.
add_people() {
	new_account sysadmin 王领导 --username leader --department 办公室 >/dev/null &&
		new_account sysadmin 定密员 --username dingmi --department 办公室 >/dev/null &&
		new_account sysadmin 定密二 --username dingmi2 --department 办公室 >/dev/null &&
		as secadmin org grant leader --class core --roles leader --commitment 2026-01-05 >/dev/null &&
		as secadmin org grant dingmi --class core --roles classifier --commitment 2026-01-05 >/dev/null &&
		as secadmin org grant dingmi2 --class important --roles classifier \
			--commitment 2026-01-05 >/dev/null &&
		as secadmin org grant staff --class important --roles staff --commitment 2026-01-05 >/dev/null
}
check "fixture: a leader, two classification authorities" add_people

reg() { as clerk carrier register "$@" >/dev/null; }
reg --title 秘密通知甲 --level 秘密 --doc-number '办发〔2026〕3号' --serial 1 --place 保密室 --scope 办公室 \
	--sender 市保密局
reg --title 绝密文件乙 --level 绝密 --place 一号保密柜 --scope 办公室
reg --title 待销毁丙 --level 秘密 --place 保密室 --scope 办公室
reg --title 待销毁丁 --level 秘密 --place 保密室 --scope 办公室
reg --title 会计保管戊 --level 机密 --place 一号保密柜 --scope 财务科 --custodian finance \
	--keep-reason 年度审计 --keep-approver leader --keep-until 2030-12-31
reg --title 需清退己 --level 秘密 --place 保密室 --scope 办公室 --sender 市保密局
cid() { query "$DB" "SELECT id FROM carrier WHERE title='$1'"; }
A=$(cid 秘密通知甲) B=$(cid 绝密文件乙) C=$(cid 待销毁丙) D=$(cid 待销毁丁) E=$(cid 会计保管戊) F=$(cid 需清退己)
check "fixture: six carriers registered" test -n "$A" -a -n "$B" -a -n "$C" -a -n "$D" -a -n "$E" -a -n "$F"

jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
# q SQL: the rows of SQL on the unit's database, SQLite or PostgreSQL (lib.sh query).
q() { query "$DB" "$1"; }

# refused NAME EXIT CODE RULE CMD...: refused with exit, code, rule, both languages, ledger unchanged
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 before_c before_h
	shift 4
	before_c=$(carrier_count)
	before_h=$(q 'SELECT count(*) FROM carrier_event')
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing written" test "$(carrier_count):$(q 'SELECT count(*) FROM carrier_event')" = "$before_c:$before_h"
}

# --- copies (COPY-1..5, MAKE-2) ----------------------------------------------------
expect_rc "COPY-1: staff files a copy request" 0 \
	as staff request new copy --carrier "$A" --reason 会议需要 --param copies=2 --json
R_COPY=$(jid)
expect_out "COPY-1: the chain is the supervising leader" '"code": "leader"'
refused "COPY-1 no copy before approval" 5 not_approved COPY-1 \
	as clerk execute copy "$R_COPY" --copier 机要室复印机 --copies 2
check "COPY-1: the leader approves" as leader approve "$R_COPY" --comment 同意
refused "MAKE-2 more copies than approved" 5 extra_copies MAKE-2 \
	as clerk execute copy "$R_COPY" --copier 机要室复印机 --copies 3
refused "COPY-5 the copier is recorded" 3 required COPY-5 \
	as clerk execute copy "$R_COPY" --copies 2
refused "COPY-5 only the designated operator copies" 5 role_required COPY-5 \
	as staff execute copy "$R_COPY" --copier 机要室复印机 --copies 2
expect_rc "usage: copy needs --copies" 2 as clerk execute copy "$R_COPY" --copier 机要室复印机
expect_rc "COPY-1/3: the clerk makes exactly the approved copies" 0 \
	as clerk execute copy "$R_COPY" --copier 机要室复印机 --copies 2
expect_out "COPY-3: each copy is listed with its serial number" '已复制 copied: [0-9]+  秘密★10年  秘密通知甲（第3份）'
check "COPY-3: two new carriers copy-of the source, same level" \
	test "$(q "SELECT count(*) FROM carrier WHERE copy_of=$A AND level=2 AND origin='copy'")" = 2
check "COPY-3: own serial numbers after the document's highest (2,3)" \
	test "$(q "SELECT $(sql_concat serial_number id) FROM carrier WHERE copy_of=$A")" = "2,3"
check "COPY-3: copies keep the source's scope" \
	test "$(q "SELECT count(*) FROM carrier_scope s JOIN carrier c ON c.id=s.carrier_id WHERE c.copy_of=$A")" = 2
expect_rc "COPY-3: the ledger lists the source's copies" 0 as clerk carrier list --derived-from "$A" --json
expect_out "COPY-3: two derived carriers" '"total": 2'
check "COPY-3: and both are listed" test "$(grep -c "\"copy_of\": $A," "$OUT")" = 2
expect_rc "usage: --derived-from takes a carrier id" 3 as clerk carrier list --derived-from abc
check "COPY-5: the source's history names copier and operator" \
	test -n "$(q "SELECT id FROM carrier_event WHERE carrier_id=$A AND action='copied' AND detail LIKE '%机要室复印机%' AND detail LIKE '%\"operator\":\"clerk\"%'")"
refused "COPY-1 an executed request is not executed again" 6 already_executed COPY-1 \
	as clerk execute copy "$R_COPY" --copier 机要室复印机 --copies 2
refused "COPY-2 绝密 is never copied (default policy)" 5 copy_forbidden COPY-2 \
	as clerk request new copy --carrier "$B" --reason 需要 --param copies=1 \
	--param originator_approval.by=省教育厅王五 --param originator_approval.document=教办函〔2026〕3号 \
	--param originator_approval.date=2026-03-01
N_REQ=$(q "SELECT count(*) FROM request")
refused "COPY-2 the originator's approval is a record, not a flag (issue 13 point 11)" 3 \
	outside_approval_flag COPY-2 \
	as clerk request new copy --carrier "$B" --reason 需要 --param copies=1 --param originator_approved=true
expect_rc "COPY-2: the old flag once more" 3 \
	as clerk request new copy --carrier "$B" --reason 需要 --param copies=1 --param originator_approved=true
expect_err "COPY-2: the refusal says what to send instead" "send 'originator_approval'"
refused "COPY-2 a record lacking the document number and date is refused" 3 \
	outside_approval_incomplete COPY-2 \
	as clerk request new copy --carrier "$B" --reason 需要 --param copies=1 \
	--param originator_approval.by=王五
check "COPY-2: nothing was filed" test "$(q "SELECT count(*) FROM request")" = "$N_REQ"

# --- extracts (COPY-4) ------------------------------------------------------------
as staff request new extract --carrier "$A" --reason 起草需要 --json >"$WORK/r.json"
R_EXT=$(grep -m1 -oE '"id": [0-9]+' "$WORK/r.json" | grep -oE '[0-9]+$')
check "COPY-4: the leader approves the extract" as leader approve "$R_EXT" --comment 同意
expect_rc "COPY-4: the clerk registers the extract" 0 as clerk execute extract "$R_EXT" --json
expect_out "COPY-4: the extract is titled after its source" '摘录：秘密通知甲'
check "COPY-4: extract-of the source, same level, no document number" \
	test "$(q "SELECT count(*) FROM carrier WHERE extract_of=$A AND level=2 AND doc_number IS NULL")" = 1

# --- widening a scope (CIRC-1) -------------------------------------------------------
expect_rc "CIRC-1: staff asks to add 财务科 to the scope" 0 \
	as staff request new widen_scope --carrier "$F" --reason 会签需要 --param add=dept:财务科 --json
R_WID=$(jid)
refused "CIRC-1 the scope is not widened before approval" 5 not_approved CIRC-1 \
	as clerk execute widen-scope "$R_WID"
check "CIRC-1: the supervising leader approves" as leader approve "$R_WID" --comment 同意
expect_rc "CIRC-1: the clerk adds the approved department" 0 as clerk execute widen-scope "$R_WID" --json
expect_out "CIRC-1: the carrier is shown as updated" '"title": "需清退己"'
check "CIRC-1: the scope now names 财务科" \
	test "$(q "SELECT count(*) FROM carrier_scope WHERE carrier_id=$F")" = 2

# --- making and waste (MAKE-1..3) -------------------------------------------------
expect_rc "MAKE-1: staff asks to make a 秘密 document" 0 \
	as staff request new make --reason 年度总结 --param title=年度保密工作总结 --param level=秘密 \
	--param copies=3 --param 'doc_number=办发〔2026〕9号' --param scope=办公室 --param classifier=dingmi \
	--param basis=一览表第2项 --json
R_MAKE=$(jid)
refused "MAKE-1 nothing is made before approval" 5 not_approved MAKE-1 \
	as clerk execute make "$R_MAKE" --place 保密室
check "MAKE-1: the leader approves" as leader approve "$R_MAKE" --comment 同意
refused "MAKE-2 no extra copy" 5 extra_copies MAKE-2 as clerk execute make "$R_MAKE" --place 保密室 --copies 4
refused "MAKE-1 only the approved level" 5 level_not_approved MAKE-1 \
	as clerk execute make "$R_MAKE" --place 一号保密柜 --level 机密
expect_rc "MAKE-2: the approved copies are registered" 0 as clerk execute make "$R_MAKE" --place 保密室
check "MAKE-2: serial numbers 1..3" \
	test "$(q "SELECT $(sql_concat serial_number id) FROM carrier WHERE doc_number='办发〔2026〕9号' AND origin='made'")" = "1,2,3"
expect_rc "MAKE-1: staff asks to make a document not yet numbered" 0 \
	as staff request new make --reason 内部通报 --param title=季度保密通报 --param level=秘密 \
	--param copies=2 --param scope=办公室 --param classifier=dingmi \
	--param basis=一览表第2项 --json
R_MAKE2=$(jid)
check "MAKE-1: the leader approves the unnumbered one" as leader approve "$R_MAKE2" --comment 同意
refused "MAKE-2 a made carrier needs a document number" 3 doc_number_required MAKE-2 \
	as clerk execute make "$R_MAKE2" --place 保密室
expect_rc "MAKE-2: the clerk gives the number at execution" 0 \
	as clerk execute make "$R_MAKE2" --place 保密室 --doc-number '办通〔2026〕3号'
check "MAKE-2: serial numbers 1..2 within the number given" \
	test "$(q "SELECT $(sql_concat serial_number id) FROM carrier WHERE doc_number='办通〔2026〕3号'")" = "1,2"
expect_rc "MAKE-3: two proofs registered for destruction" 0 \
	as clerk execute waste "$R_MAKE" --description 校样 --count 2
expect_out "MAKE-3: listed as waste for destruction" '废件待销毁 waste for destruction'
check "MAKE-3: two waste carriers in store at the document's level" \
	test "$(q "SELECT count(*) FROM carrier WHERE note='waste: 校样' AND level=2 AND status='in_store'")" = 2
refused "MAKE-3 waste of an unknown document" 4 unknown_document MAKE-3 \
	as clerk execute waste --doc-number '无此文〔2026〕1号' --description 错页 --count 1
expect_rc "usage: waste needs --count" 2 as clerk execute waste "$R_MAKE" --description 校样

# --- destruction (DESTROY-1..4) ---------------------------------------------------
W1=$(q "SELECT id FROM carrier WHERE note='waste: 校样' ORDER BY id LIMIT 1")
expect_rc "DESTROY-1: staff lists three items for destruction" 0 \
	as staff request new destroy --carrier "$C,$D,$W1" --reason 到期销毁 --param method=shred --json
R_DEL=$(jid)
refused "DESTROY-1 nothing destroyed before approval" 5 not_approved DESTROY-1 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室
check "DESTROY-1: the leader approves the list" as leader approve "$R_DEL" --comment 同意
refused "DESTROY-2 one witness is not enough" 5 witnesses_required DESTROY-2 \
	as clerk execute destroy "$R_DEL" --witness finance --place 销毁室
refused "DESTROY-2 the requester is no witness" 5 requester_witness DESTROY-2 \
	as clerk execute destroy "$R_DEL" --witness finance --witness staff --place 销毁室
refused "DESTROY-3 formatting is recoverable" 5 method_recoverable DESTROY-3 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室 --method format
refused "DESTROY-3 an unknown method (sold as waste paper)" 3 invalid_method DESTROY-3 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室 --method 当废品卖
refused "DESTROY-1 the place is recorded" 3 required DESTROY-1 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk
check "DESTROY-1: one item goes out for reading" holder_as staff clerk desk circulate "$C" --reader staff --place 阅文室
refused "DESTROY-1 an item out on loan is not destroyed" 6 on_loan DESTROY-1 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室
check "DESTROY-1: nothing of the list was destroyed" test "$(q "SELECT count(*) FROM carrier WHERE status='destroyed'")" = 0
check "the item comes back" as clerk desk checkin "$C"
# DESTROY-2, REG-1 (issue 14 point 5): each witness confirms with their own password at the
# clerk's terminal; witnesses only listed, or on paper with an account, are refused.
refused "DESTROY-2 listed witnesses did not confirm" 3 holder_confirmation_required DESTROY-2 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室
refused "DESTROY-2 a witness with an account does not sign on paper" 3 holder_password_required DESTROY-2 \
	as clerk execute destroy "$R_DEL" --paper-witness finance --paper-witness clerk --place 销毁室
w_fails=$(q "SELECT count(*) FROM login_failure WHERE username='clerk'")
wrong_w2() { BAOMI_WITNESS1_PASSWORD="$(password_of finance)" BAOMI_WITNESS2_PASSWORD=not-his-password baomi_as "$@"; }
refused "DESTROY-2 a witness's wrong password" 5 holder_password_wrong DESTROY-2 \
	wrong_w2 clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室
check "SYS-4: the wrong password counts towards the witness's lockout" \
	test "$(q "SELECT count(*) FROM login_failure WHERE username='clerk'")" = $((w_fails + 1))
check "DESTROY-2: nothing was destroyed by the refusals" test "$(q "SELECT count(*) FROM carrier WHERE status='destroyed'")" = 0
expect_rc "DESTROY-1..4: the list is destroyed with two witnesses" 0 \
	witnesses_as finance clerk clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室 --json
expect_out "DESTROY-3: the method is recorded" '"code": "shred"'
check "DESTROY-4: destroyed carriers stay in the ledger" \
	test "$(q "SELECT count(*) FROM carrier WHERE status='destroyed' AND id IN ($C,$D,$W1)")" = 3
check "DESTROY-2: both witnesses are recorded, each confirmed with their own password" \
	test "$(q "SELECT count(*) FROM destruction_witness WHERE signature='#password'")" = 2
run q 'DELETE FROM destruction'
check "DESTROY-4: the record cannot be deleted" test "$RC" -ne 0
expect_err "DESTROY-4: the database's trigger refuses it" 'destruction records are permanent'
check "DESTROY-4: the records are still there" test "$(q 'SELECT count(*) FROM destruction')" -ge 1
refused "DESTROY-4 a destroyed carrier is not listed again" 6 already_destroyed DESTROY-4 \
	as staff request new destroy --carrier "$C" --reason 再销毁 --param method=shred

# --- level decisions (LEVEL-4/7/8/9/10, KEEP-1) -------------------------------------
expect_rc "LEVEL-4: the handler proposes an upgrade" 0 \
	as staff request new level_change --carrier "$A" --reason 涉及敏感内容 --param to_level=机密 \
	--param basis=保密事项一览表第3条 --json
R_LVL=$(jid)
expect_out "LEVEL-4: the classification authority decides" '"code": "classifier"'
refused "LEVEL-4 a leader is no classification authority" 5 approver_role "" \
	as leader approve "$R_LVL" --comment 同意
check "LEVEL-4: the classification authority approves" as dingmi approve "$R_LVL" --comment 同意
refused "LEVEL-4 the clerk does not decide levels" 5 not_classification_authority LEVEL-4 \
	as clerk execute level-change "$R_LVL"
refused "KEEP-1 an upgrade needs a place for the new level" 5 place_level KEEP-1 \
	as dingmi execute level-change "$R_LVL"
check "KEEP-1: the clerk moves it into the safe first" as clerk carrier move "$A" --place 一号保密柜 --reason 定密升级
expect_rc "LEVEL-7/8: the upgrade is recorded" 0 as dingmi execute level-change "$R_LVL"
expect_out "LEVEL-8: the old marking is struck out next to the new one" '~~秘密★10年~~  →  机密★20年'
expect_out "LEVEL-7: copies and extracts are listed for review" '复制件、摘录件未随之变更'
check "LEVEL-7: the original level is kept" \
	test "$(q "SELECT level || ',' || original_level FROM carrier WHERE id=$A")" = "3,2"
check "LEVEL-7: the copies are not changed" \
	test "$(q "SELECT count(*) FROM carrier WHERE copy_of=$A AND level=2")" = 2
refused "LEVEL-10 not above one's own clearance" 5 above_own_clearance LEVEL-10 \
	as dingmi2 execute decide-level "$A" --to 绝密 --basis 一览表第1条 --reason 升级
refused "LEVEL-9 the catalogue entry is required" 3 required LEVEL-9 \
	as dingmi execute decide-level "$A" --to 秘密 --reason 降级
refused "LEVEL-7 the same level is no change" 3 level_unchanged LEVEL-7 \
	as dingmi execute decide-level "$A" --to 机密 --basis 一览表 --reason 复核
expect_rc "LEVEL-8: declassification by the authority" 0 \
	as dingmi execute decide-level "$A" --to 非密 --basis 一览表第9条 --reason 期限届满 --json
expect_out "LEVEL-8: the carrier is marked 解密" '"new_marking": "解密"'
check "LEVEL-7: two decisions kept in the history" \
	test "$(q "SELECT count(*) FROM level_change WHERE carrier_id=$A")" = 2

# --- a medium's level never goes down (DEV-2; issue 13 point 3) ---------------------
reg --title 机密数据U盘 --level 机密 --kind U盘 --place 一号保密柜 --scope 办公室
U=$(cid 机密数据U盘)
refused "DEV-2 nobody asks to lower a USB stick's level" 5 medium_level_down DEV-2 \
	as staff request new level_change --carrier "$U" --reason 内容已删除 --param to_level=秘密 \
	--param basis=保密事项一览表第3条
refused "DEV-2 the authority does not lower it" 5 medium_level_down DEV-2 \
	as dingmi execute decide-level "$U" --to 秘密 --basis 一览表第9条 --reason 已格式化
refused "DEV-2 nor declassify it" 5 medium_level_down DEV-2 \
	as dingmi execute decide-level "$U" --to 非密 --basis 一览表第9条 --reason 已格式化
check "DEV-2: the stick is still 机密, no level change and no request recorded" \
	test "$(q "SELECT level || ',' || (SELECT count(*) FROM level_change WHERE carrier_id=$U) || ',' || (SELECT count(*) FROM request_item WHERE carrier_id=$U) FROM carrier WHERE id=$U")" = "3,0,0"
# DEV-4 (issue 13.8): nor is a medium raised above the level the policy lets it hold
# (device.electronic_max_level, 机密 by default), by a request or by a decision.
refused "DEV-4 nobody asks to raise a USB stick to 绝密" 5 electronic_level DEV-4 \
	as staff request new level_change --carrier "$U" --reason 存入绝密数据 --param to_level=绝密 \
	--param basis=保密事项一览表第1条
refused "DEV-4 the authority does not raise it to 绝密" 5 electronic_level DEV-4 \
	as dingmi execute decide-level "$U" --to 绝密 --basis 一览表第1条 --reason 存入绝密数据
check "DEV-4: the stick is still 机密, no level change and no request recorded" \
	test "$(q "SELECT level || ',' || (SELECT count(*) FROM level_change WHERE carrier_id=$U) || ',' || (SELECT count(*) FROM request_item WHERE carrier_id=$U) FROM carrier WHERE id=$U")" = "3,0,0"
reg --title 秘密数据光盘 --level 秘密 --kind optical_disc --place 一号保密柜 --scope 办公室
D=$(cid 秘密数据光盘)
expect_rc "DEV-2: raising a medium's level within DEV-4 is allowed" 0 \
	as dingmi execute decide-level "$D" --to 机密 --basis 一览表第1条 --reason 存入机密数据
check "DEV-2: the disc is now 机密" test "$(q "SELECT level FROM carrier WHERE id=$D")" = 3

# --- volumes (LEVEL-5) --------------------------------------------------------------
reg --title 卷内秘密件 --level 秘密 --place 保密室 --scope 办公室
reg --title 卷内机密件 --level 机密 --place 一号保密柜 --scope 办公室
V1=$(cid 卷内秘密件) V2=$(cid 卷内机密件)
refused "LEVEL-5 a volume below its highest part" 5 volume_level_too_low LEVEL-5 \
	as clerk volume create --title 2026年案卷 --level 秘密 "$V1" "$V2"
expect_rc "LEVEL-5: a volume at the highest level of its parts" 0 \
	as clerk volume create --title 2026年案卷 --level 机密 "$V1" "$V2" --json
VOL=$(jid)
check "LEVEL-5: both parts belong to the volume" \
	test "$(q "SELECT count(*) FROM carrier WHERE volume_id=$VOL")" = 2
refused "LEVEL-5 a 绝密 part is not added to a 机密 volume" 5 volume_level_too_low LEVEL-5 \
	as clerk volume add "$VOL" "$B"

# --- hand-over and departure (KEEP-2, PERSON-4) -------------------------------------
refused "KEEP-2 departure refused while carriers are kept" 5 carriers_held KEEP-2 \
	as secadmin depart finance --date 2026-03-01
refused "PERSON-1 the successor must be cleared (temporary hire)" 5 temporary_hire PERSON-3 \
	sides_as finance temp clerk handover finance temp
refused "KEEP-2 the two sides are different people" 3 same_person KEEP-2 \
	sides_as finance finance clerk handover finance 赵会计
refused "KEEP-2 hand-over is recorded by the clerk" 5 role_required KEEP-2 \
	sides_as finance staff staff handover finance staff
# CIRC-1 (issue 13.5): 李员工 is outside the scope of what 赵会计 keeps (财务科); the
# hand-over waits for an approved widening that names him.
refused "CIRC-1 the successor must be inside the carrier's scope" 5 custodian_outside_scope CIRC-1 \
	sides_as finance staff clerk handover finance staff --note 调岗
check "CIRC-1: no hand-over list was written" test "$(q 'SELECT count(*) FROM handover')" = 0
check "CIRC-1: the custodian is unchanged" \
	test "$(q "SELECT custodian_id FROM carrier WHERE id=$E")" = "$(q "SELECT id FROM person WHERE username='finance'")"
expect_rc "CIRC-1: the keeper asks to widen the scope to the successor" 0 \
	as finance request new widen_scope --carrier "$E" --reason 调岗移交 --param add=person:staff --json
R_WID2=$(jid)
check "CIRC-1: the leader approves the widening" as leader approve "$R_WID2" --comment 同意
check "CIRC-1: the clerk widens the scope" as clerk execute widen-scope "$R_WID2"
# KEEP-2, REG-1 (issue 14 point 5): each side confirms the list themselves with their
# own password at the clerk's terminal; a typed name is no signature.
refused "KEEP-2 a typed name is no signature" 3 typed_signature KEEP-2 \
	as clerk handover finance staff --from-signature 赵会计 --to-signature 李员工 --note 调岗
from_only() { BAOMI_FROM_PASSWORD="$(password_of finance)" baomi_as "$@"; }
refused "KEEP-2 the successor confirms themselves" 3 holder_confirmation_required KEEP-2 \
	from_only clerk handover finance staff --note 调岗
fails_before=$(q "SELECT count(*) FROM login_failure WHERE username='staff'")
wrong_to() { BAOMI_TO_PASSWORD=not-his-password from_only "$@"; }
refused "KEEP-2 the successor's wrong password" 5 holder_password_wrong KEEP-2 \
	wrong_to clerk handover finance staff --note 调岗
check "SYS-4: the wrong password counts towards the successor's lockout" \
	test "$(q "SELECT count(*) FROM login_failure WHERE username='staff'")" = $((fails_before + 1))
expect_rc "KEEP-2: everything is handed over on one list" 0 \
	sides_as finance staff clerk handover finance staff --note 调岗
expect_out "KEEP-2: the list names the carrier" "  $E  机密★20年  会计保管戊"
check "KEEP-2: both sides confirmed with their own password (recorded how, never the password)" \
	test -n "$(q "SELECT id FROM handover WHERE from_signature='#password' AND to_signature='#password'")"
expect_out "KEEP-2: the printed list leaves the 签字 lines for the pen" '签字 signature: ________'
check "KEEP-2: the audited hand-over says how each side confirmed" \
	test "$(q "SELECT ($(sql_json detail from_receipt)) || '/' || ($(sql_json detail to_password)) FROM audit_event WHERE action='custody.handover' AND outcome='ok'")" = password/ok
check "KEEP-2: the successor keeps it now" \
	test "$(q "SELECT custodian_id FROM carrier WHERE id=$E")" = "$(q "SELECT id FROM person WHERE username='staff'")"
# KEEP-2, REG-1, REG-4 (issue 14 point 5): the 移交登记簿 and the kept list, reprinted.
HO=$(q "SELECT max(id) FROM handover")
expect_rc "KEEP-2: handover list --json" 0 as clerk handover list --json
check "KEEP-2: the register lists the hand-over, both sides confirmed by password" \
	jq -e --argjson id "$HO" '.items[0].id == $id and .items[0].from_name == "赵会计" and .items[0].from_receipt == "password" and .items[0].to_receipt == "password" and .items[0].carriers == 1' "$OUT"
check "KEEP-2: the list is the classified book's entry 1 (REG-4)" \
	jq -e '.items[0].seq.classified == 1 and .items[0].seq.ordinary == null' "$OUT"
expect_rc "KEEP-2: handover list --person filters by either side" 0 as clerk handover list --person staff --json
check "KEEP-2: the successor's hand-over is there" jq -e '.count == 1' "$OUT"
expect_rc "KEEP-2: handover list --person of someone with none" 0 as clerk handover list --person leader --json
check "KEEP-2: nothing for them" jq -e '.count == 0' "$OUT"
# The carrier moves on after the hand-over: the kept list still says what was handed over.
expect_rc "KEEP-2: the carrier moves on" 0 as clerk carrier move "$E" --custodian clerk --reason 交回保密室
expect_rc "KEEP-2: handover show ID" 0 as clerk handover show "$HO"
expect_out "KEEP-2: the kept list names the carrier as handed over" "1\\. 载体 $E  机密★20年"
expect_out "KEEP-2: the sides' confirmation in the register's words" '移交人确认 handing over: 本人口令确认 '
expect_out "KEEP-2: 签字 left for the pen" '签字 signature: ________'
expect_rc "KEEP-2: handover show --json" 0 as clerk handover show "$HO" --json
check "KEEP-2: the item is stored as handed over (title, level, marking)" \
	jq -e --argjson e "$E" '.items[0].carrier_id == $e and .items[0].title == "会计保管戊" and .items[0].level.code == "secret" and .items_recorded' "$OUT"
check "KEEP-2: the stored item is in the database, not read from the carrier" \
	test "$(q "SELECT title || '/' || level FROM handover_item WHERE handover_id=$HO")" = "会计保管戊/3"
expect_rc "KEEP-2: handover list --format csv --out" 0 as clerk handover list --format csv --out "$WORK/ho.csv"
check "KEEP-2: the CSV register has its columns and the row" \
	grep -q '登记序号,移交单号,移交时间,移交人,接收人,载体数,设备数,移交人确认,接收人确认,监交人,移交人签字,接收人签字,备注' "$WORK/ho.csv"
check "KEEP-2: the CSV row says how each side confirmed" grep -q '本人口令确认' "$WORK/ho.csv"
expect_rc "KEEP-2: handover list --format xlsx --out" 0 as clerk handover list --format xlsx --out "$WORK/ho.xlsx"
check "KEEP-2: an xlsx workbook" test "$(head -c 2 "$WORK/ho.xlsx")" = PK
before_reads=$(q "SELECT count(*) FROM audit_event WHERE action='handover.show'")
expect_rc "SYS-1: an administrator does not read the register" 5 as secadmin handover show "$HO"
expect_err "SYS-1: the refusal names the rule" '\[SYS-1\]'
check "SYS-1: the refusal is audited" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action='handover.show' AND outcome<>'ok'")" -ge 1
expect_rc "KEEP-2: an unknown hand-over" 4 as clerk handover show 9999
expect_err "KEEP-2: unknown_handover" 'unknown_handover'
check "KEEP-2: reading the list is audited" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action='handover.show' AND outcome='ok'")" -ge 2
refused "PERSON-4 only the security administrator records departures" 5 role_required PERSON-4 \
	as clerk depart finance --date 2026-03-01
refused "PERSON-4 not in the future" 3 date_in_future PERSON-4 \
	as secadmin depart finance --date 2026-03-03
expect_rc "PERSON-4: the departure is recorded" 0 as secadmin depart finance --date 2026-03-01
expect_out "PERSON-4: one year of declassification period for an important post" '脱密期至 / declassification period until 2027-03-01'
refused "PERSON-4 nobody leaves twice" 6 already_left PERSON-4 \
	as secadmin depart finance --date 2026-03-01
expect_rc "usage: depart needs --date" 2 as secadmin depart finance
expect_rc "PERSON-4: a temporary hire holding nothing leaves (json)" 0 \
	as secadmin depart temp --date 2026-03-02 --json
expect_out "PERSON-4: the record names the end of the declassification period" '"decl_until": "20[0-9-]+"'
check "PERSON-4: the person is marked left" test "$(q "SELECT status FROM person WHERE username='temp'")" = left

# --- return to issuer (KEEP-3) ------------------------------------------------------
expect_rc "KEEP-3: the carrier goes back to its issuer" 0 as clerk return-to-issuer "$F" --note 按通知清退
check "KEEP-3: status returned, still in the ledger" test "$(q "SELECT status FROM carrier WHERE id=$F")" = returned
refused "KEEP-3 what was returned is not returned again" 6 not_in_store KEEP-3 \
	as clerk return-to-issuer "$F"
refused "KEEP-3 the clerk returns carriers" 5 role_required KEEP-3 \
	as staff return-to-issuer "$V1"
expect_rc "usage: return-to-issuer needs an ID" 2 as clerk return-to-issuer

# --- the audit chain ------------------------------------------------------------------
check "SYS-3: refusals were audited with their rules" \
	test "$(q "SELECT count(*) FROM audit_event WHERE outcome='refused' AND rule IN ('COPY-1','COPY-2','COPY-5','MAKE-1','MAKE-2','MAKE-3','DESTROY-1','DESTROY-2','DESTROY-3','DESTROY-4','LEVEL-4','LEVEL-5','LEVEL-7','LEVEL-9','LEVEL-10','KEEP-1','KEEP-2','KEEP-3','PERSON-4')")" -ge 30
expect_rc "SYS-3: the audit chain verifies after all of it" 0 "$BAOMI" audit verify --db "$DB"

done_testing
