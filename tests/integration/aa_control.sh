#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# aa_control.sh: one comparison repeated beside an injected CPU hog (issue 22): the same
# `forkomp primes --models fork,omp --workers 2 --reps auto` six times, each with its A/A
# control (a copy of one model in the same rounds), while a busy loop (bounded by timeout:
# it stops itself) competes for the cores. Never two significant verdicts in opposite
# directions, never a control called faster; every comparison is paired (a_runs = b_runs =
# pairs, method paired); every row carries its round, order and seed; the same seed replays
# the same orders; a second forkomp measuring at the same time is named on stderr. No timing
# is asserted: a verdict may be anything but a contradiction.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

REPEATS=${AA_REPEATS:-6}
# the hog: one busy loop per core at most, each stopped by timeout whatever happens here
ncpu=$(nproc)
for _ in $(seq 1 $((ncpu > 1 ? ncpu - 1 : 1))); do
    (timeout 300 bash -c 'while :; do :; done' "$work/hog" &) # not a job: no "Killed" at exit
done

for i in $(seq 1 "$REPEATS"); do
    "$F" primes --class S --models fork,omp --workers 2 --reps auto --max-reps 20 --warmup 1 \
        --quiet --csv "$work/run$i.csv" >"$work/run$i.out" 2>&1
    check_rc "repeat $i" 0 $?
    "$F" report "$work/run$i.csv" --out "$work/rep$i" >/dev/null 2>&1
    check_rc "report $i" 0 $?
done

"$PY" - "$work" "$REPEATS" <<'PYEOF' || fail "the repeats contradict each other, or a comparison is not paired"
import csv, sys, os
work, n = sys.argv[1], int(sys.argv[2])
directions, controls_faster = set(), []
for i in range(1, n + 1):
    rows = list(csv.DictReader(open(os.path.join(work, "rep%d" % i, "comparisons.csv"))))
    kinds = sorted(r["kind"] for r in rows)
    assert kinds == ["control", "models"], (i, kinds)
    for r in rows:
        assert r["method"] == "paired" and r["a_runs"] == r["b_runs"] == r["pairs"], (i, r)
        assert int(r["pairs"]) >= 6, (i, r)
        lo, hi = float(r["ratio_lo"]), float(r["ratio_hi"])
        assert lo <= float(r["ratio"]) <= hi, (i, r)
        faster = hi < 1 / 1.02 or lo > 1.02
        assert (r["decided"] == "1") == (faster or (lo >= 1 / 1.02 and hi <= 1.02)), (i, r)
        if r["kind"] == "control":
            if faster:
                controls_faster.append((i, r["verdict"]))
        elif faster:
            directions.add("a" if hi < 1 else "b")
        print(i, r["kind"], r["verdict"])
    for row in csv.DictReader(open(os.path.join(work, "run%d.csv" % i))):
        assert int(row["round"]) >= 1 and int(row["order"]) >= 1 and row["order_seed"], row
        assert row["disturbed"] in ("0", "1") and float(row["others_cpu_s"]) >= 0, row
assert len(directions) <= 1, ("opposite verdicts", directions)
assert not controls_faster, ("a control called faster", controls_faster)
PYEOF

# The same seed, the same orders: two short runs with --order-seed 11.
for k in 1 2; do
    "$F" primes --class S --models serial,fork,omp --workers 1,2 --reps 4 --control \
        --order-seed 11 --warmup 0 --quiet --csv "$work/seed$k.csv" >/dev/null 2>&1
    check_rc "seeded run $k" 0 $?
done
orders() { "$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])): print(r["round"], r["order"], r["model"], r["workers"], r["arm"])' "$1"; }
[ "$(orders "$work/seed1.csv")" = "$(orders "$work/seed2.csv")" ] ||
    fail "--order-seed 11 twice: different orders"
[ "$(orders "$work/seed1.csv" | awk '$1 == 1' | cut -d' ' -f3-)" != \
    "$(orders "$work/seed1.csv" | awk '$1 == 2' | cut -d' ' -f3-)" ] ||
    [ "$(orders "$work/seed1.csv" | awk '$1 == 3' | cut -d' ' -f3-)" != \
        "$(orders "$work/seed1.csv" | awk '$1 == 4' | cut -d' ' -f3-)" ] ||
    fail "--order-seed 11: rounds 1 and 2, 3 and 4 in the same order (p < 1/720^2 by chance)"

# A second forkomp measuring meanwhile is named (the first holds its lock while it runs).
"$F" primes --class lab --models serial --reps 100000 --warmup 0 --budget 20 --quiet \
    --csv "$work/long.csv" >/dev/null 2>&1 &
long=$!
for _ in $(seq 1 100); do [ -s "$work/long.csv" ] && break; sleep 0.1; done
"$F" primes --class S --models serial --reps 2 --warmup 0 --csv "$work/second.csv" \
    >"$work/second.out" 2>&1
check_rc "second forkomp" 0 $?
check_grep "second forkomp named" "other forkomp is measuring on this machine now \(pid $long\)" \
    "$work/second.out"
"$PY" -c 'import csv, sys
assert all(r["others_measuring"] == "1" for r in csv.DictReader(open(sys.argv[1])))' \
    "$work/second.csv" || fail "second forkomp: rows without others_measuring 1"
kill "$long" 2>/dev/null
wait "$long" 2>/dev/null

finish
