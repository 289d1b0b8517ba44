# tests/cli/t_selfcheck.sh — the yearly self-assessment (保密自查自评, INSP-4;
# its month INSP-1) through the real binary: the alert of the policy's month,
# the checklist compiled from records the suite makes itself (a person of
# class 重要 without a commitment, cleared people without training, a 机密
# loan past its due day, an open incident, carriers never counted) with
# their counts and ids, the answers on the evidence (a 不符合 a finding with
# department, responsible person and deadline, INSP-2), the signatures of
# the clerk and then the leader in charge, kept as signed; every refusal with
# its exit code, code and rule ID, and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

jtrue() { jq -e "$1" "$OUT" >/dev/null; }
jget() { jq -r "$1" "$OUT"; }

# Early September 2026 (UTC+8 10:00), before the policy's month (October).
export BAOMI_NOW=2026-09-01T02:00:00Z
OCT=2026-10-12T02:00:00Z
NOV=2026-11-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
check "a supervising leader" add_leader
add_head() {
	new_account sysadmin 孙科长 --username head --department 办公室 >/dev/null &&
		as secadmin org grant head --class important --roles dept_head@办公室 \
			--commitment 2026-01-05 >/dev/null &&
		add_classifier
}
check "a department head, and the classification authority" add_head
# PERSON-2: a 重要 person with no commitment on record.
new_account sysadmin 周无诺 --username nocommit --department 财务科 >/dev/null
expect_rc "fixture: a 重要 person granted without a commitment" 0 \
	as secadmin org grant nocommit --class important --roles staff
NOCOMMIT=$(query "$DB" "SELECT id FROM person WHERE username='nocommit'")

# Carriers: a 机密 and a 秘密 one, never counted.
as clerk carrier register --title 机密文件甲 --level 机密 --place 一号保密柜 --scope 办公室 >/dev/null
as clerk carrier register --title 秘密文件乙 --level 秘密 --place 保密室 --scope 办公室 >/dev/null
A=$(query "$DB" "SELECT id FROM carrier WHERE title='机密文件甲'")
B=$(query "$DB" "SELECT id FROM carrier WHERE title='秘密文件乙'")
check "fixture: two carriers" test -n "$A" -a -n "$B"

# BORROW-2: staff borrows the 秘密 one in September; it is overdue by October.
R=$(as staff request new borrow --carrier "$B" --reason 起草材料需要参考 --json | jq -r .id)
for who in head leader; do as "$who" approve "$R" --comment 同意 >/dev/null 2>&1 && break; done
expect_rc "fixture: the clerk issues the borrowing" 0 holder_as staff clerk desk issue "$R"
LOAN=$(query "$DB" "SELECT id FROM loan WHERE carrier_id = $B AND returned_at IS NULL")
check "fixture: one loan out" test -n "$LOAN"

# INC-4: an incident still open.
expect_rc "fixture: an incident opened" 0 as clerk incident open --kind leak --what 机密文件一份 \
	--level 机密 --discovered-at 2026-08-31T01:00:00Z --json
INC=$(jget .id)

