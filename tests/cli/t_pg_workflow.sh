# tests/cli/t_pg_workflow.sh — requests, approvals and loans on PostgreSQL (issue 12):
# t_workflow.sh's 机密 borrowing from request to check-in through the real binary on a
# throw-away cluster (BORROW-1/2, REG-1, CIRC-2), its refusals changing nothing; then
# issue 12 point 2: two `baomi serve` processes on two loopback ports, one database,
# concurrent clients deciding one request and issuing one approved request on both at
# once — exactly one succeeds, every other is refused by the rule and audited, and the
# chain stays one gap-free sequence (SYS-3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

. "$(dirname "$0")/pg_lib.sh"

DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
# Cheap password hashes on both engines, as lib.sh's PostgreSQL mode has them: a test build
# with BAOMI_TEST_FASTHASH=1 hashes at libsodium's minimal cost through the audited use
# cases, so fasthash (which rewrites only a SQLite file) finds nothing to do; the production
# cost on PostgreSQL is t_pg_basics' and t_pg_roles' (a login at it is ~0.2 s, more under ASan).
export BAOMI_FASTHASH=/bin/true
export BAOMI_TEST_FASTHASH=1
# t_workflow.sh's clock: Monday 2 March 2026, 10:00 in the unit (UTC+8).
export BAOMI_NOW=2026-03-02T02:00:00Z

check "the fixture unit builds through the CLI on PostgreSQL" build_fixture
add_approvers() {
	new_account sysadmin 王领导 --username leader --department 办公室 >/dev/null &&
		as secadmin org grant leader --class core --roles leader --commitment 2026-01-05 >/dev/null &&
		as secadmin org grant staff --class important --roles staff --commitment 2026-01-05 >/dev/null
}
check "fixture: a supervising leader; staff cleared for 机密" add_approvers

reg() { as clerk carrier register --level 机密 --place 一号保密柜 --scope 办公室 --title "$@" >/dev/null; }
reg 机密文件甲 && reg 机密文件乙 && reg 机密文件丙
cid() { sql "SELECT id FROM carrier WHERE title = '$1'"; }
A=$(cid 机密文件甲) B=$(cid 机密文件乙) C=$(cid 机密文件丙)
check "fixture: three 机密 carriers on PostgreSQL" test -n "$A" -a -n "$B" -a -n "$C"

jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
}
# The request's row, its approvals and loans, and the carrier's status: what a refusal must not change.
state() {
	sql "SELECT r.status || ' ' || r.step || ' ' || coalesce(r.decided_at, '-') || ' '
		|| coalesce(r.executed_at, '-') || ' '
		|| (SELECT count(*) FROM approval WHERE request_id = r.id) || ' '
		|| (SELECT count(*) FROM loan WHERE request_id = r.id) || ' '
		|| (SELECT string_agg(c.status, ',' ORDER BY c.id) FROM request_item i
		    JOIN carrier c ON c.id = i.carrier_id WHERE i.request_id = r.id)
		FROM request r WHERE r.id = $1"
}
unchanged() { test "$(state "$1")" = "$2"; }

# --- the 机密 borrowing, from request to check-in --------------------------------
expect_rc "BORROW-1: staff files a request to borrow a 机密 carrier on PostgreSQL" 0 \
	as staff request new borrow --carrier "$A" --reason 起草材料需要参考 --json
R1=$(jid)
expect_out "BORROW-1: the request is pending" '"code": "pending"'
expect_out "BORROW-1: the chain is the supervising leader" '"code": "leader"'
check "… the row and its item are on PostgreSQL" \
	test "$(sql "SELECT r.kind || ' ' || r.status || ' ' || i.carrier_id FROM request r
		JOIN request_item i ON i.request_id = r.id WHERE r.id = $R1")" = "borrow pending $A"
before=$(state "$R1")
refused "BORROW-1 nobody approves their own request" 5 self_approval BORROW-1 \
	as staff approve "$R1" --comment 同意
check "… and nothing changed" unchanged "$R1" "$before"
refused "BORROW-1 an approver needs the step's role" 5 approver_role BORROW-1 \
	as finance approve "$R1" --comment 同意
