# tests/cli/t_xlsx.sh — Excel out (issue 15 point 2) through the real binary:
# `register KIND --format xlsx`, the ledger as filtered (`carrier list --format
# xlsx`), the roster (`person roster`), the 奖惩 register (`merit list`), the
# meetings (`meeting list`) and the key sites and their visit log (`site list`,
# `site visits`), the devices, trainings, inspections and their notices, incidents
# and the people register (`device list`, `training list`, `inspection list`,
# `inspection rectify-list`, `incident list`, `person list`), a count's result,
# the 涉密载体清查表 (`count show --format`), the register of counts (`count list
# --format`), the 领导亲启 letters (`letter list --format`, REG-3) and the register of
# trips abroad (`person trips --format`, PERSON-8).
# Each workbook is opened with python's standard library (tests/tools/xlsx_dump.py:
# zipfile + xml.etree) and its cells and print setup are checked; CSV stays.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-23T02:00:00Z
DUMP="$(dirname "$0")/../tools/xlsx_dump.py"

check "fixture unit builds through the CLI" build_fixture

new_carrier() { # new_carrier ARGS...: registers as the clerk, prints the id
	as clerk carrier register --json "$@" | jq -r .id
}
A=$(new_carrier --title 机密通知 --level 机密 --doc-number '教发〔2026〕1号' --serial 2 --place 一号保密柜 --scope 办公室 --producer 市教育局)
B=$(new_carrier --title '=HYPERLINK("http://x")' --level 秘密 --place 保密室 --scope 办公室)
E=$(new_carrier --title 内部通知 --level 内部 --place 档案柜)
D=$(new_carrier --title 绝密方案 --level 绝密 --place 一号保密柜 --scope clerk)
check "four carriers registered" test -n "$A" -a -n "$B" -a -n "$E" -a -n "$D"

# dump FILE: the workbook as JSON in $WORK/x.json; fails when it is not one.
dump() {
	python3 "$DUMP" "$1" >"$WORK/x.json"
}
xtrue() { # xtrue JQ-EXPR: true when the expression holds on the last dump
	jq -e "$1" "$WORK/x.json" >/dev/null 2>&1
}

# --- a register ---------------------------------------------------------------
X="$WORK/incoming.xlsx"
expect_rc "register incoming --format xlsx --out" 0 as clerk register incoming --format xlsx --out "$X"
check "the file is a workbook the standard library opens" dump "$X"
check "the sheet is named after the register and its book (REG-4)" xtrue '.sheet == "收文登记簿（涉密载体）"'
check "title row: the unit, the register and the day of the export" \
	xtrue '.rows[0][0] | test("^测试单位　收文登记簿.*导出日期：2026-11-23$")'
check "title row merged across every column" xtrue '.merged[0] | test("^A1:[A-Z]+1$")'
check "header row: Chinese headers with the 密级 column" \
	xtrue '(.rows[1] | index("密级")) != null and (.rows[1] | index("标题")) != null'
check "a row holds the carrier's title and document number" \
	xtrue '[.rows[2:][] | select(index("机密通知") != null and index("教发〔2026〕1号") != null)] | length == 1'
check "the 密级 cell of that row" \
	xtrue '(.rows[1] | index("密级")) as $l | [.rows[2:][] | select(index("机密通知") != null)][0][$l] | startswith("机密")'
check "a formula-looking title stays text" \
	xtrue '[.rows[2:][] | select(index("=HYPERLINK(\"http://x\")") != null)] | length == 1'
check "header frozen: rows 1-2 stay on screen" xtrue '.freeze.ySplit == "2" and .freeze.state == "frozen" and .freeze.topLeftCell == "A3"'
check "printed landscape on A4, one page wide" xtrue '.landscape and .paper == "9" and .fit_width == "1" and .fit_height == "0" and .fit_to_page'
check "the title and header rows repeat on every page" xtrue '.print_titles | test("\\$1:\\$2$")'
check "pages numbered in the footer" xtrue '.footer | test("&P")'
check "columns sized to their text" xtrue '(.widths | length) > 5 and all(.widths[]; . >= 6)'
check "a count row and a signature row end the sheet" \
	xtrue '(.rows[-2][0] | test("^共 3 条")) and (.rows[-1][0] | test("制表人（签字）.*审核人（签字）"))'
