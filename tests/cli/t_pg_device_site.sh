# tests/cli/t_pg_device_site.sh — the device register (涉密设备, DEV-1..7) and the key
# departments and places (保密要害部门部位, SITE-1) on PostgreSQL (issue 12): devices
# registered, handed over, raised, repaired, their passwords and labels recorded, one
# scrapped against an approved request; key sites with their staff and access lists,
# measures, visits, an edit and a revocation — the same CLI steps at the same clock on a
# throw-away cluster and in a SQLite file, every list (with its filters), record and
# history answering the same JSON on both engines. On PostgreSQL each refusal names its
# rule and changes nothing (those a unique index decides there too: a failed statement
# aborts the transaction, and the refusal is still audited). Then issue 12 point 2: a
# use case that reads, decides and writes back waits on its read while another session
# holds the row (device_get, site_get, site_visit_get lock it); two `baomi serve` on one
# database, clients ending one visit on both at once — exactly one succeeds, every other
# is refused by SITE-1 and audited; listings refused by the unique index beside measures
# recorded at once leave every measure recorded; the chain stays one gap-free sequence
# (SYS-3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

. "$(dirname "$0")/pg_lib.sh"

DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
# Cheap password hashes on both engines, as lib.sh's PostgreSQL mode has them: a test build
# with BAOMI_TEST_FASTHASH=1 hashes at libsodium's minimal cost through the audited use
# cases, so fasthash (which rewrites only a SQLite file) finds nothing to do; the production
# cost on PostgreSQL is t_pg_basics' and t_pg_roles' (a login at it is ~0.2 s, more under ASan).
export BAOMI_FASTHASH=/bin/true
export BAOMI_TEST_FASTHASH=1
# Monday 2 March 2026, 10:00 in the unit (UTC+8).
export BAOMI_NOW=2026-03-02T02:00:00Z

jid() { jq -r .id; }
# is NAME GOT WANT: passes when GOT is WANT; otherwise shows both.
is() {
	if [ "$2" = "$3" ]; then
		_tap_line ok "$1"
	else
		_tap_line fail "$1"
		printf '#   got:  %s\n#   want: %s\n' "$2" "$3" >&2
	fi
}

# devices: the unit's devices registered, handed over, raised, repaired and accepted, a
# password and a label recorded, one scrapped against an approved request (DEV-1..7).
devices() {
	as clerk device add --number JSJ-001 --kind computer --level 机密 --holder finance \
		--model ThinkCentre --serial SN001 --place 保密室 >/dev/null &&
	as clerk device add --number U-001 --kind usb --level 秘密 --holder staff >/dev/null &&
	as clerk device add --number DY-001 --kind printer --level 秘密 --holder staff \
		--operator staff --place 办公室 >/dev/null &&
	as clerk device add --number BJB-001 --kind laptop --level 秘密 --holder clerk \
		--model 'X1 Carbon' --password-changed 2026-01-10 >/dev/null &&
	as clerk device add --number u-010 --kind usb --level 内部 --holder clerk --note 小写编号 \
		>/dev/null &&
	as clerk device add --number Z-9 --kind optical_disc --level 秘密 --holder finance >/dev/null &&
	as clerk device assign 2 --holder finance --place 保密室 >/dev/null &&
	as clerk device level 2 --level 机密 --reason 存入机密文件 >/dev/null &&
	as_at 2026-03-02T03:00:00Z clerk device repair 1 --supervisor 张保密 --technician 王师傅 \
		--company 某公司 --storage removed --fault 无法开机 >/dev/null &&
	BAOMI_NOW=2026-03-02T05:00:00Z acceptor_as leader clerk device repair-end 1 \
		--checked-by leader --result 已修复 >/dev/null &&
	as finance device password 1 --date 2026-03-01 >/dev/null &&
	as clerk device label-affixed 3 >/dev/null &&
	local r
	r=$(as clerk request new scrap --reason 损坏 --param device_id=6 --param method=physical \
		--json | jid) && [ -n "$r" ] &&
	as leader approve "$r" --comment 同意 >/dev/null &&
	witnesses_as staff leader clerk device scrap 6 --request "$r" --witness staff \
		--witness leader >/dev/null
}

