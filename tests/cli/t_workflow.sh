# tests/cli/t_workflow.sh — requests, approvals and the clerk's desk through the
# real binary: a 机密 borrowing from request to check-in (BORROW-1/2, REG-1,
# CIRC-2), the reject and withdraw paths, refusals at filing (SYS-1, SYS-2,
# BORROW-3), circulation (CIRC-1..5) and the audit chain afterwards (SYS-3).
# Every refusal asserts its exit code, its stable code and the rule it names.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

# A fixed clock: Monday 2 March 2026, 10:00 in the unit (UTC+8), so working-day
# terms and "the same day" do not depend on when the suite runs.
export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
# An approver for 机密 borrowing (policy approver.borrow.secret = leader), a
# department head (approver.borrow.confidential), and staff cleared for 机密.
add_approvers() {
	new_account sysadmin 王领导 --username leader --department 办公室 >/dev/null &&
		new_account sysadmin 孙科长 --username head --department 办公室 >/dev/null &&
		as secadmin org grant leader --class core --roles leader --commitment 2026-01-05 >/dev/null &&
		as secadmin org grant head --class important --roles dept_head@办公室 \
			--commitment 2026-01-05 >/dev/null &&
		as secadmin org grant staff --class important --roles staff --commitment 2026-01-05 >/dev/null &&
		add_classifier
}
check "fixture: a supervising leader and a department head" add_approvers
check "fixture: leader and head can log in" as leader request list

reg() { as clerk carrier register "$@" >/dev/null; }
reg --title 机密文件甲 --level 机密 --place 一号保密柜 --scope 办公室
reg --title 秘密文件乙 --level 秘密 --place 保密室 --scope 办公室
reg --title 财务机密丙 --level 机密 --place 一号保密柜 --scope 财务科
reg --title 绝密文件丁 --level 绝密 --place 一号保密柜 --scope 办公室
cid() { query "$DB" "SELECT id FROM carrier WHERE title='$1'"; }
A=$(cid 机密文件甲) B=$(cid 秘密文件乙) C=$(cid 财务机密丙) D=$(cid 绝密文件丁)
check "fixture: four carriers registered" test -n "$A" -a -n "$B" -a -n "$C" -a -n "$D"

# first "id" of the last JSON answer (a request's or a loan's own id)
jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }

# refused NAME EXIT CODE RULE CMD...: refused with exit, stable code, rule, both languages
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
}

# --- the 机密 borrowing, from request to check-in --------------------------------
expect_rc "BORROW-1: staff files a request to borrow a 机密 carrier" 0 \
	as staff request new borrow --carrier "$A" --reason 起草材料需要参考 --json
R1=$(jid)
expect_out "BORROW-1: the request is pending" '"code": "pending"'
expect_out "BORROW-1: the request names the rule" '"rule": "BORROW-1"'
expect_out "BORROW-1: the chain is the policy's 机密 approver, the supervising leader" \
	'"code": "leader"'
expect_rc "request show (text) lists the chain by role" 0 as staff request show "$R1"
expect_out "BORROW-1: text shows 分管领导 in the chain" '审批链 chain: +分管领导（leader）'
expect_out "text shows the status in Chinese" '状态 status: +待审批 / pending'

refused "BORROW-1 nobody approves their own request" 5 self_approval BORROW-1 \
	as staff approve "$R1" --comment 同意
refused "BORROW-1 an approver needs the step's role" 5 approver_role BORROW-1 \
	as finance approve "$R1" --comment 同意
refused "BORROW-1 a department head is not the 机密 approver" 5 approver_role BORROW-1 \
	as head approve "$R1" --comment 同意
refused "BORROW-1 nothing is issued before approval" 5 not_approved BORROW-1 \
	holder_as staff clerk desk issue "$R1"
