#!/usr/bin/env python3
"""ledger_files.py — the registers the import tests read (issue 15 point 1).

Writes into DIR, with the standard library only:
  good.csv        a 收文登记簿 in CSV: a title row, a blank line, 2026.3.5 and
                  2026年3月6日 dates, 机密★10年, full-width digits and brackets
  bad.csv         one good row, one with an ambiguous date (5/3/2026), one 机密
                  carrier put in a room for 秘密 (KEEP-1)
  broken.csv      an unclosed quote
  gbk.csv         the good file's text in GBK (not UTF-8)
  good.xlsx       the same register as .xlsx (zipfile, minimal sheet XML): a
                  header spanning two rows (份数/份号 merged over 份数 and 份号),
                  a title row merged across, shared strings, an inline string, a
                  date as an Excel serial number, a blank row
  broken.xlsx     good.xlsx cut in half (a broken zip)
  badxml.xlsx     a sheet whose XML is not well-formed
  good.xls        the register as .xls (BIFF8 in an OLE2 compound file, written
                  here with struct: no spreadsheet program is needed)
  merged.xls      a two-row header whose merged 份数/份号 was saved without its
                  range (no MergeCells record): the text in its first column only,
                  份数 and 份号 below
  group.xls       a group header above the header (收文 over 登记日期 and 来文机关,
                  文件 over 文号 and 标题) that names fewer than two known columns
  nohead.xls      data in a column without any heading (a merged header cell's
                  second column, 份号 lost): refused, never read as a neighbour's
  mergeddata.xlsx a data row whose 标题 is merged across the 密级 column
  mergeddata.xls  the same as .xls, with a MergeCells record (B2:C2)
  mergeddown.xls  来文机关 and 密级 each merged down over three data rows (a
                  MergeCells record: the text in the first row only, as Excel
                  and WPS keep it), and the same layout as mergeddown.xlsx
  badmerge.xls    mergeddown.xls whose MergeCells record claims more ranges than
                  it holds (a broken file: refused, never read in part)
  subtitle.xls    a title row's words above the header (填报单位：…, 2026年度), the
                  year over a column the header leaves unnamed that holds data: a
                  merged column name or a title's words cannot be told, refused

Usage: python3 ledger_files.py DIR [OLD=NEW ...]
  OLD=NEW replaces a name in every file (a person or place of the unit under
  test: 张保密, 李员工, 一号保密柜, 保密室), e.g. 张保密=clerk.
"""
import io
import struct
import sys
import zipfile
from xml.sax.saxutils import escape

HEADER = ["序号", "登记日期", "来文机关", "文号", "标题", "密级", "份号", "保密期限", "承办人",
          "存放位置"]

GOOD_ROWS = [
    ["1", "2026.3.5", "市保密局", "市保发[2026]3号", "关于年度检查的通知", "机密★10年", "2", "",
     "张保密", "一号保密柜"],
    None,  # a blank line
    ["2", "2026年3月6日", "省厅", "省发（２０２６）１２号", "工作要点", "秘密", "１", "5年",
     "李员工", "保密室"],
    ["3", "2026-03-07", "区委办", "区办〔2026〕7号", "会议纪要", "内部", "", "", "", "档案柜"],
]

BAD_ROWS = [
    ["1", "2026-03-05", "市保密局", "市保发〔2026〕9号", "能导入的一行", "秘密", "1", "", "李员工",
     "保密室"],
    ["2", "5/3/2026", "省厅", "省发〔2026〕10号", "日期有两种读法", "秘密", "1", "", "李员工",
     "保密室"],
    ["3", "2026-03-06", "区委办", "区办〔2026〕11号", "机密放进秘密室", "机密", "1", "", "张保密",
     "保密室"],
]


NAMES = {}


def csv_cell(v):
    if any(c in v for c in ',"\r\n'):
        return '"' + v.replace('"', '""') + '"'
    return v


def write_csv(path, rows, title=True, encoding="utf-8"):
    lines = []
    if title:
        lines.append("收文登记簿" + "," * (len(HEADER) - 1))
    lines.append(",".join(HEADER))
    for r in rows:
        lines.append("" if r is None else ",".join(csv_cell(c) for c in r))
    with open(path, "wb") as f:
        f.write(("\r\n".join(lines) + "\r\n").encode(encoding))


# ---- .xlsx -------------------------------------------------------------------

