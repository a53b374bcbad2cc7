#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report_plots.sh: the strip plot of every run (KERNEL-VARIANT-CLASS-HOST-runs.png, from
# plot-runs.csv) and the speedup against task size (tasksize-speedup-HOST.png) on data that
# once broke gnuplot: a group with a single run, a group and a whole case with no verified
# run, a CSV of one class only, times in ms and in s, several hosts. Every plot must be a
# PNG of the set size, inline SVG in report.html, linked from report.md, and gnuplot must
# say nothing on stderr but its notes on the cases it skips. Skips without gnuplot.
set -euo pipefail

FORKOMP=${FORKOMP:-bin/forkomp}
root=$(cd "$(dirname "$0")/../.." && pwd)
command -v gnuplot >/dev/null || { echo "report_plots.sh: skipped: gnuplot is not installed"; exit 0; }
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-plots-test-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

head="timestamp,host,kernel,variant,class,model,workers,procs,threads,schedule,chunk,tasks,rep,wall_s,user_s,sys_s,maxrss_kib,rss_sum_kib,result,verified,status"
# row HOST VARIANT CLASS MODEL WORKERS WALL [VERIFIED STATUS]
row() { echo "2024-01-01T00:00:00Z,$1,primes,$2,$3,$4,$5,1,$5,static,1,8,1,$6,$6,0,1000,1000,1,${7:-1},${8:-ok}"; }
{
    echo "$head"
    # lab, in ms: serial 5 runs; fork at 2 a single run; omp at 2 bimodal (the issue's
    # 33.7-36.3 ms against 40.7-44.9 ms) with one unverified run; omp at 4 every run crashed.
    for t in 0.0700 0.0710 0.0720 0.0730 0.0740; do row h1 trial lab serial 1 $t; done
    row h1 trial lab fork 2 0.0380
    for t in 0.0337 0.0345 0.0363 0.0407 0.0420 0.0449; do row h1 trial lab omp 2 $t; done
    row h1 trial lab omp 2 0.0300 0 ok
    for t in 0.05 0.06; do row h1 trial lab omp 4 $t 0 crashed:SIGKILL; done
    # a case with no verified run at all (exercise 7's --fault): skipped, without an error
    for m in serial fork; do row h1 trial allfail $m 1 0.01 0 crashed:SIGSEGV; done
    # A, in seconds: 250 ms a task
    for t in 1.9 2.0 2.1; do row h1 sieve A serial 1 $t; done
    for t in 1.0 1.1 1.2; do row h1 sieve A omp 2 $t; done
} >"$tmp/h1.csv"
{
    echo "$head" # one class only
    for t in 0.010 0.011 0.012; do row h2 trial S serial 1 $t; done
    for w in 1 2; do for t in 0.011 0.012; do row h2 trial S omp $w $t; done; done
    for w in 1 2; do for t in 0.011 0.012; do row h2 trial S mpi $w $t; done; done # memory apart
} >"$tmp/h2.csv"

# png_ok FILE: a PNG of the terminal's size (1100 x 640 the task-size plot, 760 x 520 a case's
# plots: two side by side in report.html), else a failure.
png_ok() {
    local magic size want=760x520
    [[ $1 == */tasksize-speedup-* ]] && want=1100x640
    magic=$(head -c 8 "$1" 2>/dev/null | od -An -tx1 | tr -d ' \n')
    size=$(od -An -tu1 -j16 -N8 "$1" 2>/dev/null | awk '{print $3 * 256 + $4 "x" $7 * 256 + $8}')
    [[ $magic == 89504e470d0a1a0a && $size == "$want" ]] || fail "$1: not a $want PNG ($magic, $size)"
}
# report OUT CSV...: a report; anything on stderr but gnuplot's notes of skipped cases fails.
report() {
    local out=$1
    shift
    "$FORKOMP" report "$@" --out "$tmp/$out" >"$tmp/$out.stdout" 2>"$tmp/$out.stderr" ||
        fail "report $out exited $?"
    ! grep -v '^forkomp.gp: .*: no verified run, nothing to plot$' "$tmp/$out.stderr" ||
        fail "report $out: stderr above (gnuplot)"
}
# plotted OUT NAME: NAME (relative to OUT) is a PNG, linked from report.md, inline in report.html.
plotted() {
    png_ok "$tmp/$1/$2"
    grep -qF "]($2)" "$tmp/$1/report.md" || fail "$1/report.md does not link $2"
    grep -A1 -F "data-plot=\"$2\"" "$tmp/$1/report.html" | grep -q '^<svg' ||
        fail "$1/report.html: $2 is not an inline SVG"
}

