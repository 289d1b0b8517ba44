#!/usr/bin/env bash
# bench/audit_scale.sh BAOMI DB — the audit figures of issue 17 point 5 on a
# chain DB already holds (bench/audit_chain appends a million events to a
# demo database): list pages through HTTP (first, middle, last, filtered),
# the HTTP export's time and the server's peak RSS, `audit verify`'s bytes
# hashed per second against `openssl speed -evp sm3` in the same run.
# Figures are printed, never asserted. Works on a copy of DB.
set -eu
BAOMI=${1:?usage: audit_scale.sh BAOMI DB}
SRC=${2:?usage: audit_scale.sh BAOMI DB}
work=$(mktemp -d)
trap 'kill $pid 2>/dev/null || true; rm -rf "$work"' EXIT
cp "$SRC" "$work/a.db"
"$BAOMI" serve --db "$work/a.db" --listen 127.0.0.1:0 >"$work/out" 2>"$work/log" &
pid=$!
for _ in $(seq 1200); do grep -q 'serving on' "$work/out" && break; sleep 0.1; done
url=$(sed -nE 's/.*serving on (http:[^ ]+).*/\1/p' "$work/out" | head -1)
tok=$(curl -s -X POST -H 'Content-Type: application/json' \
	-d '{"username":"auditor","password":"Baomi@2026demo"}' "$url/api/v1/session" |
	sed -nE 's/.*"token": *"([^"]+)".*/\1/p')
get() { # get PATH: prints "ms total" of one GET
	curl -s -o "$work/body" -w '%{time_total}' -H "Authorization: Bearer $tok" "$url$1" |
		awk '{printf "%8.1f ms", $1 * 1000}'
	printf '  total=%s  %s\n' "$(sed -nE 's/.*"total": *([0-9]+).*/\1/p' "$work/body" | head -1)" "$1"
}
n=$(sqlite3 "$work/a.db" 'SELECT count(*) FROM audit_event')
echo "== audit list, $n events (each GET twice: cold, warm)"
for q in "limit=50" "limit=50&offset=$((n / 2))" "limit=50&offset=$((n - 60))" \
	"order=asc&limit=50&offset=$((n / 2))" "actor=hulin&limit=50" \
	"actor=hulin&limit=50&offset=40000" "action=carrier.&limit=50&offset=1000" \
	"outcome=failed&limit=50" "outcome=refused&actor=staff&limit=50" \
	"from=2026-02-01&to=2026-02-03&limit=50" "from=2026-02-01&to=2026-02-03&actor=clerk&limit=50&offset=2000" \
	"rule=SYS-2&limit=50"; do
	get "/api/v1/audit/events?$q" >/dev/null
	get "/api/v1/audit/events?$q"
done
echo "== export over HTTP"
s=$(date +%s.%N)
curl -s -o "$work/export.jsonl" -H "Authorization: Bearer $tok" "$url/api/v1/audit/export"
e=$(date +%s.%N)
printf '%.2f s, %s bytes; server VmHWM %s\n' "$(echo "$e - $s" | bc)" \
	"$(stat -c %s "$work/export.jsonl")" "$(awk '/VmHWM/ {print $2, $3}' /proc/$pid/status)"
kill $pid
wait $pid 2>/dev/null || true
echo "== verify-export"
/usr/bin/time -f '%e s elapsed, %U s user, max RSS %M kB' "$BAOMI" audit verify-export "$work/export.jsonl"
echo "== verify (CLI) against openssl speed -evp sm3, one run"
bytes=$(sqlite3 "$work/a.db" "SELECT sum(64 + 15 + length(CAST(seq AS TEXT)) + 1 + length(CAST(length(CAST(seq AS TEXT)) AS TEXT)) + 1
	+ length(CAST(length(CAST(at AS BLOB)) AS TEXT)) + length(CAST(at AS BLOB)) + 2
	+ length(CAST(length(CAST(actor AS BLOB)) AS TEXT)) + length(CAST(actor AS BLOB)) + 2
	+ length(CAST(length(CAST(action AS BLOB)) AS TEXT)) + length(CAST(action AS BLOB)) + 2
	+ length(CAST(length(CAST(object AS BLOB)) AS TEXT)) + length(CAST(object AS BLOB)) + 2
	+ length(CAST(length(CAST(outcome AS BLOB)) AS TEXT)) + length(CAST(outcome AS BLOB)) + 2
	+ length(CAST(length(CAST(rule AS BLOB)) AS TEXT)) + length(CAST(rule AS BLOB)) + 2
	+ length(CAST(length(CAST(detail AS BLOB)) AS TEXT)) + length(CAST(detail AS BLOB)) + 2
	+ length(CAST(length(CAST(alg AS BLOB)) AS TEXT)) + length(CAST(alg AS BLOB)) + 2) FROM audit_event")
"$BAOMI" audit verify --db "$work/a.db" >/dev/null # warm the page cache
/usr/bin/time -o "$work/t" -f '%U %e %M' "$BAOMI" audit verify --db "$work/a.db" >/dev/null
read -r user elapsed rss <"$work/t"
speed=$(openssl speed -evp sm3 -seconds 3 2>/dev/null | awk '/^sm3/ {print $4, $5}')
echo "$bytes $n $user $elapsed $rss $speed" | awk '{
	v = $1 / $3 / 1e6; s256 = $6 / 1e3; s1k = $7 / 1e3; sub(/k$/, "", s256); sub(/k$/, "", s1k)
	printf "verify: %d events, %.0f bytes hashed (%.0f a event), %.2f s user (%.2f s elapsed), max RSS %d kB\n", $2, $1, $1 / $2, $3, $4, $5
	printf "verify: %.1f MB/s of CPU time; openssl speed sm3: %.1f MB/s (256 B), %.1f MB/s (1024 B)\n", v, s256, s1k
	printf "ratio: %.2fx (256 B blocks), %.2fx (1024 B blocks)\n", v / s256, v / s1k }'
