#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# reps_auto.sh: --reps auto[:PCT], --max-reps and --budget (harness/engine/reps.c).
# Every group gets 6 runs at least and --max-reps at most; one that stopped before
# --max-reps reached its target (the report's precision_reached agrees), one that did not
# ran --max-reps times; the rows carry the target; --budget stops a long fixed series
# early, with whole rows; bad values are usage errors. No timing is assumed: a busy machine
# only moves groups from "reached" to "ran to --max-reps".
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# runs_per_group FILE: "model workers arm runs" per group, sorted (arm control: the A/A
# control's copy of a model, its own group)
runs_per_group() {
    "$PY" -c 'import csv, sys, collections
c = collections.Counter((r["model"], r["workers"], r["arm"] or "-")
                        for r in csv.DictReader(open(sys.argv[1])))
for (m, w, a), n in sorted(c.items()): print(m, w, a, n)' "$1"
}

"$F" primes --class S --models serial,fork,omp --workers 1,2 --reps auto:50 --max-reps 9 \
    --warmup 0 --quiet --csv "$work/easy.csv" >"$work/easy.out" 2>&1
check_rc "auto:50" 0 $?
csv_whole "auto:50" "$work/easy.csv"
bad=$(runs_per_group "$work/easy.csv" | awk '$4 < 6 || $4 > 9')
[ -z "$bad" ] || fail "auto:50 --max-reps 9: groups outside 6..9 runs: $bad"
"$PY" -c 'import csv, sys
assert all(r["precision_target_pct"] == "50" for r in csv.DictReader(open(sys.argv[1])))' \
    "$work/easy.csv" || fail "auto:50: rows without precision_target_pct 50"

"$F" primes --class S --models fork,omp --workers 1 --reps auto:0.1 --max-reps 7 --warmup 0 \
    --quiet --csv "$work/hard.csv" >"$work/hard.out" 2>&1
check_rc "auto:0.1" 0 $?
bad=$(runs_per_group "$work/hard.csv" | awk '$4 < 6 || $4 > 7')
[ -z "$bad" ] || fail "auto:0.1 --max-reps 7: groups outside 6..7 runs: $bad"

"$F" report "$work/easy.csv" --out "$work/rep" >/dev/null 2>&1
check_rc "report" 0 $?
"$PY" - "$work/rep/summary.csv" <<'PYEOF' || fail "report: precision columns disagree with the runs"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert len(rows) == 5, rows
for r in rows:
    runs, prec = int(r["runs"]), float(r["precision_pct"])
    assert r["precision_target_pct"] == "50" and float(r["ci_level"]) >= 0.95, r
    assert r["precision_reached"] == ("1" if prec <= 50 else "0"), r
    assert runs == 9 or r["precision_reached"] == "1", r  # stopped early: reached
    assert runs == 6 or runs == 9 or prec <= 50, r
PYEOF
check_grep "report.md precision" "±[0-9.]+%, (reached|\*\*not reached\*\*) ±50% in [6-9] runs" \
    "$work/rep/report.md"

# --budget: 100000 runs asked, a 2-second budget: stopped early, every row whole.
"$F" primes --class lab --models serial --reps 100000 --warmup 0 --budget 2 --quiet \
    --csv "$work/budget.csv" >"$work/budget.out" 2>&1
check_rc "budget" 0 $?
csv_whole "budget" "$work/budget.csv"
n=$(($(wc -l <"$work/budget.csv") - 1))
[ "$n" -ge 1 ] && [ "$n" -lt 100000 ] || fail "budget: $n rows"

for bad in "--reps auto:0" "--reps auto:x" "--reps sometimes" "--max-reps 3" "--budget 0"; do
    # shellcheck disable=SC2086
    "$F" primes --class S $bad --quiet >"$work/bad.out" 2>&1
    check_rc "$bad" 2 $?
    [ "$(grep -c . "$work/bad.out")" -le 2 ] || fail "$bad: more than a line and a hint"
done
"$F" spawn --class S --reps auto >"$work/spawn.out" 2>&1
check_rc "spawn --reps auto" 2 $?
finish
