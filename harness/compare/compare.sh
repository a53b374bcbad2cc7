#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# compare.sh: `make compare`: the lab's own Python programs (datasets/lab/lab_primes.py,
# datasets/lab/lab_shapefiles.py) run every way Python offers (serial, ThreadPool, Pool with
# each start method, the two concurrent.futures executors) beside forkomp serial, fork and
# omp on the same inputs; what starting a pool costs per start method beside forkomp's pool;
# and what each pool does when a task kills its worker. Whole processes are timed with
# hyperfine and every output is checked against forkomp's. Writes compare.csv, compare.md,
# compare-why.md (the section `forkomp report` also shows) and hyperfine's exports into
# results/<UTC time>-<host>/. Exits 1 when an output did not verify.
#
# Settings (environment, or make variables: make compare COMPARE_CLASSES=lab):
#   COMPARE_CLASSES  prime classes (default "lab A"; the lab's Python takes ~25 s a run on A)
#   COMPARE_BIG_WAYS the Python ways on classes other than lab (default "pool-fork serial
#                    threadpool"; "all": every way, about 3 more minutes on class A)
#   COMPARE_SHAPES   shapefile class (default W; empty: skip the shapefile comparison)
#   COMPARE_WORKERS  pool size W of every command (default 2)
#   COMPARE_RUNS     hyperfine runs of the quick commands (default 5, after 1 warm-up)
#   COMPARE_PY_RUNS  runs of the commands over 2 s (default 1, no warm-up)
#   COMPARE_HANG_TIMEOUT  seconds the worker-death demo waits for multiprocessing.Pool (3)
#   COMPARE_POOL_REPS     pools timed per start method (default 20; first pools: up to 5)
#   COMPARE_FT       free-threaded interpreters to add (default: python3.13t ... python3.20t
#                    found on PATH with the GIL disabled)
#   RESULTS_DIR      output folder (default results/<UTC time>-<host>)
#   FORKOMP, PYTHON  the binary (bin/forkomp) and the interpreter with osgeo (/usr/bin/python3)
set -euo pipefail
cd "$(dirname "$0")/../.."

FORKOMP=${FORKOMP:-bin/forkomp}
PY=${PYTHON:-/usr/bin/python3}
CLASSES=${COMPARE_CLASSES-lab A}
BIG_WAYS=${COMPARE_BIG_WAYS:-pool-fork serial threadpool}
SHAPES=${COMPARE_SHAPES-W}
W=${COMPARE_WORKERS:-2}
RUNS=${COMPARE_RUNS:-5}
PY_RUNS=${COMPARE_PY_RUNS:-1}
HANG=${COMPARE_HANG_TIMEOUT:-3}
POOL_REPS=${COMPARE_POOL_REPS:-20}
OUT=${RESULTS_DIR:-results/$(date -u +%Y%m%dT%H%M%SZ)-$(hostname)}
LAB_PRIMES=datasets/lab/lab_primes.py
LAB_SHAPES=datasets/lab/lab_shapefiles.py

die() { echo "compare: $*" >&2; exit 1; }
command -v hyperfine >/dev/null || die "hyperfine is missing (make deps installs it)"
[ -x "$FORKOMP" ] || die "$FORKOMP is not built (run make)"
"$PY" -c 'import multiprocessing' 2>/dev/null || die "$PY cannot run Python 3"

# The Python ways, first the group's reference (the lab's Pool, which fork starts before 3.14).
ALL_WAYS="pool-fork serial threadpool pool-forkserver pool-spawn executor-process executor-thread"
[ "$BIG_WAYS" != all ] || BIG_WAYS=$ALL_WAYS
way_args() {
    case $1 in
    serial) echo --serial ;;
    threadpool) echo --pool thread ;;
    pool-*) echo --pool process --start "${1#pool-}" ;;
    executor-*) echo --executor "${1#executor-}" ;;
    *) die "unknown Python way $1 (one of: $ALL_WAYS)" ;;
    esac
}
for way in $BIG_WAYS; do way_args "$way" >/dev/null; done