def col_name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def xlsx_bytes(sheet_xml=None):
    strings = []

    def sst(v):
        if v not in strings:
            strings.append(v)
        return strings.index(v)

    rows = []
    # row 1: the title, merged across the header's width
    rows.append([("s", "收文登记簿")])
    # rows 2-3: the header; 份数/份号 spans two columns over 份数 and 份号
    top = ["序号", "登记日期", "来文机关", "文号", "标题", "密级", "份数/份号", "份数/份号",
           "保密期限", "承办人", "存放位置"]
    sub = [None, None, None, None, None, None, "份数", "份号", None, None, None]
    rows.append([("s", t) if i not in (7,) else None for i, t in enumerate(top)])
    rows.append([("s", t) if t else None for t in sub])
    data = [
        # the date as an Excel serial number (46086 = 2026-03-05)
        [("n", "1"), ("n", "46086"), ("s", "市保密局"), ("s", "市保发[2026]3号"),
         ("inline", "关于年度检查的通知"), ("s", "机密★10年"), ("n", "3"), ("n", "2"), None,
         ("s", "张保密"), ("s", "一号保密柜")],
        [],  # a blank row
        [("n", "2"), ("s", "2026年3月6日"), ("s", "省厅"), ("s", "省发【2026】12号"),
         ("s", "工作要点"), ("s", "秘密"), ("s", "1"), ("s", "１"), ("s", "5年"),
         ("s", "李员工"), ("s", "保密室")],
    ]
    rows.extend([[(k, NAMES.get(v, v)) if c else c for c in r for k, v in [c or (None, None)]]
                 for r in data])
    out = []
    for r, cells in enumerate(rows, start=1):
        cx = []
        for c, cell in enumerate(cells):
            if not cell:
                continue
            kind, v = cell
            ref = f"{col_name(c)}{r}"
            if kind == "s":
                cx.append(f'<c r="{ref}" t="s"><v>{sst(v)}</v></c>')
            elif kind == "n":
                cx.append(f'<c r="{ref}"><v>{v}</v></c>')
            else:
                cx.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
        out.append(f'<row r="{r}">{"".join(cx)}</row>')
    merges = ["A1:K1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", "F2:F3", "G2:H2", "I2:I3",
              "J2:J3", "K2:K3"]
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rns = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    if sheet_xml is None:
        sheet_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
                     f'<worksheet {ns}><sheetData>{"".join(out)}</sheetData>'
                     f'<mergeCells count="{len(merges)}">'
                     + "".join(f'<mergeCell ref="{m}"/>' for m in merges)
                     + '</mergeCells></worksheet>')
    sst_xml = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><sst {ns} '
               f'count="{len(strings)}" uniqueCount="{len(strings)}">'
               + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings) + "</sst>")
    workbook = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook {ns} {rns}>'
                '<sheets><sheet name="收文" sheetId="1" r:id="rId1"/></sheets></workbook>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/'
            '2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types '
             'xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="xml" ContentType="application/xml"/></Types>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("xl/workbook.xml", workbook)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/sharedStrings.xml", sst_xml)
        z.writestr("xl/worksheets/sheet1.xml", sheet_xml)
    return buf.getvalue()


# ---- .xls (BIFF8 in a compound file) -----------------------------------------

def rec(kind, body):
    return struct.pack("<HH", kind, len(body)) + body


