#!/usr/bin/env python3
"""check_migrations.py [ROOT] — each schema migration is defined once and listed once, in order.

Twice a merge of two branches that both took the next number left two
`migration_45` arrays in the tree, and only the compiler's luck told. This
checks, under ROOT (default: the current directory):
  - every `static const char *const migration_N[]` in src/store/sqlite_schema*.h
    is defined exactly once, and the numbers defined are 1..N without a gap;
  - the list `sqlite_migrations[]` in src/store/sqlite_schema.h names
    migration_1 .. migration_N, each once, in that order, and nothing else;
  - the PostgreSQL migrations src/store/pg_schema_N.sql are numbered 1..N
    without a gap (a file name is unique, so a number once at most).
Exits 1 naming each problem.
"""
import glob
import os
import re
import sys

DEFINE = re.compile(r"^\s*static\s+const\s+char\s*\*\s*const\s+migration_(\d+)\s*\[\s*\]", re.M)


def check(root):
    problems = []
    defined = {}
    for path in sorted(glob.glob(os.path.join(root, "src/store/sqlite_schema*.h"))):
        text = open(path, encoding="utf-8").read()
        for m in DEFINE.finditer(text):
            line = text.count("\n", 0, m.start()) + 1
            defined.setdefault(int(m.group(1)), []).append(
                "%s:%d" % (os.path.relpath(path, root), line))
    for num, where in sorted(defined.items()):
        if len(where) > 1:
            problems.append("migration_%d defined %d times: %s" % (num, len(where), ", ".join(where)))
    if not defined:
        problems.append("no migration_N array in src/store/sqlite_schema*.h")
    else:
        gaps = sorted(set(range(1, max(defined) + 1)) - set(defined))
        if gaps:
            problems.append("SQLite migrations not defined: %s" % ", ".join(map(str, gaps)))

    schema = os.path.join(root, "src/store/sqlite_schema.h")
    text = open(schema, encoding="utf-8").read()
    m = re.search(r"sqlite_migrations\[\]\s*=\s*\{(.*?)\};", text, re.S)
    if not m:
        problems.append("src/store/sqlite_schema.h: no sqlite_migrations[] list")
    else:
        listed = [s.strip() for s in m.group(1).split(",") if s.strip()]
        want = ["migration_%d" % i for i in range(1, max(defined or {0: 0}) + 1)]
        if listed != want:
            for i, name in enumerate(listed):
                if i >= len(want) or name != want[i]:
                    problems.append("sqlite_migrations[] names %s at position %d, not %s"
                                    % (name, i + 1, want[i] if i < len(want) else "nothing"))
                    break
            else:
                problems.append("sqlite_migrations[] ends at %s, before %s"
                                % (listed[-1] if listed else "nothing", want[len(listed)]))

    pg = []
    for path in glob.glob(os.path.join(root, "src/store/pg_schema_*.sql")):
        name = os.path.basename(path)
        m = re.fullmatch(r"pg_schema_(\d+)\.sql", name)
        if not m or m.group(1) != str(int(m.group(1))):
            problems.append("src/store/%s: not named pg_schema_N.sql" % name)
            continue
        pg.append(int(m.group(1)))
    gaps = sorted(set(range(1, max(pg or [0]) + 1)) - set(pg))
    if gaps:
        problems.append("PostgreSQL migrations missing: %s"
                        % ", ".join("pg_schema_%d.sql" % g for g in gaps))
    return problems


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "."
    problems = check(root)
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
