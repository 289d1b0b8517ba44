#!/usr/bin/env bash
# tests/fuzz/fuzz.sh BUILD_FUZZ SECONDS DRIVER... — `make fuzz`: runs each
# libFuzzer driver for SECONDS over its seed corpus (tests/fuzz/corpus/NAME,
# read only) and the inputs found so far (BUILD_FUZZ/fuzz-out/NAME/corpus,
# where new ones are written). A crash leaves its input in
# BUILD_FUZZ/fuzz-out/NAME/ (crash-*, leak-*, timeout-*) and fails the run.
# tests/fuzz/NAME.dict, when present, is the driver's dictionary. Extra
# libFuzzer flags come from $FUZZ_FLAGS (e.g. FUZZ_FLAGS=-jobs=2).
set -u
cd "$(dirname "$0")/../.."
build=$1
seconds=$2
shift 2
status=0
for d in "$@"; do
	bin="$build/tests/fuzz/fuzz_$d"
	out="$build/fuzz-out/$d"
	mkdir -p "$out/corpus"
	# Output is filtered below (the http server logs a line a request), so a
	# broken invariant's "fuzz:" message still shows.
	extra=()
	# Route segments, field names, policy keys: words mutation rarely spells.
	[ -f "tests/fuzz/$d.dict" ] && extra+=(-dict="tests/fuzz/$d.dict")
	echo "== fuzz $d: ${seconds}s, new inputs in $out/corpus"
	# shellcheck disable=SC2086
	nice -n 10 "$bin" -max_total_time="$seconds" -timeout=30 -print_final_stats=1 \
		-artifact_prefix="$out/" "${extra[@]}" ${FUZZ_FLAGS:-} "$out/corpus" "tests/fuzz/corpus/$d" \
		2>&1 | grep -E '^(#[0-9]+[[:space:]]+(INITED|DONE)|stat::|==[0-9]+==|SUMMARY|fuzz:|artifact_prefix|Test unit written|INFO: (Seed|Loaded))' 
	rc=${PIPESTATUS[0]}
	if [ "$rc" -ne 0 ]; then
		echo "!! fuzz $d failed (exit $rc); the input is in $out/"
		status=1
	fi
done
exit $status
