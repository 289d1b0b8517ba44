#!/usr/bin/env bash
# tests/cli/t_backup.sh — backup and restore (issue 9, point 8): `baomi backup` copies a
# demo unit into a file that verifies on its own (integrity, chain, its own signed
# checkpoints, no key), signs the backed-up state into the live checkpoint file and the
# live chain; `baomi restore` puts it in place where the restored unit logs in and
# `audit verify` passes, keeps the replaced database aside, and refuses, changing
# nothing, a tampered backup (SYS-3) or a database a running server holds.
# The backup under concurrent writes is tests/api/backup.test.mjs.
# In lib.sh's PostgreSQL mode the unit is a database of the test cluster and the backup
# pg_dump's custom archive (README, src/store/pg_backup.c): the same backup checks hold;
# `baomi restore --db postgresql://…` is refused (restore_pg, nothing made) and the restore
# is README's — pg_restore into a new database, then `baomi audit verify`/`check` there
# (the checks about restoring over a file, keeping it aside and `system.restore` are
# SQLite's alone and skipped, saying so). A tampered backup is an archive made by pg_dump
# from a restored copy edited as the cluster's superuser (query_super): `restore --check`
# refuses each edit of the chain and, as on SQLite, a ledger row edited behind it (the
# archive's rows copied into a scratch SQLite file and checked there); `baomi check` on
# the restored database finds the row too.
. "$(dirname "$0")/lib.sh"

PW=Baomi@2026demo
DB=$(new_db live)
KEY=$(key_of "$DB") LCP=$(checkpoints_of "$DB")
if is_pg; then BK="$WORK/nightly.dump"; else BK="$WORK/nightly.db"; fi
RESTORE_PG="baomi restore does not replace a PostgreSQL database (restore_pg, proved above): README's pg_restore does"

# restored NAME ARCHIVE: (PostgreSQL) a new database with the archive restored into it as
# README says (pg_restore as the role, into its schema); prints it.
restored() {
	local d
	d=$(new_db "$1") &&
		pg_restore --no-owner --schema=baomi --exit-on-error --dbname "$d" "$2" >/dev/null 2>&1 &&
		echo "$d"
}

# sql DB SQL: runs SQL behind baomi's back with Python's sqlite3 (stdlib), the audit
# chain's protective triggers dropped first (what an intruder with the file does).
sql() {
	python3 - "$1" "$2" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
db.executescript("DROP TRIGGER IF EXISTS audit_event_no_update;"
                 "DROP TRIGGER IF EXISTS audit_event_no_delete;" + sys.argv[2])
db.commit()
db.close()
PY
}

# state PATH...: a digest of the files (absent ones named), to show nothing changed.
state() {
	local f
	for f in "$@"; do
		if [ -e "$f" ]; then sha256sum "$f"; else echo "absent $f"; fi
	done
	ls "$WORK"
}

# copy_backup NAME: a copy of the backup and its checkpoints; prints its path.
copy_backup() {
	local ext=db
	is_pg && ext=dump
	cp "$BK" "$WORK/$1.$ext"
	cp "$BK.checkpoints" "$WORK/$1.$ext.checkpoints"
	echo "$WORK/$1.$ext"
}

# tampered_backup NAME SQL: (PostgreSQL) the backup restored into a new database, SQL
# applied there as the superuser with the triggers off (the chain's head row following the
# log, as an intruder would: audit_edit), and archived again by pg_dump beside the backup's
# checkpoints; prints the archive's path.
tampered_backup() {
	local d f="$WORK/$1.dump"
	d=$(restored "$1" "$BK") || return 1
	audit_edit "$d" "$2" || echo "# SQL failed: $2" >&2
	pg_dump --format=custom --schema=baomi --file "$f" "$d" 2>/dev/null || return 1
	cp "$BK.checkpoints" "$f.checkpoints"
	echo "$f"
}

# The real `baomi demo` (not demo_db): the test tool's cheap password hashes rewrite the
# person rows behind the chain, and a backup runs `baomi check` (SYS-3) before it is named.
expect_rc "demo database" 0 "$BAOMI" demo --db "$DB"

