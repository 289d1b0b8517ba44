# tests/cli/t_marking.sh — issue 13 point 4, LEVEL-7/LEVEL-8: a carrier whose
# level was decided says so. Through the approved route (a level-change
# request approved and executed by the classification authority), a 机密★10年
# carrier is declassified and another lowered to 秘密★5年; `carrier show`
# (text and --json) and the ledger then show 解密 / the new marking, with the
# registered marking struck out and the decision's date, as the level
# history does. A carrier never decided shows no original marking.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

# Monday 2 March 2026, 10:00 in the unit (UTC+8).
export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
add_people() {
	new_account sysadmin 定密员 --username dingmi --department 办公室 >/dev/null &&
		as secadmin org grant dingmi --class core --roles classifier --commitment 2026-01-05 >/dev/null &&
		as secadmin org grant staff --class important --roles staff --commitment 2026-01-05 >/dev/null
}
check "fixture: a classification authority, staff cleared for 机密" add_people

q() { query "$DB" "$1"; }
jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
reg() { as clerk carrier register "$@" >/dev/null; }
reg --title 解密测试甲 --level 机密 --period 10 --place 一号保密柜 --scope 办公室
reg --title 降级测试乙 --level 机密 --period 10 --place 一号保密柜 --scope 办公室
reg --title 未变更丙 --level 机密 --period 10 --place 一号保密柜 --scope 办公室
cid() { q "SELECT id FROM carrier WHERE title='$1'"; }
A=$(cid 解密测试甲) B=$(cid 降级测试乙) C=$(cid 未变更丙)
check "fixture: three 机密★10年 carriers" test -n "$A" -a -n "$B" -a -n "$C"

# decide ID TO [--param ...]: staff proposes, dingmi approves and executes.
decide() {
	local id=$1 to=$2 out r
	shift 2
	out=$(as staff request new level_change --carrier "$id" --reason 定期审核 --param to_level="$to" \
		--param basis=保密事项一览表第9条 "$@" --json) || return 1
	r=$(printf '%s\n' "$out" | grep -m1 -oE '"id": [0-9]+' | grep -oE '[0-9]+$') || return 1
	as dingmi approve "$r" --comment 同意 >/dev/null || return 1
	as dingmi execute level-change "$r" >/dev/null
}

# --- declassification (LEVEL-7/8) ---------------------------------------------------
check "LEVEL-8: 机密★10年 declassified through an approved request" decide "$A" 非密
expect_rc "LEVEL-8: carrier show after declassification" 0 as clerk carrier show "$A"
expect_out "LEVEL-8: a declassified carrier is marked 解密 (not 非密)" '^  标志 marking: +解密  \(declassified\)$'
expect_out "LEVEL-8: the registered marking is shown struck out" '^  原标志 original: +~~机密★10年~~  \(secret★10 years\) 已划去 struck out$'
expect_out "LEVEL-7: the declassification and its date" '^  变更 decided: +2026年3月2日解密  \(declassified 2026-03-02\)$'
expect_rc "LEVEL-8: carrier show --json after declassification" 0 as clerk carrier show "$A" --json
expect_out "LEVEL-8: JSON marking is 解密" '"marking": "解密"'
expect_out "LEVEL-8: JSON marking_en is declassified" '"marking_en": "declassified"'
expect_out "LEVEL-8: JSON original marking" '"original_marking": "机密★10年"'
expect_out "LEVEL-8: JSON original marking in English" '"original_marking_en": "secret★10 years"'
expect_out "LEVEL-7: JSON declassified" '"declassified": true'
expect_out "LEVEL-7: JSON declassified_on is the unit's day" '"declassified_on": "2026-03-02"'
expect_out "LEVEL-7/8: JSON one-line text says the original is struck" \
	'"marking_text": "解密（原标志机密★10年已划去，2026年3月2日解密）"'
check "LEVEL-7: the level is 非密, the original level kept, one decision recorded" \
	test "$(q "SELECT level || ',' || original_level || ',' || (SELECT count(*) FROM level_change WHERE carrier_id=$A) FROM carrier WHERE id=$A")" = "0,3,1"
check "LEVEL-7: the marking row beside the carrier" \
	test "$(q "SELECT original_marking || '|' || changed_on || '|' || declassified FROM carrier_marking WHERE carrier_id=$A")" = "机密★10年|2026-03-02|1"
expect_rc "LEVEL-8: the ledger lists it" 0 as clerk carrier list
expect_out "LEVEL-8: the ledger line reads 解密" "^ +$A  解密 "

