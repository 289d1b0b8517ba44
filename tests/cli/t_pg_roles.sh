# tests/cli/t_pg_roles.sh — PostgreSQL's two roles and their least privileges (issue 12
# point 6; README § PostgreSQL): the shipped dist/pg-roles.sql makes an owner role that
# migrates and a serving role that runs baomi day to day with no superuser, createdb or
# createrole; the owner migrates (`baomi init`), the script grants; then under the serving
# role the unit logs in, registers and moves a carrier, closes a count with one missing (its
# incident numbered by the sequence's setval), audit verify, check and backup
# (pg_dump) pass and `baomi serve` serves the clerk's ledger, while the audit log and the history tables are append-only by privilege (SQLSTATE 42501,
# before any trigger) and by trigger (for the owner too), and nothing changes. Last, the
# whole demo unit is built through the services under the serving role in a second
# database, so every write the use cases make is one its grants allow.
. "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")/.." && pwd)
script="$here/../dist/pg-roles.sql"
pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
server=
stop_all() {
	if [ -n "$server" ]; then kill "$server" 2>/dev/null && wait "$server" 2>/dev/null; fi
	bash "$here/pg/cluster.sh" stop "$pgdir"
}
trap stop_all EXIT
bash "$here/pg/cluster.sh" start "$pgdir" --fast >/dev/null
owner="postgresql://unit_owner@/baomi?host=$pgdir"
app="postgresql://unit_app@/baomi?host=$pgdir"
super() { psql -X -A -t -q -v ON_ERROR_STOP=1 "postgresql://postgres@/${2:-baomi}?host=$pgdir" -c "$1"; }
as_app() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$app" -c "$1"; }
roles() { # roles DB: the administrator runs the shipped script in DB
	psql -X -q -v owner=unit_owner -v serving=unit_app -v schema=unit \
		"postgresql://postgres@/${1:-baomi}?host=$pgdir" -f "$script"
}
# refused ROLE_URL SQL: psql's error for SQL (verbose: with its SQLSTATE) in $ERR.
refused() { run psql -X -q -v ON_ERROR_STOP=1 -v VERBOSITY=verbose "$1" -c "$2"; }

migrations=$(ls "$here/../src/store"/pg_schema_*.sql | wc -l)
check "the script grants for the last PostgreSQL migration ($migrations)" \
	grep -qx "\\\\set schema_version $migrations" "$script"

expect_rc "the administrator runs the script: two roles and their schema" 0 roles
expect_out "… and is told to migrate as the owner next" 'run baomi init as the owner'
check "neither role is a superuser, makes databases or roles, replicates or bypasses RLS" \
	test "$(super "SELECT string_agg(rolname || ':' || (rolsuper OR rolcreatedb OR rolcreaterole
		OR rolreplication OR rolbypassrls)::text, ' ' ORDER BY rolname) FROM pg_roles
		WHERE rolname IN ('unit_owner', 'unit_app')")" = "unit_app:false unit_owner:false"
check "the owner owns the schema; the serving role may use it and create nothing in it" \
	test "$(super "SELECT nspowner::regrole || ' ' || has_schema_privilege('unit_app', 'unit', 'USAGE')
		|| ' ' || has_schema_privilege('unit_app', 'unit', 'CREATE') FROM pg_namespace
		WHERE nspname = 'unit'")" = "unit_owner true false"
check "each role's search_path is the schema" test "$(as_app 'SHOW search_path')" = unit
expect_rc "the script runs again as it is (idempotent)" 0 roles
expect_rc "one role for both is refused" 3 \
	psql -X -q -v owner=unit_owner -v serving=unit_owner -v schema=unit \
	"postgresql://postgres@/baomi?host=$pgdir" -f "$script"
expect_err "… the owner and the serving role must be two" 'must be two roles'

pw=Long@enough1
anchor=(--audit-key "$WORK/pg.sm2key" --checkpoints "$WORK/pg.checkpoints")
expect_rc "the serving role cannot make baomi's tables" 1 \
	env BAOMI_PASSWORD=$pw "$BAOMI" init --db "$app" --unit 示范单位 "${anchor[@]}"
