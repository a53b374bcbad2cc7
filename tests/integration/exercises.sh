#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# exercises.sh: the commands of docs/teaching.md's seven exercises ("Teaching with forkomp"),
# as written, on the smallest classes (S for lab, A, skew and W) and 1 or 2 repetitions, so
# that a change that breaks an exercise (an option, a label, a plot the text names, the
# report's folder) fails here. Each exercise writes into a folder of its own and the report
# goes to NAME-report/ beside its CSV, never into the folder the commands ran from.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"
cd "$work" || exit 1
r=(--reps 1 --warmup 0 --quiet)

# report NAME CSV: forkomp report CSV, exit 0, no gnuplot error, the report in CSV-report/
report() {
    "$F" report "$2" >"$work/$1.report" 2>&1
    check_rc "$1: report" 0 $?
    grep -q "gnuplot failed\|undefined!" "$work/$1.report" && fail "$1: gnuplot failed"
    [ -s "${2%.csv}-report/report.md" ] || fail "$1: no ${2%.csv}-report/report.md"
}

# variants EX KERNEL CSV VARIANT...: KERNEL's class S in each VARIANT in turn (stopping at a
# failure) on serial, fork and omp at 1 and 2 workers into EX/CSV, exit 0, then its report
variants() {
    local ex=$1 kernel=$2 csv=$3 v rc=0
    shift 3
    mkdir -p "$ex"
    for v; do
        "$F" "$kernel" --class S --variant "$v" --models serial,fork,omp --workers 1,2 "${r[@]}" \
            --csv "$csv" || { rc=$?; break; }
    done
    check_rc "$ex: runs" 0 $rc
    report "$ex" "$csv"
}

# 1. granularity, and --inputs lists as classes of their own
mkdir -p ex1
"$F" primes --class S "${r[@]}" --csv ex1/g.csv &&
    "$F" primes --class S --models serial,fork,omp --workers 1,2 "${r[@]}" --csv ex1/g.csv &&
    "$F" primes --inputs 2000,2100 --models serial,fork --workers 2 "${r[@]}" --csv ex1/g.csv &&
    "$F" primes --inputs 3000,3100 --models serial,fork --workers 2 "${r[@]}" --csv ex1/g.csv &&
    "$F" primes --inputs 2000,2100 --models serial --workers 2 "${r[@]}" --csv ex1/g.csv
