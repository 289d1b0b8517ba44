#!/bin/sh
''':'
# Runs itself with /usr/bin/python3 when it exists, else the first python3 on PATH.
if [ -x /usr/bin/python3 ]; then exec /usr/bin/python3 "$0" "$@"; fi
exec python3 "$0" "$@"
'''
HELP = """verify-audit-export.py — checks a `baomi audit export` file without baomi (SYS-3).

Usage:
  scripts/verify-audit-export.py FILE [--checkpoint CP] [--code CODE]
                                 [--expect-last-hash HEX] [--expect-count N]
                                 [--openssl PATH] [--pure-sm3] [--quiet]
  scripts/verify-audit-export.py --selftest

FILE is the JSON-lines export ("-" reads standard input). The chain rule and
the canonical bytes are those of src/audit/audit.h and docs/audit.md:

  canonical(n) = "baomi-audit-v1\\n" + for each of seq, at, actor, action,
                 object, outcome, rule, detail, alg:
                 <byte length in decimal> ":" <UTF-8 bytes> "\\n"
  hash(n)      = lower-hex(SM3(prev_hash(n) as 64 ASCII hex chars + canonical(n)))
  prev_hash(1) = 64 x "0"; prev_hash(n) = hash(n-1); seq runs 1, 2, 3, ...

and event times never go backwards: event n's "at" is not before event n-1's.
An empty file is not intact: a unit's chain starts at its creation.

An intact chain proves that no event inside it was altered, removed, added
or moved. It cannot prove on its own that events were not cut off the end,
nor that the whole chain was not rebuilt: a signed checkpoint does.

  --checkpoint CP  CP is a checkpoint file (DB.checkpoints, or the one a
                   backup carries: every line is checked) or one checkpoint
                   line given as text ('{"checkpoint":"baomi-checkpoint-v1",
                   ...}'). Each is a statement "the chain had COUNT events
                   and event COUNT's hash was LAST_HASH", signed with SM2 by
                   the unit's key (src/audit/checkpoint.h). The export must
                   extend every one: at least COUNT events, and event
                   COUNT's hash equal to LAST_HASH; a later, longer export
                   passes. All lines must carry the same public key.
  --code CODE      the 校验码 the auditor copied into the paper register
                   (XXXX-XXXX-XXXX-XXXX): a checkpoint of CP must have it.
                   The code names a checkpoint (it is taken from the
                   signature); it does not hold the count and the hash, so
                   it needs --checkpoint.
  --openssl PATH   the OpenSSL 3 command that checks the SM2 signatures
                   (default /usr/bin/openssl, else `openssl` on PATH): the
                   statement is checked with `openssl dgst -sm3 -verify ...
                   -sigopt distid:1234567812345678`. Python's standard
                   library has no SM2; without a working OpenSSL the output
                   says plainly that the signatures were not checked: a
                   checkpoint's count and hash altered after signing are
                   then not seen (its 校验码 comes from the signature, which
                   such an edit leaves as it was).

Exit status: 0 intact, 8 broken (the first bad event is named, as by
`baomi audit verify-export`; a checkpoint that is invalid, forged, signed by
another key, or not extended by the export is broken too), 2 usage or I/O
error.

Standard library only. SM3 comes from hashlib (OpenSSL) when it offers it,
otherwise from the pure-Python implementation below (GB/T 32905-2016),
which --selftest checks against the standard's examples (--pure-sm3 forces
it, for a check that does not rely on the local OpenSSL).
"""

import base64
import binascii
import hashlib
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile

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


def verify_lines(lines, sm3, checkpoints=()):
    """Walks the chain against `checkpoints` (parsed, any order); returns (count,
    last_hash, met, anchored) or raises Broken at the first bad event."""
    cps = sorted(checkpoints, key=lambda c: (c["count"], c["line"]))
    next_cp, met, anchored = 0, 0, 0
    prev, prev_at, expected = GENESIS, "", 1
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
        # SYS-3: event times never go backwards (the same comparison as baomi's).
        if seq > 1 and ev["at"].encode("utf-8") < prev_at.encode("utf-8"):
            raise Broken(seq, "event %d's time %s is before the previous event's %s (back-dated)"
                         % (seq, ev["at"][:32], prev_at[:32]))
        # SYS-3: every signed checkpoint that counted seq events names this hash.
        while next_cp < len(cps) and cps[next_cp]["count"] == seq:
            cp = cps[next_cp]
            if cp["last_hash"] != digest:
                raise Broken(seq, "event %d's hash differs from the checkpoint of %s (line %d): "
                             "the chain was rewritten at or before this event (last checkpoint "
                             "that matches: event %d)" % (seq, cp["at"], cp["line"], anchored))
            met, anchored, next_cp = met + 1, seq, next_cp + 1
        prev, prev_at, expected = digest, ev["at"], seq + 1
    count = expected - 1
    if count == 0:
        raise Broken(1, "the export is empty (no event at all): not even the unit's creation")
    if next_cp < len(cps):
        cp = cps[-1]
        raise Broken(count + 1, "the checkpoint of %s (line %d) counts %d events; the export has "
                     "only %d (cut off, or not the chain the checkpoint signed)"
                     % (cp["at"], cp["line"], cp["count"], count))
    return count, prev, met, anchored


