# tests/cli/t_stats.sh — `baomi carrier stats` through the real binary: the
# counts by level and by status are views of the one ledger (KEEP-6): their
# total equals the list's total and each count equals the list filtered by
# that level or status; a staff member counts only what SYS-2 shows them; the
# three administrators get no count (SYS-1); the read is audited.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

check "fixture unit builds through the CLI" build_fixture

reg() { as clerk carrier register "$@" >/dev/null; }
jget() { jq -r "$1" "$OUT"; }
# list_total USER ARGS...: the list's total as USER sees it with the filters given.
list_total() {
	local user=$1
	shift
	as "$user" carrier list --json --limit 1 "$@" | jq -r .total
}

register_all() {
	reg --title 绝密方案 --level 绝密 --place 一号保密柜 --scope clerk &&
	reg --title 机密通知 --level 机密 --place 一号保密柜 --scope 办公室 &&
	reg --title 机密通报 --level 机密 --place 一号保密柜 --scope 办公室 &&
	reg --title 秘密通知 --level 秘密 --place 保密室 --scope 办公室 &&
	reg --title 财务报表 --level 秘密 --place 保密室 --scope 财务科 --department 财务科 &&
	reg --title 财务凭证 --level 秘密 --place 保密室 --scope 财务科 --department 财务科 &&
	reg --title 内部通知 --level 内部 --place 档案柜 &&
	reg --title 内部简报 --level 内部 --place 档案柜 --department 财务科 &&
	reg --title 公开材料 --level 非密
}
check "carriers of every level registered" register_all
check "nine carriers in the store" test "$(carrier_count)" = 9

# --- the counts agree with the list (KEEP-6) ---------------------------------
expect_rc "stats as JSON" 0 as clerk carrier stats --json
check "KEEP-6: the stats total is every carrier (9)" test "$(jget .total)" = 9
check "KEEP-6: the stats total equals the list total" test "$(jget .total)" = "$(list_total clerk)"
check "KEEP-6: the level counts add up to the total" test "$(jget '[.by_level[]] | add')" = "$(jget .total)"
check "KEEP-6: the status counts add up to the total" test "$(jget '[.by_status[]] | add')" = "$(jget .total)"
check "levels counted: 1 绝密, 2 机密, 3 秘密, 2 内部, 1 非密" \
	test "$(jget '[.by_level.top_secret, .by_level.secret, .by_level.confidential, .by_level.internal, .by_level.public] | join(",")')" = "1,2,3,2,1"
cp "$OUT" "$WORK/stats.json"
for level in public internal confidential secret top_secret; do
	check "KEEP-6: the $level count equals the list filtered by --level $level" \
		test "$(jq -r ".by_level.$level" "$WORK/stats.json")" = "$(list_total clerk --level $level)"
done
for status in in_store lent destroyed; do
	check "KEEP-6: the $status count equals the list filtered by --status $status" \
		test "$(jq -r ".by_status.$status" "$WORK/stats.json")" = "$(list_total clerk --status $status)"
done

expect_rc "stats as text" 0 as clerk carrier stats
expect_out "the text names the levels in Chinese" '绝密 +top_secret +1$'
expect_out "the text names the statuses" '在库.*in_store +9$'
expect_out "the text gives the total" '^共 9 件 / 9 in all$'

# --- who may count (SYS-1, SYS-2) --------------------------------------------
expect_rc "SYS-2: a staff member counts what they may see" 0 as staff carrier stats --json
staff_total=$(jget .total)
check "SYS-2: the staff total equals the staff list total" test "$staff_total" = "$(list_total staff)"
check "SYS-2: the staff member sees fewer carriers than the clerk" test "$staff_total" -lt 9
check "SYS-2: the staff member does not count the 绝密 item outside their scope" test "$(jget .by_level.top_secret)" = 0
check "SYS-2: the staff member counts 办公室's 秘密 item, not 财务科's two" \
	test "$(jget .by_level.confidential)" = 1

for admin in sysadmin secadmin auditor; do
	expect_rc "SYS-1: $admin gets no count (exit 5)" 5 as $admin carrier stats
	expect_err "SYS-1: $admin refusal names admin_no_business under [SYS-1]" '^error \[SYS-1\] admin_no_business:'
done

# --- audited (SYS-3) ----------------------------------------------------------
check "SYS-3: every count is an audited read" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action = 'carrier.stats' AND outcome = 'ok'")" -ge 3
check "SYS-3: the administrators' attempts are audited as refused" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action = 'carrier.stats' AND outcome = 'refused'")" = 3
expect_rc "SYS-3: the chain verifies" 0 as auditor audit verify

done_testing
