#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# disk.sh: the user's files under a full disk and under a rewrite killed half-way. A full
# $TMPDIR while making scratch copies fails the run with a message saying the input is
# untouched, leaves the input as it was and the scratch removed; a full disk while writing a
# .dbf in place fails that file, says the original is untouched, and it is; a run killed in
# the middle of in-place rewrites (--timeout) leaves every .dbf either as it was or fully
# updated, never half-written, and no temporary file behind. The full-disk cases need root
# (a small tmpfs); they are skipped with a message otherwise.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" gen --class W --out "$work/w" >/dev/null || { fail "cannot generate class W"; finish; }
(cd "$work/w" && md5sum -- * >"$work/w.md5")

# same_as NAME DIR SUMS: DIR's files match SUMS (made in another folder with md5sum)
same_as() {
    (cd "$2" && md5sum --quiet -c "$3" >"$work/$1.md5out" 2>&1) ||
        { fail "$1: files changed:"; head -5 "$work/$1.md5out" | sed 's/^/    /'; }
}

# The expected result of a complete in-place run, to compare killed runs against.
cp -r "$work/w" "$work/done"
"$F" shapefiles --dir "$work/done" --in-place --models serial --reps 1 --warmup 0 --quiet
check_rc "in-place reference run" 0 $?

# A run killed part-way through its rewrites: each .dbf is the old or the new one.
for t in 0.01 0.03 0.06 0.1 0.2; do
    rm -rf "$work/kill"
    cp -r "$work/w" "$work/kill"
    "$F" shapefiles --dir "$work/kill" --in-place --models serial --reps 1 --warmup 0 \
        --timeout "$t" --csv "$work/kill.csv" >"$work/kill.out" 2>&1
    rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 1 ] || fail "killed after $t s: exit $rc"
    for f in "$work/kill"/*.dbf; do
        b=$(basename "$f")
        cmp -s "$f" "$work/w/$b" || cmp -s "$f" "$work/done/$b" ||
            fail "killed after $t s: $b is neither the original nor the updated file"
    done
    left=$(find "$work/kill" -name '*.fk-tmp-*')
    [ -z "$left" ] || fail "killed after $t s: temporary files left: $left"
    grep -q "unfinished rewrite" "$work/kill.out" && echo "disk.sh: killed after $t s mid-rewrite"
done
csv_whole killed "$work/kill.csv" 5

if ! is_root; then
    echo "disk.sh: skipped the full-disk cases (need root to mount a small tmpfs)"
    finish
    exit
fi

# Scratch copies into a full $TMPDIR (1 MiB for a 79 MB class).
if small_fs "$work/tmp" 1M; then
    TMPDIR=$work/tmp "$F" shapefiles --dir "$work/w" --models serial --reps 2 --warmup 0 \
        --csv "$work/scratch.csv" >"$work/scratch.out" 2>&1
    check_rc scratch-full 1 $?
    csv_whole scratch-full "$work/scratch.csv" 2
    check_grep scratch-full "failed:setup: cannot copy .*No space left on device \(the input is untouched\)" \
        "$work/scratch.csv"
    [ -z "$(ls -A "$work/tmp")" ] || fail "scratch-full: scratch left: $(ls -A "$work/tmp")"
    same_as scratch-full "$work/w" "$work/w.md5"
else
    echo "disk.sh: skipped the full TMPDIR (cannot mount a tmpfs here)"
fi

# In place on a disk with 200 KiB to spare: no new .dbf fits.
size=$(du -sk "$work/w" | cut -f1)
if small_fs "$work/fs" "$((size + 200))k"; then
    cp -r "$work/w" "$work/fs/w"
    "$F" shapefiles --dir "$work/fs/w" --in-place --models serial --reps 1 --warmup 0 \
        --csv "$work/inplace.csv" >"$work/inplace.out" 2>&1
    check_rc inplace-full 1 $?
    check_grep inplace-full "cannot write the new .dbf: No space left on device; the original is untouched" \
        "$work/inplace.csv"
    same_as inplace-full "$work/fs/w" "$work/w.md5"
    left=$(find "$work/fs/w" -name '*.fk-tmp-*')
    [ -z "$left" ] || fail "inplace-full: temporary files left: $left"
else
    echo "disk.sh: skipped the full disk for in-place writes (cannot mount a tmpfs here)"
fi

finish
