# tests/cli/t_alerts.sh — `baomi alerts` and `baomi register` through the real
# binary on the demo unit (issue 3): alerts grouped by urgency with their rule,
# BAOMI_NOW moving "now" past a due date (BORROW-2) and three months on
# (BORROW-6); each of the six registers as text, CSV (parsed) and JSON
# (validated); the date range; visibility (SYS-1, SYS-2); bad input. The
# borrowing, copy and destruction that fill the registers go through the HTTP
# API (requests and the clerk's desk) and `baomi execute`.
. "$(dirname "$0")/lib.sh"

DB=$(new_db demo) || exit 1
PW='Baomi@2026demo'
export BAOMI_DB="$DB" BAOMI_NOW=2026-11-23T02:00:00Z

# jqf FILTER: evaluates a jq filter on the last run's stdout (python3 when jq is missing).
have_jq() { command -v jq >/dev/null 2>&1; }
json_valid() { # json_valid FILE
	if have_jq; then jq -e . "$1" >/dev/null 2>&1; else
		/usr/bin/python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$1"
	fi
}
jtrue() { # jtrue JQ-EXPR: true when the expression holds on the last stdout
	jq -e "$1" "$OUT" >/dev/null 2>&1
}
# csv_ok FILE COLS: RFC 4180 CSV with a BOM, CRLF, every record COLS fields.
csv_ok() {
	/usr/bin/python3 - "$1" "$2" <<'EOF'
import csv, io, sys
raw = open(sys.argv[1], 'rb').read()
assert raw.startswith(b'\xef\xbb\xbf'), 'no BOM'
assert raw.endswith(b'\r\n'), 'no CRLF'
rows = list(csv.reader(io.StringIO(raw[3:].decode('utf-8'), newline='')))
assert all(len(r) == int(sys.argv[2]) for r in rows), [len(r) for r in rows]
EOF
}
csv_rows() { # csv_rows FILE: the number of records after the header
	/usr/bin/python3 -c 'import csv,io,sys; r=list(csv.reader(io.StringIO(open(sys.argv[1],"rb").read()[3:].decode(),newline=""))); print(len(r)-1)' "$1"
}
csv_has() { # csv_has FILE COLUMN VALUE: some record has VALUE in the column headed COLUMN
	/usr/bin/python3 - "$@" <<'EOF'
import csv, io, sys
rows = list(csv.DictReader(io.StringIO(open(sys.argv[1], 'rb').read()[3:].decode(), newline='')))
sys.exit(0 if any(r.get(sys.argv[2]) == sys.argv[3] for r in rows) else 1)
EOF
}
audit_count() { query "$DB" 'SELECT count(*) FROM audit_event'; }

check "the demo unit builds" demo_db "$DB"

# --- alerts -----------------------------------------------------------------
expect_rc "alerts: exit 0 for the clerk" 0 as clerk alerts
expect_out "alerts: headed with now (BAOMI_NOW)" '^提醒 / alerts — 2026-11-23T02:00:00Z$'
expect_out "alerts: a medium group with its count" '^较急 / medium \([0-9]+\)$'
expect_out "alerts: a low group with its count" '^一般 / low \([0-9]+\)$'
expect_out "INV-1: never counted, 绝密 due today" '\[INV-1\] 绝密载体从未清查，今日应进行清查'
expect_out "LEVEL-6: an ended period flagged for review" '\[LEVEL-6\] .*保密期限已于'
expect_out "alerts: English under each alert, with due date" 'review for declassification \(due 2025-'
expect_out "alerts: the total" '^共 [0-9]+ 条 / [0-9]+ alerts$'
check "alerts: grouped most urgent first (medium before low)" \
	test "$(grep -n '^较急' "$OUT" | cut -d: -f1)" -lt "$(grep -n '^一般' "$OUT" | cut -d: -f1)"

expect_rc "alerts --json: exit 0" 0 as clerk alerts --json
check "alerts --json: valid JSON" json_valid "$OUT"
check "alerts --json: now is BAOMI_NOW" jtrue '.now == "2026-11-23T02:00:00Z"'
check "alerts --json: count matches the list" jtrue '.count == (.alerts | length) and .count > 0'
check "alerts --json: every alert names rule, code, urgency, zh and en" \
	jtrue 'all(.alerts[]; (.rule | test("^[A-Z]+-[0-9]+$")) and .code != "" and
		(.urgency | IN("high","medium","low")) and .message != "" and .message_en != "")'
check "alerts --json: most urgent first" \
	jtrue '[.alerts[].urgency | {"high":0,"medium":1,"low":2}[.]] as $u | $u == ($u | sort)'
check "BORROW-2: from October, next year's holidays missing from the calendar are an alert" \
	jtrue 'any(.alerts[]; .rule == "BORROW-2" and .code == "calendar_next_year_missing" and
		.due == "2027-01-01" and .carrier_id == null and
		(.message_en | test("next year.s holidays are not entered")) and (.message | test("2027 年的节假日")))'
