#!/usr/bin/env bash
# tests/cli/t_anchor.sh — the audit chain anchored outside the database (SYS-3, issue 9
# point 2): signed SM2 checkpoints, the 校验码, and the five attacks that passed
# `baomi audit verify` before: the last rows deleted, a forged event with a correct hash,
# the chain re-chained after a delete or an insert, a back-dated event, and the table
# dropped and recreated empty. Each attack is made with sqlite3 (and Python for the
# hashes) on a copy of the database, next to a copy of its key and checkpoint file; the
# chain alone still verifies (shown with an empty checkpoint file), and against its
# checkpoints verify now fails naming the first bad event. In lib.sh's PostgreSQL mode
# each copy is a database of the test cluster made from the unit's (CREATE DATABASE …
# TEMPLATE), with its own key and checkpoint file (key_of, checkpoints_of), and each attack
# is made as the cluster's superuser with the triggers off (query_super), the chain's head
# row (audit_head) moved to the edited log's end as an intruder who knows the schema would.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
SCRIPT="$ROOT/scripts/verify-audit-export.py"
PW=Baomi@2026demo
DB=$(new_db d)
KEY=$(key_of "$DB") CP=$(checkpoints_of "$DB")

# re PATH: PATH's file name as a grep -E pattern (its dots escaped).
re() { basename "$1" | sed 's/[.]/\\./g'; }

# copy NAME: a copy of the database (db_copy) with its key and checkpoints beside it
# (PostgreSQL: where key_of/checkpoints_of say); prints it.
copy() {
	local c
	c=$(db_copy "$DB" "$1") || return 1
	rm -f "$(checkpoints_of "$c")" "$(key_of "$c")"
	cp "$CP" "$(checkpoints_of "$c")"
	cp -p "$KEY" "$(key_of "$c")"
	echo "$c"
}

# sql DB SQL: runs SQL behind baomi's back (audit_edit: the protective triggers dropped or
# off, PostgreSQL's head row following the log).
sql() {
	audit_edit "$1" "$2" || echo "# SQL failed: $2" >&2
}

# rechain DB: rewrites every event's seq, prev_hash and hash so that the chain is
# internally consistent again (what an intruder who knows the chain rule does).
rechain() {
	if is_pg; then
		rechain_pg "$1"
		return
	fi
	python3 - "$SCRIPT" "$1" <<'PY'
import importlib.util, sqlite3, sys
spec = importlib.util.spec_from_file_location("vae", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
sm3 = m.pick_sm3()[0]
db = sqlite3.connect(sys.argv[2])
cols = "at, actor, action, object, outcome, rule, detail, alg"
rows = db.execute(f"SELECT seq, {cols} FROM audit_event ORDER BY seq").fetchall()
db.execute("UPDATE audit_event SET seq = -seq")  # seq is the rowid: free the numbers first
prev = m.GENESIS
for i, r in enumerate(rows, 1):
    ev = dict(zip(m.TEXT_FIELDS, r[1:]))
    h = sm3(prev.encode() + m.canonical(i, ev))
    db.execute("UPDATE audit_event SET seq=?, prev_hash=?, hash=? WHERE seq=?", (i, prev, h, -r[0]))
    prev = h
db.commit()
PY
}

# rechain_pg DB: rechain on PostgreSQL: the events read as JSON, the new seq, prev_hash
# and hash computed by the off-line verifier's code, written back as the superuser.
rechain_pg() {
	query "$1" "SELECT json_agg(json_build_array(seq, at, actor, action, object, outcome,
		rule, detail, alg) ORDER BY seq) FROM audit_event" >"$WORK/rows.json"
	python3 - "$SCRIPT" "$WORK/rows.json" >"$WORK/rechain.json" <<'PY'
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("vae", sys.argv[1])
m = importlib.util.module_from_spec(spec)
spec.loader.exec_module(m)
sm3 = m.pick_sm3()[0]
prev, out = m.GENESIS, []
for i, r in enumerate(json.load(open(sys.argv[2])), 1):
    ev = dict(zip(m.TEXT_FIELDS, r[1:]))
    h = sm3(prev.encode() + m.canonical(i, ev))
    out.append({"o": r[0], "n": i, "p": prev, "h": h})
    prev = h
