#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# model_added.sh: adding a model is one file and one line. The test build, forkomp-test
# (beside $FORKOMP), registers tests/lib/model_reverse.c in the registry's weak slot; with
# nothing else changed the model appears in --models help and in the unknown-model error,
# runs and verifies, lands in the CSV, and the report groups, orders and tables it and names it
# in its answer (by the registry and the model's role, never by name). forkomp itself has no such model.
set -u
source "$(dirname "$0")/../lib/fk_test.sh"
FT=$F-test
[ -x "$FT" ] || { fail "$FT not built (make $FT)"; finish; }

"$F" primes --help >"$work/help" 2>&1
grep -q '^  reverse' "$work/help" && fail "forkomp itself lists the test-only model"
"$FT" primes --help >"$work/help-test" 2>&1
check_grep "forkomp-test primes --help lists the model" '^  reverse +test build only' "$work/help-test"
"$FT" primes --models bogus >/dev/null 2>"$work/err"
check_grep "the unknown-model error lists it" "unknown model 'bogus' \(.*reverse" "$work/err"

"$FT" primes --class S --models serial,reverse,omp --workers 2 --reps 2 --warmup 0 --quiet \
    --csv "$work/r.csv"
check_rc "primes with the test model" 0 $?
rows=$(awk -F, 'NR > 1 && $6 == "reverse" && $20 == 1 && $21 == "ok"' "$work/r.csv" | wc -l)
check_rc "two verified CSV rows of the model" 2 "$rows"

"$FT" report "$work/r.csv" --out "$work/rep" >"$work/rep.out" 2>&1
check_rc "report of a run with the test model" 0 $?
check_grep "summary.csv has its group" ',reverse,' "$work/rep/summary.csv"
check_grep "report.md tables it" 'reverse' "$work/rep/report.md"
# and the answer covers it from its role, like every model, speedup over serial included
sed -n '/^## The answer: sub-processes or threads?/,$p' "$work/rep/report.md" >"$work/answer.md"
check_grep "the report's answer names it, with its role and speedup" \
    '^- Every model, .*1 worker: .*reverse [0-9.]+ [mu]?s \(one worker, [0-9.]+x\)' "$work/answer.md"
check_grep "and the other models beside it" '2 workers: .*omp [0-9.]+ [mu]?s \(threads, ' "$work/answer.md"
# the worksheet key (answers.md, written from facts.json) lists it in its case, with its speedup
check_grep "answers.md names it" '^- 1 worker: .*reverse [0-9.]+ [mu]?s \([0-9.]+x\)' "$work/rep/answers.md"
finish
