# tests/cli/t_pg_meeting_people.sh — meetings (MEET-1/2), 领导亲启 letters (REG-3), trips
# abroad (PERSON-8), training (PERSON-6) and rewards (INSP-3) on PostgreSQL (issue 12):
# the CLI suites' unit (fixture.sh) is built on a throw-away cluster and, by the same CLI
# steps at the same clock, in a SQLite file; then every step runs on both engines in turn
# and answers the same JSON (keys sorted), and every refusal is refused on both with its
# code and rule, audited, and changes nothing on either. A meeting lives from planned to
# closed with participants and documents issued and handed back (one at the desk), a letter
# is logged, opened by its addressee alone and its contents registered, a trip approved,
# departed and reported back, a training session attended and signed (and the database
# itself refuses attendance on a signed sheet and a TRUNCATE of the registers, migration
# 10), a reward recorded. Then issue 12 point 2: two `baomi serve` processes on one database
# race a meeting document's return, a letter's opening and a trip's approval: exactly one of
# each wins, the others are refused by the rule, and the chain stays one gap-free sequence
# (SYS-3).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

. "$(dirname "$0")/pg_lib.sh"

# One clock for the whole suite (no password ages past SYS-4's limit).
export BAOMI_NOW=2026-11-20T01:00:00Z
SQ="$WORK/copy.db"
# on_sq CMD...: CMD against the SQLite copy (its own key and checkpoints, cheap hashes).
on_sq() {
	BAOMI_DB="$SQ" BAOMI_AUDIT_KEY="$WORK/sq.sm2key" BAOMI_CHECKPOINTS="$WORK/sq.checkpoints" \
		BAOMI_FASTHASH="$(dirname "$BAOMI")/tests/tools/fasthash" DB="$SQ" "$@"
}
# The unit lives on PostgreSQL; fasthash rewrites only a SQLite file's hashes.
DB=$url
export BAOMI_DB=$url BAOMI_AUDIT_KEY="$WORK/pg.sm2key" BAOMI_CHECKPOINTS="$WORK/pg.checkpoints"
# Cheap password hashes on both engines, as lib.sh's PostgreSQL mode has them: a test build
# with BAOMI_TEST_FASTHASH=1 hashes at libsodium's minimal cost through the audited use
# cases, so fasthash (which rewrites only a SQLite file) finds nothing to do; the production
# cost on PostgreSQL is t_pg_basics' and t_pg_roles' (a login at it is ~0.2 s, more under ASan).
export BAOMI_FASTHASH=/bin/true
export BAOMI_TEST_FASTHASH=1

unit() {
	build_fixture && add_leader &&
		reg --title 会议材料一 --level 机密 --doc-number 'X〔2026〕1号' --serial 1 \
			--place 一号保密柜 --scope 办公室 &&
		reg --title 会议材料二 --level 秘密 --doc-number 'X〔2026〕2号' --serial 1 \
			--place 一号保密柜 --scope 办公室 &&
		reg --title 会议材料三 --level 秘密 --doc-number 'X〔2026〕3号' --serial 1 \
			--place 一号保密柜 --scope 办公室
}
reg() { as clerk carrier register "$@" >/dev/null; }
check "the fixture unit, a leader and three documents on PostgreSQL" unit
check "… and by the same CLI steps in a SQLite file" on_sq unit
DOC1=1 DOC2=2 DOC3=3
check "… the same carriers with the same ids" test "$(sql "SELECT string_agg(id || ':' || title,
	'|' ORDER BY id) FROM carrier")" = "$(sqlite3 "$SQ" "SELECT group_concat(id || ':' || title,
	'|') FROM (SELECT id, title FROM carrier ORDER BY id)")" -a "$(sql "SELECT count(*) FROM carrier")" = 3

