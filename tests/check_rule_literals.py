#!/usr/bin/env python3
"""tests/check_rule_literals.py — rule IDs are decided in src/policy only (issue 16 point 1).

Prints FILE:LINE: "RULE-N" for every string literal in the given C files
that is exactly a rule ID of REGULATIONS.md ("SEND-2", "SYS-4"), outside
comments, and exits 1 when there is one. Comments, character constants and
the text inside longer strings do not count.

Usage: check_rule_literals.py FILE...      (standard library only)
"""

import re
import sys

RULE = re.compile(r'^[A-Z]+-[0-9]+$')


def literals(text):
    """Yields (line, string) for each string literal of C source `text`."""
    i, line, n = 0, 1, len(text)
    while i < n:
        c = text[i]
        if c == '\n':
            line += 1
            i += 1
        elif text.startswith('//', i):
            while i < n and text[i] != '\n':
                i += 1
        elif text.startswith('/*', i):
            end = text.find('*/', i + 2)
            end = n if end < 0 else end + 2
            line += text.count('\n', i, end)
            i = end
        elif c in '"\'':
            j, buf = i + 1, []
            while j < n and text[j] != c:
                if text[j] == '\\':
                    buf.append(text[j:j + 2])
                    j += 2
                    continue
                buf.append(text[j])
                j += 1
            if c == '"':
                yield line, ''.join(buf)
            i = j + 1
        else:
            i += 1


def main(paths):
    found = 0
    for path in paths:
        with open(path, encoding='utf-8') as f:
            text = f.read()
        for line, s in literals(text):
            if RULE.match(s):
                print('%s:%d: "%s"' % (path, line, s))
                found += 1
    return 1 if found else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
