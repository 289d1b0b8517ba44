# tests/cli/t_meeting.sh — classified meetings (涉密会议, MEET-1, MEET-2)
# through the real binary: recording a meeting (level, place: a key site or
# a room, time, organiser), the participant list as its scope (each cleared
# for the level, PERSON-1/2/3/7), the measures without which a 秘密-or-above
# meeting is not held, documents issued to participants who confirm themselves
# and taken back (who, when), the alert for a document not back (MEET-2) and
# the incident candidate months later (BORROW-6); every refusal with its
# code, rule ID, exit status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-20T01:00:00Z
check "fixture unit builds through the CLI" build_fixture
check "a supervising leader" add_leader

# Everything the meetings hold, and the loans, as one line: a refusal leaves it as it was.
meetings_state() {
	query "$DB" "SELECT (SELECT $(sql_concat "id || title || level || coalesce(CAST(site_id AS TEXT),'') || coalesce(room,'') || starts_at || ends_at || organiser_id || no_wireless || phones_collected || room_checked || status" id ';') FROM meeting)
		|| '|' || (SELECT $(sql_concat "meeting_id || ':' || person_id || coalesce(removed_at,'')" id ';') FROM meeting_participant)
		|| '|' || (SELECT count(*) FROM meeting_document) || '|' || (SELECT $(sql_concat "id || kind || coalesce(returned_at,'')" id ';') FROM loan)
		|| '|' || (SELECT $(sql_concat "id || status" id ';') FROM carrier) || '|' || (SELECT count(*) FROM meeting_event)"
}

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before
	before=$(meetings_state)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing changed" test "$(meetings_state)" = "$before"
}

# at_time INSTANT CMD...: runs CMD with "now" at INSTANT (BAOMI_NOW).
at_time() {
	local t=$1
	shift
	BAOMI_NOW=$t "$@"
}

reg() { as clerk carrier register "$@" --json | sed -n 's/^  "id": \([0-9]*\),$/\1/p'; }
DOC1=$(reg --title 会议材料一 --level 机密 --doc-number 'X〔2026〕1号' --serial 1 --place 一号保密柜 --scope 办公室)
DOC2=$(reg --title 会议材料二 --level 秘密 --doc-number 'X〔2026〕2号' --serial 1 --place 一号保密柜 --scope 办公室)
TOP=$(reg --title 会议材料三 --level 绝密 --doc-number 'X〔2026〕3号' --serial 1 --place 一号保密柜 --scope clerk)
check "three carriers registered" test -n "$DOC1" -a -n "$DOC2" -a -n "$TOP"

T=(--start 2026-11-20T02:00:00Z --end 2026-11-20T04:00:00Z)
# --- MEET-1: recording a meeting -------------------------------------------------
refused "MEET-1: only the clerk records meetings" 5 role_required MEET-1 \
	as staff meeting add --title 会议 --level 机密 --room 三楼会议室 "${T[@]}" --organiser leader
refused "MEET-1: a place is required" 3 meeting_place_required MEET-1 \
	as clerk meeting add --title 会议 --level 机密 "${T[@]}" --organiser leader
refused "MEET-1: a 非密 meeting is no classified meeting" 3 meeting_level_invalid MEET-1 \
	as clerk meeting add --title 会议 --level 非密 --room 三楼会议室 "${T[@]}" --organiser leader
refused "MEET-1: it ends after it starts" 3 meeting_ends_before_start MEET-1 \
	as clerk meeting add --title 会议 --level 机密 --room 三楼会议室 --start 2026-11-20T04:00:00Z \
	--end 2026-11-20T02:00:00Z --organiser leader
refused "MEET-1: start and end are required" 3 meeting_time_required MEET-1 \
	as clerk meeting add --title 会议 --level 机密 --room 三楼会议室 --organiser leader
refused "MEET-1: the organiser is required" 3 meeting_organiser_required MEET-1 \
	as clerk meeting add --title 会议 --level 机密 --room 三楼会议室 "${T[@]}"
refused "PERSON-1: the organiser is cleared for the level too" 5 clearance_too_low PERSON-1 \
	as clerk meeting add --title 会议 --level 机密 --room 三楼会议室 "${T[@]}" --organiser staff
refused "an unknown key site" 4 unknown_site "" \
	as clerk meeting add --title 会议 --level 机密 --site 没有的地方 "${T[@]}" --organiser leader

expect_rc "MEET-1: the clerk records a 机密 meeting in a room" 0 \
	as clerk meeting add --title 保密工作会议 --level 机密 --room 三楼会议室 "${T[@]}" --organiser leader --json