# The rows these use cases keep, one table after the other, each row as a|b|c on both
# engines (psql -A -t and sqlite3 print the same): what a refusal must leave as it was.
cat >"$WORK/state.sql" <<'EOF'
SELECT id, title, level, site_id, room, starts_at, ends_at, organiser_id, no_wireless, phones_collected, room_checked, measures_at, measures_by, note, status, opened_at, closed_at, updated_at FROM meeting ORDER BY id;
SELECT id, meeting_id, person_id, added_at, removed_by, removed_at FROM meeting_participant ORDER BY id;
SELECT id, meeting_id, loan_id, carrier_id FROM meeting_document ORDER BY id;
SELECT id, meeting_id, at, actor_id, action, detail FROM meeting_event ORDER BY id;
SELECT id, carrier_id, kind, holder_id, issued_at, due_at, signature, returned_at, received_by, return_note FROM loan ORDER BY id;
SELECT id, status, custodian_id FROM carrier ORDER BY id;
SELECT id, sender, received_on, addressee_id, status, opened_at, classified, open_note, registered_at FROM personal_letter ORDER BY id;
SELECT letter_id, carrier_id FROM personal_letter_carrier ORDER BY carrier_id;
SELECT id, held_on, topic, hours_tenths, trainer, signed_by, signed_at FROM training_session ORDER BY id;
SELECT session_id, person_id, recorded_by FROM training_attendance ORDER BY session_id, person_id;
SELECT id, person_id, destination, depart_on, return_on, briefed_on, approvals, approved_by, departed_on, reported_on, report_note FROM person_trip ORDER BY id;
SELECT id, person_id, kind, measure, reason, decided_by, decided_on, document FROM merit ORDER BY id;
SELECT id, person_id, kind, from_value, to_value FROM person_event ORDER BY id;
EOF
pg_state() { psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" -f "$WORK/state.sql"; }
sq_state() { sqlite3 "$SQ" <"$WORK/state.sql"; }

# same NAME CMD...: `CMD --json` (CMD: `as USER …`, `holder_as …`) succeeds on PostgreSQL and
# on the SQLite copy with the same JSON, keys sorted; the PostgreSQL answer is left in $OUT.
same() {
	local name=$1 pg sq ok=1
	shift
	pg=$("$@" --json 2>"$WORK/same.err") || ok=0
	sq=$(on_sq "$@" --json 2>>"$WORK/same.err") || ok=0
	printf '%s\n' "$pg" >"$WORK/out.same"
	OUT="$WORK/out.same"
	alike "$name" "$ok" "$pg" "$sq"
}

# refused NAME EXIT CODE RULE ACTION CMD...: refused on both engines with the exit status,
# the code and the rule (in zh and en), audited as refused under ACTION with the rule on
# both, and nothing changed on either.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 action=$5 pg_before sq_before audited
	shift 5
	pg_before=$(pg_state)
	sq_before=$(sq_state)
	expect_rc "$name: exit $rc on PostgreSQL" "$rc" "$@"
	expect_err "… names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "… names rule $rule" "\\[$rule\\]"; fi
	expect_err "… says why in Chinese" '错误'
	audited=$(sql "SELECT outcome || ' ' || coalesce(rule, '') FROM audit_event
		WHERE action = '$action' ORDER BY seq DESC LIMIT 1")
	expect_rc "$name: exit $rc on SQLite" "$rc" on_sq "$@"
	expect_err "… names '$code' there too" "$code"
	check "… audited as refused$([ -n "$rule" ] && echo " with $rule") on both" test \
		"$audited|$(sqlite3 "$SQ" "SELECT outcome || ' ' || coalesce(rule, '') FROM audit_event
			WHERE action = '$action' ORDER BY seq DESC LIMIT 1")" = "refused $rule|refused $rule"
	check "… and nothing changed on either" test "$(pg_state)|$(sq_state)" = "$pg_before|$sq_before"
}

# --- MEET-1, MEET-2: a meeting through its life --------------------------------------------
T=(--start 2026-11-20T02:00:00Z --end 2026-11-20T04:00:00Z)
refused "MEET-1: only the clerk records meetings" 5 role_required MEET-1 meeting.add \
	as staff meeting add --title 会议 --level 机密 --room 三楼会议室 "${T[@]}" --organiser leader
same "MEET-1: the clerk records a 机密 meeting in a room, its organiser the first participant" \
	as clerk meeting add --title 保密工作会议 --level 机密 --room 三楼会议室 "${T[@]}" --organiser leader
M=$(jq -r .id "$OUT")
check "… planned, one participant, on PostgreSQL" test "$(sql "SELECT status || ' ' ||
	(SELECT count(*) FROM meeting_participant WHERE meeting_id = m.id) FROM meeting m
	WHERE id = $M")" = "planned 1"
same "MEET-1: the clerk attends" as clerk meeting participant "$M" --add clerk
same "MEET-1: 赵会计 attends" as clerk meeting participant "$M" --add finance
refused "a participant is listed once" 6 already_listed "" meeting.participant_add \
	as clerk meeting participant "$M" --add finance
same "MEET-1: the organiser named again on an edit stays listed once (the edit goes on)" \
	as clerk meeting edit "$M" --organiser leader --note 请携带笔记本
check "… still three listed, the note kept" test "$(sql "SELECT (SELECT count(*) FROM
	meeting_participant WHERE meeting_id = $M AND removed_at IS NULL) || ' ' || note FROM
	meeting WHERE id = $M")" = "3 请携带笔记本"
refused "MEET-1: not held without its measures" 5 meeting_measures_missing MEET-1 meeting.open \
	as clerk meeting open "$M"
same "MEET-1: the measures recorded" \
	as clerk meeting measures "$M" --no-wireless yes --phones yes --room-checked yes
same "MEET-1: held" as clerk meeting open "$M"
refused "MEET-1: opened once" 6 meeting_not_planned MEET-1 meeting.open as clerk meeting open "$M"
same "MEET-2: the 机密 document issued to the clerk, who confirms with their own password" \
	holder_as clerk clerk meeting issue "$M" --carrier "$DOC1" --to clerk
same "MEET-2: the 秘密 document issued to the organiser" \
	holder_as leader clerk meeting issue "$M" --carrier "$DOC2" --to leader
check "… two loans of kind meeting, both carriers out, on PostgreSQL" test "$(sql "SELECT
	string_agg(l.kind || ':' || c.status, ',' ORDER BY l.id) FROM meeting_document d
	JOIN loan l ON l.id = d.loan_id JOIN carrier c ON c.id = d.carrier_id
	WHERE d.meeting_id = $M")" = "meeting:lent,meeting:lent"
refused "MEET-2: a participant holding a document stays on the list" 6 meeting_document_held MEET-2 \
	meeting.participant_remove as clerk meeting participant "$M" --remove clerk
refused "MEET-1: the organiser stays on the list" 6 meeting_organiser MEET-1 \
	meeting.participant_remove as clerk meeting participant "$M" --remove leader
same "MEET-1: 赵会计, holding nothing, leaves the list" as clerk meeting participant "$M" --remove finance
same "MEET-2: the organiser's document comes back" as clerk meeting return "$M" --carrier "$DOC2" --note 完好
refused "MEET-2: a document comes back once" 6 meeting_document_back MEET-2 meeting.return \
	as clerk meeting return "$M" --carrier "$DOC2"
same "MEET-1: closed with a document still out" as clerk meeting close "$M"
refused "MEET-1: closed once" 6 meeting_not_open MEET-1 meeting.close as clerk meeting close "$M"
refused "MEET-1: a closed meeting never changes" 6 meeting_closed MEET-1 meeting.participant_add \
	as clerk meeting participant "$M" --add finance
same "show: the record, its participants, documents and history" as clerk meeting show "$M"
check "… two participants, two documents, one back" jq -e '(.participants | length) == 2 and
	([.documents[] | select(.returned_at != null)] | length) == 1' "$OUT"
same "list --out: the meetings with a document not back" as clerk meeting list --out
check "… this one" jq -e ".count == 1 and .meetings[0].id == $M" "$OUT"
same "list: the organiser sees the meetings they hold" as leader meeting list
same "list --search: by room" as clerk meeting list --search 三楼
same "MEET-2: the clerk's document checked in at the desk" as clerk desk checkin "$DOC1"
same "… the meeting's history records the desk's return" as clerk meeting show "$M"
check "… the line names the document and its holder" jq -e \
	'[.history[] | select(.action == "return")] | length == 2' "$OUT"
same "list --out: none out now" as clerk meeting list --out
check "… empty" jq -e '.count == 0' "$OUT"
refused "MEET-2: a document checked in at the desk is not returned again" 6 meeting_document_back \
	MEET-2 meeting.return as clerk meeting return "$M" --carrier "$DOC1"

# --- REG-3: a 领导亲启 letter ------------------------------------------------------------------
same "REG-3: the clerk logs a sealed personal letter for staff" \
	as clerk letter log --sender 市委办公室 --addressee staff --received 2026-11-20
L1=$(jq -r .id "$OUT")
refused "REG-3: the clerk may not open a personal letter" 5 not_addressee REG-3 letter.open \
	as clerk letter open "$L1" --classified yes
refused "REG-3: the contents of a sealed letter cannot be registered" 6 letter_sealed REG-3 \
	carrier.register_incoming as clerk carrier register --letter "$L1" --title 信中文件 --level 秘密 \
	--place 保密室 --scope 办公室
same "REG-3: the addressee opens it and states classified contents" \
	as staff letter open "$L1" --classified yes --note 内有秘密级文件一份
refused "REG-3: a letter is opened once" 6 letter_opened REG-3 letter.open \
	as staff letter open "$L1" --classified no
same "REG-3: the clerk registers the contents from the letter" \
	as clerk carrier register --letter "$L1" --title 关于某事项的函 --level 秘密 --place 保密室 --scope staff
C1=$(jq -r .id "$OUT")
same "REG-3: the letter is registered, the carrier linked" as staff letter show "$L1"
check "… on PostgreSQL too" test "$(sql "SELECT l.status || ' ' || k.carrier_id FROM personal_letter l
	JOIN personal_letter_carrier k ON k.letter_id = l.id WHERE l.id = $L1")" = "registered $C1"
same "REG-3: a second letter, for 赵会计" as clerk letter log --sender 同学 --addressee finance
L2=$(jq -r .id "$OUT")
same "REG-3: nothing classified inside: closed at once" as finance letter open "$L2" --classified no
refused "REG-3: nothing to register from a letter with nothing classified" 6 letter_not_classified \
	REG-3 carrier.register_incoming as clerk carrier register --letter "$L2" --title 私人信件 --level 秘密 \
	--place 保密室 --scope 办公室
same "the clerk lists every letter" as clerk letter list
check "… two" jq -e '.count == 2' "$OUT"
same "an addressee lists only theirs" as finance letter list
same "list by status" as clerk letter list --status registered
refused "REG-3: someone else finds no such letter" 4 unknown_letter "" letter.show as finance letter show "$L1"

# --- PERSON-8: a trip abroad reported back ---------------------------------------------------
refused "PERSON-8: not briefed before leaving" 5 not_briefed PERSON-8 person.trip \
	as secadmin person trip finance --to 日本 --depart 2026-11-10 --return 2026-11-18 --briefed 2026-11-12
same "PERSON-8: 赵会计's trip recorded, awaiting the supervising leader" \
	as secadmin person trip finance --to 日本 --depart 2026-11-10 --return 2026-11-18 \
	--briefed 2026-11-05 --purpose 学术交流
TRIP=$(jq -r .id "$OUT")
refused "PERSON-8: no departure before the approval" 5 trip_not_approved PERSON-8 person.trip_depart \
	as secadmin person trip-depart "$TRIP" --on 2026-11-10
refused "PERSON-8: the clerk is not the approver" 5 trip_approver_role PERSON-8 person.trip_approve \
	as clerk person trip-approve "$TRIP"
same "PERSON-8: the supervising leader approves" as leader person trip-approve "$TRIP"
refused "PERSON-8: approved once" 6 trip_approved PERSON-8 person.trip_approve \
	as leader person trip-approve "$TRIP"
same "PERSON-8: departed" as secadmin person trip-depart "$TRIP" --on 2026-11-10
same "PERSON-8: the traveller not yet back is on the list of open trips" as secadmin person trips --status unreported
same "PERSON-8: reported back" as secadmin person trip-report "$TRIP" --on 2026-11-19 --note 无涉密事项
refused "PERSON-8: reported once" 6 trip_reported PERSON-8 person.trip_report \
	as secadmin person trip-report "$TRIP" --on 2026-11-19
same "PERSON-8: the register of trips" as secadmin person trips
same "PERSON-8: one person's trips" as secadmin person trips --person finance
check "… reported back, the report's note kept" jq -e '.count == 1 and .items[0].status == "reported" and .items[0].reported_on == "2026-11-19" and .items[0].report_note == "无涉密事项"' "$OUT"
# (`person show` reads the devices a person keeps, not on PostgreSQL yet: device_held.)

# --- PERSON-6: a training session attended and signed -----------------------------------------
same "PERSON-6: the clerk records a session" \
	as clerk training add --on 2026-11-18 --topic 保密法规 --hours 2 --trainer 张保密
TR=$(jq -r .id "$OUT")
same "PERSON-6: attendance taken" as clerk training attend "$TR" staff finance
refused "PERSON-6: the same person twice" 6 already_attended PERSON-6 training.attend \
	as clerk training attend "$TR" staff
same "PERSON-6: the sheet signed" as clerk training sign "$TR"
refused "PERSON-6: a signed sheet takes nobody" 6 training_signed PERSON-6 training.attend \
	as clerk training attend "$TR" clerk
refused "PERSON-6: signed once" 6 training_signed PERSON-6 training.sign as clerk training sign "$TR"
same "PERSON-6: the session and its attendance" as clerk training show "$TR"
same "PERSON-6: the sessions of the year" as clerk training list --year 2026
same "PERSON-6: the year's hours per person" as clerk training summary --year 2026
# The database's own guard (PostgreSQL migration 8, SQLite's training_attendance_signed): a row written
# behind the service's back on a signed sheet is refused; on an unsigned one it is not (in a
# transaction rolled back, with the session's bm_touched as the store makes it).
guard() {
	psql -X -A -t -q -v ON_ERROR_STOP=1 "$url" 2>&1 <<EOF
BEGIN;
CREATE TEMPORARY TABLE bm_touched (tbl TEXT NOT NULL, id BIGINT NOT NULL, PRIMARY KEY (tbl, id));
INSERT INTO training_attendance(session_id, person_id, recorded_by, recorded_at)
  VALUES ($1, (SELECT id FROM person WHERE username = 'clerk'), 1, '2026-11-20T01:00:00Z');
ROLLBACK;
EOF
}
check "PERSON-6: the database refuses attendance on a signed sheet" \
	grep -q 'the attendance sheet is signed' <<<"$(guard "$TR")"
same "PERSON-6: a second session, not signed" \
	as clerk training add --on 2026-11-19 --topic 保密技术 --hours 1 --trainer 张保密
TR2=$(jq -r .id "$OUT")
check "… the database takes attendance there (the guard is the signature's)" \
	test -z "$(guard "$TR2")"

# --- INSP-3: a reward ---------------------------------------------------------------------------
REW=(--person clerk --decided-by 单位保密委员会 --decided-on 2026-11-20 --document '保委〔2026〕5号')
refused "INSP-3: only the clerk or the leadership records a reward" 5 role_required INSP-3 merit.reward \
	as staff merit reward --measure commendation --reason 成绩突出 "${REW[@]}"
same "INSP-3: a commendation" as leader merit reward --measure commendation --reason 保密工作成绩突出 "${REW[@]}"
same "INSP-3: a reward of last year" as clerk merit reward --measure award --reason 年度保密先进 \
	--person staff --decided-by 单位 --decided-on 2025-12-20 --document '保委〔2025〕9号'
same "INSP-3: the register for 2026" as clerk merit list --year 2026
check "… one line" jq -e '.count == 1' "$OUT"
same "INSP-3: one person's register" as clerk merit list --person staff
same "INSP-3: the whole register, oldest first" as clerk merit list

check "the same rows on both engines after the same steps" test "$(pg_state)" = "$(sq_state)"

# --- issue 12 point 2: two servers, one database ----------------------------------------------
# (PostgreSQL alone from here; serve, login and race are pg_lib.sh's.)
check "server one starts on its own port" serve one
S1=$SERVED
check "server two starts on another, against the same database" serve two
S2=$SERVED
check "… two servers, two ports" test -n "$S1" -a -n "$S2" -a "$S1" != "$S2"
CT=$(login clerk "$S1") ST=$(login staff "$S2") LT=$(login leader "$S1")
check "the clerk, staff and the leader log in" test -n "$CT" -a -n "$ST" -a -n "$LT"
# outcomes ACTION SEQ: ACTION's audited outcomes after SEQ, "ok:1 refused:7".
outcomes() {
	sql "SELECT string_agg(outcome || ':' || n, ' ' ORDER BY outcome) FROM (SELECT outcome,
		count(*) AS n FROM audit_event WHERE action = '$1' AND seq > $2 GROUP BY outcome) x"
}
N=8
setup_race() {
	as clerk meeting add --title 第二次会议 --level 秘密 --room 二楼 "${T[@]}" --organiser leader \
		--json >"$WORK/m2.json" &&
		M2=$(jq -r .id "$WORK/m2.json") &&
		as clerk meeting participant "$M2" --add clerk >/dev/null &&
		as clerk meeting measures "$M2" --no-wireless yes --phones yes --room-checked yes >/dev/null &&
		as clerk meeting open "$M2" >/dev/null &&
		holder_as clerk clerk meeting issue "$M2" --carrier "$DOC3" --to clerk >/dev/null &&
		as clerk letter log --sender 区委 --addressee staff --json >"$WORK/l3.json" &&
		L3=$(jq -r .id "$WORK/l3.json") &&
		as secadmin person trip finance --to 法国 --depart 2026-11-01 --return 2026-11-05 \
			--briefed 2026-10-20 --json >"$WORK/t2.json" &&
		TRIP2=$(jq -r .id "$WORK/t2.json")
}
check "a meeting with a document out, a sealed letter and a trip awaiting approval" setup_race
seq_before=$(sql "SELECT max(seq) FROM audit_event")
race $N "/api/v1/meetings/$M2/returns" "{\"carrier_id\": $DOC3, \"note\": \"完好\"}" "$CT"
check "MEET-2: $N returns of one document at once on two servers: exactly one succeeds" \
	grep -qx "1 200 ok " "$WORK/race"