# ---- backup ------------------------------------------------------------------------------
expect_rc "backup of the demo unit, no login needed" 0 "$BAOMI" backup --db "$DB" --out "$BK"
expect_out "the backup prints its checkpoint's 校验码" '校验码 / code: [A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}'
check "the backup carries its checkpoint file beside it" test -s "$BK.checkpoints"
check "the backup carries no key" test ! -e "$BK.sm2key"
if is_pg; then
	check "the backup is one self-contained file (a pg_dump custom archive)" test "$(head -c 5 "$BK")" = PGDMP
	check "…readable by its owner only (it holds password hashes)" test "$(stat -c %a "$BK")" = 600
else
	check "the backup is one self-contained file (no -wal beside it)" test ! -e "$BK-wal"
fi
check "no temporary file is left" test -z "$(ls "$WORK" | grep -E 'partial')"
code=$(grep -oE '[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}' "$OUT" | head -1)
count=$(jq -r '.count' <<<"$(tail -1 "$BK.checkpoints")")

if is_pg; then
	# An archive is no database to open: restore --check is its verifier.
	expect_rc "SYS-3: the backup verifies on its own with restore --check (its checkpoints, no key)" 0 \
		"$BAOMI" restore --from "$BK" --check --json
	check "SYS-3: the chain is checked against the backup's checkpoint up to its last event" \
		jq -e --argjson n "$count" --arg code "$code" \
		'.intact and .count == $n and .code == $code and (.key_checked | not)' "$OUT"
else
	expect_rc "SYS-3: the backup verifies on its own with audit verify (its checkpoints, no key)" 0 \
		"$BAOMI" audit verify --db "$BK" --code "$code"
	expect_out "SYS-3: the chain is checked against the backup's checkpoint up to its last event" \
		"up to event $count\$"
fi
expect_rc "restore --check verifies the backup and changes nothing" 0 \
	"$BAOMI" restore --from "$BK" --check --audit-key "$KEY"
expect_out "restore --check names the backup's code" "$code"
check "restore --check checked the unit's key" grep -q 'backup intact' "$OUT"

check "SYS-3: the same checkpoint is appended to the live checkpoint file" \
	test "$(tail -1 "$LCP")" = "$(tail -1 "$BK.checkpoints")"
expect_rc "the live chain still verifies, against its checkpoints" 0 "$BAOMI" audit verify --db "$DB" --code "$code"
expect_rc "the auditor lists the live chain" 0 \
	env BAOMI_USER=auditor BAOMI_PASSWORD="$PW" "$BAOMI" audit list --db "$DB" --limit 5 --json
check "the live chain records system.backup with the file and the chain position" \
	jq -e --arg to "$BK" --argjson n "$count" --arg code "$code" \
	'[.events[] | select(.action == "system.backup" and .outcome == "ok")] | last |
	 .detail.to == $to and .detail.count == $n and .detail.code == $code' "$OUT"

before=$(state "$BK" "$BK.checkpoints")
expect_rc "a backup never overwrites a file" 6 "$BAOMI" backup --db "$DB" --out "$BK"
expect_err "…refused as backup_exists, in both languages" "backup never overwrites"
check "…and the existing backup is unchanged" test "$before" = "$(state "$BK" "$BK.checkpoints")"
if is_pg; then
	NONE=$(printf '%s\n' "$DB" | sed -E 's|/([a-z0-9_]+)[?]|/\1_none?|')
	expect_rc "a backup of a missing database is refused, nothing created" 4 \
		"$BAOMI" backup --db "$NONE" --out "$WORK/none-backup.dump"
	check "…no file made" test ! -e "$WORK/none-backup.dump" -a ! -e "$WORK/none-backup.dump.checkpoints"
else
	expect_rc "a backup of a missing database is refused, nothing created" 4 \
		"$BAOMI" backup --db "$WORK/none.db" --out "$WORK/none-backup.db"
	check "…no file made" test ! -e "$WORK/none.db" -a ! -e "$WORK/none-backup.db"
