# tests/cli/t_count_trust.sh — a count the clerk can trust (清查, INV-3/4,
# issue 14 point 6) through the real binary: `count places` gives each
# 存放地点's progress; `count show --place` lists one place's carriers; a
# repeated scan warns, names the item and the first tick's time, and counts
# nothing twice.
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
FIRST=$(sqlite3 "$DB" "SELECT at FROM count_item WHERE session_id=$S AND carrier_id=$A")
expect_rc "the same label scanned again" 0 as clerk count tick "$S" "baomi:carrier:$A"
expect_err "a warning names the item and when it was first ticked" "警告：$A 柜内一号 已于 $FIRST 清点过，本次不重复计数"
expect_out "the line says scanned again" "重复扫描 scanned again: $A"
check "one tick, its first time kept" \
	test "$(sqlite3 "$DB" "SELECT count(*) || ' ' || at FROM count_item WHERE session_id=$S AND carrier_id=$A")" = "1 $FIRST"
expect_rc "the repeat in JSON" 0 as clerk count tick "$S" "$A" --json
check "JSON lists the repeat with the first time" \
	test "$(jq -r '.repeats[0].first_ticked_at' "$OUT")" = "$FIRST"
expect_rc "B found without attachments" 0 as clerk count tick "$S" "$B" --incomplete
expect_rc "B scanned again plainly" 0 as clerk count tick "$S" "$B"
check "a plain rescan keeps incomplete" \
	test "$(sqlite3 "$DB" "SELECT state FROM count_item WHERE session_id=$S AND carrier_id=$B")" = incomplete

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

done_testing
