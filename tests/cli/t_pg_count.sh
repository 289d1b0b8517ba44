# tests/cli/t_pg_count.sh — counting (清查, INV-1..4) and incidents (INC-1, INC-4) on
# PostgreSQL (issue 12). The CLI suites' small unit (fixture.sh) is built on a throw-away
# cluster and, by the same CLI steps at the same clock, in a SQLite file; then every step
# of a unit-wide and a department count (start, ticks by id, label and scan, incomplete
# with a note, a carrier and a device the ledger does not know, the preview with its
# review, each 存放地点's progress, the close confirmed, the closed result and its pages)
# and the incidents (the count's one incident, its report, findings and close; a leak
# reported) runs on both engines and answers the same JSON. The device side is proved
# with a tick of a device the register lacks (unexpected, unknown): devices cannot be
# registered on PostgreSQL yet (device_insert). Refusals change nothing. Then issue 12
# point 2: a count closed on two `baomi serve` processes sharing the database at the same
# moment closes once, the others refused by INV-3 (count_closed), one incident, and the
# audit chain stays one gap-free sequence that verifies (SYS-3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

. "$(dirname "$0")/pg_lib.sh"

DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
# Cheap password hashes on both engines, as lib.sh's PostgreSQL mode has them: a test build
# with BAOMI_TEST_FASTHASH=1 hashes at libsodium's minimal cost through the audited use
# cases, so fasthash (which rewrites only a SQLite file) finds nothing to do; the production
# cost on PostgreSQL is t_pg_basics' and t_pg_roles' (a login at it is ~0.2 s, more under ASan).
export BAOMI_FASTHASH=/bin/true
export BAOMI_TEST_FASTHASH=1
export BAOMI_NOW=2026-12-05T02:00:00Z
SQ="$WORK/copy.db"

# The carriers of the count: two departments' and the unit's, in three places; one sent
# out by confidential courier (out, accounted for), one never found.
carriers() {
	as clerk carrier register --title 甲文件 --level 秘密 --place 保密室 --scope 办公室 \
		--department 办公室 >/dev/null &&
	as clerk carrier register --title 乙文件 --level 机密 --place 一号保密柜 --scope 办公室 \
		--department 办公室 >/dev/null &&
	as clerk carrier register --title 丙手册 --level 内部 --place 档案柜 --department 办公室 \
		>/dev/null &&
	as clerk carrier register --title 丁报表 --level 秘密 --place 保密室 --scope 财务科 \
		--department 财务科 >/dev/null &&
	as clerk carrier register --title 戊凭证 --level 内部 --place 档案柜 --department 财务科 \
		>/dev/null &&
	as clerk carrier register --title 己请示 --level 机密 --place 一号保密柜 --scope 办公室 \
		>/dev/null &&
	as clerk carrier register --title 庚纪要 --level 秘密 --place 保密室 --scope 办公室 \
		>/dev/null &&
	as clerk send new --carrier 6 --to 市教育局 --channel 机要通信 --courier 刘机要 >/dev/null
}
check "the fixture unit and its carriers built through the CLI on PostgreSQL" \
	eval 'build_fixture && carriers'
sqlite_copy() (
	unset BAOMI_FASTHASH
	export BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints"
	DB=$SQ
	build_fixture && carriers
)
check "the same unit built through the CLI on SQLite" sqlite_copy
check "… the same carriers with the same ids and statuses" test "$(sql "SELECT
	string_agg(id || ':' || title || ':' || status, '|' ORDER BY id) FROM carrier")" = \
	"$(sqlite3 "$SQ" "SELECT group_concat(id || ':' || title || ':' || status, '|') FROM
	(SELECT * FROM carrier ORDER BY id)")"

