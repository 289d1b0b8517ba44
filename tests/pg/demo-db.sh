#!/usr/bin/env bash
# tests/pg/demo-db.sh CLUSTER NAME — makes the database NAME in the throw-away cluster
# CLUSTER (tests/pg/cluster.sh) a demo unit: what tests/demo-db.sh makes for SQLite, on
# PostgreSQL (issue 12 point 3). The demo is built once per cluster and BAOMI_NOW, under a
# lock, into a template database (demo_tpl_NOW: `baomi demo --db postgresql://…` with cheap
# hashes, BAOMI_TEST_FASTHASH=1 of a test build), and NAME is a copy of it (CREATE DATABASE
# NAME TEMPLATE …), as the SQLite template file is copied. As there, the audit key and the
# checkpoint file the demo made are not kept: the first checkpoint of a test makes a new key.
# Prints NAME's URL (the role baomi, its schema on the search path).
#   tests/pg/demo-db.sh CLUSTER --drop NAME   drops NAME (the test's copy) again.
#
#   BAOMI   the binary under test (required)
set -euo pipefail
dir=${1:?usage: demo-db.sh CLUSTER [--drop] NAME}
[ "${2:-}" = --drop ] && drop=1 && shift || drop=
name=${2:?usage: demo-db.sh CLUSTER [--drop] NAME}
: "${BAOMI:?BAOMI must point at the baomi binary}"
here=$(cd "$(dirname "$0")" && pwd)
. "$here/common.sh"
pg_name_ok "$name" || { echo "demo-db.sh: $name: a database name of a-z, 0-9 and _" >&2; exit 2; }

super() { pg_super "$dir" "$1"; }
copy() { pg_copy "$dir" "$1" "$2"; }

if [ -n "$drop" ]; then
	pg_drop "$dir" "$name"
	exit 0
fi
now=$(printf '%s' "${BAOMI_NOW:-now}" | tr -c 'A-Za-z0-9' '_' | tr 'A-Z' 'a-z')
tpl="demo_tpl_$now"
(
	flock 9
	if [ "$(super "SELECT count(*) FROM pg_database WHERE datname = '$tpl'")" = 0 ]; then
		work=$(mktemp -d)
		trap 'rm -rf "$work"' EXIT
		super "DROP DATABASE IF EXISTS ${tpl}_tmp WITH (FORCE)"
		# The cluster's database baomi: empty, with pg_trgm and the role's own schema.
		copy baomi "${tpl}_tmp"
		BAOMI_TEST_FASTHASH=1 "$BAOMI" demo --db "$(pg_url "$dir" "${tpl}_tmp")" \
			--audit-key "$work/demo.sm2key" --checkpoints "$work/demo.checkpoints" >/dev/null
		pg_idle "$dir" "${tpl}_tmp"
		super "ALTER DATABASE ${tpl}_tmp RENAME TO $tpl"
	fi
) 9>"$dir/demo-$now.lock"
copy "$tpl" "$name"
pg_url "$dir" "$name"
