# tests/cli/t_basics.sh — version, help, usage errors, init.
. "$(dirname "$0")/lib.sh"

expect_rc "--version" 0 "$BAOMI" --version
expect_out "--version names baomi" '^baomi [0-9]+\.[0-9]+'
expect_rc "help lists the commands" 0 "$BAOMI" help
expect_out "help lists carrier" 'carrier'
expect_out "help documents the exit codes" '审计链被破坏'
for c in init demo carrier org audit; do
	expect_rc "help $c" 0 "$BAOMI" help "$c"
	expect_out "help $c is bilingual" '用法 / usage'
done
expect_rc "no command is a usage error" 2 "$BAOMI"
expect_rc "unknown command is a usage error" 2 "$BAOMI" frobnicate
expect_rc "unknown option is a usage error" 2 "$BAOMI" carrier list --frob

db=$(new_db init)
expect_rc "init needs --unit" 2 "$BAOMI" init --db "$db"
expect_rc "init without a password fails" 3 env BAOMI_PASSWORD= "$BAOMI" init --db "$db" --unit 单位 </dev/null
expect_rc "SYS-4: init refuses a short password" 3 env BAOMI_PASSWORD=short "$BAOMI" init --db "$db" --unit 单位
# (BAOMI_TEST_FASTHASH off: the binary's own hash cost, which PostgreSQL mode's cheap
# hashes would hide)
expect_rc "init reads the password from stdin" 0 sh -c "printf 'Long@enough1\n' | BAOMI_PASSWORD= BAOMI_TEST_FASTHASH= '$BAOMI' init --db '$db' --unit 示范单位 --password-stdin"
expect_out "init names the unit" '示范单位'
if is_pg; then
	pg_skip "WAL journal mode" "PRAGMA journal_mode of the file"
else
	check "WAL journal mode" test "$(query "$db" 'PRAGMA journal_mode')" = wal
fi
hashes=$(query "$db" 'SELECT password_hash FROM person')
check "password stored only as Argon2id" grep -q '^\$argon2id\$' <<<"$hashes"
# The binary's own parameters (the suites' fixtures rewrite theirs to cheap
# ones with tests/tools/fasthash; the unit tests pin them in test_password).
check "SYS-4: the binary hashes at OWASP's Argon2id minimum (19 MiB, 2 passes)" \
	grep -q '^\$argon2id\$v=19\$m=19456,t=2,p=1\$' <<<"$hashes"
if is_pg; then
	# The whole database as pg_dump writes it (the role's schema, every row).
	check "the password is nowhere in the database" sh -c "pg_dump -d '$db' >'$WORK/init.sql' &&
		grep -q password_hash '$WORK/init.sql' && ! grep -q 'Long@enough1' '$WORK/init.sql'"
else
	check "the password is nowhere in the file" sh -c "! grep -q 'Long@enough1' '$db'"
fi
expect_rc "init twice is refused" 6 env BAOMI_PASSWORD=Long@enough1 "$BAOMI" init --db "$db" --unit 另一单位
expect_err "second init names the conflict" already_initialised
check "second init changed nothing" test "$(query "$db" 'SELECT count(*) FROM unit')" = 1
if is_pg; then
	missing="postgresql://baomi@/no_such_db?host=$BAOMI_TEST_PG"
	expect_rc "a missing database fails cleanly, as a missing file (exit 4)" 4 env BAOMI_PASSWORD=Long@enough1 "$BAOMI" init --db "$missing" --unit 单位
	expect_err "a missing database is named database_missing" database_missing
else
	expect_rc "a missing database directory fails cleanly" 1 env BAOMI_PASSWORD=Long@enough1 "$BAOMI" init --db /nonexistent/dir/x.db --unit 单位
fi
expect_rc "no --db and no BAOMI_DB" 3 env BAOMI_DB= BAOMI_USER=x BAOMI_PASSWORD=x "$BAOMI" carrier list

done_testing