# sites: two key places and a key department, staff and access lists, measures checked,
# visits in and out, an edit, a removal and a revocation (SITE-1).
sites() {
	as clerk site add --name 机要室 --kind place --place 一号保密柜 --location 办公楼三楼301 \
		--confirmed-by 市国家保密局 --confirmed-on 2026-03-01 --doc '市保〔2026〕5号' \
		--leader leader >/dev/null &&
	as clerk site add --name 财务科 --kind department --department 财务科 \
		--confirmed-by 局保密委员会 --confirmed-on 2026-02-10 --leader leader >/dev/null &&
	as clerk site add --name 'Archive 档案室' --kind place --location 一楼101 \
		--confirmed-by 局保密委员会 --confirmed-on 2026-02-20 --leader leader --note 纸质档案 \
		>/dev/null &&
	as clerk site staff 1 --add finance >/dev/null &&
	as clerk site staff 1 --add clerk >/dev/null &&
	as clerk site access 1 --add staff >/dev/null &&
	as clerk site staff 3 --add clerk >/dev/null &&
	as clerk site measure 1 --measure iron_door --present yes --checked 2026-03-02 >/dev/null &&
	as clerk site measure 1 --measure alarm --present no --note 待安装 >/dev/null &&
	as clerk site measure 1 --measure safe --present yes --checked 2026-02-28 >/dev/null &&
	as clerk site visit 1 --visitor 王师傅 --org 市电信公司 --reason 检修线路 --escort finance \
		--in 2026-03-02T01:00:00Z >/dev/null &&
	as clerk site visit 1 --person staff --reason 送文件 --in 2026-03-02T01:30:00Z >/dev/null &&
	as clerk site visit 3 --visitor 李审计 --org 审计局 --reason 查阅档案 --escort clerk \
		--in 2026-03-02T01:10:00Z >/dev/null &&
	as clerk site leave 1 --out 2026-03-02T01:45:00Z >/dev/null &&
	as clerk site edit 1 --location 办公楼三楼302 >/dev/null &&
	as clerk site access 3 --add finance >/dev/null &&
	as clerk site access 3 --remove finance >/dev/null &&
	as clerk site revoke 2 --reason 机构调整 >/dev/null
}

check "the fixture unit builds through the CLI on PostgreSQL" build_fixture
check "… with a supervising leader" add_leader
check "DEV-1..7: devices registered, changed, repaired and one scrapped on PostgreSQL" devices
is "… the rows and their history are on PostgreSQL" "$(sql "SELECT
	string_agg(number || '/' || level || '/' || status || '/' || coalesce(holder_id, 0), ','
	ORDER BY id) || ' ' || (SELECT count(*) FROM device_event) FROM device")" \
	"JSJ-001/3/in_use/6,U-001/3/in_use/6,DY-001/2/in_use/5,BJB-001/2/in_use/4,u-010/1/in_use/4,Z-9/2/scrapped/6 13"
check "SITE-1: key sites with lists, measures, visits and history on PostgreSQL" sites
is "… the rows are on PostgreSQL" "$(sql "SELECT (SELECT string_agg(name || ':' || status,
	',' ORDER BY id) FROM site) || ' ' || (SELECT count(*) FROM site_member WHERE removed_at IS NULL)
	|| ' ' || (SELECT count(*) FROM site_measure) || ' ' || (SELECT count(*) FROM site_visit
	WHERE time_out IS NULL) || ' ' || (SELECT count(*) FROM site_event)")" \
	"机要室:active,财务科:revoked,Archive 档案室:active 4 3 2 18"

# ---- the same steps on SQLite ----------------------------------------------------------
SQ="$WORK/copy.db"
sqlite_copy() (
	unset BAOMI_FASTHASH
	export BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints"
	DB=$SQ
	build_fixture && add_leader && devices && sites
)
check "the same unit built through the CLI on SQLite" sqlite_copy

