# tests/pg/common.sh — what the scripts that make test databases in a throw-away cluster
# (tests/pg/cluster.sh) share; sourced by tests/pg/demo-db.sh and tests/cli/lib.sh.
# DIR is the cluster's directory (BAOMI_TEST_PG); the cluster's superuser is postgres, the
# suites' login role baomi (no superuser), and each database has the schema baomi that
# cluster.sh made in the database baomi (copied with it).

# pg_url DIR NAME: the URL of the database NAME as the role baomi.
pg_url() {
	printf 'postgresql://baomi@/%s?host=%s\n' "$2" "$1"
}

# pg_super DIR SQL [DB]: runs SQL as the cluster's superuser in DB (default postgres);
# the rows unaligned, no header.
pg_super() {
	PGOPTIONS='-c client_min_messages=warning' psql -X -A -t -q -v ON_ERROR_STOP=1 "postgresql://postgres@/${3:-postgres}?host=$1" -c "$2"
}

# pg_idle DIR NAME: waits until no session is open on the database NAME (up to 120 s; false
# and a line on stderr if one still is). A client that has exited leaves its backend to end
# by itself, and CREATE DATABASE … TEMPLATE NAME and ALTER DATABASE NAME RENAME wait only 5 s
# for the sessions on NAME to go before they refuse ("is being accessed by other users"):
# on a loaded machine a stopped server's backends can take longer than that. (Only clients'
# sessions: an autovacuum worker there is told to stop by the command itself.)
pg_idle() {
	local end=$((SECONDS + 120)) n
	while :; do
		n=$(pg_super "$1" "SELECT count(*) FROM pg_stat_activity WHERE datname = '$2'
			AND backend_type = 'client backend'")
		[ "$n" = 0 ] && return 0
		if [ "$SECONDS" -ge "$end" ]; then
			echo "pg_idle: $2 still has ${n:-?} sessions after 120 s" >&2
			return 1
		fi
		sleep 0.1
	done
}

# pg_copy DIR FROM TO: the database TO made from the template FROM, with the role's schema
# on its search path (cluster.sh sets it for the database baomi only: a role's setting is
# per database). FROM's sessions are waited for (pg_idle): no one may be using it.
pg_copy() {
	pg_idle "$1" "$2" && pg_super "$1" "CREATE DATABASE $3 TEMPLATE $2" &&
		pg_super "$1" "ALTER ROLE baomi IN DATABASE $3 SET search_path = baomi"
}

# pg_drop DIR NAME: drops the database NAME, closing its sessions.
pg_drop() {
	pg_super "$1" "DROP DATABASE IF EXISTS $2 WITH (FORCE)"
}

# pg_name_ok NAME: NAME is a database name these scripts make (a-z, 0-9, _; 63 at most).
pg_name_ok() {
	case $1 in '' | *[!a-z0-9_]*) return 1 ;; esac
	[ "${#1}" -le 63 ]
}
