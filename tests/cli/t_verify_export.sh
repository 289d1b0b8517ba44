#!/usr/bin/env bash
# tests/cli/t_verify_export.sh — SYS-3, issue 9 point 2: the off-line verifier
# scripts/verify-audit-export.py (Python standard library, no baomi, no database) checks
# event times and signed checkpoints as `baomi audit verify-export --checkpoints` does:
# a later, longer export extends an earlier checkpoint (file line, line given as text, or
# its 校验码), the SM2 signatures are checked with /usr/bin/openssl, and each tampering
# (cut off, rewritten and re-chained, back-dated, empty, a checkpoint altered or signed by
# another key) is reported with the first bad position, the same one baomi names.
# In lib.sh's PostgreSQL mode the unit is a database of the test cluster, its checkpoint
# file where checkpoints_of says; the exports and the verifiers are the same.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT="$ROOT/scripts/verify-audit-export.py"
PW=Baomi@2026demo
DB=$(new_db d)

# edit IN OUT SEQ FIELD VALUE: OUT is the export IN with event SEQ's FIELD set to VALUE and
# every hash from there on recomputed (what an intruder who knows the chain rule does).
edit() {
	python3 - "$SCRIPT" "$@" <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("vae", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
sm3 = m.pick_sm3()[0]
src, dst, seq, field, value = sys.argv[2:7]
evs = [json.loads(l) for l in open(src, encoding="utf-8")]
evs[int(seq) - 1][field] = value
prev = m.GENESIS
with open(dst, "w", encoding="utf-8") as f:
    for ev in evs:
        ev["prev_hash"] = prev
        ev["hash"] = prev = sm3(prev.encode() + m.canonical(ev["seq"], ev))
        f.write(json.dumps(ev, ensure_ascii=False, separators=(",", ":")) + "\n")
PY
}

# ---- a unit, its checkpoints and two exports ----------------------------------------------

expect_rc "fixture: a demo unit" 0 demo_db "$DB"
expect_rc "fixture: the auditor signs a checkpoint" 0 as auditor audit checkpoint --db "$DB"
CODE=$(sed -nE 's/^校验码 \/ code: (.*)$/\1/p' "$OUT")
CP=$(checkpoints_of "$DB")
N=$(jq -r .count <"$CP")
expect_rc "fixture: an export (a second checkpoint)" 0 as auditor audit export --db "$DB" --out "$WORK/e1.jsonl"
N2=$(wc -l <"$WORK/e1.jsonl")
expect_rc "fixture: more events" 0 as auditor audit list --db "$DB" --limit 1
expect_rc "fixture: a later export (a third checkpoint)" 0 as auditor audit export --db "$DB" --out "$WORK/e2.jsonl"
N3=$(wc -l <"$WORK/e2.jsonl")
check "fixture: the later export is longer" test "$N3" -gt "$N2"
head -n 2 "$CP" >"$WORK/cp-old"

# ---- a genuine longer export extends the earlier checkpoints ----------------------------

expect_rc "SYS-3: the script accepts a later, longer export against earlier checkpoints" 0 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/cp-old"
expect_out "SYS-3: it met both, up to the second" "checked against 2 signed checkpoints, up to event $N2\$"
expect_out "SYS-3: it checked the SM2 signatures with OpenSSL" 'SM2 signatures checked: .*openssl'
expect_rc "SYS-3: baomi agrees on the same files" 0 \
	"$BAOMI" audit verify-export "$WORK/e2.jsonl" --checkpoints "$WORK/cp-old"
expect_rc "SYS-3: the 校验码 from the paper register names the first checkpoint" 0 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/cp-old" --code "$CODE"
expect_out "SYS-3: ... the code baomi printed is the script's" "code $CODE matches the checkpoint of .*, $N events"
expect_rc "SYS-3: the code is read without dashes and in lower case too" 0 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/cp-old" --code "$(tr -d - <<<"$CODE" | tr A-Z a-z)"
expect_rc "SYS-3: one checkpoint line given as text is accepted" 0 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$(head -n 1 "$CP")"
expect_out "SYS-3: ... and met" "checked against 1 signed checkpoints, up to event $N\$"
expect_rc "SYS-3: every checkpoint of the live file, the last one at the export's end" 0 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$CP"
expect_out "SYS-3: ... up to its last event" "checked against 3 signed checkpoints, up to event $N3\$"
expect_rc "SYS-3: an unknown 校验码 is refused (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/cp-old" --code AAAA-BBBB-CCCC-DDDD
expect_out "SYS-3: ... naming the code" 'no checkpoint given has the code AAAA-BBBB-CCCC-DDDD'
expect_rc "SYS-3: a 校验码 alone cannot be checked: usage (exit 2)" 2 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --code "$CODE"
expect_err "SYS-3: ... it needs the checkpoint file" '--code needs --checkpoint'
expect_rc "a missing checkpoint file is an I/O error (exit 2)" 2 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/nowhere"

# ---- tamperings: the first bad position, the same as baomi's ------------------------------

head -n 5 "$WORK/e1.jsonl" >"$WORK/short.jsonl"
expect_rc "SYS-3 attack: a cut-off export passes the chain check alone" 0 sh "$SCRIPT" "$WORK/short.jsonl"
expect_out "SYS-3: ... which says the end is not anchored" 'no checkpoint given; the end of the chain is not anchored'
expect_rc "SYS-3: a cut-off export does not extend the checkpoints (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/short.jsonl" --checkpoint "$WORK/cp-old"
expect_out "SYS-3: ... the first event it lacks is named" "broken at event 6: the checkpoint of .* \\(line 2\\) counts $N2 events; the export has only 5"
expect_rc "SYS-3: (baomi: the same)" 8 "$BAOMI" audit verify-export "$WORK/short.jsonl" --checkpoints "$WORK/cp-old"
expect_out "SYS-3: (baomi names event 6 too)" 'first bad event is 6$'

edit "$WORK/e2.jsonl" "$WORK/forged.jsonl" 7 actor mallory
expect_rc "SYS-3 attack: an event rewritten and the chain re-hashed passes the chain alone" 0 \
	sh "$SCRIPT" "$WORK/forged.jsonl"
expect_rc "SYS-3: the rewritten chain fails against the checkpoints (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/forged.jsonl" --checkpoint "$WORK/cp-old"
expect_out "SYS-3: ... at the first checkpoint's position" "broken at event $N: event $N's hash differs from the checkpoint of .* \\(line 1\\): the chain was rewritten"
expect_rc "SYS-3: (baomi: the same)" 8 "$BAOMI" audit verify-export "$WORK/forged.jsonl" --checkpoints "$WORK/cp-old"
expect_out "SYS-3: (baomi names event $N too)" "first bad event is $N\$"

edit "$WORK/e2.jsonl" "$WORK/backdated.jsonl" 10 at 2020-01-01T00:00:00Z
expect_rc "SYS-3 attack: a back-dated event with correct hashes fails even alone (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/backdated.jsonl"
expect_out "SYS-3: ... at its position, dated before the event it follows" \
	"broken at event 10: event 10's time 2020-01-01T00:00:00Z is before the previous event's .*back-dated"
expect_rc "SYS-3: (baomi: the same)" 8 "$BAOMI" audit verify-export "$WORK/backdated.jsonl"
expect_out "SYS-3: (baomi names event 10 too)" 'first bad event is 10$'

: >"$WORK/empty.jsonl"
expect_rc "SYS-3: an empty export is not intact (exit 8)" 8 sh "$SCRIPT" "$WORK/empty.jsonl"
expect_out "SYS-3: ... it is broken at event 1" 'broken at event 1: the export is empty'
expect_rc "SYS-3: nor against a checkpoint (exit 8)" 8 sh "$SCRIPT" "$WORK/empty.jsonl" --checkpoint "$WORK/cp-old"

# A checkpoint altered after signing to fit a shortened export: only the signature shows it.
python3 - "$WORK/cp-old" "$WORK/short.jsonl" "$WORK/cp-fitted" <<'PY'
import json, sys
cp = json.loads(open(sys.argv[1]).readline())
last = json.loads(open(sys.argv[2]).read().splitlines()[-1])
cp["count"], cp["last_hash"] = last["seq"], last["hash"]
open(sys.argv[3], "w").write(json.dumps(cp, ensure_ascii=False, separators=(",", ":")) + "\n")
PY
expect_rc "SYS-3 attack: a checkpoint altered to fit a cut-off export is refused (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/short.jsonl" --checkpoint "$WORK/cp-fitted"
expect_out "SYS-3: ... its SM2 signature does not match (OpenSSL)" 'checkpoint line 1 is invalid: the signature does not match'
expect_rc "SYS-3: (baomi: the same)" 8 "$BAOMI" audit verify-export "$WORK/short.jsonl" --checkpoints "$WORK/cp-fitted"
expect_rc "SYS-3: without OpenSSL the script cannot see it, and says so" 0 \
	sh "$SCRIPT" "$WORK/short.jsonl" --checkpoint "$WORK/cp-fitted" --openssl "$WORK/no-openssl"
expect_out "SYS-3: ... the signatures were NOT checked off-line, and why" \
	'the SM2 signatures were NOT checked off-line: .*no-openssl cannot be run'
expect_out "SYS-3: ... and that an altered count or hash is then not seen" \
	'one altered after signing is not seen'

printf 'not a checkpoint\n' >"$WORK/cp-junk"
expect_rc "SYS-3: a line that is not a checkpoint is refused (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/cp-junk"
expect_out "SYS-3: ... naming the line" 'checkpoint line 1 is invalid: not a JSON object'

OTHER=$(new_db other)
BAOMI_PASSWORD=$PW expect_rc "fixture: another unit, with its own key" 0 \
	"$BAOMI" init --db "$OTHER" --unit 另一单位 --admin sysadmin
cat "$WORK/cp-old" "$(checkpoints_of "$OTHER")" >"$WORK/cp-mixed"
expect_rc "SYS-3: a checkpoint signed by another key is refused (exit 8)" 8 \
	sh "$SCRIPT" "$WORK/e2.jsonl" --checkpoint "$WORK/cp-mixed"
expect_out "SYS-3: ... naming the line" 'checkpoint line 3 is signed by another key than line 1'

done_testing
