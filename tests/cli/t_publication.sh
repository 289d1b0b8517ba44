# tests/cli/t_publication.sh — issue 11 point 2: publication review
# (信息公开保密审查, PUB-1, PUB-2) through the real binary. A publication is a
# `publish` request: filed with the channel, title, text or attachment, the
# department and the publisher (谁发布谁负责) and the named reviewers; each
# reviewer records an opinion; the leader approves only after every review,
# none objecting; the publisher records the release, never before approval.
# A carrier above 非密 by its current marking (a lowered one too) is refused
# under PUB-2; a declassified one (解密) may be attached. Every refusal names
# its rule and changes nothing.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

# Monday 2 March 2026, 10:00 in the unit (UTC+8).
export BAOMI_NOW=2026-03-02T02:00:00Z

check "fixture unit builds through the CLI" build_fixture
check "the supervising leader exists" add_leader
add_people() {
	new_account sysadmin 定密员 --username dingmi --department 办公室 >/dev/null &&
		as secadmin org grant dingmi --class core --roles classifier --commitment 2026-01-05 >/dev/null
}
check "fixture: a classification authority" add_people

# q SQL: the rows of SQL on the unit's database, SQLite or PostgreSQL (lib.sh query).
q() { query "$DB" "$1"; }
jid() { grep -m1 -oE '"id": [0-9]+' "$OUT" | grep -oE '[0-9]+$'; }
reg() { as clerk carrier register "$@" >/dev/null; }
cid() { q "SELECT id FROM carrier WHERE title='$1'"; }
reg --title 公开材料 --level 非密 --place 档案柜 --scope 办公室
reg --title 内部材料 --level 内部 --place 档案柜 --scope 办公室
reg --title 秘密材料 --level 秘密 --period 10 --place 保密室 --scope 办公室
reg --title 降为内部 --level 秘密 --period 10 --place 保密室 --scope 办公室
reg --title 已解密 --level 秘密 --period 10 --place 保密室 --scope 办公室
P=$(cid 公开材料) I=$(cid 内部材料) S=$(cid 秘密材料) L=$(cid 降为内部) D=$(cid 已解密)
check "fixture: five carriers" test -n "$P" -a -n "$I" -a -n "$S" -a -n "$L" -a -n "$D"

# decide ID TO: staff proposes a level change, dingmi approves and executes (LEVEL-4/7).
decide() {
	local out r
	out=$(as clerk request new level_change --carrier "$1" --reason 定期审核 --param to_level="$2" \
		--param basis=保密事项一览表第9条 --json) || return 1
	r=$(printf '%s\n' "$out" | grep -m1 -oE '"id": [0-9]+' | grep -oE '[0-9]+$') || return 1
	as dingmi approve "$r" --comment 同意 >/dev/null || return 1
	as dingmi execute level-change "$r" >/dev/null
}
check "fixture: 秘密 lowered to 内部" decide "$L" 内部
check "fixture: 秘密 declassified" decide "$D" 非密

state() { q "SELECT count(*) || ':' || coalesce($(sql_concat "id || '/' || status || '/' || length(params)" id), '') FROM request WHERE kind='publish'"; }
history() { q "SELECT count(*) FROM carrier_event"; }

# refused NAME EXIT CODE RULE ARGS...: refused with code and rule, nothing changed.
refused() {
	local name=$1 rc=$2 code=$3 rule=$4 before_s before_h
	shift 4
	before_s=$(state)
	before_h=$(history)
	expect_rc "$name: exit $rc" "$rc" "$@"
	expect_err "$name: names '$code'" "$code"
	expect_err "$name: names rule $rule" "\\[$rule\\]"
	expect_err "$name: says why in Chinese" '错误'
	check "$name: no publication changed" test "$(state)" = "$before_s"
	check "$name: no history written" test "$(history)" = "$before_h"
}