print(json.dumps(out))
PY
	sql "$1" "UPDATE audit_event SET seq = -seq;
		UPDATE audit_event a SET seq = v.n, prev_hash = v.p, hash = v.h
		FROM json_to_recordset('$(cat "$WORK/rechain.json")') AS v(o bigint, n bigint, p text, h text)
		WHERE a.seq = -v.o;"
}

# ---- checkpoints -----------------------------------------------------------------------

expect_rc "demo database" 0 demo_db "$DB"
rm -f "$KEY" "$CP"
expect_rc "SYS-3: verify without checkpoints passes but says the end is not anchored" 0 \
	"$BAOMI" audit verify --db "$DB"
expect_out "SYS-3: verify says there is no checkpoint" 'no checkpoint; the end of the chain is not anchored'

expect_rc "SYS-1: a clerk may not sign a checkpoint (exit 5)" 5 as clerk audit checkpoint --db "$DB"
expect_err "SYS-1: the refusal names SYS-1" '\[SYS-1\]'
check "SYS-1: the refused checkpoint makes no key" test ! -e "$KEY"

expect_rc "SYS-3: the auditor signs a checkpoint" 0 as auditor audit checkpoint --db "$DB"
expect_out "SYS-3: checkpoint prints the 校验码 for the paper register" \
	'^校验码 / code: [A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}$'
CODE=$(sed -nE 's/^校验码 \/ code: (.*)$/\1/p' "$OUT")
expect_err "SYS-3: a unit without a key gets one, with a clear message" "the unit had no audit key: created .*$(re "$KEY")"
check "SYS-3: the key file is private (0600)" test "$(stat -c %a "$KEY")" = 600
check "SYS-3: the checkpoint file has one self-describing line with the public key" python3 -c '
import json,sys
ls=open(sys.argv[1]).read().splitlines()
assert len(ls)==1, ls
c=json.loads(ls[0])
assert c["checkpoint"]=="baomi-checkpoint-v1" and c["alg"]=="sm2-sm3" and c["count"]>20, c
assert c["public_key"] and c["signature"] and len(c["last_hash"])==64, c' "$CP"
N=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).readline())["count"])' "$CP")

# The signature is plain GB/T 32918 SM2 with SM3 and the default ID: OpenSSL's own tool agrees.
python3 - "$CP" "$WORK" <<'PY'
import base64, json, sys
c = json.loads(open(sys.argv[1]).readline())
f = lambda v: str(len(v.encode())).encode() + b":" + v.encode() + b"\n"
st = b"baomi-checkpoint-v1\n" + b"".join(f(x) for x in (c["unit"], str(c["count"]), c["last_hash"], c["at"], c["alg"], c["public_key"]))
open(sys.argv[2] + "/st.bin", "wb").write(st)
open(sys.argv[2] + "/sig.bin", "wb").write(base64.b64decode(c["signature"]))
open(sys.argv[2] + "/pub.pem", "w").write("-----BEGIN PUBLIC KEY-----\n" + c["public_key"] + "\n-----END PUBLIC KEY-----\n")
PY
expect_rc "SYS-3: openssl dgst verifies the checkpoint's SM2 signature independently" 0 \
	openssl dgst -sm3 -verify "$WORK/pub.pem" -sigopt distid:1234567812345678 \
	-signature "$WORK/sig.bin" "$WORK/st.bin"

expect_rc "SYS-3: the auditor keeps working (one more event after the checkpoint)" 0 \
	as auditor audit list --db "$DB" --limit 1
expect_rc "SYS-3: verify checks the chain against the checkpoint" 0 "$BAOMI" audit verify --db "$DB"
expect_out "SYS-3: verify names the checkpoint it met" "checked against 1 signed checkpoints, up to event $N"
expect_rc "SYS-3: verify --code accepts the 校验码 from the register" 0 \
	"$BAOMI" audit verify --db "$DB" --code "$CODE"
expect_out "SYS-3: verify --code says which checkpoint it is" "code $CODE matches the checkpoint of .*, $N events"
expect_rc "SYS-3: an unknown 校验码 is a broken anchor (exit 8)" 8 \
	"$BAOMI" audit verify --db "$DB" --code AAAA-BBBB-CCCC-DDDD