fi

if is_pg; then
	# ---- restore on PostgreSQL: refused by baomi, README's pg_restore, then checked ---------
	NEW=$(new_db restored)
	expect_rc "restore --db postgresql://… is refused, pg_restore restores (exit 3)" 3 \
		"$BAOMI" restore --from "$BK" --db "$NEW"
	expect_err "…restore_pg, naming README's way" 'restore_pg.*pg_restore'
	check "…and it wrote nothing into the database" test "$(query "$NEW" "SELECT count(*)
		FROM information_schema.tables WHERE table_schema = 'baomi'")" = 0
	expect_rc "pg_restore puts the archive into a new database (README)" 0 \
		pg_restore --no-owner --schema=baomi --exit-on-error --dbname "$NEW" "$BK"
	expect_rc "the restored unit logs in and reads its ledger" 0 \
		env BAOMI_USER=clerk BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$NEW" --json
	check "…with the demo unit's carriers" jq -e '.total > 0' "$OUT"
	expect_rc "SYS-3: audit verify passes on the restored database, with the backup's code" 0 \
		"$BAOMI" audit verify --db "$NEW" --checkpoints "$BK.checkpoints" --audit-key "$KEY" --code "$code"
	expect_out "…up to the backup's last event" "up to event $count\$"
	expect_rc "SYS-3: baomi check passes on the restored database" 0 \
		"$BAOMI" check --db "$NEW" --checkpoints "$BK.checkpoints" --audit-key "$KEY"
	pg_skip "the checkpoint file is restored beside it" "$RESTORE_PG"
	pg_skip "no temporary file is left beside it" "$RESTORE_PG"
	pg_skip "the restored chain records system.restore right after the backed-up events" \
		"$RESTORE_PG; pg_restore records nothing in the chain"
	for c in "restore over an existing database" "the replaced database is kept as DB.before-restore-TIME" \
		"…whole, as it was" "…and its checkpoint file too" "the replaced database still verifies where it was put" \
		"the restored ledger is the backup's: the later registration is gone" "…not found"; do
		pg_skip "$c" "$RESTORE_PG"
	done
else
# ---- restore to a new path -----------------------------------------------------------------
NEW="$WORK/restored.db"
expect_rc "restore to a new path" 0 "$BAOMI" restore --from "$BK" --db "$NEW"
check "the checkpoint file is restored beside it" cmp -s "$BK.checkpoints" "$NEW.checkpoints"
check "no temporary file is left beside it" test -z "$(ls "$WORK" | grep -E '\.restore-')"
expect_rc "the restored unit logs in and reads its ledger" 0 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$NEW" --json
check "…with the demo unit's carriers" jq -e '.total > 0' "$OUT"
expect_rc "SYS-3: audit verify passes on the restored database, with the backup's code" 0 \
	"$BAOMI" audit verify --db "$NEW" --code "$code"
expect_rc "the auditor lists the restored chain" 0 \
	env BAOMI_USER=auditor BAOMI_PASSWORD="$PW" "$BAOMI" audit list --db "$NEW" --limit 0 --json
check "the restored chain records system.restore right after the backed-up events" \
	jq -e --arg from "$BK" --argjson n "$count" \
	'[.events[] | select(.action == "system.restore")] | first |
	 .seq == $n + 1 and .detail.from == $from and .detail.replaced == null' "$OUT"

# ---- restore over a database: the old one is kept aside --------------------------------------
env BAOMI_USER=clerk BAOMI_PASSWORD="$PW" "$BAOMI" carrier register --db "$NEW" --title 恢复后登记 \
	--level 秘密 --place 机要室保密柜（一号） --scope 办公室,clerk >/dev/null
old_sum=$(sha256sum <"$NEW")
expect_rc "restore over an existing database" 0 "$BAOMI" restore --from "$BK" --db "$NEW" --json
aside=$(jq -r '.replaced' "$OUT")
check "the replaced database is kept as DB.before-restore-TIME" \
	grep -qE "^$NEW\.before-restore-[0-9]{8}T[0-9]{6}Z\$" <<<"$aside"
