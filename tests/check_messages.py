#!/usr/bin/env python3
"""tests/check_messages.py — every zh/en message pair written in src/ is bilingual.

Walks the C sources for the places a message pair is written and checks each
string literal found there: the English text holds no CJK character (a Chinese
word left in, or the zh format pasted into the en slot), the Chinese text is
not empty. The places:

  bm_error_set(klass, code, rule, ZH, EN, ...)
  bm_error_set_msg(klass, code, rule, ZH, EN)
  ZH(d, ...) / EN(d, ...)                 the policy's decision reasons (rules.c)
  snprintf(EN_BUF, size, EN, ...)         where EN_BUF is named en, msg_en or *_en
  snprintf(ZH_BUF, size, ZH, ...)         where ZH_BUF is named zh, msg_zh or *_zh

An argument that is not a string literal (a variable, a ternary) is not
checked here: the literals it is built from are, where they are formatted.
Exits 1 and names file:line of each offence; prints how many were checked,
and fails if none were (the walk itself broke).
Usage: python3 tests/check_messages.py [SRC_DIR]
"""
import os
import re
import sys

CJK = re.compile(
    "[\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3100-\u312f\u31c0-\u31ef"
    "\u3200-\u33ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f"
    "\uff00-\uffef\U00020000-\U0003134f]"
)

# The calls and which of their arguments (0-based) are the zh and en texts.
CALLS = {
    "bm_error_set": (3, 4),
    "bm_error_set_msg": (3, 4),
    "ZH": (1, None),
    "EN": (None, 1),
}
EN_BUF = re.compile(r"^(en|msg_en|\w+_en)$")
ZH_BUF = re.compile(r"^(zh|msg_zh|\w+_zh)$")
CALL = re.compile(r"\b(bm_error_set_msg|bm_error_set|ZH|EN|snprintf)\s*\(")


def strip_comments(text):
    """Blanks out comments, keeping strings, newlines and offsets."""
    out = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            out.append(text[i : j + 1])
            i = j + 1
        elif text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
        elif text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        else:
            out.append(c)
            i += 1
    return "".join(out)


def split_args(text, start):
    """The top-level arguments of the call whose '(' is at text[start - 1]."""
    args, depth, i, begin = [], 0, start, start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            j = i + 1
            while j < len(text) and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            i = j + 1
            continue
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                args.append(text[begin:i].strip())
                return args
            depth -= 1
        elif c == "," and depth == 0:
            args.append(text[begin:i].strip())
            begin = i + 1
        i += 1
    return None


LITERAL = re.compile(r'^(\s*"(?:[^"\\]|\\.)*"\s*)+$', re.S)
PIECE = re.compile(r'"((?:[^"\\]|\\.)*)"', re.S)


def literal(arg):
    """The text of an argument made only of string literals, else None."""
    if arg is None or not LITERAL.match(arg):
        return None
    return "".join(PIECE.findall(arg))


def check_file(path, offences):
    with open(path, encoding="utf-8") as f:
        text = strip_comments(f.read())
    checked = 0
    for m in CALL.finditer(text):
        name = m.group(1)
        args = split_args(text, m.end())
        if not args:
            continue
        if name == "snprintf":
            if len(args) < 3:
                continue
            zh_i, en_i = (2, None) if ZH_BUF.match(args[0]) else (None, 2)
            if zh_i is None and not EN_BUF.match(args[0]):
                continue
        else:
            zh_i, en_i = CALLS[name]
        line = text.count("\n", 0, m.start()) + 1
        where = f"{path}:{line}: {name}"
        if zh_i is not None and zh_i < len(args):
            zh = literal(args[zh_i])
            if zh is not None:
                checked += 1
                if not zh.strip():
                    offences.append(f"{where}: the Chinese message is empty")
        if en_i is not None and en_i < len(args):
            en = literal(args[en_i])
            if en is not None:
                checked += 1
                if not en.strip():
                    offences.append(f"{where}: the English message is empty")
                hit = CJK.search(en)
                if hit:
                    offences.append(f"{where}: the English message holds '{hit.group(0)}': \"{en}\"")
    return checked


def main():
    root = sys.argv[1] if len(sys.argv) > 1 else "src"
    offences, checked = [], 0
    for d, _, files in sorted(os.walk(root)):
        for f in sorted(files):
            if f.endswith((".c", ".h")):
                checked += check_file(os.path.join(d, f), offences)
    for o in offences:
        print(o)
    print(f"{checked} message literals checked, {len(offences)} offences")
    if checked == 0:
        print("no message literal found: the walk is broken")
        return 1
    return 1 if offences else 0


if __name__ == "__main__":
    sys.exit(main())
