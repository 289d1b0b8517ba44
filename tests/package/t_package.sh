# tests/package/t_package.sh — `make deb`, as a user runs it (issue 15
# point 3). tests/cli/t_install.sh installs the build under test; this suite builds what
# ships:
#   1. `make deb` — dpkg-buildpackage -b -us -uc on a copy of the tracked tree (nocheck,
#      no dbgsym: the suites are make check's own) — its time is printed as a TAP comment;
#      the package's control data (Depends from the shared libraries, adduser; the
#      conffile), its files, and its maintainer script: sh -n, and run with every command
#      it may call replaced by a stub that records its arguments (so nothing on this
#      machine changes), it creates the user the sysusers file names, with the home the
#      tmpfiles file names, and the directories the units may write; nothing is enabled
#      or started;
#   2. the package installed into a temporary root (dpkg-deb -x: dpkg --root would run
#      the maintainer scripts chrooted into a root without a shell), and the installed
#      /usr/bin/baomi runs `--version`, `init` and `check`;
# `make install` runs `meson install` on its own release build: tests/cli/t_install.sh installs
# the build under test the same way (a third release compile here would add minutes to a
# 2-core run for no path of code the other two do not take).
# tests/run.sh starts it first, so that its compiles overlap the other suites.
. "$(dirname "$0")/../cli/lib.sh"

SRC=$(cd "$(dirname "$0")/../.." && pwd)
DEB_DIR="$WORK/deb"
for tool in dpkg-buildpackage dpkg-deb dh git; do
	check "$tool is installed (scripts/deps.sh)" command -v "$tool"
done

# --- 1. make deb ------------------------------------------------------------------------
t0=$(date +%s)
check "make deb (dpkg-buildpackage -b -us -uc)" \
	sh -c "DEB_BUILD_OPTIONS='nocheck noautodbgsym' make -s -C '$SRC' deb DEB_OUT='$DEB_DIR' >'$WORK/deb.log' 2>&1"
echo "# make deb took $(($(date +%s) - t0)) s"
DEB=$(ls "$DEB_DIR"/baomi_*.deb 2>/dev/null | head -1)
check "the package is built: baomi_VERSION_ARCH.deb" test -s "$DEB"
[ -s "$DEB" ] || tail -30 "$WORK/deb.log" | sed 's/^/# /'
ARCH=$(dpkg --print-architecture)
check "named for this architecture" sh -c "basename '$DEB' | grep -qE '^baomi_[0-9.]+_${ARCH}\\.deb\$'"
check "no debug-symbol package left beside it (noautodbgsym)" sh -c "! ls '$DEB_DIR'/*dbgsym* >/dev/null 2>&1"

field() { dpkg-deb -f "$DEB" "$1"; }
check "control: Package baomi" test "$(field Package)" = baomi
check "control: Version from debian/changelog" \
	test "$(field Version)" = "$(sed -n '1s/^baomi (\([^)]*\)).*/\1/p' "$SRC/debian/changelog")"
for lib in libsqlite3-0 libmicrohttpd12 libsodium23 libjansson4 libxlsxwriter libssl3 libqrencode4 libfreexl1 libzip4 libexpat1 adduser; do
	check "control: Depends names $lib" sh -c "dpkg-deb -f '$DEB' Depends | grep -q '$lib'"
done

dpkg-deb -c "$DEB" | awk '{print $NF}' | sed 's|^\./|/|' >"$WORK/files"
for f in /usr/bin/baomi /usr/share/man/man1/baomi.1.gz /usr/share/man/zh_CN/man1/baomi.1.gz \
	/etc/baomi/baomi.conf /usr/lib/systemd/system/baomi.service \
	/usr/lib/systemd/system/baomi-backup.service /usr/lib/systemd/system/baomi-backup.timer \
	/usr/lib/sysusers.d/baomi.conf /usr/lib/tmpfiles.d/baomi.conf /usr/share/baomi/pg-roles.sql; do
	check "the package holds $f" grep -qx "$f" "$WORK/files"
done
check "the package holds no test programs" sh -c "! grep -qE '/(test_|bench_|replay_)' '$WORK/files'"

