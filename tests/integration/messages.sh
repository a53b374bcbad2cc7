#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# messages.sh: the smaller findings of an adversarial pass (issue 18): messages that said the
# wrong thing (ranges, a symlink loop, a failed serial, a scratch copy primes never had, an
# oversubscription spawn fork never does), repeated models or worker counts (refused rather
# than run twice), `gen --out ''` (a usage error) and `gen --out DIR` into a folder with a
# clashing file (nothing written, not a partial class); and of issue 27: why a run failed under
# --quiet, before any task started, and a closed stdout, each said once.
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
# issue 27 N11: an empty model name is refused as an empty worker count is; an option that
# takes one value given twice is refused (only the last would count)
expect "models fork,,omp" 2 "--models: an empty name in 'fork,,omp'" "$F" primes --class S --models fork,,omp
expect "models fork," 2 "--models: an empty name" "$F" primes --class S --models fork,
expect "csv twice" 2 "--csv is given twice \(.*a.csv, then .*b.csv\): give it once" \
    "$F" primes --class S --csv "$work/a.csv" --csv "$work/b.csv"
[ ! -e "$work/a.csv" ] && [ ! -e "$work/b.csv" ] || fail "csv twice: a CSV was written"
# ... and a NUL byte in a CSV (a host name cut short) is refused by report, naming the line
"$F" primes --class S --models serial --reps 2 --warmup 0 --quiet --csv "$work/nul.csv"
"$PY" -c 'import sys; b = open(sys.argv[1], "rb").read().split(b"\n")
f = b[2].split(b",", 2); f[1] += b"\0cut"; b[2] = b",".join(f)
open(sys.argv[1], "wb").write(b"\n".join(b))' "$work/nul.csv"
expect "NUL in a host name" 2 "nul.csv: line 3 holds a NUL byte" "$F" report "$work/nul.csv" --out "$work/nul-report"
ln -s "$work/loop-b" "$work/loop-a"
ln -s "$work/loop-a" "$work/loop-b"
expect "symlink loop" 2 "--dir .*loop-a: Too many levels of symbolic links" \
    "$F" shapefiles --dir "$work/loop-a"
expect "gen --out ''" 2 "gen needs --class CLASS and --out DIR" "$F" gen --class S --out ''
# gen --out a file or a device is refused before the class is generated (issue 27 N17): the
# fault-free check is that nothing of a generation shows (no DIR.tmp-PID, no timing line).
echo keep >"$work/a-file"
expect "gen --out FILE" 2 "--out .*a-file exists and is not a folder: nothing written" \
    "$F" gen --class W --out "$work/a-file"
lacks "gen --out FILE" "written to|generating"
[ "$(cat "$work/a-file")" = keep ] || fail "gen --out FILE: the file changed"
ls "$work" | grep -q "a-file.tmp" && fail "gen --out FILE: a partial class was left"
expect "gen --out /dev/null" 2 "--out /dev/null exists and is not a folder" "$F" gen --class W --out /dev/null

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

# --quiet still says why a run failed, in one line (issue 27 N12).
expect "quiet failure" 1 "^forkomp: failed: task 2 crashed" \
    "$F" primes --class S --models fork --workers 2 --reps 1 --warmup 0 --quiet --fault crash:2
[ "$(wc -l <"$work/out")" = 1 ] || fail "quiet failure: more than one line: $(cat "$work/out")"

# A run that fails before any task starts says why first, once, not "task N did not complete"
# per task (issue 27 N15): a missing TMPDIR is named.
expect "missing TMPDIR" 1 "^forkomp: failed: setup: cannot make a scratch folder in TMPDIR=$work/none: No such file" \
    env TMPDIR="$work/none" "$F" shapefiles --class S --models serial --reps 1 --warmup 0
lacks "missing TMPDIR" "did not complete|FAILED f0"

# stdout closed by its reader (| true): one line says so, exit 141 as for SIGPIPE, no "task N
# did not complete" (issue 27 N14); the in-place run still updates every file.
"$F" gen --class S --out "$work/pipe" >/dev/null
"$F" shapefiles --dir "$work/pipe" --in-place --models serial 2>"$work/out" | true
check_rc "closed stdout" 141 "${PIPESTATUS[0]}"
check_grep "closed stdout" "^forkomp: standard output was closed \(its reader exited" "$work/out"
lacks "closed stdout" "did not complete|FAILED"
[ "$(grep -c "standard output was closed" "$work/out")" = 1 ] || fail "closed stdout: said more than once"
ogrinfo -so -al "$work/pipe/f007_multipatch.shp" 2>/dev/null | grep -q "^NAME: String" ||
    fail "closed stdout: the last file was not updated"
"$F" primes --class S --models serial,fork --reps 3 --warmup 0 2>"$work/out" | true
check_rc "closed stdout (benchmark)" 141 "${PIPESTATUS[0]}"
check_grep "closed stdout (benchmark)" "^forkomp: standard output was closed" "$work/out"

finish
