# tests/cli/t_report.sh — the unit's reports to its leadership (ORG-2) through
# the real binary. Known records are made on the test clock in October,
# November and December 2026; the November report and the 2026 statistics
# must give each figure as a direct count of the database says, by level,
# with exactly the ids of the records behind it; refusals name ORG-2 (or
# SYS-1) and write nothing; each reading is audited; CSV carries the same.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

jtrue() { jq -e "$1" "$OUT" >/dev/null; }
jget() { jq -r "$1" "$OUT"; }
# q SQL: the rows of SQL on the unit's database, SQLite or PostgreSQL (lib.sh query).
q() { query "$DB" "$1"; }

export BAOMI_NOW=2026-10-20T02:00:00Z
check "fixture unit builds through the CLI" build_fixture
check "a supervising leader" add_leader
check "a classification authority" add_classifier

reg() { # reg TITLE LEVEL PLACE [SCOPE]: registers an incoming carrier as the clerk, prints its id
	as clerk carrier register --title "$1" --level "$2" --place "$3" --scope "${4:-办公室}" --json | jq -r .id
}

# October: one carrier (outside November)
OCT=$(reg 十月来文 内部 档案柜)
check "October: a carrier registered" test -n "$OCT"

# November: three carriers received, one made (2 copies), one borrowed and not back,
# one sent, one incident, a device, a training session.
export BAOMI_NOW=2026-11-03T02:00:00Z
A=$(reg 十一月来文甲 机密 一号保密柜 财务科)
B=$(reg 十一月来文乙 秘密 保密室)
C=$(reg 十一月来文丙 秘密 保密室)
check "November: three carriers received" test -n "$A" -a -n "$B" -a -n "$C"
export BAOMI_NOW=2026-11-04T02:00:00Z
RM=$(approved_make clerk leader --param title=十一月自制 --param level=秘密 \
	--param 'doc_number=测发〔2026〕11号' --param copies=2 --param scope=办公室)
expect_rc "November: two copies made" 0 as clerk carrier make --request "$RM" --place 保密室 --json
export BAOMI_NOW=2026-11-05T02:00:00Z
expect_rc "November: finance asks to borrow the 机密 carrier" 0 \
	as finance request new borrow --carrier "$A" --reason 起草材料 --json
RB=$(jget .id)
expect_rc "November: the leader approves" 0 as leader approve "$RB" --comment 同意
expect_rc "November: the clerk issues it" 0 holder_as finance clerk desk issue "$RB"
export BAOMI_NOW=2026-11-06T02:00:00Z
expect_rc "November: the clerk sends one" 0 \
	as clerk send new --carrier "$B" --to 市教育局 --channel 机要通信 --courier 刘机要 --json
export BAOMI_NOW=2026-11-07T02:00:00Z
expect_rc "November: an incident opened" 0 \
	as clerk incident open --kind missing --carrier "$C" --circumstances 未见 --json
INC=$(jget .id)
expect_rc "November: a device registered" 0 \
	as clerk device add --number U-101 --kind usb --level 秘密 --holder staff --json
expect_rc "November: a training session" 0 \
	as clerk training add --on 2026-11-07 --topic 保密法规 --hours 1.5 --trainer 张保密
expect_rc "November: attendance" 0 as clerk training attend 1 staff finance

# December: one more carrier (outside November)
export BAOMI_NOW=2026-12-02T02:00:00Z
DEC=$(reg 十二月来文 秘密 保密室)
check "December: a carrier registered" test -n "$DEC"

# The period's bounds in UTC (the unit is at +08:00).
FROM=2026-10-31T16:00:00Z
TO=2026-11-30T16:00:00Z

