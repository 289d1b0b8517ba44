#!/usr/bin/env python3
"""tools/rule_sources.py — web/static/i18n/rules.json from REGULATIONS.md.

Each rule of the catalogue ends with the regulations it was distilled from
("S0 制度8 八, S2 第二十四条"). A refusal on screen cites the unit's own
保密工作制度 by article (the API's error.article) and keeps the rule ID small;
the ID's tooltip names these sources in words. This script turns the
catalogue's source notes into that data, so no screen types them by hand:

    python3 tools/rule_sources.py /path/to/REGULATIONS.md          # writes
    python3 tools/rule_sources.py --check /path/to/REGULATIONS.md  # compares

Without a path it reads $BAOMI_REGULATIONS. The output is committed (the
catalogue is kept outside the repository).
"""
import json
import os
import re
import sys

OUT = os.path.join(os.path.dirname(__file__), '..', 'web', 'static', 'i18n', 'rules.json')

# The four collections the catalogue cites (REGULATIONS.md, "Sources").
COLLECTIONS = {
    'S0': ('各单位保密工作制度汇编', 'collected unit regulations'),
    'S1': ('党办保密管理制度', 'party-office regulation'),
    'S2': ('教育局保密管理制度', 'education-bureau regulations'),
    'S3': ('保密工作制度范本', 'model regulations'),
}

RULE = re.compile(r'^- \*\*([A-Z]+-\d+)\*\* (.*)$')


def sources(text):
    """The source note after the rule's last [kind] tag: 'S0 制度8 八, 制度13 五.'"""
    m = re.search(r'\]\s*((?:S\d).*?)\.?\s*$', text)
    if not m:
        if '(national marking practice)' in text:
            return [('国家密级标志规范', 'national marking practice')]
        return []
    out, coll = [], None
    for part in re.split(r',\s*(?![^()]*\))', m.group(1)):
        part = part.strip()
        c = re.match(r'(S\d)\b\s*(.*)$', part)
        if c:
            coll, rest = c.group(1), c.group(2)
        else:
            rest = part
        if coll not in COLLECTIONS:
            continue
        zh, en = COLLECTIONS[coll]
        rest = re.sub(r'\s*\([A-Za-z][^)]*\)?', '', rest).strip()
        # "制度8 八" is the eighth regulation of the collection, item 八.
        r = re.match(r'制度(\d+)\s*(.*)$', rest)
        if r:
            item = r.group(2).strip()
            out.append((f'《{zh}》制度{r.group(1)}' + (f'第{item}项' if item and not item.startswith('第') and not item.startswith('(') else item),
                        f'{en}, regulation {r.group(1)}' + (f' item {item}' if item else '')))
        else:
            out.append((f'《{zh}》{rest}', f'{en} {rest}'.strip()))
    # One collection named once: 《…》制度1第八项、制度8第十九/二十项.
    grouped = []
    for zh, en in out:
        head = zh[:zh.index('》') + 1] if zh.startswith('《') else ''
        if grouped and head and grouped[-1][0].startswith(head):
            grouped[-1] = (grouped[-1][0] + '、' + zh[len(head):], grouped[-1][1] + ', ' + en.split(', ', 1)[-1])
        else:
            grouped.append((zh, en))
    return grouped


def build(path):
    rules = {}
    for line in open(path, encoding='utf-8'):
        m = RULE.match(line.rstrip('\n'))
        if not m:
            continue
        src = sources(m.group(2))
        rules[m.group(1)] = {
            'zh': '；'.join(s[0] for s in src) or '本系统规则目录',
            'en': '; '.join(s[1] for s in src) or 'the system\'s catalogue of rules',
        }
    return json.dumps(dict(sorted(rules.items())), ensure_ascii=False, indent=1) + '\n'


def main(argv):
    check = '--check' in argv
    args = [a for a in argv if a != '--check']
    path = args[0] if args else os.environ.get('BAOMI_REGULATIONS')
    if not path:
        print('usage: rule_sources.py [--check] REGULATIONS.md', file=sys.stderr)
        return 2
    text = build(path)
    if check:
        same = open(OUT, encoding='utf-8').read() == text
        print('rules.json is up to date' if same else 'rules.json differs from REGULATIONS.md: run tools/rule_sources.py')
        return 0 if same else 1
    open(OUT, 'w', encoding='utf-8').write(text)
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
