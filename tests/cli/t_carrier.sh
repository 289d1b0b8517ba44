# tests/cli/t_carrier.sh — the ledger through the real binary: registration,
# made copies, moves, listing, Chinese search, history, and every bad input
# of the Foundation issue (stable code, rule ID, zh+en message, non-zero exit,
# nothing changed).
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

check "fixture unit builds through the CLI" build_fixture

reg() { as clerk carrier register "$@"; }

# --- registration ---------------------------------------------------------
expect_rc "REG-1: incoming 机密 document registers" 0 \
	reg --title 关于做好2026年高考试题安全保密工作的通知 --level 机密 --doc-number '教发〔2026〕12号' \
	--serial 3 --pages 12 --producer 省教育厅 --sender 市教育局 --place 一号保密柜 --scope 办公室,clerk --json
expect_out "LEVEL-8: no period gives the level maximum, marked 机密★20年" '"marking": "机密★20年"'
expect_out "REG-1: the serial copy number is kept" '"serial_number": 3'

expect_rc "LEVEL-8: a declassification date is accepted" 0 \
	reg --title 考试安全应急预案 --level 秘密 --period 2030-06-30 --place 保密室 --scope staff --json
expect_out "LEVEL-8: marking shows the date" '秘密★2030年6月30日'

expect_rc "LEVEL-3: a period ending with an event needs a review date, given" 0 \
	reg --title 中考命题人员名单 --level 机密 --event 考试结束后 --review-date 2027-07-01 \
	--place 一号保密柜 --scope 办公室 --json
expect_out "LEVEL-8: marking shows the condition" '机密★考试结束后'

expect_rc "internal notice needs no scope or place" 0 reg --title 内部通知 --level 内部
expect_rc "REG-1: a USB stick registers with its kind" 0 \
	reg --title 财务数据备份 --level 秘密 --kind U盘 --period 5年 --place 保密室 --scope 财务科 --json
expect_out "kind is recorded" '"code": "usb"'

check "fixture: the supervising leader approves make requests" add_leader
check "fixture: the classification authority decides made carriers (LEVEL-4/9)" add_classifier
R_MAKE=$(approved_make clerk leader --param title=保密自查自评报告 --param level=秘密 \
	--param 'doc_number=本局发〔2026〕5号' --param copies=4 --param scope=办公室)
check "MAKE-1: an approved make request" test -n "$R_MAKE"
expect_rc "MAKE-2: made-here registration creates one carrier per serial copy" 0 \
	as clerk carrier make --request "$R_MAKE" --place 保密室 --json
expect_out "MAKE-1: the approved level is made" '"marking": "秘密★10年"'
check "MAKE-1: the request is carried out" \
	test "$(query "$DB" "SELECT status FROM request WHERE id=$R_MAKE")" = executed
check "MAKE-2: exactly 4 copies, serials 1..4" \
	test "$(query "$DB" "SELECT serial_number FROM carrier WHERE doc_number='本局发〔2026〕5号' ORDER BY id" | paste -sd,)" = "1,2,3,4"

# --- bad input: each refused with its code, rule, both languages, and nothing written ---
bad() { # bad NAME EXIT CODE RULE ARGS...: refused, with code/rule/zh/en, nothing written
	local name=$1 rc=$2 code=$3 rule=$4
	shift 4
	local before
	before=$(carrier_count)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	if [ -n "$rule" ]; then expect_err "$name: names rule $rule" "\\[$rule\\]"; fi
	expect_err "$name: says why in Chinese" '错误'
	check "$name: nothing written" test "$(carrier_count)" = "$before"
}

