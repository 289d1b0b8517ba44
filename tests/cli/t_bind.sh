#!/usr/bin/env bash
# tests/cli/t_bind.sh — SYS-3: the binding of rows to the chain, in bulk and for the
# registers.
# - Issue 17 point 5: a use case that writes more than BM_BOUND_SET_MIN (1000) rows of a
#   table binds them as one set: the event's detail carries ["carrier", count, first id,
#   last id, digest] under "bound_sets", and the rows' digests go to bind_set in chunks.
#   A test build lowers the threshold with $BAOMI_TEST_BIND_SET_MIN, so a unit-wide count
#   close of the demo's carriers makes a set, and the in-memory list of written rows with
#   $BAOMI_TEST_BIND_SPILL, so that close's rows spill to the temp table as a million's do. `baomi check` still names a covered row
#   edited or deleted behind baomi's back, with the close's event, and any change to the
#   kept digests; the off-line verifier passes the export.
# - Issue 10: the registers' tables (devices, key sites, person events, training, trips)
#   are bound like the ledger's; rows older than their binding (migration 32's floor) are
#   "not bound (before binding)".
# - Issue 11: the meetings and the reward and sanction register are bound from migration
#   35, with the same floors.
# In lib.sh's PostgreSQL mode the unit is a database of the test cluster, each copy a
# database made from it, and each edit is made as the cluster's superuser with the
# triggers (and the foreign keys) off (query_super) instead of dropping them.
. "$(dirname "$0")/lib.sh"

ROOT=$(cd "$(dirname "$0")/../.." && pwd)
PW=Baomi@2026demo
DB=$(new_db d)
export BAOMI_DB="$DB"

expect_rc "fixture: a demo unit" 0 demo_db "$DB"
expect_rc "SYS-3: the demo unit checks clean, the registers included" 0 "$BAOMI" check --db "$DB"
for t in device site site_member person_event training_session training_attendance; do
	check "issue 10: the demo's $t rows are bound (events name them)" \
		test "$(query "$DB" "SELECT count(*) FROM audit_event
		  WHERE detail LIKE '%[\"$t\",%'")" -gt 0
done

# copy NAME: a consistent copy of the database (db_copy); prints it.
copy() {
	db_copy "$DB" "$1"
}

# tamper NAME SQL: a copy edited behind baomi's back, its protective triggers dropped
# (PostgreSQL: as the superuser with every trigger off, so SQL's DROP TRIGGERs are left out).
tamper() {
	local c
	c=$(copy "$1")
	if is_pg; then
		query_super "$c" "$(sed -E 's/DROP TRIGGER [a-z_]+;//g' <<<"$2")" >/dev/null ||
			echo "# SQL failed: $2" >&2
		echo "$c"
		return
	fi
	sqlite3 "$c" "PRAGMA foreign_keys=OFF;
		DROP TRIGGER IF EXISTS carrier_no_delete; DROP TRIGGER IF EXISTS carrier_event_no_delete;
		DROP TRIGGER IF EXISTS person_event_no_update;
		DROP TRIGGER IF EXISTS bind_set_no_update; DROP TRIGGER IF EXISTS bind_set_no_delete;
		$2" || echo "# SQL failed: $2" >&2
	echo "$c"
}

# finding DB TABLE ID KIND [SEQ]: check --json reports exactly that row with that finding
# (and, given SEQ, the event it names).
finding() {
	"$BAOMI" check --db "$1" --json >"$WORK/f.json" 2>/dev/null
	local rc=$?
	[ "$rc" -eq 8 ] || {
		echo "#   check exit $rc, expected 8" >&2
		return 1
	}
	python3 - "$WORK/f.json" "$2" "$3" "$4" "${5:-}" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
_, _, table, rid, kind, seq = sys.argv
f = [x for x in r["ledger"]["findings"] if x["table"] == table and x["id"] == int(rid)]
assert r["ok"] is False and r["error"]["rule"] == "SYS-3", r
assert len(f) == 1 and f[0]["finding"] == kind, r["ledger"]["findings"]
assert not seq or f[0]["seq"] == int(seq), f
PY
}

# ---- issue 17 point 5: a bulk close binds its carriers as one set ---------------------------

