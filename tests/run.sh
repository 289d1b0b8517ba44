#!/usr/bin/env bash
# tests/run.sh BUILD [BUILD_SAN] — runs every suite and sums the TAP results.
#
# Suites: the cmocka unit tests of each build (TAP via CMOCKA_MESSAGE_OUTPUT),
# the fuzz corpora replayed (tests/fuzz/corpus/*, by each build's replay_*),
# the CLI tests (tests/cli/t_*.sh) and the API tests (tests/api/*.test.mjs,
# node's built-in runner) against each build's binary, the browser tests
# (tests/e2e/*.test.mjs, chromium) against the first build only, and the source
# checks (tests/checksrc.sh). The last line is "N passed, N failed".
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
out="$root/tests/out"
rm -rf "$out"
mkdir -p "$out"

passed=0
failed=0
skipped=0

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

# run_suite NAME EXPECTED_EXIT_OK CMD...: runs a TAP producer; a crash counts as a failure.
run_suite() {
	local name=$1
	shift
	local file="$out/$(echo "$name" | tr '/ ' '__').tap"
	"$@" >"$file" 2>"$file.stderr"
	local rc=$?
	count "$file" "$name"
	if [ "$rc" -ne 0 ] && ! grep -qE '^not ok' "$file"; then
		failed=$((failed + 1))
		echo "    $name exited $rc without a failing test (crash?); see $file.stderr"
		tail -5 "$file.stderr" | sed 's/^/    /'
	fi
}

for build in "$@"; do
	[ -d "$build" ] || continue
	tag=$(basename "$build")
	for t in "$build"/tests/unit/test_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		run_suite "$tag/unit/$(basename "$t")" env CMOCKA_MESSAGE_OUTPUT=TAP "$t"
	done
	# The fuzz drivers replayed over their corpora (tests/fuzz/README.md): one
	# TAP line a file; a broken invariant or a sanitizer report aborts the run.
	for t in "$build"/tests/fuzz/replay_*; do
		[ -f "$t" ] && [ -x "$t" ] || continue
		d=$(basename "$t")
		d=${d#replay_}
		run_suite "$tag/fuzz/$d" env UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
			"$t" "tests/fuzz/corpus/$d"
	done
	for t in tests/cli/t_*.sh; do
		[ -f "$t" ] || continue
		work=$(mktemp -d)
		run_suite "$tag/cli/$(basename "$t" .sh)" env BAOMI="$root/$build/baomi" WORK="$work" \
			BAOMI_DB= BAOMI_USER= BAOMI_PASSWORD= bash "$t"
		rm -rf "$work"
	done
	# The API suites (tests/api/*.test.mjs): node's built-in runner starts the real
	# server per file on a loopback port. Its TAP lists each test once at the left
	# margin (files are not nested), so count() sees one line per test.
	if ls tests/api/*.test.mjs >/dev/null 2>&1; then
		if command -v node >/dev/null 2>&1; then
			run_suite "$tag/api" env BAOMI="$root/$build/baomi" BAOMI_DB= BAOMI_USER= BAOMI_PASSWORD= \
				BAOMI_NOW= node --test --test-reporter=tap tests/api/
		else
			echo "ok 1 - api suite # SKIP node (20 or later) is not installed" >"$out/$tag.api.tap"
			count "$out/$tag.api.tap" "$tag/api"
		fi
	fi
done

# The browser suites (tests/e2e/*.test.mjs): Debian's chromium driven by npm
# playwright-core against the real server, once, with the plain build (the
# first argument). Screenshots land in tests/out/screenshots/.
e2e_build=${1:-}
if [ -n "$e2e_build" ] && [ -d "$e2e_build" ] && ls tests/e2e/*.test.mjs >/dev/null 2>&1; then
	e2e_tag="$(basename "$e2e_build")/e2e"
	if [ ! -x /usr/bin/chromium ] || [ ! -d node_modules/playwright-core ] || ! command -v node >/dev/null 2>&1; then
		echo "ok 1 - browser suite # SKIP needs /usr/bin/chromium, node and node_modules/playwright-core (make deps)" \
			>"$out/e2e.tap"
		count "$out/e2e.tap" "$e2e_tag"
	else
		run_suite "$e2e_tag" env BAOMI="$root/$e2e_build/baomi" BAOMI_DB= BAOMI_USER= BAOMI_PASSWORD= \
			BAOMI_NOW= PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 node --test --test-reporter=tap tests/e2e/
	fi
fi

run_suite "checksrc" bash tests/checksrc.sh

echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" -eq 0 ]
