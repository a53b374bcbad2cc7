#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# csv_concurrency.sh: the CSV under concurrency and on hostile paths. Runs appending to one
# file at the same time keep every row whole and lose none, with one header (and two runs
# filling the class cache at once both succeed); a CSV that
# cannot be written (a missing or read-only folder, a folder, /dev/full) is a clear error
# naming it, exit 1, before any run; a disk that fills up mid-run stops the run with a
# message, exit 1, and leaves only whole rows; a pipe (/dev/stdout) gets the header too.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# Four runs at once on a new file: 5 plan entries x 20 reps = 100 rows each.
csv=$work/shared.csv
pids=()
for k in 1 2 3 4; do
    "$F" primes --class S --models serial,fork,omp --workers 1,2 --reps 20 --warmup 0 \
        --quiet --csv "$csv" >"$work/run$k.out" 2>&1 &
    pids+=($!)
done
for k in 0 1 2 3; do
    wait "${pids[$k]}"
    check_rc "concurrent run $((k + 1))" 0 $?
done
csv_whole concurrent "$csv" 400
headers=$(grep -c '^timestamp,' "$csv")
[ "$headers" = 1 ] || fail "concurrent: $headers header lines"
no_leftovers concurrent "$csv"

# Two runs at once on a class not yet cached: both generate it, one rename wins, both run on
# a whole class, and no temporary folder is left in the cache.
mkdir -p "$work/home"
for k in 1 2; do
    FORKOMP_HOME=$work/home "$F" shapefiles --class S --models serial --reps 1 --warmup 0 \
        --quiet --csv "$work/cache.csv" >"$work/cache$k.out" 2>&1 &
    pids[k]=$!
done
for k in 1 2; do
    wait "${pids[$k]}"
    check_rc "cache run $k" 0 $?
done
csv_whole cache "$work/cache.csv" 2
[ "$(ls -A "$work/home/datasets/cache")" = S-seed1 ] ||
    fail "cache: $(ls -A "$work/home/datasets/cache")"

# cannot_write NAME PATH PATTERN: exit 1 at once, with a message naming PATH. The fault makes
# any run hang for 60 s, so reaching a run would show as a hang.
cannot_write() {
    local name=$1 path=$2 pattern=$3
    "$F" primes --class S --models serial --reps 1 --warmup 0 --fault hang:0 --timeout 60 \
        --csv "$path" >"$work/$name.out" 2>&1
    check_rc "$name" 1 $?
    check_grep "$name" "CSV $path: $pattern" "$work/$name.out"
}
cannot_write missing-dir "$work/no/such/dir/x.csv" "No such file or directory"
cannot_write is-dir "$work" "Is a directory"
cannot_write dev-full /dev/full "No space left on device"
mkdir -p "$work/ro"
if is_root && small_fs "$work/ro" 1M ro; then
    cannot_write read-only "$work/ro/x.csv" "Read-only file system"
elif ! is_root; then
    chmod 555 "$work/ro"
    cannot_write read-only "$work/ro/x.csv" "Permission denied"
else
    echo "csv_concurrency.sh: skipped the read-only folder (cannot mount a tmpfs here)"
fi

# A pipe: the header, then the rows.
"$F" primes --class S --models serial --reps 2 --warmup 0 --quiet --csv /dev/stdout |
    cat >"$work/pipe.csv"
check_rc pipe 0 "${PIPESTATUS[0]}"
csv_whole pipe "$work/pipe.csv" 2

# A disk that fills up mid-run: 12 KiB hold about 40 rows of the 200 asked for.
if is_root && small_fs "$work/full" 12k; then
    "$F" primes --class S --models serial --reps 200 --warmup 0 --quiet \
        --csv "$work/full/x.csv" >"$work/full.out" 2>&1
    check_rc disk-full 1 $?
    check_grep disk-full "cannot append to CSV .*No space left on device; stopping" \
        "$work/full.out"
    csv_whole disk-full "$work/full/x.csv"
else
    echo "csv_concurrency.sh: skipped the full disk (needs root to mount a small tmpfs)"
fi

# An existing CSV is checked before anything runs (issue 27 N4): another header, or a last
# line without its newline, is refused with one line, exit 2, and the file is left as it was;
# forkomp's own file ending in a newline is appended to.
refused_append() { # refused_append NAME FILE PATTERN
    local name=$1 file=$2 pattern=$3 before
    before=$(md5sum <"$file")
    "$F" primes --class S --models serial --reps 1 --warmup 0 --fault hang:0 --timeout 60 \
        --csv "$file" >"$work/$name.out" 2>&1
    check_rc "$name" 2 $?
    check_grep "$name" "$pattern" "$work/$name.out"
    [ "$(md5sum <"$file")" = "$before" ] || fail "$name: the CSV was changed"
}
printf 'a,b,c\n1,2,3\n' >"$work/other.csv"
refused_append other-header "$work/other.csv" "CSV .*other.csv starts with another header \(3 columns"
"$F" primes --class S --models serial --reps 1 --warmup 0 --quiet --csv "$work/torn.csv"
head -c -1 "$work/torn.csv" >"$work/torn2.csv"
refused_append no-newline "$work/torn2.csv" "CSV .*torn2.csv does not end with a newline"
"$F" primes --class S --models serial --reps 1 --warmup 0 --quiet --csv "$work/torn.csv"
check_rc "append to forkomp's own CSV" 0 $?
csv_whole append-own "$work/torn.csv" 2

finish
