#!/usr/bin/env bash
# t_demo.sh — `baomi demo` builds a usable, realistic demo unit, only on an empty database.
. "$(dirname "$0")/lib.sh"

DB=$(new_db demo)
DB2=$(new_db demo2)
PW=Baomi@2026demo
# A fixed clock: the demo lays two years out before "now", so two runs must agree.
export BAOMI_NOW=2026-03-02T02:00:00Z

q() { query "$DB" "$1"; }
# re TEXT: TEXT as a grep -E pattern that matches it literally.
re() { printf '%s' "$1" | sed 's/[][\\.*^$+?(){}|]/\\&/g'; }
# day8 COL: the unit's day (UTC+8) of the instant COL, 'YYYY-MM-DD'.
day8() {
	if is_pg; then printf "to_char((%s)::timestamptz AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD')" "$1"; else
		printf "date(%s, '+8 hours')" "$1"
	fi
}
# next_month DAY: the day (TEXT 'YYYY-MM-DD') one month after the day DAY (SQL).
next_month() {
	if is_pg; then printf "to_char((%s)::date + interval '1 month', 'YYYY-MM-DD')" "$1"; else
		printf "date(%s, '+1 month')" "$1"
	fi
}
# month_end DAY: the last day of the month beginning on DAY (SQL).
month_end() {
	if is_pg; then printf "to_char((%s)::date + interval '1 month' - interval '1 day', 'YYYY-MM-DD')" "$1"; else
		printf "date(%s, '+1 month', '-1 day')" "$1"
	fi
}
# days_between A B: whole days from instant A to instant B (SQL, truncated).
days_between() {
	if is_pg; then printf "floor(extract(epoch from (%s)::timestamptz - (%s)::timestamptz) / 86400)::int" "$2" "$1"; else
		printf "cast(julianday(%s) - julianday(%s) as int)" "$2" "$1"
	fi
}
# json_total: the "total" of the last run's JSON output (0 when absent).
json_total() { grep -oE '"total": *[0-9]+' "$OUT" | head -1 | grep -oE '[0-9]+$' || echo 0; }
# eq NAME EXPECTED ACTUAL
eq() {
	if [ "$2" = "$3" ]; then _tap_line ok "$1"; else
		_tap_line fail "$1"
		echo "#   expected '$2', got '$3'" >&2
	fi
}
# between NAME LOW HIGH ACTUAL
between() {
	if [ "$4" -ge "$2" ] 2>/dev/null && [ "$4" -le "$3" ]; then _tap_line ok "$1"; else
		_tap_line fail "$1"
		echo "#   expected $2..$3, got '$4'" >&2
	fi
}

# ---- the run ---------------------------------------------------------------
expect_rc "demo on an empty database succeeds" 0 "$BAOMI" demo --db "$DB"
expect_out "the summary names the unit" "示范市教育体育局"
expect_out "the summary gives the demo password" "Baomi@2026demo"
expect_out "the summary lists the clerk account" "clerk"
# SYS-3 (issue 9 point 2): the demo makes the unit's key and first checkpoint as init does.
KEY=$(key_of "$DB") CHECKPOINTS=$(checkpoints_of "$DB")
expect_out "SYS-3: the summary names the audit key" "audit key: +$(re "$KEY")"
expect_out "SYS-3: the summary gives the first checkpoint's 校验码" \
	"first checkpoint: $(re "$CHECKPOINTS")，校验码 / code [A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}\$"
check "SYS-3: the demo's key is private (0600)" test "$(stat -c %a "$KEY")" = 600
check "SYS-3: the demo wrote one checkpoint" test "$(wc -l <"$CHECKPOINTS")" -eq 1
check "SYS-3: the checkpoint is the unit's creation (init and the key, before any person)" \
	test "$(jq -r .count "$CHECKPOINTS")" -lt 10
expect_rc "SYS-3: the demo's chain verifies against its checkpoint" 0 "$BAOMI" audit verify --db "$DB"
expect_out "SYS-3: ... which verify meets" 'checked against 1 signed checkpoints'
BAOMI_USER=auditor BAOMI_PASSWORD=$PW expect_rc "SYS-3: the auditor signs a checkpoint" 0 \
	"$BAOMI" audit checkpoint --db "$DB"
check "SYS-3: ... with the demo's key, none made silently" test "$(grep -c 'had no audit key' "$ERR")" = 0
check "SYS-3: ... appended to the demo's file" test "$(wc -l <"$CHECKPOINTS")" -eq 2

