#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
# layers.py — the library's dependencies point one way (HACKING.md, "Layout of the source").
#  1. Calls: Makefile.am lists libawcore's sources in the order of the layers; a file may use
#     functions and data of files listed before it, never of one listed after it (so no two
#     files depend on each other).  Read from the symbols of the built objects.
#  2. Includes: the project's headers include each other without a cycle, no file in
#     src/core/ includes a header from outside src/core/ (except the public aw319.h), and the
#     rule modules see neither the check pass (pass.h) nor the context's insides (ctx.h; only
#     history.c, which sets the context's ledger in aw_ctx_open_ledger).
# Usage: layers.py SRCDIR BUILDDIR.  Exit 0 pass, 1 fail, 77 skip (no objects or nm).
import os, re, shutil, subprocess, sys

src, build = sys.argv[1], sys.argv[2]
fails = []

def fail(msg):
    fails.append(msg)
    print("FAIL: " + msg)

am = open(os.path.join(src, "Makefile.am")).read()
m = re.search(r"^libawcore_la_SOURCES =((?:.*\\\n)*.*)$", am, re.M)
order = [p for p in m.group(1).replace("\\\n", " ").split() if p.endswith(".c")]
# the generated tables belong to the layout: just before layout.c
order.insert(order.index("src/engine/layout.c"), "src/engine/layout_tables.c")
pos = {p: i for i, p in enumerate(order)}

if not shutil.which("nm"):
    print("SKIP: no nm"); sys.exit(77)
defs, uses = {}, {}
for p in order:
    d, base = os.path.dirname(p), os.path.basename(p)[:-2]
    obj = next((o for o in (os.path.join(build, d, ".libs", base + ".o"), os.path.join(build, d, base + ".o"))
                if os.path.exists(o)), None)
    if obj is None:
        print("SKIP: no object for " + p); sys.exit(77)
    out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
    defs[p], uses[p] = set(), set()
    for line in out.splitlines():
        f = line.split()
        if len(f) == 3 and f[1] in "TDBRV":
            defs[p].add(f[2])
        elif len(f) == 2 and f[0] == "U":
            uses[p].add(f[1])
owner = {s: p for p, ds in defs.items() for s in ds}
edges = 0
for p in order:
    for s in sorted(uses[p]):
        q = owner.get(s)
        if q is None or q == p:
            continue
        edges += 1
        if pos[q] > pos[p]:
            fail("%s uses %s of %s, which comes later in the layers (Makefile.am order)" % (p, s, q))
if edges < 100:
    fail("only %d dependencies between files found: the objects were not read" % edges)
elif not fails:
    print("PASS: %d calls between %d files, all pointing down the layers" % (edges, len(order)))

# includes
inc_re = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)
headers, files = {}, []
for d, _, names in os.walk(os.path.join(src, "src")):
    for n in names:
        if n.endswith((".c", ".h", ".def")):
            path = os.path.join(d, n)
            files.append(path)
            if n.endswith(".h"):
                headers[n] = path
graph = {}
for f in files:
    graph[f] = [headers[i] for i in inc_re.findall(open(f, encoding="utf-8").read()) if i in headers]
    if "/src/rules/" in f:
        for h in graph[f]:
            if h.endswith("/pass.h") or (h.endswith("/ctx.h") and not f.endswith("/history.c")):
                fail("%s (a rule module) includes %s" % (os.path.relpath(f, src), os.path.relpath(h, src)))
    if "/src/core/" in f:
        for h in graph[f]:
            if "/src/core/" not in h and not h.endswith("/aw319.h"):
                fail("%s (core) includes %s" % (os.path.relpath(f, src), os.path.relpath(h, src)))
state = {}
def visit(f, stack):
    state[f] = 1
    for h in graph.get(f, []):
        if state.get(h) == 1:
            fail("include cycle: " + " -> ".join(os.path.relpath(x, src) for x in stack + [f, h]))
        elif not state.get(h):
            visit(h, stack + [f])
    state[f] = 2
for f in files:
    if not state.get(f):
        visit(f, [])
if not any(m.startswith("include cycle") for m in fails):
    print("PASS: %d headers, no include cycle" % len(headers))
sys.exit(1 if fails else 0)
