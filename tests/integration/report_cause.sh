#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_cause.sh: the busy_max_s/busy_min_s columns of a run (harness/engine/run_helpers.c)
# and the causes report.md names for the time beyond the ideal (harness/report/report_cause.c):
# a real run records busy times no worker can exceed the wall time with; then the same rows,
# edited so that each cause is the only one the data supports (one worker did all the work:
# imbalance; a fork as long as the work: start-up; a high load at the first run: load; none of
# them: unexplained), get that cause named. Last, the answer's Python line from a hand-written
# compare.csv: a verdict only when the runs of the two do not overlap.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" primes --class S --models serial,fork,omp --workers 2 --reps 2 --warmup 0 --quiet \
    --csv "$work/run.csv" >"$work/run.out" 2>&1
check_rc "primes" 0 $?
"$F" spawn --class S --reps 2 --quiet --csv "$work/run.csv" >"$work/spawn.out" 2>&1
check_rc "spawn" 0 $?
"$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])):
    if r["kernel"] == "spawn": continue
    hi, lo, wall = float(r["busy_max_s"]), float(r["busy_min_s"]), float(r["wall_s"])
    assert 0 <= lo <= hi <= wall * 1.05 + 1e-3, (r["model"], lo, hi, wall)' "$work/run.csv" ||
    fail "busy_max_s/busy_min_s missing, or a worker busier than the run was long"

# edit MODE: the rows rewritten so that MODE's cause is the only one the data supports
edit() {
    "$PY" - "$work/run.csv" "$work/$1.csv" "$1" <<'PY'
import csv, sys
src, dst, mode = sys.argv[1:]
rows = list(csv.DictReader(open(src)))
serial = max(float(r["wall_s"]) for r in rows if r["model"] == "serial")
for r in rows:
    r["loadavg"] = "0.00"
    if r["kernel"] == "spawn":
        if r["variant"] in ("fork", "pthread"):  # start-up explains all or nothing
            r["per_op_s"] = str(serial / 2 if mode == "startup" and r["variant"] == "fork" else 1e-9)
        continue
    r["wall_s"] = str(serial if r["model"] == "serial" else 1.2 * serial)  # slower than serial
    half = serial / 2
    if r["model"] != "serial":
        if mode == "imbalance":
            r["busy_max_s"], r["busy_min_s"] = str(0.97 * serial), str(0.02 * serial)
        else:
            r["busy_max_s"], r["busy_min_s"] = str(half), str(half)
if mode == "load":
    rows[0]["loadavg"] = "3.00"
with open(dst, "w", newline="") as f:
    w = csv.DictWriter(f, fieldnames=rows[0].keys())
    w.writeheader()
    w.writerows(rows)
PY
}
for mode in imbalance startup load unexplained; do
    edit "$mode" || fail "$mode: cannot edit the CSV"
    "$F" report "$work/$mode.csv" --out "$work/$mode" >"$work/$mode.out" 2>&1
    check_rc "report $mode" 0 $?
    word=$mode
    [ "$mode" = startup ] && word=start-up
    n=$(grep -c "^ *- \(fork\|omp\) at 2: \*\*$word\*\*" "$work/$mode/report.md")
    want=2
    [ "$mode" = startup ] && want=1 # the threads start in microseconds: not start-up
    [ "$n" = "$want" ] || fail "$mode: $n groups named **$word** (want $want)"
done
grep -q "omp at 2: \*\*unexplained\*\*" "$work/startup/report.md" ||
    fail "startup: omp (pthread costs unchanged) not unexplained"
grep -q "^- fork at 2 workers: speedup 0.83 .*\*\*imbalance\*\*" "$work/imbalance/report.md" ||
    fail "imbalance: the low-speedup line does not name the cause"

# python MIN MAX: the answer's Python line with the threads' runs between MIN and MAX seconds
# (processes: 0.50 to 0.60 s, median 0.55 s; threads' median 1.00 s)
python() {
    rm -rf "$work/py" && mkdir -p "$work/py"
    printf '%s\n' "group,label,runs,median_s,min_s,max_s,verified" \
        "primes-lab,python-serial,3,2.0,1.9,2.1,1" "primes-lab,python-pool,3,0.55,0.50,0.60,1" \
        "primes-lab,python-threadpool,3,1.00,$1,$2,1" >"$work/py/compare.csv"
    "$F" report "$work/run.csv" --out "$work/py" >/dev/null 2>&1
    check_rc "report with compare.csv" 0 $?
    grep "^Python, the lab's prime script" "$work/py/answer.txt"
}
line=$(python 0.90 1.10)
[[ $line == *"python-pool) 550 ms, threads (python-threadpool) 1.000 s (medians of 3 and 3 runs): processes faster: processes take 0.550x the time of threads, in every run"* ]] ||
    fail "runs apart: no verdict: $line"
line=$(python 0.58 1.10)
[[ $line == *": no clear winner, their run times overlap."* ]] || fail "runs overlap: a verdict: $line"
finish
