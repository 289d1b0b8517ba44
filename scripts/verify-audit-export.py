#!/bin/sh
''':'
# Runs itself with /usr/bin/python3 when it exists, else the first python3 on PATH.
if [ -x /usr/bin/python3 ]; then exec /usr/bin/python3 "$0" "$@"; fi
exec python3 "$0" "$@"
'''
HELP = """verify-audit-export.py — checks a `baomi audit export` file without baomi (SYS-3).

Usage:
  scripts/verify-audit-export.py FILE [--expect-last-hash HEX] [--expect-count N]
                                 [--pure-sm3] [--quiet]
  scripts/verify-audit-export.py --selftest

FILE is the JSON-lines export ("-" reads standard input). The chain rule and
the canonical bytes are those of src/audit/audit.h and docs/audit.md:

  canonical(n) = "baomi-audit-v1\\n" + for each of seq, at, actor, action,
                 object, outcome, rule, detail, alg:
                 <byte length in decimal> ":" <UTF-8 bytes> "\\n"
  hash(n)      = lower-hex(SM3(prev_hash(n) as 64 ASCII hex chars + canonical(n)))
  prev_hash(1) = 64 x "0"; prev_hash(n) = hash(n-1); seq runs 1, 2, 3, ...

An intact chain proves that no event inside it was altered, removed, added
or moved. It cannot prove that events were not cut off the end: pass the
last hash (or the count) recorded from an earlier check with
--expect-last-hash / --expect-count for that.

Exit status: 0 intact, 8 broken (the first bad event is named, as by
`baomi audit verify-export`), 2 usage or I/O error.

Standard library only. SM3 comes from hashlib (OpenSSL) when it offers it,
otherwise from the pure-Python implementation below (GB/T 32905-2016),
which --selftest checks against the standard's examples (--pure-sm3 forces
it, for a check that does not rely on the local OpenSSL).
"""

import hashlib
import json
import struct
import sys

FORMAT_TAG = b"baomi-audit-v1\n"
GENESIS = "0" * 64
TEXT_FIELDS = ("at", "actor", "action", "object", "outcome", "rule", "detail", "alg")
KEYS = ("seq",) + TEXT_FIELDS + ("prev_hash", "hash")
EXIT_BROKEN = 8
EXIT_USAGE = 2

# ---- SM3 -------------------------------------------------------------------

_M = 0xFFFFFFFF
_IV = (0x7380166F, 0x4914B2B9, 0x172442D7, 0xDA8A0600,
       0xA96F30BC, 0x163138AA, 0xE38DEE4D, 0xB0FB0E4E)


def _rotl(x, n):
    n %= 32
    return ((x << n) | (x >> (32 - n))) & _M


def _p0(x):
    return x ^ _rotl(x, 9) ^ _rotl(x, 17)


def _p1(x):
    return x ^ _rotl(x, 15) ^ _rotl(x, 23)


def _compress(v, block):
    w = list(struct.unpack(">16I", block))
    for j in range(16, 68):
        w.append(_p1(w[j - 16] ^ w[j - 9] ^ _rotl(w[j - 3], 15)) ^ _rotl(w[j - 13], 7) ^ w[j - 6])
    w1 = [w[j] ^ w[j + 4] for j in range(64)]
    a, b, c, d, e, f, g, h = v
    for j in range(64):
        t = 0x79CC4519 if j < 16 else 0x7A879D8A
        ss1 = _rotl((_rotl(a, 12) + e + _rotl(t, j)) & _M, 7)
        ss2 = ss1 ^ _rotl(a, 12)
        if j < 16:
            ff, gg = a ^ b ^ c, e ^ f ^ g
        else:
            ff, gg = (a & b) | (a & c) | (b & c), (e & f) | (~e & g)
        tt1 = (ff + d + ss2 + w1[j]) & _M
        tt2 = (gg + h + ss1 + w[j]) & _M
        d, c, b, a = c, _rotl(b, 9), a, tt1
        h, g, f, e = g, _rotl(f, 19), e, _p0(tt2)
    return tuple(x ^ y for x, y in zip(v, (a, b, c, d, e, f, g, h)))