def xl_string(s):  # XLUnicodeString, always UTF-16
    u = s.encode("utf-16-le")
    return struct.pack("<HB", len(u) // 2, 1) + u


def biff8(rows, merges=(), count=None):
    """The Workbook stream; `merges` are (first row, last row, first col, last col) from 0;
    `count` the MergeCells record's cmcs when it should not match (a broken record)."""
    strings = []
    for r in rows:
        for c in r:
            if isinstance(c, str) and c not in strings:
                strings.append(c)
    sst = struct.pack("<II", len(strings), len(strings)) + b"".join(xl_string(s) for s in strings)
    bof_globals = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0005, 0x0DBB, 0x07CC, 0, 6))
    codepage = rec(0x0042, struct.pack("<H", 1200))
    name = "收文".encode("utf-16-le")

    def boundsheet(pos):
        return rec(0x0085, struct.pack("<IBBBB", pos, 0, 0, len(name) // 2, 1) + name)

    globals_len = len(bof_globals) + len(codepage) + len(boundsheet(0)) + len(rec(0x00FC, sst)) + 4
    globals_ = bof_globals + codepage + boundsheet(globals_len) + rec(0x00FC, sst) + rec(0x000A, b"")
    ncols = max(len(r) for r in rows)
    sheet = rec(0x0809, struct.pack("<HHHHII", 0x0600, 0x0010, 0x0DBB, 0x07CC, 0, 6))
    sheet += rec(0x0200, struct.pack("<IIHHH", 0, len(rows), 0, ncols, 0))
    for i, r in enumerate(rows):
        for j, c in enumerate(r):
            if c is None or c == "":
                continue
            if isinstance(c, str):
                sheet += rec(0x00FD, struct.pack("<HHHI", i, j, 0, strings.index(c)))
            else:
                sheet += rec(0x0203, struct.pack("<HHHd", i, j, 0, float(c)))
    if merges:  # MergeCells ([MS-XLS] 2.4.168): cmcs, then cmcs Ref8 (rwFirst, rwLast, colFirst, colLast)
        sheet += rec(0x00E5, struct.pack("<H", len(merges) if count is None else count)
                     + b"".join(struct.pack("<HHHH", *m) for m in merges))
    sheet += rec(0x000A, b"")
    return globals_ + sheet


def compound_file(stream):
    """An OLE2 compound file holding one stream, "Workbook" (512-byte sectors)."""
    if len(stream) < 4096:  # below the mini-stream cutoff it would need a mini FAT
        stream += b"\0" * (4096 - len(stream))
    n = (len(stream) + 511) // 512
    stream_padded = stream + b"\0" * (n * 512 - len(stream))
    ENDCHAIN, FREE, FATSECT, NOSTREAM = 0xFFFFFFFE, 0xFFFFFFFF, 0xFFFFFFFD, 0xFFFFFFFF
    fat = [FATSECT, ENDCHAIN] + [3 + k for k in range(n - 1)] + [ENDCHAIN]
    fat += [FREE] * (128 - len(fat))
    assert len(fat) == 128
    header = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1" + b"\0" * 16
    header += struct.pack("<HHHHH", 0x003E, 0x0003, 0xFFFE, 9, 6) + b"\0" * 6
    header += struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, ENDCHAIN, 0, ENDCHAIN, 0)
    header += struct.pack("<I", 0) + struct.pack("<I", FREE) * 108
    assert len(header) == 512

    def entry(name, kind, child, start, size):
        u = (name + "\0").encode("utf-16-le") if name else b""
        e = u + b"\0" * (64 - len(u))
        e += struct.pack("<HBB", len(u), kind, 1)
        e += struct.pack("<III", NOSTREAM, NOSTREAM, child)
        e += b"\0" * 16 + struct.pack("<I", 0) + b"\0" * 16
        e += struct.pack("<III", start, size, 0)
        assert len(e) == 128
        return e

    dir_ = entry("Root Entry", 5, 1, ENDCHAIN, 0) + entry("Workbook", 2, NOSTREAM, 2, len(stream))
    dir_ += entry("", 0, NOSTREAM, 0, 0) * 2
    return header + struct.pack("<128I", *fat) + dir_ + stream_padded


def xlsx_simple(rows, merges):
    """An .xlsx of inline strings and numbers (int/float), with merged ranges."""
    out = []
    for r, cells in enumerate(rows, start=1):
        cx = []
        for c, v in enumerate(cells):
            if v is None or v == "":
                continue
            ref = f"{col_name(c)}{r}"
            if isinstance(v, str):
                cx.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
            else:
                cx.append(f'<c r="{ref}"><v>{v}</v></c>')
        out.append(f'<row r="{r}">{"".join(cx)}</row>')
    ns = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    sheet = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet {ns}>'
             f'<sheetData>{"".join(out)}</sheetData>'
             + (f'<mergeCells count="{len(merges)}">'
                + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>'
                if merges else '') + '</worksheet>')
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet1.xml", sheet)
    return buf.getvalue()


def xls_bytes():
    rows = [["收文登记簿"], list(HEADER)]
    rows.append([1, "2026.3.5", "市保密局", "市保发[2026]3号", "关于年度检查的通知", "机密★10年", 2,
                 None, "张保密", "一号保密柜"])
    rows.append([])
    rows.append([2, "2026年3月6日", "省厅", "省发（2026）12号", "工作要点", "秘密", 1, "5年",
                 "李员工", "保密室"])
    return compound_file(biff8(rename(rows, NAMES)))


def rename(rows, names):
    return [None if r is None else [names.get(c, c) if isinstance(c, str) else c for c in r]
            for r in rows]


