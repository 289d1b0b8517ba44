#!/usr/bin/env bash
# tests/cli/t_audit.sh — `baomi audit` and the off-line script against the real binary (SYS-3).
#
# Builds a demo database, checks that verify passes, tampers with copies of it
# behind baomi's back in four ways (alter, delete, insert, reorder) and expects exit 8
# naming the first bad event; then export (auditor only, SYS-1), verify-export and
# scripts/verify-audit-export.py on intact and altered files. In lib.sh's PostgreSQL mode
# the unit is a database of the test cluster, each copy a database made from it
# (CREATE DATABASE … TEMPLATE), and the tampering is done as the cluster's superuser with
# the triggers off (query_super), the chain's head row moved to the edited log's end as an
# intruder who knows the schema would.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT="$ROOT/scripts/verify-audit-export.py"
PW=Baomi@2026demo
DB=$(new_db d)

# tampered NAME SQL: a copy of the demo database with SQL applied behind baomi's back
# (audit_edit: the protective triggers dropped or off, PostgreSQL's head row following).
tampered() {
	local copy
	copy=$(db_copy "$DB" "$1")
	audit_edit "$copy" "$2" || echo "# tamper SQL failed: $2" >&2
	echo "$copy"
}

# ---- an intact chain --------------------------------------------------------------

expect_rc "demo database for the audit tests" 0 demo_db "$DB"

expect_rc "SYS-3: verify an intact chain exits 0 without a login" 0 "$BAOMI" audit verify --db "$DB"
expect_out "SYS-3: verify prints the number of events" \
	'^审计链完整：[0-9]+ 条事件 / audit chain intact: [0-9]+ events$'
expect_out "SYS-3: verify prints the last hash" 'last hash \(sm3\): [0-9a-f]{64}$'
N=$(sed -nE 's/.*audit chain intact: ([0-9]+) events.*/\1/p' "$OUT")
check "SYS-3: the demo's use cases and logins are all in the chain (>= 20 events)" \
	test "${N:-0}" -ge 20

expect_rc "SYS-3: verify --json exits 0" 0 "$BAOMI" audit verify --db "$DB" --json
expect_out "SYS-3: verify --json says intact with the count" '"intact": true'
expect_out "SYS-3: verify --json carries the count" "\"count\": $N"

X=$(new_db x)
BAOMI_PASSWORD='Init@2026pass' expect_rc "a freshly initialised unit" 0 \
	"$BAOMI" init --db "$X" --unit 测试单位 --admin sysadmin
expect_rc "SYS-3: a new unit's chain verifies" 0 "$BAOMI" audit verify --db "$X"
expect_out "SYS-3: the unit's creation is audited" 'intact: [1-9][0-9]* events'

# (On PostgreSQL a database the cluster does not have: the role may not create one anyway.)
NONE=$(db_missing "$DB")
expect_rc "verify of a missing database exits 4" 4 "$BAOMI" audit verify --db "$NONE"
check "verify does not create a missing database" db_absent "$NONE"

# ---- four ways to tamper with the database ----------------------------------------------

T=$(tampered altered "UPDATE audit_event SET actor = 'mallory' WHERE seq = 5;")
expect_rc "SYS-3: an altered event breaks the chain (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the altered event 5" 'first bad event is 5$'
expect_err "SYS-3: the error names rule SYS-3 and event 5" '\[SYS-3\].*at event 5: .*altered'

T=$(tampered deleted "DELETE FROM audit_event WHERE seq = 5;")
expect_rc "SYS-3: a deleted event breaks the chain (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the missing event 5" 'first bad event is 5$'
expect_out "SYS-3: verify says event 5 is missing" 'event 5 is missing'

