# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# compare_shapes.sh: the shapefile half of `make compare`, sourced by compare.sh (whose
# settings, time_cmd and note it uses): the lab's shapefile script run serially, in
# ThreadPool threads (does GDAL's Python binding release the GIL? measured, not assumed) and
# in Pool processes, beside forkomp's ogr and raw variants. Every timed run works on a fresh
# copy (hyperfine --prepare); the last run's folder is checked with compare.py dbf against
# the input and against forkomp raw's output (made untimed first, forkomp verifies it).

SHAPE_WAYS=${COMPARE_SHAPE_WAYS:-pool-fork serial threadpool}
for way in $SHAPE_WAYS; do way_args "$way" >/dev/null; done

# The untimed outputs of class odd: what each way does to files GDAL did not write.
shapes_odd() {
    local in=$SCR/shp-odd v=$SCR/check-odd
    "$FORKOMP" gen --class odd --out "$in" >/dev/null 2>&1 || return 0
    note "(class odd, untimed: what each way does to files GDAL did not write)"
    mkdir -p "$v"
    for out in python-pool forkomp-ogr forkomp-raw; do cp -r "$in" "$v/$out"; done
    "$PY" "$LAB_SHAPES" "$v/python-pool" --workers "$W" --in-place >/dev/null 2>&1 ||
        note "class odd: lab_shapefiles.py exited with an error"
    for variant in ogr raw; do
        "$FORKOMP" shapefiles --dir "$v/forkomp-$variant" --in-place --variant "$variant" \
            --models fork --workers "$W" "${FK_RUN[@]}" 2>/dev/null ||
            note "class odd: forkomp shapefiles --variant $variant exited non-zero (its verification failed)"
    done
    "$PY" harness/compare/compare.py dbf "$in" "$v/python-pool" "$v/forkomp-ogr" \
        "$v/forkomp-raw" 2>&1 | sed "s/^/shapefiles class odd: /" >>"$VERIFY" || true
}

# check_shapes OUTPUT: the folder the last timed run left ($SHP_WORK) against the input and
# forkomp raw's output (OUTPUT, the run's stdout, is not needed).
SHP_IN="" SHP_REF="" SHP_WORK="" SHP_TAG=""
check_shapes() {
    local txt=$SCR/dbf-$RANDOM.txt
    if "$PY" harness/compare/compare.py dbf "$SHP_IN" "$SHP_REF" "$SHP_WORK" >"$txt" 2>&1; then
        echo "1 TYPE and NAME as forkomp raw's"
    else
        echo "0 $(grep -m1 'PROBLEM\|DIFFERENT' "$txt" || echo 'compare.py dbf failed')"
    fi
    sed "s/^/$SHP_TAG: /" "$txt" >>"$VERIFY"
}

shapes_class() {
    local c=$1
    if ! "$FORKOMP" --help | grep -q '^  shapefiles '; then
        note "shapefiles: not a command of $FORKOMP yet; skipped"
        return
    fi
    SHP_IN=$SCR/shp-$c SHP_REF=$SCR/shp-ref-$c SHP_WORK=$SCR/shp-work SHP_TAG="shapefiles class $c"
    "$FORKOMP" gen --class "$c" --out "$SHP_IN" >/dev/null || die "forkomp gen --class $c failed"
    cp -r "$SHP_IN" "$SHP_REF"
    "$FORKOMP" shapefiles --dir "$SHP_REF" --in-place --variant raw --models fork \
        --workers "$W" "${FK_RUN[@]}" || die "forkomp shapefiles --variant raw failed on class $c"
    local prep="bash -c 'rm -rf \"$SHP_WORK\" && cp -r \"$SHP_IN\" \"$SHP_WORK\"'" way
    for way in $SHAPE_WAYS; do
        # shellcheck disable=SC2046
        time_cmd "shapefiles-$c" "python-$way" "$PY_RUNS" 0 check_shapes --prepare "$prep" -- \
            "$PY" "$LAB_SHAPES" "$SHP_WORK" --workers "$W" $(way_args "$way") --in-place
    done
    time_cmd "shapefiles-$c" forkomp-ogr "$PY_RUNS" 0 check_shapes --prepare "$prep" -- \
        "$FORKOMP" shapefiles --dir "$SHP_WORK" --in-place --variant ogr --models fork \
        --workers "$W" "${FK_RUN[@]}"
    time_cmd "shapefiles-$c" forkomp-raw "$RUNS" 1 check_shapes --prepare "$prep" -- \
        "$FORKOMP" shapefiles --dir "$SHP_WORK" --in-place --variant raw --models fork \
        --workers "$W" "${FK_RUN[@]}"
    rm -rf "$SHP_WORK"
    shapes_odd
}
