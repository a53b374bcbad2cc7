#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# build.sh: what the Makefile decides before it builds anything (dry runs, make -n): without
# GDAL's pkg-config file the build stops with one line naming the package and the way out
# (WITHOUT_GDAL=1), the goals that install packages first still start, and every compile and
# link line uses the CC given.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

src=$(cd "$(dirname "$0")/../.." && pwd)
# BUILD of its own: parsing the Makefile writes the compiler and revision stamps into BUILD,
# and the stamps of the real build (which install.sh reads) must stay as they are.
mk() { make -n -C "$src" --no-print-directory BUILD="$work/build" "$@"; }
dry() { mk "$@" >"$work/dry.out" 2>&1; }

dry PKG_CONFIG=false all
rc=$?
[ $rc -ne 0 ] || fail "make without GDAL: exit 0"
check_grep "make without GDAL" 'cannot find GDAL.*libgdal-dev.*WITHOUT_GDAL=1' "$work/dry.out"
[ "$(grep -c 'GDAL' "$work/dry.out")" = 1 ] || { fail "make without GDAL: not one line:"; cat "$work/dry.out"; }

dry PKG_CONFIG=false WITHOUT_GDAL=1 all
check_rc "make WITHOUT_GDAL=1 without GDAL" 0 $?
check_grep "make WITHOUT_GDAL=1 without GDAL" 'building without fk-gdal.so' "$work/dry.out"
if grep -q 'fk-gdal.so:\|-o lib/forkomp/fk-gdal.so' "$work/dry.out"; then
    fail "make WITHOUT_GDAL=1 still builds fk-gdal.so"
fi

for goal in clean deps; do
    # deps would install: only its parse is checked (make -n prints, runs nothing)
    dry PKG_CONFIG=false "$goal"
    check_rc "make $goal without GDAL" 0 $?
done

# CC is honoured by every compile and link line (a fresh build dir, so everything is listed)
mk -B CC=fk-test-cc all >"$work/cc.out" 2>&1
check_rc "make CC=fk-test-cc -n" 0 $?
lines=$(grep -Ec "(^| )-o ($work/build|bin|lib)/" "$work/cc.out")
other=$(grep -E "(^| )-o ($work/build|bin|lib)/" "$work/cc.out" | grep -vc 'fk-test-cc')
[ "$lines" -gt 10 ] || fail "make -n listed only $lines compile or link lines"
[ "$other" = 0 ] || { fail "$other compile or link lines do not use CC:"; grep -E ' -o ' "$work/cc.out" | grep -v fk-test-cc | head -3; }

finish