refused "BORROW-1 nothing is issued before approval" 5 not_approved BORROW-1 \
	holder_as staff clerk desk issue "$R1"
check "… and nothing changed" unchanged "$R1" "$before"
expect_rc "inbox: the leader sees the request waiting" 0 as leader inbox --json
expect_out "inbox lists the request" "\"id\": $R1,"
refused "BORROW-1 every decision carries a comment" 3 required BORROW-1 as leader approve "$R1"
expect_rc "BORROW-1: the leader approves with a comment" 0 \
	as leader approve "$R1" --comment 同意借阅，按期归还 --json
expect_out "the request is approved" '"code": "approved"'
expect_out "the approval names the approver" '"approver": "王领导"'
check "… one approval row on PostgreSQL" \
	test "$(sql "SELECT decision || ' ' || role || ' ' || step FROM approval WHERE request_id = $R1")" = "approved leader 0"
before=$(state "$R1")
refused "a decided request cannot be decided again" 6 not_pending BORROW-1 \
	as leader reject "$R1" --comment 改主意
check "… and nothing changed" unchanged "$R1" "$before"
refused "REG-1 the holder signs for the item" 3 holder_confirmation_required REG-1 \
	as clerk desk issue "$R1"
check "… and nothing changed" unchanged "$R1" "$before"
expect_rc "REG-1: the clerk issues against the holder's own password" 0 \
	holder_as staff clerk desk issue "$R1" --json
expect_out "the loan is a borrowing" '"kind": "borrow"'
expect_out "the loan records the holder's own confirmation" '"receipt": "password"'
expect_out "BORROW-2: 机密 is due after 5 working days (Mon 9 March, end of day)" \
	'"due_at": "2026-03-09T15:59:59Z"'
check "… the loan, the executed request and the lent carrier on PostgreSQL" \
	test "$(state "$R1" | cut -d' ' -f1,2,6,7)" = "executed 1 1 lent"
before=$(state "$R1")
refused "an executed request is not issued twice" 6 already_executed BORROW-1 \
	holder_as staff clerk desk issue "$R1"
check "… and nothing changed" unchanged "$R1" "$before"
expect_rc "desk out: the clerk sees the loan" 0 as clerk desk out --json
expect_out "desk out lists the carrier" "\"carrier_id\": $A,"
expect_out "BORROW-2: not overdue on the day of issue" '"overdue": false'
BAOMI_NOW=2026-03-10T01:00:00Z expect_rc "desk out after the due date" 0 as clerk desk out --json
expect_out "BORROW-2: overdue the day after the due date" '"overdue": true'
refused "CIRC-2 only the clerk checks items in" 5 role_required CIRC-2 as staff desk checkin "$A"
BAOMI_NOW=2026-03-10T01:00:00Z expect_rc "CIRC-2: the clerk checks it back in" 0 \
	as clerk desk checkin "baomi:carrier:$A" --note 完好无损 --json
expect_out "check-in answer" '"returned": true'
check "… the loan is closed and the carrier in store on PostgreSQL" \
	test "$(sql "SELECT c.status || ' ' || (l.returned_at IS NOT NULL) FROM loan l
		JOIN carrier c ON c.id = l.carrier_id WHERE l.request_id = $R1")" = "in_store true"
refused "CIRC-2 an item in store is not checked in" 6 not_out CIRC-2 as clerk desk checkin "$A"
expect_rc "desk out is empty again" 0 as clerk desk out --json
expect_out "nothing out" '"total": 0'
expect_rc "REG-1: carrier show has the whole story" 0 as clerk carrier show "$A" --json
expect_out "history: the request" '"action": "request"'
expect_out "history: the approval" '"action": "approve"'
expect_out "history: the issue" '"action": "issue"'
expect_out "history: the check-in" '"action": "checkin"'
expect_out "BORROW-2: the late return is on the record" '"overdue": true'

# --- the reject and withdraw paths ----------------------------------------------------
expect_rc "a second request to borrow" 0 as staff request new borrow --carrier "$A" --reason 再次参考 --json
R2=$(jid)
expect_rc "BORROW-1: the leader rejects with a comment" 0 \
	as leader reject "$R2" --comment 无需借阅原件 --json
