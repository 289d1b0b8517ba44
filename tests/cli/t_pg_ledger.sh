# tests/cli/t_pg_ledger.sh — the ledger on PostgreSQL (issue 12): the CLI suites' small
# unit (fixture.sh) built on a throw-away cluster through the real binary; a carrier
# registered, shown (SYS-2 by the same predicate as on SQLite) and moved there, bound to the
# chain. Then the ledger's reads compared with SQLite's: the same unit, built by the same
# CLI steps at the same clock in a SQLite file, answers every list page (filters, orders,
# keyset paging), total, count and search (one to four characters, ASCII folded, document
# numbers, LIKE's wildcards taken literally) with the same JSON on both engines, for the
# clerk and for staff members whose SYS-2 view is narrower.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

. "$(dirname "$0")/pg_lib.sh"

# The unit lives on PostgreSQL; its key and checkpoints are files beside the suite's work.
DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
# Cheap password hashes on both engines, as lib.sh's PostgreSQL mode has them: a test build
# with BAOMI_TEST_FASTHASH=1 hashes at libsodium's minimal cost through the audited use
# cases, so fasthash (which rewrites only a SQLite file) finds nothing to do; the production
# cost on PostgreSQL is t_pg_basics' and t_pg_roles' (a login at it is ~0.2 s, more under ASan).
export BAOMI_FASTHASH=/bin/true
export BAOMI_TEST_FASTHASH=1
export BAOMI_NOW=2026-12-05T02:00:00Z
check "the fixture unit builds through the CLI on PostgreSQL" build_fixture
check "… five accounts beside the three administrators" \
	test "$(sql "SELECT count(*) FROM person WHERE username IS NOT NULL")" = 7
expect_rc "the clerk registers a carrier on PostgreSQL" 0 \
	as clerk carrier register --title 关于保密检查的通知 --level 秘密 --place 一号保密柜 --scope 办公室 --json
CID=$(jq -r .id "$OUT")
check "… the row, its scope and its history are on PostgreSQL" test "$(sql "SELECT c.level || ' '
	|| c.status || ' ' || (SELECT count(*) FROM carrier_scope WHERE carrier_id = c.id) || ' '
	|| (SELECT count(*) FROM carrier_event WHERE carrier_id = c.id) FROM carrier c
	WHERE c.id = $CID")" = "2 in_store 1 1"
expect_rc "the clerk shows it" 0 as clerk carrier show "$CID" --json
expect_out "… with its title" '关于保密检查的通知'
expect_rc "SYS-2: inside the scope by department, a general-class staff member sees it" 0 \
	as staff carrier show "$CID"
expect_rc "SYS-2: outside the scope it does not exist for the viewer, as on SQLite" 4 \
	as finance carrier show "$CID"
expect_err "… the same answer as a missing id" unknown_carrier
expect_rc "the clerk changes its place" 0 as clerk carrier move "$CID" --place 保密室
check "… the row moved and the history grew" test "$(sql "SELECT sp.name || ' '
	|| (SELECT count(*) FROM carrier_event WHERE carrier_id = c.id) FROM carrier c
	JOIN storage_place sp ON sp.id = c.place_id WHERE c.id = $CID")" = "保密室 2"

# ---- the same unit on both engines ----------------------------------------------------
# more_carriers: carriers of several levels, scopes, departments, keepers and places,
# registered at successive instants, so every order and filter has something to sort.
more_carriers() {
	as_at 2026-12-05T03:00:00Z clerk carrier register --title 年度保密工作总结 --level 内部 \
		--place 档案柜 --doc-number '京保〔2026〕3号' --serial 1 >/dev/null &&
	as_at 2026-12-05T03:10:00Z clerk carrier register --title 'ABC Report 财务' --level 秘密 \
		--place 保密室 --scope 财务科 --department 财务科 --doc-number 'CW-2026-07' \
		--serial 2 >/dev/null &&
	as_at 2026-12-05T03:20:00Z clerk carrier register --title 'abc-note 50%_done' \
		--level 内部 --place 档案柜 --scope person:finance >/dev/null &&
	as_at 2026-12-05T03:30:00Z clerk carrier register --title 关于加强保密检查工作的意见 \
		--level 机密 --place 一号保密柜 --scope 办公室 --doc-number '京保〔2026〕12号' \
		--serial 3 >/dev/null &&
	as_at 2026-12-05T03:40:00Z clerk carrier register --title 保密 --level 绝密 \
		--place 一号保密柜 --scope 办公室 >/dev/null &&
	as_at 2026-12-05T03:50:00Z clerk carrier register --title 会议纪要 --level 秘密 \
		--place 保密室 --scope 办公室,财务科 --kind usb >/dev/null &&
	as_at 2026-12-05T04:00:00Z clerk carrier register --title 'Zeta 检查 plan' --level 内部 \
		--place 档案柜 --department 财务科 >/dev/null &&
	as_at 2026-12-05T04:10:00Z clerk carrier register --title 培训通知 --level 非密 \
		--place 档案柜 >/dev/null &&
	as_at 2026-12-05T04:20:00Z clerk carrier register --title 'ＡＢ全角 Ä' --level 内部 \
		--place 档案柜 >/dev/null &&
	as_at 2026-12-05T04:30:00Z clerk carrier register --title 迟登来文 --level 秘密 \
		--received 2026-11-28 --sender 市教育局 --place 保密室 --scope 办公室 >/dev/null
}
check "more carriers registered on PostgreSQL" more_carriers

