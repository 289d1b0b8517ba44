# tests/cli/pg_lib.sh — what the PostgreSQL suites (t_pg_*.sh) share. Source it after
# lib.sh: it starts a throw-away cluster (tests/pg/cluster.sh) and stops it on exit,
# with every `baomi serve` a suite started ($servers), and gives `sql` on it and the
# helpers of issue 12 point 2 (two servers on one database, a row held by another session).
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The cluster's directory is its own under /tmp: when root, its system user must reach it,
# and $WORK may be a directory only root can enter.
pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
servers=()
# stop_tree PID: stops PID and every process under it, children first (a server started
# through a wrapper, a function run in the background, is that subshell's child: killing
# the subshell alone leaves the server running), and reaps PID.
stop_tree() {
	local child
	for child in $(pgrep -P "$1" 2>/dev/null); do stop_tree "$child"; done
	kill "$1" 2>/dev/null
	wait "$1" 2>/dev/null
	return 0
}
stop_all() {
	local pid
	for pid in "${servers[@]}"; do stop_tree "$pid"; done
	bash "$here/pg/cluster.sh" stop "$pgdir"
}
trap stop_all EXIT
url=$(bash "$here/pg/cluster.sh" start "$pgdir" --fast)
# sql STATEMENT: runs it on the cluster as baomi; the rows unaligned, no header.
sql() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" -c "$1"; }

# serve NAME [ENV]: `baomi serve` on a free loopback port against $BAOMI_DB; its URL in
# $SERVED. ENV, a function that sets variables and runs its arguments (`DB=… "$@"`), gives
# the server its environment. The background job execs the server, so $servers holds the
# server's own pid (what chain_holds signals and waits on); stop_all stops whatever is
# left of each, its children included, when the suite exits. The wait ends when the server
# answers /health or has exited, else after 120 s (the CLI suites' start waits: an ASan
# server beside make check's other suites; 600 tries of 0.1 s were a minute and a bit).
serve() {
	local log="$WORK/serve-$1.log" end=$((SECONDS + 120)) pid
	${2:+"$2"} exec "$BAOMI" serve --listen 127.0.0.1:0 >"$log" 2>"$log.err" &
	pid=$!
	servers+=("$pid")
	while [ "$SECONDS" -lt "$end" ]; do
		SERVED=$(grep -oE 'http://127\.0\.0\.1:[0-9]+' "$log" | head -1)
		if [ -n "$SERVED" ] && curl -fs "$SERVED/api/v1/health" >/dev/null; then return 0; fi
		kill -0 "$pid" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}
# login USER URL [DB]: USER's session token on the server at URL (the password of USER
# in DB, default $BAOMI_DB).
login() {
	curl -fs -H 'Content-Type: application/json' \
		-d "{\"username\": \"$1\", \"password\": \"$(password_of "$1" "${@:3}")\"}" \
		"$2/api/v1/session" | jq -r .token
}
# race N PATH BODY [TOKEN]: N clients POST at once, alternately on server one and two
# ($S1, $S2), each with TOKEN (without it: $T1 on server one, $T2 on two); each answer's
# status, error code and rule, counted, in $WORK/race.
race() {
	local n=$1 path=$2 body=$3 token=${4-} i s t clients=()
	rm -f "$WORK"/race.*
	for i in $(seq 1 "$n"); do
		if [ $((i % 2)) -eq 1 ]; then s=$S1 t=${T1-}; else s=$S2 t=${T2-}; fi
		[ $# -ge 4 ] && t=$token
		curl -s -o "$WORK/race.$i.json" -w '%{http_code}\n' -X POST \
			-H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
			-d "$body" "$s$path" >"$WORK/race.$i.code" &
		clients+=($!)
	done
	wait "${clients[@]}"
	for i in $(seq 1 "$n"); do
		printf '%s %s %s\n' "$(cat "$WORK/race.$i.code")" \
			"$(jq -r '.error.code // "ok"' "$WORK/race.$i.json")" \
			"$(jq -r '.error.rule // ""' "$WORK/race.$i.json")"
	done | sort | uniq -c | sed 's/^ *//' >"$WORK/race"
}
# held_by QUERY CMD...: while another session holds a row (QUERY, a SELECT … FOR UPDATE),
# runs CMD in the background and keeps the statement it waits on in $WAITED; then frees
# the row and lets CMD finish (its status in $HELD_RC).
held_by() {
	local query=$1 holder writer waiting="" i
	shift
	# (the holder sleeps until it is cancelled below: a sleep of its own, 30 s, could end
	# before a loaded machine's CMD reached the row, which then never waited)
	psql -X -q "$url" -c "BEGIN; $query; SELECT pg_sleep(3600); COMMIT;" >/dev/null 2>&1 &
	holder=$!
	# (up to 30 s for the holder to hold the row on a loaded machine; CMD starts after)
	for i in $(seq 300); do
		[ "$(sql "SELECT count(*) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3600)%'
			AND state = 'active' AND pid <> pg_backend_pid()")" = 1 ] && break
		sleep 0.1
	done
	"$@" >/dev/null 2>&1 &
	writer=$!
	for i in $(seq 300); do
		waiting=$(sql "SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock'
			AND pid <> pg_backend_pid() AND query NOT LIKE '%pg_sleep%'")
		[ -n "$waiting" ] && break
		sleep 0.1
	done
	sql "SELECT pg_cancel_backend(pid) FROM pg_stat_activity WHERE query LIKE '%pg_sleep(3600)%'
		AND pid <> pg_backend_pid()" >/dev/null
	wait $holder
	wait $writer
	HELD_RC=$?
	WAITED=$waiting
}
# chain_holds: a suite's closing checks of issue 12 point 2 (SYS-3): the chain one
# gap-free sequence; both servers of serve stopped on SIGTERM with exit 0 (under ASan: no
# leak, no error); the chain verifying and baomi check binding the rows as on SQLite.
chain_holds() {
	local pid stopped=""
	check "SYS-3: the chain is one gap-free sequence" test "$(sql "SELECT count(*) || ' ' || min(seq)
		|| ' ' || max(seq) FROM audit_event")" = "$(sql "SELECT seq || ' 1 ' || seq FROM audit_head")"
	for pid in "${servers[@]}"; do
		kill "$pid"
		wait "$pid"
		stopped="$stopped$?"
	done
	servers=()
	check "both servers stop cleanly (exit 0)" test "$stopped" = 00
	expect_rc "SYS-3: the chain verifies on PostgreSQL" 0 "$BAOMI" audit verify
	expect_out "… intact" 'audit chain intact'
	expect_rc "SYS-3: baomi check binds the rows as on SQLite" 0 "$BAOMI" check
}
# alike NAME OK PG SQ: passes when both engines answered (OK 1) with the same JSON, keys
# sorted; otherwise shows the commands' stderr ($WORK/same.err) and the difference.
alike() {
	local name=$1 ok=$2 pg=$3 sq=$4 a b
	a=$(jq -eS . <<<"$pg" 2>/dev/null) || ok=0
	b=$(jq -eS . <<<"$sq" 2>/dev/null) || ok=0
	if [ $ok = 1 ] && [ -n "$a" ] && [ "$a" = "$b" ]; then
		_tap_line ok "$name"
	else
		_tap_line fail "$name"
		head -3 "$WORK/same.err" | sed 's/^/#   stderr: /' >&2
		diff <(printf '%s\n' "${a:-$pg}") <(printf '%s\n' "${b:-$sq}") | head -20 |
			sed 's/^/#   /' >&2
	fi
}