fig() { # fig KEY JQ: the figure's JQ of the last report
	jq -r --arg k "$1" ".figures[] | select(.key == \$k) | $2" "$OUT"
}
ids() { fig "$1" '.ids | join(",")'; }
# same NAME KEY SQL: the figure's ids are the SQL's ids (in id order), and its count their number.
same() {
	local want got
	want=$(q "SELECT coalesce($(sql_concat id id), '') FROM ($3 ORDER BY id) AS s")
	got=$(ids "$2")
	if [ "$want" = "$got" ] && [ "$(fig "$2" .count)" = "$(q "SELECT count(*) FROM ($3) AS s")" ]; then
		_tap_line ok "$1"
	else
		_tap_line fail "$1"
		echo "#   want ids [$want], report [$got]" >&2
	fi
}

AUDIT0=$(q "SELECT count(*) FROM audit_event WHERE action = 'report.monthly'")
expect_rc "ORG-2: the clerk reads the November report" 0 as clerk report monthly --month 2026-11 --json
check "ORG-2: the period and its due day (report.monthly_day 5)" \
	jtrue '.period == "2026-11" and .from == "2026-11-01" and .to == "2026-11-30" and .due_on == "2026-12-05" and .rule == "ORG-2"'
check "ORG-2: the standing figures are read at the month's end" jtrue ".as_of == \"$TO\""
check "ORG-2: the unit is named" jtrue '.unit == "测试单位"'
check "ORG-2: the reading is audited" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action = 'report.monthly'")" = $((AUDIT0 + 1))

# Known numbers first, then each figure against a direct count and its ids.
check "registered in November: 3 received + 2 made" test "$(fig carriers.registered .count)" = 5
check "received: 3 (机密 1, 秘密 2)" test "$(fig carriers.received '[.count, .by_level.secret, .by_level.confidential] | join(",")')" = 3,1,2
check "received: the three November carriers" test "$(ids carriers.received)" = "$A,$B,$C"
check "made: 2 秘密" test "$(fig carriers.made '[.count, .by_level.confidential] | join(",")')" = 2,2
check "sent: the one sent" test "$(ids carriers.sent)" = "$B"
check "loans: the one issued" test "$(fig loans.issued .count)" = 1
check "overdue at the month's end: the loan not back" test "$(fig overdue.loans .count)" = 1
check "found: the incident" test "$(ids found.incidents)" = "$INC"
check "open at the month's end: the incident" test "$(ids overdue.incidents_open)" = "$INC"
check "trainings: one session, 1.5 hours" test "$(fig trainings '[.count, .hours] | join(",")')" = 1,1.5
check "not in November: the October and December carriers" \
	test -z "$(fig carriers.registered ".ids[] | select(. == $OCT or . == $DEC)")"

same "carriers.registered = direct count" carriers.registered \
	"SELECT id FROM carrier WHERE registered_at >= '$FROM' AND registered_at < '$TO'"
same "carriers.made = direct count" carriers.made \
	"SELECT id FROM carrier WHERE origin = 'made' AND registered_at >= '$FROM' AND registered_at < '$TO'"
same "carriers.received = direct count" carriers.received \
	"SELECT id FROM carrier WHERE origin = 'incoming' AND registered_at >= '$FROM' AND registered_at < '$TO'"
same "carriers.sent = direct count" carriers.sent \
	"SELECT i.carrier_id AS id FROM dispatch_item i JOIN dispatch d ON d.id = i.dispatch_id WHERE d.created_at >= '$FROM' AND d.created_at < '$TO'"
same "carriers.destroyed = direct count (none)" carriers.destroyed \
	"SELECT id FROM carrier WHERE status = 'destroyed'"
same "loans.issued = direct count (loan ids)" loans.issued \
	"SELECT id FROM loan WHERE issued_at >= '$FROM' AND issued_at < '$TO'"
same "overdue.loans = direct count (loan ids)" overdue.loans \
	"SELECT id FROM loan WHERE issued_at < '$TO' AND due_at < '$TO' AND (returned_at IS NULL OR returned_at > '$TO')"
same "found.incidents = direct count (incident ids)" found.incidents \
	"SELECT id FROM incident WHERE opened_at >= '$FROM' AND opened_at < '$TO'"
same "levels.changed = direct count" levels.changed \
	"SELECT id FROM level_change WHERE at >= '$FROM' AND at < '$TO'"