check_rc "ex1: runs" 0 $?
report ex1 ex1/g.csv
check_grep "ex1" "Time beyond the ideal" ex1/g-report/report.md
ls ex1/g-report/tasksize-speedup-*.png >/dev/null 2>&1 || fail "ex1: no tasksize-speedup plot"
n=$("$PY" -c 'import csv, sys
print(len({r["class"] for r in csv.DictReader(open(sys.argv[1])) if r["class"].startswith("inputs")}))' ex1/g.csv)
[ "$n" = 2 ] || fail "ex1: two --inputs lists gave $n classes (want 2: one per list)"

# 2. schedules: fork-dyn and omp-dyn beside fork and omp
mkdir -p ex2
"$F" primes --class S --models serial,fork,omp --workers 2 "${r[@]}" --csv ex2/s.csv &&
    "$F" primes --class S --models fork,omp --schedule dynamic --chunk 1 --workers 2 "${r[@]}" \
        --csv ex2/s.csv
check_rc "ex2: runs" 0 $?
report ex2 ex2/s.csv
for l in fork omp fork-dyn omp-dyn; do
    grep -q ",$l,.*,2," ex2/s-report/summary.csv || fail "ex2: no $l group at 2 workers"
done

# 3. memory: make bench's folder stays at results/latest-bench after a quick run
CLASSES=S:trial MODELS=serial,fork WORKERS=1,2 REPS=1 WARMUP=0 HYPERFINE=none SPAWN_CLASS=none \
    RESULTS="$work/results" FORKOMP="$F" bash "$root/harness/bench/bench.sh" full \
    >"$work/ex3.full" 2>&1
check_rc "ex3: bench full" 0 $?
full=$(readlink "$work/results/latest-bench")
sleep 1 # a new folder name (UTC seconds)
CLASSES=S:trial MODELS=serial,fork WORKERS=1,2 REPS=1 WARMUP=0 HYPERFINE=none SPAWN_CLASS=none \
    RESULTS="$work/results" FORKOMP="$F" bash "$root/harness/bench/bench.sh" quick \
    >"$work/ex3.quick" 2>&1
check_rc "ex3: bench quick" 0 $?
[ -n "$full" ] && [ "$(readlink "$work/results/latest-bench")" = "$full" ] ||
    fail "ex3: latest-bench moved by bench-quick (or missing)"
[ "$(readlink "$work/results/latest")" != "$full" ] || fail "ex3: latest not moved by quick"
ls "$work/results/latest-bench/"*-memory.png >/dev/null 2>&1 ||
    fail "ex3: no memory plot in results/latest-bench"
# bench.sh's manifest: one line per forkomp command, with the fields the report matches by
check_grep "ex3: manifest.csv lists the bench's command" \
    '^harness,primes,S,trial,"serial,fork","1,2",-,-,1,-,"forkomp primes --class S --variant trial ' \
    "$work/results/latest-bench/manifest.csv"

# 4. Karp-Flatt at 1, 2 and 4 workers
mkdir -p ex4
"$F" primes --class S --models serial,omp,fork --workers 1,2,4 --reps 2 --warmup 0 --quiet \
    --csv ex4/k.csv
check_rc "ex4: runs" 0 $?
report ex4 ex4/k.csv
head -1 ex4/k-report/summary.csv | grep -q karp_flatt || fail "ex4: no karp_flatt column"
for p in efficiency runs; do
    ls ex4/k-report/primes-trial-S-*-$p.png >/dev/null 2>&1 || fail "ex4: no $p plot"
done

# 5. sieve against trial division
variants ex5 primes ex5/v.csv sieve trial

# 6. ogr against raw, and strace of one serial ogr repetition of class S
variants ex6 shapefiles ex6/shp.csv ogr raw
if command -v strace >/dev/null && strace -f -o /dev/null true 2>/dev/null; then
    # (LeakSanitizer cannot run under ptrace: off for this run of a SANITIZE=1 build)
    ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0 \
        strace -c -f -o ex6/strace.txt "$F" shapefiles --class S --variant ogr --models serial \
        --reps 1 --warmup 0 --quiet >/dev/null 2>&1
    check_rc "ex6: strace" 0 $?
    check_grep "ex6: strace" "total" ex6/strace.txt
fi

# 7. a crashing task: the runs fail (exit 1), the report still works and draws no empty plot
mkdir -p ex7
"$F" primes --class S --models fork,omp --workers 2 --reps 1 --warmup 0 --fault crash:3 \
    --csv ex7/f.csv --quiet >/dev/null 2>&1
check_rc "ex7: runs" 1 $?
report ex7 ex7/f.csv
grep -q "failed:task 3 crashed" ex7/f.csv || fail "ex7: fork's status"
grep -q "crashed:SIGSEGV" ex7/f.csv || fail "ex7: omp's status"

# As docs/teaching.md writes them, the exercises' commands that compare models ask for 6
# repetitions or more (or --reps auto): 6 is the fewest whose [min, max] covers the median
# with 95% probability; with fewer the report flags every comparison. --fault (ex7) and
# one-model runs compare nothing and are exempt.
awk '/^## Exercises/ { on = 1 } on' "$root/docs/teaching.md" |
    grep -o 'bin/forkomp \(primes\|shapefiles\) [^`&;]*' >"$work/ex-cmds.txt"
[ -s "$work/ex-cmds.txt" ] || fail "no exercise commands found in docs/teaching.md"
while read -r cmd; do
    [[ $cmd == *--fault* ]] && continue
    models=$(sed -n 's/.*--models \([^ ]*\).*/\1/p' <<<"$cmd")
    [[ -n $models && $models != *,* ]] && continue
    reps=$(sed -n 's/.*--reps \([^ ]*\).*/\1/p' <<<"$cmd")
    [[ $reps == auto* ]] || [[ ${reps:-0} -ge 6 ]] || fail "docs/teaching.md exercise: --reps ${reps:-5 (default)}, not 6: $cmd"
done <"$work/ex-cmds.txt"
rm -f "$work/ex-cmds.txt"

# nothing but the exercises' folders (and ex3's results) where the commands ran
extra=$(ls -A "$work" | grep -v '^ex[1-7]\(\.\|$\)\|^results$')
[ -z "$extra" ] || fail "files left where the exercises ran: $extra"
finish