expect_rc "demo --json on another empty database succeeds" 0 "$BAOMI" demo --db "$DB2" --json
expect_out "the JSON summary has the carrier total" '"total": *[0-9]+'
expect_out "the JSON summary has the password" '"password": *"Baomi@2026demo"'
expect_out "SYS-3: the JSON summary has the first checkpoint's code" '"code": *"[A-Z2-7-]{19}"'

# Same clock, same ledger: the generator is deterministic.
ledger="select kind, title, coalesce(doc_number,''), coalesce(serial_number,0), level,
        period_kind, coalesce(period_years,0), coalesce(period_until,''),
        coalesce(period_event,''), coalesce(received_on,''), registered_at,
        custodian_id, place_id from carrier order by id"
check "two runs with the same clock produce the same ledger" \
	test "$(query "$DB" "$ledger" | md5sum)" = "$(query "$DB2" "$ledger" | md5sum)"

# The same unit whatever day it is made on: the browser and API suites make
# the demo at the real clock and rely on what it holds. Made on a Saturday in
# December and on New Year's Day, with another weekday, month and year
# boundary behind "now", every carrier has the same subject, level, origin,
# department, place and keeper, the people and devices are the same; only the
# dates move (the titles and 文号 carry the year). (One statement per query: psql
# -c would print the last one's rows only before PostgreSQL 15.)
facts=("select c.id, c.kind, c.level, c.original_level, c.origin, coalesce(c.serial_number,0),
       c.pages, c.status, coalesce(d.name,''), coalesce(p.name,''), coalesce(k.username,'')
       from carrier c left join department d on d.id = c.department_id
       left join storage_place p on p.id = c.place_id
       left join person k on k.id = c.custodian_id order by c.id"
	"select username, coalesce(department_id,0) from person order by id"
	"select kind, level, status from device order by id"
	"select count(*) from carrier_event" "select count(*) from request")
# facts_of DB: the facts of the unit in DB.
facts_of() {
	local f
	for f in "${facts[@]}"; do query "$1" "$f" || return 1; done
}
# made_on NOW DB: the facts' digest of a demo made at NOW in the new database DB.
made_on() {
	BAOMI_NOW=$1 "$BAOMI" demo --db "$2" >/dev/null 2>&1 && facts_of "$2" | md5sum
}
monday=$(facts_of "$DB" | md5sum)
n=0
for day in 2026-12-05T02:00:00Z 2027-01-01T02:00:00Z 2027-07-01T09:00:00Z; do
	n=$((n + 1))
	DAY=$(new_db "day$n")
	eq "the demo made at $day holds the same unit as on a Monday in March" "$monday" "$(made_on "$day" "$DAY")"
done
check "the demo made on another day keeps carriers of 财务科 in three places (browser count_trust relies on it)" \
	test "$(query "$DAY" "select count(distinct c.place_id) from carrier c
	      join department d on d.id = c.department_id where d.name = '财务科'")" -ge 3

# ---- a second run refuses and changes nothing ------------------------------
counts="select (select count(*) from unit), (select count(*) from department),
        (select count(*) from person), (select count(*) from person_role),
        (select count(*) from storage_place), (select count(*) from carrier),
        (select count(*) from carrier_scope), (select count(*) from carrier_event)"
before=$(q "$counts")
audit_before=$(q "select count(*) from audit_event")
expect_rc "demo on a database that has a unit is refused (conflict)" 6 "$BAOMI" demo --db "$DB"
expect_err "the refusal says so in Chinese" "空数据库"
expect_err "the refusal says so in English" "empty database"
eq "the refused run changes no data" "$before" "$(q "$counts")"
eq "SYS-3: the refusal itself is audited, once" "$((audit_before + 1))" \
	"$(q "select count(*) from audit_event")"
eq "SYS-3: the audited refusal is unit.init refused" "unit.init|refused" \
	"$(q "select action, outcome from audit_event order by seq desc limit 1")"

# ---- what it made ----------------------------------------------------------
between "about 200 carriers" 180 220 "$(q "select count(*) from carrier")"
between "5 to 7 departments" 5 7 "$(q "select count(*) from department")"
between "about 20 people" 18 24 "$(q "select count(*) from person")"
eq "LEVEL-1: every level is present" "0 1 2 3 4" \
	"$(q "select $(sql_concat level level ' ') from (select distinct level from carrier order by level) t")"
eq "every carrier kind is present" "hard_disk optical_disc other paper removable_disk usb" \
	"$(q "select $(sql_concat kind kind ' ') from (select distinct kind from carrier order by kind) t")"