# --- a lowered level (LEVEL-7/8) ----------------------------------------------------
export BAOMI_NOW=2026-03-05T02:00:00Z
check "LEVEL-7: 机密★10年 lowered to 秘密★5年 through an approved request" decide "$B" 秘密 --param period=5
expect_rc "LEVEL-7: carrier show after lowering" 0 as clerk carrier show "$B"
expect_out "LEVEL-7: the new marking" '^  标志 marking: +秘密★5年  \(confidential★5 years\)$'
expect_out "LEVEL-7/8: the original marking struck out" '^  原标志 original: +~~机密★10年~~'
expect_out "LEVEL-7: the change and its date" '^  变更 decided: +2026年3月5日变更密级  \(level changed 2026-03-05\)$'
expect_rc "LEVEL-7: carrier show --json after lowering" 0 as clerk carrier show "$B" --json
expect_out "LEVEL-7: JSON not declassified" '"declassified": false'
expect_out "LEVEL-7: JSON declassified_on null" '"declassified_on": null'
expect_out "LEVEL-7: JSON marking_changed_on" '"marking_changed_on": "2026-03-05"'

# A later decision keeps the registered marking as the original (LEVEL-7).
check "LEVEL-7: 秘密★5年 then declassified" decide "$B" 非密
expect_rc "LEVEL-7: carrier show --json after the second decision" 0 as clerk carrier show "$B" --json
expect_out "LEVEL-7: still the registered marking as the original" '"original_marking": "机密★10年"'
expect_out "LEVEL-8: now 解密" '"marking": "解密"'
expect_out "LEVEL-7: declassified on the second decision's day" '"declassified_on": "2026-03-05"'

# --- never decided ------------------------------------------------------------------
expect_rc "LEVEL-8: a carrier never decided" 0 as clerk carrier show "$C" --json
expect_out "LEVEL-8: its marking" '"marking": "机密★10年"'
expect_out "LEVEL-8: no original marking" '"original_marking": null'
expect_rc "LEVEL-8: carrier show of a carrier never decided" 0 as clerk carrier show "$C"
check "LEVEL-8: no struck line for it" bash -c "! grep -q 原标志 '$OUT'"

# --- the ledger stays bound to the chain; migration 22 fills from history ------------
# (the fixture's fast_hashes rewrites people's hashes behind baomi's back: only
# the carrier rows are asked about)
carriers_bound() {
	"$BAOMI" check --db "$DB" >"$WORK/check.out" 2>&1
	grep -q '台账：' "$WORK/check.out" && ! grep -qE 'carrier:[0-9]+' "$WORK/check.out"
}
check "SYS-3: the decided carriers still match the chain" carriers_bound
# Migration 22's fill (its INSERT … SELECT, read from the source) run again over the
# level history rebuilds the same rows. (Later migrations exist, so the schema is
# not rewound: the statement itself is run, with Python's sqlite3.) Migration 22 is
# SQLite's: PostgreSQL's schema starts at SQLite's 42 on an empty database, with no
# fill from history to run again; there the rows checked are the ones the store wrote.
SRC=$(cd "$(dirname "$0")/../.." && pwd)
refill() {
	python3 - "$DB" "$SRC/src/store/sqlite_schema_marking.h" <<'PY'
import re, sqlite3, sys
text = open(sys.argv[2], encoding="utf-8").read()
body = re.sub(r"/\*.*?\*/", "", text[text.index("migration_22[]"):], flags=re.S)
body = body[:body.index("NULL,\n};")]
sql = [s for s in "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', body)).split(";") if s.strip()]
fill = [s for s in sql if s.lstrip().startswith("INSERT INTO carrier_marking")]
assert len(fill) == 1, sql
db = sqlite3.connect(sys.argv[1])
db.execute("DELETE FROM carrier_marking")
db.execute(fill[0])
db.commit()
PY
}
rows() { q "SELECT group_concat(carrier_id || '|' || original_marking || '|' || original_marking_en || '|' || changed_on || '|' || declassified, ';') FROM carrier_marking"; }
if is_pg; then
	pg_skip "migration 22: its fill runs again over the level history" "migration 22 and its fill are SQLite's schema history"
	pg_skip "migration 22: the rows rebuilt from the level history are the same" "migration 22 and its fill are SQLite's schema history"
else
	before=$(rows)
	check "migration 22: its fill runs again over the level history" refill
	check "migration 22: the rows rebuilt from the level history are the same" test "$(rows)" = "$before"
fi
check "migration 22: two decided carriers, the undecided one has no row" \
	test "$(q "SELECT count(*) || ',' || (SELECT count(*) FROM carrier_marking WHERE carrier_id=$C) FROM carrier_marking")" = "2,0"
expect_rc "LEVEL-8: after the refill still 解密" 0 as clerk carrier show "$A" --json
expect_out "LEVEL-8: after the refill the JSON marking is 解密" '"marking": "解密"'
check "SYS-3: the migration changed no carrier row bound to the chain" carriers_bound

done_testing
