#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# inplace_hostile.sh: `forkomp shapefiles --in-place` (and benchmark mode) against what an
# adversarial pass did to it (issue 18): a second run while one holds the folder; temporary
# files of other live runs and stale ones of dead runs; advisory locks (lockf, flock) held by
# another program; a symlinked and a hard-linked .dbf; a read-only input folder used by
# another user; a 0444 .dbf rewritten by root. Each file must end either updated or as it was.
set -uo pipefail
. "$(dirname "$0")/../lib/fk_test.sh"

"$F" gen --class S --out "$work/S" >/dev/null || { echo "gen failed"; exit 1; }

# fresh NAME: a copy of class S in $work/NAME, its path in $d.
fresh() {
    d="$work/$1"
    rm -rf "$d"
    cp -a "$work/S" "$d"
}
inplace() { "$F" shapefiles --dir "$d" --in-place --models serial "$@"; }
updated() { ogrinfo -al -so "$1" 2>/dev/null | grep -q "^NAME: String"; }
same() { cmp -s "$work/S/$1" "$d/$1"; }
# waits_then_updates NAME HOLDER: a run given time waits for HOLDER (a process holding a lock,
# which lets go within seconds) and then updates the folder; HOLDER is reaped.
waits_then_updates() {
    local rc=0
    inplace --timeout 20 >"$work/out" 2>&1 || rc=$?
    check_rc "$1" 0 "$rc"
    updated "$d/f000_point.shp" || fail "$1: not updated"
    wait "$2"
}

# A pid that has exited, and a live process that is not forkomp.
( exit 0 ) &
dead=$!
wait "$dead"
sleep 300 &
alive=$!
fk_cleanup_hook="kill $alive 2>/dev/null"

# 2. The folder is held (as another --in-place run holds it): refused clearly without
# --timeout, nothing touched; waited for with --timeout.
fresh held
flock -x "$d" sleep 3 &
holder=$!
sleep 0.3
rc=0
inplace >"$work/out" 2>&1 || rc=$?
check_rc "in-place on a held folder" 1 "$rc"
check_grep "in-place on a held folder" "another forkomp --in-place run is updating" "$work/out"
# the reason on a line of its own, not under a "task N did not complete" per file (N15)
check_grep "in-place on a held folder" "^forkomp: failed: setup: another forkomp --in-place run" "$work/out"
grep -q "did not complete" "$work/out" && fail "in-place on a held folder: 'did not complete' lines"
same f000_point.dbf || fail "a held folder was modified"
waits_then_updates "in-place waiting for a held folder" "$holder"

# 2. Another live process's temporary file is neither removed nor a failure of this run.
fresh other
other_tmp="$d/.f003_multipoint.dbf.fk-tmp-$alive-AbCdEf"
echo partial >"$other_tmp"
rc=0
inplace >"$work/out" 2>&1 || rc=$?
check_rc "in-place beside a live run's temporary file" 0 "$rc"
[ -e "$other_tmp" ] || fail "in-place removed a live process's temporary file"

# 3. Stale temporary files (a dead pid, the old name without a pid) are removed with a
# warning; the run updates everything and succeeds.
fresh stale
echo partial >"$d/.f000_point.dbf.fk-tmp-$dead-QwErTy"
echo partial >"$d/.f001_polyline.dbf.fk-tmp-ZxCvBn"
rc=0
inplace >"$work/out" 2>&1 || rc=$?
check_rc "in-place with stale temporary files" 0 "$rc"
check_grep "in-place with stale temporary files" "removed a stale temporary file .*fk-tmp-$dead-QwErTy" "$work/out"
ls -a "$d" | grep -q "fk-tmp-" && fail "stale temporary files left: $(ls -a "$d" | grep fk-tmp-)"
updated "$d/f000_point.shp" || fail "in-place with stale temporary files: not updated"
# ... and a benchmark run never copies them into its scratch folder.
fresh stale-bench
echo partial >"$d/.f000_point.dbf.fk-tmp-$dead-QwErTy"
rc=0
"$F" shapefiles --dir "$d" --models serial,fork --workers 2 --reps 2 >"$work/out" 2>&1 || rc=$?
check_rc "benchmark beside a stale temporary file" 0 "$rc"
check_grep "benchmark beside a stale temporary file" "ignoring .*fk-tmp-$dead-QwErTy" "$work/out"

# 4. Advisory locks held by another program: lockf on one .dbf, flock on another. Without
# --timeout those files are skipped with a message and left as they were; the others are
# updated. With --timeout the run waits for the locks.
fresh locked
"$PY" - "$d/f000_point.dbf" "$d/f001_polyline.dbf" "$work/locked.ready" 3 <<'PYEOF' &
import fcntl, sys, time
a = open(sys.argv[1], "r+b"); fcntl.lockf(a, fcntl.LOCK_EX)
b = open(sys.argv[2], "rb"); fcntl.flock(b, fcntl.LOCK_EX)
open(sys.argv[3], "w").close()
time.sleep(float(sys.argv[4]))
PYEOF
locker=$!
for _ in $(seq 50); do [ -e "$work/locked.ready" ] && break; sleep 0.1; done
rc=0
inplace >"$work/out" 2>&1 || rc=$?
check_rc "in-place on locked files" 1 "$rc"
check_grep "lockf" "f000_point.shp: .*locked by another program" "$work/out"
check_grep "flock" "f001_polyline.shp: .*locked by another program" "$work/out"
same f000_point.dbf || fail "a lockf-locked .dbf was replaced"
same f001_polyline.dbf || fail "a flock-locked .dbf was replaced"
updated "$d/f002_polygon.shp" || fail "an unlocked file beside locked ones was not updated"
waits_then_updates "in-place waiting for locked files" "$locker"

