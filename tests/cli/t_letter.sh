# tests/cli/t_letter.sh — personal letters (领导亲启, REG-3) and the separate
# storage of classified and ordinary items (REG-4) through the real binary:
# logging the sealed envelope, the opening by the addressee alone, handing
# classified contents back for registration, the REG-3 alert, and every
# refusal with its code, rule ID, zh+en message, exit status and nothing changed.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"
# The clock is fixed for the whole suite, as in the others: the letter is opened at this
# instant and the REG-3 alert asked for the next day. On the real clock the letter was
# opened "now" and the alerts asked at a fixed 2026-12-30, which from that day on was no
# longer after the opening, and the alert was not due.
export BAOMI_NOW=2026-11-23T02:00:00Z

check "fixture unit builds through the CLI" build_fixture

# (group_concat is SQLite's; PostgreSQL's string_agg is given the order: issue 12 point 3)
if is_pg; then agg_status="string_agg(status, ',' ORDER BY id)"; else agg_status="group_concat(status)"; fi
letters() { query "$DB" "SELECT count(*) || ':' || $agg_status FROM personal_letter"; }
status_of() { query "$DB" "SELECT status FROM personal_letter WHERE id = $1"; }

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule in both languages, nothing changed
refused() {
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before_l before_c
	before_l=$(letters)
	before_c=$(carrier_count)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: no letter changed" test "$(letters)" = "$before_l"
	check "$name: no carrier written" test "$(carrier_count)" = "$before_c"
}

# --- REG-3: the clerk logs the sealed envelope ----------------------------------
expect_rc "REG-3: the clerk logs a sealed personal letter for staff" 0 \
	as clerk letter log --sender 市委办公室 --addressee staff --received 2026-11-20 --json
expect_out "REG-3: the letter starts sealed" '"status": "sealed"'
expect_out "REG-3: the addressee is recorded" '"addressee_name": "李员工"'
L1=$(query "$DB" "SELECT max(id) FROM personal_letter")
check "letter.log is audited" test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='letter.log' AND outcome='ok'")" = 1

refused "REG-3: only the clerk logs letters" 5 role_required REG-3 \
	as staff letter log --sender 某单位 --addressee staff
refused "REG-3: a sender is required" 3 required "" \
	as clerk letter log --sender '' --addressee staff
refused "REG-2: a letter cannot arrive in the future" 3 date_in_future REG-2 \
	as clerk letter log --sender 某单位 --addressee staff --received 2099-01-01

# --- REG-3: only the addressee opens it ------------------------------------------
refused "REG-3: the clerk may not open a personal letter" 5 not_addressee REG-3 \
	as clerk letter open "$L1" --classified yes
refused "REG-3: another colleague may not open it" 5 not_addressee REG-3 \
	as finance letter open "$L1" --classified no
check "REG-3: still sealed after the refusals" test "$(status_of "$L1")" = sealed
check "REG-3: the refusal is audited with the rule" \
	test "$(query "$DB" "SELECT count(*) FROM audit_event WHERE action='letter.open' AND outcome='refused' AND rule='REG-3'")" = 2

refused "REG-3: the contents of a sealed letter cannot be registered" 6 letter_sealed REG-3 \
	as clerk carrier register --letter "$L1" --title 信中文件 --level 秘密 --place 保密室 --scope 办公室

expect_rc "REG-3: the addressee opens it and states classified contents" 0 \
	as staff letter open "$L1" --classified yes --note 内有秘密级文件一份 --json
expect_out "REG-3: the letter waits for registration" '"status": "to_register"'
refused "REG-3: a letter is opened once" 6 letter_opened REG-3 \
	as staff letter open "$L1" --classified no

# --- the REG-3 alert: opened, not handed back after the registration limit -------
expect_rc "alerts run the next day" 0 as_at 2026-11-24T02:00:00Z clerk alerts --json
expect_out "REG-3: an opened letter not handed back raises an alert" '"rule": "REG-3"'

