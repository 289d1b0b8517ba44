#!/usr/bin/env bash
# tests/pg/cluster.sh — a throw-away PostgreSQL cluster for the tests (issue 12).
#
#   cluster.sh start DIR   makes DIR (it must not exist; its parent must), runs initdb in
#                          it, starts the server listening only on a Unix socket in DIR
#                          (no TCP port, so parallel suites never clash), creates the
#                          database `baomi` with pg_trgm, and the login role `baomi`
#                          (no superuser, no createdb, no createrole), and prints
#                          the connection URL on stdout:
#                            postgresql://baomi@/baomi?host=DIR
#   cluster.sh start DIR --fast   the same, with fsync, synchronous_commit and
#                          full_page_writes off: a crash of the server or of the machine may
#                          then lose committed rows, which the passes of the CLI suites that
#                          share one cluster (tests/pg/cli-pass.sh, tests/run.sh) never cause;
#                          the crash tests (t_pg_*) keep the durable default.
#   cluster.sh stop DIR    stops the server at once and removes DIR.
#   cluster.sh initdb-stop DIR   removes the initdb template DIR (BAOMI_TEST_PG_INITDB).
#   cluster.sh url DIR     prints the URL again.
#
# PostgreSQL refuses to run as root, and CI runs as root: then the cluster is made and run
# by a dedicated system user, `baomi-pgtest` (made once with useradd --system, no home, no
# shell), which owns DIR and nothing else; the tests, as root, reach the socket through DIR.
# As any other user the cluster is that user's own. Local connections are `trust`ed: the
# socket's directory is mode 0700, so only its owner (and root) can reach it.
#
# With BAOMI_TEST_PG_INITDB naming a directory (under /tmp, like DIR; tests/run.sh gives one
# to every suite of a run), initdb runs once: the first start makes DIR's initdb output
# there under a lock, and every start copies it (cp -a, owner and modes kept) instead of
# running initdb again (seconds each on a loaded machine, a copy a fraction of that). The
# output depends on nothing but initdb's options, which are the same for every cluster.
#
# A failed start removes what it made (trap). Debian's initdb and pg_ctl live in
# /usr/lib/postgresql/VERSION/bin; the newest there is taken unless they are on PATH or
# PG_BINDIR names the directory.
set -euo pipefail

PGTEST_USER=${PGTEST_USER:-baomi-pgtest}
START_DIR=

die() {
	echo "cluster.sh: $*" >&2
	exit 1
}

bindir() {
	if [ -n "${PG_BINDIR:-}" ]; then
		echo "$PG_BINDIR"
		return
	fi
	local d
	d=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
	if [ -n "$d" ] && [ -x "$d/initdb" ]; then
		echo "$d"
	elif command -v initdb >/dev/null 2>&1; then
		dirname "$(command -v initdb)"
	else
		die "initdb not found (install Debian's postgresql, or set PG_BINDIR)"
	fi
}

# as_owner CMD...: runs CMD as the cluster's owner (the system user when root).
as_owner() {
	if [ "$(id -u)" -eq 0 ]; then
		runuser -u "$PGTEST_USER" -- "$@"
	else
		"$@"
	fi
}

ensure_user() {
	[ "$(id -u)" -eq 0 ] || return 0
	if ! id -u "$PGTEST_USER" >/dev/null 2>&1; then
		useradd --system --no-create-home --home-dir /nonexistent \
			--shell /usr/sbin/nologin "$PGTEST_USER" ||
			id -u "$PGTEST_USER" >/dev/null 2>&1 || die "cannot create user $PGTEST_USER"
	fi
}

url() {
	echo "postgresql://baomi@/baomi?host=$1"
}

# run_initdb BIN DIR: a new cluster's files in DIR/data, made by the cluster's owner.
run_initdb() {
	as_owner "$1/initdb" -D "$2/data" -U postgres --auth=trust --encoding=UTF8 \
		--locale=C.UTF-8 --no-sync >"$2/initdb.log" 2>&1 ||
		{
			cat "$2/initdb.log" >&2
			false
		}
}