expect_err "SYS-3: the error names the code" '\[SYS-3\].*no checkpoint in the file has the code AAAA-BBBB-CCCC-DDDD'

# ---- export: a checkpoint each time, and the off-line verifier --------------------------

expect_rc "SYS-3: the auditor exports" 0 as auditor audit export --db "$DB" --out "$WORK/e1.jsonl"
check "SYS-3: the export wrote a second checkpoint" test "$(wc -l <"$CP")" -eq 2
E1=$(wc -l <"$WORK/e1.jsonl")
N2=$(python3 -c 'import json,sys; print(json.loads(open(sys.argv[1]).read().splitlines()[-1])["count"])' "$CP")
check "SYS-3: the export ends at the event its checkpoint counts" test "$E1" -eq "$N2"
expect_rc "SYS-3: verify-export accepts the export with the checkpoint file" 0 \
	"$BAOMI" audit verify-export "$WORK/e1.jsonl" --checkpoints "$CP"
expect_out "SYS-3: verify-export met both checkpoints" "checked against 2 signed checkpoints, up to event $N2"
expect_rc "more events" 0 as auditor audit list --db "$DB" --limit 1
expect_rc "SYS-3: a later export" 0 as auditor audit export --db "$DB" --out "$WORK/e2.jsonl"
cp "$CP" "$WORK/cp-old"
head -n 2 "$CP" >"$WORK/cp-old"
expect_rc "SYS-3: a later, longer export extends the earlier checkpoints" 0 \
	"$BAOMI" audit verify-export "$WORK/e2.jsonl" --checkpoints "$WORK/cp-old" --code "$CODE"
expect_out "SYS-3: the longer export reaches beyond them" "checked against 2 signed checkpoints, up to event $N2"
head -n 5 "$WORK/e1.jsonl" >"$WORK/short.jsonl"
expect_rc "SYS-3: an export shorter than a checkpoint does not extend it (exit 8)" 8 \
	"$BAOMI" audit verify-export "$WORK/short.jsonl" --checkpoints "$WORK/cp-old"
expect_out "SYS-3: it names the first event it lacks" 'first bad event is 6$'
: >"$WORK/empty.jsonl"
expect_rc "SYS-3: an empty export is not intact (exit 8)" 8 "$BAOMI" audit verify-export "$WORK/empty.jsonl"
sed '1s/"count":[0-9]*/"count":999999/' "$WORK/cp-old" >"$WORK/cp-forged"
expect_rc "SYS-3: a checkpoint line altered after signing is refused (exit 8)" 8 \
	"$BAOMI" audit verify-export "$WORK/e2.jsonl" --checkpoints "$WORK/cp-forged"
expect_err "SYS-3: the error names the forged line" 'checkpoint line 1 is invalid: the signature does not match'

# ---- the five attacks --------------------------------------------------------------------

: >"$WORK/none.checkpoints"

T=$(copy cut)
sql "$T" "DELETE FROM audit_event WHERE seq >= $((N - 1));"
expect_rc "SYS-3 attack: the last rows deleted pass the chain check alone" 0 \
	"$BAOMI" audit verify --db "$T" --checkpoints "$WORK/none.checkpoints"
expect_rc "SYS-3: the last rows deleted fail against the checkpoints (exit 8)" 8 \
	"$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the first deleted event" "first bad event is $((N - 1))\$"
expect_out "SYS-3: verify says the checkpoint counts more events" "counts [0-9]+ events; the chain has only $((N - 2))"

T=$(copy forged)
sql "$T" "DELETE FROM audit_event WHERE seq >= $N;
	INSERT INTO audit_event SELECT $N, at, 'mallory', 'carrier.destroy', 'carrier:1', 'ok', '',
	  '{}', alg, hash, hash FROM audit_event WHERE seq = $((N - 1));"
rechain "$T"
expect_rc "SYS-3 attack: a forged event with a correct hash passes the chain check alone" 0 \
	"$BAOMI" audit verify --db "$T" --checkpoints "$WORK/none.checkpoints"
expect_rc "SYS-3: the forged event fails against the checkpoint (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the forged event" "first bad event is $N\$"
expect_out "SYS-3: verify shows the forged event" 'mallory +carrier.destroy'