new_pub() { # ARGS...: staff files a publication with the usual fields
	as staff publication new --channel website --title 新年致辞 --department 办公室 \
		--publisher staff --reviewer clerk --reviewer finance --reason 门户网站发布 "$@"
}

# --- PUB-1: filing ---------------------------------------------------------------
refused "PUB-1: the text or the attachment is given" 3 pub_content_required PUB-1 new_pub
refused "PUB-1: a reviewer is named" 3 pub_reviewers_required PUB-1 \
	as staff publication new --channel website --title 新年致辞 --department 办公室 \
	--publisher staff --text 正文 --reason 发布
refused "PUB-1: a known channel" 3 pub_channel_unknown PUB-1 \
	as staff publication new --channel radio --title 新年致辞 --department 办公室 \
	--publisher staff --text 正文 --reviewer clerk --reason 发布
refused "PUB-1: the publisher is named" 3 invalid_param PUB-1 \
	as staff publication new --channel website --title 新年致辞 --department 办公室 \
	--text 正文 --reviewer clerk --reason 发布
refused "PUB-1: the requester does not review their own publication" 5 pub_self_review PUB-1 \
	new_pub --text 正文 --reviewer staff
refused "PUB-1: a reviewer once" 3 pub_reviewer_twice PUB-1 \
	new_pub --text 正文 --reviewer clerk

# --- PUB-2: what is attached reads 非密 now ----------------------------------------
refused "PUB-2: a 秘密 carrier is not attached" 5 classified_attachment PUB-2 \
	new_pub --carrier "$P,$S"
expect_err "PUB-2: the refusal says the marking" '秘密★10年'
refused "PUB-2: a 内部 carrier is not attached" 5 classified_attachment PUB-2 \
	new_pub --carrier "$I"
refused "PUB-2: a carrier lowered to 内部 reads 内部 and is refused" 5 classified_attachment PUB-2 \
	new_pub --carrier "$L"
expect_err "PUB-2: the lowered carrier's current marking" '内部'

expect_rc "PUB-1: staff files a publication with a 非密 and a declassified carrier" 0 \
	new_pub --text 新年到来之际 --carrier "$P,$D" --json
R=$(jid)
expect_out "PUB-1: the rule" '"rule": "PUB-1"'
expect_out "PUB-1: pending the leader" '"code": "pending"'
expect_out "PUB-1: the publisher recorded" '"publisher": "李员工"'
expect_out "PUB-1: the reviewers recorded" '"reviewers": \['
check "request.create audited" test "$(q "SELECT count(*) FROM audit_event WHERE action='request.create' AND outcome='ok' AND object='request:$R'")" = 1

# --- PUB-1: review, then approval ------------------------------------------------------
refused "PUB-1: nothing is released before approval" 5 not_approved PUB-1 \
	as staff publication release "$R" --where https://www.example.gov.cn/news/1
refused "PUB-1: the leader does not approve before the reviews" 5 reviews_pending PUB-1 \
	as leader approve "$R" --comment 同意
refused "PUB-1: only a named reviewer reviews" 5 not_named_reviewer PUB-1 \
	as leader publication review "$R" --pass --opinion 无涉密内容
refused "PUB-1: a review has an opinion" 3 required PUB-1 \
	as clerk publication review "$R" --pass
expect_rc "PUB-1: the clerk reviews" 0 as clerk publication review "$R" --pass --opinion 经审查无涉密内容
expect_out "PUB-1: the review is shown with its opinion" '审查 review: .*张保密  同意公开 pass  经审查无涉密内容'
refused "PUB-1: a reviewer reviews once" 6 already_reviewed PUB-1 \
	as clerk publication review "$R" --pass --opinion 再次审查
refused "PUB-1: still one review missing" 5 reviews_pending PUB-1 \
	as leader approve "$R" --comment 同意