# initdb_template BIN TPL: TPL/data holds initdb's output, made now (once, under the lock
# TPL.lock) unless an earlier start made it; false when it cannot be made (the caller
# then runs initdb itself). TPL/ok marks a finished template.
initdb_template() {
	local bin=$1 tpl=$2
	case $tpl in /*) ;; *) return 1 ;; esac
	(
		flock 9
		[ -f "$tpl/ok" ] && exit 0
		rm -rf -- "$tpl"
		mkdir -m 0700 "$tpl" || exit 1
		if [ "$(id -u)" -eq 0 ]; then
			chown "$PGTEST_USER:" "$tpl" || exit 1
		fi
		run_initdb "$bin" "$tpl" && touch "$tpl/ok"
	) 9>"$tpl.lock"
}

start() {
	local dir=$1 fast=${2:-} bin opts
	[ -e "$dir" ] && die "$dir exists (give a new directory)"
	case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
	# The socket's path must fit in sun_path (107 bytes) with "/.s.PGSQL.5432".
	[ "${#dir}" -le 90 ] || die "$dir is too long for a Unix socket path"
	bin=$(bindir)
	ensure_user
	mkdir -m 0700 "$dir"
	START_DIR=$dir
	trap 'if [ -n "$START_DIR" ]; then stop_quiet "$START_DIR"; fi' EXIT
	if [ "$(id -u)" -eq 0 ]; then
		chown "$PGTEST_USER:" "$dir"
		as_owner test -x "$(dirname "$dir")" ||
			die "$PGTEST_USER cannot reach $(dirname "$dir") (take a directory under /tmp)"
	fi
	if [ -n "${BAOMI_TEST_PG_INITDB:-}" ] && initdb_template "$bin" "$BAOMI_TEST_PG_INITDB"; then
		cp -a "$BAOMI_TEST_PG_INITDB/data" "$dir/data"
		cp -p "$BAOMI_TEST_PG_INITDB/initdb.log" "$dir/initdb.log"
	else
		run_initdb "$bin" "$dir"
	fi
	# No TCP at all; the socket in DIR. fsync stays on unless --fast: the crash tests need it.
	opts="-c listen_addresses='' -c unix_socket_directories='$dir' -c unix_socket_permissions=0700 -c max_connections=100"
	[ "$fast" = --fast ] && opts="$opts -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
	# (-w: pg_ctl returns as soon as the server accepts connections; the 120 s are the
	# CLI suites' start waits, for a machine as loaded as make check's)
	as_owner "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 120 -o "$opts" start >/dev/null ||
		{
			cat "$dir/server.log" >&2
			false
		}
	as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d postgres <<-'SQL' >/dev/null
		CREATE ROLE baomi LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION;
		CREATE DATABASE baomi OWNER postgres ENCODING 'UTF8' TEMPLATE template0;
	SQL
	# The role gets its own schema in the database (where the migrations create the tables)
	# and nothing else; pg_trgm is made by the superuser, as an operator would.
	as_owner "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -U postgres -d baomi <<-'SQL' >/dev/null
		REVOKE ALL ON DATABASE baomi FROM PUBLIC;
		GRANT CONNECT, TEMPORARY ON DATABASE baomi TO baomi;
		REVOKE CREATE ON SCHEMA public FROM PUBLIC;
		CREATE SCHEMA baomi AUTHORIZATION baomi;
		ALTER ROLE baomi IN DATABASE baomi SET search_path = baomi;
		CREATE EXTENSION pg_trgm SCHEMA public;
	SQL
	START_DIR=
	url "$dir"
}

stop_quiet() {
	local dir=$1 bin
	bin=$(bindir 2>/dev/null) || bin=
	if [ -n "$bin" ] && [ -f "$dir/data/postmaster.pid" ]; then
		as_owner "$bin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
	fi
	rm -rf -- "$dir"
}

stop() {
	local dir=$1
	[ -d "$dir" ] || return 0
	# Never remove a directory that is not a cluster this script made.
	[ -d "$dir/data" ] || [ -f "$dir/initdb.log" ] || [ -z "$(ls -A "$dir")" ] ||
		die "$dir is not a cluster made by cluster.sh"
	stop_quiet "$dir"
}

case "${1:-}" in
start)
	[ $# -eq 2 ] || { [ $# -eq 3 ] && [ "$3" = --fast ]; } || die "usage: cluster.sh start DIR [--fast]"
	start "$2" "${3:-}"
	;;
stop) [ $# -eq 2 ] || die "usage: cluster.sh stop DIR"; stop "$2" ;;
initdb-stop)
	[ $# -eq 2 ] || die "usage: cluster.sh initdb-stop DIR"
	# Never remove a directory that is not a template this script made.
	[ ! -e "$2" ] || [ -f "$2/ok" ] || [ -f "$2/initdb.log" ] || [ -z "$(ls -A "$2")" ] ||
		die "$2 is not an initdb template made by cluster.sh"
	rm -rf -- "$2" "$2.lock"
	;;
url) [ $# -eq 2 ] || die "usage: cluster.sh url DIR"; url "$2" ;;
*) die "usage: cluster.sh start|stop|url|initdb-stop DIR" ;;
esac
