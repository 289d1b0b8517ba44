# tests/cli/t_evidence.sh — issue 9, point 4: evidence is read without being
# changed, a malformed database is refused with a clear error (never a
# crash), a store error is never "wrong password", and serve refuses a
# missing, uninitialised or damaged database instead of creating one.
# In lib.sh's PostgreSQL mode the databases are the test cluster's: the schema log's
# damage, another program's tables, a broken table and the server's check (the chain's
# head row against its log, what PostgreSQL's integrity is baomi's) are made there as the
# cluster's superuser (query_super); the checks about the SQLite file itself (read-only
# media, -wal and journal files, bytes that are not SQLite, zeroed pages, its lock) are
# skipped, saying so. "Unchanged" is then the rows as pg_dump writes them.
. "$(dirname "$0")/lib.sh"

PW='Evidence@2026x'
db=$(new_db e)
expect_rc "init" 0 env BAOMI_PASSWORD="$PW" "$BAOMI" init --db "$db" --unit 证据单位
run env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$db" --user sysadmin
check "the chain has events to verify" test "$(query "$db" 'SELECT count(*) FROM audit_event')" -ge 2

# state DB: SQLite the file's digest; PostgreSQL every row of the unit's schema as pg_dump
# writes them (less the \restrict line's random key).
state() {
	local dump
	if is_pg; then
		dump=$(pg_dump --data-only --schema=baomi "$1" 2>/dev/null) || return 1
		grep -Ev '^\\(un)?restrict ' <<<"$dump" | sha256sum
	else
		sha256sum <"$1"
	fi
}
# tables DB: how many tables the database's own schema holds.
tables() {
	if is_pg; then
		query "$1" "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()"
	else
		sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
	fi
}
FILE_ONLY="the SQLite file itself"

# no_crash NAME: the last run ended with an exit code, not a signal.
no_crash() { check "$1" test "$RC" -lt 128; }

# --- audit verify opens read-only: a read-only file in a read-only directory.
if is_pg; then
	before=$(state "$db")
	pg_skip "the copy is not in WAL use (no -wal beside it)" "$FILE_ONLY (its -wal file)"
	expect_rc "audit verify reads the database without writing" 0 "$BAOMI" audit verify --db "$db"
	expect_out "it is intact" 'audit chain intact'
	check "its rows are unchanged" test "$(state "$db")" = "$before"
	pg_skip "nothing was created beside it (no -wal, -shm, journal)" "$FILE_ONLY (files beside it)"
	for c in "audit verify on a rollback-journal file" "verify did not switch it to WAL" \
		"verify changed no byte of it"; do
		pg_skip "$c" "$FILE_ONLY (its journal mode, PRAGMA journal_mode)"
	done
	rw=$db
else
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
fi
# An older schema is not migrated by verify: refused, untouched.
old=$(db_copy "$rw" old)
query_super "$old" 'DELETE FROM schema_migrations WHERE version = (SELECT max(version) FROM schema_migrations)'
before=$(state "$old")
expect_rc "verify refuses an older schema instead of migrating it" 3 "$BAOMI" audit verify --db "$old"
expect_err "it says so" schema_old
check "and leaves the file as it was" test "$(state "$old")" = "$before"

# --- malformed databases: refused by name, never a crash.
neg=$(db_copy "$rw" neg)
query_super "$neg" "DELETE FROM schema_migrations; INSERT INTO schema_migrations VALUES (-1, 'x')"
for cmd in "audit verify" "carrier list --user sysadmin"; do
	expect_rc "a negative schema version is refused ($cmd)" 3 \
		env BAOMI_PASSWORD="$PW" "$BAOMI" $cmd --db "$neg"
	expect_err "as an unknown schema ($cmd)" schema_unknown
done
unk=$(db_copy "$rw" unknown)
query_super "$unk" "INSERT INTO schema_migrations VALUES (1000, 'x')"
expect_rc "a newer schema version is refused" 1 "$BAOMI" audit verify --db "$unk"
expect_err "by name" schema_too_new
gap=$(db_copy "$rw" gap)
query_super "$gap" 'DELETE FROM schema_migrations WHERE version = 3'
expect_rc "a schema log with a gap is refused" 3 "$BAOMI" audit verify --db "$gap"
expect_err "as unknown" schema_unknown
if is_pg; then
	for c in "a file that is not SQLite is refused" "as not a database" "…and by any command, unchanged" \
		"the stranger's file is unchanged"; do
		pg_skip "$c" "$FILE_ONLY (bytes that are not an SQLite file)"
	done
	other=$(new_db other)
	query "$other" 'CREATE TABLE t(x integer); INSERT INTO t VALUES (1)'
