#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""pool_start.py: what a multiprocessing.Pool's whole life costs per start method (for
`make compare`): create Pool(W), map a trivial function over W items, close(), join(): every
worker is started, answers and exits. `forkomp spawn --variant pool-start` measures the same
life of forkomp's pre-forked pool.

  pool_start.py --start fork|forkserver|spawn --workers W [--cold K] [--reps R]
                [--json FILE] [--json-again FILE]
  pool_start.py --start M --workers W --once

--once times the first pool of this interpreter and prints "wall user system" (seconds,
this process and its children). Otherwise K fresh interpreters (--once each) time their
first pool, which is what the lab's script pays (for forkserver it includes starting the
server), and then this interpreter times R more pools after one untimed, which is what a
program that makes pools again and again pays. Both are written as hyperfine-style exports
(--json, --json-again) so compare.py reads them like the timed commands.
"""

import argparse
import multiprocessing
import os
import subprocess
import sys
import time

import compare


def trivial(x):
    return x


def one_pool(ctx, workers):
    """(wall, user, system) of one pool's whole life."""
    t0, r0 = time.perf_counter(), os.times()
    pool = ctx.Pool(workers)
    pool.map(trivial, range(workers), 1)
    pool.close()
    pool.join()
    r1 = os.times()
    return (time.perf_counter() - t0,
            r1.user + r1.children_user - r0.user - r0.children_user,
            r1.system + r1.children_system - r0.system - r0.children_system)


def cold_pools(args):
    """K fresh interpreters, each timing its first pool."""
    out = []
    for _ in range(args.cold):
        line = subprocess.run([sys.executable, os.path.abspath(__file__), "--once",
                               "--start", args.start, "--workers", str(args.workers)],
                              check=True, capture_output=True, text=True).stdout
        out.append(tuple(float(x) for x in line.split()))
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--start", choices=("fork", "forkserver", "spawn"), required=True)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--cold", type=int, default=5, help="fresh interpreters (first pools)")
    ap.add_argument("--reps", type=int, default=20, help="later pools in this interpreter")
    ap.add_argument("--json", help="export of the first pools")
    ap.add_argument("--json-again", help="export of the later pools")
    ap.add_argument("--once", action="store_true", help="time one pool, print the seconds")
    args = ap.parse_args()
    if args.workers < 1 or args.cold < 1 or args.reps < 1:
        ap.error("--workers, --cold and --reps must be at least 1")
    ctx = multiprocessing.get_context(args.start)
    if args.once:
        print("%.9f %.9f %.9f" % one_pool(ctx, args.workers))
        return 0
    first = cold_pools(args)
    one_pool(ctx, args.workers)  # the untimed first pool of this interpreter
    again = [one_pool(ctx, args.workers) for _ in range(args.reps)]
    label = "Pool(%d), %s" % (args.workers, args.start)
    for path, runs in ((args.json, first), (args.json_again, again)):
        if path:
            compare.write_export(path, label, runs)
    for name, runs in (("first pool", first), ("later pools", again)):
        print("%s: %s: %.2f ms mean of %d" % (label, name, 1e3 * sum(r[0] for r in runs)
                                               / len(runs), len(runs)), file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
