#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shapefiles_bad_input.sh: every bad-input case of the shapefile kernel, each in a folder
# beside one good shapefile: the bad one fails with a message naming it and why, exit 1, and
# is left byte for byte as it was, while the good one is still updated. Cases that must work
# (upper-case extensions, spaces and non-ASCII names, an empty shapefile) exit 0. Usage
# errors exit 2. Needs FORKOMP.
set -euo pipefail

# shellcheck source=tests/lib/shp_test.sh
. "$(dirname "$0")/../lib/shp_test.sh"
shp_test_setup shpbad

"$FORKOMP" gen --class S --out "$tmp/src" >/dev/null
"$FORKOMP" gen --class odd --out "$tmp/odd" >/dev/null
good="$tmp/src/f000_point"   # .shp .shx .dbf .prj .cpg
other="$tmp/src/f002_polygon"

# A case folder: the good set, plus whatever the case adds; $case_dir is set.
new_case() {
    case_dir="$tmp/case-$1"
    mkdir -p "$case_dir"
    cp "$good".* "$case_dir/"
}

# The file's NAME field exists (the good set was updated).
has_name_field() {
    ogrinfo -al -so "$1" 2>/dev/null | grep -q "^NAME: String"
}

# run_case NAME WANT_RC PATTERN FILES...: runs forkomp --in-place on the case folder with
# both variants (on fresh copies), checks the exit code, that the output names the bad file
# and the reason (PATTERN), that FILES are unchanged, and that the good set was updated.
run_case() {
    local name=$1 want=$2 pattern=$3
    shift 3
    local variant out rc f
    for variant in raw ogr; do
        local dir="$tmp/run-$name-$variant"
        rm -rf "$dir"
        cp -a "$case_dir" "$dir"
        set +e
        out=$("$FORKOMP" shapefiles --dir "$dir" --variant "$variant" --in-place \
            --models serial --reps 1 --warmup 0 2>&1)
        rc=$?
        set -e
        local ok=1
        ((rc == want)) || { ok=0; echo "  exit $rc, want $want; it printed: $out" >&2; }
        if [[ -n "$pattern" ]] && ! grep -qE -- "$pattern" <<<"$out"; then
            ok=0
            echo "  output lacks /$pattern/: $out" >&2
        fi
        for f in "$@"; do
            cmp -s "$case_dir/$f" "$dir/$f" || { ok=0; echo "  $f was modified" >&2; }
        done
        has_name_field "$dir/f000_point.shp" || { ok=0; echo "  the good set was not updated" >&2; }
        ((ok)) && pass "$name ($variant)" || fail "$name ($variant)"
    done
}

# .shp without .dbf
new_case nodbf
cp "$other.shp" "$case_dir/nodbf.shp"
cp "$other.shx" "$case_dir/nodbf.shx"
run_case nodbf 1 "nodbf\.shp: no \.dbf" nodbf.shp nodbf.shx
[[ ! -e "$tmp/run-nodbf-ogr/nodbf.dbf" ]] && pass "no .dbf was invented" || fail "a .dbf was invented"

# a .dbf that is a FIFO or a folder is named as such, not as missing (issue 27 N16)
for b in fifo folder; do
    new_case "$b"
    cp "$other.shp" "$case_dir/$b.shp"
    cp "$other.shx" "$case_dir/$b.shx"
done
mkfifo "$tmp/case-fifo/fifo.dbf"
mkdir "$tmp/case-folder/folder.dbf"
case_dir=$tmp/case-fifo
run_case fifo 1 "fifo\.shp: fifo\.dbf is a FIFO \(named pipe\), not a file" fifo.shp fifo.shx
case_dir=$tmp/case-folder
run_case folder 1 "folder\.shp: folder\.dbf is a folder, not a file" folder.shp folder.shx

# .shx missing
new_case noshx
cp "$other.shp" "$case_dir/noshx.shp"
cp "$other.dbf" "$case_dir/noshx.dbf"
run_case noshx 1 "noshx\.shp: no \.shx" noshx.shp noshx.dbf

# truncated .dbf: the header promises more records than the file holds
new_case truncated
for e in shp shx dbf; do cp "$other.$e" "$case_dir/truncated.$e"; done
truncate -s -1000 "$case_dir/truncated.dbf"
run_case truncated 1 "truncated\.shp: .*truncated" truncated.dbf truncated.shp