expect_rc "--json refusal: exit 5" 5 as staff approve "$R1" --comment 同意 --json
expect_out "--json refusal carries the rule" '"rule": "BORROW-1"'
expect_out "--json refusal carries the code" '"code": "self_approval"'
expect_rc "inbox: the leader sees the request waiting" 0 as leader inbox --json
expect_out "inbox lists the request" "\"id\": $R1,"
expect_rc "inbox: the finance officer has nothing waiting" 0 as finance inbox --json
expect_out "inbox of a non-approver is empty" '"total": 0'
refused "BORROW-1 every decision carries a comment" 3 required BORROW-1 \
	as leader approve "$R1"
expect_rc "BORROW-1: the leader approves with a comment" 0 \
	as leader approve "$R1" --comment 同意借阅，按期归还 --json
expect_out "the request is approved" '"code": "approved"'
expect_out "the approval keeps the comment" '"comment": "同意借阅，按期归还"'
expect_out "the approval names the approver" '"approver": "王领导"'
refused "a decided request cannot be decided again" 6 not_pending BORROW-1 \
	as leader reject "$R1" --comment 改主意

refused "REG-1 only the clerk issues" 5 role_required REG-1 \
	holder_as staff staff desk issue "$R1"
refused "REG-1 the holder signs for the item" 3 holder_confirmation_required REG-1 \
	as clerk desk issue "$R1"
refused "REG-1 a name typed by the clerk is no signature" 3 typed_signature REG-1 \
	as clerk desk issue "$R1" --signature 张三
# wrong_holder USER CMD...: `as` while somebody types a password that is not the holder's.
wrong_holder() { BAOMI_HOLDER_PASSWORD=Wrong@2026pass baomi_as "$@"; }
refused "REG-1 the holder's own password, not another's" 5 holder_password_wrong REG-1 \
	wrong_holder clerk desk issue "$R1"
refused "REG-1 a holder with an account does not sign on paper" 3 holder_password_required REG-1 \
	as clerk desk issue "$R1" --paper
expect_rc "REG-1: the clerk issues against the holder's signature" 0 \
	holder_as staff clerk desk issue "$R1" --json
expect_out "the loan is a borrowing" '"kind": "borrow"'
expect_out "the loan records the holder's own confirmation" '"receipt": "password"'
expect_out "BORROW-2: 机密 is due after 5 working days (Mon 9 March, end of day)" \
	'"due_at": "2026-03-09T15:59:59Z"'
expect_rc "the request is now executed" 0 as staff request show "$R1" --json
expect_out "status executed" '"code": "executed"'
refused "an executed request is not issued twice" 6 already_executed BORROW-1 \
	holder_as staff clerk desk issue "$R1"

expect_rc "desk out: the clerk sees the loan" 0 as clerk desk out --json
expect_out "desk out lists the carrier" "\"carrier_id\": $A,"
expect_out "BORROW-2: not overdue on the day of issue" '"overdue": false'
expect_rc "desk out: the borrower sees what they hold" 0 as staff desk out --json
expect_out "the borrower's list has their loan" '"holder": "李员工"'
expect_rc "desk out: someone holding nothing sees nothing" 0 as finance desk out --json
expect_out "nothing out for the finance officer" '"total": 0'
BAOMI_NOW=2026-03-09T15:00:00Z expect_rc "desk out on the due date" 0 as clerk desk out --json
expect_out "BORROW-2: not overdue on the due date itself" '"overdue": false'
BAOMI_NOW=2026-03-10T01:00:00Z expect_rc "desk out after the due date" 0 as clerk desk out --json
expect_out "BORROW-2: overdue the day after the due date" '"overdue": true'
BAOMI_NOW=2026-03-10T01:00:00Z expect_rc "desk out (text) after the due date" 0 as clerk desk out
expect_out "BORROW-2: text flags it 逾期" '逾期 OVERDUE'

refused "BORROW-4 a lent carrier is not lent again" 5 borrower_may_not BORROW-4 \
	as staff request new borrow --carrier "$A" --reason 续借
refused "CIRC-2 a lent carrier comes back to the clerk before circulation" 5 not_in_store CIRC-2 \
	holder_as staff clerk desk circulate "$A" --reader staff --place 保密室