expect_rc "alerts on 2026-09-30 (Beijing)" 0 as_at 2026-09-30T02:00:00Z clerk alerts --json
check "BORROW-2: no calendar alert before October" jtrue 'all(.alerts[]; .code != "calendar_next_year_missing")'
check "LEVEL-6: carrier alerts carry the carrier and days overdue" \
	jtrue 'any(.alerts[]; .rule == "LEVEL-6" and .carrier_id > 0 and .days_overdue > 0)'
level6_now=$(jq '[.alerts[] | select(.rule == "LEVEL-6")] | length' "$OUT")

expect_rc "BAOMI_NOW moves now: a month later" 0 as_at 2026-12-23T02:00:00Z \
	clerk alerts --json
check "BAOMI_NOW: now is the fixed instant" jtrue '.now == "2026-12-23T02:00:00Z"'
check "LEVEL-6: more periods end or come within the warning window a month later" \
	jtrue "[.alerts[] | select(.rule == \"LEVEL-6\")] | length > $level6_now"

expect_rc "SYS-2: staff see alerts too (exit 0)" 0 as staff alerts --json
check "INV-1: the count schedule is the clerk's, not shown to staff" \
	jtrue '[.alerts[] | select(.rule == "INV-1")] | length == 0'
expect_rc "SYS-1: the system administrator sees no alert (exit 5)" 5 as sysadmin alerts
expect_err "SYS-1: refusal names the rule" '\[SYS-1\]'
expect_rc "SYS-1: refusal as JSON with --json (the security administrator)" 5 as secadmin alerts --json
check "SYS-1: JSON error object with code and rule" \
	jtrue '.error.code == "admin_no_business" and .error.rule == "SYS-1"'
expect_rc "alerts: a stray argument is a usage error" 2 as clerk alerts now
expect_rc "help alerts" 0 "$BAOMI" help alerts
expect_out "help alerts: explains BAOMI_NOW" 'BAOMI_NOW'

# --- the registers: every kind, every format ---------------------------------
before=$(audit_count)
for kind in incoming dispatch borrow copy take-out destroy; do
	expect_rc "REG-1 $kind register: text, exit 0" 0 as clerk register "$kind"
	expect_out "REG-1 $kind register: Chinese title and headers" '登记簿（涉密载体） / .* register \(classified items\)$'
	expect_out "REG-1 $kind register: 登记序号 first, beside the record's own number" '^登记序号  (编号|发文号|销毁单号)'
	expect_out "REG-1 $kind register: REG-1 columns (密级, 文号, 份号, 标题)" '文号.*份号.*标题.*密级'
	expect_rc "REG-1 $kind register: csv, exit 0" 0 as clerk register "$kind" --format csv --out "$WORK/$kind.csv"
	cols=$(as clerk register "$kind" --json | jq '.columns | length')
	check "REG-1 $kind register: CSV parses (BOM, CRLF, $cols fields a record)" csv_ok "$WORK/$kind.csv" "$cols"
	expect_rc "REG-1 $kind register: json, exit 0" 0 as clerk register "$kind" --format json
	check "REG-1 $kind register: JSON valid, stable shape" \
		jtrue "(keys_unsorted == [\"register\",\"book\",\"title\",\"title_en\",\"from\",\"to\",\"columns\",\"rows\",\"count\"]) and .register == \"$kind\" and .count == (.rows | length) and all(.rows[]; length == $cols)"
done
check "SYS-3: each register read is audited" test "$(audit_count)" -ge $((before + 24))

# 150 arrivals and the two documents received for the demo's classified meeting (MEET-2)
# REG-4: in two books, classified and ordinary, each numbered 1, 2, 3 … (issue 14 point 11)
expect_rc "REG-1 incoming: the demo's classified arrivals" 0 as clerk register incoming --json
check "REG-4 incoming: the classified book holds 秘密 and above only" \
	jtrue '.book == "classified" and .count > 100 and all(.rows[]; .level | test("秘密|机密|绝密"))'
check "REG-1 incoming: 登记序号 runs 1, 2, 3 … without a gap" jtrue '[.rows[].seq | tonumber] == [range(1; .count + 1)]'
cl=$(as clerk register incoming --json | jq .count)
expect_rc "REG-4 incoming: the ordinary book" 0 as clerk register incoming --book ordinary --json
check "REG-4 incoming: the ordinary book holds 非密 and 内部 only" \
	jtrue '.book == "ordinary" and .title == "收文登记簿（普通文件）" and .count > 0 and all(.rows[]; .level | test("^(非密|内部)"))'
