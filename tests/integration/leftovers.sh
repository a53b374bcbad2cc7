#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# leftovers.sh: what a kill -9 leaves is removed by a later run (issue 27 L3, L4). A scratch
# folder (TMPDIR/forkomp-TAG-PID-START-XXXXXX) whose run is gone goes at the next run's
# start; so does one whose pid is alive again but is another process (its start time
# differs). A live run's folder, another user's and one of an older name stay. The same for
# the temporary files of --in-place: one whose pid was reused is removed, a live run's is
# kept and said to be.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

# A live process that is not forkomp, and its start time (field 22 of /proc/PID/stat).
sleep 300 &
alive=$!
fk_cleanup_hook="kill $alive 2>/dev/null"
start_of() { sed 's/.*) //' "/proc/$1/stat" | cut -d' ' -f20; }
alive_start=$(start_of "$alive")

# 1. kill -9 of a benchmark mid-run leaves its scratch copy; the next run removes it.
mkdir -p "$work/tmp"
"$F" gen --class S --out "$work/S" >/dev/null
TMPDIR=$work/tmp "$F" shapefiles --dir "$work/S" --models serial --reps 1000 --warmup 0 \
    --quiet >/dev/null 2>&1 &
pid=$!
for _ in $(seq 300); do # a hang guard, not a timing
    ls "$work/tmp" | grep -q "^forkomp-shapefiles-$pid-" && break
    sleep 0.1
done
kill -KILL "$pid"
wait "$pid" 2>/dev/null
no_leftovers "killed benchmark" "$work/S"
left=$(ls "$work/tmp" | grep "^forkomp-shapefiles-$pid-" || true)
if [ -z "$left" ]; then
    echo "leftovers.sh: the kill -9 came between two scratch copies (nothing left to clean)"
fi
# 2. Fakes: a reused pid (alive, another start time), a live run's, an older name's.
mkdir -p "$work/tmp/forkomp-shapefiles-$alive-$((alive_start + 1))-AbCdEf" \
    "$work/tmp/forkomp-run-$alive-$alive_start-QwErTy" "$work/tmp/forkomp-shapefiles-XyZaBc"
TMPDIR=$work/tmp "$F" primes --class S --models serial --reps 1 --warmup 0 >"$work/out" 2>&1
check_rc "the run after a kill -9" 0 $?
for f in $left "forkomp-shapefiles-$alive-$((alive_start + 1))-AbCdEf"; do
    [ ! -e "$work/tmp/$f" ] || fail "stale scratch folder kept: $f"
    check_grep "removed $f" "removed .*$f, a scratch folder left by a run that was killed" "$work/out"
done
[ -d "$work/tmp/forkomp-run-$alive-$alive_start-QwErTy" ] || fail "a live run's scratch folder was removed"
[ -d "$work/tmp/forkomp-shapefiles-XyZaBc" ] || fail "a folder of an older name was removed"

# 3. In place: a temporary file whose pid is alive but another process's goes; a live run's
# stays, with a note.
d=$work/inplace
cp -a "$work/S" "$d"
echo partial >"$d/.f000_point.dbf.fk-tmp-$alive-$((alive_start + 1))-AbCdEf.dbf"
echo partial >"$d/.f001_polyline.dbf.fk-tmp-$alive-$alive_start-QwErTy.dbf"
ogr_tmp=".f002_polygon.fk-tmp-$alive-$((alive_start + 1))-GhIjKl" # the ogr variant's folder
mkdir "$d/$ogr_tmp" && cp "$d"/f002_polygon.* "$d/$ogr_tmp/"
"$F" shapefiles --dir "$d" --in-place --models serial >"$work/out" 2>&1
check_rc "in place beside temporary files" 0 $?
[ ! -e "$d/.f000_point.dbf.fk-tmp-$alive-$((alive_start + 1))-AbCdEf.dbf" ] ||
    fail "a temporary file whose pid was reused was kept"
check_grep "reused pid" "removed a stale temporary file .*fk-tmp-$alive-$((alive_start + 1))-AbCdEf" "$work/out"
[ ! -e "$d/$ogr_tmp" ] || fail "an ogr temporary folder whose pid was reused was kept"
check_grep "ogr folder" "removed a stale temporary file .*$ogr_tmp" "$work/out"
[ -e "$d/.f001_polyline.dbf.fk-tmp-$alive-$alive_start-QwErTy.dbf" ] ||
    fail "a live run's temporary file was removed"
check_grep "live run's file" "note: kept .*fk-tmp-$alive-$alive_start-QwErTy.dbf, a temporary file of a run that is still running \\(pid $alive\\)" "$work/out"

finish