def sm3_pure(data):
    """SM3 digest of `data` (bytes) as lower-case hex, in plain Python."""
    bits = len(data) * 8
    data = data + b"\x80" + b"\x00" * ((55 - len(data)) % 64) + struct.pack(">Q", bits)
    v = _IV
    for i in range(0, len(data), 64):
        v = _compress(v, data[i:i + 64])
    return "".join("%08x" % x for x in v)


def _sm3_hashlib(data):
    return hashlib.new("sm3", data).hexdigest()


def pick_sm3():
    """hashlib's SM3 when this Python's OpenSSL has it, else the pure-Python one."""
    try:
        if _sm3_hashlib(b"abc") == SM3_VECTORS[0][1]:
            return _sm3_hashlib, "hashlib"
    except ValueError:
        pass
    return sm3_pure, "pure-python"


# GB/T 32905-2016, appendix A.
SM3_VECTORS = (
    (b"abc", "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"),
    (b"abcd" * 16, "debe9ff92275b8a138604889c18e5a4d6fdb70e5387e5765293dcba39c0c5732"),
)

# ---- the chain -------------------------------------------------------------


class Broken(Exception):
    def __init__(self, seq, reason):
        super().__init__(reason)
        self.seq = seq
        self.reason = reason


def canonical(seq, ev):
    """The canonical bytes of one event (docs/audit.md, table 1)."""
    out = [FORMAT_TAG]
    for value in [str(seq)] + [ev[k] for k in TEXT_FIELDS]:
        raw = value.encode("utf-8")
        out.append(str(len(raw)).encode("ascii") + b":" + raw + b"\n")
    return b"".join(out)


def _no_duplicates(pairs):
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        raise ValueError("duplicate key")
    return dict(pairs)


def parse_line(raw, line_no, expected):
    try:
        ev = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError):
        raise Broken(expected, "line %d is not a JSON object" % line_no)
    if not isinstance(ev, dict):
        raise Broken(expected, "line %d is not a JSON object" % line_no)
    ok = set(ev) == set(KEYS) and type(ev["seq"]) is int
    for k in KEYS[1:]:
        v = ev.get(k)
        if not isinstance(v, str) or "\0" in v:
            ok = False
            break
        try:
            v.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate such as "\ud800"
            ok = False
            break
    if not ok:
        raise Broken(expected, "line %d does not hold exactly the keys seq (integer)"
                     " and 10 text fields" % line_no)
    return ev


def verify_lines(lines, sm3):
    """Walks the chain; returns (count, last_hash) or raises Broken at the first bad event."""
    prev, expected = GENESIS, 1
    for line_no, raw in enumerate(lines, 1):
        ev = parse_line(raw, line_no, expected)
        seq = ev["seq"]
        if seq > expected:
            raise Broken(expected, "event %d is missing (the next stored event is %d)"
                         % (expected, seq))
        if seq < expected:
            raise Broken(expected, "expected event %d, found event %d (out of order or duplicated)"
                         % (expected, seq))
        if ev["alg"] != "sm3":
            raise Broken(seq, "event %d names an unknown hash algorithm '%s'" % (seq, ev["alg"][:32]))
        if ev["prev_hash"] != prev:
            if seq == 1:
                raise Broken(1, "event 1's prev_hash is not the genesis value (64 zeros)")
            raise Broken(seq, "event %d's prev_hash does not match the hash of event %d"
                         % (seq, seq - 1))
        digest = sm3(prev.encode("ascii") + canonical(seq, ev))
        if digest != ev["hash"]:
            raise Broken(seq, "event %d's contents do not match its hash (altered)" % seq)
        prev, expected = digest, seq + 1
    return expected - 1, (prev if expected > 1 else "")