expect_out "the request is rejected" '"code": "rejected"'
before=$(state "$R2")
refused "BORROW-1 a rejected request is not issued" 5 not_approved BORROW-1 \
	holder_as staff clerk desk issue "$R2"
refused "a rejected request cannot be withdrawn" 6 not_withdrawable BORROW-1 \
	as staff request withdraw "$R2" --comment 撤回
check "… and nothing changed" unchanged "$R2" "$before"
expect_rc "a third request" 0 as staff request new borrow --carrier "$A" --reason 学习文件 --json
R3=$(jid)
expect_rc "the requester withdraws" 0 as staff request withdraw "$R3" --comment 已无需要 --json
expect_out "the request is withdrawn" '"code": "withdrawn"'
refused "a withdrawn request is not approved" 6 not_pending BORROW-1 \
	as leader approve "$R3" --comment 同意
expect_rc "request list filters by status" 0 as staff request list --status rejected --json
expect_out "one rejected request" '"total": 1'
expect_rc "the clerk keeps the register of every request" 0 as clerk request list --json
expect_out "the clerk sees all three" '"total": 3'
expect_rc "filter by carrier" 0 as staff request list --carrier "$A" --json
expect_out "three requests name the carrier" '"total": 3'
expect_rc "filter by operation" 0 as staff request list --op read --json
expect_out "no reading requests" '"total": 0'
refused "another person's request does not exist for them" 4 unknown_request "" \
	as finance request show "$R1"
refused "approving an unknown request" 4 unknown_request "" as leader approve 99999 --comment 同意

# --- destruction and hand-over (DESTROY-1..4, KEEP-2) -----------------------------------
as clerk carrier register --title 待销毁丁 --level 秘密 --place 保密室 --scope 办公室 >/dev/null
as clerk carrier register --title 个人保管庚 --level 秘密 --place 保密室 --scope 办公室 \
	--custodian staff --keep-reason 日常工作 --keep-approver leader --keep-until 2030-12-31 >/dev/null
D=$(cid 待销毁丁) K=$(cid 个人保管庚)
check "fixture: a carrier to destroy, one kept by staff" test -n "$D" -a -n "$K"
expect_rc "DESTROY-1: staff lists a carrier for destruction" 0 \
	as staff request new destroy --carrier "$D" --reason 到期销毁 --param method=shred --json
R_DEL=$(jid)
check "DESTROY-1: the leader approves the list" as leader approve "$R_DEL" --comment 同意
before=$(state "$R_DEL")
refused "DESTROY-2 the requester is no witness" 5 requester_witness DESTROY-2 \
	witnesses_as finance staff clerk execute destroy "$R_DEL" --witness finance --witness staff --place 销毁室
refused "DESTROY-2 listed witnesses did not confirm" 3 holder_confirmation_required DESTROY-2 \
	as clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室
check "… and nothing changed" unchanged "$R_DEL" "$before"
check "… no destruction record" test "$(sql 'SELECT count(*) FROM destruction')" = 0
expect_rc "DESTROY-1..4: destroyed with two witnesses, each with their own password" 0 \
	witnesses_as finance clerk clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室 --json
expect_out "DESTROY-3: the method is recorded" '"code": "shred"'
check "DESTROY-4: the carrier stays in the ledger, destroyed; the request executed" \
	test "$(state "$R_DEL" | cut -d' ' -f1,7)" = "executed destroyed"
check "DESTROY-2: both witnesses on PostgreSQL, each confirmed with their own password" \
	test "$(sql "SELECT string_agg(signature, ',' ORDER BY position) FROM destruction_witness")" = '#password,#password'
before=$(state "$R_DEL")
refused "a destruction is not executed twice" 6 already_executed DESTROY-1 \
	witnesses_as finance clerk clerk execute destroy "$R_DEL" --witness finance --witness clerk --place 销毁室
check "… and nothing changed" unchanged "$R_DEL" "$before"
check "… one destruction record" test "$(sql 'SELECT count(*) FROM destruction')" = 1
expect_rc "DESTROY-4: carrier show reads the destruction back" 0 as clerk carrier show "$D" --json
expect_out "… with its place" '销毁室'
check "fixture: a classification authority (定密责任人)" add_classifier
as clerk carrier register --title 待定密戊 --level 秘密 --place 一号保密柜 --scope 办公室 >/dev/null
L=$(cid 待定密戊)
expect_rc "LEVEL-4: the handler proposes an upgrade" 0 \
	as staff request new level_change --carrier "$L" --reason 涉及敏感内容 --param to_level=机密 \
	--param basis=保密事项一览表第3条 --json
