# SPDX-License-Identifier: MIT
# shellcheck shell=bash
# harness/bench/lab.sh: what `make lab` adds to harness/bench/bench.sh's plan (sourced by it in
# mode lab, so it uses bench.sh's forkomp_run, note, say, $out and $FORKOMP):
#   - the shapefile job's second lesson (unless CLASSES is given): class S, 8 files of 1,000
#     records (about 2 ms serial), teaches what starting workers costs; class L, 16 files of
#     100,000 records (about 0.1 s serial, far above a worker's start), where processes and
#     threads pay off. L runs serial, fork and omp at 2 workers only, as a plan item (so REPS
#     and BUDGET apply to it): each run first copies its 190 MB to a scratch folder;
#   - fork and omp at 4 workers on the lab class (the worksheet's oversubscription question);
#   - the MPI models on the lab class, 3 repetitions (each run starts mpirun, about 1 s);
#   - the lab's Python prime script with processes (its Pool) and threads (a ThreadPool),
#     3 runs each timed by hyperfine, their output verified against forkomp's sums, into compare.csv and
#     compare.md (harness/compare/compare.py writes both, as for `make compare`);
# and, after the report, the short answer (answer.txt) and where the report is.
# A missing tool skips its part with the exact command that installs it. The MPI models need
# mpirun and forkomp's MPI module (lib/forkomp/fk-mpi.so, built when mpicc exists).

lab_steps=3
LAB_BIG=L # the shapefile class where the workers pay off
if [[ -z $own_classes ]]; then
    plan+=("shapefiles $LAB_BIG raw $REPS 1 serial,fork,omp 2")
    lab_steps=4
fi
LAB_PY=${PYTHON:-/usr/bin/python3}
LAB_PRIMES=datasets/lab/lab_primes.py

# lab_missing WHAT PACKAGE: notes and says what to install for WHAT.
lab_missing() {
    note "- Skipped $1: \`$2\` is not installed. Run \`make deps\` (or \`sudo apt-get install -y $2\`) and \`make lab\` again."
    say "lab: skipped $1: install it with: make deps   (or: sudo apt-get install -y $2)"
}

lab_extras() {
    forkomp_run primes lab - fork,omp 4 "$REPS" --warmup "$WARMUP"
    if ! command -v mpirun >/dev/null; then
        step=$((step + 1))
        lab_missing "the MPI models" openmpi-bin
    elif [[ ! -r ${FORKOMP_MODULE_DIR:-$(dirname "$(dirname "$FORKOMP")")/lib/forkomp}/fk-mpi.so ]]; then
        step=$((step + 1))
        lab_missing "the MPI models (this forkomp was built without mpicc; then run make)" libopenmpi-dev
    else
        forkomp_run primes lab - mpi,mpi-omp 1,2 3 --warmup 0
    fi
    step=$((step + 1))
    say "== [$step/$nsteps] the lab's Python: $LAB_PRIMES with processes and with threads"
    lab_python
}

# The sums forkomp prints for the lab class, the reference of the Python runs.
lab_sums() { grep '^Sum of primes below' "$1" | sort; }

# The lab's script with a ThreadPool: its own --pool thread when it has one, else its
# sum_primes on multiprocessing.pool.ThreadPool (written beside the results, as run).
lab_threads_cmd() {
    if "$LAB_PY" "$LAB_PRIMES" --help 2>/dev/null | grep -q -- '--pool'; then
        lab_cmd=("$LAB_PY" "$LAB_PRIMES" --workers 2 --pool thread)
        return
    fi
    cat >"$out/lab_threadpool.py" <<EOF
"""The lab's prime sums (datasets/lab/lab_primes.py) on a ThreadPool of 2, written by make lab."""
import sys
sys.path.insert(0, "$root/datasets/lab")
from multiprocessing.pool import ThreadPool
import lab_primes
pool = ThreadPool(2)
sums = pool.map(lab_primes.sum_primes, lab_primes.LAB_INPUTS)
pool.close()
pool.join()
for n, s in zip(lab_primes.LAB_INPUTS, sums):
    print("Sum of primes below %d is %d" % (n, s))
EOF
    lab_cmd=("$LAB_PY" "$out/lab_threadpool.py")
}

# lab_time LABEL COMMAND...: 3 runs timed by hyperfine, their output checked against
# forkomp's sums, in the manifest.
lab_time() {
    local label=$1 ok=1 said=$out/python-$1.txt
    shift
    hyperfine -N --style basic --runs 3 --warmup 0 -n "$label" --output "$said" \
        --export-json "$out/hyperfine-$label.json" "$(printf '%q ' "$@")" >>"$out/bench.log" 2>&1 ||
        { note "- \`$label\` failed (see bench.log)."; failures=$((failures + 1)); return; }
    [[ -s $said ]] && diff -q <(lab_sums "$said" | uniq) <(lab_sums "$out/python-ref.txt") >/dev/null || ok=0
    if ((ok)); then
        rm -f "$said"
    else
        note "- \`$label\` did not print forkomp's sums (see python-$label.txt)."
        failures=$((failures + 1))
    fi
    # compare.py's manifest: group, label, export, verified, outcome (empty: completed), command
    printf 'primes-lab\t%s\t%s\t%s\t\t%s\n' "$label" "$out/hyperfine-$label.json" "$ok" "$*" >>"$out/lab-manifest.tsv"
}

lab_python() {
    if ! "$LAB_PY" -c 'import multiprocessing' 2>/dev/null; then
        lab_missing "the lab's Python ($LAB_PY)" python3
        return
    fi
    command -v hyperfine >/dev/null || { lab_missing "the lab's Python (timed by hyperfine)" hyperfine; return; }
    "$FORKOMP" primes --class lab --models serial --workers 1 --reps 1 --warmup 0 >"$out/python-ref.txt" 2>/dev/null
    : >"$out/lab-manifest.tsv"
    local lab_cmd
    lab_time python-pool "$LAB_PY" "$LAB_PRIMES" --workers 2
    lab_threads_cmd
    lab_time python-threadpool "${lab_cmd[@]}"
    if "$LAB_PY" harness/compare/compare.py table "$out/lab-manifest.tsv" "$out" 2 >>"$out/bench.log" 2>&1; then
        note "- The lab's Python ($("$LAB_PY" --version 2>&1)): \`$LAB_PRIMES --workers 2\` (its Pool, processes) and the same sums on a ThreadPool of 2, 3 runs each timed by hyperfine, in compare.csv and compare.md."
    else
        note "- compare.py could not write compare.csv (see bench.log)."
        failures=$((failures + 1))
    fi
    rm -f "$out/python-ref.txt" "$out/lab-manifest.tsv"
}

# The short answer (a line per question), and where to look next.
lab_answer() {
    [[ -s $out/answer.txt ]] || return 0
    printf '\nThe answer on this machine (%s):\n' "$(hostname -s)"
    sed 's/^/  /' "$out/answer.txt"
    printf '\nReport: %s (answers.md: the worksheet key)\n' "$out/$( [[ -s $out/report.html ]] && echo report.html || echo report.md)"
}
