# tests/cli/t_count_trust.sh — a count the clerk can trust (清查, INV-3/4,
# issue 14 point 6) through the real binary: `count places` gives each
# 存放地点's progress; `count show --place` lists one place's carriers; a
# repeated scan warns, names the item and the first tick's time, and counts
# nothing twice; the close confirms what `count show` reviewed (INV-4), and
# is refused without it or when stale, changing nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

check "fixture unit builds through the CLI" build_fixture

reg() { as clerk carrier register --json --title "$1" --level 秘密 --place "$2" --scope 办公室 | jq -r .id; }
A=$(reg 柜内一号 保密室)
B=$(reg 柜内二号 保密室)
D=$(reg 柜内三号 保密室)
E=$(reg 柜外一号 一号保密柜)
check "four carriers in two places" test -n "$A" -a -n "$B" -a -n "$D" -a -n "$E"

expect_rc "INV-1: the clerk starts a unit count" 0 as clerk count start --scope unit --json
S=$(jq -r .id "$OUT")
expect_rc "the places of the open count" 0 as clerk count places "$S" --json
ROOM=$(jq -r '.items[] | select(.place == "保密室") | .place_id' "$OUT")
check "保密室 expects its three carriers, none found" \
	test "$(jq -c '.items[] | select(.place == "保密室") | [.expected, .found, .missing]' "$OUT")" = "[3,0,3]"
check "the places add up to the count" \
	test "$(jq '[.items[].expected] | add' "$OUT")" = "$(as clerk count show "$S" --json | jq .counts.expected)"
expect_rc "the places as text" 0 as clerk count places "$S"
expect_out "the text names the place" '保密室 +3 +0 +3'

expect_rc "the first scan" 0 as clerk count tick "$S" "baomi:carrier:$A"
expect_out "the tick names the item and its place" "已清点 ticked: $A 柜内一号 ［保密室］"
FIRST=$(query "$DB" "SELECT at FROM count_item WHERE session_id=$S AND carrier_id=$A")
expect_rc "the same label scanned again" 0 as clerk count tick "$S" "baomi:carrier:$A"
expect_err "a warning names the item and when it was first ticked" "警告：$A 柜内一号 已于 $FIRST 清点过，本次不重复计数"
expect_out "the line says scanned again" "重复扫描 scanned again: $A"
check "one tick, its first time kept" \
	test "$(query "$DB" "SELECT count(*) || ' ' || max(at) FROM count_item WHERE session_id=$S AND carrier_id=$A")" = "1 $FIRST"
expect_rc "the repeat in JSON" 0 as clerk count tick "$S" "$A" --json
check "JSON lists the repeat with the first time" \
	test "$(jq -r '.repeats[0].first_ticked_at' "$OUT")" = "$FIRST"
expect_rc "B found without attachments" 0 as clerk count tick "$S" "$B" --incomplete
expect_rc "B scanned again plainly" 0 as clerk count tick "$S" "$B"
check "a plain rescan keeps incomplete" \
	test "$(query "$DB" "SELECT state FROM count_item WHERE session_id=$S AND carrier_id=$B")" = incomplete

expect_rc "show by place, by name" 0 as clerk count show "$S" --place 保密室 --json
check "only the place's carriers, D not yet found" \
	test "$(jq -c '[.missing[].carrier_id]' "$OUT")" = "[$D]"
check "the place's progress" test "$(jq -c '[.place.expected, .place.found, .place.missing]' "$OUT")" = "[3,2,1]"
expect_rc "show by place, by id" 0 as clerk count show "$S" --place "$ROOM"
expect_out "the text lists D with its place" "$D .*柜内三号 ［保密室］"
expect_rc "an unknown place is refused" 4 as clerk count show "$S" --place 无此柜
expect_rc "--place goes with show and places only" 2 as clerk count tick "$S" "$D" --place 保密室
expect_rc "INV-3: staff cannot see the places" 5 as staff count places "$S"
expect_err "the refusal names INV-3" '\[INV-3\]'

# --- INV-4: the close confirms what the review showed ----------------------------
state() {
	query "$DB" "SELECT (SELECT coalesce(closed_at, 'open') FROM count_session WHERE id=$S),
		(SELECT count(*) FROM incident), (SELECT count(*) FROM count_line WHERE session_id=$S),
		(SELECT $(sql_concat status id) FROM (SELECT id, status FROM carrier ORDER BY id) c),
		(SELECT count(*) FROM audit_event WHERE action = 'count.close' AND outcome = 'ok')"
}
expect_rc "the preview gives what the close must confirm" 0 as clerk count show "$S" --json
N=$(jq .review.confirm_missing "$OUT")
TOKEN=$(jq -r .review.confirm_token "$OUT")
check "the review counts every carrier not found" test "$N" = "$(jq '.counts.missing + .devices.counts.missing' "$OUT")"
check "the token is 16 hex digits" test "$(printf '%s' "$TOKEN" | tr -d '0-9a-f')" = "" -a "${#TOKEN}" = 16
check "something will be missing" test "$N" -gt 0
expect_rc "the text preview says how to close as reviewed" 0 as clerk count show "$S"
expect_out "the command with the number and token" "baomi count close $S --confirm-missing $N --confirm-token $TOKEN"
expect_out "the lines not found are named as such" "未找到，结束后记为下落不明"
BEFORE=$(state)
expect_rc "INV-4: a close without confirmation is refused" 6 as clerk count close "$S"
expect_err "the refusal names INV-4 and why" '\[INV-4\].*下落不明'
expect_err "its code" count_unconfirmed
check "nothing changed" test "$(state)" = "$BEFORE"
expect_rc "INV-4: a wrong number is refused" 6 as clerk count close "$S" --confirm-missing $((N - 1)) --confirm-token "$TOKEN"
expect_err "stale: its code" count_confirm_stale
check "nothing changed" test "$(state)" = "$BEFORE"
expect_rc "a tick after the review" 0 as clerk count tick "$S" "$D"
expect_rc "INV-4: the review's confirmation is stale after a tick" 6 as clerk count close "$S" --confirm-missing "$N" --confirm-token "$TOKEN"
expect_err "stale names INV-4" '\[INV-4\]'
expect_err "stale: review again" '重新核对'
check "still open, no incident" test "$(state | cut -d'|' -f1-3)" = "$(echo "$BEFORE" | cut -d'|' -f1-3)"
expect_rc "--confirm-missing takes a number" 2 as clerk count close "$S" --confirm-missing x --confirm-token "$TOKEN"
expect_rc "--confirm-missing goes with close" 2 as clerk count show "$S" --confirm-missing 1
expect_rc "reviewed again and confirmed: closed" 0 as clerk count close "$S" $(count_confirm "$S") --json
check "closed with what was reviewed" test "$(jq '.counts.missing + .devices.counts.missing' "$OUT")" = "$((N - 1))"
check "the close's audit event keeps the confirmation" \
	test "$(query "$DB" "SELECT $(sql_json detail confirmed.missing) FROM audit_event WHERE action='count.close' AND outcome='ok' ORDER BY seq DESC LIMIT 1")" = "$((N - 1))"

done_testing