check "REG-4: the classified book leaves the 内部 item out" xtrue '[.rows[2:][] | select(index("内部通知") != null)] | length == 0'
check "REG-1: 登记序号 first, 1 to 3" xtrue '.rows[1][0] == "登记序号" and ([.rows[2:5][][0]] == ["1", "2", "3"])'
expect_rc "REG-4: the ordinary book as xlsx" 0 as clerk register incoming --book ordinary --format xlsx --out "$WORK/ordinary.xlsx"
check "REG-4: the ordinary book holds the 内部 item alone, numbered 1" dump "$WORK/ordinary.xlsx"
check "REG-4: its sheet, its one row" \
	xtrue '.sheet == "收文登记簿（普通文件）" and ([.rows[2:][] | select(index("内部通知") != null)] | length == 1) and .rows[2][0] == "1" and (.rows[-2][0] | test("^共 1 条"))'
expect_rc "xlsx without --out is refused" 2 as clerk register incoming --format xlsx
expect_err "xlsx without --out: says so" 'needs --out'
expect_rc "CSV stays" 0 as clerk register incoming --format csv
expect_out "CSV: the BOM and the Chinese headers" $'^\xEF\xBB\xBF.*密级'
for k in dispatch borrow copy take-out destroy; do
	expect_rc "register $k as xlsx" 0 as clerk register $k --format xlsx --out "$WORK/$k.xlsx"
	check "register $k: a workbook with its title and header" \
		sh -c "python3 '$DUMP' '$WORK/$k.xlsx' | jq -e '.rows[0][0] | test(\"登记簿\")'"
done
expect_rc "a dated register as xlsx" 0 as clerk register incoming --from 2026-11-01 --to 2026-11-30 --format xlsx --out "$X"
check "the period is in the title row" sh -c "python3 '$DUMP' '$X' | jq -e '.rows[0][0] | test(\"2026-11-01 至 2026-11-30\")'"

# --- the ledger as filtered ----------------------------------------------------
L="$WORK/ledger.xlsx"
expect_rc "carrier list --level 机密 --format xlsx" 0 as clerk carrier list --level 机密 --format xlsx --out "$L"
check "ledger: a workbook" dump "$L"
check "ledger: titled 涉密载体台账 with the unit" xtrue '.rows[0][0] | test("^测试单位　涉密载体台账")'
check "ledger: the filter holds: only the 机密 carrier" \
	xtrue '(.rows | length) == 5 and .rows[2][5] == "机密通知" and (.rows[2][2] | startswith("机密"))'
check "ledger: the header" xtrue '.rows[1][0:6] == ["序号","编号","密级","载体形式","文号","标题"]'
check "LEVEL-2 ledger: the knowledge scope by the department's name (the unit's department names)" \
	xtrue '.rows[1][13] == "知悉范围" and .rows[2][13] == "办公室"'
expect_rc "ledger: --limit 1 still exports every match" 0 as clerk carrier list --limit 1 --format xlsx --out "$L"
check "ledger: all four" sh -c "python3 '$DUMP' '$L' | jq -e '(.rows | length) == 8'"
expect_rc "ledger as CSV" 0 as clerk carrier list --format csv
expect_out "ledger CSV: header" '序号,编号,密级,载体形式,文号,标题'
expect_rc "SYS-2: staff exports the ledger" 0 as staff carrier list --format xlsx --out "$WORK/staff.xlsx"
check "SYS-2: staff's export lacks what only the clerk may see" dump "$WORK/staff.xlsx"
check "SYS-2: staff (general, 办公室) gets the 秘密 and 内部 carriers only" \
	xtrue '[.rows[2:-2][] | .[5]] | (. == ["=HYPERLINK(\"http://x\")", "内部通知"])'
