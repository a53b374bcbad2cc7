#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# topo.sh: the machine's topology in the CSV and the report, the --pin policies in the pin
# column for threads, processes and the hybrid, the SMT and oversubscription warnings, the
# default worker list, and that --help and --version never load the topology. hwloc reads
# HWLOC_XMLFILE for the system topology, so the committed 2-socket fixture lets this 2-core
# machine describe (and warn about) a 32-PU one.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

root_dir=$(cd "$(dirname "$0")/../.." && pwd)
big=$root_dir/tests/fixtures/topo-2s-2numa-smt2-32pu.xml
run() { timeout 120 "$F" primes --class S --reps 1 --warmup 0 "$@"; }

# cols FILE COLUMN...: those columns of every row, space-separated
cols() {
    "$PY" -c 'import csv, sys
for r in csv.DictReader(open(sys.argv[1])): print(" ".join(r[c] for c in sys.argv[2:]))' "$@"
}

# 1. The context columns of this machine, as hwloc's own tools count them.
run --models serial,omp --workers 2 --csv "$work/here.csv" >/dev/null 2>&1
check_rc "a run" 0 $?
read -r pk co pu nu l2 l3 < <(cols "$work/here.csv" packages cores pus numa_nodes l2_kib l3_kib |
    sed -n 1p)
if ! [ "${pu:-0}" -ge 1 ] || ! [ "${co:-0}" -ge 1 ] || ! [ "${pk:-0}" -ge 1 ] ||
    ! [ "${nu:-0}" -ge 1 ]; then
    fail "context columns not filled: packages=$pk cores=$co pus=$pu numa=$nu"
fi
[ "$pu" = "$(nproc --all)" ] || [ "$pu" = "$(nproc)" ] || fail "pus $pu, nproc says $(nproc)"
if command -v hwloc-calc >/dev/null 2>&1; then
    [ "$co" = "$(hwloc-calc --number-of core all)" ] || fail "cores $co, hwloc-calc says otherwise"
    [ "$pk" = "$(hwloc-calc --number-of package all)" ] || fail "packages $pk, hwloc-calc differs"
fi
case "$l2$l3" in *[!0-9]*) fail "cache sizes not numbers: l2=$l2 l3=$l3" ;; esac

# 2. A 32-PU machine described by the fixture: its numbers, in the CSV and in report.md.
HWLOC_XMLFILE=$big run --models omp --workers 2 --csv "$work/big.csv" >/dev/null 2>&1
check_rc "a run on the fixture's topology" 0 $?
got=$(cols "$work/big.csv" packages cores pus numa_nodes l2_kib l3_kib | sed -n 1p)
[ "$got" = "2 16 32 2 1024 32768" ] || fail "fixture context: '$got', expected 2 16 32 2 1024 32768"
"$F" report --out "$work/rep" "$work/big.csv" >/dev/null 2>&1
check_rc "report" 0 $?
check_grep "report.md shows NUMA nodes" '^\| memory nodes \(NUMA\) \| .numa_nodes. \| .2.' "$work/rep/report.md"
check_grep "report.md shows the L3 size" '^\| L3 cache \(KiB\) \| .l3_kib. \| .32768.' "$work/rep/report.md"