# same NAME USER CMD...: `baomi CMD --json` as USER succeeds on PostgreSQL and on the
# SQLite copy with the same JSON (keys sorted); a failure or an answer that is not JSON
# fails the check. The PostgreSQL answer is left in $LAST.
same() {
	local name=$1 user=$2 pg="" sq="" ok=1
	shift 2
	pg=$(as "$user" "$@" --json 2>"$WORK/same.err") || ok=0
	sq=$(BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" \
		BAOMI_CHECKPOINTS="$WORK/sq.checkpoints" as "$user" "$@" --json \
		2>>"$WORK/same.err") || ok=0
	alike "$name" "$ok" "$pg" "$sq"
	LAST=$pg
}

same "the device register: every device, by number (bytes: upper case first)" clerk device list
is "… six devices, u-010 after Z-9 as SQLite's bytes order them" \
	"$(jq -r '[.devices[].number] | join(",")' <<<"$LAST")" "BJB-001,DY-001,JSJ-001,U-001,Z-9,u-010"
same "… filtered by kind" clerk device list --kind usb
same "… by status" clerk device list --status scrapped
same "… by level" clerk device list --level 机密
same "… by holder" clerk device list --holder finance
same "… searched by serial" clerk device list --search SN0
same "… searched by the holder's name" clerk device list --search 赵会计
same "… searched by place" clerk device list --search 保密室
same "… a search that finds nothing" clerk device list --search 无此设备
same "… as the holder, only their own (DEV-1)" finance device list
same "… as staff, the printer they operate (DEV-7)" staff device list
for id in 1 2 3 4 5 6; do
	same "device $id with its history, read back" clerk device show "$id"
done
same "the repairs register (DEV-5)" clerk device repairs
# DEV-3's store read, which only `baomi alerts` makes (and alerts still read operations
# PostgreSQL lacks: count_last_closed, letter_list): through the store, on both engines.
due=$(dirname "$BAOMI")/tests/tools/password_due
for args in "0 2026-03-02" "0 2026-01-10" "0 2026-01-09" "6 2026-03-02" "4 2026-03-02"; do
	set -- $args
	is "DEV-3: the computers and laptops due by $2, holder $1: the same on both engines" \
		"$("$due" "$url" 1 "$1" "$2" 2>&1)" "$("$due" "$SQ" 1 "$1" "$2" 2>&1)"
done
is "DEV-3: … by 2026-03-02, the laptop changed 2026-01-10 and the computer 2026-03-01" \
	"$("$due" "$url" 1 0 2026-03-02 | cut -d' ' -f2 | tr '\n' ' ')" "BJB-001 JSJ-001 "
is "DEV-3: … by 2026-01-09 none" "$("$due" "$url" 1 0 2026-01-09)" ""
same "the key sites register, by name (bytes)" clerk site list
is "… three entries, 'Archive 档案室' first" \
	"$(jq -r '[.sites[].name] | join(",")' <<<"$LAST")" "Archive 档案室,机要室,财务科"
same "… filtered by status" clerk site list --status revoked
same "… by kind" clerk site list --kind place
same "… by department" clerk site list --department 财务科
same "… searched" clerk site list --search 保密局
same "… as staff, what they are listed on (SYS-2)" staff site list
for id in 1 2 3; do
	same "site $id with its lists, measures, visits and history" clerk site show "$id"
done
same "the visit log of every site, newest first" clerk site visits
same "… of one site" clerk site visits 1
same "… those still inside" clerk site visits --open

# ---- refusals change nothing on PostgreSQL -------------------------------------------
# Everything the two registers hold, as one line.
state() {
	sql "SELECT (SELECT string_agg(id || number || level || status || coalesce(holder_id, 0)
		|| coalesce(place, '') || updated_at, ';' ORDER BY id) FROM device)
		|| '|' || (SELECT count(*) FROM device_event)
		|| '|' || (SELECT string_agg(id || name || status || coalesce(location, '') || updated_at,
			';' ORDER BY id) FROM site)
		|| '|' || (SELECT string_agg(id || ':' || site_id || person_id || kind
			|| coalesce(removed_at, ''), ';' ORDER BY id) FROM site_member)
		|| '|' || (SELECT count(*) FROM site_measure)
		|| '|' || (SELECT string_agg(id || coalesce(time_out, ''), ';' ORDER BY id) FROM site_visit)
		|| '|' || (SELECT count(*) FROM site_event)"
}
# refused NAME EXIT CODE RULE ARGS...: refused with its code (and rule), nothing changed,
# the refusal audited.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 before seq
	shift 4
	before=$(state)
	seq=$(sql "SELECT max(seq) FROM audit_event")
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	is "$name: nothing changed" "$(state)" "$before"
	# (the login before it is the one event that is not a refusal)
	is "$name: the refusal is audited${rule:+ with $rule}" "$(sql "SELECT string_agg(outcome ||
		':' || rule, ',') FROM audit_event WHERE seq > $seq AND action <> 'login'")" \
		"refused:$rule"
}
refused "DEV-1: a number once" 6 number_taken DEV-1 \
	as clerk device add --number U-001 --kind usb --level 秘密 --holder staff
refused "DEV-2: a level is never lowered" 5 device_level_down DEV-2 \
	as clerk device level 2 --level 内部
refused "PERSON-1: not raised above what its holder may know" 5 holder_not_cleared PERSON-1 \
	as clerk device level 3 --level 机密