# 5. A symlinked .dbf and a hard-linked one are refused in place (a rename would replace
# the link by a file, or split the links); the link and its target stay as they were.
fresh links
mkdir -p "$work/elsewhere"
mv "$d/f000_point.dbf" "$work/elsewhere/f000_point.dbf"
ln -s "$work/elsewhere/f000_point.dbf" "$d/f000_point.dbf"
ln "$d/f001_polyline.dbf" "$work/elsewhere/hard.dbf"
rc=0
inplace >"$work/out" 2>&1 || rc=$?
check_rc "in-place on linked .dbf files" 1 "$rc"
check_grep "symlink" "f000_point.shp: .*symbolic link" "$work/out"
check_grep "hard link" "f001_polyline.shp: .*2 hard links" "$work/out"
[ -L "$d/f000_point.dbf" ] || fail "the symlinked .dbf is no longer a link"
cmp -s "$work/S/f000_point.dbf" "$work/elsewhere/f000_point.dbf" || fail "the link's target changed"
[ "$(stat -c %h "$d/f001_polyline.dbf")" = 2 ] || fail "the hard link was split"
same f001_polyline.dbf || fail "the hard-linked .dbf changed"

# 7. A 0444 .dbf is refused by its mode bits, even as root.
fresh ro
chmod 444 "$d/f002_polygon.dbf"
rc=0
inplace >"$work/out" 2>&1 || rc=$?
check_rc "in-place on a 0444 .dbf" 1 "$rc"
check_grep "0444 .dbf" "f002_polygon.shp: .*read-only" "$work/out"
same f002_polygon.dbf || fail "a 0444 .dbf was rewritten"

# 6. Benchmark mode needs only read permission: another user on root's 0644 files.
as_nobody() { setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups "$@"; }
# The data must be reachable by nobody too: with TMPDIR a private (0700) folder, $work is not,
# so the folder is then copied under /tmp (world-searchable) for this case, and removed.
if is_root && id nobody >/dev/null 2>&1 && as_nobody test -x "$F"; then
    fresh rootowned
    chmod 755 "$work" "$d" && chmod 644 "$d"/*
    if ! as_nobody test -r "$d/f000_point.dbf"; then
        shared=$(mktemp -d /tmp/fk-hostile-XXXXXX) && chmod 755 "$shared" && cp -a "$d" "$shared/" &&
            d=$shared/rootowned
    fi
    rc=0
    as_nobody env TMPDIR=/tmp \
        "$F" shapefiles --dir "$d" --models serial --reps 1 >"$work/out" 2>&1 || rc=$?
    check_rc "benchmark as nobody on a read-only folder" 0 "$rc"
    [ "$rc" = 0 ] || sed 's/^/    /' "$work/out"
    [ -z "${shared:-}" ] || rm -rf "$shared"
else
    echo "inplace_hostile.sh: skipped the read-only folder as another user (not root, or $F not executable by nobody)"
fi

# 8. The rewrite carries the .dbf's extended attributes and POSIX ACLs over (issue 27 N3): a
# user an ACL let write the file may still write the new one.
fresh xattr
x="$d/f003_multipoint.dbf"
if command -v setfacl >/dev/null && command -v setfattr >/dev/null &&
    setfattr -n user.origin -v survey-2024 "$x" 2>/dev/null && setfacl -m u:nobody:rw "$x" 2>/dev/null; then
    rc=0
    inplace >"$work/out" 2>&1 || rc=$?
    check_rc "in-place on a .dbf with an ACL and an xattr" 0 "$rc"
    updated "$d/f003_multipoint.shp" || fail "the .dbf with an ACL was not updated"
    getfacl -p "$x" 2>/dev/null | grep -q "^user:nobody:rw-" || fail "the ACL was dropped: $(getfacl -p "$x" 2>&1)"
    [ "$(getfattr --only-values -n user.origin "$x" 2>/dev/null)" = survey-2024 ] ||
        fail "the extended attribute user.origin was dropped"
else
    echo "inplace_hostile.sh: skipped the ACL and xattr case (no setfacl/setfattr, or $work's filesystem has no xattrs)"
fi

# 9. A benchmark on read-only files (chmod 444) works: it writes only its scratch copy, which
# is made writable (issue 27 N8); the input stays as it was, mode included.
fresh readonly-bench
chmod 444 "$d"/*
rc=0
"$F" shapefiles --dir "$d" --models serial,fork --workers 2 --reps 2 >"$work/out" 2>&1 || rc=$?
check_rc "benchmark on 0444 files" 0 "$rc"
[ "$rc" = 0 ] || sed 's/^/    /' "$work/out"
same f000_point.dbf || fail "a benchmark changed its read-only input"
[ "$(stat -c %a "$d/f000_point.dbf")" = 444 ] || fail "the input's mode changed"
chmod 644 "$d"/*

finish
