#!/usr/bin/env bash
# tests/cli/t_check.sh — SYS-3, issue 9 point 3: the ledger is bound to the chain.
# Every audit event records the digest of each carrier, loan, request and person row
# its use case wrote; `baomi check` (integrity check + chain + checkpoints + binding)
# reports every row that no longer matches. Each attack is a direct edit with sqlite3
# on a copy of a real unit (a demo with a borrow request approved and issued), which
# `baomi audit verify` alone still calls intact; `baomi check` names the row, and
# never changes the file it checks. In lib.sh's PostgreSQL mode the unit is a database of
# the test cluster, each copy a database made from it, each edit made as the cluster's
# superuser with the triggers (and with them the foreign keys) off (query_super), and
# "unchanged" is the database's rows as pg_dump writes them.
. "$(dirname "$0")/lib.sh"

PW=Baomi@2026demo
DB=$(new_db d)
export BAOMI_DB="$DB"

# The real `baomi demo` (not demo_db): the test tool's cheap password hashes are
# written behind baomi's back, which is exactly what `check` reports.
expect_rc "fixture: a demo unit" 0 "$BAOMI" demo --db "$DB"

expect_rc "SYS-3: a fresh demo unit passes baomi check" 0 "$BAOMI" check --db "$DB"
expect_out "check: the file's integrity is checked" 'integrity: ok'
expect_out "check: the chain is verified" 'audit chain intact'
expect_out "check: every ledger row matches the chain" 'ledger: ([0-9]+) rows, \1 match the chain'
expect_out "check: passed" 'check passed'

# The suites' fast demo (tests/demo-db.sh): a test build makes its cheap password hashes
# through the audited use cases (BAOMI_TEST_FASTHASH), so it checks clean too.
FAST=$(new_db fast)
expect_rc "fixture: a tests/demo-db.sh unit" 0 demo_db "$FAST"
check "fixture: its hashes are the cheap ones (a login costs microseconds)" \
	test "$(query "$FAST" "SELECT count(*) FROM person WHERE password_hash
	  IS NOT NULL AND password_hash NOT LIKE '\$argon2id\$v=19\$m=8,t=1,p=1\$%'")" = 0
expect_rc "SYS-3: a tests/demo-db.sh unit passes baomi check" 0 "$BAOMI" check --db "$FAST"
expect_out "SYS-3: ... every ledger row matching the chain" 'ledger: ([0-9]+) rows, \1 match the chain'