# Under the real threshold (1000) the demo's 200-odd carriers stay one entry each.
SMALL=$(copy small)
expect_rc "fixture: a unit-wide count (清查)" 0 as clerk count start --db "$SMALL" --scope unit --json
S=$(jq -r .id "$OUT")
expect_rc "fixture: closed with nothing ticked: every carrier missing" 0 \
	as clerk count close --db "$SMALL" "$S" $(count_confirm "$S" --db "$SMALL") --json
N=$(jq '.missing | length' "$OUT")
check "fixture: the close marks carriers missing" test "$N" -gt 5
check "issue 17: under $((1000)) rows the close keeps one bound_rows entry per carrier" \
	test "$(query "$SMALL" "SELECT count(*) || ':' || sum(CASE WHEN detail LIKE
	  '%\"bound_rows\":[[\"carrier\",%' AND detail NOT LIKE '%bound_sets%' THEN 1 ELSE 0 END)
	  FROM audit_event WHERE action='count.close'")" = 1:1

# With the threshold lowered to 5 (a test build only) the same close makes a set; with the
# written rows spilling past 7 its list of rows is read back from temp.bm_touched.
export BAOMI_TEST_BIND_SET_MIN=5 BAOMI_TEST_BIND_SPILL=7
expect_rc "fixture: a unit-wide count" 0 as clerk count start --scope unit --json
S=$(jq -r .id "$OUT")
expect_rc "issue 17: the close over the threshold succeeds" 0 as clerk count close "$S" $(count_confirm "$S") --json
unset BAOMI_TEST_BIND_SET_MIN BAOMI_TEST_BIND_SPILL
CLOSE=$(query "$DB" "SELECT max(seq) FROM audit_event WHERE action='count.close'")
query "$DB" "SELECT detail FROM audit_event WHERE seq=$CLOSE" >"$WORK/close.json"
python3 - "$WORK/close.json" "$N" <<'PY' >/dev/null 2>&1
import json, sys
d = json.load(open(sys.argv[1]))
n = int(sys.argv[2])
sets = [s for s in d["bound_sets"] if s[0] == "carrier"]
assert len(sets) == 1, d["bound_sets"]  # the devices counted may make a set of their own
t, count, first, last, digest = sets[0]
assert count >= n and first <= last and len(digest) == 64, sets
assert not any(r[0] == "carrier" for r in d.get("bound_rows", [])), d.get("bound_rows")
PY
check "issue 17: the close's detail carries one carrier set (count, ids, digest), no per-row carriers" \
	test $? -eq 0
if is_pg; then set_n="(detail::json -> 'bound_sets' -> 0 ->> 1)::bigint"; else
	set_n="json_extract(detail, '\$.bound_sets[0][1]')"; fi
check "issue 17: its row digests are kept in bind_set, 32 bytes and 8-byte ids a row" \
	test "$(query "$DB" "SELECT CASE WHEN sum(n) = (SELECT $set_n
	  FROM audit_event WHERE seq=$CLOSE) AND sum(length(digests)) = 32 * sum(n)
	  AND sum(length(ids)) = 8 * sum(n) THEN 1 ELSE 0 END FROM bind_set
	  WHERE seq=$CLOSE AND tbl='carrier'")" = 1
expect_rc "SYS-3: the unit with a bound set checks clean" 0 "$BAOMI" check --db "$DB"
expect_out "SYS-3: every carrier matches" 'ledger: ([0-9]+) rows, \1 match the chain'
# refused DB SQL: the database refuses SQL from baomi's own connection (its role).
refused() { ! query "$1" "$2" >/dev/null 2>&1; }
check "SYS-3: the set is kept read-only in the file" refused "$DB" 'DELETE FROM bind_set'
check "SYS-3: …its digests cannot be rewritten either" refused "$DB" "UPDATE bind_set SET n = n + 1"

