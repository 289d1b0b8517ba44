#!/usr/bin/env python3
"""tools/layers.py — the build's check that a layer includes only the layers it may use.

Every directory under src/ is a layer (util, model, policy, store, audit,
service, http, cli). Its meson.build builds it as one static library and runs
this script first, with the layers that library is declared to use; a file
that includes a header of any other layer fails the build:

    src/store/x.c:12: includes "policy/rules.h": store may not use policy
    (store may use util, model)

A layer always may include its own headers, "common.h" (which brings only
util/alloc.h and util/error.h) and generated headers at the top of the build
directory ("bm_version.h"). An include whose first path element names no
layer is not checked.

The check follows includes through headers too: a file whose includes reach
a header of a layer it may not use, through a header it may include, fails
the same way, naming the chain:

    src/http/h_org.c:10: includes "http/http_int.h" -> "service/service.h"
    -> "store/store.h": http may not use store, not even through another
    header (http may use util, model, service)

so that a front end cannot see the store by way of a service header.

Usage:
  layers.py --src DIR --layer NAME --uses a,b [--except FILE=a,b ...]
            [--via HEADER=a,b ...] [--stamp OUT]
      check every .c and .h file under DIR/NAME and the headers their
      includes reach; FILE is relative to DIR (cli/cmd_audit.c) and may use
      the extra layers listed after '='; includes that pass through HEADER
      (service/service.h) may reach the layers listed after '=' beyond it
      (the file itself still may not include them).
  layers.py --acyclic LIB.a [--prefix bm_] [--stamp OUT]
      read the archive's symbol tables (nm) and fail when its files call each
      other in a cycle, naming the cycle and the functions on each edge; with
      --prefix, also when a function or global it defines for other files
      lacks the prefix (everything else is static, CONVENTIONS.md).
  layers.py --no-calls LIB.a --into A.a,B.a [--stamp OUT]
      read the symbol tables (nm) and fail when a member of LIB.a calls or
      reads a symbol that A.a or B.a defines, naming member and symbol: the
      front ends link no store, policy or audit function, whatever headers
      they see.
  layers.py --list DIR
      print the .c and .h files under DIR and every header of the tree
      their includes reach, one a line (meson's inputs, so that an edited
      include, here or in a header reached, re-runs the check).

Standard library only: the python3 of the build machine is enough.
"""

import argparse
import os
import re
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s*"([^"]+)"')


def sources(top):
    out = []
    for root, dirs, files in os.walk(top):
        dirs.sort()
        for name in sorted(files):
            if name.endswith((".c", ".h")):
                out.append(os.path.join(root, name))
    return out


def layers_of(src):
    return {d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d))}


def includes_of(path):
    """[(line number, target)] of the `#include "…"` lines of `path`."""
    out = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for lineno, line in enumerate(f, 1):
            m = INCLUDE.match(line)
            if m:
                out.append((lineno, m.group(1)))
    return out


def resolve(src, target):
    """The file `target` names under `src` ("store/store.h", "common.h"), or None
    (a generated header, a system header quoted)."""
    path = os.path.join(src, target)
    return path if os.path.isfile(path) else None


def reached(src, path, cache):
    """{header target: chain} for every header of the tree that `path`'s
    includes reach through other headers (not the direct includes), each with
    the shortest chain of targets from a direct include to it."""
    if path in cache:
        return cache[path]
    chains, queue = {}, []
    for _, target in includes_of(path):
        if target not in chains:
            chains[target] = [target]
            queue.append(target)
    direct = set(chains)
    while queue:
        target = queue.pop(0)
        header = resolve(src, target)
        if not header:
            continue
        for _, nxt in includes_of(header):
            if nxt not in chains:
                chains[nxt] = chains[target] + [nxt]
                queue.append(nxt)
    cache[path] = {t: c for t, c in chains.items() if t not in direct}
    return cache[path]


