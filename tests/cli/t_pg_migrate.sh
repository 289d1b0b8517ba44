#!/usr/bin/env bash
# tests/cli/t_pg_migrate.sh — `baomi migrate` (issue 12 point 4, SYS-3): the demo unit
# moved from a SQLite file to a throw-away PostgreSQL cluster with its whole history, a
# copy of its rows with their ids. The chain verifies there against the same checkpoints
# with the same count and last hash, `baomi check` passes (every bound row equal to the
# chain: the rows' canonical bytes are the same on both engines), every table holds as
# many rows, the ledger and the alerts read byte for byte as on SQLite, and the target
# takes new work whose chain still verifies. A non-empty target and a source whose
# chain is broken are refused and change nothing. Then the way back: the PostgreSQL unit,
# with the work done there, into a new SQLite file, checked the same way.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
trap 'bash "$here/pg/cluster.sh" stop "$pgdir"' EXIT
url=$(bash "$here/pg/cluster.sh" start "$pgdir" --fast)
su_psql() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${PGTEST_USER:-baomi-pgtest}" -- psql -X -A -t -q -v ON_ERROR_STOP=1 \
			-h "$pgdir" -U postgres "$@"
	else
		psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$pgdir" -U postgres "$@"
	fi
}
# fresh_db NAME: an empty database for the role, as README says (t_pg_audit.sh).
fresh_db() {
	su_psql -d postgres -c "CREATE DATABASE $1 OWNER postgres ENCODING 'UTF8' TEMPLATE template0" &&
		su_psql -d "$1" -c "REVOKE ALL ON DATABASE $1 FROM PUBLIC" \
			-c "GRANT CONNECT, TEMPORARY ON DATABASE $1 TO baomi" \
			-c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
			-c "CREATE SCHEMA baomi AUTHORIZATION baomi" \
			-c "ALTER ROLE baomi IN DATABASE $1 SET search_path = baomi" \
			-c "CREATE EXTENSION pg_trgm SCHEMA public"
}
pgsql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$1" -c "$2"; }

export BAOMI_NOW=2026-12-05T02:00:00Z
export BAOMI_PASSWORD='Baomi@2026demo'
SQ="$WORK/demo.db" KEY="$WORK/demo.sm2key" CPS="$WORK/demo.checkpoints"
check "the demo unit in a SQLite file (fast hashes, its key and checkpoints)" \
	env BAOMI_TEST_FASTHASH=1 "$BAOMI" demo --db "$SQ" --audit-key "$KEY" --checkpoints "$CPS"
expect_rc "SYS-3: the source verifies against its checkpoints" 0 \
	"$BAOMI" audit verify --db "$SQ" --checkpoints "$CPS" --audit-key "$KEY" --json