# ---- checkpoints (src/audit/checkpoint.h) -------------------------------------

CP_TAG = "baomi-checkpoint-v1"
CP_ALG = "sm2-sm3"
CP_KEYS = ("checkpoint", "unit", "count", "last_hash", "at", "alg", "public_key", "signature")
SM2_ID = "1234567812345678"  # GM/T 0009-2012's default distinguishing ID
_AT = re.compile(r"\A\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z\Z")
_HASH = re.compile(r"\A[0-9a-f]{64}\Z")


class BadCheckpoint(Exception):
    pass


def _b64(text, limit):
    """The bytes of strict base64 `text`, or None."""
    if not text or len(text) % 4 or len(text) >= limit:
        return None
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None


def statement(cp):
    """The signed bytes of a checkpoint: the tag, then unit, count, last_hash,
    at, alg and public_key, each <byte length> ":" <UTF-8 bytes> LF."""
    out = [(CP_TAG + "\n").encode("ascii")]
    for v in (cp["unit"], str(cp["count"]), cp["last_hash"], cp["at"], CP_ALG, cp["public_key"]):
        raw = v.encode("utf-8")
        out.append(str(len(raw)).encode("ascii") + b":" + raw + b"\n")
    return b"".join(out)


def code_of(sig, sm3):
    """The 校验码: the first 80 bits of SM3(signature DER) in RFC 4648 base32, by 4."""
    b32 = base64.b32encode(bytes.fromhex(sm3(sig)[:20])).decode("ascii")
    return "-".join(b32[i:i + 4] for i in range(0, 16, 4))


def parse_checkpoint(raw, line_no, sm3):
    """One checkpoint line (bytes) as a dict with its line, code and signature bytes."""
    def bad(why):
        return BadCheckpoint("checkpoint line %d is invalid: %s" % (line_no, why))
    try:
        cp = json.loads(raw.decode("utf-8"), object_pairs_hook=_no_duplicates)
    except (UnicodeDecodeError, ValueError):
        raise bad("not a JSON object of exactly 8 keys")
    if not isinstance(cp, dict) or set(cp) != set(CP_KEYS):
        raise bad("not a JSON object of exactly 8 keys")
    if cp["checkpoint"] != CP_TAG or cp["alg"] != CP_ALG:
        raise bad("not in the baomi-checkpoint-v1 / sm2-sm3 format")
    texts = ("unit", "last_hash", "at", "public_key", "signature")
    if (any(not isinstance(cp[k], str) or "\0" in cp[k] for k in texts)
            or type(cp["count"]) is not int or cp["count"] < 1
            or len(cp["unit"].encode("utf-8", "replace")) >= 512
            or not _HASH.match(cp["last_hash"]) or not _AT.match(cp["at"])):
        raise bad("a field is missing or malformed")
    cp["der_public_key"] = _b64(cp["public_key"], 256)
    cp["der_signature"] = _b64(cp["signature"], 256)
    if not cp["der_public_key"] or not cp["der_signature"]:
        raise bad("the public key or the signature is not base64 DER")
    cp["line"] = line_no
    cp["code"] = code_of(cp["der_signature"], sm3)
    return cp


def read_checkpoints(arg, sm3):
    """The checkpoints of `arg`: one line given as text, or a file of lines."""
    if arg.lstrip().startswith("{"):
        raws = [arg.strip().encode("utf-8")]
    else:
        with open(arg, "rb") as f:
            raws = f.read().split(b"\n")
        if raws and raws[-1] == b"":
            raws.pop()
    cps = [parse_checkpoint(raw, n, sm3) for n, raw in enumerate(raws, 1)]
    for cp in cps:
        if cp["public_key"] != cps[0]["public_key"]:
            raise BadCheckpoint("checkpoint line %d is signed by another key than line 1"
                                % cp["line"])
    return cps


def code_norm(code):
    return code.replace("-", "").replace(" ", "").upper()


def find_openssl(path):
    if path:
        return path
    if os.access("/usr/bin/openssl", os.X_OK):
        return "/usr/bin/openssl"
    return shutil.which("openssl")