def closure_problems(src, layer, uses, allowed, via, known, path, rel, cache):
    """Messages for the headers of forbidden layers that `path` reaches through
    another header: one per forbidden layer, with the shortest chain."""
    problems, seen = [], set()
    lines = {t: n for n, t in reversed(includes_of(path))}
    for target, chain in sorted(reached(src, path, cache).items(),
                                key=lambda tc: (len(tc[1]), tc[0])):
        if "/" not in target:
            continue
        other = target.split("/", 1)[0]
        if other not in known or other in allowed or other in seen:
            continue
        if any(other in via.get(h, ()) for h in chain[:-1]):
            continue
        seen.add(other)
        problems.append(
            'src/%s:%d: includes %s: %s may not use %s, not even through another header'
            ' (%s may use %s)'
            % (rel, lines.get(chain[0], 0), " -> ".join('"%s"' % c for c in chain),
               layer, other, layer, ", ".join(uses) if uses else "no other layer"))
    return problems


def check(src, layer, uses, exceptions, via=None):
    """Returns the list of violation messages for layer `layer`."""
    known = layers_of(src)
    if layer not in known:
        return ["layers.py: no layer directory %s" % os.path.join(src, layer)]
    unknown = [u for u in uses if u not in known]
    if unknown:
        return ["layers.py: %s is declared to use unknown layer(s) %s" % (layer, ", ".join(unknown))]
    problems, cache = [], {}
    for path in sources(os.path.join(src, layer)):
        rel = os.path.relpath(path, src).replace(os.sep, "/")
        allowed = set(uses) | {layer} | set(exceptions.get(rel, ()))
        direct = []
        for lineno, target in includes_of(path):
            if "/" not in target:
                continue  # common.h, bm_version.h
            other = target.split("/", 1)[0]
            if other in known and other not in allowed:
                direct.append(
                    'src/%s:%d: includes "%s": %s may not use %s (%s may use %s)'
                    % (rel, lineno, target, layer, other, layer,
                       ", ".join(uses) if uses else "no other layer"))
        problems += direct
        if not direct:
            problems += closure_problems(src, layer, uses, allowed, via or {}, known, path,
                                         rel, cache)
    return problems


def file_graph(archive, unprefixed=None, prefix=None):
    """{object: {object it calls: [symbols]}} between the members of `archive`.
    With `prefix`, appends "member: symbol" to `unprefixed` for each global
    defined without it."""
    import subprocess
    out = subprocess.run(["nm", "-A", archive], capture_output=True, text=True, check=True).stdout
    defined, used = {}, {}
    for line in out.splitlines():
        where, _, rest = line.rpartition(":")
        parts = rest.split()
        if len(parts) < 2:
            continue
        kind, sym = parts[-2], parts[-1]
        member = where.rsplit(":", 1)[-1]
        member = os.path.basename(member).replace(".c.o", ".c").replace(".o", ".c")
        if kind in "TDBRC":
            defined[sym] = member
            # The sanitizers add globals of their own (__odr_asan.bm_x, …).
            if sym.startswith(("__odr_asan", "__asan", "__ubsan", "__sancov")):
                continue
            if prefix and not sym.startswith(prefix):
                unprefixed.append("%s: %s" % (member, sym))
        elif kind == "U":
            used.setdefault(member, set()).add(sym)
    graph = {}
    for member, syms in used.items():
        for sym in syms:
            other = defined.get(sym)
            if other and other != member:
                graph.setdefault(member, {}).setdefault(other, []).append(sym)
    return graph


def defined_symbols(archive):
    import subprocess
    out = subprocess.run(["nm", "--defined-only", archive], capture_output=True, text=True,
                         check=True).stdout
    syms = set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3 and parts[1] in "TDBRC":
            syms.add(parts[2])
    return syms


def forbidden_calls(archive, others):
    """["member: symbol (other.a)"] for each symbol `archive` uses that one of
    `others` defines."""
    import subprocess
    owner = {}
    for other in others:
        for sym in defined_symbols(other):
            owner.setdefault(sym, os.path.basename(other))
    out = subprocess.run(["nm", "-A", archive], capture_output=True, text=True, check=True).stdout
    found = set()
    for line in out.splitlines():
        where, _, rest = line.rpartition(":")
        parts = rest.split()
        if len(parts) == 2 and parts[0] == "U" and parts[1] in owner:
            member = os.path.basename(where.rsplit(":", 1)[-1]).replace(".c.o", ".c")
            found.add("%s: %s (%s)" % (member, parts[1], owner[parts[1]]))
    return sorted(found)