# figure OUT NAME: the inline SVG of plot NAME in OUT/report.html.
figure() {
    awk -v n="data-plot=\"$2\"" 'index($0, n) { on = 1 } on { print } on && /<\/figure>/ { exit }' \
        "$tmp/$1/report.html"
}
# text_y TEXT: the height (px from the top) of the first SVG text starting with TEXT on stdin.
text_y() {
    awk -v t="<text>$1" '/translate\(/ { y = $0; sub(/.*translate\([^,]*,/, "", y); sub(/\).*/, "", y) }
        index($0, t) { print y + 0; exit }'
}

report one "$tmp/h1.csv"
for c in trial-lab sieve-A; do
    for what in time runs speedup efficiency memory; do plotted one "primes-$c-h1-$what.png"; done
done
plotted one tasksize-speedup-h1.png
grep -qF "## Speedup against the size of a task" "$tmp/one/report.md" || fail "no task-size section"
# Both classes named on the top axis; the lines in the models' order (fork before omp).
svg=$(figure one tasksize-speedup-h1.png)
for want in "lab (trial)" "A (sieve)" "Speedup at 2 workers" "processes (fork)" "threads (omp)"; do
    grep -qF "$want" <<<"$svg" || fail "tasksize-speedup-h1: no '$want'"
done
[[ $(grep -o "processes (fork)\|threads (omp)" <<<"$svg" | head -1) == "processes (fork)" ]] ||
    fail "tasksize-speedup-h1: omp before fork"
# A line per model and job: omp has a point in both jobs, each job a point shape of its own.
for want in "job primes-sieve" "job primes-trial" "x faster than serial" "(time, log scale)"; do
    grep -qF "$want" <<<"$svg" || fail "tasksize-speedup-h1: no '$want'"
done
# The legends below the data and the axis title, outside the plot; units on the axes.
for what in time speedup efficiency memory runs; do
    svg=$(figure one "primes-trial-lab-h1-$what.png")
    key=$(text_y "threads (omp)" <<<"$svg") axis=$(text_y "workers (count" <<<"$svg")
    [[ -n $key && -n $axis ]] && awk -v k="$key" -v a="$axis" 'BEGIN { exit !(k > a) }' ||
        fail "primes-trial-lab-h1-$what: the legend (y $key) is not below the axis title (y $axis)"
done
for want in "wall time (ms)" "x faster than serial" "1 = ideal" "memory (MiB)"; do
    grep -qF "$want" "$tmp/one/report.html" || fail "no axis says '$want'"
done
svg=$(figure one primes-trial-lab-h1-runs.png)
for want in "median (bar)" "wall time (ms)" "serial" "threads (omp)"; do
    grep -qF "$want" <<<"$svg" || fail "primes-trial-lab-h1-runs: no '$want'"
done
grep -qF "wall time (s)" <<<"$(figure one primes-sieve-A-h1-runs.png)" ||
    fail "primes-sieve-A-h1-runs: not in seconds"
! ls "$tmp/one" | grep -q allfail || fail "plots of a case without a verified run"
grep -qF "primes (trial), class allfail, host h1: no verified run" "$tmp/one.stderr" ||
    fail "no note on the case without a verified run"

