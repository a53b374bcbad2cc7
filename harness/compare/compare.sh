#!/usr/bin/env bash
# compare.sh: `make compare`: the lab's own Python programs (datasets/lab/lab_primes.py,
# datasets/lab/lab_shapefiles.py) beside forkomp on the same inputs and datasets, whole processes
# timed with hyperfine, every output checked against forkomp's. Writes compare.csv,
# compare.md and hyperfine's exports into results/<UTC time>-<host>/.
#
# Settings (environment, or make variables: make compare COMPARE_CLASSES=lab):
#   COMPARE_CLASSES  prime classes (default "lab A"; the lab's Python takes ~30 s a run on A)
#   COMPARE_SHAPES   shapefile class (default W; empty: skip the shapefile comparison)
#   COMPARE_WORKERS  pool size W of every command (default 2)
#   COMPARE_RUNS     hyperfine runs of the quick commands (default 5, after 1 warm-up)
#   COMPARE_PY_RUNS  runs of the lab's Python and of other commands over 2 s (default 2)
#   RESULTS_DIR      output folder (default results/<UTC time>-<host>)
#   FORKOMP, PYTHON  the binary (bin/forkomp) and the interpreter with osgeo (/usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/../.."

FORKOMP=${FORKOMP:-bin/forkomp}
PY=${PYTHON:-/usr/bin/python3}
CLASSES=${COMPARE_CLASSES-lab A}
SHAPES=${COMPARE_SHAPES-W}
W=${COMPARE_WORKERS:-2}
RUNS=${COMPARE_RUNS:-5}
PY_RUNS=${COMPARE_PY_RUNS:-2}
OUT=${RESULTS_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-$(hostname)}