# Free-threaded CPython (3.13t and newer) when present: the same job without the GIL.
FT=${COMPARE_FT-$(for v in $(seq 13 20); do
    p=$(command -v "python3.${v}t") || continue
    "$p" -c 'import sys; sys.exit(sys._is_gil_enabled())' 2>/dev/null && echo "$p"
done)}

SCR=$(mktemp -d "${TMPDIR:-/tmp}/forkomp-compare-XXXXXX")
trap 'rm -rf "$SCR"' EXIT
mkdir -p "$OUT"
MANIFEST=$SCR/manifest.tsv
VERIFY=$OUT/compare-verify.txt
: >"$VERIFY"
FK_RUN=(--reps 1 --warmup 0 --quiet)
BAD=0

# A line of the verification record, also shown on stderr.
note() { echo "$*" >&2; echo "$*" >>"$VERIFY"; }

# time_cmd GROUP LABEL RUNS WARMUP CHECK [hyperfine options...] -- COMMAND: one hyperfine run
# of one command (so slow and quick commands get their own run counts), listed in the
# manifest. Every run must exit 0 (unless -i is among the options); CHECK, a function given
# the last run's output, prints "1 note" or "0 reason" ("-": the exit status is the check);
# a note "outcome: ..." is what happened (the worker-death rows), a column of compare.csv.
time_cmd() {
    local group=$1 label=$2 runs=$3 warmup=$4 check=$5
    shift 5
    local opts=()
    while [ "$1" != -- ]; do opts+=("$1"); shift; done
    shift
    local base=$OUT/hyperfine-$group-$label cmd verdict=1 outcome=""
    cmd=$(printf '%q ' "$@") # hyperfine -N splits the command line as a shell would
    cmd=${cmd% }
    echo "== $group: $label" >&2
    if ! hyperfine -N --style basic --runs "$runs" --warmup "$warmup" "${opts[@]}" -n "$label" \
        --output "$base.out" --export-json "$base.json" --export-csv "$base.csv" "$cmd" >&2; then
        verdict=0 outcome="exited non-zero"
        [ -s "$base.json" ] || { note "$group $label: hyperfine failed"; BAD=1; return; }
    fi
    local said=""
    [ "$check" = - ] || read -r verdict said < <("$check" "$base.out")
    case $said in outcome:*) outcome=${said#outcome: } said=$outcome ;; esac
    if [ "$verdict" = 1 ]; then
        echo "$group $label: verified${said:+ ($said)}" >>"$VERIFY"
    else
        note "$group $label: did not verify: ${said:-$outcome}"
        BAD=1
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$group" "$label" "$base.json" "$verdict" "$outcome" \
        "${cmd//$SCR/\$SCRATCH}" >>"$MANIFEST"
}

# The reference: forkomp's sums for the current class, one "Sum of primes below N is S" a line.
REF=""
sums_of() { grep '^Sum of primes below [0-9]* is ' "$1" | sort || true; }
# Every sum forkomp printed, no more, no less.
check_sums() {
    if diff <(sums_of "$1") "$REF" >/dev/null; then
        echo 1
    else
        echo "0 the sums differ from forkomp's"
    fi
}
# Only correct sums among those printed, and what happened: for the worker-death demo.
check_partial() {
    local got wrong total said ok=1 lost="" bad=""
    got=$(sums_of "$1" | wc -l) total=$(wc -l <"$REF")
    wrong=$(sums_of "$1" | comm -23 - "$REF" | wc -l)
    said=$(grep -o 'hung; stopped after [0-9.]* s\|BrokenProcessPool\|timed out after [0-9.]* s' \
        "$1" | head -1) || said="completed"
    if grep -q FAILED "$1"; then # forkomp: "Sum of primes below N: FAILED (task 3 crashed (...))"
        said="reported: $(sed -n 's/^Sum of primes below [0-9]*: FAILED (\(.*\))$/\1/p' "$1" |
            head -1)"
    fi
    [ "$got" -ge "$total" ] || lost="; $((total - got)) lost"
    [ "$wrong" = 0 ] || { ok=0 bad="; $wrong WRONG"; }
    echo "$ok outcome: $said; $got of $total results delivered$lost$bad"
}

