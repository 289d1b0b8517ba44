# tests/cli/t_foreign.sh — issue 11 point 3, provision abroad (FOREIGN-1),
# word by word through the real binary: providing a classified item to a
# foreign party is a request approved by the unit's leadership (nobody below
# it approves, and the policy cannot name anybody below it), recorded as
# approved by the higher secrecy authority with who, its document number AND
# its date, after which the carrier moves as a dispatch of exactly the
# approved carriers to the approved recipient. Every refusal names FOREIGN-1
# and changes nothing (requests, approvals, dispatches, the carrier).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-23T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
check "the supervising leader exists" add_leader
add_more() {
	new_account sysadmin 一把手 --username boss --department 办公室 >/dev/null &&
		as secadmin org grant boss --class core --roles principal --commitment 2026-01-05 >/dev/null &&
		new_account sysadmin 主任 --username head --department 办公室 >/dev/null &&
		as secadmin org grant head --class core --roles dept_head --commitment 2026-01-05 >/dev/null
}
check "fixture: a principal leader and a department head" add_more

q() { query "$DB" "$1"; }
jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
as clerk carrier register --title 对外交流材料 --level 秘密 --period 10 --place 保密室 --scope 办公室 >/dev/null
as clerk carrier register --title 对外交流附件 --level 秘密 --period 10 --place 保密室 --scope 办公室 >/dev/null
G=$(q "SELECT id FROM carrier WHERE title='对外交流材料'") H=$(q "SELECT id FROM carrier WHERE title='对外交流附件'")
check "fixture: two 秘密 carriers" test -n "$G" -a -n "$H"

state() {
	q "SELECT (SELECT count(*) || ':' || coalesce($(sql_concat "status || '/' || step" id), '') FROM request) || '|' ||
		(SELECT count(*) FROM approval) || '|' || (SELECT count(*) FROM dispatch) || '|' ||
		(SELECT $(sql_concat "id || '/' || status" id) FROM carrier) || '|' ||
		(SELECT count(*) FROM carrier_event) || '|' || (SELECT count(*) FROM policy_version)"
}

# refused NAME EXIT CODE ARGS...: refused under FOREIGN-1 with its code, nothing changed.
refused() {
	local name=$1 rc=$2 code=$3 before
	shift 3
	before=$(state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	expect_err "$name: names rule FOREIGN-1" '\[FOREIGN-1\]'
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(state)" = "$before"
}

file() { # file ARGS...: staff files a provision of G to the embassy
	as staff request new foreign --carrier "$G" --reason 国际交流 --param recipient=某国驻华大使馆 "$@"
}
BY='--param higher_approval.by=省国家保密局李四'
DOC='--param higher_approval.document=省保函〔2026〕8号'
DATE='--param higher_approval.date=2026-11-20'

# --- the higher secrecy authority's approval: who, document number AND date ----------------
refused "FOREIGN-1: not without the higher authority's approval" 5 higher_approval_required file
refused "FOREIGN-1: a flag is not a record" 3 outside_approval_flag file --param higher_approved=true
# shellcheck disable=SC2086
refused "FOREIGN-1: the document number is recorded" 3 outside_approval_incomplete file $BY $DATE
# shellcheck disable=SC2086
refused "FOREIGN-1: the date is recorded" 3 outside_approval_incomplete file $BY $DOC
# shellcheck disable=SC2086
refused "FOREIGN-1: who approved is recorded" 3 outside_approval_incomplete file $DOC $DATE
# shellcheck disable=SC2086
refused "FOREIGN-1: the date is a date" 3 outside_approval_date file $BY $DOC --param higher_approval.date=去年
# shellcheck disable=SC2086
refused "FOREIGN-1: the date is not in the future" 3 outside_approval_future file $BY $DOC \
	--param higher_approval.date=2026-12-30
# shellcheck disable=SC2086
refused "FOREIGN-1: the recipient is named" 3 invalid_param \
	as staff request new foreign --carrier "$G" --reason 国际交流 $BY $DOC $DATE

# --- approved by the unit's leadership -------------------------------------------------------
# shellcheck disable=SC2086
expect_rc "FOREIGN-1: filed with the higher authority's record" 0 file $BY $DOC $DATE --json
R=$(jid)
expect_out "FOREIGN-1: the chain is the principal's for 秘密" '"code": "principal"'
check "FOREIGN-1: the record keeps its number and date" \
	test "$(q "SELECT $(sql_json params higher_approval.document) || '|' || $(sql_json params higher_approval.date) FROM request WHERE id=$R")" = '省保函〔2026〕8号|2026-11-20'
refused "FOREIGN-1: a department head does not approve it" 5 approver_role as head approve "$R" --comment 同意
refused "FOREIGN-1: the clerk does not approve it" 5 approver_role as clerk approve "$R" --comment 同意
refused "FOREIGN-1: nothing is dispatched before approval" 5 not_approved \
	as clerk execute foreign "$R" --channel 机要通信
refused "FOREIGN-1: nor by send --request before approval" 5 not_approved \
	as clerk send new --carrier "$G" --to 某国驻华大使馆 --channel 机要通信 --request "$R"
echo 'approver.foreign.secret = clerk' >"$WORK/foreign.txt"
refused "FOREIGN-1: the policy names nobody below the leadership" 3 invalid \
	as secadmin policy import "$WORK/foreign.txt" --comment 保密员审批对外提供
check "FOREIGN-1: the principal approves" as boss approve "$R" --comment 同意，已报上级批准

# --- then the carrier moves as a dispatch ------------------------------------------------------
refused "FOREIGN-1: a foreign dispatch names its request" 5 foreign_request_required \
	as clerk send new --carrier "$G" --to 某国驻华大使馆 --channel 机要通信 --foreign
refused "FOREIGN-1: only the approved carriers" 5 foreign_carriers_differ \
	as clerk send new --carrier "$G,$H" --to 某国驻华大使馆 --to 某国驻华大使馆 --channel 机要通信 --request "$R"
refused "FOREIGN-1: only to the approved recipient" 5 foreign_recipient_differs \
	as clerk send new --carrier "$G" --to 另一国使馆 --channel 机要通信 --request "$R"
expect_rc "FOREIGN-1: carried out as a dispatch" 0 as clerk execute foreign "$R" --channel 机要通信 --json
check "FOREIGN-1: the dispatch names the request and the foreign party" \
	test "$(q "SELECT foreign_party || '/' || request_id FROM dispatch ORDER BY id DESC LIMIT 1")" = "1/$R"
check "FOREIGN-1: the request is executed" test "$(q "SELECT status FROM request WHERE id=$R")" = executed
check "FOREIGN-1: the carrier left" test "$(q "SELECT status FROM carrier WHERE id=$G")" = taken_out
check "FOREIGN-1: the other carrier stayed" test "$(q "SELECT status FROM carrier WHERE id=$H")" = in_store
refused "FOREIGN-1: carried out once" 6 already_executed as clerk execute foreign "$R" --channel 机要通信
check "FOREIGN-1: refusals are audited" \
	test "$(q "SELECT count(*) FROM audit_event WHERE outcome<>'ok' AND rule='FOREIGN-1'")" -ge 10

done_testing
