# tests/cli/t_install.sh — installing like a service (issue 15 point 3). The
# build under test is installed into a temporary root (`meson install
# --destdir`, what `make install DESTDIR=…` runs after its release build); the
# tree is checked (binary, baomi(1) in man1 and zh_CN/man1, the config file, the
# systemd units and the backup timer with their hardening, sysusers and
# tmpfiles, PostgreSQL's roles script), the installed binary runs `--version`, `init` and `check` on a fresh
# database, `serve --config` reads the config (flags override it; an unknown
# key is refused naming its line) and serves, `backup --config` writes into
# backup_dir. `make deb` (dpkg-buildpackage, a release build of its own) is
# tests/package/t_package.sh's.
# In lib.sh's PostgreSQL mode the fresh database is one of the test cluster (new_db) and
# the config names its URL; the installed binary is run directly (not through lib.sh's
# wrapper), so it is given the unit's key and checkpoint file as an operator gives them
# to a unit on PostgreSQL (BAOMI_AUDIT_KEY, BAOMI_CHECKPOINTS: README § PostgreSQL).
. "$(dirname "$0")/lib.sh"

BUILD=$(dirname "${BAOMI_REAL:-$BAOMI}")
ROOT="$WORK/root"
check "meson install --destdir into a temporary root" \
	meson install -C "$BUILD" --no-rebuild --destdir "$ROOT" --quiet
BIN=$(find "$ROOT" -path '*/bin/baomi' -type f | head -1)
PREFIX=${BIN%/bin/baomi}
CONF=$(find "$ROOT" -path '*/baomi/baomi.conf' -type f | head -1)
UNITS="$PREFIX/lib/systemd/system"
check "the binary is installed and executable" test -x "$BIN"
check "baomi(1) in man1" test -s "$PREFIX/share/man/man1/baomi.1"
check "baomi(1) in zh_CN/man1" test -s "$PREFIX/share/man/zh_CN/man1/baomi.1"
check "the config file is installed" test -s "$CONF"
check "the server's unit" test -s "$UNITS/baomi.service"
check "the backup service and its timer" test -s "$UNITS/baomi-backup.service" -a -s "$UNITS/baomi-backup.timer"
check "sysusers: the dedicated user baomi" grep -q '^u baomi ' "$PREFIX/lib/sysusers.d/baomi.conf"
check "tmpfiles: /var/lib/baomi owned by baomi" grep -q '^d /var/lib/baomi 0750 baomi baomi' "$PREFIX/lib/tmpfiles.d/baomi.conf"
check "PostgreSQL's roles script in share/baomi (issue 12 point 6)" \
	grep -q '^CREATE ROLE :"serving" LOGIN;' "$PREFIX/share/baomi/pg-roles.sql"

# --- the man page, generated from the help ------------------------------------------
MAN="$PREFIX/share/man/man1/baomi.1"
check "man: a roff page for baomi(1)" grep -q '^\.TH BAOMI 1 ' "$MAN"
for c in serve backup register carrier check; do
	check "man: a section for $c" grep -qx "\.SS $c" "$MAN"
done
check "man: the help's Chinese text" grep -q '运行 HTTP API 服务' "$MAN"
check "man: the help's English text" grep -q 'serve the HTTP API' "$MAN"
check "man: serve's --config from its help" grep -q -- '--config FILE' "$MAN"
if command -v man >/dev/null 2>&1; then
	check "man: renders" sh -c "man -l '$MAN' 2>/dev/null | grep -q 'baomi serve'"
fi

# --- the units ---------------------------------------------------------------------
S="$UNITS/baomi.service"
for line in User=baomi ProtectSystem=strict ReadWritePaths=/var/lib/baomi NoNewPrivileges=yes \
	PrivateTmp=yes ProtectHome=yes 'CapabilityBoundingSet=' StateDirectory=baomi; do
	check "baomi.service: $line" grep -qx "$line" "$S"
done
check "baomi.service: serves with the installed config" \
	grep -qx "ExecStart=${PREFIX#"$ROOT"}/bin/baomi serve --config .*/baomi/baomi.conf" "$S"
check "baomi-backup.service: the backup command with the config" \
	grep -qx "ExecStart=${PREFIX#"$ROOT"}/bin/baomi backup --config .*/baomi/baomi.conf" "$UNITS/baomi-backup.service"
check "baomi-backup.service: may write the backups" grep -qx 'ReadWritePaths=/var/lib/baomi /var/backups/baomi' "$UNITS/baomi-backup.service"
check "baomi-backup.timer: nightly" grep -qx 'OnCalendar=\*-\*-\* 02:30:00' "$UNITS/baomi-backup.timer"
check "the backup command the units name exists" sh -c "'$BIN' help | grep -q '^  backup '"
if command -v systemd-analyze >/dev/null 2>&1; then
	check "systemd-analyze: the timer's calendar parses" systemd-analyze calendar '*-*-* 02:30:00'
fi

