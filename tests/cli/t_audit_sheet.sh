#!/usr/bin/env bash
# tests/cli/t_audit_sheet.sh — `baomi audit list --format csv|xlsx --out FILE` (issue 14
# point 12, issue 15 point 2): the filtered audit list as a sheet for the auditor, with
# names, actions in words, business events separable from reads, and each row's chain
# position and hash; the workbook is opened with tests/tools/xlsx_dump.py. SYS-1: only
# the audit administrator exports it.
. "$(dirname "$0")/lib.sh"
. "$(dirname "$0")/fixture.sh"

export BAOMI_NOW=2026-11-23T02:00:00Z
DUMP="$(dirname "$0")/../tools/xlsx_dump.py"

check "fixture unit builds through the CLI" build_fixture
as clerk carrier register --title 审计表格载体 --level 机密 --place 一号保密柜 --scope 办公室 >/dev/null 2>&1
as clerk carrier list >/dev/null 2>&1

X="$WORK/audit.xlsx"
expect_rc "audit list --format xlsx --kind business" 0 as auditor audit list --format xlsx --kind business --from 2026-11-23 --to 2026-11-23 --out "$X"
expect_out "says how many rows" '已导出 [0-9]+ 条事件'
python3 "$DUMP" "$X" >"$WORK/x.json"
xtrue() { jq -e "$1" "$WORK/x.json" >/dev/null 2>&1; }
check "title row: unit, 审计日志 and the range" xtrue '.rows[0][0] | test("审计日志（2026-11-23 至 2026-11-23）")'
check "Chinese headers with chain position and hashes" xtrue '.rows[1] == ["序号","时间","操作人","账户","操作","类别","对象","结果","条款","详细情况","链序号","本条哈希","前条哈希","原始记录"]'
check "header frozen" xtrue '.freeze.ySplit == "2" and .freeze.state == "frozen"'
check "the registration in words under the clerk's account" xtrue '[.rows[2:-2][] | select(.[4] == "收文登记" and .[3] == "clerk" and (.[9] | test("标题：审计表格载体")))] | length == 1'
check "no read among business events" xtrue '[.rows[2:-2][] | select(.[5] != "业务")] | length == 0'
check "no raw action key" xtrue '[.rows[2:-2][] | select(.[4] | test("^[a-z_]+[.][a-z_]+$"))] | length == 0'
check "every row carries a 64-hex hash" xtrue '[.rows[2:-2][] | select(.[11] | test("^[0-9a-f]{64}$") | not)] | length == 0'

C="$WORK/reads.csv"
expect_rc "audit list --format csv --kind read" 0 as auditor audit list --format csv --kind read --out "$C"
check "CSV: headers" grep -q '^.序号,时间,操作人,账户,操作,类别' "$C"
check "CSV: the clerk's search is a read" grep -q ',clerk,查询载体台账,查阅,' "$C"
check "CSV: no business event" sh -c "! tail -n +2 '$C' | grep -q ',业务,'"

expect_rc "SYS-1: the clerk may not export the audit list" 5 as clerk audit list --format xlsx --out "$WORK/no.xlsx"
expect_err "SYS-1: the refusal names the rule" 'SYS-1'
check "SYS-1: no file left behind" test ! -e "$WORK/no.xlsx"
expect_rc "xlsx without --out is refused" 2 as auditor audit list --format xlsx
expect_rc "an unknown format is refused" 2 as auditor audit list --format pdf --out "$WORK/x.pdf"
expect_rc "an unknown kind is refused" 3 as auditor audit list --format csv --kind everything --out "$WORK/k.csv"

done_testing