between "fewer 绝密 than 机密" 1 "$(q "select count(*) - 1 from carrier where level = 3")" \
	"$(q "select count(*) from carrier where level = 4")"
eq "both incoming and made carriers" "incoming made" \
	"$(q "select $(sql_concat origin origin ' ') from (select distinct origin from carrier order by origin) t")"
eq "every role is held by someone" \
	"auditor classifier clerk dept_head inspector leader principal secadmin staff sysadmin" \
	"$(q "select $(sql_concat role role ' ') from (select distinct role from person_role order by role) t")"
eq "PERSON-1: every class is present" "core general important none" \
	"$(q "select $(sql_concat person_class person_class ' ') from (select distinct person_class from person order by person_class) t")"
eq "PERSON-2: one classed person has no signed commitment" "1" \
	"$(q "select count(*) from person where person_class <> 'none' and commitment_signed_on is null")"
eq "PERSON-3: the temporary hire holds no class" "none" \
	"$(q "select $(sql_concat person_class id) from person where temporary = 1")"
eq "one person has no account" "1" "$(q "select count(*) from person where username is null")"
eq "no demo account must change its password" "0" \
	"$(q "select count(*) from person where username is not null and must_change_password <> 0")"
eq "KEEP-1: every 机密 and 绝密 carrier is in a safe" "0" \
	"$(q "select count(*) from carrier c join storage_place p on p.id = c.place_id
	      where c.level >= 3 and p.kind <> 'safe'")"
eq "KEEP-1: no carrier is above its place's level" "0" \
	"$(q "select count(*) from carrier c join storage_place p on p.id = c.place_id
	      where c.level > p.max_level")"
eq "LEVEL-2: every classified carrier has a knowledge scope" "0" \
	"$(q "select count(*) from carrier c where c.level >= 2
	      and not exists (select 1 from carrier_scope s where s.carrier_id = c.id)")"
eq "LEVEL-8: periods of years, dates, events and none all appear" "event none until years" \
	"$(q "select $(sql_concat period_kind period_kind ' ') from (select distinct period_kind from carrier order by period_kind) t")"
between "REG-2: a few registrations are late and flagged" 1 20 \
	"$(q "select count(*) from carrier_event where detail like '%\"late_registration\":true%'")"
between "most incoming items are registered the day they arrive" 120 200 \
	"$(q "select count(*) from carrier where origin = 'incoming' and received_on = $(day8 registered_at)")"
between "some carriers were moved" 10 200 "$(q "select count(*) from carrier_event where action = 'move'")"
between "some carriers have a history of several steps" 1 200 \
	"$(q "select count(*) from (select carrier_id from carrier_event group by carrier_id having count(*) >= 3) t")"
between "registrations span more than a year" 366 800 \
	"$(q "select $(days_between "min(registered_at)" "max(registered_at)") from carrier")"
eq "registrations are all before now" "0" \
	"$(q "select count(*) from carrier where registered_at > '$BAOMI_NOW'")"
eq "SYS-3: no demo step is dated after now (the next real event would go back in time)" "0" \
	"$(q "select count(*) from audit_event where at > '$BAOMI_NOW'")"
eq "SYS-3: nor is anybody's last login" "0" \
	"$(q "select count(*) from login_seen where last_ok_at > '$BAOMI_NOW'")"
eq "SYS-3: the audit times never go backwards" "0" \
	"$(q "select count(*) from audit_event a join audit_event b on b.seq = a.seq + 1 where b.at < a.at")"
eq "SYS-3: every demo step was audited as ok" "0" \
	"$(query "$DB2" "select count(*) from audit_event where outcome <> 'ok'")"

# ---- the accounts work -----------------------------------------------------
export BAOMI_PASSWORD=$PW
expect_rc "clerk can log in and list the ledger" 0 "$BAOMI" carrier list --db "$DB" --user clerk --json
between "the clerk sees the whole ledger (about 200)" 180 220 "$(json_total)"
expect_rc "leader can log in and list" 0 "$BAOMI" carrier list --db "$DB" --user leader --json
expect_rc "staff can log in and list" 0 "$BAOMI" carrier list --db "$DB" --user staff --json
between "SYS-2: staff sees part of the ledger" 1 "$(q "select count(*) - 1 from carrier")" "$(json_total)"
for admin in sysadmin secadmin auditor; do
	expect_rc "$admin can log in but SYS-1 refuses the ledger" 5 \
		"$BAOMI" carrier list --db "$DB" --user "$admin"
	expect_err "$admin: the refusal names SYS-1, not a bad password" "SYS-1"
