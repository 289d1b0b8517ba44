# tests/cli/t_named.sh — issue 13 point 2: PERSON-2 / PERSON-7 on every way
# into a knowledge scope or a custody. A person without a signed commitment
# (PERSON-2) or who has left and is in the declassification period (PERSON-7)
# is refused wherever a route names them: registration (scope, custodian),
# a make request (at filing, and at execution when the person left since),
# copies and extracts of a carrier whose scope names them, volumes (scope
# given or taken from the parts), moves and hand-overs. Each refusal names
# the rule, says why in both languages, and leaves the ledger and the scope
# rows as they were.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
# nocom: general staff of 办公室 with no commitment signed (PERSON-2);
# leaver: cleared, named in scopes, then leaves (PERSON-7).
add_people() {
	add_leader && add_classifier &&
		new_account sysadmin 孙未签 --username nocom --department 办公室 >/dev/null &&
		new_account sysadmin 周离岗 --username leaver --department 财务科 >/dev/null &&
		as secadmin org grant nocom --class general --roles staff >/dev/null &&
		as secadmin org grant leaver --class important --roles staff --commitment 2026-01-05 >/dev/null
}
check "fixture: a leader, a person without commitment, one who will leave" add_people

q() { query "$DB" "$1"; }
jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
state() { q "SELECT (SELECT count(*) FROM carrier) || '/' || (SELECT count(*) FROM carrier_scope) || '/' ||
	(SELECT count(*) FROM carrier_event) || '/' || (SELECT $(sql_concat custodian_id id) FROM carrier)"; }
# refused NAME RULE CODE CMD...: exit 5, [RULE] CODE, zh and en, nothing changed.
refused() {
	local name=$1 rule=$2 code=$3 before
	shift 3
	before=$(state)
	expect_rc "$name: exit 5" 5 "$@"
	expect_err "$name: names [$rule] $code" "^error \\[$rule\\] $code:"
	expect_err "$name: says why in Chinese" '不能列入|不能移交'
	expect_err "$name: and in English" 'cannot be named|cannot go to'
	check "$name: carriers, scope rows, history, custodians unchanged" test "$(state)" = "$before"
}
reg() { as clerk carrier register --title "$1" --level 秘密 --place 保密室 "${@:2}"; }

# --- registration ------------------------------------------------------------------
refused "PERSON-2 registration: no commitment in the scope" PERSON-2 no_commitment \
	reg 未签人员件 --scope 办公室,nocom
expect_err "PERSON-2: the refusal names the person" '孙未签'
refused "PERSON-2 registration: person: prefix too" PERSON-2 no_commitment \
	reg 未签人员件 --scope person:nocom
refused "PERSON-2 registration: no commitment as custodian" PERSON-2 no_commitment \
	reg 未签保管件 --scope 办公室 --custodian nocom \
	--keep-reason 工作需要 --keep-approver leader --keep-until 2026-12-31
expect_err "PERSON-2: the custodian is named as such" '保管人“孙未签”'
expect_rc "PERSON-2: a non-classified carrier may still name them" 0 \
	as clerk carrier register --title 内部件 --level 内部 --scope nocom
expect_rc "PERSON-1: a committed person is named" 0 reg 离岗前件 --scope 办公室,leaver --json
NAMED=$(jid)

# --- a make request: at filing and at execution -------------------------------------
refused "PERSON-2 make request: the distribution scope" PERSON-2 no_commitment \
	as staff request new make --reason 工作需要 --param title=未签人员稿 --param level=秘密 \
	--param copies=1 --param scope=办公室,nocom
check "PERSON-2: no request was filed" test "$(q "SELECT count(*) FROM request WHERE kind='make'")" = 0
R_MAKE=$(approved_make staff leader --param title=离岗人员稿 --param level=秘密 --param copies=1 \
	--param 'doc_number=办发〔2026〕5号' --param scope=办公室,leaver)
check "PERSON-1: a make request naming a committed person is approved" test -n "$R_MAKE"

# --- copies: the source's scope names the leaver -----------------------------------
expect_rc "COPY-1: staff files a copy request" 0 \
	as staff request new copy --carrier "$NAMED" --reason 会议需要 --param copies=1 --json
R_COPY=$(jid)
check "COPY-1: the leader approves" as leader approve "$R_COPY" --comment 同意
expect_rc "COPY-1: staff files an extract request" 0 \
	as staff request new extract --carrier "$NAMED" --reason 会议需要 --json
R_EXT=$(jid)
check "COPY-4: the leader approves the extract" as leader approve "$R_EXT" --comment 同意

# --- a volume naming the leaver, and a part to add to it later ----------------------
reg 离岗卷内件 --scope 办公室,leaver >/dev/null
reg 离岗卷外件 --scope 办公室,leaver >/dev/null
L_PART=$(q "SELECT id FROM carrier WHERE title='离岗卷内件'")
L_MORE=$(q "SELECT id FROM carrier WHERE title='离岗卷外件'")
expect_rc "CIRC-1: a volume over a part whose scope names the leaver" 0 \
	as clerk volume create --title 离岗前案卷 --level 秘密 --place 保密室 "$L_PART" --json
L_VOL=$(jid)
check "CIRC-1: the volume's scope names the leaver" \
	test "$(q "SELECT count(*) FROM carrier_scope s JOIN person p ON p.id = s.person_id
		WHERE s.carrier_id = $L_VOL AND p.username = 'leaver'")" = 1

# --- the leaver leaves (PERSON-4) and is in the declassification period ------------
expect_rc "PERSON-4: the departure is recorded" 0 as secadmin depart leaver --date 2026-03-01
refused "PERSON-7 make executed: a scope person has left since approval" PERSON-7 person_disabled \
	as clerk execute make "$R_MAKE" --place 保密室
refused "PERSON-7 copy: the source's scope names a person who left" PERSON-7 person_disabled \
	as clerk execute copy "$R_COPY" --copier 机要室复印机 --copies 1
refused "PERSON-7 extract: the same" PERSON-7 person_disabled as clerk execute extract "$R_EXT"
refused "PERSON-7 registration: a person who left" PERSON-7 person_disabled \
	reg 离岗后件 --scope 办公室,leaver

# --- volumes ------------------------------------------------------------------------
reg 卷内件 --scope 办公室 >/dev/null
PART=$(q "SELECT id FROM carrier WHERE title='卷内件'")
refused "PERSON-2 volume: a scope given" PERSON-2 no_commitment \
	as clerk volume create --title 案卷甲 --level 秘密 --place 保密室 --scope 办公室,nocom "$PART"
refused "PERSON-7 volume: the parts' scope names a person who left" PERSON-7 person_disabled \
	as clerk volume create --title 案卷乙 --level 秘密 --place 保密室 "$NAMED"

# Adding a part to a volume runs the checks of its creation: the people the volume
# names see the part through it (PERSON-7), its scope (CIRC-1) and level (LEVEL-4).
refused "PERSON-7 volume add: the volume's scope names a person who left" PERSON-7 person_disabled \
	as clerk volume add "$L_VOL" "$L_MORE"
check "PERSON-7: the part is in no volume" \
	test "$(q "SELECT coalesce(volume_id, 0) FROM carrier WHERE id = $L_MORE")" = 0

# --- moves and hand-overs ----------------------------------------------------------
# nocom is in 办公室, the carrier's scope: only the person rule can refuse.
refused "PERSON-2 move: a custodian without commitment" PERSON-2 no_commitment \
	as clerk carrier move "$PART" --custodian nocom --reason 工作需要 \
	--keep-reason 工作需要 --keep-approver leader --keep-until 2026-12-31
reg 员工保管件 --scope 办公室 --custodian staff \
	--keep-reason 工作需要 --keep-approver leader --keep-until 2026-12-31 >/dev/null
check "KEEP-6: staff keeps a 秘密 carrier" \
	test "$(q "SELECT count(*) FROM carrier c JOIN person p ON p.id=c.custodian_id WHERE p.username='staff'")" = 1
refused "PERSON-2 hand-over: a successor without commitment" PERSON-2 no_commitment \
	sides_as staff nocom clerk handover staff nocom

# --- once the commitment is signed, the same routes accept the person ----------------
check "PERSON-2: nocom signs the commitment" \
	as secadmin org grant nocom --class general --roles staff --commitment 2026-03-02
expect_rc "PERSON-2: registration now names them" 0 reg 已签人员件 --scope 办公室,nocom
done_testing