same "trainings = direct count (sessions)" trainings \
	"SELECT id FROM training_session WHERE held_on BETWEEN '2026-11-01' AND '2026-11-30'"
check "by level adds up to the count for every levelled figure" \
	jtrue 'all(.figures[] | select(.by_level); ([.by_level[]] | add) == .count)'
check "every figure names its table and has as many ids as its count (the clerk sees them all)" \
	jtrue 'all(.figures[]; (.table | length) > 0 and (.ids | length) == .count and .withheld == 0)'
check "the monthly report holds no standing statistics" \
	jtrue 'all(.figures[]; .key != "people.cleared" and .key != "devices")'

# --- the yearly statistics -------------------------------------------------------
expect_rc "ORG-2: the leader reads the 2026 statistics" 0 as leader report yearly --year 2026 --json
check "SYS-2: the leader's figures are the unit's; the ids are those the leader may see" \
	jtrue '(.figures[] | select(.key == "carriers.received") | .count == 5 and (.ids | length) + .withheld == 5)'
expect_rc "ORG-2: the clerk reads the 2026 statistics" 0 as clerk report yearly --year 2026 --json
check "the year's period" jtrue '.period == "2026" and .from == "2026-01-01" and .to == "2026-12-31"'
check "the standing figures are read now (before the year's end)" jtrue '.as_of == "2026-12-02T02:00:00Z"'
same "year: carriers.received = direct count (Oct, Nov, Dec)" carriers.received \
	"SELECT id FROM carrier WHERE origin = 'incoming'"
check "year: received includes October and December" \
	test "$(ids carriers.received)" = "$OCT,$A,$B,$C,$DEC"
same "year: people.cleared = direct count" people.cleared \
	"SELECT id FROM person WHERE person_class <> 'none' AND status = 'active'"
check "year: people by class (clerk, leader, classifier core; finance important; staff general)" \
	test "$(fig people.cleared '[.by_kind.core, .by_kind.important, .by_kind.general] | join(",")')" = 3,1,1
same "year: devices = direct count" devices "SELECT id FROM device WHERE status <> 'scrapped'"
check "year: devices by level" test "$(fig devices .by_level.confidential)" = 1
same "year: training attendance = direct count (person ids)" trainings.attendance \
	"SELECT a.person_id AS id FROM training_attendance a JOIN training_session t ON t.id = a.session_id WHERE t.held_on LIKE '2026-%'"
check "year: the two who attended" test "$(fig trainings.attendance '.ids | sort | join(",")')" = "$(q "SELECT $(sql_concat id id) FROM (SELECT id FROM person WHERE username IN ('staff', 'finance') ORDER BY id) AS s")"

# --- CSV -------------------------------------------------------------------------
expect_rc "ORG-2: the report as CSV" 0 as clerk report monthly --month 2026-11 --csv
expect_out "CSV: the header" '报告期,栏目,项目'
expect_out "CSV: the received figure with its ids" "^2026-11,本期变化,接收载体,carriers received,,3,载体,$A $B $C"
expect_out "CSV: by level" '^2026-11,本期变化,接收载体,carriers received,机密,1,载体,'
expect_out "CSV: the report's SM3 digest" '^2026-11,报告摘要,SM3,digest,,,,[0-9a-f]{64}'
expect_rc "issue 15: the report as .xlsx needs --out" 2 as clerk report monthly --month 2026-11 --format xlsx
expect_rc "issue 15: the report as .xlsx" 0 as clerk report monthly --month 2026-11 --format xlsx --out "$WORK/m.xlsx"
check "issue 15: a zip (an Excel workbook)" test "$(head -c 2 "$WORK/m.xlsx")" = PK
expect_rc "ORG-2: the report as text" 0 as clerk report monthly --month 2026-11
expect_out "text: the title" '保密工作月报 2026-11'
expect_out "text: a figure" 'carriers.received +3'

