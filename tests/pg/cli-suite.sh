#!/usr/bin/env bash
# tests/pg/cli-suite.sh SUITE — runs one CLI suite (tests/cli/SUITE.sh, or its path) in
# PostgreSQL mode (tests/cli/lib.sh: BAOMI_TEST_PG names the running cluster), as
# tests/pg/cli-pass.sh and tests/run.sh run each: in a WORK directory of its own (removed
# afterwards), with no BAOMI_DB, BAOMI_USER, BAOMI_PASSWORD, BAOMI_AUDIT_KEY or
# BAOMI_CHECKPOINTS from outside; then drops the databases the suite made (new_db names
# them <suite>_…_<pid>). The suite's TAP on stdout, its diagnostics on stderr, its status.
# The t_pg_* suites are PostgreSQL's own (each starts its own cluster): refused here.
#
#   BAOMI          the binary under test (required; a test build: BAOMI_NOW, cheap hashes)
#   BAOMI_TEST_PG  the cluster's directory (tests/pg/cluster.sh start DIR; required)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
: "${BAOMI:?BAOMI must point at the baomi binary}"
: "${BAOMI_TEST_PG:?BAOMI_TEST_PG must name a running cluster (tests/pg/cluster.sh start DIR)}"
t=${1:?usage: cli-suite.sh SUITE}
case $t in */*) ;; *) t="$here/cli/${t%.sh}.sh" ;; esac
suite=$(basename "$t" .sh)
case $suite in t_pg_*)
	echo "cli-suite.sh: $suite is a PostgreSQL suite already (it starts its own cluster)" >&2
	exit 2
	;;
esac
[ -f "$t" ] || { echo "cli-suite.sh: no suite $t" >&2; exit 2; }
. "$here/pg/common.sh"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
WORK=$work BAOMI_DB= BAOMI_USER= BAOMI_PASSWORD= BAOMI_AUDIT_KEY= BAOMI_CHECKPOINTS= \
	BAOMI_PGKEYS= bash "$t" &
pid=$!
wait $pid
rc=$?
# The suite's databases (new_db: the suite's name, then its process id, last).
prefix=$(printf '%s' "$suite" | tr 'A-Z' 'a-z' | tr -c 'a-z0-9_' '_')
for db in $(pg_super "$BAOMI_TEST_PG" "SELECT datname FROM pg_database
		WHERE left(datname, ${#prefix}) = '$prefix' AND datname LIKE '%\_$pid'" 2>/dev/null); do
	pg_drop "$BAOMI_TEST_PG" "$db" >/dev/null 2>&1
done
exit $rc