# The SQLite copy: the fixture, the first carrier and its move, then the same carriers.
SQ="$WORK/copy.db"
sqlite_copy() (
	unset BAOMI_FASTHASH
	export BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints"
	DB=$SQ
	build_fixture &&
	as clerk carrier register --title 关于保密检查的通知 --level 秘密 --place 一号保密柜 \
		--scope 办公室 >/dev/null &&
	as clerk carrier move 1 --place 保密室 >/dev/null &&
	more_carriers
)
check "the same unit built through the CLI on SQLite" sqlite_copy
check "… the same carriers with the same ids" test "$(sql "SELECT string_agg(id || ':' || title,
	'|' ORDER BY id) FROM carrier")" = "$(sqlite3 "$SQ" "SELECT group_concat(id || ':' || title,
	'|') FROM (SELECT id, title FROM carrier ORDER BY id)")"

# same_cmd NAME USER CMD...: `baomi CMD --json` as USER succeeds on PostgreSQL and on the
# SQLite copy with the same JSON (keys sorted); a failure or an answer that is not JSON
# fails the check. The PostgreSQL answer is left in $LAST.
same_cmd() {
	local name=$1 user=$2 pg="" sq="" ok=1
	shift 2
	pg=$(as "$user" "$@" --json 2>"$WORK/same.err") || ok=0
	sq=$(BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" \
		BAOMI_CHECKPOINTS="$WORK/sq.checkpoints" as "$user" "$@" --json \
		2>>"$WORK/same.err") || ok=0
	alike "$name" "$ok" "$pg" "$sq"
	LAST=$pg
}

# same NAME USER ARGS...: same_cmd for `baomi carrier ARGS`.
same() {
	local name=$1 user=$2
	shift 2
	same_cmd "$name" "$user" carrier "$@"
}

# pages USER ARGS...: follows `next` from the first page to the last (--limit 2),
# comparing each page; prints the ids walked, in order.
pages() {
	local user=$1 after="" n=0 ids=""
	shift
	while :; do
		same "… $user $*, page $((n + 1))" "$user" list "$@" --limit 2 ${after:+--after "$after"}
		ids="$ids $(jq -r '[.items[].id] | map(tostring) | join(",")' <<<"$LAST")"
		after=$(jq -r '.next // empty' <<<"$LAST")
		n=$((n + 1))
		[ -n "$after" ] && [ $n -lt 10 ] || break
	done
	WALK=$ids
}

for user in clerk staff finance; do
	same "the list as $user: the same page, total and SYS-2 view on both engines" "$user" list
	same "… its counts by level and status" "$user" stats
	for sort in id -id level -level title -title doc -doc kind status -status custodian \
		place -place registered -registered; do
		same "… $user, sorted by $sort" "$user" list --sort "$sort"
	done
done
pages clerk --sort title
check "keyset paging: the clerk's pages by title walk all eleven carriers once" \
	test "$(tr ' ,' '\n\n' <<<"$WALK" | grep -c .)" = 11
pages clerk --sort -level
pages staff --sort -registered
pages finance
same "an offset after the cursor, as on SQLite" clerk list --sort level --after 3 --offset 1 --limit 3
same "a filter by level" clerk list --level 内部
same "… by status" clerk list --status in_store
same "… by department" clerk list --department 财务科
same "… by place" staff list --place 档案柜
same "… by kind" clerk list --kind usb
same "… by registration dates" clerk list --from 2026-12-05 --to 2026-12-05
same "… and its counts" finance stats --level 秘密
expect_rc "a cursor that names no carrier is refused on PostgreSQL as on SQLite" 4 \
	as clerk carrier list --after 999
expect_err "… unknown_carrier" unknown_carrier

# The search: one and two characters from carrier_gram, three and more from pg_trgm,
# each exactly the rows LIKE '%q%' finds (ASCII folded) on SQLite's n-gram index; full-width
# letters and Ä are not folded there, though PostgreSQL's lower() folds them.
for user in clerk staff finance; do
	for q in 保 保密 保密检 保密检查 检查 a AB abc ABC-n 'abc report' 2026 '〔2026〕' \
		'京保〔2026〕12号' CW-2026 % _ 50%_ 'z' 纪要 无此词 ａｂ ａｂ全 ＡＢ全角 ä; do
		same "search '$q' as $user: the same matches and total" "$user" list --query "$q"
	done
	same "… a search with paging, as $user" "$user" list --query 保 --limit 2 --sort -id
	same "… carrier search, as $user" "$user" search 保密
	same "… counts of a search, as $user" "$user" stats --query 检查
done
pages staff --query 保
check "a search's pages walk its matches once" \
	test "$(tr ' ,' '\n\n' <<<"$WALK" | grep -c .)" = "$(jq .total <<<"$LAST")"

# The handling alert's rows (migration 5): the incoming carriers of 秘密 and above not yet
# handled, the same on both engines (the first one moved, so handled).
check "the unhandled incoming carriers are kept as on SQLite" test "$(sql "SELECT
	string_agg(carrier_id || ':' || unhandled_since, '|' ORDER BY carrier_id)
	FROM carrier_unhandled")" = "$(sqlite3 "$SQ" "SELECT group_concat(carrier_id || ':' ||
	unhandled_since, '|') FROM (SELECT * FROM carrier_unhandled ORDER BY carrier_id)")"
check "… some, and not the one moved" test "$(sql "SELECT count(*) FROM carrier_unhandled
	WHERE carrier_id <> 1")" -gt 0 -a "$(sql "SELECT count(*) FROM carrier_unhandled
	WHERE carrier_id = 1")" = 0
# The shared SYS-2 keys (migration 5) are kept as on SQLite: every key and its tally.
check "the SYS-2 keys (carrier_sight) are the same rows on both engines" test "$(sql "SELECT
	string_agg(concat_ws(':', carrier_id, term, ref, unit_id, level, status), '|'
	ORDER BY carrier_id, term, ref) FROM carrier_sight")" = "$(sqlite3 "$SQ" "SELECT
	group_concat(carrier_id || ':' || term || ':' || ref || ':' || unit_id || ':' || level
	|| ':' || status, '|') FROM (SELECT * FROM carrier_sight ORDER BY carrier_id, term, ref)")"
check "… and their tally" test "$(sql "SELECT string_agg(concat_ws(':', unit_id, term, ref,
	level, status, n), '|' ORDER BY unit_id, term, ref, level, status COLLATE \"C\")
	FROM carrier_sight_tally")" = "$(sqlite3 "$SQ" "SELECT group_concat(unit_id || ':' ||
	term || ':' || ref || ':' || level || ':' || status || ':' || n, '|') FROM (SELECT *
	FROM carrier_sight_tally ORDER BY unit_id, term, ref, level, status)")"
check "… both kinds of key present" test "$(sql "SELECT count(DISTINCT term) FROM
	carrier_sight")" = 2

# The alerts' carrier ranges (carrier_alerts, carrier_levels_present) through the store
# itself: `baomi alerts` also reads dispatches, not on PostgreSQL yet. Each set (period,
# late registration, personal keeping, missing, unhandled) for the clerk and two staff
# members, with a range and without, paged from the second row. The clerk's REG-5 count
# (set 4) is read from carrier_unhandled_tally on both engines, with SYS-2 over its unit
# and level columns: the clerk is also asked cleared to 秘密 only, so that the tally's
# level term must leave the unhandled 机密 and 绝密 items out; the staff members' counts
# (not the clerk's: no tally) are the general query's.
ranges=$(dirname "$BAOMI")/tests/tools/alerts_ranges
viewer() { sql "SELECT id || ' ' || coalesce(department_id, 0) FROM person WHERE username = '$1'"; }
for who in "clerk 4 1" "clerk 2 1" "staff 2 0" "finance 3 0"; do
	set -- $who
	for range in "2026-01-01 2100-12-31" "2026-12-01 2026-12-05" ""; do
		check "the alerts' ranges for $1 (${range:-open}): the same on both engines" \
			test "$("$ranges" "$url" $(viewer "$1") "$2" "$3" $range 2>&1)" = \
			"$("$ranges" "$SQ" $(viewer "$1") "$2" "$3" $range 2>&1)"
	done
done
check "… and not empty" grep -q 'set 1: [1-9]' <<<"$("$ranges" "$url" $(viewer clerk) 4 1)"
unhandled_above() { sql "SELECT count(*) FROM carrier_unhandled WHERE live = 1 AND level > 2"; }
check "SYS-2: a clerk cleared to 秘密 counts fewer unhandled items than one cleared to 绝密 ($(unhandled_above) above 秘密)" \
	test "$(unhandled_above)" -gt 0 -a \
	"$("$ranges" "$url" $(viewer clerk) 2 1 | sed -n 's/^set 4: \([0-9]*\) .*/\1/p')" -lt \
	"$("$ranges" "$url" $(viewer clerk) 4 1 | sed -n 's/^set 4: \([0-9]*\) .*/\1/p')"

expect_rc "SYS-3: the chain verifies on PostgreSQL" 0 "$BAOMI" audit verify
expect_rc "SYS-3: baomi check binds the carrier rows as on SQLite" 0 "$BAOMI" check
expect_out "… every bound row matches the chain" 'ledger: ([0-9]+) rows, \1 match the chain'