# make_ref C: forkomp's sums for class C ($SCR/ref-C.txt, sorted) and its inputs, one a line.
make_ref() {
    local c=$1 out=$SCR/fk-$1.txt
    [ -s "$SCR/ref-$c.txt" ] && return
    "$FORKOMP" primes --class "$c" --models fork --workers "$W" --reps 1 --warmup 0 \
        >"$out" 2>/dev/null || die "forkomp primes --class $c failed"
    sums_of "$out" >"$SCR/ref-$c.txt"
    sed -n 's/^Sum of primes below \([0-9]*\) is .*/\1/p' "$out" >"$SCR/inputs-$c.txt"
}

# The Python ways for class C, then forkomp serial, fork and omp, and a process per task.
primes_class() {
    local c=$1
    make_ref "$c"
    REF=$SCR/ref-$c.txt
    local inputs ways=$ALL_WAYS pyr=$RUNS pyw=1 fkr=$RUNS fkw=1
    readarray -t inputs <"$SCR/inputs-$c.txt"
    [ "$c" = lab ] || { ways=$BIG_WAYS pyr=$PY_RUNS pyw=0 fkr=$((RUNS < 3 ? RUNS : 3)); }
    local way py
    for way in $ways; do
        # shellcheck disable=SC2046
        time_cmd "primes-$c" "python-$way" "$pyr" "$pyw" check_sums -- \
            "$PY" "$LAB_PRIMES" --workers "$W" $(way_args "$way") "${inputs[@]}"
    done
    for py in $FT; do
        for way in serial threadpool executor-thread pool-fork; do
            [ "$c" = lab ] || [ "$way" = serial ] || [ "$way" = threadpool ] || continue
            # shellcheck disable=SC2046
            time_cmd "primes-$c" "$(basename "$py")-$way" "$pyr" "$pyw" check_sums -- \
                "$py" "$LAB_PRIMES" --workers "$W" $(way_args "$way") "${inputs[@]}"
        done
    done
    local model
    for model in serial fork omp; do
        time_cmd "primes-$c" "forkomp-$model" "$fkr" "$fkw" - -- \
            "$FORKOMP" primes --class "$c" --models "$model" --workers "$W" "${FK_RUN[@]}"
    done
    time_cmd "primes-$c" xargs-serial "$fkr" "$fkw" check_sums -- \
        xargs -a "$SCR/inputs-$c.txt" -P "$W" -n 1 "$FORKOMP" primes --models serial \
        --reps 1 --warmup 0 --inputs
}

# A task SIGKILLs its worker (forkomp: crashes it) in each pool: what the map delivers.
worker_death() {
    local c=lab k=3 g=worker-death
    make_ref $c
    REF=$SCR/ref-$c.txt
    time_cmd $g python-pool-fork 1 0 check_partial -i -- "$PY" "$LAB_PRIMES" --workers "$W" \
        --start fork --kill-task $k --timeout "$HANG"
    time_cmd $g python-executor-process 1 0 check_partial -i -- "$PY" "$LAB_PRIMES" \
        --workers "$W" --executor process --kill-task $k
    time_cmd $g forkomp-fork 1 0 check_partial -i -- "$FORKOMP" primes --class $c --models fork \
        --workers "$W" --reps 1 --warmup 0 --fault crash:$k
}

