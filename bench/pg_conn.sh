#!/usr/bin/env bash
# bench/pg_conn.sh — what one PostgreSQL connection of the CLI costs the server: for each
# binary given, a throw-away cluster (tests/pg/cluster.sh --fast) with the demo unit, then
# N commands of each kind, one connection each: a read (`carrier list`: its login and
# its audit event are writes of no bound row), a read-only open (`audit verify`) and a
# write of a bound row (`org dept-add`), autovacuum off. Prints per kind the server's CPU per command (the
# postmaster's finished children: /proc/PID/stat cutime + cstime) and the wall time per
# command, then the statements one `carrier list` sends (log_statement = all), as
#   BIN KIND: N commands, server CPU X ms/command, wall Y ms/command
# Usage: N=200 bash bench/pg_conn.sh OLD/baomi NEW/baomi   (test builds: -Dtest_clock=true)
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-200}
tck=$(getconf CLK_TCK)
server_cpu() { # the postmaster's finished children's CPU, in ticks
	awk '{ print $16 + $17 }' "/proc/$(head -1 "$pgdir/data/postmaster.pid")/stat"
}
now_ms() { date +%s%3N; }
run() { # KIND then the command, N times
	local kind=$1 c0 t0 i
	shift
	c0=$(server_cpu) t0=$(now_ms)
	for i in $(seq 1 "$N"); do "$@" "$i" >/dev/null 2>&1 || { echo "$kind failed" >&2; return 1; }; done
	printf '%s %-12s %d commands, server CPU %.2f ms/command, wall %.1f ms/command\n' "$bin" \
		"$kind:" "$N" "$(echo "($(server_cpu) - $c0) * 1000 / $tck / $N" | bc -l)" \
		"$(echo "($(now_ms) - $t0) / $N" | bc -l)"
}
list() { "$bin" carrier list --user clerk; }
verify() { "$bin" audit verify; }
dept() { "$bin" org dept-add "测速科$1" --user sysadmin; }
for bin in "$@"; do
	pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
	work=$(mktemp -d)
	url=$(bash "$root/tests/pg/cluster.sh" start "$pgdir" --fast) || exit 1
	export BAOMI_DB=$url BAOMI_PASSWORD=Baomi@2026demo BAOMI_AUDIT_KEY=$work/k \
		BAOMI_CHECKPOINTS=$work/c
	# No autovacuum worker (a finished child too) lands in a command's CPU.
	psql -X -q "postgresql://postgres@/baomi?host=$pgdir" -c "ALTER SYSTEM SET autovacuum = off" \
		-c "SELECT pg_reload_conf()" >/dev/null
	"$bin" demo >/dev/null 2>&1 || { echo "demo failed" >&2; exit 1; }
	list 0 >/dev/null 2>&1 # warm: the first command after demo
	run read list
	run read-only verify
	run write dept
	psql -X -q "postgresql://postgres@/baomi?host=$pgdir" -c "ALTER SYSTEM SET log_statement = 'all'" \
		-c "SELECT pg_reload_conf()" >/dev/null
	sleep 1
	: >"$pgdir/server.log"
	list 1 >/dev/null 2>&1
	echo "$bin carrier list: $(grep -cE 'LOG:  (statement|execute)' "$pgdir/server.log") statements," \
		"$(grep -cE 'LOG:  statement: (SET|CREATE TEMP)' "$pgdir/server.log") of them SET or CREATE TEMP"
	bash "$root/tests/pg/cluster.sh" stop "$pgdir"
	rm -rf "$work"
done