# Everything the self-assessment holds, as one line: a refusal leaves it as it was.
state() {
	query "$DB" "SELECT (SELECT $(sql_concat "CAST(id AS TEXT) || year || coalesce(clerk_signed_at,'') ||
		coalesce(leader_signed_at,'')" id ';') FROM self_assessment) || '|' ||
		(SELECT $(sql_concat "id || coalesce(answer,'') || coalesce(note,'') ||
		coalesce(deadline,'') || coalesce(CAST(department_id AS TEXT),'')" id ';') FROM self_assessment_item)"
}

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule, nothing changed
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

# --- INSP-1/INSP-4: the alert of the policy's month ------------------------------
alerts_at() { as_at "$1" clerk alerts --json; }
expect_rc "alerts in September" 0 alerts_at 2026-09-30T02:00:00Z
check "INSP-4: nothing before the policy's month" jtrue 'all(.alerts[]; .rule != "INSP-4")'
expect_rc "alerts in October" 0 alerts_at $OCT
check "INSP-4: due in October, not started, by the month's end" \
	jtrue 'any(.alerts[]; .rule == "INSP-4" and .code == "self_assessment_due" and .due == "2026-10-31")'
expect_rc "alerts in November" 0 alerts_at $NOV
check "INSP-4: overdue after October" \
	jtrue 'any(.alerts[]; .rule == "INSP-4" and .code == "self_assessment_overdue" and .urgency == "high")'
as secadmin policy export >"$WORK/policy.txt"
sed 's/^inspection.self_assessment_month.*/inspection.self_assessment_month = 11/' "$WORK/policy.txt" >"$WORK/nov.txt"
expect_rc "policy: the month moved to November" 0 \
	as secadmin policy import "$WORK/nov.txt" --comment 自查自评改在十一月
expect_rc "alerts in November, month 11" 0 alerts_at $NOV
check "INSP-1: the policy's month decides" \
	jtrue 'any(.alerts[]; .rule == "INSP-4" and .code == "self_assessment_due" and .due == "2026-11-30")'
expect_rc "policy: back to October" 0 \
	as secadmin policy import "$WORK/policy.txt" --comment 自查自评在十月

# --- INSP-4: starting it, once a year --------------------------------------------
refused "INSP-4: only the clerk starts it" 5 role_required INSP-4 \
	as_at $OCT staff selfcheck start
refused "INSP-4: SYS-1, no administrator" 5 "" "" as_at $OCT secadmin selfcheck start
refused "INSP-4: not a year to come" 3 year_in_future INSP-4 \
	as_at $OCT clerk selfcheck start --year 2027
expect_rc "INSP-4: the clerk starts the year's self-assessment" 0 \
	as_at $OCT clerk selfcheck start --json
SA=$(jget .id)
check "INSP-4: this year's, open, nine items, none answered" \
	jtrue '.year == 2026 and .status == "open" and .items_total == 9 and .items_answered == 0'
refused "INSP-4: one a year" 6 self_assessment_exists INSP-4 \
	as_at $OCT clerk selfcheck start --year 2026

# --- the checklist: counts and ids from the records -------------------------------
item() { jq -c ".items[] | select(.item == \"$1\")" "$OUT"; }
expect_rc "show by id" 0 as_at $OCT clerk selfcheck show "$SA" --json
check "PERSON-2: the 重要 person without a commitment, and only them" \
	jtrue "(.items[] | select(.item == \"commitment\")) as \$i | \$i.evidence_count == 1 and \$i.evidence.ids == [$NOCOMMIT] and \$i.evidence.table == \"person\" and \$i.rule == \"PERSON-2\""
if is_pg; then json_ids="json_agg(id ORDER BY id)"; else json_ids="json_group_array(id)"; fi
CLEARED=$(query "$DB" "SELECT $json_ids FROM (SELECT id FROM person WHERE person_class <> 'none' AND status = 'active' ORDER BY id) AS cleared")
check "PERSON-6: every cleared person is short of the year's hours (no training held)" \
	jtrue "(.items[] | select(.item == \"training\")) as \$i | \$i.evidence.ids == $CLEARED and \$i.evidence_count == ($CLEARED | length) and \$i.evidence.min_hours > 0"
check "BORROW-2: the overdue loan" \
	jtrue "(.items[] | select(.item == \"loan\")) as \$i | \$i.evidence_count == 1 and \$i.evidence.ids == [$LOAN] and \$i.evidence.table == \"loan\""
check "INC-4: the open incident" \
	jtrue "(.items[] | select(.item == \"incident\")) as \$i | \$i.evidence_count == 1 and \$i.evidence.ids == [$INC]"
check "INV-1: never counted: both levels and both carriers" \
	jtrue "(.items[] | select(.item == \"count\")) as \$i | \$i.evidence_count == 2 and (\$i.evidence.ids | sort) == ([$A, $B] | sort) and (\$i.evidence.levels | sort) == [\"confidential\", \"secret\"] and \$i.evidence.last_count == null"
check "ORG-1: no statement expired" \
	jtrue '(.items[] | select(.item == "statement")) | .evidence_count == 0 and .evidence.ids == []'
check "DEV-1: no device registered, none without its person" \
	jtrue '(.items[] | select(.item == "device")) | .evidence_count == 0'
check "DEV-1: none unlabelled" \
	jtrue '(.items[] | select(.item == "device_label")) | .evidence_count == 0 and .evidence.never == [] and .evidence.outdated == []'
check "INSP-2: no rectification notice open" \
	jtrue '(.items[] | select(.item == "rectification")) | .evidence_count == 0 and .evidence.overdue == [] and .rule == "INSP-2"'
check "items carry titles in both languages, in order" \
	jtrue '[.items[].position] == [1,2,3,4,5,6,7,8,9] and all(.items[]; .title_zh != null and .title_en != null)'
expect_rc "show by year" 0 as_at $OCT clerk selfcheck show --year 2026 --json
check "show --year finds the same one" jtrue ".id == $SA"
expect_rc "the leader reads it" 0 as_at $OCT leader selfcheck show "$SA"
expect_out "text: the items with their evidence" 'loan .*依据 evidence 1'
refused "INSP-4: staff does not read it" 5 role_required INSP-4 as_at $OCT staff selfcheck show "$SA"
refused "no self-assessment of 2025" 4 unknown_self_assessment "" \
	as_at $OCT clerk selfcheck show --year 2025

# --- answers on the evidence -----------------------------------------------------
refused "INSP-4: 符合 against an overdue loan needs a note" 3 evidence_contradicts INSP-4 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer yes
refused "INSP-4: 不适用 needs a note" 3 note_required INSP-4 \
	as_at $OCT clerk selfcheck answer "$SA" --item device --answer na
refused "INSP-4: a known answer" 3 invalid_answer INSP-4 \
	as_at $OCT clerk selfcheck answer "$SA" --item device --answer maybe
refused "INSP-2: a finding names its department" 3 department_required INSP-2 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer no --deadline 2026-11-30
refused "INSP-2: a finding names who answers for it" 3 responsible_required INSP-2 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer no --department 办公室 \
	--deadline 2026-11-30
refused "INSP-2: a finding has a deadline" 3 deadline_required INSP-2 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer no --department 办公室 \
	--responsible staff
refused "INSP-2: the deadline is not past" 3 deadline_past INSP-2 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer no --department 办公室 \
	--responsible staff --deadline 2026-10-01
refused "an unknown item" 4 unknown_item "" \
	as_at $OCT clerk selfcheck answer "$SA" --item nothing --answer yes
refused "INSP-4: only the clerk answers" 5 role_required INSP-4 \
	as_at $OCT leader selfcheck answer "$SA" --item device --answer yes
refused "INSP-4: clerk signs once every item is answered" 6 items_unanswered INSP-4 \
	as_at $OCT clerk selfcheck sign "$SA"
refused "INSP-4: the leader signs after the clerk" 6 clerk_signature_first INSP-4 \
	as_at $OCT leader selfcheck sign "$SA" --as leader

expect_rc "INSP-4 → INSP-2: the overdue loan is a finding" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer no --note 李员工借阅逾期 \
	--department 办公室 --responsible staff --deadline 2026-10-31 --json
check "the finding: department, deadline, who answered" \
	jtrue '(.items[] | select(.item == "loan")) | .answer == "no" and .department == "办公室" and .deadline == "2026-10-31" and .answered_by_name == "张保密"'
check "one finding counted" jtrue '.findings == 1 and .items_answered == 1'
RECT=$(query "$DB" "SELECT rectification_id FROM self_assessment_item WHERE item='loan'")
check "INSP-2: the finding opened a rectification notice, kept on the item" \
	test -n "$RECT" -a "$RECT" != 0
check "…from the self-assessment, to 办公室, the person and the deadline given" \
	test "$(query "$DB" "SELECT CAST((r.source = 'self_assessment:$SA' AND r.inspection_id IS NULL
	  AND d.name = '办公室' AND r.deadline = '2026-10-31' AND r.status = 'open'
	  AND r.finding LIKE '%借出载体均按期归还%李员工借阅逾期%') AS INTEGER)
	  FROM rectification r JOIN department d ON d.id = r.department_id
	  WHERE r.id = $RECT")" = 1
check "…in the answer's audit event" test "$(query "$DB" "SELECT count(*) FROM audit_event
	  WHERE action = 'selfcheck.answer' AND CAST($(sql_json detail rectification_id) AS INTEGER) = $RECT")" = 1
n_rect=$(query "$DB" "SELECT count(*) FROM rectification")
refused "INSP-2: an item whose notice is issued keeps its answer" 6 rectification_opened INSP-2 \
	as_at $OCT clerk selfcheck answer "$SA" --item loan --answer yes --note 已归还
check "…no second notice, the answer unchanged" test "$(query "$DB" "SELECT count(*) FROM
	  rectification")/$(query "$DB" "SELECT answer FROM self_assessment_item WHERE item='loan'")" \
	= "$n_rect/no"
expect_rc "符合 with a note against the evidence" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item training --answer yes --note 年底前集中培训 --json
expect_rc "符合 where the records show nothing" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item statement --answer yes
expect_rc "不适用 with a note" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item device --answer na --note 本单位无涉密设备
expect_rc "answer by item id" 0 \
	as_at $OCT clerk selfcheck answer "$SA" \
	--item "$(query "$DB" "SELECT id FROM self_assessment_item WHERE item='commitment'")" \
	--answer no --department 财务科 --responsible finance --deadline 2026-11-15
for it in count incident; do
	as_at $OCT clerk selfcheck answer "$SA" --item $it --answer no --department 办公室 \
		--responsible clerk --deadline 2026-12-31 >/dev/null
done
expect_rc "a changed answer before signing" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item statement --answer yes --note 已核对 --json
expect_rc "符合: no device to label" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item device_label --answer yes
expect_rc "符合: no notice was open when the checklist was compiled" 0 \
	as_at $OCT clerk selfcheck answer "$SA" --item rectification --answer yes --json
check "every item answered, four findings" jtrue '.items_answered == 9 and .findings == 4'
check "INSP-2: four notices from the self-assessment" test "$(query "$DB" "SELECT count(*)
	  FROM rectification WHERE source = 'self_assessment:$SA'")" = 4

# --- signatures: the clerk, then the leader in charge; then kept ----------------
refused "INSP-4: the clerk's signature is the clerk's" 5 clerk_required INSP-4 \
	as_at $OCT leader selfcheck sign "$SA" --as clerk
refused "INSP-4: a signature is clerk or leader" 3 invalid_signer "" \
	as_at $OCT clerk selfcheck sign "$SA" --as nobody
expect_rc "INSP-4: the clerk signs" 0 as_at $OCT clerk selfcheck sign "$SA" --json
check "signed by the clerk" jtrue '.status == "clerk_signed" and .clerk_name == "张保密" and .leader_signed_at == null'
refused "INSP-4: answers are final once signed" 6 self_assessment_signed INSP-4 \
	as_at $OCT clerk selfcheck answer "$SA" --item device --answer yes
refused "INSP-4: the clerk signs once" 6 already_signed INSP-4 \
	as_at $OCT clerk selfcheck sign "$SA" --as clerk
refused "INSP-4: the leader's signature needs the leader" 5 leader_required INSP-4 \
	as_at $OCT clerk selfcheck sign "$SA" --as leader
expect_rc "INSP-4: the leader in charge signs" 0 as_at $OCT leader selfcheck sign "$SA" --json
check "signed by both" jtrue '.status == "signed" and .leader_name == "王领导"'
refused "INSP-4: kept as signed" 6 self_assessment_signed INSP-4 \
	as_at $OCT leader selfcheck sign "$SA"
refused "INSP-4: kept as signed (answers)" 6 self_assessment_signed INSP-4 \
	as_at $OCT clerk selfcheck answer "$SA" --item device --answer yes
expect_rc "alerts in November after it was signed" 0 alerts_at $NOV
check "INSP-4: no alert once completed" jtrue 'all(.alerts[]; .rule != "INSP-4")'

# --- kept: the tables refuse a direct change; the chain binds the rows ----------
# refused_sql SQL: the database refuses the statement (as the unit's own role on PostgreSQL).
refused_sql() { ! query "$DB" "$1" >/dev/null 2>&1; }
check "a direct edit of a signed item is refused by the table" \
	refused_sql "UPDATE self_assessment_item SET answer='yes' WHERE assessment_id=$SA"
check "a direct delete is refused by the table" \
	refused_sql "DELETE FROM self_assessment WHERE id=$SA"
expect_rc "list" 0 as_at $OCT clerk selfcheck list --json
check "list: the year, signed" jtrue ".count == 1 and .items[0].id == $SA and .items[0].status == \"signed\""
check "audited: start, answers, signatures, refusals" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action = 'selfcheck.start' AND outcome = 'ok'") $(query "$DB" "SELECT count(*) FROM audit_event WHERE action = 'selfcheck.sign' AND outcome = 'ok'") $(query "$DB" "SELECT CAST(count(*) > 5 AS INTEGER) FROM audit_event WHERE action LIKE 'selfcheck.%' AND outcome = 'refused' AND rule = 'INSP-4'")" = "1 2 1"
check "SYS-3: the start's event binds the self-assessment and its items" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='selfcheck.start' AND outcome='ok'
	  AND detail LIKE '%[\"self_assessment\",$SA,%' AND detail LIKE '%[\"self_assessment_item\",%'")" = 1
# (the fixture writes its cheap password hashes straight into person: those rows are
# reported; the self-assessment's must not be)
run "$BAOMI" check --db "$DB"
check "SYS-3: baomi check finds every self-assessment row in the chain" \
	bash -c "! grep -q self_assessment '$OUT' && grep -q '台账' '$OUT'"
LOANITEM=$(query "$DB" "SELECT id FROM self_assessment_item WHERE item='loan'")
# (the edit of an attacker with the file, or the database's superuser: the table's
# trigger out of the way — on PostgreSQL query_super runs with triggers off)
if is_pg; then
	query_super "$DB" "UPDATE self_assessment_item SET note = 'edited' WHERE id = $LOANITEM"
else
	query_super "$DB" "DROP TRIGGER self_assessment_item_signed; UPDATE self_assessment_item SET note = 'edited' WHERE id = $LOANITEM"
fi
run "$BAOMI" check --db "$DB"
check "SYS-3: a direct edit of an item is found by baomi check" \
	grep -q "self_assessment_item:$LOANITEM " "$OUT"
check "SYS-3: ... and refused" test "$RC" -ne 0

done_testing