check "REG-1 incoming: its own 登记序号 from 1" jtrue '[.rows[].seq | tonumber] == [range(1; .count + 1)]'
od=$(as clerk register incoming --book ordinary --json | jq .count)
check "REG-1, REG-4: the demo's 152 arrivals, each in one book" test "$((cl + od))" -eq 152
expect_rc "REG-4: a register of both books is refused (exit 3)" 3 as clerk register incoming --book all --json
check "REG-4: invalid_register_book as a JSON error" jtrue '.error.code == "invalid_register_book" and .error.rule == "REG-4"'
expect_rc "REG-1: a register by its Chinese name" 0 as clerk register 收文登记簿 --book 普通 --json
check "REG-1: 收文登记簿 is the incoming register" jtrue '.register == "incoming" and .book == "ordinary"'
expect_rc "SYS-2: staff read the incoming register" 0 as staff register incoming --json
check "SYS-2: staff see fewer rows than the clerk" jtrue ".count > 0 and .count < $cl"
check "SYS-2: staff never see a 机密 or 绝密 row" jtrue 'all(.rows[]; (.level | test("^(机密|绝密)")) | not)'
expect_rc "SYS-1: the security administrator reads no register (exit 5)" 5 as secadmin register borrow
expect_err "SYS-1: register refusal names the rule" '\[SYS-1\] '

expect_rc "REG-1: --from/--to, one day" 0 as clerk register incoming --from 2026-01-01 --to 2026-06-30 --json
check "REG-1: the range is kept and rows fall inside it" \
	jtrue '.from == "2026-01-01" and .to == "2026-06-30" and .count < 150 and all(.rows[]; .received_on >= "2026-01-01" and .received_on <= "2026-06-30")'
expect_rc "REG-1: an impossible date is refused (exit 3)" 3 as clerk register incoming --from 2026-02-30
expect_err "REG-1: invalid_date names the rule" '\[REG-1\] invalid_date'
expect_rc "REG-1: from after to is refused (exit 3)" 3 as clerk register borrow --from 2026-12-01 --to 2026-11-01
expect_err "REG-1: invalid_range" 'invalid_range'
expect_rc "REG-1: an unknown register is refused (exit 3)" 3 as clerk register 传阅 --json
check "REG-1: unknown register as a JSON error" jtrue '.error.code == "invalid_register" and .error.rule == "REG-1"'
expect_rc "register: KIND is required (usage, exit 2)" 2 as clerk register
expect_rc "register: an unknown format is a usage error" 2 as clerk register borrow --format xml
expect_rc "register: --json and --format csv disagree" 2 as clerk register borrow --json --format csv
expect_rc "help register lists the six kinds" 0 "$BAOMI" help register
expect_out "help register: take-out" 'take-out +携带外出登记簿'

# --- one 机密 document through borrowing, copying and destruction -------------
title=$'关于"保密检查",请各科室自查的通知\n（附表）'
expect_rc "REG-1: the clerk registers a 机密 document (title with quote, comma, newline)" 0 \
	as clerk carrier register --title "$title" --level 机密 --doc-number '教密〔2026〕9号' --serial 2 \
	--place '机要室保密柜（一号）' --scope hulin --json
doc=$(jq '.id' "$OUT")
expect_rc "REG-1: it is in the incoming register (csv)" 0 as clerk register incoming --format csv --out "$WORK/in2.csv"
check "CSV: the quoted multi-line title reads back exactly" csv_has "$WORK/in2.csv" 标题 "$title"
check "CSV: still $(as clerk register incoming --json | jq '.columns|length') fields a record" \
	csv_ok "$WORK/in2.csv" "$(as clerk register incoming --json | jq '.columns|length')"

# --- REG-5: incoming classified items handled in time (issue 13 point 8) ----------
# Unhandled = no history event but the registration. Ordinary items are due within
# registration.handling_days (35) of arrival, urgent ones the day they arrive.
reg5() { # reg5 TITLE RECEIVED URGENCY: registers it on the day received; the id in $OUT
	run as_at "${2}T02:00:00Z" clerk \
		carrier register --title "$1" --level 机密 --received "$2" --urgency "$3" \
		--sender 市教育局 --place '机要室保密柜（一号）' --scope hulin --json
}
reg5 来文甲未处理 2026-10-01 平件; R5A=$(jq '.id' "$OUT")
reg5 来文乙已分发 2026-10-01 平件; R5B=$(jq '.id' "$OUT")
reg5 来文丙急件 2026-11-22 急件; R5C=$(jq '.id' "$OUT")
reg5 来文丁未到期 2026-11-20 平件; R5D=$(jq '.id' "$OUT")
check "REG-5: four incoming 机密 items registered" \
	test "$R5A" -gt 0 -a "$R5B" -gt 0 -a "$R5C" -gt 0 -a "$R5D" -gt 0
expect_rc "REG-5: 乙 is moved on (handled)" 0 \
	as_at 2026-10-02T02:00:00Z clerk \
	carrier move "$R5B" --place 机要室保密柜（二号） --reason 分送承办