# garbage .dbf header (GDAL would open the set without it and create a new one over it)
new_case garbage
for e in shp shx dbf; do cp "$other.$e" "$case_dir/garbage.$e"; done
printf 'this is not a dBASE header, only garbage bytes.....' |
    dd of="$case_dir/garbage.dbf" conv=notrunc status=none
run_case garbage 1 "garbage\.shp: .*garbage header" garbage.dbf garbage.shp garbage.shx

# a .dbf whose first 32 bytes were zeroed: the message says so, not "too short" for a long file
new_case zeroed
for e in shp shx dbf; do cp "$other.$e" "$case_dir/zeroed.$e"; done
dd if=/dev/zero of="$case_dir/zeroed.dbf" bs=32 count=1 conv=notrunc status=none
run_case zeroed 1 "zeroed\.shp: .*first 32 bytes are all zero" zeroed.dbf zeroed.shp zeroed.shx

# every failed file is named on stderr, not only the first (the run's status names one)
new_case two
for b in bad1 bad2; do
    for e in shp shx dbf; do cp "$other.$e" "$case_dir/$b.$e"; done
    dd if=/dev/zero of="$case_dir/$b.dbf" bs=32 count=1 conv=notrunc status=none
done
"$FORKOMP" shapefiles --dir "$case_dir" --models serial --reps 1 --warmup 0 \
    >/dev/null 2>"$tmp/two.err" || true
grep -q "failed: bad1\.shp" "$tmp/two.err" && grep -q "failed: bad2\.shp" "$tmp/two.err" &&
    pass "every failed file on stderr" || fail "every failed file on stderr: $(cat "$tmp/two.err")"

# a file that is not a shapefile at all but ends in .shp
new_case notshp
printf 'Meeting notes, not a shapefile. %.0s' {1..10} >"$case_dir/notes.shp"
run_case notshp 1 "notes\.shp: not a shapefile" notes.shp

# upper-case extensions are shapefiles too
new_case upper
for e in shp shx dbf; do cp "$other.$e" "$case_dir/UPPER.${e^^}"; done
run_case upper 0 ""
has_name_field "$tmp/run-upper-raw/UPPER.SHP" && pass "UPPER.SHP updated" || fail "UPPER.SHP"

# names with spaces and non-ASCII characters
new_case names
long=$(printf 'long%.0s' {1..60}) # a 240-byte name: the temporary name must still fit
for e in shp shx dbf cpg; do
    cp "$good.$e" "$case_dir/route 66 – Zürich ☃.$e"
    cp "$good.$e" "$case_dir/$long.$e"
done
run_case names 0 ""
v=$(ogrinfo -al -q -fid 0 "$tmp/run-names-raw/route 66 – Zürich ☃.shp" 2>/dev/null |
    sed -n 's/^ *NAME (String) = //p')
[[ "$v" == "route 66 – Zürich ☃" ]] && pass "NAME of a non-ASCII name" || fail "NAME read back as '$v'"

# a file name that is not UTF-8 (Latin-1 bytes) is updated with a warning (issue 27 N11)
new_case latin1
for e in shp shx dbf; do cp "$other.$e" "$case_dir/caf$(printf '\xe9').$e"; done
run_case latin1 0 "warning: the file name is not valid UTF-8"

# an empty shapefile (0 records) works
new_case empty
cp "$tmp/odd"/odd_empty.* "$case_dir/"
run_case empty 0 ""

# a read-only .dbf fails (root writes anyway: run as nobody when possible)
new_case readonly
for e in shp shx dbf; do cp "$other.$e" "$case_dir/locked.$e"; done
chmod 444 "$case_dir/locked.dbf"
if ((EUID != 0)); then
    run_case readonly 1 "locked\.shp: .*read-only" locked.dbf
elif command -v setpriv >/dev/null && id nobody >/dev/null 2>&1 &&
    setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups test -x "$FORKOMP"; then
    dir="$tmp/run-readonly"
    cp -a "$case_dir" "$dir"
    chmod -R a+rwX "$dir" && chmod 444 "$dir/locked.dbf"
    chmod a+rx "$tmp"
    set +e
    out=$(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups env TMPDIR=/tmp \
        "$FORKOMP" shapefiles --dir "$dir" --in-place --models serial --reps 1 --warmup 0 2>&1)
    rc=$?
    set -e
    if ((rc == 1)) && grep -q "locked.shp: .*read-only" <<<"$out" &&
        cmp -s "$case_dir/locked.dbf" "$dir/locked.dbf"; then
        pass "read-only .dbf (as nobody)"
    else
        fail "read-only .dbf as nobody: exit $rc: $out"
    fi
