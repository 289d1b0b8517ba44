# tests/cli/t_pg_ledger.sh — the ledger on PostgreSQL (issue 12): the CLI suites' small
# unit (fixture.sh) built on a throw-away cluster through the real binary; a carrier
# registered, shown (SYS-2 by the same predicate as on SQLite) and moved there, bound to the
# chain; the ledger's list, not built yet, refusing by name.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
trap 'bash "$here/pg/cluster.sh" stop "$pgdir"' EXIT
url=$(bash "$here/pg/cluster.sh" start "$pgdir")
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" -c "$1"; }

# The unit lives on PostgreSQL; its key and checkpoints are files beside the suite's work.
DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
# fasthash rewrites a SQLite file's hashes; on PostgreSQL the logins pay Argon2id in full.
export BAOMI_FASTHASH=/bin/true
export BAOMI_NOW=2026-12-05T02:00:00Z
check "the fixture unit builds through the CLI on PostgreSQL" build_fixture
check "… five accounts beside the three administrators" \
	test "$(sql "SELECT count(*) FROM person WHERE username IS NOT NULL")" = 7
expect_rc "the clerk registers a carrier on PostgreSQL" 0 \
	as clerk carrier register --title 关于保密检查的通知 --level 秘密 --place 一号保密柜 --scope 办公室 --json
CID=$(jq -r .id "$OUT")
check "… the row, its scope and its history are on PostgreSQL" test "$(sql "SELECT c.level || ' '
	|| c.status || ' ' || (SELECT count(*) FROM carrier_scope WHERE carrier_id = c.id) || ' '
	|| (SELECT count(*) FROM carrier_event WHERE carrier_id = c.id) FROM carrier c
	WHERE c.id = $CID")" = "2 in_store 1 1"
expect_rc "the clerk shows it" 0 as clerk carrier show "$CID" --json
expect_out "… with its title" '关于保密检查的通知'
expect_rc "SYS-2: inside the scope by department, a general-class staff member sees it" 0 \
	as staff carrier show "$CID"
expect_rc "SYS-2: outside the scope it does not exist for the viewer, as on SQLite" 4 \
	as finance carrier show "$CID"
expect_err "… the same answer as a missing id" unknown_carrier
expect_rc "the clerk changes its place" 0 as clerk carrier move "$CID" --place 保密室
check "… the row moved and the history grew" test "$(sql "SELECT sp.name || ' '
	|| (SELECT count(*) FROM carrier_event WHERE carrier_id = c.id) FROM carrier c
	JOIN storage_place sp ON sp.id = c.place_id WHERE c.id = $CID")" = "保密室 2"
expect_rc "the ledger's list is not on PostgreSQL yet: it says so" 1 as clerk carrier list
expect_err "… naming the operation" 'does not yet support the store operation carrier_list'
expect_rc "SYS-3: the chain verifies on PostgreSQL" 0 "$BAOMI" audit verify
expect_rc "SYS-3: baomi check binds the carrier rows as on SQLite" 0 "$BAOMI" check
expect_out "… every bound row matches the chain" 'ledger: ([0-9]+) rows, \1 match the chain'
