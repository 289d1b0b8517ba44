# tests/cli/t_keeping.sh — personal keeping (个人保管, KEEP-6) through the
# real binary: registering or moving a carrier to a person who is not a
# clerk needs --keep-reason, --keep-approver and --keep-until, refused under
# KEEP-6 otherwise with nothing written; the terms show in `carrier show`
# (text and JSON) and its history; a move back to the clerk ends them; past
# the end date the clerk and the keeper see a KEEP-6 alert.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-23T02:00:00Z

check "fixture unit builds through the CLI" build_fixture

jget() { jq -r "$1" "$OUT"; }
state() { query "$DB" "SELECT (SELECT count(*) FROM carrier) || '/' || (SELECT count(*) FROM carrier_event) || '/' ||
	(SELECT coalesce($(sql_concat "coalesce(keep_until, '-')" id), '') FROM carrier)"; }
# refused NAME EXIT CODE CMD...: exit status, code under [KEEP-6], nothing written.
refused() {
	local name=$1 rc=$2 code=$3 before
	shift 3
	before=$(state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code' under [KEEP-6]" "^error \\[KEEP-6\\] $code:"
	check "$name: nothing written" test "$(state)" = "$before"
}
reg() { as clerk carrier register --title 财务报表 --level 秘密 --place 保密室 --scope 财务科 "$@"; }

refused "KEEP-6 a person keeps without terms" 3 keeping_terms_required reg --custodian finance
expect_err "KEEP-6: the refusal names all three terms in Chinese" '保管理由、批准人、保管期限'
expect_err "KEEP-6: and in English" 'until when'
refused "KEEP-6 the end date is missing" 3 keeping_terms_required \
	reg --custodian finance --keep-reason 年度审计 --keep-approver clerk
expect_err "KEEP-6: only the missing term is named" '须登记保管期限'
refused "KEEP-6 an end date in the past" 3 keeping_until_past \
	reg --custodian finance --keep-reason 年度审计 --keep-approver clerk --keep-until 2026-11-22
refused "KEEP-6 the keeper approves their own keeping" 3 keeping_self_approved \
	reg --custodian finance --keep-reason 年度审计 --keep-approver finance --keep-until 2027-06-30
refused "KEEP-6 an administrator approves" 3 keeping_approver_admin \
	reg --custodian finance --keep-reason 年度审计 --keep-approver secadmin --keep-until 2027-06-30
refused "KEEP-6 an unknown approver" 4 unknown_person \
	reg --custodian finance --keep-reason 年度审计 --keep-approver 无此人 --keep-until 2027-06-30

expect_rc "KEEP-6: with why, who approved and until when it registers" 0 \
	reg --custodian finance --keep-reason 年度审计 --keep-approver clerk --keep-until 2027-06-30 --json
ID=$(jget .id)
check "KEEP-6: the JSON shows the terms" \
	jq -e '.keeping.reason == "年度审计" and .keeping.approver == "张保密" and .keeping.until == "2027-06-30"' "$OUT"
expect_rc "KEEP-5: the clerk keeps without terms" 0 \
	as clerk carrier register --title 内部通知 --level 内部 --json
check "KEEP-6: no keeping terms for the clerk" jq -e '.keeping == null' "$OUT"

expect_rc "carrier show (text)" 0 as clerk carrier show "$ID"
expect_out "KEEP-6: show names the keeping" '个人保管 kept personally \(KEEP-6\): 理由 reason 年度审计; 批准人 approver 张保密; 至 until 2027-06-30'
expect_rc "carrier show --json" 0 as clerk carrier show "$ID" --json
check "KEEP-6: the history records the terms" jq -e '.history[0].detail.keep_until == "2027-06-30"' "$OUT"

# --- moves --------------------------------------------------------------------
expect_rc "KEEP-6: back to the clerk" 0 as clerk carrier move "$ID" --custodian clerk --reason 交回
check "KEEP-6: the keeping has ended" test "$(query "$DB" "SELECT coalesce(keep_until, 'none') FROM carrier WHERE id = $ID")" = none
refused "KEEP-6 a move to a person without terms" 3 keeping_terms_required \
	as clerk carrier move "$ID" --custodian finance --reason 再借
expect_rc "KEEP-6: a move to a person with terms" 0 as clerk carrier move "$ID" --custodian finance \
	--reason 再借 --keep-reason 季度核对 --keep-approver clerk --keep-until 2026-12-31
expect_rc "carrier show after the move" 0 as clerk carrier show "$ID" --json
check "KEEP-6: the new terms are shown" jq -e '.keeping.reason == "季度核对" and .keeping.until == "2026-12-31"' "$OUT"
check "KEEP-6: the move's history line carries them" \
	jq -e '[.history[] | select(.action == "move")] | last | .detail.keep_until == "2026-12-31"' "$OUT"

# --- the alert past the end date ------------------------------------------------
alert_for() { # alert_for USER: the KEEP-6 alerts about $ID on 2027-01-03
	BAOMI_NOW=2027-01-03T02:00:00Z as "$1" alerts --json |
		jq -r "[.alerts[] | select(.rule == \"KEEP-6\" and .carrier_id == $ID)] | length"
}
check "KEEP-6: no alert before the end date" test "$(as clerk alerts --json | jq "[.alerts[] | select(.rule == \"KEEP-6\")] | length")" = 0
check "KEEP-6: past its end date the clerk is told" test "$(alert_for clerk)" = 1
check "KEEP-6: and so is the keeper" test "$(alert_for finance)" = 1
check "KEEP-6: a staff member who keeps nothing is not" test "$(alert_for staff)" = 0
run as_at 2027-01-03T02:00:00Z clerk alerts
expect_out "KEEP-6: the text alert names the rule and the end date" 'KEEP-6.*2026-12-31'

expect_rc "SYS-3: the chain verifies" 0 as auditor audit verify

done_testing
