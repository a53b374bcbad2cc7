#!/usr/bin/env bash
# messages.sh: the smaller findings of an adversarial pass (issue 18): messages that said the
# wrong thing (ranges, a symlink loop, a failed serial, a scratch copy primes never had, an
# oversubscription spawn fork never does), repeated models or worker counts (refused rather
# than run twice), `gen --out ''` (a usage error) and `gen --out DIR` into a folder with a
# clashing file (nothing written, not a partial class).
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

# expect NAME RC PATTERN CMD...: CMD exits RC and prints a line matching PATTERN.
expect() {
    local name=$1 want=$2 pattern=$3 rc=0
    shift 3
    "$@" >"$work/out" 2>&1 || rc=$?
    check_rc "$name" "$want" "$rc"
    check_grep "$name" "$pattern" "$work/out"
}
# lacks NAME PATTERN: the last command's output has no line matching PATTERN.
lacks() { ! grep -Eq -- "$2" "$work/out" || fail "$1: says '$(grep -E -- "$2" "$work/out" | head -n 1)'"; }

expect "workers 0" 2 "'0' is not a whole number in 1\.\.4096" "$F" primes --class S --workers 0
expect "chunk 0" 2 "not a whole number in 1\.\.1000000000$" "$F" primes --class S --chunk 0
expect "timeout 0" 2 "not a number in 0\.001\.\.1000000$" "$F" primes --class S --timeout 0
expect "models twice" 2 "--models: serial is given twice" "$F" primes --class S --models serial,serial
expect "workers twice" 2 "--workers: 2 is given twice" "$F" primes --class S --workers 2,1,2
ln -s "$work/loop-b" "$work/loop-a"
ln -s "$work/loop-a" "$work/loop-b"
expect "symlink loop" 2 "--dir .*loop-a: Too many levels of symbolic links" \
    "$F" shapefiles --dir "$work/loop-a"
expect "gen --out ''" 2 "gen needs --class CLASS and --out DIR" "$F" gen --class S --out ''

# gen into a folder whose own file clashes with the class: nothing of the class lands.
mkdir "$work/clash"
echo mine >"$work/clash/f003_multipoint.prj"
expect "gen into a clash" 1 "f003_multipoint.prj already exists: nothing written" \
    "$F" gen --class S --out "$work/clash"
[ "$(ls -A "$work/clash")" = f003_multipoint.prj ] ||
    fail "gen into a clash left: $(ls -A "$work/clash" | tr '\n' ' ')"
[ "$(cat "$work/clash/f003_multipoint.prj")" = mine ] || fail "gen into a clash changed the file"
ls -d "$work"/clash.tmp-* >/dev/null 2>&1 && fail "gen into a clash left its temporary folder"

# Serial ran but every run of it failed: not "run the serial model too".
expect "serial failed" 1 "no speedups: every serial run failed" \
    "$F" primes --class S --models serial,omp --workers 1 --reps 1 --warmup 0 --fault crash:1
lacks "serial failed" "run the serial model too"

# An interrupted primes run has no scratch copy to speak of.
"$F" primes --class S --models fork --workers 2 --reps 3 --warmup 0 --fault hang:1 \
    >"$work/out" 2>&1 &
pid=$!
sleep 1
kill -INT "$pid"
wait "$pid"
check_grep "interrupted primes" "interrupted by SIGINT; stopped the run$" "$work/out"

# spawn's fork probe runs one worker: no oversubscription note for --workers it ignores.
expect "spawn fork" 0 "fork" "$F" spawn --variant fork --reps 2
lacks "spawn fork" "oversubscribed"

finish
