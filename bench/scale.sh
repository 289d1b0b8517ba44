#!/bin/bash
# bench/scale.sh BUILD [SIZES...] — make bench-scale: builds the ledgers
# through the service layer's bulk path (bench_scale), each size grown from
# a copy of the one before, then measures each over HTTP (scale.py). The
# databases stay in BUILD/bench-scale/ (about 1.5 kB per carrier): a size
# already built is reused, since its measurement runs on a copy (remove
# BUILD/bench-scale/ to rebuild); SCALE_BUILD_ONLY=1 stops after building.
# PostgreSQL (issue 12 point 5): each size also in SCALE_PG_SIZES (default 10000; empty:
# none) is copied by `baomi migrate` into a throw-away cluster (tests/pg/cluster.sh) and
# measured there by the same scale.py, right after its SQLite run; without PostgreSQL's
# server programs that part is skipped, saying why.
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

# scale_pg N: a fresh copy of the N ledger (as the SQLite run had: that run changed its
# own) migrated into a throw-away cluster and measured there; scale.py's counts in SQL read
# the copy. The audit key and checkpoints are the first ledger's (`baomi demo` made them;
# the larger ledgers grew from it, so they share its key).
pgdir=
trap 'if [ -n "$pgdir" ]; then bash "$here/../tests/pg/cluster.sh" stop "$pgdir"; fi' EXIT
scale_pg() {
	local n=$1 run=$dir/pg-$1.db first=$dir/ledger-${sizes[0]}.db url
	pgdir=$(mktemp -u /tmp/baomi-pgscale.XXXXXX)
	if ! url=$(bash "$here/../tests/pg/cluster.sh" start "$pgdir" 2>"$dir/cluster.err"); then
		echo "== $n on PostgreSQL skipped: $(tail -1 "$dir/cluster.err")"
		pgdir=
		return 0
	fi
	rm -f "$run" "$run-wal" "$run-shm"
	sqlite3 "$dir/ledger-$n.db" "VACUUM INTO '$run'"
	cp "$first.checkpoints" "$run.checkpoints"
	echo "== $n: baomi migrate into PostgreSQL"
	"$build/baomi" migrate --from "$run" --to "$url" --audit-key "$first.sm2key" \
		--checkpoints "$run.checkpoints" >/dev/null
	BAOMI_AUDIT_KEY=$first.sm2key BAOMI_CHECKPOINTS=$run.checkpoints \
		python3 "$here/scale.py" "$build/baomi" "$run" --serve "$url" --label "$n on PostgreSQL"
	bash "$here/../tests/pg/cluster.sh" stop "$pgdir"
	pgdir=
	rm -f "$run" "$run-wal" "$run-shm" "$run.checkpoints"
}
for n in "${sizes[@]}"; do
	db=$dir/ledger-$n.db
	run=$dir/run-$n.db
	rm -f "$run" "$run-wal" "$run-shm"
	sqlite3 "$db" "VACUUM INTO '$run'"
	python3 "$here/scale.py" "$build/baomi" "$run" --label "$n"
	rm -f "$run" "$run-wal" "$run-shm"
	if [[ " ${SCALE_PG_SIZES-10000} " == *" $n "* ]]; then
		scale_pg "$n"
	fi
done
