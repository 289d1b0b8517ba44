#!/usr/bin/env bash
# tests/pg/cli-pass.sh BUILD [t_name …] — the CLI suites (tests/cli/t_*.sh) against
# PostgreSQL (issue 12 point 3): starts one throw-away cluster (tests/pg/cluster.sh, its
# own directory under /tmp), runs the named suites (default: every one but the t_pg_*
# ones, which are PostgreSQL's own) in PostgreSQL mode (tests/cli/lib.sh: BAOMI_TEST_PG),
# each by tests/pg/cli-suite.sh (its own WORK, its databases dropped afterwards),
# BAOMI_TEST_JOBS at a time (default 2), and stops the cluster.
# Prints, suite by suite in the order given, its TAP and its diagnostics, each line
# prefixed by the suite's name ("t_basics: ok 1 - …"), then a summary line
#   # t_basics: 30 passed, 0 failed, 2 skipped (exit 0, 12 s)
# and at the end the totals. With --out DIR (before BUILD) each suite's TAP is also kept
# in DIR/t_name.tap (its stderr in DIR/t_name.stderr). Exits non-zero when a check failed,
# a suite exited non-zero, or the cluster did not start.
#
#   BAOMI   the binary under test (default BUILD/baomi; a test build: -Dtest_clock=true)
# Example (a converter's check of two suites on PostgreSQL):
#   BAOMI=$PWD/build/baomi bash tests/pg/cli-pass.sh build t_basics t_carrier
# tests/run.sh does not use this script: it starts one cluster itself and spawns
# tests/pg/cli-suite.sh per suite as its own job.
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
outdir=
if [ "${1:-}" = --out ]; then
	outdir=${2:?usage: cli-pass.sh [--out DIR] BUILD [t_name …]}
	shift 2
	mkdir -p "$outdir"
	outdir=$(cd "$outdir" && pwd)
fi
build=${1:?usage: cli-pass.sh [--out DIR] BUILD [t_name …]}
shift
: "${BAOMI:=$(cd "$build" && pwd)/baomi}"
[ -x "$BAOMI" ] || { echo "cli-pass.sh: $BAOMI is not an executable" >&2; exit 2; }
export BAOMI
suites=()
if [ $# -gt 0 ]; then
	for t in "$@"; do suites+=("$(basename "${t%.sh}")"); done
else
	for t in $(ls -S "$here"/cli/t_*.sh); do
		t=$(basename "$t" .sh)
		case $t in t_pg_*) continue ;; esac
		suites+=("$t")
	done
fi

pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
tmp=$(mktemp -d)
trap 'bash "$here/pg/cluster.sh" stop "$pgdir"; rm -rf "$tmp"' EXIT
# fsync and its kin off (cluster.sh --fast): no suite here crashes the server.
# BAOMI_TEST_PG_FAST=0 keeps them on (to compare).
fast=--fast
[ "${BAOMI_TEST_PG_FAST:-1}" = 0 ] && fast=
if ! bash "$here/pg/cluster.sh" start "$pgdir" $fast >/dev/null; then
	echo "not ok 1 - the PostgreSQL cluster for the CLI pass starts (tests/pg/cluster.sh)"
	exit 1
fi
export BAOMI_TEST_PG=$pgdir
# A suite that still makes a SQLite demo file (tests/demo-db.sh) reuses its templates.
export BAOMI_TEST_CACHE=${BAOMI_TEST_CACHE:-$tmp/cache}

pass_start=$(date +%s)
jobs=${BAOMI_TEST_JOBS:-2}
for t in "${suites[@]}"; do
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do wait -n 2>/dev/null || true; done
	(
		start=$(date +%s)
		bash "$here/pg/cli-suite.sh" "$t" >"$tmp/$t.tap" 2>"$tmp/$t.stderr"
		echo "$? $(($(date +%s) - start))" >"$tmp/$t.rc"
	) &
done
wait

total_p=0 total_f=0 total_s=0 bad=0
for t in "${suites[@]}"; do
	read -r rc secs <"$tmp/$t.rc" || rc=255 secs='?'
	sed "s/^/$t: /" "$tmp/$t.tap"
	sed "s/^/$t: /" "$tmp/$t.stderr"
	p=$(grep -cE '^ok [0-9]+' "$tmp/$t.tap")
	s=$(grep -cE '^ok [0-9]+.*# (SKIP|skip)' "$tmp/$t.tap")
	f=$(grep -cE '^not ok [0-9]+' "$tmp/$t.tap")
	p=$((p - s))
	echo "# $t: $p passed, $f failed, $s skipped (exit $rc, $secs s)"
	total_p=$((total_p + p)) total_f=$((total_f + f)) total_s=$((total_s + s))
	if [ "$rc" != 0 ] || [ "$f" -gt 0 ]; then bad=$((bad + 1)); fi
	if [ -n "$outdir" ]; then
		cp "$tmp/$t.tap" "$outdir/$t.tap"
		cp "$tmp/$t.stderr" "$outdir/$t.stderr"
	fi
done
echo "# PostgreSQL CLI pass: $total_p passed, $total_f failed, $total_s skipped; $bad of ${#suites[@]} suites not clean"
# Where the time went: the suites' processes (bash, baomi, psql) and the server's (the
# postmaster's finished children: one backend a connection, i.e. a baomi command).
tck=$(getconf CLK_TCK)
times >"$tmp/times"
client=$(tail -1 "$tmp/times" | awk '{ split($1, u, /[ms]/); split($2, s, /[ms]/); printf "%.1f", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
server=$(awk -v t="$tck" '{ printf "%.1f", ($14 + $15 + $16 + $17) / t }' \
	"/proc/$(head -1 "$pgdir/data/postmaster.pid" 2>/dev/null)/stat" 2>/dev/null)
echo "# wall $(($(date +%s) - pass_start)) s; CPU: suites ${client} s, PostgreSQL server ${server:-?} s"
[ "$bad" -eq 0 ]