# on_sq CMD...: CMD against the SQLite copy.
on_sq() {
	BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints" "$@"
}
# same NAME USER CMD...: `baomi CMD --json` as USER succeeds on PostgreSQL and on the
# SQLite copy with the same JSON (keys sorted); the PostgreSQL answer is left in $LAST.
same() {
	local name=$1 user=$2 pg="" sq="" ok=1
	shift 2
	pg=$(as "$user" "$@" --json 2>"$WORK/same.err") || ok=0
	sq=$(on_sq as "$user" "$@" --json 2>>"$WORK/same.err") || ok=0
	alike "$name" "$ok" "$pg" "$sq"
	LAST=$pg
}
jtrue() { jq -e "$1" <<<"$LAST" >/dev/null; }
# refused NAME RC CODE RULE CMD...: the command fails with RC, naming CODE and RULE.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	expect_err "$name: names rule $rule" "\\[$rule\\]"
}
# state: what a count and its close write on PostgreSQL (a refusal changes none of it).
state() {
	sql "SELECT (SELECT count(*) FROM count_session WHERE closed_at IS NOT NULL) || '/'
		|| (SELECT count(*) FROM count_item) || '/' || (SELECT count(*) FROM count_line)
		|| '/' || (SELECT count(*) FROM count_device_line) || '/'
		|| (SELECT count(*) FROM incident) || '/' || (SELECT count(*) FROM carrier_event)
		|| '/' || (SELECT string_agg(status, ',' ORDER BY id) FROM carrier)"
}
# tallies_kept: carrier_tally and carrier_sight_tally agree with the rows they count.
tallies_kept() {
	test "$(sql "SELECT count(*) FROM (SELECT unit_id, level, status, count(*) AS n
		FROM carrier GROUP BY 1, 2, 3) c FULL JOIN (SELECT * FROM carrier_tally WHERE n <> 0) t
		USING (unit_id, level, status) WHERE c.n IS DISTINCT FROM t.n")" = 0 &&
	test "$(sql "SELECT count(*) FROM (SELECT unit_id, term, ref, level, status, count(*) AS n
		FROM carrier_sight GROUP BY 1, 2, 3, 4, 5) c FULL JOIN (SELECT * FROM
		carrier_sight_tally WHERE n <> 0) t USING (unit_id, term, ref, level, status)
		WHERE c.n IS DISTINCT FROM t.n")" = 0 &&
	test "$(sql "SELECT count(*) FROM carrier_sight x JOIN carrier c ON c.id = x.carrier_id
		WHERE x.status <> c.status")" = 0
}

# --- a unit-wide count -------------------------------------------------------------------
same "INV-1: the clerk starts a unit-wide count on both engines" clerk count start --scope unit \
	--note 年终全面清查
S1=$(jq -r .id <<<"$LAST")
check "… the session on PostgreSQL" test "$(sql "SELECT scope_kind || ' ' || (closed_at IS NULL)
	FROM count_session WHERE id = $S1")" = "unit true"
same "INV-3: ticks by id, by the label's QR text, an id the ledger lacks, a device's label" \
	clerk count tick "$S1" 1 baomi:carrier:2 4 99999 baomi:device:42
same "INV-3: an incomplete tick with its note" clerk count tick "$S1" 3 --incomplete --note 缺附件
same "issue 14 point 6: a repeated scan counts nothing twice" clerk count tick "$S1" 1
check "… four carriers, one unknown id and one device ticked on PostgreSQL" test "$(sql "SELECT
	string_agg(carrier_id || ':' || state, ',' ORDER BY carrier_id) FROM count_item
	WHERE session_id = $S1") $(sql "SELECT string_agg(device_id::text, ',') FROM
	count_device_item WHERE session_id = $S1")" = "1:found,2:found,3:incomplete,4:found,99999:found 42"
refused "INV-3 staff tick nothing" 5 role_required INV-3 as staff count tick "$S1" 5
refused "INV-3 ticking an unknown count" 4 unknown_count INV-3 as clerk count tick 9999 5
before=$(state)
same "INV-3: the preview compares the ticks with the ledger in SQL" clerk count show "$S1"
check "… found 1, 2, 3, 4; 3 incomplete; 己 out on its dispatch; 戊 and 庚 not found" jtrue "
	(.found | map(.carrier_id)) == [1, 2, 3, 4] and (.incomplete | map(.carrier_id)) == [3]
	and (.out | map(.carrier_id)) == [6] and (.missing | map(.carrier_id)) == [5, 7]
	and (.unexpected | map(.carrier_id)) == [99999] and .counts.expected == 7"
check "… the unknown device is unexpected, unknown to the register" \
	jtrue '(.devices.unexpected | map(.device_id)) == [42] and .devices.unexpected[0].number == null
	and .devices.unexpected[0].where != null'