def read_lines(path):
    if path == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(path, "rb") as f:
            data = f.read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the newline that ends the last line
    return lines


def selftest():
    failures = 0
    impls = [("pure-python", sm3_pure)]
    try:
        _sm3_hashlib(b"")
        impls.append(("hashlib", _sm3_hashlib))
    except ValueError:
        print("note: hashlib has no sm3 here; the pure-Python SM3 will be used")
    for name, fn in impls:
        for data, want in SM3_VECTORS:
            got = fn(data)
            status = "ok" if got == want else "FAILED"
            failures += got != want
            print("%s sm3(%r...) %s" % (name, data[:8], status))
    ev = {"at": "2026-01-01T00:00:00Z", "actor": "-", "action": "login", "object": "",
          "outcome": "failed", "rule": "SYS-4", "detail": "{}", "alg": "sm3"}
    want_canon = (b"baomi-audit-v1\n1:1\n20:2026-01-01T00:00:00Z\n1:-\n5:login\n0:\n"
                  b"6:failed\n5:SYS-4\n2:{}\n3:sm3\n")
    got_canon = canonical(1, ev)
    failures += got_canon != want_canon
    print("canonical bytes of the docs/audit.md example %s"
          % ("ok" if got_canon == want_canon else "FAILED"))
    want_hash = "53f9657bc23709085d90f5b5ac99202e61ee547670ec25e06a14c55af6a0ca9d"
    for name, fn in impls:
        got_hash = fn(GENESIS.encode("ascii") + got_canon)
        failures += got_hash != want_hash
        print("%s hash of the docs/audit.md example %s"
              % (name, "ok" if got_hash == want_hash else "FAILED: " + got_hash))
    return 1 if failures else 0


def main(argv):
    args = list(argv[1:])
    expect_hash = expect_count = None
    quiet = pure = False
    path = None
    try:
        while args:
            a = args.pop(0)
            if a == "--selftest":
                return selftest()
            if a == "--expect-last-hash":
                expect_hash = args.pop(0).lower()
            elif a == "--expect-count":
                expect_count = int(args.pop(0))
            elif a == "--quiet":
                quiet = True
            elif a == "--pure-sm3":
                pure = True
            elif a in ("-h", "--help"):
                print(HELP)
                return 0
            elif path is None and (a == "-" or not a.startswith("-")):
                path = a
            else:
                raise ValueError(a)
    except (IndexError, ValueError):
        path = None
    if path is None:
        sys.stderr.write("usage: verify-audit-export.py FILE [--expect-last-hash HEX]"
                         " [--expect-count N] [--pure-sm3] [--quiet] | --selftest\n")
        return EXIT_USAGE

    sm3, impl = (sm3_pure, "pure-python") if pure else pick_sm3()
    try:
        lines = read_lines(path)
    except OSError as e:
        sys.stderr.write("error: cannot read '%s': %s\n" % (path, e.strerror))
        return EXIT_USAGE
    try:
        count, last = verify_lines(lines, sm3)
    except Broken as b:
        print("审计链被破坏：首个异常事件为第 %d 条 / audit chain broken at event %d: %s"
              % (b.seq, b.seq, b.reason))
        return EXIT_BROKEN
    if expect_count is not None and count != expect_count:
        print("事件数不符 / count mismatch: the export holds %d events, expected %d"
              % (count, expect_count))
        return EXIT_BROKEN
    if expect_hash is not None and last != expect_hash:
        print("末条哈希不符 / last hash mismatch: the export ends with %s, expected %s"
              % (last or "(empty)", expect_hash))
        return EXIT_BROKEN
    if not quiet:
        print("审计链完整：%d 条事件 / audit chain intact: %d events" % (count, count))
        if count:
            print("末条哈希 / last hash (sm3): %s" % last)
        print("SM3: %s" % impl)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