expect_rc "ledger: an unknown format is refused" 2 as clerk carrier list --format pdf
expect_err "ledger: names the formats" 'csv, xlsx'

# --- the roster and the 奖惩 register -----------------------------------------
R="$WORK/roster.xlsx"
expect_rc "person roster --format xlsx" 0 as clerk person roster --format xlsx --out "$R"
check "roster: a workbook" dump "$R"
check "roster: 涉密人员花名册 with the headers" \
	xtrue '(.rows[0][0] | test("涉密人员花名册")) and .rows[1][0:5] == ["序号","姓名","部门","岗位","涉密类别"]'
check "roster: the core clerk" xtrue '[.rows[2:][] | select(.[1] == "张保密")] | length == 1'
expect_rc "roster --csv stays" 0 as clerk person roster --csv
expect_out "roster CSV: header" '序号,姓名,部门,岗位,涉密类别'
M="$WORK/merit.xlsx"
expect_rc "merit list --format xlsx" 0 as clerk merit list --year 2026 --format xlsx --out "$M"
check "merit: a workbook titled 保密奖惩登记簿 for the year" \
	sh -c "python3 '$DUMP' '$M' | jq -e '(.rows[0][0] | test(\"保密奖惩登记簿（2026）\")) and (.rows[1] | index(\"密级\")) != null'"

# --- the meetings, the key sites and their visits (service/list_sheet.c) --------------
check "a supervising leader" add_leader
as clerk site add --name 表格要害部位 --kind place --location 办公楼五楼 --confirmed-by 局保密委员会 \
	--confirmed-on 2026-03-01 --leader leader >/dev/null
as clerk meeting add --title 表格会议 --level 机密 --room 三楼会议室 --start 2026-11-20T02:00:00Z \
	--end 2026-11-20T04:00:00Z --organiser leader >/dev/null
G="$WORK/meetings.xlsx"
expect_rc "meeting list --format xlsx --file" 0 as clerk meeting list --format xlsx --file "$G"
check "meetings: a workbook" dump "$G"
check "meetings: 涉密会议登记簿 with the unit" xtrue '(.sheet == "涉密会议登记簿") and (.rows[0][0] | test("^测试单位　涉密会议登记簿"))'
check "meetings: the headers" xtrue '.rows[1][0:5] == ["序号","编号","会议名称","密级","地点"]'
check "meetings: the meeting, its 密级 and place" \
	xtrue '[.rows[2:-2][] | select(.[2] == "表格会议" and .[3] == "机密" and .[4] == "三楼会议室")] | length == 1'
check "meetings: header frozen, landscape, signature row" \
	xtrue '.freeze.ySplit == "2" and .landscape and (.rows[-1][0] | test("制表人（签字）"))'
expect_rc "meeting list --from --to: the period" 0 as clerk meeting list --from 2026-11-01 --to 2026-11-30 --format xlsx --file "$G"
check "meetings: the period in the title row" sh -c "python3 '$DUMP' '$G' | jq -e '.rows[0][0] | test(\"2026-11-01 至 2026-11-30\")'"
expect_rc "meeting list: xlsx without --file is refused" 2 as clerk meeting list --format xlsx
expect_err "meeting list: says --file" '--format xlsx goes with --file FILE'
expect_rc "meeting list: --file without xlsx is refused" 2 as clerk meeting list --file "$G"
expect_rc "meeting list: CSV stays" 0 as clerk meeting list --format csv
expect_out "meetings CSV: the meeting" '表格会议'
S="$WORK/sites.xlsx"
expect_rc "site list --format xlsx --file" 0 as clerk site list --format xlsx --file "$S"
check "sites: a workbook" dump "$S"
check "sites: 要害部门部位登记表 with the site" \
	xtrue '(.sheet == "要害部门部位登记表") and ([.rows[2:-2][] | select(.[2] == "表格要害部位" and .[6] == "办公楼五楼" and .[7] == "局保密委员会")] | length == 1)'
