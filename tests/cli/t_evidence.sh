# tests/cli/t_evidence.sh — issue 9, point 4: evidence is read without being
# changed, a malformed database is refused with a clear error (never a
# crash), a store error is never "wrong password", and serve refuses a
# missing, uninitialised or damaged database instead of creating one.
. "$(dirname "$0")/lib.sh"

PW='Evidence@2026x'
db="$WORK/e.db"
expect_rc "init" 0 env BAOMI_PASSWORD="$PW" "$BAOMI" init --db "$db" --unit 证据单位
run env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$db" --user sysadmin
check "the chain has events to verify" test "$(sqlite3 "$db" 'SELECT count(*) FROM audit_event')" -ge 2

# no_crash NAME: the last run ended with an exit code, not a signal.
no_crash() { check "$1" test "$RC" -lt 128; }

# --- audit verify opens read-only: a read-only file in a read-only directory.
ro="$WORK/ro"
mkdir "$ro"
cp "$db" "$ro/e.db"
before=$(sha256sum <"$ro/e.db")
check "the copy is not in WAL use (no -wal beside it)" test ! -e "$ro/e.db-wal"
chmod 444 "$ro/e.db"
chmod 555 "$ro"
expect_rc "audit verify reads a read-only file in a read-only directory" 0 \
	"$BAOMI" audit verify --db "$ro/e.db"
expect_out "it is intact" 'audit chain intact'
check "its bytes are unchanged" test "$(sha256sum <"$ro/e.db")" = "$before"
check "nothing was created beside it (no -wal, -shm, journal)" \
	test "$(ls -A "$ro")" = e.db
chmod 755 "$ro"

# The same on a writable copy (as root the permissions above bind nobody):
# verify neither migrates, nor switches the journal, nor writes.
rw="$WORK/rw.db"
cp "$db" "$rw"
sqlite3 "$rw" 'PRAGMA journal_mode=DELETE' >/dev/null
before=$(sha256sum <"$rw")
expect_rc "audit verify on a rollback-journal file" 0 "$BAOMI" audit verify --db "$rw"
check "verify did not switch it to WAL" test "$(sqlite3 "$rw" 'PRAGMA journal_mode')" = delete
check "verify changed no byte of it" test "$(sha256sum <"$rw")" = "$before"
# An older schema is not migrated by verify: refused, untouched.
old="$WORK/old.db"
cp "$rw" "$old"
sqlite3 "$old" 'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)'
before=$(sha256sum <"$old")
expect_rc "verify refuses an older schema instead of migrating it" 3 "$BAOMI" audit verify --db "$old"
expect_err "it says so" schema_old
check "and leaves the file as it was" test "$(sha256sum <"$old")" = "$before"

# --- malformed databases: refused by name, never a crash.
neg="$WORK/neg.db"
cp "$rw" "$neg"
sqlite3 "$neg" 'DELETE FROM schema_migrations; INSERT INTO schema_migrations VALUES (-1, "x")'
for cmd in "audit verify" "carrier list --user sysadmin"; do
	expect_rc "a negative schema version is refused ($cmd)" 3 \
		env BAOMI_PASSWORD="$PW" "$BAOMI" $cmd --db "$neg"
	expect_err "as an unknown schema ($cmd)" schema_unknown
done
unk="$WORK/unknown.db"
cp "$rw" "$unk"
sqlite3 "$unk" 'INSERT INTO schema_migrations VALUES (1000, "x")'
expect_rc "a newer schema version is refused" 1 "$BAOMI" audit verify --db "$unk"
expect_err "by name" schema_too_new
gap="$WORK/gap.db"
cp "$rw" "$gap"
sqlite3 "$gap" 'DELETE FROM schema_migrations WHERE version = 3'
expect_rc "a schema log with a gap is refused" 3 "$BAOMI" audit verify --db "$gap"
expect_err "as unknown" schema_unknown
junk="$WORK/junk.db"
head -c 20000 /dev/urandom >"$junk"
expect_rc "a file that is not SQLite is refused" 3 "$BAOMI" audit verify --db "$junk"
expect_err "as not a database" not_a_database
before=$(sha256sum <"$junk")
expect_rc "…and by any command, unchanged" 3 env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$junk" --user sysadmin
check "the stranger's file is unchanged" test "$(sha256sum <"$junk")" = "$before"
other="$WORK/other.db"
sqlite3 "$other" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
expect_rc "another program's SQLite database is refused" 3 \
	env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$other" --user sysadmin
expect_err "as not baomi's" not_baomi
check "and gets no tables of ours" test "$(sqlite3 "$other" 'SELECT count(*) FROM sqlite_master')" = 1
zero="$WORK/zero.db"
cp "$rw" "$zero"
pages=$(($(stat -c %s "$zero") / 4096))
# Zero the second half of the pages (the chain, the ledger's indexes).
dd if=/dev/zero of="$zero" bs=4096 seek=$((pages / 2)) count=$((pages - pages / 2)) conv=notrunc 2>/dev/null
run "$BAOMI" audit verify --db "$zero"
no_crash "zeroed pages: verify ends without a crash"
check "zeroed pages: verify does not call it intact" test "$RC" -ne 0
zero1="$WORK/zero1.db"
cp "$rw" "$zero1"
dd if=/dev/zero of="$zero1" bs=4096 count=1 conv=notrunc 2>/dev/null
expect_rc "a zeroed first page is refused" 3 "$BAOMI" audit verify --db "$zero1"
expect_err "as not a database" not_a_database

# --- a store error is never "wrong password".
broken="$WORK/broken.db"
cp "$rw" "$broken"
sqlite3 "$broken" "PRAGMA legacy_alter_table=ON; ALTER TABLE person RENAME TO person_gone"
expect_rc "a login over a broken person table fails as a store error" 1 \
	env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$broken" --user sysadmin
check "not as bad credentials" sh -c "! grep -q bad_credentials '$ERR'"
expect_err "but as the database's error" 'database'
locked="$WORK/locked.db"
cp "$db" "$locked"
(sqlite3 "$locked" 'BEGIN EXCLUSIVE; SELECT 1;' '.shell sleep 8' 'COMMIT;' >/dev/null 2>&1 &)
sleep 1
expect_rc "a login while another holds the database fails as busy" 1 \
	env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$locked" --user sysadmin
check "not as bad credentials (locked)" sh -c "! grep -q bad_credentials '$ERR'"

# --- serve refuses what it must not serve, and creates nothing.
serve() { timeout 20 "$BAOMI" serve --db "$1" --listen 127.0.0.1:0; }
expect_rc "serve refuses a missing database" 4 serve "$WORK/missing.db"
expect_err "saying it does not exist" database_missing
check "and does not create it" test ! -e "$WORK/missing.db"
: >"$WORK/empty.db"
expect_rc "serve refuses an uninitialised (empty) database" 4 serve "$WORK/empty.db"
expect_err "saying it is not initialised" not_initialised
check "and leaves it empty" test ! -s "$WORK/empty.db"
sqlite3 "$WORK/bare.db" 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)'
expect_rc "serve refuses a database with no schema applied" 4 serve "$WORK/bare.db"
run serve "$zero"
no_crash "serve on zeroed pages ends without a crash"
check "serve on zeroed pages is refused" test "$RC" -eq 1
expect_err "as damaged (quick_check)" database_corrupt

done_testing
