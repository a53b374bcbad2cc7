#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# interrupt.sh: SIGINT or SIGTERM (or SIGHUP, SIGQUIT) at any moment, during runs, while a class is generated
# (forkomp gen, and the kernel's cache) and while scratch copies are made: forkomp exits 130
# or 143 within a couple of seconds, every process of the run is gone (no orphan, no zombie),
# scratch folders under $TMPDIR are removed, no half-generated class is left, and the CSV
# holds only whole rows. Signals land at several delays so that they hit different phases.
# Under nohup SIGHUP stays ignored (the run goes on), and the SIGHUP cases hold under nohup too.
set -u
# shellcheck source=tests/lib/fk_test.sh
. "$(dirname "$0")/../lib/fk_test.sh"

# interrupt NAME SIG DELAY CMD...: runs CMD (whose arguments name a file under $work/NAME),
# sends SIG after DELAY seconds, checks the exit status, the time to exit and what remains.
interrupt() {
    local name=$1 sig=$2 delay=$3 want
    shift 3
    want=$((128 + $(kill -l "$sig")))
    "$@" >"$work/$name.out" 2>&1 &
    local pid=$!
    sleep "$delay"
    if ! kill -0 "$pid" 2>/dev/null; then
        wait "$pid"
        fail "$name: finished (exit $?) before SIG$sig; make the run longer"
        return
    fi
    no_zombies "$name" "$pid"
    kill -s "$sig" "$pid"
    local start rc
    start=$(now)
    for _ in $(seq 100); do # a hang guard, not a timing: 10 s
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
        fail "$name: still running 10 s after SIG$sig"
        kill -KILL "$pid"
    fi
    wait "$pid"
    rc=$?
    echo "interrupt.sh: $name: SIG$sig after ${delay}s, exit $rc after $(elapsed "$start") s"
    check_rc "$name" "$want" "$rc"
    check_grep "$name" "interrupted by SIG$sig" "$work/$name.out"
    no_leftovers "$name" "$work/$name"
}

# Runs in flight: a hung task keeps them busy; every model, both signals.
for sig in INT TERM; do
    for models in fork omp hybrid serial; do
        name=primes-$models-$sig
        interrupt "$name" "$sig" 0.5 "$F" primes --class S --models "$models" --workers 2 \
            --reps 3 --warmup 0 --fault hang:1 --csv "$work/$name.csv"
        [ ! -e "$work/$name.csv" ] || csv_whole "$name" "$work/$name.csv"
    done
done

# MPI, when built in: mpirun and its ranks go too (mpirun gets SIGTERM and stops its ranks).
if "$F" primes --help | grep -q '^  mpi '; then
    interrupt primes-mpi INT 3 "$F" primes --class S --models mpi --workers 2 --reps 3 \
        --warmup 0 --fault hang:1 --csv "$work/primes-mpi.csv"
fi

# Generating a class for the kernel's cache: nothing half-made is left in the cache.
home=$work/home-gen
mkdir -p "$home"
interrupt cache-gen INT 0.7 env FORKOMP_HOME="$home" "$F" shapefiles --class W --models serial \
    --reps 1 --csv "$work/cache-gen.csv"
left=$(ls -A "$home/datasets/cache" 2>/dev/null)
[ -z "$left" ] || fail "cache-gen: left in the cache: $left"