check "sites: the headers" xtrue '.rows[1][0:4] == ["序号","编号","名称","类别"]'
V="$WORK/visits.xlsx"
expect_rc "site visits --format xlsx --file" 0 as clerk site visits --format xlsx --file "$V"
check "visits: 要害部门部位出入登记簿" \
	sh -c "python3 '$DUMP' '$V' | jq -e '(.sheet == \"要害部门部位出入登记簿\") and .rows[1][0:4] == [\"序号\",\"编号\",\"要害部门部位\",\"来访人员\"]'"
expect_rc "site list: xlsx without --file is refused" 2 as clerk site list --format xlsx
expect_rc "site list: an unknown format is refused" 2 as clerk site list --format pdf
expect_err "site list: names the formats" 'text, csv, json, xlsx'

refused() { # refused NAME RULE CODE CMD...: exit 5, the rule and the code named
	local name=$1 rule=$2 code=$3
	shift 3
	expect_rc "$name: exit 5" 5 "$@"
	expect_err "$name: names [$rule] $code" "^error \\[$rule\\] $code:"
}
# --- the rosters the API exports, from the CLI too (service/list_sheet.c) ---------------
# (each the same column set as GET …?format=xlsx; --format csv|xlsx [--out FILE])
as clerk device add --number XLSX-JSJ-1 --kind computer --level 机密 --holder finance \
	--model 联想 --serial SN-77 --place 财务科 >/dev/null
as clerk training add --on 2026-11-02 --topic 表格保密法规 --hours 2 --trainer 张保密 >/dev/null
as clerk inspection add --kind regular --date 2026-11-19 --scope unit --inspectors leader,clerk \
	--check '台账与实物相符|yes' --check '保密柜上锁|no|二号柜未锁' --summary 表格检查 >/dev/null
as staff incident open --kind leak --what 表格事件会议记录外传 --level 秘密 >/dev/null
sheet_ok() { # sheet_ok NAME FILE TITLE HEADS-JQ: a workbook laid out like the registers
	check "$1: a workbook" dump "$2"
	check "$1: $3 with the unit, frozen header, landscape, signature row" \
		xtrue "(.sheet == \"$3\") and (.rows[0][0] | test(\"^测试单位　$3\")) and .freeze.ySplit == \"2\" and .landscape and (.print_titles | test(\"\\\\\$1:\\\\\$2\$\")) and (.rows[-1][0] | test(\"制表人（签字）\"))"
	check "$1: the headers" xtrue "$4"
}
F="$WORK/devices.xlsx"
expect_rc "device list --format xlsx --out" 0 as clerk device list --format xlsx --out "$F"
sheet_ok devices "$F" 涉密设备台账 '.rows[1][0:6] == ["序号","编号","类别","型号","序列号","密级"]'
check "devices: the computer, its 密级, holder and place" \
	xtrue '[.rows[2:-2][] | select(.[1] == "XLSX-JSJ-1" and .[2] == "涉密计算机" and .[5] == "机密" and .[6] == "赵会计" and .[8] == "财务科")] | length == 1'
expect_rc "device list --kind usb: the filter holds" 0 as clerk device list --kind usb --format xlsx --out "$F"
check "devices: no computer in the usb list" sh -c "python3 '$DUMP' '$F' | jq -e '[.rows[2:-2][] | select(.[1] == \"XLSX-JSJ-1\")] | length == 0'"
expect_rc "device list --format csv" 0 as clerk device list --format csv
expect_out "devices CSV: BOM, header and the computer" $'^\xEF\xBB\xBF序号,编号,类别'
expect_out "devices CSV: the row" 'XLSX-JSJ-1,涉密计算机,联想,SN-77,机密,赵会计'
expect_rc "device list: xlsx without --out is refused" 2 as clerk device list --format xlsx
expect_err "device list: says --out" 'needs --out'
expect_rc "device show: --format is for list" 2 as clerk device show 1 --format csv
F="$WORK/trainings.xlsx"
expect_rc "training list --year 2026 --format xlsx" 0 as clerk training list --year 2026 --format xlsx --out "$F"
sheet_ok trainings "$F" 保密教育培训登记表 '.rows[1][0:5] == ["序号","编号","日期","主题","学时"]'
check "trainings: the session and the year in the title" \
	xtrue '(.rows[0][0] | test("2026 年度")) and ([.rows[2:-2][] | select(.[2] == "2026-11-02" and .[3] == "表格保密法规" and .[5] == "张保密")] | length == 1)'