# A borrow request approved and issued: one request row and one loan row.
# The first classified carrier in store that 杨帆 (staff) may see.
C=$(as staff carrier list --json | python3 -c 'import json,sys
print(next(c["id"] for c in json.load(sys.stdin)["items"]
           if c["status"]["code"] == "in_store" and c["level"]["code"] == "confidential"))')
R=$(as staff request new borrow --carrier "$C" --reason 起草材料需要参考 --json |
	python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
approved=
for head in zhouwei wufang zhengqiang huangmin xujun majie; do
	if as "$head" approve "$R" --comment 同意 >/dev/null 2>&1; then
		approved=$head
		break
	fi
done
check "fixture: the request is approved by its department head" test -n "$approved"
expect_rc "fixture: the clerk issues it (a loan)" 0 holder_as staff clerk desk issue "$R"
LOAN=$(query "$DB" "SELECT max(id) FROM loan")
STAFF=$(query "$DB" "SELECT id FROM person WHERE username='staff'")

run "$BAOMI" check --db "$DB" --json
check "SYS-3: after the request and the loan the unit still checks clean" test "$RC" -eq 0
python3 - "$OUT" <<'PY' >/dev/null 2>&1
import json, sys
r = json.load(open(sys.argv[1]))
assert r["ok"] is True and r["integrity"]["ok"] and r["chain"]["intact"]
assert r["ledger"]["rows"] == r["ledger"]["bound"] and r["ledger"]["findings"] == []
PY
check "check --json: ok, every row bound, no finding" test $? -eq 0

# The events of the use cases carry the rows' digests inside the chained detail.
check "SYS-3: the issue's event binds the carrier, the loan and the request" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='desk.issue'
	  AND detail LIKE '%\"bound_rows\":[[\"carrier\",$C,%' AND detail LIKE '%[\"loan\",$LOAN,%'
	  AND detail LIKE '%[\"request\",$R,%'")" = 1

# copy NAME: a consistent copy of the database (db_copy); prints it.
copy() {
	db_copy "$DB" "$1"
}

# tamper NAME SQL: a copy edited behind baomi's back, its protective triggers dropped
# (PostgreSQL: as the superuser, triggers and foreign keys off).
tamper() {
	local c
	c=$(copy "$1")
	if is_pg; then
		query_super "$c" "$2" >/dev/null || echo "# SQL failed: $2" >&2
		echo "$c"
		return
	fi
	sqlite3 "$c" "PRAGMA foreign_keys=OFF;
		DROP TRIGGER IF EXISTS carrier_no_delete; DROP TRIGGER IF EXISTS request_no_delete;
		DROP TRIGGER IF EXISTS carrier_event_no_delete;
		DROP TRIGGER IF EXISTS carrier_event_no_update; $2" || echo "# SQL failed: $2" >&2
	echo "$c"
}

# finding DB TABLE ID KIND: check --json reports exactly that row, with that finding.
finding() {
	"$BAOMI" check --db "$1" --json >"$WORK/f.json" 2>/dev/null
	local rc=$?
	[ "$rc" -eq 8 ] || {
		echo "#   check exit $rc, expected 8" >&2
		return 1
	}
	python3 - "$WORK/f.json" "$2" "$3" "$4" <<'PY'
import json, sys
r = json.load(open(sys.argv[1]))
_, _, table, rid, kind = sys.argv
f = [x for x in r["ledger"]["findings"] if x["table"] == table and x["id"] == int(rid)]
assert r["ok"] is False, r
assert r["error"]["rule"] == "SYS-3", r["error"]
assert len(f) == 1 and f[0]["finding"] == kind, r["ledger"]["findings"]
PY
}

# state DB: a digest of the database: SQLite its file byte for byte; PostgreSQL every row
# of the unit's schema as pg_dump writes them, sequences included (less the \restrict
# line's random key that pg_dump writes each time).
state() {
	local dump
	if is_pg; then
		dump=$(pg_dump --data-only --schema=baomi "$1" 2>/dev/null) || return 1
		grep -Ev '^\\(un)?restrict ' <<<"$dump" | sha256sum | cut -d' ' -f1
	else
		sha256sum "$1" | cut -d' ' -f1
	fi
}

# unchanged DB CMD...: CMD leaves DB as it was.
unchanged() {
	local f=$1 before after
	shift
	before=$(state "$f") || return 1
	"$@" >/dev/null 2>&1
	after=$(state "$f") || return 1
	[ "$before" = "$after" ]
}

# 1. A carrier quietly destroyed: level 0, status destroyed.
C=5
T=$(tamper level "UPDATE carrier SET level=0, status='destroyed' WHERE id=$C")
expect_rc "the edit alone passes audit verify (the gap being closed)" 0 \
	"$BAOMI" audit verify --db "$T"
expect_rc "SYS-3: check fails on a carrier edited behind baomi's back" 8 "$BAOMI" check --db "$T"
expect_out "SYS-3: it names the carrier and the event it changed after" \
	"carrier:$C changed after event [0-9]+"
expect_out "SYS-3: …in Chinese too" "载体 carrier:$C 在第 [0-9]+ 条审计事件之后被改动"
expect_err "SYS-3: the failure carries the rule" '\[SYS-3\] check_failed'
check "SYS-3: --json names carrier $C as changed" finding "$T" carrier "$C" changed
check "check leaves the tampered file unchanged" unchanged "$T" "$BAOMI" check --db "$T"

# 2. A carrier deleted with its history.
D=7
T=$(tamper deleted "DELETE FROM carrier_event WHERE carrier_id=$D;
	DELETE FROM carrier_scope WHERE carrier_id=$D; DELETE FROM carrier WHERE id=$D")
check "fixture: carrier $D and its history are gone" \
	test "$(query "$T" "SELECT count(*) FROM carrier_event WHERE carrier_id=$D")" = 0
expect_rc "SYS-3: check fails on a carrier deleted with its history" 8 "$BAOMI" check --db "$T"
expect_out "SYS-3: it names the deleted carrier" "carrier:$D deleted \(last recorded by event [0-9]+\)"
check "SYS-3: --json names carrier $D as deleted" finding "$T" carrier "$D" deleted

# 3. The loan: marked returned without a return at the desk.
T=$(tamper loan "UPDATE loan SET returned_at='2026-01-01T00:00:00Z' WHERE id=$LOAN")
check "SYS-3: check names the loan changed behind baomi's back" finding "$T" loan "$LOAN" changed

# 4. The request: its reason rewritten after approval.
T=$(tamper request "UPDATE request SET reason='别的理由' WHERE id=$R")
check "SYS-3: check names the request changed behind baomi's back" \
	finding "$T" request "$R" changed

# 5. A person: raised to 核心 without the security administrator.
T=$(tamper person "UPDATE person SET person_class='core' WHERE id=$STAFF")
check "SYS-3: check names the person raised behind baomi's back" \
	finding "$T" person "$STAFF" changed

# 6. An account inserted directly: no event ever recorded it.
T=$(tamper ghost "INSERT INTO person(unit_id, username, name, person_class, created_at)
	VALUES (1, 'ghost', '幽灵', 'core', '2026-01-01T00:00:00Z')")
GHOST=$(query "$T" "SELECT id FROM person WHERE username='ghost'")
check "SYS-3: check names an inserted person as not in the chain" \
	finding "$T" person "$GHOST" not_in_chain
run "$BAOMI" check --db "$T"
expect_out "SYS-3: …as text" "person:$GHOST not in the chain"

# 7. Rows older than the binding (an upgraded ledger): counted, not failed. (PostgreSQL
# keeps no floor row for a table bound from the unit's start, pg_audit.c: it is set.)
T=$(copy floor)
if is_pg; then floor_sql=query_super; else floor_sql=sqlite3; fi
$floor_sql "$T" "$(is_pg || echo 'DROP TRIGGER bind_floor_no_change;')
	INSERT INTO bind_floor(tbl, max_id, seq) VALUES ('person', 1000, 0)
	ON CONFLICT (tbl) DO UPDATE SET max_id = 1000;
	INSERT INTO person(unit_id, username, name, person_class, created_at)
	VALUES (1, 'old', '旧账户', 'general', '2020-01-01T00:00:00Z')"
expect_rc "a row last written before binding began does not fail the check" 0 \
	"$BAOMI" check --db "$T"
expect_out "…it is reported as not bound (before binding)" '1 rows not bound \(before binding'

# 8. Read-only: the checked database is never changed.
check "check leaves a clean database unchanged" unchanged "$DB" "$BAOMI" check --db "$DB"
check "check --json leaves it unchanged too" unchanged "$DB" "$BAOMI" check --db "$DB" --json
NONE=$(db_missing "$DB")
expect_rc "check of a missing database fails (and creates nothing)" 4 \
	"$BAOMI" check --db "$NONE"
check "…no file was created" db_absent "$NONE"

done_testing
