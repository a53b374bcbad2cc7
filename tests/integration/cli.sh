#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# cli.sh: forkomp's command line: help, version, the primes command end to end with its CSV,
# and every usage error exits 2 with a one-line message naming the bad argument.
set -u
F=${FORKOMP:-bin/forkomp}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
check() { # check NAME EXPECTED_RC ACTUAL_RC
    if [ "$2" != "$3" ]; then echo "FAIL $1: exit $3, expected $2"; fails=$((fails + 1)); fi
}

"$F" --help >/dev/null; check "--help" 0 $?
"$F" --version | grep -q '^forkomp ' ; check "--version" 0 $?
"$F" primes --help | grep -q -- '--variant'; check "primes --help" 0 $?
"$F" >/dev/null 2>&1; check "no command" 2 $?

usage() { # usage EXPECTED_WORD ARGS...: exit 2 and the message names the argument
    local want=$1; shift
    "$F" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    check "$*" 2 $rc
    if ! grep -q -- "$want" "$tmp/err"; then
        echo "FAIL $*: message does not name '$want':"; cat "$tmp/err"; fails=$((fails + 1))
    fi
}
usage "frobnicate" frobnicate
usage "--bogus" primes --bogus
usage "--workers" primes --workers 0
usage "--workers" primes --workers 1,x
usage "--workers" primes --workers ''
usage "--reps" primes --reps -3
usage "--reps" primes --reps 1e3
usage "--class" primes --class Z
usage "--models" primes --models serial,threads
usage "--inputs" primes --inputs 10,-5
usage "--inputs" primes --inputs 10000000001
usage "--variant" primes --variant magic
usage "--schedule" primes --schedule guided
usage "--chunk" primes --chunk 0
usage "--procs" primes --models hybrid --workers 4 --procs 3
usage "--fault" primes --fault explode:1
usage "--fault" primes --fault crash:99
usage "--class" primes --class lab --inputs 5
usage "--timeout" primes --timeout abc
usage "--reps" primes --reps

# each command takes exactly the options of its own tables: another command's is an error
usage "--dir" primes --class S --dir /nonexistent
usage "--in-place" primes --class S --in-place
usage "--seed" primes --class S --seed 7
usage "--out" primes --class S --out /x
usage "--inputs" shapefiles --class S --inputs 5
usage "--models" report x.csv --models fork
usage "--workers" report x.csv --workers 9
usage "--timeout" report x.csv --timeout 3
usage "--warmup" spawn --class S --warmup 1
usage "--models" gen --class S --out "$tmp/g" --models fork
# help lists exactly the command's options, and the models from the registry
"$F" primes --help >"$tmp/help"
grep -q -- '--dir\|--seed\|--in-place' "$tmp/help" && { echo "FAIL primes --help lists shapefile options"; fails=$((fails + 1)); }
for m in serial fork omp hybrid mpi mpi-omp; do
    grep -q "^  $m " "$tmp/help" || { echo "FAIL primes --help: model $m missing"; fails=$((fails + 1)); }
done
"$F" shapefiles --help | grep -q -- '--seed N' || { echo "FAIL shapefiles --help: no --seed"; fails=$((fails + 1)); }
"$F" report --help | grep -q -- '--workers' && { echo "FAIL report --help lists --workers"; fails=$((fails + 1)); }

# a real run: the lab's lines, the table, and CSV rows that verify
"$F" primes --class S --models serial,fork,omp,hybrid --workers 1,2 --reps 2 --warmup 0 \
    --csv "$tmp/r.csv" >"$tmp/out" 2>"$tmp/err"
check "primes class S" 0 $?
grep -q '^Sum of primes below 10007 is 5736396$' "$tmp/out" || { echo "FAIL lab lines"; fails=$((fails + 1)); }
grep -q '^model ' "$tmp/out" || { echo "FAIL table"; fails=$((fails + 1)); }
rows=$(tail -n +2 "$tmp/r.csv" | wc -l)
check "CSV rows (serial 1 + 3 models x 2 workers, x 2 reps)" 14 "$rows"
head -1 "$tmp/r.csv" | grep -q '^timestamp,host,kernel,variant,class,model,workers,procs,threads,schedule,chunk,tasks,rep,wall_s,user_s,sys_s,maxrss_kib,rss_sum_kib,result,verified,status,cpus,cpu_model,cc,cflags,omp_runtime,gdal,rev' \
    || { echo "FAIL CSV header"; fails=$((fails + 1)); }
bad=$(tail -n +2 "$tmp/r.csv" | grep -vc ',5813602,1,ok,')
check "every row verified with the class total" 0 "$bad"

# the header is written once when the file already exists
"$F" primes --inputs 100 --models serial --reps 1 --warmup 0 --quiet --csv "$tmp/r.csv"
check "append run" 0 $?
check "header once" 1 "$(grep -c '^timestamp' "$tmp/r.csv")"

# --quiet prints nothing
"$F" primes --class S --models serial --reps 1 --warmup 0 --quiet >"$tmp/out" 2>&1
check "--quiet output bytes" 0 "$(wc -c <"$tmp/out")"

# the sieve variant agrees with trial division
"$F" primes --class A --variant sieve --models serial,omp --workers 2 --reps 1 --warmup 0 \
    --quiet --csv "$tmp/s.csv"
check "sieve class A" 0 $?
bad=$(tail -n +2 "$tmp/s.csv" | grep -vc ',791454423431,1,ok,')
check "sieve rows verified" 0 "$bad"

if [ $fails -ne 0 ]; then echo "cli.sh: $fails failure(s)"; exit 1; fi
echo "cli.sh: all passed"