R_LVL=$(jid)
refused "LEVEL-4 a leader is no classification authority" 5 approver_role "" \
	as leader approve "$R_LVL" --comment 同意
check "LEVEL-4: the classification authority approves" as classifier approve "$R_LVL" --comment 同意
refused "LEVEL-4 the clerk does not decide levels" 5 not_classification_authority LEVEL-4 \
	as clerk execute level-change "$R_LVL"
check "… no level change recorded" test "$(sql 'SELECT count(*) FROM level_change')" = 0
# Executing it also looks for the devices kept with the carrier (LEVEL-7, device_list,
# pg_device.c): on PostgreSQL the whole execution runs.
expect_rc "LEVEL-4/7: the classification authority executes the upgrade on PostgreSQL" 0 \
	as classifier execute level-change "$R_LVL"
check "… one level change recorded, the carrier now 机密" test \
	"$(sql "SELECT (SELECT count(*) FROM level_change) || ' ' || level FROM carrier WHERE id = $L")" = "1 3"
check "… the request executed" test "$(state "$R_LVL" | cut -d' ' -f1)" = executed
before=$(state "$R_LVL")
refused "a level change is not executed twice" 6 already_executed "" \
	as classifier execute level-change "$R_LVL"
check "… and nothing changed" unchanged "$R_LVL" "$before"
refused "KEEP-2 a typed name is no signature" 3 typed_signature KEEP-2 \
	as clerk handover staff leader --from-signature 李员工 --to-signature 王领导 --note 调岗
check "… no hand-over list was written" test "$(sql 'SELECT count(*) FROM handover')" = 0
# The list also names the devices a person keeps (device_list, pg_device.c).
expect_rc "KEEP-2: the hand-over on PostgreSQL, both sides confirming themselves" 0 \
	sides_as staff leader clerk handover staff leader --note 调岗
check "… one list written, the leader keeps the carrier now" test "$(sql "SELECT
	(SELECT count(*) FROM handover) || ' ' || p.username FROM carrier c
	JOIN person p ON p.id = c.custodian_id WHERE c.id = $K")" = "1 leader"
check "REG-4: … the list numbered 1 in the classified book" \
	test "$(sql "SELECT class || ' ' || seq FROM handover_entry")" = "classified 1"

# --- sending and receipts (SEND-1..5) ----------------------------------------------------
reg 发文己 && reg 发文庚 && reg 发文辛 && reg 发文壬
F=$(cid 发文己) G=$(cid 发文庚) H=$(cid 发文辛) I=$(cid 发文壬)
# disp: a dispatch's status and its items as carrier:signed, in the order the clerk gave them.
disp() { as clerk send show "$1" --json 2>/dev/null | jq -r '.status + " " + ([.items[] |
	"\(.carrier_id):\(.signed_at != null)"] | join(","))'; }
expect_rc "SEND-1/2: two 机密 carriers by confidential courier, the later one listed first" 0 \
	as clerk send new --carrier "$G,$F" --to 市教育局 --to 区教育局 --channel 机要通信 --courier 刘机要 --json
DISP=$(jid)
check "… on PostgreSQL, open, the items in the order given" test "$(disp "$DISP")" = "open $G:false,$F:false"
check "ledger.h: a dispatched carrier is on its way (taken_out)" \
	test "$(sql "SELECT string_agg(status, ',') FROM carrier WHERE id IN ($F, $G)")" = taken_out,taken_out
expect_rc "SEND-4: the first receipt signed" 0 as clerk send sign "$DISP" --carrier "$G" --by 市教育局王收
check "… still open; the signed item keeps its place in the list" test "$(disp "$DISP")" = "open $G:true,$F:false"
refused "SEND-4 a receipt is signed once" 6 already_signed SEND-4 \
	as clerk send sign "$DISP" --carrier "$G" --by 又一人