CTRL="$WORK/control"
check "dpkg-deb -e: the control area" dpkg-deb -e "$DEB" "$CTRL"
check "conffiles: /etc/baomi/baomi.conf (a local edit survives an upgrade)" grep -qx /etc/baomi/baomi.conf "$CTRL/conffiles"
check "postinst: a shell script sh accepts" sh -n "$CTRL/postinst"
for s in preinst prerm postrm; do
	[ -f "$CTRL/$s" ] && check "$s: a shell script sh accepts" sh -n "$CTRL/$s"
done

# The postinst run with stubs: every command it may call records its arguments and does
# nothing; getent says no user yet. Absolute paths to a program would escape the stubs.
check "postinst calls no program by an absolute path" sh -c "! grep -nE '(^|[;&|[:space:]])/(usr/)?s?bin/' '$CTRL/postinst'"
STUBS="$WORK/stubs"
mkdir -p "$STUBS"
for c in getent adduser addgroup useradd groupadd install chown chmod mkdir systemctl \
	deb-systemd-helper deb-systemd-invoke systemd-sysusers systemd-tmpfiles invoke-rc.d \
	update-rc.d dpkg-maintscript-helper; do
	printf '#!/bin/sh\necho "%s $*" >>"%s"\n[ "%s" = getent ] && exit 2\nexit 0\n' \
		"$c" "$WORK/calls" "$c" >"$STUBS/$c"
	chmod +x "$STUBS/$c"
done
: >"$WORK/calls"
check "postinst configure runs (stubbed commands)" \
	env -i PATH="$STUBS:/nonexistent" DPKG_ROOT="$WORK/nowhere" "$(command -v sh)" "$CTRL/postinst" configure
check "postinst: asks whether the user baomi exists" grep -qx 'getent passwd baomi' "$WORK/calls"
check "postinst: creates the system user and group baomi, home /var/lib/baomi" \
	grep -qE '^adduser --system --group --home /var/lib/baomi .*baomi$' "$WORK/calls"
check "postinst: /var/lib/baomi, 0750, owned by baomi" \
	grep -qx 'install -d -m 0750 -o baomi -g baomi /var/lib/baomi' "$WORK/calls"
check "postinst: /var/backups/baomi, 0750, owned by baomi" \
	grep -qx 'install -d -m 0750 -o baomi -g baomi /var/backups/baomi' "$WORK/calls"
check "postinst: nothing enabled or started (the server needs baomi init first)" \
	sh -c "! grep -qE '^(systemctl|deb-systemd-invoke) .*(enable|start)|^deb-systemd-helper enable' '$WORK/calls'"

# --- 2. installed into a temporary root -------------------------------------------------
R="$WORK/root"
check "dpkg-deb -x: the package into a temporary root" dpkg-deb -x "$DEB" "$R"
check "the user of the units is the one the package creates" grep -qx 'User=baomi' "$R/usr/lib/systemd/system/baomi.service"
check "sysusers: the same user and home as the postinst" \
	grep -qE '^u baomi .*/var/lib/baomi' "$R/usr/lib/sysusers.d/baomi.conf"
check "tmpfiles: the state directory as the postinst makes it" \
	grep -q '^d /var/lib/baomi 0750 baomi baomi' "$R/usr/lib/tmpfiles.d/baomi.conf"
check "the unit runs the packaged binary with the packaged config" \
	grep -qx 'ExecStart=/usr/bin/baomi serve --config /etc/baomi/baomi.conf' "$R/usr/lib/systemd/system/baomi.service"
expect_rc "packaged: baomi --version" 0 "$R/usr/bin/baomi" --version
expect_out "packaged: its version is the package's" "^baomi $(field Version | sed 's/-.*//')"
DB="$WORK/pkg.db"
expect_rc "packaged: baomi init on a fresh database" 0 \
	env BAOMI_PASSWORD=Init@2026first "$R/usr/bin/baomi" init --db "$DB" --unit 打包测试单位
expect_rc "packaged: baomi check" 0 "$R/usr/bin/baomi" check --db "$DB"
expect_out "packaged: check passed" '检查通过 / check passed'
check "packaged: the man page is gzipped roff" sh -c "zcat '$R/usr/share/man/man1/baomi.1.gz' | grep -q '^\\.TH BAOMI 1 '"
check "packaged: the zh_CN page has the Chinese help" sh -c "zcat '$R/usr/share/man/zh_CN/man1/baomi.1.gz' | grep -q '运行 HTTP API 服务'"
check "packaged: the binary is stripped" sh -c "! file -L '$R/usr/bin/baomi' | grep -q 'not stripped'"

done_testing
