# tests/cli/t_inspection.sh — inspections (保密检查, INSP-1) and rectification
# notices (整改通知书, INSP-2) through the real binary: recording an
# inspection (kind, day, scope, inspectors, checklist), the calendar and its
# alert, a finding made a notice (department, responsible person, deadline),
# the report back, the follow-up closing or reopening it, the overdue alert;
# every refusal with its code, rule ID, exit status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-20T01:00:00Z
check "fixture unit builds through the CLI" build_fixture
check "a supervising leader" add_leader

# Everything the inspections hold as one line: a refusal leaves it as it was.
insp_state() {
	query "$DB" "SELECT (SELECT $(sql_concat "id || kind || held_on || whole_unit || coalesce(departments,'') || inspectors || checklist" id ';') FROM inspection)
		|| '|' || (SELECT $(sql_concat "id || status || deadline || coalesce(report,'') || coalesce(follow_up,'') || reopened" id ';') FROM rectification)
		|| '|' || (SELECT count(*) FROM rectification_event)"
}

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before
	before=$(insp_state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(insp_state)" = "$before"
}

A=(--scope unit --inspectors leader,clerk --check '台账与实物相符|yes' --check '保密柜上锁|no|二号柜未锁')
# --- INSP-1: recording an inspection ------------------------------------------------
refused "INSP-1: a staff member records no inspection" 5 role_required INSP-1 \
	as staff inspection add --kind regular --date 2026-11-19 "${A[@]}"
refused "INSP-1: an unknown kind" 3 inspection_kind_invalid INSP-1 \
	as clerk inspection add --kind yearly --date 2026-11-19 "${A[@]}"
refused "INSP-1: the day is required" 3 inspection_date_required INSP-1 \
	as clerk inspection add --kind regular "${A[@]}"
refused "INSP-1: not recorded ahead of the day" 3 inspection_in_future INSP-1 \
	as clerk inspection add --kind regular --date 2026-11-21 "${A[@]}"
refused "INSP-1: a scope is required" 3 inspection_scope_required INSP-1 \
	as clerk inspection add --kind regular --date 2026-11-19 --inspectors clerk
refused "INSP-1: a department not of the unit" 3 department_not_of_unit INSP-1 \
	as clerk inspection add --kind spot --date 2026-11-19 --scope 外单位 --inspectors clerk
refused "INSP-1: inspectors are required" 3 inspectors_required INSP-1 \
	as clerk inspection add --kind regular --date 2026-11-19 --scope unit
refused "INSP-1: an inspector not of the unit" 3 inspector_not_of_unit INSP-1 \
	as clerk inspection add --kind regular --date 2026-11-19 --scope unit --inspectors nobody
refused "INSP-1: a checklist answer is yes, no or na" 3 checklist_answer_invalid INSP-1 \
	as clerk inspection add --kind regular --date 2026-11-19 --scope unit --inspectors clerk \
	--check '台账|maybe'

expect_rc "INSP-1: the calendar is due from the unit's set-up" 0 as clerk inspection calendar
expect_out "INSP-1: the calendar is due from the unit's set-up: shows it" "下次应检 due by:          2027-02-20"
expect_rc "INSP-1: the clerk records the quarter's inspection" 0 \
	as clerk inspection add --kind regular --date 2026-11-19 "${A[@]}" --summary 本季度检查
expect_rc "INSP-1: the leader records a spot check of 财务科" 0 \
	as leader inspection add --kind spot --date 2026-11-20 --scope 财务科 --inspectors leader
check "two inspections, the spot check scoped to one department" \
	test "$(query "$DB" "SELECT count(*) || ':' || (SELECT whole_unit FROM inspection WHERE kind='spot') FROM inspection")" = "2:0"
expect_rc "INSP-1: the calendar runs from the last regular one" 0 as clerk inspection calendar
expect_out "INSP-1: the calendar runs from the last regular one: shows it" "2027-02-19"
expect_rc "the inspection shows its checklist" 0 as clerk inspection show 1
expect_out "the inspection shows its checklist: shows it" "二号柜未锁"
refused "SYS-1: an administrator reads no inspection" 5 "" SYS-1 as sysadmin inspection list

# --- INSP-2: findings become rectification notices -----------------------------------
F=(--finding 二号柜未锁 --department 财务科 --responsible finance)
refused "INSP-2: a staff member opens no notice" 5 role_required INSP-2 \
	as staff inspection finding 1 "${F[@]}"
refused "INSP-2: the finding is required" 3 finding_required INSP-2 \
	as clerk inspection finding 1 --department 财务科 --responsible finance
refused "INSP-2: a department not of the unit" 3 department_not_of_unit INSP-2 \
	as clerk inspection finding 1 --finding 问题 --department 外单位 --responsible finance