expect_rc "training list --format csv" 0 as clerk training list --format csv
expect_out "trainings CSV: the session" '表格保密法规'
expect_rc "training list: an unknown format is refused" 2 as clerk training list --format pdf
F="$WORK/inspections.xlsx"
expect_rc "inspection list --format xlsx --out" 0 as clerk inspection list --format xlsx --out "$F"
sheet_ok inspections "$F" 保密检查登记表 '.rows[1][0:4] == ["序号","编号","检查类别","检查日期"]'
check "inspections: the inspection, whole unit, one finding open" \
	xtrue '[.rows[2:-2][] | select(.[3] == "2026-11-19" and .[4] == "是" and .[7] == "表格检查")] | length == 1'
F="$WORK/notices.xlsx"
expect_rc "inspection rectify-list --format xlsx --out" 0 as clerk inspection rectify-list --format xlsx --out "$F"
check "notices: a workbook" dump "$F"
check "notices: 整改通知登记表 with its headers" \
	xtrue '(.sheet == "整改通知登记表") and .rows[1][0:5] == ["序号","编号","检查类别","检查日期","存在问题"]'
expect_rc "inspection list: xlsx without --out is refused" 2 as clerk inspection list --format xlsx
expect_err "inspection list: says --out" '--format xlsx goes with --out FILE'
expect_rc "inspection list: --out without xlsx is refused" 2 as clerk inspection list --out "$F"
expect_rc "inspection list: CSV stays" 0 as clerk inspection list --format csv
expect_out "inspections CSV: its own header" '编号,类型,检查日期'
F="$WORK/incidents.xlsx"
expect_rc "incident list --format xlsx --out" 0 as clerk incident list --format xlsx --out "$F"
sheet_ok incidents "$F" 失泄密事件登记表 '.rows[1][0:5] == ["序号","编号","类别","载体编号","密级"]'
check "incidents: the leak, its 密级 and what happened" \
	xtrue '[.rows[2:-2][] | select(.[2] == "泄密" and .[4] == "秘密" and .[5] == "表格事件会议记录外传")] | length == 1'
expect_rc "incident list --format csv" 0 as clerk incident list --format csv
expect_out "incidents CSV: the leak" '表格事件会议记录外传'
F="$WORK/people.xlsx"
expect_rc "person list --format xlsx --out" 0 as clerk person list --format xlsx --out "$F"
sheet_ok people "$F" 涉密人员登记表 '.rows[1][0:5] == ["序号","编号","姓名","部门","涉密等级"]'
check "people: the clerk and the staff member" \
	xtrue '([.rows[2:-2][] | select(.[2] == "张保密" and .[3] == "办公室")] | length == 1) and ([.rows[2:-2][] | select(.[2] == "李员工")] | length == 1)'
expect_rc "person list --department 财务科: the filter holds" 0 as clerk person list --department 财务科 --format xlsx --out "$F"
check "people: only 财务科" sh -c "python3 '$DUMP' '$F' | jq -e '[.rows[2:-2][] | .[3]] | length > 0 and all(. == \"财务科\")'"
expect_rc "person list --format csv" 0 as clerk person list --format csv
expect_out "people CSV: the header" '序号,编号,姓名,部门,涉密等级'
refused "PERSON-2: staff exports no people register" PERSON-2 role_required \
	as staff person list --format xlsx --out "$WORK/staff-people.xlsx"
check "PERSON-2: no file written" test ! -e "$WORK/staff-people.xlsx"