expect_rc "REG-5: alerts on 2026-11-23" 0 as clerk alerts --json
check "REG-5: the ordinary item left unhandled 53 days is overdue (due 2026-11-05)" \
	jtrue "any(.alerts[]; .carrier_id == $R5A and .rule == \"REG-5\" and .code == \"handling_overdue\" and .due == \"2026-11-05\" and .days_overdue == 18)"
check "REG-5: the urgent item received yesterday is overdue at once" \
	jtrue "any(.alerts[]; .carrier_id == $R5C and .rule == \"REG-5\" and .due == \"2026-11-22\")"
check "REG-5: the handled item and the one still within 35 days are not" \
	jtrue "all(.alerts[]; .rule != \"REG-5\" or (.carrier_id != $R5B and .carrier_id != $R5D))"
check "REG-5: counted among the kinds" jtrue '.count == (.alerts | length)'
expect_rc "REG-5: a week earlier 甲 is not yet due" 0 as_at 2026-11-05T02:00:00Z \
	clerk alerts --json
check "REG-5: not flagged on its due day" jtrue "all(.alerts[]; .rule != \"REG-5\" or .carrier_id != $R5A)"
expect_rc "REG-5: 甲 is moved on" 0 as clerk carrier move "$R5A" --place 机要室保密柜（二号） --reason 承办
expect_rc "REG-5: alerts after handling" 0 as clerk alerts --json
check "REG-5: handled, 甲 is no longer flagged" jtrue "all(.alerts[]; .rule != \"REG-5\" or .carrier_id != $R5A)"
check "REG-5: the store keeps only the unhandled" \
	test "$(query "$DB" "SELECT $(sql_concat carrier_id carrier_id) FROM carrier_unhandled WHERE carrier_id IN ($R5A,$R5B,$R5C,$R5D)")" = "$R5C,$R5D"

# REG-5 at scale (issue 17 point 5): the alert reads the due set as two index ranges
# (ordinary items received by today - handling_days - 1, urgent ones by yesterday) of the
# unhandled items' own columns (migration 50 / PostgreSQL 12), kept by triggers. Items of
# each urgency on both sides of both bounds; one item's urgency and another's day received
# edited in place (no use case edits them: SQL stands in for the generic carrier UPDATE,
# which rewrites both); one handled. The alert list and its total must be exactly REG-5
# read straight from the ledger: an incoming item of 秘密 or above, neither destroyed nor
# returned, with no history event but its registration, received more than handling_days
# (35) days ago if ordinary, before today if urgent, listed by day received then id.
reg5 来文戊平件界内 2026-10-18 平件; R5E=$(jq '.id' "$OUT")
reg5 来文己平件界外 2026-10-19 平件; R5F=$(jq '.id' "$OUT")
reg5 来文庚急件今日 2026-11-23 急件; R5G=$(jq '.id' "$OUT")
reg5 来文辛特急 2026-11-21 特急; R5H=$(jq '.id' "$OUT")
reg5 来文壬改急件 2026-10-19 平件; R5I=$(jq '.id' "$OUT")
reg5 来文癸改收到日 2026-11-23 急件; R5J=$(jq '.id' "$OUT")
reg5 来文子已办 2026-10-02 平件; R5K=$(jq '.id' "$OUT")
check "REG-5 due set: seven more incoming items registered" \
	test "$R5E" -gt 0 -a "$R5F" -gt 0 -a "$R5G" -gt 0 -a "$R5H" -gt 0 -a "$R5I" -gt 0 -a "$R5J" -gt 0 -a "$R5K" -gt 0
expect_rc "REG-5 due set: 子 is moved on (handled)" 0 \
	as clerk carrier move "$R5K" --place 机要室保密柜（二号） --reason 承办
# On PostgreSQL a bound table is written only by a session that notes its rows for the
# chain (pg.c's bm_touched), as baomi's own sessions do.
edit_sql() {
	if is_pg; then
		printf 'CREATE TEMP TABLE bm_touched (tbl TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (tbl, id)); '
	fi
	printf '%s' "$1"
}
expect_rc "REG-5 due set: 壬 made urgent in place" 0 \
	query "$DB" "$(edit_sql "UPDATE carrier SET urgency = 'urgent' WHERE id = $R5I")"
expect_rc "REG-5 due set: 癸 made ordinary and received earlier in place" 0 \
	query "$DB" "$(edit_sql "UPDATE carrier SET urgency = 'normal', received_on = '2026-10-10' WHERE id = $R5J")"
check "REG-5 due set: the edits reach the unhandled items' own columns" \
	test "$(query "$DB" "SELECT $(sql_concat "carrier_id || ':' || urgent || ':' || unhandled_since" carrier_id) FROM carrier_unhandled WHERE carrier_id IN ($R5I, $R5J)")" = "$R5I:1:2026-10-19,$R5J:0:2026-10-10"