T=$(tampered inserted "UPDATE audit_event SET seq = seq + 100000 WHERE seq >= 5;
	UPDATE audit_event SET seq = seq - 99999 WHERE seq >= 100005;
	INSERT INTO audit_event SELECT 5, at, 'mallory', 'carrier.destroy', 'carrier:1', 'ok', '',
	  '{}', alg, hash, hash FROM audit_event WHERE seq = 4;")
expect_rc "SYS-3: an inserted event breaks the chain (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the inserted event 5" 'first bad event is 5$'
expect_out "SYS-3: verify shows the forged event" 'mallory +carrier.destroy'

T=$(tampered reordered "UPDATE audit_event SET seq = -5 WHERE seq = 5;
	UPDATE audit_event SET seq = 5 WHERE seq = 7; UPDATE audit_event SET seq = 7 WHERE seq = -5;")
expect_rc "SYS-3: reordered events break the chain (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the first moved event 5" 'first bad event is 5$'

expect_rc "SYS-3: verify --json on a broken chain exits 8" 8 "$BAOMI" audit verify --db "$T" --json
expect_out "SYS-3: verify --json names first_bad_seq 5" '"first_bad_seq": 5'
expect_out "SYS-3: verify --json carries the error code" '"code": "audit_chain_broken"'

# ---- export (auditor only) and verify-export ----------------------------------------------

expect_rc "SYS-3: the auditor exports the chain" 0 as auditor audit export --db "$DB" --out "$WORK/e.jsonl"
check "SYS-3: the export has one line per event" test "$(wc -l <"$WORK/e.jsonl")" -ge "$N"
check "SYS-3: the export lines carry the documented keys" grep -qE \
	'^\{"seq":1,"at":"[^"]+","actor":"[^"]*","action":"[^"]+","object":"[^"]*","outcome":"[^"]+","rule":"[^"]*","detail":"[^"]*".*,"alg":"sm3","prev_hash":"0{64}","hash":"[0-9a-f]{64}"\}$' \
	"$WORK/e.jsonl"

expect_rc "SYS-3: verify-export passes on the export, without the database" 0 \
	"$BAOMI" audit verify-export "$WORK/e.jsonl"
expect_out "SYS-3: verify-export prints the count" 'export intact: [0-9]+ events'
LAST=$(sed -nE 's/.*last hash \(sm3\): ([0-9a-f]{64}).*/\1/p' "$OUT")

expect_rc "SYS-3: the export of stdout works too" 0 as auditor audit export --db "$DB"
check "SYS-3: the export on stdout is JSON lines" grep -q '^{"seq":1,' "$OUT"

expect_rc "SYS-1: a clerk may not export the audit chain (exit 5)" 5 \
	as clerk audit export --db "$DB" --out "$WORK/c.jsonl"
expect_err "SYS-1: the refusal names SYS-1" '\[SYS-1\]'
check "SYS-1: the refused export writes no file" test ! -e "$WORK/c.jsonl"
expect_rc "SYS-1: a clerk may not list the audit events (exit 5)" 5 as clerk audit list --db "$DB"
expect_rc "SYS-1: the security administrator may not export either" 5 \
	as secadmin audit export --db "$DB" --out "$WORK/s.jsonl"
expect_rc "a wrong password is refused" 5 \
	env BAOMI_PASSWORD=wrong "$BAOMI" audit export --db "$DB" --user auditor

expect_rc "SYS-3: the auditor lists the latest events" 0 as auditor audit list --db "$DB" --limit 10 --json
expect_out "SYS-3: the clerk's refused export is itself audited" \
	'"action": "audit.export"'
check "SYS-3: the refusal event carries outcome refused and rule SYS-1" \
	python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
ev=[e for e in d["events"] if e["actor"]=="clerk" and e["action"]=="audit.export"]
assert ev and ev[-1]["outcome"]=="refused" and ev[-1]["rule"]=="SYS-1", ev
assert len(d["events"])==10 and d["total"]>10' "$OUT"
check "SYS-3: the failed login is audited" python3 -c 'import json,sys
d=json.load(open(sys.argv[1]))
assert any(e["action"]=="login" and e["outcome"]!="ok" for e in d["events"])' "$OUT"
expect_rc "SYS-3: list in text form" 0 as auditor audit list --db "$DB" --limit 3
check "SYS-3: list --limit 3 prints a header and 3 events" test "$(wc -l <"$OUT")" -eq 4

expect_rc "SYS-3: the chain is still intact after exports, lists and refusals" 0 \
	"$BAOMI" audit verify --db "$DB"

# ---- a tampered export ---------------------------------------------------------------------

sed '3s/"actor":"[^"]*"/"actor":"mallory"/' "$WORK/e.jsonl" >"$WORK/bad.jsonl"
expect_rc "SYS-3: verify-export fails on an altered line (exit 8)" 8 \
	"$BAOMI" audit verify-export "$WORK/bad.jsonl"
expect_out "SYS-3: verify-export names event 3" 'first bad event is 3$'

sed '4d' "$WORK/e.jsonl" >"$WORK/gap.jsonl"
expect_rc "SYS-3: verify-export fails on a removed line (exit 8)" 8 \
	"$BAOMI" audit verify-export "$WORK/gap.jsonl"
expect_out "SYS-3: verify-export says event 4 is missing" 'event 4 is missing'

# ---- the off-line script ------------------------------------------------------------------------

expect_rc "SYS-3: the off-line script's SM3 passes the GB/T 32905 examples" 0 sh "$SCRIPT" --selftest
expect_rc "SYS-3: the off-line script verifies the export" 0 sh "$SCRIPT" "$WORK/e.jsonl"
expect_out "SYS-3: the script agrees on the last hash" "last hash \\(sm3\\): $LAST"
expect_rc "SYS-3: the script's own pure-Python SM3 agrees" 0 sh "$SCRIPT" "$WORK/e.jsonl" --pure-sm3
expect_out "SYS-3: the pure-Python SM3 reaches the same last hash" "last hash \\(sm3\\): $LAST"
expect_rc "SYS-3: the script checks a recorded last hash" 0 \
	sh "$SCRIPT" "$WORK/e.jsonl" --expect-last-hash "$LAST"
expect_rc "SYS-3: the script detects an altered line (exit 8)" 8 sh "$SCRIPT" "$WORK/bad.jsonl"
expect_out "SYS-3: the script names event 3" 'broken at event 3: .*altered'
expect_rc "SYS-3: the script detects a removed line (exit 8)" 8 sh "$SCRIPT" "$WORK/gap.jsonl"
sed '$d' "$WORK/e.jsonl" >"$WORK/cut.jsonl"
expect_rc "SYS-3: a cut-off end passes the chain check alone" 0 sh "$SCRIPT" "$WORK/cut.jsonl"
expect_rc "SYS-3: a cut-off end fails against the recorded last hash (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/cut.jsonl" --expect-last-hash "$LAST"
expect_rc "SYS-3: the script reads standard input" 0 sh -c "sh '$SCRIPT' - <'$WORK/e.jsonl'"

# A chain written by the script's code with awkward fields (separators, escapes, astral
# characters, empty values): baomi's C verifier must agree with it byte for byte.
python3 - "$SCRIPT" >"$WORK/py.jsonl" <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("vae", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
events = [
    {"at": "2026-01-01T00:00:00Z", "actor": "张三", "action": "a\n3:sm3\n", "object": "1:2:3",
     "outcome": "ok", "rule": "", "detail": "{\"t\":\"机密\\n★\"}", "alg": "sm3"},
    {"at": "2026-01-01T00:00:01Z", "actor": "", "action": "", "object": "", "outcome": "",
     "rule": "", "detail": "", "alg": "sm3"},
    {"at": "2026-01-01T00:00:02Z", "actor": "\t\"q\"\\", "action": "𝄞 🙂", "object": "x" * 300,
     "outcome": "refused", "rule": "SYS-1", "detail": "{}", "alg": "sm3"},
]
prev = m.GENESIS
for i, ev in enumerate(events, 1):
    h = m.sm3_pure(prev.encode() + m.canonical(i, ev))
    line = dict(seq=i, **ev, prev_hash=prev, hash=h)
    print(json.dumps(line, ensure_ascii=(i == 2), separators=(",", ":")))
    prev = h
PY
expect_rc "SYS-3: baomi verifies a chain built by the off-line script's code" 0 \
	"$BAOMI" audit verify-export "$WORK/py.jsonl"
expect_out "SYS-3: both implementations count the same events" 'export intact: 3 events'
sed '1s/张三/李四/' "$WORK/py.jsonl" >"$WORK/py-bad.jsonl"
expect_rc "SYS-3: and both reject the same alteration" 8 "$BAOMI" audit verify-export "$WORK/py-bad.jsonl"
expect_rc "SYS-3: (the script rejects it too)" 8 sh "$SCRIPT" "$WORK/py-bad.jsonl"

# ---- usage --------------------------------------------------------------------------------------

expect_rc "audit without a subcommand is a usage error" 2 "$BAOMI" audit
expect_rc "an unknown audit subcommand is a usage error" 2 "$BAOMI" audit bogus --db "$DB"
expect_rc "verify-export needs a FILE" 2 "$BAOMI" audit verify-export
expect_rc "verify-export of a missing file exits 4" 4 "$BAOMI" audit verify-export "$WORK/none.jsonl"
expect_rc "audit --help exits 0" 0 "$BAOMI" audit --help

done_testing