check "…whole, as it was" test "$old_sum" = "$(sha256sum <"$aside")"
check "…and its checkpoint file too" test -s "$(jq -r '.checkpoints_replaced' "$OUT")"
expect_rc "the replaced database still verifies where it was put" 0 \
	"$BAOMI" audit verify --db "$aside" --checkpoints "$(jq -r '.checkpoints_replaced' "$OUT")"
expect_rc "the restored ledger is the backup's: the later registration is gone" 0 \
	env BAOMI_USER=clerk BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$NEW" --q 恢复后登记 --json
check "…not found" jq -e '.total == 0' "$OUT"
fi

if is_pg; then
# ---- a tampered backup is refused (PostgreSQL: restore --check) -------------------------------
# refuse NAME FILE CODE: restore --check of FILE (with the unit's key) fails with exit CODE;
# the live checkpoint file and the directory are unchanged.
refuse() {
	local name=$1 file=$2 want=$3 was
	was=$(sha256sum "$LCP"; ls "$WORK")
	expect_rc "$name: restore --check refuses it" "$want" \
		"$BAOMI" restore --from "$file" --check --audit-key "$KEY"
	expect_err "$name: the error says the backup fails verification" "SYS-3|checkpoint"
	check "$name: the live checkpoints and the directory are unchanged" \
		test "$was" = "$(sha256sum "$LCP"; ls "$WORK")"
}
t=$(tampered_backup edited "UPDATE audit_event SET detail = '{\"forged\":1}' WHERE seq = 3;")
refuse "SYS-3: an audit event edited in the backup" "$t" 8
expect_err "SYS-3: …the first bad event is named" "SYS-3.*(event 3|第 3 条)"
t=$(tampered_backup cut "DELETE FROM audit_event WHERE seq > $((count - 5));")
refuse "SYS-3: the backup's last events cut off" "$t" 8
t=$(tampered_backup added "INSERT INTO audit_event SELECT seq + 1, at, actor, action, object,
	outcome, rule, detail, alg, hash, hash FROM audit_event
	WHERE seq = (SELECT max(seq) FROM audit_event);")
refuse "SYS-3: an event appended to the backup after its checkpoint" "$t" 8
# Issue 9 points 3 and 8: a ledger row edited behind the chain (the chain itself intact):
# restore --check copies the archive's rows into a scratch SQLite file (pg_backup.c,
# backup.c archive_ledger) and compares every bound row with the chain, as on SQLite;
# README's restore runs `baomi check` on the restored database too, which names the row.
t=$(tampered_backup ledger "UPDATE carrier SET level=0, status='destroyed'
	WHERE id = (SELECT min(id) FROM carrier);")
cid=$(query "$DB" "SELECT min(id) FROM carrier")
R=$(restored ledger2 "$t")
check "SYS-3: the edited archive restores into a new database (README)" test -n "$R"
expect_rc "SYS-3: a carrier row edited in the backup: baomi check on the restored database refuses it" 8 \
	"$BAOMI" check --db "$R" --checkpoints "$t.checkpoints" --audit-key "$KEY"
expect_err "SYS-3: …the finding names the carrier changed after its event" \
	"\\[SYS-3\\].*check_failed"
expect_out "SYS-3: …naming carrier $cid" "carrier:$cid changed after event [0-9]+"
mkdir -p "$WORK/scratch"
TMPDIR="$WORK/scratch" refuse "SYS-3: a carrier row edited in the archive (restore --check)" "$t" 8
expect_err "SYS-3: …restore --check names carrier $cid, as on SQLite" \
	"\\[SYS-3\\].*carrier:$cid .*changed after event [0-9]+"
check "SYS-3: …and leaves no scratch copy behind" \
	test -z "$(ls -A "$WORK/scratch")"
t=$(copy_backup nocheckpoints)
rm "$t.checkpoints"
refuse "SYS-3: a backup without its checkpoint file" "$t" 8
# An intruder's own key signs a whole new checkpoint file for a copy: the unit's key finds it.
src=$(restored intruder "$BK")
rm -f "$(key_of "$src")" "$(checkpoints_of "$src")"
"$BAOMI" backup --db "$src" --out "$WORK/rekeyed.dump" >/dev/null 2>&1
t=$(copy_backup otherkey)
cp "$WORK/rekeyed.dump" "$t"
cp "$WORK/rekeyed.dump.checkpoints" "$t.checkpoints"
expect_rc "SYS-3: a backup re-signed with another key verifies against its own key alone" 0 \
	"$BAOMI" restore --from "$t" --check
expect_out "…and says the unit's key was not checked" "no unit key was found"
was=$(sha256sum "$LCP"; ls "$WORK")
expect_rc "SYS-3: checkpoints signed by another key than the unit's: restore --check refuses it" 8 \
	"$BAOMI" restore --from "$t" --check --audit-key "$KEY"
expect_err "…naming the foreign key" "checkpoint_foreign_key|another key"
check "…and changes nothing" test "$was" = "$(sha256sum "$LCP"; ls "$WORK")"
t=$(copy_backup zeroed)
python3 - "$t" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(4096 * 3)
    f.write(b"\0" * 4096 * 4)
PY
run "$BAOMI" restore --from "$t" --check --audit-key "$KEY"
check "zeroed pages in the backup: restore --check refuses it" test "$RC" -ne 0
expect_err "…saying why" "archive_invalid|audit_chain_broken|SYS-3"

# ---- a running server: the backup is taken beside it --------------------------------------
"$BAOMI" serve --db "$DB" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 1 1200); do
	grep -q 'serving on' "$WORK/serve.out" && break
	sleep 0.1
done
check "the server starts on the unit's database" grep -q 'serving on' "$WORK/serve.out"
pg_skip "restore refuses a database a running server holds (exit 9)" "$RESTORE_PG"
pg_skip "…database_in_use, stop the server first" "$RESTORE_PG"
pg_skip "…and changes nothing" "$RESTORE_PG"
expect_rc "a backup while the server holds the database works" 0 \
	"$BAOMI" backup --db "$DB" --out "$WORK/served.dump"
expect_rc "…and verifies" 0 "$BAOMI" restore --from "$WORK/served.dump" --check --audit-key "$KEY"
kill "$serve_pid"
wait "$serve_pid"
check "the server stops cleanly (exit 0)" test $? -eq 0
pg_skip "once the server has stopped, the restore goes ahead" "$RESTORE_PG"
done_testing
exit $?
fi

# ---- a tampered backup is refused and nothing changes ----------------------------------------
# refuse NAME FILE CODE: restore --from FILE over $NEW fails with exit CODE, nothing changed.
refuse() {
	local name=$1 file=$2 want=$3 was
	was=$(state "$NEW" "$NEW.checkpoints")
	expect_rc "$name: restore refuses it" "$want" "$BAOMI" restore --from "$file" --db "$NEW"
	expect_err "$name: the error says the backup fails verification and nothing changed" \
		"nothing was changed"
	check "$name: the database, its checkpoints and the directory are unchanged" \
		test "$was" = "$(state "$NEW" "$NEW.checkpoints")"
}

t=$(copy_backup edited)
sql "$t" "UPDATE audit_event SET detail = '{\"forged\":1}' WHERE seq = 3"
refuse "SYS-3: an audit event edited in the backup" "$t" 8
expect_err "SYS-3: …the first bad event is named" "SYS-3"
t=$(copy_backup cut)
sql "$t" "DELETE FROM audit_event WHERE seq > $((count - 5))"
refuse "SYS-3: the backup's last events cut off" "$t" 8
t=$(copy_backup added)
python3 - "$t" <<'PY'
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
cols = [r[1] for r in db.execute("PRAGMA table_info(audit_event)")]
row = list(db.execute("SELECT * FROM audit_event ORDER BY seq DESC LIMIT 1").fetchone())
row[cols.index("seq")] += 1
row[cols.index("prev_hash")] = row[cols.index("hash")]
db.execute(f"INSERT INTO audit_event ({','.join(cols)}) VALUES ({','.join('?' * len(cols))})", row)
db.commit()
PY
refuse "SYS-3: an event appended to the backup after its checkpoint" "$t" 8
# Issue 9 points 3 and 8: a ledger row edited behind the chain (the chain itself intact).
t=$(copy_backup ledger)
sql "$t" "UPDATE carrier SET level=0, status='destroyed' WHERE id = (SELECT min(id) FROM carrier)"
cid=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("SELECT min(id) FROM carrier").fetchone()[0])' "$t")
refuse "SYS-3: a carrier row edited in the backup (baomi check)" "$t" 8
expect_err "SYS-3: …the finding names the carrier changed after its event" \
	"\\[SYS-3\\].*carrier:$cid .*changed after event [0-9]+"