check "… every other is refused: already back (409, MEET-2)" \
	grep -qx "$((N - 1)) 409 meeting_document_back MEET-2" "$WORK/race"
check "… the loan closed once, the carrier in store, one return in the history" test "$(sql "SELECT
	l.returned_at || ' ' || c.status || ' ' || (SELECT count(*) FROM meeting_event
	WHERE meeting_id = $M2 AND action = 'return') FROM meeting_document d JOIN loan l
	ON l.id = d.loan_id JOIN carrier c ON c.id = d.carrier_id WHERE d.meeting_id = $M2")" = \
	"2026-11-20T01:00:00Z in_store 1"
check "SYS-3: … one success and $((N - 1)) refusals in the chain" \
	test "$(outcomes meeting.return "$seq_before")" = "ok:1 refused:$((N - 1))"
seq_before=$(sql "SELECT max(seq) FROM audit_event")
race 4 "/api/v1/letters/$L3/open" '{"classified": true, "note": "内有文件"}' "$ST"
check "REG-3: the addressee opens one letter four times at once on two servers: once" \
	grep -qx "1 200 ok " "$WORK/race"
check "… the others are refused: opened already (409, REG-3)" \
	grep -qx "3 409 letter_opened REG-3" "$WORK/race"
check "… waiting for registration, on PostgreSQL" \
	test "$(sql "SELECT status FROM personal_letter WHERE id = $L3")" = to_register
