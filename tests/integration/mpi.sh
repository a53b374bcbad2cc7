#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# mpi.sh: the MPI models (mpi, mpi-omp) with 2 ranks on this machine, both ways of launching
# them: from the harness (forkomp starts mpirun itself) and under mpirun (the ranks measure and
# rank 0 writes the CSV). Every MPI row must give the serial model's `result` and verify, for
# the prime classes S and lab (static and dynamic schedules) and the shapefile class S. A rank
# that dies (--fault crash:1) or hangs (--fault hang:1 with --timeout) is reported, exits
# non-zero, never hangs the test (each command is bounded by `timeout`) and leaves no process
# behind. Without mpirun the test is skipped; without the MPI module, only the usage error is
# checked (tests/integration/modules.sh checks that error in every case). Several tasks that
# fail under mpirun are named on stderr and counted as the harness does.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

if ! command -v mpirun >/dev/null 2>&1; then
    echo "mpi.sh: SKIP: mpirun not found (Debian package openmpi-bin; 'make deps' installs it)"
    exit 0
fi
root=()
[ "$(id -u)" = 0 ] && root=(--allow-run-as-root)
# mpi2 ARGS...: forkomp under mpirun, 2 ranks however many cores this machine has
mpi2() { timeout 120 mpirun "${root[@]}" --oversubscribe --bind-to none -np 2 "$F" "$@"; }
fk() { timeout 120 "$F" "$@"; }

# cols FILE COLUMN...: the named columns of every row of a forkomp CSV, space-separated
cols() {
    "$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])): print(" ".join(r[c] for c in sys.argv[2:]))' "$@"
}

# verified_like_serial NAME FILE SERIAL_CSV: every row of FILE has the serial row's result,
# status ok, verified 1 and a hosts column
verified_like_serial() {
    local want bad
    want=$(cols "$3" model result | awk '$1 == "serial" { print $2; exit }')
    [ -n "$want" ] || { fail "$1: no serial row in $3"; return; }
    bad=$(cols "$2" model result verified status hosts |
        awk -v w="$want" '$2 != w || $3 != 1 || $4 != "ok" || NF != 5')
    [ -z "$bad" ] || fail "$1: rows that do not match serial's result $want: $bad"
}

# Built without MPI (mpirun present, mpicc was not): a usage error naming the packages.
fk primes --class S --models mpi --workers 2 --reps 1 --warmup 0 --quiet >"$work/probe.out" 2>&1
probe=$?
if grep -q "cannot load forkomp's Open MPI module" "$work/probe.out"; then
    check_rc "built without MPI" 2 $probe
    check_grep "built without MPI names the packages" "libopenmpi-dev openmpi-bin" "$work/probe.out"
    echo "mpi.sh: this forkomp has no MPI module: only its usage error was checked"
    finish
    exit
fi
check_rc "probe run" 0 $probe

# mpirun missing from PATH: a usage error naming the package, before any run
PATH=/nonexistent "$F" primes --class S --models serial,mpi --quiet >"$work/nompirun.out" 2>&1
check_rc "no mpirun in PATH" 2 $?
check_grep "no mpirun names the package" "openmpi-bin" "$work/nompirun.out"

# 1. From the harness: serial, mpi (2 ranks) and mpi-omp (1 x 2, then 2 ranks x 2 threads).
for cls in S lab; do
    for sched in static dynamic; do
        name=harness-$cls-$sched
        fk primes --class $cls --models serial,mpi,mpi-omp --workers 2 --reps 1 --warmup 0 \
            --schedule $sched --quiet --csv "$work/$name.csv" >"$work/$name.out" 2>&1
        check_rc "$name" 0 $?
        csv_whole "$name" "$work/$name.csv" 3
        verified_like_serial "$name" "$work/$name.csv" "$work/$name.csv"
        [ "$(cols "$work/$name.csv" model procs threads | grep '^mpi ')" = "mpi 2 1" ] ||
            fail "$name: the mpi row is not 2 ranks x 1 thread"
    done
done
fk primes --class lab --models serial,mpi-omp --workers 4 --procs 2 --reps 1 --warmup 0 \
    --schedule dynamic --chunk 1 --quiet --csv "$work/hybrid.csv" >"$work/hybrid.out" 2>&1
check_rc "mpi-omp 2x2" 0 $?
verified_like_serial "mpi-omp 2x2" "$work/hybrid.csv" "$work/hybrid.csv"
[ "$(cols "$work/hybrid.csv" model procs threads | grep '^mpi-omp')" = "mpi-omp 2 2" ] ||
    fail "mpi-omp 2x2: not 2 ranks x 2 threads"

# 2. Under mpirun: rank 0 alone prints and writes the rows (procs = ranks), no serial row.
for cls in S lab; do
    name=launcher-$cls
    mpi2 primes --class $cls --models mpi,mpi-omp --reps 2 --warmup 0 --schedule dynamic \
        --csv "$work/$name.csv" >"$work/$name.out" 2>&1
    check_rc "$name" 0 $?
    csv_whole "$name" "$work/$name.csv" 4
    verified_like_serial "$name" "$work/$name.csv" "$work/harness-$cls-static.csv"
    [ "$(cols "$work/$name.csv" procs | sort -u)" = 2 ] || fail "$name: procs is not 2"
    [ "$(grep -c '^Sum of primes below' "$work/$name.out")" = \
      "$(cols "$work/harness-$cls-static.csv" tasks | awk 'NR == 1')" ] ||
        fail "$name: the lab's lines are not printed once (by rank 0)"
done
mpi2 primes --class lab --models mpi-omp --workers 4 --reps 1 --warmup 0 --quiet \
    --csv "$work/launcher-2x2.csv" >"$work/launcher-2x2.out" 2>&1
