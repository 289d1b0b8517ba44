#!/bin/bash
# bench/scale.sh BUILD [SIZES...] — make bench-scale: builds the ledgers
# through the service layer's bulk path (bench_scale), each size grown from
# a copy of the one before, then measures each over HTTP (scale.py). The
# databases stay in BUILD/bench-scale/ (about 1.5 kB per carrier): a size
# already built is reused, since its measurement runs on a copy (remove
# BUILD/bench-scale/ to rebuild); SCALE_BUILD_ONLY=1 stops after building.
set -euo pipefail
build=${1:?usage: scale.sh BUILD [SIZES...]}
shift
sizes=("${@:-10000 100000 1000000}")
# shellcheck disable=SC2206
sizes=(${sizes[*]})
dir=$build/bench-scale
here=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$dir"
prev=
for n in "${sizes[@]}"; do
	db=$dir/ledger-$n.db
	if [ ! -f "$db.done" ]; then
		rm -f "$db" "$db-wal" "$db-shm"
		if [ -n "$prev" ]; then
			sqlite3 "$prev" "VACUUM INTO '$db'"
		else
			"$build/baomi" demo --db "$db" >/dev/null
		fi
		echo "== building $n carriers"
		"$build/bench/bench_scale" "$db" "$n" 5000
		touch "$db.done"
	fi
	prev=$db
done
[ -n "${SCALE_BUILD_ONLY:-}" ] && exit 0
for n in "${sizes[@]}"; do
	db=$dir/ledger-$n.db
	run=$dir/run-$n.db
	rm -f "$run" "$run-wal" "$run-shm"
	sqlite3 "$db" "VACUUM INTO '$run'"
	python3 "$here/scale.py" "$build/baomi" "$run" --label "$n"
	rm -f "$run" "$run-wal" "$run-shm"
done