# --- a count's result: the 涉密载体清查表 (count show --format) ---------------------------
S=$(as clerk count start --scope unit --note 表格清查 --json | jq -r '.session.id // .id')
check "a unit count started" test -n "$S" -a "$S" != null
as clerk count tick "$S" "$A" --incomplete --note 缺附件一页 >/dev/null
as clerk count tick "$S" "$E" 9999 >/dev/null
C="$WORK/count.xlsx"
expect_rc "an open count's sheet: the preview" 0 as clerk count show "$S" --format xlsx --out "$C"
check "open count: the title says it is a preview" sh -c "python3 '$DUMP' '$C' | jq -e '.rows[0][0] | test(\"进行中，预览\")'"
expect_rc "the count is closed" 0 as clerk count close "$S" $(count_confirm "$S")
expect_rc "count show --format xlsx --out" 0 as clerk count show "$S" --format xlsx --out "$C"
sheet_ok "count sheet" "$C" 涉密载体清查表 '.rows[1] == ["序号","清查结果","编号","密级","文号/份号","标题","存放地点","状态","去向/说明","点验备注","事件编号"]'
check "count sheet: the scope, the tally, no preview" \
	xtrue '(.rows[0][0] | test("清查范围：全单位")) and (.rows[0][0] | test("应有 4，在库 2，在外 0，下落不明 2，账外 1，附件不全 1")) and (.rows[0][0] | test("预览") | not)'
check "count sheet: the incomplete carrier, its 密级, 文号, place and note" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"在库（附件不全）\" and .[2] == \"$A\" and (.[3] | startswith(\"机密\")) and (.[4] | test(\"教发〔2026〕1号\")) and .[5] == \"机密通知\" and .[6] == \"一号保密柜\" and .[9] == \"缺附件一页\")] | length == 1"
check "count sheet: the other found carrier" xtrue "[.rows[2:-2][] | select(.[1] == \"在库\" and .[2] == \"$E\")] | length == 1"
check "count sheet: the two missing carriers, each with the count's incident (INV-4)" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"下落不明\" and (.[2] == \"$B\" or .[2] == \"$D\") and (.[10] | test(\"^[0-9]+\$\")))] | length == 2"
check "count sheet: the unknown tick is outside the ledger" \
	xtrue '[.rows[2:-2][] | select(.[1] == "账外" and .[2] == "9999" and .[5] == "（台账无此编号）")] | length == 1'
check "count sheet: the device of the scope, missing" \
	xtrue '[.rows[2:-2][] | select(.[1] == "设备下落不明" and .[2] == "XLSX-JSJ-1" and .[3] == "机密")] | length == 1'
check "count sheet: 序号 runs 1..N and the count row says N" \
	xtrue '([.rows[2:-2][] | .[0] | tonumber]) as $s | ($s == [range(1; ($s | length) + 1)]) and (.rows[-2][0] | test("^共 \(($s | length)) 条"))'
expect_rc "count show --format csv" 0 as clerk count show "$S" --format csv
expect_out "count CSV: BOM and the header" $'^\xEF\xBB\xBF序号,清查结果,编号,密级'
expect_out "count CSV: a missing line" '下落不明'
expect_rc "count sheet: xlsx without --out is refused" 2 as clerk count show "$S" --format xlsx
expect_rc "count sheet: not with --place" 2 as clerk count show "$S" --place none --format csv
expect_rc "count sheet: --format is for show" 2 as clerk count close "$S" --format csv
refused "INV-3: staff gets no count sheet" INV-3 role_required as staff count show "$S" --format xlsx --out "$WORK/staff-count.xlsx"
check "INV-3: no file written" test ! -e "$WORK/staff-count.xlsx"
expect_rc "count sheet: an unknown count" 4 as clerk count show 999 --format csv