check "INV-4: … the review asks to confirm two missing carriers" jtrue '.review.confirm_missing == 2'
same "… a page of one list" clerk count show "$S1" --place 保密室
same "… the carriers with no place, before the close" clerk count show "$S1" --place none
same "issue 14 point 6: each 存放地点's progress" clerk count places "$S1"
check "… 保密室 expects 甲, 丁, 庚 and found two" jtrue \
	'any(.items[]; .place == "保密室" and .expected == 3 and .found == 2 and .missing == 1)'
same "… one place's" clerk count places "$S1" --place 档案柜
check "INV-3: a preview writes nothing" test "$(state)" = "$before"
refused "INV-4 a close that confirms nothing is refused" 6 count_unconfirmed INV-4 \
	as clerk count close "$S1"
check "… and nothing changed" test "$(state)" = "$before"
same "INV-3/INV-4: the close, confirmed, on both engines" clerk count close "$S1" $(count_confirm "$S1")
check "INV-4: the missing carriers name the count's one incident" jtrue "
	(.missing | map(.carrier_id)) == [5, 7] and (.missing | map(.incident_id) | unique | length) == 1
	and .accounted == false"
INC=$(jq -r '.missing[0].incident_id' <<<"$LAST")
check "INV-4: … flagged missing on PostgreSQL, each with its history event" test "$(sql "SELECT
	string_agg(c.id || ':' || c.status || ':' || e.detail, ',' ORDER BY c.id) FROM carrier c
	JOIN carrier_event e ON e.carrier_id = c.id AND e.action = 'count.missing'")" = \
	"5:missing:{\"count_id\":$S1,\"incident_id\":$INC},7:missing:{\"count_id\":$S1,\"incident_id\":$INC}"
check "… as on SQLite, byte for byte" test "$(sql "SELECT string_agg(carrier_id || e.detail
	|| e.at, ',' ORDER BY e.id) FROM carrier_event e WHERE action LIKE 'count.%'")" = \
	"$(sqlite3 "$SQ" "SELECT group_concat(carrier_id || detail || at, ',') FROM (SELECT * FROM
	carrier_event WHERE action LIKE 'count.%' ORDER BY id)")"
check "INC-1: one incident with the same record on both engines" test "$(sql "SELECT
	string_agg(id || kind || status || coalesce(opened_by, 0) || opened_at || detail, ','
	ORDER BY id) FROM incident")" = "$(sqlite3 "$SQ" "SELECT group_concat(id || kind || status
	|| coalesce(opened_by, 0) || opened_at || detail, ',') FROM (SELECT * FROM incident
	ORDER BY id)")"
# cols ENGINE COL...: the columns as one text, each NULL as '' (pg: cast to text first).
cols() {
	local e=$1 c out=""
	shift
	for c in "$@"; do
		if [ "$e" = pg ]; then c="coalesce($c::text, '')"; else c="coalesce($c, '')"; fi
		out="${out:+$out || ':' || }$c"
	done
	printf '%s' "$out"
}
L="list carrier_id status incident_id loan_id dispatch_id note title place"
D="list device_id status incident_id note place"
check "… its stored lines, carriers and devices, the same rows" test "$(sql "SELECT
	string_agg($(cols pg $L), ',' ORDER BY list COLLATE \"C\", carrier_id) FROM count_line")
	$(sql "SELECT string_agg($(cols pg $D), ',' ORDER BY device_id) FROM count_device_line")" = \
	"$(sqlite3 "$SQ" "SELECT group_concat(x, ',') FROM (SELECT $(cols sq $L) AS x FROM
	count_line ORDER BY list, carrier_id)")
	$(sqlite3 "$SQ" "SELECT group_concat(x, ',') FROM (SELECT $(cols sq $D) AS x FROM
	count_device_line ORDER BY device_id)")"
check "the tallies follow the carriers flagged in bulk (carrier_tally, carrier_sight_tally)" \
	tallies_kept
