#!/usr/bin/env bash
# tests/run.sh BUILD [BUILD_SAN] — runs every suite and sums the TAP results.
#
# Suites: the cmocka unit tests of the last build (TAP via CMOCKA_MESSAGE_OUTPUT; the
# sanitized one under `make check`: the plain build runs the same tests, and make check's
# time goes to the suites only the plain build runs, below),
# the fuzz corpora replayed (tests/fuzz/corpus/*, by the last build's replay_*),
# the package suite (tests/package/t_*.sh: make deb, make install), the CLI
# tests (tests/cli/t_*.sh) and the API tests (tests/api/*.test.mjs,
# node's built-in runner) once, against the last build's binary (the
# sanitized one under `make check`, so they run under ASan and UBSan), the
# browser tests (tests/e2e/*.test.mjs, chromium) against the first build, and
# the source checks (tests/checksrc.sh). The CLI and the API suites run once
# more against PostgreSQL (issue 12 point 3) with the first (plain) build: the
# API pass by tests/pg/api-pass.sh, each CLI suite but the t_pg_* ones (which
# are PostgreSQL's own and start their own clusters) as a job of its own
# (BUILD/cli-pg/t_x, tests/pg/cli-suite.sh) in one throw-away cluster that
# this script starts before the spawns and removes after them; without
# PostgreSQL's initdb both passes are one skipped line each, saying why.
# The last line is "N passed, N failed".
#
# The suites are independent (each has its own WORK directory, database and
# loopback port), so they run as parallel jobs, BAOMI_TEST_JOBS at a time
# (default: one more than the cores); each writes its own TAP file, and the files are
# counted afterwards in a fixed order, so the sums do not depend on timing.
# The demo databases the suites start from are built once per build and
# BAOMI_NOW (tests/demo-db.sh, in tests/out/cache-BUILD) and copied.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/tests/out"
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
skipped=0

# The suites fix "now" with BAOMI_NOW, which only a test build honours
# (meson -Dtest_clock=true; make check configures its builds so).
for b in "$@"; do
	if ! grep -q '"name": "test_clock", "value": true' "$b/meson-info/intro-buildoptions.json" 2>/dev/null; then
		echo "tests/run.sh: $b is not a test build: meson configure $b -Dtest_clock=true (make check does)" >&2
		exit 2
	fi
done

# count FILE SUITE: adds a TAP stream's results to the totals.
count() {
	local file=$1 suite=$2 p f s
	p=$(grep -cE '^ok [0-9]+' "$file" || true)
	s=$(grep -cE '^ok [0-9]+.*# (SKIP|skip)' "$file" || true)
	f=$(grep -cE '^not ok [0-9]+' "$file" || true)
	p=$((p - s))
	passed=$((passed + p))
	failed=$((failed + f))
	skipped=$((skipped + s))
	printf '%-44s %4d passed, %d failed%s\n' "$suite" "$p" "$f" \
		"$([ "$s" -gt 0 ] && echo ", $s skipped")"
	if [ "$f" -gt 0 ]; then grep -E '^not ok' "$file" | head -20 | sed 's/^/    /'; fi
}

# spawn NAME CMD...: starts a TAP producer as a background job (at most
# $jobs at once); finish() counts it later, in the order spawned.
# One job more than cores: the suites wait on their servers part of the time.
jobs=${BAOMI_TEST_JOBS:-$(($(nproc 2>/dev/null || echo 2) + 1))}
names=()
spawn() {
	local name=$1
	shift
	local file="$out/$(echo "$name" | tr '/ ' '__').tap"
	names+=("$name")
	while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
		wait -n 2>/dev/null || true
	done
	(
		"$@" >"$file" 2>"$file.stderr"
		echo $? >"$file.rc"
	) &
}

# finish NAME: adds a finished job's results; a crash counts as a failure.
finish() {
	local name=$1
	local file="$out/$(echo "$name" | tr '/ ' '__').tap"
	local rc
	rc=$(cat "$file.rc" 2>/dev/null || echo 255)
	count "$file" "$name"
	if [ "$rc" -ne 0 ] && ! grep -qE '^not ok' "$file"; then
		failed=$((failed + 1))
		echo "    $name exited $rc without a failing test (crash?); see $file.stderr"
		tail -5 "$file.stderr" | sed 's/^/    /'
	fi
}