else
junk="$WORK/junk.db"
head -c 20000 /dev/urandom >"$junk"
expect_rc "a file that is not SQLite is refused" 3 "$BAOMI" audit verify --db "$junk"
expect_err "as not a database" not_a_database
before=$(sha256sum <"$junk")
expect_rc "…and by any command, unchanged" 3 env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$junk" --user sysadmin
check "the stranger's file is unchanged" test "$(sha256sum <"$junk")" = "$before"
other="$WORK/other.db"
sqlite3 "$other" 'CREATE TABLE t(x); INSERT INTO t VALUES (1)'
fi
expect_rc "another program's SQLite database is refused" 3 \
	env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$other" --user sysadmin
expect_err "as not baomi's" not_baomi
check "and gets no tables of ours" test "$(tables "$other")" = 1
if is_pg; then
	for c in "zeroed pages: verify ends without a crash" "zeroed pages: verify does not call it intact" \
		"a zeroed first page is refused" "as not a database"; do
		pg_skip "$c" "$FILE_ONLY (its pages zeroed)"
	done
else
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
fi

# --- a store error is never "wrong password".
broken=$(db_copy "$rw" broken)
if is_pg; then
	query_super "$broken" "ALTER TABLE person RENAME TO person_gone"
else
	sqlite3 "$broken" "PRAGMA legacy_alter_table=ON; ALTER TABLE person RENAME TO person_gone"
fi
expect_rc "a login over a broken person table fails as a store error" 1 \
	env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$broken" --user sysadmin
check "not as bad credentials" sh -c "! grep -q bad_credentials '$ERR'"
expect_err "but as the database's error" 'database'
if is_pg; then
	pg_skip "a login while another holds the database fails as busy" \
		"$FILE_ONLY (its lock, SQLITE_BUSY): PostgreSQL makes a writer wait for a row's lock"
	pg_skip "not as bad credentials (locked)" "$FILE_ONLY (its lock), as above"
else
locked="$WORK/locked.db"
cp "$db" "$locked"
# The holder takes the write lock, says so (locked.held) and keeps it until this script
# lets go (locked.release). It slept 8 s after a fixed 1 s wait: on a loaded machine the
# holder might not hold it yet, or a login that started late (an ASan start) outwaited
# its 5 s busy timeout and found the lock gone (reproduced with a login started 4 s late).
rm -f "$WORK/locked.held" "$WORK/locked.release"
sqlite3 -bail "$locked" '.timeout 60000' 'BEGIN EXCLUSIVE;' ".shell touch '$WORK/locked.held'" \
	".shell while [ ! -e '$WORK/locked.release' ]; do sleep 0.1; done" 'COMMIT;' >/dev/null 2>&1 &
holder=$!
for _ in $(seq 1 1200); do
	[ -e "$WORK/locked.held" ] || ! kill -0 "$holder" 2>/dev/null && break
	sleep 0.1
done
[ -e "$WORK/locked.held" ] || echo "# the holder did not take the lock on $locked"
expect_rc "a login while another holds the database fails as busy" 1 \
	env BAOMI_PASSWORD="$PW" "$BAOMI" carrier list --db "$locked" --user sysadmin
check "not as bad credentials (locked)" sh -c "! grep -q bad_credentials '$ERR'"
touch "$WORK/locked.release"
wait "$holder"
fi

# --- serve refuses what it must not serve, and creates nothing.
# (the timeout only ends a server that serves instead of refusing: as long as the start
# waits, 120 s, since an ASan server beside make check's other suites may take that long)
serve() { timeout 120 "$BAOMI" serve --db "$1" --listen 127.0.0.1:0; }
missing=$(db_missing "$db")
expect_rc "serve refuses a missing database" 4 serve "$missing"
expect_err "saying it does not exist" database_missing
check "and does not create it" db_absent "$missing"
empty=$(new_db empty)
is_pg || : >"$empty"
expect_rc "serve refuses an uninitialised (empty) database" 4 serve "$empty"
expect_err "saying it is not initialised" not_initialised
if is_pg; then
	check "and leaves it empty" test "$(tables "$empty")" = 0
else
	check "and leaves it empty" test ! -s "$empty"
fi
bare=$(new_db bare)
query "$bare" 'CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)'
expect_rc "serve refuses a database with no schema applied" 4 serve "$bare"