# forkomp gen: into a new folder (nothing remains) and into a folder with a file of its own
# (only that file remains).
interrupt gen-new TERM 0.7 "$F" gen --class W --out "$work/gen-new/out"
[ -z "$(ls -A "$work/gen-new" 2>/dev/null)" ] || fail "gen-new: left: $(ls -A "$work/gen-new")"
mkdir -p "$work/gen-mine"
echo keep >"$work/gen-mine/README"
interrupt gen-mine INT 0.5 "$F" gen --class W --out "$work/gen-mine"
[ "$(ls -A "$work/gen-mine")" = README ] || fail "gen-mine: $(ls -A "$work/gen-mine" | head)"
left=$(ls -d "$work"/gen-*.tmp-* "$work"/gen-*/*.tmp-* 2>/dev/null)
[ -z "$left" ] || fail "gen: temporary folders left: $left"

# Scratch copies, runs and verification of the shapefile kernel: signals at several moments
# of a long series of repetitions, each with a private TMPDIR that must end up empty.
home=$work/home
mkdir -p "$home"
FORKOMP_HOME=$home "$F" gen --class W --out "$home/datasets/cache/W-seed1" >/dev/null ||
    fail "cannot generate class W"
n=0
for delay in 0.2 0.45 0.7 0.95 1.3; do
    for sig in INT TERM; do
        n=$((n + 1))
        name=shp-$n
        mkdir -p "$work/$name-tmp"
        interrupt "$name" "$sig" "$delay" env TMPDIR="$work/$name-tmp" FORKOMP_HOME="$home" \
            "$F" shapefiles --class W --models serial,fork,omp --workers 2 --reps 50 \
            --warmup 0 --csv "$work/$name.csv"
        left=$(ls -A "$work/$name-tmp")
        [ -z "$left" ] || fail "$name: scratch left in TMPDIR: $left"
        [ ! -e "$work/$name.csv" ] || csv_whole "$name" "$work/$name.csv"
    done
done

# SIGHUP and SIGQUIT are treated as SIGTERM (issue 18: they killed forkomp by default and
# left the scratch copy, gen's OUT.tmp-PID and in-place temporary files behind).
# default_hup CMD...: CMD with SIGHUP at its default. A process started under nohup inherits
# SIGHUP ignored, and forkomp rightly keeps it so (see the nohup case below); a shell cannot
# undo that itself, so these cases would fail whenever the tests run under nohup.
default_hup() {
    exec "$PY" -c 'import os, signal, sys
signal.signal(signal.SIGHUP, signal.SIG_DFL)
os.execvp(sys.argv[1], sys.argv[1:])' "$@"
}
for sig in HUP QUIT; do
    name=hq-$sig
    mkdir -p "$work/$name-tmp"
    interrupt "$name" "$sig" 0.7 default_hup env TMPDIR="$work/$name-tmp" FORKOMP_HOME="$home" \
        "$F" shapefiles --class W --models serial,fork --workers 2 --reps 50 --warmup 0 \
        --csv "$work/$name.csv"
    left=$(ls -A "$work/$name-tmp")
    [ -z "$left" ] || fail "$name: scratch left in TMPDIR: $left"
    interrupt "gen-$sig" "$sig" 0.5 default_hup "$F" gen --class W --out "$work/gen-$sig/out"
    [ -z "$(ls -A "$work/gen-$sig" 2>/dev/null)" ] || fail "gen-$sig: left: $(ls -A "$work/gen-$sig")"
    # In place: the signal lands at several moments; whether it hits a rewrite or not, no
    # temporary file may remain (a run that finished first is fine too).
    for delay in 0.1 0.25 0.4 0.6; do
        d="$work/ip-$sig-$delay"
        cp -a "$home/datasets/cache/W-seed1" "$d"
        default_hup "$F" shapefiles --dir "$d" --in-place --models fork --workers 2 >"$d.out" 2>&1 &
        pid=$!
        sleep "$delay"
        kill -s "$sig" "$pid" 2>/dev/null
        wait "$pid"
        rc=$?
        [ "$rc" = 0 ] || [ "$rc" = $((128 + $(kill -l "$sig"))) ] || fail "ip-$sig-$delay: exit $rc"
        [ "$rc" = 0 ] || check_grep "ip-$sig-$delay" "interrupted by SIG$sig" "$d.out"
        left=$(ls -A "$d" | grep -F .fk-tmp-)
        [ -z "$left" ] || fail "ip-$sig-$delay: temporary files left: $left"
    done
done

# Under nohup SIGHUP stays ignored, as nohup asked: the class is written to its end.
nohup "$F" gen --class W --out "$work/nohup/out" >"$work/nohup.out" 2>&1 &
pid=$!
sleep 0.5
kill -0 "$pid" 2>/dev/null || fail "nohup gen: finished before SIGHUP; make the run longer"
kill -s HUP "$pid" 2>/dev/null
wait "$pid"
check_rc "nohup gen, SIGHUP" 0 $?
[ -s "$work/nohup/out/f000_point.shp" ] || fail "nohup gen: SIGHUP stopped it: $(cat "$work/nohup.out")"
finish