# plot-runs.csv holds every verified run and each group's median (run 0), in lanes and slots.
runs() { # runs LABEL WORKERS CLASS: "N MEDIAN SLOT LANE/LANES" of that group
    awk -F, -v l="$1" -v w="$2" -v c="$3" 'NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
        $ix["label"] == l && $ix["workers"] == w && $ix["class"] == c {
            if ($ix["run"] > 0) n++; else m = $ix["wall_s"] + 0
            s = $ix["slot"] "," $ix["lane"] "/" $ix["lanes"] }
        END { print n + 0, m, s }' "$tmp/one/plot-runs.csv"
}
[[ $(runs omp 2 lab) == "6 0.0385 2,3/3" ]] || fail "omp 2 in plot-runs.csv: $(runs omp 2 lab)"
[[ $(runs fork 2 lab) == "1 0.038 2,2/3" ]] || fail "fork 2 in plot-runs.csv: $(runs fork 2 lab)"
[[ $(runs serial 1 lab) == "5 0.072 1,1/3" ]] || fail "serial in plot-runs.csv: $(runs serial 1 lab)"
[[ $(runs omp 4 lab) == "0  " ]] || fail "omp 4 (all crashed) in plot-runs.csv: $(runs omp 4 lab)"

report single "$tmp/h2.csv"
for what in time runs speedup efficiency memory memory-others; do
    plotted single "primes-trial-S-h2-$what.png"
done
# MPI apart: processes and threads alone on the memory plot, mpi on the other models'.
svg=$(figure single primes-trial-S-h2-memory.png)
grep -qF "threads (omp)" <<<"$svg" && ! grep -qF "<text>mpi</text>" <<<"$svg" ||
    fail "primes-trial-S-h2-memory: not processes and threads alone"
grep -qF "<text>mpi</text>" <<<"$(figure single primes-trial-S-h2-memory-others.png)" ||
    fail "primes-trial-S-h2-memory-others: no mpi"
[[ ! -e $tmp/one/primes-trial-lab-h1-memory-others.png ]] || fail "a plot of no other models"
plotted single tasksize-speedup-h2.png

# Several hosts: every per-host plot in hosts/HOST/.
report both "$tmp/h1.csv" "$tmp/h2.csv"
plotted both hosts/h1/primes-trial-lab-h1-runs.png
plotted both hosts/h1/tasksize-speedup-h1.png
plotted both hosts/h2/tasksize-speedup-h2.png

# Re-plotted by hand from summary.csv alone (no plot-runs.csv): the others, no error.
mkdir "$tmp/hand"
cp "$tmp/one/summary.csv" "$tmp/hand/"
gnuplot -c "$root/results/forkomp.gp" "$tmp/hand/summary.csv" 2>"$tmp/hand.stderr" ||
    fail "gnuplot by hand exited $?"
! grep -v 'no verified run, nothing to plot$' "$tmp/hand.stderr" || fail "gnuplot by hand: stderr above"
png_ok "$tmp/hand/primes-trial-lab-h1-time.png"
[[ ! -e "$tmp/hand/primes-trial-lab-h1-runs.png" ]] || fail "a strip plot without plot-runs.csv"

# Re-plotted into a folder that does not exist: a one-line message and a non-zero exit, not
# an error per plot and exit 0 (issue 26).
rc=0
gnuplot -c "$root/results/forkomp.gp" "$tmp/hand/summary.csv" "$tmp/no/such/dir" \
    >"$tmp/missing.out" 2>&1 || rc=$?
[[ $rc != 0 ]] || fail "gnuplot into a missing folder exited 0"
grep -q "forkomp.gp: $tmp/no/such/dir is not a folder" "$tmp/missing.out" ||
    fail "gnuplot into a missing folder: $(head -n 2 "$tmp/missing.out")"

# An input named like the new output is refused, not overwritten.
cp "$tmp/h2.csv" "$tmp/one/plot-runs.csv"
rc=0
"$FORKOMP" report "$tmp/one/plot-runs.csv" --out "$tmp/one" >/dev/null 2>&1 || rc=$?
[[ $rc == 2 ]] || fail "report over its own plot-runs.csv: exit $rc, expected 2"

if ((fails)); then
    echo "report_plots.sh: $fails failure(s)" >&2
    exit 1
fi
echo "report_plots.sh: ok"
