#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# layers.sh: includes point one way (docs/layers.md). kernels/ includes only kernels/ (its own
# headers and kernels/common/), datasets/ only datasets/ and kernels/; inside harness/ each
# folder may include its own files and those of the folders LAYERS names for it (all of them
# may include kernels/ and datasets/). An include against the table, a harness folder the
# table does not name, an include circle between files of different folders, or a word of MPI
# in kernels/ (MPI, libmpi, mpirun, fk_mpi...) fails `make lint` with its file and line.
set -u
cd "$(dirname "$0")/../.."

# folder     may include (below it; a sub-folder, harness/cli/mpi/, is its folder's)
LAYERS='
base         -
modules      base
models       modules base
engine       models modules base
report       engine models modules base
spawn        engine models modules base
python       engine models modules base
cli          report spawn python engine models modules base
'

bad=$(git grep -n -E '^#include "(harness|datasets)/' -- 'kernels/*.c' 'kernels/*.h'
      git grep -n -E '^#include "harness/' -- 'datasets/*.c' 'datasets/*.h'
      git grep -n -i -E '(^|[^a-z])(lib)?mpi(run|cc|exec)?([^a-z]|$)' -- 'kernels/*')
if [ -n "$bad" ]; then
    printf 'layers: against the layers (an include, or a word of MPI in kernels/):\n%s\n' "$bad"
    exit 1
fi

git ls-files -z --cached --others --exclude-standard -- 'harness/*.[ch]' 'kernels/*.[ch]' \
    'datasets/*.[ch]' | LAYERS="$LAYERS" python3 -c '
import os, re, sys
allowed = {}
for line in os.environ["LAYERS"].splitlines():
    words = line.split()
    if words:
        allowed[words[0]] = set(w for w in words[1:] if w != "-") | {words[0]}
inc = re.compile(r"^\s*#\s*include\s*\"([^\"]+)\"")
files = sorted(set(p for p in sys.stdin.read().split("\0") if p and os.path.isfile(p)))
edges, where, bad = {}, {}, []
for path in files:
    parts = path.split("/")
    layer = parts[1] if parts[0] == "harness" and len(parts) > 2 else None
    if layer is not None and layer not in allowed:
        bad.append(f"{path}:1: harness/{layer}/ is not in the table of tests/lint/layers.sh")
    with open(path, encoding="utf-8", errors="replace") as f:
        for n, line in enumerate(f, 1):
            m = inc.match(line)
            if not m:
                continue
            target = m.group(1)
            edges.setdefault(path, set()).add(target)
            where.setdefault((path, target), n)
            t = target.split("/")
            if layer in allowed and t[0] == "harness" and len(t) > 2 and t[1] not in allowed[layer]:
                below = ", ".join(sorted(allowed[layer] - {layer})) or "no other harness folder"
                bad.append(f"{path}:{n}: harness/{layer}/ may not include {target} "
                           f"(it may include {below})")
# Include circles (Tarjan): a strongly connected set of files spanning two folders.
index, low, stack, on, comps = {}, {}, [], set(), []
def visit(v):
    work = [(v, iter(sorted(edges.get(v, ()))))]
    index[v] = low[v] = len(index); stack.append(v); on.add(v)
    while work:
        u, it = work[-1]
        for w in it:
            if w not in index:
                index[w] = low[w] = len(index); stack.append(w); on.add(w)
                work.append((w, iter(sorted(edges.get(w, ())))))
                break
            if w in on:
                low[u] = min(low[u], index[w])
        else:
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[u])
            if low[u] == index[u]:
                comp = []
                while True:
                    w = stack.pop(); on.discard(w); comp.append(w)
                    if w == u:
                        break
                comps.append(sorted(comp))
for v in sorted(edges):
    if v not in index:
        visit(v)
for comp in comps:
    if len({os.path.dirname(p) for p in comp}) > 1:
        circle = " <-> ".join(comp)
        n = min(where.get((comp[0], w), 1) for w in comp[1:])
        bad.append(f"{comp[0]}:{n}: an include circle between folders: {circle}")
if bad:
    print("layers: against the layers of harness/ (tests/lint/layers.sh, docs/layers.md):")
    print("\n".join(bad))
    sys.exit(1)
' || exit 1
echo "layers: kernels include only kernels/ (and say no word of MPI), datasets only datasets/ and kernels/; harness/ as its table says, no include circle between folders"