SCOUNT=$(jq -r .count "$OUT") SHASH=$(jq -r .last_hash "$OUT")
check "… with events and a last hash" test "$SCOUNT" -gt 100 -a ${#SHASH} -eq 64

# ---- SQLite → PostgreSQL -----------------------------------------------------------------
expect_rc "baomi migrate copies the unit into the empty PostgreSQL database" 0 \
	"$BAOMI" migrate --from "$SQ" --to "$url" --checkpoints "$CPS" --audit-key "$KEY" --json
cp "$OUT" "$WORK/migrate.json"
check "… reporting the source's count and last hash" jq -e --argjson n "$SCOUNT" \
	--arg h "$SHASH" '.events == $n and .last_hash == $h and .checkpoints >= 1' "$WORK/migrate.json"
expect_rc "SYS-3: the target's chain verifies against the same checkpoints" 0 \
	"$BAOMI" audit verify --db "$url" --checkpoints "$CPS" --audit-key "$KEY" --json
check "… with the same count and last hash" jq -e --argjson n "$SCOUNT" --arg h "$SHASH" \
	'.count == $n and .last_hash == $h' "$OUT"
expect_rc "SYS-3: baomi check passes on the target (every bound row equals the chain)" 0 \
	"$BAOMI" check --db "$url" --checkpoints "$CPS" --audit-key "$KEY" --json
check "… and binds as many rows as the source" test "$(jq .ledger.bound "$OUT")" = \
	"$("$BAOMI" check --db "$SQ" --checkpoints "$CPS" --audit-key "$KEY" --json | jq .ledger.bound)"
# Every table copied holds as many rows on both engines (the engine's own tables aside).
counts_equal() {
	local t n m bad=0
	for t in $(jq -r '.tables[].table' "$WORK/migrate.json"); do
		n=$(sqlite3 "$SQ" "SELECT count(*) FROM $t" 2>/dev/null || echo 0)
		m=$(pgsql "$url" "SELECT count(*) FROM $t")
		[ "$n" = "$m" ] || { echo "# $t: sqlite $n, postgresql $m" >&2; bad=1; }
	done
	[ "$bad" = 0 ]
}
check "every table holds as many rows as on SQLite" counts_equal
check "… the tallies and keys kept by triggers too" test \
	"$(sqlite3 "$SQ" 'SELECT count(*), sum(n) FROM carrier_tally; SELECT count(*) FROM carrier_sight;
		SELECT count(*) FROM register_entry; SELECT count(*) FROM carrier_unhandled')" = \
	"$(pgsql "$url" 'SELECT count(*) || $$|$$ || sum(n) FROM carrier_tally;
		SELECT count(*) FROM carrier_sight; SELECT count(*) FROM register_entry;
		SELECT count(*) FROM carrier_unhandled')"
check "the chain's head ends at the last event" test \
	"$(pgsql "$url" 'SELECT seq || $$ $$ || hash FROM audit_head')" = "$SCOUNT $SHASH"

# The unit reads the same (at one clock; each read is audited on its own engine).
for who in clerk staff leader; do
	export BAOMI_NOW=2026-12-05T03:00:00Z
	"$BAOMI" carrier list --db "$SQ" --user "$who" --json >"$WORK/sq-list.json" 2>&1
	"$BAOMI" carrier list --db "$url" --user "$who" --json >"$WORK/pg-list.json" 2>&1
	check "carrier list --json as $who: byte for byte as on SQLite" \
		cmp "$WORK/sq-list.json" "$WORK/pg-list.json"
	"$BAOMI" alerts --db "$SQ" --user "$who" --json >"$WORK/sq-alerts.json" 2>&1
	"$BAOMI" alerts --db "$url" --user "$who" --json >"$WORK/pg-alerts.json" 2>&1
	check "alerts --json as $who: byte for byte as on SQLite" \
		cmp "$WORK/sq-alerts.json" "$WORK/pg-alerts.json"
done
check "… and the reads were real (a list of carriers)" jq -e '(.items // .) | length > 0' \
	"$WORK/sq-list.json"

# New work on the target: ids continue past the copied ones, the chain goes on.
MAXID=$(pgsql "$url" 'SELECT max(id) FROM carrier')
expect_rc "a carrier registered on the target after the move" 0 \
	"$BAOMI" carrier register --db "$url" --user clerk --title 迁移后登记的通知 --level 秘密 \
	--place 人事科保密柜 --scope 人事科 --json
check "… takes the next id" jq -e --argjson m "$MAXID" '.id == $m + 1' "$OUT"
check "… counted by the triggers, which are back (the tally holds every carrier)" test \
	"$(pgsql "$url" 'SELECT (SELECT sum(n) FROM carrier_tally) = (SELECT count(*) FROM carrier)
		AND (SELECT count(*) FROM carrier_sight WHERE carrier_id = '"$((MAXID + 1))"') > 0
		AND (SELECT count(*) FROM carrier_gram WHERE carrier_id = '"$((MAXID + 1))"') > 0')" = t
expect_rc "SYS-3: the target's chain still verifies against the checkpoints" 0 \
	"$BAOMI" audit verify --db "$url" --checkpoints "$CPS" --audit-key "$KEY" --json
check "… grown past the copied events" jq -e --argjson n "$SCOUNT" '.count > $n' "$OUT"
expect_rc "SYS-3: baomi check still passes on the target" 0 \
	"$BAOMI" check --db "$url" --checkpoints "$CPS" --audit-key "$KEY"

# ---- refusals that change nothing --------------------------------------------------------
before=$(pgsql "$url" 'SELECT seq || $$ $$ || hash FROM audit_head')
nc=$(pgsql "$url" 'SELECT count(*) FROM carrier')
expect_rc "a migrate into a database that holds a unit is refused" 6 \
	"$BAOMI" migrate --from "$SQ" --to "$url" --checkpoints "$CPS" --audit-key "$KEY"
expect_err "… target_not_empty" target_not_empty
check "… and changes nothing there" test \
	"$(pgsql "$url" 'SELECT seq || $$ $$ || hash FROM audit_head') $(pgsql "$url" 'SELECT count(*) FROM carrier')" = "$before $nc"

check "a second empty database" fresh_db second
U2="postgresql://baomi@/second?host=$pgdir"
BAD="$WORK/broken.db"
cp "$SQ" "$BAD"
# An intruder's edit of one event, its guard dropped (nothing baomi's own role could do).
sqlite3 "$BAD" "SELECT 'DROP TRIGGER ' || name || ';' FROM sqlite_master WHERE type = 'trigger'
	AND tbl_name = 'audit_event'" | sqlite3 "$BAD"
sqlite3 "$BAD" "UPDATE audit_event SET actor = 'nobody' WHERE seq = 5"
expect_rc "SYS-3: a source whose chain is broken is refused" 8 \
	"$BAOMI" migrate --from "$BAD" --to "$U2" --checkpoints "$CPS" --audit-key "$KEY"
expect_err "… source_check_failed, naming the rule" 'SYS-3.*source_check_failed|source_check_failed.*SYS-3|\[SYS-3\]'
expect_err "… and the first bad event" 'first bad event 5'
check "… and the target is left untouched (no schema made, nothing written)" test \
	"$(pgsql "$U2" 'SELECT count(*) FROM pg_class WHERE relnamespace = current_schema()::regnamespace')" = 0

# A copy that fails half way (a source table with a column the target lacks, found only
# when its rows are written, after the unit, the people and the chain) leaves nothing.
ODD="$WORK/odd.db"
cp "$SQ" "$ODD"
sqlite3 "$ODD" "ALTER TABLE carrier_scope ADD COLUMN smuggled TEXT"
expect_rc "SYS-3: the odd source still checks clean (a column of NULLs binds nothing)" 0 \
	"$BAOMI" check --db "$ODD" --checkpoints "$CPS" --audit-key "$KEY"
expect_rc "a migrate that fails half way fails (the database refuses the column)" 1 \
	"$BAOMI" migrate --from "$ODD" --to "$U2" --checkpoints "$CPS" --audit-key "$KEY"
expect_err "… at the table the target cannot take" 'smuggled'
check "… and leaves the target empty: no unit, person, event, carrier, head at 0" test \
	"$(pgsql "$U2" 'SELECT (SELECT count(*) FROM unit) + (SELECT count(*) FROM person)
		+ (SELECT count(*) FROM audit_event) + (SELECT count(*) FROM carrier)
		+ (SELECT seq FROM audit_head)')" = 0
check "… with every table's triggers on" test \
	"$(pgsql "$U2" "SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal
		AND t.tgenabled = 'D'")" = 0
expect_rc "… so the clean source then moves into it" 0 \
	"$BAOMI" migrate --from "$SQ" --to "$U2" --checkpoints "$CPS" --audit-key "$KEY"

# ---- PostgreSQL → SQLite: the way back, with the work done there -------------------------
expect_rc "SYS-3: the PostgreSQL unit verifies before the way back" 0 \
	"$BAOMI" audit verify --db "$url" --checkpoints "$CPS" --audit-key "$KEY" --json
PCOUNT=$(jq -r .count "$OUT") PHASH=$(jq -r .last_hash "$OUT")
BACK="$WORK/back.db"
expect_rc "baomi migrate copies it back into a new SQLite file" 0 \
	"$BAOMI" migrate --from "$url" --to "$BACK" --checkpoints "$CPS" --audit-key "$KEY" --json
cp "$OUT" "$WORK/back.json"
check "… reporting PostgreSQL's count and last hash" jq -e --argjson n "$PCOUNT" \
	--arg h "$PHASH" '.events == $n and .last_hash == $h' "$WORK/back.json"
expect_rc "SYS-3: the file's chain verifies against the same checkpoints" 0 \
	"$BAOMI" audit verify --db "$BACK" --checkpoints "$CPS" --audit-key "$KEY" --json
check "… with the same count and last hash" jq -e --argjson n "$PCOUNT" --arg h "$PHASH" \
	'.count == $n and .last_hash == $h' "$OUT"
expect_rc "SYS-3: baomi check passes on the file" 0 \
	"$BAOMI" check --db "$BACK" --checkpoints "$CPS" --audit-key "$KEY"
back_counts() {
	local t n m bad=0
	for t in $(jq -r '.tables[].table' "$WORK/back.json"); do
		n=$(sqlite3 "$BACK" "SELECT count(*) FROM $t")
		m=$(pgsql "$url" "SELECT count(*) FROM $t")
		[ "$n" = "$m" ] || { echo "# $t: sqlite $n, postgresql $m" >&2; bad=1; }
	done
	[ "$bad" = 0 ]
}
check "every table holds as many rows as on PostgreSQL" back_counts
check "the triggers are all back (as many as a file made by baomi demo has)" test \
	"$(sqlite3 "$BACK" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")" = \
	"$(sqlite3 "$SQ" "SELECT count(*) FROM sqlite_master WHERE type = 'trigger'")"
