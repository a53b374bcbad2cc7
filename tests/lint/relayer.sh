#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# relayer.sh: moves the harness's files into the layers tests/lint/layers.sh enforces (issue
# 25, "Harness layers that hold"), re-runnable on any later tree: it `git mv`s every file of
# the table below that is still at its old path, then rewrites every mention of an old path
# (#include lines, the Makefile's source lists, tests/fuzz/run.sh, README, docs, comments) in
# every tracked text file, this script excepted. It reads nothing of a file but its path and
# the old paths in its text, so it applies after other branches' merges too; a second run
# changes nothing. Run it from anywhere in the work tree, then `make lint` and commit. One
# change it cannot make: mpi_map.c includes harness/models/mpi/mpi_map.h (the map's
# declarations), not mpi_rank.h, the ranks' session, which moves up to harness/cli/mpi/.
#   base/     leaf pieces every part uses: option types and the parser of option tables,
#             numparse, stats (with paired and step_root, once wt-engine's are merged), sys,
#             counters, workdir, placement, roles, the commands' table
#   cli/      the command runner beside the CLI: runner.c, kernel_cmd (the kernel command
#             line, which needs the registry); cli/mpi/ the same command as an MPI rank and
#             its launcher path (the second runner), with the MPI module's table
#   modules/  topo_hwloc beside the hwloc module's table that exports it
set -euo pipefail
cd "$(dirname "$0")/../.."
self=tests/lint/relayer.sh

MOVES='
harness/cli/opts.h              harness/base/opts.h
harness/cli/cli.h               harness/base/cli.h
harness/cli/cli.c               harness/base/cli.c
harness/cli/numparse.h          harness/base/numparse.h
harness/cli/numparse.c          harness/base/numparse.c
harness/cli/commands.h          harness/base/commands.h
harness/report/stats.h          harness/base/stats.h
harness/report/stats.c          harness/base/stats.c
harness/report/paired.h         harness/base/paired.h
harness/report/paired.c         harness/base/paired.c
harness/report/step_root.h      harness/base/step_root.h
harness/report/step_root.c      harness/base/step_root.c
harness/engine/sys.h            harness/base/sys.h
harness/engine/sys.c            harness/base/sys.c
harness/engine/counters.h       harness/base/counters.h
harness/engine/counters.c       harness/base/counters.c
harness/engine/workdir.h        harness/base/workdir.h
harness/engine/workdir.c        harness/base/workdir.c
harness/models/placement.h      harness/base/placement.h
harness/models/placement.c      harness/base/placement.c
harness/models/role.h           harness/base/role.h
harness/engine/runner.c         harness/cli/runner.c
harness/engine/kernel_cmd.h     harness/cli/kernel_cmd.h
harness/engine/kernel_cmd.c     harness/cli/kernel_cmd.c
harness/models/mpi/mpi_rank.h   harness/cli/mpi/mpi_rank.h
harness/models/mpi/mpi_main.c   harness/cli/mpi/mpi_main.c
harness/models/mpi/mpi_launch.c harness/cli/mpi/mpi_launch.c
harness/modules/module_mpi.c    harness/cli/mpi/module_mpi.c
harness/engine/topo_hwloc.h     harness/modules/topo_hwloc.h
harness/engine/topo_hwloc.c     harness/modules/topo_hwloc.c
'

moved=0
while read -r old new; do
    [ -n "$old" ] || continue
    if [ -e "$old" ] && [ -e "$new" ]; then
        echo "relayer: both $old and $new exist; merge them by hand first" >&2
        exit 1
    fi
    if [ -e "$old" ]; then
        mkdir -p "$(dirname "$new")"
        git mv "$old" "$new"
        moved=$((moved + 1))
    fi
done <<<"$MOVES"

# Every old path, as a whole path (not inside a longer name), becomes its new one.
rewritten=$(git ls-files -z | MOVES="$MOVES" SELF="$self" python3 -c '
import os, re, sys
pairs = [l.split() for l in os.environ["MOVES"].splitlines() if l.strip()]
new_of = dict(pairs)
pat = re.compile(r"(?<![\w.-])(" + "|".join(re.escape(o) for o, _ in pairs) + r")(?![\w])")
n = 0
for path in sys.stdin.buffer.read().decode().split("\0"):
    if not path or path == os.environ["SELF"] or not os.path.isfile(path):
        continue
    with open(path, "rb") as f:
        data = f.read()
    if b"\0" in data:
        continue
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        continue
    out = pat.sub(lambda m: new_of[m.group(1)], text)
    if out != text:
        with open(path, "w", encoding="utf-8", newline="") as f:
            f.write(out)
        n += 1
        print(path, file=sys.stderr)
print(n)
')
echo "relayer: $moved files moved, $rewritten files rewritten"
