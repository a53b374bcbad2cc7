#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# report.sh: `forkomp report` on hand-written CSVs (tests/fixtures/report_*.csv) whose
# statistics are computed by hand below: medians, intervals, speedups, Karp-Flatt, counts of
# failed runs and outliers, the computed answer in report.md, the PNG plots; and bad CSVs
# (missing column, non-numeric value, empty file, unclosed quote) exit 2 with a clear message;
# spawn rows get their own section and granularity plot (tests/fixtures/report_spawn.csv).
set -euo pipefail
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# field HOST CLASS LABEL WORKERS COLUMN: one value of summary.csv, found by column name.
field() {
    awk -F, -v h="$1" -v c="$2" -v l="$3" -v w="$4" -v col="$5" '
        NR == 1 { for (i = 1; i <= NF; i++) ix[$i] = i; next }
        $ix["host"] == h && $ix["class"] == c && $ix["label"] == l && $ix["workers"] == w {
            print $ix[col]; found = 1 }
        END { if (!found) print "MISSING" }' "$work/out/summary.csv"
}

# expect HOST CLASS LABEL WORKERS COLUMN VALUE: compares numbers within 1e-6 ("" for empty).
expect() {
    local got
    got=$(field "$1" "$2" "$3" "$4" "$5")
    if [[ -z "$6" ]]; then
        [[ -z "$got" ]] || fail "$3 W=$4 $5: expected empty, got '$got'"
        return
    fi
    awk -v a="$got" -v b="$6" 'BEGIN { d = a - b; exit !(a != "" && a != "MISSING" &&
        d < 1e-6 && d > -1e-6) }' || fail "$3 W=$4 $5: expected $6, got '$got'"
}