refused "CIRC-2 only the clerk checks items in" 5 role_required CIRC-2 \
	as staff desk checkin "$A"
BAOMI_NOW=2026-03-10T01:00:00Z expect_rc "CIRC-2: the clerk checks it back in (label QR text)" 0 \
	as clerk desk checkin "baomi:carrier:$A" --note 完好无损 --json
expect_out "check-in answer" '"returned": true'
refused "CIRC-2 an item in store is not checked in" 6 not_out CIRC-2 \
	as clerk desk checkin "$A"
expect_rc "desk out is empty again" 0 as clerk desk out --json
expect_out "nothing out" '"total": 0'

expect_rc "REG-1: carrier show has the whole story" 0 as clerk carrier show "$A" --json
expect_out "history: the request" '"action": "request"'
expect_out "history: the approval" '"action": "approve"'
expect_out "history: the issue" '"action": "issue"'
expect_out "history: the check-in" '"action": "checkin"'
expect_out "BORROW-2: the late return is on the record" '"overdue": true'

# --- the reject path ----------------------------------------------------------------
expect_rc "a second request to borrow" 0 \
	as staff request new borrow --carrier "$A" --reason 再次参考 --json
R2=$(jid)
expect_rc "BORROW-1: the leader rejects with a comment" 0 \
	as leader reject "$R2" --comment 无需借阅原件 --json
expect_out "the request is rejected" '"code": "rejected"'
expect_out "the rejection is recorded" '"decision": "rejected"'
refused "BORROW-1 a rejected request is not issued" 5 not_approved BORROW-1 \
	holder_as staff clerk desk issue "$R2"
refused "a rejected request cannot be withdrawn" 6 not_withdrawable BORROW-1 \
	as staff request withdraw "$R2" --comment 撤回
expect_rc "request list filters by status" 0 as staff request list --status rejected --json
expect_out "one rejected request" '"total": 1'

# --- the withdraw path --------------------------------------------------------------
expect_rc "a request to borrow the 秘密 carrier" 0 \
	as staff request new 借阅 --carrier "$B" --reason 学习文件 --json
R3=$(jid)
expect_out "BORROW-1: 秘密 goes to the department head" '"code": "dept_head"'
refused "only the requester withdraws" 5 not_requester BORROW-1 \
	as head request withdraw "$R3" --comment 替他撤回
refused "a withdrawal says why" 3 required "" as staff request withdraw "$R3"
expect_rc "the requester withdraws" 0 as staff request withdraw "$R3" --comment 已无需要 --json
expect_out "the request is withdrawn" '"code": "withdrawn"'
refused "a withdrawn request is not approved" 6 not_pending BORROW-1 \
	as head approve "$R3" --comment 同意
expect_rc "inbox: the head has nothing waiting after the withdrawal" 0 as head inbox --json
expect_out "empty inbox" '"total": 0'

# --- refusals when filing -------------------------------------------------------------
refused "SYS-2 a carrier outside the requester's scope does not exist for them" 4 \
	unknown_carrier SYS-2 as staff request new borrow --carrier "$C" --reason 参考
refused "SYS-2 the same answer as a missing carrier" 4 unknown_carrier SYS-2 \
	as staff request new borrow --carrier 99999 --reason 参考
refused "SYS-2 a 绝密 carrier is hidden from an important-class person" 4 unknown_carrier SYS-2 \
	as staff request new borrow --carrier "$D" --reason 参考
refused "BORROW-3 绝密 is never taken away" 5 onsite_only BORROW-3 \
	as leader request new borrow --carrier "$D" --reason 带回研究 --param take_away=true
refused "SYS-1 the security administrator files no request" 5 admin_no_business SYS-1 \
	as secadmin request new borrow --carrier "$A" --reason 检查
refused "unknown operation" 3 invalid_op "" \
	as staff request new lend --carrier "$A" --reason 参考
refused "missing --reason" 3 required "" as staff request new borrow --carrier "$A"
refused "BORROW-1 a borrowing names its carriers" 3 carriers_required BORROW-1 \
	as staff request new borrow --reason 参考
