#!/usr/bin/env python3
"""xlsx_dump.py FILE — what an .xlsx export holds, as JSON, for the tests (issue 15).

Opens the workbook with the standard library only (zipfile, xml.etree) and prints
{"sheet": name, "rows": [[cell text, ...], ...], "merged": [...], "freeze": {...},
 "landscape": bool, "paper": n, "fit_width": n, "print_titles": text,
 "widths": [...], "footer": text}. Exits 2 when the file is not a workbook.
"""
import json
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + (ord(ch) - 64)
    return n - 1


def main(path):
    try:
        z = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError) as e:
        print(f"not a workbook: {e}", file=sys.stderr)
        return 2
    strings = []
    if "xl/sharedStrings.xml" in z.namelist():
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            strings.append("".join(t.text or "" for t in si.iter(f"{{{NS['m']}}}t")))
    wb = ET.fromstring(z.read("xl/workbook.xml"))
    sheet = wb.find("m:sheets/m:sheet", NS).get("name")
    titles = ""
    for dn in wb.findall("m:definedNames/m:definedName", NS):
        if dn.get("name") == "_xlnm.Print_Titles":
            titles = dn.text or ""
    ws = ET.fromstring(z.read("xl/worksheets/sheet1.xml"))
    rows = []
    for row in ws.findall("m:sheetData/m:row", NS):
        r = int(row.get("r")) - 1
        while len(rows) <= r:
            rows.append([])
        for c in row.findall("m:c", NS):
            i = col_index(c.get("r"))
            v = c.find("m:v", NS)
            text = ""
            if c.get("t") == "s" and v is not None:
                text = strings[int(v.text)]
            elif c.get("t") == "inlineStr":
                text = "".join(t.text or "" for t in c.iter(f"{{{NS['m']}}}t"))
            elif v is not None:
                text = v.text or ""
            while len(rows[r]) <= i:
                rows[r].append("")
            rows[r][i] = text
    pane = ws.find("m:sheetViews/m:sheetView/m:pane", NS)
    setup = ws.find("m:pageSetup", NS)
    fit = ws.find("m:sheetPr/m:pageSetUpPr", NS)
    footer = ws.find("m:headerFooter/m:oddFooter", NS)
    out = {
        "sheet": sheet,
        "rows": rows,
        "merged": [m.get("ref") for m in ws.findall("m:mergeCells/m:mergeCell", NS)],
        "freeze": None if pane is None else {
            "ySplit": pane.get("ySplit"), "xSplit": pane.get("xSplit"),
            "state": pane.get("state"), "topLeftCell": pane.get("topLeftCell")},
        "landscape": setup is not None and setup.get("orientation") == "landscape",
        "paper": None if setup is None else setup.get("paperSize"),
        # fitToWidth 1 is the default and left out; fitToHeight 0: as many pages as it takes
        "fit_width": None if setup is None else setup.get("fitToWidth", "1"),
        "fit_height": None if setup is None else setup.get("fitToHeight", "1"),
        "fit_to_page": fit is not None and fit.get("fitToPage") == "1",
        "print_titles": titles,
        "widths": [float(c.get("width")) for c in ws.findall("m:cols/m:col", NS)],
        "footer": None if footer is None else footer.text,
    }
    json.dump(out, sys.stdout, ensure_ascii=False, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
