#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# python.sh: `forkomp python FILE.py:FUNC` runs a user's function in every model (serial,
# Pool with fork, forkserver and spawn, ThreadPool, ProcessPoolExecutor, ThreadPoolExecutor):
# an input that raises fails every run with its exception and input while the other inputs
# are still compared; a function whose threads share a global returns wrong results in the
# thread models only, and the check against serial names them; a hang stops at --timeout
# with nothing left behind; bad command lines exit 2 with one line and run nothing; the rows
# are whole and `forkomp report` reads them; the lab's functions (datasets/lab) verify.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

all=serial,pool-fork,pool-forkserver,pool-spawn,threadpool,ppe,tpe
quick=(--workers 2 --reps 1 --warmup 0 --python "$PY")
cat >"$work/job.py" <<'PYEOF'
import time
_current = None

def square(x):
    if x == 3:
        raise ValueError("three is bad")
    return x * x

def shared(x):
    # a global every thread of one process shares: threads overwrite each other's
    global _current
    _current = x
    time.sleep(0.1)  # long enough for another thread to start its call, even under load
    return _current * 2

def tricky(x):
    # messages that look like the runner's own lines must stay messages
    if x == 2:
        raise ValueError("fatal error, the end")
    return "end"

def hang(x):
    if x == 2:
        time.sleep(3600)
    return x
PYEOF
printf 'import no_such_module_here\n' >"$work/broken.py"

# 1. one input raises: every model runs, every run fails naming it, exit 1
"$F" python "$work/job.py:square" --inputs 1,2,3,4,5,6 --models $all "${quick[@]}" \
    --csv "$work/raise.csv" >"$work/raise.out" 2>"$work/raise.err"