expect_err "… and says to run baomi as the owner first" 'migrate_denied.*owner role'
check "… nothing made" test "$(super "SELECT count(*) FROM pg_tables WHERE schemaname = 'unit'")" = 0
expect_rc "the owner migrates: baomi init makes the unit" 0 \
	env BAOMI_PASSWORD=$pw "$BAOMI" init --db "$owner" --unit 示范单位 "${anchor[@]}"
check "… the owner owns every table" \
	test "$(super "SELECT string_agg(DISTINCT tableowner, ',') FROM pg_tables WHERE schemaname = 'unit'")" = unit_owner
expect_rc "the script again: the serving role's grants on the tables" 0 roles
expect_out "… for the schema's version" "are set for schema version $migrations"

# What the serving role may do to the permanent tables, from the catalogue.
priv() { super "SELECT string_agg(p, '') FROM unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE',
	'TRUNCATE']) p WHERE has_table_privilege('unit_app', 'unit.$1', p)"; }
ok_append=yes
for t in audit_event carrier_event person_event device_event site_event meeting_event \
	rectification_event duty_event count_line count_device_line org_rename level_change \
	destruction destruction_witness departure approval handover handover_item handover_device \
	handover_entry register_entry bind_set bind_floor inspection report_delivery merit \
	meeting_document personal_letter_carrier training_attendance site_measure; do
	p=$(priv "$t")
	[ "$p" = SELECTINSERT ] || {
		echo "# $t: $p" >&2
		ok_append=no
	}
done
check "the audit log and every history and permanent table: INSERT and SELECT only" \
	test "$ok_append" = yes
check "the chain's head and the carrier: updated, never deleted or truncated" \
	test "$(priv audit_head)/$(priv carrier)" = SELECTINSERTUPDATE/SELECTINSERTUPDATE
# (by oid: a name test in the WHERE may run before the schema's)
tables="FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'unit'
	AND c.relkind IN ('r', 'p', 'v')"
check "no TRUNCATE on any table" \
	test "$(super "SELECT count(*) $tables AND has_table_privilege('unit_app', c.oid, 'TRUNCATE')")" = 0
check "DELETE only on working rows that are no record" \
	test "$(super "SELECT string_agg(c.relname, ' ' ORDER BY c.relname) $tables
		AND has_table_privilege('unit_app', c.oid, 'DELETE')")" \
	= "bulk_guard carrier_gram carrier_scope carrier_sight carrier_unhandled idempotency login_failure person_role"
check "the migrations' own list is read-only" test "$(priv schema_migrations)" = SELECT

# ---- baomi under the serving role -----------------------------------------------------
export BAOMI_DB=$app BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
export BAOMI_FASTHASH=/bin/true
PW=Serving@2026pw
first_logins() {
	local u
	for u in sysadmin secadmin auditor; do
		BAOMI_USER=$u BAOMI_PASSWORD=$pw BAOMI_NEW_PASSWORD=$PW "$BAOMI" account password \
			>/dev/null || return 1
	done
}
check "SYS-4: the init-made administrators log in and change their passwords as the serving role" \
	first_logins
check "departments, a clerk with an account, a place" eval '
	as sysadmin org dept-add 办公室 >/dev/null &&
	new_account sysadmin 张保密 --username clerk --department 办公室 &&
	as secadmin org grant clerk --class core --roles clerk --commitment 2026-01-05 >/dev/null &&
	as secadmin org place-add 一号保密柜 --max-level 绝密 --kind safe >/dev/null &&
	as secadmin org place-add 保密室 --max-level 秘密 --kind room >/dev/null'
expect_rc "the clerk registers a carrier" 0 \
	as clerk carrier register --title 关于保密检查的通知 --level 秘密 --place 一号保密柜 --scope 办公室 --json