# --- the clerk registers the contents, linked to the letter ----------------------
expect_rc "REG-3: the clerk registers the contents from the letter" 0 \
	as clerk carrier register --letter "$L1" --title 关于某事项的函 --level 秘密 --place 保密室 --scope staff --json
C1=$(query "$DB" "SELECT max(id) FROM carrier")
check "REG-3: the letter is now registered" test "$(status_of "$L1")" = registered
check "REG-3: the carrier is linked to the letter" \
	test "$(query "$DB" "SELECT carrier_id FROM personal_letter_carrier WHERE letter_id = $L1")" = "$C1"
history_names_letter() { query "$DB" "SELECT detail FROM carrier_event WHERE carrier_id = $C1" | grep -q "\"letter_id\":$L1"; }
check "REG-3: the carrier's history names the letter" history_names_letter
expect_rc "alerts after registration" 0 as_at 2026-11-24T02:00:00Z clerk alerts --json
check "REG-3: the alert is gone once the contents are registered" sh -c "! grep -q '\"rule\": \"REG-3\"' '$OUT'"

expect_rc "the addressee sees the letter" 0 as staff letter show "$L1" --json
check "show lists the registered carrier" sh -c "tr -d ' \n' < '$OUT' | grep -q '\"carrier_ids\":\[$C1\]'"
expect_rc "the text view names the status in both languages" 0 as staff letter show "$L1"
expect_out "text show: 已登记 / registered" '已登记 / registered'
expect_rc "someone else finds no such letter" 4 as finance letter show "$L1"

# --- a letter with nothing classified closes at once ------------------------------
expect_rc "REG-3: a second letter, for finance" 0 as clerk letter log --sender 同学 --addressee finance --json
L2=$(query "$DB" "SELECT max(id) FROM personal_letter")
expect_rc "REG-3: finance opens it: nothing classified" 0 as finance letter open "$L2" --classified no
check "REG-3: the letter is closed" test "$(status_of "$L2")" = closed
refused "REG-3: nothing to register from a letter with nothing classified" 6 letter_not_classified REG-3 \
	as clerk carrier register --letter "$L2" --title 私人信件 --level 秘密 --place 保密室 --scope 办公室

expect_rc "the clerk lists every letter" 0 as clerk letter list --json
expect_out "two letters" '"count": 2'
expect_rc "an addressee lists only theirs" 0 as finance letter list --json
expect_out "one letter for finance" '"count": 1'
expect_rc "list by status" 0 as clerk letter list --status closed --json
expect_out "one closed letter" '"count": 1'
expect_rc "an unknown status is refused" 3 as clerk letter list --status lost
expect_rc "SYS-1: administrators see no letters" 5 as auditor letter list
expect_rc "open needs --classified yes|no" 2 as staff letter open "$L1"
expect_rc "help is man-style" 0 "$BAOMI" letter --help
expect_out "help names REG-3" 'REG-3'

# --- REG-4: ordinary items are stored apart from classified ones ----------------
refused "REG-4: a public item may not go into a safe for classified carriers" 5 \
	ordinary_in_classified_place REG-4 as clerk carrier register --title 会议通知 --level 非密 --place 一号保密柜
refused "REG-4: nor into a classified room" 5 ordinary_in_classified_place REG-4 \
	as clerk carrier register --title 会议通知 --level 非密 --place 保密室
expect_rc "REG-4: a public item goes into the ordinary cabinet" 0 \
	as clerk carrier register --title 会议通知 --level 非密 --place 档案柜 --json
C2=$(query "$DB" "SELECT max(id) FROM carrier")
place_of() { query "$DB" "SELECT place_id FROM carrier WHERE id = $1"; }
before_place=$(place_of "$C2")
expect_rc "REG-4: a public item may not be moved into a safe" 5 \
	as clerk carrier move "$C2" --place 一号保密柜
expect_err "REG-4: the move refusal names the rule" '\[REG-4\]'
check "REG-4: the item stays where it was" test "$(place_of "$C2")" = "$before_place"
expect_rc "REG-4: an internal item may still share a safe" 0 \
	as clerk carrier register --title 内部资料 --level 内部 --place 一号保密柜

done_testing
