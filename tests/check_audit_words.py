#!/usr/bin/env python3
"""check_audit_words.py [ROOT] — every audit action the sources write is in the one
catalogue of audit actions (src/model/audit_words.c, issue 14 point 12), so that the
audit screen, its export and the CLI show it in words and know whether it is a read;
and every object type an event names ("<type>:%...", in src/service, src/http and
src/audit) is one of its nouns, so no object reads as a raw key either.

An action is a string literal "<object>.<verb>" whose object is one of the chain's
object types, in src/service, src/http, src/cli and src/audit, or "login"/"logout".
Actions made at run time ("%s.import") are listed in the catalogue by hand.
Exits 1 naming the actions missing.
"""
import glob
import os
import re
import sys

OBJECTS = set(
    "account alert alerts audit carrier count custody demo department desk device dispatch "
    "duty incident inspection letter login meeting merit password people person place policy "
    "publication rectification register report request selfcheck session site system "
    "training unit volume".split())
# Literals of that shape that are not actions: a report's figure key, the
# responsibility system's history lines (duty_event.action, ORG-1).
NOT_ACTIONS = {"people.cleared", "department.set"}


def main(root):
    cat_all = open(os.path.join(root, "src/model/audit_words.c"), encoding="utf-8").read()
    cat = cat_all[cat_all.index("bm_audit_actions[] = {"):]
    cat = cat[:cat.index("\n};")]
    known = set(re.findall(r'^\s*\{"([a-z_.]+)", "', cat, re.M))
    seen = {}
    for d in ("src/service", "src/http", "src/cli", "src/audit"):
        for f in glob.glob(os.path.join(root, d, "*.c")):
            for m in re.finditer(r'"([a-z_]+)\.([a-z_]+)"', open(f, encoding="utf-8").read()):
                if m.group(1) in OBJECTS:
                    seen.setdefault(m.group(0)[1:-1], os.path.relpath(f, root))
    missing = sorted(a for a in seen if a not in known and a not in NOT_ACTIONS)
    codes = re.findall(r'^\s*\{"([a-z_.]+)", "', cat, re.M)
    if codes != sorted(codes, key=lambda s: s.encode()):
        print("src/model/audit_words.c: the catalogue is not sorted by code (bsearch)")
        return 1
    for a in missing:
        print(f"{seen[a]}: audit action {a} is not in src/model/audit_words.c")
    nouns = cat_all[cat_all.index("nouns[] = {"):]
    nouns = set(re.findall(r'^\s*\{"([a-z_]+)", "', nouns[:nouns.index("\n};")], re.M))
    bad = 0
    for d in ("src/service", "src/http", "src/audit"):
        for f in sorted(glob.glob(os.path.join(root, d, "*.c"))):
            for t in sorted(set(re.findall(r'"([a-z_]+):%', open(f, encoding="utf-8").read()))):
                if t not in nouns:
                    print(f"{os.path.relpath(f, root)}: audit object type {t} is not a noun of src/model/audit_words.c")
                    bad = 1
    return 1 if missing or bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "."))
