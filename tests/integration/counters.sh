#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# counters.sh: the memory and OS-counter columns of a run (harness/base/counters.c).
# 1. PSS: while a fork run computes, this test reads /proc/PID/smaps_rollup of the run's
#    process and of each pool worker itself and sums their Pss; the run's own pss_sum_kib
#    must agree within 25%, and lie below the RSS sum (which counts shared pages per process).
# 2. Counters: minflt, majflt, nvcsw, nivcsw are filled in every row; each perf column is
#    filled in every row, or empty in every row with the counters column naming it and why.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

csv=$work/pss.csv
# two tasks of about a second each (longer under the sanitizers), one per worker
"$F" primes --inputs 4000000,4000001 --models fork --workers 2 --reps 1 --warmup 0 --quiet \
    --csv "$csv" >"$work/pss.out" 2>&1 &
harness=$!

# The Pss sum of the harness's child (the run's process) and its children (the workers),
# once both workers exist; polled for at most 20 s.
seen=$("$PY" - "$harness" <<'PYEOF'
import os, sys, time
harness = int(sys.argv[1])

def children(pid):
    try:
        return [int(c) for c in open(f"/proc/{pid}/task/{pid}/children").read().split()]
    except OSError:
        return []

def pss(pid):
    for line in open(f"/proc/{pid}/smaps_rollup"):
        if line.startswith("Pss:"):
            return int(line.split()[1])
    raise OSError("no Pss")

deadline = time.time() + 20
while time.time() < deadline:
    runs = children(harness)
    workers = children(runs[0]) if runs else []
    if len(workers) == 2:
        time.sleep(0.3)  # past the start-up: both workers computing
        try:
            print(sum(pss(p) for p in [runs[0]] + workers))
        except OSError:
            continue  # the run ended meanwhile (a fast machine): try again is pointless
        break
    time.sleep(0.01)
PYEOF
)
wait "$harness"
check_rc "fork run" 0 $?
csv_whole "fork run" "$csv" 1
field() { "$PY" -c 'import csv,sys
print(next(csv.DictReader(open(sys.argv[1])))[sys.argv[2]])' "$csv" "$1"; }
got=$(field pss_sum_kib)
rss=$(field rss_sum_kib)
if [ -z "$seen" ]; then
    fail "pss: never saw the run's process with both workers"
elif [ -z "$got" ]; then
    fail "pss: pss_sum_kib is empty (counters: $(field counters))"
else
    echo "pss_sum_kib $got, read from outside during the run $seen, rss_sum_kib $rss"
    awk -v g="$got" -v s="$seen" 'BEGIN { d = g - s; if (d < 0) d = -d; exit !(d <= 0.25 * s) }' ||
        fail "pss: pss_sum_kib $got differs from the outside reading $seen by more than 25%"
    [ "$got" -lt "$rss" ] || fail "pss: pss_sum_kib $got is not below rss_sum_kib $rss"
    [ "$(field uss_sum_kib)" -le "$got" ] || fail "pss: uss_sum_kib above pss_sum_kib"
fi

# every model, two worker counts: which counters are there
"$F" primes --class S --models serial,fork,omp,hybrid --workers 1,2 --reps 1 --warmup 0 \
    --quiet --csv "$work/c.csv" >"$work/c.out" 2>&1
check_rc "counters run" 0 $?
why=$("$PY" - "$work/c.csv" <<'PYEOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
perf = {"task_clock_s": "task-clock", "context_switches": "context-switches",
        "cpu_migrations": "cpu-migrations", "page_faults": "page-faults",
        "cycles": "cycles", "instructions": "instructions", "cache_misses": "cache-misses"}
for col in ["pss_sum_kib", "uss_sum_kib", "minflt", "majflt", "nvcsw", "nivcsw"]:
    if any(r[col] == "" or int(r[col]) < 0 for r in rows):
        print(f"{col} empty or negative in some row")
for r in rows:
    if int(r["minflt"]) <= 0 or int(r["nvcsw"]) + int(r["nivcsw"]) <= 0:
        print(f"{r['model']} w={r['workers']}: no page faults or context switches counted")
for col, name in perf.items():
    filled = [r[col] != "" for r in rows]
    note = rows[0]["counters"]
    if all(filled):
        if name not in note.split("; no")[0]:
            print(f"{col} filled but the counters note does not list {name}: {note}")
    elif any(filled):
        print(f"{col} filled in some rows only")
    elif "no " not in note or name not in note.split("; no", 1)[-1] or "(" not in note:
        print(f"{col} empty without a reason in the counters note: {note}")
PYEOF
)
[ -z "$why" ] || fail "counters: $why"
# perf's page faults, when counted, are the run's own (it opens after the fork, so the
# child's first copy-on-write faults are rusage's only): above 0 and at most rusage's
"$PY" - "$work/c.csv" <<'PYEOF' || fail "counters: perf page-faults out of range"
import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["page_faults"] != "":
        ru = int(r["minflt"]) + int(r["majflt"])
        if not (0 < int(r["page_faults"]) <= ru):
            print(r["model"], r["workers"], r["page_faults"], ru); sys.exit(1)
PYEOF
finish
