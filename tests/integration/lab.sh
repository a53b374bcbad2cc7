#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# lab.sh: `make lab`'s run (harness/bench/bench.sh lab) into a private results folder: every
# row verified, both jobs on every model at 1 and 2 workers (the MPI models when this forkomp
# has them), the lab's Python with processes and threads in compare.csv, the report with
# answers.md (one answer per worksheet question) and the six-line answer printed at the end,
# which names both shapefile lessons (class S: what starting workers costs; class L: where
# processes and threads pay off, run serial, fork and omp at 2 workers); LABEL names the host
# of every row. No timing is asserted (it takes about 30 s here).
set -euo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

rc=0
FORKOMP=$F RESULTS=$work/results LABEL=student-1 bash "$root/harness/bench/bench.sh" lab \
    >"$work/stdout" 2>"$work/stderr" || rc=$?
[[ $rc == 0 ]] || fail "bench.sh lab exited $rc: $(tail -n 5 "$work/stderr")"
out=$(readlink -f "$work/results/latest")
csv=$out/bench.csv

# Every row verified and labelled; every model at 1 and 2 workers for both jobs.
awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next } $1 == "timestamp" { next }
    $c["status"] != "ok" || $c["verified"] != 1 || $c["host"] != "student-1" { bad++ }
    END { exit bad > 0 }' "$csv" || fail "rows that failed, did not verify or lack the label"
models="serial fork omp hybrid"
moddir=${FORKOMP_MODULE_DIR:-$(dirname "$(dirname "$(readlink -f "$F")")")/lib/forkomp}
[[ -r $moddir/fk-mpi.so ]] && command -v mpirun >/dev/null && mpi=1 || mpi=0
for kernel in primes shapefiles; do
    for m in $models; do
        for w in 1 2; do
            [[ $m == serial && $w == 2 ]] && continue
            awk -F, -v k=$kernel -v m=$m -v w=$w 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
                $c["kernel"] == k && $c["model"] == m && $c["workers"] == w { n++ } END { exit n < 6 }' "$csv" ||
                fail "$kernel $m at $w workers: fewer than 6 runs"
        done
    done
done
for mw in serial:1 fork:2 omp:2; do
    awk -F, -v m="${mw%:*}" -v w="${mw#*:}" 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i; next }
        $c["kernel"] == "shapefiles" && $c["class"] == "L" && $c["model"] == m && $c["workers"] == w { n++ }
        END { exit n < 6 }' "$csv" || fail "shapefiles class L: $mw: fewer than 6 runs"
done
if ((mpi)); then
    for m in mpi mpi-omp; do
        grep -q ",primes,trial,lab,$m,2," "$csv" || fail "no $m rows at 2 workers"
    done
else
    grep -q "Skipped the MPI models" "$out/bench-notes.md" || fail "no note on the missing MPI"
fi

# The lab's Python: processes and threads, verified.
for label in python-pool python-threadpool; do
    grep -q "^primes-lab,$label,3,.*,1," "$out/compare.csv" || fail "compare.csv lacks verified $label"
done

# The answer: six lines at the end of stdout, none of them "not measured"; answers.md has
# one answer per question; report.md opens with the same answers.
# An A/A control called faster (rare: decided at 99.9%) adds a seventh line before them.
grep -A7 "^The answer on this machine" "$work/stdout" | grep '^  ' >"$work/six" || fail "no six-line answer"
if grep -q "^  Can this run tell models apart?: Unreliable run: " "$work/six"; then
    [[ $(wc -l <"$work/six") == 7 ]] || fail "the unreliable answer is not seven lines: $(cat "$work/six")"
else
    [[ $(wc -l <"$work/six") == 6 ]] || fail "the answer is not six lines: $(cat "$work/six")"
fi
! grep -q "not measured" "$work/six" || fail "part of the answer was not measured: $(cat "$work/six")"
grep -q "^  primes (trial), class lab, 2 workers, processes or threads: " "$work/six" || fail "line 1"
grep -q "^  shapefiles (raw), class L, where processes and threads pay off, 2 workers: speedup over serial fork [0-9.]*, omp [0-9.]* (serial .*); processes or threads: " \
    "$work/six" || fail "the shapefile line of class L"
grep -q "^  shapefiles (raw), class S, what starting workers costs, 2 workers: speedup over serial fork [0-9.]*, omp [0-9.]* (serial .*); processes or threads: " \
    "$work/six" || fail "the shapefile line of class S"
grep -q "^  Python, the lab's prime script, threads or processes: processes (python-pool) " "$work/six" ||
    fail "the Python line"
cmp -s <(sed -n 's/^  //p' "$work/six") "$out/answer.txt" || fail "stdout and answer.txt differ"
nq=$(grep -c '^## Q[0-9]' "$root/docs/worksheet.md")
diff <(grep '^## Q[0-9]' "$root/docs/worksheet.md") <(grep '^## Q[0-9]' "$out/answers.md") >&2 ||
    fail "answers.md's questions are not the worksheet's"
[[ $(grep -c '^\*\*Answer:\*\* ' "$out/answers.md") == "$nq" ]] || fail "answers.md lacks answers"
# Without MPI only its question (Q8) may say "Not in this data".
[[ $(grep -c '^\*\*Answer:\*\* Not in this data' "$out/answers.md") == $((1 - mpi)) ]] ||
    fail "make lab leaves a worksheet question unanswered: $(grep 'Not in this data' "$out/answers.md")"
sed -n '/^## Q6\./,/^## Q7\./p' "$out/answers.md" >"$work/q6"
for lesson in "class L, where processes and threads pay off" "class S, what starting workers costs"; do
    grep -q "shapefiles (raw), $lesson: .* Speedup at 2 workers: fork " "$work/q6" || fail "answers.md's Q6 lacks $lesson: $(cat "$work/q6")"
done
[[ $(grep -m1 '^## ' "$out/report.md") == "## The answer first" ]] || fail "report.md does not open with the answer"

finish