# --- serve does not read every page before it answers (31.6 s at a million carriers);
# its integrity check runs beside the requests, and a damaged page is found and reported:
# /api/v1/health answers 503 "damaged" with SQLite's findings, every other route 503
# database_corrupt, and the log says so.
# The files go first: the shell truncates them in the forked child, which may run after this
# shell has read them again, and a previous server's "serving on" line would be taken for
# this one's (under load in CI: url empty, or a stopped server's).
serve_bg() { # DB: starts a server on DB; sets serve_pid and url
	rm -f "$WORK/serve.out" "$WORK/serve.err"
	"$BAOMI" serve --db "$1" --listen 127.0.0.1:0 >"$WORK/serve.out" 2>"$WORK/serve.err" &
	serve_pid=$!
	for _ in $(seq 1 1200); do
		url=$(sed -n 's/.*serving on \(http[^ ]*\).*/\1/p' "$WORK/serve.out" 2>/dev/null)
		[ -n "$url" ] && return 0
		kill -0 "$serve_pid" 2>/dev/null || break
		sleep 0.1
	done
	echo "# serve did not start on $1 (pid $serve_pid: $(kill -0 "$serve_pid" 2>&1 && echo running || echo gone))"
	sed 's/^/#   out: /' "$WORK/serve.out" 2>/dev/null
	sed 's/^/#   err: /' "$WORK/serve.err" 2>/dev/null
}
# The background integrity check reads the whole file; under ASan beside make check's other
# suites it can take longer than 30 s, so the wait allows three minutes and says when it gave up.
health_settled() { # waits until /health no longer says "checking"; the body in $WORK/health
	for _ in $(seq 1 1800); do
		code=$(curl -s -o "$WORK/health" -w '%{http_code}' "$url/api/v1/health")
		grep -q '"checking"' "$WORK/health" || return 0
		sleep 0.1
	done
	echo "# /health still says checking after 1800 tries: $(cat "$WORK/health")"
}
serve_stop() {
	kill "$serve_pid" 2>/dev/null
	wait "$serve_pid" 2>/dev/null
}
serve_bg "$rw"
check "serve starts on an intact database" test -n "$url"
health_settled
check "an intact database: /health 200" test "$code" = 200
check "…integrity ok" grep -q '"integrity": *{ *"status": *"ok"' "$WORK/health"
serve_stop
check "the check's verdict is logged" grep -q 'integrity check of the database: ok' "$WORK/serve.err"
leafy=$(db_copy "$rw" leafy)
if is_pg; then
	# PostgreSQL keeps its pages itself (checksums, amcheck); baomi's own integrity there
	# is the chain's head row against its log (pg_audit.c pg_integrity): the last event
	# removed behind the head, as the superuser with the triggers off.
	leaf=$(query "$leafy" "SELECT max(seq) FROM audit_event")
	query_super "$leafy" "DELETE FROM audit_event WHERE seq = $leaf"
	check "an event of the chain to remove behind its head" test -n "$leaf"
