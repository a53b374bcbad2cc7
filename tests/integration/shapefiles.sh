#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# shapefiles.sh: integration test of the shapefile kernel: `forkomp gen` is deterministic;
# class S runs and verifies on every model with both variants, with the same checksum on
# every model; the output read back with GDAL's Python bindings (independently of forkomp)
# has TYPE and NAME right in every feature; the odd class shows raw lossless and ogr not;
# the real class (Debian's data packages) runs when it can be fetched. Needs FORKOMP.
set -euo pipefail

# shellcheck source=tests/lib/shp_test.sh
. "$(dirname "$0")/../lib/shp_test.sh"
shp_test_setup shptest

# Models the binary offers, but MPI (ranks on other hosts cannot share the scratch copy).
models=$("$FORKOMP" shapefiles --help | awk '/^models:/{m=1; next} m && NF==0{exit}
    m && $1 !~ /^mpi/ {printf "%s%s", sep, $1; sep=","}')
[[ -n "$models" ]] || models=serial,fork,omp

# 1. gen: the same class and seed give byte-identical files; another seed differs.
"$FORKOMP" gen --class S --out "$tmp/s1" >/dev/null
"$FORKOMP" gen --class S --out "$tmp/s2" --seed 1 >/dev/null
"$FORKOMP" gen --class S --out "$tmp/s3" --seed 2 >/dev/null
if diff -r "$tmp/s1" "$tmp/s2" >/dev/null; then pass "gen is deterministic"; else fail "gen S twice differs"; fi
if ! diff -r "$tmp/s1" "$tmp/s3" >/dev/null; then pass "seeds differ"; else fail "seed 2 = seed 1"; fi
n=$(find "$tmp/s1" -name '*.shp' | wc -l)
[[ "$n" == 8 ]] && pass "class S has 8 shapefiles" || fail "class S has $n shapefiles"
cpgs=$(find "$tmp/s1" -name '*.cpg' | wc -l)
((cpgs > 0 && cpgs < 8)) && pass "some files have a .cpg" || fail "$cpgs .cpg files"

# The result (checksum) column of every row for one variant must be one value, verified.
check_csv() {
    local csv=$1 label=$2
    local rows distinct bad
    rows=$(tail -n +2 "$csv" | wc -l)
    distinct=$(tail -n +2 "$csv" | cut -d, -f19 | sort -u | wc -l)
    bad=$(tail -n +2 "$csv" | awk -F, '$20 != 1 || $21 != "ok"' | wc -l)
    if ((rows > 0 && distinct == 1 && bad == 0)); then
        pass "$label: $rows runs verified, one checksum on every model"
    else
        fail "$label: $rows rows, $distinct checksums, $bad not verified"
    fi
}

# 2. class S (generated into this test's own cache), every model, both variants.
for variant in raw ogr; do
    if FORKOMP_HOME="$tmp/home" "$FORKOMP" shapefiles --class S --variant "$variant" \
        --models "$models" --workers 1,2 --reps 2 --warmup 0 --quiet --csv "$tmp/S-$variant.csv"; then
        check_csv "$tmp/S-$variant.csv" "class S $variant on $models"
    else
        fail "class S $variant exited $?"
    fi
done
[[ -d "$tmp/home/datasets/cache/S-seed1" ]] && pass "class S cached" || fail "no cache"

# 3. read the output back with GDAL's Python bindings: every feature's TYPE and NAME.
check_with_gdal() {
    /usr/bin/python3 - "$1" <<'EOF'
import os, struct, sys
from osgeo import ogr
names = {0: "Null", 31: "MultiPatch"}
for c, n in ((1, "Point"), (3, "Polyline"), (5, "Polygon"), (8, "Multipoint")):
    for v in (0, 10, 20):
        names[c + v] = n
bad = 0
for f in sorted(os.listdir(sys.argv[1])):
    if not f.lower().endswith(".shp"):
        continue
    path = os.path.join(sys.argv[1], f)
    with open(path, "rb") as fh:
        want_type = names[struct.unpack("<i", fh.read(100)[32:36])[0]]
    want_name = os.path.splitext(f)[0]
    ds = ogr.Open(path)
    lyr = ds.GetLayer(0)
    defn = lyr.GetLayerDefn()
    fields = [defn.GetFieldDefn(i).GetName().upper() for i in range(defn.GetFieldCount())]
    if fields.count("TYPE") != 1 or fields.count("NAME") != 1:
        print("%s: fields %s" % (f, fields)); bad += 1; continue
    for feat in lyr:
        if feat.GetField("TYPE") != want_type or feat.GetField("NAME") != want_name:
            print("%s: feature %d has %r %r" % (f, feat.GetFID(), feat.GetField("TYPE"),
                                                feat.GetField("NAME")))
            bad += 1
            break
sys.exit(1 if bad else 0)
EOF
}
for variant in raw ogr; do
    cp -r "$tmp/s1" "$tmp/inplace-$variant"
    if "$FORKOMP" shapefiles --dir "$tmp/inplace-$variant" --variant "$variant" --in-place \
        --models serial --reps 1 --warmup 0 --quiet && check_with_gdal "$tmp/inplace-$variant"; then
        pass "$variant --in-place output read back with GDAL"
    else
        fail "$variant --in-place output"
    fi
done
if diff -r "$tmp/s1" "$tmp/s2" >/dev/null; then pass "input folder untouched"; else fail "input modified"; fi

# 4. the odd class: raw keeps every byte; ogr loses values and must fail verification.
FORKOMP_HOME="$tmp/home" "$FORKOMP" shapefiles --class odd --models serial,omp --workers 2 \
    --reps 1 --warmup 0 --quiet && pass "odd class verified with raw" || fail "odd raw exited $?"
set +e
out=$(FORKOMP_HOME="$tmp/home" "$FORKOMP" shapefiles --class odd --variant ogr \
    --models serial --reps 1 --warmup 0 2>&1)
rc=$?
set -e
if ((rc == 1)) && grep -q "values of field .* changed" <<<"$out"; then
    pass "odd class: ogr's losses are caught (exit 1)"
else
    fail "odd class with ogr: exit $rc, output: $out"
fi
# ... and counted: the summary counts every file that did not verify as failed and names the
# field whose values changed, also under --quiet (issue 26 item 5).
if grep -q "FAILED verification after the update: odd_decimals.dbf: the values of field 'value' changed" <<<"$out" &&
    grep -Eq "^shapefiles \(ogr\): 9 of 11 files updated, [0-9]+ records, 2 failed \(2 in verification\)" <<<"$out"; then
    pass "odd class with ogr: the summary counts and names the failures"
else
    fail "odd class with ogr: the summary: $out"
fi
set +e
out=$(FORKOMP_HOME="$tmp/home" "$FORKOMP" shapefiles --class odd --variant ogr \
    --models serial --reps 1 --warmup 0 --quiet 2>&1)
rc=$?
set -e
if ((rc == 1)) && grep -q "^forkomp: failed: wrong result: odd_decimals.dbf: the values of field 'value' changed" <<<"$out"; then
    pass "odd class with ogr --quiet: why, in one line"
else
    fail "odd class with ogr --quiet: exit $rc, output: $out"
fi

# 5. the real class (cached in the source tree's datasets/cache/real once fetched), when
#    Debian's packages can be fetched.
if [[ -d datasets/cache/real ]] || "$FORKOMP" shapefiles --class real --models serial \
    --reps 1 --warmup 0 --quiet >/dev/null 2>&1 || [[ -d datasets/cache/real ]]; then
    for variant in raw ogr; do
        if "$FORKOMP" shapefiles --class real --variant "$variant" --models "$models" \
            --workers 2 --reps 1 --warmup 0 --quiet --csv "$tmp/real-$variant.csv"; then
            check_csv "$tmp/real-$variant.csv" "real class $variant"
        else
            fail "real class $variant exited $?"
        fi
    done
else
    echo "skip: the real class (apt-get download r-cran-spdata python3-geopandas failed)"
fi

shp_test_finish