expect_rc "SYS-3: restore --check refuses it too" 8 "$BAOMI" restore --from "$t" --check
expect_err "…with the same finding" "carrier:$cid changed after event"
t=$(copy_backup nocheckpoints)
rm "$t.checkpoints"
refuse "SYS-3: a backup without its checkpoint file" "$t" 8
# An intruder's own key signs a whole new checkpoint file for a copy: the unit's key finds it.
t=$(copy_backup otherkey)
src=$(copy_backup intruder)
rm "$src.checkpoints"
"$BAOMI" backup --db "$src" --out "$WORK/rekeyed.db" >/dev/null 2>&1
cp "$WORK/rekeyed.db" "$t"
cp "$WORK/rekeyed.db.checkpoints" "$t.checkpoints"
expect_rc "SYS-3: a backup re-signed with another key verifies against its own key alone" 0 \
	"$BAOMI" restore --from "$t" --check
expect_out "…and says the unit's key was not checked" "no unit key was found"
was=$(state "$NEW" "$NEW.checkpoints")
expect_rc "SYS-3: checkpoints signed by another key than the unit's: restore refuses it" 8 \
	"$BAOMI" restore --from "$t" --db "$NEW" --audit-key "$KEY"
expect_err "…naming the foreign key, nothing changed" "checkpoint_foreign_key|another key.*nothing was changed|nothing was changed.*another key"
check "…and changes nothing" test "$was" = "$(state "$NEW" "$NEW.checkpoints")"
t=$(copy_backup zeroed)
python3 - "$t" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    f.seek(4096 * 3)
    f.write(b"\0" * 4096 * 4)