def main():
    global GOOD_ROWS, BAD_ROWS, NAMES
    d = sys.argv[1]
    NAMES = dict(a.split("=", 1) for a in sys.argv[2:])
    GOOD_ROWS = rename(GOOD_ROWS, NAMES)
    BAD_ROWS = rename(BAD_ROWS, NAMES)
    write_csv(f"{d}/good.csv", GOOD_ROWS)
    write_csv(f"{d}/bad.csv", BAD_ROWS)
    with open(f"{d}/broken.csv", "wb") as f:
        f.write(",".join(HEADER).encode() + b'\n1,2026-03-05,"unclosed,x\n')
    write_csv(f"{d}/gbk.csv", GOOD_ROWS, encoding="gbk")
    good = xlsx_bytes()
    with open(f"{d}/good.xlsx", "wb") as f:
        f.write(good)
    with open(f"{d}/broken.xlsx", "wb") as f:
        f.write(good[: len(good) // 2])
    with open(f"{d}/badxml.xlsx", "wb") as f:
        f.write(xlsx_bytes(sheet_xml="<worksheet><sheetData><row r=\"1\"><c>"))
    with open(f"{d}/good.xls", "wb") as f:
        f.write(xls_bytes())
    # A two-row header whose merged cell was saved without its range: text in the first cell only.
    top = ["序号", "登记日期", "来文机关", "文号", "标题", "密级", "份数/份号", None, "存放位置",
           "承办人"]
    sub = [None, None, None, None, None, None, "份数", "份号", None, None]
    row = [1, "2026-03-10", "市保密局", "市保发〔2026〕31号", "合并表头的一行", "秘密", 2, 1,
           "保密室", "李员工"]
    with open(f"{d}/merged.xls", "wb") as f:
        f.write(compound_file(biff8(rename([["收文登记簿"], top, sub, row], NAMES))))
    grp = [["收文登记簿"],
           ["收文", None, "文件", None, None, None, None],
           ["登记日期", "来文机关", "文号", "标题", "密级", "存放位置", "承办人"],
           ["2026-03-11", "省厅", "省发〔2026〕32号", "分组表头的一行", "秘密", "保密室", "李员工"]]
    with open(f"{d}/group.xls", "wb") as f:
        f.write(compound_file(biff8(rename(grp, NAMES))))
    bare = [["登记日期", "来文机关", "文号", "标题", "密级", "份数", None, "存放位置", "承办人"],
            ["2026-03-12", "省厅", "省发〔2026〕33号", "份号丢了列名", "秘密", 2, 1, "保密室",
             "李员工"]]
    with open(f"{d}/nohead.xls", "wb") as f:
        f.write(compound_file(biff8(rename(bare, NAMES))))
    sub_t = [["收文登记簿"],
             ["填报单位：测试单位", None, None, None, None, None, None, "2026年度"],
             ["登记日期", "来文机关", "文号", "标题", "密级", "存放位置", "承办人", None],
             ["2026-03-14", "省厅", "省发〔2026〕34号", "标题行下的一行", "秘密", "保密室",
              "李员工", "备注的内容"]]
    with open(f"{d}/subtitle.xls", "wb") as f:
        f.write(compound_file(biff8(rename(sub_t, NAMES))))
    md = [["登记日期", "标题", "密级", "存放位置", "承办人"],
          ["2026-03-13", "标题跨到密级列", None, "保密室", "李员工"],
          ["2026-03-13", "正常的一行", "秘密", "保密室", "李员工"]]
    with open(f"{d}/mergeddata.xlsx", "wb") as f:
        f.write(xlsx_simple(rename(md, NAMES), ["B2:C2"]))
    with open(f"{d}/mergeddata.xls", "wb") as f:
        f.write(compound_file(biff8(rename(md, NAMES), [(1, 1, 1, 2)])))
    down = [["收文登记簿"],
            ["登记日期", "来文机关", "文号", "标题", "密级", "存放位置", "承办人"],
            ["2026-03-15", "市保密局", "市保发〔2026〕41号", "合并来文机关之一", "秘密", "保密室", "李员工"],
            ["2026-03-15", None, "市保发〔2026〕42号", "合并来文机关之二", None, "保密室", "李员工"],
            ["2026-03-16", None, "市保发〔2026〕43号", "合并来文机关之三", None, "保密室", "李员工"]]
    with open(f"{d}/mergeddown.xls", "wb") as f:
        f.write(compound_file(biff8(rename(down, NAMES), [(2, 4, 1, 1), (2, 4, 4, 4)])))
    with open(f"{d}/badmerge.xls", "wb") as f:
        f.write(compound_file(biff8(rename(down, NAMES), [(2, 4, 1, 1)], count=9)))
    with open(f"{d}/mergeddown.xlsx", "wb") as f:
        f.write(xlsx_simple(rename(down, NAMES), ["B3:B5", "E3:E5"]))


if __name__ == "__main__":
    main()