# expect_cols HOST CLASS LABEL WORKERS COLUMN VALUE [COLUMN VALUE...]: expect for each pair.
expect_cols() {
    local group=("$1" "$2" "$3" "$4")
    shift 4
    while (($#)); do
        expect "${group[@]}" "$1" "$2"
        shift 2
    done
}

"$F" report "$fixtures/report_basic.csv" "$fixtures/report_old.csv" --out "$work/out" \
    >"$work/stdout" 2>"$work/stderr" || fail "report exited $? ($(cat "$work/stderr"))"

# Serial: 0.98 0.99 1.00 1.01 1.02 -> median 1, sample stddev sqrt(0.001/4); 5 runs have no
# 95% binomial interval, so [min, max] with coverage 1 - 2/32.
expect_cols labhost lab serial 1 median_s 1.00 \
    stddev_s "$(awk 'BEGIN { printf "%.9g", sqrt(0.001 / 4) }')" ci_lo_s 0.98 ci_hi_s 1.02 \
    ci_level "$(awk 'BEGIN { printf "%.9g", 1 - 2 / 32 }')" karp_flatt ""
# fork at 2: 0.50 0.51 0.52 0.53 0.90 (+1 crashed): median 0.52, MAD 0.01 -> 0.90 is the one
# outlier (|0.38| > 3 x 1.4826 x 0.01) and stays in the mean (2.96 / 5).
expect_cols labhost lab fork 2 runs 5 failed 1 median_s 0.52 mean_s 0.592 outliers 1 \
    speedup "$(awk 'BEGIN { printf "%.9g", 1 / 0.52 }')" \
    efficiency "$(awk 'BEGIN { printf "%.9g", 1 / 0.52 / 2 }')" \
    karp_flatt "$(awk 'BEGIN { printf "%.9g", (0.52 - 1 / 2) / (1 - 1 / 2) }')" \
    cpu_s 1.04 rss_sum_kib 6200 maxrss_kib 2100 oversubscribed 0
# omp at 2: an ok row that did not verify is counted as failed, not timed.
expect_cols labhost lab omp 2 runs 5 failed 1 median_s 0.50 speedup 2 karp_flatt 0 outliers 0
# 4 workers on 2 cores: oversubscribed; Karp-Flatt by hand.
expect_cols labhost lab fork 4 oversubscribed 1 \
    karp_flatt "$(awk 'BEGIN { printf "%.9g", (0.60 - 1 / 4) / (1 - 1 / 4) }')"
expect labhost lab omp 4 karp_flatt "$(awk 'BEGIN { printf "%.9g", (0.55 - 1 / 4) / (1 - 1 / 4) }')"
# hybrid: 6 runs, an even median (0.58 + 0.59) / 2; [min, max] now covers 1 - 2/64 >= 95%;
# speedup interval from the serial and hybrid intervals.
expect_cols labhost lab hybrid 4 median_s 0.585 \
    ci_level "$(awk 'BEGIN { printf "%.9g", 1 - 2 / 64 }')" ci_lo_s 0.56 ci_hi_s 0.61 \
    speedup_lo "$(awk 'BEGIN { printf "%.9g", 0.98 / 0.61 }')" \
    speedup_hi "$(awk 'BEGIN { printf "%.9g", 1.02 / 0.56 }')" procs 2
# the older file (contract columns only): no cpus, its own serial baseline.
expect_cols oldhost A omp 2 speedup 2 cpus ""
expect oldhost A serial 1 median_s 2.0

grep -q "^labhost *primes *trial *lab *fork *4\*" "$work/stdout" || fail "table lacks fork 4*"
md="$work/out/report.md"
# The verdicts (comparisons.csv and report.md alike), checked against R 4.x:
#   wilcox.test(c(.58,.59,.60,.61,.62), c(.53,.54,.55,.56,.57), conf.int = TRUE): est 0.05, CI
#     0.02 0.08 (exact), as % of omp's 0.55: 9.0909, 3.6364, 14.5455: threads faster;
#   fork 2 (.50 .51 .52 .53 .90; the crashed run not timed) vs omp 2 (.49 .50 .50 .50 .51; the
#     unverified run not timed): ties, so the normal approximation: est 0.019993, CI
#     -0.0000036 0.399962 (uniroot, tol 1e-4), here the exact jumps 0 and 0.4: undecided;
#   hybrid 4 (.56 ... .61) vs omp 4: ties: CI 1.8132% to 10.9141% (R) = 0.01 / 0.55, 0.06 / 0.55.
cmp_csv="$work/out/comparisons.csv"
[[ $(head -1 "$cmp_csv") == "kernel,variant,class,workers,a_model,b_model,a_runs,b_runs,a_median_s,b_median_s,shift_s,shift_pct,ci_lo_pct,ci_hi_pct,verdict,kind,pairs,method,ratio,ratio_lo,ratio_hi,ci_level,decided,unreliable" ]] ||
    fail "comparisons.csv header: $(head -1 "$cmp_csv")"
# Files without rounds: the two-sample method, as ratios (1 + shift / omp's median) with the
# 1.02x margin: hybrid's CI 1.018x to 1.109x excludes 1 but not the margin: undecided.
for want in "primes,trial,lab,4,fork,omp,5,5,0.6,0.55,0.05,9.0909,3.6364,14.5455,threads faster: processes take 1.091x the time of threads (95% CI 1.036x to 1.145x),models,0,unpaired,1.090909,1.036364,1.145455," \
    "primes,trial,lab,2,fork,omp,5,5,0.52,0.5,0.02,4.0000,0.0000,80.0000,\"undecided: processes take 1.040x the time of threads (95% CI 1.000x to 1.800x), neither beyond nor within 1.02x; run more repetitions\",models,0,unpaired,1.040000,1.000000,1.800000,0.9500,0,0" \
    "primes,trial,lab,4,hybrid,omp,6,5,0.585,0.55,0.035,6.3636,1.8182,10.9091,\"undecided: hybrid takes 1.064x the time of omp (95% CI 1.018x to 1.109x), neither beyond nor within 1.02x; run more repetitions\",models,0,unpaired,1.063636,1.018182,1.109091,0.9500,0,0"; do
    grep -qF -- "$want" "$cmp_csv" || fail "comparisons.csv lacks '$want'"
done
[[ $(wc -l <"$cmp_csv") == 4 ]] || fail "comparisons.csv: $(wc -l <"$cmp_csv") lines, expected 4"
for want in "threads faster: processes take 1.091x the time of threads (95% CI 1.036x to 1.145x)" \
    "undecided: processes take 1.040x the time of threads (95% CI 1.000x to 1.800x)" \
    "## The answer first" "### Processes against threads at every worker count" \
    "undecided: hybrid takes 1.064x the time of omp (95% CI 1.018x to 1.109x)" \
    "4 workers on 2 cores are" \
    "Hybrid, 2 processes x 2 threads" "crashed:SIGKILL" "Processes used on average" \
    'Fake CPU, "quoted" @ 2.20GHz' "## The answer" "not recorded (an older CSV format)"; do
    grep -qF -- "$want" "$md" || fail "report.md lacks '$want'"
done
# 5 runs give a 93.8% interval of the median: the prose names that coverage, never 95%.
for want in "5 / 5 (too few for 95%: the medians' CIs cover 93.8% / 93.8%)" \
    "omp 550 ms [530 ms, 570 ms], 5 runs (a 93.8% CI: too few runs for 95%)" \
    "980 ms – 1.020 s (93.8%)"; do
    grep -qF -- "$want" "$md" || fail "report.md lacks '$want'"
done
! grep -qF "95% CI of each median" "$md" || fail "report.md calls a 93.8% interval a 95% CI"
[[ "$(grep '^## ' "$md" | tail -n 1)" == "## The answer: sub-processes or threads?" ]] ||
    fail "report.md does not end with the answer"

if command -v gnuplot >/dev/null; then
    for what in time speedup efficiency memory; do
        png="$work/out/hosts/labhost/primes-trial-lab-labhost-$what.png" # two hosts: a folder each
        [[ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] ||
            fail "$png is not a PNG"
        grep -qF "](hosts/labhost/primes-trial-lab-labhost-$what.png)" "$md" ||
            fail "report.md lacks $what plot"
    done
fi

# Spawn rows (kernel spawn, tests/fixtures/report_spawn.csv) get their own section, not the
# generic ones. Serial primes lab: 0.070 0.072 0.080 -> median 72 ms / 8 tasks = 9 ms a task.
# fork-exec per_op_s 1.7 1.8 1.6 ms -> median 1.7 ms, min 1.6 ms: 1.7 / 9 = 18.9% -> 19% (bold,
# at least 10%); pool-task 7 8 6 us -> 7 us / 9 ms = 0.0778%; pthread 12 us / 9 ms = 0.133%.
# fork 500 ms vs omp 20 ms at 2 workers, one run each: no interval, so no verdict.
"$F" report "$fixtures/report_spawn.csv" --out "$work/spawn" >/dev/null 2>"$work/stderr" ||
    fail "report of spawn rows exited $? ($(cat "$work/stderr"))"
smd="$work/spawn/report.md"
for want in "## What a process costs (forkomp spawn)" \
    "| start a tiny program (fork, then exec) and wait for it | \`fork-exec\` | process | as started | 1 | 3 | 1.7 ms | 1.6 ms | **19%** |" \
    "| pool of processes, one task handed to a worker and back | \`pool-task\` | process | as started | 2 | 3 | 7 us | 6 us | 0.078% |" \
    "| start a thread and wait for it (join) | \`pthread\` | thread | as started | 1 | 1 | 12 us | 12 us | 0.13% |" \
    "vs primes trial lab task (9 ms)" \
    "9 ms of work per task (serial median 72 ms / 8 tasks)" \
    "10% of the work or more with: start a tiny program (fork, then exec) and wait for it (\`fork-exec\`, W=1, parent as started) **19%**." \
    "pool of processes, one task handed to a worker and back (\`pool-task\`, W=2, parent as started) at 7 us, is 0.078% of a task" \
    "undecided: too few runs for a 95% CI (this one, 25.000x to 25.000x, covers only 0%)"; do
    grep -qF -- "$want" "$smd" || fail "spawn report.md lacks '$want'"
done
! grep -q "^### spawn\|spawn (" "$smd" || fail "spawn rows in the generic sections"
# 3 primes groups; the 3 spawn groups are not counted (they report per-op median and min).
grep -qF -- "- 3 groups have fewer than 6 runs" "$smd" || fail "spawn groups in the few-runs warning"
! ls "$work/spawn" | grep -v granularity | grep -q "^spawn-" || fail "generic plots of spawn rows"
if command -v gnuplot >/dev/null; then
    png="$work/spawn/spawn-granularity-labhost.png"
    [[ "$(head -c 8 "$png" 2>/dev/null | od -An -tx1 | tr -d ' \n')" == 89504e470d0a1a0a ]] ||
        fail "$png is not a PNG"
    grep -qF "](spawn-granularity-labhost.png)" "$smd" || fail "report.md lacks the granularity plot"
fi

# Without gnuplot: a warning, the report, no plots, exit 0.
mkdir "$work/nobin"
PATH="$work/nobin" "$F" report "$fixtures/report_old.csv" --out "$work/nogp" >/dev/null \
    2>"$work/stderr" || fail "report without gnuplot exited $?"
grep -q "gnuplot is not installed" "$work/stderr" || fail "no warning without gnuplot"
[[ -f "$work/nogp/report.md" ]] || fail "no report.md without gnuplot"

# Bad input: exit 2 and a message naming the file (and line).
: >"$work/empty.csv"
bad() { # bad EXPECTED-MESSAGE ARGS...
    local want=$1 rc=0
    shift
    "$F" report "$@" --out "$work/bad" >/dev/null 2>"$work/stderr" || rc=$?
    [[ $rc == 2 ]] || fail "report $*: exit $rc, expected 2"
    grep -qF -- "$want" "$work/stderr" || fail "report $*: message lacks '$want': $(cat "$work/stderr")"
    [[ ! -e "$work/bad/summary.csv" ]] || fail "report $*: wrote summary.csv from bad input"
}
bad "report_missing_col.csv: missing required column 'wall_s'" "$fixtures/report_missing_col.csv"
bad "report_nonnumeric.csv:3: column wall_s: 'fast' is not a number" \
    "$fixtures/report_nonnumeric.csv"
bad "empty.csv: empty file" "$work/empty.csv"
bad "report_unclosed.csv:2: quoted field is never closed" "$fixtures/report_unclosed.csv"
bad "nonexistent.csv: No such file" "$work/nonexistent.csv"
bad "missing required column" "$fixtures/report_basic.csv" "$fixtures/report_missing_col.csv"
bad "no CSV files" --out "$work/bad"
"$F" report --help | grep -q "forkomp report CSV" || fail "report --help"

finish