same "INV-3: the closed result, read back from its stored lines" clerk count show "$S1"
same "… a page by place" clerk count show "$S1" --place 档案柜
same "… the carriers with no place (none here)" clerk count show "$S1" --place none
same "… and each place's part of them" clerk count places "$S1" --place none
same "… each place's part of the closed count" clerk count places "$S1"
before=$(state)
refused "INV-3 a count is not closed twice" 6 count_closed INV-3 as clerk count close "$S1"
refused "INV-3 a closed count is not ticked" 6 count_closed INV-3 as clerk count tick "$S1" 5
check "… and nothing changed" test "$(state)" = "$before"
# INV-3: a count's result is permanent (migration 1's DELETE guard, PostgreSQL migration 11's TRUNCATE one).
check "INV-3: the stored lines cannot be deleted nor truncated, not even by the database's owner" \
	test "$(for t in count_line count_device_line; do
		sql "DELETE FROM $t" 2>&1 | grep -c 'count results are permanent'
		sql "TRUNCATE $t" 2>&1 | grep -c 'count results are permanent'
	done | tr -d '\n')" = 1111
check "… and nothing changed" test "$(state)" = "$before"

# --- a department's count: the missing one found again ----------------------------------
same "INV-1: a count of 财务科" clerk count start --scope department:财务科 --note 季度清查
S2=$(jq -r .id <<<"$LAST")
same "INV-3: both of its carriers ticked, the missing one among them" clerk count tick "$S2" 4 5
same "… the preview: nothing missing" clerk count show "$S2"
check "… found 丁 and 戊, nothing else expected" \
	jtrue '(.found | map(.carrier_id)) == [4, 5] and .counts.expected == 2 and .review.confirm_missing == 0'
same "INV-3: the department's count closes" clerk count close "$S2" $(count_confirm "$S2")
check "… every item accounted for, no incident opened" jtrue '.accounted == true and (.missing | length) == 0'
check "INV-4: 戊, found again, is back in store with its history event" test "$(sql "SELECT
	c.status || ' ' || e.detail FROM carrier c JOIN carrier_event e ON e.carrier_id = c.id
	AND e.action = 'count.found' WHERE c.id = 5")" = "in_store {\"count_id\":$S2}"
check "… the tallies follow" tallies_kept
same "every count with its figures" clerk count list