expect_out "MEET-1: planned" '"status": "planned"'
expect_out "MEET-1: the organiser is its first participant" '"participant_count": 1'
M=$(query "$DB" "SELECT id FROM meeting WHERE title = '保密工作会议'")
check "meeting.add is audited" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='meeting.add' AND outcome='ok'")" = 1
check "meeting.add refusals are audited with MEET-1" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='meeting.add' AND outcome='refused' AND rule='MEET-1'")" -ge 6

# A key site holds meetings too; a revoked one does not.
as clerk site add --name 机要会议室 --kind place --location 办公楼五楼 --confirmed-by 局保密委员会 \
	--confirmed-on 2026-03-01 --leader leader >/dev/null
expect_rc "MEET-1: a meeting at a key site" 0 \
	as clerk meeting add --title 要害部位会议 --level 秘密 --site 机要会议室 "${T[@]}" --organiser leader --json
expect_out "MEET-1: the key site is linked" '"site_name": "机要会议室"'
refused "MEET-1: one place, not a site and a room" 3 meeting_place_required MEET-1 \
	as clerk meeting add --title 会议 --level 机密 --room 三楼 --site 机要会议室 "${T[@]}" --organiser leader
SITE=$(query "$DB" "SELECT id FROM site WHERE name = '机要会议室'")
as clerk site revoke "$SITE" --reason 撤销 >/dev/null
refused "MEET-1: a revoked key site holds no meeting" 6 meeting_site_revoked MEET-1 \
	as clerk meeting add --title 会议二 --level 秘密 --site "$SITE" "${T[@]}" --organiser leader

# --- MEET-1, PERSON-*: the participants are the scope ------------------------------
refused "PERSON-1: a 一般 person does not attend a 机密 meeting" 5 clearance_too_low PERSON-1 \
	as clerk meeting participant "$M" --add staff
refused "PERSON-3: a temporary hire attends no classified meeting" 5 temporary_hire PERSON-3 \
	as clerk meeting participant "$M" --add temp
refused "MEET-1: only the clerk keeps the list" 5 role_required MEET-1 \
	as staff meeting participant "$M" --add finance
expect_rc "MEET-1: an 重要 person attends a 机密 meeting" 0 as clerk meeting participant "$M" --add finance
expect_rc "MEET-1: the clerk attends" 0 as clerk meeting participant "$M" --add clerk
refused "a participant is listed once" 6 already_listed "" as clerk meeting participant "$M" --add finance
refused "MEET-1: the organiser stays on the list" 6 meeting_organiser MEET-1 \
	as clerk meeting participant "$M" --remove leader

# --- MEET-1: measures before a 秘密-or-above meeting is held ------------------------
refused "MEET-1: not held without its measures" 5 meeting_measures_missing MEET-1 as clerk meeting open "$M"
expect_rc "MEET-1: two measures recorded" 0 as clerk meeting measures "$M" --no-wireless yes --phones yes
refused "MEET-1: still not held with the room unchecked" 5 meeting_measures_missing MEET-1 as clerk meeting open "$M"
expect_err "MEET-1: the refusal names the measure missing" '会场保密检查'
refused "MEET-1: a measure is yes or no" 3 invalid_present "" as clerk meeting measures "$M" --room-checked 也许
refused "MEET-2: no document issued before the meeting is held" 6 meeting_not_open MEET-2 \
	holder_as finance clerk meeting issue "$M" --carrier "$DOC1" --to finance
expect_rc "MEET-1: the room checked" 0 as clerk meeting measures "$M" --room-checked yes
expect_rc "MEET-1: held with every measure recorded" 0 as clerk meeting open "$M"
refused "MEET-1: opened once" 6 meeting_not_planned MEET-1 as clerk meeting open "$M"
refused "MEET-1: level, place and time stay while it is held" 6 meeting_already_open MEET-1 \
	as clerk meeting edit "$M" --room 地下室

# --- MEET-2: documents issued to participants, who confirm themselves --------------
refused "MEET-2: only to a participant" 5 meeting_not_participant MEET-2 \
	holder_as staff clerk meeting issue "$M" --carrier "$DOC1" --to staff
refused "MEET-2: nothing above the meeting's level" 5 meeting_document_above_level MEET-2 \
	holder_as clerk clerk meeting issue "$M" --carrier "$TOP" --to clerk
refused "MEET-2: only the clerk issues" 5 role_required MEET-1 \
	holder_as finance staff meeting issue "$M" --carrier "$DOC1" --to finance
# CIRC-1 (LEVEL-2): the participant list is the meeting's scope, not the
# document's; 赵会计 (财务科) is outside 会议材料一's (办公室) until an approved
# widening adds them.
refused "CIRC-1: not to a participant outside the document's knowledge scope" 5 outside_scope CIRC-1 \
	holder_as finance clerk meeting issue "$M" --carrier "$DOC1" --to finance
