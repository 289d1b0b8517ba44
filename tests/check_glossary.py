#!/usr/bin/env python3
"""tests/check_glossary.py — one term for one thing (issue 14 point 8).

A 保密员 reads the same word for the same thing on every screen, print and
export. This check fails when a Chinese string — of the web UI's dictionary
(web/static/i18n/zh-CN.json), of a view (web/static/**/*.js) or of the C
sources (messages, printed registers, CSV/xlsx headers) — uses a variant the
glossary below replaces:

    python3 tests/check_glossary.py [ROOT]    # exit 1 and one line per hit

The accepted-input tables (an imported register may head a column 来文单位;
an old register may write 急件) list variants on purpose and are exempt by
file, named in EXEMPT with the reason.
"""
import json
import os
import re
import sys

# variant (regular expression) -> the term to use instead
GLOSSARY = [
    (r'丢失', '下落不明 (carrier status, INV-4) / 失泄密 (the incident)'),
    (r'形态', '载体形式'),
    (r'来文单位', '来文机关'),
    (r'缓急', '紧急程度 (GB/T 9704)'),
    (r'(?<![加特])急件', '加急 (GB/T 9704: 特急、加急)'),
    (r'[「」]', '《》 for a title, “” for a name'),
    (r'存放位置', '存放地点'),
    (r'产生机关', '制发机关'),
    (r'全部经历', '流转记录'),
]

# Files that list accepted input variants on purpose.
EXEMPT = {
    'src/import/ledger.c': 'the column headings an imported register may use',
    'src/cli/cmd_import.c': 'the help lists the column headings an import accepts',
    'src/model/vocab.c': 'the aliases a clerk or an old register may type',
    'tests/check_glossary.py': 'this glossary',
}

CJK = re.compile(r'[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]')
C_STRING = re.compile(r'"((?:[^"\\\n]|\\.)*)"')
JS_STRING = re.compile(r"'((?:[^'\\\n]|\\.)*)'|\"((?:[^\"\\\n]|\\.)*)\"|`((?:[^`\\]|\\.)*)`")


def strings_of(path, text):
    """(line, string) for every string literal holding Chinese."""
    if path.endswith('.json'):
        for n, line in enumerate(text.splitlines(), 1):
            m = re.match(r'\s*"([^"]+)":\s*"(.*)",?$', line)
            if m and CJK.search(m.group(2)):
                yield n, m.group(2)
        return
    rx = C_STRING if path.endswith(('.c', '.h')) else JS_STRING
    for n, line in enumerate(text.splitlines(), 1):
        if not CJK.search(line):
            continue
        for m in rx.finditer(line):
            s = next(g for g in m.groups() if g is not None) if m.groups() else m.group(0)
            if CJK.search(s):
                yield n, s


def files(root):
    yield os.path.join('web', 'static', 'i18n', 'zh-CN.json')
    for top, exts in (('web', ('.js', '.html')), ('src', ('.c', '.h'))):
        for d, _, names in os.walk(os.path.join(root, top)):
            for name in sorted(names):
                if name.endswith(exts):
                    yield os.path.relpath(os.path.join(d, name), root)


def check(root):
    hits = []
    for rel in files(root):
        if rel in EXEMPT:
            continue
        path = os.path.join(root, rel)
        if not os.path.exists(path):
            continue
        text = open(path, encoding='utf-8').read()
        for n, s in strings_of(rel, text):
            for variant, use in GLOSSARY:
                m = re.search(variant, s)
                if m:
                    hits.append(f'{rel}:{n}: "{m.group(0)}" — use {use}: {s[:80]}')
    return hits


def main(argv):
    root = argv[0] if argv else os.path.join(os.path.dirname(__file__), '..')
    hits = check(root)
    for h in hits:
        print(h)
    return 1 if hits else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