refused "a parameter of the wrong type" 3 invalid_param "" \
	as staff request new borrow --carrier "$A" --reason 参考 --param take_away=maybe
expect_rc "usage: a carrier ID that is not a number" 2 \
	as staff request new borrow --carrier abc --reason 参考
expect_rc "usage: --param without KEY=VALUE" 2 \
	as staff request new borrow --carrier "$A" --reason 参考 --param take_away
expect_rc "usage: new without an operation" 2 as staff request new --carrier "$A" --reason 参考
expect_rc "usage: unknown subcommand" 2 as staff request frobnicate
refused "unknown request id" 4 unknown_request "" as staff request show 99999
refused "approving an unknown request" 4 unknown_request "" as leader approve 99999 --comment 同意
refused "another person's request does not exist for them" 4 unknown_request "" \
	as finance request show "$R1"
refused "an unknown status filter" 3 invalid_filter "" as staff request list --status 神秘
expect_rc "usage: approve without an ID" 2 as leader approve --comment 同意
expect_rc "the clerk keeps the register of every request" 0 as clerk request list --json
expect_out "the clerk sees all three" '"total": 3'
expect_rc "--mine narrows the clerk to their own" 0 as clerk request list --mine --json
expect_out "the clerk filed none" '"total": 0'
expect_rc "filter by carrier" 0 as staff request list --carrier "$B" --json
expect_out "one request names the 秘密 carrier" '"total": 1'
expect_rc "filter by operation" 0 as staff request list --op read --json
expect_out "no reading requests" '"total": 0'

# --- parameters reach the rules as the API sends them ---------------------------
refused "CARRY-3 never abroad: a boolean --param reaches the rule" 5 abroad_forbidden CARRY-3 \
	as staff request new take_out --carrier "$B" --reason 出差汇报 --param destination=北京 \
	--param purpose=汇报 --param return_date=2026-03-05 --param abroad=true
expect_rc "MAKE-1: a request to make names title, level and copies" 0 \
	as staff request new make --reason 起草通知 --param title=关于保密检查的通知 \
	--param level=秘密 --param copies=3 --param scope=办公室 --param classifier=classifier \
	--param basis=一览表第1项 --json
expect_out "MAKE-1: the request names the rule" '"rule": "MAKE-1"'
expect_out "MAKE-1: the parameters are kept" '"title": "关于保密检查的通知"'
refused "MAKE-1 a request to make a classified carrier names its distribution scope" 3 \
	scope_required MAKE-1 as staff request new make --reason 起草 --param title=某 --param level=秘密 \
	--param copies=1
refused "MAKE-1 a make request names no carrier" 3 no_carriers_for_make MAKE-1 \
	as staff request new make --carrier "$B" --reason 起草 --param title=某 --param level=秘密 \
	--param copies=1
refused "MAKE-2 the number of copies is checked" 3 out_of_range MAKE-2 \
	as staff request new make --reason 起草 --param title=某 --param level=秘密 --param copies=0
expect_rc "usage: the same --param twice" 2 \
	as staff request new make --reason 起草 --param copies=1 --param copies=2

# --- circulation (传阅) -----------------------------------------------------------
refused "CIRC-1 circulation only within the scope" 5 outside_scope CIRC-1 \
	holder_as finance clerk desk circulate "$B" --reader finance --place 保密室
refused "CIRC-2 no lateral passing: only the clerk hands it on" 5 lateral_passing CIRC-2 \
	holder_as head staff desk circulate "$B" --reader head --place 保密室
refused "CIRC-4 the place of reading is recorded" 3 place_required CIRC-4 \
	holder_as staff clerk desk circulate "$B" --reader staff
refused "CIRC-5 the reader signs" 3 holder_confirmation_required CIRC-5 \
	as clerk desk circulate "$B" --reader staff --place 保密室
expect_rc "usage: circulate without --reader" 2 as clerk desk circulate "$B"
expect_rc "CIRC-1..5: the clerk circulates to a reader in scope" 0 \
	holder_as staff clerk desk circulate "$B" --reader staff --place 保密室 --json