# --- the installed binary on a fresh database ---------------------------------------
expect_rc "installed: baomi --version" 0 "$BIN" --version
expect_out "installed: prints its version" '^baomi [0-9]+\.[0-9]+\.[0-9]+'
DB=$(new_db fresh)
if is_pg; then
	export BAOMI_AUDIT_KEY BAOMI_CHECKPOINTS
	BAOMI_AUDIT_KEY=$(key_of "$DB") BAOMI_CHECKPOINTS=$(checkpoints_of "$DB")
	mkdir -p "$(dirname "$BAOMI_AUDIT_KEY")" "$(dirname "$BAOMI_CHECKPOINTS")"
fi
# (the database's name as a grep -E pattern: a URL holds '?' and '.')
DB_RE=$(printf '%s' "$DB" | sed 's/[][\.*^$?+(){}|]/\\&/g')
expect_rc "installed: baomi init on a fresh database" 0 \
	env BAOMI_PASSWORD=Init@2026first "$BIN" init --db "$DB" --unit 安装测试单位
expect_rc "installed: baomi check" 0 "$BIN" check --db "$DB"
expect_out "installed: check passed" '检查通过 / check passed'

# --- the config file ---------------------------------------------------------------
C="$WORK/baomi.conf"
sed -e "s|^database = .*|database = $DB|" -e "s|^backup_dir = .*|backup_dir = $WORK/backups|" \
	-e 's|^listen = .*|listen = 127.0.0.1:0|' -e 's|^threads = .*|threads = 3|' "$CONF" >"$C"
expect_rc "serve --config --print-config" 0 "$BIN" serve --config "$C" --print-config
expect_out "config: listen" '^listen = 127\.0\.0\.1:0$'
expect_out "config: database" "^database = $DB_RE\$"
expect_out "config: threads" '^threads = 3$'
expect_rc "flags override the config" 0 "$BIN" serve --config "$C" --threads 7 --listen 127.0.0.1:9 --print-config
expect_out "flag: threads" '^threads = 7$'
expect_out "flag: listen" '^listen = 127\.0\.0\.1:9$'
expect_rc "BAOMI_CONFIG names the file too" 0 env BAOMI_CONFIG="$C" "$BIN" serve --print-config
expect_out "BAOMI_CONFIG: threads" '^threads = 3$'
printf 'listen = 127.0.0.1:0\n# a comment\n\nlisten_port = 80\n' >"$WORK/bad.conf"
expect_rc "an unknown key stops serve" 3 "$BIN" serve --config "$WORK/bad.conf" --db "$DB"
expect_err "unknown key: named with its line, zh" "第 4 行：未知的设置 'listen_port'"
expect_err "unknown key: named with its line, en" "config_unknown_key: config file .* line 4: unknown key 'listen_port'"
printf 'threads = 3\nthreads = 4\n' >"$WORK/dup.conf"
expect_rc "a repeated key is refused" 3 "$BIN" serve --config "$WORK/dup.conf" --print-config
expect_err "repeated: named" 'config_duplicate_key: .* line 2'
printf 'threads = 99\n' >"$WORK/range.conf"
expect_rc "threads out of range is refused" 3 "$BIN" serve --config "$WORK/range.conf" --print-config
expect_err "threads: the range" 'from 1 to 64'
printf 'listen 127.0.0.1:0\n' >"$WORK/syntax.conf"
expect_rc "a line without = is refused" 3 "$BIN" serve --config "$WORK/syntax.conf" --print-config
expect_err "syntax: says key = value" 'config_syntax: .* line 1: expected key = value'
expect_rc "a missing config file" 4 "$BIN" serve --config "$WORK/none.conf" --print-config
expect_err "missing: named" 'config_unreadable'

# serve with the config: it listens where the file says and answers /health.
"$BIN" serve --config "$C" >"$WORK/serve.out" 2>"$WORK/serve.err" &
SERVE=$!
URL=""
for _ in $(seq 1 1200); do
	URL=$(sed -n 's/^baomi 正在服务 \/ serving on //p' "$WORK/serve.out")
	[ -n "$URL" ] && break
	sleep 0.1
done
check "serve --config: listening on 127.0.0.1 as configured" sh -c "printf '%s' '$URL' | grep -q '^http://127\.0\.0\.1:[0-9]'"
check "serve --config: answers /api/v1/health" sh -c "curl -sf '$URL/api/v1/health' | grep -q ok"
kill -TERM "$SERVE" 2>/dev/null
wait "$SERVE"
check "serve --config: stops cleanly on SIGTERM" test $? -eq 0

# backup --config: the database and backup_dir from the file (the nightly timer's command).
mkdir -p "$WORK/backups"
expect_rc "backup --config writes into backup_dir" 0 "$BIN" backup --config "$C"
check "the backup is baomi-YYYY-MM-DD.db" sh -c "ls '$WORK/backups' | grep -qE '^baomi-[0-9]{4}-[0-9]{2}-[0-9]{2}\.db\$'"
if is_pg; then
	check "…on PostgreSQL a pg_dump custom archive" \
		sh -c "test \"\$(head -c 5 '$WORK'/backups/baomi-*.db)\" = PGDMP"
fi
expect_rc "backup --config: an unknown key stops it too" 3 "$BIN" backup --config "$WORK/bad.conf"

done_testing