check "SYS-3: … one success and three refusals in the chain" \
	test "$(outcomes letter.open "$seq_before")" = "ok:1 refused:3"
seq_before=$(sql "SELECT max(seq) FROM audit_event")
race 4 "/api/v1/people/trips/$TRIP2/approve" '{}' "$LT"
check "PERSON-8: one approval of a one-step trip, asked four times at once on two servers" \
	grep -qx "1 200 ok " "$WORK/race"
check "… the others are refused: approved already (409, PERSON-8)" \
	grep -qx "3 409 trip_approved PERSON-8" "$WORK/race"
check "… one approval on the trip" \
	test "$(sql "SELECT approvals || ' ' || approved_by FROM person_trip WHERE id = $TRIP2")" = "1 王领导"
check "SYS-3: … one success and three refusals in the chain" \
	test "$(outcomes person.trip_approve "$seq_before")" = "ok:1 refused:3"

# --- the chain -------------------------------------------------------------------------------------
chain_holds
expect_rc "SYS-3: the SQLite copy verifies too" 0 on_sq "$BAOMI" audit verify
# TRUNCATE fires no DELETE trigger: the registers refuse it themselves (PostgreSQL migration 8).
for t in meeting_event merit personal_letter_carrier training_attendance; do
	n=$(sql "SELECT count(*) FROM $t")
	said=$(sql "TRUNCATE $t" 2>&1)
	check "$t is permanent: TRUNCATE refused, its $n rows kept" \
		test "$(grep -c permanent <<<"$said") $(sql "SELECT count(*) FROM $t")" = "1 $n" -a "$n" -gt 0
done

done_testing
