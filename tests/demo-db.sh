#!/usr/bin/env bash
# tests/demo-db.sh DEST — makes DEST a demo database: what `baomi demo --db DEST`
# makes at the current BAOMI_NOW (empty: the clock), with the accounts' hashes
# at minimal-cost Argon2id of the same demo password, so that each login of a
# test costs microseconds. A test build (make check's, -Dtest_clock=true) makes
# those hashes itself under BAOMI_TEST_FASTHASH=1, through the audited use
# cases, so DEST passes `baomi check` (SYS-3, issue 9 point 3); with another
# build the fasthash tool (tests/tools/fasthash.c) rewrites them afterwards,
# behind the chain, and DEST then does not check clean.
# DEST is the database alone: the audit key and the checkpoint file the demo
# makes beside it are removed (as when a template is copied), so the first
# checkpoint of a test makes a new key, as before.
#
#   BAOMI             the binary under test (required)
#   BAOMI_FASTHASH    the fasthash tool; default: tests/tools/fasthash in
#                     BAOMI's build directory; when absent the hashes stay
#   BAOMI_TEST_CACHE  a directory (tests/run.sh gives one per build): one
#                     template per BAOMI_NOW is built there once, under a
#                     lock, and copied; unset: built for this call
# The CLI suites (tests/cli/lib.sh demo_db) and the API and browser suites
# (tests/api/lib.mjs demoUnit) use it; t_demo.sh runs `baomi demo` itself.
set -eu
dest=${1:?usage: demo-db.sh DEST}
: "${BAOMI:?BAOMI must point at the baomi binary}"
fasthash=${BAOMI_FASTHASH:-$(dirname "$BAOMI")/tests/tools/fasthash}
demo_pw='Baomi@2026demo'

# build DB: a fresh demo unit in DB with cheap hashes.
build() {
	rm -f "$1" "$1-wal" "$1-shm" "$1.sm2key" "$1.checkpoints"
	BAOMI_TEST_FASTHASH=1 "$BAOMI" demo --db "$1" >/dev/null
	rm -f "$1.sm2key" "$1.checkpoints"
	if [ -x "$fasthash" ]; then
		"$fasthash" "$1" "$demo_pw" >/dev/null
	fi
}

if [ -z "${BAOMI_TEST_CACHE:-}" ]; then
	build "$dest"
	exit 0
fi
mkdir -p "$BAOMI_TEST_CACHE"
key=$(printf '%s' "${BAOMI_NOW:-now}" | tr -c 'A-Za-z0-9' '_')
template="$BAOMI_TEST_CACHE/demo-$key.db"
(
	flock 9
	if [ ! -s "$template" ]; then
		build "$template.tmp"
		mv "$template.tmp" "$template"
	fi
) 9>"$template.lock"
rm -f "$dest" "$dest-wal" "$dest-shm" "$dest.sm2key" "$dest.checkpoints"
cp "$template" "$dest"