# --- refusals: each names its rule, and writes nothing but the refusal's audit ------
rows() { q "SELECT (SELECT count(*) FROM carrier) || '/' || (SELECT count(*) FROM loan) || '/' || (SELECT count(*) FROM incident) || '/' || (SELECT count(*) FROM report_delivery)"; }
refused() { # refused NAME EXIT CODE RULE CMD... (RULE "": a refusal without a rule)
	local name=$1 rc=$2 code=$3 rule=$4 before
	shift 4
	before=$(rows)
	expect_rc "$name: exit $rc" "$rc" "$@"
	if [ -n "$rule" ]; then
		expect_err "$name: names '$code' under [$rule]" "\\[$rule\\] $code"
	else
		expect_err "$name: names '$code'" "$code"
	fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(rows)" = "$before"
}

# --- the drill-down: the records behind a figure, SYS-2 for the reader ------------
expect_rc "ORG-2: the clerk drills into the received carriers" 0 \
	as clerk report records --month 2026-11 --figure carriers.received --json
check "drill-down: the three carriers with their titles" \
	jtrue "[.records[].id] == [$A, $B, $C] and .records[0].label == \"十一月来文甲\" and .withheld == 0"
check "drill-down: each record's level and day" \
	jtrue '.records[0].level == "secret" and .records[0].day == "2026-11-03T02:00:00Z"'
LDEPT=$(q "SELECT coalesce(d.name, '') FROM person p LEFT JOIN department d ON d.id = p.department_id WHERE p.username = 'leader'")
expect_rc "SYS-2: the leader drills into the same figure" 0 \
	as leader report records --month 2026-11 --figure carriers.received --json
check "SYS-2: the leader (of $LDEPT) is not shown 财务科's 机密 carrier, nor its title" \
	jtrue "([.records[].id] | index($A)) == null and .withheld == 1 and .rule == \"SYS-2\" and (tostring | contains(\"十一月来文甲\") | not)"
check "SYS-2: the figure still counts the unit's three" jtrue '.figure.count == 3'
expect_rc "SYS-2: the leader's report lists the ids shown, and says how many are withheld" 0 \
	as leader report monthly --month 2026-11 --json
check "SYS-2: ids shown + withheld = count, for every figure" \
	jtrue 'all(.figures[]; (.ids | length) + .withheld == .count) and .withheld >= 1'
check "SYS-2: the withheld carrier's id is not in the leader's report" \
	test -z "$(fig carriers.received ".ids[] | select(. == $A)")"
refused "ORG-2: an unknown figure" 4 unknown_figure "" as clerk report records --month 2026-11 --figure carriers.lost
expect_rc "usage: records needs --figure" 2 as clerk report records --month 2026-11

# --- the month's report delivered to the leadership (ORG-2) and its alert ---------
export BAOMI_NOW=2026-12-05T02:00:00Z
expect_rc "ORG-2: the clerk's alerts" 0 as clerk alerts --json
check "ORG-2: no alert on the due day" jtrue '[.alerts[] | select(.code == "monthly_report_missing")] | length == 0'
export BAOMI_NOW=2026-12-06T02:00:00Z
expect_rc "ORG-2: the clerk's alerts the day after" 0 as clerk alerts --json
check "ORG-2: November's report is late: the alert, due 2026-12-05" \
	jtrue '[.alerts[] | select(.rule == "ORG-2" and .code == "monthly_report_missing" and .due == "2026-12-05")] | length == 1'
expect_rc "ORG-2: the leader's alerts" 0 as leader alerts --json
check "ORG-2: the alert is the clerk's, not the leader's" \
	jtrue '[.alerts[] | select(.code == "monthly_report_missing")] | length == 0'
drows() { q "SELECT count(*) FROM report_delivery"; }
refusedd() { # refusedd NAME EXIT CODE RULE CMD...: and no delivery was written
	local before
	before=$(drows)
	refused "$@"
	check "$1: no delivery written" test "$(drows)" = "$before"
}
refusedd "ORG-2: the leader does not record the delivery (the clerk does)" 5 role_required ORG-2 \
	as leader report deliver --month 2026-11 --to leader
refusedd "ORG-2: a month not over" 3 period_not_ended ORG-2 \
	as clerk report deliver --month 2026-12 --to leader