for who in clerk staff; do
	export BAOMI_NOW=2026-12-05T04:00:00Z
	"$BAOMI" carrier list --db "$url" --user "$who" --json >"$WORK/pg-list.json" 2>&1
	"$BAOMI" carrier list --db "$BACK" --user "$who" --json >"$WORK/sq-list.json" 2>&1
	check "carrier list --json as $who: byte for byte as on PostgreSQL" \
		cmp "$WORK/sq-list.json" "$WORK/pg-list.json"
	"$BAOMI" carrier list --db "$url" --user "$who" --q 通知 --json >"$WORK/pg-q.json" 2>&1
	"$BAOMI" carrier list --db "$BACK" --user "$who" --q 通知 --json >"$WORK/sq-q.json" 2>&1
	check "a two-character search as $who: byte for byte (the search made anew)" \
		cmp "$WORK/sq-q.json" "$WORK/pg-q.json"
	"$BAOMI" alerts --db "$url" --user "$who" --json >"$WORK/pg-alerts.json" 2>&1
	"$BAOMI" alerts --db "$BACK" --user "$who" --json >"$WORK/sq-alerts.json" 2>&1
	check "alerts --json as $who: byte for byte as on PostgreSQL" \
		cmp "$WORK/sq-alerts.json" "$WORK/pg-alerts.json"