# skip NAME REASON: a suite that cannot run here counts as one skipped test.
skip() {
	local file="$out/$(echo "$1" | tr '/ ' '__').tap"
	names+=("$1")
	echo "ok 1 - $1 # SKIP $2" >"$file"
	echo 0 >"$file.rc"
}

builds=()
for build in "$@"; do
	[ -d "$build" ] && builds+=("$build")
done
if [ "${#builds[@]}" -eq 0 ]; then
	echo "usage: tests/run.sh BUILD [BUILD_SAN] (no build directory given)" >&2
	exit 2
fi
first=${builds[0]}
last=${builds[${#builds[@]} - 1]}
have_node=$(command -v node >/dev/null 2>&1 && echo 1)
# with BUILD CMD...: runs CMD against BUILD's binary, in the environment of every
# suite that runs it (the demo templates cached per build).
with() {
	local b=$1
	shift
	env BAOMI="$root/$b/baomi" BAOMI_TEST_CACHE="$out/cache-$(basename "$b")" \
		BAOMI_DB= BAOMI_USER= BAOMI_PASSWORD= "$@"
}

# Every PostgreSQL cluster of the run (the passes' two, each t_pg_* suite's own) is a copy
# of one initdb's output, made by the first start (tests/pg/cluster.sh, BAOMI_TEST_PG_INITDB)
# and removed at the end.
pginit=$(mktemp -u /tmp/baomi-pginit.XXXXXX)
export BAOMI_TEST_PG_INITDB=$pginit
cleanup() {
	[ -z "$pgcli" ] || bash tests/pg/cluster.sh stop "$pgcli"
	bash tests/pg/cluster.sh initdb-stop "$pginit"
}
pgcli=
trap cleanup EXIT

# The longest suites start first: the source checks (one process the whole
# run would otherwise wait for at its end), the API and browser suites, then
# the CLI suites by size, then the unit tests and fuzz replays.
ltag=$(basename "$last")
ftag=$(basename "$first")
spawn "checksrc" bash tests/checksrc.sh
workdirs=()
# The package (tests/package/t_package.sh: `make deb` through dpkg-buildpackage, the
# package in a temporary root, `make install` on its build) compiles the release binary
# itself: it starts first, so that its compiles overlap the other suites.
for t in tests/package/t_*.sh; do
	[ -f "$t" ] || continue
	work=$(mktemp -d)
	workdirs+=("$work")
	spawn "package/$(basename "$t" .sh)" with "$last" WORK="$work" bash "$t"
done
if ls tests/api/*.test.mjs >/dev/null 2>&1; then
	# node's runner starts the real server per file on a loopback port; its TAP
	# lists each test once at the left margin, so count() sees one line a test.
	if [ -n "$have_node" ]; then
		spawn "$ltag/api" with "$last" BAOMI_NOW= \
			node --test --test-concurrency=2 --test-reporter=tap tests/api/
	else
		skip "$ltag/api" "node (20 or later) is not installed"
	fi
	# The same suites against PostgreSQL (issue 12 point 3), with the plain build (the
	# first argument): tests/pg/api-pass.sh starts one throw-away cluster for the pass
	# and removes it; a suite that reads the SQLite file itself reports its tests skipped.
	if [ -z "$have_node" ]; then
		skip "$ftag/api-pg" "node (20 or later) is not installed"
	elif [ -z "${PG_BINDIR:-}" ] && ! command -v initdb >/dev/null 2>&1 &&
		! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
		skip "$ftag/api-pg" "PostgreSQL's initdb is not installed (Debian's postgresql; make deps)"
	else
		spawn "$ftag/api-pg" with "$first" BAOMI_NOW= bash tests/pg/api-pass.sh
	fi
fi

# The browser suites (tests/e2e/*.test.mjs): Debian's chromium driven by npm
# playwright-core against the real server, once, with the plain build (the
# first argument). Screenshots land in tests/out/screenshots/.
if ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
	e2e_tag="$(basename "$first")/e2e"
	if [ ! -x /usr/bin/chromium ] || [ ! -d node_modules/playwright-core ] || [ -z "$have_node" ]; then
		skip "$e2e_tag" "needs /usr/bin/chromium, node and node_modules/playwright-core (make deps)"
	else
		spawn "$e2e_tag" with "$first" BAOMI_NOW= PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 \
			node --test --test-reporter=tap tests/e2e/
	fi
fi

# The CLI suites on PostgreSQL (issue 12 point 3, tests/cli/lib.sh's PostgreSQL mode):
# one cluster for them all, started here and removed after the last job; each suite is a
# job of its own beside its SQLite run (tests/pg/cli-suite.sh: its own WORK, its
# databases dropped when it ends), against the plain build. A check about the SQLite
# file itself reports a TAP skip naming why (lib.sh pg_skip).
if [ -z "${PG_BINDIR:-}" ] && ! command -v initdb >/dev/null 2>&1 &&
	! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
	skip "$ftag/cli-pg" "PostgreSQL's initdb is not installed (Debian's postgresql; make deps)"
else
	pgcli=$(mktemp -u /tmp/baomi-pg.XXXXXX)
	# (fsync and its kin off, cluster.sh --fast: no CLI suite crashes the server)
	if ! bash tests/pg/cluster.sh start "$pgcli" --fast >/dev/null 2>"$out/cli-pg-cluster.stderr"; then
		names+=("$ftag/cli-pg")
		echo "not ok 1 - the PostgreSQL cluster of the CLI suites starts (tests/pg/cluster.sh; see $out/cli-pg-cluster.stderr)" \
			>"$out/${ftag}_cli-pg.tap"
		echo 1 >"$out/${ftag}_cli-pg.tap.rc"
		pgcli=
	fi
fi

# Longest first (by size), each suite's PostgreSQL run (the slower) before its SQLite one.
for t in $(ls -S tests/cli/t_*.sh 2>/dev/null); do
	name=$(basename "$t" .sh)
	if [ -n "$pgcli" ] && [ "${name#t_pg_}" = "$name" ]; then
		spawn "$ftag/cli-pg/$name" with "$first" BAOMI_TEST_PG="$pgcli" \
			bash tests/pg/cli-suite.sh "$name"
	fi
	work=$(mktemp -d)
	workdirs+=("$work")
	# (the CLI fixture unit copied from a template built once, tests/cli/fixture.sh; the
	# t_pg_* suites build theirs step by step, beside their PostgreSQL twin)
	fixture_cache="$out/fixture-$ltag"
	[ "${name#t_pg_}" = "$name" ] || fixture_cache=
	spawn "$ltag/cli/$name" with "$last" WORK="$work" BAOMI_TEST_FIXTURE_CACHE="$fixture_cache" bash "$t"
done

for build in "$last"; do
	tag=$(basename "$build")
	n_unit=0
	for t in "$build"/tests/unit/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		n_unit=$((n_unit + 1))
		spawn "$tag/unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
	done
	# cmocka is required (meson.build): a build without unit tests is a failure.
	if [ "$n_unit" -eq 0 ]; then
		names+=("$tag/unit")
		echo "not ok 1 - $tag has no unit test binaries (is cmocka installed? make deps)" \
			>"$out/${tag}_unit.tap"
		echo 1 >"$out/${tag}_unit.tap.rc"
	fi
	# The fuzz drivers replayed over their corpora (tests/fuzz/README.md): one
	# TAP line a file; a broken invariant or a sanitizer report aborts the run.
	for t in "$build"/tests/fuzz/replay_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		d=$(basename "$t")
		d=${d#replay_}
		spawn "$tag/fuzz/$d" env UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
			"$t" "tests/fuzz/corpus/$d"
	done
done

wait
rm -rf "${workdirs[@]}"
cleanup
trap - EXIT

# Counted in a fixed order: plain build first, then the sanitized one.
order() {
	local n
	for n in "${names[@]}"; do echo "$n"; done | sort -s -t/ -k1,1
}
while IFS= read -r n; do
	finish "$n"
done < <(order)

echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
