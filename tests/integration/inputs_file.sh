#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# inputs_file.sh: `forkomp primes --inputs-file FILE` (one input a line, blank lines and #
# comments skipped) gives the same sums as --inputs, and --name is the class its rows and its
# table show; a malformed or empty file, or two sources of inputs, exit 2 naming the problem.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

printf '# two of the lab inputs\n100000\n\n  100100  \n' >"$work/in.txt"
"$F" primes --inputs-file "$work/in.txt" --name mylab --models serial,fork --workers 2 --reps 1 \
    --warmup 0 --csv "$work/file.csv" >"$work/file.out" 2>/dev/null
check_rc "primes --inputs-file" 0 $?
"$F" primes --inputs 100000,100100 --models serial --reps 1 --warmup 0 --csv "$work/list.csv" \
    >"$work/list.out" 2>/dev/null
check_rc "primes --inputs" 0 $?
check_grep "the sums printed (454396537: the published sum below 10^5)" "^Sum of primes below 100000 is 454396537$" "$work/file.out"
"$PY" - "$work/file.csv" "$work/list.csv" <<'PYEOF' || fail "--inputs-file rows differ from --inputs"
import csv, sys
f = list(csv.DictReader(open(sys.argv[1])))
l = list(csv.DictReader(open(sys.argv[2])))
assert {r["class"] for r in f} == {"mylab"}, {r["class"] for r in f}
assert {r["result"] for r in f} == {l[0]["result"]}
assert all(r["tasks"] == "2" for r in f)
PYEOF
check_grep "the table names the class" "primes mylab/trial" "$work/file.out"

bad() { # bad NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    "$F" primes "$@" --models serial --reps 1 --csv "$work/bad.csv" >/dev/null 2>"$work/bad.err"
    check_rc "$name" 2 $?
    check_grep "$name: message" "$pattern" "$work/bad.err"
    [ ! -e "$work/bad.csv" ] || { fail "$name: something ran"; rm -f "$work/bad.csv"; }
}
printf '12\n1e5\n' >"$work/float.txt"
printf '# nothing but this\n' >"$work/empty.txt"
bad "not a number" "'1e5' is not a whole number" --inputs-file "$work/float.txt"
bad "empty" "empty.txt: no inputs" --inputs-file "$work/empty.txt"
bad "missing" "nothere.txt: No such file" --inputs-file "$work/nothere.txt"
bad "two sources" "give one of them" --inputs-file "$work/in.txt" --inputs 5
bad "a bad --name" "--name a/b" --inputs 5 --name a/b
bad "--name with a class" "--name x:" --class lab --name x
finish