CID=$(jq -r .id "$OUT")
expect_rc "… and moves it" 0 as clerk carrier move "$CID" --place 保密室
check "… the row moved and its history grew" test "$(as_app "SELECT sp.name || ' '
	|| (SELECT count(*) FROM carrier_event WHERE carrier_id = c.id) FROM carrier c
	JOIN storage_place sp ON sp.id = c.place_id WHERE c.id = $CID")" = "保密室 2"
expect_rc "SYS-3: audit verify passes as the serving role" 0 as auditor audit verify
expect_out "… over the whole chain" 'audit chain intact'
expect_rc "check passes as the serving role" 0 as auditor check
# A count closed with a carrier missing: its lines, its incident (the close numbers it
# by setval on incident's sequence, the one sequence the serving role may set).
expect_rc "a second carrier" 0 \
	as clerk carrier register --title 会议记录 --level 秘密 --place 保密室 --scope 办公室
expect_rc "INV-1: the clerk starts a unit-wide count" 0 as clerk count start --scope unit --json
S1=$(jq -r .id "$OUT")
expect_rc "INV-3: ticks the first carrier" 0 as clerk count tick "$S1" "$CID"
expect_rc "INV-3/INV-4: closes it, the second missing confirmed" 0 \
	as clerk count close "$S1" $(count_confirm "$S1")
check "… the missing carrier's incident opened" \
	test "$(as_app "SELECT count(*) FROM incident")/$(as_app "SELECT count(*) FROM count_session
		WHERE closed_at IS NOT NULL")" = 1/1
expect_rc "backup as the serving role: pg_dump reads every table and sequence" 0 \
	as sysadmin backup --out "$WORK/unit.dump"
# serve: `baomi serve` as the serving role on a free loopback port; its URL in $SERVED.
# The wait ends when it answers /health or has exited, else after 120 s (as pg_lib.sh's).
serve() {
	local log="$WORK/serve.log" end=$((SECONDS + 120))
	"$BAOMI" serve --listen 127.0.0.1:0 >"$log" 2>"$log.err" &
	server=$!
	while [ "$SECONDS" -lt "$end" ]; do
		SERVED=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1)
		if [ -n "$SERVED" ] && curl -fs "$SERVED/api/v1/health" >/dev/null; then return 0; fi
		kill -0 "$server" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
check "baomi serve starts as the serving role" serve
TOKEN=$(curl -fs -H 'Content-Type: application/json' \
	-d "{\"username\": \"clerk\", \"password\": \"$(password_of clerk)\"}" \
	"$SERVED/api/v1/session" | jq -r .token)
check "… the clerk logs in over HTTP" test -n "$TOKEN" -a "$TOKEN" != null
check "… and lists the ledger with the carrier" sh -c "curl -fs -H 'Authorization: Bearer $TOKEN' \
	'$SERVED/api/v1/carriers' | grep -q 关于保密检查的通知"
kill "$server" && wait "$server" 2>/dev/null
server=

