# tests/cli/t_pg_audit.sh — the audit chain's reads, the kept hand-over lists, backup and
# check on PostgreSQL (issue 12 points 3 and 4, SYS-3, KEEP-2, REG-1, REG-4). The same
# unit is built by the same CLI steps at the same clock on a throw-away cluster and in a
# SQLite file; the audit list (CLI and GET /api/v1/audit/events, every page, filters,
# both orders), the export and its sheet, and verify answer alike on both engines — the
# same SM3 chain event for event: its hashes differ only where the two units' own
# secrets do (Argon2id salts in the bound person rows, the units' signing keys), so the
# comparison masks every 64-digit hash and checkpoint code and nothing else. A hand-over
# list is kept and reprinted as on SQLite, numbered in its books (REG-4) and in the
# registers (register_entry, PostgreSQL migration 9). `baomi backup` takes a pg_dump archive in the
# read snapshot and verifies it; restored with pg_restore into a fresh database its chain
# verifies with the same last hash, and `baomi check` passes there; direct edits behind
# the chain are found by `baomi check` and `baomi audit verify` on PostgreSQL.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

. "$(dirname "$0")/pg_lib.sh"
# The cluster's superuser, as an operator (or an intruder) would use it.
su_psql() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "${PGTEST_USER:-baomi-pgtest}" -- psql -X -A -t -q -v ON_ERROR_STOP=1 \
			-h "$pgdir" -U postgres "$@"
	else
		psql -X -A -t -q -v ON_ERROR_STOP=1 -h "$pgdir" -U postgres "$@"
	fi
}

SQ="$WORK/copy.db"
# Cheap password hashes on both engines, as lib.sh's PostgreSQL mode has them: a test build
# with BAOMI_TEST_FASTHASH=1 hashes at libsodium's minimal cost through the audited use
# cases, so fasthash (which rewrites only a SQLite file) finds nothing to do; the production
# cost on PostgreSQL is t_pg_basics' and t_pg_roles' (a login at it is ~0.2 s, more under ASan).
export BAOMI_FASTHASH=/bin/true
export BAOMI_TEST_FASTHASH=1
export BAOMI_NOW=2026-12-05T02:00:00Z