bad "LEVEL-1 unknown level" 3 invalid_level LEVEL-1 reg --title 某文件 --level 顶级 --place 一号保密柜 --scope 办公室
bad "unknown kind" 3 invalid_kind REG-1 reg --title 某文件 --level 秘密 --kind 软盘 --place 保密室 --scope 办公室
bad "empty title" 3 required "" reg --title '' --level 秘密 --place 保密室 --scope 办公室
bad "blank title (ideographic spaces)" 3 required "" reg --title '　　' --level 秘密 --place 保密室 --scope 办公室
long=$(printf '密%.0s' $(seq 1 201))
bad "over-long title" 3 too_long "" reg --title "$long" --level 秘密 --place 保密室 --scope 办公室
ok200=$(printf '密%.0s' $(seq 1 200))
expect_rc "a 200-character title is accepted" 0 reg --title "$ok200" --level 秘密 --place 保密室 --scope 办公室
bad "invalid UTF-8 title" 3 invalid_utf8 "" reg --title "$(printf 'abc\xff\xfe')" --level 秘密 --place 保密室 --scope 办公室
bad "impossible date 2026-02-30" 3 invalid_date "" reg --title 某文件 --level 秘密 --received 2026-02-30 --place 保密室 --scope 办公室
bad "date received in the future" 3 date_in_future REG-2 reg --title 某文件 --level 秘密 --received 2999-01-01 --place 保密室 --scope 办公室
bad "LEVEL-3 period beyond the 秘密 maximum" 3 period_too_long LEVEL-3 reg --title 某文件 --level 秘密 --period 11 --place 保密室 --scope 办公室
bad "LEVEL-3 declassification date beyond the maximum" 3 period_too_long LEVEL-3 reg --title 某文件 --level 机密 --period 2060-01-01 --place 一号保密柜 --scope 办公室
bad "LEVEL-3 event without review date" 3 review_date_required LEVEL-3 reg --title 某文件 --level 机密 --event 考试结束后 --place 一号保密柜 --scope 办公室
bad "LEVEL-2 classified without scope" 3 scope_required LEVEL-2 reg --title 某文件 --level 秘密 --place 保密室
bad "unknown person in scope" 4 unknown_scope_entry LEVEL-2 reg --title 某文件 --level 秘密 --place 保密室 --scope 无此人
bad "unknown custodian" 4 unknown_person "" reg --title 某文件 --level 秘密 --place 保密室 --scope 办公室 --custodian nobody
bad "unknown place" 4 unknown_place "" reg --title 某文件 --level 秘密 --place 不存在的柜 --scope 办公室
bad "KEEP-1 place too low for the level" 5 place_level_too_low KEEP-1 reg --title 某文件 --level 绝密 --place 保密室 --scope 办公室
bad "KEEP-1 机密 needs a safe" 5 place_level_too_low KEEP-1 reg --title 某文件 --level 机密 --place 档案柜 --scope 办公室
bad "PERSON-1 custodian not cleared" 5 custodian_not_cleared PERSON-1 reg --title 某文件 --level 机密 --place 一号保密柜 --scope 办公室 --custodian staff
bad "REG-1 duplicate serial copy number" 6 duplicate_serial REG-1 reg --title 关于做好2026年高考试题安全保密工作的通知 --level 机密 --doc-number '教发〔2026〕12号' --serial 3 --place 一号保密柜 --scope 办公室
# Issue 13 point 1: the side door — making at 秘密 with two copies and no request behind it.
bad "MAKE-1 nothing is made without an approved make request" 5 make_request_required MAKE-1 as clerk carrier make --title 某文件 --level 秘密 --doc-number 'X〔2026〕1号' --copies 2 --place 保密室 --scope 办公室
bad "MAKE-1 a make request is carried out once" 6 already_executed MAKE-1 as clerk carrier make --request "$R_MAKE" --place 保密室
R_SAME=$(approved_make clerk leader --param title=保密自查自评报告 --param level=秘密 \
	--param 'doc_number=本局发〔2026〕5号' --param copies=2 --param scope=办公室)
bad "MAKE-2 a second make of the same document" 6 duplicate_serial MAKE-2 as clerk carrier make --request "$R_SAME" --place 保密室
bad "MAKE-1 only the approved scope" 5 scope_not_approved MAKE-1 as clerk carrier make --request "$R_SAME" --doc-number 'X〔2026〕2号' --place 保密室 --scope 财务科
bad "MAKE-1 only the approved level" 5 level_not_approved MAKE-1 as clerk carrier make --request "$R_SAME" --doc-number 'X〔2026〕2号' --level 机密 --place 一号保密柜
R_PENDING=$(as clerk request new make --reason 起草 --param title=未批 --param level=秘密 --param copies=1 \
	--param 'doc_number=X〔2026〕3号' --param scope=办公室 --param classifier=classifier --param basis=一览表第1项 --json | grep -m1 -oE '"id": [0-9]+' | grep -oE '[0-9]+$')