# The covered carriers, read back from the kept ids (8 bytes big-endian each).
if is_pg; then hex="encode(ids, 'hex')"; else hex="hex(ids)"; fi
IDS=$(query "$DB" "SELECT $hex FROM bind_set WHERE seq=$CLOSE AND tbl='carrier' ORDER BY chunk" |
	python3 -c 'import sys
ids = []
for h in sys.stdin.read().split():
    b = bytes.fromhex(h)
    ids += [int.from_bytes(b[i:i + 8], "big") for i in range(0, len(b), 8)]
print(" ".join(map(str, ids)))')
set -- $IDS
C1=$1 C2=$2 C3=$3
check "fixture: the set names its carriers" test -n "$C3"

# 1. A covered carrier quietly destroyed.
T=$(tamper edit "UPDATE carrier SET level=0, status='destroyed' WHERE id=$C1")
expect_rc "SYS-3: check fails on a carrier of the set edited behind baomi's back" 8 \
	"$BAOMI" check --db "$T"
expect_out "SYS-3: it names the carrier and the close's event" "carrier:$C1 changed after event $CLOSE"
check "SYS-3: --json names it changed after the close" finding "$T" carrier "$C1" changed "$CLOSE"

# 2. A covered carrier deleted with its history.
T=$(tamper gone "DELETE FROM carrier_event WHERE carrier_id=$C2;
	DELETE FROM carrier_scope WHERE carrier_id=$C2; DELETE FROM carrier_marking WHERE carrier_id=$C2;
	DELETE FROM carrier WHERE id=$C2")
check "SYS-3: a carrier of the set deleted is found" finding "$T" carrier "$C2" deleted "$CLOSE"

# 3. The kept digests themselves: one rewritten to the edited row's, or all removed.
if is_pg; then zeros="decode(repeat('00', 32), 'hex') || substring(digests from 33)"; else
	zeros="zeroblob(32) || substr(digests, 33)"; fi
T=$(tamper digest "UPDATE carrier SET level=0 WHERE id=$C1;
	UPDATE bind_set SET digests = $zeros WHERE seq=$CLOSE AND chunk=0")
check "SYS-3: a kept digest rewritten breaks the set: the close's event and table named" \
	finding "$T" carrier 0 set_broken "$CLOSE"
run "$BAOMI" check --db "$T"
expect_out "SYS-3: …as text" "carrier: the rows event $CLOSE bound as a set do not match it"
T=$(tamper nodigest "DELETE FROM bind_set")
check "SYS-3: the kept digests removed: the set is named broken" finding "$T" carrier 0 set_broken "$CLOSE"
T=$(tamper extra "INSERT INTO bind_set(seq, tbl, chunk, n, ids, digests)
	SELECT seq, tbl, chunk + 1000, n, ids, digests FROM bind_set WHERE seq=$CLOSE AND chunk=0")
check "SYS-3: a chunk added to the set breaks it" finding "$T" carrier 0 set_broken "$CLOSE"

# 4. A later use case writes a covered carrier again: that row is then judged by the later
#    event, the others still by the set.
expect_rc "fixture: a later count" 0 as clerk count start --scope unit --json
S=$(jq -r .id "$OUT")
expect_rc "fixture: …finds one carrier of the set" 0 as clerk count tick "$S" "$C3"
expect_rc "fixture: …and closes (the carrier is back in store)" 0 as clerk count close "$S" $(count_confirm "$S") --json
check "fixture: the later close wrote that carrier alone of the set" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event
	  WHERE seq=(SELECT max(seq) FROM audit_event WHERE action='count.close')
	  AND detail LIKE '%[\"carrier\",$C3,%' AND detail NOT LIKE '%[\"carrier\",$C1,%'")" = 1
expect_rc "SYS-3: after a later write of a covered row the unit still checks clean" 0 \
	"$BAOMI" check --db "$DB"
LATER=$(query "$DB" "SELECT max(seq) FROM audit_event WHERE action='count.close'")
T=$(tamper moved "UPDATE carrier SET level=CASE WHEN level >= 1 THEN 0 ELSE 1 END WHERE id=$C3")
check "SYS-3: the moved carrier edited: named with the later event" \
	finding "$T" carrier "$C3" changed "$LATER"
T=$(tamper still "UPDATE carrier SET level=0 WHERE id=$C1")
check "SYS-3: …and a row only the set covers still with the close" \
	finding "$T" carrier "$C1" changed "$CLOSE"

# 5. The export passes the off-line verifier (the set is part of the chained detail).
expect_rc "fixture: the auditor exports the chain" 0 \
	as auditor audit export --out "$WORK/e.jsonl"
expect_rc "SYS-3: scripts/verify-audit-export.py passes an export with a bound set" 0 \
	sh "$ROOT/scripts/verify-audit-export.py" "$WORK/e.jsonl" --checkpoint "$(checkpoints_of "$DB")"
expect_rc "SYS-3: baomi audit verify-export agrees" 0 \
	"$BAOMI" audit verify-export "$WORK/e.jsonl" --checkpoints "$(checkpoints_of "$DB")"

# ---- issue 10: the registers are bound ------------------------------------------------------

DEV=$(query "$DB" "SELECT min(id) FROM device")
SITE=$(query "$DB" "SELECT min(id) FROM site")
PEV=$(query "$DB" "SELECT min(id) FROM person_event")
T=$(tamper device "UPDATE device SET level=0 WHERE id=$DEV")
check "SYS-3: a device lowered behind baomi's back is named (DEV-2's register)" \
	finding "$T" device "$DEV" changed
run "$BAOMI" check --db "$T"
expect_out "SYS-3: …in Chinese too" "设备 device:$DEV 在第 [0-9]+ 条审计事件之后被改动"
T=$(tamper site "UPDATE site SET leader_id=(SELECT max(id) FROM person) WHERE id=$SITE")
check "SYS-3: a key site's leader changed behind baomi's back is named" finding "$T" site "$SITE" changed
T=$(tamper pev "UPDATE person_event SET to_value='general' WHERE id=$PEV")
check "SYS-3: a person's history rewritten behind baomi's back is named" \
	finding "$T" person_event "$PEV" changed
T=$(tamper visit "DROP TRIGGER site_visit_no_delete; DELETE FROM site_visit
	WHERE id=(SELECT min(id) FROM site_visit)")
VISIT=$(query "$DB" "SELECT min(id) FROM site_visit")
check "SYS-3: a visit deleted from the log is found" finding "$T" site_visit "$VISIT" deleted
ATT=$(query "$DB" "SELECT CAST(session_id AS BIGINT) * 268435456 + person_id FROM training_attendance
	ORDER BY session_id, person_id LIMIT 1")
T=$(tamper att "DROP TRIGGER training_attendance_no_delete; DELETE FROM training_attendance
	WHERE CAST(session_id AS BIGINT) * 268435456 + person_id = $ATT")
check "SYS-3: an attendance deleted is found (id = session × 2^28 + person)" \
	finding "$T" training_attendance "$ATT" deleted
T=$(tamper ghostdev "INSERT INTO device(unit_id, number, kind, level, created_at, updated_at)
	VALUES (1, 'GHOST-1', 'usb', 3, '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z')")
GD=$(query "$T" "SELECT id FROM device WHERE number='GHOST-1'")
check "SYS-3: a device inserted directly is not in the chain" finding "$T" device "$GD" not_in_chain

# ---- issue 11: the meetings and the reward and sanction register are bound (migration 35) --
for t in meeting meeting_participant meeting_event merit; do
	check "issue 11: the demo's $t rows are bound (events name them)" \
		test "$(query "$DB" "SELECT count(*) FROM audit_event
		  WHERE detail LIKE '%[\"$t\",%'")" -gt 0
done
MEET=$(query "$DB" "SELECT min(id) FROM meeting")
T=$(tamper meeting "UPDATE meeting SET phones_collected=1-phones_collected, room_checked=1-room_checked WHERE id=$MEET")
check "SYS-3: a meeting's measures ticked behind baomi's back are named (MEET-1)" \
	finding "$T" meeting "$MEET" changed
run "$BAOMI" check --db "$T"
expect_out "SYS-3: …in Chinese too" "涉密会议 meeting:$MEET 在第 [0-9]+ 条审计事件之后被改动"
MP=$(query "$DB" "SELECT min(id) FROM meeting_participant")
T=$(tamper mpart "DROP TRIGGER meeting_participant_no_delete;
	DELETE FROM meeting_participant WHERE id=$MP")
check "SYS-3: a participant struck off the list behind baomi's back is found" \
	finding "$T" meeting_participant "$MP" deleted
MERIT=$(query "$DB" "SELECT min(id) FROM merit WHERE kind='sanction'")
T=$(tamper merit "DROP TRIGGER merit_no_change; UPDATE merit SET measure='warning' WHERE id=$MERIT")
check "SYS-3: a sanction softened behind baomi's back is named (INC-2's register)" \
	finding "$T" merit "$MERIT" changed
T=$(tamper ghostmerit "DROP TRIGGER merit_no_change; INSERT INTO merit(unit_id, person_id, kind,
	measure, decided_by, decided_on, document, recorded_by, recorded_at)
	SELECT unit_id, person_id, 'reward', 'commendation', '校长办公会', '2026-01-05', '〔2026〕1号',
	recorded_by, recorded_at FROM merit WHERE id=$MERIT")
GM=$(query "$T" "SELECT max(id) FROM merit")
check "SYS-3: a reward inserted directly is not in the chain" finding "$T" merit "$GM" not_in_chain
if is_pg; then
	# PostgreSQL's schema binds these tables from its first migration: no floor row is
	# kept for them (pg_audit.c reads a missing one as 0), none lets a row pass unbound.
	check "issue 11: the meeting and merit tables have no floor above 0 (every row bound)" \
		test "$(query "$DB" "SELECT count(*) FROM bind_floor WHERE tbl IN ('meeting',
		  'meeting_participant','meeting_document','meeting_event','merit') AND max_id > 0")" = 0
else
	check "issue 11: an upgraded unit's meeting and merit rows read 'before binding' (floors kept)" \
		test "$(query "$DB" "SELECT count(*) FROM bind_floor WHERE tbl IN ('meeting',
		  'meeting_participant','meeting_document','meeting_event','merit')")" = 5
fi

# ---- issue 14 point 11: the registers' running numbers are bound (migration 42) -----------
check "issue 14: the demo's register_entry rows are bound (events name them)" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event
	  WHERE detail LIKE '%[\"register_entry\",%'")" -gt 0
check "issue 14: a new unit's register_entry floor is 0 (every number must be bound)" \
	test "$(query "$DB" "SELECT max_id FROM bind_floor WHERE tbl = 'register_entry'")" = 0
RE=$(query "$DB" "SELECT min(id) FROM register_entry WHERE register = 'incoming'")
T=$(tamper regseq "DROP TRIGGER register_entry_no_update;
	UPDATE register_entry SET seq = seq + 1000 WHERE id = $RE")
check "SYS-3: a 登记序号 renumbered behind baomi's back is named (REG-1's register)" \
	finding "$T" register_entry "$RE" changed
run "$BAOMI" check --db "$T"
expect_out "SYS-3: …in Chinese too" "登记序号 register_entry:$RE 在第 [0-9]+ 条审计事件之后被改动"
T=$(tamper regdel "DROP TRIGGER register_entry_no_delete; DELETE FROM register_entry WHERE id = $RE")
check "SYS-3: a register entry struck out is found" finding "$T" register_entry "$RE" deleted
T=$(tamper regghost "INSERT INTO register_entry(register, class, seq, ref_id, carrier_id)
	SELECT register, class, (SELECT max(seq) + 1 FROM register_entry WHERE register = 'incoming'
	  AND class = r.class), ref_id + 1000000, carrier_id FROM register_entry r WHERE id = $RE")
GR=$(query "$T" "SELECT max(id) FROM register_entry")
check "SYS-3: a register entry slipped in directly is not in the chain" \
	finding "$T" register_entry "$GR" not_in_chain

# An upgraded unit: the registers' rows from before migration 32 are not bound.
if is_pg; then
	# (no floor row on PostgreSQL for a table bound from the start: the floor is 0)
	check "issue 10: a new unit's register floors are 0 (every row must be bound)" \
		test "$(query "$DB" "SELECT count(*) FROM bind_floor WHERE tbl IN ('device','site',
		  'person_event','training_attendance') AND max_id <> 0")" = 0
else
	check "issue 10: a new unit's register floors are 0 (every row must be bound)" \
		test "$(query "$DB" "SELECT count(*) FROM bind_floor WHERE tbl IN ('device','site',
		  'person_event','training_attendance') AND max_id = 0")" = 4
fi
T=$(copy floor)
if is_pg; then floor_sql=query_super; else floor_sql=sqlite3; fi
$floor_sql "$T" "$(is_pg || echo 'DROP TRIGGER bind_floor_no_change;')
	INSERT INTO bind_floor(tbl, max_id, seq) VALUES ('device', 1000, 0)
	ON CONFLICT (tbl) DO UPDATE SET max_id = 1000;
	INSERT INTO device(unit_id, number, kind, level, created_at, updated_at)
	VALUES (1, 'OLD-1', 'usb', 3, '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z')"
expect_rc "issue 10: a register row from before its binding does not fail the check" 0 \
	"$BAOMI" check --db "$T"
expect_out "…it is reported as not bound (before binding)" '1 rows not bound \(before binding'

done_testing