refused "DEV-6: a scrapped device changes no more" 6 device_scrapped DEV-6 \
	as clerk device assign 6 --holder clerk
refused "DEV-1: an unknown device does not exist" 4 unknown_device DEV-1 \
	as clerk device password 99
# A name and a listing are decided by unique indexes (SQLite's too): on PostgreSQL the
# failed INSERT aborts the transaction, the use case is refused and still audited.
refused "SITE-1: a name is registered once (the unique index)" 6 duplicate_site "" \
	as clerk site add --name 机要室 --kind place --location 别处 --confirmed-by 局保密委员会 \
	--confirmed-on 2026-03-01 --leader leader
refused "SITE-1: listed once (the unique index)" 6 already_listed "" \
	as clerk site staff 1 --add clerk
refused "SITE-1: a person not listed is not removed" 4 not_listed "" \
	as clerk site staff 1 --remove temp
refused "SITE-1/PERSON-1: a 一般 person does not work at a key place" 5 site_class_too_low SITE-1 \
	as clerk site staff 1 --add staff
refused "SITE-1: a visit is signed out once" 6 site_visit_closed SITE-1 as clerk site leave 1
refused "SITE-1: a revoked entry is revoked once" 6 site_revoked SITE-1 \
	as clerk site revoke 2 --reason 再次
refused "SITE-1: an unrelated visitor needs an escort who works there" 5 site_escort_required SITE-1 \
	as clerk site visit 1 --visitor 张三 --org 某公司 --reason 参观
refused "SITE-1: an unknown visit" 4 unknown_visit "" as clerk site leave 999
refused "SITE-1: an unknown site" 4 unknown_site "" as clerk site show 999
expect_rc "… and after the refusals the unit goes on: finance leaves 机要室's staff list" 0 \
	as clerk site staff 1 --remove finance
check "… one row marked removed, none deleted" test "$(sql "SELECT count(*) || ' ' ||
	count(removed_at) FROM site_member WHERE site_id = 1 AND person_id = 6")" = "1 1"
check "SITE-1: the history tables refuse UPDATE and DELETE on PostgreSQL as on SQLite" test \
	"$( (sql "UPDATE site_event SET action = 'x'"; sql "DELETE FROM site_visit";
		sql "UPDATE site_measure SET present = 0") 2>&1 | grep -c 'key sites are permanent')" = 3

# ---- the row read to be written back is locked (issue 12 point 2) ---------------------
# A use case that reads, decides and writes back waits on the read itself while another
# holds the row (the head is free), so what it decides on is what it writes over.
expect_rc "a visitor comes into 机要室 (on the access list)" 0 \
	as clerk site visit 1 --person staff --reason 核对文件 --in 2026-03-02T01:40:00Z --json
VH=$(jq -r .id "$OUT")
held_by "SELECT 1 FROM site_visit WHERE id = $VH FOR UPDATE" as clerk site leave "$VH"
check "SITE-1: ending a visit waits on site_visit_get's read, which locks the visit" \
	grep -q "WHERE v.id = \$1 FOR UPDATE OF v" <<<"$WAITED"
check "… and ends it when the row is free" test "$HELD_RC" = 0 -a \
	"$(sql "SELECT time_out IS NOT NULL FROM site_visit WHERE id = $VH")" = t
held_by "SELECT 1 FROM device WHERE id = 4 FOR UPDATE" as clerk device password 4
check "DEV-3: changing a device waits on device_get's read, which locks the device" \
	grep -q "WHERE d.id = \$1 FOR UPDATE OF d" <<<"$WAITED"
check "… and records the change when the row is free" test "$HELD_RC" = 0 -a \
	"$(sql "SELECT password_changed_on FROM device WHERE id = 4")" = 2026-03-02
held_by "SELECT 1 FROM site WHERE id = 3 FOR UPDATE" as clerk site edit 3 --note 电子档案
check "SITE-1: changing a key site waits on site_get's read, which locks the entry" \
	grep -q "WHERE s.id = \$1 FOR UPDATE OF s" <<<"$WAITED"
check "… and writes it when the row is free" test "$HELD_RC" = 0 -a \
	"$(sql "SELECT note FROM site WHERE id = 3")" = 电子档案