bad "MAKE-1 a pending request makes nothing" 5 not_approved MAKE-1 as clerk carrier make --request "$R_PENDING" --place 保密室
bad "MAKE-1 a request to make a classified carrier names its scope" 3 scope_required MAKE-1 as clerk request new make --reason 起草 --param title=无范围 --param level=秘密 --param copies=1
R_BARE=$(approved_make clerk leader --param title=内部通报 --param level=内部 --param copies=1 --param 'doc_number=X〔2026〕4号')
bad "MAKE-1 no scope where the request named none" 5 scope_not_approved MAKE-1 as clerk carrier make --request "$R_BARE" --place 档案柜 --scope 财务科
expect_rc "usage: --request needs a request ID" 2 as clerk carrier make --request abc

# --- issue 13 point 6: making is a classification decision (LEVEL-4, LEVEL-9) ---
req_count() { query "$DB" 'SELECT count(*) FROM request'; }
bad_make() { # bad_make NAME EXIT CODE RULE ARGS...: as bad, and no request filed either
	local before_req
	before_req=$(req_count)
	bad "$@"
	check "$1: no request filed" test "$(req_count)" = "$before_req"
}
mk() { as clerk request new make --reason 起草 --param title=定密测试 --param level=秘密 --param copies=1 \
	--param 'doc_number=定密发〔2026〕60号' --param scope=办公室 "$@"; }
bad_make "LEVEL-9 making names who classified it" 3 classification_required LEVEL-9 mk
bad_make "LEVEL-9 making names the basis (catalogue entry)" 3 classification_required LEVEL-9 \
	mk --param classifier=classifier
bad_make "LEVEL-9 making names the classifier, not only a basis" 3 classification_required LEVEL-9 \
	mk --param basis=一览表第1项
bad_make "LEVEL-4 the classifier is a classification authority" 5 not_classification_authority LEVEL-4 \
	mk --param classifier=leader --param basis=一览表第1项
expect_rc "LEVEL-4/9: a make request names the authority and the basis" 0 \
	mk --param classifier=classifier --param basis=一览表第1项 --json
expect_out "LEVEL-8: no period given: the request records the level's maximum" '"period": "10"'
R_CLS=$(approved_make clerk leader --param title=定密测试二 --param level=秘密 --param copies=2 \
	--param 'doc_number=定密发〔2026〕61号' --param scope=办公室 --param period=5 --param basis=一览表第3项)
check "LEVEL-4/9: an approved make request with its classifier, basis and period" test -n "$R_CLS"
bad "LEVEL-4 the period is the one approved" 5 period_not_approved LEVEL-4 \
	as clerk carrier make --request "$R_CLS" --place 保密室 --period 10
bad "LEVEL-4 a declassification date is not the approved period either" 5 period_not_approved LEVEL-4 \
	as clerk carrier make --request "$R_CLS" --place 保密室 --period 2028-12-31
bad "LEVEL-4 the classifier is the one approved" 5 classifier_not_approved LEVEL-4 \
	as clerk carrier make --request "$R_CLS" --place 保密室 --classifier leader
bad "LEVEL-9 the basis is the one approved" 5 basis_not_approved LEVEL-9 \
	as clerk carrier make --request "$R_CLS" --place 保密室 --basis 一览表第9项
check "fixture: the classifier loses the authority" as secadmin org grant classifier --roles staff
bad "LEVEL-4 a classifier without the authority at making" 5 not_classification_authority LEVEL-4 \
	as clerk carrier make --request "$R_CLS" --place 保密室
check "LEVEL-4: the request is still approved, not carried out" \
	test "$(query "$DB" "SELECT status FROM request WHERE id=$R_CLS")" = approved
check "fixture: the authority is granted again" as secadmin org grant classifier --roles classifier
expect_rc "LEVEL-4/9: made with the approved period, given again" 0 \
	as clerk carrier make --request "$R_CLS" --place 保密室 --period 5年 --classifier classifier \
	--basis 一览表第3项 --json
expect_out "LEVEL-8: the approved period is marked" '"marking": "秘密★5年"'
expect_out "LEVEL-4: the carrier names its classifier" '"classifier": "孙定密"'
expect_out "LEVEL-9: the carrier names its basis" '"basis": "一览表第3项"'
CLS_ID=$(query "$DB" "SELECT min(id) FROM carrier WHERE doc_number='定密发〔2026〕61号'")
check "LEVEL-4/9: both copies record the classifier and the basis" \
	test "$(query "$DB" "SELECT count(*) FROM carrier c JOIN person p ON p.id = c.classifier_id
		WHERE c.doc_number='定密发〔2026〕61号' AND p.username='classifier'
		AND c.classification_basis='一览表第3项'")" = 2
