#!/usr/bin/env bash
# lab_ports.sh: the Python 3 port of the lab's prime program (datasets/lab/lab_primes.py) prints
# the same "Sum of primes below N is S" lines as forkomp on class S (the edge cases 0, 1, 2,
# 3, 10, 100, 1000, 10007) and on the lab's class, through its Pool and serially; bad
# inputs are usage errors.
set -u
F=${FORKOMP:-bin/forkomp}
PY=/usr/bin/python3
HERE=$(cd "$(dirname "$0")/../.." && pwd)
LAB=$HERE/datasets/lab/lab_primes.py
tmp=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-test-lab-XXXXXX")
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() { echo "FAIL $*"; fails=$((fails + 1)); }

# same_sums CLASS PYTHON_ARGS...: forkomp's lines for CLASS against the port's.
same_sums() {
    local class=$1
    shift
    "$F" primes --class "$class" --models serial --reps 1 --warmup 0 2>/dev/null |
        grep '^Sum of primes below' >"$tmp/forkomp-$class" || fail "forkomp primes --class $class"
    "$PY" "$LAB" "$@" >"$tmp/python-$class" || fail "lab_primes.py $*: exit $?"
    grep '^Sum of primes below' "$tmp/python-$class" >"$tmp/python-sums-$class"
    [ -s "$tmp/forkomp-$class" ] || fail "class $class: forkomp printed no sums"
    diff "$tmp/forkomp-$class" "$tmp/python-sums-$class" >"$tmp/diff" ||
        { fail "class $class ($*): the sums differ"; head -5 "$tmp/diff"; }
    grep -q '^Time elapsed: ' "$tmp/python-$class" || fail "lab_primes.py $*: no elapsed time"
}

same_sums S --workers 2 0 1 2 3 10 100 1000 10007
same_sums lab --workers 2
cp "$tmp/python-sums-lab" "$tmp/pool-lab"
same_sums lab --serial 100000 100100 100200 100300 100400 100500 100600 100700
diff -q "$tmp/pool-lab" "$tmp/python-sums-lab" >/dev/null || fail "--serial and the Pool differ"

for bad in "-- -5" "abc" "--workers 0"; do
    # shellcheck disable=SC2086
    "$PY" "$LAB" $bad >/dev/null 2>&1
    rc=$?
    [ $rc = 2 ] || fail "lab_primes.py $bad: exit $rc, expected 2"
done

[ $fails = 0 ] && echo "lab_ports: ok" || echo "lab_ports: $fails failure(s)"
[ $fails = 0 ]