done
BAOMI_PASSWORD=wrong-password expect_rc "a wrong password is refused" 5 \
	"$BAOMI" carrier list --db "$DB" --user clerk
expect_err "the wrong password is refused by SYS-4" "SYS-4"

# ---- search in Chinese, 1, 2 and 3+ characters -----------------------------
for term in 密 机密 通知 考试安全; do
	expect_rc "search '$term' as clerk" 0 "$BAOMI" carrier list --db "$DB" --user clerk --json --query "$term"
	between "search '$term' finds carriers" 1 220 "$(json_total)"
done

# ---- a past classified meeting (MEET-1, MEET-2) ----------------------------
# (grouped by what is shown: two different meetings are two rows, as strict as
# SQLite's bare columns, which PostgreSQL does not take)
eq "MEET-1: one closed 机密 meeting at the key place, every measure taken" "1|closed|3|1|1|1" \
	"$(q "select count(*), m.status, m.level, m.no_wireless, m.phones_collected, m.room_checked
	      from meeting m join site s on s.id = m.site_id
	      group by m.status, m.level, m.no_wireless, m.phones_collected, m.room_checked")"
eq "MEET-2: two documents issued on each participant's own password, one back, one still out" "2|1" \
	"$(q "select count(*), sum(case when l.returned_at is null then 1 else 0 end) from meeting_document d
	      join loan l on l.id = d.loan_id where l.kind = 'meeting' and l.signature = '#password'")"
eq "MEET-1: the meeting's steps are dated before now" "0" \
	"$(q "select count(*) from meeting_event where at > '$BAOMI_NOW'")"
BAOMI_PASSWORD=$PW expect_rc "the clerk's alerts" 0 "$BAOMI" alerts --db "$DB" --user clerk
expect_out "MEET-2: the document not back is an alert" '\[MEET-2\].*会议'
check "ORG-2: every past month's report delivered to the leader, so no alert for it" \
	sh -c "! grep -q 'ORG-2' '$OUT'"

# ---- the monthly reports delivered to the leadership (ORG-2) ----------------
# set up 2024-03-04; on 2026-03-02 (a Monday) February's is not due yet (2 March is its day)
eq "ORG-2: each month from the unit's set-up to January delivered once, by the 5th of the next" \
	"23|23|2024-03|2026-01|0" \
	"$(q "select count(*), count(distinct period), min(period), max(period),
	      sum(case when delivered_on > substr($(next_month "period || '-01'"), 1, 8) || '05' then 1 else 0 end)
	      from report_delivery")"
eq "ORG-2: delivered to the leader by the clerk, recorded after the month" "0" \
	"$(q "select count(*) from report_delivery r join person t on t.id = r.recipient_id
	      join person b on b.id = r.delivered_by
	      where t.username <> 'leader' or b.username <> 'clerk' or r.delivered_on <= $(month_end "r.period || '-01'")")"

# ---- the responsibility system (ORG-1) -------------------------------------
eq "ORG-1: the group has its head (the principal) and its leader in charge (the leader)" \
	"7|principal|leader" \
	"$(q "select count(*), (select p.username from duty_member m join person p on p.id = m.person_id
	      where m.role = 'head' and m.ended_on is null),
	      (select p.username from duty_member m join person p on p.id = m.person_id
	      where m.in_charge = 1 and m.ended_on is null) from duty_member where ended_on is null")"
eq "ORG-1: every department has its responsible leader and clerk" "0" \
	"$(q "select count(*) from department d where not exists
	      (select 1 from duty_department x where x.department_id = d.id and x.ended_on is null)")"
eq "ORG-1: each department's clerk is of that department" "0" \
	"$(q "select count(*) from duty_department x join person p on p.id = x.clerk_id
	      where x.ended_on is null and coalesce(p.department_id, 0) <> coalesce(x.department_id, 0)")"
eq "ORG-1: the responsibility system is recorded before now" "0" \
	"$(q "select count(*) from duty_event where at > '$BAOMI_NOW'")"
for u in clerk leader principal; do
	BAOMI_PASSWORD=$PW expect_rc "ORG-1: $u's alerts" 0 "$BAOMI" alerts --db "$DB" --user $u
	check "ORG-1: the demo unit raises no ORG-1 gap for $u" sh -c "! grep -q '\[ORG-1\]' '$OUT'"
done

# ---- the audit chain -------------------------------------------------------
expect_rc "SYS-3: the audit chain of the demo verifies" 0 "$BAOMI" audit verify --db "$DB"

done_testing