# ---- append-only by privilege ---------------------------------------------------------
state() { super "SET search_path = unit; SELECT (SELECT count(*) || ':' || max(seq) FROM audit_event)
	|| ' ' || (SELECT hash FROM audit_head) || ' ' || (SELECT count(*) FROM carrier_event) || ' '
	|| (SELECT count(*) || ':' || max(place_id) FROM carrier)"; }
before=$(state)
refused "$app" "UPDATE audit_event SET outcome = 'ok' WHERE seq = 1"
check "SYS-3: the serving role's UPDATE of the audit log is refused by privilege (42501)" \
	grep -q 'ERROR:  42501: permission denied for table audit_event' "$ERR"
refused "$app" "DELETE FROM carrier_event"
check "REG-1: its DELETE of a carrier's history is refused by privilege (42501)" \
	grep -q 'ERROR:  42501: permission denied for table carrier_event' "$ERR"
refused "$app" "TRUNCATE carrier"
check "its TRUNCATE of the ledger is refused by privilege (42501)" \
	grep -q 'ERROR:  42501: permission denied for table carrier' "$ERR"
refused "$app" "DELETE FROM carrier WHERE id = $CID"
check "… so is a DELETE of a carrier (42501)" grep -q 'ERROR:  42501: permission denied for table carrier' "$ERR"
refused "$app" "CREATE TABLE unit.x (a int)"
check "… and any table of its own in the schema (42501)" grep -q 'ERROR:  42501: permission denied for schema unit' "$ERR"
refused "$app" "ALTER TABLE audit_event DISABLE TRIGGER USER"
check "… and switching the log's triggers off (42501, only the owner may)" \
	grep -q 'ERROR:  42501: must be owner of table audit_event' "$ERR"
refused "$owner" "UPDATE audit_event SET outcome = 'ok' WHERE seq = 1"
check "SYS-3: the owner's UPDATE of the log is refused too, by its trigger" \
	grep -q 'ERROR:  23000: the audit log is append-only' "$ERR"
refused "$owner" "DELETE FROM carrier_event"
check "… and its DELETE of a history (the trigger)" grep -q 'ERROR:  23000' "$ERR"
check "nothing changed: the log, the head, the history and the ledger" test "$(state)" = "$before"

# ---- an older database and the serving role -------------------------------------------
check "the owner takes the last migration's row away (an older database, as after an upgrade)" \
	psql -X -q -v ON_ERROR_STOP=1 "$owner" -c "DELETE FROM schema_migrations WHERE version = $migrations"
expect_rc "the serving role does not migrate it" 1 \
	as clerk carrier register --title 未登记 --level 秘密 --place 一号保密柜
expect_err "… it says so: migrate_denied, run baomi as the owner" 'migrate_denied'
check "… and changed nothing" test "$(super "SELECT max(version) FROM unit.schema_migrations")" = $((migrations - 1))
expect_rc "the script refuses to grant for another schema version than its own" 3 roles
expect_err "… saying which" "database is at schema version $((migrations - 1)) and this script grants for $migrations"
check "the owner puts the row back" \
	psql -X -q -v ON_ERROR_STOP=1 "$owner" -c "INSERT INTO schema_migrations VALUES ($migrations, 'x')"
expect_rc "and the serving role opens the database at its version again without migrating" 0 \
	as auditor audit verify

# ---- every use case of the demo under the serving role --------------------------------
super "CREATE DATABASE demo OWNER postgres ENCODING 'UTF8' TEMPLATE template0" postgres
super "REVOKE ALL ON DATABASE demo FROM PUBLIC; CREATE EXTENSION pg_trgm SCHEMA public" demo
demo_owner="postgresql://unit_owner@/demo?host=$pgdir"
demo_app="postgresql://unit_app@/demo?host=$pgdir"
expect_rc "a second database: the script makes the schema" 0 roles demo
# Any baomi command as the owner migrates (here refused at once: no unit yet).
run env BAOMI_USER=auditor BAOMI_PASSWORD=x "$BAOMI" audit list --db "$demo_owner"
check "the owner's first command migrates the empty database" \
	test "$(super "SELECT max(version) FROM unit.schema_migrations" demo)" = "$migrations"
check "… and made no unit" test "$(super "SELECT count(*) FROM unit.unit" demo)" = 0
expect_rc "the script grants there" 0 roles demo
expect_rc "the whole demo unit is built through the services as the serving role" 0 \
	"$BAOMI" demo --db "$demo_app" --audit-key "$WORK/demo.sm2key" \
	--checkpoints "$WORK/demo.checkpoints"
expect_rc "… its chain verifies" 0 "$BAOMI" audit verify --db "$demo_app" \
	--audit-key "$WORK/demo.sm2key" --checkpoints "$WORK/demo.checkpoints"
have=$(super "SET search_path = unit; SELECT concat_ws(' ',
	(SELECT count(*) > 0 FROM incident), (SELECT count(*) > 0 FROM loan),
	(SELECT count(*) > 0 FROM device), (SELECT count(*) > 0 FROM meeting),
	(SELECT count(*) > 0 FROM site_visit), (SELECT count(*) > 0 FROM rectification))" demo)
check "… with incidents, loans, devices, meetings, visits and rectifications made as it" \
	test "$have" = "t t t t t t"

done_testing