PY
run "$BAOMI" restore --from "$t" --db "$NEW"
check "zeroed pages in the backup: restore refuses it" test "$RC" -ne 0
expect_err "…saying nothing was changed" "nothing was changed"

# ---- a database a running server holds is not replaced ---------------------------------------
# The key is not in the backup: the operator puts the unit's key beside the restored file.
cp -p "$KEY" "$NEW.sm2key"
# The first server's output goes first: the forked child truncates it, perhaps only after
# the wait below has read its "serving on" and gone on before this server holds the database.
rm -f "$WORK/serve.out" "$WORK/serve.err"
"$BAOMI" serve --db "$NEW" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 1 1200); do
	grep -q 'serving on' "$WORK/serve.out" && break
	sleep 0.1
done
check "the server starts on the restored database" grep -q 'serving on' "$WORK/serve.out"
was=$(state "$NEW" "$NEW.checkpoints")
expect_rc "restore refuses a database a running server holds (exit 9)" 9 \
	"$BAOMI" restore --from "$BK" --db "$NEW"
expect_err "…database_in_use, stop the server first" "stop it before restoring"
check "…and changes nothing" test "$was" = "$(state "$NEW" "$NEW.checkpoints")"
expect_rc "a backup while the server holds the database works" 0 \
	"$BAOMI" backup --db "$NEW" --out "$WORK/served.db"
expect_rc "…and verifies" 0 "$BAOMI" restore --from "$WORK/served.db" --check
kill "$serve_pid"
wait "$serve_pid"
expect_rc "once the server has stopped, the restore goes ahead" 0 \
	"$BAOMI" restore --from "$WORK/served.db" --db "$NEW"

done_testing