check_rc "launcher mpi-omp 2x2" 0 $?
[ "$(cols "$work/launcher-2x2.csv" procs threads)" = "2 2" ] || fail "launcher 2x2: shape"
mpi2 primes --class S --models serial,mpi --quiet >"$work/launcher-serial.out" 2>&1
check_rc "serial under mpirun" 2 $?
check_grep "serial under mpirun" "only mpi and mpi-omp" "$work/launcher-serial.out"

# 3. A rank that dies, a rank that hangs: reported, bounded, nothing left behind.
fk primes --class lab --models serial,mpi --workers 2 --reps 1 --warmup 0 --quiet \
    --fault crash:1 --csv "$work/crash.csv" >"$work/crash.out" 2>&1
check_rc "harness crash:1" 1 $?
csv_whole "harness crash:1" "$work/crash.csv" 2
cols "$work/crash.csv" model status >"$work/crash.status"
check_grep "harness crash:1" "^mpi failed:the MPI job was aborted: a rank died of SIGSEGV" \
    "$work/crash.status"
no_leftovers "harness crash:1" "$work/crash.csv"

start=$(now)
fk primes --class lab --models mpi --workers 2 --reps 1 --warmup 0 --quiet --fault hang:1 \
    --timeout 3 --csv "$work/hang.csv" >"$work/hang.out" 2>&1
check_rc "harness hang:1 --timeout 3" 1 $?
[ "$(cols "$work/hang.csv" status)" = timeout ] || fail "harness hang: status is not timeout"
[ "$(echo "$(elapsed "$start") < 30" | bc)" = 1 ] || fail "harness hang: took too long"
no_leftovers "harness hang:1" "$work/hang.csv"

mpi2 primes --class lab --models mpi --reps 1 --warmup 0 --quiet --fault crash:1 \
    --csv "$work/lcrash.csv" >"$work/lcrash.out" 2>&1
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "launcher crash:1: exit $rc (0: not reported, 124: hung)"
check_grep "launcher crash:1" "signal 11" "$work/lcrash.out"
no_leftovers "launcher crash:1" "$work/lcrash.csv"

mpi2 primes --class lab --models mpi --reps 1 --warmup 0 --quiet --fault hang:1 --timeout 3 \
    --csv "$work/lhang.csv" >"$work/lhang.out" 2>&1
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "launcher hang:1 --timeout 3: exit $rc"
check_grep "launcher hang:1" "exceeded --timeout" "$work/lhang.out"
no_leftovers "launcher hang:1" "$work/lhang.csv"

# 4. The shapefile kernel: every rank updates its own files in the scratch copy they share.
fk shapefiles --class S --models serial,mpi --workers 2 --reps 1 --warmup 0 --quiet \
    --csv "$work/shp.csv" >"$work/shp.out" 2>&1
check_rc "shapefiles from the harness" 0 $?
verified_like_serial "shapefiles from the harness" "$work/shp.csv" "$work/shp.csv"
mpi2 shapefiles --class S --models mpi --reps 1 --warmup 0 --schedule dynamic --quiet \
    --csv "$work/lshp.csv" >"$work/lshp.out" 2>&1
check_rc "shapefiles under mpirun" 0 $?
verified_like_serial "shapefiles under mpirun" "$work/lshp.csv" "$work/shp.csv"
no_leftovers "shapefiles" "$work/shp.csv"


# 5. Several failed tasks under mpirun are reported as the harness reports them (one status
#    classifier): every failed file named on stderr, the status "...; 2 more tasks failed" on
#    the progress line and in the CSV, word for word as without a launcher. Broken inputs, not
#    --fault: a --fault task kills its rank and mpirun aborts the job, so only inputs that
#    fail on their own make several tasks fail in one run.
"$F" gen --class S --out "$work/bad" >/dev/null
for n in f001_polyline f003_multipoint f006_polygonz; do
    head -c 10 "$work/bad/$n.dbf" >"$work/short.dbf" && mv "$work/short.dbf" "$work/bad/$n.dbf"
done
fk shapefiles --dir "$work/bad" --models serial --reps 1 --warmup 0 --csv "$work/hbad.csv" \
    >"$work/hbad.out" 2>"$work/hbad.err"
check_rc "harness, three bad files" 1 $?
mpi2 shapefiles --dir "$work/bad" --models mpi --reps 1 --warmup 0 --csv "$work/lbad.csv" \
    >"$work/lbad.out" 2>"$work/lbad.err"
rc=$?
[ $rc -ne 0 ] && [ $rc -ne 124 ] || fail "launcher, three bad files: exit $rc"
for n in f001_polyline f003_multipoint f006_polygonz; do
    check_grep "launcher names $n on stderr" "^forkomp: failed: $n.shp: $n.dbf: " "$work/lbad.err"
done
check_grep "launcher: the others counted" "rep 1/1 .* failed:.*; 2 more tasks failed" \
    "$work/lbad.err"
[ "$(grep '^forkomp: failed:' "$work/lbad.err")" = "$(grep '^forkomp: failed:' "$work/hbad.err")" ] ||
    fail "the failed tasks are not named as the harness names them"
[ "$(grep -o ' failed:.*; 2 more tasks failed' "$work/lbad.err")" = \
  "$(grep -o ' failed:.*; 2 more tasks failed' "$work/hbad.err")" ] ||
    fail "the launcher's status is not the harness's"
[ "$(cols "$work/lbad.csv" status)" = "$(cols "$work/hbad.csv" status)" ] ||
    fail "the launcher's CSV status is not the harness's"
no_leftovers "bad files" "$work/lbad.csv"

finish