# --- incidents ----------------------------------------------------------------------------
same "INV-4: the count's incident is listed, open" clerk incident list --status open
check "INC-1: kind missing, the count's, quantity 2, no device missing" jtrue "
	any(.incidents[]; .id == $INC and .kind == \"missing\" and .carrier_id == null
	and .detail.quantity == \"2\" and .detail.devices == \"0\" and .detail.count_id == $S1)"
same "INC-1: the incident shown" clerk incident show "$INC"
before=$(sql "SELECT status || detail || coalesce(findings, '') FROM incident WHERE id = $INC")
refused "INC-1 no closing before the report is complete" 5 report_incomplete INC-1 \
	as clerk incident close "$INC"
refused "INC-1 staff complete no report" 5 role_required INC-1 as staff incident report "$INC" --harm 无
check "… and nothing changed" test "$(sql "SELECT status || detail || coalesce(findings, '')
	FROM incident WHERE id = $INC")" = "$before"
same "INC-1: the report completed" clerk incident report "$INC" --harm 可能泄露财务数据 \
	--circumstances 清查未找到 --responsible 赵会计 --remedies 已全面查找
same "INC-4: the findings recorded" clerk incident findings "$INC" --findings 系误放他处，已找回
same "INC-4: closed with report and findings" clerk incident close "$INC" --note 已整改
refused "INC-4 an incident is not closed twice" 6 incident_closed INC-4 as clerk incident close "$INC"
same "INC-1: staff report a leak" staff incident open --kind leak --what 会议记录外传 --level 秘密
same "INC-1: staff list only what they reported" staff incident list
same "the clerk lists them all" clerk incident list
same "… the closed ones" clerk incident list --status closed

# --- issue 12 point 2: two servers, one database, one close -------------------------------
check "server one starts on its own port" serve one
S_ONE=$SERVED
check "server two starts on another, against the same database" serve two
S_TWO=$SERVED
check "… two servers, two ports" test -n "$S_ONE" -a -n "$S_TWO" -a "$S_ONE" != "$S_TWO"
CT=$(curl -fs -H 'Content-Type: application/json' -d "{\"username\": \"clerk\", \"password\":
	\"$(password_of clerk)\"}" "$S_ONE/api/v1/session" | jq -r .token)
check "the clerk logs in on server one; the session works on server two" \
	curl -fs -H "Authorization: Bearer $CT" "$S_TWO/api/v1/counts"
api() { curl -s -H "Authorization: Bearer $CT" -H 'Content-Type: application/json' "$@"; }
S3=$(api -X POST -d '{"scope": "unit", "reason": "节前专项清查"}' "$S_TWO/api/v1/counts" | jq -r .id)
check "INV-2: a count started through server two" test -n "$S3" -a "$S3" != null
api -X POST -d '{"carrier_id": 1}' "$S_ONE/api/v1/counts/$S3/ticks" >/dev/null
api -X POST -d '{"carrier_id": 2}' "$S_TWO/api/v1/counts/$S3/ticks" >/dev/null
review=$(api "$S_ONE/api/v1/counts/$S3?review=true" | jq -c '.review')
check "INV-4: its review asks to confirm what goes missing" \
	test "$(jq -r '.confirm_missing > 0' <<<"$review")" = true
body=$(jq -c '{confirm_missing: .confirm_missing, confirm_token: .confirm_token}' <<<"$review")
incidents_before=$(sql "SELECT count(*) FROM incident")
seq_before=$(sql "SELECT max(seq) FROM audit_event")
N=6
rm -f "$WORK"/race.*
clients=()
for i in $(seq 1 $N); do
	if [ $((i % 2)) -eq 1 ]; then s=$S_ONE; else s=$S_TWO; fi
	api -o "$WORK/race.$i.json" -w '%{http_code}\n' -X POST -d "$body" \
		"$s/api/v1/counts/$S3/close" >"$WORK/race.$i.code" &
	clients+=($!)
done
wait "${clients[@]}"
for i in $(seq 1 $N); do
	printf '%s %s %s\n' "$(cat "$WORK/race.$i.code")" \
		"$(jq -r '.error.code // "ok"' "$WORK/race.$i.json")" \
		"$(jq -r '.error.rule // ""' "$WORK/race.$i.json")"
done | sort | uniq -c | sed 's/^ *//' >"$WORK/race"
check "INV-3: $N closes of one count at once on two servers: exactly one succeeds" \
	grep -qx "1 200 ok " "$WORK/race"
check "… every other is refused by the service's own check: count_closed (409, INV-3)" \
	grep -qx "$((N - 1)) 409 count_closed INV-3" "$WORK/race" || sed 's/^/#   /' "$WORK/race" >&2
# The carriers it misses: every live one but the two ticked and the one on its dispatch.
expect_missing=$(sql "SELECT count(*) FROM carrier WHERE status NOT IN ('destroyed', 'returned')
	AND id NOT IN (1, 2) AND status <> 'taken_out'")
check "INV-4: … one incident opened, one set of lines naming it" test "$(sql "SELECT
	(SELECT count(*) FROM incident) || ' ' || count(DISTINCT incident_id) || ' ' || count(*)
	FROM count_line WHERE session_id = $S3 AND list = 'missing'")" = \
	"$((incidents_before + 1)) 1 $expect_missing"
check "… the count closed once, its history events written once" test "$(sql "SELECT
	count(*) FROM count_session WHERE id = $S3 AND closed_at IS NOT NULL") $(sql "SELECT
	count(*) - count(DISTINCT carrier_id) FROM carrier_event WHERE action = 'count.missing'
	AND detail LIKE '{\"count_id\":$S3,%'")" = "1 0"
check "SYS-3: … one success and $((N - 1)) refusals in the chain" test \
	"$(sql "SELECT string_agg(outcome || ':' || n, ' ' ORDER BY outcome) FROM (SELECT outcome,
		count(*) AS n FROM audit_event WHERE action = 'count.close' AND seq > $seq_before
		GROUP BY outcome) x")" = "ok:1 refused:$((N - 1))"
check "… the tallies still follow the carriers" tallies_kept

chain_holds
expect_rc "… and the SQLite copy's chain verifies too" 0 on_sq "$BAOMI" audit verify

done_testing