T=$(copy rechained)
sql "$T" "DELETE FROM audit_event WHERE seq = 7;"
rechain "$T"
expect_rc "SYS-3 attack: a delete then re-chain passes the chain check alone" 0 \
	"$BAOMI" audit verify --db "$T" --checkpoints "$WORK/none.checkpoints"
expect_rc "SYS-3: the re-chained chain fails against the checkpoint (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the checkpoint's position" "first bad event is $N\$"
expect_out "SYS-3: verify says the chain was rewritten" 'differs from the checkpoint of .*rewritten at or before this event'

T=$(copy inserted)
sql "$T" "UPDATE audit_event SET seq = seq + 100000 WHERE seq >= 3;
	UPDATE audit_event SET seq = seq - 99999 WHERE seq >= 100003;
	INSERT INTO audit_event SELECT 3, at, 'mallory', 'carrier.show', 'carrier:1', 'ok', '',
	  '{}', alg, hash, hash FROM audit_event WHERE seq = 2;"
rechain "$T"
expect_rc "SYS-3 attack: an insert then re-chain passes the chain check alone" 0 \
	"$BAOMI" audit verify --db "$T" --checkpoints "$WORK/none.checkpoints"
expect_rc "SYS-3: the insert then re-chain fails against the checkpoint (exit 8)" 8 \
	"$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the checkpoint's position" "first bad event is $N\$"

T=$(copy backdated)
sql "$T" "INSERT INTO audit_event SELECT seq + 1, '2020-01-01T00:00:00Z', 'mallory', 'carrier.destroy',
	  'carrier:1', 'ok', '', '{}', alg, hash, hash FROM audit_event
	  WHERE seq = (SELECT max(seq) FROM audit_event);"
rechain "$T"
LASTSEQ=$(query "$T" "SELECT max(seq) FROM audit_event;")
expect_rc "SYS-3: a back-dated event with a correct hash fails (exit 8)" 8 "$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names the back-dated event" "first bad event is $LASTSEQ\$"
expect_out "SYS-3: verify says it is dated before the event it follows" 'is before the previous event.*back-dated'

T=$(copy dropped)
if is_pg; then
	# PostgreSQL refuses TRUNCATE and DROP of the log to the role; the superuser, triggers
	# off, deletes every row and resets the head: the same empty table.
	sql "$T" "DELETE FROM audit_event;"
else
	SCHEMA=$(sqlite3 "$T" ".schema audit_event")
	sql "$T" "DROP TABLE audit_event; $SCHEMA"
fi
check "SYS-3 attack: the table is empty again" test "$(query "$T" 'SELECT count(*) FROM audit_event')" -eq 0
expect_rc "SYS-3: an empty chain is not intact, even without checkpoints (exit 8)" 8 \
	"$BAOMI" audit verify --db "$T" --checkpoints "$WORK/none.checkpoints"
expect_rc "SYS-3: the dropped and recreated table fails against the checkpoints (exit 8)" 8 \
	"$BAOMI" audit verify --db "$T"
expect_out "SYS-3: verify names event 1" 'first bad event is 1$'

# The checkpoint file and the key replaced together: only the 校验码 in the register shows it.
T=$(copy replaced)
REPLACED=$T
rm -f "$(checkpoints_of "$T")" "$(key_of "$T")"
sql "$T" "DELETE FROM audit_event WHERE seq >= $((N - 1));"
expect_rc "SYS-3 attack: a new key and new checkpoints over the shortened chain" 0 \
	as auditor audit checkpoint --db "$T"
expect_rc "SYS-3: ... pass without the register" 0 "$BAOMI" audit verify --db "$T"
expect_rc "SYS-3: ... but the 校验码 in the register is not in the new file (exit 8)" 8 \
	"$BAOMI" audit verify --db "$T" --code "$CODE"

# A checkpoint file signed by another key than the unit's is refused.
T=$(copy foreign)
cat "$(checkpoints_of "$REPLACED")" >>"$(checkpoints_of "$T")"
expect_rc "SYS-3: a checkpoint line signed by another key is refused (exit 8)" 8 \
	"$BAOMI" audit verify --db "$T"
