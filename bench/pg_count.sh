#!/usr/bin/env bash
# bench/pg_count.sh — a count (清查) at N carriers on PostgreSQL (issue 12): the CLI suites'
# unit (tests/cli/fixture.sh) on a throw-away cluster (tests/pg/cluster.sh), N copies of one
# registered carrier put in by SQL (a bench's shortcut: they are not in the audit chain, so
# `baomi check` would find them; `audit verify` is still run), then a unit-wide count with
# five ticks, its preview with the close's review, each place's progress, the close with the
# review's confirmation and the closed result, each timed through the CLI (the login's fixed
# cost printed first). LOGMS=N logs every statement over N ms in the cluster's server.log,
# and KEEP=1 leaves the cluster running (its directory printed) to EXPLAIN them.
# Usage: BAOMI=build/baomi N=100000 bash bench/pg_count.sh
set -u
root=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-100000}
export BAOMI=${BAOMI:-$root/build/baomi}
export WORK=${WORK:-$(mktemp -d)}
cd "$root/tests/cli" || exit 2
. ./lib.sh
. ./fixture.sh
pgdir=$(mktemp -u /tmp/baomi-pg.XXXXXX)
url=$(bash ../pg/cluster.sh start "$pgdir") || exit 1
if [ -n "${KEEP:-}" ]; then echo "cluster: $pgdir"; else trap 'bash ../pg/cluster.sh stop "$pgdir"' EXIT; fi
if [ -n "${LOGMS:-}" ]; then
	psql -X -q "postgresql://postgres@/baomi?host=$pgdir" \
		-c "ALTER SYSTEM SET log_min_duration_statement = $LOGMS" -c "SELECT pg_reload_conf()" >/dev/null
fi
DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
export BAOMI_FASTHASH=/bin/true BAOMI_NOW=2026-12-05T02:00:00Z
build_fixture >/dev/null 2>&1 || { echo "the fixture failed" >&2; exit 1; }
as clerk carrier register --title 样本 --level 秘密 --place 保密室 --scope 办公室 \
	--department 办公室 >/dev/null 2>&1 || exit 1
# The carriers are a bound table: a session writes them only with its bm_touched (pg.c).
psql -X -q -v ON_ERROR_STOP=1 "$url" <<SQL || exit 1
CREATE TEMP TABLE bm_touched (tbl TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (tbl, id));
INSERT INTO carrier(unit_id, kind, title, level, original_level, period_kind, origin,
  registered_at, department_id, place_id, status, updated_at, registered_by)
SELECT c.unit_id, c.kind, '批量载体' || g, c.level, c.level, c.period_kind, c.origin,
  c.registered_at, c.department_id, c.place_id, 'in_store', c.updated_at, c.registered_by
FROM carrier c, generate_series(1, $N) g WHERE c.id = 1;
ANALYZE carrier; ANALYZE carrier_gram; ANALYZE carrier_sight;
SQL
echo "carriers: $(psql -X -A -t "$url" -c 'SELECT count(*) FROM carrier')"
tm() {
	local t0 rc
	t0=$(date +%s.%N)
	"$@" >"$WORK/last" 2>"$WORK/last.err"
	rc=$?
	printf '%.2f s (exit %d)' "$(echo "$(date +%s.%N) - $t0" | bc)" "$rc"
}
echo "login and count list (the CLI's fixed cost): $(tm as clerk count list --json)"
S=$(as clerk count start --scope unit --json 2>/dev/null | jq -r .id)
as clerk count tick "$S" 1 2 3 5 7 >/dev/null 2>&1
echo "preview with the review (count show): $(tm as clerk count show "$S" --json)"
echo "places: $(tm as clerk count places "$S" --json)"
conf=$(count_confirm "$S" 2>/dev/null)
echo "close: $(tm as clerk count close "$S" $conf --json) $(jq -c .counts "$WORK/last")"
echo "closed result: $(tm as clerk count show "$S" --json)"
echo "audit verify: $(tm "$BAOMI" audit verify)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