die() { echo "compare: $*" >&2; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine is missing (make deps installs it)"
[ -x "$FORKOMP" ] || die "$FORKOMP is not built (run make)"
"$PY" -c 'import multiprocessing' 2>/dev/null || die "$PY cannot run Python 3"

SCR=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-compare-XXXXXX")
trap 'rm -rf "$SCR"' EXIT
mkdir -p "$OUT"
MANIFEST=$SCR/manifest.tsv
VERIFY=$OUT/compare-verify.txt
: >"$VERIFY"
FK_RUN=(--reps 1 --warmup 0 --quiet)

BAD=0
# A line of the verification record, also shown on stderr (stdout carries verdicts).
note() { echo "$*" >&2; echo "$*" >>"$VERIFY"; }

# time GROUP LABEL VERIFIED RUNS WARMUP [hyperfine options...] -- COMMAND: one hyperfine run
# of one command (so slow and quick commands get their own run counts), listed in the manifest.
time_cmd() {
    local group=$1 label=$2 verified=$3 runs=$4 warmup=$5
    shift 5
    local opts=()
    while [ "$1" != -- ]; do opts+=("$1"); shift; done
    shift
    local base=$OUT/hyperfine-$group-$label cmd
    cmd=$(printf '%q ' "$@") # hyperfine -N splits the command line as a shell would
    cmd=${cmd% }
    echo "== $group: $label" >&2
    hyperfine -N --style basic --runs "$runs" --warmup "$warmup" "${opts[@]}" -n "$label" \
        --export-json "$base.json" --export-csv "$base.csv" "$cmd" >&2
    local shown=$cmd
    printf '%s\t%s\t%s\t%s\t%s\n' "$group" "$label" "$base.json" "$verified" \
        "${shown//$SCR/\$SCRATCH}" >>"$MANIFEST"
}

yes_no() { [ "$1" = 1 ] && echo yes || echo NO; }

# The same "Sum of primes below N is S" lines, in any order: 1 when they match.
same_sums() {
    diff <(grep '^Sum of primes below' "$1" | sort) <(grep '^Sum of primes below' "$2" | sort) \
        >/dev/null && [ -s "$1" ] && echo 1 || echo 0
}

primes_class() {
    local c=$1 ref=$SCR/fk-$1.txt
    "$FORKOMP" primes --class "$c" --models fork --workers "$W" --reps 1 --warmup 0 \
        >"$ref" 2>/dev/null || die "forkomp primes --class $c failed"
    sed -n 's/^Sum of primes below \([0-9]*\) is .*/\1/p' "$ref" >"$SCR/inputs-$c.txt"
    local inputs
    readarray -t inputs <"$SCR/inputs-$c.txt"
    "$PY" datasets/lab/lab_primes.py --workers "$W" "${inputs[@]}" >"$SCR/py-$c.txt"
    xargs -a "$SCR/inputs-$c.txt" -P "$W" -n 1 "$FORKOMP" primes --models serial --reps 1 \
        --warmup 0 --inputs >"$SCR/xargs-$c.txt" 2>/dev/null
    local py_ok xargs_ok omp_ok
    py_ok=$(same_sums "$SCR/py-$c.txt" "$ref")
    xargs_ok=$(same_sums "$SCR/xargs-$c.txt" "$ref")
    "$FORKOMP" primes --class "$c" --models omp --workers "$W" --reps 1 --warmup 0 \
        >"$SCR/omp-$c.txt" 2>/dev/null || true
    omp_ok=$(same_sums "$SCR/omp-$c.txt" "$ref")
    note "primes class $c ($(wc -l <"$SCR/inputs-$c.txt") inputs): the sums of lab_primes.py," \
        "xargs and omp match forkomp fork's: $(yes_no "$py_ok"), $(yes_no "$xargs_ok")," \
        "$(yes_no "$omp_ok")"
    [ "$py_ok$xargs_ok$omp_ok" = 111 ] || BAD=1
    local pyr=$RUNS pyw=1 fkr=$RUNS fkw=1
    [ "$c" = lab ] || { pyr=$PY_RUNS; pyw=0; fkr=$(( RUNS < 3 ? RUNS : 3 )); }
    time_cmd "primes-$c" python-pool "$py_ok" "$pyr" "$pyw" -- \
        "$PY" datasets/lab/lab_primes.py --workers "$W" "${inputs[@]}"
    time_cmd "primes-$c" forkomp-fork 1 "$fkr" "$fkw" -- \
        "$FORKOMP" primes --class "$c" --models fork --workers "$W" "${FK_RUN[@]}"
    time_cmd "primes-$c" forkomp-omp "$omp_ok" "$fkr" "$fkw" -- \
        "$FORKOMP" primes --class "$c" --models omp --workers "$W" "${FK_RUN[@]}"
    time_cmd "primes-$c" xargs-serial "$xargs_ok" "$fkr" "$fkw" -- \
        xargs -a "$SCR/inputs-$c.txt" -P "$W" -n 1 "$FORKOMP" primes --models serial \
        "${FK_RUN[@]}" --inputs
}

# One untimed run of the lab's script and of forkomp's ogr and raw variants, each on its own
# copy of IN, then compare.py dbf on the outputs. Prints the verdict (1: TYPE/NAME agree).
shapes_check() {
    local in=$1 tag=$2 v=$SCR/check-$2
    mkdir -p "$v"
    for out in python-pool forkomp-ogr forkomp-raw; do cp -r "$in" "$v/$out"; done
    "$PY" datasets/lab/lab_shapefiles.py "$v/python-pool" --workers "$W" --in-place >/dev/null 2>&1 ||
        note "$tag: lab_shapefiles.py exited with an error"
    for variant in ogr raw; do
        "$FORKOMP" shapefiles --dir "$v/forkomp-$variant" --in-place --variant "$variant" \
            --models fork --workers "$W" "${FK_RUN[@]}" 2>/dev/null ||
            note "$tag: forkomp shapefiles --variant $variant exited non-zero (its verification failed)"
    done
    "$PY" harness/compare/compare.py dbf "$in" "$v/python-pool" "$v/forkomp-ogr" "$v/forkomp-raw" \
        >"$v.txt" 2>/dev/null && echo 1 || echo 0
    sed "s/^/$tag: /" "$v.txt" >>"$VERIFY"
    cat "$v.txt" >&2
}

shapes_class() {
    local c=$1 in=$SCR/shp-$1 work=$SCR/shp-work
    if ! "$FORKOMP" --help | grep -q '^  shapefiles '; then
        note "shapefiles: not a command of $FORKOMP yet; skipped"
        return
    fi
    "$FORKOMP" gen --class "$c" --out "$in" >/dev/null || die "forkomp gen --class $c failed"
    local ok
    ok=$(shapes_check "$in" "shapefiles class $c")
    note "shapefiles class $c: TYPE and NAME values agree: $(yes_no "$ok")"
    [ "$ok" = 1 ] || BAD=1
    if "$FORKOMP" gen --class odd --out "$SCR/shp-odd" >/dev/null 2>&1; then
        note "(class odd, untimed: what each way does to files GDAL did not write)"
        shapes_check "$SCR/shp-odd" "shapefiles class odd" >/dev/null
    fi
    local prep="bash -c 'rm -rf \"$work\" && cp -r \"$in\" \"$work\"'"
    time_cmd "shapefiles-$c" python-pool "$ok" "$PY_RUNS" 0 --prepare "$prep" -- \
        "$PY" datasets/lab/lab_shapefiles.py "$work" --workers "$W" --in-place
    time_cmd "shapefiles-$c" forkomp-ogr "$ok" "$PY_RUNS" 0 --prepare "$prep" -- \
        "$FORKOMP" shapefiles --dir "$work" --in-place --variant ogr --models fork \
        --workers "$W" "${FK_RUN[@]}"
    time_cmd "shapefiles-$c" forkomp-raw "$ok" "$RUNS" 1 --prepare "$prep" -- \
        "$FORKOMP" shapefiles --dir "$work" --in-place --variant raw --models fork \
        --workers "$W" "${FK_RUN[@]}"
}

write_context() {
    {
        echo "date        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "host        $(hostname), $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
        echo "load        $(cut -d' ' -f1-3 /proc/loadavg) at the start"
        echo "forkomp     $("$FORKOMP" --version)"
        echo "python      $("$PY" --version 2>&1), GDAL $("$PY" -c 'from osgeo import gdal; print(gdal.__version__)' 2>/dev/null || echo missing)"
        echo "hyperfine   $(hyperfine --version)"
        echo "workers     W = $W in every command; runs: $RUNS (quick), $PY_RUNS (slow)"
    } >"$OUT/compare-context.txt"
}

# What starting each costs before any work: the interpreter with the lab's import, and
# forkomp (its shared libraries: GDAL, Open MPI).
startup() {
    time_cmd start-up python-start 1 "$RUNS" 1 -- "$PY" -c "import multiprocessing"
    time_cmd start-up forkomp-start 1 "$RUNS" 1 -- "$FORKOMP" --version
}

write_context
startup
for c in $CLASSES; do primes_class "$c"; done
[ -z "$SHAPES" ] || shapes_class "$SHAPES"
"$PY" harness/compare/compare.py table "$MANIFEST" "$OUT"
# results/latest is the bench's (harness/bench/bench.sh); made here only when there is none yet.
[ -e results/latest ] || [ "$(dirname "$OUT")" != results ] || ln -s "$(basename "$OUT")" results/latest
echo "compare: wrote $OUT/compare.csv and $OUT/compare.md" >&2
[ "$BAD" = 0 ] || die "an output did not match forkomp's (see $VERIFY)"
