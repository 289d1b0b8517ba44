#!/usr/bin/env bash
# Installs every Debian package baomi needs to build, run and test.
# Idempotent: it asks apt only for what is missing, so a second run is quick.
set -euo pipefail

# debhelper and dpkg-dev build `make deb` (issue 15); tests/package/t_package.sh runs it and
# reads the package with dpkg-deb, file and zcat. debian/control says Rules-Requires-Root: no,
# so no fakeroot is needed; it is here for a -rfakeroot build as a plain user all the same.
# python3-yaml lets checksrc load docs/openapi.yaml as YAML (Debian's interpreter).
# clang and libclang-rt-14-dev (libFuzzer's runtime) build `make fuzz` (tests/fuzz).
# postgresql and postgresql-contrib (pg_trgm) give the PostgreSQL suites their throw-away
# cluster (tests/pg/cluster.sh: initdb and pg_ctl from /usr/lib/postgresql/VERSION/bin);
# libpq-dev builds the PostgreSQL back end (issue 12); postgresql-client gives the pg_dump and
# pg_restore that `baomi backup` runs on a PostgreSQL database (src/store/pg_backup.c). jq reads the CLI's --json output in
# the CLI suites; curl is their HTTP client (t_alerts, t_pg_workflow's two servers).
pkgs=(
  build-essential pkg-config meson ninja-build
  libsqlite3-dev libpq-dev libmicrohttpd-dev libjansson-dev libsodium-dev
  libssl-dev libcmocka-dev libxlsxwriter-dev libqrencode-dev
  libcsv-dev libfreexl-dev libgsf-1-dev libzip-dev libexpat1-dev
  sqlite3 python3 python3-yaml openssl clang clang-format libclang-rt-14-dev
  postgresql postgresql-contrib postgresql-client jq curl
  chromium fonts-wqy-microhei
  debhelper dpkg-dev fakeroot file git
)
# The API and browser suites run on Node.js (18 or later, node:test); take
# Debian's when the machine has none of its own.
if ! command -v node >/dev/null 2>&1; then
  pkgs+=(nodejs npm)
fi

missing=()
for p in "${pkgs[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps: installing ${missing[*]}" >&2
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo_cmd apt-get update -qq
  $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# The browser tests (tests/e2e) drive Debian's chromium with npm playwright-core
# (package.json, pinned in package-lock.json); no browser is ever downloaded.
cd "$(dirname "$0")/.."
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
# A node_modules that is a symbolic link (a git worktree sharing the main checkout's) is
# that checkout's: npm ci would empty the directory it points to, so it is left alone.
if [ -L node_modules ]; then
  echo "deps: node_modules is a link to $(readlink node_modules): npm left alone" >&2
elif [ -f package.json ] && command -v npm >/dev/null 2>&1; then
  if [ -f package-lock.json ]; then
    if [ ! -d node_modules/playwright-core ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      echo "deps: npm ci" >&2
      npm ci --no-audit --no-fund >&2
    fi
  elif [ ! -d node_modules/playwright-core ]; then
    echo "deps: npm install" >&2
    npm install --no-audit --no-fund >&2
  fi
fi
