# tests/cli/t_orgduty.sh — the unit's responsibility system (保密工作责任制,
# ORG-1) through the real binary: the leadership group (保密工作领导小组)
# with its one head and its one leader in charge, each department's
# responsible leader and secrecy clerk, who records them, the gaps as ORG-1
# alerts (no group, a department without its leader or clerk, a member's or
# responsible leader's statement missing or lapsed), the history kept and
# bound to the audit chain; every refusal with its code, rule ID, exit
# status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-12-05T02:00:00Z
check "fixture unit builds through the CLI" build_fixture
check "a supervising leader (王领导, 分管领导)" add_leader
new_account sysadmin 陈主任 --username principal --department 办公室 >/dev/null &&
	as secadmin org grant principal --class core --roles principal --commitment 2026-01-05 >/dev/null
new_account sysadmin 周副 --username deputy2 --department 办公室 >/dev/null &&
	as secadmin org grant deputy2 --class important --roles leader --commitment 2026-01-05 >/dev/null
check "fixture: the principal and a second leader exist" \
	test "$(query "$DB" "SELECT count(*) FROM person WHERE username IN ('principal','deputy2')")" = 2

jtrue() { jq -e "$1" "$OUT" >/dev/null; }

# Everything the responsibility system holds, as one line: a refusal leaves it as it was.
duty_state() {
	query "$DB" "SELECT (SELECT $(sql_concat "CAST(id AS TEXT) || person_id || role || in_charge || appointed_on || document || coalesce(ended_on,'') || coalesce(end_document,'')" id ';') FROM duty_member)
		|| '|' || (SELECT $(sql_concat "CAST(id AS TEXT) || department_id || leader_id || clerk_id || since || coalesce(document,'') || coalesce(ended_on,'')" id ';') FROM duty_department)
		|| '|' || (SELECT count(*) FROM duty_event)"
}