else
    echo "skip: read-only case (running as root without setpriv, or nobody cannot run $FORKOMP: a checkout in a private folder)"
fi

# in place, either variant: a new .dbf that would fail verification never replaces the
# original (issue 27 N2; ogr runs OGR on a private copy and verifies it before the rename): a
# .cpg saying UTF-16 (NAME would be stored with a byte-order mark per character, GDAL reads
# TYPE as '') fails with the original byte for byte as it was; an empty .cpg with LDID 0x57
# either verifies and is updated, or fails unchanged; never failed and rewritten. The good
# set beside them is still updated and verified.
new_case verify-first
for e in shp shx dbf; do cp "$other.$e" "$case_dir/utf16.$e"; cp "$other.$e" "$case_dir/ldid€.$e"; done
printf 'UTF-16' >"$case_dir/utf16.cpg"
: >"$case_dir/ldid€.cpg"
printf '\x57' | dd of="$case_dir/ldid€.dbf" bs=1 seek=29 conv=notrunc 2>/dev/null
for variant in raw ogr; do
    dir="$tmp/run-verify-first-$variant"
    cp -a "$case_dir" "$dir"
    set +e
    out=$("$FORKOMP" shapefiles --dir "$dir" --in-place --variant "$variant" --models serial 2>&1)
    rc=$?
    set -e
    if ((rc == 1)) && grep -q "utf16.shp: the new file failed verification, so the original was kept" <<<"$out" &&
        cmp -s "$case_dir/utf16.dbf" "$dir/utf16.dbf"; then
        pass "$variant UTF-16 .cpg: failed, the .dbf unchanged"
    else
        fail "$variant UTF-16 .cpg: exit $rc; the .dbf $(cmp -s "$case_dir/utf16.dbf" "$dir/utf16.dbf" && echo unchanged || echo CHANGED): $out"
    fi
    if grep -q "FAILED ldid€.shp" <<<"$out"; then
        cmp -s "$case_dir/ldid€.dbf" "$dir/ldid€.dbf" && pass "$variant LDID 0x57: failed, unchanged" ||
            fail "$variant LDID 0x57: failed and rewritten"
    else
        has_name_field "$dir/ldid€.shp" && pass "$variant LDID 0x57: updated and verified" ||
            fail "$variant LDID 0x57: neither failed nor updated: $out"
    fi
    has_name_field "$dir/$(basename "$good").shp" && ! grep -q "FAILED $(basename "$good")" <<<"$out" &&
        pass "$variant: the good set beside them updated and verified" ||
        fail "$variant: the good set was not updated: $out"
    ls -a "$dir" | grep -q fk-tmp- && fail "$variant: temporary files left: $(ls -a "$dir")"
done

# usage errors exit 2
usage() {
    local label=$1
    shift
    set +e
    "$FORKOMP" shapefiles "$@" --models serial --reps 1 --warmup 0 >/dev/null 2>&1
    local rc=$?
    set -e
    ((rc == 2)) && pass "usage: $label" || fail "usage: $label exited $rc"
}
mkdir -p "$tmp/nothing"
touch "$tmp/nothing/readme.txt"
usage "no such folder" --dir "$tmp/no/such/folder"
usage "no shapefiles" --dir "$tmp/nothing"
usage "bad variant" --dir "$tmp/src" --variant fast
usage "--class and --dir" --dir "$tmp/src" --class S
usage "--in-place with --class" --class S --in-place
usage "unknown class" --class Z
# shapefiles one level down: the message names the subfolders that hold them (issue 26)
mkdir -p "$tmp/parent/roads" "$tmp/parent/rivers" "$tmp/parent/notes"
cp "$tmp/src"/*.shp "$tmp/src"/*.dbf "$tmp/parent/roads/"
cp "$tmp/src"/*.shp "$tmp/parent/rivers/"
set +e
sub_out=$("$FORKOMP" shapefiles --dir "$tmp/parent" --models serial --reps 1 2>&1)
sub_rc=$?
set -e
if ((sub_rc == 2)) && [[ $sub_out == *"no shapefiles (*.shp) in $tmp/parent; but its subfolders 'rivers', 'roads' hold some"* ]]; then
    pass "subfolders named"
else
    fail "subfolders: exit $sub_rc: $sub_out"
fi

shp_test_finish