expect_err "SYS-3: the error names the foreign line" 'checkpoint line [0-9]+ is signed by another key'

# ---- the key missing beside its checkpoints ----------------------------------------------
# A checkpoint file with lines and no key: the key that signed them is lost (or moved away).
# A new key would sign checkpoints after them and `audit verify` would fail from then on
# (checkpoint_foreign_key), so nothing signs until the key is restored from its backup.

T=$(copy nokey)
TKEY=$(key_of "$T") TCP=$(checkpoints_of "$T")
rm -f "$TKEY"
cp "$TCP" "$WORK/nokey.before"
expect_rc "SYS-3: audit checkpoint refuses when the key is missing beside checkpoints (exit 6)" 6 \
	as auditor audit checkpoint --db "$T"
expect_err "SYS-3: the refusal is audit_key_missing under SYS-3" "\\[SYS-3\\].*audit key .*$(re "$TKEY").* is missing beside the existing checkpoint file"
expect_err "SYS-3: the refusal says to restore the key from its backup" 'restore the key from its backup'
expect_err "SYS-3: the refusal says it in Chinese too" '审计密钥 .* 缺失.*请从备份中恢复审计密钥'
check "SYS-3: the refused checkpoint makes no new key" test ! -e "$TKEY"
check "SYS-3: the refused checkpoint appends nothing" cmp -s "$TCP" "$WORK/nokey.before"
expect_rc "SYS-3: an export refuses too (its checkpoint cannot be signed)" 6 \
	as auditor audit export --db "$T" --out "$WORK/nokey.jsonl"
check "SYS-3: ... appending nothing" cmp -s "$TCP" "$WORK/nokey.before"
# (the timeout ends only a server that serves instead of refusing: 120 s, as the start waits)
expect_rc "SYS-3: serve refuses to start without the key (exit 6)" 6 \
	timeout 120 "$BAOMI" serve --db "$T" --listen 127.0.0.1:0
expect_err "SYS-3: serve names audit_key_missing and SYS-3" '\[SYS-3\].*is missing beside the existing checkpoint file'
check "SYS-3: the refused server made no key" test ! -e "$TKEY"
check "SYS-3: the refused server appended nothing" cmp -s "$TCP" "$WORK/nokey.before"
expect_rc "SYS-3: the chain still verifies against the untouched checkpoints" 0 \
	"$BAOMI" audit verify --db "$T"
cp -p "$KEY" "$TKEY"
expect_rc "SYS-3: with the key restored from its backup the auditor signs again" 0 \
	as auditor audit checkpoint --db "$T"
check "SYS-3: ... one line more" test "$(wc -l <"$TCP")" -eq "$(($(wc -l <"$WORK/nokey.before") + 1))"
expect_rc "SYS-3: ... and verify meets every checkpoint" 0 "$BAOMI" audit verify --db "$T"

# ---- init ---------------------------------------------------------------------------------

NDB=$(new_db n)
NKEY=$(key_of "$NDB") NCP=$(checkpoints_of "$NDB")
BAOMI_PASSWORD='Init@2026pass' expect_rc "SYS-3: init makes the key and the first checkpoint" 0 \
	"$BAOMI" init --db "$NDB" --unit 测试单位 --admin sysadmin
expect_out "SYS-3: init prints the first checkpoint's code" "first checkpoint: .*$(re "$NCP")，校验码 / code [A-Z2-7-]{19}\$"
check "SYS-3: init's key is private" test "$(stat -c %a "$NKEY")" = 600
expect_rc "SYS-3: a new unit verifies against its first checkpoint" 0 "$BAOMI" audit verify --db "$NDB"
expect_out "SYS-3: ... up to event 1" 'checked against 1 signed checkpoints, up to event 1'
N2DB=$(new_db n2)
rm -f "$(checkpoints_of "$N2DB")" "$(key_of "$N2DB")"
cp "$NCP" "$(checkpoints_of "$N2DB")"
BAOMI_PASSWORD='Init@2026pass' expect_rc "SYS-3: init refuses a checkpoint file of an earlier chain (exit 6)" 6 \
	"$BAOMI" init --db "$N2DB" --unit 测试单位 --admin sysadmin

done_testing