expect_err "CIRC-1: the refusal names the carrier and the widening" "$DOC1.*扩大知悉范围"
expect_rc "CIRC-1: the clerk asks to widen 会议材料一's scope to 赵会计" 0 \
	as clerk request new widen_scope --carrier "$DOC1" --reason 参加会议 --param add=person:finance --json
R_WID=$(grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$')
refused "CIRC-1: a widening not yet approved widens nothing" 5 outside_scope CIRC-1 \
	holder_as finance clerk meeting issue "$M" --carrier "$DOC1" --to finance
expect_rc "CIRC-1: the leader approves the widening" 0 as leader approve "$R_WID" --comment 同意
expect_rc "CIRC-1: the clerk widens the scope" 0 as clerk execute widen-scope "$R_WID"
# MEET-2, REG-1 (issue 14 point 5): the participant confirms with their own password
# at the clerk's terminal ($BAOMI_HOLDER_PASSWORD here); a typed name is no signature.
refused "MEET-2: the participant confirms themselves" 3 holder_confirmation_required MEET-2 \
	as clerk meeting issue "$M" --carrier "$DOC1" --to finance
refused "MEET-2: a typed name is no signature" 3 typed_signature MEET-2 \
	as clerk meeting issue "$M" --carrier "$DOC1" --to finance --signature 赵会计
refused "MEET-2: a participant with an account does not sign on paper" 3 holder_password_required MEET-2 \
	as clerk meeting issue "$M" --carrier "$DOC1" --to finance --paper
fails_before=$(query "$DB" "SELECT count(*) FROM login_failure WHERE username='finance'")
wrong_holder() { BAOMI_HOLDER_PASSWORD=not-her-password baomi_as "$@"; }
refused "MEET-2: a wrong password is refused" 5 holder_password_wrong MEET-2 \
	wrong_holder clerk meeting issue "$M" --carrier "$DOC1" --to finance
check "SYS-4: the wrong password counts towards the participant's lockout" \
	test "$(query "$DB" "SELECT count(*) FROM login_failure WHERE username='finance'")" = $((fails_before + 1))
expect_rc "MEET-2: the 机密 document issued to 赵会计" 0 \
	holder_as finance clerk meeting issue "$M" --carrier "$DOC1" --to finance --json
expect_out "MEET-2: due meeting.recall_hours (2) after the end" '"due_at": "2026-11-20T06:00:00Z"'
expect_out "MEET-2: confirmed with the participant's own password" '"receipt": "password"'
check "MEET-2: the loan records how, never a name or the password" \
	test "$(query "$DB" "SELECT signature FROM loan WHERE carrier_id = $DOC1")" = '#password'
check "MEET-2: the issue is a loan of kind meeting" \
	test "$(query "$DB" "SELECT kind || ' ' || holder_id FROM loan WHERE carrier_id = $DOC1")" = "meeting $(query "$DB" "SELECT id FROM person WHERE username='finance'")"
check "MEET-2: the carrier is out" test "$(query "$DB" "SELECT status FROM carrier WHERE id = $DOC1")" = lent
refused "BORROW-4: the same carrier is not issued twice" 5 not_in_store BORROW-4 \
	holder_as clerk clerk meeting issue "$M" --carrier "$DOC1" --to clerk
expect_rc "MEET-2: the 秘密 document issued to the clerk" 0 \
	holder_as clerk clerk meeting issue "$M" --carrier "$DOC2" --to clerk
refused "MEET-2: a participant holding a document stays on the list" 6 meeting_document_held MEET-2 \
	as clerk meeting participant "$M" --remove finance
expect_rc "MEET-2: the clerk's document comes back" 0 as clerk meeting return "$M" --carrier "$DOC2" --note 完好
check "MEET-2: who received it back and when" \
	test "$(query "$DB" "SELECT returned_at || ' ' || received_by FROM loan WHERE carrier_id = $DOC2")" = "2026-11-20T01:00:00Z $(query "$DB" "SELECT id FROM person WHERE username='clerk'")"
check "MEET-2: back in store" test "$(query "$DB" "SELECT status FROM carrier WHERE id = $DOC2")" = in_store
refused "MEET-2: a document comes back once" 6 meeting_document_back MEET-2 \
	as clerk meeting return "$M" --carrier "$DOC2"
expect_rc "MEET-1: the meeting closes with a document still out" 0 as clerk meeting close "$M"
refused "MEET-1: a closed meeting never changes" 6 meeting_closed MEET-1 \
	as clerk meeting participant "$M" --add clerk
refused "MEET-1: closed once" 6 meeting_not_open MEET-1 as clerk meeting close "$M"

# --- MEET-2: not back raises an alert for the clerk and the holder; BORROW-6 months on ---
expect_rc "MEET-2: nothing overdue before the recall" 0 at_time 2026-11-20T05:00:00Z as clerk alerts --json
check "MEET-2: no alert yet" bash -c "! grep -q '\"MEET-2\"' '$OUT'"
expect_rc "MEET-2: the clerk's alerts after the recall" 0 at_time 2026-11-20T07:00:00Z as clerk alerts
expect_out "MEET-2: the document not back, with its holder" '\[MEET-2\].*会议材料一.*赵会计'
expect_rc "MEET-2: the holder's alerts" 0 at_time 2026-11-20T07:00:00Z as finance alerts
expect_out "MEET-2: the holder is told too" '\[MEET-2\].*会议材料一'
expect_rc "MEET-2: nobody else's" 0 at_time 2026-11-20T07:00:00Z as staff alerts
check "MEET-2: another person sees no such alert" bash -c "! grep -q 'MEET-2' '$OUT'"
expect_rc "BORROW-6: three months on" 0 at_time 2027-02-21T01:00:00Z as clerk alerts --json
check "BORROW-6: an incident candidate" \
	jq -e "any(.alerts[]; .carrier_id == $DOC1 and .rule == \"BORROW-6\" and .incident_candidate == true)" "$OUT"

# --- reading -------------------------------------------------------------------------
expect_rc "show: the record" 0 as clerk meeting show "$M" --json
check "show: three participants" jq -e '.participants | length == 3' "$OUT"
check "show: two documents, one back" jq -e '[.documents[] | select(.returned_at != null)] | length == 1' "$OUT"
check "show: the history" jq -e '[.history[].action] | index("open") != null and index("close") != null' "$OUT"
expect_rc "list --out: the meetings with documents not back" 0 as clerk meeting list --out --json
check "list --out: just that one" jq -e ".count == 1 and .meetings[0].id == $M" "$OUT"
expect_rc "list --format csv" 0 as clerk meeting list --format csv
expect_out "csv: the header" '会议名称,密级,地点'
expect_rc "a participant lists the meetings they attend" 0 as finance meeting list --json
check "a participant sees theirs only" jq -e ".count == 1" "$OUT"
refused "a meeting the reader does not attend is not found" 4 unknown_meeting "" as staff meeting show "$M"
refused "SYS-1: no administrator reads meetings" 5 admin_no_business SYS-1 as secadmin meeting list
expect_rc "usage: participant needs --add or --remove" 2 as clerk meeting participant "$M"
expect_err "usage: says what is missing" "needs --add PERSON or --remove PERSON"

# --- MEET-2: the document out, read and then checked in at the desk ----------------
expect_rc "show: a document out before its recall" 0 as clerk meeting show "$M"
expect_out "show: out, with the time left to the recall" '会议材料一 .*应还 2026-11-20T06:00:00Z  未收回 out，5h00m后到期 due in 5h00m'
expect_out "show: the one back, with when" '会议材料二 .*已收回 back 2026-11-20T01:00:00Z'
check "show: no bare dash for a document out" bash -c "! grep -q 'overdue -\|out -' '$OUT'"
expect_rc "show: after the recall" 0 at_time 2026-11-20T07:30:00Z as clerk meeting show "$M"
expect_out "show: overdue, by how much" '会议材料一 .*应还 2026-11-20T06:00:00Z  逾期 overdue，已超 1h30m 1h30m late'
returns() { query "$DB" "SELECT count(*) FROM meeting_event WHERE meeting_id=$M AND action='return'"; }
R0=$(returns)
expect_rc "MEET-2: 会议材料一 checked in at the desk" 0 at_time 2026-11-20T08:00:00Z as clerk desk checkin "$DOC1" --json
check "MEET-2: the meeting's history records the desk's return too" test "$(returns)" = $((R0 + 1))
check "MEET-2: the line names the document and its holder" \
	test "$(query "$DB" "SELECT detail FROM meeting_event WHERE meeting_id=$M AND action='return' ORDER BY id DESC LIMIT 1")" = "会议材料一 ← 赵会计"
check "MEET-2: the desk's audit event names the meeting" \
	test "$(query "$DB" "SELECT $(sql_json detail meeting_id) FROM audit_event WHERE action='desk.checkin' ORDER BY seq DESC LIMIT 1")" = "$M"
expect_rc "show: both documents back" 0 as clerk meeting show "$M" --json
check "show: none out, none overdue" jq -e '[.documents[] | select(.returned_at == null or .overdue)] | length == 0' "$OUT"
expect_rc "list --out: no meeting with a document out" 0 as clerk meeting list --out --json
check "list --out: empty now" jq -e ".count == 0" "$OUT"
refused "MEET-2: a document checked in at the desk is not returned again" 6 meeting_document_back MEET-2 \
	as clerk meeting return "$M" --carrier "$DOC1"

check "audit verify: the chain holds" as auditor audit verify
done_testing