# --- the register of counts: 涉密载体清查登记表 (count list --format) --------------------
L="$WORK/counts.xlsx"
expect_rc "count list --format xlsx --out" 0 as clerk count list --format xlsx --out "$L"
sheet_ok "counts" "$L" 涉密载体清查登记表 '.rows[1] == ["序号","编号","清查范围","范围","事由","发起人","开始时间","结束时间","状态","应有","找到","下落不明","在外","附件不全","账外","件件有着落","事件编号"]'
check "counts: the closed count with its stored figures" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"$S\" and .[2] == \"全单位\" and .[4] == \"表格清查\" and .[8] == \"已结束\" and .[9] == \"4\" and .[10] == \"2\" and .[11] == \"2\" and .[13] == \"1\" and .[14] == \"1\" and .[15] == \"否\" and (.[16] | test(\"^[0-9]+\$\")))] | length == 1"
check "counts: one row per count" \
	xtrue "(.rows[2:-2] | length) == $(as clerk count list --json | jq '.count')"
expect_rc "count list --format csv" 0 as clerk count list --format csv
expect_out "counts CSV: BOM and the header" $'^\xEF\xBB\xBF序号,编号,清查范围,范围,事由'
expect_rc "count list: xlsx without --out is refused" 2 as clerk count list --format xlsx
expect_rc "count start: no --format" 2 as clerk count start --scope unit --format csv
refused "INV-1: staff gets no register of counts" INV-1 role_required as staff count list --format xlsx --out "$WORK/staff-counts.xlsx"
check "INV-1: no file written" test ! -e "$WORK/staff-counts.xlsx"

# --- the 领导亲启信件登记簿 (letter list --format, REG-3) --------------------------------
L1=$(as clerk letter log --sender 表格市委办 --addressee leader --note 亲启 --json | jq -r .id)
L2=$(as clerk letter log --sender 表格老同学 --addressee finance --json | jq -r .id)
check "two letters logged" test -n "$L1" -a "$L1" != null -a -n "$L2" -a "$L2" != null
as leader letter open "$L1" --classified no >/dev/null
LT="$WORK/letters.xlsx"
expect_rc "letter list --format xlsx --out" 0 as clerk letter list --format xlsx --out "$LT"
sheet_ok "letters" "$LT" 领导亲启信件登记簿 '.rows[1] == ["序号","编号","收到日期","来信方","收信人","密级","登记人","登记时间","状态","拆封时间","有涉密内容","拆封说明","内容登记时间","载体编号","备注"]'
check "letters: the opened one, nothing classified (非密)" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"$L1\" and .[3] == \"表格市委办\" and .[4] == \"王领导\" and .[5] == \"非密\" and .[8] == \"已拆封（无涉密内容）\" and .[10] == \"否\" and .[14] == \"亲启\")] | length == 1"
check "letters: the sealed one" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"$L2\" and .[5] == \"未拆封\" and .[8] == \"未拆封\" and .[10] == \"\")] | length == 1"
expect_rc "letter list --status sealed --format xlsx: the filter holds" 0 as clerk letter list --status sealed --format xlsx --out "$LT"
check "letters: only sealed ones" sh -c "python3 '$DUMP' '$LT' | jq -e '([.rows[2:-2][] | .[8]] | unique) == [\"未拆封\"]'"
expect_rc "the addressee's own register" 0 as leader letter list --format xlsx --out "$WORK/leader-letters.xlsx"
check "SYS-2 (REG-3): the leader's file holds their letter only" \
	sh -c "python3 '$DUMP' '$WORK/leader-letters.xlsx' | jq -e '[.rows[2:-2][] | .[1]] == [\"$L1\"]'"
expect_rc "letter list --format csv" 0 as clerk letter list --format csv
expect_out "letters CSV: BOM and the header" $'^\xEF\xBB\xBF序号,编号,收到日期,来信方,收信人,密级'
expect_out "letters CSV: a row" "表格老同学"
expect_rc "letter list: xlsx without --out is refused" 2 as clerk letter list --format xlsx
expect_rc "letter show: no --format" 2 as clerk letter show "$L1" --format csv
refused "SYS-1: an administrator gets no letters register" SYS-1 admin_no_business as sysadmin letter list --format xlsx --out "$WORK/admin-letters.xlsx"
check "SYS-1: no file written" test ! -e "$WORK/admin-letters.xlsx"