refused "SEND-4 only carriers on the dispatch are signed for" 4 not_on_dispatch SEND-4 \
	as clerk send sign "$DISP" --carrier "$H" --by 某人
check "… and nothing changed" test "$(disp "$DISP")" = "open $G:true,$F:false"
expect_rc "SEND-4: the last receipt signed" 0 as clerk send sign "$DISP" --carrier "$F" --by 区教育局李收
expect_out "SEND-4: the dispatch completes when every receipt is signed" '已办结 complete'
check "… complete on PostgreSQL, both signed for (returned)" test "$(disp "$DISP") $(sql "SELECT
	string_agg(status, ',') FROM carrier WHERE id IN ($F, $G)")" = "complete $G:true,$F:true returned,returned"
expect_rc "SEND-4: a dispatch of two for the receipt race" 0 \
	as clerk send new --carrier "$H,$I" --to 甲单位 --to 乙单位 --channel 机要通信 --courier 刘机要 --json
DISP2=$(jid)

# --- issue 12 point 2: two servers, one database, one decision ------------------------
check "server one starts on its own port" serve one
S1=$SERVED
check "server two starts on another, against the same database" serve two
S2=$SERVED
check "… two servers, two ports" test -n "$S1" -a -n "$S2" -a "$S1" != "$S2"
LT=$(login leader "$S1")
CT=$(login clerk "$S2")
check "the leader logs in on server one, the clerk on server two" test -n "$LT" -a -n "$CT"
N=8
expect_rc "a request to borrow for the race" 0 \
	as staff request new borrow --carrier "$B" --reason 核对数据 --json
R4=$(jid)
seq_before=$(sql "SELECT max(seq) FROM audit_event")
race $N "/api/v1/requests/$R4/approve" '{"comment": "同意"}' "$LT"
check "BORROW-1: $N approvals at once on two servers: exactly one succeeds" \
	grep -qx "1 200 ok " "$WORK/race"
check "… every other is refused: the request is no longer pending (409, BORROW-1)" \
	grep -qx "$((N - 1)) 409 not_pending BORROW-1" "$WORK/race"
check "… one approval row, the request approved once" \
	test "$(state "$R4" | cut -d' ' -f1,2,5)" = "approved 1 1"
check "SYS-3: … one success and $((N - 1)) refusals in the chain" test \
	"$(sql "SELECT string_agg(outcome || ':' || n, ' ' ORDER BY outcome) FROM (SELECT outcome,
		count(*) AS n FROM audit_event WHERE action = 'request.approve' AND seq > $seq_before
		GROUP BY outcome) x")" = "ok:1 refused:$((N - 1))"
check "… the refusals name the rule" test "$(sql "SELECT count(*) FROM audit_event
	WHERE action = 'request.approve' AND outcome = 'refused' AND rule = 'BORROW-1'
	AND seq > $seq_before")" = $((N - 1))
seq_before=$(sql "SELECT max(seq) FROM audit_event")
race $N /api/v1/desk/issue "{\"request_id\": $R4, \"holder_password\": \"$(password_of staff)\"}" "$CT"
check "REG-1: $N issues of one approved request at once on two servers: exactly one loan" \
	grep -qx "1 201 ok " "$WORK/race"
check "… every other is refused: already carried out (409, BORROW-1)" \
	grep -qx "$((N - 1)) 409 already_executed BORROW-1" "$WORK/race"
check "… one loan, the request executed once, the carrier lent" \
	test "$(state "$R4" | cut -d' ' -f1,6,7)" = "executed 1 lent"
check "SYS-3: … one success and $((N - 1)) refusals in the chain" test \
	"$(sql "SELECT string_agg(outcome || ':' || n, ' ' ORDER BY outcome) FROM (SELECT outcome,
		count(*) AS n FROM audit_event WHERE action = 'desk.issue' AND seq > $seq_before
		GROUP BY outcome) x")" = "ok:1 refused:$((N - 1))"
