# tests/cli/t_people.sh — issue 10 points 1-2: the register of cleared people
# and training records. A person is walked from vetting to the 脱密期; each
# refusal names its rule (PERSON-2/3/4/6/7/8, KEEP-2, ORG-1) and leaves the
# register as it was.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
add_people() {
	new_account sysadmin 孔新人 --username newbie --department 办公室 >/dev/null
}
check "fixture: a new person" add_people

# q SQL: the rows of SQL on the unit's database, SQLite or PostgreSQL (lib.sh query).
q() { query "$DB" "$1"; }
# The register's state: the person's columns, history, training and trips.
state() {
	q "SELECT $(sql_concat "coalesce(person_class,'') || coalesce(vetted_on,'') || coalesce(cleared_on,'') ||
	   coalesce(commitment_signed_on,'') || coalesce(statement_on,'') || coalesce(exit_commitment_on,'') ||
	   coalesce(left_on,'') || coalesce(decl_until,'') || status || coalesce(post,'')" id) FROM person" &&
		q "SELECT (SELECT count(*) FROM person_event) || '/' || (SELECT count(*) FROM training_session)
	   || '/' || (SELECT count(*) FROM training_attendance) || '/' || (SELECT count(*) FROM person_trip)
	   || '/' || (SELECT count(*) FROM departure)
	   || '/' || (SELECT coalesce($(sql_concat "approvals || ':' || approved_by || ':' || coalesce(departed_on, '')
	                                         || ':' || coalesce(reported_on, '')" id), '') FROM person_trip)"
}
# refused NAME RULE CODE CMD...: exit 5 (or the given code), [RULE] CODE, nothing changed.
refused_rc() {
	local name=$1 rc=$2 rule=$3 code=$4 before
	shift 4
	before=$(state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names [$rule] $code" "^error \\[$rule\\] $code:"
	check "$name: the register unchanged" test "$(state)" = "$before"
}
refused() { refused_rc "$1" 5 "${@:2}"; }

# --- the account before the register ----------------------------------------------
expect_rc "person list: the clerk reads the register" 0 as clerk person list
expect_out "person list: an account not in the register is stage account" '^[0-9]+ +李员工 +general +account'
expect_rc "person show --json" 0 as secadmin person show staff --json
expect_out "person show: the account is cleared by its account" '"stage": "account"'
expect_out "person show: no block for an account in good standing" '"blocked": null'
refused "PERSON-2: staff may not read the register" PERSON-2 role_required as staff person list
refused "PERSON-2: the clerk does not record vetting" PERSON-2 role_required \
	as clerk person vet newbie --on 2026-03-01 --result pass

# --- vetting → trained → committed → cleared ----------------------------------------
refused_rc "PERSON-2: a vetting dated in the future" 3 PERSON-2 date_in_future \
	as secadmin person vet newbie --on 2026-04-01 --result pass
expect_rc "PERSON-2: vetting recorded" 0 as secadmin person vet newbie --on 2026-02-20 --result pass --note 政审合格
expect_out "vetting: stage vetted" '已审查 vetted'
refused "PERSON-2: not cleared before training" PERSON-2 not_trained \
	as secadmin person clear newbie --class important --on 2026-03-01
expect_rc "PERSON-6: the clerk records a session" 0 \
	as clerk training add --on 2026-02-25 --topic 保密法规 --hours 1.5 --trainer 张保密
expect_out "training: the session" '培训 training 1 .*1.5'
refused_rc "PERSON-6: hours beyond a day" 3 PERSON-6 invalid_hours \
	as clerk training add --on 2026-02-25 --topic 超长 --hours 25 --trainer 张保密
refused "SYS-1: the security administrator does not take attendance" SYS-1 admin_no_business \
	as secadmin training attend 1 newbie
expect_rc "PERSON-6: attendance taken" 0 as clerk training attend 1 newbie staff
expect_out "attendance: two attendees" '共 2 人'
refused_rc "PERSON-6: the same person twice" 6 PERSON-6 already_attended as clerk training attend 1 newbie
expect_rc "PERSON-6: the sheet signed" 0 as clerk training sign 1
refused_rc "PERSON-6: a signed sheet takes nobody" 6 PERSON-6 training_signed as clerk training attend 1 clerk
refused "PERSON-2: not cleared before the commitment" PERSON-2 no_commitment \
	as secadmin person clear newbie --class important --on 2026-03-01
expect_rc "PERSON-2: commitment recorded" 0 as secadmin person commit newbie --on 2026-03-01
expect_out "commitment: stage committed" '已签承诺书 committed'
refused "PERSON-3: a temporary hire is never cleared" PERSON-3 temporary_hire \
	as secadmin person clear temp --class general --on 2026-03-01
expect_rc "PERSON-2: cleared" 0 as secadmin person clear newbie --class important --on 2026-03-02
expect_out "clear: stage cleared, class important" '重要 important'
refused_rc "PERSON-2: cleared twice" 6 PERSON-2 already_cleared \
	as secadmin person clear newbie --class core --on 2026-03-02
expect_rc "post recorded" 0 as secadmin person post newbie --post 机要秘书
# A temporary hire given a class behind the register's back (an older ledger) gets no classified post.
# (query_super: a direct edit, as with the sqlite3 shell, which fires none of the store's
# bound-row triggers; on PostgreSQL only a session without them may write a bound table.)
check "fixture: temp given a class behind the register's back" \
	query_super "$DB" "UPDATE person SET person_class='general' WHERE username='temp'"
check "fixture: the class is in the database" test "$(q "SELECT person_class FROM person WHERE username='temp'")" = general
refused "PERSON-3: a temporary hire in a classified post" PERSON-3 temporary_hire \
	as secadmin person post temp --post 机要
check "fixture: temp's class put back" \
	query_super "$DB" "UPDATE person SET person_class='none' WHERE username='temp'"
expect_rc "ORG-1: statement recorded" 0 as secadmin person statement newbie --on 2026-03-02
expect_rc "history: show --json" 0 as clerk person show newbie --json
expect_out "history: the vetting" '"kind": "vetting"'
expect_out "history: the class change" '"to": "important"'
expect_out "history: the trainings attended" '"topic": "保密法规"'

# --- PERSON-2 on the account path: a tracked person is cleared by the register ------
new_account sysadmin 吴候选 --username cand --department 办公室 >/dev/null
as secadmin person vet cand --on 2026-03-01 --result fail >/dev/null
refused "PERSON-2: a grant cannot clear a person who failed vetting" PERSON-2 not_vetted \
	as secadmin org grant cand --class general --commitment 2026-03-01

# --- PERSON-7: blocks on borrowing, reading and scopes --------------------------------
expect_rc "PERSON-1: a cleared person is named in a scope" 0 \
	as clerk carrier register --title 人员测试件 --level 机密 --place 一号保密柜 --scope newbie --json
CID=$(grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$')
export BAOMI_NOW=2027-03-05T02:00:00Z
expect_rc "ORG-1 (PERSON-7): a year later the statement lapsed" 0 as secadmin person show newbie --json
expect_out "PERSON-7: the register shows the block" '"code": "statement_lapsed"'
before=$(q "SELECT count(*) FROM carrier_scope")
expect_rc "PERSON-7: a lapsed statement keeps a person out of a new scope" 5 \
	as clerk carrier register --title 人员测试件二 --level 机密 --place 一号保密柜 --scope newbie
expect_err "PERSON-7: named with the rule" '^error \[PERSON-7\] statement_lapsed:'
check "PERSON-7: no scope row written" test "$(q 'SELECT count(*) FROM carrier_scope')" = "$before"
expect_rc "ORG-1: the statement renewed" 0 as secadmin person statement newbie --on 2027-03-05
printf 'training.lapse_blocks = true\n' >"$WORK/policy.txt"
expect_rc "PERSON-6: training.lapse_blocks on" 0 as secadmin policy import "$WORK/policy.txt" --comment 培训逾期即限制
expect_rc "PERSON-7: under lapse_blocks the register shows the lapse" 0 as secadmin person show newbie --json
expect_out "PERSON-7: training lapsed (1.5 hours, a year ago)" '"code": "training_lapsed"'
expect_rc "PERSON-7: lapsed training keeps a person out of a new scope" 5 \
	as clerk carrier register --title 人员测试件三 --level 机密 --place 一号保密柜 --scope newbie
expect_err "PERSON-7: named with the rule" '^error \[PERSON-7\] training_lapsed:'
expect_rc "PERSON-6: a new session" 0 as clerk training add --on 2027-03-04 --topic 年度培训 --hours 2 --trainer 张保密
expect_rc "PERSON-6: attended" 0 as clerk training attend 2 newbie
expect_rc "PERSON-7: trained again, named again" 0 \
	as clerk carrier register --title 人员测试件三 --level 机密 --place 一号保密柜 --scope newbie
expect_rc "PERSON-6: summary" 0 as clerk training summary --year 2027 --json
expect_out "summary: one session of 2 hours" '"session_hours": 2'

# --- PERSON-8: trips abroad ----------------------------------------------------------------
add_approvers() {
	add_leader &&
		new_account sysadmin 赵局长 --username principal --department 办公室 >/dev/null &&
		as secadmin org grant principal --class core --roles principal --commitment 2026-01-05 >/dev/null
}
check "fixture: the supervising and the principal leader" add_approvers
refused "PERSON-8: not briefed before leaving" PERSON-8 not_briefed \
	as secadmin person trip newbie --to 日本 --depart 2027-02-01 --return 2027-02-10 --briefed 2027-02-03
expect_rc "PERSON-8: the approver's name is no longer taken" 2 \
	as secadmin person trip newbie --to 日本 --depart 2027-02-01 --return 2027-02-10 --briefed 2027-01-20 --approved-by 王领导
expect_rc "PERSON-8: trip recorded, awaiting approval" 0 \
	as secadmin person trip newbie --to 日本 --depart 2027-02-01 --return 2027-02-10 --briefed 2027-01-20
expect_out "PERSON-8: an important person's trip goes to the supervising leader" '待分管领导审批 awaiting the supervising leader \(0/1\)'
refused "PERSON-8: no departure before the approval" PERSON-8 trip_not_approved \
	as secadmin person trip-depart 1 --on 2027-02-01
refused "PERSON-8: the clerk is not the approver" PERSON-8 trip_approver_role \
	as clerk person trip-approve 1
refused "PERSON-8: the principal leader is not the approver of an important person" PERSON-8 trip_approver_role \
	as principal person trip-approve 1
refused "PERSON-8: nobody approves their own trip" PERSON-8 trip_self_approval \
	as newbie person trip-approve 1
expect_rc "PERSON-8: no alert before the departure" 0 as clerk alerts --json
no_unreported() { ! printf '%s' "$1" | grep -q trip_unreported; }
check "alerts: no trip_unreported for a trip not departed" no_unreported "$OUT_TEXT"
refused_rc "PERSON-8: no report back before a departure" 6 PERSON-8 trip_not_departed \
	as secadmin person trip-report 1 --on 2027-03-01
expect_rc "PERSON-8: the supervising leader approves" 0 as leader person trip-approve 1
expect_out "PERSON-8: approved" '已批准 approved by 王领导'
refused_rc "PERSON-8: approved once" 6 PERSON-8 trip_approved as leader person trip-approve 1
refused_rc "PERSON-8: not departed before the briefing" 5 PERSON-8 not_briefed \
	as secadmin person trip-depart 1 --on 2027-01-19
expect_rc "PERSON-8: departed" 0 as secadmin person trip-depart 1 --on 2027-02-01 --json
expect_out "PERSON-8: the trip is departed" '"status": "departed"'
refused_rc "PERSON-8: departed once" 6 PERSON-8 trip_departed as secadmin person trip-depart 1 --on 2027-02-02
expect_rc "PERSON-8: the clerk sees the traveller not reported back" 0 as clerk alerts --json
expect_out "alerts: trip_unreported" '"code": "trip_unreported"'
refused_rc "PERSON-8: report before departure" 3 PERSON-8 report_before_departure \
	as secadmin person trip-report 1 --on 2027-01-01
expect_rc "PERSON-8: reported back" 0 as secadmin person trip-report 1 --on 2027-03-01 --note 无涉密事项
# A core person's trip goes to the principal leader (person.trip_approver.core).
expect_rc "PERSON-8: a core person's trip" 0 \
	as secadmin person trip clerk --to 新加坡 --depart 2027-04-01 --return 2027-04-05 --briefed 2027-03-01
expect_out "PERSON-8: awaiting the principal leader" '待主要领导审批'
refused "PERSON-8: the supervising leader does not approve a core person's trip" PERSON-8 trip_approver_role \
	as leader person trip-approve 2
expect_err "PERSON-8: the refusal names who approves" '核心人员出国（境）须由主要领导审批'
expect_rc "PERSON-8: the principal leader approves" 0 as principal person trip-approve 2 --json
expect_out "PERSON-8: approved, not departed" '"status": "approved"'
expect_rc "PERSON-8: the history shows the approval" 0 as secadmin person show clerk --json
expect_out "PERSON-8: trip_approve in the history" '"kind": "trip_approve"'

# --- leaving: KEEP-2, PERSON-4 -------------------------------------------------------------
refused "PERSON-4: no leaving without the exit commitment" PERSON-4 no_exit_commitment \
	as secadmin person leave newbie --on 2027-03-05
expect_rc "PERSON-4: exit commitment" 0 as secadmin person exit-commit newbie --on 2027-03-05
expect_out "exit commitment: stage leaving" '离岗中 leaving'
expect_rc "KEEP-2: the clerk makes newbie a custodian" 0 \
	query_super "$DB" "UPDATE carrier SET custodian_id=(SELECT id FROM person WHERE username='newbie') WHERE id=$CID"
check "KEEP-2: newbie keeps the carrier" \
	test "$(q "SELECT count(*) FROM carrier c JOIN person p ON p.id = c.custodian_id WHERE c.id=$CID AND p.username='newbie'")" = 1
refused "KEEP-2: leaving refused while a carrier is kept" KEEP-2 items_held \
	as secadmin person leave newbie --on 2027-03-05
check "fixture: the carrier kept by nobody again" query_super "$DB" "UPDATE carrier SET custodian_id=NULL WHERE id=$CID"
expect_rc "PERSON-4: moved off the post" 0 as secadmin person leave newbie --on 2027-03-05 --moving --json
expect_out "PERSON-4: 脱密期 of an important person: a year" '"decl_until": "2028-03-05"'
expect_out "PERSON-4: stage decl" '"stage": "decl"'
expect_out "moving keeps the account" '"status": "active"'
expect_rc "PERSON-7: in the 脱密期, not named in a scope" 5 \
	as clerk carrier register --title 人员测试件四 --level 秘密 --place 保密室 --scope newbie
expect_err "PERSON-7: declassification_period" '^error \[PERSON-7\] declassification_period:'
refused "PERSON-2: no vetting after leaving" PERSON-2 person_left \
	as secadmin person vet newbie --on 2027-03-05 --result pass
expect_rc "roster CSV" 0 as clerk person roster --csv
expect_out "roster: a header" '序号,姓名,部门,岗位,涉密类别'
expect_out "roster: the core clerk" '张保密'
check "roster: the person in the 脱密期 is not on it" sh -c '! grep -q 孔新人 "$0"' "$OUT"
export BAOMI_NOW=2028-02-20T02:00:00Z
expect_rc "PERSON-4: the 脱密期 ends soon" 0 as clerk alerts --json
expect_out "alerts: decl_ending" '"code": "decl_ending"'
export BAOMI_NOW=2028-03-06T02:00:00Z
expect_rc "PERSON-4: the 脱密期 over" 0 as clerk person show newbie --json
expect_out "stage ended" '"stage": "ended"'

done_testing
