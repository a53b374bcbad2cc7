#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# landed.sh: results reported as they land. `forkomp shapefiles --in-place` prints each
# file's line as that file is done, not at the end: one file is made to hang (--fault
# hang:I, dynamic schedule so the other worker takes the rest), and the lines of the other
# files must arrive while the run is still going and the hung file is not done (its .dbf
# untouched, no summary yet); the run is then interrupted. A normal run prints each file's
# line exactly once and the summary once, last. On a terminal (script(1) gives one), the
# progress line of a pool model counts tasks as they land: the count of every task but a
# hung one shows before the hung one lands. Orders and arrivals only, no durations: the
# waits are hang guards.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" gen --class S --out "$work/src" >/dev/null || fail "cannot generate class S"
nfiles=$(ls "$work/src"/*.shp | wc -l)

# streamed NAME MODEL HUNG: in-place on a fresh copy with task HUNG hanging.
streamed() {
    local name=$1 model=$2 hung=$3 d=$work/$1 out=$work/$1.out
    cp -r "$work/src" "$d"
    local hung_dbf
    hung_dbf=$(ls "$d"/*.dbf | sort | sed -n "$((hung + 1))p")
    cp "$hung_dbf" "$work/$name.hung-before"
    "$F" shapefiles --dir "$d" --in-place --models "$model" --workers 2 --schedule dynamic \
        --fault "hang:$hung" \
        >"$out" 2>"$work/$name.err" &
    local pid=$! lines=0
    for _ in $(seq 300); do # a hang guard, not a timing: 30 s
        lines=$(grep -c '^  f0.*records$' "$out")
        [ "$lines" -lt $((nfiles - 1)) ] || break
        sleep 0.1
    done
    [ "$lines" = $((nfiles - 1)) ] || fail "$name: $lines of $((nfiles - 1)) lines arrived: $(cat "$out")"
    # the lines are there while the last file is still not done
    kill -0 "$pid" 2>/dev/null || fail "$name: the run ended before its lines were read"
    cmp -s "$hung_dbf" "$work/$name.hung-before" || fail "$name: the hung file was done already"
    ! grep -q '^shapefiles (raw):' "$out" || fail "$name: the summary came before the end"
    kill -INT "$pid"
    wait "$pid"
    check_rc "$name interrupted" 130 $?
    cmp -s "$hung_dbf" "$work/$name.hung-before" || fail "$name: the interrupted file changed"
    echo "landed.sh: $name: $lines lines before the hung file was done"
}

streamed fork fork 3
streamed serial serial $((nfiles - 1)) # the last file: every other line must come first

# A run to the end: each line once, then the summary once, last.
cp -r "$work/src" "$work/whole"
"$F" shapefiles --dir "$work/whole" --in-place --models fork --workers 2 >"$work/whole.out" 2>&1
check_rc "whole run" 0 $?
for shp in "$work/src"/*.shp; do
    n=$(grep -cF "  $(basename "$shp"): " "$work/whole.out")
    [ "$n" = 1 ] || fail "whole run: $(basename "$shp") printed $n times"
done
[ "$(grep -c '^shapefiles (raw):' "$work/whole.out")" = 1 ] || fail "whole run: summary not once"
last=$(grep -n '^  f0\|^shapefiles (raw)' "$work/whole.out" | tail -1)
case $last in *"shapefiles (raw): $nfiles of $nfiles files updated"*) ;; *)
    fail "whole run: the summary is not after every file's line: $last" ;;
esac

# The progress line on a terminal: 7 of 8 tasks counted while task 2 hangs, then 8 of 8 when
# its timeout lands it.
if command -v script >/dev/null; then
    script -qec "'$F' primes --class S --models fork --workers 2 --schedule dynamic --reps 1 \
        --warmup 0 --fault hang:2 --timeout 2" /dev/null >"$work/tty.out" 2>&1
    counts=$(grep -ao '[0-9]* of 8 tasks done' "$work/tty.out" | uniq | tr '\n' ,)
    case $counts in *"7 of 8 tasks done,8 of 8 tasks done,") ;; *)
        fail "progress: the landed counts were not 7 then 8 of 8: $counts" ;;
    esac
    echo "landed.sh: progress counts: $counts"
else
    echo "landed.sh: skipped the terminal progress check (no script(1))"
fi

finish