# The unit's steps, the same on both engines: the fixture, a leader, two carriers kept
# by staff (秘密 and 内部: both books), a refused hand-over (KEEP-2, audited), the
# hand-over to the leader, its reprint, and the reads that audit themselves.
KEEP="--keep-reason 起草材料 --keep-approver leader --keep-until 2026-12-31"
steps() {
	build_fixture && add_leader &&
		as_at 2026-12-05T02:10:00Z clerk carrier register --title 保密工作要点 --level 秘密 \
			--place 保密室 --scope 办公室 --custodian staff $KEEP >/dev/null &&
		as_at 2026-12-05T02:20:00Z clerk carrier register --title 内部通讯录 --level 内部 \
			--place 档案柜 --custodian staff $KEEP >/dev/null &&
		{ sides_as staff leader staff handover staff leader >/dev/null 2>&1; true; } &&
		BAOMI_NOW=2026-12-05T03:30:00Z sides_as staff leader clerk handover staff leader \
			--note 调岗 >/dev/null &&
		as_at 2026-12-05T04:00:00Z clerk handover show 1 >/dev/null &&
		as_at 2026-12-05T04:10:00Z clerk carrier list >/dev/null
}
pg_env() { DB=$url BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints" "$@"; }
sq_env() { DB=$SQ BAOMI_DB=$SQ BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints" "$@"; }
on_pg() (
	export DB=$url BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
	"$@"
)
on_sq() (
	unset BAOMI_FASTHASH
	export DB=$SQ BAOMI_DB=$SQ BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints"
	"$@"
)
check "the unit's steps through the CLI on PostgreSQL" on_pg steps
check "… and the same steps on SQLite" on_sq steps
check "… the same number of events on both" test "$(sql 'SELECT count(*) FROM audit_event')" = \
	"$(sqlite3 "$SQ" 'SELECT count(*) FROM audit_event')"

# mask: JSON with every 64-digit hash and checkpoint code masked, keys sorted — what two
# units with their own salts and keys cannot share; every other byte is compared.
mask() {
	jq -eS 'walk(if type == "string" and test("^[0-9a-f]{64}$") then "#hash"
		elif type == "string" and test("^[A-Z2-7]{4}(-[A-Z2-7]{4}){3}$") then "#code"
		else . end)'
}
# same_json NAME PG_FILE SQ_FILE: the two answers are the same but for what mask masks.
same_json() {
	local a b
	a=$(mask <"$2" 2>/dev/null) && b=$(mask <"$3" 2>/dev/null) && [ -n "$a" ] && [ "$a" = "$b" ] &&
		{ _tap_line ok "$1"; return; }
	_tap_line fail "$1"
	diff <(printf '%s\n' "$a") <(printf '%s\n' "$b") | head -20 | sed 's/^/#   /' >&2
}
# same_cli NAME USER CMD...: `baomi CMD --json` as USER on both engines, compared.
same_cli() {
	local name=$1 user=$2
	shift 2
	on_pg as "$user" "$@" --json >"$WORK/a.json" 2>"$WORK/a.err"
	on_sq as "$user" "$@" --json >"$WORK/b.json" 2>"$WORK/b.err"
	same_json "$name" "$WORK/a.json" "$WORK/b.json"
}

# ---- the audit list (SYS-3): the CLI ---------------------------------------------------
# Each list is a read the auditor makes, audited in turn: both chains grow alike.
same_cli "SYS-3: audit list on PostgreSQL equals SQLite's (newest first)" auditor audit list
check "… and holds events" jq -e '.total > 40 and (.events | length) > 0' "$WORK/a.json"
same_cli "… the last seven" auditor audit list --limit 7
same_cli "… by actor" auditor audit list --actor clerk
same_cli "… by action prefix (carrier.)" auditor audit list --action carrier.
same_cli "… by action prefix (custody.)" auditor audit list --action custody.
check "… the refused hand-over is there, naming KEEP-2" \
	jq -e '[.events[] | select(.outcome != "ok" and .rule == "KEEP-2")] | length == 1' "$WORK/a.json"
same_cli "… the business events" auditor audit list --kind business
same_cli "… the reads" auditor audit list --kind read
check "… the reads hold the hand-over's reprint" \
	jq -e '[.events[] | select(.action == "handover.show")] | length == 1' "$WORK/a.json"
same_cli "… by the unit's dates" auditor audit list --from 2026-12-05 --to 2026-12-05
same_cli "… a date range that holds nothing" auditor audit list --from 2026-12-06 --to 2026-12-07

# ---- the audit list: GET /api/v1/audit/events, page by page -----------------------------
# pg_lib.sh's serve NAME ENV: each server under its unit's environment (pg_env, sq_env).
check "a server on the PostgreSQL unit" serve pg pg_env
SP=$SERVED
check "a server on the SQLite unit" serve sq sq_env
SS=$SERVED
TP=$(login auditor "$SP" "$url")
TS=$(login auditor "$SS" "$SQ")
check "the auditor logs in on both" test -n "$TP" -a -n "$TS" -a "$TP" != null
get() { curl -fs -H "Authorization: Bearer $2" "$1$3"; }
# The logins and the lists above are in both chains alike; each page read is one more
# event on each: read page by page, the pages stay comparable.
same_api() {
	get "$SP" "$TP" "$2" >"$WORK/a.json" && get "$SS" "$TS" "$2" >"$WORK/b.json" ||
		{ _tap_line fail "$1"; return; }
	same_json "$1" "$WORK/a.json" "$WORK/b.json"
}
total=$(get "$SP" "$TP" '/api/v1/audit/events?limit=1' | jq .total)
get "$SS" "$TS" '/api/v1/audit/events?limit=1' >/dev/null
check "GET /api/v1/audit/events answers on PostgreSQL" test "${total:-0}" -gt 40
same_api "… the first page equals SQLite's" '/api/v1/audit/events?limit=1'
for off in 0 9 18 27 36 45 54; do
	same_api "SYS-3: page at offset $off (newest first), keyset on seq, as on SQLite" \
		"/api/v1/audit/events?limit=9&offset=$off"
	same_api "… and oldest first" "/api/v1/audit/events?limit=9&offset=$off&order=asc"
done
same_api "… a whole page, oldest first" '/api/v1/audit/events?limit=9&offset=9&order=asc'
check "… the pages walk the chain by seq" \
	jq -e '[.items[].seq] | . == (sort) and length == 9 and .[8] - .[0] == 8' "$WORK/a.json"
same_api "… past the end: an empty page" '/api/v1/audit/events?limit=9&offset=100000'
same_api "… a filtered page (actor) with an offset" '/api/v1/audit/events?actor=clerk&limit=3&offset=2'
same_api "… a filtered page (action prefix, outcome)" \
	'/api/v1/audit/events?action=custody.&outcome=denied&limit=5'
same_api "… a filtered page (rule)" '/api/v1/audit/events?rule=KEEP-2&limit=5'
same_api "… the reads, oldest first" '/api/v1/audit/events?kind=read&order=asc&limit=4&offset=1'
same_api "… a date range, hours cut (the unit's day in UTC+8)" \
	'/api/v1/audit/events?from=2026-12-05&to=2026-12-05&limit=5&offset=3'

# ---- export (SYS-3): streamed, the same events, verified off-line ---------------------
get "$SP" "$TP" '/api/v1/audit/export' >"$WORK/pg-http.jsonl"
get "$SS" "$TS" '/api/v1/audit/export' >"$WORK/sq-http.jsonl"
check "GET /api/v1/audit/export streams the PostgreSQL chain" test -s "$WORK/pg-http.jsonl"
check "… and it verifies off-line" "$BAOMI" audit verify-export "$WORK/pg-http.jsonl"
on_pg as auditor audit export --out "$WORK/pg.jsonl" >/dev/null 2>&1
on_sq as auditor audit export --out "$WORK/sq.jsonl" >/dev/null 2>&1
check "the CLI export of the PostgreSQL chain verifies off-line" "$BAOMI" audit verify-export "$WORK/pg.jsonl"
check "… as the SQLite one does" "$BAOMI" audit verify-export "$WORK/sq.jsonl"
# (each line's detail is JSON text: read as JSON, so that its digests are masked too)
jq -s 'map(.detail |= fromjson)' "$WORK/pg.jsonl" >"$WORK/a.json" &&
	jq -s 'map(.detail |= fromjson)' "$WORK/sq.jsonl" >"$WORK/b.json"
check "… every event exported (the HTTP export ends before the CLI's later reads)" \
	test "$(wc -l <"$WORK/pg.jsonl")" -gt "$(wc -l <"$WORK/pg-http.jsonl")"
same_json "SYS-3: the exported events equal SQLite's, event for event" "$WORK/a.json" "$WORK/b.json"
# The filtered sheet streams through audit_scan, a keyset on seq (CSV).
on_pg as auditor audit list --format csv --out "$WORK/pg.csv" --actor clerk >/dev/null 2>&1
on_sq as auditor audit list --format csv --out "$WORK/sq.csv" --actor clerk >/dev/null 2>&1
check "the filtered sheet (audit list --format csv --actor) is written on PostgreSQL" \
	test "$(wc -l <"$WORK/pg.csv")" -gt 5
check "… with the same rows as SQLite's but for the hashes" test \
	"$(sed -E 's/[0-9a-f]{64}/#hash/g' "$WORK/pg.csv" | md5sum)" = \
	"$(sed -E 's/[0-9a-f]{64}/#hash/g' "$WORK/sq.csv" | md5sum)"

# ---- verify (SYS-3) ----------------------------------------------------------------------
expect_rc "SYS-3: audit verify on PostgreSQL" 0 on_pg "$BAOMI" audit verify --json
PG_COUNT=$(jq .count "$OUT")
check "… intact, every event" test "$PG_COUNT" = "$(sql 'SELECT count(*) FROM audit_event')"
check "… its last hash is the chain head's" test "$(jq -r .last_hash "$OUT")" = \
	"$(sql 'SELECT hash FROM audit_head WHERE id = 1')"

# ---- the kept hand-over list (KEEP-2, REG-1, REG-4) --------------------------------------
same_cli "KEEP-2: the kept list reprinted on PostgreSQL equals SQLite's" clerk handover show 1
check "… its two carriers as handed over, with title, level and marking" jq -e \
	'(.items | length) == 2 and .items_recorded and ([.items[].title] | sort) == ["保密工作要点", "内部通讯录"]' \
	"$WORK/a.json"
check "… stored in handover_item, not read from the carriers" test "$(sql "SELECT
	string_agg(title || '/' || level || '/' || coalesce(marking, '-'), '|' ORDER BY position)
	FROM handover_item WHERE handover_id = 1")" = "$(sqlite3 "$SQ" "SELECT group_concat(title
	|| '/' || level || '/' || coalesce(marking, '-'), '|') FROM (SELECT * FROM handover_item
	WHERE handover_id = 1 ORDER BY position)")"
same_cli "REG-4: the 移交登记簿 lists it in both books, as on SQLite" clerk handover list
check "… entry 1 of the classified book and of the ordinary one" \
	jq -e '.items[0].seq.classified == 1 and .items[0].seq.ordinary == 1' "$WORK/a.json"
expect_rc "KEEP-2: the carriers move on" 0 on_pg as clerk carrier move 2 --custodian clerk --reason 交回
expect_rc "… and the reprint still shows the list as handed over" 0 on_pg as clerk handover show 1 --json
check "… the keeper on the list is unchanged" jq -e '.to_name == "王领导"' "$OUT"
check "REG-1, REG-4: the registers' numbers (PostgreSQL migration 9) are SQLite's" test "$(sql "SELECT
	string_agg(concat_ws(':', register, class, seq, ref_id, carrier_id), '|' ORDER BY id)
	FROM register_entry")" = "$(sqlite3 "$SQ" "SELECT group_concat(register || ':' || class
	|| ':' || seq || ':' || ref_id || ':' || carrier_id, '|') FROM (SELECT * FROM
	register_entry ORDER BY id)")"
check "… one incoming entry in each book" test "$(sql "SELECT string_agg(class || seq, ','
	ORDER BY class) FROM register_entry WHERE register = 'incoming'")" = "classified1,ordinary1"
expect_rc "REG-1: a carrier registered on PostgreSQL gets its book's next number" 0 \
	on_pg as clerk carrier register --title 第三件 --level 秘密 --place 保密室 --scope 办公室
check "… 2 in the classified incoming book" test "$(sql "SELECT
	max(seq) FROM register_entry WHERE register = 'incoming' AND class = 'classified'")" = 2
expect_rc "REG-1: register numbers are permanent on PostgreSQL" 1 \
	sql "UPDATE register_entry SET seq = 9 WHERE id = 1"

# ---- baomi check on PostgreSQL (SYS-3, issue 9 point 3) ---------------------------------
expect_rc "SYS-3: baomi check on PostgreSQL passes" 0 on_pg "$BAOMI" check --json
check "… integrity, chain and every bound row" jq -e \
	'.ok and .integrity.ok and .chain.intact and (.ledger.findings | length) == 0 and .ledger.rows > 10' "$OUT"

# ---- two servers, one register (issue 12 point 2, REG-1, REG-4) -------------------------
check "a second server on the PostgreSQL unit" serve pg2 pg_env
SP2=$SERVED
CT1=$(login clerk "$SP" "$url")
CT2=$(login clerk "$SP2" "$url")
check "the clerk logs in on both servers" test -n "$CT1" -a -n "$CT2" -a "$CT1" != null
# register N FROM: N carriers (内部) registered at once, alternately on the two servers.
register() {
	local n=$1 from=$2 i s t pids=()
	for i in $(seq "$from" $((from + n - 1))); do
		if [ $((i % 2)) -eq 1 ]; then s=$SP t=$CT1; else s=$SP2 t=$CT2; fi
		curl -s -o "$WORK/reg.$i.json" -w '%{http_code}\n' -X POST \
			-H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
			-d "{\"title\": \"并发登记$i\", \"level\": \"内部\"}" \
			"$s/api/v1/carriers" >"$WORK/reg.$i.code" &
		pids+=($!)
	done
	wait "${pids[@]}"
	cat "$WORK"/reg.*.code | sort | uniq -c | sed 's/^ *//'
}
check "REG-1: eight carriers registered at once on two servers, all accepted" \
	test "$(register 8 1)" = "8 201"
check "REG-4: the ordinary incoming book numbered 1..N, no number twice, none skipped" test \
	"$(sql "SELECT count(*) || ' ' || count(DISTINCT seq) || ' ' || max(seq) FROM register_entry
	WHERE register = 'incoming' AND class = 'ordinary'")" = "9 9 9"
expect_rc "SYS-3: the chain stays one gap-free sequence" 0 on_pg "$BAOMI" audit verify

# ---- backup (issue 12 point 4): pg_dump in the read snapshot, verified -------------------
# Taken while both servers register more carriers: the writers never wait for it, and the
# copy holds exactly the chain it signs, with the rows that chain binds.
B="$WORK/unit.dump"
rm -f "$WORK"/reg.*
register 6 11 >"$WORK/during" &
writers=$!
expect_rc "backup of the PostgreSQL unit while both servers write (pg_dump, verified)" 0 \
	on_pg as sysadmin backup --out "$B" --json
BCOUNT=$(jq .count "$OUT") BHASH=$(jq -r .last_hash "$OUT") BCODE=$(jq -r .code "$OUT")
wait "$writers"
check "… and every registration during it was accepted" test "$(cat "$WORK/during")" = "6 201"
check "… a pg_dump custom archive and its checkpoint file" \
	test "$(head -c 5 "$B")" = PGDMP -a -s "$B.checkpoints"
check "… readable by its owner only (it holds password hashes)" test "$(stat -c %a "$B")" = 600
check "… the chain's tail at the snapshot" test "$BCOUNT" -gt "$PG_COUNT" -a "${#BHASH}" = 64
check "… the live chain records the backup after it" test "$(sql "SELECT count(*) FROM audit_event
	WHERE action = 'system.backup' AND (detail::jsonb ->> 'count')::bigint = $BCOUNT
	AND seq > $BCOUNT")" = 1
expect_rc "a second backup never overwrites the first" 6 on_pg as sysadmin backup --out "$B"
expect_err "… backup_exists" backup_exists
expect_rc "restore --check reads the archive back and verifies its chain" 0 \
	on_pg "$BAOMI" restore --from "$B" --check --json
check "… the same count, last hash and code" jq -e --argjson n "$BCOUNT" --arg h "$BHASH" \
	--arg c "$BCODE" '.intact and .count == $n and .last_hash == $h and .code == $c and .key_checked' "$OUT"
head -c 20000 "$B" >"$WORK/cut.dump" && cp "$B.checkpoints" "$WORK/cut.dump.checkpoints"
expect_rc "SYS-3: a cut archive fails the check" 8 on_pg "$BAOMI" restore --from "$WORK/cut.dump" --check
expect_err "… archive_invalid" 'archive_invalid|audit_chain_broken'
expect_rc "baomi restore does not replace a PostgreSQL database (pg_restore does)" 3 \
	on_pg "$BAOMI" restore --from "$B" --db "$url"
expect_err "… restore_pg" restore_pg

# The restore, as README says: a fresh database for the role, then pg_restore.
fresh_db() {
	su_psql -d postgres -c "CREATE DATABASE $1 OWNER postgres ENCODING 'UTF8' TEMPLATE template0" &&
		su_psql -d "$1" -c "REVOKE ALL ON DATABASE $1 FROM PUBLIC" \
			-c "GRANT CONNECT, TEMPORARY ON DATABASE $1 TO baomi" \
			-c "REVOKE CREATE ON SCHEMA public FROM PUBLIC" \
			-c "CREATE SCHEMA baomi AUTHORIZATION baomi" \
			-c "ALTER ROLE baomi IN DATABASE $1 SET search_path = baomi" \
			-c "CREATE EXTENSION pg_trgm SCHEMA public"
}
R="postgresql://baomi@/restored?host=$pgdir"
check "a fresh database for the role" fresh_db restored
expect_rc "pg_restore puts the archive into it" 0 \
	pg_restore --no-owner --schema=baomi --exit-on-error --dbname "$R" "$B"
expect_rc "SYS-3: the restored chain verifies against the backup's checkpoints" 0 \
	"$BAOMI" audit verify --db "$R" --checkpoints "$B.checkpoints" --audit-key "$WORK/pg.sm2key" --json
check "… with the same count and last hash" jq -e --argjson n "$BCOUNT" --arg h "$BHASH" \
	'.count == $n and .last_hash == $h' "$OUT"
expect_rc "SYS-3: baomi check passes on the restored database" 0 \
	"$BAOMI" check --db "$R" --checkpoints "$B.checkpoints" --audit-key "$WORK/pg.sm2key"
expect_rc "… and it serves: the kept list reprints there" 0 \
	as clerk handover show 1 --db "$R" --json
check "… as it was handed over" jq -e '(.items | length) == 2 and .seq.classified == 1' "$OUT"

# ---- edits behind the chain are found (SYS-3) -------------------------------------------
# The superuser disables the guards and edits: nothing the role could do, all an intruder
# with the server's keys could.
tamper() { su_psql -d restored -c "SET search_path = baomi" -c "$1"; }
check "an intruder lowers a carrier's level directly" tamper "ALTER TABLE carrier DISABLE TRIGGER USER;
	UPDATE carrier SET level = 1 WHERE id = 1; ALTER TABLE carrier ENABLE TRIGGER USER"
expect_rc "SYS-3: baomi check on PostgreSQL finds the edited row" 8 \
	"$BAOMI" check --db "$R" --checkpoints "$B.checkpoints" --audit-key "$WORK/pg.sm2key" --json
check "… naming carrier 1, changed after its last event" \
	jq -e '.ledger.findings[0].table == "carrier" and .ledger.findings[0].id == 1 and .ledger.findings[0].finding == "changed"' "$OUT"
check "an intruder rewrites an event's detail" tamper "ALTER TABLE audit_event DISABLE TRIGGER USER;
	UPDATE audit_event SET detail = '{}' WHERE seq = 7; ALTER TABLE audit_event ENABLE TRIGGER USER"
expect_rc "SYS-3: audit verify on PostgreSQL finds the rewritten event" 8 \
	"$BAOMI" audit verify --db "$R" --checkpoints "$B.checkpoints" --audit-key "$WORK/pg.sm2key"
expect_err "… naming event 7 (read back by seq)" 'event 7|第 7 条'
expect_rc "… and a backup of the damaged database is refused, nothing written" 8 \
	as sysadmin backup --db "$R" --checkpoints "$WORK/r.checkpoints" --audit-key "$WORK/r.sm2key" \
	--out "$WORK/damaged.dump"
check "… no archive left behind" test ! -e "$WORK/damaged.dump" -a ! -e "$WORK/damaged.dump.checkpoints"

done_testing