reg5_direct() { # the REG-5 due set on 2026-11-23, straight from the ledger: "ids|count"
	query "$DB" "SELECT $(sql_concat id "received_on, id") || '|' || count(*) FROM (
		SELECT c.id, c.received_on FROM carrier c
		WHERE c.origin = 'incoming' AND c.level >= 2 AND c.received_on IS NOT NULL
		  AND c.status NOT IN ('destroyed', 'returned')
		  AND NOT EXISTS (SELECT 1 FROM carrier_event e WHERE e.carrier_id = c.id
		    AND e.action NOT LIKE 'register%')
		  AND ((c.urgency = 'normal' AND c.received_on <= '2026-10-18')
		    OR (c.urgency <> 'normal' AND c.received_on <= '2026-11-22'))
		ORDER BY c.received_on, c.id) s"
}
want=$(reg5_direct)
expect_rc "REG-5 due set: alerts on 2026-11-23" 0 as clerk alerts --json
got=$(jq -r '[.alerts[] | select(.rule == "REG-5") | .carrier_id] | "\(map(tostring) | join(","))|\(length)"' "$OUT")
check "REG-5 due set: the alerts are exactly REG-5 read from the ledger, in order ($want)" \
	test "$got" = "$want"
check "REG-5 due set: the tally of unhandled items by urgency and day is their count, after the edits and the handling" \
	test "$(query "$DB" "SELECT $(sql_concat "urgent || ':' || unhandled_since || ':' || n" "urgent, unhandled_since") FROM (SELECT urgent, unhandled_since, sum(n) AS n FROM carrier_unhandled_tally GROUP BY urgent, unhandled_since HAVING sum(n) <> 0 ORDER BY urgent, unhandled_since) s")" = \
	"$(query "$DB" "SELECT $(sql_concat "urgent || ':' || unhandled_since || ':' || n" "urgent, unhandled_since") FROM (SELECT urgent, unhandled_since, count(*) AS n FROM carrier_unhandled WHERE live = 1 GROUP BY urgent, unhandled_since ORDER BY urgent, unhandled_since) s")"
mine="[$R5C, $R5D, $R5E, $R5F, $R5G, $R5H, $R5I, $R5J, $R5K]"
check "REG-5 due set: due on both bounds, not a day inside them; both edits and the handling followed" \
	test "$(jq -c "[.alerts[] | select(.rule == \"REG-5\" and (.carrier_id | IN($mine[]))) | .carrier_id] | sort" "$OUT")" = \
	"$(printf '%s\n' $R5C $R5E $R5H $R5I $R5J | sort -n | jq -sc .)"

# REG-2 at scale (issue 17 point 5): late registrations are read as one range of an index
# by lateness and time registered (SQLite migration 14, PostgreSQL 13's bm_reg_lateness),
# the lateness bound and the lookback both read in the index. Items on both sides of each
# bound on 2026-11-23 (Beijing, +08:00):
# registered late on the first day of the lookback (2026-10-24, local) and a second before
# it; registered in the last second of the day received and in the first of the next; one
# late but returned (a status no use case gives an incoming item: SQL stands in); one late
# long ago. The list and its total must be exactly REG-2 read straight from the ledger: an
# incoming item, neither destroyed nor returned, whose local day registered is after its
# day received (registration.max_days 0) and no more than 30 days before today, the latest
# registration relative to arrival first, then the higher id.
reg2() { # reg2 TITLE RECEIVED REGISTERED_AT: registered at that instant; the id in $OUT
	run as_at "$3" clerk \
		carrier register --title "$1" --level 秘密 --received "$2" \
		--sender 市教育局 --place '机要室保密柜（一号）' --scope hulin --json
}
reg2 迟登甲回看首日 2026-10-20 2026-10-23T16:00:00Z; R2A=$(jq '.id' "$OUT")
reg2 迟登乙回看之外 2026-10-20 2026-10-23T15:59:59Z; R2B=$(jq '.id' "$OUT")
reg2 当日登记丙末秒 2026-11-01 2026-11-01T15:59:59Z; R2C=$(jq '.id' "$OUT")
reg2 迟登丁次日首秒 2026-11-01 2026-11-01T16:00:00Z; R2D=$(jq '.id' "$OUT")
reg2 迟登戊已退回 2026-11-10 2026-11-22T02:00:00Z; R2E=$(jq '.id' "$OUT")
reg2 迟登己往年 2025-01-02 2025-03-01T02:00:00Z; R2F=$(jq '.id' "$OUT")
check "REG-2 lookback: six incoming items registered at the instants given" \
	test "$R2A" -gt 0 -a "$R2B" -gt 0 -a "$R2C" -gt 0 -a "$R2D" -gt 0 -a "$R2E" -gt 0 -a "$R2F" -gt 0
expect_rc "REG-2 lookback: 戊 returned in place" 0 \
	query "$DB" "$(edit_sql "UPDATE carrier SET status = 'returned' WHERE id = $R2E")"
if is_pg; then
	local_day="to_char(c.registered_at::timestamptz AT TIME ZONE 'UTC' + interval '8 hours', 'YYYY-MM-DD')"
	lateness="extract(epoch FROM c.registered_at::timestamptz)::bigint - extract(epoch FROM c.received_on::date::timestamp AT TIME ZONE 'UTC')::bigint"
else
	local_day="date(c.registered_at, '+8 hours')"
	lateness="strftime('%s', c.registered_at) - strftime('%s', c.received_on)"
fi
reg2_direct() { # the REG-2 list on 2026-11-23, straight from the ledger: "ids|count"
	query "$DB" "SELECT $(sql_concat id "late DESC, id DESC") || '|' || count(*) FROM (
		SELECT c.id, $lateness AS late FROM carrier c
		WHERE c.origin = 'incoming' AND c.received_on IS NOT NULL
		  AND c.status NOT IN ('destroyed', 'returned')
		  AND $local_day > c.received_on AND $local_day >= '2026-10-24'
		ORDER BY late DESC, c.id DESC) s"
}
want=$(reg2_direct)
expect_rc "REG-2 lookback: alerts on 2026-11-23" 0 as clerk alerts --json
got=$(jq -r '[.alerts[] | select(.rule == "REG-2") | .carrier_id] | "\(map(tostring) | join(","))|\(length)"' "$OUT")
check "REG-2 lookback: the alerts are exactly REG-2 read from the ledger, in order ($want)" \
	test "$got" = "$want"