expect_out "the loan is a circulation" '"kind": "circulation"'
expect_out "CIRC-4: the place is recorded" '"place": "保密室"'
expect_out "CIRC-3: 秘密 is due back the same day (23:59:59 local)" \
	'"due_at": "2026-03-02T15:59:59Z"'
refused "CIRC-2 a circulating item goes back to the clerk first" 5 not_in_store CIRC-2 \
	holder_as head clerk desk circulate "$B" --reader head --place 保密室
BAOMI_NOW=2026-03-02T13:00:00Z expect_rc "desk out in the evening" 0 as clerk desk out --json
expect_out "CIRC-3: still in time the same evening" '"overdue": false'
BAOMI_NOW=2026-03-03T00:30:00Z expect_rc "desk out next morning" 0 as clerk desk out --json
expect_out "CIRC-3: not back overnight is overdue" '"overdue": true'
BAOMI_NOW=2026-03-03T00:30:00Z expect_rc "INV-3: checked in, attachments missing" 0 \
	as clerk desk checkin "$B" --incomplete --json
expect_out "the check-in flags it incomplete" '"incomplete": true'
expect_rc "history flags the incomplete return" 0 as clerk carrier show "$B" --json
expect_out "INV-3: incomplete in the history" '"incomplete": true'
expect_out "CIRC-5: the reader's own confirmation in the history" '"receipt": "password"'

# --- the chain is the policy's, and a request waits only so long -----------------------
printf 'approver.borrow.secret = dept_head,leader\n' >"$WORK/policy.txt"
expect_rc "SYS-5: the security administrator sets a two-step chain for 机密 borrowing" 0 \
	as secadmin policy import "$WORK/policy.txt" --comment 机密借阅增加科室审核
expect_rc "BORROW-1: a new request takes the new chain" 0 \
	as staff request new borrow --carrier "$A" --reason 核对数据 --json
R4=$(jid)
expect_out "BORROW-1: step 1 is the department head" '"code": "dept_head"'
expect_out "BORROW-1: step 2 is the supervising leader" '"code": "leader"'
refused "BORROW-1 the steps are taken in order" 5 approver_role BORROW-1 \
	as leader approve "$R4" --comment 同意
expect_rc "BORROW-1: the department head approves step 1" 0 \
	as head approve "$R4" --comment 情况属实 --json
expect_out "still pending after step 1" '"code": "pending"'
refused "BORROW-1 one person does not approve two steps" 5 approver_repeated BORROW-1 \
	as head approve "$R4" --comment 再次同意
expect_rc "BORROW-1: the leader approves step 2" 0 as leader approve "$R4" --comment 同意 --json
expect_out "approved after both steps" '"code": "approved"'
expect_rc "an approved, not yet issued request can be withdrawn" 0 \
	as staff request withdraw "$R4" --comment 已从他处获取 --json
expect_out "withdrawn after approval" '"code": "withdrawn"'
refused "BORROW-1 a withdrawn request is not issued" 5 not_approved BORROW-1 \
	holder_as staff clerk desk issue "$R4"
expect_rc "a request left waiting" 0 as staff request new borrow --carrier "$B" --reason 学习 --json
R5=$(jid)
BAOMI_NOW=2026-03-11T02:00:00Z refused "SYS-5 a request pending past approval.max_pending_days lapses" \
	5 request_expired BORROW-1 as head approve "$R5" --comment 同意
expect_rc "the lapsed request shows expired" 0 as staff request show "$R5" --json
expect_out "status expired" '"code": "expired"'

# --- the audit chain --------------------------------------------------------------
expect_rc "SYS-3: every step and refusal is audited" 0 \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action LIKE 'request.%' OR action LIKE 'desk.%'")" -gt 30
expect_rc "SYS-3: refusals are in the chain" 0 \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE outcome='refused' AND action='request.approve'")" -ge 3
expect_rc "SYS-3: the audit chain verifies intact" 0 as auditor audit verify

done_testing
