#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# lab_busy.sh: `make lab REPS=auto BUDGET=N`, the worksheet's way to a decided answer on a busy
# machine: every plan item, the lab's class L included, runs with --reps auto --max-reps and a
# --budget share, the run ends with every row verified and the short answer, and the notes
# say how the repetitions were chosen. MODELS is cut to serial,fork to keep it short (class L
# keeps its own serial, fork and omp). No timing is asserted.
set -euo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

rc=0
FORKOMP=$F RESULTS=$work/results REPS=auto BUDGET=40 MODELS=serial,fork \
    bash "$root/harness/bench/bench.sh" lab >"$work/stdout" 2>"$work/stderr" || rc=$?
[[ $rc == 0 ]] || fail "bench.sh lab with REPS=auto BUDGET=40 exited $rc: $(tail -n 5 "$work/stderr")"
out=$(readlink -f "$work/results/latest")
for item in "primes --class lab --variant trial" "shapefiles --class S --variant raw" \
    "shapefiles --class L --variant raw --models serial,fork,omp --workers 2"; do
    grep -E -q -- "^== \[[0-9]+/[0-9]+\] forkomp $item.* --reps auto --warmup 1 --max-reps 30 --budget [0-9]+ " "$work/stderr" ||
        fail "not run with --reps auto and a budget: $item"
done
check_grep "the notes say how the repetitions were chosen" "repetitions chosen by the data" "$out/bench-notes.md"
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == "timestamp" { next }
    $c["status"] != "ok" || $c["verified"] != 1 { bad++ } END { exit bad > 0 }' "$out/bench.csv" ||
    fail "rows that failed or did not verify"
check_grep "the answer names class L's lesson" "^  shapefiles \(raw\), class L, where processes and threads pay off" "$work/stdout"
finish