# ---- issue 12 point 2: two servers, one database, one visit ended once ----------------
check "server one starts on its own port" serve one
S1=$SERVED
check "server two starts on another, against the same database" serve two
S2=$SERVED
check "… two servers, two ports" test -n "$S1" -a -n "$S2" -a "$S1" != "$S2"
T1=$(login clerk "$S1")
T2=$(login clerk "$S2")
check "the clerk logs in on both servers" test -n "$T1" -a -n "$T2" -a "$T1" != null
expect_rc "a visitor on the access list comes into 机要室 for the race" 0 \
	as clerk site visit 1 --person staff --reason 取文件 --in 2026-03-02T01:50:00Z --json
V=$(jq -r .id "$OUT")
N=8
seq_before=$(sql "SELECT max(seq) FROM audit_event")
events_before=$(sql "SELECT count(*) FROM site_event WHERE action = 'visit_out'")
race $N "/api/v1/site-visits/$V/out" '{}'
check "SITE-1: $N clients end one visit at once on two servers: exactly one succeeds" \
	grep -qx "1 200 ok " "$WORK/race"
check "… every other is refused: signed out already (409, SITE-1)" \
	grep -qx "$((N - 1)) 409 site_visit_closed SITE-1" "$WORK/race"
check "… the visit has one time out, the one the winner answered" test \
	"$(sql "SELECT time_out FROM site_visit WHERE id = $V")" = \
	"$(cat "$WORK"/race.*.json | jq -r 'select(.time_out) | .time_out')"
check "… one history line" test \
	"$(sql "SELECT count(*) FROM site_event WHERE action = 'visit_out'")" = $((events_before + 1))
is "SYS-3: … one success and $((N - 1)) refusals naming SITE-1 in the chain" \
	"$(sql "SELECT string_agg(outcome || ':' || rule || ':' || n, ' ' ORDER BY outcome) FROM
		(SELECT outcome, rule, count(*) AS n FROM audit_event WHERE action = 'site.visit_out'
		AND seq > $seq_before GROUP BY outcome, rule) x")" "ok::1 refused:SITE-1:$((N - 1))"
# A listing is decided by the unique index: on PostgreSQL the refused INSERT aborts what
# it is part of, and a server's commit pipeline may have joined it with other use cases in
# one transaction. Eight clients list the leader on 档案室's staff at once while eight more
# record measures there, on both servers: one listing, seven already_listed, and every
# measure recorded (each use case in its own savepoint).
seq_before=$(sql "SELECT max(seq) FROM audit_event")
measures_before=$(sql "SELECT count(*) FROM site_measure WHERE site_id = 3")
rm -f "$WORK"/mix.*
clients=()
for i in $(seq 1 16); do
	if [ $((i % 2)) -eq 1 ]; then s=$S1 t=$T1; else s=$S2 t=$T2; fi
	if [ $((i % 4)) -lt 2 ]; then
		body='{"person": "leader", "list": "staff"}' path=/api/v1/sites/3/members kind=member
	else
		body='{"measure": "safe", "present": true}' path=/api/v1/sites/3/measures kind=measure
	fi
	curl -s -o "$WORK/mix.$i.json" -w "$kind %{http_code}\n" -X POST \
		-H "Authorization: Bearer $t" -H 'Content-Type: application/json' \
		-d "$body" "$s$path" >"$WORK/mix.$i.code" &
	clients+=($!)
done
wait "${clients[@]}"
is "SITE-1: 8 listings and 8 measures at once on two servers: one listed, 7 already_listed, 8 measures" \
	"$(for i in $(seq 1 16); do printf '%s %s\n' "$(cat "$WORK/mix.$i.code")" \
		"$(jq -r '.error.code // "ok"' "$WORK/mix.$i.json")"; done | sort | uniq -c |
		sed 's/^ *//' | tr '\n' ' ')" "8 measure 201 ok 1 member 200 ok 7 member 409 already_listed "
is "… one row listed, eight checks recorded" "$(sql "SELECT (SELECT count(*) FROM site_member
	m JOIN person p ON p.id = m.person_id WHERE m.site_id = 3 AND p.username = 'leader'
	AND m.removed_at IS NULL) || ' ' || (SELECT count(*)
	FROM site_measure WHERE site_id = 3)")" "1 $((measures_before + 8))"
is "SYS-3: … all sixteen in the chain" "$(sql "SELECT string_agg(action || ':' || outcome ||
	':' || n, ' ' ORDER BY action, outcome) FROM (SELECT action, outcome, count(*) AS n
	FROM audit_event WHERE seq > $seq_before AND action LIKE 'site.%' AND action <> 'site.show'
	GROUP BY action, outcome) x")" \
	"site.measure:ok:8 site.staff_add:ok:1 site.staff_add:refused:7"
chain_holds

done_testing
