#!/usr/bin/env python3
"""tools/store_abi.py — the store table's version follows its shape.

A back end built against another BM_STORE_ABI is refused at open
(store_abi_mismatch, src/store/store.c); that only helps when the number
changes with the table. This script fingerprints the table: the normalised
text (comments dropped, white space collapsed) of `struct bm_store` and of
every `struct bm_*_ops { … }` defined in src/store/store*.h, hashed with
SHA-256, and compares it with src/store/ABI, which records the number and
the fingerprint it was given for:

    abi = 1
    fingerprint = sha256:…

Usage:
  store_abi.py [--src DIR]
      check: exit 0 when src/store/ABI matches BM_STORE_ABI and the table;
      otherwise exit 1 saying what to do.
  store_abi.py [--src DIR] --update
      the one step after changing the table: when the table changed since
      the record and BM_STORE_ABI was not raised, raises it by one in
      src/store/store.h; then writes src/store/ABI. Commit both with the change.

DIR is the source tree's src/ (default: the src/ beside this script's
directory). Standard library only.
"""

import argparse
import hashlib
import os
import re
import sys

ABI_DEFINE = re.compile(r"^(\s*#\s*define\s+BM_STORE_ABI\s+)(\d+)(.*)$", re.M)
TABLE = re.compile(r"\bstruct\s+(bm_store|bm_\w+_ops)\s*\{")
HOW = ("tools/store_abi.py --update (it raises BM_STORE_ABI in src/store/store.h when the "
       "table changed, and records the new fingerprint in src/store/ABI); commit both with "
       "the change (docs/ARCHITECTURE.md, src/store)")


def normalise(text):
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = re.sub(r"\s+", " ", text)
    return re.sub(r"\s*([(){};,*\[\]])\s*", r"\1", text).strip()


def tables(store_dir):
    """[(file name, struct name, normalised body)] of the table definitions."""
    out = []
    for name in sorted(os.listdir(store_dir)):
        if not (name.startswith("store") and name.endswith(".h")):
            continue
        with open(os.path.join(store_dir, name), encoding="utf-8") as f:
            text = f.read()
        for m in TABLE.finditer(text):
            depth, i = 0, m.end() - 1
            while i < len(text):
                if text[i] == "{":
                    depth += 1
                elif text[i] == "}":
                    depth -= 1
                    if depth == 0:
                        break
                i += 1
            out.append((name, m.group(1), normalise(text[m.start():i + 1])))
    return out


def fingerprint(store_dir):
    h = hashlib.sha256()
    for name, struct, body in tables(store_dir):
        h.update(("%s\n%s\n" % (struct, body)).encode("utf-8"))
    return "sha256:" + h.hexdigest()


def read_abi(store_h):
    with open(store_h, encoding="utf-8") as f:
        m = ABI_DEFINE.search(f.read())
    return int(m.group(2)) if m else None


def read_record(path):
    rec = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                line = line.strip()
                if line and not line.startswith("#") and "=" in line:
                    k, _, v = line.partition("=")
                    rec[k.strip()] = v.strip()
    return rec


def write_record(path, abi, fp):
    with open(path, "w", encoding="utf-8") as f:
        f.write("# The store table's version and the fingerprint of its shape (struct bm_store,\n"
                "# struct bm_store_ops in src/store/store.h). Written by\n"
                "# tools/store_abi.py --update; checked by tests/checksrc.sh.\n")
        f.write("abi = %d\nfingerprint = %s\n" % (abi, fp))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                  os.pardir, "src"))
    ap.add_argument("--update", action="store_true")
    a = ap.parse_args(argv)

    store_dir = os.path.join(a.src, "store")
    store_h = os.path.join(store_dir, "store.h")
    record = os.path.join(store_dir, "ABI")
    if not tables(store_dir):
        print("store_abi.py: no struct bm_store_ops in %s/store*.h" % store_dir, file=sys.stderr)
        return 1
    abi = read_abi(store_h)
    if abi is None:
        print("store_abi.py: no '#define BM_STORE_ABI N' in %s" % store_h, file=sys.stderr)
        return 1
    fp = fingerprint(store_dir)
    rec = read_record(record)
    rec_abi = int(rec["abi"]) if rec.get("abi", "").isdigit() else None
    rec_fp = rec.get("fingerprint")

    if a.update:
        new = abi
        if rec_abi is not None and rec_fp != fp and abi <= rec_abi:
            new = rec_abi + 1  # the table changed: a new version
        elif rec_abi is not None and abi < rec_abi:
            new = rec_abi  # never back to a number a table already had
        if new != abi:
            with open(store_h, encoding="utf-8") as f:
                text = f.read()
            text = ABI_DEFINE.sub(lambda m: "%s%d%s" % (m.group(1), new, m.group(3)), text, count=1)
            with open(store_h, "w", encoding="utf-8") as f:
                f.write(text)
            print("store_abi.py: BM_STORE_ABI %d -> %d in %s"
                  % (abi, new, os.path.relpath(store_h)))
            abi = new
        write_record(record, abi, fp)
        print("store_abi.py: %s records abi %d, %s" % (os.path.relpath(record), abi, fp))
        return 0

    if rec_abi is None or not rec_fp:
        print("store_abi.py: %s is missing or unreadable: run %s"
              % (os.path.relpath(record), HOW), file=sys.stderr)
        return 1
    if fp != rec_fp and abi == rec_abi:
        print("store_abi.py: the store's table of operations changed (struct bm_store_ops, "
              "src/store/store*.h) but BM_STORE_ABI is still %d, the version %s records for "
              "the old table: raise BM_STORE_ABI to %d in src/store/store.h by running %s"
              % (abi, os.path.relpath(record), abi + 1, HOW), file=sys.stderr)
        return 1
    if fp != rec_fp or abi != rec_abi:
        print("store_abi.py: %s records abi %d and %s, the tree has BM_STORE_ABI %d and %s: "
              "run %s" % (os.path.relpath(record), rec_abi, rec_fp, abi, fp, HOW),
              file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