# --- the 涉密人员出国（境）登记表 (person trips --format, PERSON-8) --------------------------
# finance (important) went abroad in October and has not reported back; staff's trip in
# December waits for the supervising leader.
T1=$(as secadmin person trip finance --to 泰国 --purpose 探亲 --depart 2026-10-01 --return 2026-10-10 --briefed 2026-09-20 --json | jq -r .id)
T2=$(as secadmin person trip staff --to 日本 --depart 2026-12-20 --return 2026-12-28 --briefed 2026-11-20 --json | jq -r .id)
check "two trips recorded" test -n "$T1" -a "$T1" != null -a -n "$T2" -a "$T2" != null
expect_rc "PERSON-8: the leader approves finance's trip" 0 as leader person trip-approve "$T1"
expect_rc "PERSON-8: finance departed" 0 as secadmin person trip-depart "$T1" --on 2026-10-01
TR="$WORK/trips.xlsx"
expect_rc "person trips --format xlsx --out" 0 as clerk person trips --format xlsx --out "$TR"
sheet_ok "trips" "$TR" 涉密人员出国（境）登记表 '.rows[1] == ["序号","编号","姓名","部门","涉密等级","前往国家（地区）","事由","出发日期","返回日期","行前保密教育","审批人","状态","实际出行日期","应报告日期","回国报告日期","报告情况","逾期未报告"]'
check "trips: newest first, both trips" xtrue "[.rows[2:-2][] | .[1]] == [\"$T2\", \"$T1\"]"
check "trips: finance departed, approved by the leader, not reported back in time" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"$T1\" and .[2] == \"赵会计\" and .[4] == \"重要\" and .[5] == \"泰国\" and .[6] == \"探亲\" and .[7] == \"2026-10-01\" and .[9] == \"2026-09-20\" and .[10] == \"王领导\" and .[11] == \"已出行\" and .[12] == \"2026-10-01\" and .[13] != \"\" and .[14] == \"\" and .[16] == \"是\")] | length == 1"
check "trips: staff's trip awaiting approval" \
	xtrue "[.rows[2:-2][] | select(.[1] == \"$T2\" and .[4] == \"一般\" and .[11] == \"待审批\" and .[12] == \"\" and .[16] == \"否\")] | length == 1"
expect_rc "person trips --status unreported: the filter holds" 0 as clerk person trips --status unreported --format xlsx --out "$TR"
check "trips: only the unreported one, the filter in the title row" \
	sh -c "python3 '$DUMP' '$TR' | jq -e '([.rows[2:-2][] | .[1]] == [\"$T1\"]) and (.rows[0][0] | test(\"逾期未报告\"))'"
expect_rc "person trips --from/--to: abroad in December" 0 as clerk person trips --from 2026-12-01 --to 2026-12-31 --json
check "trips: December holds staff's trip only" sh -c "jq -e '[.items[].id] == [$T2]' '$OUT'"
expect_rc "person trips --person finance" 0 as clerk person trips --person finance --json
check "trips: finance's only" sh -c "jq -e '[.items[].id] == [$T1] and .items[0].unreported and .items[0].person_class == \"important\"' '$OUT'"
expect_rc "person trips --format csv" 0 as clerk person trips --format csv
expect_out "trips CSV: BOM and the header" $'^\xEF\xBB\xBF序号,编号,姓名,部门,涉密等级,前往国家（地区）'
expect_out "trips CSV: a row" "泰国"
expect_rc "person trips: a state it does not know" 3 as clerk person trips --status done
expect_rc "person trips: a date it does not read" 3 as clerk person trips --from 2026-13-01
expect_rc "person trips: xlsx without --out is refused" 2 as clerk person trips --format xlsx
refused "PERSON-2: staff gets no register of trips" PERSON-2 role_required as staff person trips --format xlsx --out "$WORK/staff-trips.xlsx"
check "PERSON-2: no file written" test ! -e "$WORK/staff-trips.xlsx"

done_testing