# What a pool's whole life costs (create W workers, map a trivial function, close, join) per
# start method, beside forkomp's pre-forked pool (forkomp spawn --variant pool-start).
pool_start() {
    local g=pool-start m
    for m in fork forkserver spawn; do
        "$PY" harness/compare/pool_start.py --start $m --workers "$W" \
            --cold $((POOL_REPS < 5 ? POOL_REPS : 5)) --reps "$POOL_REPS" --json "$OUT/pool-start-$m.json" --json-again "$OUT/pool-start-$m-again.json" ||
            die "pool_start.py --start $m failed"
        printf '%s\t%s\t%s\t1\t\t%s\n' $g "python-$m" "$OUT/pool-start-$m.json" \
            "$PY harness/compare/pool_start.py --start $m --workers $W (first pool of an interpreter)" \
            >>"$MANIFEST"
        printf '%s\t%s\t%s\t1\t\t%s\n' $g "python-$m-again" "$OUT/pool-start-$m-again.json" \
            "$PY harness/compare/pool_start.py --start $m --workers $W (later pools)" >>"$MANIFEST"
    done
    local csv=$OUT/pool-start-forkomp.csv
    rm -f "$csv"
    "$FORKOMP" spawn --variant pool-start --workers "$W" --csv "$csv" --quiet ||
        die "forkomp spawn --variant pool-start failed"
    "$PY" harness/compare/compare.py spawn-json "$csv" "$OUT/pool-start-forkomp.json"
    printf '%s\t%s\t%s\t1\t\t%s\n' $g forkomp-pool-start "$OUT/pool-start-forkomp.json" \
        "$FORKOMP spawn --variant pool-start --workers $W (per_op_s)" >>"$MANIFEST"
}

# shellcheck source=harness/compare/compare_shapes.sh
. harness/compare/compare_shapes.sh

write_context() {
    {
        echo "date        $(date -u +%Y-%m-%dT%H:%M:%SZ)"
        echo "host        $(hostname), $(nproc) CPUs, $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
        echo "load        $(cut -d' ' -f1-3 /proc/loadavg) at the start"
        echo "forkomp     $("$FORKOMP" --version)"
        echo "python      $("$PY" --version 2>&1), GDAL $("$PY" -c 'from osgeo import gdal; print(gdal.__version__)' 2>/dev/null || echo missing), default start method $("$PY" -c 'import multiprocessing as m; print(m.get_start_method())')"
        echo "free-thr.   ${FT:-none on PATH (python3.13t or newer)}"
        echo "hyperfine   $(hyperfine --version)"
        echo "workers     W = $W in every command; runs: $RUNS (quick), $PY_RUNS (slow)"
    } >"$OUT/compare-context.txt"
}

# What starting each costs before any work: the interpreter with the lab's import, and
# forkomp (its shared libraries: GDAL, Open MPI).
startup() {
    time_cmd start-up python-start "$RUNS" 1 - -- "$PY" -c "import multiprocessing"
    time_cmd start-up forkomp-start "$RUNS" 1 - -- "$FORKOMP" --version
}

write_context
startup
for c in $CLASSES; do primes_class "$c"; done
[ -z "$SHAPES" ] || shapes_class "$SHAPES"
pool_start
worker_death
echo "took        $SECONDS s; load $(cut -d' ' -f1-3 /proc/loadavg) at the end" >>"$OUT/compare-context.txt"
"$PY" harness/compare/compare.py table "$MANIFEST" "$OUT" "$W"
# A bench in the same folder: its report.md gains the section (compare-why.md).
if [ -s "$OUT/bench.csv" ]; then
    "$FORKOMP" report "$OUT/bench.csv" --out "$OUT" >/dev/null || note "forkomp report failed"
fi
# results/latest is the bench's (harness/bench/bench.sh); made here only when there is none yet.
[ -e results/latest ] || [ "$(dirname "$OUT")" != results ] || ln -s "$(basename "$OUT")" results/latest
echo "compare: wrote $OUT/compare.csv and $OUT/compare.md" >&2
[ "$BAD" = 0 ] || die "an output did not match forkomp's (see $VERIFY)"
