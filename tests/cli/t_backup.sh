#!/usr/bin/env bash
# tests/cli/t_backup.sh — backup and restore (issue 9, point 8): `baomi backup` copies a
# demo unit into a file that verifies on its own (integrity, chain, its own signed
# checkpoints, no key), signs the backed-up state into the live checkpoint file and the
# live chain; `baomi restore` puts it in place where the restored unit logs in and
# `audit verify` passes, keeps the replaced database aside, and refuses, changing
# nothing, a tampered backup (SYS-3) or a database a running server holds.
# The backup under concurrent writes is tests/api/backup.test.mjs.
. "$(dirname "$0")/lib.sh"

PW=Baomi@2026demo
DB="$WORK/live.db"
BK="$WORK/nightly.db"

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
	cp "$BK" "$WORK/$1.db"
	cp "$BK.checkpoints" "$WORK/$1.db.checkpoints"
	echo "$WORK/$1.db"
}

# The real `baomi demo` (not demo_db): the test tool's cheap password hashes rewrite the
# person rows behind the chain, and a backup runs `baomi check` (SYS-3) before it is named.
expect_rc "demo database" 0 "$BAOMI" demo --db "$DB"

# ---- backup ------------------------------------------------------------------------------
expect_rc "backup of the demo unit, no login needed" 0 "$BAOMI" backup --db "$DB" --out "$BK"
expect_out "the backup prints its checkpoint's 校验码" '校验码 / code: [A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}'
check "the backup carries its checkpoint file beside it" test -s "$BK.checkpoints"
check "the backup carries no key" test ! -e "$BK.sm2key"
check "the backup is one self-contained file (no -wal beside it)" test ! -e "$BK-wal"
check "no temporary file is left" test -z "$(ls "$WORK" | grep -E 'partial')"
code=$(grep -oE '[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}-[A-Z2-7]{4}' "$OUT" | head -1)
count=$(jq -r '.count' <<<"$(tail -1 "$BK.checkpoints")")

expect_rc "SYS-3: the backup verifies on its own with audit verify (its checkpoints, no key)" 0 \
	"$BAOMI" audit verify --db "$BK" --code "$code"
expect_out "SYS-3: the chain is checked against the backup's checkpoint up to its last event" \
	"up to event $count\$"
expect_rc "restore --check verifies the backup and changes nothing" 0 \
	"$BAOMI" restore --from "$BK" --check --audit-key "$DB.sm2key"
expect_out "restore --check names the backup's code" "$code"
check "restore --check checked the unit's key" grep -q 'backup intact' "$OUT"

check "SYS-3: the same checkpoint is appended to the live checkpoint file" \
	test "$(tail -1 "$DB.checkpoints")" = "$(tail -1 "$BK.checkpoints")"
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
expect_rc "a backup of a missing database is refused, nothing created" 4 \
	"$BAOMI" backup --db "$WORK/none.db" --out "$WORK/none-backup.db"
check "…no file made" test ! -e "$WORK/none.db" -a ! -e "$WORK/none-backup.db"

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
	"$BAOMI" restore --from "$t" --db "$NEW" --audit-key "$DB.sm2key"
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
cp -p "$DB.sm2key" "$NEW.sm2key"
"$BAOMI" serve --db "$NEW" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
serve_pid=$!
for _ in $(seq 1 300); do
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
