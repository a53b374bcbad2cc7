#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# did_you_mean.sh: a misspelt command, option, model or class (primes' and the shapefile
# classes) is refused with exit 2 and one line that names the closest valid name ("did you
# mean"), found by edit distance (kernels/common/suggest.c); a name far from every valid one
# gets no guess.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# expect NAME PATTERN CMD...: CMD exits 2 and its first line matches PATTERN.
expect() {
    local name=$1 pattern=$2 rc=0
    shift 2
    "$@" >"$work/out" 2>&1 || rc=$?
    check_rc "$name" 2 "$rc"
    head -n 1 "$work/out" >"$work/first"
    check_grep "$name" "$pattern" "$work/first"
}

expect "command" "unknown command 'shapfiles'; did you mean 'shapefiles'\?" "$F" shapfiles --class S
expect "command swap" "did you mean 'report'\?" "$F" repotr x.csv
expect "option" "--wrokers is not an option of forkomp primes; did you mean '--workers'\?" \
    "$F" primes --wrokers 2
expect "model" "unknown model 'hybird' .*; did you mean 'hybrid'\?" "$F" primes --models hybird
expect "primes class" "--class lba: use .*; did you mean 'lab'\?" "$F" primes --class lba
expect "shapefile class case" "unknown class 's' .*; did you mean 'S'\?" "$F" shapefiles --class s
expect "gen class" "unknown class 'skwe' .*; did you mean 'skew'\?" "$F" gen --class skwe --out "$work/g"
expect "far name" "unknown model 'quantum' \(" "$F" primes --models quantum
grep -q "did you mean" "$work/out" && fail "far name: guessed '$(cat "$work/out")'"
expect "one letter" "unknown class 'Z' \(" "$F" shapefiles --class Z
grep -q "did you mean" "$work/out" && fail "one letter: guessed '$(cat "$work/out")'"
[[ -e $work/g ]] && fail "gen with a misspelt class created its folder"
finish