expect_rc "PUB-1: finance reviews" 0 as finance publication review "$R" --pass --opinion 同意公开 --json
expect_out "PUB-1: the review is dated" '"at": "2026-03-02T02:00:00Z"'
check "publication.review audited twice" test "$(q "SELECT count(*) FROM audit_event WHERE action='publication.review' AND outcome='ok'")" = 2
check "PUB-1: the attached carriers' history has the reviews" \
	test "$(q "SELECT count(*) FROM carrier_event WHERE carrier_id=$P AND action='publication_review'")" = 2
expect_rc "PUB-1: the leader approves after the reviews" 0 as leader approve "$R" --comment 同意发布

# --- PUB-1: release by the publisher ---------------------------------------------------
refused "PUB-1: only the named publisher releases (谁发布谁负责)" 5 not_publisher PUB-1 \
	as clerk publication release "$R" --where https://www.example.gov.cn/news/1
refused "PUB-1: the release says where" 3 required PUB-1 \
	as staff publication release "$R"
expect_rc "PUB-1: the publisher records the release" 0 \
	as staff publication release "$R" --where https://www.example.gov.cn/news/1
expect_out "PUB-1: who, when and where" '发布 release: 2026-03-02T02:00:00Z  李员工  https://www.example.gov.cn/news/1'
check "PUB-1: the request is executed" test "$(q "SELECT status FROM request WHERE id=$R")" = executed
refused "PUB-1: released once" 6 already_executed PUB-1 \
	as staff publication release "$R" --where elsewhere
check "publication.release audited" test "$(q "SELECT count(*) FROM audit_event WHERE action='publication.release' AND outcome='ok' AND object='request:$R'")" = 1
check "refusals are audited" test "$(q "SELECT count(*) FROM audit_event WHERE action='publication.release' AND outcome<>'ok'")" -ge 4

# --- PUB-1: an objection stops it --------------------------------------------------------
expect_rc "PUB-1: a second publication, one reviewer" 0 \
	as staff publication new --channel press --title 采访稿 --department 办公室 --publisher staff \
	--reviewer clerk --attachment 采访提纲一份 --reason 接受采访 --json
R2=$(jid)
expect_rc "PUB-1: the reviewer objects" 0 as clerk publication review "$R2" --object --opinion 涉及内部工作部署，不宜公开
refused "PUB-1: an objection blocks approval" 5 review_objection PUB-1 \
	as leader approve "$R2" --comment 同意
expect_rc "PUB-1: the leader rejects it" 0 as leader reject "$R2" --comment 按审查意见退回
refused "PUB-1: a rejected publication is not released" 5 not_approved PUB-1 \
	as staff publication release "$R2" --where 报社
refused "PUB-1: no review once decided" 6 pub_not_in_review PUB-1 \
	as clerk publication review "$R2" --pass --opinion 改变主意

# --- SYS-2: the approver sees what is attached, as the requester did ------------------
reg --title 本人起草稿 --level 非密 --place 档案柜 --scope person:staff
O=$(cid 本人起草稿)
expect_rc "SYS-2: staff, in its scope, attaches a carrier the leader may not see" 0 \
	new_pub --text 正文 --carrier "$O" --json
R3=$(jid)
expect_rc "SYS-2: the clerk reviews" 0 as clerk publication review "$R3" --pass --opinion 无涉密内容
expect_rc "SYS-2: finance reviews" 0 as finance publication review "$R3" --pass --opinion 无涉密内容
approvals() { q "SELECT count(*) FROM approval WHERE request_id=$R3"; }
A0=$(approvals)
refused "SYS-2: the leader outside the carrier's knowledge scope does not approve" 5 \
	approver_outside_scope SYS-2 as leader approve "$R3" --comment 同意
expect_err "SYS-2: the refusal names the carrier" "$O"
check "SYS-2: no approval written" test "$(approvals)" = "$A0"
check "SYS-2: still pending" test "$(q "SELECT status || '/' || step FROM request WHERE id=$R3")" = pending/0
check "SYS-2: the refusal is audited" \
	test "$(q "SELECT count(*) FROM audit_event WHERE action='request.approve' AND outcome<>'ok' AND object='request:$R3'")" = 1