mine="[$R2A, $R2B, $R2C, $R2D, $R2E, $R2F]"
check "REG-2 lookback: flagged on the lookback's first day and the day after arrival, not outside either bound, returned or long ago" \
	test "$(jq -c "[.alerts[] | select(.rule == \"REG-2\" and (.carrier_id | IN($mine[]))) | .carrier_id] | sort" "$OUT")" = \
	"$(printf '%s\n' $R2A $R2D | sort -n | jq -sc .)"
check "REG-2 lookback: 丁 is one day late, due on its day received" \
	jtrue "any(.alerts[]; .carrier_id == $R2D and .code == \"late_registration\" and .due == \"2026-11-01\" and .days_overdue == 1)"
if is_pg; then
	# PostgreSQL 13 indexes the lateness as bm_reg_lateness (immutable: read from the text
	# alone); it is the epoch difference reg2_direct reads, for every incoming carrier (the
	# bound's two seconds among them), whatever the session's TimeZone and DateStyle.
	check "REG-2: PostgreSQL's indexed lateness is the epoch difference, at any TimeZone" \
		test "$(query "$DB" "SET TimeZone = 'Pacific/Chatham'; SET DateStyle = 'SQL, DMY';
			SELECT count(*) || ':' || count(*) FILTER (WHERE bm_reg_lateness(c.registered_at,
			c.received_on) IS DISTINCT FROM ($lateness)) FROM carrier c
			WHERE c.origin = 'incoming' AND c.received_on IS NOT NULL")" = \
		"$(query "$DB" "SELECT count(*) FROM carrier WHERE origin = 'incoming' AND received_on IS NOT NULL"):0"
	# PostgreSQL 13 indexes LEVEL-6's day as bm_period_day (immutable, as above): it is the
	# day the query read before (to_char of the start cast to a date plus the years, only
	# STABLE), for every carrier with a period and for 29 February starts (+ N years: the
	# 28th where that year has none, the 29th where it has one, as the policy's calendar
	# and SQLite's CARRIER_PERIOD_DAY say), the last day of a year and a day past 9000
	# years, whatever the session's TimeZone and DateStyle.
	period_old="CASE t.k WHEN 'years' THEN to_char(t.s::date + make_interval(years => t.y::int), 'YYYY-MM-DD') WHEN 'until' THEN t.u WHEN 'event' THEN t.r END"
	period_rows="SELECT period_kind, period_start, period_years, period_until, review_date
		FROM carrier WHERE period_kind <> 'none' UNION ALL VALUES
		('years', '2024-02-29', 1, NULL, NULL), ('years', '2020-02-29', 4, NULL, NULL),
		('years', '2024-02-29', 30, NULL, NULL), ('years', '2023-12-31', 10, NULL, NULL),
		('years', '1999-01-01', 8000, NULL, NULL), ('until', NULL, NULL, '2031-05-06', NULL),
		('event', '2026-01-01', NULL, NULL, '2027-01-01')"
	check "LEVEL-6: PostgreSQL's indexed period day is the old expression's, at any TimeZone" \
		test "$(query "$DB" "SET TimeZone = 'Pacific/Chatham'; SET DateStyle = 'SQL, DMY';
			SELECT count(*) || ':' || count(*) FILTER (WHERE bm_period_day(t.k, t.s, t.y, t.u,
			t.r) IS DISTINCT FROM ($period_old)) FROM ($period_rows) AS t(k, s, y, u, r)")" = \
		"$(query "$DB" "SELECT count(*) + 7 FROM carrier WHERE period_kind <> 'none'"):0"
	check "LEVEL-6: 29 February + N years is the 28th, or the 29th in a leap year" \
		test "$(query "$DB" "SELECT bm_period_day('years', '2024-02-29', 1, NULL, NULL) || ','
			|| bm_period_day('years', '2024-02-29', 30, NULL, NULL) || ','
			|| bm_period_day('years', '2020-02-29', 4, NULL, NULL)")" = "2025-02-28,2054-02-28,2024-02-29"
	# Never an error (an index expression that raised would refuse the row): any other text,
	# a year 0000 or an end past 9999 is NULL, outside every range.
	check "LEVEL-6: the period day is NULL, never an error, for text not the store's" \
		test "$(query "$DB" "SELECT count(*) FILTER (WHERE bm_period_day(k, s, y, NULL, NULL) IS NULL)
			|| ':' || count(*) FROM (VALUES ('years', '2024-02-30x', 1), ('years', '2024-13-01', 1),
			('years', '0000-01-01', 1), ('years', '2024-01-01', 9000), ('years', '2024-01-01', -1),
			('years', NULL, 1), ('years', '2024-01-01', NULL), ('years', '٢٠٢٤-01-01', 1)) AS v(k, s, y)")" = "8:8"
	check "LEVEL-6: a day past the month's end runs into the next, as SQLite's date() does" \
		test "$(query "$DB" "SELECT bm_period_day('years', '2025-02-30', 1, NULL, NULL)")" = "2026-03-02"
fi

# The HTTP API for requests and the desk (there is no CLI for them).
"$BAOMI" serve --db "$DB" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
url=
for _ in $(seq 1 1200); do
	url=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$WORK/serve.out" | head -1)
	[ -n "$url" ] && break
	sleep 0.1
done
api() { # api TOKEN METHOD PATH [BODY]: prints the answer
	curl -s -X "$2" -H "Authorization: Bearer $1" -H 'Content-Type: application/json' \
		${4:+--data "$4"} "$url/api/v1$3"
}
login() {
	curl -s -X POST -H 'Content-Type: application/json' \
		--data "{\"username\":\"$1\",\"password\":\"$(password_of "$1")\"}" "$url/api/v1/session" | jq -r .token
}
check "the API server starts" test -n "$url"
t_hulin=$(login hulin)
t_leader=$(login leader)
t_clerk=$(login clerk)
# REG-5's page merges its two ranges (ordinary, urgent) under the page's LIMIT and OFFSET:
# the alerts read 7 at a time are the whole list, in its order, REG-5's among them.
alert_keys='[.items[] | [.rule, .code, (.carrier_id // 0), .due]]'
full=$(api "$t_clerk" GET "/alerts?limit=1000" | jq -c "$alert_keys")
paged='[]'
for off in $(seq 0 7 "$(echo "$full" | jq length)"); do
	paged=$(jq -c --argjson a "$paged" --argjson b "$(api "$t_clerk" GET "/alerts?limit=7&offset=$off" | jq -c "$alert_keys")" -n '$a + $b')
done
check "REG-5 due set: read 7 at a time, the alerts are the whole list in order ($(echo "$full" | jq '[.[] | select(.[0] == "REG-5")] | length') REG-5)" \
	test "$paged" = "$full" -a "$(echo "$full" | jq '[.[] | select(.[0] == "REG-5")] | length')" -gt 7
# Each kind alone: its total is the store's count of the range (REG-2: the lookback's;
# REG-5: the two due ranges'), its items the range's page; both the ledger's own answer.
kind_ids() { # kind_ids CODE: "ids|total" of /alerts?kind=CODE
	api "$t_clerk" GET "/alerts?kind=$1&limit=1000" | jq -r '"\([.items[].carrier_id | tostring] | join(","))|\(.total)"'
}
want=$(reg2_direct)
check "REG-2 lookback: the API's late registrations and their total are the ledger's ($want)" \
	test "$(kind_ids late_registration)" = "$want"
want=$(reg5_direct)
check "REG-5 due set: the API's overdue items and their total are the ledger's ($want)" \
	test "$(kind_ids handling_overdue)" = "$want"
req=$(api "$t_hulin" POST /requests "{\"op\":\"borrow\",\"carrier_ids\":[$doc],\"reason\":\"工作需要\"}" | jq .id)
api "$t_leader" POST "/requests/$req/approve" '{"comment":"同意"}' >/dev/null
# REG-1: 胡琳 confirms with her own password on the clerk's screen.
api "$t_clerk" POST /desk/issue "{\"request_id\":$req,\"holder_password\":\"$(password_of hulin)\"}" >"$WORK/issue.json"
check "BORROW-1: borrowed by 胡琳 after the leader's approval" jq -e '.due_at == "2026-11-30T15:59:59Z"' "$WORK/issue.json"

expect_rc "REG-1 borrow register: the loan appears" 0 as clerk register borrow --json
check "REG-1 borrow register: borrower, signature, due date, not returned" \
	jtrue "any(.rows[]; .carrier_id == \"$doc\" and .borrower == \"胡琳\" and (.receipt | startswith(\"本人口令确认\")) and ((.signature // \"\") == \"\") and .due_at == \"2026-11-30 23:59\" and .returned_at == null and .request_id == \"$req\")"
expect_rc "BORROW-2: not overdue on the due day" 0 as_at 2026-11-30T15:59:59Z \
	clerk alerts --json
check "BORROW-2: no alert before the deadline passes" jtrue "all(.alerts[]; .carrier_id != $doc)"
expect_rc "BORROW-2: overdue the next day" 0 as_at 2026-12-01T02:00:00Z \
	clerk alerts --json
check "BORROW-2: overdue alert with 1 day overdue" \
	jtrue "any(.alerts[]; .carrier_id == $doc and .rule == \"BORROW-2\" and .days_overdue == 1 and .incident_candidate == false)"
expect_rc "BORROW-2: the text lists it under 较急" 0 as_at 2026-12-01T02:00:00Z \
	hulin alerts
expect_out "BORROW-2: the borrower sees it, days overdue in English" 'borrowed by 胡琳: .*1 days overdue'
expect_rc "BORROW-6: three months after the due date" 0 as_at 2027-02-28T02:00:00Z \
	clerk alerts
expect_out "BORROW-6: an incident candidate under 紧急" '^  \[BORROW-6\] .*按失泄密事件处理，已逾期 90 日$'
expect_out "BORROW-6: marked in English, on one line" 'handle as a loss, 90 days overdue \(due 2026-11-30, 90 days overdue\) \[incident candidate\]$'
# (the demo's meeting document not back is a BORROW-6 candidate by then too: MEET-2)
check "BORROW-6: the high group comes first" test "$(grep -m1 -E '^(紧急|较急|一般)' "$OUT")" = "紧急 / high (2)"

# SYS-4: a week and more on, the CLI renewed the clerk's and 胡琳's passwords
# (lib.sh as), which ended their API sessions: they log in again.
t_hulin=$(login hulin)
t_leader=$(login leader)
t_clerk=$(login clerk)
check "the API logins after the renewals" test "$t_hulin" != null -a "$t_leader" != null -a "$t_clerk" != null
api "$t_clerk" POST /desk/checkin "{\"carrier_id\":$doc}" >/dev/null
expect_rc "REG-1 borrow register after check-in (csv)" 0 as clerk register borrow --format csv --out "$WORK/borrow.csv"
check "REG-1 borrow register: returned, received by the clerk" csv_has "$WORK/borrow.csv" 接收人 陈静

creq=$(api "$t_hulin" POST /requests "{\"op\":\"copy\",\"carrier_ids\":[$doc],\"reason\":\"工作需要\",\"params\":{\"copies\":1}}" | jq .id)
api "$t_leader" POST "/requests/$creq/approve" '{"comment":"同意"}' >/dev/null
expect_rc "COPY-1: the clerk makes the approved copy" 0 as clerk execute copy "$creq" --copier 机要室复印机 --copies 1 --json
expect_rc "REG-1 copy register (json)" 0 as clerk register copy --json
check "COPY-3/5: the copy row names its source, copier and request" \
	jtrue "any(.rows[]; .source == \"$doc 教密〔2026〕9号\" and .copier == \"机要室复印机\" and .request_id == \"$creq\" and (.level | startswith(\"机密\")))"
copy=$(jq -r ".rows[] | select(.source == \"$doc 教密〔2026〕9号\") | .carrier_id" "$OUT")

dreq=$(api "$t_hulin" POST /requests "{\"op\":\"destroy\",\"carrier_ids\":[$copy],\"reason\":\"用毕销毁\",\"params\":{\"method\":\"shred\",\"place\":\"机要室\"}}" | jq .id)
api "$t_leader" POST "/requests/$dreq/approve" '{"comment":"同意"}' >/dev/null
expect_rc "DESTROY-2: one witness is refused (exit 5)" 5 as clerk execute destroy "$dreq" --witness staff
expect_err "DESTROY-2: the refusal names the rule" '\[DESTROY-2\]'
expect_rc "DESTROY-1: destroyed before two witnesses" 0 witnesses_as staff guoyang clerk execute destroy "$dreq" --witness staff --witness guoyang
expect_rc "REG-1 destroy register (text)" 0 as clerk register destroy
expect_out "DESTROY-2: the register names both witnesses" '杨帆、郭洋'
expect_out "DESTROY-3: and the method" '粉碎'
kill "$serve_pid" 2>/dev/null
wait "$serve_pid" 2>/dev/null

expect_rc "SYS-3: the audit chain verifies after all of it" 0 as auditor audit verify

done_testing