# 3. Every policy, for threads, processes and the hybrid: the run verifies, the pin column
#    names the policy, report's labels tell them apart.
for spec in "none:" "linear:--pin" "linear:--pin=linear" "compact:--pin compact" \
    "scatter:--pin=scatter" "none:--pin=none"; do
    want=${spec%%:*}
    # shellcheck disable=SC2086 # the option is one or two words
    run --models fork,omp,hybrid --workers 1,2 ${spec#*:} --csv "$work/pin-$want.csv" \
        >"$work/pin.out" 2>&1
    check_rc "${spec#*:}" 0 $?
    bad=$(cols "$work/pin-$want.csv" pin verified | awk -v w="$want" '$1 != w || $2 != 1')
    [ -z "$bad" ] || fail "${spec#*:}: rows with another pin or not verified: $bad"
done
"$F" report --out "$work/pins" "$work"/pin-*.csv >/dev/null 2>&1
check_rc "report of every policy" 0 $?
for label in omp omp-pin omp-compact omp-scatter; do
    grep -q "^[^,]*,[^,]*,[^,]*,[^,]*,$label," "$work/pins/summary.csv" ||
        fail "summary.csv has no $label group"
done
run --models omp --pin=sideways >"$work/bad.out" 2>&1
check_rc "--pin=sideways" 2 $?
check_grep "--pin=sideways names the policies" "none.*linear.*compact.*scatter" "$work/bad.out"

# 4. Warnings: workers that share SMT siblings (compact past the 16 cores, or unpinned past
#    them), workers beyond the PUs; none while each worker has a core of its own.
HWLOC_XMLFILE=$big run --models omp --workers 17 --pin compact >/dev/null 2>"$work/w1"
check_grep "17 compact workers on 16 cores" "2 of 17 workers share a core" "$work/w1"
HWLOC_XMLFILE=$big run --models omp --workers 16 --pin scatter >/dev/null 2>"$work/w2"
grep -q "share a core" "$work/w2" && fail "16 scatter workers on 16 cores: an SMT warning"
HWLOC_XMLFILE=$big run --models omp --workers 20 >/dev/null 2>"$work/w3"
check_grep "20 unpinned workers on 16 cores" "20 of 20 workers share a core" "$work/w3"
HWLOC_XMLFILE=$big run --models omp --workers 33 >/dev/null 2>"$work/w4"
check_grep "33 workers on 32 PUs" "33 workers on 32 CPUs is oversubscribed" "$work/w4"

# 5. The default worker list: 1,2,4 on 2 CPUs; it follows the CPUs this process may use.
taskset -c 0 "$F" primes --help | grep -q "^default workers on this machine (1 CPUs): 1,2$" ||
    fail "one CPU: the default workers are not 1,2"
if [ "$(nproc)" = 2 ]; then
    run --models omp --csv "$work/def.csv" >/dev/null 2>&1
    # sorted: each round runs the plan in a random order
    [ "$(cols "$work/def.csv" workers | sort -n | paste -sd,)" = "1,2,4" ] ||
        fail "2 CPUs: default workers $(cols "$work/def.csv" workers | sort -n | paste -sd,), expected 1,2,4"
fi

# 6. bin/forkomp does not link libhwloc (the fk-hwloc module does), and --help and --version
#    do not load the topology (it costs milliseconds): hwloc would open
#    the HWLOC_XMLFILE fixture, a run does.
ldd "$F" | grep -q libhwloc && fail "bin/forkomp links libhwloc itself"
# (LeakSanitizer cannot run under ptrace: off for these runs of a SANITIZE=1 build)
if command -v strace >/dev/null 2>&1 && strace -f -o /dev/null true 2>/dev/null; then
    export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0
    for args in "--version" "--help" "primes --help"; do
        # shellcheck disable=SC2086
        HWLOC_XMLFILE=$big strace -f -e trace=open,openat -o "$work/trace" "$F" $args >/dev/null
        grep -q "topo-2s-2numa" "$work/trace" && fail "forkomp $args loads the topology"
    done
    # a run that writes a row needs the context, topology included (one without --csv does not)
    HWLOC_XMLFILE=$big strace -f -e trace=open,openat -o "$work/trace" "$F" primes --class S \
        --models serial --reps 1 --warmup 0 --quiet --csv "$work/topo-trace.csv"
    grep -q "topo-2s-2numa" "$work/trace" || fail "a run did not load the topology (the check is blind)"
else
    echo "topo.sh: note: strace missing or not permitted: not checking that --help skips hwloc"
fi
finish