done
expect_rc "the file's search finds the carrier registered on PostgreSQL" 0 \
	"$BAOMI" carrier list --db "$BACK" --user clerk --q 迁移后 --json
check "… it alone" jq -e '.total == 1 and .items[0].title == "迁移后登记的通知"' "$OUT"
MAXID=$(sqlite3 "$BACK" 'SELECT max(id) FROM carrier')
expect_rc "a carrier registered in the file after the way back" 0 \
	"$BAOMI" carrier register --db "$BACK" --user clerk --title 迁回后登记的通知 --level 秘密 \
	--place 人事科保密柜 --scope 人事科 --json
check "… takes the next id" jq -e --argjson m "$MAXID" '.id == $m + 1' "$OUT"
expect_rc "SYS-3: the file's chain still verifies" 0 \
	"$BAOMI" audit verify --db "$BACK" --checkpoints "$CPS" --audit-key "$KEY"
expect_rc "SYS-3: baomi check still passes on the file" 0 \
	"$BAOMI" check --db "$BACK" --checkpoints "$CPS" --audit-key "$KEY"
expect_rc "a migrate back into a file that holds a unit is refused" 6 \
	"$BAOMI" migrate --from "$url" --to "$BACK" --checkpoints "$CPS" --audit-key "$KEY"
expect_err "… target_not_empty" target_not_empty
expect_rc "a migrate between two SQLite files is refused" 3 \
	"$BAOMI" migrate --from "$SQ" --to "$WORK/other.db"
expect_err "… migrate_same_engine" migrate_same_engine

done_testing