else
# One leaf page of the audit chain, in the middle of the file: nothing the start reads.
# Its page type (byte 0 of its header) is zeroed, the same damage every run: SQLite's b-tree
# pass reports the page ("Page N: btreeInitPage() returns error code 11"), then its scan of
# the chain's rows cannot read the page and stops the check with SQLITE_CORRUPT ("database
# disk image is malformed"). Random bytes there gave that outcome or findings alone by
# chance, and the stopped check was once answered "unchecked" instead of "damaged".
leaf=$(sqlite3 "$leafy" "SELECT pageno FROM dbstat WHERE name = 'audit_event' AND pagetype = 'leaf'
	ORDER BY pageno LIMIT 1 OFFSET (SELECT count(*) / 2 FROM dbstat WHERE name = 'audit_event' AND pagetype = 'leaf')")
check "a leaf page of the chain to damage" test -n "$leaf"
printf '\000' | dd of="$leafy" bs=1 seek=$(((leaf - 1) * 4096)) conv=notrunc 2>/dev/null
fi
serve_bg "$leafy"
check "serve starts on a database with a damaged page" test -n "$url"
health_settled
echo "# /health $code: $(head -c 300 "$WORK/health")"
check "the damage: /health 503" test "$code" = 503
check "…status damaged" grep -q '"status": *"damaged"' "$WORK/health"
if is_pg; then
	check "…the integrity check names the head and the log" grep -qE "head says|log holds" "$WORK/health"
else
	check "…the integrity check names the page" grep -qi "page $leaf" "$WORK/health"
	check "…and the page SQLite could not read" grep -q "malformed" "$WORK/health"
fi
code=$(curl -s -o "$WORK/login" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"username":"sysadmin","password":"x"}' "$url/api/v1/session")
check "a login on the damaged database: 503" test "$code" = 503
check "…database_corrupt" grep -q '"database_corrupt"' "$WORK/login"
serve_stop
check "the damage is logged" grep -q 'integrity check of the database FAILED.*database_corrupt' "$WORK/serve.err"
no_crash_file() { ! grep -q 'AddressSanitizer\|runtime error' "$1"; }
check "no sanitizer finding in the server" no_crash_file "$WORK/serve.err"
check "baomi check reports it too" sh -c "! '$BAOMI' check --db '$leafy' >/dev/null 2>&1"
# A page PostgreSQL cannot read where baomi's check reads (the chain's head) is damage as
# SQLITE_CORRUPT is: data_corrupted (XX001, a checksum failure) is database_corrupt, never
# "unchecked". Emulated by a row-level policy on audit_head, the owner included, whose test
# raises XX001 as the server does for such a page.
if is_pg; then
	unread=$(db_copy "$rw" unread)
	query_super "$unread" "CREATE FUNCTION page_unreadable() RETURNS boolean LANGUAGE plpgsql
		AS \$\$BEGIN RAISE EXCEPTION 'invalid page in block 0 of relation base/1/2'
		USING ERRCODE = 'XX001'; END\$\$;
		ALTER TABLE audit_head ENABLE ROW LEVEL SECURITY; ALTER TABLE audit_head FORCE ROW LEVEL SECURITY;
		CREATE POLICY unreadable ON audit_head USING (page_unreadable())"
	serve_bg "$unread"
	health_settled
	echo "# /health $code: $(head -c 300 "$WORK/health")"
	check "a page PostgreSQL cannot read (XX001): /health 503 damaged" \
		sh -c "test '$code' = 503 && grep -q '\"status\": *\"damaged\"' '$WORK/health'"
	check "…PostgreSQL's message kept" grep -q "invalid page in block" "$WORK/health"
	serve_stop
else
	for c in "a page PostgreSQL cannot read (XX001): /health 503 damaged" \
		"…PostgreSQL's message kept"; do
		_tap_n=$((_tap_n + 1))
		echo "ok $_tap_n - $c # SKIP PostgreSQL only: its data_corrupted (XX001)"
	done
fi
# --- a page damaged after the start-up check passed (SYS-3: no evidence served from a damaged
# store; the security administrator learns at once). The request that meets the damage answers
# its error; from then on the server is "damaged" as when its start-up check finds it: /health
# 503 with the request's message and then a full check's findings, every other route 503
# database_corrupt, and the log says so at once. A clerk's carrier list meets it: on SQLite the
# carrier table's root page, its page type zeroed behind the running server (after the clerk's
# login, whose commit makes every reader drop its page cache); on PostgreSQL a row-level
# policy on carrier whose test raises XX001, as the page PostgreSQL cannot read above.
LIVE_NOW=2026-11-23T02:00:00Z
live=$(new_db live)
BAOMI_NOW=$LIVE_NOW demo_db "$live"
BAOMI_NOW=$LIVE_NOW serve_bg "$live"
check "a live demo unit is served" test -n "$url"
health_settled
check "its start-up check passes: /health 200 ok" \
	sh -c "test '$code' = 200 && grep -q '\"integrity\": *{ *\"status\": *\"ok\"' '$WORK/health'"
token=$(curl -s -H 'Content-Type: application/json' \
	-d '{"username":"clerk","password":"Baomi@2026demo"}' "$url/api/v1/session" |
	sed -n 's/.*"token": *"\([^"]*\)".*/\1/p')
check "the clerk logs in" test -n "$token"
if is_pg; then
	query_super "$live" "CREATE FUNCTION page_unreadable() RETURNS boolean LANGUAGE plpgsql
		AS \$\$BEGIN RAISE EXCEPTION 'invalid page in block 7 of relation base/1/3'
		USING ERRCODE = 'XX001'; END\$\$;
		ALTER TABLE carrier ENABLE ROW LEVEL SECURITY; ALTER TABLE carrier FORCE ROW LEVEL SECURITY;
		CREATE POLICY unreadable ON carrier USING (page_unreadable())"
	met_text="invalid page in block 7"
else
	root=$(query "$live" "SELECT rootpage FROM sqlite_master WHERE type = 'table' AND name = 'carrier'")
	check "the carrier table's root page to damage" test -n "$root"
	printf '\000' | dd of="$live" bs=1 seek=$(((root - 1) * 4096)) conv=notrunc 2>/dev/null
	met_text="malformed"
fi
code=$(curl -s -o "$WORK/met" -w '%{http_code}' -H "Authorization: Bearer $token" "$url/api/v1/carriers")
check "the carrier list that meets the damage is refused as damaged: 503 database_corrupt" \
	sh -c "test '$code' = 503 && grep -q '\"database_corrupt\"' '$WORK/met'"
check "…naming SYS-3, in both languages" \
	sh -c "grep -q '\"rule\": *\"SYS-3\"' '$WORK/met' && grep -q '完整性检查' '$WORK/met' &&
		grep -q 'integrity check' '$WORK/met'"
check "…the engine's message goes to the log, never to the client" \
	sh -c "grep -q 'a request met damage (GET /api/v1/carriers): database_corrupt.*$met_text' '$WORK/serve.err' &&
		! grep -q '$met_text' '$WORK/met'"
code=$(curl -s -o "$WORK/health" -w '%{http_code}' "$url/api/v1/health")
echo "# /health $code: $(head -c 400 "$WORK/health")"
check "SYS-3: from then on /health answers 503 damaged" \
	sh -c "test '$code' = 503 && grep -q '\"status\": *\"damaged\"' '$WORK/health'"
check "…saying a request met the damage, with the engine's message" \
	sh -c "grep -q 'a request met damage (GET /api/v1/carriers)' '$WORK/health' && grep -q '$met_text' '$WORK/health'"
# The full check that follows replaces "running" with its verdict (SQLite: its findings).
for _ in $(seq 1 1800); do
	curl -s -o "$WORK/health" "$url/api/v1/health"
	grep -q 'the full check is running' "$WORK/health" || break
	sleep 0.1
done
echo "# /health: $(head -c 600 "$WORK/health")"
if is_pg; then
	check "…then the full check's verdict (the chain's head against its log)" \
		grep -q 'the full check: ok' "$WORK/health"
else
	check "…then the full check's findings name the page" grep -qi "page $root" "$WORK/health"
fi
check "…still damaged" grep -q '"status": *"damaged"' "$WORK/health"
code=$(curl -s -o "$WORK/other" -w '%{http_code}' -H "Authorization: Bearer $token" "$url/api/v1/me")
check "every other route: 503 database_corrupt" \
	sh -c "test '$code' = 503 && grep -q '\"database_corrupt\"' '$WORK/other'"
check "…the refusal names SYS-3" grep -q '"rule": *"SYS-3"' "$WORK/other"
code=$(curl -s -o "$WORK/other" -w '%{http_code}' -H 'Content-Type: application/json' \
	-d '{"username":"clerk","password":"Baomi@2026demo"}' "$url/api/v1/session")
check "…a login too" sh -c "test '$code' = 503 && grep -q '\"database_corrupt\"' '$WORK/other'"
serve_stop
check "the log says at once that a request met the damage" \
	grep -q 'a request met damage (GET /api/v1/carriers).*every request but /api/v1/health is refused' "$WORK/serve.err"
check "…once" test "$(grep -c 'baomi serve: a request met damage' "$WORK/serve.err")" = 1
if is_pg; then
	check "…and the full check's verdict after it" grep -q 'integrity check of the database: ok (.*after a request met damage' "$WORK/serve.err"
else
	check "…and the full check's verdict after it" grep -q 'integrity check of the database FAILED' "$WORK/serve.err"
fi
check "no sanitizer finding in the server (live damage)" no_crash_file "$WORK/serve.err"

# Half the file zeroed: refused at the start when the open meets it, else reported as above.
if is_pg; then
	pg_skip "zeroed pages: serve refuses them or reports them damaged" "$FILE_ONLY (its pages zeroed)"
	done_testing
	exit $?
fi
serve_bg "$zero"
if [ -n "$url" ]; then
	health_settled
	check "zeroed pages: /health 503 damaged" sh -c "test '$code' = 503 && grep -q damaged '$WORK/health'"
	serve_stop
else
	wait "$serve_pid"
	check "zeroed pages: serve refuses them" test $? -eq 1
	check "…as damaged" grep -q database_corrupt "$WORK/serve.err"
fi

done_testing