refused "INSP-2: a responsible person not of the unit" 3 responsible_not_of_unit INSP-2 \
	as clerk inspection finding 1 --finding 问题 --department 财务科 --responsible nobody
refused "INSP-2: the deadline is not in the past" 3 deadline_in_past INSP-2 \
	as clerk inspection finding 1 "${F[@]}" --deadline 2026-11-19
refused "INSP-2: the deadline is a date" 3 deadline_invalid INSP-2 \
	as clerk inspection finding 1 "${F[@]}" --deadline soon
refused "an unknown inspection" 4 unknown_inspection "" \
	as clerk inspection finding 99 "${F[@]}"
expect_rc "INSP-2: the finding becomes a notice, due by the policy's 30 days" 0 \
	as clerk inspection finding 1 "${F[@]}"
check "the notice is open, due 2026-12-20" \
	test "$(query "$DB" "SELECT status || deadline || source FROM rectification WHERE id = 1")" = "open2026-12-20inspection:1"
refused "INSP-2: no follow-up before the report back" 6 follow_up_before_report INSP-2 \
	as clerk inspection rectify-close 1 --note 复查
refused "INSP-2: someone else does not report back" 5 not_responsible INSP-2 \
	as staff inspection rectify-report 1 --text 已整改
refused "INSP-2: the report has its text" 3 report_required INSP-2 \
	as finance inspection rectify-report 1
expect_rc "INSP-2: the person answering for it reports back" 0 \
	as finance inspection rectify-report 1 --text 已更换密码并上锁
refused "INSP-2: reported once" 6 rectification_reported INSP-2 \
	as finance inspection rectify-report 1 --text 再报
refused "INSP-2: the responsible person does not follow up" 5 role_required INSP-2 \
	as finance inspection rectify-close 1 --note 自查合格
refused "INSP-2: reopening needs a deadline ahead" 3 deadline_in_past INSP-2 \
	as clerk inspection rectify-reopen 1 --note 仍未上锁 --deadline 2026-11-01
expect_rc "INSP-2: the follow-up reopens it with a new deadline" 0 \
	as clerk inspection rectify-reopen 1 --note 仍未上锁 --deadline 2026-11-25
check "reopened once, open again" \
	test "$(query "$DB" "SELECT status || deadline || reopened FROM rectification WHERE id = 1")" = "open2026-11-251"
check "ORG-2: the reopening's history line records its deadline as data, the opening's too" \
	test "$(query "$DB" "SELECT $(sql_concat "action || '=' || coalesce(deadline, '-')" id) FROM rectification_event WHERE rectification_id = 1")" = "open=$(query "$DB" "SELECT detail FROM rectification_event WHERE rectification_id = 1 AND action = 'open'"),report=-,reopen=2026-11-25"

# --- INSP-2: overdue alert, then closed -------------------------------------------------
expect_rc "INSP-2: past its deadline the clerk is alerted" 0 as_at 2026-12-01T01:00:00Z clerk alerts --json
expect_out "INSP-2: past its deadline the clerk is alerted: shows it" "rectification_overdue"
expect_rc "INSP-2: and so is the person answering for it" 0 as_at 2026-12-01T01:00:00Z finance alerts --json
expect_out "INSP-2: and so is the person answering for it: shows it" "rectification_overdue"
expect_rc "INSP-2: reported again" 0 as finance inspection rectify-report 1 --text 已上锁
expect_rc "INSP-2: the follow-up closes it" 0 as clerk inspection rectify-close 1 --note 复查合格
refused "INSP-2: closed once" 6 rectification_closed INSP-2 \
	as clerk inspection rectify-close 1 --note 再次销号
refused "INSP-2: a closed notice is not reported on" 6 rectification_closed INSP-2 \
	as finance inspection rectify-report 1 --text 又报
expect_rc "closed: the clerk's alerts" 0 as_at 2026-12-01T01:00:00Z clerk alerts --json
check "closed: no INSP-2 alert any more" sh -c "! grep -q rectification_overdue '$OUT'"
check "the history holds every step" \
	test "$(query "$DB" "SELECT $(sql_concat action id) FROM rectification_event WHERE rectification_id = 1")" = "open,report,reopen,report,close"
expect_rc "the notice lists for the person answering for it" 0 as finance inspection rectify-list
expect_out "the notice lists for the person answering for it: shows it" "已销号"
run "$BAOMI" check --db "$DB"
check "check: the ledger rows were read" grep -q '台账' "$OUT"
check "check: every inspection and rectification row matches the chain" \
	sh -c "! grep -qE 'inspection|rectification|保密检查|整改' '$OUT'"
done_testing