check_rc "an input that raises" 1 $?
for m in ${all//,/ }; do
    check_grep "raise: $m names the input" "python: $m w=[12]: input '3' raised ValueError: three is bad" "$work/raise.err"
done
csv_whole "raise rows" "$work/raise.csv" 7
[ "$(csv_status "$work/raise.csv" | grep -c "failed:ValueError: three is bad (input '3')")" = 7 ] ||
    { fail "raise: not every row failed with the exception and its input:"; csv_status "$work/raise.csv"; }

# an exception's message that reads like the runner's protocol ("fatal", "end")
"$F" python "$work/job.py:tricky" --inputs 1,2,3 --models serial,pool-spawn,tpe "${quick[@]}" \
    --csv "$work/tricky.csv" >/dev/null 2>"$work/tricky.err"
check_rc "a message like the protocol" 1 $?
[ "$(csv_status "$work/tricky.csv" | grep -c "failed:ValueError: fatal error, the end (input '2')$")" = 3 ] ||
    { fail "tricky: not every row names the exception:"; csv_status "$work/tricky.csv"; }

# 2. without the bad input every model verifies
"$F" python "$work/job.py:square" --inputs 1,2,4,5,6,7,8,9 --models $all "${quick[@]}" \
    --csv "$work/ok.csv" --name squares >"$work/ok.out" 2>"$work/ok.err"
check_rc "every model, no exception" 0 $?
csv_whole "ok rows" "$work/ok.csv" 7
"$PY" - "$work/ok.csv" <<'PYEOF' || fail "ok rows: wrong columns"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
assert {r["model"] for r in rows} == set("serial pool-fork pool-forkserver pool-spawn threadpool ppe tpe".split())
assert all(r["kernel"] == "python" and r["class"] == "squares" and r["verified"] == "1" for r in rows)
assert len({r["result"] for r in rows}) == 1, "the models' checksums differ"
assert all(r["variant"].startswith("square-cpython-") for r in rows)
PYEOF
"$F" report "$work/ok.csv" --out "$work/report" >"$work/report.out" 2>&1
check_rc "report of python rows" 0 $?
[ -s "$work/report/report.md" ] || fail "report of python rows: no report.md"
# each process model against the same API's threads (Pool with ThreadPool, the executors'
# pair), and the answer's line for the job gives that verdict, not "not measured"
"$PY" - "$work/report/comparisons.csv" <<'PYEOF' || fail "report of python rows: its comparisons"
import csv, sys
pairs = {(r["a_model"].split("-dyn")[0], r["b_model"].split("-dyn")[0])
         for r in csv.DictReader(open(sys.argv[1])) if r["kind"] == "models"}
want = {("pool-fork", "threadpool"), ("pool-forkserver", "threadpool"),
        ("pool-spawn", "threadpool"), ("ppe", "tpe")}
assert pairs == want, pairs
PYEOF
check_grep "the answer's python line" '^python \(square-cpython-[^)]*\), class squares, [0-9]+ workers, processes or threads: [a-z]' \
    "$work/report/answer.txt"
grep -q '^python .*processes or threads: not measured' "$work/report/answer.txt" &&
    fail "the answer's python line: not measured"

# 3. a shared global: the thread models return wrong results, the process models do not
"$F" python "$work/job.py:shared" --inputs 1,2,3,4,5,6 --chunk 1 --models serial,pool-fork,ppe,threadpool,tpe \
    "${quick[@]}" --csv "$work/shared.csv" >"$work/shared.out" 2>"$work/shared.err"
check_rc "a shared global" 1 $?
csv_status "$work/shared.csv" >"$work/shared.st"
for m in serial pool-fork ppe; do check_grep "shared: $m is right" "^$m ok$" "$work/shared.st"; done
for m in threadpool tpe; do
    check_grep "shared: $m caught" "^$m failed:wrong result: input '.*': not the serial result" "$work/shared.st"
done

# 4. a hang stops at --timeout, and nothing is left behind
"$F" python "$work/job.py:hang" --inputs 1,2,3 --models pool-fork,threadpool --workers 2 --reps 1 \
    --warmup 0 --python "$PY" --timeout 60 --csv "$work/none.csv" >/dev/null 2>"$work/hangref.err" &
pid=$!
sleep 1
kill -TERM $pid 2>/dev/null
wait $pid
check_rc "interrupted during the serial reference (SIGTERM)" 143 $?
no_leftovers "interrupted reference" "$work/job.py"
"$F" python "$work/job.py:hang" --inputs 1,3 --models pool-fork,threadpool "${quick[@]}" --timeout 5 \
    --csv "$work/hang.csv" >/dev/null 2>"$work/hang.err" &
wait $!
check_rc "no hang without input 2" 0 $?
cat >"$work/hang2.py" <<'PYEOF'
import threading, time
def hang_in_threads(x):
    if threading.current_thread() is not threading.main_thread():
        time.sleep(3600)
    return x
PYEOF
"$F" python "$work/hang2.py:hang_in_threads" --inputs 1,2 --models pool-fork,threadpool "${quick[@]}" \
    --timeout 5 --csv "$work/hang2.csv" >/dev/null 2>"$work/hang2.err"
check_rc "a hang at --timeout" 1 $?
csv_status "$work/hang2.csv" >"$work/hang2.st"
check_grep "a hang is a timeout" "^threadpool timeout$" "$work/hang2.st"
check_grep "the others go on" "^pool-fork ok$" "$work/hang2.st"
no_leftovers "after a timeout" "$work/hang2.py"
"$F" python "$work/job.py:hang" --inputs 1,2 "${quick[@]}" --timeout 3 >/dev/null 2>"$work/hang3.err"
check_rc "a serial hang at --timeout" 1 $?
check_grep "a serial hang is named" "the serial reference run: timeout" "$work/hang3.err"
no_leftovers "after a serial timeout" "$work/job.py"

# a worker that dies: ProcessPoolExecutor breaks, multiprocessing.Pool waits until --timeout
cat >"$work/die.py" <<'PYEOF'
import multiprocessing, os
def die_in_worker(x):
    if x == 2 and multiprocessing.current_process().name != "MainProcess":
        os._exit(3)
    return x
PYEOF
"$F" python "$work/die.py:die_in_worker" --inputs 1,2,3 --models ppe,pool-fork "${quick[@]}" --timeout 5 \
    --csv "$work/die.csv" >/dev/null 2>&1
check_rc "a worker that dies" 1 $?
csv_status "$work/die.csv" >"$work/die.st"
check_grep "ppe breaks" "^ppe failed:the interpreter ended \(status 1\): .*BrokenProcessPool" "$work/die.st"
check_grep "Pool waits until --timeout" "^pool-fork timeout$" "$work/die.st"
no_leftovers "after a worker died" "$work/die.py"

# 4b. a free-threaded build's threads measured too: a stand-in interpreter that reports its
# GIL off (this machine has no free-threaded CPython: this checks the wiring, not free threading)
mkdir -p "$work/ft"
cat >"$work/ft/shim.py" <<'PYEOF'
import runpy, sys
sys._is_gil_enabled = lambda: False
sys.argv = [a for a in sys.argv[1:] if a != "-u"]
runpy.run_path(sys.argv[0], run_name="__main__")
PYEOF
printf '#!/bin/sh\nexec %s "$(dirname "$0")/shim.py" "$@"\n' "$PY" >"$work/ft/python3.13t"
chmod +x "$work/ft/python3.13t"
"$F" python "$work/job.py:square" --inputs 1,2,4 --models serial,pool-fork,tpe "${quick[@]}" \
    --free-threaded "$work/ft/python3.13t" --csv "$work/ft.csv" >/dev/null 2>"$work/ft.err"
check_rc "a free-threaded build" 0 $?
check_grep "the free-threaded build is named" "the threads also under .*GIL off" "$work/ft.err"
"$PY" - "$work/ft.csv" <<'PYEOF' || fail "free-threaded rows"
import csv, sys
got = sorted((r["model"], r["variant"].endswith("-nogil"), r["status"]) for r in csv.DictReader(open(sys.argv[1])))
assert got == [("pool-fork", False, "ok"), ("serial", False, "ok"), ("tpe", False, "ok"), ("tpe", True, "ok")], got
PYEOF
PATH="$work/ft:$PATH" "$F" python "$work/job.py:square" --inputs 1,2,4 --models serial,tpe "${quick[@]}" \
    --free-threaded none --csv "$work/noft.csv" >/dev/null 2>&1
check_rc "--free-threaded none" 0 $?
csv_whole "--free-threaded none: no free-threaded rows" "$work/noft.csv" 2
PATH="$work/ft:$PATH" "$F" python "$work/job.py:square" --inputs 1,2,4 --models serial,tpe "${quick[@]}" \
    --csv "$work/autoft.csv" >/dev/null 2>&1
csv_whole "python3.13t found on PATH" "$work/autoft.csv" 3

# 5. bad command lines: one line, exit 2, nothing run (no CSV)
printf '# only a comment\n\n' >"$work/empty.txt"
printf '1\n\0002\n' >"$work/nul.txt"
bad() { # bad NAME PATTERN ARGS...
    local name=$1 pattern=$2
    shift 2
    "$F" python "$@" --csv "$work/bad.csv" >"$work/bad.out" 2>"$work/bad.err"
    check_rc "$name" 2 $?
    check_grep "$name: message" "$pattern" "$work/bad.err"
    [ ! -e "$work/bad.csv" ] || { fail "$name: something ran"; rm -f "$work/bad.csv"; }
}
bad "missing file" "nope.py: No such file" "$work/nope.py:f" --inputs 1
bad "missing function" "has no function nosuch" "$work/job.py:nosuch" --inputs 1 --python "$PY"
bad "import error" "cannot import .*broken.py: ModuleNotFoundError: No module named 'no_such_module_here'" \
    "$work/broken.py:f" --inputs 1 --python "$PY"
bad "no FUNC" "give FILE.py:FUNC" "$work/job.py" --inputs 1
bad "empty inputs file" "empty.txt: no inputs" "$work/job.py:square" --inputs-file "$work/empty.txt"
bad "NUL in inputs file" "line 2 is not text" "$work/job.py:square" --inputs-file "$work/nul.txt"
bad "missing inputs file" "nothere.txt: No such file" "$work/job.py:square" --inputs-file "$work/nothere.txt"
bad "no inputs" "no inputs: give --inputs" "$work/job.py:square"
bad "both inputs" "give one or the other" "$work/job.py:square" --inputs 1 --inputs-file "$work/empty.txt"
bad "unknown model" "unknown model 'fork'" "$work/job.py:square" --inputs 1 --models fork
bad "no interpreter" "--python /nonexistent/python: No such file" "$work/job.py:square" --inputs 1 --python /nonexistent/python
bad "bad --name" "label 'a b'" "$work/job.py:square" --inputs 1 --name "a b"

# 6. the examples: the lab's prime sum, and the lab's shapefile job with GDAL's bindings
printf '# the lab inputs\n100000\n100100\n100200\n100300\n' >"$work/lab.txt"
"$F" python "$root/datasets/lab/lab_primes.py:sum_primes" --inputs-file "$work/lab.txt" --name lab \
    --models serial,pool-fork,threadpool "${quick[@]}" --csv "$work/lab.csv" >/dev/null 2>"$work/lab.err"
check_rc "the lab's sum_primes" 0 $?
if "$PY" -c 'from osgeo import ogr' 2>/dev/null; then
    "$F" gen --class S --out "$work/shp" >/dev/null 2>&1 || fail "gen --class S"
    ls "$work"/shp/*.shp >"$work/shp.txt"
    "$F" python "$root/docs/examples/shapefile_fields.py:update_and_read" --inputs-file "$work/shp.txt" \
        --models serial,pool-spawn,tpe "${quick[@]}" --csv "$work/shp.csv" >/dev/null 2>"$work/shp.err"
    check_rc "shapefile_fields example" 0 $? || cat "$work/shp.err"
    check_grep "the lab's fields written" "^f001_polyline.dbf$" <(cd "$work/shp" && grep -l "Polyline" ./*.dbf | sed 's|^./||')
else
    echo "python.sh: no python3-gdal: the shapefile example is skipped"
fi
finish