def find_cycle(graph):
    """A list of nodes forming a cycle (first == last), or None."""
    state, stack = {}, []

    def visit(n):
        state[n] = 1
        stack.append(n)
        for m in sorted(graph.get(n, {})):
            if state.get(m) == 1:
                return stack[stack.index(m):] + [m]
            if m not in state:
                c = visit(m)
                if c:
                    return c
        stack.pop()
        state[n] = 2
        return None

    for n in sorted(graph):
        if n not in state:
            c = visit(n)
            if c:
                return c
    return None


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--src")
    ap.add_argument("--layer")
    ap.add_argument("--uses", default="")
    ap.add_argument("--except", dest="exceptions", action="append", default=[])
    ap.add_argument("--via", action="append", default=[])
    ap.add_argument("--stamp")
    ap.add_argument("--list")
    ap.add_argument("--acyclic")
    ap.add_argument("--prefix")
    ap.add_argument("--no-calls", dest="no_calls")
    ap.add_argument("--into", default="")
    a = ap.parse_args(argv)

    if a.acyclic:
        unprefixed = []
        graph = file_graph(a.acyclic, unprefixed, a.prefix)
        cycle = find_cycle(graph)
        for u in unprefixed:
            print("%s: %s is neither static nor %s-prefixed"
                  % (os.path.basename(a.acyclic), u, a.prefix), file=sys.stderr)
        if unprefixed:
            return 1
        if cycle:
            print("%s: its files call each other in a cycle: %s"
                  % (os.path.basename(a.acyclic), " -> ".join(cycle)), file=sys.stderr)
            for x, y in zip(cycle, cycle[1:]):
                print("  %s -> %s: %s" % (x, y, ", ".join(sorted(graph[x][y]))), file=sys.stderr)
            return 1
        if a.stamp:
            with open(a.stamp, "w", encoding="utf-8") as f:
                for x in sorted(graph):
                    f.write("%s -> %s\n" % (x, ", ".join(sorted(graph[x]))))
        return 0

    if a.no_calls:
        others = [x for x in a.into.split(",") if x]
        found = forbidden_calls(a.no_calls, others)
        for f in found:
            print("%s: %s, a layer it may not use (docs/ARCHITECTURE.md, Layers)"
                  % (os.path.basename(a.no_calls), f), file=sys.stderr)
        if found:
            return 1
        if a.stamp:
            with open(a.stamp, "w", encoding="utf-8") as f:
                f.write("%s calls nothing of %s\n" % (os.path.basename(a.no_calls),
                                                      ", ".join(map(os.path.basename, others))))
        return 0

    if a.list:
        src = os.path.dirname(os.path.normpath(a.list))
        own = sources(a.list)
        more, cache = set(), {}
        for p in own:
            for target in reached(src, p, cache).keys() | {t for _, t in includes_of(p)}:
                header = resolve(src, target)
                if header:
                    more.add(os.path.normpath(header))
        for p in own + sorted(more - {os.path.normpath(p) for p in own}):
            print(p)
        return 0
    if not a.src or not a.layer:
        ap.error("--src and --layer are required")

    uses = [u for u in a.uses.split(",") if u]
    exceptions = {}
    for e in a.exceptions:
        name, _, extra = e.partition("=")
        exceptions[name] = [x for x in extra.split(",") if x]

    via = {}
    for e in a.via:
        name, _, extra = e.partition("=")
        via[name] = [x for x in extra.split(",") if x]

    problems = check(a.src, a.layer, uses, exceptions, via)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print("layers.py: %d forbidden include(s) in layer %s (docs/ARCHITECTURE.md, Layers)"
              % (len(problems), a.layer), file=sys.stderr)
        return 1
    if a.stamp:
        with open(a.stamp, "w", encoding="utf-8") as f:
            f.write("/* generated by tools/layers.py: layer %s uses only %s */\n"
                    % (a.layer, ", ".join(uses) if uses else "itself"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
