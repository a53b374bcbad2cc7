#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# limits.sh: what an adversarial pass did to the harness's limits (issue 18): a hybrid whose
# threads cannot start (`ulimit -u 8`) must end, verified or failed with the reason, instead
# of replacing its workers forever; MPI runs, finished, timed out or interrupted, leave no Open MPI session folder in
# $TMPDIR (each run of an MPI model gets a TMPDIR of its own, removed after it); a --csv FIFO with no reader
# is refused after a few seconds instead of blocking before any run.
set -u
. "$(dirname "$0")/../lib/fk_test.sh"

# 9. Threads that cannot start: a fresh uid of our own (no other process counts against its
# limit) with `ulimit -u 8`; 2 processes x 4 threads need more. The run must end.
as_uid() { setpriv --reuid=54321 --regid=54321 --clear-groups "$@"; }
if is_root && command -v setpriv >/dev/null && as_uid test -x "$F"; then
    chmod 755 "$work"
    rc=0
    as_uid timeout 60 bash -c \
        "ulimit -u 8; cd '$work' && exec '$F' primes --class S --models hybrid --workers 8 \
         --reps 1 --warmup 0" >"$work/nproc.out" 2>&1 || rc=$?
    [ "$rc" != 124 ] || fail "hybrid under ulimit -u 8: still replacing workers after 60 s"
    # The pool runs a crashed process's tasks again alone (issue 23), so the run may end
    # verified (exit 0, every task ok) or failed with the reason (exit 1); never a hang.
    if [ "$rc" = 0 ]; then
        check_grep "hybrid under ulimit -u 8" "rep 1/1 .* ok" "$work/nproc.out"
    else
        check_rc "hybrid under ulimit -u 8" 1 "$rc"
        check_grep "hybrid under ulimit -u 8" "died 3 times in a row without finishing a task" "$work/nproc.out"
    fi
    lines=$(grep -c "Thread creation failed" "$work/nproc.out")
    [ "$lines" -lt 50 ] || fail "hybrid under ulimit -u 8: $lines libgomp messages (respawned too often)"
else
    echo "limits.sh: skipped the ulimit -u case (needs root, setpriv, and $F executable by others)"
fi

# 10. Open MPI's session folders: none left in TMPDIR after a run, a timeout or an interrupt.
if "$F" primes --help | grep -q '^  mpi '; then
    mkdir -p "$work/t-ok" "$work/t-timeout" "$work/t-int"
    TMPDIR="$work/t-ok" "$F" primes --class S --models mpi --workers 2 --reps 1 --warmup 0 \
        >"$work/mpi-ok.out" 2>&1 || fail "mpi run failed: $(tail -n 3 "$work/mpi-ok.out")"
    TMPDIR="$work/t-timeout" "$F" primes --class S --models mpi --workers 2 --reps 1 \
        --warmup 0 --fault hang:1 --timeout 2 >/dev/null 2>&1
    TMPDIR="$work/t-int" "$F" primes --class S --models mpi --workers 2 --reps 3 --warmup 0 \
        --fault hang:1 --csv "$work/t-int.csv" >/dev/null 2>&1 &
    pid=$!
    sleep 3
    kill -INT "$pid"
    wait "$pid"
    for t in t-ok t-timeout t-int; do
        left=$(ls -A "$work/$t")
        [ -z "$left" ] || fail "mpi $t: left in TMPDIR: $left"
    done
else
    echo "limits.sh: skipped the MPI cases (built without MPI)"
fi

# 11. A FIFO with no reader: refused after a short wait (the guard is a hang guard, not a
# timing).
mkfifo "$work/fifo"
rc=0
timeout 30 "$F" primes --class S --models serial --reps 1 --csv "$work/fifo" >"$work/fifo.out" 2>&1 ||
    rc=$?
[ "$rc" != 124 ] || fail "--csv FIFO without a reader: still blocked after 30 s"
check_rc "--csv FIFO without a reader" 1 "$rc"
check_grep "--csv FIFO without a reader" "a FIFO with no reader" "$work/fifo.out"
# ... and with a reader it is a stream like any pipe: the header and the rows arrive.
timeout 60 cat "$work/fifo" >"$work/fifo.csv" & # a guard: cat waits for a writer
reader=$!
"$F" primes --class S --models serial --reps 2 --warmup 0 --csv "$work/fifo" >/dev/null 2>&1 ||
    fail "--csv FIFO with a reader failed"
wait "$reader"
csv_whole "--csv FIFO with a reader" "$work/fifo.csv" 2

finish