# --- the register --------------------------------------------------------------------
expect_rc "the clerk lists the publications" 0 as clerk publication list
expect_out "the register shows both" "^$R +executed +website"
expect_out "the register shows the rejected one" "^$R2 +rejected +press"
expect_rc "finance, a reviewer, sees what they reviewed" 0 as finance publication show "$R" --json
expect_out "the reviewer reads the request" '"op": \{'
expect_rc "finance sees only those they review" 0 as finance publication list --json
expect_out "two publications for finance" '"count": 2'

# --- issue 15: the register as an Excel workbook, opened and read ---------------------
DUMP="$(dirname "$0")/../tools/xlsx_dump.py"
X="$WORK/pub.xlsx"
expect_rc "issue 15: the register as .xlsx needs --out" 2 as clerk publication list --format xlsx
expect_err "issue 15: says so" 'needs --out'
expect_rc "issue 15: --format goes with list only" 2 as clerk publication show "$R" --format xlsx --out "$X"
expect_rc "issue 15: publication list --format xlsx --out" 0 as clerk publication list --format xlsx --out "$X"
check "issue 15: a workbook the standard library opens" sh -c "python3 '$DUMP' '$X' >'$WORK/pub.json'"
xtrue() { jq -e "$1" "$WORK/pub.json" >/dev/null 2>&1; }
# row: the data row (an object by header) whose 编号 is $1
row() { printf '(.rows[1]) as $h | [.rows[2:-2][] | [$h, .] | transpose | map({(.[0]): (.[1] // "")}) | add | select(.["编号"] == "%s")][0]' "$1"; }
check "issue 15: the sheet and title row name the register and the unit" \
	xtrue '.sheet == "信息公开保密审查登记表" and (.rows[0][0] | test("^测试单位　信息公开保密审查登记表.*导出日期：2026-03-02$"))'
check "issue 15: one row per publication the clerk sees, numbered" \
	xtrue "[.rows[2:-2][][0]] == [range(1; $(as clerk publication list --json | jq .count) + 1) | tostring]"
check "issue 15: the released one: channel, publisher, both reviews passed, where it went" \
	xtrue "$(row "$R") | .[\"发布渠道\"] == \"门户网站\" and .[\"审查人\"] == \"张保密、赵会计\" and (.[\"审查意见\"] | test(\"^张保密（通过）：经审查无涉密内容；赵会计（通过）：同意公开$\")) and .[\"状态\"] == \"已办理\" and .[\"发布位置\"] == \"https://www.example.gov.cn/news/1\" and .[\"发布时间\"] == \"2026-03-02T02:00:00Z\""
check "issue 15: the refused one: the attachment, the objection, not approved, not released" \
	xtrue "$(row "$R2") | .[\"标题\"] == \"采访稿\" and .[\"发布渠道\"] == \"新闻媒体\" and .[\"附件\"] == \"采访提纲一份\" and .[\"审查意见\"] == \"张保密（不通过）：涉及内部工作部署，不宜公开\" and .[\"状态\"] == \"未批准\" and .[\"发布位置\"] == \"\""
check "issue 15: the signature row ends the sheet" xtrue '.rows[-1][0] | test("制表人（签字）.*审核人（签字）")'
expect_rc "issue 15: finance's workbook" 0 as finance publication list --format xlsx --out "$WORK/pubf.xlsx"
check "SYS-2 in the export: finance's rows are the two they review" \
	test "$(python3 "$DUMP" "$WORK/pubf.xlsx" | jq '.rows[2:-2] | length')" = 2
expect_rc "issue 15: CSV stays" 0 as clerk publication list --format csv
expect_out "issue 15: CSV: the BOM and the Chinese headers" $'^\xEF\xBB\xBF序号,编号,标题,发布渠道'

expect_rc "policy: approver.publish is a key of the unit's policy" 0 as clerk policy show
expect_out "policy: PUB-1 in the printed policy" 'PUB-1'

done_testing