expect_rc "LEVEL-4/9: carrier show names them" 0 as clerk carrier show "$CLS_ID"
expect_out "LEVEL-4/9: shown in text" '定密责任人 by 孙定密; 依据 basis 一览表第3项'
check "LEVEL-4/9: the made event records them" \
	test "$(query "$DB" "SELECT $(sql_json detail basis) FROM carrier_event
		WHERE carrier_id=$CLS_ID AND action='register_made'")" = 一览表第3项
bad "non-numeric pages" 3 not_a_number "" reg --title 某文件 --level 秘密 --pages 十二 --place 保密室 --scope 办公室
bad "KEEP-5 staff may not register" 5 role_required KEEP-5 as staff carrier register --title 某文件 --level 内部
bad "SYS-1 the security administrator handles no carrier" 5 admin_no_business SYS-1 as secadmin carrier register --title 某文件 --level 内部
bad "SYS-4 wrong password" 5 bad_credentials SYS-4 env BAOMI_USER=clerk BAOMI_PASSWORD=wrong "$BAOMI" carrier register --title 某文件 --level 内部

expect_rc "--json errors carry code, rule and both messages" 3 \
	reg --title 某文件 --level 顶级 --place 一号保密柜 --scope 办公室 --json
expect_out "json error has the rule" '"rule": "LEVEL-1"'
expect_out "json error has message_en" '"message_en": "unknown level'

# --- moves ------------------------------------------------------------------
id=$(query "$DB" "SELECT id FROM carrier WHERE title='考试安全应急预案'")
expect_rc "KEEP-1: move to a safe that may hold it" 0 as clerk carrier move "$id" --place 一号保密柜 --reason 调整存放
bad "KEEP-1 move to a place too low" 5 place_level_too_low KEEP-1 as clerk carrier move "$id" --place 档案柜
expect_rc "show has the full history" 0 as clerk carrier show "$id" --json
expect_out "history has the registration" '"action": "register"'
expect_out "history has the move" '"action": "move"'

# --- ledger, search, visibility --------------------------------------------
expect_rc "clerk lists the whole ledger" 0 as clerk carrier list --json
expect_out "ledger total counts all registered" "\"total\": $(carrier_count)"
expect_rc "two-character search 机密 finds the 机密 titles" 0 as clerk carrier search 通知 --json
expect_out "search 通知 finds the notice" '高考试题安全保密工作的通知'
expect_rc "one-character search" 0 as clerk carrier search 单 --json
expect_out "search 单 finds 名单" '中考命题人员名单'
expect_rc "search by document number" 0 as clerk carrier search 本局发 --json
expect_out "search by number finds all four copies" '"total": 4'
expect_rc "search treats % literally" 0 as clerk carrier search '%' --json
expect_out "no title has a percent sign" '"total": 0'
expect_rc "filter by level" 0 as clerk carrier list --level 机密 --json
expect_out "two 机密 items" '"total": 2'
expect_rc "paging keeps the total" 0 as clerk carrier list --limit 2 --offset 1 --json
expect_out "page total is the full count" "\"total\": $(carrier_count)"
bad "unknown filter level" 3 invalid_filter "" as clerk carrier list --level 顶级
bad "unknown sort" 3 invalid_sort "" as clerk carrier list --sort 随便

secret_id=$(query "$DB" "SELECT id FROM carrier WHERE title='中考命题人员名单'")
expect_rc "SYS-2: a carrier above the viewer's class does not exist for them" 4 as staff carrier show "$secret_id"
expect_err "SYS-2: same answer as a missing id" unknown_carrier
expect_rc "SYS-2: a missing id" 4 as staff carrier show 99999
fin_id=$(query "$DB" "SELECT id FROM carrier WHERE title='财务数据备份'")
expect_rc "SYS-2: outside the knowledge scope is hidden" 4 as staff carrier show "$fin_id"
expect_rc "SYS-2: inside the scope by department is visible" 0 as finance carrier show "$fin_id"
expect_rc "SYS-2: staff's ledger" 0 as staff carrier list --json
check "SYS-2: staff's total excludes what they may not see" \
	test "$(grep -o '"total": [0-9]*' "$OUT" | grep -o '[0-9]*$')" -lt "$(carrier_count)"
expect_rc "SYS-1: the system administrator cannot read the ledger" 5 as sysadmin carrier list

done_testing