refusedd "ORG-2: delivered before the month ended" 3 delivered_before_period_end ORG-2 \
	as clerk report deliver --month 2026-11 --to leader --on 2026-11-30
refusedd "ORG-2: delivered tomorrow" 3 delivered_in_future ORG-2 \
	as clerk report deliver --month 2026-11 --to leader --on 2026-12-07
refusedd "ORG-2: a malformed day" 3 invalid_date ORG-2 \
	as clerk report deliver --month 2026-11 --to leader --on 2026-12-40
refusedd "ORG-2: to a member of staff, not the leadership" 3 recipient_not_leadership ORG-2 \
	as clerk report deliver --month 2026-11 --to staff
refusedd "ORG-2: to nobody" 3 recipient_required ORG-2 \
	as clerk report deliver --month 2026-11
expect_rc "ORG-2: the clerk records November's report delivered to the leader" 0 \
	as clerk report deliver --month 2026-11 --to leader --on 2026-12-03 --note 在局务会上报送 --json
check "ORG-2: the delivery: day, recipient, SM3 digest" \
	jtrue '.period == "2026-11" and .delivered_on == "2026-12-03" and .alg == "sm3" and (.digest | test("^[0-9a-f]{64}$")) and .note == "在局务会上报送"'
DIGEST=$(jget .digest)
check "ORG-2: what was delivered is kept, and its SM3 is the digest" \
	test "$(q "SELECT content FROM report_delivery WHERE period = '2026-11'" | tr -d '\n' | openssl dgst -sm3 -r | cut -d' ' -f1)" = "$DIGEST"
check "ORG-2: the delivery is audited with its digest" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action = 'report.deliver' AND detail LIKE '%$DIGEST%'")" = 1
check "SYS-3: the delivery row is bound to the chain" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action = 'report.deliver' AND detail LIKE '%[\"report_delivery\",%'")" = 1
expect_rc "ORG-2: the clerk's alerts after the delivery" 0 as clerk alerts --json
check "ORG-2: the alert has ended" jtrue '[.alerts[] | select(.code == "monthly_report_missing")] | length == 0'
refusedd "ORG-2: a second delivery of the month" 6 already_delivered ORG-2 \
	as clerk report deliver --month 2026-11 --to leader
expect_rc "ORG-2: the report shows its delivery" 0 as leader report monthly --month 2026-11 --json
check "ORG-2: delivered, to whom, and the report still matches what was delivered" \
	jtrue ".delivery.delivered_on == \"2026-12-03\" and .delivery.digest == \"$DIGEST\" and .delivery.matches == true and .digest == \"$DIGEST\""
expect_rc "ORG-2: the deliveries" 0 as leader report deliveries --json
check "ORG-2: one delivery listed" jtrue '.count == 1 and .items[0].period == "2026-11"'
expect_rc "ORG-2: the delivery in the text report" 0 as clerk report monthly --month 2026-11
expect_out "text: delivered" '已报送 delivered 2026-12-03'
export BAOMI_NOW=2026-12-02T02:00:00Z

# --- refusals of the readings ------------------------------------------------------
refused "ORG-2: staff do not read the reports" 5 role_required ORG-2 \
	as staff report monthly --month 2026-11
refused "SYS-1: nor does the security administrator" 5 admin_no_business SYS-1 \
	as secadmin report yearly --year 2026
refused "ORG-2: a month 13" 3 invalid_period ORG-2 as clerk report monthly --month 2026-13
refused "ORG-2: a malformed month" 3 invalid_period ORG-2 as clerk report monthly --month 11/2026
refused "ORG-2: a month not begun" 3 period_in_future ORG-2 as clerk report monthly --month 2027-01
refused "ORG-2: a year not begun" 3 period_in_future ORG-2 as clerk report yearly --year 2027
check "a refusal is audited too" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action = 'report.monthly' AND detail LIKE '%period_in_future%'")" -ge 1
expect_rc "usage: monthly needs --month" 2 as clerk report monthly
expect_rc "usage: unknown subcommand" 2 as clerk report weekly

done_testing
