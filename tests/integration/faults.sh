#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# faults.sh: fault isolation and timeouts, as docs/teaching.md's lab exercise describes them.
# --fault crash:I / exit:I / hang:I make task I misbehave: in the fork model only task I fails
# (its signal named) and the pool completes the others; in omp and serial the run's process
# dies, the harness records it and goes on with the next run; hybrid workers are processes,
# so a crash takes only that process's tasks. Every case exits 1, leaves no process behind,
# and the CSV holds one whole row per run. --timeout bounds a hanging run (and in the process
# models, a hanging task): fork + omp with a hang fault and --timeout 3 end in well under 20 s.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# run_fault NAME FAULT MODELS [ARGS...]: one rep per model, into $work/NAME.csv
run_fault() {
    local name=$1 fault=$2 models=$3
    shift 3
    "$F" primes --class S --models "$models" --workers 2 --reps 1 --warmup 0 --quiet \
        --fault "$fault" --csv "$work/$name.csv" "$@" >"$work/$name.out" 2>&1
    check_rc "$name" 1 $?
    csv_whole "$name" "$work/$name.csv" "$(echo "$models" | tr ',' '\n' | wc -l)"
    no_leftovers "$name" "$work/$name.csv"
    csv_status "$work/$name.csv" >"$work/$name.status"
}

# expect NAME "MODEL STATUS": that exact line is among NAME's statuses
expect() {
    grep -Fxq -- "$2" "$work/$1.status" ||
        { fail "$1: no row '$2'; got:"; sed 's/^/    /' "$work/$1.status"; }
}

run_fault crash crash:3 fork,omp,hybrid,serial
expect crash "fork failed:task 3 crashed (SIGSEGV)"
expect crash "omp crashed:SIGSEGV"
expect crash "serial crashed:SIGSEGV"
# hybrid at 2 workers is 1 process x 2 threads: the crash takes the sibling thread's task too
grep -Eq '^hybrid failed:task 3 crashed \(SIGSEGV\)' "$work/crash.status" ||
    fail "crash: hybrid row: $(grep ^hybrid "$work/crash.status")"

run_fault exit exit:5 fork,omp,serial
expect exit "fork failed:task 5 exited early (status 3)"
expect exit "omp failed:the run's process exited early (status 3)"
expect exit "serial failed:the run's process exited early (status 3)"

# The first and the last task, and every worker count: only that task fails in fork.
for w in 1 3 8; do
    for i in 0 7; do
        run_fault "crash-w$w-t$i" "crash:$i" fork --workers "$w" --schedule dynamic
        expect "crash-w$w-t$i" "fork failed:task $i crashed (SIGSEGV)"
    done
done

# The shapefile kernel too ("any kernel"): the crash is isolated, the scratch copy removed.
mkdir -p "$work/tmp"
TMPDIR=$work/tmp "$F" shapefiles --class S --models fork,omp --workers 2 --reps 1 --warmup 0 \
    --quiet --fault crash:2 --csv "$work/shp.csv" >"$work/shp.out" 2>&1
check_rc shapefiles 1 $?
csv_status "$work/shp.csv" >"$work/shp.status"
expect shp "fork failed:task 2 crashed (SIGSEGV)"
expect shp "omp crashed:SIGSEGV"
[ -z "$(ls -A "$work/tmp")" ] || fail "shapefiles: scratch left in TMPDIR: $(ls "$work/tmp")"
no_leftovers shapefiles "$work/shp.csv"

# Timeouts: a hung task in fork is killed after T and reported; omp is killed as a whole.
start=$(now)
run_fault hang hang:3 fork,omp --timeout 3
took=$(elapsed "$start")
expect hang "fork timeout"
expect hang "omp timeout"
echo "faults.sh: fork + omp with a hang fault and --timeout 3 took $took s"
[ "$(echo "$took < 20" | bc)" = 1 ] || fail "hang: took $took s, not well under 20 s"

run_fault hang-all hang:0 serial,hybrid --timeout 1
expect hang-all "serial timeout"
grep -Eq '^hybrid timeout$' "$work/hang-all.status" ||
    fail "hang-all: hybrid row: $(grep ^hybrid "$work/hang-all.status")"

# Bad fault specifications are usage errors.
for bad in crash:99 crash boom:1 crash:-1 hang:x; do
    "$F" primes --class S --models serial --reps 1 --fault "$bad" >/dev/null 2>&1
    check_rc "--fault $bad" 2 $?
done

finish
