#!/usr/bin/env bash
# bench/http.sh BUILD [N] [NREG] — make bench's HTTP part: bench_http (N requests per client,
# default 2000) and bench_register (NREG registrations per client, default 200), each ONE
# run that measures the bare handler / raw baselines and, against them, baomi on SQLite
# (served in the bench's process, a fresh `baomi demo` database) and on PostgreSQL
# (issue 12 point 5): a throw-away cluster (tests/pg/cluster.sh, its settings printed),
# `baomi demo` in it, one `baomi serve`, then two `baomi serve` on that one database with
# the 16 clients spread over both. The CPU per request counts the servers' and the
# cluster's processes too (--cpu-pid). Afterwards the chain must be one gap-free sequence
# and `baomi audit verify` and `baomi check` must pass on PostgreSQL.
# Without PostgreSQL's server programs (initdb, pg_ctl) the PostgreSQL part is skipped and
# the reason printed; the SQLite figures are taken as before.
set -euo pipefail
build=${1:?usage: http.sh BUILD [N] [NREG]}
n=${2:-2000}
nreg=${3:-200}
root=$(cd "$(dirname "$0")/.." && pwd)
baomi=$build/baomi
work=$build/bench-http
rm -rf "$work"
mkdir -p "$work"

"$baomi" demo --db "$work/demo.db" >/dev/null
cp "$work/demo.db" "$work/register.db"

pgdir=$(mktemp -u /tmp/baomi-pgbench.XXXXXX)
servers=()
cleanup() {
	local pid
	for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; done
	servers=()
	bash "$root/tests/pg/cluster.sh" stop "$pgdir" 2>/dev/null || true
}
trap cleanup EXIT

# serve LOG: `baomi serve` on a free loopback port against $BAOMI_DB, 16 workers as the
# in-process server has; its pid appended to servers, its URL in $SERVED.
serve() {
	local _
	"$baomi" serve --listen 127.0.0.1:0 --threads 16 >"$1" 2>"$1.err" &
	servers+=($!)
	for _ in $(seq 1 600); do
		SERVED=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$1" | head -1 || true)
		if [ -n "$SERVED" ] && curl -fs "$SERVED/api/v1/health" >/dev/null; then return 0; fi
		sleep 0.1
	done
	echo "bench: baomi serve did not start on PostgreSQL:" >&2
	tail -5 "$1.err" >&2
	return 1
}

http_args=()
reg_args=()
pg=
if ! command -v psql >/dev/null 2>&1; then
	skip="psql not found (Debian's postgresql-client)"
elif ! url=$(bash "$root/tests/pg/cluster.sh" start "$pgdir" 2>"$work/cluster.err"); then
	skip=$(tail -1 "$work/cluster.err")
else
	pg=1
	export BAOMI_DB=$url BAOMI_AUDIT_KEY=$work/pg.sm2key BAOMI_CHECKPOINTS=$work/pg.checkpoints
	super="postgresql://postgres@/postgres?host=$pgdir"
	echo "PostgreSQL: $(psql -X -A -t "$super" -c 'SHOW server_version') on a Unix socket," \
		"$(psql -X -A -t "$super" -c "SELECT string_agg(name || '=' || current_setting(name), ', ' ORDER BY name)
			FROM pg_settings WHERE name IN ('synchronous_commit', 'fsync', 'full_page_writes',
			'wal_sync_method', 'commit_delay', 'shared_buffers')")"
	"$baomi" demo --db "$url" --audit-key "$BAOMI_AUDIT_KEY" \
		--checkpoints "$BAOMI_CHECKPOINTS" >/dev/null
	# The raw baseline's tables go to a database of their own, not into baomi's.
	psql -X -q "$super" -c 'CREATE DATABASE bench_raw OWNER baomi' >/dev/null
	serve "$work/serve-1.log"
	s1=$SERVED
	serve "$work/serve-2.log"
	s2=$SERVED
	postmaster=$(head -1 "$pgdir/data/postmaster.pid")
	http_args=(--target "PostgreSQL, 1 server=$s1" --target "PostgreSQL, 2 servers=$s1,$s2"
		--cpu-pid "${servers[0]}" --cpu-pid "${servers[1]}" --cpu-pid "$postmaster")
	reg_args=("${http_args[@]}" --raw-pg "postgresql://baomi@/bench_raw?host=$pgdir")
fi

[ -n "$pg" ] || echo "PostgreSQL part skipped: $skip"
echo "== bench_http: $n requests per client"
"$build/bench/bench_http" "$work/demo.db" "$n" health,me,carrier "${http_args[@]}" \
	2>"$work/bench_http.err" || { tail -5 "$work/bench_http.err" >&2; exit 1; }
echo "== bench_register: $nreg registrations per client"
"$build/bench/bench_register" "$work/register.db" "$nreg" "${reg_args[@]}" \
	2>"$work/bench_register.err" || { grep -v '^POST\|^GET' "$work/bench_register.err" |
	tail -5 >&2; exit 1; }

if [ -z "$pg" ]; then
	echo "PostgreSQL part skipped: $skip"
	exit 0
fi
for pid in "${servers[@]}"; do
	kill "$pid"
	wait "$pid" || { echo "bench: a baomi serve did not stop cleanly" >&2; exit 1; }
done
servers=()
chain=$(psql -X -A -t "$url" -c "SELECT count(*) || ' events, seq ' || min(seq) || '..' ||
	max(seq) || CASE WHEN count(*) = max(seq) AND min(seq) = 1 AND max(seq) =
	(SELECT seq FROM audit_head) THEN ', gap-free' ELSE ', NOT gap-free' END FROM audit_event")
"$baomi" audit verify >"$work/verify.out" 2>&1 && verify=ok || verify=FAILED
"$baomi" check >"$work/check.out" 2>&1 && check=ok || check=FAILED
echo "PostgreSQL audit chain after both servers: $chain; audit verify $verify; check $check"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$verify$check" != okok ] || [[ $chain != *", gap-free" ]]; then
	tail -3 "$work/verify.out" "$work/check.out" >&2
	exit 1
fi
rm -f "$work"/*.err "$work"/serve-*.log