# refused NAME EXIT CODE ARGS...: refused with code and ORG-1, nothing changed
refused() {
	local name=$1 rc=$2 code=$3
	shift 3
	local before
	before=$(duty_state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	expect_err "$name: names rule ORG-1" "\\[ORG-1\\]"
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(duty_state)" = "$before"
}

alerts_as() { as "$1" alerts --json >"$WORK/alerts.json" 2>/dev/null; }
has_alert() { jq -e "any(.alerts[]; .rule == \"ORG-1\" and $1)" "$WORK/alerts.json" >/dev/null; }
no_alert() { jq -e '.alerts | type == "array"' "$WORK/alerts.json" >/dev/null && ! has_alert "$1"; }

# --- the gaps before anything is recorded -------------------------------------------
check "ORG-1: the clerk's alerts" alerts_as clerk
check "ORG-1: no leadership group recorded is an alert" has_alert '.code == "duty_group_missing"'
check "ORG-1: a department without its responsible leader and clerk is an alert (办公室)" \
	has_alert '.code == "duty_department_unassigned" and (.message | test("办公室"))'
check "ORG-1: … and 财务科" has_alert '.code == "duty_department_unassigned" and (.message | test("财务科"))'
check "ORG-1: the leadership is told too" alerts_as leader
check "ORG-1: the leader sees the missing group" has_alert '.code == "duty_group_missing"'
check "ORG-1: staff are not told" alerts_as staff
check "ORG-1: staff see no ORG-1 gap" no_alert '(.code | startswith("duty_"))'
expect_rc "ORG-1: anyone of the unit reads the responsibility system" 0 as staff duty show --json
check "ORG-1: show lists every department, none assigned" \
	jtrue '(.departments | length) == 2 and all(.departments[]; .duty == null) and (.members | length) == 0'

G=(--on 2026-01-05 --document '测保〔2026〕1号')
# --- who records it -------------------------------------------------------------------
refused "ORG-1: staff record no member" 5 role_required \
	as staff duty appoint --person principal --role head "${G[@]}"
refused "ORG-1: a leader records no member (the secrecy office keeps it)" 5 role_required \
	as leader duty appoint --person principal --role head "${G[@]}"
refused "ORG-1 (SYS-1): the security administrator records no member" 5 admin_no_business \
	as secadmin duty appoint --person principal --role head "${G[@]}"
refused "ORG-1 (SYS-1): the system administrator records no department line" 5 admin_no_business \
	as sysadmin duty dept 办公室 --leader leader --clerk clerk

# --- the leadership group -------------------------------------------------------------
refused "ORG-1: the role is head, deputy or member" 3 duty_role_invalid \
	as clerk duty appoint --person principal --role chairman "${G[@]}"
refused "ORG-1: a member is a person of the unit" 3 duty_person_inactive \
	as clerk duty appoint --person 无此人 --role member "${G[@]}"
refused "ORG-1: the head is the principal or a leader" 5 duty_head_not_leader \
	as clerk duty appoint --person staff --role head "${G[@]}"
refused "ORG-1: the leader in charge holds the leader role" 5 duty_in_charge_not_leader \
	as clerk duty appoint --person principal --role head --in-charge "${G[@]}"
refused "ORG-1: the appointment's day is a date" 3 duty_date_required \
	as clerk duty appoint --person principal --role head --on 年初 --document 1号
refused "ORG-1: the appointment's day is not after today" 3 duty_date_in_future \
	as clerk duty appoint --person principal --role head --on 2026-12-06 --document 1号
refused "ORG-1: the appointment has its document" 3 duty_document_required \
	as clerk duty appoint --person principal --role head --on 2026-01-05
expect_rc "ORG-1: the principal is appointed head" 0 as clerk duty appoint --person principal --role head "${G[@]}"
expect_out "ORG-1: appointed, with the place's id" '已任命 appointed: [0-9]+ 陈主任 head'
HEAD_ID=$(sed -n 's/^已任命 appointed: \([0-9]*\) .*/\1/p' "$OUT")
expect_rc "ORG-1: the leader is the deputy in charge of secrecy work" 0 \
	as clerk duty appoint --person leader --role deputy --in-charge "${G[@]}"
expect_rc "ORG-1: a member" 0 as clerk duty appoint --person staff --role member "${G[@]}"
STAFF_ID=$(sed -n 's/^已任命 appointed: \([0-9]*\) .*/\1/p' "$OUT")
refused "ORG-1: the group has one head" 6 duty_head_taken \
	as clerk duty appoint --person deputy2 --role head "${G[@]}"
refused "ORG-1: there is one leader in charge" 6 duty_in_charge_taken \
	as clerk duty appoint --person deputy2 --role deputy --in-charge "${G[@]}"
refused "ORG-1: one place a person" 6 duty_already_member \
	as clerk duty appoint --person staff --role deputy "${G[@]}"
check "ORG-1: the clerk's alerts after the group" alerts_as clerk
check "ORG-1: the group recorded: no longer missing" no_alert '.code == "duty_group_missing" or .code == "duty_head_missing" or .code == "duty_in_charge_missing"'
check "ORG-1: the principal's statement is missing (not otherwise in the register)" \
	has_alert '.code == "duty_statement_missing" and (.message | test("陈主任"))'

# --- ending a place ----------------------------------------------------------------------
refused "ORG-1: a place ends on or after its appointment" 3 duty_end_date_invalid \
	as clerk duty end "$STAFF_ID" --on 2026-01-04
refused "ORG-1: a place ends not after today" 3 duty_end_date_invalid \
	as clerk duty end "$STAFF_ID" --on 2026-12-06
expect_rc "ORG-1: an unknown place" 4 as clerk duty end 999
expect_rc "ORG-1: the member's place ends" 0 as clerk duty end "$STAFF_ID" --on 2026-12-01 --document '测保〔2026〕9号'
refused "ORG-1: a place ends once" 6 duty_member_ended as clerk duty end "$STAFF_ID"
expect_rc "ORG-1: the former member may be appointed again" 0 \
	as clerk duty appoint --person staff --role member --on 2026-12-02 --document '测保〔2026〕10号'

# --- the departments -----------------------------------------------------------------------
refused "ORG-1: a department of the unit" 3 department_not_of_unit \
	as clerk duty dept 无此科 --leader leader --clerk clerk
refused "ORG-1: the responsible leader is a person of the unit" 3 duty_leader_inactive \
	as clerk duty dept 办公室 --leader 无此人 --clerk clerk
refused "ORG-1: the clerk is a person of the unit" 3 duty_clerk_inactive \
	as clerk duty dept 办公室 --leader leader --clerk 无此人
refused "ORG-1: the clerk is of the department" 3 duty_clerk_not_of_department \
	as clerk duty dept 办公室 --leader leader --clerk finance
refused "ORG-1: the start is not after today" 3 duty_since_invalid \
	as clerk duty dept 办公室 --leader leader --clerk clerk --since 2026-12-06
expect_rc "ORG-1: 办公室's leader and clerk recorded" 0 \
	as clerk duty dept 办公室 --leader leader --clerk clerk --since 2026-01-05 --document '测保〔2026〕1号'
refused "ORG-1: the same two again change nothing" 6 duty_unchanged \
	as clerk duty dept 办公室 --leader leader --clerk clerk --since 2026-06-01
refused "ORG-1: a change does not start before the present line" 3 duty_since_invalid \
	as clerk duty dept 办公室 --leader principal --clerk clerk --since 2026-01-04
expect_rc "ORG-1: the responsible leader changes" 0 \
	as clerk duty dept 办公室 --leader principal --clerk clerk --since 2026-06-01
check "ORG-1: the line before ended the day the new one starts" test \
	"$(query "$DB" "SELECT $(sql_concat "coalesce(ended_on,'-')" id) FROM duty_department")" = "2026-06-01,-"
expect_rc "ORG-1: 财务科's too" 0 as clerk duty dept 财务科 --leader deputy2 --clerk finance

# --- the statements: missing, lapsed, signed -------------------------------------------------
expect_rc "ORG-1: the security administrator records the principal's statement" 0 \
	as secadmin person statement principal --on 2026-01-10
expect_rc "ORG-1: the leader's, a year and more ago" 0 as secadmin person statement leader --on 2025-11-01
check "ORG-1: the clerk's alerts with statements" alerts_as clerk
check "ORG-1: a signed statement is no alert" no_alert '(.message | test("陈主任"))'
check "ORG-1: a department without a leader or clerk: none left" no_alert '.code == "duty_department_unassigned"'
check "ORG-1: deputy2 (财务科's responsible leader) has signed none" \
	has_alert '.code == "duty_statement_missing" and (.message | test("周副"))'
check "ORG-1: the clerk is told the leader's lapse once, by the register (statement_lapsed)" \
	jq -e '[.alerts[] | select(.rule == "ORG-1" and (.message | test("王领导")))] | length == 1 and .[0].code == "statement_lapsed"' "$WORK/alerts.json"
check "ORG-1: the leader's alerts" alerts_as leader
check "ORG-1: the leadership is told the lapse as the group's" \
	has_alert '.code == "duty_statement_lapsed" and (.message | test("王领导")) and .due == "2026-11-01"'

# --- the view, the history ----------------------------------------------------------------
expect_rc "ORG-1: show --history" 0 as clerk duty show --history --json
check "ORG-1: the group: head, deputy in charge, member" \
	jtrue '[.members[] | .role] == ["head","deputy","member"] and .members[1].in_charge == true and .members[0].statement.state == "valid" and .members[1].statement.state == "lapsed"'
check "ORG-1: each department with its line" \
	jtrue '[.departments[] | .duty.leader] == ["陈主任","周副"] and .departments[0].duty.clerk == "张保密"'
check "ORG-1: the former place and the earlier line are kept" \
	jtrue '(.former | length) == 1 and .former[0].ended_on == "2026-12-01" and .former[0].end_document == "测保〔2026〕9号" and (.lines | length) == 3'
check "ORG-1: the history, one line per change" \
	jtrue '[.events[] | .action] == ["member.add","member.add","member.add","member.end","member.add","department.set","department.set","department.set"]'
expect_rc "ORG-1: show as text" 0 as clerk duty show
expect_out "ORG-1: the text names the group and the leader in charge" '分管保密工作'
check "ORG-1: each use case is audited" test \
	"$(query "$DB" "SELECT count(*) FROM audit_event WHERE action LIKE 'duty.%' AND outcome = 'ok' AND action != 'duty.view'")" = 8
check "ORG-1: refusals are audited with their rule" test \
	"$(query "$DB" "SELECT CAST(count(*) > 10 AS INTEGER) FROM audit_event WHERE action LIKE 'duty.%' AND outcome != 'ok' AND rule = 'ORG-1'")" = 1

# --- kept and bound ------------------------------------------------------------------------------
# refused_sql SQL: the database refuses the statement (as the unit's own role on PostgreSQL).
refused_sql() { ! query "$DB" "$1" >/dev/null 2>&1; }
check "ORG-1: the history cannot be rewritten" refused_sql "UPDATE duty_event SET action = 'x'"
check "ORG-1: the history cannot be deleted" refused_sql 'DELETE FROM duty_event'
check "ORG-1: a place cannot be deleted" refused_sql 'DELETE FROM duty_member'
check "ORG-1: a place's role cannot be rewritten" refused_sql "UPDATE duty_member SET role = 'head' WHERE id = $STAFF_ID"
check "ORG-1: an ended line cannot be ended again" refused_sql "UPDATE duty_department SET ended_on = '2026-07-01' WHERE ended_on IS NOT NULL"
run "$BAOMI" check --db "$DB" --json
check "SYS-3: every row of the responsibility system matches the chain" \
	jq -e '[.ledger.findings[]? | select(.table | startswith("duty_"))] | length == 0' "$OUT"
# The edit is made on a copy (SQLite: the file); on PostgreSQL in place, with the
# superuser's triggers off, and put back after baomi check looked (the suite goes on).
FINLINE=$(query "$DB" "SELECT id FROM duty_department WHERE ended_on IS NULL AND department_id = (SELECT id FROM department WHERE name = '财务科')")
if is_pg; then
	TAMPERED=$DB
else
	TAMPERED="$WORK/tampered.db"
	cp "$DB" "$TAMPERED"
fi
query_super "$TAMPERED" "UPDATE duty_department SET ended_on = '2026-11-30' WHERE id = $FINLINE"
run "$BAOMI" check --db "$TAMPERED" --json
check "SYS-3: a line ended behind baomi's back is found" \
	jq -e '[.ledger.findings[] | select(.table == "duty_department" and .finding == "changed")] | length == 1' "$OUT"
if is_pg; then
	query_super "$DB" "UPDATE duty_department SET ended_on = NULL WHERE id = $FINLINE"
	run "$BAOMI" check --db "$DB" --json
	check "SYS-3: put back, the rows match the chain again" \
		jq -e '[.ledger.findings[]? | select(.table | startswith("duty_"))] | length == 0' "$OUT"
fi

# --- ORG-2 with the group recorded: the month's report goes to a member of it ---------
drows() { query "$DB" "SELECT count(*) FROM report_delivery"; }
before=$(drows)
expect_rc "ORG-2: a leader outside the group is refused as the recipient" 3 \
	as clerk report deliver --month 2026-11 --to deputy2 --on 2026-12-03
expect_err "ORG-2: names 'recipient_not_in_group'" recipient_not_in_group
expect_err "ORG-2: names rule ORG-2" "\\[ORG-2\\]"
check "ORG-2: nothing delivered" test "$(drows)" = "$before"
expect_rc "ORG-2: a member of the group receives it, whatever the role" 0 \
	as clerk report deliver --month 2026-11 --to staff --on 2026-12-03
check "ORG-2: one delivery written" test "$(drows)" = "$((before + 1))"
done_testing
