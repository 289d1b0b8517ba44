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

db="$WORK/init.db"
expect_rc "init needs --unit" 2 "$BAOMI" init --db "$db"
expect_rc "init without a password fails" 3 env BAOMI_PASSWORD= "$BAOMI" init --db "$db" --unit 单位 </dev/null
expect_rc "SYS-4: init refuses a short password" 3 env BAOMI_PASSWORD=short "$BAOMI" init --db "$db" --unit 单位
expect_rc "init reads the password from stdin" 0 sh -c "printf 'Long@enough1\n' | BAOMI_PASSWORD= '$BAOMI' init --db '$db' --unit 示范单位 --password-stdin"
expect_out "init names the unit" '示范单位'
check "WAL journal mode" test "$(sqlite3 "$db" 'PRAGMA journal_mode')" = wal
check "password stored only as Argon2id" sh -c "sqlite3 '$db' 'SELECT password_hash FROM person' | grep -q '^\\\$argon2id\\\$'"
# The binary's own parameters (the suites' fixtures rewrite theirs to cheap
# ones with tests/tools/fasthash; the unit tests pin them in test_password).
check "SYS-4: the binary hashes at OWASP's Argon2id minimum (19 MiB, 2 passes)" \
	sh -c "sqlite3 '$db' 'SELECT password_hash FROM person' | grep -q '^\\\$argon2id\\\$v=19\\\$m=19456,t=2,p=1\\\$'"
check "the password is nowhere in the file" sh -c "! grep -q 'Long@enough1' '$db'"
expect_rc "init twice is refused" 6 env BAOMI_PASSWORD=Long@enough1 "$BAOMI" init --db "$db" --unit 另一单位
expect_err "second init names the conflict" already_initialised
check "second init changed nothing" test "$(sqlite3 "$db" 'SELECT count(*) FROM unit')" = 1
expect_rc "a missing database directory fails cleanly" 1 env BAOMI_PASSWORD=Long@enough1 "$BAOMI" init --db /nonexistent/dir/x.db --unit 单位
expect_rc "no --db and no BAOMI_DB" 3 env BAOMI_DB= BAOMI_USER=x BAOMI_PASSWORD=x "$BAOMI" carrier list

done_testing