# Two receipts, each signed twice at once, on both servers: each item signed once, and the
# last signature, whichever server took it, closes the dispatch (SEND-4).
seq_before=$(sql "SELECT max(seq) FROM audit_event")
for i in 1 2 3 4; do
	if [ $((i % 2)) -eq 1 ]; then item=$H; else item=$I; fi
	if [ "$i" -le 2 ]; then s=$S1; else s=$S2; fi
	curl -s -o "$WORK/sign.$i.json" -X POST -H "Authorization: Bearer $CT" \
		-H 'Content-Type: application/json' -d "{\"carrier_id\": $item, \"signed_by\": \"收件人$i\"}" \
		"$s/api/v1/dispatches/$DISP2/sign" &
	signers[i]=$!
done
wait "${signers[@]}"
# (a refusal says already_signed, or dispatch_complete once the other item closed it)
check "SEND-4: four signatures of two receipts at once on two servers: two recorded, two refused" \
	test "$(for i in 1 2 3 4; do jq -r '.error.code // "ok"' "$WORK/sign.$i.json"; done |
		sed 's/^already_signed$/refused/; s/^dispatch_complete$/refused/' | sort | uniq -c |
		awk '{printf "%s %s ", $1, $2}')" = "2 ok 2 refused "
check "… the dispatch complete, each item signed once" test "$(disp "$DISP2")" = "complete $H:true,$I:true"
check "SYS-3: … the refusals audited with the rule" test "$(sql "SELECT count(*) FROM audit_event
	WHERE action = 'dispatch.sign' AND outcome = 'refused' AND rule = 'SEND-4' AND seq > $seq_before")" = 2
# A rejection and an approval racing: whichever comes first decides, the other is refused.
expect_rc "a request to borrow for a reject/approve race" 0 \
	as staff request new borrow --carrier "$C" --reason 对照原文 --json
R5=$(jid)
curl -s -o "$WORK/rj.json" -X POST -H "Authorization: Bearer $LT" -H 'Content-Type: application/json' \
	-d '{"comment": "不同意"}' "$S1/api/v1/requests/$R5/reject" &
rj=$!
curl -s -o "$WORK/ap.json" -X POST -H "Authorization: Bearer $LT" -H 'Content-Type: application/json' \
	-d '{"comment": "同意"}' "$S2/api/v1/requests/$R5/approve"
wait $rj
check "BORROW-1: a rejection and an approval at once on two servers: one decides" test \
	"$( (jq -r '.error.code // "ok"' "$WORK/rj.json"; jq -r '.error.code // "ok"' "$WORK/ap.json") |
		sort | tr '\n' ' ')" = "not_pending ok "
check "… one approval row, matching the status" test "$(sql "SELECT count(*) || ' ' ||
	bool_and(a.decision = r.status) FROM approval a JOIN request r ON r.id = a.request_id
	WHERE r.id = $R5")" = "1 true"

# --- writers queue at the chain's head ------------------------------------------------------
# A write transaction takes the head when it begins (pg_begin, docs/ARCHITECTURE.md), before
# any row: while another session holds the head, a write waits on pg_begin's own statement,
# not later on a row or at the chain's append (whose statement reads seq, hash, at).
# (the holder sleeps until it is cancelled below, not 30 s of its own, which could end before
# a loaded machine's writer reached the head: the writer then never waited)
psql -X -q "$url" -c "BEGIN; SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE; SELECT pg_sleep(3600); COMMIT;" \
	>/dev/null 2>&1 &
holder=$!
# (up to 30 s: on a loaded machine the holder's psql may take seconds to hold the head, and
# the writer must not start before it does)
for _ in $(seq 300); do
	[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3600)%' AND state = 'active'
		AND pid <> pg_backend_pid()")" = 1 ] && break
	sleep 0.1
done
reg 排队写入的载体 &
writer=$!
waiting=""
for _ in $(seq 300); do
	waiting=$(sql "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock'
		AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_sleep%'")
	[ -n "$waiting" ] && break
	sleep 0.1
done
check "a write waits for the head at its first statement (pg_begin's), before any row" \
	test "$waiting" = "SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE"
sql "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3600)%'
	AND pid <> pg_backend_pid()" >/dev/null
wait $holder
wait $writer
check "… and goes on when the head is free" test "$?" = 0
check "… its carrier registered" test "$(sql "SELECT count(*) FROM carrier WHERE title = '排队写入的载体'")" = 1

# --- the chain -------------------------------------------------------------------------
chain_holds

done_testing