def check_signatures(cps, openssl):
    """SM2 signatures of `cps` with OpenSSL 3. Returns (True, how) when all were
    checked, (False, why) when they could not be; raises BadCheckpoint for a
    signature that does not match its statement."""
    if not cps:
        return True, ""
    if not openssl:
        return False, "no openssl command was found (Python's standard library has no SM2)"
    with tempfile.TemporaryDirectory(prefix="baomi-cp-") as tmp:
        pem = os.path.join(tmp, "pub.pem")
        body = cps[0]["public_key"]
        with open(pem, "w") as f:
            f.write("-----BEGIN PUBLIC KEY-----\n")
            f.write("".join(body[i:i + 64] + "\n" for i in range(0, len(body), 64)))
            f.write("-----END PUBLIC KEY-----\n")
        for cp in cps:
            st, sig = os.path.join(tmp, "st"), os.path.join(tmp, "sig")
            with open(st, "wb") as f:
                f.write(statement(cp))
            with open(sig, "wb") as f:
                f.write(cp["der_signature"])
            try:
                r = subprocess.run([openssl, "dgst", "-sm3", "-verify", pem, "-sigopt",
                                    "distid:" + SM2_ID, "-signature", sig, st],
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            except OSError as e:
                return False, "%s cannot be run: %s" % (openssl, e.strerror)
            out = r.stdout.decode("utf-8", "replace")
            if r.returncode == 0 and "Verified OK" in out:
                continue
            if "Verification failure" in out:
                raise BadCheckpoint("checkpoint line %d is invalid: the signature does not match "
                                    "(the checkpoint is forged or altered)" % cp["line"])
            err = (r.stderr.decode("utf-8", "replace").strip().splitlines() or ["?"])[0]
            return False, "%s could not check an SM2 signature: %s" % (openssl, err[:200])
        try:
            v = subprocess.run([openssl, "version"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL).stdout.decode("utf-8", "replace")
            v = v.split(" (Library")[0].strip()
        except OSError:
            v = ""
    return True, "%s (%s)" % (openssl, v or "OpenSSL")


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


USAGE = ("usage: verify-audit-export.py FILE [--checkpoint CP] [--code CODE]"
         " [--expect-last-hash HEX] [--expect-count N] [--openssl PATH] [--pure-sm3]"
         " [--quiet] | --selftest\n")


def main(argv):
    args = list(argv[1:])
    expect_hash = expect_count = checkpoint = code = openssl = None
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
            elif a == "--checkpoint":
                checkpoint = args.pop(0)
            elif a == "--code":
                code = args.pop(0)
            elif a == "--openssl":
                openssl = args.pop(0)
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
        sys.stderr.write(USAGE)
        return EXIT_USAGE
    if code is not None and checkpoint is None:
        sys.stderr.write("error: --code needs --checkpoint FILE: a 校验码 names a checkpoint"
                         " but does not hold its count and hash\n")
        return EXIT_USAGE

    sm3, impl = (sm3_pure, "pure-python") if pure else pick_sm3()
    cps, sig_note, by_code = [], None, None
    if checkpoint is not None:
        try:
            cps = read_checkpoints(checkpoint, sm3)
            if code is not None:
                by_code = [c for c in cps if code_norm(c["code"]) == code_norm(code)]
                if not by_code:
                    raise BadCheckpoint("no checkpoint given has the code %s (removed, or the"
                                        " file was replaced)" % code[:32])
            signed, how = check_signatures(cps, find_openssl(openssl))
        except OSError as e:
            sys.stderr.write("error: cannot read '%s': %s\n" % (checkpoint, e.strerror))
            return EXIT_USAGE
        except BadCheckpoint as e:
            print("检查点无效 / checkpoint refused: %s" % e)
            return EXIT_BROKEN
        if not cps:
            print("检查点无效 / checkpoint refused: '%s' holds no checkpoint" % checkpoint)
            return EXIT_BROKEN
        if signed:
            sig_note = "SM2 签名已核验 / SM2 signatures checked: %s" % how
        else:
            sig_note = ("注意：未离线核验 SM2 签名，检查点的事件数和哈希可能被改动 / note: the SM2"
                        " signatures were NOT checked off-line: %s. The checkpoints' counts and"
                        " hashes were taken as they stand: one altered after signing is not seen"
                        " (its 校验码, taken from the signature, does not change either); check"
                        " the checkpoints with `baomi audit verify-export` or OpenSSL 3" % how)
    try:
        lines = read_lines(path)
    except OSError as e:
        sys.stderr.write("error: cannot read '%s': %s\n" % (path, e.strerror))
        return EXIT_USAGE
    if sig_note and not signed:
        print(sig_note)
    try:
        count, last, met, anchored = verify_lines(lines, sm3, cps)
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
              % (last, expect_hash))
        return EXIT_BROKEN
    if not quiet:
        print("审计链完整：%d 条事件 / audit chain intact: %d events" % (count, count))
        print("末条哈希 / last hash (sm3): %s" % last)
        if cps:
            print("已对照 %d 个签名检查点，锚定至第 %d 条 / checked against %d signed checkpoints,"
                  " up to event %d" % (met, anchored, met, anchored))
            if by_code:
                c = by_code[0]
                print("校验码 %s 对应 %s 的检查点，%d 条事件 / code %s matches the checkpoint of"
                      " %s, %d events" % (c["code"], c["at"], c["count"], c["code"], c["at"],
                                          c["count"]))
            if signed:
                print(sig_note)
        else:
            print("注意：未给检查点，无法证明末尾未被截去 / note: no checkpoint given; the end of"
                  " the chain is not anchored (--checkpoint)")
        print("SM3: %s" % impl)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
