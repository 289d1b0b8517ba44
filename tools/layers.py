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

Usage:
  layers.py --src DIR --layer NAME --uses a,b [--except FILE=a,b ...] [--stamp OUT]
      check every .c and .h file under DIR/NAME; FILE is relative to DIR
      (cli/cmd_audit.c) and may use the extra layers listed after '='.
  layers.py --acyclic LIB.a [--prefix bm_] [--stamp OUT]
      read the archive's symbol tables (nm) and fail when its files call each
      other in a cycle, naming the cycle and the functions on each edge; with
      --prefix, also when a function or global it defines for other files
      lacks the prefix (everything else is static, CONVENTIONS.md).
  layers.py --list DIR
      print the .c and .h files under DIR, one a line (meson's inputs, so that
      an edited include re-runs the check).

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


def check(src, layer, uses, exceptions):
    """Returns the list of violation messages for layer `layer`."""
    known = layers_of(src)
    if layer not in known:
        return ["layers.py: no layer directory %s" % os.path.join(src, layer)]
    unknown = [u for u in uses if u not in known]
    if unknown:
        return ["layers.py: %s is declared to use unknown layer(s) %s" % (layer, ", ".join(unknown))]
    problems = []
    for path in sources(os.path.join(src, layer)):
        rel = os.path.relpath(path, src).replace(os.sep, "/")
        allowed = set(uses) | {layer} | set(exceptions.get(rel, ()))
        with open(path, encoding="utf-8", errors="replace") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m:
                    continue
                target = m.group(1)
                if "/" not in target:
                    continue  # common.h, bm_version.h
                other = target.split("/", 1)[0]
                if other in known and other not in allowed:
                    problems.append(
                        'src/%s:%d: includes "%s": %s may not use %s (%s may use %s)'
                        % (rel, lineno, target, layer, other, layer,
                           ", ".join(uses) if uses else "no other layer"))
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
    ap.add_argument("--stamp")
    ap.add_argument("--list")
    ap.add_argument("--acyclic")
    ap.add_argument("--prefix")
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

    if a.list:
        for p in sources(a.list):
            print(p)
        return 0
    if not a.src or not a.layer:
        ap.error("--src and --layer are required")

    uses = [u for u in a.uses.split(",") if u]
    exceptions = {}
    for e in a.exceptions:
        name, _, extra = e.partition("=")
        exceptions[name] = [x for x in extra.split(",") if x]

    problems = check(a.src, a.layer, uses, exceptions)
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
