# tests/cli/t_sanction.sh — incidents carried to their end through the real
# binary: the 24-hour alert counted from the discovery and cleared by the
# report to the higher authority (INC-1, on the test clock), sanctions per
# person by the level involved (INC-2), rewards and the register of rewards
# and sanctions per person and unit, by year, as CSV (INSP-3); every refusal
# with its code, rule ID, exit status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

jtrue() { jq -e "$1" "$OUT" >/dev/null; }
jget() { jq -r "$1" "$OUT"; }

check "fixture unit builds through the CLI" build_fixture
check "a supervising leader" add_leader

# q SQL: the rows of SQL on the unit's database, SQLite or PostgreSQL (lib.sh query).
q() { query "$DB" "$1"; }

# Everything incidents and the register hold, as one line: a refusal leaves it as it was.
state() {
	q "SELECT (SELECT $(sql_concat "id || status || detail || coalesce(findings,'')" id) FROM incident)
		|| '|' || (SELECT count(*) FROM merit)"
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

# The test clock: the incident is typed in at 10:00Z on 12-01, discovered at 02:00Z.
at() { local now=$1; shift; BAOMI_NOW=$now "$@"; }
T0=2026-12-01T10:00:00Z

# --- INC-1: the discovery and the report to the higher authority -----------------
refused "INC-1: the discovery is not in the future" 3 discovered_in_future INC-1 \
	at $T0 as clerk incident open --kind leak --what 机密文件一份 --level 机密 \
	--discovered-at 2026-12-01T11:00:00Z
refused "INC-1: the discovery is a time" 3 discovered_invalid INC-1 \
	at $T0 as clerk incident open --kind leak --what 机密文件一份 --level 机密 --discovered-at 昨天
expect_rc "INC-1: the clerk opens an incident discovered eight hours ago" 0 \
	at $T0 as clerk incident open --kind leak --what 机密文件一份 --level 机密 \
	--discovered-at 2026-12-01T02:00:00Z --json
INC=$(jget .id)
check "INC-1: the discovery is recorded on the incident" jtrue '.detail.discovered_at == "2026-12-01T02:00:00Z"'

alerts_at() { BAOMI_NOW=$1 BAOMI_USER=clerk BAOMI_PASSWORD="$PW" "$BAOMI" alerts --json; }
expect_rc "INC-1: alerts at 01:59:59Z the next day" 0 alerts_at 2026-12-02T01:59:59Z
check "INC-1: due, 24 hours from the discovery, not from the typing in" \
	jtrue "any(.alerts[]; .rule == \"INC-1\" and .incident_id == $INC and .code == \"report_due\")"
check "INC-1: the alert names INC-1" \
	jtrue "any(.alerts[]; .incident_id == $INC and (.message_en | test(\"INC-1\")) and (.message | test(\"发现后\")))"
expect_rc "INC-1: alerts at 02:00Z the next day" 0 alerts_at 2026-12-02T02:00:00Z
check "INC-1: late at 24 hours after the discovery (8 hours before 24 hours after the opening)" \
	jtrue "any(.alerts[]; .rule == \"INC-1\" and .incident_id == $INC and .code == \"report_overdue\" and .urgency == \"high\")"

refused "INC-1: the report says to whom" 3 notice_to_required INC-1 \
	at $T0 as clerk incident notify "$INC" --document '保发〔2026〕9号'
refused "INC-1: the report has its document number" 3 notice_document_required INC-1 \
	at $T0 as clerk incident notify "$INC" --to 市国家保密局
refused "INC-1: the report is not before the discovery" 3 notice_before_discovery INC-1 \
	at $T0 as clerk incident notify "$INC" --to 市国家保密局 --document 9号 --at 2026-12-01T01:00:00Z
refused "INC-1: the report is not in the future" 3 notice_in_future INC-1 \
	at $T0 as clerk incident notify "$INC" --to 市国家保密局 --document 9号 --at 2026-12-01T12:00:00Z
refused "INC-1: only the clerk or the leadership records the report" 5 role_required INC-1 \
	at $T0 as staff incident notify "$INC" --to 市国家保密局 --document 9号
expect_rc "INC-1: the report to the higher authority is recorded" 0 \
	at $T0 as clerk incident notify "$INC" --to 市国家保密局 --document '保发〔2026〕9号' \
	--at 2026-12-01T09:00:00Z --json
check "INC-1: when, to whom, which document" \
	jtrue '.detail.notice.sent_at == "2026-12-01T09:00:00Z" and .detail.notice.to == "市国家保密局" and .detail.notice.document == "保发〔2026〕9号"'
expect_rc "INC-1: alerts after the report" 0 alerts_at 2026-12-02T03:00:00Z
check "INC-1: the report clears the alert" \
	jtrue "all(.alerts[]; (.rule == \"INC-1\" and .incident_id == $INC) | not)"
refused "INC-1: the report is recorded once" 6 notice_recorded INC-1 \
	at $T0 as clerk incident notify "$INC" --to 市国家保密局 --document 10号
expect_rc "incident show as text names the report" 0 at $T0 as clerk incident show "$INC"
expect_out "incident show: the report to the higher authority" '向上级报告.*市国家保密局'
expect_out "incident show: the discovery" '发现 discovered \(INC-1\): 2026-12-01T02:00:00Z'

# INC-1: the report recorded is amended, never rewritten: the original kept, the amendment says why.
refused "INC-1: an amendment says why" 3 amend_reason_required INC-1 \
	at $T0 as clerk incident amend-notice "$INC" --document '保发〔2026〕10号'
refused "INC-1: an amendment changes something" 3 notice_unchanged INC-1 \
	at $T0 as clerk incident amend-notice "$INC" --document '保发〔2026〕9号' --reason 核对
refused "INC-1: the amended report is not before the discovery" 3 notice_before_discovery INC-1 \
	at $T0 as clerk incident amend-notice "$INC" --at 2026-12-01T01:00:00Z --reason 时间有误
refused "INC-1: only the clerk or the leadership amends it" 5 role_required INC-1 \
	at $T0 as staff incident amend-notice "$INC" --document '保发〔2026〕10号' --reason 文号有误
refused "SYS-1: no administrator amends it" 5 admin_no_business SYS-1 \
	at $T0 as secadmin incident amend-notice "$INC" --document '保发〔2026〕10号' --reason 文号有误
AUD0=$(q "SELECT count(*) FROM audit_event WHERE action='incident.notice_amend' AND outcome='ok'")
expect_rc "INC-1: the clerk amends the document number, with the reason" 0 \
	at 2026-12-01T11:00:00Z as clerk incident amend-notice "$INC" --document '保发〔2026〕10号' \
	--reason 文号登记有误，以发文稿为准 --json
check "INC-1: the amendment: the new number, the rest as recorded, its reason" \
	jtrue '.detail.notice.document == "保发〔2026〕10号" and .detail.notice.to == "市国家保密局" and .detail.notice.sent_at == "2026-12-01T09:00:00Z" and .detail.notice.amended == true and .detail.notice.reason == "文号登记有误，以发文稿为准"'
check "INC-1: the original is kept in the history, with when and why it was replaced" \
	jtrue '(.detail.notice_history | length) == 1 and .detail.notice_history[0].document == "保发〔2026〕9号" and .detail.notice_history[0].replaced_at == "2026-12-01T11:00:00Z" and .detail.notice_history[0].replaced_because == "文号登记有误，以发文稿为准"'
check "INC-1: the amendment is audited once, with the report before" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action='incident.notice_amend' AND outcome='ok' AND $(sql_json detail before.document) = '保发〔2026〕9号' AND $(sql_json detail notice.document) = '保发〔2026〕10号'")" = $((AUD0 + 1))
expect_rc "INC-1: a second amendment, of the time" 0 \
	at 2026-12-01T11:30:00Z as clerk incident amend-notice "$INC" --at 2026-12-01T08:30:00Z --reason 按传真回执时间更正 --json
check "INC-1: both earlier reports kept, in order" \
	jtrue '[.detail.notice_history[].document] == ["保发〔2026〕9号", "保发〔2026〕10号"] and .detail.notice.sent_at == "2026-12-01T08:30:00Z"'
expect_rc "incident show: the amendment and the replaced reports" 0 at 2026-12-01T11:30:00Z as clerk incident show "$INC"
expect_out "incident show: why it was amended" '更正理由 amended because: 按传真回执时间更正'
expect_out "incident show: the original report" '原报告 replaced report: 2026-12-01T09:00:00Z  市国家保密局  保发〔2026〕9号'
expect_rc "INC-1: alerts after the amendment" 0 alerts_at 2026-12-02T03:00:00Z
check "INC-1: still no report alert" \
	jtrue "all(.alerts[]; (.rule == \"INC-1\" and .incident_id == $INC) | not)"

# INC-1: without a time the discovery is the opening; a report may correct it, never past the opening.
expect_rc "INC-1: an incident typed in without a discovery time" 0 \
	at $T0 as clerk incident open --kind other --what 会议记录本一册 --json
INC2=$(jget .id)
check "INC-1: the discovery defaults to the opening" jtrue ".detail.discovered_at == \"$T0\""
refused "INC-1: a corrected discovery is not after the opening" 3 discovered_after_opening INC-1 \
	at 2026-12-01T11:00:00Z as clerk incident report "$INC2" --discovered-at 2026-12-01T10:30:00Z
expect_rc "INC-1: the report corrects the discovery to 04:00Z" 0 \
	at 2026-12-01T11:00:00Z as clerk incident report "$INC2" --discovered-at 2026-12-01T04:00:00Z --json
check "INC-1: the corrected discovery is kept" jtrue '.detail.discovered_at == "2026-12-01T04:00:00Z"'
refused "INC-1: no report recorded, nothing to amend" 6 notice_not_recorded INC-1 \
	at 2026-12-01T11:00:00Z as clerk incident amend-notice "$INC2" --to 市国家保密局 --document 1号 --reason 补记
expect_rc "INC-1: alerts at 03:59:59Z the next day" 0 alerts_at 2026-12-02T03:59:59Z
check "INC-1: the corrected incident is due, not late" \
	jtrue "any(.alerts[]; .incident_id == $INC2 and .code == \"report_due\")"
expect_rc "INC-1: alerts at 04:00Z the next day" 0 alerts_at 2026-12-02T04:00:00Z
check "INC-1: 24 hours after the corrected discovery it is late" \
	jtrue "any(.alerts[]; .incident_id == $INC2 and .code == \"report_overdue\")"

# --- INC-2: sanctions by the level involved ---------------------------------------
SAN=(--person staff --decided-by 单位保密委员会 --decided-on 2026-12-01 --document '保委〔2026〕4号'
	--reason 未按规定保管机密文件)
refused "INC-2: no sanction before the findings" 5 sanction_findings_required INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure demerit "${SAN[@]}"
expect_rc "INC-4: the findings" 0 at $T0 as clerk incident findings "$INC" --findings 保管人离开时未锁柜
refused "INC-2: 机密 is not dismissed without aggravating factors" 5 sanction_above_range INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure dismissal "${SAN[@]}"
refused "INC-2: 机密 is not merely warned without mitigating factors" 5 sanction_below_range INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure warning "${SAN[@]}"
refused "INC-2: mitigating factors do not allow a heavier sanction" 5 sanction_above_range INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure dismissal --factor mitigating --factors 初犯 "${SAN[@]}"
refused "INC-2: the factors are described" 3 factors_text_required INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure dismissal --factor aggravating "${SAN[@]}"
refused "INC-2: an unknown sanction" 3 invalid_sanction INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure 罚款 "${SAN[@]}"
refused "INC-2: an unknown factor" 3 invalid_factor INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure demerit --factor 酌情 --factors 情况 "${SAN[@]}"
refused "INC-2: the person must exist" 4 unknown_person "" \
	at $T0 as clerk incident sanction "$INC" --measure demerit --person 无此人 \
	--decided-by 单位保密委员会 --decided-on 2026-12-01 --document 4号
refused "INC-2: who decided" 3 decided_by_required INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure demerit --person staff --decided-on 2026-12-01 --document 4号
refused "INC-2: the date of the decision" 3 decided_on_required INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure demerit --person staff --decided-by 委员会 --document 4号
refused "INC-2: the decision is not dated in the future" 3 decided_in_future INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure demerit --person staff --decided-by 委员会 \
	--decided-on 2026-12-09 --document 4号
refused "INC-2: the document" 3 document_required INC-2 \
	at $T0 as clerk incident sanction "$INC" --measure demerit --person staff --decided-by 委员会 --decided-on 2026-12-01
refused "INC-2: only the clerk or the leadership records a sanction" 5 role_required INC-2 \
	at $T0 as staff incident sanction "$INC" --measure demerit "${SAN[@]}"
refused "SYS-1: no administrator records a sanction" 5 admin_no_business SYS-1 \
	at $T0 as secadmin incident sanction "$INC" --measure demerit "${SAN[@]}"
refused "INC-2: an unknown incident" 4 unknown_incident "" \
	at $T0 as clerk incident sanction 99999 --measure demerit "${SAN[@]}"

expect_rc "INC-2: a demerit for a 机密 incident" 0 \
	at $T0 as clerk incident sanction "$INC" --measure demerit "${SAN[@]}" --json
check "INC-2: the line names the person, the level and the decision" \
	jtrue '.kind == "sanction" and .measure == "demerit" and .level == "secret" and .person == "李员工" and .decided_by == "单位保密委员会" and .document == "保委〔2026〕4号" and .measure_name.zh == "记过"'
expect_rc "INC-2: dismissal with the aggravating factors recorded" 0 \
	at $T0 as leader incident sanction "$INC" --measure dismissal --person finance --factor aggravating \
	--factors 多次违规且拒不改正 --decided-by 局党组 --decided-on 2026-12-01 --document '局党〔2026〕2号' --json
check "INC-2: the factors are on the line" jtrue '.factor == "aggravating" and .factor_text == "多次违规且拒不改正"'
check "INC-2: the sanction is audited" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action = 'incident.sanction' AND outcome = 'ok'")" = 2

# --- INSP-3: rewards and the register -----------------------------------------------
REW=(--person clerk --decided-by 单位保密委员会 --decided-on 2026-11-20 --document '保委〔2026〕5号')
refused "INSP-3: an unknown reward" 3 invalid_reward INSP-3 \
	at $T0 as clerk merit reward --measure 奖金 --reason 保密工作成绩突出 "${REW[@]}"
refused "INSP-3: what the reward is for" 3 reason_required INSP-3 \
	at $T0 as clerk merit reward --measure commendation "${REW[@]}"
refused "INSP-3: the document" 3 document_required INSP-3 \
	at $T0 as clerk merit reward --measure commendation --reason 成绩突出 --person clerk \
	--decided-by 单位保密委员会 --decided-on 2026-11-20
refused "INSP-3: only the clerk or the leadership records a reward" 5 role_required INSP-3 \
	at $T0 as staff merit reward --measure commendation --reason 成绩突出 "${REW[@]}"
refused "INSP-3: the person must exist" 4 unknown_person "" \
	at $T0 as clerk merit reward --measure commendation --reason 成绩突出 --person 9999 \
	--decided-by 单位保密委员会 --decided-on 2026-11-20 --document 5号
expect_rc "INSP-3: a commendation" 0 \
	at $T0 as leader merit reward --measure commendation --reason 保密工作成绩突出 "${REW[@]}" --json
check "INSP-3: the reward's line" jtrue '.kind == "reward" and .measure_name.zh == "表彰" and .person == "张保密"'
expect_rc "INSP-3: a reward of last year" 0 \
	at $T0 as clerk merit reward --measure award --reason 年度保密先进 --person staff \
	--decided-by 单位 --decided-on 2025-12-20 --document '保委〔2025〕9号'

expect_rc "INSP-3: the unit-wide register for 2026" 0 at $T0 as clerk merit list --year 2026 --json
check "INSP-3: 2026 holds the two sanctions and the commendation" jtrue '.count == 3'
expect_rc "INSP-3: one person's register" 0 at $T0 as clerk merit list --person staff --json
check "INSP-3: 李员工 has a sanction and a reward, by date" \
	jtrue '.count == 2 and .items[0].measure == "award" and .items[1].measure == "demerit"'
expect_rc "INSP-3: sanctions only" 0 at $T0 as clerk merit list --kind sanction --json
check "INSP-3: two sanctions" jtrue '.count == 2 and all(.items[]; .kind == "sanction")'
expect_rc "INSP-3: the register of one incident" 0 at $T0 as clerk merit list --incident "$INC" --json
check "INSP-3: the incident's two sanctions" jtrue '.count == 2'
expect_rc "INSP-3: the register as CSV" 0 at $T0 as clerk merit list --year 2026 --csv
expect_out "INSP-3: CSV headers in Chinese" '决定日期,姓名,部门,奖惩'
expect_out "INSP-3: CSV holds the dismissal" '开除'
check "INSP-3: CSV has a header and three lines" test "$(grep -c '' "$OUT")" = 4
expect_rc "INSP-3: the security administrator reads the register (people's record pages)" 0 \
	at $T0 as secadmin merit list --person staff --json
refused "INSP-3: an ordinary user does not read the register" 5 role_required INSP-3 \
	at $T0 as staff merit list
refused "INSP-3: an invalid year" 3 not_a_number "" at $T0 as clerk merit list --year 20x6
refused "INSP-3: an unknown kind" 3 invalid_kind "" at $T0 as clerk merit list --kind 其他
MERIT0=$(q "SELECT $(sql_concat "measure || '/' || person_id" id) FROM merit")
run q "UPDATE merit SET measure = '1'"
check "INSP-3: the register is never changed" test "$RC" -ne 0
expect_err "INSP-3: the database's trigger refuses it" 'the reward and sanction register is permanent'
check "INSP-3: the register's lines as they were" test "$(q "SELECT $(sql_concat "measure || '/' || person_id" id) FROM merit")" = "$MERIT0"
check "audit chain verifies" sh -c "BAOMI_USER=auditor BAOMI_PASSWORD='$PW' '$BAOMI' audit verify >/dev/null"

done_testing
